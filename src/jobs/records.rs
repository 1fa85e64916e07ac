//! The per-article JSON records (`shared/eval/SCHEMA.md`) built from the project a batch of
//! articles at a time, each batch handed on and dropped: what an export holds is one batch's
//! articles, mentions and records, never the whole collection's.

use super::{PASSES, Progress};
use crate::export::ExportError;
use crate::export::RecordsWritten;
use crate::export::json::{
    AnalysisGap, ArticleRecord, DecisionRecord, EntityRow, QuoteRecord, RecordsWriter,
};
use crate::model::{ArticleId, QuoteFix};
use crate::store::{Project, StoreError};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Articles whose records are built together (a handful in unit tests, so that the sample
/// spans several batches).
const RECORD_BATCH: usize = if cfg!(test) { 3 } else { 1024 };

/// What a records export did, and whether its records are all complete.
#[derive(Debug, Default, PartialEq)]
pub struct RecordsExport {
    pub written: RecordsWritten,
    /// [`Incomplete::warning`] over every record built.
    pub incomplete: Option<String>,
    /// Stopped when asked, after the records of the batches built by then.
    pub cancelled: bool,
}

/// Why a records export stopped.
#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// Builds every record of the project and writes it into `dir` (see
/// [`crate::export::json::RecordsWriter`]), on a second thread while the next batch is built.
/// `protected` are the projects open here; `force` writes beside files Dossier did not write.
pub fn export_records(
    project: &Project,
    dir: &Path,
    protected: &[&Path],
    force: bool,
) -> Result<RecordsExport, RecordsError> {
    let never = AtomicBool::new(false);
    export_records_watched(project, dir, protected, force, &mut |_| {}, &never)
}

/// [`export_records`], telling `progress` how many articles' records are built and stopping
/// after the current batch when `cancel` is set (the records written by then stay, with their
/// manifest).
pub fn export_records_watched(
    project: &Project,
    dir: &Path,
    protected: &[&Path],
    force: bool,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<RecordsExport, RecordsError> {
    let total = project.article_count()?;
    let mut done = 0;
    progress(Progress {
        stage: "Exporting records",
        done,
        total,
    });
    let mut writer = RecordsWriter::new(dir, protected, force)?;
    let mut incomplete = Incomplete::default();
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<ArticleRecord>>(1);
    let (built, written) = std::thread::scope(|scope| {
        let writing = std::thread::Builder::new()
            .name("records writer".into())
            .spawn_scoped(scope, move || -> Result<RecordsWritten, ExportError> {
                for batch in receive {
                    writer.add(&batch)?;
                }
                writer.finish()
            });
        let writing = match writing {
            Ok(handle) => handle,
            Err(error) => {
                return (
                    Ok(()),
                    Err(ExportError::Io {
                        path: dir.display().to_string(),
                        source: error,
                    }),
                );
            }
        };
        let built = each_record_batch::<StoreError>(project, |batch| {
            batch.iter().for_each(|r| incomplete.add(r));
            done += batch.len();
            // A closed channel: the writer stopped on an error, which `join` gives below.
            let sent = send.send(batch).is_ok();
            progress(Progress {
                stage: "Exporting records",
                done,
                total,
            });
            Ok(sent && !cancel.load(Ordering::Relaxed))
        });
        drop(send);
        let written = match writing.join() {
            Ok(written) => written,
            // a panic in the writer is a bug: raise it here, as one thread would have
            Err(panic) => std::panic::resume_unwind(panic),
        };
        (built, written)
    });
    let written = written?;
    built?;
    Ok(RecordsExport {
        written,
        incomplete: incomplete.warning(),
        cancelled: cancel.load(Ordering::Relaxed),
    })
}

/// Every record of the project at once, in article order (for tests and small projects; an
/// export streams them with [`export_records`]).
pub fn records(project: &Project) -> Result<Vec<ArticleRecord>, StoreError> {
    let mut all = Vec::new();
    each_record_batch(project, |batch| {
        all.extend(batch);
        Ok(true)
    })?;
    Ok(all)
}

/// What a record lacks: the passes that feed records and never analysed the article, or did
/// at an older version than this build's. `None` when the record is complete.
fn analysis_gap(stored: Option<&Vec<(String, u32)>>) -> Option<AnalysisGap> {
    let mut gap = AnalysisGap::default();
    for pass in PASSES.iter().filter(|p| p.in_record) {
        match stored.and_then(|s| s.iter().find(|(name, _)| name == pass.name)) {
            None => gap.missing.push(pass.name.to_string()),
            Some((_, version)) if *version != pass.version => gap.stale.push(pass.name.to_string()),
            Some(_) => {}
        }
    }
    (!gap.missing.is_empty() || !gap.stale.is_empty()).then_some(gap)
}

/// The incomplete records of an export, counted as they stream past: how many records, how
/// many lack something, and how many lack each pass.
#[derive(Debug, Default)]
pub struct Incomplete {
    records: usize,
    gaps: usize,
    /// Each pass some record misses, with how many, in order of first seen.
    missing: Vec<(String, usize)>,
    /// Each pass some record holds from an older version, with how many.
    stale: Vec<(String, usize)>,
}

impl Incomplete {
    /// Counts one record.
    pub fn add(&mut self, record: &ArticleRecord) {
        self.records += 1;
        let Some(gap) = &record.analysis else {
            return;
        };
        self.gaps += 1;
        for (passes, counts) in [
            (&gap.missing, &mut self.missing),
            (&gap.stale, &mut self.stale),
        ] {
            for pass in passes {
                match counts.iter_mut().find(|(p, _)| p == pass) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((pass.clone(), 1)),
                }
            }
        }
    }

    /// A warning for an export whose records are not all complete, naming the passes and how
    /// many articles each lacks; `None` when every record is complete.
    pub fn warning(&self) -> Option<String> {
        if self.gaps == 0 {
            return None;
        }
        let list = |counts: &[(String, usize)]| {
            counts
                .iter()
                .map(|(p, n)| format!("{p} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.missing.is_empty() {
            parts.push(format!("not analysed by {}", list(&self.missing)));
        }
        if !self.stale.is_empty() {
            parts.push(format!(
                "analysed by an older version of {}",
                list(&self.stale)
            ));
        }
        Some(format!(
            "{} of {} records are incomplete ({}): run `analyze` on the project, then export \
             again; each such record says so in its \"analysis\" field",
            self.gaps,
            self.records,
            parts.join("; ")
        ))
    }
}

/// A warning for an export whose records are not all complete (see [`Incomplete`]).
pub fn incomplete_warning(records: &[ArticleRecord]) -> Option<String> {
    let mut incomplete = Incomplete::default();
    records.iter().for_each(|r| incomplete.add(r));
    incomplete.warning()
}

/// One JSON record per article (`shared/eval/SCHEMA.md`) from what the project holds, with the
/// analyst's edits applied: an actor per row, named as the article names it (or as the analyst
/// renamed it), with the distinct surface forms of its mentions in order of first mention; each
/// decision's actor named as its entity row is. A record whose analysis is missing or stale
/// says so (`analysis`).
///
/// Built [`RECORD_BATCH`] articles at a time, in article order: their texts, their mentions
/// (with the registry over them, as the whole project's registry names each mention: see
/// [`crate::store::RegistryReader`]) and which passes analysed them; `sink` gets each batch's
/// records and returns whether to go on.
pub fn each_record_batch<E: From<StoreError>>(
    project: &Project,
    sink: impl FnMut(Vec<ArticleRecord>) -> Result<bool, E>,
) -> Result<(), E> {
    records_in_batches_of(project, RECORD_BATCH, sink)
}

/// [`each_record_batch`] with batches of `size` articles.
fn records_in_batches_of<E: From<StoreError>>(
    project: &Project,
    size: usize,
    mut sink: impl FnMut(Vec<ArticleRecord>) -> Result<bool, E>,
) -> Result<(), E> {
    let reader = project.registry_reader()?;
    let fixes = project.quote_fixes()?;
    let mut after = ArticleId(i64::MIN);
    loop {
        let articles = project.articles_to_analyse(after, size.max(1))?;
        let (Some(first), Some(last)) = (articles.first(), articles.last()) else {
            return Ok(());
        };
        let (first, last) = (first.id, last.id);
        after = last;
        let registry = reader.read(project, first, last)?;
        let analysed = project.analysed_by_in(first, last)?;
        // An added mention may sit in any chunk's registry: only this batch's are looked up.
        let mut mentions_of: HashMap<ArticleId, Vec<usize>> = HashMap::new();
        for (i, mention) in registry.mentions.iter().enumerate() {
            mentions_of.entry(mention.article).or_default().push(i);
        }
        let mut records = Vec::with_capacity(articles.len());
        for article in articles {
            let mentions: Vec<&crate::actors::Mention> = mentions_of
                .get(&article.id)
                .map(|ids| ids.iter().map(|&i| &registry.mentions[i]).collect())
                .unwrap_or_default();
            // Entity rows in order of first mention; `row_of` finds an actor's row at once.
            let mut rows: Vec<EntityRow> = Vec::new();
            let mut row_of: HashMap<usize, usize> = HashMap::new();
            for mention in &mentions {
                let Some(actor_index) = mention.actor else {
                    continue;
                };
                let i = *row_of.entry(actor_index).or_insert_with(|| {
                    let actor = &registry.actors[actor_index];
                    let name = match (&mention.local_name, actor.edited) {
                        (Some(local), false) => local.clone(),
                        _ => actor.name.clone(),
                    };
                    rows.push(EntityRow {
                        name,
                        kind: actor.kind.as_str().to_string(),
                        mentions: Vec::new(),
                    });
                    rows.len() - 1
                });
                let row = &mut rows[i];
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
                        let actor = mentions.iter().find(|m| m.range == *r)?.actor?;
                        row_of.get(&actor).map(|&i| &rows[i])
                    });
                    DecisionRecord {
                        actor: row.map_or_else(|| d.actor.clone(), |row| row.name.clone()),
                        kind: d.kind,
                        action: d.action,
                        target: d.target,
                        date: d.date,
                        status: d.status,
                    }
                })
                .collect();
            let mut record = ArticleRecord::new(&article, rows);
            record.decisions = decisions;
            record.analysis = analysis_gap(analysed.get(&article.id));
            if let Some(date) = project.document_date(article.id)? {
                record.document_date = date.date.map(|d| d.to_string());
            }
            record.timex = crate::analysis::timeline::record(&project.timexes(article.id)?);
            record.quotes = project
                .quotes(article.id)?
                .into_iter()
                .filter_map(|q| QuoteFix::apply(fixes.get(&(article.id, q.range.clone())), q))
                .map(|q| QuoteRecord::new(&article.text, &q))
                .collect();
            records.push(record);
        }
        if !sink(records)? {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::Edit;
    use crate::jobs::analysed_sample;

    fn in_batches_of(project: &Project, size: usize) -> Vec<ArticleRecord> {
        let mut all = Vec::new();
        let mut batches = 0;
        records_in_batches_of::<StoreError>(project, size, |batch| {
            assert!(batch.len() <= size, "a batch of {} for {size}", batch.len());
            batches += 1;
            all.extend(batch);
            Ok(true)
        })
        .expect("records");
        assert!(
            size < all.len() || batches == 1,
            "{batches} batches of {size}"
        );
        all
    }

    /// Records built a few articles at a time, each batch's mentions through the registry
    /// over them, are those of the whole project at once (the old way: every article and
    /// the whole registry), analyst edits included: merged, split, renamed actors, aliases,
    /// rejected and added mentions, quote fixes.
    #[test]
    fn records_built_by_batches_equal_those_built_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = analysed_sample(dir.path());
        let whole = project.actors().expect("registry");
        let names: Vec<String> = whole.actors.iter().map(|a| a.name.clone()).collect();
        let last = whole.mentions.last().expect("mentions");
        let article = last.article;
        let text = project
            .article(article)
            .expect("read")
            .expect("article")
            .text;
        // Four characters or more past the article's last mention.
        let start = (last.range.end + 1..text.len())
            .find(|&i| text.is_char_boundary(i))
            .expect("text after the last mention");
        let end = (start + 4..=text.len())
            .find(|&e| text.is_char_boundary(e))
            .expect("text after the last mention");
        let rejected = &whole.mentions[whole.mentions.len() / 2];
        let mentions = [
            Edit::RejectMention {
                article: rejected.article,
                start: rejected.range.start,
                end: rejected.range.end,
            },
            Edit::AddMention {
                article,
                start,
                end,
                text: text.get(start..end).unwrap_or_default().to_string(),
                actor: "Added Actor".into(),
                kind: crate::model::EntityKind::Org,
            },
        ];
        for edit in crate::jobs::registry_edits(&names)
            .into_iter()
            .chain(mentions)
        {
            project.add_actor_edit(&edit).expect("edit");
        }
        let at_once = in_batches_of(&project, usize::MAX);
        assert_eq!(at_once.len(), project.article_count().expect("count"));
        let named = |who: &str| {
            at_once
                .iter()
                .flat_map(|r| &r.entities)
                .filter(|e| e.name == who)
                .count()
        };
        assert_eq!(named("Added Actor"), 1);
        assert!(named("Renamed") > 0 && named("Split Off") > 0);
        for size in [1, 3, 7] {
            assert_eq!(in_batches_of(&project, size), at_once, "batches of {size}");
        }
        assert_eq!(records(&project).expect("records"), at_once);
    }

    /// The incomplete warning counted while records stream past is the one over the whole
    /// list, and an export that streams them says it.
    #[test]
    fn the_incomplete_warning_is_counted_over_every_record() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = analysed_sample(dir.path());
        let ids = crate::jobs::article_ids(&project);
        project
            .mark_analysed("timeline", 0, &ids[..2])
            .expect("stale");
        project
            .mark_analysed("decisions", 0, &ids[1..5])
            .expect("stale");
        let all = records(&project).expect("records");
        let warning = incomplete_warning(&all).expect("a warning");
        assert_eq!(
            warning,
            format!(
                "5 of {} records are incomplete (analysed by an older version of timeline 2, \
                 decisions 4): run `analyze` on the project, then export again; each such \
                 record says so in its \"analysis\" field",
                all.len()
            )
        );
        let out = dir.path().join("out");
        let done = export_records(&project, &out, &[project.path()], false).expect("export");
        assert_eq!(done.incomplete, Some(warning));
        assert_eq!(done.written.written, all.len());
        assert!(
            done.written.warnings.is_empty(),
            "{:?}",
            done.written.warnings
        );
        for record in &all {
            let file = out.join(format!(
                "{}.json",
                crate::export::json::record_stem(&record.article)
            ));
            let bytes = std::fs::read(&file).expect("record file");
            assert_eq!(
                bytes,
                serde_json::to_vec_pretty(record).expect("json"),
                "{}",
                file.display()
            );
        }
    }

    /// An export tells how far it got, batch by batch, and one asked to stop after its first
    /// batch writes that batch's records only, says it was cancelled, and leaves them readable.
    #[test]
    fn an_export_reports_its_progress_and_stops_when_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = analysed_sample(dir.path());
        let total = project.article_count().expect("count");
        assert!(total > RECORD_BATCH, "the sample spans several batches");
        let never = AtomicBool::new(false);
        let mut seen = Vec::new();
        let out = dir.path().join("all");
        let done = export_records_watched(
            &project,
            &out,
            &[project.path()],
            false,
            &mut |p| seen.push((p.done, p.total)),
            &never,
        )
        .expect("export");
        assert!(!done.cancelled);
        assert_eq!(done.written.written, total);
        assert_eq!(seen.first(), Some(&(0, total)));
        assert_eq!(seen.last(), Some(&(total, total)));
        assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");

        let stop = AtomicBool::new(false);
        let out = dir.path().join("stopped");
        let done = export_records_watched(
            &project,
            &out,
            &[project.path()],
            false,
            &mut |p| {
                if p.done > 0 {
                    stop.store(true, Ordering::Relaxed);
                }
            },
            &stop,
        )
        .expect("export");
        assert!(done.cancelled);
        assert_eq!(done.written.written, RECORD_BATCH);
        let files: Vec<_> = std::fs::read_dir(&out)
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .collect();
        assert!(files.len() >= RECORD_BATCH, "{}", files.len());
        for file in files {
            let text = std::fs::read_to_string(file.path()).expect("read");
            serde_json::from_str::<serde_json::Value>(&text).expect("a whole JSON file");
        }
    }
}
