//! The project timeline: events reported by many articles merged into one row each, with the
//! articles that report them and the dates outlets disagree on.
//!
//! Two reports are of the same event when three kinds of evidence agree:
//!
//! - **dates**: the same value, or day-level values (days, day intervals) that overlap; a day
//!   inside a coarser value (`2023-08-17` in `2023-08`, a week or a year) counts only with
//!   strong actor and wording evidence; day-level values of *different articles* at most
//!   [`CONFLICT_DAYS`] apart count too — that is an outlet giving another date for the same
//!   event, recorded in [`MergedEvent::conflicting_values`];
//! - **actors**: Jaccard overlap of the actor names ≥ [`ACTOR_JACCARD`], or at least one
//!   shared name that is a person or an organisation (a place shared by two reports — `Niger`
//!   in a story about Niger — is not enough). Two reports without actors pass only on strong
//!   wording;
//! - **wording**: Jaccard overlap of content words (stop words, numbers, month and weekday names
//!   left out; a plural `-s` dropped) ≥ [`WORD_JACCARD`], on the labels or on the sentences,
//!   whichever is higher.
//!
//! Reports are clustered greedily in a fixed order (by date, then label, then text), so the
//! result does not depend on the order of the input; a report joins the cluster it matches
//! best when it is the same event as at least half its reports and no report of the cluster
//! gives a date too far from its own (a cluster is judged by its first [`SAMPLE`] reports,
//! and only clusters that share one of its rarest words with the report — prefix filtering,
//! exact for the wording threshold — and reach within [`CONFLICT_DAYS`] of it are looked at,
//! so large projects stay fast). Pure: no I/O.

use crate::analysis::entities::EntityKind;
use crate::analysis::gazetteer::Gazetteer;
use crate::model::Date;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

/// Largest gap, in days, between two outlets' dates for one event.
pub const CONFLICT_DAYS: i32 = 7;
/// Least Jaccard overlap of actor names for shared actors.
pub const ACTOR_JACCARD: f64 = 0.3;
/// Least Jaccard overlap of content words for similar wording.
pub const WORD_JACCARD: f64 = 0.3;
/// Overlap needed of actors and of wording when a day falls inside a coarser value, or when
/// neither report has actors.
const STRONG: f64 = 0.5;
/// How many reports of a cluster (its first, in the fixed order) a new report is compared with.
pub const SAMPLE: usize = 16;

/// One report of an event: the anchoring time expression's value, the event's label and
/// sentence, and the actors of the sentence, from one article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventRef<'a> {
    /// Index of the article (the caller's numbering).
    pub article: usize,
    /// The outlet, when known.
    pub outlet: Option<&'a str>,
    /// ISO value of the anchoring timex (`2023-08-17`, `2023-08-17/2023-08-18`, `2023-08`,
    /// `2023-W33`, `2023`).
    pub value: &'a str,
    pub label: &'a str,
    /// Registry names of the actors in the sentence.
    pub actors: &'a [String],
    pub sentence_text: &'a str,
}

/// One event of the project timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedEvent {
    /// The value most articles give (ties: the more precise, then the earlier).
    pub value: String,
    /// The label of the most typical report giving that value.
    pub label: String,
    /// Indices into the input of every report of the event, ascending.
    pub reports: Vec<usize>,
    /// Actor names of all reports, the most reported first (ties by name).
    pub actors: Vec<String>,
    /// Other values given for the event that do not agree with `value` (a different day or
    /// interval; a coarser value that does not hold it), each with the reports giving it.
    /// Coarser values that hold `value` (`2023-08` for `2023-08-17`) are not conflicts.
    pub conflicting_values: Vec<(String, Vec<usize>)>,
}

