//! The `dossier` command end to end on the sample collection: import, analyze, export, search,
//! the one-shot `analyze DIR --json`, and failures that must exit non-zero with a message.

use dossier::app::recent::sample_dir;
use std::path::Path;
use std::process::{Command, Output};

fn dossier(args: &[&str]) -> Output {
    dossier_caching_in(&crate::fixtures::cli_cache_home(), args)
}

/// Runs `dossier` keeping its stamps of sound projects (`store::checked`) under `cache`.
fn dossier_caching_in(cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("XDG_CACHE_HOME", cache)
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

/// The one-shot (a scratch project: in memory, no full-text index) writes, byte for byte, the
/// records that importing the folder into a project, analysing and exporting it write: one
/// per article, the exact copies of a second copy of the folder included.
#[test]
fn the_one_shot_writes_the_records_of_import_analyze_and_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    for copy in ["first", "second"] {
        let to = input.join(copy);
        std::fs::create_dir_all(&to).expect("mkdir");
        for entry in std::fs::read_dir(sample_dir()).expect("sample") {
            let from = entry.expect("entry").path();
            if from.is_file() {
                std::fs::copy(&from, to.join(from.file_name().expect("name"))).expect("copy");
            }
        }
    }
    let one_shot = dir.path().join("one-shot");
    ok(&["analyze", path(&input), "--json", path(&one_shot)]);
    let project = dir.path().join("p.dossier");
    let report = ok(&["import", path(&project), path(&input)]);
    assert!(report.contains("34 articles imported"), "{report}");
    ok(&["analyze", path(&project)]);
    let exported = dir.path().join("exported");
    ok(&["export", path(&project), "--json", path(&exported)]);

    let files = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .expect("records")
            .map(|e| {
                let path = e.expect("entry").path();
                let name = path
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                (name, std::fs::read(&path).expect("read"))
            })
            .collect();
        files.sort();
        files
    };
    let (one_shot, exported) = (files(&one_shot), files(&exported));
    let records = one_shot
        .iter()
        .filter(|(n, _)| n.ends_with(".json"))
        .count();
    assert_eq!(records, 34, "one record per article file");
    assert_eq!(
        one_shot.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        exported.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for ((name, a), (_, b)) in one_shot.iter().zip(&exported) {
        assert!(a == b, "{name} differs between the one-shot and the export");
    }
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

/// Every stderr line of a failed run; asserts it failed.
fn refused_lines(args: &[&str]) -> Vec<String> {
    let out = dossier(args);
    assert!(!out.status.success(), "dossier {args:?} succeeded");
    text(&out.stderr).lines().map(str::to_owned).collect()
}

/// The commands that only read `project`: search, export, brief and screen, writing into `out`.
fn reading_commands(project: &str, out: &Path) -> Vec<Vec<String>> {
    let list = sample_dir()
        .parent()
        .expect("projects")
        .join("sample-sanctions.csv");
    let path = |name: &str| out.join(name).display().to_string();
    let (records, brief, list) = (
        path("records"),
        path("brief.md"),
        list.display().to_string(),
    );
    [
        vec!["search", project, "standby force"],
        vec!["export", project, "--json", &records],
        vec!["brief", project, "--format", "md", "--out", &brief],
        vec!["screen", project, &list],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(str::to_owned).collect())
    .collect()
}

/// The commands that change `project`: analyze, and import of the sample.
fn writing_commands(project: &str) -> Vec<Vec<String>> {
    let sample = sample_dir().display().to_string();
    vec![
        vec!["analyze".into(), project.into()],
        vec!["import".into(), project.into(), sample],
    ]
}

/// Issue 12: `screen` printed hits with exit 0 from a project with a damaged page, which every
/// other command refused. Every command now reads every page before it starts.
#[test]
fn every_command_refuses_a_damaged_project_alike() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("damaged.dossier");
    drop(crate::fixtures::analysed_sample(&path));
    // A page of article text, which `screen` never reads.
    crate::fixtures::damage_page_holding(&path, b"Ouagadougou have placed");
    let project = path.to_str().expect("utf-8");
    let commands = [
        reading_commands(project, dir.path()),
        writing_commands(project),
    ]
    .concat();
    for args in commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let lines = refused_lines(&args);
        assert_eq!(lines.len(), 1, "{args:?}: {lines:?}");
        assert!(
            lines[0].starts_with(&format!("dossier: {project}: the project file is damaged")),
            "{args:?}: {lines:?}"
        );
    }
}

