//! Where an export may write: never over a Dossier project (the open one, by whatever path it
//! is reached, or any other), its `-wal`, `-shm` or `-journal` file, nor over anything that is
//! not a regular file (a symbolic link, a named pipe, a device, a folder).

use crate::store;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Why an export did not write. Each message names the file and the reason.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The target is one Dossier never writes over.
    #[error("{path}: not written: {reason}")]
    Refused { path: String, reason: String },
    /// A records folder holds files Dossier did not write.
    #[error(
        "{dir}: not written: the folder holds {file}{}, which Dossier did not write; choose an empty folder or one holding only Dossier's records",
        if *more > 0 { format!(" and {more} more files") } else { String::new() }
    )]
    ForeignFiles {
        dir: String,
        /// The first foreign file, by name.
        file: String,
        more: usize,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl ExportError {
    pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
        move |source| ExportError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    fn refused(path: &Path, reason: impl Into<String>) -> ExportError {
        ExportError::Refused {
            path: path.display().to_string(),
            reason: reason.into(),
        }
    }
}

/// The files SQLite keeps beside a project while it is open or after a crash.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Checks that an export may write `target`; `protected` are the projects open here (their
/// side files are protected with them).
///
/// The target's folder is resolved first (`x/../P.dossier` and symbolic links in the folder
/// path lead to the real file), then the target is refused when it
/// - exists and is not a regular file (a symbolic link is refused, not followed);
/// - is a protected project or one of its side files, compared by resolved path, and by
///   device and inode where the file exists (a hard link is the same file);
/// - is any Dossier project ([`store::is_project_file`]), or a side file of one.
pub fn check_target(target: &Path, protected: &[&Path]) -> Result<(), ExportError> {
    let resolved = resolve(target)?;
    if let Some(kind) = non_regular_kind(&resolved).map_err(ExportError::io(target))? {
        return Err(ExportError::refused(
            target,
            format!("it is {kind}, not a regular file"),
        ));
    }
    for project in protected {
        let project_resolved = resolve(project).unwrap_or_else(|_| project.to_path_buf());
        if resolved == project_resolved || same_file(&resolved, project) {
            return Err(ExportError::refused(target, "it is the open project"));
        }
        for suffix in SIDE_FILES {
            if resolved == side_file(&project_resolved, suffix)
                || same_file(&resolved, &side_file(project, suffix))
            {
                return Err(ExportError::refused(
                    target,
                    format!("it is the open project's {suffix} file"),
                ));
            }
        }
    }
    if store::is_project_file(&resolved) {
        return Err(ExportError::refused(target, "it is a Dossier project"));
    }
    let name = resolved
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    for suffix in SIDE_FILES {
        if let Some(base) = name.strip_suffix(suffix).filter(|b| !b.is_empty()) {
            let base = resolved.with_file_name(base);
            if store::is_project_file(&base) {
                return Err(ExportError::refused(
                    target,
                    format!(
                        "it is the {suffix} file of the Dossier project {}",
                        base.display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// `path` with its folder resolved to a real, absolute path and its own name kept (the name is
/// not followed: a symbolic link stays the link).
fn resolve(path: &Path) -> Result<PathBuf, ExportError> {
    let Some(name) = path.file_name() else {
        return Err(ExportError::refused(path, "it names no file"));
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let folder = std::fs::canonicalize(folder).map_err(ExportError::io(folder))?;
    Ok(folder.join(name))
}

/// What `path` is when it exists and is not a regular file ("a symbolic link", "a named
/// pipe"…); `None` when it is a regular file or does not exist. Never follows a link.
pub(super) fn non_regular_kind(path: &Path) -> std::io::Result<Option<&'static str>> {
    let file_type = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type(),
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(if file_type.is_file() {
        None
    } else if file_type.is_symlink() {
        Some("a symbolic link")
    } else if file_type.is_dir() {
        Some("a folder")
    } else {
        Some(special_kind(&file_type))
    })
}

#[cfg(unix)]
fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_file_type: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Whether both paths exist and are the same file (same device and inode: hard links too).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether both paths exist and lead to the same file.
#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `path` with `suffix` appended to its file name, as SQLite names its side files.
fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Project;

    fn refused_reason(result: Result<(), ExportError>) -> String {
        match result {
            Err(ExportError::Refused { reason, .. }) => reason,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn the_open_project_is_refused_by_any_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.dossier");
        let project = Project::create_or_open(&path).expect("create");
        std::fs::create_dir(dir.path().join("x")).expect("mkdir");
        for target in [
            path.clone(),
            dir.path().join("x").join("..").join("p.dossier"),
        ] {
            let reason = refused_reason(check_target(&target, &[project.path()]));
            assert_eq!(reason, "it is the open project");
        }
        // A hard link is the same file.
        let link = dir.path().join("linked.md");
        std::fs::hard_link(&path, &link).expect("hard link");
        assert_eq!(
            refused_reason(check_target(&link, &[project.path()])),
            "it is the open project"
        );
        // Side files, whether SQLite has made them yet or not.
        for suffix in SIDE_FILES {
            let reason = refused_reason(check_target(&side_file(&path, suffix), &[project.path()]));
            assert!(reason.contains(suffix), "{reason}");
        }
        // Without being told, the project is still recognised as one.
        assert_eq!(
            refused_reason(check_target(&path, &[])),
            "it is a Dossier project"
        );
        drop(project);
    }

    #[test]
    fn a_closed_project_and_its_side_files_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("other.dossier");
        drop(Project::create_or_open(&path).expect("create"));
        let before = std::fs::read(&path).expect("read");
        assert_eq!(
            refused_reason(check_target(&path, &[])),
            "it is a Dossier project"
        );
        let reason = refused_reason(check_target(&side_file(&path, "-wal"), &[]));
        assert!(
            reason.contains("-wal file of the Dossier project"),
            "{reason}"
        );
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    #[test]
    fn links_folders_and_missing_folders_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.md");
        std::fs::write(&real, "mine").expect("write");
        assert!(
            check_target(&real, &[]).is_ok(),
            "a plain file may be replaced"
        );
        assert!(check_target(&dir.path().join("new.md"), &[]).is_ok());
        #[cfg(unix)]
        {
            let link = dir.path().join("link.md");
            std::os::unix::fs::symlink(&real, &link).expect("symlink");
            assert_eq!(
                refused_reason(check_target(&link, &[])),
                "it is a symbolic link, not a regular file"
            );
        }
        assert_eq!(
            refused_reason(check_target(dir.path(), &[])),
            "it is a folder, not a regular file"
        );
        let missing = dir.path().join("no-such-folder").join("b.md");
        match check_target(&missing, &[]) {
            Err(ExportError::Io { path, .. }) => assert!(path.ends_with("no-such-folder")),
            other => panic!("expected an I/O error, got {other:?}"),
        }
        assert_eq!(
            refused_reason(check_target(Path::new("/"), &[])),
            "it names no file"
        );
    }

    #[test]
    fn a_project_reached_through_a_linked_folder_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.dossier");
        let project = Project::create_or_open(&path).expect("create");
        #[cfg(unix)]
        {
            let alias = dir.path().join("alias");
            std::os::unix::fs::symlink(dir.path(), &alias).expect("symlink");
            let reason = refused_reason(check_target(
                &alias.join("p.dossier-shm"),
                &[project.path()],
            ));
            assert_eq!(reason, "it is the open project's -shm file");
        }
        drop(project);
    }
}
