//! Finding the files to import under the paths the analyst chose, and reading them within
//! bounds: regular files only, symbolic links followed only inside the chosen paths, at most
//! [`super::MAX_FILE_BYTES`] per file.
//!
//! Named pipes, sockets and devices are never opened (a pipe would block the import for ever,
//! `/dev/zero` never ends); a link out of the chosen folders (`/proc/PID/root` is `/`) is not
//! followed; a folder reached twice (through a link, or a loop) is walked once.

use super::record::warning;
use super::sidecar::is_sidecar_name;
use super::{SUPPORTED_EXTENSIONS, extension_of};
use crate::model::ImportWarning;
use std::collections::{BTreeMap, HashSet};
use std::fs::{FileType, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Per walked folder, at most this many warnings of one kind name their file; the rest are
/// counted in one more warning (`import /proc` meets thousands of links leading out).
const MAX_NAMED_PER_KIND: usize = 20;

/// See [`super::collect_files`].
pub(crate) fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ImportWarning>) {
    let roots: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        // A path named by the analyst is followed even when it is a link: they chose it.
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(err) => {
                warnings.push(io_warning(path, &err));
                continue;
            }
        };
        if metadata.is_dir() {
            for file in walk(path, &roots, &mut warnings) {
                if seen.insert(canonical(&file)) {
                    files.push(file);
                }
            }
        } else if !metadata.is_file() {
            warnings.push(not_regular_warning(path, &metadata.file_type()));
        } else if path
            .file_name()
            .is_some_and(|n| is_sidecar_name(&n.to_string_lossy()))
        {
            warnings.push(warning(
                &path.display().to_string(),
                None,
                "metadata sidecar: it is applied when its article file is imported",
            ));
        } else {
            match extension_of(path) {
                Some(ext) if !SUPPORTED_EXTENSIONS.contains(&ext.as_str()) => {
                    warnings.push(warning(
                        &path.display().to_string(),
                        None,
                        format!(
                            "unsupported file type '.{ext}' (supported: {})",
                            SUPPORTED_EXTENSIONS.join(", ")
                        ),
                    ));
                }
                _ => {
                    if seen.insert(canonical(path)) {
                        files.push(path.clone());
                    }
                }
            }
        }
    }
    (files, warnings)
}

/// A path with its links resolved, or as given when that fails.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// What [`walk`] found for one directory entry.
enum Entry {
    Folder,
    File,
    /// A pipe, socket or device.
    Special(FileType),
}

/// Why an entry was passed over with a warning; each kind is capped at [`MAX_NAMED_PER_KIND`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Skip {
    Unreadable,
    Special,
    Outside,
}

impl Skip {
    /// "… and 12 more {this}" in the summary warning.
    fn plural(self) -> &'static str {
        match self {
            Skip::Unreadable => "entries that cannot be read",
            Skip::Special => "entries that are not regular files (pipes, sockets, devices)",
            Skip::Outside => "symbolic links pointing outside the imported folders (not followed)",
        }
    }
}

/// Warnings of one walk, at most [`MAX_NAMED_PER_KIND`] named per kind.
struct Skips<'w> {
    warnings: &'w mut Vec<ImportWarning>,
    counts: BTreeMap<Skip, usize>,
}

impl Skips<'_> {
    fn push(&mut self, kind: Skip, warning: ImportWarning) {
        let count = self.counts.entry(kind).or_insert(0);
        *count += 1;
        if *count <= MAX_NAMED_PER_KIND {
            self.warnings.push(warning);
        }
    }

    /// One warning per kind for the entries past the cap.
    fn finish(self, root: &Path) {
        for (kind, count) in self.counts {
            if count > MAX_NAMED_PER_KIND {
                self.warnings.push(warning(
                    &root.display().to_string(),
                    None,
                    format!("and {} more {}", count - MAX_NAMED_PER_KIND, kind.plural()),
                ));
            }
        }
    }
}

