//! A cart file read by a plain scanner (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)):
//! `youhui simulate` reads a cart per line, and nearly every line is plain
//! JSON — no escape in a string, only the cart's own fields, each once.
//!
//! [`read_into`] reads such a text into a cart kept across lines, reusing the
//! strings and vectors of the cart before it, in one pass over the bytes: no
//! serde, no JSON path tracked. A text it does not find plain — an escape, a
//! `null`, a number written `1.0`, a repeated key, any mistake — it leaves to
//! [`Cart::from_json`](crate::Cart::from_json), which reads every file and
//! names every mistake (its messages are the ones the tests pin). So what this
//! reader accepts is a subset of what `Cart::from_json` accepts, read to the
//! same cart: debug builds check both on every text read here (the tests and
//! the fuzz targets `cart_json` and `carts_jsonl` run them).

use std::collections::BTreeMap;

use super::cart::{Cart, CouponSelection, Customer, Line};
use crate::limits::{MAX_FILE_BYTES, MAX_POINTS, MAX_QUANTITY};
use crate::money::Amount;

/// The bytes a plain string holds: all but `"`, `\\` and the control
/// characters U+0000 to U+001F (which JSON refuses unescaped).
static PLAIN_IN_STRING: [bool; 256] = {
    let mut plain = [true; 256];
    let mut c = 0;
    while c < 0x20 {
        plain[c] = false;
        c += 1;
    }
    plain[b'"' as usize] = false;
    plain[b'\\' as usize] = false;
    plain
};

/// How many bytes at the start of `bytes` a plain string may hold: the
/// place of the first `"`, `\\` or control character, or the length. (The
/// strings of a cart are short: a byte at a time beats eight at a time.)
#[inline]
fn plain_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&c| !PLAIN_IN_STRING[usize::from(c)])
        .unwrap_or(bytes.len())
}

/// The text is not plain: [`Cart::from_json`] decides.
struct NotPlain;

type Plain<T> = Result<T, NotPlain>;

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

/// Reads the cart file `json` into `cart` when it is plain (see the module
/// docs) and says whether it was; when it was not, `cart` holds anything and
/// the text must be read by [`Cart::from_json`].
pub(crate) fn read_into(json: &str, cart: &mut Cart) -> bool {
    // As `Cart::from_json`: a byte order mark ignored, the size bounded.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if json.len() > MAX_FILE_BYTES {
        return false;
    }
    let mut s = Scan { text: json, at: 0 };
    if read_cart(&mut s, cart).is_err() {
        return false;
    }
    // Nothing but white space may follow the object.
    s.space();
    s.at == json.len()
}

