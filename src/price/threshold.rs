//! Stage 2: 满优惠 (reference: [`threshold` (stage 2)](crate::_documentation::reference#threshold-stage-2)) — per shop, of the threshold offers in their
//! window, audience and scope, the one of greatest value (reduction, waived
//! shipping and gift value), tested and computed on the reference amounts.

use crate::ids::ShopIx;
use crate::model::PromotionType;
use crate::money::{self, Fen, Rounding};
use crate::rules::compiled::{Offer, TierOff};

use super::contest::{self, Contest};
use super::state::{
    id_order, Amounts, CartIndex, Ledger, LookSums, Pricing, Scratch, TierMet, TierRef,
};
use super::why::Why;

/// Runs stage 2 on every shop.
pub(crate) fn stage(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &mut Amounts,
    scratch: &mut Scratch,
    ledger: &mut Ledger,
) {
    amounts.after_threshold.clear();
    amounts
        .after_threshold
        .extend_from_slice(&amounts.reference);
    scratch.threshold_sums.clear();
    for s in ix.shop_ixs() {
        ledger.shipping.push(ix.shop(s).fee);
        ledger.gifts.push(None);
        shop(p, ix, amounts, scratch, ledger, s);
    }
}

/// What the winning offer takes: its look, its reduction and the tier met.
struct Win {
    look: usize,
    /// The offer's base: the sum of its lines' reference amounts.
    base: Fen,
    reduction: Fen,
    tier: Option<usize>,
}

fn shop(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &mut Amounts,
    scratch: &mut Scratch,
    ledger: &mut Ledger,
    s: ShopIx,
) {
    let cat = p.cat;
    let fee = ix.shop(s).fee;
    let mut contest = Contest::new(&mut scratch.outranked);
    for k in ix.looks_of(s, PromotionType::Threshold) {
        let look = &ix.looks[k];
        if !contest::open(look, ledger) {
            continue;
        }
        let promo = look.promo;
        let offer = &cat.offers[look.rule as usize].offer;
        let lines = ix.lines_of(k);
        let base: Fen = lines.iter().map(|&i| amounts.reference[i.get()]).sum();
        let units: i64 = lines.iter().map(|&i| ix.lines[i.get()].qty).sum();
        scratch.threshold_sums.push(LookSums {
            look: k as u32,
            base,
            units,
        });
        let Met {
            reduction: red,
            tier,
        } = match reduction(offer, base, units, p.rounding) {
            Ok(met) => met,
            Err(Lowest::Units(lowest)) => {
                ledger.note(promo, Why::UnitsBelow { units, lowest });
                continue;
            }
            Err(Lowest::Amount(lowest)) => {
                ledger.note(promo, Why::BelowLowest { base, lowest });
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
            ledger.note(promo, Why::TierTakesNothing);
            continue;
        }
        let value = i128::from(red) + i128::from(waived) + gift_value;
        contest.enter(
            k as u32,
            value,
            Win {
                look: k,
                base,
                reduction: red,
                tier,
            },
        );
    }
    let Some(win) = contest.finish(&ix.looks, ledger, Why::OfferOutranked) else {
        return;
    };
    let look = &ix.looks[win.look];
    let winner = look.promo;
    // Split the reduction over the offer's lines by their reference amounts.
    let lines = ix.lines_of(win.look);
    scratch.weights.clear();
    scratch
        .weights
        .extend(lines.iter().map(|&i| amounts.reference[i.get()]));
    scratch.split.clear();
    scratch.split.resize(lines.len(), 0);
    money::allocate_summed(
        win.reduction,
        win.base,
        &scratch.weights,
        &mut scratch.split,
        id_order(p.cart, lines),
    );
    for (&i, &share) in lines.iter().zip(&scratch.split) {
        debug_assert!(share <= amounts.after_threshold[i.get()]);
        amounts.after_threshold[i.get()] -= share;
        ledger.share(i, winner, share);
    }
    let rule = look.rule;
    if let (Offer::Tiers { tiers, .. }, Some(t)) = (&cat.offers[rule as usize].offer, win.tier) {
        ledger.tiers.push(TierMet {
            promo: winner,
            tier: t as u32,
        });
        if tiers[t].free_shipping {
            ledger.shipping[s.get()] = 0;
        }
        if !tiers[t].gifts.is_empty() {
            ledger.gifts[s.get()] = Some(TierRef {
                rule,
                tier: t as u32,
            });
        }
    }
    ledger.applied(winner, Some(s), win.reduction);
}

/// What an offer gives when one of its conditions is met.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Met {
    pub(crate) reduction: Fen,
    /// The tier met (none for 每满).
    pub(crate) tier: Option<usize>,
}

/// The lowest condition of an offer none of whose conditions is met.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Lowest {
    /// A base in fen (每满 or tiers by amount).
    Amount(Fen),
    /// A count of units (满件).
    Units(i64),
}

/// The reduction of an offer at `base` (and `units`) and the tier met, or the
/// lowest condition when none is met.
pub(crate) fn reduction(
    offer: &Offer,
    base: Fen,
    units: i64,
    rounding: Rounding,
) -> Result<Met, Lowest> {
    match offer {
        Offer::Every { x, y, max_off } => {
            let k = base / x;
            if k == 0 {
                return Err(Lowest::Amount(*x));
            }
            let r = k
                .saturating_mul(*y)
                .min(max_off.unwrap_or(Fen::MAX))
                .min(base);
            Ok(Met {
                reduction: r,
                tier: None,
            })
        }
        Offer::Tiers { by_units, tiers } => {
            let have = if *by_units { units } else { base };
            let Some(t) = tiers.iter().rposition(|t| have >= t.min) else {
                return Err(if *by_units {
                    Lowest::Units(tiers[0].min)
                } else {
                    Lowest::Amount(tiers[0].min)
                });
            };
            let r = match tiers[t].off {
                None => 0,
                Some(TierOff::Amount(a)) => a.min(base),
                Some(TierOff::Fold(f)) => money::fold_reduction(base, f, rounding),
            };
            Ok(Met {
                reduction: r,
                tier: Some(t),
            })
        }
    }
}
