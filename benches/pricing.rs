//! The hot path, measured. Every bench checks its result inside the loop.
//!
//! `cargo bench` (full run); `cargo bench -- --test` (each once, as CI does).

// Amounts in fen are written yuan_fen, so 128_00 reads as 128.00.
#![allow(clippy::inconsistent_digit_grouping)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use serde_json::{json, Value};
use youhui::{Cart, Engine, Rules};

const NOW: &str = "2026-11-11T10:00:00+08:00";

/// One promotion of each stage for shop `s` (prefix `p`), all applying to the typical cart.
fn shop_promotions(s: &str, p: &str) -> Vec<Value> {
    vec![
        json!({ "id": format!("{p}-flash"), "type": "item_discount", "shop": s, "scope": { "skus": [format!("{s}-k0"), format!("{s}-k1")] }, "fold": "9" }),
        json!({ "id": format!("{p}-mj"), "type": "threshold", "shop": s, "tiers": [ { "min_amount": "300", "amount_off": "30" }, { "min_amount": "500", "amount_off": "60" } ] }),
        json!({ "id": format!("{p}-sc"), "type": "shop_coupon", "shop": s, "min_amount": "200", "amount_off": "20" }),
        json!({ "id": format!("{p}-rb"), "type": "rebate", "shop": s, "max_ratio": "0.1", "earn_ratio": "0.02" }),
    ]
}

fn typical_rules(extra: Vec<Value>) -> Rules {
    let mut promos = shop_promotions("tea", "tea");
    promos.extend(shop_promotions("cup", "cup"));
    promos.push(
        json!({ "id": "pc50", "type": "platform_coupon", "min_amount": "500", "amount_off": "50" }),
    );
    promos.extend(extra);
    serde_json::from_value(json!({ "promotions": promos })).unwrap()
}

/// 10 lines over 2 shops.
fn typical_cart(selection: &str) -> Cart {
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
    serde_json::from_value(json!({
        "now": NOW, "lines": lines, "shipping": { "tea": "10", "cup": "8" },
        "customer": { "rebate_balances": { "tea": "30", "cup": "30" } },
        "coupons": ["tea-sc", "cup-sc", "pc50"], "coupon_selection": selection
    }))
    .unwrap()
}

/// The typical cart priced by hand: integer arithmetic only, no parsing, no lookup,
/// no explanation. Returns the payable in fen. The floor the engine is compared to.
fn baseline(unit: &[i64; 10], qty: &[i64; 10]) -> i64 {
    let mut run = [0i64; 10];
    let mut reference = [0i64; 10];
    for i in 0..10 {
        // 9折 on the first two SKUs of each shop, half up.
        let u = if i % 5 < 2 {
            (unit[i] * 900 + 500) / 1000
        } else {
            unit[i]
        };
        run[i] = u * qty[i];
        reference[i] = run[i];
    }
    fn split(r: i64, w: &[i64], out: &mut [i64]) {
        let total: i64 = w.iter().sum();
        let mut given = 0;
        let mut rem = [(0i64, 0usize); 10];
        for i in 0..w.len() {
            let num = r * w[i];
            out[i] = num / total;
            given += out[i];
            rem[i] = (num % total, i);
        }
        let rem = &mut rem[..w.len()];
        rem.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, i) in rem.iter().take((r - given) as usize) {
            out[i] += 1;
        }
    }
    let mut share = [0i64; 10];
    let mut payable = 0;
    for s in 0..2 {
        let lines = s * 5..s * 5 + 5;
        let base: i64 = reference[lines.clone()].iter().sum();
        let mj = if base >= 500_00 {
            60_00
        } else if base >= 300_00 {
            30_00
        } else {
            0
        };
        split(mj, &reference[lines.clone()], &mut share[..5]);
        for k in 0..5 {
            run[s * 5 + k] -= share[k];
        }
        if base >= 200_00 {
            split(20_00, &reference[lines.clone()], &mut share[..5]);
            for k in 0..5 {
                run[s * 5 + k] -= share[k].min(run[s * 5 + k]);
            }
        }
        let left: i64 = run[lines.clone()].iter().sum();
        let rebate = (left / 10).min(30_00);
        let weights: [i64; 5] = run[lines.clone()].try_into().unwrap();
        split(rebate, &weights, &mut share[..5]);
        for k in 0..5 {
            run[s * 5 + k] -= share[k];
        }
    }
    if reference.iter().sum::<i64>() >= 500_00 {
        split(50_00, &reference, &mut share);
        for i in 0..10 {
            run[i] -= share[i].min(run[i]);
        }
    }
    payable += run.iter().sum::<i64>() + 10_00 + 8_00;
    payable
}

