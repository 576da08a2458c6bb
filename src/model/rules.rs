//! The rules file (reference: [The rules file](crate::_documentation::reference#the-rules-file)).

use serde::{Deserialize, Serialize};

use super::{de, from_json, time};
use crate::error::Error;
use crate::money::{Amount, EarnRate, Fold, Ratio, Rounding};

/// A rules file: settings and the promotions of every shop and of the platform.
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(r#"{
///     "promotions": [
///         { "id": "sc20", "type": "shop_coupon", "shop": "tea", "min_amount": "200", "amount_off": "20" }
///     ]
/// }"#).unwrap();
/// assert_eq!(rules.promotions.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Rules {
    /// How thresholds are tested and how prices round.
    #[serde(default)]
    pub settings: Settings,
    /// Every promotion, in any order (the order never changes a price).
    #[cfg_attr(feature = "schema", schemars(length(max = 1000000)))]
    pub promotions: Vec<Promotion>,
}

impl<'de> Deserialize<'de> for Rules {
    /// Reads a rules file strictly (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused); see [`Rules::from_json`]).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rules, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename = "Rules")]
        struct Fields {
            #[serde(default)]
            settings: Settings,
            promotions: Vec<Promotion>,
        }
        let f = Fields::deserialize(de::Strict(d))?;
        Ok(Rules {
            settings: f.settings,
            promotions: f.promotions,
        })
    }
}

impl Rules {
    /// Parses a rules file, naming the JSON path of the first mistake.
    ///
    /// `serde_json::from_str` works too; this adds the path (`promotions[2].fold`) to the message.
    ///
    /// ```
    /// let err = youhui::Rules::from_json(r#"{"promotions":[{"id":"x","type":"item_discount","shop":"s","fold":"0.05"}]}"#)
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("promotions[0].fold"));
    /// ```
    pub fn from_json(json: &str) -> Result<Rules, Error> {
        from_json(json, crate::error::File::Rules)
    }
}

/// `settings` of the rules file.
///
/// ```
/// let s: youhui::Settings = serde_json::from_str(r#"{"threshold_base":"sequential"}"#).unwrap();
/// assert_eq!(s.threshold_base, youhui::ThresholdBase::Sequential);
/// assert_eq!(s.rounding, youhui::Rounding::HalfUp);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Which amounts thresholds and `min_amount`s are tested on (reference: [Which amount a threshold is tested on](crate::_documentation::reference#which-amount-a-threshold-is-tested-on)).
    #[serde(default)]
    pub threshold_base: ThresholdBase,
    /// How `round(x)` rounds to the fen.
    #[serde(default)]
    pub rounding: Rounding,
    /// The three boundaries, in whole days, between the lifecycle states
    /// `active`, `silent`, `sleeping` and `lost` (default `[90, 180, 270]`;
    /// strictly increasing, 1 to 3650). A merchant on the 90/180/270/360
    /// calendar who counts 270–360 days as still asleep writes `[90, 180, 360]`.
    #[serde(
        default,
        deserialize_with = "de::whole::lifecycle_days",
        skip_serializing_if = "Option::is_none"
    )]
    pub lifecycle_days: Option<[u32; 3]>,
    /// The points scheme (积分, reference: [Points](crate::_documentation::reference#points-积分)):
    /// absent, no cart may pay with points and a quote says nothing of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<PointsSettings>,
}

