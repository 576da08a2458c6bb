//! The quote: what the buyer pays and why (reference: [The quote](crate::_documentation::reference#the-quote)).
//!
//! A quote borrows its ids and names from the engine and the cart it was
//! priced from (`Cow::Borrowed`), so a price makes no heap string for them;
//! [`Quote::into_owned`] detaches it. A quote read back from JSON owns its text.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::model::Stage;
use crate::money::Amount;

/// What a cart costs, line by line, with every promotion used or left out.
///
/// Serializes to the JSON the [reference](crate::_documentation::reference#the-quote) describes.
///
/// ```
/// let rules = youhui::Rules::from_json(r#"{"promotions":[
///     {"id":"sc20","type":"shop_coupon","shop":"tea","min_amount":"200","amount_off":"20"}]}"#).unwrap();
/// let engine = youhui::Engine::new(rules).unwrap();
/// let cart = youhui::Cart::from_json(r#"{"now":"2026-11-11T10:00:00+08:00",
///     "lines":[{"id":"L1","shop":"tea","sku":"longjing","unit_price":"128.00","quantity":2}],
///     "coupons":["sc20"]}"#).unwrap();
/// let quote = engine.price(&cart).unwrap();
/// assert_eq!(quote.totals.payable.to_string(), "236.00");
/// assert_eq!(quote.lines[0].discounts[0].promotion.as_deref(), Some("sc20"));
/// ```
///
/// [`Quote::default`] is an empty quote (no line, currency `""`): a place
/// for [`Engine::price_into`](crate::Engine::price_into) to write into,
/// not a quote of any cart.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Quote<'a> {
    /// Always `"CNY"`.
    pub currency: Cow<'a, str>,
    /// The cart's totals per stage.
    pub totals: Totals,
    /// The points used and earned (积分), when the rules have a points scheme
    /// (`settings.points`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<QuotePoints>,
    /// Every line, in cart order.
    pub lines: Vec<QuoteLine<'a>>,
    /// Every shop, in order of first appearance in the cart.
    pub shops: Vec<QuoteShop<'a>>,
    /// Every promotion used, in stage order then id.
    pub applied: Vec<Applied<'a>>,
    /// Every promotion looked at and not used, with its reason, in stage order then id.
    pub not_applied: Vec<NotApplied<'a>>,
    /// 凑单提示: how much more reaches the next offer.
    pub hints: Vec<Hint<'a>>,
}

fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

