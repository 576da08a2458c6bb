//! Stage 5: 平台优惠券 (reference: [`shop_coupon` and `platform_coupon`](crate::_documentation::reference#shop_coupon-stage-3-and-platform_coupon-stage-5)) — one held platform coupon for the whole
//! cart, its base spanning every shop in its scope.

use crate::limits;
use crate::model::Stage;
use crate::money::{self, Fen};
use crate::rules::compiled::{CouponOff, CouponRule};

use super::contest;
use super::coupon;
use super::coupon_search::{self, Exhausted, Found, Opt};
use super::state::{
    id_order, span, Amounts, Candidate, CartIndex, Ledger, Plans, Pricing, Scratch, Taken,
};
use super::why::Why;

/// Records the coupon used (if any) and what every line pays.
fn apply(
    ix: &CartIndex,
    amounts: &mut Amounts,
    shares: &[Fen],
    t: Option<&Taken>,
    ledger: &mut Ledger,
) {
    amounts.paid.clear();
    amounts.paid.extend_from_slice(&amounts.after_rebate);
    let Some(t) = t else { return };
    let lines = ix.lines_of(t.look as usize);
    let shares = &shares[span(&t.shares)];
    for (&i, &share) in lines.iter().zip(shares) {
        amounts.paid[i.get()] -= share;
    }
    ledger.taken(
        ix.looks[t.look as usize].promo,
        None,
        lines,
        shares,
        t.amount,
    );
}

/// `"as_given"`: of the held platform coupons that apply, the one that takes
/// most (ties: the smaller id); the others are outranked.
pub(crate) fn as_given(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &mut Amounts,
    plans: &mut Plans,
    scratch: &mut Scratch,
    ledger: &mut Ledger,
) {
    let used = coupon::pick(
        p,
        ix,
        amounts,
        Stage::PlatformCoupon,
        ix.platform_looks(),
        &amounts.after_rebate,
        &mut plans.shares,
        scratch,
        ledger,
    );
    apply(ix, amounts, &plans.shares, used.as_ref(), ledger);
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
/// before. `opts` sums up every plan.
#[allow(clippy::too_many_arguments)]
pub(crate) fn search(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &Amounts,
    plans: &mut Plans,
    scratch: &mut Scratch,
    ledger: &mut Ledger,
    opts: &mut [Opt],
    found: &mut Found,
    cands: &mut Vec<Candidate>,
) -> Result<(), Exhausted> {
    let cat = p.cat;
    let nplans = plans.plans.len();
    cands.clear();
    let mut budget = limits::MAX_SEARCH_STATES;
    let on = amounts.base(Stage::PlatformCoupon);
    for k in ix.platform_looks() {
        let look = &ix.looks[k];
        let promo = look.promo;
        if !contest::open(look, ledger) {
            continue;
        }
        let rule = &cat.platform_coupons[look.rule as usize];
        let lines = ix.lines_of(k);
        let row = plans.vals.len();
        plans.vals.resize(row + nplans, 0);
        let mut shares = 0..0;
        if p.parallel {
            // The reduction and its shares are fixed by the reference amounts.
            let weights = &mut scratch.weights;
            weights.clear();
            weights.extend(lines.iter().map(|&i| on[i.get()]));
            let base: Fen = weights.iter().sum();
            if base < rule.min_amount {
                plans.vals.truncate(row);
                ledger.note(
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
                plans.vals.truncate(row);
                ledger.note(promo, Why::TakesNothing { base });
                continue;
            }
            let start = plans.shares.len();
            plans.shares.resize(start + weights.len(), 0);
            money::allocate_summed(
                red,
                base,
                weights,
                &mut plans.shares[start..],
                id_order(p.cart, lines),
            );
            shares = start as u32..plans.shares.len() as u32;
            // What it can take from each plan's lines.
            for (&i, &share) in lines.iter().zip(&plans.shares[start..]) {
                let s = ix.lines[i.get()].shop.get();
                for o in span(&plans.options[s]) {
                    let left =
                        plans.run4[plans.plans[o].run4.start as usize + ix.pos[i.get()] as usize];
                    plans.vals[row + o] += share.min(left);
                }
            }
        } else {
            // The shop's part of the base, under each plan.
            for &i in lines {
                let s = ix.lines[i.get()].shop.get();
                for o in span(&plans.options[s]) {
                    plans.vals[row + o] +=
                        plans.run4[plans.plans[o].run4.start as usize + ix.pos[i.get()] as usize];
                }
            }
        }
        for (o, opt) in opts.iter_mut().enumerate() {
            opt.val = plans.vals[row + o];
        }
        let pick = cands.len() as u32;
        let shops = &plans.options;
        if p.parallel {
            // Written into the spare `Found` (no allocation), swapped in when better.
            let spare = &mut plans.spare;
            if coupon_search::parallel(opts, shops, pick, rule.rank, spare) && spare.beats(found) {
                std::mem::swap(found, spare);
            }
        } else {
            let rounding = p.rounding;
            let off = rule.off;
            let reduce = move |b: Fen| coupon::reduction(off, b, rounding);
            let pf = coupon_search::Sequential {
                min: rule.min_amount,
                cap: saturation(rule, rounding),
                reduce: &reduce,
            };
            let better =
                coupon_search::sequential(opts, shops, &pf, pick, rule.rank, found, &mut budget)?;
            if let Some(f) = better.filter(|f| f.beats(found)) {
                *found = f;
            }
        }
        cands.push(Candidate {
            look: k,
            row,
            shares,
        });
    }
    Ok(())
}

/// After `best` chose: records the platform coupon used, and why each other
/// candidate was not, from the `val`s of the plans chosen (no coupon is
/// priced again).
#[allow(clippy::too_many_arguments)]
pub(crate) fn finish(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &mut Amounts,
    plans: &mut Plans,
    scratch: &mut Scratch,
    ledger: &mut Ledger,
    cands: &[Candidate],
    chosen: Option<u32>,
) {
    let cat = p.cat;
    let winner = chosen.map(|c| ix.looks[cands[c as usize].look].promo);
    let mut used: Option<Taken> = None;
    for (c, cand) in cands.iter().enumerate() {
        let look = &ix.looks[cand.look];
        let rule = &cat.platform_coupons[look.rule as usize];
        let on_chosen: Fen = plans
            .chosen
            .iter()
            .map(|&o| plans.vals[cand.row + o as usize])
            .sum();
        if Some(c as u32) == chosen {
            used = Some(if p.parallel {
                // Its fixed shares, each cut to what the chosen plans left.
                let start = plans.shares.len();
                for (j, &i) in ix.lines_of(cand.look).iter().enumerate() {
                    let share = plans.shares[cand.shares.start as usize + j];
                    plans.shares.push(share.min(amounts.after_rebate[i.get()]));
                }
                Taken {
                    look: cand.look as u32,
                    shares: start as u32..plans.shares.len() as u32,
                    amount: on_chosen,
                }
            } else {
                let t = coupon::take_look(
                    p,
                    ix,
                    amounts,
                    Stage::PlatformCoupon,
                    cand.look,
                    &amounts.after_rebate,
                    &mut scratch.weights,
                    &mut plans.shares,
                    &mut scratch.coupon_bases,
                );
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
        ledger.note(look.promo, why);
    }
    apply(ix, amounts, &plans.shares, used.as_ref(), ledger);
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
