//! Stories: articles about the same event grouped automatically and named after what they share.
//!
//! [`cluster`] compares articles on four kinds of evidence, adds them up with the weights of
//! [`StoryParams`], and joins them by agglomerative clustering with average linkage above
//! [`StoryParams::threshold`]:
//!
//! - **content words**: TF-IDF over the title (counted [`StoryParams::title_weight`] times) and
//!   the text (words folded, stop-words out, lightly stemmed), sublinear term counts,
//!   `idf = ln((N + 1) / df)`, cosine similarity, once for title + whole text and once for
//!   title + lead (the first paragraphs, [`StoryParams::lead_words`]): news puts the event
//!   first, so a report with a background paragraph on another event follows its lead;
//! - **actors**: weighted Jaccard of each article's first [`StoryParams::top_actors`] actors, an
//!   actor weighing its rarity `ln((N + 1) / df)`, so "ECOWAS" in every report counts for little
//!   and "Abdel-Fatau Musah" for much;
//! - **dates**: weighted Jaccard of the dated events the articles report (same weighting), a
//!   bonus when the publication dates are within [`StoryParams::close_days`], and a penalty
//!   factor when they are more than [`StoryParams::far_days`] apart;
//! - **decisions**: weighted Jaccard of the tracked decisions reported in each lede (the first
//!   paragraph): a meeting postponed in one report and rescheduled in the next is one story,
//!   even when their words differ.
//!
//! Only candidate pairs are scored: pairs where one of an article's
//! [`StoryParams::index_terms`] heaviest terms occurs in the other, found through an inverted
//! index that leaves out terms in more than [`StoryParams::max_postings`] articles. Other pairs
//! count as similarity 0, so 10,000 articles need under a million comparisons, not 50 million.
//!
//! The result depends only on the set of inputs, not on their order: articles are sorted by id
//! first (a repeated id keeps its first occurrence), ties in clustering go to the smallest ids,
//! and stories come largest first, then by key. Every article ends up in exactly one story.
//! Keys and the analyst's edits are described in [`edits`] ([`story_key`], [`apply_edits`]).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use terms::FastMap;

mod cluster;
pub mod edits;
pub(crate) mod terms;

pub use edits::{StoryEdit, apply_edits, story_key};

/// One article as story clustering sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryInput {
    pub id: i64,
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub title: String,
    /// The analysed text; a first line repeating the title is not counted twice.
    pub text: String,
    /// Registry names of the article's actors, most-mentioned first.
    pub actors: Vec<String>,
    /// ISO day values (`YYYY-MM-DD`, or an interval `YYYY-MM-DD/YYYY-MM-DD`) of the dated
    /// events the article reports.
    pub event_dates: Vec<String>,
    /// Keys of the tracked decisions the article reports, each with the byte offset in
    /// [`Self::text`] of its evidence; those in the lede count (see
    /// [`StoryParams::decision_weight`]).
    pub decisions: Vec<(String, usize)>,
}

/// A group of articles about one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// `story-N`, N the smallest member id (see [`edits`] for how edits find stories).
    pub key: String,
    /// Article ids, ascending.
    pub members: Vec<i64>,
    /// A short automatic name (`ECOWAS · Accra meeting`), or the analyst's.
    pub name: String,
    /// The story's most characteristic content words, as the texts spell them.
    pub key_terms: Vec<String>,
}

/// Weights and limits of [`cluster_with`]; [`Default`] holds the values tuned on the dev corpus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryParams {
    /// Average-link similarity from which two clusters merge.
    pub threshold: f64,
    /// How many times a title word counts against a text word.
    pub title_weight: f64,
    /// The lead is the text's first paragraphs up to the one holding this many content words.
    pub lead_words: usize,
    /// Weight of the content-word cosine of title + text.
    pub text_weight: f64,
    /// Weight of the content-word cosine of title + lead alone: news puts the event first and
    /// the background last, and a report with a paragraph on another event should not follow
    /// that paragraph.
    pub lead_weight: f64,
    /// Weight of the actor overlap.
    pub actor_weight: f64,
    /// Weight of the shared event dates.
    pub event_date_weight: f64,
    /// Weight of the tracked decisions both ledes report: two reports whose first paragraphs
    /// follow the same decision (a meeting postponed, then rescheduled) tell one story.
    pub decision_weight: f64,
    /// Bonus when both publication dates are known and within [`Self::close_days`].
    pub pub_date_weight: f64,
    pub close_days: i64,
    /// Publication dates further apart than this multiply the similarity by [`Self::far_factor`].
    pub far_days: i64,
    pub far_factor: f64,
    /// Actors per article compared (the most mentioned).
    pub top_actors: usize,
    /// Heaviest terms per article used to find candidate pairs.
    pub index_terms: usize,
    /// Terms in more articles than this find no candidates.
    pub max_postings: usize,
    /// Pair similarities below this are not kept (they count as 0 in the averages).
    pub min_edge: f64,
}

