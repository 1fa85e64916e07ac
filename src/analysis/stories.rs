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
//! Memory holds compact features per article, never its text ([`features`]): its term counts
//! packed in two or three bytes a term (at most [`StoryParams::vector_terms`] terms), ids of
//! its actors, event days and lede decisions, its day. The articles are read three times
//! (counting document frequencies, weighing, then reading the few members that name each
//! story), so `jobs` feeds them from the project a batch at a time, the first two times from
//! the term counts `analyze` stored with each article ([`stored`]); [`cluster`] runs the same
//! passes over a slice, counting the terms of its texts.
//!
//! The result depends only on the set of inputs, not on their order: articles are sorted by id
//! first (a repeated id keeps its first occurrence), ties in clustering go to the smallest ids,
//! and stories come largest first, then by key. Every article ends up in exactly one story.
//! Keys and the analyst's edits are described in [`edits`] ([`story_key`], [`apply_edits`]).

use serde::{Deserialize, Serialize};
use terms::FastMap;

mod cluster;
pub mod edits;
pub(crate) mod features;
pub(crate) mod packed;
pub mod profile;
pub mod stored;
pub(crate) mod terms;

pub use crate::model::Story;
pub use edits::{StoryEdit, apply_edits, story_key};
pub(crate) use features::{Collection, Counting, Measured, Naming};
use rayon::prelude::*;

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
    /// Most terms kept per article: a longer text keeps, of those found in two articles or
    /// more, this many of the heaviest in its whole vector (at least [`Self::index_terms`]) and
    /// as many in its lead, and five of its own, so that an article's features stay small
    /// whatever its length.
    pub vector_terms: usize,
}

impl StoryParams {
    /// [`StoryParams::title_weight`], never negative; 1 when it is not a number.
    fn title_weight_or_one(&self) -> f64 {
        if self.title_weight.is_finite() {
            self.title_weight.max(0.0)
        } else {
            1.0
        }
    }
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
            vector_terms: 384,
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
    let sorted = sorted_unique(inputs);
    let (collection, stems) = weighed(&sorted, params);
    let edges = collection.edges();
    let mut naming = collection.group(&edges);
    naming.name_terms(|t| stems.get(t as usize).cloned());
    naming.add(&sorted);
    naming.finish()
}

/// The scored candidate pairs behind [`cluster_with`]: `(id_a, id_b, similarity)` with
/// `id_a < id_b`, similarity at least [`StoryParams::min_edge`], in id order. For "related
/// articles" lists and for tuning.
pub fn similar_pairs(inputs: &[StoryInput], params: &StoryParams) -> Vec<(i64, i64, f64)> {
    let (collection, _) = weighed(&sorted_unique(inputs), params);
    collection
        .edges()
        .into_iter()
        .map(|(i, j, s)| (collection.id(i), collection.id(j), f64::from(s)))
        .collect()
}

/// The inputs sorted by id, a repeated id keeping its first occurrence.
fn sorted_unique(inputs: &[StoryInput]) -> Vec<&StoryInput> {
    let mut sorted: Vec<&StoryInput> = inputs.iter().collect();
    sorted.sort_by_key(|a| a.id);
    sorted.dedup_by_key(|a| a.id);
    sorted
}

/// The first two passes of [`features`] over `sorted`, with the stem of each term id.
fn weighed(sorted: &[&StoryInput], params: &StoryParams) -> (Collection, Vec<Box<str>>) {
    let (measured, stems) = measured(sorted, params);
    let measured: Vec<&Measured> = measured.iter().collect();
    let mut counting = Counting::new(params);
    counting.add(&measured);
    let mut weighing = counting.weighing();
    weighing.add(&measured);
    (weighing.finish(), stems)
}

/// `inputs` as the counting passes read them, their terms numbered in the order first met,
/// with the stem of each term id.
fn measured(inputs: &[&StoryInput], p: &StoryParams) -> (Vec<Measured>, Vec<Box<str>>) {
    let counted: Vec<Vec<(Box<str>, f64, f64)>> = inputs
        .par_iter()
        .map(|a| {
            with_term_counts(a, p, |counts| {
                counts
                    .iter()
                    .map(|&(stem, full, lead)| (stem.into(), full, lead))
                    .collect()
            })
        })
        .collect();
    let mut ids: FastMap<Box<str>, u32> = FastMap::default();
    let mut stems: Vec<Box<str>> = Vec::new();
    let measured = inputs
        .iter()
        .zip(counted)
        .map(|(a, counts)| {
            let terms = counts
                .into_iter()
                .map(|(stem, full, lead)| {
                    let id = match ids.get(&stem) {
                        Some(&id) => id,
                        None => {
                            let id = u32::try_from(stems.len()).unwrap_or(u32::MAX);
                            ids.insert(stem.clone(), id);
                            stems.push(stem);
                            id
                        }
                    };
                    (id, full, lead)
                })
                .collect();
            measure(a, terms, lede_end(a), p)
        })
        .collect();
    (measured, stems)
}

