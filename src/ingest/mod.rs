//! Import of article collections: find files, read each format into raw records, convert them
//! to validated [`ArticleDraft`]s, and spot duplicates ([`dedup`]).
//!
//! Every file yields articles or a warning naming the path and the reason; nothing here panics
//! on user data. Formats, chosen by extension (content sniffed for files without one):
//!
//! | extension | reader | one article per |
//! | --- | --- | --- |
//! | `.txt`, `.text` | `txt.rs` | file (first line is the headline unless it clearly is not) |
//! | `.md`, `.markdown` | `markdown.rs` | file (`# Headline`, light markup stripping) |
//! | `.html`, `.htm`, `.xhtml` | `html.rs` | file (main text, page furniture removed) |
//! | `.json` | `json.rs` | object (`name.json#N` for array items) |
//! | `.jsonl`, `.ndjson` | `json.rs` | line (`name.jsonl#N`, N the line number) |
//! | `.csv`, `.tsv` | `table.rs` | row (`name.csv#N`, N the data row number) |
//!
//! A `NAME.meta.json` sidecar beside a `.txt`, `.md` or `.html` file overrides its metadata
//! (`sidecar.rs`; applied by [`read_file`] and [`read_bytes_with_sidecar`], not by
//! [`read_bytes`]). Cleaning and boilerplate removal live in `clean.rs`, dates in `date.rs`,
//! byte decoding in `decode.rs`, bounds on HTML markup in `html_bounds.rs`.
//!
//! What import refuses: anything but regular files (pipes, sockets, devices), symbolic links
//! leading out of the paths given (`walk.rs`), files over [`MAX_FILE_BYTES`], and binary files
//! (`decode.rs`); each with a warning naming the file.

mod clean;
mod date;
mod decode;
pub mod dedup;
mod html;
mod html_bounds;
mod json;
mod markdown;
#[cfg(test)]
mod properties;
mod record;
mod sidecar;
mod table;
mod txt;
mod walk;

use crate::model::{ArticleDraft, ImportWarning};
pub(crate) use clean::to_hex;
use record::{Meta, RawArticle, to_draft, warning};
use std::path::{Path, PathBuf};

/// The largest file import reads (64 MiB); a larger one is a warning. The limit is checked
/// before reading and enforced while reading, so a file that grows cannot pass it.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// File extensions (lower case, without the dot) that [`collect_files`] picks up.
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "json", "jsonl", "ndjson", "csv",
    "tsv",
];

/// Files to import under the given paths, and warnings about the rest.
///
/// - Files named directly are taken as given when their extension is supported (or when they
///   have none: the content is sniffed); another extension is a warning, and so is a
///   `*.meta.json` sidecar (it is applied with its article file).
/// - Folders are walked recursively; the result is sorted by path. Hidden entries (`.name`) and
///   `*.meta.json` sidecars are skipped silently; other unsupported files are summed up in one
///   warning per folder named ("skipped 3 files of unsupported type (.docx, .pdf)").
/// - Only regular files are listed: a pipe, socket or device is a warning. A symbolic link is
///   followed only when it leads inside one of `paths` ("points outside the imported
///   folders" otherwise); each folder is walked once, so link loops end.
/// - A path that cannot be read (missing, no permission) is a warning with the I/O error.
/// - A file reached twice (named twice, or through a link) is listed once.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ImportWarning>) {
    walk::collect_files(paths)
}

/// What one file yields: its articles (several for CSV, JSON arrays and JSON Lines) and the
/// problems met reading it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileOutcome {
    pub articles: Vec<ArticleDraft>,
    pub warnings: Vec<ImportWarning>,
}

impl FileOutcome {
    /// An outcome with no articles and one warning.
    fn failed(path: &Path, reason: impl AsRef<str>) -> FileOutcome {
        FileOutcome {
            articles: Vec::new(),
            warnings: vec![warning(&path.display().to_string(), None, reason)],
        }
    }
}

