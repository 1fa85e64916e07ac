//! The sample collection as the tests start from it: imported, or imported and analysed with
//! the sample sanctions list stored (so screening runs), and its articles by file name.

use dossier::app::recent::sample_dir;
use dossier::jobs;
use dossier::model::ArticleId;
use dossier::store::Project;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// The sample collection imported into a new project at `path`.
pub(crate) fn imported_sample(path: &Path) -> Project {
    let mut project = Project::create_or_open(path).expect("create");
    let report = jobs::import(
        &mut project,
        &[sample_dir()],
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .expect("import");
    assert!(report.imported >= 10, "{report}");
    project
}

/// The sample collection imported and analysed into a new project at `path`, with the sample
/// sanctions list stored.
pub(crate) fn analysed_sample(path: &Path) -> Project {
    let mut project = imported_sample(path);
    let list_file = sample_dir()
        .parent()
        .expect("projects dir")
        .join("sample-sanctions.csv");
    let imported = jobs::read_sanctions_list(&[list_file]).expect("sample list");
    project
        .add_sanctions_list(
            imported.list,
            &["sample-sanctions.csv".into()],
            &imported.problems,
        )
        .expect("store list");
    jobs::analyze(&mut project, &mut |_| {}, &AtomicBool::new(false)).expect("analyze");
    project
}

/// The id of the sample article read from `source_name`.
pub(crate) fn article(project: &Project, source_name: &str) -> ArticleId {
    project
        .article_summaries()
        .expect("list")
        .into_iter()
        .find(|a| a.source_name == source_name)
        .unwrap_or_else(|| panic!("no article {source_name}"))
        .id
}
