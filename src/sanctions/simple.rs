//! Reader for Dossier's simple sanctions CSV: a header row, then one party per row.
//!
//! Columns are found by header name, case-insensitively and in any order: `name` (required),
//! `aliases` (`;`-separated), `type` (person, organization, vessel, aircraft, unknown),
//! `program` (`;`-separated), `listed` (a date), `reference` (or `id`) and `remarks`.
//! Lines starting with `#` are comments and are skipped; the delimiter may be a comma, a tab
//! or a semicolon (whichever the header line uses most).
//!
//! A row without a name (or with too many fields) is a row problem: skipped, the rest
//! imported. A quote that is never closed would swallow every row after it into one cell, so
//! it refuses the file, naming the line where the quote opened. A file whose last row has no
//! line break after it may have been cut inside that row: the row is kept with a note.

use super::limits::{Aliases, Problems, Refusal, Rows, check_entry};
use super::model::{Entry, Kind, RowProblem};
use super::text::{
    LineCounter, check_csv, clean_field, header_key, iso_date, no_line_break, readable_record,
    split_list,
};

/// The columns the simple CSV knows, each with the header spellings it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Name,
    Aliases,
    Kind,
    Program,
    Listed,
    Reference,
    Remarks,
}

impl Column {
    const ALL: [Column; 7] = [
        Column::Name,
        Column::Aliases,
        Column::Kind,
        Column::Program,
        Column::Listed,
        Column::Reference,
        Column::Remarks,
    ];

    /// Header spellings after [`header_key`].
    fn spellings(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["name", "fullname", "entityname", "primaryname"],
            Column::Aliases => &["aliases", "alias", "aka", "alsoknownas", "othernames"],
            Column::Kind => &["type", "kind", "entitytype", "category"],
            Column::Program => &["program", "programs", "programme", "programmes", "regime"],
            Column::Listed => &[
                "listed",
                "listeddate",
                "listedon",
                "datelisted",
                "date",
                "designated",
                "designationdate",
            ],
            Column::Reference => &["reference", "ref", "id", "referencenumber", "uid"],
            Column::Remarks => &["remarks", "remark", "notes", "note", "comments"],
        }
    }
}

/// Column positions read from the header row.
struct Header {
    at: [Option<usize>; 7],
    len: usize,
}

impl Header {
    fn get(&self, record: &csv::StringRecord, column: Column) -> Option<String> {
        let i = Column::ALL.iter().position(|c| *c == column)?;
        let at = self.at.get(i).copied().flatten()?;
        record.get(at).and_then(clean_field)
    }
}

/// True when a header row's cells include a `name` column.
pub(crate) fn has_name_column<'a>(cells: impl IntoIterator<Item = &'a str>) -> bool {
    cells
        .into_iter()
        .any(|c| Column::Name.spellings().contains(&header_key(c).as_str()))
}

/// The delimiter the first non-comment line uses most: `,`, tab or `;` (comma on a tie).
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let count = |c: char| line.chars().filter(|&x| x == c).count();
    let (commas, tabs, semis) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas && semis > tabs {
        b';'
    } else {
        b','
    }
}

/// A CSV reader for the simple format: no automatic header, `#` comments, ragged rows allowed.
pub(crate) fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes())
}

