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

/// Stops `analyze` once the per-article stage (entities and quotes) is stored, as a kill after
/// its commit would.
fn analyze_per_article_stage_only(project: &mut Project) {
    let stop = AtomicBool::new(false);
    let report = jobs::analyze(
        project,
        &mut |p| {
            if p.stage == "Linking actors" {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &stop,
    )
    .expect("analyze");
    assert!(report.cancelled);
    assert_eq!(report.passes, ["entities", "attribution"]);
}

#[test]
fn records_say_which_passes_are_missing_or_stale() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = crate::fixtures::imported_sample(&dir.path().join("p.dossier"));
    let all = ["entities", "timeline", "attribution", "decisions"];

    // Imported, never analysed: every record lacks every pass, and the warning says so.
    let records = jobs::records(&project).expect("records");
    for record in &records {
        assert_eq!(record.analysis.as_ref().expect("incomplete").missing, all);
    }
    let warning = jobs::incomplete_warning(&records).expect("a warning");
    assert!(
        warning.starts_with(&format!(
            "{n} of {n} records are incomplete",
            n = records.len()
        )),
        "{warning}"
    );

    // Stopped after the per-article stage: the cross-article steps are missing.
    analyze_per_article_stage_only(&mut project);
    let records = jobs::records(&project).expect("records");
    for record in &records {
        let gap = record.analysis.as_ref().expect("incomplete");
        assert_eq!(gap.missing, ["timeline", "decisions"]);
        assert!(gap.stale.is_empty());
    }

    // A full run completes every record: no `analysis` field in the JSON, no warning.
    let never = AtomicBool::new(false);
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    let records = jobs::records(&project).expect("records");
    assert!(records.iter().all(|r| r.analysis.is_none()));
    assert_eq!(jobs::incomplete_warning(&records), None);
    let json = serde_json::to_value(&records[0]).expect("json");
    assert!(json.get("analysis").is_none());

    // Results stored by an older version of a pass are stale.
    let first = crate::fixtures::article(&project, "000_0528eedcc084b2e2.txt");
    project
        .mark_analysed("timeline", 0, &[first])
        .expect("mark");
    let records = jobs::records(&project).expect("records");
    let stale: Vec<_> = records.iter().filter(|r| r.analysis.is_some()).collect();
    assert_eq!(stale.len(), 1);
    let gap = stale[0].analysis.as_ref().expect("gap");
    assert_eq!(
        (gap.missing.len(), &gap.stale[..]),
        (0, &["timeline".to_string()][..])
    );
    let warning = jobs::incomplete_warning(&records).expect("a warning");
    assert!(warning.contains("older version of timeline 1"), "{warning}");
}

#[test]
fn an_article_longer_than_the_cap_is_analysed_over_its_first_part_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("dump.txt");
    // One line of filler well past the cap, with a name at each end.
    let filler = "and so on ".repeat(dossier::analysis::text::MAX_ANALYSED_BYTES / 10 + 5_000);
    std::fs::write(
        &file,
        format!("A dump\nVladimir Putin spoke first. {filler}. Then Assimi Goita spoke."),
    )
    .expect("write");
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &[file], &mut |_| {}, &never).expect("import");
    let report = jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(
        report.warnings[0]
            .starts_with("dump.txt: 560 KB of text; the passes read its first 511 KB"),
        "{}",
        report.warnings[0]
    );
    let records = jobs::records(&project).expect("records");
    let names: Vec<&str> = records[0]
        .entities
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert!(names.contains(&"Vladimir Putin"), "{names:?}");
    assert!(!names.contains(&"Assimi Goita"), "{names:?}");
    // The whole text stays searchable.
    assert_eq!(project.search("Goita", 5).expect("search").len(), 1);
}

/// The one-shot's analysis for records only gives every record a full analysis gives, and
/// leaves out what no record holds: the project timeline and stories.
#[test]
fn an_analysis_for_records_only_gives_the_same_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let never = AtomicBool::new(false);
    let analysed = |name: &str, scope: jobs::Scope| {
        let mut project = Project::create_or_open(&dir.path().join(name)).expect("create");
        jobs::import(&mut project, &[sample_dir()], &mut |_| {}, &never).expect("import");
        let report = jobs::analyze_for(&mut project, scope, &mut |_| {}, &never).expect("analyze");
        assert!(!report.cancelled);
        project
    };
    let full = analysed("full.dossier", jobs::Scope::Project);
    let records_only = analysed("records.dossier", jobs::Scope::Records);
    let json = |p: &Project| {
        serde_json::to_string_pretty(&jobs::records(p).expect("records")).expect("json")
    };
    assert_eq!(json(&records_only), json(&full));
    assert!(json(&full).contains("\"decisions\": [\n      {"));
    assert!(!full.events().expect("events").is_empty());
    assert!(!full.tracked_decisions().expect("tracked").is_empty());
    assert!(!full.stories().expect("stories").is_empty());
    assert!(records_only.events().expect("events").is_empty());
    assert!(records_only.stories().expect("stories").is_empty());
}

/// Every file in `dir`, by name, with its bytes.
fn files_of(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("list")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// The streamed export writes the files (and manifest) the whole list of records gives, and
/// says the same incomplete-records warning; exported again, the folder is Dossier's and its
/// files stay as they are.
#[test]
fn records_streamed_into_a_folder_are_those_of_the_whole_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = crate::fixtures::imported_sample(&dir.path().join("p.dossier"));
    analyze_per_article_stage_only(&mut project);
    let records = jobs::records(&project).expect("records");
    let whole = dir.path().join("whole");
    let written = dossier::export::json::write_records(&whole, &records, &[project.path()], false)
        .expect("write");
    assert_eq!(written.written, records.len());

    let streamed = dir.path().join("streamed");
    let done = jobs::export_records(&project, &streamed, &[project.path()], false).expect("export");
    assert_eq!(done.written, written);
    assert_eq!(done.incomplete, jobs::incomplete_warning(&records));
    assert!(done.incomplete.is_some());
    let files = files_of(&streamed);
    assert_eq!(files, files_of(&whole));
    assert_eq!(
        files.len(),
        records.len() + 1,
        "a file per record and the manifest"
    );

    let again = jobs::export_records(&project, &streamed, &[project.path()], false).expect("again");
    assert_eq!(again.written.written, records.len());
    assert_eq!(files_of(&streamed), files);
}
