//! Properties over generated rules and carts (proptest).
//!
//! Rules and carts are built from a vector of "genes" (plain `u32`s): every
//! choice takes the next gene modulo its number of options, so proptest shrinks
//! a failure towards gene 0, the simplest choice everywhere. Every generated
//! rules file is valid; every generated cart prices.
//!
//! Carts have 1–50 lines over 1–5 shops (1–6 lines where every coupon
//! combination is priced for comparison). The number of cases is
//! `PROPTEST_CASES` (default 256 here; CI runs 10,000).

use proptest::prelude::*;
use youhui::{
    Amount, Audience, BundleItem, Cart, CouponSelection, Customer, Every, Fold, Gift, Lifecycle,
    Line, Promotion, PromotionType, Quote, Ratio, Rounding, Rules, Scope, Settings, Stage,
    ThresholdBase, Tier, Valid,
};

use crate::support::conservation;

const SHOPS: [&str; 5] = ["s0", "s1", "s2", "s3", "s4"];
const SKUS: [&str; 4] = ["k0", "k1", "k2", "k3"];
const CATS: [&str; 2] = ["c0", "c1"];

struct G<'a> {
    genes: &'a [u32],
    at: usize,
}

impl G<'_> {
    fn pick(&mut self, n: usize) -> usize {
        let g = self.genes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        g as usize % n.max(1)
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.pick((hi - lo + 1) as usize) as i64
    }

    fn yes(&mut self, one_in: usize) -> bool {
        self.pick(one_in) == one_in - 1
    }

    fn amount(&mut self, lo: i64, hi: i64) -> Amount {
        Amount::from_fen(self.range(lo, hi)).unwrap()
    }

    fn fold(&mut self) -> Fold {
        let h = [850, 900, 500, 10, 999, 750, 95][self.pick(7)];
        format!("{}.{:02}", h / 100, h % 100).parse().unwrap()
    }
}

fn now() -> jiff::Timestamp {
    "2026-11-11T10:00:00+08:00".parse().unwrap()
}

/// One or two distinct names of `from` (a list may not repeat an entry).
fn some_of(g: &mut G, from: &[&str]) -> Vec<String> {
    let a = g.pick(from.len());
    let b = (a + 1 + g.pick(from.len() - 1)) % from.len();
    if g.yes(2) {
        vec![from[a].into()]
    } else {
        vec![from[a].into(), from[b].into()]
    }
}

fn scope(g: &mut G, platform: bool) -> Option<Scope> {
    match g.pick(6) {
        0..=2 => None,
        3 => Some(Scope {
            skus: Some(some_of(g, &SKUS)),
            ..Scope::default()
        }),
        4 => Some(Scope {
            categories: Some(vec![CATS[g.pick(2)].into()]),
            exclude_skus: Some(vec![SKUS[g.pick(4)].into()]),
            ..Scope::default()
        }),
        _ => Some(Scope {
            shops: platform.then(|| some_of(g, &SHOPS)),
            exclude_skus: Some(vec![SKUS[g.pick(4)].into()]),
            ..Scope::default()
        }),
    }
}

fn audience(g: &mut G) -> Option<Audience> {
    match g.pick(12) {
        0..=6 => None,
        8 => Some(Audience {
            new_customer: Some(false),
            ..Audience::default()
        }),
        9 => Some(Audience {
            min_orders: Some(g.range(0, 2) as u64),
            max_orders: g.yes(2).then(|| g.range(2, 4) as u64),
            ..Audience::default()
        }),
        10 => Some(Audience {
            exclude_segments: Some(vec!["B".into()]),
            ..Audience::default()
        }),
        11 => Some(Audience {
            lifecycle: Some(vec![
                [
                    Lifecycle::Active,
                    Lifecycle::Silent,
                    Lifecycle::Sleeping,
                    Lifecycle::Lost,
                ][g.pick(4)],
            ]),
            ..Audience::default()
        }),
        7 => Some(Audience {
            min_member_tier: Some(g.range(0, 3) as u32),
            ..Audience::default()
        }),
        _ if g.yes(2) => Some(Audience {
            new_customer: Some(true),
            ..Audience::default()
        }),
        _ => Some(Audience {
            segments: Some(vec!["A".into()]),
            ..Audience::default()
        }),
    }
}

fn valid(g: &mut G) -> Option<Valid> {
    let day = jiff::SignedDuration::from_hours(24);
    match g.pick(8) {
        0..=4 => None,
        5 => Some(Valid {
            from: Some(now() - day),
            until: Some(now() + day),
        }),
        6 => Some(Valid {
            from: None,
            until: Some(now()),
        }),
        _ => Some(Valid {
            from: Some(now()),
            until: None,
        }),
    }
}