impl Quote<'_> {
    /// The same quote, owning all its text: it no longer borrows from the
    /// engine or the cart, so it can be kept, sent or stored.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let cart = youhui::Cart::from_json(r#"{"now":"2026-11-11T10:00:00+08:00",
    ///     "lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"9.90","quantity":1}]}"#).unwrap();
    /// let kept: youhui::Quote<'static> = engine.price(&cart).unwrap().into_owned();
    /// drop(cart);
    /// assert_eq!(kept.lines[0].id, "L1");
    /// ```
    pub fn into_owned(self) -> Quote<'static> {
        Quote {
            currency: own(self.currency),
            totals: self.totals,
            points: self.points,
            lines: self
                .lines
                .into_iter()
                .map(|l| QuoteLine {
                    id: own(l.id),
                    shop: own(l.shop),
                    sku: own(l.sku),
                    quantity: l.quantity,
                    original: l.original,
                    paid: l.paid,
                    discounts: l
                        .discounts
                        .into_iter()
                        .map(|d| Discount {
                            promotion: d.promotion.map(own),
                            stage: d.stage,
                            amount: d.amount,
                        })
                        .collect(),
                })
                .collect(),
            shops: self
                .shops
                .into_iter()
                .map(|s| QuoteShop {
                    shop: own(s.shop),
                    original: s.original,
                    shipping: s.shipping,
                    rebate_used: s.rebate_used,
                    rebate_earned: s.rebate_earned,
                    gifts: s.gifts.into_iter().map(GiftOut::into_owned).collect(),
                    payable: s.payable,
                })
                .collect(),
            applied: self
                .applied
                .into_iter()
                .map(|a| Applied {
                    promotion: own(a.promotion),
                    stage: a.stage,
                    shop: a.shop.map(own),
                    amount: a.amount,
                    sets: a.sets,
                })
                .collect(),
            not_applied: self
                .not_applied
                .into_iter()
                .map(|n| NotApplied {
                    promotion: own(n.promotion),
                    reason: n.reason,
                    message: own(n.message),
                })
                .collect(),
            hints: self
                .hints
                .into_iter()
                .map(|h| Hint {
                    promotion: own(h.promotion),
                    shortfall: h.shortfall,
                    shortfall_units: h.shortfall_units,
                    saving: h.saving,
                    free_shipping: h.free_shipping,
                    gifts: h
                        .gifts
                        .map(|g| g.into_iter().map(GiftOut::into_owned).collect()),
                })
                .collect(),
        }
    }

    /// Checks the laws every quote obeys, and says which one fails:
    ///
    /// - `payable = original − item_discount − threshold − shop_coupon − rebate − platform_coupon − points + shipping`;
    /// - `Σ lines.paid + shipping = payable`, and each line's `paid = original − Σ its discounts`;
    /// - every listed share is above zero, and no line pays below zero;
    /// - each stage's shares sum to its total, and each applied promotion's shares to its amount;
    /// - a share of points names no promotion, every other share names one;
    ///   `totals.points` and `points` are both given or both left out, and
    ///   `totals.points` is `points.used` fen;
    /// - the shops' shipping, rebate used and payable sum to the totals.
    ///
    /// A quote from [`Engine::price`](crate::Engine::price) always passes; this is
    /// for tests, fuzzing, and code that stores or transforms quotes.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[
    /// #   {"id":"pc","type":"platform_coupon","amount_off":"10"}]}"#).unwrap()).unwrap();
    /// # let cart: youhui::Cart = serde_json::from_str(r#"{"now":"2026-11-11T10:00:00+08:00","coupons":["pc"],
    /// #   "lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"30","quantity":1},
    /// #            {"id":"L2","shop":"t","sku":"k","unit_price":"70","quantity":1}]}"#).unwrap();
    /// let mut quote = engine.price(&cart).unwrap();
    /// assert_eq!(quote.audit(), Ok(()));
    /// quote.lines[0].paid = youhui::Amount::from_fen(2701).unwrap(); // a fen appears from nowhere
    /// assert!(quote.audit().unwrap_err().contains("line L1"));
    /// ```
    pub fn audit(&self) -> Result<(), String> {
        let t = &self.totals;
        let points = t.points.map_or(0, Amount::fen);
        match (t.points, self.points) {
            (None, None) => {}
            (Some(a), Some(p)) if u64::try_from(a.fen()) == Ok(p.used) => {}
            (Some(a), Some(p)) => {
                return Err(format!(
                    "totals.points {a} is not the {} points used",
                    p.used
                ))
            }
            (Some(_), None) => return Err("totals.points is given without points".into()),
            (None, Some(_)) => return Err("points is given without totals.points".into()),
        }
        let stage_totals = [
            t.item_discount.fen(),
            t.threshold.fen(),
            t.shop_coupon.fen(),
            t.rebate.fen(),
            t.platform_coupon.fen(),
            points,
        ];
        let deducted: i64 = stage_totals.iter().sum();
        if t.original.fen() - deducted + t.shipping.fen() != t.payable.fen() {
            return Err(format!(
                "original {} − stage totals {} + shipping {} ≠ payable {}",
                t.original,
                Amount::total(deducted),
                t.shipping,
                t.payable
            ));
        }
        let mut by_stage = [0i64; 6];
        let mut by_promo = std::collections::BTreeMap::<&str, i64>::new();
        let mut paid = 0;
        for l in &self.lines {
            if l.paid.fen() < 0 {
                return Err(format!("line {} pays {}, below zero", l.id, l.paid));
            }
            let d: i64 = l.discounts.iter().map(|d| d.amount.fen()).sum();
            if l.original.fen() - d != l.paid.fen() {
                return Err(format!(
                    "line {}: original {} − discounts {} ≠ paid {}",
                    l.id,
                    l.original,
                    Amount::total(d),
                    l.paid
                ));
            }
            for d in &l.discounts {
                let what = d.promotion.as_deref().unwrap_or("points");
                if d.amount.fen() <= 0 {
                    return Err(format!(
                        "line {}: a share of {what} is not above zero",
                        l.id
                    ));
                }
                match (&d.promotion, d.stage) {
                    (Some(p), Stage::Points) => {
                        return Err(format!(
                            "line {}: a share of points names a promotion, {p}",
                            l.id
                        ))
                    }
                    (None, s) if s != Stage::Points => {
                        return Err(format!(
                            "line {}: a share of {} names no promotion",
                            l.id,
                            s.as_str()
                        ))
                    }
                    _ => {}
                }
                by_stage[d.stage as usize] += d.amount.fen();
                if let Some(p) = &d.promotion {
                    *by_promo.entry(p).or_default() += d.amount.fen();
                }
            }
            paid += l.paid.fen();
        }
        if paid + t.shipping.fen() != t.payable.fen() {
            return Err(format!(
                "Σ lines paid {} + shipping {} ≠ payable {}",
                Amount::total(paid),
                t.shipping,
                t.payable
            ));
        }
        let stages = Stage::ALL.iter().chain([&Stage::Points]);
        for (k, stage) in stages.enumerate() {
            if by_stage[k] != stage_totals[k] {
                return Err(format!(
                    "{} shares sum to {}, its total is {}",
                    stage.as_str(),
                    Amount::total(by_stage[k]),
                    Amount::total(stage_totals[k])
                ));
            }
        }
        for a in &self.applied {
            if a.stage == Stage::Points {
                return Err(format!("{}: no promotion is of stage points", a.promotion));
            }
            let shares = by_promo.get(&*a.promotion).copied().unwrap_or(0);
            if shares != a.amount.fen() {
                return Err(format!(
                    "{}: shares sum to {}, applied says {}",
                    a.promotion,
                    Amount::total(shares),
                    a.amount
                ));
            }
        }
        let sum = |f: fn(&QuoteShop<'_>) -> Amount| -> i64 {
            self.shops.iter().map(|s| f(s).fen()).sum()
        };
        for (what, shops, total) in [
            ("shipping", sum(|s| s.shipping), t.shipping),
            ("rebate used", sum(|s| s.rebate_used), t.rebate),
            ("payable", sum(|s| s.payable), t.payable),
        ] {
            if shops != total.fen() {
                return Err(format!(
                    "the shops' {what} sums to {}, the total is {total}",
                    Amount::total(shops)
                ));
            }
        }
        Ok(())
    }
}

