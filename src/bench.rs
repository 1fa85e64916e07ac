//! `dossier bench`: builds a synthetic collection from the sample articles (paragraphs mixed,
//! names, dates and outlets varied), then measures import throughput, project open time,
//! full-text search latency and peak memory, and prints them as a table with the targets.
//! With `--keep DIR` the collection and its analysed project stay in `DIR`, so that the GUI
//! can be tried on them.

use crate::analysis::gazetteer::Gazetteer;
use crate::analysis::{attribution, decisions, entities, timeline};
use crate::ingest;
use crate::jobs;
use crate::store::Project;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// Outlets the synthetic articles are spread over.
const OUTLETS: &[&str] = &[
    "Sahel Wire",
    "Lagos Ledger",
    "Accra Morning Post",
    "Niamey Observer",
    "Abuja Daily",
    "Continental Broadcasting Service",
    "Le Courrier (English edition)",
    "Gulf Desk",
    "Atlantic Security Institute",
    "Dakar Herald",
    "Bamako Bulletin",
    "Ouagadougou Times",
    "Cotonou Courier",
    "Lomé Letter",
    "Kano Chronicle",
    "Port Harcourt Post",
    "Ibadan Inquirer",
    "Tamale Tribune",
    "Kumasi Courier",
    "Zinder Zephyr",
];

/// Names swapped into the text so articles differ in who they mention.
const NAME_SWAPS: &[(&str, &[&str])] = &[
    ("Tinubu", &["Akufo-Addo", "Sall", "Talon", "Embalo", "Bio"]),
    ("Putin", &["Lavrov", "Peskov", "Medvedev"]),
    ("Goita", &["Traoré", "Doumbouya", "Damiba"]),
    ("Accra", &["Abuja", "Dakar", "Lomé", "Cotonou", "Bissau"]),
    ("Niger", &["Niger", "Mali", "Burkina Faso", "Guinea"]),
];

/// Queries timed against the synthetic project.
pub const QUERIES: &[&str] = &[
    "ECOWAS",
    "standby force",
    "\"military chiefs\"",
    "sanctions Niger",
    "Putin",
    "last resort",
    "Accra meeting postponed",
    "junta*",
];

