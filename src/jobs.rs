//! Long-running work shared by the command line and the GUI: importing files into a project
//! and running the analysis passes. Each job reports progress through a callback and can be
//! cancelled; neither knows about terminals or windows.

use crate::actors::{ActorRow, MentionRow};
use crate::analysis::entities::{self, Extraction};
use crate::analysis::gazetteer::Gazetteer;
use crate::analysis::{attribution, decisions, registry, similar, stories, text, timeline};
use crate::export::json::{ArticleRecord, DecisionRecord, EntityRow, QuoteRecord};
use crate::ingest::{self, dedup::Deduper, dedup::Signature};
use crate::model::{
    Article, ArticleDraft, ArticleId, Date, DecisionRow, EventReport, ImportWarning, QuoteFix,
    QuoteRow, TimelineEvent,
};
use crate::sanctions;
use crate::store::{NewHit, Project, StoreError};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Files parsed in parallel, then stored in one transaction: a killed import keeps every
/// batch committed before the kill.
const IMPORT_BATCH_FILES: usize = 256;

/// One file's articles with their near-duplicate signatures, and its warnings.
type ParsedFile = (Vec<(ArticleDraft, Signature)>, Vec<ImportWarning>);

/// A pass as the job runs it: analyse the articles, store the results, report progress.
type PassFn =
    fn(&mut Project, &[Article], &mut Shared, &mut dyn FnMut(usize)) -> Result<(), StoreError>;

/// One article's timeline pass results: its date and its time expressions.
type ArticleTimeline = (ArticleId, timeline::DocumentDate, Vec<timeline::Timex>);

/// What one pass computes and later passes of the same run reuse.
#[derive(Default)]
struct Shared {
    /// Each article's entity extraction, in article order (set by the entity pass).
    extractions: Option<Vec<Extraction>>,
    /// Each article's date and time expressions, in article order (set by the timeline pass).
    timelines: Option<Vec<ArticleTimeline>>,
}

impl Shared {
    /// The entity extraction of article `i`: the entity pass's when it ran, else made now.
    fn extraction(
        &self,
        i: usize,
        article: &Article,
        gazetteer: &Gazetteer,
    ) -> Cow<'_, Extraction> {
        match self.extractions.as_ref().and_then(|e| e.get(i)) {
            Some(extraction) => Cow::Borrowed(extraction),
            None => Cow::Owned(entities::extract(&article.text, gazetteer)),
        }
    }

    /// Each article's date and time expressions: the timeline pass's when it ran, else as the
    /// project stores them.
    fn timelines(
        &mut self,
        project: &Project,
        articles: &[Article],
    ) -> Result<Vec<ArticleTimeline>, StoreError> {
        if let Some(t) = self.timelines.take()
            && t.len() == articles.len()
        {
            return Ok(t);
        }
        articles
            .iter()
            .map(|a| {
                let date = project
                    .document_date(a.id)?
                    .unwrap_or(timeline::DocumentDate {
                        date: None,
                        source: timeline::DateSource::Unknown,
                    });
                Ok((a.id, date, project.timexes(a.id)?))
            })
            .collect()
    }
}

/// How far a job has come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// What is being done, e.g. "Importing" or "Analysing".
    pub stage: &'static str,
    pub done: usize,
    pub total: usize,
}

/// What an import did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ImportReport {
    pub files: usize,
    pub imported: usize,
    pub exact_duplicates: usize,
    pub near_duplicates: usize,
    pub warnings: Vec<ImportWarning>,
    pub elapsed_ms: u64,
    pub cancelled: bool,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} files read, {} articles imported ({} exact and {} near duplicates linked to their first copy), {} warnings, {} ms{}",
            self.files,
            self.imported,
            self.exact_duplicates,
            self.near_duplicates,
            self.warnings.len(),
            self.elapsed_ms,
            if self.cancelled { ", cancelled" } else { "" }
        )?;
        for warning in &self.warnings {
            writeln!(f, "  warning: {warning}")?;
        }
        Ok(())
    }
}

