//! Reading the files strictly (reference: [Input that is refused](crate::_documentation::reference#input-that-is-refused)): nothing outside the
//! contract is accepted by accident.
//!
//! serde, left to itself, reads a struct from a JSON array (its fields by
//! position), reads `null` as an absent optional field, and lets the last of
//! two equal keys of a map win. [`Strict`] wraps a deserializer and every
//! deserializer beneath it so that:
//!
//! - a struct is read from a JSON object only;
//! - `null` is refused for an optional field (leave the field out instead);
//! - a key may appear once in a map (structs already refuse a repeated field).
//!
//! [`Rules`](crate::Rules), [`Cart`](crate::Cart) and
//! [`Facts`](crate::Facts) wrap their deserializer in it, so
//! `serde_json::from_str` is as strict as `Rules::from_json`.

use std::collections::HashSet;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use crate::error::{raise, JsonError};

/// A deserializer read strictly (see the module docs).
pub(crate) struct Strict<D>(pub(crate) D);

/// What a visitor of [`Strict`] checks besides what it forwards.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Any value.
    Value,
    /// A struct: a JSON object.
    Object,
    /// An optional field: anything but `null`.
    Present,
}

/// Wraps a visitor so that what it visits is read strictly too.
struct Wrap<V> {
    inner: V,
    mode: Mode,
}