/// `settings.points`: how points pay and how they are earned (积分抵扣, 积分赠送;
/// one point is worth 0.01 yuan).
///
/// ```
/// let p: youhui::PointsSettings =
///     serde_json::from_str(r#"{"max_ratio":"0.5","unit":100,"earn_per_yuan":"0.5"}"#).unwrap();
/// assert_eq!(p.max_ratio.ten_thousandths(), 5000);
/// assert_eq!(p.unit, 100);
/// let q: youhui::PointsSettings = serde_json::from_str(r#"{"max_ratio":"1"}"#).unwrap();
/// assert_eq!(q.unit, 1);
/// assert!(q.earn_per_yuan.is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PointsSettings {
    /// The most of the goods' payable (after the five stages) that points may pay.
    pub max_ratio: Ratio,
    /// Points are used in whole multiples of it (1 to 10 000, default 1).
    #[serde(default = "one", deserialize_with = "de::whole::points_unit")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 10000)))]
    pub unit: u32,
    /// Points earned per yuan paid (0 to 100); absent, none are earned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earn_per_yuan: Option<EarnRate>,
}

fn one() -> u32 {
    1
}

impl Settings {
    /// The lifecycle boundaries in force: `lifecycle_days` or `[90, 180, 270]`.
    ///
    /// ```
    /// assert_eq!(youhui::Settings::default().lifecycle_boundaries(), [90, 180, 270]);
    /// ```
    pub fn lifecycle_boundaries(&self) -> [u32; 3] {
        self.lifecycle_days.unwrap_or([90, 180, 270])
    }
}

/// Which amount a threshold is tested on (reference: [Which amount a threshold is tested on](crate::_documentation::reference#which-amount-a-threshold-is-tested-on)).
///
/// ```
/// assert_eq!(youhui::ThresholdBase::default(), youhui::ThresholdBase::Parallel);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ThresholdBase {
    /// 平行满减: every threshold is tested on the amounts after item discounts.
    #[default]
    Parallel,
    /// Every stage tests and computes on what the earlier stages left.
    Sequential,
}

/// The five discount types, in the order they are deducted (减免顺序), and
/// points (积分), the sixth step after them. A promotion is of one of the
/// five; `points` is only a quote line's share of the points used,
/// which no promotion gives.
///
/// ```
/// use youhui::Stage;
/// assert!(Stage::ItemDiscount < Stage::PlatformCoupon);
/// assert!(Stage::PlatformCoupon < Stage::Points);
/// assert_eq!(serde_json::to_string(&Stage::ShopCoupon).unwrap(), "\"shop_coupon\"");
/// assert_eq!(Stage::Points.as_str(), "points");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 单品优惠: one cart line.
    ItemDiscount,
    /// 满优惠: one shop.
    Threshold,
    /// 店铺优惠券: one shop.
    ShopCoupon,
    /// 店铺返利金: one shop.
    Rebate,
    /// 平台优惠券: the whole cart.
    PlatformCoupon,
    /// 积分抵扣: the points used, over the whole cart, after the five stages
    /// (a quote line's share; never a promotion's stage).
    Points,
}

impl Stage {
    /// The stage's name as in JSON (`"shop_coupon"`).
    ///
    /// ```
    /// assert_eq!(youhui::Stage::Rebate.as_str(), "rebate");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::ItemDiscount => "item_discount",
            Stage::Threshold => "threshold",
            Stage::ShopCoupon => "shop_coupon",
            Stage::Rebate => "rebate",
            Stage::PlatformCoupon => "platform_coupon",
            Stage::Points => "points",
        }
    }

    /// The stage's name with its article, for messages: `"an item_discount"`.
    pub(crate) fn with_article(self) -> &'static str {
        match self {
            Stage::ItemDiscount => "an item_discount",
            Stage::Threshold => "a threshold",
            Stage::ShopCoupon => "a shop_coupon",
            Stage::Rebate => "a rebate",
            Stage::PlatformCoupon => "a platform_coupon",
            Stage::Points => "points",
        }
    }

    /// The five stages of promotions in deduction order ([`Stage::Points`],
    /// which no promotion has, comes after them).
    pub const ALL: [Stage; 5] = [
        Stage::ItemDiscount,
        Stage::Threshold,
        Stage::ShopCoupon,
        Stage::Rebate,
        Stage::PlatformCoupon,
    ];
}

