//! Date-Time values as RFC 3339 UTC text (`2008-03-14T11:56:40Z`), both ways, without a clock
//! or a calendar crate: the civil-date arithmetic is Howard Hinnant's `days_from_civil` /
//! `civil_from_days`, exact over the whole proleptic Gregorian calendar.

use core::fmt;

/// A calendar date and time of day in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    /// Year (may be negative or beyond 9999).
    pub year: i64,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–59 (KMIP Date-Times have no leap seconds).
    pub second: u8,
}

const SECS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date and time of POSIX `secs` (UTC).
pub fn civil_from_secs(secs: i64) -> Civil {
    let days = secs.div_euclid(SECS_PER_DAY);
    let tod = secs.rem_euclid(SECS_PER_DAY);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    Civil {
        year,
        month,
        day,
        hour: (tod / 3600) as u8,
        minute: (tod / 60 % 60) as u8,
        second: (tod % 60) as u8,
    }
}

/// The first and last POSIX second that RFC 3339 can write (years 0000 to 9999).
pub const RFC3339_RANGE: (i64, i64) = (-62_167_219_200, 253_402_300_799);

/// `secs` as RFC 3339 UTC text, or `None` outside years 0000–9999.
pub fn rfc3339(secs: i64) -> Option<Rfc3339> {
    if secs < RFC3339_RANGE.0 || secs > RFC3339_RANGE.1 {
        return None;
    }
    Some(Rfc3339(civil_from_secs(secs)))
}

/// Displays as `YYYY-MM-DDTHH:MM:SSZ`.
#[derive(Clone, Copy, Debug)]
pub struct Rfc3339(Civil);

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }
}

/// Why RFC 3339 text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadDate;

impl fmt::Display for BadDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an RFC 3339 date-time like 2008-03-14T11:56:40Z")
    }
}

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0i64, |a, d| a * 10 + (d - b'0') as i64))
}

/// Parses RFC 3339 (`2008-03-14T11:56:40Z`, `…+02:00`, `…11:56:40.5Z`) into POSIX seconds
/// and the microseconds of a fraction. A lower-case `t`/`z` and a space for `T` are accepted.
pub fn parse_rfc3339(text: &str) -> Result<(i64, u32), BadDate> {
    let b = text.as_bytes();
    if b.len() < 20 {
        return Err(BadDate);
    }
    let sep = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(sep(4, b'-') && sep(7, b'-') && sep(13, b':') && sep(16, b':')) {
        return Err(BadDate);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return Err(BadDate);
    }
    let num = |r: core::ops::Range<usize>| b.get(r).and_then(digits).ok_or(BadDate);
    let year = num(0..4)?;
    let month = num(5..7)?;
    let day = num(8..10)?;
    let hour = num(11..13)?;
    let minute = num(14..16)?;
    let second = num(17..19)?;
    if !(1..=12).contains(&month) || hour > 23 || minute > 59 || second > 59 {
        return Err(BadDate);
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let mdays = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day < 1 || day > mdays[(month - 1) as usize] {
        return Err(BadDate);
    }
    let mut i = 19;
    let mut micros = 0u32;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        let mut end = start;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == start {
            return Err(BadDate);
        }
        for k in 0..6 {
            let d = b
                .get(start + k)
                .filter(|_| start + k < end)
                .map_or(0, |d| d - b'0');
            micros = micros * 10 + d as u32;
        }
        i = end;
    }
    let offset = match b.get(i..) {
        Some([b'Z' | b'z']) => 0,
        Some([s @ (b'+' | b'-'), h1, h2, b':', m1, m2]) => {
            let oh = digits(&[*h1, *h2]).ok_or(BadDate)?;
            let om = digits(&[*m1, *m2]).ok_or(BadDate)?;
            if oh > 23 || om > 59 {
                return Err(BadDate);
            }
            let o = oh * 3600 + om * 60;
            if *s == b'+' {
                o
            } else {
                -o
            }
        }
        _ => return Err(BadDate),
    };
    let secs = days_from_civil(year, month as u8, day as u8) * SECS_PER_DAY
        + hour * 3600
        + minute * 60
        + second
        - offset;
    Ok((secs, micros))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example() {
        // KMIP spec §9.1.2: 0x47DA67F8 is 2008-03-14T11:56:40Z.
        assert_eq!(parse_rfc3339("2008-03-14T11:56:40Z"), Ok((0x47DA67F8, 0)));
        let mut s = heapless::String::<32>::new();
        core::fmt::write(&mut s, format_args!("{}", rfc3339(0x47DA67F8).unwrap())).unwrap();
        assert_eq!(s.as_str(), "2008-03-14T11:56:40Z");
    }

    #[test]
    fn round_trips_across_the_range() {
        let mut secs = RFC3339_RANGE.0;
        while secs < RFC3339_RANGE.1 {
            let mut s = heapless::String::<32>::new();
            core::fmt::write(&mut s, format_args!("{}", rfc3339(secs).unwrap())).unwrap();
            assert_eq!(parse_rfc3339(&s), Ok((secs, 0)), "{s}");
            secs += 7_777_777;
        }
        assert!(rfc3339(RFC3339_RANGE.1 + 1).is_none());
        assert!(rfc3339(RFC3339_RANGE.0 - 1).is_none());
    }

    #[test]
    fn offsets_fractions_and_nonsense() {
        assert_eq!(parse_rfc3339("1970-01-01T01:00:00+01:00"), Ok((0, 0)));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00.25Z"), Ok((0, 250_000)));
        for bad in [
            "",
            "1970-01-01",
            "1970-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "1970-01-01T24:00:00Z",
            "1970-01-01T00:00:00",
            "1970-01-01T00:00:00.Z",
            "1970-01-01T00:00:00+1:00",
            "197O-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), Err(BadDate), "{bad}");
        }
    }
}
