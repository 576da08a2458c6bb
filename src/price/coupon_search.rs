//! The exact search behind `coupon_selection: "best"` (reference: [Choosing coupons](crate::_documentation::reference#choosing-coupons)).
//!
//! Stages 3 and 4 of a shop depend only on that shop's coupon, so each shop's
//! outcome is computed once per option (no coupon, or one held coupon that
//! applies) and summed up as an [`Opt`]: what the shop's lines pay after
//! stage 4, the rebate used, the coupon's rank among coupon ids, and, for one
//! platform coupon, `val`:
//!
//! - under `parallel` the platform coupon's reduction and shares are fixed
//!   (measured on the reference amounts) and `val` is what it can take from
//!   the shop's lines under this option (each share cut to what is left). The
//!   coupon takes Σ `val`, so the payable is Σ (`pay` − `val`): the search
//!   **decomposes** shop by shop ([`parallel`]).
//! - under `sequential` the coupon is tested and computed on what is left, and
//!   `val` is the shop's part of that base. The choice is a dynamic programme
//!   over the shops ([`sequential`]) whose states are pruned by dominance
//!   (a state that pays no less and leaves no more base is dropped), by the
//!   coupon's saturation (beyond the base where its reduction stops growing,
//!   more base is worth nothing) and by a lower bound against the best
//!   combination found so far. Its work is bounded by
//!   [`MAX_SEARCH_STATES`](crate::limits::MAX_SEARCH_STATES), never by the
//!   number of combinations.
//!
//! Combinations are ranked by (payable, rebate used, coupons used, the sorted
//! list of their ids); ids are compared through their ranks in byte order.

use std::cmp::Ordering;
use std::ops::Range;

use crate::money::Fen;

/// One option of one shop.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Opt {
    /// What the shop's lines pay after stage 4.
    pub(crate) pay: Fen,
    /// Rebate used.
    pub(crate) rebate: Fen,
    /// The rank of the shop coupon used, if any.
    pub(crate) coupon: Option<u32>,
    /// See the module docs; 0 without a platform coupon.
    pub(crate) val: Fen,
}

impl Opt {
    fn count(&self) -> u32 {
        u32::from(self.coupon.is_some())
    }

    /// The order in which a shop's own options are preferred.
    fn own_key(&self) -> (Fen, Fen, u32, Option<u32>) {
        (self.pay, self.rebate, self.count(), self.coupon)
    }

    /// The order under a parallel platform coupon (what it takes is off the pay).
    fn net_key(&self) -> (Fen, Fen, u32, Option<u32>) {
        (self.pay - self.val, self.rebate, self.count(), self.coupon)
    }
}

/// A combination: per shop the option chosen (an index of `opts`), the
/// platform coupon used (the caller's number) and the ranking key.
#[derive(Clone, Debug, Default)]
pub(crate) struct Found {
    /// (payable before shipping, rebate used, coupons used).
    pub(crate) key: (Fen, Fen, u32),
    /// Ranks of the coupons used, sorted.
    pub(crate) ranks: Vec<u32>,
    pub(crate) choice: Vec<u32>,
    pub(crate) platform: Option<u32>,
}

impl Found {
    /// Whether `self` ranks before `other`.
    pub(crate) fn beats(&self, other: &Found) -> bool {
        (self.key, &self.ranks) < (other.key, &other.ranks)
    }
}

/// The search ran out of its budget ([`MAX_SEARCH_STATES`](crate::limits::MAX_SEARCH_STATES)).
#[derive(Debug)]
pub(crate) struct Exhausted;

