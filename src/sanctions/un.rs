//! Reader for the UN Security Council consolidated list XML: `CONSOLIDATED_LIST` with
//! `INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY` records, their `*_ALIAS` names and the
//! root's `dateGenerated`. Streams with quick-xml; a syntax error keeps the records before it.

use super::model::{Entry, Kind, RowProblem};
use super::text::{LineCounter, iso_date, join_remarks, push_unique_name};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// What the UN file yields besides row problems.
pub(crate) struct UnList {
    pub entries: Vec<Entry>,
    /// `dateGenerated` as `YYYY-MM-DD` (or as written when it is not a date).
    pub date: Option<String>,
}

/// The root element a UN consolidated list starts with.
pub(crate) const ROOT: &str = "CONSOLIDATED_LIST";

/// One `INDIVIDUAL` or `ENTITY` being read.
#[derive(Default)]
struct Record {
    kind: Option<Kind>,
    row: usize,
    dataid: String,
    names: [String; 4],
    list_type: String,
    reference: String,
    listed: String,
    original_script: String,
    comments: String,
    aliases: Vec<String>,
    low_aliases: Vec<String>,
}

/// One `INDIVIDUAL_ALIAS` / `ENTITY_ALIAS` being read.
#[derive(Default)]
struct Alias {
    quality: String,
    name: String,
}

/// The element's local name, upper-cased.
fn element_name(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_uppercase()
}

/// Reads the list. Err carries the reason the text is not a UN consolidated list.
pub(crate) fn parse(
    text: &str,
    file: &str,
    problems: &mut Vec<RowProblem>,
) -> Result<UnList, String> {
    let mut reader = Reader::from_str(text);
    let mut lines = LineCounter::new(text);
    let offset = |pos: u64| usize::try_from(pos).unwrap_or(usize::MAX);
    let mut stack: Vec<String> = Vec::new();
    let mut buf = String::new();
    let mut record: Option<Record> = None;
    let mut alias: Option<Alias> = None;
    let mut entries = Vec::new();
    let mut date = None;
    let mut saw_root = false;
    loop {
        let before = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = element_name(&e);
                if !saw_root {
                    check_root(&name)?;
                    saw_root = true;
                    date = generated_date(&e);
                }
                match name.as_str() {
                    "INDIVIDUAL" | "ENTITY" if stack.len() == 2 => {
                        record = Some(Record {
                            kind: Some(if name == "INDIVIDUAL" {
                                Kind::Person
                            } else {
                                Kind::Organization
                            }),
                            row: lines.line_at(offset(before)),
                            ..Record::default()
                        });
                    }
                    "INDIVIDUAL_ALIAS" | "ENTITY_ALIAS" if record.is_some() => {
                        alias = Some(Alias::default());
                    }
                    _ => {}
                }
                stack.push(name);
                buf.clear();
            }
            Ok(Event::Empty(e)) => {
                if !saw_root {
                    check_root(&element_name(&e))?;
                    saw_root = true;
                    date = generated_date(&e);
                }
                buf.clear();
            }
            Ok(Event::Text(t)) => {
                if let Ok(s) = t.xml10_content() {
                    buf.push_str(&s);
                }
            }
            Ok(Event::CData(c)) => {
                if let Ok(s) = c.decode() {
                    buf.push_str(&s);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    buf.push(c);
                } else if let Ok(name) = r.decode() {
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => buf.push_str(s),
                        None => {
                            buf.push('&');
                            buf.push_str(&name);
                            buf.push(';');
                        }
                    }
                }
            }
            Ok(Event::End(_)) => {
                let name = stack.pop().unwrap_or_default();
                let parent = stack.last().map(String::as_str);
                let value = buf.trim();
                if let Some(a) = alias
                    .as_mut()
                    .filter(|_| matches!(parent, Some("INDIVIDUAL_ALIAS" | "ENTITY_ALIAS")))
                {
                    match name.as_str() {
                        "QUALITY" => a.quality = value.to_string(),
                        "ALIAS_NAME" => a.name = value.to_string(),
                        _ => {}
                    }
                } else if matches!(name.as_str(), "INDIVIDUAL_ALIAS" | "ENTITY_ALIAS") {
                    if let (Some(a), Some(r)) = (alias.take(), record.as_mut()) {
                        add_alias(r, a);
                    }
                } else if matches!(name.as_str(), "INDIVIDUAL" | "ENTITY") && stack.len() == 2 {
                    if let Some(r) = record.take() {
                        match into_entry(r) {
                            Ok((entry, note)) => {
                                if let Some((row, reason)) = note {
                                    problems.push(RowProblem::new(file, row, reason, false));
                                }
                                entries.push(entry);
                            }
                            Err((row, reason)) => {
                                problems.push(RowProblem::new(file, row, reason, true))
                            }
                        }
                    }
                } else if let Some(r) = record
                    .as_mut()
                    .filter(|_| matches!(parent, Some("INDIVIDUAL" | "ENTITY")))
                {
                    set_field(r, &name, value);
                }
                buf.clear();
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                if !saw_root {
                    return Err(format!("the XML could not be read: {e}"));
                }
                let row = lines.line_at(offset(reader.error_position()));
                let mut reason = format!("XML error: {e}; the rest of the file was not read");
                if let Some(r) = &record {
                    reason.push_str(&format!(" (record from row {} dropped)", r.row));
                }
                problems.push(RowProblem::new(file, row, reason, true));
                break;
            }
            Ok(_) => {}
        }
    }
    if !saw_root {
        return Err("no XML element found".to_string());
    }
    Ok(UnList { entries, date })
}

