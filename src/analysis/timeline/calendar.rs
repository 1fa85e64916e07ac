//! Calendar resolution: turns what an expression says ([`Expr`]) into an ISO value against the
//! article's date and the tense of its clause. Every date goes through `jiff`, so values are
//! always real days (no 29 February 2023) and years stay between 1000 and 2999.

use super::Granularity;
use super::lex::Unit;
use super::scan::{Expr, Md, Shift};
use crate::model::Date;
use jiff::Span;

/// Whether a clause looks back, looks ahead, or gives no sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
    Neutral,
}

/// What an expression is resolved against.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    /// The article's date, when known.
    pub doc: Option<Date>,
    pub tense: Tense,
    /// The day of the previous day-level expression (for `a day earlier`).
    pub prev_day: Option<Date>,
}

/// A resolved calendar value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Day(Date),
    /// The ISO week holding this day.
    Week(Date),
    Month(i16, i8),
    Year(i16),
    Interval(Date, Date),
}

impl Value {
    /// The ISO 8601 text: `2023-08-15`, `2023-W32`, `2023-08`, `2023`, `2023-08-17/2023-08-18`.
    pub fn iso(self) -> String {
        match self {
            Value::Day(d) => day_iso(d),
            Value::Week(d) => {
                let w = d.iso_week_date();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Value::Month(y, m) => format!("{y:04}-{m:02}"),
            Value::Year(y) => format!("{y:04}"),
            Value::Interval(a, b) => format!("{}/{}", day_iso(a), day_iso(b)),
        }
    }

    /// The granularity of the value.
    pub fn granularity(self) -> Granularity {
        match self {
            Value::Day(_) => Granularity::Day,
            Value::Week(_) => Granularity::Week,
            Value::Month(..) => Granularity::Month,
            Value::Year(_) => Granularity::Year,
            Value::Interval(..) => Granularity::Interval,
        }
    }

    /// The day this value names, for anchoring `the next day`.
    pub fn day(self) -> Option<Date> {
        match self {
            Value::Day(d) => Some(d),
            _ => None,
        }
    }
}

/// `YYYY-MM-DD`.
fn day_iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Years a resolved value may have.
const YEARS: std::ops::RangeInclusive<i16> = 1000..=2999;

/// A date when it is real and within [`YEARS`].
pub fn date(y: i16, m: i8, d: i8) -> Option<Date> {
    if !YEARS.contains(&y) {
        return None;
    }
    Date::new(y, m, d).ok()
}

/// `d` moved by `n` days, inside [`YEARS`].
pub fn add_days(d: Date, n: i64) -> Option<Date> {
    let moved = d.checked_add(Span::new().try_days(n).ok()?).ok()?;
    YEARS.contains(&moved.year()).then_some(moved)
}

/// `(year, month)` moved by `n` months.
fn add_months(y: i16, m: i8, n: i64) -> Option<(i16, i8)> {
    let total = i64::from(y) * 12 + i64::from(m) - 1 + n;
    let year = i16::try_from(total.div_euclid(12)).ok()?;
    let month = i8::try_from(total.rem_euclid(12) + 1).ok()?;
    YEARS.contains(&year).then_some((year, month))
}

/// Days between two dates, either way round.
pub fn days_apart(a: Date, b: Date) -> i64 {
    i64::from((a - b).get_days()).abs()
}

/// Weekday number of a date, 1 = Monday.
pub fn weekday_of(d: Date) -> i8 {
    d.weekday().to_monday_one_offset()
}

/// The latest day with weekday `w` on or before `d`.
pub fn on_or_before(d: Date, w: i8) -> Option<Date> {
    let back = (weekday_of(d) - w).rem_euclid(7);
    add_days(d, -i64::from(back))
}

/// The earliest day with weekday `w` on or after `d`.
pub fn on_or_after(d: Date, w: i8) -> Option<Date> {
    let fwd = (w - weekday_of(d)).rem_euclid(7);
    add_days(d, i64::from(fwd))
}

/// The day a weekday names, from the article's date `doc`.
pub fn weekday(doc: Date, w: i8, shift: Shift, tense: Tense) -> Option<Date> {
    match shift {
        Shift::Last => on_or_before(add_days(doc, -1)?, w),
        Shift::Next => on_or_after(add_days(doc, 1)?, w),
        Shift::InWeek(weeks) => {
            let monday = add_days(doc, 1 - i64::from(weekday_of(doc)))?;
            add_days(monday, i64::from(weeks) * 7 + i64::from(w) - 1)
        }
        Shift::Bare | Shift::This if tense == Tense::Future => on_or_after(doc, w),
        Shift::Bare | Shift::This => on_or_before(doc, w),
    }
}

/// The year of a month-day written without one: the candidate around `doc` that the tense
/// allows (past: not much after `doc`; future: not much before), else the nearest. A named
/// weekday picks the candidate it matches.
pub fn year_for(md: Md, weekday: Option<i8>, doc: Date, tense: Tense) -> Option<Date> {
    let y = doc.year();
    let cands: Vec<Date> = [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| date(y, md.month, md.day))
        .collect();
    if let Some(w) = weekday {
        let matching: Vec<Date> = cands
            .iter()
            .copied()
            .filter(|d| weekday_of(*d) == w)
            .collect();
        if let Some(d) = nearest(&matching, doc) {
            return Some(d);
        }
    }
    // past: not more than two weeks after the article, at most a year before it;
    // future: the mirror image; no sign: within about half a year either way
    const SLACK_DAYS: i32 = 14;
    const YEAR_DAYS: i32 = 366;
    const HALF_YEAR_DAYS: i32 = 200;
    let days = |d: Date| (d - doc).get_days();
    match tense {
        Tense::Past => cands
            .iter()
            .copied()
            .filter(|d| (-YEAR_DAYS..=SLACK_DAYS).contains(&days(*d)))
            .max(),
        Tense::Future => cands
            .iter()
            .copied()
            .filter(|d| (-SLACK_DAYS..=YEAR_DAYS).contains(&days(*d)))
            .min(),
        Tense::Neutral => nearest(&cands, doc).filter(|d| days(*d).abs() <= HALF_YEAR_DAYS),
    }
}

/// The candidate nearest to `doc`.
fn nearest(cands: &[Date], doc: Date) -> Option<Date> {
    cands
        .iter()
        .copied()
        .min_by_key(|d| (*d - doc).get_days().unsigned_abs())
}

/// The year of a month written without one, by tense (the current month counts both ways).
fn month_year(month: i8, doc: Date, tense: Tense) -> Option<(i16, i8)> {
    let here = i64::from(doc.year()) * 12 + i64::from(doc.month());
    let cands: Vec<(i16, i64)> = [doc.year() - 1, doc.year(), doc.year() + 1]
        .into_iter()
        .map(|y| (y, i64::from(y) * 12 + i64::from(month) - here))
        .collect();
    let pick = match tense {
        Tense::Past => cands
            .iter()
            .filter(|(_, diff)| *diff <= 0)
            .max_by_key(|(_, d)| *d),
        Tense::Future => cands
            .iter()
            .filter(|(_, diff)| *diff >= 0)
            .min_by_key(|(_, d)| *d),
        Tense::Neutral => cands.iter().min_by_key(|(_, d)| d.abs()),
    };
    pick.and_then(|(y, _)| YEARS.contains(y).then_some((*y, month)))
}

/// The Saturday starting the weekend an expression names.
fn weekend_start(doc: Date, shift: Shift, tense: Tense) -> Option<Date> {
    match shift {
        // the weekend wholly before the article's day
        Shift::Last => on_or_before(add_days(doc, -2)?, 6),
        Shift::Next => on_or_after(add_days(doc, 1)?, 6),
        // the weekend in progress or coming
        Shift::This => on_or_after(add_days(doc, -1)?, 6),
        Shift::Bare if tense == Tense::Future => on_or_after(add_days(doc, -1)?, 6),
        Shift::Bare => on_or_before(doc, 6),
        Shift::InWeek(weeks) => on_or_after(add_days(doc, i64::from(weeks) * 7)?, 6),
    }
}

/// Resolves `expr`; `None` when the text does not allow a value (unknown article date,
/// impossible date). The flag is true when the article's date was used.
pub fn resolve(expr: &Expr, ctx: &Ctx) -> (Option<Value>, bool) {
    match expr {
        Expr::Date { md, weekday } => match md.year {
            Some(y) => (date(y, md.month, md.day).map(Value::Day), false),
            None => (
                ctx.doc
                    .and_then(|doc| year_for(*md, *weekday, doc, ctx.tense))
                    .map(Value::Day),
                true,
            ),
        },
        Expr::Month {
            year: Some(y),
            month,
        } => (YEARS.contains(y).then_some(Value::Month(*y, *month)), false),
        Expr::Month { year: None, month } => (
            ctx.doc
                .and_then(|doc| month_year(*month, doc, ctx.tense))
                .map(|(y, m)| Value::Month(y, m)),
            true,
        ),
        Expr::MonthIn { month, years } => (
            ctx.doc.and_then(|doc| {
                let y = doc.year().checked_add(i16::from(*years))?;
                YEARS.contains(&y).then_some(Value::Month(y, *month))
            }),
            true,
        ),
        Expr::Year(y) => (YEARS.contains(y).then_some(Value::Year(*y)), false),
        Expr::Weekday { weekday: w, shift } => (
            ctx.doc
                .and_then(|doc| weekday(doc, *w, *shift, ctx.tense))
                .map(Value::Day),
            true,
        ),
        Expr::Relative { unit, offset } => {
            (ctx.doc.and_then(|doc| relative(doc, *unit, *offset)), true)
        }
        Expr::Weekend(shift) => (
            ctx.doc
                .and_then(|doc| weekend_start(doc, *shift, ctx.tense))
                .and_then(|sat| Some(Value::Interval(sat, add_days(sat, 1)?))),
            true,
        ),
        Expr::Anchored { days } => (
            ctx.prev_day
                .or(ctx.doc)
                .and_then(|d| add_days(d, i64::from(*days)))
                .map(Value::Day),
            true,
        ),
        Expr::Range(a, b) => range(a, b, ctx),
        Expr::Unvalued { .. } => (None, false),
    }
}

/// A value `offset` units from the article's date, at the unit's granularity.
fn relative(doc: Date, unit: Unit, offset: i32) -> Option<Value> {
    let n = i64::from(offset);
    match unit {
        Unit::Day => add_days(doc, n).map(Value::Day),
        Unit::Week => add_days(doc, n.checked_mul(7)?)
            .filter(|d| YEARS.contains(&d.iso_week_date().year()))
            .map(Value::Week),
        Unit::Month => add_months(doc.year(), doc.month(), n).map(|(y, m)| Value::Month(y, m)),
        Unit::Year => {
            let y = i16::try_from(i64::from(doc.year()).checked_add(n)?).ok()?;
            YEARS.contains(&y).then_some(Value::Year(y))
        }
    }
}

/// Resolves both ends of a range to days; the second end takes its year (or weekday) from
/// the first. `None` when the ends are out of order.
fn range(a: &Expr, b: &Expr, ctx: &Ctx) -> (Option<Value>, bool) {
    let (va, rel_a) = resolve(a, ctx);
    let Some(Value::Day(start)) = va else {
        return (None, rel_a);
    };
    let end = match b {
        Expr::Weekday { weekday: w, .. } => on_or_after(start, *w),
        Expr::Date { md, .. } if md.year.is_none() => {
            let same = date(start.year(), md.month, md.day);
            match same {
                Some(d) if d >= start => Some(d),
                _ => date(start.year().saturating_add(1), md.month, md.day),
            }
        }
        other => match resolve(other, ctx).0 {
            Some(Value::Day(d)) => Some(d),
            _ => None,
        },
    };
    let value = end
        .filter(|e| *e >= start && (*e - start).get_days() <= 366)
        .map(|e| Value::Interval(start, e));
    (value, rel_a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn weekday_resolution_by_tense_and_shift() {
        let doc = d(2023, 8, 15); // a Tuesday
        assert_eq!(weekday(doc, 2, Shift::Bare, Tense::Past), Some(doc));
        assert_eq!(weekday(doc, 2, Shift::Bare, Tense::Future), Some(doc));
        assert_eq!(
            weekday(doc, 6, Shift::Last, Tense::Neutral),
            Some(d(2023, 8, 12))
        );
        assert_eq!(
            weekday(doc, 4, Shift::Bare, Tense::Future),
            Some(d(2023, 8, 17))
        );
        assert_eq!(
            weekday(doc, 2, Shift::Last, Tense::Past),
            Some(d(2023, 8, 8))
        );
        assert_eq!(
            weekday(doc, 2, Shift::Next, Tense::Past),
            Some(d(2023, 8, 22))
        );
    }

    #[test]
    fn year_of_month_day_follows_tense_and_weekday() {
        let doc = d(2024, 1, 5);
        let dec = Md {
            year: None,
            month: 12,
            day: 30,
        };
        assert_eq!(year_for(dec, None, doc, Tense::Past), Some(d(2023, 12, 30)));
        assert_eq!(
            year_for(dec, None, doc, Tense::Neutral),
            Some(d(2023, 12, 30))
        );
        let feb29 = Md {
            year: None,
            month: 2,
            day: 29,
        };
        assert_eq!(year_for(feb29, None, d(2023, 3, 1), Tense::Past), None);
        assert_eq!(
            year_for(feb29, None, d(2024, 3, 1), Tense::Past),
            Some(d(2024, 2, 29))
        );
    }

    #[test]
    fn iso_values() {
        assert_eq!(Value::Week(d(2023, 8, 8)).iso(), "2023-W32");
        assert_eq!(Value::Week(d(2021, 1, 2)).iso(), "2020-W53");
        assert_eq!(Value::Month(2023, 7).iso(), "2023-07");
        assert_eq!(
            Value::Interval(d(2023, 8, 17), d(2023, 8, 18)).iso(),
            "2023-08-17/2023-08-18"
        );
    }

    #[test]
    fn relative_months_cross_years() {
        assert_eq!(
            relative(d(2023, 1, 10), Unit::Month, -1),
            Some(Value::Month(2022, 12))
        );
        assert_eq!(relative(d(2999, 12, 1), Unit::Year, 1), None);
        assert_eq!(relative(d(2023, 1, 10), Unit::Day, i32::MAX), None);
    }
}