/// A command that found a project sound records it so (`store::checked`) and the next command
/// does not read every page again: a damaged page its stamp hides is not refused by a command
/// that never reads it. Any write to the file changes the stamp (every command refuses it
/// again), and a refused project's stamp is dropped.
#[test]
#[cfg(unix)]
fn a_project_found_sound_is_not_read_whole_again_until_it_changes() {
    use dossier::store::checked::Checked;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.dossier");
    drop(crate::fixtures::analysed_sample(&path));
    let project = path.to_str().expect("utf-8");
    // stamps of its own: the other tests' commands, run meanwhile, record and evict theirs
    let cache = dir.path().join("cache");
    let stamps = || Checked::load(Some(cache.join("dossier").join("checked.json")));
    let ok = |args: &[&str]| {
        let out = dossier_caching_in(&cache, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    };
    let refused_lines = |args: &[&str]| {
        let out = dossier_caching_in(&cache, args);
        assert!(!out.status.success(), "dossier {args:?} succeeded");
        text(&out.stderr)
            .lines()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert!(!stamps().unchanged(&path));
    ok(&["search", project, "Tiani"]);
    assert!(stamps().unchanged(&path), "search found it sound");

    crate::fixtures::damage_page_holding(&path, b"Ouagadougou have placed");
    assert!(!stamps().unchanged(&path), "the damage changed the stamp");
    let list = sample_dir()
        .parent()
        .expect("projects")
        .join("sample-sanctions.csv");
    let screen = ["screen", project, list.to_str().expect("utf-8")];
    let lines = refused_lines(&screen);
    assert!(
        lines[0].starts_with(&format!("dossier: {project}: the project file is damaged")),
        "{lines:?}"
    );
    assert!(
        !stamps().unchanged(&path),
        "a refused project is not recorded"
    );

    // recorded as sound although damaged (as a failing disk could leave it): not read whole
    stamps().record(&path);
    ok(&screen);
    assert!(stamps().unchanged(&path));
}

/// Who runs a command: as is, or as `nobody` when this test runs as root (whom permissions do
/// not stop) and `setpriv` can drop root. `None` when neither can test permissions.
fn unprivileged() -> Option<Vec<String>> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let root = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1))
        .is_some_and(|euid| euid == "0");
    if !root {
        return Some(Vec::new());
    }
    let drop_root = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ];
    let works = Command::new(drop_root[0])
        .args(&drop_root[1..])
        .arg("true")
        .status()
        .is_ok_and(|s| s.success());
    works.then(|| drop_root.iter().map(|s| s.to_string()).collect())
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Issue 12: a write-protected project (or one in a write-protected folder) printed its error
/// three times and left `-wal`/`-shm` files beside it. Now reading commands work with one note,
/// writing commands are refused in one line, and nothing is written into or beside it.
#[test]
fn read_only_projects_work_for_reading() {
    let Some(runner) = unprivileged() else {
        eprintln!(
            "running as root without setpriv: permissions cannot be tested here \
             (store::a_read_only_project_reads_and_refuses_changes_in_one_line covers the rest)"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    set_mode(dir.path(), 0o755);
    let source = dir.path().join("source.dossier");
    drop(crate::fixtures::imported_sample(&source));
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    set_mode(&out, 0o777);

    // (folder name, folder mode, file mode, what the note says)
    for (name, folder_mode, file_mode, reason) in [
        ("file", 0o777, 0o444, "the file is write-protected"),
        ("folder", 0o555, 0o666, "its folder is write-protected"),
    ] {
        let folder = dir.path().join(name);
        std::fs::create_dir(&folder).expect("mkdir");
        let path = folder.join("p.dossier");
        std::fs::copy(&source, &path).expect("copy");
        set_mode(&path, file_mode);
        set_mode(&folder, folder_mode);
        let before = std::fs::read(&path).expect("read");
        let project = path.to_str().expect("utf-8");
        let run = |args: &[&str]| {
            let mut command = match runner.split_first() {
                Some((program, rest)) => {
                    let mut c = Command::new(program);
                    c.args(rest).arg(env!("CARGO_BIN_EXE_dossier"));
                    c
                }
                None => Command::new(env!("CARGO_BIN_EXE_dossier")),
            };
            command
                .args(args)
                .env("XDG_CACHE_HOME", crate::fixtures::cli_cache_home())
                .output()
                .expect("run dossier")
        };
        let note = format!("note: {project} is read-only ({reason}): opened for reading");
        let results = out.join(name);
        std::fs::create_dir(&results).expect("mkdir");
        set_mode(&results, 0o777);
        for args in reading_commands(project, &results) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let result = run(&args);
            assert!(
                result.status.success(),
                "{args:?}: {}",
                text(&result.stderr)
            );
            // The one note, and (the project was never analysed) export's warning about it.
            let stderr = text(&result.stderr);
            let mut lines = stderr.lines();
            assert_eq!(lines.next(), Some(note.as_str()), "{args:?}");
            assert!(
                lines.all(|l| l.starts_with("warning: 17 of 17 records are incomplete")),
                "{args:?}: {stderr}"
            );
        }
        let records = std::fs::read_dir(results.join("records")).expect("records");
        let json = records
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
            })
            .count();
        assert_eq!(json, 17);
        assert!(results.join("brief.md").is_file());
        let refusal = format!(
            "dossier: {project} is read-only ({reason}): opened for reading, nothing can be changed"
        );
        for args in writing_commands(project) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let result = run(&args);
            assert!(!result.status.success(), "{args:?} succeeded");
            assert_eq!(text(&result.stderr).trim_end(), refusal, "{args:?}");
        }
        set_mode(&folder, 0o755);
        assert_eq!(
            std::fs::read(&path).expect("read"),
            before,
            "{name}: bytes changed"
        );
        let names: Vec<String> = std::fs::read_dir(&folder)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["p.dossier"], "{name}: files appeared beside it");
    }
}

