//! The article as the decisions pass reads it: tokens with folded lower-case forms, sentences
//! and paragraphs by token, entity mentions and time expressions by token, and the matching of
//! the lexicon's patterns.

use super::lexicon::{self, GAP_WORDS, LEXICON, LONG_GAP_TOKENS, Pat};
use crate::analysis::entities::Extraction;
use crate::analysis::gazetteer::FastMap;
use crate::analysis::text::{self, Token, TokenKind};
use crate::analysis::timeline::Timex;
use std::borrow::Cow;
use std::ops::Range;

/// A pattern found in the text: tokens `toks` match entry `entry` of its list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Hit {
    pub toks: Range<usize>,
    pub entry: usize,
}

/// An entity mention by tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct MentionAt {
    /// Index into [`Extraction::mentions`].
    pub mention: usize,
    pub toks: Range<usize>,
}

/// Tokenised article with lookups.
pub(super) struct Doc<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    /// Folded lower-case form of each word or number token (curly apostrophes straightened);
    /// empty for other tokens.
    pub low: Vec<Cow<'a, str>>,
    /// Token range of each sentence.
    pub sents: Vec<Range<usize>>,
    /// Paragraph index of each sentence.
    pub para: Vec<usize>,
    /// Entity mentions in text order.
    pub mentions: Vec<MentionAt>,
    /// Time expressions by tokens, as indices into the timexes given, in text order.
    pub timexes: Vec<(usize, Range<usize>)>,
    /// Per actor of the extraction: the index into `mentions` of its first mention.
    first_mention: Vec<Option<usize>>,
    /// The first sentence after the lede (see [`LEDE_SENTENCES`]).
    pub lede_end: usize,
}

/// Most tokens a dateline takes before its dash.
const DATELINE_TOKENS: usize = 14;

/// The tokens of the dateline opening sentence `sent`, dash included ("ABUJA, July 30 (Sahel
/// Wire) -", "KINGSTOWN, St. Vincent (AP) —"): a word in capitals opens the sentence and a dash
/// standing alone follows a closing bracket (the agency) within [`DATELINE_TOKENS`] tokens.
fn dateline(text: &str, toks: &[Token], sent: &Range<usize>) -> Option<Range<usize>> {
    let first = toks.get(sent.start)?;
    let word = first.text(text);
    let capitals = word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    if first.kind != TokenKind::Word || !capitals {
        return None;
    }
    let end = sent.end.min(sent.start + DATELINE_TOKENS);
    (sent.start + 2..end)
        .find(|&t| matches!(toks[t].text(text), "-" | "—" | "–") && toks[t - 1].text(text) == ")")
        .map(|dash| sent.start..dash + 1)
}

/// Body sentences (after the headline) that tell the article's own news.
pub(super) const LEDE_SENTENCES: usize = 2;
/// Words an aside between commas may hold (", by word or deed,").
const ASIDE_WORDS: usize = 5;

/// Most tokens the pass reads as one sentence: a longer run without a sentence end (a list,
/// a table, text without punctuation) is read in windows of this many tokens, so that the
/// work per sentence stays bounded.
pub(super) const MAX_SENTENCE_TOKENS: usize = 160;

