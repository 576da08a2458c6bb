//! Use limits (contract v3, 每人限用, 每人限购, 发行量) where the worked cases
//! of `tests/cases/19_use_limits.json` cannot reach: 到手价 (a preview's
//! customer carries the counts; its one-line carts have no `uses` of all
//! customers), and an engine built in Rust.

use youhui::{Engine, Item, Rules};

fn engine() -> Engine {
    Engine::new(
        Rules::from_json(
            r#"{"promotions":[
            {"id":"flash","type":"item_discount","shop":"tea","fold":"8","limits":{"per_customer_units":3}},
            {"id":"sc20","type":"shop_coupon","shop":"tea","min_amount":"100","amount_off":"20","limits":{"per_customer":1}}]}"#,
        )
        .unwrap(),
    )
    .unwrap()
}

fn item(customer: &str) -> Item {
    Item::from_json(&format!(
        r#"{{"now":"2026-11-11T10:00:00+08:00","customer":{customer},"shop":"tea","sku":"cup","unit_price":"50.00","max_quantity":3}}"#
    ))
    .unwrap()
}

/// A preview prices each quantity with the buyer's counts: the coupon the
/// buyer used up does not apply, and 每人限购 discounts only the units left.
#[test]
fn a_preview_applies_the_buyers_limits() {
    let engine = engine();
    // 3 − 1 bought = 2 units left at 8折 (40.00); sc20 used once = its limit.
    let used = item(r#"{"uses":{"sc20":1},"units":{"flash":1}}"#);
    let p = engine.preview(&used).unwrap();
    let got: Vec<(String, String, Vec<String>)> = p
        .prices
        .iter()
        .map(|x| {
            let ids = x.promotions.iter().map(|s| s.to_string()).collect();
            (x.payable.to_string(), x.each.to_string(), ids)
        })
        .collect();
    let flash = || vec!["flash".to_string()];
    assert_eq!(
        got,
        [
            // q=1: 40.00.
            ("40.00".into(), "40.00".into(), flash()),
            // q=2: 2 × 40.00 = 80.00, 40.00 each.
            ("80.00".into(), "40.00".into(), flash()),
            // q=3: 2 × 40.00 + 50.00 = 130.00 (sc20 would take 20.00: used
            // up); 130.00 / 3 = 43.333… → 43.34 rounded up.
            ("130.00".into(), "43.34".into(), flash()),
        ]
    );
    // Ties of each go to the smaller quantity.
    assert_eq!(
        (p.best.quantity, p.best.each.to_string()),
        (1, "40.00".into())
    );

    // A buyer with no counts: 3 units at 40.00 = 120.00 − sc20's 20.00 = 100.00.
    let fresh = item("{}");
    let p = engine.preview(&fresh).unwrap();
    assert_eq!(p.prices[2].payable.to_string(), "100.00");
    assert_eq!(p.prices[2].promotions, ["flash", "sc20"]);
}

/// A count for an id of no promotion is refused, named in the item file.
#[test]
fn a_preview_refuses_a_count_for_no_promotion() {
    let typo = item(r#"{"uses":{"sc2":1}}"#);
    let e = engine().preview(&typo).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"item file, customer.uses.sc2: "sc2" names no promotion of the rules file; did you mean "sc20"?"#
    );
    assert_eq!(e.kind(), youhui::ErrorKind::NotFound);
}

/// A cart built in Rust goes through the same checks as one read from JSON:
/// a count above 100,000,000 is refused, named by its map and id.
#[test]
fn a_count_out_of_range_built_in_rust_is_refused() {
    let mut cart = youhui::Cart::from_json(
        r#"{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"tea","sku":"cup","unit_price":"50.00","quantity":1}]}"#,
    )
    .unwrap();
    cart.customer.units.insert("flash".into(), u64::MAX);
    let e = engine().price(&cart).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "cart file, customer.units.flash: count {} must be from 0 to 100000000",
            u64::MAX
        )
    );
    assert_eq!(e.kind(), youhui::ErrorKind::InvalidValue);
}
