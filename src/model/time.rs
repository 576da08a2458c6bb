//! Timestamps (reference: [Numbers](crate::_documentation::reference#numbers) and [Input that is refused](crate::_documentation::reference#input-that-is-refused)): RFC 3339 exactly, `YYYY-MM-DDTHH:MM:SS`,
//! an optional fraction of 1 to 9 digits, then `Z` or `±HH:MM` (`T`/`t`,
//! `Z`/`z`; offset hours 00–23, minutes 00–59; seconds 00–59).
//!
//! `jiff` parses a superset of RFC 3339 (a space for `T`, `+0800`, `[zone]`
//! annotations, leap seconds, offsets up to ±25:59:59), so the contract's
//! grammar is checked here first and `jiff` then does the calendar.
//! Supported instants run from 1970-01-01T00:00:00Z to 9999-12-30T00:00:00Z;
//! a `valid.until` past that reads as "no end".

use serde::{Deserializer, Serializer};

/// The earliest instant the contract supports, in UTC.
const EARLIEST: jiff::civil::DateTime = jiff::civil::date(1970, 1, 1).at(0, 0, 0, 0);
/// The latest instant the contract supports, in UTC.
const LATEST: jiff::civil::DateTime = jiff::civil::date(9999, 12, 30).at(0, 0, 0, 0);

/// What a timestamp of the contract says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Read {
    At(jiff::Timestamp),
    /// Past the latest supported instant: for `valid.until`, "no end".
    AfterLatest,
}

const SHAPE: &str = "YYYY-MM-DDTHH:MM:SS, an optional fraction of 1 to 9 digits, then Z or ±HH:MM, like \"2026-11-11T00:00:00+08:00\"";

/// Reads a timestamp of the contract.
pub(crate) fn read(s: &str) -> Result<Read, String> {
    let b = s.as_bytes();
    let bad = || format!("timestamp {s:?} is not RFC 3339 as the contract writes it ({SHAPE})");
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = b.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0i32, |n, &d| n * 10 + i32::from(d - b'0')))
    };
    let at = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt") && at(13, b":") && at(16, b":")) {
        return Err(bad());
    }
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return Err(bad());
    };
    // The fraction: a '.' and 1 to 9 digits.
    let mut i = 19;
    let mut nanos = 0i32;
    if at(i, b".") {
        let start = i + 1;
        let end = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        if end == start || end - start > 9 {
            return Err(bad());
        }
        let frac = digits(start..end).ok_or_else(bad)?;
        nanos = frac * 10i32.pow(9 - (end - start) as u32);
        i = end;
    }
    // The offset: Z, or ±HH:MM.
    if i == b.len() {
        return Err(format!(
            "timestamp {s:?} has no offset; end it with Z or ±HH:MM, like \"2026-11-11T00:00:00+08:00\""
        ));
    }
    let offset_seconds = match b.get(i..) {
        Some(b"Z") | Some(b"z") => 0,
        Some([sign @ (b'+' | b'-'), h1, h2, b':', m1, m2])
            if [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()) =>
        {
            let h = i32::from(h1 - b'0') * 10 + i32::from(h2 - b'0');
            let m = i32::from(m1 - b'0') * 10 + i32::from(m2 - b'0');
            if h > 23 || m > 59 {
                return Err(format!(
                    "timestamp {s:?} has the offset {}; an offset runs from -23:59 to +23:59",
                    &s[i..]
                ));
            }
            let secs = h * 3600 + m * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return Err(bad()),
    };
    if hour > 23 || minute > 59 || second > 59 {
        return Err(format!(
            "timestamp {s:?} has no such time of day (hours 00–23, minutes and seconds 00–59; no leap second)"
        ));
    }
    let date = jiff::civil::Date::new(year as i16, month as i8, day as i8)
        .map_err(|_| format!("timestamp {s:?} names a day that does not exist"))?;
    let time =
        jiff::civil::Time::new(hour as i8, minute as i8, second as i8, nanos).map_err(|_| bad())?;
    let local = date.to_datetime(time);
    // The instant in UTC, as a civil time (which reaches beyond the instants supported).
    let out_of_range = || {
        format!(
            "timestamp {s:?} is outside the supported instants, 1970-01-01T00:00:00Z to 9999-12-30T00:00:00Z"
        )
    };
    let utc = match local.checked_sub(jiff::SignedDuration::from_secs(i64::from(offset_seconds))) {
        Ok(utc) => utc,
        // Only a negative offset can push a time past the civil maximum.
        Err(_) if offset_seconds < 0 => return Ok(Read::AfterLatest),
        Err(_) => return Err(out_of_range()),
    };
    if utc > LATEST {
        return Ok(Read::AfterLatest);
    }
    if utc < EARLIEST {
        return Err(out_of_range());
    }
    jiff::tz::Offset::UTC
        .to_timestamp(utc)
        .map(Read::At)
        .map_err(|_| out_of_range())
}

/// Prints a timestamp as the contract writes it, in UTC+08:00.
pub(crate) fn show(t: jiff::Timestamp) -> String {
    t.display_with_offset(jiff::tz::offset(8)).to_string()
}

/// An instant read on a clock in China Standard Time (UTC+08:00): the day of
/// the month, the ISO weekday (1 = Monday) and the second of the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Clock {
    pub(crate) day: u8,
    pub(crate) weekday: u8,
    pub(crate) second: u32,
}

/// `t` on the UTC+08:00 clock, in integer arithmetic (the days-to-civil
/// algorithm of the proleptic Gregorian calendar; tested against `jiff`).
pub(crate) fn china_clock(t: jiff::Timestamp) -> Clock {
    let local = t.as_second() + 8 * 3600;
    let days = local.div_euclid(86_400);
    let second = local.rem_euclid(86_400) as u32;
    // 1970-01-01 was a Thursday (ISO 4).
    let weekday = (days + 3).rem_euclid(7) as u8 + 1;
    // Day of the month: days since 0000-03-01 in 400-year eras.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    Clock {
        day,
        weekday,
        second,
    }
}

