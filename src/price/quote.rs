//! Quote assembly: the ledger of one price turned into the [`Quote`] of
//! the [reference](crate::_documentation::reference#the-quote), its ids and names borrowed from the engine and the cart.
//!
//! The quote is written into one given, whose vectors (and each line's and
//! shop's) are reused: a quote priced into again allocates only where the new
//! cart is larger than any before it.

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

/// Writes the quote of what the stages and the points recorded into `q`: a
/// line pays what the five stages left of it less its share of the points.
pub(crate) fn assemble<'a>(
    p: &Pricing<'a>,
    ix: &CartIndex,
    amounts: &Amounts,
    points: &PointsTaken,
    l: &mut Ledger,
    scratch: &mut Scratch,
    q: &mut Quote<'a>,
) {
    let (cat, cart) = (p.cat, p.cart);
    // `PromoId`s are numbered in (stage, id) order: sorting by them is the contract's order.
    l.applied.sort_unstable_by_key(|a| a.promo);
    l.notes.sort_by_key(|n| n.promo);
    l.hints.sort_unstable_by_key(|h| h.promo);
    let id = |promo| Cow::Borrowed(&*cat.head(promo).id);

    let stage_total = write_lines(p, ix, amounts, points, l, scratch, &mut q.lines);
    let shop_name = |s: ShopIx| -> &'a str { ix.shop_name(cart, s) };
    q.shops.truncate(ix.shops.len());
    room(&mut q.shops, ix.shops.len());
    for s in ix.shop_ixs() {
        let mine = ix.lines_of_shop(s);
        let original: Fen = mine.iter().map(|&i| ix.lines[i.get()].orig).sum();
        let paid: Fen = mine
            .iter()
            .map(|&i| amounts.paid[i.get()] - points.share(i.get()))
            .sum();
        if s.get() == q.shops.len() {
            q.shops.push(blank_shop());
        }
        let out = &mut q.shops[s.get()];
        out.shop = Cow::Borrowed(shop_name(s));
        out.original = Amount::total(original);
        out.shipping = Amount::total(l.shipping[s.get()]);
        out.rebate_used = Amount::total(l.rebate_used[s.get()]);
        out.rebate_earned = Amount::total(l.rebate_earned[s.get()]);
        out.gifts.clear();
        if let Some(t) = l.gifts[s.get()] {
            out.gifts.extend(gifts_of(cat, t));
        }
        out.payable = Amount::total(paid + l.shipping[s.get()]);
    }
    let original: Fen = ix.lines.iter().map(|l| l.orig).sum();
    let shipping: Fen = l.shipping.iter().sum();
    let payable: Fen = amounts.paid.iter().sum::<Fen>() - points.used + shipping;
    q.currency = Cow::Borrowed("CNY");
    q.points = points.scheme.then_some(QuotePoints {
        used: points.used.unsigned_abs(),
        earned: points.earned,
    });
    q.totals = Totals {
        original: Amount::total(original),
        item_discount: Amount::total(stage_total[Stage::ItemDiscount as usize]),
        threshold: Amount::total(stage_total[Stage::Threshold as usize]),
        shop_coupon: Amount::total(stage_total[Stage::ShopCoupon as usize]),
        rebate: Amount::total(stage_total[Stage::Rebate as usize]),
        platform_coupon: Amount::total(stage_total[Stage::PlatformCoupon as usize]),
        points: points.scheme.then_some(Amount::total(points.used)),
        shipping: Amount::total(shipping),
        payable: Amount::total(payable),
    };
    q.applied.clear();
    room(&mut q.applied, l.applied.len());
    q.applied.extend(l.applied.iter().map(|a| Applied {
        promotion: id(a.promo),
        stage: cat.head(a.promo).stage,
        shop: a.shop.map(|s| Cow::Borrowed(shop_name(s))),
        amount: Amount::total(a.amount),
        sets: a.sets,
    }));
    q.not_applied.clear();
    room(&mut q.not_applied, l.notes.len());
    q.not_applied.extend(l.notes.iter().map(|n| NotApplied {
        promotion: id(n.promo),
        reason: n.why.reason(),
        message: why::message(cat, cart, n.promo, &n.why),
    }));
    q.hints.clear();
    room(&mut q.hints, l.hints.len());
    q.hints.extend(l.hints.iter().map(|h| Hint {
        promotion: id(h.promo),
        shortfall: h.shortfall.map(Amount::total),
        shortfall_units: h.shortfall_units,
        saving: Amount::total(h.saving),
        free_shipping: h.free_shipping.then_some(true),
        gifts: h.gifts.map(|t| gifts_of(cat, t).collect()),
    }));
}

