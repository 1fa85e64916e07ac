//! Word classes for the timeline scanner: months, weekdays, numbers and the keywords that time
//! expressions are built from, read off the shared tokens without allocating.

use crate::analysis::text::{Token, TokenKind};
use std::ops::Range;

/// Keywords time expressions are built from (matched case-insensitively).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kw {
    Today,
    Tonight,
    Yesterday,
    Tomorrow,
    Last,
    Next,
    This,
    Coming,
    Early,
    Earlier,
    Late,
    Later,
    Mid,
    On,
    In,
    By,
    At,
    The,
    Of,
    And,
    Or,
    To,
    Through,
    Until,
    Between,
    From,
    Ago,
    Time,
    Same,
    Following,
    Previous,
    Before,
    After,
    That,
    /// `end`, `beginning`, `start`, `middle`, `close`: the part of a period.
    Part,
    /// `morning`, `afternoon`, `evening`, `night`, `noon`, `midnight`.
    DayPart,
    /// `a`, `an`.
    A,
    /// `one` … `twelve`, `a couple`-less counts.
    Count(u32),
    /// A calendar unit word; `plural` for `days`, `weeks` …
    Unit {
        unit: Unit,
        plural: bool,
    },
    Weekend,
    /// `a.m.`, `am`, `p.m.`, `pm`, `gmt`, `utc`.
    Meridiem,
    Local,
    /// `D-day`.
    DDay,
    /// Newspaper title words (`Times`, `Telegraph`) that make `Sunday Times` a name.
    Paper,
    /// Prepositions before which a bare month or year is a date: `since`, `during`, `over`.
    Since,
}

/// A calendar unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// The class of one token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lex {
    /// 1 = January; `abbrev` for `Aug`, `Sept`.
    Month {
        month: i8,
        abbrev: bool,
    },
    /// 1 = Monday … 7 = Sunday.
    Weekday(i8),
    /// A plain number and its digit count: `17`, `08`, `2023`.
    Num {
        value: u32,
        digits: u8,
    },
    /// `17th`, `1st`.
    Ordinal(u32),
    /// `17-18`.
    NumRange(u32, u32),
    /// `2023-08-17`.
    IsoDate(u32, u32, u32),
    /// `17.08.2023`: two small numbers and a year.
    DotDate(u32, u32, u32),
    /// `10.30`: a clock time written with a dot.
    Decimal(u32, u32),
    Word(Kw),
    Punct(char),
    Possessive,
    /// A line or paragraph break: expressions never cross one.
    Break,
    Other,
}

/// A classified token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tok {
    pub range: Range<usize>,
    pub lex: Lex,
    /// Starts with an upper-case letter.
    pub cap: bool,
}

/// Classifies every token of `text`.
pub fn classify_all(text: &str, toks: &[Token]) -> Vec<Tok> {
    toks.iter()
        .map(|t| {
            let s = t.text(text);
            Tok {
                range: t.range.clone(),
                lex: classify(s, t.kind),
                cap: s.chars().next().is_some_and(char::is_uppercase),
            }
        })
        .collect()
}

/// The class of one token text of the given kind.
pub fn classify(s: &str, kind: TokenKind) -> Lex {
    match kind {
        TokenKind::LineBreak | TokenKind::ParaBreak => Lex::Break,
        TokenKind::Possessive => Lex::Possessive,
        TokenKind::Punct => s.chars().next().map_or(Lex::Other, Lex::Punct),
        TokenKind::Number => number(s),
        TokenKind::Word => word(s),
    }
}