fn instant(s: &str) -> Result<jiff::Timestamp, String> {
    match read(s)? {
        Read::At(t) => Ok(t),
        Read::AfterLatest => Err(format!(
            "timestamp {s:?} is outside the supported instants, 1970-01-01T00:00:00Z to 9999-12-30T00:00:00Z"
        )),
    }
}

struct Instant(jiff::Timestamp);

impl std::str::FromStr for Instant {
    type Err = String;
    fn from_str(s: &str) -> Result<Instant, String> {
        instant(s).map(Instant)
    }
}

struct Until(Option<jiff::Timestamp>);

impl std::str::FromStr for Until {
    type Err = String;
    fn from_str(s: &str) -> Result<Until, String> {
        Ok(Until(match read(s)? {
            Read::At(t) => Some(t),
            Read::AfterLatest => None,
        }))
    }
}

const EXPECTING: &str = "an RFC 3339 timestamp string such as \"2026-11-11T00:00:00+08:00\"";

/// A required timestamp (`now`).
pub(crate) fn serialize<S: Serializer>(t: &jiff::Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&t.display_with_offset(jiff::tz::offset(8)))
}

/// A required timestamp (`now`).
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<jiff::Timestamp, D::Error> {
    crate::money::from_json_str::<D, Instant>(d, EXPECTING).map(|t| t.0)
}

/// An optional timestamp (`valid.from`, `last_order_at`).
pub(crate) mod option {
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<jiff::Timestamp>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<jiff::Timestamp>, D::Error> {
        super::deserialize(d).map(Some)
    }
}

/// `valid.until`: a "never expires" date past the supported instants reads as no end.
pub(crate) mod until {
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<jiff::Timestamp>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        super::option::serialize(t, s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<jiff::Timestamp>, D::Error> {
        crate::money::from_json_str::<D, super::Until>(d, super::EXPECTING).map(|u| u.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> jiff::Timestamp {
        match read(s) {
            Ok(Read::At(t)) => t,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn the_contract_grammar() {
        let t = at("2026-11-11T00:00:00+08:00");
        assert_eq!(t, at("2026-11-10T16:00:00Z"));
        assert_eq!(t, at("2026-11-10t16:00:00z"));
        assert_eq!(
            at("2026-11-11T00:00:00.5+08:00").subsec_nanosecond(),
            500_000_000
        );
        assert_eq!(
            at("2026-11-11T00:00:00.123456789Z").subsec_nanosecond(),
            123_456_789
        );
        assert_eq!(at("2026-11-11T00:00:00-23:59"), at("2026-11-11T23:59:00Z"));
        for bad in [
            "2026-11-11T00:00:00+25:00",
            "2026-11-11T00:00:00+24:00",
            "2026-11-11T00:00:00+08:00:30",
            "2026-11-11T00:00:00+0800",
            "2026-11-11T00:00:00+08",
            "+002026-11-11T00:00:00+08:00",
            "2026-11-11T00:00:00,5+08:00",
            "2026-11-11T00:00:00+08:00[!America/New_York]",
            "2026-11-11T23:59:60+08:00",
            "2026-11-11 00:00:00+08:00",
            "2026-11-11T00:00+08:00",
            "2026-11-11T00:00:00",
            "2026-11-11T00:00:00.+08:00",
            "2026-11-11T00:00:00.1234567890Z",
            "2026-02-30T00:00:00Z",
            "2026-11-11T24:00:00Z",
            "２026-11-11T00:00:00Z",
            "",
        ] {
            assert!(read(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn the_china_clock_agrees_with_jiff() {
        let tz = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
        let mut t = at("1970-01-01T00:00:00Z");
        let end = at("9999-12-29T00:00:00Z");
        // Every 7 hours 13 minutes 17 seconds from 1970 to 9999: every day
        // of the month, weekday and leap year, at varied times of day.
        let step = jiff::SignedDuration::from_secs(7 * 3600 + 13 * 60 + 17) * 97;
        while t < end {
            let z = t.to_zoned(tz.clone());
            let c = china_clock(t);
            assert_eq!(c.day as i8, z.day(), "{t}");
            assert_eq!(c.weekday as i8, z.weekday().to_monday_one_offset(), "{t}");
            let s = z.hour() as u32 * 3600 + z.minute() as u32 * 60 + z.second() as u32;
            assert_eq!(c.second, s, "{t}");
            match t.checked_add(step) {
                Ok(next) => t = next,
                Err(_) => break,
            }
        }
        let c = china_clock(at("2028-02-29T23:59:59+08:00"));
        assert_eq!((c.day, c.weekday, c.second), (29, 2, 86_399));
    }

    #[test]
    fn the_supported_range() {
        assert_eq!(at("1970-01-01T00:00:00Z").as_second(), 0);
        assert!(read("1969-12-31T23:59:59Z").is_err());
        assert!(read("1970-01-01T07:59:59+08:00").is_err());
        assert!(read("1970-01-01T00:00:00+00:01").is_err());
        assert_eq!(at("9999-12-30T00:00:00Z"), at("9999-12-30T08:00:00+08:00"));
        for later in [
            "9999-12-30T00:00:00.000000001Z",
            "9999-12-31T23:59:59+08:00",
            "9999-12-31T23:59:59-23:59",
        ] {
            assert_eq!(read(later), Ok(Read::AfterLatest), "{later}");
        }
        assert!(read("0000-01-01T00:00:00+23:59").is_err());
    }
}