/// The position in the text being read.
struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    /// Skips JSON's white space (space, tab, line feed, carriage return).
    #[inline]
    fn space(&mut self) {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after white space.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        match self.text.as_bytes().get(self.at) {
            Some(b' ' | b'\t' | b'\n' | b'\r') => {
                self.space();
                self.text.as_bytes().get(self.at).copied()
            }
            next => next.copied(),
        }
    }

    #[inline]
    fn eat(&mut self, c: u8) -> Plain<()> {
        // Most texts have no white space between tokens: test the byte first.
        if self.text.as_bytes().get(self.at) == Some(&c) || self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(NotPlain)
        }
    }

    /// A string without escapes or control characters.
    #[inline]
    fn str(&mut self) -> Plain<&'a str> {
        self.eat(b'"')?;
        let bytes = self.text.as_bytes();
        let start = self.at;
        let rest = bytes.get(start..).unwrap_or_default();
        let len = plain_len(rest);
        let end = start + len;
        if rest.get(len) != Some(&b'"') {
            return Err(NotPlain);
        }
        self.at = end + 1;
        // Both ends are at an ASCII byte: boundaries of characters.
        Ok(&self.text[start..end])
    }

    /// Sets `to` to a string, reusing its buffer.
    #[inline]
    fn str_into(&mut self, to: &mut String) -> Plain<()> {
        let s = self.str()?;
        to.clear();
        to.push_str(s);
        Ok(())
    }

    /// A whole number as serde_json reads one for a `u64`: `0`, or a digit
    /// 1–9 and more digits, with no fraction nor exponent; at most 19 digits
    /// here (so below `u64::MAX`).
    fn whole(&mut self) -> Plain<u64> {
        self.space();
        let rest = &self.text.as_bytes()[self.at..];
        let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 19 || (n > 1 && rest[0] == b'0') {
            return Err(NotPlain);
        }
        if matches!(rest.get(n), Some(b'.' | b'e' | b'E')) {
            return Err(NotPlain);
        }
        self.at += n;
        Ok(rest[..n]
            .iter()
            .fold(0u64, |v, &d| v * 10 + u64::from(d - b'0')))
    }

    fn bool(&mut self) -> Plain<bool> {
        self.space();
        let rest = &self.text.as_bytes()[self.at..];
        let (value, len) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
            (false, 5)
        } else {
            return Err(NotPlain);
        };
        self.at += len;
        Ok(value)
    }

    /// An amount of at most nine whole digits and, after a `.`, one or two
    /// fraction digits (as `Amount`'s grammar reads it; any other is read by
    /// `Amount::from_str`, which names the mistake), at most the limit.
    fn amount(&mut self) -> Plain<Amount> {
        let text = self.str()?.as_bytes();
        let (whole, fraction) = match text.iter().position(|&c| c == b'.') {
            Some(dot) => (&text[..dot], &text[dot + 1..]),
            None => (text, &text[..0]),
        };
        let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
        let dotted = whole.len() < text.len();
        if whole.is_empty()
            || whole.len() > 9
            || !digits(whole)
            || !digits(fraction)
            || (dotted && !(1..=2).contains(&fraction.len()))
        {
            return Err(NotPlain);
        }
        let digit = |c: u8| i64::from(c - b'0');
        let yuan = whole.iter().fold(0i64, |v, &c| v * 10 + digit(c));
        let fen = match fraction {
            [] => 0,
            [d] => digit(*d) * 10,
            [d, f] => digit(*d) * 10 + digit(*f),
            _ => return Err(NotPlain),
        };
        Amount::from_fen(yuan * 100 + fen).ok_or(NotPlain)
    }

    fn timestamp(&mut self) -> Plain<jiff::Timestamp> {
        super::time::instant(self.str()?).map_err(|_| NotPlain)
    }

    /// An object: `field` reads the value of each key.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Plain<()>) -> Plain<()> {
        self.eat(b'{')?;
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(());
        }
        loop {
            let key = self.str()?;
            self.eat(b':')?;
            field(self, key)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(NotPlain),
            }
        }
    }

    /// An array: `item` reads each element.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Plain<()>) -> Plain<()> {
        self.eat(b'[')?;
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(NotPlain),
            }
        }
    }

    /// A map of keys to values, each key once.
    fn map<V>(
        &mut self,
        to: &mut BTreeMap<String, V>,
        mut value: impl FnMut(&mut Self) -> Plain<V>,
    ) -> Plain<()> {
        to.clear();
        self.object(|s, key| {
            let v = value(s)?;
            match to.insert(key.to_string(), v) {
                None => Ok(()),
                Some(_) => Err(NotPlain),
            }
        })
    }
}

/// Marks `bit` in `seen`; a field seen twice is not plain.
#[inline]
fn once(seen: &mut u16, bit: u16) -> Plain<()> {
    if *seen & bit != 0 {
        return Err(NotPlain);
    }
    *seen |= bit;
    Ok(())
}

