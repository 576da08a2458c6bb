//! What the bundle search works on: the shop's units of each SKU the
//! bundles use, the bundles that can form a set, whether a set is valid, and
//! which bundles share SKUs.

use crate::ids::{LineIx, PromoId};
use crate::limits;
use crate::money::{self, Fen};

use super::super::state::UnitDiscount;
use super::super::why::Why;

/// One SKU the shop's bundles use: its lines in id order.
#[derive(Debug, Default)]
pub(super) struct Sku {
    /// (line, units, unit price), in line id order.
    pub(super) lines: Vec<(LineIx, i64, Fen)>,
    /// The same lines, and what the best item discount takes off a unit of each.
    pub(super) ix: Vec<LineIx>,
    pub(super) off: Vec<Fen>,
    pub(super) total: i64,
    /// Per line, what the best item discount without `max_units` takes off
    /// a unit of it (0 without one).
    pub(super) unlimited: Vec<Fen>,
    /// The item discounts with `max_units` or of 第N件X折 on the SKU's
    /// lines: (the look, the most it takes off a unit of any of them, its
    /// `max_units` (`i64::MAX` without), its `n` (1 for every unit)).
    pub(super) limited: Vec<(u32, Fen, i64, i64)>,
    /// The lines by index, each with its place in `lines` (to find a
    /// line's units left in a logarithmic time).
    place: Vec<(LineIx, usize)>,
    /// Per line, the SKU's units on the lines before it.
    before: Vec<i64>,
}

impl Sku {
    /// Empties the SKU, keeping its buffers for the next.
    pub(super) fn clear(&mut self) {
        self.lines.clear();
        self.ix.clear();
        self.off.clear();
        self.total = 0;
        self.unlimited.clear();
        self.limited.clear();
        self.place.clear();
        self.before.clear();
    }

    /// Adds the next line (in id order): `off` is what its best item
    /// discount takes off a unit, `unlimited` the same of those without
    /// `max_units`.
    pub(super) fn push(&mut self, i: LineIx, qty: i64, unit: Fen, off: Fen, unlimited: Fen) {
        let at = self.lines.len();
        self.before.push(self.total);
        self.lines.push((i, qty, unit));
        self.ix.push(i);
        self.off.push(off);
        self.unlimited.push(unlimited);
        self.total += qty;
        let k = self.place.partition_point(|p| p.0 < i);
        self.place.insert(k, (i, at));
    }

    /// Adds line `i` (`qty` units at `unit`) with the item discounts that
    /// may apply to it (`offers`): what the best of them takes off a unit,
    /// what the best that discounts every unit without `max_units` takes, and
    /// each of the others (a `max_units`, or every n-th unit of 第N件X折)
    /// noted apart, for the bound.
    pub(super) fn push_line(&mut self, i: LineIx, qty: i64, unit: Fen, offers: &[UnitDiscount]) {
        let every_unit = |d: &UnitDiscount| d.limit.is_none() && d.every == 1;
        let best = offers.iter().map(|d| d.per_unit).max().unwrap_or(0);
        let unlimited = offers
            .iter()
            .filter(|d| every_unit(d))
            .map(|d| d.per_unit)
            .max()
            .unwrap_or(0);
        self.push(i, qty, unit, best, unlimited);
        for d in offers.iter().filter(|d| !every_unit(d)) {
            let limit = d.limit.map_or(i64::MAX, i64::from);
            self.every_nth(d.look, d.per_unit, limit, i64::from(d.every));
        }
    }

    /// Notes an item discount with `max_units` `limit` (of look `look`)
    /// that takes `per_unit` off a unit of one of the lines.
    #[cfg(test)]
    pub(super) fn limit(&mut self, look: u32, per_unit: Fen, limit: i64) {
        self.every_nth(look, per_unit, limit, 1);
    }

    /// Notes a 第N件X折 (of look `look`, `every` its `n`) that takes
    /// `per_unit` off a discounted unit of one of the lines, with `max_units`
    /// `limit` (`i64::MAX` without).
    pub(super) fn every_nth(&mut self, look: u32, per_unit: Fen, limit: i64, every: i64) {
        match self.limited.iter_mut().find(|l| l.0 == look) {
            Some(l) => l.1 = l.1.max(per_unit),
            None => self.limited.push((look, per_unit, limit, every)),
        }
    }

    /// Units of line `i` left after the sets took the SKU's first `taken`.
    pub(super) fn free(&self, i: LineIx, taken: i64) -> i64 {
        match self.place.binary_search_by(|p| p.0.cmp(&i)) {
            Ok(k) => {
                let at = self.place[k].1;
                let qty = self.lines[at].1;
                (qty - (taken - self.before[at]).clamp(0, qty)).max(0)
            }
            Err(_) => 0,
        }
    }

    /// What the item discounts give the SKU's units after the first `taken`.
    pub(super) fn item_value(&self, items: &ItemValue<'_>, taken: i64) -> Fen {
        items(&self.ix, &|i| self.free(i, taken))
    }

    /// A bound of [`item_value`](Self::item_value) that costs no item
    /// discount, in two parts: each unit left at its best discount without
    /// `max_units` (this part), and each discount with `max_units` or of
    /// 第N件X折 on as many units as it may discount
    /// ([`limited_bound`](Self::limited_bound)). Without those, this part is
    /// exact.
    pub(super) fn unlimited_bound(&self, taken: i64) -> i128 {
        let mut bound: i128 = 0;
        let mut skip = taken;
        for (k, &(_, qty, _)) in self.lines.iter().enumerate() {
            let free = qty - skip.clamp(0, qty);
            skip -= qty - free;
            bound += i128::from(free) * i128::from(self.unlimited[k]);
        }
        bound
    }

