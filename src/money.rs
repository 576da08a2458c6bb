//! Money, folds and ratios.
//!
//! Inside the engine every amount is an integer count of fen (分, 0.01 yuan). This
//! module is the only place that rounds, applies a fold or a ratio, or splits a
//! reduction over lines (优惠分摊). Every product is taken in `i128`, and the input
//! limits (amounts ≤ 10^8 yuan, quantities ≤ 100 000, at most
//! [`MAX_LINES`](crate::limits::MAX_LINES) lines) keep every sum inside `i64`.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A count of fen (分). Never negative inside the engine.
pub(crate) type Fen = i64;

/// The largest amount the contract accepts: 10^8 yuan, in fen.
pub(crate) const MAX_AMOUNT_FEN: Fen = 10_000_000_000;

/// How `round(x)` rounds to the fen (`settings.rounding`; reference: [Numbers](crate::_documentation::reference#numbers)).
///
/// ```
/// let r: youhui::Rounding = serde_json::from_str("\"half_up\"").unwrap();
/// assert_eq!(r, youhui::Rounding::HalfUp);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// 四舍五入: half a fen or more rounds up (half away from zero).
    #[default]
    HalfUp,
    /// The price rounds down: the buyer keeps the fen.
    Down,
    /// The price rounds up.
    Up,
}

/// `num / den` for `num >= 0`, `den > 0`, rounded to an integer by `mode`.
///
/// When `num` fits a `u64` (every price of a realistic cart) the division is
/// done in 64 bits, which is several times faster than 128-bit division; both
/// paths give the same result.
fn div_round(num: i128, den: i128, mode: Rounding) -> i128 {
    debug_assert!(num >= 0 && den > 0);
    let (q, r) = match (u64::try_from(num), u64::try_from(den)) {
        (Ok(n), Ok(d)) => (i128::from(n / d), i128::from(n % d)),
        _ => (num / den, num % den),
    };
    match mode {
        Rounding::Down => q,
        Rounding::Up => q + i128::from(r > 0),
        Rounding::HalfUp => q + i128::from(2 * r >= den),
    }
}

/// Narrows a value the input limits keep inside `i64`; saturates rather than wraps.
fn narrow(x: i128) -> Fen {
    Fen::try_from(x).unwrap_or(if x < 0 { Fen::MIN } else { Fen::MAX })
}

/// `round(amount × fold / 10)`: the price to pay at `fold` 折.
pub(crate) fn fold_price(amount: Fen, fold: Fold, mode: Rounding) -> Fen {
    narrow(div_round(
        i128::from(amount) * i128::from(fold.0),
        1000,
        mode,
    ))
}

/// `amount − round(amount × fold / 10)`: what a fold takes off `amount`.
pub(crate) fn fold_reduction(amount: Fen, fold: Fold, mode: Rounding) -> Fen {
    amount - fold_price(amount, fold, mode)
}

/// `floor(amount × ratio)`.
pub(crate) fn ratio_floor(amount: Fen, ratio: Ratio) -> Fen {
    narrow(div_round(
        i128::from(amount) * i128::from(ratio.0),
        10_000,
        Rounding::Down,
    ))
}

/// `total / units` rounded **up** to the fen: what each of `units` units costs
/// when `total` pays for them all, never below a unit's share (到手价 `each`,
/// the reference's 到手价: a price shown may not be below what the buyer pays). `units`
/// of 0 counts as 1; a negative `total` (never a payable) counts as 0.
pub(crate) fn per_unit_up(total: Fen, units: u32) -> Fen {
    let units = i128::from(units.max(1));
    narrow(div_round(i128::from(total.max(0)), units, Rounding::Up))
}

/// True when `price` is below the 0.1折 floor of `unit_price` (`price < unit_price × 0.01`).
pub(crate) fn below_tenth_fold(price: Fen, unit_price: Fen) -> bool {
    i128::from(price) * 100 < i128::from(unit_price)
}

/// The 1.00 yuan floor of a discounted unit (折后价格不能低于1.00元).
pub(crate) const UNIT_FLOOR: Fen = 100;

/// The lowest whole-fen price a unit of `unit_price` may be discounted to: the
/// larger of 1.00 and the 0.1折 floor (`unit_price × 0.01`, rounded up to a fen).
pub(crate) fn unit_floor(unit_price: Fen) -> Fen {
    let tenth = div_round(i128::from(unit_price), 100, Rounding::Up);
    UNIT_FLOOR.max(narrow(tenth))
}

/// Splits `r` over lines weighted by `weights` (reference: [Allocation](crate::_documentation::reference#allocation-优惠分摊)) into `out`, one
/// share per weight.
///
/// Each line first gets `floor(r × w_i / Σw)`; the fen still left go one each to
/// the lines with the largest remainders, ties to the line that comes first by
/// `before(a, b)` (the caller's order of the lines at positions `a` and `b`:
/// the smaller line id; reference: [Allocation](crate::_documentation::reference#allocation-优惠分摊)), which is asked only when a tie
/// decides a fen. The shares sum exactly to `r` whenever `Σw > 0`; with `Σw =
/// 0` every share is zero (a reduction never exceeds its base, so `r` is then
/// zero too). With `r <= Σw` no share exceeds its weight.
pub(crate) fn allocate(
    r: Fen,
    weights: &[Fen],
    out: &mut [Fen],
    before: impl Fn(usize, usize) -> bool,
) {
    // Σw and the largest weight in one pass (a negative largest weight only
    // comes with Σw < 0, which returns below: starting from 0 changes nothing).
    let (mut total, mut max_w) = (0i128, 0);
    for &w in weights {
        total += i128::from(w);
        max_w = max_w.max(w);
    }
    split(
        r,
        total,
        i128::from(r) * i128::from(max_w),
        weights,
        out,
        before,
    );
}

/// [`allocate`] of weights that are never negative (what is left of lines),
/// given their sum `total`, which the caller has already summed to test its
/// threshold: the stages' splits do not sum them again (a pass over the
/// lines and ~15 instructions of set-up a split, ~450 instructions a price
/// of the typical cart, callgrind).
///
/// No weight exceeds `total`, so `r × total` bounds every product `r × w`.
pub(crate) fn allocate_summed(
    r: Fen,
    total: Fen,
    weights: &[Fen],
    out: &mut [Fen],
    before: impl Fn(usize, usize) -> bool,
) {
    debug_assert!(weights.iter().all(|&w| w >= 0));
    debug_assert_eq!(weights.iter().sum::<Fen>(), total);
    let total = i128::from(total);
    split(r, total, i128::from(r) * total, weights, out, before);
}

