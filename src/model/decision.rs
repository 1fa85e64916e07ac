//! What a decision is about and what has become of it, as the decisions pass reports them and
//! the store keeps them, and a decision followed across articles.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What a decision is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionKind {
    Sanction,
    Military,
    Meeting,
    Diplomatic,
    Legal,
    Other,
}

impl DecisionKind {
    /// Every kind, in the order the schema lists them.
    pub const ALL: [DecisionKind; 6] = [
        DecisionKind::Sanction,
        DecisionKind::Military,
        DecisionKind::Meeting,
        DecisionKind::Diplomatic,
        DecisionKind::Legal,
        DecisionKind::Other,
    ];

    /// The record spelling: `sanction`, `military`…
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Sanction => "sanction",
            DecisionKind::Military => "military",
            DecisionKind::Meeting => "meeting",
            DecisionKind::Diplomatic => "diplomatic",
            DecisionKind::Legal => "legal",
            DecisionKind::Other => "other",
        }
    }

    /// The kind spelt `s` (as [`DecisionKind::as_str`] writes it).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What has become of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DecisionStatus {
    #[serde(rename = "threatened")]
    Threatened,
    #[serde(rename = "announced")]
    Announced,
    #[serde(rename = "ordered")]
    Ordered,
    #[serde(rename = "in force")]
    InForce,
    #[serde(rename = "postponed")]
    Postponed,
    #[serde(rename = "rescheduled")]
    Rescheduled,
    #[serde(rename = "held")]
    Held,
    #[serde(rename = "lifted")]
    Lifted,
    #[serde(rename = "rejected")]
    Rejected,
}

impl DecisionStatus {
    /// Every status, in the order the schema lists them.
    pub const ALL: [DecisionStatus; 9] = [
        DecisionStatus::Threatened,
        DecisionStatus::Announced,
        DecisionStatus::Ordered,
        DecisionStatus::InForce,
        DecisionStatus::Postponed,
        DecisionStatus::Rescheduled,
        DecisionStatus::Held,
        DecisionStatus::Lifted,
        DecisionStatus::Rejected,
    ];

    /// The record spelling: `threatened`, `in force`…
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionStatus::Threatened => "threatened",
            DecisionStatus::Announced => "announced",
            DecisionStatus::Ordered => "ordered",
            DecisionStatus::InForce => "in force",
            DecisionStatus::Postponed => "postponed",
            DecisionStatus::Rescheduled => "rescheduled",
            DecisionStatus::Held => "held",
            DecisionStatus::Lifted => "lifted",
            DecisionStatus::Rejected => "rejected",
        }
    }

    /// The status spelt `s` (as [`DecisionStatus::as_str`] writes it).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// True for statuses that change a decision already taken: postponed, rescheduled,
    /// lifted, rejected.
    pub fn is_change(self) -> bool {
        matches!(
            self,
            DecisionStatus::Postponed
                | DecisionStatus::Rescheduled
                | DecisionStatus::Lifted
                | DecisionStatus::Rejected
        )
    }
}

/// One row of the record's `decisions` field, keys in the schema's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// The actor's name as the record's `entities` rows name it, else as written.
    pub actor: String,
    pub kind: DecisionKind,
    pub action: String,
    pub target: Option<String>,
    pub date: Option<String>,
    pub status: DecisionStatus,
}

/// One step of a tracked decision's history: what one article reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Index into the input of the report.
    pub decision: usize,
    /// Index of the article (the caller's numbering).
    pub article: usize,
    pub outlet: Option<String>,
    /// When the step was reported: the article's date, else the decision's own date.
    pub date: Option<String>,
    pub status: DecisionStatus,
    /// Byte range of the evidence sentence in the article.
    pub evidence: Range<usize>,
}

/// One decision followed across articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrackedDecision {
    /// Stable across re-analysis while the actor, kind, target and head stay the same.
    pub key: String,
    pub actor: String,
    pub kind: DecisionKind,
    pub head: String,
    /// The first report's action.
    pub action: String,
    /// The target most reports give.
    pub target: Option<String>,
    /// The decision's own date, as the latest report that gives one has it.
    pub date: Option<String>,
    /// The current status: the latest step's.
    pub status: DecisionStatus,
    /// The history, oldest first (undated steps last).
    pub steps: Vec<Step>,
}
