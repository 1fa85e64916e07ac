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
//! gives a date too far from its own (a cluster is judged by its first [`SAMPLE`] reports).
//!
//! A big story's archive has thousands of reports of one day, many of them one wire story
//! reprinted, so the work per report is bounded and memory is a few words per report:
//!
//! - reports with the same text (value, label, sentence, actors) are read once and share their
//!   word and name sets, kept as sorted numbers in one array;
//! - a report is judged only against clusters that share one of its rarest words with their
//!   judged reports (prefix filtering, exact for the wording threshold) and reach within
//!   [`CONFLICT_DAYS`] of it: at most [`MAX_CANDIDATES`] clusters, those sharing most words,
//!   found among the latest [`MAX_SCAN`] clusters of each word — bounds that only a day with
//!   hundreds of similar but distinct events could reach;
//! - a report whose text was just judged against the same clusters, none of which has changed
//!   the reports it is judged by since, takes the cluster its text took;
//! - a cluster's label is chosen among its distinct labels, each compared once with each.
//!
//! Below those bounds the clustering is exactly the greedy one described above. Pure: no I/O.

use crate::analysis::entities::EntityKind;
use crate::analysis::gazetteer::Gazetteer;
use crate::model::Date;
use std::cmp::{Ordering, Reverse};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::LazyLock;

#[cfg(test)]
mod reference;

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
/// Most clusters a report is compared with: those that share most of its rarest words.
pub const MAX_CANDIDATES: usize = 256;
/// Most clusters looked at per word a report shares with them: the latest to take it.
pub const MAX_SCAN: usize = 1024;
/// Most articles a remembered judgement may depend on (see [`Memo`]).
const MEMO_ARTICLES: usize = 256;
/// Posting-list entries added before dead clusters are first swept out (see
/// [`Clustering::sweep`]).
const SWEEP_MIN: usize = 1 << 16;
/// "No report": the end of a cluster's list.
const NONE: u32 = u32::MAX;

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
    /// The label of the most typical report giving that value (ties: the first in text
    /// order).
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
    merge_events_onto(events, &[])
}

/// [`merge_events`], keeping the clusters of an earlier merge: `prior[i]` numbers the earlier
/// event of report `i` (`None`, or beyond `prior`, for a report not merged before). Reports go
/// in the same fixed order, each earlier one straight into the cluster of its earlier event
/// (made when its first report comes), the others judged as `merge_events` judges them,
/// against the clusters made so far. So earlier events stay whole, with new reports added, and
/// only the new reports are judged; with no earlier event this is `merge_events`, and given
/// every report's event of a `merge_events` it gives that merge again.
pub fn merge_events_onto(events: &[EventRef<'_>], prior: &[Option<u32>]) -> Vec<MergedEvent> {
    let gaz = Gazetteer::builtin();
    let texts = Texts::new(events, &|name| is_place(gaz, name));
    let order = input_order(events, &texts);
    let clusters = Clustering::new(events, &texts).run(&order, prior);
    drop(order);
    let mut members = Vec::new();
    let mut out: Vec<(Option<Days>, MergedEvent)> = (0..clusters.len())
        .map(|c| {
            clusters.members_into(ix(c), &mut members);
            summarise(events, &texts, &members)
        })
        .collect();
    out.sort_by(|(sa, a), (sb, b)| {
        days_order(*sa, *sb)
            .then_with(|| a.value.cmp(&b.value))
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.reports.cmp(&b.reports))
    });
    out.into_iter().map(|(_, m)| m).collect()
}

/// An index as `u32`: reports, texts, words and clusters are numbered so (four billion reports
/// would not fit in memory as [`EventRef`]s).
fn ix(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
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
}

/// A value's days as day numbers (days since 1970-01-01), compared many times over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Days {
    first: i32,
    last: i32,
    /// A day or an interval of days (not a week, month or year).
    day_level: bool,
}

impl Days {
    fn of(span: Span) -> Days {
        let number = |d: Date| (d - Date::constant(1970, 1, 1)).get_days();
        Days {
            first: number(span.first),
            last: number(span.last),
            day_level: span.day_level,
        }
    }

    /// The days `value` covers, when it is an ISO date (see [`Span::parse`]).
    fn parse(value: &str) -> Option<Days> {
        Span::parse(value).map(Days::of)
    }

    /// True when the spans share a day.
    fn overlaps(self, other: Days) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    /// True when `other` lies wholly inside this span.
    fn holds(self, other: Days) -> bool {
        self.first <= other.first && other.last <= self.last
    }

    /// Days between the two spans (0 when they overlap).
    fn gap(self, other: Days) -> i32 {
        if self.overlaps(other) {
            0
        } else if self.last < other.first {
            other.first - self.last
        } else {
            self.first - other.last
        }
    }

    /// How many days it spans, one more for a coarse value (a week is wider than 7 days).
    fn width(self) -> i32 {
        self.last - self.first + if self.day_level { 0 } else { 1 }
    }
}