/// Reads one file, in any supported format, with its sidecar if it has one. Never panics: an
/// unreadable file (missing, a directory, no permission) is a warning with the I/O error; a
/// pipe, socket or device is a warning and is never opened; a file over [`MAX_FILE_BYTES`] is
/// a warning and is not read.
pub fn read_file(path: &Path) -> FileOutcome {
    let bytes = match walk::read_regular(path, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(reason) => return FileOutcome::failed(path, reason),
    };
    let (meta, sidecar_warnings) = if takes_sidecar(path) {
        sidecar::find(path)
    } else {
        (None, Vec::new())
    };
    let mut outcome = read_guarded(path, &bytes, meta);
    outcome.warnings.splice(0..0, sidecar_warnings);
    outcome
}

/// Reads one file's bytes already in memory; `path` names the articles and warnings. The disk
/// is not touched (no sidecar): see [`read_bytes_with_sidecar`].
pub fn read_bytes(path: &Path, bytes: &[u8]) -> FileOutcome {
    read_guarded(path, bytes, None)
}

/// Like [`read_bytes`], with the bytes of the file's `NAME.meta.json` sidecar. A sidecar that
/// cannot be used is a warning, and so is each of its fields that cannot; the article is still
/// imported with what the file gives.
pub fn read_bytes_with_sidecar(path: &Path, bytes: &[u8], sidecar_bytes: &[u8]) -> FileOutcome {
    let name = sidecar::candidates(path)
        .into_iter()
        .next()
        .unwrap_or_default();
    let (meta, sidecar_warnings) = sidecar::from_bytes(path, &name, sidecar_bytes);
    let mut outcome = read_guarded(path, bytes, meta);
    outcome.warnings.splice(0..0, sidecar_warnings);
    outcome
}

/// [`read_with_meta`] behind a panic guard: a bug in a parser costs one file, not the import.
fn read_guarded(path: &Path, bytes: &[u8], sidecar: Option<Meta>) -> FileOutcome {
    std::panic::catch_unwind(|| read_with_meta(path, bytes, sidecar))
        .unwrap_or_else(|_| FileOutcome::failed(path, "internal error while reading this file"))
}

/// Decodes, picks the format, reads raw records, applies the sidecar, converts to drafts. A
/// file that yields no article always says why.
fn read_with_meta(path: &Path, bytes: &[u8], sidecar: Option<Meta>) -> FileOutcome {
    let decoded = match decode::decode(bytes) {
        Ok(decoded) => decoded,
        Err(not_text) => return FileOutcome::failed(path, not_text.reason()),
    };
    let text = decoded.text.as_str();
    let format = match Format::of(path, text) {
        Ok(format) => format,
        Err(reason) => return FileOutcome::failed(path, reason),
    };
    let source_path = path.display().to_string();
    let name = path
        .file_name()
        .map_or_else(|| source_path.clone(), |n| n.to_string_lossy().into_owned());
    let mut warnings: Vec<ImportWarning> = decoded
        .repair_note()
        .map(|note| warning(&source_path, None, note))
        .into_iter()
        .collect();
    let mut raws = match format {
        Format::Txt => vec![txt::read_txt(text, &name)],
        Format::Markdown => vec![markdown::read_markdown(text, &name)],
        Format::Html => vec![html::read_html(text, &name, &source_path, &mut warnings)],
        Format::Json => json::read_json(text, &name, &source_path, &mut warnings),
        Format::JsonLines => json::read_json_lines(text, &name, &source_path, &mut warnings),
        Format::Table(delimiter) => {
            table::read_table(text, &name, &source_path, delimiter, &mut warnings)
        }
    };
    if let Some(meta) = sidecar
        && format.takes_sidecar()
    {
        for raw in &mut raws {
            raw.meta.override_with(meta.clone());
        }
    }
    let articles: Vec<ArticleDraft> = raws
        .into_iter()
        .filter_map(|raw: RawArticle| to_draft(raw, &source_path, &mut warnings))
        .collect();
    if articles.is_empty() && warnings.is_empty() {
        warnings.push(warning(&source_path, None, "no articles"));
    }
    FileOutcome { articles, warnings }
}

/// The readers, chosen by [`Format::of`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Txt,
    Markdown,
    Html,
    Json,
    JsonLines,
    /// CSV or TSV, with its delimiter.
    Table(u8),
}

