//! Recurring windows (`valid.repeat`): 会员日 on fixed days of the month,
//! 周末特惠 on weekdays, 晚8点场 in hours of the day, all read in China
//! Standard Time (UTC+08:00) (reference: [Recurring
//! windows](crate::_documentation::reference#recurring-windows-repeat)).
//!
//! The JSON form ([`Repeat`]) is checked as it is read; [`Repeat::compile`]
//! turns it into bit sets and minutes ([`RepeatCheck`]) when the engine is
//! built, so that pricing only compares integers.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::time;

/// When a promotion recurs, besides `valid.from`/`valid.until`: every field
/// given must hold at `now`, read in UTC+08:00 (at least one is given).
///
/// ```
/// let r: youhui::Repeat = serde_json::from_str(
///     r#"{"monthly_days":[30],"hours":{"from":"20:00","until":"22:00"}}"#).unwrap();
/// assert_eq!(r.monthly_days, Some(vec![30]));
/// assert_eq!(r.hours.unwrap().until, 22 * 60);
/// assert!(serde_json::from_str::<youhui::Repeat>(r#"{"monthly_days":[32]}"#).is_err());
/// assert!(serde_json::from_str::<youhui::Repeat>("{}").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Repeat {
    /// Days of the month, 1–31, distinct (会员日 "每月30号"). A day a month does
    /// not have does not happen in that month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(length(min = 1, max = 31), inner(range(min = 1, max = 31)))
    )]
    pub monthly_days: Option<Vec<u8>>,
    /// ISO weekdays, 1 = Monday … 7 = Sunday, distinct.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(length(min = 1, max = 7), inner(range(min = 1, max = 7)))
    )]
    pub weekdays: Option<Vec<u8>>,
    /// Hours of the day: `from <= time of day < until`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
}

/// Hours of the day, `{ "from": "HH:MM", "until": "HH:MM" }` with
/// `00:00 <= from < until <= 24:00`; held in minutes after midnight.
///
/// ```
/// let h: youhui::Hours = serde_json::from_str(r#"{"from":"20:00","until":"24:00"}"#).unwrap();
/// assert_eq!((h.from, h.until), (1200, 1440));
/// assert!(serde_json::from_str::<youhui::Hours>(r#"{"from":"22:00","until":"20:00"}"#).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Hours {
    /// Start, inclusive, in minutes after midnight (`"20:00"` is 1200).
    #[serde(serialize_with = "hhmm")]
    #[cfg_attr(
        feature = "schema",
        schemars(
            with = "String",
            regex(pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")
        )
    )]
    pub from: u16,
    /// End, exclusive, in minutes after midnight (`"24:00"` is 1440).
    #[serde(serialize_with = "hhmm")]
    #[cfg_attr(
        feature = "schema",
        schemars(
            with = "String",
            regex(pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")
        )
    )]
    pub until: u16,
}

fn hhmm<S: Serializer>(m: &u16, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{:02}:{:02}", m / 60, m % 60))
}

/// Reads `"HH:MM"`, `00:00` to `24:00`, into minutes after midnight.
fn read_hhmm(s: &str) -> Result<u16, String> {
    let b = s.as_bytes();
    let digit = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u16::from(c - b'0'))
    };
    let parsed = match (b.len(), b.get(2)) {
        (5, Some(b':')) => digit(0)
            .zip(digit(1))
            .zip(digit(3).zip(digit(4)))
            .map(|((h1, h2), (m1, m2))| (h1 * 10 + h2, m1 * 10 + m2)),
        _ => None,
    };
    match parsed {
        Some((h, m)) if (h < 24 && m < 60) || (h == 24 && m == 0) => Ok(h * 60 + m),
        _ => Err(format!(
            "hours {:?} is not a time of day \"HH:MM\" from \"00:00\" to \"24:00\"",
            crate::text::printable(s)
        )),
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Hours, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename = "Hours")]
        struct Fields {
            from: String,
            until: String,
        }
        let f = Fields::deserialize(d)?;
        let e = serde::de::Error::custom;
        let (from, until) = (
            read_hhmm(&f.from).map_err(e)?,
            read_hhmm(&f.until).map_err(e)?,
        );
        if from >= until {
            return Err(serde::de::Error::custom(format!(
                "hours.from {} must be before hours.until {} (a window over midnight is two promotions)",
                f.from, f.until
            )));
        }
        Ok(Hours { from, until })
    }
}

