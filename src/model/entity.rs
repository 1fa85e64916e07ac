//! What kind of thing an entity is (a person, an organisation or a place), and the entries a
//! project adds to the built-in name lists.

use serde::{Deserialize, Serialize};

/// The type of an entity, written `PERSON`, `ORG` or `LOC` in records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityKind {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
}

impl EntityKind {
    /// The record spelling: `PERSON`, `ORG`, `LOC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "PERSON",
            EntityKind::Org => "ORG",
            EntityKind::Loc => "LOC",
        }
    }
}

/// An entry a project adds to the built-in lists.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UserEntry {
    pub kind: EntityKind,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}
