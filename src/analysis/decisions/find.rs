//! Reads the sentence around each measure the lexicon finds: its status from the acts near it,
//! its actors, target, date and a short action phrase; keeps the parties the article pairs
//! ("between A and B", a decision of several, a meeting's two sides) and its last list of
//! names, for "the two sides", "all three countries" and the terms of an agreement.

use super::doc::{Doc, Hit};
use super::gate::{self, Governed};
use super::lexicon::{CLAUSE_VERBS, KindRule, LEXICON, PREPOSITIONS, SPEECH_VERBS};
use super::who::{Actors, CARRY_SENTENCES, Chosen, Context, Source, TARGET_PREPOSITIONS, Who, gap};
use super::{Decision, DecisionActor, DecisionKind, DecisionStatus, DecisionTarget};
use crate::analysis::entities::Extraction;
use crate::analysis::text::{self, TokenKind};
use crate::analysis::timeline::Timex;
use std::ops::Range;

/// How far (in tokens) an act may stand from the measure it governs: (left, right) for
/// changes, threats and the rest.
const REACH_CHANGE: (usize, usize) = (10, 20);
const REACH_THREAT: (usize, usize) = (12, 8);
const REACH_OTHER: (usize, usize) = (10, 4);
/// Tokens after a directive a measure it orders may start ("ordered the committee of the
/// chiefs of staff to activate the standby force").
const DIRECTIVE_REACH: usize = 12;
/// Starts of the acts that make or keep an agreement.
const AGREEING: &[&str] = &[
    "sign", "reach", "strike", "struck", "clinch", "seal", "conclud", "ratif", "approv", "accept",
    "agree", "adopt", "endors", "commit", "consent", "settl", "extend", "prolong", "in", "took",
    "take", "came", "come", "pass", "not", "confirm",
];
/// Prepositions after which an agreement is a setting, not an act ("under the deal").
const FRAMING: &[&str] = &[
    "under",
    "of",
    "on",
    "about",
    "over",
    "from",
    "during",
    "after",
    "before",
    "since",
    "in",
    "with",
    "according",
];
/// Nouns of texts whose terms bind their parties.
const TERM_NOUNS: &[&str] = &[
    "agreement",
    "deal",
    "accord",
    "truce",
    "ceasefire",
    "declaration",
    "document",
    "text",
    "statement",
    "communique",
    "treaty",
];
/// Verbs by which such a text states its terms.
const TERM_VERBS: &[&str] = &[
    "provides",
    "provide",
    "says",
    "said",
    "states",
    "stipulates",
    "requires",
    "foresees",
    "envisages",
    "includes",
];
/// Tokens after a term noun its verb may stand ("the truce between Israel and Hamas provides").
const TERM_VERB_REACH: usize = 8;
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
    /// True when the measure is a text that carries decisions (a resolution).
    pub document: bool,
    /// True when the measure is taken by parties together (a truce, an agreement).
    pub bilateral: bool,
    /// True when the measure is a general word for what a precise one names ("the deal").
    pub general: bool,
    /// The number the measure counts ("freed 24 hostages", "50 women … to be freed"): two
    /// mentions counting different numbers are two acts.
    pub count: Option<String>,
}