impl Default for StoryParams {
    /// Tuned with `examples/tune_stories.rs` on the dev corpus, the sample collection, and both
    /// together.
    fn default() -> Self {
        StoryParams {
            threshold: 0.15,
            title_weight: 2.0,
            lead_words: 30,
            text_weight: 0.4,
            lead_weight: 0.5,
            actor_weight: 0.15,
            event_date_weight: 0.05,
            decision_weight: 0.1,
            pub_date_weight: 0.05,
            close_days: 3,
            far_days: 10,
            far_factor: 0.6,
            top_actors: 8,
            index_terms: 15,
            max_postings: 300,
            min_edge: 0.03,
        }
    }
}

/// Key terms per story.
const KEY_TERMS: usize = 5;
/// Members whose texts are read for the spelling of key terms.
const SPELLING_SAMPLE: usize = 5;
/// Longest automatic name taken from a title, in characters.
const MAX_NAME_CHARS: usize = 80;

/// Groups articles into stories with the default [`StoryParams`].
pub fn cluster(inputs: &[StoryInput]) -> Vec<Story> {
    cluster_with(inputs, &StoryParams::default())
}

/// Groups articles into stories (see the module docs).
pub fn cluster_with(inputs: &[StoryInput], params: &StoryParams) -> Vec<Story> {
    let collection = Collection::new(inputs, params);
    let edges = collection.edges(params);
    let groups = cluster::average_linkage(collection.len(), &edges, params.threshold);
    let mut stories: Vec<Story> = groups
        .par_iter()
        .map(|group| collection.story(group))
        .collect();
    edits::sort_stories(&mut stories);
    stories
}

/// The scored candidate pairs behind [`cluster_with`]: `(id_a, id_b, similarity)` with
/// `id_a < id_b`, similarity at least [`StoryParams::min_edge`], in id order. For "related
/// articles" lists and for tuning.
pub fn similar_pairs(inputs: &[StoryInput], params: &StoryParams) -> Vec<(i64, i64, f64)> {
    let collection = Collection::new(inputs, params);
    let mut pairs: Vec<(i64, i64, f64)> = collection
        .edges(params)
        .into_iter()
        .map(|(i, j, s)| (collection.inputs[i].id, collection.inputs[j].id, s))
        .collect();
    pairs.sort_by_key(|a| (a.0, a.1));
    pairs
}

/// What clustering knows of one article.
struct Features {
    /// L2-normalised TF-IDF weights, sorted by term id.
    terms: Vec<(u32, f64)>,
    /// The same for the title and lead only.
    lead: Vec<(u32, f64)>,
    /// The heaviest terms seen in at least two articles, for the candidate index.
    top: Vec<u32>,
    /// Actor ids, most mentioned first, unique.
    actors: Vec<u32>,
    /// Event day ids, sorted, unique.
    events: Vec<u32>,
    /// Ids of the tracked decisions reported in the lede, sorted, unique.
    decisions: Vec<u32>,
    /// Publication date as days since 1970-01-01.
    day: Option<i64>,
}

/// The articles, deduplicated and sorted by id, with their features and collection statistics.
struct Collection<'a> {
    inputs: Vec<&'a StoryInput>,
    features: Vec<Features>,
    /// Stem per term id.
    stems: Vec<String>,
    /// Document frequency per term id.
    term_df: Vec<u32>,
    actor_idf: Vec<f64>,
    event_idf: Vec<f64>,
    decision_idf: Vec<f64>,
}

