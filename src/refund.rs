//! Refunds of returned units (退款; reference: [Refunds](crate::_documentation::reference#refunds-youhui-refund)).
//!
//! A buyer returns some units of an order. What they get back is computed
//! from the [`Quote`] the order was placed with — never from today's rules —
//! and from what was returned before: each line's `paid`, its points and its
//! rebate share are spread over its units (⌊X / q⌋ each, the first `X mod q`
//! units returned one fen more), and a shop's shipping fee goes back with
//! the refund that returns its last unit. Returning every unit, in any number
//! of refunds, gives back exactly what the order took.
//!
//! Gifts (满就送), the rebate the order earned (累积返利) and the points it
//! earned (积分赠送) are not recomputed: the service that keeps the buyer's
//! balances and stock decides what becomes of them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, File, LimitError, Mistake, RefundError, TextError};
use crate::limits;
use crate::model::{de, from_json, Stage};
use crate::money::{self, Amount, Fen};
use crate::quote::{Quote, QuoteLine};
use crate::text;

/// The returns file: what comes back now, and what came back before.
///
/// ```
/// let r = youhui::Returns::from_json(r#"{
///     "returned_before": [ { "line": "L1", "quantity": 1 } ],
///     "returns": [ { "line": "L1", "quantity": 1 }, { "line": "L2", "quantity": 1 } ] }"#).unwrap();
/// assert_eq!(r.returns[1].line, "L2");
/// assert_eq!(r.returned_before[0].quantity, 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Returns {
    /// Units of the order returned by earlier refunds (default none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1000)))]
    pub returned_before: Vec<Return>,
    /// Units returned now: at least one entry.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 1000)))]
    pub returns: Vec<Return>,
}

impl<'de> Deserialize<'de> for Returns {
    /// Reads a returns file strictly (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused); see [`Returns::from_json`]).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Returns, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename = "Returns")]
        struct Fields {
            #[serde(default)]
            returned_before: Vec<Return>,
            returns: Vec<Return>,
        }
        let f = Fields::deserialize(de::Strict(d))?;
        Ok(Returns {
            returned_before: f.returned_before,
            returns: f.returns,
        })
    }
}

impl Returns {
    /// Parses a returns file, naming the JSON path of the first mistake: a
    /// JSON object, no unknown field, no repeated key, no `null`, a leading
    /// byte-order mark ignored, at most [`limits::MAX_FILE_BYTES`].
    ///
    /// Whether its lines and quantities fit the order is checked by [`refund`].
    ///
    /// ```
    /// let err = youhui::Returns::from_json(r#"{"returns":[{"line":"L1","qty":1}]}"#).unwrap_err();
    /// assert!(err.to_string().contains("returns[0]"));
    /// ```
    pub fn from_json(json: &str) -> Result<Returns, Error> {
        from_json(json, crate::error::File::Returns)
    }
}

/// Units of one line of the order, returned.
///
/// ```
/// let r: youhui::Return = serde_json::from_str(r#"{"line":"L1","quantity":2}"#).unwrap();
/// assert_eq!(r.quantity, 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Return {
    /// The id of a line of the quote.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::Text"))]
    pub line: String,
    /// How many of its units, at least 1.
    #[serde(deserialize_with = "de::whole::units")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100000)))]
    pub quantity: u32,
}

/// What a refund gives back (reference: [Refunds](crate::_documentation::reference#refunds-youhui-refund)).
///
/// `money` is paid back to the buyer, `points` to their points balance,
/// `rebate` to their rebate balance at the line's shop. Gifts, the rebate
/// and the points the order earned are not recomputed.
///
/// ```
/// let quote = youhui::Quote::from_json(r#"{"currency":"CNY",
///   "totals":{"original":"238.93","item_discount":"0.00","threshold":"0.00","shop_coupon":"0.00",
///             "rebate":"0.00","platform_coupon":"0.00","shipping":"0.00","payable":"238.93"},
///   "lines":[{"id":"L1","shop":"tea","sku":"cup","quantity":3,"original":"238.93","paid":"238.93","discounts":[]}],
///   "shops":[{"shop":"tea","original":"238.93","shipping":"0.00","rebate_used":"0.00",
///             "rebate_earned":"0.00","gifts":[],"payable":"238.93"}],
///   "applied":[],"not_applied":[],"hints":[]}"#).unwrap();
/// let returns = youhui::Returns::from_json(r#"{"returns":[{"line":"L1","quantity":1}]}"#).unwrap();
/// let refund = youhui::refund(&quote, &returns).unwrap();
/// // 238.93 over 3 units: 79.64 each, and the first unit returned one fen more.
/// assert_eq!(refund.totals.money.to_string(), "79.65");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Refund {
    /// One entry per entry of `returns`, in its order.
    pub lines: Vec<RefundLine>,
    /// The shops this refund empties, in the order of the quote's shops:
    /// each one's shipping fee, refunded whole (once, by the refund that
    /// returns its last unit).
    pub shipping: Vec<ShippingRefund>,
    /// Sums: `money` = Σ lines' money + Σ shipping.
    pub totals: RefundTotals,
}

