//! The `dossier` command: the GUI by default, and subcommands to import, analyse, search and
//! export a project from a terminal.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use dossier::app::{self, recent};
use dossier::export::ExportError;
use dossier::jobs::{self, Progress};
use dossier::store::Project;
use dossier::store::checked::Checked;
use dossier::store::search::MAX_RANKED;
use dossier::{bench, export, sanctions, term};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// mimalloc instead of the system allocator: a finished briefing, view or analysis step frees
/// hundreds of megabytes of small strings and vectors, which glibc's malloc kept resident in
/// its arenas; mimalloc returns freed pages to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "A workbench for analysts who follow a story through many news articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Opens a project (a .dossier file) in the GUI.
    Open { path: PathBuf },
    /// Imports files and folders into a project, creating it if needed; prints the report.
    Import {
        project: PathBuf,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Runs every analysis pass over a project. Given a folder of articles and --json, imports
    /// it into a temporary project, analyses it and writes the records.
    Analyze {
        /// A .dossier project, or a folder of articles (with --json).
        target: PathBuf,
        /// Also write one JSON record per article into this folder.
        #[arg(long, value_name = "DIR")]
        json: Option<PathBuf>,
        /// Write into a folder that holds files Dossier did not write: they are kept, and a
        /// record whose name one of them holds takes another name.
        #[arg(long, requires = "json")]
        force: bool,
        /// Group every article's story and merge the whole timeline again, as a first
        /// analysis does (otherwise new articles join the stories and events found before,
        /// until the collection has grown by a fifth).
        #[arg(long)]
        regroup: bool,
    },
    /// Writes one JSON record per article (shared/eval/SCHEMA.md) into a folder.
    Export {
        project: PathBuf,
        #[arg(long, value_name = "DIR", required = true)]
        json: PathBuf,
        /// Write into a folder that holds files Dossier did not write: they are kept, and a
        /// record whose name one of them holds takes another name.
        #[arg(long)]
        force: bool,
    },
    /// Full-text search over titles and texts.
    Search {
        project: PathBuf,
        /// Words, "phrases" and prefix* terms; may start with `-` (or put it after `--`).
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// The most hits to list (at least 1).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
    },
    /// Screens the project's actors against a sanctions list (OFAC SDN CSV with its optional
    /// alt.csv, UN Security Council XML, or a simple CSV) and prints the hits.
    Screen {
        project: PathBuf,
        /// The list file; for OFAC, sdn.csv and optionally alt.csv.
        #[arg(required = true, num_args = 1..=2)]
        list: Vec<PathBuf>,
        /// The lowest score (0–1) that counts as a hit.
        #[arg(long, default_value_t = 0.85)]
        threshold: f32,
    },
    /// Writes a briefing of the project (or of one story) as Markdown, HTML or PDF.
    Brief {
        project: PathBuf,
        #[arg(long, value_parser = ["md", "html", "pdf"])]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Only this story, by name or key (`story-12`).
        #[arg(long, value_name = "NAME")]
        story: Option<String>,
    },
    /// Measures import, open, search and memory on a synthetic collection.
    Bench {
        /// Number of synthetic articles.
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Then import this many more into the analysed project and time the analysis of the
        /// grown project (incremental: the new articles only).
        #[arg(long, default_value_t = 0, value_name = "K")]
        add: usize,
        /// Keep the synthetic collection and its analysed project in this folder (new or
        /// empty), to try the GUI on them.
        #[arg(long, value_name = "DIR")]
        keep: Option<PathBuf>,
    },
}