fn blank(id: String, kind: PromotionType, shop: Option<String>) -> Promotion {
    Promotion {
        id,
        kind,
        shop,
        name: None,
        valid: None,
        scope: None,
        audience: None,
        fold: None,
        amount_off: None,
        fixed_price: None,
        max_units: None,
        tiers: None,
        every: None,
        min_amount: None,
        max_off: None,
        max_ratio: None,
        earn_ratio: None,
        items: None,
        price: None,
        max_sets: None,
    }
}

/// A coupon's `min_amount` and `amount_off` (or fold) that the engine accepts.
fn coupon_terms(g: &mut G, p: &mut Promotion) {
    let min = if g.yes(3) { 0 } else { g.range(100, 60_000) };
    if min > 0 {
        p.min_amount = Some(Amount::from_fen(min).unwrap());
    }
    if g.yes(3) {
        p.fold = Some(g.fold());
        if g.yes(2) {
            p.max_off = Some(g.amount(1, 10_000));
        }
    } else {
        let hi = if min > 0 { min - 1 } else { 30_000 };
        p.amount_off = Some(g.amount(1, hi.max(1)));
    }
}

fn tiers(g: &mut G) -> Vec<Tier> {
    let by_units = g.yes(3);
    let n = 1 + g.pick(3);
    let mut min = 0i64;
    (0..n)
        .map(|k| {
            let mut t = Tier::default();
            if by_units {
                min += g.range(1, 3);
                t.min_quantity = Some(min as u32);
            } else {
                // The first tier may be at 0.00; every later one strictly above.
                min += g.range(i64::from(k > 0), 40_000);
                t.min_amount = Some(Amount::from_fen(min).unwrap());
            }
            match g.pick(4) {
                0 | 1 if by_units || min > 1 => {
                    let hi = if by_units { 20_000 } else { min - 1 };
                    t.amount_off = Some(g.amount(1, hi.max(1)));
                }
                2 => t.fold = Some(g.fold()),
                _ => {}
            }
            if g.yes(3) || (t.amount_off.is_none() && t.fold.is_none()) {
                if g.yes(2) {
                    t.gifts = Some(vec![Gift {
                        sku: "gift".into(),
                        quantity: 1 + g.pick(2) as u32,
                        value: g.yes(2).then(|| g.amount(0, 2_000)),
                    }]);
                } else {
                    t.free_shipping = Some(true);
                }
            }
            t
        })
        .collect()
}

const TYPES: [PromotionType; 6] = [
    PromotionType::ItemDiscount,
    PromotionType::Bundle,
    PromotionType::Threshold,
    PromotionType::ShopCoupon,
    PromotionType::Rebate,
    PromotionType::PlatformCoupon,
];

fn promotion(g: &mut G, i: usize) -> Promotion {
    let kind = TYPES[g.pick(TYPES.len())];
    promotion_of(g, i, kind)
}

fn promotion_of(g: &mut G, i: usize, kind: PromotionType) -> Promotion {
    let shop =
        (kind != PromotionType::PlatformCoupon).then(|| SHOPS[g.pick(SHOPS.len())].to_string());
    let mut p = blank(format!("p{i:02}"), kind, shop);
    p.valid = valid(g);
    p.scope =
        scope(g, kind == PromotionType::PlatformCoupon).filter(|_| kind != PromotionType::Bundle);
    p.audience = audience(g);
    match kind {
        PromotionType::ItemDiscount => {
            match g.pick(3) {
                0 => p.fold = Some(g.fold()),
                1 => p.amount_off = Some(g.amount(1, 8_000)),
                _ => p.fixed_price = Some(g.amount(0, 20_000)),
            }
            if g.yes(4) {
                p.max_units = Some(1 + g.pick(3) as u32);
            }
        }
        PromotionType::Threshold => {
            if g.yes(4) {
                let x = g.range(100, 20_000);
                p.every = Some(Every {
                    amount: Amount::from_fen(x).unwrap(),
                    amount_off: g.amount(1, x - 1),
                    max_off: g.yes(2).then(|| g.amount(1, 10_000)),
                });
            } else {
                p.tiers = Some(tiers(g));
            }
        }
        PromotionType::Bundle => {
            let items = some_of(g, &SKUS);
            let items = if items.len() < 2 {
                vec![
                    items[0].clone(),
                    SKUS[(SKUS.iter().position(|s| *s == items[0]).unwrap() + 1) % SKUS.len()]
                        .into(),
                ]
            } else {
                items
            };
            p.items = Some(
                items
                    .into_iter()
                    .map(|sku| BundleItem {
                        sku,
                        quantity: 1 + g.pick(2) as u32,
                    })
                    .collect(),
            );
            p.price = Some(g.amount(100, 30_000));
            if g.yes(3) {
                p.max_sets = Some(1 + g.pick(3) as u32);
            }
        }
        PromotionType::ShopCoupon | PromotionType::PlatformCoupon => coupon_terms(g, &mut p),
        PromotionType::Rebate => {
            p.max_ratio = Some(
                ["0.1", "0.05", "1", "0.3333"][g.pick(4)]
                    .parse::<Ratio>()
                    .unwrap(),
            );
            if g.yes(3) {
                p.min_amount = Some(g.amount(0, 30_000));
            }
            if g.yes(2) {
                p.earn_ratio = Some("0.02".parse().unwrap());
            }
        }
    }
    p
}

