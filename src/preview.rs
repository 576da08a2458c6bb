//! 到手价 (reference: 到手价, before the cart): the price a buyer would pay for one item of a
//! catalog, before there is a cart — with the promotions and every coupon they
//! could claim (可领券), for each quantity from 1 to the item's `max_quantity`.
//!
//! An [`Item`] is priced as the one-line cart the contract describes: line id
//! `"item"`, the item's shop, SKU, category and unit price, quantity `q`, the
//! item's `now` and `customer`, holding every `shop_coupon` of its shop and
//! every `platform_coupon` of the rules file, `coupon_selection: "best"`, no
//! shipping, `use_rebate: false`. A coupon whose window or audience fails
//! simply does not apply; the bound of 100 held coupons does not apply to this
//! cart. The coupons held are not listed per item: the engine's index of each
//! shop's coupons and of the platform coupons, built once by
//! [`Engine::new`](crate::Engine::new), is what the cart holds.
//!
//! ```
//! let engine = youhui::Engine::new(serde_json::from_str(r#"{ "promotions": [
//!     { "id": "flash", "type": "item_discount", "shop": "tea", "fold": "8.5" },
//!     { "id": "sc20", "type": "shop_coupon", "shop": "tea", "min_amount": "200", "amount_off": "20" }
//! ] }"#)?)?;
//! let item = youhui::Item::from_json(r#"{ "now": "2026-11-11T10:00:00+08:00",
//!     "shop": "tea", "sku": "longjing-250g", "unit_price": "128.00", "max_quantity": 2 }"#)?;
//! let preview = engine.preview(&item)?;
//! // q = 1: 128.00 at 8.5折 = 108.80; 满200 is not reached.
//! assert_eq!(preview.prices[0].each.to_string(), "108.80");
//! // q = 2: 217.60, and the coupon takes 20 → 197.60, 98.80 each.
//! assert_eq!(preview.prices[1].each.to_string(), "98.80");
//! assert_eq!(preview.prices[1].promotions, ["flash", "sc20"]);
//! assert_eq!((preview.best.quantity, preview.best.each.to_string()), (2, "98.80".to_string()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::Engine;
use crate::error::Error;
use crate::model::{de, time, Cart, CouponSelection, Customer, Line};
use crate::money::{self, Amount};
use crate::simulate::BadLine;
use crate::text;

/// The largest `max_quantity` of an item (reference: 到手价, before the cart).
pub const MAX_PREVIEW_QUANTITY: u32 = 100;

/// The id of the one line of a preview's cart (reference: 到手价, before the cart).
const LINE_ID: &str = "item";

/// One item of a catalog, to preview (reference: 到手价, before the cart; one line of `--items`).
///
/// Read as strictly as a cart (reference: Input that is refused): unknown fields, `null`, repeated
/// keys and a `max_quantity` outside 1–100 are errors.
///
/// ```
/// let item = youhui::Item::from_json(r#"{"now":"2026-11-11T10:00:00+08:00",
///     "shop":"tea","sku":"longjing-250g","unit_price":"128.00"}"#).unwrap();
/// assert_eq!(item.max_quantity, 1);
/// let err = youhui::Item::from_json(r#"{"now":"2026-11-11T10:00:00+08:00",
///     "shop":"tea","sku":"x","unit_price":"1","max_quantity":101}"#).unwrap_err();
/// assert!(err.to_string().starts_with("item file, max_quantity:"), "{err}");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Item {
    /// The moment of the preview: windows and the audience are judged at it.
    #[serde(with = "time")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Rfc3339"))]
    pub now: jiff::Timestamp,
    /// The buyer the price is shown to (every field optional; section 4's fields).
    #[serde(default, skip_serializing_if = "is_anyone")]
    pub customer: Customer,
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
    /// The quantities previewed are 1 to this, 1 to 100 (default 1).
    #[serde(default = "one")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100)))]
    pub max_quantity: u32,
}

fn one() -> u32 {
    1
}

fn is_anyone(c: &Customer) -> bool {
    *c == Customer::default()
}

