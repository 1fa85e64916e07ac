//! JSON and JSON Lines: an article object, an array of them (also wrapped as
//! `{"articles": […]}`), or one object per line.
//!
//! Keys are matched as in [`field_of`]; a text given as an array of strings is joined as
//! paragraphs; an outlet or author given as `{"name": …}` (or a list of them) is read by name.
//! Items that are not articles are reported with their number and the reason; the others go on.

use super::decode::normalize_line_ends;
use super::record::{Field, Meta, RawArticle, TEXT_FIELD_NAMES, field_of, warning};
use crate::model::ImportWarning;
use serde_json::{Map, Value};

/// Keys under which an object may wrap its array of articles.
const WRAPPER_KEYS: &[&str] = &[
    "articles", "items", "data", "results", "entries", "posts", "docs",
];

/// Reads a `.json` file: one article object, an array, or a wrapper object. Falls back to JSON
/// Lines when the file is one object per line.
pub(crate) fn read_json(
    text: &str,
    name: &str,
    path: &str,
    warnings: &mut Vec<ImportWarning>,
) -> Vec<RawArticle> {
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(err) => {
            if looks_like_json_lines(text) {
                return read_json_lines(text, name, path, warnings);
            }
            warnings.push(warning(path, None, format!("malformed JSON: {err}")));
            return Vec::new();
        }
    };
    match value {
        Value::Array(items) => read_array(&items, name, path, warnings),
        Value::Object(obj) => {
            if let Some(items) = wrapped_array(&obj) {
                return read_array(items, name, path, warnings);
            }
            match record_from_object(&obj) {
                Ok(record) => vec![finish(record, name.to_owned(), None, path, warnings)],
                Err(reason) => {
                    warnings.push(warning(path, None, format!("not an article: {reason}")));
                    Vec::new()
                }
            }
        }
        other => {
            let reason = format!("not an article: {}", kind_of(&other));
            warnings.push(warning(path, None, reason));
            Vec::new()
        }
    }
}

/// Reads a `.jsonl` file: one object per non-blank line; `name#N` and warnings use the
/// 1-based line number N.
pub(crate) fn read_json_lines(
    text: &str,
    name: &str,
    path: &str,
    warnings: &mut Vec<ImportWarning>,
) -> Vec<RawArticle> {
    let mut out = Vec::new();
    let warnings_before = warnings.len();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        let locator = format!("line {n}");
        let result = serde_json::from_str::<Value>(line)
            .map_err(|err| format!("malformed JSON: {err}"))
            .and_then(|v| match v {
                Value::Object(obj) => {
                    record_from_object(&obj).map_err(|r| format!("not an article: {r}"))
                }
                other => Err(format!("not an article: {}", kind_of(&other))),
            });
        match result {
            Ok(record) => out.push(finish(
                record,
                format!("{name}#{n}"),
                Some(locator),
                path,
                warnings,
            )),
            Err(reason) => warnings.push(warning(path, Some(&locator), reason)),
        }
    }
    if out.is_empty() && warnings.len() == warnings_before {
        warnings.push(warning(path, None, "no articles"));
    }
    out
}

/// Reads the items of an array; `name#N` and warnings use the 1-based item number N.
fn read_array(
    items: &[Value],
    name: &str,
    path: &str,
    warnings: &mut Vec<ImportWarning>,
) -> Vec<RawArticle> {
    if items.is_empty() {
        warnings.push(warning(path, None, "no articles (empty array)"));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let locator = format!("item {}", i + 1);
        let result = match item {
            Value::Object(obj) => record_from_object(obj),
            other => Err(kind_of(other).to_owned()),
        };
        match result {
            Ok(record) => out.push(finish(
                record,
                format!("{name}#{}", i + 1),
                Some(locator),
                path,
                warnings,
            )),
            Err(reason) => warnings.push(warning(
                path,
                Some(&locator),
                format!("not an article: {reason}"),
            )),
        }
    }
    out
}

