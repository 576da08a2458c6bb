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
use crate::ids::{LineIx, ShopIx};
use crate::model::PromotionType;
use crate::money::{self, Fen};
use crate::rules::compiled::{ItemBenefit, ItemRule};

use super::bundle;
use super::state::{
    Amounts, CartIndex, ItemScratch, ItemTake, Ledger, LineDiscounts, LineFacts, Pricing,
    UnitDiscount,
};
use super::why::Why;

/// Runs stage 1: fills the reference amounts and records every reduction.
pub(crate) fn stage(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &mut Amounts,
    items: &mut ItemScratch,
    ledger: &mut Ledger,
) -> Result<(), Error> {
    let n = ix.lines.len();
    amounts.reference.clear();
    amounts.reference.extend(ix.lines.iter().map(|l| l.orig));
    items.free.clear();
    items.free.extend(ix.lines.iter().map(|l| l.qty));
    // Per line, sized to the cart and not cleared: what a line's entries
    // hold is written by its shop's `gather` (and `line_lists`) before it
    // is read (clearing them here as well was ~100 instructions a price of
    // the peer cart, callgrind).
    items.discounts.at.resize(n, 0..0);
    items.unlimited.resize(n, None);
    items.unlimited_nth.truncate(n);
    items.unlimited_nth.resize_with(n, Vec::new);
    for s in ix.shop_ixs() {
        shop(p, ix, amounts, items, ledger, s)?;
    }
    Ok(())
}

fn shop(
    p: &Pricing<'_>,
    ix: &CartIndex,
    amounts: &mut Amounts,
    items: &mut ItemScratch,
    ledger: &mut Ledger,
    s: ShopIx,
) -> Result<(), Error> {
    let looks = ix.looks_of(s, PromotionType::ItemDiscount);
    let each_unit = gather(p, ix, items, ledger, s);
    let bundles = !ix.looks_of(s, PromotionType::Bundle).is_empty();
    if each_unit && !bundles {
        // Every unit of a line takes the line's best item discount, whatever
        // the other lines take: no lists, no order, one pass.
        every_unit(ix, amounts, items, ledger, s);
        return Ok(());
    }
    // A line may now get two shares of this stage (see `Ledger::item_lists`).
    ledger.item_lists = true;
    line_lists(ix, items, s);
    let limits = items.discounts.all.iter().any(|o| o.limit.is_some());
    // Lines take units and limits in id order; without limits or bundles the
    // lines do not interact and any order does.
    let cart = p.cart;
    items.sorted.clear();
    items.sorted.extend_from_slice(ix.lines_of_shop(s));
    if bundles || limits {
        items
            .sorted
            .sort_unstable_by(|a, b| cart.lines[a.get()].id.cmp(&cart.lines[b.get()].id));
    }
    if bundles {
        let on_lines = &items.discounts;
        bundle::choose(
            p,
            ix,
            on_lines,
            &items.sorted,
            s,
            &|lines: &[LineIx], free: &dyn Fn(LineIx) -> i64| {
                discount(p, on_lines, lines, free, |_, _| {})
            },
            &mut items.bundles,
        )?;
        bundle::record(
            p,
            s,
            &mut items.bundles,
            &mut items.free,
            &mut amounts.reference,
            ledger,
        );
    }
    // The item discounts on the units left.
    let ItemScratch {
        free,
        discounts,
        sorted,
        takes,
        misses,
        used,
        ..
    } = items;
    takes.clear();
    discount(p, discounts, sorted, &|i| free[i.get()], |d, reduction| {
        takes.push(ItemTake {
            discount: *d,
            reduction,
        });
    });
    used.clear();
    used.resize(looks.len(), 0);
    for t in takes.iter() {
        let i = t.discount.line;
        amounts.reference[i.get()] -= t.reduction;
        ledger.share(i, t.discount.promo, t.reduction);
        used[t.discount.look as usize - looks.start] += t.reduction;
    }
    settle(ix, s, used, misses, ledger);
    Ok(())
}

