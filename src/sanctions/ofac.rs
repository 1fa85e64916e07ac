//! Reader for the US Treasury OFAC CSV files: sdn.csv (or cons_prim.csv) and alt.csv (or
//! cons_alt.csv), in the legacy layout without a header or with a header row of OFAC's
//! column names. `-0-` means empty; aliases come from `a.k.a. 'X'` remarks and from alt.csv.
//!
//! A malformed row (no number, no name, too many fields) is a row problem: skipped, the rest
//! imported; a legacy row with fewer than 12 fields is kept with a note, as is a last row
//! with no line break after it (the file may have been cut inside it). A quote that is never
//! closed would swallow every row after it into one cell, so it refuses the file, naming the
//! line where the quote opened.

use super::limits::{Aliases, MAX_FIELD_CHARS, Problems, Refusal, Rows, check_entry};
use super::model::{Entry, Kind, RowProblem};
use super::text::{
    LineCounter, check_csv, clean_field, header_key, join_remarks, no_line_break, readable_record,
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

/// A reader for OFAC's CSV: commas, no header handling, ragged rows allowed.
pub(crate) fn reader(text: &str) -> csv::Reader<&[u8]> {
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
/// to `problems` (a refused row is skipped), as do the caveats of kept rows. Err when a quote
/// is never closed.
fn read_rows<T, const N: usize>(
    text: &str,
    file: &str,
    names: [&str; N],
    problems: &mut Problems,
    max_rows: usize,
    mut convert: impl FnMut(&csv::StringRecord, &Columns<N>, usize) -> Converted<T>,
) -> Result<Vec<T>, Refusal> {
    let ends_mid_record = check_csv(text, b',', false)?;
    let mut rows = Rows::new(max_rows);
    let mut columns: Option<Columns<N>> = None;
    let mut lines = LineCounter::new(text);
    // The line of the last record, when it was a row (not a header, not blank).
    let mut last_line = None;
    for result in reader(text).records() {
        last_line = None;
        let Some(record) = readable_record(result, file, problems) else {
            continue;
        };
        if is_blank(&record) {
            continue;
        }
        let line = lines.record_line(&record, false);
        last_line = Some(line);
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
                rows.push(row, line)?;
            }
            Err(reason) => problems.push(RowProblem::new(file, line, reason, true)),
        }
    }
    if let Some(line) = last_line.filter(|_| ends_mid_record) {
        problems.push(no_line_break(file, line));
    }
    Ok(rows.into_vec())
}

