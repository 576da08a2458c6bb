//! Stage 4: 店铺返利金 (reference: [`rebate` (stage 4)](crate::_documentation::reference#rebate-stage-4)) — per shop, the rebate program that lets
//! the customer spend the most of their credit on what stage 3 left; and the
//! credit earned on this order (累积返利).
//!
//! Programs with the same scope share one base: a shop's rebate scopes are
//! numbered when the engine is built, and each plan keeps one base per scope.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::ids::ShopIx;
use crate::model::PromotionType;
use crate::money::{self, Fen};

use super::state::{id_order, span, Amounts, CartIndex, Contender, Ledger, Plans, Pricing, Taken};
use super::why::Why;

/// Keeps the programs of shop `s` that can win (its contenders, in id order).
///
/// Program A beats program B at every base when both have the same scope (so
/// the same base), A's `min_amount` is not higher, its `max_ratio` not lower
/// and its id smaller: wherever B applies A does, lets the customer use at
/// least as much, and wins a tie. Only programs no other beats so are kept,
/// so the plans of stage 4 scan a handful of programs, not thousands.
pub(crate) fn prepare(p: &Pricing<'_>, ix: &CartIndex, plans: &mut Plans, s: ShopIx) {
    let cat = p.cat;
    let contenders = &mut plans.contenders;
    let start = contenders.len();
    for k in ix.looks_of(s, PromotionType::Rebate) {
        let look = &ix.looks[k];
        if !look.is_open() {
            continue;
        }
        let rule = &cat.rebates[look.rule as usize];
        contenders.push(Contender {
            look: k as u32,
            min: rule.min_amount,
            ratio: rule.max_ratio.ten_thousandths(),
            group: rule.group,
        });
    }
    let all = &mut contenders[start..];
    // By scope, then min_amount up, max_ratio down, id up: a program can only
    // be beaten by one before it.
    all.sort_unstable_by(|a, b| {
        (a.group, a.min, b.ratio, a.look).cmp(&(b.group, b.min, a.ratio, b.look))
    });
    let mut kept = start;
    let mut i = start;
    while i < contenders.len() {
        let group = contenders[i].group;
        // A program alone in its scope is beaten by none: kept without a
        // staircase (whose first node is an allocation, and its drop a free,
        // on every price of a cart whose shops run one program a scope).
        if contenders.get(i + 1).is_none_or(|c| c.group != group) {
            contenders[kept] = contenders[i];
            kept += 1;
            i += 1;
            continue;
        }
        // The programs kept so far in this scope, as a staircase: by max_ratio
        // up, their ids go up too (a higher ratio with a smaller id beats).
        let mut stairs: BTreeMap<u32, u32> = BTreeMap::new();
        while i < contenders.len() && contenders[i].group == group {
            let c = contenders[i];
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
            contenders[kept] = c;
            kept += 1;
        }
    }
    contenders.truncate(kept);
    contenders[start..].sort_unstable_by_key(|c| c.look);
    plans.contenders_of.push(start as u32..kept as u32);
}

/// The customer's credit at shop `s`.
fn balance(p: &Pricing<'_>, ix: &CartIndex, s: ShopIx) -> Fen {
    p.cart
        .customer
        .rebate_balances
        .get(ix.shop_name(p.cart, s))
        .map_or(0, |a| a.fen())
}

/// A rebate scope's base not measured yet (a base is never negative).
const NO_BASE: Fen = -1;

/// The winning program of a shop.
pub(crate) struct Winner {
    pub(crate) look: usize,
    /// The credit it lets the customer use.
    pub(crate) used: Fen,
    /// Its scope's base: the sum of what is left of its lines.
    pub(crate) base: Fen,
}