/// Writes each line of the quote into `lines` (reusing each line's
/// discounts), and returns each stage's total of the shares.
///
/// The ledger's shares were recorded stage after stage, so each line's come
/// in stage order: they are written onto their lines as they were recorded,
/// with no grouping by line (grouping them again was ~700 instructions of a
/// checked price of the peer cart, callgrind). Only stage 1 can give a line
/// two shares (of one stage), and those go in promotion order: such a line,
/// rare, is written again from its shares sorted ([`resort_line`]). The sixth
/// step's share comes last, as it was taken last.
fn write_lines<'a>(
    p: &Pricing<'a>,
    ix: &CartIndex,
    amounts: &Amounts,
    points: &PointsTaken,
    l: &Ledger,
    scratch: &mut Scratch,
    lines: &mut Vec<QuoteLine<'a>>,
) -> [Fen; 5] {
    let (cat, cart) = (p.cat, p.cart);
    let n = cart.lines.len();
    lines.truncate(n);
    room(lines, n);
    if lines.len() < n {
        // New lines get room for their discounts at once (see `room`).
        let counts = &mut scratch.counts;
        counts.clear();
        counts.resize(n, 0);
        for d in &l.shares {
            counts[d.line.get()] += 1;
        }
        for (i, &count) in counts.iter().enumerate().skip(lines.len()) {
            let share = usize::from(points.share(i) > 0);
            lines.push(blank_line(count as usize + share));
        }
    }
    for ((i, line), out) in cart.lines.iter().enumerate().zip(lines.iter_mut()) {
        out.id = Cow::Borrowed(&line.id);
        out.shop = Cow::Borrowed(&line.shop);
        out.sku = Cow::Borrowed(&line.sku);
        out.quantity = line.quantity;
        out.original = Amount::total(ix.lines[i].orig);
        out.paid = Amount::total(amounts.paid[i] - points.share(i));
        out.discounts.clear();
    }
    // One a stage, the points' too (never written: an index every stage
    // has, so no bound is checked a share).
    let mut stage_total = [0 as Fen; 6];
    // Lines whose second share is of stage 1 (so are their first's).
    let resort = &mut scratch.counts;
    resort.clear();
    // A promotion's shares come one after another (a stage records each
    // winner's over its lines at once): its id and stage are looked up
    // once a run of them, not once a share. Only a stage 1 that went by its
    // lists can give a line a second share of stage 1: without it no share
    // is tested for one (~6 instructions a share, callgrind).
    let lists = l.item_lists;
    if let Some(first) = l.shares.first() {
        let head = cat.head(first.promo);
        let (mut promo, mut id, mut stage) = (first.promo, &*head.id, head.stage);
        for d in &l.shares {
            if d.promo != promo {
                let head = cat.head(d.promo);
                (promo, id, stage) = (d.promo, &*head.id, head.stage);
            }
            stage_total[stage as usize] += d.amount;
            let discounts = &mut lines[d.line.get()].discounts;
            if lists && stage == Stage::ItemDiscount && discounts.len() == 1 {
                resort.push(d.line.get() as u32);
            }
            discounts.push(Discount {
                promotion: Some(Cow::Borrowed(id)),
                stage,
                amount: Amount::total(d.amount),
            });
        }
    }
    for &i in resort.iter() {
        resort_line(
            p,
            l,
            &mut scratch.by_line,
            i as usize,
            &mut lines[i as usize],
        );
    }
    // Without a points scheme there are no shares: no pass over the lines.
    for (out, &share) in lines.iter_mut().zip(&points.shares) {
        if share > 0 {
            out.discounts.push(Discount {
                promotion: None,
                stage: Stage::Points,
                amount: Amount::total(share),
            });
        }
    }
    let [items, threshold, shop, rebate, platform, _] = stage_total;
    [items, threshold, shop, rebate, platform]
}

/// Line `i`'s discounts written again from its shares sorted by promotion
/// (their ids are numbered in (stage, id) order): a line given two shares by
/// stage 1, whose order is the promotions' and not the order taken.
fn resort_line<'a>(
    p: &Pricing<'a>,
    l: &Ledger,
    mine: &mut Vec<Share>,
    i: usize,
    out: &mut QuoteLine<'a>,
) {
    mine.clear();
    mine.extend(l.shares.iter().filter(|d| d.line.get() == i));
    mine.sort_unstable_by_key(|d| d.promo);
    out.discounts.clear();
    out.discounts.extend(mine.iter().map(|d| {
        let head = p.cat.head(d.promo);
        Discount {
            promotion: Some(Cow::Borrowed(&*head.id)),
            stage: head.stage,
            amount: Amount::total(d.amount),
        }
    }));
}

/// A vector of a fresh quote (no buffer yet) gets one of exactly `len`
/// items at once: grown from nothing by `extend` or `push` it goes through
/// the amortised path (+1,400 instructions a `price` of the peer cart,
/// callgrind), and its rounded-up sizes crowd malloc's per-size caches. A
/// vector with a buffer is left to grow as it is written, if it must.
fn room<T>(v: &mut Vec<T>, len: usize) {
    if v.capacity() == 0 {
        *v = Vec::with_capacity(len);
    }
}

/// A line of a quote before it is written, with room for `discounts` discounts.
fn blank_line<'a>(discounts: usize) -> QuoteLine<'a> {
    QuoteLine {
        id: Cow::Borrowed(""),
        shop: Cow::Borrowed(""),
        sku: Cow::Borrowed(""),
        quantity: 0,
        original: Amount::default(),
        paid: Amount::default(),
        discounts: Vec::with_capacity(discounts),
    }
}

/// A shop of a quote before it is written.
fn blank_shop<'a>() -> QuoteShop<'a> {
    QuoteShop {
        shop: Cow::Borrowed(""),
        original: Amount::default(),
        shipping: Amount::default(),
        rebate_used: Amount::default(),
        rebate_earned: Amount::default(),
        gifts: Vec::new(),
        payable: Amount::default(),
    }
}

/// The gifts of a threshold tier.
fn gifts_of(cat: &Catalog, t: TierRef) -> impl Iterator<Item = GiftOut<'_>> {
    let gifts = match &cat.offers[t.rule as usize].offer {
        Offer::Tiers { tiers, .. } => &tiers[t.tier as usize].gifts[..],
        Offer::Every { .. } => &[],
    };
    gifts.iter().map(|g| GiftOut {
        sku: Cow::Borrowed(&*g.sku),
        quantity: g.quantity,
    })
}
