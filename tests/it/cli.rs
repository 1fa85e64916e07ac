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
    let records = std::fs::read_dir(&out)
        .expect("records")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
        })
        .count();
    assert_eq!(records, 17);
    // Beside them, the list of what Dossier wrote; exporting again writes over its own.
    assert!(out.join(dossier::export::MANIFEST).is_file());
    ok(&["export", project, "--json", out.to_str().expect("utf-8")]);
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

/// A project at `dir/NAME` holding the given `(file name, content)` articles, imported by the
/// command line from `dir/in`.
fn project_of(dir: &Path, name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    for (file, content) in files {
        std::fs::write(input.join(file), content).expect("write article");
    }
    let project = dir.join(name);
    ok(&["import", path(&project), path(&input)]);
    project
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const BODY: &str = "President Mohamed Bazoum was detained by the guard in Niamey on Wednesday.\n";

/// An article whose record is `bulletin.json`'s namesake: title line, blank line, body.
fn bulletin() -> String {
    format!("Bazoum Held in Niamey\n\n{BODY}")
}

/// `brief PROJECT --format md --out OUT`.
fn brief_md<'a>(project: &'a Path, out: &'a Path) -> [&'a str; 6] {
    ["brief", path(project), "--format", "md", "--out", path(out)]
}

/// Runs a command that must fail; returns its stderr.
fn refused(args: &[&str]) -> String {
    let out = dossier(args);
    assert!(!out.status.success(), "dossier {args:?} should have failed");
    text(&out.stderr)
}

#[test]
fn a_briefing_never_replaces_the_project_a_link_or_a_pipe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = project_of(dir.path(), "P.dossier", &[("bulletin.txt", &bulletin())]);
    let before = std::fs::read(&project).expect("read project");
    std::fs::create_dir(dir.path().join("x")).expect("mkdir");
    let through_x = dir.path().join("x").join("..").join("P.dossier");
    let wal = dir.path().join("P.dossier-wal");
    let shm = dir.path().join("P.dossier-shm");
    for out in [&project, &through_x, &wal, &shm] {
        let stderr = refused(&brief_md(&project, out));
        assert!(stderr.contains("not written"), "{stderr}");
        assert!(stderr.contains("open project"), "{stderr}");
    }
    assert_eq!(std::fs::read(&project).expect("read project"), before);
    assert!(!wal.exists() && !shm.exists(), "no side file was made");
    let hits = ok(&["search", path(&project), "Bazoum"]);
    assert!(hits.contains("Bazoum Held in Niamey"), "{hits}");

    // A symbolic link is not replaced, nor is the file it points to written.
    let mine = dir.path().join("mine.txt");
    std::fs::write(&mine, "my notes").expect("write");
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&mine, &link).expect("symlink");
    let stderr = refused(&brief_md(&project, &link));
    assert!(
        stderr.contains("link.md") && stderr.contains("symbolic link"),
        "{stderr}"
    );
    assert!(std::fs::symlink_metadata(&link).expect("link").is_symlink());
    assert_eq!(std::fs::read_to_string(&mine).expect("read"), "my notes");

    // Nor is a named pipe.
    let fifo = dir.path().join("pipe.md");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(status) if status.success() => {
            let stderr = refused(&brief_md(&project, &fifo));
            assert!(stderr.contains("named pipe"), "{stderr}");
            use std::os::unix::fs::FileTypeExt;
            assert!(
                std::fs::symlink_metadata(&fifo)
                    .expect("fifo")
                    .file_type()
                    .is_fifo()
            );
        }
        _ => eprintln!("mkfifo is not available: the named-pipe case is skipped"),
    }

    // A plain file is still written.
    let out = dir.path().join("brief.md");
    let said = ok(&brief_md(&project, &out));
    assert!(said.contains("briefing written"), "{said}");
    assert!(
        std::fs::read_to_string(&out)
            .expect("briefing")
            .starts_with("# Briefing: P")
    );
}

