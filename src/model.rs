//! The rules file and the cart file (contract §3 and §4), exactly as they look in JSON.
//!
//! These types check the *form* of every value as they deserialize (amounts,
//! folds, ratios, timestamps, unknown fields). What depends on several fields
//! together (exactly one benefit, increasing tiers, unique ids, …) is checked by
//! [`Engine::new`](crate::Engine::new) for rules and by
//! [`Engine::price`](crate::Engine::price) for carts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::money::{Amount, Fold, Ratio, Rounding};

/// RFC 3339 timestamps with an offset, as [`jiff::Timestamp`].
mod rfc3339 {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &jiff::Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&t.display_with_offset(jiff::tz::offset(8)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<jiff::Timestamp, D::Error> {
        crate::money::from_json_str::<D, Rfc3339>(
            d,
            "an RFC 3339 timestamp string such as \"2026-11-11T00:00:00+08:00\"",
        )
        .map(|t| t.0)
    }

    struct Rfc3339(jiff::Timestamp);

    impl std::str::FromStr for Rfc3339 {
        type Err = String;
        fn from_str(s: &str) -> Result<Rfc3339, String> {
            s.parse().map(Rfc3339).map_err(|e| {
                format!("timestamp {s:?} is not RFC 3339 with an offset (like \"2026-11-11T00:00:00+08:00\"): {e}")
            })
        }
    }

    pub mod option {
        use serde::{Deserializer, Serializer};

        pub fn serialize<S: Serializer>(
            t: &Option<jiff::Timestamp>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<jiff::Timestamp>, D::Error> {
            super::deserialize(d).map(Some)
        }
    }
}

/// Whole numbers (quantities, tiers, order counts) with a message a person can read
/// when the JSON holds something else, instead of serde's "expected u32".
mod whole {
    use serde::Deserializer;

    struct V<T>(&'static str, std::marker::PhantomData<T>);

    impl<T: TryFrom<u64>> serde::de::Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
            T::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<T, E> {
            match u64::try_from(v) {
                Ok(v) => self.visit_u64(v),
                Err(_) => Err(E::invalid_value(serde::de::Unexpected::Signed(v), &self)),
            }
        }
    }

    fn whole<'de, D: Deserializer<'de>, T: TryFrom<u64>>(
        d: D,
        what: &'static str,
    ) -> Result<T, D::Error> {
        d.deserialize_u64(V(what, std::marker::PhantomData))
    }

    const UNITS: &str = "a whole number of units from 1 to 100000";
    const TIER: &str = "a whole, non-negative member tier";
    const ORDERS: &str = "a whole, non-negative number of orders";

    pub fn units<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        whole(d, UNITS)
    }

    pub fn units_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        whole(d, UNITS).map(Some)
    }

    pub fn tier_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        whole(d, TIER).map(Some)
    }

    pub fn orders<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<std::collections::BTreeMap<String, u64>, D::Error> {
        struct Orders(u64);
        impl<'de> serde::Deserialize<'de> for Orders {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Orders, D::Error> {
                whole(d, ORDERS).map(Orders)
            }
        }
        let m: std::collections::BTreeMap<String, Orders> = serde::Deserialize::deserialize(d)?;
        Ok(m.into_iter().map(|(k, v)| (k, v.0)).collect())
    }
}

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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// How thresholds are tested and how prices round.
    #[serde(default)]
    pub settings: Settings,
    /// Every promotion, in any order (the order never changes a price).
    pub promotions: Vec<Promotion>,
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
        from_json(json, "rules")
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
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Which amounts thresholds and `min_amount`s are tested on (contract §2).
    #[serde(default)]
    pub threshold_base: ThresholdBase,
    /// How `round(x)` rounds to the fen.
    #[serde(default)]
    pub rounding: Rounding,
}

/// Which amount a threshold is tested on (contract §2).
///
/// ```
/// assert_eq!(youhui::ThresholdBase::default(), youhui::ThresholdBase::Parallel);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdBase {
    /// 平行满减: every threshold is tested on the amounts after item discounts.
    #[default]
    Parallel,
    /// Every stage tests and computes on what the earlier stages left.
    Sequential,
}

/// The five discount types, in the order they are deducted (减免顺序).
///
/// ```
/// use youhui::Stage;
/// assert!(Stage::ItemDiscount < Stage::PlatformCoupon);
/// assert_eq!(serde_json::to_string(&Stage::ShopCoupon).unwrap(), "\"shop_coupon\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
        }
    }

    /// All five stages in deduction order.
    pub const ALL: [Stage; 5] = [
        Stage::ItemDiscount,
        Stage::Threshold,
        Stage::ShopCoupon,
        Stage::Rebate,
        Stage::PlatformCoupon,
    ];
}