/// The best combination with no platform coupon, written into `f` (whose
/// vectors are reused: a price's search allocates nothing here): every
/// shop's own best, since the shops do not interact. Ties in (pay, rebate,
/// coupons) go to the smaller rank, which also gives the smallest sorted
/// list overall.
pub(crate) fn without_platform(opts: &[Opt], shops: &[Range<u32>], f: &mut Found) {
    let mut key = (0, 0, 0);
    f.ranks.clear();
    f.choice.clear();
    for r in shops {
        let k = argmin(opts, r, Opt::own_key);
        let o = &opts[k as usize];
        key.0 += o.pay;
        key.1 += o.rebate;
        key.2 += o.count();
        f.ranks.extend(o.coupon);
        f.choice.push(k);
    }
    f.ranks.sort_unstable();
    f.key = key;
    f.platform = None;
}

fn argmin<K: Ord>(opts: &[Opt], r: &Range<u32>, key: impl Fn(&Opt) -> K) -> u32 {
    (r.start..r.end)
        .min_by(|&a, &b| key(&opts[a as usize]).cmp(&key(&opts[b as usize])))
        .unwrap_or(r.start)
}

/// Sums a choice up into a [`Found`] with the platform coupon `pick` (rank `rank`).
fn found(opts: &[Opt], choice: Vec<u32>, taken: Fen, pick: u32, rank: u32) -> Found {
    let mut f = Found {
        choice,
        ..Found::default()
    };
    sum_up(opts, &mut f, taken, pick, rank);
    f
}

/// Sums `f.choice` up into `f`'s key and ranks, with the platform coupon
/// `pick` (rank `rank`) taking `taken`.
fn sum_up(opts: &[Opt], f: &mut Found, taken: Fen, pick: u32, rank: u32) {
    let mut key = (0, 0, 1);
    f.ranks.clear();
    f.ranks.push(rank);
    for &k in &f.choice {
        let o = &opts[k as usize];
        key.0 += o.pay;
        key.1 += o.rebate;
        key.2 += o.count();
        f.ranks.extend(o.coupon);
    }
    key.0 -= taken;
    f.ranks.sort_unstable();
    f.key = key;
    f.platform = Some(pick);
}

/// The best combination that uses parallel platform coupon `pick`, written
/// into `f` (its vectors reused), or `false` when it takes nothing under
/// every combination (`f` then holds nothing to read).
///
/// The payable is Σ (`pay` − `val`), so each shop takes its own best by that;
/// if the coupon then takes nothing, the best that makes it take something
/// moves exactly one shop to its best option with `val > 0`.
pub(crate) fn parallel(
    opts: &[Opt],
    shops: &[Range<u32>],
    pick: u32,
    rank: u32,
    f: &mut Found,
) -> bool {
    f.choice.clear();
    f.choice
        .extend(shops.iter().map(|r| argmin(opts, r, Opt::net_key)));
    let taken: Fen = f.choice.iter().map(|&k| opts[k as usize].val).sum();
    if taken > 0 {
        sum_up(opts, f, taken, pick, rank);
        return true;
    }
    let choice = &f.choice;
    let mut best: Option<Found> = None;
    for (s, r) in shops.iter().enumerate() {
        let with_val = (r.start..r.end)
            .filter(|&k| opts[k as usize].val > 0)
            .min_by(|&a, &b| opts[a as usize].net_key().cmp(&opts[b as usize].net_key()));
        let Some(k) = with_val else { continue };
        let mut c = choice.clone();
        c[s] = k;
        let g = found(opts, c, opts[k as usize].val, pick, rank);
        if best.as_ref().is_none_or(|b| g.beats(b)) {
            best = Some(g);
        }
    }
    match best {
        Some(b) => {
            *f = b;
            true
        }
        None => false,
    }
}

/// A sequential platform coupon: it applies when the base reaches `min`, and
/// then takes `reduce(base)` — non-decreasing, constant from `cap` on, with
/// `cap >= min` (so that two bases at or past `cap` both reach `min`).
pub(crate) struct Sequential<'f> {
    pub(crate) min: Fen,
    pub(crate) cap: Fen,
    pub(crate) reduce: &'f dyn Fn(Fen) -> Fen,
}

impl Sequential<'_> {
    fn taken(&self, base: Fen) -> Fen {
        if base >= self.min {
            (self.reduce)(base)
        } else {
            0
        }
    }
}

