//! A cart read into the cart of the line before (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)):
//! `youhui simulate` reads a cart per line, and most of the cost of reading
//! one was allocating its strings and vectors again.
//!
//! [`read_into`] reads a cart file with serde and serde_json, strictly
//! (as [`Strict`](super::de::Strict) reads), as [`Cart::from_json`] does, but into a cart kept across
//! lines: a line's `id`, `shop`, `sku` and `category`, the list of lines and
//! the held coupons are written into the strings and vectors already there.
//! Its visitors are written by hand only to say *where* each value goes; the
//! JSON, the amounts and the timestamps are read by the same deserializers as
//! everywhere else. A text it cannot read — a mistake of any kind — it leaves
//! to [`Cart::from_json`], which reads it again and names the mistake; so it
//! never accepts what `Cart::from_json` refuses, and debug builds check that
//! both read every text to the same cart (the tests and the fuzz target
//! `carts_jsonl` run them).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::cart::{Cart, CouponSelection, Customer, Line};
use super::de::Seed;
use super::{from_json_checks, time};
use crate::error::File;
use crate::money::Amount;

/// An empty cart, for [`read_into`] to fill.
pub(crate) fn empty_cart() -> Cart {
    Cart {
        now: jiff::Timestamp::UNIX_EPOCH,
        customer: Customer::default(),
        lines: Vec::new(),
        shipping: BTreeMap::new(),
        coupons: Vec::new(),
        coupon_selection: CouponSelection::Best,
        use_rebate: true,
        uses: BTreeMap::new(),
        use_points: false,
    }
}

impl Cart {
    /// [`Cart::from_json`] into `self`, reusing its strings and vectors
    /// (`youhui simulate` reads a cart per line into one).
    pub(crate) fn read_json(&mut self, json: &str) -> Result<(), crate::Error> {
        if read_into(json, self) {
            debug_assert_eq!(
                super::from_json::<Cart>(json, File::Cart).ok().as_ref(),
                Some(&*self),
                "a cart read into another and a cart read anew are the same for {json:?}"
            );
            return Ok(());
        }
        *self = super::from_json(json, File::Cart)?;
        Ok(())
    }
}

/// Reads the cart file `json` into `cart` and says whether it could; when it
/// could not, `cart` holds anything and the text must be read by
/// [`Cart::from_json`], which names the mistake.
pub(crate) fn read_into(json: &str, cart: &mut Cart) -> bool {
    // As `Cart::from_json`: a byte order mark ignored, the size bounded, an object.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if from_json_checks(json, File::Cart).is_err() {
        return false;
    }
    let mut d = serde_json::Deserializer::from_str(json);
    // serde_json's deserializer itself, not `Strict`'s: these visitors are
    // already strict (see `In`); what they hand to another reader is read
    // through `Seed`, strictly.
    let read = In(cart).deserialize(&mut d).is_ok() && d.end().is_ok();
    if !read {
        // A visitor may have raised a typed error for `Cart::from_json` to name.
        crate::error::forget_raised();
    }
    read
}

