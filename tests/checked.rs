//! A cart checked once and priced many times ([`youhui::CheckedCart`],
//! `Engine::check_cart`, `price_checked`, `price_into`): the same quote as
//! `Engine::price`, to the byte, whatever the quote priced into held before,
//! and only with the engine that checked it.

use proptest::prelude::*;
use serde_json::Value;
use youhui::strategy::{self, Sizes};
use youhui::{Cart, Engine, ErrorKind, Quote, Rules};

use crate::conformance::text_of;

fn json(q: &Quote<'_>) -> String {
    serde_json::to_string(q).unwrap()
}

/// Every priced case of `tests/cases` priced three ways: `price`,
/// `price_checked` and `price_into` a quote that holds the previous case's
/// quote (other lines, shops, discounts, gifts, reasons and hints). Every
/// case refused by `price` is refused by `check_cart` or `price_checked`
/// with the same message.
#[test]
fn every_case_prices_the_same_checked_and_into_a_reused_quote() {
    let files = crate::support::case_files();
    let mut previous: Quote<'static> = Quote::default();
    let (mut priced, mut refused) = (0, 0);
    for f in &files {
        let file: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for case in file["cases"].as_array().unwrap() {
            if case.get("warnings").is_some() {
                continue;
            }
            let name = format!("{}: {}", f.display(), case["name"]);
            let Some(rules) = text_of(&file, case, "rules") else {
                continue;
            };
            let Ok(engine) = Rules::from_json(&rules).and_then(Engine::new) else {
                continue;
            };
            let Some(Ok(cart)) = text_of(&file, case, "cart").map(|c| Cart::from_json(&c)) else {
                continue;
            };
            let fresh = match engine.price(&cart) {
                Ok(q) => q,
                Err(e) => {
                    let again = engine
                        .check_cart(&cart)
                        .and_then(|c| engine.price_checked(&c).map(drop));
                    let again = again.expect_err(&name);
                    assert_eq!(again.to_string(), e.to_string(), "{name}");
                    assert_eq!(again.kind(), e.kind(), "{name}");
                    refused += 1;
                    continue;
                }
            };
            let checked = engine.check_cart(&cart).expect(&name);
            assert_eq!(
                json(&engine.price_checked(&checked).unwrap()),
                json(&fresh),
                "{name}"
            );
            let mut reused: Quote<'_> = previous.clone();
            engine.price_into(&checked, &mut reused).unwrap();
            assert_eq!(
                reused, fresh,
                "{name}: priced into the previous case's quote"
            );
            assert_eq!(json(&reused), json(&fresh), "{name}");
            // Twice into the same quote: the same again.
            engine.price_into(&checked, &mut reused).unwrap();
            assert_eq!(
                json(&reused),
                json(&fresh),
                "{name}: priced into its own quote"
            );
            previous = reused.into_owned();
            priced += 1;
        }
    }
    assert!(
        priced >= 200 && refused >= 15,
        "{priced} priced, {refused} refused"
    );
}

const RULES: &str = r#"{ "promotions": [
    { "id": "mj", "type": "threshold", "shop": "tea",
      "tiers": [ { "min_amount": "200", "amount_off": "20" } ] } ] }"#;

const CART: &str = r#"{ "now": "2026-11-11T10:00:00+08:00",
    "lines": [ { "id": "L1", "shop": "tea", "sku": "longjing", "unit_price": "128.00", "quantity": 2 } ] }"#;

/// A checked cart belongs to the engine that checked it: another engine,
/// even of the very same rules, refuses it, by both entry points, and
/// leaves the quote it was given as it was.
#[test]
fn another_engine_refuses_a_checked_cart() {
    let engine = Engine::new(Rules::from_json(RULES).unwrap()).unwrap();
    let twin = Engine::new(Rules::from_json(RULES).unwrap()).unwrap();
    let cart = Cart::from_json(CART).unwrap();
    let checked = engine.check_cart(&cart).unwrap();
    let err = twin.price_checked(&checked).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.is_cart());
    assert_eq!(
        err.to_string(),
        "checked cart: it was checked by another engine; check the cart with this one (Engine::check_cart) before pricing it"
    );
    // 256.00 ≥ 200: 满200减20 → 236.00.
    let mut quote = engine.price_checked(&checked).unwrap();
    assert_eq!(quote.totals.payable.to_string(), "236.00");
    let before = quote.clone();
    let err = twin.price_into(&checked, &mut quote).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(quote, before, "a refused price leaves the quote as it was");
    // Its own engine still prices it, and the twin prices the cart checked by itself.
    assert_eq!(engine.price_checked(&checked).unwrap(), before);
    let by_twin = twin.check_cart(&cart).unwrap();
    assert_eq!(twin.price_checked(&by_twin).unwrap(), before);
}

