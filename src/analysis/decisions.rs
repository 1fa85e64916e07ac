//! The decisions pass: decisions, sanctions, orders, deployments and meetings called or moved,
//! each with who decided, what, against whom, when and what became of it.
//!
//! [`extract`] reads the article text (headline line, blank line, body) with the entity pass's
//! [`Extraction`] and the timeline pass's [`Timex`]es and returns one [`Decision`] per distinct
//! decision of the article (repeated mentions merged); [`record`] gives the `decisions` field
//! of the JSON record (`eval/SCHEMA.md`); [`merge_decisions`] follows decisions across
//! articles into [`TrackedDecision`]s with a status history and a stable key. Pure: no I/O, no
//! clock.
//!
//! How it works: `doc` tokenises the text and matches the patterns of `assets/decisions/`
//! (`measures.tsv`: what is decided — sanctions, a standby force, a summit —, with its kind;
//! `acts.tsv`: what happens to it — ordered, threatened, postponed, held —, giving its
//! status); `find` reads each measure's sentence for its status (the nearest act, changes and
//! threats first), target, date and action; `who` finds its actor (a passive's agent, a
//! meeting's owner, the clause's subject — names, nominals such as "the bloc" resolved by the
//! entity pass, groups no entity names such as "Nigerien soldiers", pronouns, lists of names
//! — else a nearby organisation or person, else the actor of the decision before); `same`
//! merges repeated mentions within an article; `merge` builds the project's tracked decisions.
//!
//! A decision whose actor cannot be found is left out: "who decided?" is what an analyst
//! follows a decision by.

mod doc;
mod find;
mod gate;
mod lexicon;
pub mod merge;
mod same;
mod who;

use crate::analysis::entities::Extraction;
use crate::analysis::timeline::Timex;
use serde::{Deserialize, Serialize};
use std::ops::Range;

pub use merge::{DecisionRef, Step, TrackedDecision, merge_decisions};

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

/// Who took a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionActor {
    /// Byte range of the actor as written ("ECOWAS", "the bloc", "It"); `None` when the
    /// actor is carried over from the decision before.
    pub range: Option<Range<usize>>,
    /// The actor as written (for a pronoun, as what it stands for is written).
    pub text: String,
    /// Index into [`Extraction::actors`] when the actor is a known actor.
    pub actor: Option<usize>,
    /// Index into [`Extraction::mentions`] of the mention that names it (for a pronoun, the
    /// mention it stands for).
    pub mention: Option<usize>,
}

/// Whom or what a decision is aimed at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionTarget {
    pub range: Range<usize>,
    pub text: String,
    /// Index into [`Extraction::actors`] when the target is a known actor.
    pub actor: Option<usize>,
}

/// One decision of an article, with its evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Byte range of the sentence it is read from.
    pub sentence: Range<usize>,
    /// Byte range of the words that name the measure ("sanctions", "standby force").
    pub trigger: Range<usize>,
    pub kind: DecisionKind,
    /// The short name decisions of its measure share ("sanctions", "summit").
    pub head: &'static str,
    /// A short phrase from the text ("ordered the deployment of a standby force").
    pub action: String,
    pub actor: DecisionActor,
    pub target: Option<DecisionTarget>,
    /// ISO value of the time expression that dates it, in its sentence.
    pub date: Option<String>,
    /// Index into the timexes given to [`extract`] of that expression.
    pub timex: Option<usize>,
    pub status: DecisionStatus,
    /// Byte ranges of the sentences of its other mentions, merged into this one.
    pub repeats: Vec<Range<usize>>,
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

/// Finds the decisions of `text` (headline line, blank line, body), with actors and targets
/// resolved against `entities` and dates taken from `timexes` (the timeline pass's, for the
/// same text). Mentions of one decision are merged into one [`Decision`], in order of first
/// mention.
pub fn extract(text: &str, entities: &Extraction, timexes: &[Timex]) -> Vec<Decision> {
    let doc = doc::Doc::new(text, entities, timexes);
    let found = find::find(&doc, entities, timexes);
    same::merge_mentions(found)
}

/// The record's `decisions` field: the actor named as the entity pass names it.
pub fn record(decisions: &[Decision], entities: &Extraction) -> Vec<DecisionRecord> {
    decisions
        .iter()
        .map(|d| DecisionRecord {
            actor: actor_name(&d.actor, entities),
            kind: d.kind,
            action: d.action.clone(),
            target: d.target.as_ref().map(|t| match t.actor {
                Some(a) => entities
                    .actors
                    .get(a)
                    .map_or_else(|| t.text.clone(), |a| a.name.clone()),
                None => t.text.clone(),
            }),
            date: d.date.clone(),
            status: d.status,
        })
        .collect()
}

/// The name of a decision's actor: the entity's, else as written.
pub fn actor_name(actor: &DecisionActor, entities: &Extraction) -> String {
    actor
        .actor
        .and_then(|a| entities.actors.get(a))
        .map_or_else(|| actor.text.clone(), |a| a.name.clone())
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_acts;