impl Format {
    /// The format for a file: by extension, with HTML in a `.txt` recognised, and content
    /// sniffing for files without an extension. An unsupported extension is an error.
    fn of(path: &Path, text: &str) -> Result<Format, String> {
        let format = match extension_of(path).as_deref() {
            Some("txt" | "text") if looks_like_html(text) => Format::Html,
            Some("txt" | "text") => Format::Txt,
            Some("md" | "markdown") => Format::Markdown,
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some("json") => Format::Json,
            Some("jsonl" | "ndjson") => Format::JsonLines,
            Some("csv") => Format::Table(table::sniff_delimiter(text)),
            Some("tsv") => Format::Table(b'\t'),
            Some(other) => {
                return Err(format!(
                    "unsupported file type '.{other}' (supported: {})",
                    SUPPORTED_EXTENSIONS.join(", ")
                ));
            }
            None => sniff(text),
        };
        Ok(format)
    }

    /// True for single-article formats that a sidecar applies to.
    fn takes_sidecar(self) -> bool {
        matches!(self, Format::Txt | Format::Markdown | Format::Html)
    }
}

/// The format of a file without an extension, from its first characters.
fn sniff(text: &str) -> Format {
    let start = text.trim_start();
    if looks_like_html(start) {
        Format::Html
    } else if start.starts_with('{') || start.starts_with('[') {
        Format::Json
    } else {
        Format::Txt
    }
}

/// True when text starts like an HTML document.
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(15)
        .flat_map(char::to_lowercase)
        .collect();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// True when a sidecar may apply to this path (by extension).
fn takes_sidecar(path: &Path) -> bool {
    matches!(
        extension_of(path).as_deref(),
        Some("txt" | "text" | "md" | "markdown" | "html" | "htm" | "xhtml") | None
    )
}

/// A path's extension in lower case, without the dot.
pub(crate) fn extension_of(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_and_sniffing() {
        let of = |p: &str, t: &str| Format::of(Path::new(p), t);
        assert_eq!(of("a.TXT", "x"), Ok(Format::Txt));
        assert_eq!(of("a.txt", "<!DOCTYPE html><p>x"), Ok(Format::Html));
        assert_eq!(of("a.tsv", "a\tb"), Ok(Format::Table(b'\t')));
        assert_eq!(of("a.csv", "a;b"), Ok(Format::Table(b';')));
        assert_eq!(of("noext", " [1]"), Ok(Format::Json));
        assert_eq!(of("noext", "<html>"), Ok(Format::Html));
        assert_eq!(of("noext", "Headline"), Ok(Format::Txt));
        assert!(of("a.pdf", "x").is_err_and(|e| e.starts_with("unsupported file type '.pdf'")));
    }

    #[test]
    fn read_bytes_txt_end_to_end() {
        let outcome = read_bytes(
            Path::new("dir/story.txt"),
            b"Headline here\r\n\r\nBody text.\r\n\r\nSpread the love\r\n",
        );
        assert!(outcome.warnings.is_empty());
        let a = &outcome.articles[0];
        assert_eq!(a.title, "Headline here");
        assert_eq!(a.text, "Headline here\n\nBody text.");
        assert_eq!(
            a.original,
            "Headline here\n\nBody text.\n\nSpread the love\n"
        );
        assert_eq!(a.source_name, "story.txt");
        assert_eq!(a.source_path, "dir/story.txt");
    }

    #[test]
    fn sidecar_bytes_override_and_malformed_sidecar_warns() {
        let path = Path::new("s.txt");
        let body = b"File headline\n\nBody text.";
        let o = read_bytes_with_sidecar(
            path,
            body,
            br#"{"title": "Meta title", "source": "Outlet"}"#,
        );
        let a = &o.articles[0];
        assert_eq!(a.title, "Meta title");
        assert_eq!(a.outlet.as_deref(), Some("Outlet"));
        assert_eq!(a.text, "Meta title\n\nBody text.");
        let o = read_bytes_with_sidecar(path, body, b"{nope");
        assert_eq!(o.articles.len(), 1);
        assert_eq!(o.articles[0].title, "File headline");
        assert!(
            o.warnings[0]
                .reason
                .starts_with("sidecar s.meta.json ignored: malformed JSON")
        );
    }
}
