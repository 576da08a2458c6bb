//! The one error type, [`Error`], and what went wrong, [`ErrorKind`].
//!
//! Every message the engine writes is written once, beside its kind, in the
//! file of its area: [`rules`] (what [`Engine::new`](crate::Engine::new)
//! refuses in a rules file), [`cart`] (what [`Engine::price`](crate::Engine::price)
//! refuses in a cart), [`facts`] (a shop facts file), [`limit`] (every input
//! above a documented bound) and [`input`] (a file that does not read: JSON,
//! shape, and the rules for text). Each area is an enum derived with
//! `thiserror`, whose variants say their [`ErrorKind`]; an [`Error`] is one
//! of them, with the file it is in and where in that file.
//!
//! To add a mistake: a variant with its `#[error("…")]` message in the enum
//! of its area, and its kind in that enum's `kind()`.

use std::fmt;

mod cart;
mod facts;
mod input;
mod limit;
mod refund;
mod rules;
mod simulation;

pub(crate) use cart::CartError;
pub(crate) use facts::FactsError;
pub(crate) use input::{forget_raised, raise, JsonError, TextError};
pub(crate) use limit::LimitError;
pub(crate) use refund::RefundError;
pub(crate) use rules::RuleError;
pub(crate) use simulation::SimulationError;

/// What went wrong, and where: a rules or cart file that cannot be priced.
///
/// Every error names its place — the file, the JSON path, or the promotion or
/// line id — and what is wrong there; nothing is priced when one is returned.
/// [`kind`](Error::kind) says what went wrong, for a program to `match` on;
/// the predicates say which file it is in and whether a documented bound was
/// passed.
///
/// ```
/// let rules = youhui::Rules::from_json(
///     r#"{"promotions":[{"id":"sc","type":"shop_coupon","shop":"tea","min_amount":"20","amount_off":"30"}]}"#,
/// ).unwrap();
/// let err = youhui::Engine::new(rules).unwrap_err();
/// assert!(err.is_rules());
/// assert_eq!(err.kind(), youhui::ErrorKind::Conflict);
/// assert_eq!(err.location(), "promotion \"sc\"");
/// assert!(err.to_string().contains("amount_off 30.00 must be below min_amount 20.00"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    file: File,
    kind: ErrorKind,
    location: String,
    message: String,
}

/// What went wrong, for a program to `match` on (the message says it to a
/// person). New kinds may be added: match with a `_` arm.
///
/// Which predicates of [`Error`] each kind answers: [`Limit`](ErrorKind::Limit)
/// and [`SearchLimit`](ErrorKind::SearchLimit) are the only kinds for which
/// [`Error::is_limit`] is true; every kind is in exactly one file
/// ([`Error::is_rules`], [`Error::is_cart`] or [`Error::is_facts`]).
///
/// ```
/// use youhui::ErrorKind;
/// let cart = youhui::Cart::from_json(
///     r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"1","quantity":100001}]}"#,
/// );
/// let err = cart.unwrap_err();
/// match err.kind() {
///     ErrorKind::Limit => assert!(err.is_cart() && err.is_limit()),
///     _ => unreachable!(),
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file is not one JSON object: empty, not JSON, cut short, an
    /// array or a number instead of an object, or something after it.
    Syntax,
    /// A field that has no place here: a typo (`amout_off`), or a field of
    /// another promotion type (`max_units` on a coupon).
    UnknownField,
    /// A field that is needed and left out (`now`, a bundle's `items`, a
    /// threshold's `tiers` or `every`, a coupon's `amount_off` or `fold`).
    MissingField,
    /// A value of the wrong JSON type, `null`, or outside its grammar or its
    /// range: an amount `"1.234"`, a fold `"0.05"`, a quantity 0, a timestamp
    /// `"yesterday"`. (A value above a documented size bound is a
    /// [`Limit`](ErrorKind::Limit).)
    InvalidValue,
    /// A text (id, shop, SKU, category, name, segment, key) that breaks the
    /// rules for text: empty, holding a control, a bidirectional control or
    /// an invisible (default-ignorable) character, or not in NFC.
    Text,
    /// Something given twice where it must be once: a key of an object, a
    /// promotion id, a line id, an entry of a list, a held coupon.
    Repeated,
    /// An empty list or object that would silently match nothing or
    /// everything (an empty `scope`, `tiers: []`), or a cart with no line.
    Empty,
    /// Values or fields that contradict each other: a coupon's `amount_off`
    /// not below its `min_amount`, both `tiers` and `every`, tiers that do
    /// not increase, `valid.from` not before `valid.until`.
    Conflict,
    /// A name that refers to nothing it may: a held coupon id that names no
    /// coupon promotion, a shipping fee of a shop with no line in the cart.
    NotFound,
    /// An input above one of the documented bounds of [`limits`](crate::limits):
    /// a file's bytes, a count of promotions, lines, coupons, tiers, gifts or
    /// list entries, a text's bytes, an amount above 100,000,000.00, a
    /// quantity above 100,000. [`Error::is_limit`] is true.
    Limit,
    /// A cart whose exact search would pass its documented bound
    /// ([`MAX_SEARCH_STATES`](crate::limits::MAX_SEARCH_STATES),
    /// [`MAX_BUNDLE_STEPS`](crate::limits::MAX_BUNDLE_STEPS)); the message
    /// says how to bring it within. [`Error::is_limit`] is true.
    SearchLimit,
}

