//! Writes entries in each list layout the importer reads (simple CSV, OFAC sdn.csv + alt.csv,
//! UN consolidated XML): synthetic lists for the property tests and for measuring an import's
//! memory (`cargo run --release --example big_list`). Every field is quoted or escaped, so
//! any name reads back as written.

use super::model::{Entry, Kind};
use std::fmt::Write as _;

/// A CSV field in double quotes, inner quotes doubled.
fn quoted(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

/// The simple CSV: a header row, then one quoted row per entry (aliases and programs
/// `;`-separated).
pub fn to_simple_csv(entries: &[Entry]) -> String {
    let mut out = String::from("name,aliases,type,program,listed,reference,remarks\n");
    for e in entries {
        let fields = [
            e.name.as_str(),
            &e.aliases.join("; "),
            e.kind.label(),
            &e.programs.join("; "),
            e.listed.as_deref().unwrap_or(""),
            &e.reference,
            e.remarks.as_deref().unwrap_or(""),
        ];
        let row: Vec<String> = fields.iter().map(|f| quoted(f)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// OFAC's legacy layout: sdn.csv rows of 12 fields (`-0-` for empty, CRLF line ends, the
/// Ctrl-Z line at the end) and an alt.csv row per alias. `ent_num` is the entry's position
/// plus one, since OFAC's are numbers.
pub fn to_ofac_csv(entries: &[Entry]) -> (String, String) {
    let mut sdn = String::new();
    let mut alt = String::new();
    let or_null = |s: &str| {
        if s.is_empty() {
            "-0- ".to_string()
        } else {
            quoted(s)
        }
    };
    let mut alt_num = 0usize;
    for (i, e) in entries.iter().enumerate() {
        let ent_num = i + 1;
        let kind = match e.kind {
            Kind::Person => "individual",
            Kind::Vessel => "vessel",
            Kind::Aircraft => "aircraft",
            Kind::Organization | Kind::Unknown => "",
        };
        let _ = write!(
            sdn,
            "{ent_num},{},{},{},-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,{}\r\n",
            quoted(&e.name),
            or_null(kind),
            or_null(&e.programs.join("] [")),
            or_null(e.remarks.as_deref().unwrap_or("")),
        );
        for alias in &e.aliases {
            alt_num += 1;
            let _ = write!(
                alt,
                "{ent_num},{alt_num},\"aka\",{},-0- \r\n",
                quoted(alias)
            );
        }
    }
    sdn.push('\u{1a}');
    (sdn, alt)
}

/// Text escaped for an XML element.
fn escaped(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The UN consolidated list XML: people under `INDIVIDUALS`, everything else under
/// `ENTITIES`, the whole name in `FIRST_NAME`, each alias a good-quality `*_ALIAS`.
pub fn to_un_xml(entries: &[Entry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <CONSOLIDATED_LIST dateGenerated=\"2024-01-31T10:00:00.000-05:00\">\n",
    );
    for (group, record, people) in [
        ("INDIVIDUALS", "INDIVIDUAL", true),
        ("ENTITIES", "ENTITY", false),
    ] {
        let _ = writeln!(out, "<{group}>");
        for e in entries
            .iter()
            .filter(|e| (e.kind == Kind::Person) == people)
        {
            let _ = writeln!(out, "<{record}>");
            let _ = writeln!(out, "<FIRST_NAME>{}</FIRST_NAME>", escaped(&e.name));
            for program in &e.programs {
                let _ = writeln!(out, "<UN_LIST_TYPE>{}</UN_LIST_TYPE>", escaped(program));
            }
            if !e.reference.is_empty() {
                let _ = writeln!(
                    out,
                    "<REFERENCE_NUMBER>{}</REFERENCE_NUMBER>",
                    escaped(&e.reference)
                );
            }
            if let Some(listed) = &e.listed {
                let _ = writeln!(out, "<LISTED_ON>{}</LISTED_ON>", escaped(listed));
            }
            if let Some(remarks) = &e.remarks {
                let _ = writeln!(out, "<COMMENTS1>{}</COMMENTS1>", escaped(remarks));
            }
            for alias in &e.aliases {
                let _ = writeln!(
                    out,
                    "<{record}_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>{}</ALIAS_NAME></{record}_ALIAS>",
                    escaped(alias)
                );
            }
            let _ = writeln!(out, "</{record}>");
        }
        let _ = writeln!(out, "</{group}>");
    }
    out.push_str("</CONSOLIDATED_LIST>\n");
    out
}
