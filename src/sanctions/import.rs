//! Importing a sanctions list from bytes: format detection from content (the file name is a
//! hint), dispatch to the OFAC, UN or simple-CSV reader, and merging an OFAC alt.csv into its
//! sdn.csv.
//!
//! A screening tool that silently screens against part of a list is worse than one that
//! fails, so a list is imported only when it is read to its end:
//! - refused ([`ImportError`], nothing kept): a file that is no list at all; a file over
//!   [`MAX_LIST_BYTES`]; a list going on past [`MAX_ENTRIES`] entries; a file that stops being readable before its end (a UN XML cut short,
//!   with a syntax error or nested too deep; a CSV quote never closed), naming the line; a
//!   list with no entries;
//! - imported with row problems ([`RowProblem`], each naming its line): a row that is merely
//!   bad (no name, too many fields) is skipped, a row with a caveat is kept (fewer fields, an
//!   unknown type, fields over the caps cut, a last row with no line break after it).
//!
//! A CSV cut exactly at a line break is a shorter, valid CSV: nothing in the format can tell.

use super::limits::{MAX_ENTRIES, MAX_LIST_BYTES, Problems, Refusal};
use super::model::{ListFormat, RowProblem, SanctionsList};
use super::text::{decode, header_key};
use super::{ofac, simple, un};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::borrow::Cow;

/// What the caller knows about the list being imported.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The list's display name; by default one chosen from the format (or the file name).
    pub list_name: Option<String>,
    /// The list's date; overrides a date the file carries (the UN `dateGenerated`).
    pub date: Option<String>,
}

/// One file handed to [`import_files`].
#[derive(Clone, Copy, Debug)]
pub struct InputFile<'a> {
    /// The file name, used in messages and as a format hint.
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// An imported list and the rows that were skipped or kept with a caveat.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub list: SanctionsList,
    pub problems: Vec<RowProblem>,
}

/// What a file holds, as [`detect`] sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// OFAC sdn.csv (or cons_prim.csv).
    OfacSdn,
    /// OFAC alt.csv (or cons_alt.csv): aliases only, to merge into an sdn.csv.
    OfacAliases,
    /// UN Security Council consolidated list XML.
    UnXml,
    /// Dossier's simple CSV with a header row.
    SimpleCsv,
}

/// Why an import failed as a whole.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: not a sanctions list: {reason}")]
    NotAList { file: String, reason: String },
    #[error("{file}: an OFAC alias file (alt.csv) on its own; import it together with its sdn.csv")]
    AliasesOnly { file: String },
    #[error("{file}: {reason}")]
    Combination { file: String, reason: String },
    /// The file stopped being readable at `line`; `reason` says where and why.
    #[error("{file}: {reason}")]
    Incomplete {
        file: String,
        line: usize,
        reason: String,
    },
    /// The file holds no entry; `detail` says what its rows were, if it had any.
    #[error("{file}: no entries found{detail}")]
    NoEntries { file: String, detail: String },
    /// The file is over [`MAX_LIST_BYTES`].
    #[error(
        "{file}: {} MiB, over the {} MiB a sanctions list may have",
        bytes.div_ceil(MIB),
        MAX_LIST_BYTES / MIB
    )]
    TooBig { file: String, bytes: u64 },
    #[error("no file to import")]
    NoFiles,
}

/// Bytes in a MiB, for messages.
const MIB: u64 = 1 << 20;

/// Refuses a file of `bytes` over [`MAX_LIST_BYTES`].
pub fn check_size(file: &str, bytes: u64) -> Result<(), ImportError> {
    if bytes > MAX_LIST_BYTES {
        Err(ImportError::TooBig {
            file: file.to_string(),
            bytes,
        })
    } else {
        Ok(())
    }
}

/// The import error of a reader's refusal of `file`.
fn refused(file: &str, refusal: Refusal) -> ImportError {
    match refusal {
        Refusal::NotAList(reason) => not_a_list(file, reason),
        Refusal::Stopped { line, reason } => ImportError::Incomplete {
            file: file.to_string(),
            line,
            reason,
        },
    }
}

fn not_a_list(file: &str, reason: impl Into<String>) -> ImportError {
    ImportError::NotAList {
        file: file.to_string(),
        reason: reason.into(),
    }
}

/// How much of a CSV file's start [`detect`] reads.
const DETECT_BYTES: usize = 64 * 1024;

