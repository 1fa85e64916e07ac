//! The article's own date when metadata gives none: a dateline at the top of the body, else
//! what the text implies — a date it calls `today`, or a weekday named with a calendar date,
//! which fixes the week; the article's day is then the latest past weekday it mentions.

use super::calendar::{self, Tense};
use super::scan::{Expr, Found, Md, Shift};
use super::{DateSource, DocumentDate, Placed, Scanned};
use crate::model::Date;
use regex::Regex;
use std::sync::LazyLock;

/// The year treated as the present when neither metadata nor text give one: a weekday named
/// with a year-less date (`Thursday, August 17`) picks the latest matching year not after it.
/// Callers that know better pass a hint to [`super::document_date_near`].
pub const REFERENCE_YEAR: i16 = 2025;

/// How far a matching year may lie from the hint.
const YEAR_SEARCH: i16 = 28;

/// Text before a dateline's date: a capitalised place (`NIAMEY,`, `ABUJA, Nigeria,`) or a
/// `Published:` label, or nothing.
static DATELINE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:\p{Lu}[\p{L}\p{M}'’.\-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.\-]*){0,3}(?:,\s*\p{Lu}[\p{L}\p{M}'’.\-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.\-]*){0,2})?\s*[,:–—-]\s*|(?i:published|posted|updated|dated?|first published)(?:\s+on)?\s*:?\s*)?$",
    )
    .unwrap_or_else(|_| never())
});

/// Text after a dateline's date: an optional agency in brackets, then a dash or colon, or the
/// end of the line.
static DATELINE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:[-–—:|]|\n|$)").unwrap_or_else(|_| never())
});

/// A regex that matches nothing (the patterns above are constants and compile).
fn never() -> Regex {
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!("a valid empty-class pattern"))
}

/// The article's date from its text: dateline, else inferred, else unknown.
pub fn document_date(text: &str, doc: &Scanned, year_hint: Option<i16>) -> DocumentDate {
    let hint = YearHint::new(doc, year_hint);
    if let Some(date) = dateline(text, doc, &hint) {
        return DocumentDate {
            date: Some(date),
            source: DateSource::Dateline,
        };
    }
    match inferred(doc, &hint) {
        Some(date) => DocumentDate {
            date: Some(date),
            source: DateSource::Inferred,
        },
        None => DocumentDate {
            date: None,
            source: DateSource::Unknown,
        },
    }
}

/// Where years the text leaves out are looked for.
struct YearHint {
    /// The latest year the text writes on a date or month (`July 30, 2023`, `August 2023`).
    text: Option<i16>,
    /// The caller's hint, else [`REFERENCE_YEAR`].
    outside: i16,
}

impl YearHint {
    /// Collects the years written on dates and months in `doc`.
    fn new(doc: &Scanned, year_hint: Option<i16>) -> Self {
        let mut text = None;
        for p in &doc.found {
            for y in written_years(&p.found.expr) {
                text = text.max(Some(y));
            }
        }
        YearHint {
            text,
            outside: year_hint.unwrap_or(REFERENCE_YEAR),
        }
    }

    /// The full date of `md`: its own year; else, with a weekday, the matching year nearest
    /// the text's latest year (not before it) or the latest not after the outside hint; else
    /// the text's latest year.
    fn date(&self, md: Md, weekday: Option<i8>) -> Option<Date> {
        if let Some(y) = md.year {
            return calendar::date(y, md.month, md.day);
        }
        let Some(w) = weekday else {
            return self.text.and_then(|y| calendar::date(y, md.month, md.day));
        };
        let matches =
            |y: i16| calendar::date(y, md.month, md.day).filter(|d| calendar::weekday_of(*d) == w);
        match self.text {
            Some(t) => (t..=t.saturating_add(YEAR_SEARCH)).find_map(matches),
            None => {
                let top = self.outside;
                (top.saturating_sub(YEAR_SEARCH)..=top)
                    .rev()
                    .find_map(matches)
            }
        }
    }
}

/// Years written on the dates and months of an expression.
fn written_years(expr: &Expr) -> Vec<i16> {
    match expr {
        Expr::Date { md, .. } => md.year.into_iter().collect(),
        Expr::Month { year, .. } => year.iter().copied().collect(),
        Expr::Range(a, b) => {
            let mut v = written_years(a);
            v.extend(written_years(b));
            v
        }
        _ => Vec::new(),
    }
}

/// The date of a dateline: a date opening the first line of the body, after at most a place
/// or a `Published` label and before an agency and a dash (or the line's end).
fn dateline(text: &str, doc: &Scanned, hint: &YearHint) -> Option<Date> {
    let body = text.find("\n\n").map_or(0, |i| i + 2);
    let rest = &text[body..];
    let lead = rest.len() - rest.trim_start().len();
    let line_start = body + lead;
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let p = doc.found.iter().find(|p| {
        let r = doc.byte_range(&p.found);
        r.start >= line_start && r.start < line_end
    })?;
    let r = doc.byte_range(&p.found);
    if r.start - line_start > 80 || !DATELINE_BEFORE.is_match(&text[line_start..r.start]) {
        return None;
    }
    if !DATELINE_AFTER.is_match(&text[r.end..]) {
        return None;
    }
    match &p.found.expr {
        Expr::Date { md, weekday } => hint.date(*md, *weekday),
        _ => None,
    }
}

/// The date the text implies: one it calls `today`; else the week fixed by a weekday named
/// with a calendar date, and in it the day of the latest past weekday the text mentions.
fn inferred(doc: &Scanned, hint: &YearHint) -> Option<Date> {
    for p in &doc.found {
        if p.found.names_today
            && let Expr::Date { md, weekday } = &p.found.expr
            && let Some(d) = hint.date(*md, *weekday)
        {
            return Some(d);
        }
    }
    let (anchor, tense) = doc
        .found
        .iter()
        .filter_map(|p| Some((weekday_dated(&p.found, hint)?, p.tense)))
        .max_by_key(|(d, _)| *d)?;
    let past_weekdays: Vec<i8> = doc
        .found
        .iter()
        .filter(|p| p.tense != Tense::Future)
        .filter_map(bare_weekday)
        .collect();
    if tense != Tense::Future {
        // a past event dated in full: the article speaks from that day
        return Some(anchor);
    }
    // a coming event dated in full: the article's day is the latest past weekday before it
    let week_before = calendar::add_days(anchor, -7)?;
    past_weekdays
        .iter()
        .filter_map(|w| calendar::on_or_before(calendar::add_days(anchor, -1)?, *w))
        .filter(|d| *d > week_before)
        .max()
}

/// The day of an expression that names a weekday together with a calendar date.
fn weekday_dated(f: &Found, hint: &YearHint) -> Option<Date> {
    let first = match &f.expr {
        Expr::Range(a, _) => a.as_ref(),
        e => e,
    };
    match first {
        Expr::Date {
            md,
            weekday: Some(w),
        } => hint.date(*md, Some(*w)),
        _ => None,
    }
}

/// The weekday of a bare weekday mention (`on Tuesday`, not `last Tuesday`).
fn bare_weekday(p: &Placed) -> Option<i8> {
    let e = match &p.found.expr {
        Expr::Range(a, _) => a.as_ref(),
        e => e,
    };
    match e {
        Expr::Weekday {
            weekday,
            shift: Shift::Bare | Shift::This,
        } => Some(*weekday),
        _ => None,
    }
}
