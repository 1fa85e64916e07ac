//! The attribution pass: direct quotes and reported speech, each with its cue, speaker,
//! content and the chain of reporters it sits in.
//!
//! [`extract`] reads the article text (headline line, blank line, body) together with the
//! entity pass's [`Extraction`] and returns every [`Quote`]; [`record`] gives the `quotes`
//! field of the JSON record (`eval/SCHEMA.md`). Pure: no I/O, no clock.
//!
//! How it works: `doc` tokenises the text and pairs quotation marks into spans (re-opened at
//! each paragraph, unbalanced marks recovered); `cues` finds reporting cues from the word lists
//! in `assets/attribution/` and builds the construction around each (speaker phrase on either
//! side, content on either side or a quotation); this file resolves speakers (entity mentions,
//! pronouns, "…, adding that"), cuts contents at coordinated clauses and links chains.

mod cues;
mod doc;
mod lexicon;

use crate::analysis::entities::{EntityKind, Extraction};
use cues::{Cand, What, Who};
use doc::Doc;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Whether the content is quoted word for word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Inside quotation marks.
    Direct,
    /// Reported speech.
    Indirect,
}

/// Who a quote is attributed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// Byte range of the speaker as written; `None` for an unseen speaker ("…, adding that").
    pub range: Option<Range<usize>>,
    /// The speaker as written ("he", "regional military and political sources").
    pub text: String,
    /// Index into [`Extraction::actors`] when the speaker is a known actor.
    pub actor: Option<usize>,
    /// True for unnamed sources ("diplomatic sources", "officials").
    pub anonymous: bool,
    /// For a pronoun or an unseen speaker: the byte range of the phrase it stands for, when
    /// that phrase is not a known actor ("they" → "protesters").
    pub antecedent: Option<Range<usize>>,
}

/// One quote: direct or reported speech with its evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// Byte range of the whole construction (speaker, cue and content).
    pub range: Range<usize>,
    pub kind: QuoteKind,
    /// Byte range of the cue ("said", "according to", or the mark in "“…” – Name").
    pub cue: Range<usize>,
    pub cue_text: String,
    pub speaker: Speaker,
    /// Byte range of what is said (inside the marks for a direct quote).
    pub content: Range<usize>,
    /// Index of the quote this one is reported inside (chain: outlet → agency → sources).
    pub parent: Option<usize>,
}

/// One row of the record's `quotes` field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRecord {
    /// The actor's name when resolved, else the phrase as written.
    pub speaker: String,
    pub cue: String,
    pub kind: QuoteKind,
    /// The content, cut after about 25 words.
    pub text: String,
}

/// Words kept of a quote's content in its record.
const RECORD_WORDS: usize = 30;

/// Finds the quotes of `text` (headline line, blank line, body), with speakers resolved
/// against `entities`.
pub fn extract(text: &str, entities: &Extraction) -> Vec<Quote> {
    let doc = Doc::new(text, entities);
    let mut cands = cues::find(&doc, entities);
    keep_one_claim_per_group(&doc, &mut cands);
    cut_coordinated(&doc, &mut cands);
    let mut quotes: Vec<Quote> = Vec::new();
    for cand in &cands {
        let speaker = resolve(&doc, entities, cand, &quotes);
        let Some(speaker) = speaker else { continue };
        let cue = doc.bytes(&cand.cue);
        let cue_text = text[cue.clone()].to_string();
        for (content, kind) in contents(&doc, &cand.what) {
            let mut range = span_of(&[&cue, &content]);
            if let Some(r) = &speaker.range {
                range = span_of(&[&range, r]);
            }
            quotes.push(Quote {
                range,
                kind,
                cue: cue.clone(),
                cue_text: cue_text.clone(),
                speaker: speaker.clone(),
                content,
                parent: None,
            });
        }
    }
    link_chains(&mut quotes);
    quotes
}

/// The byte range covering all `ranges`.
fn span_of(ranges: &[&Range<usize>]) -> Range<usize> {
    let start = ranges.iter().map(|r| r.start).min().unwrap_or(0);
    let end = ranges.iter().map(|r| r.end).max().unwrap_or(start);
    start..end
}

/// Byte ranges and kinds of a construction's content: one per paragraph of a quotation.
fn contents(doc: &Doc, what: &What) -> Vec<(Range<usize>, QuoteKind)> {
    match what {
        What::Span(t) => vec![(trim(doc.text, doc.bytes(t)), QuoteKind::Indirect)],
        What::Group(g) => doc.groups[*g]
            .iter()
            .map(|&s| (trim(doc.text, doc.bytes(&doc.spans[s].inner)), QuoteKind::Direct))
            .filter(|(r, _)| !r.is_empty())
            .collect(),
    }
}