/// Tells what a file holds from its content, with the file name as a tie-breaker.
pub fn detect(bytes: &[u8], file_name: &str) -> Result<FileKind, ImportError> {
    let text = decode(bytes).map_err(|reason| not_a_list(file_name, reason))?;
    detect_text(&text, file_name)
}

fn detect_text(text: &str, file: &str) -> Result<FileKind, ImportError> {
    let body = text.trim_start();
    if body.is_empty() {
        return Err(not_a_list(file, "the file is empty"));
    }
    if body.starts_with('<') {
        return detect_xml(body, file);
    }
    // The first row tells; a longer one is no header (and an unclosed quote in it would
    // otherwise read the whole file here).
    let mut head_len = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(head_len) {
        head_len -= 1;
    }
    let head = text.get(..head_len).unwrap_or(text);
    let first_row = |reader: csv::Reader<&[u8]>| {
        reader
            .into_records()
            .filter_map(Result::ok)
            .find(|r| r.iter().any(|f| !f.trim().is_empty()))
    };
    // OFAC files are comma-separated whatever their first line holds (a name over two lines
    // may hold more semicolons than commas), and have no comment lines.
    if let Some(kind) = first_row(ofac::reader(head)).and_then(|row| ofac_kind(&row, file)) {
        return Ok(kind);
    }
    let Some(first) = first_row(simple::reader(head)) else {
        return Err(not_a_list(file, "the file has only comments"));
    };
    if simple::has_name_column(first.iter()) {
        return Ok(FileKind::SimpleCsv);
    }
    let shown: String = first
        .iter()
        .collect::<Vec<_>>()
        .join(",")
        .chars()
        .take(60)
        .collect();
    Err(not_a_list(
        file,
        format!(
            "the first row ({shown:?}) is neither a header with a 'name' column nor an OFAC \
             sdn.csv/alt.csv row"
        ),
    ))
}

/// What an OFAC file's first row says it is: a header naming OFAC's columns, or a headerless
/// row starting with its number (which no header cell is; its other cells are names and
/// programs, one of which could read as a 'name' header).
fn ofac_kind(first: &csv::StringRecord, file: &str) -> Option<FileKind> {
    let keys: Vec<String> = first.iter().map(header_key).collect();
    let has = |k: &str| keys.iter().any(|x| x == k);
    if has("entnum") && has("sdnname") {
        return Some(FileKind::OfacSdn);
    }
    if has("entnum") && has("altname") {
        return Some(FileKind::OfacAliases);
    }
    let numeric = |i: usize| {
        first
            .get(i)
            .is_some_and(|f| !f.trim().is_empty() && f.trim().bytes().all(|b| b.is_ascii_digit()))
    };
    let alt_hint = file.to_ascii_lowercase().contains("alt");
    if numeric(0) {
        let fields = first.len();
        if numeric(1) && (fields == 5 || (alt_hint && fields <= 6)) {
            return Some(FileKind::OfacAliases);
        }
        if fields >= 10 || (fields >= 3 && !numeric(1)) {
            return Some(FileKind::OfacSdn);
        }
    }
    None
}

fn detect_xml(text: &str, file: &str) -> Result<FileKind, ImportError> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                return if name.eq_ignore_ascii_case(un::ROOT) {
                    Ok(FileKind::UnXml)
                } else {
                    Err(not_a_list(
                        file,
                        format!(
                            "the XML root is <{name}>, not the UN consolidated list's <{}>",
                            un::ROOT
                        ),
                    ))
                };
            }
            Ok(Event::Eof) => return Err(not_a_list(file, "no XML element found")),
            Err(e) => return Err(not_a_list(file, format!("the XML could not be read: {e}"))),
            Ok(_) => {}
        }
    }
}

/// Imports one list file (sdn.csv, the UN XML, or a simple CSV).
pub fn import(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    import_files(
        &[InputFile {
            name: file_name,
            bytes,
        }],
        options,
    )
}

