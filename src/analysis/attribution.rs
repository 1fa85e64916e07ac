//! The attribution pass: direct quotes and reported speech, each with its cue, speaker,
//! content and the chain of reporters it sits in.
//!
//! [`extract`] reads the article text (headline line, blank line, body) together with the
//! entity pass's [`Extraction`] and returns every [`Quote`]; [`record`] gives the `quotes`
//! field of the JSON record (`eval/SCHEMA.md`). Pure: no I/O, no clock.
//!
//! How it works, as a small construction grammar: `doc` tokenises the text and pairs
//! quotation marks into spans (re-opened at each paragraph, unbalanced marks recovered).
//! `cues` finds each reporting verb of `assets/attribution/cues.tsv`, whose speech act
//! (assertive, directive, accusing, characterising, naming, committing, announcing,
//! evaluative, rebutting, source) fixes the complements it takes (that-clause, bare clause,
//! object + to-infinitive, noun phrase, object + "of"/"as", colon, quotation), and builds the
//! construction around it: the speaker on either side (a name, a head with one modifier, a
//! list kept whole, a pronoun, the subject of a coordinated or participle clause, the agent of
//! a passive) and the content. This file resolves speakers (entity mentions, pronouns, titles,
//! back-references to a first full description, documents to their issuer via `issuer`),
//! cuts contents at coordinated clauses, adds quoted sentences and listed items that continue
//! a quote, drops a report echoed inside another of the same speaker, and links chains.

mod cues;
mod doc;
#[cfg(test)]
mod grammar_tests;
mod issuer;
mod lexicon;

use crate::analysis::entities::{EntityKind, Extraction};
use crate::analysis::text::TokenKind;
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

/// How many quotes back the resolution of a speaker looks (bounds the work per article).
const LOOK_BACK: usize = 40;

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
    for cand in cands.iter().flat_map(|c| distribute(&doc, c)) {
        let cand = &cand;
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
    attach_unclaimed(&doc, &cands, &mut quotes);
    attach_list_items(&doc, &mut quotes);
    drop_echoes(text, entities, &mut quotes);
    link_chains(&mut quotes);
    quotes
}

/// "X and Y each assured him of their support": one construction per member of a list whose
/// members speak each on their own; any other construction unchanged.
fn distribute(doc: &Doc, cand: &Cand) -> Vec<Cand> {
    let Who::Phrase { toks, .. } = &cand.who else {
        return vec![cand.clone()];
    };
    if toks.len() < 4 || doc.w(toks.end - 1) != "each" {
        return vec![cand.clone()];
    }
    let mut members = Vec::new();
    let mut start = toks.start;
    for t in toks.start..toks.end {
        if matches!(doc.w(t), "and" | "," | "each") {
            if t > start {
                members.push(start..t);
            }
            start = t + 1;
        }
    }
    if members.len() < 2 {
        return vec![cand.clone()];
    }
    members
        .into_iter()
        .map(|m| Cand {
            who: Who::Phrase {
                mention: doc.mention_end.get(&(m.end - 1)).copied(),
                toks: m,
            },
            ..cand.clone()
        })
        .collect()
}

/// Quotations no cue claimed but that continue the quote before them: "“A,” X said, “B.”"
/// (B joins the quote); "“A,” X said. “B.”" or "X said A. “B.”" (B, a sentence of its own, is
/// a new quote of the same speaker and cue); and a quoted paragraph right after a paragraph
/// that ends in a direct quote (a new quote too).
fn attach_unclaimed(doc: &Doc, cands: &[Cand], quotes: &mut Vec<Quote>) {
    let claimed: Vec<usize> = cands
        .iter()
        .filter_map(|c| match c.what {
            What::Group(g) => Some(g),
            What::Span(_) => None,
        })
        .collect();
    for (g, spans) in doc.groups.iter().enumerate() {
        if claimed.contains(&g) {
            continue;
        }
        let Some(&first) = spans.first() else {
            continue;
        };
        let Some(open) = doc.spans[first].open else {
            continue;
        };
        let at = doc.toks[open].range.start;
        let Some(prev) = quotes.iter().rposition(|q| q.range.end <= at) else {
            continue;
        };
        let p = &quotes[prev];
        let prev_tok = doc
            .toks
            .partition_point(|t| t.range.start < p.range.end.saturating_sub(1));
        let gap_words = (prev_tok..open).any(|t| doc.is_word(t));
        let same_para = doc.para.get(prev_tok) == Some(&doc.para[open]);
        let next_para = doc
            .para
            .get(prev_tok)
            .is_some_and(|&q| q + 1 == doc.para[open]);
        let parts = contents(doc, &What::Group(g));
        let new_sentence = (prev_tok..open).any(|t| matches!(doc.w(t), "." | "!" | "?"));
        if same_para && !gap_words && new_sentence {
            push_like(quotes, prev, parts);
        } else if same_para && !gap_words {
            let end = parts.first().map_or(p.content.end, |(r, _)| r.end);
            quotes[prev].content.end = end;
            quotes[prev].range.end = quotes[prev].range.end.max(end);
            let rest: Vec<_> = parts.into_iter().skip(1).collect();
            push_like(quotes, prev, rest);
        } else if next_para && !gap_words && p.kind == QuoteKind::Direct {
            push_like(quotes, prev, parts);
        }
    }
    quotes.sort_by_key(|q| q.content.start);
}