fn rules(g: &mut G) -> Rules {
    let settings = Settings {
        threshold_base: [ThresholdBase::Parallel, ThresholdBase::Sequential][g.pick(2)],
        rounding: [Rounding::HalfUp, Rounding::Down, Rounding::Up][g.pick(3)],
        lifecycle_days: g.yes(4).then_some([90, 180, 360]),
    };
    let n = 1 + g.pick(10);
    Rules {
        settings,
        promotions: (0..n).map(|i| promotion(g, i)).collect(),
    }
}

/// Many held coupons: up to 4 per shop and 4 platform coupons, with thresholds and rebates.
fn coupon_rules(g: &mut G) -> Rules {
    let settings = Settings {
        threshold_base: [ThresholdBase::Parallel, ThresholdBase::Sequential][g.pick(2)],
        rounding: [Rounding::HalfUp, Rounding::Down, Rounding::Up][g.pick(3)],
        lifecycle_days: g.yes(4).then_some([90, 180, 360]),
    };
    let mut promotions = Vec::new();
    let n = 4 + g.pick(12);
    for i in 0..n {
        let kind = [
            PromotionType::ShopCoupon,
            PromotionType::ShopCoupon,
            PromotionType::PlatformCoupon,
            PromotionType::Rebate,
            PromotionType::Threshold,
            PromotionType::ItemDiscount,
        ][g.pick(6)];
        promotions.push(promotion_of(g, i, kind));
    }
    Rules {
        settings,
        promotions,
    }
}

/// Round, repeated coupon values (every combination ties with many others) and
/// platform thresholds just below what the cart reaches: the hard case of the
/// sequential search, where using fewer shop coupons can win a platform coupon.
fn tie_case(g: &mut G) -> (Rules, Cart) {
    let settings = Settings {
        threshold_base: [ThresholdBase::Sequential, ThresholdBase::Parallel][usize::from(g.yes(4))],
        rounding: Rounding::HalfUp,
        lifecycle_days: None,
    };
    let n = 1 + g.pick(8);
    let lines: Vec<Line> = (0..n)
        .map(|i| Line {
            id: format!("L{i}"),
            shop: SHOPS[g.pick(SHOPS.len())].into(),
            sku: SKUS[g.pick(4)].into(),
            category: None,
            unit_price: Amount::from_fen([5_000, 10_000, 20_000][g.pick(3)]).unwrap(),
            quantity: 1 + g.pick(3) as u32,
        })
        .collect();
    let total: i64 = lines
        .iter()
        .map(|l| l.unit_price.fen() * i64::from(l.quantity))
        .sum();
    let mut promotions = Vec::new();
    let mut balances = std::collections::BTreeMap::new();
    for (s, shop) in SHOPS.iter().enumerate() {
        for c in 0..g.pick(3) {
            let mut p = blank(
                format!("c{s}{c}"),
                PromotionType::ShopCoupon,
                Some(shop.to_string()),
            );
            p.amount_off = Some(Amount::from_fen([100, 100, 200, 500][g.pick(4)]).unwrap());
            promotions.push(p);
        }
        if g.yes(4) {
            let mut p = blank(
                format!("r{s}"),
                PromotionType::Rebate,
                Some(shop.to_string()),
            );
            p.max_ratio = Some("0.05".parse().unwrap());
            promotions.push(p);
            balances.insert(
                shop.to_string(),
                Amount::from_fen(g.range(1, 20) * 100).unwrap(),
            );
        }
    }
    for c in 0..1 + g.pick(2) {
        let mut p = blank(format!("p{c}"), PromotionType::PlatformCoupon, None);
        let min = (total - g.range(0, 12) * 100).max(1_000);
        p.min_amount = Some(Amount::from_fen(min).unwrap());
        if g.yes(3) {
            p.fold = Some(g.fold());
            p.max_off = Some(Amount::from_fen(g.range(1, 9) * 100).unwrap());
        } else {
            p.amount_off = Some(Amount::from_fen(g.range(1, 9) * 100).unwrap());
        }
        promotions.push(p);
    }
    let coupons = promotions
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                PromotionType::ShopCoupon | PromotionType::PlatformCoupon
            )
        })
        .map(|p| p.id.clone())
        .collect();
    let cart = Cart {
        now: now(),
        customer: Customer {
            rebate_balances: balances,
            ..Customer::default()
        },
        lines,
        shipping: Default::default(),
        coupons,
        coupon_selection: CouponSelection::Best,
        use_rebate: true,
    };
    (
        Rules {
            settings,
            promotions,
        },
        cart,
    )
}