/// Merges reports of the same event across articles; the result is sorted by value (by its
/// first day, then its last, then its text; values that are not ISO dates last), then label.
pub fn merge_events(events: &[EventRef<'_>]) -> Vec<MergedEvent> {
    let gaz = Gazetteer::builtin();
    let mut ids = Ids::default();
    let mut prepared: Vec<Prepared> = events
        .iter()
        .map(|e| Prepared::new(e, &mut ids, &|name| is_place(gaz, name)))
        .collect();
    let mut df: HashMap<u32, usize> = HashMap::new();
    for p in &prepared {
        for &w in p.label_words.iter().chain(&p.sentence_words) {
            *df.entry(w).or_default() += 1;
        }
    }
    for p in &mut prepared {
        p.label_prefix = prefix(&p.label_words, &df);
        p.sentence_prefix = prefix(&p.sentence_words, &df);
    }
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by(|&a, &b| input_order(events, &prepared, a, b));

    let mut clusters: Vec<Vec<usize>> = Vec::new();
    // the last day each cluster reaches; reports come by first day, so a cluster whose last
    // day is more than CONFLICT_DAYS before the report's first can match no later report
    let mut reach: Vec<Option<Date>> = Vec::new();
    // (label or sentence, word) → clusters whose sampled reports have it in their prefix: a
    // match needs similar wording, so a shared prefix word
    let mut postings: HashMap<(bool, u32), Vec<usize>> = HashMap::new();
    // per cluster, the last report (1-based position in `order`) that looked at it
    let mut seen: Vec<usize> = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let me = &prepared[i];
        let stamp = k + 1;
        let mut candidates: Vec<usize> = Vec::new();
        let keys = |p: &Prepared| -> Vec<(bool, u32)> {
            let label = p.label_prefix.iter().map(|&w| (true, w));
            label
                .chain(p.sentence_prefix.iter().map(|&w| (false, w)))
                .collect()
        };
        for key in keys(me) {
            let Some(list) = postings.get_mut(&key) else {
                continue;
            };
            list.retain(|&c| match (me.span, reach[c]) {
                (Some(s), Some(last)) => (s.first - last).get_days() <= CONFLICT_DAYS,
                _ => true,
            });
            for &c in list.iter() {
                if seen[c] != stamp {
                    seen[c] = stamp;
                    candidates.push(c);
                }
            }
        }
        candidates.sort_unstable();
        let mut best: Option<(usize, f64)> = None;
        for c in candidates {
            // a large cluster is judged by its first reports
            let members = &clusters[c][..clusters[c].len().min(SAMPLE)];
            if members
                .iter()
                .any(|&m| relation(me, &prepared[m]) == Rel::Apart)
            {
                continue;
            }
            let scores: Vec<f64> = members
                .iter()
                .filter_map(|&m| same_event(me, &prepared[m]))
                .collect();
            if scores.is_empty() || scores.len() * 2 < members.len() {
                continue;
            }
            let mean = scores.iter().sum::<f64>() / scores.len() as f64;
            if best.is_none_or(|(_, s)| mean > s) {
                best = Some((c, mean));
            }
        }
        let last = me.span.map(|s| s.last);
        let c = match best {
            Some((c, _)) => {
                clusters[c].push(i);
                reach[c] = match (reach[c], last) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                c
            }
            None => {
                clusters.push(vec![i]);
                reach.push(last);
                seen.push(0);
                clusters.len() - 1
            }
        };
        if clusters[c].len() <= SAMPLE {
            for key in keys(me) {
                let list = postings.entry(key).or_default();
                if list.last() != Some(&c) {
                    list.push(c);
                }
            }
        }
    }

    let mut out: Vec<(Option<Span>, MergedEvent)> = clusters
        .iter()
        .map(|members| summarise(events, &prepared, members))
        .collect();
    out.sort_by(|(sa, a), (sb, b)| {
        span_order(*sa, *sb)
            .then_with(|| a.value.cmp(&b.value))
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.reports.cmp(&b.reports))
    });
    out.into_iter().map(|(_, m)| m).collect()
}

/// True when the gazetteer knows `name` as a place.
fn is_place(gaz: &Gazetteer, name: &str) -> bool {
    gaz.entry_named(name)
        .is_some_and(|e| e.class.kind() == EntityKind::Loc)
}

/// The days a value covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    first: Date,
    last: Date,
    /// A day or an interval of days (not a week, month or year).
    day_level: bool,
}

