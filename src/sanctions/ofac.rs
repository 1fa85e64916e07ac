//! Reader for the US Treasury OFAC CSV files: sdn.csv (or cons_prim.csv) and alt.csv (or
//! cons_alt.csv), in the legacy layout without a header or with a header row of OFAC's
//! column names. `-0-` means empty; aliases come from `a.k.a. 'X'` remarks and from alt.csv.

use super::model::{Entry, Kind, RowProblem};
use super::text::{
    LineCounter, clean_field, header_key, join_remarks, push_unique_name, readable_record,
};

/// sdn.csv columns in file order, as [`header_key`] spells them.
const SDN_COLUMNS: [&str; 12] = [
    "entnum",
    "sdnname",
    "sdntype",
    "program",
    "title",
    "callsign",
    "vesstype",
    "tonnage",
    "grt",
    "vessflag",
    "vessowner",
    "remarks",
];

/// alt.csv columns in file order.
const ALT_COLUMNS: [&str; 5] = ["entnum", "altnum", "alttype", "altname", "altremarks"];

/// One alias row of alt.csv.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AltRow {
    pub ent_num: String,
    pub name: String,
    pub row: usize,
}

/// Where each expected column sits: file order, or as a header row names them.
struct Columns<const N: usize> {
    at: [Option<usize>; N],
    header: bool,
}

impl<const N: usize> Columns<N> {
    /// Reads the column positions from `first` when it is a header row naming `ent_num`.
    fn from_first_record(first: &csv::StringRecord, names: [&str; N]) -> Self {
        let keys: Vec<String> = first.iter().map(header_key).collect();
        if keys.iter().any(|k| k == "entnum") {
            Self {
                at: names.map(|name| keys.iter().position(|k| k == name)),
                header: true,
            }
        } else {
            let mut at = [None; N];
            for (i, slot) in at.iter_mut().enumerate() {
                *slot = Some(i);
            }
            Self { at, header: false }
        }
    }

    fn get(&self, record: &csv::StringRecord, column: usize) -> Option<String> {
        let at = self.at.get(column).copied().flatten()?;
        record.get(at).and_then(clean_field)
    }

    /// The record's `ent_num` (the first column of both files); Err when it is not a number.
    fn ent_num(&self, record: &csv::StringRecord) -> Result<String, String> {
        let ent_num = self.get(record, 0).unwrap_or_default();
        if is_number(&ent_num) {
            Ok(ent_num)
        } else {
            Err(format!("ent_num {ent_num:?} is not a number"))
        }
    }
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// True for the blank or Ctrl-Z-only rows OFAC files end with.
fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|f| clean_field(f).is_none())
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A converted row and an optional caveat for keeping it, or why the row is skipped.
type Converted<T> = Result<(T, Option<String>), String>;

/// Reads the data records of an OFAC CSV file whose columns are `names` in file order (or as
/// a header row names them) and converts each with `convert`, which gets the record, the
/// columns and the record's line. Blank rows are passed over; unreadable and refused rows go
/// to `problems` (a refused row is skipped), as do the caveats of kept rows.
fn read_rows<T, const N: usize>(
    text: &str,
    file: &str,
    names: [&str; N],
    problems: &mut Vec<RowProblem>,
    mut convert: impl FnMut(&csv::StringRecord, &Columns<N>, usize) -> Converted<T>,
) -> Vec<T> {
    let mut rows = Vec::new();
    let mut columns: Option<Columns<N>> = None;
    let mut lines = LineCounter::new(text);
    for result in reader(text).records() {
        let Some(record) = readable_record(result, file, problems) else {
            continue;
        };
        if is_blank(&record) {
            continue;
        }
        let line = lines.record_line(&record, false);
        if columns.is_none() {
            let c = Columns::from_first_record(&record, names);
            let header = c.header;
            columns = Some(c);
            if header {
                continue;
            }
        }
        let Some(cols) = &columns else { continue };
        match convert(&record, cols, line) {
            Ok((row, note)) => {
                if let Some(note) = note {
                    problems.push(RowProblem::new(file, line, note, false));
                }
                rows.push(row);
            }
            Err(reason) => problems.push(RowProblem::new(file, line, reason, true)),
        }
    }
    rows
}

/// Reads sdn.csv rows into entries; malformed rows go to `problems` and are skipped.
pub(crate) fn parse_sdn(text: &str, file: &str, problems: &mut Vec<RowProblem>) -> Vec<Entry> {
    read_rows(text, file, SDN_COLUMNS, problems, |record, cols, _| {
        sdn_entry(record, cols)
    })
}

