//! The timeline grammar: finds time expressions in classified tokens and reads what each one
//! says (a calendar date, a weekday, an offset from the article's date …) without resolving it.
//!
//! The scanner walks the tokens once; at each token it tries the patterns that may start there
//! and keeps the longest, so `Thursday and Friday, August 17 to 18` is one expression.

use super::lex::{Kw, Lex, Tok, Unit};
use std::ops::Range;

/// A month and day with the year when the text gives one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Md {
    pub year: Option<i16>,
    pub month: i8,
    pub day: i8,
}

/// How a weekday or weekend is placed relative to the article's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shift {
    /// `Tuesday`: by tense.
    Bare,
    /// `last Tuesday`: strictly before.
    Last,
    /// `next Tuesday`: strictly after.
    Next,
    /// `this Tuesday`: the article's day, else by tense.
    This,
    /// `Tuesday next week`: in the ISO week this many weeks from the article's.
    InWeek(i8),
}

/// What a time expression says, before resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// A calendar date, with the weekday named beside it.
    Date {
        md: Md,
        weekday: Option<i8>,
    },
    Month {
        year: Option<i16>,
        month: i8,
    },
    /// A month in the year so many years from the article's: `in July last year`.
    MonthIn {
        month: i8,
        years: i8,
    },
    Year(i16),
    Weekday {
        weekday: i8,
        shift: Shift,
    },
    /// An offset in a unit from the article's date: `yesterday`, `last week`, `two months ago`.
    Relative {
        unit: Unit,
        offset: i32,
    },
    Weekend(Shift),
    /// Days from the previous dated expression: `a day earlier`, `the next day`.
    Anchored {
        days: i32,
    },
    /// Two ends; a weekday end is counted from the other end.
    Range(Box<Expr>, Box<Expr>),
    /// A time expression with no calendar value (`D-day`, a clock-time range).
    Unvalued {
        interval: bool,
    },
}

/// One expression found in the tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Token indices.
    pub toks: Range<usize>,
    pub expr: Expr,
    /// The expression names the article's own day with a date: `today, August 17, 2023`.
    pub names_today: bool,
    /// Only a time expression when its clause looks ahead (`in three days`).
    pub needs_future: bool,
}

/// Largest count accepted in `N days ago` and the like.
const MAX_COUNT: u32 = 1000;

/// Finds every time expression in `toks`, in text order, never overlapping.
pub fn scan(toks: &[Tok]) -> Vec<Found> {
    let p = Parser { toks };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if is_trigger(toks[i].lex)
            && let Some(f) = p.parse_at(i)
            && f.toks.end > i
        {
            i = f.toks.end;
            out.push(f);
        } else {
            i += 1;
        }
    }
    out
}

/// True for tokens an expression may start with (a fast pre-check).
fn is_trigger(lex: Lex) -> bool {
    !matches!(
        lex,
        Lex::Other | Lex::Punct(_) | Lex::Possessive | Lex::Break
    )
}

/// The result of a sub-pattern: the expression and the token index after it.
type Parsed = Option<(Expr, usize)>;

/// Recursive-descent matcher over classified tokens.
struct Parser<'a> {
    toks: &'a [Tok],
}

