//! Stage 3, 店铺优惠券, and what a coupon takes, shared with the platform
//! coupons of stage 5 (reference: [`shop_coupon` and `platform_coupon`](crate::_documentation::reference#shop_coupon-stage-3-and-platform_coupon-stage-5)): its base, its `min_amount`, its
//! reduction, the split over its lines and the parallel cut; and `as_given`'s
//! choice of one coupon of a shop, or of the platform ([`pick`]).

use std::ops::Range;

use crate::ids::LineIx;
use crate::model::{Cart, Stage};
use crate::money::{self, Fen, Rounding};
use crate::rules::compiled::{CouponOff, CouponRule};

use super::contest::{self, Contest};
use super::state::{id_order, Amounts, CartIndex, Ledger, LookSums, Pricing, Scratch, Taken};
use super::why::Why;

/// The reduction a coupon's terms give on `base` (never more than `base`).
pub(crate) fn reduction(off: CouponOff, base: Fen, rounding: Rounding) -> Fen {
    match off {
        CouponOff::Amount(a) => a.min(base),
        CouponOff::Fold(f, max) => {
            money::fold_reduction(base, f, rounding).min(max.unwrap_or(Fen::MAX))
        }
    }
}

/// A coupon on its `lines`: tested and computed on `sum`, the sum of its
/// lines' base amounts `weights` (per line: the reference amounts under
/// `parallel`, what is left under `sequential`), split over the lines by
/// those amounts, each share cut to what the line has `left`.
///
/// Appends one share per line to `shares` and returns the sum taken; on an
/// error nothing is appended.
#[allow(clippy::too_many_arguments)]
fn take(
    rule: &CouponRule,
    cart: &Cart,
    lines: &[LineIx],
    weights: &[Fen],
    sum: Fen,
    left: &[Fen],
    rounding: Rounding,
    shares: &mut Vec<Fen>,
) -> Result<Fen, Why> {
    if sum < rule.min_amount {
        return Err(Why::BelowMin {
            base: sum,
            min: rule.min_amount,
        });
    }
    let red = reduction(rule.off, sum, rounding);
    if red == 0 {
        return Err(Why::TakesNothing { base: sum });
    }
    let start = shares.len();
    shares.resize(start + lines.len(), 0);
    money::allocate_summed(
        red,
        sum,
        weights,
        &mut shares[start..],
        id_order(cart, lines),
    );
    let mut taken = 0;
    for (s, &i) in shares[start..].iter_mut().zip(lines) {
        *s = (*s).min(left[i.get()]);
        taken += *s;
    }
    if taken == 0 {
        shares.truncate(start);
        return Err(Why::NothingLeft);
    }
    Ok(taken)
}

/// The rule of a coupon look of `stage` (a shop or a platform coupon).
pub(crate) fn rule<'c>(p: &Pricing<'c>, stage: Stage, rule: u32) -> &'c CouponRule {
    if stage == Stage::ShopCoupon {
        &p.cat.shop_coupons[rule as usize]
    } else {
        &p.cat.platform_coupons[rule as usize]
    }
}

/// Takes the coupon of look `k` (of `stage`) on its base
/// ([`Amounts::base`]), each share cut to what its line has `left`; appends
/// its shares to `shares`, and the base it summed to `bases` (for the hints:
/// every call is on the stage's final base amounts).
#[allow(clippy::too_many_arguments)]
pub(crate) fn take_look(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &Amounts,
    stage: Stage,
    k: usize,
    left: &[Fen],
    weights: &mut Vec<Fen>,
    shares: &mut Vec<Fen>,
    bases: &mut Vec<LookSums>,
) -> Result<Taken, Why> {
    let look = &ix.looks[k];
    let lines = ix.lines_of(k);
    let base = amounts.base(stage);
    weights.clear();
    weights.extend(lines.iter().map(|&i| base[i.get()]));
    let sum: Fen = weights.iter().sum();
    bases.push(LookSums {
        look: k as u32,
        base: sum,
        units: 0,
    });
    let start = shares.len() as u32;
    let amount = take(
        rule(p, stage, look.rule),
        p.cart,
        lines,
        weights,
        sum,
        left,
        p.rounding,
        shares,
    )?;
    Ok(Taken {
        look: k as u32,
        shares: start..shares.len() as u32,
        amount,
    })
}

/// Of the coupon looks `looks` of `stage` (in id order), the one that takes
/// most, each taken on its own (a tie: the smaller id); the others are noted
/// with why (closed, does not apply, or outranked). Its shares are appended
/// to `shares`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn pick(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &Amounts,
    stage: Stage,
    looks: Range<usize>,
    left: &[Fen],
    shares: &mut Vec<Fen>,
    scratch: &mut Scratch,
    ledger: &mut Ledger,
) -> Option<Taken> {
    let mut contest = Contest::new(&mut scratch.outranked);
    for k in looks {
        let look = &ix.looks[k];
        if !contest::open(look, ledger) {
            continue;
        }
        let (weights, bases) = (&mut scratch.weights, &mut scratch.coupon_bases);
        match take_look(p, ix, amounts, stage, k, left, weights, shares, bases) {
            Ok(t) => contest.enter(k as u32, t.amount, t),
            Err(why) => ledger.note(look.promo, why),
        }
    }
    contest.finish(&ix.looks, ledger, Why::CouponOutranked)
}
