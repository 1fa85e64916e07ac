//! Text helpers shared by the list readers: decoding a file's bytes (UTF-8, UTF-16 with a BOM,
//! else Windows-1252), refusing binary data, reading dates, and tidying fields and name lists.

use super::limits::{Problems, Refusal};
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
        // UTF-8 cut inside its last character (a file cut short): the text before it, whose
        // last line then has no line break and is noted by the readers.
        Err(e) if e.error_len().is_none() => Cow::Borrowed(
            bytes
                .get(..e.valid_up_to())
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
        ),
        Err(_) => {
            let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
            text.extend(bytes.iter().map(|&b| windows_1252(b)));
            Cow::Owned(text)
        }
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
    problems: &mut Problems,
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

/// Where a CSV text's quoting goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum QuoteFault {
    /// The quote opened at byte `open` is never closed: the csv crate reads the rest of the
    /// file into one field.
    Unclosed { open: usize },
    /// The quote opened at byte `open` spans lines and closes at byte `close` inside a field:
    /// the closing quote was another field's opening one, and the rows between were read as
    /// one field.
    ClosedInsideField { open: usize, close: usize },
}

/// Reads a CSV text's quotes as the csv crate does: a `"` that starts a field opens one, `""`
/// inside it is a quote, the next lone `"` closes it; with `comments`, a record starting with
/// `#` is a comment line. Returns the first fault, and whether the text ends inside a record
/// (no line break after the last one).
fn scan_quotes(text: &str, delimiter: u8, comments: bool) -> (Option<QuoteFault>, bool) {
    let bytes = text.as_bytes();
    let next = |from: usize, byte: u8| {
        bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == byte))
            .map(|p| from + p)
    };
    let is_break = |b: &u8| *b == b'\n' || *b == b'\r';
    let mut i = 0;
    let (mut record_start, mut field_start) = (true, true);
    while let Some(&b) = bytes.get(i) {
        if record_start && comments && b == b'#' {
            match next(i, b'\n') {
                Some(end) => i = end + 1,
                None => return (None, false),
            }
            continue;
        }
        if field_start && b == b'"' {
            let open = i;
            i += 1;
            loop {
                let Some(quote) = next(i, b'"') else {
                    return (Some(QuoteFault::Unclosed { open }), true);
                };
                if bytes.get(quote + 1) == Some(&b'"') {
                    i = quote + 2;
                    continue;
                }
                let ends_field = bytes
                    .get(quote + 1)
                    .is_none_or(|a| *a == delimiter || is_break(a));
                let spans_lines = bytes
                    .get(open..quote)
                    .is_some_and(|quoted| quoted.iter().any(is_break));
                if !ends_field && spans_lines {
                    return (
                        Some(QuoteFault::ClosedInsideField { open, close: quote }),
                        true,
                    );
                }
                i = quote + 1;
                break;
            }
            (record_start, field_start) = (false, false);
            continue;
        }
        if is_break(&b) {
            (record_start, field_start) = (true, true);
        } else {
            (record_start, field_start) = (false, b == delimiter);
        }
        i += 1;
    }
    (None, !record_start)
}

/// Checks a CSV text before it is read, with its `delimiter` and `#` `comments` or not. Err
/// when its quoting would make the csv crate read rows into one field (a quote never closed,
/// or one spanning lines that closes inside a field), naming the line where the quote opened;
/// else whether the text ends inside its last record, with no line break after it (OFAC's
/// closing Ctrl-Z and trailing blanks aside), as a file cut inside its last row does.
pub(crate) fn check_csv(text: &str, delimiter: u8, comments: bool) -> Result<bool, Refusal> {
    let body = text.trim_end_matches(['\u{1a}', ' ', '\t']);
    let (fault, ends_mid_record) = scan_quotes(body, delimiter, comments);
    let Some(fault) = fault else {
        return Ok(ends_mid_record);
    };
    let mut lines = LineCounter::new(text);
    let (line, reason) = match fault {
        QuoteFault::Unclosed { open } => {
            let line = lines.line_at(open);
            let after = text
                .get(open..)
                .map_or(0, |rest| rest.lines().count().saturating_sub(1));
            let swallowed = match after {
                0 => String::new(),
                1 => ", so the line after it would read as one field".to_string(),
                n => format!(", so the {n} lines after it would read as one field"),
            };
            let reason = format!(
                "the quote opened at line {line} is never closed{swallowed}: the file is cut \
                 short or a quote is missing"
            );
            (line, reason)
        }
        QuoteFault::ClosedInsideField { open, close } => {
            let line = lines.line_at(open);
            let close_line = lines.line_at(close);
            let reason = format!(
                "the quote opened at line {line} closes inside a field at line {close_line}, so \
                 the lines between would read as one field: a quote is missing or stray"
            );
            (line, reason)
        }
    };
    Err(Refusal::Stopped { line, reason })
}