/// Narrows `r` past surrounding spaces, quotation marks and clause punctuation.
fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let junk = |c: char| c.is_whitespace() || ",;:\"“”„«»'‘’".contains(c);
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start_matches(junk).len();
    let trail = s.len() - s.trim_end_matches(junk).len();
    if lead + trail >= s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

/// When two cues claim one quotation, keeps the one nearest to it.
fn keep_one_claim_per_group(doc: &Doc, cands: &mut Vec<Cand>) {
    let distance = |c: &Cand| match c.what {
        What::Group(g) => {
            let spans = &doc.groups[g];
            let first = spans.first().map_or(0, |&s| doc.spans[s].inner.start);
            let last = spans.last().map_or(0, |&s| doc.spans[s].inner.end);
            Some((g, first.abs_diff(c.cue.end).min(last.abs_diff(c.cue.start))))
        }
        What::Span(_) => None,
    };
    let mut best: std::collections::HashMap<usize, (usize, usize)> = Default::default();
    for (i, c) in cands.iter().enumerate() {
        if let Some((g, d)) = distance(c) {
            let e = best.entry(g).or_insert((i, d));
            if d < e.1 {
                *e = (i, d);
            }
        }
    }
    let mut i = 0;
    cands.retain(|c| {
        let keep = distance(c).is_none_or(|(g, _)| best.get(&g).is_some_and(|b| b.0 == i));
        i += 1;
        keep
    });
}

/// Cuts a content that runs on into a coordinated clause with its own speaker
/// ("X called for …, while Y welcomed …"; "X confirmed …, Naija News reports").
fn cut_coordinated(doc: &Doc, cands: &mut [Cand]) {
    let starts: Vec<usize> = cands.iter().map(|c| clause_start(doc, c)).collect();
    for c in cands.iter_mut() {
        let What::Span(r) = &mut c.what else { continue };
        if !c.content_after {
            continue;
        }
        for &s in &starts {
            if s > r.start && s < r.end {
                let mut k = s;
                while k > r.start && matches!(doc.w(k - 1), "while" | "and" | "but" | "whereas") {
                    k -= 1;
                }
                if k > r.start && matches!(doc.w(k - 1), "," | ";" | "—" | "–") {
                    r.end = k - 1;
                }
            }
        }
    }
}

/// First token of a construction's own clause: its speaker phrase, or its cue when the speaker
/// is unseen.
fn clause_start(doc: &Doc, c: &Cand) -> usize {
    let _ = doc;
    match &c.who {
        Who::Phrase { toks, .. } if toks.end <= c.cue.start => toks.start,
        Who::Pronoun(t) if *t < c.cue.start => *t,
        _ => c.cue.start,
    }
}

/// Resolves the speaker of a construction against the entities and the quotes before it.
fn resolve(doc: &Doc, ents: &Extraction, cand: &Cand, before: &[Quote]) -> Option<Speaker> {
    match &cand.who {
        Who::Phrase { toks, mention } => {
            let range = doc.bytes(toks);
            let text = doc.text[range.clone()].to_string();
            let mut actor = mention.and_then(|m| ents.mentions[m].actor);
            let head = doc.w(toks.end - 1);
            if actor.is_none()
                && lexicon::is_in(lexicon::DOCUMENTS, head)
                && matches!(doc.w(toks.start), "the" | "this" | "that")
            {
                // "the statement said": the author of the last statement.
                actor = antecedent(doc, ents, Fit::Any, start_tok(doc, cand), before).0;
            }
            let anonymous = actor.is_none() && lexicon::LEXICON.anonymous.contains(head);
            Some(Speaker {
                range: Some(range),
                text,
                actor,
                anonymous,
                antecedent: None,
            })
        }
        Who::Pronoun(t) => {
            let range = doc.bytes(&(*t..*t + 1));
            let fit = match doc.w(*t) {
                "he" | "him" | "she" | "her" => Fit::Person,
                "it" => Fit::Body,
                _ => Fit::Group,
            };
            let (actor, antecedent) = antecedent(doc, ents, fit, start_tok(doc, cand), before);
            Some(Speaker {
                text: doc.text[range.clone()].to_string(),
                range: Some(range),
                actor,
                anonymous: false,
                antecedent,
            })
        }
        Who::Previous => {
            let cue_at = doc.bytes(&cand.cue).start;
            let sentence = doc.bytes(&doc.sentence_of(cand.cue.start));
            let prev = before
                .iter()
                .rev()
                .find(|q| q.cue.start < cue_at && q.cue.start + 400 >= sentence.start)?;
            Some(Speaker {
                range: None,
                ..prev.speaker.clone()
            })
        }
    }
}

