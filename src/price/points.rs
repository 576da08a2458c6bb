//! The sixth step, 积分 (reference: [Points](crate::_documentation::reference#points-积分)):
//! after the five stages, over the whole cart, the points the buyer pays
//! with (积分抵扣) and the points the order earns (积分赠送).
//!
//! It reads what the five stages left ([`Amounts::paid`]) and writes only
//! its own part, [`PointsTaken`]: the quote takes each line's share off
//! what the line pays. Coupons were chosen before it (`best` minimises the
//! payable of the five stages; points follow), and the rebate earned is
//! computed on the five stages' amounts, so points change neither.

use crate::money::{self, Fen};

use super::state::{id_order, Amounts, CartIndex, PointsTaken, Pricing, Scratch};

/// With a points scheme in the rules: `N` = min(balance, ⌊B × max_ratio⌋)
/// lowered to a multiple of `unit`, where `B` is what the lines pay after
/// the five stages (shipping is never paid with points), split over every
/// line by what it pays (largest remainder, ties to the smaller line id);
/// and `E` = ⌊P × earn_per_yuan⌋, `P` what the lines pay after points.
pub(crate) fn step(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &Amounts,
    scratch: &mut Scratch,
    out: &mut PointsTaken,
) {
    let Some(scheme) = p.cat.settings.points else {
        return;
    };
    out.scheme = true;
    out.shares.clear();
    out.shares.resize(amounts.paid.len(), 0);
    let base: Fen = amounts.paid.iter().sum();
    if p.cart.use_points {
        let balance = p.cart.customer.points.unwrap_or(0);
        out.used = money::points_used(balance, base, scheme.max_ratio, scheme.unit);
        let lines = &ix.order;
        let (weights, split) = (&mut scratch.weights, &mut scratch.split);
        weights.clear();
        weights.extend(lines.iter().map(|&i| amounts.paid[i.get()]));
        split.clear();
        split.resize(lines.len(), 0);
        // N ≤ B: no share exceeds what its line pays.
        money::allocate(out.used, weights, split, id_order(p.cart, lines));
        for (&i, &share) in lines.iter().zip(split.iter()) {
            out.shares[i.get()] = share;
        }
    }
    out.earned = scheme
        .earn_per_yuan
        .map_or(0, |rate| money::points_earned(base - out.used, rate));
}
