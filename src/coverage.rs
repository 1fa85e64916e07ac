//! Coverage comparison: two to four articles side by side, aligned by claim, with who each
//! outlet names and quotes, who published first and which copies are syndicated; and the
//! project's coverage matrix (outlets × stories).
//!
//! This is the view model the Compare panel draws and the briefing's coverage section reads.
//! [`compare`] loads what the passes stored for each article ([`ArticleFacts`]: sentences with
//! their actors, dates, speakers and decisions; mentions; quotes) and hands it to the pure
//! [`comparison`], which runs [`crate::analysis::compare::align`] and adds up the rest. A
//! sentence's decision is the tracked decision whose evidence it overlaps, with the status that
//! article gives it, so two outlets giving one decision different statuses (postponed, held)
//! show as a status conflict.

use crate::actors::{Actors, Totals};
use crate::analysis::compare::{self, CompareInput, Conflict, RowStatus, SentenceFacts};
use crate::analysis::text;
use crate::model::{
    Article, ArticleId, Date, DecisionRow, DuplicateKind, DuplicateOf, QuoteFix, QuoteRow,
    TrackedDecisionRow,
};
use crate::store::{Project, RegistryReader, StoreError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

/// The outlet shown for an article that names none (the Library's label too).
pub const UNKNOWN_OUTLET: &str = "(outlet unknown)";

/// How many articles a story comparison shows side by side.
pub const MAX_COLUMNS: usize = 4;

/// Articles side by side, aligned by claim.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Comparison {
    /// The compared articles, in the order given.
    pub columns: Vec<Column>,
    /// One row per reported fact, in the reading order of the first article with the others'
    /// sentences interleaved (see [`crate::analysis::compare`]).
    pub rows: Vec<ComparedRow>,
    pub actors: ActorCoverage,
    /// Per column, who the outlet quotes and how much.
    pub voice: Vec<ColumnVoice>,
    /// The columns with the earliest date (several when they share it); empty when no column
    /// is dated.
    pub first_published: Vec<usize>,
    /// Pairs of columns linked by the importer's near-duplicate links.
    pub syndicated: Vec<Syndication>,
}

/// One compared article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Column {
    pub article: ArticleId,
    pub title: String,
    /// The outlet, or [`UNKNOWN_OUTLET`].
    pub outlet: String,
    /// The date the article speaks from: the analyst's, else the timeline pass's, else the
    /// published date.
    pub date: Option<Date>,
    pub url: Option<String>,
}

/// One fact across the compared articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparedRow {
    /// Per column, the sentence reporting the fact, if that article does.
    pub cells: Vec<Option<Cell>>,
    pub status: RowStatus,
    pub conflicts: Vec<Conflict>,
}

/// A sentence of one article on a row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    /// Byte range in the article's text.
    pub range: Range<usize>,
    pub text: String,
}

/// Which actors each outlet names, and which it leaves out that others name.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ActorCoverage {
    /// Actors every column mentions, by name.
    pub shared: Vec<String>,
    /// Per column.
    pub columns: Vec<ColumnActors>,
}

/// One column's actors.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ColumnActors {
    /// Registry names with their mention counts, most mentioned first (ties by name).
    pub mentioned: Vec<MentionCount>,
    /// Actors other columns mention and this one does not, those most others mention first
    /// (ties by name).
    pub left_out: Vec<String>,
}

/// An actor and how often an article mentions it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MentionCount {
    pub actor: String,
    pub mentions: usize,
}

/// One column's voice share.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ColumnVoice {
    /// Named speakers, most words first (ties by name).
    pub speakers: Vec<Voice>,
    /// Quotes and words from anonymous sources, counted apart.
    pub anonymous: (usize, usize),
}

/// A speaker's quotes and words in one article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Voice {
    /// The registry name when the speaker is an actor, else the speaker as written.
    pub speaker: String,
    pub quotes: usize,
    pub words: usize,
}

/// Two columns that are copies of one text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Syndication {
    /// The column holding the later copy.
    pub copy: usize,
    /// The column holding the first copy (or, with `via`, the other copy).
    pub original: usize,
    pub kind: DuplicateKind,
    /// Estimated Jaccard similarity of word shingles, 0..=1.
    pub similarity: f32,
    /// Set when both are copies of a third article that is not compared.
    pub via: Option<ArticleId>,
}

/// One article as [`comparison`] reads it: what the passes found, resolved to registry names.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleFacts {
    pub column: Column,
    pub duplicate_of: Option<DuplicateOf>,
    /// The body's sentences (the headline left out) with their actors, dates, speakers and
    /// decisions.
    pub sentences: Vec<SentenceFacts>,
    /// Registry names of the actors mentioned, each with its mention count, in order of
    /// first mention.
    pub actors: Vec<MentionCount>,
    /// Every quote (analyst fixes applied).
    pub quotes: Vec<QuoteFacts>,
}

/// One decision an article reports, as the comparison reads it: its evidence sentence, the
/// words naming the measure, the tracked decision it belongs to and the status this article
/// gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionFacts {
    /// Byte range of the evidence sentence in the article's text.
    pub evidence: Range<usize>,
    /// Byte range of the words naming the measure.
    pub trigger: Range<usize>,
    /// The same for every article reporting the tracked decision (see [`decision_labels`]).
    pub key: String,
    /// As [`crate::analysis::decisions::DecisionStatus::as_str`] spells it.
    pub status: String,
}

