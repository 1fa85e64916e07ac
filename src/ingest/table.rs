//! CSV and TSV: a header row naming the columns (matched like JSON keys), one article per row.
//!
//! Rows are numbered from 1 after the header (`feed.csv#17`); warnings name the row and the
//! line it starts on ("row 17 (line 20): …"). A row with the wrong number of fields is reported
//! and skipped. A quote left open swallows the rest of the file in a CSV reader; when that
//! happens the row is reported and reading restarts on the line after the row's first line, so
//! the rows after it are still imported. A header with no rows after it is a warning.

use super::record::{Field, Meta, RawArticle, TEXT_FIELD_NAMES, field_of, warning};
use crate::model::ImportWarning;

/// The delimiter of a `.csv` file: whichever of `,`, `;` and tab is most frequent in the
/// header line (outside quotes); `,` on a tie.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in header.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    delimiters[best]
}

/// How a header's columns map to article fields: `(column, field, rank)`, best rank first.
struct Columns(Vec<(usize, Field, u8)>);

impl Columns {
    /// Maps header names to fields (see [`field_of`]).
    fn from_header(header: &csv::StringRecord) -> Columns {
        let mut cols: Vec<(usize, Field, u8)> = header
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                field_of(name.trim_start_matches('\u{feff}')).map(|(f, r)| (i, f, r))
            })
            .collect();
        cols.sort_by_key(|&(i, _, rank)| (rank, i));
        Columns(cols)
    }

    /// True when some column holds the article text.
    fn has_text(&self) -> bool {
        self.0.iter().any(|&(_, f, _)| f == Field::Text)
    }

    /// The best-ranked non-blank value of a field in a row.
    fn value<'r>(&self, row: &'r csv::StringRecord, field: Field) -> Option<&'r str> {
        self.0
            .iter()
            .filter(|&&(_, f, _)| f == field)
            .filter_map(|&(i, _, _)| row.get(i))
            .find(|v| !v.trim().is_empty())
    }

    /// Metadata and body of a row.
    fn record(&self, row: &csv::StringRecord) -> (Meta, String) {
        let mut meta = Meta::default();
        for field in [
            Field::Title,
            Field::Outlet,
            Field::Url,
            Field::Published,
            Field::Author,
        ] {
            if let Some(v) = self.value(row, field) {
                meta.set(field, v.to_owned());
            }
        }
        let body = self.value(row, Field::Text).unwrap_or_default().to_owned();
        (meta, body)
    }
}

/// Reads a CSV/TSV file's rows into raw articles; broken rows and a missing text column are
/// reported in `warnings`.
pub(crate) fn read_table(
    text: &str,
    name: &str,
    path: &str,
    delimiter: u8,
    warnings: &mut Vec<ImportWarning>,
) -> Vec<RawArticle> {
    let builder = {
        let mut b = csv::ReaderBuilder::new();
        b.delimiter(delimiter).has_headers(false).flexible(true);
        b
    };
    let mut reader = builder.from_reader(text.as_bytes());
    let mut header = csv::StringRecord::new();
    match reader.read_record(&mut header) {
        Ok(true) => {}
        Ok(false) => {
            warnings.push(warning(path, None, "no header row"));
            return Vec::new();
        }
        Err(err) => {
            warnings.push(warning(path, None, format!("unreadable header row: {err}")));
            return Vec::new();
        }
    }
    let columns = Columns::from_header(&header);
    if !columns.has_text() {
        let names: Vec<&str> = header.iter().collect();
        warnings.push(warning(
            path,
            None,
            format!(
                "no text column (expected {TEXT_FIELD_NAMES}; found {})",
                names.join(", ")
            ),
        ));
        return Vec::new();
    }
    let width = header.len();
    let mut out = Vec::new();
    let mut row_number = 0usize;
    let mut offset = 0usize; // where `reader`'s input starts in `text`
    let mut lines_before = 0u64; // lines of `text` before `offset`
    let mut row = csv::StringRecord::new();
    loop {
        let start = offset + usize::try_from(reader.position().byte()).unwrap_or(0);
        let result = reader.read_record(&mut row);
        let end = offset + usize::try_from(reader.position().byte()).unwrap_or(0);
        match result {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                row_number += 1;
                let line = err.position().map_or(0, csv::Position::line) + lines_before;
                warnings.push(warning(
                    path,
                    Some(&format!("row {row_number} (line {line})")),
                    err.to_string(),
                ));
                continue;
            }
        }
        row_number += 1;
        let line = row.position().map_or(0, |p| {
            // The position is where reading began, before any blank lines the reader skipped.
            let at = offset + usize::try_from(p.byte()).unwrap_or(0);
            let blank = text
                .get(at..)
                .map_or(0, |rest| rest.bytes().take_while(|&b| b == b'\n').count());
            p.line() + blank as u64
        }) + lines_before;
        let locator = format!("row {row_number} (line {line})");
        let raw_row = text.get(start..end).unwrap_or_default();
        if end >= text.len() && has_open_quote(raw_row) && raw_row.trim_end().contains('\n') {
            warnings.push(warning(
                path,
                Some(&locator),
                "unterminated quote; the row is skipped and the lines after it are read again",
            ));
            let next_line = raw_row.find('\n').map_or(text.len(), |i| start + i + 1);
            lines_before += text
                .get(offset..next_line)
                .map_or(0, |skipped| skipped.matches('\n').count() as u64);
            offset = next_line;
            reader = builder.from_reader(text.get(next_line..).unwrap_or_default().as_bytes());
            continue;
        }
        if row.len() != width {
            warnings.push(warning(
                path,
                Some(&locator),
                format!("expected {width} fields, found {}", row.len()),
            ));
            continue;
        }
        let (meta, body) = columns.record(&row);
        out.push(RawArticle {
            meta,
            original: body.clone(),
            body,
            source_name: format!("{name}#{row_number}"),
            locator: Some(locator),
        });
    }
    if row_number == 0 {
        warnings.push(warning(path, None, "no rows after the header"));
    }
    out
}