/// A statement quoted after a colon over several paragraphs: "The document states: … 1.
/// Express …; 2. Condemn …". Each numbered or bulleted paragraph after a quote that ends in a
/// colon (or after an item already attached) is a quote of the same speaker and cue.
fn attach_list_items(doc: &Doc, quotes: &mut Vec<Quote>) {
    let mut paras: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for t in 0..=doc.len() {
        if t == doc.len() || doc.toks[t].kind == TokenKind::ParaBreak {
            if t > start {
                paras.push(start..t);
            }
            start = t + 1;
        }
    }
    // The quote the previous paragraph ended inside or after, when it ended in a colon.
    let mut open: Option<usize> = None;
    for p in &paras {
        let marker = list_marker(doc, p);
        let bytes = doc.bytes(p);
        let covered = || {
            quotes.iter().rev().take(LOOK_BACK).any(|q| {
                q.content.start <= bytes.start && bytes.end <= q.content.end.max(bytes.start)
            })
        };
        match (marker, open) {
            (Some(m), Some(like)) if !covered() => {
                let content = doc.bytes(&(p.start + m..p.end));
                let content = trim(doc.text, content);
                if !content.is_empty() {
                    push_like(quotes, like, vec![(content, QuoteKind::Direct)]);
                }
            }
            (Some(_), Some(_)) => {}
            _ => {
                let ends_in_colon = (p.start..p.end)
                    .rev()
                    .find(|&t| !matches!(doc.w(t), "\"" | "“" | "”" | "'" | "’"))
                    .is_some_and(|t| doc.w(t) == ":");
                open = ends_in_colon
                    .then(|| {
                        quotes
                            .iter()
                            .rposition(|q| q.range.start < bytes.end && q.range.end > bytes.start)
                    })
                    .flatten();
            }
        }
    }
    quotes.sort_by_key(|q| q.content.start);
}

/// The number of tokens of a list marker opening paragraph `p` ("1.", "2)", "•", "-"), if any.
fn list_marker(doc: &Doc, p: &Range<usize>) -> Option<usize> {
    let first = doc.toks.get(p.start)?;
    if first.kind == TokenKind::Number && matches!(doc.w(p.start + 1), "." | ")") {
        return Some(2);
    }
    (first.kind == TokenKind::Punct && matches!(doc.w(p.start), "•" | "*" | "-" | "–" | "·"))
        .then_some(1)
}

