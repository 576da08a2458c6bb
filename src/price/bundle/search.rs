//! The exact search over one group's set counts: two choices to start
//! from, phase 1 (the best score, cutting with the bound of `bound.rs` and
//! keeping what each state is worth) and phase 2 (the first choice in the
//! contract's order of ties with that score).

use std::hash::BuildHasher;

use crate::money::Fen;

use super::bound::{div, Root};
use super::problem::{guaranteed, set_problem, Exhausted, Formable, ItemValue, Sku};

/// For the SKUs of a group, in turn, while (units + 1) × lines summed stays
/// within this, what the item discounts give the units left is computed for
/// every number of units the sets may take, and bounded exactly; the other
/// SKUs are bounded unit by unit.
pub(super) const EXACT_WORK: i64 = 1 << 16;

/// Steps phase 1 takes with the first bound only; a search still going
/// then builds the second (`by_sku.rs`): shops that end sooner never pay
/// for it.
pub(super) const PAUSE: u64 = 1 << 14;

/// After the second bound is built, phase 1 stops [`AGAIN`] times more,
/// each after this many steps, to build more of its tables at states it
/// sampled meanwhile (`by_sku.rs`). Many pauses with few samples each
/// ([`SAMPLES`](super::by_sku::SAMPLES)) cut more than a few with many: on
/// the slowest promised shop found, 24 of 4 keep 95,965 states where 3 of
/// 16 kept 133,114. At most 24 × 4 samples a depth, twice the 3 × 16 before.
pub(super) const PAUSE_AGAIN: u64 = 1 << 16;
pub(super) const AGAIN: u32 = 24;

/// The most choices [`climb`](SetSearch::climb) tries, and how far from
/// the best known it moves a bundle's sets: on the slowest promised shops
/// found, 10 (the most sets a promised bundle forms) climbs to choices that
/// single sets do not reach.
pub(super) const CLIMB: u32 = 1 << 16;
pub(super) const REACH: u32 = 10;

/// How far phase 1 hopes past the best choice known, in sixteenths of the
/// way to the bound at the start (see [`SetSearch::hope`]): on the slowest
/// promised shops found the best lies 35 % and 19 % of the way (past the
/// climb's choice, nearer); 2 (12.5 %) keeps 49,201 and 39,301 states where
/// 4 finds nothing on one and searches again, and no hope 78,257 and 70,150.
pub(super) const HOPE: Score = 2;

/// What a choice is worth, in one number that orders choices by reduction
/// first and by fewer sets second: `reduction × scale − sets`, where `scale`
/// exceeds any number of sets the group can form.
pub(super) type Score = i128;

/// The best choice of a group so far.
pub(super) struct BestSets {
    pub(super) score: Score,
    pub(super) counts: Vec<u32>,
}