impl<'de> Deserialize<'de> for Item {
    /// Reads an item strictly (reference: Input that is refused; see [`Item::from_json`]).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Item, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename = "Item")]
        struct Fields {
            #[serde(with = "time")]
            now: jiff::Timestamp,
            #[serde(default)]
            customer: Customer,
            shop: String,
            sku: String,
            #[serde(default)]
            category: Option<String>,
            unit_price: Amount,
            #[serde(default = "one", deserialize_with = "max_quantity")]
            max_quantity: u32,
        }
        let f = Fields::deserialize(de::Strict(d))?;
        Ok(Item {
            now: f.now,
            customer: f.customer,
            shop: f.shop,
            sku: f.sku,
            category: f.category,
            unit_price: f.unit_price,
            max_quantity: f.max_quantity,
        })
    }
}

/// `max_quantity`: a whole number from 1 to [`MAX_PREVIEW_QUANTITY`].
fn max_quantity<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    struct V;
    const EXPECTING: &str = "a whole number of units from 1 to 100";
    impl serde::de::Visitor<'_> for V {
        type Value = u32;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(EXPECTING)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u32, E> {
            match u32::try_from(v) {
                Ok(q) if (1..=MAX_PREVIEW_QUANTITY).contains(&q) => Ok(q),
                _ => Err(E::invalid_value(serde::de::Unexpected::Unsigned(v), &self)),
            }
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u32, E> {
            match u64::try_from(v) {
                Ok(v) => self.visit_u64(v),
                Err(_) => Err(E::invalid_value(serde::de::Unexpected::Signed(v), &self)),
            }
        }
    }
    d.deserialize_u64(V)
}

impl Item {
    /// Parses one item (one line of an items file), naming the JSON path of
    /// the first mistake.
    ///
    /// ```
    /// let err = youhui::Item::from_json(r#"{"now":"2026-11-11T10:00:00+08:00",
    ///     "shop":"tea","sku":"x","unit_price":128}"#).unwrap_err();
    /// assert!(err.to_string().contains("item file, unit_price"), "{err}");
    /// ```
    pub fn from_json(json: &str) -> Result<Item, Error> {
        crate::model::from_json(json, crate::error::File::Item)
    }

    /// The texts of the item (shop, SKU, category) by the contract's rules for
    /// text (reference: Input that is refused), each named as a field of the item file.
    fn check_texts(&self) -> Result<(), Error> {
        let fields = [
            ("shop", Some(&self.shop)),
            ("sku", Some(&self.sku)),
            ("category", self.category.as_ref()),
        ];
        for (field, s) in fields {
            let Some(s) = s else { continue };
            if let Some(problem) = text::problem(s, false) {
                let at = format!("item file, {field}");
                let m = crate::error::TextError::new(field, s, problem);
                return Err(Error::new(crate::error::File::Item, at, &m));
            }
        }
        Ok(())
    }

    /// The cart of the reference's 到手价 at quantity `q` (its coupons are not listed:
    /// [`Engine::price_claiming`] holds every coupon the cart can look at).
    fn cart(&self, q: u32) -> Cart {
        Cart {
            now: self.now,
            customer: self.customer.clone(),
            lines: vec![Line {
                id: LINE_ID.to_string(),
                shop: self.shop.clone(),
                sku: self.sku.clone(),
                category: self.category.clone(),
                unit_price: self.unit_price,
                quantity: q,
            }],
            shipping: BTreeMap::new(),
            coupons: Vec::new(),
            coupon_selection: CouponSelection::Best,
            // Balances (返利金, 积分) are the buyer's money, not the item's price.
            use_rebate: false,
            // The item carries no count of all customers' uses (contract v3).
            uses: BTreeMap::new(),
            use_points: false,
        }
    }
}

/// What a buyer would pay for an item, at each quantity (reference: 到手价, before the cart).
///
/// Serializes to one line of `youhui preview --json`.
///
/// ```
/// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
/// let item = youhui::Item::from_json(r#"{"now":"2026-11-11T10:00:00+08:00",
///     "shop":"tea","sku":"cha","unit_price":"9.90"}"#).unwrap();
/// let line = serde_json::to_string(&engine.preview(&item).unwrap()).unwrap();
/// assert_eq!(line, r#"{"shop":"tea","sku":"cha","unit_price":"9.90","prices":[{"quantity":1,"payable":"9.90","each":"9.90","promotions":[]}],"best":{"quantity":1,"each":"9.90"}}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Preview<'a> {
    /// The item's shop.
    pub shop: Cow<'a, str>,
    /// The item's SKU.
    pub sku: Cow<'a, str>,
    /// The item's unit price.
    pub unit_price: Amount,
    /// One entry per quantity, 1 to `max_quantity`.
    pub prices: Vec<PreviewPrice<'a>>,
    /// The quantity with the smallest `each` (ties: the smaller quantity).
    pub best: Best,
}