impl<'a> Collection<'a> {
    fn new(inputs: &'a [StoryInput], params: &StoryParams) -> Self {
        let mut sorted: Vec<&StoryInput> = inputs.iter().collect();
        sorted.sort_by_key(|a| a.id);
        sorted.dedup_by_key(|a| a.id);
        let n = sorted.len();

        let counts: Vec<Vec<(String, f64, f64)>> =
            sorted.par_iter().map(|a| term_counts(a, params)).collect();
        let mut vocab: FastMap<&str, u32> = FastMap::default();
        let mut stems: Vec<String> = Vec::new();
        let mut term_df: Vec<u32> = Vec::new();
        let ids: Vec<Vec<(u32, f64, f64)>> = counts
            .iter()
            .map(|doc| {
                doc.iter()
                    .map(|(stem, full, lead)| {
                        let id = *vocab.entry(stem.as_str()).or_insert_with(|| {
                            stems.push(stem.clone());
                            term_df.push(0);
                            (stems.len() - 1) as u32
                        });
                        term_df[id as usize] += 1;
                        (id, *full, *lead)
                    })
                    .collect()
            })
            .collect();

        let actor_ids = intern(sorted.iter().map(|a| {
            let mut seen = HashSet::new();
            a.actors
                .iter()
                .map(|name| terms::fold(name.trim()))
                .filter(|name| !name.is_empty() && seen.insert(name.clone()))
                .take(params.top_actors)
                .collect::<Vec<_>>()
        }));
        let event_ids = intern(sorted.iter().map(|a| event_days(&a.event_dates)));
        let decision_ids = intern(sorted.iter().map(|a| {
            let end = lede_end(a);
            a.decisions
                .iter()
                .filter(|(_, at)| *at < end)
                .map(|(key, _)| key.clone())
                .collect::<Vec<_>>()
        }));
        let decision_idf = idf(&decision_ids.df, n);
        let actor_idf = idf(&actor_ids.df, n);
        let event_idf = idf(&event_ids.df, n);

        let features: Vec<Features> = ids
            .into_par_iter()
            .zip(actor_ids.per_doc)
            .zip(event_ids.per_doc)
            .zip(decision_ids.per_doc)
            .zip(sorted.par_iter())
            .map(
                |((((terms, actors), mut events), mut decisions), article)| {
                    events.sort_unstable();
                    events.dedup();
                    decisions.sort_unstable();
                    let lead = weigh(
                        terms.iter().map(|&(t, _, lead)| (t, lead)).collect(),
                        &term_df,
                        n,
                    );
                    let terms = weigh(
                        terms.iter().map(|&(t, full, _)| (t, full)).collect(),
                        &term_df,
                        n,
                    );
                    let top = top_terms(&terms, &term_df, params.index_terms);
                    Features {
                        terms,
                        lead,
                        top,
                        actors,
                        events,
                        decisions,
                        day: article.date.as_deref().and_then(day_number),
                    }
                },
            )
            .collect();

        Collection {
            inputs: sorted,
            features,
            stems,
            term_df,
            actor_idf,
            event_idf,
            decision_idf,
        }
    }

    fn len(&self) -> usize {
        self.inputs.len()
    }

