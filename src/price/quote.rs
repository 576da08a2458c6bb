//! Quote assembly: the ledger of one price turned into the [`Quote`] of
//! the [reference](crate::_documentation::reference#the-quote), its ids and names borrowed from the engine and the cart.

use std::borrow::Cow;

use crate::ids::{PromoId, ShopIx};
use crate::model::Stage;
use crate::money::{Amount, Fen};
use crate::quote::{
    Applied, Discount, GiftOut, Hint, NotApplied, Quote, QuoteLine, QuoteShop, Totals,
};

use crate::rules::compiled::{Catalog, Offer};

use super::explain;
use super::rebate;
use super::state::{span, Pricing};

/// Builds the quote from what the stages recorded.
pub(crate) fn assemble<'a>(p: &mut Pricing<'a>) -> Quote<'a> {
    let (cat, cart) = (p.cat, p.cart);
    for s in 0..p.w.shops.len() {
        let e = rebate::earned(p, s);
        p.w.earned.push(e);
    }
    let w = &mut *p.w;
    let l = &mut w.ledger;
    // `PromoId`s are numbered in (stage, id) order: sorting by them is the contract's order.
    l.applied.sort_unstable_by_key(|a| a.promo);
    l.notes.sort_by_key(|n| n.0);
    l.hints.sort_unstable_by_key(|h| h.0);
    let id = |promo| Cow::Borrowed(&*cat.head(promo).id);

    // Each line's shares were recorded stage after stage, so in stage order;
    // only stage 1 can give a line two (of one stage), and those sort by id.
    let n = cart.lines.len();
    let counts = &mut w.counts;
    counts.clear();
    counts.resize(n + 1, 0);
    for &(line, _, _) in &l.discounts {
        counts[line.get() + 1] += 1;
    }
    for i in 0..n {
        counts[i + 1] += counts[i];
    }
    let by_line = &mut w.by_line;
    by_line.clear();
    by_line.resize(l.discounts.len(), (0, PromoId::default(), 0));
    for &(line, promo, amount) in &l.discounts {
        let at = &mut counts[line.get()];
        by_line[*at as usize] = (line.get() as u32, promo, amount);
        *at += 1;
    }
    let mut stage_total = [0 as Fen; 5];
    let mut lines = Vec::with_capacity(n);
    let mut at = 0;
    for (i, line) in cart.lines.iter().enumerate() {
        let end = counts[i] as usize;
        let mine = &mut by_line[at..end];
        if mine.len() > 1 && cat.head(mine[1].1).stage == Stage::ItemDiscount {
            mine.sort_unstable_by_key(|d| d.1);
        }
        let discounts = mine
            .iter()
            .map(|&(_, promo, amount)| {
                let stage = cat.head(promo).stage;
                stage_total[stage as usize] += amount;
                Discount {
                    promotion: id(promo),
                    stage,
                    amount: Amount::total(amount),
                }
            })
            .collect();
        at = end;
        lines.push(QuoteLine {
            id: Cow::Borrowed(&line.id),
            shop: Cow::Borrowed(&line.shop),
            sku: Cow::Borrowed(&line.sku),
            quantity: line.quantity,
            original: Amount::total(w.lines[i].orig),
            paid: Amount::total(w.paid[i]),
            discounts,
        });
    }
    let shop_name = |s: usize| -> &'a str { &cart.lines[w.shops[s].first.get()].shop };
    let shops = (0..w.shops.len())
        .map(|s| {
            let mine = &w.shop_lines[span(&w.shops[s].lines)];
            let original: Fen = mine.iter().map(|&i| w.lines[i.get()].orig).sum();
            let paid: Fen = mine.iter().map(|&i| w.paid[i.get()]).sum();
            let gifts = match l.gifts[s] {
                Some((rule, tier)) => gifts_of(cat, rule, tier),
                None => Vec::new(),
            };
            QuoteShop {
                shop: Cow::Borrowed(shop_name(s)),
                original: Amount::total(original),
                shipping: Amount::total(l.shipping[s]),
                rebate_used: Amount::total(l.rebate_used[s]),
                rebate_earned: Amount::total(w.earned[s]),
                gifts,
                payable: Amount::total(paid + l.shipping[s]),
            }
        })
        .collect();
    let original: Fen = w.lines.iter().map(|l| l.orig).sum();
    let shipping: Fen = l.shipping.iter().sum();
    let payable: Fen = w.paid.iter().sum::<Fen>() + shipping;
    Quote {
        currency: Cow::Borrowed("CNY"),
        totals: Totals {
            original: Amount::total(original),
            item_discount: Amount::total(stage_total[Stage::ItemDiscount as usize]),
            threshold: Amount::total(stage_total[Stage::Threshold as usize]),
            shop_coupon: Amount::total(stage_total[Stage::ShopCoupon as usize]),
            rebate: Amount::total(stage_total[Stage::Rebate as usize]),
            platform_coupon: Amount::total(stage_total[Stage::PlatformCoupon as usize]),
            shipping: Amount::total(shipping),
            payable: Amount::total(payable),
        },
        lines,
        shops,
        applied: l
            .applied
            .iter()
            .map(|a| Applied {
                promotion: id(a.promo),
                stage: cat.head(a.promo).stage,
                shop: a.shop.map(|s: ShopIx| Cow::Borrowed(shop_name(s.get()))),
                amount: Amount::total(a.amount),
                sets: a.sets,
            })
            .collect(),
        not_applied: l
            .notes
            .iter()
            .map(|(promo, why)| NotApplied {
                promotion: id(*promo),
                reason: why.reason(),
                message: explain::message(cat, cart, *promo, why),
            })
            .collect(),
        hints: l
            .hints
            .iter()
            .map(|(promo, h)| Hint {
                promotion: id(*promo),
                shortfall: h.shortfall.map(Amount::total),
                shortfall_units: h.shortfall_units,
                saving: Amount::total(h.saving),
                free_shipping: h.free_shipping.then_some(true),
                gifts: h.gifts.map(|(rule, tier)| gifts_of(cat, rule, tier)),
            })
            .collect(),
    }
}

/// The gifts of tier `tier` of offer rule `rule`.
fn gifts_of(cat: &Catalog, rule: u32, tier: u32) -> Vec<GiftOut<'_>> {
    match &cat.offers[rule as usize].offer {
        Offer::Tiers { tiers, .. } => tiers[tier as usize]
            .gifts
            .iter()
            .map(|g| GiftOut {
                sku: Cow::Borrowed(&*g.sku),
                quantity: g.quantity,
            })
            .collect(),
        Offer::Every { .. } => Vec::new(),
    }
}