fn check_root(name: &str) -> Result<(), String> {
    if name == ROOT {
        Ok(())
    } else {
        Err(format!(
            "the XML root is <{name}>, not the UN consolidated list's <{ROOT}>"
        ))
    }
}

fn generated_date(root: &BytesStart<'_>) -> Option<String> {
    let attr = root.try_get_attribute("dateGenerated").ok().flatten()?;
    let raw = String::from_utf8_lossy(&attr.value).trim().to_string();
    if raw.is_empty() {
        return None;
    }
    Some(iso_date(&raw).unwrap_or(raw))
}

fn set_field(r: &mut Record, name: &str, value: &str) {
    let slot = match name {
        "DATAID" => &mut r.dataid,
        "FIRST_NAME" => &mut r.names[0],
        "SECOND_NAME" => &mut r.names[1],
        "THIRD_NAME" => &mut r.names[2],
        "FOURTH_NAME" => &mut r.names[3],
        "UN_LIST_TYPE" => &mut r.list_type,
        "REFERENCE_NUMBER" => &mut r.reference,
        "LISTED_ON" => &mut r.listed,
        "NAME_ORIGINAL_SCRIPT" => &mut r.original_script,
        "COMMENTS1" => &mut r.comments,
        _ => return,
    };
    *slot = value.to_string();
}

/// Keeps good-quality (and unrated) aliases as names; low-quality ones go to the remarks.
fn add_alias(r: &mut Record, a: Alias) {
    if a.name.is_empty() {
        return;
    }
    if a.quality.eq_ignore_ascii_case("low") {
        r.low_aliases.push(a.name);
    } else {
        r.aliases.push(a.name);
    }
}

type Note = (usize, String);

fn into_entry(r: Record) -> Result<(Entry, Option<Note>), Note> {
    let name = r
        .names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let id = if r.reference.is_empty() {
        &r.dataid
    } else {
        &r.reference
    };
    let (name, mut note) = if !name.is_empty() {
        (name, None)
    } else if !r.original_script.is_empty() {
        let reason = format!("record {id:?} has only NAME_ORIGINAL_SCRIPT; used as the name");
        (r.original_script.clone(), Some((r.row, reason)))
    } else {
        return Err((r.row, format!("record {id:?} has no name")));
    };
    let reference = id.clone();
    if reference.is_empty() && note.is_none() {
        note = Some((r.row, "no REFERENCE_NUMBER or DATAID".to_string()));
    }
    let mut aliases = Vec::new();
    for alias in r.aliases.iter().chain(std::iter::once(&r.original_script)) {
        push_unique_name(&mut aliases, &name, alias);
    }
    let low = (!r.low_aliases.is_empty()).then(|| r.low_aliases.join("; "));
    let comments = (!r.comments.is_empty()).then(|| r.comments.clone());
    let listed = (!r.listed.is_empty()).then(|| iso_date(&r.listed).unwrap_or(r.listed.clone()));
    let entry = Entry {
        reference,
        name,
        aliases,
        kind: r.kind.unwrap_or_default(),
        programs: if r.list_type.is_empty() {
            Vec::new()
        } else {
            vec![r.list_type]
        },
        listed,
        remarks: join_remarks(&[("", comments), ("Low-quality aliases", low)]),
    };
    Ok((entry, note))
}

