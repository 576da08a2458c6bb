//! Carts shared by the tests (which check their hand-worked answers), the
//! benches and the profiling loop (which time them), so that they cannot
//! drift apart: the typical cart, the wide and heavy carts, the 100k catalog,
//! the peer cart, and the adversarial carts for `best`. Each returns JSON.

// Each user takes the fixtures it needs; amounts in fen are written
// yuan_fen, so 128_00 reads as 128.00.
#![allow(dead_code, clippy::inconsistent_digit_grouping)]

use serde_json::{json, Value};

const NOW: &str = "2026-11-11T10:00:00+08:00";

/// `n` shops, one line of 10.00 each, each holding one 无门槛 1.00 coupon.
pub fn shops_each_with_a_coupon(n: usize, base: &str) -> (Value, Value) {
    let promos: Vec<_> = (0..n)
        .map(|s| json!({ "id": format!("c{s:02}"), "type": "shop_coupon", "shop": format!("s{s:02}"), "amount_off": "1" }))
        .collect();
    let lines: Vec<_> = (0..n)
        .map(|s| json!({ "id": format!("L{s:02}"), "shop": format!("s{s:02}"), "sku": "k", "unit_price": "10", "quantity": 1 }))
        .collect();
    let coupons: Vec<_> = (0..n).map(|s| format!("c{s:02}")).collect();
    (
        json!({ "settings": { "threshold_base": base }, "promotions": promos }),
        json!({ "now": NOW, "lines": lines, "coupons": coupons }),
    )
}

/// 50 shops, one line of 100.00 and one 无门槛 5.00 coupon each, and a
/// platform coupon 满4900减400 tested on what is left (`sequential`).
pub fn fifty_shops_sequential() -> (Value, Value) {
    let mut promos: Vec<_> = (0..50)
        .map(|s| json!({ "id": format!("c{s:02}"), "type": "shop_coupon", "shop": format!("s{s:02}"), "amount_off": "5" }))
        .collect();
    promos.push(
        json!({ "id": "pc", "type": "platform_coupon", "min_amount": "4900", "amount_off": "400" }),
    );
    let lines: Vec<_> = (0..50)
        .map(|s| json!({ "id": format!("L{s:02}"), "shop": format!("s{s:02}"), "sku": "k", "unit_price": "100", "quantity": 1 }))
        .collect();
    let mut coupons: Vec<_> = (0..50).map(|s| format!("c{s:02}")).collect();
    coupons.push("pc".into());
    (
        json!({ "settings": { "threshold_base": "sequential" }, "promotions": promos }),
        json!({ "now": NOW, "lines": lines, "coupons": coupons }),
    )
}

/// 10 shops, one line of 1000.00 each, nine coupons each (s{k}-j takes 10 × j,
/// 满500), and ten platform coupons (p_m 满(9100 + 100m) 减(200 + 60m)): 100 held.
pub fn hundred_coupons_ten_shops(base: &str) -> (Value, Value) {
    let mut promos = Vec::new();
    let mut coupons = Vec::new();
    for k in 0..10 {
        for j in 1..=9 {
            promos.push(
                json!({ "id": format!("s{k}-{j}"), "type": "shop_coupon", "shop": format!("s{k}"),
                                "min_amount": "500", "amount_off": (10 * j).to_string() }),
            );
            coupons.push(format!("s{k}-{j}"));
        }
    }
    for m in 1..=10 {
        promos.push(json!({ "id": format!("p{m:02}"), "type": "platform_coupon",
                            "min_amount": (9100 + 100 * m).to_string(), "amount_off": (200 + 60 * m).to_string() }));
        coupons.push(format!("p{m:02}"));
    }
    let lines: Vec<_> = (0..10)
        .map(|k| json!({ "id": format!("L{k}"), "shop": format!("s{k}"), "sku": "k", "unit_price": "1000", "quantity": 1 }))
        .collect();
    (
        json!({ "settings": { "threshold_base": base }, "promotions": promos }),
        json!({ "now": NOW, "lines": lines, "coupons": coupons }),
    )
}

