//! Stage 1: 单品优惠 (contract §3.1) — on each line, of the item discounts in
//! its window, audience and scope, the one with the largest line reduction;
//! never below the price floors.

use crate::ids::LineIx;
use crate::money::{self, Fen};
use crate::rules::compiled::{ItemBenefit, ItemRule};

use super::explain::Why;
use super::state::{span, Kind, LineFacts, Pricing};

/// Runs stage 1: fills the reference amounts and records every reduction.
pub(crate) fn stage(p: &mut Pricing<'_>) {
    let n = p.w.lines.len();
    p.w.reference.clear();
    p.w.reference.extend(p.w.lines.iter().map(|l| l.orig));
    p.w.best.clear();
    p.w.best.resize(n, (0, u32::MAX));
    for s in 0..p.w.shops.len() {
        shop(p, s);
    }
}

fn shop(p: &mut Pricing<'_>, s: usize) {
    let cat = p.cat;
    let looks = p.looks(s, Kind::Item);
    if looks.is_empty() {
        return;
    }
    // Each line's best (reduction, look); each look's lowest reason where it fails.
    p.w.misses.clear();
    for k in looks.clone() {
        let look = &p.w.looks[k];
        if let Some(why) = &look.gate {
            let (promo, why) = (look.promo, why.clone());
            p.w.ledger.note(promo, why);
            p.w.misses.push(None);
            continue;
        }
        if look.lines.is_empty() {
            let promo = look.promo;
            p.w.ledger.note(promo, Why::OutOfScope);
            p.w.misses.push(None);
            continue;
        }
        let rule = &cat.items[look.rule as usize];
        let mut miss: Option<Why> = None;
        let lines = span(&look.lines);
        let cart = p.cart;
        let w = &mut *p.w;
        for &i in &w.pool[lines] {
            match reduction(rule, i, &w.lines[i.get()], p.rounding) {
                Ok(r) => {
                    let b = &mut w.best[i.get()];
                    if b.1 == u32::MAX || r > b.0 {
                        *b = (r, k as u32);
                    }
                }
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
    // Apply each line's best; sum what each look took.
    p.w.tmp.clear();
    p.w.tmp.resize(looks.len(), 0);
    let lines = p.w.shops[s].lines.clone();
    for j in lines {
        let i = p.w.shop_lines[j as usize];
        let (r, k) = p.w.best[i.get()];
        if k == u32::MAX {
            continue;
        }
        p.w.reference[i.get()] -= r;
        let promo = p.w.looks[k as usize].promo;
        p.w.ledger.share(i, promo, r);
        p.w.tmp[k as usize - looks.start] += r;
    }
    for k in looks.clone() {
        let look = &p.w.looks[k];
        if look.gate.is_some() || look.lines.is_empty() {
            continue;
        }
        let promo = look.promo;
        let used = p.w.tmp[k - looks.start];
        if used > 0 {
            p.w.ledger
                .applied(promo, Some(crate::ids::ShopIx::new(s)), used);
        } else {
            let why = p.w.misses[k - looks.start]
                .take()
                .unwrap_or(Why::ItemOutranked);
            p.w.ledger.note(promo, why);
        }
    }
}

/// The new unit price an item discount sets, before the floors.
pub(crate) fn new_price(b: ItemBenefit, unit: Fen, rounding: money::Rounding) -> Fen {
    match b {
        ItemBenefit::Fold(f) => money::fold_price(unit, f, rounding),
        ItemBenefit::AmountOff(a) => unit - a,
        ItemBenefit::Fixed(p) => p,
    }
}

/// The line reduction of an item discount, or why it does not apply to the line.
fn reduction(
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
    let units = rule
        .max_units
        .map_or(line.qty, |m| line.qty.min(i64::from(m)));
    Ok((line.unit - new) * units)
}