/// [`allocate`] once Σw (`total`) is known, and a bound (`largest`) of the
/// products `r × w` that says whether they fit a `u64`.
fn split(
    r: Fen,
    total: i128,
    largest: i128,
    weights: &[Fen],
    out: &mut [Fen],
    before: impl Fn(usize, usize) -> bool,
) {
    debug_assert_eq!(weights.len(), out.len());
    if total <= 0 || r <= 0 {
        out.fill(0);
        return;
    }
    // Every product r × w fits a u64 in practice; 128-bit division is the slow path.
    match u64::try_from(total) {
        Ok(t) if largest <= i128::from(u64::MAX) => {
            let r64 = r.unsigned_abs();
            hand_out(
                r,
                weights,
                out,
                |w| {
                    let num = r64 * w.unsigned_abs();
                    (narrow(i128::from(num / t)), num % t)
                },
                before,
            )
        }
        _ => hand_out(
            r,
            weights,
            out,
            |w| {
                let num = i128::from(r) * i128::from(w);
                (narrow(num / total), num % total)
            },
            before,
        ),
    }
}

/// Largest remainder: each line gets its floor from `split`, then the fen
/// still left go one each to the lines with the largest remainders (which all
/// share the denominator Σw, so comparing them is exact), ties by `before`.
///
/// The lines that get a fen are those whose remainder is above the `left`-th
/// largest remainder, and, of those equal to it, the first by `before`: the
/// remainders alone (plain numbers, a few lines) are sorted to find it, which
/// costs less than a selection's set-up; the lines themselves are not sorted.
fn hand_out<R: Ord + Copy + Default>(
    r: Fen,
    weights: &[Fen],
    out: &mut [Fen],
    split: impl Fn(Fen) -> (Fen, R),
    before: impl Fn(usize, usize) -> bool,
) {
    let n = weights.len();
    let mut small = [R::default(); 32];
    let mut large = Vec::new();
    let (rems, sorted): (&mut [R], &mut [R]) = if n <= 16 {
        let (a, b) = small.split_at_mut(16);
        (&mut a[..n], &mut b[..n])
    } else {
        large.resize(2 * n, R::default());
        large.split_at_mut(n)
    };
    let mut given: Fen = 0;
    // Each remainder is written twice, in the lines' order and into the
    // copy to sort: copying them after the loop was a call of `memcpy` per
    // split (~30 instructions, callgrind).
    for (((o, slot), copy), &w) in out
        .iter_mut()
        .zip(rems.iter_mut())
        .zip(sorted.iter_mut())
        .zip(weights)
    {
        let (share, rem) = split(w);
        *o = share;
        given += share;
        *slot = rem;
        *copy = rem;
    }
    let left = usize::try_from(r - given).unwrap_or(0).min(n);
    if left == 0 {
        return;
    }
    sorted.sort_unstable();
    let (at_cut, tied, cut) = the_cut(sorted, left);
    for (o, &x) in out.iter_mut().zip(rems.iter()) {
        if x > cut || (x == cut && at_cut == tied) {
            *o += 1;
        }
    }
    if at_cut == tied {
        return;
    }
    // More lines tie at the cut than fen are left for them: the first by `before`.
    let mut ties: Vec<usize> = (0..n).filter(|&i| rems[i] == cut).collect();
    ties.sort_by(|&a, &b| {
        if before(a, b) {
            std::cmp::Ordering::Less
        } else if before(b, a) {
            std::cmp::Ordering::Greater
        } else {
            a.cmp(&b)
        }
    });
    for &i in ties.iter().take(at_cut) {
        out[i] += 1;
    }
}

/// The `left`-th largest of the remainders `sorted` (ascending, `0 < left
/// ≤ len`): how many of the fen go to the remainders equal to it
/// (`at_cut`), how many remainders are equal to it (`tied`), and it (`cut`).
///
/// Read off the sorted remainders around the cut: the remainders equal to it
/// sit next to it, found by walking out from it (no step, or one, unless
/// many lines tie), instead of counting over every remainder twice (a sixth
/// of a split of 8 to 10 lines, callgrind). Every remainder above the run
/// of those equal to it gets a fen, and the `left`-th fen is the last of the
/// run's: so the run gets one fen for the cut and one for each of its
/// members above the cut's position.
fn the_cut<R: Ord + Copy>(sorted: &[R], left: usize) -> (usize, usize, R) {
    let at = sorted.len() - left;
    let cut = sorted[at];
    let equal_below = sorted[..at].iter().rev().take_while(|&&x| x == cut).count();
    let equal_above = sorted[at + 1..].iter().take_while(|&&x| x == cut).count();
    (1 + equal_above, equal_below + 1 + equal_above, cut)
}

/// What units `from .. from + m` of an amount `x` spread over `q` units carry,
/// when unit `k` carries `⌊x / q⌋` plus one fen for `k < x mod q` (a
/// refund's: a line's paid amount, points and rebate share, per returned unit).
///
/// Returning every unit, in any number of pieces, gives back exactly `x`:
/// the pieces are consecutive runs of `0 .. q`. Zero for `q = 0`, and the
/// run is cut to the units that exist.
pub(crate) fn unit_share(x: Fen, q: u32, from: u32, m: u32) -> Fen {
    if q == 0 || x <= 0 {
        return 0;
    }
    let q = u64::from(q);
    let from = u64::from(from).min(q);
    let end = (from + u64::from(m)).min(q);
    let x = x.unsigned_abs();
    let (each, extra) = (x / q, x % q);
    // The units of the run below `extra` carry one fen more.
    let plus = end.min(extra).saturating_sub(from);
    narrow(i128::from(each) * i128::from(end - from) + i128::from(plus))
}

/// Formats fen as yuan with exactly two fraction digits: `12850` → `"128.50"`.
pub(crate) fn format_fen(f: Fen) -> String {
    format_wide(i128::from(f))
}