/// Reads sdn.csv rows into entries, refusing the file past `max_entries`; malformed rows go
/// to `problems` and are skipped.
pub(crate) fn parse_sdn(
    text: &str,
    file: &str,
    problems: &mut Problems,
    max_entries: usize,
) -> Result<Vec<Entry>, Refusal> {
    read_rows(
        text,
        file,
        SDN_COLUMNS,
        problems,
        max_entries,
        |record, cols, _| sdn_entry(record, cols),
    )
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
    let mut aliases = Aliases::new(&name, Vec::new());
    for alias in remarks_text
        .as_deref()
        .map(remark_aliases)
        .unwrap_or_default()
    {
        aliases.push(&alias);
    }
    let (aliases, left_out) = aliases.finish();
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
    let mut notes: Vec<String> = (!cols.header && record.len() < SDN_COLUMNS.len())
        .then(|| {
            format!(
                "only {} of {} fields; the missing ones read as empty",
                record.len(),
                SDN_COLUMNS.len()
            )
        })
        .into_iter()
        .chain(left_out)
        .collect();
    let mut entry = Entry {
        reference: ent_num,
        name,
        aliases,
        kind,
        programs,
        listed: None,
        remarks,
    };
    notes.extend(check_entry(&mut entry)?);
    let note = (!notes.is_empty()).then(|| notes.join("; "));
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

/// Reads alt.csv rows, refusing the file past `max_rows`; malformed rows go to `problems`
/// and are skipped.
pub(crate) fn parse_alt(
    text: &str,
    file: &str,
    problems: &mut Problems,
    max_rows: usize,
) -> Result<Vec<AltRow>, Refusal> {
    read_rows(
        text,
        file,
        ALT_COLUMNS,
        problems,
        max_rows,
        |record, cols, line| {
            let ent_num = cols.ent_num(record)?;
            let name = cols
                .get(record, 3)
                .ok_or_else(|| format!("alias row for ent_num {ent_num} has no alt_name"))?;
            let chars = name.chars().count();
            if chars > MAX_FIELD_CHARS {
                return Err(format!(
                    "alt_name is {chars} characters long, over the {MAX_FIELD_CHARS} a name may have"
                ));
            }
            let row = AltRow {
                ent_num,
                name,
                row: line,
            };
            Ok((row, None))
        },
    )
}

/// Adds alt.csv aliases to their entries by `ent_num`; rows for unknown entries are reported,
/// as are aliases left out by the caps (noted on the entry's first alias row).
pub(crate) fn merge_aliases(
    entries: &mut [Entry],
    alts: Vec<AltRow>,
    file: &str,
    problems: &mut Problems,
) {
    let index: std::collections::HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.reference.as_str(), i))
        .collect();
    // Each entry's alias rows, in file order, so each entry's aliases are merged in one go.
    let mut by_entry: Vec<(usize, AltRow)> = Vec::with_capacity(alts.len());
    for alt in alts {
        match index.get(alt.ent_num.as_str()) {
            Some(&i) => by_entry.push((i, alt)),
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
    by_entry.sort_by_key(|(i, _)| *i);
    for group in by_entry.chunk_by(|a, b| a.0 == b.0) {
        let Some((i, first)) = group.first() else {
            continue;
        };
        let Some(entry) = entries.get_mut(*i) else {
            continue;
        };
        let mut aliases = Aliases::new(&entry.name, std::mem::take(&mut entry.aliases));
        for (_, alt) in group {
            aliases.push(&alt.name);
        }
        let (merged, left_out) = aliases.finish();
        entry.aliases = merged;
        if let Some(note) = left_out {
            problems.push(RowProblem::new(file, first.row, note, false));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanctions::limits::MAX_ENTRIES;

    const SDN: &str = "\
36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r
2674,\"TIANI, Abdourahamane\",\"individual\",\"SAMPLE] [NIGER\",\"General\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1964; a.k.a. 'TCHIANI, Omar'; a.k.a. 'O'NEIL, Abdou'; Passport X1.\"\r
15036,\"OCEAN PEARL\",\"vessel\",\"IRAN\",-0- ,\"9HXY2\",\"Crude Oil Tanker\",\"150,000\",-0- ,\"Panama\",\"SEA CO LTD\",\"IMO 9000001.\"\r
x12,\"BAD ROW\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r
77,-0- ,\"individual\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r
\u{1a}\r
";

    /// Reads `text` as sdn.csv: the entries (empty when refused) and the row problems.
    fn sdn(text: &str) -> (Vec<Entry>, Vec<RowProblem>) {
        let mut problems = Problems::default();
        let entries =
            parse_sdn(text, "sdn.csv", &mut problems, MAX_ENTRIES).expect("read to its end");
        (entries, problems.into_vec())
    }

    #[test]
    fn reads_sdn_rows_with_nulls_aliases_and_vessels() {
        let (entries, problems) = sdn(SDN);
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
        let (entries, problems) = sdn(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entries[0].reference, "10");
        assert_eq!(entries[0].name, "DOE, John");
        assert_eq!(entries[0].aliases, vec!["JD"]);
    }

    #[test]
    fn too_many_fields_is_skipped() {
        let text = "5,\"A\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,extra\n";
        let (entries, problems) = sdn(text);
        assert!(entries.is_empty());
        assert!(problems[0].reason.contains("13 fields"));
    }

    #[test]
    fn an_unclosed_quote_refuses_the_file_naming_its_line() {
        let cut = SDN.find("Crude Oil").expect("row 3");
        let mut problems = Problems::default();
        let refusal =
            parse_sdn(&SDN[..cut], "sdn.csv", &mut problems, MAX_ENTRIES).expect_err("refused");
        assert_eq!(
            refusal,
            Refusal::Stopped {
                line: 3,
                reason: "the quote opened at line 3 is never closed: the file is cut short or \
                         a quote is missing"
                    .into()
            }
        );
        // Cut inside a quote and joined with the next row: that row's first quote closes the
        // cut one inside a field.
        let mut problems = Problems::default();
        let alt = "2674,101,\"aka\",\"TIANI, Abd\n2674,102,\"aka\",\"X\",-0-\n";
        let refusal = parse_alt(alt, "alt.csv", &mut problems, MAX_ENTRIES).expect_err("refused");
        assert_eq!(
            refusal,
            Refusal::Stopped {
                line: 1,
                reason: "the quote opened at line 1 closes inside a field at line 2, so the \
                         lines between would read as one field: a quote is missing or stray"
                    .into()
            }
        );
    }

    #[test]
    fn a_row_cut_short_is_noted() {
        let cut = SDN.find(",-0- ,\"individual\"").expect("row 5");
        let (entries, problems) = sdn(&SDN[..cut]);
        assert_eq!(entries.len(), 3);
        let kept: Vec<&RowProblem> = problems.iter().filter(|p| !p.skipped).collect();
        assert_eq!(kept, vec![&no_line_break("sdn.csv", 5)]);
    }

    #[test]
    fn files_past_the_row_cap_are_refused_at_the_row_past_it() {
        // Before the cap every row was kept, whatever their number (issue 12 item 10).
        let mut problems = Problems::default();
        assert_eq!(
            parse_sdn(SDN, "sdn.csv", &mut problems, 3).map(|e| e.len()),
            Ok(3)
        );
        let Err(Refusal::Stopped { line, reason }) = parse_sdn(SDN, "sdn.csv", &mut problems, 2)
        else {
            panic!("refused");
        };
        assert_eq!(line, 3);
        assert!(
            reason.starts_with("the list goes on past 2 entries at line 3"),
            "{reason}"
        );
        let alt = "1,101,\"aka\",\"A\",-0-\n1,102,\"aka\",\"B\",-0-\n";
        assert!(parse_alt(alt, "alt.csv", &mut problems, 2).is_ok());
        let refusal = parse_alt(alt, "alt.csv", &mut problems, 1).err();
        assert!(
            matches!(refusal, Some(Refusal::Stopped { line: 2, .. })),
            "{refusal:?}"
        );
    }

    #[test]
    fn merges_alt_rows() {
        let (mut entries, _) = sdn(SDN);
        let mut problems = Problems::default();
        let alt = "2674,101,\"aka\",\"TIANI, Abdourahmane\",-0-\n\
                   2674,102,\"aka\",\"TCHIANI, Omar\",-0-\n\
                   9999,103,\"aka\",\"NOBODY\",-0-\n\
                   2674,104,\"aka\",-0-,-0-\n";
        let alts = parse_alt(alt, "alt.csv", &mut problems, MAX_ENTRIES).expect("read to its end");
        assert_eq!(alts.len(), 3);
        merge_aliases(&mut entries, alts, "alt.csv", &mut problems);
        let problems = problems.into_vec();
        assert_eq!(
            entries[1].aliases,
            vec!["TCHIANI, Omar", "O'NEIL, Abdou", "TIANI, Abdourahmane"]
        );
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].row, 4);
        assert_eq!(problems[1].row, 3);
    }

    #[test]
    fn many_aliases_for_one_entry_are_capped_in_linear_time() {
        let (mut entries, _) = sdn(SDN);
        // 200,000 distinct aliases for one entry: comparing each with all before it (as the
        // merge did) is 2·10¹⁰ comparisons, minutes; now they are hashed and capped.
        let alts: Vec<AltRow> = (0..200_000)
            .map(|i| AltRow {
                ent_num: "2674".into(),
                name: format!("ALIAS {i}"),
                row: i + 1,
            })
            .collect();
        let mut problems = Problems::default();
        merge_aliases(&mut entries, alts, "alt.csv", &mut problems);
        assert_eq!(
            entries[1].aliases.len(),
            crate::sanctions::limits::MAX_ALIASES
        );
        let problems = problems.into_vec();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].reason.contains("beyond the first 1000"),
            "{problems:?}"
        );
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
