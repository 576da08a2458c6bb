//! The one error type.

use std::fmt;

/// What went wrong, and where: a rules or cart file that cannot be priced.
///
/// Every error names its place — the file, the JSON path, or the promotion or
/// line id — and what is wrong there; nothing is priced when one is returned.
///
/// ```
/// let rules: youhui::Rules = serde_json::from_str(
///     r#"{"promotions":[{"id":"sc","type":"shop_coupon","shop":"tea","min_amount":"20","amount_off":"30"}]}"#,
/// ).unwrap();
/// let err = youhui::Engine::new(rules).unwrap_err();
/// assert!(err.is_rules());
/// assert_eq!(err.location(), "promotion \"sc\"");
/// assert!(err.to_string().contains("amount_off 30.00 must be below min_amount 20.00"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    kind: Kind,
    location: String,
    message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Rules,
    Cart,
    Facts,
    Limit,
}

/// The kind of a mistake in file `file` (`"rules"`, `"cart"`, `"facts"`).
fn kind_of(file: &str) -> Kind {
    match file {
        "rules" => Kind::Rules,
        "facts" => Kind::Facts,
        _ => Kind::Cart,
    }
}

impl Error {
    pub(crate) fn rules(location: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(Kind::Rules, location.into(), message.into())
    }

    pub(crate) fn cart(location: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(Kind::Cart, location.into(), message.into())
    }

    pub(crate) fn facts(location: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(Kind::Facts, location.into(), message.into())
    }

    pub(crate) fn limit(location: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(Kind::Limit, location.into(), message.into())
    }

    fn new(kind: Kind, location: String, message: String) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                location: excerpt(location, MAX_LOCATION),
                message: excerpt(message, MAX_MESSAGE),
            }),
        }
    }

    /// A JSON document that does not deserialize: names the file and the JSON path.
    pub(crate) fn json(
        file: &'static str,
        e: &serde_path_to_error::Error<serde_json::Error>,
    ) -> Error {
        let path = e.path().to_string();
        let location = if path == "." {
            format!("{file} file")
        } else {
            format!("{file} file, {path}")
        };
        let kind = kind_of(file);
        Error::new(kind, location, e.inner().to_string())
    }

    /// A part of a file (at JSON path `prefix`, such as `promotions[2]`) that
    /// does not deserialize; `start` is where the part starts in the whole
    /// file, (line, column), 1-based, so the position is counted in the file.
    pub(crate) fn json_part(
        file: &'static str,
        prefix: &str,
        e: &serde_path_to_error::Error<serde_json::Error>,
        start: (usize, usize),
    ) -> Error {
        let path = e.path().to_string();
        let location = if path == "." {
            format!("{file} file, {prefix}")
        } else {
            format!("{file} file, {prefix}.{path}")
        };
        let inner = e.inner();
        let mut message = inner.to_string();
        if inner.line() > 0 {
            let suffix = format!(" at line {} column {}", inner.line(), inner.column());
            if let Some(stem) = message.strip_suffix(&suffix) {
                let (line, column) = start;
                let (l, c) = if inner.line() == 1 {
                    (line, column + inner.column().saturating_sub(1))
                } else {
                    (line + inner.line() - 1, inner.column())
                };
                message = format!("{stem} at line {l} column {c}");
            }
        }
        let kind = kind_of(file);
        Error::new(kind, location, message)
    }

    /// A file that is not a JSON object.
    pub(crate) fn not_an_object(file: &'static str) -> Error {
        let kind = kind_of(file);
        Error::new(
            kind,
            format!("{file} file"),
            format!("the {file} file must be a JSON object ({{ … }})"),
        )
    }

    /// Trailing characters or broken syntax after the document.
    pub(crate) fn syntax(file: &'static str, e: &serde_json::Error) -> Error {
        let kind = kind_of(file);
        Error::new(kind, format!("{file} file"), e.to_string())
    }

    /// A mistake in the rules file (found when parsing it or by [`Engine::new`](crate::Engine::new)).
    ///
    /// ```
    /// let err = youhui::Rules::from_json("{}").unwrap_err();
    /// assert!(err.is_rules() && !err.is_cart());
    /// ```
    pub fn is_rules(&self) -> bool {
        self.inner.kind == Kind::Rules
    }

    /// A mistake in the cart (found when parsing it or by [`Engine::price`](crate::Engine::price)).
    ///
    /// ```
    /// let err = youhui::Cart::from_json(r#"{"lines":[]}"#).unwrap_err();
    /// assert!(err.is_cart());
    /// ```
    pub fn is_cart(&self) -> bool {
        self.inner.kind == Kind::Cart
    }

    /// A mistake in a shop facts file ([`Facts`](crate::Facts), read by `youhui check`).
    ///
    /// ```
    /// let err = youhui::Facts::from_json(r#"{"shop":{}}"#).unwrap_err();
    /// assert!(err.is_facts());
    /// ```
    pub fn is_facts(&self) -> bool {
        self.inner.kind == Kind::Facts
    }

    /// An input above one of the documented size limits ([`limits`](crate::limits)).
    ///
    /// ```
    /// let big = "x".repeat(youhui::limits::MAX_FILE_BYTES + 1);
    /// assert!(youhui::Rules::from_json(&big).unwrap_err().is_limit());
    /// ```
    pub fn is_limit(&self) -> bool {
        self.inner.kind == Kind::Limit
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
            .field("kind", &self.inner.kind)
            .field("location", &self.inner.location)
            .field("message", &self.inner.message)
            .finish()
    }
}

