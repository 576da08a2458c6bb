//! A checkout service: one `Engine` shared by a pool of threads, the rules
//! swapped atomically when the merchant publishes new ones, each price logged
//! with its payable.
//!
//! `cargo run --example checkout`
//!
//! Pricing never waits for a publish and never sees half of one: each request
//! loads the engine published at that moment (`ArcSwap::load`, no lock) and
//! prices with it to the end, while `Engine::new` — every check and index of
//! the new rules — runs on the publisher's thread before the swap.

use std::sync::{Arc, Barrier};

use arc_swap::ArcSwap;
use youhui::{Cart, Engine, Rules};

/// The rules in force, and which publication they are.
struct Published {
    version: u32,
    engine: Engine,
}

const WORKERS: usize = 4;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let rules_json = std::fs::read_to_string(dir.join("rules.json"))?;
    let cart_json = std::fs::read_to_string(dir.join("cart.json"))?;
    let cart = Cart::from_json(&cart_json)?;

    let current = ArcSwap::from_pointee(Published {
        version: 1,
        engine: Engine::new(Rules::from_json(&rules_json)?)?,
    });
    // The merchant's next publication: 满300减30 becomes 满300减40.
    let mut next = Rules::from_json(&rules_json)?;
    let mj = next
        .promotions
        .iter_mut()
        .find(|p| p.id == "tea-mj")
        .ok_or("examples/rules.json has no tea-mj")?;
    mj.tiers.as_mut().ok_or("tea-mj has no tiers")?[0].amount_off = Some("40".parse()?);

    // Two rounds of requests with a publish between them (the barrier only
    // makes this example's log predictable; a service needs none).
    let round = Barrier::new(WORKERS + 1);
    let payables = std::thread::scope(|s| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|w| {
                let (current, cart, round) = (&current, &cart, &round);
                s.spawn(move || {
                    let mut seen = Vec::new();
                    for request in 0..2 {
                        if request == 1 {
                            round.wait(); // the publisher is publishing
                        }
                        let published = current.load();
                        let quote = published
                            .engine
                            .price(cart)
                            .expect("the example cart prices");
                        println!(
                            "worker {w}: rules v{} → payable {}",
                            published.version, quote.totals.payable
                        );
                        seen.push((published.version, quote.totals.payable));
                        drop(published);
                        if request == 0 {
                            round.wait(); // every worker has priced under v1
                        }
                    }
                    seen
                })
            })
            .collect();
        round.wait();
        let engine = Engine::new(next).expect("the merchant's new rules are valid");
        current.store(Arc::new(Published { version: 2, engine }));
        println!("publisher: rules v2 live");
        round.wait();
        workers
            .into_iter()
            .map(|w| w.join().expect("a worker panicked"))
            .collect::<Vec<_>>()
    });
    // Every worker priced once under each publication, and the two agree
    // among the workers.
    for seen in &payables {
        assert_eq!(seen[0], payables[0][0]);
        assert_eq!(seen[1], payables[0][1]);
        assert_eq!((seen[0].0, seen[1].0), (1, 2));
    }
    Ok(())
}
