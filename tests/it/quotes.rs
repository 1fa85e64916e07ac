//! Quotes on the sample collection: the speakers of key quotes of the seed article (the Naija
//! News → AFP → sources chain, Goita, Tinubu), and the analyst's fixes kept across re-analysis.

use dossier::app::recent::sample_dir;
use dossier::jobs;
use dossier::model::QuoteFix;
use dossier::store::Project;
use std::sync::atomic::AtomicBool;

fn seed_quotes(project: &Project) -> Vec<(String, String, String)> {
    let records = jobs::records(project).expect("records");
    let seed = records
        .iter()
        .find(|r| r.article == "000_0528eedcc084b2e2.txt")
        .expect("seed record");
    seed.quotes
        .iter()
        .map(|q| (q.speaker.clone(), q.cue.clone(), q.text.clone()))
        .collect()
}

fn has(quotes: &[(String, String, String)], speaker: &str, cue: &str, words: &str) -> bool {
    quotes
        .iter()
        .any(|(s, c, t)| s == speaker && c == cue && t.contains(words))
}

#[test]
fn speakers_of_key_quotes_and_fixes_that_persist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = Project::create_or_open(&dir.path().join("q.dossier")).expect("create");
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &[sample_dir()], &mut |_| {}, &never).expect("import");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");

    let quotes = seed_quotes(&project);
    assert!(
        has(&quotes, "Assimi Goita", "said", "he spoke to Putin"),
        "{quotes:#?}"
    );
    assert!(
        has(
            &quotes,
            "Bola Ahmed Tinubu",
            "said",
            "No option is taken off"
        ),
        "{quotes:#?}"
    );
    // The chain: Naija News understands…, AFP said…, sources revealed….
    assert!(has(
        &quotes,
        "Naija News",
        "understands",
        "initially scheduled"
    ));
    assert!(has(&quotes, "AFP", "said", "sources revealed"));
    assert!(has(
        &quotes,
        "the regional military and political sources",
        "revealed",
        "would now be held"
    ));

    // The analyst rejects one quote and names the speaker of another.
    let seed = project
        .article_summaries()
        .expect("list")
        .into_iter()
        .find(|s| s.source_name == "000_0528eedcc084b2e2.txt")
        .expect("seed")
        .id;
    let rows = project.quotes(seed).expect("quotes");
    let text = project.article(seed).expect("read").expect("article").text;
    let find = |words: &str| {
        rows.iter()
            .find(|q| text[q.content.clone()].contains(words))
            .unwrap_or_else(|| panic!("no quote with {words}"))
            .range
            .clone()
    };
    let welcomed = find("the coup");
    let stressed = find("interested in a peaceful resolution");
    project
        .set_quote_fix(seed, &welcomed, Some(&QuoteFix::Reject))
        .expect("reject");
    project
        .set_quote_fix(
            seed,
            &stressed,
            Some(&QuoteFix::Speaker("Vladimir Putin".into())),
        )
        .expect("speaker");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("re-analyze");
    let quotes = seed_quotes(&project);
    assert!(
        !quotes.iter().any(|(s, _, _)| s == "Yevgeny Prigozhin"),
        "{quotes:#?}"
    );
    assert!(has(
        &quotes,
        "Vladimir Putin",
        "stressed",
        "interested in a peaceful"
    ));
}
