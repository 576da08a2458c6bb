//! Refunds of returned units (contract v3) and what they read: the quote's
//! lines with their shop, SKU and quantity (contract v3). The worked
//! refunds are in `tests/cases/17_refunds.json` (see [`steps`]).

use crate::support::subset;

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

/// The `refunds` of a worked case (tests/cases): each returns file refunded
/// from `quote`, matched field by field, or refused with the message pinned.
pub(crate) fn steps(quote: &youhui::Quote, steps: &serde_json::Value) -> Result<(), String> {
    for (k, step) in steps
        .as_array()
        .ok_or("refunds is a list")?
        .iter()
        .enumerate()
    {
        let text = step["returns"].to_string();
        let returns =
            youhui::Returns::from_json(&text).map_err(|e| format!("refunds[{k}]: {e}"))?;
        match (youhui::refund(quote, &returns), step.get("error")) {
            (Ok(r), None) => {
                let json = serde_json::to_string(&r).unwrap();
                let back: youhui::Refund = serde_json::from_str(&json)
                    .map_err(|e| format!("refunds[{k}]: the refund does not re-parse: {e}"))?;
                if back != r {
                    return Err(format!("refunds[{k}]: the refund does not round-trip"));
                }
                let actual: serde_json::Value = serde_json::from_str(&json).unwrap();
                subset(
                    step.get("expect").ok_or("a refund step has expect")?,
                    &actual,
                    &format!("refunds[{k}]"),
                )?;
            }
            (Ok(r), Some(_)) => return Err(format!("refunds[{k}]: expected an error, got {r:?}")),
            (Err(e), None) => return Err(format!("refunds[{k}]: unexpected error: {e}")),
            (Err(e), Some(err)) => {
                let whole = err["message"].as_str().ok_or("error.message")?;
                if e.to_string() != whole {
                    return Err(format!(
                        "refunds[{k}]: message changed:\n      now {:?}\n   pinned {whole:?}",
                        e.to_string()
                    ));
                }
            }
        }
    }
    Ok(())
}

fn priced() -> youhui::Quote<'static> {
    let engine = youhui::Engine::new(
        youhui::Rules::from_json(
            r#"{"promotions":[{"id":"mj","type":"threshold","shop":"tea","tiers":[{"min_amount":"20","amount_off":"3"}]}]}"#,
        )
        .unwrap(),
    )
    .unwrap();
    let cart = youhui::Cart::from_json(
        r#"{"now":"2026-11-11T10:00:00+08:00","shipping":{"tea":"6.00"},"lines":[
            {"id":"L1","shop":"tea","sku":"longjing","unit_price":"10.00","quantity":2},
            {"id":"L2","shop":"tea","sku":"tin","unit_price":"5.00","quantity":1}]}"#,
    )
    .unwrap();
    // 25.00 ≥ 20: 3.00 off, L1 3 × 20/25 = 2.40, L2 0.60; payable 22.00 + 6.00 = 28.00.
    engine.price(&cart).unwrap().into_owned()
}

fn one(line: &str) -> youhui::Returns {
    youhui::Returns::from_json(&format!(
        r#"{{"returns":[{{"line":"{line}","quantity":1}}]}}"#
    ))
    .unwrap()
}

