//! Snapshot of the JSON record the sample's seed article gets (insta): any change to import,
//! the entity pass or the record shape shows up here as a reviewable diff.

use dossier::app::recent::sample_dir;
use dossier::jobs;
use dossier::store::Project;
use std::sync::atomic::AtomicBool;

#[test]
fn seed_article_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = Project::create_or_open(&dir.path().join("seed.dossier")).expect("create");
    let seed = sample_dir().join("000_0528eedcc084b2e2.txt");
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &[seed], &mut |_| {}, &never).expect("import");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    let records = jobs::records(&project).expect("records");
    assert_eq!(records.len(), 1);
    insta::assert_json_snapshot!("seed_record", records[0]);
}