/// The exact search over one group's set counts.
///
/// The bound is a Lagrangian relaxation. Each unit still open is given a
/// price `pi` (one per class of alike units); then whatever the units end up
/// doing, what the rest of the choice adds is at most Σ `pi` × open units,
/// plus what the item discounts give the units a choice leaves (the last
/// ones of each SKU) above their `pi`, plus each possible set's reduction
/// above the `pi` of its units. Any `pi` gives a valid bound; the search
/// picks one that makes the bound low at the start.
///
/// Scores are `i128`: a reduction in fen times `scale` (at most the units
/// of the group plus one) fits with room to spare.
pub(super) struct SetSearch<'a, 'b, 'f> {
    /// The group's bundles, in id order.
    pub(super) bundles: Vec<&'a Formable>,
    pub(super) skus: &'a [Sku],
    /// The SKUs the group's bundles use.
    pub(super) used: Vec<usize>,
    pub(super) items: &'b ItemValue<'f>,
    /// Per SKU, the last bundle (of `bundles`) that uses it.
    pub(super) last_user: Vec<usize>,
    /// (SKU, units taken) → what the item discounts give its units left.
    pub(super) item_memo: foldhash::HashMap<(usize, i64), Fen>,
    /// Per SKU (within `EXACT_WORK`), what the item discounts give its units
    /// left after the first `t`, for every `t` (else empty).
    pub(super) iv: Vec<Vec<Fen>>,
    /// Per SKU with `iv`, Σ unit price of its first `u` units, for every
    /// `u` (else empty).
    pub(super) pre: Vec<Vec<Fen>>,
    /// Per SKU with `iv`, for each number of units taken: its part of the
    /// bound and what an open unit earns in a set at best (see `tabulate`).
    pub(super) tables: Vec<Vec<(i128, i128)>>,
    /// Per SKU, the units the sets decided so far take.
    pub(super) c: Vec<i64>,
    pub(super) counts: Vec<u32>,
    pub(super) scale: i128,
    /// Per SKU line (as `scaled`), its class: the lines of a SKU with the
    /// same unit price and best item discount, alike to the relaxation.
    pub(super) class: Vec<usize>,
    /// Per class, the Lagrangian price of one of its units.
    pub(super) pi: Vec<i128>,
    /// Per SKU line (`scaled_at[sku]`), in score units: (units, unit
    /// price, best item discount of a unit); and per bundle, its price and
    /// the one of a set in the score.
    pub(super) scaled: Vec<(i64, i128, i128)>,
    pub(super) scaled_at: Vec<std::ops::Range<u32>>,
    pub(super) price: Vec<i128>,
    /// Scratch of `bound`, per SKU: the units still open, and what one of
    /// them can earn in a set above its price.
    pub(super) open: Vec<i64>,
    pub(super) val: Vec<i128>,
    pub(super) val_at: Vec<usize>,
    /// The bundles that may add to the bound, in id order.
    pub(super) live: Vec<usize>,
    /// The bound at the start, and what one set of each bundle earns above
    /// the prices of its units there.
    pub(super) root: Score,
    pub(super) profit: Vec<Score>,
    /// Per bundle, the most sets a choice as good as the best known can
    /// form of it (reduced-cost fixing: each set of a bundle whose sets earn
    /// less than the prices of their units lowers the bound by that much).
    pub(super) most: Vec<i64>,
    /// The `i64` copies of the bound at the start and the buffers of
    /// `better_prices` (`bound.rs`), kept for the next search.
    pub(super) copies: Root,
    /// The states kept (their keys packed, or in `arena`), and a scratch key.
    pub(super) memo: hashbrown::HashTable<Kept>,
    pub(super) arena: Vec<i64>,
    /// Per SKU used, what one of its units taken weighs in a state's packed
    /// key (the bundle reached, then the units taken of each SKU still open,
    /// in mixed radix); empty when such keys could pass 64 bits: the keys
    /// are then kept whole in `arena`. The tests empty it to use the arena.
    pub(super) radix: Vec<u64>,
    pub(super) packed: u64,
    pub(super) key: Vec<i64>,
    pub(super) hasher: foldhash::fast::FixedState,
    /// Stacks of the search: the reductions of the sets tried, and the
    /// children of the nodes (sets, score, bound).
    pub(super) red: Vec<Fen>,
    pub(super) kids: Vec<(usize, Score, Score)>,
    pub(super) best: Option<BestSets>,
    pub(super) steps: &'b mut u64,
    /// [`EXACT_WORK`], which the tests lower to 0 to search with the bound
    /// taken unit by unit.
    pub(super) exact_work: i64,
    /// The second bound, SKU by SKU (`by_sku.rs`): per bundle, what each of
    /// its items pays of a set's price; per depth, its tables (the first
    /// with those shares, the others with shares chosen at the state the
    /// best choice known reaches there and at states sampled). Empty until
    /// built.
    pub(super) mu: Vec<Vec<Score>>,
    pub(super) by_sku: Vec<Tables>,
    /// Scratch of the second bound: where each SKU open reads a table, and
    /// the knapsacks of a SKU (one after each of its items) with the items,
    /// and the queue of [`with_item`](super::by_sku::with_item).
    pub(super) at: Vec<usize>,
    pub(super) hs: Vec<Score>,
    pub(super) users: Vec<(usize, usize, i64)>,
    pub(super) window: Vec<(usize, Score)>,
    /// Per depth, states the search went on from, sampled while it runs
    /// between two pauses after the second bound is built: more tables
    /// are built at them ([`more_tables`](Self::more_tables)).
    pub(super) samples: Vec<Samples>,
    pub(super) sampling: bool,
    /// What cuts the children being bounded (see
    /// [`by_sku_bound_until`](Self::by_sku_bound_until)); `Score::MIN`
    /// outside phase 1's children.
    pub(super) enough: Score,
    /// Steps between two of those pauses ([`PAUSE_AGAIN`]; the tests lower
    /// it), and how many ([`AGAIN`]).
    pub(super) pause_again: u64,
    pub(super) again: u32,
    /// Steps phase 1 takes before it stops to build the second bound
    /// ([`PAUSE`], which the tests lower to 0 to build it at once), what
    /// is left of them, and whether phase 1 stopped for it.
    pub(super) pause_at: u64,
    pub(super) pause: u64,
    pub(super) paused: bool,
    /// How far phase 1 hopes past the best choice known after its pause,
    /// in sixteenths ([`HOPE`]; the tests raise it to 16, where nothing is
    /// found above the hope and phase 1 always searches again).
    pub(super) hope_at: Score,
    /// The most choices the climb tries ([`CLIMB`]; the tests lower it to
    /// 0 so that phase 1 starts again from a choice that is not the best).
    pub(super) climb_at: u32,
}

/// The buffers of a search, kept with the pricing state so that the next
/// search reuses them (see the fields of [`SetSearch`] of the same names).
#[derive(Debug, Default)]
pub(super) struct Spare {
    counts: Vec<u32>,
    used: Vec<usize>,
    last_user: Vec<usize>,
    iv: Vec<Vec<Fen>>,
    pre: Vec<Vec<Fen>>,
    tables: Vec<Vec<(i128, i128)>>,
    c: Vec<i64>,
    class: Vec<usize>,
    pi: Vec<i128>,
    scaled: Vec<(i64, i128, i128)>,
    scaled_at: Vec<std::ops::Range<u32>>,
    price: Vec<i128>,
    open: Vec<i64>,
    val: Vec<i128>,
    val_at: Vec<usize>,
    live: Vec<usize>,
    profit: Vec<Score>,
    most: Vec<i64>,
    red: Vec<Fen>,
    kids: Vec<(usize, Score, Score)>,
    copies: Root,
}

