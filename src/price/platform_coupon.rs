//! Stage 5: 平台优惠券 (reference: [`shop_coupon` and `platform_coupon`](crate::_documentation::reference#shop_coupon-stage-3-and-platform_coupon-stage-5)) — one held platform coupon for the whole
//! cart, its base spanning every shop in its scope.

use crate::limits;
use crate::money::{self, Fen};
use crate::rules::compiled::{CouponOff, CouponRule};

use super::coupon;
use super::explain::Why;
use super::search::{self, Exhausted, Found, Opt};
use super::state::{id_order, span, Pricing, Taken};

/// Takes the platform coupon of look `k` on what stage 4 left; appends its shares.
fn take(p: &mut Pricing<'_>, k: usize) -> Result<Taken, Why> {
    let cat = p.cat;
    let w = &mut *p.w;
    let look = &w.looks[k];
    let rule = &cat.platform_coupons[look.rule as usize];
    let base = if p.parallel {
        &w.reference
    } else {
        &w.after_rebate
    };
    let start = w.shares.len() as u32;
    let amount = coupon::take(
        rule,
        p.cart,
        &w.pool[span(&look.lines)],
        base,
        &w.after_rebate,
        p.rounding,
        &mut w.weights,
        &mut w.shares,
    )?;
    Ok(Taken {
        look: k as u32,
        shares: start..w.shares.len() as u32,
        amount,
    })
}

/// Records the coupon used (if any) and what every line pays.
fn apply(p: &mut Pricing<'_>, t: Option<&Taken>) {
    let w = &mut *p.w;
    w.paid.clear();
    w.paid.extend_from_slice(&w.after_rebate);
    let Some(t) = t else { return };
    let look = &w.looks[t.look as usize];
    for (j, &i) in w.pool[span(&look.lines)].iter().enumerate() {
        let share = w.shares[t.shares.start as usize + j];
        w.paid[i.get()] -= share;
        w.ledger.share(i, look.promo, share);
    }
    w.ledger.applied(look.promo, None, t.amount);
}

/// `"as_given"`: of the held platform coupons that apply, the one that takes
/// most (ties: the smaller id); the others are outranked.
pub(crate) fn as_given(p: &mut Pricing<'_>) {
    let mut best: Option<Taken> = None;
    p.w.losers.clear();
    for k in span(&p.w.platform_looks) {
        let look = &p.w.looks[k];
        let promo = look.promo;
        if let Some(why) = &look.gate {
            let why = why.clone();
            p.w.ledger.note(promo, why);
            continue;
        }
        if look.lines.is_empty() {
            p.w.ledger.note(promo, Why::OutOfScope);
            continue;
        }
        match take(p, k) {
            Err(why) => p.w.ledger.note(promo, why),
            Ok(t) => match &best {
                Some(b) if t.amount <= b.amount => p.w.losers.push(t.look),
                _ => {
                    if let Some(old) = best.replace(t) {
                        p.w.losers.push(old.look);
                    }
                }
            },
        }
    }
    if let Some(b) = &best {
        let winner = p.w.looks[b.look as usize].promo;
        for j in 0..p.w.losers.len() {
            let l = p.w.looks[p.w.losers[j] as usize].promo;
            p.w.ledger.note(l, Why::CouponOutranked(winner));
        }
    }
    apply(p, best.as_ref());
}

/// A held platform coupon that `best` searched with: its look, its row of
/// `val`s (one per plan, in `p.w.vals`), and under `parallel` its shares.
pub(crate) struct Candidate {
    look: usize,
    row: usize,
    shares: std::ops::Range<u32>,
}