/// One promotion of the rules file. Which fields are allowed depends on `type`;
/// [`Engine::new`](crate::Engine::new) rejects a field that does not belong.
///
/// ```
/// let p: youhui::Promotion = serde_json::from_str(
///     r#"{ "id": "flash", "type": "item_discount", "shop": "tea", "fold": "8.5" }"#).unwrap();
/// assert_eq!(p.kind, youhui::Stage::ItemDiscount);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    /// Unique, non-empty.
    pub id: String,
    /// The promotion's type: which stage it belongs to.
    #[serde(rename = "type")]
    pub kind: Stage,
    /// The shop; required for every type but `platform_coupon`, where it is forbidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
    /// Display text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When it applies: `from <= now < until`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<Valid>,
    /// Which lines count; absent = every line of the shop (of the cart, for a platform coupon).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Who may use it (contract §6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// `item_discount`, `shop_coupon`, `platform_coupon`: pay this fold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fold: Option<Fold>,
    /// `item_discount` (per unit), `shop_coupon`, `platform_coupon`: amount off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_off: Option<Amount>,
    /// `item_discount`: the new unit price (一口价).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_price: Option<Amount>,
    /// `item_discount`: only the first `max_units` units of a line get the new price (限购).
    #[serde(
        default,
        deserialize_with = "whole::units_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_units: Option<u32>,
    /// `threshold`: the tiers (满X元 or 满N件), highest met applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
}

/// A validity window; either end may be left out.
///
/// ```
/// let v: youhui::Valid = serde_json::from_str(r#"{"from":"2026-11-11T00:00:00+08:00"}"#).unwrap();
/// assert!(v.until.is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Valid {
    /// Inclusive start.
    #[serde(
        default,
        with = "rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub from: Option<jiff::Timestamp>,
    /// Exclusive end.
    #[serde(
        default,
        with = "rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub until: Option<jiff::Timestamp>,
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
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// SKUs that count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skus: Option<Vec<String>>,
    /// Categories that count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// SKUs that never count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_skus: Option<Vec<String>>,
    /// Platform coupons only: the shops whose lines count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shops: Option<Vec<String>>,
}

/// Who may use a promotion (人群, contract §6); every field given must hold.
///
/// ```
/// let a: youhui::Audience = serde_json::from_str(r#"{"min_member_tier":2,"lifecycle":["sleeping"]}"#).unwrap();
/// assert_eq!(a.min_member_tier, Some(2));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// `true`: only buyers with no earlier order at the shop (新客). `false` is the same as absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_customer: Option<bool>,
    /// Members at or above this tier (会员等级).
    #[serde(
        default,
        deserialize_with = "whole::tier_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_member_tier: Option<u32>,
    /// Customer segments, such as RFM classes `"A"`–`"D"` (客户分层).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segments: Option<Vec<String>>,
    /// Lifecycle states, from the time since the last order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Vec<Lifecycle>>,
    /// `true`: only on the buyer's birthday (UTC+08:00). `false` is the same as absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<bool>,
}

/// A buyer's state by the time `d` since the last order (contract §6).
///
/// ```
/// let l: youhui::Lifecycle = serde_json::from_str("\"sleeping\"").unwrap();
/// assert_eq!(l, youhui::Lifecycle::Sleeping);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// `d` ≤ 90 days.
    Active,
    /// 90 < `d` ≤ 180 days.
    Silent,
    /// 180 < `d` ≤ 270 days.
    Sleeping,
    /// `d` > 270 days.
    Lost,
}

/// One tier of a threshold offer: one condition and at least one benefit.
///
/// ```
/// let t: youhui::Tier = serde_json::from_str(r#"{"min_amount":"300","amount_off":"30"}"#).unwrap();
/// assert_eq!(t.amount_off.unwrap().fen(), 3000);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// 满X元.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<Amount>,
    /// 满N件: the units of the lines in scope.
    #[serde(
        default,
        deserialize_with = "whole::units_opt",
        skip_serializing_if = "Option::is_none"
    )]
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
    pub gifts: Option<Vec<Gift>>,
}

/// A gift of a threshold tier.
///
/// ```
/// let g: youhui::Gift = serde_json::from_str(r#"{"sku":"cup","quantity":1,"value":"15"}"#).unwrap();
/// assert_eq!(g.value.unwrap().fen(), 1500);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gift {
    /// The gift's SKU.
    pub sku: String,
    /// How many.
    #[serde(deserialize_with = "whole::units")]
    pub quantity: u32,
    /// What one is worth to the buyer (default `"0"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Amount>,
}

