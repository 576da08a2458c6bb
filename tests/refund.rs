//! Refunds of returned units (contract §16) and what they read: the quote's
//! lines with their shop, SKU and quantity (contract §7, v3).

/// A quote line prints its keys in the contract's order, the three v3 keys
/// right after `id`, and nothing else changed around them.
#[test]
fn a_quote_line_prints_shop_sku_and_quantity_after_its_id() {
    let engine = youhui::Engine::new(
        youhui::Rules::from_json(
            r#"{"promotions":[{"id":"flash","type":"item_discount","shop":"tea","fold":"8"}]}"#,
        )
        .unwrap(),
    )
    .unwrap();
    let cart = youhui::Cart::from_json(
        r#"{"now":"2026-11-11T10:00:00+08:00","lines":[
            {"id":"L1","shop":"tea","sku":"longjing","category":"green","unit_price":"10.00","quantity":3}]}"#,
    )
    .unwrap();
    let json = serde_json::to_string(&engine.price(&cart).unwrap().lines[0]).unwrap();
    // 10.00 × 3 = 30.00; 8折: 8.00 a unit, 2.00 off × 3 = 6.00; paid 24.00.
    assert_eq!(
        json,
        r#"{"id":"L1","shop":"tea","sku":"longjing","quantity":3,"original":"30.00","paid":"24.00","discounts":[{"promotion":"flash","stage":"item_discount","amount":"6.00"}]}"#
    );
}
