//! Story grouping fed a batch of articles at a time: memory holds each article's compact
//! features, never its text.
//!
//! The same articles are read three times, in ascending id order. The first two read each
//! article [`Measured`]: its term counts (counted from its text by [`super::cluster_with`], or
//! as `analyze` stored them, [`super::stored`]) and its other evidence, never its text.
//! [`Counting`] learns the collection's statistics (document frequencies of terms, actors,
//! event days and decisions; terms numbered in the order first met, an article's by ascending
//! stem, whatever the caller's numbers), [`Weighing`] turns each article into its
//! [`Features`] (truncated TF-IDF vectors as `u32` term ids with `f32` weights, ids of its
//! actors, event days and lede decisions, its day), then [`Collection`] scores the candidate
//! pairs and clusters them, and [`Naming`] is given the key terms' stems and reads the texts of
//! the few members that name each story (the central member's headline, the first members'
//! spellings of the key terms). [`super::cluster_with`] runs the three passes over a slice;
//! `jobs` runs them over the project's store.
//!
//! Which quantities are collection-wide, so that one article more changes them for all: the
//! document frequencies and `N`, hence every IDF (terms, actors, event days, decisions), hence
//! every weight, vector length, cosine and edge score; which terms are indexed (those in 2 to
//! [`StoryParams::max_postings`] articles) and which an article keeps beyond
//! [`StoryParams::vector_terms`] (those of two articles or more); and the clustering, an
//! average over all pairs of two clusters. What depends on one article alone is its term
//! counts, its lede's end, its evidence and its day: the store keeps the counts, so a run after
//! an import regroups everything from them rather than from the texts.
//!
//! An article's term vector is kept as its raw counts, packed ([`super::packed`]: ascending
//! term ids as gaps, each with its full and lead count, two or three bytes a term), with the
//! lengths of its two weighted vectors; weights are worked out again when vectors are
//! compared, with the same arithmetic, so similarities, key terms and names are those of the
//! whole vectors. An article with more than [`StoryParams::vector_terms`] terms keeps, of
//! those found in two articles or more, as many of the heaviest in its full vector and as many
//! in its lead, and its [`KEY_TERMS`] heaviest of its own.

use super::cluster::average_linkage;
use super::packed::{self, ByteRows, Reader};
use super::profile::{self, Profile, Snapshot};
use super::stored::MAX_TERM_ID;
use super::terms::FastMap;
use super::{
    KEY_TERMS, MAX_NAME_CHARS, SPELLING_SAMPLE, Story, StoryInput, StoryParams, edits, event_days,
    shorten, story_key,
};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Variable-length rows packed in one vector, so an article's list costs its items alone.
struct Rows<T> {
    /// Where each row starts in `items`, and one past the last row.
    starts: Vec<usize>,
    items: Vec<T>,
}

impl<T: Copy> Rows<T> {
    fn new() -> Self {
        Rows {
            starts: vec![0],
            items: Vec::new(),
        }
    }

    fn push(&mut self, row: &[T]) {
        self.items.extend_from_slice(row);
        self.starts.push(self.items.len());
    }

    /// Row `i`, empty when out of range.
    fn get(&self, i: usize) -> &[T] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    fn shrink(&mut self) {
        self.starts.shrink_to_fit();
        self.items.shrink_to_fit();
    }

    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.starts.capacity() * size_of::<usize>() + self.items.capacity() * size_of::<T>()
    }
}

/// Ids for strings, with the number of articles naming each.
#[derive(Default)]
struct Interner {
    index: FastMap<Box<str>, u32>,
    /// The string of each id.
    names: Vec<Box<str>>,
    df: Vec<u32>,
}

impl Interner {
    /// An interner that has counted `counts` already (name, articles naming it).
    fn seeded(counts: &[(String, u32)]) -> Self {
        let mut interner = Interner::default();
        for (name, df) in counts {
            if interner.index.contains_key(name.as_str()) {
                continue;
            }
            let id = u32::try_from(interner.df.len()).unwrap_or(u32::MAX);
            interner.index.insert(name.as_str().into(), id);
            interner.names.push(name.as_str().into());
            interner.df.push(*df);
        }
        interner
    }

    /// Every name with its count.
    fn counts(&self) -> Vec<(String, u32)> {
        self.names
            .iter()
            .zip(&self.df)
            .map(|(name, &df)| (name.to_string(), df))
            .collect()
    }

    /// The name of `id`.
    fn name(&self, id: u32) -> Option<&str> {
        self.names.get(id as usize).map(|n| &**n)
    }

    /// Counts one article's items (each once).
    fn add<'s>(&mut self, items: impl Iterator<Item = &'s str>) {
        let mut ids: Vec<u32> = Vec::new();
        for item in items {
            let id = match self.index.get(item) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(self.df.len()).unwrap_or(u32::MAX);
                    self.index.insert(item.into(), id);
                    self.names.push(item.into());
                    self.df.push(0);
                    id
                }
            };
            if !ids.contains(&id) {
                ids.push(id);
                if let Some(d) = self.df.get_mut(id as usize) {
                    *d += 1;
                }
            }
        }
    }

    /// The ids of known items, each once, in order.
    fn ids<'s>(&self, items: impl Iterator<Item = &'s str>) -> Vec<u32> {
        let mut ids: Vec<u32> = Vec::new();
        for item in items {
            if let Some(&id) = self.index.get(item)
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        ids
    }

    /// `ln((N + 1) / df)` per id.
    fn idf(&self, n: usize) -> Vec<f64> {
        self.df
            .iter()
            .map(|&d| ((n as f64 + 1.0) / f64::from(d.max(1))).ln())
            .collect()
    }
}

/// What an article shows of each kind of evidence but its words, before interning.
pub(crate) struct Evidence {
    /// Folded actor names, the first [`StoryParams::top_actors`] distinct ones.
    actors: Vec<String>,
    /// ISO days of its dated events.
    events: Vec<String>,
    /// Keys of the tracked decisions its lede reports.
    decisions: Vec<String>,
}

/// The evidence of an article naming `actors` (registry names, most mentioned first), reporting
/// events on `event_dates` and the tracked `decisions` (key, offset of its evidence), whose
/// lede ends at byte `lede_end`.
pub(crate) fn evidence(
    actors: &[String],
    event_dates: &[String],
    decisions: &[(String, usize)],
    lede_end: usize,
    p: &StoryParams,
) -> Evidence {
    let names = actors;
    let mut actors: Vec<String> = Vec::new();
    for name in names {
        if actors.len() >= p.top_actors {
            break;
        }
        let folded = super::terms::fold(name.trim());
        if !folded.is_empty() && !actors.contains(&folded) {
            actors.push(folded);
        }
    }
    Evidence {
        actors,
        events: event_days(event_dates),
        decisions: decisions
            .iter()
            .filter(|(_, at)| *at < lede_end)
            .map(|(key, _)| key.clone())
            .collect(),
    }
}

/// One article as the counting and weighing passes read it: its counted terms and its other
/// evidence, never its text.
pub(crate) struct Measured {
    pub id: i64,
    /// Its terms as `(term id, full count, lead count)`, full counts above 0, by ascending stem
    /// (the order new terms are numbered in, so that ties and sums go as they always did). Term
    /// ids are the caller's: any numbering of the stems, [`Naming::name_terms`] gives them back.
    pub terms: Vec<(u32, f64, f64)>,
    pub evidence: Evidence,
    /// Publication date as days since 1970-01-01.
    pub day: Option<i32>,
}

/// No term (in [`Counting`]'s map from the caller's term ids to its own).
const NONE: u32 = u32::MAX;

/// The first pass: document frequencies over every article.
pub(crate) struct Counting {
    params: StoryParams,
    /// Articles counted before these, in a [`Snapshot`] the counting started from.
    base: usize,
    /// Article ids in the order counted (ascending).
    ids: Vec<i64>,
    /// The counting's own id per caller's term id ([`NONE`] for a term not seen yet): terms
    /// are numbered in the order they are first counted.
    local: Vec<u32>,
    /// The caller's term id per own term id.
    terms: Vec<u32>,
    term_df: Vec<u32>,
    actors: Interner,
    events: Interner,
    decisions: Interner,
}