/// Converts one sdn.csv record; Ok carries an optional caveat for a kept row.
fn sdn_entry(record: &csv::StringRecord, cols: &Columns<12>) -> Converted<Entry> {
    if !cols.header && record.len() > SDN_COLUMNS.len() {
        return Err(format!(
            "{} fields, expected {} (an unquoted comma?)",
            record.len(),
            SDN_COLUMNS.len()
        ));
    }
    let ent_num = cols.ent_num(record)?;
    let name = cols
        .get(record, 1)
        .ok_or_else(|| format!("ent_num {ent_num} has no SDN_Name"))?;
    let kind = match cols.get(record, 2).map(|t| t.to_lowercase()).as_deref() {
        None | Some("entity") => Kind::Organization,
        Some("individual") => Kind::Person,
        Some("vessel") => Kind::Vessel,
        Some("aircraft") => Kind::Aircraft,
        Some(_) => Kind::Unknown,
    };
    let programs = cols
        .get(record, 3)
        .map(|p| split_programs(&p))
        .unwrap_or_default();
    let remarks_text = cols.get(record, 11);
    let mut aliases = Vec::new();
    for alias in remarks_text
        .as_deref()
        .map(remark_aliases)
        .unwrap_or_default()
    {
        push_unique_name(&mut aliases, &name, &alias);
    }
    let remarks = join_remarks(&[
        ("Title", cols.get(record, 4)),
        ("Call sign", cols.get(record, 5)),
        ("Vessel type", cols.get(record, 6)),
        ("Tonnage", cols.get(record, 7)),
        ("GRT", cols.get(record, 8)),
        ("Flag", cols.get(record, 9)),
        ("Owner", cols.get(record, 10)),
        ("", remarks_text),
    ]);
    let note = (!cols.header && record.len() < SDN_COLUMNS.len()).then(|| {
        format!(
            "only {} of {} fields; the missing ones read as empty",
            record.len(),
            SDN_COLUMNS.len()
        )
    });
    let entry = Entry {
        reference: ent_num,
        name,
        aliases,
        kind,
        programs,
        listed: None,
        remarks,
    };
    Ok((entry, note))
}

/// Splits OFAC's program field: `"SDGT] [IRGC"` → `["SDGT", "IRGC"]`.
fn split_programs(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in raw.split(['[', ']', ';']) {
        let part = part.trim();
        if !part.is_empty() && !out.iter().any(|p| p == part) {
            out.push(part.to_string());
        }
    }
    out
}

/// The names quoted after `a.k.a.`, `f.k.a.` and `n.k.a.` in an OFAC remark:
/// `"DOB 1960; a.k.a. 'ABU X'; f.k.a. \"Y\"."` → `["ABU X", "Y"]`.
pub(crate) fn remark_aliases(remarks: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = remarks.as_bytes();
    let mut i = 0;
    while let Some(window) = bytes.get(i..i + 6) {
        let is_marker = matches!(
            window.first(),
            Some(b'a' | b'f' | b'n' | b'A' | b'F' | b'N')
        ) && window
            .get(1..)
            .is_some_and(|w| w.eq_ignore_ascii_case(b".k.a."));
        if is_marker && let Some((alias, end)) = remarks.get(i + 6..).and_then(quoted_name) {
            out.push(alias);
            i += 6 + end;
            continue;
        }
        i += 1;
    }
    out
}

/// Reads a quoted name at the start of `s` (after spaces); returns it and the byte length
/// consumed. The closing quote is one followed by the end, a space or `;` `.` `,` `)`.
fn quoted_name(s: &str) -> Option<(String, usize)> {
    let trimmed = s.trim_start();
    let skipped = s.len() - trimmed.len();
    let mut chars = trimmed.char_indices();
    let (_, open) = chars.next()?;
    let closers: &[char] = match open {
        '\'' => &['\''],
        '"' => &['"'],
        '‘' | '’' => &['’', '‘'],
        '“' | '”' => &['”', '“'],
        _ => return None,
    };
    let start = open.len_utf8();
    for (at, c) in chars {
        if !closers.contains(&c) {
            continue;
        }
        let after = trimmed.get(at + c.len_utf8()..).unwrap_or("");
        let closes = after
            .chars()
            .next()
            .is_none_or(|n| n.is_whitespace() || matches!(n, ';' | '.' | ',' | ')'));
        if closes {
            let name = trimmed.get(start..at)?.trim();
            if name.is_empty() {
                return None;
            }
            return Some((name.to_string(), skipped + at + c.len_utf8()));
        }
    }
    None
}

/// Reads alt.csv rows; malformed rows go to `problems` and are skipped.
pub(crate) fn parse_alt(text: &str, file: &str, problems: &mut Vec<RowProblem>) -> Vec<AltRow> {
    read_rows(text, file, ALT_COLUMNS, problems, |record, cols, line| {
        let ent_num = cols.ent_num(record)?;
        let name = cols
            .get(record, 3)
            .ok_or_else(|| format!("alias row for ent_num {ent_num} has no alt_name"))?;
        let row = AltRow {
            ent_num,
            name,
            row: line,
        };
        Ok((row, None))
    })
}

