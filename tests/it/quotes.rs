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

/// Issue 15: quotes are read with each article's text read once, not once per quote; their
/// cue and content are the article's own words at their spans, and the Quotes tab's index
/// counts the same words.
#[test]
fn quote_word_counts_read_once_per_article_match_the_quotes_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = crate::fixtures::analysed_sample(&dir.path().join("w.dossier"));
    let last = project.last_article_id().expect("read").expect("articles");
    let first = dossier::model::ArticleId(1);
    let with_words = project.quotes_in(first, last).expect("quotes");
    let counted = project.quote_word_counts_in(first, last).expect("counts");
    assert!(with_words.len() >= 20, "{}", with_words.len());
    assert_eq!(counted.len(), with_words.len());
    for ((article, row, words), (a, r, cue, content)) in counted.iter().zip(&with_words) {
        assert_eq!((article, row), (a, r));
        assert_eq!(*words, content.split_whitespace().count(), "{content:?}");
        // The words are the article's own at the quote's spans.
        let text = project.article(*a).expect("read").expect("article").text;
        assert_eq!(text.get(r.content.clone()), Some(content.as_str()));
        assert_eq!(text.get(r.cue.clone()), Some(cue.as_str()));
    }
    assert!(counted.iter().any(|(_, _, words)| *words > 5));
}