/// One shop: 1,000 lines of 10.00, 100 held 无门槛 coupons c000 … c099 taking
/// 1.00 … 100.00, and `programs` rebate programs r00000 … whose `max_ratio`
/// runs 0.0001 … 0.0100 (by id, repeating), with a balance of 50.00.
pub fn one_big_shop(programs: usize) -> (Value, Value) {
    let mut promos: Vec<_> = (0..100)
        .map(|j| json!({ "id": format!("c{j:03}"), "type": "shop_coupon", "shop": "s", "amount_off": (j + 1).to_string() }))
        .collect();
    promos.extend((0..programs).map(|k| {
        json!({ "id": format!("r{k:05}"), "type": "rebate", "shop": "s", "max_ratio": format!("0.{:04}", k % 100 + 1) })
    }));
    let lines: Vec<_> = (0..1000)
        .map(|i| json!({ "id": format!("L{i:04}"), "shop": "s", "sku": format!("k{}", i % 10), "unit_price": "10", "quantity": 1 }))
        .collect();
    let coupons: Vec<_> = (0..100).map(|j| format!("c{j:03}")).collect();
    (
        json!({ "promotions": promos }),
        json!({ "now": NOW, "lines": lines, "coupons": coupons, "customer": { "rebate_balances": { "s": "50" } } }),
    )
}

/// The peer cart: 10 lines of one shop (unit prices 59.90 … 88.80, quantity
/// (i mod 3) + 1, category `food` for even i), an 8折 item discount on food,
/// tiers 300 → 30 off and 2000 → 250 off, a held 无门槛 ¥10 shop coupon,
/// `as_given`.
pub fn peer_cart() -> (Value, Value) {
    let prices = [
        "59.90", "128", "35.50", "99", "19.90", "249", "12.80", "66.60", "45", "88.80",
    ];
    let lines: Vec<_> = prices
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({ "id": format!("L{i}"), "shop": "shop", "sku": format!("sku{i}"),
                               "category": if i % 2 == 0 { "food" } else { "other" },
                               "unit_price": p, "quantity": i % 3 + 1 })
        })
        .collect();
    (
        json!({ "promotions": [
            { "id": "food8", "type": "item_discount", "shop": "shop", "scope": { "categories": ["food"] }, "fold": "8" },
            { "id": "mj", "type": "threshold", "shop": "shop",
              "tiers": [ { "min_amount": "300", "amount_off": "30" }, { "min_amount": "2000", "amount_off": "250" } ] },
            { "id": "c10", "type": "shop_coupon", "shop": "shop", "amount_off": "10" } ] }),
        json!({ "now": NOW, "lines": lines, "coupons": ["c10"], "coupon_selection": "as_given" }),
    )
}

/// One promotion of each stage for shop `s` (prefix `p`), all applying to the typical cart.
pub fn shop_promotions(s: &str, p: &str) -> Vec<Value> {
    vec![
        json!({ "id": format!("{p}-flash"), "type": "item_discount", "shop": s, "scope": { "skus": [format!("{s}-k0"), format!("{s}-k1")] }, "fold": "9" }),
        json!({ "id": format!("{p}-mj"), "type": "threshold", "shop": s, "tiers": [ { "min_amount": "300", "amount_off": "30" }, { "min_amount": "500", "amount_off": "60" } ] }),
        json!({ "id": format!("{p}-sc"), "type": "shop_coupon", "shop": s, "min_amount": "200", "amount_off": "20" }),
        json!({ "id": format!("{p}-rb"), "type": "rebate", "shop": s, "max_ratio": "0.1", "earn_ratio": "0.02" }),
    ]
}

/// The typical rules: one promotion of each stage for shops `tea` and `cup`, a
/// platform coupon 满500减50, and `extra` promotions.
pub fn typical_rules(extra: Vec<Value>) -> Value {
    let mut promos = shop_promotions("tea", "tea");
    promos.extend(shop_promotions("cup", "cup"));
    promos.push(
        json!({ "id": "pc50", "type": "platform_coupon", "min_amount": "500", "amount_off": "50" }),
    );
    promos.extend(extra);
    json!({ "promotions": promos })
}