impl Parser<'_> {
    /// The class of token `i`, `Break` past the end.
    fn lex(&self, i: usize) -> Lex {
        self.toks.get(i).map_or(Lex::Break, |t| t.lex)
    }

    /// True when token `i` is the keyword `k`.
    fn kw(&self, i: usize, k: Kw) -> bool {
        self.lex(i) == Lex::Word(k)
    }

    /// True when token `i` is the punctuation `c`.
    fn punct(&self, i: usize, c: char) -> bool {
        self.lex(i) == Lex::Punct(c)
    }

    /// True when token `i` starts with a capital letter.
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }

    /// Skips one optional comma.
    fn comma(&self, i: usize) -> usize {
        if self.punct(i, ',') { i + 1 } else { i }
    }

    /// The expression starting at `i`, with any leading preposition or modifier.
    fn parse_at(&self, i: usize) -> Option<Found> {
        let found = |end: usize, expr: Expr| Found {
            toks: i..end,
            expr,
            names_today: false,
            needs_future: false,
        };
        match self.lex(i) {
            Lex::Word(Kw::On) => {
                let (e, end) = self.day_core(i + 1)?;
                Some(found(end, e))
            }
            Lex::Word(Kw::In) => self.in_phrase(i),
            Lex::Word(Kw::By | Kw::At | Kw::Until) if self.kw(i + 1, Kw::The) => {
                let (e, end) = self.part_of(i + 1)?;
                Some(found(end, e))
            }
            Lex::Word(Kw::From) => self.range_from(i),
            Lex::Word(Kw::Between) => {
                let (a, mid) = self.date_or_weekday(i + 1)?;
                if let Expr::Range(..) = a {
                    return Some(found(mid, a));
                }
                if !self.kw(mid, Kw::And) {
                    return None;
                }
                let (b, end) = self.range_end(mid + 1, &a)?;
                Some(found(end, Expr::Range(Box::new(a), Box::new(b))))
            }
            Lex::Word(Kw::Early | Kw::Earlier | Kw::Late | Kw::Later | Kw::Mid) => {
                self.modified(i).map(|(e, end)| found(end, e))
            }
            _ => self.core(i),
        }
    }

    /// `in July`, `In August 2020`, `in late July`, `in 2021`, `in three days`, `in one
    /// month's time`.
    fn in_phrase(&self, i: usize) -> Option<Found> {
        let j = i + 1;
        let mut f = Found {
            toks: i..j,
            expr: Expr::Unvalued { interval: false },
            names_today: false,
            needs_future: false,
        };
        if let Some((n, unit, after)) = self.count_unit(j) {
            let mut end = after;
            let mut timed = false;
            if self.lex(end) == Lex::Possessive || self.punct(end, '\'') || self.punct(end, '’') {
                end += 1;
            }
            if self.kw(end, Kw::Time) {
                end += 1;
                timed = true;
            } else {
                end = after;
            }
            f.toks.end = end;
            f.expr = Expr::Relative {
                unit,
                offset: i32::try_from(n).ok()?,
            };
            f.needs_future = !timed;
            return Some(f);
        }
        if self.kw(j, Kw::The) && self.kw(j + 1, Kw::Same) && self.is_unit(j + 2, Unit::Day) {
            return None;
        }
        let (e, end) = match self.lex(j) {
            Lex::Word(Kw::Early | Kw::Late | Kw::Mid) => self.modified(j)?,
            Lex::Month { .. } => self.month_core(j, true)?,
            Lex::Num { .. } => self.year(j, true)?,
            _ => return None,
        };
        f.toks.end = end;
        f.expr = e;
        Some(f)
    }

    /// `from August 17 to August 18`, `from 22:00 until 05:00 local time`.
    fn range_from(&self, i: usize) -> Option<Found> {
        let found = |end: usize, expr: Expr| Found {
            toks: i..end,
            expr,
            names_today: false,
            needs_future: false,
        };
        if let Some(after) = self.clock(i + 1)
            && (self.kw(after, Kw::To) || self.kw(after, Kw::Until) || self.punct(after, '-'))
            && let Some(mut end) = self.clock(after + 1)
        {
            if self.kw(end, Kw::Local) && self.kw(end + 1, Kw::Time) {
                end += 2;
            }
            return Some(found(end, Expr::Unvalued { interval: true }));
        }
        let (a, mid) = self.date_or_weekday(i + 1)?;
        if let Expr::Range(..) = a {
            return Some(found(mid, a));
        }
        // `from Wednesday, August 2, to Friday, August 4`
        let mid = if matches!(a, Expr::Date { .. }) && self.punct(mid, ',') {
            mid + 1
        } else {
            mid
        };
        if !(self.kw(mid, Kw::To) || self.kw(mid, Kw::Until) || self.kw(mid, Kw::Through)) {
            return None;
        }
        let (b, end) = self.range_end(mid + 1, &a)?;
        Some(found(end, Expr::Range(Box::new(a), Box::new(b))))
    }

    /// `early`, `late`, `earlier`, `later`, `mid` before a day, month, year or relative
    /// period: `late last month`, `early on Wednesday`, `earlier in the day`.
    fn modified(&self, i: usize) -> Parsed {
        let mut j = i + 1;
        if self.kw(i, Kw::Mid) && self.punct(j, '-') {
            j += 1;
        }
        let later_or_earlier = self.kw(i, Kw::Earlier) || self.kw(i, Kw::Later);
        if later_or_earlier
            && (self.kw(j, Kw::In) && self.kw(j + 1, Kw::The) || self.kw(j, Kw::That))
        {
            let k = if self.kw(j, Kw::In) { j + 2 } else { j + 1 };
            if self.is_unit(k, Unit::Day) {
                return Some((Expr::Anchored { days: 0 }, k + 1));
            }
            return None;
        }
        if self.kw(j, Kw::On) {
            return self.weekday_or_date(j + 1);
        }
        if self.kw(j, Kw::In) {
            j += 1;
        }
        match self.lex(j) {
            Lex::Month { .. } => self.month_core(j, true),
            Lex::Num { .. } => self.year(j, true),
            Lex::Weekday(_) => self.weekday_or_date(j),
            Lex::Word(Kw::Last | Kw::Next | Kw::This) => self.shifted(j),
            Lex::Word(Kw::Today | Kw::Tonight | Kw::Yesterday | Kw::Tomorrow) => self.core_expr(j),
            _ => None,
        }
    }

    /// A day-level expression after `on`: a weekday or a date.
    fn day_core(&self, i: usize) -> Parsed {
        match self.lex(i) {
            Lex::Word(Kw::The) => self.the_phrase(i),
            Lex::Word(Kw::Last | Kw::Next | Kw::This) => self.shifted(i),
            _ => self.weekday_or_date(i),
        }
    }

    /// A weekday (with what follows it) or a calendar date, with a time of day after it.
    fn weekday_or_date(&self, i: usize) -> Parsed {
        let (e, end) = self.date_or_weekday(i)?;
        Some((e, self.time_suffix(end)))
    }

    /// A weekday phrase or a date (range) at `i`.
    fn date_or_weekday(&self, i: usize) -> Parsed {
        match self.lex(i) {
            Lex::Weekday(_) => self.weekday_phrase(i),
            _ => self.date_range(i),
        }
    }

    /// The expression at `i` without a leading preposition.
    fn core(&self, i: usize) -> Option<Found> {
        let (e, end) = self.core_expr(i)?;
        let mut f = Found {
            toks: i..end,
            expr: e,
            names_today: false,
            needs_future: false,
        };
        // `today, August 17, 2023`: the date the article speaks from
        if matches!(
            f.expr,
            Expr::Relative {
                unit: Unit::Day,
                offset: 0
            }
        ) {
            let j = if self.punct(end, ',') || self.punct(end, '(') {
                end + 1
            } else {
                end
            };
            if let Some((Expr::Date { md, weekday }, e2)) = self.weekday_or_date_opt(j) {
                f.expr = Expr::Date { md, weekday };
                f.toks.end = if self.punct(e2, ')') { e2 + 1 } else { e2 };
                f.names_today = true;
            }
        }
        Some(f)
    }

    /// [`Self::weekday_or_date`] that yields only single dates.
    fn weekday_or_date_opt(&self, i: usize) -> Parsed {
        match self.weekday_or_date(i) {
            Some((e @ Expr::Date { .. }, end)) => Some((e, end)),
            _ => None,
        }
    }

    /// Every pattern that starts with its own first word.
    fn core_expr(&self, i: usize) -> Parsed {
        match self.lex(i) {
            Lex::Weekday(_) => {
                if self.newspaper_after(i + 1) {
                    return None;
                }
                self.weekday_or_date(i)
            }
            Lex::Month { .. } => match self.date_range(i) {
                Some((e, end)) => Some((e, self.time_suffix(end))),
                None => self.month_core(i, self.month_context(i)),
            },
            Lex::Num { .. } => self
                .date_range(i)
                .map(|(e, end)| (e, self.time_suffix(end)))
                .or_else(|| self.ago_or_later(i))
                .or_else(|| self.year(i, self.year_context(i))),
            Lex::Ordinal(_) | Lex::NumRange(..) | Lex::IsoDate(..) | Lex::DotDate(..) => self
                .date_range(i)
                .map(|(e, end)| (e, self.time_suffix(end))),
            Lex::Word(Kw::Today | Kw::Tonight) => Some((
                Expr::Relative {
                    unit: Unit::Day,
                    offset: 0,
                },
                i + 1,
            )),
            Lex::Word(Kw::Yesterday) => Some((
                Expr::Relative {
                    unit: Unit::Day,
                    offset: -1,
                },
                self.time_suffix(i + 1),
            )),
            Lex::Word(Kw::Tomorrow) => Some((
                Expr::Relative {
                    unit: Unit::Day,
                    offset: 1,
                },
                self.time_suffix(i + 1),
            )),
            Lex::Word(Kw::Last | Kw::Next | Kw::This) => self.shifted(i),
            Lex::Word(Kw::The) => self.the_phrase(i),
            Lex::Word(Kw::A | Kw::Count(_)) => self.ago_or_later(i),
            Lex::Word(Kw::DDay) => Some((Expr::Unvalued { interval: false }, i + 1)),
            _ => None,
        }
    }

    /// `last`/`next`/`this` (`this coming`) with a weekday, a unit, the weekend, a month or a
    /// part of the day: `last Saturday`, `this week`, `last night`, `this morning`.
    fn shifted(&self, i: usize) -> Parsed {
        let (shift, offset) = match self.lex(i) {
            Lex::Word(Kw::Last) => (Shift::Last, -1),
            Lex::Word(Kw::Next) => (Shift::Next, 1),
            _ => (Shift::This, 0),
        };
        let mut j = i + 1;
        if shift == Shift::This && self.kw(j, Kw::Coming) {
            j += 1;
        }
        match self.lex(j) {
            Lex::Weekday(weekday) => {
                let shift = if self.kw(i + 1, Kw::Coming) {
                    Shift::Next
                } else {
                    shift
                };
                Some((Expr::Weekday { weekday, shift }, self.time_suffix(j + 1)))
            }
            Lex::Word(Kw::Unit {
                unit,
                plural: false,
            }) => Some((Expr::Relative { unit, offset }, j + 1)),
            Lex::Word(Kw::Weekend) => Some((Expr::Weekend(shift), j + 1)),
            Lex::Word(Kw::DayPart) if shift != Shift::Next => Some((
                Expr::Relative {
                    unit: Unit::Day,
                    offset: offset.min(0),
                },
                j + 1,
            )),
            Lex::Month {
                month,
                abbrev: false,
            } if self.cap(j) => {
                let e = Expr::Month { year: None, month };
                Some((e, j + 1))
            }
            _ => None,
        }
    }

    /// Phrases starting with `the`: `the 17th of August`, `the end of the year`, `the next
    /// day`, `the day before yesterday`, `the weekend`.
    fn the_phrase(&self, i: usize) -> Parsed {
        let j = i + 1;
        match self.lex(j) {
            Lex::Ordinal(_) => self.date_range(j),
            Lex::Word(Kw::Part) => self.part_of(i),
            Lex::Word(Kw::Same | Kw::Next | Kw::Following | Kw::Previous)
                if self.is_unit(j + 1, Unit::Day) =>
            {
                let days = match self.lex(j) {
                    Lex::Word(Kw::Same) => 0,
                    Lex::Word(Kw::Previous) => -1,
                    _ => 1,
                };
                Some((Expr::Anchored { days }, j + 2))
            }
            Lex::Word(Kw::Unit {
                unit: Unit::Day,
                plural: false,
            }) => {
                let k = j + 1;
                match (self.lex(k), self.lex(k + 1)) {
                    (Lex::Word(Kw::Before), Lex::Word(Kw::Yesterday)) => Some((
                        Expr::Relative {
                            unit: Unit::Day,
                            offset: -2,
                        },
                        k + 2,
                    )),
                    (Lex::Word(Kw::After), Lex::Word(Kw::Tomorrow)) => Some((
                        Expr::Relative {
                            unit: Unit::Day,
                            offset: 2,
                        },
                        k + 2,
                    )),
                    (Lex::Word(Kw::Before), _) => Some((Expr::Anchored { days: -1 }, k + 1)),
                    _ => None,
                }
            }
            Lex::Word(Kw::Weekend)
                if i > 0 && matches!(self.lex(i - 1), Lex::Word(Kw::At | Kw::Since | Kw::On)) =>
            {
                Some((Expr::Weekend(Shift::Bare), j + 1))
            }
            Lex::Month { .. } if self.month_context(j) || !self.may_or_march(j) => {
                // `the July coup`, `the July 26 coup`
                self.date_range(j).or_else(|| self.month_core(j, true))
            }
            _ => None,
        }
    }

    /// `the end of the year`, `the beginning of July`, `the end of 2023`, starting at `the`.
    fn part_of(&self, i: usize) -> Parsed {
        if !(self.kw(i, Kw::The) && self.kw(i + 1, Kw::Part) && self.kw(i + 2, Kw::Of)) {
            return None;
        }
        let j = i + 3;
        match self.lex(j) {
            Lex::Word(Kw::The) => match self.lex(j + 1) {
                Lex::Word(Kw::Unit {
                    unit,
                    plural: false,
                }) if unit != Unit::Day => Some((Expr::Relative { unit, offset: 0 }, j + 2)),
                _ => None,
            },
            Lex::Word(Kw::Last | Kw::Next | Kw::This) => self.shifted(j),
            Lex::Month { .. } => self.month_core(j, true),
            Lex::Num { .. } => self.year(j, true),
            _ => None,
        }
    }

    /// A weekday, a weekday pair (`Thursday and Friday`) and a date beside them.
    fn weekday_phrase(&self, i: usize) -> Parsed {
        let Lex::Weekday(w1) = self.lex(i) else {
            return None;
        };
        let mut end = i + 1;
        let mut second = None;
        let joined = matches!(
            self.lex(end),
            Lex::Word(Kw::And | Kw::To | Kw::Through | Kw::Until)
        ) || self.punct(end, '-')
            || self.punct(end, '–');
        if joined && let Lex::Weekday(w2) = self.lex(end + 1) {
            second = Some(w2);
            end += 2;
        }
        let j = self.comma(end);
        if let Some((dates, after)) = self.date_range(j) {
            let e = match (dates, second) {
                (Expr::Date { md, .. }, None) => Expr::Date {
                    md,
                    weekday: Some(w1),
                },
                (Expr::Range(a, b), Some(w2)) => match (*a, *b) {
                    (Expr::Date { md: ma, .. }, Expr::Date { md: mb, .. }) => Expr::Range(
                        Box::new(Expr::Date {
                            md: ma,
                            weekday: Some(w1),
                        }),
                        Box::new(Expr::Date {
                            md: mb,
                            weekday: Some(w2),
                        }),
                    ),
                    (a, b) => Expr::Range(Box::new(a), Box::new(b)),
                },
                (other, _) => other,
            };
            return Some((e, after));
        }
        // `Monday next week`, `from Monday through Wednesday last week`
        let mut shift = Shift::Bare;
        if let Lex::Word(k @ (Kw::Last | Kw::Next | Kw::This)) = self.lex(end)
            && self.is_unit(end + 1, Unit::Week)
        {
            shift = Shift::InWeek(match k {
                Kw::Last => -1,
                Kw::Next => 1,
                _ => 0,
            });
            end += 2;
        } else if second.is_none()
            && let Lex::Word(k @ (Kw::Last | Kw::Next)) = self.lex(end)
            && self.ends_phrase(end + 1)
        {
            // `on Friday last`, `on Monday next`: the weekday before or after the article's day
            shift = if k == Kw::Last {
                Shift::Last
            } else {
                Shift::Next
            };
            end += 1;
        }
        let bare = |w| Expr::Weekday { weekday: w, shift };
        match second {
            Some(w2) => Some((Expr::Range(Box::new(bare(w1)), Box::new(bare(w2))), end)),
            None => Some((bare(w1), end)),
        }
    }

    /// A calendar date or a range of dates at `i`: `August 17 to 18`, `17-18 August 2023`,
    /// `July 26 to August 2`.
    fn date_range(&self, i: usize) -> Parsed {
        // `17 to 18 August`, `17-18 August`
        let small = match self.lex(i) {
            Lex::NumRange(a, b) => Some((a, b, i + 1)),
            Lex::Num {
                value: a,
                digits: 1..=2,
            } if self.kw(i + 1, Kw::To) || self.kw(i + 1, Kw::And) || self.punct(i + 1, '-') => {
                match self.lex(i + 2) {
                    Lex::Num {
                        value,
                        digits: 1..=2,
                    }
                    | Lex::Ordinal(value) => Some((a, value, i + 3)),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some((a, b, j)) = small
            && let Lex::Month { month, abbrev } = self.lex(j)
            && let (Some(da), Some(db)) = (day(a), day(b))
        {
            let mut end = j + 1;
            if abbrev && self.punct(end, '.') {
                end += 1;
            }
            let (year, end) = self.year_after(end);
            return Some(pair(
                Md {
                    year,
                    month,
                    day: da,
                },
                Md {
                    year,
                    month,
                    day: db,
                },
                end,
            ));
        }
        let (first, end) = self.date(i)?;
        if !matches!(first, Expr::Date { .. }) {
            return Some((first, end));
        }
        // `August 17-18`
        if let Lex::NumRange(..) = self.lex(end.saturating_sub(1)) {
            return Some((first, end));
        }
        let conn = matches!(
            self.lex(end),
            Lex::Word(Kw::To | Kw::Through | Kw::Until | Kw::And)
        ) || self.punct(end, '-')
            || self.punct(end, '–');
        if conn && let Some((second, end2)) = self.range_end(end + 1, &first) {
            // `July 26 and 30`, but not `July 26 and August 2` (two dates)
            if self.kw(end, Kw::And) && !self.bare_day_at(end + 1) {
                return Some((first, end));
            }
            return Some((Expr::Range(Box::new(first), Box::new(second)), end2));
        }
        Some((first, end))
    }

    /// The second end of a range after its connector: a bare day (`18`, taking the first
    /// end's month), a date, or a weekday.
    fn range_end(&self, i: usize, first: &Expr) -> Parsed {
        if let Expr::Weekday { .. } = first {
            return match self.lex(i) {
                Lex::Weekday(weekday) => Some((
                    Expr::Weekday {
                        weekday,
                        shift: Shift::Bare,
                    },
                    i + 1,
                )),
                _ => None,
            };
        }
        let Expr::Date { md, .. } = first else {
            return None;
        };
        if let Lex::Num {
            value,
            digits: 1..=2,
        }
        | Lex::Ordinal(value) = self.lex(i)
            && !matches!(
                self.lex(i + 1),
                Lex::Month { .. } | Lex::Punct('/' | ':' | '-')
            )
            && let Some(d) = day(value)
        {
            let (year, end) = self.year_after(self.comma(i + 1));
            let year = year.or(md.year);
            let (year, end) = if year.is_some() {
                (year, end)
            } else {
                (None, i + 1)
            };
            return Some((
                Expr::Date {
                    md: Md {
                        year,
                        month: md.month,
                        day: d,
                    },
                    weekday: None,
                },
                end,
            ));
        }
        let (e, end) = self.date_or_weekday(i)?;
        match e {
            Expr::Date {
                md: mut m2,
                weekday,
            } => {
                if m2.year.is_none() {
                    m2.year = md.year;
                }
                Some((Expr::Date { md: m2, weekday }, end))
            }
            _ => None,
        }
    }

    /// True when token `i` is a day number standing alone (not starting a date of its own).
    fn bare_day_at(&self, i: usize) -> bool {
        matches!(
            self.lex(i),
            Lex::Num { digits: 1..=2, .. } | Lex::Ordinal(_)
        ) && !matches!(
            self.lex(i + 1),
            Lex::Month { .. } | Lex::Punct('/' | ':' | '-')
        )
    }

    /// One calendar date at `i`: `July 26`, `Aug. 17, 2023`, `26 July 2023`, `17th August`,
    /// `the 17th of August`, `2023-08-17`, `17/08/2023`.
    fn date(&self, i: usize) -> Parsed {
        match self.lex(i) {
            Lex::IsoDate(y, m, d) => {
                let md = checked_md(Some(y), m, d)?;
                Some((Expr::Date { md, weekday: None }, i + 1))
            }
            Lex::DotDate(a, b, y) => {
                let md = day_first(a, b, y)?;
                Some((Expr::Date { md, weekday: None }, i + 1))
            }
            Lex::Month { month, abbrev } => {
                let mut j = i + 1;
                if abbrev && self.punct(j, '.') {
                    j += 1;
                }
                let d = match self.lex(j) {
                    Lex::Num { value, digits } if digits <= 2 => day(value)?,
                    Lex::Ordinal(value) => day(value)?,
                    Lex::NumRange(a, b) => {
                        let (da, db) = (day(a)?, day(b)?);
                        let (year, end) = self.year_after(self.comma(j + 1));
                        let (year, end) = if year.is_some() {
                            (year, end)
                        } else {
                            (None, j + 1)
                        };
                        return Some(pair(
                            Md {
                                year,
                                month,
                                day: da,
                            },
                            Md {
                                year,
                                month,
                                day: db,
                            },
                            end,
                        ));
                    }
                    _ => return None,
                };
                // `July 26, 2023`: the year after a comma
                let (year, end) = self.year_after(self.comma(j + 1));
                let end = if year.is_some() { end } else { j + 1 };
                Some((
                    Expr::Date {
                        md: Md {
                            year,
                            month,
                            day: d,
                        },
                        weekday: None,
                    },
                    end,
                ))
            }
            Lex::Num { value: a, digits } if digits <= 2 => {
                if self.punct(i + 1, '/')
                    && let Lex::Num {
                        value: b,
                        digits: 1..=2,
                    } = self.lex(i + 2)
                    && self.punct(i + 3, '/')
                    && let Lex::Num {
                        value: y,
                        digits: 4,
                    } = self.lex(i + 4)
                {
                    let md = day_first(a, b, y)?;
                    return Some((Expr::Date { md, weekday: None }, i + 5));
                }
                self.day_month(i, a)
            }
            Lex::Ordinal(a) => self.day_month(i, a),
            Lex::Word(Kw::The) => {
                let Lex::Ordinal(a) = self.lex(i + 1) else {
                    return None;
                };
                if !self.kw(i + 2, Kw::Of) {
                    return None;
                }
                let (e, end) = self.day_month(i + 2, a)?;
                Some((e, end))
            }
            _ => None,
        }
    }

    /// `26 July (2023)`, `17th of August` — a day number at `i` followed by a month.
    fn day_month(&self, i: usize, value: u32) -> Parsed {
        let d = day(value)?;
        let mut j = i + 1;
        if self.kw(j, Kw::Of) {
            j += 1;
        }
        let Lex::Month { month, abbrev } = self.lex(j) else {
            return None;
        };
        let mut end = j + 1;
        if abbrev && self.punct(end, '.') {
            end += 1;
        }
        let (year, after) = self.year_after(self.comma(end));
        let end = if year.is_some() { after } else { end };
        Some((
            Expr::Date {
                md: Md {
                    year,
                    month,
                    day: d,
                },
                weekday: None,
            },
            end,
        ))
    }

    /// A four-digit year at `i`: its value and the index after it.
    fn year_after(&self, i: usize) -> (Option<i16>, usize) {
        match self.lex(i) {
            Lex::Num { value, digits: 4 } if (1000..=2999).contains(&value) => {
                (i16::try_from(value).ok(), i + 1)
            }
            _ => (None, i),
        }
    }

    /// A month, alone or with its year: `July`, `July 2023`. `context` is true when a
    /// preposition or modifier before it shows it is a date (needed for `May`, `March` and
    /// abbreviations).
    fn month_core(&self, i: usize, context: bool) -> Parsed {
        let Lex::Month { month, abbrev } = self.lex(i) else {
            return None;
        };
        if !self.cap(i) && !self.is_mid_token(i) {
            return None;
        }
        let mut j = i + 1;
        if abbrev && self.punct(j, '.') {
            j += 1;
        }
        let (year, end) = self.year_after(self.comma(j));
        if let Some(y) = year {
            return Some((
                Expr::Month {
                    year: Some(y),
                    month,
                },
                end,
            ));
        }
        if let Some((years, end)) = self.year_shift(j)
            && (context || !self.may_or_march(i))
        {
            return Some((Expr::MonthIn { month, years }, end));
        }
        if abbrev || (self.may_or_march(i) && !context) {
            return None;
        }
        // `June Smith`: a name, not a month
        if !context && self.cap(i + 1) && matches!(self.lex(i + 1), Lex::Other) {
            return None;
        }
        Some((Expr::Month { year: None, month }, j))
    }

    /// `last year`, `this year`, `next year` (or `of last year`) after a month at `i`: the
    /// years from the article's, and the index after it.
    fn year_shift(&self, i: usize) -> Option<(i8, usize)> {
        let i = if self.kw(i, Kw::Of) { i + 1 } else { i };
        let years = match self.lex(i) {
            Lex::Word(Kw::Last) => -1,
            Lex::Word(Kw::This) => 0,
            Lex::Word(Kw::Next) => 1,
            _ => return None,
        };
        self.is_unit(i + 1, Unit::Year).then_some((years, i + 2))
    }

    /// True when the month token at `i` is written `mid-…`.
    fn is_mid_token(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.range.len() > 4) && self.cap(i)
    }

    /// True for the months whose names are also common words (`may`, `march`).
    fn may_or_march(&self, i: usize) -> bool {
        matches!(self.lex(i), Lex::Month { month: 3 | 5, .. })
    }

    /// True when the word before `i` makes a following month or year a date.
    fn month_context(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.lex(i - 1),
                Lex::Word(
                    Kw::In
                        | Kw::Since
                        | Kw::Until
                        | Kw::By
                        | Kw::Of
                        | Kw::Early
                        | Kw::Late
                        | Kw::Mid
                        | Kw::Last
                        | Kw::Next
                        | Kw::This
                        | Kw::From
                        | Kw::Through
                        | Kw::Before
                        | Kw::After
                        | Kw::The
                        | Kw::To
                )
            )
    }

    /// True when the word before `i` makes a following four-digit number a year.
    fn year_context(&self, i: usize) -> bool {
        self.month_context(i)
    }

    /// A year at `i`: `2024`, `in 1960`. Numbers of things (`2000 troops`) are not years.
    fn year(&self, i: usize, context: bool) -> Parsed {
        let Lex::Num { value, digits: 4 } = self.lex(i) else {
            return None;
        };
        let plausible = if context {
            (1000..=2999).contains(&value)
        } else {
            (1900..=2099).contains(&value)
        };
        if !plausible {
            return None;
        }
        if i > 0
            && matches!(
                self.lex(i - 1),
                Lex::Punct('$' | '€' | '£' | '#' | ':' | '/' | '.')
            )
        {
            return None;
        }
        // `2000 soldiers`: a count followed by a plural noun
        if !context && matches!(self.lex(i + 1), Lex::Other) && !self.cap(i + 1) {
            return None;
        }
        if matches!(self.lex(i + 1), Lex::Punct('%' | ':')) {
            return None;
        }
        Some((Expr::Year(i16::try_from(value).ok()?), i + 1))
    }

    /// `two weeks ago`, `a day earlier`, `three days later`.
    fn ago_or_later(&self, i: usize) -> Parsed {
        let (n, unit, j) = self.count_unit(i)?;
        let n = i32::try_from(n).ok()?;
        match self.lex(j) {
            Lex::Word(Kw::Ago) => Some((Expr::Relative { unit, offset: -n }, j + 1)),
            Lex::Word(k @ (Kw::Earlier | Kw::Later)) if matches!(unit, Unit::Day | Unit::Week) => {
                let days = if unit == Unit::Week { n * 7 } else { n };
                let days = if k == Kw::Earlier { -days } else { days };
                Some((Expr::Anchored { days }, j + 1))
            }
            _ => None,
        }
    }

    /// A count and a unit at `i`: `two weeks`, `a day`, `3 months`, `one month`.
    fn count_unit(&self, i: usize) -> Option<(u32, Unit, usize)> {
        let n = match self.lex(i) {
            Lex::Word(Kw::A) => 1,
            Lex::Word(Kw::Count(n)) => n,
            Lex::Num { value, digits } if digits <= 4 => value,
            _ => return None,
        };
        if n > MAX_COUNT {
            return None;
        }
        match self.lex(i + 1) {
            Lex::Word(Kw::Unit { unit, plural }) if plural == (n != 1) || n == 1 => {
                Some((n, unit, i + 2))
            }
            _ => None,
        }
    }

    /// True when token `i` is the unit `unit` (singular).
    fn is_unit(&self, i: usize, unit: Unit) -> bool {
        self.lex(i)
            == Lex::Word(Kw::Unit {
                unit,
                plural: false,
            })
    }

    /// A clock time at `i` (`22:00`, `10.30 a.m.`, `10 am`); the index after it.
    fn clock(&self, i: usize) -> Option<usize> {
        match self.lex(i) {
            Lex::Num {
                value,
                digits: 1..=2,
            } if value <= 24 => {
                if self.punct(i + 1, ':')
                    && let Lex::Num {
                        value: m,
                        digits: 2,
                    } = self.lex(i + 2)
                    && m < 60
                {
                    let end = i + 3;
                    return Some(if self.kw(end, Kw::Meridiem) {
                        end + 1
                    } else {
                        end
                    });
                }
                self.kw(i + 1, Kw::Meridiem).then_some(i + 2)
            }
            Lex::Decimal(h, m) if h <= 24 && m < 60 => Some(if self.kw(i + 1, Kw::Meridiem) {
                i + 2
            } else {
                i + 1
            }),
            _ => None,
        }
    }

    /// Extends a day-level expression ending at `end` over a time of day: `morning`,
    /// `at 10.30 a.m.`, `at noon`.
    fn time_suffix(&self, end: usize) -> usize {
        if self.kw(end, Kw::DayPart) {
            return end + 1;
        }
        if self.kw(end, Kw::At) {
            if self.kw(end + 1, Kw::DayPart) {
                return end + 2;
            }
            if let Some(after) = self.clock(end + 1) {
                return after;
            }
        }
        end
    }

    /// True when nothing that `last` or `next` could qualify starts at `i`: punctuation other
    /// than a hyphen, the end of the text, or a function word (`on Friday last, the court
    /// ruled`, `on Friday last that`), not a unit or a noun (`Friday last week`, `Friday
    /// last chance`).
    fn ends_phrase(&self, i: usize) -> bool {
        match self.lex(i) {
            Lex::Break => true,
            Lex::Punct(c) => !matches!(c, '-' | '–' | '—'),
            Lex::Word(k) => !matches!(
                k,
                Kw::Unit { .. } | Kw::Weekend | Kw::DayPart | Kw::Time | Kw::Part
            ),
            _ => false,
        }
    }

    /// True when a capitalised newspaper title word follows (`Sunday Times`).
    fn newspaper_after(&self, i: usize) -> bool {
        self.cap(i) && self.kw(i, Kw::Paper)
    }
}

