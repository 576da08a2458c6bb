//! Proptest strategies of valid rules and carts (the `proptest` feature), for
//! the property tests of code that uses youhui — refunds, order splitting,
//! invoices — and of youhui itself.
//!
//! Every rules file a strategy makes is valid (`Engine::new` accepts it) and
//! every cart prices. They reach every promotion type, every benefit, audience
//! field and setting, both coupon selections, windows, tiers by amount and by
//! units, 每满减, gifts, bundles, rebate balances, points schemes and
//! balances (积分), and shipping fees, and use limits with the cart's counts
//! below, at and above them (contract v3). Each value
//! is built from a vector of "genes" (plain `u32`s), every choice taking the
//! next gene modulo its number of options, so proptest shrinks a failure
//! towards gene 0 — the simplest choice everywhere.
//!
//! A downstream property — refunding every line returns exactly what the buyer
//! paid:
//!
//! ```
//! use proptest::prelude::*;
//! use youhui::strategy::{self, Sizes};
//!
//! /// The checkout's refund of one line: its paid amount, and its share of
//! /// the shipping fee when it is the last line of its shop.
//! fn refund_all(quote: &youhui::Quote) -> i64 {
//!     let lines: i64 = quote.lines.iter().map(|l| l.paid.fen()).sum();
//!     let shipping: i64 = quote.shops.iter().map(|s| s.shipping.fen()).sum();
//!     lines + shipping
//! }
//!
//! proptest!(ProptestConfig::with_cases(32), |((rules, cart) in strategy::rules_and_cart(Sizes::default()))| {
//!     let engine = youhui::Engine::new(rules).unwrap();
//!     let quote = engine.price(&cart).unwrap();
//!     prop_assert_eq!(refund_all(&quote), quote.totals.payable.fen());
//! });
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use proptest::prelude::*;

use crate::{
    Amount, Audience, BundleItem, Cart, CouponSelection, Customer, Every, Fold, Gift, Hours,
    Lifecycle, Limits, Line, Nth, PointsSettings, Promotion, PromotionType, Quote, Ratio, Repeat,
    Return, Returns, Rounding, Rules, Scope, Settings, ThresholdBase, Tier, Valid,
};

/// How large generated rules and carts may be.
///
/// ```
/// let s = youhui::strategy::Sizes { promotions: 3, lines: 5 };
/// assert!(s.promotions <= youhui::strategy::Sizes::default().promotions);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizes {
    /// At most this many promotions in a rules file (at least one; default 10).
    pub promotions: usize,
    /// At most this many lines in a cart (at least one; default 50), over up to five shops.
    pub lines: usize,
}

impl Default for Sizes {
    fn default() -> Sizes {
        Sizes {
            promotions: 10,
            lines: 50,
        }
    }
}

/// Enough genes for the largest value of any strategy here.
const GENES: usize = 900;

/// Sequences of partial refunds that, one after another, return every unit
/// of `quote`: its units in a random order, cut into refunds at random
/// places. Each [`Returns`] lists what it returns now (a line once, in the
/// order its units come) and, in `returned_before`, every unit the refunds
/// before it returned — ready for [`refund`](crate::refund). Meant for
/// quotes of a few thousand units at most (every unit is shuffled).
///
/// ```
/// use proptest::prelude::*;
/// use youhui::strategy::{self, Sizes};
/// proptest!(ProptestConfig::with_cases(16), |((quote, refunds) in strategy::rules_and_cart(Sizes::default())
///     .prop_flat_map(|(rules, cart)| {
///         let quote = youhui::Engine::new(rules).unwrap().price(&cart).unwrap().into_owned();
///         let refunds = strategy::return_sequences(&quote);
///         (Just(quote), refunds)
///     }))| {
///     let back: i64 = refunds.iter().map(|r| youhui::refund(&quote, r).unwrap().totals.money.fen()).sum();
///     prop_assert_eq!(back, quote.totals.payable.fen());
/// });
/// ```
pub fn return_sequences(quote: &Quote<'_>) -> impl Strategy<Value = Vec<Returns>> {
    let lines: Arc<Vec<(String, u32)>> = Arc::new(
        quote
            .lines
            .iter()
            .map(|l| (l.id.to_string(), l.quantity))
            .collect(),
    );
    let units: Vec<usize> = lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| std::iter::repeat_n(i, l.1 as usize))
        .collect();
    let n = units.len();
    (
        Just(units).prop_shuffle(),
        prop::collection::vec(prop::bool::weighted(0.3), n),
    )
        .prop_map(move |(units, cuts)| {
            let mut before = vec![0u32; lines.len()];
            let mut now: Vec<(usize, u32)> = Vec::new();
            let mut out = Vec::new();
            for (k, &i) in units.iter().enumerate() {
                match now.iter_mut().find(|e| e.0 == i) {
                    Some(e) => e.1 += 1,
                    None => now.push((i, 1)),
                }
                if cuts[k] || k + 1 == units.len() {
                    let entry = |&(i, quantity): &(usize, u32)| Return {
                        line: lines[i].0.clone(),
                        quantity,
                    };
                    let returned_before = before
                        .iter()
                        .enumerate()
                        .filter(|&(_, &m)| m > 0)
                        .map(|(i, &m)| entry(&(i, m)))
                        .collect();
                    out.push(Returns {
                        returned_before,
                        returns: now.iter().map(entry).collect(),
                    });
                    for &(i, m) in &now {
                        before[i] += m;
                    }
                    now.clear();
                }
            }
            out
        })
}