/// [`format_fen`] for a sum over many carts.
fn format_wide(f: i128) -> String {
    let sign = if f < 0 { "-" } else { "" };
    let a = f.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// An exact sum of amounts over many carts (a report of `youhui simulate`),
/// which may pass [`Amount::MAX`]. In JSON, a string like an [`Amount`].
///
/// ```
/// let s = youhui::Sum::of_fen(12_345_678_901_234);
/// assert_eq!(s.to_string(), "123456789012.34");
/// assert_eq!(s.average(4).to_string(), "30864197253.09"); // 30864197253.085 rounds half up
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sum(i128);

impl Sum {
    /// A sum of `fen` (分).
    ///
    /// ```
    /// assert_eq!(youhui::Sum::of_fen(7).to_string(), "0.07");
    /// ```
    pub fn of_fen(fen: i128) -> Sum {
        Sum(fen)
    }

    /// The sum in fen (分).
    ///
    /// ```
    /// assert_eq!(youhui::Sum::of_fen(250).fen(), 250);
    /// ```
    pub fn fen(self) -> i128 {
        self.0
    }

    /// Adds `fen`; saturates instead of wrapping (no report reaches it).
    pub(crate) fn add(&mut self, fen: impl Into<i128>) {
        self.0 = self.0.saturating_add(fen.into());
    }

    /// The sum divided by `count`, rounded half up to the fen; zero for a count of zero.
    ///
    /// ```
    /// let s = youhui::Sum::of_fen(1001);
    /// assert_eq!(s.average(2).fen(), 501); // 5.005 → 5.01
    /// assert_eq!(s.average(3).fen(), 334); // 3.336… → 3.34
    /// assert_eq!(s.average(0).fen(), 0);
    /// ```
    pub fn average(self, count: u64) -> Sum {
        if count == 0 || self.0.is_negative() {
            return Sum(0);
        }
        Sum(div_round(self.0, i128::from(count), Rounding::HalfUp))
    }
}

impl fmt::Display for Sum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_wide(self.0))
    }
}

impl Serialize for Sum {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Checks the strict decimal grammar of the contract (`digits ('.' digits)?`, at
/// most `max_frac` fraction digits) and hands the text to `rust_decimal`.
///
/// `rust_decimal` alone would accept signs, exponents and underscores and would
/// round long fractions silently; the contract makes each of those an error.
fn parse_decimal(text: &str, what: &str, max_frac: u32) -> Result<Decimal, String> {
    if text.is_empty() {
        return Err(format!(
            "{what} is empty; write a decimal such as \"128.50\""
        ));
    }
    if text.len() > 32 {
        return Err(format!("{what} {text:?} is too long"));
    }
    // A byte search: an amount is a few bytes, and `split_once`'s searcher
    // cost more than the bytes it scanned (`youhui simulate` reads ~14 a cart).
    let (int, frac) = match text.bytes().position(|b| b == b'.') {
        Some(dot) => (&text[..dot], Some(&text[dot + 1..])),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return Err(format!(
            "{what} {text:?} is not a plain non-negative decimal (digits, an optional '.' and up to {max_frac} fraction digits; no sign, exponent or spaces)"
        ));
    }
    if frac.is_some_and(|f| f.len() > max_frac as usize) {
        return Err(format!(
            "{what} {text:?} has more than {max_frac} fraction digits"
        ));
    }
    Decimal::from_str(text).map_err(|e| format!("{what} {text:?} is not a decimal: {e}"))
}

/// Scales a decimal with at most `digits` fraction digits to an integer count of `10^-digits`.
fn scaled(d: Decimal, digits: u32) -> Option<i128> {
    // Already at that scale ("128.50"), as most amounts are written: what
    // `rescale` would leave, without its cost (14 amounts a simulated cart).
    if d.scale() == digits {
        return Some(d.mantissa());
    }
    let mut d = d;
    d.rescale(digits);
    (d.scale() == digits).then(|| d.mantissa())
}

/// Deserializes a value written as a JSON string and parsed by `FromStr`, with
/// `expecting` in the message when the JSON holds something else (a number, say).
pub(crate) fn from_json_str<'de, D, T>(d: D, expecting: &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = String>,
{
    bounded_from_json_str(d, expecting, |_| false)
}

/// [`from_json_str`] of a value with a documented bound: a text that
/// `above(text)` says is refused for its size is a limit error.
fn bounded_from_json_str<'de, D, T>(
    d: D,
    expecting: &'static str,
    above: fn(&str) -> bool,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = String>,
{
    struct V<T>(&'static str, fn(&str) -> bool, std::marker::PhantomData<T>);
    impl<T: FromStr<Err = String>> serde::de::Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
            s.parse().map_err(|message| {
                if (self.1)(s) {
                    crate::error::raise(crate::error::JsonError::Worded {
                        kind: crate::ErrorKind::Limit,
                        message,
                    })
                } else {
                    E::custom(message)
                }
            })
        }
    }
    d.deserialize_str(V(expecting, above, std::marker::PhantomData))
}

/// An amount refused for its size, not its form: longer than its 32
/// characters, or written as the grammar asks (digits, at most two fraction
/// digits) and so refused for being above 100,000,000.00.
fn amount_above_bound(s: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    s.len() > 32
        || match s.split_once('.') {
            Some((i, f)) => digits(i) && digits(f) && f.len() <= 2,
            None => digits(s),
        }
}

/// A sum of money in CNY, exact to the fen (分).
///
/// In JSON it is a string with at most two fraction digits, at most
/// `"100000000.00"`; it always prints with exactly two. A format's width,
/// fill and alignment are honoured, right-aligned by default as numbers are
/// (`{:10}`, `{:<10}`, `{:*^10}`); a precision is ignored.
///
/// ```
/// use youhui::Amount;
/// let a: Amount = "128.5".parse().unwrap();
/// assert_eq!(a.fen(), 12850);
/// assert_eq!(a.to_string(), "128.50");
/// assert_eq!(format!("[{a:10}]"), "[    128.50]");
/// assert!("1.234".parse::<Amount>().is_err());
/// assert!("-1".parse::<Amount>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(Fen);

impl Amount {
    /// Zero yuan.
    pub const ZERO: Amount = Amount(0);
    /// The largest amount the contract accepts, 100 000 000.00 yuan.
    pub const MAX: Amount = Amount(MAX_AMOUNT_FEN);

    /// An amount of `fen` (分), or `None` when it is negative or above [`Amount::MAX`].
    ///
    /// ```
    /// assert_eq!(youhui::Amount::from_fen(199).unwrap().to_string(), "1.99");
    /// assert!(youhui::Amount::from_fen(-1).is_none());
    /// ```
    pub fn from_fen(fen: i64) -> Option<Amount> {
        (0..=MAX_AMOUNT_FEN).contains(&fen).then_some(Amount(fen))
    }

    /// An amount of any size, as the engine reports totals (which may exceed the input limit).
    pub(crate) fn total(fen: Fen) -> Amount {
        Amount(fen)
    }

    /// The amount in fen (分).
    ///
    /// ```
    /// assert_eq!("0.07".parse::<youhui::Amount>().unwrap().fen(), 7);
    /// ```
    pub fn fen(self) -> i64 {
        self.0
    }

