//! Publication dates as news files write them, read to a calendar date.
//!
//! Accepted: ISO dates and datetimes (`2023-08-15`, `2023-08-15T09:30:00+01:00` — the date as
//! written, no time-zone conversion), `2023/08/15`, `Aug 15, 2023`, `August 15, 2023`,
//! `15 August 2023`, RFC 2822 (`Tue, 15 Aug 2023 10:00:00 +0000`), with or without weekday
//! and time; Unix timestamps in seconds or milliseconds (UTC date). A time given with the date
//! must be a real time of day: `2023-07-27T25:61:61Z` is refused, not cut to its date.

use crate::model::Date;

/// Reads a date; otherwise the warning to give, `unrecognised date '…'` (with the reason when
/// the date carries an impossible time of day).
pub(crate) fn read_date(raw: &str) -> Result<Date, String> {
    let s = raw.trim();
    let parsed = match parse_numeric(s) {
        Ok(None) => parse_named_month(s),
        other => other,
    };
    match parsed {
        Ok(Some(date)) => Ok(date),
        Ok(None) => parse_epoch(s).ok_or_else(|| format!("unrecognised date '{raw}'")),
        Err(BadTime(time)) => Err(format!(
            "unrecognised date '{raw}' ({time} is not a time of day)"
        )),
    }
}

/// A time of day that is not one, as written.
#[derive(Debug)]
struct BadTime(String);