/// A promotion's `type`: one of the five stages, or a bundle (搭配套餐), which
/// is a benefit of stage 1 beside the item discounts.
///
/// ```
/// use youhui::{PromotionType, Stage};
/// let t: PromotionType = serde_json::from_str("\"bundle\"").unwrap();
/// assert_eq!(t.stage(), Stage::ItemDiscount);
/// assert_eq!(PromotionType::ShopCoupon.stage(), Stage::ShopCoupon);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PromotionType {
    /// 单品优惠.
    ItemDiscount,
    /// 搭配套餐: a set of SKUs sold together for one price.
    Bundle,
    /// 满优惠.
    Threshold,
    /// 店铺优惠券.
    ShopCoupon,
    /// 店铺返利金.
    Rebate,
    /// 平台优惠券.
    PlatformCoupon,
}

impl PromotionType {
    /// The stage the promotion's benefit belongs to (a bundle: stage 1).
    pub fn stage(self) -> Stage {
        match self {
            PromotionType::ItemDiscount | PromotionType::Bundle => Stage::ItemDiscount,
            PromotionType::Threshold => Stage::Threshold,
            PromotionType::ShopCoupon => Stage::ShopCoupon,
            PromotionType::Rebate => Stage::Rebate,
            PromotionType::PlatformCoupon => Stage::PlatformCoupon,
        }
    }

    /// The type's name as in JSON (`"bundle"`).
    ///
    /// ```
    /// assert_eq!(youhui::PromotionType::Bundle.as_str(), "bundle");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PromotionType::Bundle => "bundle",
            other => other.stage().as_str(),
        }
    }

    /// The type's name with its article, for messages: `"an item_discount"`.
    pub(crate) fn with_article(self) -> &'static str {
        match self {
            PromotionType::Bundle => "a bundle",
            other => other.stage().with_article(),
        }
    }

    /// Every type, in the order of its stage.
    pub(crate) const ALL: [PromotionType; 6] = [
        PromotionType::ItemDiscount,
        PromotionType::Bundle,
        PromotionType::Threshold,
        PromotionType::ShopCoupon,
        PromotionType::Rebate,
        PromotionType::PlatformCoupon,
    ];

    /// The type named `name` in JSON (`"shop_coupon"`).
    pub(crate) fn from_name(name: &str) -> Option<PromotionType> {
        PromotionType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The fields a promotion of this type may carry beyond the
    /// [common ones](COMMON_FIELDS).
    pub(crate) fn own_fields(self) -> &'static [&'static str] {
        match self {
            PromotionType::ItemDiscount => {
                &["fold", "amount_off", "fixed_price", "nth", "max_units"]
            }
            PromotionType::Bundle => &["items", "price", "max_sets"],
            PromotionType::Threshold => &["tiers", "every"],
            PromotionType::ShopCoupon | PromotionType::PlatformCoupon => {
                &["min_amount", "amount_off", "fold", "max_off"]
            }
            PromotionType::Rebate => &["max_ratio", "min_amount", "earn_ratio"],
        }
    }
}

/// The fields every promotion may carry, whatever its type.
pub(crate) const COMMON_FIELDS: &[&str] = &[
    "id", "type", "shop", "name", "valid", "scope", "audience", "limits",
];

