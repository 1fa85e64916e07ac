//! Whether a measure the lexicon finds is a decision at all, read from the words around it:
//! not when negated ("did not send troops"), only talked over ("to discuss military
//! intervention"), called for or pledged ("urged the EU to impose sanctions", "pledged 150
//! police officers" — reported speech, not an act), used as an adjective ("the ousted
//! president", "a blockaded region"), or a background coup; and whether a reaction ("hailed
//! the council's endorsement") stands between it and its clause's subject.

use super::doc::{Doc, Hit};
use super::lexicon::{LEXICON, Measure};
use crate::analysis::text::TokenKind;
use std::ops::Range;

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
/// Words that negate a measure right after them ("ought not to send", "took no part in
/// drafting").
const NEGATIONS: &[&str] = &["not", "never", "no", "without"];
/// Tokens before a measure "neither" may negate it ("neither Chile nor Peru will use force").
const NEITHER_REACH: usize = 8;
/// Tokens before a measure a negation may stand.
const NEGATION_REACH: usize = 3;
/// Tokens before a measure a call, a pledge or a reaction governing it may stand.
const CLAUSE_REACH: usize = 14;
/// Words that open a new clause: a call before one does not govern a measure after it.
const CLAUSE_BREAKS: &[&str] = &[
    "but", "while", "whereas", "although", "though", "because", "since", "when", "after", "before",
    "unless",
];
/// Words before a participle that make it an adjective ("the ousted president").
const ADJECTIVE_OPENERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "of", "for", "with",
    "from", "about", "against", "on", "in",
];

/// How the words before a measure govern it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Governed {
    /// Nothing stands in the way: a decision if an actor is found.
    Free,
    /// Its clause's subject reacts to it ("condemned Russia's exit"): only an owner or a
    /// passive's agent may be its actor.
    Reaction,
    /// Not a decision: negated, talked over, called for or pledged, an adjective.
    Dropped,
}

/// How measure `h` of sentence `si` is governed by the words before it; `acts` are the acts
/// of its sentence (an act between a call and the measure, not after `to`, ends the call's
/// clause: "ECOWAS, which had called for talks, imposed sanctions").
pub(super) fn governed(doc: &Doc, si: usize, h: &Hit, m: &Measure, acts: &[Hit]) -> Governed {
    let sent = &doc.sents[si];
    let before = |reach: usize| h.toks.start.saturating_sub(reach).max(sent.start)..h.toks.start;
    if before(NEGATION_REACH).any(|i| NEGATIONS.contains(&doc.word(i)))
        || before(NEITHER_REACH).any(|i| doc.word(i) == "neither")
    {
        return Governed::Dropped;
    }
    if before(4).any(|i| DISCUSSION.contains(&doc.word(i))) {
        return Governed::Dropped;
    }
    if adjective(doc, sent, h) {
        return Governed::Dropped;
    }
    if m.news && (!in_lede(doc, si) || !has_doer(doc, sent, h)) {
        return Governed::Dropped;
    }
    match clause_opener(doc, sent, h, acts) {
        Some(Opener::Call) => Governed::Dropped,
        Some(Opener::Reaction) => Governed::Reaction,
        None => Governed::Free,
    }
}

/// What opens the clause a measure stands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opener {
    Call,
    Reaction,
}

/// The call or reaction nearest before measure `h` in its clause: reading back up to
/// [`CLAUSE_REACH`] tokens, not past punctuation other than commas and quotation marks, a word
/// that opens a clause, or a finite act.
fn clause_opener(doc: &Doc, sent: &Range<usize>, h: &Hit, acts: &[Hit]) -> Option<Opener> {
    let lex = &*LEXICON;
    let from = h.toks.start.saturating_sub(CLAUSE_REACH).max(sent.start);
    for i in (from..h.toks.start).rev() {
        let t = &doc.toks[i];
        if !t.is_wordlike() && t.kind != TokenKind::Possessive {
            if t.text(doc.text) == "," || doc.is_quote_mark(i) {
                continue;
            }
            return None;
        }
        let w = doc.word(i);
        if CLAUSE_BREAKS.contains(&w) {
            return None;
        }
        let phrases = lex.calls.get(w).into_iter().flatten();
        let call = phrases.into_iter().any(|words| {
            let n = words.len();
            i + 1 >= n
                && i + 1 - n >= sent.start
                && words
                    .iter()
                    .enumerate()
                    .all(|(k, x)| doc.word(i + 1 + k - n) == *x)
        });
        if call {
            return Some(Opener::Call);
        }
        if lex.reactions.contains(w) {
            return Some(Opener::Reaction);
        }
        // a finite act of its own ends the clause ("…, imposed"), an infinitive does not
        // ("urged the EU to impose")
        let finite_act = acts.iter().any(|a| {
            a.toks.start == i && doc.word(i.wrapping_sub(1)) != "to" && !lex.acts[a.entry].modal
        });
        if finite_act && i + 1 < h.toks.start {
            return None;
        }
    }
    None
}

/// True when the measure opens with a participle used as an adjective ("the ousted
/// president", "a blockaded region"): after a determiner or a preposition.
fn adjective(doc: &Doc, sent: &Range<usize>, h: &Hit) -> bool {
    let first = doc.word(h.toks.start);
    let participle = first.ends_with("ed") || first == "overthrown";
    participle
        && h.toks.start > sent.start
        && ADJECTIVE_OPENERS.contains(&doc.word(h.toks.start - 1))
}

/// True when a verb that opens the measure ("ousted", "staged") has a doer right before it: a
/// name, a group ("soldiers"), a pronoun, an auxiliary ("have staged") or a relative pronoun;
/// not a word that makes it an adjective ("reinstate ousted president") or a subject that is
/// no actor ("after a coup toppled"). A measure that opens with a noun passes.
fn has_doer(doc: &Doc, sent: &Range<usize>, h: &Hit) -> bool {
    let first = doc.word(h.toks.start);
    let verb = first.ends_with("ed") || matches!(first, "took" | "seized" | "overthrew");
    if !verb {
        return true;
    }
    let Some(b) = doc.word_before(h.toks.start, sent.start) else {
        return false;
    };
    let w = doc.word(b);
    doc.mention_covering(b).is_some()
        || LEXICON.actor_heads.contains(w)
        || matches!(
            w,
            "he" | "she"
                | "it"
                | "they"
                | "we"
                | "have"
                | "has"
                | "had"
                // "has been removed from office": the passive of the news, told by its doer
                | "been"
                | "who"
                | "which"
                | "that"
                | "guard"
                | "mutineers"
        )
}

/// True when sentence `si` is the headline or one of the first sentences of the body: where
/// an article tells its own news.
fn in_lede(doc: &Doc, si: usize) -> bool {
    si < doc.lede_end
}