/// Reads a list of distinct whole numbers `lo..=hi` for `field`.
fn read_list<E: serde::de::Error>(
    field: &str,
    list: Vec<u64>,
    lo: u64,
    hi: u64,
    what: &str,
) -> Result<Vec<u8>, E> {
    if list.is_empty() {
        return Err(E::custom(format!(
            "{field} is empty; leave it out instead (an empty list would match no day)"
        )));
    }
    let mut seen = 0u64;
    let mut out = Vec::with_capacity(list.len());
    for (k, &v) in list.iter().enumerate() {
        if !(lo..=hi).contains(&v) {
            return Err(E::custom(format!(
                "{field}[{k}] is {v}; {what} run from {lo} to {hi}"
            )));
        }
        if seen & (1 << v) != 0 {
            let first = list.iter().position(|&x| x == v).unwrap_or(0);
            return Err(E::custom(format!(
                "{field}[{k}] repeats {field}[{first}] ({v})"
            )));
        }
        seen |= 1 << v;
        out.push(v as u8);
    }
    Ok(out)
}

impl<'de> Deserialize<'de> for Repeat {
    /// Reads a `repeat` strictly: known fields only, at least one of them,
    /// days and weekdays in range and distinct, hours in order.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Repeat, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename = "Repeat")]
        struct Fields {
            #[serde(default)]
            monthly_days: Option<Vec<u64>>,
            #[serde(default)]
            weekdays: Option<Vec<u64>>,
            #[serde(default)]
            hours: Option<Hours>,
        }
        let f = Fields::deserialize(d)?;
        if f.monthly_days.is_none() && f.weekdays.is_none() && f.hours.is_none() {
            return Err(serde::de::Error::custom(
                "repeat gives none of monthly_days, weekdays and hours; give at least one, or leave repeat out",
            ));
        }
        let monthly_days = f
            .monthly_days
            .map(|l| read_list("monthly_days", l, 1, 31, "days of the month"))
            .transpose()?;
        let weekdays = f
            .weekdays
            .map(|l| read_list("weekdays", l, 1, 7, "ISO weekdays (1 = Monday)"))
            .transpose()?;
        Ok(Repeat {
            monthly_days,
            weekdays,
            hours: f.hours,
        })
    }
}

impl Repeat {
    /// The check pricing runs: bit sets and minutes.
    pub(crate) fn compile(&self) -> RepeatCheck {
        let mask =
            |l: &Option<Vec<u8>>| l.as_ref().map(|l| l.iter().fold(0u32, |m, &d| m | 1 << d));
        RepeatCheck {
            days: mask(&self.monthly_days),
            weekdays: mask(&self.weekdays),
            hours: self
                .hours
                .map(|h| (u32::from(h.from) * 60, u32::from(h.until) * 60)),
        }
    }
}

/// A [`Repeat`] compiled: bit `d` of `days` set for day `d` of the month,
/// bit `w` of `weekdays` for ISO weekday `w`, hours in seconds after midnight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RepeatCheck {
    days: Option<u32>,
    weekdays: Option<u32>,
    hours: Option<(u32, u32)>,
}

/// Which part of a repeat does not hold at an instant, and what the instant is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Miss {
    /// The day of the month (UTC+08:00) is not listed.
    Day(u8),
    /// The ISO weekday is not listed.
    Weekday(u8),
    /// The time of day, in seconds after midnight, is outside the hours.
    Hours(u32),
}

impl RepeatCheck {
    /// `Ok` when every part given holds at `now` in UTC+08:00.
    pub(crate) fn holds(&self, now: jiff::Timestamp) -> Result<(), Miss> {
        let c = time::china_clock(now);
        if let Some(d) = self.days {
            if d & (1 << c.day) == 0 {
                return Err(Miss::Day(c.day));
            }
        }
        if let Some(w) = self.weekdays {
            if w & (1 << c.weekday) == 0 {
                return Err(Miss::Weekday(c.weekday));
            }
        }
        if let Some((from, until)) = self.hours {
            if !(from..until).contains(&c.second) {
                return Err(Miss::Hours(c.second));
            }
        }
        Ok(())
    }
}

