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

/// A file made immutable (`chattr +i`) until dropped: no one, root included, can write it, so
/// it stands for a write-protected project where tests run as root.
pub(crate) struct Immutable(std::path::PathBuf);

impl Immutable {
    /// `None` where `chattr` is missing or not allowed (no CAP_LINUX_IMMUTABLE, or a file
    /// system without the attribute).
    pub(crate) fn set(path: &Path) -> Option<Immutable> {
        let set = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .output()
            .is_ok_and(|o| o.status.success());
        let guard = set.then(|| Immutable(path.to_owned()))?;
        // Only if writing is really refused now.
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .is_err()
            .then_some(guard)
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}

/// Overwrites the page of the project at `path` that holds `needle` (its first occurrence) with
/// 0xA5 bytes, as a failing disk or a bad copy would.
pub(crate) fn damage_page_holding(path: &Path, needle: &[u8]) {
    let mut bytes = std::fs::read(path).expect("read");
    let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("needle in the file");
    let page = at / page_size;
    bytes[page * page_size..(page + 1) * page_size].fill(0xA5);
    std::fs::write(path, bytes).expect("write");
}

/// The cache folder the `dossier` commands these tests run keep their stamps in
/// (`store::checked`): under the build's folder, not the user's.
pub(crate) fn cli_cache_home() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-cache")
}
