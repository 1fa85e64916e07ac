//! The decisions pass: decisions, sanctions, orders, deployments, truces, agreements, court
//! orders and meetings called or moved, each with who decided, what, against whom, when and
//! what became of it.
//!
//! [`extract`] reads the article text (headline line, blank line, body) with the entity pass's
//! [`Extraction`] and the timeline pass's [`Timex`]es and returns one [`Decision`] per distinct
//! decision of the article and actor (repeated mentions merged; coordinated actors — "Mali,
//! Burkina Faso and Niger announced…" — one decision each); [`record`] gives the `decisions`
//! field of the JSON record (`eval/SCHEMA.md`); [`merge_decisions`] follows decisions across
//! articles into [`TrackedDecision`]s with a status history and a stable key. Pure: no I/O, no
//! clock; the work is linear in the text (an overlong run without a sentence end is read in
//! bounded windows).
//!
//! How it works, as an event grammar: `doc` tokenises the text and matches the act lexicon of
//! `assets/decisions/` — `measures.tsv`, by class (sanctions, force and missions, offensives,
//! truces and agreements, releases, withdrawals from a bloc or a deal, meetings, diplomacy and
//! votes, courts and suits, coups, referendums, directives), each an act's verb or
//! nominalisation with its theme and kind; `acts.tsv`, what happens to it, giving its status
//! from tense, modality and aspect ("signed", "will", "threatened", "postponed"). `gate` drops
//! what is no act: a negated or only discussed measure, a call or a pledge (`calls.txt`: a
//! quote, not a decision), a participle used as an adjective ("the ousted president"), a coup
//! told only as background; and notes a reaction to someone else's decision (`reactions.txt`).
//! `find` reads each measure's sentence for its status (the nearest act, changes and threats
//! first; an agreement needs an act that makes or keeps it), target, date and action, and keeps
//! the article's parties: the last pair named together ("between Israel and Hamas", "A and B
//! signed", "A met B") and the last list, for "the two sides" (`parties.txt`) and for the terms
//! of their agreement ("under the deal, hostages will be freed"). `who` finds the agent: a
//! passive's `by`, the owner ("Russia's withdrawal", "Western sanctions", "Russia's decision to
//! quit"), a causative's object ("getting the two sides to sign"), a relative clause's
//! antecedent ("the court, which ruled"), an absolute clause ("with China abstaining"), the
//! clause's subject (names, nominals resolved by the entity pass, groups no entity names,
//! bodies named by their head noun, pronouns, lists), else a nearby name or the actor of the
//! decision before; the government or junta the text names rather than the country word, the
//! issuer rather than its spokesman or the head who speaks for a bloc. `same` merges repeated
//! mentions within an article (a resolution and "the deal" give way to the decision they
//! carry); `merge` builds the project's tracked decisions.
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
use crate::model::Timex;
use serde::Serialize;
use std::ops::Range;

pub use crate::model::{DecisionKind, DecisionRecord, DecisionStatus, Step, TrackedDecision};
pub use merge::{DecisionRef, OrderKey, group_key, merge_decisions, order_key, splits_keys};

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
