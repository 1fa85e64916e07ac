//! The incremental analyze at scale, stage by stage: an analysed N-article project (made once
//! in DIR and kept as `base.dossier`) is copied, brought up to date with this build (untimed),
//! K more articles are imported into the copy, and the analyze that follows is timed per stage,
//! with its peak memory. With `--check`, a second copy is analysed in full after the same
//! import (every summary, chunk digest and the stories' snapshot forgotten first, so that it
//! works as a first analysis) and the two projects' stored results are compared: everything
//! but the stories and the timeline must be exactly the same; those differ by design (the
//! incremental run places the new articles in the stored stories and their reports onto the
//! stored events, the full run groups and merges everything again), so for them the agreement
//! is printed: over the pairs of articles sharing a story (of reports sharing an event), for
//! each new article (report of a new article) and for every one, how many pairs of one run the
//! other has (pair-counting precision and recall of the incremental run against the full one)
//! and how many share their story (event) with exactly the same others.
//!
//! ```sh
//! cargo run --release --example incremental_scale -- 50000 1000 /tmp/inc50k [--check]
//! ```

use dossier::store::Project;
use std::collections::HashMap;
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

/// Everything analysis leaves in a project but the stories and the timeline, as text (tracked
/// decisions without their row ids, which depend on when the tracker last rewrote each).
fn state(project: &Project) -> anyhow::Result<String> {
    let records = serde_json::to_string(&dossier::jobs::records(project)?)?;
    let actors: Vec<(String, usize)> = project
        .actors()?
        .actors
        .iter()
        .map(|a| (a.name.clone(), a.mentions.len()))
        .collect();
    Ok(format!(
        "{records}\n{actors:?}\n{:?}",
        project
            .tracked_decisions()?
            .into_iter()
            .map(|t| dossier::model::TrackedDecisionRow { id: 0, ..t })
            .collect::<Vec<_>>(),
    ))
}

/// The story (an index) of every article.
fn story_of(project: &Project) -> anyhow::Result<HashMap<i64, usize>> {
    let mut of = HashMap::new();
    for (s, story) in project.stories()?.iter().enumerate() {
        for &m in &story.members {
            of.insert(m, s);
        }
    }
    Ok(of)
}

/// A report of an event: its article, sentence and value.
type Report = (i64, usize, usize, String);

/// The event (an index) of every report, each report numbered in `numbers` (shared by the
/// two runs), with the articles of the reports.
fn event_of(
    project: &Project,
    numbers: &mut HashMap<Report, i64>,
    articles: &mut HashMap<i64, i64>,
) -> anyhow::Result<HashMap<i64, usize>> {
    let mut of = HashMap::new();
    for (e, event) in project.events()?.iter().enumerate() {
        for r in &event.reports {
            let key = (
                r.article.0,
                r.sentence.start,
                r.sentence.end,
                r.value.clone(),
            );
            let next = i64::try_from(numbers.len())?;
            let n = *numbers.entry(key).or_insert(next);
            articles.insert(n, r.article.0);
            of.insert(n, e);
        }
    }
    Ok(of)
}

/// Prints [`agreement`] over the items of the new articles and over all items, naming what is
/// grouped, the items of new articles and all items.
fn print_agreement(
    (what, new_items, items): (&str, &str, &str),
    (incremental, full): (&HashMap<i64, usize>, &HashMap<i64, usize>),
    is_new: impl Fn(i64) -> bool,
) {
    let mut all: Vec<i64> = full.keys().copied().collect();
    all.sort_unstable();
    let new: Vec<i64> = all.iter().copied().filter(|&x| is_new(x)).collect();
    println!(
        "{what}, the {} {new_items}: {}",
        new.len(),
        agreement(incremental, full, &new)
    );
    println!(
        "{what}, all {} {items}: {}",
        all.len(),
        agreement(incremental, full, &all)
    );
}

/// How the incremental run's groups (stories of articles, events of reports) agree with the
/// full run's over the items `of` (pairs of each with every other item sharing its group):
/// pairs of the incremental run the full run has, of the full run the incremental run has,
/// items with the same others.
fn agreement(incremental: &HashMap<i64, usize>, full: &HashMap<i64, usize>, of: &[i64]) -> String {
    let members = |stories: &HashMap<i64, usize>| {
        let mut by: HashMap<usize, Vec<i64>> = HashMap::new();
        for (&a, &s) in stories {
            by.entry(s).or_default().push(a);
        }
        by
    };
    let (inc_members, full_members) = (members(incremental), members(full));
    let others = |stories: &HashMap<i64, usize>, by: &HashMap<usize, Vec<i64>>, a: i64| {
        let mut o: Vec<i64> = stories
            .get(&a)
            .and_then(|s| by.get(s))
            .map(|m| m.iter().copied().filter(|&b| b != a).collect())
            .unwrap_or_default();
        o.sort_unstable();
        o
    };
    let (mut inc_pairs, mut full_pairs, mut shared, mut same) = (0usize, 0usize, 0usize, 0usize);
    for &a in of {
        let (x, y) = (
            others(incremental, &inc_members, a),
            others(full, &full_members, a),
        );
        inc_pairs += x.len();
        full_pairs += y.len();
        shared += x.iter().filter(|b| y.binary_search(b).is_ok()).count();
        same += usize::from(x == y);
    }
    let ratio = |a: usize, b: usize| {
        if b == 0 { 1.0 } else { a as f64 / b as f64 }
    };
    format!(
        "pair precision {:.3} ({shared} of {inc_pairs}), pair recall {:.3} (of {full_pairs}), \
         the same others {same} of {} ({:.1}%)",
        ratio(shared, inc_pairs),
        ratio(shared, full_pairs),
        of.len(),
        100.0 * ratio(same, of.len())
    )
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
    let base_last = project
        .article_summaries()?
        .iter()
        .map(|a| a.id.0)
        .max()
        .unwrap_or(0);
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
        let (inc_stories, full_stories) = (story_of(&project)?, story_of(&full)?);
        print_agreement(
            ("stories", "new articles", "articles"),
            (&inc_stories, &full_stories),
            |a| a > base_last,
        );
        let (mut numbers, mut articles) = (HashMap::new(), HashMap::new());
        let inc_events = event_of(&project, &mut numbers, &mut articles)?;
        let full_events = event_of(&full, &mut numbers, &mut articles)?;
        print_agreement(
            ("timeline", "reports of new articles", "reports"),
            (&inc_events, &full_events),
            |r| articles.get(&r).is_some_and(|a| *a > base_last),
        );
        let (a, b) = (state(&project)?, state(&full)?);
        if a == b {
            println!(
                "but for the stories and the timeline, the incremental run left the project exactly as the full run did"
            );
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
