//! 第N件X折 in the bundle search: the bound of what it gives the units a
//! choice leaves, by hand, and a lone bundle's best number of sets against
//! every number tried with a 第N件 on one of its SKUs.

use super::lone;
use super::problem::{most_sets, Formable, Sku};
use super::tests::every_count;
use crate::ids::{LineIx, PromoId};
use crate::limits;
use crate::money::Fen;

/// The bound of what a 第N件X折 gives a SKU's units left: `per_unit` times
/// `⌊left / n⌋` (never fewer than `Σ ⌊free / n⌋` over its lines), within
/// its `max_units`; by hand.
#[test]
fn the_bound_of_a_nth_unit_discount_counts_every_nth_unit_left() {
    // Two lines of 3 and 4 units: 7 units; 第二件 taking 5.00 a unit.
    let mut sku = Sku::default();
    sku.push(LineIx::new(0), 3, 1000, 500, 0);
    sku.push(LineIx::new(1), 4, 1000, 500, 0);
    sku.every_nth(0, 500, i64::MAX, 2);
    // Nothing taken: ⌊7 / 2⌋ = 3 units × 5.00 (the lines give 1 + 2 = 3).
    assert_eq!(sku.limited_bound(0), 1500);
    // 2 taken: ⌊5 / 2⌋ = 2; 6 taken: ⌊1 / 2⌋ = 0; more than the units: 0.
    assert_eq!(sku.limited_bound(2), 1000);
    assert_eq!(sku.limited_bound(6), 0);
    assert_eq!(sku.limited_bound(9), 0);
    // 第三件 with max_units 1 (a second look): at most 1 unit × 3.00 more.
    sku.every_nth(1, 300, 1, 3);
    assert_eq!(sku.limited_bound(0), 1500 + 300);
    // 5 taken, 2 left: ⌊2 / 2⌋ = 1 × 5.00 of the first, ⌊2 / 3⌋ = 0 of the second.
    assert_eq!(sku.limited_bound(5), 500);
    // The look seen again on another line keeps its largest per unit.
    sku.every_nth(0, 700, i64::MAX, 2);
    assert_eq!(sku.limited_bound(0), 2100 + 300);
    // A plain max_units discount counts every unit: min(2, 7) × 1.00.
    sku.limit(2, 100, 2);
    assert_eq!(sku.limited_bound(0), 2100 + 300 + 200);
}

/// One bundle over a few SKUs, each line with its own item discount of every
/// unit (`off`, by line index).
struct Lone {
    skus: Vec<Sku>,
    bundle: Formable,
    off: Vec<Fen>,
}

/// Random lone bundles (a fixed sequence): 1–3 SKUs of 1–4 lines of 1–40
/// units; the bundle takes 1–3 units of some of them.
fn random_lone(n: usize, seed: u64) -> Vec<Lone> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d ^ seed;
    let mut next = move |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m) as i64
    };
    (0..n)
        .map(|_| {
            let mut off = Vec::new();
            let skus: Vec<Sku> = (0..1 + next(3))
                .map(|_| {
                    let mut sku = Sku::default();
                    for _ in 0..1 + next(4) {
                        let unit = 100 * (1 + next(30)) + next(100);
                        let o = next(4) * unit / 10;
                        sku.push(LineIx::new(off.len()), 1 + next(40), unit, o, o);
                        off.push(o);
                    }
                    sku
                })
                .collect();
            let mut items: Vec<(usize, i64)> = Vec::new();
            for s in 0..skus.len() {
                if items.is_empty() || next(2) == 0 {
                    items.push((s, 1 + next(3)));
                }
            }
            if items.len() == 1 && items[0].1 == 1 {
                items[0].1 = 2;
            }
            let top: Fen = items
                .iter()
                .map(|&(s, q)| q * skus[s].lines.iter().map(|l| l.2).max().unwrap_or(0))
                .sum();
            let max_sets = (next(3) == 0).then(|| 1 + next(30) as u32);
            let mut item_buf = [(0, 0); limits::MAX_BUNDLE_ITEMS];
            item_buf[..items.len()].copy_from_slice(&items);
            let bundle = Formable {
                promo: PromoId::new(0),
                item_buf,
                n_items: items.len(),
                price: top * (40 + next(60)) / 100,
                cap: most_sets(max_sets, items.iter().map(|&(s, q)| (skus[s].total, q))),
                units: items.iter().map(|&(_, q)| q).sum(),
            };
            Lone { skus, bundle, off }
        })
        .collect()
}

/// With a 第N件X折 (n from 2 to 4, with and without `max_units`) on one
/// SKU beside each line's own discount: what it gives the units left is not
/// a line in the sets, so the bound of a run must still hold.
#[test]
fn a_lone_bundle_beside_a_nth_unit_discount_takes_the_best_number_of_sets() {
    for (k, mut shop) in random_lone(400, 3).into_iter().enumerate() {
        let per_unit = 100 * (1 + k as i64 % 9);
        let every = 2 + k as i64 % 3;
        let limit = if k % 2 == 0 {
            i64::MAX
        } else {
            1 + k as i64 % 5
        };
        let s = k % shop.skus.len();
        shop.skus[s].every_nth(0, per_unit, limit, every);
        let on = shop.skus[s].ix.clone();
        let off = &shop.off;
        // Each line takes the better of its own discount and the 第N件's
        // (as `item_discount::discount` chooses), lines in order.
        let items = |lines: &[LineIx], free: &dyn Fn(LineIx) -> i64| -> Fen {
            let mut left = limit;
            let mut total = 0;
            for &i in lines {
                let units = free(i);
                let own = units * off[i.get()];
                let n = (units / every).min(left);
                let nth = if on.contains(&i) { n * per_unit } else { 0 };
                if nth > own {
                    left -= n;
                    total += nth;
                } else {
                    total += own;
                }
            }
            total
        };
        assert_eq!(
            lone::best_sets(&shop.bundle, &shop.skus, &items),
            every_count(&shop.bundle, &shop.skus, &items),
            "shop {k}: every {every}-th unit, limit {limit}"
        );
    }
}
