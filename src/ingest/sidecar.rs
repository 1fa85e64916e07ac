//! Metadata sidecars: `NAME.meta.json` beside `NAME.txt` / `NAME.md` / `NAME.html` gives
//! title, source, url, published and author, overriding what the file itself says.

use super::decode::decode;
use super::record::{Field, Meta, field_of, warning};
use crate::model::ImportWarning;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Suffix that marks a sidecar file.
pub(crate) const SIDECAR_SUFFIX: &str = ".meta.json";

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
/// malformed one is a warning (and no metadata).
pub(crate) fn find(path: &Path) -> (Option<Meta>, Vec<ImportWarning>) {
    for candidate in candidates(path) {
        match std::fs::read(&candidate) {
            Ok(bytes) => {
                return match parse(&bytes) {
                    Ok(meta) => (Some(meta), Vec::new()),
                    Err(reason) => (None, vec![sidecar_warning(path, &candidate, &reason)]),
                };
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => {
                let reason = format!("cannot read: {err}");
                return (None, vec![sidecar_warning(path, &candidate, &reason)]);
            }
        }
    }
    (None, Vec::new())
}

/// The warning for a sidecar that could not be used; the article is imported without it.
pub(crate) fn sidecar_warning(path: &Path, sidecar: &Path, reason: &str) -> ImportWarning {
    let name = sidecar
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    warning(
        &path.display().to_string(),
        None,
        format!("sidecar {name} ignored: {reason}"),
    )
}

/// Parses a sidecar: a JSON object whose keys are matched like article JSON keys (a text key
/// is ignored).
pub(crate) fn parse(bytes: &[u8]) -> Result<Meta, String> {
    let text = decode(bytes).map_err(|e| e.reason().to_owned())?;
    let value: Value =
        serde_json::from_str(&text).map_err(|err| format!("malformed JSON: {err}"))?;
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
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Object(o) => match o.get("name") {
                Some(Value::String(s)) => s.clone(),
                _ => continue,
            },
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            Value::Null | Value::Bool(_) => continue,
        };
        if !text.trim().is_empty() {
            meta.set(field, text);
            ranks[field as usize] = Some(rank);
        }
    }
    Ok(meta)
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
            Ok(Meta {
                title: Some("T".into()),
                outlet: Some("S".into()),
                url: Some("U".into()),
                author: Some("A, B".into()),
                published: Some("2023-08-15".into()),
            })
        );
    }

    #[test]
    fn parse_errors() {
        assert!(parse(b"{oops").is_err_and(|e| e.starts_with("malformed JSON")));
        assert_eq!(parse(b"[1]"), Err("not a JSON object".to_owned()));
        assert_eq!(parse(b""), Err("empty file".to_owned()));
    }
}
