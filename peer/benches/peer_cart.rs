//! youhui beside stateset-core 1.40.0 (issue 18's Rust peer) and a
//! hand-written integer floor, on one cart, in one process.
//!
//! The cart is the peer's kind of cart: 10 lines of one shop, 8折 on five of
//! them (SKU-scoped), 满300减30 / 满2000减250 on what the items cost after
//! it, and a ¥10 coupon. Worked by hand:
//!
//! | line | unit × qty | original | 8折 |
//! |---|---|---:|---:|
//! | tea-a | 199.00 × 2 | 398.00 | 318.40 |
//! | tea-b | 89.00 × 1 | 89.00 | 71.20 |
//! | tea-c | 129.00 × 3 | 387.00 | 309.60 |
//! | cup-a | 59.00 × 2 | 118.00 | 94.40 |
//! | pot-a | 299.00 × 1 | 299.00 | 239.20 |
//! | five more | 45 × 2, 68, 35 × 4, 650, 25 × 2 | 998.00 | 998.00 |
//!
//! Original 2,289.00; after the 8折 (258.20 off) 2,030.80 ≥ 2,000: 满2000减250
//! → 1,780.80; the coupon → **1,770.80**. Every bench checks that payable.
//!
//! `cargo bench -p youhui-peer` (full run); `-- --test` runs each once.

use std::hint::black_box;

use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion};
use rust_decimal::Decimal;
use stateset_core::{
    evaluate_promotions, ApplyPromotionsRequest, ApplyPromotionsResult, CurrencyCode,
    CustomerUsageCounts, DiscountTier, Promotion, PromotionId, PromotionLineItem, PromotionStatus,
    PromotionTarget, PromotionTrigger, PromotionType, StackingBehavior,
};

/// (SKU, unit price in fen, quantity, in the 8折's scope).
const LINES: [(&str, i64, i64, bool); 10] = [
    ("tea-a", 19_900, 2, true),
    ("tea-b", 8_900, 1, true),
    ("tea-c", 12_900, 3, true),
    ("cup-a", 5_900, 2, true),
    ("pot-a", 29_900, 1, true),
    ("snack-a", 4_500, 2, false),
    ("snack-b", 6_800, 1, false),
    ("snack-c", 3_500, 4, false),
    ("gift-box", 65_000, 1, false),
    ("card", 2_500, 2, false),
];

/// The payable worked by hand above, in fen.
const PAYABLE: i64 = 177_080;

/// The same cart priced by a hand-written integer program that knows it:
/// no parsing, no checks, no explanation. What no engine can beat.
fn floor(lines: &[(&str, i64, i64, bool)]) -> i64 {
    let after: i64 = lines
        .iter()
        .map(|&(_, unit, qty, scoped)| {
            if scoped {
                (unit * 8 + 5) / 10 * qty
            } else {
                unit * qty
            }
        })
        .sum();
    let tier = if after >= 200_000 {
        25_000
    } else if after >= 30_000 {
        3_000
    } else {
        0
    };
    after - tier - 1_000
}

fn youhui_engine() -> (youhui::Engine, youhui::Cart) {
    let scope: Vec<&str> = LINES.iter().filter(|l| l.3).map(|l| l.0).collect();
    let rules = format!(
        r#"{{ "promotions": [
        {{ "id": "fold8", "type": "item_discount", "shop": "s", "fold": "8", "scope": {{ "skus": {scope:?} }} }},
        {{ "id": "mj", "type": "threshold", "shop": "s", "tiers": [
            {{ "min_amount": "300", "amount_off": "30" }}, {{ "min_amount": "2000", "amount_off": "250" }} ] }},
        {{ "id": "c10", "type": "shop_coupon", "shop": "s", "min_amount": "10.01", "amount_off": "10" }}
    ] }}"#
    );
    let lines: Vec<String> = LINES
        .iter()
        .enumerate()
        .map(|(i, &(sku, unit, qty, _))| {
            format!(
                r#"{{ "id": "L{i:02}", "shop": "s", "sku": "{sku}", "unit_price": "{}.{:02}", "quantity": {qty} }}"#,
                unit / 100,
                unit % 100
            )
        })
        .collect();
    let cart = format!(
        r#"{{ "now": "2026-11-11T10:00:00+08:00", "coupons": ["c10"], "lines": [{}] }}"#,
        lines.join(",")
    );
    let engine = youhui::Engine::new(youhui::Rules::from_json(&rules).unwrap()).unwrap();
    (engine, youhui::Cart::from_json(&cart).unwrap())
}

fn fen(x: i64) -> Decimal {
    Decimal::new(x, 2)
}