/// Article `a` as the counting passes read it, with its counted `terms` (by ascending stem)
/// and the end of its lede: its text is not read.
pub(crate) fn measure(
    a: &StoryInput,
    terms: Vec<(u32, f64, f64)>,
    lede_end: usize,
    p: &StoryParams,
) -> Measured {
    Measured {
        id: a.id,
        terms,
        evidence: features::evidence(&a.actors, &a.event_dates, &a.decisions, lede_end, p),
        day: a
            .date
            .as_deref()
            .and_then(day_number)
            .and_then(|d| i32::try_from(d).ok()),
    }
}

/// Calls `f` with the raw term counts of an article, as `(stem, full, lead)`. Title words count
/// [`StoryParams::title_weight`] times in both, text words once in the full count and, within
/// the lead (the first paragraphs, up to the one holding the [`StoryParams::lead_words`]-th
/// content word), once in the lead count. A first text line repeating the title and the
/// outlet's own name ("the Accra Morning Post has learnt") are left out; the name's words
/// count elsewhere ("in Accra"). Sorted by stem.
/// `f` is given them, the stems borrowed (no string is made per word or term).
fn with_term_counts<R>(
    a: &StoryInput,
    p: &StoryParams,
    f: impl FnOnce(&[(&str, f64, f64)]) -> R,
) -> R {
    let outlet: Vec<String> = a.outlet.as_deref().map(folded_words).unwrap_or_default();
    let title_weight = p.title_weight_or_one();
    let body = body_without_title(&a.text, &a.title);
    let (title_words, body_words) = (Stems::of(&a.title), Stems::of(body));
    let mut counts: FastMap<&str, (f64, f64)> = FastMap::with_capacity_and_hasher(
        title_words.stems.len() + body_words.stems.len(),
        Default::default(),
    );
    count_words(
        &mut counts,
        &a.title,
        &title_words,
        &outlet,
        title_weight,
        None,
    );
    count_words(
        &mut counts,
        body,
        &body_words,
        &outlet,
        1.0,
        Some(p.lead_words),
    );
    let mut out: Vec<(&str, f64, f64)> = counts
        .into_iter()
        .filter(|(_, (full, _))| *full > 0.0)
        .map(|(stem, (full, lead))| (stem, full, lead))
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(b.0));
    f(&out)
}

/// Adds the content words of `text` (its `words`) but those of the outlet's name to `counts`,
/// `full` each, and as much to their lead count within the lead: with `lead_words`, the lead
/// ends with the line (paragraph) holding the `lead_words`-th content word; `None` when all of
/// `text` is lead.
fn count_words<'w>(
    counts: &mut FastMap<&'w str, (f64, f64)>,
    text: &str,
    words: &'w Stems,
    outlet: &[String],
    full: f64,
    lead_words: Option<usize>,
) {
    let names = occurrences(text, &words.raw, outlet);
    let lead_end = match lead_words.map(|k| k.checked_sub(1)) {
        None => usize::MAX,
        Some(None) => 0,
        Some(Some(k)) => words.spans.get(k).map_or(text.len(), |w| {
            text.get(w.end..)
                .and_then(|rest| rest.find('\n'))
                .map_or(text.len(), |i| w.end + i)
        }),
    };
    for (stem, span) in words.iter() {
        if names.iter().any(|r| r.contains(&span.start)) {
            continue;
        }
        let lead = if span.start < lead_end { full } else { 0.0 };
        let e = counts.entry(stem).or_insert((0.0, 0.0));
        e.0 += full;
        e.1 += lead;
    }
}

/// The words of a text: its raw words, and its content words with their stems one after
/// another in one string.
struct Stems {
    raw: Vec<(usize, usize)>,
    arena: String,
    /// Byte range of each content word's stem in `arena`.
    stems: Vec<std::ops::Range<usize>>,
    /// Byte range of each content word in the text.
    spans: Vec<std::ops::Range<usize>>,
}