/// One quote as the voice share counts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QuoteFacts {
    pub speaker: String,
    pub words: usize,
    pub anonymous: bool,
}

/// The project's coverage: which outlet covered which story, with which articles.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Matrix {
    /// Outlets by name ([`UNKNOWN_OUTLET`] last).
    pub outlets: Vec<String>,
    /// Stories as the analyst sees them: (key, name), largest first.
    pub stories: Vec<(String, String)>,
    /// `cells[outlet][story]`: that outlet's articles in that story, ascending.
    pub cells: Vec<Vec<Vec<ArticleId>>>,
}

/// The articles side by side (meant for two to four; ids that name no article are left out,
/// a repeated id counts once).
pub fn compare(project: &Project, articles: &[ArticleId]) -> Result<Comparison, StoreError> {
    compare_with(project, &project.actor_totals()?, articles)
}

/// [`compare`] with the project's registry totals at hand (they name the speakers that no
/// mention of their article names).
pub fn compare_with(
    project: &Project,
    totals: &Totals,
    articles: &[ArticleId],
) -> Result<Comparison, StoreError> {
    let reader = project.registry_reader()?;
    let fixes = project.quote_fixes()?;
    let dates = project.document_dates()?;
    let labels = decision_labels(&project.tracked_decisions()?);
    let mut facts = Vec::new();
    let mut seen = BTreeSet::new();
    for &id in articles {
        if !seen.insert(id) {
            continue;
        }
        let Some(article) = project.article(id)? else {
            continue;
        };
        let registry = reader.read(project, id, id)?;
        let speakers = Speakers::new(&registry, totals);
        let quotes: Vec<QuoteRow> = project
            .quotes(id)?
            .into_iter()
            .filter_map(|q| QuoteFix::apply(fixes.get(&(id, q.range.clone())), q))
            .collect();
        let timexes: Vec<(Range<usize>, String)> = project
            .timexes(id)?
            .into_iter()
            .filter_map(|t| Some((t.range, t.value?)))
            .collect();
        let decisions = decision_facts(&project.decisions(id)?, &labels);
        let date = dates.get(&id).copied().or(article.published);
        facts.push(article_facts(
            &article, date, &registry, &speakers, &timexes, &quotes, &decisions,
        ));
    }
    Ok(comparison(&facts))
}

/// Up to [`MAX_COLUMNS`] articles of a story side by side (see [`pick_articles`]); `None` when
/// no story has that key.
pub fn story_comparison(
    project: &Project,
    story_key: &str,
) -> Result<Option<Comparison>, StoreError> {
    let Some(story) = project.stories()?.into_iter().find(|s| s.key == story_key) else {
        return Ok(None);
    };
    let picked = story_picks(project, &story.members)?;
    compare(project, &picked).map(Some)
}

/// The articles of `members` (ids) a comparison shows: [`pick_articles`] over their outlets,
/// dates and [`centrality`].
pub fn story_picks(project: &Project, members: &[i64]) -> Result<Vec<ArticleId>, StoreError> {
    let dates = project.document_dates()?;
    let ids: Vec<ArticleId> = members.iter().map(|&m| ArticleId(m)).collect();
    let central = centrality(project, &ids)?;
    let candidates: Vec<Candidate> = project
        .article_summaries()?
        .into_iter()
        .filter(|s| members.contains(&s.id.0))
        .map(|s| Candidate {
            id: s.id,
            outlet: outlet_label(s.outlet.as_deref()),
            date: dates.get(&s.id).copied().or(s.published),
            centrality: central.get(&s.id).copied().unwrap_or(0.0),
        })
        .collect();
    Ok(pick_articles(&candidates, MAX_COLUMNS))
}

/// How close each of `ids` is to the others: its mean TF-IDF cosine to them (0 alone). The
/// most central report of a story tells its main event; a short notice of an earlier step, or a
/// round-up, lies at the edge.
pub fn centrality(
    project: &Project,
    ids: &[ArticleId],
) -> Result<HashMap<ArticleId, f32>, StoreError> {
    let mut texts: Vec<(ArticleId, String, String)> = Vec::new();
    for &id in ids {
        if let Some(a) = project.article(id)? {
            texts.push((id, a.title, a.text));
        }
    }
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(_, t, b)| (t.as_str(), b.as_str()))
        .collect();
    let mean = crate::analysis::similar::TermVectors::new(&pairs).mean_similarity();
    Ok(texts.iter().map(|(id, _, _)| *id).zip(mean).collect())
}

/// An article a comparison may show.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: ArticleId,
    pub outlet: String,
    pub date: Option<Date>,
    /// See [`centrality`].
    pub centrality: f32,
}

