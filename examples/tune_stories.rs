//! Tuning harness for story grouping: imports folders of articles into a scratch project, runs
//! every pass, groups the articles with [`StoryParams`] (defaults, or `--set name=value`), and
//! scores the stories against a pseudo-gold event per article.
//!
//! ```sh
//! cargo run --release --example tune_stories -- ../shared/corpus/dev projects/niger-2023 [--set threshold=0.12] [--show] [--pairs]
//! ```
//!
//! The pseudo-gold event is the file name after the outlet (`outlet-event-slug.txt`), with the
//! synonyms of [`SAME_EVENT`] folded together; the sample collection's events are listed in
//! [`SAMPLE`]. Files with neither (the seed, round-ups reporting several events) are grouped
//! but not scored. Scores are pairwise precision, recall and F1 over the scored articles.

use dossier::analysis::stories::{Story, StoryInput, StoryParams, cluster_with, similar_pairs};
use dossier::jobs;
use dossier::store::Project;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// Slugs that name the same event in other words.
const SAME_EVENT: &[(&str, &str)] = &[
    ("accra-defence-chiefs", "accra-meeting"),
    ("accra-army-heads", "accra-meeting"),
    ("accra-standby-force", "accra-meeting"),
    ("ecowas-d-day", "accra-meeting"),
    ("envoys-48-hours", "french-envoy-48-hours"),
    ("mali-burkina-back-niger", "mali-burkina-warn"),
    ("general-declares-leader", "tchiani-declares-leader"),
    ("tchiani-new-president", "tchiani-declares-leader"),
    ("soldiers-carried-out-coup", "soldiers-announce-coup"),
    ("soldiers-declare-coup", "soldiers-announce-coup"),
    ("tchiani-three-years", "tchiani-transition"),
    ("ecowas-ultimatum", "ecowas-sanctions"),
    ("ecowas-no-option-off-table", "ecowas-standby-force"),
];

/// Events of the sample collection `projects/niger-2023`, named as in the dev corpus; `None`
/// for the articles that report several events.
const SAMPLE: &[(&str, Option<&str>)] = &[
    ("000_0528eedcc084b2e2", None),
    (
        "001_sahel-wire-bazoum-detained",
        Some("soldiers-announce-coup"),
    ),
    ("002_lagos-ledger-tchiani-prigozhin", None),
    ("003_sahel-wire-ecowas-ultimatum", Some("ecowas-ultimatum")),
    (
        "004_courrier-mali-burkina-warning",
        Some("mali-burkina-warn"),
    ),
    ("005_asi-brief-ultimatum-expires", Some("ultimatum-expires")),
    ("006_sahel-wire-standby-force", Some("ecowas-standby-force")),
    (
        "007_northern-courier-standby-force",
        Some("ecowas-standby-force"),
    ),
    (
        "008_accra-morning-post-meeting-postponed",
        Some("accra-meeting"),
    ),
    ("009_sahel-wire-putin-goita-call", Some("putin-goita-call")),
    (
        "010_accra-morning-post-chiefs-rescheduled",
        Some("accra-meeting"),
    ),
    ("011_sahel-wire-d-day-agreed", Some("accra-meeting")),
    ("012_lagos-ledger-d-day-troops", Some("accra-meeting")),
    ("013_courrier-tiani-transition", Some("tchiani-transition")),
    ("014_northern-courier-accra-talks", Some("accra-meeting")),
    ("broadcaster-story", Some("accra-meeting")),
    ("bulletin", None),
];

