//! A bundle that shares no SKU with another bundle: a one-dimensional
//! choice, solved directly and never refused.
//!
//! The only question is how many sets `k` to form. The sets take their
//! units from the front of each SKU's lines, so the sets split into runs:
//! in a run, every item's units of each set come from one line, so each set
//! of the run saves the same, and is valid or not alike (a run is cut where
//! a set spans two lines, so there are at most two runs per line, plus one).
//! Over a run, what the sets save grows by the same amount a set, and what
//! the item discounts give the units left is bounded by a line through the
//! run's ends (each unit left at its best discount without `max_units`, and
//! each discount with `max_units` or of 第N件X折 on what it may discount);
//! where there are none of those that bound is exact. A run is split in halves
//! until its bound cannot beat the best `k` found (or it is one set long):
//! without `max_units` each run costs the value of its two ends.
//!
//! The best `k` has the highest reduction (the sets' savings and the item
//! discounts on the units left); of equal ones, the fewest sets — the
//! contract's tie for one bundle.

use crate::money::Fen;

use super::problem::{set_problem, Formable, ItemValue, Sku};

/// `k` sets of the bundle, and what they and the item discounts make.
#[derive(Clone, Copy, Debug)]
struct Value {
    reduction: i128,
    sets: i64,
}

impl Value {
    /// Whether this is the better of the two: more reduction, then fewer sets.
    fn beats(&self, other: &Value) -> bool {
        (self.reduction, -self.sets) > (other.reduction, -other.sets)
    }
}

/// A run of sets, each of which saves `saving`: sets `first..first + n`;
/// `before` is what the sets before `first` save together.
struct Run {
    first: i64,
    n: i64,
    saving: i128,
    before: i128,
}

/// The best number of sets of `f`, alone on its SKUs.
pub(super) fn best_sets(f: &Formable, skus: &[Sku], items: &ItemValue<'_>) -> i64 {
    let runs = runs(f, skus);
    let lone = Lone { f, skus, items };
    let mut best = lone.value(&runs, 0, 0);
    for (r, run) in runs.iter().enumerate() {
        let end = lone.value(&runs, r, run.first + run.n);
        if end.beats(&best) {
            best = end;
        }
    }
    for (r, run) in runs.iter().enumerate() {
        lone.within(&runs, r, run.first, run.first + run.n, &mut best);
    }
    best.sets
}

/// The runs of the bundle's sets, up to its cap or its first set that is
/// not valid (a set is valid or not by its original alone).
fn runs(f: &Formable, skus: &[Sku]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut before: i128 = 0;
    let mut j = 0;
    while j < f.cap {
        let mut n = f.cap - j;
        for &(s, q) in f.items() {
            // The line of the set's first unit of this item, and its end.
            let at = j * q;
            let end = skus[s]
                .lines
                .iter()
                .scan(0, |end, l| {
                    *end += l.1;
                    Some(*end)
                })
                .find(|&end| end > at)
                .unwrap_or(at);
            // Sets whose units all fit in that line; a set across two lines alone.
            n = n.min(((end - at) / q).max(1));
        }
        let original: Fen = f
            .items()
            .iter()
            .map(|&(s, q)| skus[s].price_of(j * q, q))
            .sum();
        if set_problem(f, original).is_some() {
            break;
        }
        let saving = i128::from(original - f.price);
        runs.push(Run {
            first: j,
            n,
            saving,
            before,
        });
        before += saving * i128::from(n);
        j += n;
    }
    runs
}

struct Lone<'a, 'b, 'f> {
    f: &'a Formable,
    skus: &'a [Sku],
    items: &'b ItemValue<'f>,
}

impl Lone<'_, '_, '_> {
    /// What the sets save with `k` sets, `k` within run `r` (or its end).
    fn savings(runs: &[Run], r: usize, k: i64) -> i128 {
        match runs.get(r) {
            Some(run) => run.before + run.saving * i128::from(k - run.first),
            None => 0,
        }
    }

    /// The value of `k` sets, `k` within run `r` (or its end).
    fn value(&self, runs: &[Run], r: usize, k: i64) -> Value {
        let items: i128 = self
            .f
            .items()
            .iter()
            .map(|&(s, q)| i128::from(self.skus[s].item_value(self.items, k * q)))
            .sum();
        Value {
            reduction: Self::savings(runs, r, k) + items,
            sets: k,
        }
    }

    /// A bound of the reduction of every `k` from `a` to `b` within run `r`:
    /// the sets' savings and each unit left at its best discount without
    /// `max_units` are a line in `k` (its larger end bounds it), and what the
    /// discounts with `max_units` may give only shrinks as `k` grows.
    fn bound(&self, runs: &[Run], r: usize, a: i64, b: i64) -> i128 {
        let line = |k: i64| -> i128 {
            let items: i128 = self
                .f
                .items()
                .iter()
                .map(|&(s, q)| self.skus[s].unlimited_bound(k * q))
                .sum();
            Self::savings(runs, r, k) + items
        };
        let limited: i128 = self
            .f
            .items()
            .iter()
            .map(|&(s, q)| self.skus[s].limited_bound(a * q))
            .sum();
        line(a).max(line(b)) + limited
    }

    /// Keeps in `best` the `k` strictly between `a` and `b` of run `r` that
    /// beats it most, if any.
    fn within(&self, runs: &[Run], r: usize, a: i64, b: i64, best: &mut Value) {
        if b - a < 2 {
            return;
        }
        // Every k between has at most `top` and more sets than `a`.
        let top = self.bound(runs, r, a, b);
        if top < best.reduction || (top == best.reduction && best.sets <= a + 1) {
            return;
        }
        let m = a + (b - a) / 2;
        let vm = self.value(runs, r, m);
        if vm.beats(best) {
            *best = vm;
        }
        self.within(runs, r, a, m, best);
        self.within(runs, r, m, b, best);
    }
}