/// Chooses up to `max` of `candidates`: one per outlet first, then more of the same outlets;
/// within each round the most central first (ties: earliest, undated last, then by id). The
/// choice comes back by date, then id.
pub fn pick_articles(candidates: &[Candidate], max: usize) -> Vec<ArticleId> {
    let mut order: Vec<&Candidate> = candidates.iter().collect();
    order.sort_by(|a, b| {
        b.centrality
            .total_cmp(&a.centrality)
            .then(date_key(a.date).cmp(&date_key(b.date)))
            .then(a.id.cmp(&b.id))
    });
    let mut chosen: Vec<&Candidate> = Vec::new();
    let mut outlets: BTreeSet<&str> = BTreeSet::new();
    for c in &order {
        if chosen.len() < max
            && !chosen.iter().any(|x| x.id == c.id)
            && outlets.insert(c.outlet.as_str())
        {
            chosen.push(c);
        }
    }
    for c in &order {
        if chosen.len() < max && !chosen.iter().any(|x| x.id == c.id) {
            chosen.push(c);
        }
    }
    chosen.sort_by(|a, b| {
        date_key(a.date)
            .cmp(&date_key(b.date))
            .then(a.id.cmp(&b.id))
    });
    chosen.into_iter().map(|c| c.id).collect()
}

/// Sorts dated before undated, then by date.
fn date_key(date: Option<Date>) -> (bool, Option<Date>) {
    (date.is_none(), date)
}

/// Outlets × stories: every article of the project in its story's column of its outlet's row.
pub fn coverage_matrix(project: &Project) -> Result<Matrix, StoreError> {
    let articles: Vec<(ArticleId, String)> = project
        .article_summaries()?
        .into_iter()
        .map(|s| (s.id, outlet_label(s.outlet.as_deref())))
        .collect();
    let stories: Vec<(String, String, Vec<i64>)> = project
        .stories()?
        .into_iter()
        .map(|s| (s.key, s.name, s.members))
        .collect();
    Ok(matrix(&articles, &stories))
}

/// [`coverage_matrix`] from (article, outlet) pairs and (key, name, members) stories.
pub fn matrix(articles: &[(ArticleId, String)], stories: &[(String, String, Vec<i64>)]) -> Matrix {
    let mut outlets: Vec<String> = articles
        .iter()
        .map(|(_, o)| o.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // The unknown outlet goes last.
    outlets.sort_by_key(|o| (o == UNKNOWN_OUTLET, o.clone()));
    let row: HashMap<&str, usize> = outlets
        .iter()
        .enumerate()
        .map(|(i, o)| (o.as_str(), i))
        .collect();
    let story_of: HashMap<i64, usize> = stories
        .iter()
        .enumerate()
        .flat_map(|(j, (_, _, members))| members.iter().map(move |m| (*m, j)))
        .collect();
    let mut cells = vec![vec![Vec::new(); stories.len()]; outlets.len()];
    for (id, outlet) in articles {
        if let (Some(&i), Some(&j)) = (row.get(outlet.as_str()), story_of.get(&id.0)) {
            cells[i][j].push(*id);
        }
    }
    for row in &mut cells {
        for cell in row {
            cell.sort_unstable();
            cell.dedup();
        }
    }
    Matrix {
        outlets,
        stories: stories
            .iter()
            .map(|(k, n, _)| (k.clone(), n.clone()))
            .collect(),
        cells,
    }
}

/// The outlet as shown: trimmed, or [`UNKNOWN_OUTLET`].
pub fn outlet_label(outlet: Option<&str>) -> String {
    match outlet.map(str::trim) {
        Some(o) if !o.is_empty() => o.to_string(),
        _ => UNKNOWN_OUTLET.to_string(),
    }
}

/// A readable name for each tracked decision, by key, that tells decisions apart as the
/// comparison's keys must (no two alike once folded): "Economic Community of West African
/// States standby force", with the target in brackets when it has one; decisions that would
/// share a name get their date after it, and the key itself when that is not enough. A status
/// conflict's note names the decision this way.
pub fn decision_labels(tracked: &[TrackedDecisionRow]) -> HashMap<String, String> {
    let base = |t: &TrackedDecisionRow| {
        let mut label = format!("{} {}", t.actor.trim(), t.head.trim());
        if let Some(target) = t.target.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            label.push_str(&format!(" ({target})"));
        }
        label
    };
    let dated = |t: &TrackedDecisionRow| match t.date.as_deref() {
        Some(date) => format!("{}, {date}", base(t)),
        None => base(t),
    };
    let folded_counts = |labels: &[String]| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for label in labels {
            *counts.entry(text::fold(label.trim())).or_default() += 1;
        }
        counts
    };
    let mut labels: Vec<String> = tracked.iter().map(base).collect();
    let counts = folded_counts(&labels);
    for (label, t) in labels.iter_mut().zip(tracked) {
        if counts[&text::fold(label.trim())] > 1 {
            *label = dated(t);
        }
    }
    // Still alike, or alike a first-round name: the key, which is unique.
    let counts = folded_counts(&labels);
    for (label, t) in labels.iter_mut().zip(tracked) {
        if counts[&text::fold(label.trim())] > 1 {
            *label = t.key.clone();
        }
    }
    tracked
        .iter()
        .zip(labels)
        .map(|(t, label)| (t.key.clone(), label))
        .collect()
}