/// What `quantity` units of an item cost together, and each.
///
/// ```
/// let p: youhui::preview::PreviewPrice = serde_json::from_str(
///     r#"{"quantity":3,"payable":"100.00","each":"33.34","promotions":["mj"]}"#).unwrap();
/// assert_eq!(p.each.fen() * 3 - p.payable.fen(), 2); // rounded up: never below a unit's cost
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PreviewPrice<'a> {
    /// Units bought together.
    pub quantity: u32,
    /// What the one-line cart of `quantity` units pays.
    pub payable: Amount,
    /// `payable / quantity`, rounded up to the fen.
    pub each: Amount,
    /// The promotions applied, in the quote's `applied` order.
    pub promotions: Vec<Cow<'a, str>>,
}

/// The quantity whose `each` is smallest (2件到手价 ¥X/件 when it is not 1).
///
/// ```
/// let b = youhui::preview::Best { quantity: 2, each: "98.80".parse().unwrap() };
/// assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"quantity":2,"each":"98.80"}"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Best {
    /// Units bought together.
    pub quantity: u32,
    /// What each unit costs then.
    pub each: Amount,
}

impl Preview<'_> {
    /// The same preview, owning all its text.
    ///
    /// ```
    /// # let engine = youhui::Engine::new(serde_json::from_str(r#"{"promotions":[]}"#).unwrap()).unwrap();
    /// let item = youhui::Item::from_json(r#"{"now":"2026-11-11T10:00:00+08:00",
    ///     "shop":"tea","sku":"cha","unit_price":"9.90"}"#).unwrap();
    /// let kept: youhui::Preview<'static> = engine.preview(&item).unwrap().into_owned();
    /// drop(item);
    /// assert_eq!(kept.sku, "cha");
    /// ```
    pub fn into_owned(self) -> Preview<'static> {
        let own = |c: Cow<'_, str>| -> Cow<'static, str> { Cow::Owned(c.into_owned()) };
        Preview {
            shop: own(self.shop),
            sku: own(self.sku),
            unit_price: self.unit_price,
            prices: self
                .prices
                .into_iter()
                .map(|p| PreviewPrice {
                    quantity: p.quantity,
                    payable: p.payable,
                    each: p.each,
                    promotions: p.promotions.into_iter().map(own).collect(),
                })
                .collect(),
            best: self.best,
        }
    }
}

/// One line of `youhui preview --json`: an item's preview, or the error of a
/// bad line of the items file in its place (reference: 到手价, before the cart).
///
/// ```
/// let bad = youhui::preview::PreviewLine::Bad(youhui::simulate::BadLine { line: 3, error: "item file: …".into() });
/// assert_eq!(serde_json::to_string(&bad).unwrap(), r#"{"line":3,"error":"item file: …"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum PreviewLine<'a> {
    /// The item's preview.
    Priced(Preview<'a>),
    /// A line that is not a valid item, or that `preview` refuses.
    Bad(BadLine),
}