/// Imports files and folders into `project`: every file gives articles or a warning.
pub fn import(
    project: &mut Project,
    paths: &[PathBuf],
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, StoreError> {
    let started = Instant::now();
    let (files, mut warnings) = ingest::collect_files(paths);
    let mut report = ImportReport {
        files: files.len(),
        ..ImportReport::default()
    };
    let mut deduper = Deduper::new();
    for (id, hash, bytes) in project.dedup_keys()? {
        if let Some(signature) = Signature::from_bytes(&bytes) {
            deduper.insert(id, &hash, signature);
        }
    }
    let total = files.len();
    progress(Progress {
        stage: "Importing",
        done: 0,
        total,
    });
    for (batch_index, batch) in files.chunks(IMPORT_BATCH_FILES).enumerate() {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            break;
        }
        let parsed: Vec<ParsedFile> = batch
            .par_iter()
            .map(|path| {
                let outcome = ingest::read_file(path);
                let drafts = outcome
                    .articles
                    .into_iter()
                    .map(|draft| {
                        let signature = Signature::of_text(&draft.text);
                        (draft, signature)
                    })
                    .collect();
                (drafts, outcome.warnings)
            })
            .collect();
        let mut tx = project.begin_import()?;
        for (drafts, file_warnings) in parsed {
            warnings.extend(file_warnings);
            for (draft, signature) in drafts {
                let duplicate = deduper.check(&draft.content_hash, &signature);
                let id = tx.insert_article(&draft, duplicate, &signature.to_bytes())?;
                match duplicate.map(|d| d.kind) {
                    Some(crate::model::DuplicateKind::Exact) => report.exact_duplicates += 1,
                    Some(crate::model::DuplicateKind::Near) => report.near_duplicates += 1,
                    None => deduper.insert(id, &draft.content_hash, signature),
                }
                report.imported += 1;
            }
        }
        tx.commit()?;
        progress(Progress {
            stage: "Importing",
            done: (batch_index * IMPORT_BATCH_FILES + batch.len()).min(total),
            total,
        });
    }
    report.warnings = warnings;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// One registered pass as the job runs it: the pure pass from `analysis`, then its results
/// stored in the project (replacing the machine rows of an earlier run).
struct PassStage {
    name: &'static str,
    version: u32,
    /// Shown beside the progress bar.
    label: &'static str,
    run: PassFn,
}

/// Every pass `analyze` runs, in order (later passes read earlier ones' results).
const PASSES: &[PassStage] = &[
    PassStage {
        name: "entities",
        version: 1,
        label: "Finding actors",
        run: run_entities,
    },
    PassStage {
        name: "timeline",
        version: 1,
        label: "Dating events",
        run: run_timeline,
    },
    PassStage {
        name: "attribution",
        version: 1,
        label: "Attributing quotes",
        run: run_attribution,
    },
    PassStage {
        name: "decisions",
        version: 1,
        label: "Tracking decisions",
        run: run_decisions,
    },
    PassStage {
        name: "stories",
        version: 1,
        label: "Grouping stories",
        run: run_stories,
    },
    PassStage {
        name: "screening",
        version: 1,
        label: "Screening actors",
        run: run_screening,
    },
];

/// Story grouping: articles about one event, from their words, actors, dates and tracked
/// decisions (the analyst's story edits are applied when stories are read).
fn run_stories(
    project: &mut Project,
    articles: &[Article],
    _shared: &mut Shared,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let inputs = story_inputs(project, articles)?;
    let found = stories::cluster(&inputs);
    progress(articles.len());
    project.replace_stories(&found)
}

/// What story grouping reads of each article, from the stored results of the earlier passes.
pub fn story_inputs(
    project: &Project,
    articles: &[Article],
) -> Result<Vec<stories::StoryInput>, StoreError> {
    let registry = project.actors()?;
    let mut counts: HashMap<ArticleId, HashMap<usize, usize>> = HashMap::new();
    for m in &registry.mentions {
        if let Some(a) = m.actor {
            *counts.entry(m.article).or_default().entry(a).or_insert(0) += 1;
        }
    }
    let mut event_dates: HashMap<ArticleId, Vec<String>> = HashMap::new();
    for event in project.events()? {
        for report in &event.reports {
            event_dates
                .entry(report.article)
                .or_default()
                .push(report.value.clone());
        }
    }
    let mut decisions: HashMap<ArticleId, Vec<(String, usize)>> = HashMap::new();
    for tracked in project.tracked_decisions()? {
        for step in &tracked.steps {
            decisions
                .entry(step.article)
                .or_default()
                .push((tracked.key.clone(), step.evidence.start));
        }
    }
    let dates: HashMap<ArticleId, Date> = project.document_dates()?;
    Ok(articles
        .iter()
        .map(|a| {
            let mut actors: Vec<(usize, usize)> = counts
                .get(&a.id)
                .map(|c| c.iter().map(|(&k, &v)| (k, v)).collect())
                .unwrap_or_default();
            actors.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            stories::StoryInput {
                id: a.id.0,
                outlet: a.outlet.clone(),
                date: dates.get(&a.id).map(Date::to_string),
                title: a.title.clone(),
                text: a.text.clone(),
                actors: actors
                    .into_iter()
                    .map(|(k, _)| registry.actors[k].name.clone())
                    .collect(),
                event_dates: event_dates.remove(&a.id).unwrap_or_default(),
                decisions: decisions.remove(&a.id).unwrap_or_default(),
            }
        })
        .collect())
}

/// Sanctions screening: every person and organisation against every stored list, at the
/// project's threshold.
fn run_screening(
    project: &mut Project,
    articles: &[Article],
    _shared: &mut Shared,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    screen_project(project)?;
    progress(articles.len());
    Ok(())
}

/// The screening threshold when the analyst has set none.
pub const DEFAULT_SCREENING_THRESHOLD: f32 = 0.85;

/// The project's screening threshold (`ui_state` key `screening_threshold`).
pub fn screening_threshold(project: &Project) -> Result<f32, StoreError> {
    Ok(project
        .ui_state("screening_threshold")?
        .and_then(|v| v.parse::<f32>().ok())
        .filter(|t| (0.0..=1.0).contains(t))
        .unwrap_or(DEFAULT_SCREENING_THRESHOLD))
}

/// Screens the registry against every stored list and stores the hits; returns their number.
pub fn screen_project(project: &mut Project) -> Result<usize, StoreError> {
    let lists = project.sanctions_lists()?;
    if lists.is_empty() {
        project.replace_screening_hits(&[])?;
        return Ok(0);
    }
    let threshold = screening_threshold(project)?;
    let actors = project.actors()?;
    let mut found = Vec::new();
    for list in lists {
        let entries = project.sanctions_entries(list.id)?.unwrap_or_default();
        let screener = sanctions::Screener::new(&entries);
        found.push((list.id, entries, actors.screen(&screener, threshold)));
    }
    let hits: Vec<NewHit<'_>> = found
        .iter()
        .flat_map(|(list_id, entries, hits)| {
            hits.iter().filter_map(|h| {
                Some(NewHit {
                    list_id: *list_id,
                    entry_index: h.hit.entry,
                    entry: entries.get(h.hit.entry)?,
                    actor: &actors.actors[h.actor].name,
                    screened: &h.screened,
                    matched_name: &h.hit.matched_name,
                    score: h.hit.score,
                    reason: &h.hit.reason,
                })
            })
        })
        .collect();
    project.replace_screening_hits(&hits)?;
    Ok(hits.len())
}

/// The decisions pass: each article's decisions with actors named through the project
/// registry (analyst edits applied), then followed across articles into tracked decisions.
fn run_decisions(
    project: &mut Project,
    articles: &[Article],
    shared: &mut Shared,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let gazetteer = project_gazetteer(project)?;
    let timelines = shared.timelines(project, articles)?;
    let found = map_articles(articles, progress, |i, article| {
        let extraction = shared.extraction(i, article, &gazetteer);
        let timexes = timelines.get(i).map_or(&[][..], |t| &t.2[..]);
        decisions::extract(&article.text, &extraction, timexes)
            .into_iter()
            .map(|d| {
                let mention = d
                    .actor
                    .mention
                    .and_then(|m| extraction.mentions.get(m))
                    .map(|m| m.range.clone());
                let written = decisions::actor_name(&d.actor, &extraction);
                (d, mention, written)
            })
            .collect::<Vec<_>>()
    });
    // The extractions and time expressions are done with: free them before the registry is
    // read (analyze's peak memory is here).
    shared.extractions = None;
    let dates: Vec<Option<String>> = timelines
        .iter()
        .map(|t| t.1.date.map(|d| d.to_string()))
        .collect();
    drop(timelines);
    // The mentions that name actors and targets, then their actors: the effective registry's
    // names (analyst edits applied) and the machine rows' ids.
    type At = (ArticleId, usize, usize);
    let mut wanted: HashSet<At> = HashSet::new();
    for (article, decisions) in articles.iter().zip(&found) {
        for (d, mention, _) in decisions {
            let ranges = mention.iter().chain(d.target.as_ref().map(|t| &t.range));
            wanted.extend(ranges.map(|r| (article.id, r.start, r.end)));
        }
    }
    let named: HashMap<At, String> = {
        let registry = project.actors()?;
        registry
            .mentions
            .iter()
            .filter_map(|m| {
                let at = (m.article, m.range.start, m.range.end);
                let a = m.actor?;
                wanted
                    .contains(&at)
                    .then(|| (at, registry.actors[a].name.clone()))
            })
            .collect()
    };
    let ids: HashMap<At, i64> = project
        .mention_actor_ids()?
        .into_iter()
        .map(|(article, r, id)| ((article, r.start, r.end), id))
        .filter(|(at, _)| wanted.contains(at))
        .collect();
    let mut results: Vec<(ArticleId, Vec<DecisionRow>)> = Vec::with_capacity(articles.len());
    for (article, decisions) in articles.iter().zip(found) {
        let rows = decisions
            .into_iter()
            .map(|(d, mention, written)| {
                let at = mention.as_ref().map(|r| (article.id, r.start, r.end));
                let actor = at.and_then(|k| named.get(&k)).cloned().unwrap_or(written);
                DecisionRow {
                    sentence: d.sentence,
                    trigger: d.trigger,
                    key: String::new(),
                    actor_id: at.and_then(|k| ids.get(&k).copied()),
                    actor,
                    actor_range: d.actor.range,
                    mention,
                    kind: d.kind,
                    head: d.head.to_string(),
                    action: d.action,
                    target: d.target.map(|t| {
                        named
                            .get(&(article.id, t.range.start, t.range.end))
                            .cloned()
                            .unwrap_or(t.text)
                    }),
                    date: d.date,
                    status: d.status,
                }
            })
            .collect();
        results.push((article.id, rows));
    }
    let mut refs = Vec::new();
    for (i, (_, rows)) in results.iter().enumerate() {
        for d in rows {
            refs.push(decisions::DecisionRef {
                article: i,
                outlet: articles[i].outlet.as_deref(),
                article_date: dates.get(i).and_then(|d| d.as_deref()),
                actor: &d.actor,
                kind: d.kind,
                head: &d.head,
                action: &d.action,
                target: d.target.as_deref(),
                date: d.date.as_deref(),
                status: d.status,
                evidence: d.sentence.clone(),
            });
        }
    }
    let tracked = decisions::merge_decisions(&refs);
    drop(refs);
    // every row gets the key of the tracked decision it is a step of
    let rows: usize = results.iter().map(|(_, rows)| rows.len()).sum();
    let mut keys = vec![String::new(); rows];
    for t in &tracked {
        for step in &t.steps {
            if let Some(key) = keys.get_mut(step.decision) {
                key.clone_from(&t.key);
            }
        }
    }
    let mut keys = keys.into_iter();
    for (_, rows) in &mut results {
        for d in rows {
            d.key = keys.next().unwrap_or_default();
        }
    }
    project.replace_decisions(&results, &tracked)
}

/// The attribution pass: direct and reported speech with speakers resolved through the
/// article's actors.
fn run_attribution(
    project: &mut Project,
    articles: &[Article],
    shared: &mut Shared,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let gazetteer = project_gazetteer(project)?;
    let results = map_articles(articles, progress, |i, article| {
        let extraction = shared.extraction(i, article, &gazetteer);
        let quotes = attribution::extract(&article.text, &extraction);
        let records = attribution::record(&article.text, &quotes, &extraction);
        let rows = quotes
            .iter()
            .zip(records)
            .map(|(q, r)| QuoteRow {
                range: q.range.clone(),
                direct: q.kind == attribution::QuoteKind::Direct,
                cue: q.cue.clone(),
                speaker_text: q.speaker.text.clone(),
                speaker_name: r.speaker,
                speaker_range: q.speaker.range.clone(),
                content: q.content.clone(),
                parent: q.parent,
                anonymous: q.speaker.anonymous,
            })
            .collect();
        (article.id, rows)
    });
    project.replace_quotes(&results)
}

/// The built-in gazetteer with the project's own entries added.
fn project_gazetteer(project: &Project) -> Result<Cow<'static, Gazetteer>, StoreError> {
    let entries = project.user_entries()?;
    Ok(if entries.is_empty() {
        Cow::Borrowed(Gazetteer::builtin())
    } else {
        Cow::Owned(Gazetteer::with_user_entries(&entries))
    })
}

