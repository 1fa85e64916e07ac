//! The tokenised article the entity pass reads: tokens with their folded text, sentence
//! starts, title-case lines (headlines and subheads) and the word statistics the
//! capitalisation rules need.

use crate::analysis::gazetteer::FastSet;
use crate::analysis::text::{self, Token, TokenKind};
use std::borrow::Cow;
use std::ops::Range;

/// An article prepared for the entity rules.
pub struct Doc<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    /// Folded text of each token; breaks fold to `"\n"` so no phrase crosses them.
    pub folded: Vec<Cow<'a, str>>,
    /// True for the first word-like token of each sentence.
    pub sentence_start: Vec<bool>,
    /// Index of the sentence each token is in.
    pub sentence_of: Vec<usize>,
    /// True for tokens of a title-case line (headline or subhead), where capitals say nothing.
    pub titlecase: Vec<bool>,
    /// True for capitalised words and acronyms ([`text::is_capitalized`]).
    pub cap: Vec<bool>,
    /// True for acronyms ([`text::is_acronym`]).
    pub acronym: Vec<bool>,
    /// Folded words the text also writes in lower case ("soldiers", "military").
    pub lowercase_words: FastSet<Cow<'a, str>>,
}

impl<'a> Doc<'a> {
    /// Tokenises `text` and computes the per-token flags.
    pub fn new(text: &'a str) -> Self {
        let split = text::split(text);
        let toks = split.tokens.clone();
        let folded: Vec<Cow<'a, str>> = toks
            .iter()
            .map(|t| {
                if t.is_break() {
                    Cow::Borrowed("\n")
                } else {
                    text::fold_cow(t.text(text))
                }
            })
            .collect();
        let word = |t: &Token| t.kind == TokenKind::Word;
        let cap = toks
            .iter()
            .map(|t| word(t) && text::is_capitalized(t.text(text)))
            .collect();
        let acronym = toks
            .iter()
            .map(|t| word(t) && text::is_acronym(t.text(text)))
            .collect();
        let (sentence_start, sentence_of) = sentence_flags(&toks, &split.sentences);
        let titlecase = titlecase_flags(text, &toks);
        let lowercase_words = toks
            .iter()
            .zip(&folded)
            .filter(|(t, _)| {
                t.kind == TokenKind::Word && t.text(text).starts_with(char::is_lowercase)
            })
            .map(|(_, f)| f.clone())
            .collect();
        Doc {
            text,
            toks,
            folded,
            sentence_start,
            sentence_of,
            titlecase,
            cap,
            acronym,
            lowercase_words,
        }
    }

    /// The text of token `i`.
    pub fn tok(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.text))
    }

    /// The folded text of token `i` (empty past the end).
    pub fn f(&self, i: usize) -> &str {
        self.folded.get(i).map_or("", |f| f)
    }

    /// True when token `i` is a word.
    pub fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// True when token `i` is a capitalised word (or an acronym).
    pub fn is_cap(&self, i: usize) -> bool {
        self.cap.get(i).copied().unwrap_or(false)
    }

    /// True when token `i` is an acronym (`ECOWAS`, `U.S.`).
    pub fn is_acronym(&self, i: usize) -> bool {
        self.acronym.get(i).copied().unwrap_or(false)
    }

    /// True when token `i` is the possessive `'s`.
    pub fn is_possessive(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Possessive)
    }

    /// True when tokens `a` and `b` are in the same sentence.
    pub fn same_sentence(&self, a: usize, b: usize) -> bool {
        self.sentence_of.get(a).is_some() && self.sentence_of.get(a) == self.sentence_of.get(b)
    }

    /// Byte range covered by the tokens `r` (start inclusive, end exclusive).
    pub fn span(&self, r: &Range<usize>) -> Range<usize> {
        match (
            self.toks.get(r.start),
            r.end.checked_sub(1).and_then(|e| self.toks.get(e)),
        ) {
            (Some(a), Some(b)) if r.start < r.end => a.range.start..b.range.end,
            _ => 0..0,
        }
    }

    /// Text covered by the tokens `r`.
    pub fn span_text(&self, r: &Range<usize>) -> &'a str {
        &self.text[self.span(r)]
    }
}

/// Per-token sentence-start flags and sentence numbers, from the text's sentences
/// ([`text::sentences`]).
fn sentence_flags(toks: &[Token], sents: &[Range<usize>]) -> (Vec<bool>, Vec<usize>) {
    let mut start = vec![false; toks.len()];
    let mut of = vec![usize::MAX; toks.len()];
    let mut s = 0;
    let mut seen_word = false;
    for (i, t) in toks.iter().enumerate() {
        while s < sents.len() && sents[s].end <= t.range.start {
            s += 1;
            seen_word = false;
        }
        let inside = sents.get(s).is_some_and(|r| r.start <= t.range.start);
        if !inside || t.is_break() {
            continue;
        }
        of[i] = s;
        if !seen_word && t.is_wordlike() {
            start[i] = true;
            seen_word = true;
        } else if !seen_word && t.kind == TokenKind::Punct {
            // an opening quote or bracket: the next word still starts the sentence
        }
    }
    (start, of)
}

/// Flags the tokens of title-case lines: a line with no closing full stop where most longer
/// words are capitalised ("Putin Calls Mali Military Leader Over Niger Coup").
fn titlecase_flags(text: &str, toks: &[Token]) -> Vec<bool> {
    let mut flags = vec![false; toks.len()];
    let mut line_start = 0;
    for i in 0..=toks.len() {
        let at_end = i == toks.len() || toks[i].is_break();
        if !at_end {
            continue;
        }
        let line = &toks[line_start..i];
        if is_titlecase_line(text, line) {
            for f in &mut flags[line_start..i] {
                *f = true;
            }
        }
        line_start = i + 1;
    }
    flags
}

/// True when a line's longer words are (nearly) all capitalised and it ends without a stop.
fn is_titlecase_line(text: &str, line: &[Token]) -> bool {
    let Some(last) = line.last() else {
        return false;
    };
    if last.text(text) == "." {
        return false;
    }
    let long: Vec<&str> = line
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.text(text))
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let caps = long.iter().filter(|w| text::is_capitalized(w)).count();
    long.len() >= 2 && caps * 10 >= long.len() * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_is_titlecase_body_is_not() {
        let text = "Army Chief Meets Rebels In Lagos\n\nThe army chief met rebels in Lagos.";
        let doc = Doc::new(text);
        let meets = doc.toks.iter().position(|t| t.text(text) == "Meets");
        assert!(meets.is_some_and(|i| doc.titlecase[i]));
        let body = doc.toks.iter().position(|t| t.text(text) == "The");
        assert!(body.is_some_and(|i| !doc.titlecase[i] && doc.sentence_start[i]));
    }

    #[test]
    fn lowercase_words_are_collected() {
        let doc = Doc::new("Soldiers said the soldiers left.");
        assert!(doc.lowercase_words.contains("soldiers"));
        assert!(!doc.lowercase_words.contains("said!"));
    }
}