impl Engine {
    /// 到手价: what a buyer would pay for `item`, for each quantity from 1 to
    /// its `max_quantity`, with the promotions and every coupon they could
    /// claim (reference: 到手价, before the cart).
    ///
    /// Each quantity `q` is [`price`](Engine::price)d as a one-line cart
    /// (line `"item"`, quantity `q`) holding every shop coupon of the item's
    /// shop and every platform coupon, `coupon_selection: "best"`, no
    /// shipping, no rebate; a coupon whose window or audience fails does not
    /// apply. `each` is the payable over `q`, rounded up to the fen, so that
    /// a price shown is never below what a unit costs (明码标价).
    ///
    /// An error names the item file's field (`item file, sku`,
    /// `item file, customer.birthday`).
    ///
    /// ```
    /// let engine = youhui::Engine::new(serde_json::from_str(r#"{ "promotions": [
    ///     { "id": "vip", "type": "platform_coupon", "amount_off": "5", "min_amount": "50",
    ///       "audience": { "min_member_tier": 2 } }
    /// ] }"#).unwrap()).unwrap();
    /// let item = |tier: u32| youhui::Item::from_json(&format!(r#"{{"now":"2026-11-11T10:00:00+08:00",
    ///     "customer":{{"member_tier":{tier}}},"shop":"tea","sku":"cha","unit_price":"59.00"}}"#)).unwrap();
    /// assert_eq!(engine.preview(&item(2)).unwrap().best.each.to_string(), "54.00");
    /// assert_eq!(engine.preview(&item(1)).unwrap().best.each.to_string(), "59.00"); // not for tier 1
    /// ```
    pub fn preview<'a>(&'a self, item: &'a Item) -> Result<Preview<'a>, Error> {
        item.check_texts()?;
        let max = item.max_quantity;
        if !(1..=MAX_PREVIEW_QUANTITY).contains(&max) {
            let m = crate::error::CartError::MaxQuantity {
                max,
                bound: MAX_PREVIEW_QUANTITY,
            };
            return Err(Error::new(
                crate::error::File::Item,
                "item file, max_quantity".to_string(),
                &m,
            ));
        }
        let mut cart = item.cart(1);
        let mut prices = Vec::with_capacity(max as usize);
        let mut best = Best {
            quantity: 1,
            each: Amount::MAX,
        };
        for q in 1..=max {
            cart.lines[0].quantity = q;
            let quote = self.price_claiming(&cart).map_err(relocate)?;
            let payable = quote.totals.payable;
            let each = Amount::total(money::per_unit_up(payable.fen(), q));
            let promotions = quote
                .applied
                .iter()
                .map(|a| self.promotion_id(&a.promotion))
                .collect();
            if q == 1 || each < best.each {
                best = Best { quantity: q, each };
            }
            prices.push(PreviewPrice {
                quantity: q,
                payable,
                each,
                promotions,
            });
        }
        Ok(Preview {
            shop: Cow::Borrowed(&item.shop),
            sku: Cow::Borrowed(&item.sku),
            unit_price: item.unit_price,
            prices,
            best,
        })
    }

    /// Line `number` of an items file as `youhui preview --json` prints it
    /// (without its `\n`): the JSON of the item's [`preview`](Engine::preview),
    /// or the line's error as a [`BadLine`] (which `youhui preview` prints as
    /// [`PreviewLine::Bad`]). `line` is the line's text, or why it could not
    /// be read ([`jsonl::line`](crate::jsonl::line)).
    ///
    /// The command line and the Python package's `youhui.spark.preview` both
    /// print a line through here, so that they print the same bytes.
    ///
    /// ```
    /// let engine = youhui::Engine::new(youhui::Rules::from_json(r#"{ "promotions": [
    ///     { "id": "half", "type": "item_discount", "shop": "tea", "fold": "5" }
    /// ] }"#).unwrap()).unwrap();
    /// let item = r#"{"now":"2026-11-11T10:00:00+08:00","shop":"tea","sku":"cha","unit_price":"59.00"}"#;
    /// let json = engine.preview_json_line(1, Ok(item)).unwrap();
    /// assert!(json.contains(r#""each":"29.50""#));
    /// let bad = engine.preview_json_line(2, Ok("{}")).unwrap_err();
    /// assert_eq!(bad.line, 2);
    /// ```
    pub fn preview_json_line(
        &self,
        number: u64,
        line: Result<&str, &str>,
    ) -> Result<String, BadLine> {
        let bad = |error: String| BadLine {
            line: number,
            error,
        };
        let text = line.map_err(|e| bad(e.to_string()))?;
        let item = Item::from_json(text).map_err(|e| bad(e.to_string()))?;
        let preview = self.preview(&item).map_err(|e| bad(e.to_string()))?;
        serde_json::to_string(&PreviewLine::Priced(preview))
            .map_err(|e| bad(format!("cannot print the preview: {e}")))
    }

    /// The engine's own copy of a promotion id, so that a preview borrows it
    /// from the engine rather than from the cart it was priced with.
    fn promotion_id(&self, id: &str) -> Cow<'_, str> {
        match self.catalog.promo(id) {
            Some(p) => Cow::Borrowed(&self.catalog.head(p).id),
            None => Cow::Owned(id.to_string()),
        }
    }
}

/// An error of the preview's cart, named as a place of the item file: the
/// cart's customer is the item's (`cart file, customer.birthday` →
/// `item file, customer.birthday`), and its one line is the item.
fn relocate(e: Error) -> Error {
    let location = e.location();
    let at = if let Some(rest) = location.strip_prefix("cart file") {
        format!("item file{rest}")
    } else if location.starts_with("line ") {
        "item file".to_string()
    } else {
        location.to_string()
    };
    e.relocated(crate::error::File::Item, at)
}
