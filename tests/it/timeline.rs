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
