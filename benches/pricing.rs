//! The hot path, measured. Every bench checks its result inside the loop.
//!
//! `cargo bench` (full run); `cargo bench -- --test` (each once, as CI does).

// Amounts in fen are written yuan_fen, so 128_00 reads as 128.00.
#![allow(clippy::inconsistent_digit_grouping)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use serde_json::Value;
use youhui::{Cart, Engine, Rules};

#[path = "../tests/fixtures.rs"]
mod fixtures;

/// An engine and a cart from a fixture.
fn built((rules, cart): (Value, Value)) -> (Engine, Cart) {
    let engine = Engine::new(serde_json::from_value(rules).unwrap()).unwrap();
    (engine, serde_json::from_value(cart).unwrap())
}

/// Benches pricing `cart`, checking the payable (hand-worked in tests/hostile.rs) each time.
fn bench_priced(c: &mut Criterion, name: &str, (engine, cart): &(Engine, Cart), payable: &str) {
    assert_eq!(
        engine.price(cart).unwrap().totals.payable.to_string(),
        payable,
        "{name}"
    );
    let fen = engine.price(cart).unwrap().totals.payable.fen();
    c.bench_function(name, |b| {
        b.iter(|| {
            assert_eq!(
                engine.price(black_box(cart)).unwrap().totals.payable.fen(),
                fen
            )
        })
    });
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

fn benches(c: &mut Criterion) {
    let rules = |v: Value| -> Rules { serde_json::from_value(v).unwrap() };
    let cart_of = |v: Value| -> Cart { serde_json::from_value(v).unwrap() };
    let engine = Engine::new(rules(fixtures::typical_rules(vec![]))).unwrap();
    let cart = cart_of(fixtures::typical_cart("as_given"));
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
    let best = cart_of(fixtures::typical_cart("best"));
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

    // The same two carts through the checked-cart API (issue 18 item 5):
    // checked on every iteration and priced into one quote kept across
    // iterations, then checked once outside the loop.
    for (name, cart, pay) in [("as_given", &cart, expected), ("best", &best, best_pay)] {
        let mut quote = youhui::Quote::default();
        c.bench_function(
            &format!("price/typical {name}, check_cart + price_into"),
            |b| {
                b.iter(|| {
                    let checked = engine.check_cart(black_box(cart)).unwrap();
                    engine.price_into(&checked, &mut quote).unwrap();
                    assert_eq!(quote.totals.payable.fen(), pay)
                })
            },
        );
        let checked = engine.check_cart(cart).unwrap();
        c.bench_function(
            &format!("price/typical {name}, price_into (checked once)"),
            |b| {
                b.iter(|| {
                    engine.price_into(black_box(&checked), &mut quote).unwrap();
                    assert_eq!(quote.totals.payable.fen(), pay)
                })
            },
        );
    }

    let (wide_engine, wc) = built(fixtures::wide());
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

    let cat = rules(fixtures::catalog());
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

    let (heavy_engine, hc) = built(fixtures::heavy());
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

    bench_priced(
        c,
        "price/peer_cart (10 lines, 8折 on food, 满300减30/满2000减250, ¥10 coupon)",
        &built(fixtures::peer_cart()),
        "1567.20",
    );

    // `best` on the carts that were refused or slow before the search decomposed (tests/hostile.rs).
    bench_priced(
        c,
        "best/21 shops each holding a coupon",
        &built(fixtures::shops_each_with_a_coupon(21, "parallel")),
        "189.00",
    );
    bench_priced(
        c,
        "best/50 shops × 1 coupon, sequential platform threshold",
        &built(fixtures::fifty_shops_sequential()),
        "4500.00",
    );
    bench_priced(
        c,
        "best/100 held coupons over 10 shops, parallel",
        &built(fixtures::hundred_coupons_ten_shops("parallel")),
        "8360.00",
    );
    bench_priced(
        c,
        "best/100 held coupons over 10 shops, sequential",
        &built(fixtures::hundred_coupons_ten_shops("sequential")),
        "8940.00",
    );
    // 搭配套餐: the exact choice of sets (hand-worked and searched exhaustively in tests/hostile.rs).
    bench_priced(
        c,
        "bundles/one shop, 50 bundles over 10 SKUs, 20 lines",
        &built(fixtures::fifty_bundles()),
        "1217.25",
    );
    bench_priced(
        c,
        "bundles/8 bundles of one set, 10 sets each, 40 units a SKU",
        &built(fixtures::eight_bundles_ten_sets()),
        "6060.00",
    );
    let mut worst = c.benchmark_group("bundles/worst known within the guarantee");
    worst.sample_size(10);
    let (engine, cart) = built(fixtures::eight_dense_bundles());
    worst.bench_function("8 dense bundles over 6 SKUs, 180 units", |b| {
        b.iter(|| engine.price(black_box(&cart)).unwrap().totals.payable.fen())
    });
    let (engine, cart) = built(fixtures::twelve_bundles_no_limits());
    worst.bench_function(
        "12 bundles, no max_sets: refused after the step budget",
        |b| b.iter(|| engine.price(black_box(&cart)).unwrap_err().is_limit()),
    );
    worst.finish();

    let mut slow = c.benchmark_group("best/one shop, 1000 lines, 100 coupons");
    slow.sample_size(20);
    for programs in [5_000, 50_000] {
        let (engine, cart) = built(fixtures::one_big_shop(programs));
        let fen = engine.price(&cart).unwrap().totals.payable.fen();
        assert_eq!(fen, 985_000);
        slow.bench_function(format!("{programs} rebate programs"), |b| {
            b.iter(|| {
                assert_eq!(
                    engine.price(black_box(&cart)).unwrap().totals.payable.fen(),
                    fen
                )
            })
        });
    }
    slow.finish();

    simulate(c);

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

/// `youhui simulate`'s library path: JSON Lines of typical carts parsed, priced
/// and summed by two threads, against the same without the report (parse and
/// price only), so the cost of the report shows.
fn simulate(c: &mut Criterion) {
    const CARTS: u32 = 20_000;
    let engine =
        Engine::new(serde_json::from_value(fixtures::typical_rules(vec![])).unwrap()).unwrap();
    let base = fixtures::typical_cart("best");
    let lines: Vec<String> = (0..CARTS)
        .map(|k| {
            let mut cart = base.clone();
            cart["lines"][0]["quantity"] = (k % 5 + 1).into();
            cart.to_string()
        })
        .collect();
    let expected: i64 = lines
        .iter()
        .map(|l| {
            engine
                .price(&Cart::from_json(l).unwrap())
                .unwrap()
                .totals
                .payable
                .fen()
        })
        .sum();
    let halves = lines.split_at(lines.len() / 2);
    let summed = |part: &[String], first: u64| {
        let mut sim = youhui::Simulation::new(&engine);
        for (k, line) in part.iter().enumerate() {
            sim.add_line(first + k as u64, line).unwrap();
        }
        sim
    };
    let report = || {
        std::thread::scope(|s| {
            let a = s.spawn(|| summed(halves.0, 1));
            let mut b = summed(halves.1, halves.0.len() as u64 + 1);
            b.merge(a.join().unwrap());
            b.finish()
        })
    };
    let priced = |part: &[String]| -> i64 {
        part.iter()
            .map(|l| {
                engine
                    .price(&Cart::from_json(l).unwrap())
                    .unwrap()
                    .totals
                    .payable
                    .fen()
            })
            .sum()
    };
    let first = report();
    assert_eq!(first.carts, u64::from(CARTS));
    assert_eq!(first.totals.payable.fen(), i128::from(expected));

    let mut g = c.benchmark_group("simulate/20k typical carts, 2 threads");
    g.throughput(criterion::Throughput::Elements(u64::from(CARTS)));
    g.sample_size(10);
    g.bench_function("baseline: parse and price only", |b| {
        b.iter(|| {
            let sum = std::thread::scope(|s| {
                let a = s.spawn(|| priced(halves.0));
                priced(halves.1) + a.join().unwrap()
            });
            assert_eq!(sum, expected);
        })
    });
    g.bench_function("Simulation: parse, price and report", |b| {
        b.iter(|| assert_eq!(report().totals.payable.fen(), i128::from(expected)))
    });
    g.finish();
}

/// 到手价 (`youhui preview`'s library path): the example catalog's items as
/// JSON Lines against the example rules, read, previewed at `max_quantity` 1
/// and printed as JSON lines by two threads; and one item previewed at 1 and
/// at 10 quantities, for the cost of each extra quantity.
fn preview(c: &mut Criterion) {
    const ITEMS: usize = 20_000;
    let rules: Rules = Rules::from_json(include_str!("../examples/rules.json")).unwrap();
    let engine = Engine::new(rules).unwrap();
    let catalog: Vec<String> = include_str!("../examples/items.jsonl")
        .lines()
        .map(|l| {
            let mut item: Value = serde_json::from_str(l).unwrap();
            item["max_quantity"] = 1.into();
            item.to_string()
        })
        .collect();
    let lines: Vec<String> = (0..ITEMS)
        .map(|k| catalog[k % catalog.len()].clone())
        .collect();
    let printed = |part: &[String]| -> usize {
        part.iter()
            .map(|l| {
                let item = youhui::Item::from_json(l).unwrap();
                let preview = engine.preview(&item).unwrap();
                serde_json::to_string(&preview).unwrap().len()
            })
            .sum()
    };
    let halves = lines.split_at(ITEMS / 2);
    let expected = printed(&lines);
    let mut g = c.benchmark_group("preview/20k catalog items, max_quantity 1, 2 threads");
    g.throughput(criterion::Throughput::Elements(ITEMS as u64));
    g.sample_size(10);
    g.bench_function("read, preview and print", |b| {
        b.iter(|| {
            let bytes = std::thread::scope(|s| {
                let a = s.spawn(|| printed(halves.0));
                printed(halves.1) + a.join().unwrap()
            });
            assert_eq!(bytes, expected);
        })
    });
    g.finish();

    // 龙井 at 8.5折 with 满300减30 and the shop coupons: every stage in play.
    let item = |max: u32| {
        let mut item: Value = serde_json::from_str(&catalog[0]).unwrap();
        item["max_quantity"] = max.into();
        youhui::Item::from_json(&item.to_string()).unwrap()
    };
    let mut g = c.benchmark_group("preview/one item, by max_quantity");
    for max in [1u32, 10] {
        let item = item(max);
        g.bench_function(format!("max_quantity {max}"), |b| {
            b.iter(|| {
                let p = engine.preview(black_box(&item)).unwrap();
                // One unit: 128.00 at 8.5折 = 108.80 (README's catalog).
                assert_eq!(p.prices.len(), max as usize);
                assert_eq!(p.prices[0].each.fen(), 108_80);
            })
        });
    }
    g.finish();
}

criterion_group!(pricing, benches, preview);
criterion_main!(pricing);
