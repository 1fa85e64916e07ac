//! Long-running work shared by the command line and the GUI: importing files into a project
//! and running the analysis passes. Each job reports progress through a callback and can be
//! cancelled; neither knows about terminals or windows. The entity and attribution stages live
//! here; dating, tracking decisions, grouping stories and screening have a module each.

use crate::actors::{ActorRow, MentionRow};
use crate::analysis::entities::{self, Extraction};
use crate::analysis::gazetteer::Gazetteer;
use crate::analysis::{attribution, decisions, registry, similar, stories, text, timeline};
use crate::ingest::{self, dedup::Deduper, dedup::Signature};
use crate::model::{
    Article, ArticleDraft, ArticleId, Date, DecisionRow, EventReport, ImportWarning, QuoteRow,
    TimelineEvent,
};
use crate::sanctions;
use crate::store::{NewHit, Project, StoreError, entry_key};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

mod dating;
mod events;
mod grouping;
mod records;
mod screening;
mod stage;
mod tracking;

use dating::date_articles;
use grouping::run_stories;
pub use grouping::story_inputs;
pub use records::{
    Incomplete, RecordsError, RecordsExport, each_record_batch, export_records,
    export_records_watched, incomplete_warning, records,
};
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

/// A cross-article step of `analyze`: it stores its results and reports progress.
type StepFn<'a> = dyn FnMut(&mut Project, &mut dyn FnMut(usize)) -> Result<(), StoreError> + 'a;