/// The note on row `line` of `file`, the last, when the file ends inside it (no line break).
pub(crate) fn no_line_break(file: &str, line: usize) -> RowProblem {
    let reason = "the file ends in this row, without a line break: if the file was cut short, \
                  the row may be incomplete";
    RowProblem::new(file, line, reason.to_string(), false)
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
        // UTF-8 cut inside its last character stays UTF-8, without the broken character.
        assert_eq!(decode(b"Go\xc3\xafta\nTra\xc3").expect("cut"), "Goïta\nTra");
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
    fn finds_quote_faults_as_the_csv_crate_reads_quotes() {
        use QuoteFault::{ClosedInsideField, Unclosed};
        for (text, comments, expected) in [
            ("name\n\"a\nb\nc\n", false, Some(Unclosed { open: 5 })),
            ("name\n\"a\"\"\"\nb\n", false, None),
            ("name\n\"a\"\"\nb\n", false, Some(Unclosed { open: 5 })),
            ("x,\"y\nz\",w\nq\n", false, None),
            ("x,y\"z\nw\n", false, None),
            ("x,\"y\"z\nw\n", false, None),
            ("# it's \"quoted\nname\nx\n", true, None),
            ("#,\"x\nname\n", false, Some(Unclosed { open: 2 })),
            ("\"\"", false, None),
            ("\"", false, Some(Unclosed { open: 0 })),
            (
                "n\n\"Omar,x\nSalif,\n\"Wagner\",y\n",
                false,
                Some(ClosedInsideField { open: 2, close: 17 }),
            ),
        ] {
            assert_eq!(scan_quotes(text, b',', comments).0, expected, "{text:?}");
        }
        assert_eq!(
            scan_quotes("a;\"b\n", b';', false).0,
            Some(Unclosed { open: 2 })
        );
        assert_eq!(scan_quotes("a;\"b\n", b',', false).0, None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// [`scan_quotes`] agrees with the csv crate: a line appended after a text whose quote
        /// is unclosed is swallowed into its last field, and after a text without a fault it is
        /// read as a row of its own.
        #[test]
        fn unclosed_quotes_agree_with_the_csv_crate(
            text in "[\"a,;#\n\r ]{0,40}",
            comments in proptest::bool::ANY,
        ) {
            let probe = format!("{text}\nSENTINEL\n");
            let last = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .comment(comments.then_some(b'#'))
                .from_reader(probe.as_bytes())
                .records()
                .filter_map(Result::ok)
                .last();
            let swallowed = last.is_none_or(|r| r.iter().collect::<Vec<_>>() != ["SENTINEL"]);
            match scan_quotes(&text, b',', comments).0 {
                None => proptest::prop_assert!(!swallowed, "{:?}", text),
                Some(QuoteFault::Unclosed { .. }) => {
                    proptest::prop_assert!(swallowed, "{:?}", text);
                }
                // Refused before anything after it is read.
                Some(QuoteFault::ClosedInsideField { .. }) => {}
            }
        }
    }

    #[test]
    fn tells_a_file_cut_inside_its_last_record() {
        assert_eq!(check_csv("name\nX", b',', false), Ok(true));
        assert_eq!(check_csv("name\nX\n", b',', false), Ok(false));
        assert_eq!(check_csv("1,X\r\n\u{1a}", b',', false), Ok(false));
        assert_eq!(check_csv("name\nX\n# end", b',', true), Ok(false));
        assert_eq!(check_csv("name\n\"X\n# end\",a", b',', true), Ok(true));
        assert_eq!(check_csv("", b',', false), Ok(false));
    }

    #[test]
    fn cleans_fields() {
        assert_eq!(clean_field("-0- "), None);
        assert_eq!(clean_field("\u{1a}"), None);
        assert_eq!(clean_field(" x ").as_deref(), Some("x"));
        assert_eq!(split_list("a; ;b;"), vec!["a", "b"]);
    }
}
