//! 搭配套餐 (contract §3.6): how many sets of each bundle a shop's lines form —
//! one exact choice with the item discounts on the units the sets leave.
//!
//! A set takes `quantity` units of each item SKU from the shop's lines with
//! that SKU, the line with the smallest id first; bundles take their units in
//! id order. So for a choice of set counts, each SKU's units are consumed from
//! the front of its lines (in id order), and what the choice is worth is
//!
//! > Σ over sets (set original − price) + Σ over SKUs (item discounts on the
//! > units left),
//!
//! which depends, SKU by SKU, only on how many of its units the sets took.
//! Bundles that share no SKU (directly or through others) do not interact:
//! each group is searched on its own. Within a group the search goes through
//! the bundles in id order, trying the most sets first; a SKU's item
//! discounts are added once its last bundle is decided; a branch is cut when
//! an upper bound of what it can still reach (each remaining unit at its best
//! item discount, each remaining set at its most valuable units) is below the
//! best choice found. Ties go to fewer sets, then to the smaller sorted list
//! of the sets' bundle ids.
//!
//! A shop in which at most 8 bundles can form a set, each at most 10 times,
//! is always searched to the end; beyond that the search may take at most
//! [`MAX_BUNDLE_STEPS`](crate::limits::MAX_BUNDLE_STEPS) steps, and a cart
//! that needs more is refused with a limit error.

use crate::error::{quoted, Error};
use crate::ids::{LineIx, PromoId, ShopIx};
use crate::limits;
use crate::money::{self, Fen};

use super::explain::Why;
use super::state::{id_order, span, Kind, Pricing};

/// One SKU the shop's bundles use: its lines in id order.
struct Sku {
    /// (line, units, unit price), in line id order.
    lines: Vec<(LineIx, i64, Fen)>,
    total: i64,
}

impl Sku {
    /// The (line, units, unit price) pieces of the `n` units after the first `from`.
    fn pieces(&self, from: i64, n: i64) -> impl Iterator<Item = (LineIx, i64, Fen)> + '_ {
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
    fn price_of(&self, from: i64, n: i64) -> Fen {
        self.pieces(from, n).map(|(_, u, p)| u * p).sum()
    }
}

/// A bundle that the shop's lines can form a set of.
struct Formable {
    promo: PromoId,
    /// (SKU, units in one set).
    items: Vec<(usize, i64)>,
    price: Fen,
    /// The most sets its `max_sets` and the shop's units allow.
    cap: i64,
    /// Units in one set.
    units: i64,
}