impl Counting {
    pub(crate) fn new(params: &StoryParams) -> Self {
        Counting {
            params: params.clone(),
            base: 0,
            ids: Vec::new(),
            local: Vec::new(),
            terms: Vec::new(),
            term_df: Vec::new(),
            actors: Interner::default(),
            events: Interner::default(),
            decisions: Interner::default(),
        }
    }

    /// A counting that goes on from `snapshot`: its articles count in `N` and in the
    /// document frequencies, as if they had been counted first (they are not weighed).
    pub(crate) fn from_snapshot(params: &StoryParams, snapshot: &Snapshot) -> Self {
        let mut counting = Counting {
            base: snapshot.articles as usize,
            actors: Interner::seeded(&snapshot.actors),
            events: Interner::seeded(&snapshot.events),
            decisions: Interner::seeded(&snapshot.decisions),
            ..Counting::new(params)
        };
        for &(term, df) in &snapshot.terms {
            if term >= MAX_TERM_ID {
                continue;
            }
            let at = term as usize;
            if counting.local.len() <= at {
                counting.local.resize(at + 1, NONE);
            }
            if let Some(slot) = counting.local.get_mut(at)
                && *slot == NONE
            {
                *slot = u32::try_from(counting.terms.len()).unwrap_or(NONE);
                counting.terms.push(term);
                counting.term_df.push(df);
            }
        }
        counting
    }

    /// `N`: the articles counted, and those of the snapshot it went on from.
    fn n(&self) -> usize {
        self.base + self.ids.len()
    }

    /// Counts the next articles. They come in ascending id order: one whose id is not above
    /// the last counted is skipped (a repeated id keeps its first occurrence).
    pub(crate) fn add(&mut self, batch: &[&Measured]) {
        for &a in batch {
            if self.ids.last().is_some_and(|&last| a.id <= last) {
                continue;
            }
            self.ids.push(a.id);
            for &(term, _, _) in &a.terms {
                if term >= MAX_TERM_ID {
                    continue;
                }
                let at = term as usize;
                if self.local.len() <= at {
                    self.local.resize(at + 1, NONE);
                }
                let id = match self.local.get(at) {
                    Some(&id) if id != NONE => id,
                    _ => {
                        let id = u32::try_from(self.terms.len()).unwrap_or(NONE);
                        if let Some(slot) = self.local.get_mut(at) {
                            *slot = id;
                        }
                        self.terms.push(term);
                        self.term_df.push(0);
                        id
                    }
                };
                if let Some(d) = self.term_df.get_mut(id as usize) {
                    *d += 1;
                }
            }
            let e = &a.evidence;
            self.actors.add(e.actors.iter().map(String::as_str));
            self.events.add(e.events.iter().map(String::as_str));
            self.decisions.add(e.decisions.iter().map(String::as_str));
        }
    }

    /// The second pass, over the same articles.
    pub(crate) fn weighing(self) -> Weighing {
        let n = self.n();
        Weighing {
            actor_idf: self.actors.idf(n),
            event_idf: self.events.idf(n),
            decision_idf: self.decisions.idf(n),
            counted: self,
            features: Features::new(),
        }
    }
}

/// What clustering knows of each article, row `i` for the `i`-th article counted.
struct Features {
    /// Raw counts `(term id, full, lead)` by ascending id (see [`write_counts`]).
    counts: ByteRows,
    /// Lengths of the weighted full and lead vectors.
    norms: Vec<(f64, f64)>,
    /// The heaviest terms seen in at least two articles, for the candidate index.
    top: Rows<u32>,
    /// Actor ids, most mentioned first, unique.
    actors: Rows<u32>,
    /// Event day ids, sorted, unique.
    events: Rows<u32>,
    /// Ids of the tracked decisions reported in the lede, sorted, unique.
    decisions: Rows<u32>,
    /// Publication date as days since 1970-01-01.
    day: Vec<Option<i32>>,
}

/// One article's [`Features`] before packing.
#[derive(Default)]
struct Row {
    /// `(term id, full, lead)` by ascending id.
    counts: Vec<(u32, f64, f64)>,
    norms: (f64, f64),
    top: Vec<u32>,
    actors: Vec<u32>,
    events: Vec<u32>,
    decisions: Vec<u32>,
    day: Option<i32>,
}

impl Features {
    fn new() -> Self {
        Features {
            counts: ByteRows::default(),
            norms: Vec::new(),
            top: Rows::new(),
            actors: Rows::new(),
            events: Rows::new(),
            decisions: Rows::new(),
            day: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.day.len()
    }

    fn push(&mut self, row: &Row) {
        self.counts.push(|out| write_counts(&row.counts, out));
        self.norms.push(row.norms);
        self.top.push(&row.top);
        self.actors.push(&row.actors);
        self.events.push(&row.events);
        self.decisions.push(&row.decisions);
        self.day.push(row.day);
    }

    fn shrink(&mut self) {
        self.counts.shrink();
        self.norms.shrink_to_fit();
        for rows in [
            &mut self.top,
            &mut self.actors,
            &mut self.events,
            &mut self.decisions,
        ] {
            rows.shrink();
        }
        self.day.shrink_to_fit();
    }

    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.counts.bytes()
            + self.norms.capacity() * size_of::<(f64, f64)>()
            + self.top.bytes()
            + self.actors.bytes()
            + self.events.bytes()
            + self.decisions.bytes()
            + self.day.capacity() * size_of::<Option<i32>>()
    }
}

/// Packs `(term id, full, lead)` counts by ascending id: the gap from the previous id, then
/// `2·full` (lead 0) or `2·full + 1` and the lead, for whole counts; otherwise 0 and both
/// counts as `f64`.
fn write_counts(counts: &[(u32, f64, f64)], out: &mut Vec<u8>) {
    let mut previous = 0;
    for &(t, full, lead) in counts {
        packed::put(out, t.saturating_sub(previous));
        previous = t;
        match (packed::whole(full), packed::whole(lead)) {
            (Some(f), _) if lead == 0.0 && f < 1 << 30 => packed::put(out, f << 1),
            (Some(f), Some(l)) if f < 1 << 30 => {
                packed::put(out, (f << 1) | 1);
                packed::put(out, l);
            }
            _ => {
                packed::put(out, 0);
                out.extend_from_slice(&full.to_le_bytes());
                out.extend_from_slice(&lead.to_le_bytes());
            }
        }
    }
}

/// The counts [`write_counts`] packed.
struct Counts<'a> {
    reader: Reader<'a>,
    term: u32,
    first: bool,
}

impl<'a> Counts<'a> {
    fn new(reader: Reader<'a>) -> Self {
        Counts {
            reader,
            term: 0,
            first: true,
        }
    }
}

impl Iterator for Counts<'_> {
    type Item = (u32, f64, f64);

    fn next(&mut self) -> Option<(u32, f64, f64)> {
        let gap = self.reader.int()?;
        self.term = if self.first {
            gap
        } else {
            self.term.checked_add(gap)?
        };
        self.first = false;
        let code = self.reader.int()?;
        let (full, lead) = match code {
            0 => (
                f64::from_le_bytes(self.reader.raw()?),
                f64::from_le_bytes(self.reader.raw()?),
            ),
            c if c & 1 == 0 => (f64::from(c >> 1), 0.0),
            c => (f64::from(c >> 1), f64::from(self.reader.int()?)),
        };
        Some((self.term, full, lead))
    }
}

/// The second pass: each article's features, from the counts of the first.
pub(crate) struct Weighing {
    counted: Counting,
    features: Features,
    actor_idf: Vec<f64>,
    event_idf: Vec<f64>,
    decision_idf: Vec<f64>,
}

impl Weighing {
    /// Weighs the next articles (those counted, in the same order; others are skipped).
    pub(crate) fn add(&mut self, batch: &[&Measured]) {
        let ids = &self.counted.ids;
        let mut wanted: Vec<(usize, &Measured)> = Vec::with_capacity(batch.len());
        for &a in batch {
            let next = wanted.last().map_or(self.features.len(), |w| w.0 + 1);
            if let Ok(i) = ids.binary_search(&a.id)
                && i >= next
            {
                wanted.push((i, a));
            }
        }
        let rows: Vec<(usize, Row)> = wanted.par_iter().map(|&(i, a)| (i, self.row(a))).collect();
        for (i, row) in rows {
            while self.features.len() < i {
                self.features.push(&Row::default());
            }
            self.features.push(&row);
        }
    }