impl RepeatCheck {
    /// The seconds of `[from, until)` (Unix seconds, `from <= until`) in
    /// which the repeat holds: on each UTC+08:00 day of the span whose day of
    /// the month and weekday are listed, the part of it inside the hours.
    /// At most 32 days are looked at: callers ask a month at a time.
    pub(crate) fn seconds_within(&self, from: i64, until: i64) -> i64 {
        const DAY: i64 = 86_400;
        const CHINA: i64 = 8 * 3600;
        let (h_from, h_until) = self.hours.unwrap_or((0, 86_400));
        let first = (from + CHINA).div_euclid(DAY);
        let last = (until + CHINA).div_euclid(DAY);
        let mut total = 0;
        for d in first..=last.min(first + 32) {
            let start = d * DAY - CHINA;
            let Ok(t) = jiff::Timestamp::from_second(start) else {
                continue;
            };
            let c = time::china_clock(t);
            let listed = |m: Option<u32>, v: u8| m.is_none_or(|m| m & (1 << v) != 0);
            if !listed(self.days, c.day) || !listed(self.weekdays, c.weekday) {
                continue;
            }
            let a = from.max(start + i64::from(h_from));
            let b = until.min(start + i64::from(h_until));
            total += (b - a).max(0);
        }
        total
    }
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Miss::Day(d) => write!(f, "today (UTC+08:00) is day {d} of the month"),
            Miss::Weekday(w) => write!(f, "today (UTC+08:00) is ISO weekday {w}"),
            Miss::Hours(s) => write!(
                f,
                "it is {:02}:{:02}:{:02} (UTC+08:00)",
                s / 3600,
                s / 60 % 60,
                s % 60
            ),
        }
    }
}

