//! Integration tests: `jobs::import` into a project — importing the same files again adds
//! nothing, and says so.

use dossier::jobs::{self, ImportReport};
use dossier::model::DuplicateKind;
use dossier::store::Project;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use tempfile::TempDir;

/// Writes `text` to `dir/name` and returns the path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

/// Imports `paths` into `project`.
fn import(project: &mut Project, paths: &[PathBuf]) -> ImportReport {
    jobs::import(project, paths, &mut |_| {}, &AtomicBool::new(false)).expect("import")
}

/// A folder with two text files, a copy of one under another name, and a CSV of two rows
/// (one of them the same text as a file).
fn collection(dir: &Path) {
    write(
        dir,
        "a.txt",
        "Alpha headline\n\nECOWAS chiefs met in Accra on Thursday.",
    );
    write(
        dir,
        "b.txt",
        "Beta headline\n\nThe junta closed the airspace on Sunday.",
    );
    write(
        dir,
        "copy-of-a.txt",
        "Alpha headline\n\nECOWAS chiefs met in Accra on Thursday.",
    );
    write(
        dir,
        "feed.csv",
        "title,text\nGamma headline,Niger recalled its ambassador.\nBeta headline,The junta closed the airspace on Sunday.\n",
    );
}

/// The [`collection`] in `dir/in`, and a new project beside it.
fn collection_and_project(dir: &Path) -> (PathBuf, Project) {
    let input = dir.join("in");
    std::fs::create_dir(&input).expect("mkdir");
    collection(&input);
    let project = Project::create_or_open(&dir.join("p.dossier")).expect("create");
    (input, project)
}

#[test]
fn importing_the_same_folder_twice_adds_nothing() {
    let dir = TempDir::new().expect("tempdir");
    let (input, mut project) = collection_and_project(dir.path());

    let first = import(&mut project, std::slice::from_ref(&input));
    assert_eq!(first.imported, 5, "{first}");
    assert_eq!(first.exact_duplicates, 2, "{first}");
    assert_eq!(first.already_imported, 0);
    assert_eq!(project.article_count().expect("count"), 5);

    // Again, as after a kill or by mistake: nothing new, every article counted as skipped.
    let second = import(&mut project, std::slice::from_ref(&input));
    assert_eq!(second.imported, 0, "{second}");
    assert_eq!(second.exact_duplicates, 0, "{second}");
    assert_eq!(second.already_imported, 5, "{second}");
    assert_eq!(project.article_count().expect("count"), 5);
    let line = second.to_string();
    assert!(
        line.lines()
            .next()
            .is_some_and(|l| l.contains("5 already in the project (skipped)")),
        "{line}"
    );

    // The same folder named another way (a relative path with `..`) is the same files.
    let roundabout = input.join("..").join("in");
    let third = import(&mut project, &[roundabout]);
    assert_eq!(third.imported, 0, "{third}");
    assert_eq!(third.already_imported, 5, "{third}");

    // A changed file is new content; a new file with old content is an exact duplicate.
    write(
        &input,
        "b.txt",
        "Beta headline\n\nThe junta reopened the airspace on Monday.",
    );
    write(
        &input,
        "again-a.txt",
        "Alpha headline\n\nECOWAS chiefs met in Accra on Thursday.",
    );
    let fourth = import(&mut project, std::slice::from_ref(&input));
    assert_eq!(fourth.imported, 2, "{fourth}");
    assert_eq!(fourth.exact_duplicates, 1, "{fourth}");
    assert_eq!(fourth.already_imported, 4, "{fourth}");
    let articles = project.articles().expect("articles");
    assert_eq!(articles.len(), 7);
    let again = articles
        .iter()
        .find(|a| a.source_name == "again-a.txt")
        .expect("again-a.txt stored");
    assert_eq!(
        again.duplicate_of.map(|d| d.kind),
        Some(DuplicateKind::Exact)
    );
}

#[test]
fn a_killed_import_resumes_without_doubling() {
    let dir = TempDir::new().expect("tempdir");
    let (input, mut project) = collection_and_project(dir.path());
    // The first part of the collection made it in before the kill.
    let partial = import(&mut project, &[input.join("a.txt"), input.join("feed.csv")]);
    assert_eq!(partial.imported, 3);
    let rest = import(&mut project, std::slice::from_ref(&input));
    assert_eq!(rest.already_imported, 3, "{rest}");
    assert_eq!(rest.imported, 2, "{rest}");
    assert_eq!(project.article_count().expect("count"), 5);
}