fn cart(g: &mut G, rules: &Rules, max_lines: usize) -> Cart {
    let n = 1 + g.pick(max_lines);
    let shops = 1 + g.pick(SHOPS.len());
    let lines: Vec<Line> = (0..n)
        .map(|i| Line {
            id: format!("L{i}"),
            shop: SHOPS[g.pick(shops)].into(),
            sku: SKUS[g.pick(4)].into(),
            category: [None, Some("c0".to_string()), Some("c1".to_string())][g.pick(3)].clone(),
            unit_price: match g.pick(5) {
                0 => g.amount(100, 10_000),
                1 => g.amount(0, 300),
                2 => g.amount(10_000, 200_000),
                3 => Amount::from_fen([100, 101, 99, 150, 1][g.pick(5)]).unwrap(),
                _ => g.amount(1_000, 60_000),
            },
            quantity: 1 + g.pick(4) as u32,
        })
        .collect();
    let coupons = rules
        .promotions
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                PromotionType::ShopCoupon | PromotionType::PlatformCoupon
            )
        })
        .filter(|_| g.pick(3) != 2)
        .map(|p| p.id.clone())
        .collect();
    let mut shipping = std::collections::BTreeMap::new();
    let mut rebate_balances = std::collections::BTreeMap::new();
    for s in SHOPS {
        if g.yes(2) {
            rebate_balances.insert(s.to_string(), [g.amount(1, 5_000), Amount::MAX][g.pick(2)]);
        }
        if lines.iter().any(|l| l.shop == s) && g.yes(2) {
            shipping.insert(s.to_string(), g.amount(0, 2_000));
        }
    }
    let mut orders = std::collections::BTreeMap::new();
    if g.yes(2) {
        orders.insert(SHOPS[g.pick(SHOPS.len())].to_string(), 1 + g.pick(3) as u64);
    }
    let day = jiff::SignedDuration::from_hours(24);
    Cart {
        now: now(),
        customer: Customer {
            last_order_at: g
                .yes(2)
                .then(|| now() - day * [30, 100, 200, 300, 400][g.pick(5)]),
            member_tier: Some(g.pick(4) as u32),
            segment: [None, Some("A".to_string()), Some("B".to_string())][g.pick(3)].clone(),
            orders,
            rebate_balances,
            ..Customer::default()
        },
        lines,
        shipping,
        coupons,
        coupon_selection: [CouponSelection::Best, CouponSelection::AsGiven][g.pick(2)],
        use_rebate: g.pick(4) != 3,
    }
}

fn case(genes: &[u32], max_lines: usize) -> (Rules, Cart) {
    let mut g = G { genes, at: 0 };
    let r = rules(&mut g);
    let c = cart(&mut g, &r, max_lines);
    (r, c)
}

fn genes() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(any::<u32>(), 800)
}

fn price(rules: &Rules, cart: &Cart) -> Quote<'static> {
    let engine = youhui::Engine::new(rules.clone()).expect("generated rules are valid");
    engine
        .price(cart)
        .expect("generated carts price")
        .into_owned()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Every fen accounted for, every share listed and summed, no line below zero,
