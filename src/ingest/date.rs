//! Publication dates as news files write them, read to a calendar date.
//!
//! Accepted: ISO dates and datetimes (`2023-08-15`, `2023-08-15T09:30:00+01:00` — the date as
//! written, no time-zone conversion), `2023/08/15`, `Aug 15, 2023`, `August 15, 2023`,
//! `15 August 2023`, RFC 2822 (`Tue, 15 Aug 2023 10:00:00 +0000`), with or without weekday
//! and time; Unix timestamps in seconds or milliseconds (UTC date).

use crate::model::Date;

/// Reads a date; `None` when the text is not one of the accepted shapes or not a real day.
pub(crate) fn parse_date(raw: &str) -> Option<Date> {
    let s = raw.trim();
    parse_numeric(s)
        .or_else(|| parse_named_month(s))
        .or_else(|| parse_epoch(s))
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

/// `YYYY-MM-DD…` or `YYYY/MM/DD…`, anything after the date (a time, an offset) ignored.
fn parse_numeric(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() < 8 {
        return None;
    }
    let year_end = b.iter().position(|c| !c.is_ascii_digit())?;
    if year_end != 4 {
        return None;
    }
    let sep = *b.get(4)?;
    if sep != b'-' && sep != b'/' && sep != b'.' {
        return None;
    }
    let (month, rest) = s.get(5..)?.split_once(char::from(sep))?;
    let day: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after_day = rest.get(day.len()..).unwrap_or_default();
    if !(after_day.is_empty()
        || after_day.starts_with(['T', 't', ' ', '_'])
        || after_day.starts_with('Z'))
    {
        return None;
    }
    make_date(
        s.get(..4)?.parse().ok()?,
        month.parse().ok()?,
        day.parse().ok()?,
    )
}

/// Dates with an English month name, in either day-month or month-day order.
fn parse_named_month(s: &str) -> Option<Date> {
    let mut year = None;
    let mut month = None;
    let mut day = None;
    let tokens = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|t| !t.is_empty());
    for token in tokens {
        if token.contains(':') {
            // A time of day (`10:00:00`): stop here so offsets are not read as years.
            break;
        }
        let token = token.trim_end_matches('.');
        if let Some(m) = month_number(token) {
            if month.is_some() {
                return None;
            }
            month = Some(m);
        } else if let Some(n) = ordinal_number(token) {
            if n > 31 {
                if year.is_some() {
                    return None;
                }
                year = Some(n);
            } else if day.is_none() {
                day = Some(n);
            } else {
                return None;
            }
        } else if !is_weekday(token) && !matches!(token.to_ascii_lowercase().as_str(), "of" | "on")
        {
            return None;
        }
    }
    make_date(i16::try_from(year?).ok()?, month?, i8::try_from(day?).ok()?)
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
}