impl<'a, 'b, 'f> SetSearch<'a, 'b, 'f> {
    #[cfg(test)]
    pub(super) fn new(
        bundles: Vec<&'a Formable>,
        skus: &'a [Sku],
        items: &'b ItemValue<'f>,
        steps: &'b mut u64,
    ) -> Self {
        Self::with_spare(bundles, skus, items, steps, Spare::default())
    }

    /// [`new`](Self::new), in the buffers of an earlier search (`spare`,
    /// from [`into_spare`](Self::into_spare)) instead of new ones.
    pub(super) fn with_spare(
        bundles: Vec<&'a Formable>,
        skus: &'a [Sku],
        items: &'b ItemValue<'f>,
        steps: &'b mut u64,
        spare: Spare,
    ) -> Self {
        let Spare {
            mut counts,
            mut used,
            mut last_user,
            mut iv,
            mut pre,
            mut tables,
            mut c,
            mut class,
            mut pi,
            mut scaled,
            mut scaled_at,
            mut price,
            mut open,
            mut val,
            mut val_at,
            mut live,
            mut profit,
            mut most,
            mut red,
            mut kids,
            mut copies,
        } = spare;
        // A bound of the search before is not this one's.
        copies.known = None;
        used.clear();
        last_user.clear();
        last_user.resize(skus.len(), usize::MAX);
        for (d, f) in bundles.iter().enumerate() {
            for &(sku, _) in f.items() {
                if last_user[sku] == usize::MAX {
                    used.push(sku);
                }
                last_user[sku] = d;
            }
        }
        // More than the sets the group can form: each takes two units at least.
        let units: i64 = used.iter().map(|&s| skus[s].total).sum();
        let scale = i128::from(units) + 1;
        scaled.clear();
        scaled_at.clear();
        scaled_at.resize(skus.len(), 0..0);
        class.clear();
        let mut classes = 0;
        for &s in &used {
            let from = scaled.len();
            for (k, &(_, qty, unit)) in skus[s].lines.iter().enumerate() {
                let off = i128::from(skus[s].off[k]) * scale;
                let unit = i128::from(unit) * scale;
                let same = (from..scaled.len())
                    .find(|&j| scaled[j].1 == unit && scaled[j].2 == off)
                    .map(|j| class[j]);
                class.push(same.unwrap_or_else(|| {
                    classes += 1;
                    classes - 1
                }));
                scaled.push((qty, unit, off));
            }
            scaled_at[s] = from as u32..scaled.len() as u32;
        }
        price.clear();
        price.extend(bundles.iter().map(|f| i128::from(f.price) * scale + 1));
        let n = bundles.len();
        let radix = radix(&used, skus, n);
        // Per SKU, no table yet: a SKU's `iv` empty says it has none.
        for v in [&mut iv, &mut pre] {
            v.iter_mut().for_each(Vec::clear);
            v.resize_with(skus.len(), Vec::new);
        }
        tables.iter_mut().for_each(Vec::clear);
        tables.resize_with(skus.len(), Vec::new);
        fill(&mut counts, n, 0);
        fill(&mut c, skus.len(), 0);
        fill(&mut open, skus.len(), 0);
        fill(&mut val_at, skus.len(), 0);
        fill(&mut most, n, i64::MAX);
        fill(&mut pi, classes, 0);
        fill(&mut val, skus.len(), 0);
        live.clear();
        profit.clear();
        red.clear();
        kids.clear();
        SetSearch {
            scaled,
            scaled_at,
            price,
            counts,
            bundles,
            skus,
            used,
            items,
            last_user,
            item_memo: foldhash::HashMap::default(),
            iv,
            pre,
            tables,
            memo: hashbrown::HashTable::new(),
            arena: Vec::new(),
            radix,
            packed: 0,
            key: Vec::new(),
            hasher: foldhash::fast::FixedState::default(),
            c,
            scale,
            pi,
            class,
            open,
            val,
            val_at,
            live,
            root: 0,
            profit,
            most,
            red,
            kids,
            copies,
            best: None,
            steps,
            exact_work: EXACT_WORK,
            mu: Vec::new(),
            by_sku: Vec::new(),
            at: Vec::new(),
            hs: Vec::new(),
            users: Vec::new(),
            window: Vec::new(),
            samples: Vec::new(),
            sampling: false,
            enough: Score::MIN,
            pause_again: PAUSE_AGAIN,
            again: AGAIN,
            pause_at: PAUSE,
            pause: u64::MAX,
            paused: false,
            hope_at: HOPE,
            climb_at: CLIMB,
        }
    }