    /// One article's features.
    fn row(&self, a: &Measured) -> Row {
        let c = &self.counted;
        let p = &c.params;
        let n = c.n();
        let e = &a.evidence;
        let mut raw: Vec<(u32, f64, f64)> = a
            .terms
            .iter()
            .filter_map(|&(term, full, lead)| {
                let t = *c.local.get(term as usize)?;
                (t != NONE).then_some((t, full, lead))
            })
            .collect();
        let (lead, lead_norm) = weigh(raw.iter().map(|&(t, _, l)| (t, l)).collect(), &c.term_df, n);
        let (terms, norm) = weigh(raw.iter().map(|&(t, f, _)| (t, f)).collect(), &c.term_df, n);
        let top = top_terms(&terms, &c.term_df, p.index_terms);
        // the counts of the weighed terms (those kept), the lead's where it weighs them
        let kept = kept_terms(&terms, &lead, &c.term_df, p.vector_terms.max(p.index_terms));
        raw.sort_unstable_by_key(|r| r.0);
        let counts: Vec<(u32, f64, f64)> = raw
            .into_iter()
            .filter(|r| kept.binary_search(&r.0).is_ok())
            .map(|(t, full, l)| {
                let in_lead = lead.binary_search_by_key(&t, |x| x.0).is_ok();
                (t, full, if in_lead { l } else { 0.0 })
            })
            .collect();
        let mut events = c.events.ids(e.events.iter().map(String::as_str));
        events.sort_unstable();
        let mut decisions = c.decisions.ids(e.decisions.iter().map(String::as_str));
        decisions.sort_unstable();
        Row {
            counts,
            norms: (norm, lead_norm),
            top,
            actors: c.actors.ids(e.actors.iter().map(String::as_str)),
            events,
            decisions,
            day: a.day,
        }
    }

    /// The weighed collection, ready to score and cluster.
    pub(crate) fn finish(mut self) -> Collection {
        let n = self.counted.ids.len();
        while self.features.len() < n {
            self.features.push(&Row::default());
        }
        self.features.shrink();
        let n = self.counted.n();
        let Counting {
            params,
            ids,
            local,
            terms,
            term_df,
            actors,
            events,
            decisions,
            ..
        } = self.counted;
        let n = n as f64;
        Collection {
            params,
            ids,
            features: self.features,
            local,
            terms,
            idf: term_df
                .iter()
                .map(|&d| ((n + 1.0) / f64::from(d.max(1))).ln())
                .collect(),
            term_df,
            actor_idf: self.actor_idf,
            event_idf: self.event_idf,
            decision_idf: self.decision_idf,
            names: [actors, events, decisions],
            n: n as usize,
        }
    }
}

/// The articles' features with the collection's statistics.
pub(crate) struct Collection {
    params: StoryParams,
    /// Article id per row, ascending.
    ids: Vec<i64>,
    features: Features,
    /// The term id per caller's term id ([`NONE`] for a term not counted).
    local: Vec<u32>,
    /// The caller's term id per term id.
    terms: Vec<u32>,
    /// Document frequency per term id.
    term_df: Vec<u32>,
    /// `ln((N + 1) / df)` per term id.
    idf: Vec<f64>,
    actor_idf: Vec<f64>,
    event_idf: Vec<f64>,
    decision_idf: Vec<f64>,
    /// The actors, event days and decisions counted, by id.
    names: [Interner; 3],
    /// `N`, with the articles of the snapshot the counting went on from.
    n: usize,
}

/// A scored candidate pair: rows `i < j` and their similarity.
pub(crate) type Edge = (u32, u32, f32);

impl Collection {
    #[cfg(test)]
    /// Bytes the per-article features take.
    #[cfg(test)]
    fn feature_bytes(&self) -> usize {
        self.features.bytes() + self.ids.capacity() * size_of::<i64>()
    }