/// The typical cart: 10 lines over 2 shops, every stage applies.
pub fn typical_cart(selection: &str) -> Value {
    let mut lines = Vec::new();
    for (s, prices) in [
        ("tea", [128_00, 89_50, 45_00, 12_90, 66_60]),
        ("cup", [159_00, 35_80, 19_90, 88_00, 9_90]),
    ] {
        for (k, fen) in prices.iter().enumerate() {
            lines.push(json!({ "id": format!("{s}-L{k}"), "shop": s, "sku": format!("{s}-k{k}"), "category": "c",
                "unit_price": format!("{}.{:02}", fen / 100, fen % 100), "quantity": 1 + k % 2 }));
        }
    }
    json!({
        "now": NOW, "lines": lines, "shipping": { "tea": "10", "cup": "8" },
        "customer": { "rebate_balances": { "tea": "30", "cup": "30" } },
        "coupons": ["tea-sc", "cup-sc", "pc50"], "coupon_selection": selection
    })
}

/// 200 lines over 20 shops, each shop with a promotion of every stage.
pub fn wide() -> (Value, Value) {
    let mut promos = Vec::new();
    let mut lines = Vec::new();
    let mut coupons = Vec::new();
    let mut balances = serde_json::Map::new();
    for s in 0..20 {
        let shop = format!("shop{s:02}");
        promos.extend(shop_promotions(&shop, &shop));
        coupons.push(format!("{shop}-sc"));
        balances.insert(shop.clone(), json!("20"));
        for k in 0..10 {
            lines.push(json!({ "id": format!("{shop}-L{k}"), "shop": shop, "sku": format!("{shop}-k{k}"),
                "unit_price": format!("{}.{:02}", 20 + (s * 7 + k * 13) % 90, (k * 37) % 100), "quantity": 1 + k % 3 }));
        }
    }
    promos.push(
        json!({ "id": "pc50", "type": "platform_coupon", "min_amount": "500", "amount_off": "50" }),
    );
    coupons.push("pc50".into());
    let rules = json!({ "promotions": promos });
    let cart = json!({ "now": NOW, "lines": lines, "coupons": coupons,
        "customer": { "rebate_balances": balances }, "coupon_selection": "as_given" });
    (rules, cart)
}

/// The typical rules plus 100,000 other promotions over 10,000 other shops.
pub fn catalog() -> Value {
    let mut extra = Vec::with_capacity(100_000);
    for s in 0..10_000 {
        let shop = format!("m{s:05}");
        for (k, p) in shop_promotions(&shop, &shop).into_iter().enumerate() {
            extra.push(p);
            if k == 1 {
                extra.push(json!({ "id": format!("{shop}-mj2"), "type": "threshold", "shop": shop, "every": { "amount": "100", "amount_off": "5" } }));
            }
        }
        for c in 0..5 {
            extra.push(json!({ "id": format!("{shop}-c{c}"), "type": "shop_coupon", "shop": shop, "fold": "9.5", "max_off": "20" }));
        }
    }
    typical_rules(extra)
}

/// 6 shops with 4 held coupons each, 4 held platform coupons, rebates, sequential.
pub fn heavy() -> (Value, Value) {
    let mut promos = Vec::new();
    let mut lines = Vec::new();
    let mut coupons = Vec::new();
    let mut balances = serde_json::Map::new();
    for s in 0..6 {
        let shop = format!("h{s}");
        promos.push(json!({ "id": format!("{shop}-mj"), "type": "threshold", "shop": shop, "tiers": [ { "min_amount": "200", "amount_off": "15" } ] }));
        promos.push(json!({ "id": format!("{shop}-rb"), "type": "rebate", "shop": shop, "max_ratio": "0.05" }));
        for (c, (min, off)) in [("100", "10"), ("200", "25"), ("300", "40"), ("0", "5")]
            .iter()
            .enumerate()
        {
            let id = format!("{shop}-c{c}");
            promos.push(json!({ "id": id, "type": "shop_coupon", "shop": shop, "min_amount": min, "amount_off": off }));
            coupons.push(id);
        }
        balances.insert(shop.clone(), json!("12"));
        for k in 0..3 {
            lines.push(json!({ "id": format!("{shop}-L{k}"), "shop": shop, "sku": format!("k{k}"),
                "unit_price": format!("{}.00", 60 + (s * 31 + k * 17) % 70), "quantity": 1 + (s + k) % 2 }));
        }
    }
    for (c, (min, off)) in [
        ("800", "80"),
        ("1000", "120"),
        ("1200", "150"),
        ("600", "50"),
    ]
    .iter()
    .enumerate()
    {
        let id = format!("pc{c}");
        promos.push(
            json!({ "id": id, "type": "platform_coupon", "min_amount": min, "amount_off": off }),
        );
        coupons.push(id);
    }
    let rules = json!({ "settings": { "threshold_base": "sequential" }, "promotions": promos });
    let cart = json!({ "now": NOW, "lines": lines, "coupons": coupons,
        "customer": { "rebate_balances": balances }, "coupon_selection": "best" });
    (rules, cart)
}

