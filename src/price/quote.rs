//! Quote assembly: the ledger of one price turned into the [`Quote`] of
//! the [reference](crate::_documentation::reference#the-quote), its ids and names borrowed from the engine and the cart.

use std::borrow::Cow;

use crate::ids::ShopIx;
use crate::model::Stage;
use crate::money::{Amount, Fen};
use crate::quote::{
    Applied, Discount, GiftOut, Hint, NotApplied, Quote, QuoteLine, QuotePoints, QuoteShop, Totals,
};

use crate::rules::compiled::{Catalog, Offer};

use super::state::{Amounts, CartIndex, Ledger, PointsTaken, Pricing, Scratch, Share, TierRef};
use super::why;

/// Builds the quote from what the stages and the points recorded: a line
/// pays what the five stages left of it less its share of the points.
pub(crate) fn assemble<'a>(
    p: &Pricing<'a>,
    ix: &CartIndex,
    amounts: &Amounts,
    points: &PointsTaken,
    l: &mut Ledger,
    scratch: &mut Scratch,
) -> Quote<'a> {
    let (cat, cart) = (p.cat, p.cart);
    // `PromoId`s are numbered in (stage, id) order: sorting by them is the contract's order.
    l.applied.sort_unstable_by_key(|a| a.promo);
    l.notes.sort_by_key(|n| n.promo);
    l.hints.sort_unstable_by_key(|h| h.promo);
    let id = |promo| Cow::Borrowed(&*cat.head(promo).id);

    // Each line's shares were recorded stage after stage, so in stage order;
    // only stage 1 can give a line two (of one stage), and those sort by id.
    let n = cart.lines.len();
    let counts = &mut scratch.counts;
    counts.clear();
    counts.resize(n + 1, 0);
    for d in &l.shares {
        counts[d.line.get() + 1] += 1;
    }
    for i in 0..n {
        counts[i + 1] += counts[i];
    }
    let by_line = &mut scratch.by_line;
    by_line.clear();
    by_line.resize(l.shares.len(), Share::default());
    for d in &l.shares {
        let at = &mut counts[d.line.get()];
        by_line[*at as usize] = *d;
        *at += 1;
    }
    let mut stage_total = [0 as Fen; 5];
    let mut lines = Vec::with_capacity(n);
    let mut at = 0;
    for (i, line) in cart.lines.iter().enumerate() {
        let end = counts[i] as usize;
        let mine = &mut by_line[at..end];
        if mine.len() > 1 && cat.head(mine[1].promo).stage == Stage::ItemDiscount {
            mine.sort_unstable_by_key(|d| d.promo);
        }
        let mut discounts: Vec<Discount<'a>> = mine
            .iter()
            .map(|d| {
                let stage = cat.head(d.promo).stage;
                stage_total[stage as usize] += d.amount;
                Discount {
                    promotion: Some(id(d.promo)),
                    stage,
                    amount: Amount::total(d.amount),
                }
            })
            .collect();
        // The sixth step's share comes last, as it was taken last.
        let share = points.share(i);
        if share > 0 {
            discounts.push(Discount {
                promotion: None,
                stage: Stage::Points,
                amount: Amount::total(share),
            });
        }
        at = end;
        lines.push(QuoteLine {
            id: Cow::Borrowed(&line.id),
            shop: Cow::Borrowed(&line.shop),
            sku: Cow::Borrowed(&line.sku),
            quantity: line.quantity,
            original: Amount::total(ix.lines[i].orig),
            paid: Amount::total(amounts.paid[i] - points.share(i)),
            discounts,
        });
    }
    let shop_name = |s: ShopIx| -> &'a str { ix.shop_name(cart, s) };
    let shops = ix
        .shop_ixs()
        .map(|s| {
            let mine = ix.lines_of_shop(s);
            let original: Fen = mine.iter().map(|&i| ix.lines[i.get()].orig).sum();
            let paid: Fen = mine
                .iter()
                .map(|&i| amounts.paid[i.get()] - points.share(i.get()))
                .sum();
            let gifts = match l.gifts[s.get()] {
                Some(t) => gifts_of(cat, t),
                None => Vec::new(),
            };
            QuoteShop {
                shop: Cow::Borrowed(shop_name(s)),
                original: Amount::total(original),
                shipping: Amount::total(l.shipping[s.get()]),
                rebate_used: Amount::total(l.rebate_used[s.get()]),
                rebate_earned: Amount::total(l.rebate_earned[s.get()]),
                gifts,
                payable: Amount::total(paid + l.shipping[s.get()]),
            }
        })
        .collect();
    let original: Fen = ix.lines.iter().map(|l| l.orig).sum();
    let shipping: Fen = l.shipping.iter().sum();
    let payable: Fen = amounts.paid.iter().sum::<Fen>() - points.used + shipping;
    Quote {
        currency: Cow::Borrowed("CNY"),
        points: points.scheme.then_some(QuotePoints {
            used: points.used.unsigned_abs(),
            earned: points.earned,
        }),
        totals: Totals {
            original: Amount::total(original),
            item_discount: Amount::total(stage_total[Stage::ItemDiscount as usize]),
            threshold: Amount::total(stage_total[Stage::Threshold as usize]),
            shop_coupon: Amount::total(stage_total[Stage::ShopCoupon as usize]),
            rebate: Amount::total(stage_total[Stage::Rebate as usize]),
            platform_coupon: Amount::total(stage_total[Stage::PlatformCoupon as usize]),
            points: points.scheme.then_some(Amount::total(points.used)),
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
                shop: a.shop.map(|s| Cow::Borrowed(shop_name(s))),
                amount: Amount::total(a.amount),
                sets: a.sets,
            })
            .collect(),
        not_applied: l
            .notes
            .iter()
            .map(|n| NotApplied {
                promotion: id(n.promo),
                reason: n.why.reason(),
                message: why::message(cat, cart, n.promo, &n.why),
            })
            .collect(),
        hints: l
            .hints
            .iter()
            .map(|h| Hint {
                promotion: id(h.promo),
                shortfall: h.shortfall.map(Amount::total),
                shortfall_units: h.shortfall_units,
                saving: Amount::total(h.saving),
                free_shipping: h.free_shipping.then_some(true),
                gifts: h.gifts.map(|t| gifts_of(cat, t)),
            })
            .collect(),
    }
}

/// The gifts of a threshold tier.
fn gifts_of(cat: &Catalog, t: TierRef) -> Vec<GiftOut<'_>> {
    match &cat.offers[t.rule as usize].offer {
        Offer::Tiers { tiers, .. } => tiers[t.tier as usize]
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
