//! Why a formable bundle formed no set: whether some valid choice of the
//! bundles before it leaves units that make its first set valid (then it
//! was outranked; else its set is not valid whatever the others do).

use crate::money::Fen;

use super::problem::{set_problem, Exhausted, Formable, Sku};

/// Whether some valid choice of the bundles before `target` (in id order)
/// leaves units that make `target`'s first set valid.
pub(super) struct Exists<'a, 'b> {
    pub(super) formable: &'a [Formable],
    pub(super) skus: &'a [Sku],
    pub(super) target: usize,
    pub(super) c: Vec<i64>,
    pub(super) steps: &'b mut u64,
    /// The states (a bundle, the units taken of each SKU) already searched
    /// in vain: another way to the same units is not searched again.
    seen: foldhash::HashSet<(usize, Vec<i64>)>,
}

impl<'a, 'b> Exists<'a, 'b> {
    /// The search for `target`'s first valid set, within `steps`.
    pub(super) fn new(
        formable: &'a [Formable],
        skus: &'a [Sku],
        target: usize,
        steps: &'b mut u64,
    ) -> Self {
        Exists {
            formable,
            skus,
            target,
            c: vec![0; skus.len()],
            steps,
            seen: foldhash::HashSet::default(),
        }
    }

    pub(super) fn original(&self, f: &Formable, j: i64) -> Fen {
        f.items()
            .iter()
            .map(|&(s, q)| self.skus[s].price_of(self.c[s] + j * q, q))
            .sum()
    }

    pub(super) fn dfs(&mut self, d: usize) -> Result<bool, Exhausted> {
        if *self.steps == 0 {
            return Err(Exhausted);
        }
        *self.steps -= 1;
        if d == self.target {
            let f = &self.formable[d];
            let fits = f
                .items()
                .iter()
                .all(|&(s, q)| self.skus[s].total - self.c[s] >= q);
            return Ok(fits && set_problem(f, self.original(f, 0)).is_none());
        }
        let f = &self.formable[d];
        let shares = f.items().iter().any(|(s, _)| {
            self.formable[self.target]
                .items()
                .iter()
                .any(|(t, _)| s == t)
        });
        if !shares {
            return self.dfs(d + 1);
        }
        if !self.seen.insert((d, self.c.clone())) {
            return Ok(false);
        }
        let room = f
            .items()
            .iter()
            .map(|&(s, q)| (self.skus[s].total - self.c[s]) / q)
            .min()
            .unwrap_or(0)
            .min(f.cap);
        let mut valid = 0;
        while valid < room && set_problem(f, self.original(f, valid)).is_none() {
            valid += 1;
        }
        for n in 0..=valid {
            for &(s, q) in f.items() {
                self.c[s] += n * q;
            }
            let found = self.dfs(d + 1);
            for &(s, q) in f.items() {
                self.c[s] -= n * q;
            }
            if found? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