/// Orders optional spans by first day, then last day; `None` last.
fn days_order(a: Option<Days>, b: Option<Days>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.first.cmp(&b.first).then(a.last.cmp(&b.last)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The distinct texts of the reports, each read once: its span and value, and its content
/// words and actor names as sorted numbers. Reports of one wire story share one.
struct Texts {
    /// Each report's text.
    of: Vec<u32>,
    texts: Vec<Text>,
    /// The sets of every text, one after another: label words, sentence words, actor names,
    /// named actors. Words are numbered rarest first (by how many reports have them, then by
    /// first use), so a set's rarest words are its first.
    ids: Vec<u32>,
    /// How many distinct words there are.
    words: usize,
}

/// One distinct text of reports (value, label, sentence and actors).
struct Text {
    /// Its first report.
    first: u32,
    /// How many reports have it.
    count: u32,
    days: Option<Days>,
    /// The value's number: equal numbers for values equal but for ASCII case.
    value: u32,
    /// Where its sets start in [`Texts::ids`].
    start: u32,
    /// The lengths of its sets: label words, sentence words, actor names (folded to lower
    /// case), and those that are persons or organisations (not places the gazetteer knows).
    lens: [u32; 4],
}

/// Numbers for strings, in order of first use.
#[derive(Default)]
struct Numbers(HashMap<Box<str>, u32, BuildHasherDefault<FastHash>>);

impl Numbers {
    fn of(&mut self, s: &str) -> u32 {
        if let Some(&n) = self.0.get(s) {
            return n;
        }
        let n = ix(self.0.len());
        self.0.insert(s.into(), n);
        n
    }
}

/// Sorts and dedups `ids[start..]`; its new length.
fn set_from(ids: &mut Vec<u32>, start: usize) -> u32 {
    ids[start..].sort_unstable();
    let mut kept = start;
    for k in start..ids.len() {
        if kept == start || ids[k] != ids[kept - 1] {
            ids[kept] = ids[k];
            kept += 1;
        }
    }
    ids.truncate(kept);
    ix(kept - start)
}

/// A hash of what makes a report's text (see [`same_text`]).
fn text_hash(e: &EventRef<'_>) -> u64 {
    let mut h = FastHash::default();
    (e.value, e.label, e.sentence_text, e.actors).hash(&mut h);
    h.finish()
}

/// A fast hash (FxHash's rotate, xor and multiply over 8-byte words), for telling texts
/// apart: two texts with one hash are still compared, so a collision costs only sharing.
#[derive(Default)]
struct FastHash(u64);

impl FastHash {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHash {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut word = [0; 8];
        word[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(word));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// True when two reports have the same text: the same value, label, sentence and actors.
fn same_text(a: &EventRef<'_>, b: &EventRef<'_>) -> bool {
    a.value == b.value
        && a.label == b.label
        && a.sentence_text == b.sentence_text
        && a.actors == b.actors
}

impl Texts {
    fn new(events: &[EventRef<'_>], is_place: &dyn Fn(&str) -> bool) -> Texts {
        let mut of = Vec::with_capacity(events.len());
        let mut texts: Vec<Text> = Vec::new();
        let mut by_hash: HashMap<u64, u32> = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            let first = |t: u32| &events[texts[t as usize].first as usize];
            let t = match by_hash.entry(text_hash(e)) {
                Entry::Occupied(o) if same_text(first(*o.get()), e) => *o.get(),
                entry => {
                    // a new text (or, should two texts share a hash, one not found by it)
                    let t = ix(texts.len());
                    if let Entry::Vacant(v) = entry {
                        v.insert(t);
                    }
                    texts.push(Text {
                        first: ix(i),
                        count: 0,
                        days: None,
                        value: 0,
                        start: 0,
                        lens: [0; 4],
                    });
                    t
                }
            };
            texts[t as usize].count += 1;
            of.push(t);
        }
        drop(by_hash);

        let (mut words, mut names, mut values) =
            (Numbers::default(), Numbers::default(), Numbers::default());
        let mut ids: Vec<u32> = Vec::new();
        // per word: how many reports have it in their label or sentence (twice for both)
        let mut df: Vec<u64> = Vec::new();
        let mut buf = String::new();
        for text in &mut texts {
            let e = &events[text.first as usize];
            let value = e.value.trim();
            text.days = Days::parse(value);
            buf.clear();
            buf.push_str(value);
            buf.make_ascii_lowercase();
            text.value = values.of(&buf);
            text.start = ix(ids.len());
            for (k, s) in [e.label, e.sentence_text].into_iter().enumerate() {
                let start = ids.len();
                content_words(s, &mut buf, |w| ids.push(words.of(w)));
                text.lens[k] = set_from(&mut ids, start);
                for &w in &ids[start..] {
                    let w = w as usize;
                    if df.len() <= w {
                        df.resize(w + 1, 0);
                    }
                    df[w] += u64::from(text.count);
                }
            }
            let start = ids.len();
            ids.extend(e.actors.iter().map(|a| names.of(&a.trim().to_lowercase())));
            text.lens[2] = set_from(&mut ids, start);
            let start = ids.len();
            ids.extend(
                e.actors
                    .iter()
                    .filter(|a| !is_place(a))
                    .map(|a| names.of(&a.trim().to_lowercase())),
            );
            text.lens[3] = set_from(&mut ids, start);
        }
        // number the words rarest first
        let mut by_rarity: Vec<u32> = (0..df.len()).map(ix).collect();
        by_rarity.sort_unstable_by_key(|&w| (df[w as usize], w));
        let mut rank = vec![0; df.len()];
        for (r, &w) in by_rarity.iter().enumerate() {
            rank[w as usize] = ix(r);
        }
        for text in &texts {
            let start = text.start as usize;
            let [label, sentence, ..] = text.lens.map(|n| n as usize);
            let (label, rest) = ids[start..start + label + sentence].split_at_mut(label);
            for set in [label, rest] {
                for w in set.iter_mut() {
                    *w = rank[*w as usize];
                }
                set.sort_unstable();
            }
        }
        ids.shrink_to_fit();
        Texts {
            of,
            texts,
            ids,
            words: df.len(),
        }
    }

    /// The text of report `i`.
    fn text(&self, i: u32) -> &Text {
        &self.texts[self.of[i as usize] as usize]
    }

    /// Set `k` of text `t` (see [`Text::lens`]).
    fn set(&self, t: u32, k: usize) -> &[u32] {
        let text = &self.texts[t as usize];
        let start = text.start as usize + text.lens[..k].iter().map(|&n| n as usize).sum::<usize>();
        &self.ids[start..start + text.lens[k] as usize]
    }

    /// The keys of text `t`: its rarest label words (odd keys) and sentence words (even), as
    /// many as a set with Jaccard overlap at least [`WORD_JACCARD`] with another must share
    /// one of, when both are cut so: `|set| - ceil(t·|set|) + 1`.
    fn keys(&self, t: u32) -> impl Iterator<Item = usize> + '_ {
        fn rarest(set: &[u32]) -> impl Iterator<Item = usize> + '_ {
            let keep = set.len() - (WORD_JACCARD * set.len() as f64).ceil() as usize + 1;
            set[..keep.min(set.len())].iter().map(|&w| 2 * w as usize)
        }
        rarest(self.set(t, 0))
            .map(|k| k + 1)
            .chain(rarest(self.set(t, 1)))
    }

    /// How the dates of texts `a` and `b` relate; [`Rel::Near`] holds only for reports of
    /// different articles.
    fn relation(&self, a: u32, b: u32) -> Rel {
        let (ta, tb) = (&self.texts[a as usize], &self.texts[b as usize]);
        if ta.value == tb.value {
            return Rel::Same;
        }
        let (Some(sa), Some(sb)) = (ta.days, tb.days) else {
            return Rel::Apart;
        };
        match (sa.day_level, sb.day_level) {
            (true, true) if sa.overlaps(sb) => Rel::Same,
            (true, true) if sa.gap(sb) <= CONFLICT_DAYS => Rel::Near,
            (true, true) => Rel::Apart,
            // two coarse values: the same event only when one holds the other
            (false, false) if sa.holds(sb) || sb.holds(sa) => Rel::Inside,
            _ if sa.overlaps(sb) => Rel::Inside,
            _ => Rel::Apart,
        }
    }

    /// The similarity of texts `a` and `b`, whose dates relate by `rel`, when they are of the
    /// same event (the mean of the actor and wording overlaps), else `None`.
    fn same_event(&self, rel: Rel, a: u32, b: u32) -> Option<f64> {
        if rel == Rel::Apart {
            return None;
        }
        let words =
            jaccard(self.set(a, 0), self.set(b, 0)).max(jaccard(self.set(a, 1), self.set(b, 1)));
        let (actors_a, actors_b) = (self.set(a, 2), self.set(b, 2));
        let actors = Overlap {
            actors: jaccard(actors_a, actors_b),
            none: actors_a.is_empty() && actors_b.is_empty(),
            shared_named: shared(self.set(a, 3), self.set(b, 3)),
        };
        same_event(rel, words, actors)
    }
}

/// How the actors of two reports overlap.
struct Overlap {
    /// The Jaccard overlap of their actor names.
    actors: f64,
    /// Neither report has actors.
    none: bool,
    /// How many persons and organisations (not places) they share.
    shared_named: usize,
}

/// The similarity of two reports whose dates relate by `rel`, whose wording overlaps by
/// `words` and whose actors by `overlap`, when they are of the same event (the mean of the
/// actor and wording overlaps), else `None`.
fn same_event(rel: Rel, words: f64, overlap: Overlap) -> Option<f64> {
    let Overlap {
        actors,
        none,
        shared_named,
    } = overlap;
    let actors_ok = if none {
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

/// The clusters, each a list of its reports in the order they joined, linked through the
/// reports.
struct Clusters {
    head: Vec<u32>,
    tail: Vec<u32>,
    len: Vec<u32>,
    /// The last day its reports give.
    reach: Vec<Option<i32>>,
    /// Per report: the report that joined its cluster after it, or [`NONE`].
    next: Vec<u32>,
}

impl Clusters {
    fn len(&self) -> usize {
        self.head.len()
    }

    /// The reports of cluster `c`, in the order they joined.
    fn members(&self, c: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(self.head[c as usize]), |&m| {
            Some(self.next[m as usize]).filter(|&n| n != NONE)
        })
    }

    /// The reports cluster `c` is judged by: its first [`SAMPLE`].
    fn sample(&self, c: u32) -> impl Iterator<Item = u32> + '_ {
        self.members(c).take(SAMPLE)
    }

    fn members_into(&self, c: u32, out: &mut Vec<u32>) {
        out.clear();
        out.extend(self.members(c));
    }

    /// A new cluster of report `i`, whose value ends on `last`.
    fn start(&mut self, i: u32, last: Option<i32>) -> u32 {
        self.head.push(i);
        self.tail.push(i);
        self.len.push(1);
        self.reach.push(last);
        ix(self.head.len() - 1)
    }

    /// Report `i`, whose value ends on `last`, joins cluster `c`.
    fn join(&mut self, c: u32, i: u32, last: Option<i32>) {
        let c = c as usize;
        self.next[self.tail[c] as usize] = i;
        self.tail[c] = i;
        self.len[c] += 1;
        self.reach[c] = match (self.reach[c], last) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }

    /// False when cluster `c` ends more than [`CONFLICT_DAYS`] before `first`: reports come by
    /// first day, so it can take no report from `first` on.
    fn live(&self, c: u32, first: i32) -> bool {
        self.reach[c as usize].is_none_or(|last| first - last <= CONFLICT_DAYS)
    }
}

/// A report's judgement, remembered for the next reports of its text: it holds while no
/// cluster posted under the text's keys has appeared or changed the reports it is judged by,
/// for reports not of `articles` (those of judged reports a few days off in the clusters it
/// could join, which are the same event only as reports of other articles). It is not made
/// when a cluster turned the report down for being of the article of such a report.
struct Memo {
    /// When it was made (position in the order, from 1).
    at: u32,
    best: Option<u32>,
    articles: Box<[usize]>,
}

/// The greedy clustering, report by report in the fixed order.
struct Clustering<'a, 'e> {
    events: &'a [EventRef<'e>],
    texts: &'a Texts,
    clusters: Clusters,
    /// Per key (see [`Texts::keys`]): the clusters whose judged reports have it, oldest first.
    postings: Vec<Vec<u32>>,
    /// Entries in `postings`, and how many there may be before the next sweep.
    entries: usize,
    sweep_at: usize,
    /// Per key: when a cluster posted under it last appeared or changed its judged reports.
    changed: Vec<u32>,
    /// Per text: its reports still to come.
    remaining: Vec<u32>,
    memos: HashMap<u32, Memo>,
    /// For reports whose value is not a date: per value, the clusters whose first report has
    /// it (made when the first such report comes).
    by_value: Option<HashMap<u32, Vec<u32>>>,
    /// Per cluster: the last report that looked at it, and how many of its keys it shares.
    seen: Vec<u32>,
    hits: Vec<u32>,
    candidates: Vec<u32>,
    /// Articles of judged reports a few days off the report being judged, in the clusters
    /// it may join, and whether a cluster turned it down for being of its own article.
    near: Vec<usize>,
    by_article: bool,
}

impl<'a, 'e> Clustering<'a, 'e> {
    fn new(events: &'a [EventRef<'e>], texts: &'a Texts) -> Self {
        Clustering {
            events,
            texts,
            clusters: Clusters {
                head: Vec::new(),
                tail: Vec::new(),
                len: Vec::new(),
                reach: Vec::new(),
                next: vec![NONE; events.len()],
            },
            postings: vec![Vec::new(); 2 * texts.words],
            entries: 0,
            sweep_at: SWEEP_MIN + 2 * texts.words,
            changed: vec![0; 2 * texts.words],
            remaining: texts.texts.iter().map(|t| t.count).collect(),
            memos: HashMap::new(),
            by_value: None,
            seen: Vec::new(),
            hits: Vec::new(),
            candidates: Vec::new(),
            near: Vec::new(),
            by_article: false,
        }
    }

    /// Clusters the reports in `order`, each of an earlier event (`prior`, see
    /// [`merge_events_onto`]) into that event's cluster, the others as judged.
    fn run(mut self, order: &[u32], prior: &[Option<u32>]) -> Clusters {
        // per earlier event: its cluster, once its first report came
        let mut cluster_of: HashMap<u32, u32> = HashMap::new();
        for (k, &i) in order.iter().enumerate() {
            let now = ix(k + 1);
            let best = match prior.get(i as usize).copied().flatten() {
                Some(event) => match cluster_of.entry(event) {
                    Entry::Occupied(c) => Some(*c.get()),
                    Entry::Vacant(v) => {
                        v.insert(ix(self.clusters.len()));
                        None
                    }
                },
                None => self.best_cluster(i, now),
            };
            self.add(i, best, now);
        }
        self.clusters
    }

    /// The cluster report `i` joins: of those it is the same event as at least half the judged
    /// reports of, with none too far off, the one it is most like on average (ties: the
    /// oldest); `None` for a new one.
    fn best_cluster(&mut self, i: u32, now: u32) -> Option<u32> {
        let texts = self.texts;
        let t = texts.of[i as usize];
        let article = self.events[i as usize].article;
        if let Some(memo) = self.memos.get(&t)
            && memo.articles.binary_search(&article).is_err()
            && texts.keys(t).all(|k| self.changed[k] < memo.at)
        {
            return memo.best;
        }
        let days = texts.texts[t as usize].days;
        match days {
            Some(days) => self.candidates_sharing_words(t, days.first, now),
            None => self.candidates_of_value(t),
        }
        self.near.clear();
        self.by_article = false;
        let mut best: Option<(u32, f64)> = None;
        for k in 0..self.candidates.len() {
            let c = self.candidates[k];
            if let Some(mean) = self.judge(i, c)
                && best.is_none_or(|(_, s)| mean > s)
            {
                best = Some((c, mean));
            }
        }
        let best = best.map(|(c, _)| c);
        if days.is_some() && self.remaining[t as usize] > 1 {
            self.near.sort_unstable();
            self.near.dedup();
            if self.near.len() <= MEMO_ARTICLES && !self.by_article {
                let memo = Memo {
                    at: now,
                    best,
                    articles: self.near.as_slice().into(),
                };
                self.memos.insert(t, memo);
            } else {
                self.memos.remove(&t);
            }
        }
        best
    }

    /// Fills `candidates` with the live clusters that share a key with text `t` (whose first
    /// day is `first`), ascending; when more than [`MAX_CANDIDATES`], those sharing most.
    fn candidates_sharing_words(&mut self, t: u32, first: i32, now: u32) {
        if self.entries > self.sweep_at {
            self.sweep(first);
        }
        self.candidates.clear();
        for key in self.texts.keys(t) {
            let list = &self.postings[key];
            for &c in &list[list.len().saturating_sub(MAX_SCAN)..] {
                let k = c as usize;
                if self.seen[k] != now {
                    self.seen[k] = now;
                    self.hits[k] = 0;
                    if self.clusters.live(c, first) {
                        self.hits[k] = 1;
                        self.candidates.push(c);
                    }
                } else if self.hits[k] > 0 {
                    self.hits[k] += 1;
                }
            }
        }
        if self.candidates.len() > MAX_CANDIDATES {
            let hits = &self.hits;
            self.candidates
                .select_nth_unstable_by_key(MAX_CANDIDATES - 1, |&c| {
                    (Reverse(hits[c as usize]), c)
                });
            self.candidates.truncate(MAX_CANDIDATES);
        }
        self.candidates.sort_unstable();
    }

    /// Fills `candidates` for text `t`, whose value is not a date: it is the same event only
    /// as reports of the same value (but for case), so the clusters whose first report has it.
    fn candidates_of_value(&mut self, t: u32) {
        let (texts, clusters) = (self.texts, &self.clusters);
        let by_value = self.by_value.get_or_insert_with(|| {
            let mut by_value: HashMap<u32, Vec<u32>> = HashMap::new();
            for (c, &head) in clusters.head.iter().enumerate() {
                by_value
                    .entry(texts.text(head).value)
                    .or_default()
                    .push(ix(c));
            }
            by_value
        });
        let list = by_value
            .get(&texts.texts[t as usize].value)
            .map_or(&[][..], Vec::as_slice);
        self.candidates.clear();
        self.candidates
            .extend_from_slice(&list[list.len().saturating_sub(MAX_CANDIDATES)..]);
    }

    /// Drops the clusters that end more than [`CONFLICT_DAYS`] before `first` from the posting
    /// lists: they can take no report from `first` on. Run when the lists have grown to twice
    /// their size after the last sweep (and by at least their number), so each entry is swept
    /// a bounded number of times.
    fn sweep(&mut self, first: i32) {
        let clusters = &self.clusters;
        let mut entries = 0;
        for list in &mut self.postings {
            list.retain(|&c| clusters.live(c, first));
            if list.len() * 4 < list.capacity() {
                list.shrink_to_fit();
            }
            entries += list.len();
        }
        self.entries = entries;
        self.sweep_at = 2 * entries + SWEEP_MIN + self.postings.len();
    }

    /// The mean similarity of report `i` to the judged reports of cluster `c`, when it is the
    /// same event as at least half of them and none gives a date too far from its own. When it
    /// is, the articles of judged reports a few days off go to `near` (a report of one of them
    /// would not be); when it is not only because one is of the report's own article,
    /// `by_article` is set.
    fn judge(&mut self, i: u32, c: u32) -> Option<f64> {
        let texts = self.texts;
        let me = texts.of[i as usize];
        let article = self.events[i as usize].article;
        let near = self.near.len();
        let (mut members, mut scored, mut sum) = (0usize, 0usize, 0.0);
        // judged reports of one text (a wire story's first reprints) are compared once
        let mut last: Option<(u32, Rel, Option<f64>)> = None;
        for m in self.clusters.sample(c) {
            members += 1;
            let other = texts.of[m as usize];
            let (rel, score) = match last {
                Some((text, rel, score)) if text == other => (rel, score),
                _ => {
                    let rel = texts.relation(me, other);
                    (rel, texts.same_event(rel, me, other))
                }
            };
            last = Some((other, rel, score));
            if rel == Rel::Near {
                let other_article = self.events[m as usize].article;
                if other_article == article {
                    self.near.truncate(near);
                    self.by_article = true;
                    return None;
                }
                self.near.push(other_article);
            }
            if rel == Rel::Apart {
                self.near.truncate(near);
                return None;
            }
            if let Some(score) = score {
                sum += score;
                scored += 1;
            }
        }
        if scored == 0 || scored * 2 < members {
            self.near.truncate(near);
            return None;
        }
        Some(sum / scored as f64)
    }

    /// Adds report `i` to cluster `best`, or to a new one; while the cluster's judged reports
    /// change, posts it under the report's keys and marks the keys of all of them changed.
    fn add(&mut self, i: u32, best: Option<u32>, now: u32) {
        let texts = self.texts;
        let t = texts.of[i as usize];
        let text = &texts.texts[t as usize];
        let last = text.days.map(|s| s.last);
        let c = match best {
            Some(c) => {
                self.clusters.join(c, i, last);
                c
            }
            None => {
                let c = self.clusters.start(i, last);
                self.seen.push(0);
                self.hits.push(0);
                if let Some(by_value) = &mut self.by_value {
                    by_value.entry(text.value).or_default().push(c);
                }
                c
            }
        };
        // reports without a date come last and are judged through `by_value`
        if text.days.is_some() && self.clusters.len[c as usize] as usize <= SAMPLE {
            for key in texts.keys(t) {
                let list = &mut self.postings[key];
                if list.last() != Some(&c) {
                    list.push(c);
                    self.entries += 1;
                }
            }
            for m in self.clusters.sample(c) {
                for key in texts.keys(texts.of[m as usize]) {
                    self.changed[key] = now;
                }
            }
        }
        self.remaining[t as usize] -= 1;
        if self.remaining[t as usize] == 0 {
            self.memos.remove(&t);
        }
    }
}