fn main() {
    let cli = Cli::parse();
    if let Err(error) = run(cli) {
        eprintln!("dossier: {}", term::escape_lines(&format!("{error:#}")));
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        None => app::run(recent::startup_project()),
        Some(Cmd::Open { path }) => {
            if !path.exists() {
                bail!("{}: no such project", path.display());
            }
            app::run(app::StartWith::Project(path))
        }
        Some(Cmd::Import { project, paths }) => {
            let report = with_project(&project, Use::Create, |project| {
                with_progress(|progress| {
                    jobs::import(project, &paths, progress, &AtomicBool::new(false))
                })
            })?;
            print!("{}", term::escape_lines(&report.to_string()));
            Ok(())
        }
        Some(Cmd::Analyze {
            target,
            json,
            force,
            regroup,
        }) => analyze(&target, json.as_deref(), force, regroup),
        Some(Cmd::Export {
            project,
            json,
            force,
        }) => {
            let written = with_project(&project, Use::Read, |project| {
                export_json(project, &json, force)
            })?;
            println!(
                "{written} records written to {}",
                term::escape(&json.display().to_string())
            );
            Ok(())
        }
        Some(Cmd::Search {
            project,
            query,
            limit,
        }) => with_project(&project, Use::Read, |project| {
            let hits = project.search(&query, limit as usize)?;
            if hits.is_empty() {
                println!("no matches for {}", term::escape(&format!("{query:?}")));
            }
            let shown = hits.len();
            for hit in hits {
                let date = hit.published.map(|d| d.to_string()).unwrap_or_default();
                let outlet = hit.outlet.unwrap_or_default();
                println!(
                    "[{}] {} — {} {date}",
                    hit.article.0,
                    term::escape(&hit.title),
                    term::escape(&outlet)
                );
                println!("    {}", term::escape(&hit.snippet.replace('\n', " ")));
            }
            if shown > 0 && (shown == limit as usize || shown == MAX_RANKED) {
                let total = project.search_count(&query)?;
                if let Some(line) = more_matches(shown, limit, total) {
                    println!("{line}");
                }
            }
            Ok(())
        }),
        Some(Cmd::Screen {
            project,
            list,
            threshold,
        }) => screen(&project, &list, threshold),
        Some(Cmd::Brief {
            project,
            format,
            out,
            story,
        }) => brief(&project, &format, &out, story),
        Some(Cmd::Bench {
            articles,
            add,
            keep,
        }) => {
            let table = bench::run(articles, add, keep.as_deref())?;
            print!("{table}");
            Ok(())
        }
    }
}

/// The line saying that `search` showed `shown` of `total` matching articles, and why: the
/// `--limit`, and whenever more match than a search ranks, that the ones shown are the best
/// of the newest [`MAX_RANKED`]; `None` when all are shown.
fn more_matches(shown: usize, limit: u32, total: usize) -> Option<String> {
    let window = format!("the best of the newest {MAX_RANKED}");
    let why = match (shown == limit as usize, total > MAX_RANKED) {
        (true, true) => format!("--limit {limit}, {window}"),
        (true, false) => format!("--limit {limit}"),
        (false, _) => window,
    };
    (total > shown).then(|| format!("{shown} of {total} matching articles shown ({why})"))
}

/// `screen PROJECT LIST [ALT]`: every person and organisation of the project against a list.
fn screen(project: &Path, files: &[PathBuf], threshold: f32) -> Result<()> {
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold {threshold}: give a score between 0 and 1");
    }
    with_project(project, Use::Read, |project| {
        screen_project(project, files, threshold)
    })
}

/// The hits of `screen` over the opened `project`.
fn screen_project(project: &Project, files: &[PathBuf], threshold: f32) -> Result<()> {
    let imported = jobs::read_sanctions_list(files)?;
    for problem in &imported.problems {
        eprintln!("warning: {}", term::escape(&problem.to_string()));
    }
    let list = &imported.list;
    let actors = project.actors()?;
    let screener = sanctions::Screener::new(&list.entries);
    let hits = actors.screen(&screener, threshold);
    println!(
        "{} ({}, {} entries{}): {} hits at threshold {threshold:.2}",
        term::escape(&list.name),
        list.format.label(),
        list.entries.len(),
        list.date
            .as_deref()
            .map(|d| format!(", dated {d}"))
            .unwrap_or_default(),
        hits.len()
    );
    for h in &hits {
        let actor = &actors.actors[h.actor];
        let Some(entry) = list.entries.get(h.hit.entry) else {
            continue;
        };
        let via = if h.screened == actor.name {
            String::new()
        } else {
            format!(" (as {:?})", h.screened)
        };
        let line = format!(
            "{:.2}  {} [{}]{via} → {} [{}; {}]",
            h.hit.score,
            actor.name,
            actor.kind.as_str(),
            h.hit.matched_name,
            if entry.reference.is_empty() {
                "no reference"
            } else {
                &entry.reference
            },
            entry.programs.join(", "),
        );
        println!(
            "{}\n      {}",
            term::escape(&line),
            term::escape(&h.hit.reason)
        );
    }
    Ok(())
}

