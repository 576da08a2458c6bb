//! The checks of a parsed rules file: every rule checked once (every error
//! collected, not only the first); what passes is handed to
//! [`build`](super::build) as [`Checked`] promotions.

use super::build::{Checked, Rule};
use super::compiled::{
    Audience, CouponOff, Gift, IdIndex, ItemBenefit, Names, Offer, Tier, TierOff, UseLimits, Window,
};
use std::hash::BuildHasher;
use std::ops::Range;

use crate::error::{Error, LimitError, Mistake, RuleError, TextError};
use crate::limits;
use crate::model::{self, Promotion, PromotionType, Rules};
use crate::money::{Amount, Fen};
use crate::text::{self, quoted};

/// Checks every rule of `rules`; returns what passed, with every error, and
/// the places in `rules.promotions` of the promotions that have no error.
///
/// `index[k]`, when given, is the place in the rules file of
/// `rules.promotions[k]` (some promotions of the file did not read).
pub(crate) fn check(
    rules: &Rules,
    index: Option<&[usize]>,
) -> (Vec<Checked>, Vec<Error>, Vec<usize>) {
    let c = check_in_parts(rules, index, SPLIT_FROM);
    let passed = c.passed();
    (c.checked, c.errors, passed)
}

/// What [`check_for_engine`] finds.
pub(crate) struct Checks {
    /// The promotions that passed their own checks, in file order.
    pub(crate) checked: Vec<Checked>,
    /// Every error, in file order.
    pub(crate) errors: Vec<Error>,
    /// The places in `rules.promotions` of the promotions that passed their
    /// own checks but are refused with others (see [`Checks::passed`]).
    refused: Vec<usize>,
    /// The ids given first, each by its place in `rules.promotions`: when
    /// there is no error, every id, which [`build`](super::build) renumbers
    /// into the engine's index of the ids rather than hashing them again.
    pub(crate) ids: IdIndex,
}

/// [`check`] of a whole rules file, with the index of its ids.
pub(crate) fn check_for_engine(rules: &Rules) -> Checks {
    check_in_parts(rules, None, SPLIT_FROM)
}

/// From this many promotions on, the promotions are checked in two parts, the
/// second on a thread of its own: a rules file of 100,000 promotions takes
/// ~100 M instructions to check (BENCHMARKS.md, "`Engine::new`, session 9"),
/// a thread ~20 µs to start.
pub(crate) const SPLIT_FROM: usize = 4096;

/// [`check`], with the promotions checked in two parts from `split_from`
/// promotions on (the tests split small files too, to compare both ways).
fn check_in_parts(rules: &Rules, index: Option<&[usize]>, split_from: usize) -> Checks {
    let mut c = Compiler::default();
    c.settings(rules);
    let (checked, ids) = c.promotions(rules, index, split_from);
    c.bundles_per_shop(rules, index);
    Checks {
        checked,
        errors: c.errors,
        refused: c.refused,
        ids,
    }
}

impl Checks {
    /// The places in `rules.promotions` of the promotions without an error,
    /// in order: made only for [`check`] (the engine is made only when
    /// every promotion passed, so it has no use for them).
    fn passed(&self) -> Vec<usize> {
        let mut passed: Vec<usize> = self
            .checked
            .iter()
            .map(|k| k.index)
            .filter(|k| !self.refused.contains(k))
            .collect();
        passed.sort_unstable();
        passed
    }
}

/// The errors of the promotions' ids, each after its place in
/// `rules.promotions`: an id must be given, be a text, and not be given
/// before. With them, the index of the ids that were given first, by their
/// place in `rules.promotions`: when every promotion passes, the engine's
/// index of the ids, once [renumbered](IdIndex::renumber).
fn ids(rules: &Rules, index: Option<&[usize]>) -> (Vec<(usize, Error)>, IdIndex) {
    let mut seen = IdIndex::with_capacity(rules.promotions.len());
    let mut errors = Vec::new();
    let promotions = &rules.promotions;
    for (k, p) in promotions.iter().enumerate() {
        let i = index.map_or(k, |x| x[k]);
        let at = At { i, id: &p.id };
        let error = if p.id.is_empty() {
            Error::rules(at.to_string(), RuleError::IdEmpty)
        } else if let Some(problem) = text::problem(&p.id, false) {
            // The id cannot name its own place: the index does.
            let by_index = At { i, id: "" };
            Error::rules(by_index.to_string(), TextError::new("id", &p.id, problem))
        } else {
            let hash = seen.state.hash_one(p.id.as_str());
            let first = |&j: &u32| promotions[j as usize].id == p.id;
            // Room was made for every id: nothing is hashed again.
            let state = &seen.state;
            let rehash = |&j: &u32| state.hash_one(promotions[j as usize].id.as_str());
            // One probe finds the id or the place it goes.
            match seen.table.entry(hash, first, rehash) {
                hashbrown::hash_table::Entry::Occupied(mut j) => {
                    // The message names the place it was last given, as
                    // before (`HashMap::insert` kept the later place).
                    let j = std::mem::replace(j.get_mut(), k as u32) as usize;
                    let m = RuleError::IdTwice {
                        first: index.map_or(j, |x| x[j]),
                        second: i,
                    };
                    Error::rules(at.to_string(), m)
                }
                hashbrown::hash_table::Entry::Vacant(place) => {
                    place.insert(k as u32);
                    continue;
                }
            }
        };
        errors.push((k, error));
    }
    (errors, seen)
}