/// Every decision mention of the article, in text order.
pub(super) fn find(doc: &Doc, entities: &Extraction, timexes: &[Timex]) -> Vec<Found> {
    let lex = &*LEXICON;
    let actors = Actors::new(entities);
    let who = Who::new(doc, &actors);
    let mut out: Vec<Found> = Vec::new();
    // the parties the article paired last, for "the two sides" and an agreement's terms
    let mut pair: Vec<DecisionActor> = Vec::new();
    // the last list of names, for "all three countries"
    let mut listed: Vec<DecisionActor> = Vec::new();
    // the parties a meeting of this sentence pairs ("Fidan talked with Lavrov")
    let mut met: Vec<DecisionActor> = Vec::new();
    for (si, sent) in doc.sents.iter().enumerate() {
        let measures = precise(themes_dropped(
            doc,
            give_way(doc, sent, outermost(doc.measures(sent))),
        ));
        let acts = doc.acts(sent);
        let terms = states_terms(doc, sent);
        let before = out.len();
        // The actor of the decision before, for a decision that names none; not into a
        // headline or subheading.
        let carried = out
            .last()
            .filter(|f| si - f.sent <= CARRY_SENTENCES && !doc.is_heading(si))
            .map(|f| f.decision.actor.clone());
        for h in &measures {
            let m = &lex.measures[h.entry];
            let governed = gate::governed(doc, si, h, m, &acts);
            if governed == Governed::Dropped {
                continue;
            }
            let context = Context {
                carried: carried.clone(),
                pair: pair.clone(),
                listed: listed.clone(),
                reaction: governed == Governed::Reaction,
            };
            let meeting = m.kind == KindRule::Fixed(DecisionKind::Meeting);
            let between = if m.bilateral && !context.reaction {
                who.between(si, h, &measures, &context)
            } else {
                None
            };
            let governing = status(doc, h, &acts, &measures, meeting);
            let licensed = governing
                .as_ref()
                .is_some_and(|g| g.lexical && (g.agreeing || !m.bilateral))
                || (m.needs_act && who.relative_act(si, h, &measures));
            if m.needs_act && !licensed && between.is_none() {
                continue;
            }
            // an agreement named in a phrase ("under the deal", "talks on the accord") is
            // what a sentence speaks of, not what it reports done
            // ("of the agreement that A and B signed" is theirs, whatever frames it)
            if m.needs_act
                && m.bilateral
                && framed(doc, sent, h)
                && !who.relative_act(si, h, &measures)
            {
                continue;
            }
            let (status, explicit) = match governing {
                Some(g) => (g.status, true),
                // a truce between two parties named with it is in force
                None if between.is_some() => (DecisionStatus::InForce, false),
                None => (m.status.unwrap_or(DecisionStatus::Announced), false),
            };
            let chosen = match between {
                Some(actors) => Some(Chosen {
                    actors,
                    source: Source::Subject,
                }),
                None => who.actor(si, h, &measures, m, &context),
            };
            // no one named: the parties, for a bilateral act or a term of their agreement
            let chosen = chosen.or_else(|| {
                (((m.bilateral && !meeting) || terms) && !pair.is_empty()).then(|| Chosen {
                    actors: pair.clone(),
                    source: Source::Near,
                })
            });
            let Some(mut chosen) = chosen else {
                continue;
            };
            // a bare noun in a phrase of its own, that no act governs and no one in its
            // sentence owns, is no decision ("more were displaced since the offensive")
            if !explicit && chosen.source == Source::Carried && !meeting && who.in_phrase(si, h) {
                continue;
            }
            // nor is one after a preposition of time, whose clause's subject did something
            // else ("thousands fled since the offensive"), nor one carried into such a phrase
            // ("a week after talks opened")
            let time_phrase = who.in_time_phrase(si, h);
            if time_phrase
                && ((!explicit && chosen.source == Source::Subject && !meeting)
                    || chosen.source == Source::Carried)
            {
                continue;
            }
            // what no one in the sentence did: the parties, for a bilateral act or a term of
            // their agreement ("under the deal, hostages will be freed"); "the accord signed
            // on Wednesday" is the parties' whoever tells of it
            let weak = matches!(
                chosen.source,
                Source::Near | Source::Carried | Source::Speaker
            ) || (m.bilateral && participle_after(doc, h));
            if weak && ((m.bilateral && !meeting) || terms) && !pair.is_empty() {
                chosen.actors = pair.clone();
            }
            // a measure told again in a quotation that no one in its sentence owns is the one
            // told before ("The Defence Chiefs have fixed a D-day … 'The D-Day has been
            // fixed'")
            if chosen.source == Source::Carried
                && quoted(doc, sent, h)
                && let Some(before) = out.iter().rfind(|f| f.decision.head == m.head)
            {
                chosen.actors = vec![before.decision.actor.clone()];
            }
            let who_did: Vec<DecisionActor> =
                chosen.actors.into_iter().map(|a| who.issuer(a)).collect();
            let Some(main) = who_did.first() else {
                continue;
            };
            // a headline's decision counts when it names a known actor (the body tells more)
            if doc.is_heading(si) && main.actor.is_none() {
                continue;
            }
            let kind = if is_court(doc, &actors, main) {
                DecisionKind::Legal
            } else {
                match m.kind {
                    KindRule::Fixed(k) => k,
                    KindRule::Restriction => {
                        let bloc = main.actor.is_some_and(|a| actors.is_bloc(a));
                        if bloc {
                            DecisionKind::Sanction
                        } else {
                            DecisionKind::Other
                        }
                    }
                }
            };
            if meeting
                && who_did.len() == 1
                && let Some(partner) = who.partner(si, h, &measures)
                && partner.actor != main.actor
            {
                met = vec![main.clone(), partner];
            }
            let target = target(doc, sent, h, &actors, main);
            let timex = date(doc, sent, h);
            let sentence = doc.bytes(sent);
            let count = count(doc, sent, h);
            // the parties of a truce bind the terms told after it in its sentence ("the truce
            // between Israel and Hamas provides for 50 hostages to be freed")
            if m.bilateral && !meeting && who_did.len() >= 2 {
                pair.clone_from(&who_did);
            }
            for actor in who_did {
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
                    document: m.document,
                    bilateral: m.bilateral,
                    general: m.general,
                    count: count.clone(),
                });
            }
        }
        // the parties this sentence pairs: a decision of two or more, else those a meeting
        // pairs, else the names after `between`; and its last list of names
        let decided = out[before..]
            .chunk_by(|a, b| a.decision.trigger == b.decision.trigger)
            .rfind(|g| g.len() >= 2)
            .map(|g| {
                g.iter()
                    .map(|f| f.decision.actor.clone())
                    .collect::<Vec<_>>()
            });
        let paired = decided
            .or_else(|| (!met.is_empty()).then(|| std::mem::take(&mut met)))
            .unwrap_or_else(|| who.pairs(si, &measures));
        if paired.len() >= 2 {
            pair = paired;
        }
        // a list needs two names: most sentences are passed over without reading one
        if doc.mentions_within(sent).len() >= 2 {
            let list = who.lists(si, &measures);
            if list.len() >= 2 {
                listed = list;
            }
        }
    }
    out
}