/// The timeline pass: each article's date, its time expressions resolved against it, and the
/// events they anchor, merged across articles into the project timeline.
fn run_timeline(
    project: &mut Project,
    articles: &[Article],
    shared: &mut Shared,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let gazetteer = project_gazetteer(project)?;
    let dates = project.article_date_corrections()?;
    let mut values: HashMap<ArticleId, Vec<(std::ops::Range<usize>, String)>> = HashMap::new();
    for (article, range, value) in project.timex_corrections()? {
        values.entry(article).or_default().push((range, value));
    }
    // The year of the collection's dated articles settles year-less dates in undated ones.
    let year_hint = median_year(articles.iter().filter_map(|a| a.published));
    let analyse = |i: usize, article: &Article, date: timeline::DocumentDate| {
        let mut timexes = timeline::extract(&article.text, date.date);
        for (range, value) in values.get(&article.id).into_iter().flatten() {
            if let Some(t) = timexes.iter_mut().find(|t| t.range == *range) {
                t.value = Some(value.clone());
            }
        }
        let extraction = shared.extraction(i, article, &gazetteer);
        let events = timeline::events(&article.text, &timexes, &extraction);
        ((article.id, date, timexes), events)
    };
    let mut done = map_articles(articles, progress, |i, article| {
        // The analyst's date counts as metadata.
        let known = dates.get(&article.id).copied().or(article.published);
        let date = timeline::document_date_near(&article.text, known, year_hint);
        analyse(i, article, date)
    });
    // Articles their own text leaves undated take a date from dated coverage of their story;
    // a second round lets articles dated in the first date their own neighbours.
    let undated = |done: &[TimelineResult]| -> Vec<usize> {
        (0..done.len())
            .filter(|&i| done[i].0.1.date.is_none())
            .collect()
    };
    if !undated(&done).is_empty() {
        let pairs: Vec<(&str, &str)> = articles
            .iter()
            .map(|a| (a.title.as_str(), a.text.as_str()))
            .collect();
        let vectors = similar::TermVectors::new(&pairs);
        for _round in 0..2 {
            let dates: Vec<Option<Date>> = done.iter().map(|d| d.0.1.date).collect();
            let redated = coverage_dates(&vectors, articles, &done, &undated(&done));
            if redated.is_empty() {
                break;
            }
            for (i, date) in redated {
                let date = timeline::DocumentDate {
                    date: Some(date),
                    source: timeline::DateSource::Inferred,
                };
                done[i] = analyse(i, &articles[i], date);
            }
            debug_assert!(dates.len() == done.len());
        }
    }
    let (results, events): (Vec<_>, Vec<_>) = done.into_iter().unzip();
    project.replace_timeline(&results)?;
    let merged = project_timeline(project, articles, &results, &events)?;
    project.replace_events(&merged)?;
    shared.timelines = Some(results);
    Ok(())
}