impl<V> Wrap<V> {
    fn new(inner: V) -> Wrap<V> {
        Wrap {
            inner,
            mode: Mode::Value,
        }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.0.$method(Wrap::new(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_seq deserialize_map deserialize_identifier
        deserialize_ignored_any
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_option(Wrap {
            inner: visitor,
            mode: Mode::Present,
        })
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap::new(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap::new(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap::new(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_tuple_struct(name, len, Wrap::new(visitor))
    }

    /// A struct is read as a map: a JSON array is refused, not read by position.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap {
            inner: visitor,
            mode: Mode::Object,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap::new(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty))*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.inner.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mode {
            Mode::Object => f.write_str("a JSON object ({ … })"),
            _ => self.inner.expecting(f),
        }
    }

    forward_visit! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64)
        visit_i128(i128) visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64)
        visit_u128(u128) visit_f32(f32) visit_f64(f64) visit_char(char) visit_str(&str)
        visit_borrowed_str(&'de str) visit_string(String) visit_bytes(&[u8])
        visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        if self.mode == Mode::Present {
            return Err(raise(JsonError::Null));
        }
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        if self.mode == Mode::Present {
            return Err(raise(JsonError::Null));
        }
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Strict(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Strict(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(Seq(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        // A struct's derived visitor already refuses a repeated field.
        let keys = (self.mode != Mode::Object).then(Keys::new);
        self.inner.visit_map(Map { inner: map, keys })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(Enum(data))
    }
}

/// Wraps a seed so that the value it reads is read strictly.
pub(crate) struct Seed<S>(pub(crate) S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

struct Seq<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// How many keys of a map [`Keys`] keeps without copying them.
const FEW: usize = 16;

/// The keys of one map read so far. The first [`FEW`] that borrow from the
/// text are kept as they are, without a copy (a cart's maps have a key per
/// shop or per promotion: a map read costs no allocation); a key the reader
/// had to unescape, or any past the first few, is copied into a set.
struct Keys<'de> {
    few: [&'de str; FEW],
    len: usize,
    many: Option<HashSet<Box<str>>>,
}

impl<'de> Keys<'de> {
    fn new() -> Keys<'de> {
        Keys {
            few: [""; FEW],
            len: 0,
            many: None,
        }
    }

    fn seen(&self, key: &str) -> bool {
        self.few[..self.len].contains(&key) || self.many.as_ref().is_some_and(|m| m.contains(key))
    }

    /// False when `key`, borrowed from the text, was read before.
    fn insert_borrowed(&mut self, key: &'de str) -> bool {
        if self.seen(key) {
            return false;
        }
        match self.few.get_mut(self.len) {
            Some(slot) => {
                *slot = key;
                self.len += 1;
            }
            None => {
                self.many
                    .get_or_insert_with(HashSet::new)
                    .insert(key.into());
            }
        }
        true
    }

    /// False when `key`, which lives only while it is read, was read before.
    fn insert(&mut self, key: &str) -> bool {
        if self.seen(key) {
            return false;
        }
        self.many
            .get_or_insert_with(HashSet::new)
            .insert(key.into());
        true
    }
}

struct Map<'de, A> {
    inner: A,
    keys: Option<Keys<'de>>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match &mut self.keys {
            Some(keys) => self.inner.next_key_seed(KeySeed { seed, keys }),
            None => self.inner.next_key_seed(Seed(seed)),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.inner.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// Reads a map key, refusing one read before.
struct KeySeed<'k, 'de, S> {
    seed: S,
    keys: &'k mut Keys<'de>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(KeyDe {
            inner: d,
            keys: self.keys,
        })
    }
}

/// The deserializer of one map key: it notes the key as the key's visitor reads it.
struct KeyDe<'k, 'de, D> {
    inner: D,
    keys: &'k mut Keys<'de>,
}

macro_rules! forward_key {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.inner.$method(KeyVisitor { inner: visitor, keys: self.keys })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDe<'_, 'de, D> {
    type Error = D::Error;

    forward_key! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = KeyVisitor {
            inner: visitor,
            keys: self.keys,
        };
        self.inner.deserialize_unit_struct(name, v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = KeyVisitor {
            inner: visitor,
            keys: self.keys,
        };
        self.inner.deserialize_newtype_struct(name, v)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = KeyVisitor {
            inner: visitor,
            keys: self.keys,
        };
        self.inner.deserialize_tuple(len, v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = KeyVisitor {
            inner: visitor,
            keys: self.keys,
        };
        self.inner.deserialize_tuple_struct(name, len, v)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = KeyVisitor {
            inner: visitor,
            keys: self.keys,
        };
        self.inner.deserialize_struct(name, fields, v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = KeyVisitor {
            inner: visitor,
            keys: self.keys,
        };
        self.inner.deserialize_enum(name, variants, v)
    }
}

struct KeyVisitor<'k, 'de, V> {
    inner: V,
    keys: &'k mut Keys<'de>,
}

/// The error of a key read twice.
fn twice<E: de::Error>(key: &str) -> E {
    raise(JsonError::KeyTwice(key.to_string()))
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        if !self.keys.insert(v) {
            return Err(twice(v));
        }
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        if !self.keys.insert_borrowed(v) {
            return Err(twice(v));
        }
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        if !self.keys.insert(&v) {
            return Err(twice(&v));
        }
        self.inner.visit_string(v)
    }

    forward_visit! {
        visit_bool(bool) visit_i64(i64) visit_u64(u64) visit_f64(f64)
    }
}

struct Enum<A>(A);

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(Seed(seed))
            .map(|(v, access)| (v, Variant(access)))
    }
}

struct Variant<A>(A);

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap::new(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(
            fields,
            Wrap {
                inner: visitor,
                mode: Mode::Object,
            },
        )
    }
}

/// Whole numbers (quantities, tiers, order counts) with a message a person can read
/// when the JSON holds something else, instead of serde's "expected u32".
pub(crate) mod whole {
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
    const DAYS: &str = "three whole numbers of days, like [90, 180, 270]";
    const NTH: &str = "a whole number of units from 2 to 100";
    const TIER: &str = "a whole, non-negative member tier";
    const ORDERS: &str = "a whole, non-negative number of orders";
    const COUNT: &str = "a whole, non-negative count";

    /// A line's `quantity`: from 1 to 100000, refused on reading in the
    /// words the engine uses for a cart built in Rust (above 100000, a limit).
    pub(crate) fn line_quantity<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        struct Q;
        fn check<E: serde::de::Error>(quantity: i128) -> Result<u32, E> {
            match u32::try_from(quantity) {
                Ok(q) if (1..=crate::limits::MAX_QUANTITY).contains(&q) => Ok(q),
                _ => Err(crate::error::raise(crate::error::CartError::Quantity {
                    quantity,
                })),
            }
        }
        impl serde::de::Visitor<'_> for Q {
            type Value = u32;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(UNITS)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u32, E> {
                check(v.into())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u32, E> {
                check(v.into())
            }
        }
        d.deserialize_u64(Q)
    }

    /// `settings.points.unit`: a whole number (its range, 1 to 10000, is
    /// checked with the rules).
    pub(crate) fn points_unit<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        whole(d, "a whole number of points from 1 to 10000")
    }

    /// `customer.points`: a whole number of points, at most 10^12 (above
    /// it, a limit).
    pub(crate) fn points_balance<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        let points: u64 = whole(d, "a whole, non-negative number of points")?;
        if points > crate::limits::MAX_POINTS {
            return Err(crate::error::raise(
                crate::error::CartError::PointsBalance { points },
            ));
        }
        Ok(Some(points))
    }