/// The array under a wrapper key (`articles`, `items`, …) of an object without a text field.
fn wrapped_array(obj: &Map<String, Value>) -> Option<&Vec<Value>> {
    let has_text = obj
        .keys()
        .any(|k| field_of(k).is_some_and(|(f, _)| f == Field::Text));
    if has_text {
        return None;
    }
    obj.iter().find_map(|(k, v)| match v {
        Value::Array(items) if WRAPPER_KEYS.contains(&k.to_ascii_lowercase().as_str()) => {
            Some(items)
        }
        _ => None,
    })
}

/// One article object as read: metadata, body, and the fields ignored for their type.
struct Record {
    meta: Meta,
    body: String,
    /// "field 'author' is a boolean, not text; ignored".
    problems: Vec<String>,
}

/// Metadata and body of one article object, or why it is not one.
fn record_from_object(obj: &Map<String, Value>) -> Result<Record, String> {
    let mut meta = Meta::default();
    let mut problems = Vec::new();
    let mut ranks: [Option<u8>; 6] = [None; 6];
    let mut body: Option<String> = None;
    let mut bad_text: Option<String> = None;
    for (key, value) in obj {
        let Some((field, rank)) = field_of(key) else {
            continue;
        };
        let slot = &mut ranks[field as usize];
        if slot.is_some_and(|best| best <= rank) {
            continue;
        }
        if field == Field::Text {
            match text_of(value) {
                Some(text) => {
                    body = Some(text);
                    *slot = Some(rank);
                }
                None => {
                    bad_text
                        .get_or_insert_with(|| format!("text field '{key}' is {}", kind_of(value)));
                }
            }
        } else {
            match meta_text(value) {
                Ok(Some(v)) => {
                    meta.set(field, v);
                    *slot = Some(rank);
                }
                Ok(None) => {}
                Err(what) => problems.push(format!("field '{key}' {what}; ignored")),
            }
        }
    }
    match (body, bad_text) {
        (Some(body), _) => Ok(Record {
            meta,
            body,
            problems,
        }),
        (None, Some(reason)) => Err(reason),
        (None, None) => Err(format!("no text field ({TEXT_FIELD_NAMES})")),
    }
}

/// A text value: a string, or an array of strings joined as paragraphs.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str())
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.join("\n\n")),
        _ => None,
    }
}

