//! Metadata sidecars: `NAME.meta.json` beside `NAME.txt` / `NAME.md` / `NAME.html` gives
//! title, source, url, published and author, overriding what the file itself says.

use super::date::read_date;
use super::decode::decode;
use super::json::meta_text;
use super::record::{Field, Meta, field_of, warning};
use super::walk::read_regular;
use crate::model::ImportWarning;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Suffix that marks a sidecar file.
pub(crate) const SIDECAR_SUFFIX: &str = ".meta.json";

/// The largest sidecar read (1 MiB): a few fields of metadata.
pub(crate) const MAX_SIDECAR_BYTES: u64 = 1024 * 1024;

/// True when a file name is a sidecar (`*.meta.json`, any case).
pub(crate) fn is_sidecar_name(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(SIDECAR_SUFFIX)
}

/// Where a sidecar for `path` may be: `NAME.meta.json` (extension replaced), then
/// `NAME.txt.meta.json` (extension kept).
pub(crate) fn candidates(path: &Path) -> Vec<PathBuf> {
    let Some(file_name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let stem = path
        .file_stem()
        .map_or_else(|| file_name.clone(), |s| s.to_string_lossy().into_owned());
    vec![
        path.with_file_name(format!("{stem}{SIDECAR_SUFFIX}")),
        path.with_file_name(format!("{file_name}{SIDECAR_SUFFIX}")),
    ]
}

/// Reads the first existing sidecar for `path`. No sidecar is not a problem; an unreadable or
/// malformed one is a warning (and no metadata), and so is each field it gives that cannot be
/// used. Like article files, a sidecar must be a regular file of at most
/// [`MAX_SIDECAR_BYTES`]; a symbolic link is followed only to a file in the article's folder.
pub(crate) fn find(path: &Path) -> (Option<Meta>, Vec<ImportWarning>) {
    for candidate in candidates(path) {
        let unusable = |reason: &str| (None, vec![sidecar_warning(path, &candidate, reason)]);
        match std::fs::symlink_metadata(&candidate) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => return unusable(&format!("cannot read: {err}")),
            Ok(m) if m.file_type().is_symlink() => {
                if let Err(reason) = link_stays_beside(path, &candidate) {
                    return unusable(&reason);
                }
            }
            Ok(_) => {}
        }
        return match read_regular(&candidate, MAX_SIDECAR_BYTES) {
            Ok(bytes) => from_bytes(path, &candidate, &bytes),
            Err(reason) => unusable(&reason),
        };
    }
    (None, Vec::new())
}

/// `Ok` when the sidecar link `link` leads into the folder of the article `path`.
fn link_stays_beside(path: &Path, link: &Path) -> Result<(), String> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let folder = std::fs::canonicalize(folder).map_err(|err| format!("cannot read: {err}"))?;
    let target = std::fs::canonicalize(link).map_err(|err| format!("cannot read: {err}"))?;
    if target.starts_with(&folder) {
        Ok(())
    } else {
        Err(format!(
            "symbolic link to {} points outside the article's folder; not followed",
            target.display()
        ))
    }
}

/// The metadata of the sidecar `sidecar` (its bytes given) of the article file `path`, with a
/// warning for each problem; no metadata when the sidecar cannot be used at all.
pub(crate) fn from_bytes(
    path: &Path,
    sidecar: &Path,
    bytes: &[u8],
) -> (Option<Meta>, Vec<ImportWarning>) {
    match parse(bytes) {
        Ok((meta, problems)) => {
            let name = file_name(sidecar);
            let warnings = problems
                .into_iter()
                .map(|p| {
                    warning(
                        &path.display().to_string(),
                        None,
                        format!("sidecar {name}: {p}"),
                    )
                })
                .collect();
            (Some(meta), warnings)
        }
        Err(reason) => (None, vec![sidecar_warning(path, sidecar, &reason)]),
    }
}

/// The warning for a sidecar that could not be used; the article is imported without it.
fn sidecar_warning(path: &Path, sidecar: &Path, reason: &str) -> ImportWarning {
    warning(
        &path.display().to_string(),
        None,
        format!("sidecar {} ignored: {reason}", file_name(sidecar)),
    )
}

/// A path's file name, for warnings.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// Parses a sidecar: a JSON object whose keys are matched like article JSON keys (a text key
/// is ignored). Returns the metadata and the problems met with single fields (a value of the
/// wrong type, an impossible date, NUL bytes removed); `Err` when it is no JSON object at all.
pub(crate) fn parse(bytes: &[u8]) -> Result<(Meta, Vec<String>), String> {
    let decoded = decode(bytes).map_err(|e| e.reason().to_owned())?;
    let mut problems: Vec<String> = decoded.repair_note().into_iter().collect();
    let value: Value =
        serde_json::from_str(&decoded.text).map_err(|err| format!("malformed JSON: {err}"))?;
    let Value::Object(obj) = value else {
        return Err("not a JSON object".to_owned());
    };
    let mut meta = Meta::default();
    let mut ranks: [Option<u8>; 6] = [None; 6];
    for (key, value) in &obj {
        let Some((field, rank)) = field_of(key) else {
            continue;
        };
        if field == Field::Text || ranks[field as usize].is_some_and(|best| best <= rank) {
            continue;
        }
        let text = match meta_text(value) {
            Ok(Some(text)) => text,
            Ok(None) => continue,
            Err(what) => {
                problems.push(format!("field '{key}' {what}; ignored"));
                continue;
            }
        };
        if field == Field::Published
            && let Err(reason) = read_date(&text)
        {
            // The file's own date, if it has one, is kept.
            problems.push(format!("field '{key}': {reason}; ignored"));
            continue;
        }
        meta.set(field, text);
        ranks[field as usize] = Some(rank);
    }
    Ok((meta, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_names() {
        let c = candidates(Path::new("dir/story.txt"));
        assert_eq!(c[0], Path::new("dir/story.meta.json"));
        assert_eq!(c[1], Path::new("dir/story.txt.meta.json"));
        assert!(is_sidecar_name("Story.META.json"));
        assert!(!is_sidecar_name("story.json"));
    }

    #[test]
    fn parse_fields() {
        let meta = parse(
            br#"{"title": "T", "source": "S", "url": "U", "published": "2023-08-15", "author": ["A", "B"], "text": "ignored"}"#,
        );
        assert_eq!(
            meta,
            Ok((
                Meta {
                    title: Some("T".into()),
                    outlet: Some("S".into()),
                    url: Some("U".into()),
                    author: Some("A, B".into()),
                    published: Some("2023-08-15".into()),
                },
                Vec::new()
            ))
        );
    }

    #[test]
    fn parse_errors() {
        assert!(parse(b"{oops").is_err_and(|e| e.starts_with("malformed JSON")));
        assert_eq!(parse(b"[1]"), Err("not a JSON object".to_owned()));
        assert_eq!(parse(b""), Err("empty file".to_owned()));
    }

    #[test]
    fn fields_of_the_wrong_type_are_named() {
        let parsed = parse(br#"{"title": null, "date": 7, "author": {"name": false}}"#);
        assert_eq!(
            parsed.map(|(meta, problems)| (meta.title, problems)),
            Ok((
                None,
                vec![
                    "field 'author' is an object whose name is not text; ignored".to_owned(),
                    "field 'date': unrecognised date '7'; ignored".to_owned(),
                ]
            ))
        );
    }
}