/// A partial combination of the dynamic programme: the shops decided so far.
#[derive(Clone, Copy, Debug)]
struct State {
    val: Fen,
    pay: Fen,
    rebate: Fen,
    count: u32,
    /// The last choice, in the trail arena.
    trail: u32,
}

const ROOT: u32 = u32::MAX;

/// The best combination that uses sequential platform coupon `pick`, or
/// `None` when no combination beats `incumbent` with it; `budget` counts the
/// states the programme may still create.
pub(crate) fn sequential(
    opts: &[Opt],
    shops: &[Range<u32>],
    pf: &Sequential<'_>,
    pick: u32,
    rank: u32,
    incumbent: &Found,
    budget: &mut u64,
) -> Result<Option<Found>, Exhausted> {
    // Shops whose options leave no base for the coupon do not interact with it
    // or with each other: each takes its own best.
    let mut choice: Vec<u32> = vec![0; shops.len()];
    let mut fixed = (0, 0, 0);
    let mut dp: Vec<usize> = Vec::new();
    for (s, r) in shops.iter().enumerate() {
        if (r.start..r.end).all(|k| opts[k as usize].val == 0) {
            let k = argmin(opts, r, Opt::own_key);
            let o = &opts[k as usize];
            fixed = (fixed.0 + o.pay, fixed.1 + o.rebate, fixed.2 + o.count());
            choice[s] = k;
        } else {
            dp.push(s);
        }
    }
    // Bounds over the shops still to decide, from each position on.
    let n = dp.len();
    let mut rest = vec![(0, 0, 0, 0u32); n + 1]; // (min pay, max val, min rebate, min count)
    for t in (0..n).rev() {
        let r = &shops[dp[t]];
        let o = || (r.start..r.end).map(|k| &opts[k as usize]);
        rest[t] = (
            rest[t + 1].0 + o().map(|o| o.pay).min().unwrap_or(0),
            rest[t + 1].1 + o().map(|o| o.val).max().unwrap_or(0),
            rest[t + 1].2 + o().map(|o| o.rebate).min().unwrap_or(0),
            rest[t + 1].3 + o().map(Opt::count).min().unwrap_or(0),
        );
    }
    let mut trail: Vec<(u32, u32)> = Vec::new();
    let mut states = vec![State {
        val: 0,
        pay: 0,
        rebate: 0,
        count: 0,
        trail: ROOT,
    }];
    let mut next: Vec<State> = Vec::new();
    for t in 0..n {
        let r = &shops[dp[t]];
        next.clear();
        for st in &states {
            for k in r.start..r.end {
                let o = &opts[k as usize];
                let cand = State {
                    val: st.val.saturating_add(o.val),
                    pay: st.pay + o.pay,
                    rebate: st.rebate + o.rebate,
                    count: st.count + o.count(),
                    trail: st.trail,
                };
                // Can the coupon still apply, and can this beat what is known?
                let (min_pay, max_val, min_rebate, min_count) = rest[t + 1];
                let reach = cand.val.saturating_add(max_val);
                let taken = pf.taken(reach);
                if taken == 0 {
                    continue;
                }
                let bound = (
                    fixed.0 + cand.pay + min_pay - taken,
                    fixed.1 + cand.rebate + min_rebate,
                    fixed.2 + cand.count + min_count + 1,
                );
                if bound > incumbent.key {
                    continue;
                }
                if *budget == 0 {
                    return Err(Exhausted);
                }
                *budget -= 1;
                trail.push((cand.trail, k));
                next.push(State {
                    trail: (trail.len() - 1) as u32,
                    ..cand
                });
            }
        }
        prune(&mut next, pf.cap, opts, &trail);
        std::mem::swap(&mut states, &mut next);
        if states.is_empty() {
            return Ok(None);
        }
    }
    let mut best: Option<Found> = None;
    for st in &states {
        let taken = pf.taken(st.val);
        if taken == 0 {
            continue;
        }
        let mut c = choice.clone();
        let mut at = st.trail;
        let mut t = n;
        while at != ROOT {
            let (parent, k) = trail[at as usize];
            t -= 1;
            c[dp[t]] = k;
            at = parent;
        }
        let f = found(opts, c, taken, pick, rank);
        debug_assert_eq!(f.key.0, fixed.0 + st.pay - taken);
        if best.as_ref().is_none_or(|b| f.beats(b)) {
            best = Some(f);
        }
    }
    Ok(best.filter(|b| b.beats(incumbent)))
}

