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
    // One event's reports read alone (the window reads them when an event is clicked) are
    // the ones the whole timeline gives it.
    for event in [postponed, rescheduled] {
        assert_eq!(
            project.event_reports(event.id).expect("reports"),
            event.reports
        );
    }
    assert!(project.event_reports(-1).expect("none").is_empty());
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

/// The dates the analysis gives the articles of `files` (name, text, optional published date),
/// by title.
fn analysed_dates(files: &[(&str, &str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    for (name, body, published) in files {
        std::fs::write(input.join(format!("{name}.txt")), body).expect("write");
        if let Some(p) = published {
            let meta = format!(r#"{{"source": "Wire {name}", "published": "{p}"}}"#);
            std::fs::write(input.join(format!("{name}.meta.json")), meta).expect("write");
        }
    }
    let mut project = Project::create_or_open(&dir.path().join("d.dossier")).expect("create");
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &[input], &mut |_| {}, &never).expect("import");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    let mut out: Vec<(String, Option<String>)> = project
        .article_summaries()
        .expect("list")
        .into_iter()
        .map(|a| {
            let date = project
                .document_date(a.id)
                .expect("date")
                .and_then(|d| d.date)
                .map(|d| d.to_string());
            (a.title, date)
        })
        .collect();
    out.sort();
    out
}

/// A dated report of another event of the story (a rally) and an undated rewrite of a recall.
const RALLY: &str = "Protesters rally outside the embassy against the junta\n\nThousands of \
                     protesters rallied on Sunday outside the embassy, demanding that the \
                     foreign minister end ties with the junta after the coup, police said. \
                     The crowd marched past the parliament, chanting slogans.";
const REWRITE: &str = "Foreign minister recalls ambassador, closes embassy\n\nThe foreign \
                       minister recalled the ambassador on Sunday and closed the embassy, \
                       ending ties with the junta-ruled country after the coup.";

/// An undated report much closer to another undated one than to any dated report waits for
/// that one to be dated by its own text, rather than taking the date of the dated report of
/// another event of the story.
#[test]
fn undated_reports_of_one_event_date_each_other_before_other_events_lend_a_date() {
    let dates = analysed_dates(&[
        ("rally", RALLY, Some("2024-03-31")),
        (
            "recall",
            "Minister recalls ambassador and closes embassy in junta-ruled country\n\nOn \
             Sunday the foreign minister recalled the ambassador and closed the embassy in \
             the junta-ruled country. The recall came two months after the junta seized \
             power. The junta took power on January 9, 2024, detaining the elected president.",
            None,
        ),
        ("rewrite", REWRITE, None),
    ]);
    assert_eq!(
        dates,
        vec![
            (
                "Foreign minister recalls ambassador, closes embassy".into(),
                Some("2024-03-10".into())
            ),
            (
                "Minister recalls ambassador and closes embassy in junta-ruled country".into(),
                Some("2024-03-10".into())
            ),
            (
                "Protesters rally outside the embassy against the junta".into(),
                Some("2024-03-31".into())
            ),
        ]
    );
}

/// The same when the closer report has only the best guess its text gives: the rewrite of the
/// recall follows the recall, not the rally.
#[test]
fn a_guessed_report_of_the_same_event_dates_its_rewrite() {
    let dates = analysed_dates(&[
        ("rally", RALLY, Some("2024-03-31")),
        (
            "recall",
            "Minister recalls ambassador and closes embassy in junta-ruled country\n\nOn \
             Sunday the foreign minister recalled the ambassador and closed the embassy in \
             the junta-ruled country. The junta took power on January 9, 2024, detaining the \
             elected president.",
            None,
        ),
        ("rewrite", REWRITE, None),
    ]);
    // January 9, 2024 was a Tuesday: the recall's Sunday is the first after it
    assert_eq!(dates[0].1.as_deref(), Some("2024-01-14"), "{dates:?}");
    assert_eq!(dates[1].1.as_deref(), Some("2024-01-14"), "{dates:?}");
}

/// With no dated report in the collection, an article whose text dates only an earlier event
/// still gets a best guess, so its `on Tuesday` has a value.
#[test]
fn an_article_alone_gets_the_best_guess_its_text_gives() {
    let dates = analysed_dates(&[(
        "alone",
        "Bloc leaders meet over the coup\n\nThe bloc's leaders met on Tuesday in the capital. \
         The junta had seized power on July 26, 2023, detaining the president.",
        None,
    )]);
    assert_eq!(
        dates,
        vec![(
            "Bloc leaders meet over the coup".into(),
            Some("2023-08-01".into())
        )]
    );
}
