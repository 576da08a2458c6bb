//! 限时折扣 (timed item discounts) against the platform tool's limits and
//! against the shop's member prices (reference: [Reviewing rules](crate::_documentation::reference#reviewing-rules-youhui-check)).
//!
//! A *timed activity* is an `item_discount` with both `valid.from` and
//! `valid.until`; its window is `[from, until)`. Months are calendar months
//! in UTC+08:00, and an activity *touches* a month when its window and the
//! month share more than an instant.

use std::collections::BTreeMap;

use jiff::{civil, tz, Timestamp};

use crate::limits;
use crate::model::{Promotion, PromotionType};

use super::report::{Code, Warning};

/// The tool's limits: no activity under 1 hour, at most 480 hours and 50
/// activities a month per shop, at most 20 SKUs an activity.
const MIN_SECONDS: i64 = 3600;
const MAX_HOURS_PER_MONTH: i64 = 480;
const MAX_ACTIVITIES_PER_MONTH: usize = 50;
const MAX_SKUS: usize = 20;

/// The warnings of one code that a review lists; past it, the ones found
/// are counted and one more warning of that code says how many were left out
/// (a file of 2,048 activities and 2,048 member prices on one SKU has
/// 2 million pairs: listing them all made a report 1,000 times the file).
pub const MAX_LISTED_PER_CODE: u64 = 1000;

/// The warnings found, listed up to [`MAX_LISTED_PER_CODE`] per code.
struct Found<'o> {
    out: &'o mut Vec<Warning>,
    /// Per code seen: how many were found.
    counts: BTreeMap<Code, u64>,
}

impl Found<'_> {
    fn push(&mut self, w: Warning) {
        let n = self.counts.entry(w.code).or_default();
        *n += 1;
        if *n <= MAX_LISTED_PER_CODE {
            self.out.push(w);
        }
    }

    /// One warning per code found more often than it may list.
    fn summarize(self) {
        for (code, n) in self.counts {
            if n > MAX_LISTED_PER_CODE {
                let mut w = Warning::new(
                    code,
                    Vec::new(),
                    format!(
                        "{} more {} warnings were found and are not listed (the first {MAX_LISTED_PER_CODE} are)",
                        n - MAX_LISTED_PER_CODE,
                        code.as_str()
                    ),
                );
                w.more = Some(n - MAX_LISTED_PER_CODE);
                self.out.push(w);
            }
        }
    }
}

/// A timed activity: its promotion and window.
struct Activity<'a> {
    p: &'a Promotion,
    from: Timestamp,
    until: Timestamp,
}

