//! Reader for Dossier's simple sanctions CSV: a header row, then one party per row.
//!
//! Columns are found by header name, case-insensitively and in any order: `name` (required),
//! `aliases` (`;`-separated), `type` (person, organization, vessel, aircraft, unknown),
//! `program` (`;`-separated), `listed` (a date), `reference` (or `id`) and `remarks`.
//! Lines starting with `#` are comments and are skipped; the delimiter may be a comma, a tab
//! or a semicolon (whichever the header line uses most).

use super::model::{Entry, Kind, RowProblem};
use super::text::{
    LineCounter, clean_field, header_key, iso_date, push_unique_name, readable_record, split_list,
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

/// Reads the list. Err carries the reason the text is not a simple sanctions CSV.
pub(crate) fn parse(
    text: &str,
    file: &str,
    problems: &mut Vec<RowProblem>,
) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut header: Option<Header> = None;
    let mut lines = LineCounter::new(text);
    for result in reader(text).records() {
        let Some(record) = readable_record(result, file, problems) else {
            continue;
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(h) = &header else {
            header = Some(read_header(&record)?);
            continue;
        };
        let line = lines.record_line(&record, true);
        match row_entry(&record, h) {
            Ok((entry, notes)) => {
                for note in notes {
                    problems.push(RowProblem::new(file, line, note, false));
                }
                entries.push(entry);
            }
            Err(reason) => problems.push(RowProblem::new(file, line, reason, true)),
        }
    }
    if header.is_none() {
        return Err("no header row".to_string());
    }
    Ok(entries)
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
    let mut aliases = Vec::new();
    for alias in h
        .get(record, Column::Aliases)
        .as_deref()
        .map(split_list)
        .unwrap_or_default()
    {
        push_unique_name(&mut aliases, &name, &alias);
    }
    let listed = h.get(record, Column::Listed).map(|raw| {
        iso_date(&raw).unwrap_or_else(|| {
            notes.push(format!(
                "listed date {raw:?} is not YYYY-MM-DD; kept as written"
            ));
            raw
        })
    });
    let entry = Entry {
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
    Ok((entry, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_shuffled_columns_comments_and_lists() {
        let text = "# SAMPLE DATA\n\
                    Program,TYPE,Listed Date,Aliases,Name,Remarks\n\
                    SAMPLE;DEMO,person,2023-08-01,Abdurahman Tiani; A. Tchiani,Abdourahmane Tiani,\"Sample, not real\"\n\
                    # a comment between rows\n\
                    SAMPLE,organisation,,,Wagner Group,\n";
        let mut problems = Vec::new();
        let entries = parse(text, "list.csv", &mut problems).expect("a list");
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
        let mut problems = Vec::new();
        let entries = parse(text, "list.csv", &mut problems).expect("a list");
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
        let mut problems = Vec::new();
        let err = parse("title,body\nx,y\n", "notes.csv", &mut problems).expect_err("refused");
        assert!(err.contains("no 'name' column"), "{err}");
    }
}
