//! Memory of `analyze`, stage by stage: resident and peak memory (VmRSS, VmHWM) as each
//! stage starts and at the end, on a synthetic collection of N articles made once, and each
//! stage's own peak (the kernel's peak is reset as each stage starts).
//!
//! ```sh
//! cargo run --release --example analyze_memory -- 10000 /tmp/mem10k
//! ```

use dossier::store::Project;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// The allocator the `dossier` command uses (see `src/main.rs`), so that memory is measured
/// as it ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn status(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with(field))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().unwrap_or_else(|| "10000".into()).parse()?;
    let dir = PathBuf::from(args.next().unwrap_or_else(|| format!("/tmp/mem{n}")));
    let path = dir.join("p.dossier");
    if !path.exists() {
        let corpus = dir.join("corpus");
        dossier::bench::write_synthetic_collection(
            &dossier::app::recent::sample_dir(),
            &corpus,
            n,
        )?;
        let mut project = Project::create_or_open(&path)?;
        let started = Instant::now();
        dossier::jobs::import(
            &mut project,
            &[corpus],
            &mut |_| {},
            &AtomicBool::new(false),
        )?;
        println!(
            "import: {:.1} s, peak {:.0} MB",
            started.elapsed().as_secs_f64(),
            status("VmHWM:")
        );
        // the analyze below measures its own peak
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }
    let mut project = Project::open(&path)?;
    println!("open: rss {:.0} MB", status("VmRSS:"));
    let started = Instant::now();
    let mut stage = "";
    let mut peak = status("VmHWM:");
    // a stage's own peak is the kernel's once the next starts; the run's, the highest of them
    let mut line = |name: &str| {
        let own = status("VmHWM:");
        peak = peak.max(own);
        println!(
            "{:>6.1} s  {:<22} rss {:>5.0} MB  peak {:>5.0} MB  (the stage before: {:>5.0} MB)",
            started.elapsed().as_secs_f64(),
            name,
            status("VmRSS:"),
            peak,
            own
        );
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    };
    dossier::jobs::analyze(
        &mut project,
        &mut |p| {
            if p.stage != stage {
                stage = p.stage;
                line(p.stage);
            }
        },
        &AtomicBool::new(false),
    )?;
    line("done");
    Ok(())
}
