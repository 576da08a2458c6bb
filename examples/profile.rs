//! Prices one of the benches' carts in a loop, for a profiler:
//!
//! ```sh
//! cargo build --profile profiling --example profile
//! valgrind --tool=callgrind target/profiling/examples/profile typical 20000
//! perf record -g target/profiling/examples/profile peer 1000000
//! valgrind --tool=callgrind target/profiling/examples/profile typical-best 20000 simulate
//! valgrind --tool=callgrind target/profiling/examples/profile catalog 3 build
//! valgrind --tool=callgrind target/profiling/examples/profile peer 20000 into
//! ```
//!
//! With `build`, each round builds an [`youhui::Engine`] from a copy of the
//! parsed rules (`Engine::new`, as the `build/` bench does), instead of pricing.
//!
//! With `simulate`, each round reads the cart from its JSON text and adds it to
//! a [`youhui::Simulation`], as `youhui simulate` does with each line. With
//! `into`, each round checks the cart (`Engine::check_cart`) and prices it
//! into one quote kept across rounds (`Engine::price_into`); with `checked`,
//! the cart is checked once and each round only prices it into that quote.
//!
//! Carts: `typical`, `typical-best`, `peer`, `wide`, `heavy`, `catalog`,
//! `fifty-shops`, `hundred-coupons`, `big-shop`, `fifty-bundles`, `eight-bundles`, `twelve-bundles`, `dense-bundles` (see `tests/fixtures.rs`).

#[path = "../tests/fixtures.rs"]
mod fixtures;

use serde_json::Value;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "typical".into());
    let times: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let (rules, cart): (Value, Value) = match which.as_str() {
        "typical" => (
            fixtures::typical_rules(vec![]),
            fixtures::typical_cart("as_given"),
        ),
        "typical-best" => (
            fixtures::typical_rules(vec![]),
            fixtures::typical_cart("best"),
        ),
        "peer" => fixtures::peer_cart(),
        "wide" => fixtures::wide(),
        "heavy" => fixtures::heavy(),
        "catalog" => (fixtures::catalog(), fixtures::typical_cart("as_given")),
        "fifty-shops" => fixtures::fifty_shops_sequential(),
        "hundred-coupons" => fixtures::hundred_coupons_ten_shops("sequential"),
        "big-shop" => fixtures::one_big_shop(50_000),
        "fifty-bundles" => fixtures::fifty_bundles(),
        "eight-bundles" => fixtures::eight_bundles_ten_sets(),
        "twelve-bundles" => fixtures::twelve_bundles_no_limits(),
        "dense-bundles" => fixtures::eight_dense_bundles(),
        other => panic!("no cart named {other:?}"),
    };
    let rules: youhui::Rules = serde_json::from_value(rules).unwrap();
    let mode = args.next();
    if mode.as_deref() == Some("build") {
        // The fastest and the median round of each part, as a rough timing
        // beside the profile (a median that is far above the fastest says the
        // rounds differ, not only the machine's load).
        let (mut new, mut drop) = (Vec::new(), Vec::new());
        for _ in 0..times {
            let copy = rules.clone();
            let start = std::time::Instant::now();
            let engine = youhui::Engine::new(std::hint::black_box(copy)).unwrap();
            let built = std::time::Instant::now();
            assert!(engine.promotion_name("none").is_none());
            std::mem::drop(engine);
            new.push(built - start);
            drop.push(built.elapsed());
        }
        let whole: Vec<_> = new.iter().zip(&drop).map(|(n, d)| *n + *d).collect();
        let f = |mut v: Vec<std::time::Duration>| {
            v.sort();
            (v[0], v[v.len() / 2])
        };
        let ((n0, n1), (d0, d1), (w0, w1)) = (f(new), f(drop), f(whole));
        println!(
            "{which}: {} promotions, built {times} times; fastest / median Engine::new {n0:?} / {n1:?}, its drop {d0:?} / {d1:?}, both {w0:?} / {w1:?}",
            rules.promotions.len()
        );
        return;
    }
    let engine = youhui::Engine::new(rules).unwrap();
    if mode.as_deref() == Some("simulate") {
        let text = cart.to_string();
        let mut sim = youhui::Simulation::new(&engine);
        for n in 0..times {
            sim.add_line(n + 1, std::hint::black_box(&text)).unwrap();
        }
        let report = sim.finish();
        println!(
            "{which}: {} carts, payable {}",
            report.carts, report.totals.payable
        );
        return;
    }
    let cart: youhui::Cart = serde_json::from_value(cart).unwrap();
    let mut payable = 0;
    let mut quote = youhui::Quote::default();
    match mode.as_deref() {
        Some("into") => {
            for _ in 0..times {
                let checked = engine.check_cart(std::hint::black_box(&cart)).unwrap();
                engine.price_into(&checked, &mut quote).unwrap();
                payable = std::hint::black_box(&quote).totals.payable.fen();
            }
            println!(
                "{which}: payable {payable} fen, checked and priced into one quote {times} times"
            );
            return;
        }
        Some("checked") => {
            let checked = engine.check_cart(&cart).unwrap();
            for _ in 0..times {
                engine
                    .price_into(std::hint::black_box(&checked), &mut quote)
                    .unwrap();
                payable = std::hint::black_box(&quote).totals.payable.fen();
            }
            println!("{which}: payable {payable} fen, priced a checked cart into one quote {times} times");
            return;
        }
        _ => {}
    }
    for _ in 0..times {
        payable = std::hint::black_box(engine.price(std::hint::black_box(&cart)).unwrap())
            .totals
            .payable
            .fen();
    }
    println!("{which}: payable {payable} fen, priced {times} times");
}