/// Which file a mistake is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum File {
    Rules,
    Cart,
    Facts,
    /// A stored quote given to [`refund`](crate::refund).
    Quote,
    /// The returns given to [`refund`](crate::refund).
    Returns,
    /// The item given to [`Engine::preview`](crate::Engine::preview).
    Item,
}

impl File {
    /// The file's name in messages and locations: `rules`, `cart`, `facts`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            File::Rules => "rules",
            File::Cart => "cart",
            File::Facts => "facts",
            File::Quote => "quote",
            File::Returns => "returns",
            File::Item => "item",
        }
    }
}

impl fmt::Display for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A typed mistake of one area: its message (`Display`, derived with
/// `thiserror`) and its kind.
pub(crate) trait Mistake: fmt::Display {
    /// What kind of mistake this is.
    fn kind(&self) -> ErrorKind;
}

impl Error {
    /// A mistake `m` of the rules file, at `location`.
    pub(crate) fn rules(location: impl Into<String>, m: impl Mistake) -> Error {
        Error::new(File::Rules, location.into(), &m)
    }

    /// A mistake `m` of the cart, at `location`.
    pub(crate) fn cart(location: impl Into<String>, m: impl Mistake) -> Error {
        Error::new(File::Cart, location.into(), &m)
    }

    /// A mistake `m` of the shop facts file, at `location`.
    pub(crate) fn facts(location: impl Into<String>, m: impl Mistake) -> Error {
        Error::new(File::Facts, location.into(), &m)
    }

    /// A mistake `m` in `file`, at `location`.
    pub(crate) fn new(file: File, location: String, m: &dyn Mistake) -> Error {
        Error {
            inner: Box::new(Inner {
                file,
                kind: m.kind(),
                location: excerpt(location, MAX_LOCATION),
                message: excerpt(m.to_string(), MAX_MESSAGE),
            }),
        }
    }

    /// The same mistake, said to be in `file` at `location`.
    pub(crate) fn relocated(&self, file: File, location: String) -> Error {
        let mut inner = (*self.inner).clone();
        inner.file = file;
        inner.location = excerpt(location, MAX_LOCATION);
        Error {
            inner: Box::new(inner),
        }
    }

    /// What went wrong, for a program to `match` on.
    ///
    /// ```
    /// let err = youhui::Rules::from_json(r#"{"promotions":[{"id":"a","type":"coupon"}]}"#).unwrap_err();
    /// assert_eq!(err.kind(), youhui::ErrorKind::InvalidValue);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// A mistake in the rules file (found when parsing it or by
    /// [`Engine::new`](crate::Engine::new)), of any kind, limits included.
    ///
    /// ```
    /// let err = youhui::Rules::from_json("{}").unwrap_err();
    /// assert!(err.is_rules() && !err.is_cart());
    /// ```
    pub fn is_rules(&self) -> bool {
        self.inner.file == File::Rules
    }

    /// A mistake in the cart (found when parsing it or by
    /// [`Engine::price`](crate::Engine::price)), of any kind: a quantity
    /// above 100,000 or a cart of 1,001 lines is a cart error and a limit
    /// error; a cart refused because its search would be too long is one too.
    /// So is a mistake in what [`refund`](crate::refund) is given (the
    /// stored quote of the cart, and the returns).
    ///
    /// ```
    /// let err = youhui::Cart::from_json(r#"{"lines":[]}"#).unwrap_err();
    /// assert!(err.is_cart());
    /// ```
    pub fn is_cart(&self) -> bool {
        matches!(
            self.inner.file,
            File::Cart | File::Quote | File::Returns | File::Item
        )
    }

    /// A mistake in a shop facts file ([`Facts`](crate::Facts), read by
    /// `youhui check`), of any kind, limits included.
    ///
    /// ```
    /// let err = youhui::Facts::from_json(r#"{"shop":{}}"#).unwrap_err();
    /// assert!(err.is_facts());
    /// ```
    pub fn is_facts(&self) -> bool {
        self.inner.file == File::Facts
    }

    /// An input above one of the documented bounds of [`limits`](crate::limits)
    /// (kind [`Limit`](ErrorKind::Limit): sizes, counts, a text's bytes, an
    /// amount above 100,000,000.00, a quantity above 100,000), or a cart whose
    /// exact search would pass its bound (kind [`SearchLimit`](ErrorKind::SearchLimit)).
    /// [`is_rules`](Error::is_rules), [`is_cart`](Error::is_cart) or
    /// [`is_facts`](Error::is_facts) says in which file.
    ///
    /// ```
    /// let big = "x".repeat(youhui::limits::MAX_FILE_BYTES + 1);
    /// let err = youhui::Rules::from_json(&big).unwrap_err();
    /// assert!(err.is_limit() && err.is_rules());
    /// ```
    pub fn is_limit(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Limit | ErrorKind::SearchLimit)
    }

    /// Where the mistake is: `promotion "mj"`, `line "L2"`, `cart file, lines[0].quantity`, ….
    ///
    /// ```
    /// let err = youhui::Rules::from_json(r#"{"promotions":[{"id":"a","type":"coupon"}]}"#).unwrap_err();
    /// assert_eq!(err.location(), "rules file, promotions[0].type");
    /// ```
    pub fn location(&self) -> &str {
        &self.inner.location
    }

    /// What is wrong there, without the location.
    ///
    /// ```
    /// let err = youhui::Cart::from_json(r#"{"lines":[]}"#).unwrap_err();
    /// assert!(err.message().contains("missing field `now`"));
    /// ```
    pub fn message(&self) -> &str {
        &self.inner.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.inner.location, self.inner.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("file", &self.inner.file)
            .field("kind", &self.inner.kind)
            .field("location", &self.inner.location)
            .field("message", &self.inner.message)
            .finish()
    }
}

