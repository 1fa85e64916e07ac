//! The incremental analyze at scale, stage by stage: an analysed N-article project (made once
//! in DIR and kept as `base.dossier`) is copied, brought up to date with this build (untimed),
//! K more articles are imported into the copy, and the analyze that follows is timed per stage,
//! with its peak memory. With `--check`, a second copy is analysed in full after the same
//! import (every summary deleted first) and the two projects' stored results are compared.
//!
//! ```sh
//! cargo run --release --example incremental_scale -- 50000 1000 /tmp/inc50k [--check]
//! ```

use dossier::store::Project;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// The allocator the `dossier` command uses (see `src/main.rs`), so that memory is measured
/// as it ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn analyze(project: &mut Project, label: &str) -> anyhow::Result<f64> {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let started = Instant::now();
    let mut marks: Vec<(&'static str, Instant)> = Vec::new();
    let report = dossier::jobs::analyze(
        project,
        &mut |p| {
            if marks.last().is_none_or(|(stage, _)| *stage != p.stage) {
                marks.push((p.stage, Instant::now()));
            }
        },
        &AtomicBool::new(false),
    )?;
    let secs = started.elapsed().as_secs_f64();
    let ended = Instant::now();
    let stages: Vec<String> = marks
        .iter()
        .enumerate()
        .map(|(i, (stage, at))| {
            let next = marks.get(i + 1).map_or(ended, |m| m.1);
            format!("{stage} {:.1}", (next - *at).as_secs_f64())
        })
        .collect();
    println!(
        "{label}: {secs:.1} s, {} of {} articles read, peak {:.0} MB\n  {}",
        report.analysed,
        report.articles,
        dossier::bench::peak_rss_mb().unwrap_or(f64::NAN),
        stages.join(" · ")
    );
    Ok(secs)
}

fn import(project: &mut Project, folder: &Path) -> anyhow::Result<()> {
    let report = dossier::jobs::import(
        project,
        &[folder.to_path_buf()],
        &mut |_| {},
        &AtomicBool::new(false),
    )?;
    anyhow::ensure!(report.imported > 0, "nothing imported from {folder:?}");
    Ok(())
}

/// Everything analysis leaves in a project, as text (tracked decisions without their row ids,
/// which depend on when the tracker last rewrote each).
fn state(project: &Project) -> anyhow::Result<String> {
    let records = serde_json::to_string(&dossier::jobs::records(project)?)?;
    let actors: Vec<(String, usize)> = project
        .actors()?
        .actors
        .iter()
        .map(|a| (a.name.clone(), a.mentions.len()))
        .collect();
    Ok(format!(
        "{records}\n{actors:?}\n{:?}\n{:?}\n{:?}",
        project.events()?,
        project
            .tracked_decisions()?
            .into_iter()
            .map(|t| dossier::model::TrackedDecisionRow { id: 0, ..t })
            .collect::<Vec<_>>(),
        project.stories()?,
    ))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let mut plain = args.iter().filter(|a| !a.starts_with("--"));
    let n: usize = plain.next().map_or(Ok(50_000), |s| s.parse())?;
    let add: usize = plain.next().map_or(Ok(1_000), |s| s.parse())?;
    let dir = PathBuf::from(plain.next().cloned().unwrap_or(format!("/tmp/inc{n}")));
    std::fs::create_dir_all(&dir)?;
    let sample = dossier::app::recent::sample_dir();
    let base = dir.join("base.dossier");
    if !base.exists() {
        let corpus = dir.join("corpus");
        dossier::bench::write_synthetic_collection(&sample, &corpus, n)?;
        let building = dir.join("base.part");
        let _ = std::fs::remove_file(&building);
        let mut project = Project::create_or_open(&building)?;
        import(&mut project, &corpus)?;
        analyze(&mut project, "base (full)")?;
        drop(project);
        std::fs::rename(&building, &base)?;
    }
    let more = dir.join(format!("more{add}"));
    if !more.exists() {
        dossier::bench::write_synthetic_range(&sample, &more, n, add)?;
    }
    let work = dir.join("work.dossier");
    std::fs::copy(&base, &work)?;
    let mut project = Project::open(&work)?;
    analyze(&mut project, "bring the base up to date (untimed)")?;
    import(&mut project, &more)?;
    let incremental = analyze(&mut project, &format!("incremental (+{add})"))?;
    if check {
        let full_path = dir.join("full.dossier");
        std::fs::copy(&base, &full_path)?;
        let mut full = Project::open(&full_path)?;
        import(&mut full, &more)?;
        full.forget_summaries()?;
        let secs = analyze(&mut full, "full")?;
        println!(
            "incremental = {:.1}% of full",
            100.0 * incremental / secs.max(f64::EPSILON)
        );
        let (a, b) = (state(&project)?, state(&full)?);
        if a == b {
            println!("the incremental run left the project exactly as the full run did");
        } else {
            let at = a
                .bytes()
                .zip(b.bytes())
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            let from = at.saturating_sub(300);
            let cut = |s: &str| {
                s.get(from..(at + 300).min(s.len()))
                    .unwrap_or_default()
                    .to_string()
            };
            println!(
                "DIFFERENT at byte {at}:\n--- incremental\n{}\n--- full\n{}",
                cut(&a),
                cut(&b)
            );
        }
    }
    Ok(())
}