    /// The search's buffers, for the next search to reuse.
    pub(super) fn into_spare(self) -> Spare {
        Spare {
            counts: self.counts,
            used: self.used,
            last_user: self.last_user,
            iv: self.iv,
            pre: self.pre,
            tables: self.tables,
            c: self.c,
            class: self.class,
            pi: self.pi,
            scaled: self.scaled,
            scaled_at: self.scaled_at,
            price: self.price,
            open: self.open,
            val: self.val,
            val_at: self.val_at,
            live: self.live,
            profit: self.profit,
            most: self.most,
            red: self.red,
            kids: self.kids,
            copies: self.copies,
        }
    }

    /// Finds the group's best choice into `self.best`: first the best
    /// score, then the first choice in the order of the ties that has it.
    pub(super) fn run(&mut self) -> Result<(), Exhausted> {
        self.exact_item_values();
        // Two valid choices to start from: no set at all, and a greedy one.
        let zero = vec![0; self.bundles.len()];
        self.best = self.evaluate(&zero)?.map(|score| BestSets {
            score,
            counts: zero,
        });
        self.live.clear();
        self.live.extend(0..self.bundles.len());
        self.first_prices();
        let greedy = self.greedy();
        self.consider(greedy)?;
        self.better_prices()?;
        self.prepare();
        // The sets the relaxation takes, as a choice: often the best one.
        let rounded = self.rounded();
        if self.consider(rounded)? {
            self.limit();
        }
        // When the bound meets the best choice known, that is the best score.
        let start = self.best.as_ref().map_or(0, |b| b.score);
        let mut target = start;
        if target < self.root {
            // A state's worth may come from what was kept: the best choice
            // is then met in phase 2 only, and phase 1 gives its score.
            let (value, exact) = self.phase_one(target)?;
            if exact {
                target = target.max(value);
            }
            target = target.max(self.best.as_ref().map_or(target, |b| b.score));
            self.tighten(start, target)?;
        }
        let found = self.first_with(0, 0, target)?;
        debug_assert!(found, "the best score has a choice");
        Ok(())
    }

    /// Phase 1 from the start (see [`best_from`](Self::best_from)); when it
    /// runs [`PAUSE`] steps without ending, it stops, builds the second
    /// bound (when it fits), and starts again: what the first run kept of
    /// each state still holds, and the best choice it found.
    pub(super) fn phase_one(&mut self, floor: Score) -> Result<(Score, bool), Exhausted> {
        if self.by_sku_fits() {
            self.pause = self.pause_at;
        }
        let first = self.best_from(0, 0, floor);
        self.pause = u64::MAX;
        self.enough = Score::MIN;
        if !std::mem::take(&mut self.paused) {
            return first;
        }
        self.red.clear();
        self.kids.clear();
        // Within the promise, a long search climbs to a better choice
        // first, and hopes for more than it (see `hope`).
        let promised = guaranteed(self.bundles.iter().copied());
        if promised && self.climb()? {
            self.limit();
        }
        self.build_by_sku();
        self.samples
            .resize_with(self.bundles.len(), Default::default);
        self.samples.iter_mut().for_each(Samples::clear);
        let mut hope = if promised { self.hope(floor) } else { floor };
        let mut again = self.again;
        loop {
            if again > 0 {
                self.pause = self.pause_again;
                self.sampling = true;
            }
            let run = self.best_from(0, 0, hope);
            self.sampling = false;
            self.pause = u64::MAX;
            self.enough = Score::MIN;
            if !std::mem::take(&mut self.paused) {
                let found = self.best.as_ref().is_some_and(|b| b.score > hope);
                if hope > floor && !found && run.is_ok() {
                    // Nothing above the hope: search again for anything
                    // above the floor (what was kept of each state holds).
                    hope = floor;
                    continue;
                }
                return run;
            }
            self.red.clear();
            self.kids.clear();
            self.more_tables();
            again = again.saturating_sub(1);
        }
    }

    /// What phase 1 hopes for after its pause: a score `hope_at` ([`HOPE`]) / 16 of
    /// the way from the best choice known to the lower of the two bounds
    /// at the start. A search for more than that cuts far more; when it
    /// finds nothing, phase 1 searches again for more than `floor`.
    fn hope(&self, floor: Score) -> Score {
        let best = self.best.as_ref().map_or(floor, |b| b.score).max(floor);
        let top = self.root.min(self.by_sku_lowest(0).0);
        if top <= best {
            return floor;
        }
        best + (top - best) * self.hope_at / 16
    }

