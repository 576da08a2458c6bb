//! A month of orders for the shops of `examples/rules.json`, from a seed: the
//! input of the README's `youhui simulate` example (`examples/orders.rs`
//! prints it; the tests check the README's report against it).
//!
//! Buyers come through November 2026 (one in ten on 11.11), fill one to three
//! shops with one to four lines each, hold some of the coupons and let `best`
//! choose; one in four holds points (积分) and pays with them. The same seed gives the same orders on every machine (ChaCha's
//! stream is fixed by its specification).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

/// `carts` orders as JSON Lines, one cart per line.
pub fn month(seed: u64, carts: u32) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Points are drawn from a stream of their own, so that adding them left
    // every other draw (and the README's figures that do not involve points)
    // as it was.
    let mut points = ChaCha8Rng::seed_from_u64(seed);
    points.set_stream(1);
    let mut out = String::new();
    for n in 0..carts {
        let mut cart = cart(&mut rng, n);
        if points.random_ratio(1, 4) {
            // A balance of 100 to 5,000 points (¥1 to ¥50), used at checkout.
            cart["customer"]["points"] = json!(points.random_range(100..=5_000));
            cart["use_points"] = json!(true);
        }
        out.push_str(&cart.to_string());
        out.push('\n');
    }
    out
}

/// (SKU, category, unit price).
type Item = (&'static str, &'static str, &'static str);

/// (shop, shipping fee, its items).
const SHOPS: [(&str, &str, &[Item]); 3] = [
    (
        "west-lake-tea",
        "10.00",
        &[
            ("longjing-250g", "tea", "128.00"),
            ("biluochun-100g", "tea", "89.00"),
            ("tea-caddy", "teaware", "39.00"),
            ("puer-357g", "tea", "158.00"),
        ],
    ),
    (
        "jingdezhen-porcelain",
        "15.00",
        &[
            ("teacup-set", "teaware", "159.00"),
            ("gaiwan", "teaware", "88.00"),
            ("tea-tray", "teaware", "236.00"),
        ],
    ),
    (
        "squirrel-snacks",
        "0",
        &[
            ("nut-mix", "snacks", "49.90"),
            ("dried-mango", "snacks", "19.90"),
            ("walnuts", "snacks", "35.80"),
        ],
    ),
];

const COUPONS: [(&str, &str); 6] = [
    ("tea-sc20", "west-lake-tea"),
    ("tea-sc50", "west-lake-tea"),
    ("cup-newbie", "jingdezhen-porcelain"),
    ("snack-wmk", "squirrel-snacks"),
    ("pc-kuadian", ""),
    ("pc-birthday", ""),
];

fn cart(rng: &mut ChaCha8Rng, n: u32) -> Value {
    // One day in ten is 11.11, the rest spread over the month.
    let day = if rng.random_ratio(1, 10) {
        11
    } else {
        rng.random_range(1..=30)
    };
    let now = format!(
        "2026-11-{day:02}T{:02}:{:02}:00+08:00",
        rng.random_range(0..24),
        rng.random_range(0..60)
    );
    let mut lines = Vec::new();
    let mut shipping = serde_json::Map::new();
    let mut shops_in = Vec::new();
    for (shop, fee, skus) in SHOPS {
        // Tea is the shop most buyers come for.
        let p = if shop == "west-lake-tea" { 7 } else { 4 };
        if !rng.random_ratio(p, 10) {
            continue;
        }
        shops_in.push(shop);
        shipping.insert(shop.into(), json!(fee));
        let count = rng.random_range(1..=skus.len().min(4));
        let start = rng.random_range(0..skus.len());
        for k in 0..count {
            let (sku, category, price) = skus[(start + k) % skus.len()];
            lines.push(json!({
                "id": format!("L{}", lines.len() + 1), "shop": shop, "sku": sku,
                "category": category, "unit_price": price,
                "quantity": rng.random_range(1..=3),
            }));
        }
    }
    if lines.is_empty() {
        let (shop, fee, skus) = SHOPS[2];
        shops_in.push(shop);
        shipping.insert(shop.into(), json!(fee));
        let (sku, category, price) = skus[rng.random_range(0..skus.len())];
        lines.push(
            json!({ "id": "L1", "shop": shop, "sku": sku, "category": category,
                           "unit_price": price, "quantity": rng.random_range(1..=4) }),
        );
    }
    let coupons: Vec<&str> = COUPONS
        .iter()
        .filter(|(_, shop)| shop.is_empty() || shops_in.contains(shop))
        .filter(|_| rng.random_ratio(1, 2))
        .map(|(id, _)| *id)
        .collect();
    let mut orders = serde_json::Map::new();
    if rng.random_ratio(2, 3) {
        orders.insert("west-lake-tea".into(), json!(rng.random_range(1..=12)));
    }
    let balance = if rng.random_ratio(1, 3) {
        format!("{}.00", rng.random_range(1..=40))
    } else {
        "0".to_string()
    };
    json!({
        "now": now,
        "customer": {
            "id": format!("u-{}", 1000 + n % 7919),
            "member_tier": rng.random_range(0..=3),
            "birthday": format!("11-{:02}", rng.random_range(1..=30)),
            "orders": orders,
            "rebate_balances": { "west-lake-tea": balance },
        },
        "lines": lines,
        "shipping": shipping,
        "coupons": coupons,
        "coupon_selection": "best",
    })
}