impl<'a> Doc<'a> {
    /// Reads `text` with the mentions of `entities` and the expressions of `timexes`.
    pub fn new(text: &'a str, entities: &Extraction, timexes: &[Timex]) -> Doc<'a> {
        let split = text::split(text);
        let toks = split.tokens.clone();
        let low = toks
            .iter()
            .map(|t| {
                if t.is_wordlike() {
                    text::fold_cow(t.text(text))
                } else {
                    Cow::Borrowed("")
                }
            })
            .collect();
        let mut sents = Vec::new();
        let mut para = Vec::new();
        let mut p = 0;
        let mut next = 0;
        for s in split.sentences.iter().cloned() {
            let start = toks.partition_point(|t| t.range.start < s.start);
            let end = toks.partition_point(|t| t.range.start < s.end);
            p += toks[next.min(start)..start]
                .iter()
                .filter(|t| t.kind == TokenKind::ParaBreak)
                .count();
            next = end;
            let mut from = start;
            while from < end {
                let to = end.min(from + MAX_SENTENCE_TOKENS);
                sents.push(from..to);
                para.push(p);
                from = to;
            }
        }
        let tok_range = |r: &Range<usize>| {
            toks.partition_point(|t| t.range.start < r.start)
                ..toks.partition_point(|t| t.range.start < r.end)
        };
        let datelines: Vec<Range<usize>> = sents
            .iter()
            .filter_map(|s| dateline(text, &toks, s))
            .collect();
        let mut mentions: Vec<MentionAt> = entities
            .mentions
            .iter()
            .enumerate()
            .map(|(mention, m)| MentionAt {
                mention,
                toks: tok_range(&m.range),
            })
            .filter(|m| !m.toks.is_empty())
            // "ABUJA, July 30 (Sahel Wire) - West African leaders …": the place and the
            // outlet of a dateline take no decision
            .filter(|m| {
                !datelines
                    .iter()
                    .any(|d| d.start <= m.toks.start && m.toks.end <= d.end)
            })
            .collect();
        mentions.sort_by_key(|m| (m.toks.start, m.mention));
        let mut first_mention = vec![None; entities.actors.len()];
        for (n, m) in mentions.iter().enumerate() {
            let actor = entities.mentions.get(m.mention).and_then(|x| x.actor);
            if let Some(slot) = actor.and_then(|a| first_mention.get_mut(a))
                && slot.is_none()
            {
                *slot = Some(n);
            }
        }
        let mut timexes: Vec<(usize, Range<usize>)> = timexes
            .iter()
            .enumerate()
            .map(|(i, t)| (i, tok_range(&t.range)))
            .filter(|(_, r)| !r.is_empty())
            .collect();
        timexes.sort_by_key(|(i, r)| (r.start, *i));
        let mut doc = Doc {
            text,
            toks,
            low,
            sents,
            para,
            mentions,
            timexes,
            first_mention,
            lede_end: 0,
        };
        doc.lede_end = doc.find_lede_end();
        doc
    }

    /// Index range (into `mentions`) of the mentions that start inside tokens `r`.
    pub fn mentions_within(&self, r: &Range<usize>) -> Range<usize> {
        self.mentions.partition_point(|m| m.toks.start < r.start)
            ..self.mentions.partition_point(|m| m.toks.start < r.end)
    }

    /// Index (into `mentions`) of the longest mention that covers token `i`.
    pub fn mention_covering(&self, i: usize) -> Option<usize> {
        let after = self.mentions.partition_point(|m| m.toks.start <= i);
        // mentions do not nest deeply: a few back suffice
        (after.saturating_sub(4)..after)
            .filter(|&n| self.mentions[n].toks.contains(&i))
            .min_by_key(|&n| (std::cmp::Reverse(self.mentions[n].toks.len()), n))
    }

    /// Index (into `mentions`) of the mention that starts at token `i`.
    pub fn mention_starting(&self, i: usize) -> Option<usize> {
        let n = self.mentions.partition_point(|m| m.toks.start < i);
        self.mentions
            .get(n)
            .filter(|m| m.toks.start == i)
            .map(|_| n)
    }

    /// Index (into `mentions`) of the first mention of actor `a`.
    pub fn first_mention_of(&self, a: usize) -> Option<usize> {
        self.first_mention.get(a).copied().flatten()
    }

    /// The time expressions inside tokens `r`.
    pub fn timexes_within(&self, r: &Range<usize>) -> &[(usize, Range<usize>)] {
        let from = self.timexes.partition_point(|(_, t)| t.start < r.start);
        let to = self.timexes.partition_point(|(_, t)| t.start < r.end);
        &self.timexes[from..to.max(from)]
    }

    /// The folded word at token `i` ("" for punctuation and out of range).
    pub fn word(&self, i: usize) -> &str {
        self.low.get(i).map_or("", |w| w)
    }

    /// True when token `i` is a word or number.
    pub fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(Token::is_wordlike)
    }

    /// Byte range of tokens `r` (empty at the text's end when `r` is empty).
    pub fn bytes(&self, r: &Range<usize>) -> Range<usize> {
        match (
            self.toks.get(r.start),
            r.end.checked_sub(1).and_then(|e| self.toks.get(e)),
        ) {
            (Some(a), Some(b)) if r.start < r.end => a.range.start..b.range.end,
            _ => self.text.len()..self.text.len(),
        }
    }

    /// Every match of `index`ed patterns inside the tokens `sent`, in text order; at one start,
    /// only the longest match of each entry.
    pub fn hits(
        &self,
        sent: &Range<usize>,
        index: &FastMap<String, Vec<usize>>,
        pats_of: impl Fn(usize) -> &'static [Pat],
    ) -> Vec<Hit> {
        let mut out = Vec::new();
        for i in sent.clone() {
            let w = self.word(i);
            if w.is_empty() {
                continue;
            }
            let Some(cands) = index.get(lexicon::key(w)) else {
                continue;
            };
            for &entry in cands {
                if let Some(end) = self.match_at(pats_of(entry), i, sent.end) {
                    out.push(Hit {
                        toks: i..end,
                        entry,
                    });
                }
            }
        }
        out
    }