/// Two outlets of the dev corpus have a `-` in their own name.
const HYPHENATED_OUTLETS: &[&str] = &["nation-pk-", "reuters-whbl-"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut sets: Vec<String> = Vec::new();
    let (mut show, mut pairs) = (false, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--set" => sets.extend(args.next()),
            "--show" => show = true,
            "--pairs" => pairs = true,
            _ => dirs.push(PathBuf::from(a)),
        }
    }
    if dirs.is_empty() {
        return Err("give one or more folders of articles".into());
    }
    let scratch = tempfile::tempdir()?;
    let mut project = Project::create_or_open(&scratch.path().join("tune.dossier"))?;
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &dirs, &mut |_| {}, &never)?;
    jobs::analyze(&mut project, &mut |_| {}, &never)?;
    let articles = project.articles()?;
    let inputs = jobs::story_inputs(&project, &articles)?;
    let names: HashMap<i64, String> = articles
        .iter()
        .map(|a| (a.id.0, a.source_name.clone()))
        .collect();
    let gold: HashMap<i64, String> = names
        .iter()
        .filter_map(|(&id, name)| Some((id, event_of(name)?)))
        .collect();

    let params = with_overrides(StoryParams::default(), &sets)?;
    let stories = cluster_with(&inputs, &params);
    let (p, r, f, n) = pairwise(&gold, &stories);
    println!(
        "{} articles, {} stories; event pairs: P {p:.3} R {r:.3} F1 {f:.3} ({n} gold pairs)",
        inputs.len(),
        stories.len()
    );
    if show {
        for s in &stories {
            println!("\n[{}] {}  ({})", s.key, s.name, s.key_terms.join(", "));
            for m in &s.members {
                println!("    {}", names.get(m).map_or("?", String::as_str));
            }
        }
    }
    if pairs {
        print_pairs(&inputs, &params, &names, &gold);
    }
    Ok(())
}

/// The pseudo-gold event of a file, if it names one.
fn event_of(file: &str) -> Option<String> {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if let Some((_, event)) = SAMPLE.iter().find(|(f, _)| *f == stem) {
        return event.map(str::to_owned);
    }
    let slug = HYPHENATED_OUTLETS
        .iter()
        .find_map(|o| stem.strip_prefix(o))
        .or_else(|| stem.split_once('-').map(|(_, s)| s))?;
    let event = SAME_EVENT
        .iter()
        .find(|(s, _)| *s == slug)
        .map_or(slug, |(_, e)| e);
    Some(event.to_owned())
}

/// Applies `name=value` overrides (`--set threshold=0.1`) to the parameters.
fn with_overrides(
    params: StoryParams,
    sets: &[String],
) -> Result<StoryParams, Box<dyn std::error::Error>> {
    let mut value = serde_json::to_value(&params)?;
    for set in sets {
        let (key, v) = set.split_once('=').ok_or("--set takes name=value")?;
        let obj = value.as_object_mut().ok_or("parameters are an object")?;
        if !obj.contains_key(key) {
            return Err(format!("no parameter {key}").into());
        }
        obj.insert(key.to_owned(), serde_json::from_str(v)?);
    }
    Ok(serde_json::from_value(value)?)
}

/// Pairwise precision, recall, F1 and the number of gold pairs over the scored articles.
fn pairwise(gold: &HashMap<i64, String>, stories: &[Story]) -> (f64, f64, f64, usize) {
    let story_of: HashMap<i64, usize> = stories
        .iter()
        .enumerate()
        .flat_map(|(s, st)| st.members.iter().map(move |&m| (m, s)))
        .collect();
    let mut scored: Vec<(&i64, &String)> = gold.iter().collect();
    scored.sort();
    let (mut tp, mut fp, mut missed) = (0usize, 0usize, 0usize);
    for (i, (a, ga)) in scored.iter().enumerate() {
        for (b, gb) in &scored[i + 1..] {
            match (story_of.get(a) == story_of.get(b), ga == gb) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => missed += 1,
                _ => {}
            }
        }
    }
    let ratio = |x: usize, y: usize| if y > 0 { x as f64 / y as f64 } else { 1.0 };
    let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + missed));
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f, tp + missed)
}

/// Same-event pairs with their similarity, weakest first, then the strongest other pairs.
fn print_pairs(
    inputs: &[StoryInput],
    params: &StoryParams,
    names: &HashMap<i64, String>,
    gold: &HashMap<i64, String>,
) {
    let name = |id: &i64| names.get(id).map_or("?", String::as_str);
    let (mut same, mut other): (Vec<_>, Vec<_>) = similar_pairs(inputs, params)
        .into_iter()
        .filter(|(a, b, _)| gold.contains_key(a) && gold.contains_key(b))
        .partition(|(a, b, _)| gold.get(a) == gold.get(b));
    same.sort_by(|a, b| a.2.total_cmp(&b.2));
    other.sort_by(|a, b| b.2.total_cmp(&a.2));
    println!("\nsame-event pairs found as candidates, weakest first:");
    for (a, b, s) in &same {
        println!("  {s:.3}  {}  {}", name(a), name(b));
    }
    println!("strongest other pairs:");
    for (a, b, s) in other.iter().take(20) {
        println!("  {s:.3}  {}  {}", name(a), name(b));
    }
}