/// True when a raw row has an odd number of `"` (a quoted field never closed).
fn has_open_quote(raw_row: &str) -> bool {
    raw_row.bytes().filter(|&b| b == b'"').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<RawArticle>, Vec<ImportWarning>) {
        let mut warnings = Vec::new();
        let rows = read_table(
            text,
            "feed.csv",
            "in/feed.csv",
            sniff_delimiter(text),
            &mut warnings,
        );
        (rows, warnings)
    }

    #[test]
    fn rows_become_records() {
        let (rows, warnings) = read(
            "Title,Body,Source,Date\nA,\"Text, with comma\nand \"\"quotes\"\"\",Outlet A,2023-08-15\nB,Text b,,\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].body, "Text, with comma\nand \"quotes\"");
        assert_eq!(rows[0].meta.outlet.as_deref(), Some("Outlet A"));
        assert_eq!(rows[0].meta.published.as_deref(), Some("2023-08-15"));
        assert_eq!(rows[1].source_name, "feed.csv#2");
        assert_eq!(rows[1].meta.outlet, None);
    }

    #[test]
    fn wrong_field_count_is_reported_and_skipped() {
        let (rows, warnings) = read("title,text\nA,a\nB,b,extra\nC,c\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].source_name, "feed.csv#3");
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].reason,
            "row 2 (line 3): expected 2 fields, found 3"
        );
    }

    #[test]
    fn unterminated_quote_recovers_following_rows() {
        let (rows, warnings) = read("title,text\nA,a\nB,\"b never closed\nC,c\nD,d\n");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .reason
                .starts_with("row 2 (line 3): unterminated quote"),
            "{warnings:?}"
        );
        let titles: Vec<_> = rows
            .iter()
            .filter_map(|r| r.meta.title.as_deref())
            .collect();
        assert_eq!(titles, ["A", "C", "D"]);
        assert_eq!(rows[2].source_name, "feed.csv#4");
        assert_eq!(rows[2].locator.as_deref(), Some("row 4 (line 5)"));
    }

    #[test]
    fn lines_count_multi_line_fields() {
        let (rows, warnings) = read("title,text\nA,\"two\nlines\"\n\nB,b,extra\n");
        assert_eq!(rows.len(), 1);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].reason,
            "row 2 (line 5): expected 2 fields, found 3"
        );
    }

    #[test]
    fn header_without_rows_is_a_warning() {
        let (rows, warnings) = read("title,text\n");
        assert!(rows.is_empty());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].reason, "no rows after the header");
    }

    #[test]
    fn no_text_column_is_one_warning() {
        let (rows, warnings) = read("title,url\nA,x\nB,y\n");
        assert!(rows.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].reason.starts_with("no text column"));
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("title;text;\"a,b\"\n"), b';');
        assert_eq!(sniff_delimiter("title\ttext\n"), b'\t');
        assert_eq!(sniff_delimiter("title,text\n"), b',');
        let (rows, _) = read("title;text\nA;a, b\n");
        assert_eq!(rows[0].body, "a, b");
    }
}