/// Every 限时折扣 warning of the promotions `passed` (indices into `promos`).
/// `work` counts what the monthly and pairwise checks may still do (they
/// stop, with a `review_cut_short` warning, when it runs out).
pub(super) fn review(
    promos: &[Promotion],
    passed: &[usize],
    work: &mut u64,
    out: &mut Vec<Warning>,
) {
    // Per shop: its timed activities and its member prices, in file order.
    let mut shops: BTreeMap<&str, (Vec<Activity<'_>>, Vec<&Promotion>)> = BTreeMap::new();
    for &k in passed {
        let p = &promos[k];
        let (PromotionType::ItemDiscount, Some(shop)) = (p.kind, p.shop.as_deref()) else {
            continue;
        };
        let entry = shops.entry(shop).or_default();
        if member_tier(p).is_some() {
            entry.1.push(p);
        }
        if let Some(v) = &p.valid {
            if let (Some(from), Some(until)) = (v.from, v.until) {
                entry.0.push(Activity { p, from, until });
            }
        }
    }
    let mut cut = false;
    let mut found = Found {
        out,
        counts: BTreeMap::new(),
    };
    for (shop, (activities, members)) in &shops {
        for a in activities {
            each_activity(a, &mut found);
        }
        if !cut {
            cut = !months(shop, activities, work, &mut found)
                || !members_pairs(activities, members, work, &mut found);
        }
    }
    found.summarize();
    if cut {
        out.push(Warning::new(
            Code::ReviewCutShort,
            Vec::new(),
            format!(
                "the monthly and member-price checks of 限时折扣 stopped after {} steps: the file has too many activities or too long windows to review them all; split it by shop",
                limits::MAX_CHECK_WORK
            ),
        ));
    }
}

fn member_tier(p: &Promotion) -> Option<u32> {
    p.audience.as_ref().and_then(|a| a.min_member_tier)
}

/// `flash_too_short` and `flash_too_many_skus`.
fn each_activity(a: &Activity<'_>, out: &mut Found<'_>) {
    let seconds = a.until.duration_since(a.from).as_secs();
    if seconds < MIN_SECONDS {
        out.push(Warning::new(
            Code::FlashTooShort,
            vec![a.p.id.clone()],
            format!(
                "the activity lasts {}, under the 1 hour a 限时折扣 must last",
                duration(seconds)
            ),
        ));
    }
    let skus = a.p.scope.as_ref().and_then(|s| s.skus.as_ref());
    match skus {
        Some(s) if s.len() <= MAX_SKUS => {}
        Some(s) => out.push(Warning::new(
            Code::FlashTooManySkus,
            vec![a.p.id.clone()],
            format!(
                "the activity lists {} SKUs; a 限时折扣 takes at most {MAX_SKUS}",
                s.len()
            ),
        )),
        None => out.push(Warning::new(
            Code::FlashTooManySkus,
            vec![a.p.id.clone()],
            format!(
                "the activity lists no scope.skus, so it covers the whole shop or whole categories; a 限时折扣 takes at most {MAX_SKUS} SKUs"
            ),
        )),
    }
}

/// `flash_hours_per_month` and `flash_activities_per_month` for one shop;
/// false when `work` ran out.
fn months(shop: &str, activities: &[Activity<'_>], work: &mut u64, out: &mut Found<'_>) -> bool {
    // Month → (seconds of activities within it, the activities touching it).
    let mut per: BTreeMap<i32, (i64, Vec<usize>)> = BTreeMap::new();
    for (k, a) in activities.iter().enumerate() {
        let first = month_of(a.from);
        let mut last = month_of(a.until);
        if month_start(last) == Some(a.until) {
            last -= 1;
        }
        for m in first..=last {
            if *work == 0 {
                return false;
            }
            *work -= 1;
            let (Some(start), Some(end)) = (month_start(m), month_start(m + 1)) else {
                continue;
            };
            let (lo, hi) = (a.from.max(start), a.until.min(end));
            // Only the hours in which the repeat holds too (contract v3).
            let seconds = match a.p.valid.as_ref().and_then(|v| v.repeat.as_ref()) {
                Some(r) if lo < hi => r.compile().seconds_within(lo.as_second(), hi.as_second()),
                _ => hi.duration_since(lo).as_secs(),
            };
            if seconds > 0 {
                let e = per.entry(m).or_default();
                e.0 += seconds;
                e.1.push(k);
            }
        }
    }
    for (m, (seconds, touching)) in per {
        let mut ids: Vec<String> = touching
            .iter()
            .map(|&k| activities[k].p.id.clone())
            .collect();
        ids.sort();
        let month = month_name(m);
        if seconds > MAX_HOURS_PER_MONTH * 3600 {
            out.push(Warning {
                code: Code::FlashHoursPerMonth,
                promotions: ids.clone(),
                message: format!(
                    "{} of 限时折扣 in {month} (overlaps counted twice), over the {MAX_HOURS_PER_MONTH} hours a shop may run in a month",
                    duration(seconds)
                ),
                shop: Some(shop.to_string()),
                month: Some(month.clone()),
                more: None,
            });
        }
        if ids.len() > MAX_ACTIVITIES_PER_MONTH {
            out.push(Warning {
                code: Code::FlashActivitiesPerMonth,
                message: format!(
                    "{} 限时折扣 activities in {month}, over the {MAX_ACTIVITIES_PER_MONTH} a shop may run in a month",
                    ids.len()
                ),
                promotions: ids,
                shop: Some(shop.to_string()),
                month: Some(month),
                more: None,
            });
        }
    }
    true
}

/// `flash_not_deeper_than_member` for one shop; false when `work` ran out.
fn members_pairs(
    activities: &[Activity<'_>],
    members: &[&Promotion],
    work: &mut u64,
    out: &mut Found<'_>,
) -> bool {
    for a in activities {
        let (None, Some(fold), Some(skus)) = (
            member_tier(a.p),
            a.p.fold,
            a.p.scope.as_ref().and_then(|s| s.skus.as_ref()),
        ) else {
            continue;
        };
        for m in members {
            if *work == 0 {
                return false;
            }
            *work -= 1;
            let Some(member_fold) = m.fold else { continue };
            if fold < member_fold {
                continue;
            }
            let (from, until) = m.valid.as_ref().map_or((None, None), |v| (v.from, v.until));
            let overlap = from.is_none_or(|f| f < a.until) && until.is_none_or(|u| a.from < u);
            if !overlap {
                continue;
            }
            let shared = match m.scope.as_ref() {
                None => skus.first(),
                Some(s) => {
                    let theirs = s.skus.as_deref().unwrap_or_default();
                    *work = work.saturating_sub(theirs.len().min(skus.len()) as u64);
                    skus.iter().find(|k| theirs.contains(k))
                }
            };
            let Some(sku) = shared else { continue };
            out.push(Warning::new(
                Code::FlashNotDeeperThanMember,
                vec![a.p.id.clone(), m.id.clone()],
                format!(
                    "the 限时折扣 gives {fold}折 on {}, no deeper than the member price's {member_fold}折 there while both run; a 限时折扣 must be deeper than the VIP fold (限时折扣度必须比VIP折扣度低)",
                    crate::text::quoted(sku)
                ),
            ));
        }
    }
    true
}

/// UTC+08:00, where months are counted.
fn beijing() -> tz::TimeZone {
    tz::TimeZone::fixed(tz::offset(8))
}

/// The month of `t` (UTC+08:00) as year × 12 + month − 1.
fn month_of(t: Timestamp) -> i32 {
    let d = t.to_zoned(beijing()).date();
    i32::from(d.year()) * 12 + i32::from(d.month()) - 1
}

/// The first instant of month `m` (UTC+08:00), if it is one jiff can hold.
fn month_start(m: i32) -> Option<Timestamp> {
    let year = i16::try_from(m.div_euclid(12)).ok()?;
    let month = i8::try_from(m.rem_euclid(12) + 1).ok()?;
    let date = civil::Date::new(year, month, 1).ok()?;
    Some(date.to_zoned(beijing()).ok()?.timestamp())
}

/// `"2026-11"`.
fn month_name(m: i32) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// `720 hours`, `1 hour 30 minutes`, `59 minutes 59 seconds`.
fn duration(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let part = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(part(h, "hour"));
    }
    if m > 0 {
        parts.push(part(m, "minute"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(part(s, "second"));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_counted_in_utc_plus_eight() {
        // 2026-10-31T16:00:00Z is 2026-11-01T00:00 in Beijing.
        let t: Timestamp = "2026-10-31T16:00:00Z".parse().unwrap();
        assert_eq!(month_name(month_of(t)), "2026-11");
        assert_eq!(month_start(month_of(t)), Some(t));
        let before: Timestamp = "2026-10-31T15:59:59Z".parse().unwrap();
        assert_eq!(month_name(month_of(before)), "2026-10");
        assert_eq!(duration(5400), "1 hour 30 minutes");
        assert_eq!(duration(3599), "59 minutes 59 seconds");
        assert_eq!(duration(480 * 3600), "480 hours");
    }

    fn activity(id: &str, from: &str, until: &str) -> Promotion {
        serde_json::from_value(
            serde_json::json!({ "id": id, "type": "item_discount", "shop": "tea",
            "fold": "9", "scope": { "skus": ["a"] }, "valid": { "from": from, "until": until } }),
        )
        .unwrap()
    }

    #[test]
    fn the_monthly_review_stops_with_a_warning_when_its_work_runs_out() {
        // Two activities over a year each: 12 + 12 months to look at.
        let promos = [
            activity(
                "a",
                "2026-01-01T00:00:00+08:00",
                "2027-01-01T00:00:00+08:00",
            ),
            activity(
                "b",
                "2026-01-01T00:00:00+08:00",
                "2027-01-01T00:00:00+08:00",
            ),
        ];
        let codes = |work: u64| {
            let mut out = Vec::new();
            let mut work = work;
            review(&promos, &[0, 1], &mut work, &mut out);
            out.iter().map(|w| w.code).collect::<Vec<_>>()
        };
        // With room: every month is over 480 hours (two activities).
        let all = codes(24);
        assert_eq!(all.len(), 12);
        assert!(all.iter().all(|&c| c == Code::FlashHoursPerMonth));
        // One step short: the review says it stopped.
        let cut = codes(23);
        assert_eq!(cut, [Code::ReviewCutShort]);
    }
}