/// The timestamp `now`, read as the cart's own field is.
#[derive(Deserialize)]
#[serde(transparent)]
struct Now(#[serde(with = "time")] jiff::Timestamp);

/// A line's quantity, read as the line's own field is.
#[derive(Deserialize)]
#[serde(transparent)]
struct Quantity(#[serde(deserialize_with = "super::de::whole::line_quantity")] u32);

/// A count of `uses` or `units`, read as the cart's and the customer's own are.
#[derive(Deserialize)]
#[serde(transparent)]
struct Count(#[serde(deserialize_with = "super::de::whole::count")] u64);

impl From<Count> for u64 {
    fn from(count: Count) -> u64 {
        count.0
    }
}

/// A shop's count of the customer's earlier `orders`, read as the customer's own is.
#[derive(Deserialize)]
#[serde(transparent)]
struct Orders(#[serde(deserialize_with = "super::de::whole::order_count")] u64);

impl From<Orders> for u64 {
    fn from(orders: Orders) -> u64 {
        orders.0
    }
}

/// The customer's `member_tier`, read as the customer's own field is.
#[derive(Deserialize)]
#[serde(transparent)]
struct Tier(#[serde(deserialize_with = "super::de::whole::tier_opt")] Option<u32>);

/// The customer's `points`, read as the customer's own field is.
#[derive(Deserialize)]
#[serde(transparent)]
struct Points(#[serde(deserialize_with = "super::de::whole::points_balance")] Option<u64>);

/// The customer's `last_order_at`, read as the customer's own field is.
#[derive(Deserialize)]
#[serde(transparent)]
struct LastOrder(#[serde(deserialize_with = "time::option::deserialize")] Option<jiff::Timestamp>);

/// The fields of a cart, as the cart's derived reader names them.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum CartField {
    Now,
    Customer,
    Lines,
    Shipping,
    Coupons,
    CouponSelection,
    UseRebate,
    Uses,
    UsePoints,
}

/// The fields of a line.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum LineField {
    Id,
    Shop,
    Sku,
    Category,
    UnitPrice,
    Quantity,
}

/// The fields of the customer.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum CustomerField {
    Id,
    MemberTier,
    Segment,
    LastOrderAt,
    Birthday,
    Orders,
    RebateBalances,
    Uses,
    Units,
    Points,
}

const CUSTOMER_FIELDS: &[&str] = &[
    "id",
    "member_tier",
    "segment",
    "last_order_at",
    "birthday",
    "orders",
    "rebate_balances",
    "uses",
    "units",
    "points",
];

const CART_FIELDS: &[&str] = &[
    "now",
    "customer",
    "lines",
    "shipping",
    "coupons",
    "coupon_selection",
    "use_rebate",
    "uses",
    "use_points",
];

const LINE_FIELDS: &[&str] = &["id", "shop", "sku", "category", "unit_price", "quantity"];

/// Marks field `bit` as read; a field read twice is a mistake.
fn once<E: de::Error>(seen: &mut u16, bit: u16, field: &'static str) -> Result<(), E> {
    if *seen & bit != 0 {
        return Err(E::duplicate_field(field));
    }
    *seen |= bit;
    Ok(())
}

/// Reads a value into the one it holds (the cart, a line, the customer, a
/// string), reusing what it owns.
///
/// Its visitors read serde_json's deserializer directly, not through
/// [`Strict`](super::de::Strict)'s layers (a cart's ~75 keys and ~90 values
/// paid for them), and are as strict by
/// themselves: a struct is read from an object only (they have no
/// `visit_seq`), `null` is no value of theirs (no `visit_none` or
/// `visit_unit`; the customer's numbers, times and maps are read by
/// `deserialize_u64`, `deserialize_str` and [`InMap`], none of which takes a
/// `null`), a field is read once ([`once`]). What they hand to another reader
/// — a new line, the coupon selection — goes through [`Seed`], strictly
/// ([`InMap`] is strict by itself too).
struct In<'c, T>(&'c mut T);

impl<'de> DeserializeSeed<'de> for In<'_, Cart> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_struct("Cart", CART_FIELDS, self)
    }
}

impl<'de> Visitor<'de> for In<'_, Cart> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a cart")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let cart = self.0;
        let mut seen = 0u16;
        while let Some(field) = map.next_key::<CartField>()? {
            match field {
                CartField::Now => {
                    once(&mut seen, 1, "now")?;
                    cart.now = map.next_value::<Now>()?.0;
                }
                CartField::Customer => {
                    once(&mut seen, 2, "customer")?;
                    map.next_value_seed(In(&mut cart.customer))?;
                }
                CartField::Lines => {
                    once(&mut seen, 4, "lines")?;
                    map.next_value_seed(List(&mut cart.lines))?;
                }
                CartField::Shipping => {
                    once(&mut seen, 8, "shipping")?;
                    map.next_value_seed(InMap::<Amount, Amount>::new(&mut cart.shipping))?;
                }
                CartField::Coupons => {
                    once(&mut seen, 16, "coupons")?;
                    map.next_value_seed(List(&mut cart.coupons))?;
                }
                CartField::CouponSelection => {
                    once(&mut seen, 32, "coupon_selection")?;
                    cart.coupon_selection = map.next_value_seed(Seed(PhantomData))?;
                }
                CartField::UseRebate => {
                    once(&mut seen, 64, "use_rebate")?;
                    cart.use_rebate = map.next_value()?;
                }
                CartField::Uses => {
                    once(&mut seen, 128, "uses")?;
                    map.next_value_seed(InMap::<u64, Count>::new(&mut cart.uses))?;
                }
                CartField::UsePoints => {
                    once(&mut seen, 256, "use_points")?;
                    cart.use_points = map.next_value()?;
                }
            }
        }
        if seen & 1 == 0 {
            return Err(de::Error::missing_field("now"));
        }
        if seen & 4 == 0 {
            return Err(de::Error::missing_field("lines"));
        }
        // The fields left out take their defaults, as `Cart::from_json` gives them.
        if seen & 2 == 0 {
            cart.customer = Customer::default();
        }
        if seen & 8 == 0 {
            cart.shipping.clear();
        }
        if seen & 16 == 0 {
            cart.coupons.clear();
        }
        if seen & 32 == 0 {
            cart.coupon_selection = CouponSelection::default();
        }
        if seen & 64 == 0 {
            cart.use_rebate = true;
        }
        if seen & 128 == 0 {
            cart.uses.clear();
        }
        if seen & 256 == 0 {
            cart.use_points = false;
        }
        Ok(())
    }
}