/// The measured figures.
#[derive(Debug, Clone)]
pub struct BenchFigures {
    pub articles: usize,
    pub import_secs: f64,
    pub open_ms: f64,
    pub search_median_ms: f64,
    pub search_max_ms: f64,
    /// Milliseconds parsing the built-in gazetteer lists takes (once per process).
    pub gazetteer_ms: f64,
    pub peak_rss_mb: f64,
    /// Peak resident memory during import, open and analyze, each measured on its own
    /// (`None` where the kernel cannot reset the peak).
    pub phase_peaks_mb: Vec<(&'static str, Option<f64>)>,
    /// Words in the collection, and seconds each pass took over all of it (rayon, all cores).
    pub words: usize,
    pub passes: Vec<(&'static str, f64)>,
    /// Seconds `dossier analyze` took end to end (passes and storing their results).
    pub analyze_secs: f64,
    /// Seconds each stage of `dossier analyze` took, in order.
    pub stages: Vec<(&'static str, f64)>,
    /// Seconds `dossier export --json` took: every record built and written.
    pub export_secs: f64,
    /// Screening 5,000 names against a 15,000-entry synthetic list.
    pub screening: crate::sanctions::ScreeningBench,
    /// With `--add K`: K more articles imported into the analysed project and analysed again.
    pub added: Option<Added>,
}

/// What adding articles to the analysed project cost.
#[derive(Debug, Clone)]
pub struct Added {
    pub articles: usize,
    pub import_secs: f64,
    /// Seconds the analyze after the import took, and how many articles its per-article passes
    /// read (the new ones and the undated ones).
    pub analyze_secs: f64,
    pub analysed: usize,
    /// Seconds each stage of that analyze took, in order.
    pub stages: Vec<(&'static str, f64)>,
}

/// Runs the benchmark with `n` synthetic articles (and, with `add` > 0, that many more imported
/// into the analysed project and analysed incrementally) and returns the printed table. With `keep`,
/// the work happens in that folder (new, or empty: nothing of the user's is ever written over)
/// and the collection (`corpus/`) and the analysed project (`bench.dossier`) stay there; the
/// JSON records the benchmark times are removed. Without it, a temporary folder is removed.
pub fn run(n: usize, add: usize, keep: Option<&Path>) -> Result<String> {
    let Some(dir) = keep else {
        let scratch = std::env::temp_dir().join(format!("dossier-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&scratch);
        let result = measure(n, add, &scratch);
        let _ = std::fs::remove_dir_all(&scratch);
        return Ok(table(&result?));
    };
    prepare_kept_folder(dir)?;
    let figures = measure(n, add, dir)?;
    let records = dir.join(RECORDS);
    std::fs::remove_dir_all(&records).with_context(|| records.display().to_string())?;
    let mut out = table(&figures);
    let _ = writeln!(
        out,
        "Kept in {}: the collection ({}) and the analysed project; try it with `dossier open {}`",
        dir.display(),
        dir.join(CORPUS).display(),
        dir.join(PROJECT).display()
    );
    Ok(out)
}

/// The kept folder's parts: the synthetic collection, the project, the timed JSON records.
const CORPUS: &str = "corpus";
/// The articles `--add` imports into the analysed project.
const ADDED: &str = "corpus-added";
const PROJECT: &str = "bench.dossier";
const RECORDS: &str = "records";

/// Makes `dir` ready to hold a kept benchmark: created when missing; refused when it is not a
/// folder or holds anything.
fn prepare_kept_folder(dir: &Path) -> Result<()> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => anyhow::ensure!(
            entries.next().is_none(),
            "{}: the folder is not empty; give a new or empty folder to keep the benchmark in",
            dir.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
        }
        Err(e) => {
            return Err(e).with_context(|| {
                format!("{}: not a folder to keep the benchmark in", dir.display())
            });
        }
    }
    Ok(())
}

fn measure(n: usize, add: usize, scratch: &Path) -> Result<BenchFigures> {
    let corpus = scratch.join(CORPUS);
    write_synthetic_collection(&crate::app::recent::sample_dir(), &corpus, n)?;
    let project_path = scratch.join(PROJECT);

    let mut project = Project::create_or_open(&project_path)?;
    let mut phases = Vec::new();
    let reset = reset_peak();
    let started = Instant::now();
    let report = jobs::import(
        &mut project,
        &[corpus],
        &mut |_| {},
        &AtomicBool::new(false),
    )?;
    let import_secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        report.imported == n,
        "imported {} of {n} synthetic articles: {}",
        report.imported,
        report
    );
    drop(project);
    phases.push(("import", peak_rss_mb().filter(|_| reset)));

    let reset = reset_peak();
    let started = Instant::now();
    let project = Project::open(&project_path)?;
    let _ = project.article_summaries()?;
    let open_ms = started.elapsed().as_secs_f64() * 1000.0;
    phases.push(("open + article list", peak_rss_mb().filter(|_| reset)));

    let mut times = Vec::new();
    for _ in 0..5 {
        for query in QUERIES {
            let started = Instant::now();
            let hits = project.search(query, 50)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            anyhow::ensure!(!hits.is_empty(), "no hits for {query}");
        }
    }
    times.sort_by(f64::total_cmp);

    let started = Instant::now();
    let parsed = Gazetteer::parse_builtin();
    let gazetteer_ms = started.elapsed().as_secs_f64() * 1000.0;
    drop(parsed);
    let gazetteer = Gazetteer::builtin();
    // Each pass alone over every article, read a batch at a time (as `analyze` reads them),
    // so that the collection is never held and the analysis below starts from what it needs.
    let (mut words, mut secs) = (0, [0.0; 4]);
    let mut after = crate::model::ArticleId(i64::MIN);
    loop {
        let articles = project.articles_to_analyse(after, PASS_BATCH)?;
        let Some(last) = articles.last() else {
            break;
        };
        after = last.id;
        words += articles
            .iter()
            .map(|a| a.text.split_whitespace().count())
            .sum::<usize>();
        secs[0] += time_pass(&articles, |a, _| {
            entities::extract(&a.text, gazetteer).mentions.len()
        });
        secs[1] += time_pass(&articles, |a, _| {
            let date = timeline::document_date(&a.text, a.published);
            timeline::extract(&a.text, date.date).len()
        });
        let (attribution, decisions) = time_later_passes(&articles, gazetteer);
        secs[2] += attribution;
        secs[3] += decisions;
    }
    let passes = vec![
        ("entities", secs[0]),
        ("timeline", secs[1]),
        ("attribution", secs[2]),
        ("decisions", secs[3]),
    ];
    drop(project);
    let mut project = Project::open(&project_path)?;
    let reset = reset_peak();
    let analyzed = timed_analyze(&mut project)?;
    let (analyze_secs, stages) = (analyzed.secs, analyzed.stages);
    phases.push(("analyze", peak_rss_mb().filter(|_| reset)));
    let started = Instant::now();
    let reset = reset_peak();
    let done = jobs::export_records(&project, &scratch.join(RECORDS), &[&project_path], false)?;
    let written = done.written.written;
    anyhow::ensure!(written == n, "{written} of {n} records written");
    let export_secs = started.elapsed().as_secs_f64();
    phases.push(("export --json", peak_rss_mb().filter(|_| reset)));
    drop(project);
    let added = if add > 0 {
        let (added, peak) = add_articles(n, add, scratch, &project_path)?;
        phases.push(("incremental analyze", peak));
        Some(added)
    } else {
        None
    };
    let screening = crate::sanctions::bench_screening(5_000, 15_000);

    Ok(BenchFigures {
        articles: n,
        import_secs,
        open_ms,
        search_median_ms: times[times.len() / 2],
        search_max_ms: times[times.len() - 1],
        gazetteer_ms,
        peak_rss_mb: peak_rss_mb().unwrap_or(f64::NAN),
        phase_peaks_mb: phases,
        words,
        passes,
        analyze_secs,
        stages,
        export_secs,
        screening,
        added,
    })
}

/// Imports `add` more synthetic articles (numbered from `n`) into the analysed project at
/// `project_path` and analyses it again: the figures, and the analyze's peak memory.
fn add_articles(
    n: usize,
    add: usize,
    scratch: &Path,
    project_path: &Path,
) -> Result<(Added, Option<f64>)> {
    let more = scratch.join(ADDED);
    write_synthetic_range(&crate::app::recent::sample_dir(), &more, n, add)?;
    let mut project = Project::open(project_path)?;
    let never = AtomicBool::new(false);
    let started = Instant::now();
    let report = jobs::import(&mut project, &[more], &mut |_| {}, &never)?;
    let import_secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        report.imported == add,
        "imported {} of {add} added articles: {report}",
        report.imported
    );
    let reset = reset_peak();
    let analyzed = timed_analyze(&mut project)?;
    let peak = peak_rss_mb().filter(|_| reset);
    Ok((
        Added {
            articles: add,
            import_secs,
            analyze_secs: analyzed.secs,
            stages: analyzed.stages,
            analysed: analyzed.analysed,
        },
        peak,
    ))
}

/// One timed analyze.
struct Timed {
    secs: f64,
    /// Seconds per stage, in order.
    stages: Vec<(&'static str, f64)>,
    /// Articles its per-article passes read.
    analysed: usize,
}

/// Analyses `project`, timing it and each of its stages.
fn timed_analyze(project: &mut Project) -> Result<Timed> {
    let started = Instant::now();
    let mut marks: Vec<(&'static str, Instant)> = Vec::new();
    let report = jobs::analyze(
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
    let stages = marks
        .iter()
        .enumerate()
        .map(|(i, (stage, at))| {
            let next = marks.get(i + 1).map_or(ended, |m| m.1);
            (*stage, (next - *at).as_secs_f64())
        })
        .collect();
    Ok(Timed {
        secs,
        stages,
        analysed: report.analysed,
    })
}

/// Seconds one pure pass takes over every article (given with its index), in parallel across
/// all cores.
fn time_pass(
    articles: &[crate::model::Article],
    pass: impl Fn(&crate::model::Article, usize) -> usize + Sync,
) -> f64 {
    let started = Instant::now();
    let found: usize = articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| pass(a, i))
        .sum();
    let secs = started.elapsed().as_secs_f64();
    std::hint::black_box(found);
    secs
}

/// Articles read at once while each pass alone is timed.
const PASS_BATCH: usize = 5_000;

/// Articles whose entity extractions and time expressions are held at once while the passes
/// that read them are timed.
const LATER_PASS_CHUNK: usize = 1000;

/// Seconds the attribution and decisions passes take over every article (in parallel across
/// all cores), given the entity pass's extractions and the timeline pass's expressions; those
/// are made, untimed, a chunk of articles at a time, so that only one chunk's are held.
fn time_later_passes(articles: &[crate::model::Article], gazetteer: &Gazetteer) -> (f64, f64) {
    let (mut attribution_secs, mut decisions_secs) = (0.0, 0.0);
    for chunk in articles.chunks(LATER_PASS_CHUNK) {
        let inputs: Vec<(entities::Extraction, Vec<timeline::Timex>)> = chunk
            .par_iter()
            .map(|a| {
                let date = timeline::document_date(&a.text, a.published);
                (
                    entities::extract(&a.text, gazetteer),
                    timeline::extract(&a.text, date.date),
                )
            })
            .collect();
        attribution_secs += time_pass(chunk, |a, i| {
            attribution::extract(&a.text, &inputs[i].0).len()
        });
        decisions_secs += time_pass(chunk, |a, i| {
            decisions::extract(&a.text, &inputs[i].0, &inputs[i].1).len()
        });
    }
    (attribution_secs, decisions_secs)
}

/// The figures beside their targets.
pub fn table(f: &BenchFigures) -> String {
    let rate = f.articles as f64 / f.import_secs;
    let mut out = String::new();
    let _ = writeln!(out, "Dossier benchmark: {} synthetic articles", f.articles);
    let _ = writeln!(out, "| measure | value | target |");
    let _ = writeln!(out, "| --- | ---: | ---: |");
    let _ = writeln!(
        out,
        "| import (read, parse, dedup, store, index) | {rate:.0} articles/s ({:.2} s) | ≥ 2000 articles/s |",
        f.import_secs
    );
    let _ = writeln!(
        out,
        "| project open + article list | {:.1} ms | < 500 ms |",
        f.open_ms
    );
    let _ = writeln!(
        out,
        "| full-text search, median of {} | {:.2} ms | < 50 ms |",
        QUERIES.len() * 5,
        f.search_median_ms
    );
    let _ = writeln!(
        out,
        "| full-text search, slowest | {:.2} ms | < 50 ms |",
        f.search_max_ms
    );
    let _ = writeln!(
        out,
        "| gazetteer load (built-in lists parsed) | {:.1} ms | < 100 ms |",
        f.gazetteer_ms
    );
    for (name, secs) in &f.passes {
        let _ = writeln!(
            out,
            "| {name} pass alone ({} threads) | {:.0} words/s ({:.2} s) | ≥ 1,000,000 words/s |",
            rayon::current_num_threads(),
            f.words as f64 / secs,
            secs
        );
    }
    let _ = writeln!(
        out,
        "| analyze: every pass, results stored | {:.0} articles/s ({:.2} s) | |",
        f.articles as f64 / f.analyze_secs,
        f.analyze_secs
    );
    for (stage, secs) in &f.stages {
        let _ = writeln!(out, "| analyze stage: {stage} | {secs:.2} s | |");
    }
    let _ = writeln!(
        out,
        "| export --json: every record built and written | {:.0} records/s ({:.2} s) | |",
        f.articles as f64 / f.export_secs,
        f.export_secs
    );
    let sc = &f.screening;
    let _ = writeln!(
        out,
        "| screening {} names against {} list entries (index + screen) | {:.2} s ({:.2} + {:.2}) | < 2 s |",
        sc.names,
        sc.entries,
        (sc.index_time + sc.screen_time).as_secs_f64(),
        sc.index_time.as_secs_f64(),
        sc.screen_time.as_secs_f64()
    );
    if let Some(a) = &f.added {
        let _ = writeln!(
            out,
            "| import {} more articles into the analysed project | {:.0} articles/s ({:.2} s) | ≥ 2000 articles/s |",
            a.articles,
            a.articles as f64 / a.import_secs,
            a.import_secs
        );
        let _ = writeln!(
            out,
            "| analyze after adding {} (per-article passes over {}) | {:.2} s, {:.1}% of the full analyze | ≤ 10% |",
            a.articles,
            a.analysed,
            a.analyze_secs,
            100.0 * a.analyze_secs / f.analyze_secs
        );
        for (stage, secs) in &a.stages {
            let _ = writeln!(
                out,
                "| analyze after adding, stage: {stage} | {secs:.2} s | |"
            );
        }
    }
    for (phase, peak) in &f.phase_peaks_mb {
        let shown = peak.map_or_else(|| "not measured".to_string(), |mb| format!("{mb:.0} MB"));
        let _ = writeln!(out, "| peak memory during {phase} | {shown} | ≤ 600 MB |");
    }
    let _ = writeln!(
        out,
        "| peak memory of the whole run (VmHWM) | {:.0} MB | |",
        f.peak_rss_mb
    );
    out
}

/// Starts measuring peak resident memory afresh (Linux: writing 5 to `clear_refs` resets
/// VmHWM); without it the phases after the first report the peak so far.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Peak resident memory of this process, from `/proc/self/status` (Linux).
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// A tiny deterministic generator (xorshift64*), so every run builds the same collection.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Syllables of the made-up place each synthetic story happens in.
const SYLLABLES: &[&str] = &[
    "ka", "ro", "mi", "ta", "zu", "ne", "bo", "li", "sa", "du", "ga", "fe", "no", "ri", "te", "lu",
];

/// The event a run of synthetic articles reports, as news stories go: a place only its own
/// reports name, a date they fall within three days of, a sample title and four paragraphs they
/// share. Without it every article would be a random mix of the same few hundred paragraphs,
/// with no word rarer than a few hundred articles: story grouping rightly found no two alike.
struct SyntheticStory {
    place: String,
    day: usize,
    title: usize,
    paragraphs: [usize; 4],
    /// Reports still to write.
    left: usize,
}

impl SyntheticStory {
    /// A story of 1 to 12 reports.
    fn new(rng: &mut Rng, paragraphs: usize, titles: usize) -> SyntheticStory {
        let mut place: String = (0..4)
            .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
            .collect();
        place[..1].make_ascii_uppercase();
        SyntheticStory {
            place,
            day: rng.below(120),
            title: rng.below(titles),
            paragraphs: [(); 4].map(|()| rng.below(paragraphs)),
            left: 1 + rng.below(12),
        }
    }

    /// The first paragraph of a report dated `date`, in one of three wordings.
    fn lead(&self, rng: &mut Rng, date: jiff::civil::Date) -> String {
        let (place, day) = (&self.place, date.strftime("%B %-d"));
        match rng.below(3) {
            0 => format!("Talks in {place} resumed on {day}, officials in {place} said."),
            1 => format!("Delegates gathered in {place} on {day} as the {place} talks went on."),
            _ => format!("Envoys in {place} pressed on {day} for a deal at the {place} talks."),
        }
    }
}

/// Writes `n` articles (`.txt` + `.meta.json`) into `out`, built from the paragraphs of the
/// sample collection in `sample`, in stories of 1 to 12 reports (see [`SyntheticStory`]).
pub fn write_synthetic_collection(sample: &Path, out: &Path, n: usize) -> Result<()> {
    write_synthetic_range(sample, out, 0, n)
}

/// Writes the synthetic articles numbered `first..first + n` into `out`: those from 0 are
/// [`write_synthetic_collection`]'s; later ranges are drawn afresh (another seed), so they
/// add new articles to a collection.
pub fn write_synthetic_range(sample: &Path, out: &Path, first: usize, n: usize) -> Result<()> {
    let (files, _) = ingest::collect_files(&[sample.to_path_buf()]);
    let mut paragraphs = Vec::new();
    let mut titles = Vec::new();
    for file in files {
        for draft in ingest::read_file(&file).articles {
            titles.push(draft.title.clone());
            let body = draft.text.strip_prefix(&draft.title).unwrap_or(&draft.text);
            paragraphs.extend(
                body.split("\n\n")
                    .map(str::trim)
                    .filter(|p| p.split_whitespace().count() >= 8)
                    .map(str::to_string),
            );
        }
    }
    anyhow::ensure!(
        !paragraphs.is_empty(),
        "{}: no sample articles to build from",
        sample.display()
    );
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (first as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let start = jiff::civil::date(2023, 7, 1);
    let mut story = SyntheticStory::new(&mut rng, paragraphs.len(), titles.len());
    for i in first..first + n {
        let dir: PathBuf = out.join(format!("batch-{:03}", i / 1000));
        if i % 1000 == 0 || i == first {
            std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
        }
        if story.left == 0 {
            story = SyntheticStory::new(&mut rng, paragraphs.len(), titles.len());
        }
        story.left -= 1;
        let date = start
            .checked_add(jiff::Span::new().days((story.day + rng.below(3)) as i64))
            .unwrap_or(start);
        let count = 4 + rng.below(6);
        let shared = rng.below(3);
        let mut body: Vec<String> = (0..count)
            .map(|_| paragraphs[rng.below(paragraphs.len())].clone())
            .collect();
        body.insert(0, paragraphs[story.paragraphs[shared]].clone());
        body.insert(1, paragraphs[story.paragraphs[shared + 1]].clone());
        for paragraph in &mut body {
            for (name, swaps) in NAME_SWAPS {
                if paragraph.contains(name) {
                    *paragraph = paragraph.replace(name, swaps[rng.below(swaps.len())]);
                }
            }
        }
        body.push(format!(
            "Reporting for this story, file {i}, was contributed by correspondent number {}.",
            rng.below(900) + 100
        ));
        body.insert(0, story.lead(&mut rng, date));
        let title = format!("{}: {} ({})", story.place, titles[story.title], i + 1);
        let outlet = OUTLETS[rng.below(OUTLETS.len())];
        let stem = format!("article-{i:05}");
        let text = format!("{title}\n\n{}\n", body.join("\n\n"));
        std::fs::write(dir.join(format!("{stem}.txt")), text)?;
        let meta = serde_json::json!({
            "title": title, "source": outlet, "published": date.to_string(),
            "url": format!("https://example.org/{stem}"),
        });
        std::fs::write(dir.join(format!("{stem}.meta.json")), meta.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: the synthetic collection comes in stories that story grouping finds. Before,
    /// every article was a random mix of the sample's paragraphs and 10,000 of them made
    /// 10,000 one-article stories.
    #[test]
    fn the_synthetic_collection_groups_into_stories() {
        let scratch = tempfile::tempdir().expect("tempdir");
        write_synthetic_collection(&crate::app::recent::sample_dir(), scratch.path(), 150)
            .expect("written");
        let (files, _) = ingest::collect_files(&[scratch.path().to_path_buf()]);
        let inputs: Vec<crate::analysis::stories::StoryInput> = files
            .iter()
            .flat_map(|f| ingest::read_file(f).articles)
            .enumerate()
            .map(|(i, a)| crate::analysis::stories::StoryInput {
                id: i as i64,
                date: a.published.map(|d| d.to_string()),
                title: a.title,
                text: a.text,
                ..Default::default()
            })
            .collect();
        assert_eq!(inputs.len(), 150);
        let stories = crate::analysis::stories::cluster(&inputs);
        let alone = stories.iter().filter(|s| s.members.len() == 1).count();
        assert!(
            stories.len() < inputs.len() / 3 && alone < stories.len() / 3,
            "{} stories for {} articles, {alone} of one article",
            stories.len(),
            inputs.len()
        );
    }

    #[test]
    fn a_kept_benchmark_goes_only_into_a_new_or_empty_folder() {
        let scratch = tempfile::tempdir().expect("tempdir");
        let fresh = scratch.path().join("new/kept");
        prepare_kept_folder(&fresh).expect("a missing folder is made");
        assert!(fresh.is_dir());
        prepare_kept_folder(&fresh).expect("an empty folder is used");

        std::fs::write(fresh.join("notes.txt"), "mine").expect("write");
        let refused = prepare_kept_folder(&fresh).expect_err("a folder with a file is refused");
        assert!(refused.to_string().contains("not empty"), "{refused}");
        assert_eq!(
            std::fs::read_to_string(fresh.join("notes.txt")).expect("kept"),
            "mine"
        );
        let file = fresh.join("notes.txt");
        assert!(prepare_kept_folder(&file).is_err(), "a file is no folder");
    }
}