/// The sorted ranks of the coupons a state's trail used.
fn ranks_of(opts: &[Opt], trail: &[(u32, u32)], mut at: u32) -> Vec<u32> {
    let mut v = Vec::new();
    while at != ROOT {
        let (parent, k) = trail[at as usize];
        v.extend(opts[k as usize].coupon);
        at = parent;
    }
    v.sort_unstable();
    v
}

/// Drops dominated states. A state is dominated by another with a capped
/// base at least as large and a smaller pay (it pays more under every
/// completion), or with the same pay and a lower-or-equal (rebate, coupons,
/// ids) (it ranks no better under every completion: the sorted id lists keep
/// their order when the same ids are added to both).
fn prune(states: &mut Vec<State>, cap: Fen, opts: &[Opt], trail: &[(u32, u32)]) {
    let cv = |s: &State| s.val.min(cap);
    // Pay ascending, then capped base descending, then rebate and coupons ascending.
    states.sort_unstable_by(|a, b| {
        (a.pay, cv(b), a.rebate, a.count).cmp(&(b.pay, cv(a), b.rebate, b.count))
    });
    let mut kept = 0;
    let mut max_cv_below = Fen::MIN; // the largest capped base among kept states that pay less
    let mut i = 0;
    while i < states.len() {
        let pay = states[i].pay;
        let mut group_best: Option<State> = None; // the best kept so far, all with a larger base
        let mut group_max_cv = Fen::MIN;
        while i < states.len() && states[i].pay == pay {
            let st = states[i];
            i += 1;
            if max_cv_below >= cv(&st) {
                continue;
            }
            if let Some(b) = &group_best {
                let order = (b.rebate, b.count)
                    .cmp(&(st.rebate, st.count))
                    .then_with(|| {
                        ranks_of(opts, trail, b.trail).cmp(&ranks_of(opts, trail, st.trail))
                    });
                if order != Ordering::Greater {
                    continue;
                }
            }
            group_best = Some(st);
            group_max_cv = group_max_cv.max(cv(&st));
            states[kept] = st;
            kept += 1;
        }
        max_cv_below = max_cv_below.max(group_max_cv);
    }
    states.truncate(kept);
}

#[cfg(test)]
mod tests {
    //! The search against an exhaustive enumeration written independently:
    //! every choice of one option per shop, ranked by (payable, rebate used,
    //! coupons used, sorted coupon ranks), on many small option sets whose
    //! figures repeat so that ties, dominance and bounds all come into play.

    use super::*;

    /// A shop option: what it pays, the rebate it uses, its shop coupon's
    /// rank, and what the platform coupon's base gets from it.
    fn opt(pay: Fen, rebate: Fen, coupon: Option<u32>, val: Fen) -> Opt {
        Opt {
            pay,
            rebate,
            coupon,
            val,
        }
    }

