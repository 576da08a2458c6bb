//! The cart file (reference: [The cart file](crate::_documentation::reference#the-cart-file)).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{de, from_json, time};
use crate::error::Error;
use crate::money::Amount;

/// A cart to price (reference: [The cart file](crate::_documentation::reference#the-cart-file)).
///
/// ```
/// let cart: youhui::Cart = serde_json::from_str(r#"{
///     "now": "2026-11-11T10:00:00+08:00",
///     "lines": [ { "id": "L1", "shop": "tea", "sku": "longjing-250g", "unit_price": "128.00", "quantity": 2 } ]
/// }"#).unwrap();
/// assert_eq!(cart.coupon_selection, youhui::CouponSelection::Best);
/// assert!(cart.use_rebate);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Cart {
    /// The moment the cart is priced: windows and the audience are judged at it.
    #[serde(with = "time")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Rfc3339"))]
    pub now: jiff::Timestamp,
    /// The buyer; every field is optional.
    #[serde(default)]
    pub customer: Customer,
    /// The cart lines.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 1000)))]
    pub lines: Vec<Line>,
    /// Shipping fee per shop (default 0).
    #[serde(default)]
    pub shipping: BTreeMap<String, Amount>,
    /// Ids of the coupon promotions the buyer holds.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::schema::Text>", length(max = 100))
    )]
    pub coupons: Vec<String>,
    /// How held coupons are chosen.
    #[serde(default)]
    pub coupon_selection: CouponSelection,
    /// `false` turns rebate credit use off.
    #[serde(default = "yes")]
    pub use_rebate: bool,
    /// Per promotion id, the orders of all customers that used it so far
    /// (发行量 used; contract v3). An unlisted promotion counts 0.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Counts"))]
    pub uses: BTreeMap<String, u64>,
    /// `true`: the buyer pays with points (积分抵扣; default `false`). The
    /// rules file must have `settings.points`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub use_points: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn yes() -> bool {
    true
}

impl<'de> Deserialize<'de> for Cart {
    /// Reads a cart file strictly (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused); see [`Cart::from_json`]).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Cart, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename = "Cart")]
        struct Fields {
            /// The moment the cart is priced: windows and the audience are judged at it.
            #[serde(with = "time")]
            now: jiff::Timestamp,
            /// The buyer; every field is optional.
            #[serde(default)]
            customer: Customer,
            /// The cart lines.
            lines: Vec<Line>,
            /// Shipping fee per shop (default 0).
            #[serde(default)]
            shipping: BTreeMap<String, Amount>,
            /// Ids of the coupon promotions the buyer holds.
            #[serde(default)]
            coupons: Vec<String>,
            /// How held coupons are chosen.
            #[serde(default)]
            coupon_selection: CouponSelection,
            /// `false` turns rebate credit use off.
            #[serde(default = "yes")]
            use_rebate: bool,
            /// Per promotion id, the orders of all customers that used it.
            #[serde(default, deserialize_with = "de::whole::counts")]
            uses: BTreeMap<String, u64>,
            #[serde(default)]
            use_points: bool,
        }
        let f = Fields::deserialize(de::Strict(d))?;
        Ok(Cart {
            now: f.now,
            customer: f.customer,
            lines: f.lines,
            shipping: f.shipping,
            coupons: f.coupons,
            coupon_selection: f.coupon_selection,
            use_rebate: f.use_rebate,
            uses: f.uses,
            use_points: f.use_points,
        })
    }
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
        from_json(json, crate::error::File::Cart)
    }
}

/// How held coupons are chosen (reference: [Choosing coupons](crate::_documentation::reference#choosing-coupons)).
///
/// ```
/// assert_eq!(youhui::CouponSelection::default(), youhui::CouponSelection::Best);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The buyer's id (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Text>"))]
    pub id: Option<String>,
    /// Membership tier (absent counts as 0).
    #[serde(
        default,
        deserialize_with = "de::whole::tier_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub member_tier: Option<u32>,
    /// Segment, such as an RFM class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Text>"))]
    pub segment: Option<String>,
    /// When the buyer last ordered.
    #[serde(
        default,
        with = "time::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Rfc3339>"))]
    pub last_order_at: Option<jiff::Timestamp>,
    /// `"MM-DD"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[0-9]{2}-[0-9]{2}$")))]
    pub birthday: Option<String>,
    /// Earlier orders per shop; an unlisted shop counts 0.
    #[serde(
        default,
        deserialize_with = "de::whole::orders",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub orders: BTreeMap<String, u64>,
    /// Rebate credit per shop.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rebate_balances: BTreeMap<String, Amount>,
    /// Per promotion id, the customer's earlier orders that used it (每人限用;
    /// contract v3). An unlisted promotion counts 0.
    #[serde(
        default,
        deserialize_with = "de::whole::counts",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Counts"))]
    pub uses: BTreeMap<String, u64>,
    /// Per `item_discount` id, the units the customer bought at its price
    /// before (每人限购; contract v3). An unlisted promotion counts 0.
    #[serde(
        default,
        deserialize_with = "de::whole::counts",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Counts"))]
    pub units: BTreeMap<String, u64>,
    /// The buyer's points balance (积分, 0 to 10^12; one point pays 0.01
    /// yuan), used when the cart sets `use_points`.
    #[serde(
        default,
        deserialize_with = "de::whole::points_balance",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(range(max = 1000000000000u64)))]
    pub points: Option<u64>,
}

/// One cart line.
///
/// ```
/// let l: youhui::Line = serde_json::from_str(
///     r#"{"id":"L1","shop":"tea","sku":"longjing-250g","category":"tea","unit_price":"128.00","quantity":2}"#).unwrap();
/// assert_eq!(l.unit_price.fen() * i64::from(l.quantity), 25600);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Unique in the cart.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Text"))]
    pub id: String,
    /// The shop selling it.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Text"))]
    pub shop: String,
    /// The SKU.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Text"))]
    pub sku: String,
    /// The category, for scopes by category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::schema::Text>"))]
    pub category: Option<String>,
    /// Price of one unit.
    pub unit_price: Amount,
    /// Units, 1 to 100 000.
    #[serde(deserialize_with = "de::whole::line_quantity")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100000)))]
    pub quantity: u32,
}
