//! The tiers of a threshold offer (满优惠): not too many, and each giving a
//! buyer who just reaches it more than the tier below.

use crate::model::{Gift, Promotion, Tier};
use crate::money::{self, Amount, Fen, Rounding};

use super::report::{Code, Warning};

/// `too_many_tiers` and `tier_not_larger` for one offer.
pub(super) fn review(p: &Promotion, out: &mut Vec<Warning>) {
    let Some(tiers) = &p.tiers else { return };
    let warn = |code, message: String| Warning::new(code, vec![p.id.clone()], message);
    if tiers.len() > 3 {
        out.push(warn(
            Code::TooManyTiers,
            format!(
                "{} tiers in one offer; more than 3 confuse buyers (新商家不建议超过3层)",
                tiers.len()
            ),
        ));
    }
    let by_units = tiers.first().is_some_and(|t| t.min_quantity.is_some());
    for k in 1..tiers.len() {
        let (lo, hi) = (&tiers[k - 1], &tiers[k]);
        if let Some(why) = not_larger(lo, hi, by_units) {
            out.push(warn(
                Code::TierNotLarger,
                format!("tiers[{k}] {why} than tiers[{}] below it", k - 1),
            ));
        }
    }
}

/// Why `hi` gives a buyer who just reaches it less than `lo` would, if it
/// does (reference: [Reviewing rules](crate::_documentation::reference#reviewing-rules-youhui-check)): a reduction not larger — at `hi`'s `min_amount`, or,
/// by units, an amount against an amount and a fold against a fold — unless
/// `hi` adds free shipping or a gift; or free shipping or a gift of `lo`
/// that `hi` drops (tiers are independent).
fn not_larger(lo: &Tier, hi: &Tier, by_units: bool) -> Option<String> {
    if lo.free_shipping == Some(true) && hi.free_shipping != Some(true) {
        return Some("drops the free shipping (包邮), so it gives less".into());
    }
    if let Some(g) = gifts(lo).find(|g| !gifts(hi).any(|h| same(g, h))) {
        return Some(format!(
            "drops the gift {} × {}, so it gives less",
            crate::text::quoted(&g.sku),
            g.quantity
        ));
    }
    let adds = (hi.free_shipping == Some(true) && lo.free_shipping != Some(true))
        || gifts(hi).any(|h| !gifts(lo).any(|g| same(g, h)));
    if adds {
        return None;
    }
    if by_units {
        // An amount with an amount, a fold with a fold; a tier with no
        // reduction takes nothing, which is less than either.
        let less = match (hi.amount_off, hi.fold, lo.amount_off, lo.fold) {
            (Some(h), _, Some(l), _) => h.fen() <= l.fen(),
            (_, Some(h), _, Some(l)) => h >= l,
            (None, None, _, _) => true,
            _ => false,
        };
        return less.then(|| "takes no more off".to_string());
    }
    let at = hi.min_amount.map_or(0, Amount::fen);
    let (h, l) = (reduction(hi, at), reduction(lo, at));
    (h <= l).then(|| {
        format!(
            "takes {} off at its own threshold {}, no more",
            Amount::total(h),
            Amount::total(at)
        )
    })
}

/// What a tier takes off a base of `at` (its `amount_off` never more than the base).
fn reduction(t: &Tier, at: Fen) -> Fen {
    match (t.amount_off, t.fold) {
        (Some(a), _) => a.fen().min(at),
        (None, Some(f)) => money::fold_reduction(at, f, Rounding::HalfUp),
        (None, None) => 0,
    }
}

fn gifts(t: &Tier) -> impl Iterator<Item = &Gift> {
    t.gifts.iter().flatten()
}

/// The same gift: SKU and quantity.
fn same(a: &Gift, b: &Gift) -> bool {
    a.sku == b.sku && a.quantity == b.quantity
}