/// Lower-cases an ASCII word of at most 16 bytes into `buf`; `None` for anything else.
fn lower_ascii<'b>(s: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    if s.len() > buf.len() || !s.is_ascii() {
        return None;
    }
    let out = &mut buf[..s.len()];
    out.copy_from_slice(s.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// Classifies a word token.
fn word(s: &str) -> Lex {
    let mut buf = [0u8; 16];
    let Some(w) = lower_ascii(s, &mut buf) else {
        return Lex::Other;
    };
    if let Some(rest) = w.strip_prefix("mid-") {
        // `mid-August`, `mid-2024`: the month or year, its span covering the prefix
        if let Some(value) = digits(rest).filter(|_| rest.len() == 4) {
            return Lex::Num { value, digits: 4 };
        }
        return month(rest).map_or(Lex::Other, |(m, abbrev)| Lex::Month { month: m, abbrev });
    }
    if let Some((m, abbrev)) = month(w) {
        return Lex::Month { month: m, abbrev };
    }
    if let Some(d) = weekday(w) {
        return Lex::Weekday(d);
    }
    keyword(w).map_or(Lex::Other, Lex::Word)
}

/// Month number of a lower-case month name or abbreviation, with whether it is abbreviated.
pub fn month(w: &str) -> Option<(i8, bool)> {
    let full = match w {
        "january" => 1,
        "february" => 2,
        "march" => 3,
        "april" => 4,
        "may" => 5,
        "june" => 6,
        "july" => 7,
        "august" => 8,
        "september" => 9,
        "october" => 10,
        "november" => 11,
        "december" => 12,
        _ => 0,
    };
    if full > 0 {
        return Some((full, false));
    }
    let abbrev = match w {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => 0,
    };
    (abbrev > 0).then_some((abbrev, true))
}

/// Weekday number (1 = Monday) of a lower-case full weekday name.
pub fn weekday(w: &str) -> Option<i8> {
    match w {
        "monday" => Some(1),
        "tuesday" => Some(2),
        "wednesday" => Some(3),
        "thursday" => Some(4),
        "friday" => Some(5),
        "saturday" => Some(6),
        "sunday" => Some(7),
        _ => None,
    }
}

/// The keyword a lower-case word is, if any.
fn keyword(w: &str) -> Option<Kw> {
    let unit = |unit, plural| Some(Kw::Unit { unit, plural });
    match w {
        "today" => Some(Kw::Today),
        "tonight" => Some(Kw::Tonight),
        "yesterday" => Some(Kw::Yesterday),
        "tomorrow" => Some(Kw::Tomorrow),
        "last" => Some(Kw::Last),
        "next" => Some(Kw::Next),
        "this" => Some(Kw::This),
        "coming" => Some(Kw::Coming),
        "early" => Some(Kw::Early),
        "earlier" => Some(Kw::Earlier),
        "late" => Some(Kw::Late),
        "later" => Some(Kw::Later),
        "mid" => Some(Kw::Mid),
        "on" => Some(Kw::On),
        "in" => Some(Kw::In),
        "by" => Some(Kw::By),
        "at" => Some(Kw::At),
        "the" => Some(Kw::The),
        "of" => Some(Kw::Of),
        "and" => Some(Kw::And),
        "or" => Some(Kw::Or),
        "to" => Some(Kw::To),
        "through" | "thru" => Some(Kw::Through),
        "until" | "till" | "til" => Some(Kw::Until),
        "between" => Some(Kw::Between),
        "from" => Some(Kw::From),
        "ago" => Some(Kw::Ago),
        "time" => Some(Kw::Time),
        "same" => Some(Kw::Same),
        "following" => Some(Kw::Following),
        "previous" => Some(Kw::Previous),
        "before" => Some(Kw::Before),
        "after" => Some(Kw::After),
        "that" => Some(Kw::That),
        "since" | "during" | "over" => Some(Kw::Since),
        "end" | "beginning" | "start" | "middle" | "close" => Some(Kw::Part),
        "morning" | "afternoon" | "evening" | "night" | "noon" | "midnight" => Some(Kw::DayPart),
        "a" | "an" => Some(Kw::A),
        "one" => Some(Kw::Count(1)),
        "two" => Some(Kw::Count(2)),
        "three" => Some(Kw::Count(3)),
        "four" => Some(Kw::Count(4)),
        "five" => Some(Kw::Count(5)),
        "six" => Some(Kw::Count(6)),
        "seven" => Some(Kw::Count(7)),
        "eight" => Some(Kw::Count(8)),
        "nine" => Some(Kw::Count(9)),
        "ten" => Some(Kw::Count(10)),
        "eleven" => Some(Kw::Count(11)),
        "twelve" => Some(Kw::Count(12)),
        "day" => unit(Unit::Day, false),
        "days" => unit(Unit::Day, true),
        "week" => unit(Unit::Week, false),
        "weeks" => unit(Unit::Week, true),
        "month" => unit(Unit::Month, false),
        "months" => unit(Unit::Month, true),
        "year" => unit(Unit::Year, false),
        "years" => unit(Unit::Year, true),
        "weekend" => Some(Kw::Weekend),
        "a.m." | "am" | "p.m." | "pm" | "gmt" | "utc" | "wat" => Some(Kw::Meridiem),
        "local" => Some(Kw::Local),
        "d-day" => Some(Kw::DDay),
        "times" | "telegraph" | "post" | "mail" | "express" | "herald" | "tribune" | "observer"
        | "mirror" | "star" | "guardian" | "independent" | "standard" | "sport" => Some(Kw::Paper),
        _ => None,
    }
}

/// Parses a run of ASCII digits of at most 9 characters.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Classifies a number token: plain numbers, ordinals, `17-18`, ISO and dotted dates, `10.30`.
fn number(s: &str) -> Lex {
    if let Some(value) = digits(s) {
        return Lex::Num {
            value,
            digits: u8::try_from(s.len()).unwrap_or(u8::MAX),
        };
    }
    let b = s.as_bytes();
    if b.len() > 2 {
        let suffix = &b[b.len() - 2..];
        let ordinal = ["st", "nd", "rd", "th"]
            .iter()
            .any(|suf| suffix.eq_ignore_ascii_case(suf.as_bytes()));
        // the suffix is ASCII, so the cut before it is a character boundary
        if ordinal && let Some(n) = s.get(..s.len() - 2).and_then(digits) {
            return Lex::Ordinal(n);
        }
    }
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [a, b] => {
            if let (Some(a), Some(b)) = (digits(a), digits(b)) {
                return Lex::NumRange(a, b);
            }
        }
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            if let (Some(y), Some(m), Some(d)) = (digits(y), digits(m), digits(d)) {
                return Lex::IsoDate(y, m, d);
            }
        }
        _ => {}
    }
    let dots: Vec<&str> = s.split('.').collect();
    match dots.as_slice() {
        [h, m] if h.len() <= 2 && m.len() == 2 => match (digits(h), digits(m)) {
            (Some(h), Some(m)) => Lex::Decimal(h, m),
            _ => Lex::Other,
        },
        [a, b, y] if a.len() <= 2 && b.len() <= 2 && y.len() == 4 => {
            match (digits(a), digits(b), digits(y)) {
                (Some(a), Some(b), Some(y)) => Lex::DotDate(a, b, y),
                _ => Lex::Other,
            }
        }
        _ => Lex::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_weekdays_and_keywords() {
        assert_eq!(
            word("Aug"),
            Lex::Month {
                month: 8,
                abbrev: true
            }
        );
        assert_eq!(
            word("mid-September"),
            Lex::Month {
                month: 9,
                abbrev: false
            }
        );
        assert_eq!(word("THURSDAY"), Lex::Weekday(4));
        assert_eq!(
            word("weeks"),
            Lex::Word(Kw::Unit {
                unit: Unit::Week,
                plural: true
            })
        );
        assert_eq!(word("D-Day"), Lex::Word(Kw::DDay));
        assert_eq!(word("Goïta"), Lex::Other);
    }

    #[test]
    fn number_shapes() {
        assert_eq!(
            number("08"),
            Lex::Num {
                value: 8,
                digits: 2
            }
        );
        assert_eq!(number("17th"), Lex::Ordinal(17));
        assert_eq!(number("17-18"), Lex::NumRange(17, 18));
        assert_eq!(number("2023-08-17"), Lex::IsoDate(2023, 8, 17));
        assert_eq!(number("17.08.2023"), Lex::DotDate(17, 8, 2023));
        assert_eq!(number("10.30"), Lex::Decimal(10, 30));
        assert_eq!(number("1,500"), Lex::Other);
        assert_eq!(number("99999999999999"), Lex::Other);
    }
}