/// One shop `s` with 10 SKUs k0 … k9 (unit price 20.00 + 7.00 × i), a 9折
/// flash sale on k0–k2, and 50 bundles: the 45 pairs of SKUs (`p{i}{j}`, at
/// 80 % … 89 % of the pair's price) and 5 triples (`t{i}`: k_i, k_{i+1},
/// k_{i+2} at 75 %). The cart: 20 lines L00 … L19, line t of SKU k(t mod 10),
/// quantity 1 + t div 10, so 3 units of each SKU.
pub fn fifty_bundles() -> (Value, Value) {
    let price = |i: usize| 20_00 + 7_00 * i as i64;
    let yuan = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
    let mut promos = vec![
        json!({ "id": "flash", "type": "item_discount", "shop": "s", "scope": { "skus": ["k0", "k1", "k2"] }, "fold": "9" }),
    ];
    for i in 0..10 {
        for j in i + 1..10 {
            let set = price(i) + price(j);
            let pct = 80 + ((i + j) % 10) as i64;
            promos.push(json!({ "id": format!("p{i}{j}"), "type": "bundle", "shop": "s",
                "items": [ { "sku": format!("k{i}"), "quantity": 1 }, { "sku": format!("k{j}"), "quantity": 1 } ],
                "price": yuan(set * pct / 100) }));
        }
    }
    for i in 0..5 {
        let set = price(i) + price(i + 1) + price(i + 2);
        promos.push(json!({ "id": format!("t{i}"), "type": "bundle", "shop": "s",
            "items": [ { "sku": format!("k{i}"), "quantity": 1 }, { "sku": format!("k{}", i + 1), "quantity": 1 },
                       { "sku": format!("k{}", i + 2), "quantity": 1 } ],
            "price": yuan(set * 75 / 100) }));
    }
    let lines: Vec<_> = (0..20)
        .map(|t| {
            json!({ "id": format!("L{t:02}"), "shop": "s", "sku": format!("k{}", t % 10),
            "unit_price": yuan(price(t % 10)), "quantity": 1 + t / 10 })
        })
        .collect();
    (
        json!({ "promotions": promos }),
        json!({ "now": NOW, "lines": lines }),
    )
}

/// The hardest shop the bundle guarantee covers that we know of: 8 bundles
/// `b0` … `b7`, each the same set (one `a`, one `b`, the `b` from a line
/// of its own price) at prices 150.00 … 157.00, `max_sets` 10, and 40 of
/// each SKU over 8 lines whose prices differ, so that which units a set
/// takes changes what it saves, and a flash sale on `a` competes.
pub fn eight_bundles_ten_sets() -> (Value, Value) {
    let mut promos = vec![
        json!({ "id": "flash", "type": "item_discount", "shop": "s", "scope": { "skus": ["a"] }, "amount_off": "19", "max_units": 15 }),
    ];
    for b in 0..8 {
        promos.push(
            json!({ "id": format!("b{b}"), "type": "bundle", "shop": "s",
            "items": [ { "sku": "a", "quantity": 1 }, { "sku": "b", "quantity": 1 } ],
            "price": format!("{}.00", 150 + b), "max_sets": 10 }),
        );
    }
    let lines: Vec<_> = (0..8)
        .flat_map(|k| {
            [
                json!({ "id": format!("A{k}"), "shop": "s", "sku": "a", "unit_price": format!("{}.00", 100 + 3 * k), "quantity": 5 }),
                json!({ "id": format!("B{k}"), "shop": "s", "sku": "b", "unit_price": format!("{}.00", 90 - 2 * k), "quantity": 5 }),
            ]
        })
        .collect();
    (
        json!({ "promotions": promos }),
        json!({ "now": NOW, "lines": lines }),
    )
}

