//! The second bound of the bundle search, SKU by SKU (a Lagrangian
//! decomposition), built only when the search has run
//! [`PAUSE`](super::search::PAUSE) steps
//! without ending.
//!
//! Each set of a bundle pays its price (in the score: `price × scale + 1`)
//! through its items: item `i` of bundle `b` pays `mu[b][i]` a set, and
//! the items' shares sum to the price to begin with. Relax "every item of
//! a bundle forms the same number of sets": each SKU then chooses on its own
//! how many sets of each bundle it gives units to, each paying its share,
//! and keeps the best of what its units make (Σ unit price of the units
//! the sets take, what the item discounts give the units left) less what
//! it pays; each bundle on its own forms as many sets as it may when its
//! shares sum to more than its price, else none. A real choice is one of
//! the relaxed ones (every SKU with the same counts), worth the same, so
//! whatever the shares, their sum bounds every choice.
//!
//! Unlike the first bound (`bound.rs`), a SKU's sets take its units in
//! order, from the units the sets before left: where that bound lets every
//! set take the dearest unit still open, this one sees the cheap units a
//! set must take first. A few subgradient steps at the start choose shares
//! that make it low; the tables then give each state's bound in one look-up
//! per SKU still open.

use crate::money::Fen;

use super::search::{Samples, Score, SetSearch, Tables};

/// The most work (units × units and units × sets, summed over the SKUs)
/// this bound may take to build; a group above it is searched without it.
pub(super) const BY_SKU_WORK: i64 = 1 << 22;

/// Subgradient steps to choose the shares.
const ROUNDS: i64 = 80;

/// Subgradient steps to choose the shares at a sampled state
/// ([`more_tables`](SetSearch::more_tables)).
const SAMPLE_ROUNDS: i64 = 25;

/// States sampled a depth between two pauses (at most twice as many are
/// kept while sampling), spread over the states the search went on from.
pub(super) const SAMPLES: usize = 4;

/// Above any score a choice can reach: a number of units no set count makes.
pub(super) const NEVER: Score = Score::MAX / 4;