/// What the units of one line returned now give back.
///
/// ```
/// let l: youhui::RefundLine = serde_json::from_str(
///     r#"{"line":"L1","quantity":1,"money":"79.65","points":0,"rebate":"6.35"}"#).unwrap();
/// assert_eq!(l.rebate.fen(), 635);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RefundLine {
    /// The line's id.
    pub line: String,
    /// Units returned now.
    pub quantity: u32,
    /// Their share of the line's `paid`.
    pub money: Amount,
    /// Their share of the points the line was paid with (1 point = 1 fen).
    pub points: u64,
    /// Their share of the line's `rebate` discount, back to the shop's rebate balance.
    pub rebate: Amount,
}

/// A shop's shipping fee, refunded whole.
///
/// ```
/// let s: youhui::ShippingRefund = serde_json::from_str(r#"{"shop":"tea","amount":"10.00"}"#).unwrap();
/// assert_eq!(s.amount.fen(), 1000);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ShippingRefund {
    /// The shop.
    pub shop: String,
    /// Its shipping fee as the quote charged it (`0.00` when it was waived).
    pub amount: Amount,
}

/// The refund's sums.
///
/// ```
/// let t: youhui::RefundTotals = serde_json::from_str(r#"{"money":"89.65","points":0,"rebate":"6.35"}"#).unwrap();
/// assert_eq!(t.money.fen(), 8965);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RefundTotals {
    /// Σ lines' money + Σ shipping.
    pub money: Amount,
    /// Σ lines' points.
    pub points: u64,
    /// Σ lines' rebate.
    pub rebate: Amount,
}

impl Quote<'static> {
    /// Reads a quote as `youhui price --json` writes it, strictly (a JSON
    /// object, no unknown field, no repeated key, no `null`, a leading
    /// byte-order mark ignored, at most [`limits::MAX_FILE_BYTES`]), for
    /// [`refund`], which checks that its figures add up.
    ///
    /// ```
    /// let err = youhui::Quote::from_json(r#"{"currency":"CNY","currency":"CNY"}"#).unwrap_err();
    /// assert!(err.to_string().contains("currency"));
    /// ```
    pub fn from_json(json: &str) -> Result<Quote<'static>, Error> {
        from_json::<Stored>(json, crate::error::File::Quote).map(|s| s.0)
    }
}