/// The supported files under `root`, sorted by path.
///
/// Hidden entries and sidecars are skipped silently; other unsupported files are counted into
/// one warning for `root`. Only regular files are listed. A symbolic link is followed only when
/// its target lies inside one of `roots` (the canonical paths being imported); folders reached
/// through a link are walked after the real ones, and each folder is walked once, so a loop
/// ends and a file is listed under its real path when it has one.
fn walk(root: &Path, roots: &[PathBuf], warnings: &mut Vec<ImportWarning>) -> Vec<PathBuf> {
    let mut found: Vec<(PathBuf, bool)> = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut skips = Skips {
        warnings,
        counts: BTreeMap::new(),
    };
    let mut visited = HashSet::new();
    let mut folders = vec![root.to_path_buf()];
    let mut linked_folders: Vec<PathBuf> = Vec::new();
    while let Some(dir) = folders.pop().or_else(|| linked_folders.pop()) {
        if !visited.insert(canonical(&dir)) {
            continue;
        }
        let mut entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(|entry| match entry {
                    Ok(entry) => Some(entry),
                    Err(err) => {
                        skips.push(Skip::Unreadable, io_warning(&dir, &err));
                        None
                    }
                })
                .collect::<Vec<_>>(),
            Err(err) => {
                skips.push(Skip::Unreadable, io_warning(&dir, &err));
                continue;
            }
        };
        entries.sort_by_key(std::fs::DirEntry::file_name);
        let mut subfolders = Vec::new();
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || is_sidecar_name(&name) {
                continue;
            }
            let path = entry.path();
            let (kind, via_link) = match entry.file_type() {
                Ok(t) if t.is_symlink() => match follow_link(&path, roots) {
                    Ok(kind) => (kind, true),
                    Err((skip, warning)) => {
                        skips.push(skip, warning);
                        continue;
                    }
                },
                Ok(t) if t.is_dir() => (Entry::Folder, false),
                Ok(t) if t.is_file() => (Entry::File, false),
                Ok(t) => (Entry::Special(t), false),
                Err(err) => {
                    skips.push(Skip::Unreadable, io_warning(&path, &err));
                    continue;
                }
            };
            match kind {
                Entry::Folder if via_link => linked_folders.push(path),
                Entry::Folder => subfolders.push(path),
                Entry::Special(t) => skips.push(Skip::Special, not_regular_warning(&path, &t)),
                Entry::File => match extension_of(&path) {
                    Some(ext) if SUPPORTED_EXTENSIONS.contains(&ext.as_str()) => {
                        found.push((path, via_link));
                    }
                    ext => {
                        let key =
                            ext.map_or_else(|| "(no extension)".to_owned(), |e| format!(".{e}"));
                        *skipped.entry(key).or_insert(0) += 1;
                    }
                },
            }
        }
        // Popped in name order.
        folders.extend(subfolders.into_iter().rev());
    }
    skips.finish(root);
    if !skipped.is_empty() {
        let count: usize = skipped.values().sum();
        let kinds: Vec<&str> = skipped.keys().map(String::as_str).collect();
        warnings.push(warning(
            &root.display().to_string(),
            None,
            format!(
                "skipped {count} file{} of unsupported type ({})",
                if count == 1 { "" } else { "s" },
                kinds.join(", ")
            ),
        ));
    }
    // A file reached both directly and through a link is listed under its real path.
    let direct: HashSet<PathBuf> = found
        .iter()
        .filter(|(_, via_link)| !via_link)
        .map(|(path, _)| canonical(path))
        .collect();
    let mut linked_seen = HashSet::new();
    let mut files: Vec<PathBuf> = found
        .into_iter()
        .filter(|(path, via_link)| {
            !via_link || {
                let target = canonical(path);
                !direct.contains(&target) && linked_seen.insert(target)
            }
        })
        .map(|(path, _)| path)
        .collect();
    files.sort();
    files
}

/// Where a symbolic link leads, when it may be followed: its target must exist and lie inside
/// one of `roots`.
fn follow_link(link: &Path, roots: &[PathBuf]) -> Result<Entry, (Skip, ImportWarning)> {
    let target =
        std::fs::canonicalize(link).map_err(|err| (Skip::Unreadable, io_warning(link, &err)))?;
    if !roots.iter().any(|root| target.starts_with(root)) {
        return Err((
            Skip::Outside,
            warning(
                &link.display().to_string(),
                None,
                format!(
                    "symbolic link to {} points outside the imported folders; not followed",
                    target.display()
                ),
            ),
        ));
    }
    let metadata =
        std::fs::metadata(&target).map_err(|err| (Skip::Unreadable, io_warning(link, &err)))?;
    Ok(if metadata.is_dir() {
        Entry::Folder
    } else if metadata.is_file() {
        Entry::File
    } else {
        Entry::Special(metadata.file_type())
    })
}