/// An article's decisions as the comparison reads them, keyed by `labels` (tracked key →
/// name, see [`decision_labels`]; a key without a name stays as it is). Rows that belong to
/// no tracked decision are left out.
pub fn decision_facts(
    rows: &[DecisionRow],
    labels: &HashMap<String, String>,
) -> Vec<DecisionFacts> {
    rows.iter()
        .filter(|d| !d.key.trim().is_empty())
        .map(|d| DecisionFacts {
            evidence: d.sentence.clone(),
            trigger: d.trigger.clone(),
            key: labels.get(&d.key).cloned().unwrap_or_else(|| d.key.clone()),
            status: d.status.as_str().to_string(),
        })
        .collect()
}

/// The decision a sentence reports: of those whose evidence overlaps it, the first whose
/// trigger lies inside it, else the one overlapping it most (the first on ties).
fn sentence_decision(
    sentence: &Range<usize>,
    decisions: &[DecisionFacts],
) -> Option<(String, String)> {
    let overlap = |r: &Range<usize>| {
        r.end
            .min(sentence.end)
            .saturating_sub(r.start.max(sentence.start))
    };
    let inside = |r: &Range<usize>| r.start >= sentence.start && r.end <= sentence.end;
    decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| overlap(&d.evidence) > 0)
        .max_by(|(i, a), (j, b)| {
            inside(&a.trigger)
                .cmp(&inside(&b.trigger))
                .then(overlap(&a.evidence).cmp(&overlap(&b.evidence)))
                .then(j.cmp(i))
        })
        .map(|(_, d)| (d.key.clone(), d.status.clone()))
}

/// What the passes found in one article, resolved to registry names (`registry` is built over
/// its mentions, `speakers` names its quotes' speakers): `timexes` are the
/// article's (range, value) pairs, `quotes` its quotes with the analyst's fixes applied,
/// `decisions` its decisions (see [`decision_facts`]).
pub fn article_facts(
    article: &Article,
    date: Option<Date>,
    registry: &Actors,
    speakers: &Speakers<'_>,
    timexes: &[(Range<usize>, String)],
    quotes: &[QuoteRow],
    decisions: &[DecisionFacts],
) -> ArticleFacts {
    let text = &article.text;
    // Registry names of this article's mentions, in text order.
    let mentions: Vec<(Range<usize>, &str)> = registry
        .in_article(article.id)
        .filter_map(|m| {
            Some((
                m.range.clone(),
                registry.actors.get(m.actor?)?.name.as_str(),
            ))
        })
        .collect();
    let mut actors: Vec<MentionCount> = Vec::new();
    for (_, name) in &mentions {
        match actors.iter_mut().find(|a| a.actor == *name) {
            Some(a) => a.mentions += 1,
            None => actors.push(MentionCount {
                actor: (*name).to_string(),
                mentions: 1,
            }),
        }
    }
    let speakers: Vec<(Range<usize>, String)> = quotes
        .iter()
        .map(|q| (q.range.clone(), speakers.name(article.id, q)))
        .collect();
    let sentences = text::sentences(text)
        .into_iter()
        .filter(|s| !is_headline(article, s))
        .map(|s| {
            let inside = |r: &Range<usize>| r.start >= s.start && r.end <= s.end;
            let mut names: Vec<String> = Vec::new();
            for (r, name) in &mentions {
                if inside(r) && !names.iter().any(|n| n == name) {
                    names.push((*name).to_string());
                }
            }
            let mut dates: Vec<String> = Vec::new();
            for (r, value) in timexes {
                if inside(r) && !dates.contains(value) {
                    dates.push(value.clone());
                }
            }
            let speaker = speakers
                .iter()
                .find(|(r, _)| r.start < s.end && s.start < r.end)
                .map(|(_, name)| name.clone());
            SentenceFacts {
                range: (s.start, s.end),
                text: text.get(s.clone()).unwrap_or_default().to_string(),
                actors: names,
                dates,
                speaker,
                decision: sentence_decision(&s, decisions),
            }
        })
        .collect();
    let quotes = quotes
        .iter()
        .zip(&speakers)
        .map(|(q, (_, speaker))| QuoteFacts {
            speaker: speaker.clone(),
            words: text
                .get(q.content.clone())
                .map_or(0, |c| c.split_whitespace().count()),
            anonymous: q.anonymous,
        })
        .collect();
    ArticleFacts {
        column: Column {
            article: article.id,
            title: article.title.clone(),
            outlet: outlet_label(article.outlet.as_deref()),
            date,
            url: article.url.clone(),
        },
        duplicate_of: article.duplicate_of,
        sentences,
        actors,
        quotes,
    }
}

/// Registry names of quote speakers: the actor the article's own name for the speaker
/// belongs to, else an actor of that name, else the speaker as written.
pub struct Speakers<'a> {
    /// Every actor of the project.
    all: &'a Totals,
    /// Per article, the actor (an index into `all`) each of its own names is the first
    /// mention of.
    local: HashMap<ArticleId, HashMap<String, usize>>,
}

impl<'a> Speakers<'a> {
    /// Speakers of the quotes of the articles whose mentions `registry` holds.
    pub fn new(registry: &Actors, all: &'a Totals) -> Self {
        let mut speakers = Speakers {
            all,
            local: HashMap::new(),
        };
        for m in &registry.mentions {
            let actor = m.actor.and_then(|a| all.find(&registry.actors[a].name));
            speakers.note(m.article, m.local_name.as_deref(), actor);
        }
        speakers
    }