/// True when the measure at `h` stands in a direct quotation, whose opening mark may end the
/// sentence before.
fn quoted(doc: &Doc, sent: &Range<usize>, h: &Hit) -> bool {
    let from = match sent.start.checked_sub(1) {
        Some(b) if doc.is_quote_mark(b) => b,
        _ => sent.start,
    };
    doc.in_quotation(&(from..sent.end), h.toks.start)
}

/// Directives ("ordered … to", "told … to") that give way to a measure in what they order
/// ("ordered the standby force to deploy" is the deployment): one that another measure starts
/// inside of, or within [`DIRECTIVE_REACH`] tokens after, is dropped.
fn give_way(doc: &Doc, sent: &Range<usize>, hits: Vec<Hit>) -> Vec<Hit> {
    let lex = &*LEXICON;
    let directive = |h: &Hit| lex.measures[h.entry].directive;
    let ordered = |d: &Hit| {
        let end = (d.toks.end + DIRECTIVE_REACH).min(sent.end);
        hits.iter()
            .any(|o| !directive(o) && o.toks.start > d.toks.start && o.toks.start < end)
    };
    let keep: Vec<bool> = hits.iter().map(|h| !(directive(h) && ordered(h))).collect();
    let _ = doc;
    hits.into_iter()
        .zip(keep)
        .filter_map(|(h, k)| k.then_some(h))
        .collect()
}

/// Tokens before a measure in which the number it counts may stand ("50 women and children
/// held hostage to be freed").
const COUNT_BEFORE: usize = 3;

/// The number measure `h` counts: the first figure inside it or in the [`COUNT_BEFORE`]
/// tokens before it.
fn count(doc: &Doc, sent: &Range<usize>, h: &Hit) -> Option<String> {
    let from = h.toks.start.saturating_sub(COUNT_BEFORE).max(sent.start);
    (from..h.toks.end)
        .find(|&i| doc.toks.get(i).is_some_and(|t| t.kind == TokenKind::Number))
        .map(|i| doc.word(i).to_string())
}

/// True when measure `h` follows a preposition that makes it the setting of its sentence
/// ("under the deal", "talks on the accord", "the state of the agreement"), only determiners
/// and modifiers between.
fn framed(doc: &Doc, sent: &Range<usize>, h: &Hit) -> bool {
    let from = h.toks.start.saturating_sub(5).max(sent.start);
    for i in (from..h.toks.start).rev() {
        let w = doc.word(i);
        if FRAMING.contains(&w) || (w == "to" && doc.word(i.wrapping_sub(1)) == "according") {
            // "the extension of the truce", "approval of the deal": an act's object
            return !(i > sent.start && LEXICON.is_act_word(doc.word(i - 1)));
        }
        if !doc.is_word(i) || PREPOSITIONS.contains(&w) || LEXICON.is_act_word(w) {
            return false;
        }
    }
    false
}

