//! The checks of the fuzz targets, one function each. The targets
//! (`fuzz_targets/*.rs`) call them, and the crate's tests replay the inputs
//! kept under `tests/regressions/` through them (`tests/regressions.rs`
//! includes this file), so a replay checks exactly what the target checks.

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{json, Value};

/// Rules JSON bytes → `Rules::from_json` → print → re-parse → `Engine::new`
/// and `check`: no panic; a rules file that parses prints to JSON that parses
/// back to the same rules; `Engine::new` agrees with `check`.
pub fn rules_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = youhui::check_json(text, None);
    let Ok(rules) = youhui::Rules::from_json(text) else {
        assert!(
            !report.errors.is_empty(),
            "check_json accepted what Rules::from_json refuses"
        );
        return;
    };
    let printed = serde_json::to_string(&rules).expect("rules print");
    let again = youhui::Rules::from_json(&printed).expect("printed rules parse again");
    assert_eq!(again, rules, "rules round-trip");
    let report = youhui::check(&rules, None);
    // The report is the JSON of `check --json`, and reads back the same.
    let json = serde_json::to_string(&report).expect("report prints");
    let back: youhui::Report = serde_json::from_str(&json).expect("report reads back");
    assert_eq!(back, report, "report round-trip");
    match youhui::Engine::new(rules) {
        Ok(_) => assert!(
            report.errors.is_empty(),
            "Engine::new accepted what check rejects"
        ),
        Err(e) => assert_eq!(
            Some(&youhui::CheckError::from(&e)),
            report.errors.first(),
            "Engine::new reports check's first error"
        ),
    }
}

/// Facts JSON bytes → `Facts::read_all` → print → re-parse, and a review of
/// the example draft rules against them: no panic; facts that read print to
/// JSON that reads back the same; the report reads back from its JSON, with
/// no error of the rules (the draft has none) and every warning's code and
/// promotions in order. Returns whether the facts read.
pub fn facts_json(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let Ok(facts) = youhui::Facts::read_all(text) else {
        return false;
    };
    let printed = serde_json::to_string(&facts).expect("facts print");
    let again = youhui::Facts::read_all(&printed).expect("printed facts read again");
    assert_eq!(again, facts, "facts round-trip");
    let report = youhui::check_json(DRAFT, Some(&facts));
    assert!(
        report.errors.is_empty(),
        "the draft has no error: {:?}",
        report.errors
    );
    let json = serde_json::to_string(&report).expect("report prints");
    let back: youhui::Report = serde_json::from_str(&json).expect("report reads back");
    assert_eq!(back, report, "report round-trip");
    for pair in report.warnings.windows(2) {
        assert!(
            (pair[0].code.as_str(), &pair[0].promotions)
                <= (pair[1].code.as_str(), &pair[1].promotions),
            "warnings sorted"
        );
    }
    true
}

/// The example draft rules of `youhui check` (examples/draft-rules.json).
const DRAFT: &str = include_str!("../../examples/draft-rules.json");

fn example_engine() -> &'static youhui::Engine {
    static ENGINE: OnceLock<youhui::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let rules = youhui::Rules::from_json(include_str!("../../examples/rules.json")).unwrap();
        youhui::Engine::new(rules).unwrap()
    })
}

/// Cart JSON bytes → `Cart::from_json` → print → re-parse → `price` against
/// the example rules: the cart round-trips; a quote obeys the conservation
/// laws (`Quote::audit`) and pricing twice gives the same bytes. Returns
/// whether the cart priced.
pub fn cart_json(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let Ok(cart) = youhui::Cart::from_json(text) else {
        return false;
    };
    let printed = serde_json::to_string(&cart).expect("cart prints");
    let again = youhui::Cart::from_json(&printed).expect("printed cart parses again");
    assert_eq!(again, cart, "cart round-trip");
    let engine = example_engine();
    let Ok(quote) = engine.price(&cart) else {
        return false;
    };
    if let Err(law) = quote.audit() {
        panic!("{law}");
    }
    let json = serde_json::to_string(&quote).unwrap();
    let twice = serde_json::to_string(&engine.price(&cart).unwrap()).unwrap();
    assert_eq!(json, twice, "pricing twice gives the same bytes");
    true
}

