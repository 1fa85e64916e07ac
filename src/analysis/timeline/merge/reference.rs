//! The project timeline's merge as it was before it was made linear (issue 15), kept for tests
//! only: the merge must give exactly what this gives on any input where no bound is reached.

use super::{
    CONFLICT_DAYS, Days, EventRef, IGNORED, MergedEvent, Overlap, Rel, SAMPLE, WORD_JACCARD,
    conflicts, days_order, is_place, jaccard, ranked_actors, shared,
};
use crate::analysis::gazetteer::Gazetteer;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    let mut reach: Vec<Option<i32>> = Vec::new();
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
                (Some(s), Some(last)) => s.first - last <= CONFLICT_DAYS,
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

    let mut out: Vec<(Option<Days>, MergedEvent)> = clusters
        .iter()
        .map(|members| summarise(events, &prepared, members))
        .collect();
    out.sort_by(|(sa, a), (sb, b)| {
        days_order(*sa, *sb)
            .then_with(|| a.value.cmp(&b.value))
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.reports.cmp(&b.reports))
    });
    out.into_iter().map(|(_, m)| m).collect()
}

/// A report read once: its span, and its content words and actor names as sorted ids.
struct Prepared {
    span: Option<Days>,
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
            span: Days::parse(e.value),
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
        (true, true) if a.article != b.article && sa.gap(sb) <= CONFLICT_DAYS => Rel::Near,
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
    let actors = Overlap {
        actors: jaccard(&a.actors, &b.actors),
        none: a.actors.is_empty() && b.actors.is_empty(),
        shared_named: shared(&a.named, &b.named),
    };
    super::same_event(rel, words, actors)
}

/// The content words of `s`: lower-cased, without stop words, numbers and calendar names, a
/// possessive or plural `s` dropped.
pub(super) fn content_words(s: &str) -> Vec<String> {
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
    days_order(prepared[a].span, prepared[b].span)
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
) -> (Option<Days>, MergedEvent) {
    // reports and articles per value
    let mut by_value: BTreeMap<&str, (BTreeSet<usize>, Vec<usize>)> = BTreeMap::new();
    for &m in members {
        let entry = by_value.entry(prepared[m].value.as_str()).or_default();
        entry.0.insert(events[m].article);
        entry.1.push(m);
    }
    let width = |v: &str| Days::parse(v).map_or(i32::MAX, Days::width);
    let value = by_value
        .iter()
        .max_by(|(va, (aa, _)), (vb, (ab, _))| {
            aa.len()
                .cmp(&ab.len())
                .then_with(|| width(vb).cmp(&width(va)))
                .then_with(|| vb.cmp(va))
        })
        .map_or_else(String::new, |(v, _)| (*v).to_string());
    let chosen = Days::parse(&value);

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

    let actors = ranked_actors(members.iter().map(|&m| (events[m].actors, 1)));

    let conflicting_values = by_value
        .into_iter()
        .filter(|(v, _)| conflicts(v, &value, chosen))
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
