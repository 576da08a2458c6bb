//! A file that does not read: its JSON, its shape, and the rules for text.
//!
//! The shape errors' words are serde's (`unknown field`, `missing field`,
//! `invalid type`), with the JSON path and the line and column; their kind is
//! told from serde's category and, for the checks of this crate's own
//! deserializers (an amount, a fold, a quantity, a repeated key), from the
//! typed mistake they raised ([`raise`]).

use std::cell::Cell;
use std::fmt;

use super::{Error, ErrorKind, File, Mistake};
use crate::text::{quoted, Problem};

thread_local! {
    /// The kind of the last mistake this crate's deserializers raised on
    /// this thread, with its message: serde keeps only the words.
    static RAISED: Cell<Option<(ErrorKind, u64)>> = const { Cell::new(None) };
}

/// A hash of a message, to tell whether serde's error is the one raised.
fn fingerprint(s: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(s)
}

/// The serde error of the typed mistake `m`, raised by one of this crate's
/// deserializers: its words go through serde, its kind is kept beside them.
pub(crate) fn raise<E: serde::de::Error>(m: impl Mistake) -> E {
    let words = m.to_string();
    RAISED.with(|r| r.set(Some((m.kind(), fingerprint(&words)))));
    E::custom(words)
}

/// Forgets what was raised before a new read begins.
pub(crate) fn forget_raised() {
    RAISED.with(|r| r.set(None));
}

/// A file that does not read as JSON of its shape.
#[derive(Debug, thiserror::Error)]
pub(crate) enum JsonError {
    #[error("the {0} file is empty; it must be a JSON object ({{ … }})")]
    Empty(File),
    #[error("the {0} file must be a JSON object ({{ … }})")]
    NotAnObject(File),
    #[error("null is not a value here; leave the field out instead")]
    Null,
    #[error("the key {} appears twice; a key may appear once in an object", quoted(.0))]
    KeyTwice(String),
    /// serde's words, or a value's own (`Amount`'s `FromStr`), with its kind.
    #[error("{message}")]
    Worded { kind: ErrorKind, message: String },
}

impl JsonError {
    /// An empty file (nothing, or only white space).
    pub(crate) fn empty(file: File) -> JsonError {
        JsonError::Empty(file)
    }
}

impl Mistake for JsonError {
    fn kind(&self) -> ErrorKind {
        match self {
            JsonError::Empty(_) | JsonError::NotAnObject(_) => ErrorKind::Syntax,
            JsonError::Null => ErrorKind::InvalidValue,
            JsonError::KeyTwice(_) => ErrorKind::Repeated,
            JsonError::Worded { kind, .. } => *kind,
        }
    }
}

/// A text that breaks the rules for text (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused)), in `field`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TextError {
    #[error("{field} is empty")]
    Empty { field: String },
    #[error("{field} is longer than {max} bytes", max = crate::limits::MAX_TEXT)]
    TooLong { field: String },
    #[error("{field} {} holds the character U+{:04X}; text may hold no control, line-separator or bidirectional-control character", quoted(.text), u32::from(*.c))]
    Control {
        field: String,
        text: String,
        c: char,
    },
    #[error("{field} {} holds the invisible character U+{:04X}; text may hold no invisible (default-ignorable) character, so that two ids that look the same are the same", quoted(.text), u32::from(*.c))]
    Invisible {
        field: String,
        text: String,
        c: char,
    },
    #[error("{field} {} is not in Unicode normalization form C (NFC); write it composed, as {}", crate::text::escaped(.text), quoted(&crate::text::nfc(.text)))]
    NotNfc { field: String, text: String },
}

impl TextError {
    /// The mistake `problem` of the text `s` of `field`.
    pub(crate) fn new(field: impl fmt::Display, s: &str, problem: Problem) -> TextError {
        let field = field.to_string();
        match problem {
            Problem::Empty => TextError::Empty { field },
            Problem::TooLong(_) => TextError::TooLong { field },
            Problem::Control(c) => TextError::Control {
                field,
                text: s.to_string(),
                c,
            },
            Problem::Invisible(c) => TextError::Invisible {
                field,
                text: s.to_string(),
                c,
            },
            Problem::NotNfc => TextError::NotNfc {
                field,
                text: s.to_string(),
            },
        }
    }
}

impl Mistake for TextError {
    fn kind(&self) -> ErrorKind {
        match self {
            // A size bound, not a mistake of form.
            TextError::TooLong { .. } => ErrorKind::Limit,
            _ => ErrorKind::Text,
        }
    }
}

/// The kind of a serde error: the one this crate raised, if serde's words are
/// its words; else told from serde's category and words.
fn kind_of(e: &serde_json::Error) -> ErrorKind {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => return ErrorKind::Syntax,
        Category::Data => {}
    }
    let message = e.to_string();
    let words = match message.rfind(" at line ") {
        Some(at) if e.line() > 0 => &message[..at],
        _ => &message,
    };
    if let Some((kind, print)) = RAISED.with(Cell::take) {
        if print == fingerprint(words) {
            return kind;
        }
    }
    if words.starts_with("unknown field") || words.starts_with("unknown variant") {
        // An unknown variant is a value: `"type": "coupon"`.
        if words.starts_with("unknown variant") {
            return ErrorKind::InvalidValue;
        }
        ErrorKind::UnknownField
    } else if words.starts_with("missing field") {
        ErrorKind::MissingField
    } else if words.starts_with("duplicate field") {
        ErrorKind::Repeated
    } else {
        ErrorKind::InvalidValue
    }
}

