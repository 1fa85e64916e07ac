//! Dating an article its own text leaves undated, from dated coverage of the same story and
//! from what the text itself says about its day.
//!
//! Wire copy and rewrites often lose their publication date, yet say `on Friday` or
//! `yesterday`. The article's day is sought as the day under which its relative dates land on
//! the days that are reported: by other outlets' dated reports of the story (each report
//! counts once per day it names, by its similarity), and by the text itself (the latest day
//! it names, for `yesterday`, `ten days ago` and the lead's expressions; the day an offset
//! places its news on, `a day after the operation began`, for the lead's). Candidates are the
//! days near the reports' dates and the days under which an expression lands on a reported
//! day; the text's own window (`was held on July 30` puts the article no earlier) bounds them.
//! The best-attested day wins; among equals, the day nearest to what its relative dates name
//! (news is mostly published the day it happens, and an article cannot predate what it
//! reports in the past tense).

use super::anchor::{self, Clues};
use super::lex::Unit;
use super::scan::Expr;
use super::{Scanned, calendar};
use crate::analysis::gazetteer::FastMap;
use crate::model::Date;

/// A dated article of the same story as the undated one.
pub struct Coverage<'a> {
    /// Its publication date.
    pub date: Date,
    /// How alike the two articles are (cosine of their term vectors, 0–1).
    pub similarity: f32,
    /// The day values its time expressions resolve to.
    pub days: &'a [Date],
}

/// How far from a covering article's date the undated one may be, in days.
const WINDOW_DAYS: i64 = 4;

/// Reports much less similar than the closest one are of other events of the story: only
/// those at least this share of the closest one's similarity count.
const RELATIVE_SIMILARITY: f32 = 0.6;

/// How far from the reports (or the text's own days) a candidate derived from a reported day
/// may lie, in days.
const DERIVED_SPAN_DAYS: i64 = 60;

/// How many days an expression's offset may vary with the article's day (a weekday: six).
const WEEK_SPREAD: i64 = 6;

/// How strongly the text's own days attest, against a report's similarity (at most 1).
const OWN_WEIGHT: f32 = 1.0;

