//! The bound of the bundle search: a Lagrangian relaxation. Each unit still
//! open is given a price `pi`; whatever the units end up doing, what the
//! rest of a choice adds is then at most Σ `pi` × open units, plus what the
//! item discounts give the units a choice leaves above their `pi`, plus each
//! possible set's reduction above the `pi` of its units. Any `pi` gives a
//! valid bound; a few subgradient steps choose ones that make it low.

use crate::money::Fen;

use super::super::state::span;
use super::problem::Exhausted;
use super::search::{BestSets, Score, SetSearch};

impl SetSearch<'_, '_, '_> {
    /// For the SKUs of the group, in turn, while (units + 1) × lines summed
    /// stays within [`EXACT_WORK`]: what the item discounts give its units
    /// left, for every number of units the sets may take (`iv`), from which
    /// the bound is exact for that SKU. Speed only: without them the bound
    /// takes each unit at its best item discount, which is still a bound.
    pub(super) fn exact_item_values(&mut self) {
        let mut work = 0;
        for k in 0..self.used.len() {
            let s = self.used[k];
            let total = self.skus[s].total;
            work += (total + 1) * self.skus[s].lines.len() as i64;
            if work > self.exact_work {
                break;
            }
            // Straight from the item discounts: each value is asked for once
            // (into the buffers of the search before).
            let (sku, items) = (&self.skus[s], self.items);
            let iv = &mut self.iv[s];
            iv.clear();
            iv.extend((0..=total).map(|t| sku.item_value(items, t)));
            let pre = &mut self.pre[s];
            pre.clear();
            let mut sum: Fen = 0;
            pre.push(sum);
            for &(_, qty, unit) in &sku.lines {
                for _ in 0..qty {
                    sum += unit;
                    pre.push(sum);
                }
            }
        }
    }

    /// Speed only: once phase 1 found a better score `target` than the best
    /// choice known before it (`start`), prices that fit it bound phase 2
    /// more tightly (bench `bundles/8 bundles of one set…`: 13 % fewer
    /// instructions).
    pub(super) fn tighten(&mut self, start: Score, target: Score) -> Result<(), Exhausted> {
        if target > start {
            self.live.clear();
            self.live.extend(0..self.bundles.len());
            self.better_prices()?;
            self.prepare();
        }
        Ok(())
    }

    /// A bound of what bundles `d..` and the item discounts of the SKUs
    /// still open can add to the score, with the prices `pi` of the units
    /// of each line; and, when `gradient` is given, how many units each line
    /// has over what the relaxation uses (a subgradient of the bound in `pi`).
    pub(super) fn bound(&mut self, d: usize, mut gradient: Option<&mut Vec<i128>>) -> Score {
        let mut ub: i128 = 0;
        if let Some(g) = gradient.as_deref_mut() {
            g.iter_mut().for_each(|g| *g = 0);
        }
        for &s in &self.used {
            if self.last_user[s] < d {
                continue;
            }
            if gradient.is_none() {
                if let Some(t) = self.tables[s].get(self.c[s] as usize) {
                    ub += t.0;
                    self.open[s] = self.skus[s].total - self.c[s];
                    self.val[s] = t.1;
                    continue;
                }
            }
            let at = span(&self.scaled_at[s]);
            let exact = !self.iv[s].is_empty();
            let mut skip = self.c[s];
            // What a unit can earn in a set above its price, at best, and where.
            let mut best = i128::MIN;
            let mut best_at = 0;
            for k in at.clone() {
                let (qty, unit, off) = self.scaled[k];
                let left = qty - skip;
                if left <= 0 {
                    skip -= qty;
                    continue;
                }
                skip = 0;
                let class = self.class[k];
                let pi = self.pi[class];
                ub += pi * i128::from(left);
                if let Some(g) = gradient.as_deref_mut() {
                    g[class] += i128::from(left);
                }
                if !exact {
                    // Each unit left at its best item discount.
                    let gain = off - pi;
                    if gain > 0 {
                        ub += gain * i128::from(left);
                        if let Some(g) = gradient.as_deref_mut() {
                            g[class] -= i128::from(left);
                        }
                    }
                }
                if unit - pi > best {
                    best = unit - pi;
                    best_at = class;
                }
            }
            let open = self.skus[s].total - self.c[s];
            if exact {
                // The units left are the last ones: the best number of them
                // to leave, at what the item discounts give them exactly.
                let total = self.skus[s].total;
                let iv = &self.iv[s];
                // Leaving no unit, the item discounts give nothing.
                let mut term: i128 = 0;
                let mut best_k = 0;
                let mut k = 0;
                let mut paid: i128 = 0;
                'units: for line in at.clone().rev() {
                    let qty = self.scaled[line].0;
                    let pi = self.pi[self.class[line]];
                    for _ in 0..qty {
                        if k == open {
                            break 'units;
                        }
                        k += 1;
                        paid += pi;
                        let v = i128::from(iv[(total - k) as usize]) * self.scale - paid;
                        if v > term {
                            term = v;
                            best_k = k;
                        }
                    }
                }
                ub += term;
                if let Some(g) = gradient.as_deref_mut() {
                    let mut k = best_k;
                    for line in at.rev() {
                        if k == 0 {
                            break;
                        }
                        let n = k.min(self.scaled[line].0);
                        g[self.class[line]] -= i128::from(n);
                        k -= n;
                    }
                }
            }
            self.open[s] = open;
            self.val[s] = best;
            self.val_at[s] = best_at;
        }
        let from = self.live.partition_point(|&b| b < d);
        for &b in &self.live[from..] {
            let f = self.bundles[b];
            let mut profit = -self.price[b];
            for &(s, q) in f.items() {
                if self.open[s] < q {
                    profit = 0;
                    break;
                }
                profit += i128::from(q) * self.val[s];
            }
            if profit <= 0 {
                continue;
            }
            let mut cap = f.cap;
            for &(s, q) in f.items() {
                cap = cap.min(self.open[s] / q);
            }
            ub += profit * i128::from(cap);
            if let Some(g) = gradient.as_deref_mut() {
                for &(s, q) in f.items() {
                    g[self.val_at[s]] -= i128::from(q) * i128::from(cap);
                }
            }
        }
        ub
    }

    /// [`bound`](Self::bound) at the start (every unit open) with its
    /// subgradient (into `gradient`), from the `i64` copies of `root`
    /// ([`Root::new`]) with the prices `pi` copied in: `None` as soon as a
    /// value does not fit (every product and sum is checked); the caller
    /// then takes [`bound`](Self::bound). The same bound and subgradient
    /// (`the_bound_at_the_start_is_the_same_from_the_copies` compares
    /// them), in about half the instructions: every unit is open, so no
    /// unit is skipped, no set lacks units and each bundle's most sets is
    /// known.
    pub(super) fn root_bound(&mut self, root: &mut Root, gradient: &mut [i128]) -> Option<Score> {
        let Root {
            skus,
            lines,
            class_units,
            units,
            bundles,
            items,
            pi,
            val,
            ..
        } = root;
        if pi.len() != class_units.len() || gradient.len() != class_units.len() {
            return None;
        }
        // Each open unit at its price, class by class (the same for every
        // price: the subgradient starts from each class's units).
        let mut ub: i64 = 0;
        for ((g, &units), &pi) in gradient.iter_mut().zip(class_units.iter()).zip(pi.iter()) {
            *g = i128::from(units);
            ub = ub.checked_add(pi.checked_mul(units)?)?;
        }
        for sku in skus.iter() {
            let mut best = i64::MIN;
            let mut best_at = 0;
            for &(qty, unit, off, class) in &lines[sku.lines.clone()] {
                let pi = *pi.get(class)?;
                if sku.units.is_empty() {
                    // Each unit at its best item discount.
                    let gain = off.checked_sub(pi)?;
                    if gain > 0 {
                        ub = ub.checked_add(gain.checked_mul(qty)?)?;
                        gradient[class] -= i128::from(qty);
                    }
                }
                let earn = unit.checked_sub(pi)?;
                if earn > best {
                    best = earn;
                    best_at = class;
                }
            }
            // The best number of the last units to leave to the item
            // discounts (leaving none gives nothing).
            let mut term: i64 = 0;
            let mut best_k = 0;
            let mut paid: i64 = 0;
            for (k, &(class, value)) in units[sku.units.clone()].iter().enumerate() {
                paid = paid.checked_add(*pi.get(class)?)?;
                let v = value.checked_sub(paid)?;
                if v > term {
                    term = v;
                    best_k = k + 1;
                }
            }
            ub = ub.checked_add(term)?;
            for &(class, _) in &units[sku.units.start..sku.units.start + best_k] {
                gradient[class] -= 1;
            }
            *val.get_mut(sku.sku)? = best;
            // (`open`, which `bound` also writes, is not read before
            // `bound` writes it again.)
            // No unit at all: the `i128` path's "none" (never read then).
            self.val[sku.sku] = if best == i64::MIN {
                i128::MIN
            } else {
                i128::from(best)
            };
            self.val_at[sku.sku] = best_at;
        }
        for &b in &self.live {
            let (price, cap, its) = bundles.get(b)?.clone();
            let mut profit = price.checked_neg()?;
            for &(s, q) in &items[its.clone()] {
                profit = profit.checked_add(q.checked_mul(*val.get(s)?)?)?;
            }
            if profit <= 0 {
                continue;
            }
            ub = ub.checked_add(profit.checked_mul(cap)?)?;
            for &(s, q) in &items[its] {
                gradient[self.val_at[s]] -= i128::from(q) * i128::from(cap);
            }
        }
        Some(Score::from(ub))
    }

    /// The bound at the start with its subgradient:
    /// [`root_bound`](Self::root_bound) when its copies are made (`made`)
    /// and the prices fit in `i64`, else [`bound`](Self::bound).
    fn root_bound_with_gradient(
        &mut self,
        root: &mut Root,
        made: bool,
        gradient: &mut Vec<i128>,
    ) -> Score {
        if made && root.set_pi(&self.pi) {
            if let Some(ub) = self.root_bound(root, gradient) {
                return ub;
            }
        }
        self.bound(0, Some(gradient))
    }

    /// With the prices `pi` chosen: the bundles that may add to the bound
    /// (those whose sets earn more than the prices of their units at the
    /// start; a set never earns more deeper in the search, where fewer units
    /// are open), and the most sets of each other bundle a choice as good as
    /// the best known can form.
    pub(super) fn prepare(&mut self) {
        self.tabulate();
        self.live.clear();
        self.live.extend(0..self.bundles.len());
        // The subgradient left the bound at these prices: only what a unit
        // earns in a set above its price is needed here.
        self.root = match self.copies.known.take() {
            Some(ub) if self.copies.known_pi == self.pi => {
                self.root_earnings();
                // Debug builds check both against `bound`'s, which writes
                // `val` anew: what `root_earnings` wrote is read first.
                #[cfg(debug_assertions)]
                {
                    let earned: Vec<i128> = self.used.iter().map(|&u| self.val[u]).collect();
                    debug_assert_eq!(ub, self.bound(0, None), "the bound the subgradient left");
                    let anew: Vec<i128> = self.used.iter().map(|&u| self.val[u]).collect();
                    debug_assert_eq!(earned, anew, "what a unit earns in a set at the start");
                }
                ub
            }
            _ => self.bound(0, None),
        };
        self.live.clear();
        self.profit.clear();
        for b in 0..self.bundles.len() {
            let profit = self.set_profit(b);
            if profit > 0 {
                self.live.push(b);
            }
            self.profit.push(profit);
        }
        self.limit();
    }

    /// What [`bound`](Self::bound) leaves in `val` at the start (every unit
    /// open): per SKU used, what a unit earns in a set above its price at
    /// best (`i128::MIN` for a SKU without units).
    fn root_earnings(&mut self) {
        for &s in &self.used {
            let mut best = i128::MIN;
            for k in span(&self.scaled_at[s]) {
                let (qty, unit, _) = self.scaled[k];
                if qty > 0 {
                    best = best.max(unit - self.pi[self.class[k]]);
                }
            }
            self.val[s] = best;
        }
    }

    /// With the prices `pi` chosen, for each SKU whose item discounts are
    /// known for every number of units taken (`iv`): for every number `c`
    /// of its units the sets took, its part of the bound (Σ `pi` of its open
    /// units, and the best number of the last units to leave to the item
    /// discounts above their `pi`) and what an open unit can earn in a set
    /// above its `pi`. The bound then costs one look-up per SKU.
    pub(super) fn tabulate(&mut self) {
        for k in 0..self.used.len() {
            let s = self.used[k];
            self.tables[s].clear();
            if self.iv[s].is_empty() {
                continue;
            }
            let total = self.skus[s].total as usize;
            // From the last unit back (line by line, each unit at its line's
            // `pi`): Σ pi of the units after c, the best of iv[m] × scale −
            // Σ pi after m over m ≥ c, and the best a unit earns in a set
            // above its `pi`. The table keeps its buffer from the last prices.
            let mut table = std::mem::take(&mut self.tables[s]);
            table.resize(total + 1, (0, i128::MIN));
            let mut after: i128 = 0;
            let mut leave: i128 = 0; // no unit left, nothing from the item discounts
            let mut earn = i128::MIN;
            table[total] = (leave, earn);
            let mut c = total;
            for line in span(&self.scaled_at[s]).rev() {
                let (qty, unit, _) = self.scaled[line];
                let pi = self.pi[self.class[line]];
                for _ in 0..qty {
                    c -= 1;
                    after += pi;
                    earn = earn.max(unit - pi);
                    leave = leave.max(i128::from(self.iv[s][c]) * self.scale - after);
                    table[c] = (after + leave, earn);
                }
            }
            self.tables[s] = table;
        }
    }

    /// The most sets of each bundle whose sets earn less than the prices of
    /// their units that a choice as good as the best known can form: each
    /// such set takes what it lacks from the bound at the start.
    pub(super) fn limit(&mut self) {
        let gap = (self.root - self.best.as_ref().map_or(0, |b| b.score)).max(0);
        for b in 0..self.bundles.len() {
            let profit = self.profit[b];
            self.most[b] = if profit >= 0 {
                i64::MAX
            } else {
                i64::try_from(div(gap, -profit)).unwrap_or(i64::MAX)
            };
        }
    }

    /// Prices `pi` that make the bound at the start low: a unit's best item
    /// discount or its share of its best set to begin with (the set's
    /// saving in proportion to the unit's price), then a few subgradient
    /// steps towards the best choice known.
    pub(super) fn first_prices(&mut self) {
        for k in 0..self.scaled.len() {
            self.pi[self.class[k]] = self.scaled[k].2;
        }
        // Per SKU, the largest saving / most of the bundles that use it (0 / 1
        // for none): a unit's largest share is its price times that, and
        // one division per line gives it (the floor of the largest share is
        // the largest of the floors).
        // (In the buffers of the search before; each SKU's top unit price
        // found once.)
        let mut ratio = std::mem::take(&mut self.copies.ratio);
        ratio.clear();
        ratio.resize(self.skus.len(), (0, 1));
        let mut top = std::mem::take(&mut self.copies.top);
        top.clear();
        top.extend(
            self.skus
                .iter()
                .map(|s| s.lines.iter().map(|l| l.2).max().unwrap_or(0)),
        );
        for f in &self.bundles {
            let most: i128 = f
                .items()
                .iter()
                .map(|&(s, q)| i128::from(q) * i128::from(top[s]))
                .sum();
            let saving = (most - i128::from(f.price)).max(0);
            for &(s, _) in f.items() {
                // saving / most above the SKU's best, all of them positive.
                let (best, of) = ratio[s];
                if saving * of > best * most {
                    ratio[s] = (saving, most);
                }
            }
        }
        for &s in &self.used {
            let (saving, most) = ratio[s];
            for k in span(&self.scaled_at[s]) {
                let share = div(self.scaled[k].1 * saving, most);
                let class = self.class[k];
                self.pi[class] = self.pi[class].max(share);
            }
        }
        self.copies.ratio = ratio;
        self.copies.top = top;
    }

    pub(super) fn better_prices(&mut self) -> Result<(), Exhausted> {
        let Some(mut target) = self.best.as_ref().map(|b| b.score) else {
            return Ok(());
        };
        let aim = target;
        // The copies and the vectors of the search before (speed only).
        let mut root = std::mem::take(&mut self.copies);
        let made = root.fill(self);
        let mut gradient = std::mem::take(&mut root.gradient);
        gradient.clear();
        gradient.resize(self.pi.len(), 0);
        let mut best_pi = std::mem::take(&mut root.best_pi);
        best_pi.clone_from(&self.pi);
        let mut order = std::mem::take(&mut root.order);
        let mut bound = self.root_bound_with_gradient(&mut root, made, &mut gradient);
        let mut best_bound = bound;
        // The step: (bound − target) / |g|² × step / 16, starting at twice
        // that (callgrind, from 16 to 32: bench bundles/one shop, 50
        // bundles… 13 % fewer instructions, bundles/8 bundles… 64 % fewer,
        // bundles/worst known 1 % more; the steps are chaotic: 48 costs the
        // 8 × 10 cart 33 % more than 16, 24 saves it 75 %).
        let mut step: i128 = 32;
        let mut stale = 0;
        for round in 0..64 {
            // The first round's bound is the one just computed.
            if round > 0 {
                bound = self.root_bound_with_gradient(&mut root, made, &mut gradient);
            }
            if bound < best_bound {
                best_bound = bound;
                best_pi.clone_from(&self.pi);
                stale = 0;
            } else {
                stale += 1;
                if stale == 3 {
                    step = (step / 2).max(1);
                    stale = 0;
                }
            }
            if round % 4 == 2 {
                // Now and then, the choice these prices point to: a better
                // target makes the steps surer, and may meet the bound.
                self.by_profit_into(&mut order);
                let counts = self.take(order.iter().map(|&(_, b)| b));
                // On running out of steps, the buffers are dropped (the
                // search ends there).
                if let Some(score) = self.evaluate(&counts)? {
                    if score > target {
                        target = score;
                        self.best = Some(BestSets { score, counts });
                    }
                }
            }
            if bound <= target {
                break;
            }
            let norm: i128 = gradient.iter().map(|g| g * g).sum();
            if norm == 0 {
                break;
            }
            // Steps aim between the score known at the start and the best
            // found since (which the bound stops at): bolder steps early.
            let t = div(
                (bound - (aim + target) / 2).saturating_mul(step),
                norm.saturating_mul(16),
            )
            .max(1);
            for (pi, g) in self.pi.iter_mut().zip(&gradient) {
                *pi = (*pi - t.saturating_mul(*g)).max(0);
            }
        }
        std::mem::swap(&mut self.pi, &mut best_pi);
        // The bound at the prices kept, for `prepare`, when it was taken
        // with every unit open (the copies made) over every bundle.
        root.known = None;
        if made && self.live.len() == self.bundles.len() {
            root.known = Some(best_bound);
            root.known_pi.clone_from(&self.pi);
        }
        root.gradient = gradient;
        root.best_pi = best_pi;
        root.order = order;
        self.copies = root;
        Ok(())
    }

    /// The bundles whose sets earn more than the prices of their units (as
    /// the last `bound` found them), the most earning first.
    #[cfg(test)]
    pub(super) fn by_profit(&self) -> Vec<usize> {
        let mut order = Vec::new();
        self.by_profit_into(&mut order);
        order.into_iter().map(|(_, b)| b).collect()
    }

    /// [`by_profit`](Self::by_profit) into `order` (each with its profit),
    /// a buffer kept between the calls.
    pub(super) fn by_profit_into(&self, order: &mut Vec<(i128, usize)>) {
        order.clear();
        order.extend((0..self.bundles.len()).filter_map(|b| {
            let profit = self.set_profit(b);
            (profit > 0).then_some((profit, b))
        }));
        order.sort_unstable_by(|a, b| b.cmp(a));
    }

    /// What a set of bundle `b` earns above its price when each of its
    /// units earns what `val` says (the sets' part of the bound).
    fn set_profit(&self, b: usize) -> i128 {
        self.bundles[b]
            .items()
            .iter()
            .map(|&(s, q)| i128::from(q) * self.val[s])
            .sum::<i128>()
            - self.price[b]
    }

    /// The choice the relaxation points to: the bundles whose sets earn
    /// more than the prices of their units, the most earning first, each
    /// taking as many sets as the units left allow.
    pub(super) fn rounded(&self) -> Vec<u32> {
        let mut order: Vec<(i128, usize)> =
            self.live.iter().map(|&b| (self.profit[b], b)).collect();
        order.sort_unstable_by(|a, b| b.cmp(a));
        self.take(order.into_iter().map(|(_, b)| b))
    }
}