/// First token of a construction: its cue, speaker or content, whichever comes first.
fn start_tok(doc: &Doc, cand: &Cand) -> usize {
    let content = match &cand.what {
        What::Span(r) => r.start,
        What::Group(g) => doc.groups[*g]
            .first()
            .map_or(cand.cue.start, |&s| {
                doc.spans[s].open.unwrap_or(doc.spans[s].inner.start)
            }),
    };
    let speaker = match &cand.who {
        Who::Phrase { toks, .. } => toks.start,
        Who::Pronoun(t) => *t,
        Who::Previous => cand.cue.start,
    };
    cand.cue.start.min(content).min(speaker)
}

/// What a pronoun or a definite phrase can stand for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// "he", "she".
    Person,
    /// "it".
    Body,
    /// "they".
    Group,
    /// "the statement": any actor.
    Any,
}

/// The actor (or, failing that, the phrase) that a pronoun in the construction starting at
/// token `t` stands for: the last fitting speaker of the paragraphs just before, else the
/// nearest fitting actor mentioned.
fn antecedent(
    doc: &Doc,
    ents: &Extraction,
    fit: Fit,
    t: usize,
    before: &[Quote],
) -> (Option<usize>, Option<Range<usize>>) {
    let fits = |kind: EntityKind| match fit {
        Fit::Person => kind == EntityKind::Person,
        Fit::Body | Fit::Group => kind != EntityKind::Person,
        Fit::Any => true,
    };
    let at = doc.toks[t].range.start;
    let para = doc.para[t];
    for q in before.iter().rev() {
        if q.cue.start >= at {
            continue;
        }
        let qt = doc.toks.partition_point(|tok| tok.range.start < q.cue.start);
        if doc.para.get(qt).is_some_and(|&p| p + 2 < para) {
            break;
        }
        if let Some(a) = q.speaker.actor {
            if fits(ents.actors[a].kind) {
                return (Some(a), None);
            }
        } else if fit == Fit::Group
            && let Some(r) = q.speaker.range.clone().or(q.speaker.antecedent.clone())
            && !lexicon::is_in(lexicon::PRONOUNS, &doc.text[r.clone()].to_lowercase())
        {
            return (None, Some(r));
        }
    }
    // The nearest fitting mention in this sentence, else the first in each sentence before.
    if fit == Fit::Any {
        return (None, None);
    }
    let s = doc.sent[t];
    for ss in (s.saturating_sub(3)..=s).rev() {
        let Some(range) = doc.sents.get(ss) else { continue };
        let bytes = doc.bytes(range);
        let lo = ents.mentions.partition_point(|m| m.range.start < bytes.start);
        let hi = ents.mentions.partition_point(|m| m.range.start < bytes.end.min(at));
        let candidates = ents.mentions[lo..hi]
            .iter()
            .filter(|m| fits(m.kind) && m.actor.is_some());
        let pick = if ss == s {
            candidates.last()
        } else {
            candidates.min_by_key(|m| m.range.start)
        };
        if let Some(m) = pick {
            return (m.actor, None);
        }
    }
    (None, None)
}

/// Sets each quote's parent: the innermost other quote whose content holds its cue.
fn link_chains(quotes: &mut [Quote]) {
    let parents: Vec<Option<usize>> = quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            quotes
                .iter()
                .enumerate()
                .filter(|(j, p)| {
                    *j != i
                        && p.content.start <= q.cue.start
                        && q.cue.end <= p.content.end
                        && p.content != q.content
                })
                .min_by_key(|(_, p)| p.content.len())
                .map(|(j, _)| j)
        })
        .collect();
    for (q, p) in quotes.iter_mut().zip(parents) {
        q.parent = p;
    }
}

/// The record's `quotes` field: speaker name, cue, kind and content (cut after ~25 words).
pub fn record(text: &str, quotes: &[Quote], entities: &Extraction) -> Vec<QuoteRecord> {
    quotes
        .iter()
        .map(|q| {
            let speaker = match (q.speaker.actor, &q.speaker.antecedent) {
                (Some(a), _) => entities
                    .actors
                    .get(a)
                    .map_or_else(|| q.speaker.text.clone(), |a| a.name.clone()),
                (None, Some(r)) => text.get(r.clone()).unwrap_or_default().to_string(),
                (None, None) => q.speaker.text.clone(),
            };
            let content = text.get(q.content.clone()).unwrap_or_default();
            let words: Vec<&str> = content.split_whitespace().take(RECORD_WORDS).collect();
            QuoteRecord {
                speaker,
                cue: q.cue_text.clone(),
                kind: q.kind,
                text: words.join(" "),
            }
        })
        .collect()
}
