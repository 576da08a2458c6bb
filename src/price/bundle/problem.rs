//! What the bundle search works on: the shop's units of each SKU the
//! bundles use, the bundles that can form a set, whether a set is valid, and
//! which bundles share SKUs.

use crate::ids::{LineIx, PromoId};
use crate::limits;
use crate::money::{self, Fen};

use super::super::why::Why;

/// One SKU the shop's bundles use: its lines in id order.
pub(super) struct Sku {
    /// (line, units, unit price), in line id order.
    pub(super) lines: Vec<(LineIx, i64, Fen)>,
    /// The same lines, and what the best item discount takes off a unit of each.
    pub(super) ix: Vec<LineIx>,
    pub(super) off: Vec<Fen>,
    pub(super) total: i64,
}

impl Sku {
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

/// Whether the shop's formable bundles are within the contract's promise.
pub(super) fn guaranteed(formable: &[Formable]) -> bool {
    formable.len() <= PROMISED_BUNDLES && formable.iter().all(|f| f.cap <= PROMISED_SETS)
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
