//! Hostile input: every size is bounded, an input above a bound is refused with
//! a short, clear error, and the largest legal input prices exactly.

use serde_json::json;
use youhui::{limits, Cart, Engine, Rules};

fn cart_json(lines: usize, unit: &str, qty: u32) -> String {
    let lines: Vec<_> = (0..lines)
        .map(|k| json!({ "id": format!("L{k}"), "shop": format!("s{}", k % 50), "sku": "k", "unit_price": unit, "quantity": qty }))
        .collect();
    json!({ "now": "2026-11-11T10:00:00+08:00", "lines": lines }).to_string()
}

#[test]
fn a_ten_megabyte_rules_file_is_checked_and_prices() {
    let promos: Vec<_> = (0..80_000)
        .map(|k| json!({ "id": format!("promotion-{k:06}"), "type": "shop_coupon", "shop": format!("shop-{}", k / 6),
                         "name": "满200减20店铺优惠券 (fuzzing the size)", "min_amount": "200", "amount_off": "20" }))
        .collect();
    let text = json!({ "promotions": promos }).to_string();
    assert!(text.len() > 10 << 20, "{} bytes", text.len());
    let engine = Engine::new(Rules::from_json(&text).unwrap()).unwrap();
    let cart = Cart::from_json(&cart_json(3, "100", 1).replace("\"s0\"", "\"shop-0\"")).unwrap();
    let q = engine.price(&cart).unwrap();
    assert_eq!(q.audit(), Ok(()));
}

#[test]
fn a_cart_of_100000_lines_is_refused_as_over_the_limit() {
    let text = cart_json(100_000, "1", 1);
    let cart = Cart::from_json(&text).unwrap();
    let engine = Engine::new(Rules::from_json(r#"{"promotions":[]}"#).unwrap()).unwrap();
    let e = engine.price(&cart).unwrap_err();
    assert!(e.is_limit());
    assert_eq!(
        e.to_string(),
        format!(
            "cart file, lines: 100000 lines; the limit is {}",
            limits::MAX_LINES
        )
    );
}

#[test]
fn the_largest_legal_cart_prices_exactly() {
    // 1000 lines of 100000 units at 100,000,000.00 yuan: 10^18 fen in all.
    let rules = Rules::from_json(
        r#"{"promotions":[
            {"id":"f","type":"item_discount","shop":"s0","fold":"0.1"},
            {"id":"e","type":"threshold","shop":"s1","every":{"amount":"0.02","amount_off":"0.01"}},
            {"id":"r","type":"rebate","shop":"s2","max_ratio":"1","earn_ratio":"1"},
            {"id":"p","type":"platform_coupon","fold":"0.1"}]}"#,
    )
    .unwrap();
    let mut cart = Cart::from_json(&cart_json(
        limits::MAX_LINES,
        "100000000",
        limits::MAX_QUANTITY,
    ))
    .unwrap();
    cart.coupons = vec!["p".into()];
    cart.customer
        .rebate_balances
        .insert("s2".into(), youhui::Amount::MAX);
    let q = Engine::new(rules).unwrap().price(&cart).unwrap();
    assert_eq!(q.totals.original.fen(), 1_000_000_000_000_000_000);
    assert_eq!(q.audit(), Ok(()));
    // Line 0 (shop s0): 0.1折 of 100,000,000.00 is 1,000,000.00 a unit, × 100000 = 10^13 fen;
    // the platform coupon (0.1折 on the reference amounts, exact here) takes 99 % of it: 10^11 left.
    assert_eq!(q.lines[0].paid.fen(), 100_000_000_000);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Every field has a fixed type, so nesting is refused at its first level; serde_json's
    // recursion limit (128) would stop it otherwise.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!(
        r#"{{"promotions":[{{"id":"x","type":"item_discount","shop":"s","fold":"9","name":{deep}}}]}}"#
    );
    let e = Rules::from_json(&text).unwrap_err();
    assert_eq!(e.location(), "rules file, promotions[0].name");
    assert!(
        e.message()
            .starts_with("invalid type: sequence, expected a string"),
        "{e}"
    );
    let e = Cart::from_json(&deep).unwrap_err();
    assert_eq!(
        e.to_string(),
        "cart file: the cart file must be a JSON object ({ … })"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let text = " ".repeat(limits::MAX_FILE_BYTES + 1);
    let e = Cart::from_json(&text).unwrap_err();
    assert!(e.is_limit() && e.is_limit());
    assert!(e.to_string().contains("the limit is 67108864 bytes"), "{e}");
}

