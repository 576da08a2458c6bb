//! Stage 4: 店铺返利金 (reference: [`rebate` (stage 4)](crate::_documentation::reference#rebate-stage-4)) — per shop, the rebate program that lets
//! the customer spend the most of their credit on what stage 3 left; and the
//! credit earned on this order (累积返利).
//!
//! Programs with the same scope share one base: a shop's rebate scopes are
//! numbered when the engine is built, and each plan keeps one base per scope.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::ids::ShopIx;
use crate::money::{self, Fen};

use super::explain::Why;
use super::state::{id_order, span, Kind, Pricing, Taken};

/// A rebate program that may win for this cart: in its window and audience,
/// with lines in scope, and not beaten at every base by another program of
/// the same scope.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Contender {
    look: u32,
    min: Fen,
    ratio: u32,
    group: u32,
}

/// Keeps the programs of shop `s` that can win (its contenders, in id order).
///
/// Program A beats program B at every base when both have the same scope (so
/// the same base), A's `min_amount` is not higher, its `max_ratio` not lower
/// and its id smaller: wherever B applies A does, lets the customer use at
/// least as much, and wins a tie. Only programs no other beats so are kept,
/// so the plans of stage 4 scan a handful of programs, not thousands.
pub(crate) fn prepare(p: &mut Pricing<'_>, s: usize) {
    let cat = p.cat;
    let start = p.w.contenders.len();
    for k in p.looks(s, Kind::Rebate) {
        let look = &p.w.looks[k];
        if look.gate.is_some() || look.lines.is_empty() {
            continue;
        }
        let rule = &cat.rebates[look.rule as usize];
        p.w.contenders.push(Contender {
            look: k as u32,
            min: rule.min_amount,
            ratio: rule.max_ratio.ten_thousandths(),
            group: rule.group,
        });
    }
    let all = &mut p.w.contenders[start..];
    // By scope, then min_amount up, max_ratio down, id up: a program can only
    // be beaten by one before it.
    all.sort_unstable_by(|a, b| {
        (a.group, a.min, b.ratio, a.look).cmp(&(b.group, b.min, a.ratio, b.look))
    });
    let mut kept = start;
    let mut i = start;
    while i < p.w.contenders.len() {
        let group = p.w.contenders[i].group;
        // The programs kept so far in this scope, as a staircase: by max_ratio
        // up, their ids go up too (a higher ratio with a smaller id beats).
        let mut stairs: BTreeMap<u32, u32> = BTreeMap::new();
        while i < p.w.contenders.len() && p.w.contenders[i].group == group {
            let c = p.w.contenders[i];
            i += 1;
            let beaten = stairs
                .range(c.ratio..)
                .next()
                .is_some_and(|(_, &look)| look < c.look);
            if beaten {
                continue;
            }
            let gone: Vec<u32> = stairs
                .range(..=c.ratio)
                .rev()
                .take_while(|(_, &look)| look > c.look)
                .map(|(&r, _)| r)
                .collect();
            for r in gone {
                stairs.remove(&r);
            }
            stairs.insert(c.ratio, c.look);
            p.w.contenders[kept] = c;
            kept += 1;
        }
    }
    p.w.contenders.truncate(kept);
    p.w.contenders[start..].sort_unstable_by_key(|c| c.look);
    p.w.shops[s].contenders = start as u32..kept as u32;
}

/// The customer's credit at shop `s`.
fn balance(p: &Pricing<'_>, s: usize) -> Fen {
    p.cart
        .customer
        .rebate_balances
        .get(p.shop_name(s))
        .map_or(0, |a| a.fen())
}

/// A rebate scope's base not measured yet (a base is never negative).
const NO_BASE: Fen = -1;

/// The winning program of shop `s` on what is left (`p.w.left`) — its look
/// and the credit it lets the customer use — and the base of each of the
/// shop's rebate scopes (a range of `p.w.bases`; [`NO_BASE`] where no program needed it).
pub(crate) fn choose(p: &mut Pricing<'_>, s: usize) -> (Option<(usize, Fen)>, Range<u32>) {
    let cat = p.cat;
    let start = p.w.bases.len() as u32;
    let Some(rules) = p.rules(s) else {
        return (None, start..start);
    };
    p.w.bases
        .resize(p.w.bases.len() + rules.rebate_groups.len(), NO_BASE);
    let balance = balance(p, s);
    let mut best: Option<(usize, Fen)> = None;
    let w = &mut *p.w;
    for c in &w.contenders[span(&w.shops[s].contenders)] {
        let g = (start + c.group) as usize;
        if w.bases[g] == NO_BASE {
            let lines = span(&w.looks[c.look as usize].lines);
            w.bases[g] = w.pool[lines].iter().map(|&i| w.left[i.get()]).sum();
        }
        let base = w.bases[g];
        if base < c.min || balance == 0 || !p.cart.use_rebate {
            continue;
        }
        let rule = &cat.rebates[w.looks[c.look as usize].rule as usize];
        let cap = money::ratio_floor(base, rule.max_ratio);
        if cap == 0 {
            continue;
        }
        let used = cap.min(balance);
        if best.is_none_or(|b| used > b.1) {
            best = Some((c.look as usize, used));
        }
    }
    (best, start..w.bases.len() as u32)
}

