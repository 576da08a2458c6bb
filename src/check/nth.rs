//! `nth_not_cheaper_than_fold` (contract v3, section 14): a 第N件X折 beside a
//! plain fold of the same shop on a SKU both cover, both running at some
//! instant, where the fold takes at least as much off `n` units as the
//! 第N件 takes off its one n-th unit: on a line of `n` to `2n − 1` units
//! (one n-th unit) the fold then always wins, and the 第N件 the merchant
//! advertises never shows.

use std::collections::BTreeMap;

use crate::limits;
use crate::model::{Promotion, PromotionType, Scope, Valid};
use crate::text::{ordinal, quoted};

use super::report::{Code, Warning};

/// Every `nth_not_cheaper_than_fold` of the promotions `passed` (indices
/// into `promos`); at most [`MAX_CHECK_WORK`](limits::MAX_CHECK_WORK) pairs
/// are compared, then a `review_cut_short` says the review stopped.
pub(super) fn review(promos: &[Promotion], passed: &[usize], out: &mut Vec<Warning>) {
    // Per shop: its 第N件 and its plain folds of every unit, in file order.
    let mut shops: BTreeMap<&str, (Vec<&Promotion>, Vec<&Promotion>)> = BTreeMap::new();
    for &k in passed {
        let p = &promos[k];
        let (PromotionType::ItemDiscount, Some(shop)) = (p.kind, p.shop.as_deref()) else {
            continue;
        };
        if p.nth.is_some() {
            shops.entry(shop).or_default().0.push(p);
        } else if p.fold.is_some() && p.max_units.is_none() {
            shops.entry(shop).or_default().1.push(p);
        }
    }
    let mut work = limits::MAX_CHECK_WORK;
    for (nths, folds) in shops.values() {
        for h in nths {
            for f in folds {
                // A pair costs one step, and its SKU lists compared entry by entry.
                let cost = list_len(h.scope.as_ref())
                    .saturating_mul(list_len(f.scope.as_ref()))
                    .saturating_add(1);
                if work < cost {
                    out.push(Warning::new(
                        Code::ReviewCutShort,
                        Vec::new(),
                        format!(
                            "the check of 第N件X折 against the folds stopped after {} pairs: split the file by shop",
                            limits::MAX_CHECK_WORK
                        ),
                    ));
                    return;
                }
                work -= cost;
                pair(h, f, out);
            }
        }
    }
}

/// The entries of a scope's SKU lists, plus one.
fn list_len(s: Option<&Scope>) -> u64 {
    let len = |l: Option<&Vec<String>>| l.map_or(0, Vec::len) as u64;
    1 + s.map_or(0, |s| len(s.skus.as_ref()) + len(s.exclude_skus.as_ref()))
}

/// The warning for 第N件 `h` and plain fold `f`, if it holds.
fn pair(h: &Promotion, f: &Promotion, out: &mut Vec<Warning>) {
    let (Some(nth), Some(fold)) = (h.nth, f.fold) else {
        return;
    };
    // On n units the fold takes n × (10 − fold) tenths of a unit's price;
    // the 第N件 takes (10 − nth.fold) off its one n-th unit.
    let n = i64::from(nth.n);
    let by_fold = n * (1000 - i64::from(fold.hundredths()));
    let by_nth = 1000 - i64::from(nth.fold.hundredths());
    if by_fold < by_nth {
        return;
    }
    // A fold for some customers only leaves the 第N件 to the others.
    if f.audience.is_some() && f.audience != h.audience {
        return;
    }
    if !may_meet(h.valid.as_ref(), f.valid.as_ref()) {
        return;
    }
    let Some(sku) = shared(h.scope.as_ref(), f.scope.as_ref()) else {
        return;
    };
    out.push(Warning::new(
        Code::NthNotCheaperThanFold,
        vec![h.id.clone(), f.id.clone()],
        format!(
            "on {sku} the {}折 of every unit takes at least as much off {} as 第{}件{}折 takes off the {}: a line of {} to {} units always gets the {}折, and the 第{}件 never shows",
            fold,
            crate::text::count(nth.n.into(), "unit"),
            nth.n,
            nth.fold,
            ordinal(nth.n),
            nth.n,
            2 * nth.n - 1,
            fold,
            nth.n,
        ),
    ));
}

/// Whether two windows may hold at one instant: their `from`/`until`
/// intersect (a missing end is open), and their repeats do not rule each
/// other out in one field (days of the month, weekdays, hours) both give.
fn may_meet(a: Option<&Valid>, b: Option<&Valid>) -> bool {
    let ends = |v: Option<&Valid>| v.map_or((None, None), |v| (v.from, v.until));
    let ((af, au), (bf, bu)) = (ends(a), ends(b));
    let before = |from: Option<jiff::Timestamp>, until: Option<jiff::Timestamp>| matches!((from, until), (Some(f), Some(u)) if f >= u);
    if before(af, bu) || before(bf, au) {
        return false;
    }
    let (Some(ra), Some(rb)) = (
        a.and_then(|v| v.repeat.as_ref()),
        b.and_then(|v| v.repeat.as_ref()),
    ) else {
        return true;
    };
    let disjoint = |x: &Option<Vec<u8>>, y: &Option<Vec<u8>>| match (x, y) {
        (Some(x), Some(y)) => !x.iter().any(|d| y.contains(d)),
        _ => false,
    };
    let hours_apart = match (&ra.hours, &rb.hours) {
        (Some(x), Some(y)) => x.until <= y.from || y.until <= x.from,
        _ => false,
    };
    !(disjoint(&ra.monthly_days, &rb.monthly_days)
        || disjoint(&ra.weekdays, &rb.weekdays)
        || hours_apart)
}

/// A SKU both scopes cover, quoted, or `every SKU of the shop`; `None` when
/// they share none that their lists name (a category alone names no SKU:
/// it is not compared).
fn shared(a: Option<&Scope>, b: Option<&Scope>) -> Option<String> {
    let excluded = |s: Option<&Scope>, sku: &String| {
        s.and_then(|s| s.exclude_skus.as_ref())
            .is_some_and(|e| e.contains(sku))
    };
    // Whole shop: no scope, or one that only excludes.
    let whole = |s: Option<&Scope>| s.is_none_or(|s| s.skus.is_none() && s.categories.is_none());
    fn listed(s: Option<&Scope>) -> Option<&Vec<String>> {
        s.and_then(|s| s.skus.as_ref())
    }
    let covers = |s: Option<&Scope>, sku: &String| {
        !excluded(s, sku) && (whole(s) || listed(s).is_some_and(|l| l.contains(sku)))
    };
    if whole(a) && whole(b) {
        return Some("every SKU of the shop".to_string());
    }
    for (x, y) in [(a, b), (b, a)] {
        if let Some(sku) = listed(x)
            .into_iter()
            .flatten()
            .find(|k| !excluded(x, k) && covers(y, k))
        {
            return Some(quoted(sku).to_string());
        }
    }
    None
}