impl Stems {
    fn of(text: &str) -> Self {
        let mut words = Stems {
            raw: terms::raw_words(text),
            arena: String::new(),
            stems: Vec::new(),
            spans: Vec::new(),
        };
        terms::each_content_word_of(text, &words.raw, |stem, start, end| {
            let at = words.arena.len();
            words.arena.push_str(stem);
            words.stems.push(at..words.arena.len());
            words.spans.push(start..end);
        });
        words
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &std::ops::Range<usize>)> {
        self.stems
            .iter()
            .zip(&self.spans)
            .filter_map(|(stem, span)| Some((self.arena.get(stem.clone())?, span)))
    }
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

/// Byte ranges where the words `phrase` occur in a row in `text`, whose [`terms::raw_words`]
/// are `words`.
fn occurrences(
    text: &str,
    words: &[(usize, usize)],
    phrase: &[String],
) -> Vec<std::ops::Range<usize>> {
    if phrase.is_empty() {
        return Vec::new();
    }
    let mut buf = String::new();
    // whether raw word `i` folds to `p` (an ASCII word folds to its lower case)
    let mut is = |i: usize, p: &str| {
        let Some(word) = words.get(i).and_then(|&(start, end)| text.get(start..end)) else {
            return false;
        };
        if word.is_ascii() {
            word.len() == p.len()
                && word
                    .bytes()
                    .zip(p.bytes())
                    .all(|(w, q)| w.to_ascii_lowercase() == q)
        } else {
            buf.clear();
            terms::fold_into(word, &mut buf);
            buf == p
        }
    };
    (0..(words.len() + 1).saturating_sub(phrase.len()))
        .filter(|&i| phrase.iter().enumerate().all(|(k, p)| is(i + k, p)))
        .filter_map(|i| Some(words.get(i)?.0..words.get(i + phrase.len() - 1)?.1))
        .collect()
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

    /// The term counts of `a`, owned.
    fn term_counts(a: &StoryInput, p: &StoryParams) -> Vec<(String, f64, f64)> {
        with_term_counts(a, p, |counts| {
            counts
                .iter()
                .map(|&(stem, full, lead)| (stem.to_owned(), full, lead))
                .collect()
        })
    }

    pub(super) fn article(
        id: i64,
        title: &str,
        text: &str,
        actors: &[&str],
        date: &str,
    ) -> StoryInput {
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
    pub(super) fn collection() -> Vec<StoryInput> {
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

    /// [`term_counts`] as first written, word by word with a string each: the reference the
    /// faster one must equal.
    fn term_counts_reference(a: &StoryInput, p: &StoryParams) -> Vec<(String, f64, f64)> {
        fn stems_of(text: &str) -> Vec<(String, usize, usize)> {
            let mut words = Vec::new();
            terms::each_content_word(text, |stem, start, end| {
                words.push((stem.to_owned(), start, end));
            });
            words
        }
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
        let outlet: Vec<String> = a.outlet.as_deref().map(folded_words).unwrap_or_default();
        let title_weight = p.title_weight_or_one();
        let body = body_without_title(&a.text, &a.title);
        let words = stems_of(body);
        let lead_end = match p.lead_words.checked_sub(1) {
            None => 0,
            Some(k) => words.get(k).map_or(body.len(), |&(_, _, end)| {
                body.get(end..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(body.len(), |i| end + i)
            }),
        };
        let mut counts: std::collections::HashMap<String, (f64, f64)> = Default::default();
        let mut add = |text: &str, words: Vec<(String, usize, usize)>, full: f64, end: usize| {
            let names = occurrences(text, &outlet);
            for (stem, start, _) in words {
                if names.iter().any(|r| r.contains(&start)) {
                    continue;
                }
                let lead = if start < end { full } else { 0.0 };
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// The term counts equal the reference's on texts mixing the outlet's name, a repeated
        /// title line, accents, hyphens, numbers, stop-words and paragraphs.
        #[test]
        fn term_counts_equal_the_reference(
            title in proptest::collection::vec(0usize..16, 0..6),
            body in proptest::collection::vec(0usize..16, 0..60),
            repeat_title in proptest::bool::ANY,
            lead_words in 0usize..8,
        ) {
            const POOL: [&str; 16] = [
                "Accra", "Morning", "Post", "the", "chiefs", "met", "in", "Côte-d’Ivoire",
                "1,500", "\n\n", "ECOWAS'", "meetings", "MORNING", "Goïta’s", ".", "said",
            ];
            let words = |ix: &[usize]| ix.iter().map(|&i| POOL[i % POOL.len()]).collect::<Vec<_>>().join(" ");
            let title = words(&title);
            let mut text = words(&body);
            if repeat_title {
                text = format!("{title}\n{text}");
            }
            let a = StoryInput {
                id: 1,
                outlet: Some("Accra Morning Post".into()),
                title,
                text,
                ..StoryInput::default()
            };
            let p = StoryParams { lead_words, ..StoryParams::default() };
            proptest::prop_assert_eq!(term_counts(&a, &p), term_counts_reference(&a, &p));
        }
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("a b c", 80), "a b c");
        assert_eq!(shorten("alpha beta gamma", 12), "alpha beta…");
        assert_eq!(shorten(&"x".repeat(20), 5), "xxxx…");
    }
}