    /// Scored candidate pairs `(i, j, similarity)`, `i < j`, similarity ≥ `min_edge`.
    fn edges(&self, params: &StoryParams) -> Vec<(usize, usize, f64)> {
        let n = self.len();
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); self.term_df.len()];
        for (i, f) in self.features.iter().enumerate() {
            for &(t, _) in &f.terms {
                let df = self.term_df[t as usize] as usize;
                if (2..=params.max_postings).contains(&df) {
                    postings[t as usize].push(i as u32);
                }
            }
        }
        let mut pairs: Vec<(u32, u32)> = (0..n)
            .into_par_iter()
            .flat_map_iter(|i| {
                let mut js: Vec<u32> = self.features[i]
                    .top
                    .iter()
                    .flat_map(|&t| postings[t as usize].iter().copied())
                    .filter(|&j| j as usize != i)
                    .collect();
                js.sort_unstable();
                js.dedup();
                let i = i as u32;
                js.into_iter().map(move |j| (i.min(j), i.max(j)))
            })
            .collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        // Pairs come grouped by their first article: spread its vectors over dense arrays once,
        // then each dot product is one pass over the other article's terms.
        let vocab = self.term_df.len();
        pairs
            .par_chunk_by(|a, b| a.0 == b.0)
            .map_init(
                || (vec![0.0; vocab], vec![0.0; vocab]),
                |(full, lead), group| {
                    let Some(i) = group.first().map(|p| p.0 as usize) else {
                        return Vec::new();
                    };
                    let a = &self.features[i];
                    scatter(full, &a.terms, true);
                    scatter(lead, &a.lead, true);
                    let out: Vec<(usize, usize, f64)> = group
                        .iter()
                        .filter_map(|&(_, j)| {
                            let j = j as usize;
                            let b = &self.features[j];
                            let s = self.similarity(
                                i,
                                j,
                                gather(full, &b.terms),
                                gather(lead, &b.lead),
                                params,
                            );
                            (s >= params.min_edge).then_some((i, j, s))
                        })
                        .collect();
                    scatter(full, &a.terms, false);
                    scatter(lead, &a.lead, false);
                    out
                },
            )
            .flatten_iter()
            .collect()
    }

    /// Combined similarity of two articles given the cosines of their full and lead vectors
    /// (see the module docs).
    fn similarity(&self, i: usize, j: usize, cosine: f64, lead: f64, p: &StoryParams) -> f64 {
        let (a, b) = (&self.features[i], &self.features[j]);
        let actors = weighted_jaccard(&a.actors, &b.actors, &self.actor_idf);
        let events = weighted_jaccard(&a.events, &b.events, &self.event_idf);
        let decisions = weighted_jaccard(&a.decisions, &b.decisions, &self.decision_idf);
        let mut s = p.decision_weight * decisions
            + p.text_weight * cosine
            + p.lead_weight * lead
            + p.actor_weight * actors
            + p.event_date_weight * events;
        if let (Some(da), Some(db)) = (a.day, b.day) {
            let gap = (da - db).abs();
            if gap <= p.close_days {
                s += p.pub_date_weight;
            } else if gap > p.far_days {
                s *= p.far_factor;
            }
        }
        s
    }

    /// The story made of these article indices: members, key terms and name.
    fn story(&self, group: &[usize]) -> Story {
        let members: Vec<i64> = group.iter().map(|&i| self.inputs[i].id).collect();
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
        let stems: Vec<&str> = scored
            .iter()
            .filter_map(|(t, _)| self.stems.get(*t as usize).map(String::as_str))
            .collect();
        let key_terms = self.surfaces(group, &stems);
        let name = self.name(group, &centroid, &key_terms);
        Story {
            key: story_key(&members),
            members,
            name,
            key_terms,
        }
    }

    /// Sum of the members' term weights and the number of members with each term.
    fn centroid(&self, group: &[usize]) -> BTreeMap<u32, (f64, u32)> {
        let mut sum: BTreeMap<u32, (f64, u32)> = BTreeMap::new();
        for &i in group {
            for &(t, w) in &self.features[i].terms {
                let e = sum.entry(t).or_insert((0.0, 0));
                e.0 += w;
                e.1 += 1;
            }
        }
        sum
    }

    /// How the members spell each stem most often (`Accra`, `meeting`, `ECOWAS`), judged on
    /// the first [`SPELLING_SAMPLE`] members.
    fn surfaces(&self, group: &[usize], stems: &[&str]) -> Vec<String> {
        let mut counts: HashMap<&str, BTreeMap<&str, u32>> =
            stems.iter().map(|s| (*s, BTreeMap::new())).collect();
        for &i in group.iter().take(SPELLING_SAMPLE) {
            let a = self.inputs[i];
            for text in [a.title.as_str(), a.text.as_str()] {
                for w in terms::content_words(text) {
                    if let (Some(forms), Some(surface)) =
                        (counts.get_mut(w.stem.as_str()), text.get(w.start..w.end))
                    {
                        *forms.entry(surface).or_insert(0) += 1;
                    }
                }
            }
        }
        stems
            .iter()
            .map(|stem| {
                counts
                    .get(stem)
                    .and_then(|forms| {
                        forms
                            .iter()
                            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                            .map(|(form, _)| (*form).to_owned())
                    })
                    .unwrap_or_else(|| (*stem).to_owned())
            })
            .collect()
    }

    /// A story is named by the headline of its most central member (the one closest to the
    /// members' summed term vector): a report's own headline reads as a sentence about the
    /// story, where actor names and key terms strung together read as keyword salad. With no
    /// headline, by its key terms.
    fn name(
        &self,
        group: &[usize],
        centroid: &BTreeMap<u32, (f64, u32)>,
        key_terms: &[String],
    ) -> String {
        let central = group.iter().copied().max_by(|&a, &b| {
            let (sa, sb) = (
                centroid_dot(&self.features[a].terms, centroid),
                centroid_dot(&self.features[b].terms, centroid),
            );
            sa.total_cmp(&sb).then(b.cmp(&a))
        });
        match central.map(|i| self.inputs[i].title.trim()) {
            Some(title) if !title.is_empty() => shorten(title, MAX_NAME_CHARS),
            _ if !key_terms.is_empty() => key_terms.join(" · "),
            _ => format!(
                "Article {}",
                group.first().map_or(0, |&i| self.inputs[i].id)
            ),
        }
    }
}

