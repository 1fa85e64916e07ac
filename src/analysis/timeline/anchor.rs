//! The article's own date when metadata gives none: a dateline at the top of the body, else
//! what the text implies, else unknown.
//!
//! Inference reads the text as constraints on the article's day `D`, all per article. The
//! *lead* is the headline and the first sentence of the body: the news the article reports.
//!
//! - exact: a date the text calls `today` (`today, August 17, 2023`), or `yesterday` /
//!   `tomorrow` set beside a date (`Yesterday, August 16,` gives the 17th);
//! - from below: every calendar date in a clause that looks back (`was held on July 30, 2023`),
//!   and every day an offset reaches from one (`a week after the July 26, 2023 coup`);
//! - from above: a calendar date in a clause that firmly looks ahead (`will meet on August
//!   17`; `would`, `was to` report a plan made in the past and bound nothing);
//! - the week: a coming date named with its weekday is in the coming week (`will meet on
//!   Thursday, August 17` gives 11–16 August); a past date named with its weekday in the lead
//!   is this week's news (`On Tuesday, August 15` gives 15–21 August; further down, `earlier
//!   this month, from Wednesday, August 2` is not); the latest past date, when the lead names
//!   its weekday for its news, is that news (`August 15, 2023` anywhere and `on Tuesday` in
//!   the lead, when the 15th is a Tuesday: one event named two ways), and when its weekday is
//!   `last Saturday`, that Saturday;
//! - last, dates in clauses with no tense bound from below (`the July 26, 2023 coup`).
//!
//! Constraints are applied strongest first; one that would leave no day is dropped. The
//! article's day is inferred only when both ends are bounded and at most seven days apart, and
//! then by this rule: the first day on or after each weekday the lead names for a past event,
//! taken at its first occurrence in the window (the article speaks from the day of its news),
//! on the weekday the text gives for today (`today, Saturday`) if any. With no such weekday
//! the window must be at most three days, and its first day is taken. Anything else — above
//! all a window open at one end (`the July 26 coup` and `on Thursday`) — is unknown: news
//! often reports events weeks after the date it recalls, so the first consistent day would be
//! a guess.
//!
//! Years: a date's own; else one fixed by a weekday named with a year-less date (the latest
//! matching year not before the years the text writes, or not after the caller's hint); else
//! the latest year written on a full date. Years written only on months (`a coup in May 2021`)
//! are not taken as the article's.
//!
//! [`clues`] reads the same text leniently for an article nothing else dates: year-less dates
//! take the caller's year (years written on full dates count only near it: `the award of 3
//! October 1899` is history), the lead's news is not older than the latest day the text names,
//! and an offset in the top of the article places the news (`on Wednesday, a day after the
//! operation began`, counted from the date in its sentence, else from the latest day named;
//! `two months after` within three days). A tight window is then a date ([`Clues::fixed`]);
//! else the window, the latest day named and the offset's day guide the dating from the
//! story's coverage, and [`Clues::guess`] is the day of the news: the first day of the lead's
//! weekday after the latest day named.

use super::calendar::{self, Tense};
use super::lex::{Kw, Lex, Unit};
use super::scan::{Expr, Md, Shift};
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

/// In lenient reading, how far from the caller's year a year the text writes may lie and
/// still date its year-less dates.
const YEAR_TRUST: i16 = 2;

