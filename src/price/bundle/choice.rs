//! The choice of sets per bundle for one shop, and its record in the ledger.

use crate::error::Error;
use crate::ids::{LineIx, PromoId, ShopIx};
use crate::limits;
use crate::money::{self, Fen};
use crate::text::quoted;

use crate::model::PromotionType;

use super::super::state::{id_order, CartIndex, Ledger, LineDiscounts, Pricing};
use super::super::why::Why;
use super::exists::Exists;
use super::lone;
use super::problem::{
    groups, guaranteed, most_sets, set_problem, Exhausted, Formable, ItemValue, Sku,
};
use super::search::{SetSearch, Spare};

/// The choice: sets per bundle look of the shop, and what the search found out.
/// Kept with the pricing state: the next shop's choice reuses its buffers.
#[derive(Debug, Default)]
pub(crate) struct Choice {
    skus: Vec<Sku>,
    /// The SKUs of the choices before, emptied: the next SKUs take their
    /// buffers instead of allocating seven vectors each.
    spare: Vec<Sku>,
    formable: Vec<Formable>,
    /// Sets of each formable bundle.
    sets: Vec<u32>,
    /// Why each bundle look that formed no set did not.
    notes: Vec<(PromoId, Why)>,
    /// Per formable bundle, whether its group is searched without a budget.
    unbounded: Vec<bool>,
    /// Scratch of [`record`]: per SKU the units the sets before took; per
    /// line of a bundle's sets (line, units, original), then the lines,
    /// their weights and their shares of its reduction.
    taken: Vec<i64>,
    given: Vec<(LineIx, i64, Fen)>,
    lines: Vec<LineIx>,
    weights: Vec<Fen>,
    shares: Vec<Fen>,
    /// Scratch of [`choose`]: each bundle item's SKU number, in the order
    /// the looks and their items are numbered (each name looked up once).
    numbered: Vec<usize>,
    /// The buffers of the last search, for the next.
    search: Spare,
}

impl Choice {
    /// Empties the choice, keeping its buffers.
    fn clear(&mut self) {
        self.spare.extend(self.skus.drain(..).map(|mut sku| {
            sku.clear();
            sku
        }));
        self.formable.clear();
        self.sets.clear();
        self.notes.clear();
        self.unbounded.clear();
    }
}