/// Reads a list into the list it holds: the elements already there are read
/// into ([`In`]), reusing what they own; the others are read anew; the list
/// is left as long as the text's.
struct List<'c, T>(&'c mut Vec<T>);

impl<'de, T> DeserializeSeed<'de> for List<'_, T>
where
    T: Deserialize<'de>,
    for<'x> In<'x, T>: DeserializeSeed<'de, Value = ()>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T> Visitor<'de> for List<'_, T>
where
    T: Deserialize<'de>,
    for<'x> In<'x, T>: DeserializeSeed<'de, Value = ()>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let list = self.0;
        let mut n = 0;
        loop {
            let more = match list.get_mut(n) {
                Some(kept) => seq.next_element_seed(In(kept))?.is_some(),
                None => match seq.next_element_seed(Seed(PhantomData::<T>))? {
                    Some(new) => {
                        list.push(new);
                        true
                    }
                    None => false,
                },
            };
            if !more {
                break;
            }
            n += 1;
        }
        list.truncate(n);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for In<'_, Line> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_struct("Line", LINE_FIELDS, self)
    }
}

impl<'de> Visitor<'de> for In<'_, Line> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a cart line")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let line = self.0;
        let mut seen = 0u16;
        while let Some(field) = map.next_key::<LineField>()? {
            match field {
                LineField::Id => {
                    once(&mut seen, 1, "id")?;
                    map.next_value_seed(In(&mut line.id))?;
                }
                LineField::Shop => {
                    once(&mut seen, 2, "shop")?;
                    map.next_value_seed(In(&mut line.shop))?;
                }
                LineField::Sku => {
                    once(&mut seen, 4, "sku")?;
                    map.next_value_seed(In(&mut line.sku))?;
                }
                LineField::Category => {
                    once(&mut seen, 8, "category")?;
                    let category = line.category.get_or_insert_with(String::new);
                    map.next_value_seed(In(category))?;
                }
                LineField::UnitPrice => {
                    once(&mut seen, 16, "unit_price")?;
                    line.unit_price = map.next_value()?;
                }
                LineField::Quantity => {
                    once(&mut seen, 32, "quantity")?;
                    line.quantity = map.next_value::<Quantity>()?.0;
                }
            }
        }
        // Every field but the category read: one test (the field left out is
        // looked for only when one is).
        const REQUIRED: u16 = 1 | 2 | 4 | 16 | 32;
        if seen & REQUIRED != REQUIRED {
            let fields = [
                (1, "id"),
                (2, "shop"),
                (4, "sku"),
                (16, "unit_price"),
                (32, "quantity"),
            ];
            let missing = fields.into_iter().find(|&(bit, _)| seen & bit == 0);
            return Err(de::Error::missing_field(missing.map_or("id", |m| m.1)));
        }
        if seen & 8 == 0 {
            line.category = None;
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for In<'_, Customer> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_struct("Customer", CUSTOMER_FIELDS, self)
    }
}