/// Reads the list. Err says why the text is not a simple sanctions CSV, or where it stopped
/// being readable (or where it went past `max_entries`).
pub(crate) fn parse(
    text: &str,
    file: &str,
    problems: &mut Problems,
    max_entries: usize,
) -> Result<Vec<Entry>, Refusal> {
    let ends_mid_record = check_csv(text, sniff_delimiter(text), true)?;
    let mut entries = Rows::new(max_entries);
    let mut header: Option<Header> = None;
    let mut lines = LineCounter::new(text);
    // The line of the last record, when it was a row (not the header, not blank).
    let mut last_line = None;
    for result in reader(text).records() {
        last_line = None;
        let Some(record) = readable_record(result, file, problems) else {
            continue;
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(h) = &header else {
            header = Some(read_header(&record).map_err(Refusal::NotAList)?);
            continue;
        };
        let line = lines.record_line(&record, true);
        last_line = Some(line);
        match row_entry(&record, h) {
            Ok((entry, notes)) => {
                for note in notes {
                    problems.push(RowProblem::new(file, line, note, false));
                }
                entries.push(entry, line)?;
            }
            Err(reason) => problems.push(RowProblem::new(file, line, reason, true)),
        }
    }
    if header.is_none() {
        return Err(Refusal::NotAList("no header row".to_string()));
    }
    if let Some(line) = last_line.filter(|_| ends_mid_record) {
        problems.push(no_line_break(file, line));
    }
    Ok(entries.into_vec())
}

fn read_header(record: &csv::StringRecord) -> Result<Header, String> {
    let keys: Vec<String> = record.iter().map(header_key).collect();
    let at = Column::ALL.map(|column| {
        keys.iter()
            .position(|k| column.spellings().contains(&k.as_str()))
    });
    if at.first().copied().flatten().is_none() {
        let found: Vec<&str> = record.iter().map(str::trim).collect();
        return Err(format!(
            "the header row has no 'name' column (found: {})",
            found.join(", ")
        ));
    }
    Ok(Header {
        at,
        len: record.len(),
    })
}

/// Converts one row; Ok carries caveats for a kept row.
fn row_entry(record: &csv::StringRecord, h: &Header) -> Result<(Entry, Vec<String>), String> {
    if record.len() > h.len {
        return Err(format!(
            "{} fields but the header has {}; quote fields that contain the delimiter",
            record.len(),
            h.len
        ));
    }
    let name = h.get(record, Column::Name).ok_or("no name")?;
    let mut notes = Vec::new();
    let kind = match h.get(record, Column::Kind) {
        None => Kind::Unknown,
        Some(label) => Kind::from_label(&label).unwrap_or_else(|| {
            notes.push(format!("unknown type {label:?}; read as unknown"));
            Kind::Unknown
        }),
    };
    let mut aliases = Aliases::new(&name, Vec::new());
    for alias in h
        .get(record, Column::Aliases)
        .as_deref()
        .map(split_list)
        .unwrap_or_default()
    {
        aliases.push(&alias);
    }
    let (aliases, left_out) = aliases.finish();
    notes.extend(left_out);
    let listed = h.get(record, Column::Listed).map(|raw| {
        iso_date(&raw).unwrap_or_else(|| {
            notes.push(format!(
                "listed date {raw:?} is not YYYY-MM-DD; kept as written"
            ));
            raw
        })
    });
    let mut entry = Entry {
        reference: h.get(record, Column::Reference).unwrap_or_default(),
        name,
        aliases,
        kind,
        programs: h
            .get(record, Column::Program)
            .as_deref()
            .map(split_list)
            .unwrap_or_default(),
        listed,
        remarks: h.get(record, Column::Remarks),
    };
    notes.extend(check_entry(&mut entry)?);
    Ok((entry, notes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanctions::limits::MAX_ENTRIES;

    /// Parses `text` as `list.csv`; the entries or the refusal, and the row problems.
    fn read(text: &str) -> (Result<Vec<Entry>, Refusal>, Vec<RowProblem>) {
        let mut problems = Problems::default();
        let entries = parse(text, "list.csv", &mut problems, MAX_ENTRIES);
        (entries, problems.into_vec())
    }

    #[test]
    fn a_list_past_the_entry_cap_is_refused_at_the_row_past_it() {
        // Before the cap every row was kept, whatever their number (issue 12 item 10).
        let text = "name\nA\n,\nB\nC\n";
        let mut problems = Problems::default();
        assert_eq!(
            parse(text, "l.csv", &mut problems, 3).map(|e| e.len()),
            Ok(3)
        );
        let refusal = parse(text, "l.csv", &mut problems, 2).err();
        assert_eq!(
            refusal,
            Some(Refusal::Stopped {
                line: 5,
                reason: "the list goes on past 2 entries at line 5; a sanctions list may hold \
                         2 at most"
                    .into()
            })
        );
    }

    #[test]
    fn reads_shuffled_columns_comments_and_lists() {
        let text = "# SAMPLE DATA\n\
                    Program,TYPE,Listed Date,Aliases,Name,Remarks\n\
                    SAMPLE;DEMO,person,2023-08-01,Abdurahman Tiani; A. Tchiani,Abdourahmane Tiani,\"Sample, not real\"\n\
                    # a comment between rows\n\
                    SAMPLE,organisation,,,Wagner Group,\n";
        let (entries, problems) = read(text);
        let entries = entries.expect("a list");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entries.len(), 2);
        let tiani = &entries[0];
        assert_eq!(tiani.name, "Abdourahmane Tiani");
        assert_eq!(tiani.aliases, vec!["Abdurahman Tiani", "A. Tchiani"]);
        assert_eq!(tiani.kind, Kind::Person);
        assert_eq!(tiani.programs, vec!["SAMPLE", "DEMO"]);
        assert_eq!(tiani.listed.as_deref(), Some("2023-08-01"));
        assert_eq!(tiani.remarks.as_deref(), Some("Sample, not real"));
        assert_eq!(tiani.reference, "");
        assert_eq!(entries[1].kind, Kind::Organization);
        assert_eq!(entries[1].listed, None);
    }

    #[test]
    fn reports_and_skips_bad_rows() {
        let text = "name,type,listed\n\
                    Good Person,person,2023-01-02\n\
                    ,person,\n\
                    Too,Many,Fields,Here\n\
                    Odd Type,spaceship,01/02/2023\n";
        let (entries, problems) = read(text);
        let entries = entries.expect("a list");
        assert_eq!(entries.len(), 2);
        let skipped: Vec<(usize, &str)> = problems
            .iter()
            .filter(|p| p.skipped)
            .map(|p| (p.row, p.reason.as_str()))
            .collect();
        assert_eq!(skipped.len(), 2);
        assert_eq!(skipped[0], (3, "no name"));
        assert_eq!(skipped[1].0, 4);
        assert!(skipped[1].1.contains("4 fields"));
        let kept: Vec<&RowProblem> = problems.iter().filter(|p| !p.skipped).collect();
        assert_eq!(kept.len(), 2);
        assert!(kept.iter().all(|p| p.row == 5));
        assert_eq!(entries[1].listed.as_deref(), Some("01/02/2023"));
    }

    #[test]
    fn semicolon_and_tab_delimiters() {
        assert_eq!(sniff_delimiter("# x, y, z\nname;type;program\n"), b';');
        assert_eq!(sniff_delimiter("name\ttype\n"), b'\t');
        assert_eq!(sniff_delimiter("name,aliases\nx,a;b;c\n"), b',');
    }

    #[test]
    fn header_without_name_is_refused() {
        let (entries, _) = read("title,body\nx,y\n");
        let Err(Refusal::NotAList(err)) = entries else {
            panic!("refused");
        };
        assert!(err.contains("no 'name' column"), "{err}");
    }

    #[test]
    fn an_unclosed_quote_refuses_the_list_naming_its_line() {
        // Before: "1 entries", the three other names swallowed into its remark.
        let text = "name,type,remarks\n\
                    Omar Tiani,person,\"Seen in Niamey\n\
                    Salif Traore,person,\n\
                    Wagner Group,organization,\n\
                    Hamidou Diallo,person,\n";
        let (entries, _) = read(text);
        assert_eq!(
            entries.err(),
            Some(Refusal::Stopped {
                line: 2,
                reason: "the quote opened at line 2 is never closed, so the 3 lines after it \
                         would read as one field: the file is cut short or a quote is missing"
                    .into()
            })
        );
        // A quoted field over several lines that is closed is one field, as it should be.
        let (entries, problems) = read("name,remarks\nOmar Tiani,\"two\nlines\"\nSalif Traore,\n");
        assert_eq!(entries.map(|e| e.len()), Ok(2));
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_last_row_without_a_line_break_is_noted() {
        let (entries, problems) = read("name,type\nOmar Tiani,person\nSalif Tra");
        assert_eq!(entries.map(|e| e.len()), Ok(2));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].row, 3);
        assert!(!problems[0].skipped);
        assert!(problems[0].reason.contains("cut short"), "{problems:?}");
    }
}