    /// Row `i`'s terms with their full and lead weights (the lead's for its terms only), by
    /// term id: each as in its whole unit-length vectors.
    fn weights(&self, i: usize) -> Weights<'_> {
        let (norm, lead_norm) = self.features.norms.get(i).copied().unwrap_or((1.0, 1.0));
        Weights {
            counts: Counts::new(self.features.counts.get(i)),
            idf: &self.idf,
            norm,
            lead_norm,
        }
    }

    /// Article id of row `i`.
    pub(crate) fn id(&self, i: u32) -> i64 {
        self.ids.get(i as usize).copied().unwrap_or_default()
    }

    /// Scored candidate pairs, `i < j`, similarity ≥ `min_edge`, ordered by `(i, j)`.
    ///
    /// `i` and `j` are candidates when one's indexed terms ([`StoryParams::index_terms`]
    /// heaviest) holds a term of the other's vector found in 2 to
    /// [`StoryParams::max_postings`] articles. Two indexes find them from `i`'s side: which
    /// articles hold a term in their vector, and which hold it among their indexed terms.
    pub(crate) fn edges(&self) -> Vec<Edge> {
        let p = &self.params;
        let n = self.ids.len();
        let vocab = self.term_df.len();
        let indexed = |t: u32| {
            self.term_df
                .get(t as usize)
                .is_some_and(|&d| (2..=p.max_postings).contains(&(d as usize)))
        };
        let holding = postings(vocab, n, |i| {
            let terms = Counts::new(self.features.counts.get(i));
            terms.map(|(t, _, _)| t).filter(|&t| indexed(t))
        });
        let heading = postings(vocab, n, |i| {
            let top = self.features.top.get(i).iter();
            top.copied().filter(|&t| indexed(t))
        });
        (0..n)
            .into_par_iter()
            .map_init(
                || (vec![0.0f64; vocab], vec![0.0f64; vocab], Vec::new()),
                |(full, lead, js), i| {
                    js.clear();
                    let after = |&&j: &&u32| j as usize > i;
                    for &t in self.features.top.get(i) {
                        js.extend(holding.get(t as usize).iter().filter(after));
                    }
                    for (t, _, _) in Counts::new(self.features.counts.get(i)) {
                        js.extend(heading.get(t as usize).iter().filter(after));
                    }
                    js.sort_unstable();
                    js.dedup();
                    if js.is_empty() {
                        return Vec::new();
                    }
                    scatter(full, lead, self.weights(i), true);
                    let out: Vec<Edge> = js
                        .iter()
                        .filter_map(|&j| {
                            let (cosine, lead) = gather(full, lead, self.weights(j as usize));
                            let s = self.similarity(i, j as usize, cosine, lead);
                            (s >= p.min_edge).then_some((i as u32, j, s as f32))
                        })
                        .collect();
                    scatter(full, lead, self.weights(i), false);
                    out
                },
            )
            .flatten_iter()
            .collect()
    }

    /// Combined similarity of two articles given the cosines of their full and lead vectors
    /// (see the module docs of [`super`]).
    fn similarity(&self, i: usize, j: usize, cosine: f64, lead: f64) -> f64 {
        let (p, f) = (&self.params, &self.features);
        let actors = weighted_jaccard(f.actors.get(i), f.actors.get(j), &self.actor_idf);
        let events = weighted_jaccard(f.events.get(i), f.events.get(j), &self.event_idf);
        let decisions =
            weighted_jaccard(f.decisions.get(i), f.decisions.get(j), &self.decision_idf);
        let mut s = p.decision_weight * decisions
            + p.text_weight * cosine
            + p.lead_weight * lead
            + p.actor_weight * actors
            + p.event_date_weight * events;
        if let (Some(Some(da)), Some(Some(db))) = (f.day.get(i), f.day.get(j)) {
            let gap = (i64::from(*da) - i64::from(*db)).abs();
            if gap <= p.close_days {
                s += p.pub_date_weight;
            } else if gap > p.far_days {
                s *= p.far_factor;
            }
        }
        s
    }

    /// Clusters the rows joined by `edges` and drafts each story: its members, key terms and
    /// central member. The features are dropped; [`Naming`] reads what the names need.
    pub(crate) fn group(self, edges: &[Edge]) -> Naming {
        let groups = average_linkage(self.ids.len(), edges, self.params.threshold);
        self.name_groups(&groups)
    }

    /// Drafts the stories of `groups` (rows, each in one group at most).
    fn name_groups(self, groups: &[Vec<u32>]) -> Naming {
        let n = self.ids.len();
        let drafts: Vec<Draft> = groups.par_iter().map(|g| self.draft(g)).collect();
        let mut story_of = vec![NONE; n];
        for (s, draft) in drafts.iter().enumerate() {
            for &i in &draft.rows {
                if let Some(slot) = story_of.get_mut(i as usize) {
                    *slot = u32::try_from(s).unwrap_or(u32::MAX);
                }
            }
        }
        Naming {
            ids: self.ids,
            story_of,
            drafts,
        }
    }

    /// The story made of these rows, before its names are read.
    fn draft(&self, group: &[u32]) -> Draft {
        let centroid = self.centroid(group);
        let size = group.len() as f64;
        let mut scored: Vec<(u32, f64)> = centroid
            .iter()
            .map(|(&t, &(weight, docs))| {
                let coverage = if group.len() > 1 {
                    f64::from(docs) / size
                } else {
                    1.0
                };
                (t, weight * coverage)
            })
            .collect();
        // Words no other article uses are often quirks of one text: shared ones come first.
        let shared = |t: u32| self.term_df.get(t as usize).is_some_and(|&d| d >= 2);
        scored.sort_by(|a, b| {
            shared(b.0)
                .cmp(&shared(a.0))
                .then(b.1.total_cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        scored.truncate(KEY_TERMS);
        let terms: Vec<u32> = scored
            .iter()
            .filter_map(|(t, _)| self.terms.get(*t as usize).copied())
            .collect();
        // The most central member: the one closest to the members' summed term vector.
        let central = group.iter().copied().max_by(|&a, &b| {
            let (sa, sb) = (
                self.centroid_dot(a as usize, &centroid),
                self.centroid_dot(b as usize, &centroid),
            );
            sa.total_cmp(&sb).then(b.cmp(&a))
        });
        Draft {
            rows: group.to_vec(),
            terms,
            forms: Vec::new(),
            stems: Vec::new(),
            central,
            title: None,
            profile: self.profile(group),
        }
    }

    /// The weights this collection used, as a snapshot to go on from.
    pub(crate) fn snapshot(&self) -> Snapshot {
        let [actors, events, decisions] = &self.names;
        let mut terms: Vec<(u32, u32)> = self
            .terms
            .iter()
            .copied()
            .zip(self.term_df.iter().copied())
            .collect();
        terms.sort_unstable();
        Snapshot {
            articles: u32::try_from(self.n).unwrap_or(u32::MAX),
            terms,
            actors: actors.counts(),
            events: events.counts(),
            decisions: decisions.counts(),
        }
    }

    /// The profile of the story made of these rows (term ids the caller's).
    pub(crate) fn profile(&self, rows: &[u32]) -> Profile {
        let mut full: FastMap<u32, f64> = FastMap::default();
        let mut lead: FastMap<u32, f64> = FastMap::default();
        let mut named: [BTreeMap<u32, u32>; 3] = Default::default();
        let mut days = Vec::new();
        for &i in rows {
            let i = i as usize;
            for (t, w, l) in self.weights(i) {
                *full.entry(t).or_insert(0.0) += w;
                if let Some(l) = l {
                    *lead.entry(t).or_insert(0.0) += l;
                }
            }
            let f = &self.features;
            for (counts, ids) in
                named
                    .iter_mut()
                    .zip([f.actors.get(i), f.events.get(i), f.decisions.get(i)])
            {
                for &id in ids {
                    *counts.entry(id).or_insert(0) += 1;
                }
            }
            if let Some(Some(day)) = f.day.get(i) {
                days.push(*day);
            }
        }
        days.sort_unstable();
        let k = rows.len().max(1) as f64;
        let mean = |sum: FastMap<u32, f64>| {
            profile::truncated(
                sum.into_iter()
                    .filter_map(|(t, w)| Some((*self.terms.get(t as usize)?, w / k)))
                    .collect(),
            )
        };
        let names = |kind: usize| -> Vec<(String, u32)> {
            let (Some(counts), Some(interner)) = (named.get(kind), self.names.get(kind)) else {
                return Vec::new();
            };
            counts
                .iter()
                .filter_map(|(&id, &n)| Some((interner.name(id)?.to_owned(), n)))
                .collect()
        };
        Profile {
            members: u32::try_from(rows.len()).unwrap_or(u32::MAX),
            actors: names(0),
            events: names(1),
            decisions: names(2),
            full: mean(full),
            lead: mean(lead),
            days,
        }
    }

    /// Places each row in one of the `stories` grouped before, or in none: the one whose
    /// average link with it is the highest, when that reaches [`StoryParams::threshold`] (the
    /// link at which average linkage merges). The link is estimated from the story's
    /// [`Profile`]: the cosines exactly as the mean of the members' (up to the profile's
    /// truncation), the actor, event-day and decision overlaps as the shared weight a member
    /// holds on average over the union of the row's and an average member's, the
    /// publication-date bonus and penalty from the members' days. Candidate stories are those
    /// whose mean vector shares with the row's a term found in at most
    /// [`StoryParams::max_postings`] articles, as candidate pairs are in a full grouping.
    pub(crate) fn place(&self, stories: &[Profile]) -> Vec<Option<usize>> {
        let placed: Vec<Placed> = stories.par_iter().map(|p| self.placed(p)).collect();
        let indexed = |t: u32| {
            self.term_df
                .get(t as usize)
                .is_some_and(|&d| d as usize <= self.params.max_postings)
        };
        // the stories whose mean vector holds each term found in few enough articles
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); self.term_df.len()];
        for (s, story) in placed.iter().enumerate() {
            for &(t, _) in story.full.iter().filter(|(t, _)| indexed(*t)) {
                if let Some(list) = postings.get_mut(t as usize) {
                    list.push(u32::try_from(s).unwrap_or(u32::MAX));
                }
            }
        }
        (0..self.ids.len())
            .into_par_iter()
            .map(|i| {
                let (mut full, mut lead) = (Vec::new(), Vec::new());
                for (t, w, l) in self.weights(i) {
                    full.push((t, w));
                    if let Some(l) = l {
                        lead.push((t, l));
                    }
                }
                let mut candidates: Vec<u32> = full
                    .iter()
                    .filter(|(t, _)| indexed(*t))
                    .flat_map(|(t, _)| postings.get(*t as usize).map_or(&[][..], |p| &p[..]))
                    .copied()
                    .collect();
                candidates.sort_unstable();
                candidates.dedup();
                let mut best: Option<(f64, u32)> = None;
                for s in candidates {
                    let Some(story) = placed.get(s as usize) else {
                        continue;
                    };
                    let (cosine, lead) = (
                        sparse_dot(&full, &story.full),
                        sparse_dot(&lead, &story.lead),
                    );
                    let link = self.link(i, story, cosine, lead);
                    // candidates come in order: a tie goes to the first story
                    if link >= self.params.threshold && best.is_none_or(|(b, _)| link > b) {
                        best = Some((link, s));
                    }
                }
                best.map(|(_, s)| s as usize)
            })
            .collect()
    }

    /// `story` in this collection's ids and weights.
    fn placed(&self, story: &Profile) -> Placed {
        let local = |v: &[(u32, f32)]| -> Vec<(u32, f64)> {
            let mut out: Vec<(u32, f64)> = v
                .iter()
                .filter_map(|&(t, w)| {
                    let l = *self.counted_local(t)?;
                    (l != NONE).then_some((l, f64::from(w)))
                })
                .collect();
            out.sort_unstable_by_key(|x| x.0);
            out
        };
        let k = f64::from(story.members.max(1));
        let unknown = (self.n as f64 + 1.0).ln();
        let named = |kind: usize, counts: &[(String, u32)]| -> Named {
            let (interner, idf) = match kind {
                0 => (&self.names[0], &self.actor_idf),
                1 => (&self.names[1], &self.event_idf),
                _ => (&self.names[2], &self.decision_idf),
            };
            let mut mass = 0.0;
            let mut ids = Vec::with_capacity(counts.len());
            for (name, n) in counts {
                let id = interner.index.get(name.as_str()).copied();
                let w = id
                    .and_then(|id| idf.get(id as usize).copied())
                    .unwrap_or(unknown);
                mass += w * f64::from(*n);
                if let Some(id) = id {
                    ids.push((id, f64::from(*n) / k));
                }
            }
            Named {
                ids,
                mean_mass: mass / k,
            }
        };
        Placed {
            members: k,
            full: local(&story.full),
            lead: local(&story.lead),
            actors: named(0, &story.actors),
            events: named(1, &story.events),
            decisions: named(2, &story.decisions),
            days: story.days.clone(),
        }
    }

    /// The row's own id of the caller's term `t`.
    fn counted_local(&self, t: u32) -> Option<&u32> {
        self.local.get(t as usize)
    }

    /// The estimated average link of row `i` with `story`, given the mean cosines.
    fn link(&self, i: usize, story: &Placed, cosine: f64, lead: f64) -> f64 {
        let (p, f) = (&self.params, &self.features);
        let actors = story.actors.mean_overlap(f.actors.get(i), &self.actor_idf);
        let events = story.events.mean_overlap(f.events.get(i), &self.event_idf);
        let decisions = story
            .decisions
            .mean_overlap(f.decisions.get(i), &self.decision_idf);
        let s = p.decision_weight * decisions
            + p.text_weight * cosine
            + p.lead_weight * lead
            + p.actor_weight * actors
            + p.event_date_weight * events;
        let Some(Some(day)) = f.day.get(i) else {
            return s;
        };
        let within = |gap: i64| {
            let (lo, hi) = (i64::from(*day) - gap, i64::from(*day) + gap);
            let start = story.days.partition_point(|&d| i64::from(d) < lo);
            let end = story.days.partition_point(|&d| i64::from(d) <= hi);
            end.saturating_sub(start) as f64
        };
        let close = within(p.close_days);
        let far = story.days.len() as f64 - within(p.far_days);
        let factor = (story.members - far * (1.0 - p.far_factor)) / story.members;
        s * factor + p.pub_date_weight * close / story.members
    }

    /// Places each row as [`Collection::place`] does and groups the rest among themselves
    /// over `edges`, as [`Collection::group`] groups a collection.
    pub(crate) fn follow(self, edges: &[Edge], stories: &[Profile]) -> Followed {
        let placed = self.place(stories);
        let mut joined: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
        for (row, story) in placed.iter().enumerate() {
            if let Some(s) = story {
                joined
                    .entry(*s)
                    .or_default()
                    .push(u32::try_from(row).unwrap_or(u32::MAX));
            }
        }
        let free = |r: u32| placed.get(r as usize).is_some_and(Option::is_none);
        let left: Vec<Edge> = edges
            .iter()
            .copied()
            .filter(|&(i, j, _)| free(i) && free(j))
            .collect();
        let groups: Vec<Vec<u32>> = average_linkage(self.ids.len(), &left, self.params.threshold)
            .into_iter()
            .filter(|g| g.iter().all(|&r| free(r)))
            .collect();
        let joined = joined
            .into_iter()
            .filter_map(|(s, rows)| {
                let profile = stories.get(s)?.merged(&self.profile(&rows));
                Some((s, rows.iter().map(|&r| self.id(r)).collect(), profile))
            })
            .collect();
        Followed {
            joined,
            naming: self.name_groups(&groups),
        }
    }

    /// Sum of the members' term weights and the number of members with each term.
    fn centroid(&self, group: &[u32]) -> BTreeMap<u32, (f64, u32)> {
        let mut sum: BTreeMap<u32, (f64, u32)> = BTreeMap::new();
        for &i in group {
            for (t, w, _) in self.weights(i as usize) {
                let e = sum.entry(t).or_insert((0.0, 0));
                e.0 += w;
                e.1 += 1;
            }
        }
        sum
    }

    /// Dot product of row `i`'s vector with the centroid of its group.
    fn centroid_dot(&self, i: usize, centroid: &BTreeMap<u32, (f64, u32)>) -> f64 {
        self.weights(i)
            .map(|(t, w, _)| centroid.get(&t).map_or(0.0, |c| c.0 * w))
            .sum()
    }
}

