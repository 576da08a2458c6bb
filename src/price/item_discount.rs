//! Stage 1: 单品优惠 (reference: [`item_discount` (stage 1)](crate::_documentation::reference#item_discount-stage-1)), and with [`bundle`](super::bundle) the
//! sets of 搭配套餐 (reference: [`bundle` (搭配套餐)](crate::_documentation::reference#bundle-搭配套餐-stage-1)).
//!
//! For each shop: every line's offers (the item discounts in window,
//! audience and scope that keep the unit above both floors); then the
//! bundles' sets, chosen as one exact choice with the item discounts on the
//! units they leave; then, on every unit left out of the sets, each line's
//! best item discount — lines in id order, a promotion with `max_units`
//! discounting only what is left of its limit for the line's SKU.

use crate::error::Error;
use crate::ids::{LineIx, PromoId, ShopIx};
use crate::money::{self, Fen};
use crate::rules::compiled::{ItemBenefit, ItemRule};

use super::bundle;
use super::explain::Why;
use super::state::{span, Kind, LineFacts, Pricing};

/// An item discount that may apply to a line: its look, what it takes off a
/// unit, and its `max_units`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Offer {
    pub(crate) look: u32,
    pub(crate) promo: PromoId,
    pub(crate) per_unit: Fen,
    pub(crate) limit: Option<u32>,
}

/// Runs stage 1: fills the reference amounts and records every reduction.
pub(crate) fn stage(p: &mut Pricing<'_>) -> Result<(), Error> {
    let n = p.w.lines.len();
    let w = &mut *p.w;
    w.reference.clear();
    w.reference.extend(w.lines.iter().map(|l| l.orig));
    w.free.clear();
    w.free.extend(w.lines.iter().map(|l| l.qty));
    w.offer_at.clear();
    w.offer_at.resize(n, 0..0);
    for s in 0..p.w.shops.len() {
        shop(p, s)?;
    }
    Ok(())
}

fn shop(p: &mut Pricing<'_>, s: usize) -> Result<(), Error> {
    let looks = p.looks(s, Kind::Item);
    gather(p, s);
    let bundles = !p.looks(s, Kind::Bundle).is_empty();
    let limits = p.w.offers.iter().any(|(_, o)| o.limit.is_some());
    // Lines take units and limits in id order; without limits or bundles the
    // lines do not interact and any order does.
    let shop_lines = span(&p.w.shops[s].lines);
    let cart = p.cart;
    let w = &mut *p.w;
    w.sorted.clear();
    w.sorted.extend_from_slice(&w.shop_lines[shop_lines]);
    if bundles || limits {
        w.sorted
            .sort_unstable_by(|a, b| cart.lines[a.get()].id.cmp(&cart.lines[b.get()].id));
    }
    if bundles {
        let choice = bundle::choose(p, s, &|lines: &[LineIx], free: &dyn Fn(LineIx) -> i64| {
            discount(p, lines, free, |_, _, _, _| {})
        })?;
        bundle::record(p, s, &choice);
    }
    // The item discounts on the units left.
    let w = &mut *p.w;
    let mut takes = std::mem::take(&mut w.takes);
    takes.clear();
    discount(p, &p.w.sorted, &|i| p.w.free[i.get()], |i, o, _, red| {
        takes.push((i, *o, red));
    });
    let w = &mut *p.w;
    w.tmp.clear();
    w.tmp.resize(looks.len(), 0);
    for &(i, o, red) in &takes {
        w.reference[i.get()] -= red;
        w.ledger.share(i, o.promo, red);
        w.tmp[o.look as usize - looks.start] += red;
    }
    w.takes = takes;
    for k in looks.clone() {
        let look = &p.w.looks[k];
        if look.gate.is_some() || look.lines.is_empty() {
            continue;
        }
        let promo = look.promo;
        let used = p.w.tmp[k - looks.start];
        if used > 0 {
            p.w.ledger.applied(promo, Some(ShopIx::new(s)), used);
        } else {
            // A reason that holds on a line; with none, another discount (or
            // the sets, which took its units) did better everywhere.
            let why = p.w.misses[k - looks.start]
                .take()
                .unwrap_or(Why::ItemOutranked);
            p.w.ledger.note(promo, why);
        }
    }
    Ok(())
}