impl std::error::Error for Error {}

/// The most of a message an error keeps (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused): a message never echoes
/// more than a short excerpt of the input).
const MAX_MESSAGE: usize = 512;
/// The most of a location (a JSON path, a promotion or line id) an error keeps.
const MAX_LOCATION: usize = 160;

/// `s` safe to print and short: characters text may not hold are escaped,
/// and a text longer than `max` bytes is cut, keeping serde's ` at line L
/// column C` if it ends so.
fn excerpt(s: String, max: usize) -> String {
    let s = match crate::text::printable(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(escaped) => escaped,
    };
    let s = short_quotes(s);
    if s.len() <= max {
        return s;
    }
    let tail = s
        .rfind(" at line ")
        .filter(|&at| s.len() - at < 40)
        .map_or("", |at| &s[at..]);
    let mut cut = max - tail.len();
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(
        "{}… ({} bytes cut){tail}",
        &s[..cut],
        s.len() - cut - tail.len()
    )
}

/// Cuts every quoted echo of the input (`` `…` `` or `"…"`, as serde and
/// [`quoted`](crate::text::quoted) write them) longer than 64 characters to
/// its first 64.
fn short_quotes(s: String) -> String {
    const MAX: usize = 64;
    if s.len() < MAX {
        return s;
    }
    let mut out = String::with_capacity(s.len().min(1024));
    let mut rest = s.as_str();
    while let Some(open) = rest.find(['`', '"']) {
        let q = &rest[open..open + 1];
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let Some(close) = rest.find(q) else { break };
        let inner = &rest[..close];
        match inner.char_indices().nth(MAX) {
            Some((cut, _)) => {
                out.push_str(&inner[..cut]);
                out.push_str(&format!("… ({} bytes)", inner.len()));
            }
            None => out.push_str(inner),
        }
        out.push_str(q);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message written by the caller, for the tests of [`excerpt`].
    struct Said(&'static str, String);

    impl fmt::Display for Said {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.1)
        }
    }

    impl Mistake for Said {
        fn kind(&self) -> ErrorKind {
            let _ = self.0;
            ErrorKind::InvalidValue
        }
    }

    #[test]
    fn messages_are_printable_and_short() {
        let e = Error::cart("cart file, shipping.a\u{1b}[8m", Said("", "x\ny".into()));
        assert_eq!(e.to_string(), "cart file, shipping.a\\u{1b}[8m: x\\u{a}y");
        // A long echo of the input is cut to 64 characters.
        let long = format!("unknown field `{}` at line 1 column 9", "优".repeat(1000));
        let e = Error::rules("rules file", Said("", long));
        assert_eq!(
            e.message(),
            format!(
                "unknown field `{}… (3000 bytes)` at line 1 column 9",
                "优".repeat(64)
            )
        );
        // A long message without a quote is cut whole, keeping its position.
        let long = format!("{} at line 1 column 9", "x".repeat(2000));
        let e = Error::rules("rules file", Said("", long));
        assert!(e.message().len() <= MAX_MESSAGE + 40);
        assert!(
            e.message().ends_with("bytes cut) at line 1 column 9"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn the_file_and_the_kind_are_apart() {
        let e = Error::cart("cart file, lines", LimitError::Lines { count: 1001 });
        assert!(e.is_cart() && e.is_limit() && !e.is_rules() && !e.is_facts());
        assert_eq!(e.kind(), ErrorKind::Limit);
        let e = Error::rules(
            "rules file, promotions",
            LimitError::Promotions { count: 1 },
        );
        assert!(e.is_rules() && e.is_limit() && !e.is_cart());
        let e = Error::facts("facts file", JsonError::empty(File::Facts));
        assert!(e.is_facts() && !e.is_limit());
        assert_eq!(e.kind(), ErrorKind::Syntax);
    }
}