    /// Climbs from the best choice known: while a choice one set of one
    /// bundle, or of each of two, away scores more, it becomes the best
    /// known (at most `climb_at`, [`CLIMB`], choices tried). Says whether it moved.
    pub(super) fn climb(&mut self) -> Result<bool, Exhausted> {
        let Some(mut counts) = self.best.as_ref().map(|b| b.counts.clone()) else {
            return Ok(false);
        };
        let m = counts.len();
        let mut tries = 0;
        let mut moved = false;
        'climb: loop {
            for a in 0..m {
                for b in a..m {
                    let (ca, cb) = (counts[a], counts[b]);
                    let ys = if a == b {
                        cb..=cb
                    } else {
                        cb.saturating_sub(REACH)..=cb.saturating_add(REACH)
                    };
                    for x in ca.saturating_sub(REACH)..=ca.saturating_add(REACH) {
                        for y in ys.clone() {
                            if (x, y) == (ca, cb) {
                                continue;
                            }
                            tries += 1;
                            if tries > self.climb_at {
                                break 'climb;
                            }
                            let mut next = counts.clone();
                            next[b] = y;
                            next[a] = x;
                            if self.consider(next.clone())? {
                                counts = next;
                                moved = true;
                                continue 'climb;
                            }
                        }
                    }
                }
            }
            break;
        }
        Ok(moved)
    }

    /// Keeps `counts` as the best choice when it is valid and scores more
    /// than the best known; says whether it did.
    pub(super) fn consider(&mut self, counts: Vec<u32>) -> Result<bool, Exhausted> {
        let Some(score) = self.evaluate(&counts)? else {
            return Ok(false);
        };
        if self.best.as_ref().is_some_and(|b| score <= b.score) {
            return Ok(false);
        }
        self.best = Some(BestSets { score, counts });
        Ok(true)
    }

    /// What the item discounts give SKU `s`'s units after the first `taken`.
    pub(super) fn item_value(&mut self, s: usize, taken: i64) -> Fen {
        if let Some(&v) = self.iv[s].get(taken as usize) {
            return v;
        }
        if let Some(&v) = self.item_memo.get(&(s, taken)) {
            return v;
        }
        let v = self.skus[s].item_value(self.items, taken);
        self.item_memo.insert((s, taken), v);
        v
    }

    /// Pushes onto `self.red` the reductions of bundle `d`'s sets, set
    /// after set from the units the bundles before it left, up to the first
    /// set that is not valid (or the most its prices allow, `self.most[d]`);
    /// returns how many.
    pub(super) fn reductions(&mut self, d: usize) -> Result<usize, Exhausted> {
        let f = self.bundles[d];
        let room = f
            .items()
            .iter()
            .map(|&(s, q)| (self.skus[s].total - self.c[s]) / q)
            .min()
            .unwrap_or(0)
            .min(f.cap)
            .min(self.most[d]);
        let mut n = 0;
        for j in 0..room {
            self.step()?;
            let original: Fen = f
                .items()
                .iter()
                .map(|&(s, q)| self.price_of(s, self.c[s] + j * q, q))
                .sum();
            if set_problem(f, original).is_some() {
                break;
            }
            self.red.push(original - f.price);
            n += 1;
        }
        Ok(n)
    }

    /// Σ unit price of SKU `s`'s `n` units after the first `from`: from the
    /// prefix sums where they are kept.
    pub(super) fn price_of(&self, s: usize, from: i64, n: i64) -> Fen {
        match self.pre[s].get((from + n) as usize) {
            Some(&to) => to - self.pre[s][from as usize],
            None => self.skus[s].price_of(from, n),
        }
    }

    /// The score of a choice, or `None` when one of its sets is not valid.
    pub(super) fn evaluate(&mut self, counts: &[u32]) -> Result<Option<Score>, Exhausted> {
        let mut score: Score = 0;
        let mut valid = true;
        for (d, &n) in counts.iter().enumerate() {
            let n = n as usize;
            if n == 0 {
                continue;
            }
            let at = self.red.len();
            let made = self.reductions(d);
            let sum: Fen = self.red[at..].iter().take(n).sum();
            self.red.truncate(at);
            if made? < n {
                valid = false;
                break;
            }
            score += i128::from(sum) * self.scale - n as i128;
            for &(s, q) in self.bundles[d].items() {
                self.c[s] += n as i64 * q;
            }
        }
        if valid {
            for k in 0..self.used.len() {
                let s = self.used[k];
                let taken = self.c[s];
                score += i128::from(self.item_value(s, taken)) * self.scale;
            }
        }
        self.c.iter_mut().for_each(|c| *c = 0);
        Ok(valid.then_some(score))
    }

    /// Counts that give each bundle of `order`, in turn, as many sets as
    /// the units the bundles before it left allow.
    pub(super) fn take(&self, order: impl Iterator<Item = usize>) -> Vec<u32> {
        let mut left: Vec<i64> = self.skus.iter().map(|s| s.total).collect();
        let mut counts = vec![0u32; self.bundles.len()];
        for d in order {
            let f = self.bundles[d];
            let n = f
                .items()
                .iter()
                .map(|&(s, q)| left[s] / q)
                .min()
                .unwrap_or(0)
                .min(f.cap);
            for &(s, q) in f.items() {
                left[s] -= n * q;
            }
            counts[d] = u32::try_from(n).unwrap_or(0);
        }
        counts
    }

    /// A good choice to start from: bundles by what a set earns per unit
    /// over the item discounts its units would lose, each taking as many
    /// sets as the units left allow.
    pub(super) fn greedy(&self) -> Vec<u32> {
        let mut order: Vec<(i128, usize)> = (0..self.bundles.len())
            .map(|d| {
                let f = self.bundles[d];
                let earns: i128 = f
                    .items()
                    .iter()
                    .map(|&(s, q)| {
                        let top = self.skus[s].lines.iter().map(|l| l.2).max().unwrap_or(0);
                        let off = self.skus[s].off.iter().copied().max().unwrap_or(0);
                        i128::from(q) * i128::from(top - off)
                    })
                    .sum::<i128>()
                    - i128::from(f.price);
                (div(earns * self.scale, i128::from(f.units.max(1))), d)
            })
            .collect();
        order.sort_unstable_by(|a, b| b.cmp(a));
        self.take(
            order
                .into_iter()
                .take_while(|&(earns, _)| earns > 0)
                .map(|(_, d)| d),
        )
    }

    /// The score of the child of a node at bundle `d` (scored `score`)
    /// that forms `n` sets of it, whose reductions are `self.red[at..at + n]`,
    /// and the bound of what the rest can reach from it.
    pub(super) fn child(&mut self, d: usize, score: Score, at: usize, n: usize) -> (Score, Score) {
        let sum: Fen = self.red[at..at + n].iter().sum();
        self.enter(d, n);
        let v = self.close(d, score + i128::from(sum) * self.scale - n as i128);
        let reach = v + if self.by_sku.is_empty() {
            self.bound(d + 1, None)
        } else {
            self.by_sku_bound_until(d + 1, self.enough.saturating_sub(v))
        };
        self.leave(d, n);
        (v, reach)
    }

    /// `score` with what the item discounts give the SKUs whose last bundle
    /// is `d`, on the units the sets chosen so far left.
    pub(super) fn close(&mut self, d: usize, mut score: Score) -> Score {
        for k in 0..self.bundles[d].items().len() {
            let s = self.bundles[d].items()[k].0;
            if self.last_user[s] == d {
                let taken = self.c[s];
                score += i128::from(self.item_value(s, taken)) * self.scale;
            }
        }
        score
    }

    pub(super) fn step(&mut self) -> Result<(), Exhausted> {
        if *self.steps == 0 {
            return Err(Exhausted);
        }
        if self.pause == 0 {
            self.paused = true;
            return Err(Exhausted);
        }
        *self.steps -= 1;
        self.pause = self.pause.saturating_sub(1);
        Ok(())
    }

    pub(super) fn enter(&mut self, d: usize, n: usize) {
        self.counts[d] = n as u32;
        for &(s, q) in self.bundles[d].items() {
            self.c[s] += n as i64 * q;
        }
    }

    pub(super) fn leave(&mut self, d: usize, n: usize) {
        self.counts[d] = 0;
        for &(s, q) in self.bundles[d].items() {
            self.c[s] -= n as i64 * q;
        }
    }

    /// The key of the search's state at bundle `d` into `self.key`: `d` and
    /// the units the sets took of each SKU still open. What bundles `d..`
    /// can add depends on nothing else.
    pub(super) fn key(&mut self, d: usize) -> u64 {
        if !self.radix.is_empty() {
            let mut key = d as u64;
            for &s in &self.used {
                if self.last_user[s] >= d {
                    key += self.c[s] as u64 * self.radix[s];
                }
            }
            self.packed = key;
            return self.hasher.hash_one(key);
        }
        self.key.clear();
        self.key.push(d as i64);
        for &s in &self.used {
            if self.last_user[s] >= d {
                self.key.push(self.c[s]);
            }
        }
        self.hasher.hash_one(&self.key[..])
    }

    /// What is known of the state whose key is in `self.key` (or packed).
    pub(super) fn recall(&self, hash: u64) -> Option<Known> {
        let is = Self::is_key(!self.radix.is_empty(), self.packed, &self.arena, &self.key);
        self.memo.find(hash, |k| is(k.key)).map(|k| k.known)
    }

    /// Whether a key kept is the one the search is at: the packed key,
    /// or (without packed keys) a range of the arena that holds `key`.
    fn is_key<'k>(
        packed: bool,
        at: u64,
        arena: &'k [i64],
        key: &'k [i64],
    ) -> impl Fn(u64) -> bool + 'k {
        move |kept| {
            if packed {
                kept == at
            } else {
                &arena[(kept & 0xffff_ffff) as usize..(kept >> 32) as usize] == key
            }
        }
    }

    /// How many states are kept.
    pub(super) fn kept(&self) -> usize {
        self.memo.len()
    }

    /// Keeps what is known of the state whose key is in `self.key`; an
    /// upper bound only lowers what was kept.
    pub(super) fn keep(&mut self, hash: u64, known: Known) {
        let packed = !self.radix.is_empty();
        let found = {
            let is = Self::is_key(packed, self.packed, &self.arena, &self.key);
            self.memo.find_mut(hash, move |k| is(k.key))
        };
        if let Some(k) = found {
            k.known = match (k.known, known) {
                (Known::AtMost(a), Known::AtMost(b)) => Known::AtMost(a.min(b)),
                (Known::Exactly(a), _) => Known::Exactly(a),
                (_, new) => new,
            };
            return;
        }
        let key = if packed {
            self.packed
        } else {
            let from = self.arena.len() as u64;
            self.arena.extend_from_slice(&self.key);
            from | (self.arena.len() as u64) << 32
        };
        let arena = &self.arena;
        let hasher = &self.hasher;
        self.memo.insert_unique(hash, Kept { key, known }, |k| {
            if packed {
                hasher.hash_one(k.key)
            } else {
                hasher.hash_one(&arena[(k.key & 0xffff_ffff) as usize..(k.key >> 32) as usize])
            }
        });
    }

    /// Phase 1: the most bundles `d..` and the SKUs still open can add to
    /// the score (among the choices that can be as good as the best known:
    /// see `limit`), and `true`; or, when that cannot beat `floor` nor the
    /// best choice known, a bound of it, and `false`. `score` is what the
    /// bundles before `d` made. Children go most promising first; a child
    /// whose bound cannot beat the floor, the best choice known or the best
    /// child found is cut. What a state is found to be worth (or at most
    /// worth) is kept, so that another way to the same units taken is not
    /// searched again.
    pub(super) fn best_from(
        &mut self,
        d: usize,
        score: Score,
        floor: Score,
    ) -> Result<(Score, bool), Exhausted> {
        self.step()?;
        if d == self.bundles.len() {
            if self.best.as_ref().is_none_or(|b| score > b.score) {
                self.best = Some(BestSets {
                    score,
                    counts: self.counts.clone(),
                });
                self.limit();
            }
            return Ok((0, true));
        }
        let beat = |this: &Self| {
            this.best
                .as_ref()
                .map_or(floor, |b| floor.max(b.score - score))
        };
        let hash = self.key(d);
        match self.recall(hash) {
            Some(Known::Exactly(v)) => return Ok((v, true)),
            Some(Known::AtMost(v)) if v <= beat(self) => return Ok((v, false)),
            _ => {}
        }
        if self.sampling {
            self.sample(d, score);
        }
        let at = self.red.len();
        let made = self.reductions(d)?;
        let kids = self.kids.len();
        if made == 0 {
            // One child, no set of bundle d: nothing to choose or to cut.
            let gain = self.close(d, 0);
            self.kids.push((0, gain, Score::MAX));
        } else {
            // A child's bound need not be lower than what cuts it.
            self.enough = beat(self);
            for n in (0..=made).rev() {
                self.step()?;
                let (gain, reach) = self.child(d, 0, at, n);
                self.kids.push((n, gain, reach));
            }
            self.enough = Score::MIN;
            self.kids[kids..].sort_by_key(|k| std::cmp::Reverse(k.2));
        }
        // The best child's exact worth, and the most any other may be worth.
        let mut exact: Option<Score> = None;
        let mut upper = Score::MIN;
        let mut result = Ok(());
        for k in kids..self.kids.len() {
            let (n, gain, reach) = self.kids[k];
            let bar = exact.map_or(beat(self), |e| e.max(beat(self)));
            if reach <= bar {
                upper = upper.max(reach);
                break;
            }
            self.enter(d, n);
            let r = self.best_from(d + 1, score + gain, bar - gain);
            self.leave(d, n);
            match r {
                Ok((r, true)) => {
                    if exact.is_none_or(|e| gain + r > e) {
                        exact = Some(gain + r);
                    }
                }
                Ok((r, false)) => upper = upper.max(gain + r),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        self.kids.truncate(kids);
        self.red.truncate(at);
        result?;
        let (value, known) = match exact {
            Some(e) if e >= upper => (e, Known::Exactly(e)),
            _ => {
                let most = exact.map_or(upper, |e| e.max(upper));
                (most, Known::AtMost(most))
            }
        };
        let hash = self.key(d);
        self.keep(hash, known);
        Ok((value, matches!(known, Known::Exactly(_))))
    }

    /// Phase 2: the first choice, in decreasing order of count lists, that
    /// scores `target` — the one the contract's ties prefer. A state from
    /// which the rest cannot reach `target` is kept as such.
    pub(super) fn first_with(
        &mut self,
        d: usize,
        score: Score,
        target: Score,
    ) -> Result<bool, Exhausted> {
        self.step()?;
        if d == self.bundles.len() {
            if score == target {
                self.best = Some(BestSets {
                    score,
                    counts: self.counts.clone(),
                });
                return Ok(true);
            }
            return Ok(false);
        }
        let need = target - score;
        if self.kept() > 0 {
            let hash = self.key(d);
            if let Some(Known::Exactly(v) | Known::AtMost(v)) = self.recall(hash) {
                if v < need {
                    return Ok(false);
                }
            }
        }
        let at = self.red.len();
        let made = self.reductions(d)?;
        let mut found = Ok(false);
        for n in (0..=made).rev() {
            if let Err(e) = self.step() {
                found = Err(e);
                break;
            }
            let (v, reach) = if made == 0 {
                (self.close(d, score), Score::MAX)
            } else {
                self.child(d, score, at, n)
            };
            if reach < target {
                continue;
            }
            self.enter(d, n);
            found = self.first_with(d + 1, v, target);
            self.leave(d, n);
            if !matches!(found, Ok(false)) {
                break;
            }
        }
        self.red.truncate(at);
        if matches!(found, Ok(false)) {
            let hash = self.key(d);
            self.keep(hash, Known::AtMost(need - 1));
        }
        found
    }
}

/// Per SKU, what one unit taken weighs in a packed key of a search over
/// `bundles` bundles using the SKUs `used`: the bundle reached counts
/// 0..=`bundles`, then each SKU's units taken 0..=its units, in mixed radix;
/// empty when the largest key would not fit in 64 bits.
pub(super) fn radix(used: &[usize], skus: &[Sku], bundles: usize) -> Vec<u64> {
    let mut radix = vec![0; skus.len()];
    let mut weight = bundles as u64 + 1;
    for &s in used {
        radix[s] = weight;
        let Some(next) = u64::try_from(skus[s].total + 1)
            .ok()
            .and_then(|units| weight.checked_mul(units))
        else {
            return Vec::new();
        };
        weight = next;
    }
    radix
}

/// Empties `v` and fills it with `len` times `x`, in its buffer.
fn fill<T: Clone>(v: &mut Vec<T>, len: usize, x: T) {
    v.clear();
    v.resize(len, x);
}

/// What the search knows of what the bundles from a state on can add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Known {
    Exactly(Score),
    AtMost(Score),
}

