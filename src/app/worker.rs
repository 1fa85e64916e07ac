//! Long work on a named thread: the project moves to the worker and comes back with the
//! result, so the UI never waits on the database and never shares it.

use crate::jobs::{self, AnalyzeReport, ImportReport, Progress};
use crate::store::Project;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What a worker is asked to do.
#[derive(Clone, Debug)]
pub enum JobKind {
    /// Import files and folders.
    Import(Vec<PathBuf>),
    /// Run every analysis pass.
    Analyze,
    /// Import, then analyse (a new sample project).
    ImportAndAnalyze(Vec<PathBuf>),
}

/// What a finished job produced.
#[derive(Debug)]
pub enum JobOutcome {
    Imported(ImportReport),
    Analyzed(AnalyzeReport),
    ImportedAndAnalyzed(ImportReport, AnalyzeReport),
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
            JobKind::Import(_) => "dossier-import",
            JobKind::Analyze => "dossier-analyze",
            JobKind::ImportAndAnalyze(_) => "dossier-import-analyze",
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
            JobKind::Import(_) => "Importing",
            JobKind::Analyze => "Analysing",
            JobKind::ImportAndAnalyze(_) => "Preparing project",
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
        JobKind::Import(paths) => jobs::import(project, paths, progress, cancel)
            .map(JobOutcome::Imported)
            .map_err(err),
        JobKind::Analyze => jobs::analyze(project, progress, cancel)
            .map(JobOutcome::Analyzed)
            .map_err(err),
        JobKind::ImportAndAnalyze(paths) => {
            let imported = jobs::import(project, paths, progress, cancel).map_err(err)?;
            let analyzed = jobs::analyze(project, progress, cancel).map_err(err)?;
            Ok(JobOutcome::ImportedAndAnalyzed(imported, analyzed))
        }
    }
}