/// Imports one list from one or more files: a single list file, or an OFAC sdn.csv with its
/// alt.csv (in any order), whose aliases are merged by `ent_num`.
pub fn import_files(
    files: &[InputFile<'_>],
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut main: Option<(usize, FileKind, Cow<'_, str>)> = None;
    let mut alias_files: Vec<(usize, Cow<'_, str>)> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        check_size(f.name, u64::try_from(f.bytes.len()).unwrap_or(u64::MAX))?;
        let text = decode(f.bytes).map_err(|reason| not_a_list(f.name, reason))?;
        match detect_text(&text, f.name)? {
            FileKind::OfacAliases => alias_files.push((i, text)),
            kind => {
                if let Some((first, _, _)) = &main {
                    let first_name = files.get(*first).map_or("", |f| f.name);
                    return Err(ImportError::Combination {
                        file: f.name.to_string(),
                        reason: format!(
                            "a second list besides {first_name}; import one list at a time"
                        ),
                    });
                }
                main = Some((i, kind, text));
            }
        }
    }
    let Some((main_index, kind, text)) = main else {
        return Err(match alias_files.first().and_then(|(i, _)| files.get(*i)) {
            Some(f) => ImportError::AliasesOnly {
                file: f.name.to_string(),
            },
            None => ImportError::NoFiles,
        });
    };
    let file = files.get(main_index).map_or("", |f| f.name);
    let mut problems = Problems::default();
    let (format, mut entries, file_date) = match kind {
        FileKind::OfacSdn => (
            ListFormat::OfacCsv,
            ofac::parse_sdn(&text, file, &mut problems, MAX_ENTRIES)
                .map_err(|r| refused(file, r))?,
            None,
        ),
        FileKind::UnXml => {
            let list =
                un::parse(&text, file, &mut problems, MAX_ENTRIES).map_err(|r| refused(file, r))?;
            (ListFormat::UnXml, list.entries, list.date)
        }
        FileKind::SimpleCsv => {
            let entries = simple::parse(&text, file, &mut problems, MAX_ENTRIES)
                .map_err(|r| refused(file, r))?;
            (ListFormat::SimpleCsv, entries, None)
        }
        FileKind::OfacAliases => (ListFormat::OfacCsv, Vec::new(), None),
    };
    drop(text);
    for (i, alt_text) in &alias_files {
        let alt_name = files.get(*i).map_or("", |f| f.name);
        if format != ListFormat::OfacCsv {
            return Err(ImportError::Combination {
                file: alt_name.to_string(),
                reason: format!(
                    "OFAC aliases cannot be merged into the {} list {file}",
                    format.label()
                ),
            });
        }
        let alts = ofac::parse_alt(alt_text, alt_name, &mut problems, MAX_ENTRIES)
            .map_err(|r| refused(alt_name, r))?;
        ofac::merge_aliases(&mut entries, alts, alt_name, &mut problems);
    }
    if entries.is_empty() {
        let skipped = problems.skipped();
        let detail = match problems.first_skipped(file) {
            Some(p) if skipped > 0 => format!(
                ": none of its {skipped} rows could be read; first: row {}: {}",
                p.row, p.reason
            ),
            _ => String::new(),
        };
        return Err(ImportError::NoEntries {
            file: file.to_string(),
            detail,
        });
    }
    let name = options.list_name.clone().unwrap_or_else(|| match format {
        ListFormat::OfacCsv => "OFAC SDN".to_string(),
        ListFormat::UnXml => "UN Security Council Consolidated List".to_string(),
        ListFormat::SimpleCsv => file_stem(file),
    });
    Ok(Imported {
        list: SanctionsList {
            name,
            format,
            date: options.date.clone().or(file_date),
            entries,
        },
        problems: problems.into_vec(),
    })
}

/// The file name without directories and extension.
fn file_stem(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => base.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanctions::Kind;

    const SDN: &[u8] = b"2674,\"TIANI, Abdourahamane\",\"individual\",\"SAMPLE\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'TCHIANI, Omar'\"\r\n\
                         2675,\"SAHEL HORIZON LOGISTICS SARL\",-0- ,\"SAMPLE\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    const ALT: &[u8] = b"2674,1,\"aka\",\"TIANI, Abdourahmane\",-0-\r\n";

    #[test]
    fn detects_each_format() {
        assert_eq!(detect(SDN, "x.txt"), Ok(FileKind::OfacSdn));
        assert_eq!(detect(ALT, "alt.csv"), Ok(FileKind::OfacAliases));
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><CONSOLIDATED_LIST/>", "un.xml"),
            Ok(FileKind::UnXml)
        );
        assert_eq!(
            detect(b"# note\nName,Type\nX,person\n", "l.csv"),
            Ok(FileKind::SimpleCsv)
        );
        assert_eq!(
            detect(b"ent_num,SDN_Name,SDN_Type\n1,X,-0-\n", "sdn.csv"),
            Ok(FileKind::OfacSdn)
        );
    }

    #[test]
    fn merges_sdn_and_alt_in_any_order() {
        let files = [
            InputFile {
                name: "alt.csv",
                bytes: ALT,
            },
            InputFile {
                name: "sdn.csv",
                bytes: SDN,
            },
        ];
        let imported = import_files(&files, &ImportOptions::default()).expect("imported");
        assert_eq!(imported.list.format, ListFormat::OfacCsv);
        assert_eq!(imported.list.name, "OFAC SDN");
        assert_eq!(imported.list.entries.len(), 2);
        assert_eq!(
            imported.list.entries[0].aliases,
            vec!["TCHIANI, Omar", "TIANI, Abdourahmane"]
        );
        assert_eq!(imported.list.entries[1].kind, Kind::Organization);
        assert!(imported.problems.is_empty());
    }

    #[test]
    fn alias_file_alone_or_two_lists_are_refused() {
        let err = import(ALT, "alt.csv", &ImportOptions::default()).err();
        assert_eq!(
            err,
            Some(ImportError::AliasesOnly {
                file: "alt.csv".into()
            })
        );
        let files = [
            InputFile {
                name: "a.csv",
                bytes: SDN,
            },
            InputFile {
                name: "b.csv",
                bytes: SDN,
            },
        ];
        let err = import_files(&files, &ImportOptions::default()).expect_err("refused");
        assert!(
            err.to_string()
                .starts_with("b.csv: a second list besides a.csv")
        );
        assert_eq!(
            import_files(&[], &ImportOptions::default()).err(),
            Some(ImportError::NoFiles)
        );
    }

    #[test]
    fn non_lists_are_rejected_naming_the_file() {
        let cases: [(&[u8], &str, &str); 5] = [
            (b"", "empty.csv", "empty"),
            (
                b"Dear editor,\nplease find attached the article.\n",
                "letter.txt",
                "neither a header",
            ),
            (b"<html><body>hi</body></html>", "page.html", "<html>"),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "logo.png", "binary"),
            (b"title,body\nx,y\n", "notes.csv", "neither a header"),
        ];
        for (bytes, file, why) in cases {
            let err = import(bytes, file, &ImportOptions::default())
                .err()
                .unwrap_or_else(|| panic!("{file} should be refused"));
            let message = err.to_string();
            assert!(
                message.starts_with(&format!("{file}: not a sanctions list")),
                "{message}"
            );
            assert!(message.contains(why), "{message}");
        }
    }

    #[test]
    fn a_list_without_entries_is_an_error() {
        // Before: an empty UN list or a simple CSV with a header only imported as 0 entries.
        let cases: [(&[u8], &str, &str); 4] = [
            (
                b"<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>",
                "un.xml",
                "un.xml: no entries found",
            ),
            (b"name,type\n", "l.csv", "l.csv: no entries found"),
            (
                b"ent_num,SDN_Name,SDN_Type\n",
                "sdn.csv",
                "sdn.csv: no entries found",
            ),
            (
                b"name,type\n,person\n,org\n",
                "blank.csv",
                "blank.csv: no entries found: none of its 2 rows could be read; first: row 2: \
                 no name",
            ),
        ];
        for (bytes, file, message) in cases {
            let err = import(bytes, file, &ImportOptions::default()).expect_err(file);
            assert!(matches!(err, ImportError::NoEntries { .. }), "{err:?}");
            assert_eq!(err.to_string(), message);
        }
    }

    #[test]
    fn a_list_read_in_part_is_refused_naming_the_line() {
        // The UN XML cut between two records: before, a whole list of 1 entry.
        let un = b"<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n\
                   <INDIVIDUAL><FIRST_NAME>Omar Tiani</FIRST_NAME></INDIVIDUAL>\n\
                   <INDIVIDUAL><FIRST_NAME>Salif Traore</FIRST_NAME></INDIVIDUAL>\n";
        let err = import(un, "un.xml", &ImportOptions::default()).expect_err("refused");
        assert_eq!(
            err.to_string(),
            "un.xml: the list ends at line 5 inside <INDIVIDUALS> (opened at line 3): the file \
             is cut short"
        );
        assert!(matches!(err, ImportError::Incomplete { line: 5, .. }));
        // A simple CSV with an unclosed quote in row 1 of 4: before, "1 entries".
        let csv = b"name,remarks\n\"Omar Tiani,x\nSalif Traore,\nWagner Group,\nHamidou Diallo,\n";
        let err = import(csv, "l.csv", &ImportOptions::default()).expect_err("refused");
        assert!(
            err.to_string()
                .starts_with("l.csv: the quote opened at line 2 is never closed, so the 3 lines"),
            "{err}"
        );
        // An alt.csv cut inside a quote refuses the pair.
        let files = [
            InputFile {
                name: "sdn.csv",
                bytes: SDN,
            },
            InputFile {
                name: "alt.csv",
                bytes: b"2674,1,\"aka\",\"TIANI, Abd",
            },
        ];
        let err = import_files(&files, &ImportOptions::default()).expect_err("refused");
        assert!(
            matches!(&err, ImportError::Incomplete { file, line: 1, .. } if file == "alt.csv"),
            "{err:?}"
        );
    }

    #[test]
    fn a_file_over_the_cap_is_refused() {
        assert_eq!(check_size("big.csv", MAX_LIST_BYTES), Ok(()));
        // Before: 1 GiB, so a list could cost 7 GB to import (issue 12 item 10).
        let err = check_size("huge.csv", 300 << 20).expect_err("refused");
        assert_eq!(
            err.to_string(),
            "huge.csv: 300 MiB, over the 256 MiB a sanctions list may have"
        );
    }

    #[test]
    fn a_list_past_the_entry_cap_is_refused() {
        // One-letter rows cost a hundred times their size as entries: before the cap, a
        // 256 MiB file of them took tens of GB (issue 12 item 10).
        let mut csv = String::from("name\n");
        csv.push_str(&"a\n".repeat(MAX_ENTRIES + 1));
        let err = import(csv.as_bytes(), "many.csv", &ImportOptions::default()).expect_err("cap");
        assert_eq!(
            err.to_string(),
            format!(
                "many.csv: the list goes on past {MAX_ENTRIES} entries at line {}; a sanctions \
                 list may hold {MAX_ENTRIES} at most",
                MAX_ENTRIES + 2
            )
        );
    }

    #[test]
    fn caller_date_and_name_win() {
        let options = ImportOptions {
            list_name: Some("My list".into()),
            date: Some("2024-01-31".into()),
        };
        let xml = b"<CONSOLIDATED_LIST dateGenerated=\"2023-08-24T11:04:03-04:00\"><ENTITIES>\
                    <ENTITY><FIRST_NAME>X</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>";
        let imported = import(xml, "un.xml", &options).expect("a list");
        assert_eq!(imported.list.name, "My list");
        assert_eq!(imported.list.date.as_deref(), Some("2024-01-31"));
        let plain = import(xml, "un.xml", &ImportOptions::default()).expect("a list");
        assert_eq!(plain.list.date.as_deref(), Some("2023-08-24"));
        let simple =
            import(b"name\nX\n", "dir/my-list.csv", &ImportOptions::default()).expect("list");
        assert_eq!(simple.list.name, "my-list");
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabets: [&[u8]; 4] = [
            b"<>/=\"' CONSOLIDATED_LIST INDIVIDUAL ALIAS_NAME &amp;#x;\n",
            b",\"';\n\r#-0-123 a.k.a. name type",
            b"\xff\xfe\x00\x01\xc3\xa9\x80\x9f",
            b"",
        ];
        for round in 0..400 {
            let len = (next() % 300) as usize;
            let alphabet = alphabets[round % alphabets.len()];
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if alphabet.is_empty() {
                        (r >> 24) as u8
                    } else {
                        alphabet[(r as usize) % alphabet.len()]
                    }
                })
                .collect();
            let _ = import(&bytes, "fuzz.bin", &ImportOptions::default());
            let mut prefixed = b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>".to_vec();
            prefixed.extend_from_slice(&bytes);
            let _ = import(&prefixed, "fuzz.xml", &ImportOptions::default());
            let mut csv = b"name,aliases,type,listed\n".to_vec();
            csv.extend_from_slice(&bytes);
            let _ = import(&csv, "fuzz.csv", &ImportOptions::default());
            let mut sdn = SDN.to_vec();
            sdn.extend_from_slice(&bytes);
            let _ = import(&sdn, "sdn.csv", &ImportOptions::default());
        }
    }
}