/// and the item discounts never take a unit below 1.00 or 0.1折 (a bundle's
/// floors are per set, and its share is not counted here).
fn laws(rules: &Rules, cart: &Cart, q: &Quote) -> Result<(), TestCaseError> {
    conservation(q).map_err(TestCaseError::fail)?;
    let bundle = |id: &str| {
        rules
            .promotions
            .iter()
            .any(|p| p.id == id && p.kind == PromotionType::Bundle)
    };
    for (line, ql) in cart.lines.iter().zip(&q.lines) {
        let unit = line.unit_price.fen();
        let floor = 100.max((unit + 99) / 100);
        let item: i64 = ql
            .discounts
            .iter()
            .filter(|d| d.stage == Stage::ItemDiscount && !bundle(&d.promotion))
            .map(|d| d.amount.fen())
            .sum();
        prop_assert!(
            item <= (unit - floor).max(0) * i64::from(line.quantity),
            "line {} unit {} took {} off at the item stage, below a floor",
            line.id,
            unit,
            item
        );
    }
    // Each bundle's sets: what it took is its sets' original less their price.
    for a in &q.applied {
        if bundle(&a.promotion) {
            prop_assert!(
                a.sets.is_some_and(|k| k > 0),
                "bundle {} without sets",
                a.promotion
            );
            prop_assert!(a.amount.fen() > 0, "bundle {} took nothing", a.promotion);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn conservation_and_floors(g in genes()) {
        let (r, c) = case(&g, 50);
        let q = price(&r, &c);
        laws(&r, &c, &q)?;
    }

    #[test]
    fn rules_and_carts_round_trip_through_json(g in genes()) {
        let (r, c) = case(&g, 50);
        let rj = serde_json::to_string(&r).unwrap();
        let cj = serde_json::to_string(&c).unwrap();
        prop_assert_eq!(&youhui::Rules::from_json(&rj).unwrap(), &r);
        prop_assert_eq!(&youhui::Cart::from_json(&cj).unwrap(), &c);
        let q = price(&r, &c);
        let qj = serde_json::to_string(&q).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Quote>(&qj).unwrap(), &q);
        // Pricing again, from the re-parsed files, gives the same bytes.
        let again = price(&youhui::Rules::from_json(&rj).unwrap(), &youhui::Cart::from_json(&cj).unwrap());
        prop_assert_eq!(serde_json::to_string(&again).unwrap(), qj);
    }

    #[test]
    fn order_of_promotions_and_held_coupons_changes_nothing(g in genes(), rot in 0usize..100) {
        let (r, c) = case(&g, 50);
        let q = serde_json::to_string(&price(&r, &c)).unwrap();
        let mut r2 = r.clone();
        r2.promotions.reverse();
        let k = rot % r2.promotions.len();
        r2.promotions.rotate_left(k);
        let mut c2 = c.clone();
        c2.coupons.reverse();
        prop_assert_eq!(serde_json::to_string(&price(&r2, &c2)).unwrap(), q);
    }

    #[test]
    fn line_order_changes_nothing_but_the_order_of_lines_and_shops(g in genes(), rot in 0usize..1000, seed in any::<u64>()) {
        // Contract §5 v2: ties go to the smaller line id, so no figure, reason
        // or hint depends on the order of the cart's lines.
        let (r, c) = case(&g, 50);
        let q = in_line_order(price(&r, &c));
        let n = c.lines.len();
        let mut reversed = c.clone();
        reversed.lines.reverse();
        let mut rotated = c.clone();
        rotated.lines.rotate_left(rot % n);
        let mut shuffled = c.clone();
        let mut x = seed | 1;
        for k in (1..n).rev() {
            // xorshift: a shuffle proptest can replay from `seed`.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.lines.swap(k, (x % (k as u64 + 1)) as usize);
        }
        for other in [reversed, rotated, shuffled] {
            prop_assert_eq!(&in_line_order(price(&r, &other)), &q);
        }
    }

    #[test]
    fn best_equals_exhaustive_search_over_as_given(g in genes()) {
        let (r, c) = case(&g, 6);
        exhaustive(&r, c)?;
    }

    #[test]
    fn best_equals_exhaustive_search_with_ties_and_binding_thresholds(g in genes()) {
        let (r, c) = tie_case(&mut G { genes: &g, at: 0 });
        exhaustive(&r, c)?;
    }

    #[test]
    fn best_equals_exhaustive_search_with_many_coupons(g in genes()) {
        let mut gg = G { genes: &g, at: 0 };
        let r = coupon_rules(&mut gg);
        let c = cart(&mut gg, &r, 6);
        exhaustive(&r, c)?;
    }
}

#[test]
#[ignore = "diagnostic: how much of the engine the generator reaches"]
fn generator_coverage() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut stage = [0usize; 5];
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    let (mut hints, mut cut, mut n) = (0, 0, 2000);
    for _ in 0..n {
        let g = genes().new_tree(&mut runner).unwrap().current();
        let (r, c) = case(&g, 50);
        let q = price(&r, &c);
        for (k, t) in [
            q.totals.item_discount,
            q.totals.threshold,
            q.totals.shop_coupon,
            q.totals.rebate,
            q.totals.platform_coupon,
        ]
        .iter()
        .enumerate()
        {
            stage[k] += usize::from(t.fen() > 0);
        }
        for na in &q.not_applied {
            *reasons.entry(na.reason.as_str().to_string()).or_default() += 1;
        }
        hints += usize::from(!q.hints.is_empty());
        cut += usize::from(q.lines.iter().any(|l| l.paid.fen() == 0));
    }
    n = n.max(1);
    eprintln!("of {n}: stages applied {stage:?}; with hints {hints}; with a line at 0.00 {cut}\nreasons {reasons:?}");
}