/// One article's timeline result: its id, date and time expressions, and the events they anchor.
type TimelineResult = (
    (ArticleId, timeline::DocumentDate, Vec<timeline::Timex>),
    Vec<timeline::Event>,
);

/// Dates for the `undated` articles from their most similar dated articles in `done`.
fn coverage_dates(
    vectors: &similar::TermVectors,
    articles: &[Article],
    done: &[TimelineResult],
    undated: &[usize],
) -> Vec<(usize, Date)> {
    let days: Vec<Vec<Date>> = done
        .iter()
        .map(|((_, _, timexes), _)| {
            timexes
                .iter()
                .filter_map(|t| t.value.as_deref()?.parse::<Date>().ok())
                .collect()
        })
        .collect();
    let dated = |j: usize| done[j].0.1.date.is_some();
    undated
        .par_iter()
        .filter_map(|&i| {
            let coverage: Vec<timeline::Coverage<'_>> = vectors
                .neighbours(i, COVERAGE_NEIGHBOURS, COVERAGE_SIMILARITY, dated)
                .into_iter()
                .filter_map(|(j, similarity)| {
                    Some(timeline::Coverage {
                        date: done[j].0.1.date?,
                        similarity,
                        days: &days[j],
                    })
                })
                .collect();
            Some((
                i,
                timeline::date_from_coverage(&articles[i].text, &coverage)?,
            ))
        })
        .collect()
}