/// Text before a dateline's date: a capitalised place (`NIAMEY,`, `ABUJA, Nigeria,`,
/// `MOSCOW/BAMAKO,`) or a `Published:` label, or nothing.
static DATELINE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:\p{Lu}[\p{L}\p{M}'’./\-]*(?:\s+\p{Lu}[\p{L}\p{M}'’./\-]*){0,3}(?:,\s*\p{Lu}[\p{L}\p{M}'’.\-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.\-]*){0,2})?\s*[,:–—-]\s*|(?i:published|posted|updated|dated?|first published)(?:\s+on)?\s*:?\s*)?$",
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
    match inferred(text, doc, &hint) {
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

/// What the text says about its own day when it does not fix it, read with lenient years
/// (see [`clues`]): the window its dates leave, the days it names that its news may fall on,
/// and a best guess.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clues {
    /// The day the text fixes when year-less dates take the caller's year (`on Tuesday` and
    /// `on Sept. 19` with a tight window).
    pub fixed: Option<Date>,
    /// The earliest day the article may be from.
    pub lo: Option<Date>,
    /// The latest day the article may be from.
    pub hi: Option<Date>,
    /// The latest day the text names in a clause that does not look ahead: the news, or the
    /// freshest thing it recalls.
    pub latest: Option<Date>,
    /// The day of the news as an offset from an earlier event places it (`a day after the
    /// operation began`, `two months after a coup`), with how many days it may be off; the
    /// event is the date in the same sentence, else [`Clues::latest`].
    pub event: Option<(Date, i64)>,
    /// The best guess when nothing else dates the article: the day of the news, placed by
    /// the lead's weekday after the latest day the text names (or near the offset event).
    pub guess: Option<Date>,
}

/// The article's [`Clues`], with year-less dates placed in `year_hint`'s year when nothing in
/// the text places them.
pub fn clues(text: &str, doc: &Scanned, year_hint: Option<i16>) -> Clues {
    let hint = YearHint::new(doc, year_hint).lenient(year_hint);
    if let Some(d) = dateline(text, doc, &hint).or_else(|| inferred(text, doc, &hint)) {
        return Clues {
            fixed: Some(d),
            lo: Some(d),
            hi: Some(d),
            latest: None,
            event: None,
            guess: Some(d),
        };
    }
    let r = read(text, doc, &hint);
    let event = offset_event(text, doc, &hint, r.latest);
    let today = today_weekday(doc);
    let mut w = r.window;
    if let Some((e, slack)) = event {
        // the lead's weekday near the offset's day is the news, and the article is of its
        // week (as with the latest day the text names, in [`read`])
        let news = r
            .lead_weekdays
            .iter()
            .filter_map(|wd| nearest_weekday(e, *wd))
            .filter(|d| calendar::days_apart(*d, e) <= slack)
            .min_by_key(|d| calendar::days_apart(*d, e));
        match news {
            Some(n) => w.narrow(Some(n), calendar::add_days(n, TIGHT_DAYS)),
            None => w.narrow(calendar::add_days(e, -slack), None),
        };
        if let Some(d) = best_day(w, &r.lead_weekdays, today) {
            return Clues {
                fixed: Some(d),
                lo: Some(d),
                hi: Some(d),
                latest: r.latest,
                event,
                guess: Some(d),
            };
        }
    }
    // the lead's news is not older than the latest day the text names
    if let Some(l) = r.latest {
        let news = r
            .lead_weekdays
            .iter()
            .filter_map(|wd| calendar::on_or_after(l, *wd))
            .min();
        w.narrow(news, None);
    }
    let weekdays = if r.lead_weekdays.is_empty() {
        first_bare_weekday(doc).into_iter().collect()
    } else {
        r.lead_weekdays.clone()
    };
    Clues {
        fixed: None,
        lo: w.lo,
        hi: w.hi,
        latest: r.latest,
        event,
        guess: place(w, event, &weekdays, today),
    }
}

/// The day with weekday `wd` nearest to `d` (the earlier on a tie).
fn nearest_weekday(d: Date, wd: i8) -> Option<Date> {
    let before = calendar::on_or_before(d, wd)?;
    let after = calendar::on_or_after(d, wd)?;
    Some(
        if calendar::days_apart(before, d) <= calendar::days_apart(after, d) {
            before
        } else {
            after
        },
    )
}

/// The day of the news: the offset's day, else the last of the named weekdays' first days on
/// or after the window's start, else its first day; with only an upper bound, the last named
/// weekday before it, else the day before it. Moved to the weekday given for today, kept in
/// the window.
fn place(
    w: Window,
    event: Option<(Date, i64)>,
    weekdays: &[i8],
    today: Option<i8>,
) -> Option<Date> {
    let day = if let Some((e, _)) = event {
        e
    } else if let Some(lo) = w.lo {
        weekdays
            .iter()
            .filter_map(|wd| calendar::on_or_after(lo, *wd))
            .max()
            .unwrap_or(lo)
    } else {
        let before = calendar::add_days(w.hi?, -1)?;
        weekdays
            .iter()
            .filter_map(|wd| calendar::on_or_before(before, *wd))
            .max()
            .unwrap_or(before)
    };
    let day = today
        .and_then(|wd| calendar::on_or_after(day, wd))
        .unwrap_or(day);
    Some(match (w.lo, w.hi) {
        (Some(lo), _) if day < lo => lo,
        (_, Some(hi)) if day > hi => hi,
        _ => day,
    })
}

/// The longest offsets read by [`offset_event`]: further ones place nothing.
const OFFSET_MAX: [(Unit, i64); 3] = [(Unit::Day, 60), (Unit::Week, 12), (Unit::Month, 12)];

/// How many days a month-long offset may be off (`two months after`).
const MONTH_SLACK_DAYS: i64 = 3;

/// The day the top of the article places its news on by an offset from an earlier event:
/// `N days|weeks|months after`, counted from the date in the rest of its sentence, else from
/// `latest`; never in a clause that looks ahead.
fn offset_event(
    text: &str,
    doc: &Scanned,
    hint: &YearHint,
    latest: Option<Date>,
) -> Option<(Date, i64)> {
    let lex = |i: usize| doc.toks.get(i).map(|t| t.lex);
    let word = |i: usize| lower_word(text, doc, i);
    let end = doc.top_end.min(doc.toks.len());
    (2..end).find_map(|k| {
        if lex(k) != Some(Lex::Word(Kw::After)) {
            return None;
        }
        let Some(Lex::Word(Kw::Unit { unit, .. })) = lex(k - 1) else {
            return None;
        };
        let n = match lex(k - 2)? {
            Lex::Word(Kw::A) => 1,
            Lex::Word(Kw::Count(n)) => i64::from(n),
            Lex::Num { value, digits } if digits <= 3 => i64::from(value),
            _ => return None,
        };
        let (_, max) = OFFSET_MAX.iter().find(|(u, _)| *u == unit)?;
        if n < 1 || n > *max {
            return None;
        }
        let sentence = doc
            .sentences
            .get(doc.sentences.partition_point(|s| s.end <= k))
            .cloned()
            .unwrap_or(0..end);
        const AHEAD: &[&str] = &["will", "shall", "'ll", "’ll", "would", "could", "might"];
        if (sentence.start..k).any(|i| AHEAD.contains(&word(i).as_str())) {
            return None;
        }
        let from = doc
            .found
            .iter()
            .filter(|p| p.found.toks.start > k && p.found.toks.start < sentence.end)
            .find_map(|p| {
                let (md, weekday) = first_date(&p.found.expr)?;
                hint.date(md, weekday)
            })
            .or(latest)?;
        match unit {
            Unit::Day => Some((calendar::add_days(from, n)?, 0)),
            Unit::Week => Some((calendar::add_days(from, n * 7)?, 0)),
            Unit::Month => {
                let moved = from
                    .checked_add(jiff::Span::new().try_months(n).ok()?)
                    .ok()?;
                Some((moved, MONTH_SLACK_DAYS))
            }
            Unit::Year => None,
        }
    })
}

/// The weekday of the first bare weekday the text names for a past event.
fn first_bare_weekday(doc: &Scanned) -> Option<i8> {
    doc.found
        .iter()
        .filter(|p| p.tense != Tense::Future)
        .find_map(bare_weekday)
}

/// Where years the text leaves out are looked for.
struct YearHint {
    /// The latest year the text writes on a date or month (`July 30, 2023`, `August 2023`):
    /// the story is not older.
    floor: Option<i16>,
    /// The latest year the text writes on a full date (`July 30, 2023`); years written on
    /// months alone are more often of past events (`a coup in May 2021`).
    on_dates: Option<i16>,
    /// The caller's hint, else [`REFERENCE_YEAR`].
    outside: i16,
    /// The latest year a weekday named with a year-less date fixes (`Thursday, August 17`).
    fixed: Option<i16>,
    /// The year taken for year-less dates nothing else places, in lenient reading only.
    assumed: Option<i16>,
    /// In lenient reading, the years that count as the present (a year and how far from it):
    /// a date outside them is history and says nothing about the article's day.
    present: Option<(i16, i16)>,
}

impl YearHint {
    /// Collects the years written on dates and months in `doc`, leaving out those of days
    /// still to come (`will arrive in January 2024`): plans may reach into a later year than
    /// the one the article speaks from.
    fn new(doc: &Scanned, year_hint: Option<i16>) -> Self {
        let (mut floor, mut on_dates) = (None, None);
        for p in doc.found.iter().filter(|p| p.tense != Tense::Future) {
            for (y, full_date) in written_years(&p.found.expr) {
                floor = floor.max(Some(y));
                if full_date {
                    on_dates = on_dates.max(Some(y));
                }
            }
        }
        let mut hint = YearHint {
            floor,
            on_dates,
            outside: year_hint.unwrap_or(REFERENCE_YEAR),
            fixed: None,
            assumed: None,
            present: None,
        };
        hint.fixed = doc
            .found
            .iter()
            .filter_map(|p| match first_date(&p.found.expr) {
                Some((md, Some(w))) if md.year.is_none() => hint.date(md, Some(w)),
                _ => None,
            })
            .map(|d| d.year())
            .max();
        hint
    }

    /// The same hint, also placing year-less dates that name no weekday (`on Sept. 19`) in
    /// the caller's year, else in the latest year the text writes, and trusting years written
    /// on full dates only near the caller's: good enough for a best guess, never for the
    /// article's date itself.
    fn lenient(mut self, year_hint: Option<i16>) -> Self {
        // a year far from the hint is of a date recalled from long ago (`the award of 3
        // October 1899`): it neither dates the text's year-less dates nor bounds its day
        let near = year_hint.unwrap_or(self.outside);
        let trusted = if year_hint.is_some() {
            YEAR_TRUST
        } else {
            YEAR_SEARCH
        };
        let recent = |y: &i16| (y - near).abs() <= trusted;
        self.on_dates = self.on_dates.filter(recent);
        self.floor = self.floor.filter(recent);
        self.present = Some((near, YEAR_SEARCH));
        self.assumed = year_hint.or(self.floor);
        self
    }

    /// False for a year that lenient reading takes as history.
    fn is_present(&self, year: i16) -> bool {
        self.present
            .is_none_or(|(near, within)| (year - near).abs() <= within)
    }

    /// The full date of `md`: its own year; else, with a weekday, the matching year nearest
    /// the latest year written on a full date, else nearest the text's latest year (not before
    /// it), else the latest not after the outside hint; else the year weekdays fix, else the
    /// latest year written on a full date; else none.
    fn date(&self, md: Md, weekday: Option<i8>) -> Option<Date> {
        if let Some(y) = md.year {
            return calendar::date(y, md.month, md.day);
        }
        let Some(w) = weekday else {
            return self
                .fixed
                .or(self.on_dates)
                .or(self.assumed)
                .and_then(|y| calendar::date(y, md.month, md.day));
        };
        let matches =
            |y: i16| calendar::date(y, md.month, md.day).filter(|d| calendar::weekday_of(*d) == w);
        if let Some(t) = self.on_dates {
            // a full date's year is the surest: the nearest matching year, the later on a tie
            return (0..=YEAR_SEARCH).find_map(|k| {
                matches(t.saturating_add(k)).or_else(|| matches(t.saturating_sub(k)))
            });
        }
        match self.floor {
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

/// Years written on the dates and months of an expression, each with whether it is on a full
/// date.
fn written_years(expr: &Expr) -> Vec<(i16, bool)> {
    match expr {
        Expr::Date { md, .. } => md.year.map(|y| (y, true)).into_iter().collect(),
        Expr::Month { year, .. } => year.map(|y| (y, false)).into_iter().collect(),
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

/// The largest window, in days after its first day, whose best day is still reported.
const TIGHT_DAYS: i64 = 6;

/// The largest window, in days after its first day, reported with no weekday to place the
/// day in it.
const UNPLACED_DAYS: i64 = 2;

/// Bounds on the article's day; either end may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Window {
    lo: Option<Date>,
    hi: Option<Date>,
}

impl Window {
    /// Narrows to `lo..=hi` unless that leaves no day; true when narrowed.
    fn narrow(&mut self, lo: Option<Date>, hi: Option<Date>) -> bool {
        let next = Window {
            lo: self.lo.max(lo),
            hi: match (self.hi, hi) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        };
        if let (Some(l), Some(h)) = (next.lo, next.hi)
            && l > h
        {
            return false;
        }
        *self = next;
        true
    }
}

/// What one expression says about the article's day.
#[derive(Clone, Copy, Debug)]
struct Evidence {
    day: Date,
    /// A weekday is named with the date.
    weekday_named: bool,
    kind: Looks,
    /// In the headline or the first sentence of the body.
    in_lead: bool,
}

/// Which way the clause of a dated expression looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Looks {
    Back,
    /// `will`, `shall`: the day is still to come.
    Ahead,
    /// `would`, `was expected to`: a plan reported from the past; bounds nothing on its own
    /// (the article may come after the planned day), but a weekday named with it fixes the
    /// week of the report.
    Planned,
    Untensed,
}

/// The date the text implies, by the constraints and the rule in the module docs.
fn inferred(text: &str, doc: &Scanned, hint: &YearHint) -> Option<Date> {
    if let Some(d) = exact(doc, hint) {
        return Some(d);
    }
    let r = read(text, doc, hint);
    best_day(r.window, &r.lead_weekdays, today_weekday(doc))
}

/// What the text's dates say about the article's day.
struct Reading {
    /// The window the constraints leave.
    window: Window,
    /// Weekdays the lead names for past events (`on Tuesday`), in text order.
    lead_weekdays: Vec<i8>,
    /// The latest day the text names in a clause that does not look ahead.
    latest: Option<Date>,
}

/// Applies the constraints of the module docs, strongest first.
fn read(text: &str, doc: &Scanned, hint: &YearHint) -> Reading {
    let evidence: Vec<Evidence> = doc
        .found
        .iter()
        .filter_map(|p| dated(text, doc, p, hint))
        .collect();
    // bare weekdays of past events in the lead: the news the article reports, this week
    let lead_weekdays: Vec<i8> = doc
        .found
        .iter()
        .filter(|p| p.tense != Tense::Future && p.found.toks.start < doc.lead_end)
        .filter_map(|p| bare_weekday(p).or_else(|| first_date(&p.found.expr)?.1))
        .collect();
    let mut w = Window::default();
    // latest events first, so the fresh ones win any conflict
    let mut by_recency = evidence;
    by_recency.sort_by_key(|e| std::cmp::Reverse(e.day));
    for e in by_recency.iter().filter(|e| e.kind == Looks::Back) {
        w.narrow(Some(e.day), None);
    }
    for e in by_recency.iter().filter(|e| e.kind == Looks::Ahead) {
        w.narrow(None, Some(e.day));
    }
    for e in by_recency.iter().filter(|e| e.weekday_named) {
        match e.kind {
            // a coming day named by its weekday is in the coming week
            Looks::Ahead | Looks::Planned => w.narrow(
                calendar::add_days(e.day, -TIGHT_DAYS),
                calendar::add_days(e.day, -1),
            ),
            // a past one only when it is the lead's news: older events keep their weekdays
            // too (`earlier this month, from Wednesday, August 2`)
            Looks::Back | Looks::Untensed if e.in_lead => {
                w.narrow(Some(e.day), calendar::add_days(e.day, TIGHT_DAYS))
            }
            Looks::Back | Looks::Untensed => false,
        };
    }
    // the latest past date, when the lead names its weekday for its news (`on Tuesday`), is
    // that news (`August 15, 2023`), and when its weekday is `last Saturday`, that Saturday;
    // older dates are more often recalled background, whose weekday may match by chance
    let last_weekdays: Vec<i8> = doc.found.iter().filter_map(last_weekday).collect();
    let latest = by_recency
        .iter()
        .find(|e| matches!(e.kind, Looks::Back | Looks::Untensed));
    if let Some(e) = latest {
        let wd = calendar::weekday_of(e.day);
        if lead_weekdays.contains(&wd) {
            w.narrow(Some(e.day), calendar::add_days(e.day, TIGHT_DAYS));
        } else if last_weekdays.contains(&wd) {
            w.narrow(
                calendar::add_days(e.day, 1),
                calendar::add_days(e.day, TIGHT_DAYS + 1),
            );
        }
    }
    for e in by_recency.iter().filter(|e| e.kind == Looks::Untensed) {
        w.narrow(Some(e.day), None);
    }
    Reading {
        window: w,
        lead_weekdays,
        latest: latest.map(|e| e.day),
    }
}

/// The day a tight window gives: the first day on or after every weekday of the lead, each at
/// its first occurrence in the window (weekdays that do not occur in it are ignored), moved
/// to the weekday the text gives for today (`today, Saturday`) when there is one. With no
/// weekday to place it, only a window of at most [`UNPLACED_DAYS`] gives its first day.
fn best_day(w: Window, lead_weekdays: &[i8], today: Option<i8>) -> Option<Date> {
    let (lo, hi) = (w.lo?, w.hi?);
    let width = i64::from((hi - lo).get_days());
    if width > TIGHT_DAYS {
        return None;
    }
    let latest_weekday = lead_weekdays
        .iter()
        .filter_map(|wd| calendar::on_or_after(lo, *wd))
        .filter(|d| *d <= hi)
        .max();
    if latest_weekday.is_none() && today.is_none() && width > UNPLACED_DAYS {
        return None;
    }
    let day = latest_weekday.map_or(lo, |d| d.max(lo));
    match today {
        Some(wd) => calendar::on_or_after(day, wd).filter(|d| *d <= hi),
        None => Some(day),
    }
}

/// The weekday the text gives for the article's day: `today, Saturday`, `Saturday (today)`.
fn today_weekday(doc: &Scanned) -> Option<i8> {
    doc.found.windows(2).find_map(|pair| {
        let [a, b] = pair else { return None };
        let sep = (b.found.toks.start == a.found.toks.end + 1)
            .then(|| doc.toks.get(a.found.toks.end).map(|t| t.lex))
            .flatten();
        let today = |e: &Expr| {
            matches!(
                e,
                Expr::Relative {
                    unit: Unit::Day,
                    offset: 0
                }
            )
        };
        let weekday = |e: &Expr| match e {
            Expr::Weekday {
                weekday,
                shift: Shift::Bare | Shift::This,
            } => Some(*weekday),
            _ => None,
        };
        match sep {
            Some(Lex::Punct(',' | '(')) if today(&a.found.expr) => weekday(&b.found.expr),
            Some(Lex::Punct('(')) if today(&b.found.expr) => weekday(&a.found.expr),
            _ => None,
        }
    })
}

/// The day the text names as the article's own: `today, August 17, 2023`, or a date set beside
/// `yesterday`, `tomorrow` or `today` (`Yesterday, August 16,`; `August 18 (tomorrow)`).
fn exact(doc: &Scanned, hint: &YearHint) -> Option<Date> {
    for p in &doc.found {
        if p.found.names_today
            && let Expr::Date { md, weekday } = &p.found.expr
            && let Some(d) = hint.date(*md, *weekday)
        {
            return Some(d);
        }
    }
    for pair in doc.found.windows(2) {
        let [a, b] = pair else { continue };
        // exactly one comma or bracket between: `Yesterday, August 16`, `August 18 (tomorrow)`;
        // a date before a comma and `today` is more often the end of a clause
        let sep = (b.found.toks.start == a.found.toks.end + 1)
            .then(|| doc.toks.get(a.found.toks.end).map(|t| t.lex))
            .flatten();
        let (offset, md, weekday) = match (&a.found.expr, &b.found.expr, sep) {
            (
                Expr::Relative {
                    unit: Unit::Day,
                    offset,
                },
                Expr::Date { md, weekday },
                Some(Lex::Punct(',' | '(')),
            )
            | (
                Expr::Date { md, weekday },
                Expr::Relative {
                    unit: Unit::Day,
                    offset,
                },
                Some(Lex::Punct('(')),
            ) if offset.abs() <= 1 => (*offset, md, weekday),
            _ => continue,
        };
        if let Some(d) = hint.date(*md, *weekday) {
            return calendar::add_days(d, -i64::from(offset));
        }
    }
    None
}

/// The full day an expression dates, shifted by an offset written before it (`a week after
/// the July 26, 2023 coup`), with the way its clause looks.
fn dated(text: &str, doc: &Scanned, p: &Placed, hint: &YearHint) -> Option<Evidence> {
    let (md, weekday) = first_date(&p.found.expr)?;
    let mut day = hint
        .date(md, weekday)
        .filter(|d| hint.is_present(d.year()))?;
    let offset = offset_before(doc, p.found.toks.start);
    if let Some(days) = offset {
        day = calendar::add_days(day, days)?;
    }
    let kind = match p.tense {
        Tense::Past => Looks::Back,
        Tense::Future if firmly_ahead(text, doc, p) => Looks::Ahead,
        Tense::Future => Looks::Planned,
        Tense::Neutral => Looks::Untensed,
    };
    Some(Evidence {
        day,
        weekday_named: weekday.is_some() && offset.is_none(),
        kind,
        in_lead: p.found.toks.start < doc.lead_end,
    })
}

/// The calendar date an expression starts with (a date, or the first end of a range), with
/// the weekday named beside it.
fn first_date(expr: &Expr) -> Option<(Md, Option<i8>)> {
    match expr {
        Expr::Date { md, weekday } => Some((*md, *weekday)),
        Expr::Range(a, _) => match a.as_ref() {
            Expr::Date { md, weekday } => Some((*md, *weekday)),
            _ => None,
        },
        _ => None,
    }
}

/// Days of an offset written just before token `start`: `a week after (the)`, `four days
/// after`.
fn offset_before(doc: &Scanned, start: usize) -> Option<i64> {
    let lex = |i: usize| doc.toks.get(i).map(|t| t.lex);
    // `the` may open the expression itself or stand just before it
    let mut k = start.checked_sub(1)?;
    if lex(k) == Some(Lex::Word(Kw::The)) {
        k = k.checked_sub(1)?;
    }
    if lex(k) != Some(Lex::Word(Kw::After)) {
        return None;
    }
    let Some(Lex::Word(Kw::Unit { unit, .. })) = lex(k.checked_sub(1)?) else {
        return None;
    };
    let n = match lex(k.checked_sub(2)?)? {
        Lex::Word(Kw::A) => 1,
        Lex::Word(Kw::Count(n)) => i64::from(n),
        Lex::Num { value, digits } if digits <= 3 => i64::from(value),
        _ => return None,
    };
    match unit {
        Unit::Day => Some(n),
        Unit::Week => Some(n * 7),
        // months and years after a date are too loose to bound a day
        Unit::Month | Unit::Year => None,
    }
}

/// Token `i` of `doc`, lower-cased (empty past the end).
fn lower_word(text: &str, doc: &Scanned, i: usize) -> String {
    doc.toks
        .get(i)
        .and_then(|t| text.get(t.range.clone()))
        .map(str::to_lowercase)
        .unwrap_or_default()
}

/// True when the clause of a future-tense expression looks ahead from the article's own day:
/// the nearest modal before it (else after it, in its sentence) is `will`, `shall`, `won't` or
/// `'ll`, not `would`, `could` or a past-tense `was`/`were` (`was expected to`).
fn firmly_ahead(text: &str, doc: &Scanned, p: &Placed) -> bool {
    const FIRM: &[&str] = &["will", "shall", "won't", "wont", "'ll", "’ll", "tomorrow"];
    const REPORTED: &[&str] = &["would", "could", "might", "was", "were", "had"];
    let word = |i: usize| lower_word(text, doc, i);
    let back = (p.sentence.start..p.found.toks.start).rev();
    let ahead = p.found.toks.end..p.sentence.end.min(doc.toks.len());
    for i in back.chain(ahead) {
        let w = word(i);
        if FIRM.contains(&w.as_str()) {
            return true;
        }
        if REPORTED.contains(&w.as_str()) {
            return false;
        }
    }
    false
}

/// The weekday of a `last Tuesday` mention.
fn last_weekday(p: &Placed) -> Option<i8> {
    match &p.found.expr {
        Expr::Weekday {
            weekday,
            shift: Shift::Last,
        } => Some(*weekday),
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