/// Stage 1 of a shop without bundles whose item discounts all discount
/// every unit without `max_units` ([`gather`] kept only each line's best):
/// each line takes its best on all its units, as [`discount`] would, in the
/// same order (the shop's lines), so the same reductions are recorded.
fn every_unit(
    ix: &CartIndex,
    amounts: &mut Amounts,
    items: &mut ItemScratch,
    ledger: &mut Ledger,
    s: ShopIx,
) {
    let looks = ix.looks_of(s, PromotionType::ItemDiscount);
    let ItemScratch {
        unlimited,
        misses,
        used,
        ..
    } = items;
    used.clear();
    used.resize(looks.len(), 0);
    for &i in ix.lines_of_shop(s) {
        if let Some(d) = &unlimited[i.get()] {
            // No bundle: every unit of the line is free.
            let reduction = d.per_unit * d.units_of(ix.lines[i.get()].qty);
            amounts.reference[i.get()] -= reduction;
            ledger.share(i, d.promo, reduction);
            used[d.look as usize - looks.start] += reduction;
        }
    }
    settle(ix, s, used, misses, ledger);
}

/// Records each open item discount of shop `s` as used (what it took, from
/// `used`) or not, and why (from `misses`).
fn settle(
    ix: &CartIndex,
    s: ShopIx,
    used: &[Fen],
    misses: &mut [Option<Why>],
    ledger: &mut Ledger,
) {
    let looks = ix.looks_of(s, PromotionType::ItemDiscount);
    for k in looks.clone() {
        let look = &ix.looks[k];
        if !look.is_open() {
            continue;
        }
        let took = used[k - looks.start];
        if took > 0 {
            ledger.applied(look.promo, Some(s), took);
        } else {
            // A reason that holds on a line; with none, another discount (or
            // the sets, which took its units) did better everywhere.
            let why = misses[k - looks.start].take().unwrap_or(Why::ItemOutranked);
            ledger.note(look.promo, why);
        }
    }
}