/// How many similar dated articles date an undated one, and how similar they must be.
const COVERAGE_NEIGHBOURS: usize = 5;
const COVERAGE_SIMILARITY: f32 = 0.15;

/// The median year of `dates`, if any.
fn median_year(dates: impl Iterator<Item = Date>) -> Option<i16> {
    let mut years: Vec<i16> = dates.map(|d| d.year()).collect();
    years.sort_unstable();
    years.get(years.len() / 2).copied()
}

/// One article's report of an event, before merging.
struct Report {
    article: usize,
    value: String,
    label: String,
    actors: Vec<String>,
    sentence: std::ops::Range<usize>,
}

/// The project timeline: every dated event of every article, with the registry names of the
/// actors in its sentence (analyst edits applied), merged across outlets.
fn project_timeline(
    project: &Project,
    articles: &[Article],
    results: &[ArticleTimeline],
    events: &[Vec<timeline::Event>],
) -> Result<Vec<TimelineEvent>, StoreError> {
    let registry = project.actors()?;
    let mut mentions_of: HashMap<ArticleId, Vec<&crate::actors::Mention>> = HashMap::new();
    for m in &registry.mentions {
        mentions_of.entry(m.article).or_default().push(m);
    }
    let mut reports = Vec::new();
    for (i, ((_, _, timexes), article_events)) in results.iter().zip(events).enumerate() {
        let article = &articles[i];
        for event in article_events {
            let Some(value) = timexes.get(event.timex).and_then(|t| t.value.clone()) else {
                continue;
            };
            let mut actors: Vec<String> = Vec::new();
            for m in mentions_of.get(&article.id).into_iter().flatten() {
                if m.range.start >= event.sentence.start
                    && m.range.end <= event.sentence.end
                    && let Some(a) = m.actor
                    && !actors.contains(&registry.actors[a].name)
                {
                    actors.push(registry.actors[a].name.clone());
                }
            }
            reports.push(Report {
                article: i,
                value,
                label: event.label.clone(),
                actors,
                sentence: event.sentence.clone(),
            });
        }
    }
    let refs: Vec<timeline::EventRef<'_>> = reports
        .iter()
        .map(|r| timeline::EventRef {
            article: r.article,
            outlet: articles[r.article].outlet.as_deref(),
            value: &r.value,
            label: &r.label,
            actors: &r.actors,
            sentence_text: articles[r.article]
                .text
                .get(r.sentence.clone())
                .unwrap_or_default(),
        })
        .collect();
    Ok(timeline::merge_events(&refs)
        .into_iter()
        .map(|m| TimelineEvent {
            id: 0,
            conflict: !m.conflicting_values.is_empty(),
            label: m.label,
            value: m.value,
            actors: m.actors,
            reports: m
                .reports
                .iter()
                .map(|&r| EventReport {
                    article: articles[reports[r].article].id,
                    sentence: reports[r].sentence.clone(),
                    value: reports[r].value.clone(),
                })
                .collect(),
        })
        .collect())
}