fn genes() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(any::<u32>(), GENES)
}

/// Valid rules files of every promotion type and setting, at most
/// [`Sizes::default`] large.
///
/// ```
/// use proptest::prelude::*;
/// proptest!(ProptestConfig::with_cases(16), |(rules in youhui::strategy::rules())| {
///     prop_assert!(youhui::Engine::new(rules).is_ok());
/// });
/// ```
pub fn rules() -> impl Strategy<Value = Rules> {
    rules_with(Sizes::default())
}

/// Valid rules files of at most `sizes.promotions` promotions.
///
/// ```
/// use proptest::prelude::*;
/// use youhui::strategy::{rules_with, Sizes};
/// proptest!(ProptestConfig::with_cases(16), |(rules in rules_with(Sizes { promotions: 2, lines: 1 }))| {
///     prop_assert!(rules.promotions.len() <= 2);
/// });
/// ```
pub fn rules_with(sizes: Sizes) -> impl Strategy<Value = Rules> {
    genes().prop_map(move |g| some_rules(&mut G::new(&g), sizes.promotions))
}

/// Carts that price under `rules`, holding some of its coupons, with at most
/// [`Sizes::default`] lines.
///
/// ```
/// use proptest::prelude::*;
/// use youhui::strategy;
/// proptest!(ProptestConfig::with_cases(16), |((rules, cart) in strategy::rules().prop_flat_map(|r| {
///     let carts = strategy::cart_for(&r);
///     (Just(r), carts)
/// }))| {
///     let engine = youhui::Engine::new(rules).unwrap();
///     prop_assert!(engine.price(&cart).is_ok());
/// });
/// ```
pub fn cart_for(rules: &Rules) -> impl Strategy<Value = Cart> {
    cart_with(rules, Sizes::default())
}

/// Carts that price under `rules`, with at most `sizes.lines` lines.
///
/// ```
/// use proptest::prelude::*;
/// use youhui::strategy::{self, Sizes};
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[]}"#).unwrap();
/// proptest!(ProptestConfig::with_cases(16), |(cart in strategy::cart_with(&rules, Sizes { promotions: 1, lines: 3 }))| {
///     prop_assert!((1..=3).contains(&cart.lines.len()));
/// });
/// ```
pub fn cart_with(rules: &Rules, sizes: Sizes) -> impl Strategy<Value = Cart> {
    let rules = Arc::new(rules.clone());
    genes().prop_map(move |g| some_cart(&mut G::new(&g), &rules, sizes.lines))
}

/// A rules file and a cart for it, from one vector of genes (so the pair
/// shrinks together).
///
/// ```
/// use proptest::prelude::*;
/// use youhui::strategy::{rules_and_cart, Sizes};
/// proptest!(ProptestConfig::with_cases(16), |((rules, cart) in rules_and_cart(Sizes::default()))| {
///     let quote = youhui::Engine::new(rules).unwrap().price(&cart).unwrap().into_owned();
///     prop_assert_eq!(quote.audit(), Ok(()));
/// });
/// ```
pub fn rules_and_cart(sizes: Sizes) -> impl Strategy<Value = (Rules, Cart)> {
    genes().prop_map(move |g| {
        let mut g = G::new(&g);
        let r = some_rules(&mut g, sizes.promotions);
        let c = some_cart(&mut g, &r, sizes.lines);
        (r, c)
    })
}