/// One promotion of the rules file. Which fields are allowed depends on `type`;
/// [`Engine::new`](crate::Engine::new) rejects a field that does not belong.
///
/// ```
/// let p: youhui::Promotion = serde_json::from_str(
///     r#"{ "id": "flash", "type": "item_discount", "shop": "tea", "fold": "8.5" }"#).unwrap();
/// assert_eq!(p.kind, youhui::PromotionType::ItemDiscount);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    /// Unique, non-empty.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Text"))]
    pub id: String,
    /// The promotion's type.
    #[serde(rename = "type")]
    pub kind: PromotionType,
    /// The shop; required for every type but `platform_coupon`, where it is forbidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Text>"))]
    pub shop: Option<String>,
    /// Display text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Text>"))]
    pub name: Option<String>,
    /// When it applies: `from <= now < until`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<Valid>,
    /// Which lines count; absent = every line of the shop (of the cart, for a platform coupon).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Who may use it (reference: [Audience](crate::_documentation::reference#audience)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// How often it may be used (每人限用, 发行量, 每人限购; contract v3), by the
    /// counts the cart passes (reference: [Use limits](crate::_documentation::reference#use-limits-每人限用-每人限购-发行量)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
    /// `item_discount`, `shop_coupon`, `platform_coupon`: pay this fold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fold: Option<Fold>,
    /// `item_discount` (per unit), `shop_coupon`, `platform_coupon`: amount off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_off: Option<Amount>,
    /// `item_discount`: the new unit price (一口价).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_price: Option<Amount>,
    /// `item_discount`: 第N件X折 (contract v3), instead of `fold`, `amount_off`
    /// or `fixed_price`: the n-th, 2n-th, … unit of each line at a fold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nth: Option<Nth>,
    /// `item_discount`: only the first `max_units` units of a line get the new price (限购).
    #[serde(
        default,
        deserialize_with = "de::whole::units_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100000)))]
    pub max_units: Option<u32>,
    /// `threshold`: the tiers (满X元 or 满N件), highest met applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 100)))]
    pub tiers: Option<Vec<Tier>>,
    /// `threshold`: 每满减.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Every>,
    /// Coupons and `rebate`: the base must reach this (门槛).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<Amount>,
    /// Coupons with a `fold`: the most it takes off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_off: Option<Amount>,
    /// `rebate`: the share of the base the credit may pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ratio: Option<Ratio>,
    /// `rebate`: the share of what is paid that is earned back (累积返利).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earn_ratio: Option<Ratio>,
    /// `bundle`: the SKUs of one set and how many of each (2 to 5 SKUs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 2, max = 5)))]
    pub items: Option<Vec<BundleItem>>,
    /// `bundle`: the price of one set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Amount>,
    /// `bundle`: the most sets one cart may form (1 to 100 000).
    #[serde(
        default,
        deserialize_with = "de::whole::units_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100000)))]
    pub max_sets: Option<u32>,
}

/// A promotion's use limits (contract v3): at least one field. The engine
/// keeps no count; the cart passes them (`customer.uses`, `customer.units`,
/// `uses`).
///
/// ```
/// let l: youhui::Limits = serde_json::from_str(r#"{"per_customer":1,"total":10000}"#).unwrap();
/// assert_eq!(l.per_customer, Some(1));
/// assert_eq!(l.per_customer_units, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// The engine refuses an empty object here (a limit that limits nothing is a
// mistake); the schema says so too.
#[cfg_attr(feature = "schema", schemars(extend("minProperties" = 1)))]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// 每人限用N次: the orders in which one customer may use it, 1 to 100 000.
    #[serde(
        default,
        deserialize_with = "de::whole::count_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100000)))]
    pub per_customer: Option<u64>,
    /// 发行量: the orders of all customers in which it may be used (a coupon's
    /// stock, an activity's budget in orders), 1 to 100 000 000.
    #[serde(
        default,
        deserialize_with = "de::whole::count_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100000000)))]
    pub total: Option<u64>,
    /// 每人限购N件, `item_discount` only: the units one customer may buy at its
    /// price over all orders, 1 to 100 000.
    #[serde(
        default,
        deserialize_with = "de::whole::count_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100000)))]
    pub per_customer_units: Option<u64>,
}

/// One SKU of a bundle's set.
///
/// ```
/// let i: youhui::BundleItem = serde_json::from_str(r#"{"sku":"teacup","quantity":2}"#).unwrap();
/// assert_eq!(i.quantity, 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BundleItem {
    /// The SKU.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Text"))]
    pub sku: String,
    /// Units of it in one set, 1 to 100.
    #[serde(deserialize_with = "de::whole::units")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100)))]
    pub quantity: u32,
}

