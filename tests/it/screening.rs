//! Screening the sample project's actors against the sample list stored in the project: the
//! hits are stored, and the analyst's verdicts survive re-analysis and re-screening.

use dossier::app::recent::sample_dir;
use dossier::jobs;
use dossier::store::{Project, Verdict};
use std::sync::atomic::AtomicBool;

#[test]
fn verdicts_on_hits_survive_re_analysis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = Project::create_or_open(&dir.path().join("s.dossier")).expect("create");
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &[sample_dir()], &mut |_| {}, &never).expect("import");
    let list_file = sample_dir()
        .parent()
        .expect("projects dir")
        .join("sample-sanctions.csv");
    let imported = jobs::read_sanctions_list(&[list_file]).expect("sample list");
    project
        .add_sanctions_list(&imported.list, &["sample-sanctions.csv".into()])
        .expect("store list");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    let hits = project.screening_hits().expect("hits");
    let goita = hits
        .iter()
        .find(|h| h.actor.contains("Goita") || h.actor.contains("Goïta"))
        .unwrap_or_else(|| panic!("no hit on Goita: {hits:?}"));
    assert!(
        goita.score >= 0.85 && goita.reason.contains("accents"),
        "{goita:?}"
    );
    assert!(!hits.iter().any(|h| h.actor.contains("Bazoum")), "{hits:?}");
    project
        .set_screening_verdict(
            &goita.actor,
            &goita.list_name,
            &goita.entry_key,
            Some(Verdict::Dismissed),
        )
        .expect("verdict");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("re-analyze");
    let again = project.screening_hits().expect("hits");
    let goita_again = again
        .iter()
        .find(|h| h.actor == goita.actor && h.entry_key == goita.entry_key)
        .expect("hit found again");
    assert_eq!(goita_again.verdict, Some(Verdict::Dismissed));
}