    /// Speakers of the quotes of the articles with ids from `first` to `last`, their
    /// mentions read from the project.
    pub fn read(
        project: &Project,
        all: &'a Totals,
        reader: &RegistryReader,
        range: (ArticleId, ArticleId),
    ) -> Result<Self, StoreError> {
        let mut speakers = Speakers {
            all,
            local: HashMap::new(),
        };
        project.for_each_mention_in(all, reader, range, |m| {
            speakers.note(m.article, m.local_name, m.actor);
        })?;
        Ok(speakers)
    }

    /// A mention in `article` that the article names `local`, of the actor `actor`.
    fn note(&mut self, article: ArticleId, local: Option<&str>, actor: Option<usize>) {
        if let (Some(local), Some(actor)) = (local, actor) {
            let names = self.local.entry(article).or_default();
            if !names.contains_key(local) {
                names.insert(local.to_string(), actor);
            }
        }
    }

    /// The registry name of the speaker of a quote in `article`, `None` when it is no actor.
    pub fn actor(&self, article: ArticleId, quote: &QuoteRow) -> Option<&'a str> {
        let local = self
            .local
            .get(&article)
            .and_then(|names| names.get(&quote.speaker_name));
        local
            .copied()
            .or_else(|| self.all.find(&quote.speaker_name))
            .and_then(|i| self.all.actors.get(i))
            .map(|a| a.name.as_str())
    }

    /// The registry name of the speaker of a quote in `article`, else the speaker as written.
    pub fn name(&self, article: ArticleId, quote: &QuoteRow) -> String {
        self.actor(article, quote)
            .map_or_else(|| quote.speaker_name.clone(), str::to_string)
    }
}

/// True for the sentence that is the article's headline line.
fn is_headline(article: &Article, sentence: &Range<usize>) -> bool {
    let first_line = article.text.lines().next().unwrap_or_default();
    sentence.start == 0
        && sentence.end <= first_line.len()
        && first_line.trim() == article.title.trim()
}

/// The comparison of articles already loaded (pure).
pub fn comparison(articles: &[ArticleFacts]) -> Comparison {
    let inputs: Vec<CompareInput> = articles
        .iter()
        .map(|a| CompareInput {
            article: a.column.article.0,
            outlet: Some(a.column.outlet.clone()),
            sentences: a.sentences.clone(),
        })
        .collect();
    let rows = compare::align(&inputs)
        .into_iter()
        .map(|row| ComparedRow {
            cells: row
                .cells
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let s = articles.get(c)?.sentences.get((*cell)?)?;
                    Some(Cell {
                        range: s.range.0..s.range.1,
                        text: s.text.clone(),
                    })
                })
                .collect(),
            status: row.status,
            conflicts: row.conflicts,
        })
        .collect();
    Comparison {
        columns: articles.iter().map(|a| a.column.clone()).collect(),
        rows,
        actors: actor_coverage(articles),
        voice: articles.iter().map(|a| voice(&a.quotes)).collect(),
        first_published: first_published(articles),
        syndicated: syndicated(articles),
    }
}

fn actor_coverage(articles: &[ArticleFacts]) -> ActorCoverage {
    // For each actor, how many columns mention it.
    let mut columns_of: BTreeMap<&str, usize> = BTreeMap::new();
    for a in articles {
        let names: BTreeSet<&str> = a.actors.iter().map(|m| m.actor.as_str()).collect();
        for name in names {
            *columns_of.entry(name).or_default() += 1;
        }
    }
    let shared = columns_of
        .iter()
        .filter(|(_, n)| **n == articles.len())
        .map(|(name, _)| (*name).to_string())
        .collect();
    let columns = articles
        .iter()
        .map(|a| {
            let mut mentioned = a.actors.clone();
            mentioned.sort_by(|x, y| y.mentions.cmp(&x.mentions).then(x.actor.cmp(&y.actor)));
            let own: BTreeSet<&str> = a.actors.iter().map(|m| m.actor.as_str()).collect();
            let mut left_out: Vec<(&str, usize)> = columns_of
                .iter()
                .filter(|(name, _)| !own.contains(*name))
                .map(|(name, n)| (*name, *n))
                .collect();
            left_out.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
            ColumnActors {
                mentioned,
                left_out: left_out.into_iter().map(|(n, _)| n.to_string()).collect(),
            }
        })
        .collect();
    ActorCoverage { shared, columns }
}

fn voice(quotes: &[QuoteFacts]) -> ColumnVoice {
    let (speakers, anonymous) = voice_share(quotes.iter().map(|q| Voiced {
        speaker: &q.speaker,
        outlet: "",
        words: q.words,
        anonymous: q.anonymous,
    }));
    ColumnVoice {
        speakers: speakers.into_iter().map(|(v, _)| v).collect(),
        anonymous,
    }
}

/// A speaker's voice with its quotes per outlet.
pub type VoiceByOutlet = (Voice, Vec<(String, usize)>);

/// One quote as a voice share counts it.
pub struct Voiced<'a> {
    pub speaker: &'a str,
    pub outlet: &'a str,
    pub words: usize,
    pub anonymous: bool,
}

