//! Well-shaped rules and carts with extreme values — amounts at the 10^8 yuan
//! limit, quantities at 100 000, hundreds of lines — built from arbitrary bytes.
//! Whatever the engine accepts it must price without a panic, an overflow or a
//! hang, and every quote must obey the conservation laws.
//!
//! On a finding the target prints the rules and the cart as JSON: add them as a
//! case under `tests/cases/` (see fuzz/README.md).
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

const SHOPS: [&str; 4] = ["a", "b", "c", "d"];
const SKUS: [&str; 4] = ["k0", "k1", "k2", "k3"];

/// Amounts that sit on the edges, or anything up to the limit.
fn amount(u: &mut Unstructured) -> arbitrary::Result<String> {
    let fen: i64 = match u.int_in_range(0..=7)? {
        0 => 0,
        1 => 1,
        2 => 99,
        3 => 100,
        4 => 10_000_000_000,
        5 => 9_999_999_999,
        6 => u.int_in_range(0..=100_000)?,
        _ => u.int_in_range(0..=10_000_000_000)?,
    };
    Ok(format!("{}.{:02}", fen / 100, fen % 100))
}

fn fold(u: &mut Unstructured) -> arbitrary::Result<String> {
    let h: u16 = u.int_in_range(10..=999)?;
    Ok(format!("{}.{:02}", h / 100, h % 100))
}

fn quantity(u: &mut Unstructured) -> arbitrary::Result<u32> {
    Ok(match u.int_in_range(0..=3)? {
        0 => 1,
        1 => 100_000,
        _ => u.int_in_range(1..=100_000)?,
    })
}

fn promotion(u: &mut Unstructured, i: usize) -> arbitrary::Result<Value> {
    let shop = *u.choose(&SHOPS)?;
    let mut p = match u.int_in_range(0..=4)? {
        0 => match u.int_in_range(0..=2)? {
            0 => json!({ "type": "item_discount", "shop": shop, "fold": fold(u)? }),
            1 => json!({ "type": "item_discount", "shop": shop, "amount_off": amount(u)? }),
            _ => json!({ "type": "item_discount", "shop": shop, "fixed_price": amount(u)?, "max_units": quantity(u)? }),
        },
        1 => {
            if bool::arbitrary(u)? {
                json!({ "type": "threshold", "shop": shop, "every": { "amount": amount(u)?, "amount_off": amount(u)?, "max_off": amount(u)? } })
            } else {
                let n = u.int_in_range(1..=4)?;
                let mut tiers = Vec::new();
                for _ in 0..n {
                    let mut t = if bool::arbitrary(u)? {
                        json!({ "min_amount": amount(u)? })
                    } else {
                        json!({ "min_quantity": quantity(u)? })
                    };
                    match u.int_in_range(0..=3)? {
                        0 => t["amount_off"] = json!(amount(u)?),
                        1 => t["fold"] = json!(fold(u)?),
                        2 => t["gifts"] = json!([{ "sku": "g", "quantity": quantity(u)?, "value": amount(u)? }]),
                        _ => t["free_shipping"] = json!(true),
                    }
                    tiers.push(t);
                }
                json!({ "type": "threshold", "shop": shop, "tiers": tiers })
            }
        }
        2 | 3 => {
            let mut c = if u.int_in_range(0..=1)? == 0 {
                json!({ "type": "shop_coupon", "shop": shop })
            } else {
                json!({ "type": "platform_coupon" })
            };
            if bool::arbitrary(u)? {
                c["min_amount"] = json!(amount(u)?);
            }
            if bool::arbitrary(u)? {
                c["amount_off"] = json!(amount(u)?);
            } else {
                c["fold"] = json!(fold(u)?);
                c["max_off"] = json!(amount(u)?);
            }
            c
        }
        _ => json!({ "type": "rebate", "shop": shop, "max_ratio": *u.choose(&["1", "0.0001", "0.5"])?,
                     "earn_ratio": "1", "min_amount": amount(u)? }),
    };
    p["id"] = json!(format!("p{i}"));
    if bool::arbitrary(u)? {
        p["scope"] = json!({ "skus": [*u.choose(&SKUS)?] });
    }
    Ok(p)
}

fn build(u: &mut Unstructured) -> arbitrary::Result<(Value, Value)> {
    let base = if bool::arbitrary(u)? { "parallel" } else { "sequential" };
    let rounding = *u.choose(&["half_up", "down", "up"])?;
    let n = u.int_in_range(0..=24)?;
    let promos = (0..n).map(|i| promotion(u, i)).collect::<arbitrary::Result<Vec<_>>>()?;
    let coupons: Vec<Value> = promos
        .iter()
        .filter(|p| p["type"].as_str().is_some_and(|t| t.ends_with("coupon")))
        .map(|p| p["id"].clone())
        .collect();
    let lines = u.int_in_range(1..=400)?;
    let mut cart_lines = Vec::new();
    for k in 0..lines {
        cart_lines.push(json!({ "id": format!("L{k}"), "shop": *u.choose(&SHOPS)?, "sku": *u.choose(&SKUS)?,
            "unit_price": amount(u)?, "quantity": quantity(u)? }));
    }
    let rules = json!({ "settings": { "threshold_base": base, "rounding": rounding }, "promotions": promos });
    let cart = json!({ "now": "2026-11-11T10:00:00+08:00", "lines": cart_lines, "coupons": coupons,
        "shipping": { "a": amount(u)? },
        "customer": { "rebate_balances": { "a": amount(u)?, "b": "100000000" } },
        "coupon_selection": *u.choose(&["best", "as_given"])? });
    Ok((rules, cart))
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((rules_json, cart_json)) = build(&mut u) else { return };
    let Ok(rules) = serde_json::from_value::<youhui::Rules>(rules_json.clone()) else { return };
    let Ok(engine) = youhui::Engine::new(rules) else { return };
    let cart: youhui::Cart = serde_json::from_value(cart_json.clone()).expect("the cart is well-shaped");
    if let Ok(quote) = engine.price(&cart) {
        if let Err(law) = quote.audit() {
            panic!("{law}\nrules: {rules_json}\ncart: {cart_json}");
        }
    }
});