/// 200 lines over 20 shops, each shop with a promotion of every stage.
fn wide() -> (Rules, Cart) {
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
    let rules = serde_json::from_value(json!({ "promotions": promos })).unwrap();
    let cart = serde_json::from_value(json!({ "now": NOW, "lines": lines, "coupons": coupons,
        "customer": { "rebate_balances": balances }, "coupon_selection": "as_given" }))
    .unwrap();
    (rules, cart)
}

/// The typical rules plus 100,000 other promotions over 10,000 other shops.
fn catalog() -> Rules {
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
fn heavy() -> (Rules, Cart) {
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
    let rules = serde_json::from_value(
        json!({ "settings": { "threshold_base": "sequential" }, "promotions": promos }),
    )
    .unwrap();
    let cart = serde_json::from_value(json!({ "now": NOW, "lines": lines, "coupons": coupons,
        "customer": { "rebate_balances": balances }, "coupon_selection": "best" }))
    .unwrap();
    (rules, cart)
}

fn benches(c: &mut Criterion) {
    let engine = Engine::new(typical_rules(vec![])).unwrap();
    let cart = typical_cart("as_given");
    let expected = engine.price(&cart).unwrap().totals.payable.fen();
    let unit: [i64; 10] = cart
        .lines
        .iter()
        .map(|l| l.unit_price.fen())
        .collect::<Vec<_>>()
        .try_into()
        .unwrap();
    let qty: [i64; 10] = cart
        .lines
        .iter()
        .map(|l| i64::from(l.quantity))
        .collect::<Vec<_>>()
        .try_into()
        .unwrap();
    assert_eq!(
        baseline(&unit, &qty),
        expected,
        "the baseline prices the typical cart as the engine does"
    );
    let applied = engine.price(&cart).unwrap().applied.len();
    assert_eq!(applied, 9, "every stage applies in the typical cart");

    c.bench_function("baseline/typical (hand-written integer arithmetic)", |b| {
        b.iter(|| assert_eq!(baseline(black_box(&unit), black_box(&qty)), expected))
    });
    c.bench_function("price/typical as_given (10 lines, 2 shops)", |b| {
        b.iter(|| {
            assert_eq!(
                engine.price(black_box(&cart)).unwrap().totals.payable.fen(),
                expected
            )
        })
    });
    let best = typical_cart("best");
    let best_pay = engine.price(&best).unwrap().totals.payable.fen();
    assert!(best_pay <= expected);
    c.bench_function("price/typical best", |b| {
        b.iter(|| {
            assert_eq!(
                engine.price(black_box(&best)).unwrap().totals.payable.fen(),
                best_pay
            )
        })
    });

    let (wr, wc) = wide();
    let wide_engine = Engine::new(wr).unwrap();
    let wide_pay = wide_engine.price(&wc).unwrap().totals.payable.fen();
    c.bench_function("price/wide (200 lines, 20 shops)", |b| {
        b.iter(|| {
            assert_eq!(
                wide_engine
                    .price(black_box(&wc))
                    .unwrap()
                    .totals
                    .payable
                    .fen(),
                wide_pay
            )
        })
    });

    let cat = catalog();
    assert!(cat.promotions.len() > 100_000);
    let big = Engine::new(cat.clone()).unwrap();
    c.bench_function("price/typical against 100k promotions", |b| {
        b.iter(|| {
            assert_eq!(
                big.price(black_box(&cart)).unwrap().totals.payable.fen(),
                expected
            )
        })
    });

    let (hr, hc) = heavy();
    let heavy_engine = Engine::new(hr).unwrap();
    let hq = heavy_engine.price(&hc).unwrap();
    let heavy_pay = hq.totals.payable.fen();
    assert!(
        hq.totals.platform_coupon.fen() > 0,
        "the heavy cart uses a platform coupon"
    );
    c.bench_function(
        "price/heavy best (6 shops × 4 coupons, 4 platform, sequential)",
        |b| {
            b.iter(|| {
                assert_eq!(
                    heavy_engine
                        .price(black_box(&hc))
                        .unwrap()
                        .totals
                        .payable
                        .fen(),
                    heavy_pay
                )
            })
        },
    );

    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.bench_function("Engine::new on 100k promotions", |b| {
        b.iter_batched(
            || cat.clone(),
            |r| assert!(Engine::new(r).is_ok()),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(pricing, benches);
criterion_main!(pricing);