/// Adds direct quotes with the speaker and cue of quote `like`.
fn push_like(quotes: &mut Vec<Quote>, like: usize, parts: Vec<(Range<usize>, QuoteKind)>) {
    let model = quotes[like].clone();
    for (content, kind) in parts {
        quotes.push(Quote {
            range: content.clone(),
            kind,
            content,
            parent: None,
            speaker: Speaker {
                range: None,
                ..model.speaker.clone()
            },
            ..model.clone()
        });
    }
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
            .map(|&s| {
                (
                    trim(doc.text, doc.bytes(&doc.spans[s].inner)),
                    QuoteKind::Direct,
                )
            })
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

/// When two cues claim one quotation, keeps the one nearest to it (a relaying source, "as
/// quoted by Reuters", keeps its own claim).
fn keep_one_claim_per_group(doc: &Doc, cands: &mut Vec<Cand>) {
    let distance = |c: &Cand| match c.what {
        What::Group(_) if c.relay => None,
        What::Group(g) => {
            let spans = &doc.groups[g];
            let first = spans.first().map_or(0, |&s| doc.spans[s].inner.start);
            let last = spans.last().map_or(0, |&s| doc.spans[s].inner.end);
            Some((g, first.abs_diff(c.cue.end).min(last.abs_diff(c.cue.start))))
        }
        What::Span(_) => None,
    };
    let mut best: crate::analysis::gazetteer::FastMap<usize, (usize, usize)> = Default::default();
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
/// ("X called for …, while Y welcomed …"; "X confirmed …, Naija News reports") or into a
/// coordinated cue of the same speaker ("X praised the coup and offered …").
fn cut_coordinated(doc: &Doc, cands: &mut [Cand]) {
    // Each construction's clause start, whether it continues the subject before ("and
    // urged …"), and whether its cue has a complement of its own ("and stated that …").
    let starts: Vec<(usize, bool, bool)> = cands
        .iter()
        .map(|c| {
            let own =
                matches!(doc.w(c.cue.end), "that" | ":") || doc.opens.contains_key(&c.cue.end);
            (clause_start(c), matches!(c.who, Who::Previous { .. }), own)
        })
        .collect();
    for c in cands.iter_mut() {
        let What::Span(r) = &mut c.what else { continue };
        if !c.content_after {
            continue;
        }
        for &(s, coordinated, own) in &starts {
            if s > r.start && s < r.end {
                let mut k = s;
                // "… and has urged", "… and also called for"
                while k > r.start && lexicon::is_in(lexicon::AUXILIARIES, doc.w(k - 1)) {
                    k -= 1;
                }
                let verb_at = k;
                while k > r.start
                    && matches!(doc.w(k - 1), "while" | "and" | "but" | "whereas" | "with")
                {
                    k -= 1;
                }
                let inside = is_clause(doc, r.start..k) && !own;
                if k > r.start && matches!(doc.w(k - 1), "," | ";" | "—" | "–") {
                    r.end = k - 1;
                } else if coordinated && k < verb_at && k > r.start && !inside {
                    r.end = k;
                }
            }
        }
    }
}

/// True when tokens `r` read as a clause whose verb a past form after it can continue (a
/// subject pronoun first, or a perfect "had"): a verb coordinated after it belongs inside it
/// ("said he had called Y and pledged …").
fn is_clause(doc: &Doc, r: Range<usize>) -> bool {
    matches!(
        doc.w(r.start),
        "he" | "she" | "it" | "they" | "we" | "i" | "you"
    ) || r
        .into_iter()
        .any(|t| matches!(doc.w(t), "had" | "has" | "have"))
}

/// For "a Nigerien Foreign Ministry statement" / "the Kremlin's statement": the author's
/// words ("Nigerien Foreign Ministry") and the mention ending them; other phrases unchanged.
fn author_of_document(
    doc: &Doc,
    toks: &Range<usize>,
    mention: Option<usize>,
) -> (Range<usize>, Option<usize>) {
    let mut start = toks.start;
    while start < toks.end && lexicon::is_in(lexicon::DETERMINERS, doc.w(start)) {
        start += 1;
    }
    let mut end = toks.end;
    if end <= start + 1 || !lexicon::is_document(doc.w(end - 1)) {
        return (toks.clone(), mention);
    }
    end -= 1;
    if doc.toks[end - 1].kind == crate::analysis::text::TokenKind::Possessive {
        end -= 1;
    }
    let author = doc.mention_end.get(&(end - 1)).copied();
    if end <= start || !doc.is_capitalized(end - 1) {
        return (toks.clone(), mention);
    }
    (start..end, author)
}

/// For a short definite phrase ("the official", "the same source", "the two governments",
/// "the Charter"), the
/// speaker of an earlier quote described in full with the same head noun ("a senior official
/// familiar with the talks"): the first such description, as a pronoun resolves to its
/// antecedent.
fn back_reference(doc: &Doc, toks: &Range<usize>, at: usize, before: &[Quote]) -> Option<Speaker> {
    // "the official", "the same source", "the two military governments"
    if !matches!(
        doc.w(toks.start),
        "the" | "this" | "that" | "these" | "those"
    ) || toks.len() > 4
        || (toks.start + 1..toks.end)
            .any(|t| !doc.is_word(t) || doc.is_capitalized(t) && t + 1 < toks.end)
    {
        return None;
    }
    let head = doc.w(toks.end - 1);
    let singular = |w: &str| w.strip_suffix('s').unwrap_or(w).to_string();
    let head = singular(head);
    let short = doc.bytes(toks).len();
    // The earliest match among the last quotes (a bounded look-back).
    before
        .iter()
        .rev()
        .take(LOOK_BACK)
        .filter(|q| q.cue.start < at)
        .rfind(|q| {
            let Some(r) = q.speaker.range.clone() else {
                return false;
            };
            let phrase = doc.text[r.clone()].to_lowercase();
            // The head is the noun before a modifier ("official familiar with …") or last.
            let words: Vec<&str> = phrase.split(' ').collect();
            let head_at = words
                .iter()
                .position(|w| {
                    matches!(
                        *w,
                        "of" | "in" | "at" | "from" | "for" | "close" | "familiar" | "who" | "with"
                    ) || (w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing")))
                })
                .filter(|&p| p > 0)
                .map_or(words.len().saturating_sub(1), |p| p - 1);
            r.len() > short && words.get(head_at).is_some_and(|w| singular(w) == head)
        })
        .map(|q| Speaker {
            range: None,
            antecedent: q.speaker.antecedent.clone().or(q.speaker.range.clone()),
            ..q.speaker.clone()
        })
}

/// The speaker standing behind a document phrase ("the resolution", "its statement", "a joint
/// statement"): the owner a possessive names, else the issuer where the document was
/// introduced, else for "the statement" (not a legal text) the last speaker before it. `None`
/// when none is found: a legal text with no issuer keeps its own name.
fn document_issuer(
    doc: &Doc,
    ents: &Extraction,
    cand: &Cand,
    toks: &Range<usize>,
    before: &[Quote],
) -> Option<Speaker> {
    let at = start_tok(doc, cand);
    let unseen = |actor: Option<usize>, antecedent: Option<Range<usize>>| {
        (actor.is_some() || antecedent.is_some()).then_some(Speaker {
            range: None,
            text: String::new(),
            actor,
            anonymous: false,
            antecedent,
        })
    };
    // "its statement", "their joint declaration"
    if let Some(p) = toks
        .clone()
        .find(|&t| matches!(doc.w(t), "its" | "their" | "his" | "her"))
    {
        let fit = match doc.w(p) {
            "his" | "her" => Fit::Person,
            "its" => Fit::Body,
            _ => Fit::Group,
        };
        let (actor, phrase) = antecedent(doc, ents, fit, at, before);
        return unseen(actor, phrase);
    }
    if let Some(who) = issuer::issuer(doc, ents, toks.end - 1) {
        let issued = Cand {
            who,
            ..cand.clone()
        };
        let s = resolve(doc, ents, &issued, before)?;
        let phrase = s.antecedent.clone().or_else(|| s.range.clone());
        return unseen(s.actor, s.actor.is_none().then_some(phrase).flatten());
    }
    let noun = doc.w(toks.end - 1);
    let legal = lexicon::LEXICON
        .legal
        .contains(noun.strip_suffix('s').unwrap_or(noun))
        || lexicon::LEXICON.legal.contains(noun);
    if !legal && matches!(doc.w(toks.start), "the" | "this" | "that") {
        // "the statement said": the author of the last statement, in the paragraphs just
        // before.
        let from = doc.toks[at].range.start;
        let last = before
            .iter()
            .rev()
            .take(LOOK_BACK)
            .filter(|q| q.cue.start < from)
            .take_while(|q| {
                let qt = doc
                    .toks
                    .partition_point(|tok| tok.range.start < q.cue.start);
                doc.para.get(qt).is_some_and(|&p| p + 2 >= doc.para[at])
            })
            .find(|q| {
                q.speaker.actor.is_some()
                    || q.speaker.range.as_ref().is_some_and(|r| {
                        let phrase = doc.text[r.clone()].to_lowercase();
                        let last = phrase.rsplit(' ').next().unwrap_or_default();
                        !lexicon::is_in(lexicon::PRONOUNS, &phrase) && !lexicon::is_document(last)
                    })
            })?;
        let phrase = last
            .speaker
            .antecedent
            .clone()
            .or(last.speaker.range.clone());
        return unseen(
            last.speaker.actor,
            last.speaker.actor.is_none().then_some(phrase).flatten(),
        );
    }
    None
}

/// Heads of definite phrases that name one person by office ("the general said").
const PERSON_TITLES: &[&str] = &[
    "general",
    "president",
    "leader",
    "head",
    "minister",
    "colonel",
    "commander",
    "chairman",
    "spokesman",
    "spokeswoman",
    "envoy",
    "ambassador",
];

/// The person mentioned most often before byte `at` (the article's protagonist), the earliest
/// on a tie.
fn most_mentioned_person(ents: &Extraction, at: usize) -> Option<usize> {
    ents.actors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == EntityKind::Person)
        .map(|(i, a)| {
            let seen = a
                .mentions
                .iter()
                .filter(|&&m| ents.mentions.get(m).is_some_and(|m| m.range.start < at))
                .count();
            (seen, std::cmp::Reverse(i))
        })
        .filter(|(seen, _)| *seen > 0)
        .max()
        .map(|(_, std::cmp::Reverse(i))| i)
}

/// The person actor whose role ends in `head` ("general", "president") and who was mentioned
/// last before byte `at`.
fn by_role(ents: &Extraction, head: &str, at: usize) -> Option<usize> {
    ents.actors
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.kind == EntityKind::Person
                && a.roles.iter().any(|r| {
                    r.rsplit(' ')
                        .next()
                        .is_some_and(|w| w.trim_end_matches('.').eq_ignore_ascii_case(head))
                })
        })
        .filter_map(|(i, a)| {
            let last = a
                .mentions
                .iter()
                .filter_map(|&m| ents.mentions.get(m))
                .map(|m| m.range.start)
                .filter(|&s| s < at)
                .max()?;
            Some((last, i))
        })
        .max()
        .map(|(_, i)| i)
}