    pub(crate) fn units<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        whole(d, UNITS)
    }

    pub(crate) fn units_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        whole(d, UNITS).map(Some)
    }

    /// `nth.n` of 第N件X折: a whole number (its range is the compiler's).
    pub(crate) fn nth<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        whole(d, NTH)
    }

    pub(crate) fn tier_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        whole(d, TIER).map(Some)
    }

    pub(crate) fn orders_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        whole(d, ORDERS).map(Some)
    }

    /// A field of `limits` (its range is checked with the rule).
    pub(crate) fn count_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        whole(d, COUNT).map(Some)
    }

    /// One count of [`counts`].
    pub(crate) fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        whole(d, COUNT)
    }

    /// A map of use counts by promotion id (`customer.uses`, `customer.units`,
    /// `uses`; their range is checked with the cart).
    pub(crate) fn counts<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<std::collections::BTreeMap<String, u64>, D::Error> {
        struct Count(u64);
        impl<'de> serde::Deserialize<'de> for Count {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
                count(d).map(Count)
            }
        }
        let m: std::collections::BTreeMap<String, Count> = serde::Deserialize::deserialize(d)?;
        Ok(m.into_iter().map(|(k, v)| (k, v.0)).collect())
    }

    /// `settings.lifecycle_days`: exactly three whole numbers.
    pub(crate) fn lifecycle_days<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<[u32; 3]>, D::Error> {
        struct Day(u32);
        impl<'de> serde::Deserialize<'de> for Day {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
                whole(d, DAYS).map(Day)
            }
        }
        let v: Vec<Day> = serde::Deserialize::deserialize(d)?;
        match v.as_slice() {
            [a, b, c] => Ok(Some([a.0, b.0, c.0])),
            _ => Err(serde::de::Error::invalid_length(v.len(), &DAYS)),
        }
    }

    /// One shop's count of [`orders`].
    pub(crate) fn order_count<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        whole(d, ORDERS)
    }

    pub(crate) fn orders<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<std::collections::BTreeMap<String, u64>, D::Error> {
        struct Orders(u64);
        impl<'de> serde::Deserialize<'de> for Orders {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Orders, D::Error> {
                order_count(d).map(Orders)
            }
        }
        let m: std::collections::BTreeMap<String, Orders> = serde::Deserialize::deserialize(d)?;
        Ok(m.into_iter().map(|(k, v)| (k, v.0)).collect())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::Strict;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Line {
        id: String,
        #[serde(default)]
        qty: Option<u32>,
        #[serde(default)]
        fees: BTreeMap<String, u32>,
    }

    fn read<'a, T: Deserialize<'a>>(json: &'a str) -> Result<T, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        T::deserialize(Strict(&mut de)).map_err(|e| e.to_string())
    }

    #[test]
    fn objects_only() {
        assert_eq!(
            read::<Line>(r#"{"id":"a","qty":2}"#),
            Ok(Line {
                id: "a".into(),
                qty: Some(2),
                fees: BTreeMap::new()
            })
        );
        let e = read::<Line>(r#"["a", 2]"#).unwrap_err();
        assert!(
            e.starts_with("invalid type: sequence, expected a JSON object"),
            "{e}"
        );
        let e = read::<Vec<Line>>(r#"[{"id":"a"},["b"]]"#).unwrap_err();
        assert!(
            e.starts_with("invalid type: sequence, expected a JSON object"),
            "{e}"
        );
    }

    #[test]
    fn null_is_refused_for_an_optional_field() {
        let e = read::<Line>(r#"{"id":"a","qty":null}"#).unwrap_err();
        assert!(e.starts_with("null is not a value here"), "{e}");
        assert!(read::<Line>(r#"{"id":"a"}"#).is_ok());
    }

    #[test]
    fn a_key_may_appear_once() {
        let e = read::<Line>(r#"{"id":"a","fees":{"x":1,"x":2}}"#).unwrap_err();
        assert!(e.starts_with("the key \"x\" appears twice"), "{e}");
        let e = read::<Line>(r#"{"id":"a","id":"b"}"#).unwrap_err();
        assert!(e.starts_with("duplicate field `id`"), "{e}");
        // Past 16 keys the keys are hashed; a repeat is still found.
        let many: Vec<String> = (0..40).map(|k| format!("\"k{k}\":1")).collect();
        let json = format!(r#"{{"id":"a","fees":{{{},"k7":2}}}}"#, many.join(","));
        assert!(read::<Line>(&json)
            .unwrap_err()
            .contains("\"k7\" appears twice"));
        let json = format!(r#"{{"id":"a","fees":{{{},"k30":2}}}}"#, many.join(","));
        assert!(read::<Line>(&json)
            .unwrap_err()
            .contains("\"k30\" appears twice"));
        let json = format!(r#"{{"id":"a","fees":{{{}}}}}"#, many.join(","));
        assert_eq!(read::<Line>(&json).unwrap().fees.len(), 40);
    }

    #[test]
    fn a_key_written_with_an_escape_is_the_same_key() {
        // The reader unescapes `\u0078` into a key of its own buffer, not the
        // text's: it is compared with the keys kept from the text, and those
        // after it with it.
        for fees in [
            r#"{"x":1,"\u0078":2}"#,
            r#"{"\u0078":1,"x":2}"#,
            r#"{"\u0078":1,"\u0078":2}"#,
        ] {
            let e = read::<Line>(&format!(r#"{{"id":"a","fees":{fees}}}"#)).unwrap_err();
            assert!(e.starts_with("the key \"x\" appears twice"), "{fees}: {e}");
        }
        let line = read::<Line>(r#"{"id":"a","fees":{"\u0078":1,"y":2}}"#).unwrap();
        assert_eq!(line.fees.len(), 2);
    }
}
