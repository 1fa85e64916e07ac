//! Text helpers shared by the list readers: decoding a file's bytes (UTF-8, UTF-16 with a BOM,
//! else Windows-1252), refusing binary data, reading dates, and tidying fields and name lists.

use super::model::RowProblem;
use std::borrow::Cow;

/// How many leading bytes (and characters) the binary check looks at.
const SNIFF_LEN: usize = 8192;

/// Decodes a list file to text. UTF-8 (BOM stripped), UTF-16 with a BOM, else Windows-1252,
/// which reads any byte. Err carries the reason when the bytes look like binary data.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return checked(decode_utf8_or_1252(rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return checked(Cow::Owned(decode_utf16(rest, u16::from_le_bytes)));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return checked(Cow::Owned(decode_utf16(rest, u16::from_be_bytes)));
    }
    let head = bytes.get(..SNIFF_LEN).unwrap_or(bytes);
    if head.contains(&0) {
        return Err("binary data (it contains NUL bytes)".to_string());
    }
    checked(decode_utf8_or_1252(bytes))
}

/// Refuses text whose start is mostly control characters (binary data read as Windows-1252).
fn checked(text: Cow<'_, str>) -> Result<Cow<'_, str>, String> {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars().take(SNIFF_LEN) {
        chars += 1;
        if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{1a}' | '\u{0c}'))
            || c == '\u{fffd}'
        {
            controls += 1;
        }
    }
    if controls > 0 && controls * 50 > chars {
        return Err(format!(
            "binary data ({controls} control characters in the first {chars})"
        ));
    }
    Ok(text)
}

fn decode_utf8_or_1252(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| match pair {
        [a, b] => unit([*a, *b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// One Windows-1252 byte as a character (the five unassigned bytes map to U+FFFD).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
        '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{fffd}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH
            .get(usize::from(b - 0x80))
            .copied()
            .unwrap_or('\u{fffd}'),
        _ => char::from(b),
    }
}

/// A date as `YYYY-MM-DD`: accepts a plain date, a date-time with or without an offset
/// (`2023-08-24T11:04:03.612-04:00` → `2023-08-24`, the date where it was written) or an
/// RFC 3339 instant. `None` when the text is not such a date.
pub(crate) fn iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        return Some(date.to_string());
    }
    if let Ok(dt) = text.parse::<jiff::civil::DateTime>() {
        return Some(dt.date().to_string());
    }
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date().to_string());
    }
    None
}

/// A field with surrounding whitespace (and OFAC's end-of-file Ctrl-Z) removed; `None` when
/// empty or OFAC's `-0-` null.
pub(crate) fn clean_field(raw: &str) -> Option<String> {
    let s = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{1a}');
    if s.is_empty() || s == "-0-" {
        None
    } else {
        Some(s.to_string())
    }
}

/// Splits a `;`-separated list, trimming each part and dropping empty ones.
pub(crate) fn split_list(raw: &str) -> Vec<String> {
    raw.split(';').filter_map(clean_field).collect()
}

/// Adds `name` to `names` unless it, or the primary `name`, is already there (compared
/// case-insensitively with whitespace collapsed).
pub(crate) fn push_unique_name(names: &mut Vec<String>, primary: &str, name: &str) {
    let name = name.trim();
    if name.is_empty() {
        return;
    }
    let key = loose_key(name);
    if loose_key(primary) == key || names.iter().any(|n| loose_key(n) == key) {
        return;
    }
    names.push(name.to_string());
}