/// First token of a construction's own clause: its speaker phrase, or its cue when the speaker
/// is unseen.
fn clause_start(c: &Cand) -> usize {
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
            let (toks, mention) = &author_of_document(doc, toks, *mention);
            let range = doc.bytes(toks);
            let text = doc.text[range.clone()].to_string();
            let mut actor = mention.and_then(|m| ents.mentions[m].actor);
            let head = doc.w(toks.end - 1);
            // "the head of Niger's junta": the role is the noun before "of".
            let role = toks
                .clone()
                .find(|&t| doc.w(t) == "of" && t > toks.start)
                .map_or(head, |t| doc.w(t - 1));
            // "the resolution calls for …", "a communique read out": its issuer speaks.
            let document = (toks.start..toks.end)
                .rev()
                .find(|&t| lexicon::is_document(doc.w(t)));
            if actor.is_none()
                && mention.is_none()
                && let Some(noun) = document
                && let Some(found) =
                    document_issuer(doc, ents, cand, &(toks.start..noun + 1), before)
            {
                return Some(Speaker {
                    range: Some(range),
                    text,
                    ..found
                });
            }
            // A title alone in a headline ("…: president") is a definite description too.
            let headline_title = doc.in_headline(toks.start) && toks.len() == 1;
            if actor.is_none() && (matches!(doc.w(toks.start), "the" | "this") || headline_title) {
                // "the general said": the person last mentioned with that role.
                // A bare title ("the general") is the article's protagonist with it; "the
                // head of the junta" only someone given that role.
                let bare = role == head;
                actor = by_role(ents, role, range.start).or_else(|| {
                    (bare && lexicon::is_in(PERSON_TITLES, role))
                        .then(|| most_mentioned_person(ents, range.start))
                        .flatten()
                });
            }
            if actor.is_none()
                && let Some(first) = back_reference(doc, toks, range.start, before)
            {
                // "The same source said": the source first described in full.
                return Some(Speaker {
                    range: Some(range),
                    text,
                    ..first
                });
            }
            // "officials at Burma Camp": the head comes before where they are
            let placed = (toks.start + 1..toks.end)
                .find(|&t| {
                    matches!(doc.w(t), "at" | "in" | "from") && cues::placed_head(doc.w(t - 1))
                })
                .map(|t| doc.w(t - 1));
            let anonymous = actor.is_none()
                && (lexicon::LEXICON.anonymous.contains(head)
                    || placed.is_some_and(|h| lexicon::LEXICON.anonymous.contains(h)));
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
        Who::Previous { subject } => {
            let cue_at = doc.bytes(&cand.cue).start;
            let sentence = doc.bytes(&doc.sentence_of(cand.cue.start));
            let prev = before
                .iter()
                .rev()
                .find(|q| q.cue.start < cue_at && q.cue.start >= sentence.start);
            if let Some(prev) = prev {
                return Some(Speaker {
                    range: None,
                    ..prev.speaker.clone()
                });
            }
            let (toks, mention) = subject.clone()?;
            // "They also agreed to … and called on …": the pronoun subject is resolved.
            let who = if toks.len() == 1 && lexicon::is_in(lexicon::PRONOUNS, doc.w(toks.start)) {
                Who::Pronoun(toks.start)
            } else {
                Who::Phrase { toks, mention }
            };
            let phrase = Cand {
                who,
                ..cand.clone()
            };
            resolve(doc, ents, &phrase, before)
        }
    }
}