/// The cart's totals.
///
/// `payable = original − item_discount − threshold − shop_coupon − rebate − platform_coupon − points + shipping`.
///
/// ```
/// # let t = youhui::Totals::default();
/// assert_eq!(t.payable.fen(), 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Σ unit_price × quantity.
    pub original: Amount,
    /// Stage 1 total.
    pub item_discount: Amount,
    /// Stage 2 total.
    pub threshold: Amount,
    /// Stage 3 total.
    pub shop_coupon: Amount,
    /// Stage 4 total: rebate credit used.
    pub rebate: Amount,
    /// Stage 5 total.
    pub platform_coupon: Amount,
    /// The points used, as money (积分抵扣, one point pays 0.01 yuan): given
    /// when the rules have a points scheme, left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Amount>,
    /// Shipping still charged.
    pub shipping: Amount,
    /// What the buyer pays.
    pub payable: Amount,
}

/// One line of the quote.
///
/// ```
/// let l: youhui::QuoteLine = serde_json::from_str(
///     r#"{"id":"L1","shop":"tea","sku":"cup","quantity":2,"original":"10.00","paid":"9.00","discounts":[]}"#).unwrap();
/// assert_eq!(l.paid.fen(), 900);
/// assert_eq!(l.quantity, 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuoteLine<'a> {
    /// The cart line's id.
    pub id: Cow<'a, str>,
    /// The cart line's shop (contract v3: a refund finds the shop's lines by it).
    pub shop: Cow<'a, str>,
    /// The cart line's SKU (contract v3).
    pub sku: Cow<'a, str>,
    /// The cart line's units (contract v3: a refund splits the line's figures over them).
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100000)))]
    pub quantity: u32,
    /// unit_price × quantity.
    pub original: Amount,
    /// original − Σ discounts.
    pub paid: Amount,
    /// This line's share of every reduction (only non-zero shares), in stage order.
    pub discounts: Vec<Discount<'a>>,
}