    /// The end of the longest match of `pats` starting at token `i`, before token `limit`.
    fn match_at(&self, pats: &[Pat], i: usize, limit: usize) -> Option<usize> {
        let Some((first, rest)) = pats.split_first() else {
            return Some(i);
        };
        match first {
            Pat::Gap => {
                // up to GAP_WORDS words; quotation marks are skipped without counting
                let mut best = None;
                let mut words = 0;
                let mut at = i;
                loop {
                    if let Some(end) = self.match_at(rest, at, limit) {
                        best = best.max(Some(end));
                    }
                    let quote = at < limit && self.is_quote_mark(at);
                    let word = at < limit
                        && self
                            .toks
                            .get(at)
                            .is_some_and(|t| t.is_wordlike() || t.kind == TokenKind::Possessive);
                    if word {
                        words += 1;
                    }
                    if !(quote || word) || words > GAP_WORDS {
                        break;
                    }
                    at += 1;
                }
                best
            }
            Pat::LongGap => {
                let mut best = None;
                let mut at = i;
                while at <= i + LONG_GAP_TOKENS {
                    if at > i
                        && let Some(end) = self.match_at(rest, at, limit)
                    {
                        best = best.max(Some(end));
                    }
                    // an aside between commas is passed over whole ("refrain, by word or
                    // deed, from escalating")
                    if let Some(after) = self.aside_end(at, limit)
                        && after <= i + LONG_GAP_TOKENS + 1
                    {
                        at = after;
                        continue;
                    }
                    let w = self.word(at);
                    let skippable = at < limit
                        && self.toks.get(at).is_some_and(|t| {
                            t.is_wordlike()
                                || t.kind == TokenKind::Possessive
                                || t.text(self.text) == ","
                        })
                        && !(lexicon::PREPOSITIONS.contains(&w) && w != "of")
                        && !matches!(
                            w,
                            "be" | "been"
                                | "being"
                                | "is"
                                | "are"
                                | "was"
                                | "were"
                                | "that"
                                | "which"
                                | "who"
                                | "whom"
                                | "whose"
                                | "by"
                        );
                    if !skippable {
                        break;
                    }
                    at += 1;
                }
                best
            }
            word => (i < limit && word.fits(self.word(i)))
                .then(|| self.match_at(rest, i + 1, limit))
                .flatten(),
        }
    }

    /// The token after an aside that opens at the comma `at`: a comma, a preposition or an
    /// adverb in -ly and at most [`ASIDE_WORDS`] words in all, and a closing comma
    /// (", by word or deed,"); `None` when no such aside opens there.
    fn aside_end(&self, at: usize, limit: usize) -> Option<usize> {
        let is_comma =
            |k: usize| k < limit && self.toks.get(k).is_some_and(|t| t.text(self.text) == ",");
        if !is_comma(at) {
            return None;
        }
        let first = self.word(at + 1);
        if !(lexicon::PREPOSITIONS.contains(&first) || first == "by" || first.ends_with("ly")) {
            return None;
        }
        for k in at + 2..=at + ASIDE_WORDS + 1 {
            if is_comma(k) {
                return Some(k + 1);
            }
            if !self
                .toks
                .get(k)
                .is_some_and(|t| k < limit && t.is_wordlike())
            {
                return None;
            }
        }
        None
    }

    /// Measures in the tokens `sent`.
    pub fn measures(&self, sent: &Range<usize>) -> Vec<Hit> {
        let lex = &*LEXICON;
        let hits = self.hits(sent, &lex.measure_index, |n| &lex.measures[n].pats);
        self.triggers(sent, hits)
    }

    /// Acts in the tokens `sent`.
    pub fn acts(&self, sent: &Range<usize>) -> Vec<Hit> {
        let lex = &*LEXICON;
        let hits = self.hits(sent, &lex.act_index, |n| &lex.acts[n].pats);
        self.triggers(sent, hits)
    }