/// The checks of a run of promotions but for their ids, which
/// [`Compiler::ids`] checks across the whole file.
#[derive(Default)]
struct Part {
    /// The errors, promotion after promotion.
    errors: Vec<Error>,
    /// For each promotion with an error: its place in `rules.promotions` and
    /// the end of its errors in `errors`.
    ends: Vec<(usize, usize)>,
    /// The promotions that passed, in order.
    checked: Vec<Checked>,
}

impl Part {
    /// Checks `rules.promotions[run]`, each by [`Compiler::promotion`].
    fn check(rules: &Rules, run: Range<usize>, index: Option<&[usize]>) -> Part {
        let mut c = Compiler::default();
        let mut part = Part {
            checked: Vec::with_capacity(run.len()),
            ..Part::default()
        };
        for k in run {
            let p = &rules.promotions[k];
            let at = At {
                i: index.map_or(k, |x| x[k]),
                id: &p.id,
            };
            let checked = c.promotion(k, p, &at);
            if c.errors.is_empty() {
                part.checked.extend(checked);
            } else {
                part.errors.append(&mut c.errors);
                part.ends.push((k, part.errors.len()));
            }
        }
        part
    }
}
#[derive(Default)]
struct Compiler {
    errors: Vec<Error>,
    own: OwnFields,
    /// Promotions that passed their own checks but are refused with others
    /// (a shop's 51st bundle).
    refused: Vec<usize>,
}

/// Where a promotion is, for an error message: made into words only when an
/// error is reported.
struct At<'r> {
    i: usize,
    id: &'r str,
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.id.is_empty() {
            write!(f, "rules file, promotions[{}]", self.i)
        } else {
            write!(f, "promotion {}", quoted(self.id))
        }
    }
}

/// The type-specific fields, in the order they are reported; bit `k` of
/// [`given`] is `FIELDS[k]`.
const FIELDS: [&str; 14] = [
    "fold",
    "amount_off",
    "fixed_price",
    "nth",
    "max_units",
    "tiers",
    "every",
    "min_amount",
    "max_off",
    "max_ratio",
    "earn_ratio",
    "items",
    "price",
    "max_sets",
];

/// The type-specific fields a promotion gives, one bit each (see [`FIELDS`]).
fn given(p: &Promotion) -> u16 {
    u16::from(p.fold.is_some())
        | u16::from(p.amount_off.is_some()) << 1
        | u16::from(p.fixed_price.is_some()) << 2
        | u16::from(p.nth.is_some()) << 3
        | u16::from(p.max_units.is_some()) << 4
        | u16::from(p.tiers.is_some()) << 5
        | u16::from(p.every.is_some()) << 6
        | u16::from(p.min_amount.is_some()) << 7
        | u16::from(p.max_off.is_some()) << 8
        | u16::from(p.max_ratio.is_some()) << 9
        | u16::from(p.earn_ratio.is_some()) << 10
        | u16::from(p.items.is_some()) << 11
        | u16::from(p.price.is_some()) << 12
        | u16::from(p.max_sets.is_some()) << 13
}

/// The type-specific fields a promotion gives, in the order they are reported.
fn present(p: &Promotion) -> impl Iterator<Item = &'static str> {
    let given = given(p);
    FIELDS
        .into_iter()
        .enumerate()
        .filter_map(move |(k, name)| (given >> k & 1 == 1).then_some(name))
}

/// Each type's own fields as [`given`]'s bits, by `PromotionType as usize`:
/// a promotion that gives no other is checked without comparing names.
struct OwnFields([u16; 6]);

impl Default for OwnFields {
    fn default() -> OwnFields {
        let mut own = [0; 6];
        for kind in PromotionType::ALL {
            let ok = kind.own_fields();
            for (k, name) in FIELDS.iter().enumerate() {
                if ok.contains(name) {
                    own[kind as usize] |= 1 << k;
                }
            }
        }
        OwnFields(own)
    }
}

impl Compiler {
    fn settings(&mut self, rules: &Rules) {
        if let Some(p) = &rules.settings.points {
            if !(1..=10_000).contains(&p.unit) {
                self.errors.push(Error::rules(
                    "rules file, settings.points.unit",
                    RuleError::Range {
                        field: "unit".into(),
                        value: p.unit.into(),
                        min: 1,
                        max: 10_000,
                    },
                ));
            }
        }
        if let Some(days) = rules.settings.lifecycle_days {
            let ok = days.iter().all(|d| (1..=3650).contains(d))
                && days[0] < days[1]
                && days[1] < days[2];
            if !ok {
                self.errors.push(Error::rules(
                    "rules file, settings.lifecycle_days",
                    RuleError::LifecycleDays { days },
                ));
            }
        }
    }