    /// xorshift64: reproducible option sets without a dependency.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// Shops with 1–4 options each: the first without a coupon, the others
    /// with coupons of distinct ranks; small figures, so that they tie.
    fn options(rng: &mut Rng) -> (Vec<Opt>, Vec<Range<u32>>) {
        let mut opts = Vec::new();
        let mut shops = Vec::new();
        let mut next_rank = 0u32;
        let mut ranks: Vec<u32> = (0..16).collect();
        // Shuffle the ranks so that shop order and rank order differ.
        for k in (1..ranks.len()).rev() {
            ranks.swap(k, rng.below(k as u64 + 1) as usize);
        }
        for _ in 0..1 + rng.below(4) {
            let start = opts.len() as u32;
            for o in 0..1 + rng.below(4) {
                let coupon = (o > 0).then(|| {
                    next_rank += 1;
                    ranks[next_rank as usize - 1]
                });
                opts.push(Opt {
                    pay: 10 + rng.below(8) as Fen,
                    rebate: rng.below(3) as Fen,
                    coupon,
                    val: [0, 0, 2, 5, 9][rng.below(5) as usize],
                });
            }
            shops.push(start..opts.len() as u32);
        }
        (opts, shops)
    }

    /// Every choice of one option per shop.
    fn every_choice(shops: &[Range<u32>]) -> Vec<Vec<u32>> {
        let mut all = vec![Vec::new()];
        for r in shops {
            all = all
                .into_iter()
                .flat_map(|c: Vec<u32>| {
                    (r.start..r.end).map(move |k| {
                        let mut c = c.clone();
                        c.push(k);
                        c
                    })
                })
                .collect();
        }
        all
    }

    /// (payable before shipping, rebate used, coupons used) and the sorted ranks.
    type Ranking = ((Fen, Fen, u32), Vec<u32>);

    /// The ranking of a choice with a platform coupon of `rank` taking
    /// `taken` (none when `rank` is `None`).
    fn ranked(
        opts: &[Opt],
        c: &[u32],
        taken: Fen,
        rank: Option<u32>,
    ) -> ((Fen, Fen, u32), Vec<u32>) {
        let chosen = || c.iter().map(|&k| opts[k as usize]);
        let pay: Fen = chosen().map(|o| o.pay).sum();
        let rebate: Fen = chosen().map(|o| o.rebate).sum();
        let mut ranks: Vec<u32> = chosen().filter_map(|o| o.coupon).chain(rank).collect();
        ranks.sort_unstable();
        ((pay - taken, rebate, ranks.len() as u32), ranks)
    }

    fn best_of(
        opts: &[Opt],
        shops: &[Range<u32>],
        rank: Option<u32>,
        taken: impl Fn(&[u32]) -> Fen,
    ) -> Option<(Ranking, Vec<u32>)> {
        every_choice(shops)
            .into_iter()
            .filter_map(|c| {
                let t = taken(&c);
                (rank.is_none() || t > 0).then(|| (ranked(opts, &c, t, rank), c))
            })
            .min()
    }

    /// The key of a found combination, from its choice alone.
    fn check_consistent(opts: &[Opt], f: &Found, taken: Fen) {
        let (key, ranks) = ranked(opts, &f.choice, taken, f.platform.map(|_| 7));
        assert_eq!(f.key, key, "the key sums the choice up");
        assert_eq!(f.ranks.len(), ranks.len());
    }