impl<'de> Visitor<'de> for In<'_, Customer> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a customer")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let customer = self.0;
        let mut seen = 0u16;
        while let Some(field) = map.next_key::<CustomerField>()? {
            match field {
                CustomerField::Id => {
                    once(&mut seen, 1, "id")?;
                    let id = customer.id.get_or_insert_with(String::new);
                    map.next_value_seed(In(id))?;
                }
                CustomerField::MemberTier => {
                    once(&mut seen, 2, "member_tier")?;
                    customer.member_tier = map.next_value::<Tier>()?.0;
                }
                CustomerField::Segment => {
                    once(&mut seen, 4, "segment")?;
                    let segment = customer.segment.get_or_insert_with(String::new);
                    map.next_value_seed(In(segment))?;
                }
                CustomerField::LastOrderAt => {
                    once(&mut seen, 8, "last_order_at")?;
                    customer.last_order_at = map.next_value::<LastOrder>()?.0;
                }
                CustomerField::Birthday => {
                    once(&mut seen, 16, "birthday")?;
                    let birthday = customer.birthday.get_or_insert_with(String::new);
                    map.next_value_seed(In(birthday))?;
                }
                CustomerField::Orders => {
                    once(&mut seen, 32, "orders")?;
                    map.next_value_seed(InMap::<u64, Orders>::new(&mut customer.orders))?;
                }
                CustomerField::RebateBalances => {
                    once(&mut seen, 64, "rebate_balances")?;
                    let balances = &mut customer.rebate_balances;
                    map.next_value_seed(InMap::<Amount, Amount>::new(balances))?;
                }
                CustomerField::Uses => {
                    once(&mut seen, 128, "uses")?;
                    map.next_value_seed(InMap::<u64, Count>::new(&mut customer.uses))?;
                }
                CustomerField::Units => {
                    once(&mut seen, 256, "units")?;
                    map.next_value_seed(InMap::<u64, Count>::new(&mut customer.units))?;
                }
                CustomerField::Points => {
                    once(&mut seen, 512, "points")?;
                    customer.points = map.next_value::<Points>()?.0;
                }
            }
        }
        // The fields left out take their defaults, as `Cart::from_json` gives them.
        if seen & 1 == 0 {
            customer.id = None;
        }
        if seen & 2 == 0 {
            customer.member_tier = None;
        }
        if seen & 4 == 0 {
            customer.segment = None;
        }
        if seen & 8 == 0 {
            customer.last_order_at = None;
        }
        if seen & 16 == 0 {
            customer.birthday = None;
        }
        if seen & 32 == 0 {
            customer.orders.clear();
        }
        if seen & 64 == 0 {
            customer.rebate_balances.clear();
        }
        if seen & 128 == 0 {
            customer.uses.clear();
        }
        if seen & 256 == 0 {
            customer.units.clear();
        }
        if seen & 512 == 0 {
            customer.points = None;
        }
        Ok(())
    }
}

/// Reads a map of names into the map it holds, each value as `R` reads it:
/// the names the map holds already keep their strings (and the map its
/// nodes), the text's others are added, and those the text leaves out are
/// removed. (A cart's maps name its shops or promotions: from one line to
/// the next, mostly the same.)
struct InMap<'c, V, R>(&'c mut BTreeMap<String, V>, PhantomData<R>);

impl<'c, V, R> InMap<'c, V, R> {
    /// Which of the map's names the text lists is kept as a bit of a `u64`
    /// by rank: a longer map is read anew.
    const TRACKED: usize = 64;

    fn new(map: &'c mut BTreeMap<String, V>) -> InMap<'c, V, R> {
        InMap(map, PhantomData)
    }
}

impl<'de, V, R: Deserialize<'de> + Into<V>> DeserializeSeed<'de> for InMap<'_, V, R> {
    type Value = ();

    /// Read as a struct is: under [`Strict`](super::de::Strict), an object
    /// whose names it does not keep track of, as this visitor refuses a name
    /// twice by itself (the rank it found, or the map's length after the
    /// new names). A JSON array it refuses as it has no `visit_seq`.
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_struct("map", &[], self)
    }
}

