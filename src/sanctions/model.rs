//! The sanctions data model: a list, its entries, what kind of party each names, and the
//! row problems an import reports. All of it derives `Serialize`/`Deserialize` so the store
//! can keep lists and entries as JSON.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One sanctions list as imported from a file (or from an OFAC sdn.csv + alt.csv pair).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SanctionsList {
    /// Display name: "OFAC SDN", "UN Security Council Consolidated List", the file name for a
    /// simple CSV, or the caller's.
    pub name: String,
    /// The layout the list was read from.
    pub format: ListFormat,
    /// The list's date: the caller's if given, else the UN file's `dateGenerated`
    /// (`YYYY-MM-DD`); `None` when neither is known.
    pub date: Option<String>,
    pub entries: Vec<Entry>,
}

/// The file layouts a list can be imported from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListFormat {
    /// US Treasury OFAC sdn.csv (or cons_prim.csv), with or without a header row, optionally
    /// merged with its alt.csv aliases.
    OfacCsv,
    /// UN Security Council consolidated list XML (`CONSOLIDATED_LIST`).
    UnXml,
    /// Dossier's simple CSV: a header row naming `name`, `aliases`, `type`, `program`, … columns.
    SimpleCsv,
}

impl ListFormat {
    /// A short label for reports: "OFAC CSV", "UN XML", "simple CSV".
    pub fn label(self) -> &'static str {
        match self {
            Self::OfacCsv => "OFAC CSV",
            Self::UnXml => "UN XML",
            Self::SimpleCsv => "simple CSV",
        }
    }
}

/// One listed party.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The list's own identifier: OFAC `ent_num`, UN `REFERENCE_NUMBER` (else `DATAID`), the
    /// simple CSV's `reference`/`id` column. Empty when the list has none;
    /// [`crate::sanctions::diff()`] then keys the entry by its normalised name.
    pub reference: String,
    /// The primary name as the list writes it (OFAC individuals stay `LAST, First`).
    pub name: String,
    // Empty fields are left out of the stored JSON (a big list is millions of entries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// The listing date, `YYYY-MM-DD` when the file gives a readable date, else as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

impl Entry {
    /// The primary name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// What kind of party an entry names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Person,
    Organization,
    Vessel,
    Aircraft,
    #[default]
    Unknown,
}

impl Kind {
    /// The lower-case label used in the simple CSV and in reasons: "person", "organization", ….
    pub fn label(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Organization => "organization",
            Self::Vessel => "vessel",
            Self::Aircraft => "aircraft",
            Self::Unknown => "unknown",
        }
    }

    /// Reads a type label, case-insensitively: `person`/`individual`, `organization`/
    /// `organisation`/`entity`/`company`, `vessel`/`ship`, `aircraft`, `unknown`. An empty
    /// label is [`Kind::Unknown`]; an unrecognised one is `None`.
    pub fn from_label(label: &str) -> Option<Self> {
        let label = label.trim().to_lowercase();
        Some(match label.as_str() {
            "" | "unknown" | "other" | "-0-" => Self::Unknown,
            "person" | "individual" | "people" | "natural person" => Self::Person,
            "organization" | "organisation" | "org" | "entity" | "company" | "group"
            | "legal person" => Self::Organization,
            "vessel" | "ship" | "boat" => Self::Vessel,
            "aircraft" | "plane" | "airplane" => Self::Aircraft,
            _ => return None,
        })
    }
}

/// A row an import skipped, or kept with a caveat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The file name the caller passed.
    pub file: String,
    /// The 1-based line of the file where the row (CSV record or XML element) starts; 0 when
    /// the problem concerns the file as a whole.
    pub row: usize,
    pub reason: String,
    /// True when the row was left out of the list; false when it was imported with a caveat.
    pub skipped: bool,
}

impl RowProblem {
    /// The problem of `row` (0 for the whole file) of `file`; `skipped` when the row was left
    /// out of the list.
    pub(crate) fn new(file: &str, row: usize, reason: String, skipped: bool) -> Self {
        RowProblem {
            file: file.to_string(),
            row,
            reason,
            skipped,
        }
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let outcome = if self.skipped { "skipped" } else { "kept" };
        if self.row == 0 {
            write!(f, "{}: {} ({outcome})", self.file, self.reason)
        } else {
            write!(
                f,
                "{}: row {}: {} ({outcome})",
                self.file, self.row, self.reason
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_through_json_and_old_entries_get_defaults() {
        let list = SanctionsList {
            name: "OFAC SDN".into(),
            format: ListFormat::OfacCsv,
            date: Some("2024-01-31".into()),
            entries: vec![Entry {
                reference: "36".into(),
                name: "AEROCARIBBEAN AIRLINES".into(),
                aliases: vec!["AERO-CARIBBEAN".into()],
                kind: Kind::Organization,
                programs: vec!["CUBA".into()],
                listed: None,
                remarks: Some("Havana, Cuba.".into()),
            }],
        };
        let json = serde_json::to_string(&list).expect("json");
        assert!(json.contains("\"format\":\"ofac_csv\""), "{json}");
        let back: SanctionsList = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, list);
        let minimal: Entry =
            serde_json::from_str(r#"{"reference":"1","name":"X"}"#).expect("minimal entry");
        assert_eq!(minimal.kind, Kind::Unknown);
        assert!(minimal.aliases.is_empty() && minimal.programs.is_empty());
    }

    #[test]
    fn kind_labels() {
        assert_eq!(Kind::from_label(" Individual "), Some(Kind::Person));
        assert_eq!(Kind::from_label("organisation"), Some(Kind::Organization));
        assert_eq!(Kind::from_label(""), Some(Kind::Unknown));
        assert_eq!(Kind::from_label("spaceship"), None);
        assert_eq!(Kind::Vessel.label(), "vessel");
    }
}
