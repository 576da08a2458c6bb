//! Properties over generated rules and carts (proptest).
//!
//! Rules and carts come from the crate's public strategies
//! ([`youhui::strategy`], the `proptest` feature), the ones users get for their
//! own property tests: every generated rules file is valid, every generated
//! cart prices, and a failure shrinks towards the simplest choice everywhere.
//!
//! Carts have 1–50 lines over 1–5 shops (1–6 lines where every coupon
//! combination is priced for comparison). The number of cases is
//! `PROPTEST_CASES` (default 256 here; CI runs 10,000).

use proptest::prelude::*;
use youhui::{Cart, CouponSelection, Line, Promotion, PromotionType, Quote, Rules, Stage};

use youhui::strategy::{self, Sizes};

use crate::support::conservation;

/// The carts where every coupon combination is priced for comparison: 1–6 lines.
const SMALL: Sizes = Sizes {
    promotions: 10,
    lines: 6,
};

fn price(rules: &Rules, cart: &Cart) -> Quote<'static> {
    let engine = youhui::Engine::new(rules.clone()).expect("generated rules are valid");
    engine
        .price(cart)
        .expect("generated carts price")
        .into_owned()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Every fen accounted for, every share listed and summed, no line below zero,
/// and the item discounts never take a unit below 1.00 or 0.1折 (a bundle's
/// floors are per set, and its share is not counted here).
fn laws(rules: &Rules, cart: &Cart, q: &Quote) -> Result<(), TestCaseError> {
    conservation(q).map_err(TestCaseError::fail)?;
    let bundle = |id: &str| {
        rules
            .promotions
            .iter()
            .any(|p| p.id == id && p.kind == PromotionType::Bundle)
    };
    for (line, ql) in cart.lines.iter().zip(&q.lines) {
        let unit = line.unit_price.fen();
        let floor = 100.max((unit + 99) / 100);
        let item: i64 = ql
            .discounts
            .iter()
            .filter(|d| {
                d.stage == Stage::ItemDiscount && !d.promotion.as_deref().is_some_and(bundle)
            })
            .map(|d| d.amount.fen())
            .sum();
        prop_assert!(
            item <= (unit - floor).max(0) * i64::from(line.quantity),
            "line {} unit {} took {} off at the item stage, below a floor",
            line.id,
            unit,
            item
        );
    }
    // A 第N件X折 takes off at most ⌊q / n⌋ units of a line, each above the floors.
    for (line, ql) in cart.lines.iter().zip(&q.lines) {
        let unit = line.unit_price.fen();
        let floor = 100.max((unit + 99) / 100);
        for d in &ql.discounts {
            let nth = rules
                .promotions
                .iter()
                .find(|p| d.promotion.as_deref() == Some(p.id.as_str()))
                .and_then(|p| p.nth);
            if let Some(h) = nth {
                let most = (unit - floor).max(0) * i64::from(line.quantity / h.n);
                prop_assert!(
                    d.amount.fen() <= most,
                    "line {} ({} × {}): {} took {} off, more than every {}-th unit",
                    line.id,
                    line.quantity,
                    unit,
                    d.promotion.as_deref().unwrap_or_default(),
                    d.amount,
                    h.n
                );
            }
        }
    }
    // Each bundle's sets: what it took is its sets' original less their price.
    for a in &q.applied {
        if bundle(&a.promotion) {
            prop_assert!(
                a.sets.is_some_and(|k| k > 0),
                "bundle {} without sets",
                a.promotion
            );
            prop_assert!(a.amount.fen() > 0, "bundle {} took nothing", a.promotion);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn conservation_and_floors((r, c) in strategy::rules_and_cart(Sizes::default())) {
        let q = price(&r, &c);
        laws(&r, &c, &q)?;
    }

    #[test]
    fn rules_and_carts_round_trip_through_json((r, c) in strategy::rules_and_cart(Sizes::default())) {
        let rj = serde_json::to_string(&r).unwrap();
        let cj = serde_json::to_string(&c).unwrap();
        prop_assert_eq!(&youhui::Rules::from_json(&rj).unwrap(), &r);
        prop_assert_eq!(&youhui::Cart::from_json(&cj).unwrap(), &c);
        let q = price(&r, &c);
        let qj = serde_json::to_string(&q).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Quote>(&qj).unwrap(), &q);
        // Pricing again, from the re-parsed files, gives the same bytes.
        let again = price(&youhui::Rules::from_json(&rj).unwrap(), &youhui::Cart::from_json(&cj).unwrap());
        prop_assert_eq!(serde_json::to_string(&again).unwrap(), qj);
    }

    #[test]
    fn order_of_promotions_and_held_coupons_changes_nothing((r, c) in strategy::rules_and_cart(Sizes::default()), rot in 0usize..100) {
        let q = serde_json::to_string(&price(&r, &c)).unwrap();
        let mut r2 = r.clone();
        r2.promotions.reverse();
        let k = rot % r2.promotions.len();
        r2.promotions.rotate_left(k);
        let mut c2 = c.clone();
        c2.coupons.reverse();
        prop_assert_eq!(serde_json::to_string(&price(&r2, &c2)).unwrap(), q);
    }

    #[test]
    fn line_order_changes_nothing_but_the_order_of_lines_and_shops((r, c) in strategy::rules_and_cart(Sizes::default()), rot in 0usize..1000, seed in any::<u64>()) {
        // Ties (reference, "Allocation") go to the smaller line id, so no figure, reason
        // or hint depends on the order of the cart's lines.
        let q = in_line_order(price(&r, &c));
        let n = c.lines.len();
        let mut reversed = c.clone();
        reversed.lines.reverse();
        let mut rotated = c.clone();
        rotated.lines.rotate_left(rot % n);
        let mut shuffled = c.clone();
        let mut x = seed | 1;
        for k in (1..n).rev() {
            // xorshift: a shuffle proptest can replay from `seed`.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.lines.swap(k, (x % (k as u64 + 1)) as usize);
        }
        for other in [reversed, rotated, shuffled] {
            prop_assert_eq!(&in_line_order(price(&r, &other)), &q);
        }
    }

    #[test]
    fn best_equals_exhaustive_search_over_as_given((r, c) in strategy::rules_and_cart(SMALL)) {
        exhaustive(&r, c)?;
    }

    #[test]
    fn best_equals_exhaustive_search_with_ties_and_binding_thresholds((r, c) in strategy::ties()) {
        exhaustive(&r, c)?;
    }

    #[test]
    fn best_equals_exhaustive_search_with_many_coupons((r, c) in strategy::many_coupons(6)) {
        exhaustive(&r, c)?;
    }
}

#[test]
#[ignore = "diagnostic: how much of the engine the generator reaches"]
fn generator_coverage() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut stage = [0usize; 5];
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    let (mut hints, mut cut, mut n) = (0, 0, 2000);
    for _ in 0..n {
        let (r, c) = strategy::rules_and_cart(Sizes::default())
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let q = price(&r, &c);
        for (k, t) in [
            q.totals.item_discount,
            q.totals.threshold,
            q.totals.shop_coupon,
            q.totals.rebate,
            q.totals.platform_coupon,
        ]
        .iter()
        .enumerate()
        {
            stage[k] += usize::from(t.fen() > 0);
        }
        for na in &q.not_applied {
            *reasons.entry(na.reason.as_str().to_string()).or_default() += 1;
        }
        hints += usize::from(!q.hints.is_empty());
        cut += usize::from(q.lines.iter().any(|l| l.paid.fen() == 0));
    }
    n = n.max(1);
    eprintln!("of {n}: stages applied {stage:?}; with hints {hints}; with a line at 0.00 {cut}\nreasons {reasons:?}");
}