    /// `hits` without those whose first word ends a phrase of `not-triggers.txt`
    /// ("constitutional order", "phone talks").
    fn triggers(&self, sent: &Range<usize>, mut hits: Vec<Hit>) -> Vec<Hit> {
        let lex = &*LEXICON;
        hits.retain(|h| {
            let phrases = lex.not_triggers.get(self.word(h.toks.start));
            !phrases.into_iter().flatten().any(|words| {
                let n = words.len();
                h.toks.start + 1 >= sent.start + n
                    && words
                        .iter()
                        .enumerate()
                        .all(|(k, w)| self.word(h.toks.start + 1 + k - n) == *w)
            })
        });
        hits
    }

    /// True when token `i` of sentence `sent` stands inside a direct quotation: an odd number
    /// of double quotation marks open before it in its sentence.
    pub fn in_quotation(&self, sent: &Range<usize>, i: usize) -> bool {
        let marks = (sent.start..i.min(sent.end))
            .filter(|&j| {
                self.toks[j].kind == TokenKind::Punct
                    && matches!(self.toks[j].text(self.text), "\"" | "“" | "”" | "«" | "»")
            })
            .count();
        marks % 2 == 1
    }

    /// True when token `i` is a quotation mark.
    pub fn is_quote_mark(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.kind == TokenKind::Punct
                && matches!(
                    t.text(self.text),
                    "\"" | "“" | "”" | "‘" | "’" | "'" | "«" | "»"
                )
        })
    }

    /// True when sentence `si` is a headline or subheading: a paragraph of its own that does
    /// not end in a full stop, question or exclamation mark.
    pub fn is_heading(&self, si: usize) -> bool {
        let alone = (si == 0 || self.para[si - 1] != self.para[si])
            && self.para.get(si + 1).is_none_or(|&p| p != self.para[si]);
        let last = self.sents[si]
            .end
            .checked_sub(1)
            .and_then(|i| self.toks.get(i));
        alone && !last.is_some_and(|t| matches!(t.text(self.text), "." | "?" | "!" | "”" | "\""))
    }

    /// The index of the first sentence after the headline, the subheadings before the body,
    /// and the first [`LEDE_SENTENCES`] sentences of the body.
    fn find_lede_end(&self) -> usize {
        let mut body = 0;
        for si in 0..self.sents.len() {
            if body == LEDE_SENTENCES {
                return si;
            }
            if !self.is_heading(si) {
                body += 1;
            }
        }
        self.sents.len()
    }

    /// The word token before `i`, skipping articles (`the`, `a`, `an`) and quotation marks;
    /// `None` at the start of the sentence or after other punctuation.
    pub fn word_before(&self, i: usize, sent_start: usize) -> Option<usize> {
        let mut j = i;
        while j > sent_start {
            j -= 1;
            if self.is_quote_mark(j) {
                continue;
            }
            if !self.is_word(j) {
                return None;
            }
            if !matches!(self.word(j), "the" | "a" | "an") {
                return Some(j);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::entities;
    use crate::analysis::gazetteer::Gazetteer;

    fn doc(text: &str) -> (Doc<'_>, Extraction) {
        let x = entities::extract(text, Gazetteer::builtin());
        (Doc::new(text, &x, &[]), x)
    }

    #[test]
    fn a_run_without_sentence_ends_is_read_in_bounded_windows() {
        let text = format!("Head\n\n{}", "word ".repeat(10_000));
        let (d, _) = doc(&text);
        assert!(d.sents.len() > 10_000 / MAX_SENTENCE_TOKENS);
        assert!(d.sents.iter().all(|s| s.len() <= MAX_SENTENCE_TOKENS));
        // the windows tile the run: no token lost
        let words: usize = d.sents.iter().map(|s| s.len()).sum();
        assert!(words >= 10_000);
    }

    #[test]
    fn mentions_are_found_by_position() {
        let text = "Head\n\nThe ECOWAS summit met in Abuja. Nigeria and Ghana sent troops.";
        let (d, x) = doc(text);
        let name = |n: usize| x.mentions[d.mentions[n].mention].text.clone();
        let second = d.sents[2].clone();
        let within: Vec<String> = d.mentions_within(&second).map(name).collect();
        assert_eq!(within, vec!["Nigeria", "Ghana"]);
        let abuja = d.low.iter().position(|w| w == "abuja");
        let covering = abuja.and_then(|i| d.mention_covering(i)).map(name);
        assert_eq!(covering.as_deref(), Some("Abuja"));
        assert_eq!(
            abuja.and_then(|i| d.mention_starting(i)).map(name),
            covering
        );
        assert_eq!(d.mention_covering(0), None);
    }
}