/// A warning carrying an I/O error.
fn io_warning(path: &Path, err: &std::io::Error) -> ImportWarning {
    warning(
        &path.display().to_string(),
        None,
        format!("cannot read: {err}"),
    )
}

/// The warning for a pipe, socket or device.
fn not_regular_warning(path: &Path, file_type: &FileType) -> ImportWarning {
    warning(&path.display().to_string(), None, not_regular(file_type))
}

/// "not a regular file (a named pipe); skipped".
fn not_regular(file_type: &FileType) -> String {
    format!("not a regular file ({}); skipped", kind_of(file_type))
}

/// What a file that is not a regular file is, in words.
#[cfg(unix)]
fn kind_of(file_type: &FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() {
        "a character device"
    } else if file_type.is_block_device() {
        "a block device"
    } else if file_type.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// What a file that is not a regular file is, in words.
#[cfg(not(unix))]
fn kind_of(file_type: &FileType) -> &'static str {
    if file_type.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Reads a regular file of at most `cap` bytes; otherwise why not, as a warning reason.
///
/// The file type and size are checked before opening (a pipe is never opened), and the read
/// stops after `cap + 1` bytes, so a file that grows while it is read cannot exceed the cap.
pub(crate) fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    let metadata = std::fs::metadata(path).map_err(|err| format!("cannot read: {err}"))?;
    check_regular(&metadata, cap)?;
    let file = std::fs::File::open(path).map_err(|err| format!("cannot read: {err}"))?;
    read_at_most(file, cap)
        .map_err(|err| format!("cannot read: {err}"))?
        .ok_or_else(|| too_large(cap, None))
}

/// `Ok` for a regular file of at most `cap` bytes.
fn check_regular(metadata: &Metadata, cap: u64) -> Result<(), String> {
    if metadata.is_dir() {
        return Err("cannot read: a folder, not a file".to_owned());
    }
    if !metadata.is_file() {
        return Err(not_regular(&metadata.file_type()));
    }
    if metadata.len() > cap {
        return Err(too_large(cap, Some(metadata.len())));
    }
    Ok(())
}

/// "larger than the import limit of 64 MiB per file (… bytes); not imported".
fn too_large(cap: u64, size: Option<u64>) -> String {
    let size = size.map_or_else(String::new, |s| format!(" ({s} bytes)"));
    let limit = if cap.is_multiple_of(1024 * 1024) {
        format!("{} MiB", cap / (1024 * 1024))
    } else {
        format!("{cap} bytes")
    };
    format!("larger than the import limit of {limit} per file{size}; not imported")
}

/// All of `reader` when it holds at most `cap` bytes, `None` when it holds more (reading
/// stops at `cap + 1` bytes).
fn read_at_most(reader: impl Read, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((u64::try_from(bytes.len()).unwrap_or(u64::MAX) <= cap).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_reader_stops_after_the_cap() {
        // `/dev/zero` reached through a permitted path, or a file growing while it is read.
        assert_eq!(read_at_most(std::io::repeat(0), 1024).ok(), Some(None));
        assert_eq!(
            read_at_most(&b"abcd"[..], 4).ok(),
            Some(Some(b"abcd".to_vec()))
        );
        assert_eq!(read_at_most(&b"abcde"[..], 4).ok(), Some(None));
    }

    #[test]
    fn limits_read_in_words() {
        assert_eq!(
            too_large(64 * 1024 * 1024, Some(70_000_000)),
            "larger than the import limit of 64 MiB per file (70000000 bytes); not imported"
        );
        assert_eq!(
            too_large(1000, None),
            "larger than the import limit of 1000 bytes per file; not imported"
        );
    }

    #[test]
    fn warnings_past_the_cap_are_summed_up() {
        let mut warnings = Vec::new();
        let mut skips = Skips {
            warnings: &mut warnings,
            counts: BTreeMap::new(),
        };
        for i in 0..MAX_NAMED_PER_KIND + 3 {
            skips.push(Skip::Outside, warning(&format!("l{i}"), None, "outside"));
        }
        skips.push(Skip::Special, warning("p", None, "pipe"));
        skips.finish(Path::new("root"));
        assert_eq!(warnings.len(), MAX_NAMED_PER_KIND + 2);
        assert_eq!(
            warnings.last().map(|w| w.reason.as_str()),
            Some("and 3 more symbolic links pointing outside the imported folders (not followed)")
        );
    }
}
