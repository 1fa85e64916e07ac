//! The `dossier` command end to end on the sample collection: import, analyze, export, search,
//! the one-shot `analyze DIR --json`, and failures that must exit non-zero with a message.

use dossier::app::recent::sample_dir;
use std::path::Path;
use std::process::{Command, Output};

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(args: &[&str]) -> String {
    let out = dossier(args);
    assert!(
        out.status.success(),
        "dossier {args:?} failed: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read record")).expect("json")
}

#[test]
fn import_analyze_export_and_search_the_sample() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("niger.dossier");
    let project = project.to_str().expect("utf-8 path");
    let sample = sample_dir();
    let sample = sample.to_str().expect("utf-8 path");

    let report = ok(&["import", project, sample]);
    assert!(report.contains("17 articles imported"), "{report}");
    assert!(report.contains("1 near duplicates"), "{report}");

    ok(&["analyze", project]);

    let out = dir.path().join("records");
    ok(&["export", project, "--json", out.to_str().expect("utf-8")]);
    let seed = read_json(&out.join("000_0528eedcc084b2e2.json"));
    assert_eq!(seed["article"], "000_0528eedcc084b2e2.txt");
    assert_eq!(seed["source"], "Naija News");
    let names: Vec<&str> = seed["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    for expected in [
        "Vladimir Putin",
        "Assimi Goita",
        "Bola Ahmed Tinubu",
        "Accra",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    let records = std::fs::read_dir(&out).expect("records").count();
    assert_eq!(records, 17);
    // The HTML page is named after its file too.
    assert!(out.join("broadcaster-story.json").is_file());

    let hits = ok(&["search", project, "standby force"]);
    assert!(
        hits.lines().filter(|l| l.starts_with('[')).count() >= 3,
        "{hits}"
    );
    let none = ok(&["search", project, "zeppelin"]);
    assert!(none.contains("no matches"), "{none}");
}

#[test]
fn one_shot_analyze_of_a_folder_writes_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::write(
        input.join("seed.txt"),
        "Tinubu Warns Junta\n\nNigeria's President Bola Tinubu said on Tuesday that ECOWAS would act.\n",
    )
    .expect("write");
    std::fs::write(input.join("empty.txt"), "").expect("write");
    let out = dir.path().join("out");
    let result = dossier(&[
        "analyze",
        input.to_str().expect("utf-8"),
        "--json",
        out.to_str().expect("utf-8"),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    // The empty file is reported, and the rest goes on.
    assert!(
        text(&result.stderr).contains("empty.txt"),
        "{}",
        text(&result.stderr)
    );
    let record = read_json(&out.join("seed.json"));
    assert_eq!(record["article"], "seed.txt");
    assert_eq!(record["title"], "Tinubu Warns Junta");
    let tinubu = record["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["name"] == "Bola Tinubu")
        .expect("Bola Tinubu found");
    assert_eq!(tinubu["type"], "PERSON");
}

#[test]
fn failures_exit_non_zero_and_name_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bogus = dir.path().join("bogus.dossier");
    std::fs::write(&bogus, "plain text").expect("write");
    let out = dossier(&["search", bogus.to_str().expect("utf-8"), "x"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bogus.dossier"), "{stderr}");
    assert!(stderr.contains("not a Dossier project"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&bogus).expect("read"), "plain text");

    let missing = dir.path().join("missing.dossier");
    let out = dossier(&[
        "export",
        missing.to_str().expect("utf-8"),
        "--json",
        "/tmp/x",
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("missing.dossier"));

    let out = dossier(&["analyze", dir.path().to_str().expect("utf-8")]);
    assert!(!out.status.success(), "a folder without --json must fail");
}

#[test]
fn screen_refuses_a_list_cut_short_and_warns_of_skipped_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("p.dossier");
    let project = project.to_str().expect("utf-8 path");
    let sample = sample_dir();
    ok(&["import", project, sample.to_str().expect("utf-8 path")]);
    // A UN list cut between two records: before, screened as a whole list of one entry.
    let un = dir.path().join("un.xml");
    std::fs::write(
        &un,
        "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n\
         <INDIVIDUAL><FIRST_NAME>Omar Tiani</FIRST_NAME></INDIVIDUAL>\n",
    )
    .expect("write");
    let out = dossier(&["screen", project, un.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(
            "un.xml: the list ends at line 3 inside <INDIVIDUALS> (opened at line 2): the file \
             is cut short"
        ),
        "{}",
        text(&out.stderr)
    );
    // A row without a name is skipped, and said so.
    let csv = dir.path().join("l.csv");
    std::fs::write(&csv, "name,type\nOmar Tiani,person\n,person\n").expect("write");
    let out = dossier(&["screen", project, csv.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("l (simple CSV, 1 entries)"));
    assert!(text(&out.stderr).contains("warning: l.csv: row 3: no name (skipped)"));
}
