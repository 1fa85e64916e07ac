//! Long-running work shared by the command line and the GUI: importing files into a project
//! and running the analysis passes. Each job reports progress through a callback and can be
//! cancelled; neither knows about terminals or windows. The entity and attribution stages live
//! here; dating, tracking decisions, grouping stories and screening have a module each.

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

mod dating;
mod grouping;
mod screening;
mod tracking;

use dating::run_timeline;
use grouping::run_stories;
pub use grouping::story_inputs;
use screening::run_screening;
pub use screening::{
    DEFAULT_SCREENING_THRESHOLD, ListReadError, read_sanctions_list, screen_project,
    screening_threshold,
};
use tracking::run_decisions;

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

/// Imports files and folders into `project`: every file gives articles or a warning. A project
/// that cannot be written is refused before any file is read.
pub fn import(
    project: &mut Project,
    paths: &[PathBuf],
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, StoreError> {
    project.writable()?;
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
        version: 2,
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
        version: 2,
        label: "Tracking decisions",
        run: run_decisions,
    },
    PassStage {
        name: "stories",
        version: 2,
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

/// Runs every registered pass over every article of `project` and stores the results. A project
/// that cannot be written is refused before any pass runs.
pub fn analyze(
    project: &mut Project,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<AnalyzeReport, StoreError> {
    project.writable()?;
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