/// A metadata value as text: strings and numbers as written, `{"name": …}` by name, lists
/// joined with ", ". `Ok(None)` for null, a blank string or an empty list; `Err` says what the
/// value is instead of text ("is a boolean, not text").
pub(crate) fn meta_text(value: &Value) -> Result<Option<String>, String> {
    match value {
        Value::String(s) => Ok((!s.trim().is_empty()).then(|| s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Null => Ok(None),
        Value::Bool(_) => Err("is a boolean, not text".to_owned()),
        Value::Object(o) => match o.get("name") {
            Some(name) => {
                meta_text(name).map_err(|_| "is an object whose name is not text".to_owned())
            }
            None => Err("is an object without a name".to_owned()),
        },
        Value::Array(items) => {
            let mut parts = Vec::new();
            for item in items {
                match meta_text(item) {
                    Ok(Some(part)) => parts.push(part),
                    Ok(None) => {}
                    Err(what) => return Err(format!("holds an item that {what}")),
                }
            }
            Ok((!parts.is_empty()).then(|| parts.join(", ")))
        }
    }
}

/// Builds the raw article for a parsed record (`original` is the text field as given) and
/// reports the fields it ignored.
fn finish(
    record: Record,
    source_name: String,
    locator: Option<String>,
    path: &str,
    warnings: &mut Vec<ImportWarning>,
) -> RawArticle {
    let Record {
        meta,
        body,
        problems,
    } = record;
    for problem in problems {
        warnings.push(warning(path, locator.as_deref(), problem));
    }
    let body = normalize_line_ends(body);
    RawArticle {
        meta,
        original: body.clone(),
        body,
        source_name,
        locator,
    }
}

/// "a number", "an array"… for warnings.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// True when the first two non-blank lines each parse as a JSON object.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut objects = 0;
    for line in lines.by_ref().take(2) {
        if line.starts_with('{') && serde_json::from_str::<Map<String, Value>>(line).is_ok() {
            objects += 1;
        }
    }
    objects == 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<RawArticle>, Vec<ImportWarning>) {
        let mut warnings = Vec::new();
        let records = read_json(text, "items.json", "in/items.json", &mut warnings);
        (records, warnings)
    }

    #[test]
    fn single_object_with_aliases() {
        let (records, warnings) = read(
            r#"{"Headline": "H", "Body": "B\r\nC", "publisher": {"name": "Outlet"}, "publishedAt": "2023-08-15", "Byline": ["A", "B"], "link": "https://x"}"#,
        );
        assert!(warnings.is_empty());
        let r = &records[0];
        assert_eq!(r.meta.title.as_deref(), Some("H"));
        assert_eq!(r.body, "B\nC");
        assert_eq!(r.meta.outlet.as_deref(), Some("Outlet"));
        assert_eq!(r.meta.author.as_deref(), Some("A, B"));
        assert_eq!(r.meta.url.as_deref(), Some("https://x"));
        assert_eq!(r.meta.published.as_deref(), Some("2023-08-15"));
        assert_eq!(r.source_name, "items.json");
    }

    #[test]
    fn preferred_text_key_wins() {
        let (records, _) = read(r#"{"content": "short", "text": "full text"}"#);
        assert_eq!(records[0].body, "full text");
    }

    #[test]
    fn array_items_and_bad_items() {
        let (records, warnings) = read(
            r#"[{"title": "A", "text": "a"}, 7, {"foo": 1}, {"title": "D", "text": ["p1", "p2"]}]"#,
        );
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].source_name, "items.json#1");
        assert_eq!(records[1].source_name, "items.json#4");
        assert_eq!(records[1].body, "p1\n\np2");
        assert_eq!(warnings.len(), 2);
        assert_eq!(warnings[0].reason, "item 2: not an article: a number");
        assert!(
            warnings[1]
                .reason
                .starts_with("item 3: not an article: no text field")
        );
        assert_eq!(warnings[0].path, "in/items.json");
    }

    #[test]
    fn metadata_of_the_wrong_type_is_named() {
        let (records, warnings) = read(
            r#"[{"text": "a", "author": false, "source": null, "url": {"href": "x"}, "byline": [{"name": "A"}, 3]}]"#,
        );
        assert_eq!(records[0].meta.author.as_deref(), Some("A, 3"));
        assert_eq!(records[0].meta.url, None);
        let reasons: Vec<&str> = warnings.iter().map(|w| w.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "item 1: field 'author' is a boolean, not text; ignored",
                "item 1: field 'url' is an object without a name; ignored",
            ]
        );
    }

    #[test]
    fn wrapper_object() {
        let (records, _) = read(r#"{"status": "ok", "articles": [{"title": "A", "text": "a"}]}"#);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].source_name, "items.json#1");
    }

    #[test]
    fn non_articles_and_malformed() {
        let (records, warnings) = read("42");
        assert!(records.is_empty());
        assert_eq!(warnings[0].reason, "not an article: a number");
        let (_, warnings) = read(r#"{"title": "x", "text": {"nested": 1}}"#);
        assert_eq!(
            warnings[0].reason,
            "not an article: text field 'text' is an object"
        );
        let (_, warnings) = read(r#"{"title": "x", "text": "#);
        assert!(
            warnings[0].reason.starts_with("malformed JSON: "),
            "{}",
            warnings[0].reason
        );
        let (_, warnings) = read("[]");
        assert_eq!(warnings[0].reason, "no articles (empty array)");
    }

    #[test]
    fn json_lines_with_a_bad_line() {
        let mut warnings = Vec::new();
        let text = "{\"title\": \"A\", \"text\": \"a\"}\n\n{broken\n[1]\n{\"title\": \"E\", \"text\": \"e\"}\n";
        let records = read_json_lines(text, "f.jsonl", "f.jsonl", &mut warnings);
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].source_name, "f.jsonl#5");
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].reason.starts_with("line 3: malformed JSON"));
        assert_eq!(warnings[1].reason, "line 4: not an article: an array");
    }

    #[test]
    fn json_file_holding_json_lines() {
        let (records, warnings) =
            read("{\"title\": \"A\", \"text\": \"a\"}\n{\"title\": \"B\", \"text\": \"b\"}\n");
        assert!(warnings.is_empty());
        assert_eq!(records.len(), 2);
    }
}
