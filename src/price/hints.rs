//! The 凑单 hints (reference: [Hints](crate::_documentation::reference#hints-凑单提示)): how much more reaches the next threshold
//! tier or a held coupon's `min_amount`, and what it would save.
//!
//! It reads what the stages left and asks [`threshold`] and [`coupon`] what
//! an amount would give: it stands above the stages, and no stage uses it.

use crate::ids::PromoId;
use crate::model::{PromotionType, Stage};
use crate::money::{self, Fen};
use crate::rules::compiled::{CouponRule, Offer, Tier, TierOff};

use super::coupon;
use super::state::{Amounts, CartIndex, HintFacts, Ledger, LookSums, Pricing, TierRef};
use super::threshold;

/// 凑单 hints for every threshold offer and held coupon in window and audience
/// with lines in scope (reference: [The quote](crate::_documentation::reference#the-quote)).
///
/// A threshold offer's base and units are those stage 2 summed (`sums`, in
/// the order it looked at the open offers, which is this one's): read, not
/// summed again; an offer stage 2 did not record is summed here. So is a
/// coupon's base, from those its takes summed (`coupon_bases`, shop after
/// shop then the platform's, as here).
pub(crate) fn hints(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &Amounts,
    sums: &[LookSums],
    coupon_bases: &[LookSums],
    ledger: &mut Ledger,
) {
    let cat = p.cat;
    let mut sums = sums.iter().peekable();
    let mut bases = coupon_bases.iter().peekable();
    for s in ix.shop_ixs() {
        if ix.rules(cat, s).is_none() {
            continue;
        }
        let fee = ix.shop(s).fee;
        for k in ix.looks_of(s, PromotionType::Threshold) {
            let look = &ix.looks[k];
            if !look.is_open() {
                continue;
            }
            let offer = &cat.offers[look.rule as usize].offer;
            let (base, units) = match sums.next_if(|t| t.look as usize == k) {
                Some(t) => (t.base, t.units),
                None => {
                    let lines = ix.lines_of(k);
                    let base: Fen = lines.iter().map(|&i| amounts.reference[i.get()]).sum();
                    (base, lines.iter().map(|&i| ix.lines[i.get()].qty).sum())
                }
            };
            if let Some(h) = offer_hint(p, look.promo, look.rule, offer, base, units, fee) {
                ledger.hints.push(h);
            }
        }
        for k in ix.looks_of(s, PromotionType::ShopCoupon) {
            let taken = bases.next_if(|t| t.look as usize == k);
            coupon(p, ix, amounts, ledger, k, Stage::ShopCoupon, taken);
        }
    }
    for k in ix.platform_looks() {
        let taken = bases.next_if(|t| t.look as usize == k);
        coupon(p, ix, amounts, ledger, k, Stage::PlatformCoupon, taken);
    }
}

/// The hint of the coupon of look `k`, if it has one; its base is the one
/// its take summed (`taken`), or summed here if it was not taken.
fn coupon(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &Amounts,
    ledger: &mut Ledger,
    k: usize,
    stage: Stage,
    taken: Option<&LookSums>,
) {
    let look = &ix.looks[k];
    if !look.is_open() {
        return;
    }
    let base: Fen = match taken {
        Some(t) => t.base,
        None => {
            let on = amounts.base(stage);
            ix.lines_of(k).iter().map(|&i| on[i.get()]).sum()
        }
    };
    let rule = if stage == Stage::ShopCoupon {
        &p.cat.shop_coupons[look.rule as usize]
    } else {
        &p.cat.platform_coupons[look.rule as usize]
    };
    if let Some(h) = coupon_hint(p, look.promo, rule, base) {
        ledger.hints.push(h);
    }
}

/// The hint of a threshold offer (reference: [Hints](crate::_documentation::reference#hints-凑单提示)): the next tier's value
/// (reduction at its threshold, waived fee, gift value) against what the
/// offer's own tier met today gives.
fn offer_hint(
    p: &Pricing<'_>,
    promo: PromoId,
    rule: u32,
    offer: &Offer,
    base: Fen,
    units: i64,
    fee: Fen,
) -> Option<HintFacts> {
    let value = |red: Fen, tier: Option<&Tier>| -> Fen {
        let Some(t) = tier else { return red };
        let waived = if t.free_shipping { fee } else { 0 };
        let gifts = Fen::try_from(t.gift_value).unwrap_or(Fen::MAX);
        red.saturating_add(waived).saturating_add(gifts)
    };
    let today = threshold::reduction(offer, base, units, p.rounding).ok();
    let (now, today_tier) = match (offer, today) {
        (
            Offer::Tiers { tiers, .. },
            Some(threshold::Met {
                reduction,
                tier: Some(t),
            }),
        ) => (value(reduction, Some(&tiers[t])), Some(&tiers[t])),
        (_, Some(met)) => (met.reduction, None),
        (_, None) => (0, None),
    };
    let hint = match offer {
        Offer::Every { x, y, max_off } => {
            if max_off.is_some_and(|m| now >= m) {
                return None;
            }
            let next = (base / x + 1) * x;
            let then = ((base / x + 1) * y).min(max_off.unwrap_or(Fen::MAX));
            HintFacts {
                promo,
                shortfall: Some(next - base),
                shortfall_units: None,
                saving: then - now,
                free_shipping: false,
                gifts: None,
                threshold: next,
            }
        }
        Offer::Tiers { by_units, tiers } => {
            let have = if *by_units { units } else { base };
            let k = tiers.iter().position(|t| t.min > have)?;
            let t = &tiers[k];
            // By units the price of the units still to add is unknown: today's base.
            let at = if *by_units { base } else { t.min };
            let red = match t.off {
                None => 0,
                Some(TierOff::Amount(a)) => a.min(at),
                Some(TierOff::Fold(f)) => money::fold_reduction(at, f, p.rounding),
            };
            HintFacts {
                promo,
                shortfall: (!*by_units).then_some(t.min - base),
                shortfall_units: by_units.then_some((t.min - units) as u64),
                saving: value(red, Some(t)) - now,
                free_shipping: t.free_shipping
                    && fee > 0
                    && !today_tier.is_some_and(|d| d.free_shipping),
                gifts: (!t.gifts.is_empty()).then_some(TierRef {
                    rule,
                    tier: k as u32,
                }),
                threshold: if *by_units { 0 } else { t.min },
            }
        }
    };
    (hint.saving > 0).then_some(hint)
}

/// The hint of a coupon whose `min_amount` is above its `base`.
fn coupon_hint(p: &Pricing<'_>, promo: PromoId, rule: &CouponRule, base: Fen) -> Option<HintFacts> {
    if rule.min_amount <= base {
        return None;
    }
    let then = coupon::reduction(rule.off, rule.min_amount, p.rounding);
    (then > 0).then_some(HintFacts {
        promo,
        shortfall: Some(rule.min_amount - base),
        shortfall_units: None,
        saving: then,
        free_shipping: false,
        gifts: None,
        threshold: rule.min_amount,
    })
}
