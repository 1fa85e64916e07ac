//! Tense of the clause around a time expression, from the nearest verb cue: `will`, `would`,
//! `to be`, `expected` look ahead; `was`, `said`, `-ed` verbs look back. Bare weekdays and
//! year-less dates are placed by it.

use super::calendar::Tense;
use super::lex::{Lex, Tok};
use std::ops::Range;

/// How many tokens each way the cue search looks.
const WINDOW: usize = 12;

/// The tense for the expression over token indices `span` inside the sentence `sentence`:
/// the nearest cue before it, else the nearest after it, else [`Tense::Neutral`].
pub fn tense_at(text: &str, toks: &[Tok], span: Range<usize>, sentence: Range<usize>) -> Tense {
    let lo = span.start.saturating_sub(WINDOW).max(sentence.start);
    for j in (lo..span.start).rev() {
        if let Some(t) = cue(text, toks, j) {
            return t;
        }
    }
    let hi = (span.end + WINDOW).min(sentence.end).min(toks.len());
    for j in span.end..hi {
        if let Some(t) = cue(text, toks, j) {
            return t;
        }
    }
    Tense::Neutral
}

/// Lower-case ASCII text of token `j` (empty for anything else).
fn word(text: &str, toks: &[Tok], j: usize) -> String {
    toks.get(j)
        .filter(|t| matches!(t.lex, Lex::Other | Lex::Word(_)) && t.range.len() <= 16)
        .and_then(|t| text.get(t.range.clone()))
        .filter(|s| s.is_ascii())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// Words that make what follows look ahead.
const FUTURE: &[&str] = &[
    "will",
    "shall",
    "would",
    "won't",
    "'ll",
    "upcoming",
    "expected",
    "due",
    "planned",
    "plans",
    "plan",
    "planning",
    "intends",
    "aims",
    "scheduled",
    "slated",
    "soon",
    "going",
    "forthcoming",
];

/// Irregular past forms common in news.
const PAST: &[&str] = &[
    "was", "were", "had", "did", "said", "told", "met", "went", "spoke", "took", "gave", "came",
    "began", "left", "won", "held", "sent", "saw", "made", "led", "fled", "struck", "seized",
    "broke", "fell", "rose", "ran", "got", "felt", "kept", "lost", "paid", "brought", "bought",
    "thought", "sought", "fought", "wrote", "drove", "has", "have",
];

/// Auxiliaries after which a participle is passive or perfect and not itself the cue.
const BE: &[&str] = &["be", "being", "been"];

/// The tense cue token `j` gives, if any.
fn cue(text: &str, toks: &[Tok], j: usize) -> Option<Tense> {
    let w = word(text, toks, j);
    if w.is_empty() {
        return None;
    }
    if FUTURE.contains(&w.as_str()) {
        return Some(Tense::Future);
    }
    if w == "to" && word(text, toks, j + 1) == "be" {
        // `ordered to be activated at the summit on Thursday`, `was to be held on Friday`: the
        // plan was made in the past, and the verb before says when.
        let before = word(text, toks, j.saturating_sub(1));
        if j > 0 && is_past_form(&before) && !FUTURE.contains(&before.as_str()) {
            return None;
        }
        return Some(Tense::Future);
    }
    if w == "set" && word(text, toks, j + 1) == "to" {
        return Some(Tense::Future);
    }
    if is_past_form(&w) {
        let before = word(text, toks, j.saturating_sub(1));
        if j > 0 && BE.contains(&before.as_str()) {
            return None;
        }
        return Some(Tense::Past);
    }
    None
}

/// A past form: an `-ed` word of five letters or more, or a common irregular one.
fn is_past_form(w: &str) -> bool {
    (w.len() >= 5 && w.ends_with("ed")) || PAST.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::text::tokens;
    use crate::analysis::timeline::lex::classify_all;

    /// The tense at the first occurrence of `word` in `text` (one sentence).
    fn tense_of(text: &str, word: &str) -> Tense {
        let toks = classify_all(text, &tokens(text));
        let i = toks
            .iter()
            .position(|t| &text[t.range.clone()] == word)
            .unwrap_or(0);
        tense_at(text, &toks, i..i + 1, 0..toks.len())
    }

    #[test]
    fn modal_before_passive_participle_looks_ahead() {
        let s = "Sources revealed on Tuesday the meeting would now be held on Thursday.";
        assert_eq!(tense_of(s, "Tuesday"), Tense::Past);
        assert_eq!(tense_of(s, "Thursday"), Tense::Future);
    }

    #[test]
    fn plan_made_in_the_past_looks_back() {
        let s = "The force that leaders ordered to be activated at their summit on Thursday.";
        assert_eq!(tense_of(s, "Thursday"), Tense::Past);
        let s = "The chiefs are to be deployed on Thursday.";
        assert_eq!(tense_of(s, "Thursday"), Tense::Future);
        let s = "The talks were expected to be held on Thursday.";
        assert_eq!(tense_of(s, "Thursday"), Tense::Future);
    }

    #[test]
    fn cue_after_a_fronted_expression() {
        assert_eq!(
            tense_of("On Thursday, the chiefs will meet.", "Thursday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("On Monday, the juntas cautioned the bloc.", "Monday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("Thursday is a holiday.", "Thursday"),
            Tense::Neutral
        );
    }
}