/// A stored story as [`Collection::place`] compares a row with it: its profile in the
/// collection's term and name ids.
struct Placed {
    members: f64,
    /// Mean full and lead vectors, ascending by term id.
    full: Vec<(u32, f64)>,
    lead: Vec<(u32, f64)>,
    actors: Named,
    events: Named,
    decisions: Named,
    /// Members' days, ascending.
    days: Vec<i32>,
}

/// One kind of a story's evidence: each known id with the share of members naming it, and
/// the weight a member names on average (unknown names included).
struct Named {
    ids: Vec<(u32, f64)>,
    mean_mass: f64,
}

impl Named {
    /// The weighted Jaccard of a row naming `row` with the story's average member: the weight
    /// a member shares with it on average over the weight of their union, estimated as the
    /// row's, the average member's, less the shared.
    fn mean_overlap(&self, row: &[u32], idf: &[f64]) -> f64 {
        let w = |x: u32| idf.get(x as usize).copied().unwrap_or(0.0);
        let own: f64 = row.iter().map(|&x| w(x)).sum();
        let shared: f64 = self
            .ids
            .iter()
            .filter(|(id, _)| row.contains(id))
            .map(|&(id, share)| w(id) * share)
            .sum();
        let union = own + self.mean_mass - shared;
        if union > 0.0 { shared / union } else { 0.0 }
    }
}