impl SetSearch<'_, '_, '_> {
    /// Whether this bound can be built: every SKU's item values are known
    /// for every number of units taken, and the work is within
    /// [`BY_SKU_WORK`].
    pub(super) fn by_sku_fits(&self) -> bool {
        let mut work: i64 = 0;
        for &s in &self.used {
            if self.iv[s].is_empty() {
                return false;
            }
            let units = self.skus[s].total + 1;
            let layers = self.last_user[s] as i64 + 2;
            work = work.saturating_add(units.saturating_mul(units).saturating_mul(layers));
        }
        for f in &self.bundles {
            for &(s, _) in f.items() {
                let units = self.skus[s].total + 1;
                let sets = f.cap.min(units) + 1;
                work = work.saturating_add(
                    units
                        .saturating_mul(sets)
                        .saturating_mul(ROUNDS + self.bundles.len() as i64),
                );
            }
        }
        work <= BY_SKU_WORK
    }

    /// The bound of what bundles `d..` and the SKUs still open can add, SKU
    /// by SKU: the lowest of its depth's tables; `Score::MAX` when it was
    /// not built.
    #[cfg(test)]
    pub(super) fn by_sku_bound(&self, d: usize) -> Score {
        self.by_sku_lowest(d).0
    }

    /// The lowest of depth `d`'s tables' bounds of the state the search is
    /// at (`Score::MAX` when the bound was not built), and which table gives
    /// it (0 when none).
    pub(super) fn by_sku_lowest(&self, d: usize) -> (Score, usize) {
        let Some(t) = self.by_sku.get(d) else {
            return (Score::MAX, 0);
        };
        (0..t.len())
            .map(|k| (t.bound(k, &self.c), k))
            .min()
            .unwrap_or((Score::MAX, 0))
    }

    /// The same, but it may stop at the first of its tables that gives
    /// `enough` or less (a bound all the same, not the lowest). The tables
    /// are tried in the order of [`Tables::order`]: the one that stops it
    /// moves to the front, so that the next state alike tries it first.
    pub(super) fn by_sku_bound_until(&mut self, d: usize, enough: Score) -> Score {
        let Some(t) = self.by_sku.get_mut(d) else {
            return Score::MAX;
        };
        let at = &mut self.at;
        at.clear();
        at.extend(t.open.iter().map(|&(s, from)| from + self.c[s] as usize));
        let mut ub = Score::MAX;
        for p in 0..t.order.len() {
            let k = t.order[p] as usize;
            let row = &t.flat[k * t.width..(k + 1) * t.width];
            let mut sum: i64 = 0;
            for &i in at.iter() {
                sum += row[i];
            }
            ub = ub.min(t.sets[k] + Score::from(sum));
            if ub <= enough {
                t.cuts[k] += 1;
                t.order[..=p].rotate_right(1);
                break;
            }
        }
        ub
    }

    /// The most sets of bundle `b` the relaxation lets a SKU give units to.
    fn relaxed_cap(&self, b: usize) -> i64 {
        self.bundles[b].cap
    }

    /// What bundle `b`'s sets add on their own: as many as it may when its
    /// items' shares sum to more than its price.
    fn sets_part(&self, b: usize) -> Score {
        let over = self.mu[b].iter().sum::<Score>() - self.price[b];
        over.max(0) * Score::from(self.relaxed_cap(b))
    }

    /// Builds the bound: shares from a few subgradient steps towards the
    /// best choice known, then its tables for every bundle `d` (the
    /// search's depth) and every SKU still open there.
    pub(super) fn build_by_sku(&mut self) {
        // The shares to begin with: the price split by the items' dearest units.
        self.mu = (0..self.bundles.len())
            .map(|b| {
                let f = self.bundles[b];
                let weight: Vec<Score> = f
                    .items()
                    .iter()
                    .map(|&(s, q)| {
                        let top = self.skus[s].lines.iter().map(|l| l.2).max().unwrap_or(0);
                        Score::from(q) * Score::from(top.max(1))
                    })
                    .collect();
                let all: Score = weight.iter().sum();
                let mut mu: Vec<Score> = weight.iter().map(|w| self.price[b] * w / all).collect();
                mu[0] += self.price[b] - mu.iter().sum::<Score>();
                mu
            })
            .collect();
        let target = self.best.as_ref().map_or(0, |b| b.score);
        self.shares(0, target, ROUNDS);
        self.by_sku_tables();
        if self.by_sku.is_empty() {
            return;
        }
        self.by_sku_deep_tables();
    }

    /// Per depth `d` past the first, shares chosen at the state the best
    /// choice known reaches there (from the root's), and the tables of
    /// depth `d` with them: a state near the best choice is bounded far
    /// tighter by shares of its own than by the root's (on the slowest shop
    /// found, ~11 % above what it can reach with the root's, well under 1 %
    /// with its own from depth 3 on). Any shares give a bound, so
    /// [`by_sku_bound`](Self::by_sku_bound) takes the lower of the two.
    pub(super) fn by_sku_deep_tables(&mut self) {
        let m = self.bundles.len();
        let Some(best) = self.best.as_ref().map(|b| (b.score, b.counts.clone())) else {
            return;
        };
        let root = self.mu.clone();
        // Depth 0 is the root's; none past the last bundle.
        // What the best choice's bundles before `d` made, as the search
        // scores it: their sets, and the item discounts of the SKUs closed.
        let mut made: Score = 0;
        for d in 1..m {
            made += self.made_by(d - 1, i64::from(best.1[d - 1]));
            self.mu.clone_from(&root);
            self.shares(d, best.0 - made, ROUNDS);
            let (layer, sets) = self.layer(d);
            if self.by_sku[d].push(&layer, sets) {
                self.by_sku[d].shares.push(self.mu.clone());
            }
        }
        self.c.iter_mut().for_each(|c| *c = 0);
        self.mu = root;
    }

    /// Takes `n` sets of bundle `b` from the units the sets before left
    /// (into `c`), and returns what they make in the score: their
    /// reduction, less one a set, and what the item discounts give the
    /// units left of the SKUs no later bundle uses.
    pub(super) fn made_by(&mut self, b: usize, n: i64) -> Score {
        let mut original: Fen = 0;
        for &(s, q) in self.bundles[b].items() {
            original += self.price_of(s, self.c[s], n * q);
            self.c[s] += n * q;
        }
        let mut made =
            Score::from(original - n * self.bundles[b].price) * self.scale - Score::from(n);
        for &(s, _) in self.bundles[b].items() {
            if self.last_user[s] == b {
                made += Score::from(self.iv[s][self.c[s] as usize]) * self.scale;
            }
        }
        made
    }

    /// The tables of depth `d` with the shares `mu` (as
    /// [`by_sku_tables`](Self::by_sku_tables) builds for every depth), and
    /// what bundles `d..` add on their own.
    fn layer(&self, d: usize) -> (Vec<Vec<Score>>, Score) {
        let mut layer = vec![Vec::new(); self.skus.len()];
        for &s in &self.used {
            if self.last_user[s] < d {
                continue;
            }
            let mut h = start(self.skus[s].total);
            for b in d..self.bundles.len() {
                for (i, &(t, q)) in self.bundles[b].items().iter().enumerate() {
                    if t == s {
                        h = with_item(&h, q, self.relaxed_cap(b), self.mu[b][i]);
                    }
                }
            }
            layer[s] = table(&self.pre[s], &self.iv[s], &h, self.scale);
        }
        let sets = (d..self.bundles.len()).map(|b| self.sets_part(b)).sum();
        (layer, sets)
    }

    /// More tables for the depths of the second half, each with shares
    /// chosen at a state the search went on from since the last pause
    /// (`samples`): one is kept when it proves that state cannot beat the
    /// best choice known (its neighbours, alike, then mostly cannot
    /// either). The shares start from those of the depth's table that
    /// bounds the state lowest (the nearest start known: from the root's,
    /// the slowest shop found keeps 181,781 states instead of 133,114)
    /// and take [`SAMPLE_ROUNDS`] steps at most.
    pub(super) fn more_tables(&mut self) {
        let Some(best) = self.best.as_ref().map(|b| b.score) else {
            return;
        };
        if self.by_sku.is_empty() {
            return;
        }
        let root = self.mu.clone();
        let samples = std::mem::take(&mut self.samples);
        for (d, kept) in samples.iter().enumerate() {
            for (made, c) in kept
                .states
                .chunks(self.used.len() + 1)
                .map(|k| (k[0], &k[1..]))
            {
                for (k, &s) in self.used.iter().enumerate() {
                    self.c[s] = c[k] as i64;
                }
                let bar = best - made;
                let (low, k) = self.by_sku_lowest(d);
                if low <= bar {
                    continue;
                }
                // From the shares of the table that bounds it lowest.
                match self.by_sku[d].shares.get(k) {
                    Some(m) => self.mu.clone_from(m),
                    None => self.mu.clone_from(&root),
                }
                if self.shares(d, bar, SAMPLE_ROUNDS) <= bar {
                    let (layer, sets) = self.layer(d);
                    if self.by_sku[d].push(&layer, sets) {
                        self.by_sku[d].shares.push(self.mu.clone());
                    }
                }
            }
        }
        self.samples = samples;
        self.samples.iter_mut().for_each(Samples::clear);
        self.c.iter_mut().for_each(|c| *c = 0);
        self.mu = root;
    }

    /// Notes the state the search is at (depth `d`, `made` the score of the
    /// sets before) among the samples of its depth, when the search samples
    /// and `d` is in the second half.
    pub(super) fn sample(&mut self, d: usize, made: Score) {
        if d < self.bundles.len() / 2 {
            return;
        }
        let Some(kept) = self.samples.get_mut(d) else {
            return;
        };
        kept.seen += 1;
        if kept.seen % kept.stride != 0 {
            return;
        }
        kept.states.push(made);
        kept.states
            .extend(self.used.iter().map(|&s| Score::from(self.c[s])));
        // Twice the samples kept: every other one goes, and the stride doubles.
        let width = self.used.len() + 1;
        if kept.states.len() == 2 * SAMPLES * width {
            let mut k = 0;
            kept.states.retain(|_| {
                k += 1;
                (k - 1) / width % 2 == 0
            });
            kept.stride *= 2;
        }
    }

    /// Subgradient steps (`rounds` at most) on the shares `mu` towards
    /// `target`, the bound of what bundles `d..` can add from the state
    /// the search is at (`c`); leaves in `mu` the shares of the lowest
    /// bound met, and returns that bound.
    fn shares(&mut self, d: usize, target: Score, rounds: i64) -> Score {
        let mut grad: Vec<Vec<i64>> = self.mu.iter().map(|m| vec![0; m.len()]).collect();
        let mut best = (Score::MAX, self.mu.clone());
        // The step: (bound − target) / |g|² × step / 8, halved every 16 rounds.
        let mut step: Score = 16;
        for round in 0..rounds {
            let ub = self.by_sku_from(d, &mut grad);
            if ub < best.0 {
                best.0 = ub;
                best.1.clone_from(&self.mu);
            }
            if ub <= target {
                break;
            }
            let norm: Score = grad.iter().flatten().map(|&g| Score::from(g * g)).sum();
            if norm == 0 {
                break;
            }
            if round % 16 == 15 {
                step = (step / 2).max(1);
            }
            let t = ((ub - target).saturating_mul(step) / norm.saturating_mul(8)).max(1);
            for (mu, g) in self.mu.iter_mut().zip(&grad) {
                for (mu, &g) in mu.iter_mut().zip(g) {
                    *mu += t * Score::from(g);
                }
            }
        }
        self.mu = best.1;
        best.0
    }

    /// The bound at the start with the shares `mu`, and into `grad` its
    /// subgradient: per bundle and item, the sets the item's SKU gives
    /// units to less the sets the bundle forms on its own.
    #[cfg(test)]
    pub(super) fn by_sku_root(&mut self, grad: &mut [Vec<i64>]) -> Score {
        self.by_sku_from(0, grad)
    }

    /// The bound of what bundles `d..` can add from the state the search is
    /// at (`c`, the units taken of each SKU) with the shares `mu`, and into
    /// `grad` its subgradient (as [`by_sku_root`](Self::by_sku_root); 0 for
    /// the bundles before `d`).
    pub(super) fn by_sku_from(&mut self, d: usize, grad: &mut [Vec<i64>]) -> Score {
        let mut ub: Score = 0;
        for (b, g) in grad.iter_mut().enumerate() {
            let part = if b < d { 0 } else { self.sets_part(b) };
            let sets = if part > 0 { self.relaxed_cap(b) } else { 0 };
            g.iter_mut().for_each(|g| *g = -sets);
            ub += part;
        }
        // The knapsacks in one buffer, the one after item `j` at `j × w`.
        let mut hs = std::mem::take(&mut self.hs);
        let mut users = std::mem::take(&mut self.users);
        for &s in &self.used {
            if self.last_user[s] < d {
                continue;
            }
            let c = self.c[s] as usize;
            // Knapsacks over the SKU's items, one after the other.
            users.clear();
            for b in d..self.bundles.len() {
                for (i, &(t, q)) in self.bundles[b].items().iter().enumerate() {
                    if t == s {
                        users.push((b, i, q));
                    }
                }
            }
            let w = (self.skus[s].total - c as i64) as usize + 1;
            hs.clear();
            hs.resize(w * (users.len() + 1), NEVER);
            hs[0] = 0;
            for (j, &(b, i, q)) in users.iter().enumerate() {
                let (before, after) = hs.split_at_mut((j + 1) * w);
                let cap = self.relaxed_cap(b);
                let (from, to) = (&before[j * w..], &mut after[..w]);
                with_item_into(from, to, q, cap, self.mu[b][i], &mut self.window);
            }
            let h = &hs[users.len() * w..];
            let (mut at, mut most) = (0, Score::MIN);
            for (x, &paid) in h.iter().enumerate() {
                if paid < NEVER {
                    let v = Score::from(self.pre[s][c + x] - self.pre[s][c] + self.iv[s][c + x])
                        * self.scale
                        - paid;
                    if v > most {
                        (at, most) = (x, v);
                    }
                }
            }
            ub += most;
            // Which sets made `at` units at that cost, item after item back.
            for (j, &(b, i, q)) in users.iter().enumerate().rev() {
                let want = hs[(j + 1) * w + at];
                for n in 0..=self.relaxed_cap(b) {
                    let Some(y) = at.checked_sub((n * q) as usize) else {
                        break;
                    };
                    let was = hs[j * w + y];
                    if was < NEVER && was + self.mu[b][i] * Score::from(n) == want {
                        grad[b][i] += n;
                        at = y;
                        break;
                    }
                }
            }
        }
        self.hs = hs;
        self.users = users;
        ub
    }

    /// The tables of the bound with the shares `mu`: for each depth `d` and
    /// SKU still open there, for every number `c` of its units taken, the
    /// most its units after `c` make less what the sets of bundles `d..`
    /// that take them pay; and per depth what those bundles add on their own.
    pub(super) fn by_sku_tables(&mut self) {
        let m = self.bundles.len();
        let mut h: Vec<Vec<Score>> = (0..self.skus.len())
            .map(|s| start(self.skus[s].total))
            .collect();
        let mut layer = vec![Vec::new(); self.skus.len()];
        let mut sets = 0;
        // Past the last bundle: no SKU open, nothing to add.
        let mut tables = vec![Tables::default(); m + 1];
        tables[m].push(&layer, 0);
        self.by_sku.clear();
        for d in (0..m).rev() {
            let f = self.bundles[d];
            for (i, &(s, q)) in f.items().iter().enumerate() {
                h[s] = with_item(&h[s], q, self.relaxed_cap(d), self.mu[d][i]);
            }
            sets += self.sets_part(d);
            for &s in &self.used {
                layer[s].clear();
                if self.last_user[s] >= d {
                    layer[s] = table(&self.pre[s], &self.iv[s], &h[s], self.scale);
                }
            }
            tables[d] = Tables::new(&layer);
            if !tables[d].push(&layer, sets) {
                // Beyond `i64`: the search goes on with the first bound only.
                return;
            }
            tables[d].shares.push(self.mu.clone());
        }
        self.by_sku = tables;
    }
}