impl Span {
    /// Parses an ISO value: `2023-08-17`, `2023-08-17T10:30`, `2023-08-17/2023-08-18`,
    /// `2023-W33`, `2023-08`, `2023`.
    fn parse(value: &str) -> Option<Span> {
        let value = value.trim();
        if let Some((a, b)) = value.split_once('/') {
            let (a, b) = (Span::parse(a)?, Span::parse(b)?);
            return (a.first <= b.last).then_some(Span {
                first: a.first,
                last: b.last,
                day_level: a.day_level && b.day_level,
            });
        }
        let day_part = value.split_once('T').map_or(value, |(d, _)| d);
        if day_part.len() == 10
            && let Ok(d) = day_part.parse::<Date>()
        {
            return Some(Span {
                first: d,
                last: d,
                day_level: true,
            });
        }
        if let Some((y, w)) = value.split_once("-W") {
            let year: i16 = y.parse().ok()?;
            let week: i8 = w.parse().ok()?;
            let monday = jiff::civil::ISOWeekDate::new(year, week, jiff::civil::Weekday::Monday)
                .ok()?
                .date();
            let sunday = monday.checked_add(jiff::Span::new().days(6)).ok()?;
            return Some(Span {
                first: monday,
                last: sunday,
                day_level: false,
            });
        }
        if value.len() == 7
            && let Some((y, m)) = value.split_once('-')
        {
            let first = Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()?;
            return Some(Span {
                first,
                last: first.last_of_month(),
                day_level: false,
            });
        }
        if value.len() == 4 {
            let year: i16 = value.parse().ok()?;
            return Some(Span {
                first: Date::new(year, 1, 1).ok()?,
                last: Date::new(year, 12, 31).ok()?,
                day_level: false,
            });
        }
        None
    }

    /// True when the spans share a day.
    fn overlaps(self, other: Span) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    /// True when `other` lies wholly inside this span.
    fn holds(self, other: Span) -> bool {
        self.first <= other.first && other.last <= self.last
    }

    /// Days between the two spans (0 when they overlap).
    fn gap_days(self, other: Span) -> i32 {
        if self.overlaps(other) {
            0
        } else if self.last < other.first {
            (other.first - self.last).get_days()
        } else {
            (self.first - other.last).get_days()
        }
    }
}