#[cfg(test)]
mod tests {
    use super::*;

    const UN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" dateGenerated="2023-08-24T11:04:03.612-04:00">
<INDIVIDUALS>
<INDIVIDUAL>
<DATAID>6908555</DATAID>
<VERSIONNUM>1</VERSIONNUM>
<FIRST_NAME>ABDOURAHAMANE</FIRST_NAME>
<SECOND_NAME>TIANI</SECOND_NAME>
<THIRD_NAME/>
<UN_LIST_TYPE>Sample</UN_LIST_TYPE>
<REFERENCE_NUMBER>SMi.001</REFERENCE_NUMBER>
<LISTED_ON>2023-08-01</LISTED_ON>
<NAME_ORIGINAL_SCRIPT>عبد الرحمن تياني</NAME_ORIGINAL_SCRIPT>
<COMMENTS1>Sample record &amp; test.</COMMENTS1>
<DESIGNATION><VALUE>General</VALUE></DESIGNATION>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Omar Tchiani</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu Omar</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME/></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1964</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
</INDIVIDUAL>
<INDIVIDUAL>
<DATAID>1</DATAID>
<FIRST_NAME/>
<REFERENCE_NUMBER>SMi.002</REFERENCE_NUMBER>
</INDIVIDUAL>
</INDIVIDUALS>
<ENTITIES>
<ENTITY>
<DATAID>110</DATAID>
<FIRST_NAME>SAHEL HORIZON LOGISTICS SARL</FIRST_NAME>
<UN_LIST_TYPE>Sample</UN_LIST_TYPE>
<REFERENCE_NUMBER>SMe.001</REFERENCE_NUMBER>
<LISTED_ON>2023-08-02</LISTED_ON>
<ENTITY_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>SHL</ALIAS_NAME></ENTITY_ALIAS>
</ENTITY>
</ENTITIES>
</CONSOLIDATED_LIST>
"#;

    #[test]
    fn reads_individuals_entities_and_aliases() {
        let mut problems = Vec::new();
        let list = parse(UN, "un.xml", &mut problems).expect("a UN list");
        assert_eq!(list.date.as_deref(), Some("2023-08-24"));
        assert_eq!(list.entries.len(), 2);
        let person = &list.entries[0];
        assert_eq!(person.reference, "SMi.001");
        assert_eq!(person.name, "ABDOURAHAMANE TIANI");
        assert_eq!(person.kind, Kind::Person);
        assert_eq!(person.aliases, vec!["Omar Tchiani", "عبد الرحمن تياني"]);
        assert_eq!(person.programs, vec!["Sample"]);
        assert_eq!(person.listed.as_deref(), Some("2023-08-01"));
        assert_eq!(
            person.remarks.as_deref(),
            Some("Sample record & test.; Low-quality aliases: Abu Omar")
        );
        let entity = &list.entries[1];
        assert_eq!(entity.kind, Kind::Organization);
        assert_eq!(entity.name, "SAHEL HORIZON LOGISTICS SARL");
        assert_eq!(entity.aliases, vec!["SHL"]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row, 21);
        assert!(problems[0].reason.contains("no name"));
    }

    #[test]
    fn keeps_records_before_a_syntax_error() {
        let cut = UN.replace("</ENTITY>", "</ENTTY>");
        let mut problems = Vec::new();
        let list = parse(&cut, "un.xml", &mut problems).expect("partly read");
        assert_eq!(list.entries.len(), 1);
        assert!(problems.iter().any(|p| p.reason.contains("XML error")));
    }

    #[test]
    fn other_xml_is_not_a_list() {
        let mut problems = Vec::new();
        let err = parse("<rss><channel/></rss>", "feed.xml", &mut problems)
            .err()
            .expect("not a list");
        assert!(err.contains("<RSS>"), "{err}");
    }
}