impl<'de, V, R: Deserialize<'de> + Into<V>> Visitor<'de> for InMap<'_, V, R> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let kept = self.0;
        if kept.len() > Self::TRACKED {
            kept.clear();
        }
        // Bit r: the text lists the map's r-th name.
        let mut listed = 0u64;
        let mut added = Vec::new();
        while let Some(name) = map.next_key_seed(Find(&mut *kept))? {
            let value = map.next_value::<R>()?.into();
            match name {
                Found::Kept(rank, kept) => {
                    if listed >> rank & 1 == 1 {
                        return Err(de::Error::custom("a name twice"));
                    }
                    listed |= 1 << rank;
                    *kept = value;
                }
                Found::New(name) => added.push((name, value)),
            }
        }
        if listed.count_ones() as usize != kept.len() {
            let mut rank = 0;
            kept.retain(|_, _| {
                let listed = listed >> rank & 1 == 1;
                rank += 1;
                listed
            });
        }
        // A new name is none of the map's: the map grows by each, unless
        // one is twice in the text.
        let len = kept.len() + added.len();
        kept.extend(added);
        if kept.len() != len {
            return Err(de::Error::custom("a name twice"));
        }
        Ok(())
    }
}

/// A name of a map's text: the rank of the map's own and its value (found
/// in one pass, written once the text's value is read), or a new name.
enum Found<'c, V> {
    Kept(usize, &'c mut V),
    New(String),
}

/// Reads a name of a map's text and finds it among the map's.
struct Find<'c, V>(&'c mut BTreeMap<String, V>);

impl<'de, 'c, V> DeserializeSeed<'de> for Find<'c, V> {
    type Value = Found<'c, V>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Found<'c, V>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'c, V> Visitor<'de> for Find<'c, V> {
    type Value = Found<'c, V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Found<'c, V>, E> {
        Ok(
            match self.0.iter_mut().enumerate().find(|(_, (k, _))| *k == s) {
                Some((rank, (_, v))) => Found::Kept(rank, v),
                None => Found::New(s.to_owned()),
            },
        )
    }
}