impl std::error::Error for Error {}

/// The most of a message an error keeps (reference, [Input that is refused](crate::_documentation::reference#input-that-is-refused): a message never echoes
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
/// [`quoted`] write them) longer than 64 characters to its first 64.
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

/// A name from the input as a step of a JSON path, clipped like [`quoted`].
pub(crate) fn clipped(name: &str) -> String {
    match name.char_indices().nth(64) {
        None => name.to_string(),
        Some((cut, _)) => format!("{}…", &name[..cut]),
    }
}

/// A name from the input, quoted, for an error message: at most 64 characters,
/// so that a hostile 1 MB id does not come back as a 1 MB message; `"` and
/// `\` escaped, and every character text may not hold written `\u{…}`.
pub(crate) fn quoted(name: &str) -> String {
    const MAX: usize = 64;
    let quote = |s: &str| {
        let mut q = String::with_capacity(s.len() + 2);
        q.push('"');
        for c in s.chars() {
            match c {
                '"' => q.push_str("\\\""),
                '\\' => q.push_str("\\\\"),
                c if crate::text::forbidden(c) => q.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
                c => q.push(c),
            }
        }
        q.push('"');
        q
    };
    match name.char_indices().nth(MAX) {
        None => quote(name),
        Some((cut, _)) => format!("{}… ({} bytes)", quote(&name[..cut]), name.len()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_names_are_clipped() {
        assert_eq!(super::quoted("sc20"), "\"sc20\"");
        assert_eq!(super::quoted("L\u{0}1 \"a\\b\""), r#""L\u{0}1 \"a\\b\"""#);
        let long = "x".repeat(1000);
        let q = super::quoted(&long);
        assert!(q.len() < 100 && q.ends_with("… (1000 bytes)"), "{q}");
        // Never cut inside a character.
        assert!(super::quoted(&"优".repeat(100)).starts_with("\"优"));
    }

    #[test]
    fn messages_are_printable_and_short() {
        let e = super::Error::cart("cart file, shipping.a\u{1b}[8m", "x\ny");
        assert_eq!(e.to_string(), "cart file, shipping.a\\u{1b}[8m: x\\u{a}y");
        // A long echo of the input is cut to 64 characters.
        let long = format!("unknown field `{}` at line 1 column 9", "优".repeat(1000));
        let e = super::Error::rules("rules file", long);
        assert_eq!(
            e.message(),
            format!(
                "unknown field `{}… (3000 bytes)` at line 1 column 9",
                "优".repeat(64)
            )
        );
        // A long message without a quote is cut whole, keeping its position.
        let long = format!("{} at line 1 column 9", "x".repeat(2000));
        let e = super::Error::rules("rules file", long);
        assert!(e.message().len() <= super::MAX_MESSAGE + 40);
        assert!(
            e.message().ends_with("bytes cut) at line 1 column 9"),
            "{}",
            e.message()
        );
    }
}