/// The base from which a coupon's reduction stops growing: more base is
/// worth nothing to it (the search caps bases there).
fn saturation(rule: &CouponRule, rounding: money::Rounding) -> Fen {
    let sat = match rule.off {
        CouponOff::Amount(a) => a,
        CouponOff::Fold(_, None) => return Fen::MAX,
        CouponOff::Fold(f, Some(max)) => {
            // fold_reduction is non-decreasing and takes at least 0.1 % of the base.
            let (mut lo, mut hi) = (0, max.saturating_mul(1000).saturating_add(1000));
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if money::fold_reduction(mid, f, rounding) >= max {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            lo
        }
    };
    sat.max(rule.min_amount)
}

/// `"best"`: for every held platform coupon that can apply, the best
/// combination of shop plans with it, replacing `found` when it ranks
/// before. `opts` sums up every plan; `shops` are the plans of each shop.
pub(crate) fn search(
    p: &mut Pricing<'_>,
    opts: &mut [Opt],
    shops: &[std::ops::Range<u32>],
    found: &mut Found,
) -> Result<Vec<Candidate>, Exhausted> {
    let cat = p.cat;
    let nplans = p.w.plans.len();
    let mut cands = Vec::new();
    let mut budget = limits::MAX_SEARCH_STATES;
    for k in span(&p.w.platform_looks) {
        let look = &p.w.looks[k];
        let promo = look.promo;
        if let Some(why) = &look.gate {
            let why = why.clone();
            p.w.ledger.note(promo, why);
            continue;
        }
        if look.lines.is_empty() {
            p.w.ledger.note(promo, Why::OutOfScope);
            continue;
        }
        let rule = &cat.platform_coupons[look.rule as usize];
        let lines = span(&look.lines);
        let row = p.w.vals.len();
        p.w.vals.resize(row + nplans, 0);
        let mut shares = 0..0;
        let w = &mut *p.w;
        if p.parallel {
            // The reduction and its shares are fixed by the reference amounts.
            w.weights.clear();
            w.weights
                .extend(w.pool[lines.clone()].iter().map(|&i| w.reference[i.get()]));
            let base: Fen = w.weights.iter().sum();
            if base < rule.min_amount {
                w.vals.truncate(row);
                w.ledger.note(
                    promo,
                    Why::BelowMin {
                        base,
                        min: rule.min_amount,
                    },
                );
                continue;
            }
            let red = coupon::reduction(rule.off, base, p.rounding);
            if red == 0 {
                w.vals.truncate(row);
                w.ledger.note(promo, Why::TakesNothing { base });
                continue;
            }
            let start = w.shares.len();
            w.shares.resize(start + w.weights.len(), 0);
            money::allocate(
                red,
                &w.weights,
                &mut w.shares[start..],
                id_order(p.cart, &w.pool[lines.clone()]),
            );
            shares = start as u32..w.shares.len() as u32;
            // What it can take from each plan's lines.
            for (j, &i) in w.pool[lines].iter().enumerate() {
                let share = w.shares[start + j];
                let s = w.lines[i.get()].shop.get();
                for o in span(&w.options[s]) {
                    let left = w.run4[w.plans[o].run4.start as usize + w.pos[i.get()] as usize];
                    w.vals[row + o] += share.min(left);
                }
            }
        } else {
            // The shop's part of the base, under each plan.
            for &i in &w.pool[lines] {
                let s = w.lines[i.get()].shop.get();
                for o in span(&w.options[s]) {
                    w.vals[row + o] +=
                        w.run4[w.plans[o].run4.start as usize + w.pos[i.get()] as usize];
                }
            }
        }
        for (o, opt) in opts.iter_mut().enumerate() {
            opt.val = w.vals[row + o];
        }
        let pick = cands.len() as u32;
        let better = if p.parallel {
            search::parallel(opts, shops, pick, rule.rank)
        } else {
            let rounding = p.rounding;
            let off = rule.off;
            let reduce = move |b: Fen| coupon::reduction(off, b, rounding);
            let pf = search::Sequential {
                min: rule.min_amount,
                cap: saturation(rule, rounding),
                reduce: &reduce,
            };
            search::sequential(opts, shops, &pf, pick, rule.rank, found, &mut budget)?
        };
        if let Some(f) = better {
            if f.beats(found) {
                *found = f;
            }
        }
        cands.push(Candidate {
            look: k,
            row,
            shares,
        });
    }
    Ok(cands)
}

/// After `best` chose: records the platform coupon used, and why each other
/// candidate was not, from the `val`s of the plans chosen (no coupon is
/// priced again).
pub(crate) fn finish(p: &mut Pricing<'_>, cands: &[Candidate], chosen: Option<u32>) {
    let cat = p.cat;
    let winner = chosen.map(|c| p.w.looks[cands[c as usize].look].promo);
    let mut used: Option<Taken> = None;
    for (c, cand) in cands.iter().enumerate() {
        let look = p.w.looks[cand.look].clone();
        let promo = look.promo;
        let rule = &cat.platform_coupons[look.rule as usize];
        let on_chosen: Fen =
            p.w.chosen
                .iter()
                .map(|&o| p.w.vals[cand.row + o as usize])
                .sum();
        if Some(c as u32) == chosen {
            used = Some(if p.parallel {
                // Its fixed shares, each cut to what the chosen plans left.
                let w = &mut *p.w;
                let start = w.shares.len();
                for (j, &i) in w.pool[span(&look.lines)].iter().enumerate() {
                    let share = w.shares[cand.shares.start as usize + j];
                    w.shares.push(share.min(w.after_rebate[i.get()]));
                }
                Taken {
                    look: cand.look as u32,
                    shares: start as u32..w.shares.len() as u32,
                    amount: on_chosen,
                }
            } else {
                let t = take(p, cand.look);
                debug_assert!(t.is_ok(), "the search chose a coupon that applies");
                let Ok(t) = t else { continue };
                t
            });
            continue;
        }
        let why = if p.parallel {
            if on_chosen == 0 {
                Why::NothingLeft
            } else {
                Why::NotChosen(winner)
            }
        } else if on_chosen < rule.min_amount {
            Why::BelowMin {
                base: on_chosen,
                min: rule.min_amount,
            }
        } else if coupon::reduction(rule.off, on_chosen, p.rounding) == 0 {
            Why::TakesNothing { base: on_chosen }
        } else {
            Why::NotChosen(winner)
        };
        p.w.ledger.note(promo, why);
    }
    apply(p, used.as_ref());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::PromoId;
    use crate::money::{Fold, Rounding};
    use crate::rules::compiled::CouponOff;

    fn rule(off: CouponOff, min_amount: Fen) -> CouponRule {
        CouponRule {
            promo: PromoId::new(0),
            min_amount,
            off,
            rank: 0,
        }
    }

    #[test]
    fn a_coupon_saturates_where_more_base_takes_no_more_off() {
        let nine: Fold = "9".parse().unwrap();
        let capped = CouponOff::Fold(nine, Some(500));
        // 9折 up to 5.00: the reduction is a − round(0.9 a). Half up: at
        // 49.95, 0.9 a = 44.955 → 44.96, 4.99 off; at 49.96 → 44.96, 5.00.
        assert_eq!(saturation(&rule(capped, 0), Rounding::HalfUp), 4996);
        // Rounding the price down, the reduction is ceil(0.1 a): 5.00 from
        // 49.91 on (49.90 gives 4.99).
        assert_eq!(saturation(&rule(capped, 0), Rounding::Down), 4991);
        // Never below the coupon's minimum, which any base must reach.
        assert_eq!(saturation(&rule(capped, 6000), Rounding::HalfUp), 6000);
        // An amount off is whole from its amount on (or the minimum).
        assert_eq!(
            saturation(&rule(CouponOff::Amount(300), 0), Rounding::HalfUp),
            300
        );
        assert_eq!(
            saturation(&rule(CouponOff::Amount(300), 1000), Rounding::HalfUp),
            1000
        );
        // A fold without a most never stops growing.
        assert_eq!(
            saturation(&rule(CouponOff::Fold(nine, None), 0), Rounding::HalfUp),
            Fen::MAX
        );
    }
}