/// The day `text` most likely speaks from, given dated `coverage` of its story and
/// `year_hint` for dates the text writes without a year; `None` when the article's own
/// relative days land on no reported day under any candidate (then it is about something
/// else, and a date would be a guess). With no coverage, the text alone: the day its relative
/// dates land on its own days, else its [`Clues::guess`].
pub fn date_from_coverage(
    text: &str,
    coverage: &[Coverage<'_>],
    year_hint: Option<i16>,
) -> Option<Date> {
    let best = coverage
        .iter()
        .max_by(|a, b| a.similarity.total_cmp(&b.similarity));
    // the closest report's year places the dates the text writes without one
    let year_hint = best.map(|b| b.date.year()).or(year_hint);
    let doc = Scanned::of(text);
    let clues = anchor::clues(text, &doc, year_hint);
    if let Some(d) = clues.fixed {
        return Some(d);
    }
    let kept: Vec<&Coverage<'_>> = match best {
        Some(b) => coverage
            .iter()
            .filter(|c| c.similarity >= b.similarity * RELATIVE_SIMILARITY)
            .collect(),
        None => Vec::new(),
    };
    // How strongly the coverage attests each day: the similarity of each article naming it,
    // once per naming (its own date counts as named once).
    let mut attested: FastMap<Date, f32> = FastMap::default();
    for c in &kept {
        for &d in c.days.iter().chain([&c.date]) {
            *attested.entry(d).or_insert(0.0) += c.similarity;
        }
    }
    let own = own_days(&clues);
    let reference = best
        .map(|b| b.date)
        .or(clues.event.map(|e| e.0))
        .or(clues.latest);
    let Some(reference) = reference else {
        return clues.guess;
    };
    let expressions = day_expressions(&doc);
    let candidates = candidates(
        &doc,
        &expressions,
        &kept,
        &attested,
        &own,
        reference,
        &clues,
    );
    let scored: Vec<(Date, Vec<Option<Date>>)> = candidates
        .iter()
        .map(|&day| (day, day_values(&doc, &expressions, day)))
        .collect();
    let moving: Vec<usize> = (0..expressions.len())
        .filter(|&k| {
            let mut values = scored.iter().map(|s| s.1.get(k).copied().flatten());
            let first = values.next().flatten();
            first.is_some() && values.any(|v| v != first)
        })
        .collect();
    if moving.is_empty() {
        // Nothing that depends on the day to check against: the closest report's date.
        return match best {
            Some(b) if b.similarity >= UNCHECKED_SIMILARITY && clues_allow(&clues, b.date) => {
                Some(b.date)
            }
            Some(_) => None,
            None => clues.guess,
        };
    }
    let mut chosen: Option<(f32, i64, i64, Date)> = None;
    for (day, values) in &scored {
        let mut score = 0.0;
        let mut spread = 0;
        for &k in &moving {
            let Some(v) = values.get(k).copied().flatten() else {
                continue;
            };
            score += attested.get(&v).copied().unwrap_or(0.0);
            if expressions[k].self_attested {
                score += own.get(&v).copied().unwrap_or(0.0);
            }
            if expressions[k].in_top {
                spread = spread.max(calendar::days_apart(v, *day));
            }
        }
        let distance = calendar::days_apart(*day, reference);
        // A better score wins; an equal one goes to the day nearest to the days the top of
        // the article names (its news), then to the day nearer the closest report.
        let better = chosen.is_none_or(|(s, sp, di, d)| {
            score > s + 1e-6 || (score > s - 1e-6 && (spread, distance, *day) < (sp, di, d))
        });
        if better {
            chosen = Some((score, spread, distance, *day));
        }
    }
    match chosen {
        Some((score, _, _, day)) if score > 0.0 => Some(day),
        _ if kept.is_empty() => clues.guess,
        _ => None,
    }
}

/// The best guess the text alone gives for its day (see [`date_from_coverage`] with no
/// coverage).
pub fn guess_date(text: &str, year_hint: Option<i16>) -> Option<Date> {
    date_from_coverage(text, &[], year_hint)
}

/// True when `day` is inside the window the text's own dates leave.
fn clues_allow(clues: &Clues, day: Date) -> bool {
    clues.lo.is_none_or(|lo| day >= lo) && clues.hi.is_none_or(|hi| day <= hi)
}

/// The days the text's own clues attest, with their weight: the latest day it names, and the
/// days around the event an offset places its news on.
fn own_days(clues: &Clues) -> FastMap<Date, f32> {
    let mut own = FastMap::default();
    if let Some(l) = clues.latest {
        own.insert(l, OWN_WEIGHT);
    }
    if let Some((e, slack)) = clues.event {
        for n in -slack..=slack {
            if let Some(d) = calendar::add_days(e, n) {
                own.insert(d, OWN_WEIGHT);
            }
        }
    }
    own
}

/// An expression whose value may be a day that moves with the article's day.
struct DayExpression {
    /// Its index among the resolved expressions of the text.
    index: usize,
    /// The text's own days count for it: it is in the lead, or a count of days from the
    /// article's (`yesterday`, `ten days ago`).
    self_attested: bool,
    /// It is in the top of the article, where its news is told.
    in_top: bool,
    /// It names a day by an offset from the article's (a weekday, `yesterday`), not a date
    /// whose year alone depends on it.
    offset: bool,
}

/// The text's expressions that may name a day relative to the article's.
fn day_expressions(doc: &Scanned) -> Vec<DayExpression> {
    doc.resolved(None)
        .enumerate()
        .filter(|(_, (_, _, relative))| *relative)
        .map(|(index, (p, _, _))| DayExpression {
            index,
            self_attested: p.found.toks.start < doc.lead_end
                || matches!(
                    p.found.expr,
                    Expr::Relative {
                        unit: Unit::Day,
                        ..
                    }
                ),
            in_top: p.found.toks.start < doc.top_end,
            offset: !matches!(
                p.found.expr,
                Expr::Date { .. } | Expr::Month { .. } | Expr::Range(..)
            ),
        })
        .collect()
}

