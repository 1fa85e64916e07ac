//! Reader for the UN Security Council consolidated list XML: `CONSOLIDATED_LIST` with
//! `INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY` records, their `*_ALIAS` names and the
//! root's `dateGenerated`. Streams with quick-xml.
//!
//! The list is read to its end or refused: a file that ends before `</CONSOLIDATED_LIST>`
//! ("the list ends at line N inside <INDIVIDUAL> (opened at line M): the file is cut
//! short"), an XML syntax error, elements nested deeper than [`MAX_XML_DEPTH`] or an element
//! after the root's end stop the import with the line, and nothing of the file is kept. A
//! record without a name is a row problem: skipped, the rest imported.

use super::limits::{
    Aliases, MAX_REMARKS_CHARS, MAX_XML_DEPTH, Problems, Refusal, Rows, check_entry,
};
use super::model::{Entry, Kind, RowProblem};
use super::text::{LineCounter, iso_date, join_remarks};
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

/// The most bytes of text kept for one element: more than any field keeps, since a longer
/// name is refused and a longer remark cut all the same.
const MAX_TEXT_BYTES: usize = 4 * MAX_REMARKS_CHARS + 4;

/// Appends `text` to an element's text, up to [`MAX_TEXT_BYTES`].
fn push_text(buf: &mut String, text: &str) {
    let mut room = MAX_TEXT_BYTES.saturating_sub(buf.len()).min(text.len());
    while !text.is_char_boundary(room) {
        room -= 1;
    }
    buf.push_str(text.get(..room).unwrap_or(""));
}

/// The element's local name, upper-cased.
fn element_name(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_uppercase()
}

/// Reads the list. Err says why the text is not a UN consolidated list, or where it stopped
/// being readable (or where it went past `max_entries`).
pub(crate) fn parse(
    text: &str,
    file: &str,
    problems: &mut Problems,
    max_entries: usize,
) -> Result<UnList, Refusal> {
    let mut reader = Reader::from_str(text);
    let mut lines = LineCounter::new(text);
    let offset = |pos: u64| usize::try_from(pos).unwrap_or(usize::MAX);
    // Open elements with the line each opened at.
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut buf = String::new();
    let mut record: Option<Record> = None;
    let mut alias: Option<Alias> = None;
    let mut entries = Rows::new(max_entries);
    let mut date = None;
    let mut saw_root = false;
    let mut root_closed = false;
    loop {
        let before = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = element_name(&e);
                let line = lines.line_at(offset(before));
                if root_closed {
                    return Err(after_root(&name, line));
                }
                if !saw_root {
                    check_root(&name).map_err(Refusal::NotAList)?;
                    saw_root = true;
                    date = generated_date(&e);
                }
                if stack.len() >= MAX_XML_DEPTH {
                    return Err(Refusal::Stopped {
                        line,
                        reason: format!(
                            "<{name}> at line {line} is nested more than {MAX_XML_DEPTH} \
                             elements deep; the UN list's elements are 4 deep at most"
                        ),
                    });
                }
                match name.as_str() {
                    "INDIVIDUAL" | "ENTITY" if stack.len() == 2 => {
                        record = Some(Record {
                            kind: Some(if name == "INDIVIDUAL" {
                                Kind::Person
                            } else {
                                Kind::Organization
                            }),
                            row: line,
                            ..Record::default()
                        });
                    }
                    "INDIVIDUAL_ALIAS" | "ENTITY_ALIAS" if record.is_some() => {
                        alias = Some(Alias::default());
                    }
                    _ => {}
                }
                stack.push((name, line));
                buf.clear();
            }
            Ok(Event::Empty(e)) => {
                if root_closed {
                    let line = lines.line_at(offset(before));
                    return Err(after_root(&element_name(&e), line));
                }
                if !saw_root {
                    check_root(&element_name(&e)).map_err(Refusal::NotAList)?;
                    saw_root = true;
                    root_closed = true;
                    date = generated_date(&e);
                }
                buf.clear();
            }
            Ok(Event::Text(t)) => {
                if let Ok(s) = t.xml10_content() {
                    push_text(&mut buf, &s);
                }
            }
            Ok(Event::CData(c)) => {
                if let Ok(s) = c.decode() {
                    push_text(&mut buf, &s);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    push_text(&mut buf, c.encode_utf8(&mut [0; 4]));
                } else if let Ok(name) = r.decode() {
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => push_text(&mut buf, s),
                        None => push_text(&mut buf, &format!("&{name};")),
                    }
                }
            }
            Ok(Event::End(_)) => {
                let name = stack.pop().map(|(name, _)| name).unwrap_or_default();
                root_closed = stack.is_empty();
                let parent = stack.last().map(|(name, _)| name.as_str());
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
                        let row = r.row;
                        match into_entry(r) {
                            Ok((entry, notes)) => {
                                for (row, reason) in notes {
                                    problems.push(RowProblem::new(file, row, reason, false));
                                }
                                entries.push(entry, row)?;
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
                    return Err(Refusal::NotAList(format!("the XML could not be read: {e}")));
                }
                let at = offset(reader.error_position());
                let line = lines.line_at(at);
                // An error in markup that never ends is the file ending inside a tag.
                if text.get(at..).is_some_and(|rest| !rest.contains('>')) {
                    return Err(cut_short(&stack, lines.line_at(text.trim_end().len())));
                }
                return Err(Refusal::Stopped {
                    line,
                    reason: format!("XML error at line {line}: {e}; the list is not read past it"),
                });
            }
            Ok(_) => {}
        }
    }
    if !saw_root {
        return Err(Refusal::NotAList("no XML element found".to_string()));
    }
    if !stack.is_empty() {
        return Err(cut_short(&stack, lines.line_at(text.trim_end().len())));
    }
    Ok(UnList {
        entries: entries.into_vec(),
        date,
    })
}