/// One state kept: its key (packed, or the range of the arena that holds
/// it: start | end << 32) and what is known.
pub(super) struct Kept {
    pub(super) key: u64,
    pub(super) known: Known,
}

/// The states the search went on from at one depth since the last pause,
/// one in `stride`: each the score made before and the units taken of
/// every SKU used, flat.
#[derive(Debug, Default)]
pub(super) struct Samples {
    pub(super) stride: u64,
    pub(super) seen: u64,
    pub(super) states: Vec<Score>,
}

impl Samples {
    /// Forgets the states, and samples every state again.
    pub(super) fn clear(&mut self) {
        self.stride = 1;
        self.seen = 0;
        self.states.clear();
    }
}

/// One depth's tables of the second bound, one after the other in one
/// vector: each gives, for every SKU still open at the depth and every
/// number of its units taken, that SKU's part of the bound, and what the
/// bundles add on their own. The first has the root's shares; the others
/// shares chosen at the best choice's state and at states sampled.
#[derive(Clone, Debug, Default)]
pub(super) struct Tables {
    /// The SKUs open at the depth, each with where its part of a table
    /// starts (its units taken index it from there).
    pub(super) open: Vec<(usize, usize)>,
    /// The length of one table: Σ (units + 1) over the SKUs open.
    pub(super) width: usize,
    /// The tables' entries, in `i64`: each within [`Tables::most`] so that
    /// the entries of one state sum without overflow.
    pub(super) flat: Vec<i64>,
    /// Per table, what the bundles add on their own, and how many
    /// children it cut (the table that brought the bound low enough).
    pub(super) sets: Vec<Score>,
    pub(super) cuts: Vec<u64>,
    /// The tables in the order they are tried: the last that cut first.
    pub(super) order: Vec<u32>,
    /// Per table, the shares it was made with (`mu`): a state sampled
    /// starts its own from those of the table that bounds it lowest.
    pub(super) shares: Vec<Vec<Vec<Score>>>,
}