/// The checked cart's index reflects the cart as it was checked: the cart
/// is borrowed, so it cannot change meanwhile; a cart changed after its
/// checked cart is dropped is checked again.
#[test]
fn a_checked_cart_is_the_cart_it_checked() {
    let engine = Engine::new(Rules::from_json(RULES).unwrap()).unwrap();
    let mut cart = Cart::from_json(CART).unwrap();
    {
        let checked = engine.check_cart(&cart).unwrap();
        assert!(std::ptr::eq(checked.cart(), &cart));
    }
    // One unit: 128.00 < 200, no 满减.
    cart.lines[0].quantity = 1;
    let checked = engine.check_cart(&cart).unwrap();
    assert_eq!(
        engine
            .price_checked(&checked)
            .unwrap()
            .totals
            .payable
            .to_string(),
        "128.00"
    );
    drop(checked); // gives its buffers back to the thread; the cart may change
    cart.lines[0].quantity = 0;
    let err = engine.check_cart(&cart).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cart file, lines[0].quantity: quantity 0 must be from 1 to 100000"
    );
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .map_or(128, |c: u32| c / 2),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// One quote priced into again and again — the cart, then the cart
    /// without its first `k` lines, then the cart again — equals a fresh
    /// price each time.
    #[test]
    fn a_quote_priced_into_again_equals_a_fresh_one((r, c) in strategy::rules_and_cart(Sizes::default()), k in 0usize..50) {
        let engine = Engine::new(r).unwrap();
        let mut shorter = c.clone();
        let k = k % shorter.lines.len();
        shorter.lines.drain(..k);
        let mut quote = Quote::default();
        for cart in [&c, &shorter, &c] {
            let fresh = engine.price(cart);
            let into = engine.check_cart(cart).and_then(|checked| engine.price_into(&checked, &mut quote));
            match (fresh, into) {
                (Ok(fresh), Ok(())) => prop_assert_eq!(json(&quote), json(&fresh)),
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(false, "price {:?}, check_cart and price_into {:?}", a.map(|_| ()), b),
            }
        }
    }
}

/// A repeated line id is refused whatever the cart's size (the check sorts
/// the ids' hashes and compares ids only where two meet), naming the
/// smallest repeated id and its first two lines.
#[test]
fn a_repeated_line_id_is_found_in_a_small_cart_and_a_large_one() {
    let engine = Engine::new(Rules::from_json(r#"{"promotions":[]}"#).unwrap()).unwrap();
    let cart = |ids: &[String]| {
        let lines: Vec<Value> = ids
            .iter()
            .map(|id| serde_json::json!({ "id": id, "shop": "s", "sku": "k", "unit_price": "1.00", "quantity": 1 }))
            .collect();
        let text = serde_json::json!({ "now": "2026-11-11T10:00:00+08:00", "lines": lines });
        Cart::from_json(&text.to_string()).unwrap()
    };
    for n in [2, 3, 15, 16, 17, 40] {
        let mut ids: Vec<String> = (0..n).map(|k| format!("L{k:02}")).collect();
        assert!(engine.check_cart(&cart(&ids)).is_ok(), "{n} lines");
        // Small: lines[n-1] repeats lines[0]. From 4 lines, lines[n-1] repeats
        // lines[1] too, after lines[n-2] repeats lines[0] (the smaller id).
        let second = if n >= 4 {
            ids[n - 1] = ids[1].clone();
            n - 2
        } else {
            n - 1
        };
        ids[second] = ids[0].clone();
        let err = engine.check_cart(&cart(&ids)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Repeated, "{n} lines");
        let (first, id) = (0, "L00");
        let message = err.to_string();
        assert!(
            message.contains(&format!("line \"{id}\""))
                && message.contains(&format!("by lines[{first}] and lines[{second}]")),
            "{n} lines: {message}"
        );
    }
}
