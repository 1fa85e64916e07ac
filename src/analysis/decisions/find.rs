//! Reads the sentence around each measure the lexicon finds: its status from the acts near it,
//! its actor, target, date and a short action phrase.

use super::doc::{Doc, Hit};
use super::lexicon::{KindRule, LEXICON, SPEECH_VERBS};
use super::who::{Actors, CARRY_SENTENCES, Context, TARGET_PREPOSITIONS, Who, gap};
use super::{Decision, DecisionActor, DecisionKind, DecisionStatus, DecisionTarget};
use crate::analysis::entities::Extraction;
use crate::analysis::text::TokenKind;
use crate::analysis::timeline::Timex;
use std::ops::Range;

/// How far (in tokens) an act may stand from the measure it governs: (left, right) for
/// changes, threats and the rest.
const REACH_CHANGE: (usize, usize) = (10, 20);
const REACH_THREAT: (usize, usize) = (12, 8);
const REACH_OTHER: (usize, usize) = (10, 4);
/// Verbs of talking a measure over, not deciding it.
const DISCUSSION: &[&str] = &[
    "deliberate",
    "deliberated",
    "deliberating",
    "discuss",
    "discussed",
    "discussing",
    "debate",
    "debated",
    "debating",
    "consider",
    "weigh",
    "weighed",
    "weighing",
];
/// Words an action phrase keeps.
const ACTION_WORDS: usize = 12;

/// A decision found at one mention, before mentions of one decision are merged.
#[derive(Clone, Debug)]
pub(super) struct Found {
    pub decision: Decision,
    /// Index of its sentence.
    pub sent: usize,
    /// True when that sentence is a headline or subheading.
    pub heading: bool,
    /// True when an act gave the status (not the measure's default).
    pub explicit: bool,
}

/// Every decision mention of the article, in text order.
pub(super) fn find(doc: &Doc, entities: &Extraction, timexes: &[Timex]) -> Vec<Found> {
    let lex = &*LEXICON;
    let actors = Actors::new(entities);
    let who = Who {
        doc,
        actors: &actors,
    };
    let mut out: Vec<Found> = Vec::new();
    for (si, sent) in doc.sents.iter().enumerate() {
        let measures = outermost(doc.measures(sent));
        if measures.is_empty() {
            continue;
        }
        let acts = doc.acts(sent);
        // The actor of the decision before, for a decision that names none; not into a
        // headline or subheading.
        let context = Context {
            carried: out
                .last()
                .filter(|f| si - f.sent <= CARRY_SENTENCES && !doc.is_heading(si))
                .map(|f| f.decision.actor.clone()),
        };
        for h in &measures {
            let m = &lex.measures[h.entry];
            // "ought not to send soldiers": a decision not taken; "to deliberate on possible
            // military intervention": one only talked about
            let negated = (h.toks.start.saturating_sub(2)..h.toks.start)
                .any(|i| i >= sent.start && matches!(doc.word(i), "not" | "never"));
            let discussed = (h.toks.start.saturating_sub(4)..h.toks.start)
                .any(|i| i >= sent.start && DISCUSSION.contains(&doc.word(i)));
            if negated || discussed {
                continue;
            }
            let meeting = m.kind == KindRule::Fixed(DecisionKind::Meeting);
            let governing = status(doc, h, &acts, &measures, meeting);
            let (status, explicit) = match governing {
                Some(s) => (s, true),
                None if m.needs_act => continue,
                None => (m.status.unwrap_or(DecisionStatus::Announced), false),
            };
            let who = who.actor(si, h, &measures, m, &context);
            let Some(main) = who.first() else {
                continue;
            };
            // a headline's decision counts when it names a known actor (the body tells more)
            if doc.is_heading(si) && main.actor.is_none() {
                continue;
            }
            let kind = match m.kind {
                KindRule::Fixed(k) => k,
                KindRule::Restriction => {
                    let bloc = main.actor.is_some_and(|a| actors.is_bloc(a));
                    if bloc {
                        DecisionKind::Sanction
                    } else {
                        DecisionKind::Other
                    }
                }
            };
            let target = target(doc, sent, h, &actors, main);
            let timex = date(doc, sent, h);
            let sentence = doc.bytes(sent);
            for actor in who {
                out.push(Found {
                    decision: Decision {
                        sentence: sentence.clone(),
                        trigger: doc.bytes(&h.toks),
                        kind,
                        head: m.head,
                        action: action(doc, sent, h, &acts),
                        actor,
                        target: target.clone(),
                        date: timex.and_then(|t| timexes.get(t)?.value.clone()),
                        timex,
                        status,
                        repeats: Vec::new(),
                    },
                    sent: si,
                    heading: doc.is_heading(si),
                    explicit,
                });
            }
        }
    }
    out
}

