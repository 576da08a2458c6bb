//! Points (积分) outside the worked cases of `tests/cases/21_points.json`:
//! what a quote without a scheme leaves out, the receipt, `simulate`'s sums
//! and its state, and the quote `refund` reads back.

use serde_json::Value;
use youhui::{Cart, Engine, Quote, Rules, Simulation};

const SCHEME: &str = r#"{"settings":{"points":{"max_ratio":"0.5","unit":100,"earn_per_yuan":"0.5"}},
    "promotions":[{"id":"sc20","type":"shop_coupon","shop":"tea","name":"满100减20券","min_amount":"100","amount_off":"20"}]}"#;

/// The same promotion, no points scheme.
const PLAIN: &str = r#"{"promotions":[{"id":"sc20","type":"shop_coupon","shop":"tea","min_amount":"100","amount_off":"20"}]}"#;

fn engine(rules: &str) -> Engine {
    Engine::new(Rules::from_json(rules).unwrap()).unwrap()
}

/// 150.00 with the 满100减20 coupon held → 130.00 after the five stages;
/// a balance of `balance` points.
fn cart(balance: u64, use_points: bool) -> Cart {
    Cart::from_json(&format!(
        r#"{{"now":"2026-11-11T10:00:00+08:00","customer":{{"points":{balance}}},"use_points":{use_points},
        "coupons":["sc20"],"shipping":{{"tea":"8.00"}},
        "lines":[{{"id":"L1","shop":"tea","sku":"cup","unit_price":"150.00","quantity":1}}]}}"#
    ))
    .unwrap()
}

#[test]
fn a_quote_of_rules_without_a_scheme_says_nothing_of_points() {
    let e = engine(r#"{"promotions":[]}"#);
    let c = Cart::from_json(
        r#"{"now":"2026-11-11T10:00:00+08:00","customer":{"points":5000},
        "lines":[{"id":"L1","shop":"tea","sku":"cup","unit_price":"150.00","quantity":1}]}"#,
    )
    .unwrap();
    let q = e.price(&c).unwrap();
    let json: Value = serde_json::to_value(&q).unwrap();
    assert!(json.get("points").is_none(), "{json}");
    assert!(json["totals"].get("points").is_none(), "{json}");
    assert_eq!(json["totals"]["payable"], "150.00");
    // The balance alone changes nothing, and `use_points` is not printed back.
    let printed = serde_json::to_string(&c).unwrap();
    assert!(!printed.contains("use_points"), "{printed}");
}

#[test]
fn the_receipt_shows_the_points_used_and_earned() {
    let e = engine(SCHEME);
    // B = 130.00 = 13000 fen; ⌊13000 × 0.5⌋ = 6500; min(5000, 6500) = 5000,
    // a multiple of 100: 50.00 paid with points; 80.00 + 8.00 shipping = 88.00.
    // Earned ⌊80.00 × 0.5⌋ = 40.
    let c = cart(5000, true);
    let q = e.price(&c).unwrap();
    assert_eq!(q.totals.payable.to_string(), "88.00");
    let text = youhui::receipt(&e, &c, &q);
    assert!(text.contains("积分 points"), "{text}");
    assert!(text.contains("−50.00"), "{text}");
    assert!(
        text.contains("points (积分): used 5000 (−50.00), earned on this order 40"),
        "{text}"
    );
    // Saved (共优惠) is the coupon's 20.00, not the points the buyer spent.
    let saved = text.lines().find(|l| l.starts_with("saved")).unwrap();
    assert!(saved.ends_with("20.00"), "{saved}");
    // Without a scheme the receipt has no points line.
    let plain = engine(PLAIN);
    let c2 = cart(5000, false);
    let text = youhui::receipt(&plain, &c2, &plain.price(&c2).unwrap());
    assert!(!text.contains("积分"), "{text}");
}