/// How two reports' dates relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
    /// The same value, or day-level values that overlap.
    Same,
    /// A value inside a coarser one, or two coarse values one holding the other.
    Inside,
    /// Day-level values of different articles at most [`CONFLICT_DAYS`] apart.
    Near,
    Apart,
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

/// Calls `f` with each content word of `s`: lower-cased, without stop words, numbers and
/// calendar names, a possessive or plural `s` dropped. `buf` is scratch space.
fn content_words(s: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for w in s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’') {
        let w = w.trim_matches(|c| c == '\'' || c == '’');
        buf.clear();
        if w.is_ascii() {
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else {
            buf.push_str(&w.to_lowercase());
        }
        let mut w = buf.as_str();
        w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .unwrap_or(w);
        if let Some(stem) = w.strip_suffix('s')
            && stem.chars().count() >= 3
            && !stem.ends_with('s')
        {
            w = stem;
        }
        if !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()) && !IGNORED.contains(w) {
            f(w);
        }
    }
}

/// The fixed order reports are clustered in: by date, then value, label, sentence, article,
/// outlet, actors, input index. Texts are put in order once, each report then by its text's
/// place.
fn input_order(events: &[EventRef<'_>], texts: &Texts) -> Vec<u32> {
    let first = |t: u32| &events[texts.texts[t as usize].first as usize];
    let text_order = |a: u32, b: u32| {
        let (ea, eb) = (first(a), first(b));
        days_order(texts.texts[a as usize].days, texts.texts[b as usize].days)
            .then_with(|| ea.value.cmp(eb.value))
            .then_with(|| ea.label.cmp(eb.label))
            .then_with(|| ea.sentence_text.cmp(eb.sentence_text))
    };
    let mut by_text: Vec<u32> = (0..texts.texts.len()).map(ix).collect();
    by_text.sort_by(|&a, &b| text_order(a, b));
    // equal places for texts that differ only in their actors
    let mut place = vec![0; by_text.len()];
    for k in 1..by_text.len() {
        let step = u32::from(text_order(by_text[k - 1], by_text[k]) != Ordering::Equal);
        place[by_text[k] as usize] = place[by_text[k - 1] as usize] + step;
    }
    let mut order: Vec<u32> = (0..events.len()).map(ix).collect();
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&events[a as usize], &events[b as usize]);
        place[texts.of[a as usize] as usize]
            .cmp(&place[texts.of[b as usize] as usize])
            .then_with(|| ea.article.cmp(&eb.article))
            .then_with(|| ea.outlet.cmp(&eb.outlet))
            .then_with(|| ea.actors.cmp(eb.actors))
            .then_with(|| a.cmp(&b))
    });
    order
}