/// A quote read strictly.
struct Stored(Quote<'static>);

impl<'de> Deserialize<'de> for Stored {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Stored, D::Error> {
        Quote::deserialize(de::Strict(d)).map(Stored)
    }
}

/// What a refund spreads over a line's units, in fen.
#[derive(Clone, Copy)]
struct Figures {
    /// The line's `paid`.
    paid: Fen,
    /// The points the line was paid with (its `points` discount, one point
    /// a fen).
    points: Fen,
    /// The line's `rebate` discount.
    rebate: Fen,
}

/// A line's figures, read from its discounts.
fn figures(line: &QuoteLine<'_>) -> Figures {
    let of = |stage: Stage| -> Fen {
        line.discounts
            .iter()
            .filter(|d| d.stage == stage)
            .map(|d| d.amount.fen())
            .sum()
    };
    Figures {
        paid: line.paid.fen(),
        points: of(Stage::Points),
        rebate: of(Stage::Rebate),
    }
}

/// An error in the quote given to [`refund`].
fn bad_quote(at: impl std::fmt::Display, m: impl Mistake) -> Error {
    Error::new(File::Quote, format!("quote, {at}"), &m)
}

/// An error in the returns given to [`refund`].
fn bad_returns(at: impl std::fmt::Display, m: impl Mistake) -> Error {
    Error::new(File::Returns, format!("returns, {at}"), &m)
}

/// Checks what the refund relies on in the quote: its figures add up (a
/// stored quote was not edited or truncated), its lines are named once, with
/// text, quantities and shops of the contract. Returns where each line's
/// shop is in `quote.shops`.
fn check_quote(quote: &Quote<'_>) -> Result<Vec<usize>, Error> {
    if quote.lines.len() > limits::MAX_LINES {
        let count = quote.lines.len();
        return Err(bad_quote("lines", LimitError::Lines { count }));
    }
    if quote.lines.is_empty() {
        return Err(bad_quote("lines", RefundError::QuoteNoLine));
    }
    if quote.shops.len() > quote.lines.len() {
        return Err(bad_quote(
            "shops",
            RefundError::ShopsForLines {
                shops: quote.shops.len(),
                lines: quote.lines.len(),
            },
        ));
    }
    let mut shops: HashMap<&str, usize> = HashMap::with_capacity(quote.shops.len());
    for (k, s) in quote.shops.iter().enumerate() {
        text_ok(format!("shops[{k}].shop"), &s.shop, true)?;
        if shops.insert(&s.shop, k).is_some() {
            return Err(bad_quote(
                format!("shops[{k}]"),
                RefundError::ShopTwice(s.shop.to_string()),
            ));
        }
    }
    let mut ids: HashMap<&str, usize> = HashMap::with_capacity(quote.lines.len());
    let mut shop_of = Vec::with_capacity(quote.lines.len());
    let mut has_line = vec![false; quote.shops.len()];
    for (k, l) in quote.lines.iter().enumerate() {
        text_ok(format!("lines[{k}].id"), &l.id, true)?;
        let at = format!("line {}", crate::text::quoted(&l.id));
        if ids.insert(&l.id, k).is_some() {
            return Err(bad_quote(&at, RefundError::LineTwice));
        }
        text_ok(format!("{at}, shop"), &l.shop, true)?;
        text_ok(format!("{at}, sku"), &l.sku, true)?;
        if !(1..=limits::MAX_QUANTITY).contains(&l.quantity) {
            return Err(bad_quote(&at, RefundError::Quantity(l.quantity)));
        }
        let Some(&s) = shops.get(&*l.shop) else {
            return Err(bad_quote(
                &at,
                RefundError::ShopNotListed(l.shop.to_string()),
            ));
        };
        has_line[s] = true;
        shop_of.push(s);
    }
    if let Some(k) = has_line.iter().position(|&h| !h) {
        return Err(bad_quote(
            format!("shops[{k}]"),
            RefundError::ShopWithoutLine(quote.shops[k].shop.to_string()),
        ));
    }
    quote
        .audit()
        .map_err(|m| bad_quote("figures", RefundError::Figures(m)))?;
    Ok(shop_of)
}

/// Checks one text of the quote or the returns by the rules for text (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused)).
fn text_ok(at: String, s: &str, quote: bool) -> Result<(), Error> {
    match text::problem(s, false) {
        None => Ok(()),
        Some(p) => {
            let m = TextError::new("the text", s, p);
            Err(if quote {
                bad_quote(at, m)
            } else {
                bad_returns(at, m)
            })
        }
    }
}

/// Units per line of the quote that one list of the returns names, each line
/// at most once, with at least one unit.
fn units_named(
    list: &[Return],
    field: &'static str,
    ids: &HashMap<&str, usize>,
) -> Result<Vec<(usize, u32)>, Error> {
    if list.len() > limits::MAX_LINES {
        let count = list.len();
        return Err(bad_returns(field, LimitError::ReturnEntries { count }));
    }
    let mut seen: HashMap<usize, usize> = HashMap::with_capacity(list.len());
    let mut out = Vec::with_capacity(list.len());
    for (k, r) in list.iter().enumerate() {
        let at = format!("{field}[{k}]");
        text_ok(format!("{at}.line"), &r.line, false)?;
        let line = || r.line.clone();
        let Some(&i) = ids.get(&*r.line) else {
            return Err(bad_returns(at, RefundError::NotInQuote(line())));
        };
        if let Some(first) = seen.insert(i, k) {
            return Err(bad_returns(
                at,
                RefundError::NamedTwice {
                    line: line(),
                    field,
                    first,
                },
            ));
        }
        if r.quantity == 0 {
            return Err(bad_returns(at, RefundError::ZeroUnits(line())));
        }
        out.push((i, r.quantity));
    }
    Ok(out)
}

/// What `returns` gives back of the order priced in `quote` (reference: [Refunds](crate::_documentation::reference#refunds-youhui-refund)).
///
/// Each line's `paid`, points and `rebate` discount are spread over its
/// units in the order they are returned (the `returned_before` units first):
/// unit `k` of `q` carries `⌊X / q⌋`, plus one fen when `k < X mod q`. A
/// shop's shipping fee is refunded whole by the refund after which every
/// unit of its lines has been returned. Gifts, the rebate earned and the
/// points earned are not recomputed.
///
/// Errors: a quote whose figures do not add up (Σ paid + shipping ≠
/// payable, a line's discounts ≠ original − paid, …) or that is not a quote
/// of the contract; a list that names a line that is not in the quote, a
/// line twice, or 0 units; more units of a line returned, before and now,
/// than it has.
///
/// ```
/// let engine = youhui::Engine::new(youhui::Rules::from_json(r#"{"promotions":[]}"#).unwrap()).unwrap();
/// let cart = youhui::Cart::from_json(r#"{"now":"2026-11-11T10:00:00+08:00",
///     "lines":[{"id":"L1","shop":"tea","sku":"cup","unit_price":"9.99","quantity":2}],
///     "shipping":{"tea":"6.00"}}"#).unwrap();
/// let quote = engine.price(&cart).unwrap();
/// let first = youhui::Returns::from_json(r#"{"returns":[{"line":"L1","quantity":1}]}"#).unwrap();
/// assert_eq!(youhui::refund(&quote, &first).unwrap().totals.money.to_string(), "9.99");
/// let last = youhui::Returns::from_json(r#"{"returned_before":[{"line":"L1","quantity":1}],
///     "returns":[{"line":"L1","quantity":1}]}"#).unwrap();
/// let r = youhui::refund(&quote, &last).unwrap();
/// assert_eq!(r.shipping[0].amount.to_string(), "6.00"); // the shop is empty now
/// assert_eq!(r.totals.money.to_string(), "15.99");
/// ```
pub fn refund(quote: &Quote<'_>, returns: &Returns) -> Result<Refund, Error> {
    let shop_of = check_quote(quote)?;
    let ids: HashMap<&str, usize> = quote
        .lines
        .iter()
        .enumerate()
        .map(|(k, l)| (&*l.id, k))
        .collect();
    if returns.returns.is_empty() {
        return Err(bad_returns("returns", RefundError::NothingReturned));
    }
    let before_list = units_named(&returns.returned_before, "returned_before", &ids)?;
    let now_list = units_named(&returns.returns, "returns", &ids)?;
    let n = quote.lines.len();
    let mut before = vec![0u32; n];
    for &(i, m) in before_list.iter() {
        before[i] = m;
    }
    for (k, &(i, m)) in before_list.iter().enumerate() {
        let q = quote.lines[i].quantity;
        if m > q {
            return Err(bad_returns(
                format!("returned_before[{k}]"),
                RefundError::TooManyBefore {
                    line: quote.lines[i].id.to_string(),
                    units: q,
                    before: m,
                },
            ));
        }
    }
    let mut now = vec![0u32; n];
    for (k, &(i, m)) in now_list.iter().enumerate() {
        let q = quote.lines[i].quantity;
        if u64::from(before[i]) + u64::from(m) > u64::from(q) {
            return Err(bad_returns(
                format!("returns[{k}]"),
                RefundError::TooMany {
                    line: quote.lines[i].id.to_string(),
                    units: q,
                    before: before[i],
                    now: m,
                },
            ));
        }
        now[i] = m;
    }

    let mut totals = (0 as Fen, 0 as Fen, 0 as Fen);
    let lines = now_list
        .iter()
        .map(|&(i, m)| {
            let l = &quote.lines[i];
            let f = figures(l);
            let share = |x: Fen| money::unit_share(x, l.quantity, before[i], m);
            let (money, points, rebate) = (share(f.paid), share(f.points), share(f.rebate));
            totals.0 += money;
            totals.1 += points;
            totals.2 += rebate;
            RefundLine {
                line: l.id.to_string(),
                quantity: m,
                money: Amount::total(money),
                points: points.unsigned_abs(),
                rebate: Amount::total(rebate),
            }
        })
        .collect();
    // A shop is emptied by this refund when all its units are back after it
    // and some were still out before it.
    let mut all_back = vec![true; quote.shops.len()];
    let mut all_back_before = vec![true; quote.shops.len()];
    for (i, l) in quote.lines.iter().enumerate() {
        all_back[shop_of[i]] &= before[i] + now[i] == l.quantity;
        all_back_before[shop_of[i]] &= before[i] == l.quantity;
    }
    let shipping: Vec<ShippingRefund> = quote
        .shops
        .iter()
        .enumerate()
        .filter(|&(s, _)| all_back[s] && !all_back_before[s])
        .map(|(_, s)| {
            totals.0 += s.shipping.fen();
            ShippingRefund {
                shop: s.shop.to_string(),
                amount: s.shipping,
            }
        })
        .collect();
    Ok(Refund {
        lines,
        shipping,
        totals: RefundTotals {
            money: Amount::total(totals.0),
            points: totals.1.unsigned_abs(),
            rebate: Amount::total(totals.2),
        },
    })
}