/// The winning program of shop `s` on what is left (`plans.left`), and the
/// base of each of the shop's rebate scopes (a range of `plans.bases`;
/// [`NO_BASE`] where no program needed it).
// Inlined into both callers (a plan of `best`, a shop of `as_given`): a
// call was ~22 instructions a plan (callgrind, `typical-best`).
#[inline(always)]
pub(crate) fn choose(
    p: &Pricing<'_>,
    ix: &CartIndex,
    plans: &mut Plans,
    s: ShopIx,
) -> (Option<Winner>, Range<u32>) {
    let cat = p.cat;
    let start = plans.bases.len() as u32;
    let Some(rules) = ix.rules(cat, s) else {
        return (None, start..start);
    };
    plans
        .bases
        .resize(plans.bases.len() + rules.rebate_groups.len(), NO_BASE);
    let balance = balance(p, ix, s);
    let mut best: Option<Winner> = None;
    for c in &plans.contenders[span(&plans.contenders_of[s.get()])] {
        let g = (start + c.group) as usize;
        if plans.bases[g] == NO_BASE {
            let left = &plans.left;
            plans.bases[g] = ix
                .lines_of(c.look as usize)
                .iter()
                .map(|&i| left[i.get()])
                .sum();
        }
        let base = plans.bases[g];
        if base < c.min || balance == 0 || !p.cart.use_rebate {
            continue;
        }
        let rule = &cat.rebates[ix.looks[c.look as usize].rule as usize];
        let cap = money::ratio_floor(base, rule.max_ratio);
        if cap == 0 {
            continue;
        }
        let used = cap.min(balance);
        if best.as_ref().is_none_or(|b| used > b.used) {
            best = Some(Winner {
                look: c.look as usize,
                used,
                base,
            });
        }
    }
    (best, start..plans.bases.len() as u32)
}

/// Splits the winner's credit over its lines by what is left of them, and
/// takes it off (`plans.left`).
#[inline(always)] // as `choose`
pub(crate) fn allocate(
    p: &Pricing<'_>,
    ix: &CartIndex,
    plans: &mut Plans,
    weights: &mut Vec<Fen>,
    w: &Winner,
) -> Taken {
    let lines = ix.lines_of(w.look);
    weights.clear();
    weights.extend(lines.iter().map(|&i| plans.left[i.get()]));
    let start = plans.shares.len();
    plans.shares.resize(start + weights.len(), 0);
    money::allocate_summed(
        w.used,
        w.base,
        weights,
        &mut plans.shares[start..],
        id_order(p.cart, lines),
    );
    for (&i, &share) in lines.iter().zip(&plans.shares[start..]) {
        plans.left[i.get()] -= share;
    }
    Taken {
        look: w.look as u32,
        shares: start as u32..plans.shares.len() as u32,
        amount: w.used,
    }
}

/// Why each program of shop `s` other than the winner was not used, given
/// the plan's rebate scope bases (every scope with a program that passed its
/// gate has one: each such scope has a contender).
#[inline(always)] // as `choose` (out of line: +140 a price of `typical-best`)
pub(crate) fn explain(
    p: &Pricing<'_>,
    ix: &CartIndex,
    bases: &[Fen],
    ledger: &mut Ledger,
    s: ShopIx,
    winner: Option<usize>,
) {
    let cat = p.cat;
    let balance = balance(p, ix, s);
    let winner_promo = winner.map(|k| ix.looks[k].promo);
    for k in ix.looks_of(s, PromotionType::Rebate) {
        let look = &ix.looks[k];
        let promo = look.promo;
        let why = if let Some(why) = look.closed() {
            why
        } else {
            let rule = &cat.rebates[look.rule as usize];
            let base = bases[rule.group as usize];
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
        ledger.note(promo, why);
    }
}

/// 累积返利, a step of its own after stage 5: per shop, the largest
/// `floor(P × earn_ratio)` over the shop's programs in their window and
/// audience, where `P` is what the program's lines pay.
pub(crate) fn earn(p: &Pricing<'_>, ix: &CartIndex, amounts: &Amounts, ledger: &mut Ledger) {
    let cat = p.cat;
    for s in ix.shop_ixs() {
        let mut best = 0;
        for k in ix.looks_of(s, PromotionType::Rebate) {
            let look = &ix.looks[k];
            let Some(r) = cat.rebates[look.rule as usize].earn_ratio else {
                continue;
            };
            if look.gate.is_some() {
                continue;
            }
            let pay: Fen = ix.lines_of(k).iter().map(|&i| amounts.paid[i.get()]).sum();
            best = best.max(money::ratio_floor(pay, r));
        }
        ledger.rebate_earned.push(best);
    }
}