/// Orders optional spans by first day, then last day; `None` last.
fn span_order(a: Option<Span>, b: Option<Span>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.first.cmp(&b.first).then(a.last.cmp(&b.last)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A report read once: its span, and its content words and actor names as sorted ids.
struct Prepared {
    span: Option<Span>,
    value: String,
    article: usize,
    label_words: Vec<u32>,
    sentence_words: Vec<u32>,
    /// Actor names folded to lower case.
    actors: Vec<u32>,
    /// Those that are persons or organisations (not places the gazetteer knows).
    named: Vec<u32>,
    /// The rarest label and sentence words, enough that two reports with similar wording share
    /// one (prefix filtering, see [`prefix`]).
    label_prefix: Vec<u32>,
    sentence_prefix: Vec<u32>,
}

/// Numbers for words and names, so sets compare as sorted integer slices.
#[derive(Default)]
struct Ids(HashMap<String, u32>);

impl Ids {
    /// The sorted, distinct ids of `items`.
    fn of(&mut self, items: impl IntoIterator<Item = String>) -> Vec<u32> {
        let mut v: Vec<u32> = items
            .into_iter()
            .map(|w| {
                let next = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
                *self.0.entry(w).or_insert(next)
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

impl Prepared {
    fn new(e: &EventRef<'_>, ids: &mut Ids, is_place: &dyn Fn(&str) -> bool) -> Prepared {
        let fold = |a: &String| a.trim().to_lowercase();
        Prepared {
            span: Span::parse(e.value),
            value: e.value.trim().to_string(),
            article: e.article,
            label_words: ids.of(content_words(e.label)),
            sentence_words: ids.of(content_words(e.sentence_text)),
            actors: ids.of(e.actors.iter().map(fold)),
            named: ids.of(e.actors.iter().filter(|a| !is_place(a)).map(fold)),
            label_prefix: Vec::new(),
            sentence_prefix: Vec::new(),
        }
    }
}

/// The first words of `set` in the order rarest first (by `df`, then id), as many as a set with
/// Jaccard overlap at least [`WORD_JACCARD`] with another must share one of, when both are cut
/// so: `|set| - ceil(t·|set|) + 1`.
fn prefix(set: &[u32], df: &HashMap<u32, usize>) -> Vec<u32> {
    let keep = set.len() - (WORD_JACCARD * set.len() as f64).ceil() as usize + 1;
    let mut v = set.to_vec();
    v.sort_unstable_by_key(|w| (df.get(w).copied().unwrap_or(0), *w));
    v.truncate(keep.min(set.len()));
    v
}

/// How two reports' dates relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
    /// The same value, or day-level values that overlap.
    Same,
    /// A day-level value inside (or overlapping) a coarser one.
    Inside,
    /// Day-level values of different articles at most [`CONFLICT_DAYS`] apart.
    Near,
    Apart,
}

/// The date relation of two reports.
fn relation(a: &Prepared, b: &Prepared) -> Rel {
    if a.value.eq_ignore_ascii_case(&b.value) {
        return Rel::Same;
    }
    let (Some(sa), Some(sb)) = (a.span, b.span) else {
        return Rel::Apart;
    };
    match (sa.day_level, sb.day_level) {
        (true, true) if sa.overlaps(sb) => Rel::Same,
        (true, true) if a.article != b.article && sa.gap_days(sb) <= CONFLICT_DAYS => Rel::Near,
        (true, true) => Rel::Apart,
        // two coarse values: the same event only when one holds the other
        (false, false) if sa.holds(sb) || sb.holds(sa) => Rel::Inside,
        _ if sa.overlaps(sb) => Rel::Inside,
        _ => Rel::Apart,
    }
}

/// The similarity of two reports when they are of the same event (the mean of the actor
/// and wording overlaps), else `None`.
fn same_event(a: &Prepared, b: &Prepared) -> Option<f64> {
    let rel = relation(a, b);
    if rel == Rel::Apart {
        return None;
    }
    let words =
        jaccard(&a.label_words, &b.label_words).max(jaccard(&a.sentence_words, &b.sentence_words));
    let actors = jaccard(&a.actors, &b.actors);
    let shared_named = shared(&a.named, &b.named);
    let actors_ok = if a.actors.is_empty() && b.actors.is_empty() {
        words >= STRONG
    } else {
        actors >= ACTOR_JACCARD || shared_named >= 1
    };
    let ok = match rel {
        Rel::Same | Rel::Near => actors_ok && words >= WORD_JACCARD,
        Rel::Inside => (actors >= STRONG || shared_named >= 2) && words >= STRONG,
        Rel::Apart => false,
    };
    ok.then_some((actors + words) / 2.0)
}

/// The size of the intersection of two sorted, distinct slices.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// `|a ∩ b| / |a ∪ b|` of sorted, distinct slices; 0 for two empty ones.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let inter = shared(a, b);
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Words that carry no content for matching events, and month and weekday names (and their
/// short forms), all left out of the wording.
static IGNORED: LazyLock<BTreeSet<&'static str>> = LazyLock::new(|| {
    concat!(
        "a about after again against all also an and any are as at be been before being ",
        "between but by can could day did do does during earlier early for from had has have ",
        "he her his however if in into is it its last late later may might more most next no ",
        "not of on one or other our out over said says she should since so some such than ",
        "that the their them then there these they this those through to today told tomorrow ",
        "under until up was we week were what when which while who will with would year ",
        "yesterday month morning evening night afternoon weekend ",
        "january february march april june july august september october november december ",
        "jan feb mar apr jun jul aug sep sept oct nov dec ",
        "monday tuesday wednesday thursday friday saturday sunday",
    )
    .split_whitespace()
    .collect()
});

/// The content words of `s`: lower-cased, without stop words, numbers and calendar names, a
/// possessive or plural `s` dropped.
fn content_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| {
            let w = w.trim_matches(|c| c == '\'' || c == '’').to_lowercase();
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .map_or(w.clone(), str::to_string);
            match w.strip_suffix('s') {
                Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => stem.to_string(),
                _ => w,
            }
        })
        .filter(|w| {
            !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()) && !IGNORED.contains(w.as_str())
        })
        .collect()
}

/// The fixed order reports are clustered in: by date, then label, sentence, article, outlet,
/// actors, input index.
fn input_order(events: &[EventRef<'_>], prepared: &[Prepared], a: usize, b: usize) -> Ordering {
    let (ea, eb) = (&events[a], &events[b]);
    span_order(prepared[a].span, prepared[b].span)
        .then_with(|| ea.value.cmp(eb.value))
        .then_with(|| ea.label.cmp(eb.label))
        .then_with(|| ea.sentence_text.cmp(eb.sentence_text))
        .then_with(|| ea.article.cmp(&eb.article))
        .then_with(|| ea.outlet.cmp(&eb.outlet))
        .then_with(|| ea.actors.cmp(eb.actors))
        .then_with(|| a.cmp(&b))
}

/// One cluster as a [`MergedEvent`], with the span of its value for sorting.
fn summarise(
    events: &[EventRef<'_>],
    prepared: &[Prepared],
    members: &[usize],
) -> (Option<Span>, MergedEvent) {
    // reports and articles per value
    let mut by_value: BTreeMap<&str, (BTreeSet<usize>, Vec<usize>)> = BTreeMap::new();
    for &m in members {
        let entry = by_value.entry(prepared[m].value.as_str()).or_default();
        entry.0.insert(events[m].article);
        entry.1.push(m);
    }
    let width = |v: &str| {
        Span::parse(v).map_or(i32::MAX, |s| {
            (s.last - s.first).get_days() + if s.day_level { 0 } else { 1 }
        })
    };
    let value = by_value
        .iter()
        .max_by(|(va, (aa, _)), (vb, (ab, _))| {
            aa.len()
                .cmp(&ab.len())
                .then_with(|| width(vb).cmp(&width(va)))
                .then_with(|| vb.cmp(va))
        })
        .map_or_else(String::new, |(v, _)| (*v).to_string());
    let chosen = Span::parse(&value);

    // the label of the report giving the value that is most like the others
    let givers: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| prepared[m].value == value)
        .collect();
    let typicality = |g: usize| -> f64 {
        members
            .iter()
            .filter(|&&m| m != g)
            .map(|&m| jaccard(&prepared[g].label_words, &prepared[m].label_words))
            .sum()
    };
    let label = givers
        .iter()
        .copied()
        .max_by(|&a, &b| {
            typicality(a)
                .total_cmp(&typicality(b))
                .then_with(|| events[b].label.cmp(events[a].label))
        })
        .map_or_else(String::new, |g| events[g].label.to_string());

    let mut reports: Vec<usize> = members.to_vec();
    reports.sort_unstable();

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &m in members {
        let distinct: BTreeSet<&str> = events[m].actors.iter().map(String::as_str).collect();
        for a in distinct {
            *counts.entry(a).or_default() += 1;
        }
    }
    let mut actors: Vec<(&str, usize)> = counts.into_iter().collect();
    actors.sort_by(|(na, ca), (nb, cb)| cb.cmp(ca).then_with(|| na.cmp(nb)));
    let actors = actors.into_iter().map(|(n, _)| n.to_string()).collect();

    let conflicting_values = by_value
        .into_iter()
        .filter(|(v, _)| *v != value)
        .filter(|(v, _)| match (Span::parse(v), chosen) {
            (Some(s), Some(c)) => s.day_level || !s.holds(c),
            _ => true,
        })
        .map(|(v, (_, mut idx))| {
            idx.sort_unstable();
            (v.to_string(), idx)
        })
        .collect();

    (
        chosen,
        MergedEvent {
            value,
            label,
            reports,
            actors,
            conflicting_values,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Owned parts of a report, for building [`EventRef`]s.
    struct R {
        article: usize,
        outlet: &'static str,
        value: &'static str,
        sentence: &'static str,
        actors: Vec<String>,
    }

    fn r(
        article: usize,
        outlet: &'static str,
        value: &'static str,
        sentence: &'static str,
        actors: &[&str],
    ) -> R {
        R {
            article,
            outlet,
            value,
            sentence,
            actors: actors.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    fn refs(rows: &[R]) -> Vec<EventRef<'_>> {
        rows.iter()
            .map(|r| EventRef {
                article: r.article,
                outlet: Some(r.outlet),
                value: r.value,
                label: r.sentence,
                actors: &r.actors,
                sentence_text: r.sentence,
            })
            .collect()
    }

    #[test]
    fn same_event_merged_across_outlets() {
        let rows = [
            r(
                0,
                "Daily Ledger",
                "2023-09-03",
                "The Sahel Alliance foreign ministers signed a water-sharing pact in Bamako.",
                &["Sahel Alliance", "Bamako"],
            ),
            r(
                1,
                "Morning Wire",
                "2023-09-03",
                "Foreign ministers of the Sahel Alliance signed the water pact in Bamako on Sunday.",
                &["Sahel Alliance", "Bamako"],
            ),
            r(
                2,
                "Coastal Times",
                "2023-09",
                "In September the Sahel Alliance ministers signed a water-sharing pact in Bamako.",
                &["Sahel Alliance", "Bamako"],
            ),
            // the same article mentions it again later
            r(
                0,
                "Daily Ledger",
                "2023-09-03",
                "The pact signed in Bamako by the Sahel Alliance ministers covers water sharing.",
                &["Sahel Alliance", "Bamako"],
            ),
        ];
        let merged = merge_events(&refs(&rows));
        assert_eq!(merged.len(), 1, "{merged:#?}");
        let m = &merged[0];
        assert_eq!(m.value, "2023-09-03");
        assert_eq!(m.reports, vec![0, 1, 2, 3]);
        assert_eq!(m.actors, vec!["Bamako", "Sahel Alliance"]);
        // the month holds the day: less precise, not a conflict
        assert!(m.conflicting_values.is_empty(), "{m:#?}");
    }

    #[test]
    fn different_events_on_the_same_day_kept_apart() {
        let rows = [
            r(
                0,
                "Daily Ledger",
                "2023-07-30",
                "Regional leaders imposed sanctions on Niger at an emergency summit in Abuja.",
                &["ECOWAS", "Niger", "Abuja"],
            ),
            r(
                1,
                "Morning Wire",
                "2023-07-30",
                "Protesters attacked the French embassy in Niamey and burned flags.",
                &["France", "Niger", "Niamey"],
            ),
            r(
                2,
                "Coastal Times",
                "2023-07-30",
                "The emergency summit in Abuja imposed sanctions on Niger's junta.",
                &["ECOWAS", "Abuja", "Niger"],
            ),
            // a day inside the month, but different wording and actors
            r(
                3,
                "Coastal Times",
                "2023-07",
                "Farmers in Tillaberi reported a poor harvest.",
                &["Tillaberi"],
            ),
        ];
        let merged = merge_events(&refs(&rows));
        assert_eq!(merged.len(), 3, "{merged:#?}");
        let reports: Vec<&[usize]> = merged.iter().map(|m| m.reports.as_slice()).collect();
        // by value, then label: the month first; on the day, `Protesters …` before `The …`
        assert_eq!(reports, vec![&[3][..], &[1][..], &[0, 2][..]]);
        assert!(merged.iter().all(|m| m.conflicting_values.is_empty()));
    }

    #[test]
    fn date_conflict_between_outlets_is_flagged() {
        let rows = [
            r(
                0,
                "Daily Ledger",
                "2023-08-17/2023-08-18",
                "West African army chiefs will meet in Accra to plan the standby force.",
                &["ECOWAS", "Accra"],
            ),
            r(
                1,
                "Morning Wire",
                "2023-08-18",
                "West African army chiefs meet in Accra to plan a standby force.",
                &["ECOWAS", "Accra"],
            ),
            r(
                2,
                "Coastal Times",
                "2023-08-17/2023-08-18",
                "Army chiefs from West Africa will meet in Accra on the standby force.",
                &["ECOWAS", "Accra"],
            ),
            // same wording and actors, but a month later: another meeting
            r(
                3,
                "Coastal Times",
                "2023-09-20",
                "West African army chiefs will meet in Accra to plan the standby force.",
                &["ECOWAS", "Accra"],
            ),
        ];
        let merged = merge_events(&refs(&rows));
        assert_eq!(merged.len(), 2, "{merged:#?}");
        let m = &merged[0];
        assert_eq!(m.value, "2023-08-17/2023-08-18");
        assert_eq!(m.reports, vec![0, 1, 2]);
        assert_eq!(
            m.conflicting_values,
            vec![("2023-08-18".to_string(), vec![1])]
        );
        assert_eq!(merged[1].reports, vec![3]);
        // days a few days apart in one article are two events, not a conflict
        let rows = [
            r(
                0,
                "Daily Ledger",
                "2023-07-26",
                "Soldiers detained the president in Niamey, days before the bloc met in Abuja.",
                &["ECOWAS", "Niamey", "Abuja"],
            ),
            r(
                0,
                "Daily Ledger",
                "2023-07-30",
                "Soldiers detained the president in Niamey, days before the bloc met in Abuja.",
                &["ECOWAS", "Niamey", "Abuja"],
            ),
        ];
        assert_eq!(merge_events(&refs(&rows)).len(), 2);
    }

    #[test]
    fn order_is_deterministic_and_independent_of_input_order() {
        let rows = [
            r(
                2,
                "C",
                "2023-08-18",
                "West African army chiefs meet in Accra to plan a standby force.",
                &["ECOWAS", "Accra"],
            ),
            r(
                0,
                "A",
                "2023-07-26",
                "Presidential guards detained President Bazoum in Niamey.",
                &["Mohamed Bazoum", "Niamey"],
            ),
            r(
                1,
                "B",
                "2023-08-17/2023-08-18",
                "West African army chiefs will meet in Accra to plan the standby force.",
                &["ECOWAS", "Accra"],
            ),
            r(
                3,
                "D",
                "2023-07-26",
                "Guards of the presidential unit detained Bazoum at his residence in Niamey.",
                &["Mohamed Bazoum", "Niamey"],
            ),
            r(
                4,
                "E",
                "2023",
                "Elections are promised within the year.",
                &[],
            ),
        ];
        let first = merge_events(&refs(&rows));
        assert_eq!(first, merge_events(&refs(&rows)));
        let summary = |ms: &[MergedEvent], rows: &[R]| -> Vec<(String, Vec<usize>)> {
            ms.iter()
                .map(|m| {
                    let mut arts: Vec<usize> = m.reports.iter().map(|&i| rows[i].article).collect();
                    arts.sort_unstable();
                    (m.value.clone(), arts)
                })
                .collect()
        };
        let want = vec![
            ("2023".to_string(), vec![4]),
            ("2023-07-26".to_string(), vec![0, 3]),
            // one outlet each: the tie goes to the more precise value
            ("2023-08-18".to_string(), vec![1, 2]),
        ];
        // 2023 spans the whole year and so sorts first
        assert_eq!(summary(&first, &rows), want);
        let mut reversed: Vec<R> = Vec::new();
        for row in rows.iter().rev() {
            reversed.push(r(
                row.article,
                row.outlet,
                row.value,
                row.sentence,
                &row.actors.iter().map(String::as_str).collect::<Vec<_>>(),
            ));
        }
        assert_eq!(summary(&merge_events(&refs(&reversed)), &reversed), want);
        assert!(merge_events(&[]).is_empty());
    }

    #[test]
    fn values_parse_to_spans() {
        let s = |v: &str| {
            Span::parse(v).map(|s| (s.first.to_string(), s.last.to_string(), s.day_level))
        };
        let t = |a: &str, b: &str, d: bool| Some((a.to_string(), b.to_string(), d));
        assert_eq!(s("2023-08-17"), t("2023-08-17", "2023-08-17", true));
        assert_eq!(s("2023-08-25T10:30"), t("2023-08-25", "2023-08-25", true));
        assert_eq!(
            s("2023-08-17/2023-08-18"),
            t("2023-08-17", "2023-08-18", true)
        );
        assert_eq!(s("2023-W33"), t("2023-08-14", "2023-08-20", false));
        assert_eq!(s("2023-02"), t("2023-02-01", "2023-02-28", false));
        assert_eq!(s("2023"), t("2023-01-01", "2023-12-31", false));
        assert_eq!(s("D-day"), None);
        assert_eq!(s("2023-08-18/2023-08-17"), None);
    }
}
