//! The exact search behind `coupon_selection: "best"`.
//!
//! Stages 3 and 4 of a shop depend only on that shop's coupon, so the pricer
//! computes each shop's outcome once per option (no coupon, or one held coupon
//! that applies) and hands this module a summary of each: what the shop's lines
//! pay after stage 4, the rebate used, whether a coupon is used and its id.
//!
//! Without a platform coupon the shops are independent and the best choice is
//! each shop's own best (see [`without_platform`]). With a platform coupon, each
//! option also carries `val`:
//!
//! - under `parallel` the coupon's reduction and its shares are fixed (they are
//!   measured on the reference amounts), and `val` is what the coupon can take
//!   from the shop's lines under this option (each share cut to what the line
//!   has left). The coupon's total is the sum of the `val`s.
//! - under `sequential` the coupon is tested and computed on what is left, and
//!   `val` is the shop's part of that base. The coupon's reduction is a
//!   non-decreasing function of the base.
//!
//! Either way a leaf of the search costs O(1). [`with_platform`] drops dominated
//! options, orders the rest, and prunes by a lexicographic lower bound on
//! (payable, rebate, coupons used). Its worst case is the product of the option
//! counts, which [`limits::MAX_COMBINATIONS`](crate::limits::MAX_COMBINATIONS)
//! bounds before pricing starts.

use crate::money::Fen;

/// One option of one shop.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Opt<'a> {
    /// Index of the option in the pricer's list for the shop.
    pub(crate) index: usize,
    /// What the shop's lines pay after stage 4.
    pub(crate) pay: Fen,
    /// Rebate used.
    pub(crate) rebate: Fen,
    /// The shop coupon used, if any.
    pub(crate) id: Option<&'a str>,
    /// See the module docs; 0 without a platform coupon.
    pub(crate) val: Fen,
}

impl Opt<'_> {
    fn count(&self) -> u32 {
        u32::from(self.id.is_some())
    }
}

/// The best combination found so far.
#[derive(Clone, Debug)]
pub(crate) struct Found<'a> {
    /// (payable before shipping, rebate, coupons used).
    pub(crate) key: (Fen, Fen, u32),
    /// Sorted ids of the coupons used.
    pub(crate) ids: Vec<&'a str>,
    /// Per shop, the chosen option's `index`.
    pub(crate) choice: Vec<usize>,
    /// The platform coupon used (the caller's index), if any.
    pub(crate) platform: Option<usize>,
}

impl<'a> Found<'a> {
    fn beats(&self, key: (Fen, Fen, u32), ids: &[&'a str]) -> bool {
        key < self.key || (key == self.key && ids < self.ids.as_slice())
    }
}

/// How the platform coupon's total follows from the shops' `val`s.
pub(crate) enum Platform<'f> {
    /// The total is the sum of the `val`s.
    Parallel,
    /// The total is `reduce(Σ val)` when `Σ val >= min`, else the coupon does not apply.
    Sequential {
        min: Fen,
        reduce: &'f dyn Fn(Fen) -> Fen,
    },
}

impl Platform<'_> {
    /// What the coupon takes when the `val`s sum to `v` (0: it does not apply).
    fn taken(&self, v: Fen) -> Fen {
        match self {
            Platform::Parallel => v,
            Platform::Sequential { min, reduce } => {
                if v >= *min {
                    reduce(v)
                } else {
                    0
                }
            }
        }
    }
}

/// The best choice with no platform coupon: every shop's own best, since the
/// shops do not interact. Ties in (pay, rebate, coupons) go to the smaller id,
/// which also gives the smallest sorted list of ids overall.
pub(crate) fn without_platform<'a>(shops: &[Vec<Opt<'a>>]) -> Found<'a> {
    let mut key = (0, 0, 0);
    let mut ids = Vec::new();
    let mut choice = Vec::with_capacity(shops.len());
    for opts in shops {
        let o = opts
            .iter()
            .min_by(|a, b| {
                (a.pay, a.rebate, a.count(), a.id).cmp(&(b.pay, b.rebate, b.count(), b.id))
            })
            .copied()
            .unwrap_or(Opt {
                index: 0,
                pay: 0,
                rebate: 0,
                id: None,
                val: 0,
            });
        key.0 += o.pay;
        key.1 += o.rebate;
        key.2 += o.count();
        ids.extend(o.id);
        choice.push(o.index);
    }
    ids.sort_unstable();
    Found {
        key,
        ids,
        choice,
        platform: None,
    }
}

