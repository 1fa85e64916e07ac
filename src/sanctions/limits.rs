//! What the list readers hold a file to, so a list is either read to its end or refused and
//! no file can make an import run away: the file size cap, the XML nesting cap, the field
//! caps, alias deduplication in linear time, and the cap on problems listed one by one.

use super::model::{Entry, RowProblem};
use std::collections::HashSet;

/// The largest list file read, in bytes (256 MiB). Published lists are far smaller (OFAC's
/// sdn.csv is a few MB, the UN XML about 2 MB); importing one costs a few times its size, so
/// the cap bounds an import's memory (with [`MAX_ENTRIES`]) to about 2 GB.
pub const MAX_LIST_BYTES: u64 = 256 << 20;

/// The most entries a list holds (and rows an OFAC alt.csv): published lists hold tens of
/// thousands. Each entry costs a few hundred bytes beyond its text, so without this cap a
/// file of one-letter rows would cost a hundred times its size.
pub const MAX_ENTRIES: usize = 1_000_000;

/// The deepest XML element nesting read; the UN list's deepest element is 4 levels down.
pub(crate) const MAX_XML_DEPTH: usize = 32;

/// The longest name, alias, program or reference read, in characters: a longer one is a
/// cell that swallowed other rows, or no name at all.
pub(crate) const MAX_FIELD_CHARS: usize = 1_000;

/// The longest remark kept, in characters; a longer one is cut.
pub(crate) const MAX_REMARKS_CHARS: usize = 20_000;

/// The most aliases (and programs) one entry keeps.
pub(crate) const MAX_ALIASES: usize = 1_000;

/// The most problems listed one by one; the rest are counted in one last line.
pub(crate) const MAX_LISTED_PROBLEMS: usize = 1_000;

/// Why a reader gave up on a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The file is not a list of this format at all.
    NotAList(String),
    /// The file stopped being readable at `line` (1-based): truncated, an unclosed quote, a
    /// syntax error, nesting too deep. Nothing of it is imported.
    Stopped { line: usize, reason: String },
}

/// The rows a reader keeps, at most `max` of them: the row past it refuses the list (a list
/// cut at the cap would be screened in part).
pub(crate) struct Rows<T> {
    rows: Vec<T>,
    max: usize,
}

impl<T> Rows<T> {
    pub(crate) fn new(max: usize) -> Self {
        Rows {
            rows: Vec::new(),
            max,
        }
    }

    /// Keeps `row`, read at `line`, or refuses the list when it already holds `max` rows.
    pub(crate) fn push(&mut self, row: T, line: usize) -> Result<(), Refusal> {
        if self.rows.len() >= self.max {
            return Err(Refusal::Stopped {
                line,
                reason: format!(
                    "the list goes on past {} entries at line {line}; a sanctions list may \
                     hold {} at most",
                    self.max, self.max
                ),
            });
        }
        self.rows.push(row);
        Ok(())
    }

    pub(crate) fn into_vec(self) -> Vec<T> {
        self.rows
    }
}

/// The row problems of one import, listed one by one up to [`MAX_LISTED_PROBLEMS`], the
/// rest counted.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    listed: Vec<RowProblem>,
    /// Problems beyond the cap: how many, how many of them skipped their row, the file.
    more: usize,
    more_skipped: usize,
    more_file: String,
}

impl Problems {
    pub(crate) fn push(&mut self, problem: RowProblem) {
        if self.listed.len() < MAX_LISTED_PROBLEMS {
            self.listed.push(problem);
        } else {
            self.more += 1;
            self.more_skipped += usize::from(problem.skipped);
            if self.more_file.is_empty() {
                self.more_file = problem.file;
            }
        }
    }

    /// Rows skipped so far, listed or counted.
    pub(crate) fn skipped(&self) -> usize {
        self.listed.iter().filter(|p| p.skipped).count() + self.more_skipped
    }

    /// The first skipped row of `file`, if one is listed.
    pub(crate) fn first_skipped(&self, file: &str) -> Option<&RowProblem> {
        self.listed.iter().find(|p| p.skipped && p.file == file)
    }

    /// The listed problems, and one line counting the rest when there were more.
    pub(crate) fn into_vec(mut self) -> Vec<RowProblem> {
        if self.more > 0 {
            let reason = format!(
                "and {} more problems ({} of them skipped rows), not listed one by one",
                self.more, self.more_skipped
            );
            self.listed.push(RowProblem::new(
                &self.more_file,
                0,
                reason,
                self.more_skipped > 0,
            ));
        }
        self.listed
    }
}

