//! 搭配套餐 (reference: [`bundle` (搭配套餐)](crate::_documentation::reference#bundle-搭配套餐-stage-1)): how many sets of each bundle a shop's lines form —
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
//! each group is searched on its own, in three steps:
//!
//! 1. **Start and bound.** Two valid choices to start from (no set; a greedy
//!    one), and a Lagrangian bound of what any choice can reach, tightened by
//!    a few subgradient steps; the choice the relaxation points to is tried
//!    too. When the bound meets the best choice known, that choice's score is
//!    the best score, proven.
//! 2. **The best score.** Otherwise a search over the bundles in id order,
//!    most promising counts first, that cuts a branch whose bound cannot beat
//!    the best child found, drops sets that cannot be part of a choice as
//!    good as the best known (reduced-cost fixing), and keeps what each state
//!    (the units taken of the SKUs still open) is worth, so that no state is
//!    searched twice.
//! 3. **The contract's tie.** A walk in decreasing order of the count lists
//!    that stops at the first choice with the best score: the one with the
//!    fewest sets (part of the score) and the smallest sorted list of bundle
//!    ids.
//!
//! A shop in which at most 8 bundles can form a set, each at most 10 times,
//! is always searched to the end; beyond that the search may take at most
//! [`MAX_BUNDLE_STEPS`](crate::limits::MAX_BUNDLE_STEPS) steps, and a cart
//! that needs more is refused with a limit error.

use std::hash::BuildHasher;

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
    /// The same lines, and what the best item discount takes off a unit of each.
    ix: Vec<LineIx>,
    off: Vec<Fen>,
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
    /// (SKU, units in one set): the first `n_items`.
    item_buf: [(usize, i64); limits::MAX_BUNDLE_ITEMS],
    n_items: usize,
    price: Fen,
    /// The most sets its `max_sets` and the shop's units allow.
    cap: i64,
    /// Units in one set.
    units: i64,
}

