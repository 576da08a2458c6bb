//! The plain JSON of most carts, read without serde_json (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)):
//! `youhui simulate` spent about a fifth of a cart on serde_json finding the
//! end of each of a cart's ~130 short strings and the plumbing around them.
//!
//! [`Plain`] is a serde [`Deserializer`] of a subset of JSON: strings without
//! a `\` escape, whole numbers from 0 to `u64::MAX`, `true`, `false`, `null`,
//! arrays and objects, with JSON's whitespace between them. It hands the
//! visitors of [`read_into`](super::cart_into::read_into) what serde_json's
//! deserializer hands them for the same text — the same `visit_*` method
//! with the same value — and for anything else (an escape, a control byte in
//! a string, a number with a sign, a fraction or an exponent, a value serde
//! would read another way, any mistake) it stops with [`Miss`], which says
//! nothing: the text is then read by serde_json as before, which names the
//! mistake if there is one. So what it reads is a cart serde_json reads the
//! same, and what it refuses costs one more reading. (Debug builds compare
//! every cart read into another with `Cart::from_json`'s; the tests and the
//! fuzz target `carts_jsonl` run them.)

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Why [`Plain`] stopped: nothing, as the text is read again by serde_json.
#[derive(Debug)]
pub(crate) struct Miss;

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not plain JSON")
    }
}

impl std::error::Error for Miss {}

impl de::Error for Miss {
    fn custom<T: fmt::Display>(_: T) -> Miss {
        Miss
    }
}

/// The deepest nesting read (a cart's is 3); deeper is left to serde_json.
const DEEPEST: u8 = 16;

/// A reader of plain JSON text (see the [module documentation](self)).
pub(crate) struct Plain<'de> {
    text: &'de str,
    at: usize,
    depth: u8,
}

impl<'de> Plain<'de> {
    pub(crate) fn new(text: &'de str) -> Plain<'de> {
        Plain {
            text,
            at: 0,
            depth: 0,
        }
    }

    /// The next byte that is not whitespace, not taken.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    /// Takes `b`, the next byte that is not whitespace.
    #[inline]
    fn take(&mut self, b: u8) -> Result<(), Miss> {
        if self.peek() == Some(b) {
            self.at += 1;
            Ok(())
        } else {
            Err(Miss)
        }
    }

    /// Whether only whitespace is left.
    pub(crate) fn end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// The string whose `"` is next: its text, without an escape or a control byte.
    #[inline]
    fn string(&mut self) -> Result<&'de str, Miss> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let mut end = start;
        // Eight bytes at a time: the lowest byte that is a `"`, a `\` or below
        // 0x20 sets its high bit (a higher one may be set by the borrow of a
        // lower match, never below the first).
        while let Some(eight) = bytes.get(end..end + 8) {
            let x = u64::from_le_bytes(<[u8; 8]>::try_from(eight).map_err(|_| Miss)?);
            let quote = x ^ (ONES * u64::from(b'"'));
            let backslash = x ^ (ONES * u64::from(b'\\'));
            let found = (quote.wrapping_sub(ONES) & !quote
                | backslash.wrapping_sub(ONES) & !backslash
                | x.wrapping_sub(ONES * 0x20) & !x)
                & HIGH;
            if found != 0 {
                end += (found.trailing_zeros() / 8) as usize;
                return self.closed(start, end);
            }
            end += 8;
        }
        while let Some(&b) = bytes.get(end) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            end += 1;
        }
        self.closed(start, end)
    }

    /// The string from `start` to `end`, if a `"` is at `end` (not a `\`,
    /// a control byte or the end of the text).
    #[inline]
    fn closed(&mut self, start: usize, end: usize) -> Result<&'de str, Miss> {
        if self.text.as_bytes().get(end) != Some(&b'"') {
            return Err(Miss);
        }
        self.at = end + 1;
        // Both ends are next to a `"`, so on a character's boundary.
        self.text.get(start..end).ok_or(Miss)
    }

    /// The whole number whose first digit is next: `0`, or a digit from 1 and
    /// more digits, not followed by a fraction or an exponent, within `u64`.
    #[inline]
    fn number(&mut self) -> Result<u64, Miss> {
        let bytes = self.text.as_bytes();
        let mut n: u64 = 0;
        let mut at = self.at;
        while let Some(&b) = bytes.get(at) {
            if !b.is_ascii_digit() {
                break;
            }
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(b - b'0')))
                .ok_or(Miss)?;
            at += 1;
        }
        // JSON has no leading zero; a fraction or an exponent is serde_json's.
        let leading_zero = bytes[self.at] == b'0' && at - self.at > 1;
        if leading_zero || matches!(bytes.get(at), Some(b'.' | b'e' | b'E')) {
            return Err(Miss);
        }
        self.at = at;
        Ok(n)
    }

    /// Takes the word `word` (`true`, `false` or `null`), whose first byte is next.
    fn word(&mut self, word: &str) -> Result<(), Miss> {
        match self.text.get(self.at..self.at + word.len()) {
            Some(w) if w == word => {
                self.at += word.len();
                Ok(())
            }
            _ => Err(Miss),
        }
    }

    /// Visits the array or the object whose `[` or `{` is next, and takes its
    /// `]` or `}`: the visitor must have read every element, as with serde_json.
    fn nested<V, F>(&mut self, close: u8, visit: F) -> Result<V, Miss>
    where
        F: FnOnce(&mut Plain<'de>) -> Result<V, Miss>,
    {
        if self.depth >= DEEPEST {
            return Err(Miss);
        }
        self.depth += 1;
        self.at += 1;
        let value = visit(self)?;
        self.take(close)?;
        self.depth -= 1;
        Ok(value)
    }
}

