//! Property tests of every list reader (UN XML, OFAC sdn.csv + alt.csv, simple CSV), through
//! [`import_files`]: arbitrary bytes never panic and never give an empty list; a generated
//! list reads back entry for entry; the same list cut at any byte is refused, or reports a
//! problem naming a line, or (a CSV cut exactly at a line break, which no CSV reader can tell)
//! reads as the entries before the cut. Small inputs and 64 cases each keep every property to
//! a few seconds in a debug build.

use super::import::{ImportError, ImportOptions, Imported, InputFile, import, import_files};
use super::model::{Entry, Kind};
use super::write::{to_ofac_csv, to_simple_csv, to_un_xml};
use proptest::prelude::*;
use proptest::sample::Index;

/// A name as lists write them: letters first and last, and between them the characters each
/// format must quote or escape (`,` `;` `"` `'` `&` `<` `>` `#`), accents and line breaks.
fn name() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-z0-9 ,;'\"&<>#.\nÀ-ÿ-]{0,20}[A-Za-zÀ-ÿ]"
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        name(),
        prop::collection::vec(name(), 0..3),
        prop_oneof![
            Just(Kind::Person),
            Just(Kind::Organization),
            Just(Kind::Vessel),
            Just(Kind::Unknown)
        ],
        prop::collection::vec("[A-Z]{2,6}", 0..3),
        "[A-Z]{1,3}[0-9]{1,4}",
    )
        .prop_map(|(name, aliases, kind, programs, reference)| Entry {
            reference,
            name,
            aliases,
            kind,
            programs,
            listed: None,
            remarks: None,
        })
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec(entry(), 1..8)
}

/// The primary names of a list, in the order the list holds them.
fn names(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.name.as_str()).collect()
}

/// The entries in the order the UN XML writes them: people first, then everyone else.
fn un_order(entries: &[Entry]) -> Vec<&str> {
    let people = entries.iter().filter(|e| e.kind == Kind::Person);
    let others = entries.iter().filter(|e| e.kind != Kind::Person);
    people.chain(others).map(|e| e.name.as_str()).collect()
}

fn import_one(bytes: &[u8], file: &str) -> Result<Imported, ImportError> {
    import(bytes, file, &ImportOptions::default())
}

fn import_ofac(sdn: &[u8], alt: &[u8]) -> Result<Imported, ImportError> {
    let files = [
        InputFile {
            name: "sdn.csv",
            bytes: sdn,
        },
        InputFile {
            name: "alt.csv",
            bytes: alt,
        },
    ];
    import_files(&files, &ImportOptions::default())
}

/// `bytes` cut at `at`.
fn cut(bytes: &[u8], at: Index) -> &[u8] {
    bytes.get(..at.index(bytes.len() + 1)).unwrap_or(bytes)
}

/// True when the cut text ends at a line break (or OFAC's closing Ctrl-Z after one).
fn at_line_break(bytes: &[u8]) -> bool {
    let end = bytes
        .iter()
        .rposition(|&b| b != 0x1a)
        .map_or(&[][..], |p| &bytes[..=p]);
    matches!(end.last(), Some(b'\n' | b'\r'))
}

