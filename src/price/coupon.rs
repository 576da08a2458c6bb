//! What a coupon takes (reference: [`shop_coupon` and `platform_coupon`](crate::_documentation::reference#shop_coupon-stage-3-and-platform_coupon-stage-5)), shared by the shop coupons
//! of stage 3 and the platform coupons of stage 5: its base, its `min_amount`,
//! its reduction, the split over its lines and the parallel cut.

use crate::ids::LineIx;
use crate::money::{self, Fen, Rounding};
use crate::rules::compiled::{CouponOff, CouponRule};

use super::explain::Why;
use super::state::id_order;
use crate::model::Cart;

/// The reduction a coupon's terms give on `base` (never more than `base`).
pub(crate) fn reduction(off: CouponOff, base: Fen, rounding: Rounding) -> Fen {
    match off {
        CouponOff::Amount(a) => a.min(base),
        CouponOff::Fold(f, max) => {
            money::fold_reduction(base, f, rounding).min(max.unwrap_or(Fen::MAX))
        }
    }
}

/// A coupon on its `lines`: tested and computed on `base` (per line: the
/// reference amounts under `parallel`, what is left under `sequential`), split
/// over the lines by those amounts, each share cut to what the line has `left`.
///
/// Appends one share per line to `shares` and returns the sum taken; on an
/// error nothing is appended.
#[allow(clippy::too_many_arguments)]
pub(crate) fn take(
    rule: &CouponRule,
    cart: &Cart,
    lines: &[LineIx],
    base: &[Fen],
    left: &[Fen],
    rounding: Rounding,
    weights: &mut Vec<Fen>,
    shares: &mut Vec<Fen>,
) -> Result<Fen, Why> {
    weights.clear();
    weights.extend(lines.iter().map(|&i| base[i.get()]));
    let sum: Fen = weights.iter().sum();
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
    money::allocate(red, weights, &mut shares[start..], id_order(cart, lines));
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
