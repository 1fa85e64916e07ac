//! Screening the sample project's actors against the sample list stored in the project: the
//! hits are stored, and the analyst's verdicts survive re-analysis and re-screening.

use dossier::jobs;
use dossier::store::Verdict;
use std::sync::atomic::AtomicBool;

#[test]
fn verdicts_on_hits_survive_re_analysis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = crate::fixtures::analysed_sample(&dir.path().join("s.dossier"));
    let never = AtomicBool::new(false);
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