/// What a SKU pays for `x` of its units before any item: nothing for none.
pub(super) fn start(total: i64) -> Vec<Score> {
    let mut h = vec![NEVER; total as usize + 1];
    h[0] = 0;
    h
}

/// `h` (the least paid for each number of units) with `n` sets of an item
/// of `q` units a set at `mu` a set, `n` from 0 to `cap`.
pub(super) fn with_item(h: &[Score], q: i64, cap: i64, mu: Score) -> Vec<Score> {
    let mut out = vec![0; h.len()];
    with_item_into(h, &mut out, q, cap, mu, &mut Vec::new());
    out
}

/// [`with_item`] into `out` (as long as `h`), in time linear in `h`
/// whatever `cap`: along each class of `x` modulo `q` (`x = r + k × q`),
/// `out[x]` is `mu × k` plus the least `h[r + j × q] − mu × j` over the
/// last `cap + 1` of them (`j` from `k − cap` to `k`), kept in `window`
/// (a queue of increasing values, its front from `head`).
fn with_item_into(
    h: &[Score],
    out: &mut [Score],
    q: i64,
    cap: i64,
    mu: Score,
    window: &mut Vec<(usize, Score)>,
) {
    let q = q.max(1) as usize;
    let cap = cap.max(0) as usize;
    for r in 0..q.min(h.len()) {
        window.clear();
        let mut head = 0;
        for (k, x) in (r..h.len()).step_by(q).enumerate() {
            let paid = h[x];
            if paid < NEVER {
                let a = paid - mu * k as Score;
                while window.len() > head && window[window.len() - 1].1 >= a {
                    window.pop();
                }
                window.push((k, a));
            }
            while window.len() > head && window[head].0 + cap < k {
                head += 1;
            }
            out[x] = match window.get(head) {
                Some(&(_, least)) => least + mu * k as Score,
                None => paid,
            };
        }
    }
}

/// For every number `c` of a SKU's units taken: the most that units after
/// `c` taken by more sets make (Σ their unit prices, `pre`, and the item
/// discounts on the units left, `iv`) less what those sets pay (`h`).
pub(super) fn table(pre: &[Fen], iv: &[Fen], h: &[Score], scale: Score) -> Vec<Score> {
    let total = pre.len() - 1;
    (0..=total)
        .map(|c| {
            (0..=total - c)
                .filter(|&x| h[x] < NEVER)
                .map(|x| Score::from(pre[c + x] - pre[c] + iv[c + x]) * scale - h[x])
                .max()
                .unwrap_or(0)
        })
        .collect()
}