/// serde's path, without the `?` it writes for a step it could not read
/// (a trailing comma, a key cut short).
fn path_of(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let path = e.path().to_string();
    let known: Vec<&str> = path
        .split('.')
        .take_while(|step| *step != "?" && !step.is_empty())
        .collect();
    let mut path = known.join(".");
    // `promotions[?]`, `?` of a sequence.
    if let Some(cut) = path.find("[?]") {
        path.truncate(cut);
    }
    path
}

/// serde's words for `e`, with a number's digits as the file wrote them
/// (serde echoes `128.00` as `128.0`): `text` is the file, `start` where
/// the part serde read starts in it.
fn words_of(e: &serde_json::Error, text: &str, start: usize) -> String {
    let message = e.to_string();
    const FLOAT: &str = "invalid type: floating point `";
    let Some(rest) = message.strip_prefix(FLOAT) else {
        return message;
    };
    let Some(close) = rest.find('`') else {
        return message;
    };
    match number_before(text, start, e.line(), e.column()) {
        Some(written) => format!("{FLOAT}{written}`{}", &rest[close + 1..]),
        None => message,
    }
}

/// The JSON number that ends at (or just before) 1-based `line`, `column`
/// of the part of `text` from byte `start`.
fn number_before(text: &str, start: usize, line: usize, column: usize) -> Option<&str> {
    let part = text.get(start..)?;
    let mut at = 0;
    for _ in 1..line {
        at += part[at..].find('\n')? + 1;
    }
    let end = (at + column).min(part.len());
    let bytes = part.as_bytes();
    let is_num = |b: u8| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E');
    let mut stop = end;
    while stop > 0 && !is_num(bytes[stop - 1]) {
        stop -= 1;
    }
    let mut first = stop;
    while first > 0 && is_num(bytes[first - 1]) {
        first -= 1;
    }
    (first < stop).then(|| &part[first..stop])
}

impl Error {
    /// A JSON document that does not deserialize: names the file and the
    /// JSON path. `text` is the whole file.
    pub(crate) fn json(
        file: File,
        e: &serde_path_to_error::Error<serde_json::Error>,
        text: &str,
    ) -> Error {
        let path = path_of(e);
        let location = if path.is_empty() {
            format!("{file} file")
        } else {
            format!("{file} file, {path}")
        };
        let inner = e.inner();
        let m = JsonError::Worded {
            kind: kind_of(inner),
            message: words_of(inner, text, 0),
        };
        Error::new(file, location, &m)
    }

    /// A part of a file (at JSON path `prefix`, such as `promotions[2]`)
    /// that does not deserialize; `part` is that part's text and `start`
    /// its (line, column) in the whole file, 1-based, so that the position
    /// is counted in the whole file.
    pub(crate) fn json_part(
        file: File,
        prefix: &str,
        e: &serde_path_to_error::Error<serde_json::Error>,
        part: &str,
        start: (usize, usize),
    ) -> Error {
        let path = path_of(e);
        let location = if path.is_empty() {
            format!("{file} file, {prefix}")
        } else {
            format!("{file} file, {prefix}.{path}")
        };
        let inner = e.inner();
        let mut message = words_of(inner, part, 0);
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
        let m = JsonError::Worded {
            kind: kind_of(inner),
            message,
        };
        Error::new(file, location, &m)
    }

    /// Trailing characters or broken syntax after the document.
    pub(crate) fn syntax(file: File, e: &serde_json::Error) -> Error {
        let m = JsonError::Worded {
            kind: ErrorKind::Syntax,
            message: e.to_string(),
        };
        Error::new(file, format!("{file} file"), &m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_as_the_file_wrote_it() {
        let text = r#"{"a": 128.00}"#;
        assert_eq!(number_before(text, 0, 1, 12), Some("128.00"));
        let text = "{\n  \"a\": -1.50e2 }";
        assert_eq!(number_before(text, 0, 2, 15), Some("-1.50e2"));
        assert_eq!(number_before("{}", 0, 1, 1), None);
    }

    #[test]
    fn kinds_of_serde_errors() {
        let e = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        assert_eq!(kind_of(&e), ErrorKind::Syntax);
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct S {
            a: u8,
        }
        let e = serde_json::from_str::<S>(r#"{"b":1}"#).unwrap_err();
        assert_eq!(kind_of(&e), ErrorKind::UnknownField);
        let e = serde_json::from_str::<S>(r#"{}"#).unwrap_err();
        assert_eq!(kind_of(&e), ErrorKind::MissingField);
        let e = serde_json::from_str::<S>(r#"{"a":"x"}"#).unwrap_err();
        assert_eq!(kind_of(&e), ErrorKind::InvalidValue);
    }
}