/// Searches the combinations that use platform coupon `pid` (the caller's index
/// `p`), replacing `best` with any that beats it. Returns how many leaves it
/// reached (for tests of the pruning).
pub(crate) fn with_platform<'a>(
    shops: &[Vec<Opt<'a>>],
    p: usize,
    pid: &'a str,
    platform: &Platform<'_>,
    best: &mut Found<'a>,
) -> u64 {
    let parallel = matches!(platform, Platform::Parallel);
    // What counts for the bound: pay − val under parallel (val is taken off), pay under sequential.
    let net = |o: &Opt| if parallel { o.pay - o.val } else { o.pay };
    // Drop dominated options: another is no worse in every respect and better in one
    // (or equal in all and earlier in the tie order).
    let shops: Vec<Vec<Opt<'a>>> = shops
        .iter()
        .map(|opts| {
            let dominates = |a: &Opt, b: &Opt| {
                let helps = |o: &Opt| if parallel { o.val > 0 } else { true };
                let no_worse = net(a) <= net(b)
                    && a.val >= b.val
                    && a.rebate <= b.rebate
                    && a.count() <= b.count()
                    && (helps(a) || !helps(b));
                let tie_first =
                    (net(a), a.rebate, a.count(), a.id) < (net(b), b.rebate, b.count(), b.id);
                no_worse && tie_first
            };
            let mut kept: Vec<Opt<'a>> = opts
                .iter()
                .filter(|b| !opts.iter().any(|a| dominates(a, b)))
                .copied()
                .collect();
            kept.sort_by(|a, b| (net(a), a.rebate, a.id).cmp(&(net(b), b.rebate, b.id)));
            kept
        })
        .collect();
    let n = shops.len();
    // Suffix bounds over the shops still to choose.
    let mut rest_net = vec![0; n + 1];
    let mut rest_rebate = vec![0; n + 1];
    let mut rest_count = vec![0u32; n + 1];
    let mut rest_val = vec![0; n + 1];
    for s in (0..n).rev() {
        let o = &shops[s];
        rest_net[s] = rest_net[s + 1] + o.iter().map(net).min().unwrap_or(0);
        rest_rebate[s] = rest_rebate[s + 1] + o.iter().map(|o| o.rebate).min().unwrap_or(0);
        rest_count[s] = rest_count[s + 1] + o.iter().map(Opt::count).min().unwrap_or(0);
        rest_val[s] = rest_val[s + 1] + o.iter().map(|o| o.val).max().unwrap_or(0);
    }
    let mut search = Search {
        shops: &shops,
        platform,
        parallel,
        rest_net,
        rest_rebate,
        rest_count,
        rest_val,
        picked: Vec::with_capacity(n),
        leaves: 0,
        p,
        pid,
    };
    search.dfs(0, 0, 0, 0, 0, best);
    search.leaves
}

struct Search<'s, 'a, 'f> {
    shops: &'s [Vec<Opt<'a>>],
    platform: &'s Platform<'f>,
    parallel: bool,
    rest_net: Vec<Fen>,
    rest_rebate: Vec<Fen>,
    rest_count: Vec<u32>,
    rest_val: Vec<Fen>,
    picked: Vec<Opt<'a>>,
    leaves: u64,
    p: usize,
    pid: &'a str,
}

impl<'a> Search<'_, 'a, '_> {
    fn dfs(&mut self, s: usize, pay: Fen, rebate: Fen, count: u32, val: Fen, best: &mut Found<'a>) {
        if s == self.shops.len() {
            self.leaves += 1;
            let taken = self.platform.taken(val);
            if taken <= 0 {
                return; // the coupon does not apply: the same as choosing none
            }
            let key = (pay - taken, rebate, count + 1);
            if key > best.key {
                return;
            }
            let mut ids: Vec<&'a str> = self.picked.iter().filter_map(|o| o.id).collect();
            ids.push(self.pid);
            ids.sort_unstable();
            if best.beats(key, &ids) {
                *best = Found {
                    key,
                    ids,
                    choice: self.picked.iter().map(|o| o.index).collect(),
                    platform: Some(self.p),
                };
            }
            return;
        }
        // Lower bound on what any completion of this branch can reach.
        let val_ub = val + self.rest_val[s];
        let taken_ub = self.platform.taken(val_ub);
        if taken_ub <= 0 {
            return; // the coupon cannot apply in this branch
        }
        let pay_lb = if self.parallel {
            pay - val + self.rest_net[s]
        } else {
            pay + self.rest_net[s] - taken_ub
        };
        let lb = (
            pay_lb,
            rebate + self.rest_rebate[s],
            count + self.rest_count[s] + 1,
        );
        if lb > best.key {
            return;
        }
        for k in 0..self.shops[s].len() {
            let o = self.shops[s][k];
            self.picked.push(o);
            self.dfs(
                s + 1,
                pay + o.pay,
                rebate + o.rebate,
                count + o.count(),
                val + o.val,
                best,
            );
            self.picked.pop();
        }
    }
}