/// A quote with its lines sorted by id and its shops by name: what must not
/// depend on the cart's line order.
fn in_line_order(mut q: Quote<'static>) -> Quote<'static> {
    q.lines.sort_by(|a, b| a.id.cmp(&b.id));
    q.shops.sort_by(|a, b| a.shop.cmp(&b.shop));
    q
}

/// The ranking of contract §4 for a quote: payable, rebate used, coupons used, their sorted ids.
fn rank(q: &Quote) -> (i64, i64, usize, Vec<String>) {
    let mut ids: Vec<String> = q
        .applied
        .iter()
        .filter(|a| matches!(a.stage, Stage::ShopCoupon | Stage::PlatformCoupon))
        .map(|a| a.promotion.to_string())
        .collect();
    ids.sort();
    (
        q.totals.payable.fen(),
        q.totals.rebate.fen(),
        ids.len(),
        ids,
    )
}

/// `best` against every combination of one held coupon per shop (or none) and
/// one platform coupon (or none), each priced `as_given` with exactly those.
fn exhaustive(r: &Rules, mut c: Cart) -> Result<(), TestCaseError> {
    c.coupon_selection = CouponSelection::Best;
    let best = price(r, &c);
    laws(r, &c, &best)?;
    let kind = |id: &String| r.promotions.iter().find(|p| &p.id == id).unwrap();
    let mut groups: Vec<Vec<Option<String>>> = Vec::new();
    for s in SHOPS {
        let mut o = vec![None];
        o.extend(
            c.coupons
                .iter()
                .filter(|id| kind(id).shop.as_deref() == Some(s))
                .cloned()
                .map(Some),
        );
        groups.push(o);
    }
    let mut o = vec![None];
    o.extend(
        c.coupons
            .iter()
            .filter(|id| kind(id).kind == PromotionType::PlatformCoupon)
            .cloned()
            .map(Some),
    );
    groups.push(o);
    let mut combos: Vec<Vec<String>> = vec![vec![]];
    for grp in &groups {
        combos = combos
            .iter()
            .flat_map(|c| {
                grp.iter().map(move |x| {
                    let mut c = c.clone();
                    c.extend(x.clone());
                    c
                })
            })
            .collect();
    }
    let mut least = None;
    for combo in combos {
        let mut one = c.clone();
        one.coupon_selection = CouponSelection::AsGiven;
        one.coupons = combo;
        let q = price(r, &one);
        prop_assert!(
            best.totals.payable <= q.totals.payable,
            "best {} is worse than {:?} at {}",
            best.totals.payable,
            one.coupons,
            q.totals.payable
        );
        let k = rank(&q);
        if least.as_ref().is_none_or(|l| &k < l) {
            least = Some(k);
        }
    }
    prop_assert_eq!(Some(rank(&best)), least);
    Ok(())
}

/// One shop with 1–3 bundles and 0–3 item discounts (some limited by
/// `max_units`) over three SKUs, and 1–6 lines of them: small enough to try
/// every choice of set counts.
fn bundle_case(g: &mut G) -> (Rules, Cart) {
    bundle_case_of(g, false)
}

/// Bundles over 3 SKUs (`wide`: up to 5 bundles of 2 or 3 items over 4
/// SKUs, some the same set under another id and price, so that choices tie).
fn bundle_case_of(g: &mut G, wide: bool) -> (Rules, Cart) {
    let skus = ["k0", "k1", "k2", "k3"];
    let n_skus = if wide { 4 } else { 3 };
    let mut promotions: Vec<Promotion> = Vec::new();
    for b in 0..1 + g.pick(if wide { 5 } else { 3 }) {
        let mut p = blank(format!("b{b}"), PromotionType::Bundle, Some("s0".into()));
        if wide && b > 0 && g.yes(4) {
            // The set of the bundle before, maybe at its price: ties.
            let before = promotions.last().unwrap();
            p.items.clone_from(&before.items);
            p.price = if g.yes(2) {
                before.price
            } else {
                Some(Amount::from_fen([3_000, 8_000, 12_000][g.pick(3)]).unwrap())
            };
            promotions.push(p);
            continue;
        }
        let first = g.pick(n_skus);
        let second = (first + 1 + g.pick(n_skus - 1)) % n_skus;
        let mut chosen = vec![first, second];
        if wide && g.yes(3) {
            let third = (0..n_skus).find(|k| !chosen.contains(k)).unwrap();
            chosen.push(third);
        }
        p.items = Some(
            chosen
                .into_iter()
                .map(|k| BundleItem {
                    sku: skus[k].into(),
                    quantity: 1 + g.pick(2) as u32,
                })
                .collect(),
        );
        p.price = Some(Amount::from_fen([500, 3_000, 8_000, 12_000, 25_000][g.pick(5)]).unwrap());
        if g.yes(3) {
            p.max_sets = Some(1 + g.pick(2) as u32);
        }
        promotions.push(p);
    }
    for d in 0..g.pick(4) {
        let mut p = blank(
            format!("d{d}"),
            PromotionType::ItemDiscount,
            Some("s0".into()),
        );
        match g.pick(3) {
            0 => p.fold = Some(["8", "9.5", "5"][g.pick(3)].parse().unwrap()),
            1 => p.amount_off = Some(g.amount(100, 3_000)),
            _ => p.fixed_price = Some(g.amount(500, 6_000)),
        }
        if g.yes(2) {
            p.max_units = Some(1 + g.pick(3) as u32);
        }
        if g.yes(2) {
            p.scope = Some(Scope {
                skus: Some(vec![skus[g.pick(3)].into()]),
                ..Scope::default()
            });
        }
        promotions.push(p);
    }
    let lines = (0..1 + g.pick(6))
        .map(|i| Line {
            // Ids out of cart order, so that id order matters.
            id: format!("L{}", (i * 7 + 3) % 10),
            shop: "s0".into(),
            sku: skus[g.pick(n_skus)].into(),
            category: None,
            unit_price: Amount::from_fen(
                [2_000, 4_500, 6_000, 9_900, 150][g.pick(if wide { 5 } else { 4 })],
            )
            .unwrap(),
            quantity: 1 + g.pick(if wide { 3 } else { 4 }) as u32,
        })
        .collect();
    let cart = Cart {
        now: now(),
        customer: Customer::default(),
        lines,
        shipping: Default::default(),
        coupons: vec![],
        coupon_selection: CouponSelection::AsGiven,
        use_rebate: true,
    };
    (
        Rules {
            settings: Settings::default(),
            promotions,
        },
        cart,
    )
}

/// Stage 1 of one shop by the contract's words, trying every choice of set
/// counts: (total reduction, sets of each bundle in id order).
fn stage_one_by_hand(rules: &Rules, cart: &Cart) -> (i64, Vec<u32>) {
    let mut bundles: Vec<&Promotion> = rules
        .promotions
        .iter()
        .filter(|p| p.kind == PromotionType::Bundle)
        .collect();
    bundles.sort_by(|a, b| a.id.cmp(&b.id));
    let mut items: Vec<&Promotion> = rules
        .promotions
        .iter()
        .filter(|p| p.kind == PromotionType::ItemDiscount)
        .collect();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    let mut lines: Vec<&Line> = cart.lines.iter().collect();
    lines.sort_by(|a, b| a.id.cmp(&b.id));
    let units_of = |sku: &str| -> i64 {
        lines
            .iter()
            .filter(|l| l.sku == sku)
            .map(|l| i64::from(l.quantity))
            .sum()
    };
    // The most sets each bundle could form alone.
    let caps: Vec<u32> = bundles
        .iter()
        .map(|b| {
            let units = b
                .items
                .as_ref()
                .unwrap()
                .iter()
                .map(|i| units_of(&i.sku) / i64::from(i.quantity))
                .min()
                .unwrap();
            units.min(b.max_sets.map_or(i64::MAX, i64::from)) as u32
        })
        .collect();
    let mut best: Option<(i64, u32, Vec<String>, Vec<u32>)> = None;
    let mut counts = vec![0u32; bundles.len()];
    loop {
        if let Some((red, sets, ids)) = try_choice(&bundles, &items, &lines, &counts) {
            let better = best.as_ref().is_none_or(|b| {
                (std::cmp::Reverse(red), sets, &ids) < (std::cmp::Reverse(b.0), b.1, &b.2)
            });
            if better {
                best = Some((red, sets, ids, counts.clone()));
            }
        }
        // The next choice of counts.
        let mut k = 0;
        while k < counts.len() && counts[k] == caps[k] {
            counts[k] = 0;
            k += 1;
        }
        if k == counts.len() {
            break;
        }
        counts[k] += 1;
    }
    let (red, _, _, counts) = best.expect("forming no set is always a choice");
    (red, counts)
}

/// One choice of set counts by the contract's words: None when a set fails
/// its conditions; else (stage-1 reduction, sets, sorted bundle ids).
fn try_choice(
    bundles: &[&Promotion],
    items: &[&Promotion],
    lines: &[&Line],
    counts: &[u32],
) -> Option<(i64, u32, Vec<String>)> {
    // Units each line (in id order) gives to sets.
    let mut taken = vec![0i64; lines.len()];
    let mut reduction = 0;
    let mut ids = Vec::new();
    for (b, &n) in bundles.iter().zip(counts) {
        for _ in 0..n {
            let mut original = 0;
            let mut units = 0;
            for item in b.items.as_ref().unwrap() {
                let mut want = i64::from(item.quantity);
                units += want;
                for (k, l) in lines.iter().enumerate() {
                    if l.sku != item.sku || want == 0 {
                        continue;
                    }
                    let take = (i64::from(l.quantity) - taken[k]).min(want);
                    taken[k] += take;
                    want -= take;
                    original += take * l.unit_price.fen();
                }
                if want > 0 {
                    return None;
                }
            }
            let price = b.price.unwrap().fen();
            if price >= original || price < 100 * units || price * 100 < original {
                return None;
            }
            reduction += original - price;
            ids.push(b.id.clone());
        }
    }
    // Item discounts on the units left, lines in id order, limits per SKU.
    let mut left: Vec<(String, String, i64)> = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        let free = i64::from(l.quantity) - taken[k];
        if free == 0 {
            continue;
        }
        let unit = l.unit_price.fen();
        let mut best: Option<(i64, i64, &str)> = None;
        for d in items {
            let in_scope = d
                .scope
                .as_ref()
                .is_none_or(|s| s.skus.as_ref().unwrap().contains(&l.sku));
            if !in_scope {
                continue;
            }
            let new = if let Some(f) = d.fold {
                let num = i128::from(unit) * i128::from(f.hundredths());
                ((num + 500) / 1000) as i64
            } else if let Some(a) = d.amount_off {
                unit - a.fen()
            } else {
                d.fixed_price.unwrap().fen()
            };
            if new < 100 || new * 100 < unit || new >= unit {
                continue;
            }
            let n = match d.max_units {
                None => free,
                Some(m) => {
                    let l = left
                        .iter()
                        .find(|e| e.0 == d.id && e.1 == l.sku)
                        .map_or(i64::from(m), |e| e.2);
                    free.min(l)
                }
            };
            if n == 0 {
                continue;
            }
            let red = (unit - new) * n;
            if best.is_none_or(|b| red > b.0) {
                best = Some((red, n, &d.id));
            }
        }
        if let Some((red, n, id)) = best {
            reduction += red;
            let d = items.iter().find(|d| d.id == id).unwrap();
            if let Some(max) = d.max_units {
                match left.iter_mut().find(|e| e.0 == id && e.1 == l.sku) {
                    Some(e) => e.2 -= n,
                    None => left.push((id.to_string(), l.sku.clone(), i64::from(max) - n)),
                }
            }
        }
    }
    ids.sort();
    Some((reduction, counts.iter().sum(), ids))
}