#[test]
fn records_never_overwrite_a_users_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = project_of(dir.path(), "P.dossier", &[("bulletin.txt", &bulletin())]);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let mine = out.join("bulletin.json");
    std::fs::write(&mine, "{\"my\": \"own article\"}").expect("write");

    let stderr = refused(&["export", path(&project), "--json", path(&out)]);
    assert!(
        stderr.contains("bulletin.json") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(&out).expect("list").count(),
        1,
        "nothing written"
    );

    let forced = dossier(&["export", path(&project), "--json", path(&out), "--force"]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert!(
        text(&forced.stderr).contains("written as bulletin-2.json"),
        "{}",
        text(&forced.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&mine).expect("read"),
        "{\"my\": \"own article\"}"
    );
    assert_eq!(
        read_json(&out.join("bulletin-2.json"))["article"],
        "bulletin.txt"
    );

    // The one-shot analysis of a folder into itself: the folder's own article is kept.
    let input = dir.path().join("in");
    std::fs::write(
        input.join("notes.json"),
        "{\"title\": \"My notes\", \"text\": \"Bazoum was seen in Niamey.\"}",
    )
    .expect("write");
    let stderr = refused(&["analyze", path(&input), "--json", path(&input)]);
    assert!(stderr.contains("which Dossier did not write"), "{stderr}");
    assert!(input.join("bulletin.txt").is_file());
    assert_eq!(std::fs::read_dir(&input).expect("list").count(), 2);
}

#[test]
fn records_never_overwrite_the_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A project named like the record of its own article, in the folder the records go to.
    let project = project_of(
        dir.path(),
        "bulletin.json",
        &[("bulletin.txt", &bulletin())],
    );
    let before = std::fs::read(&project).expect("read project");
    let stderr = refused(&["export", path(&project), "--json", path(dir.path())]);
    assert!(stderr.contains("bulletin.json"), "{stderr}");
    let forced = dossier(&[
        "export",
        path(&project),
        "--json",
        path(dir.path()),
        "--force",
    ]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert_eq!(std::fs::read(&project).expect("read project"), before);
    assert_eq!(
        read_json(&dir.path().join("bulletin-2.json"))["article"],
        "bulletin.txt"
    );
    let hits = ok(&["search", path(&project), "Bazoum"]);
    assert!(hits.contains("Bazoum Held in Niamey"), "{hits}");
}

#[test]
fn a_240_character_file_name_is_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = format!("{}.txt", "x".repeat(240));
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::write(input.join(&long), bulletin()).expect("write long");
    std::fs::write(input.join("short.txt"), bulletin().replace("Held", "Kept")).expect("write");
    let out = dir.path().join("out");
    let result = dossier(&["analyze", path(&input), "--json", path(&out)]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let records: Vec<_> = std::fs::read_dir(&out)
        .expect("records")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(records.len(), 2, "{records:?}");
    let articles: Vec<_> = records
        .iter()
        .map(|p| read_json(p)["article"].clone())
        .collect();
    assert!(articles.contains(&serde_json::json!(long)), "{articles:?}");
    assert!(
        records
            .iter()
            .all(|p| p.file_name().expect("name").len() <= 210)
    );
}

#[test]
fn search_shows_control_characters_escaped_and_takes_any_query() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let title = "Coup \x1b]0;pwned\x07in Niamey\x1b[2J";
    std::fs::write(input.join("bulletin.txt"), format!("{title}\n\n{BODY}")).expect("write");
    std::fs::write(input.join("bad\x1b[2J.txt"), "").expect("write");
    let project = dir.path().join("P.dossier");
    let report = ok(&["import", path(&project), path(&input)]);
    assert!(!report.contains('\x1b'), "{report:?}");
    assert!(report.contains("bad\\x1b[2J.txt"), "{report}");

    let hits = ok(&["search", path(&project), "Bazoum"]);
    assert!(!hits.contains('\x1b') && !hits.contains('\x07'), "{hits:?}");
    assert!(
        hits.contains("Coup \\x1b]0;pwned\\x07in Niamey\\x1b[2J"),
        "{hits}"
    );

    for args in [
        &["search", path(&project), "--", "-Bazoum"][..],
        &["search", path(&project), "-Bazoum"][..],
    ] {
        let hits = ok(args);
        assert!(hits.contains("in Niamey"), "{args:?}: {hits}");
    }
    let stderr = refused(&["search", path(&project), "Bazoum", "--limit", "0"]);
    assert!(stderr.contains("--limit"), "{stderr}");
}