fn loose_key(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Normalises a header cell for matching: lower case, letters and digits only
/// (`"Listed date"`, `"listed_date"` → `"listeddate"`).
pub(crate) fn header_key(cell: &str) -> String {
    cell.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Finds the 1-based line of byte offsets that only move forward.
pub(crate) struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of `offset`; an offset before the last one asked gives that one's line.
    pub(crate) fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.bytes.len());
        if offset > self.at {
            let newlines = self
                .bytes
                .get(self.at..offset)
                .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
            self.line += newlines;
            self.at = offset;
        }
        self.line
    }

    /// The line where a CSV record starts. The csv crate (1.4) reports the offset just past
    /// the previous record: before the `\n` of a CRLF, and before blank and comment lines.
    /// Those are skipped here, so a fixed csv crate gives the same answer.
    pub(crate) fn record_line(&mut self, record: &csv::StringRecord, comments: bool) -> usize {
        let Some(pos) = record.position() else {
            return 0;
        };
        let mut at = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
        loop {
            match self.bytes.get(at) {
                Some(b'\r' | b'\n') => at += 1,
                Some(b'#') if comments => {
                    at = self
                        .bytes
                        .get(at..)
                        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
                        .map_or(self.bytes.len(), |p| at + p + 1);
                }
                _ => break,
            }
        }
        self.line_at(at)
    }
}

/// The record a CSV reader yielded, or `None` once an unreadable one is reported to
/// `problems` (as skipped, for the file as a whole: the reader cannot say which row).
pub(crate) fn readable_record(
    result: csv::Result<csv::StringRecord>,
    file: &str,
    problems: &mut Vec<RowProblem>,
) -> Option<csv::StringRecord> {
    match result {
        Ok(record) => Some(record),
        Err(e) => {
            let reason = format!("unreadable CSV: {e}");
            problems.push(RowProblem::new(file, 0, reason, true));
            None
        }
    }
}

/// Builds the `remarks` text from labelled parts, skipping empty ones.
pub(crate) fn join_remarks(parts: &[(&str, Option<String>)]) -> Option<String> {
    let joined: Vec<String> = parts
        .iter()
        .filter_map(|(label, value)| {
            value.as_ref().map(|v| {
                if label.is_empty() {
                    v.clone()
                } else {
                    format!("{label}: {v}")
                }
            })
        })
        .collect();
    if joined.is_empty() {
        None
    } else {
        Some(joined.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_utf16_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFname").expect("utf8"), "name");
        assert_eq!(decode(b"\xFF\xFEn\0a\0").expect("utf16"), "na");
        assert_eq!(decode(b"Go\xefta \x93x\x94").expect("1252"), "Goïta “x”");
    }

    #[test]
    fn refuses_binary() {
        assert!(decode(b"PK\x03\x04\0\0\x14").is_err());
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 37 % 31 + 1) as u8).collect();
        assert!(decode(&noise).is_err());
    }

    #[test]
    fn reads_dates() {
        assert_eq!(iso_date("2023-08-24").as_deref(), Some("2023-08-24"));
        assert_eq!(
            iso_date("2023-08-24T11:04:03.612-04:00").as_deref(),
            Some("2023-08-24")
        );
        assert_eq!(
            iso_date("2023-08-24T23:30:00Z").as_deref(),
            Some("2023-08-24")
        );
        assert_eq!(iso_date("24/08/2023"), None);
    }

    #[test]
    fn csv_record_lines_survive_crlf_and_comments() {
        for (text, comments, expected) in [
            ("a,b\r\nc,d\r\n\r\ne,f\r\n", false, vec![1, 2, 4]),
            ("# c\nname\nx\n#y\n\nz\n", true, vec![2, 3, 6]),
            ("a,\"multi\nline\"\nb\n", false, vec![1, 3]),
        ] {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .comment(comments.then_some(b'#'))
                .from_reader(text.as_bytes());
            let mut lines = LineCounter::new(text);
            let found: Vec<usize> = reader
                .records()
                .map(|r| lines.record_line(&r.expect("record"), comments))
                .collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn cleans_fields() {
        assert_eq!(clean_field("-0- "), None);
        assert_eq!(clean_field("\u{1a}"), None);
        assert_eq!(clean_field(" x ").as_deref(), Some("x"));
        assert_eq!(split_list("a; ;b;"), vec!["a", "b"]);
    }
}
