//! The article as the attribution pass reads it: tokens with lower-case forms, sentence and
//! paragraph of each token, entity mentions by token, and the quotation spans found by pairing
//! quotation marks (straight, curly and single; re-opened at each paragraph; unbalanced marks
//! recovered rather than failed).

use crate::analysis::entities::Extraction;
use crate::analysis::gazetteer::FastMap;
use crate::analysis::text::{self, Token, TokenKind};
use std::borrow::Cow;
use std::ops::Range;

/// One quotation: the text between a pair of marks, or from an unbalanced mark to the end of
/// its paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Span {
    /// Token of the opening mark; `None` when the closing mark had no opener.
    pub open: Option<usize>,
    /// Token of the closing mark; `None` when the paragraph ended first.
    pub close: Option<usize>,
    /// Tokens inside the marks.
    pub inner: Range<usize>,
    /// The group of paragraph-spanning spans this one belongs to.
    pub group: usize,
}

/// Tokenised article with lookups.
pub(super) struct Doc<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    /// Lower-case form of each word token; the text of other tokens.
    pub low: Vec<Cow<'a, str>>,
    /// Sentence index of each token.
    pub sent: Vec<usize>,
    /// Token range of each sentence.
    pub sents: Vec<Range<usize>>,
    /// Paragraph index of each token.
    pub para: Vec<usize>,
    /// Quotation spans in text order.
    pub spans: Vec<Span>,
    /// Groups of spans (a quotation re-opened at each paragraph), as span indices.
    pub groups: Vec<Vec<usize>>,
    /// For each token, the span it lies inside.
    pub inside: Vec<Option<usize>>,
    /// For each token, the span whose opening mark it is.
    pub opens: FastMap<usize, usize>,
    /// For each token, the span whose closing mark it is.
    pub closes: FastMap<usize, usize>,
    /// Mention index by the token it ends on (longest mention).
    pub mention_end: FastMap<usize, usize>,
    /// Mention index by the token it starts on (longest mention).
    pub mention_start: FastMap<usize, usize>,
    /// The first mention of an actor by its text as written ("Hamas"), for a name the entity
    /// pass did not mark at every occurrence.
    pub mention_by_text: FastMap<&'a str, usize>,
}

impl<'a> Doc<'a> {
    /// Reads `text` with the mentions of the entity pass.
    pub fn new(text: &'a str, entities: &Extraction) -> Doc<'a> {
        let split = text::split(text);
        let toks = split.tokens.clone();
        let low = toks
            .iter()
            .map(|t| {
                let s = t.text(text);
                let plain = s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
                if t.kind == TokenKind::Word && !plain {
                    Cow::Owned(s.to_lowercase().replace('’', "'"))
                } else {
                    Cow::Borrowed(s)
                }
            })
            .collect();
        let (sent, sents) = assign_sentences(&toks, &split.sentences);
        let mut para = Vec::with_capacity(toks.len());
        let mut p = 0;
        for t in &toks {
            if t.kind == TokenKind::ParaBreak {
                p += 1;
            }
            para.push(p);
        }
        let (mention_start, mention_end) = index_mentions(&toks, entities);
        let mut mention_by_text = FastMap::default();
        for (m, mention) in entities.mentions.iter().enumerate() {
            if mention.actor.is_some()
                && let Some(name) = text.get(mention.range.clone())
            {
                mention_by_text.entry(name).or_insert(m);
            }
        }
        let mut doc = Doc {
            text,
            toks,
            low,
            sent,
            sents,
            para,
            spans: Vec::new(),
            groups: Vec::new(),
            inside: Vec::new(),
            opens: FastMap::default(),
            closes: FastMap::default(),
            mention_end,
            mention_start,
            mention_by_text,
        };
        doc.pair_marks();
        doc
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// Lower-case form of token `i`, or "" past the end.
    pub fn w(&self, i: usize) -> &str {
        self.low.get(i).map_or("", |w| w)
    }

    /// True when token `i` is a word or number.
    pub fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(Token::is_wordlike)
    }

    /// True when token `i` is a line or paragraph break, or past the end.
    pub fn is_break(&self, i: usize) -> bool {
        self.toks.get(i).is_none_or(Token::is_break)
    }

    /// Byte range of tokens `r` (empty range at the right place when `r` is empty).
    pub fn bytes(&self, r: &Range<usize>) -> Range<usize> {
        if r.start >= r.end || r.start >= self.toks.len() {
            let at = self
                .toks
                .get(r.start)
                .map_or(self.text.len(), |t| t.range.start);
            return at..at;
        }
        let end = r.end.min(self.toks.len());
        self.toks[r.start].range.start..self.toks[end - 1].range.end
    }

    /// True when token `i` is a capitalised word in the original text.
    pub fn is_capitalized(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word && text::is_capitalized(t.text(self.text)))
    }