/// Many held coupons: up to 4 per shop and 4 platform coupons, with
/// thresholds and rebates, and a cart of at most `lines` lines holding them:
/// what makes `best` search.
///
/// ```
/// use proptest::prelude::*;
/// proptest!(ProptestConfig::with_cases(8), |((rules, cart) in youhui::strategy::many_coupons(6))| {
///     prop_assert!(youhui::Engine::new(rules).unwrap().price(&cart).is_ok());
/// });
/// ```
pub fn many_coupons(lines: usize) -> impl Strategy<Value = (Rules, Cart)> {
    genes().prop_map(move |g| {
        let mut g = G::new(&g);
        let r = coupon_rules(&mut g);
        let c = some_cart(&mut g, &r, lines);
        (r, c)
    })
}

/// Coupons whose thresholds are met exactly or missed by a fen, equal
/// reductions under different ids, and lines of equal amounts: where ties
/// decide.
///
/// ```
/// use proptest::prelude::*;
/// proptest!(ProptestConfig::with_cases(8), |((rules, cart) in youhui::strategy::ties())| {
///     prop_assert!(youhui::Engine::new(rules).unwrap().price(&cart).is_ok());
/// });
/// ```
pub fn ties() -> impl Strategy<Value = (Rules, Cart)> {
    genes().prop_map(|g| tie_case(&mut G::new(&g)))
}

/// One shop's bundles (搭配套餐) and item discounts over a few SKUs, and a
/// cart of them: `wide` allows up to 5 bundles of 2 or 3 items over 4 SKUs,
/// some the same set under another id and price, so that choices tie.
///
/// ```
/// use proptest::prelude::*;
/// proptest!(ProptestConfig::with_cases(8), |((rules, cart) in youhui::strategy::bundles(true))| {
///     prop_assert!(youhui::Engine::new(rules).unwrap().price(&cart).is_ok());
/// });
/// ```
pub fn bundles(wide: bool) -> impl Strategy<Value = (Rules, Cart)> {
    genes().prop_map(move |g| bundle_case_of(&mut G::new(&g), wide))
}

const SHOPS: [&str; 5] = ["s0", "s1", "s2", "s3", "s4"];
const SKUS: [&str; 4] = ["k0", "k1", "k2", "k3"];
const CATS: [&str; 2] = ["c0", "c1"];

/// A rules file and an item of a catalog to preview under it (reference: 到手价, before the cart):
/// the rules are either of every promotion type or the many coupons of
/// [`many_coupons`]; the item is of one of their shops (or another), with a
/// customer, and a `max_quantity` from 1 to 8.
///
/// ```
/// use proptest::prelude::*;
/// proptest!(ProptestConfig::with_cases(8), |((rules, item) in youhui::strategy::rules_and_item())| {
///     let engine = youhui::Engine::new(rules).unwrap();
///     let preview = engine.preview(&item).unwrap();
///     prop_assert_eq!(preview.prices.len(), item.max_quantity as usize);
/// });
/// ```
pub fn rules_and_item() -> impl Strategy<Value = (Rules, crate::Item)> {
    genes().prop_map(|g| {
        let mut g = G::new(&g);
        let r = if g.yes(2) {
            coupon_rules(&mut g)
        } else {
            some_rules(&mut g, Sizes::default().promotions)
        };
        let c = some_cart(&mut g, &r, 1);
        let line = c.lines.into_iter().next().expect("a cart has a line");
        let item = crate::Item {
            now: c.now,
            customer: c.customer,
            shop: line.shop,
            sku: line.sku,
            category: line.category,
            unit_price: line.unit_price,
            max_quantity: 1 + g.pick(8) as u32,
        };
        (r, item)
    })
}

struct G<'a> {
    genes: &'a [u32],
    at: usize,
}