/// A body of 80 words that no other `body(j)` shares a 5-word shingle with.
fn body(i: usize) -> String {
    (0..80)
        .map(|k| format!("w{i}x{k}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `body(i)` with its 40th word changed: a near copy (Jaccard about 0.88).
fn near_copy(i: usize) -> String {
    body(i).replacen(&format!("w{i}x40 "), "changed ", 1)
}

/// A new folder `in` in `dir` with `n` text files `f000.txt`…, file `i` holding `text(i)`;
/// returns the folder.
fn files(dir: &Path, n: usize, text: impl Fn(usize) -> String) -> PathBuf {
    let dir = dir.join("in");
    std::fs::create_dir(&dir).expect("mkdir");
    for i in 0..n {
        write(
            &dir,
            &format!("f{i:03}.txt"),
            &format!("Headline {i}\n\n{}", text(i)),
        );
    }
    dir
}

#[test]
fn near_copies_are_found_across_batches_and_imports() {
    let dir = TempDir::new().expect("tempdir");
    // 600 files, three batches: file 10 copies file 3 (the same group of pending articles),
    // file 300 copies file 5 (an earlier batch), the rest are new.
    let input = files(dir.path(), 600, |i| match i {
        10 => near_copy(3),
        300 => near_copy(5),
        _ => body(i),
    });
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    let mut seen = Vec::new();
    let report = jobs::import(
        &mut project,
        std::slice::from_ref(&input),
        &mut |p| seen.push(p.done),
        &AtomicBool::new(false),
    )
    .expect("import");
    assert_eq!(report.imported, 600, "{report}");
    assert_eq!(report.near_duplicates, 2, "{report}");
    assert_eq!(seen, vec![0, 256, 512, 600]);
    let articles = project.articles().expect("articles");
    let near_of = |name: &str| {
        let a = articles.iter().find(|a| a.source_name == name).expect(name);
        a.duplicate_of.map(|d| (d.article, d.kind))
    };
    let id_of = |name: &str| {
        articles
            .iter()
            .find(|a| a.source_name == name)
            .expect(name)
            .id
    };
    // Articles get ids in file order.
    assert!(
        articles
            .windows(2)
            .all(|w| w[0].source_name < w[1].source_name)
    );
    assert_eq!(
        near_of("f010.txt"),
        Some((id_of("f003.txt"), DuplicateKind::Near))
    );
    assert_eq!(
        near_of("f300.txt"),
        Some((id_of("f005.txt"), DuplicateKind::Near))
    );
    assert_eq!(near_of("f011.txt"), None);

    // A later import checks against what the project holds.
    let more = dir.path().join("more");
    std::fs::create_dir(&more).expect("mkdir");
    write(&more, "late.txt", &format!("Late\n\n{}", near_copy(450)));
    write(&more, "new.txt", &format!("New\n\n{}", body(9999)));
    let report = import(&mut project, &[more]);
    assert_eq!(report.imported, 2, "{report}");
    assert_eq!(report.near_duplicates, 1, "{report}");
    let late = project
        .articles()
        .expect("articles")
        .into_iter()
        .find(|a| a.source_name == "late.txt")
        .expect("late");
    assert_eq!(
        late.duplicate_of.map(|d| d.article),
        Some(id_of("f450.txt"))
    );
}

#[test]
fn a_cancelled_import_keeps_the_batches_stored_before() {
    let dir = TempDir::new().expect("tempdir");
    let input = files(dir.path(), 600, body);
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    let cancel = AtomicBool::new(false);
    let report = jobs::import(
        &mut project,
        std::slice::from_ref(&input),
        &mut |p| {
            if p.done > 0 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .expect("import");
    assert!(report.cancelled, "{report}");
    assert_eq!(report.imported, 256, "{report}");
    assert_eq!(project.article_count().expect("count"), 256);
    // The rest comes in when the folder is imported again.
    let again = import(&mut project, &[input]);
    assert_eq!(
        (again.imported, again.already_imported),
        (344, 256),
        "{again}"
    );
}

#[test]
fn refused_files_in_every_batch_are_named_and_the_rest_goes_in() {
    let dir = TempDir::new().expect("tempdir");
    // 600 files, three batches of parsing and storing; bad files in each batch, an exact and
    // a near copy in the last one.
    let input = files(dir.path(), 600, |i| match i {
        595 => near_copy(8),
        _ => body(i),
    });
    std::fs::copy(input.join("f007.txt"), input.join("f590.txt")).expect("copy");
    let bad: [(&str, &[u8]); 5] = [
        (
            "f002.txt",
            &[0x89, b'P', b'N', b'G', 0, 0, 1, 2, 3, 0, 0, 0],
        ),
        ("f100.txt", b""),
        ("f300.txt", b"Headline\n\nsome\0\0\0\0 binary\0\0 text\0\0"),
        ("f301.json", b"{\"title\": \"x\", \"text\": "),
        ("f599.txt", b"   \n\n  "),
    ];
    for (name, bytes) in bad {
        std::fs::write(input.join(name), bytes).expect("write");
    }
    // Not UTF-8 (Latin-1): read all the same, with a warning or without.
    std::fs::write(
        input.join("f400.txt"),
        b"Coup au Niger\n\nLe g\xe9n\xe9ral a d\xe9clar\xe9 \xe0 Niamey que la junte restait.",
    )
    .expect("write");
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    let report = import(&mut project, &[input]);
    assert_eq!(report.files, 601, "{report}");
    assert_eq!(report.imported, 596, "{report}");
    assert_eq!(
        (report.exact_duplicates, report.near_duplicates),
        (1, 1),
        "{report}"
    );
    for (name, _) in bad {
        let named = report
            .warnings
            .iter()
            .filter(|w| w.to_string().contains(name))
            .count();
        assert_eq!(named, 1, "{name} in {report}");
    }
    assert_eq!(project.article_count().expect("count"), 596);
    assert_eq!(project.search_count("junte").expect("search"), 1);
}