const SHOPS: [&str; 4] = ["a", "b", "c", "d"];
const SKUS: [&str; 4] = ["k0", "k1", "k2", "k3"];

/// An amount in fen that sits on an edge, or anything up to the limit.
fn fen(u: &mut Unstructured) -> arbitrary::Result<i64> {
    Ok(match u.int_in_range(0..=7)? {
        0 => 0,
        1 => 1,
        2 => 99,
        3 => 100,
        4 => 10_000_000_000,
        5 => 9_999_999_999,
        6 => u.int_in_range(0..=100_000)?,
        _ => u.int_in_range(0..=10_000_000_000)?,
    })
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

fn amount(u: &mut Unstructured) -> arbitrary::Result<String> {
    fen(u).map(yuan)
}

/// An amount above zero (an `amount_off`, a `max_off`).
fn positive(u: &mut Unstructured) -> arbitrary::Result<i64> {
    Ok(fen(u)?.max(1))
}

/// An amount from 1 fen to `below − 1` (an `amount_off` under its `min_amount`).
fn under(u: &mut Unstructured, below: i64) -> arbitrary::Result<i64> {
    u.int_in_range(1..=below.max(2) - 1)
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

/// One promotion, valid by construction (the engine must accept it).
fn promotion(u: &mut Unstructured, i: usize) -> arbitrary::Result<Value> {
    let shop = *u.choose(&SHOPS)?;
    let mut p = match u.int_in_range(0..=5)? {
        5 => {
            // 搭配套餐: 2 to 5 distinct SKUs of the shop, 1 to 100 of each.
            let n = u.int_in_range(2..=SKUS.len().min(5))?;
            let first = u.int_in_range(0..=SKUS.len() - 1)?;
            let items: Vec<Value> = (0..n)
                .map(|k| {
                    Ok(json!({ "sku": SKUS[(first + k) % SKUS.len()],
                               "quantity": u.int_in_range(1..=100u32)? }))
                })
                .collect::<arbitrary::Result<_>>()?;
            let mut b = json!({ "type": "bundle", "shop": shop, "items": items, "price": yuan(positive(u)?) });
            if bool::arbitrary(u)? {
                b["max_sets"] = json!(u.int_in_range(1..=100_000u32)?);
            }
            b
        }
        0 => match u.int_in_range(0..=3)? {
            0 => json!({ "type": "item_discount", "shop": shop, "fold": fold(u)? }),
            1 => json!({ "type": "item_discount", "shop": shop, "amount_off": yuan(positive(u)?) }),
            // 第N件X折 (contract v3), with or without max_units.
            2 => {
                let mut h = json!({ "type": "item_discount", "shop": shop,
                                    "nth": { "n": u.int_in_range(2..=100u32)?, "fold": fold(u)? } });
                if bool::arbitrary(u)? {
                    h["max_units"] = json!(quantity(u)?);
                }
                h
            }
            _ => {
                json!({ "type": "item_discount", "shop": shop, "fixed_price": amount(u)?, "max_units": quantity(u)? })
            }
        },
        1 => {
            if bool::arbitrary(u)? {
                let x = positive(u)?.max(2);
                json!({ "type": "threshold", "shop": shop,
                        "every": { "amount": yuan(x), "amount_off": yuan(under(u, x)?), "max_off": yuan(positive(u)?) } })
            } else {
                let by_units = bool::arbitrary(u)?;
                let n = u.int_in_range(1..=4)?;
                let mut tiers = Vec::new();
                let mut min = 0i64;
                for k in 0..n {
                    // Strictly increasing; a unit count starts at 1.
                    min += u.int_in_range(
                        i64::from(k > 0 || by_units)..=if by_units { 1_000 } else { 1_000_000_000 },
                    )?;
                    let mut t = if by_units {
                        json!({ "min_quantity": min })
                    } else {
                        json!({ "min_amount": yuan(min.min(10_000_000_000)) })
                    };
                    match u.int_in_range(0..=3)? {
                        0 if by_units => t["amount_off"] = json!(yuan(positive(u)?)),
                        0 if min > 1 => t["amount_off"] = json!(yuan(under(u, min)?)),
                        1 => t["fold"] = json!(fold(u)?),
                        2 => {
                            t["gifts"] = json!([{ "sku": "g", "quantity": quantity(u)?, "value": amount(u)? }])
                        }
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
            let min = if bool::arbitrary(u)? { fen(u)? } else { 0 };
            if min > 0 {
                c["min_amount"] = json!(yuan(min));
            }
            // An amount_off must be below a min_amount above zero: none is
            // below 0.01, so a 0.01 threshold takes a fold.
            if min != 1 && bool::arbitrary(u)? {
                let off = if min > 1 {
                    under(u, min)?
                } else {
                    positive(u)?
                };
                c["amount_off"] = json!(yuan(off));
            } else {
                c["fold"] = json!(fold(u)?);
                c["max_off"] = json!(yuan(positive(u)?));
            }
            c
        }
        _ => {
            json!({ "type": "rebate", "shop": shop, "max_ratio": *u.choose(&["1", "0.0001", "0.5"])?,
                     "earn_ratio": "1", "min_amount": amount(u)? })
        }
    };
    p["id"] = json!(format!("p{i}"));
    if p["type"] != "bundle" && bool::arbitrary(u)? {
        p["scope"] = json!({ "skus": [*u.choose(&SKUS)?] });
    }
    if u.ratio(1, 4)? {
        // Audience v2: returning buyers, order counts, segments left out.
        let mut a = json!({});
        match u.int_in_range(0..=3)? {
            0 => a["new_customer"] = json!(bool::arbitrary(u)?),
            1 => {
                let min = u.int_in_range(0..=100_000u32)?;
                a["min_orders"] = json!(min);
                a["max_orders"] = json!(u.int_in_range(min..=100_000)?);
            }
            2 => a["exclude_segments"] = json!(["D"]),
            _ => a["lifecycle"] = json!([*u.choose(&["active", "silent", "sleeping", "lost"])?]),
        }
        p["audience"] = a;
    }
    if u.ratio(1, 4)? {
        // Use limits (contract v3) at their edges; 每人限购 on item discounts only.
        let mut l = json!({});
        if bool::arbitrary(u)? {
            l["per_customer"] = json!(*u.choose(&[1u32, 2, 100_000])?);
        }
        if bool::arbitrary(u)? {
            l["total"] = json!(*u.choose(&[1u32, 3, 100_000_000])?);
        }
        if p["type"] == "item_discount" && bool::arbitrary(u)? {
            l["per_customer_units"] = json!(*u.choose(&[1u32, 7, 100_000])?);
        }
        if l.as_object().is_some_and(|o| o.is_empty()) {
            l["per_customer"] = json!(1);
        }
        p["limits"] = l;
    }
    Ok(p)
}

/// Use counts for some of `promos` (contract v3): `customer.uses`,
/// `customer.units` (item discounts only) and `uses`, at their edges.
fn counts(u: &mut Unstructured, promos: &[Value]) -> arbitrary::Result<(Value, Value, Value)> {
    let (mut mine, mut units, mut all) = (json!({}), json!({}), json!({}));
    for p in promos {
        if !u.ratio(1, 3)? {
            continue;
        }
        let id = p["id"].as_str().unwrap_or_default().to_string();
        let count = |u: &mut Unstructured| -> arbitrary::Result<u32> {
            Ok(*u.choose(&[0u32, 1, 2, 6, 99_999, 100_000, 100_000_000])?)
        };
        mine[&id] = json!(count(u)?);
        if p["type"] == "item_discount" {
            units[&id] = json!(count(u)?);
        }
        all[&id] = json!(count(u)?);
    }
    Ok((mine, units, all))
}

fn build(u: &mut Unstructured) -> arbitrary::Result<(Value, Value)> {
    let base = if bool::arbitrary(u)? {
        "parallel"
    } else {
        "sequential"
    };
    let rounding = *u.choose(&["half_up", "down", "up"])?;
    let n = u.int_in_range(0..=24)?;
    let promos = (0..n)
        .map(|i| promotion(u, i))
        .collect::<arbitrary::Result<Vec<_>>>()?;
    let coupons: Vec<Value> = promos
        .iter()
        .filter(|p| p["type"].as_str().is_some_and(|t| t.ends_with("coupon")))
        .map(|p| p["id"].clone())
        .collect();
    let lines = u.int_in_range(1..=400)?;
    let mut cart_lines = Vec::new();
    for k in 0..lines {
        cart_lines.push(
            json!({ "id": format!("L{k}"), "shop": *u.choose(&SHOPS)?, "sku": *u.choose(&SKUS)?,
            "unit_price": amount(u)?, "quantity": quantity(u)? }),
        );
    }
    // A fee only for a shop with a line (a fee for another is an input error).
    let first_shop = cart_lines[0]["shop"].clone();
    let mut settings = json!({ "threshold_base": base, "rounding": rounding });
    if bool::arbitrary(u)? {
        let a = u.int_in_range(1..=3648u32)?;
        let b = u.int_in_range(a + 1..=3649)?;
        settings["lifecycle_days"] = json!([a, b, u.int_in_range(b + 1..=3650)?]);
    }
    // Points (积分): a scheme at its edges, a balance up to 10^12, and
    // use_points — now and then without a scheme, which `price` refuses.
    let scheme = bool::arbitrary(u)?;
    if scheme {
        let mut points = json!({ "max_ratio": *u.choose(&["1", "0.0001", "0.5", "0.3333"])? });
        if bool::arbitrary(u)? {
            points["unit"] = json!(*u.choose(&[1u32, 7, 100, 10_000])?);
        }
        if bool::arbitrary(u)? {
            points["earn_per_yuan"] = json!(*u.choose(&["0", "0.5", "1.23", "100"])?);
        }
        settings["points"] = points;
    }
    let balance: u64 = *u.choose(&[0, 1, 99, 4_321, 1_000_000, 1_000_000_000_000])?;
    let use_points = if scheme {
        !u.ratio(1, 4)?
    } else {
        u.ratio(1, 16)?
    };
    let rules = json!({ "settings": settings, "promotions": promos });
    let cart = json!({ "now": "2026-11-11T10:00:00+08:00", "lines": cart_lines, "coupons": coupons,
        "shipping": { first_shop.as_str().unwrap_or("a"): amount(u)? },
        "use_points": use_points,
        "customer": { "rebate_balances": { "a": amount(u)?, "b": "100000000" }, "points": balance,
                      "orders": { "a": u.int_in_range(0..=100_000u32)? },
                      "segment": *u.choose(&["A", "D"])?,
                      "last_order_at": *u.choose(&["2026-11-01T00:00:00+08:00", "2025-11-16T10:00:00+08:00", "1970-01-01T00:00:00Z"])? },
        "coupon_selection": *u.choose(&["best", "as_given"])? });
    let mut cart = cart;
    if let Some(p) = rules["promotions"].as_array() {
        let (mine, units, all) = counts(u, p)?;
        cart["customer"]["uses"] = mine;
        cart["customer"]["units"] = units;
        cart["uses"] = all;
    }
    Ok((rules, cart))
}

/// Well-shaped rules and carts with extreme values — amounts at the 10^8
/// yuan limit, quantities at 100 000, hundreds of lines — built from the
/// bytes: whatever the engine accepts it prices without a panic, an overflow
/// or a hang, every quote obeys the conservation laws, and pricing twice
/// gives the same bytes. On a finding the panic prints the rules and the
/// cart as JSON, to turn into a case under `tests/cases/`. Returns whether
/// the cart priced.
pub fn structured(data: &[u8]) -> bool {
    let mut u = Unstructured::new(data);
    let Ok((rules_json, cart_json)) = build(&mut u) else {
        return false;
    };
    let Ok(rules) = serde_json::from_value::<youhui::Rules>(rules_json.clone()) else {
        return false;
    };
    let engine = youhui::Engine::new(rules)
        .unwrap_or_else(|e| panic!("the builder makes valid rules, but: {e}\nrules: {rules_json}"));
    let Ok(cart) = serde_json::from_value::<youhui::Cart>(cart_json.clone()) else {
        return false;
    };
    let priced = engine.price(&cart);
    if let Ok(quote) = &priced {
        if let Err(law) = quote.audit() {
            panic!("{law}\nrules: {rules_json}\ncart: {cart_json}");
        }
        let once = serde_json::to_string(&quote).unwrap();
        let twice = serde_json::to_string(&engine.price(&cart).unwrap()).unwrap();
        assert_eq!(
            once, twice,
            "pricing twice gives the same bytes\nrules: {rules_json}\ncart: {cart_json}"
        );
    }
    priced.is_ok()
}

/// JSON Lines bytes → `simulate::lines` → a `Simulation` of the example rules,
/// once whole and once split in two at a point the first byte chooses and
/// merged back: no panic; the two reports are the same; every line that is
/// not empty is a cart or a bad line; the sums agree with each other (the
/// shops' payables with the total, the deciles in order). Returns whether a
/// cart was priced.
pub fn carts_jsonl(data: &[u8]) -> bool {
    let Some((&cut, data)) = data.split_first() else {
        return false;
    };
    let engine = example_engine();
    let lines: Vec<_> = youhui::simulate::lines(data)
        .map(|l| l.expect("reading from memory does not fail"))
        .collect();
    let feed = |sim: &mut youhui::Simulation<'_>, part: &[youhui::simulate::NumberedLine]| {
        for (n, text) in part {
            match text {
                Ok(t) => {
                    let _ = sim.add_line(*n, t);
                }
                Err(e) => sim.add_bad_line(*n, e.clone()),
            }
        }
    };
    let mut whole = youhui::Simulation::new(engine);
    feed(&mut whole, &lines);
    let whole = whole.finish();
    let at = lines.len() * usize::from(cut) / 256;
    let (mut a, mut b) = (
        youhui::Simulation::new(engine),
        youhui::Simulation::new(engine),
    );
    feed(&mut a, &lines[..at]);
    feed(&mut b, &lines[at..]);
    b.merge(a);
    let merged = b.finish();
    assert_eq!(
        serde_json::to_string(&merged).expect("report prints"),
        serde_json::to_string(&whole).expect("report prints"),
        "a split input gives the same report"
    );
    assert_eq!(merged.histograms, whole.histograms);
    assert_eq!(
        whole.carts + whole.bad_lines.count,
        lines.len() as u64,
        "every line read is a cart or a bad line"
    );
    // The shops the rules name and the one line of every other shop
    // (contract section 11, v3) share the total between them.
    let shops: i128 = whole.shops.iter().map(|s| s.payable.fen()).sum::<i128>()
        + whole.other_shops.as_ref().map_or(0, |o| o.payable.fen());
    assert_eq!(
        shops,
        whole.totals.payable.fen(),
        "the shops' payables and other_shops' sum to the total"
    );
    let t = &whole.totals;
    let points = t.points.map_or(0, |p| p.fen());
    assert_eq!(
        t.original.fen()
            - t.item_discount.fen()
            - t.threshold.fen()
            - t.shop_coupon.fen()
            - t.rebate.fen()
            - t.platform_coupon.fen()
            - points
            + t.shipping.fen(),
        t.payable.fen(),
        "money is conserved in the totals, points included"
    );
    assert_eq!(
        t.points.map(|p| p.fen()),
        whole.points.map(|p| i128::try_from(p.used).unwrap()),
        "totals.points is the points used, and both are given together"
    );
    assert!(
        whole.payable_deciles.windows(2).all(|w| w[0] <= w[1]),
        "deciles in order"
    );
    assert_eq!(whole.payable_deciles.is_empty(), whole.carts == 0);
    whole.carts > 0
}

/// The quote of the example cart under the example rules: what
/// `returns_json` refunds from.
fn example_quote() -> &'static youhui::Quote<'static> {
    static QUOTE: OnceLock<youhui::Quote<'static>> = OnceLock::new();
    QUOTE.get_or_init(|| {
        let cart = youhui::Cart::from_json(include_str!("../../examples/cart.json")).unwrap();
        example_engine().price(&cart).unwrap().into_owned()
    })
}

/// The sums every refund obeys: `totals` are the sums of its lines and
/// shipping, and no line gives back more than the line paid.
fn refund_laws(quote: &youhui::Quote, refund: &youhui::Refund) {
    let money: i64 = refund.lines.iter().map(|l| l.money.fen()).sum::<i64>()
        + refund.shipping.iter().map(|s| s.amount.fen()).sum::<i64>();
    assert_eq!(refund.totals.money.fen(), money, "totals.money");
    let rebate: i64 = refund.lines.iter().map(|l| l.rebate.fen()).sum();
    assert_eq!(refund.totals.rebate.fen(), rebate, "totals.rebate");
    let points: u64 = refund.lines.iter().map(|l| l.points).sum();
    assert_eq!(refund.totals.points, points, "totals.points");
    for l in &refund.lines {
        let q = quote
            .lines
            .iter()
            .find(|q| q.id == l.line)
            .expect("a line of the quote");
        assert!(l.quantity <= q.quantity, "{} units of {}", l.quantity, q.id);
        assert!(
            l.money <= q.paid,
            "line {} gives back more than it paid",
            q.id
        );
        let paid_with_points: i64 = q
            .discounts
            .iter()
            .filter(|d| d.stage == youhui::Stage::Points)
            .map(|d| d.amount.fen())
            .sum();
        assert!(
            i64::try_from(l.points).is_ok_and(|p| p <= paid_with_points),
            "line {} gives back more points than it was paid with",
            q.id
        );
    }
    let json = serde_json::to_string(refund).expect("refund prints");
    let back: youhui::Refund = serde_json::from_str(&json).expect("refund reads back");
    assert_eq!(&back, refund, "refund round-trip");
}

/// Returns JSON bytes → `Returns::from_json` → print → re-parse → `refund`
/// from the example quote: the returns round-trip; a refund obeys its sums.
/// Returns whether it refunded.
pub fn returns_json(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let Ok(returns) = youhui::Returns::from_json(text) else {
        return false;
    };
    let printed = serde_json::to_string(&returns).expect("returns print");
    let again = youhui::Returns::from_json(&printed).expect("printed returns parse again");
    assert_eq!(again, returns, "returns round-trip");
    let quote = example_quote();
    let Ok(refund) = youhui::refund(quote, &returns) else {
        return false;
    };
    refund_laws(quote, &refund);
    true
}

/// Quote JSON bytes → `Quote::from_json` → print → re-parse → `refund` of
/// every unit at once: the quote round-trips; a quote the refund accepts
/// gives back exactly its payable, its points used and every shop's rebate
/// used, and every shop's shipping. Returns whether it refunded.
pub fn refund_quote(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let Ok(quote) = youhui::Quote::from_json(text) else {
        return false;
    };
    let printed = serde_json::to_string(&quote).expect("quote prints");
    let again = youhui::Quote::from_json(&printed).expect("printed quote parses again");
    assert_eq!(again, quote, "quote round-trip");
    let returns = youhui::Returns {
        returned_before: Vec::new(),
        returns: quote
            .lines
            .iter()
            .map(|l| youhui::Return {
                line: l.id.to_string(),
                quantity: l.quantity,
            })
            .collect(),
    };
    let Ok(refund) = youhui::refund(&quote, &returns) else {
        return false;
    };
    refund_laws(&quote, &refund);
    assert_eq!(refund.totals.money, quote.totals.payable, "all back");
    assert_eq!(refund.totals.rebate, quote.totals.rebate, "all rebate back");
    assert_eq!(
        refund.totals.points,
        quote.points.map_or(0, |p| p.used),
        "all points back"
    );
    assert_eq!(
        refund.shipping.len(),
        quote.shops.len(),
        "every shop emptied"
    );
    true
}

/// JSON Lines bytes → the lines as `youhui preview --items` reads them → each
/// `Item::from_json` → print → re-parse → `Engine::preview` against the
/// example rules: no panic; an item round-trips; a preview has one price per
/// quantity from 1 to `max_quantity`, each the payable and the applied ids of
/// the one-line cart of contract §17 (its coupons listed), `each` the payable
/// over the quantity rounded up, `best` the smallest `each` (ties: the
/// smaller quantity); previewing twice gives the same bytes. Returns whether
/// an item was previewed.
pub fn items_jsonl(data: &[u8]) -> bool {
    let engine = example_engine();
    let rules = youhui::Rules::from_json(include_str!("../../examples/rules.json")).unwrap();
    let mut previewed = false;
    for line in youhui::jsonl::lines(data) {
        let (_, text) = line.expect("reading from memory does not fail");
        let Ok(text) = text else { continue };
        let Ok(item) = youhui::Item::from_json(&text) else {
            continue;
        };
        let printed = serde_json::to_string(&item).expect("item prints");
        let again = youhui::Item::from_json(&printed).expect("printed item parses again");
        assert_eq!(again, item, "item round-trip");
        let Ok(preview) = engine.preview(&item) else {
            continue;
        };
        assert_eq!(preview.prices.len(), item.max_quantity as usize);
        let mut best = (0, i64::MAX);
        for (k, p) in preview.prices.iter().enumerate() {
            let q = k as u32 + 1;
            assert_eq!(p.quantity, q);
            let (each, payable, units) = (p.each.fen(), p.payable.fen(), i64::from(q));
            assert!(
                each * units >= payable && (each - 1) * units < payable,
                "each rounded up"
            );
            if each < best.1 {
                best = (q, each);
            }
            let coupons = rules
                .promotions
                .iter()
                .filter(|r| match r.kind {
                    youhui::PromotionType::ShopCoupon => r.shop.as_deref() == Some(&*item.shop),
                    youhui::PromotionType::PlatformCoupon => true,
                    _ => false,
                })
                .map(|r| r.id.clone())
                .collect();
            let cart = youhui::Cart {
                now: item.now,
                customer: item.customer.clone(),
                lines: vec![youhui::Line {
                    id: "item".into(),
                    shop: item.shop.clone(),
                    sku: item.sku.clone(),
                    category: item.category.clone(),
                    unit_price: item.unit_price,
                    quantity: q,
                }],
                shipping: Default::default(),
                coupons,
                coupon_selection: youhui::CouponSelection::Best,
                use_rebate: false,
                uses: Default::default(),
                use_points: false,
            };
            let quote = engine.price(&cart).expect("the contract's cart prices");
            assert_eq!(
                p.payable, quote.totals.payable,
                "payable of the contract's cart"
            );
            let applied: Vec<&str> = quote.applied.iter().map(|a| &*a.promotion).collect();
            let shown: Vec<&str> = p.promotions.iter().map(|s| &**s).collect();
            assert_eq!(
                shown, applied,
                "the applied promotions of the contract's cart"
            );
        }
        assert_eq!((preview.best.quantity, preview.best.each.fen()), best);
        let json = serde_json::to_string(&preview).unwrap();
        let twice = serde_json::to_string(&engine.preview(&item).unwrap()).unwrap();
        assert_eq!(json, twice, "previewing twice gives the same bytes");
        previewed = true;
    }
    previewed
}