fn stateset_promotion(code: &str, kind: PromotionType, priority: i32) -> Promotion {
    let now = Utc::now();
    Promotion {
        id: PromotionId::new(),
        code: code.to_string(),
        name: code.to_string(),
        description: None,
        internal_notes: None,
        promotion_type: kind,
        trigger: PromotionTrigger::Automatic,
        target: PromotionTarget::Order,
        stacking: StackingBehavior::Stackable,
        status: PromotionStatus::Active,
        percentage_off: None,
        fixed_amount_off: None,
        max_discount_amount: None,
        buy_quantity: None,
        get_quantity: None,
        get_discount_percent: None,
        tiers: None,
        bundle_product_ids: None,
        bundle_discount: None,
        starts_at: now - chrono::Duration::days(1),
        ends_at: None,
        total_usage_limit: None,
        per_customer_limit: None,
        usage_count: 0,
        conditions: Vec::new(),
        applicable_product_ids: Vec::new(),
        applicable_category_ids: Vec::new(),
        applicable_skus: Vec::new(),
        excluded_product_ids: Vec::new(),
        excluded_category_ids: Vec::new(),
        eligible_customer_ids: Vec::new(),
        eligible_customer_groups: Vec::new(),
        currency: CurrencyCode::USD,
        priority,
        metadata: None,
        created_at: now,
        updated_at: now,
    }
}

fn stateset_cart() -> (ApplyPromotionsRequest, Vec<Promotion>) {
    let items: Vec<PromotionLineItem> = LINES
        .iter()
        .enumerate()
        .map(|(i, &(sku, unit, qty, _))| PromotionLineItem {
            id: format!("L{i:02}"),
            product_id: None,
            variant_id: None,
            sku: Some(sku.to_string()),
            category_ids: vec![],
            quantity: qty as i32,
            unit_price: fen(unit),
            line_total: fen(unit * qty),
        })
        .collect();
    let request = ApplyPromotionsRequest {
        subtotal: items.iter().map(|i| i.line_total).sum(),
        line_items: items,
        currency: CurrencyCode::USD,
        ..Default::default()
    };
    let mut fold = stateset_promotion("fold8", PromotionType::PercentageOff, 1);
    fold.percentage_off = Some(Decimal::new(20, 2));
    fold.applicable_skus = LINES
        .iter()
        .filter(|l| l.3)
        .map(|l| l.0.to_string())
        .collect();
    let mut mj = stateset_promotion("mj", PromotionType::TieredDiscount, 2);
    let tier = |min: i64, off: i64| DiscountTier {
        min_value: fen(min),
        max_value: None,
        percentage_off: None,
        fixed_amount_off: Some(fen(off)),
    };
    mj.tiers = Some(vec![tier(30_000, 3_000), tier(200_000, 25_000)]);
    let mut coupon = stateset_promotion("c10", PromotionType::FixedAmountOff, 3);
    coupon.fixed_amount_off = Some(fen(1_000));
    (request, vec![fold, mj, coupon])
}

fn stateset_price(request: &ApplyPromotionsRequest, promotions: &[Promotion]) -> Decimal {
    let mut result = ApplyPromotionsResult::default();
    evaluate_promotions(
        request,
        promotions.iter().map(|p| (p.clone(), None)).collect(),
        &CustomerUsageCounts::new(),
        &mut result,
    )
    .unwrap();
    result.grand_total
}

fn peer_cart(c: &mut Criterion) {
    assert_eq!(floor(&LINES), PAYABLE, "the floor");
    let (engine, cart) = youhui_engine();
    assert_eq!(
        engine.price(&cart).unwrap().totals.payable.fen(),
        PAYABLE,
        "youhui"
    );
    let (request, promotions) = stateset_cart();
    assert_eq!(
        stateset_price(&request, &promotions),
        fen(PAYABLE),
        "stateset-core"
    );

    let mut group = c.benchmark_group("peer_cart");
    group.bench_function("youhui", |b| {
        b.iter(|| {
            assert_eq!(
                engine.price(black_box(&cart)).unwrap().totals.payable.fen(),
                PAYABLE
            )
        })
    });
    // The cart checked on every iteration, priced into one quote kept across
    // iterations: what a stream of new carts costs with `price_into`.
    let mut quote = youhui::Quote::default();
    group.bench_function("youhui check_cart + price_into", |b| {
        b.iter(|| {
            let checked = engine.check_cart(black_box(&cart)).unwrap();
            engine.price_into(&checked, &mut quote).unwrap();
            assert_eq!(quote.totals.payable.fen(), PAYABLE)
        })
    });
    // The cart checked once, outside the loop, then priced into one quote:
    // what re-pricing one cart costs (a checkout re-pricing as the buyer
    // changes nothing but asks again, a simulation of one cart).
    let checked = engine.check_cart(&cart).unwrap();
    let mut quote = youhui::Quote::default();
    group.bench_function("youhui price_into (checked once)", |b| {
        b.iter(|| {
            engine.price_into(black_box(&checked), &mut quote).unwrap();
            assert_eq!(quote.totals.payable.fen(), PAYABLE)
        })
    });
    group.bench_function("stateset-core 1.40.0", |b| {
        b.iter(|| {
            assert_eq!(
                stateset_price(black_box(&request), &promotions),
                fen(PAYABLE)
            )
        })
    });
    group.bench_function("hand-written floor", |b| {
        b.iter(|| assert_eq!(floor(black_box(&LINES)), PAYABLE))
    });
    group.finish();
}

criterion_group!(benches, peer_cart);
criterion_main!(benches);