/// Articles analysed in parallel between two progress reports.
const ANALYZE_CHUNK: usize = 64;

/// `pass` over every article, in parallel across cores, reporting progress between chunks;
/// results in article order.
fn map_articles<T: Send>(
    articles: &[Article],
    progress: &mut dyn FnMut(usize),
    pass: impl Fn(usize, &Article) -> T + Sync,
) -> Vec<T> {
    let mut results = Vec::with_capacity(articles.len());
    for (n, chunk) in articles.chunks(ANALYZE_CHUNK).enumerate() {
        let first = n * ANALYZE_CHUNK;
        results.par_extend(
            chunk
                .par_iter()
                .enumerate()
                .map(|(i, article)| pass(first + i, article)),
        );
        progress(results.len());
    }
    results
}

/// The entity pass over every article, stored as the project's actors and mentions.
fn run_entities(
    project: &mut Project,
    articles: &[Article],
    shared: &mut Shared,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let gazetteer = project_gazetteer(project)?;
    let results = map_articles(articles, progress, |_, article| ArticleEntities {
        article: article.id,
        extraction: entities::extract(&article.text, &gazetteer),
        sentences: text::sentences(&article.text),
    });
    let (actors, mentions) = entity_rows(&results, &gazetteer);
    project.replace_entities(&actors, &mentions)?;
    shared.extractions = Some(results.into_iter().map(|r| r.extraction).collect());
    Ok(())
}