impl<'a> G<'a> {
    fn new(genes: &'a [u32]) -> G<'a> {
        G { genes, at: 0 }
    }

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
    let (from, until) = match g.pick(8) {
        0..=4 => (None, None),
        5 => (Some(now() - day), Some(now() + day)),
        6 => (None, Some(now())),
        _ => (Some(now()), None),
    };
    let repeat = repeat(g);
    (from.is_some() || until.is_some() || repeat.is_some()).then_some(Valid {
        from,
        until,
        repeat,
    })
}

/// A recurring window that holds at `now()` (Wednesday 2026-11-11, 10:00 in
/// UTC+08:00) or just misses it: a 会员日, the weekend, hours that start or
/// end at `now`.
fn repeat(g: &mut G) -> Option<Repeat> {
    let hours = |from: u16, until: u16| Hours {
        from: from * 60,
        until: until * 60,
    };
    let days = |d: &[u8]| Repeat {
        monthly_days: Some(d.to_vec()),
        weekdays: None,
        hours: None,
    };
    Some(match g.pick(16) {
        0..=9 => return None,
        10 => days(&[11]),
        11 => days(&[29, 30, 31]),
        12 => Repeat {
            monthly_days: None,
            weekdays: Some(vec![6, 7]),
            hours: None,
        },
        13 => Repeat {
            monthly_days: None,
            weekdays: Some(vec![3]),
            hours: Some(hours(10, 11)),
        },
        14 => Repeat {
            monthly_days: None,
            weekdays: None,
            hours: Some(hours(8, 10)),
        },
        _ => Repeat {
            monthly_days: Some(vec![1, 11, 21]),
            weekdays: Some(vec![1, 2, 3, 4, 5]),
            hours: Some(hours(0, 24)),
        },
    })
}

/// Small use limits (so that the cart's counts reach them often), at least
/// one field; `per_customer_units` on an item discount only.
fn limits(g: &mut G, kind: PromotionType) -> Option<Limits> {
    if !g.yes(4) {
        return None;
    }
    let mut l = Limits {
        per_customer: g.yes(2).then(|| g.range(1, 3) as u64),
        total: g.yes(3).then(|| g.range(1, 5) as u64),
        per_customer_units: (kind == PromotionType::ItemDiscount && g.yes(2))
            .then(|| g.range(1, 6) as u64),
    };
    if l == Limits::default() {
        l.per_customer = Some(1);
    }
    Some(l)
}

/// The cart's use counts for some of the rules' promotions (below, at or
/// above their limits, or for a promotion without any): `customer.uses`,
/// `customer.units` (item discounts only) and `uses`.
fn counts(g: &mut G, rules: &Rules, customer: &mut Customer, uses: &mut BTreeMap<String, u64>) {
    for p in &rules.promotions {
        if !g.yes(3) && p.limits.is_none() {
            continue;
        }
        if g.yes(2) {
            customer.uses.insert(p.id.clone(), g.range(0, 3) as u64);
        }
        if p.kind == PromotionType::ItemDiscount && g.yes(2) {
            customer.units.insert(p.id.clone(), g.range(0, 6) as u64);
        }
        if g.yes(2) {
            uses.insert(p.id.clone(), g.range(0, 5) as u64);
        }
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
        limits: None,
        fold: None,
        amount_off: None,
        fixed_price: None,
        nth: None,
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
    p.limits = limits(g, kind);
    match kind {
        PromotionType::ItemDiscount => {
            match g.pick(4) {
                0 => p.fold = Some(g.fold()),
                1 => p.amount_off = Some(g.amount(1, 8_000)),
                2 => p.fixed_price = Some(g.amount(0, 20_000)),
                // 第N件X折: n small enough that the carts' lines reach it.
                _ => {
                    p.nth = Some(Nth {
                        n: 2 + g.pick(2) as u32,
                        fold: g.fold(),
                    })
                }
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

fn some_rules(g: &mut G, promotions: usize) -> Rules {
    let settings = Settings {
        threshold_base: [ThresholdBase::Parallel, ThresholdBase::Sequential][g.pick(2)],
        rounding: [Rounding::HalfUp, Rounding::Down, Rounding::Up][g.pick(3)],
        lifecycle_days: g.yes(4).then_some([90, 180, 360]),
        points: None,
    };
    let n = 1 + g.pick(promotions);
    let promotions = (0..n).map(|i| promotion(g, i)).collect();
    Rules {
        settings: Settings {
            points: points_scheme(g),
            ..settings
        },
        promotions,
    }
}

/// A points scheme (积分) half the time: max_ratio, unit and earn_per_yuan
/// from their edges to their middles.
fn points_scheme(g: &mut G) -> Option<PointsSettings> {
    if !g.yes(2) {
        return None;
    }
    Some(PointsSettings {
        max_ratio: ["0.5", "1", "0.0001", "0.3333", "0.1"][g.pick(5)]
            .parse()
            .unwrap(),
        unit: [1, 100, 10_000, 7, 1][g.pick(5)],
        earn_per_yuan: [None, Some("0.5"), Some("100"), Some("0"), Some("1.23")][g.pick(5)]
            .map(|r| r.parse().unwrap()),
    })
}

/// A points balance (or none) and whether the cart pays with points, which
/// it may only do when `rules` have a points scheme.
fn points_of(g: &mut G, rules: &Rules) -> (Option<u64>, bool) {
    let balance = match g.pick(5) {
        0 => None,
        1 => Some(0),
        2 => Some(crate::limits::MAX_POINTS),
        3 => Some(g.range(1, 999) as u64),
        _ => Some(g.range(0, 200_000) as u64),
    };
    (balance, rules.settings.points.is_some() && !g.yes(3))
}

/// Many held coupons: up to 4 per shop and 4 platform coupons, with thresholds and rebates.
fn coupon_rules(g: &mut G) -> Rules {
    let settings = Settings {
        threshold_base: [ThresholdBase::Parallel, ThresholdBase::Sequential][g.pick(2)],
        rounding: [Rounding::HalfUp, Rounding::Down, Rounding::Up][g.pick(3)],
        lifecycle_days: g.yes(4).then_some([90, 180, 360]),
        points: None,
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
        settings: Settings {
            points: points_scheme(g),
            ..settings
        },
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
        points: None,
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
        uses: BTreeMap::new(),
        use_points: false,
    };
    (
        Rules {
            settings,
            promotions,
        },
        cart,
    )
}

fn some_cart(g: &mut G, rules: &Rules, max_lines: usize) -> Cart {
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
    let mut customer = Customer {
        last_order_at: g
            .yes(2)
            .then(|| now() - day * [30, 100, 200, 300, 400][g.pick(5)]),
        member_tier: Some(g.pick(4) as u32),
        segment: [None, Some("A".to_string()), Some("B".to_string())][g.pick(3)].clone(),
        orders,
        rebate_balances,
        ..Customer::default()
    };
    let mut uses = BTreeMap::new();
    counts(g, rules, &mut customer, &mut uses);
    let coupon_selection = [CouponSelection::Best, CouponSelection::AsGiven][g.pick(2)];
    let use_rebate = g.pick(4) != 3;
    let (points, use_points) = points_of(g, rules);
    customer.points = points;
    Cart {
        now: now(),
        customer,
        lines,
        shipping,
        coupons,
        coupon_selection,
        use_rebate,
        uses,
        use_points,
    }
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
        match g.pick(4) {
            0 => p.fold = Some(["8", "9.5", "5"][g.pick(3)].parse().unwrap()),
            1 => p.amount_off = Some(g.amount(100, 3_000)),
            2 => p.fixed_price = Some(g.amount(500, 6_000)),
            // 第N件X折 on the units the sets leave.
            _ => {
                p.nth = Some(Nth {
                    n: 2 + g.pick(2) as u32,
                    fold: ["5", "0.1", "8"][g.pick(3)].parse().unwrap(),
                })
            }
        }
        if g.yes(2) {
            p.max_units = Some(1 + g.pick(3) as u32);
        }
        if g.yes(3) {
            // 每人限购 beside max_units: the stage's cap is the smaller.
            p.limits = Some(Limits {
                per_customer_units: Some(g.range(1, 6) as u64),
                ..Limits::default()
            });
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
    let rules = Rules {
        settings: Settings::default(),
        promotions,
    };
    let mut customer = Customer::default();
    let mut uses = BTreeMap::new();
    counts(g, &rules, &mut customer, &mut uses);
    let cart = Cart {
        now: now(),
        customer,
        lines,
        shipping: Default::default(),
        coupons: vec![],
        coupon_selection: CouponSelection::AsGiven,
        use_rebate: true,
        uses,
        use_points: false,
    };
    (rules, cart)
}