/// Quotes and words per speaker, most words first (ties by name), each with its quotes per
/// outlet (most first, ties by name); the anonymous sources' (quotes, words) apart. The
/// Compare view and the Quotes panel count alike.
pub fn voice_share<'a>(
    quotes: impl IntoIterator<Item = Voiced<'a>>,
) -> (Vec<VoiceByOutlet>, (usize, usize)) {
    let mut speakers: BTreeMap<&str, VoiceByOutlet> = BTreeMap::new();
    let mut anonymous = (0, 0);
    for q in quotes {
        if q.anonymous {
            anonymous.0 += 1;
            anonymous.1 += q.words;
            continue;
        }
        let (v, by_outlet) = speakers.entry(q.speaker).or_insert_with(|| {
            let voice = Voice {
                speaker: q.speaker.to_string(),
                ..Voice::default()
            };
            (voice, Vec::new())
        });
        v.quotes += 1;
        v.words += q.words;
        match by_outlet.iter_mut().find(|(o, _)| o == q.outlet) {
            Some((_, n)) => *n += 1,
            None => by_outlet.push((q.outlet.to_string(), 1)),
        }
    }
    let mut speakers: Vec<VoiceByOutlet> = speakers.into_values().collect();
    for (_, by_outlet) in &mut speakers {
        by_outlet.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    speakers.sort_by(|a, b| {
        b.0.words
            .cmp(&a.0.words)
            .then(a.0.speaker.cmp(&b.0.speaker))
    });
    (speakers, anonymous)
}

fn first_published(articles: &[ArticleFacts]) -> Vec<usize> {
    let Some(first) = articles.iter().filter_map(|a| a.column.date).min() else {
        return Vec::new();
    };
    articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.column.date == Some(first))
        .map(|(i, _)| i)
        .collect()
}

