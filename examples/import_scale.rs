//! Import and search at scale: imports a synthetic collection of N articles (made once in
//! DIR/corpus) into a new project, prints articles/s overall and per tenth of the files, the
//! import's peak memory, then the median and slowest time of the benchmark's search queries.
//!
//! ```sh
//! cargo run --release --example import_scale -- 200000 /tmp/scale200k
//! cargo run --release --example import_scale -- 200000 /tmp/scale200k --search-only
//! ```
//!
//! `--search-only` reuses the project of an earlier run and only times the searches.

use dossier::bench::{QUERIES, peak_rss_mb, reset_peak};
use dossier::jobs::Progress;
use dossier::store::Project;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// CPU seconds (user + system) from a `/proc/.../stat` file: of the process
/// (`/proc/self/stat`) or of the calling thread (`/proc/thread-self/stat`). Clock ticks of
/// 1/100 s, as on every common Linux.
fn cpu_secs(stat: &str) -> f64 {
    std::fs::read_to_string(stat)
        .ok()
        .and_then(|s| {
            // Fields after the command name, which is in parentheses and may hold spaces.
            let rest = &s[s.rfind(')')? + 2..];
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(f64::NAN)
}

/// Seconds the calling thread has run on a CPU, to the nanosecond (`/proc/thread-self/schedstat`).
fn thread_cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().unwrap_or_else(|| "50000".into()).parse()?;
    let dir = PathBuf::from(args.next().unwrap_or_else(|| format!("/tmp/scale{n}")));
    let search_only = args.next().as_deref() == Some("--search-only");
    let corpus = dir.join("corpus");
    let path = dir.join("p.dossier");
    if !corpus.exists() {
        let started = Instant::now();
        dossier::bench::write_synthetic_collection(
            &dossier::app::recent::sample_dir(),
            &corpus,
            n,
        )?;
        println!(
            "collection: {n} articles in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }

    if !search_only {
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::remove_file(&file)?;
            }
        }
        let mut project = Project::create_or_open(&path)?;
        let reset = reset_peak();
        let (cpu0, main0) = (cpu_secs("/proc/self/stat"), thread_cpu_secs());
        let started = Instant::now();
        // (files done, seconds, storing thread's CPU seconds) at each tenth of the files.
        let mut marks: Vec<(usize, f64, f64)> = vec![(0, 0.0, 0.0)];
        let mut on_progress = |p: Progress| {
            if p.total == 0 {
                return;
            }
            let tenth = p.done * 10 / p.total;
            if tenth >= marks.len() {
                marks.push((
                    p.done,
                    started.elapsed().as_secs_f64(),
                    thread_cpu_secs() - main0,
                ));
            }
        };
        let report = dossier::jobs::import(
            &mut project,
            std::slice::from_ref(&corpus),
            &mut on_progress,
            &AtomicBool::new(false),
        )?;
        let secs = started.elapsed().as_secs_f64();
        let cpu = cpu_secs("/proc/self/stat") - cpu0;
        let main_cpu = thread_cpu_secs() - main0;
        let peak = peak_rss_mb().unwrap_or(f64::NAN);
        let files = report.files.max(1) as f64;
        println!(
            "import: {} articles ({} near, {} exact duplicates) in {secs:.1} s = {:.0} articles/s; \
             peak {peak:.0} MB{}",
            report.imported,
            report.near_duplicates,
            report.exact_duplicates,
            report.imported as f64 / secs,
            if reset { "" } else { " (peak not reset)" },
        );
        // The files are read and parsed on every core; storing runs on this thread alone.
        println!(
            "  CPU {cpu:.1} s in all, {main_cpu:.1} s on the storing thread; on 2 free cores \
             about {:.0} articles/s (articles / max(storing thread, all / 2))",
            report.imported as f64 / main_cpu.max(cpu / 2.0)
        );
        for pair in marks.windows(2) {
            let ((f0, t0, c0), (f1, t1, c1)) = (pair[0], pair[1]);
            let articles = (f1 - f0) as f64 / files * report.imported as f64;
            println!(
                "  files {:>7}..{:<7} {:>7.0} articles/s; storing thread {:>5.0} µs CPU per article",
                f0,
                f1,
                articles / (t1 - t0).max(1e-9),
                (c1 - c0) * 1e6 / articles.max(1.0)
            );
        }
        drop(project);
    }

    let reset = reset_peak();
    let project = Project::open(&path)?;
    let mut times: Vec<(f64, &str)> = Vec::new();
    let mut cpu_ms: Vec<(f64, &str)> = Vec::new();
    for _ in 0..5 {
        for query in QUERIES {
            let started = Instant::now();
            let cpu0 = thread_cpu_secs();
            let hits = project.search(query, 50)?;
            times.push((started.elapsed().as_secs_f64() * 1000.0, query));
            cpu_ms.push(((thread_cpu_secs() - cpu0) * 1000.0, query));
            anyhow::ensure!(!hits.is_empty(), "no hits for {query}");
        }
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    cpu_ms.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (slowest, slowest_query) = times[times.len() - 1];
    println!(
        "search: {} runs, median {:.1} ms, slowest {slowest:.1} ms ({slowest_query}); peak {:.0} MB{}",
        times.len(),
        times[times.len() / 2].0,
        peak_rss_mb().unwrap_or(f64::NAN),
        if reset { "" } else { " (peak not reset)" },
    );
    println!(
        "  CPU time of the same runs (what a free core would take): median {:.1} ms, slowest {:.1} ms",
        cpu_ms[cpu_ms.len() / 2].0,
        cpu_ms[cpu_ms.len() - 1].0
    );
    let mut per_query: Vec<(&str, f64, f64)> = QUERIES
        .iter()
        .map(|q| {
            let worst = times
                .iter()
                .filter(|(_, t)| t == q)
                .map(|(ms, _)| *ms)
                .fold(0.0, f64::max);
            let worst_cpu = cpu_ms
                .iter()
                .filter(|(_, t)| t == q)
                .map(|(ms, _)| *ms)
                .fold(0.0, f64::max);
            (*q, worst, worst_cpu)
        })
        .collect();
    per_query.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (query, worst, worst_cpu) in per_query {
        println!("  {query:<26} slowest {worst:>6.1} ms (CPU {worst_cpu:>5.1} ms)");
    }
    Ok(())
}