/// One cluster (its reports in the order they joined) as a [`MergedEvent`], with the days of
/// its value for sorting.
fn summarise(
    events: &[EventRef<'_>],
    texts: &Texts,
    members: &[u32],
) -> (Option<Days>, MergedEvent) {
    // (value, article, report) of each report, by value
    let mut rows: Vec<(&str, usize, u32)> = members
        .iter()
        .map(|&m| {
            let e = &events[m as usize];
            (e.value.trim(), e.article, m)
        })
        .collect();
    rows.sort_unstable();
    let by_value: Vec<&[(&str, usize, u32)]> = rows.chunk_by(|a, b| a.0 == b.0).collect();
    let articles =
        |rows: &[(&str, usize, u32)]| 1 + rows.windows(2).filter(|w| w[0].1 != w[1].1).count();
    let width = |v: &str| Days::parse(v).map_or(i32::MAX, Days::width);
    let value = by_value
        .iter()
        .map(|rows| (rows[0].0, articles(rows)))
        .max_by(|(va, aa), (vb, ab)| {
            aa.cmp(ab)
                .then_with(|| width(vb).cmp(&width(va)))
                .then_with(|| vb.cmp(va))
        })
        .map_or_else(String::new, |(v, _)| v.to_string());
    let chosen = Days::parse(&value);

    // the distinct texts, in order of their first report, with how many reports have each
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let mut distinct: Vec<(u32, usize)> = Vec::new();
    for &m in members {
        let t = texts.of[m as usize];
        let k = *seen.entry(t).or_insert_with(|| {
            distinct.push((t, 0));
            distinct.len() - 1
        });
        distinct[k].1 += 1;
    }
    let label = typical_label(events, texts, &distinct, &value);

    let mut reports: Vec<usize> = members.iter().map(|&m| m as usize).collect();
    reports.sort_unstable();

    let actors = ranked_actors(
        distinct
            .iter()
            .map(|&(t, n)| (events[texts.texts[t as usize].first as usize].actors, n)),
    );

    let conflicting_values = by_value
        .into_iter()
        .filter(|rows| conflicts(rows[0].0, &value, chosen))
        .map(|rows| {
            let mut idx: Vec<usize> = rows.iter().map(|r| r.2 as usize).collect();
            idx.sort_unstable();
            (rows[0].0.to_string(), idx)
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

/// The actor names of a cluster's reports, given as (names, how many reports give them), the
/// most reported first (ties by name); a name counts once per report.
fn ranked_actors<'a>(reports: impl Iterator<Item = (&'a [String], usize)>) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (names, n) in reports {
        let names: BTreeSet<&str> = names.iter().map(String::as_str).collect();
        for a in names {
            *counts.entry(a).or_default() += n;
        }
    }
    let mut actors: Vec<(&str, usize)> = counts.into_iter().collect();
    actors.sort_by(|(na, ca), (nb, cb)| cb.cmp(ca).then_with(|| na.cmp(nb)));
    actors.into_iter().map(|(n, _)| n.to_string()).collect()
}

/// True when `other`, given for an event whose value is `value` (its days `chosen`), is a
/// conflicting value: another day or interval, or a coarser value that does not hold it.
fn conflicts(other: &str, value: &str, chosen: Option<Days>) -> bool {
    other != value
        && match (Days::parse(other), chosen) {
            (Some(s), Some(c)) => s.day_level || !s.holds(c),
            _ => true,
        }
}

/// The label of the report giving `value` whose label words are most like those of the
/// cluster's other reports (the sum of the Jaccard overlaps; ties: the label first in text
/// order), from the cluster's distinct texts (in order of their first report, with how many
/// reports have each). Reports with the same label words count together: each distinct set is
/// compared once with each other, in the order of their first report.
fn typical_label(
    events: &[EventRef<'_>],
    texts: &Texts,
    distinct: &[(u32, usize)],
    value: &str,
) -> String {
    let mut sets: Vec<(&[u32], usize)> = Vec::new();
    let mut set_of: HashMap<&[u32], usize> = HashMap::new();
    let mut set_of_text: Vec<usize> = Vec::with_capacity(distinct.len());
    for &(t, n) in distinct {
        let set = texts.set(t, 0);
        let k = *set_of.entry(set).or_insert_with(|| {
            sets.push((set, 0));
            sets.len() - 1
        });
        sets[k].1 += n;
        set_of_text.push(k);
    }
    let mut typicality: Vec<Option<f64>> = vec![None; sets.len()];
    let mut best: Option<(f64, &str)> = None;
    for (&(t, _), &k) in distinct.iter().zip(&set_of_text) {
        let e = &events[texts.texts[t as usize].first as usize];
        if e.value.trim() != value {
            continue;
        }
        let own = sets[k].0;
        let typ = *typicality[k].get_or_insert_with(|| {
            let mut sum = 0.0;
            for (j, &(set, n)) in sets.iter().enumerate() {
                // a report is not compared with itself
                let n = n - usize::from(j == k);
                if n > 0 {
                    sum += n as f64 * jaccard(own, set);
                }
            }
            sum
        });
        let better = best.is_none_or(|(b, label)| {
            typ.total_cmp(&b).then_with(|| label.cmp(e.label)) != Ordering::Less
        });
        if better {
            best = Some((typ, e.label));
        }
    }
    best.map_or_else(String::new, |(_, label)| label.to_string())
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

    /// Thousands of reports of one day (a big story's archive: one wire story reprinted, a
    /// few rewrites) merge into their events. Before the merge was made linear this took
    /// minutes: the label was chosen by comparing every report with every other.
    #[test]
    fn thousands_of_reports_of_one_day() {
        let sentences = [
            "Soldiers detained President Bazoum in the presidential palace in Niamey.",
            "Presidential guards detained Mohamed Bazoum at his residence in Niamey.",
            "The guards detained President Mohamed Bazoum in Niamey, his party said.",
            "West African army chiefs met in Accra to plan the standby force.",
        ];
        let actors = [
            vec!["Mohamed Bazoum".to_string(), "Niamey".to_string()],
            vec!["ECOWAS".to_string(), "Accra".to_string()],
        ];
        let events: Vec<EventRef<'_>> = (0..20_000)
            .map(|i| {
                let s = i % sentences.len();
                EventRef {
                    article: i / 2,
                    outlet: Some(["A", "B", "C"][i % 3]),
                    value: if i % 1000 == 1 {
                        "2023-07-27"
                    } else {
                        "2023-07-26"
                    },
                    label: sentences[s],
                    actors: &actors[usize::from(s == 3)],
                    sentence_text: sentences[s],
                }
            })
            .collect();
        let merged = merge_events(&events);
        let sizes: Vec<(usize, &str)> = merged
            .iter()
            .map(|m| (m.reports.len(), m.label.as_str()))
            .collect();
        assert_eq!(
            sizes,
            vec![(15_000, sentences[1]), (5_000, sentences[3])],
            "{sizes:?}"
        );
        assert_eq!(merged[0].value, "2023-07-26");
        // another outlet gives the next day: same article pairs are never "near", but
        // different articles are
        assert_eq!(merged[0].conflicting_values[0].0, "2023-07-27");
    }

    /// A report is judged against at most MAX_CANDIDATES clusters: those that share most of
    /// its rarest words.
    #[test]
    fn candidates_are_bounded() {
        // one distinct event per report, all sharing the word "summit" and the day; the
        // later the report, the more words it shares with the last one
        // (short sentences: every word is among the rarest)
        let sentences: Vec<String> = (0..MAX_CANDIDATES + 40)
            .map(|i| {
                let extra = if i >= 40 { " zebra" } else { "" };
                format!("summit{extra} w{i}")
            })
            .collect();
        let last = "summit zebra".to_string();
        let mut events: Vec<EventRef<'_>> = sentences
            .iter()
            .enumerate()
            .map(|(i, s)| EventRef {
                article: i,
                outlet: None,
                value: "2023-07-26",
                label: s,
                actors: &[],
                sentence_text: s,
            })
            .collect();
        events.push(EventRef {
            article: 10_000,
            outlet: None,
            value: "2023-07-26",
            label: &last,
            actors: &[],
            sentence_text: &last,
        });
        let texts = Texts::new(&events, &|_| false);
        let mut clustering = Clustering::new(&events, &texts);
        for i in 0..sentences.len() {
            let now = ix(i + 1);
            clustering.add(ix(i), None, now);
        }
        let me = ix(sentences.len());
        let first = Days::parse("2023-07-26").map(|s| s.first);
        let Some(first) = first else {
            panic!("a day parses");
        };
        clustering.candidates_sharing_words(texts.of[me as usize], first, me + 1);
        let candidates = clustering.candidates.clone();
        assert_eq!(candidates.len(), MAX_CANDIDATES);
        // those sharing two words (summit, zebra) are kept before those sharing one
        assert!(candidates.iter().all(|&c| c >= 40), "{candidates:?}");
        assert!(candidates.windows(2).all(|w| w[0] < w[1]));
    }

    /// The merge gives exactly what the greedy clustering it replaced gives (kept in
    /// `reference`), on reports drawn from a few values, wordings, actors and articles so
    /// that texts repeat, clusters outgrow their sample and dates are a few days apart.
    mod equivalence {
        use super::*;
        use proptest::prelude::*;

        const VALUES: [&str; 11] = [
            "2023-08-17",
            "2023-08-18",
            "2023-08-21",
            "2023-08-30",
            "2023-08-17/2023-08-18",
            "2023-W33",
            "2023-08-24",
            "2023-08",
            "2023",
            "D-day",
            "d-DAY",
        ];
        const SENTENCES: [&str; 6] = [
            "West African army chiefs will meet in Accra to plan the standby force.",
            "Army chiefs from West Africa meet in Accra on the standby force.",
            "The standby force will be planned by army chiefs meeting in Accra.",
            "Protesters attacked the French embassy in Niamey and burned flags.",
            "Protesters burned flags at the embassy of France in Niamey.",
            "The junta closed the airspace of Niger until further notice.",
        ];
        const LABELS: [&str; 6] = [
            "army chiefs will meet in Accra",
            "chiefs meet in Accra",
            "standby force planned",
            "Protesters attacked the French embassy",
            "burned flags at the embassy",
            "closed the airspace",
        ];
        const ACTORS: [&[&str]; 5] = [
            &[],
            &["ECOWAS", "Accra"],
            &["ECOWAS"],
            &["France", "Niamey"],
            &["Mohamed Bazoum", "Niamey", "ECOWAS"],
        ];

        /// (article, outlet, value, sentence, label, actors) as indices into the pools.
        type Row = (usize, usize, usize, usize, usize, usize);

        /// Up to `most` rows drawn from the first `kinds` of each pool (a few kinds: texts
        /// repeat and clusters grow large).
        fn rows(most: usize, kinds: usize) -> impl Strategy<Value = Vec<Row>> {
            let row = (
                0..12usize,
                0..3usize,
                0..VALUES.len().min(kinds + 2),
                0..kinds,
                (0..kinds).prop_map(|k| if k == 0 { 6 } else { k }),
                0..kinds.min(ACTORS.len()),
            );
            proptest::collection::vec(row, 0..most)
        }

        fn events<'a>(rows: &[Row], actors: &'a [Vec<String>]) -> Vec<EventRef<'a>> {
            rows.iter()
                .map(
                    |&(article, outlet, value, sentence, label, actor)| EventRef {
                        article,
                        outlet: Some(["A", "B", "C"][outlet]),
                        value: VALUES[value],
                        // label 6: the whole sentence
                        label: LABELS.get(label).copied().unwrap_or(SENTENCES[sentence]),
                        actors: &actors[actor],
                        sentence_text: SENTENCES[sentence],
                    },
                )
                .collect()
        }

        /// The sum of the Jaccard overlaps of the label of `g`'s words with those of the
        /// other reports of `members`, as the reference computes it.
        fn typicality(events: &[EventRef<'_>], members: &[usize], label: &str) -> f64 {
            let words = |s: &str| {
                reference::content_words(s)
                    .into_iter()
                    .collect::<BTreeSet<String>>()
            };
            let own = words(label);
            let mut others: Vec<BTreeSet<String>> =
                members.iter().map(|&m| words(events[m].label)).collect();
            // the report itself: one report with this label
            if let Some(k) = members.iter().position(|&m| events[m].label == label) {
                others.remove(k);
            }
            others
                .iter()
                .map(|o| {
                    let inter = own.intersection(o).count();
                    let union = own.len() + o.len() - inter;
                    if union == 0 {
                        0.0
                    } else {
                        inter as f64 / union as f64
                    }
                })
                .sum()
        }

        fn check(rows: &[Row]) {
            let actors: Vec<Vec<String>> = ACTORS
                .iter()
                .map(|a| a.iter().map(|s| (*s).to_string()).collect())
                .collect();
            let events = events(rows, &actors);
            let mut new = merge_events(&events);
            let mut old = reference::merge_events(&events);
            new.sort_by(|a, b| a.reports.cmp(&b.reports));
            old.sort_by(|a, b| a.reports.cmp(&b.reports));
            assert_eq!(new.len(), old.len(), "{new:#?}\n{old:#?}");
            for (n, o) in new.iter().zip(&old) {
                assert_eq!(
                    (&n.value, &n.reports, &n.actors, &n.conflicting_values),
                    (&o.value, &o.reports, &o.actors, &o.conflicting_values)
                );
                if n.label != o.label {
                    // only where two labels are equally typical and the old sum's rounding
                    // picked one: the merge takes the first in text order
                    let (tn, to) = (
                        typicality(&events, &n.reports, &n.label),
                        typicality(&events, &n.reports, &o.label),
                    );
                    assert!(
                        (tn - to).abs() < 1e-9 && n.label < o.label,
                        "{n:#?}\n{o:#?}"
                    );
                }
            }
        }

        /// Each report's event in `merged`, as [`merge_events_onto`] takes it.
        fn events_of(merged: &[MergedEvent], reports: usize) -> Vec<Option<u32>> {
            let mut prior = vec![None; reports];
            for (e, event) in merged.iter().enumerate() {
                for &r in &event.reports {
                    prior[r] = Some(ix(e));
                }
            }
            prior
        }

        /// Merging onto the events of a whole merge gives it again; merging onto the events of
        /// the first `earlier` reports keeps each of them whole and apart, and places every
        /// report once.
        fn check_onto(rows: &[Row], earlier: usize) {
            let actors: Vec<Vec<String>> = ACTORS
                .iter()
                .map(|a| a.iter().map(|s| (*s).to_string()).collect())
                .collect();
            let events = events(rows, &actors);
            let whole = merge_events(&events);
            let again = merge_events_onto(&events, &events_of(&whole, events.len()));
            assert_eq!(again, whole);

            let earlier = earlier.min(events.len());
            let before = merge_events(&events[..earlier]);
            let prior = events_of(&before, earlier);
            let after = merge_events_onto(&events, &prior);
            let mut placed = vec![0; events.len()];
            for event in &after {
                let mut of: Vec<u32> = Vec::new();
                for &r in &event.reports {
                    placed[r] += 1;
                    of.extend(prior.get(r).copied().flatten());
                }
                of.sort_unstable();
                of.dedup();
                assert!(of.len() <= 1, "two earlier events merged: {event:#?}");
                if let Some(&e) = of.first() {
                    let reports = &before[e as usize].reports;
                    assert!(
                        reports.iter().all(|r| event.reports.contains(r)),
                        "an earlier event split: {reports:?} in {event:#?}"
                    );
                }
            }
            assert!(placed.iter().all(|&n| n == 1), "{placed:?}");
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            #[test]
            fn onto_earlier_events(rows in rows(60, 4), earlier in 0..60usize) {
                check_onto(&rows, earlier);
            }

            #[test]
            fn same_as_the_greedy_clustering(rows in rows(40, 6)) {
                check(&rows);
            }

            #[test]
            fn same_with_clusters_beyond_their_sample(rows in rows(150, 3)) {
                check(&rows);
            }
        }
    }
}