    /// The amount as a [`Decimal`] in yuan, with two fraction digits.
    ///
    /// ```
    /// let a: youhui::Amount = "9.9".parse().unwrap();
    /// assert_eq!(a.to_decimal().to_string(), "9.90");
    /// ```
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }
}

impl TryFrom<Decimal> for Amount {
    type Error = String;

    /// Accepts a non-negative decimal with at most two fraction digits, at most 10^8.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// let a = youhui::Amount::try_from(Decimal::new(12850, 2)).unwrap();
    /// assert_eq!(a.fen(), 12850);
    /// assert!(youhui::Amount::try_from(Decimal::new(1234, 3)).is_err());
    /// ```
    fn try_from(d: Decimal) -> Result<Amount, String> {
        let d2 = d.normalize();
        if d2.is_sign_negative() && !d2.is_zero() {
            return Err(format!("amount {d} is negative"));
        }
        if d2.scale() > 2 {
            return Err(format!("amount {d} has more than two fraction digits"));
        }
        scaled(d2, 2)
            .and_then(|f| Fen::try_from(f).ok())
            .and_then(Amount::from_fen)
            .ok_or_else(|| format!("amount {d} is above the limit 100000000.00"))
    }
}

impl FromStr for Amount {
    type Err = String;

    fn from_str(s: &str) -> Result<Amount, String> {
        let d = parse_decimal(s, "amount", 2)?;
        scaled(d, 2)
            .and_then(|f| Fen::try_from(f).ok())
            .and_then(Amount::from_fen)
            .ok_or_else(|| format!("amount {s:?} is above the limit 100000000.00"))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A column of amounts lines up (`{:>10}`), as numbers do: right
        // aligned unless asked otherwise. Not `f.pad`, which would cut the
        // text to a precision (`{:.1}` would print "12" for 128.50).
        use fmt::Write as _;
        let text = format_fen(self.0);
        let pad = f.width().unwrap_or(0).saturating_sub(text.len());
        let (before, after) = match f.align() {
            Some(fmt::Alignment::Left) => (0, pad),
            Some(fmt::Alignment::Center) => (pad / 2, pad - pad / 2),
            _ => (pad, 0),
        };
        let fill = f.fill();
        for _ in 0..before {
            f.write_char(fill)?;
        }
        f.write_str(&text)?;
        for _ in 0..after {
            f.write_char(fill)?;
        }
        Ok(())
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        bounded_from_json_str(
            d,
            "an amount as a JSON string such as \"128.50\"",
            amount_above_bound,
        )
    }
}

/// A fold (折): `"8.5"` means pay 85 %. At most two fraction digits, `0.1 <= fold < 10`.
///
/// ```
/// use youhui::Fold;
/// let f: Fold = "8.5".parse().unwrap();
/// assert_eq!(f.to_string(), "8.5");
/// assert!("0.05".parse::<Fold>().is_err()); // below the 0.1折 floor
/// assert!("10".parse::<Fold>().is_err());   // a fold of 10 takes nothing off
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fold(u16); // hundredths of a 折: "8.5" is 850

impl Fold {
    /// The fold in hundredths of a 折 (`"8.5"` → 850), from 10 to 999.
    ///
    /// ```
    /// assert_eq!("9.25".parse::<youhui::Fold>().unwrap().hundredths(), 925);
    /// ```
    pub fn hundredths(self) -> u16 {
        self.0
    }
}

impl FromStr for Fold {
    type Err = String;

    fn from_str(s: &str) -> Result<Fold, String> {
        let d = parse_decimal(s, "fold", 2)?;
        match scaled(d, 2).and_then(|h| u16::try_from(h).ok()) {
            Some(h @ 10..=999) => Ok(Fold(h)),
            _ => Err(format!(
                "fold {s:?} is out of range: a fold must satisfy 0.1 <= fold < 10 (\"8.5\" means pay 85 %)"
            )),
        }
    }
}

impl fmt::Display for Fold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Decimal::new(i64::from(self.0), 2).normalize())
    }
}

impl Serialize for Fold {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fold {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fold, D::Error> {
        from_json_str(d, "a fold as a JSON string such as \"8.5\"")
    }
}

/// A ratio in `(0, 1]` with at most four fraction digits, such as a rebate's `max_ratio`.
///
/// ```
/// use youhui::Ratio;
/// assert_eq!("0.1".parse::<Ratio>().unwrap().to_string(), "0.1");
/// assert!("0".parse::<Ratio>().is_err());
/// assert!("1.5".parse::<Ratio>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ratio(u32); // ten-thousandths

impl Ratio {
    /// The ratio in ten-thousandths (`"0.02"` → 200), from 1 to 10 000.
    ///
    /// ```
    /// assert_eq!("0.02".parse::<youhui::Ratio>().unwrap().ten_thousandths(), 200);
    /// ```
    pub fn ten_thousandths(self) -> u32 {
        self.0
    }
}

impl FromStr for Ratio {
    type Err = String;

    fn from_str(s: &str) -> Result<Ratio, String> {
        let d = parse_decimal(s, "ratio", 4)?;
        match scaled(d, 4).and_then(|h| u32::try_from(h).ok()) {
            Some(h @ 1..=10_000) => Ok(Ratio(h)),
            _ => Err(format!(
                "ratio {s:?} is out of range: a ratio must be in (0, 1]"
            )),
        }
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Decimal::new(i64::from(self.0), 4).normalize())
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ratio, D::Error> {
        from_json_str(d, "a ratio as a JSON string such as \"0.1\"")
    }
}

/// Points earned per yuan paid (积分赠送, `settings.points.earn_per_yuan`): a
/// decimal from 0 to 100 with at most two fraction digits.
///
/// ```
/// use youhui::EarnRate;
/// let r: EarnRate = "0.5".parse().unwrap();
/// assert_eq!(r.hundredths(), 50);
/// assert_eq!(r.to_string(), "0.5");
/// assert!("100.01".parse::<EarnRate>().is_err());
/// assert!("0.125".parse::<EarnRate>().is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EarnRate(u32); // hundredths of a point per yuan

impl EarnRate {
    /// The rate in hundredths of a point per yuan (`"0.5"` → 50), from 0 to 10 000.
    ///
    /// ```
    /// assert_eq!("2".parse::<youhui::EarnRate>().unwrap().hundredths(), 200);
    /// ```
    pub fn hundredths(self) -> u32 {
        self.0
    }
}

impl FromStr for EarnRate {
    type Err = String;