/// Chooses how many sets of each bundle shop `s` forms, into `choice` (the
/// choice of the shop before, whose buffers it reuses). `items` says what the
/// item discounts would give the units a choice leaves; `on_lines` are the
/// item discounts of each line, and `sorted` the shop's lines in id order.
pub(crate) fn choose(
    p: &Pricing<'_>,
    ix: &CartIndex,
    on_lines: &LineDiscounts,
    sorted: &[LineIx],
    s: ShopIx,
    items: &ItemValue<'_>,
    choice: &mut Choice,
) -> Result<(), Error> {
    let cat = p.cat;
    let cart = p.cart;
    let looks = ix.looks_of(s, PromotionType::Bundle);
    choice.clear();
    // The SKUs the shop's bundles use, numbered, and then their lines.
    let mut numbers: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    choice.numbered.clear();
    for k in looks.clone() {
        let look = &ix.looks[k];
        if look.gate.is_some() {
            continue;
        }
        for (sku, _) in cat.bundles[look.rule as usize].items.iter() {
            let next = numbers.len();
            let at = *numbers.entry(&**sku).or_insert_with(|| {
                choice.skus.push(choice.spare.pop().unwrap_or_default());
                next
            });
            choice.numbered.push(at);
        }
    }
    let mut numbered = 0..choice.numbered.len();
    if !numbers.is_empty() {
        for &i in sorted {
            if let Some(&at) = numbers.get(&*cart.lines[i.get()].sku) {
                let line = &ix.lines[i.get()];
                choice.skus[at].push_line(i, line.qty, line.unit, on_lines.of(i));
            }
        }
    }
    for k in looks {
        let look = &ix.looks[k];
        if let Some(why) = &look.gate {
            choice.notes.push((look.promo, why.clone()));
            continue;
        }
        let rule = &cat.bundles[look.rule as usize];
        let mut item_buf = [(0, 0); limits::MAX_BUNDLE_ITEMS];
        let mut missing = None;
        for (item, (_, q)) in rule.items.iter().enumerate() {
            // Numbered in this order above.
            let at = choice.numbered[numbered.next().unwrap_or_default()];
            let have = choice.skus[at].total;
            if have < i64::from(*q) && missing.is_none() {
                missing = Some(Why::Incomplete {
                    item: item as u32,
                    have,
                    need: *q,
                });
            }
            item_buf[item] = (at, i64::from(*q));
        }
        if let Some(why) = missing {
            choice.notes.push((look.promo, why));
            continue;
        }
        let items = &item_buf[..rule.items.len()];
        choice.formable.push(Formable {
            promo: look.promo,
            units: items.iter().map(|(_, q)| q).sum(),
            cap: most_sets(
                rule.max_sets,
                items.iter().map(|&(at, q)| (choice.skus[at].total, q)),
            ),
            item_buf,
            n_items: rule.items.len(),
            price: rule.price,
        });
    }
    let m = choice.formable.len();
    choice.sets.resize(m, 0);
    if m == 0 {
        return Ok(());
    }
    // A lone bundle is solved directly; a group within the guarantee is
    // searched to its end; beyond it, the groups share a budget of steps.
    let mut budget = limits::MAX_BUNDLE_STEPS;
    let refused = || {
        Error::cart(
            format!("cart file, lines of shop {}", quoted(ix.shop_name(cart, s))),
            crate::error::LimitError::BundleSteps,
        )
    };
    let groups = groups(&choice.formable, choice.skus.len());
    choice.unbounded.resize(m, false);
    for group in &groups {
        if let [b] = group[..] {
            let sets = lone::best_sets(&choice.formable[b], &choice.skus, items);
            choice.sets[b] = u32::try_from(sets).unwrap_or(u32::MAX);
            choice.unbounded[b] = true;
            continue;
        }
        let promised = guaranteed(group.iter().map(|&b| &choice.formable[b]));
        let mut free = u64::MAX;
        let mut search = SetSearch::with_spare(
            group.iter().map(|&b| &choice.formable[b]).collect(),
            &choice.skus,
            items,
            if promised { &mut free } else { &mut budget },
            std::mem::take(&mut choice.search),
        );
        search.run().map_err(|Exhausted| refused())?;
        if let Some(best) = search.best.take() {
            for (k, &b) in group.iter().enumerate() {
                choice.sets[b] = best.counts[k];
            }
        }
        choice.search = search.into_spare();
        for &b in group {
            choice.unbounded[b] = promised;
        }
    }
    // Why a formable bundle the choice left out formed no set.
    for b in 0..m {
        let unbounded = choice.unbounded[b];
        if choice.sets[b] > 0 {
            continue;
        }
        let f = &choice.formable[b];
        let original: Fen = f
            .items()
            .iter()
            .map(|&(sku, q)| choice.skus[sku].price_of(0, q))
            .sum();
        let why = match set_problem(f, original) {
            None => Why::BundleOutranked,
            Some(alone) => {
                // Another choice may leave it other units that make a valid set.
                let mut free = u64::MAX;
                let mut exists = Exists::new(
                    &choice.formable,
                    &choice.skus,
                    b,
                    if unbounded { &mut free } else { &mut budget },
                );
                if exists.dfs(0).map_err(|Exhausted| refused())? {
                    Why::BundleOutranked
                } else {
                    alone
                }
            }
        };
        choice.notes.push((f.promo, why));
    }
    Ok(())
}

/// Records the chosen sets: each bundle's reduction split over the lines that
/// gave units to its sets, by the original amount of those units; the units
/// they took leave the lines' free units; and why each other bundle formed
/// no set.
pub(crate) fn record(
    p: &Pricing<'_>,
    s: ShopIx,
    choice: &mut Choice,
    free: &mut [i64],
    reference: &mut [Fen],
    ledger: &mut Ledger,
) {
    let cart = p.cart;
    let Choice {
        skus,
        formable,
        sets,
        notes,
        taken: c,
        given,
        lines,
        weights,
        shares,
        ..
    } = choice;
    c.clear();
    c.resize(skus.len(), 0);
    for (b, f) in formable.iter().enumerate() {
        let n = sets[b];
        if n == 0 {
            continue;
        }
        // Per line: the original amount of the units it gave.
        given.clear();
        // The n sets take n × q units of each item from where the bundles
        // before left off: their reduction is the original of those units
        // less n prices (one pass, whatever the number of sets).
        let mut original = 0;
        for &(sku, q) in f.items() {
            let units_taken = i64::from(n) * q;
            for (i, units, unit) in skus[sku].pieces(c[sku], units_taken) {
                original += units * unit;
                match given.iter_mut().find(|g| g.0 == i) {
                    Some(g) => {
                        g.1 += units;
                        g.2 += units * unit;
                    }
                    None => given.push((i, units, units * unit)),
                }
            }
            c[sku] += units_taken;
        }
        let reduction = original - i64::from(n) * f.price;
        lines.clear();
        lines.extend(given.iter().map(|g| g.0));
        weights.clear();
        weights.extend(given.iter().map(|g| g.2));
        shares.clear();
        shares.resize(lines.len(), 0);
        money::allocate(reduction, weights, shares, id_order(cart, lines));
        for (k, &(i, units, _)) in given.iter().enumerate() {
            free[i.get()] -= units;
            reference[i.get()] -= shares[k];
            ledger.share(i, f.promo, shares[k]);
        }
        ledger.applied(f.promo, Some(s), reduction);
        if let Some(a) = ledger.applied.last_mut() {
            a.sets = Some(n);
        }
    }
    for (promo, why) in notes.iter() {
        ledger.note(*promo, why.clone());
    }
}
