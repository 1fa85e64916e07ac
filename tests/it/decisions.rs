//! The decision tracker on the sample collection: the ECOWAS standby force followed from the
//! summit that ordered it through the articles that report it, and the analyst's edit of a
//! tracked decision kept across re-analysis.

use dossier::analysis::decisions::{DecisionKind, DecisionStatus};
use dossier::jobs;
use dossier::model::{DecisionEdit, TrackedDecisionRow};
use dossier::store::Project;
use std::sync::atomic::AtomicBool;

/// The sample collection, imported and analysed in a fresh project.
fn sample_project(dir: &tempfile::TempDir) -> Project {
    crate::fixtures::analysed_sample(&dir.path().join("d.dossier"))
}

/// The tracked decision about the standby force with the most reports.
fn standby_force(tracked: &[TrackedDecisionRow]) -> &TrackedDecisionRow {
    tracked
        .iter()
        .filter(|t| t.kind == DecisionKind::Military && t.head == "standby force")
        .max_by_key(|t| t.steps.len())
        .expect("a tracked standby force")
}

#[test]
fn the_standby_force_is_followed_across_articles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = sample_project(&dir);
    let tracked = project.tracked_decisions().expect("tracked");
    let force = standby_force(&tracked);
    assert_eq!(force.actor, "Economic Community of West African States");
    assert!(force.key.contains("standby force"), "{}", force.key);
    let mut articles: Vec<i64> = force.steps.iter().map(|s| s.article.0).collect();
    articles.dedup();
    assert!(articles.len() >= 4, "{force:#?}");
    // the history is dated and in order, and starts with the summit's order
    let dates: Vec<&str> = force
        .steps
        .iter()
        .filter_map(|s| s.date.as_deref())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted);
    let first = &force.steps[0];
    assert_eq!(first.status, DecisionStatus::Ordered, "{force:#?}");
    assert!(first.date.as_deref() >= Some("2023-08-10"), "{force:#?}");
    assert_eq!(
        force.status,
        force.steps.last().map(|s| s.status).unwrap_or(force.status)
    );
    // each step's evidence is a sentence about the force
    for step in &force.steps {
        let article = project
            .article(step.article)
            .expect("read")
            .expect("article");
        let sentence = &article.text[step.evidence.clone()];
        assert!(sentence.to_lowercase().contains("force"), "{sentence}");
    }
}

#[test]
fn analyst_edits_survive_re_analysis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = sample_project(&dir);
    let key = standby_force(&project.tracked_decisions().expect("tracked"))
        .key
        .clone();
    let edit = DecisionEdit {
        status: Some(DecisionStatus::InForce),
        owner: Some("desk B".into()),
        review_date: "2023-09-01".parse().ok(),
        notes: Some("no deployment seen yet".into()),
        tags: vec!["ecowas".into(), "force".into()],
    };
    project.set_decision_edit(&key, &edit).expect("set");
    let never = AtomicBool::new(false);
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("re-analyze");
    let again = project.tracked_decisions().expect("tracked");
    assert_eq!(standby_force(&again).key, key);
    let (kept, set_at) = project.decision_edit(&key).expect("get").expect("kept");
    assert_eq!(kept, edit);
    assert!(!set_at.is_empty());
    assert!(project.clear_decision_edit(&key).expect("clear"));
    assert!(project.decision_edit(&key).expect("get").is_none());
    assert!(!project.clear_decision_edit(&key).expect("clear again"));
}

/// Issue 14 item 9: a decision several outlets report is one row with its reports from each,
/// and no row's actor is an outlet.
#[test]
fn no_tracked_decision_is_an_outlets_and_one_decision_keeps_every_outlets_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = sample_project(&dir);
    let outlets = project.outlets().expect("outlets");
    let tracked = project.tracked_decisions().expect("tracked");
    for t in &tracked {
        assert!(
            !outlets.iter().any(|o| o.eq_ignore_ascii_case(&t.actor)),
            "a decision of the outlet {}",
            t.actor
        );
    }
    let force = standby_force(&tracked);
    let reporting: std::collections::BTreeSet<_> = force.steps.iter().map(|s| s.article).collect();
    assert!(reporting.len() >= 3, "{reporting:?}");
}