/// The dot product of two sparse vectors ascending by id.
fn sparse_dot(a: &[(u32, f64)], b: &[(u32, f64)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while let (Some(&(s, v)), Some(&(t, w))) = (a.get(i), b.get(j)) {
        match s.cmp(&t) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += v * w;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// What [`Collection::follow`] makes of new articles.
pub(crate) struct Followed {
    /// Each stored story that articles joined: its index, their ids, its profile with them.
    pub joined: Vec<(usize, Vec<i64>, Profile)>,
    /// The stories of the articles that joined none, to be named.
    pub naming: Naming,
}

/// The weights of one row, see [`Collection::weights`].
struct Weights<'a> {
    counts: Counts<'a>,
    idf: &'a [f64],
    norm: f64,
    lead_norm: f64,
}

impl Iterator for Weights<'_> {
    type Item = (u32, f64, Option<f64>);

    fn next(&mut self) -> Option<Self::Item> {
        let (t, full, lead) = self.counts.next()?;
        let idf = self.idf.get(t as usize).copied().unwrap_or(0.0);
        let lead = (lead > 0.0).then(|| sublinear(lead) * idf / self.lead_norm);
        Some((t, sublinear(full) * idf / self.norm, lead))
    }
}

/// `1 + ln(count)` from one count up, the count itself below.
fn sublinear(count: f64) -> f64 {
    if count >= 1.0 {
        1.0 + count.ln()
    } else {
        count
    }
}

/// For each term, the rows whose `terms_of` hold it, ascending.
fn postings<I: Iterator<Item = u32>>(
    vocab: usize,
    n: usize,
    terms_of: impl Fn(usize) -> I,
) -> Rows<u32> {
    let mut starts = vec![0usize; vocab + 1];
    for i in 0..n {
        for t in terms_of(i) {
            if let Some(s) = starts.get_mut(t as usize + 1) {
                *s += 1;
            }
        }
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut fill = starts.clone();
    let mut items = vec![0u32; starts.last().copied().unwrap_or(0)];
    for i in 0..n {
        for t in terms_of(i) {
            if let Some(at) = fill.get_mut(t as usize)
                && let Some(slot) = items.get_mut(*at)
            {
                *slot = i as u32;
                *at += 1;
            }
        }
    }
    Rows { starts, items }
}

/// A story before its names: its rows, key stems and central row, and what the reading of
/// its members has found.
struct Draft {
    /// Rows of its members, ascending.
    rows: Vec<u32>,
    /// The caller's ids of its key terms, most characteristic first.
    terms: Vec<u32>,
    /// Stems of its key terms, most characteristic first (once [`Naming::name_terms`] gave
    /// them).
    stems: Vec<Box<str>>,
    /// How the first members spell each key stem, with counts.
    forms: Vec<BTreeMap<String, u32>>,
    central: Option<u32>,
    /// The central member's headline, once read.
    title: Option<String>,
    profile: Profile,
}

impl Draft {
    /// The raw words of `text` that may have a key stem: a stem's first two letters begin
    /// the folded word (stemming only cuts an ending, or turns `-ies` into `-y`), and an ASCII
    /// word folds to its lower case; words with other letters are all kept.
    fn candidates(&self, text: &str) -> Vec<(usize, usize)> {
        let heads: Option<Vec<[u8; 2]>> = self
            .stems
            .iter()
            .map(|s| match s.as_bytes() {
                [a, b, ..] if a.is_ascii() && b.is_ascii() => Some([*a, *b]),
                _ => None,
            })
            .collect();
        let words = super::terms::raw_words(text);
        let Some(heads) = heads else {
            return words;
        };
        words
            .into_iter()
            .filter(
                |&(start, end)| match text.get(start..end).map(str::as_bytes) {
                    Some(w) if w.is_ascii() => match w {
                        [a, b, ..] => {
                            heads.contains(&[a.to_ascii_lowercase(), b.to_ascii_lowercase()])
                        }
                        _ => false,
                    },
                    _ => true,
                },
            )
            .collect()
    }
}

/// The third pass: reads the headline of each story's central member and the first members'
/// spellings of its key terms.
pub(crate) struct Naming {
    ids: Vec<i64>,
    /// Story (index into `drafts`) per row.
    story_of: Vec<u32>,
    drafts: Vec<Draft>,
}

/// What one member gives its story's names.
struct Read {
    story: usize,
    title: Option<String>,
    /// (key stem index, surface form) per occurrence.
    forms: Vec<(usize, String)>,
}

impl Naming {
    /// The caller's ids of every story's key terms, ascending, each once: the stems
    /// [`Naming::name_terms`] needs.
    pub(crate) fn key_terms(&self) -> Vec<u32> {
        let mut terms: Vec<u32> = self.drafts.iter().flat_map(|d| d.terms.clone()).collect();
        terms.sort_unstable();
        terms.dedup();
        terms
    }

    /// Gives each story's key terms their stems (`stem` of the caller's term id), before its
    /// members are read: a term without one is left out.
    pub(crate) fn name_terms(&mut self, stem: impl Fn(u32) -> Option<Box<str>>) {
        for draft in &mut self.drafts {
            draft.stems = draft.terms.iter().filter_map(|&t| stem(t)).collect();
            draft.forms = vec![BTreeMap::new(); draft.stems.len()];
        }
    }

    /// Whether the article with this id names its story (only those need to be read).
    pub(crate) fn wants(&self, id: i64) -> bool {
        self.ids
            .binary_search(&id)
            .is_ok_and(|i| self.role(i).is_some())
    }

    /// The story of row `i`, whether it is central, and whether its spellings count.
    fn role(&self, i: usize) -> Option<(usize, bool, bool)> {
        let s = *self.story_of.get(i)? as usize;
        let draft = self.drafts.get(s)?;
        let central = draft.central == Some(i as u32);
        let spells = draft
            .rows
            .iter()
            .take(SPELLING_SAMPLE)
            .any(|&r| r as usize == i);
        (central || spells).then_some((s, central, spells))
    }

    /// Reads the next articles (any order; those not wanted are skipped).
    pub(crate) fn add(&mut self, batch: &[&StoryInput]) {
        let reads: Vec<Read> = batch
            .par_iter()
            .filter_map(|a| {
                let i = self.ids.binary_search(&a.id).ok()?;
                let (story, central, spells) = self.role(i)?;
                let draft = self.drafts.get(story)?;
                let mut forms = Vec::new();
                if spells && !draft.stems.is_empty() {
                    for text in [a.title.as_str(), a.text.as_str()] {
                        let words = draft.candidates(text);
                        super::terms::each_content_word_of(text, &words, |stem, start, end| {
                            if let (Some(k), Some(surface)) = (
                                draft.stems.iter().position(|s| **s == *stem),
                                text.get(start..end),
                            ) {
                                forms.push((k, surface.to_owned()));
                            }
                        });
                    }
                }
                Some(Read {
                    story,
                    title: central.then(|| a.title.clone()),
                    forms,
                })
            })
            .collect();
        for read in reads {
            let Some(draft) = self.drafts.get_mut(read.story) else {
                continue;
            };
            if read.title.is_some() {
                draft.title = read.title;
            }
            for (k, surface) in read.forms {
                if let Some(forms) = draft.forms.get_mut(k) {
                    *forms.entry(surface).or_insert(0) += 1;
                }
            }
        }
    }

    /// The stories, largest first, then by key.
    pub(crate) fn finish(self) -> Vec<Story> {
        self.finish_profiled().into_iter().map(|(s, _)| s).collect()
    }

    /// The stories, largest first, then by key, each with its profile.
    pub(crate) fn finish_profiled(self) -> Vec<(Story, Profile)> {
        let ids = self.ids;
        let id = |r: u32| ids.get(r as usize).copied().unwrap_or_default();
        let mut stories: Vec<(Story, Profile)> = self
            .drafts
            .into_iter()
            .map(|d| {
                let members: Vec<i64> = d.rows.iter().map(|&r| id(r)).collect();
                let key_terms: Vec<String> = d
                    .stems
                    .iter()
                    .zip(&d.forms)
                    .map(|(stem, forms)| {
                        forms
                            .iter()
                            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                            .map_or_else(|| stem.to_string(), |(form, _)| form.clone())
                    })
                    .collect();
                // A story is named by the headline of its most central member: a report's
                // own headline reads as a sentence about the story, where actor names and key
                // terms strung together read as keyword salad. With no headline, by its key
                // terms.
                let name = match d.title.as_deref().map(str::trim) {
                    Some(title) if !title.is_empty() => shorten(title, MAX_NAME_CHARS),
                    _ if !key_terms.is_empty() => key_terms.join(" · "),
                    _ => format!("Article {}", members.first().copied().unwrap_or(0)),
                };
                let story = Story {
                    key: story_key(&members),
                    members,
                    name,
                    key_terms,
                };
                (story, d.profile)
            })
            .collect();
        stories.sort_by(|a, b| edits::story_order(&a.0, &b.0));
        stories
    }
}

/// Sublinear TF times IDF, L2-normalised, sorted by term id, and the length it had.
fn weigh(raw: Vec<(u32, f64)>, df: &[u32], n: usize) -> (Vec<(u32, f64)>, f64) {
    let mut out: Vec<(u32, f64)> = raw
        .into_iter()
        .map(|(t, c)| {
            let d = df.get(t as usize).copied().unwrap_or(1).max(1);
            (t, sublinear(c) * ((n as f64 + 1.0) / f64::from(d)).ln())
        })
        .filter(|(_, w)| w.is_finite() && *w > 0.0)
        .collect();
    let norm = out.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut out {
            *w /= norm;
        }
    }
    out.sort_unstable_by_key(|(t, _)| *t);
    (out, norm)
}

/// The `k` heaviest terms found in at least two articles.
fn top_terms(terms: &[(u32, f64)], df: &[u32], k: usize) -> Vec<u32> {
    let mut shared: Vec<(u32, f64)> = terms
        .iter()
        .copied()
        .filter(|(t, _)| df.get(*t as usize).is_some_and(|&d| d >= 2))
        .collect();
    shared.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    shared.into_iter().take(k).map(|(t, _)| t).collect()
}

/// The terms of an article's weighed full and lead vectors that are kept, ascending: all of
/// them up to `most`; beyond, the `most` heaviest of two articles or more of each vector and
/// the [`KEY_TERMS`] heaviest of its own.
fn kept_terms(terms: &[(u32, f64)], lead: &[(u32, f64)], df: &[u32], most: usize) -> Vec<u32> {
    if terms.len() <= most {
        return terms.iter().map(|(t, _)| *t).collect();
    }
    let shared = |t: u32| df.get(t as usize).is_some_and(|&d| d >= 2);
    let heaviest = |v: &[(u32, f64)], keep: &dyn Fn(u32) -> bool, k: usize| {
        let mut v: Vec<(u32, f64)> = v.iter().copied().filter(|x| keep(x.0)).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(k);
        v.into_iter().map(|(t, _)| t)
    };
    let mut kept: Vec<u32> = heaviest(terms, &shared, most)
        .chain(heaviest(lead, &shared, most))
        .chain(heaviest(terms, &|t| !shared(t), KEY_TERMS))
        .collect();
    kept.sort_unstable();
    kept.dedup();
    kept
}

/// Writes a row's full and lead weights into dense arrays (`set`), or clears them again.
fn scatter(full: &mut [f64], lead: &mut [f64], weights: Weights<'_>, set: bool) {
    for (t, w, l) in weights {
        if let Some(x) = full.get_mut(t as usize) {
            *x = if set { w } else { 0.0 };
        }
        if let (Some(l), Some(x)) = (l, lead.get_mut(t as usize)) {
            *x = if set { l } else { 0.0 };
        }
    }
}

/// Dot products of dense full and lead arrays with a row's weights.
fn gather(full: &[f64], lead: &[f64], weights: Weights<'_>) -> (f64, f64) {
    // summed as `Iterator::sum` does, from -0.0
    let (mut f, mut l) = (-0.0, -0.0);
    for (t, w, lw) in weights {
        f += full.get(t as usize).map_or(0.0, |x| x * w);
        if let Some(lw) = lw {
            l += lead.get(t as usize).map_or(0.0, |x| x * lw);
        }
    }
    (f, l)
}

/// Σ weight of shared items / Σ weight of all items; 0 when both are empty.
fn weighted_jaccard(a: &[u32], b: &[u32], weight: &[f64]) -> f64 {
    let w = |x: &u32| weight.get(*x as usize).copied().unwrap_or(0.0);
    let (mut shared, mut union) = (0.0, 0.0);
    for x in a {
        union += w(x);
        if b.contains(x) {
            shared += w(x);
        }
    }
    for x in b {
        if !a.contains(x) {
            union += w(x);
        }
    }
    if union > 0.0 { shared / union } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{article, collection};
    use super::*;
    use proptest::prelude::*;

    /// The three passes over `inputs` (sorted by id) fed `size` articles at a time.
    fn in_batches(inputs: &[StoryInput], params: &StoryParams, size: usize) -> Vec<Story> {
        let mut sorted: Vec<&StoryInput> = inputs.iter().collect();
        sorted.sort_by_key(|a| a.id);
        let (measured, stems) = super::super::measured(&sorted, params);
        let measured: Vec<&Measured> = measured.iter().collect();
        let mut counting = Counting::new(params);
        measured.chunks(size).for_each(|b| counting.add(b));
        let mut weighing = counting.weighing();
        measured.chunks(size).for_each(|b| weighing.add(b));
        let collection = weighing.finish();
        let edges = collection.edges();
        let mut naming = collection.group(&edges);
        naming.name_terms(|t| stems.get(t as usize).cloned());
        sorted.chunks(size).for_each(|b| naming.add(b));
        naming.finish()
    }

    /// What following gives: each stored story's members with those that joined it, and the
    /// new stories' members.
    struct AfterFollowing {
        stored: Vec<Vec<i64>>,
        joined: Vec<(Vec<i64>, Vec<i64>)>,
        new: Vec<Vec<i64>>,
    }

    /// Groups the articles of `inputs` whose ids are in `first`, then places the others in
    /// those stories or new ones, as `jobs` does on a later run (term ids shared throughout,
    /// as the project's are).
    fn follow_after(first: &[i64], inputs: &[StoryInput], p: &StoryParams) -> AfterFollowing {
        let mut sorted: Vec<&StoryInput> = inputs.iter().collect();
        sorted.sort_by_key(|a| a.id);
        let (measured, stems) = super::super::measured(&sorted, p);
        let (old, new): (Vec<&Measured>, Vec<&Measured>) =
            measured.iter().partition(|m| first.contains(&m.id));
        let mut counting = Counting::new(p);
        counting.add(&old);
        let mut weighing = counting.weighing();
        weighing.add(&old);
        let collection = weighing.finish();
        let snapshot = collection.snapshot();
        assert_eq!(snapshot.articles as usize, old.len());
        let snapshot = Snapshot::from_bytes(&snapshot.to_bytes()).expect("reads back");
        let edges = collection.edges();
        let mut naming = collection.group(&edges);
        naming.name_terms(|t| stems.get(t as usize).cloned());
        naming.add(&sorted);
        let (stories, profiles): (Vec<Story>, Vec<Profile>) =
            naming.finish_profiled().into_iter().unzip();

        let mut counting = Counting::from_snapshot(p, &snapshot);
        counting.add(&new);
        let mut weighing = counting.weighing();
        weighing.add(&new);
        let collection = weighing.finish();
        assert_eq!(collection.snapshot().articles as usize, measured.len());
        let edges = collection.edges();
        let followed = collection.follow(&edges, &profiles);
        let mut naming = followed.naming;
        naming.name_terms(|t| stems.get(t as usize).cloned());
        naming.add(&sorted);
        AfterFollowing {
            joined: followed
                .joined
                .iter()
                .map(|(s, ids, profile)| {
                    let before = &stories[*s].members;
                    assert_eq!(profile.members as usize, before.len() + ids.len());
                    (before.clone(), ids.clone())
                })
                .collect(),
            stored: stories.into_iter().map(|s| s.members).collect(),
            new: naming
                .finish_profiled()
                .into_iter()
                .map(|(s, profile)| {
                    assert_eq!(profile.members as usize, s.members.len());
                    s.members
                })
                .collect(),
        }
    }

    #[test]
    fn a_new_report_of_a_stored_story_joins_it() {
        let p = StoryParams::default();
        let after = follow_after(&[10, 11, 20, 21, 30], &collection(), &p);
        assert_eq!(after.stored, vec![vec![10, 11], vec![20, 21], vec![30]]);
        assert_eq!(after.joined, vec![(vec![10, 11], vec![12])]);
        assert!(after.new.is_empty());
    }

    #[test]
    fn a_report_unlike_any_starts_a_story_and_reports_of_a_new_event_group_together() {
        let p = StoryParams::default();
        let mut inputs = collection();
        inputs.push(article(
            40,
            "Floods sweep the Volta delta",
            "Heavy rain flooded the Volta delta overnight, displacing fishing villages, the \
             disaster agency said.",
            &["Volta"],
            "2023-08-20",
        ));
        inputs.push(article(
            41,
            "Volta delta floods displace villages",
            "Fishing villages of the Volta delta were displaced as floods followed heavy \
             rain, the disaster agency reported.",
            &["Volta"],
            "2023-08-20",
        ));
        inputs.push(article(
            50,
            "Cocoa prices reach a record",
            "Cocoa futures traded at a record high in London as harvests in Ivory Coast \
             lagged behind forecasts.",
            &["London"],
            "2023-08-21",
        ));
        let after = follow_after(&[10, 11, 12, 20, 21, 30], &inputs, &p);
        assert!(after.joined.is_empty(), "{:?}", after.joined);
        assert_eq!(after.new, vec![vec![40, 41], vec![50]]);
    }

    /// The estimated overlap with a story is exact when every member names the same items,
    /// and 0 when none is shared.
    #[test]
    fn the_mean_overlap_with_a_story_of_alike_members_is_theirs() {
        let idf = [1.0, 2.0, 0.5];
        let alike = Named {
            ids: vec![(0, 1.0), (1, 1.0)],
            mean_mass: 3.0,
        };
        assert_eq!(alike.mean_overlap(&[0, 1], &idf), 1.0);
        assert_eq!(weighted_jaccard(&[0, 1], &[0, 2], &idf), 1.0 / 3.5);
        assert_eq!(alike.mean_overlap(&[0, 2], &idf), 1.0 / 3.5);
        assert_eq!(alike.mean_overlap(&[2], &idf), 0.0);
        // half the members name item 1 alone, half nothing: a row naming 1 shares half of it
        let half = Named {
            ids: vec![(1, 0.5)],
            mean_mass: 1.0,
        };
        assert_eq!(half.mean_overlap(&[1], &idf), 1.0 / 2.0);
        assert_eq!(half.mean_overlap(&[], &idf), 0.0);
    }

    #[test]
    fn batches_of_any_size_give_the_same_stories() {
        let p = StoryParams::default();
        let whole = super::super::cluster(&collection());
        assert_eq!(whole.len(), 3);
        for size in [1, 2, 4, 100] {
            assert_eq!(
                in_batches(&collection(), &p, size),
                whole,
                "batches of {size}"
            );
        }
    }

    #[test]
    fn articles_out_of_order_or_not_counted_are_skipped() {
        let p = StoryParams::default();
        let inputs = collection();
        let refs: Vec<&StoryInput> = inputs.iter().collect();
        let (measured, _) = super::super::measured(&refs, &p);
        let m: Vec<&Measured> = measured.iter().collect();
        let mut counting = Counting::new(&p);
        // ids 10, 11, 12, then 20 and 21 (30 is never counted); a repeat and a step back skip
        counting.add(&m[..3]);
        counting.add(&[m[1], m[3], m[3], m[0], m[4]]);
        assert_eq!(counting.ids, vec![10, 11, 12, 20, 21]);
        let mut weighing = counting.weighing();
        // 30 was not counted, 11 comes again after 20, 12 never comes
        weighing.add(&[m[5], m[0], m[1], m[3], m[1], m[4]]);
        let collection = weighing.finish();
        assert_eq!(collection.features.len(), 5);
        assert!(
            collection.features.counts.get(2).int().is_none(),
            "12 is empty"
        );
        let edges = collection.edges();
        let mut naming = collection.group(&edges);
        naming.add(&refs);
        let mut members: Vec<i64> = naming
            .finish()
            .into_iter()
            .flat_map(|s| s.members)
            .collect();
        members.sort_unstable();
        assert_eq!(members, vec![10, 11, 12, 20, 21]);
    }

    /// Two long reports sharing many words, one short: vectors keep at most `vector_terms`
    /// shared terms of the full vector, as many of the lead and five of their own, and the long
    /// pair still makes a story.
    #[test]
    fn a_long_article_keeps_a_bounded_vector() {
        let words: Vec<String> = (0..600).map(|i| format!("word{}x", letters(i))).collect();
        // a first paragraph (the lead: it holds the 30th word), then the rest
        let long = format!("{}\n\n{}", words[..40].join(" "), words[40..].join(" "));
        let own: Vec<String> = (0..40).map(|i| format!("own{}z", letters(i))).collect();
        let mut inputs = vec![
            article(
                1,
                "Long report",
                &format!("{long} {}", own.join(" ")),
                &[],
                "",
            ),
            article(2, "Long report again", &long, &[], ""),
            article(3, "Short note", "Floods hit the coast.", &[], ""),
        ];
        inputs[0].outlet = None;
        let p = StoryParams {
            vector_terms: 50,
            ..StoryParams::default()
        };
        let sorted: Vec<&StoryInput> = inputs.iter().collect();
        let (collection, _) = super::super::weighed(&sorted, &p);
        let kept = |i: usize| Counts::new(collection.features.counts.get(i)).count();
        assert!(
            (50 + KEY_TERMS..=100 + KEY_TERMS).contains(&kept(0)),
            "{}",
            kept(0)
        );
        assert!((50..=100).contains(&kept(1)), "{}", kept(1));
        assert!(
            collection.feature_bytes() < 3 * 500,
            "{}",
            collection.feature_bytes()
        );
        let stories = super::super::cluster_with(&inputs, &p);
        assert_eq!(stories[0].members, vec![1, 2]);
    }

    /// `i` as letters (`a`, `b`, … `ba`): words without digits, which are not content words.
    fn letters(mut i: usize) -> String {
        let mut s = String::new();
        loop {
            s.insert(0, char::from(b'a' + (i % 26) as u8));
            i /= 26;
            if i == 0 {
                return s;
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Counts read back as written, whole or not.
        #[test]
        fn counts_read_back(mut counts in proptest::collection::vec((0u32..5000, 0.0f64..40.0, 0.0f64..40.0), 0..30), whole in any::<bool>()) {
            counts.sort_by_key(|c| c.0);
            counts.dedup_by_key(|c| c.0);
            if whole {
                for c in &mut counts {
                    c.1 = c.1.floor() + 1.0;
                    c.2 = c.2.floor();
                }
            }
            let mut out = Vec::new();
            write_counts(&counts, &mut out);
            let back: Vec<(u32, f64, f64)> = Counts::new(Reader::new(&out)).collect();
            prop_assert_eq!(back, counts);
        }

        /// The candidate pairs are those where one article's indexed terms hold a term of the
        /// other found in 2 to `max_postings` articles, scored as `similarity` does.
        #[test]
        fn edges_are_the_candidate_pairs(texts in proptest::collection::vec(proptest::collection::vec(0usize..30, 1..12), 2..9), max_postings in 2usize..6) {
            let inputs: Vec<StoryInput> = texts
                .iter()
                .enumerate()
                .map(|(i, words)| {
                    let text: Vec<String> = words.iter().map(|w| format!("term{}", letters(*w))).collect();
                    article(i as i64, "", &text.join(" "), &[], "")
                })
                .collect();
            let p = StoryParams { max_postings, min_edge: 0.0, index_terms: 3, ..StoryParams::default() };
            let sorted: Vec<&StoryInput> = inputs.iter().collect();
            let (c, _) = super::super::weighed(&sorted, &p);
            let terms = |i: usize| -> Vec<u32> { Counts::new(c.features.counts.get(i)).map(|x| x.0).collect() };
            let indexed = |t: &u32| (2..=max_postings).contains(&(c.term_df[*t as usize] as usize));
            let finds = |i: usize, j: usize| c.features.top.get(i).iter().filter(|t| indexed(t)).any(|t| terms(j).contains(t));
            let mut expected = Vec::new();
            for i in 0..inputs.len() {
                for j in i + 1..inputs.len() {
                    if finds(i, j) || finds(j, i) {
                        let (full, lead) = cosines(&c, i, j);
                        expected.push((i as u32, j as u32, c.similarity(i, j, full, lead) as f32));
                    }
                }
            }
            prop_assert_eq!(c.edges(), expected);
        }

        /// Only raw words that cannot be a key stem are passed over when spellings are read.
        #[test]
        fn spelling_candidates_keep_every_key_word(words in proptest::collection::vec(0usize..12, 1..30)) {
            const POOL: [&str; 12] = [
                "Countries", "country", "planning", "plans", "Côte", "ÉCOWAS", "ECOWAS'",
                "d'Ivoire", "Goïta’s", "meetings", "Met", "chiefs",
            ];
            let text = words.iter().map(|&w| POOL[w]).collect::<Vec<_>>().join(" ");
            let mut all = Vec::new();
            super::super::terms::each_content_word(&text, |stem, start, end| all.push((stem.to_owned(), start, end)));
            for (stem, _, _) in &all {
                let draft = Draft { rows: Vec::new(), terms: Vec::new(), stems: vec![stem.as_str().into()], forms: Vec::new(), central: None, title: None, profile: Profile::default() };
                let mut found = Vec::new();
                super::super::terms::each_content_word_of(&text, &draft.candidates(&text), |s, start, end| {
                    if s == stem {
                        found.push((s.to_owned(), start, end));
                    }
                });
                let expected: Vec<_> = all.iter().filter(|w| &w.0 == stem).cloned().collect();
                prop_assert_eq!(found, expected);
            }
        }
    }

    /// The full and lead cosines of rows `i` and `j`, term by term.
    fn cosines(c: &Collection, i: usize, j: usize) -> (f64, f64) {
        let mut full = vec![0.0; c.term_df.len()];
        let mut lead = vec![0.0; c.term_df.len()];
        scatter(&mut full, &mut lead, c.weights(i), true);
        gather(&full, &lead, c.weights(j))
    }
}
