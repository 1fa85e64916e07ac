//! Everything Dossier writes for others to read: per-article JSON records and briefings
//! (Markdown, HTML, PDF).
//! Every file is written atomically, and only where [`check_target`] allows: never over a
//! project, its side files, or anything that is not a regular file.

pub mod brief;
pub mod briefing;
pub mod json;
mod records_folder;
mod target;

pub use records_folder::{MANIFEST, RecordsWritten};
pub use target::{ExportError, check_target};

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Writes an export to `path` atomically, once [`check_target`] has allowed it; `protected`
/// are the projects open here.
pub fn write_file(path: &Path, bytes: &[u8], protected: &[&Path]) -> Result<(), ExportError> {
    check_target(path, protected)?;
    write_atomic(path, bytes).map_err(ExportError::io(path))
}

/// Bytes of the target's name kept in a temporary file's name, so that a long name still
/// leaves room for the prefix and suffix within the file system's 255-byte limit.
const TEMP_NAME_BYTES: usize = 64;

/// Writes `bytes` to `path` atomically: a new temporary file in the same folder, flushed to
/// disk, then renamed over the target. A failed write never leaves a half-written file over an
/// older good one. An existing target that is not a regular file (a symbolic link, a named
/// pipe, a folder) is refused, not replaced or followed; it is looked at again just before the
/// rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let staged = Staged::write(path, bytes)?;
    staged.sync()?;
    staged.commit()
}

/// A file written beside its target and not yet in place: [`write_atomic`] in three steps, so
/// that many files can be written, then flushed to disk together, then put in place. Dropped
/// before [`Staged::commit`], the temporary is removed and the target left as it was.
pub(crate) struct Staged {
    target: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl Staged {
    /// Writes `bytes` to a new temporary file beside `path` (not flushed to disk); an
    /// existing `path` that is not a regular file is refused.
    pub(crate) fn write(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
        refuse_non_regular(path)?;
        let (tmp, mut file) = create_temporary(path)?;
        let staged = Staged {
            target: path.to_owned(),
            tmp,
            committed: false,
        };
        file.write_all(bytes)?;
        Ok(staged)
    }

    /// Flushes the temporary file to disk.
    pub(crate) fn sync(&self) -> std::io::Result<()> {
        File::open(&self.tmp)?.sync_all()
    }

    /// Renames the temporary file over the target, which is looked at again first.
    pub(crate) fn commit(mut self) -> std::io::Result<()> {
        refuse_non_regular(&self.target)?;
        std::fs::rename(&self.tmp, &self.target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// An error when `path` exists and is not a regular file.
fn refuse_non_regular(path: &Path) -> std::io::Result<()> {
    match target::non_regular_kind(path)? {
        Some(kind) => Err(std::io::Error::new(
            ErrorKind::InvalidInput,
            format!("{kind}, not a regular file: not replaced"),
        )),
        None => Ok(()),
    }
}

/// A new file beside `path` (`.NAME.PID.N.tmp`), created exclusively: an existing file or
/// link of that name is never opened.
fn create_temporary(path: &Path) -> std::io::Result<(PathBuf, File)> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_string());
    let name = truncate_on_char(&name, TEMP_NAME_BYTES);
    let mut attempt = 0;
    loop {
        let tmp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// The longest start of `text` of at most `max_bytes` bytes that ends on a character boundary.
pub(crate) fn truncate_on_char(text: &str, max_bytes: usize) -> &str {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.json");
        write_atomic(&target, b"old").expect("first write");
        write_atomic(&target, b"new").expect("second write");
        assert_eq!(std::fs::read(&target).expect("read"), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.json")]);
    }

    #[test]
    fn failed_write_keeps_the_old_target_and_no_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A target that cannot be replaced by a file: a non-empty folder.
        let target = dir.path().join("out.json");
        std::fs::create_dir(&target).expect("folder");
        std::fs::write(target.join("keep"), b"good").expect("seed");
        assert!(write_atomic(&target, b"bad").is_err());
        assert_eq!(std::fs::read(target.join("keep")).expect("read"), b"good");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_neither_followed_nor_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.txt");
        std::fs::write(&real, b"mine").expect("write");
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let error = write_atomic(&link, b"briefing").expect_err("refused");
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert!(std::fs::symlink_metadata(&link).expect("link").is_symlink());
        assert_eq!(std::fs::read(&real).expect("read"), b"mine");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 2);
    }

    #[test]
    fn a_long_name_leaves_room_for_the_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        // 250 bytes: the target fits the usual 255-byte limit, a temporary named after all of
        // it would not.
        let name = format!("{}.json", "é".repeat(122));
        assert_eq!(name.len(), 249);
        let target = dir.path().join(&name);
        write_atomic(&target, b"{}").expect("write");
        assert_eq!(std::fs::read(&target).expect("read"), b"{}");
    }

    #[test]
    fn a_left_over_temporary_is_not_reused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.md");
        let stale = dir
            .path()
            .join(format!(".out.md.{}.0.tmp", std::process::id()));
        std::fs::write(&stale, b"someone else's").expect("write");
        write_atomic(&target, b"new").expect("write");
        assert_eq!(std::fs::read(&stale).expect("read"), b"someone else's");
        assert_eq!(std::fs::read(&target).expect("read"), b"new");
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate_on_char("abc", 10), "abc");
        assert_eq!(truncate_on_char("aé", 2), "a");
        assert_eq!(truncate_on_char("aé", 3), "aé");
    }
}
