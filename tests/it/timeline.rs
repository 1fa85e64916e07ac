//! The project timeline on the sample collection: the postponed and rescheduled Accra meeting
//! of the military chiefs is one event per date, reported by several outlets, with the outlets
//! that disagree on its date flagged.

use dossier::app::recent::sample_dir;
use dossier::jobs;
use dossier::store::Project;
use std::sync::atomic::AtomicBool;

#[test]
fn the_accra_meeting_events_merge_across_outlets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = Project::create_or_open(&dir.path().join("t.dossier")).expect("create");
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &[sample_dir()], &mut |_| {}, &never).expect("import");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    let events = project.events().expect("events");
    let distinct_articles = |e: &dossier::model::TimelineEvent| {
        let mut ids: Vec<i64> = e.reports.iter().map(|r| r.article.0).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    // The meeting first set for Saturday 12 August in Accra: one event, several outlets.
    let postponed = events
        .iter()
        .filter(|e| e.value == "2023-08-12" && e.actors.iter().any(|a| a == "Accra"))
        .max_by_key(|e| distinct_articles(e))
        .expect("an Accra event on 2023-08-12");
    assert!(distinct_articles(postponed) >= 2, "{postponed:?}");
    // The rescheduled meeting: reports giving 17–18 August and reports giving the 18th are
    // one event, flagged as a disagreement between outlets.
    let rescheduled = events
        .iter()
        .find(|e| {
            e.conflict
                && e.reports.iter().any(|r| r.value == "2023-08-17/2023-08-18")
                && e.reports.iter().any(|r| r.value == "2023-08-18")
        })
        .expect("the rescheduled meeting with its date conflict");
    assert!(distinct_articles(rescheduled) >= 2, "{rescheduled:?}");
    assert!(rescheduled.actors.iter().any(|a| a == "Accra"));
    // Events come sorted by date.
    let values: Vec<&str> = events.iter().map(|e| e.value.as_str()).collect();
    let mut sorted = values.clone();
    sorted.sort();
    assert_eq!(values, sorted);
}

#[test]
fn date_corrections_survive_re_analysis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = Project::create_or_open(&dir.path().join("c.dossier")).expect("create");
    let never = AtomicBool::new(false);
    let seed = sample_dir().join("000_0528eedcc084b2e2.txt");
    jobs::import(&mut project, &[seed], &mut |_| {}, &never).expect("import");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    let id = project.article_summaries().expect("list")[0].id;
    let found = project.document_date(id).expect("date").expect("dated");
    assert_eq!(
        found.date.map(|d| d.to_string()).as_deref(),
        Some("2023-08-15")
    );
    let tuesday = project
        .timexes(id)
        .expect("timexes")
        .into_iter()
        .find(|t| t.text.contains("Tuesday"))
        .expect("a Tuesday");
    assert_eq!(tuesday.value.as_deref(), Some("2023-08-15"));

    // The analyst dates the article a week later and corrects one expression.
    let later: dossier::model::Date = "2023-08-22".parse().expect("date");
    project.set_article_date(id, Some(later)).expect("set date");
    project
        .set_timex_value(id, &tuesday.range, Some("2023-08-08"))
        .expect("set value");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("re-analyze");
    let date = project.document_date(id).expect("date").expect("dated");
    assert_eq!(date.date, Some(later));
    let timexes = project.timexes(id).expect("timexes");
    let corrected = timexes
        .iter()
        .find(|t| t.range == tuesday.range)
        .expect("same span");
    assert_eq!(corrected.value.as_deref(), Some("2023-08-08"));
    // Relative expressions now resolve against the analyst's date.
    let saturday = timexes
        .iter()
        .find(|t| t.text.contains("last Saturday"))
        .expect("last Saturday");
    assert_eq!(saturday.value.as_deref(), Some("2023-08-19"));

    // Clearing the corrections goes back to what the pass finds.
    project.set_article_date(id, None).expect("clear");
    project
        .set_timex_value(id, &tuesday.range, None)
        .expect("clear");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("re-analyze");
    assert_eq!(
        project
            .document_date(id)
            .expect("date")
            .expect("dated")
            .date,
        found.date
    );
}

/// An article whose text names no date takes one from dated coverage of its story: its
/// weekdays must land on the days that coverage reports.
#[test]
fn undated_rewrites_are_dated_from_their_story() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = dir.path().join("in");
    std::fs::create_dir(&files).expect("mkdir");
    let write = |name: &str, body: &str| std::fs::write(files.join(name), body).expect("write");
    write(
        "wire.txt",
        "Junta orders French ambassador out within 48 hours\n\nNiger's junta on Friday ordered \
         the French ambassador Sylvain Itte to leave the country within 48 hours, after he \
         declined an invitation to meet the foreign minister on Thursday.",
    );
    write(
        "wire.meta.json",
        r#"{"source": "Wire", "published": "2023-08-25"}"#,
    );
    write(
        "rewrite.txt",
        "Niger gives French envoy 48 hours to leave\n\nThe military rulers of Niger ordered the \
         French ambassador Sylvain Itte on Friday to leave within 48 hours. The ambassador had \
         declined an invitation to meet the foreign minister, the junta said.",
    );
    let mut project = Project::create_or_open(&dir.path().join("d.dossier")).expect("create");
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &[files], &mut |_| {}, &never).expect("import");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    let rewrite = project
        .article_summaries()
        .expect("list")
        .into_iter()
        .find(|a| a.title.starts_with("Niger gives"))
        .expect("the rewrite");
    let date = project
        .document_date(rewrite.id)
        .expect("date")
        .expect("a date row");
    assert_eq!(
        date.date.map(|d| d.to_string()).as_deref(),
        Some("2023-08-25")
    );
    assert_eq!(
        date.source,
        dossier::analysis::timeline::DateSource::Inferred
    );
    let friday = project.timexes(rewrite.id).expect("timexes");
    assert_eq!(friday[0].value.as_deref(), Some("2023-08-25"), "{friday:?}");
}