/// Adds alt.csv aliases to their entries by `ent_num`; rows for unknown entries are reported.
pub(crate) fn merge_aliases(
    entries: &mut [Entry],
    alts: Vec<AltRow>,
    file: &str,
    problems: &mut Vec<RowProblem>,
) {
    let index: std::collections::HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.reference.clone(), i))
        .collect();
    for alt in alts {
        match index.get(&alt.ent_num).and_then(|&i| entries.get_mut(i)) {
            Some(entry) => {
                let primary = entry.name.clone();
                push_unique_name(&mut entry.aliases, &primary, &alt.name);
            }
            None => problems.push(RowProblem::new(
                file,
                alt.row,
                format!(
                    "alias for ent_num {} which the list does not have",
                    alt.ent_num
                ),
                true,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDN: &str = "\
36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r
2674,\"TIANI, Abdourahamane\",\"individual\",\"SAMPLE] [NIGER\",\"General\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1964; a.k.a. 'TCHIANI, Omar'; a.k.a. 'O'NEIL, Abdou'; Passport X1.\"\r
15036,\"OCEAN PEARL\",\"vessel\",\"IRAN\",-0- ,\"9HXY2\",\"Crude Oil Tanker\",\"150,000\",-0- ,\"Panama\",\"SEA CO LTD\",\"IMO 9000001.\"\r
x12,\"BAD ROW\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r
77,-0- ,\"individual\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r
\u{1a}\r
";

    #[test]
    fn reads_sdn_rows_with_nulls_aliases_and_vessels() {
        let mut problems = Vec::new();
        let entries = parse_sdn(SDN, "sdn.csv", &mut problems);
        assert_eq!(entries.len(), 3, "{problems:?}");
        let airline = &entries[0];
        assert_eq!(airline.reference, "36");
        assert_eq!(airline.kind, Kind::Organization);
        assert_eq!(airline.programs, vec!["CUBA"]);
        assert_eq!(airline.remarks, None);
        let tiani = &entries[1];
        assert_eq!(tiani.name, "TIANI, Abdourahamane");
        assert_eq!(tiani.kind, Kind::Person);
        assert_eq!(tiani.programs, vec!["SAMPLE", "NIGER"]);
        assert_eq!(tiani.aliases, vec!["TCHIANI, Omar", "O'NEIL, Abdou"]);
        assert!(
            tiani
                .remarks
                .as_deref()
                .is_some_and(|r| r.starts_with("Title: General; DOB"))
        );
        let vessel = &entries[2];
        assert_eq!(vessel.kind, Kind::Vessel);
        assert!(
            vessel
                .remarks
                .as_deref()
                .is_some_and(|r| r.contains("Flag: Panama"))
        );
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].row, 4);
        assert!(problems[0].reason.contains("not a number"));
        assert_eq!(problems[1].row, 5);
        assert!(problems[1].reason.contains("no SDN_Name"));
        assert!(problems.iter().all(|p| p.skipped && p.file == "sdn.csv"));
    }

    #[test]
    fn reads_header_layout_in_any_order() {
        let text = "SDN_Name,ent_num,SDN_Type,Program,Remarks\n\
                    \"DOE, John\",10,individual,SDGT,a.k.a. \"JD\"\n";
        let mut problems = Vec::new();
        let entries = parse_sdn(text, "sdn.csv", &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entries[0].reference, "10");
        assert_eq!(entries[0].name, "DOE, John");
        assert_eq!(entries[0].aliases, vec!["JD"]);
    }

    #[test]
    fn too_many_fields_is_skipped() {
        let text = "5,\"A\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,extra\n";
        let mut problems = Vec::new();
        assert!(parse_sdn(text, "sdn.csv", &mut problems).is_empty());
        assert!(problems[0].reason.contains("13 fields"));
    }

    #[test]
    fn merges_alt_rows() {
        let mut problems = Vec::new();
        let mut entries = parse_sdn(SDN, "sdn.csv", &mut problems);
        problems.clear();
        let alt = "2674,101,\"aka\",\"TIANI, Abdourahmane\",-0-\n\
                   2674,102,\"aka\",\"TCHIANI, Omar\",-0-\n\
                   9999,103,\"aka\",\"NOBODY\",-0-\n\
                   2674,104,\"aka\",-0-,-0-\n";
        let alts = parse_alt(alt, "alt.csv", &mut problems);
        assert_eq!(alts.len(), 3);
        merge_aliases(&mut entries, alts, "alt.csv", &mut problems);
        assert_eq!(
            entries[1].aliases,
            vec!["TCHIANI, Omar", "O'NEIL, Abdou", "TIANI, Abdourahmane"]
        );
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].row, 4);
        assert_eq!(problems[1].row, 3);
    }

    #[test]
    fn remark_aliases_handle_quotes_and_truncation() {
        assert_eq!(
            remark_aliases("a.k.a. ‘AL-X’; F.K.A. \"Y Z\"), n.k.a. 'unterminated"),
            vec!["AL-X", "Y Z"]
        );
        assert!(remark_aliases("a.k.a.").is_empty());
        assert!(remark_aliases("a.k.a. ''").is_empty());
    }
}