/// A validity window; either end may be left out.
///
/// ```
/// let v: youhui::Valid = serde_json::from_str(r#"{"from":"2026-11-11T00:00:00+08:00"}"#).unwrap();
/// assert!(v.until.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Valid {
    /// Inclusive start.
    #[serde(
        default,
        with = "time::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Rfc3339>"))]
    pub from: Option<jiff::Timestamp>,
    /// Exclusive end. A date past the latest supported instant (such as the
    /// usual "never expires" `9999-12-31T23:59:59+08:00`) reads as no end.
    #[serde(default, with = "time::until", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Rfc3339>"))]
    pub until: Option<jiff::Timestamp>,
    /// A recurring window (会员日, 周末特惠, 晚8点场; contract v3): days of the
    /// month, weekdays and hours of the day that must hold too, in UTC+08:00.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<super::Repeat>,
}

/// Which cart lines a promotion counts.
///
/// A line matches when its SKU is in `skus` or its category in `categories`
/// (either list; both absent = every line), its SKU is not in `exclude_skus`,
/// and, for a platform coupon with `shops`, its shop is listed.
///
/// ```
/// let s: youhui::Scope = serde_json::from_str(r#"{"categories":["tea"],"exclude_skus":["gift-box"]}"#).unwrap();
/// assert!(s.skus.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// The engine refuses an empty object here (it would match everything by
// accident); the schema says so too.
#[cfg_attr(feature = "schema", schemars(extend("minProperties" = 1)))]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// SKUs that count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<Vec<crate::schema::Text>>", length(max = 10000))
    )]
    pub skus: Option<Vec<String>>,
    /// Categories that count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<Vec<crate::schema::Text>>", length(max = 10000))
    )]
    pub categories: Option<Vec<String>>,
    /// SKUs that never count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<Vec<crate::schema::Text>>", length(max = 10000))
    )]
    pub exclude_skus: Option<Vec<String>>,
    /// Platform coupons only: the shops whose lines count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<Vec<crate::schema::Text>>", length(max = 10000))
    )]
    pub shops: Option<Vec<String>>,
}

/// Who may use a promotion (人群; reference: [Audience](crate::_documentation::reference#audience)); every field given must hold.
///
/// ```
/// let a: youhui::Audience = serde_json::from_str(r#"{"min_member_tier":2,"lifecycle":["sleeping"]}"#).unwrap();
/// assert_eq!(a.min_member_tier, Some(2));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// The engine refuses an empty object here (it would match everything by
// accident); the schema says so too.
#[cfg_attr(feature = "schema", schemars(extend("minProperties" = 1)))]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// `true`: only buyers with no earlier order at the shop (新客); `false`:
    /// only buyers with at least one (老客). For a platform coupon, over all shops.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_customer: Option<bool>,
    /// Buyers with at least this many earlier orders at the shop (二次购买, 多次购买).
    #[serde(
        default,
        deserialize_with = "de::whole::orders_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_orders: Option<u64>,
    /// Buyers with at most this many earlier orders at the shop.
    #[serde(
        default,
        deserialize_with = "de::whole::orders_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_orders: Option<u64>,
    /// Buyers whose segment is none of these (a buyer with no segment passes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<Vec<crate::schema::Text>>", length(max = 10000))
    )]
    pub exclude_segments: Option<Vec<String>>,
    /// Members at or above this tier (会员等级).
    #[serde(
        default,
        deserialize_with = "de::whole::tier_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_member_tier: Option<u32>,
    /// Customer segments, such as RFM classes `"A"`–`"D"` (客户分层).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<Vec<crate::schema::Text>>", length(max = 10000))
    )]
    pub segments: Option<Vec<String>>,
    /// Lifecycle states, from the time since the last order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 4)))]
    pub lifecycle: Option<Vec<Lifecycle>>,
    /// `true`: only on the buyer's birthday (UTC+08:00). (`false` is an error:
    /// leave the field out for no condition.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<bool>,
}