/// A quote with its lines sorted by id and its shops by name: what must not
/// depend on the cart's line order.
fn in_line_order(mut q: Quote<'static>) -> Quote<'static> {
    q.lines.sort_by(|a, b| a.id.cmp(&b.id));
    q.shops.sort_by(|a, b| a.shop.cmp(&b.shop));
    q
}

/// The payable of the five stages: what `best` minimises (points follow it;
/// reference, "Points").
fn five_stage_payable(q: &Quote) -> i64 {
    q.totals.payable.fen() + q.totals.points.map_or(0, |p| p.fen())
}

/// The ranking of `best` (reference, "Choosing coupons") for a quote: payable of the five stages, rebate used, coupons used, their sorted ids.
fn rank(q: &Quote) -> (i64, i64, usize, Vec<String>) {
    let mut ids: Vec<String> = q
        .applied
        .iter()
        .filter(|a| matches!(a.stage, Stage::ShopCoupon | Stage::PlatformCoupon))
        .map(|a| a.promotion.to_string())
        .collect();
    ids.sort();
    (five_stage_payable(q), q.totals.rebate.fen(), ids.len(), ids)
}

/// `best` against every combination of one held coupon per shop (or none) and
/// one platform coupon (or none), each priced `as_given` with exactly those.
fn exhaustive(r: &Rules, mut c: Cart) -> Result<(), TestCaseError> {
    c.coupon_selection = CouponSelection::Best;
    let best = price(r, &c);
    laws(r, &c, &best)?;
    let kind = |id: &String| r.promotions.iter().find(|p| &p.id == id).unwrap();
    let mut groups: Vec<Vec<Option<String>>> = Vec::new();
    let shops: std::collections::BTreeSet<&str> = c
        .coupons
        .iter()
        .filter_map(|id| kind(id).shop.as_deref())
        .collect();
    for s in shops {
        let mut o = vec![None];
        o.extend(
            c.coupons
                .iter()
                .filter(|id| kind(id).shop.as_deref() == Some(s))
                .cloned()
                .map(Some),
        );
        groups.push(o);
    }
    let mut o = vec![None];
    o.extend(
        c.coupons
            .iter()
            .filter(|id| kind(id).kind == PromotionType::PlatformCoupon)
            .cloned()
            .map(Some),
    );
    groups.push(o);
    let mut combos: Vec<Vec<String>> = vec![vec![]];
    for grp in &groups {
        combos = combos
            .iter()
            .flat_map(|c| {
                grp.iter().map(move |x| {
                    let mut c = c.clone();
                    c.extend(x.clone());
                    c
                })
            })
            .collect();
    }
    let mut least = None;
    for combo in combos {
        let mut one = c.clone();
        one.coupon_selection = CouponSelection::AsGiven;
        one.coupons = combo;
        let q = price(r, &one);
        prop_assert!(
            five_stage_payable(&best) <= five_stage_payable(&q),
            "best {} is worse than {:?} at {}",
            five_stage_payable(&best),
            one.coupons,
            five_stage_payable(&q)
        );
        let k = rank(&q);
        if least.as_ref().is_none_or(|l| &k < l) {
            least = Some(k);
        }
    }
    prop_assert_eq!(Some(rank(&best)), least);
    Ok(())
}

/// Stage 1 of one shop by the contract's words, trying every choice of set
/// counts: (total reduction, sets of each bundle in id order).
fn stage_one_by_hand(rules: &Rules, cart: &Cart) -> (i64, Vec<u32>) {
    let mut bundles: Vec<&Promotion> = rules
        .promotions
        .iter()
        .filter(|p| p.kind == PromotionType::Bundle)
        .collect();
    bundles.sort_by(|a, b| a.id.cmp(&b.id));
    let mut items: Vec<&Promotion> = rules
        .promotions
        .iter()
        .filter(|p| p.kind == PromotionType::ItemDiscount)
        .collect();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    let mut lines: Vec<&Line> = cart.lines.iter().collect();
    lines.sort_by(|a, b| a.id.cmp(&b.id));
    let units_of = |sku: &str| -> i64 {
        lines
            .iter()
            .filter(|l| l.sku == sku)
            .map(|l| i64::from(l.quantity))
            .sum()
    };
    // The most sets each bundle could form alone.
    let caps: Vec<u32> = bundles
        .iter()
        .map(|b| {
            let units = b
                .items
                .as_ref()
                .unwrap()
                .iter()
                .map(|i| units_of(&i.sku) / i64::from(i.quantity))
                .min()
                .unwrap();
            units.min(b.max_sets.map_or(i64::MAX, i64::from)) as u32
        })
        .collect();
    let mut best: Option<(i64, u32, Vec<String>, Vec<u32>)> = None;
    let mut counts = vec![0u32; bundles.len()];
    loop {
        if let Some((red, sets, ids)) = try_choice(&bundles, &items, &lines, &counts, cart) {
            let better = best.as_ref().is_none_or(|b| {
                (std::cmp::Reverse(red), sets, &ids) < (std::cmp::Reverse(b.0), b.1, &b.2)
            });
            if better {
                best = Some((red, sets, ids, counts.clone()));
            }
        }
        // The next choice of counts.
        let mut k = 0;
        while k < counts.len() && counts[k] == caps[k] {
            counts[k] = 0;
            k += 1;
        }
        if k == counts.len() {
            break;
        }
        counts[k] += 1;
    }
    let (red, _, _, counts) = best.expect("forming no set is always a choice");
    (red, counts)
}

/// The units of a SKU an item discount may discount (contract v3, 每人限购):
/// the smaller of `max_units` and `per_customer_units − customer.units[id]`.
fn unit_cap(d: &Promotion, cart: &Cart) -> Option<u32> {
    let left = d.limits.and_then(|l| l.per_customer_units).map(|m| {
        let bought = cart.customer.units.get(&d.id).copied().unwrap_or(0);
        m.saturating_sub(bought) as u32
    });
    match (d.max_units, left) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// One choice of set counts by the contract's words: None when a set fails
/// its conditions; else (stage-1 reduction, sets, sorted bundle ids).
fn try_choice(
    bundles: &[&Promotion],
    items: &[&Promotion],
    lines: &[&Line],
    counts: &[u32],
    cart: &Cart,
) -> Option<(i64, u32, Vec<String>)> {
    // Units each line (in id order) gives to sets.
    let mut taken = vec![0i64; lines.len()];
    let mut reduction = 0;
    let mut ids = Vec::new();
    for (b, &n) in bundles.iter().zip(counts) {
        for _ in 0..n {
            let mut original = 0;
            let mut units = 0;
            for item in b.items.as_ref().unwrap() {
                let mut want = i64::from(item.quantity);
                units += want;
                for (k, l) in lines.iter().enumerate() {
                    if l.sku != item.sku || want == 0 {
                        continue;
                    }
                    let take = (i64::from(l.quantity) - taken[k]).min(want);
                    taken[k] += take;
                    want -= take;
                    original += take * l.unit_price.fen();
                }
                if want > 0 {
                    return None;
                }
            }
            let price = b.price.unwrap().fen();
            if price >= original || price < 100 * units || price * 100 < original {
                return None;
            }
            reduction += original - price;
            ids.push(b.id.clone());
        }
    }
    // Item discounts on the units left, lines in id order, limits per SKU.
    let mut left: Vec<(String, String, i64)> = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        let free = i64::from(l.quantity) - taken[k];
        if free == 0 {
            continue;
        }
        let unit = l.unit_price.fen();
        let mut best: Option<(i64, i64, &str)> = None;
        for d in items {
            let in_scope = d
                .scope
                .as_ref()
                .is_none_or(|s| s.skus.as_ref().unwrap().contains(&l.sku));
            if !in_scope {
                continue;
            }
            // 第N件X折: the fold, on every n-th unit of the line.
            let (fold, every) = match (d.fold, d.nth) {
                (Some(f), _) => (Some(f), 1),
                (None, Some(h)) => (Some(h.fold), i64::from(h.n)),
                (None, None) => (None, 1),
            };
            let new = if let Some(f) = fold {
                let num = i128::from(unit) * i128::from(f.hundredths());
                ((num + 500) / 1000) as i64
            } else if let Some(a) = d.amount_off {
                unit - a.fen()
            } else {
                d.fixed_price.unwrap().fen()
            };
            if new < 100 || new * 100 < unit || new >= unit {
                continue;
            }
            let n = match unit_cap(d, cart) {
                None => free / every,
                Some(m) => {
                    let l = left
                        .iter()
                        .find(|e| e.0 == d.id && e.1 == l.sku)
                        .map_or(i64::from(m), |e| e.2);
                    (free / every).min(l)
                }
            };
            if n == 0 {
                continue;
            }
            let red = (unit - new) * n;
            if best.is_none_or(|b| red > b.0) {
                best = Some((red, n, &d.id));
            }
        }
        if let Some((red, n, id)) = best {
            reduction += red;
            let d = items.iter().find(|d| d.id == id).unwrap();
            if let Some(max) = unit_cap(d, cart) {
                match left.iter_mut().find(|e| e.0 == id && e.1 == l.sku) {
                    Some(e) => e.2 -= n,
                    None => left.push((id.to_string(), l.sku.clone(), i64::from(max) - n)),
                }
            }
        }
    }
    ids.sort();
    Some((reduction, counts.iter().sum(), ids))
}

/// Stage 1 of the quote is the best choice of set counts (ties included):
/// its reduction and every bundle's sets as `stage_one_by_hand` finds them.
fn stage_one_is_the_best_choice(r: &Rules, c: &Cart) -> Result<(), TestCaseError> {
    let q = price(r, c);
    let (red, counts) = stage_one_by_hand(r, c);
    prop_assert_eq!(q.totals.item_discount.fen(), red);
    let mut ids: Vec<&Promotion> = r
        .promotions
        .iter()
        .filter(|p| p.kind == PromotionType::Bundle)
        .collect();
    ids.sort_by(|a, b| a.id.cmp(&b.id));
    for (b, n) in ids.iter().zip(&counts) {
        let sets = q
            .applied
            .iter()
            .find(|a| a.promotion == b.id)
            .and_then(|a| a.sets)
            .unwrap_or(0);
        prop_assert_eq!(sets, *n, "sets of {}", b.id);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn stage_one_equals_every_choice_of_sets_tried((r, c) in strategy::bundles(false)) {
        stage_one_is_the_best_choice(&r, &c)?;
    }

    #[test]
    fn stage_one_equals_every_choice_of_sets_tried_wide((r, c) in strategy::bundles(true)) {
        stage_one_is_the_best_choice(&r, &c)?;
    }

    #[test]
    fn bundle_choices_do_not_depend_on_the_order_of_lines_or_promotions((r, c) in strategy::bundles(true), rot in 0usize..100) {
        let q = in_line_order(price(&r, &c));
        let mut c2 = c.clone();
        c2.lines.reverse();
        let k = rot % c2.lines.len();
        c2.lines.rotate_left(k);
        let mut r2 = r.clone();
        r2.promotions.reverse();
        prop_assert_eq!(&in_line_order(price(&r2, &c2)), &q);
    }

    #[test]
    fn bundles_never_reduce_stage_one_below_the_item_discounts_alone((r, c) in strategy::bundles(false)) {
        let with = price(&r, &c).totals.item_discount;
        let mut without = r.clone();
        without.promotions.retain(|p| p.kind != PromotionType::Bundle);
        // The cart's use counts name only promotions of its rules.
        let mut c = c.clone();
        let kept = |id: &String| without.promotions.iter().any(|p| &p.id == id);
        c.customer.uses.retain(|id, _| kept(id));
        c.uses.retain(|id, _| kept(id));
        prop_assert!(with >= price(&without, &c).totals.item_discount);
    }
}

/// A quote and sequences of partial refunds that return all its units.
fn quote_and_returns() -> impl Strategy<Value = (Quote<'static>, Vec<youhui::Returns>)> {
    strategy::rules_and_cart(Sizes::default()).prop_flat_map(|(r, c)| {
        let q = price(&r, &c);
        let seq = strategy::return_sequences(&q);
        (Just(q), seq)
    })
}

proptest! {
    #![proptest_config(config())]

    /// Refunds (contract v3): every unit returned, in any sequence of partial refunds,
    /// gives back exactly the payable (shipping included, each shop's fee
    /// once), the points used and each shop's rebate used; no refund is negative.
    #[test]
    fn returning_every_unit_gives_back_the_payable_the_points_and_the_rebate_used((q, seq) in quote_and_returns()) {
        let (mut money, mut points) = (0i64, 0u64);
        let mut rebate = std::collections::BTreeMap::<&str, i64>::new();
        let mut emptied = Vec::new();
        for returns in &seq {
            let r = youhui::refund(&q, returns).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut sum = 0;
            for l in &r.lines {
                prop_assert!(l.money.fen() >= 0 && l.rebate.fen() >= 0, "{:?}", l);
                sum += l.money.fen();
                let shop = &q.lines.iter().find(|ql| ql.id == l.line).unwrap().shop;
                *rebate.entry(shop).or_default() += l.rebate.fen();
            }
            for s in &r.shipping {
                sum += s.amount.fen();
                emptied.push(s.shop.clone());
            }
            prop_assert_eq!(r.totals.money.fen(), sum);
            prop_assert_eq!(r.totals.rebate.fen(), r.lines.iter().map(|l| l.rebate.fen()).sum::<i64>());
            prop_assert_eq!(r.totals.points, r.lines.iter().map(|l| l.points).sum::<u64>());
            money += r.totals.money.fen();
            points += r.totals.points;
        }
        prop_assert_eq!(money, q.totals.payable.fen());
        prop_assert_eq!(points, q.points.map_or(0, |p| p.used));
        let shops: Vec<String> = q.shops.iter().map(|s| s.shop.to_string()).collect();
        emptied.sort();
        let mut all = shops.clone();
        all.sort();
        prop_assert_eq!(emptied, all, "every shop emptied exactly once");
        for s in &q.shops {
            prop_assert_eq!(rebate.get(&*s.shop).copied().unwrap_or(0), s.rebate_used.fen(), "shop {}", s.shop);
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// Points (积分, contract v3): the points used never exceed the balance
    /// nor ⌊B × max_ratio⌋ (B: what the goods pay after the five stages),
    /// are a multiple of `unit` and the largest such; nothing is used
    /// without `use_points`; the points earned are ⌊P × earn_per_yuan⌋ of
    /// what the goods pay after points; every fen is accounted for. Without
    /// a points scheme the quote says nothing of points.
    #[test]
    fn points_used_are_bounded_by_the_balance_the_ratio_and_the_unit((r, c) in strategy::rules_and_cart(Sizes::default())) {
        let q = price(&r, &c);
        laws(&r, &c, &q)?;
        let Some(scheme) = r.settings.points else {
            prop_assert!(q.points.is_none() && q.totals.points.is_none());
            let json = serde_json::to_value(&q).unwrap();
            prop_assert!(json.get("points").is_none() && json["totals"].get("points").is_none());
            prop_assert!(q.lines.iter().all(|l| l.discounts.iter().all(|d| d.stage != Stage::Points)));
            return Ok(());
        };
        let points = q.points.expect("a scheme reports points");
        let used = points.used;
        prop_assert_eq!(q.totals.points.map(|a| a.fen()), Some(used as i64));
        let goods = q.totals.payable.fen() - q.totals.shipping.fen(); // after points
        let b = goods + used as i64;
        let cap = (i128::from(b) * i128::from(scheme.max_ratio.ten_thousandths()) / 10_000) as u64;
        let balance = c.customer.points.unwrap_or(0);
        if !c.use_points {
            prop_assert_eq!(used, 0);
        } else {
            let most = balance.min(cap);
            prop_assert!(used <= balance && used <= cap, "used {} of balance {} cap {}", used, balance, cap);
            prop_assert_eq!(used % u64::from(scheme.unit), 0);
            prop_assert!(used + u64::from(scheme.unit) > most, "used {} is not the largest multiple of {} up to {}", used, scheme.unit, most);
        }
        let rate = scheme.earn_per_yuan.map_or(0, |e| e.hundredths());
        let earned = i128::from(goods) * i128::from(rate) / 10_000;
        prop_assert_eq!(i128::from(points.earned), earned);
        // Each line's points share is at most what the five stages left of it.
        let shares: i64 = q.lines.iter().flat_map(|l| &l.discounts).filter(|d| d.stage == Stage::Points).map(|d| d.amount.fen()).sum();
        prop_assert_eq!(shares, used as i64);
    }
}

/// Whether `valid.repeat` holds at `now`, worked out with `jiff`'s calendar
/// (the engine uses its own integer clock).
fn repeat_holds(v: &youhui::Valid, now: jiff::Timestamp) -> bool {
    let Some(r) = &v.repeat else { return true };
    let z = now.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)));
    let minute = z.hour() as u16 * 60 + z.minute() as u16;
    r.monthly_days
        .as_ref()
        .is_none_or(|d| d.contains(&(z.day() as u8)))
        && r.weekdays
            .as_ref()
            .is_none_or(|w| w.contains(&(z.weekday().to_monday_one_offset() as u8)))
        && r.hours.is_none_or(|h| h.from <= minute && minute < h.until)
}

proptest! {
    #![proptest_config(config())]

    /// Recurring windows (contract v3): a promotion is used only when its repeat holds at `now`
    /// in UTC+08:00, and one whose repeat misses (inside its from/until) is
    /// reported `not_in_window`.
    #[test]
    fn a_promotion_is_used_only_when_its_repeat_holds((r, c) in strategy::rules_and_cart(Sizes::default())) {
        let q = price(&r, &c);
        for p in &r.promotions {
            let Some(v) = &p.valid else { continue };
            let held = repeat_holds(v, c.now);
            if q.applied.iter().any(|a| a.promotion == p.id) {
                prop_assert!(held, "{} applied off its repeat", p.id);
            }
            let inside = v.from.is_none_or(|f| f <= c.now) && v.until.is_none_or(|u| c.now < u);
            if inside && !held {
                let na = q.not_applied.iter().find(|n| n.promotion == p.id);
                if let Some(na) = na {
                    prop_assert_eq!(na.reason, youhui::Reason::NotInWindow, "{}", p.id);
                }
            }
        }
    }
}

/// Whether promotion `p` is at one of its use limits for cart `c` (contract
/// v3), by the contract's words: `customer.uses[id] >= per_customer`,
/// `uses[id] >= total`, or nothing left of `per_customer_units`.
fn at_limit(p: &Promotion, c: &Cart) -> bool {
    let Some(l) = p.limits else { return false };
    let count = |m: &std::collections::BTreeMap<String, u64>| m.get(&p.id).copied().unwrap_or(0);
    l.per_customer.is_some_and(|n| count(&c.customer.uses) >= n)
        || l.total.is_some_and(|n| count(&c.uses) >= n)
        || l.per_customer_units
            .is_some_and(|n| count(&c.customer.units) >= n)
}

proptest! {
    #![proptest_config(config())]

    /// Use limits (contract v3): a promotion at its limit never appears in
    /// `applied`; it is reported `limit_reached` unless a reason before it
    /// holds (`not_in_window`, `audience_mismatch`), and `limit_reached` is
    /// given only to a promotion at its limit.
    #[test]
    fn a_promotion_at_its_limit_never_appears_in_applied((r, c) in strategy::rules_and_cart(Sizes::default())) {
        let q = price(&r, &c);
        for p in &r.promotions {
            let at = at_limit(p, &c);
            if at {
                prop_assert!(!q.applied.iter().any(|a| a.promotion == p.id), "{} applied at its limit", p.id);
            }
            if let Some(na) = q.not_applied.iter().find(|n| n.promotion == p.id) {
                if at {
                    prop_assert!(na.reason <= youhui::Reason::LimitReached, "{}: {:?} at its limit", p.id, na.reason);
                } else {
                    prop_assert!(na.reason != youhui::Reason::LimitReached, "{}: limit_reached below its limit", p.id);
                }
            }
        }
    }

    /// Under `best`, a held coupon at its limit is never `not_chosen`, on
    /// carts of many held coupons and small limits.
    #[test]
    fn best_never_reports_a_coupon_at_its_limit_not_chosen((r, c) in strategy::many_coupons(6)) {
        let q = price(&r, &c);
        for p in r.promotions.iter().filter(|p| at_limit(p, &c)) {
            prop_assert!(!q.applied.iter().any(|a| a.promotion == p.id), "{} applied at its limit", p.id);
            let na = q.not_applied.iter().find(|n| n.promotion == p.id);
            prop_assert!(na.is_none_or(|n| n.reason != youhui::Reason::NotChosen), "{} not_chosen at its limit", p.id);
        }
    }
}