/// 每满减: `⌊base / amount⌋ × amount_off`, at most `max_off`.
///
/// ```
/// let e: youhui::Every = serde_json::from_str(r#"{"amount":"100","amount_off":"10"}"#).unwrap();
/// assert!(e.max_off.is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// A cart to price (contract §4).
///
/// ```
/// let cart: youhui::Cart = serde_json::from_str(r#"{
///     "now": "2026-11-11T10:00:00+08:00",
///     "lines": [ { "id": "L1", "shop": "tea", "sku": "longjing-250g", "unit_price": "128.00", "quantity": 2 } ]
/// }"#).unwrap();
/// assert_eq!(cart.coupon_selection, youhui::CouponSelection::Best);
/// assert!(cart.use_rebate);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cart {
    /// The moment the cart is priced: windows and the audience are judged at it.
    #[serde(with = "rfc3339")]
    pub now: jiff::Timestamp,
    /// The buyer; every field is optional.
    #[serde(default)]
    pub customer: Customer,
    /// The cart lines.
    pub lines: Vec<Line>,
    /// Shipping fee per shop (default 0).
    #[serde(default)]
    pub shipping: BTreeMap<String, Amount>,
    /// Ids of the coupon promotions the buyer holds.
    #[serde(default)]
    pub coupons: Vec<String>,
    /// How held coupons are chosen.
    #[serde(default)]
    pub coupon_selection: CouponSelection,
    /// `false` turns rebate credit use off.
    #[serde(default = "yes")]
    pub use_rebate: bool,
}

fn yes() -> bool {
    true
}

impl Cart {
    /// Parses a cart file, naming the JSON path of the first mistake.
    ///
    /// ```
    /// let err = youhui::Cart::from_json(r#"{"now":"2026-11-11T10:00:00+08:00","lines":[
    ///     {"id":"L1","shop":"s","sku":"k","unit_price":128,"quantity":1}]}"#).unwrap_err();
    /// assert!(err.to_string().contains("lines[0].unit_price"));
    /// ```
    pub fn from_json(json: &str) -> Result<Cart, Error> {
        from_json(json, "cart")
    }
}

/// How held coupons are chosen (contract §4).
///
/// ```
/// assert_eq!(youhui::CouponSelection::default(), youhui::CouponSelection::Best);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponSelection {
    /// 系统自动选择最优组合: the combination that makes `payable` smallest.
    #[default]
    Best,
    /// Every held coupon that applies; of two of one type, the larger reduction.
    AsGiven,
}

/// The buyer, as the CRM knows them.
///
/// ```
/// let c: youhui::Customer = serde_json::from_str(r#"{"member_tier":2,"birthday":"11-11"}"#).unwrap();
/// assert_eq!(c.member_tier, Some(2));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The buyer's id (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Membership tier (absent counts as 0).
    #[serde(
        default,
        deserialize_with = "whole::tier_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub member_tier: Option<u32>,
    /// Segment, such as an RFM class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// When the buyer last ordered.
    #[serde(
        default,
        with = "rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_order_at: Option<jiff::Timestamp>,
    /// `"MM-DD"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<String>,
    /// Earlier orders per shop; an unlisted shop counts 0.
    #[serde(
        default,
        deserialize_with = "whole::orders",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub orders: BTreeMap<String, u64>,
    /// Rebate credit per shop.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rebate_balances: BTreeMap<String, Amount>,
}

/// One cart line.
///
/// ```
/// let l: youhui::Line = serde_json::from_str(
///     r#"{"id":"L1","shop":"tea","sku":"longjing-250g","category":"tea","unit_price":"128.00","quantity":2}"#).unwrap();
/// assert_eq!(l.unit_price.fen() * i64::from(l.quantity), 25600);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Unique in the cart.
    pub id: String,
    /// The shop selling it.
    pub shop: String,
    /// The SKU.
    pub sku: String,
    /// The category, for scopes by category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Price of one unit.
    pub unit_price: Amount,
    /// Units, 1 to 100 000.
    #[serde(deserialize_with = "whole::units")]
    pub quantity: u32,
}

fn from_json<T: serde::de::DeserializeOwned>(json: &str, file: &'static str) -> Result<T, Error> {
    if json.len() > crate::limits::MAX_FILE_BYTES {
        return Err(Error::limit(
            file,
            format!(
                "the {file} file is {} bytes; the limit is {} bytes",
                json.len(),
                crate::limits::MAX_FILE_BYTES
            ),
        ));
    }
    // serde would also read a struct from a JSON array (its fields by position);
    // the contract's files are objects.
    if !json.trim_start().starts_with('{') {
        return Err(Error::not_an_object(file));
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| Error::json(file, &e))?;
    // Nothing may follow the document.
    de.end().map_err(|e| Error::syntax(file, &e))?;
    Ok(value)
}