/// The entity pass's result for one article, with its sentences for co-occurrence.
struct ArticleEntities {
    article: ArticleId,
    extraction: Extraction,
    sentences: Vec<std::ops::Range<usize>>,
}

/// Turns per-article extractions into registry rows: the project-wide registry merges the
/// same actor across articles (name variants, acronyms, surnames); each mention keeps the name
/// its own article gives the actor.
fn entity_rows(
    results: &[ArticleEntities],
    gazetteer: &Gazetteer,
) -> (Vec<ActorRow>, Vec<MentionRow>) {
    let extractions: Vec<&Extraction> = results.iter().map(|r| &r.extraction).collect();
    let registry = registry::build_with(&extractions, gazetteer);
    let actors = registry
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| ActorRow {
            id: i as i64,
            name: a.name.clone(),
            kind: a.kind,
            roles: a.roles.clone(),
            country: a.country.clone(),
        })
        .collect();
    let mut mentions = Vec::new();
    for (
        n,
        ArticleEntities {
            article,
            extraction,
            sentences,
        },
    ) in results.iter().enumerate()
    {
        let links = registry.links.get(n);
        mentions.extend(extraction.mentions.iter().map(|m| {
            MentionRow {
                article: *article,
                range: m.range.clone(),
                text: m.text.clone(),
                kind: m.kind,
                actor: m
                    .actor
                    .and_then(|a| links.and_then(|l| l.get(a)))
                    .map(|&r| r as i64),
                local_name: m.actor.map(|a| extraction.actors[a].name.clone()),
                sentence: sentences
                    .partition_point(|s| s.end <= m.range.start)
                    .try_into()
                    .unwrap_or(u32::MAX),
            }
        }));
    }
    (actors, mentions)
}

/// What an analysis run did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct AnalyzeReport {
    pub articles: usize,
    pub passes: Vec<String>,
    pub elapsed_ms: u64,
    pub cancelled: bool,
}