/// A buyer's state by the time `d` since the last order (reference: [Audience](crate::_documentation::reference#audience)).
///
/// ```
/// let l: youhui::Lifecycle = serde_json::from_str("\"sleeping\"").unwrap();
/// assert_eq!(l, youhui::Lifecycle::Sleeping);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// `d` ≤ 90 days (the first of `settings.lifecycle_days`).
    Active,
    /// 90 < `d` ≤ 180 days (by default).
    Silent,
    /// 180 < `d` ≤ 270 days (by default; 360 in the 90/180/360 calendar).
    Sleeping,
    /// `d` > 270 days (by default).
    Lost,
}

impl Lifecycle {
    /// The state's name in the rules file.
    ///
    /// ```
    /// assert_eq!(youhui::Lifecycle::Sleeping.as_str(), "sleeping");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Active => "active",
            Lifecycle::Silent => "silent",
            Lifecycle::Sleeping => "sleeping",
            Lifecycle::Lost => "lost",
        }
    }
}

/// One tier of a threshold offer: one condition and at least one benefit.
///
/// ```
/// let t: youhui::Tier = serde_json::from_str(r#"{"min_amount":"300","amount_off":"30"}"#).unwrap();
/// assert_eq!(t.amount_off.unwrap().fen(), 3000);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// 满X元.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<Amount>,
    /// 满N件: the units of the lines in scope.
    #[serde(
        default,
        deserialize_with = "de::whole::units_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100000)))]
    pub min_quantity: Option<u32>,
    /// 满减.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_off: Option<Amount>,
    /// 满折.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fold: Option<Fold>,
    /// 满包邮: the shop's shipping is waived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_shipping: Option<bool>,
    /// 满就送.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 100)))]
    pub gifts: Option<Vec<Gift>>,
}

/// A gift of a threshold tier.
///
/// ```
/// let g: youhui::Gift = serde_json::from_str(r#"{"sku":"cup","quantity":1,"value":"15"}"#).unwrap();
/// assert_eq!(g.value.unwrap().fen(), 1500);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Gift {
    /// The gift's SKU.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Text"))]
    pub sku: String,
    /// How many.
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100000)))]
    #[serde(deserialize_with = "de::whole::units")]
    pub quantity: u32,
    /// What one is worth to the buyer (default `"0"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Amount>,
}

/// 第N件X折 (contract v3): of a line's `q` units, the n-th, 2n-th, … — `⌊q / n⌋`
/// units — get the new unit price `round(unit_price × fold / 10)`.
///
/// ```
/// // 第二件半价: the second unit at half price.
/// let h: youhui::Nth = serde_json::from_str(r#"{"n":2,"fold":"5"}"#).unwrap();
/// assert_eq!(h.n, 2);
/// assert_eq!(h.fold.to_string(), "5");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Nth {
    /// Every n-th unit of a line gets the fold: 2 to 100.
    #[serde(deserialize_with = "de::whole::nth")]
    #[cfg_attr(feature = "schema", schemars(range(min = 2, max = 100)))]
    pub n: u32,
    /// The fold those units pay (section 1: `0.1 <= fold < 10`).
    pub fold: Fold,
}

/// 每满减: `⌊base / amount⌋ × amount_off`, at most `max_off`.
///
/// ```
/// let e: youhui::Every = serde_json::from_str(r#"{"amount":"100","amount_off":"10"}"#).unwrap();
/// assert!(e.max_off.is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Every {
    /// X: each full X of the base …
    pub amount: Amount,
    /// Y: … takes Y off.
    pub amount_off: Amount,
    /// The cap (absent = 上不封顶).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_off: Option<Amount>,
}