/// First token of a construction: its cue, speaker or content, whichever comes first.
fn start_tok(doc: &Doc, cand: &Cand) -> usize {
    let content = match &cand.what {
        What::Span(r) => r.start,
        What::Group(g) => doc.groups[*g].first().map_or(cand.cue.start, |&s| {
            doc.spans[s].open.unwrap_or(doc.spans[s].inner.start)
        }),
    };
    let speaker = match &cand.who {
        Who::Phrase { toks, .. } => toks.start,
        Who::Pronoun(t) => *t,
        Who::Previous { .. } => cand.cue.start,
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
    // "X resolved to: Reaffirm that it condemns …": a pronoun inside what a speaker says
    // stands for that speaker, when it fits.
    let at = doc.toks[t].range.start;
    if let Some(q) = before
        .iter()
        .rev()
        .take(LOOK_BACK)
        .find(|q| q.content.start <= at && at < q.content.end)
    {
        match q.speaker.actor {
            Some(a) if (ents.actors[a].kind == EntityKind::Person) == (fit == Fit::Person) => {
                return (Some(a), None);
            }
            None if fit != Fit::Person && fit != Fit::Any => {
                let phrase = q.speaker.antecedent.clone().or(q.speaker.range.clone());
                if phrase.is_some() {
                    return (None, phrase);
                }
            }
            _ => {}
        }
    }
    // "Guyana's government says …, and its statement said": the speaker just before in the
    // sentence, whatever its kind, when it is not a person for "it" or one for "he".
    let sentence = doc.bytes(&doc.sentence_of(t));
    if fit != Fit::Any
        && let Some(q) = before
            .iter()
            .rev()
            .take(LOOK_BACK)
            .find(|q| q.cue.start < at && q.cue.start >= sentence.start)
    {
        match q.speaker.actor {
            Some(a) if (ents.actors[a].kind == EntityKind::Person) == (fit == Fit::Person) => {
                return (Some(a), None);
            }
            None if fit != Fit::Person => {
                let phrase = q.speaker.antecedent.clone().or(q.speaker.range.clone());
                if let Some(r) = phrase
                    && !lexicon::is_in(lexicon::PRONOUNS, &doc.text[r.clone()].to_lowercase())
                {
                    return (None, Some(r));
                }
            }
            _ => {}
        }
    }
    // Bodies are preferred to places for "it" and "they"; places are the fallback.
    for lenient in [false, true] {
        let fits = |kind: EntityKind| match fit {
            Fit::Person => kind == EntityKind::Person,
            Fit::Body | Fit::Group => {
                kind == EntityKind::Org || (lenient && kind == EntityKind::Loc)
            }
            Fit::Any => true,
        };
        if let Some(found) = antecedent_with(doc, ents, fit, &fits, t, before) {
            return found;
        }
        if fit == Fit::Person || fit == Fit::Any {
            break;
        }
    }
    (None, None)
}

/// [`antecedent`] with one test of entity kinds: the last fitting speaker of the paragraphs
/// just before, else the nearest fitting mention.
fn antecedent_with(
    doc: &Doc,
    ents: &Extraction,
    fit: Fit,
    fits: &dyn Fn(EntityKind) -> bool,
    t: usize,
    before: &[Quote],
) -> Option<(Option<usize>, Option<Range<usize>>)> {
    let at = doc.toks[t].range.start;
    let para = doc.para[t];
    for q in before.iter().rev() {
        if q.cue.start >= at {
            continue;
        }
        let qt = doc
            .toks
            .partition_point(|tok| tok.range.start < q.cue.start);
        if doc.para.get(qt).is_some_and(|&p| p + 2 < para) {
            break;
        }
        if let Some(a) = q.speaker.actor {
            if fits(ents.actors[a].kind) {
                return Some((Some(a), None));
            }
        } else if let Some(r) = q.speaker.range.clone().or(q.speaker.antecedent.clone())
            && !lexicon::is_in(lexicon::PRONOUNS, &doc.text[r.clone()].to_lowercase())
        {
            // "The head of the junta said … he warned": a person named by office.
            let head = doc.text[r.clone()]
                .rsplit(' ')
                .next()
                .unwrap_or_default()
                .to_lowercase();
            let office = doc.text[r.clone()]
                .split(' ')
                .any(|w| lexicon::is_in(PERSON_TITLES, &w.to_lowercase()));
            let one_person = office && !head.ends_with('s');
            if fit == Fit::Group || (fit == Fit::Person && one_person) {
                return Some((None, Some(r)));
            }
        }
    }
    if fit == Fit::Any {
        return None;
    }
    // The nearest fitting mention in this sentence, else the first in each sentence before.
    let s = doc.sent[t];
    for ss in (s.saturating_sub(3)..=s).rev() {
        let Some(range) = doc.sents.get(ss) else {
            continue;
        };
        let bytes = doc.bytes(range);
        let lo = ents
            .mentions
            .partition_point(|m| m.range.start < bytes.start);
        let hi = ents
            .mentions
            .partition_point(|m| m.range.start < bytes.end.min(at));
        let mut candidates = ents.mentions[lo..hi]
            .iter()
            .filter(|m| fits(m.kind) && (m.actor.is_some() || fit != Fit::Person));
        let pick = if ss == s {
            candidates.next_back()
        } else {
            candidates.min_by_key(|m| m.range.start)
        };
        if let Some(m) = pick {
            return Some((m.actor, m.actor.is_none().then(|| m.range.clone())));
        }
    }
    None
}

/// Sets each quote's parent: the innermost other quote near it whose content holds its cue.
fn link_chains(quotes: &mut [Quote]) {
    let parents: Vec<Option<usize>> = quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            // Quotes are in text order: a parent is among the few around its child.
            quotes
                .iter()
                .enumerate()
                .skip(i.saturating_sub(LOOK_BACK))
                .take(2 * LOOK_BACK)
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

/// The speaker's actor name when resolved, else the phrase it stands for, else as written.
fn speaker_name(text: &str, speaker: &Speaker, entities: &Extraction) -> String {
    match (speaker.actor, &speaker.antecedent) {
        (Some(a), _) => entities
            .actors
            .get(a)
            .map_or_else(|| speaker.text.clone(), |a| a.name.clone()),
        (None, Some(r)) => text.get(r.clone()).unwrap_or_default().to_string(),
        (None, None) => speaker.text.clone(),
    }
}

/// Drops a quote reported inside another quote of the same speaker ("According to the
/// rebels, they have pledged …" is one report, not two).
fn drop_echoes(text: &str, entities: &Extraction, quotes: &mut Vec<Quote>) {
    let names: Vec<String> = quotes
        .iter()
        .map(|q| speaker_name(text, &q.speaker, entities).to_lowercase())
        .collect();
    // Quotes are in text order, so a quote holding another is among the few around it.
    let echo: Vec<bool> = quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let from = i.saturating_sub(LOOK_BACK);
            let near = quotes.iter().enumerate().skip(from).take(2 * LOOK_BACK);
            near.into_iter().any(|(j, p)| {
                j != i
                    && p.content.start <= q.range.start
                    && q.range.end <= p.content.end
                    && p.content != q.content
                    && names[i] == names[j]
            })
        })
        .collect();
    let mut k = 0;
    quotes.retain(|_| {
        k += 1;
        !echo[k - 1]
    });
}

