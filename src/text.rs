//! The contract's rules for text (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused)): ids, shops, SKUs, categories, names,
//! segments and map keys hold no control character (Unicode category Cc),
//! no line or paragraph separator (Zl, Zp), no bidirectional control
//! (U+202A–U+202E, U+2066–U+2069), and are in Unicode normalization form C,
//! so that two ids that look the same are the same, and nothing a merchant
//! writes can forge a line of a receipt or a terminal.
//!
//! Whatever the input allowed, [`printable`] makes text safe to print.

use std::borrow::Cow;
use std::fmt;

use unicode_normalization::UnicodeNormalization;

use crate::error::quoted;
use crate::limits;

/// What is wrong with a text, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    Empty,
    TooLong(usize),
    /// A control, separator or bidirectional control character.
    Control(char),
    NotNfc,
}

impl Problem {
    /// A size bound, not a mistake of form.
    pub(crate) fn is_limit(self) -> bool {
        matches!(self, Problem::TooLong(_))
    }
}

/// True for the characters text may not hold.
pub(crate) fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first problem of `s` as a text of the contract (empty allowed or not).
#[inline]
pub(crate) fn problem(s: &str, empty_ok: bool) -> Option<Problem> {
    if s.is_empty() {
        return (!empty_ok).then_some(Problem::Empty);
    }
    if s.len() > limits::MAX_TEXT {
        return Some(Problem::TooLong(s.len()));
    }
    // Printable ASCII (almost every id and SKU) is NFC and holds no control.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    if let Some(c) = s.chars().find(|&c| forbidden(c)) {
        return Some(Problem::Control(c));
    }
    (!unicode_normalization::is_nfc(s)).then_some(Problem::NotNfc)
}

/// `1 unit`, `2 units`: a count with its noun, for messages.
pub(crate) fn count(n: u64, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The message for `problem` in the text `s` of `field`.
pub(crate) fn message(field: impl fmt::Display, s: &str, problem: Problem) -> String {
    match problem {
        Problem::Empty => format!("{field} is empty"),
        Problem::TooLong(_) => format!("{field} is longer than {} bytes", limits::MAX_TEXT),
        Problem::Control(c) => format!(
            "{field} {} holds the character U+{:04X}; text may hold no control, line-separator or bidirectional-control character",
            quoted(s),
            u32::from(c)
        ),
        Problem::NotNfc => format!(
            "{field} {} is not in Unicode normalization form C (NFC); write it composed, as {}",
            escaped(s),
            quoted(&s.nfc().collect::<String>())
        ),
    }
}

/// `s` quoted with every character outside ASCII written `\u{…}`: how a text
/// that is not NFC is shown, so that it does not look like its NFC form.
fn escaped(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' {
            q.push(c);
        } else {
            q.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
    }
    q.push('"');
    q
}

/// `s` with every character text may not hold written as `\u{…}`, for
/// printing: a receipt or an error message never prints one raw.
pub(crate) fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(forbidden) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if forbidden(c) {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules() {
        assert_eq!(problem("sc20", false), None);
        assert_eq!(problem("龙井-250g", false), None);
        assert_eq!(problem("", false), Some(Problem::Empty));
        assert_eq!(problem("", true), None);
        assert_eq!(
            problem(&"x".repeat(257), false),
            Some(Problem::TooLong(257))
        );
        assert_eq!(problem(&"x".repeat(256), false), None);
        for c in [
            '\0', '\n', '\u{1b}', '\u{7f}', '\u{85}', '\u{2028}', '\u{2029}', '\u{202e}',
            '\u{2066}',
        ] {
            assert_eq!(
                problem(&format!("a{c}b"), false),
                Some(Problem::Control(c)),
                "{c:?}"
            );
        }
        // NFC "café" is fine; NFD (e + U+0301) is not.
        assert_eq!(problem("caf\u{e9}", false), None);
        assert_eq!(problem("cafe\u{301}", false), Some(Problem::NotNfc));
        let m = message("shop", "cafe\u{301}", Problem::NotNfc);
        assert_eq!(
            m,
            "shop \"cafe\\u{301}\" is not in Unicode normalization form C (NFC); write it composed, as \"café\""
        );
    }

    #[test]
    fn printable_escapes_what_text_may_not_hold() {
        assert_eq!(printable("满300减30"), "满300减30");
        assert_eq!(printable("a\nb\u{1b}[8m"), "a\\u{a}b\\u{1b}[8m");
        assert_eq!(printable("x\u{202e}y"), "x\\u{202e}y");
    }
}
