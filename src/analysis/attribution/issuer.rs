//! Documents credited to their issuer: "the resolution calls for …" speaks for the council
//! that adopted it. The document noun is looked up where the article introduced it, and the
//! issuer read from the construction there: "the council's resolution", "a resolution the
//! council passed", "a statement released by the ministry", "the presidents signed a joint
//! declaration" (verbs of issuing in `assets/attribution/issuing.txt`).

use super::cues::{self, Who};
use super::doc::Doc;
use super::lexicon::{DETERMINERS, LEXICON, is_document, is_in};
use crate::analysis::entities::Extraction;
use crate::analysis::text::TokenKind;

/// Sentences searched back for the document's introduction.
const SENTENCES_BACK: usize = 30;

/// The issuer of the document whose noun is token `noun` (in a speaker phrase), read where the
/// same noun appears with an issuer: at `noun` itself, then at earlier occurrences, nearest
/// first.
pub(super) fn issuer(doc: &Doc, ents: &Extraction, noun: usize) -> Option<Who> {
    let head = doc.w(noun);
    let singular = head
        .strip_suffix('s')
        .filter(|s| is_document(s))
        .unwrap_or(head);
    let first_sentence = doc.sent[noun].saturating_sub(SENTENCES_BACK);
    let from = doc.sents.get(first_sentence).map_or(0, |s| s.start);
    let same = |t: usize| {
        let w = doc.w(t);
        w == singular || w.strip_suffix('s') == Some(singular)
    };
    std::iter::once(noun)
        .chain((from..noun).rev().filter(|&t| same(t)))
        .find_map(|t| issuer_at(doc, ents, t))
}

/// The issuer named around one occurrence of a document noun at token `t`.
fn issuer_at(doc: &Doc, ents: &Extraction, t: usize) -> Option<Who> {
    let sentence = doc.sentence_of(t);
    let (lo, hi) = (sentence.start, sentence.end);
    // Modifiers before the noun: "the council's new resolution", "an 11-point joint declaration".
    let mut m = t;
    while m > lo && (doc.is_word(m - 1) && !is_in(DETERMINERS, doc.w(m - 1))) && t - m < 4 {
        if issuing_at(doc, m - 1).is_some() || doc.mention_end.contains_key(&(m - 1)) {
            break;
        }
        m -= 1;
    }
    // "the council's resolution"
    if m > lo + 1 && doc.toks[m - 1].kind == TokenKind::Possessive {
        return cues::gather_left(doc, ents, m - 1, lo).filter(|w| named(doc, ents, w));
    }
    // "a resolution (that) the council passed", "a statement released on Friday by the
    // ministry", "a statement from the junta"
    let mut r = t + 1;
    if matches!(doc.w(r), "that" | "which") {
        r += 1;
    }
    if matches!(doc.w(r), "by" | "from") {
        return cues::gather_right(doc, ents, r + 1, hi)
            .map(|(w, _)| w)
            .filter(|w| named(doc, ents, w));
    }
    if issuing_at(doc, r).is_some() {
        let by = (r + 1..hi.min(r + 8)).find(|&k| doc.w(k) == "by")?;
        return cues::gather_right(doc, ents, by + 1, hi)
            .map(|(w, _)| w)
            .filter(|w| named(doc, ents, w));
    }
    if let Some(verb) = (r + 1..hi.min(r + 8)).find(|&k| issuing_at(doc, k).is_some())
        && cues::gather_np_back(doc, verb, r) == r
        && let Some(who) = cues::phrase(doc, ents, r..verb)
    {
        return Some(who);
    }
    // "the presidents signed a joint declaration", "gave final approval to an accord"
    let det = m.checked_sub(1).filter(|&d| is_in(DETERMINERS, doc.w(d)))?;
    let verb = (det.saturating_sub(4).max(lo)..det)
        .rev()
        .find(|&k| issuing_at(doc, k).is_some())?;
    cues::gather_left(doc, ents, verb, lo)
        .filter(|w| named(doc, ents, w))
        .or_else(|| clause_subject(doc, ents, lo, verb))
}

/// The longest phrase from the clause start `lo` that ends before `verb` and can speak ("The
/// two presidents" in "The two presidents gave final approval to …").
fn clause_subject(doc: &Doc, ents: &Extraction, lo: usize, verb: usize) -> Option<Who> {
    (lo + 1..verb).rev().find_map(|k| {
        (cues::gather_np_back(doc, k, lo) == lo)
            .then(|| cues::phrase(doc, ents, lo..k))
            .flatten()
            .filter(|w| named(doc, ents, w))
    })
}

/// The length of the verb of issuing starting at token `t`, if one does.
fn issuing_at(doc: &Doc, t: usize) -> Option<usize> {
    LEXICON.issuing.get(doc.w(t))?.iter().find_map(|words| {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| doc.w(t + k) == *w)
            .then_some(words.len())
    })
}

/// True for an issuer that is a phrase naming someone who can speak ("the council"), not a
/// pronoun, a count ("491 votes") or another document.
fn named(doc: &Doc, ents: &Extraction, who: &Who) -> bool {
    matches!(who, Who::Phrase { toks, .. }
        if !toks.is_empty()
            && !is_document(doc.w(toks.end - 1))
            && cues::phrase(doc, ents, toks.clone()).is_some())
}
