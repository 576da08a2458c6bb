//! The contract's rules for text (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused)): ids, shops, SKUs, categories, names,
//! segments and map keys hold no control character (Unicode category Cc),
//! no line or paragraph separator (Zl, Zp), no bidirectional control
//! (Bidi_Control: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), no
//! invisible character (Default_Ignorable_Code_Point: U+00AD, U+200B–U+200D,
//! U+2060, U+FEFF, variation selectors, …), and are in Unicode normalization
//! form C, so that two ids that look the same are the same (up to characters
//! of different scripts that look alike: see DESIGN.md), and nothing a
//! merchant writes can forge a line of a receipt or a terminal.
//!
//! Whatever the input allowed, [`printable`] makes text safe to print. This
//! file is a leaf: the errors' words for a [`Problem`] are the error module's.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_security::general_security_profile::IdentifierType;
use unicode_security::GeneralSecurityProfile;

use crate::limits;

/// What is wrong with a text, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    Empty,
    TooLong(usize),
    /// A control, separator or bidirectional control character.
    Control(char),
    /// A default-ignorable (invisible) character.
    Invisible(char),
    NotNfc,
}

/// True for the characters text may not hold as controls: Cc, Zl, Zp and
/// Bidi_Control (the twelve characters of that property, which Unicode has
/// kept unchanged since 6.3).
pub(crate) fn control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// True for a Default_Ignorable_Code_Point: drawn as nothing, so that a text
/// holding one looks like the text without it.
///
/// The assigned ones are `unicode-security`'s identifier type
/// `Default_Ignorable` (UTS #39, the tables rustc uses); the property's
/// definition (UAX #44, DerivedCoreProperties) also reserves the whole of
/// U+2060–U+206F, U+FFF0–U+FFF8 and U+E0000–U+E0FFF, some of it unassigned
/// or deprecated, which that identifier type leaves out.
pub(crate) fn invisible(c: char) -> bool {
    let u = u32::from(c);
    // Below U+00AD, and the CJK, Hangul syllable and Yi blocks, hold none:
    // most text of a cart is answered here.
    if u < 0xAD || (0x3400..0xA000).contains(&u) || (0xAC00..0xD800).contains(&u) {
        return false;
    }
    matches!(u, 0x2060..=0x206F | 0xFFF0..=0xFFF8 | 0xE0000..=0xE0FFF)
        || c.identifier_type() == Some(IdentifierType::Default_Ignorable)
}

/// True for the characters text may not hold.
pub(crate) fn forbidden(c: char) -> bool {
    control(c) || invisible(c)
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
    // Printable ASCII (almost every id and SKU) is NFC and holds no control
    // and no invisible character.
    if printable_ascii(s.as_bytes()) {
        return None;
    }
    slow_problem(s)
}

/// True when every byte of `b` is printable ASCII (0x20 to 0x7e): the same
/// answer as `b.iter().all(|c| (0x20..0x7f).contains(c))`, read eight bytes
/// at a time (a text of 4 to 7 bytes as two overlapping halves). A cart's
/// texts are checked each time it is priced, and the byte loop cost more than
/// the rest of the cart check.
#[inline]
fn printable_ascii(b: &[u8]) -> bool {
    let n = b.len();
    if n < 4 {
        return b.iter().all(|c| (0x20..0x7f).contains(c));
    }
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
    let half = |at: usize| {
        u64::from(u32::from_le_bytes(
            b[at..at + 4].try_into().unwrap_or_default(),
        ))
    };
    if n < 8 {
        return printable_word(half(0) | (half(n - 4) << 32));
    }
    let mut ok = printable_word(word(n - 8));
    let mut at = 0;
    while at + 8 < n {
        ok &= printable_word(word(at));
        at += 8;
    }
    ok
}