/// True when a participle follows the measure right after it: "the accord signed on
/// Wednesday", "the deal struck in July".
fn participle_after(doc: &Doc, h: &Hit) -> bool {
    let w = doc.word(h.toks.end);
    doc.is_word(h.toks.end)
        && (w.ends_with("ed") || matches!(w, "struck" | "sealed" | "signed" | "reached"))
}

/// Drops a general word for an agreement ("the deal") from a sentence that names the
/// agreement precisely ("the peace agreement that … signed, a deal hailed as…").
fn precise(hits: Vec<Hit>) -> Vec<Hit> {
    let lex = &*LEXICON;
    let named = hits.iter().any(|h| {
        let m = &lex.measures[h.entry];
        m.bilateral && !m.general && m.needs_act
    });
    if !named {
        return hits;
    }
    hits.into_iter()
        .filter(|h| !lex.measures[h.entry].general)
        .collect()
}

/// Drops a measure that is the theme of a referendum or a mediation before it ("a referendum
/// on annexing the region", "brokered a deal to stop the fighting"): it is what was voted on or
/// mediated, not an act of its own.
fn themes_dropped(doc: &Doc, hits: Vec<Hit>) -> Vec<Hit> {
    let lex = &*LEXICON;
    let frames = |h: &Hit| matches!(lex.measures[h.entry].head, "referendum" | "mediation");
    let linked = |a: &Hit, b: &Hit| {
        let words: Vec<&str> = (a.toks.end..b.toks.start)
            .map(|i| doc.word(i))
            .filter(|w| !matches!(*w, "the" | "a" | "an"))
            .collect();
        b.toks.start >= a.toks.end
            && matches!(
                words.as_slice(),
                ["on"] | ["over"] | ["about"] | ["to"] | ["to", "approve"] | ["aimed", "at"]
            )
    };
    // a joint body set up to oversee a measure is that measure ("a committee to oversee
    // the disarmament")
    let serves = |a: &Hit| {
        lex.measures[a.entry].head == "joint body"
            && hits
                .iter()
                .any(|b| b.toks.start >= a.toks.end && b.toks.start <= a.toks.end + 6)
    };
    let keep: Vec<bool> = hits
        .iter()
        .map(|b| !hits.iter().any(|a| frames(a) && linked(a, b)) && !serves(b))
        .collect();
    hits.into_iter()
        .zip(keep)
        .filter_map(|(h, k)| k.then_some(h))
        .collect()
}

/// True when sentence `sent` states the terms of an agreement: "under the deal", "according
/// to the declaration", "the accord provides for", "the document says".
fn states_terms(doc: &Doc, sent: &Range<usize>) -> bool {
    let noun = |i: usize| TERM_NOUNS.contains(&doc.word(i));
    sent.clone().any(|i| {
        let w = doc.word(i);
        let opens = w == "under" || (w == "according" && doc.word(i + 1) == "to");
        let after = i + if w == "according" { 2 } else { 1 };
        let framed = opens && (after..(after + 4).min(sent.end)).any(noun);
        // "the deal says", "the truce between Israel and Hamas provides for"
        let says = noun(i)
            && (i + 1..(i + TERM_VERB_REACH).min(sent.end))
                .any(|j| TERM_VERBS.contains(&doc.word(j)));
        framed || says
    })
}

/// True when the actor `a` is a court or a judge: its name or role says so.
fn is_court(doc: &Doc, actors: &Actors, a: &DecisionActor) -> bool {
    let court_word = |w: &str| matches!(w, "court" | "tribunal" | "judge" | "justice");
    let written = a
        .range
        .as_ref()
        .map_or(&a.text[..], |r| &doc.text[r.clone()]);
    let named = a
        .actor
        .and_then(|x| actors.entities.actors.get(x))
        .map(|x| {
            x.name
                .split_whitespace()
                .any(|w| court_word(&text::fold(w)))
                || x.roles.iter().any(|r| court_word(&text::fold(r)))
        });
    named.unwrap_or(false)
        || a.text
            .split_whitespace()
            .chain(written.split_whitespace())
            .any(|w| court_word(&text::fold(w)))
}