/// Splits the winner's `used` credit over its lines by what is left of them,
/// and takes it off (`p.w.left`).
pub(crate) fn allocate(p: &mut Pricing<'_>, k: usize, used: Fen) -> Taken {
    let w = &mut *p.w;
    let lines = span(&w.looks[k].lines);
    w.weights.clear();
    w.weights
        .extend(w.pool[lines.clone()].iter().map(|&i| w.left[i.get()]));
    let start = w.shares.len();
    w.shares.resize(start + w.weights.len(), 0);
    money::allocate(
        used,
        &w.weights,
        &mut w.shares[start..],
        id_order(p.cart, &w.pool[lines.clone()]),
    );
    for (j, &i) in w.pool[lines].iter().enumerate() {
        w.left[i.get()] -= w.shares[start + j];
    }
    Taken {
        look: k as u32,
        shares: start as u32..w.shares.len() as u32,
        amount: used,
    }
}

/// Why each program of shop `s` other than the winner was not used, given
/// the plan's rebate scope bases (every scope with a program that passed its
/// gate has one: each such scope has a contender).
pub(crate) fn explain(p: &mut Pricing<'_>, s: usize, bases: &Range<u32>, winner: Option<usize>) {
    let cat = p.cat;
    let balance = balance(p, s);
    let winner_promo = winner.map(|k| p.w.looks[k].promo);
    for k in p.looks(s, Kind::Rebate) {
        let look = &p.w.looks[k];
        let promo = look.promo;
        let why = if let Some(g) = &look.gate {
            g.clone()
        } else if look.lines.is_empty() {
            Why::OutOfScope
        } else {
            let rule = &cat.rebates[look.rule as usize];
            let base = p.w.bases[(bases.start + rule.group) as usize];
            let cap = money::ratio_floor(base, rule.max_ratio);
            if base < rule.min_amount {
                Why::BelowMin {
                    base,
                    min: rule.min_amount,
                }
            } else if balance == 0 {
                Why::NoBalance
            } else if cap == 0 {
                Why::LessThanAFen {
                    ratio: rule.max_ratio,
                    base,
                }
            } else if !p.cart.use_rebate {
                Why::Declined
            } else if Some(k) == winner {
                continue;
            } else {
                match winner_promo {
                    Some(w) => Why::RebateOutranked(w),
                    None => continue,
                }
            }
        };
        p.w.ledger.note(promo, why);
    }
}

/// 累积返利: the largest `floor(P × earn_ratio)` over the shop's programs in
/// their window and audience, where `P` is what the program's lines pay.
pub(crate) fn earned(p: &Pricing<'_>, s: usize) -> Fen {
    let cat = p.cat;
    let mut best = 0;
    for k in p.looks(s, Kind::Rebate) {
        let look = &p.w.looks[k];
        let Some(r) = cat.rebates[look.rule as usize].earn_ratio else {
            continue;
        };
        if look.gate.is_some() {
            continue;
        }
        let pay: Fen = p.w.pool[span(&look.lines)]
            .iter()
            .map(|&i| p.w.paid[i.get()])
            .sum();
        best = best.max(money::ratio_floor(pay, r));
    }
    best
}

/// Records a plan's rebate in the ledger.
pub(crate) fn record(p: &mut Pricing<'_>, s: usize, t: &Taken) {
    let w = &mut *p.w;
    let look = &w.looks[t.look as usize];
    for (j, &i) in w.pool[span(&look.lines)].iter().enumerate() {
        w.ledger
            .share(i, look.promo, w.shares[t.shares.start as usize + j]);
    }
    w.ledger.applied(look.promo, Some(ShopIx::new(s)), t.amount);
    w.ledger.rebate_used[s] = t.amount;
}