/// The status the acts of the sentence give measure `h`: changes (postponed, rescheduled,
/// lifted, rejected) first, then threats, then the rest, the nearest of each; an act after the
/// measure counts only when no other measure stands between them, and past a comma only when
/// it is a change. A meeting takes only the statuses a meeting has.
fn status(
    doc: &Doc,
    h: &Hit,
    acts: &[Hit],
    measures: &[Hit],
    meeting: bool,
) -> Option<DecisionStatus> {
    let lex = &*LEXICON;
    let mut best: Option<(u8, usize, DecisionStatus)> = None;
    for a in acts {
        let status = lex.acts[a.entry].status;
        // a meeting is announced, held, moved or turned down, not ordered or threatened
        if meeting
            && !matches!(
                status,
                DecisionStatus::Announced
                    | DecisionStatus::Held
                    | DecisionStatus::Postponed
                    | DecisionStatus::Rescheduled
                    | DecisionStatus::Rejected
            )
        {
            continue;
        }
        let (tier, reach) = if status.is_change() {
            (0, REACH_CHANGE)
        } else if status == DecisionStatus::Threatened {
            (1, REACH_THREAT)
        } else {
            (2, REACH_OTHER)
        };
        let dist = gap(&a.toks, &h.toks);
        let right = a.toks.start >= h.toks.end;
        if dist > if right { reach.1 } else { reach.0 } {
            continue;
        }
        if right
            && measures
                .iter()
                .any(|m| m.toks.start >= h.toks.end && m.toks.end <= a.toks.start)
        {
            continue;
        }
        // only a change reaches past a comma after the measure ("…, raising the prospect of")
        let comma = (h.toks.end..a.toks.start)
            .any(|i| doc.toks[i].kind == TokenKind::Punct && doc.toks[i].text(doc.text) == ",");
        if right && tier > 0 && comma {
            continue;
        }
        if best.is_none_or(|(t, d, _)| (tier, dist) < (t, d)) {
            best = Some((tier, dist, status));
        }
    }
    best.map(|(_, _, s)| s)
}

/// Drops measures inside a longer one of the same kind ("standby force" in "deployment of a
/// standby force"), and all but the first (in `measures.tsv` order) of those with the same
/// tokens.
fn outermost(hits: Vec<Hit>) -> Vec<Hit> {
    let lex = &*LEXICON;
    let kind = |h: &Hit| lex.measures[h.entry].kind;
    let covers = |o: &Hit, h: &Hit| {
        kind(o) == kind(h)
            && o.toks.start <= h.toks.start
            && h.toks.end <= o.toks.end
            && (o.toks.len() > h.toks.len() || (o.toks == h.toks && o.entry < h.entry))
    };
    hits.iter()
        .filter(|h| !hits.iter().any(|o| covers(o, h)))
        .cloned()
        .collect()
}

/// Whom the decision at `h` is aimed at: the first known actor after it that follows a
/// preposition such as `on` or `against`, within eight tokens, other than its actor.
fn target(
    doc: &Doc,
    sent: &Range<usize>,
    h: &Hit,
    actors: &Actors,
    actor: &DecisionActor,
) -> Option<DecisionTarget> {
    doc.mentions[doc.mentions_within(&(h.toks.end..h.toks.end + 9))]
        .iter()
        .filter(|m| m.toks.end <= sent.end)
        .find_map(|m| {
            let before = doc.word_before(m.toks.start, sent.start)?;
            if !TARGET_PREPOSITIONS.contains(&doc.word(before)) {
                return None;
            }
            let a = actors.entities.mentions.get(m.mention)?.actor;
            if a.is_some() && a == actor.actor {
                return None;
            }
            let range = doc.bytes(&m.toks);
            Some(DecisionTarget {
                text: doc.text[range.clone()].to_string(),
                range,
                actor: a,
            })
        })
}

/// The time expression that dates the decision at `h`: the nearest in its sentence that does
/// not date a speech verb ("revealed on Tuesday"); after the measure on a tie.
fn date(doc: &Doc, sent: &Range<usize>, h: &Hit) -> Option<usize> {
    doc.timexes_within(sent)
        .iter()
        .filter(|(_, r)| r.end <= sent.end)
        .filter(|(_, r)| {
            let mut before = doc.word_before(r.start, sent.start);
            if let Some(b) = before
                && doc.word(b) == "on"
            {
                before = doc.word_before(b, sent.start);
            }
            !before.is_some_and(|b| SPEECH_VERBS.contains(&doc.word(b)))
        })
        .min_by_key(|(_, r)| (gap(r, &h.toks), r.start < h.toks.start))
        .map(|(i, _)| *i)
}

/// A short phrase for the decision at `h`: from the act just before it (within six tokens)
/// through the measure and what follows, up to punctuation or [`ACTION_WORDS`] words.
fn action(doc: &Doc, sent: &Range<usize>, h: &Hit, acts: &[Hit]) -> String {
    let start = acts
        .iter()
        .filter(|a| a.toks.end <= h.toks.start && h.toks.start - a.toks.end <= 6)
        .filter(|a| (a.toks.start..h.toks.start).all(|i| doc.is_word(i)))
        .map(|a| a.toks.start)
        .min()
        .unwrap_or(h.toks.start);
    let mut end = h.toks.end;
    let mut words = (start..end).filter(|&i| doc.is_word(i)).count();
    while end < sent.end && words < ACTION_WORDS {
        let t = &doc.toks[end];
        let w = doc.word(end);
        let stop = !(t.is_wordlike() || t.kind == TokenKind::Possessive)
            || matches!(
                w,
                "which" | "who" | "while" | "but" | "after" | "as" | "and"
            );
        if stop {
            break;
        }
        if t.is_wordlike() {
            words += 1;
        }
        end += 1;
    }
    // not cut inside a name
    if let Some(m) = doc
        .mention_covering(end)
        .map(|n| &doc.mentions[n])
        .filter(|m| m.toks.start < end)
    {
        end = m.toks.end.min(sent.end);
    }
    let range = doc.bytes(&(start..end));
    doc.text[range]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
