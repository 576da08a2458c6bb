//! [`Engine::new`]: every rule is checked once, compiled and indexed by shop.

use std::collections::{HashMap, HashSet};

use crate::error::{quoted, Error};
use crate::limits;
use crate::model::{Audience, Lifecycle, Line, Promotion, Rules, Scope, Settings, Stage};
use crate::money::{Amount, Fen, Fold, Ratio};
use crate::quote::GiftOut;

/// The pricing engine: a checked, indexed rules file.
///
/// Build it once per rules file; it is `Send + Sync`, and
/// [`price`](Engine::price) takes `&self`, so one engine serves every thread.
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{ "promotions": [
///     { "id": "flash", "type": "item_discount", "shop": "tea", "fold": "8.5" },
///     { "id": "mj", "type": "threshold", "shop": "tea",
///       "tiers": [ { "min_amount": "200", "amount_off": "20" } ] }
/// ] }"#).unwrap();
/// let engine = youhui::Engine::new(rules).unwrap();
/// let cart: youhui::Cart = serde_json::from_str(r#"{ "now": "2026-11-11T10:00:00+08:00",
///     "lines": [ { "id": "L1", "shop": "tea", "sku": "longjing", "unit_price": "128.00", "quantity": 2 } ] }"#).unwrap();
/// let quote = engine.price(&cart).unwrap();
/// // 128.00 × 8.5折 = 108.80 a unit, 217.60 for two; 满200减20 → 197.60.
/// assert_eq!(quote.totals.payable.to_string(), "197.60");
/// ```
#[derive(Debug)]
pub struct Engine {
    pub(crate) settings: Settings,
    pub(crate) promos: Vec<Promo>,
    pub(crate) shops: HashMap<String, ShopIndex>,
    /// Platform coupons, by id.
    pub(crate) platform: Vec<usize>,
    pub(crate) by_id: HashMap<String, usize>,
}

/// The promotions of one shop, each list sorted by id.
#[derive(Debug, Default)]
pub(crate) struct ShopIndex {
    pub(crate) item: Vec<usize>,
    pub(crate) threshold: Vec<usize>,
    pub(crate) coupon: Vec<usize>,
    pub(crate) rebate: Vec<usize>,
}

/// A checked promotion.
#[derive(Debug)]
pub(crate) struct Promo {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) stage: Stage,
    pub(crate) shop: Option<String>,
    pub(crate) from: Option<jiff::Timestamp>,
    pub(crate) until: Option<jiff::Timestamp>,
    pub(crate) scope: CScope,
    pub(crate) audience: CAudience,
    pub(crate) kind: Kind,
}

/// A set of names: a short list is scanned (faster than hashing a few entries), a long one hashed.
#[derive(Debug)]
pub(crate) enum Names {
    Few(Vec<String>),
    Many(HashSet<String>),
}

impl Names {
    fn new(list: &[String]) -> Names {
        if list.len() <= 8 {
            Names::Few(list.to_vec())
        } else {
            Names::Many(list.iter().cloned().collect())
        }
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        match self {
            Names::Few(v) => v.iter().any(|n| n == name),
            Names::Many(h) => h.contains(name),
        }
    }
}

impl Default for Names {
    fn default() -> Names {
        Names::Few(Vec::new())
    }
}

#[derive(Debug, Default)]
pub(crate) struct CScope {
    skus: Option<Names>,
    categories: Option<Names>,
    exclude: Names,
    pub(crate) shops: Option<Names>,
}

impl CScope {
    /// Whether the line counts (the shop is checked by the caller, except `shops`).
    pub(crate) fn matches(&self, line: &Line) -> bool {
        if self.exclude.contains(&line.sku) {
            return false;
        }
        if let Some(shops) = &self.shops {
            if !shops.contains(&line.shop) {
                return false;
            }
        }
        if self.skus.is_none() && self.categories.is_none() {
            return true;
        }
        self.skus.as_ref().is_some_and(|s| s.contains(&line.sku))
            || match (&self.categories, &line.category) {
                (Some(c), Some(cat)) => c.contains(cat),
                _ => false,
            }
    }
}

#[derive(Debug, Default)]
pub(crate) struct CAudience {
    pub(crate) new_customer: bool,
    pub(crate) min_member_tier: Option<u32>,
    pub(crate) segments: Option<Names>,
    pub(crate) lifecycle: Option<Vec<Lifecycle>>,
    pub(crate) birthday: bool,
}

impl CAudience {
    pub(crate) fn is_everyone(&self) -> bool {
        !self.new_customer
            && self.min_member_tier.is_none()
            && self.segments.is_none()
            && self.lifecycle.is_none()
            && !self.birthday
    }
}

#[derive(Debug)]
pub(crate) enum Kind {
    Item {
        benefit: ItemBenefit,
        max_units: Option<u32>,
    },
    Threshold(Offer),
    Coupon {
        min_amount: Fen,
        off: CouponOff,
    },
    Rebate {
        max_ratio: Ratio,
        min_amount: Fen,
        earn_ratio: Option<Ratio>,
    },
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum ItemBenefit {
    Fold(Fold),
    AmountOff(Fen),
    Fixed(Fen),
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum CouponOff {
    Amount(Fen),
    Fold(Fold, Option<Fen>),
}

#[derive(Debug)]
pub(crate) enum Offer {
    Tiers {
        by_units: bool,
        tiers: Vec<CTier>,
    },
    Every {
        x: Fen,
        y: Fen,
        max_off: Option<Fen>,
    },
}

#[derive(Debug)]
pub(crate) struct CTier {
    /// `min_amount` in fen, or `min_quantity` in units.
    pub(crate) min: i64,
    pub(crate) off: Option<TierOff>,
    pub(crate) free_shipping: bool,
    pub(crate) gifts: Vec<GiftOut>,
    /// Σ value × quantity of the gifts.
    pub(crate) gift_value: i128,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum TierOff {
    Amount(Fen),
    Fold(Fold),
}

/// A merchant rule of thumb that a rules file breaks (never an error).
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[{"id":"mj","type":"threshold","shop":"tea",
///   "tiers":[{"min_amount":"100","amount_off":"20"},{"min_amount":"200","amount_off":"20"}]}]}"#).unwrap();
/// let report = youhui::check(&rules);
/// assert!(report.errors.is_empty());
/// assert_eq!(report.warnings[0].promotion, "mj");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The promotion's id.
    pub promotion: String,
    /// What to reconsider.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "promotion {:?}: {}", self.promotion, self.message)
    }
}

/// Every error and warning of a rules file (what `youhui check` prints).
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[
///   {"id":"a","type":"rebate","shop":"tea"},
///   {"id":"a","type":"platform_coupon","shop":"tea","amount_off":"5"}]}"#).unwrap();
/// let report = youhui::check(&rules);
/// assert_eq!(report.errors.len(), 3); // max_ratio missing, id reused, shop on a platform coupon
/// ```
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Mistakes: [`Engine::new`] refuses the file while there is one.
    pub errors: Vec<Error>,
    /// Rules of thumb the file breaks.
    pub warnings: Vec<Warning>,
}

/// Checks a rules file and returns every error and warning, not only the first.
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{"promotions":[]}"#).unwrap();
/// assert!(youhui::check(&rules).errors.is_empty());
/// ```
pub fn check(rules: &Rules) -> Report {
    let mut c = Compiler::default();
    c.compile(rules);
    Report {
        errors: c.errors,
        warnings: c.warnings,
    }
}

impl Engine {
    /// Checks every rule and indexes the promotions by shop, once.
    ///
    /// Returns the first error [`check`] would report.
    ///
    /// ```
    /// let rules: youhui::Rules = serde_json::from_str(
    ///     r#"{"promotions":[{"id":"x","type":"item_discount","shop":"tea"}]}"#).unwrap();
    /// let err = youhui::Engine::new(rules).unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "promotion \"x\": an item_discount needs exactly one of fold, amount_off, fixed_price; it has none");
    /// ```
    pub fn new(rules: Rules) -> Result<Engine, Error> {
        let mut c = Compiler::default();
        let promos = c.compile(&rules);
        if let Some(e) = c.errors.into_iter().next() {
            return Err(e);
        }
        let mut shops: HashMap<String, ShopIndex> = HashMap::new();
        let mut platform = Vec::new();
        let mut by_id = HashMap::with_capacity(promos.len());
        for (i, p) in promos.iter().enumerate() {
            by_id.insert(p.id.clone(), i);
            match (&p.shop, p.stage) {
                (None, _) => platform.push(i),
                (Some(shop), stage) => {
                    let ix = shops.entry(shop.clone()).or_default();
                    match stage {
                        Stage::ItemDiscount => ix.item.push(i),
                        Stage::Threshold => ix.threshold.push(i),
                        Stage::ShopCoupon => ix.coupon.push(i),
                        Stage::Rebate => ix.rebate.push(i),
                        Stage::PlatformCoupon => platform.push(i),
                    }
                }
            }
        }
        let by = |a: &usize, b: &usize| promos[*a].id.cmp(&promos[*b].id);
        for ix in shops.values_mut() {
            ix.item.sort_by(by);
            ix.threshold.sort_by(by);
            ix.coupon.sort_by(by);
            ix.rebate.sort_by(by);
        }
        platform.sort_by(by);
        Ok(Engine {
            settings: rules.settings,
            promos,
            shops,
            platform,
            by_id,
        })
    }

    /// The settings of the rules file.
    ///
    /// ```
    /// let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// assert_eq!(engine.settings().threshold_base, youhui::ThresholdBase::Parallel);
    /// ```
    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// The display name of a promotion, if it has one.
    ///
    /// ```
    /// let engine = youhui::Engine::new(serde_json::from_str(
    ///     r#"{"promotions":[{"id":"f","type":"item_discount","shop":"s","fold":"9","name":"限时折扣"}]}"#).unwrap()).unwrap();
    /// assert_eq!(engine.promotion_name("f"), Some("限时折扣"));
    /// ```
    pub fn promotion_name(&self, id: &str) -> Option<&str> {
        self.by_id
            .get(id)
            .and_then(|&i| self.promos[i].name.as_deref())
    }
}

#[derive(Default)]
struct Compiler {
    errors: Vec<Error>,
    warnings: Vec<Warning>,
}

/// The fields a promotion may carry beyond the common ones, by type.
fn allowed(stage: Stage) -> &'static [&'static str] {
    match stage {
        Stage::ItemDiscount => &["fold", "amount_off", "fixed_price", "max_units"],
        Stage::Threshold => &["tiers", "every"],
        Stage::ShopCoupon | Stage::PlatformCoupon => {
            &["min_amount", "amount_off", "fold", "max_off"]
        }
        Stage::Rebate => &["max_ratio", "min_amount", "earn_ratio"],
    }
}

fn present(p: &Promotion) -> Vec<&'static str> {
    let mut v = Vec::new();
    let mut add = |b: bool, n| {
        if b {
            v.push(n)
        }
    };
    add(p.fold.is_some(), "fold");
    add(p.amount_off.is_some(), "amount_off");
    add(p.fixed_price.is_some(), "fixed_price");
    add(p.max_units.is_some(), "max_units");
    add(p.tiers.is_some(), "tiers");
    add(p.every.is_some(), "every");
    add(p.min_amount.is_some(), "min_amount");
    add(p.max_off.is_some(), "max_off");
    add(p.max_ratio.is_some(), "max_ratio");
    add(p.earn_ratio.is_some(), "earn_ratio");
    v
}

impl Compiler {
    fn compile(&mut self, rules: &Rules) -> Vec<Promo> {
        if rules.promotions.len() > limits::MAX_PROMOTIONS {
            self.errors.push(Error::limit(
                "rules file, promotions",
                format!(
                    "{} promotions; the limit is {}",
                    rules.promotions.len(),
                    limits::MAX_PROMOTIONS
                ),
            ));
            return Vec::new();
        }
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(rules.promotions.len());
        let mut out = Vec::with_capacity(rules.promotions.len());
        for (i, p) in rules.promotions.iter().enumerate() {
            let at = if p.id.is_empty() {
                format!("rules file, promotions[{i}]")
            } else {
                format!("promotion {}", quoted(&p.id))
            };
            let before = self.errors.len();
            if p.id.is_empty() {
                self.err(&at, "id is empty; every promotion needs a unique id");
            } else if p.id.len() > limits::MAX_TEXT {
                self.limit(&at, format!("id is longer than {} bytes", limits::MAX_TEXT));
            } else if let Some(j) = seen.insert(&p.id, i) {
                self.err(
                    &at,
                    format!("id is used twice, by promotions[{j}] and promotions[{i}]"),
                );
            }
            if let Some(promo) = self.promotion(p, &at) {
                if self.errors.len() == before {
                    out.push(promo);
                }
            }
        }
        out
    }

    fn err(&mut self, at: &str, msg: impl Into<String>) {
        self.errors.push(Error::rules(at, msg));
    }

    fn limit(&mut self, at: &str, msg: impl Into<String>) {
        self.errors.push(Error::limit(at, msg));
    }

    fn warn(&mut self, p: &Promotion, msg: impl Into<String>) {
        self.warnings.push(Warning {
            promotion: p.id.clone(),
            message: msg.into(),
        });
    }

    fn text(&mut self, at: &str, field: &str, s: &str) {
        if s.is_empty() {
            self.err(at, format!("{field} is empty"));
        } else if s.len() > limits::MAX_TEXT {
            self.limit(
                at,
                format!("{field} is longer than {} bytes", limits::MAX_TEXT),
            );
        }
    }

    fn list(&mut self, at: &str, field: &str, l: &Option<Vec<String>>) -> Option<Names> {
        let l = l.as_ref()?;
        if l.is_empty() {
            self.err(
                at,
                format!("{field} is an empty list, which matches nothing; leave it out to match everything"),
            );
        }
        if l.len() > limits::MAX_LIST {
            self.limit(
                at,
                format!(
                    "{field} has {} entries; the limit is {}",
                    l.len(),
                    limits::MAX_LIST
                ),
            );
        }
        for (k, s) in l.iter().enumerate() {
            self.text(at, &format!("{field}[{k}]"), s);
        }
        Some(Names::new(l))
    }

    fn positive(&mut self, at: &str, field: &str, a: Option<Amount>) -> Option<Fen> {
        let a = a?;
        if a.fen() == 0 {
            self.err(at, format!("{field} must be above zero"));
        }
        Some(a.fen())
    }

    fn promotion(&mut self, p: &Promotion, at: &str) -> Option<Promo> {
        // Shop: required, except on a platform coupon, where it is forbidden.
        match (p.kind, &p.shop) {
            (Stage::PlatformCoupon, Some(_)) => self.err(
                at,
                "shop is not allowed on a platform_coupon (use scope.shops to limit it to some shops)",
            ),
            (Stage::PlatformCoupon, None) => {}
            (k, None) => self.err(at, format!("shop is required for a {}", k.as_str())),
            (_, Some(s)) => self.text(at, "shop", s),
        }
        if let Some(n) = &p.name {
            if n.len() > limits::MAX_TEXT {
                self.limit(
                    at,
                    format!("name is longer than {} bytes", limits::MAX_TEXT),
                );
            }
        }
        // Fields that do not belong to this type.
        let ok = allowed(p.kind);
        for f in present(p) {
            if !ok.contains(&f) {
                self.err(
                    at,
                    format!(
                        "field {f} does not belong to a {} (its fields are: {})",
                        p.kind.as_str(),
                        ok.join(", ")
                    ),
                );
            }
        }
        let (from, until) = match p.valid {
            Some(v) => {
                if let (Some(f), Some(u)) = (v.from, v.until) {
                    if f >= u {
                        let show = |t: jiff::Timestamp| {
                            t.display_with_offset(jiff::tz::offset(8)).to_string()
                        };
                        self.err(
                            at,
                            format!(
                                "valid.from {} must be before valid.until {}",
                                show(f),
                                show(u)
                            ),
                        );
                    }
                }
                (v.from, v.until)
            }
            None => (None, None),
        };
        let scope = self.scope(p, at, p.scope.as_ref());
        let audience = self.audience(at, p.audience.as_ref());
        let kind = match p.kind {
            Stage::ItemDiscount => self.item(p, at),
            Stage::Threshold => self.threshold(p, at),
            Stage::ShopCoupon | Stage::PlatformCoupon => self.coupon(p, at),
            Stage::Rebate => self.rebate(p, at),
        }?;
        Some(Promo {
            id: p.id.clone(),
            name: p.name.clone(),
            stage: p.kind,
            shop: p.shop.clone(),
            from,
            until,
            scope,
            audience,
            kind,
        })
    }

    fn scope(&mut self, p: &Promotion, at: &str, s: Option<&Scope>) -> CScope {
        let Some(s) = s else {
            return CScope::default();
        };
        if s.shops.is_some() && p.kind != Stage::PlatformCoupon {
            self.err(at, "scope.shops is only for a platform_coupon");
        }
        CScope {
            skus: self.list(at, "scope.skus", &s.skus),
            categories: self.list(at, "scope.categories", &s.categories),
            exclude: self
                .list(at, "scope.exclude_skus", &s.exclude_skus)
                .unwrap_or_default(),
            shops: self.list(at, "scope.shops", &s.shops),
        }
    }

    fn audience(&mut self, at: &str, a: Option<&Audience>) -> CAudience {
        let Some(a) = a else {
            return CAudience::default();
        };
        let lifecycle = a.lifecycle.as_ref().map(|l| {
            if l.is_empty() {
                self.err(
                    at,
                    "audience.lifecycle is an empty list, which matches nobody",
                );
            }
            l.clone()
        });
        CAudience {
            new_customer: a.new_customer == Some(true),
            min_member_tier: a.min_member_tier,
            segments: self.list(at, "audience.segments", &a.segments),
            lifecycle,
            birthday: a.birthday == Some(true),
        }
    }

    fn item(&mut self, p: &Promotion, at: &str) -> Option<Kind> {
        let given = [
            p.fold.map(ItemBenefit::Fold),
            p.amount_off.map(|a| ItemBenefit::AmountOff(a.fen())),
            p.fixed_price.map(|a| ItemBenefit::Fixed(a.fen())),
        ];
        let n = given.iter().flatten().count();
        if n != 1 {
            self.err(
                at,
                format!(
                    "an item_discount needs exactly one of fold, amount_off, fixed_price; it has {}",
                    if n == 0 { "none".to_string() } else { n.to_string() }
                ),
            );
            return None;
        }
        self.positive(at, "amount_off", p.amount_off);
        if let Some(m) = p.max_units {
            if !(1..=limits::MAX_QUANTITY).contains(&m) {
                self.err(
                    at,
                    format!("max_units {m} must be from 1 to {}", limits::MAX_QUANTITY),
                );
            }
        }
        Some(Kind::Item {
            benefit: given.into_iter().flatten().next()?,
            max_units: p.max_units,
        })
    }

    fn threshold(&mut self, p: &Promotion, at: &str) -> Option<Kind> {
        match (&p.tiers, &p.every) {
            (Some(_), Some(_)) => {
                self.err(at, "a threshold has either tiers or every, not both");
                None
            }
            (None, None) => {
                self.err(at, "a threshold needs tiers or every");
                None
            }
            (None, Some(e)) => {
                let x = e.amount.fen();
                let y = e.amount_off.fen();
                if x == 0 {
                    self.err(at, "every.amount must be above zero");
                }
                if y == 0 {
                    self.err(at, "every.amount_off must be above zero");
                } else if y >= x {
                    self.err(
                        at,
                        format!(
                            "every.amount_off {} must be below every.amount {} (每满X减Y needs Y < X)",
                            e.amount_off, e.amount
                        ),
                    );
                }
                let max_off = self.positive(at, "every.max_off", e.max_off);
                Some(Kind::Threshold(Offer::Every { x, y, max_off }))
            }
            (Some(tiers), None) => self.tiers(p, at, tiers),
        }
    }

    fn tiers(&mut self, p: &Promotion, at: &str, tiers: &[crate::model::Tier]) -> Option<Kind> {
        if tiers.is_empty() {
            self.err(at, "tiers is an empty list; give at least one tier");
            return None;
        }
        if tiers.len() > limits::MAX_TIERS {
            self.limit(
                at,
                format!("{} tiers; the limit is {}", tiers.len(), limits::MAX_TIERS),
            );
            return None;
        }
        let by_units = tiers[0].min_quantity.is_some() && tiers[0].min_amount.is_none();
        let mut out: Vec<CTier> = Vec::with_capacity(tiers.len());
        for (k, t) in tiers.iter().enumerate() {
            let f = format!("tiers[{k}]");
            let min = match (t.min_amount, t.min_quantity) {
                (Some(_), Some(_)) | (None, None) => {
                    self.err(
                        at,
                        format!("{f} needs exactly one condition: min_amount or min_quantity"),
                    );
                    continue;
                }
                (Some(a), None) => {
                    if by_units {
                        self.err(at, format!("{f} uses min_amount but tiers[0] uses min_quantity; every tier must use the same kind"));
                        continue;
                    }
                    a.fen()
                }
                (None, Some(q)) => {
                    if !by_units {
                        self.err(at, format!("{f} uses min_quantity but tiers[0] uses min_amount; every tier must use the same kind"));
                        continue;
                    }
                    if !(1..=limits::MAX_QUANTITY).contains(&q) {
                        self.err(
                            at,
                            format!(
                                "{f}.min_quantity {q} must be from 1 to {}",
                                limits::MAX_QUANTITY
                            ),
                        );
                    }
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
                    self.err(
                        at,
                        format!(
                            "{f} condition {} must be above the tier before it ({}); tiers must strictly increase",
                            show(min),
                            show(prev.min)
                        ),
                    );
                }
            }
            let off = match (t.amount_off, t.fold) {
                (Some(_), Some(_)) => {
                    self.err(at, format!("{f} has both amount_off and fold; give one"));
                    None
                }
                (Some(a), None) => {
                    if a.fen() == 0 {
                        self.err(at, format!("{f}.amount_off must be above zero"));
                    } else if !by_units && min > 0 && a.fen() >= min {
                        self.err(
                            at,
                            format!(
                                "{f}.amount_off {a} must be below its min_amount {}",
                                Amount::total(min)
                            ),
                        );
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
                    self.err(
                        at,
                        format!("{f}.gifts is an empty list; leave it out or list a gift"),
                    );
                }
                if g.len() > limits::MAX_GIFTS {
                    self.limit(
                        at,
                        format!(
                            "{f}.gifts has {} gifts; the limit is {}",
                            g.len(),
                            limits::MAX_GIFTS
                        ),
                    );
                }
                for (j, gift) in g.iter().enumerate() {
                    self.text(at, &format!("{f}.gifts[{j}].sku"), &gift.sku);
                    if !(1..=limits::MAX_QUANTITY).contains(&gift.quantity) {
                        self.err(
                            at,
                            format!(
                                "{f}.gifts[{j}].quantity {} must be from 1 to {}",
                                gift.quantity,
                                limits::MAX_QUANTITY
                            ),
                        );
                    }
                    gift_value += i128::from(gift.value.unwrap_or_default().fen())
                        * i128::from(gift.quantity);
                    gifts.push(GiftOut {
                        sku: gift.sku.clone(),
                        quantity: gift.quantity,
                    });
                }
            }
            let free_shipping = t.free_shipping == Some(true);
            if off.is_none() && !free_shipping && gifts.is_empty() {
                self.err(
                    at,
                    format!("{f} has no benefit: give amount_off or fold, free_shipping: true, or gifts"),
                );
            }
            out.push(CTier {
                min,
                off,
                free_shipping,
                gifts,
                gift_value,
            });
        }
        if out.len() != tiers.len() {
            return None;
        }
        // Rules of thumb (warnings).
        if out.len() > 3 {
            self.warn(
                p,
                format!(
                    "{} tiers: offers with more than 3 tiers confuse buyers",
                    out.len()
                ),
            );
        }
        for k in 1..out.len() {
            if !tier_is_larger(&out[k], &out[k - 1], by_units) {
                self.warn(
                    p,
                    format!("tiers[{k}] gives no more than tiers[{}] below it", k - 1),
                );
            }
        }
        Some(Kind::Threshold(Offer::Tiers {
            by_units,
            tiers: out,
        }))
    }

    fn coupon(&mut self, p: &Promotion, at: &str) -> Option<Kind> {
        let min_amount = p.min_amount.map_or(0, Amount::fen);
        let off = match (p.amount_off, p.fold) {
            (Some(_), Some(_)) => {
                self.err(
                    at,
                    format!("a {} has amount_off or fold, not both", p.kind.as_str()),
                );
                return None;
            }
            (None, None) => {
                self.err(
                    at,
                    format!("a {} needs amount_off or fold", p.kind.as_str()),
                );
                return None;
            }
            (Some(a), None) => {
                if p.max_off.is_some() {
                    self.err(at, "max_off goes with fold, not with amount_off");
                }
                if a.fen() == 0 {
                    self.err(at, "amount_off must be above zero");
                } else if min_amount > 0 && a.fen() >= min_amount {
                    self.err(
                        at,
                        format!(
                            "amount_off {a} must be below min_amount {} (or leave min_amount out for a coupon with no threshold)",
                            Amount::total(min_amount)
                        ),
                    );
                }
                CouponOff::Amount(a.fen())
            }
            (None, Some(f)) => CouponOff::Fold(f, self.positive(at, "max_off", p.max_off)),
        };
        Some(Kind::Coupon { min_amount, off })
    }

    fn rebate(&mut self, p: &Promotion, at: &str) -> Option<Kind> {
        let Some(max_ratio) = p.max_ratio else {
            self.err(
                at,
                "a rebate needs max_ratio (the share of the order the credit may pay)",
            );
            return None;
        };
        Some(Kind::Rebate {
            max_ratio,
            min_amount: p.min_amount.map_or(0, Amount::fen),
            earn_ratio: p.earn_ratio,
        })
    }
}

/// Whether tier `hi` gives more than tier `lo` in some way: a larger reduction
/// (measured at `hi`'s own threshold), more gift value, or free shipping that `lo` lacks.
fn tier_is_larger(hi: &CTier, lo: &CTier, by_units: bool) -> bool {
    if hi.gift_value > lo.gift_value || (hi.free_shipping && !lo.free_shipping) {
        return true;
    }
    if hi.gifts.len() > lo.gifts.len() {
        return true;
    }
    let at = |t: &CTier| -> Option<i128> {
        match t.off {
            None => Some(0),
            Some(TierOff::Amount(a)) => Some(i128::from(a)),
            // By units, a fold is compared by how much of the price it takes.
            Some(TierOff::Fold(f)) if by_units => Some(1000 - i128::from(f.hundredths())),
            // By amount, both reductions are measured at `hi`'s own threshold.
            Some(TierOff::Fold(f)) => Some(i128::from(crate::money::fold_reduction(
                hi.min,
                f,
                crate::money::Rounding::HalfUp,
            ))),
        }
    };
    match (hi.off, lo.off) {
        // By units, an amount and a fold cannot be compared without a price: say larger.
        (Some(TierOff::Amount(_)), Some(TierOff::Fold(_)))
        | (Some(TierOff::Fold(_)), Some(TierOff::Amount(_)))
            if by_units =>
        {
            true
        }
        _ => at(hi) > at(lo),
    }
}

#[cfg(test)]
mod tests {
    /// Contract §10: one engine is shared by reference across threads.
    #[test]
    fn engine_is_send_and_sync() {
        fn shared<T: Send + Sync>() {}
        shared::<super::Engine>();
        shared::<crate::Error>();
    }
}