/// Beyond the bundle guarantee: 12 bundles `b00` … `b11` of three SKUs each
/// among k0 … k5 (bundle j: k_j, k_{j+1}, k_{j+3}, 1 to 3 of each, at
/// 72 % to 83 % of the set's list price), no `max_sets`, and 30 units of each
/// SKU over three lines at different prices.
pub fn twelve_bundles_no_limits() -> (Value, Value) {
    let price = |s: usize, l: usize| 100_00 + 10_00 * s as i64 + 7_00 * l as i64;
    let yuan = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
    let mut promos = Vec::new();
    for j in 0..12 {
        let skus = [j % 6, (j + 1) % 6, (j + 3) % 6];
        let qty = [1 + j % 3, 1 + (j + 1) % 3, 1 + (j + 2) % 3];
        let list: i64 = skus
            .iter()
            .zip(qty)
            .map(|(&s, q)| price(s, 0) * q as i64)
            .sum();
        let items: Vec<_> = skus
            .iter()
            .zip(qty)
            .map(|(&s, q)| json!({ "sku": format!("k{s}"), "quantity": q }))
            .collect();
        promos.push(
            json!({ "id": format!("b{j:02}"), "type": "bundle", "shop": "s", "items": items,
            "price": yuan(list * (72 + j as i64) / 100) }),
        );
    }
    let mut lines = Vec::new();
    for s in 0..6 {
        for l in 0..3 {
            lines.push(
                json!({ "id": format!("L{s}{l}"), "shop": "s", "sku": format!("k{s}"),
                "unit_price": yuan(price(s, (l * 2 + s) % 3)), "quantity": 10 }),
            );
        }
    }
    (
        json!({ "promotions": promos }),
        json!({ "now": NOW, "lines": lines }),
    )
}

/// Within the bundle guarantee, dense: 8 bundles `b0` … `b7` (`max_sets`
/// 10) of three or four SKUs among k0 … k5 (1 to 3 of each, at 70 % to 91 %
/// of the set's list price), 28.00 off k2 for at most 11 units, and 30 units
/// of each SKU over three lines at different prices.
pub fn eight_dense_bundles() -> (Value, Value) {
    let price = |s: usize, l: usize| 110_00 + 9_00 * s as i64 + 6_00 * ((l * 5 + s * 3) % 7) as i64;
    let yuan = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
    let mut promos = vec![json!({ "id": "d0", "type": "item_discount", "shop": "s",
        "scope": { "skus": ["k2"] }, "amount_off": "28", "max_units": 11 })];
    for j in 0..8 {
        let mut skus = vec![j % 6, (j + 1) % 6, (j + 4) % 6];
        if j % 2 == 0 {
            skus.push((j + 2) % 6);
        }
        let qty: Vec<usize> = (0..skus.len()).map(|k| 1 + (j + 2 * k) % 3).collect();
        let list: i64 = skus
            .iter()
            .zip(&qty)
            .map(|(&s, &q)| price(s, 0) * q as i64)
            .sum();
        let items: Vec<_> = skus
            .iter()
            .zip(&qty)
            .map(|(&s, &q)| json!({ "sku": format!("k{s}"), "quantity": q }))
            .collect();
        promos.push(
            json!({ "id": format!("b{j}"), "type": "bundle", "shop": "s", "items": items,
            "price": yuan(list * (70 + 3 * j as i64) / 100), "max_sets": 10 }),
        );
    }
    let mut lines = Vec::new();
    for s in 0..6 {
        for l in 0..3 {
            lines.push(
                json!({ "id": format!("L{s}{l}"), "shop": "s", "sku": format!("k{s}"),
                "unit_price": yuan(price(s, l)), "quantity": 10 }),
            );
        }
    }
    (
        json!({ "promotions": promos }),
        json!({ "now": NOW, "lines": lines }),
    )
}