/// Compares names loosely: lower case, whitespace collapsed.
fn loose_key(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An entry's aliases as they are collected: trimmed, none empty, none repeating another or
/// the primary name (case and spacing aside), none over [`MAX_FIELD_CHARS`], at most
/// [`MAX_ALIASES`]. Linear in the number of aliases offered.
pub(crate) struct Aliases {
    seen: HashSet<String>,
    names: Vec<String>,
    too_long: usize,
    too_many: usize,
}

impl Aliases {
    /// Aliases for the entry named `primary`, starting with `existing` (kept as they are).
    pub(crate) fn new(primary: &str, existing: Vec<String>) -> Self {
        let mut seen: HashSet<String> = existing.iter().map(|n| loose_key(n)).collect();
        seen.insert(loose_key(primary));
        Aliases {
            seen,
            names: existing,
            too_long: 0,
            too_many: 0,
        }
    }

    pub(crate) fn push(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        if name.chars().count() > MAX_FIELD_CHARS {
            self.too_long += 1;
            return;
        }
        if !self.seen.insert(loose_key(name)) {
            return;
        }
        if self.names.len() >= MAX_ALIASES {
            self.too_many += 1;
            return;
        }
        self.names.push(name.to_string());
    }

    /// The aliases, and a note saying which were left out.
    pub(crate) fn finish(self) -> (Vec<String>, Option<String>) {
        let mut left_out = Vec::new();
        if self.too_long > 0 {
            left_out.push(format!(
                "{} over {MAX_FIELD_CHARS} characters",
                self.too_long
            ));
        }
        if self.too_many > 0 {
            left_out.push(format!("{} beyond the first {MAX_ALIASES}", self.too_many));
        }
        let note =
            (!left_out.is_empty()).then(|| format!("aliases left out: {}", left_out.join(", ")));
        (self.names, note)
    }
}

/// Cuts `text` to `max` characters, with `…`; true when it was longer.
fn cut(text: &mut String, max: usize) -> bool {
    match text.char_indices().nth(max) {
        Some((at, _)) => {
            text.truncate(at);
            text.push('…');
            true
        }
        None => false,
    }
}

/// Holds a read entry to the field caps. Err when its name is too long to be a name (the row
/// is skipped); Ok with notes when a reference, program or remark was cut or left out.
pub(crate) fn check_entry(entry: &mut Entry) -> Result<Vec<String>, String> {
    let name_chars = entry.name.chars().count();
    if name_chars > MAX_FIELD_CHARS {
        return Err(format!(
            "the name is {name_chars} characters long, over the {MAX_FIELD_CHARS} a name may have"
        ));
    }
    let mut notes = Vec::new();
    let mut cut_to = |label: &str, text: Option<&mut String>, max: usize| {
        if text.is_some_and(|t| cut(t, max)) {
            notes.push(format!("{label} cut to {max} characters"));
        }
    };
    cut_to("reference", Some(&mut entry.reference), MAX_FIELD_CHARS);
    cut_to("listed date", entry.listed.as_mut(), MAX_FIELD_CHARS);
    cut_to("remarks", entry.remarks.as_mut(), MAX_REMARKS_CHARS);
    let programs = entry.programs.len();
    entry
        .programs
        .retain(|p| p.chars().count() <= MAX_FIELD_CHARS);
    entry.programs.truncate(MAX_ALIASES);
    if entry.programs.len() < programs {
        notes.push(format!(
            "{} programs left out (over {MAX_FIELD_CHARS} characters, or beyond the first {MAX_ALIASES})",
            programs - entry.programs.len()
        ));
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanctions::Kind;

    fn entry(name: &str) -> Entry {
        Entry {
            reference: "1".into(),
            name: name.into(),
            aliases: Vec::new(),
            kind: Kind::Person,
            programs: Vec::new(),
            listed: None,
            remarks: None,
        }
    }

    #[test]
    fn aliases_are_unique_and_capped() {
        let mut aliases = Aliases::new("Omar TIANI", vec!["O. Tiani".into()]);
        for name in ["omar  tiani", "o. TIANI", " Abu Omar ", "", "abu omar"] {
            aliases.push(name);
        }
        aliases.push(&"x".repeat(MAX_FIELD_CHARS + 1));
        for i in 0..MAX_ALIASES + 5 {
            aliases.push(&format!("alias {i}"));
        }
        let (names, note) = aliases.finish();
        assert_eq!(names.len(), MAX_ALIASES);
        assert_eq!(names[..2], ["O. Tiani", "Abu Omar"]);
        assert_eq!(
            note.as_deref(),
            Some("aliases left out: 1 over 1000 characters, 7 beyond the first 1000")
        );
    }

    #[test]
    fn fields_are_capped() {
        let mut long = entry(&"N".repeat(MAX_FIELD_CHARS + 1));
        assert!(check_entry(&mut long).is_err_and(|e| e.contains("1001 characters")));
        let mut e = entry("Omar Tiani");
        e.remarks = Some("é".repeat(MAX_REMARKS_CHARS + 10));
        e.programs = vec!["SDGT".into(), "P".repeat(MAX_FIELD_CHARS + 1)];
        let notes = check_entry(&mut e).expect("kept");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(e.programs, vec!["SDGT"]);
        assert_eq!(
            e.remarks.as_deref().map(|r| r.chars().count()),
            Some(MAX_REMARKS_CHARS + 1)
        );
        let mut fine = entry("Omar Tiani");
        assert_eq!(check_entry(&mut fine), Ok(Vec::new()));
    }

    #[test]
    fn problems_beyond_the_cap_are_counted() {
        let mut problems = Problems::default();
        for row in 1..=MAX_LISTED_PROBLEMS + 3 {
            problems.push(RowProblem::new(
                "l.csv",
                row,
                "no name".into(),
                row % 2 == 0,
            ));
        }
        assert_eq!(problems.skipped(), (MAX_LISTED_PROBLEMS + 3) / 2);
        let listed = problems.into_vec();
        assert_eq!(listed.len(), MAX_LISTED_PROBLEMS + 1);
        let last = listed.last().expect("summary");
        assert_eq!(last.row, 0);
        assert!(
            last.reason.starts_with("and 3 more problems (1 of them"),
            "{last}"
        );
    }
}
