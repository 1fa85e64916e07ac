//! Long work on a named thread: the project moves to the worker and comes back with the
//! result, so the UI never waits on the database and never shares it; opening a project
//! happens on a thread too.

use crate::jobs::{self, AnalyzeReport, ImportReport, Progress};
use crate::store::Project;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, channel};
use std::time::Duration;

/// What a worker is asked to do.
#[derive(Clone, Debug)]
pub enum JobKind {
    /// Run every analysis pass.
    Analyze,
    /// Import files and folders, then analyse the project when anything new came in.
    ImportAndAnalyze(Vec<PathBuf>),
    /// Write every article's JSON record into a folder.
    ExportJson(PathBuf),
}

/// What a finished job produced.
#[derive(Debug)]
pub enum JobOutcome {
    Imported(ImportReport),
    Analyzed(AnalyzeReport),
    ImportedAndAnalyzed(ImportReport, AnalyzeReport),
    /// The records export, and the folder it wrote.
    Exported(jobs::RecordsExport, PathBuf),
}

/// A message from the worker thread.
pub enum JobEvent {
    Progress(Progress),
    /// The job ended; the project comes back with its outcome.
    Done(Box<Project>, Result<JobOutcome, String>),
}

/// A running job as the UI sees it.
pub struct Job {
    pub kind: JobKind,
    pub progress: Option<Progress>,
    cancel: Arc<AtomicBool>,
    events: Receiver<JobEvent>,
}

impl Job {
    /// Moves `project` to a new thread and runs `kind` on it.
    pub fn spawn(mut project: Project, kind: JobKind, ctx: egui::Context) -> std::io::Result<Job> {
        let (sender, events) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let thread_cancel = Arc::clone(&cancel);
        let thread_kind = kind.clone();
        let name = match kind {
            JobKind::Analyze => "dossier-analyze",
            JobKind::ImportAndAnalyze(_) => "dossier-import-analyze",
            JobKind::ExportJson(_) => "dossier-export",
        };
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let progress_sender = sender.clone();
                let progress_ctx = ctx.clone();
                let mut progress = move |p: Progress| {
                    let _ = progress_sender.send(JobEvent::Progress(p));
                    progress_ctx.request_repaint();
                };
                let outcome = run(&mut project, &thread_kind, &mut progress, &thread_cancel);
                let _ = sender.send(JobEvent::Done(Box::new(project), outcome));
                ctx.request_repaint();
            })?;
        Ok(Job {
            kind,
            progress: None,
            cancel,
            events,
        })
    }

    /// Asks the job to stop after its current batch.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether cancelling was asked for.
    pub fn is_cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Events that arrived since the last call, and whether the worker can still send more
    /// (false when it died without giving the project back).
    pub fn poll(&mut self) -> (Vec<JobEvent>, bool) {
        let mut out = Vec::new();
        loop {
            match self.events.try_recv() {
                Ok(event) => out.push(event),
                Err(TryRecvError::Empty) => return (out, true),
                Err(TryRecvError::Disconnected) => return (out, false),
            }
        }
    }

    /// A short description for the status bar.
    pub fn label(&self) -> &'static str {
        match self.kind {
            JobKind::Analyze => "Analysing",
            JobKind::ImportAndAnalyze(_) => "Importing and analysing",
            JobKind::ExportJson(_) => "Exporting JSON records",
        }
    }
}

fn run(
    project: &mut Project,
    kind: &JobKind,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<JobOutcome, String> {
    let err = |e: crate::store::StoreError| e.to_string();
    match kind {
        JobKind::Analyze => jobs::analyze(project, progress, cancel)
            .map(JobOutcome::Analyzed)
            .map_err(err),
        JobKind::ImportAndAnalyze(paths) => {
            let imported = jobs::import(project, paths, progress, cancel).map_err(err)?;
            // Nothing new, or cancelled: nothing to analyse.
            if imported.imported == 0 || cancel.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(JobOutcome::Imported(imported));
            }
            let analyzed = jobs::analyze(project, progress, cancel).map_err(err)?;
            Ok(JobOutcome::ImportedAndAnalyzed(imported, analyzed))
        }
        JobKind::ExportJson(dir) => {
            let protected = [project.path()];
            jobs::export_records_watched(project, dir, &protected, false, progress, cancel)
                .map(|done| JobOutcome::Exported(done, dir.clone()))
                .map_err(|e| e.to_string())
        }
    }
}

/// A project being opened on a thread: opening reads every page of the file first
/// (`quick_check`), which takes seconds on a large project, so the window draws meanwhile.
pub struct Opening {
    pub path: PathBuf,
    /// For the sample project: whether its file was missing before (it is built then).
    pub sample: Option<bool>,
    answer: Receiver<Result<Opened, String>>,
}

/// An opened project, and whether it holds no article yet (read for the sample only).
pub struct Opened {
    pub project: Project,
    pub empty: bool,
}

impl Opening {
    /// Opens (or, with `create`, creates) `path` on a new thread, which wakes the UI when done.
    pub fn spawn(
        path: PathBuf,
        create: bool,
        sample: Option<bool>,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Opening> {
        let (sender, answer) = channel();
        let thread_path = path.clone();
        std::thread::Builder::new()
            .name("dossier-open".to_string())
            .spawn(move || {
                let opened = if create {
                    Project::create_or_open(&thread_path)
                } else {
                    Project::open(&thread_path)
                };
                let opened = opened.and_then(|project| {
                    let empty = match sample {
                        Some(_) => project.article_count()? == 0,
                        None => false,
                    };
                    Ok(Opened { project, empty })
                });
                let _ = sender.send(opened.map_err(|e| e.to_string()));
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            })?;
        Ok(Opening {
            path,
            sample,
            answer,
        })
    }

    /// The outcome once the thread is done, waiting at most `limit`; `None` while it works.
    pub fn answer(&self, limit: Duration) -> Option<Result<Opened, String>> {
        let outcome = if limit.is_zero() {
            self.answer.try_recv().map_err(|e| match e {
                TryRecvError::Empty => RecvTimeoutError::Timeout,
                TryRecvError::Disconnected => RecvTimeoutError::Disconnected,
            })
        } else {
            self.answer.recv_timeout(limit)
        };
        match outcome {
            Ok(opened) => Some(opened),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(Err(format!(
                "{}: the thread opening the project stopped unexpectedly",
                self.path.display()
            ))),
        }
    }
}