/// What is wrong with a set, if anything, given its original.
fn set_problem(f: &Formable, original: Fen) -> Option<Why> {
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

/// The choice: sets per bundle look of the shop, and what the search found out.
pub(crate) struct Choice {
    skus: Vec<Sku>,
    formable: Vec<Formable>,
    /// Sets of each formable bundle.
    sets: Vec<u32>,
    /// Why each bundle look that formed no set did not.
    notes: Vec<(PromoId, Why)>,
}

/// What the item discounts give on `lines` with `free(i)` units each.
pub(crate) type ItemValue<'f> = dyn Fn(&[LineIx], &dyn Fn(LineIx) -> i64) -> Fen + 'f;

/// Chooses how many sets of each bundle shop `s` forms. `items` says what the
/// item discounts would give the units a choice leaves. The shop's lines must
/// be in `p.w.sorted`, in id order.
pub(crate) fn choose(p: &Pricing<'_>, s: usize, items: &ItemValue<'_>) -> Result<Choice, Error> {
    let cat = p.cat;
    let cart = p.cart;
    let mut choice = Choice {
        skus: Vec::new(),
        formable: Vec::new(),
        sets: Vec::new(),
        notes: Vec::new(),
    };
    let mut sku_names: Vec<&str> = Vec::new();
    for k in p.looks(s, Kind::Bundle) {
        let look = &p.w.looks[k];
        if let Some(why) = &look.gate {
            choice.notes.push((look.promo, why.clone()));
            continue;
        }
        let rule = &cat.bundles[look.rule as usize];
        let mut items = Vec::with_capacity(rule.items.len());
        let mut cap = rule.max_sets.map_or(i64::MAX, i64::from);
        let mut missing = None;
        for (item, (sku, q)) in rule.items.iter().enumerate() {
            let at = match sku_names.iter().position(|n| *n == &**sku) {
                Some(at) => at,
                None => {
                    let lines: Vec<(LineIx, i64, Fen)> =
                        p.w.sorted
                            .iter()
                            .filter(|i| cart.lines[i.get()].sku == **sku)
                            .map(|&i| (i, p.w.lines[i.get()].qty, p.w.lines[i.get()].unit))
                            .collect();
                    let total = lines.iter().map(|l| l.1).sum();
                    sku_names.push(sku);
                    choice.skus.push(Sku { lines, total });
                    choice.skus.len() - 1
                }
            };
            let have = choice.skus[at].total;
            if have < i64::from(*q) && missing.is_none() {
                missing = Some(Why::Incomplete {
                    item: item as u32,
                    have,
                    need: *q,
                });
            }
            cap = cap.min(have / i64::from(*q));
            items.push((at, i64::from(*q)));
        }
        if let Some(why) = missing {
            choice.notes.push((look.promo, why));
            continue;
        }
        choice.formable.push(Formable {
            promo: look.promo,
            units: items.iter().map(|(_, q)| q).sum(),
            items,
            price: rule.price,
            cap,
        });
    }
    let m = choice.formable.len();
    choice.sets = vec![0; m];
    if m == 0 {
        return Ok(choice);
    }
    // Within the guarantee the search always ends; beyond it, it is bounded.
    let guaranteed = m <= 8 && choice.formable.iter().all(|f| f.cap <= 10);
    let mut steps = if guaranteed {
        u64::MAX
    } else {
        limits::MAX_BUNDLE_STEPS
    };
    let refused = || {
        Error::limit(
            format!("cart file, lines of shop {}", quoted(p.shop_name(s))),
            format!(
                "the shop's bundles can form too many combinations of sets to choose the best exactly (more than {} search steps); fewer units of the bundles' SKUs, or max_sets, bring it within",
                limits::MAX_BUNDLE_STEPS
            ),
        )
    };
    // What each SKU's units get at best from the item discounts (for bounds).
    let best_off: Vec<Vec<Fen>> = choice
        .skus
        .iter()
        .map(|sku| {
            sku.lines
                .iter()
                .map(|&(i, _, _)| {
                    p.w.offers[span(&p.w.offer_at[i.get()])]
                        .iter()
                        .map(|(_, o)| o.per_unit)
                        .max()
                        .unwrap_or(0)
                })
                .collect()
        })
        .collect();
    for group in groups(&choice.formable) {
        let mut search = Search {
            bundles: group.iter().map(|&b| &choice.formable[b]).collect(),
            skus: &choice.skus,
            best_off: &best_off,
            items,
            last_user: vec![usize::MAX; choice.skus.len()],
            memo: foldhash::HashMap::default(),
            c: vec![0; choice.skus.len()],
            counts: vec![0; group.len()],
            best: None,
            steps: &mut steps,
        };
        for (d, f) in search.bundles.iter().enumerate() {
            for &(sku, _) in &f.items {
                search.last_user[sku] = d;
            }
        }
        search.dfs(0, 0, 0).map_err(|Exhausted| refused())?;
        if let Some(best) = search.best {
            for (k, &b) in group.iter().enumerate() {
                choice.sets[b] = best.counts[k];
            }
        }
    }
    // Why a formable bundle the choice left out formed no set.
    for b in 0..m {
        if choice.sets[b] > 0 {
            continue;
        }
        let f = &choice.formable[b];
        let original: Fen = f
            .items
            .iter()
            .map(|&(sku, q)| choice.skus[sku].price_of(0, q))
            .sum();
        let why = match set_problem(f, original) {
            None => Why::BundleOutranked,
            Some(alone) => {
                // Another choice may leave it other units that make a valid set.
                let mut exists = Exists {
                    formable: &choice.formable,
                    skus: &choice.skus,
                    target: b,
                    c: vec![0; choice.skus.len()],
                    steps: &mut steps,
                };
                if exists.dfs(0).map_err(|Exhausted| refused())? {
                    Why::BundleOutranked
                } else {
                    alone
                }
            }
        };
        choice.notes.push((f.promo, why));
    }
    Ok(choice)
}

/// The search ran out of steps.
struct Exhausted;

/// The groups of formable bundles that share SKUs (directly or through
/// others), each in id order.
fn groups(formable: &[Formable]) -> Vec<Vec<usize>> {
    let m = formable.len();
    let mut root: Vec<usize> = (0..m).collect();
    fn find(root: &mut [usize], mut x: usize) -> usize {
        while root[x] != x {
            root[x] = root[root[x]];
            x = root[x];
        }
        x
    }
    for a in 0..m {
        for b in a + 1..m {
            let shared = formable[a]
                .items
                .iter()
                .any(|(s, _)| formable[b].items.iter().any(|(t, _)| s == t));
            if shared {
                let (ra, rb) = (find(&mut root, a), find(&mut root, b));
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

/// The best choice of a group so far.
struct Best {
    value: Fen,
    sets: i64,
    counts: Vec<u32>,
}

/// The exact search over one group's set counts.
struct Search<'a, 'b, 'f> {
    /// The group's bundles, in id order.
    bundles: Vec<&'a Formable>,
    skus: &'a [Sku],
    best_off: &'a [Vec<Fen>],
    items: &'b ItemValue<'f>,
    /// Per SKU, the last bundle (of `bundles`) that uses it.
    last_user: Vec<usize>,
    /// (SKU, units taken) → what the item discounts give its units left.
    memo: foldhash::HashMap<(usize, i64), Fen>,
    /// Per SKU, the units the sets decided so far take.
    c: Vec<i64>,
    counts: Vec<u32>,
    best: Option<Best>,
    steps: &'b mut u64,
}

impl Search<'_, '_, '_> {
    /// What the item discounts give SKU `s`'s units after the first `taken`.
    fn item_value(&mut self, s: usize, taken: i64) -> Fen {
        if let Some(&v) = self.memo.get(&(s, taken)) {
            return v;
        }
        let sku = &self.skus[s];
        let lines: Vec<LineIx> = sku.lines.iter().map(|l| l.0).collect();
        let free = |i: LineIx| -> i64 {
            // Units of line i left after the first `taken` units of the SKU.
            let mut before = 0;
            for &(j, qty, _) in &sku.lines {
                if j == i {
                    return (qty - (taken - before).clamp(0, qty)).max(0);
                }
                before += qty;
            }
            0
        };
        let v = (self.items)(&lines, &free);
        self.memo.insert((s, taken), v);
        v
    }

    /// An upper bound of what bundles `d..` and the item discounts on the
    /// SKUs still open can add.
    fn bound(&self, d: usize) -> Fen {
        let mut ub: Fen = 0;
        // Each unit still open at its best item discount.
        for (s, sku) in self.skus.iter().enumerate() {
            if self.last_user[s] == usize::MAX || self.last_user[s] < d {
                continue;
            }
            let mut skip = self.c[s];
            for (k, &(_, qty, _)) in sku.lines.iter().enumerate() {
                let left = (qty - skip).max(0);
                skip = (skip - qty).max(0);
                ub += left * self.best_off[s][k];
            }
        }
        // Each set still possible at its most valuable units (their best
        // discounted price), less its price.
        for f in &self.bundles[d..] {
            let mut per_set = -f.price;
            let mut cap = f.cap;
            for &(s, q) in &f.items {
                let sku = &self.skus[s];
                let mut skip = self.c[s];
                let mut most = 0;
                for (k, &(_, qty, unit)) in sku.lines.iter().enumerate() {
                    if qty > skip {
                        most = most.max(unit - self.best_off[s][k]);
                    }
                    skip = (skip - qty).max(0);
                }
                per_set += q * most;
                cap = cap.min((sku.total - self.c[s]) / q);
            }
            if per_set > 0 {
                ub += per_set * cap.max(0);
            }
        }
        ub
    }

    fn dfs(&mut self, d: usize, value: Fen, sets: i64) -> Result<(), Exhausted> {
        if *self.steps == 0 {
            return Err(Exhausted);
        }
        *self.steps -= 1;
        if d == self.bundles.len() {
            let better = self.best.as_ref().is_none_or(|b| {
                (value, -sets) > (b.value, -b.sets)
                    || ((value, sets) == (b.value, b.sets) && self.counts > b.counts)
            });
            if better {
                self.best = Some(Best {
                    value,
                    sets,
                    counts: self.counts.clone(),
                });
            }
            return Ok(());
        }
        let f = self.bundles[d];
        // The reductions of its sets, set after set, up to the first that fails.
        let mut reductions: Vec<Fen> = Vec::new();
        let room = f
            .items
            .iter()
            .map(|&(s, q)| (self.skus[s].total - self.c[s]) / q)
            .min()
            .unwrap_or(0)
            .min(f.cap);
        for j in 0..room {
            let original: Fen = f
                .items
                .iter()
                .map(|&(s, q)| self.skus[s].price_of(self.c[s] + j * q, q))
                .sum();
            if set_problem(f, original).is_some() {
                break;
            }
            reductions.push(original - f.price);
        }
        for n in (0..=reductions.len()).rev() {
            for &(s, q) in &f.items {
                self.c[s] += n as i64 * q;
            }
            let mut v = value + reductions[..n].iter().sum::<Fen>();
            for &(s, _) in &f.items {
                if self.last_user[s] == d {
                    let taken = self.c[s];
                    v += self.item_value(s, taken);
                }
            }
            let hopeless = self
                .best
                .as_ref()
                .is_some_and(|b| v + self.bound(d + 1) < b.value);
            let result = if hopeless {
                Ok(())
            } else {
                self.counts[d] = n as u32;
                self.dfs(d + 1, v, sets + n as i64)
            };
            self.counts[d] = 0;
            for &(s, q) in &f.items {
                self.c[s] -= n as i64 * q;
            }
            result?;
        }
        Ok(())
    }
}

/// Whether some valid choice of the bundles before `target` (in id order)
/// leaves units that make `target`'s first set valid.
struct Exists<'a, 'b> {
    formable: &'a [Formable],
    skus: &'a [Sku],
    target: usize,
    c: Vec<i64>,
    steps: &'b mut u64,
}

impl Exists<'_, '_> {
    fn original(&self, f: &Formable, j: i64) -> Fen {
        f.items
            .iter()
            .map(|&(s, q)| self.skus[s].price_of(self.c[s] + j * q, q))
            .sum()
    }

    fn dfs(&mut self, d: usize) -> Result<bool, Exhausted> {
        if *self.steps == 0 {
            return Err(Exhausted);
        }
        *self.steps -= 1;
        if d == self.target {
            let f = &self.formable[d];
            let fits = f
                .items
                .iter()
                .all(|&(s, q)| self.skus[s].total - self.c[s] >= q);
            return Ok(fits && set_problem(f, self.original(f, 0)).is_none());
        }
        let f = &self.formable[d];
        let shares = f
            .items
            .iter()
            .any(|(s, _)| self.formable[self.target].items.iter().any(|(t, _)| s == t));
        if !shares {
            return self.dfs(d + 1);
        }
        let room = f
            .items
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
            for &(s, q) in &f.items {
                self.c[s] += n * q;
            }
            let found = self.dfs(d + 1);
            for &(s, q) in &f.items {
                self.c[s] -= n * q;
            }
            if found? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Records the chosen sets: each bundle's reduction split over the lines that
/// gave units to its sets, by the original amount of those units; the units
/// they took leave the lines' free units; and why each other bundle formed
/// no set.
pub(crate) fn record(p: &mut Pricing<'_>, s: usize, choice: &Choice) {
    let cart = p.cart;
    let mut c = vec![0i64; choice.skus.len()];
    for (b, f) in choice.formable.iter().enumerate() {
        let n = choice.sets[b];
        if n == 0 {
            continue;
        }
        // Per line: the original amount of the units it gave.
        let mut given: Vec<(LineIx, i64, Fen)> = Vec::new();
        let mut reduction = 0;
        for _ in 0..n {
            let mut original = 0;
            for &(sku, q) in &f.items {
                for (i, units, unit) in choice.skus[sku].pieces(c[sku], q) {
                    original += units * unit;
                    match given.iter_mut().find(|g| g.0 == i) {
                        Some(g) => {
                            g.1 += units;
                            g.2 += units * unit;
                        }
                        None => given.push((i, units, units * unit)),
                    }
                }
                c[sku] += q;
            }
            reduction += original - f.price;
        }
        let lines: Vec<LineIx> = given.iter().map(|g| g.0).collect();
        let weights: Vec<Fen> = given.iter().map(|g| g.2).collect();
        let mut shares = vec![0; lines.len()];
        money::allocate(reduction, &weights, &mut shares, id_order(cart, &lines));
        let w = &mut *p.w;
        for (k, &(i, units, _)) in given.iter().enumerate() {
            w.free[i.get()] -= units;
            w.reference[i.get()] -= shares[k];
            w.ledger.share(i, f.promo, shares[k]);
        }
        w.ledger.applied(f.promo, Some(ShopIx::new(s)), reduction);
        if let Some(a) = w.ledger.applied.last_mut() {
            a.sets = Some(n);
        }
    }
    for (promo, why) in &choice.notes {
        p.w.ledger.note(*promo, why.clone());
    }
}