/// What a CSV list cut short must give: refused, or a problem naming a line, or, cut at a
/// line break, the entries before the cut.
fn check_cut_csv(result: Result<Imported, ImportError>, cut: &[u8], expected: &[&str]) {
    let Ok(imported) = result else {
        return;
    };
    if imported.problems.iter().any(|p| p.row > 0) {
        return;
    }
    assert!(
        at_line_break(cut),
        "a list cut inside a line was read without a problem: {:?}",
        String::from_utf8_lossy(cut)
    );
    let read = names(&imported.list.entries);
    assert_eq!(read, expected[..read.len().min(expected.len())]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_never_panic_nor_give_an_empty_list(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        text in "[<>/=\"' A-Z_a-z&;#,\n0-9-]{0,300}",
    ) {
        for prefix in [
            &b""[..],
            b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>",
            b"name,aliases,type\n",
            b"1,\"X\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n",
        ] {
            for body in [&bytes[..], text.as_bytes()] {
                let input = [prefix, body].concat();
                for imported in [import_one(&input, "fuzz.csv"), import_ofac(prefix, &input)]
                    .into_iter()
                    .flatten()
                {
                    prop_assert!(!imported.list.entries.is_empty());
                }
            }
        }
    }

    #[test]
    fn simple_csv_round_trips(list in entries()) {
        let imported = import_one(to_simple_csv(&list).as_bytes(), "list.csv").expect("read");
        prop_assert_eq!(names(&imported.list.entries), names(&list));
        prop_assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    }

    #[test]
    fn ofac_csv_round_trips(list in entries()) {
        let (sdn, alt) = to_ofac_csv(&list);
        let imported = import_ofac(sdn.as_bytes(), alt.as_bytes());
        let imported = match imported {
            // A list without aliases has an empty alt.csv, which is no file to merge.
            Err(ImportError::NotAList { file, .. }) if alt.is_empty() && file == "alt.csv" => {
                import_one(sdn.as_bytes(), "sdn.csv").expect("read")
            }
            other => other.expect("read"),
        };
        prop_assert_eq!(names(&imported.list.entries), names(&list));
        prop_assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        for (read, written) in imported.list.entries.iter().zip(&list) {
            prop_assert!(read.aliases.len() <= written.aliases.len());
        }
    }

    #[test]
    fn un_xml_round_trips(list in entries()) {
        let imported = import_one(to_un_xml(&list).as_bytes(), "un.xml").expect("read");
        prop_assert_eq!(names(&imported.list.entries), un_order(&list));
        prop_assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    }

    #[test]
    fn un_xml_cut_anywhere_before_its_end_is_refused(list in entries(), at in any::<Index>()) {
        let xml = to_un_xml(&list);
        let bytes = cut(xml.as_bytes(), at);
        let complete = xml.trim_end().len();
        match import_one(bytes, "un.xml") {
            Ok(imported) => {
                prop_assert!(bytes.len() >= complete, "cut at {} of {complete}", bytes.len());
                prop_assert_eq!(names(&imported.list.entries), un_order(&list));
            }
            Err(ImportError::Incomplete { line, .. }) => prop_assert!(line > 0),
            Err(_) => {}
        }
    }

    #[test]
    fn simple_csv_cut_anywhere_is_refused_noted_or_a_prefix(
        list in entries(),
        at in any::<Index>(),
    ) {
        let csv = to_simple_csv(&list);
        let bytes = cut(csv.as_bytes(), at);
        check_cut_csv(import_one(bytes, "list.csv"), bytes, &names(&list));
    }

    #[test]
    fn ofac_sdn_cut_anywhere_is_refused_noted_or_a_prefix(
        list in entries(),
        at in any::<Index>(),
    ) {
        let (sdn, _) = to_ofac_csv(&list);
        let bytes = cut(sdn.as_bytes(), at);
        check_cut_csv(import_one(bytes, "sdn.csv"), bytes, &names(&list));
    }

    #[test]
    fn ofac_alt_cut_anywhere_is_refused_noted_or_at_a_line_break(
        list in entries(),
        at in any::<Index>(),
    ) {
        let (sdn, alt) = to_ofac_csv(&list);
        let bytes = cut(alt.as_bytes(), at);
        if let Ok(imported) = import_ofac(sdn.as_bytes(), bytes) {
            prop_assert_eq!(names(&imported.list.entries), names(&list));
            let noted = imported.problems.iter().any(|p| p.row > 0 && p.file == "alt.csv");
            prop_assert!(noted || at_line_break(bytes), "{:?}", String::from_utf8_lossy(bytes));
        }
    }
}