/// A line's share of one promotion's reduction (优惠分摊), or of the points
/// used (积分抵扣: stage `points`, no promotion).
///
/// ```
/// let d: youhui::Discount = serde_json::from_str(
///     r#"{"promotion":"mj","stage":"threshold","amount":"3.00"}"#).unwrap();
/// assert_eq!(d.stage, youhui::Stage::Threshold);
/// let p: youhui::Discount = serde_json::from_str(r#"{"stage":"points","amount":"1.20"}"#).unwrap();
/// assert!(p.promotion.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Discount<'a> {
    /// The promotion's id; none for the points' share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion: Option<Cow<'a, str>>,
    /// Its stage.
    pub stage: Stage,
    /// This line's share.
    pub amount: Amount,
}

/// The points of a quote (积分): used to pay (`N`, one point pays 0.01
/// yuan) and earned by the order (`E`).
///
/// ```
/// let p: youhui::QuotePoints = serde_json::from_str(r#"{"used":1200,"earned":54}"#).unwrap();
/// assert_eq!((p.used, p.earned), (1200, 54));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuotePoints {
    /// Points used: `min(balance, ⌊B × max_ratio⌋)` lowered to a multiple
    /// of `unit`, `B` the goods' payable after the five stages, in fen.
    pub used: u64,
    /// Points earned: `⌊P × earn_per_yuan⌋`, `P` the goods' payable after
    /// points, in yuan (shipping excluded).
    pub earned: u64,
}

/// One shop of the quote.
///
/// ```
/// let s: youhui::QuoteShop = serde_json::from_str(r#"{"shop":"tea","original":"10.00","shipping":"0.00",
///     "rebate_used":"0.00","rebate_earned":"0.20","gifts":[],"payable":"10.00"}"#).unwrap();
/// assert_eq!(s.rebate_earned.fen(), 20);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuoteShop<'a> {
    /// The shop.
    pub shop: Cow<'a, str>,
    /// Σ of its lines' originals.
    pub original: Amount,
    /// Shipping still charged.
    pub shipping: Amount,
    /// Rebate credit spent on this order.
    pub rebate_used: Amount,
    /// Rebate credit earned by this order (累积返利).
    pub rebate_earned: Amount,
    /// Gifts of the shop's threshold offer (满就送).
    pub gifts: Vec<GiftOut<'a>>,
    /// Σ of its lines' paid + shipping.
    pub payable: Amount,
}

/// A gift that comes with the order.
///
/// ```
/// let g: youhui::GiftOut = serde_json::from_str(r#"{"sku":"cup","quantity":1}"#).unwrap();
/// assert_eq!(g.quantity, 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GiftOut<'a> {
    /// The gift's SKU.
    pub sku: Cow<'a, str>,
    /// How many.
    pub quantity: u32,
}

impl GiftOut<'_> {
    /// The same gift, owning its SKU.
    ///
    /// ```
    /// let g = youhui::GiftOut { sku: "cup".into(), quantity: 2 };
    /// assert_eq!(g.into_owned().sku, "cup");
    /// ```
    pub fn into_owned(self) -> GiftOut<'static> {
        GiftOut {
            sku: own(self.sku),
            quantity: self.quantity,
        }
    }
}

/// A promotion used.
///
/// ```
/// let a: youhui::Applied = serde_json::from_str(
///     r#"{"promotion":"pc50","stage":"platform_coupon","amount":"50.00"}"#).unwrap();
/// assert!(a.shop.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Applied<'a> {
    /// The promotion's id.
    pub promotion: Cow<'a, str>,
    /// Its stage.
    pub stage: Stage,
    /// Its shop (absent for a platform coupon).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop: Option<Cow<'a, str>>,
    /// What it took (`0.00` for a free-shipping or gift-only tier).
    pub amount: Amount,
    /// For a bundle: how many sets the cart forms (`龙井配茶杯套餐 × 2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sets: Option<u32>,
}

/// A promotion looked at and not used.
///
/// ```
/// let n: youhui::NotApplied = serde_json::from_str(
///     r#"{"promotion":"sc20","reason":"threshold_not_met","message":"…"}"#).unwrap();
/// assert_eq!(n.reason, youhui::Reason::ThresholdNotMet);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotApplied<'a> {
    /// The promotion's id.
    pub promotion: Cow<'a, str>,
    /// Why, by the precedence the [reference](crate::_documentation::reference#reasons) gives.
    pub reason: Reason,
    /// Why, for a person.
    pub message: Cow<'a, str>,
}