/// Stage 1 of the quote is the best choice of set counts (ties included):
/// its reduction and every bundle's sets as `stage_one_by_hand` finds them.
fn stage_one_is_the_best_choice(r: &Rules, c: &Cart) -> Result<(), TestCaseError> {
    let q = price(r, c);
    let (red, counts) = stage_one_by_hand(r, c);
    prop_assert_eq!(q.totals.item_discount.fen(), red);
    let mut ids: Vec<&Promotion> = r
        .promotions
        .iter()
        .filter(|p| p.kind == PromotionType::Bundle)
        .collect();
    ids.sort_by(|a, b| a.id.cmp(&b.id));
    for (b, n) in ids.iter().zip(&counts) {
        let sets = q
            .applied
            .iter()
            .find(|a| a.promotion == b.id)
            .and_then(|a| a.sets)
            .unwrap_or(0);
        prop_assert_eq!(sets, *n, "sets of {}", b.id);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn stage_one_equals_every_choice_of_sets_tried(g in genes()) {
        let (r, c) = bundle_case(&mut G { genes: &g, at: 0 });
        stage_one_is_the_best_choice(&r, &c)?;
    }

    #[test]
    fn stage_one_equals_every_choice_of_sets_tried_wide(g in genes()) {
        let (r, c) = bundle_case_of(&mut G { genes: &g, at: 0 }, true);
        stage_one_is_the_best_choice(&r, &c)?;
    }

    #[test]
    fn bundle_choices_do_not_depend_on_the_order_of_lines_or_promotions(g in genes(), rot in 0usize..100) {
        let (r, c) = bundle_case_of(&mut G { genes: &g, at: 0 }, true);
        let q = in_line_order(price(&r, &c));
        let mut c2 = c.clone();
        c2.lines.reverse();
        let k = rot % c2.lines.len();
        c2.lines.rotate_left(k);
        let mut r2 = r.clone();
        r2.promotions.reverse();
        prop_assert_eq!(&in_line_order(price(&r2, &c2)), &q);
    }

    #[test]
    fn bundles_never_reduce_stage_one_below_the_item_discounts_alone(g in genes()) {
        let (r, c) = bundle_case(&mut G { genes: &g, at: 0 });
        let with = price(&r, &c).totals.item_discount;
        let mut without = r.clone();
        without.promotions.retain(|p| p.kind != PromotionType::Bundle);
        prop_assert!(with >= price(&without, &c).totals.item_discount);
    }
}