/// `a / b` (truncated toward zero, as `/`), by an `i64` division when both
/// fit in `i64` and the quotient does (all but `i64::MIN / -1`): the same
/// quotient, in a fraction of the instructions of the `i128` division
/// (`__divti3`) that `limit`, `greedy`, `first_prices` and the
/// subgradient's step take ~120 times a price otherwise. Like `/`, panics
/// when `b` is 0 (no caller divides by 0): `checked_div` hands that case,
/// and `i64::MIN / -1`, to the wide division.
pub(super) fn div(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(x), Ok(y)) => x.checked_div(y).map_or_else(|| a / b, i128::from),
        _ => a / b,
    }
}

/// What the bound reads at the start (every unit open), in `i64`, for
/// [`root_bound`](SetSearch::root_bound).
#[derive(Debug, Default)]
pub(super) struct Root {
    /// The SKUs used, each with its lines (in `lines`) and, when what the
    /// item discounts give its units left is known for every number taken
    /// (`iv`), its units from the last one back (in `units`; else empty).
    pub(super) skus: Vec<RootSku>,
    /// Per line: (units, unit price, best item discount of a unit, class).
    pub(super) lines: Vec<(i64, i64, i64, usize)>,
    /// Per class, the units of its lines.
    pub(super) class_units: Vec<i64>,
    /// Per unit from a SKU's last back, the `k`-th: (its class, what the
    /// item discounts give the SKU's last `k` units, in the score).
    pub(super) units: Vec<(usize, i64)>,
    /// Per bundle: (its price in the score, its most sets with every unit
    /// open, its items in `items`).
    pub(super) bundles: Vec<(i64, i64, std::ops::Range<usize>)>,
    pub(super) items: Vec<(usize, i64)>,
    /// Per class, its price `pi`; per SKU, what a unit earns in a set above it at best.
    pub(super) pi: Vec<i64>,
    pub(super) val: Vec<i64>,
    /// Buffers of [`better_prices`](SetSearch::better_prices), kept with
    /// the copies for the next search: the subgradient, the best prices
    /// found, the bundles by profit.
    pub(super) gradient: Vec<i128>,
    pub(super) best_pi: Vec<i128>,
    pub(super) order: Vec<(i128, usize)>,
    /// The bound at the start at the prices `known_pi`, when the last
    /// subgradient left it (read once, by `prepare`).
    pub(super) known: Option<Score>,
    pub(super) known_pi: Vec<i128>,
    /// Buffers of [`first_prices`](SetSearch::first_prices): per SKU, the
    /// best saving / most of its bundles, and its top unit price.
    pub(super) ratio: Vec<(i128, i128)>,
    pub(super) top: Vec<Fen>,
}