/// Why a promotion was not used, in order of precedence (reference: [The quote](crate::_documentation::reference#the-quote)).
///
/// ```
/// use youhui::Reason;
/// assert!(Reason::NotInWindow < Reason::NotChosen);
/// assert_eq!(Reason::BelowPriceFloor.as_str(), "below_price_floor");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// `now` is outside `valid`.
    NotInWindow,
    /// The buyer is not in the audience.
    AudienceMismatch,
    /// A use limit is reached (每人限用, 发行量, 每人限购; contract v3).
    LimitReached,
    /// A coupon the cart does not hold.
    NotHeld,
    /// No line of the cart is in scope.
    OutOfScope,
    /// A bundle whose items the cart does not hold for one set.
    Incomplete,
    /// The base does not reach the threshold or `min_amount`.
    ThresholdNotMet,
    /// The new unit price would break the 1.00 yuan or the 0.1折 floor.
    BelowPriceFloor,
    /// The buyer has no rebate credit at the shop (before `no_reduction` since
    /// contract v2: with no credit, nothing could be taken).
    NoBalance,
    /// It would lower nothing.
    NoReduction,
    /// The cart turned rebate use off.
    Declined,
    /// Another promotion of the same type won.
    Outranked,
    /// A held coupon the `best` selection left out.
    NotChosen,
}

impl Reason {
    /// Every reason, in order of precedence.
    ///
    /// ```
    /// assert_eq!(youhui::Reason::ALL[0], youhui::Reason::NotInWindow);
    /// assert_eq!(youhui::Reason::ALL.len(), 13);
    /// ```
    pub const ALL: [Reason; 13] = [
        Reason::NotInWindow,
        Reason::AudienceMismatch,
        Reason::LimitReached,
        Reason::NotHeld,
        Reason::OutOfScope,
        Reason::Incomplete,
        Reason::ThresholdNotMet,
        Reason::BelowPriceFloor,
        Reason::NoBalance,
        Reason::NoReduction,
        Reason::Declined,
        Reason::Outranked,
        Reason::NotChosen,
    ];

    /// The reason code as in JSON.
    ///
    /// ```
    /// assert_eq!(youhui::Reason::NotHeld.as_str(), "not_held");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NotInWindow => "not_in_window",
            Reason::AudienceMismatch => "audience_mismatch",
            Reason::LimitReached => "limit_reached",
            Reason::NotHeld => "not_held",
            Reason::OutOfScope => "out_of_scope",
            Reason::Incomplete => "incomplete",
            Reason::ThresholdNotMet => "threshold_not_met",
            Reason::BelowPriceFloor => "below_price_floor",
            Reason::NoBalance => "no_balance",
            Reason::NoReduction => "no_reduction",
            Reason::Declined => "declined",
            Reason::Outranked => "outranked",
            Reason::NotChosen => "not_chosen",
        }
    }
}

/// 凑单提示: how far the base is from the next tier, and what reaching it saves.
///
/// ```
/// let h: youhui::Hint = serde_json::from_str(
///     r#"{"promotion":"mj","shortfall":"20.00","saving":"10.00","free_shipping":true}"#).unwrap();
/// assert_eq!(h.shortfall.unwrap().fen(), 2000); // 再买 ¥20.00 包邮
/// assert_eq!(h.free_shipping, Some(true));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Hint<'a> {
    /// The threshold offer or held coupon.
    pub promotion: Cow<'a, str>,
    /// How much more to spend (tiers by amount, coupons, 每满减).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Amount>,
    /// How many more units (tiers by quantity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortfall_units: Option<u64>,
    /// What reaching it would save beyond what the promotion gives today: for
    /// a threshold offer, its whole value (reduction, waived shipping, gift value).
    pub saving: Amount,
    /// `true` when that tier waives a shipping fee that today's tier does not
    /// (再买 ¥X 包邮); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_shipping: Option<bool>,
    /// The gifts that tier gives; absent when it gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gifts: Option<Vec<GiftOut<'a>>>,
}
