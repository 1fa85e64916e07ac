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