/// A SKU of [`Root`].
#[derive(Debug)]
pub(super) struct RootSku {
    pub(super) sku: usize,
    pub(super) lines: std::ops::Range<usize>,
    pub(super) units: std::ops::Range<usize>,
}

impl Root {
    /// The copies of `s`'s values with every unit open, or `None` when a
    /// unit is taken or a value does not fit in `i64`.
    #[cfg(test)]
    pub(super) fn new(s: &SetSearch<'_, '_, '_>) -> Option<Root> {
        let mut root = Root::default();
        root.fill(s).then_some(root)
    }

    /// Makes the copies of `s`'s values with every unit open, in the
    /// buffers of the copies before; `false` (the copies not to be read)
    /// when a unit is taken or a value does not fit in `i64`.
    pub(super) fn fill(&mut self, s: &SetSearch<'_, '_, '_>) -> bool {
        self.try_fill(s).is_some()
    }

    fn try_fill(&mut self, s: &SetSearch<'_, '_, '_>) -> Option<()> {
        if s.c.iter().any(|&c| c != 0) {
            return None;
        }
        let n = |x: i128| i64::try_from(x).ok();
        let scale = n(s.scale)?;
        let root = self;
        root.skus.clear();
        root.lines.clear();
        root.units.clear();
        root.bundles.clear();
        root.items.clear();
        root.pi.clear();
        root.val.clear();
        root.val.resize(s.skus.len(), 0);
        root.class_units.clear();
        root.class_units.resize(s.pi.len(), 0);
        for &sku in &s.used {
            let at = span(&s.scaled_at[sku]);
            let from = root.lines.len();
            for k in at.clone() {
                let (qty, unit, off) = s.scaled[k];
                root.lines.push((qty, n(unit)?, n(off)?, s.class[k]));
                let units = root.class_units.get_mut(s.class[k])?;
                *units = units.checked_add(qty)?;
            }
            let first = root.units.len();
            let iv = &s.iv[sku];
            if !iv.is_empty() {
                let total = s.skus[sku].total;
                let mut k = 0;
                for line in at.rev() {
                    for _ in 0..s.scaled[line].0 {
                        k += 1;
                        let value = iv.get(usize::try_from(total - k).ok()?)?;
                        root.units.push((s.class[line], value.checked_mul(scale)?));
                    }
                }
            }
            root.skus.push(RootSku {
                sku,
                lines: from..root.lines.len(),
                units: first..root.units.len(),
            });
        }
        for (b, f) in s.bundles.iter().enumerate() {
            let from = root.items.len();
            let mut cap = f.cap;
            for &(sku, q) in f.items() {
                // Every unit open: as many sets as `bound` allows there
                // (none when a SKU lacks units, where `bound` adds none).
                cap = cap.min(s.skus[sku].total / q);
                root.items.push((sku, q));
            }
            root.bundles
                .push((n(s.price[b])?, cap, from..root.items.len()));
        }
        Some(())
    }

    /// Copies the prices `pi`; says whether each fits in `i64`.
    pub(super) fn set_pi(&mut self, pi: &[i128]) -> bool {
        self.pi.clear();
        for &p in pi {
            match i64::try_from(p) {
                Ok(p) => self.pi.push(p),
                Err(_) => return false,
            }
        }
        true
    }
}
