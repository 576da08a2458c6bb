//! The audience rules (人群; reference: [Audience](crate::_documentation::reference#audience)) and the validity window: whether a
//! promotion may apply to this buyer, now, whatever the cart's lines; then
//! its use limits ([`use_limits`](super::use_limits)).

use crate::model::{Cart, Lifecycle};
use crate::rules::compiled::Head;

use super::why::Why;

/// `not_in_window`, `audience_mismatch` or `limit_reached` (the first that
/// holds, in that order), or `None` when the promotion may apply. `days` are
/// the lifecycle boundaries (`settings.lifecycle_days`).
pub(crate) fn gate(head: &Head, cart: &Cart, today: (i8, i8), days: [u32; 3]) -> Option<Why> {
    window_and_audience(head, cart, today, days).or_else(|| super::use_limits::reached(head, cart))
}

/// `not_in_window` or `audience_mismatch`, or `None`.
fn window_and_audience(head: &Head, cart: &Cart, today: (i8, i8), days: [u32; 3]) -> Option<Why> {
    let now = cart.now;
    if let Some(f) = head.window.from {
        if now < f {
            return Some(Why::StartsAt(f));
        }
    }
    if let Some(u) = head.window.until {
        if now >= u {
            return Some(Why::EndedAt(u));
        }
    }
    if let Some(r) = &head.window.repeat {
        if let Err(miss) = r.holds(now) {
            return Some(Why::OffRepeat(miss));
        }
    }
    let a = &head.audience;
    if a.is_everyone() {
        return None;
    }
    let c = &cart.customer;
    if a.counts_orders() {
        // Earlier orders at the shop; for a platform coupon, at every shop.
        let earlier = match &head.shop {
            Some(s) => c.orders.get(&**s).copied().unwrap_or(0),
            None => c.orders.values().copied().fold(0u64, u64::saturating_add),
        };
        match a.new_customer {
            Some(true) if earlier > 0 => return Some(Why::NewCustomersOnly { earlier }),
            Some(false) if earlier == 0 => return Some(Why::ReturningCustomersOnly),
            _ => {}
        }
        if let Some(min) = a.min_orders.filter(|&m| earlier < m) {
            return Some(Why::OrdersBelow { earlier, min });
        }
        if let Some(max) = a.max_orders.filter(|&m| earlier > m) {
            return Some(Why::OrdersAbove { earlier, max });
        }
    }
    if let Some(need) = a.min_member_tier {
        let have = c.member_tier.unwrap_or(0);
        if have < need {
            return Some(Why::MemberTier { need, have });
        }
    }
    if let Some(segs) = &a.segments {
        match &c.segment {
            Some(s) if segs.contains(s) => {}
            _ => return Some(Why::Segment),
        }
    }
    if let (Some(out), Some(s)) = (&a.exclude_segments, &c.segment) {
        if out.contains(s) {
            return Some(Why::ExcludedSegment);
        }
    }
    if let Some(states) = &a.lifecycle {
        let Some(last) = c.last_order_at else {
            return Some(Why::NoLastOrder);
        };
        let state = lifecycle(now.duration_since(last), days);
        if !states.contains(&state) {
            return Some(Why::Lifecycle(state));
        }
    }
    if a.birthday {
        let ok = c
            .birthday
            .as_deref()
            .and_then(parse_birthday)
            .is_some_and(|md| md == today);
        if !ok {
            return Some(Why::NotBirthday);
        }
    }
    None
}

/// The buyer's state from the time `d` since the last order, by the
/// boundaries `days` (whole days; a fraction of a day past one counts).
fn lifecycle(d: jiff::SignedDuration, days: [u32; 3]) -> Lifecycle {
    let day = |n: u32| jiff::SignedDuration::from_hours(24 * i64::from(n));
    if d <= day(days[0]) {
        Lifecycle::Active
    } else if d <= day(days[1]) {
        Lifecycle::Silent
    } else if d <= day(days[2]) {
        Lifecycle::Sleeping
    } else {
        Lifecycle::Lost
    }
}

/// `now` as (month, day) in China Standard Time.
pub(crate) fn today(now: jiff::Timestamp) -> (i8, i8) {
    let z = now.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)));
    (z.month(), z.day())
}

/// `"MM-DD"` → (month, day), for a day that exists in some year (02-29 included).
pub(crate) fn parse_birthday(s: &str) -> Option<(i8, i8)> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b'-' {
        return None;
    }
    if !b[0..2].iter().chain(&b[3..5]).all(u8::is_ascii_digit) {
        return None;
    }
    let m: i8 = s.get(0..2)?.parse().ok()?;
    let d: i8 = s.get(3..5)?.parse().ok()?;
    jiff::civil::Date::new(2024, m, d).ok()?;
    Some((m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays() {
        assert_eq!(parse_birthday("11-11"), Some((11, 11)));
        assert_eq!(parse_birthday("02-29"), Some((2, 29)));
        for bad in [
            "13-01", "02-30", "1-11", "11/11", "+1-11", "11-1x", "１1-11",
        ] {
            assert_eq!(parse_birthday(bad), None, "{bad}");
        }
    }

    #[test]
    fn lifecycle_boundaries_are_inclusive_below() {
        let day = |n: i64| jiff::SignedDuration::from_hours(24 * n);
        let sec = jiff::SignedDuration::from_secs(1);
        let std = [90, 180, 270];
        assert_eq!(lifecycle(day(90), std), Lifecycle::Active);
        assert_eq!(lifecycle(day(90) + sec, std), Lifecycle::Silent);
        assert_eq!(lifecycle(day(180), std), Lifecycle::Silent);
        assert_eq!(lifecycle(day(270), std), Lifecycle::Sleeping);
        assert_eq!(lifecycle(day(270) + sec, std), Lifecycle::Lost);
        assert_eq!(lifecycle(-day(1), std), Lifecycle::Active);
        // The 90/180/270/360 calendar, with 270–360 days still asleep.
        let late = [90, 180, 360];
        assert_eq!(lifecycle(day(300), late), Lifecycle::Sleeping);
        assert_eq!(lifecycle(day(360), late), Lifecycle::Sleeping);
        assert_eq!(lifecycle(day(360) + sec, late), Lifecycle::Lost);
    }
}