/// A stored quote whose figures do not add up is refused, not refunded.
#[test]
fn a_quote_whose_figures_do_not_add_up_is_refused() {
    let q = priced();
    assert_eq!(q.totals.payable.to_string(), "28.00");
    assert!(youhui::refund(&q, &one("L1")).is_ok());
    let fen = |f| youhui::Amount::from_fen(f).unwrap();
    // A line's paid raised: its discounts no longer make original − paid.
    let mut t = q.clone();
    t.lines[0].paid = fen(t.lines[0].paid.fen() + 100);
    let e = youhui::refund(&t, &one("L1")).unwrap_err().to_string();
    assert!(e.contains("do not add up") && e.contains("line L1"), "{e}");
    // The payable lowered: Σ paid + shipping ≠ payable.
    let mut t = q.clone();
    t.totals.payable = fen(2700);
    let e = youhui::refund(&t, &one("L1")).unwrap_err().to_string();
    assert!(e.contains("do not add up") && e.contains("payable"), "{e}");
    // A line left out (a truncated quote).
    let mut t = q.clone();
    t.lines.pop();
    let e = youhui::refund(&t, &one("L1")).unwrap_err().to_string();
    assert!(e.contains("do not add up"), "{e}");
    // Two lines of one id, a line of a shop the quote does not list, no units.
    let mut t = q.clone();
    t.lines[1].id = "L1".into();
    let e = youhui::refund(&t, &one("L1")).unwrap_err().to_string();
    assert_eq!(
        e,
        "quote, line \"L1\": the line id appears twice in the quote"
    );
    let mut t = q.clone();
    t.lines[1].shop = "cups".into();
    let e = youhui::refund(&t, &one("L1")).unwrap_err().to_string();
    assert_eq!(
        e,
        "quote, line \"L2\": its shop \"cups\" is not among the quote's shops"
    );
    let mut t = q.clone();
    t.lines[1].quantity = 0;
    let e = youhui::refund(&t, &one("L1")).unwrap_err().to_string();
    assert_eq!(e, "quote, line \"L2\": quantity 0 is outside 1 to 100000");
    let mut t = q.clone();
    t.lines[1].id = "L\u{7}2".into();
    assert!(youhui::refund(&t, &one("L1")).is_err());
}