/// The record's `quotes` field: speaker name, cue, kind and content (cut after ~25 words).
pub fn record(text: &str, quotes: &[Quote], entities: &Extraction) -> Vec<QuoteRecord> {
    quotes
        .iter()
        .map(|q| {
            let speaker = speaker_name(text, &q.speaker, entities);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::entities;
    use crate::analysis::gazetteer::Gazetteer;

    /// Runs both passes on `text` and returns the quotes with their records.
    fn run(text: &str) -> (Vec<Quote>, Vec<QuoteRecord>) {
        let ents = entities::extract(text, Gazetteer::builtin());
        let quotes = extract(text, &ents);
        let records = record(text, &quotes, &ents);
        (quotes, records)
    }

    /// The record whose content contains `needle`.
    fn find<'a>(records: &'a [QuoteRecord], needle: &str) -> Option<&'a QuoteRecord> {
        records.iter().find(|r| r.text.contains(needle))
    }

    #[test]
    fn curly_direct_quote_then_named_speaker() {
        let (q, r) = run("Talks\n\n“We will not give up the port,” Lena Varga said on Monday.");
        let rec = find(&r, "give up the port").expect("quote found");
        assert_eq!(rec.speaker, "Lena Varga");
        assert_eq!(rec.kind, QuoteKind::Direct);
        assert_eq!(rec.cue, "said");
        assert_eq!(q.len(), 1);
    }

    #[test]
    fn straight_quotes_with_inverted_speaker() {
        let (_, r) = run("Talks\n\n\"The border stays closed for now,\" said Omar Diallo.");
        let rec = find(&r, "border stays closed").expect("quote found");
        assert_eq!(rec.speaker, "Omar Diallo");
        assert_eq!(rec.kind, QuoteKind::Direct);
    }

    #[test]
    fn single_marks_used_as_quotes() {
        let (_, r) =
            run("Talks\n\n‘The harbour will reopen next week,’ Lena Varga told reporters.");
        let rec = find(&r, "harbour will reopen").expect("quote found");
        assert_eq!(rec.speaker, "Lena Varga");
        assert_eq!(rec.kind, QuoteKind::Direct);
    }

    #[test]
    fn quote_introduced_by_a_colon() {
        let (_, r) = run("Talks\n\nLena Varga said: “The harbour stays open to every ship.”");
        let rec = find(&r, "harbour stays open").expect("quote found");
        assert_eq!(rec.speaker, "Lena Varga");
        assert_eq!(rec.kind, QuoteKind::Direct);
    }

    #[test]
    fn quote_followed_by_dash_and_name() {
        let (_, r) = run(
            "Talks\n\nThe council met.\n\n“Peace is the only road for our people.” – Omar Diallo",
        );
        let rec = find(&r, "only road").expect("quote found");
        assert_eq!(rec.speaker, "Omar Diallo");
    }

    #[test]
    fn quote_spanning_paragraphs_is_reopened_and_attributed() {
        let text = "Talks\n\nLena Varga spoke in Accra.\n\n“The first phase starts in May.\n\n\
                    “The second phase follows in June,” she said.";
        let (q, r) = run(text);
        let first = find(&r, "first phase").expect("first paragraph");
        let second = find(&r, "second phase").expect("second paragraph");
        assert_eq!(first.speaker, "Lena Varga");
        assert_eq!(second.speaker, "Lena Varga");
        assert!(q.iter().all(|q| q.kind == QuoteKind::Direct));
    }

    #[test]
    fn unbalanced_marks_do_not_fail_the_article() {
        let text = "Talks\n\n“The talks will go on, Lena Varga said.\n\n\
                    Omar Diallo said the convoy left Accra on Friday.\n\nA stray ” mark.";
        let (q, r) = run(text);
        for quote in &q {
            assert!(quote.content.end <= text.len() && quote.content.start <= quote.content.end);
        }
        let rec = find(&r, "convoy left Accra").expect("later quote still found");
        assert_eq!(rec.speaker, "Omar Diallo");
    }

    #[test]
    fn said_that_clause() {
        let (q, r) = run("Talks\n\nOmar Diallo said that the convoy had reached the border.");
        let rec = find(&r, "convoy had reached").expect("quote found");
        assert_eq!(rec.speaker, "Omar Diallo");
        assert_eq!(rec.kind, QuoteKind::Indirect);
        assert_eq!(
            &"Talks\n\nOmar Diallo said that the convoy had reached the border."[q[0].cue.clone()],
            "said"
        );
    }

    #[test]
    fn content_before_named_speaker() {
        let (_, r) = run("Talks\n\nThe convoy had reached the border, Omar Diallo said.");
        assert_eq!(
            find(&r, "convoy had reached").map(|r| r.speaker.as_str()),
            Some("Omar Diallo")
        );
    }

    #[test]
    fn content_before_inverted_speaker() {
        let (_, r) = run("Talks\n\nThe convoy had reached the border, said Omar Diallo.");
        assert_eq!(
            find(&r, "convoy had reached").map(|r| r.speaker.as_str()),
            Some("Omar Diallo")
        );
    }

    #[test]
    fn according_to_before_and_after() {
        let (_, r) = run(
            "Talks\n\nAccording to Omar Diallo, the convoy left at dawn. \
             The fuel ran out twice, according to Lena Varga.",
        );
        let a = find(&r, "convoy left at dawn").expect("first");
        assert_eq!(
            (a.speaker.as_str(), a.cue.as_str()),
            ("Omar Diallo", "According to")
        );
        let b = find(&r, "fuel ran out").expect("second");
        assert_eq!(b.speaker, "Lena Varga");
    }

    #[test]
    fn told_reporters_on_a_day_that() {
        let (_, r) =
            run("Talks\n\nLena Varga told reporters on Tuesday that the harbour would reopen.");
        let rec = find(&r, "harbour would reopen").expect("quote found");
        assert_eq!(
            (rec.speaker.as_str(), rec.cue.as_str()),
            ("Lena Varga", "told")
        );
    }

    #[test]
    fn in_a_statement_speaker_said() {
        let (_, r) = run("Talks\n\nIn a statement, ECOWAS said the summit would be held in Abuja.");
        let rec = find(&r, "summit would be held").expect("quote found");
        assert_eq!(rec.speaker, "ECOWAS");
    }

    #[test]
    fn outlet_reports_and_understands() {
        let (_, r) = run(
            "Talks\n\nThe convoy left Accra on Friday, Naija News reports. \
             Naija News understands that the drivers were paid.",
        );
        assert_eq!(
            find(&r, "convoy left Accra").map(|r| r.speaker.as_str()),
            Some("Naija News")
        );
        let u = find(&r, "drivers were paid").expect("understands");
        assert_eq!(
            (u.speaker.as_str(), u.cue.as_str()),
            ("Naija News", "understands")
        );
    }

    #[test]
    fn pronoun_speaker_resolves_to_the_last_fitting_actor() {
        let (q, r) = run("Talks\n\nLena Varga met ECOWAS officials in Accra. \
             According to her, the talks went well.");
        let rec = find(&r, "talks went well").expect("quote found");
        assert_eq!(rec.speaker, "Lena Varga");
        let quote = q
            .iter()
            .find(|q| q.cue_text == "According to")
            .expect("quote");
        assert_eq!(quote.speaker.text, "her");
        assert!(quote.speaker.actor.is_some());
    }

    #[test]
    fn he_after_a_quote_keeps_the_speaker_over_other_names() {
        let (_, r) = run("Talks\n\nOmar Diallo said he had spoken to Ivan Petrov. \
             He stressed that the deal was close.");
        assert_eq!(
            find(&r, "deal was close").map(|r| r.speaker.as_str()),
            Some("Omar Diallo")
        );
    }

    #[test]
    fn nominal_speaker_resolves_through_the_entity_pass() {
        let (_, r) = run("Talks\n\nRussia's President Ivan Petrov called on Monday. \
             The Russian leader said the call had been useful.");
        assert_eq!(
            find(&r, "call had been useful").map(|r| r.speaker.as_str()),
            Some("Ivan Petrov")
        );
    }

    #[test]
    fn unnamed_sources_are_kept_as_written_and_flagged() {
        let (q, r) =
            run("Talks\n\nSenior diplomatic sources said the talks would resume on Monday.");
        let rec = find(&r, "talks would resume").expect("quote found");
        assert_eq!(rec.speaker, "Senior diplomatic sources");
        assert!(q.iter().any(|q| q.speaker.anonymous));
    }

    #[test]
    fn chain_links_outlet_agency_and_sources() {
        let text = "Talks\n\nRadio Sahel reports that AFP said regional sources revealed the talks \
                    would resume in Accra.";
        let (q, _) = run(text);
        let by_cue = |cue: &str| q.iter().position(|q| q.cue_text == cue);
        let (reports, said, revealed) = (by_cue("reports"), by_cue("said"), by_cue("revealed"));
        assert!(
            reports.is_some() && said.is_some() && revealed.is_some(),
            "{q:?}"
        );
        assert_eq!(q[said.unwrap_or(0)].parent, reports);
        assert_eq!(q[revealed.unwrap_or(0)].parent, said);
        assert!(q[revealed.unwrap_or(0)].speaker.anonymous);
    }

    #[test]
    fn passive_and_adjectival_uses_are_not_quotes() {
        let (q, _) =
            run("Talks\n\nIt was feared the talks would fail. The said meeting was short.");
        assert!(q.is_empty(), "{q:?}");
    }

    #[test]
    fn what_was_not_said_is_not_a_quote() {
        let (q, _) = run(
            "Talks\n\nGhana has not said publicly how many soldiers it would commit. \
             The minister would never say whether troops were ready.",
        );
        assert!(q.is_empty(), "{q:?}");
        // The negation of what was said stays inside the quote.
        let (_, r) = run("Talks\n\nLena Varga said the port would not close.");
        assert_eq!(
            find(&r, "port would not close").map(|r| r.speaker.as_str()),
            Some("Lena Varga")
        );
    }

    #[test]
    fn officials_at_a_place_are_the_speakers_not_the_place() {
        let (q, r) =
            run("Talks\n\nOfficials at Burma Camp confirmed that delegations had begun arriving.");
        let rec = find(&r, "delegations had begun arriving").expect("quote found");
        assert_eq!(rec.speaker, "Officials at Burma Camp");
        assert!(q[0].speaker.anonymous, "{q:?}");
    }

    #[test]
    fn headline_with_speech_verb_and_tag() {
        let (_, r) =
            run("Omar Diallo warns of longer queues at the border\n\nOmar Diallo spoke in Accra.");
        assert_eq!(
            find(&r, "longer queues").map(|r| r.speaker.as_str()),
            Some("Omar Diallo")
        );
        let (_, r) = run("Every road stays open – ECOWAS\n\nECOWAS met in Abuja.");
        assert_eq!(
            find(&r, "Every road").map(|r| r.speaker.as_str()),
            Some("ECOWAS")
        );
    }

    #[test]
    fn adding_continues_the_speaker() {
        let (_, r) =
            run("Talks\n\nOmar Diallo said the port was calm, adding that ships were waiting.");
        assert_eq!(
            find(&r, "ships were waiting").map(|r| r.speaker.as_str()),
            Some("Omar Diallo")
        );
        assert!(find(&r, "port was calm").is_some_and(|r| !r.text.contains("ships")));
    }

    #[test]
    fn leaders_of_a_named_body_speak_for_it() {
        let (_, r) = run("Talks\n\nLeaders of ECOWAS said the border would stay shut.");
        assert_eq!(
            find(&r, "border would stay").map(|r| r.speaker.as_str()),
            Some("ECOWAS")
        );
    }

    #[test]
    fn coordinated_cue_keeps_the_subject() {
        let (_, r) =
            run("Talks\n\nOn Friday, Lena Varga visited the port and called for calm in the city.");
        assert_eq!(
            find(&r, "calm in the city").map(|r| r.speaker.as_str()),
            Some("Lena Varga")
        );
    }

    #[test]
    fn record_serialises_kind_in_lower_case() {
        let (_, r) = run("Talks\n\n“Yes, we will sign,” Omar Diallo said.");
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert!(json.contains(r#""kind":"direct""#), "{json}");
        assert!(json.contains(r#""speaker":"Omar Diallo""#), "{json}");
    }
}
