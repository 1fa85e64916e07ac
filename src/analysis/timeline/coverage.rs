//! Dating an article its own text leaves undated from dated coverage of the same story.
//!
//! Wire copy and rewrites often lose their publication date, yet say `on Friday` or
//! `yesterday`. Other outlets' dated reports of the same story fix the calendar: the article's
//! day is sought near their dates, as the day under which its relative dates land on the days
//! that coverage reports, the earliest such day (news is mostly published the day it happens,
//! and an article cannot predate what it reports in the past tense).

use super::{Granularity, extract};
use crate::model::Date;
use jiff::ToSpan;
use std::collections::HashMap;

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

/// The day `text` most likely speaks from, given dated `coverage` of its story; `None` when
/// there is none, or when the article's own relative days land on no day the coverage
/// reports under any candidate (then it is about something else, and a date would be a guess).
pub fn date_from_coverage(text: &str, coverage: &[Coverage<'_>]) -> Option<Date> {
    let best = coverage
        .iter()
        .max_by(|a, b| a.similarity.total_cmp(&b.similarity))?;
    // How strongly the coverage attests each day: the similarity of each article naming it,
    // once per naming (its own date counts as named once).
    let mut attested: HashMap<Date, f32> = HashMap::new();
    for c in coverage {
        for &d in c.days.iter().chain([&c.date]) {
            *attested.entry(d).or_insert(0.0) += c.similarity;
        }
    }
    let mut candidates: Vec<Date> = coverage
        .iter()
        .flat_map(|c| {
            (-WINDOW_DAYS..=WINDOW_DAYS).filter_map(move |n| c.date.checked_add(n.days()).ok())
        })
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    // A day is only evidence when it moves with the candidate: a weekday, `yesterday`.
    let scored: Vec<(Date, Vec<Option<String>>)> = candidates
        .iter()
        .map(|&day| {
            let values = extract(text, Some(day))
                .into_iter()
                .map(|t| (t.relative && t.granularity == Granularity::Day).then_some(t.value))
                .map(Option::flatten)
                .collect();
            (day, values)
        })
        .collect();
    let moving: Vec<usize> = (0..scored.first().map_or(0, |s| s.1.len()))
        .filter(|&k| {
            let mut values = scored.iter().map(|s| s.1.get(k).cloned().flatten());
            let first = values.next().flatten();
            first.is_some() && values.any(|v| v != first)
        })
        .collect();
    if moving.is_empty() {
        // Nothing that depends on the day to check against: the closest report's date.
        return (best.similarity >= UNCHECKED_SIMILARITY).then_some(best.date);
    }
    let distance = |d: Date| (d - best.date).get_days().abs();
    let mut chosen: Option<(f32, Date)> = None;
    for (day, values) in &scored {
        let score: f32 = moving
            .iter()
            .filter_map(|&k| values.get(k)?.as_deref()?.parse::<Date>().ok())
            .map(|v| attested.get(&v).copied().unwrap_or(0.0))
            .sum();
        // A better score wins; an equal one goes to the day nearer the closest report.
        let better = chosen.is_none_or(|(s, d)| {
            score > s + 1e-6 || (score > s - 1e-6 && distance(*day) < distance(d))
        });
        if better {
            chosen = Some((score, *day));
        }
    }
    chosen.filter(|(score, _)| *score > 0.0).map(|(_, day)| day)
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
        assert_eq!(date_from_coverage(text, &cov), Some(date(2023, 8, 25)));
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
        assert_eq!(date_from_coverage(text, &cov), Some(date(2023, 8, 20)));
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
        assert_eq!(date_from_coverage(text, &cov), Some(date(2023, 7, 31)));
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
        assert_eq!(date_from_coverage(text, &cov), None);
        assert_eq!(date_from_coverage(text, &[]), None);
    }
}