#[test]
fn simulate_sums_the_points_and_its_state_keeps_them() {
    let e = engine(SCHEME);
    let mut a = Simulation::new(&e);
    // Cart 1: 5000 used, earned 40 (above). Cart 2: use_points false → 0
    // used; earned ⌊130.00 × 0.5⌋ = 65. Cart 3: balance 123 → min(123, 6500)
    // = 123 → 100 used; earned ⌊129.00 × 0.5⌋ = ⌊64.5⌋ = 64.
    a.add(&cart(5000, true)).unwrap();
    let mut b = Simulation::new(&e);
    b.add(&cart(5000, false)).unwrap();
    b.add(&cart(123, true)).unwrap();
    // Through bytes and back, then merged: the same as one run.
    let b = Simulation::from_bytes(&e, &b.to_bytes()).unwrap();
    a.merge(b);
    let report = a.finish();
    let points = report.points.expect("a scheme reports points");
    assert_eq!((points.used, points.earned), (5100, 40 + 65 + 64));
    assert_eq!(report.totals.points.unwrap().to_string(), "51.00");
    // 88.00 + (130.00 + 8.00) + (129.00 + 8.00) = 363.00.
    assert_eq!(report.totals.payable.to_string(), "363.00");
    let json: Value = serde_json::to_value(&report).unwrap();
    assert_eq!(json["points"]["used"], 5100);
    assert_eq!(json["totals"]["points"], "51.00");
    let text = report.text(&e);
    assert!(
        text.contains("points (积分): used 5100, earned 169"),
        "{text}"
    );
}

#[test]
fn a_simulation_state_written_before_points_reads_as_none_used() {
    let e = engine(SCHEME);
    let mut sim = Simulation::new(&e);
    sim.add(&cart(5000, true)).unwrap();
    let mut state: Value = serde_json::from_slice(&sim.to_bytes()).unwrap();
    assert_eq!(state["points_used"], 5000);
    let o = state.as_object_mut().unwrap();
    o.remove("points_used");
    o.remove("points_earned");
    let old = serde_json::to_vec(&state).unwrap();
    let report = Simulation::from_bytes(&e, &old).unwrap().finish();
    let points = report.points.unwrap();
    assert_eq!((points.used, points.earned), (0, 0));
}

#[test]
fn without_a_scheme_simulate_reports_no_points() {
    let e = engine(PLAIN);
    let mut sim = Simulation::new(&e);
    sim.add(&cart(5000, false)).unwrap();
    let report = sim.finish();
    assert!(report.points.is_none() && report.totals.points.is_none());
    let json: Value = serde_json::to_value(&report).unwrap();
    assert!(json.get("points").is_none() && json["totals"].get("points").is_none());
    assert!(!report.text(&e).contains("积分"));
}

/// An edit of a quote's JSON.
type Edit = fn(&mut Value);

/// The quote of `cart(5000, true)` as JSON, edited by `edit`, read back.
fn tampered(edit: impl Fn(&mut Value)) -> Result<Quote<'static>, String> {
    let e = engine(SCHEME);
    let mut json = serde_json::to_value(e.price(&cart(5000, true)).unwrap()).unwrap();
    edit(&mut json);
    let quote = Quote::from_json(&json.to_string()).map_err(|e| e.to_string())?;
    let returns =
        youhui::Returns::from_json(r#"{"returns":[{"line":"L1","quantity":1}]}"#).unwrap();
    youhui::refund(&quote, &returns).map_err(|e| e.to_string())?;
    Ok(quote)
}

#[test]
fn refund_reads_a_quote_with_points_and_refuses_one_whose_points_were_edited() {
    let q = tampered(|_| {}).unwrap();
    assert_eq!(q.points.unwrap().used, 5000);
    let r = youhui::refund(
        &q,
        &youhui::Returns::from_json(r#"{"returns":[{"line":"L1","quantity":1}]}"#).unwrap(),
    )
    .unwrap();
    // One unit: money 80.00 + shipping 8.00, points 5000 back.
    assert_eq!(
        (r.totals.money.to_string(), r.totals.points),
        ("88.00".into(), 5000)
    );
    let cases: [(&str, Edit); 6] = [
        ("a points share with a promotion", |j| {
            j["lines"][0]["discounts"][1]["promotion"] = "sc20".into();
        }),
        ("totals.points without points", |j| {
            j.as_object_mut().unwrap().remove("points");
        }),
        ("points without totals.points", |j| {
            j["totals"].as_object_mut().unwrap().remove("points");
        }),
        ("points.used not totals.points", |j| {
            j["points"]["used"] = 4900.into()
        }),
        ("a points share raised", |j| {
            j["lines"][0]["discounts"][1]["amount"] = "60.00".into();
        }),
        ("a coupon share without its promotion", |j| {
            j["lines"][0]["discounts"][0]
                .as_object_mut()
                .unwrap()
                .remove("promotion");
        }),
    ];
    for (what, edit) in cases {
        let err = tampered(edit).expect_err(what);
        assert!(err.starts_with("quote, figures:"), "{what}: {err}");
    }
}