fn syndicated(articles: &[ArticleFacts]) -> Vec<Syndication> {
    let column_of: HashMap<ArticleId, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.column.article, i))
        .collect();
    let mut out = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let Some(link) = a.duplicate_of else {
            continue;
        };
        if let Some(&j) = column_of.get(&link.article) {
            out.push(Syndication {
                copy: i,
                original: j,
                kind: link.kind,
                similarity: link.similarity,
                via: None,
            });
            continue;
        }
        // Both copies of an article that is not compared: link to the earlier such column.
        let sibling = articles[..i].iter().enumerate().find_map(|(j, b)| {
            b.duplicate_of
                .filter(|l| l.article == link.article)
                .map(|l| (j, l))
        });
        if let Some((j, other)) = sibling {
            let kind = if link.kind == DuplicateKind::Exact && other.kind == DuplicateKind::Exact {
                DuplicateKind::Exact
            } else {
                DuplicateKind::Near
            };
            out.push(Syndication {
                copy: i,
                original: j,
                kind,
                similarity: link.similarity.min(other.similarity),
                via: Some(link.article),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn facts(id: i64, outlet: &str, day: Option<i8>) -> ArticleFacts {
        ArticleFacts {
            column: Column {
                article: ArticleId(id),
                title: format!("Article {id}"),
                outlet: outlet.to_string(),
                date: day.map(|d| date(2023, 8, d)),
                url: None,
            },
            duplicate_of: None,
            sentences: Vec::new(),
            actors: Vec::new(),
            quotes: Vec::new(),
        }
    }

    fn counted(pairs: &[(&str, usize)]) -> Vec<MentionCount> {
        pairs
            .iter()
            .map(|(a, n)| MentionCount {
                actor: (*a).to_string(),
                mentions: *n,
            })
            .collect()
    }

    fn quote(speaker: &str, words: usize, anonymous: bool) -> QuoteFacts {
        QuoteFacts {
            speaker: speaker.to_string(),
            words,
            anonymous,
        }
    }

    #[test]
    fn actors_mentioned_and_left_out() {
        let mut a = facts(1, "One", Some(17));
        a.actors = counted(&[("ECOWAS", 2), ("Musah", 3), ("Accra", 1)]);
        let mut b = facts(2, "Two", Some(18));
        b.actors = counted(&[("ECOWAS", 1), ("Christopher Musa", 1)]);
        let mut c = facts(3, "Three", Some(18));
        c.actors = counted(&[("ECOWAS", 4), ("Christopher Musa", 2), ("Accra", 1)]);
        let cov = actor_coverage(&[a, b, c]);
        assert_eq!(cov.shared, vec!["ECOWAS".to_string()]);
        assert_eq!(
            cov.columns[0].mentioned,
            counted(&[("Musah", 3), ("ECOWAS", 2), ("Accra", 1)])
        );
        assert_eq!(
            cov.columns[0].left_out,
            vec!["Christopher Musa".to_string()]
        );
        assert_eq!(
            cov.columns[1].left_out,
            vec!["Accra".to_string(), "Musah".to_string()]
        );
        assert_eq!(cov.columns[2].left_out, vec!["Musah".to_string()]);
    }

    #[test]
    fn voice_counts_anonymous_sources_apart() {
        let v = voice(&[
            quote("Musah", 10, false),
            quote("Tinubu", 12, false),
            quote("Musah", 5, false),
            quote("diplomatic sources", 7, true),
            quote("an officer", 3, true),
        ]);
        assert_eq!(
            v.speakers,
            vec![
                Voice {
                    speaker: "Musah".into(),
                    quotes: 2,
                    words: 15
                },
                Voice {
                    speaker: "Tinubu".into(),
                    quotes: 1,
                    words: 12
                },
            ]
        );
        assert_eq!(v.anonymous, (2, 10));
    }

    #[test]
    fn first_published_may_be_shared_or_unknown() {
        let arts = [
            facts(1, "A", Some(18)),
            facts(2, "B", Some(16)),
            facts(3, "C", None),
            facts(4, "D", Some(16)),
        ];
        assert_eq!(first_published(&arts), vec![1, 3]);
        assert!(first_published(&[facts(1, "A", None)]).is_empty());
    }

    #[test]
    fn syndicated_copies_directly_and_through_a_third_article() {
        let link = |article: i64, kind, similarity| {
            Some(DuplicateOf {
                article: ArticleId(article),
                kind,
                similarity,
            })
        };
        let a = facts(6, "Sahel Wire", Some(10));
        let mut b = facts(7, "Northern Courier", Some(11));
        b.duplicate_of = link(6, DuplicateKind::Near, 0.8);
        let mut c = facts(20, "X", Some(12));
        c.duplicate_of = link(99, DuplicateKind::Exact, 1.0);
        let mut d = facts(21, "Y", Some(12));
        d.duplicate_of = link(99, DuplicateKind::Near, 0.7);
        let s = syndicated(&[a, b, c, d]);
        assert_eq!(
            s,
            vec![
                Syndication {
                    copy: 1,
                    original: 0,
                    kind: DuplicateKind::Near,
                    similarity: 0.8,
                    via: None
                },
                Syndication {
                    copy: 3,
                    original: 2,
                    kind: DuplicateKind::Near,
                    similarity: 0.7,
                    via: Some(ArticleId(99))
                },
            ]
        );
    }

    #[test]
    fn picks_distinct_outlets_first_most_central_first() {
        let c = |id: i64, outlet: &str, day: Option<i8>, centrality: f32| Candidate {
            id: ArticleId(id),
            outlet: outlet.to_string(),
            date: day.map(|d| date(2023, 8, d)),
            centrality,
        };
        let candidates = vec![
            c(1, "Sahel Wire", Some(15), 0.2),
            c(2, "Sahel Wire", Some(18), 0.2),
            c(3, "Accra Morning Post", Some(16), 0.3),
            c(4, "Lagos Ledger", Some(19), 0.4),
            c(5, UNKNOWN_OUTLET, None, 0.1),
            c(6, "Lagos Ledger", Some(12), 0.1),
            c(7, "Accra Morning Post", Some(12), 0.1),
        ];
        // One per outlet, the most central of each (the earliest on ties), by date.
        assert_eq!(
            pick_articles(&candidates, 4),
            vec![ArticleId(1), ArticleId(3), ArticleId(4), ArticleId(5)]
        );
        assert_eq!(
            pick_articles(&candidates, 2),
            vec![ArticleId(3), ArticleId(4)]
        );
        // Fewer outlets than columns: the rest filled by centrality.
        let two = vec![
            c(1, "A", Some(3), 0.5),
            c(2, "A", Some(1), 0.1),
            c(3, "B", Some(2), 0.0),
            c(4, "A", Some(4), 0.3),
        ];
        assert_eq!(
            pick_articles(&two, 3),
            vec![ArticleId(3), ArticleId(1), ArticleId(4)]
        );
        assert!(pick_articles(&[], 4).is_empty());
    }

    #[test]
    fn matrix_places_each_article_once() {
        let articles = vec![
            (ArticleId(1), "B".to_string()),
            (ArticleId(2), UNKNOWN_OUTLET.to_string()),
            (ArticleId(3), "A".to_string()),
            (ArticleId(4), "B".to_string()),
        ];
        let stories = vec![
            ("story-1".to_string(), "One".to_string(), vec![1, 3, 4]),
            ("story-2".to_string(), "Two".to_string(), vec![2]),
        ];
        let m = matrix(&articles, &stories);
        assert_eq!(m.outlets, vec!["A", "B", UNKNOWN_OUTLET]);
        assert_eq!(m.cells[0], vec![vec![ArticleId(3)], vec![]]);
        assert_eq!(m.cells[1], vec![vec![ArticleId(1), ArticleId(4)], vec![]]);
        assert_eq!(m.cells[2], vec![vec![], vec![ArticleId(2)]]);
    }

    fn tracked(
        key: &str,
        actor: &str,
        head: &str,
        target: Option<&str>,
        date: Option<&str>,
    ) -> TrackedDecisionRow {
        TrackedDecisionRow {
            id: 0,
            key: key.to_string(),
            actor: actor.to_string(),
            kind: crate::analysis::decisions::DecisionKind::Meeting,
            head: head.to_string(),
            action: String::new(),
            target: target.map(str::to_string),
            date: date.map(str::to_string),
            status: crate::analysis::decisions::DecisionStatus::Held,
            steps: Vec::new(),
        }
    }

    #[test]
    fn decision_labels_are_readable_and_tell_decisions_apart() {
        let labels = decision_labels(&[
            tracked(
                "ecowas|meeting||summit|2023-07-30",
                "ECOWAS",
                "summit",
                None,
                Some("2023-07-30"),
            ),
            tracked(
                "ecowas|meeting||summit|2023-08-10",
                "ECOWAS",
                "summit",
                None,
                Some("2023-08-10"),
            ),
            tracked(
                "ecowas|sanction|niger|sanctions",
                "ECOWAS",
                "sanctions",
                Some("Niger"),
                None,
            ),
            tracked("mali|meeting||talks", "Mali", "talks", None, None),
            tracked("mali|military||talks", "MALI", "talks", None, None),
        ]);
        assert_eq!(
            labels["ecowas|meeting||summit|2023-07-30"],
            "ECOWAS summit, 2023-07-30"
        );
        assert_eq!(
            labels["ecowas|meeting||summit|2023-08-10"],
            "ECOWAS summit, 2023-08-10"
        );
        assert_eq!(
            labels["ecowas|sanction|niger|sanctions"],
            "ECOWAS sanctions (Niger)"
        );
        // Alike once folded and undated: the keys.
        assert_eq!(labels["mali|meeting||talks"], "mali|meeting||talks");
        assert_eq!(labels["mali|military||talks"], "mali|military||talks");
    }

    #[test]
    fn a_sentence_takes_the_decision_it_names() {
        let fact = |evidence: Range<usize>, trigger: Range<usize>, key: &str, status: &str| {
            DecisionFacts {
                evidence,
                trigger,
                key: key.to_string(),
                status: status.to_string(),
            }
        };
        let decisions = [
            fact(0..40, 5..10, "a", "ordered"),
            fact(30..90, 60..70, "b", "postponed"),
            fact(30..90, 75..80, "c", "held"),
        ];
        // The trigger inside the sentence wins over the larger overlap; then the first.
        assert_eq!(
            sentence_decision(&(35..100), &decisions),
            Some(("b".to_string(), "postponed".to_string()))
        );
        assert_eq!(
            sentence_decision(&(0..20), &decisions),
            Some(("a".to_string(), "ordered".to_string()))
        );
        // Overlapping without a trigger inside: the larger overlap.
        assert_eq!(
            sentence_decision(&(25..60), &decisions),
            Some(("b".to_string(), "postponed".to_string()))
        );
        assert_eq!(sentence_decision(&(95..120), &decisions), None);
    }

    #[test]
    fn outlets_giving_one_decision_different_statuses_conflict() {
        let sentence = |text: &str, status: &str| SentenceFacts {
            range: (0, text.len()),
            text: text.to_string(),
            actors: vec!["ECOWAS".into()],
            decision: Some(("ECOWAS meeting".to_string(), status.to_string())),
            ..SentenceFacts::default()
        };
        let mut a = facts(1, "One", Some(15));
        a.sentences = vec![sentence(
            "The meeting of ECOWAS defence chiefs in Accra was postponed.",
            "postponed",
        )];
        let mut b = facts(2, "Two", Some(16));
        b.sentences = vec![sentence(
            "The meeting of ECOWAS defence chiefs was held in Accra.",
            "held",
        )];
        let c = comparison(&[a, b]);
        let conflict = c
            .rows
            .iter()
            .flat_map(|r| &r.conflicts)
            .find(|k| k.kind == crate::analysis::compare::ConflictKind::Status);
        let note = conflict.map(|k| k.note.as_str()).unwrap_or_default();
        assert_eq!(
            note,
            "status of ECOWAS meeting differs: One postponed; Two held"
        );
    }

    #[test]
    fn comparison_puts_sentences_on_rows() {
        let sentence = |text: &str, dates: &[&str]| SentenceFacts {
            range: (0, text.len()),
            text: text.to_string(),
            actors: vec!["ECOWAS".into(), "Accra".into()],
            dates: dates.iter().map(|d| (*d).to_string()).collect(),
            ..SentenceFacts::default()
        };
        let mut a = facts(1, "One", Some(16));
        a.sentences = vec![
            sentence(
                "Defence chiefs of the bloc met in Accra on Thursday.",
                &["2023-08-17"],
            ),
            sentence("The junta has rejected any foreign intervention.", &[]),
        ];
        let mut b = facts(2, "Two", Some(19));
        b.sentences = vec![
            sentence(
                "Defence chiefs of the bloc met in Accra on Friday.",
                &["2023-08-18"],
            ),
            sentence("The junta has rejected any foreign intervention.", &[]),
        ];
        let c = comparison(&[a, b]);
        assert_eq!(c.rows.len(), 2, "{:#?}", c.rows);
        assert_eq!(c.rows[0].status, RowStatus::Conflict);
        assert_eq!(c.rows[1].status, RowStatus::Shared);
        let cell = c.rows[1].cells[1].as_ref().map(|c| c.text.as_str());
        assert_eq!(
            cell,
            Some("The junta has rejected any foreign intervention.")
        );
        assert_eq!(c.first_published, vec![0]);
        let json = serde_json::to_value(&c).unwrap_or_default();
        assert_eq!(json["rows"][0]["status"], "conflict");
        assert_eq!(json["columns"][0]["date"], "2023-08-16");
    }
}