/// One article's timeline pass results: its date and its time expressions.
type ArticleTimeline = (ArticleId, timeline::DocumentDate, Vec<timeline::Timex>);

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
    /// Articles skipped because the project already holds them: the same source file with the
    /// same content (an import run again, or resumed after a kill).
    pub already_imported: usize,
    pub warnings: Vec<ImportWarning>,
    pub elapsed_ms: u64,
    pub cancelled: bool,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} files read, {} articles imported ({} exact and {} near duplicates linked to their first copy), {} already in the project (skipped), {} warnings, {} ms{}",
            self.files,
            self.imported,
            self.exact_duplicates,
            self.near_duplicates,
            self.already_imported,
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
///
/// An article the project already holds from the same source file with the same content is
/// skipped and counted in [`ImportReport::already_imported`], so importing a folder again (by
/// mistake, or to finish an import that was killed) adds only what is new. Paths are stored
/// with their folder resolved ([`stable_path`]), so the same file is recognised however it is
/// named. The same content from another file is stored as an exact duplicate of its first copy.
/// A project that cannot be written is refused before any file is read.
pub fn import(
    project: &mut Project,
    paths: &[PathBuf],
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, StoreError> {
    project.writable()?;
    let started = Instant::now();
    let paths: Vec<PathBuf> = paths.iter().map(|p| stable_path(p)).collect();
    let (files, mut warnings) = ingest::collect_files(&paths);
    let last_before = project.last_article_id()?;
    let mut report = ImportReport {
        files: files.len(),
        ..ImportReport::default()
    };
    let capacity = project.article_count()? + files.len();
    let total = files.len();
    progress(Progress {
        stage: "Importing",
        done: 0,
        total,
    });
    project.set_bulk_writes(true)?;
    let stored = std::thread::scope(|scope| -> Result<(), StoreError> {
        // Files are read and parsed a batch ahead, on the other cores, while this thread
        // stores the batch before.
        let (parsed_batches, batches) = std::sync::mpsc::sync_channel(1);
        let files = &files;
        scope.spawn(move || {
            for batch in files.chunks(IMPORT_BATCH_FILES) {
                // An error stops the import: the receiver is gone.
                if parsed_batches.send(parse_batch(batch)).is_err() {
                    break;
                }
            }
        });
        // the project's near-duplicate index is read while the first batches are parsed
        let mut deduper = Deduper::with_capacity(capacity);
        project.each_dedup_key(|id, hash, bytes| {
            if let Some(signature) = Signature::from_bytes(bytes) {
                deduper.insert(id, hash, signature);
            }
        })?;
        let mut done = 0;
        for parsed in batches {
            if cancel.load(Ordering::Relaxed) {
                report.cancelled = true;
                break;
            }
            done += parsed.len();
            store_batch(
                project,
                parsed,
                last_before,
                &mut deduper,
                &mut report,
                &mut warnings,
            )?;
            progress(Progress {
                stage: "Importing",
                done: done.min(total),
                total,
            });
        }
        Ok(())
    });
    // Back to normal writes whether or not the import went through.
    let normal = project.set_bulk_writes(false);
    stored?;
    normal?;
    report.warnings = warnings;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// Reads and parses a batch of files on every core, each article with its signature.
fn parse_batch(batch: &[PathBuf]) -> Vec<ParsedFile> {
    batch
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
        .collect()
}

/// Stores a parsed batch in one transaction: each article not imported before, linked to its
/// earliest copy when it is a duplicate, and registered with `deduper` when it is not.
fn store_batch(
    project: &mut Project,
    parsed: Vec<ParsedFile>,
    last_before: Option<ArticleId>,
    deduper: &mut Deduper,
    report: &mut ImportReport,
    warnings: &mut Vec<ImportWarning>,
) -> Result<(), StoreError> {
    let mut tx = project.begin_import()?;
    for (drafts, file_warnings) in parsed {
        warnings.extend(file_warnings);
        for (draft, signature) in drafts {
            if let Some(last) = last_before
                && tx.imported_before(&draft.source_path, &draft.content_hash, last)?
            {
                report.already_imported += 1;
                continue;
            }
            let duplicate = deduper.check(&draft.content_hash, &signature, |id| {
                Ok::<_, StoreError>(tx.signature(id)?.as_deref().and_then(Signature::from_bytes))
            })?;
            let id = tx.insert_article(&draft, duplicate, &signature.to_bytes())?;
            match duplicate.map(|d| d.kind) {
                Some(crate::model::DuplicateKind::Exact) => report.exact_duplicates += 1,
                Some(crate::model::DuplicateKind::Near) => report.near_duplicates += 1,
                None => deduper.insert(id, &draft.content_hash, signature),
            }
            report.imported += 1;
        }
    }
    tx.commit()
}

/// `path` with its folder made absolute and its links and `..` resolved, the final name kept
/// as given (a link named on the command line keeps its name); as given when the folder cannot
/// be resolved (a missing path is reported by the walk).
fn stable_path(path: &std::path::Path) -> PathBuf {
    let resolved = match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                std::path::Path::new(".")
            } else {
                parent
            };
            std::fs::canonicalize(parent).map(|p| p.join(name))
        }
        _ => std::fs::canonicalize(path),
    };
    resolved.unwrap_or_else(|_| path.to_path_buf())
}

/// A registered pass: its name and version, noted per article it analysed, so records can
/// say when an article's analysis is missing or older than this build's.
struct PassInfo {
    name: &'static str,
    version: u32,
    /// Whether the per-article JSON record carries this pass's results.
    in_record: bool,
}

/// Every pass `analyze` runs. The per-article ones (entities, timeline, attribution,
/// decisions) run together over each batch of articles ([`stage`]); the cross-article steps
/// (the registry, dating undated articles, the project timeline, tracking decisions, stories,
/// screening) follow from their summaries.
const PASSES: &[PassInfo] = &[
    PassInfo {
        name: "entities",
        in_record: true,
        version: 1,
    },
    PassInfo {
        name: "timeline",
        in_record: true,
        version: 2,
    },
    PassInfo {
        name: "attribution",
        in_record: true,
        version: 1,
    },
    PassInfo {
        name: "decisions",
        in_record: true,
        version: 2,
    },
    PassInfo {
        name: "stories",
        in_record: false,
        version: 2,
    },
    PassInfo {
        name: "screening",
        in_record: false,
        version: 1,
    },
];

/// The registered pass `name`.
fn pass_named(name: &str) -> Option<&'static PassInfo> {
    PASSES.iter().find(|p| p.name == name)
}

