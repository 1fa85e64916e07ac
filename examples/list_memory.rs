//! Does what the Sanctions panel's Import list does with a list file (reads it, stores it in a
//! project, screens the project's actors against every list) and prints the time and the peak
//! memory after each step, to measure a big list made by the `big_list` example:
//!
//! ```sh
//! cargo run --release --example list_memory -- x.dossier /tmp/big/list.csv
//! ```

use dossier::jobs;
use dossier::store::Project;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let Some((project, files)) = args.split_first() else {
        eprintln!("usage: list_memory PROJECT LIST [ALT]");
        std::process::exit(2);
    };
    let start = Instant::now();
    let mut project = Project::open(project)?;
    let imported = jobs::read_sanctions_list(files)?;
    eprintln!("read: peak {:?}", peak_mb());
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let entries = imported.list.entries.len();
    let problems = imported.problems.len();
    project.add_sanctions_list(imported.list, &names, &imported.problems)?;
    eprintln!("stored: peak {:?}", peak_mb());
    let hits = jobs::screen_project(&mut project)?;
    eprintln!("screened: peak {:?}", peak_mb());
    println!(
        "{} entries, {} problems, {hits} hits, {:.1} s, peak {} MB",
        entries,
        problems,
        start.elapsed().as_secs_f64(),
        peak_mb().unwrap_or(0)
    );
    Ok(())
}

/// Peak resident memory of this process in MB, from `/proc/self/status` (Linux).
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
