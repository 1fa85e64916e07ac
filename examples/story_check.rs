//! Prints what story grouping and dating's neighbour search find, so that two builds can be
//! compared line by line (`diff`):
//!
//! ```sh
//! cargo run --release --example story_check -- folders ../shared/corpus/dev > dev.txt
//! cargo run --release --example story_check -- project /tmp/mem50k/p.dossier > 50k.txt
//! ```
//!
//! `folders DIR...` imports the folders into a scratch project, analyses it and prints its
//! stories (as `analyze` stored them, and as `stories::cluster` finds them from the inputs),
//! each member by its file name, then every article's neighbours (`TermVectors::neighbours`,
//! 32 at similarity 0.15, as dating asks) with their similarities to four decimals.
//! `project FILE` prints the stories an analysed project holds.

use dossier::analysis::{similar, stories};
use dossier::jobs;
use dossier::store::Project;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

fn print_stories(label: &str, found: &[stories::Story], names: &HashMap<i64, String>) {
    for s in found {
        let members: Vec<&str> = s
            .members
            .iter()
            .map(|m| names.get(m).map_or("?", String::as_str))
            .collect();
        println!(
            "{label} [{}] {} | {} | {}",
            s.key,
            s.name,
            s.key_terms.join(", "),
            members.join(" ")
        );
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let paths: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if mode == "project" {
        for path in &paths {
            let project = Project::open(path)?;
            let names: HashMap<i64, String> = project
                .article_summaries()?
                .into_iter()
                .map(|a| (a.id.0, a.id.0.to_string()))
                .collect();
            print_stories("stored", &project.machine_stories()?, &names);
        }
        return Ok(());
    }
    let scratch = tempfile::tempdir()?;
    let mut project = Project::create_or_open(&scratch.path().join("check.dossier"))?;
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &paths, &mut |_| {}, &never)?;
    jobs::analyze(&mut project, &mut |_| {}, &never)?;
    let articles = project.articles()?;
    let names: HashMap<i64, String> = articles
        .iter()
        .map(|a| (a.id.0, a.source_name.clone()))
        .collect();
    print_stories("stored", &project.machine_stories()?, &names);
    let inputs = jobs::story_inputs(&project, &articles)?;
    print_stories("cluster", &stories::cluster(&inputs), &names);
    for (a, b, s) in stories::similar_pairs(&inputs, &stories::StoryParams::default()) {
        let name = |id: i64| names.get(&id).map_or("?", String::as_str);
        println!("pair {} {} {s:.6}", name(a), name(b));
    }

    let texts: Vec<(String, String)> = articles
        .iter()
        .map(|a| {
            let text = dossier::analysis::text::analysed_prefix(
                &a.text,
                dossier::analysis::text::MAX_ANALYSED_BYTES,
            );
            (a.title.clone(), text.to_owned())
        })
        .collect();
    let mut builder = similar::TermVectorsBuilder::default();
    for (title, text) in &texts {
        builder.add_counts(similar::TermVectorsBuilder::count(title, text));
    }
    let vectors = builder.finish();
    for (i, a) in articles.iter().enumerate() {
        let near: Vec<String> = vectors
            .neighbours(i, 32, 0.15, |_| true)
            .into_iter()
            .map(|(j, s)| format!("{}:{s:.4}", articles[j].source_name))
            .collect();
        println!("near {} -> {}", a.source_name, near.join(" "));
    }
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(t, b)| (t.as_str(), b.as_str()))
        .collect();
    let mean = similar::TermVectors::new(&pairs).mean_similarity();
    for (a, m) in articles.iter().zip(mean) {
        println!("mean {} {m:.5}", a.source_name);
    }
    Ok(())
}