/// `brief PROJECT --format md|html|pdf --out FILE [--story NAME]`: builds, renders and writes
/// the briefing atomically.
fn brief(project: &Path, format: &str, out: &Path, story: Option<String>) -> Result<()> {
    use dossier::export::briefing::{self, Format, Scope};
    let Some(format) = Format::parse(format) else {
        bail!("--format {format}: give md, html or pdf");
    };
    let scope = story.map_or(Scope::Project, Scope::Story);
    let today = jiff::Zoned::now().date().to_string();
    let built = with_project(project, Use::Read, |project| {
        Ok(briefing::build(
            project,
            &scope,
            Default::default(),
            &today,
        )?)
    })?;
    let bytes = briefing::render(&built, format)?;
    export::write_file(out, &bytes, &[project]).context("the briefing")?;
    println!(
        "briefing written to {} ({} sources)",
        term::escape(&out.display().to_string()),
        built.sources.len()
    );
    Ok(())
}

/// `analyze PROJECT [--json DIR]` or the one-shot `analyze FOLDER --json DIR`.
fn analyze(target: &Path, json: Option<&Path>, force: bool, regroup: bool) -> Result<()> {
    if target.is_dir() {
        if regroup {
            bail!(
                "--regroup applies to a project: the records of {} hold no stories",
                target.display()
            );
        }
        let Some(out) = json else {
            bail!(
                "{} is a folder: give --json DIR to analyse it in a temporary project",
                target.display()
            );
        };
        return analyze_folder(target, out, force);
    }
    with_project(target, Use::Write, |project| {
        if regroup {
            project.forget_story_snapshot()?;
            project.forget_timeline_whole()?;
        }
        analyze_project(project, jobs::Scope::Project)?;
        if let Some(out) = json {
            let written = export_json(project, out, force)?;
            eprintln!(
                "{written} records written to {}",
                term::escape(&out.display().to_string())
            );
        }
        Ok(())
    })
}

/// The one-shot `analyze FOLDER --json DIR`: the folder imported into a scratch project (in
/// memory while it fits, never synced, without the full-text index; see
/// [`Project::scratch`]), analysed for its records only ([`jobs::Scope::Records`]: no project
/// timeline, stories or screening, which no record holds), and its records
/// written, one per article as `export` writes them. Nothing of the project is left behind.
fn analyze_folder(folder: &Path, out: &Path, force: bool) -> Result<()> {
    // the passes' word lists and patterns load while the folder is read
    let warm = std::thread::Builder::new()
        .name("warm-up".into())
        .spawn(dossier::analysis::warm_up);
    let mut project = Project::scratch()?;
    let report = with_progress(|progress| {
        jobs::import(
            &mut project,
            &[folder.to_path_buf()],
            progress,
            &AtomicBool::new(false),
        )
    })?;
    for warning in &report.warnings {
        eprintln!("warning: {}", term::escape(&warning.to_string()));
    }
    if let Ok(warm) = warm {
        // a panic there would be the passes' own, met again below: nothing to add here
        let _ = warm.join();
    }
    analyze_project(&mut project, jobs::Scope::Records)?;
    let written = export_json(&project, out, force)?;
    eprintln!(
        "{written} records written to {}",
        term::escape(&out.display().to_string())
    );
    Ok(())
}

/// What a command does with its project.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Only reads it: a read-only project will do.
    Read,
    /// Changes it.
    Write,
    /// Changes it, creating it if needed.
    Create,
}

