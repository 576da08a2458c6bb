use super::super::state::UnitDiscount;
use super::by_sku;
use super::exists::Exists;
use super::lone;
use super::problem::*;
use super::search::*;
use crate::ids::{LineIx, PromoId};
use crate::limits;
use crate::money::Fen;

/// A formable bundle of one set's units of SKUs `items`, at most `cap` sets.
fn formable(items: &[usize], cap: i64) -> Formable {
    let mut item_buf = [(0, 0); limits::MAX_BUNDLE_ITEMS];
    for (k, &s) in items.iter().enumerate() {
        item_buf[k] = (s, 1);
    }
    Formable {
        promo: PromoId::new(0),
        item_buf,
        n_items: items.len(),
        price: 100,
        cap,
        units: items.len() as i64,
    }
}

#[test]
fn the_most_sets_are_the_fewest_whole_sets_any_item_allows_and_max_sets() {
    // 7 units, 2 a set: 3 sets; 5 units, 1 a set: 5; so 3.
    assert_eq!(most_sets(None, [(7, 2), (5, 1)].into_iter()), 3);
    assert_eq!(most_sets(Some(2), [(7, 2), (5, 1)].into_iter()), 2);
    assert_eq!(most_sets(Some(9), [(20, 2)].into_iter()), 9);
    assert_eq!(most_sets(None, [(21, 2)].into_iter()), 10);
    assert_eq!(most_sets(None, [(1, 2)].into_iter()), 0);
}

#[test]
fn the_promise_covers_eight_bundles_of_ten_sets_and_no_more() {
    let at =
        |n: usize, cap: i64| -> Vec<Formable> { (0..n).map(|b| formable(&[b], cap)).collect() };
    assert!(guaranteed(&at(8, 10)));
    assert!(guaranteed(&at(1, 0)));
    assert!(guaranteed(&[] as &[Formable]));
    assert!(!guaranteed(&at(9, 1)));
    assert!(!guaranteed(&at(1, 11)));
    let mut one_over = at(8, 10);
    one_over[7].cap = 11;
    assert!(!guaranteed(&one_over));
    // Ten sets of a bundle of two units a set from 21 units: inside.
    let cap = most_sets(None, [(21, 2)].into_iter());
    assert!(guaranteed(&[formable(&[0], cap)]));
}

#[test]
fn a_line_notes_its_best_discount_the_best_of_every_unit_and_the_others_apart() {
    let d = |look: u32, per_unit: Fen, limit: Option<u32>, every: u32| UnitDiscount {
        line: LineIx::new(0),
        look,
        promo: PromoId::new(look as usize),
        per_unit,
        limit,
        every,
    };
    let mut sku = Sku::default();
    // On 5 units at 10.00: 3.00 and 2.00 off every unit, 5.00 off at most 2
    // units, 8.00 off every 2nd unit. The best of all takes 8.00 off a unit;
    // the best of every unit without a limit 3.00; the other two are noted
    // apart with their limit and n.
    let offers = [
        d(0, 300, None, 1),
        d(1, 500, Some(2), 1),
        d(2, 800, None, 2),
        d(3, 200, None, 1),
    ];
    sku.push_line(LineIx::new(0), 5, 1000, &offers);
    assert_eq!(
        (sku.off.clone(), sku.unlimited.clone()),
        (vec![800], vec![300])
    );
    assert_eq!(sku.limited, vec![(1, 500, 2, 1), (2, 800, i64::MAX, 2)]);
    assert_eq!(sku.total, 5);
    // No discount at all: nothing off, nothing noted.
    let mut bare = Sku::default();
    bare.push_line(LineIx::new(1), 3, 1000, &[]);
    assert_eq!(
        (bare.off, bare.unlimited, bare.limited),
        (vec![0], vec![0], vec![])
    );
}

#[test]
fn bundles_that_share_no_sku_are_searched_apart() {
    // 0 and 2 share SKU 0, 2 and 3 share SKU 2 (so 0, 2, 3 are one
    // group, through 2); 1 and 4 share nothing with anyone.
    let five = [
        formable(&[0], 1),
        formable(&[1], 1),
        formable(&[0, 2], 1),
        formable(&[2, 3], 1),
        formable(&[4], 1),
    ];
    assert_eq!(groups(&five, 5), vec![vec![0, 2, 3], vec![1], vec![4]]);
    // Joined through a later bundle: 0 and 1 apart until 2 uses both.
    let three = [formable(&[0], 1), formable(&[1], 1), formable(&[1, 0], 1)];
    assert_eq!(groups(&three, 2), vec![vec![0, 1, 2]]);
}

/// A shop for the search, built by hand: per SKU its lines (units, unit
/// price, what the best item discount takes off a unit), in id order;
/// per bundle its items (SKU, units a set), price and `max_sets`.
struct Shop {
    skus: Vec<Sku>,
    formable: Vec<Formable>,
    /// Per line, by index: what the item discount takes off a unit.
    off: Vec<Fen>,
}

type Lines = Vec<(i64, Fen, Fen)>;
type Bundle = (Vec<(usize, i64)>, Fen, Option<u32>);

fn build(skus: &[Lines], bundles: &[Bundle]) -> Shop {
    let mut off = Vec::new();
    let skus: Vec<Sku> = skus
        .iter()
        .map(|lines| {
            let mut sku = Sku::default();
            for &(qty, unit, o) in lines {
                let i = LineIx::new(off.len());
                off.push(o);
                sku.push(i, qty, unit, o, o);
            }
            sku
        })
        .collect();
    let formable = bundles
        .iter()
        .enumerate()
        .map(|(b, (items, price, max_sets))| {
            let mut item_buf = [(0, 0); limits::MAX_BUNDLE_ITEMS];
            item_buf[..items.len()].copy_from_slice(items);
            Formable {
                promo: PromoId::new(b),
                item_buf,
                n_items: items.len(),
                price: *price,
                cap: most_sets(*max_sets, items.iter().map(|&(s, q)| (skus[s].total, q))),
                units: items.iter().map(|&(_, q)| q).sum(),
            }
        })
        .collect();
    Shop {
        skus,
        formable,
        off,
    }
}