impl Formable {
    /// (SKU, units in one set).
    fn items(&self) -> &[(usize, i64)] {
        &self.item_buf[..self.n_items]
    }
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
    let looks = p.looks(s, Kind::Bundle);
    let mut choice = Choice {
        skus: Vec::new(),
        formable: Vec::with_capacity(looks.len()),
        sets: Vec::new(),
        notes: Vec::with_capacity(looks.len()),
    };
    // The SKUs the shop's bundles use, numbered, and then their lines.
    let mut numbers: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    for k in looks.clone() {
        let look = &p.w.looks[k];
        if look.gate.is_some() {
            continue;
        }
        for (sku, _) in cat.bundles[look.rule as usize].items.iter() {
            let next = numbers.len();
            if let std::collections::hash_map::Entry::Vacant(e) = numbers.entry(&**sku) {
                e.insert(next);
                choice.skus.push(Sku {
                    lines: Vec::new(),
                    ix: Vec::new(),
                    off: Vec::new(),
                    total: 0,
                });
            }
        }
    }
    if !numbers.is_empty() {
        for &i in &p.w.sorted {
            if let Some(&at) = numbers.get(&*cart.lines[i.get()].sku) {
                let line = &p.w.lines[i.get()];
                let sku = &mut choice.skus[at];
                sku.lines.push((i, line.qty, line.unit));
                sku.ix.push(i);
                let offers = &p.w.offers[span(&p.w.offer_at[i.get()])];
                sku.off
                    .push(offers.iter().map(|(_, o)| o.per_unit).max().unwrap_or(0));
                sku.total += line.qty;
            }
        }
    }
    for k in looks {
        let look = &p.w.looks[k];
        if let Some(why) = &look.gate {
            choice.notes.push((look.promo, why.clone()));
            continue;
        }
        let rule = &cat.bundles[look.rule as usize];
        let mut item_buf = [(0, 0); limits::MAX_BUNDLE_ITEMS];
        let mut missing = None;
        for (item, (sku, q)) in rule.items.iter().enumerate() {
            let at = numbers[&**sku];
            let have = choice.skus[at].total;
            if have < i64::from(*q) && missing.is_none() {
                missing = Some(Why::Incomplete {
                    item: item as u32,
                    have,
                    need: *q,
                });
            }
            item_buf[item] = (at, i64::from(*q));
        }
        if let Some(why) = missing {
            choice.notes.push((look.promo, why));
            continue;
        }
        let items = &item_buf[..rule.items.len()];
        choice.formable.push(Formable {
            promo: look.promo,
            units: items.iter().map(|(_, q)| q).sum(),
            cap: most_sets(
                rule.max_sets,
                items.iter().map(|&(at, q)| (choice.skus[at].total, q)),
            ),
            item_buf,
            n_items: rule.items.len(),
            price: rule.price,
        });
    }
    let m = choice.formable.len();
    choice.sets = vec![0; m];
    if m == 0 {
        return Ok(choice);
    }
    // Within the guarantee the search always ends; beyond it, it is bounded.
    let mut steps = if guaranteed(&choice.formable) {
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
    for group in groups(&choice.formable, choice.skus.len()) {
        let mut search = Search::new(
            group.iter().map(|&b| &choice.formable[b]).collect(),
            &choice.skus,
            items,
            &mut steps,
        );
        search.run().map_err(|Exhausted| refused())?;
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
            .items()
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

/// The most sets of a bundle its `max_sets` and the shop's units allow:
/// `items` gives, per item, the units the shop has of its SKU and the units
/// one set takes.
fn most_sets(max_sets: Option<u32>, items: impl Iterator<Item = (i64, i64)>) -> i64 {
    items.fold(max_sets.map_or(i64::MAX, i64::from), |cap, (have, q)| {
        cap.min(have / q)
    })
}

/// Bundles of a shop, and sets of each, within which the contract promises a
/// price (section 3.6): the search then runs to its end, however long.
const PROMISED_BUNDLES: usize = 8;
const PROMISED_SETS: i64 = 10;

/// Whether the shop's formable bundles are within the contract's promise.
fn guaranteed(formable: &[Formable]) -> bool {
    formable.len() <= PROMISED_BUNDLES && formable.iter().all(|f| f.cap <= PROMISED_SETS)
}

/// The search ran out of steps.
struct Exhausted;

/// The groups of formable bundles that share SKUs (directly or through
/// others), each in id order.
fn groups(formable: &[Formable], skus: usize) -> Vec<Vec<usize>> {
    let m = formable.len();
    let mut root: Vec<usize> = (0..m).collect();
    fn find(root: &mut [usize], mut x: usize) -> usize {
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

/// For the SKUs of a group, in turn, while (units + 1) × lines summed stays
/// within this, what the item discounts give the units left is computed for
/// every number of units the sets may take, and bounded exactly; the other
/// SKUs are bounded unit by unit.
const EXACT_WORK: i64 = 1 << 16;

/// What a choice is worth, in one number that orders choices by reduction
/// first and by fewer sets second: `reduction × scale − sets`, where `scale`
/// exceeds any number of sets the group can form.
type Score = i128;

/// The best choice of a group so far.
struct Best {
    score: Score,
    counts: Vec<u32>,
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
struct Search<'a, 'b, 'f> {
    /// The group's bundles, in id order.
    bundles: Vec<&'a Formable>,
    skus: &'a [Sku],
    /// The SKUs the group's bundles use.
    used: Vec<usize>,
    items: &'b ItemValue<'f>,
    /// Per SKU, the last bundle (of `bundles`) that uses it.
    last_user: Vec<usize>,
    /// (SKU, units taken) → what the item discounts give its units left.
    item_memo: foldhash::HashMap<(usize, i64), Fen>,
    /// Per SKU (within `EXACT_WORK`), what the item discounts give its units
    /// left after the first `t`, for every `t` (else empty).
    iv: Vec<Vec<Fen>>,
    /// Per SKU with `iv`, for each number of units taken: its part of the
    /// bound and what an open unit earns in a set at best (see `tabulate`).
    tables: Vec<Vec<(i128, i128)>>,
    /// Per SKU, the units the sets decided so far take.
    c: Vec<i64>,
    counts: Vec<u32>,
    scale: i128,
    /// Per SKU line (as `scaled`), its class: the lines of a SKU with the
    /// same unit price and best item discount, alike to the relaxation.
    class: Vec<usize>,
    /// Per class, the Lagrangian price of one of its units.
    pi: Vec<i128>,
    /// Per SKU line (`scaled_at[sku]`), in score units: (units, unit
    /// price, best item discount of a unit); and per bundle, its price and
    /// the one of a set in the score.
    scaled: Vec<(i64, i128, i128)>,
    scaled_at: Vec<std::ops::Range<u32>>,
    price: Vec<i128>,
    /// Scratch of `bound`, per SKU: the units still open, and what one of
    /// them can earn in a set above its price.
    open: Vec<i64>,
    val: Vec<i128>,
    val_at: Vec<usize>,
    /// The bundles that may add to the bound, in id order.
    live: Vec<usize>,
    /// The bound at the start, and what one set of each bundle earns above
    /// the prices of its units there.
    root: Score,
    profit: Vec<Score>,
    /// Per bundle, the most sets a choice as good as the best known can
    /// form of it (reduced-cost fixing: each set of a bundle whose sets earn
    /// less than the prices of their units lowers the bound by that much).
    most: Vec<i64>,
    /// The states kept (their keys in `arena`), and a scratch key.
    memo: hashbrown::HashTable<Kept>,
    arena: Vec<i64>,
    key: Vec<i64>,
    hasher: foldhash::fast::FixedState,
    /// Stacks of the search: the reductions of the sets tried, and the
    /// children of the nodes (sets, score, bound).
    red: Vec<Fen>,
    kids: Vec<(usize, Score, Score)>,
    best: Option<Best>,
    steps: &'b mut u64,
    /// [`EXACT_WORK`], which the tests lower to 0 to search with the bound
    /// taken unit by unit.
    exact_work: i64,
}

impl<'a, 'b, 'f> Search<'a, 'b, 'f> {
    fn new(
        bundles: Vec<&'a Formable>,
        skus: &'a [Sku],
        items: &'b ItemValue<'f>,
        steps: &'b mut u64,
    ) -> Self {
        let mut last_user = vec![usize::MAX; skus.len()];
        let mut used = Vec::new();
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
        let mut scaled: Vec<(i64, i128, i128)> = Vec::new();
        let mut scaled_at = vec![0..0; skus.len()];
        let mut class = Vec::new();
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
        let price = bundles
            .iter()
            .map(|f| i128::from(f.price) * scale + 1)
            .collect();
        let n = bundles.len();
        Search {
            scaled,
            scaled_at,
            price,
            counts: vec![0; n],
            bundles,
            skus,
            used,
            items,
            last_user,
            item_memo: foldhash::HashMap::default(),
            iv: vec![Vec::new(); skus.len()],
            tables: vec![Vec::new(); skus.len()],
            memo: hashbrown::HashTable::new(),
            arena: Vec::new(),
            key: Vec::new(),
            hasher: foldhash::fast::FixedState::default(),
            c: vec![0; skus.len()],
            scale,
            pi: vec![0; classes],
            class,
            open: vec![0; skus.len()],
            val: vec![0; skus.len()],
            val_at: vec![0; skus.len()],
            live: Vec::new(),
            root: 0,
            profit: Vec::new(),
            most: vec![i64::MAX; n],
            red: Vec::new(),
            kids: Vec::new(),
            best: None,
            steps,
            exact_work: EXACT_WORK,
        }
    }

    /// Finds the group's best choice into `self.best`: first the best
    /// score, then the first choice in the order of the ties that has it.
    fn run(&mut self) -> Result<(), Exhausted> {
        self.exact_item_values();
        // Two valid choices to start from: no set at all, and a greedy one.
        let zero = vec![0; self.bundles.len()];
        self.best = self.evaluate(&zero)?.map(|score| Best {
            score,
            counts: zero,
        });
        self.live = (0..self.bundles.len()).collect();
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
            let (value, exact) = self.best_from(0, 0, target)?;
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

    /// For the SKUs of the group, in turn, while (units + 1) × lines summed
    /// stays within [`EXACT_WORK`]: what the item discounts give its units
    /// left, for every number of units the sets may take (`iv`), from which
    /// the bound is exact for that SKU. Speed only: without them the bound
    /// takes each unit at its best item discount, which is still a bound.
    fn exact_item_values(&mut self) {
        let mut work = 0;
        for k in 0..self.used.len() {
            let s = self.used[k];
            let total = self.skus[s].total;
            work += (total + 1) * self.skus[s].lines.len() as i64;
            if work > self.exact_work {
                break;
            }
            let iv: Vec<Fen> = (0..=total).map(|t| self.item_value(s, t)).collect();
            self.iv[s] = iv;
        }
    }

    /// Speed only: once phase 1 found a better score `target` than the best
    /// choice known before it (`start`), prices that fit it bound phase 2
    /// more tightly (bench `bundles/8 bundles of one set…`: 13 % fewer
    /// instructions).
    fn tighten(&mut self, start: Score, target: Score) -> Result<(), Exhausted> {
        if target > start {
            self.live = (0..self.bundles.len()).collect();
            self.better_prices()?;
            self.prepare();
        }
        Ok(())
    }

    /// Keeps `counts` as the best choice when it is valid and scores more
    /// than the best known; says whether it did.
    fn consider(&mut self, counts: Vec<u32>) -> Result<bool, Exhausted> {
        let Some(score) = self.evaluate(&counts)? else {
            return Ok(false);
        };
        if self.best.as_ref().is_some_and(|b| score <= b.score) {
            return Ok(false);
        }
        self.best = Some(Best { score, counts });
        Ok(true)
    }

    /// What the item discounts give SKU `s`'s units after the first `taken`.
    fn item_value(&mut self, s: usize, taken: i64) -> Fen {
        if let Some(&v) = self.iv[s].get(taken as usize) {
            return v;
        }
        if let Some(&v) = self.item_memo.get(&(s, taken)) {
            return v;
        }
        let sku = &self.skus[s];
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
        let v = (self.items)(&sku.ix, &free);
        self.item_memo.insert((s, taken), v);
        v
    }

    /// Pushes onto `self.red` the reductions of bundle `d`'s sets, set
    /// after set from the units the bundles before it left, up to the first
    /// set that is not valid (or the most its prices allow, `self.most[d]`);
    /// returns how many.
    fn reductions(&mut self, d: usize) -> Result<usize, Exhausted> {
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
                .map(|&(s, q)| self.skus[s].price_of(self.c[s] + j * q, q))
                .sum();
            if set_problem(f, original).is_some() {
                break;
            }
            self.red.push(original - f.price);
            n += 1;
        }
        Ok(n)
    }

    /// The score of a choice, or `None` when one of its sets is not valid.
    fn evaluate(&mut self, counts: &[u32]) -> Result<Option<Score>, Exhausted> {
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

    /// A bound of what bundles `d..` and the item discounts of the SKUs
    /// still open can add to the score, with the prices `pi` of the units
    /// of each line; and, when `gradient` is given, how many units each line
    /// has over what the relaxation uses (a subgradient of the bound in `pi`).
    fn bound(&mut self, d: usize, mut gradient: Option<&mut Vec<i128>>) -> Score {
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

    /// With the prices `pi` chosen: the bundles that may add to the bound
    /// (those whose sets earn more than the prices of their units at the
    /// start; a set never earns more deeper in the search, where fewer units
    /// are open), and the most sets of each other bundle a choice as good as
    /// the best known can form.
    fn prepare(&mut self) {
        self.tabulate();
        self.live = (0..self.bundles.len()).collect();
        self.root = self.bound(0, None);
        self.live.clear();
        self.profit.clear();
        for b in 0..self.bundles.len() {
            let f = self.bundles[b];
            let profit = f
                .items()
                .iter()
                .map(|&(s, q)| i128::from(q) * self.val[s])
                .sum::<i128>()
                - self.price[b];
            if profit > 0 {
                self.live.push(b);
            }
            self.profit.push(profit);
        }
        self.limit();
    }

    /// With the prices `pi` chosen, for each SKU whose item discounts are
    /// known for every number of units taken (`iv`): for every number `c`
    /// of its units the sets took, its part of the bound (Σ `pi` of its open
    /// units, and the best number of the last units to leave to the item
    /// discounts above their `pi`) and what an open unit can earn in a set
    /// above its `pi`. The bound then costs one look-up per SKU.
    fn tabulate(&mut self) {
        for k in 0..self.used.len() {
            let s = self.used[k];
            self.tables[s].clear();
            if self.iv[s].is_empty() {
                continue;
            }
            let total = self.skus[s].total as usize;
            // Per unit, in order: its price `pi` and what it earns in a set.
            let mut units: Vec<(i128, i128)> = Vec::with_capacity(total);
            for line in span(&self.scaled_at[s]) {
                let (qty, unit, _) = self.scaled[line];
                let pi = self.pi[self.class[line]];
                units.extend((0..qty).map(|_| (pi, unit - pi)));
            }
            // From the last unit back: Σ pi of the units after c, the best of
            // iv[m] × scale − Σ pi after m over m ≥ c, and the best earning.
            let mut table = vec![(0i128, i128::MIN); total + 1];
            let mut after: i128 = 0;
            let mut leave: i128 = 0; // no unit left, nothing from the item discounts
            let mut earn = i128::MIN;
            table[total] = (leave, earn);
            for c in (0..total).rev() {
                after += units[c].0;
                earn = earn.max(units[c].1);
                leave = leave.max(i128::from(self.iv[s][c]) * self.scale - after);
                table[c] = (after + leave, earn);
            }
            self.tables[s] = table;
        }
    }

    /// The most sets of each bundle whose sets earn less than the prices of
    /// their units that a choice as good as the best known can form: each
    /// such set takes what it lacks from the bound at the start.
    fn limit(&mut self) {
        let gap = self.root - self.best.as_ref().map_or(0, |b| b.score);
        for b in 0..self.bundles.len() {
            let profit = self.profit[b];
            self.most[b] = if profit >= 0 {
                i64::MAX
            } else {
                i64::try_from(gap.max(0) / -profit).unwrap_or(i64::MAX)
            };
        }
    }

    /// Prices `pi` that make the bound at the start low: a unit's best item
    /// discount or its share of its best set to begin with (the set's
    /// saving in proportion to the unit's price), then a few subgradient
    /// steps towards the best choice known.
    fn first_prices(&mut self) {
        for k in 0..self.scaled.len() {
            self.pi[self.class[k]] = self.scaled[k].2;
        }
        for f in &self.bundles {
            let most: i128 = f
                .items()
                .iter()
                .map(|&(s, q)| {
                    let top = self.skus[s].lines.iter().map(|l| l.2).max().unwrap_or(0);
                    i128::from(q) * i128::from(top)
                })
                .sum();
            let saving = (most - i128::from(f.price)).max(0);
            // No saving, no share (with one, `most` exceeds the price: > 0).
            if saving == 0 {
                continue;
            }
            for &(s, _) in f.items() {
                for k in span(&self.scaled_at[s]) {
                    let share = self.scaled[k].1 * saving / most;
                    let class = self.class[k];
                    self.pi[class] = self.pi[class].max(share);
                }
            }
        }
    }

    fn better_prices(&mut self) -> Result<(), Exhausted> {
        let Some(mut target) = self.best.as_ref().map(|b| b.score) else {
            return Ok(());
        };
        let aim = target;
        let mut gradient = vec![0i128; self.pi.len()];
        let mut best_pi = self.pi.clone();
        let mut best_bound = self.bound(0, Some(&mut gradient));
        // The step: (bound − target) / |g|² × step / 16.
        let mut step: i128 = 16;
        let mut stale = 0;
        for round in 0..64 {
            let bound = self.bound(0, Some(&mut gradient));
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
                let order = self.by_profit();
                let counts = self.take(order.into_iter());
                if let Some(score) = self.evaluate(&counts)? {
                    if score > target {
                        target = score;
                        self.best = Some(Best { score, counts });
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
            let t = ((bound - (aim + target) / 2).saturating_mul(step) / norm.saturating_mul(16))
                .max(1);
            for (pi, g) in self.pi.iter_mut().zip(&gradient) {
                *pi = (*pi - t.saturating_mul(*g)).max(0);
            }
        }
        self.pi = best_pi;
        Ok(())
    }

    /// The bundles whose sets earn more than the prices of their units (as
    /// the last `bound` found them), the most earning first.
    fn by_profit(&self) -> Vec<usize> {
        let mut order: Vec<(i128, usize)> = (0..self.bundles.len())
            .filter_map(|b| {
                let f = self.bundles[b];
                let profit = f
                    .items()
                    .iter()
                    .map(|&(s, q)| i128::from(q) * self.val[s])
                    .sum::<i128>()
                    - self.price[b];
                (profit > 0).then_some((profit, b))
            })
            .collect();
        order.sort_unstable_by(|a, b| b.cmp(a));
        order.into_iter().map(|(_, b)| b).collect()
    }

    /// The choice the relaxation points to: the bundles whose sets earn
    /// more than the prices of their units, the most earning first, each
    /// taking as many sets as the units left allow.
    fn rounded(&self) -> Vec<u32> {
        let mut order: Vec<(i128, usize)> =
            self.live.iter().map(|&b| (self.profit[b], b)).collect();
        order.sort_unstable_by(|a, b| b.cmp(a));
        self.take(order.into_iter().map(|(_, b)| b))
    }

    /// Counts that give each bundle of `order`, in turn, as many sets as
    /// the units the bundles before it left allow.
    fn take(&self, order: impl Iterator<Item = usize>) -> Vec<u32> {
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
    fn greedy(&self) -> Vec<u32> {
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
                (earns * self.scale / i128::from(f.units.max(1)), d)
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
    fn child(&mut self, d: usize, score: Score, at: usize, n: usize) -> (Score, Score) {
        let sum: Fen = self.red[at..at + n].iter().sum();
        self.enter(d, n);
        let v = self.close(d, score + i128::from(sum) * self.scale - n as i128);
        let reach = v + self.bound(d + 1, None);
        self.leave(d, n);
        (v, reach)
    }

    /// `score` with what the item discounts give the SKUs whose last bundle
    /// is `d`, on the units the sets chosen so far left.
    fn close(&mut self, d: usize, mut score: Score) -> Score {
        for k in 0..self.bundles[d].items().len() {
            let s = self.bundles[d].items()[k].0;
            if self.last_user[s] == d {
                let taken = self.c[s];
                score += i128::from(self.item_value(s, taken)) * self.scale;
            }
        }
        score
    }

    fn step(&mut self) -> Result<(), Exhausted> {
        if *self.steps == 0 {
            return Err(Exhausted);
        }
        *self.steps -= 1;
        Ok(())
    }

    fn enter(&mut self, d: usize, n: usize) {
        self.counts[d] = n as u32;
        for &(s, q) in self.bundles[d].items() {
            self.c[s] += n as i64 * q;
        }
    }

    fn leave(&mut self, d: usize, n: usize) {
        self.counts[d] = 0;
        for &(s, q) in self.bundles[d].items() {
            self.c[s] -= n as i64 * q;
        }
    }

    /// The key of the search's state at bundle `d` into `self.key`: `d` and
    /// the units the sets took of each SKU still open. What bundles `d..`
    /// can add depends on nothing else.
    fn key(&mut self, d: usize) -> u64 {
        self.key.clear();
        self.key.push(d as i64);
        for &s in &self.used {
            if self.last_user[s] >= d {
                self.key.push(self.c[s]);
            }
        }
        self.hasher.hash_one(&self.key[..])
    }

    /// What is known of the state whose key is in `self.key`.
    fn recall(&self, hash: u64) -> Option<Known> {
        let arena = &self.arena;
        let key = &self.key[..];
        self.memo
            .find(hash, |k| &arena[k.key.0 as usize..k.key.1 as usize] == key)
            .map(|k| k.known)
    }

    /// Keeps what is known of the state whose key is in `self.key`; an
    /// upper bound only lowers what was kept.
    fn keep(&mut self, hash: u64, known: Known) {
        let arena = &self.arena;
        let key = &self.key[..];
        let found = self
            .memo
            .find_mut(hash, |k| &arena[k.key.0 as usize..k.key.1 as usize] == key);
        if let Some(k) = found {
            k.known = match (k.known, known) {
                (Known::AtMost(a), Known::AtMost(b)) => Known::AtMost(a.min(b)),
                (Known::Exactly(a), _) => Known::Exactly(a),
                (_, new) => new,
            };
            return;
        }
        let from = self.arena.len() as u32;
        self.arena.extend_from_slice(&self.key);
        let entry = Kept {
            key: (from, self.arena.len() as u32),
            known,
        };
        let arena = &self.arena;
        let hasher = &self.hasher;
        self.memo.insert_unique(hash, entry, |k| {
            hasher.hash_one(&arena[k.key.0 as usize..k.key.1 as usize])
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
    fn best_from(
        &mut self,
        d: usize,
        score: Score,
        floor: Score,
    ) -> Result<(Score, bool), Exhausted> {
        self.step()?;
        if d == self.bundles.len() {
            if self.best.as_ref().is_none_or(|b| score > b.score) {
                self.best = Some(Best {
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
        let at = self.red.len();
        let made = self.reductions(d)?;
        let kids = self.kids.len();
        if made == 0 {
            // One child, no set of bundle d: nothing to choose or to cut.
            let gain = self.close(d, 0);
            self.kids.push((0, gain, Score::MAX));
        } else {
            for n in (0..=made).rev() {
                self.step()?;
                let (gain, reach) = self.child(d, 0, at, n);
                self.kids.push((n, gain, reach));
            }
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
    fn first_with(&mut self, d: usize, score: Score, target: Score) -> Result<bool, Exhausted> {
        self.step()?;
        if d == self.bundles.len() {
            if score == target {
                self.best = Some(Best {
                    score,
                    counts: self.counts.clone(),
                });
                return Ok(true);
            }
            return Ok(false);
        }
        let need = target - score;
        if !self.memo.is_empty() {
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

/// What the search knows of what the bundles from a state on can add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    Exactly(Score),
    AtMost(Score),
}

/// One state kept: its key (a range of the arena) and what is known.
struct Kept {
    key: (u32, u32),
    known: Known,
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
        f.items()
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
            for &(sku, q) in f.items() {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A formable bundle of one set's units of SKUs `items`, at most `cap` sets.
    fn formable(items: &[usize], cap: i64) -> Formable {
        let mut item_buf = [(0, 0); limits::MAX_BUNDLE_ITEMS];
        for (k, &s) in items.iter().enumerate() {
            item_buf[k] = (s, 1);
        }
        Formable {
            promo: PromoId::new(0),
            item_buf,
            n_items: items.len(),
            price: 100,
            cap,
            units: items.len() as i64,
        }
    }

    #[test]
    fn the_most_sets_are_the_fewest_whole_sets_any_item_allows_and_max_sets() {
        // 7 units, 2 a set: 3 sets; 5 units, 1 a set: 5; so 3.
        assert_eq!(most_sets(None, [(7, 2), (5, 1)].into_iter()), 3);
        assert_eq!(most_sets(Some(2), [(7, 2), (5, 1)].into_iter()), 2);
        assert_eq!(most_sets(Some(9), [(20, 2)].into_iter()), 9);
        assert_eq!(most_sets(None, [(21, 2)].into_iter()), 10);
        assert_eq!(most_sets(None, [(1, 2)].into_iter()), 0);
    }

    #[test]
    fn the_promise_covers_eight_bundles_of_ten_sets_and_no_more() {
        let at =
            |n: usize, cap: i64| -> Vec<Formable> { (0..n).map(|b| formable(&[b], cap)).collect() };
        assert!(guaranteed(&at(8, 10)));
        assert!(guaranteed(&at(1, 0)));
        assert!(guaranteed(&[]));
        assert!(!guaranteed(&at(9, 1)));
        assert!(!guaranteed(&at(1, 11)));
        let mut one_over = at(8, 10);
        one_over[7].cap = 11;
        assert!(!guaranteed(&one_over));
        // Ten sets of a bundle of two units a set from 21 units: inside.
        let cap = most_sets(None, [(21, 2)].into_iter());
        assert!(guaranteed(&[formable(&[0], cap)]));
    }

    #[test]
    fn bundles_that_share_no_sku_are_searched_apart() {
        // 0 and 2 share SKU 0, 2 and 3 share SKU 2 (so 0, 2, 3 are one
        // group, through 2); 1 and 4 share nothing with anyone.
        let five = [
            formable(&[0], 1),
            formable(&[1], 1),
            formable(&[0, 2], 1),
            formable(&[2, 3], 1),
            formable(&[4], 1),
        ];
        assert_eq!(groups(&five, 5), vec![vec![0, 2, 3], vec![1], vec![4]]);
        // Joined through a later bundle: 0 and 1 apart until 2 uses both.
        let three = [formable(&[0], 1), formable(&[1], 1), formable(&[1, 0], 1)];
        assert_eq!(groups(&three, 2), vec![vec![0, 1, 2]]);
    }

    /// A shop for the search, built by hand: per SKU its lines (units, unit
    /// price, what the best item discount takes off a unit), in id order;
    /// per bundle its items (SKU, units a set), price and `max_sets`.
    struct Shop {
        skus: Vec<Sku>,
        formable: Vec<Formable>,
        /// Per line, by index: what the item discount takes off a unit.
        off: Vec<Fen>,
    }

    type Lines = Vec<(i64, Fen, Fen)>;
    type Bundle = (Vec<(usize, i64)>, Fen, Option<u32>);

    fn build(skus: &[Lines], bundles: &[Bundle]) -> Shop {
        let mut off = Vec::new();
        let skus: Vec<Sku> = skus
            .iter()
            .map(|lines| {
                let mut sku = Sku {
                    lines: Vec::new(),
                    ix: Vec::new(),
                    off: Vec::new(),
                    total: 0,
                };
                for &(qty, unit, o) in lines {
                    let i = LineIx::new(off.len());
                    off.push(o);
                    sku.lines.push((i, qty, unit));
                    sku.ix.push(i);
                    sku.off.push(o);
                    sku.total += qty;
                }
                sku
            })
            .collect();
        let formable = bundles
            .iter()
            .enumerate()
            .map(|(b, (items, price, max_sets))| {
                let mut item_buf = [(0, 0); limits::MAX_BUNDLE_ITEMS];
                item_buf[..items.len()].copy_from_slice(items);
                Formable {
                    promo: PromoId::new(b),
                    item_buf,
                    n_items: items.len(),
                    price: *price,
                    cap: most_sets(*max_sets, items.iter().map(|&(s, q)| (skus[s].total, q))),
                    units: items.iter().map(|&(_, q)| q).sum(),
                }
            })
            .collect();
        Shop {
            skus,
            formable,
            off,
        }
    }

    /// Runs `f` on a search of the whole shop (one group); returns what it
    /// gives and the steps the search took.
    fn with_search<R>(shop: &Shop, f: impl FnOnce(&mut Search<'_, '_, '_>) -> R) -> (R, u64) {
        with_search_at(shop, EXACT_WORK, f)
    }

    /// The same, with `exact_work` (0: every SKU bounded unit by unit).
    fn with_search_at<R>(
        shop: &Shop,
        exact_work: i64,
        f: impl FnOnce(&mut Search<'_, '_, '_>) -> R,
    ) -> (R, u64) {
        let items = |lines: &[LineIx], free: &dyn Fn(LineIx) -> i64| -> Fen {
            lines.iter().map(|&i| free(i) * shop.off[i.get()]).sum()
        };
        let mut steps = u64::MAX;
        let r = {
            let mut search = Search::new(
                shop.formable.iter().collect(),
                &shop.skus,
                &items,
                &mut steps,
            );
            search.exact_work = exact_work;
            f(&mut search)
        };
        (r, u64::MAX - steps)
    }

    /// The score of a choice worked out apart from the search: units taken
    /// from the front of each SKU, bundle after bundle; `None` when a set
    /// lacks units or is not valid (under 1.00 a unit or 0.1折, or not cheaper).
    fn score_of(shop: &Shop, counts: &[u32]) -> Option<Score> {
        worth(shop, counts, shop.formable.len())
    }

    /// What the sets of `counts` make, with what the item discounts give
    /// the units left of the SKUs that no bundle from `open` on uses.
    /// Only the SKUs some bundle uses count, in the scale too.
    fn worth(shop: &Shop, counts: &[u32], open: usize) -> Option<Score> {
        let last_user = |s: usize| {
            (0..shop.formable.len())
                .rev()
                .find(|&b| shop.formable[b].items().iter().any(|i| i.0 == s))
        };
        let units: Vec<Vec<(Fen, Fen)>> = shop
            .skus
            .iter()
            .enumerate()
            .map(|(s, sku)| {
                if last_user(s).is_none() {
                    return Vec::new();
                }
                sku.lines
                    .iter()
                    .flat_map(|&(i, qty, unit)| (0..qty).map(move |_| (unit, shop.off[i.get()])))
                    .collect()
            })
            .collect();
        let scale = Score::from(units.iter().map(|u| u.len() as i64).sum::<i64>() + 1);
        let mut taken = vec![0usize; units.len()];
        let (mut reduction, mut sets) = (0, 0);
        for (f, &n) in shop.formable.iter().zip(counts) {
            for _ in 0..n {
                let mut original = 0;
                for &(s, q) in f.items() {
                    let got = units[s].get(taken[s]..taken[s] + q as usize)?;
                    original += got.iter().map(|u| u.0).sum::<Fen>();
                    taken[s] += q as usize;
                }
                let units_in_set: i64 = f.items().iter().map(|i| i.1).sum();
                if f.price < 100 * units_in_set || f.price * 100 < original || f.price >= original {
                    return None;
                }
                reduction += original - f.price;
                sets += 1;
            }
        }
        let left: Fen = (0..units.len())
            .filter(|&s| last_user(s).is_some_and(|b| b < open))
            .map(|s| units[s][taken[s]..].iter().map(|u| u.1).sum::<Fen>())
            .sum();
        Some(Score::from(reduction + left) * scale - sets)
    }

    /// Every choice of counts (each bundle up to its `cap` and the units).
    fn every_choice(shop: &Shop) -> Vec<Vec<u32>> {
        let mut all = vec![Vec::new()];
        for f in &shop.formable {
            let most = f
                .items()
                .iter()
                .map(|&(s, q)| shop.skus[s].total / q)
                .min()
                .unwrap_or(0)
                .min(f.cap);
            all = all
                .into_iter()
                .flat_map(|c: Vec<u32>| {
                    (0..=most as u32).map(move |n| {
                        let mut c = c.clone();
                        c.push(n);
                        c
                    })
                })
                .collect();
        }
        all
    }

    /// The best score, and among the choices with it the first in
    /// decreasing order of count lists (the contract's tie).
    fn best_of_every_choice(shop: &Shop) -> (Score, Vec<u32>) {
        every_choice(shop)
            .into_iter()
            .filter_map(|c| score_of(shop, &c).map(|s| (s, c)))
            .max()
            .expect("no set at all is a choice")
    }

    /// Tea: 3 units at 10.00, the item discount 1.00 off each; cup: 2
    /// units at 5.00. Bundle 0: tea + cup for 12.00; bundle 1: two teas
    /// for 17.00. Scale: 5 units + 1 = 6.
    fn tea_and_cups() -> Shop {
        build(
            &[vec![(3, 1000, 100)], vec![(2, 500, 0)]],
            &[
                (vec![(0, 1), (1, 1)], 1200, None),
                (vec![(0, 2)], 1700, None),
            ],
        )
    }

    #[test]
    fn a_choice_is_scored_by_its_reductions_its_sets_and_the_item_discounts_left() {
        let shop = tea_and_cups();
        // (counts, score): each set of 0 saves 15.00 − 12.00 = 3.00, of 1
        // 20.00 − 17.00 = 3.00; a tea left keeps its 1.00.
        let worked: [(&[u32], Option<Score>); 7] = [
            (&[0, 0], Some(300 * 6)),             // 3 teas left: 3.00
            (&[1, 0], Some((300 + 200) * 6 - 1)), // 2 teas left
            (&[0, 1], Some((300 + 100) * 6 - 1)), // 1 tea left
            (&[2, 0], Some((600 + 100) * 6 - 2)), // 1 tea left
            (&[1, 1], Some(600 * 6 - 2)),         // no tea left
            (&[2, 1], None),                      // the teas run out
            (&[3, 0], None),                      // the cups run out
        ];
        for (counts, score) in worked {
            assert_eq!(score_of(&shop, counts), score, "{counts:?}");
            let (got, _) = with_search(&shop, |s| s.evaluate(counts).ok().flatten());
            assert_eq!(got, score, "{counts:?}");
        }
        // A set that is not cheaper than its items is no choice.
        let dear = build(&[vec![(2, 1000, 0)]], &[(vec![(0, 1)], 1000, None)]);
        assert_eq!(
            with_search(&dear, |s| s.evaluate(&[1]).ok().flatten()).0,
            None
        );
        assert_eq!(
            with_search(&dear, |s| s.evaluate(&[0]).ok().flatten()).0,
            Some(0)
        );
    }

    #[test]
    fn a_choice_is_kept_only_when_it_scores_more_than_the_best_known() {
        let shop = tea_and_cups();
        let (kept, _) = with_search(&shop, |s| {
            s.best = Some(Best {
                score: 300 * 6,
                counts: vec![0, 0],
            });
            let mut kept = Vec::new();
            for counts in [[1, 1], [0, 1], [1, 1], [2, 1], [2, 0]] {
                let took = s.consider(counts.to_vec()).ok();
                let best = s.best.as_ref().map(|b| (b.score, b.counts.clone()));
                kept.push((took, best));
            }
            kept
        });
        let b11 = Some((600 * 6 - 2, vec![1, 1]));
        let b20 = Some((700 * 6 - 2, vec![2, 0]));
        assert_eq!(
            kept,
            [
                (Some(true), b11.clone()),  // 3598 > 1800
                (Some(false), b11.clone()), // 2399: worse
                (Some(false), b11.clone()), // equal: not more
                (Some(false), b11),         // not a valid choice
                (Some(true), b20),          // 4198
            ]
        );
    }

    #[test]
    fn the_greedy_start_takes_bundles_by_what_a_set_earns_a_unit() {
        // Bundle 0 earns (10.00 − 1.00) + 5.00 − 12.00 = 2.00 over 2 units,
        // bundle 1 2 × 9.00 − 17.00 = 1.00 over 2: 0 first, as many sets as
        // the cups allow (2), then 1 from the tea left (none).
        let shop = tea_and_cups();
        assert_eq!(with_search(&shop, |s| s.greedy()).0, [2, 0]);
        // Bundle 1 at 16.00 earns 2.00 over 2 units, as much as 0: ties go to
        // the later bundle (sorted by (earning, bundle) descending).
        let cheaper = build(
            &[vec![(3, 1000, 100)], vec![(2, 500, 0)]],
            &[
                (vec![(0, 1), (1, 1)], 1200, None),
                (vec![(0, 2)], 1600, None),
            ],
        );
        assert_eq!(with_search(&cheaper, |s| s.greedy()).0, [1, 1]);
        // A bundle that earns nothing over the item discounts is left out.
        let poor = build(&[vec![(3, 1000, 400)]], &[(vec![(0, 1)], 700, None)]);
        assert_eq!(with_search(&poor, |s| s.greedy()).0, [0]);
        // By what a set earns a unit, not in all (scale: 2 units + 1 = 3):
        // one tea for 9.96 earns 0.04 on 1 unit (× 3 / 1 = 12), a tea and a
        // cup for 19.93 0.07 on 2 (× 3 / 2 = 10; 0.07 in all is more); only
        // one can have the tea.
        let x = |prices: [Fen; 2]| {
            build(
                &[vec![(1, 1000, 0)], vec![(1, 1000, 0)]],
                &[
                    (vec![(0, 1)], prices[0], None),
                    (vec![(0, 1), (1, 1)], prices[1], None),
                ],
            )
        };
        assert_eq!(with_search(&x([996, 1993]), |s| s.greedy()).0, [1, 0]);
        // Earnings under a fen a unit still count (× the scale first):
        // 0.02 on 1 unit (6) before 0.03 on 2 (4).
        assert_eq!(with_search(&x([998, 1997]), |s| s.greedy()).0, [1, 0]);
        // A bundle that earns exactly nothing is left out too.
        let even = build(&[vec![(3, 1000, 400)]], &[(vec![(0, 1)], 600, None)]);
        assert_eq!(with_search(&even, |s| s.greedy()).0, [0]);
        // max_sets bounds a bundle's sets.
        let capped = build(
            &[vec![(3, 1000, 100)], vec![(2, 500, 0)]],
            &[
                (vec![(0, 1), (1, 1)], 1200, Some(1)),
                (vec![(0, 2)], 1700, None),
            ],
        );
        assert_eq!(with_search(&capped, |s| s.greedy()).0, [1, 1]);
    }

    #[test]
    fn taking_in_an_order_gives_each_bundle_what_the_ones_before_left() {
        let shop = tea_and_cups();
        let (orders, _) = with_search(&shop, |s| {
            [vec![0, 1], vec![1, 0], vec![1], vec![]].map(|o| s.take(o.into_iter()))
        });
        assert_eq!(orders, [vec![2, 0], vec![1, 1], vec![0, 1], vec![0, 0]]);
    }

    #[test]
    fn the_first_prices_are_a_units_item_discount_or_its_share_of_a_sets_saving() {
        // In score units (× 6): tea's item discount 600; its share of
        // bundle 0's saving 6000 × 300 / 1500 = 1200, of bundle 1's
        // 6000 × 300 / 2000 = 900; the cup's 3000 × 300 / 1500 = 600.
        let shop = tea_and_cups();
        let (pi, _) = with_search(&shop, |s| {
            s.first_prices();
            s.pi.clone()
        });
        assert_eq!(pi, [1200, 600]);
    }

    #[test]
    fn a_set_that_earns_less_than_its_units_prices_is_limited_by_the_gap() {
        let shop = tea_and_cups();
        let (most, _) = with_search(&shop, |s| {
            s.root = 1000;
            s.best = Some(Best {
                score: 700,
                counts: vec![0, 0],
            });
            s.profit = vec![-100, 0];
            s.most = vec![0, 0];
            s.limit();
            let first = s.most.clone();
            s.profit = vec![-301, 7];
            s.limit();
            (first, s.most.clone())
        });
        // A gap of 300: 3 sets that lose 100 each, 0 that lose 301; a set
        // that loses nothing is not limited.
        assert_eq!(most, (vec![3, i64::MAX], vec![0, i64::MAX]));
    }

    #[test]
    fn the_relaxation_points_to_the_bundles_that_earn_more_than_their_units_prices() {
        // Score units (× 6): a tea 6000, a cup 3000; a set's price in the
        // score is price × 6 + 1 (7201, 10201). With tea at 0 and a cup at
        // 600, a unit earns at best 6000 − 0 (tea), 3000 − 600 (cup): a
        // set of 0 earns 6000 + 2400 − 7201 = 1199, of 1 12000 − 10201 =
        // 1799. So 1 first (one set: 2 teas), then 0 (one: the tea left).
        // With tea at 600 and a cup at 0: 5400 + 3000 − 7201 = 1199 and
        // 10800 − 10201 = 599: 0 first, 2 sets, and no tea for 1. With the
        // first prices (1200, 600) neither earns: −1 and −601.
        let shop = tea_and_cups();
        let (seen, _) = with_search(&shop, |s| {
            [[0, 600], [600, 0], [1200, 600], [1799, 0]].map(|pi| {
                s.pi = pi.to_vec();
                s.prepare();
                (s.profit.clone(), s.live.clone(), s.rounded(), s.by_profit())
            })
        });
        assert_eq!(
            seen,
            [
                (vec![1199, 1799], vec![0, 1], vec![1, 1], vec![1, 0]),
                (vec![1199, 599], vec![0, 1], vec![2, 0], vec![0, 1]),
                (vec![-1, -601], vec![], vec![0, 0], vec![]),
                // A set of 0 that earns exactly its units' prices (4201 +
                // 3000 − 7201) does not count.
                (vec![0, -1799], vec![], vec![0, 0], vec![]),
            ]
        );
    }

    #[test]
    fn the_bound_at_the_start_worked_by_hand() {
        // Prices (score units): a tea 300, a cup 0. The teas: 3 × 300 for
        // their prices, and 3 × (600 − 300) that their item discount earns
        // above them (exactly: leaving all three, 3 × 100 × 6 − 900, is the
        // best number to leave); the cups 0. A unit earns in a set at most
        // 6000 − 300 (tea) and 3000 (cup): a set of 0 earns 5700 + 3000 −
        // 7201 = 1499, 2 sets at most; of 1, 11400 − 10201 = 1199, 1 set.
        // 900 + 900 + 2 × 1499 + 1199 = 5997. Over what the relaxation
        // uses, tea has 3 − 3 (left to the item discount) − 2 − 2 (sets)
        // units and a cup 2 − 2: the subgradient (−4, 0). With a tea at
        // 600, its item discount earns nothing above the price: 1800, and
        // the sets 2 × (5400 + 3000 − 7201) + (10800 − 10201): 4797, and
        // no tea is left to the item discount: (3 − 2 − 2, 2 − 2).
        let shop = tea_and_cups();
        for exact_work in [EXACT_WORK, 0] {
            let (bounds, _) = with_search_at(&shop, exact_work, |s| {
                s.exact_item_values();
                s.live = vec![0, 1];
                [[300, 0], [600, 0]].map(|pi| {
                    s.pi = pi.to_vec();
                    s.tabulate();
                    let mut g = vec![0; 2];
                    (s.bound(0, None), s.bound(0, Some(&mut g)), g)
                })
            });
            assert_eq!(
                bounds,
                [(5997, 5997, vec![-4, 0]), (4797, 4797, vec![-1, 0])],
                "exact work {exact_work}"
            );
        }
    }

    #[test]
    fn the_bound_of_a_sku_of_two_lines_worked_by_hand() {
        // Tea: line 0, 1 unit at 10.00 with 1.00 off; line 1, 2 units at
        // 10.00 with 0.50 off; cups as before. Score units (× 6): the item
        // values of the teas left after t taken: 1200, 600, 300, 0.
        let shop = build(
            &[vec![(1, 1000, 100), (2, 1000, 50)], vec![(2, 500, 0)]],
            &[
                (vec![(0, 1), (1, 1)], 1200, None),
                (vec![(0, 2)], 1700, None),
            ],
        );
        // Prices 700 (line 0), 100 (line 1), 0 (cup). Teas: 700 + 2 × 100,
        // and leaving the last 2 (600 − 200) beats leaving 1 (300 − 100)
        // and 3 (1200 − 900): 400. A tea earns in a set at most 5900 (line
        // 1). Sets: 2 × (5900 + 3000 − 7201) + (11800 − 10201) = 4997.
        // 1300 + 4997 = 6297. Subgradient: line 0 has 1 unit unused, line
        // 1 2 − 2 (left) − 2 − 2 (sets: the best-earning line), a cup 2 − 2.
        //
        // Prices 100, 100, 0: the teas earn 5900 on both lines, the first
        // one counts. Teas: 300, and leaving all 3 (1200 − 300): 1200. Sets
        // 2 × 1699 + 1599. Subgradient: 1 − 1 − 2 − 2, 2 − 2, 2 − 2.
        for exact_work in [EXACT_WORK, 0] {
            let (bounds, _) = with_search_at(&shop, exact_work, |s| {
                s.exact_item_values();
                s.live = vec![0, 1];
                [[700, 100, 0], [100, 100, 0]].map(|pi| {
                    s.pi = pi.to_vec();
                    s.tabulate();
                    let mut g = vec![0; 3];
                    (s.bound(0, None), s.bound(0, Some(&mut g)), g)
                })
            });
            assert_eq!(
                bounds,
                [(6297, 6297, vec![1, -4, 0]), (6197, 6197, vec![-4, 0, 0])],
                "exact work {exact_work}"
            );
        }
    }

    #[test]
    fn the_bound_of_a_state_counts_the_sets_the_units_still_open_allow() {
        // 5 teas at 10.00; bundle 0: two for 15.00, bundle 1: two for 16.00
        // (2 sets each at most). After one set of 0, 3 teas are open: one
        // set of 1, (2 × 6000 − 9601) = 2399, though its max is 2.
        let shop = build(
            &[vec![(5, 1000, 0)]],
            &[(vec![(0, 2)], 1500, None), (vec![(0, 2)], 1600, None)],
        );
        for exact_work in [EXACT_WORK, 0] {
            let (bound, _) = with_search_at(&shop, exact_work, |s| {
                s.exact_item_values();
                s.live = vec![0, 1];
                s.pi = vec![0];
                s.tabulate();
                s.enter(0, 1);
                s.bound(1, None)
            });
            assert_eq!(bound, 2399, "exact work {exact_work}");
        }
    }

    #[test]
    fn a_childs_score_and_reach_worked_by_hand() {
        // Prices: tea 0, cup 600 (score units). Bundle 0's sets, from the
        // front: 2 (the cups), 3.00 each. One set: 300 × 6 − 1 = 1799, the
        // cup left gives nothing (bundle 0 is the cups' last). What bundles
        // from 1 can add: the 2 teas open, leaving both (2 × 100 × 6) =
        // 1200, and one set of 1, 12000 − 10201 = 1799: reach 1799 + 2999.
        // Two sets: 3598; the tea left 600, no set of 1: reach 4198.
        let shop = tea_and_cups();
        let (kids, _) = with_search(&shop, |s| {
            s.exact_item_values();
            s.pi = vec![0, 600];
            s.prepare();
            let made = s.reductions(0).ok();
            (made, s.child(0, 0, 0, 1), s.child(0, 0, 0, 2), s.c.clone())
        });
        assert_eq!(kids, (Some(2), (1799, 4798), (3598, 4198), vec![0, 0]));
    }

    #[test]
    fn what_is_kept_of_a_state_only_ever_tightens() {
        let shop = tea_and_cups();
        let (seen, _) = with_search(&shop, |s| {
            s.enter(0, 1);
            let h = s.key(1);
            let mut seen = vec![s.recall(h)];
            for known in [
                Known::AtMost(5),
                Known::AtMost(7), // looser: 5 stays
                Known::AtMost(3),
                Known::Exactly(2),
                Known::AtMost(1), // what is exact stays
            ] {
                s.keep(h, known);
                seen.push(s.recall(h));
            }
            s.leave(0, 1);
            // Another state (2 teas and 2 cups taken): nothing known of it.
            s.enter(0, 2);
            let other = s.key(1);
            seen.push(s.recall(other));
            s.keep(other, Known::AtMost(9));
            seen.push(s.recall(other));
            s.leave(0, 2);
            // The first state is found again by its units taken.
            s.enter(0, 1);
            let again = s.key(1);
            seen.push(s.recall(again));
            seen
        });
        use Known::{AtMost, Exactly};
        assert_eq!(
            seen,
            [
                None,
                Some(AtMost(5)),
                Some(AtMost(5)),
                Some(AtMost(3)),
                Some(Exactly(2)),
                Some(Exactly(2)),
                None,
                Some(AtMost(9)),
                Some(Exactly(2)),
            ]
        );
    }

    /// Forgets every state the search kept.
    fn forget(s: &mut Search<'_, '_, '_>) {
        s.memo.clear();
        s.arena.clear();
    }

    /// A search with its prices and tables ready (it has run once), no
    /// state kept, and `score` (of no set at all) the best choice known.
    fn prepared(s: &mut Search<'_, '_, '_>, score: Score) {
        s.run().ok();
        forget(s);
        s.best = Some(Best {
            score,
            counts: vec![0; s.bundles.len()],
        });
    }

    #[test]
    fn phase_one_finds_the_best_score_and_keeps_the_choice_it_reaches() {
        // From no set at all (3 teas left: 1800), the best is 2 sets of 0
        // and a tea left: 4198 (see the scores above).
        let shop = tea_and_cups();
        let (found, _) = with_search(&shop, |s| {
            prepared(s, 1800);
            let r = s.best_from(0, 0, 1800).ok();
            (r, s.best.as_ref().map(|b| (b.score, b.counts.clone())))
        });
        assert_eq!(found, (Some((4198, true)), Some((4198, vec![2, 0]))));
    }

    #[test]
    fn phase_one_trusts_what_was_kept_of_a_state() {
        // A state's exact worth is taken as kept, and so is a bound of it
        // that cannot beat the best known (100 above it), though searching
        // them would find otherwise.
        let shop = tea_and_cups();
        let (seen, _) = with_search(&shop, |s| {
            prepared(s, 100);
            s.enter(0, 1);
            let h = s.key(1);
            s.keep(h, Known::Exactly(12_345));
            let exact = s.best_from(1, 0, 0).ok();
            s.leave(0, 1);
            s.enter(0, 2);
            let h = s.key(1);
            s.keep(h, Known::AtMost(7));
            let at_most = s.best_from(1, 0, 0).ok();
            (exact, at_most)
        });
        assert_eq!(seen, (Some((12_345, true)), Some((7, false))));
    }

    #[test]
    fn phase_two_passes_a_state_kept_as_unable_to_reach_the_target() {
        // After 2 sets of 0 (3598), the tea left brings the best, 4198: 600
        // more. Kept as worth at most 599, the state is passed; kept as at
        // most 600, or not kept, it is searched and the choice found.
        let shop = tea_and_cups();
        let (seen, _) = with_search(&shop, |s| {
            s.run().ok();
            let mut seen = Vec::new();
            for kept in [Some(599), Some(600), None] {
                forget(s);
                s.enter(0, 2);
                if let Some(v) = kept {
                    let h = s.key(1);
                    s.keep(h, Known::AtMost(v));
                }
                seen.push(s.first_with(1, 3598, 4198).ok());
                s.leave(0, 2);
            }
            // Searched for 601 more, which it cannot bring: kept as worth
            // at most 600, all that is known.
            forget(s);
            s.enter(0, 2);
            let unable = s.first_with(1, 3598, 4199).ok();
            let h = s.key(1);
            (seen, unable, s.recall(h))
        });
        assert_eq!(
            seen,
            (
                vec![Some(false), Some(true), Some(true)],
                Some(false),
                Some(Known::AtMost(600))
            )
        );
    }

    /// Whether some valid choice of the bundles before `target` leaves
    /// units that make its first set valid (why a bundle that formed no set
    /// is `bundle_outranked` rather than its own set's problem).
    fn exists(shop: &Shop, target: usize) -> Option<bool> {
        exists_within(shop, target, u64::MAX)
    }

    /// The same within `steps` steps (`None`: more were needed).
    fn exists_within(shop: &Shop, target: usize, mut steps: u64) -> Option<bool> {
        let mut e = Exists {
            formable: &shop.formable,
            skus: &shop.skus,
            target,
            c: vec![0; shop.skus.len()],
            steps: &mut steps,
        };
        e.dfs(0).ok()
    }

    #[test]
    fn a_set_that_is_not_valid_alone_may_be_after_other_bundles_take_units() {
        // Teas: 2 at 10.00, then 2 at 30.00. Bundle 1 (two teas for 50.00)
        // alone takes the first two (20.00): not cheaper. After a set of
        // bundle 0 (two teas for 15.00: 20.00, valid) it takes the two at
        // 30.00 (60.00): valid. Bundle 0 comes before it, and shares teas.
        let teas = vec![(2, 1000, 0), (2, 3000, 0)];
        let later = build(
            &[teas.clone(), vec![(1, 500, 0)]],
            &[
                (vec![(1, 1)], 400, None), // a cup: shares nothing, passed
                (vec![(0, 2)], 1500, None),
                (vec![(0, 2)], 5000, None),
            ],
        );
        assert_eq!(exists(&later, 2), Some(true));
        // Its steps: bundle 0 (passed), bundle 1, its target with no set
        // of 1, then with one: 4, and the search stops when they run out.
        assert_eq!(exists_within(&later, 2, 4), Some(true));
        assert_eq!(exists_within(&later, 2, 3), None);
        // Teas: 2 at 20.00, 2 at 10.00, 2 at 30.00. Bundle 0 (two for
        // 30.00) is valid on the first two (40.00) but not on the next
        // (20.00), so it cannot reach the teas at 30.00, and bundle 1 (two
        // for 50.00) meets 40.00 or 20.00: no choice makes it valid.
        let never = build(
            &[vec![(2, 2000, 0), (2, 1000, 0), (2, 3000, 0)]],
            &[(vec![(0, 2)], 3000, None), (vec![(0, 2)], 5000, None)],
        );
        assert_eq!(exists(&never, 1), Some(false));
        // Teas: 2 at 10.00, 2 at 30.00. Bundle 0 (two for 25.00) would take
        // the first two (20.00), where its set is not valid: it forms none,
        // and bundle 1 (two for 50.00) meets the teas at 10.00 only.
        let blocked = build(
            &[vec![(2, 1000, 0), (2, 3000, 0)]],
            &[(vec![(0, 2)], 2500, None), (vec![(0, 2)], 5000, None)],
        );
        assert_eq!(exists(&blocked, 1), Some(false));
        // Teas: 2 at 10.00, 1 at 30.00. After bundle 0's set (the two at
        // 10.00) one tea is left: bundle 1 (two for 25.00) does not fit,
        // though the one tea alone (30.00) would be dearer than its price.
        let short = build(
            &[vec![(2, 1000, 0), (1, 3000, 0)]],
            &[(vec![(0, 2)], 1500, None), (vec![(0, 2)], 2500, None)],
        );
        assert_eq!(exists(&short, 1), Some(false));
        // Two teas at 50.00 and cups: 2 at 5.00, 1 at 30.00. Bundle 0 (two
        // teas and a cup for 4.00) forms one set only (the teas run out),
        // which leaves bundle 1 (a cup for 20.00) the second cup at 5.00.
        // A second set of bundle 0 would take it (a cup alone, 5.00, is
        // dearer than 4.00) and leave the cup at 30.00: no such set exists.
        let one_set = build(
            &[vec![(2, 5000, 0)], vec![(2, 500, 0), (1, 3000, 0)]],
            &[
                (vec![(0, 2), (1, 1)], 400, None),
                (vec![(1, 1)], 2000, None),
            ],
        );
        assert_eq!(exists(&one_set, 1), Some(false));
        // The same after another bundle: 4 teas at 50.00, cups 3 at 5.00
        // and 1 at 30.00; bundles 0 and 1 as bundle 0 above, 2 a cup for
        // 20.00. After a set of 0, the teas left make one set of 1, and the
        // cup bundle 2 meets is the third at 5.00.
        let after = build(
            &[vec![(4, 5000, 0)], vec![(3, 500, 0), (1, 3000, 0)]],
            &[
                (vec![(0, 2), (1, 1)], 400, None),
                (vec![(0, 2), (1, 1)], 400, None),
                (vec![(1, 1)], 2000, None),
            ],
        );
        assert_eq!(exists(&after, 2), Some(false));
        // Teas in pairs at 10.00, 10.00 and 30.00: two sets of bundle 0 (two
        // for 15.00) leave bundle 1 (two for 50.00) the pair at 30.00;
        // after none or one it meets a pair at 10.00.
        let third = build(
            &[vec![(2, 1000, 0), (2, 1000, 0), (2, 3000, 0)]],
            &[(vec![(0, 2)], 1500, None), (vec![(0, 2)], 5000, None)],
        );
        assert_eq!(exists(&third, 1), Some(true));
        // Two teas for 15.00 once at most (max_sets 1), then the target
        // needs more teas than are left after 2 sets: as in `later`, one
        // set is enough; with all 4 teas taken it would not fit.
        let fit = build(
            &[teas],
            &[(vec![(0, 2)], 1500, Some(1)), (vec![(0, 2)], 5000, None)],
        );
        assert_eq!(exists(&fit, 1), Some(true));
    }

    #[test]
    fn a_choice_the_bound_proves_best_at_the_start_is_not_searched() {
        // One bundle: a tea for 5.00 (of 10.00), 3 teas, no item discount;
        // scale 4. The best: 3 sets, 3 × 500 × 4 − 3 = 5997, the greedy
        // choice. The first price of a tea is its share of the saving,
        // 4000 × 500 / 1000 = 2000: bound 3 × 2000 = 6000 (a set then
        // earns 4000 − 2000 − 2001 < 0). One subgradient step (3 units over
        // what the relaxation uses, t = 3 × 16 / (9 × 16) → 1) lowers the
        // price to 1997: 3 × 1997 + 3 sets × (4000 − 1997 − 2001) = 5997,
        // the best known, so no state is searched.
        let shop = build(&[vec![(3, 1000, 0)]], &[(vec![(0, 1)], 500, None)]);
        let ((best, memo, root), _) = with_search(&shop, |s| {
            s.run().ok();
            let best = s.best.as_ref().map(|b| (b.score, b.counts.clone()));
            (best, s.memo.len(), s.root)
        });
        assert_eq!(best, Some((5997, vec![3])));
        assert_eq!(root, 5997);
        assert_eq!(memo, 0);
    }

    /// Small shops drawn at random (a fixed sequence): 1–3 SKUs of 1–3
    /// lines of 1–4 units, 1–4 bundles of 1–2 items.
    fn random_shops(n: usize) -> Vec<Shop> {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m) as i64
        };
        (0..n)
            .map(|_| {
                let skus: Vec<Lines> = (0..1 + next(3))
                    .map(|_| {
                        (0..1 + next(3))
                            .map(|_| {
                                let unit = 100 * (1 + next(20));
                                (1 + next(4), unit, next(3) * unit / 10)
                            })
                            .collect()
                    })
                    .collect();
                let bundles: Vec<Bundle> = (0..1 + next(4))
                    .map(|_| {
                        let mut items = vec![(next(skus.len() as u64) as usize, 1 + next(2))];
                        let other = next(skus.len() as u64) as usize;
                        if next(2) == 0 && other != items[0].0 {
                            items.push((other, 1 + next(2)));
                        }
                        let top: Fen = items
                            .iter()
                            .map(|&(s, q)| q * skus[s].iter().map(|l| l.1).max().unwrap_or(0))
                            .sum();
                        let max_sets = (next(3) == 0).then(|| 1 + next(2) as u32);
                        (items, top * (50 + next(50)) / 100, max_sets)
                    })
                    .collect();
                build(&skus, &bundles)
            })
            .collect()
    }

    #[test]
    fn the_search_finds_the_best_of_every_choice_tried() {
        for (k, shop) in random_shops(400).iter().enumerate() {
            let best = Some(best_of_every_choice(shop));
            // With exact item values for every SKU, and with none.
            for exact_work in [EXACT_WORK, 0] {
                let (found, _) = with_search_at(shop, exact_work, |s| {
                    s.run().ok();
                    s.best.as_ref().map(|b| (b.score, b.counts.clone()))
                });
                assert_eq!(found, best, "shop {k}, exact work {exact_work}");
            }
        }
    }

    #[test]
    fn the_bound_is_never_below_what_a_state_can_still_reach() {
        for (k, shop) in random_shops(200).iter().enumerate() {
            let all: Vec<(Vec<u32>, Score)> = every_choice(shop)
                .into_iter()
                .filter_map(|c| score_of(shop, &c).map(|s| (c, s)))
                .collect();
            for exact_work in [EXACT_WORK, 0] {
                with_search_at(shop, exact_work, |s| {
                    s.run().ok();
                    for d in 0..s.bundles.len() {
                        // Each state at d: the valid choices of the bundles before d.
                        for (state, _) in all.iter().filter(|(c, _)| c[d..].iter().all(|&n| n == 0))
                        {
                            let reach = all
                                .iter()
                                .filter(|(c, _)| c[..d] == state[..d])
                                .map(|&(_, v)| v)
                                .max()
                                .expect("the state itself is a choice");
                            let made = worth(shop, state, d).expect("a valid state");
                            for (b, &n) in state[..d].iter().enumerate() {
                                s.enter(b, n as usize);
                            }
                            if exact_work > 0 {
                                // Every SKU is small: each has its table, so
                                // the bound below takes the table path.
                                assert!(s.used.iter().all(|&u| !s.tables[u].is_empty()));
                            }
                            let tables = s.bound(d, None);
                            let mut g = vec![0; s.pi.len()];
                            let direct = s.bound(d, Some(&mut g));
                            for (b, &n) in state[..d].iter().enumerate() {
                                s.leave(b, n as usize);
                            }
                            assert_eq!(tables, direct, "shop {k}, state {state:?} at {d}");
                            assert!(
                                made + tables >= reach,
                                "shop {k}, state {state:?} at {d}: {made} + {tables} < {reach}"
                            );
                        }
                    }
                });
            }
        }
    }
}