/// The quote and the returns are read as strictly as a cart.
#[test]
fn the_quote_and_the_returns_are_read_strictly() {
    let q = priced();
    let json = serde_json::to_string(&q).unwrap();
    assert_eq!(youhui::Quote::from_json(&json).unwrap(), q);
    assert_eq!(
        youhui::Quote::from_json(&format!("\u{feff}{json}")).unwrap(),
        q
    );
    for (bad, says) in [
        (
            json.replacen(
                r#""currency":"CNY""#,
                r#""currency":"CNY","currency":"CNY""#,
                1,
            ),
            "duplicate field `currency`",
        ),
        (
            json.replacen(r#""sku":"longjing""#, r#""sku":"longjing","note":1"#, 1),
            "unknown field `note`",
        ),
        (
            json.replacen(r#""hints":[]"#, r#""hints":[],"x":1"#, 1),
            "unknown field `x`",
        ),
        (
            json.replacen(r#""sku":"longjing""#, r#""sku":null"#, 1),
            "invalid type: null",
        ),
        ("[]".to_string(), "must be a JSON object"),
        (format!("{json} {{}}"), "trailing characters"),
    ] {
        let e = youhui::Quote::from_json(&bad).unwrap_err().to_string();
        assert!(e.contains(says), "{e}");
    }
    for (bad, says) in [
        (
            r#"{"returns":[{"line":"L1","quantity":1}],"returns":[]}"#,
            "duplicate field `returns`",
        ),
        (
            r#"{"returns":[{"line":"L1","quantity":1,"unit":2}]}"#,
            "unknown field `unit`",
        ),
        (
            r#"{"returns":[{"line":"L1","quantity":-1}]}"#,
            "returns[0].quantity",
        ),
        (
            r#"{"returns":[{"line":"L1","quantity":1.5}]}"#,
            "returns[0].quantity",
        ),
        (
            r#"{"returns":[{"line":"L1","quantity":1}],"returned_before":null}"#,
            "null",
        ),
        (r#"{"returned_before":[]}"#, "missing field `returns`"),
        (r#"{"returns":[["L1",1]]}"#, "expected a JSON object"),
        (r#"[[]]"#, "must be a JSON object"),
    ] {
        let e = youhui::Returns::from_json(bad).unwrap_err().to_string();
        assert!(e.contains(says), "{bad}: {e}");
    }
    assert!(
        youhui::Returns::from_json("\u{feff}{\"returns\":[{\"line\":\"L1\",\"quantity\":1}]}")
            .is_ok()
    );
    let big = format!(
        r#"{{"returns":[{}]}}"#,
        vec![r#"{"line":"L1","quantity":1}"#; 1001].join(",")
    );
    let e = youhui::refund(&q, &youhui::Returns::from_json(&big).unwrap()).unwrap_err();
    assert!(e.is_limit(), "{e}");
}

/// The README's 双11 cart: L1, three longjing, paid 230.06 with 19.04 of
/// rebate credit and 8.09 of points, refunded one unit at a time, then the
/// tea shop's last lines.
#[test]
fn the_example_longjing_comes_back_one_unit_at_a_time() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let engine =
        youhui::Engine::new(youhui::Rules::from_json(&read("examples/rules.json")).unwrap())
            .unwrap();
    let cart = youhui::Cart::from_json(&read("examples/cart.json")).unwrap();
    let quote = engine.price(&cart).unwrap();
    let returns = |json: &str| youhui::Returns::from_json(json).unwrap();
    let step = |json: &str| youhui::refund(&quote, &returns(json)).unwrap();
    // The points: the five stages leave L1 238.15, L2 50.70, L2a 23.84,
    // L3 234.37, L4 98.48, L5 31.41: B = 67695 fen; ⌊67695 × 0.5⌋ = 33847;
    // min(2345, 33847) = 2345, in units of 100: N = 2300. 2300 × a / 67695:
    // L1 54774500 → 809 r 9245, L2 11661000 → 172 r 17460, L2a 5483200 → 80
    // r 67600, L3 53905100 → 796 r 19880, L4 22650400 → 334 r 40270, L5
    // 7224300 → 106 r 48630; 2297 given, the 3 fen left to the largest
    // remainders L2a, L5, L4: 809, 172, 81, 796, 335, 107. L1 paid 23815 − 809
    // = 23006, L2 5070 − 172 = 4898, L2a 2384 − 81 = 2303.
    assert_eq!(quote.points.map(|p| p.used), Some(2300));
    // paid 23006 = 3 × 7668 + 2: 76.69, 76.69, 76.68.
    // rebate 1904 = 3 × 634 + 2: 6.35, 6.35, 6.34. points 809 = 3 × 269 + 2: 270, 270, 269.
    let r = step(r#"{"returns":[{"line":"L1","quantity":1}]}"#);
    assert_eq!(
        (
            r.lines[0].money.to_string(),
            r.lines[0].rebate.to_string(),
            r.lines[0].points
        ),
        ("76.69".into(), "6.35".into(), 270)
    );
    assert!(r.shipping.is_empty());
    let r = step(
        r#"{"returned_before":[{"line":"L1","quantity":1}],"returns":[{"line":"L1","quantity":1}]}"#,
    );
    assert_eq!(
        (
            r.lines[0].money.to_string(),
            r.lines[0].rebate.to_string(),
            r.lines[0].points
        ),
        ("76.69".into(), "6.35".into(), 270)
    );
    // The last longjing with L2 (48.98, rebate 4.05, 172 points) and L2a
    // (23.03, rebate 1.91, 81 points) empties west-lake-tea: its 10.00
    // shipping comes back too. money 76.68 + 48.98 + 23.03 + 10.00 = 158.69;
    // rebate 6.34 + 4.05 + 1.91 = 12.30; points 269 + 172 + 81 = 522.
    let r = step(
        r#"{"returned_before":[{"line":"L1","quantity":2}],
            "returns":[{"line":"L2a","quantity":1},{"line":"L1","quantity":1},{"line":"L2","quantity":1}]}"#,
    );
    let money: Vec<String> = r.lines.iter().map(|l| l.money.to_string()).collect();
    assert_eq!(money, ["23.03", "76.68", "48.98"]);
    assert_eq!(r.lines[1].rebate.to_string(), "6.34");
    assert_eq!(r.shipping.len(), 1);
    assert_eq!(
        (&*r.shipping[0].shop, r.shipping[0].amount.to_string()),
        ("west-lake-tea", "10.00".to_string())
    );
    assert_eq!(r.totals.money.to_string(), "158.69");
    assert_eq!(r.totals.rebate.to_string(), "12.30");
    assert_eq!(r.totals.points, 522);
}