/// Runs every registered pass over every article of `project` and stores the results.
pub fn analyze(
    project: &mut Project,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<AnalyzeReport, StoreError> {
    let started = Instant::now();
    let articles = project.articles()?;
    let total = articles.len();
    let mut report = AnalyzeReport {
        articles: total,
        ..AnalyzeReport::default()
    };
    let mut shared = Shared::default();
    for pass in PASSES {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            break;
        }
        let pass_started = Instant::now();
        progress(Progress {
            stage: pass.label,
            done: 0,
            total,
        });
        (pass.run)(project, &articles, &mut shared, &mut |done| {
            progress(Progress {
                stage: pass.label,
                done,
                total,
            })
        })?;
        project.record_pass_run(
            pass.name,
            pass.version,
            total,
            pass_started.elapsed().as_millis() as u64,
        )?;
        report.passes.push(pass.name.to_string());
    }
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// One JSON record per article (`shared/eval/SCHEMA.md`) from what the project holds, with the
/// analyst's edits applied: an actor per row, named as the article names it (or as the analyst
/// renamed it), with the distinct surface forms of its mentions in order of first mention; each
/// decision's actor named as its entity row is.
pub fn records(project: &Project) -> Result<Vec<ArticleRecord>, StoreError> {
    let registry = project.actors()?;
    let fixes = project.quote_fixes()?;
    let mut records = Vec::new();
    for article in project.articles()? {
        let mut rows: Vec<(usize, EntityRow)> = Vec::new();
        for mention in registry.in_article(article.id) {
            let Some(actor_index) = mention.actor else {
                continue;
            };
            let i = match rows.iter().position(|(a, _)| *a == actor_index) {
                Some(i) => i,
                None => {
                    let actor = &registry.actors[actor_index];
                    let name = match (&mention.local_name, actor.edited) {
                        (Some(local), false) => local.clone(),
                        _ => actor.name.clone(),
                    };
                    rows.push((
                        actor_index,
                        EntityRow {
                            name,
                            kind: actor.kind.as_str().to_string(),
                            mentions: Vec::new(),
                        },
                    ));
                    rows.len() - 1
                }
            };
            let row = &mut rows[i].1;
            if !row.mentions.contains(&mention.text) {
                row.mentions.push(mention.text.clone());
            }
        }
        let decisions = project
            .decisions(article.id)?
            .into_iter()
            .map(|d| {
                // Named as this record's entity rows name the actor.
                let row = d.mention.as_ref().and_then(|r| {
                    let actor = registry
                        .in_article(article.id)
                        .find(|m| m.range == *r)?
                        .actor?;
                    rows.iter().find(|(a, _)| *a == actor)
                });
                DecisionRecord {
                    actor: row.map_or_else(|| d.actor.clone(), |(_, row)| row.name.clone()),
                    kind: d.kind,
                    action: d.action,
                    target: d.target,
                    date: d.date,
                    status: d.status,
                }
            })
            .collect();
        let mut record =
            ArticleRecord::new(&article, rows.into_iter().map(|(_, row)| row).collect());
        record.decisions = decisions;
        if let Some(date) = project.document_date(article.id)? {
            record.document_date = date.date.map(|d| d.to_string());
        }
        record.timex = timeline::record(&project.timexes(article.id)?);
        record.quotes = project
            .quotes(article.id)?
            .into_iter()
            .filter_map(|q| QuoteFix::apply(fixes.get(&(article.id, q.range.clone())), q))
            .map(|q| QuoteRecord::new(&article.text, &q))
            .collect();
        records.push(record);
    }
    Ok(records)
}

/// Why a sanctions list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ListReadError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    List(#[from] sanctions::ImportError),
}

/// Reads a sanctions list from its file (or an OFAC sdn.csv with its alt.csv), named after
/// the first file; rows that could not be read are in the result's `problems`.
pub fn read_sanctions_list(paths: &[PathBuf]) -> Result<sanctions::Imported, ListReadError> {
    let mut contents = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = std::fs::read(path).map_err(|source| ListReadError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        contents.push((name, bytes));
    }
    let files: Vec<sanctions::InputFile<'_>> = contents
        .iter()
        .map(|(name, bytes)| sanctions::InputFile { name, bytes })
        .collect();
    Ok(sanctions::import_files(
        &files,
        &sanctions::ImportOptions::default(),
    )?)
}