/// Runs `f` on a search of the whole shop (one group); returns what it
/// gives and the steps the search took.
fn with_search<R>(shop: &Shop, f: impl FnOnce(&mut SetSearch<'_, '_, '_>) -> R) -> (R, u64) {
    with_search_at(shop, EXACT_WORK, f)
}

/// The same, with `exact_work` (0: every SKU bounded unit by unit).
fn with_search_at<R>(
    shop: &Shop,
    exact_work: i64,
    f: impl FnOnce(&mut SetSearch<'_, '_, '_>) -> R,
) -> (R, u64) {
    let items = |lines: &[LineIx], free: &dyn Fn(LineIx) -> i64| -> Fen {
        lines.iter().map(|&i| free(i) * shop.off[i.get()]).sum()
    };
    let mut steps = u64::MAX;
    let r = {
        let mut search = SetSearch::new(
            shop.formable.iter().collect(),
            &shop.skus,
            &items,
            &mut steps,
        );
        search.exact_work = exact_work;
        f(&mut search)
    };
    (r, u64::MAX - steps)
}

/// The score of a choice worked out apart from the search: units taken
/// from the front of each SKU, bundle after bundle; `None` when a set
/// lacks units or is not valid (under 1.00 a unit or 0.1折, or not cheaper).
fn score_of(shop: &Shop, counts: &[u32]) -> Option<Score> {
    worth(shop, counts, shop.formable.len())
}

/// What the sets of `counts` make, with what the item discounts give
/// the units left of the SKUs that no bundle from `open` on uses.
/// Only the SKUs some bundle uses count, in the scale too.
fn worth(shop: &Shop, counts: &[u32], open: usize) -> Option<Score> {
    let last_user = |s: usize| {
        (0..shop.formable.len())
            .rev()
            .find(|&b| shop.formable[b].items().iter().any(|i| i.0 == s))
    };
    let units: Vec<Vec<(Fen, Fen)>> = shop
        .skus
        .iter()
        .enumerate()
        .map(|(s, sku)| {
            if last_user(s).is_none() {
                return Vec::new();
            }
            sku.lines
                .iter()
                .flat_map(|&(i, qty, unit)| (0..qty).map(move |_| (unit, shop.off[i.get()])))
                .collect()
        })
        .collect();
    let scale = Score::from(units.iter().map(|u| u.len() as i64).sum::<i64>() + 1);
    let mut taken = vec![0usize; units.len()];
    let (mut reduction, mut sets) = (0, 0);
    for (f, &n) in shop.formable.iter().zip(counts) {
        for _ in 0..n {
            let mut original = 0;
            for &(s, q) in f.items() {
                let got = units[s].get(taken[s]..taken[s] + q as usize)?;
                original += got.iter().map(|u| u.0).sum::<Fen>();
                taken[s] += q as usize;
            }
            let units_in_set: i64 = f.items().iter().map(|i| i.1).sum();
            if f.price < 100 * units_in_set || f.price * 100 < original || f.price >= original {
                return None;
            }
            reduction += original - f.price;
            sets += 1;
        }
    }
    let left: Fen = (0..units.len())
        .filter(|&s| last_user(s).is_some_and(|b| b < open))
        .map(|s| units[s][taken[s]..].iter().map(|u| u.1).sum::<Fen>())
        .sum();
    Some(Score::from(reduction + left) * scale - sets)
}

/// Every choice of counts (each bundle up to its `cap` and the units).
fn every_choice(shop: &Shop) -> Vec<Vec<u32>> {
    let mut all = vec![Vec::new()];
    for f in &shop.formable {
        let most = f
            .items()
            .iter()
            .map(|&(s, q)| shop.skus[s].total / q)
            .min()
            .unwrap_or(0)
            .min(f.cap);
        all = all
            .into_iter()
            .flat_map(|c: Vec<u32>| {
                (0..=most as u32).map(move |n| {
                    let mut c = c.clone();
                    c.push(n);
                    c
                })
            })
            .collect();
    }
    all
}

/// The best score, and among the choices with it the first in
/// decreasing order of count lists (the contract's tie).
fn best_of_every_choice(shop: &Shop) -> (Score, Vec<u32>) {
    every_choice(shop)
        .into_iter()
        .filter_map(|c| score_of(shop, &c).map(|s| (s, c)))
        .max()
        .expect("no set at all is a choice")
}

/// Tea: 3 units at 10.00, the item discount 1.00 off each; cup: 2
/// units at 5.00. Bundle 0: tea + cup for 12.00; bundle 1: two teas
/// for 17.00. Scale: 5 units + 1 = 6.
fn tea_and_cups() -> Shop {
    build(
        &[vec![(3, 1000, 100)], vec![(2, 500, 0)]],
        &[
            (vec![(0, 1), (1, 1)], 1200, None),
            (vec![(0, 2)], 1700, None),
        ],
    )
}

#[test]
fn a_choice_is_scored_by_its_reductions_its_sets_and_the_item_discounts_left() {
    let shop = tea_and_cups();
    // (counts, score): each set of 0 saves 15.00 − 12.00 = 3.00, of 1
    // 20.00 − 17.00 = 3.00; a tea left keeps its 1.00.
    let worked: [(&[u32], Option<Score>); 7] = [
        (&[0, 0], Some(300 * 6)),             // 3 teas left: 3.00
        (&[1, 0], Some((300 + 200) * 6 - 1)), // 2 teas left
        (&[0, 1], Some((300 + 100) * 6 - 1)), // 1 tea left
        (&[2, 0], Some((600 + 100) * 6 - 2)), // 1 tea left
        (&[1, 1], Some(600 * 6 - 2)),         // no tea left
        (&[2, 1], None),                      // the teas run out
        (&[3, 0], None),                      // the cups run out
    ];
    for (counts, score) in worked {
        assert_eq!(score_of(&shop, counts), score, "{counts:?}");
        let (got, _) = with_search(&shop, |s| s.evaluate(counts).ok().flatten());
        assert_eq!(got, score, "{counts:?}");
    }
    // A set that is not cheaper than its items is no choice.
    let dear = build(&[vec![(2, 1000, 0)]], &[(vec![(0, 1)], 1000, None)]);
    assert_eq!(
        with_search(&dear, |s| s.evaluate(&[1]).ok().flatten()).0,
        None
    );
    assert_eq!(
        with_search(&dear, |s| s.evaluate(&[0]).ok().flatten()).0,
        Some(0)
    );
}

#[test]
fn a_choice_is_kept_only_when_it_scores_more_than_the_best_known() {
    let shop = tea_and_cups();
    let (kept, _) = with_search(&shop, |s| {
        s.best = Some(BestSets {
            score: 300 * 6,
            counts: vec![0, 0],
        });
        let mut kept = Vec::new();
        for counts in [[1, 1], [0, 1], [1, 1], [2, 1], [2, 0]] {
            let took = s.consider(counts.to_vec()).ok();
            let best = s.best.as_ref().map(|b| (b.score, b.counts.clone()));
            kept.push((took, best));
        }
        kept
    });
    let b11 = Some((600 * 6 - 2, vec![1, 1]));
    let b20 = Some((700 * 6 - 2, vec![2, 0]));
    assert_eq!(
        kept,
        [
            (Some(true), b11.clone()),  // 3598 > 1800
            (Some(false), b11.clone()), // 2399: worse
            (Some(false), b11.clone()), // equal: not more
            (Some(false), b11),         // not a valid choice
            (Some(true), b20),          // 4198
        ]
    );
}

#[test]
fn the_greedy_start_takes_bundles_by_what_a_set_earns_a_unit() {
    // Bundle 0 earns (10.00 − 1.00) + 5.00 − 12.00 = 2.00 over 2 units,
    // bundle 1 2 × 9.00 − 17.00 = 1.00 over 2: 0 first, as many sets as
    // the cups allow (2), then 1 from the tea left (none).
    let shop = tea_and_cups();
    assert_eq!(with_search(&shop, |s| s.greedy()).0, [2, 0]);
    // Bundle 1 at 16.00 earns 2.00 over 2 units, as much as 0: ties go to
    // the later bundle (sorted by (earning, bundle) descending).
    let cheaper = build(
        &[vec![(3, 1000, 100)], vec![(2, 500, 0)]],
        &[
            (vec![(0, 1), (1, 1)], 1200, None),
            (vec![(0, 2)], 1600, None),
        ],
    );
    assert_eq!(with_search(&cheaper, |s| s.greedy()).0, [1, 1]);
    // A bundle that earns nothing over the item discounts is left out.
    let poor = build(&[vec![(3, 1000, 400)]], &[(vec![(0, 1)], 700, None)]);
    assert_eq!(with_search(&poor, |s| s.greedy()).0, [0]);
    // By what a set earns a unit, not in all (scale: 2 units + 1 = 3):
    // one tea for 9.96 earns 0.04 on 1 unit (× 3 / 1 = 12), a tea and a
    // cup for 19.93 0.07 on 2 (× 3 / 2 = 10; 0.07 in all is more); only
    // one can have the tea.
    let x = |prices: [Fen; 2]| {
        build(
            &[vec![(1, 1000, 0)], vec![(1, 1000, 0)]],
            &[
                (vec![(0, 1)], prices[0], None),
                (vec![(0, 1), (1, 1)], prices[1], None),
            ],
        )
    };
    assert_eq!(with_search(&x([996, 1993]), |s| s.greedy()).0, [1, 0]);
    // Earnings under a fen a unit still count (× the scale first):
    // 0.02 on 1 unit (6) before 0.03 on 2 (4).
    assert_eq!(with_search(&x([998, 1997]), |s| s.greedy()).0, [1, 0]);
    // A bundle that earns exactly nothing is left out too.
    let even = build(&[vec![(3, 1000, 400)]], &[(vec![(0, 1)], 600, None)]);
    assert_eq!(with_search(&even, |s| s.greedy()).0, [0]);
    // max_sets bounds a bundle's sets.
    let capped = build(
        &[vec![(3, 1000, 100)], vec![(2, 500, 0)]],
        &[
            (vec![(0, 1), (1, 1)], 1200, Some(1)),
            (vec![(0, 2)], 1700, None),
        ],
    );
    assert_eq!(with_search(&capped, |s| s.greedy()).0, [1, 1]);
}

#[test]
fn taking_in_an_order_gives_each_bundle_what_the_ones_before_left() {
    let shop = tea_and_cups();
    let (orders, _) = with_search(&shop, |s| {
        [vec![0, 1], vec![1, 0], vec![1], vec![]].map(|o| s.take(o.into_iter()))
    });
    assert_eq!(orders, [vec![2, 0], vec![1, 1], vec![0, 1], vec![0, 0]]);
}

#[test]
fn the_first_prices_are_a_units_item_discount_or_its_share_of_a_sets_saving() {
    // In score units (× 6): tea's item discount 600; its share of
    // bundle 0's saving 6000 × 300 / 1500 = 1200, of bundle 1's
    // 6000 × 300 / 2000 = 900; the cup's 3000 × 300 / 1500 = 600.
    let shop = tea_and_cups();
    let (pi, _) = with_search(&shop, |s| {
        s.first_prices();
        s.pi.clone()
    });
    assert_eq!(pi, [1200, 600]);
}

#[test]
fn a_units_first_price_is_its_largest_share_whichever_bundle_comes_first() {
    // Tea: 3 units at 10.00, cup: 2 at 5.00, no item discount; scale 6.
    // Bundle 0: two teas for 17.00 (saves 300 of 2000: tea's share
    // 6000 × 300 / 2000 = 900); bundle 1: tea + cup for 12.00 (300 of
    // 1500: tea 6000 × 300 / 1500 = 1200, cup 3000 × 300 / 1500 = 600);
    // bundle 2: tea + cup for 14.00 (100 of 1500: tea 400, cup 200).
    // The largest share comes second, and a smaller one after it.
    let shop = build(
        &[vec![(3, 1000, 0)], vec![(2, 500, 0)]],
        &[
            (vec![(0, 2)], 1700, None),
            (vec![(0, 1), (1, 1)], 1200, None),
            (vec![(0, 1), (1, 1)], 1400, None),
        ],
    );
    let (pi, _) = with_search(&shop, |s| {
        s.first_prices();
        s.pi.clone()
    });
    assert_eq!(pi, [1200, 600]);
}

#[test]
fn a_set_that_earns_less_than_its_units_prices_is_limited_by_the_gap() {
    let shop = tea_and_cups();
    let (most, _) = with_search(&shop, |s| {
        s.root = 1000;
        s.best = Some(BestSets {
            score: 700,
            counts: vec![0, 0],
        });
        s.profit = vec![-100, 0];
        s.most = vec![0, 0];
        s.limit();
        let first = s.most.clone();
        s.profit = vec![-301, 7];
        s.limit();
        (first, s.most.clone())
    });
    // A gap of 300: 3 sets that lose 100 each, 0 that lose 301; a set
    // that loses nothing is not limited.
    assert_eq!(most, (vec![3, i64::MAX], vec![0, i64::MAX]));
}

#[test]
fn the_relaxation_points_to_the_bundles_that_earn_more_than_their_units_prices() {
    // Score units (× 6): a tea 6000, a cup 3000; a set's price in the
    // score is price × 6 + 1 (7201, 10201). With tea at 0 and a cup at
    // 600, a unit earns at best 6000 − 0 (tea), 3000 − 600 (cup): a
    // set of 0 earns 6000 + 2400 − 7201 = 1199, of 1 12000 − 10201 =
    // 1799. So 1 first (one set: 2 teas), then 0 (one: the tea left).
    // With tea at 600 and a cup at 0: 5400 + 3000 − 7201 = 1199 and
    // 10800 − 10201 = 599: 0 first, 2 sets, and no tea for 1. With the
    // first prices (1200, 600) neither earns: −1 and −601.
    let shop = tea_and_cups();
    let (seen, _) = with_search(&shop, |s| {
        [[0, 600], [600, 0], [1200, 600], [1799, 0]].map(|pi| {
            s.pi = pi.to_vec();
            s.prepare();
            (s.profit.clone(), s.live.clone(), s.rounded(), s.by_profit())
        })
    });
    assert_eq!(
        seen,
        [
            (vec![1199, 1799], vec![0, 1], vec![1, 1], vec![1, 0]),
            (vec![1199, 599], vec![0, 1], vec![2, 0], vec![0, 1]),
            (vec![-1, -601], vec![], vec![0, 0], vec![]),
            // A set of 0 that earns exactly its units' prices (4201 +
            // 3000 − 7201) does not count.
            (vec![0, -1799], vec![], vec![0, 0], vec![]),
        ]
    );
}

#[test]
fn the_bound_at_the_start_worked_by_hand() {
    // Prices (score units): a tea 300, a cup 0. The teas: 3 × 300 for
    // their prices, and 3 × (600 − 300) that their item discount earns
    // above them (exactly: leaving all three, 3 × 100 × 6 − 900, is the
    // best number to leave); the cups 0. A unit earns in a set at most
    // 6000 − 300 (tea) and 3000 (cup): a set of 0 earns 5700 + 3000 −
    // 7201 = 1499, 2 sets at most; of 1, 11400 − 10201 = 1199, 1 set.
    // 900 + 900 + 2 × 1499 + 1199 = 5997. Over what the relaxation
    // uses, tea has 3 − 3 (left to the item discount) − 2 − 2 (sets)
    // units and a cup 2 − 2: the subgradient (−4, 0). With a tea at
    // 600, its item discount earns nothing above the price: 1800, and
    // the sets 2 × (5400 + 3000 − 7201) + (10800 − 10201): 4797, and
    // no tea is left to the item discount: (3 − 2 − 2, 2 − 2).
    let shop = tea_and_cups();
    for exact_work in [EXACT_WORK, 0] {
        let (bounds, _) = with_search_at(&shop, exact_work, |s| {
            s.exact_item_values();
            s.live = vec![0, 1];
            [[300, 0], [600, 0]].map(|pi| {
                s.pi = pi.to_vec();
                s.tabulate();
                let mut g = vec![0; 2];
                (s.bound(0, None), s.bound(0, Some(&mut g)), g)
            })
        });
        assert_eq!(
            bounds,
            [(5997, 5997, vec![-4, 0]), (4797, 4797, vec![-1, 0])],
            "exact work {exact_work}"
        );
    }
}

#[test]
fn the_bound_of_a_sku_of_two_lines_worked_by_hand() {
    // Tea: line 0, 1 unit at 10.00 with 1.00 off; line 1, 2 units at
    // 10.00 with 0.50 off; cups as before. Score units (× 6): the item
    // values of the teas left after t taken: 1200, 600, 300, 0.
    let shop = build(
        &[vec![(1, 1000, 100), (2, 1000, 50)], vec![(2, 500, 0)]],
        &[
            (vec![(0, 1), (1, 1)], 1200, None),
            (vec![(0, 2)], 1700, None),
        ],
    );
    // Prices 700 (line 0), 100 (line 1), 0 (cup). Teas: 700 + 2 × 100,
    // and leaving the last 2 (600 − 200) beats leaving 1 (300 − 100)
    // and 3 (1200 − 900): 400. A tea earns in a set at most 5900 (line
    // 1). Sets: 2 × (5900 + 3000 − 7201) + (11800 − 10201) = 4997.
    // 1300 + 4997 = 6297. Subgradient: line 0 has 1 unit unused, line
    // 1 2 − 2 (left) − 2 − 2 (sets: the best-earning line), a cup 2 − 2.
    //
    // Prices 100, 100, 0: the teas earn 5900 on both lines, the first
    // one counts. Teas: 300, and leaving all 3 (1200 − 300): 1200. Sets
    // 2 × 1699 + 1599. Subgradient: 1 − 1 − 2 − 2, 2 − 2, 2 − 2.
    for exact_work in [EXACT_WORK, 0] {
        let (bounds, _) = with_search_at(&shop, exact_work, |s| {
            s.exact_item_values();
            s.live = vec![0, 1];
            [[700, 100, 0], [100, 100, 0]].map(|pi| {
                s.pi = pi.to_vec();
                s.tabulate();
                let mut g = vec![0; 3];
                (s.bound(0, None), s.bound(0, Some(&mut g)), g)
            })
        });
        assert_eq!(
            bounds,
            [(6297, 6297, vec![1, -4, 0]), (6197, 6197, vec![-4, 0, 0])],
            "exact work {exact_work}"
        );
    }
}

#[test]
fn the_bound_of_a_state_counts_the_sets_the_units_still_open_allow() {
    // 5 teas at 10.00; bundle 0: two for 15.00, bundle 1: two for 16.00
    // (2 sets each at most). After one set of 0, 3 teas are open: one
    // set of 1, (2 × 6000 − 9601) = 2399, though its max is 2.
    let shop = build(
        &[vec![(5, 1000, 0)]],
        &[(vec![(0, 2)], 1500, None), (vec![(0, 2)], 1600, None)],
    );
    for exact_work in [EXACT_WORK, 0] {
        let (bound, _) = with_search_at(&shop, exact_work, |s| {
            s.exact_item_values();
            s.live = vec![0, 1];
            s.pi = vec![0];
            s.tabulate();
            s.enter(0, 1);
            s.bound(1, None)
        });
        assert_eq!(bound, 2399, "exact work {exact_work}");
    }
}

#[test]
fn a_childs_score_and_reach_worked_by_hand() {
    // Prices: tea 0, cup 600 (score units). Bundle 0's sets, from the
    // front: 2 (the cups), 3.00 each. One set: 300 × 6 − 1 = 1799, the
    // cup left gives nothing (bundle 0 is the cups' last). What bundles
    // from 1 can add: the 2 teas open, leaving both (2 × 100 × 6) =
    // 1200, and one set of 1, 12000 − 10201 = 1799: reach 1799 + 2999.
    // Two sets: 3598; the tea left 600, no set of 1: reach 4198.
    let shop = tea_and_cups();
    let (kids, _) = with_search(&shop, |s| {
        s.exact_item_values();
        s.pi = vec![0, 600];
        s.prepare();
        let made = s.reductions(0).ok();
        (made, s.child(0, 0, 0, 1), s.child(0, 0, 0, 2), s.c.clone())
    });
    assert_eq!(kids, (Some(2), (1799, 4798), (3598, 4198), vec![0, 0]));
}

#[test]
fn a_skus_knapsack_pays_the_least_for_each_number_of_units() {
    let never = by_sku::NEVER;
    let h = by_sku::start(4);
    assert_eq!(h, [0, never, never, never, never]);
    // At most one set of 2 units at 5: 2 units for 5.
    let h = by_sku::with_item(&h, 2, 1, 5);
    assert_eq!(h, [0, never, 5, never, never]);
    // Then up to two sets of 1 unit at 3: 1 for 3, 2 for min(5, 6), 3 for
    // 5 + 3, 4 for 5 + 6.
    let h = by_sku::with_item(&h, 1, 2, 3);
    assert_eq!(h, [0, 3, 5, 8, 11]);
}

#[test]
fn a_skus_knapsack_takes_the_least_of_every_number_of_sets_whatever_the_cap() {
    // Against the definition, one number of sets after another: knapsacks
    // drawn with holes (never), shares of either sign, 1–3 units a set, caps
    // from none to past the units.
    let never = by_sku::NEVER;
    let mut next = draws(0x5851_f42d_4c95_7f2d);
    let mut checked = 0;
    for _ in 0..2000 {
        let len = 1 + next(30) as usize;
        let h: Vec<Score> = (0..len)
            .map(|x| match next(4) {
                _ if x == 0 => 0,
                0 => never,
                _ => Score::from(next(1000)) - 300,
            })
            .collect();
        let (q, cap, mu) = (1 + next(3), next(12), Score::from(next(200)) - 100);
        let mut want = h.clone();
        for (x, &paid) in h.iter().enumerate() {
            for n in 1..=cap {
                let y = x + (n * q) as usize;
                if paid < never && y < len {
                    want[y] = want[y].min(paid + mu * Score::from(n));
                }
            }
        }
        checked += usize::from(want != h);
        assert_eq!(
            by_sku::with_item(&h, q, cap, mu),
            want,
            "{h:?} {q} {cap} {mu}"
        );
    }
    assert!(checked > 1000);
}

#[test]
fn a_skus_table_is_the_best_its_units_after_c_make_less_what_they_pay() {
    // Units at 10, 10, 5 (pre), the item discounts on the units left 3,
    // 2, 1, 0 (iv); x more units cost 0, 4, 9, never (h); scale 2.
    let table = by_sku::table(
        &[0, 10, 20, 25],
        &[3, 2, 1, 0],
        &[0, 4, 9, by_sku::NEVER],
        2,
    );
    // c = 0: x = 0: 3 × 2 = 6; x = 1: (10 + 2) × 2 − 4 = 20; x = 2:
    // (20 + 1) × 2 − 9 = 33. c = 1: 4; (10 + 1) × 2 − 4 = 18; 15 × 2 − 9
    // = 21. c = 2: 2; 5 × 2 − 4 = 6. c = 3: 0.
    assert_eq!(table, [33, 21, 6, 0]);
}

#[test]
fn the_by_sku_bound_at_the_start_worked_by_hand() {
    // Tea: 3 at 10.00 (pre 0, 1000, 2000, 3000), 1.00 off each left (iv
    // 300, 200, 100, 0); cup: 2 at 5.00. Scale 6; prices in the score:
    // 7201 and 10201. Shares: bundle 0's tea 6000 and cup 1201, bundle
    // 1's two teas 10201 (each sums to its price: no bundle adds alone).
    // Tea: 1 unit for 6000, 2 for 10201 (a set of 1), 3 for 16201; best
    // 2: 2100 × 6 − 10201 = 2399 (0: 1800, 1: 1200, 3: 1799), one set of
    // bundle 1. Cup: 2 for 2402, (1000 × 6) − 2402 = 3598, two sets of 0.
    // With bundle 1's share 100 over its price: it adds 100 alone (one
    // set), its tea then 12600 − 10301 = 2299.
    let shop = tea_and_cups();
    let (got, _) = with_search(&shop, |s| {
        s.exact_item_values();
        assert_eq!(s.pre, [vec![0, 1000, 2000, 3000], vec![0, 500, 1000]]);
        let mut grad = vec![vec![0; 2], vec![0]];
        let mut got = Vec::new();
        for over in [0, 100] {
            s.mu = vec![vec![6000, 1201], vec![10201 + over]];
            let ub = s.by_sku_root(&mut grad);
            got.push((ub, grad.clone()));
        }
        // The tables with the first shares: from the start, 2399 + 3598;
        // after one set of bundle 0 (a tea and a cup taken), the tea only
        // (the cup is closed): 2 teas left, leave both (1200) or one set
        // of 1 (12000 − 10201 = 1799).
        s.mu = vec![vec![6000, 1201], vec![10201]];
        s.by_sku_tables();
        got.push((s.by_sku_bound(0), Vec::new()));
        s.enter(0, 1);
        got.push((s.by_sku_bound(1), Vec::new()));
        s.leave(0, 1);
        got
    });
    assert_eq!(
        got,
        [
            (5997, vec![vec![0, 2], vec![1]]),
            (5997, vec![vec![0, 2], vec![0]]),
            (5997, Vec::new()),
            (1799, Vec::new()),
        ]
    );
}

#[test]
fn a_state_takes_the_lowest_of_its_depths_tables_until_one_is_low_enough() {
    // Tea and cups as above, after one set of bundle 0: the root's shares
    // bound the state by 1799 (worked by hand above). Two tables of the
    // depth add nothing per SKU and bound the state by 1700 and 1500: with
    // nothing low enough, the bound is the lowest of the three, 1500; told
    // that 1750 is low enough, it stops at the first table under it, 1700,
    // which then goes first (1700, 1799, 1500); told 1600, it reaches
    // 1500, which goes first (1500, 1700, 1799): told 1750 again, it now
    // stops at 1500 at once.
    let shop = tea_and_cups();
    let (got, _) = with_search(&shop, |s| {
        s.exact_item_values();
        s.mu = vec![vec![6000, 1201], vec![10201]];
        s.by_sku_tables();
        // The cup is closed at depth 1: the tea's table only.
        let zeros: Vec<Vec<Score>> = vec![vec![0; 4], Vec::new()];
        s.by_sku[1].push(&zeros, 1700);
        s.by_sku[1].push(&zeros, 1500);
        s.enter(0, 1);
        let got = [
            s.by_sku_bound_until(1, Score::MIN),
            s.by_sku_bound_until(1, 1750),
            s.by_sku_bound_until(1, 1600),
            s.by_sku_bound_until(1, 1750),
            s.by_sku_bound(1),
        ];
        s.leave(0, 1);
        assert_eq!(s.by_sku[1].order, [2, 1, 0]);
        assert_eq!(s.by_sku[1].cuts, [0, 1, 2]);
        got
    });
    assert_eq!(got, [1500, 1700, 1500, 1500, 1500]);
}

/// `tables` with its first table only (the root's shares).
fn first_table(tables: &[Tables]) -> Vec<Tables> {
    tables
        .iter()
        .map(|t| {
            let mut t = t.clone();
            t.flat.truncate(t.width);
            t.sets.truncate(1);
            t.cuts.truncate(1);
            t.order = vec![0];
            t
        })
        .collect()
}

#[test]
fn the_by_sku_bound_from_a_state_worked_by_hand() {
    // Tea and cups as above, after one set of bundle 0 (a tea and a cup
    // taken: the cup is closed, 2 teas left at 10.00, 1.00 off each).
    // Bundle 0's shares sum to 100 over its price, which would add 2 sets
    // × 100 from the start but adds nothing after it. Bundle 1 alone: 2
    // teas left (iv 200: 1200) or one set of 1 (2000 × 6 − 10201 = 1799):
    // one set. With bundle 1's share 100 over its price: 100 alone, its
    // tea 12000 − 10301 = 1699; 1799 again.
    let shop = tea_and_cups();
    let (got, _) = with_search(&shop, |s| {
        s.exact_item_values();
        let mut grad = vec![vec![9; 2], vec![9]];
        let mut got = Vec::new();
        for over in [0, 100] {
            s.mu = vec![vec![6000, 1301], vec![10201 + over]];
            got.push((s.by_sku_root(&mut grad), grad.clone()));
            s.enter(0, 1);
            let ub = s.by_sku_from(1, &mut grad);
            s.leave(0, 1);
            got.push((ub, grad.clone()));
        }
        got
    });
    // From the start: bundle 0 alone 2 sets × 100 (its gradient −2, its
    // items' sets 0 and 2), the tea 2399 as above, the cups now 1000 × 6
    // − 2 × 1301 = 3398: 5997.
    assert_eq!(
        got,
        [
            (5997, vec![vec![-2, 0], vec![1]]),
            (1799, vec![vec![0, 0], vec![1]]),
            (5997, vec![vec![-2, 0], vec![0]]),
            (1799, vec![vec![0, 0], vec![0]]),
        ]
    );
}

#[test]
fn the_by_sku_subgradient_walks_back_through_two_items_of_one_sku() {
    // Tea and cups (scale 6): the tea is an item of both bundles. Shares:
    // bundle 0's tea 5000 and cup 2201 (summing to its price, 7201: it
    // adds nothing alone), bundle 1's two teas 9000 (under its 10201:
    // nothing alone either, so no gradient starts below 0).
    // The tea's knapsack: after bundle 0's item (1 unit a set, 2 sets at
    // most) 1 unit for 5000, 2 for 10000, 3 never; after bundle 1's (2
    // units a set, 1 set at most) 2 for min(10000, 9000) = 9000, 3 for
    // 5000 + 9000 = 14000. What it makes (pre 0, 1000, 2000, 3000, iv
    // 300, 200, 100, 0): 0 units 300 × 6 = 1800, 1: 1200 × 6 − 5000 =
    // 2200, 2: 2100 × 6 − 9000 = 3600, 3: 3000 × 6 − 14000 = 4000, the
    // best: one set of each bundle. The cups (2 at 5.00, no discount): 2
    // sets of bundle 0, 1000 × 6 − 2 × 2201 = 1598 (1: 3000 − 2201 =
    // 799). The bound 4000 + 1598 = 5598; walking the tea's 3 units back
    // finds bundle 1's set (3 − 2 = 1 unit for 5000 after bundle 0), then
    // bundle 0's, so each tea item gives units to one set.
    let shop = tea_and_cups();
    let (got, _) = with_search(&shop, |s| {
        s.exact_item_values();
        let mut grad = vec![vec![9; 2], vec![9]];
        s.mu = vec![vec![5000, 2201], vec![9000]];
        (s.by_sku_root(&mut grad), grad)
    });
    assert_eq!(got, (5598, vec![vec![1, 2], vec![1]]));
}

#[test]
fn the_states_sampled_are_spread_over_those_the_search_went_on_from() {
    // Two bundles: depth 1 is the second half. States 1..=100 at depth 1
    // (each noted with its number as its score): one in 1, then in 2, 4,
    // 8, 16 as the samples fill 2 × 4; half go each time. 1..=8 kept;
    // full: 1, 3, 5, 7, stride 2: 10, 12, 14, 16; full: 1, 5, 10, 14,
    // stride 4: 20, 24, 28, 32; full: 1, 10, 20, 28, stride 8: 40, 48,
    // 56, 64; full: 1, 20, 40, 56, stride 16: 80, 96. Depth 0 is not
    // sampled.
    let shop = tea_and_cups();
    let (got, _) = with_search(&shop, |s| {
        s.samples.resize_with(2, Default::default);
        s.samples.iter_mut().for_each(Samples::clear);
        s.enter(0, 1);
        for made in 1..=100 {
            s.sample(1, made);
            s.sample(0, made);
        }
        let width = s.used.len() + 1;
        assert!(s.samples[0].states.is_empty());
        assert_eq!(width, 3);
        let kept = &s.samples[1].states;
        // Each: the score, then the units taken of tea and of cups.
        assert!(kept.chunks(width).all(|k| k[1..] == [1, 1]));
        kept.chunks(width).map(|k| k[0]).collect::<Vec<_>>()
    });
    assert_eq!(got, [1, 20, 40, 56, 80, 96]);
}

#[test]
fn what_a_bundles_sets_make_is_scored_as_the_choice_is() {
    // Set after set, bundle after bundle, the sets' scores and the item
    // discounts of the SKUs closed add up to what the choice is worth
    // with the SKUs still open left out.
    for (k, shop) in random_shops(200).iter().enumerate() {
        let (_, counts) = best_of_every_choice(shop);
        with_search(shop, |s| {
            s.exact_item_values();
            let mut made: Score = 0;
            for d in 0..s.bundles.len() {
                let mut before = counts.clone();
                before[d..].iter_mut().for_each(|n| *n = 0);
                assert_eq!(Some(made), worth(shop, &before, d), "shop {k} at {d}");
                made += s.made_by(d, i64::from(counts[d]));
            }
            assert_eq!(Some(made), score_of(shop, &counts), "shop {k}");
        });
    }
}

#[test]
fn shares_of_its_own_bound_the_best_choices_states_lower_than_the_roots() {
    // At each depth, the state the best choice reaches: the bound with
    // shares chosen there is never above the root's, below it on some
    // shops, and never below what the best choice still makes (the
    // bound at every state is checked against every choice above).
    let mut lower = 0;
    for (k, shop) in random_shops(200).iter().enumerate() {
        with_search_at(shop, EXACT_WORK, |s| {
            s.run().ok();
            if !s.by_sku_fits() {
                return;
            }
            s.build_by_sku();
            let best = s.best.as_ref().map(|b| (b.score, b.counts.clone()));
            let (score, counts) = best.expect("a best choice");
            assert_eq!(s.by_sku.len(), s.bundles.len() + 1, "shop {k}");
            assert!(s.by_sku.iter().all(|t| t.len() <= 2), "shop {k}");
            let deep = std::mem::take(&mut s.by_sku);
            let roots = first_table(&deep);
            let mut made: Score = 0;
            for d in 1..s.bundles.len() {
                made += s.made_by(d - 1, i64::from(counts[d - 1]));
                s.by_sku = roots.clone();
                let root = s.by_sku_bound(d);
                s.by_sku = deep.clone();
                let own = s.by_sku_bound(d);
                assert!(own <= root, "shop {k} at {d}");
                assert!(made + own >= score, "shop {k} at {d}");
                lower += usize::from(own < root);
            }
        });
    }
    assert!(lower > 0);
}

#[test]
fn a_states_packed_key_weighs_each_skus_units_by_the_states_before() {
    // Three bundles (0..=3 reached), SKU 0 of 3 units (0..=3), SKU 2 of
    // 5: SKU 0's unit weighs 4, SKU 2's 4 × 4 = 16; SKU 1 is not used.
    let mut skus: Vec<Sku> = (0..3).map(|_| Sku::default()).collect();
    skus[0].push(LineIx::new(0), 3, 100, 0, 0);
    skus[2].push(LineIx::new(1), 5, 100, 0, 0);
    assert_eq!(radix(&[0, 2], &skus, 3), [4, 0, 16]);
    // Keys that could pass 64 bits are not packed.
    let mut huge: Vec<Sku> = (0..2).map(|_| Sku::default()).collect();
    huge[0].push(LineIx::new(0), 1 << 40, 100, 0, 0);
    huge[1].push(LineIx::new(1), 1 << 40, 100, 0, 0);
    assert_eq!(radix(&[0, 1], &huge, 3), Vec::<u64>::new());
    assert_eq!(radix(&[0], &huge, 3), [4, 0]);
    // Tea and cups: 2 bundles (0..=2), 3 teas (weight 3), 2 cups (12).
    // One set of bundle 0 at bundle 1: 1 + 1 × 3 (the cups are closed);
    // at bundle 0: 0 + 1 × 3 + 1 × 12.
    let shop = tea_and_cups();
    let (keys, _) = with_search(&shop, |s| {
        s.enter(0, 1);
        s.key(1);
        let at_1 = s.packed;
        s.key(0);
        let at_0 = s.packed;
        s.leave(0, 1);
        (s.radix.clone(), at_1, at_0)
    });
    assert_eq!(keys, (vec![3, 12], 1 + 3, 3 + 12));
}

#[test]
fn what_is_kept_of_a_state_only_ever_tightens() {
    for packed in [true, false] {
        what_is_kept_tightens(packed);
    }
}

/// [`what_is_kept_of_a_state_only_ever_tightens`] with packed keys or not.
fn what_is_kept_tightens(packed: bool) {
    let shop = tea_and_cups();
    let (seen, _) = with_search(&shop, |s| {
        if !packed {
            s.radix.clear();
        }
        s.enter(0, 1);
        let h = s.key(1);
        let mut seen = vec![s.recall(h)];
        for known in [
            Known::AtMost(5),
            Known::AtMost(7), // looser: 5 stays
            Known::AtMost(3),
            Known::Exactly(2),
            Known::AtMost(1), // what is exact stays
        ] {
            s.keep(h, known);
            seen.push(s.recall(h));
        }
        s.leave(0, 1);
        // Another state (2 teas and 2 cups taken): nothing known of it.
        s.enter(0, 2);
        let other = s.key(1);
        seen.push(s.recall(other));
        s.keep(other, Known::AtMost(9));
        seen.push(s.recall(other));
        s.leave(0, 2);
        // The first state is found again by its units taken.
        s.enter(0, 1);
        let again = s.key(1);
        seen.push(s.recall(again));
        seen
    });
    use Known::{AtMost, Exactly};
    assert_eq!(
        seen,
        [
            None,
            Some(AtMost(5)),
            Some(AtMost(5)),
            Some(AtMost(3)),
            Some(Exactly(2)),
            Some(Exactly(2)),
            None,
            Some(AtMost(9)),
            Some(Exactly(2)),
        ]
    );
}

/// Forgets every state the search kept.
fn forget(s: &mut SetSearch<'_, '_, '_>) {
    s.memo.clear();
    s.arena.clear();
}

/// A search with its prices and tables ready (it has run once), no
/// state kept, and `score` (of no set at all) the best choice known.
fn prepared(s: &mut SetSearch<'_, '_, '_>, score: Score) {
    s.run().ok();
    forget(s);
    s.best = Some(BestSets {
        score,
        counts: vec![0; s.bundles.len()],
    });
}

#[test]
fn phase_one_finds_the_best_score_and_keeps_the_choice_it_reaches() {
    // From no set at all (3 teas left: 1800), the best is 2 sets of 0
    // and a tea left: 4198 (see the scores above).
    let shop = tea_and_cups();
    let (found, _) = with_search(&shop, |s| {
        prepared(s, 1800);
        let r = s.best_from(0, 0, 1800).ok();
        (r, s.best.as_ref().map(|b| (b.score, b.counts.clone())))
    });
    assert_eq!(found, (Some((4198, true)), Some((4198, vec![2, 0]))));
}

#[test]
fn phase_one_trusts_what_was_kept_of_a_state() {
    // A state's exact worth is taken as kept, and so is a bound of it
    // that cannot beat the best known (100 above it), though searching
    // them would find otherwise.
    let shop = tea_and_cups();
    let (seen, _) = with_search(&shop, |s| {
        prepared(s, 100);
        s.enter(0, 1);
        let h = s.key(1);
        s.keep(h, Known::Exactly(12_345));
        let exact = s.best_from(1, 0, 0).ok();
        s.leave(0, 1);
        s.enter(0, 2);
        let h = s.key(1);
        s.keep(h, Known::AtMost(7));
        let at_most = s.best_from(1, 0, 0).ok();
        (exact, at_most)
    });
    assert_eq!(seen, (Some((12_345, true)), Some((7, false))));
}

#[test]
fn phase_two_passes_a_state_kept_as_unable_to_reach_the_target() {
    // After 2 sets of 0 (3598), the tea left brings the best, 4198: 600
    // more. Kept as worth at most 599, the state is passed; kept as at
    // most 600, or not kept, it is searched and the choice found.
    let shop = tea_and_cups();
    let (seen, _) = with_search(&shop, |s| {
        s.run().ok();
        let mut seen = Vec::new();
        for kept in [Some(599), Some(600), None] {
            forget(s);
            s.enter(0, 2);
            if let Some(v) = kept {
                let h = s.key(1);
                s.keep(h, Known::AtMost(v));
            }
            seen.push(s.first_with(1, 3598, 4198).ok());
            s.leave(0, 2);
        }
        // Searched for 601 more, which it cannot bring: kept as worth
        // at most 600, all that is known.
        forget(s);
        s.enter(0, 2);
        let unable = s.first_with(1, 3598, 4199).ok();
        let h = s.key(1);
        (seen, unable, s.recall(h))
    });
    assert_eq!(
        seen,
        (
            vec![Some(false), Some(true), Some(true)],
            Some(false),
            Some(Known::AtMost(600))
        )
    );
}

/// Whether some valid choice of the bundles before `target` leaves
/// units that make its first set valid (why a bundle that formed no set
/// is `bundle_outranked` rather than its own set's problem).
fn exists(shop: &Shop, target: usize) -> Option<bool> {
    exists_within(shop, target, u64::MAX)
}

/// The same within `steps` steps (`None`: more were needed).
fn exists_within(shop: &Shop, target: usize, mut steps: u64) -> Option<bool> {
    let mut e = Exists::new(&shop.formable, &shop.skus, target, &mut steps);
    e.dfs(0).ok()
}

#[test]
fn a_set_that_is_not_valid_alone_may_be_after_other_bundles_take_units() {
    // Teas: 2 at 10.00, then 2 at 30.00. Bundle 1 (two teas for 50.00)
    // alone takes the first two (20.00): not cheaper. After a set of
    // bundle 0 (two teas for 15.00: 20.00, valid) it takes the two at
    // 30.00 (60.00): valid. Bundle 0 comes before it, and shares teas.
    let teas = vec![(2, 1000, 0), (2, 3000, 0)];
    let later = build(
        &[teas.clone(), vec![(1, 500, 0)]],
        &[
            (vec![(1, 1)], 400, None), // a cup: shares nothing, passed
            (vec![(0, 2)], 1500, None),
            (vec![(0, 2)], 5000, None),
        ],
    );
    assert_eq!(exists(&later, 2), Some(true));
    // Its steps: bundle 0 (passed), bundle 1, its target with no set
    // of 1, then with one: 4, and the search stops when they run out.
    assert_eq!(exists_within(&later, 2, 4), Some(true));
    assert_eq!(exists_within(&later, 2, 3), None);
    // Teas: 2 at 20.00, 2 at 10.00, 2 at 30.00. Bundle 0 (two for
    // 30.00) is valid on the first two (40.00) but not on the next
    // (20.00), so it cannot reach the teas at 30.00, and bundle 1 (two
    // for 50.00) meets 40.00 or 20.00: no choice makes it valid.
    let never = build(
        &[vec![(2, 2000, 0), (2, 1000, 0), (2, 3000, 0)]],
        &[(vec![(0, 2)], 3000, None), (vec![(0, 2)], 5000, None)],
    );
    assert_eq!(exists(&never, 1), Some(false));
    // Teas: 2 at 10.00, 2 at 30.00. Bundle 0 (two for 25.00) would take
    // the first two (20.00), where its set is not valid: it forms none,
    // and bundle 1 (two for 50.00) meets the teas at 10.00 only.
    let blocked = build(
        &[vec![(2, 1000, 0), (2, 3000, 0)]],
        &[(vec![(0, 2)], 2500, None), (vec![(0, 2)], 5000, None)],
    );
    assert_eq!(exists(&blocked, 1), Some(false));
    // Teas: 2 at 10.00, 1 at 30.00. After bundle 0's set (the two at
    // 10.00) one tea is left: bundle 1 (two for 25.00) does not fit,
    // though the one tea alone (30.00) would be dearer than its price.
    let short = build(
        &[vec![(2, 1000, 0), (1, 3000, 0)]],
        &[(vec![(0, 2)], 1500, None), (vec![(0, 2)], 2500, None)],
    );
    assert_eq!(exists(&short, 1), Some(false));
    // Two teas at 50.00 and cups: 2 at 5.00, 1 at 30.00. Bundle 0 (two
    // teas and a cup for 4.00) forms one set only (the teas run out),
    // which leaves bundle 1 (a cup for 20.00) the second cup at 5.00.
    // A second set of bundle 0 would take it (a cup alone, 5.00, is
    // dearer than 4.00) and leave the cup at 30.00: no such set exists.
    let one_set = build(
        &[vec![(2, 5000, 0)], vec![(2, 500, 0), (1, 3000, 0)]],
        &[
            (vec![(0, 2), (1, 1)], 400, None),
            (vec![(1, 1)], 2000, None),
        ],
    );
    assert_eq!(exists(&one_set, 1), Some(false));
    // The same after another bundle: 4 teas at 50.00, cups 3 at 5.00
    // and 1 at 30.00; bundles 0 and 1 as bundle 0 above, 2 a cup for
    // 20.00. After a set of 0, the teas left make one set of 1, and the
    // cup bundle 2 meets is the third at 5.00.
    let after = build(
        &[vec![(4, 5000, 0)], vec![(3, 500, 0), (1, 3000, 0)]],
        &[
            (vec![(0, 2), (1, 1)], 400, None),
            (vec![(0, 2), (1, 1)], 400, None),
            (vec![(1, 1)], 2000, None),
        ],
    );
    assert_eq!(exists(&after, 2), Some(false));
    // Teas in pairs at 10.00, 10.00 and 30.00: two sets of bundle 0 (two
    // for 15.00) leave bundle 1 (two for 50.00) the pair at 30.00;
    // after none or one it meets a pair at 10.00.
    let third = build(
        &[vec![(2, 1000, 0), (2, 1000, 0), (2, 3000, 0)]],
        &[(vec![(0, 2)], 1500, None), (vec![(0, 2)], 5000, None)],
    );
    assert_eq!(exists(&third, 1), Some(true));
    // Two teas for 15.00 once at most (max_sets 1), then the target
    // needs more teas than are left after 2 sets: as in `later`, one
    // set is enough; with all 4 teas taken it would not fit.
    let fit = build(
        &[teas],
        &[(vec![(0, 2)], 1500, Some(1)), (vec![(0, 2)], 5000, None)],
    );
    assert_eq!(exists(&fit, 1), Some(true));
}

#[test]
fn a_choice_the_bound_proves_best_at_the_start_is_not_searched() {
    // One bundle: a tea for 5.00 (of 10.00), 3 teas, no item discount;
    // scale 4. The best: 3 sets, 3 × 500 × 4 − 3 = 5997, the greedy
    // choice. The first price of a tea is its share of the saving,
    // 4000 × 500 / 1000 = 2000: bound 3 × 2000 = 6000 (a set then
    // earns 4000 − 2000 − 2001 < 0). One subgradient step (3 units over
    // what the relaxation uses, t = 3 × 16 / (9 × 16) → 1) lowers the
    // price to 1997: 3 × 1997 + 3 sets × (4000 − 1997 − 2001) = 5997,
    // the best known, so no state is searched.
    let shop = build(&[vec![(3, 1000, 0)]], &[(vec![(0, 1)], 500, None)]);
    let ((best, memo, root), _) = with_search(&shop, |s| {
        s.run().ok();
        let best = s.best.as_ref().map(|b| (b.score, b.counts.clone()));
        (best, s.kept(), s.root)
    });
    assert_eq!(best, Some((5997, vec![3])));
    assert_eq!(root, 5997);
    assert_eq!(memo, 0);
}

/// Small shops drawn at random (a fixed sequence): 1–3 SKUs of 1–3
/// lines of 1–4 units, 1–4 bundles of 1–2 items.
fn random_shops(n: usize) -> Vec<Shop> {
    let mut next = draws(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|_| {
            let skus: Vec<Lines> = (0..1 + next(3))
                .map(|_| {
                    (0..1 + next(3))
                        .map(|_| {
                            let unit = 100 * (1 + next(20));
                            (1 + next(4), unit, next(3) * unit / 10)
                        })
                        .collect()
                })
                .collect();
            let bundles: Vec<Bundle> = (0..1 + next(4))
                .map(|_| {
                    let mut items = vec![(next(skus.len() as u64) as usize, 1 + next(2))];
                    let other = next(skus.len() as u64) as usize;
                    if next(2) == 0 && other != items[0].0 {
                        items.push((other, 1 + next(2)));
                    }
                    let top: Fen = items
                        .iter()
                        .map(|&(s, q)| q * skus[s].iter().map(|l| l.1).max().unwrap_or(0))
                        .sum();
                    let max_sets = (next(3) == 0).then(|| 1 + next(2) as u32);
                    (items, top * (50 + next(50)) / 100, max_sets)
                })
                .collect();
            build(&skus, &bundles)
        })
        .collect()
}

#[test]
fn a_hope_that_finds_nothing_is_searched_again_from_the_floor() {
    // After the pause (at once here), a promised shop climbs from its best
    // choice and then hopes for more than it: at 16 sixteenths the hope is
    // the bound itself, nothing scores above it, and phase 1 must search
    // again for anything above the floor. Its answer is the best of every
    // choice; stopping at the hope would answer the best choice known
    // before it, which without the climb (`climb_at` 0) is often not the
    // best. At 8 sixteenths some hopes are met and some are not.
    let mut searched = 0;
    for (k, shop) in random_shops(400).iter().enumerate() {
        let best = Some(best_of_every_choice(shop));
        for (hope_at, climb_at) in [(16, 0), (8, 0), (16, CLIMB)] {
            let (found, _) = with_search_at(shop, EXACT_WORK, |s| {
                s.pause_at = 0;
                s.pause_again = 2;
                s.hope_at = hope_at;
                s.climb_at = climb_at;
                s.run().ok();
                s.best.as_ref().map(|b| (b.score, b.counts.clone()))
            });
            assert_eq!(found, best, "shop {k}, hope {hope_at}/16, climb {climb_at}");
            searched += 1;
        }
    }
    assert_eq!(searched, 1200);
}

#[test]
fn the_search_finds_the_best_of_every_choice_tried() {
    // Per pause, the searches that built the second bound, and those that
    // built more of its tables at the states they sampled.
    let mut built = [0; 3];
    let mut more = [0; 3];
    for (k, shop) in random_shops(400).iter().enumerate() {
        let best = Some(best_of_every_choice(shop));
        // With exact item values for every SKU, and with none; with the
        // second bound built when phase 1 starts, after 3 steps, or never
        // (these shops end within the pause); then more tables after 2 or 5
        // steps more, three times.
        for exact_work in [EXACT_WORK, 0] {
            for (p, pause_at) in [0, 3, PAUSE].into_iter().enumerate() {
                // States kept by packed keys, and whole in the arena.
                for packed in [true, false] {
                    let (found, _) = with_search_at(shop, exact_work, |s| {
                        s.pause_at = pause_at;
                        if pause_at < PAUSE {
                            s.pause_again = pause_at + 2;
                        }
                        if !packed {
                            s.radix.clear();
                        }
                        s.run().ok();
                        built[p] += usize::from(!s.by_sku.is_empty());
                        more[p] += usize::from(s.by_sku.iter().any(|t| t.len() > 2));
                        assert_eq!(s.arena.is_empty(), packed || s.kept() == 0);
                        s.best.as_ref().map(|b| (b.score, b.counts.clone()))
                    });
                    assert_eq!(
                        found, best,
                        "shop {k}, exact work {exact_work}, pause {pause_at}, packed {packed}"
                    );
                }
            }
        }
    }
    // Some shops run phase 1 past 3 steps and build it; none past the pause.
    assert!(built[0] > built[1] && built[1] > 0, "{built:?}");
    assert_eq!(built[2], 0);
    // These small shops never build more (see the test below).
    assert_eq!(more[2], 0, "{more:?}");
}

#[test]
fn a_search_in_the_buffers_of_the_last_finds_the_same() {
    // Each search takes the buffers the one before left (other sizes,
    // other SKUs, tables and item values of another shop in them).
    let items_of = |shop: &Shop| {
        let off = shop.off.clone();
        move |lines: &[LineIx], free: &dyn Fn(LineIx) -> i64| -> Fen {
            lines.iter().map(|&i| free(i) * off[i.get()]).sum()
        }
    };
    let mut spare = Spare::default();
    for (k, shop) in random_shops(400).iter().enumerate() {
        let items = items_of(shop);
        let mut steps = u64::MAX;
        let mut search = SetSearch::with_spare(
            shop.formable.iter().collect(),
            &shop.skus,
            &items,
            &mut steps,
            std::mem::take(&mut spare),
        );
        assert!(search.run().is_ok());
        let found = search.best.take().map(|b| (b.score, b.counts));
        spare = search.into_spare();
        assert_eq!(found, Some(best_of_every_choice(shop)), "shop {k}");
    }
}

#[test]
fn the_bound_is_never_below_what_a_state_can_still_reach() {
    for (k, shop) in random_shops(200).iter().enumerate() {
        let all: Vec<(Vec<u32>, Score)> = every_choice(shop)
            .into_iter()
            .filter_map(|c| score_of(shop, &c).map(|s| (c, s)))
            .collect();
        for exact_work in [EXACT_WORK, 0] {
            with_search_at(shop, exact_work, |s| {
                // The second bound built after 3 steps, more tables after 4
                // steps more (three times); else built here.
                s.pause_at = 3;
                s.pause_again = 30;
                s.run().ok();
                if s.by_sku.is_empty() && s.by_sku_fits() {
                    s.build_by_sku();
                }
                for d in 0..s.bundles.len() {
                    // Each state at d: the valid choices of the bundles before d.
                    for (state, _) in all.iter().filter(|(c, _)| c[d..].iter().all(|&n| n == 0)) {
                        let reach = all
                            .iter()
                            .filter(|(c, _)| c[..d] == state[..d])
                            .map(|&(_, v)| v)
                            .max()
                            .expect("the state itself is a choice");
                        let made = worth(shop, state, d).expect("a valid state");
                        for (b, &n) in state[..d].iter().enumerate() {
                            s.enter(b, n as usize);
                        }
                        if exact_work > 0 {
                            // Every SKU is small: each has its table, so
                            // the bound below takes the table path.
                            assert!(s.used.iter().all(|&u| !s.tables[u].is_empty()));
                        }
                        let tables = s.bound(d, None);
                        let mut g = vec![0; s.pi.len()];
                        let direct = s.bound(d, Some(&mut g));
                        // The second bound, SKU by SKU, where it is built.
                        let by_sku = s.by_sku_bound(d);
                        for (b, &n) in state[..d].iter().enumerate() {
                            s.leave(b, n as usize);
                        }
                        assert_eq!(tables, direct, "shop {k}, state {state:?} at {d}");
                        assert!(
                            made + tables >= reach,
                            "shop {k}, state {state:?} at {d}: {made} + {tables} < {reach}"
                        );
                        assert!(
                            made + by_sku.min(Score::MAX - made) >= reach,
                            "shop {k}, state {state:?} at {d}: {made} + {by_sku} < {reach}"
                        );
                        if exact_work > 0 {
                            assert!(by_sku < Score::MAX, "built");
                        }
                    }
                }
            });
        }
    }
}

#[test]
fn tables_built_at_the_states_sampled_bound_every_state_and_keep_the_search_exact() {
    // Shops of the promised class with at most 2 sets a bundle (3^8
    // choices each, all tried): the second bound built at once, more
    // tables after 30 steps more, three times. The best choice is the
    // best of every choice, and at every state the bound is no lower
    // than the best that state's choices reach.
    let mut next = draws(0x2545_f491_4f6c_dd1d);
    let mut more = 0;
    for k in 0..12 {
        let (skus, mut bundles) = promised_shop(&mut next);
        bundles.iter_mut().for_each(|b| b.2 = Some(2));
        let shop = build(&skus, &bundles);
        let all: Vec<(Vec<u32>, Score)> = every_choice(&shop)
            .into_iter()
            .filter_map(|c| score_of(&shop, &c).map(|s| (c, s)))
            .collect();
        let best = all.iter().map(|(c, s)| (*s, c.clone())).max();
        with_search(&shop, |s| {
            s.pause_at = 0;
            s.pause_again = 30;
            s.run().ok();
            assert_eq!(
                s.best.as_ref().map(|b| (b.score, b.counts.clone())),
                best,
                "shop {k}"
            );
            more += usize::from(s.by_sku.iter().any(|t| t.len() > 2));
            for d in 1..s.bundles.len() {
                let mut reach: foldhash::HashMap<&[u32], Score> = Default::default();
                for (c, v) in &all {
                    let r = reach.entry(&c[..d]).or_insert(*v);
                    *r = (*r).max(*v);
                }
                for (prefix, &r) in &reach {
                    let mut state = prefix.to_vec();
                    state.resize(s.bundles.len(), 0);
                    let made = worth(&shop, &state, d).expect("a valid state");
                    for (b, &n) in prefix.iter().enumerate() {
                        s.enter(b, n as usize);
                    }
                    let bound = s.by_sku_bound(d);
                    for (b, &n) in prefix.iter().enumerate() {
                        s.leave(b, n as usize);
                    }
                    assert!(
                        made.saturating_add(bound) >= r,
                        "shop {k}, {prefix:?}: {made} + {bound} < {r}"
                    );
                }
            }
        });
    }
    assert!(more > 0);
}

/// A random shop of the promised class, as the hunts draw them: five SKUs
/// of two lines (1–30 units at 10.00–99.00, an item discount of 0, 10 or
/// 20 %), eight bundles of 2–5 of them, 1–2 units an item, priced at 60–98 %
/// of their dearest units, at most 10 sets each.
fn promised_shop(next: &mut dyn FnMut(u64) -> i64) -> (Vec<Lines>, Vec<Bundle>) {
    const NSKU: usize = 5;
    let skus: Vec<Lines> = (0..NSKU)
        .map(|_| {
            (0..2)
                .map(|_| {
                    let unit = 100 * (10 + next(90));
                    (1 + next(30), unit, next(3) * unit / 10)
                })
                .collect()
        })
        .collect();
    let bundles: Vec<Bundle> = (0..8)
        .map(|_| {
            let n = 2 + next(4) as usize;
            let mut all: Vec<usize> = (0..NSKU).collect();
            for i in 0..NSKU {
                let j = i + next((NSKU - i) as u64) as usize;
                all.swap(i, j);
            }
            let items: Vec<(usize, i64)> = all[..n].iter().map(|&s| (s, 1 + next(2))).collect();
            let top: Fen = items
                .iter()
                .map(|&(s, q)| q * skus[s].iter().map(|l| l.1).max().unwrap_or(0))
                .sum();
            (items, top * (60 + next(39)) / 100, Some(10))
        })
        .collect();
    (skus, bundles)
}

/// Hunts for slow shops of the promised class (run by hand, release mode):
/// `cargo test --release --lib hunt_slow_shops -- --ignored --nocapture`.
#[test]
#[ignore]
fn hunt_slow_shops() {
    let seed: u64 = std::env::var("HUNT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let tries: usize = std::env::var("HUNT_TRIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let mut next = draws(0x9e37_79b9_7f4a_7c15 ^ seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let mut worst = (0.0f64, String::new());
    for t in 0..tries {
        let (skus, bundles) = promised_shop(&mut next);
        let shop = build(&skus, &bundles);
        let start = std::time::Instant::now();
        let ((), steps) = with_search(&shop, |s| {
            s.run().ok();
        });
        let secs = start.elapsed().as_secs_f64();
        if secs > worst.0 {
            worst = (
                secs,
                format!("try {t}: {secs:.3}s {steps} steps\n{skus:?}\n{bundles:?}"),
            );
            println!("{}", worst.1);
        }
    }
}

/// The best number of sets of the shop's only bundle, by trying every one:
/// what the sets save (each set from the units the sets before it left,
/// every set valid) and what `items` gives the units left; the highest
/// reduction, then the fewest sets.
pub(super) fn every_count(f: &Formable, skus: &[Sku], items: &ItemValue<'_>) -> i64 {
    let mut best = (i128::MIN, 0);
    let mut saved: i128 = 0;
    for k in 0..=f.cap {
        let left: i128 = f
            .items()
            .iter()
            .map(|&(s, q)| i128::from(skus[s].item_value(items, k * q)))
            .sum();
        if saved + left > best.0 {
            best = (saved + left, k);
        }
        let original: Fen = f
            .items()
            .iter()
            .map(|&(s, q)| skus[s].price_of(k * q, q))
            .sum();
        if k == f.cap || set_problem(f, original).is_some() {
            break;
        }
        saved += i128::from(original - f.price);
    }
    best.1
}

/// Random shops of one bundle over one to three SKUs of one to four lines.
fn random_lone_shops(n: usize, seed: u64) -> Vec<Shop> {
    let mut next = draws(0x2545_f491_4f6c_dd1d ^ seed);
    (0..n)
        .map(|_| {
            let skus: Vec<Lines> = (0..1 + next(3))
                .map(|_| {
                    (0..1 + next(4))
                        .map(|_| {
                            let unit = 100 * (1 + next(30)) + next(100);
                            (1 + next(40), unit, next(4) * unit / 10)
                        })
                        .collect()
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
                .map(|&(s, q)| q * skus[s].iter().map(|l| l.1).max().unwrap_or(0))
                .sum();
            let max_sets = (next(3) == 0).then(|| 1 + next(30) as u32);
            build(&skus, &[(items, top * (40 + next(60)) / 100, max_sets)])
        })
        .collect()
}

/// Each line's units at its own item discount (`shop.off`), and one item
/// discount with `max_units` `limit` taking `per_unit` off any unit of
/// SKU `limited`, taken by a line when it gives the line more (as
/// `item_discount::discount` chooses).
fn with_limit(
    shop: &Shop,
    limited: usize,
    per_unit: Fen,
    limit: i64,
) -> impl Fn(&[LineIx], &dyn Fn(LineIx) -> i64) -> Fen + '_ {
    let on = shop.skus[limited].ix.clone();
    move |lines: &[LineIx], free: &dyn Fn(LineIx) -> i64| {
        let mut left = limit;
        let mut total = 0;
        for &i in lines {
            let units = free(i);
            let own = units * shop.off[i.get()];
            let capped = if on.contains(&i) {
                units.min(left) * per_unit
            } else {
                0
            };
            if capped > own {
                left -= units.min(left);
                total += capped;
            } else {
                total += own;
            }
        }
        total
    }
}

#[test]
fn a_lone_bundle_takes_the_best_number_of_sets_of_every_one_tried() {
    for (k, shop) in random_lone_shops(400, 1).iter().enumerate() {
        let items = |lines: &[LineIx], free: &dyn Fn(LineIx) -> i64| -> Fen {
            lines.iter().map(|&i| free(i) * shop.off[i.get()]).sum()
        };
        assert_eq!(
            lone::best_sets(&shop.formable[0], &shop.skus, &items),
            every_count(&shop.formable[0], &shop.skus, &items),
            "shop {k}"
        );
    }
    // With an item discount limited to a few units on one SKU.
    for (k, mut shop) in random_lone_shops(400, 2).into_iter().enumerate() {
        let (per_unit, limit) = (50 * (1 + k as i64 % 7), 1 + k as i64 % 5);
        let s = k % shop.skus.len();
        shop.skus[s].limit(0, per_unit, limit);
        let items = with_limit(&shop, s, per_unit, limit);
        assert_eq!(
            lone::best_sets(&shop.formable[0], &shop.skus, &items),
            every_count(&shop.formable[0], &shop.skus, &items),
            "shop {k} with a limit"
        );
    }
}

/// A hunt for the slowest shop of the promised class (issue 19 D2) that
/// climbs instead of drawing: from the slowest of `HUNT_TRIES` random
/// shops (as [`hunt_slow_shops`] draws them), each round changes one number
/// of the shop (a line's units, price or item discount; a bundle's price,
/// an item's units or SKU) and keeps the change when the search takes at
/// least as many steps. Prints the slowest shop found, its steps and time.
/// `cargo test --release --lib climb_to_slow_shops -- --ignored --nocapture`
/// (`HUNT_SEED`, `HUNT_TRIES`, `HUNT_ROUNDS`, `HUNT_SECS`; `HUNT_FROM=now`
/// climbs from the slowest shop found before, [`slowest_now`]); each
/// better shop is printed as found.
#[test]
#[ignore]
fn climb_to_slow_shops() {
    let env = |k: &str, d: u64| {
        std::env::var(k)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(d)
    };
    let (seed, tries, rounds) = (
        env("HUNT_SEED", 1),
        env("HUNT_TRIES", 50),
        env("HUNT_ROUNDS", 3000),
    );
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15 ^ seed.wrapping_mul(0x2545_f491_4f6c_dd1d);
    let mut next = move |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m.max(1)) as i64
    };
    const NSKU: usize = 5;
    let steps_of = |skus: &[Lines], bundles: &[Bundle]| -> u64 {
        let shop = build(skus, bundles);
        with_search(&shop, |s| {
            s.run().ok();
        })
        .1
    };
    let mut best = promised_shop(&mut next);
    let mut best_steps = steps_of(&best.0, &best.1);
    for _ in 1..tries {
        let shop = promised_shop(&mut next);
        let steps = steps_of(&shop.0, &shop.1);
        if steps > best_steps {
            (best, best_steps) = (shop, steps);
        }
    }
    println!("slowest of {tries} drawn: {best_steps} steps");
    // HUNT_FROM=now: climb from the slowest shop found before instead.
    if std::env::var("HUNT_FROM").is_ok_and(|v| v == "now") {
        best = slowest_now();
        best_steps = steps_of(&best.0, &best.1);
        println!("from the slowest found before: {best_steps} steps");
    }
    // HUNT_SECS: stop climbing after that long (the last rounds are slow).
    let secs = env("HUNT_SECS", u64::MAX);
    let start = std::time::Instant::now();
    for round in 0..rounds {
        if start.elapsed().as_secs() >= secs {
            break;
        }
        let (mut skus, mut bundles) = best.clone();
        match next(6) {
            0 => {
                let l = &mut skus[next(NSKU as u64) as usize][next(2) as usize];
                l.0 = (l.0 + next(21) - 10).clamp(1, 40);
            }
            1 => {
                let l = &mut skus[next(NSKU as u64) as usize][next(2) as usize];
                l.1 = (l.1 + 100 * (next(41) - 20)).clamp(100, 20_000);
                l.2 = l.2.min(l.1 - 100);
            }
            2 => {
                let l = &mut skus[next(NSKU as u64) as usize][next(2) as usize];
                l.2 = next(10) * l.1 / 10;
            }
            3 => {
                let b = &mut bundles[next(8) as usize];
                b.1 = (b.1 + next(2001) - 1000).max(100);
            }
            4 => {
                let b = &mut bundles[next(8) as usize];
                let k = next(b.0.len() as u64) as usize;
                b.0[k].1 = 1 + next(3);
            }
            _ => {
                let b = &mut bundles[next(8) as usize];
                let k = next(b.0.len() as u64) as usize;
                let s = next(NSKU as u64) as usize;
                if b.0.iter().all(|&(t, _)| t != s) {
                    b.0[k].0 = s;
                }
            }
        }
        let steps = steps_of(&skus, &bundles);
        if steps >= best_steps {
            if steps > best_steps {
                println!("round {round}: {steps} steps\n{skus:?}\n{bundles:?}");
            }
            (best, best_steps) = ((skus, bundles), steps);
        }
    }
    let shop = build(&best.0, &best.1);
    let start = std::time::Instant::now();
    let (_, steps) = with_search(&shop, |s| {
        s.run().ok();
    });
    println!(
        "slowest: {steps} steps, {:.1} ms\n{:?}\n{:?}",
        start.elapsed().as_secs_f64() * 1e3,
        best.0,
        best.1
    );
}

/// The slowest shop of the promised class found against the code of
/// session 10 (`climb_to_slow_shops`, seed 1, 840 s): `NOW` of
/// [`the_slowest_promised_shop_found`].
fn slowest_now() -> (Vec<Lines>, Vec<Bundle>) {
    (
        vec![
            vec![(13, 6600, 4620), (20, 1000, 0)],
            vec![(37, 11000, 3210), (27, 7000, 710)],
            vec![(28, 3500, 0), (27, 10300, 0)],
            vec![(40, 4600, 920), (14, 8500, 850)],
            vec![(15, 5100, 0), (28, 6200, 2200)],
        ],
        vec![
            (
                vec![(2, 1), (3, 3), (0, 2), (1, 2), (4, 1)],
                44415,
                Some(10),
            ),
            (vec![(2, 1), (0, 1), (4, 2), (1, 3)], 33236, Some(10)),
            (vec![(2, 1), (1, 1), (4, 2), (3, 1)], 23936, Some(10)),
            (vec![(1, 1), (2, 2), (3, 1), (4, 2)], 27769, Some(10)),
            (vec![(3, 1), (4, 1)], 7388, Some(10)),
            (vec![(2, 1), (3, 2), (1, 2)], 30436, Some(10)),
            (
                vec![(4, 2), (2, 2), (3, 1), (0, 3), (1, 3)],
                50055,
                Some(10),
            ),
            (
                vec![(4, 2), (2, 1), (1, 2), (3, 1), (0, 2)],
                32571,
                Some(10),
            ),
        ],
    )
}

/// The slowest shops of the promised class found (issue 19 D2, open), each
/// eight bundles of 2–5 items over five SKUs of two lines, every bundle at
/// most 10 sets. `OLD` (`climb_to_slow_shops`, seed 1, 316 rounds, against
/// the first bound alone): 724,777 states kept, 11,973,849 steps, 3.2–3.7 s,
/// 100 MB then; with the SKU-by-SKU bound 117,453 states, 1,539,339 steps.
/// `NOW` (the same climb against the SKU-by-SKU bound, 840 s, 1,795 rounds):
/// the slowest against the code as it is (numbers in BENCHMARKS.md).
/// `cargo test --release --lib the_slowest_promised_shop_found -- --ignored --nocapture`.
#[test]
#[ignore]
fn the_slowest_promised_shop_found() {
    let old: (Vec<Lines>, Vec<Bundle>) = (
        vec![
            vec![(25, 8600, 830), (7, 5100, 960)],
            vec![(35, 3000, 2100), (18, 5800, 580)],
            vec![(33, 5300, 3710), (40, 7700, 0)],
            vec![(40, 8900, 890), (16, 100, 20)],
            vec![(33, 100, 0), (28, 2800, 560)],
        ],
        vec![
            (vec![(0, 1), (4, 2), (2, 2)], 14550, Some(10)),
            (
                vec![(3, 1), (4, 2), (1, 1), (2, 2), (0, 1)],
                27420,
                Some(10),
            ),
            (vec![(1, 2), (3, 2), (0, 1), (2, 2)], 37318, Some(10)),
            (vec![(3, 1), (0, 1), (4, 1), (2, 2)], 22198, Some(10)),
            (vec![(3, 2), (2, 2)], 24127, Some(10)),
            (
                vec![(3, 2), (0, 2), (1, 2), (2, 2), (4, 1)],
                49059,
                Some(10),
            ),
            (
                vec![(1, 2), (0, 1), (2, 2), (3, 1), (4, 1)],
                25772,
                Some(10),
            ),
            (vec![(3, 2), (1, 2), (0, 1)], 21712, Some(10)),
        ],
    );
    let now = slowest_now();
    // `S11`: the climb from `NOW` against session 11's code
    // (`HUNT_FROM=now HUNT_TRIES=1 HUNT_SECS=400`): 3,039,226 steps then.
    let s11: (Vec<Lines>, Vec<Bundle>) = (
        vec![
            vec![(20, 6800, 4620), (20, 1000, 0)],
            vec![(37, 11000, 3210), (31, 7000, 710)],
            vec![(28, 3500, 0), (27, 10300, 0)],
            vec![(40, 4600, 920), (17, 8500, 850)],
            vec![(15, 5100, 0), (28, 6200, 2200)],
        ],
        vec![
            (
                vec![(2, 1), (3, 3), (0, 2), (1, 2), (4, 1)],
                43203,
                Some(10),
            ),
            (vec![(2, 1), (0, 1), (4, 2), (1, 3)], 33236, Some(10)),
            (vec![(2, 1), (1, 1), (4, 2), (3, 1)], 23936, Some(10)),
            (vec![(1, 1), (2, 2), (3, 1), (4, 2)], 28618, Some(10)),
            (vec![(3, 1), (4, 1)], 7388, Some(10)),
            (vec![(2, 1), (3, 2), (1, 2)], 30283, Some(10)),
            (
                vec![(4, 2), (2, 2), (3, 1), (0, 3), (1, 3)],
                50055,
                Some(10),
            ),
            (
                vec![(4, 2), (2, 1), (1, 2), (3, 1), (0, 2)],
                32622,
                Some(10),
            ),
        ],
    );
    let which = std::env::var("SLOWEST").unwrap_or_default();
    for (name, (skus, bundles)) in [("old", old), ("now", now), ("s11", s11)] {
        if !which.is_empty() && which != name {
            continue;
        }
        let shop = build(&skus, &bundles);
        assert!(guaranteed(&shop.formable), "inside the promise");
        let start = std::time::Instant::now();
        let (best, steps) = with_search(&shop, |s| {
            assert!(s.run().is_ok(), "a promised search is never cut");
            (s.best.as_ref().map(|b| b.score), s.kept())
        });
        println!(
            "{name}: {:?}: {} states kept, {steps} steps, {:.1} ms",
            best.0,
            best.1,
            start.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// A fixed sequence of draws from `seed` (xorshift64): each call gives a
/// number below `m`. Shared by the tests that draw random shops.
fn draws(seed: u64) -> impl FnMut(u64) -> i64 {
    let mut x = seed;
    move |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m) as i64
    }
}

#[test]
fn the_bound_at_the_start_is_the_same_from_the_copies() {
    // Every unit open: the bound, its subgradient and what a unit of each
    // SKU earns in a set at best (and where) from the i64 copies
    // (`root_bound`) are those of `bound`, at the first prices and at
    // prices drawn, with and without the item values' tables.
    let mut next = draws(0x6a09_e667_f3bc_c909);
    let (mut compared, mut shops) = (0, 0);
    for (k, shop) in random_shops(300).iter().enumerate() {
        for exact_work in [EXACT_WORK, 0] {
            with_search_at(shop, exact_work, |s| {
                s.exact_item_values();
                s.live = (0..s.bundles.len()).collect();
                s.first_prices();
                let mut root = super::bound::Root::new(s).expect("every value fits");
                shops += 1;
                for round in 0..4 {
                    if round > 0 {
                        for p in s.pi.iter_mut() {
                            *p = i128::from(next(2500)) * s.scale / 7;
                        }
                    }
                    assert!(root.set_pi(&s.pi));
                    let mut g = vec![0; s.pi.len()];
                    let wide = s.bound(0, Some(&mut g));
                    let (val, val_at) = (s.val.clone(), s.val_at.clone());
                    s.val.iter_mut().for_each(|v| *v = 0);
                    s.val_at.iter_mut().for_each(|v| *v = usize::MAX);
                    let mut h = vec![1; s.pi.len()];
                    let narrow = s.root_bound(&mut root, &mut h);
                    let at = format!("shop {k}, exact work {exact_work}, prices {:?}", s.pi);
                    assert_eq!(narrow, Some(wide), "{at}");
                    assert_eq!(h, g, "{at}");
                    for &u in &s.used {
                        assert_eq!((s.val[u], s.val_at[u]), (val[u], val_at[u]), "{at}");
                    }
                    compared += 1;
                }
            });
        }
    }
    assert_eq!((shops, compared), (600, 2400));
}

#[test]
fn the_bound_at_the_start_takes_the_wide_path_where_a_value_does_not_fit() {
    // Teas and cups (scale 6): a tea's price of i64::MAX fits the copies
    // but 3 teas at it do not (none from the copies); one above i64::MAX
    // does not fit them. Units taken: no copies (they are of the start).
    let shop = tea_and_cups();
    with_search(&shop, |s| {
        s.exact_item_values();
        s.live = vec![0, 1];
        let mut root = super::bound::Root::new(s).expect("every value fits");
        s.pi = vec![i128::from(i64::MAX), 0];
        assert!(root.set_pi(&s.pi));
        let mut g = vec![0; 2];
        assert_eq!(s.root_bound(&mut root, &mut g), None);
        // A gradient of another length than the prices: none either.
        s.pi = vec![0, 0];
        assert!(root.set_pi(&s.pi));
        assert!(s.root_bound(&mut root, &mut g).is_some());
        assert_eq!(s.root_bound(&mut root, &mut [0]), None);
        assert_eq!(s.root_bound(&mut root, &mut [0; 3]), None);
        s.pi = vec![i128::from(i64::MAX) + 1, 0];
        assert!(!root.set_pi(&s.pi));
        s.enter(0, 1);
        assert!(super::bound::Root::new(s).is_none());
        s.leave(0, 1);
        assert!(super::bound::Root::new(s).is_some());
    });
    // A tea at 2^56 fen and 200 cups (scale 204): a tea's price in the
    // score, 2^56 × 204, does not fit the copies, and the search still
    // finds the best choice (the wide path): 3 sets, each saving the
    // cup's 5.00, 1500 × 204 − 3.
    let big = 1i64 << 56;
    let shop = build(
        &[vec![(3, big, 0)], vec![(200, 500, 0)]],
        &[(vec![(0, 1), (1, 1)], big, None)],
    );
    with_search(&shop, |s| {
        s.exact_item_values();
        s.live = vec![0];
        assert!(super::bound::Root::new(s).is_none());
        s.run().ok();
        assert_eq!(
            s.best.as_ref().map(|b| (b.score, b.counts.clone())),
            Some((305_997, vec![3]))
        );
    });
}

#[test]
fn a_table_with_an_entry_beyond_what_i64_sums_is_not_kept() {
    // One SKU open (SKU 1, units taken 0..=3): its entries may be at most
    // i64::MAX / 2 either way, so that a state's entries sum in `i64`.
    let most = Score::from(i64::MAX) / 2;
    let mut layer = vec![Vec::new(), vec![0, 1, 2, 3]];
    let mut t = Tables::new(&layer);
    assert!(t.push(&layer, 5));
    layer[1][2] = most + 1;
    assert!(!t.push(&layer, 5), "above");
    layer[1][2] = -most - 1;
    assert!(!t.push(&layer, 5), "below");
    layer[1][2] = most;
    assert!(t.push(&layer, 7));
    assert_eq!(t.len(), 2);
    // The second table, 2 units of SKU 1 taken: 7 + the entry.
    assert_eq!(t.bound(1, &[0, 2]), 7 + most);
    assert_eq!(t.bound(0, &[0, 3]), 5 + 3);
}

#[test]
fn the_narrow_division_gives_the_quotient_of_the_wide_one() {
    use super::bound::div;
    // Worked by hand: truncated toward zero (not floored, not Euclid's).
    assert_eq!(div(7, 2), 3);
    assert_eq!(div(-7, 2), -3);
    assert_eq!(div(7, -2), -3);
    assert_eq!(div(-7, -2), 3);
    assert_eq!(div(0, 5), 0);
    // i64::MIN / -1 is 2^63, past i64: the wide division gives it.
    assert_eq!(div(i128::from(i64::MIN), -1), 9_223_372_036_854_775_808);
    // Past i64 on either side: 2^70 / 2^10 = 2^60; 2^40 / 2^64 = 0.
    assert_eq!(div(1 << 70, 1 << 10), 1 << 60);
    assert_eq!(div(1 << 40, 1 << 64), 0);
    assert_eq!(div(-(1 << 70), 1 << 69), -2);
    // Around the edges of i64, against `/`, its definition.
    let edges = [
        0,
        1,
        -1,
        2,
        -2,
        3,
        1000,
        -1000,
        i128::from(i64::MAX),
        i128::from(i64::MAX) - 1,
        i128::from(i64::MIN),
        i128::from(i64::MIN) + 1,
        i128::from(i64::MAX) + 1,
        i128::from(i64::MIN) - 1,
        i128::MAX,
        i128::MIN + 1,
    ];
    for &a in &edges {
        for &b in edges.iter().filter(|&&b| b != 0) {
            if a == i128::MIN && b == -1 {
                continue;
            }
            assert_eq!(div(a, b), a / b, "{a} / {b}");
        }
    }
}

#[test]
fn the_start_prepared_from_the_subgradients_bound_is_the_start_prepared_anew() {
    // After the subgradient, `prepare` takes the bound it left at the
    // prices kept and only recomputes what a unit earns in a set: the
    // bound, what each bundle's set earns, the bundles that may add and
    // the most sets of each are those `prepare` finds from nothing.
    let (mut shops, mut used) = (0, 0);
    for (k, shop) in random_shops(300).iter().enumerate() {
        for exact_work in [EXACT_WORK, 0] {
            with_search_at(shop, exact_work, |s| {
                s.exact_item_values();
                let zero = vec![0; s.bundles.len()];
                assert!(s.consider(zero).is_ok());
                s.live = (0..s.bundles.len()).collect();
                s.first_prices();
                let greedy = s.greedy();
                assert!(s.consider(greedy).is_ok());
                assert!(s.better_prices().is_ok());
                used += usize::from(s.copies.known.is_some());
                // What a unit earns is written by `prepare`, not left over
                // from the subgradient's last bound.
                s.val.iter_mut().for_each(|v| *v = 0);
                s.prepare();
                let from_known = (
                    s.root,
                    s.profit.clone(),
                    s.live.clone(),
                    s.most.clone(),
                    s.used.iter().map(|&u| s.val[u]).collect::<Vec<_>>(),
                );
                assert!(s.copies.known.is_none(), "shop {k}: read once");
                s.val.iter_mut().for_each(|v| *v = 0);
                s.prepare();
                let anew = (
                    s.root,
                    s.profit.clone(),
                    s.live.clone(),
                    s.most.clone(),
                    s.used.iter().map(|&u| s.val[u]).collect::<Vec<_>>(),
                );
                assert_eq!(from_known, anew, "shop {k}, exact work {exact_work}");
                shops += 1;
            });
        }
    }
    assert_eq!(shops, 600);
    // Every shop's values fit the copies: each prepared from the bound left.
    assert_eq!(used, 600);
}

#[test]
fn prices_moved_after_the_subgradient_are_bounded_anew() {
    // The subgradient leaves its bound at the prices it kept; `prepare`
    // takes it only at those prices. Moved after it, the prices get their
    // own bound (a debug build also checks a bound taken against `bound`'s).
    let mut moved = 0;
    for shop in random_shops(100).iter() {
        with_search(shop, |s| {
            s.exact_item_values();
            let zero = vec![0; s.bundles.len()];
            assert!(s.consider(zero).is_ok());
            s.live = (0..s.bundles.len()).collect();
            s.first_prices();
            assert!(s.better_prices().is_ok());
            if s.copies.known.is_none() {
                return;
            }
            for p in s.pi.iter_mut() {
                *p += s.scale;
            }
            s.prepare();
            let after = s.root;
            assert!(s.copies.known.is_none(), "read once");
            s.prepare();
            assert_eq!(after, s.root);
            moved += 1;
        });
    }
    assert!(moved > 20, "{moved} shops");
}