/// Raw term counts of an article, as `(stem, full, lead)`. Title words count
/// [`StoryParams::title_weight`] times in both, text words once in the full count and, within
/// the lead (the first paragraphs, up to the one holding the [`StoryParams::lead_words`]-th
/// content word), once in the lead count. A first text line repeating the title and the
/// outlet's own name ("the Accra Morning Post has learnt") are left out; the name's words
/// count elsewhere ("in Accra"). Sorted by stem.
fn term_counts(a: &StoryInput, p: &StoryParams) -> Vec<(String, f64, f64)> {
    let outlet: Vec<String> = a.outlet.as_deref().map(folded_words).unwrap_or_default();
    let title_weight = if p.title_weight.is_finite() {
        p.title_weight.max(0.0)
    } else {
        1.0
    };
    let body = body_without_title(&a.text, &a.title);
    let words = stems_of(body);
    // The lead ends with the line (paragraph) holding its `lead_words`-th content word.
    let lead_end = match p.lead_words.checked_sub(1) {
        None => 0,
        Some(k) => words.get(k).map_or(body.len(), |&(_, _, end)| {
            body.get(end..)
                .and_then(|rest| rest.find('\n'))
                .map_or(body.len(), |i| end + i)
        }),
    };
    let mut counts: FastMap<String, (f64, f64)> = FastMap::default();
    let mut add = |text: &str, words: Vec<(String, usize, usize)>, full: f64, lead_end: usize| {
        let names = occurrences(text, &outlet);
        for (stem, start, _) in words {
            if names.iter().any(|r| r.contains(&start)) {
                continue;
            }
            let lead = if start < lead_end { full } else { 0.0 };
            let e = counts.entry(stem).or_insert((0.0, 0.0));
            e.0 += full;
            e.1 += lead;
        }
    };
    add(&a.title, stems_of(&a.title), title_weight, usize::MAX);
    add(body, words, 1.0, lead_end);
    let mut out: Vec<(String, f64, f64)> = counts
        .into_iter()
        .filter(|(_, (full, _))| *full > 0.0)
        .map(|(stem, (full, lead))| (stem, full, lead))
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Byte offset in the article's text where its lede, the first paragraph after the title,
/// ends.
fn lede_end(a: &StoryInput) -> usize {
    let body = body_without_title(&a.text, &a.title);
    let start = a.text.len() - body.len();
    let lede = body.trim_start();
    let lede_start = start + body.len() - lede.len();
    lede_start + lede.find('\n').unwrap_or(lede.len())
}

/// The folded raw words of `text` (stop-words kept).
fn folded_words(text: &str) -> Vec<String> {
    terms::raw_words(text)
        .into_iter()
        .filter_map(|(start, end)| text.get(start..end).map(terms::fold))
        .collect()
}

/// Byte ranges where the words `phrase` occur in a row in `text`.
fn occurrences(text: &str, phrase: &[String]) -> Vec<std::ops::Range<usize>> {
    if phrase.is_empty() {
        return Vec::new();
    }
    let words = terms::raw_words(text);
    let folded: Vec<String> = words
        .iter()
        .map(|&(start, end)| text.get(start..end).map(terms::fold).unwrap_or_default())
        .collect();
    folded
        .windows(phrase.len())
        .enumerate()
        .filter(|(_, w)| *w == phrase)
        .map(|(i, _)| words[i].0..words[i + phrase.len() - 1].1)
        .collect()
}

/// Stems of the content words of `text`, with their byte spans.
fn stems_of(text: &str) -> Vec<(String, usize, usize)> {
    let mut words = Vec::new();
    terms::each_content_word(text, |stem, start, end| {
        words.push((stem.to_owned(), start, end));
    });
    words
}

/// The text without a first line that repeats the title.
fn body_without_title<'t>(text: &'t str, title: &str) -> &'t str {
    let trimmed = text.trim_start();
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    let title = title.trim();
    if !title.is_empty() && terms::fold(first.trim()) == terms::fold(title) {
        rest
    } else {
        text
    }
}