/// Checks the time of day at the start of `s` (`HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff`, an offset or
/// anything else may follow): hours 0 to 23 (`24:00:00` allowed), minutes 0 to 59, seconds 0
/// to 60. Text that does not start like a time (`HH:`) is not checked.
fn check_time(s: &str) -> Result<(), BadTime> {
    let token: &str = s
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .map_or(s, |end| &s[..end]);
    let mut parts = token.split(':');
    let (Some(hour), Some(minute)) = (parts.next(), parts.next()) else {
        return Ok(());
    };
    let second = parts.next();
    let bad = || BadTime(token.to_owned());
    let number = |p: &str, width: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (width.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let hour = number(hour, 1..=2).ok_or_else(bad)?;
    let minute = number(minute, 2..=2).ok_or_else(bad)?;
    let (second, fraction) = match second {
        None => (0, None),
        Some(sec) => {
            let (whole, fraction) = match sec.split_once(['.', ',']) {
                Some((whole, fraction)) => (whole, Some(fraction)),
                None => (sec, None),
            };
            (number(whole, 2..=2).ok_or_else(bad)?, fraction)
        }
    };
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let end_of_day = hour == 24 && minute == 0 && second == 0;
    if parts.next().is_some()
        || !fraction_ok
        || (hour > 23 && !end_of_day)
        || minute > 59
        || second > 60
    {
        return Err(bad());
    }
    Ok(())
}

/// Unix time as JSON feeds write it: 9 to 11 digits of seconds or 12 to 13 of milliseconds;
/// the UTC date.
fn parse_epoch(s: &str) -> Option<Date> {
    if !(9..=13).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    let seconds = if s.len() >= 12 { n / 1000 } else { n };
    let timestamp = jiff::Timestamp::from_second(seconds).ok()?;
    Some(timestamp.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// `YYYY-MM-DD…` or `YYYY/MM/DD…`; a time after the date must be a real one (see
/// [`check_time`]), what follows it (an offset) is ignored. `Ok(None)`: not this shape.
fn parse_numeric(s: &str) -> Result<Option<Date>, BadTime> {
    let b = s.as_bytes();
    if b.len() < 8 || b.iter().position(|c| !c.is_ascii_digit()) != Some(4) {
        return Ok(None);
    }
    let sep = b[4];
    if sep != b'-' && sep != b'/' && sep != b'.' {
        return Ok(None);
    }
    let Some((month, rest)) = s.get(5..).and_then(|r| r.split_once(char::from(sep))) else {
        return Ok(None);
    };
    let day_len = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (day, after_day) = rest.split_at(day_len);
    if let Some(time) = after_day.strip_prefix(['T', 't', ' ', '_']) {
        check_time(time)?;
    } else if !(after_day.is_empty() || after_day.starts_with('Z')) {
        return Ok(None);
    }
    let parse = || {
        make_date(
            s.get(..4)?.parse().ok()?,
            month.parse().ok()?,
            day.parse().ok()?,
        )
    };
    Ok(parse())
}

/// Dates with an English month name, in either day-month or month-day order; a time of day
/// after it must be a real one. `Ok(None)`: not this shape.
fn parse_named_month(s: &str) -> Result<Option<Date>, BadTime> {
    let mut year = None;
    let mut month = None;
    let mut day = None;
    let tokens = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|t| !t.is_empty());
    for token in tokens {
        if token.contains(':') {
            // A time of day (`10:00:00`): stop here so offsets are not read as years.
            check_time(token)?;
            break;
        }
        let token = token.trim_end_matches('.');
        if let Some(m) = month_number(token) {
            if month.is_some() {
                return Ok(None);
            }
            month = Some(m);
        } else if let Some(n) = ordinal_number(token) {
            if n > 31 {
                if year.is_some() {
                    return Ok(None);
                }
                year = Some(n);
            } else if day.is_none() {
                day = Some(n);
            } else {
                return Ok(None);
            }
        } else if !is_weekday(token) && !matches!(token.to_ascii_lowercase().as_str(), "of" | "on")
        {
            return Ok(None);
        }
    }
    let date = || make_date(i16::try_from(year?).ok()?, month?, i8::try_from(day?).ok()?);
    Ok(date())
}

/// A plain or ordinal number (`15`, `15th`, `1st`), at most four digits.
fn ordinal_number(token: &str) -> Option<u32> {
    let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &token[digits.len()..];
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !matches!(
        suffix.to_ascii_lowercase().as_str(),
        "" | "st" | "nd" | "rd" | "th"
    ) {
        return None;
    }
    digits.parse().ok()
}

/// Month number of an English month name or its usual abbreviation.
fn month_number(token: &str) -> Option<i8> {
    let lower = token.to_ascii_lowercase();
    let n = match lower.as_str() {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(n)
}

/// True for English weekday names and abbreviations.
fn is_weekday(token: &str) -> bool {
    matches!(
        token.to_ascii_lowercase().as_str(),
        "mon"
            | "monday"
            | "tue"
            | "tues"
            | "tuesday"
            | "wed"
            | "wednesday"
            | "thu"
            | "thur"
            | "thurs"
            | "thursday"
            | "fri"
            | "friday"
            | "sat"
            | "saturday"
            | "sun"
            | "sunday"
    )
}

/// A real calendar day in a plausible range for news (years 1000–9999).
fn make_date(year: i16, month: i8, day: i8) -> Option<Date> {
    if !(1000..=9999).contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// The date, or `None` when [`read_date`] gives a warning.
    fn parse_date(raw: &str) -> Option<Date> {
        read_date(raw).ok()
    }

    #[test]
    fn accepted_shapes() {
        let want = Some(date(2023, 8, 15));
        for s in [
            "2023-08-15",
            "2023-08-15T23:30:00+01:00",
            "2023-08-15T23:30:00Z",
            "2023-08-15 09:00",
            "2023/08/15",
            "Aug 15, 2023",
            "August 15, 2023",
            "15 August 2023",
            "15th August, 2023",
            "Tuesday, August 15, 2023 10:00 AM",
            "Tue, 15 Aug 2023 10:00:00 +0000",
            "Tue, 15 Aug 2023 23:59:59 -0700",
            "  2023-08-15  ",
            "1692093600",
            "1692093600000",
        ] {
            assert_eq!(parse_date(s), want, "{s}");
        }
    }

    #[test]
    fn local_date_is_kept_as_written() {
        // 23:30 at +01:00 is still the 15th as written, even though it is 22:30 UTC.
        assert_eq!(
            parse_date("2023-08-16T00:30:00+02:00"),
            Some(date(2023, 8, 16))
        );
    }

    #[test]
    fn rejected_shapes() {
        for s in [
            "",
            "yesterday",
            "2023-13-01",
            "2023-02-30",
            "15/08/2023",
            "Aug 2023",
            "August 15",
            "12345",
            "2023-08-15x",
            "Aug 15, 2023, Sept 1",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn impossible_times_are_refused_with_the_reason() {
        for (s, time) in [
            ("2023-07-27T25:61:61Z", "25:61:61"),
            ("2023-07-27 12:60", "12:60"),
            ("2023-07-27T23:59:61+01:00", "23:59:61"),
            ("2023-07-27T10:5", "10:5"),
            ("2023-07-27T10:00:00:00", "10:00:00:00"),
            ("Tue, 15 Aug 2023 24:30:00 +0000", "24:30:00"),
        ] {
            assert_eq!(
                read_date(s),
                Err(format!(
                    "unrecognised date '{s}' ({time} is not a time of day)"
                ))
            );
        }
        for s in [
            "2023-07-27T23:59:60Z",
            "2023-07-27T24:00:00Z",
            "2023-07-27T09:30:00.123456+02:00",
            "2023-07-27 9:05",
            "Thu, 27 Jul 2023 00:00 GMT",
        ] {
            assert_eq!(read_date(s), Ok(date(2023, 7, 27)), "{s}");
        }
        assert_eq!(
            read_date("soon"),
            Err("unrecognised date 'soon'".to_owned())
        );
    }
}