    fn from_str(s: &str) -> Result<EarnRate, String> {
        let d = parse_decimal(s, "earn_per_yuan", 2)?;
        match scaled(d, 2).and_then(|h| u32::try_from(h).ok()) {
            Some(h @ 0..=10_000) => Ok(EarnRate(h)),
            _ => Err(format!(
                "earn_per_yuan {s:?} is out of range: points earned per yuan run from 0 to 100"
            )),
        }
    }
}

impl fmt::Display for EarnRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Decimal::new(i64::from(self.0), 2).normalize())
    }
}

impl Serialize for EarnRate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EarnRate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EarnRate, D::Error> {
        from_json_str(d, "points per yuan as a JSON string such as \"0.5\"")
    }
}

/// Points used (积分抵扣; reference: [Points](crate::_documentation::reference#points-积分)): of a
/// `balance` of points, at most `⌊base × max_ratio⌋` (`base` in fen, one
/// point paying one fen), lowered to a whole multiple of `unit`. Never
/// above `balance` nor `base`; zero for a `unit` of 0 or a negative base.
pub(crate) fn points_used(balance: u64, base: Fen, max_ratio: Ratio, unit: u32) -> Fen {
    if unit == 0 {
        return 0;
    }
    let cap = ratio_floor(base.max(0), max_ratio).unsigned_abs();
    let n = balance.min(cap);
    narrow(i128::from(n - n % u64::from(unit)))
}