/// Sublinear TF times IDF, L2-normalised, sorted by term id.
fn weigh(raw: Vec<(u32, f64)>, df: &[u32], n: usize) -> Vec<(u32, f64)> {
    let mut out: Vec<(u32, f64)> = raw
        .into_iter()
        .map(|(t, c)| {
            let tf = if c >= 1.0 { 1.0 + c.ln() } else { c };
            let d = df.get(t as usize).copied().unwrap_or(1).max(1);
            (t, tf * ((n as f64 + 1.0) / f64::from(d)).ln())
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
    out
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

/// Writes a sparse vector into a dense array (`set`), or clears it again.
fn scatter(dense: &mut [f64], v: &[(u32, f64)], set: bool) {
    for &(t, w) in v {
        if let Some(x) = dense.get_mut(t as usize) {
            *x = if set { w } else { 0.0 };
        }
    }
}

/// Dot product of a dense array with a sparse vector.
fn gather(dense: &[f64], v: &[(u32, f64)]) -> f64 {
    v.iter()
        .map(|&(t, w)| dense.get(t as usize).map_or(0.0, |x| x * w))
        .sum()
}

fn centroid_dot(terms: &[(u32, f64)], centroid: &BTreeMap<u32, (f64, u32)>) -> f64 {
    terms
        .iter()
        .map(|(t, w)| centroid.get(t).map_or(0.0, |c| c.0 * w))
        .sum()
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

/// Ids for strings, per document, with document frequencies.
struct Interned {
    per_doc: Vec<Vec<u32>>,
    df: Vec<u32>,
}

fn intern(docs: impl Iterator<Item = Vec<String>>) -> Interned {
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    let per_doc = docs
        .map(|items| {
            let mut ids: Vec<u32> = Vec::with_capacity(items.len());
            for item in items {
                let next = index.len() as u32;
                let id = *index.entry(item).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                if !ids.contains(&id) {
                    ids.push(id);
                    df[id as usize] += 1;
                }
            }
            ids
        })
        .collect();
    Interned { per_doc, df }
}

/// `ln((N + 1) / df)` per id.
fn idf(df: &[u32], n: usize) -> Vec<f64> {
    df.iter()
        .map(|&d| ((n as f64 + 1.0) / f64::from(d.max(1))).ln())
        .collect()
}

/// The valid ISO days among event date values, both ends of an interval `A/B`.
fn event_days(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split('/'))
        .filter_map(|v| day_number(v).map(|_| v.trim().to_owned()))
        .collect()
}

/// Days since 1970-01-01 of an ISO day `YYYY-MM-DD` (anything longer, such as a time, is cut).
pub(crate) fn day_number(value: &str) -> Option<i64> {
    let value = value.trim();
    let day = value.get(..10).unwrap_or(value);
    let date: jiff::civil::Date = day.parse().ok()?;
    let (y, m, d) = (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    // Days from civil (H. Hinnant).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `text` cut to at most `max` characters at a word boundary, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: i64, title: &str, text: &str, actors: &[&str], date: &str) -> StoryInput {
        StoryInput {
            id,
            outlet: Some(format!("Outlet {id}")),
            date: (!date.is_empty()).then(|| date.to_owned()),
            title: title.to_owned(),
            text: text.to_owned(),
            actors: actors.iter().map(|a| (*a).to_owned()).collect(),
            event_dates: Vec::new(),
            decisions: Vec::new(),
        }
    }

    const BACKGROUND: &str = "The junta seized power in July and detained the elected \
        president, drawing condemnation from the bloc and from Western partners.";

    /// Three reports of a defence chiefs' meeting, two of a phone call, one of an embassy
    /// protest; all share a background paragraph.
    fn collection() -> Vec<StoryInput> {
        let meeting = ["ECOWAS", "Accra", "Musah"];
        let call = ["Putin", "Goita", "Kremlin"];
        vec![
            article(
                10,
                "Defence chiefs meet in Accra on standby force",
                &format!(
                    "Defence chiefs of the bloc opened a two-day meeting in Accra to plan the deployment of the standby force, commissioner Musah said.\n\n{BACKGROUND}"
                ),
                &meeting,
                "2023-08-17",
            ),
            article(
                11,
                "Accra meeting of army chiefs plans standby force deployment",
                &format!(
                    "Army chiefs gathered in Accra for a meeting on deploying the standby force; Musah said every member state but four would send troops.\n\n{BACKGROUND}"
                ),
                &meeting,
                "2023-08-18",
            ),
            article(
                12,
                "Standby force: chiefs in Accra fix a date",
                &format!(
                    "At the close of the Accra meeting, the defence chiefs said the standby force deployment date was fixed, Musah told reporters.\n\n{BACKGROUND}"
                ),
                &meeting,
                "2023-08-19",
            ),
            article(
                20,
                "Putin and Goita discuss the crisis by phone",
                &format!(
                    "Putin spoke by phone with Goita, who said the Russian leader urged a peaceful settlement; the Kremlin confirmed the call.\n\n{BACKGROUND}"
                ),
                &call,
                "2023-08-15",
            ),
            article(
                21,
                "Kremlin confirms Putin phone call with Goita",
                &format!(
                    "The Kremlin said Putin and Goita held a phone call and agreed on a peaceful settlement of the crisis.\n\n{BACKGROUND}"
                ),
                &call,
                "2023-08-15",
            ),
            article(
                30,
                "Protesters attack French embassy",
                &format!(
                    "Thousands of protesters set fire to the door of the French embassy in Niamey and tore down its plaque.\n\n{BACKGROUND}"
                ),
                &["France", "Niamey"],
                "2023-07-30",
            ),
        ]
    }

    fn members(stories: &[Story]) -> Vec<Vec<i64>> {
        stories.iter().map(|s| s.members.clone()).collect()
    }

    #[test]
    fn reports_of_one_event_form_one_story() {
        let stories = cluster(&collection());
        assert_eq!(
            members(&stories),
            vec![vec![10, 11, 12], vec![20, 21], vec![30]]
        );
        assert_eq!(stories[0].key, "story-10");
        assert_eq!(stories[2].name, "Protesters attack French embassy");
    }

    #[test]
    fn a_story_is_named_by_its_central_headline() {
        let input = collection();
        let stories = cluster(&input);
        for story in &stories {
            let titles: Vec<&str> = story
                .members
                .iter()
                .filter_map(|id| input.iter().find(|a| a.id == *id))
                .map(|a| a.title.as_str())
                .collect();
            assert!(
                titles
                    .iter()
                    .any(|t| t.starts_with(story.name.trim_end_matches('…'))),
                "{} is none of {titles:?}",
                story.name
            );
        }
    }

    #[test]
    fn order_of_the_input_does_not_matter() {
        let mut shuffled = collection();
        shuffled.reverse();
        shuffled.swap(1, 4);
        assert_eq!(cluster(&collection()), cluster(&shuffled));
    }

    #[test]
    fn repeated_ids_keep_the_first_and_every_article_is_in_one_story() {
        let mut input = collection();
        let mut copy = input[3].clone();
        copy.title = "Something else entirely".into();
        input.push(copy);
        let stories = cluster(&input);
        let mut all: Vec<i64> = stories.iter().flat_map(|s| s.members.clone()).collect();
        all.sort_unstable();
        assert_eq!(all, vec![10, 11, 12, 20, 21, 30]);
    }

    #[test]
    fn far_apart_publication_dates_weaken_a_link() {
        let p = StoryParams::default();
        let near = collection();
        let mut far = collection();
        far[4].date = Some("2023-10-15".into());
        let sim = |input: &[StoryInput]| {
            similar_pairs(input, &p)
                .into_iter()
                .find(|(a, b, _)| (*a, *b) == (20, 21))
                .map_or(0.0, |x| x.2)
        };
        assert!(
            sim(&far) < sim(&near) * 0.7,
            "{} vs {}",
            sim(&far),
            sim(&near)
        );
    }

    #[test]
    fn shared_rare_actors_and_event_dates_raise_similarity() {
        let p = StoryParams::default();
        let base = collection();
        let mut richer = collection();
        for a in &mut richer[3..5] {
            a.event_dates = vec!["2023-08-15".into()];
        }
        let sim = |input: &[StoryInput]| {
            similar_pairs(input, &p)
                .into_iter()
                .find(|(a, b, _)| (*a, *b) == (20, 21))
                .map_or(0.0, |x| x.2)
        };
        assert!(sim(&richer) > sim(&base));
    }

    #[test]
    fn a_title_repeated_as_the_first_line_counts_once() {
        let p = StoryParams::default();
        let plain = article(1, "Accra talks", "Chiefs met.", &[], "");
        let repeated = article(1, "Accra talks", "Accra talks\n\nChiefs met.", &[], "");
        assert_eq!(term_counts(&plain, &p), term_counts(&repeated, &p));
    }

    #[test]
    fn the_outlet_name_is_not_content() {
        let p = StoryParams::default();
        let mut a = article(
            1,
            "Sahel Wire: chiefs meet",
            "Sahel Wire reports chiefs met.",
            &[],
            "",
        );
        a.outlet = Some("Sahel Wire".into());
        let stems: Vec<String> = term_counts(&a, &p).into_iter().map(|(s, _, _)| s).collect();
        assert_eq!(stems, ["chief", "meet", "met"]);
        // The name's words still count on their own: the paper is in Accra, so is the meeting.
        a.outlet = Some("Accra Morning Post".into());
        a.text = "The Accra Morning Post has learnt that chiefs met in Accra.".into();
        let counts = term_counts(&a, &p);
        let count = |stem: &str| counts.iter().find(|c| c.0 == stem).map(|c| c.1);
        assert_eq!(count("accra"), Some(1.0));
        assert_eq!(count("morn"), None);
        assert_eq!(count("post"), None);
    }

    #[test]
    fn a_decision_both_ledes_report_raises_similarity() {
        let p = StoryParams::default();
        let sim = |input: &[StoryInput]| {
            similar_pairs(input, &p)
                .into_iter()
                .find(|(a, b, _)| (*a, *b) == (20, 21))
                .map_or(0.0, |x| x.2)
        };
        let base = collection();
        let lede = |a: &StoryInput| a.text.find('\n').unwrap_or(a.text.len()) / 2;
        let mut in_ledes = collection();
        for a in &mut in_ledes[3..5] {
            a.decisions = vec![("bloc|meeting||meeting".into(), lede(a))];
        }
        assert!(sim(&in_ledes) > sim(&base) + 0.05);
        // Reported further down, it is background and counts for nothing.
        let mut below = collection();
        for a in &mut below[3..5] {
            a.decisions = vec![("bloc|meeting||meeting".into(), a.text.len() - 1)];
        }
        assert_eq!(sim(&below), sim(&base));
    }

    #[test]
    fn the_lede_is_the_first_paragraph_after_the_title() {
        let a = article(1, "Talks", "Talks\n\nChiefs met.\nThey left.", &[], "");
        assert_eq!(&a.text[..lede_end(&a)], "Talks\n\nChiefs met.");
        let b = article(1, "Talks", "  Chiefs met.", &[], "");
        assert_eq!(lede_end(&b), b.text.len());
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        assert!(cluster(&[]).is_empty());
        let odd = vec![
            StoryInput::default(),
            StoryInput {
                id: i64::MIN,
                date: Some("2023-02-30".into()),
                title: "’’’ --- ١٢٣".into(),
                text: "\n\n\n".into(),
                actors: vec![String::new(), " ".into()],
                event_dates: vec!["x/y".into(), "2023-08-17/".into(), "99999-01-01".into()],
                ..StoryInput::default()
            },
            StoryInput {
                id: i64::MAX,
                outlet: Some(String::new()),
                title: "a".repeat(500),
                text: "word ".repeat(2000),
                ..StoryInput::default()
            },
        ];
        let stories = cluster(&odd);
        assert_eq!(stories.iter().map(|s| s.members.len()).sum::<usize>(), 3);
        assert!(stories.iter().all(|s| !s.name.is_empty()));
        let nan = StoryParams {
            threshold: f64::NAN,
            title_weight: f64::INFINITY,
            far_factor: f64::NAN,
            ..StoryParams::default()
        };
        let _ = cluster_with(&collection(), &nan);
        let zero = StoryParams {
            lead_words: 0,
            index_terms: 0,
            max_postings: 0,
            top_actors: 0,
            ..StoryParams::default()
        };
        assert_eq!(cluster_with(&collection(), &zero).len(), 6);
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2023-08-17"), Some(19_586));
        assert_eq!(day_number("2023-08-17T10:00:00Z"), Some(19_586));
        assert_eq!(day_number("2023-02-30"), None);
        assert_eq!(day_number(""), None);
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("a b c", 80), "a b c");
        assert_eq!(shorten("alpha beta gamma", 12), "alpha beta…");
        assert_eq!(shorten(&"x".repeat(20), 5), "xxxx…");
    }
}