/// A day of the month from a number, if plausible.
fn day(n: u32) -> Option<i8> {
    (1..=31)
        .contains(&n)
        .then(|| i8::try_from(n).ok())
        .flatten()
}

/// A two-ended date range expression.
fn pair(a: Md, b: Md, end: usize) -> (Expr, usize) {
    (
        Expr::Range(
            Box::new(Expr::Date {
                md: a,
                weekday: None,
            }),
            Box::new(Expr::Date {
                md: b,
                weekday: None,
            }),
        ),
        end,
    )
}

/// A month-day with year from numbers, when they are in range.
fn checked_md(year: Option<u32>, month: u32, d: u32) -> Option<Md> {
    let month = i8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    let year = match year {
        Some(y) if (1000..=2999).contains(&y) => Some(i16::try_from(y).ok()?),
        Some(_) => return None,
        None => None,
    };
    Some(Md {
        year,
        month,
        day: day(d)?,
    })
}

/// Reads `a/b/year` (or `a.b.year`) day first — the convention of the outlets the workbench
/// reads — unless `b` cannot be a month, in which case it is month first (`08/17/2023`).
pub fn day_first(a: u32, b: u32, y: u32) -> Option<Md> {
    if b > 12 {
        checked_md(Some(y), a, b)
    } else {
        checked_md(Some(y), b, a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::text::tokens;
    use crate::analysis::timeline::lex::classify_all;

    /// The texts and expressions found in `text`.
    fn found(text: &str) -> Vec<(String, Expr)> {
        let toks = classify_all(text, &tokens(text));
        scan(&toks)
            .into_iter()
            .map(|f| {
                let r = toks[f.toks.start].range.start..toks[f.toks.end - 1].range.end;
                (text[r].to_string(), f.expr)
            })
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        found(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn from_weekday_date_to_weekday_date_is_one_range() {
        let got = found("They met from Wednesday, August 2, to Friday, August 4, in Abuja.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "from Wednesday, August 2, to Friday, August 4");
        let Expr::Range(a, b) = &got[0].1 else {
            panic!("not a range: {:?}", got[0].1);
        };
        let day_of = |e: &Expr| match e {
            Expr::Date { md, .. } => Some((md.month, md.day)),
            _ => None,
        };
        assert_eq!((day_of(a), day_of(b)), (Some((8, 2)), Some((8, 4))));
    }

    #[test]
    fn weekday_pair_with_dates_is_one_range() {
        let got = found("They meet on Thursday and Friday, August 17 to 18 in Accra.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "on Thursday and Friday, August 17 to 18");
        let Expr::Range(a, b) = &got[0].1 else {
            panic!("not a range: {:?}", got[0].1);
        };
        assert_eq!(
            **a,
            Expr::Date {
                md: Md {
                    year: None,
                    month: 8,
                    day: 17
                },
                weekday: Some(4)
            }
        );
        assert_eq!(
            **b,
            Expr::Date {
                md: Md {
                    year: None,
                    month: 8,
                    day: 18
                },
                weekday: Some(5)
            }
        );
    }

    #[test]
    fn date_forms() {
        assert_eq!(
            texts("On 26 July 2023, on Aug. 17, the 17th of August, 2023-08-17 and 17/08/2023."),
            vec![
                "On 26 July 2023",
                "on Aug. 17",
                "the 17th of August",
                "2023-08-17",
                "17/08/2023"
            ]
        );
    }

    #[test]
    fn day_first_rule() {
        assert_eq!(
            day_first(3, 4, 2023),
            Some(Md {
                year: Some(2023),
                month: 4,
                day: 3
            })
        );
        assert_eq!(
            day_first(8, 17, 2023),
            Some(Md {
                year: Some(2023),
                month: 8,
                day: 17
            })
        );
        assert_eq!(day_first(13, 13, 2023), None);
    }

    #[test]
    fn durations_and_modal_may_are_not_expressions() {
        assert!(
            texts("A seven-day ultimatum for three years. May our efforts succeed.").is_empty()
        );
        assert!(texts("They sent 2000 troops within a week.").is_empty());
    }

    #[test]
    fn modifiers_join_the_expression() {
        assert_eq!(
            texts("It happened late last month, early on Wednesday and earlier in the day."),
            vec![
                "late last month",
                "early on Wednesday",
                "earlier in the day"
            ]
        );
    }

    #[test]
    fn clock_range_has_no_value() {
        let got = found("A curfew from 22:00 until 05:00 local time was set.");
        assert_eq!(got[0].0, "from 22:00 until 05:00 local time");
        assert_eq!(got[0].1, Expr::Unvalued { interval: true });
    }

    #[test]
    fn in_count_needs_time_or_future() {
        let toks_text = "Elections in one month’s time and in three days.";
        let toks = classify_all(toks_text, &tokens(toks_text));
        let fs = scan(&toks);
        assert_eq!(fs.len(), 2);
        assert!(!fs[0].needs_future);
        assert!(fs[1].needs_future);
    }
}