fn read_cart(s: &mut Scan<'_>, cart: &mut Cart) -> Plain<()> {
    const NOW: u16 = 1;
    const LINES: u16 = 2;
    let mut seen = 0u16;
    cart.customer = Customer::default();
    cart.shipping.clear();
    cart.coupon_selection = CouponSelection::Best;
    cart.use_rebate = true;
    cart.uses.clear();
    cart.use_points = false;
    let mut coupons = 0;
    s.object(|s, key| match key {
        "now" => {
            once(&mut seen, NOW)?;
            cart.now = s.timestamp()?;
            Ok(())
        }
        "lines" => {
            once(&mut seen, LINES)?;
            let mut n = 0;
            s.array(|s| {
                if n == cart.lines.len() {
                    cart.lines.push(Line {
                        id: String::new(),
                        shop: String::new(),
                        sku: String::new(),
                        category: None,
                        unit_price: Amount::ZERO,
                        quantity: 1,
                    });
                }
                read_line(s, &mut cart.lines[n])?;
                n += 1;
                Ok(())
            })?;
            cart.lines.truncate(n);
            Ok(())
        }
        "customer" => {
            once(&mut seen, 1 << 2)?;
            read_customer(s, &mut cart.customer)
        }
        "shipping" => {
            once(&mut seen, 1 << 3)?;
            s.map(&mut cart.shipping, Scan::amount)
        }
        "coupons" => {
            once(&mut seen, 1 << 4)?;
            s.array(|s| {
                if coupons == cart.coupons.len() {
                    cart.coupons.push(String::new());
                }
                s.str_into(&mut cart.coupons[coupons])?;
                coupons += 1;
                Ok(())
            })
        }
        "coupon_selection" => {
            once(&mut seen, 1 << 5)?;
            cart.coupon_selection = match s.str()? {
                "best" => CouponSelection::Best,
                "as_given" => CouponSelection::AsGiven,
                _ => return Err(NotPlain),
            };
            Ok(())
        }
        "use_rebate" => {
            once(&mut seen, 1 << 6)?;
            cart.use_rebate = s.bool()?;
            Ok(())
        }
        "uses" => {
            once(&mut seen, 1 << 7)?;
            s.map(&mut cart.uses, Scan::whole)
        }
        "use_points" => {
            once(&mut seen, 1 << 8)?;
            cart.use_points = s.bool()?;
            Ok(())
        }
        _ => Err(NotPlain),
    })?;
    cart.coupons.truncate(coupons);
    // `now` and `lines` have no default.
    if seen & (NOW | LINES) != NOW | LINES {
        return Err(NotPlain);
    }
    Ok(())
}

fn read_line(s: &mut Scan<'_>, line: &mut Line) -> Plain<()> {
    // id, shop, sku, unit_price and quantity have no default.
    const REQUIRED: u16 = 1 | 1 << 1 | 1 << 2 | 1 << 4 | 1 << 5;
    let mut seen = 0u16;
    s.object(|s, key| match key {
        "id" => {
            once(&mut seen, 1)?;
            s.str_into(&mut line.id)
        }
        "shop" => {
            once(&mut seen, 1 << 1)?;
            s.str_into(&mut line.shop)
        }
        "sku" => {
            once(&mut seen, 1 << 2)?;
            s.str_into(&mut line.sku)
        }
        "category" => {
            once(&mut seen, 1 << 3)?;
            match &mut line.category {
                Some(c) => s.str_into(c),
                None => {
                    line.category = Some(s.str()?.to_string());
                    Ok(())
                }
            }
        }
        "unit_price" => {
            once(&mut seen, 1 << 4)?;
            line.unit_price = s.amount()?;
            Ok(())
        }
        "quantity" => {
            once(&mut seen, 1 << 5)?;
            // From 1 to 100,000: anything else is refused, in its own words.
            line.quantity = match u32::try_from(s.whole()?) {
                Ok(q) if (1..=MAX_QUANTITY).contains(&q) => q,
                _ => return Err(NotPlain),
            };
            Ok(())
        }
        _ => Err(NotPlain),
    })?;
    if seen & (1 << 3) == 0 {
        line.category = None;
    }
    if seen & REQUIRED != REQUIRED {
        return Err(NotPlain);
    }
    Ok(())
}