/// The day each of `expressions` names when the article is from `day` (`None` when it names
/// no single day).
fn day_values(doc: &Scanned, expressions: &[DayExpression], day: Date) -> Vec<Option<Date>> {
    let values: Vec<Option<Date>> = doc
        .resolved(Some(day))
        .map(|(_, v, _)| v.and_then(calendar::Value::day))
        .collect();
    expressions
        .iter()
        .map(|e| values.get(e.index).copied().flatten())
        .collect()
}

/// The days the article may be from: near the reports' dates and the text's own days, and
/// those under which one of its expressions lands on a reported or own day; inside the
/// text's window.
fn candidates(
    doc: &Scanned,
    expressions: &[DayExpression],
    kept: &[&Coverage<'_>],
    attested: &FastMap<Date, f32>,
    own: &FastMap<Date, f32>,
    reference: Date,
    clues: &Clues,
) -> Vec<Date> {
    let mut out: Vec<Date> = Vec::new();
    let mut around = |d: Date, before: i64, after: i64| {
        out.extend((-before..=after).filter_map(|n| calendar::add_days(d, n)));
    };
    for c in kept {
        around(c.date, WINDOW_DAYS, WINDOW_DAYS);
    }
    if let Some(l) = clues.latest {
        around(l, 0, WEEK_SPREAD);
    }
    if let Some((e, slack)) = clues.event {
        around(e, slack + WEEK_SPREAD, slack + WEEK_SPREAD);
    }
    // the offset of each expression from the article's day, measured at the reference day;
    // a weekday's varies by up to six days
    let offsets: Vec<i64> = day_values(doc, expressions, reference)
        .into_iter()
        .zip(expressions)
        .filter(|(_, e)| e.offset)
        .filter_map(|(v, _)| Some(i64::from((v? - reference).get_days())))
        .collect();
    for d in attested.keys().chain(own.keys()) {
        if calendar::days_apart(*d, reference) > DERIVED_SPAN_DAYS {
            continue;
        }
        for o in &offsets {
            if let Some(start) = calendar::add_days(*d, -o) {
                around(start, WEEK_SPREAD, WEEK_SPREAD);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|d| {
        clues_allow(clues, *d)
            && calendar::days_apart(*d, reference) <= DERIVED_SPAN_DAYS + WEEK_SPREAD
    });
    out
}

/// How similar the closest report must be to lend its date to an article with no weekday or
/// other day-relative expression to check it against.
const UNCHECKED_SIMILARITY: f32 = 0.25;

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn weekdays_must_land_on_reported_days() {
        // Coverage dated Thursday 24 August reports a refusal that day and an order due Friday
        // 25th; the article reports both in the past, so it cannot be from the 24th.
        let days = [date(2023, 8, 25), date(2023, 8, 24)];
        let cov = [Coverage {
            date: date(2023, 8, 24),
            similarity: 0.6,
            days: &days,
        }];
        let text = "Envoy told to go\n\nThe junta on Friday ordered the ambassador out. \
                    On Thursday he declined an invitation.";
        assert_eq!(
            date_from_coverage(text, &cov, None),
            Some(date(2023, 8, 25))
        );
    }

    #[test]
    fn yesterday_moves_the_day_after_the_event() {
        let days = [date(2023, 8, 19)];
        let cov = [Coverage {
            date: date(2023, 8, 20),
            similarity: 0.5,
            days: &days,
        }];
        let text = "Leader speaks\n\nThe general spoke on Saturday. He said yesterday that \
                    the transition would last three years.";
        assert_eq!(
            date_from_coverage(text, &cov, None),
            Some(date(2023, 8, 20))
        );
    }

    #[test]
    fn no_relative_days_takes_the_closest_report() {
        let cov = [
            Coverage {
                date: date(2023, 7, 30),
                similarity: 0.3,
                days: &[],
            },
            Coverage {
                date: date(2023, 7, 31),
                similarity: 0.7,
                days: &[],
            },
        ];
        let text = "Bloc meets\n\nLeaders met last month to discuss the crisis.";
        assert_eq!(
            date_from_coverage(text, &cov, None),
            Some(date(2023, 7, 31))
        );
    }

    #[test]
    fn a_count_of_days_may_land_beyond_the_reports_week() {
        // The report is from the day after the signing; the article, ten days after it.
        let days = [date(2024, 3, 6)];
        let cov = [Coverage {
            date: date(2024, 3, 7),
            similarity: 0.5,
            days: &days,
        }];
        let text = "Truce holds\n\nThe ceasefire signed 10 days ago is holding, officials said \
                    on Saturday.";
        assert_eq!(
            date_from_coverage(text, &cov, None),
            Some(date(2024, 3, 16))
        );
    }

    #[test]
    fn the_texts_own_day_outweighs_a_report() {
        // A quoted `today` on the signing day the text names, against a report of the next day.
        let days = [date(2022, 11, 3)];
        let cov = [Coverage {
            date: date(2022, 11, 3),
            similarity: 0.4,
            days: &days,
        }];
        let text = "Deal signed\n\nThe two sides signed the deal on Wednesday, November 2, 2022 in \
                    Pretoria. \"Today marks a new start,\" the mediator said.";
        assert_eq!(
            date_from_coverage(text, &cov, None),
            Some(date(2022, 11, 2))
        );
    }

    #[test]
    fn reports_much_less_similar_than_the_closest_are_left_out() {
        // The close report tells this Tuesday's talks; two loose ones another Tuesday's.
        let close = [date(2024, 5, 7)];
        let loose = [date(2024, 5, 14), date(2024, 5, 14)];
        let cov = [
            Coverage {
                date: date(2024, 5, 8),
                similarity: 0.6,
                days: &close,
            },
            Coverage {
                date: date(2024, 5, 15),
                similarity: 0.2,
                days: &loose,
            },
            Coverage {
                date: date(2024, 5, 15),
                similarity: 0.2,
                days: &loose,
            },
        ];
        let text = "Talks resume\n\nNegotiators resumed talks on Tuesday in Doha.";
        assert_eq!(date_from_coverage(text, &cov, None), Some(date(2024, 5, 7)));
    }

    #[test]
    fn the_texts_window_bounds_the_candidates() {
        // The text's vote of Tuesday, May 7 rules out the week of the closest report.
        let near = [date(2024, 4, 30)];
        let later = [date(2024, 5, 7)];
        let cov = [
            Coverage {
                date: date(2024, 4, 30),
                similarity: 0.5,
                days: &near,
            },
            Coverage {
                date: date(2024, 5, 8),
                similarity: 0.3,
                days: &later,
            },
        ];
        let text = "Results out\n\nThe vote was held on May 7, 2024. Results came on Tuesday.";
        assert_eq!(date_from_coverage(text, &cov, None), Some(date(2024, 5, 7)));
    }

    #[test]
    fn among_equals_the_day_of_the_news() {
        // Every day from Friday 25 to Thursday 31 puts `on Friday` on the reported Friday;
        // the article speaks from the day of its news, not from the report's Monday.
        let days = [date(2023, 8, 25)];
        let cov = [Coverage {
            date: date(2023, 8, 28),
            similarity: 0.5,
            days: &days,
        }];
        let text = "Envoy leaves\n\nThe envoy left the capital on Friday.";
        assert_eq!(
            date_from_coverage(text, &cov, None),
            Some(date(2023, 8, 25))
        );
    }

    #[test]
    fn unrelated_days_leave_it_undated() {
        let days = [date(2023, 3, 1)];
        let cov = [Coverage {
            date: date(2023, 3, 1),
            similarity: 0.4,
            days: &days,
        }];
        let text = "Storm\n\nThe storm hit on Sunday.";
        assert_eq!(date_from_coverage(text, &cov, None), None);
        assert_eq!(date_from_coverage(text, &[], None), None);
    }
}