    /// A shop may have at most 50 bundles (最多可设置50个搭配套餐): the 51st and
    /// later are refused.
    fn bundles_per_shop(&mut self, rules: &Rules, index: Option<&[usize]>) {
        let mut per_shop: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
        for (k, p) in rules.promotions.iter().enumerate() {
            let (PromotionType::Bundle, Some(shop)) = (p.kind, p.shop.as_deref()) else {
                continue;
            };
            let n = per_shop.entry(shop).or_default();
            *n += 1;
            if *n > limits::MAX_BUNDLES_PER_SHOP {
                self.refused.push(k);
                let at = At {
                    i: index.map_or(k, |x| x[k]),
                    id: &p.id,
                };
                self.err(
                    &at,
                    LimitError::BundlesPerShop {
                        shop: shop.to_string(),
                        number: *n,
                    },
                );
            }
        }
    }

    /// Checks every promotion: its id (given, a text, not given before) and
    /// then the promotion itself, whose errors follow its id's. From
    /// `split_from` promotions on, the second part of the promotions is
    /// checked on a thread of its own while this one checks the first part
    /// and the ids; the errors are then put back in the file's order, so the
    /// result is the same either way.
    fn promotions(
        &mut self,
        rules: &Rules,
        index: Option<&[usize]>,
        split_from: usize,
    ) -> (Vec<Checked>, IdIndex) {
        let n = rules.promotions.len();
        if n > limits::MAX_PROMOTIONS {
            self.errors.push(Error::rules(
                "rules file, promotions",
                LimitError::Promotions { count: n },
            ));
            return (Vec::new(), IdIndex::default());
        }
        // This thread also checks the ids (about a fifth of the work), so it
        // takes fewer promotions than the other.
        let mid = if n >= split_from { n / 3 } else { n };
        let (ids, first, second) = std::thread::scope(|s| {
            let second = (mid < n)
                .then(|| {
                    std::thread::Builder::new()
                        .name("youhui-check".into())
                        .spawn_scoped(s, || Part::check(rules, mid..n, index))
                        .ok()
                })
                .flatten();
            let first = Part::check(rules, 0..mid, index);
            let ids = ids(rules, index);
            let second = match second {
                Some(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread could be started: this one checks the rest.
                None => Part::check(rules, mid..n, index),
            };
            (ids, first, second)
        });
        let (errors, index_of_ids) = ids;
        (self.merge(errors, [first, second]), index_of_ids)
    }

    /// The errors of the ids and of the parts, promotion after promotion (a
    /// promotion's id's error first), and the promotions that passed both.
    fn merge(&mut self, ids: Vec<(usize, Error)>, parts: [Part; 2]) -> Vec<Checked> {
        let bad_ids: Vec<usize> = ids.iter().map(|&(k, _)| k).collect();
        let mut checked = Vec::with_capacity(parts.iter().map(|p| p.checked.len()).sum());
        let mut ids = ids.into_iter().peekable();
        for part in parts {
            let mut errors = part.errors.into_iter();
            let mut start = 0;
            for (k, end) in part.ends {
                while let Some((_, e)) = ids.next_if(|&(j, _)| j <= k) {
                    self.errors.push(e);
                }
                self.errors.extend(errors.by_ref().take(end - start));
                start = end;
            }
            checked.extend(part.checked);
        }
        self.errors.extend(ids.map(|(_, e)| e));
        if !bad_ids.is_empty() {
            checked.retain(|c: &Checked| bad_ids.binary_search(&c.index).is_err());
        }
        checked
    }

    fn err(&mut self, at: &At<'_>, m: impl Mistake) {
        self.errors.push(Error::rules(at.to_string(), m));
    }

    /// Checks a text field by the rules for text (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused));
    /// `field` is made into words only for an error.
    fn text(&mut self, at: &At<'_>, field: std::fmt::Arguments<'_>, s: &str) {
        self.text_or_empty(at, field, s, false);
    }

    fn text_or_empty(
        &mut self,
        at: &At<'_>,
        field: std::fmt::Arguments<'_>,
        s: &str,
        empty_ok: bool,
    ) {
        if let Some(problem) = text::problem(s, empty_ok) {
            self.err(at, TextError::new(field, s, problem));
        }
    }

    /// An entry given twice in one list (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused)): the message names the
    /// entry (`entry(k)`), its value and the entry it repeats.
    fn repeated<T: std::hash::Hash + Eq>(
        &mut self,
        at: &At<'_>,
        l: &[T],
        entry: impl Fn(usize) -> String,
        show: impl Fn(&T) -> String,
    ) {
        let mut seen: foldhash::HashMap<&T, usize> = foldhash::HashMap::default();
        for (k, x) in l.iter().enumerate() {
            if let Some(first) = seen.insert(x, k) {
                let m = RuleError::ListEntryTwice {
                    entry: entry(k),
                    value: show(x),
                    first: entry(first),
                };
                self.err(at, m);
                return;
            }
        }
    }

    fn list(&mut self, at: &At<'_>, field: &str, l: &Option<Vec<String>>) {
        let Some(l) = l.as_ref() else { return };
        if l.is_empty() {
            let field = field.to_string();
            if field.ends_with("exclude_segments") {
                self.err(at, RuleError::EmptyExclusion { field });
            } else {
                self.err(at, RuleError::EmptyList { field });
            }
        }
        if l.len() > limits::MAX_LIST {
            let m = LimitError::ListEntries {
                field: field.to_string(),
                count: l.len(),
            };
            self.err(at, m);
        }
        for (k, s) in l.iter().enumerate() {
            self.text(at, format_args!("{field}[{k}]"), s);
        }
        if l.len() <= limits::MAX_LIST {
            self.repeated(at, l, |k| format!("{field}[{k}]"), |s| quoted(s));
        }
    }

    fn positive(&mut self, at: &At<'_>, field: &str, a: Option<Amount>) -> Option<Fen> {
        let a = a?;
        if a.fen() == 0 {
            self.not_positive(at, field);
        }
        Some(a.fen())
    }

    fn not_positive(&mut self, at: &At<'_>, field: impl std::fmt::Display) {
        let field = field.to_string();
        self.err(at, RuleError::NotPositive { field });
    }

    /// A whole number `value` of `field` that must be in `min..=max`.
    fn range(
        &mut self,
        at: &At<'_>,
        field: impl std::fmt::Display,
        value: impl Into<u64>,
        min: impl Into<u64>,
        max: impl Into<u64>,
    ) {
        let (value, min, max) = (value.into(), min.into(), max.into());
        if !(min..=max).contains(&value) {
            let field = field.to_string();
            self.err(
                at,
                RuleError::Range {
                    field,
                    value,
                    min,
                    max,
                },
            );
        }
    }

    fn promotion(&mut self, index: usize, p: &Promotion, at: &At<'_>) -> Option<Checked> {
        // Shop: required, except on a platform coupon, where it is forbidden.
        match (p.kind, &p.shop) {
            (PromotionType::PlatformCoupon, Some(_)) => {
                self.err(at, RuleError::ShopOnPlatformCoupon)
            }
            (PromotionType::PlatformCoupon, None) => {}
            (k, None) => self.err(at, RuleError::ShopRequired(k.with_article())),
            (_, Some(s)) => self.text(at, format_args!("shop"), s),
        }
        if let Some(n) = &p.name {
            self.text_or_empty(at, format_args!("name"), n, true);
        }
        // Fields that do not belong to this type.
        if given(p) & !self.own.0[p.kind as usize] != 0 {
            let ok = p.kind.own_fields();
            for f in present(p) {
                if !ok.contains(&f) {
                    let m = RuleError::ForeignField {
                        field: f,
                        kind: p.kind.with_article(),
                        allowed: ok,
                    };
                    self.err(at, m);
                }
            }
        }
        let window = match &p.valid {
            Some(v) => {
                if let (Some(f), Some(u)) = (v.from, v.until) {
                    if f >= u {
                        let show = crate::model::time::show;
                        let m = RuleError::ValidOrder {
                            from: show(f),
                            until: show(u),
                        };
                        self.err(at, m);
                    }
                }
                Window {
                    from: v.from,
                    until: v.until,
                    repeat: v.repeat.as_ref().map(crate::model::Repeat::compile),
                }
            }
            None => Window::default(),
        };
        self.scope(p, at);
        let audience = self.audience(at, p.audience.as_ref());
        let limits = self.limits(p, at);
        let rule = match p.kind {
            PromotionType::ItemDiscount => self.item(p, at),
            PromotionType::Bundle => self.bundle(p, at),
            PromotionType::Threshold => self.threshold(p, at),
            PromotionType::ShopCoupon | PromotionType::PlatformCoupon => self.coupon(p, at),
            PromotionType::Rebate => self.rebate(p, at),
        }?;
        Some(Checked {
            index,
            window,
            audience,
            limits,
            rule: Some(rule),
        })
    }

    /// `limits` (reference: [Use limits](crate::_documentation::reference#use-limits-每人限用-每人限购-发行量)): at least one field, each in its
    /// range, `per_customer_units` on an item discount only.
    fn limits(&mut self, p: &Promotion, at: &At<'_>) -> UseLimits {
        let Some(l) = &p.limits else {
            return UseLimits::default();
        };
        if *l == model::Limits::default() {
            self.err(at, RuleError::EmptyLimits);
        }
        if l.per_customer_units.is_some() && p.kind != PromotionType::ItemDiscount {
            self.err(at, RuleError::UnitsLimitNotItem(p.kind.with_article()));
        }
        let mut field = |name: &str, value: Option<u64>, max: u64| {
            let value = value?;
            self.range(at, format_args!("limits.{name}"), value, 1u32, max);
            u32::try_from(value)
                .ok()
                .and_then(std::num::NonZeroU32::new)
        };
        let max = u64::from(limits::MAX_QUANTITY);
        UseLimits {
            per_customer: field("per_customer", l.per_customer, max),
            total: field("total", l.total, limits::MAX_COUNT),
            per_customer_units: field("per_customer_units", l.per_customer_units, max),
        }
    }

    fn scope(&mut self, p: &Promotion, at: &At<'_>) {
        let Some(s) = &p.scope else { return };
        if *s == model::Scope::default() {
            self.err(at, RuleError::EmptyScope);
        }
        if p.kind == PromotionType::Bundle {
            self.err(at, RuleError::BundleScope);
            return;
        }
        if s.shops.is_some() && p.kind != PromotionType::PlatformCoupon {
            self.err(at, RuleError::ScopeShops);
        }
        self.list(at, "scope.skus", &s.skus);
        self.list(at, "scope.categories", &s.categories);
        self.list(at, "scope.exclude_skus", &s.exclude_skus);
        self.list(at, "scope.shops", &s.shops);
    }

    fn audience(&mut self, at: &At<'_>, a: Option<&model::Audience>) -> Audience {
        let Some(a) = a else {
            return Audience::default();
        };
        if *a == model::Audience::default() {
            self.err(at, RuleError::EmptyAudience);
        }
        if a.birthday == Some(false) {
            self.err(at, RuleError::BirthdayFalse);
        }
        let lifecycle = a.lifecycle.as_ref().map(|l| {
            if l.is_empty() {
                self.err(at, RuleError::EmptyLifecycle);
            }
            if l.len() > limits::MAX_LIST {
                let m = LimitError::ListEntries {
                    field: "audience.lifecycle".to_string(),
                    count: l.len(),
                };
                self.err(at, m);
            } else {
                self.repeated(
                    at,
                    l,
                    |k| format!("audience.lifecycle[{k}]"),
                    |s| format!("\"{}\"", s.as_str()),
                );
            }
            l.clone().into_boxed_slice()
        });
        self.list(at, "audience.segments", &a.segments);
        self.list(at, "audience.exclude_segments", &a.exclude_segments);
        for (field, n) in [("min_orders", a.min_orders), ("max_orders", a.max_orders)] {
            if let Some(n) = n {
                self.range(
                    at,
                    format_args!("audience.{field}"),
                    n,
                    0u32,
                    limits::MAX_QUANTITY,
                );
            }
        }
        if let (Some(min), Some(max)) = (a.min_orders, a.max_orders) {
            if min > max {
                self.err(at, RuleError::OrdersOrder { min, max });
            }
        }
        Audience {
            new_customer: a.new_customer,
            min_orders: a.min_orders,
            max_orders: a.max_orders,
            min_member_tier: a.min_member_tier,
            segments: a.segments.as_deref().map(|l| Box::new(Names::new(l))),
            exclude_segments: a
                .exclude_segments
                .as_deref()
                .map(|l| Box::new(Names::new(l))),
            lifecycle,
            birthday: a.birthday == Some(true),
        }
    }

    fn item(&mut self, p: &Promotion, at: &At<'_>) -> Option<Rule> {
        let given = [
            p.fold.map(|f| ("fold", ItemBenefit::Fold(f), 1)),
            p.amount_off
                .map(|a| ("amount_off", ItemBenefit::AmountOff(a.fen()), 1)),
            p.fixed_price
                .map(|a| ("fixed_price", ItemBenefit::Fixed(a.fen()), 1)),
            p.nth.map(|h| ("nth", ItemBenefit::Fold(h.fold), h.n)),
        ];
        if given.iter().flatten().count() != 1 {
            let given = given.iter().flatten().map(|g| g.0).collect();
            self.err(at, RuleError::ItemBenefits { given });
            return None;
        }
        self.positive(at, "amount_off", p.amount_off);
        if let Some(h) = p.nth {
            self.range(at, "nth.n", h.n, 2u32, limits::MAX_NTH_N);
        }
        if let Some(m) = p.max_units {
            self.range(at, "max_units", m, 1u32, limits::MAX_QUANTITY);
        }
        let (_, benefit, every) = given.into_iter().flatten().next()?;
        Some(Rule::Item {
            benefit,
            every,
            max_units: p.max_units,
        })
    }

    fn bundle(&mut self, p: &Promotion, at: &At<'_>) -> Option<Rule> {
        let Some(items) = &p.items else {
            self.err(at, RuleError::BundleItems);
            return None;
        };
        if !(2..=limits::MAX_BUNDLE_ITEMS).contains(&items.len()) {
            self.err(at, RuleError::BundleSkus { count: items.len() });
        }
        for (k, item) in items.iter().enumerate() {
            self.text(at, format_args!("items[{k}].sku"), &item.sku);
            self.range(
                at,
                format_args!("items[{k}].quantity"),
                item.quantity,
                1u32,
                limits::MAX_SET_UNITS,
            );
        }
        let skus: Vec<&str> = items.iter().map(|i| i.sku.as_str()).collect();
        self.repeated(at, &skus, |k| format!("items[{k}].sku"), |s| quoted(s));
        let price = match p.price {
            Some(a) if a.fen() > 0 => a.fen(),
            Some(_) => {
                self.not_positive(at, "price");
                0
            }
            None => {
                self.err(at, RuleError::BundlePrice);
                0
            }
        };
        if let Some(m) = p.max_sets {
            self.range(at, "max_sets", m, 1u32, limits::MAX_QUANTITY);
        }
        Some(Rule::Bundle {
            items: items
                .iter()
                .map(|i| (i.sku.as_str().into(), i.quantity))
                .collect(),
            price,
            max_sets: p.max_sets,
        })
    }

    fn threshold(&mut self, p: &Promotion, at: &At<'_>) -> Option<Rule> {
        match (&p.tiers, &p.every) {
            (Some(_), Some(_)) => {
                self.err(at, RuleError::TiersAndEvery);
                None
            }
            (None, None) => {
                self.err(at, RuleError::TiersOrEvery);
                None
            }
            (None, Some(e)) => {
                let x = e.amount.fen();
                let y = e.amount_off.fen();
                if x == 0 {
                    self.not_positive(at, "every.amount");
                }
                if y == 0 {
                    self.not_positive(at, "every.amount_off");
                } else if y >= x {
                    let m = RuleError::EveryOff {
                        off: e.amount_off.to_string(),
                        amount: e.amount.to_string(),
                    };
                    self.err(at, m);
                }
                let max_off = self.positive(at, "every.max_off", e.max_off);
                Some(Rule::Offer(Offer::Every { x, y, max_off }))
            }
            (Some(tiers), None) => self.tiers(at, tiers),
        }
    }

    fn tiers(&mut self, at: &At<'_>, tiers: &[model::Tier]) -> Option<Rule> {
        if tiers.is_empty() {
            self.err(at, RuleError::EmptyTiers);
            return None;
        }
        if tiers.len() > limits::MAX_TIERS {
            self.err(at, LimitError::Tiers { count: tiers.len() });
            return None;
        }
        let by_units = tiers[0].min_quantity.is_some() && tiers[0].min_amount.is_none();
        let mut out: Vec<Tier> = Vec::with_capacity(tiers.len());
        for (k, t) in tiers.iter().enumerate() {
            let min = match (t.min_amount, t.min_quantity) {
                (a, q) if a.is_some() == q.is_some() => {
                    let both = a.is_some();
                    self.err(at, RuleError::TierCondition { tier: k, both });
                    continue;
                }
                (Some(a), _) => {
                    if by_units {
                        let m = RuleError::TierKinds {
                            tier: k,
                            uses: "min_amount",
                            first: "min_quantity",
                        };
                        self.err(at, m);
                        continue;
                    }
                    a.fen()
                }
                (_, q) => {
                    let q = q.unwrap_or_default();
                    if !by_units {
                        let m = RuleError::TierKinds {
                            tier: k,
                            uses: "min_quantity",
                            first: "min_amount",
                        };
                        self.err(at, m);
                        continue;
                    }
                    self.range(
                        at,
                        format_args!("tiers[{k}].min_quantity"),
                        q,
                        1u32,
                        limits::MAX_QUANTITY,
                    );
                    i64::from(q)
                }
            };
            if let Some(prev) = out.last() {
                if min <= prev.min {
                    let show = |m: i64| {
                        if by_units {
                            m.to_string()
                        } else {
                            Amount::total(m).to_string()
                        }
                    };
                    let m = RuleError::TierOrder {
                        tier: k,
                        min: show(min),
                        before: show(prev.min),
                    };
                    self.err(at, m);
                }
            }
            let off = match (t.amount_off, t.fold) {
                (Some(_), Some(_)) => {
                    self.err(at, RuleError::TierBenefits { tier: k });
                    None
                }
                (Some(a), None) => {
                    if a.fen() == 0 {
                        self.not_positive(at, format_args!("tiers[{k}].amount_off"));
                    } else if !by_units && min > 0 && a.fen() >= min {
                        let m = RuleError::TierOff {
                            tier: k,
                            off: a.to_string(),
                            min: Amount::total(min).to_string(),
                        };
                        self.err(at, m);
                    }
                    Some(TierOff::Amount(a.fen()))
                }
                (None, Some(fo)) => Some(TierOff::Fold(fo)),
                (None, None) => None,
            };
            let mut gifts = Vec::new();
            let mut gift_value: i128 = 0;
            if let Some(g) = &t.gifts {
                if g.is_empty() {
                    self.err(at, RuleError::EmptyGifts { tier: k });
                }
                if g.len() > limits::MAX_GIFTS {
                    let m = LimitError::Gifts {
                        tier: k,
                        count: g.len(),
                    };
                    self.err(at, m);
                }
                for (j, gift) in g.iter().enumerate() {
                    self.text(at, format_args!("tiers[{k}].gifts[{j}].sku"), &gift.sku);
                    self.range(
                        at,
                        format_args!("tiers[{k}].gifts[{j}].quantity"),
                        gift.quantity,
                        1u32,
                        limits::MAX_QUANTITY,
                    );
                    gift_value += i128::from(gift.value.unwrap_or_default().fen())
                        * i128::from(gift.quantity);
                    gifts.push(Gift {
                        sku: gift.sku.as_str().into(),
                        quantity: gift.quantity,
                    });
                }
            }
            let free_shipping = t.free_shipping == Some(true);
            if off.is_none() && !free_shipping && gifts.is_empty() {
                self.err(at, RuleError::TierBenefit { tier: k });
            }
            out.push(Tier {
                min,
                off,
                free_shipping,
                gifts: gifts.into_boxed_slice(),
                gift_value,
            });
        }
        if out.len() != tiers.len() {
            return None;
        }
        Some(Rule::Offer(Offer::Tiers {
            by_units,
            tiers: out.into_boxed_slice(),
        }))
    }

    fn coupon(&mut self, p: &Promotion, at: &At<'_>) -> Option<Rule> {
        let min_amount = p.min_amount.map_or(0, Amount::fen);
        let off = match (p.amount_off, p.fold) {
            (Some(_), Some(_)) => {
                self.err(at, RuleError::CouponBenefits(p.kind.with_article()));
                return None;
            }
            (None, None) => {
                self.err(at, RuleError::CouponBenefit(p.kind.with_article()));
                return None;
            }
            (Some(a), None) => {
                if p.max_off.is_some() {
                    self.err(at, RuleError::MaxOff);
                }
                if a.fen() == 0 {
                    self.not_positive(at, "amount_off");
                } else if min_amount > 0 && a.fen() >= min_amount {
                    let m = RuleError::CouponOff {
                        off: a.to_string(),
                        min: Amount::total(min_amount).to_string(),
                    };
                    self.err(at, m);
                }
                CouponOff::Amount(a.fen())
            }
            (None, Some(f)) => CouponOff::Fold(f, self.positive(at, "max_off", p.max_off)),
        };
        Some(Rule::Coupon { min_amount, off })
    }

    fn rebate(&mut self, p: &Promotion, at: &At<'_>) -> Option<Rule> {
        let Some(max_ratio) = p.max_ratio else {
            self.err(at, RuleError::RebateRatio);
            return None;
        };
        Some(Rule::Rebate {
            max_ratio,
            min_amount: p.min_amount.map_or(0, Amount::fen),
            earn_ratio: p.earn_ratio,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rules file of `n` promotions mixing every way a promotion's id and
    /// its own fields can fail: empty ids, ids that are not texts, ids given
    /// twice (also across the two parts), promotions with one error, with
    /// several, with an id's error and their own.
    fn mixed(n: usize) -> Rules {
        let promotions: Vec<String> = (0..n)
            .map(|k| {
                let id = format!("p{k}");
                let twice = format!("p{}", k % 7);
                match k % 11 {
                    0 => format!(r#"{{"id":"{id}","type":"item_discount","shop":"s{k}","fold":"9"}}"#),
                    1 => r#"{"id":"","type":"item_discount","shop":"s","fold":"9"}"#.into(),
                    2 => format!(r#"{{"id":"{id}\u0001","type":"item_discount","shop":"s","fold":"9"}}"#),
                    3 => format!(r#"{{"id":"{twice}","type":"shop_coupon","shop":"s","amount_off":"5"}}"#),
                    4 => format!(r#"{{"id":"{id}","type":"item_discount","shop":"s"}}"#),
                    5 => format!(r#"{{"id":"{id}","type":"item_discount","shop":"s","fold":"9","every":{{"amount":"100","amount_off":"5"}}}}"#),
                    6 => format!(r#"{{"id":"{twice}","type":"platform_coupon","shop":"s","amount_off":"5","min_amount":"3"}}"#),
                    7 => format!(r#"{{"id":"{id}","type":"threshold","shop":"s","tiers":[{{"min_amount":"300","amount_off":"30"}},{{"min_amount":"200","amount_off":"300"}}]}}"#),
                    8 => format!(r#"{{"id":"{id}","type":"bundle","shop":"b","price":"10","items":[{{"sku":"x","quantity":1}},{{"sku":"y","quantity":1}}]}}"#),
                    9 => format!(r#"{{"id":"{id}","type":"rebate","shop":"s","max_ratio":"0.1","scope":{{"skus":["a","a"]}}}}"#),
                    _ => format!(r#"{{"id":"{id}","type":"threshold","shop":"s","every":{{"amount":"100","amount_off":"5"}}}}"#),
                }
            })
            .collect();
        Rules::from_json(&format!(r#"{{"promotions":[{}]}}"#, promotions.join(","))).unwrap()
    }

    /// What a check returns, made comparable.
    fn seen(c: Checks) -> (Vec<usize>, Vec<String>, Vec<usize>) {
        let passed = c.passed();
        let Checks {
            checked, errors, ..
        } = c;
        let errors = errors.iter().map(|e| format!("{e:?} {e}")).collect();
        (checked.iter().map(|c| c.index).collect(), errors, passed)
    }

    /// The check of the promotions as it was written before the parts: one
    /// loop, each promotion's id and then the promotion, in the file's order.
    fn one_loop(rules: &Rules, index: Option<&[usize]>) -> (Vec<usize>, Vec<String>) {
        let mut c = Compiler::default();
        let mut seen: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
        let mut out = Vec::new();
        for (k, p) in rules.promotions.iter().enumerate() {
            let i = index.map_or(k, |x| x[k]);
            let at = At { i, id: &p.id };
            let before = c.errors.len();
            if p.id.is_empty() {
                c.err(&at, RuleError::IdEmpty);
            } else if let Some(problem) = text::problem(&p.id, false) {
                let by_index = At { i, id: "" };
                c.err(&by_index, TextError::new("id", &p.id, problem));
            } else if let Some(j) = seen.insert(&p.id, i) {
                let m = RuleError::IdTwice {
                    first: j,
                    second: i,
                };
                c.err(&at, m);
            }
            if let Some(checked) = c.promotion(k, p, &at) {
                if c.errors.len() == before {
                    out.push(checked.index);
                }
            }
        }
        c.bundles_per_shop(rules, index);
        let errors = c.errors.iter().map(|e| format!("{e:?} {e}")).collect();
        (out, errors)
    }

    /// Checked in two parts, on two threads, a rules file gives the same
    /// errors in the same order, and the same promotions pass, as checked in
    /// one: whatever the size and wherever the parts meet.
    #[test]
    fn two_parts_check_as_one() {
        for n in [0, 1, 2, 3, 10, 11, 12, 23, 60, 131, 600] {
            let rules = mixed(n);
            let one = seen(check_in_parts(&rules, None, usize::MAX));
            assert_eq!(
                (one.0.clone(), one.1.clone()),
                one_loop(&rules, None),
                "{n}"
            );
            assert!(n < 2 || !one.1.is_empty(), "{n}: the file has errors");
            if n > 20 {
                assert!(
                    one.1.iter().any(|e| e.contains("id is used twice")),
                    "{n}: {:?}",
                    one.1
                );
            }
            for split_from in [0, 1, 2, n] {
                let two = seen(check_in_parts(&rules, None, split_from));
                assert_eq!(two, one, "{n} promotions, split from {split_from}");
            }
            // Places in the file other than positions in the list.
            let index: Vec<usize> = (0..n).map(|k| 2 * k + 1).collect();
            let one = seen(check_in_parts(&rules, Some(&index), usize::MAX));
            assert_eq!(
                (one.0.clone(), one.1.clone()),
                one_loop(&rules, Some(&index))
            );
            let two = seen(check_in_parts(&rules, Some(&index), 1));
            assert_eq!(two, one, "{n} promotions with an index");
        }
    }

    /// The promotions of a large file are checked in two parts by default.
    #[test]
    fn a_large_file_is_split() {
        let rules = mixed(SPLIT_FROM + 5);
        let (checked, errors, _) = check(&rules, None);
        let one = check_in_parts(&rules, None, usize::MAX);
        let (one_checked, one_errors) = (one.checked, one.errors);
        assert_eq!(errors.len(), one_errors.len());
        assert_eq!(
            checked.iter().map(|c| c.index).collect::<Vec<_>>(),
            one_checked.iter().map(|c| c.index).collect::<Vec<_>>()
        );
    }

    /// Every type-specific field given to every type: refused as foreign
    /// exactly when it is not among the type's own fields (the message's
    /// words), one error a field, in the order of `FIELDS`.
    #[test]
    fn a_field_is_foreign_to_every_type_but_its_own() {
        let value = |f: &str| match f {
            "nth" => r#"{"n":2,"fold":"5"}"#,
            "every" => r#"{"amount":"100","amount_off":"5"}"#,
            "tiers" | "items" => "[]",
            "max_units" | "max_sets" => "1",
            "max_ratio" | "earn_ratio" => r#""0.1""#,
            _ => r#""9""#,
        };
        for kind in PromotionType::ALL {
            for field in FIELDS {
                let json = format!(
                    r#"{{"id":"x","type":"{}","{field}":{}}}"#,
                    kind.as_str(),
                    value(field)
                );
                let p: Promotion = serde_json::from_str(&json).unwrap();
                let mut c = Compiler::default();
                c.promotion(0, &p, &At { i: 0, id: "x" });
                let foreign = format!("field {field} does not belong to");
                let n = c
                    .errors
                    .iter()
                    .filter(|e| e.to_string().contains(&foreign))
                    .count();
                assert_eq!(
                    n,
                    usize::from(!kind.own_fields().contains(&field)),
                    "{json}"
                );
            }
        }
        // Two foreign fields: both, in the order of `FIELDS`.
        let p: Promotion =
            serde_json::from_str(r#"{"id":"x","type":"threshold","max_sets":1,"fold":"9"}"#)
                .unwrap();
        let mut c = Compiler::default();
        c.promotion(0, &p, &At { i: 0, id: "x" });
        let foreign: Vec<String> = c
            .errors
            .iter()
            .map(|e| e.to_string())
            .filter(|e| e.contains("does not belong"))
            .collect();
        assert_eq!(foreign.len(), 2, "{foreign:?}");
        assert!(foreign[0].contains("field fold "), "{foreign:?}");
        assert!(foreign[1].contains("field max_sets "), "{foreign:?}");
    }
}