/// Articles whose mentions [`registry_by_chunk`] reads together (a handful in unit tests, so
/// that the sample project spans several chunks).
const REGISTRY_CHUNK: usize = if cfg!(test) { 3 } else { 4096 };

/// The effective registry (analyst edits applied) over the mentions of a chunk of `ids`
/// (ascending) at a time: `f` gets each chunk's registry and mention rows. Edits move mentions
/// one by one and create actors from names alone, so each mention gets the actor the whole
/// project's registry gives it without every mention in memory at once.
fn registry_by_chunk(
    project: &Project,
    ids: &[ArticleId],
    f: impl FnMut(&crate::actors::Actors, &[MentionRow]),
) -> Result<(), StoreError> {
    registry_in_chunks_of(project, ids, REGISTRY_CHUNK, f)
}

/// [`registry_by_chunk`] with chunks of `size` articles.
fn registry_in_chunks_of(
    project: &Project,
    ids: &[ArticleId],
    size: usize,
    mut f: impl FnMut(&crate::actors::Actors, &[MentionRow]),
) -> Result<(), StoreError> {
    let rows = project.actor_rows()?;
    let edits = project.actor_edits()?;
    for chunk in ids.chunks(size.max(1)) {
        let (Some(&first), Some(&last)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        let mentions = project.mention_rows_in(first, last)?;
        let actors = crate::actors::Actors::build(&rows, &mentions, &edits);
        f(&actors, &mentions);
    }
    Ok(())
}

/// The built-in gazetteer with the project's own entries added, and what it was made from
/// (for the analysis inputs digest): the entries and the outlets the built-in lists do not
/// know, which it takes as organisations.
fn project_gazetteer(project: &Project) -> Result<(Cow<'static, Gazetteer>, String), StoreError> {
    let entries = project.user_entries()?;
    let outlets = project.outlets()?;
    let builtin = Gazetteer::builtin();
    let mut unknown: Vec<String> = outlets
        .iter()
        .map(|o| crate::analysis::gazetteer::phrase_key(o.trim()))
        .filter(|key| !key.is_empty() && builtin.names.get(key).is_none())
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    Ok(if entries.is_empty() && unknown.is_empty() {
        (Cow::Borrowed(builtin), String::new())
    } else {
        let made_from = format!(
            "{};outlets={}",
            serde_json::to_string(&entries).unwrap_or_default(),
            unknown.join("|")
        );
        (
            Cow::Owned(Gazetteer::for_project(&entries, &outlets)),
            made_from,
        )
    })
}

/// `1.5 MB`, `512 KB`, `900 bytes`.
fn human_bytes(n: usize) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 => format!("{} KB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// What an analysis run did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct AnalyzeReport {
    pub articles: usize,
    /// Articles the per-article passes read: new ones, ones whose inputs changed (a pass
    /// version, the project's gazetteer, the analyst's corrections to them) and undated ones;
    /// the others' stored results were kept.
    pub analysed: usize,
    /// Articles analysed over part of their text only, each named with the reason.
    pub warnings: Vec<String>,
    pub passes: Vec<String>,
    pub elapsed_ms: u64,
    pub cancelled: bool,
}

/// Runs every registered pass over `project` and stores the results. A project that cannot be
/// written is refused before any pass runs.
///
/// Incremental: the per-article passes run only over articles that are new since the last
/// run, whose inputs changed (a pass version, the project's gazetteer or year, the analyst's
/// corrections to the article) or that their own text leaves undated (they are dated from
/// their neighbours, which may be new); they read the articles a batch at a time ([`stage`]).
/// The cross-article steps (the registry, dating, the project timeline, tracking decisions,
/// stories, screening) then run over every article from the stored summaries, so the result
/// is the one a run over every article gives, but for the stories and the project timeline:
/// new articles join the stored stories and their reports the stored events until the
/// collection has grown by a fifth (see `grouping` and `events`).
pub fn analyze(
    project: &mut Project,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<AnalyzeReport, StoreError> {
    analyze_for(project, Scope::Project, progress, cancel)
}

/// What an analysis leaves in the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everything the window shows: each article's results and the cross-article views built
    /// from them (the project timeline, tracked decisions, stories, screening).
    Project,
    /// What the per-article JSON records hold: entities named through the registry, dates and
    /// time expressions (undated articles dated from their neighbours), quotes and decision
    /// rows (stored as the steps of tracked decisions, so those are tracked too). The one-shot
    /// `analyze DIR --json` runs this on its scratch project; the project timeline, stories
    /// and screening, which no record holds, are left out.
    Records,
}

/// [`analyze`], leaving in the project what `scope` asks for.
pub fn analyze_for(
    project: &mut Project,
    scope: Scope,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<AnalyzeReport, StoreError> {
    project.writable()?;
    let started = Instant::now();
    let ctx = stage::Context::new(project)?;
    let (ids, stale) = project.articles_to_refresh(|id| ctx.inputs_of(id))?;
    let total = ids.len();
    drop(ids);
    let mut report = AnalyzeReport {
        articles: total,
        analysed: stale.len(),
        ..AnalyzeReport::default()
    };
    let stage_started = Instant::now();
    let finished = stage::run(project, &ctx, &stale, &mut report, progress, cancel)?;
    if !finished || cancel.load(Ordering::Relaxed) {
        report.cancelled = true;
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        return Ok(report);
    }
    stage::link_actors(project, &ctx, progress)?;
    let mut finish = |project: &mut Project, name: &str, elapsed: u64| {
        let Some(pass) = pass_named(name) else {
            return Ok(());
        };
        project.mark_all_analysed(pass.name, pass.version)?;
        project.record_pass_run(pass.name, pass.version, total, elapsed)?;
        report.passes.push(pass.name.to_string());
        Ok::<(), StoreError>(())
    };
    let stage_ms = stage_started.elapsed().as_millis() as u64;
    finish(
        project,
        "entities",
        ctx.timing.ms("entities").unwrap_or(stage_ms),
    )?;
    finish(
        project,
        "attribution",
        ctx.timing.ms("attribution").unwrap_or(0),
    )?;
    let step = |project: &mut Project,
                progress: &mut dyn FnMut(Progress),
                label: &'static str,
                run: &mut StepFn<'_>|
     -> Result<Option<u64>, StoreError> {
        if cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let step_started = Instant::now();
        progress(Progress {
            stage: label,
            done: 0,
            total,
        });
        run(project, &mut |done| {
            progress(Progress {
                stage: label,
                done,
                total,
            })
        })?;
        Ok(Some(step_started.elapsed().as_millis() as u64))
    };
    let per_article = |name: &str| ctx.timing.ms(name).unwrap_or(0);
    let mut dating = dating::Dating::default();
    let steps_done = 'steps: {
        let Some(dating_ms) = step(project, progress, "Dating events", &mut |p, progress| {
            dating = date_articles(p, &ctx, progress)?;
            Ok(())
        })?
        else {
            break 'steps false;
        };
        if cancel.load(Ordering::Relaxed) {
            break 'steps false;
        }
        // tracking reads no event: the project timeline is merged beside it
        let mut tracking_ms = 0;
        let mut track = |p: &mut Project, progress: &mut dyn FnMut(Progress)| {
            let ms = step(p, progress, "Tracking decisions", &mut |p, progress| {
                run_decisions(p, &dating, progress)
            })?;
            tracking_ms = ms.unwrap_or(0);
            Ok(ms.is_some())
        };
        let (tracked, timeline_ms) = if scope == Scope::Project {
            let (tracked, took) = events::merge_beside(project, &dating, progress, track)?;
            (tracked, took.as_millis() as u64)
        } else {
            (track(project, progress)?, 0)
        };
        if !tracked {
            break 'steps false;
        }
        finish(
            project,
            "timeline",
            dating_ms + timeline_ms + per_article("timeline"),
        )?;
        finish(project, "decisions", tracking_ms + per_article("decisions"))?;
        if scope == Scope::Records {
            break 'steps true;
        }
        drop(std::mem::take(&mut dating));
        let mut rest = |p: &mut Project, label, name, run: &mut StepFn<'_>| {
            let Some(ms) = step(p, progress, label, run)? else {
                return Ok(false);
            };
            finish(p, name, ms + per_article(name))?;
            Ok::<bool, StoreError>(true)
        };
        rest(
            project,
            "Grouping stories",
            "stories",
            &mut |p, progress| run_stories(p, progress),
        )? && rest(
            project,
            "Screening actors",
            "screening",
            &mut |p, progress| run_screening(p, total, progress),
        )?
    };
    report.cancelled = !steps_done;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// A new project in `dir` holding the sample collection, analysed (for unit tests).
#[cfg(test)]
pub(crate) fn analysed_sample(dir: &std::path::Path) -> Project {
    let mut project = Project::create_or_open(&dir.join("p.dossier")).expect("create");
    let never = AtomicBool::new(false);
    let sample = crate::app::recent::sample_dir();
    import(&mut project, &[sample], &mut |_| {}, &never).expect("import");
    analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    project
}

/// Every article id of `project`, in id order (for unit tests).
#[cfg(test)]
pub(crate) fn article_ids(project: &Project) -> Vec<ArticleId> {
    project
        .article_summaries()
        .expect("articles")
        .iter()
        .map(|a| a.id)
        .collect()
}

/// Four analyst edits of the registry's first five actors (`names`, in the registry's
/// order): a merge, a split to "Split Off", an alias and a rename to "Renamed" (for unit tests).
#[cfg(test)]
pub(crate) fn registry_edits(names: &[String]) -> [crate::actors::Edit; 4] {
    use crate::actors::Edit;
    let most = |n: usize| names.get(n).cloned().expect("enough actors");
    [
        Edit::Merge {
            from: most(3),
            into: most(2),
        },
        Edit::Split {
            name: most(0),
            aliases: vec![most(0)],
            new_name: "Split Off".into(),
        },
        Edit::AddAlias {
            name: most(1),
            alias: "Niamey".into(),
        },
        Edit::Rename {
            from: most(4),
            to: "Renamed".into(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored summary that cannot be read back (damaged, or written by another build) stops
    /// `analyze` with an error naming its article and part, whichever step reads it: linking
    /// reads the actors, the project timeline the events, the tracker the decisions.
    #[test]
    fn an_unreadable_summary_is_named_by_its_article() {
        for part in ["actors", "events", "decisions"] {
            let dir = tempfile::tempdir().expect("dir");
            drop(analysed_sample(dir.path()));
            let path = dir.path().join("p.dossier");
            let article: i64 = {
                let conn = rusqlite::Connection::open(&path).expect("open");
                let article = conn
                    .query_row(
                        "SELECT article_id FROM article_summaries ORDER BY article_id LIMIT 1 OFFSET 1",
                        [],
                        |r| r.get(0),
                    )
                    .expect("second article");
                conn.execute(
                    &format!(
                        "UPDATE article_summaries SET {part} = '[{{broken' WHERE article_id = ?1"
                    ),
                    [article],
                )
                .expect("damage");
                // the next analysis reads every summary but analyses no article again
                conn.execute(
                    "DELETE FROM meta WHERE key IN ('link_digests', 'tracked_chunks')",
                    [],
                )
                .expect("forget digests");
                article
            };
            let mut project = Project::open(&path).expect("reopen");
            let error = analyze(&mut project, &mut |_| {}, &AtomicBool::new(false))
                .expect_err(part)
                .to_string();
            assert!(
                error.contains(&format!(
                    "the analysis summary of article {article} is unreadable"
                )),
                "{part}: {error}"
            );
        }
    }

    /// Linking after an import restages only the chunks of articles whose links changed (the
    /// others' digests are kept) and leaves every mention linked as a full analysis does.
    #[test]
    fn linking_after_an_import_keeps_unchanged_chunks_and_equals_a_full_analysis() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sample = crate::app::recent::sample_dir();
        let (first, second) = (dir.path().join("first"), dir.path().join("second"));
        for folder in [&first, &second] {
            std::fs::create_dir_all(folder).expect("folder");
        }
        let mut files: Vec<_> = std::fs::read_dir(&sample)
            .expect("sample")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        let cut = files.len() - 4; // the last two articles (text and metadata each) come later
        for (i, file) in files.iter().enumerate() {
            let to = if i < cut { &first } else { &second };
            std::fs::copy(file, to.join(file.file_name().expect("name"))).expect("copy");
        }
        let never = AtomicBool::new(false);
        let linked = |project: &Project| -> Vec<(ArticleId, usize, Option<String>)> {
            let names: HashMap<i64, String> = project
                .actor_rows()
                .expect("actors")
                .into_iter()
                .map(|a| (a.id, a.name))
                .collect();
            let mut linked: Vec<_> = project
                .mention_rows(None)
                .expect("mentions")
                .into_iter()
                .map(|m| (m.article, m.range.start, m.actor.map(|a| names[&a].clone())))
                .collect();
            linked.sort();
            linked
        };
        let mut daily = Project::create_or_open(&dir.path().join("daily.dossier")).expect("create");
        import(
            &mut daily,
            std::slice::from_ref(&first),
            &mut |_| {},
            &never,
        )
        .expect("import");
        analyze(&mut daily, &mut |_| {}, &never).expect("analyze");
        let before = daily.link_digests().expect("digests");
        assert!(
            before.len() > 2,
            "the sample spans several chunks: {before:?}"
        );
        import(
            &mut daily,
            std::slice::from_ref(&second),
            &mut |_| {},
            &never,
        )
        .expect("import");
        analyze(&mut daily, &mut |_| {}, &never).expect("analyze again");
        let after = daily.link_digests().expect("digests");
        let kept = before
            .iter()
            .filter(|(k, d)| after.get(k) == Some(d))
            .count();
        assert!(kept > 0, "no chunk kept its links: {before:?} {after:?}");

        let mut once = Project::create_or_open(&dir.path().join("once.dossier")).expect("create");
        import(&mut once, &[first, second], &mut |_| {}, &never).expect("import");
        analyze(&mut once, &mut |_| {}, &never).expect("analyze");
        let expected = linked(&once);
        assert!(expected.iter().any(|m| m.2.is_some()));
        assert_eq!(linked(&daily), expected);
    }

    /// Each mention's effective actor, read a chunk of articles at a time, is the one the
    /// whole project's registry gives it, analyst edits (merge, split, alias, rename) applied.
    #[test]
    fn the_registry_read_by_chunks_names_each_mention_as_the_whole_registry_does() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = analysed_sample(dir.path());
        let whole = project.actors().expect("registry");
        let names: Vec<String> = whole.actors.iter().map(|a| a.name.clone()).collect();
        for edit in registry_edits(&names) {
            project.add_actor_edit(&edit).expect("edit");
        }
        let name_of = |a: &crate::actors::Actors, m: &crate::actors::Mention| {
            (
                m.article,
                m.range.start,
                m.range.end,
                m.actor.map(|i| a.actors[i].name.clone()),
            )
        };
        let whole = project.actors().expect("registry");
        let mut expected: Vec<_> = whole.mentions.iter().map(|m| name_of(&whole, m)).collect();
        expected.sort();
        let ids = article_ids(&project);
        for size in [1, 3, 1000] {
            let mut chunked = Vec::new();
            registry_in_chunks_of(&project, &ids, size, |a, _| {
                chunked.extend(a.mentions.iter().map(|m| name_of(a, m)));
            })
            .expect("chunks");
            chunked.sort();
            assert_eq!(chunked, expected, "chunks of {size}");
        }
        assert!(expected.iter().any(|m| m.3.as_deref() == Some("Renamed")));
        assert!(expected.iter().any(|m| m.3.as_deref() == Some("Split Off")));
    }
}