impl Tables {
    /// No table yet, for the SKUs that `layer` (per SKU, its table; empty
    /// for a SKU not open) has a table for.
    pub(super) fn new(layer: &[Vec<Score>]) -> Self {
        let mut open = Vec::new();
        let mut width = 0;
        for (s, t) in layer.iter().enumerate() {
            if !t.is_empty() {
                open.push((s, width));
                width += t.len();
            }
        }
        Tables {
            open,
            width,
            ..Tables::default()
        }
    }

    /// How many tables.
    pub(super) fn len(&self) -> usize {
        self.sets.len()
    }

    /// The most an entry may be, either sign: the entries of one state
    /// (one a SKU open) then sum within `i64`.
    pub(super) fn most(&self) -> i128 {
        i128::from(i64::MAX) / (self.open.len() as i128 + 1)
    }

    /// Adds a table (`layer` per SKU, of the same SKUs and lengths as the
    /// depth's first) and what the bundles add on their own with it; or,
    /// when an entry is beyond [`most`](Self::most), adds nothing and
    /// says so (`false`).
    pub(super) fn push(&mut self, layer: &[Vec<Score>], sets: Score) -> bool {
        let most = self.most();
        let fits = |v: &Score| (-most..=most).contains(v);
        if !self.open.iter().all(|&(s, _)| layer[s].iter().all(fits)) {
            return false;
        }
        for &(s, _) in &self.open {
            self.flat
                .extend(layer[s].iter().map(|&v| i64::try_from(v).unwrap_or(0)));
        }
        self.order.push(self.sets.len() as u32);
        self.sets.push(sets);
        self.cuts.push(0);
        true
    }

    /// Table `k`'s bound of the state where `c` (per SKU) units are taken.
    pub(super) fn bound(&self, k: usize, c: &[i64]) -> Score {
        let row = &self.flat[k * self.width..(k + 1) * self.width];
        self.sets[k]
            + Score::from(
                self.open
                    .iter()
                    .map(|&(s, from)| row[from + c[s] as usize])
                    .sum::<i64>(),
            )
    }
}