/// Points earned (积分赠送): `⌊paid × rate⌋` with `paid` in fen and the rate
/// per yuan, so `⌊paid × hundredths / 10 000⌋`, exactly. Zero for a
/// negative `paid`.
pub(crate) fn points_earned(paid: Fen, rate: EarnRate) -> u64 {
    let n = i128::from(paid.max(0)) * i128::from(rate.0) / 10_000;
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amount_honours_width_fill_and_alignment() {
        let a: Amount = "128.5".parse().unwrap();
        assert_eq!(format!("[{a}]"), "[128.50]");
        assert_eq!(format!("[{a:10}]"), "[    128.50]");
        assert_eq!(format!("[{a:>10}]"), "[    128.50]");
        assert_eq!(format!("[{a:<10}]"), "[128.50    ]");
        // 5 to fill: 2 before, 3 after, as `str` centres.
        assert_eq!(format!("[{a:*^11}]"), "[**128.50***]");
        assert_eq!(format!("[{:^11}]", "128.50"), "[  128.50   ]");
        assert_eq!(format!("[{a:3}]"), "[128.50]", "never cut to a width");
        assert_eq!(format!("[{a:.1}]"), "[128.50]", "never cut to a precision");
        assert_eq!(format!("[{a:>8.1}]"), "[  128.50]");
    }

    #[test]
    fn unit_share_spreads_the_remainder_over_the_first_units() {
        // 238.93 over 3 units: 23893 = 3 × 7964 + 1, so unit 0 carries 79.65,
        // units 1 and 2 carry 79.64 each.
        assert_eq!(unit_share(23893, 3, 0, 1), 7965);
        assert_eq!(unit_share(23893, 3, 1, 1), 7964);
        assert_eq!(unit_share(23893, 3, 2, 1), 7964);
        assert_eq!(unit_share(23893, 3, 0, 3), 23893);
        // 10 fen over 4 units: 2 each, units 0 and 1 one more: 3, 3, 2, 2.
        assert_eq!(unit_share(10, 4, 0, 2), 6);
        assert_eq!(unit_share(10, 4, 1, 2), 5);
        assert_eq!(unit_share(10, 4, 2, 2), 4);
        // Fewer fen than units: 2 fen over 5 units, 1, 1, 0, 0, 0.
        assert_eq!(unit_share(2, 5, 1, 1), 1);
        assert_eq!(unit_share(2, 5, 2, 3), 0);
        // Nothing to spread, no unit, a run cut to the units that exist.
        assert_eq!(unit_share(0, 3, 0, 3), 0);
        assert_eq!(unit_share(100, 0, 0, 1), 0);
        assert_eq!(unit_share(10, 4, 3, 5), 2);
        assert_eq!(unit_share(10, 4, 9, 1), 0);
    }

    #[test]
    fn unit_shares_of_any_runs_add_up_to_the_amount() {
        for x in [0, 1, 7, 99, 23893, MAX_AMOUNT_FEN * 100_000] {
            for q in [1u32, 2, 3, 7, 100_000] {
                for cut in [1u32, 2, 5] {
                    let (mut k, mut sum) = (0, 0);
                    while k < q {
                        let m = cut.min(q - k);
                        let s = unit_share(x, q, k, m);
                        assert!(s >= 0);
                        sum += s;
                        k += m;
                    }
                    assert_eq!(sum, x, "x {x} q {q} cut {cut}");
                }
            }
        }
    }

    #[test]
    fn amount_grammar() {
        for ok in [
            "0",
            "128",
            "128.5",
            "128.50",
            "0.01",
            "100000000",
            "100000000.00",
            "0128",
        ] {
            assert!(ok.parse::<Amount>().is_ok(), "{ok}");
        }
        for bad in [
            "",
            "-1",
            "+1",
            "1e5",
            "1_000",
            ".5",
            "1.",
            "1.234",
            " 1",
            "1 ",
            "100000000.01",
            "1.0.0",
            "NaN",
            "１",
        ] {
            assert!(bad.parse::<Amount>().is_err(), "{bad}");
        }
        assert_eq!(
            "100000000.00".parse::<Amount>().unwrap().fen(),
            10_000_000_000
        );
    }

    #[test]
    fn per_unit_up_never_shows_less_than_a_unit_costs() {
        // 100.00 over 3 = 33.333… → 33.34 (33.33 × 3 = 99.99 would be below 100.00).
        assert_eq!(per_unit_up(10_000, 3), 3_334);
        // 0.01 over 2 = 0.005 → 0.01.
        assert_eq!(per_unit_up(1, 2), 1);
        // Exact divisions are not raised: 197.60 over 2 = 98.80.
        assert_eq!(per_unit_up(19_760, 2), 9_880);
        assert_eq!(per_unit_up(0, 7), 0);
        // One unit is the total itself; 0 units count as 1; never below zero.
        assert_eq!(per_unit_up(12_345, 1), 12_345);
        assert_eq!(per_unit_up(12_345, 0), 12_345);
        assert_eq!(per_unit_up(-5, 3), 0);
        // The largest total a preview can pay (10^8 yuan × 100 units) over 99.
        assert_eq!(per_unit_up(MAX_AMOUNT_FEN * 100, 99), 10_101_010_102);
        for total in [1, 2, 99, 100, 101, 9_999, 10_001] {
            for units in 1..=12 {
                let each = per_unit_up(total, units);
                let q = i64::from(units);
                assert!(
                    each * q >= total && (each - 1) * q < total,
                    "{total}/{units}"
                );
            }
        }
    }

    #[test]
    fn amount_rejects_json_numbers() {
        let e = serde_json::from_str::<Amount>("128")
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected an amount as a JSON string"), "{e}");
    }

    #[test]
    fn fold_bounds() {
        assert_eq!("0.1".parse::<Fold>().unwrap().0, 10);
        assert_eq!("9.99".parse::<Fold>().unwrap().0, 999);
        assert!("0.09".parse::<Fold>().is_err());
        assert!("10".parse::<Fold>().is_err());
        assert!("8.555".parse::<Fold>().is_err());
    }

    #[test]
    fn rounding_modes() {
        // 12.345 yuan at every mode: 1234.5 fen.
        let f = Fold(500); // 5折 of 2469 fen = 1234.5 fen
        assert_eq!(fold_price(2469, f, Rounding::HalfUp), 1235);
        assert_eq!(fold_price(2469, f, Rounding::Down), 1234);
        assert_eq!(fold_price(2469, f, Rounding::Up), 1235);
        // 2468 × 0.5 = 1234 exactly: no mode moves an exact value.
        for m in [Rounding::HalfUp, Rounding::Down, Rounding::Up] {
            assert_eq!(fold_price(2468, f, m), 1234);
        }
        // 1001 × 0.85 = 850.85 fen.
        assert_eq!(fold_price(1001, Fold(850), Rounding::HalfUp), 851);
        assert_eq!(fold_price(1001, Fold(850), Rounding::Down), 850);
        // 1003 × 0.85 = 852.55; 1002 × 0.85 = 851.7; 1004 × 0.85 = 853.4
        assert_eq!(fold_price(1004, Fold(850), Rounding::HalfUp), 853);
        assert_eq!(fold_price(1004, Fold(850), Rounding::Up), 854);
    }

    #[test]
    fn allocation_by_largest_remainder() {
        let mut out = Vec::new();
        let allocate = |r, w: &[i64], out: &mut Vec<i64>| {
            out.clear();
            out.resize(w.len(), 0);
            allocate(r, w, out, |a, b| a < b)
        };
        // 100 fen over 1:1:1 → 33.33 each; one fen left goes to the first line.
        allocate(100, &[1, 1, 1], &mut out);
        assert_eq!(out, vec![34, 33, 33]);
        // 10 fen over 3:3:4 → 3, 3, 4 exactly.
        allocate(10, &[3, 3, 4], &mut out);
        assert_eq!(out, vec![3, 3, 4]);
        // 7 over 1:2:4 → 1, 2, 4.
        allocate(7, &[1, 2, 4], &mut out);
        assert_eq!(out, vec![1, 2, 4]);
        // 5 over 1:1:1:1:1:1 → floor 0 each, remainders 5/6 all equal: the first five.
        allocate(5, &[1; 6], &mut out);
        assert_eq!(out, vec![1, 1, 1, 1, 1, 0]);
        // 3 over 2:3:5 → 0.6, 0.9, 1.5 → floors 0,0,1, remainders .6 .9 .5 → +1 to 2nd and 1st.
        allocate(3, &[2, 3, 5], &mut out);
        assert_eq!(out, vec![1, 1, 1]);
        allocate(0, &[0, 0], &mut out);
        assert_eq!(out, vec![0, 0]);
        // 1 over 1:2 → 1/3, 2/3: floors 0, 0; the fen to the larger remainder.
        allocate(1, &[1, 2], &mut out);
        assert_eq!(out, vec![0, 1]);
        // 2 over 1:1:2 → 0.5, 0.5, 1: floors 0, 0, 1; one fen left for two
        // equal remainders: the first line.
        allocate(2, &[1, 1, 2], &mut out);
        assert_eq!(out, vec![1, 0, 1]);
        // 3 over 1:1:3 → 0.6, 0.6, 1.8: floors 0, 0, 1; two fen left: one to
        // the largest remainder (.8), one to the first of the two at .6.
        allocate(3, &[1, 1, 3], &mut out);
        assert_eq!(out, vec![1, 0, 2]);
        // 4 over 1:1:1:3 → 0.67, 0.67, 0.67, 2: floors 0, 0, 0, 2; two fen
        // left for three equal remainders (4/6 each, the last line's is 0):
        // the first two lines.
        allocate(4, &[1, 1, 1, 3], &mut out);
        assert_eq!(out, vec![1, 1, 0, 2]);
        // 5 over 1:1:1:3 → 0.83 each, 2.5: floors 0, 0, 0, 2; three fen left,
        // remainders 5/6, 5/6, 5/6, 3/6: one to each of the three equal ones.
        allocate(5, &[1, 1, 1, 3], &mut out);
        assert_eq!(out, vec![1, 1, 1, 2]);
    }

    #[test]
    fn the_cut_is_read_off_the_sorted_remainders() {
        // Remainders 1 2 3 3 3 5, ascending; (fen to those equal to the cut,
        // how many are equal to it, the cut) for each number of fen left.
        let sorted = [1, 2, 3, 3, 3, 5];
        // 1 fen: the 5 alone.
        assert_eq!(the_cut(&sorted, 1), (1, 1, 5));
        // 2 fen: the 5, then one of the three 3s.
        assert_eq!(the_cut(&sorted, 2), (1, 3, 3));
        // 3 fen: the 5, then two of the three 3s.
        assert_eq!(the_cut(&sorted, 3), (2, 3, 3));
        // 4 fen: the 5 and all three 3s.
        assert_eq!(the_cut(&sorted, 4), (3, 3, 3));
        // 6 fen: every remainder, the cut the 1 alone.
        assert_eq!(the_cut(&sorted, 6), (1, 1, 1));
        // All equal, 2 fen of 3: two of the three.
        assert_eq!(the_cut(&[7, 7, 7], 2), (2, 3, 7));
    }

    #[test]
    fn allocation_agrees_on_the_fast_and_the_wide_path() {
        // 10^10 fen over weights near 10^15 overflows u64 products: the i128 path.
        let mut out = Vec::new();
        let allocate = |r, w: &[i64], out: &mut Vec<i64>| {
            out.clear();
            out.resize(w.len(), 0);
            allocate(r, w, out, |a, b| a < b)
        };
        let w = [1_000_000_000_000_000, 999_999_999_999_999, 3];
        allocate(10_000_000_000, &w, &mut out);
        assert_eq!(out.iter().sum::<i64>(), 10_000_000_000);
        // The same proportions scaled down take the u64 path and give the same shares.
        let mut small = Vec::new();
        allocate(10, &[2, 2, 1], &mut small);
        allocate(
            10_000_000_000,
            &[
                2_000_000_000_000_000,
                2_000_000_000_000_000,
                1_000_000_000_000_000,
            ],
            &mut out,
        );
        assert_eq!(small, vec![4, 4, 2]);
        assert_eq!(out, vec![4_000_000_000, 4_000_000_000, 2_000_000_000]);
        // 20 equal lines (past the stack buffer), 7 fen: the first 7 lines.
        allocate(7, &[5; 20], &mut out);
        assert_eq!(out.iter().take(7).copied().collect::<Vec<_>>(), vec![1; 7]);
        assert!(out.iter().skip(7).all(|&x| x == 0));
    }

    #[test]
    fn the_wide_path_hands_the_left_fen_by_remainder() {
        // r × max w = 5746962816 × 4219466552 ≈ 2.4 × 10^19 > u64::MAX: the i128 path.
        // Σw = 8506290506. Floors and remainders of r × w_i / Σw:
        //   w0 = 544169063:  367647844, remainder 5709992344
        //   w1 = 3742654891: 2528587340, remainder 7863739016
        //   w2 = 4219466552: 2850727630, remainder 3438849652
        // Σ floors = 5746962814: two fen left, to the two largest remainders,
        // w1 then w0 (not to the first lines, nor by the size of the share).
        let mut out = vec![0; 3];
        let w = [544_169_063, 3_742_654_891, 4_219_466_552];
        allocate(5_746_962_816, &w, &mut out, |a, b| a < b);
        assert_eq!(out.iter().sum::<i64>(), 5_746_962_816);
        assert_eq!(out, [367_647_845, 2_528_587_341, 2_850_727_630]);
    }

    #[test]
    fn a_summed_split_is_the_split_of_its_weights() {
        // 5 over 3 : 3 : 4 (Σw = 10): floors 1, 1, 2 with remainders 5, 5, 0;
        // one fen left, tied between the first two: to the first by `before`.
        let mut out = vec![0; 3];
        allocate_summed(5, 10, &[3, 3, 4], &mut out, |a, b| a < b);
        assert_eq!(out, [2, 1, 2]);
        // The same tie, `before` preferring the later line.
        allocate_summed(5, 10, &[3, 3, 4], &mut out, |a, b| a > b);
        assert_eq!(out, [1, 2, 2]);
    }

    #[test]
    fn a_summed_split_takes_the_wide_path_when_r_times_the_sum_does_not_fit() {
        // r × Σw = 10^10 × 2 × 10^10 = 2 × 10^20 > u64::MAX (≈ 1.8 × 10^19),
        // and so is each product r × w = 10^20: only the i128 path is right
        // (the u64 one overflows): 10^10 × 10^10 / (2 × 10^10) = 5 × 10^9 each.
        let mut out = vec![0; 2];
        let w = [10_000_000_000; 2];
        allocate_summed(10_000_000_000, 20_000_000_000, &w, &mut out, |a, b| a < b);
        assert_eq!(out, [5_000_000_000; 2]);
    }

    #[test]
    fn nothing_to_hand_out_over_no_weight() {
        // Σw = 0 gives every line 0, whatever r (and divides by nothing).
        let mut out = vec![7; 2];
        allocate(5, &[0, 0], &mut out, |a, b| a < b);
        assert_eq!(out, [0, 0]);
        let mut out = vec![7; 2];
        allocate(0, &[3, 4], &mut out, |a, b| a < b);
        assert_eq!(out, [0, 0]);
    }

    #[test]
    fn wide_division_rounds_like_the_narrow_one() {
        // 10^21 + 7 over 1000 does not fit a u64: 10^18 rem 7.
        let big = 1_000_000_000_000_000_000_007i128;
        assert_eq!(
            div_round(big, 1000, Rounding::Down),
            1_000_000_000_000_000_000
        );
        assert_eq!(
            div_round(big, 1000, Rounding::Up),
            1_000_000_000_000_000_001
        );
        assert_eq!(
            div_round(big, 1000, Rounding::HalfUp),
            1_000_000_000_000_000_000
        );
        // … + 500: exactly half a unit, rounds up.
        let half = 1_000_000_000_000_000_000_500i128;
        assert_eq!(
            div_round(half, 1000, Rounding::HalfUp),
            1_000_000_000_000_000_001
        );
        assert_eq!(
            div_round(half - 1, 1000, Rounding::HalfUp),
            1_000_000_000_000_000_000
        );
        // A fold of the largest legal line (10^18 fen) at 8.5折: 8.5 × 10^17 exactly.
        assert_eq!(
            fold_price(1_000_000_000_000_000_000, Fold(850), Rounding::HalfUp),
            850_000_000_000_000_000
        );
    }

    #[test]
    fn narrowing_saturates_both_ways() {
        assert_eq!(narrow(-5), -5);
        assert_eq!(narrow(0), 0);
        assert_eq!(narrow(i128::from(Fen::MAX) + 1), Fen::MAX);
        assert_eq!(narrow(i128::from(Fen::MIN) - 1), Fen::MIN);
        assert_eq!(narrow(i128::MIN), Fen::MIN);
    }

    #[test]
    fn decimals_in_and_out() {
        let a = Amount(12_850);
        assert_eq!(a.to_decimal(), Decimal::new(12_850, 2));
        assert_eq!(a.to_decimal().to_string(), "128.50");
        let from = |m: i64, scale: u32| Amount::try_from(Decimal::new(m, scale));
        assert_eq!(from(12_850, 2), Ok(Amount(12_850)));
        assert_eq!(from(1285, 1), Ok(Amount(12_850)));
        // 1.230 normalizes to two fraction digits; 1.234 does not.
        assert_eq!(from(1230, 3), Ok(Amount(123)));
        assert!(from(1234, 3)
            .unwrap_err()
            .contains("more than two fraction digits"));
        assert!(from(-1, 2).unwrap_err().contains("is negative"));
        assert_eq!(Amount::try_from(-Decimal::ZERO), Ok(Amount(0)));
        assert_eq!(from(10_000_000_000, 2), Ok(Amount::MAX));
        assert!(from(10_000_000_001, 2)
            .unwrap_err()
            .contains("above the limit"));
    }

    #[test]
    fn a_long_decimal_is_refused_before_it_is_parsed() {
        // 32 characters are read; 33 are too long.
        let at_limit = format!("{}1.50", "0".repeat(28));
        assert_eq!(at_limit.len(), 32);
        assert_eq!(at_limit.parse::<Amount>(), Ok(Amount(150)));
        let over = format!("0{at_limit}");
        assert!(over.parse::<Amount>().unwrap_err().contains("too long"));
    }

    #[test]
    fn sums_print_and_average_exactly() {
        let mut s = Sum::default();
        s.add(1001i64);
        assert_eq!(s.fen(), 1001);
        // 10.01 / 2 = 5.005 → 5.01 (half up); / 3 = 3.3366… → 3.34; / 7 = 1.43 (1.43)
        assert_eq!(s.average(2), Sum(501));
        assert_eq!(s.average(3), Sum(334));
        assert_eq!(s.average(7), Sum(143));
        assert_eq!(s.average(4), Sum(250)); // 2.5025 → 2.50
        assert_eq!(s.average(0), Sum(0));
        assert_eq!(Sum(-5).average(1), Sum(0));
        // Past i64 and Amount::MAX, still exact.
        let big = Sum::of_fen(i128::from(i64::MAX) * 10 + 7);
        assert_eq!(big.to_string(), "922337203685477580.77");
        assert_eq!(Sum(-7).to_string(), "-0.07");
        assert_eq!(serde_json::to_string(&Sum(12_850)).unwrap(), "\"128.50\"");
        let mut top = Sum(i128::MAX);
        top.add(1i64);
        assert_eq!(top, Sum(i128::MAX));
    }

    #[test]
    fn unit_floor_is_the_larger_floor() {
        assert_eq!(unit_floor(5_000), 100); // 50.00: 1.00 is the higher floor
        assert_eq!(unit_floor(150_000), 1_500); // 1500.00: 0.1折 is 15.00
        assert_eq!(unit_floor(150_001), 1_501); // 15.0001 rounds up to 15.01
        for p in [1, 99, 100, 10_001, 150_001, MAX_AMOUNT_FEN] {
            let f = unit_floor(p);
            assert!(
                f >= UNIT_FLOOR
                    && !below_tenth_fold(f, p)
                    && (f == UNIT_FLOOR || below_tenth_fold(f - 1, p))
            );
        }
    }

    #[test]
    fn formatting() {
        assert_eq!(format_fen(0), "0.00");
        assert_eq!(format_fen(5), "0.05");
        assert_eq!(format_fen(12850), "128.50");
        assert_eq!(Fold(850).to_string(), "8.5");
        assert_eq!(Fold(900).to_string(), "9");
        assert_eq!(Ratio(200).to_string(), "0.02");
    }

    #[test]
    fn points_used_is_the_smaller_cap_lowered_to_the_unit() {
        let half: Ratio = "0.5".parse().unwrap();
        let all: Ratio = "1".parse().unwrap();
        // B = 100.01 → ⌊10001 × 0.5⌋ = 5000; the balance 9999 does not bind.
        assert_eq!(points_used(9_999, 10_001, half, 1), 5_000);
        // The balance binds: 4321 < 5000.
        assert_eq!(points_used(4_321, 10_001, half, 1), 4_321);
        // Lowered to a multiple of 100: 4321 → 4300; 5000 stays.
        assert_eq!(points_used(4_321, 10_001, half, 100), 4_300);
        assert_eq!(points_used(9_999, 10_001, half, 100), 5_000);
        // Exactly a multiple, and one below it.
        assert_eq!(points_used(300, 10_000, all, 300), 300);
        assert_eq!(points_used(299, 10_000, all, 300), 0);
        // The whole base with max_ratio 1, never more.
        assert_eq!(points_used(u64::MAX, 12_345, all, 1), 12_345);
        // Nothing: no balance, no base, a unit of 0.
        assert_eq!(points_used(0, 10_000, all, 1), 0);
        assert_eq!(points_used(500, 0, all, 1), 0);
        assert_eq!(points_used(500, -5, all, 1), 0);
        assert_eq!(points_used(500, 10_000, all, 0), 0);
        // ⌊1 × 0.5⌋ = 0: a fen of base pays no point at half.
        assert_eq!(points_used(500, 1, half, 1), 0);
        // The largest balance on the largest base: no overflow.
        let big = 1_000 * 100_000 * MAX_AMOUNT_FEN;
        assert_eq!(
            points_used(1_000_000_000_000, big, all, 10_000),
            1_000_000_000_000
        );
    }

    #[test]
    fn points_earned_is_floored_exactly() {
        let half: EarnRate = "0.5".parse().unwrap();
        // ¥109.00 at 0.5 → 54.5 → 54.
        assert_eq!(points_earned(10_900, half), 54);
        // ¥109.99 at 0.5 → 54.995 → 54; ¥110.00 → 55.
        assert_eq!(points_earned(10_999, half), 54);
        assert_eq!(points_earned(11_000, half), 55);
        // 0.01 yuan at 100 per yuan → 1; at 99.99 → 0.9999 → 0.
        assert_eq!(points_earned(1, "100".parse().unwrap()), 1);
        assert_eq!(points_earned(1, "99.99".parse().unwrap()), 0);
        assert_eq!(points_earned(12_345, "1.23".parse().unwrap()), 151); // 123.45 × 1.23 = 151.84…
        assert_eq!(points_earned(10_900, EarnRate::default()), 0);
        assert_eq!(points_earned(-100, half), 0);
        let big = 1_000 * 100_000 * MAX_AMOUNT_FEN;
        assert_eq!(
            points_earned(big, "100".parse().unwrap()),
            1_000_000_000_000_000_000
        );
    }

    #[test]
    fn earn_rate_grammar() {
        assert_eq!("0".parse::<EarnRate>().unwrap().hundredths(), 0);
        assert_eq!("100".parse::<EarnRate>().unwrap().hundredths(), 10_000);
        assert_eq!("100.00".parse::<EarnRate>().unwrap().to_string(), "100");
        assert_eq!("0.05".parse::<EarnRate>().unwrap().to_string(), "0.05");
        for bad in ["100.01", "101", "-1", "1e2", "0.001", "", "abc"] {
            assert!(bad.parse::<EarnRate>().is_err(), "{bad}");
        }
        let e = "100.5".parse::<EarnRate>().unwrap_err();
        assert!(e.contains("earn_per_yuan") && e.contains("0 to 100"), "{e}");
        assert_eq!(
            serde_json::to_string(&"1.5".parse::<EarnRate>().unwrap()).unwrap(),
            "\"1.5\""
        );
        assert!(serde_json::from_str::<EarnRate>("0.5").is_err());
    }
}