/// Every method serde_json would read another way than this reader can.
macro_rules! missed {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Miss> {
                Err(Miss)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for &mut Plain<'de> {
    type Error = Miss;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        match self.peek() {
            Some(b'"') => visitor.visit_borrowed_str(self.string()?),
            Some(b'0'..=b'9') => visitor.visit_u64(self.number()?),
            Some(b't') => {
                self.word("true")?;
                visitor.visit_bool(true)
            }
            Some(b'f') => {
                self.word("false")?;
                visitor.visit_bool(false)
            }
            Some(b'n') => {
                self.word("null")?;
                visitor.visit_unit()
            }
            Some(b'[') => self.deserialize_seq(visitor),
            Some(b'{') => self.deserialize_map(visitor),
            _ => Err(Miss),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        match self.peek() {
            Some(b't' | b'f') => self.deserialize_any(visitor),
            _ => Err(Miss),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        match self.peek() {
            Some(b'0'..=b'9') => visitor.visit_u64(self.number()?),
            _ => Err(Miss),
        }
    }

    // serde_json hands every whole number from 0 up to `visit_u64`, whatever
    // the type asked for.
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        match self.peek() {
            Some(b'"') => visitor.visit_borrowed_str(self.string()?),
            _ => Err(Miss),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        match self.peek() {
            Some(b'n') => {
                self.word("null")?;
                visitor.visit_none()
            }
            Some(_) => visitor.visit_some(self),
            None => Err(Miss),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        match self.peek() {
            Some(b'n') => {
                self.word("null")?;
                visitor.visit_unit()
            }
            _ => Err(Miss),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Miss> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Miss> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        match self.peek() {
            Some(b'[') => self.nested(b']', |p| {
                visitor.visit_seq(Elements {
                    plain: p,
                    first: true,
                })
            }),
            _ => Err(Miss),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        match self.peek() {
            Some(b'{') => self.nested(b'}', |p| {
                visitor.visit_map(Entries {
                    plain: p,
                    first: true,
                })
            }),
            _ => Err(Miss),
        }
    }

    /// From an object only (serde_json would read an array by position: left to it).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Miss> {
        self.deserialize_map(visitor)
    }

    /// A unit variant written as a string, as serde_json reads it (one
    /// written as an object is left to it).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Miss> {
        match self.peek() {
            Some(b'"') => {
                let name = self.string()?;
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<Miss>::new(name))
            }
            _ => Err(Miss),
        }
    }

    missed! {
        deserialize_i128 deserialize_u128 deserialize_f32 deserialize_f64
        deserialize_char deserialize_bytes deserialize_byte_buf deserialize_ignored_any
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Miss> {
        Err(Miss)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Miss> {
        Err(Miss)
    }
}

/// The elements of an array, its `[` taken.
struct Elements<'p, 'de> {
    plain: &'p mut Plain<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Miss;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Miss> {
        match self.plain.peek() {
            Some(b']') => return Ok(None),
            Some(b',') if !self.first => self.plain.at += 1,
            Some(_) if self.first => self.first = false,
            _ => return Err(Miss),
        }
        seed.deserialize(&mut *self.plain).map(Some)
    }
}

/// The entries of an object, its `{` taken.
struct Entries<'p, 'de> {
    plain: &'p mut Plain<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Miss;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Miss> {
        match self.plain.peek() {
            Some(b'}') => return Ok(None),
            Some(b',') if !self.first => self.plain.at += 1,
            Some(_) if self.first => self.first = false,
            _ => return Err(Miss),
        }
        if self.plain.peek() != Some(b'"') {
            return Err(Miss);
        }
        let key = self.plain.string()?;
        seed.deserialize(Key(key)).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Miss> {
        self.plain.take(b':')?;
        seed.deserialize(&mut *self.plain)
    }
}

/// An object's key, read as a string only (serde_json would read a number
/// or a `bool` from a key's text: left to it).
struct Key<'de>(&'de str);

impl<'de> Deserializer<'de> for Key<'de> {
    type Error = Miss;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Miss> {
        visitor.visit_borrowed_str(self.0)
    }

    missed! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq
        deserialize_map deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Miss> {
        Err(Miss)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Miss> {
        Err(Miss)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Miss> {
        Err(Miss)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Miss> {
        Err(Miss)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Miss> {
        Err(Miss)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Miss> {
        Err(Miss)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string a byte at a time: up to the first `"`, if no `\` or control byte is before it.
    fn by_byte(text: &str) -> Option<&str> {
        let body = &text[1..];
        let end = body.find(|c: char| c == '"' || c == '\\' || c < ' ')?;
        (body.as_bytes()[end] == b'"').then(|| &body[..end])
    }

    #[test]
    fn a_string_ends_at_its_first_quote_read_eight_bytes_at_a_time() {
        // Fillers around every kind of byte the scan looks for, at every place
        // of the first eight-byte word and past it, with a second stop after.
        let fillers = [
            "a", " ", "~", "\u{7f}", "\u{e9}", "\u{8336}", "!", "#", "[", "]",
        ];
        let stops = ["\"", "\\", "\u{0}", "\u{1f}", "\n"];
        for filler in fillers {
            for len in 0..20 {
                for stop in stops {
                    for then in stops {
                        let text =
                            format!("\"{}{stop}{}{then}x", filler.repeat(len), filler.repeat(3));
                        let mut plain = Plain::new(&text);
                        let read = plain.string().ok();
                        assert_eq!(read, by_byte(&text), "{text:?}");
                        if let Some(s) = read {
                            assert_eq!(plain.at, s.len() + 2, "{text:?}");
                        }
                    }
                }
                // The text ends before its string does.
                let text = format!("\"{}", filler.repeat(len));
                assert_eq!(Plain::new(&text).string().ok(), None, "{text:?}");
            }
        }
    }

    #[test]
    fn whole_numbers_only_within_u64() {
        for (text, number) in [
            ("0", Some(0)),
            ("7,", Some(7)),
            ("100000}", Some(100_000)),
            ("18446744073709551615", Some(u64::MAX)),
            ("18446744073709551616", None),
            ("01", None),
            ("00", None),
            ("1.5", None),
            ("1e3", None),
            ("2E3", None),
        ] {
            assert_eq!(Plain::new(text).number().ok(), number, "{text}");
        }
    }
}