/// The status the acts of the sentence give measure `h`: changes (postponed, rescheduled,
/// lifted, rejected) first, then threats, then the rest, the nearest of each; an act after the
/// measure counts only when no other measure stands between them, and past a comma only when
/// it is a change. A meeting takes only the statuses a meeting has.
fn status(doc: &Doc, h: &Hit, acts: &[Hit], measures: &[Hit], meeting: bool) -> Option<Governing> {
    let lex = &*LEXICON;
    let mut best: Option<(u8, usize, DecisionStatus)> = None;
    let mut lexical = false;
    let mut agreeing = false;
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
        lexical |= !lex.acts[a.entry].modal;
        agreeing |= AGREEING
            .iter()
            .any(|p| doc.word(a.toks.start).starts_with(p));
        if best.is_none_or(|(t, d, _)| (tier, dist) < (t, d)) {
            best = Some((tier, dist, status));
        }
    }
    best.map(|(_, _, status)| Governing {
        status,
        lexical,
        agreeing,
    })
}

/// What the acts of a sentence say of a measure.
struct Governing {
    status: DecisionStatus,
    /// True when one of them is a verb or noun of an act, not only a modal or a condition
    /// ("will", "if"): only such an act makes a decision of a measure that needs one.
    lexical: bool,
    /// True when one of them makes or keeps an agreement ("signed", "agreed", "extended"):
    /// only such an act makes a decision of an agreement ("announced the agreement" tells of
    /// one).
    agreeing: bool,
}