impl fmt::Display for RepeatCheck {
    /// The repeat in words: `on days 30 of the month, from 20:00 until 22:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |m: u32| {
            (0..32)
                .filter(|b| m & (1 << b) != 0)
                .map(|b: u32| b.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if let Some(d) = self.days {
            parts.push(format!("on days {} of the month", list(d)));
        }
        if let Some(w) = self.weekdays {
            parts.push(format!("on ISO weekdays {}", list(w)));
        }
        if let Some((from, until)) = self.hours {
            parts.push(format!(
                "from {:02}:{:02} until {:02}:{:02}",
                from / 3600,
                from / 60 % 60,
                until / 3600,
                until / 60 % 60
            ));
        }
        f.write_str(&parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    fn repeat(json: &str) -> RepeatCheck {
        serde_json::from_str::<Repeat>(json).unwrap().compile()
    }

    #[test]
    fn days_weekdays_and_hours_hold_in_china_time() {
        let r = repeat(r#"{"monthly_days":[30]}"#);
        assert_eq!(r.holds(at("2026-11-30T00:00:00+08:00")), Ok(()));
        // 2026-11-29T16:00Z is already the 30th in UTC+08:00.
        assert_eq!(r.holds(at("2026-11-29T16:00:00Z")), Ok(()));
        assert_eq!(r.holds(at("2026-11-29T15:59:59Z")), Err(Miss::Day(29)));
        assert_eq!(r.holds(at("2026-12-01T00:00:00+08:00")), Err(Miss::Day(1)));
        // 2026-12-05 is a Saturday (ISO 6).
        let r = repeat(r#"{"weekdays":[6,7]}"#);
        assert_eq!(r.holds(at("2026-12-05T12:00:00+08:00")), Ok(()));
        assert_eq!(r.holds(at("2026-12-06T23:59:59+08:00")), Ok(()));
        assert_eq!(
            r.holds(at("2026-12-07T00:00:00+08:00")),
            Err(Miss::Weekday(1))
        );
        let r = repeat(r#"{"hours":{"from":"20:00","until":"22:00"}}"#);
        assert_eq!(r.holds(at("2026-12-05T20:00:00+08:00")), Ok(()));
        assert_eq!(r.holds(at("2026-12-05T21:59:59.999+08:00")), Ok(()));
        assert_eq!(
            r.holds(at("2026-12-05T22:00:00+08:00")),
            Err(Miss::Hours(22 * 3600))
        );
        assert_eq!(
            r.holds(at("2026-12-05T19:59:59+08:00")),
            Err(Miss::Hours(20 * 3600 - 1))
        );
        let r = repeat(r#"{"hours":{"from":"00:00","until":"24:00"}}"#);
        assert_eq!(r.holds(at("2026-12-05T23:59:59+08:00")), Ok(()));
        assert_eq!(r.holds(at("2026-12-05T00:00:00+08:00")), Ok(()));
    }

    #[test]
    fn seconds_within_count_the_days_and_hours_that_hold() {
        let secs = |r: &str, a: &str, b: &str| {
            repeat(r).seconds_within(at(a).as_second(), at(b).as_second())
        };
        // November 2026: the 30th from 20:00 to 22:00 is 2 hours.
        let nov = ("2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00");
        let r = r#"{"monthly_days":[30],"hours":{"from":"20:00","until":"22:00"}}"#;
        assert_eq!(secs(r, nov.0, nov.1), 2 * 3600);
        // February 2027 has no 30th.
        assert_eq!(
            secs(r, "2027-02-01T00:00:00+08:00", "2027-03-01T00:00:00+08:00"),
            0
        );
        // A window that ends at 21:00 on the 30th keeps one hour of it.
        assert_eq!(secs(r, nov.0, "2026-11-30T21:00:00+08:00"), 3600);
        // Weekends of November 2026: 1, 7, 8, 14, 15, 21, 22, 28, 29 = 9 days.
        assert_eq!(secs(r#"{"weekdays":[6,7]}"#, nov.0, nov.1), 9 * 86_400);
    }

    #[test]
    fn a_repeat_is_read_strictly() {
        for (bad, says) in [
            ("{}", "give at least one"),
            (r#"{"monthly_days":[]}"#, "monthly_days is empty"),
            (
                r#"{"monthly_days":[0]}"#,
                "monthly_days[0] is 0; days of the month run from 1 to 31",
            ),
            (r#"{"monthly_days":[31,32]}"#, "monthly_days[1] is 32"),
            (
                r#"{"monthly_days":[30,1,30]}"#,
                "monthly_days[2] repeats monthly_days[0] (30)",
            ),
            (r#"{"weekdays":[8]}"#, "weekdays[0] is 8"),
            (r#"{"weekdays":[6,6]}"#, "weekdays[1] repeats weekdays[0]"),
            (r#"{"weekdays":[-1]}"#, "invalid value"),
            (
                r#"{"hours":{"from":"20:00","until":"20:00"}}"#,
                "must be before",
            ),
            (
                r#"{"hours":{"from":"24:00","until":"24:00"}}"#,
                "must be before",
            ),
            (
                r#"{"hours":{"from":"8:00","until":"20:00"}}"#,
                "not a time of day",
            ),
            (
                r#"{"hours":{"from":"08:60","until":"20:00"}}"#,
                "not a time of day",
            ),
            (
                r#"{"hours":{"from":"08:00","until":"24:01"}}"#,
                "not a time of day",
            ),
            (r#"{"hours":{"from":"08:00"}}"#, "missing field `until`"),
            (r#"{"days":[1]}"#, "unknown field `days`"),
        ] {
            let e = serde_json::from_str::<Repeat>(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
        let r: Repeat = serde_json::from_str(
            r#"{"monthly_days":[30,1],"weekdays":[7],"hours":{"from":"00:00","until":"24:00"}}"#,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"monthly_days":[30,1],"weekdays":[7],"hours":{"from":"00:00","until":"24:00"}}"#
        );
        assert_eq!(
            r.compile().to_string(),
            "on days 1, 30 of the month, on ISO weekdays 7, from 00:00 until 24:00"
        );
    }
}
