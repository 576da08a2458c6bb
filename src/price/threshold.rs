//! Stage 2: 满优惠 (reference: [`threshold` (stage 2)](crate::_documentation::reference#threshold-stage-2)) — per shop, of the threshold offers in their
//! window, audience and scope, the one of greatest value (reduction, waived
//! shipping and gift value), tested and computed on the reference amounts.

use crate::ids::ShopIx;
use crate::money::{self, Fen, Rounding};
use crate::rules::compiled::{Offer, TierOff};

use super::explain::Why;
use super::state::{id_order, span, Kind, Pricing};

/// Runs stage 2 on every shop.
pub(crate) fn stage(p: &mut Pricing<'_>) {
    p.w.after_threshold.clear();
    let (reference, after) = (&p.w.reference, &mut p.w.after_threshold);
    after.extend_from_slice(reference);
    for s in 0..p.w.shops.len() {
        let fee = p.w.shops[s].fee;
        p.w.ledger.shipping.push(fee);
        p.w.ledger.gifts.push(None);
        shop(p, s);
    }
}

/// The winner so far: (value, look, reduction, tier met).
type Best = (i128, usize, Fen, Option<usize>);

fn shop(p: &mut Pricing<'_>, s: usize) {
    let cat = p.cat;
    let fee = p.w.shops[s].fee;
    let mut best: Option<Best> = None;
    p.w.losers.clear();
    for k in p.looks(s, Kind::Offer) {
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
        let offer = &cat.offers[look.rule as usize].offer;
        let lines = p.lines_of(k);
        let base: Fen = lines.iter().map(|&i| p.w.reference[i.get()]).sum();
        let units: i64 = lines.iter().map(|&i| p.w.lines[i.get()].qty).sum();
        let (red, tier) = match reduction(offer, base, units, p.rounding) {
            Ok(r) => r,
            Err(lowest) => {
                let why = match offer {
                    Offer::Tiers { by_units: true, .. } => Why::UnitsBelow { units, lowest },
                    _ => Why::BelowLowest { base, lowest },
                };
                p.w.ledger.note(promo, why);
                continue;
            }
        };
        let (waived, gift_value, has_gifts) = match (offer, tier) {
            (Offer::Tiers { tiers, .. }, Some(t)) => (
                if tiers[t].free_shipping { fee } else { 0 },
                tiers[t].gift_value,
                !tiers[t].gifts.is_empty(),
            ),
            _ => (0, 0, false),
        };
        // At stage 2 what is left is the reference amount itself, so no share
        // is ever cut: what the offer takes is its reduction.
        if red == 0 && waived == 0 && !has_gifts {
            p.w.ledger.note(promo, Why::TierTakesNothing);
            continue;
        }
        let value = i128::from(red) + i128::from(waived) + gift_value;
        match best {
            Some(b) if value <= b.0 => p.w.losers.push(k as u32),
            _ => {
                if let Some(old) = best.replace((value, k, red, tier)) {
                    p.w.losers.push(old.1 as u32);
                }
            }
        }
    }
    let Some((_, k, red, tier)) = best else {
        return;
    };
    let winner = p.w.looks[k].promo;
    for j in 0..p.w.losers.len() {
        let l = p.w.looks[p.w.losers[j] as usize].promo;
        p.w.ledger.note(l, Why::OfferOutranked(winner));
    }
    // Split the reduction over the offer's lines by their reference amounts.
    let lines = span(&p.w.looks[k].lines);
    p.w.weights.clear();
    for &i in &p.w.pool[lines.clone()] {
        p.w.weights.push(p.w.reference[i.get()]);
    }
    p.w.tmp.clear();
    p.w.tmp.resize(p.w.weights.len(), 0);
    let w = &mut *p.w;
    money::allocate(
        red,
        &w.weights,
        &mut w.tmp,
        id_order(p.cart, &w.pool[lines.clone()]),
    );
    for (j, &i) in p.w.pool[lines].iter().enumerate() {
        let share = p.w.tmp[j];
        debug_assert!(share <= p.w.after_threshold[i.get()]);
        p.w.after_threshold[i.get()] -= share;
        p.w.ledger.share(i, winner, share);
    }
    let rule = p.w.looks[k].rule;
    if let (Offer::Tiers { tiers, .. }, Some(t)) = (&cat.offers[rule as usize].offer, tier) {
        p.w.ledger.tiers.push((winner, t as u32));
        if tiers[t].free_shipping {
            p.w.ledger.shipping[s] = 0;
        }
        if !tiers[t].gifts.is_empty() {
            p.w.ledger.gifts[s] = Some((rule, t as u32));
        }
    }
    p.w.ledger.applied(winner, Some(ShopIx::new(s)), red);
}

/// The reduction of an offer at `base` (and `units`) and the tier met, or the
/// lowest condition when none is met.
pub(crate) fn reduction(
    offer: &Offer,
    base: Fen,
    units: i64,
    rounding: Rounding,
) -> Result<(Fen, Option<usize>), i64> {
    match offer {
        Offer::Every { x, y, max_off } => {
            let k = base / x;
            if k == 0 {
                return Err(*x);
            }
            let r = k
                .saturating_mul(*y)
                .min(max_off.unwrap_or(Fen::MAX))
                .min(base);
            Ok((r, None))
        }
        Offer::Tiers { by_units, tiers } => {
            let have = if *by_units { units } else { base };
            let Some(t) = tiers.iter().rposition(|t| have >= t.min) else {
                return Err(tiers[0].min);
            };
            let r = match tiers[t].off {
                None => 0,
                Some(TierOff::Amount(a)) => a.min(base),
                Some(TierOff::Fold(f)) => money::fold_reduction(base, f, rounding),
            };
            Ok((r, Some(t)))
        }
    }
}