/// Drops measures inside a longer one of the same kind ("standby force" in "deployment of a
/// standby force"), all but the first (in `measures.tsv` order) of those with the same
/// tokens, and of two that overlap with different kinds, the one listed later ("a ceasefire
/// agreement" is a truce, not an agreement).
fn outermost(hits: Vec<Hit>) -> Vec<Hit> {
    let lex = &*LEXICON;
    let kind = |h: &Hit| lex.measures[h.entry].kind;
    let covers = |o: &Hit, h: &Hit| {
        let overlap = o.toks.start < h.toks.end && h.toks.start < o.toks.end;
        if kind(o) != kind(h) {
            return overlap && o.entry < h.entry;
        }
        o.toks.start <= h.toks.start
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

/// Words that close a phrase: the action does not run past them into another clause ("might
/// deploy or which countries would provide troops").
const ACTION_BREAKS: &[&str] = &[
    "which", "who", "whom", "whose", "while", "but", "after", "as", "and", "or", "nor", "since",
    "because", "when", "where", "whereas", "although", "though", "if", "unless",
];
/// Of [`ACTION_BREAKS`], the words that open a clause inside a measure's own span.
const OPENERS: &[&str] = &[
    "which", "who", "whom", "whose", "while", "since", "because", "when", "where", "whereas",
    "although", "though", "if", "unless",
];
/// Auxiliaries of a passive told after a bare noun ("had been fixed").
const PASSIVE_AUX: &[&str] = &[
    "has", "have", "had", "is", "are", "was", "were", "been", "be",
];
/// Function words an action neither starts nor ends on.
const DANGLING: &[&str] = &[
    "of",
    "to",
    "the",
    "a",
    "an",
    "and",
    "or",
    "nor",
    "but",
    "since",
    "for",
    "which",
    "who",
    "whom",
    "whose",
    "that",
    "as",
    "than",
    "after",
    "before",
    "while",
    "when",
    "where",
    "if",
    "because",
    "in",
    "on",
    "at",
    "by",
    "with",
    "from",
    "into",
    "onto",
    "against",
    "over",
    "under",
    "about",
    "including",
    "between",
    "among",
    "during",
    "within",
    "without",
    "through",
    "toward",
    "towards",
    "upon",
    "via",
    "per",
    "so",
];
/// Words an action does not end on, besides [`DANGLING`]: determiners, possessives and
/// auxiliaries that wait for their noun or verb.
const OPEN_ENDS: &[&str] = &[
    "its", "their", "his", "her", "our", "your", "my", "this", "these", "those", "any", "every",
    "all", "each", "some", "no", "will", "would", "shall", "should", "can", "could", "may",
    "might", "must", "be", "been", "being", "is", "are", "was", "were", "has", "have", "had", "do",
    "does", "did", "not", "also",
];

/// A short phrase for the decision at `h`: the act just before it (within six tokens, in its
/// clause), the measure and what follows, up to punctuation, a word that opens another clause
/// or [`ACTION_WORDS`] words; a bare noun takes the act told right after it ("the D-Day had
/// been fixed"). It never starts or ends on a function word ([`DANGLING`], [`OPEN_ENDS`]).
fn action(doc: &Doc, sent: &Range<usize>, h: &Hit, acts: &[Hit]) -> String {
    let span = action_span(doc, sent, h, acts);
    let text = doc.text[doc.bytes(&span)]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // a quotation mark left without its pair ("D-Day” had been fixed") is dropped
    let marks = text
        .chars()
        .filter(|c| matches!(c, '"' | '“' | '”'))
        .count();
    if marks % 2 == 1 {
        text.chars()
            .filter(|c| !matches!(c, '"' | '“' | '”'))
            .collect()
    } else {
        text
    }
}

/// The tokens of [`action`]'s phrase.
fn action_span(doc: &Doc, sent: &Range<usize>, h: &Hit, acts: &[Hit]) -> Range<usize> {
    // another clause between ("might deploy or which countries would provide troops"), not
    // a coordination inside one ("directed the enforcement and monitoring of sanctions")
    // ("a curfew was imposed and that borders were closed")
    let breaks = |r: Range<usize>| {
        r.into_iter().any(|i| {
            OPENERS.contains(&doc.word(i))
                || (matches!(doc.word(i), "and" | "or" | "but")
                    && (OPENERS.contains(&doc.word(i + 1)) || doc.word(i + 1) == "that"))
        })
    };
    let start = acts
        .iter()
        .filter(|a| a.toks.end <= h.toks.start && h.toks.start - a.toks.end <= 6)
        .filter(|a| (a.toks.start..h.toks.start).all(|i| doc.is_word(i)))
        .filter(|a| !breaks(a.toks.end..h.toks.start))
        .map(|a| a.toks.start)
        .min()
        .unwrap_or(h.toks.start);
    // a measure that runs into another clause is cut there ("deploy or which countries")
    let opens = |i: usize| OPENERS.contains(&doc.word(i));
    let cut = (h.toks.start + 1..h.toks.end)
        .find(|&i| opens(i) || (matches!(doc.word(i), "and" | "or" | "but") && opens(i + 1)));
    let mut end = cut.unwrap_or(h.toks.end);
    let mut words = (start..end).filter(|&i| doc.is_word(i)).count();
    while cut.is_none() && end < sent.end && words < ACTION_WORDS {
        let t = &doc.toks[end];
        // "that" after a noun opens a relative clause ("the force that heads of state
        // ordered"), after a verb of saying its object
        let relative =
            doc.word(end) == "that" && !CLAUSE_VERBS.contains(&doc.word(end.wrapping_sub(1)));
        let stop = !(t.is_wordlike() || t.kind == TokenKind::Possessive)
            || ACTION_BREAKS.contains(&doc.word(end))
            || relative;
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
    // a bare noun is no action: the act told of it right after ("the D-Day had been fixed")
    let content = |r: Range<usize>| {
        r.filter(|&i| doc.is_word(i) && !DANGLING.contains(&doc.word(i)))
            .count()
    };
    if content(start..end) == 1
        && let Some(act) = acts
            .iter()
            .filter(|a| a.toks.start >= end && a.toks.start <= end + 4)
            .filter(|a| (end..a.toks.start).all(|i| doc.is_word(i) || doc.is_quote_mark(i)))
            .filter(|a| !breaks(end..a.toks.end))
            .map(|a| a.toks.end)
            .max()
    {
        end = act.min(sent.end);
    } else if content(start..end) == 1 {
        // or its passive: "had been fixed"
        let mut i = end;
        while i < sent.end && i < end + 2 && doc.is_quote_mark(i) {
            i += 1;
        }
        let aux = i;
        while i < sent.end && i < aux + 3 && PASSIVE_AUX.contains(&doc.word(i)) {
            i += 1;
        }
        let participle = doc.word(i);
        if i > aux && (participle.ends_with("ed") || participle.ends_with("en")) {
            end = i + 1;
        }
    }
    trimmed(doc, start..end).unwrap_or_else(|| h.toks.clone())
}

/// `span` less the function words, quotation marks and possessive endings at its edges;
/// `None` when nothing is left.
fn trimmed(doc: &Doc, span: Range<usize>) -> Option<Range<usize>> {
    let Range { mut start, mut end } = span;
    while start < end && (!doc.is_word(start) || DANGLING.contains(&doc.word(start))) {
        start += 1;
    }
    while end > start
        && (!doc.is_word(end - 1)
            || DANGLING.contains(&doc.word(end - 1))
            || OPEN_ENDS.contains(&doc.word(end - 1)))
    {
        end -= 1;
    }
    (start < end).then_some(start..end)
}