/// Every line's item discounts (into `items.discounts`), and each look's
/// reason where it applies to none of its lines (into `items.misses`).
///
/// Of a line's item discounts without `max_units` only the best is kept (the
/// largest reduction per unit; a tie: the smaller id), and of those with
/// `max_units` only the ones that can beat it: an item discount's reduction
/// on a line is its reduction per unit times the units it takes, so one that
/// takes less a unit, or as much with a larger id, is never chosen. So
/// without `max_units` what a price keeps is linear in the lines and the
/// promotions, not their product (a shop with 100,000 item discounts on each
/// of 1,000 lines keeps 1,000, not 10⁸).
///
/// A 第N件X折 takes `⌊q / n⌋` of `q` units, so its reduction depends on `q`
/// (which the bundles' sets may lower): it is kept unless it loses on every
/// `q`. It does against the best discount of every unit when it takes at
/// most `n` times as much a unit (it takes at most `q / n` units; as much,
/// with a larger id), and against another 第N件X折 without `max_units` with
/// an `n` no larger that takes as much a unit (and comes first by id): so a
/// line keeps at most one per `n`.
///
/// Returns whether every item discount kept discounts every unit without
/// `max_units` (none limited, no 第N件X折): then each line's best is in
/// `items.unlimited` and nothing else; otherwise [`line_lists`] puts them
/// together.
fn gather(
    p: &Pricing<'_>,
    ix: &CartIndex,
    items: &mut ItemScratch,
    ledger: &mut Ledger,
    s: ShopIx,
) -> bool {
    let cat = p.cat;
    let cart = p.cart;
    let ItemScratch {
        discounts: LineDiscounts { all, .. },
        misses,
        unlimited,
        unlimited_nth,
        ..
    } = items;
    all.clear();
    misses.clear();
    let mut each_unit = true;
    for &i in ix.lines_of_shop(s) {
        unlimited[i.get()] = None;
        unlimited_nth[i.get()].clear();
    }
    for k in ix.looks_of(s, PromotionType::ItemDiscount) {
        let look = &ix.looks[k];
        if !super::contest::open(look, ledger) {
            misses.push(None);
            continue;
        }
        let rule = &cat.items[look.rule as usize];
        let cap = super::use_limits::unit_cap(p, look.promo, rule.max_units);
        let mut miss: Option<Why> = None;
        for &i in ix.lines_of(k) {
            match per_unit(rule, i, &ix.lines[i.get()], p.rounding) {
                Ok(r) => {
                    let d = UnitDiscount {
                        line: i,
                        look: k as u32,
                        promo: look.promo,
                        per_unit: r,
                        // min(max_units, per_customer_units left): one cap.
                        limit: cap,
                        every: rule.every,
                    };
                    if d.limit.is_some() {
                        each_unit = false;
                        all.push(d);
                    } else if d.every > 1 {
                        each_unit = false;
                        keep_nth(&mut unlimited_nth[i.get()], d);
                    } else {
                        // Looks come in id order: the first of the largest wins.
                        let best = &mut unlimited[i.get()];
                        if best.is_none_or(|b| r > b.per_unit) {
                            *best = Some(d);
                        }
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
        misses.push(miss);
    }
    each_unit
}

/// Each line's item discounts of shop `s` as [`gather`] kept them, together
/// in `items.discounts`: the limited, the 第N件X折 that the line's best
/// does not beat, and the best.
fn line_lists(ix: &CartIndex, items: &mut ItemScratch, s: ShopIx) {
    let ItemScratch {
        discounts: LineDiscounts { all, at },
        unlimited,
        unlimited_nth,
        ..
    } = items;
    for &i in ix.lines_of_shop(s) {
        at[i.get()] = 0..0;
        all.extend_from_slice(&unlimited_nth[i.get()]);
    }
    all.retain(|d| match &unlimited[d.line.get()] {
        Some(u) => {
            // At most `every` times fewer units than `u`, which takes every one.
            let par = u.per_unit * i64::from(d.every);
            d.per_unit > par || (d.per_unit == par && d.promo < u.promo)
        }
        None => true,
    });
    all.extend(
        ix.lines_of_shop(s)
            .iter()
            .filter_map(|&i| unlimited[i.get()]),
    );
    // Each line's item discounts together, in id order of the promotions (the tie order).
    all.sort_unstable_by_key(|d| (d.line, d.promo));
    let mut from = 0;
    while from < all.len() {
        let i = all[from].line;
        let end = from + all[from..].iter().take_while(|d| d.line == i).count();
        at[i.get()] = from as u32..end as u32;
        from = end;
    }
}

/// The item discounts taken on `lines` (in the order they take them) with
/// `free(i)` units left on each: on each line the item discount with the
/// largest line reduction (a tie: the smaller id), a limited one taking only
/// what is left of its limit for the line's SKU. `take` is told each line's
/// choice (the discount and its reduction); returns the sum.
pub(crate) fn discount(
    p: &Pricing<'_>,
    on_lines: &LineDiscounts,
    lines: &[LineIx],
    free: &dyn Fn(LineIx) -> i64,
    mut take: impl FnMut(&UnitDiscount, Fen),
) -> Fen {
    let cart = p.cart;
    // What is left of each limited item discount's limit, per SKU.
    let mut left: Vec<LimitLeft<'_>> = Vec::new();
    let mut total = 0;
    for &i in lines {
        let units = free(i);
        if units <= 0 {
            continue;
        }
        let sku = cart.lines[i.get()].sku.as_str();
        let mut best: Option<(Fen, i64, &UnitDiscount)> = None;
        for d in on_lines.of(i) {
            let can = d.units_of(units);
            let n = match d.limit {
                None => can,
                Some(limit) => {
                    let l = left
                        .iter()
                        .find(|e| e.look == d.look && e.sku == sku)
                        .map_or(i64::from(limit), |e| e.units);
                    can.min(l)
                }
            };
            if n <= 0 {
                continue;
            }
            let red = d.per_unit * n;
            if best.is_none_or(|b| red > b.0) {
                best = Some((red, n, d));
            }
        }
        let Some((red, n, d)) = best else { continue };
        if let Some(limit) = d.limit {
            match left.iter_mut().find(|e| e.look == d.look && e.sku == sku) {
                Some(e) => e.units -= n,
                None => left.push(LimitLeft {
                    look: d.look,
                    sku,
                    units: i64::from(limit) - n,
                }),
            }
        }
        take(d, red);
        total += red;
    }
    total
}

/// Keeps 第N件X折 `d` (of a line, without `max_units`) among the line's
/// others `kept` unless one of them takes at least as much a unit with an
/// `n` no larger (it comes first by id: looks come in id order), so it
/// reduces at least as much on every number of units; drops those `d` beats
/// so. `kept` stays at most one per `n`, its reduction per unit rising with `n`.
fn keep_nth(kept: &mut Vec<UnitDiscount>, d: UnitDiscount) {
    if kept
        .iter()
        .any(|e| e.every <= d.every && e.per_unit >= d.per_unit)
    {
        return;
    }
    kept.retain(|e| !(d.every <= e.every && d.per_unit > e.per_unit));
    kept.push(d);
}

/// What is left of a limited item discount's `max_units` for one SKU.
struct LimitLeft<'c> {
    look: u32,
    sku: &'c str,
    units: i64,
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
/// apply to the line (a 第N件X折 on a line with fewer than `n` units: its
/// n-th unit is not there).
fn per_unit(
    rule: &ItemRule,
    i: LineIx,
    line: &LineFacts,
    rounding: money::Rounding,
) -> Result<Fen, Why> {
    if line.qty < i64::from(rule.every) {
        return Err(Why::FewerThanN {
            line: i,
            units: line.qty,
            n: rule.every,
        });
    }
    let new = new_price(rule.benefit, line.unit, rounding);
    if new < money::UNIT_FLOOR || money::below_tenth_fold(new, line.unit) {
        return Err(Why::BelowFloor { line: i, new });
    }
    if new >= line.unit {
        return Err(Why::NotBelowPrice { line: i, new });
    }
    Ok(line.unit - new)
}

#[cfg(test)]
mod tests {
    use crate::ids::LineIx;
    use crate::{Cart, Engine, Rules};

    use super::super::state::{CartIndex, Ledger, Work};

    /// `n` unscoped 9折 item discounts of shop `s`, and a cart of `lines`
    /// one-unit lines of 10.00 there (issue 19, D1, in small).
    fn many_on_every_line(n: usize, lines: usize, extra: Option<&str>) -> (Engine, Cart) {
        let mut promos: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"id":"p{i:07}","type":"item_discount","shop":"s","fold":"9"}}"#))
            .collect();
        promos.extend(extra.map(String::from));
        let rules: Rules =
            serde_json::from_str(&format!(r#"{{"promotions":[{}]}}"#, promos.join(","))).unwrap();
        let ls: Vec<String> = (0..lines)
            .map(|i| {
                format!(r#"{{"id":"L{i:04}","shop":"s","sku":"k{i}","unit_price":"10.00","quantity":1}}"#)
            })
            .collect();
        let cart: Cart = serde_json::from_str(&format!(
            r#"{{"now":"2026-11-11T10:00:00+08:00","lines":[{}]}}"#,
            ls.join(",")
        ))
        .unwrap();
        (Engine::new(rules).unwrap(), cart)
    }

    /// What a price keeps of the item discounts that may apply is linear in
    /// the lines, not lines × promotions: 2,000 on each of 50 lines keep at
    /// most one per line (a list of every pair held 100,000). Both ways of
    /// stage 1: the one pass (every discount of the shop takes every unit),
    /// and the lists, which one discount with `max_units` in the shop asks for.
    #[test]
    fn a_line_keeps_one_item_discount_without_max_units() {
        let limited = r#"{"id":"z","type":"item_discount","shop":"s","fold":"9.5","max_units":1}"#;
        for extra in [None, Some(limited)] {
            let (engine, cart) = many_on_every_line(2_000, 50, extra);
            let quote = engine.price(&cart).unwrap();
            // 10.00 × 9折 = 9.00 on each of 50 lines; the smallest id wins the
            // tie; z's 0.50 off one unit never beats 1.00 off it.
            assert_eq!(quote.totals.payable.to_string(), "450.00");
            assert_eq!(quote.applied.len(), 1);
            assert_eq!(quote.applied[0].promotion, "p0000000");
            assert_eq!(
                quote.not_applied.len(),
                1_999 + usize::from(extra.is_some())
            );
            // The buffers this thread priced with: their capacity is what the price held.
            let w = Work::take();
            let kept = w.items.discounts.all.capacity();
            Work::give_back(w);
            assert!(kept <= 4 * 50, "{kept} item discounts kept for 50 lines");
            if extra.is_some() {
                // The lists were used: each line's 9折 at least.
                assert!(kept >= 50, "{kept}: the lists path kept a discount a line");
            }
        }
    }

    /// 第N件X折 too: 2,000 第二件半价 on each of 50 two-unit lines keep one
    /// per line (the same `n`, the same reduction a unit: the first id), and
    /// 2,000 第二件 at 9.5折 beside a 9折 of every unit keep none (0.50 a unit
    /// on every 2nd unit never beats 1.00 on every unit).
    #[test]
    fn a_line_keeps_one_nth_unit_discount_per_n() {
        let nth = |n: usize, fold: &str| -> Vec<String> {
            (0..n)
                .map(|i| {
                    format!(
                        r#"{{"id":"p{i:07}","type":"item_discount","shop":"s","nth":{{"n":2,"fold":"{fold}"}}}}"#
                    )
                })
                .collect()
        };
        let cart: Cart = serde_json::from_str(&format!(
            r#"{{"now":"2026-11-11T10:00:00+08:00","lines":[{}]}}"#,
            (0..50)
                .map(|i| format!(r#"{{"id":"L{i:04}","shop":"s","sku":"k{i}","unit_price":"10.00","quantity":2}}"#))
                .collect::<Vec<_>>()
                .join(",")
        ))
        .unwrap();
        let price = |promos: Vec<String>| {
            let rules: Rules =
                serde_json::from_str(&format!(r#"{{"promotions":[{}]}}"#, promos.join(",")))
                    .unwrap();
            let engine = Engine::new(rules).unwrap();
            let quote = engine.price(&cart).unwrap();
            let paid = quote.totals.payable.to_string();
            let applied: Vec<String> = quote
                .applied
                .iter()
                .map(|a| a.promotion.to_string())
                .collect();
            let w = Work::take();
            let kept = w.items.discounts.all.capacity();
            let frontier: usize = w.items.unlimited_nth.iter().map(Vec::capacity).sum();
            Work::give_back(w);
            (paid, applied, kept, frontier)
        };
        let (paid, applied, kept, frontier) = price(nth(2_000, "5"));
        // Each line: 20.00, its 2nd unit at 5.00 off: 15.00; 50 × 15.00.
        assert_eq!(paid, "750.00");
        assert_eq!(applied, ["p0000000"]);
        assert!(kept <= 4 * 50, "{kept} item discounts kept for 50 lines");
        assert!(frontier <= 4 * 50, "{frontier} 第N件 kept for 50 lines");
        let mut promos = nth(2_000, "9.5");
        promos.push(r#"{"id":"z","type":"item_discount","shop":"s","fold":"9"}"#.into());
        let (paid, applied, kept, _) = price(promos);
        // 9折 of every unit: 2 × 1.00 off a line; 50 × 18.00.
        assert_eq!(paid, "900.00");
        assert_eq!(applied, ["z"]);
        assert!(kept <= 4 * 50, "{kept} item discounts kept for 50 lines");
    }

    /// A shop without bundles whose item discounts all discount every unit
    /// without `max_units` takes stage 1 in one pass (`every_unit`): the
    /// same reductions, by the same promotions, in the same order, as the
    /// lists and `discount` take.
    #[test]
    fn the_one_pass_takes_what_the_lists_take() {
        let rules = Rules::from_json(
            r#"{ "promotions": [
            { "id": "a", "type": "item_discount", "shop": "s", "fold": "9" },
            { "id": "b", "type": "item_discount", "shop": "s", "amount_off": "3", "scope": { "skus": ["k1", "k2"] } },
            { "id": "c", "type": "item_discount", "shop": "s", "fold": "9" },
            { "id": "d", "type": "item_discount", "shop": "s", "fixed_price": "5", "scope": { "skus": ["k3"] } },
            { "id": "e", "type": "item_discount", "shop": "t", "fold": "9.9", "scope": { "skus": ["none"] } }
        ] }"#,
        )
        .unwrap();
        let line = |id: &str, shop: &str, sku: &str, price: &str, q: u32| {
            format!(
                r#"{{"id":"{id}","shop":"{shop}","sku":"{sku}","unit_price":"{price}","quantity":{q}}}"#
            )
        };
        let cart = Cart::from_json(&format!(
            r#"{{"now":"2026-11-11T10:00:00+08:00","lines":[{}]}}"#,
            [
                line("L0", "s", "k0", "10.00", 2),
                line("T0", "t", "x", "7.00", 1),
                line("L1", "s", "k1", "10.00", 1),
                line("L2", "s", "k2", "2.50", 3),
                line("L3", "s", "k3", "20.00", 1),
            ]
            .join(",")
        ))
        .unwrap();
        let engine = Engine::new(rules).unwrap();
        let p = engine.pricing(&cart, false);
        let mut ix = CartIndex::default();
        super::super::check(&p, &mut ix).unwrap();
        let mut w = Work::take();
        let Work {
            amounts,
            items,
            ledger,
            ..
        } = &mut *w;
        super::stage(&p, &ix, amounts, items, ledger).unwrap();
        // The one pass made no lists.
        assert!(items.discounts.all.is_empty());
        let one_pass: Vec<(usize, &str, i64)> = ledger
            .shares
            .iter()
            .map(|d| (d.line.get(), &*engine.catalog.head(d.promo).id, d.amount))
            .collect();
        // L0: 9折 1.00 a unit × 2 (a and c tie: a, the smaller id); L1: 3.00
        // off beats 1.00; L2: 3.00 off a 2.50 unit is refused, 9折 0.25 × 3;
        // L3: 5.00 for a 20.00 unit, 15.00 off; T0: nothing in scope.
        assert_eq!(
            one_pass,
            [(0, "a", 200), (2, "b", 300), (3, "a", 75), (4, "d", 1500)]
        );
        let mut lists = Vec::new();
        let mut notes = Ledger::default();
        for s in ix.shop_ixs() {
            super::gather(&p, &ix, items, &mut notes, s);
            super::line_lists(&ix, items, s);
            let free = |i: LineIx| ix.lines[i.get()].qty;
            super::discount(
                &p,
                &items.discounts,
                ix.lines_of_shop(s),
                &free,
                |d, red| {
                    lists.push((d.line.get(), &*engine.catalog.head(d.promo).id, red));
                },
            );
        }
        assert_eq!(one_pass, lists);
        Work::give_back(w);
    }

    /// Issue 19, D1 at full size: 100,000 unscoped item discounts × 1,000
    /// one-unit lines (4 GB and an abort before). Run in release mode:
    /// `cargo test --release --lib -- --ignored d1_`; BENCHMARKS.md has its
    /// time and memory.
    #[test]
    #[ignore]
    fn d1_100_000_item_discounts_on_1_000_lines() {
        let (engine, cart) = many_on_every_line(100_000, 1_000, None);
        let quote = engine.price(&cart).unwrap();
        // 1,000 × 9.00.
        assert_eq!(quote.totals.payable.to_string(), "9000.00");
        assert_eq!(quote.not_applied.len(), 99_999);
    }
}