    #[test]
    fn without_a_platform_coupon_each_shop_takes_its_own_best() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        // One `Found` written into again and again, as a price's search does.
        let mut f = Found::default();
        for _ in 0..3000 {
            let (opts, shops) = options(&mut rng);
            without_platform(&opts, &shops, &mut f);
            let (want, choice) = best_of(&opts, &shops, None, |_| 0).unwrap();
            assert_eq!((f.key, f.ranks.clone()), want);
            assert_eq!(f.choice, choice);
            assert_eq!(f.platform, None);
        }
    }

    #[test]
    fn parallel_equals_every_choice_tried() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut none = 0;
        // One `Found` written into again and again, as a price's search does.
        let mut spare = Found::default();
        for _ in 0..3000 {
            let (opts, shops) = options(&mut rng);
            let rank = 100;
            let got = parallel(&opts, &shops, 7, rank, &mut spare).then(|| spare.clone());
            let sum_val = |c: &[u32]| c.iter().map(|&k| opts[k as usize].val).sum::<Fen>();
            let want = best_of(&opts, &shops, Some(rank), sum_val);
            match (got, want) {
                (None, None) => none += 1,
                (Some(f), Some((want, choice))) => {
                    assert_eq!((f.key, f.ranks.clone()), want, "{opts:?} {shops:?}");
                    assert_eq!(f.choice, choice);
                    assert_eq!(f.platform, Some(7));
                    check_consistent(&opts, &f, sum_val(&f.choice));
                }
                (got, want) => panic!("{got:?} against {want:?} for {opts:?} {shops:?}"),
            }
        }
        assert!(none > 0 && none < 3000, "{none} with nothing to take");
    }

    #[test]
    fn sequential_equals_every_choice_tried() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        let (mut found, mut beaten) = (0, 0);
        for _ in 0..4000 {
            let (opts, shops) = options(&mut rng);
            let min = rng.below(20) as Fen;
            // The caller's cap is never below `min` (`platform_coupon::saturation`).
            let cap = (4 + rng.below(20) as Fen).max(min);
            let tenths = 1 + rng.below(9) as Fen;
            let reduce = move |b: Fen| b.min(cap) * tenths / 10;
            let pf = Sequential {
                min,
                cap,
                reduce: &reduce,
            };
            let mut incumbent = Found::default();
            without_platform(&opts, &shops, &mut incumbent);
            let mut budget = u64::MAX;
            let rank = 100;
            let got = sequential(&opts, &shops, &pf, 7, rank, &incumbent, &mut budget).unwrap();
            let taken = |c: &[u32]| pf.taken(c.iter().map(|&k| opts[k as usize].val).sum());
            let want = best_of(&opts, &shops, Some(rank), taken)
                .filter(|(w, _)| (&w.0, &w.1) < (&incumbent.key, &incumbent.ranks));
            match (got, want) {
                (None, None) => beaten += 1,
                (Some(f), Some((want, choice))) => {
                    assert_eq!((f.key, f.ranks.clone()), want, "{opts:?} {shops:?}");
                    assert_eq!(f.choice, choice);
                    check_consistent(&opts, &f, taken(&f.choice));
                    found += 1;
                }
                (got, want) => {
                    panic!("{got:?} against {want:?} for {opts:?} {shops:?} min {min} cap {cap}")
                }
            }
        }
        assert!(
            found > 100 && beaten > 100,
            "{found} found, {beaten} beaten"
        );
    }

    #[test]
    fn the_budget_is_counted_and_refused_when_spent() {
        let opts: Vec<Opt> = (0..4)
            .map(|k| opt(10, 0, (k > 0).then_some(k), 5))
            .collect();
        let shops = vec![0..4, 0..4, 0..4];
        let reduce = |b: Fen| b.min(100);
        let pf = Sequential {
            min: 1,
            cap: 100,
            reduce: &reduce,
        };
        let mut incumbent = Found::default();
        without_platform(&opts, &shops, &mut incumbent);
        let mut budget = 3;
        assert!(sequential(&opts, &shops, &pf, 0, 50, &incumbent, &mut budget).is_err());
        assert_eq!(budget, 0);
        let mut budget = 10_000;
        let f = sequential(&opts, &shops, &pf, 0, 50, &incumbent, &mut budget)
            .unwrap()
            .unwrap();
        assert!(budget < 10_000, "states are counted");
        // Every shop's val counts: 15 taken off 30.
        assert_eq!(f.key, (15, 0, 1));
    }

    /// An incumbent with `key` and no coupon.
    fn incumbent(key: (Fen, Fen, u32)) -> Found {
        Found {
            key,
            ranks: vec![],
            choice: vec![],
            platform: None,
        }
    }

    /// Runs the sequential search of a coupon that takes min(base, 2) from a
    /// base of 1 against an incumbent of `key`: its answer and the states it
    /// created.
    fn takes_two(opts: &[Opt], shops: &[Range<u32>], key: (Fen, Fen, u32)) -> (Option<Found>, u64) {
        let reduce = |b: Fen| b.min(2);
        let pf = Sequential {
            min: 1,
            cap: 2,
            reduce: &reduce,
        };
        let mut budget = 100;
        let f = sequential(opts, shops, &pf, 0, 9, &incumbent(key), &mut budget).unwrap();
        (f, 100 - budget)
    }

    /// The bound counts the shops the coupon cannot reach (their own best
    /// is fixed) in each part of the key: a partial combination that cannot
    /// beat the incumbent creates no state at all.
    #[test]
    fn bounds_prune_what_cannot_beat_the_incumbent() {
        // Shop 0 never gives the coupon a base: pay 100, rebate 3, its coupon 4.
        // Shop 1: no coupon (pay 10, no base) or coupon 5 (pay 12, base 5).
        // The platform coupon takes min(base, 2) from a base of 1: with
        // coupon 5 the payable is 100 + 12 − 2 = 110, rebate 3, 3 coupons.
        let opts = [
            opt(100, 3, Some(4), 0),
            opt(10, 0, None, 0),
            opt(12, 0, Some(5), 5),
        ];
        let shops = [0..1, 1..3];
        // Each incumbent beats the best by one part of the key alone.
        for key in [(109, 3, 3), (110, 2, 3), (110, 3, 2)] {
            let (f, states) = takes_two(&opts, &shops, key);
            assert!(f.is_none(), "{key:?}");
            assert_eq!(states, 0, "{key:?}: a state that cannot win was created");
        }
        // One it does beat: found, with the key summed from the choice.
        let f = takes_two(&opts, &shops, (111, 0, 0)).0.unwrap();
        assert_eq!(
            (f.key, f.ranks.clone(), f.choice.clone()),
            ((110, 3, 3), vec![4, 5, 9], vec![0, 2])
        );
    }

    /// The bound adds up the best each shop still to decide could do (least
    /// pay, least rebate, fewest coupons), over every such shop, so that a
    /// combination that cannot win is dropped at its first shop.
    #[test]
    fn bounds_count_every_shop_still_to_decide() {
        // Three shops give the coupon a base. X: no coupon or coupon 4
        // (pay 10 either way, base 0 or 5); Y: coupon 6, pay 5, base 1; Z:
        // coupon 7, pay 20, rebate 2, base 5. The platform coupon takes
        // min(base, 2): the best is X without a coupon, 10 + 5 + 20 − 2 = 33,
        // rebate 2, 3 coupons (6, 7 and the platform's).
        let opts = [
            opt(10, 0, None, 0),
            opt(10, 0, Some(4), 5),
            opt(5, 0, Some(6), 1),
            opt(20, 2, Some(7), 5),
        ];
        let shops = [0..2, 2..3, 3..4];
        // Each incumbent beats the best by one part of the key alone.
        for key in [(32, 2, 3), (33, 1, 3), (33, 2, 2)] {
            let (f, states) = takes_two(&opts, &shops, key);
            assert!(f.is_none(), "{key:?}");
            assert_eq!(states, 0, "{key:?}: a state that cannot win was created");
        }
        // One it does beat: found, with the key summed from the choice.
        let f = takes_two(&opts, &shops, (34, 0, 0)).0.unwrap();
        assert_eq!((f.key, f.choice.clone()), ((33, 2, 3), vec![0, 2, 3]));
    }

    #[test]
    fn beats_is_strict_and_reads_ranks_after_the_key() {
        let f = |key: (Fen, Fen, u32), ranks: Vec<u32>| Found {
            key,
            ranks,
            choice: vec![],
            platform: None,
        };
        assert!(!f((1, 0, 1), vec![2]).beats(&f((1, 0, 1), vec![2])));
        assert!(f((1, 0, 1), vec![1]).beats(&f((1, 0, 1), vec![2])));
        assert!(f((1, 5, 1), vec![9]).beats(&f((2, 0, 0), vec![])));
        assert!(!f((2, 0, 0), vec![]).beats(&f((1, 5, 1), vec![9])));
    }
}