    /// True when token `i` is the first word of its sentence (after at most a few marks:
    /// "“Hails", "*Conflict").
    pub fn starts_sentence(&self, i: usize) -> bool {
        self.sents.get(self.sent[i]).is_some_and(|s| {
            s.start <= i && i - s.start <= 4 && (s.start..i).all(|t| !self.is_word(t))
        })
    }

    /// Token range of the sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> Range<usize> {
        self.sents.get(self.sent[i]).cloned().unwrap_or(i..i + 1)
    }

    /// True when token `i` is in the headline (the first paragraph).
    pub fn in_headline(&self, i: usize) -> bool {
        self.para.get(i).is_some_and(|&p| p == 0)
    }

    /// Finds the quotation spans: double marks first, then single marks outside them.
    fn pair_marks(&mut self) {
        let mut spans = pair_double(self);
        spans.extend(pair_single(self, &spans));
        spans.sort_by_key(|s| s.inner.start);
        // Link spans left open at a paragraph end with the span re-opened at the next one.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for i in 0..spans.len() {
            let continues = i > 0
                && spans[i - 1].close.is_none()
                && spans[i - 1].open.is_some()
                && spans[i].open.is_some_and(|o| {
                    o > 0
                        && self.toks[o - 1].kind == TokenKind::ParaBreak
                        && self.para[o] == self.para[spans[i - 1].inner.start] + 1
                });
            if continues {
                let g = spans[i - 1].group;
                spans[i].group = g;
                groups[g].push(i);
            } else {
                spans[i].group = groups.len();
                groups.push(vec![i]);
            }
        }
        let mut inside = vec![None; self.toks.len()];
        for (k, s) in spans.iter().enumerate() {
            // Scare quotes ('hails', "treason") do not hide the words inside them.
            let words = s
                .inner
                .clone()
                .filter(|&t| self.toks[t].is_wordlike())
                .count();
            if words >= 3 {
                for slot in &mut inside[s.inner.clone()] {
                    *slot = Some(k);
                }
            }
            if let Some(o) = s.open {
                self.opens.insert(o, k);
            }
            if let Some(c) = s.close {
                self.closes.insert(c, k);
            }
        }
        self.spans = spans;
        self.groups = groups;
        self.inside = inside;
    }
}

/// Assigns each token the sentence it starts in (breaks go with the sentence before) and
/// returns the token range of each sentence.
fn assign_sentences(toks: &[Token], sentences: &[Range<usize>]) -> (Vec<usize>, Vec<Range<usize>>) {
    let mut sent = Vec::with_capacity(toks.len());
    let mut ranges: Vec<Range<usize>> = vec![
        Range {
            start: usize::MAX,
            end: 0,
        };
        sentences.len().max(1)
    ];
    let mut s = 0;
    for (i, t) in toks.iter().enumerate() {
        while s + 1 < sentences.len() && t.range.start >= sentences[s + 1].start {
            s += 1;
        }
        sent.push(s);
        if !t.is_break() {
            let r = &mut ranges[s];
            r.start = r.start.min(i);
            r.end = r.end.max(i + 1);
        }
    }
    for r in &mut ranges {
        if r.start > r.end {
            *r = 0..0;
        }
    }
    (sent, ranges)
}

/// Maps mentions to the tokens they start and end on; the longest mention wins.
fn index_mentions(
    toks: &[Token],
    entities: &Extraction,
) -> (FastMap<usize, usize>, FastMap<usize, usize>) {
    let mut by_start: FastMap<usize, usize> = FastMap::default();
    let mut by_end: FastMap<usize, usize> = FastMap::default();
    for (m, mention) in entities.mentions.iter().enumerate() {
        let first = toks.partition_point(|t| t.range.start < mention.range.start);
        let last = toks.partition_point(|t| t.range.end <= mention.range.end);
        if first >= toks.len() || last == 0 || toks[first].range.start != mention.range.start {
            continue;
        }
        let last = last - 1;
        if toks[last].range.end != mention.range.end {
            continue;
        }
        let len = mention.range.len();
        let longer =
            |old: Option<&usize>| old.is_none_or(|&o| entities.mentions[o].range.len() < len);
        if longer(by_start.get(&first)) {
            by_start.insert(first, m);
        }
        if longer(by_end.get(&last)) {
            by_end.insert(last, m);
        }
    }
    (by_start, by_end)
}

