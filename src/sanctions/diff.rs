//! Comparing two snapshots of one sanctions list: which entries were added, removed or
//! changed, keyed by the list's reference (or, for entries without one, the normalised name).

use super::model::{Entry, SanctionsList};
use super::normalize::name_key;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// What changed between two snapshots.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDiff {
    /// Entries only in the new snapshot, in its order.
    pub added: Vec<Entry>,
    /// Entries only in the old snapshot, in its order.
    pub removed: Vec<Entry>,
    /// Entries in both whose fields differ, in the new snapshot's order.
    pub changed: Vec<EntryChange>,
}

impl ListDiff {
    /// True when the snapshots hold the same entries.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// One entry present in both snapshots with different fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryChange {
    pub old: Entry,
    pub new: Entry,
    /// The fields that differ: `name`, `aliases`, `kind`, `programs`, `listed`, `remarks`.
    pub fields: Vec<String>,
}

/// The key an entry is matched on: its reference, else its normalised name.
fn key(entry: &Entry) -> String {
    let reference = entry.reference.trim();
    if reference.is_empty() {
        format!("name:{}", name_key(&entry.name))
    } else {
        format!("ref:{reference}")
    }
}

fn sorted(items: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = items.iter().map(String::as_str).collect();
    v.sort_unstable();
    v
}

/// The fields that differ between two versions of an entry (alias and program order ignored).
fn changed_fields(old: &Entry, new: &Entry) -> Vec<String> {
    let mut fields = Vec::new();
    if old.name != new.name {
        fields.push("name");
    }
    if sorted(&old.aliases) != sorted(&new.aliases) {
        fields.push("aliases");
    }
    if old.kind != new.kind {
        fields.push("kind");
    }
    if sorted(&old.programs) != sorted(&new.programs) {
        fields.push("programs");
    }
    if old.listed != new.listed {
        fields.push("listed");
    }
    if old.remarks != new.remarks {
        fields.push("remarks");
    }
    fields.into_iter().map(String::from).collect()
}

/// Compares two snapshots of one list. Entries sharing a key are paired in order, so a key
/// listed twice in both snapshots pairs first with first.
pub fn diff(old: &SanctionsList, new: &SanctionsList) -> ListDiff {
    diff_entries(&old.entries, &new.entries)
}

/// [`diff`] over two snapshots' entries.
pub fn diff_entries(old: &[Entry], new: &[Entry]) -> ListDiff {
    let mut old_by_key: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (i, e) in old.iter().enumerate() {
        old_by_key.entry(key(e)).or_default().push_back(i);
    }
    let mut matched = vec![false; old.len()];
    let mut out = ListDiff::default();
    for e in new {
        let paired = old_by_key.get_mut(&key(e)).and_then(VecDeque::pop_front);
        let Some((i, before)) = paired.and_then(|i| Some((i, old.get(i)?))) else {
            out.added.push(e.clone());
            continue;
        };
        if let Some(m) = matched.get_mut(i) {
            *m = true;
        }
        let fields = changed_fields(before, e);
        if !fields.is_empty() {
            out.changed.push(EntryChange {
                old: before.clone(),
                new: e.clone(),
                fields,
            });
        }
    }
    out.removed = old
        .iter()
        .zip(&matched)
        .filter(|(_, m)| !**m)
        .map(|(e, _)| e.clone())
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanctions::{Kind, ListFormat};

    fn entry(reference: &str, name: &str) -> Entry {
        Entry {
            reference: reference.into(),
            name: name.into(),
            aliases: Vec::new(),
            kind: Kind::Person,
            programs: vec!["SAMPLE".into()],
            listed: None,
            remarks: None,
        }
    }

    fn list(entries: Vec<Entry>) -> SanctionsList {
        SanctionsList {
            name: "test".into(),
            format: ListFormat::SimpleCsv,
            date: None,
            entries,
        }
    }

    #[test]
    fn added_removed_and_changed_by_reference() {
        let old = list(vec![
            entry("1", "A One"),
            entry("2", "B Two"),
            entry("3", "C Three"),
        ]);
        let mut changed = entry("2", "B Two");
        changed.aliases = vec!["Bee Two".into()];
        changed.programs = vec!["SAMPLE".into(), "DEMO".into()];
        let new = list(vec![entry("1", "A One"), changed, entry("4", "D Four")]);
        let d = diff(&old, &new);
        assert_eq!(
            d.added
                .iter()
                .map(|e| e.reference.as_str())
                .collect::<Vec<_>>(),
            vec!["4"]
        );
        assert_eq!(
            d.removed
                .iter()
                .map(|e| e.reference.as_str())
                .collect::<Vec<_>>(),
            vec!["3"]
        );
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].fields, vec!["aliases", "programs"]);
        assert!(diff(&old, &old).is_empty());
    }

    #[test]
    fn entries_without_reference_are_keyed_by_normalised_name() {
        let old = list(vec![
            entry("", "TIANI, Abdourahamane"),
            entry("", "Gone Person"),
        ]);
        let new = list(vec![
            entry("", "Abdourahamane Tiani"),
            entry("", "New Person"),
        ]);
        let d = diff(&old, &new);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].fields, vec!["name"]);
        assert_eq!(d.added[0].name, "New Person");
        assert_eq!(d.removed[0].name, "Gone Person");
    }

    #[test]
    fn diff_serializes_as_json() {
        let d = diff(&list(vec![]), &list(vec![entry("1", "A One")]));
        let json = serde_json::to_string(&d).expect("json");
        let back: ListDiff = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, d);
        assert!(json.contains("\"kind\":\"person\""));
    }
}