    /// The other part of the bound of [`item_value`](Self::item_value): what
    /// the discounts with `max_units` or of 第N件X折 may give the units left
    /// after the first `taken` at most (never more for a larger `taken`). A
    /// 第N件X折 discounts `Σ ⌊free / n⌋ <= ⌊left / n⌋` of them over the lines.
    pub(super) fn limited_bound(&self, taken: i64) -> i128 {
        let left = (self.total - taken).max(0);
        self.limited
            .iter()
            .map(|&(_, per_unit, limit, every)| {
                i128::from(per_unit) * i128::from(limit.min(left / every))
            })
            .sum()
    }

    /// The (line, units, unit price) pieces of the `n` units after the first `from`.
    pub(super) fn pieces(
        &self,
        from: i64,
        n: i64,
    ) -> impl Iterator<Item = (LineIx, i64, Fen)> + '_ {
        let mut skip = from;
        let mut want = n;
        self.lines.iter().filter_map(move |&(i, qty, unit)| {
            if want == 0 {
                return None;
            }
            if skip >= qty {
                skip -= qty;
                return None;
            }
            let take = (qty - skip).min(want);
            skip = 0;
            want -= take;
            Some((i, take, unit))
        })
    }

    /// Σ unit price of the `n` units after the first `from`.
    pub(super) fn price_of(&self, from: i64, n: i64) -> Fen {
        self.pieces(from, n).map(|(_, u, p)| u * p).sum()
    }
}

/// A bundle that the shop's lines can form a set of.
#[derive(Debug)]
pub(super) struct Formable {
    pub(super) promo: PromoId,
    /// (SKU, units in one set): the first `n_items`.
    pub(super) item_buf: [(usize, i64); limits::MAX_BUNDLE_ITEMS],
    pub(super) n_items: usize,
    pub(super) price: Fen,
    /// The most sets its `max_sets` and the shop's units allow.
    pub(super) cap: i64,
    /// Units in one set.
    pub(super) units: i64,
}

impl Formable {
    /// (SKU, units in one set).
    pub(super) fn items(&self) -> &[(usize, i64)] {
        &self.item_buf[..self.n_items]
    }
}

/// What is wrong with a set, if anything, given its original.
pub(super) fn set_problem(f: &Formable, original: Fen) -> Option<Why> {
    // 1.00 a unit, and 0.1折 of the items' original (price >= original / 100).
    if f.price < money::UNIT_FLOOR * f.units || f.price * 100 < original {
        return Some(Why::SetBelowFloor {
            original,
            price: f.price,
            units: f.units,
        });
    }
    if f.price >= original {
        return Some(Why::SetNotCheaper {
            original,
            price: f.price,
        });
    }
    None
}

/// The most sets of a bundle its `max_sets` and the shop's units allow:
/// `items` gives, per item, the units the shop has of its SKU and the units
/// one set takes.
pub(super) fn most_sets(max_sets: Option<u32>, items: impl Iterator<Item = (i64, i64)>) -> i64 {
    items.fold(max_sets.map_or(i64::MAX, i64::from), |cap, (have, q)| {
        cap.min(have / q)
    })
}

/// Bundles of a shop, and sets of each, within which the contract promises a
/// price (section 3.6): the search then runs to its end, however long.
pub(super) const PROMISED_BUNDLES: usize = 8;
pub(super) const PROMISED_SETS: i64 = 10;

/// Whether bundles that share SKUs are within the contract's promise.
pub(super) fn guaranteed<'a>(formable: impl IntoIterator<Item = &'a Formable>) -> bool {
    let mut n = 0;
    for f in formable {
        n += 1;
        if f.cap > PROMISED_SETS {
            return false;
        }
    }
    n <= PROMISED_BUNDLES
}

/// The search ran out of steps.
pub(super) struct Exhausted;

/// The groups of formable bundles that share SKUs (directly or through
/// others), each in id order.
pub(super) fn groups(formable: &[Formable], skus: usize) -> Vec<Vec<usize>> {
    let m = formable.len();
    let mut root: Vec<usize> = (0..m).collect();
    pub(super) fn find(root: &mut [usize], mut x: usize) -> usize {
        while root[x] != x {
            root[x] = root[root[x]];
            x = root[x];
        }
        x
    }
    // Each bundle joins the first bundle that used each of its SKUs.
    let mut first = vec![usize::MAX; skus];
    for (b, f) in formable.iter().enumerate() {
        for &(s, _) in f.items() {
            if first[s] == usize::MAX {
                first[s] = b;
            } else {
                let (ra, rb) = (find(&mut root, first[s]), find(&mut root, b));
                root[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut at: Vec<usize> = vec![usize::MAX; m];
    for b in 0..m {
        let r = find(&mut root, b);
        if at[r] == usize::MAX {
            at[r] = out.len();
            out.push(Vec::new());
        }
        out[at[r]].push(b);
    }
    out
}

/// What the item discounts give on `lines` with `free(i)` units each.
pub(crate) type ItemValue<'f> = dyn Fn(&[LineIx], &dyn Fn(LineIx) -> i64) -> Fen + 'f;