/// True for double quotation marks.
fn is_double(s: &str) -> bool {
    matches!(s, "\"" | "“" | "”" | "„" | "«" | "»" | "″")
}

/// True for single quotation marks standing alone as tokens.
fn is_single(s: &str) -> bool {
    matches!(s, "'" | "‘" | "’" | "‹" | "›")
}

/// Whether the mark at token `i` can open and can close a quotation, judged by the
/// characters around it.
fn mark_context(doc: &Doc, i: usize) -> (bool, bool) {
    let r = &doc.toks[i].range;
    let before = doc.text[..r.start].chars().next_back();
    let after = doc.text[r.end..].chars().next();
    let can_open = before.is_none_or(|c| c.is_whitespace() || "([{—–-:/".contains(c))
        && after.is_some_and(|c| !c.is_whitespace());
    let can_close = after.is_none_or(|c| {
        c.is_whitespace() || ".,;:!?)]}—–-…".contains(c) || is_double(&c.to_string())
    }) && before.is_some_and(|c| !c.is_whitespace());
    (can_open, can_close)
}

/// True when the glyph itself opens: “ „ « ‘ ‹.
fn opening_glyph(s: &str) -> bool {
    matches!(s, "“" | "„" | "«" | "‘" | "‹")
}

/// Pairs double marks paragraph by paragraph.
fn pair_double(doc: &Doc) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut para_start = 0;
    for i in 0..doc.len() {
        let tok = &doc.toks[i];
        if tok.kind == TokenKind::ParaBreak {
            if let Some(o) = open.take() {
                spans.push(unclosed(o, i));
            }
            para_start = i + 1;
            continue;
        }
        let s = doc.w(i);
        if tok.kind != TokenKind::Punct || !is_double(s) {
            continue;
        }
        let (can_open, can_close) = mark_context(doc, i);
        let opens = match (can_open, can_close) {
            (true, false) => true,
            (false, true) => false,
            _ => open.is_none() && (opening_glyph(s) || s == "\"" || s == "″"),
        };
        match (open, opens) {
            (None, true) => open = Some(i),
            (Some(_), true) => open = Some(i), // the earlier mark was stray
            (Some(o), false) => {
                spans.push(Span {
                    open: Some(o),
                    close: Some(i),
                    inner: o + 1..i,
                    group: 0,
                });
                open = None;
            }
            (None, false) => {
                // A closing mark without an opener: the quotation runs from its sentence start.
                let start = doc.sentence_of(i).start.max(para_start);
                if start < i {
                    spans.push(Span {
                        open: None,
                        close: Some(i),
                        inner: start..i,
                        group: 0,
                    });
                }
            }
        }
    }
    if let Some(o) = open {
        spans.push(unclosed(o, doc.len()));
    }
    spans
}

/// A span opened at `o` and left open until token `end` (a paragraph break or the end).
fn unclosed(o: usize, end: usize) -> Span {
    Span {
        open: Some(o),
        close: None,
        inner: o + 1..end,
        group: 0,
    }
}

/// Pairs single marks used as quotation marks, within one paragraph and outside `doubles`.
fn pair_single(doc: &Doc, doubles: &[Span]) -> Vec<Span> {
    let covered = |i: usize| {
        doubles
            .iter()
            .any(|s| s.inner.contains(&i) || s.open == Some(i) || s.close == Some(i))
    };
    let mut spans = Vec::new();
    let mut i = 0;
    while i < doc.len() {
        let s = doc.w(i);
        if doc.toks[i].kind == TokenKind::Punct && is_single(s) && s != "’" && !covered(i) {
            let (can_open, _) = mark_context(doc, i);
            if can_open && let Some(c) = find_single_close(doc, i) {
                spans.push(Span {
                    open: Some(i),
                    close: Some(c),
                    inner: i + 1..c,
                    group: 0,
                });
                i = c + 1;
                continue;
            }
        }
        i += 1;
    }
    spans
}

/// The closing single mark for the opener at `o`, in the same paragraph.
fn find_single_close(doc: &Doc, o: usize) -> Option<usize> {
    let mut j = o + 1;
    while j < doc.len() && doc.toks[j].kind != TokenKind::ParaBreak {
        let s = doc.w(j);
        if doc.toks[j].kind == TokenKind::Punct && is_single(s) && s != "‘" {
            let (_, can_close) = mark_context(doc, j);
            if can_close && j > o + 1 {
                return Some(j);
            }
        }
        j += 1;
    }
    None
}