/// Issue 12: on a full disk every command said "disk I/O error … 4874" (SQLite could not make
/// its `-shm` file). Now reading commands work and say the disk is full, writing ones say so
/// in one line, and no `-wal`/`-shm` is left. The disk is a small tmpfs filled to the brim,
/// mounted in a private mount namespace (`unshare -m`) that vanishes with the script; where
/// that is not allowed, the test says so and stops.
#[test]
fn a_full_disk_is_named_and_reading_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("source.dossier");
    drop(crate::fixtures::imported_sample(&source));
    let size_kib = std::fs::metadata(&source).expect("size").len() / 1024 + 64;
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).expect("mkdir");
    let seed = sample_dir().join("000_0528eedcc084b2e2.txt");
    let script = format!(
        r#"set -u
mount -t tmpfs -o size={size_kib}k tmpfs "$DISK" || exit 97
cp "$SOURCE" "$DISK/p.dossier" || exit 98
dd if=/dev/zero of="$DISK/filler" bs=4k 2>/dev/null
"$DOSSIER" search "$DISK/p.dossier" standby --limit 1 >"$OUT/search.out" 2>"$OUT/search.err"
echo $? >"$OUT/search.rc"
"$DOSSIER" import "$DISK/p.dossier" "$SEED" >"$OUT/import.out" 2>"$OUT/import.err"
echo $? >"$OUT/import.rc"
ls -A "$DISK" >"$OUT/listing"
"#
    );
    let ran = Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .env("DISK", &disk)
        .env("SOURCE", &source)
        .env("SEED", &seed)
        .env("OUT", dir.path())
        .env("DOSSIER", env!("CARGO_BIN_EXE_dossier"))
        .status();
    if !ran.is_ok_and(|s| s.success()) {
        eprintln!("cannot mount a small tmpfs here (unshare -m): a full disk cannot be made");
        return;
    }
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("result");
    let project = disk.join("p.dossier");
    let project = project.display();
    assert_eq!(read("search.rc").trim(), "0", "{}", read("search.err"));
    assert_eq!(
        read("search.err").trim_end(),
        format!("note: {project} is read-only (the disk is full): opened for reading")
    );
    assert!(
        read("search.out").starts_with('['),
        "{}",
        read("search.out")
    );
    assert_eq!(read("import.rc").trim(), "1");
    assert_eq!(
        read("import.err").trim_end(),
        format!(
            "dossier: {project}: the disk is full; the project keeps everything saved before this step"
        )
    );
    assert_eq!(read("listing"), "filler\np.dossier\n");
}

#[test]
fn search_says_how_many_match_when_capped_and_takes_or() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("s.dossier");
    crate::fixtures::imported_sample(&project);
    let p = project.to_str().expect("utf-8 path");
    let capped = ok(&["search", p, "Niger", "--limit", "2"]);
    let total: usize = capped
        .lines()
        .find_map(|l| l.strip_prefix("2 of ")?.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no count line in:\n{capped}"));
    assert!(total > 10, "{capped}");

    let count = |query: &str| {
        ok(&["search", p, query, "--limit", "100"])
            .lines()
            .filter(|l| l.starts_with('['))
            .count()
    };
    let (tinubu, prigozhin) = (count("Tinubu"), count("Prigozhin"));
    let either = count("Tinubu OR Prigozhin");
    assert!(
        either > tinubu && either > prigozhin,
        "{tinubu} {prigozhin} {either}"
    );
    assert!(either <= tinubu + prigozhin);
    // Both words: fewer than either alone.
    assert!(count("Tinubu Prigozhin") < tinubu.min(prigozhin) + 1);
}