fn read_customer(s: &mut Scan<'_>, c: &mut Customer) -> Plain<()> {
    let mut seen = 0u16;
    s.object(|s, key| match key {
        "id" => {
            once(&mut seen, 1)?;
            c.id = Some(s.str()?.to_string());
            Ok(())
        }
        "member_tier" => {
            once(&mut seen, 1 << 1)?;
            c.member_tier = Some(u32::try_from(s.whole()?).map_err(|_| NotPlain)?);
            Ok(())
        }
        "segment" => {
            once(&mut seen, 1 << 2)?;
            c.segment = Some(s.str()?.to_string());
            Ok(())
        }
        "last_order_at" => {
            once(&mut seen, 1 << 3)?;
            c.last_order_at = Some(s.timestamp()?);
            Ok(())
        }
        "birthday" => {
            once(&mut seen, 1 << 4)?;
            c.birthday = Some(s.str()?.to_string());
            Ok(())
        }
        "orders" => {
            once(&mut seen, 1 << 5)?;
            s.map(&mut c.orders, Scan::whole)
        }
        "rebate_balances" => {
            once(&mut seen, 1 << 6)?;
            s.map(&mut c.rebate_balances, Scan::amount)
        }
        "uses" => {
            once(&mut seen, 1 << 7)?;
            s.map(&mut c.uses, Scan::whole)
        }
        "units" => {
            once(&mut seen, 1 << 8)?;
            s.map(&mut c.units, Scan::whole)
        }
        "points" => {
            once(&mut seen, 1 << 9)?;
            let points = s.whole()?;
            if points > MAX_POINTS {
                return Err(NotPlain);
            }
            c.points = Some(points);
            Ok(())
        }
        _ => Err(NotPlain),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_string_ends_at_the_first_quote_backslash_or_control_character() {
        let naive = |b: &[u8]| {
            b.iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .unwrap_or(b.len())
        };
        let alphabet = [
            b'a', b'"', b'\\', 0x00, 0x1f, b' ', 0x7f, 0x80, 0xff, b'!', b'#', b']',
        ];
        // Every byte at every place of strings of 0 to 20 bytes, and after it
        // each byte of the alphabet.
        for len in 0..=20 {
            for at in 0..len {
                for x in 0..=255u8 {
                    for &y in &alphabet {
                        let mut b = vec![b'k'; len];
                        b[at] = x;
                        if at + 1 < len {
                            b[at + 1] = y;
                        }
                        assert_eq!(plain_len(&b), naive(&b), "{b:?}");
                    }
                }
            }
        }
    }

    /// What serde reads from `json`, when it reads a cart.
    fn serde(json: &str) -> Option<Cart> {
        super::super::from_json(json, crate::error::File::Cart).ok()
    }

    /// What the plain scanner reads from `json`, into a cart that held `before`.
    fn plain(json: &str, before: &str) -> Option<Cart> {
        let mut cart = empty_cart();
        assert!(read_into(before, &mut cart), "{before}");
        read_into(json, &mut cart).then_some(cart)
    }

    const NOW: &str = r#""now":"2026-11-11T10:00:00+08:00""#;
    const LINE: &str =
        r#"{"id":"L1","shop":"tea","sku":"k","category":"c","unit_price":"12.50","quantity":2}"#;

    #[test]
    fn a_plain_cart_is_read_as_serde_reads_it_whatever_the_cart_before() {
        let full = format!(
            r#"{{ {NOW}, "lines": [ {LINE}, {{"shop":"cup","id":"L2","sku":"茶","unit_price":"0.01","quantity":100000}} ],
            "shipping": {{"tea":"10","cup":"0","a":"007.5","b":"100000000.00","c":"99.09"}}, "coupons": ["a","b"], "coupon_selection": "as_given",
            "use_rebate": false, "uses": {{"a": 0, "b": 12}}, "use_points": true,
            "customer": {{"id":"u","member_tier":3,"segment":"vip","last_order_at":"2026-10-01T00:00:00Z",
              "birthday":"11-11","orders":{{"tea":2}},"rebate_balances":{{"tea":"30"}},
              "uses":{{"a":1}},"units":{{"f":4}},"points":1000000000000}} }}"#
        );
        let small = format!(r#"{{"lines":[{LINE}],{NOW}}}"#);
        let empty = format!(r#"{{{NOW},"lines":[],"customer":{{}},"shipping":{{}},"coupons":[]}}"#);
        for json in [&full, &small, &empty] {
            for before in [&full, &small, &empty] {
                let read = plain(json, before);
                assert!(read.is_some(), "{json}");
                assert_eq!(read, serde(json), "{json} after {before}");
            }
        }
        // The white space JSON allows, and a byte order mark at the start.
        let spaced = format!("\u{feff} \t\r\n{{ {NOW} ,\n\"lines\" :\t[ {LINE} ] }} \r\n");
        assert_eq!(plain(&spaced, &full), serde(&spaced));
        assert!(serde(&spaced).is_some());
    }

    #[test]
    fn what_is_not_plain_is_left_to_serde() {
        let cart = |rest: &str| format!(r#"{{{NOW},"lines":[{LINE}]{rest}}}"#);
        let line = |fields: &str| format!(r#"{{{NOW},"lines":[{{{fields}}}]}}"#);
        let base = r#""id":"L1","shop":"s","sku":"k","unit_price":"1""#;
        let not_plain = [
            // Escapes and control characters in strings.
            line(&format!(r#"{base},"quantity":1,"category":"\u0063""#)),
            line(&format!("{base},\"quantity\":1,\"category\":\"a\tb\"")),
            cart(r#","coupons":["a\"b"]"#),
            // Numbers serde refuses or reads otherwise.
            line(&format!(r#"{base},"quantity":1.0"#)),
            line(&format!(r#"{base},"quantity":1e2"#)),
            line(&format!(r#"{base},"quantity":01"#)),
            line(&format!(r#"{base},"quantity":-1"#)),
            line(&format!(r#"{base},"quantity":0"#)),
            line(&format!(r#"{base},"quantity":100001"#)),
            line(&format!(r#"{base},"quantity":"1""#)),
            cart(r#","uses":{"a":18446744073709551616}"#),
            cart(r#","customer":{"member_tier":4294967296}"#),
            cart(r#","customer":{"points":1000000000001}"#),
            // Amounts and timestamps.
            line(r#""id":"L1","shop":"s","sku":"k","unit_price":1,"quantity":1"#),
            line(r#""id":"L1","shop":"s","sku":"k","unit_price":"1.001","quantity":1"#),
            cart(r#","shipping":{"a":"1."}"#),
            cart(r#","shipping":{"a":".5"}"#),
            cart(r#","shipping":{"a":"-1"}"#),
            cart(r#","shipping":{"a":"1e2"}"#),
            cart(r#","shipping":{"a":""}"#),
            cart(r#","shipping":{"a":"100000000.01"}"#),
            cart(r#","shipping":{"a":"1000000000"}"#),
            format!(r#"{{"now":"2026-11-11 10:00:00+08:00","lines":[{LINE}]}}"#),
            // null, repeated keys, unknown and missing fields.
            line(&format!(r#"{base},"quantity":1,"category":null"#)),
            cart(r#","customer":{"id":null}"#),
            cart(&format!(r#","{}"#, &NOW)),
            line(&format!(r#"{base},"quantity":1,"quantity":1"#)),
            cart(r#","shipping":{"a":"1","a":"2"}"#),
            cart(r#","uses":{"a":1,"a":1}"#),
            cart(r#","customer":{"orders":{"a":1,"a":2}}"#),
            cart(r#","colour":"red""#),
            line(&format!(r#"{base},"quantity":1,"colour":"red""#)),
            cart(r#","customer":{"colour":"red"}"#),
            line(r#""id":"L1","shop":"s","sku":"k","quantity":1"#),
            format!(r#"{{"lines":[{LINE}]}}"#),
            format!(r#"{{{NOW}}}"#),
            cart(r#","coupon_selection":"cheapest""#),
            cart(r#","coupon_selection":{"best":null}"#),
            cart(r#","use_rebate":1"#),
            cart(r#","use_rebate":truex"#),
            // Grammar: trailing commas, what follows, arrays for objects.
            cart(","),
            format!(r#"{{{NOW},"lines":[{LINE},]}}"#),
            format!(r#"{{{NOW},"lines":[{LINE}]}} x"#),
            format!(r#"{{{NOW},"lines":[{LINE}]}}{{}}"#),
            format!(r#"["2026-11-11T10:00:00+08:00",[{LINE}]]"#),
            format!("\u{a0}{{{NOW},\"lines\":[{LINE}]}}"),
            format!(r#"{{{NOW},"lines":[{LINE}]"#),
            String::new(),
        ];
        for json in &not_plain {
            assert_eq!(plain(json, &cart("")), None, "{json}");
        }
        // Those serde reads, it reads to a cart of its own.
        assert!(serde(&not_plain[0]).is_some() && serde(&not_plain[11]).is_none());
    }
}