/// True when each of the eight bytes of `x` is printable ASCII. A byte below
/// 0x20 sets its top bit in `(x - 0x20…20) & !x` (the first such byte
/// exactly; borrows reach only bytes above it), and a byte from 0x7f up sets
/// its top bit in `(x + 0x01…01) | x` (a carry leaves 0xff, whose top bit is
/// set): so the word is printable exactly when neither has a top bit set.
#[inline]
fn printable_word(x: u64) -> bool {
    const ONES: u64 = u64::MAX / 0xff;
    const TOPS: u64 = ONES * 0x80;
    let below = x.wrapping_sub(ONES * 0x20) & !x;
    let above = x.wrapping_add(ONES) | x;
    (below | above) & TOPS == 0
}

/// [`problem`] of a text that is not all printable ASCII.
fn slow_problem(s: &str) -> Option<Problem> {
    for c in s.chars() {
        if control(c) {
            return Some(Problem::Control(c));
        }
        if invisible(c) {
            return Some(Problem::Invisible(c));
        }
    }
    (!unicode_normalization::is_nfc(s)).then_some(Problem::NotNfc)
}

/// `1 unit`, `2 units`: a count with its noun, for messages.
pub(crate) fn count(n: u64, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `2` → `"2nd"`, `3` → `"3rd"`, `11` → `"11th"`: the n-th unit of a
/// 第N件X折, in messages.
pub(crate) fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `s` in normalization form C.
pub(crate) fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// `s` quoted with every character outside ASCII written `\u{…}`: how a text
/// that is not NFC is shown, so that it does not look like its NFC form.
pub(crate) fn escaped(s: &str) -> String {
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
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) || !s.chars().any(forbidden) {
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
                c if forbidden(c) => q.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
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
    }

    #[test]
    fn no_bidirectional_control() {
        // Bidi_Control, all twelve: a control whatever else they are.
        for c in [
            '\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
            '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ] {
            assert_eq!(
                problem(&format!("tea{c}"), false),
                Some(Problem::Control(c)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn no_invisible_character() {
        // Default_Ignorable_Code_Point: the ones the issue names, a variation
        // selector, the Hangul filler, a tag, and the reserved ranges.
        for c in [
            '\u{ad}',
            '\u{34f}',
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{2065}',
            '\u{206f}',
            '\u{feff}',
            '\u{fe0f}',
            '\u{3164}',
            '\u{ffa0}',
            '\u{fff0}',
            '\u{e0001}',
            '\u{e0041}',
            '\u{e0fff}',
            '\u{1d173}',
        ] {
            assert_eq!(
                problem(&format!("tea-sc20{c}"), false),
                Some(Problem::Invisible(c)),
                "{:x}",
                u32::from(c)
            );
        }
        // Visible neighbours are text: a space, NBSP, a hyphen, the ideographic
        // space, a full stop, fullwidth letters, a CJK name.
        for ok in ["a b", "a\u{a0}b", "a\u{2010}b", "满\u{3000}减", "€5"] {
            assert_eq!(problem(ok, false), None, "{ok:?}");
        }
        assert_eq!(problem("ＡＢＣ", false), None);
        assert_eq!(problem("龙井·明前", false), None);
    }
    #[test]
    fn printable_ascii_is_the_byte_loop() {
        // Every byte value at every place of texts of 0 to 20 bytes, among
        // printable neighbours: the words' answer is the byte loop's.
        let by_bytes = |b: &[u8]| b.iter().all(|c| (0x20..0x7f).contains(c));
        for n in 0..=20 {
            for at in 0..n {
                for v in 0..=255u8 {
                    let mut b = vec![b'a'; n];
                    b[at] = v;
                    assert_eq!(printable_ascii(&b), by_bytes(&b), "{b:?}");
                    // And beside the bounds of the range (borrows and carries).
                    for w in [0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xff, 0x00] {
                        let mut c = b.clone();
                        c[(at + 1) % n] = w;
                        assert_eq!(printable_ascii(&c), by_bytes(&c), "{c:?}");
                    }
                }
            }
        }
        assert!(printable_ascii(b""));
        assert!(printable_ascii(b" ~"));
    }

    #[test]
    fn printable_escapes_what_text_may_not_hold() {
        assert_eq!(printable("满300减30"), "满300减30");
        assert_eq!(printable("a\nb\u{1b}[8m"), "a\\u{a}b\\u{1b}[8m");
        assert_eq!(printable("x\u{202e}y"), "x\\u{202e}y");
    }
}