/// Every line's offers (into `w.offers`, each line's range in `w.offer_at`),
/// and each look's reason where it does not apply (into `w.misses`).
fn gather(p: &mut Pricing<'_>, s: usize) {
    let cat = p.cat;
    let cart = p.cart;
    let looks = p.looks(s, Kind::Item);
    let w = &mut *p.w;
    w.offers.clear();
    w.misses.clear();
    for k in looks {
        let look = &w.looks[k];
        if let Some(why) = &look.gate {
            let (promo, why) = (look.promo, why.clone());
            w.ledger.note(promo, why);
            w.misses.push(None);
            continue;
        }
        if look.lines.is_empty() {
            let promo = look.promo;
            w.ledger.note(promo, Why::OutOfScope);
            w.misses.push(None);
            continue;
        }
        let rule = &cat.items[look.rule as usize];
        let promo = look.promo;
        let mut miss: Option<Why> = None;
        for &i in &w.pool[span(&look.lines)] {
            match per_unit(rule, i, &w.lines[i.get()], p.rounding) {
                Ok(r) => w.offers.push((
                    i,
                    Offer {
                        look: k as u32,
                        promo,
                        per_unit: r,
                        limit: rule.max_units,
                    },
                )),
                Err(why) => {
                    // The lowest reason; of equal ones, the line with the smallest id.
                    let key = |w: &Why| (w.reason(), w.line().map(|l| &*cart.lines[l.get()].id));
                    if miss.as_ref().is_none_or(|m| key(&why) < key(m)) {
                        miss = Some(why);
                    }
                }
            }
        }
        w.misses.push(miss);
    }
    // Each line's offers together, in id order of the promotions (the tie order).
    w.offers.sort_unstable_by_key(|(i, o)| (*i, o.promo));
    let mut at = 0;
    while at < w.offers.len() {
        let i = w.offers[at].0;
        let end = at + w.offers[at..].iter().take_while(|(j, _)| *j == i).count();
        w.offer_at[i.get()] = at as u32..end as u32;
        at = end;
    }
}

/// The item discounts taken on `lines` (in the order they take them) with
/// `free(i)` units left on each: on each line the offer with the largest
/// line reduction (a tie: the smaller id), a limited offer taking only what
/// is left of its limit for the line's SKU. `take` is told each line's
/// choice (line, offer, units, reduction); returns the sum.
pub(crate) fn discount(
    p: &Pricing<'_>,
    lines: &[LineIx],
    free: &dyn Fn(LineIx) -> i64,
    mut take: impl FnMut(LineIx, &Offer, i64, Fen),
) -> Fen {
    let cart = p.cart;
    // What is left of each limited offer's limit, per SKU.
    let mut left: Vec<(u32, &str, i64)> = Vec::new();
    let mut total = 0;
    for &i in lines {
        let units = free(i);
        if units <= 0 {
            continue;
        }
        let sku = cart.lines[i.get()].sku.as_str();
        let mut best: Option<(Fen, i64, usize)> = None;
        let offers = &p.w.offers[span(&p.w.offer_at[i.get()])];
        for (k, (_, o)) in offers.iter().enumerate() {
            let n = match o.limit {
                None => units,
                Some(limit) => {
                    let l = left
                        .iter()
                        .find(|(look, s, _)| *look == o.look && *s == sku)
                        .map_or(i64::from(limit), |e| e.2);
                    units.min(l)
                }
            };
            if n <= 0 {
                continue;
            }
            let red = o.per_unit * n;
            if best.is_none_or(|b| red > b.0) {
                best = Some((red, n, k));
            }
        }
        let Some((red, n, k)) = best else { continue };
        let o = &offers[k].1;
        if let Some(limit) = o.limit {
            match left
                .iter_mut()
                .find(|(look, s, _)| *look == o.look && *s == sku)
            {
                Some(e) => e.2 -= n,
                None => left.push((o.look, sku, i64::from(limit) - n)),
            }
        }
        take(i, o, n, red);
        total += red;
    }
    total
}

/// The new unit price an item discount sets, before the floors.
pub(crate) fn new_price(b: ItemBenefit, unit: Fen, rounding: money::Rounding) -> Fen {
    match b {
        ItemBenefit::Fold(f) => money::fold_price(unit, f, rounding),
        ItemBenefit::AmountOff(a) => unit - a,
        ItemBenefit::Fixed(p) => p,
    }
}

/// What an item discount takes off one unit of the line, or why it does not
/// apply to the line.
fn per_unit(
    rule: &ItemRule,
    i: LineIx,
    line: &LineFacts,
    rounding: money::Rounding,
) -> Result<Fen, Why> {
    let new = new_price(rule.benefit, line.unit, rounding);
    if new < money::UNIT_FLOOR || money::below_tenth_fold(new, line.unit) {
        return Err(Why::BelowFloor { line: i, new });
    }
    if new >= line.unit {
        return Err(Why::NotBelowPrice { line: i, new });
    }
    Ok(line.unit - new)
}