impl<'de> DeserializeSeed<'de> for In<'_, String> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for In<'_, String> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        self.0.clear();
        self.0.push_str(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde(json: &str) -> Option<Cart> {
        super::super::from_json::<Cart>(json, File::Cart).ok()
    }

    /// Reads `json` into the cart `before` read.
    fn kept(json: &str, before: &str) -> Option<Cart> {
        let mut cart = empty_cart();
        assert!(read_into(before, &mut cart), "{before}");
        read_into(json, &mut cart).then_some(cart)
    }

    const BIG: &str = r#"{"now":"2026-11-11T00:00:00+08:00","lines":[
        {"id":"a-much-longer-line-id","shop":"tea","sku":"longjing","category":"green","unit_price":"128.50","quantity":2},
        {"id":"b","shop":"cup","sku":"c","unit_price":"9","quantity":1},
        {"id":"c","shop":"cup","sku":"d","unit_price":"1.5","quantity":3}],
        "coupons":["x","y","z"],"shipping":{"tea":"10"},"uses":{"x":3},
        "customer":{"member_tier":2},"use_rebate":false,"use_points":true,
        "coupon_selection":"as_given"}"#;

    #[test]
    fn a_cart_read_into_another_is_the_cart_serde_reads() {
        let small = r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"L\u0031","shop":"s","sku":"k","unit_price":"1.00","quantity":1}]}"#;
        for (json, before) in [(small, BIG), (BIG, small), (BIG, BIG), (small, small)] {
            let read = kept(json, before);
            assert!(read.is_some(), "{json}");
            assert_eq!(read, serde(json), "{json} after {before}");
        }
        // What the cart before held and this one leaves out takes its default.
        let cart = kept(small, BIG).unwrap();
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.lines[0].id, "L1");
        assert_eq!(cart.lines[0].category, None);
        assert!(cart.coupons.is_empty() && cart.shipping.is_empty() && cart.uses.is_empty());
        assert_eq!(cart.customer, Customer::default());
        assert!(cart.use_rebate && !cart.use_points);
        assert_eq!(cart.coupon_selection, CouponSelection::Best);
    }

    /// Every field of the customer, names escaped or not, and the cart's maps.
    const FULL: &str = r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"a","shop":"tea","sku":"k","unit_price":"1.00","quantity":1}],
        "customer":{"id":"c-1","member_tier":3,"segment":"vip","last_order_at":"2026-10-01T08:00:00+08:00",
            "birthday":"11-11","orders":{"tea":4,"cup":0},"rebate_balances":{"tea":"30","cup":"5.50","\u8336":"1"},
            "uses":{"p1":2},"units":{"p2":7,"p3":1},"points":1200},
        "shipping":{"tea":"10","cup":"0"},"uses":{"x":3,"y":0}}"#;

    /// The same names in another order, some values changed, a name dropped and one added to each map.
    const FULL_OTHER: &str = r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"a","shop":"tea","sku":"k","unit_price":"1.00","quantity":1}],
        "customer":{"points":0,"units":{"p3":2,"p9":9},"uses":{},"rebate_balances":{"cup":"6","tea":"30","bowl":"2"},
            "orders":{"tea":5},"birthday":"01-02","segment":"new","id":"c-2"},
        "shipping":{"cup":"8","\u8336":"1"},"uses":{"y":1}}"#;

    #[test]
    fn a_customer_and_maps_read_into_others_are_what_serde_reads() {
        let small = r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"a","shop":"s","sku":"k","unit_price":"1.00","quantity":1}]}"#;
        // A map longer than the names tracked by rank is read anew.
        let names: Vec<String> = (0..70).map(|k| format!(r#""s{k:02}":"{k}""#)).collect();
        let long = format!(
            r#"{{"now":"2026-11-11T00:00:00Z","lines":[{{"id":"a","shop":"s","sku":"k","unit_price":"1.00","quantity":1}}],"shipping":{{{}}},"customer":{{"rebate_balances":{{{}}}}}}}"#,
            names.join(","),
            names[3..].join(",")
        );
        let texts = [FULL, FULL_OTHER, small, BIG, long.as_str()];
        for json in texts {
            for before in texts {
                let read = kept(json, before);
                assert!(read.is_some(), "{json}");
                assert_eq!(read, serde(json), "{json} after {before}");
            }
        }
        // Worked by hand: FULL_OTHER after FULL drops what it leaves out.
        let cart = kept(FULL_OTHER, FULL).unwrap();
        let c = &cart.customer;
        assert_eq!(c.id.as_deref(), Some("c-2"));
        assert_eq!(
            (c.member_tier, c.last_order_at, c.points),
            (None, None, Some(0))
        );
        let names = |m: &BTreeMap<String, Amount>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&c.rebate_balances), ["bowl", "cup", "tea"]);
        assert_eq!(c.rebate_balances["cup"].fen(), 600);
        assert_eq!(c.orders, BTreeMap::from([("tea".to_string(), 5)]));
        assert!(c.uses.is_empty());
        assert_eq!(names(&cart.shipping), ["cup", "茶"]);
        assert_eq!(cart.uses, BTreeMap::from([("y".to_string(), 1)]));
    }

    /// Each field of a line but its category is required: a line without
    /// one is not read (whatever the line before held), one without its
    /// category is.
    #[test]
    fn a_line_without_a_required_field_is_not_read() {
        let fields = [
            r#""id":"a""#,
            r#""shop":"s""#,
            r#""sku":"k""#,
            r#""category":"c""#,
            r#""unit_price":"1.00""#,
            r#""quantity":1"#,
        ];
        for left_out in 0..fields.len() {
            let line: Vec<&str> = (0..fields.len())
                .filter(|&k| k != left_out)
                .map(|k| fields[k])
                .collect();
            let json = format!(
                r#"{{"now":"2026-11-11T00:00:00Z","lines":[{{{}}}]}}"#,
                line.join(",")
            );
            let read = kept(&json, BIG);
            assert_eq!(read, serde(&json), "{json}");
            assert_eq!(
                read.is_some(),
                fields[left_out].contains("category"),
                "{json}"
            );
        }
    }

    #[test]
    fn what_serde_refuses_is_not_read() {
        let line = r#"{"id":"a","shop":"s","sku":"k","unit_price":"1.00","quantity":1}"#;
        for json in [
            // a field twice, of the cart and of a line
            format!(r#"{{"now":"2026-11-11T00:00:00Z","now":"2026-11-11T00:00:00Z","lines":[{line}]}}"#),
            r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"a","id":"b","shop":"s","sku":"k","unit_price":"1.00","quantity":1}]}"#.to_string(),
            // a field missing, of the cart and of a line
            format!(r#"{{"lines":[{line}]}}"#),
            r#"{"now":"2026-11-11T00:00:00Z"}"#.to_string(),
            r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"a","shop":"s","sku":"k","unit_price":"1.00"}]}"#.to_string(),
            // an unknown field, a null optional field, a line as an array
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"vip":true}}"#),
            r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"a","shop":"s","sku":"k","category":null,"unit_price":"1.00","quantity":1}]}"#.to_string(),
            r#"{"now":"2026-11-11T00:00:00Z","lines":[["a","s","k",null,"1.00",1]]}"#.to_string(),
            // the same as lines past those of the cart before (read anew, not into one)
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line},{line},{line},["a","s","k",null,"1.00",1]]}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line},{line},{line},{{"id":"a","shop":"s","sku":"k","category":null,"unit_price":"1.00","quantity":1}}]}}"#),
            // values out of their grammar, a key repeated in a map, text after the cart
            r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"a","shop":"s","sku":"k","unit_price":"1.001","quantity":1}]}"#.to_string(),
            r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"a","shop":"s","sku":"k","unit_price":"1.00","quantity":0}]}"#.to_string(),
            r#"{"now":"2026-11-11","lines":[{"id":"a","shop":"s","sku":"k","unit_price":"1.00","quantity":1}]}"#.to_string(),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"shipping":{{"s":"1","s":"2"}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}]}} x"#),
            format!(r#"[{{"now":"2026-11-11T00:00:00Z","lines":[{line}]}}]"#),
            // the customer: a field twice, unknown, null; out of its grammar; not an object
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"id":"a","id":"b"}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"vip":true}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"segment":null}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"member_tier":null}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"last_order_at":null}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"points":null}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"member_tier":-1}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"points":1000000000001}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"last_order_at":"2026-10-01"}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"orders":{{"tea":1.5}}}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"units":{{"p":-1}}}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":["c-1"]}}"#),
            // a name twice in a map, escaped or not; a value out of its grammar
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"rebate_balances":{{"tea":"1","\u0074ea":"2"}}}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"customer":{{"rebate_balances":{{"tea":1}}}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"uses":{{"x":1,"x":1}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"shipping":{{"tea":"-1"}}}}"#),
            format!(r#"{{"now":"2026-11-11T00:00:00Z","lines":[{line}],"shipping":["tea"]}}"#),
        ] {
            assert_eq!(serde(&json), None, "serde refuses {json}");
            assert_eq!(kept(&json, BIG), None, "{json}");
            assert_eq!(kept(&json, FULL), None, "{json}");
        }
    }

    #[test]
    fn mutated_carts_are_read_as_serde_reads_them() {
        // Bytes of a cart replaced, dropped or doubled at random (a fixed
        // seed): each text is read into the cart before as serde reads it anew.
        let other = r#"{"now":"2026-11-11T00:00:00Z","lines":[{"id":"a","shop":"s","sku":"k","unit_price":"1.00","quantity":12}],"customer":{"rebate_balances":{"s":"30"},"member_tier":0},"shipping":{"s":"8"},"coupons":["c"],"coupon_selection":"best","use_rebate":true}"#;
        let alphabet = b"{}[]:,\" \\\x01tfnul0123456789.-eE";
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut cart = empty_cart();
        let (mut read, mut refused) = (0, 0);
        for _ in 0..20_000 {
            // One of the two carts, then one to three changes.
            let mut bytes = [BIG, other][next(2)].as_bytes().to_vec();
            for _ in 0..=next(3) {
                let at = next(bytes.len());
                match next(3) {
                    0 => bytes[at] = alphabet[next(alphabet.len())],
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, bytes[at]),
                }
            }
            let Ok(json) = String::from_utf8(bytes) else {
                continue;
            };
            let kept = read_into(&json, &mut cart).then(|| cart.clone());
            match (&kept, serde(&json)) {
                (Some(k), Some(s)) => {
                    assert_eq!(*k, s, "{json}");
                    read += 1;
                }
                // Left to `Cart::from_json`, as `read_json` does.
                (None, _) => refused += 1,
                (Some(_), None) => panic!("read what serde refuses: {json}"),
            }
        }
        assert!(
            read > 100 && refused > 100,
            "{read} read, {refused} refused"
        );
    }
}