/// The refusal of a file that ends at `last_line` with `stack` still open: names the record
/// being read (else the innermost open element) and the line it opened at.
fn cut_short(stack: &[(String, usize)], last_line: usize) -> Refusal {
    let open = stack
        .iter()
        .rfind(|(name, _)| matches!(name.as_str(), "INDIVIDUAL" | "ENTITY"))
        .or(stack.last());
    let inside = open.map_or_else(String::new, |(name, line)| {
        format!(" inside <{name}> (opened at line {line})")
    });
    Refusal::Stopped {
        line: last_line,
        reason: format!("the list ends at line {last_line}{inside}: the file is cut short"),
    }
}

/// The refusal of an element found after the root element closed.
fn after_root(name: &str, line: usize) -> Refusal {
    Refusal::Stopped {
        line,
        reason: format!(
            "<{name}> at line {line} comes after the list's end (</{ROOT}>): two lists in one \
             file, or a damaged file"
        ),
    }
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

/// Converts a read record; Ok carries notes on the kept entry, Err why it is skipped.
fn into_entry(r: Record) -> Result<(Entry, Vec<Note>), Note> {
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
    let mut notes = Vec::new();
    let name = if !name.is_empty() {
        name
    } else if !r.original_script.is_empty() {
        notes.push(format!(
            "record {id:?} has only NAME_ORIGINAL_SCRIPT; used as the name"
        ));
        r.original_script.clone()
    } else {
        return Err((r.row, format!("record {id:?} has no name")));
    };
    let reference = id.clone();
    if reference.is_empty() && notes.is_empty() {
        notes.push("no REFERENCE_NUMBER or DATAID".to_string());
    }
    let mut aliases = Aliases::new(&name, Vec::new());
    for alias in r.aliases.iter().chain(std::iter::once(&r.original_script)) {
        aliases.push(alias);
    }
    let (aliases, left_out) = aliases.finish();
    notes.extend(left_out);
    let low = (!r.low_aliases.is_empty()).then(|| r.low_aliases.join("; "));
    let comments = (!r.comments.is_empty()).then(|| r.comments.clone());
    let listed = (!r.listed.is_empty()).then(|| iso_date(&r.listed).unwrap_or(r.listed.clone()));
    let mut entry = Entry {
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
    notes.extend(check_entry(&mut entry).map_err(|reason| (r.row, reason))?);
    Ok((entry, notes.into_iter().map(|n| (r.row, n)).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanctions::limits::MAX_ENTRIES;

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

    /// Parses `text`; the list or the refusal, and the row problems.
    fn read(text: &str) -> (Result<UnList, Refusal>, Vec<RowProblem>) {
        let mut problems = Problems::default();
        let list = parse(text, "un.xml", &mut problems, MAX_ENTRIES);
        (list, problems.into_vec())
    }

    #[test]
    fn reads_individuals_entities_and_aliases() {
        let (list, problems) = read(UN);
        let list = list.expect("a UN list");
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
    fn a_syntax_error_refuses_the_list_naming_its_line() {
        let broken = UN.replace("</ENTITY>", "</ENTTY>");
        let (list, _) = read(&broken);
        let Err(Refusal::Stopped { line, reason }) = list else {
            panic!("refused");
        };
        assert_eq!(line, 35);
        assert!(reason.starts_with("XML error at line 35: "), "{reason}");
    }

    #[test]
    fn a_list_cut_between_records_is_refused() {
        // Cut after the first record: one complete INDIVIDUAL, root never closed.
        let end = UN.find("<INDIVIDUAL>\n<DATAID>1<").expect("second record");
        let (list, _) = read(&UN[..end]);
        assert_eq!(
            list.err(),
            Some(Refusal::Stopped {
                line: 20,
                reason: "the list ends at line 20 inside <INDIVIDUALS> (opened at line 3): \
                         the file is cut short"
                    .into()
            })
        );
    }

    #[test]
    fn a_list_cut_inside_a_record_or_a_tag_is_refused() {
        for cut in ["<SECOND_NAME>TIA", "<SECOND_NAME>TIANI</SECOND_N"] {
            let end = UN.find(cut).expect("cut point") + cut.len();
            let (list, _) = read(&UN[..end]);
            let Err(Refusal::Stopped { line, reason }) = list else {
                panic!("{cut}: refused");
            };
            assert_eq!(line, 8, "{cut}");
            assert_eq!(
                reason,
                "the list ends at line 8 inside <INDIVIDUAL> (opened at line 4): the file is \
                 cut short"
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused_at_the_cap() {
        // A million unclosed tags: before the depth cap this read to the end and gave an
        // empty list; now it stops at the 33rd level.
        let mut xml = String::from("<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n");
        xml.push_str(&"<a>".repeat(1_000_000));
        let (list, _) = read(&xml);
        let Err(Refusal::Stopped { line, reason }) = list else {
            panic!("refused");
        };
        assert_eq!(line, 3);
        assert!(
            reason.contains("nested more than 32 elements deep"),
            "{reason}"
        );
        // The UN list's own depth is far below the cap.
        assert!(read(UN).0.is_ok());
    }

    #[test]
    fn a_list_past_the_entry_cap_is_refused_at_the_record_past_it() {
        // Before the cap every record was kept, whatever their number (issue 12 item 10).
        let mut problems = Problems::default();
        // Two entries and a record without a name.
        assert!(parse(UN, "un.xml", &mut problems, 2).is_ok());
        let refusal = parse(UN, "un.xml", &mut problems, 1).err();
        assert_eq!(
            refusal,
            Some(Refusal::Stopped {
                line: 28,
                reason: "the list goes on past 1 entries at line 28; a sanctions list may hold \
                         1 at most"
                    .into()
            })
        );
    }

    #[test]
    fn an_element_after_the_root_is_refused() {
        let twice = format!("{UN}{UN}");
        let (list, _) = read(&twice.replacen("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "", 2));
        let Err(Refusal::Stopped { reason, .. }) = list else {
            panic!("refused");
        };
        assert!(reason.contains("comes after the list's end"), "{reason}");
    }

    #[test]
    fn long_text_is_held_to_the_field_caps() {
        let long = UN.replace("ABDOURAHAMANE", &"A".repeat(200_000));
        let (list, problems) = read(&long);
        assert_eq!(list.map(|l| l.entries.len()), Ok(1));
        assert!(
            problems
                .iter()
                .any(|p| p.row == 4 && p.skipped && p.reason.contains("over the 1000")),
            "{problems:?}"
        );
    }

    #[test]
    fn other_xml_is_not_a_list() {
        let (list, _) = read("<rss><channel/></rss>");
        let Err(Refusal::NotAList(err)) = list else {
            panic!("not a list");
        };
        assert!(err.contains("<RSS>"), "{err}");
    }
}