#[test]
fn a_megabyte_id_gives_a_short_message() {
    let id = "x".repeat(1 << 20);
    let rules: Rules = serde_json::from_value(json!({ "promotions": [ { "id": id, "type": "rebate", "shop": "s", "max_ratio": "0.1" } ] })).unwrap();
    let e = Engine::new(rules).unwrap_err();
    assert!(e.is_limit());
    assert!(e.to_string().len() < 300, "{} bytes", e.to_string().len());

    let engine = Engine::new(Rules::from_json(r#"{"promotions":[]}"#).unwrap()).unwrap();
    let mut cart = Cart::from_json(&cart_json(1, "1", 1)).unwrap();
    cart.coupons = vec![id.clone()];
    let e = engine.price(&cart).unwrap_err();
    assert!(e.to_string().len() < 300, "{} bytes", e.to_string().len());
    assert!(
        e.to_string()
            .contains("… (1048576 bytes) names no coupon promotion"),
        "{e}"
    );

    let mut cart = Cart::from_json(&cart_json(1, "1", 1)).unwrap();
    cart.customer
        .rebate_balances
        .insert(id, youhui::Amount::ZERO);
    let e = engine.price(&cart).unwrap_err();
    assert!(e.is_limit() && e.to_string().len() < 300, "{e}");
}

#[test]
fn too_many_coupon_combinations_for_best_are_refused() {
    // 21 shops with one held coupon each: 2^21 combinations > 2^20.
    let promos: Vec<_> = (0..21)
        .map(|s| json!({ "id": format!("c{s}"), "type": "shop_coupon", "shop": format!("s{s}"), "amount_off": "1" }))
        .collect();
    let engine =
        Engine::new(serde_json::from_value(json!({ "promotions": promos })).unwrap()).unwrap();
    let lines: Vec<_> = (0..21).map(|s| json!({ "id": format!("L{s}"), "shop": format!("s{s}"), "sku": "k", "unit_price": "10", "quantity": 1 })).collect();
    let coupons: Vec<_> = (0..21).map(|s| format!("c{s}")).collect();
    let mut cart: Cart = serde_json::from_value(
        json!({ "now": "2026-11-11T10:00:00+08:00", "lines": lines, "coupons": coupons }),
    )
    .unwrap();
    let e = engine.price(&cart).unwrap_err();
    assert!(e.is_limit(), "{e}");
    assert!(e.to_string().contains("use \"as_given\""), "{e}");
    // as_given has no such limit.
    cart.coupon_selection = youhui::CouponSelection::AsGiven;
    assert_eq!(engine.price(&cart).unwrap().totals.shop_coupon.fen(), 2100);
}

#[test]
fn too_many_promotions_are_refused() {
    let one: youhui::Promotion = serde_json::from_value(
        json!({ "id": "x", "type": "rebate", "shop": "s", "max_ratio": "0.1" }),
    )
    .unwrap();
    let rules = Rules {
        settings: Default::default(),
        promotions: vec![one; limits::MAX_PROMOTIONS + 1],
    };
    let e = Engine::new(rules).unwrap_err();
    assert!(e.is_limit());
    assert_eq!(
        e.to_string(),
        "rules file, promotions: 1000001 promotions; the limit is 1000000"
    );
}
