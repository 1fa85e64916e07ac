//! Time and memory of the two cross-article merges of `analyze` (the project timeline's
//! `merge_events` and the decision tracker's `merge_decisions`) on the reports of an analysed
//! project, optionally repeated N times with shifted article numbers (N × the reports, as
//! many articles would give), with their output written out for comparing two builds.
//!
//! ```sh
//! cargo run --release --example analyze_memory -- 50000 /tmp/merge50k
//! cargo run --release --example merge_scale -- /tmp/merge50k/p.dossier --times 4 --dump /tmp/m.txt
//! ```
//!
//! The reports are rebuilt much as the analyze job builds them: each event of an article's
//! stored time expressions (labelled without the entity extraction) with the registry names of
//! the actors in its sentence; each stored decision row with the article's date. `--stored FILE` only writes out the project
//! timeline and tracked decisions the project holds (what `analyze` stored), for comparing
//! two builds' runs.

use dossier::analysis::{decisions, entities::Extraction, timeline};
use dossier::store::Project;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// The system allocator, counting the bytes in use and their peak: resident memory would
/// hide what a merge takes in memory the input freed before it.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

#[expect(
    unsafe_code,
    reason = "a global allocator is unsafe to implement; this one only counts"
)]
// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(now, Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let now =
                IN_USE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
            PEAK.fetch_max(now, Relaxed);
        } else {
            IN_USE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Seconds this process has run on a CPU (`/proc/self/schedstat`): on a shared machine, a
/// steadier measure than the wall clock.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}

/// Runs `f`, printing its time (wall clock and CPU) and the peak of heap memory in use above
/// what was in use when it started (the result included).
fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let before = IN_USE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let (started, cpu) = (Instant::now(), cpu_secs());
    let out = f();
    println!(
        "{name:<16} {:>8.2} s ({:.2} s CPU)  heap before {:>5.0} MB  peak +{:.0} MB, after +{:.0} MB",
        started.elapsed().as_secs_f64(),
        cpu_secs() - cpu,
        mb(before),
        mb(PEAK.load(Relaxed) - before),
        mb(IN_USE.load(Relaxed).saturating_sub(before)),
    );
    out
}

struct Event {
    article: usize,
    value: String,
    label: String,
    actors: Vec<String>,
    sentence: String,
}

struct Decision {
    article: usize,
    date: Option<String>,
    row: dossier::model::DecisionRow,
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/tmp/merge50k/p.dossier".into()),
    );
    let (mut times, mut dump, mut stored) = (1usize, None::<PathBuf>, None::<PathBuf>);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--times" => times = args.next().unwrap_or_default().parse()?,
            "--dump" => dump = args.next().map(PathBuf::from),
            "--stored" => stored = args.next().map(PathBuf::from),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let project = Project::open(&path)?;
    if let Some(stored) = stored {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&stored)?);
        for e in project.events()? {
            writeln!(out, "{e:?}")?;
        }
        for t in project.tracked_decisions()? {
            writeln!(out, "{t:?}")?;
        }
        out.flush()?;
        return Ok(());
    }
    // loaded once per process, before analysis: not part of the merges
    let _ = dossier::analysis::gazetteer::Gazetteer::builtin();
    let started = Instant::now();
    let registry = project.actors()?;
    let mut mentions_of: HashMap<_, Vec<&dossier::actors::Mention>> = HashMap::new();
    for m in &registry.mentions {
        mentions_of.entry(m.article).or_default().push(m);
    }
    let articles = project.articles()?;
    let mut outlets: Vec<Option<String>> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut found: Vec<Decision> = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        outlets.push(article.outlet.clone());
        let timexes = project.timexes(article.id)?;
        let date = project
            .document_date(article.id)?
            .and_then(|d| d.date)
            .map(|d| d.to_string());
        for e in timeline::events(&article.text, &timexes, &Extraction::default()) {
            let Some(value) = timexes.get(e.timex).and_then(|t| t.value.clone()) else {
                continue;
            };
            let mut actors: Vec<String> = Vec::new();
            for m in mentions_of.get(&article.id).into_iter().flatten() {
                if m.range.start >= e.sentence.start
                    && m.range.end <= e.sentence.end
                    && let Some(a) = m.actor
                    && !actors.contains(&registry.actors[a].name)
                {
                    actors.push(registry.actors[a].name.clone());
                }
            }
            events.push(Event {
                article: i,
                value,
                label: e.label,
                actors,
                sentence: article.text.get(e.sentence).unwrap_or_default().to_string(),
            });
        }
        for row in project.decisions(article.id)? {
            found.push(Decision {
                article: i,
                date: date.clone(),
                row,
            });
        }
    }
    let n = articles.len();
    drop(articles);
    drop(mentions_of);
    drop(registry);
    println!(
        "read {n} articles, {} event reports, {} decision reports in {:.1} s; ×{times}",
        events.len(),
        found.len(),
        started.elapsed().as_secs_f64()
    );

    let refs: Vec<timeline::EventRef<'_>> = (0..times)
        .flat_map(|k| events.iter().map(move |e| (k, e)).collect::<Vec<_>>())
        .map(|(k, e)| timeline::EventRef {
            article: e.article + k * n,
            outlet: outlets[e.article].as_deref(),
            value: &e.value,
            label: &e.label,
            actors: &e.actors,
            sentence_text: &e.sentence,
        })
        .collect();
    let merged = measured("merge_events", || timeline::merge_events(&refs));
    println!("  {} reports → {} events", refs.len(), merged.len());
    drop(refs);

    let refs: Vec<decisions::DecisionRef<'_>> = (0..times)
        .flat_map(|k| found.iter().map(move |d| (k, d)).collect::<Vec<_>>())
        .map(|(k, d)| decisions::DecisionRef {
            article: d.article + k * n,
            outlet: outlets[d.article].as_deref(),
            article_date: d.date.as_deref(),
            actor: &d.row.actor,
            kind: d.row.kind,
            head: &d.row.head,
            action: &d.row.action,
            target: d.row.target.as_deref(),
            date: d.row.date.as_deref(),
            status: d.row.status,
            evidence: d.row.sentence.clone(),
        })
        .collect();
    let tracked = measured("merge_decisions", || decisions::merge_decisions(&refs));
    println!("  {} reports → {} decisions", refs.len(), tracked.len());

    if let Some(dump) = dump {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&dump)?);
        for m in &merged {
            writeln!(out, "{m:?}")?;
        }
        for t in &tracked {
            writeln!(out, "{t:?}")?;
        }
        out.flush()?;
        println!("wrote {}", dump.display());
    }
    Ok(())
}
