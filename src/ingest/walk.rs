//! Finding the files to import under the paths the analyst chose.

use super::record::warning;
use super::sidecar::is_sidecar_name;
use super::{SUPPORTED_EXTENSIONS, extension_of};
use crate::model::ImportWarning;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// See [`super::collect_files`].
pub(crate) fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ImportWarning>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(err) => {
                warnings.push(io_warning(path, &err));
                continue;
            }
        };
        if metadata.is_dir() {
            for file in walk(path, &mut warnings) {
                if seen.insert(file.clone()) {
                    files.push(file);
                }
            }
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
                    if seen.insert(path.clone()) {
                        files.push(path.clone());
                    }
                }
            }
        }
    }
    (files, warnings)
}

/// The supported files under `root`, sorted by path. Hidden entries and sidecars are skipped
/// silently; other unsupported files are counted into one warning for `root`. Symbolic links
/// are followed, each directory visited once.
fn walk(root: &Path, warnings: &mut Vec<ImportWarning>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut visited = HashSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let canonical = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !visited.insert(canonical) {
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                warnings.push(io_warning(&dir, &err));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    warnings.push(io_warning(&dir, &err));
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || is_sidecar_name(&name) {
                continue;
            }
            let path = entry.path();
            // `metadata` follows symbolic links; a broken link is reported.
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => stack.push(path),
                Ok(_) => match extension_of(&path) {
                    Some(ext) if SUPPORTED_EXTENSIONS.contains(&ext.as_str()) => files.push(path),
                    ext => {
                        let key =
                            ext.map_or_else(|| "(no extension)".to_owned(), |e| format!(".{e}"));
                        *skipped.entry(key).or_insert(0) += 1;
                    }
                },
                Err(err) => warnings.push(io_warning(&path, &err)),
            }
        }
    }
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
    files.sort();
    files
}

/// A warning carrying an I/O error.
fn io_warning(path: &Path, err: &std::io::Error) -> ImportWarning {
    warning(
        &path.display().to_string(),
        None,
        format!("cannot read: {err}"),
    )
}