/// Runs `command` over the project at `path`, opened by [`open_project`]. When the command
/// succeeds and no other connection committed to the project meanwhile, the project as the
/// command leaves it is recorded sound ([`Checked::record`]), so the next command need not
/// read every page of it again; otherwise its record is dropped.
fn with_project<T>(
    path: &Path,
    usage: Use,
    command: impl FnOnce(&mut Project) -> Result<T>,
) -> Result<T> {
    let mut checked = Checked::load_user();
    let opened = open_project(path, usage, &checked);
    let mut project = match opened {
        Ok(project) => project,
        Err(error) => {
            checked.forget(path);
            return Err(error);
        }
    };
    let seen = project.data_version().ok();
    let outcome = command(&mut project);
    let alone = seen.is_some() && project.data_version().ok() == seen;
    drop(project);
    if outcome.is_ok() && alone {
        checked.record(path);
    } else {
        checked.forget(path);
    }
    outcome
}

/// Opens the project of a command and, unless a command found it sound and nothing changed the
/// file since (`checked`), reads every page of it ([`Project::check`]), so that every command
/// refuses a damaged project alike, however little of it the command reads. A command that
/// only reads works on a read-only project and says so in one line on stderr; one that writes
/// is refused.
fn open_project(path: &Path, usage: Use, checked: &Checked) -> Result<Project> {
    let project = if usage == Use::Create {
        Project::create_or_open(path)?
    } else {
        Project::open(path)?
    };
    if !checked.unchanged(path) {
        project.check()?;
    }
    match (usage, project.read_only()) {
        (_, None) => {}
        (Use::Read, Some(reason)) => eprintln!(
            "note: {} is read-only ({reason}): opened for reading",
            path.display()
        ),
        (Use::Write | Use::Create, Some(_)) => project.writable()?,
    }
    Ok(project)
}

fn analyze_project(project: &mut Project, scope: jobs::Scope) -> Result<()> {
    let report = with_progress(|progress| {
        jobs::analyze_for(project, scope, progress, &AtomicBool::new(false))
    })?;
    eprintln!(
        "{} articles analysed by {} passes in {} ms",
        report.articles,
        report.passes.len(),
        report.elapsed_ms
    );
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(())
}

/// Writes the project's records into `dir`, warning (on stderr) about each record written
/// under another name or not at all; returns how many are in place.
fn export_json(project: &Project, dir: &Path, force: bool) -> Result<usize> {
    // A scratch project has no file for the records to overwrite.
    let protected: &[&Path] = if project.is_scratch() {
        &[]
    } else {
        &[project.path()]
    };
    let done = match jobs::export_records(project, dir, protected, force) {
        Ok(done) => done,
        Err(jobs::RecordsError::Export(error @ ExportError::ForeignFiles { .. })) => {
            bail!("{error}, or give --force to keep them and write the records beside them")
        }
        Err(error) => return Err(error).context("the JSON records"),
    };
    if let Some(warning) = &done.incomplete {
        eprintln!("warning: {warning}");
    }
    for warning in &done.written.warnings {
        eprintln!("warning: {}", term::escape(warning));
    }
    Ok(done.written.written)
}

/// Runs a job with a progress bar on stderr when it is a terminal.
fn with_progress<T, E>(job: impl FnOnce(&mut dyn FnMut(Progress)) -> Result<T, E>) -> Result<T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Some(bar)
    } else {
        None
    };
    let mut update = |progress: Progress| {
        if let Some(bar) = &bar {
            bar.set_message(progress.stage);
            bar.set_length(progress.total as u64);
            bar.set_position(progress.done as u64);
        }
    };
    let result = job(&mut update);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(result?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_cut_short_says_why() {
        assert_eq!(
            more_matches(20, 20, 30).as_deref(),
            Some("20 of 30 matching articles shown (--limit 20)")
        );
        assert_eq!(more_matches(20, 20, 20), None);
        // the 20 shown of 40,000 are the best of the newest MAX_RANKED only
        assert_eq!(
            more_matches(20, 20, 40_000),
            Some(format!(
                "20 of 40000 matching articles shown (--limit 20, the best of the newest {MAX_RANKED})"
            ))
        );
        assert_eq!(
            more_matches(MAX_RANKED, 100_000, 40_000),
            Some(format!(
                "{MAX_RANKED} of 40000 matching articles shown (the best of the newest {MAX_RANKED})"
            ))
        );
    }
}
