//! Reporting cues and the construction around each: who speaks (a phrase, a pronoun, or the
//! previous speaker), and what is said (a stretch of the sentence, or a quotation group).
//! Each cue's speech act decides which complements make it speech ("accused Y of …", "called
//! Y a …", "condemned the coup", not "welcomed the delegation"). Handles "X said (that) …",
//! "…, X said", "…, said X", "According to X, …", "X told reporters that …", "…, adding that
//! …", "X was quoted (by Y) as saying …", "The coup was condemned by X", "X went on television
//! to declare …", quotations introduced by a colon or followed by "– Name", and headlines
//! ending in ": X" or opening with "X:".

use super::doc::Doc;
use super::lexicon::{
    AUXILIARIES, Act, BOUNDARIES, Cue, CueClass, DAYS, DETERMINERS, HEARER_VERBS, LEXICON, PASSIVE,
    PRONOUNS, is_document, is_in,
};
use crate::analysis::entities::{EntityKind, Extraction};
use crate::analysis::text::TokenKind;
use std::ops::Range;

/// Who speaks, before resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Who {
    /// A personal pronoun at this token.
    Pronoun(usize),
    /// A phrase (tokens) and the entity mention it ends with, when that names the speaker.
    Phrase {
        toks: Range<usize>,
        mention: Option<usize>,
    },
    /// The speaker of the construction before in the sentence ("…, adding that …"), else the
    /// subject phrase of the sentence, when one was found.
    Previous {
        subject: Option<(Range<usize>, Option<usize>)>,
    },
}

/// What is said, before conversion to bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum What {
    /// Tokens of the sentence (indirect speech).
    Span(Range<usize>),
    /// A quotation group (direct speech), by index into [`Doc::groups`].
    Group(usize),
}

/// One construction found around a cue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Cand {
    /// Tokens of the cue.
    pub cue: Range<usize>,
    pub who: Who,
    pub what: What,
    /// True when the content is to the right of the cue and may be cut at a later clause.
    pub content_after: bool,
    /// True for a relaying source ("as quoted by Reuters"): it shares the content of the
    /// quote it relays rather than competing for it.
    pub relay: bool,
}

/// Finds every construction in the document.
pub(super) fn find(doc: &Doc, ents: &Extraction) -> Vec<Cand> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < doc.len() {
        if doc.inside[i].is_some() || !doc.is_word(i) {
            i += 1;
            continue;
        }
        // The longest cue phrase that builds a construction: "called on X to …", else "called".
        let built = matching_cues(doc, i)
            .find_map(|cue| build(doc, ents, i..i + cue.words.len(), cue).map(|c| (c, cue)));
        match built {
            Some((c, cue)) => {
                out.push(c);
                i += cue.words.len();
            }
            None => i += 1,
        }
    }
    let claimed: Vec<usize> = out
        .iter()
        .filter_map(|c| match c.what {
            What::Group(g) => Some(g),
            What::Span(_) => None,
        })
        .collect();
    for g in 0..doc.groups.len() {
        if !claimed.contains(&g)
            && let Some(c) = dash_after_quote(doc, ents, g)
        {
            out.push(c);
        }
    }
    if let Some(c) = headline_tag(doc, ents) {
        out.push(c);
    }
    out.sort_by_key(|c| c.cue.start);
    out
}

/// The cue phrases starting at token `i`, longest first.
fn matching_cues<'d>(doc: &'d Doc, i: usize) -> impl Iterator<Item = &'static Cue> + 'd {
    // A capitalised cue inside a body sentence is part of a name ("United States").
    let named = doc.is_capitalized(i) && !doc.starts_sentence(i) && !doc.in_headline(i);
    let entries: &'static [Cue] = match LEXICON.cues.get(doc.w(i)) {
        Some(list) if !named => list,
        _ => &[],
    };
    entries.iter().filter(move |cue| {
        cue.words
            .iter()
            .enumerate()
            .all(|(k, w)| doc.w(i + k) == *w && doc.inside[i + k].is_none())
    })
}

/// Builds the construction for one cue.
fn build(doc: &Doc, ents: &Extraction, toks: Range<usize>, cue: &Cue) -> Option<Cand> {
    match cue.class {
        CueClass::Prep => build_prep(doc, ents, toks),
        CueClass::Participle => build_participle(doc, ents, toks, cue.act),
        CueClass::Verb | CueClass::Strict | CueClass::QuoteOnly => {
            build_verb(doc, ents, toks, cue.class, cue.act)
        }
    }
}

/// True for punctuation tokens with this text.
fn is_punct(doc: &Doc, i: usize, s: &str) -> bool {
    doc.toks
        .get(i)
        .is_some_and(|t| t.kind == TokenKind::Punct && doc.w(i) == s)
}

/// True for dashes used as separators.
fn is_dash(doc: &Doc, i: usize) -> bool {
    doc.toks.get(i).is_some_and(|t| t.kind == TokenKind::Punct)
        && matches!(doc.w(i), "-" | "–" | "—")
}

/// Length of the adverbial phrase starting at `i` ("in a statement", "on Tuesday"), or 0.
fn adverbial_at(doc: &Doc, i: usize) -> usize {
    if let Some(list) = LEXICON.adverbials.get(doc.w(i))
        && let Some(p) = list
            .iter()
            .find(|p| p.iter().enumerate().all(|(k, w)| doc.w(i + k) == *w))
    {
        return p.len();
    }
    if is_weekday(doc.w(i)) {
        return 1;
    }
    if matches!(doc.w(i), "on" | "last" | "this" | "late" | "early") && is_day(doc.w(i + 1)) {
        let mut n = 2;
        while is_day(doc.w(i + n)) {
            n += 1;
        }
        return n;
    }
    0
}

/// True for the names of the days of the week.
fn is_weekday(w: &str) -> bool {
    is_in(&DAYS[..7], w)
}

/// True for weekday, part-of-day and period words.
fn is_day(w: &str) -> bool {
    is_in(DAYS, w)
}

/// First token at or after `i` (below `hi`) that is not an adverbial.
fn skip_fwd(doc: &Doc, mut i: usize, hi: usize) -> usize {
    while i < hi {
        let n = adverbial_at(doc, i);
        if n == 0 {
            break;
        }
        i += n;
    }
    i
}

/// True for a lower-case adverb in -ly ("harshly", "strongly").
fn is_ly_adverb(doc: &Doc, i: usize) -> bool {
    let w = doc.w(i);
    w.len() > 4 && w.ends_with("ly") && !doc.is_capitalized(i) && w != "only"
}

/// Moves the exclusive end `j` back over auxiliaries, adverbs and adverbials (not below `lo`).
fn skip_back(doc: &Doc, mut j: usize, lo: usize) -> usize {
    while j > lo {
        let t = j - 1;
        if (is_in(AUXILIARIES, doc.w(t)) && !doc.is_capitalized(t)) || is_ly_adverb(doc, t) {
            j -= 1;
        } else if t > lo
            && is_day(doc.w(t))
            && matches!(doc.w(t - 1), "on" | "last" | "this" | "late")
        {
            j -= 2;
        } else if let Some(n) =
            (2..=5).find(|&n| t + 1 >= lo + n && adverbial_at(doc, t + 1 - n) == n)
        {
            j -= n;
        } else {
            break;
        }
    }
    j
}

/// Words that start an appositive or parenthetical between a speaker and its cue.
const PARENTHETICAL_STARTS: &[&str] = &[
    "who",
    "which",
    "whose",
    "a",
    "an",
    "the",
    "in",
    "on",
    "at",
    "speaking",
    "himself",
    "herself",
    "itself",
    "also",
    "during",
    "while",
    "after",
    "before",
    "citing",
    "addressing",
    "like",
    "as",
    "through",
    "via",
    "together",
    "along",
    "however",
    "for",
    "with",
    "when",
    "meanwhile",
    "though",
    "according",
    "earlier",
    "later",
    "then",
    "among",
    "from",
    "by",
    "under",
    "now",
    "once",
    "currently",
    "still",
    "himself",
    "reportedly",
    "since",
    "following",
    "amid",
    "despite",
    "over",
    "without",
    "last",
    "this",
    "late",
    "early",
];

/// True when the segment starting at `i` opens a parenthetical: a listed word or a lower-case
/// participle ("posted on Thursday", "speaking to reporters").
fn parenthetical_start(doc: &Doc, i: usize) -> bool {
    let w = doc.w(i);
    is_in(PARENTHETICAL_STARTS, w)
        || (!doc.is_capitalized(i) && w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing")))
}

/// The speaker phrase that ends right before `end` (exclusive), reading back to `lo`.
pub(super) fn gather_left(doc: &Doc, ents: &Extraction, end: usize, lo: usize) -> Option<Who> {
    let j = skip_back(doc, end, lo);
    if j <= lo {
        return None;
    }
    if is_punct(doc, j - 1, ",") {
        return None;
    }
    let last = j - 1;
    if is_in(PRONOUNS, doc.w(last)) {
        return Some(Who::Pronoun(last));
    }
    let mut start = gather_np_back(doc, j, lo);
    // "On Monday evening Qatar said": the time is not the speaker.
    while start + 1 < j && is_time_word(doc, start) {
        start += 1;
    }
    if start >= j {
        return None;
    }
    // "The US, France and others said", "groups, nations and the US together with its
    // allies condemned": the whole list speaks.
    if start > lo
        && (is_punct(doc, start - 1, ",") || is_modifier_link(doc, start - 1))
        && let Some(list) = list_subject(doc, lo, j)
    {
        return Some(list);
    }
    // "A source briefed on the talks said", "spokesmen for Mali said": the speaker is the
    // head the modifier hangs from; in "the crisis in Niger threatened …" nobody speaks.
    if start > lo && is_modifier_link(doc, start - 1) {
        // ", with military leaders alleging …": the preposition opens the clause.
        if start - 1 == lo || is_punct(doc, start - 2, ",") {
            return phrase(doc, ents, start..j);
        }
        // "Reports from the AFP news agency indicate …": a document's author speaks.
        let document = start >= lo + 2 && is_document(doc.w(start - 2));
        return postmodified_subject(doc, ents, lo, start, j)
            .or_else(|| document.then(|| phrase(doc, ents, start..j)).flatten());
    }
    phrase(doc, ents, start..j).or_else(|| postmodified_subject(doc, ents, lo, start, j))
}

/// A list of speakers from the clause start to the cue at `j`, kept whole as written: "The
/// US, France and others", "France, the former colonial power, along with the United States,
/// the United Nations and other partners". Every comma-separated part is a short noun phrase
/// and the last joins the list ("and", "along with", "together with", "as well as").
fn list_subject(doc: &Doc, lo: usize, j: usize) -> Option<Who> {
    let mut s0 = (lo..j)
        .rev()
        .find(|&t| {
            matches!(doc.w(t), ";" | ":" | "that" | "—" | "–" | "(" | ")")
                || doc.opens.contains_key(&t)
                || doc.closes.contains_key(&t)
        })
        .map_or(lo, |t| t + 1);
    // "But on Monday, A, B and C said": a leading conjunction or adverbial is not part of it.
    while s0 < j && matches!(doc.w(s0), "but" | "and" | "however" | "meanwhile" | "also") {
        s0 += 1;
    }
    let adverbial = |t: usize| parenthetical_start(doc, t) && !is_in(DETERMINERS, doc.w(t));
    if let Some(c) = (s0..j.min(s0 + 8)).find(|&t| is_punct(doc, t, ","))
        && (adverbial(s0) || is_weekday(doc.w(s0 + 1)))
    {
        s0 = c + 1;
    }
    if adverbial(s0) {
        return None;
    }
    let parts: Vec<Range<usize>> = split_commas(doc, s0..j);
    let last = parts.last()?;
    let joins = (last.start..last.end).any(|t| {
        doc.w(t) == "and"
            || (matches!(doc.w(t), "along" | "together") && doc.w(t + 1) == "with")
            || (doc.w(t) == "as" && doc.w(t + 1) == "well")
    });
    let short = parts.iter().all(|p| {
        !p.is_empty()
            && p.len() <= 12
            && p.clone().all(|t| {
                let w = doc.w(t);
                (doc.is_word(t) || doc.toks[t].kind == TokenKind::Possessive)
                    && !is_in(AUXILIARIES, w)
                    && !is_in(PASSIVE, w)
                    && !matches!(w, "not" | "who" | "which" | "that")
                    && (!is_verb_cue(w) || doc.is_capitalized(t))
            })
    });
    // Each part names someone or has a head that can speak.
    let speaks = parts.iter().all(|p| {
        let head = doc.w(p.end - 1);
        let head = head
            .strip_suffix('s')
            .filter(|_| !LEXICON.speakers.contains(head))
            .unwrap_or(head);
        (p.start..p.end).any(|t| doc.mention_start.contains_key(&t))
            || LEXICON.speakers.contains(head)
            || LEXICON.anonymous.contains(doc.w(p.end - 1))
    });
    (parts.len() >= 2 && joins && short && speaks).then_some(Who::Phrase {
        toks: s0..j,
        mention: None,
    })
}

/// Tokens `r` split at its commas.
fn split_commas(doc: &Doc, r: Range<usize>) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = r.start;
    for t in r.clone() {
        if is_punct(doc, t, ",") {
            parts.push(start..t);
            start = t + 1;
        }
    }
    parts.push(start..r.end);
    parts
}

/// True for a weekday, part of day, month or number ("Monday evening", "July 26").
fn is_time_word(doc: &Doc, t: usize) -> bool {
    is_day(doc.w(t))
        || is_in(MONTHS, doc.w(t))
        || doc.toks.get(t).is_some_and(|k| k.kind == TokenKind::Number)
}

/// Month names.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
];

/// True when token `t` links a head noun to its modifier: a preposition, "who", "close"
/// ("close to the talks"), or a participle ("briefed on", "speaking on").
fn is_modifier_link(doc: &Doc, t: usize) -> bool {
    let w = doc.w(t);
    is_in(MODIFIER_LINKS, w)
        || (doc.toks[t].kind == TokenKind::Word
            && !doc.is_capitalized(t)
            && w.len() > 4
            && (w.ends_with("ed") || w.ends_with("ing"))
            && !is_cue_word(w)
            && !is_time_word(doc, t))
}

/// Words after a head noun that open its modifier.
const MODIFIER_LINKS: &[&str] = &[
    "in", "at", "from", "for", "of", "on", "with", "to", "close", "familiar", "near", "about",
    "across", "inside", "within", "who",
];

/// The subject from the start of the clause up to the cue at `j`, when it is a speaker head
/// with a modifier ("A source briefed on the talks", "government spokesmen for Mali and
/// Burkina Faso"); `start` is where the phrase read back from the cue began.
fn postmodified_subject(
    doc: &Doc,
    ents: &Extraction,
    lo: usize,
    start: usize,
    j: usize,
) -> Option<Who> {
    let mut s0 = (lo..start)
        .rev()
        .find(|&t| {
            matches!(doc.w(t), "," | ";" | ":" | "that" | "—" | "–" | "(" | ")")
                || doc.opens.contains_key(&t)
                || doc.closes.contains_key(&t)
        })
        .map_or(lo, |t| t + 1);
    while s0 < j && matches!(doc.w(s0), "but" | "and" | "however" | "meanwhile" | "also") {
        s0 += 1;
    }
    if j <= s0 + 2 || j - s0 > 14 {
        return None;
    }
    let plain = (s0..j).all(|t| {
        let w = doc.w(t);
        (doc.is_word(t) || doc.toks[t].kind == TokenKind::Possessive)
            && !is_in(AUXILIARIES, w)
            && !is_in(PASSIVE, w)
            && !matches!(w, "not" | "and" | "or" | "but" | "that" | "which")
            && (!is_verb_cue(w) || doc.is_capitalized(t))
    });
    if !plain {
        return None;
    }
    let head_end = (s0 + 1..j).find(|&t| is_modifier_link(doc, t)).unwrap_or(j);
    let head = doc.w(head_end.saturating_sub(1));
    // "A coalition of parties opposed to …": "of" belongs to the head; the modifier is next.
    let mut modifier = head_end;
    while doc.w(modifier) == "of" {
        modifier = (modifier + 1..j)
            .find(|&t| is_modifier_link(doc, t))
            .unwrap_or(j);
    }
    if head_end <= s0 {
        return None;
    }
    let mention = doc
        .mention_end
        .get(&(head_end - 1))
        .copied()
        .filter(|&m| matches!(ents.mentions[m].kind, EntityKind::Person | EntityKind::Org));
    let speaks = LEXICON.speakers.contains(head)
        || LEXICON.anonymous.contains(head)
        || is_in(GROUP_HEADS, head);
    // One modifier belongs to the speaker: "Officials close to the talks (meant to end …)",
    // "Reuters witnesses (who toured …)".
    let cut = if doc.w(modifier) == "who" {
        modifier
    } else {
        // A second participle starts a second modifier; one after a determiner is an
        // adjective ("spokesmen for the ruling juntas").
        (modifier + 1..j)
            .find(|&t| {
                doc.w(t) == "who"
                    || (is_modifier_link(doc, t)
                        && !is_in(MODIFIER_LINKS, doc.w(t))
                        && !is_in(DETERMINERS, doc.w(t - 1)))
            })
            .unwrap_or(j)
    };
    (speaks || mention.is_some()).then_some(Who::Phrase {
        toks: s0..cut,
        mention,
    })
}

/// The speaker after a cue in "…, said X." (the phrase must end the clause).
fn inverted(doc: &Doc, ents: &Extraction, from: usize, hi: usize) -> Option<(Who, usize)> {
    let (w, e) = gather_right(doc, ents, from, hi)?;
    let checked = match &w {
        Who::Phrase { toks, .. } => phrase(doc, ents, toks.clone()).is_some(),
        _ => true,
    };
    (checked && clause_end(doc, skip_fwd(doc, e, hi), hi)).then_some((w, e))
}

/// The subject of a cue right after the comma at `comma`: "X, the boss of Y, Z's force,
/// welcomed …", "The President of Y, Name Surname, declared …", "On Monday, the juntas …,
/// cautioned …". The clause is split at its commas; the first segment ending in a named
/// speaker wins, else the last segment that is a whole speaker phrase. Parentheticals ("who
/// …", "speaking on …") are passed over.
fn comma_subject(doc: &Doc, ents: &Extraction, comma: usize, lo: usize) -> Option<Who> {
    let mut segments = Vec::new();
    let mut end = comma;
    let mut lo = lo;
    for k in (lo..comma).rev() {
        // "KINGSTOWN, St. Vincent (AP) — Guyana, …, said": the dateline ends at the dash.
        if doc.w(k) == "that" || is_dash(doc, k) {
            lo = k + 1;
            break;
        }
        // "“…,” Nazeli Baghdasarian, the spokeswoman, wrote": the subject starts after the
        // quotation.
        if doc.closes.contains_key(&k) {
            lo = k + 1;
            break;
        }
        if doc.opens.contains_key(&k) {
            return None;
        }
        if is_punct(doc, k, ",") {
            segments.push(k + 1..end);
            end = k;
        }
    }
    segments.push(lo..end);
    if segments.len() > 4 {
        return None;
    }
    segments.reverse();
    let mut whole = None;
    let mut seen_subject = false;
    for seg in segments {
        // "The rebels, as well as …, rejected", "According to him, the president, …,
        // stressed": a determiner opens the subject itself, and only an appositive after it
        // ("X, the head of Y, said").
        let opens_subject = !seen_subject && is_in(DETERMINERS, doc.w(seg.start));
        if seg.is_empty() || (parenthetical_start(doc, seg.start) && !opens_subject) {
            // "the main regional bloc, the Economic Community of West African States, …":
            // an appositive that names the described subject.
            if whole.is_some()
                && !seg.is_empty()
                && is_in(DETERMINERS, doc.w(seg.start))
                && let Some(
                    w @ Who::Phrase {
                        mention: Some(_), ..
                    },
                ) = appositive_name(doc, ents, seg.clone())
            {
                return Some(w);
            }
            continue;
        }
        seen_subject = true;
        if seg
            .clone()
            .any(|t| is_cue_word(doc.w(t)) && !doc.is_capitalized(t))
        {
            return None;
        }
        if seg.len() == 1 && is_in(PRONOUNS, doc.w(seg.start)) {
            return Some(Who::Pronoun(seg.start));
        }
        let start = gather_np_back(doc, seg.end, seg.start);
        if start >= seg.end {
            continue;
        }
        // "A new dawn for Africa, says …": the object of a preposition is not the subject;
        // the head it hangs from may be ("an audio message circulated on channels tied to
        // Wagner, …, portrayed").
        if start > seg.start && is_in(PREPOSITIONS, doc.w(start - 1)) {
            if whole.is_none() {
                whole = postmodified_subject(doc, ents, seg.start, start, seg.end);
            }
            continue;
        }
        match phrase(doc, ents, start..seg.end) {
            Some(
                w @ Who::Phrase {
                    mention: Some(_), ..
                },
            ) => return Some(w),
            Some(w) if start == seg.start => whole = Some(w),
            _ => {}
        }
    }
    whole
}

/// The named phrase of an appositive segment ("the Economic Community of West African States
/// (ECOWAS)"): the segment ends in a mention of a body or person.
fn appositive_name(doc: &Doc, ents: &Extraction, seg: Range<usize>) -> Option<Who> {
    let mut end = seg.end;
    // "… States (ECOWAS)": the acronym in brackets repeats the name.
    if end >= seg.start + 3 && doc.w(end - 1) == ")" && doc.w(end - 3) == "(" {
        end -= 3;
    }
    let &m = doc.mention_end.get(&(end.checked_sub(1)?))?;
    if !matches!(ents.mentions[m].kind, EntityKind::Org | EntityKind::Person) {
        return None;
    }
    phrase(doc, ents, seg.start..end)
}

/// The subject phrase at the start of the clause from `lo` (after a leading adverbial such
/// as "On Thursday,"), ending before `end`.
pub(super) fn subject_of(
    doc: &Doc,
    ents: &Extraction,
    lo: usize,
    end: usize,
) -> Option<(Range<usize>, Option<usize>)> {
    // "Niamey, The Gulf Observer: General X … went": the clause starts after a colon or dash.
    let lo = (lo..end)
        .rev()
        .find(|&t| is_punct(doc, t, ":") || is_punct(doc, t, ";") || is_dash(doc, t))
        .map_or(lo, |t| t + 1);
    let mut start = lo;
    if let Some(c) = (lo..end.min(lo + 6)).find(|&t| is_punct(doc, t, ","))
        && (parenthetical_start(doc, lo) || is_weekday(doc.w(lo + 1)) || doc.w(lo) == "however")
    {
        start = c + 1;
    }
    match gather_right(doc, ents, start, end)? {
        (Who::Phrase { toks, mention }, _) if phrase(doc, ents, toks.clone()).is_some() => {
            Some((toks, mention))
        }
        (Who::Pronoun(t), _) => Some((t..t + 1, None)),
        // "The coup plotters' representatives decreed …": the phrase stops before the verb.
        (Who::Phrase { toks, .. }, _) => {
            (toks.start + 1..toks.end)
                .rev()
                .find_map(|k| match phrase(doc, ents, toks.start..k) {
                    Some(Who::Phrase { toks, mention })
                        if gather_np_back(doc, k, toks.start) == toks.start =>
                    {
                        Some((toks, mention))
                    }
                    _ => None,
                })
        }
        _ => None,
    }
}

/// Start of the noun phrase ending before `end`: words, possessives, whole mentions, and
/// "and" between like parts.
pub(super) fn gather_np_back(doc: &Doc, end: usize, lo: usize) -> usize {
    let mut s = end;
    let mut words = 0;
    while s > lo && words < 12 {
        let t = s - 1;
        // "a deal the international community has hailed": a determiner opens the phrase.
        if s < end
            && matches!(doc.w(s), "the" | "a" | "an")
            && doc.toks[t].kind == TokenKind::Word
            && !matches!(doc.w(t), "of" | "and" | "&" | "for" | "to")
        {
            break;
        }
        // "The Economic Community of West African States (ECOWAS) said"
        if t >= lo + 3
            && doc.w(t) == ")"
            && doc.w(t - 2) == "("
            && doc.is_word(t - 1)
            && doc.mention_end.contains_key(&(t - 3))
        {
            s = t - 2;
            continue;
        }
        if let Some(&m) = doc.mention_end.get(&t) {
            let first = first_tok_of(doc, m, t);
            if first >= lo && first <= t {
                s = first;
                words += 1;
                continue;
            }
        }
        let tok = &doc.toks[t];
        let w = doc.w(t);
        let ok = match tok.kind {
            TokenKind::Word | TokenKind::Number => {
                if matches!(w, "and" | "&") && s < end {
                    // "military and political sources", "Mali and Burkina Faso"
                    t > lo
                        && (doc.is_word(t - 1) || doc.toks[t - 1].kind == TokenKind::Possessive)
                        && !is_in(BOUNDARIES, doc.w(t - 1))
                } else if matches!(w, "at" | "in" | "from") && s < end {
                    // "officials at Burma Camp", "sources in Niamey"
                    t > lo && placed_head(doc.w(t - 1))
                } else {
                    !is_in(BOUNDARIES, w) && !is_cue_word(w)
                }
            }
            TokenKind::Possessive => s < end,
            TokenKind::Punct if w == "," => {
                // "Burkina Faso, Mali warn …" in a headline
                doc.in_headline(t)
                    && s < end
                    && t > lo
                    && doc.mention_end.contains_key(&(t - 1))
                    && doc.mention_start.contains_key(&s)
            }
            TokenKind::Punct => w == "." && t > lo && doc.is_capitalized(t - 1) && s < end,
            _ => false,
        };
        if !ok {
            break;
        }
        s = t;
        if tok.kind == TokenKind::Word {
            words += 1;
        }
    }
    s
}

/// First token of mention `m`, which ends on token `last`.
fn first_tok_of(doc: &Doc, m: usize, last: usize) -> usize {
    let mut f = last;
    while f > 0 && doc.mention_start.get(&f).is_none_or(|&x| x != m) {
        f -= 1;
        if last - f > 16 {
            return last + 1;
        }
    }
    f
}

/// True when `w` begins only cue phrases that are verbs and not also nouns ("said",
/// "quoted", not "report" or "according").
fn is_verb_cue(w: &str) -> bool {
    LEXICON.cues.get(w).is_some_and(|list| {
        list.iter().all(|c| {
            matches!(
                c.class,
                CueClass::Verb | CueClass::Participle | CueClass::QuoteOnly
            ) || c.words[0] == "quoted"
        })
    })
}

/// True when `w` begins some cue phrase other than a relaying "as quoted by".
fn is_cue_word(w: &str) -> bool {
    LEXICON
        .cues
        .get(w)
        .is_some_and(|list| list.iter().any(|c| c.class != CueClass::Prep) || w != "as")
}

/// Checks a candidate speaker phrase: it names an entity, or its head can speak, or it holds a
/// name the entity pass did not know.
pub(super) fn phrase(doc: &Doc, ents: &Extraction, toks: Range<usize>) -> Option<Who> {
    let mut last = toks.end - 1;
    // "The Economic Community of West African States (ECOWAS)": the name before the brackets.
    if last >= toks.start + 3 && doc.w(last) == ")" && doc.w(last - 2) == "(" {
        last -= 3;
    }
    if is_dateline(doc, ents, &toks) {
        return None;
    }
    let listy = toks
        .clone()
        .any(|t| matches!(doc.w(t), "and" | "or" | "&" | ","));
    let mention = doc.mention_end.get(&last).copied().filter(|&m| {
        let mk = &ents.mentions[m];
        let first = doc.bytes(&(toks.start..toks.start + 1)).start;
        // A place or body after "of" ("the government of Niger", "the President of ECOWAS")
        // is not the speaker; nor is a place at the end of a longer phrase.
        let of = toks
            .clone()
            .any(|t| doc.w(t) == "of" && doc.toks[t].range.start < mk.range.start);
        // "Officials at Burma Camp", "sources in Niamey", "diplomats from Nigeria": where the
        // speakers are, not who speaks.
        let placed = toks.clone().skip(1).any(|t| {
            matches!(doc.w(t), "at" | "in" | "from")
                && doc.toks[t].range.start < mk.range.start
                && placed_head(doc.w(t - 1))
        });
        !listy
            && !placed
            && (mk.kind == EntityKind::Person || !of)
            && (mk.kind != EntityKind::Loc
                || mk.range.start <= first
                || only_determiners(doc, &toks, mk.range.start))
    });
    if mention.is_some() {
        return Some(Who::Phrase { toks, mention });
    }
    // A name the entity pass found elsewhere in the article but not here.
    let mut first = toks.start;
    while first < last && is_in(DETERMINERS, doc.w(first)) {
        first += 1;
    }
    let named_elsewhere = doc.text.get(doc.bytes(&(first..toks.end)));
    if !listy && let Some(&m) = named_elsewhere.and_then(|n| doc.mention_by_text.get(n)) {
        return Some(Who::Phrase {
            toks,
            mention: Some(m),
        });
    }
    let head = doc.w(last);
    let of = toks.clone().find(|&t| doc.w(t) == "of");
    if let Some(of) = of
        && of > toks.start
        && is_in(GROUP_HEADS, doc.w(of - 1))
        && !listy
    {
        // "Leaders of the bloc": the body speaks through them.
        let body = (of + 1..toks.end).find_map(|t| {
            doc.mention_start.get(&t).copied().filter(|&m| {
                ents.mentions[m].kind == EntityKind::Org && ents.mentions[m].actor.is_some()
            })
        });
        if body.is_some() {
            return Some(Who::Phrase {
                toks,
                mention: body,
            });
        }
    }
    let named = toks
        .clone()
        .any(|t| doc.is_capitalized(t) && !doc.starts_sentence(t) && !doc.in_headline(t))
        || toks.clone().any(|t| doc.mention_start.contains_key(&t));
    if speaks_as(head) || LEXICON.anonymous.contains(head) || is_document(head) || named {
        Some(Who::Phrase {
            toks,
            mention: None,
        })
    } else {
        None
    }
}

/// True for a dateline ("KINGSTOWN, St. Vincent (AP) —", "ABUJA —"): capitals opening a
/// paragraph, not a body or person the entity pass knows ("ECOWAS, the bloc, said"), then a
/// dash soon after. A dateline is never a speaker.
fn is_dateline(doc: &Doc, ents: &Extraction, toks: &Range<usize>) -> bool {
    let body = doc
        .mention_start
        .get(&toks.start)
        .is_some_and(|&m| matches!(ents.mentions[m].kind, EntityKind::Org | EntityKind::Person));
    let dash_soon = (toks.start + 1..toks.start + 10)
        .take_while(|&t| !doc.is_break(t))
        .any(|t| is_dash(doc, t));
    let opens_paragraph = toks.start == 0 || doc.is_break(toks.start - 1);
    let capitals = doc.toks[toks.start].kind == TokenKind::Word
        && doc.text[doc.toks[toks.start].range.clone()]
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase())
        && doc.toks[toks.start].range.len() >= 3;
    opens_paragraph
        && capitals
        && !body
        && dash_soon
        && (is_punct(doc, toks.start + 1, ",") || is_dash(doc, toks.start + 1))
}

/// True when `head` (lower case) heads a phrase that can speak, singular or plural ("the
/// ministry", "the presidents").
pub(super) fn speaks_as(head: &str) -> bool {
    LEXICON.speakers.contains(head)
        || head
            .strip_suffix('s')
            .is_some_and(|s| LEXICON.speakers.contains(s))
}

/// True when `w` heads a speaker phrase that may say where its people are ("officials at",
/// "sources in", "diplomats from"): an anonymous head or a group head.
pub(super) fn placed_head(w: &str) -> bool {
    LEXICON.anonymous.contains(w) || is_in(GROUP_HEADS, w)
}

/// Heads of phrases through which a named body speaks ("leaders of X").
const GROUP_HEADS: &[&str] = &[
    "leaders",
    "members",
    "heads",
    "chiefs",
    "officials",
    "representatives",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "delegation",
];

/// True when the words of `toks` before byte `at` are only determiners.
fn only_determiners(doc: &Doc, toks: &Range<usize>, at: usize) -> bool {
    toks.clone()
        .take_while(|&t| doc.toks[t].range.start < at)
        .all(|t| is_in(DETERMINERS, doc.w(t)))
}

/// The speaker phrase starting at `start` (for "said X", "according to X"), and its end.
pub(super) fn gather_right(
    doc: &Doc,
    ents: &Extraction,
    start: usize,
    hi: usize,
) -> Option<(Who, usize)> {
    if start >= hi {
        return None;
    }
    if is_in(PRONOUNS, doc.w(start)) {
        return Some((Who::Pronoun(start), start + 1));
    }
    let mut e = start;
    let mut words = 0;
    while e < hi && words < 12 {
        if let Some(&m) = doc.mention_start.get(&e) {
            let end = ents.mentions[m].range.end;
            let last = (e..hi).find(|&t| doc.toks[t].range.end >= end).unwrap_or(e);
            e = last + 1;
            words += 1;
            let next = doc.w(e);
            // "Emmanuel Macron harshly rebuked …": the phrase ends with the name.
            if doc.is_word(e)
                && !doc.is_capitalized(e)
                && !matches!(next, "of" | "for" | "and")
                && !LEXICON.speakers.contains(next)
                && !LEXICON.anonymous.contains(next)
            {
                break;
            }
            continue;
        }
        let w = doc.w(e);
        let ok = match doc.toks[e].kind {
            TokenKind::Word | TokenKind::Number => {
                let boundary = is_in(BOUNDARIES, w) && !doc.is_capitalized(e);
                !boundary || (w == "and" && e > start)
            }
            TokenKind::Possessive => e > start,
            TokenKind::Punct => {
                w == "."
                    && e > start
                    && doc.is_capitalized(e - 1)
                    && e + 1 < hi
                    && doc.is_capitalized(e + 1)
            }
            _ => false,
        };
        if !ok || (e > start && is_verb_cue(w) && !is_in(DETERMINERS, doc.w(e - 1))) {
            break;
        }
        e += 1;
        words += 1;
    }
    // Trailing "and" belongs to the next clause.
    while e > start && matches!(doc.w(e - 1), "and" | "or") {
        e -= 1;
    }
    if e == start {
        return None;
    }
    // "a statement by the junta", "a post from the ministry": the author speaks.
    if (start..e).any(|t| is_document(doc.w(t)))
        && let Some(k) = (e..(e + 6).min(hi))
            .take_while(|&t| doc.is_word(t))
            .find(|&t| matches!(doc.w(t), "by" | "from"))
        && let Some((who, end)) = gather_right(doc, ents, k + 1, hi)
    {
        // "a statement issued on Friday by the foreign ministry": the author speaks.
        return Some((who, end));
    }
    let who = phrase(doc, ents, start..e).unwrap_or(Who::Phrase {
        toks: start..e,
        mention: None,
    });
    Some((who, e))
}

/// The quotation group opened right after `i` (allowing a comma, colon, "that" or an article
/// in between, and a paragraph break after a colon).
fn quote_after(doc: &Doc, mut i: usize) -> Option<usize> {
    let mut colon = false;
    for _ in 0..4 {
        if let Some(&s) = doc.opens.get(&i) {
            let g = doc.spans[s].group;
            // "said that “planes from France” had been barred": a quotation that only
            // starts the clause is part of it, not all that was said.
            let last = doc.groups[g].last().map_or(s, |&l| l);
            let whole = doc.spans[last].close.is_none_or(|c| {
                doc.is_break(c + 1)
                    || doc.opens.contains_key(&(c + 1))
                    || matches!(
                        doc.w(c + 1),
                        "." | "," | ";" | ":" | "!" | "?" | ")" | "—" | "–" | "…"
                    )
            });
            return (doc.groups[g].first() == Some(&s) && whole).then_some(g);
        }
        let w = doc.w(i);
        match doc.toks.get(i).map(|t| t.kind) {
            Some(TokenKind::Punct) if w == ":" => colon = true,
            Some(TokenKind::Punct) if w == "," => {}
            Some(TokenKind::ParaBreak | TokenKind::LineBreak) if colon => {}
            Some(TokenKind::Word) if matches!(w, "that" | "the" | "a" | "an") => {}
            _ => return None,
        }
        i += 1;
    }
    None
}

/// Prepositions whose object is not the subject of a clause.
const PREPOSITIONS: &[&str] = &[
    "for", "of", "in", "at", "from", "on", "with", "to", "by", "into", "about", "over", "against",
];

/// True when the clause ends at token `i` (nothing more is said to the right); a bullet
/// ("*", "•") starts a new item.
fn clause_end(doc: &Doc, i: usize, hi: usize) -> bool {
    i >= hi
        || doc.is_break(i)
        || matches!(
            doc.w(i),
            "." | "," | ";" | "!" | "?" | ")" | "…" | "*" | "•"
        )
        || doc.closes.contains_key(&i)
        || doc.opens.contains_key(&i) && doc.is_break(i + 1)
}

/// Prepositions that open a phrase between a cue and the end of its clause.
const PP_STARTS: &[&str] = &[
    "in", "on", "at", "during", "via", "through", "from", "after", "before", "late", "while",
    "earlier", "to",
];

/// When a prepositional phrase at `i` runs to the end of the clause ("said in an interview on
/// French television."), the token where the clause ends.
fn pp_clause_end(doc: &Doc, i: usize, hi: usize) -> Option<usize> {
    if !is_in(PP_STARTS, doc.w(i)) {
        return None;
    }
    for j in i + 1..(i + 12).min(hi + 1) {
        if clause_end(doc, j, hi) {
            return Some(j);
        }
        if doc.w(j) == "that"
            || is_cue_word(doc.w(j))
            || !(doc.is_word(j) || doc.toks[j].kind == TokenKind::Possessive)
        {
            return None;
        }
    }
    None
}

/// Content to the left of a speaker starting at `sp` (for "…, X said" and "“…,” said X"):
/// the quotation group that closes right before it, or the clause from `lo` to the comma.
fn content_before(doc: &Doc, sp: usize, lo: usize) -> Option<What> {
    // "“…,” Nigeria's defence chief, General X said": a title before the speaker.
    if let Some(c) = (sp.saturating_sub(12).max(lo)..sp)
        .rev()
        .take_while(|&t| {
            doc.closes.contains_key(&t)
                || doc.is_word(t)
                || doc.toks[t].kind == TokenKind::Possessive
                || is_punct(doc, t, ",")
        })
        .find(|&t| doc.closes.contains_key(&t))
        && is_punct(doc, c + 1, ",")
        && c + 2 < sp
    {
        let g = doc.spans[doc.closes[&c]].group;
        let open = doc.groups[g].first().and_then(|&f| doc.spans[f].open);
        if open.is_none_or(|o| o <= lo || !(lo..o).any(|t| doc.is_word(t))) {
            return Some(What::Group(g));
        }
    }
    let mut k = sp;
    let mut comma = false;
    for _ in 0..3 {
        if k == 0 {
            break;
        }
        if let Some(&s) = doc.closes.get(&(k - 1)) {
            let g = doc.spans[s].group;
            // "The operation will end once they “hand over their weapons”, X said": the
            // clause is said, the quotation is only part of it.
            let open = doc.groups[g].first().and_then(|&f| doc.spans[f].open);
            let partial = open.is_some_and(|o| {
                o > lo
                    && (lo..o)
                        .any(|t| doc.is_word(t) && !matches!(doc.w(t), "but" | "and" | "however"))
            });
            if !partial {
                return Some(What::Group(g));
            }
            comma = true;
            break;
        }
        if is_punct(doc, k - 1, ",") || is_dash(doc, k - 1) {
            comma = true;
            k -= 1;
        } else {
            break;
        }
    }
    if !comma || k <= lo {
        return None;
    }
    let mut start = lo;
    // "Recall that …" and a leading conjunction are not part of what was said.
    while start < k
        && matches!(
            doc.w(start),
            "but" | "and" | "however" | "," | "recall" | "that" | "meanwhile"
        )
    {
        start += 1;
    }
    (k > start + 1).then_some(What::Span(start..k))
}

/// Content to the right of the cue, from `after` to the end of the sentence `hi`.
fn content_after(doc: &Doc, after: usize, hi: usize) -> Option<What> {
    let mut end = hi;
    while end > after && matches!(doc.w(end - 1), "." | "!" | "?" | "," | ";" | ":") {
        end -= 1;
    }
    if end <= after + 1 {
        return None;
    }
    // "said this in …", "said so": the content is elsewhere.
    if matches!(doc.w(after), "this" | "so")
        && (end == after + 1
            || matches!(
                doc.w(after + 1),
                "in" | "on" | "at" | "while" | "during" | "," | "."
            ))
    {
        return None;
    }
    Some(What::Span(after..end))
}

/// "X said …", "…, X said", "…, said X", "X told reporters that …", "X urged Y to …", "X
/// accused Y of …", "The coup was condemned by X": the speaker on either side of the cue, and
/// the complement the cue's act takes.
fn build_verb(
    doc: &Doc,
    ents: &Extraction,
    cue: Range<usize>,
    class: CueClass,
    act: Act,
) -> Option<Cand> {
    let sentence = doc.sentence_of(cue.start);
    let (lo, hi) = (sentence.start, sentence.end.max(cue.end));
    // A cue in scare quotes ("has “hailed” the coup") reads as if the marks were not there.
    let (left, right) = scare_quoted(doc, &cue);
    // "the said meeting", "head of state": after a determiner or "of" the word is a noun.
    if left > lo && (is_in(DETERMINERS, doc.w(left - 1)) || doc.w(left - 1) == "of") {
        return None;
    }
    let mut j = skip_back(doc, left, lo);
    if doc.w(cue.start).ends_with("ing") {
        // "have been calling for": a progressive, not a passive.
        while j > lo && (is_in(PASSIVE, doc.w(j - 1)) || is_in(AUXILIARIES, doc.w(j - 1))) {
            j -= 1;
        }
    } else if j > lo && is_in(PASSIVE, doc.w(j - 1)) {
        return build_passive(doc, ents, cue, act, j - 1, lo, hi);
    }
    // "Ghana has not said publicly how many …", "would never say": nothing was said.
    if (j..left).any(|t| matches!(doc.w(t), "not" | "never" | "n't")) {
        return None;
    }
    let (who, sp_start, after) = match gather_left(doc, ents, j, lo) {
        Some(w) => {
            let sp = match &w {
                Who::Phrase { toks, .. } => toks.start,
                Who::Pronoun(t) => *t,
                Who::Previous { .. } => left,
            };
            (w, sp, right)
        }
        // "Kenya, which has promised to send …": the relative stands for the phrase before.
        None if j > lo + 2
            && matches!(doc.w(j - 1), "who" | "which")
            && is_punct(doc, j - 2, ",") =>
        {
            let w = gather_left(doc, ents, j - 2, lo)?;
            let sp = match &w {
                Who::Phrase { toks, .. } => toks.start,
                Who::Pronoun(t) => *t,
                Who::Previous { .. } => left,
            };
            (w, sp, right)
        }
        // "X went on national television on Friday to proclaim …"
        None if j > lo && doc.w(j - 1) == "to" => {
            let verb = (j.saturating_sub(10).max(lo)..j - 1)
                .rev()
                .take_while(|&t| doc.is_word(t) || doc.toks[t].kind == TokenKind::Possessive)
                .find(|&t| LEXICON.appearing.contains(doc.w(t)))?;
            let subject = subject_of(doc, ents, lo, verb);
            subject.as_ref()?;
            (Who::Previous { subject }, left, right)
        }
        None if j > lo && matches!(doc.w(j - 1), "and" | "but" | "while" | "then") => {
            // "X called for … and warned of …", "X said that … and urged …"; not "X asked
            // whether the plan, which … relies on …, and calls for …": there the verb
            // belongs to the subordinate clause.
            let prev_cue = (lo..j - 1)
                .rev()
                .find(|&t| is_verb_cue(doc.w(t)) && !doc.is_capitalized(t))
                .unwrap_or(lo);
            // A relative set off by commas ("Macron, who is held …, and demanded") closes
            // before the verb and does not hold it.
            if (prev_cue..j - 1).any(|t| {
                is_in(SUBORDINATE_OPENERS, doc.w(t))
                    && !(matches!(doc.w(t), "who" | "which") && is_punct(doc, t - 1, ","))
            }) {
                return None;
            }
            let inside = (lo..j - 1).any(|t| doc.w(t) == "that");
            let subject = if inside {
                None
            } else {
                subject_of(doc, ents, lo, j - 1)
            };
            (Who::Previous { subject }, left, right)
        }
        None => {
            let p = j.checked_sub(1)?;
            if !(is_punct(doc, p, ",") || doc.closes.contains_key(&p) || p < lo) {
                return None;
            }
            // "X, Russia's envoy, said …" before "…, said X".
            let subject = comma_subject(doc, ents, p, lo);
            match subject {
                Some(
                    w @ (Who::Phrase {
                        mention: Some(_), ..
                    }
                    | Who::Pronoun(_)),
                ) => {
                    let sp = match &w {
                        Who::Phrase { toks, .. } => toks.start,
                        Who::Pronoun(t) => *t,
                        Who::Previous { .. } => left,
                    };
                    (w, sp, right)
                }
                _ => match inverted(doc, ents, right, hi) {
                    Some((w, e)) => (w, left, e),
                    // "Prigozhin praises Niger coup, advertises services": a second cue of the
                    // same subject.
                    None if subject.is_none()
                        && (lo..p).any(|t| is_verb_cue(doc.w(t)) && !doc.is_capitalized(t))
                        && !(lo..p).any(|t| is_in(SUBORDINATE_OPENERS, doc.w(t))) =>
                    {
                        (Who::Previous { subject: None }, left, right)
                    }
                    None => {
                        let w = subject?;
                        let sp = match &w {
                            Who::Phrase { toks, .. } => toks.start,
                            _ => left,
                        };
                        (w, sp, right)
                    }
                },
            }
        }
    };
    if let Who::Phrase { toks, .. } = &who
        && (toks.start.saturating_sub(3).max(lo)..toks.end)
            .any(|t| matches!(doc.w(t), "neither" | "nor" | "none" | "no" | "nobody"))
    {
        // "Neither the government nor Hamas confirmed …": nobody said it.
        return None;
    }
    let mut after = skip_fwd(doc, after, hi);
    let mut that = false;
    if is_in(HEARER_VERBS, doc.w(cue.start)) {
        after = past_hearer(doc, cue.start, after, hi)?;
    }
    if doc.w(after) == "that" {
        that = true;
        after += 1;
    }
    // "“A,” X said, “B.”": A is what the cue claims; B joins it later.
    let before = content_before(doc, sp_start, lo);
    if is_punct(doc, after, ",")
        && let Some(w @ What::Group(_)) = &before
    {
        return Some(Cand {
            cue,
            who,
            what: w.clone(),
            content_after: false,
            relay: false,
        });
    }
    if let Some(g) = quote_after(doc, after) {
        return Some(Cand {
            cue,
            who,
            what: What::Group(g),
            content_after: false,
            relay: false,
        });
    }
    // "X said no to …": a refusal, not a report.
    if matches!(doc.w(after), "no" | "yes") && doc.w(after + 1) == "to" {
        return None;
    }
    // Nothing said follows: the clause ends, or a subordinate clause starts ("X said as he
    // left", "replied by commenting"), or a phrase runs to the clause end ("said in an
    // interview on television.").
    let ends = clause_end(doc, after, hi)
        || (!that && matches!(doc.w(after), "by" | "of"))
        || (!that
            && is_in(SUBORDINATORS, doc.w(after))
            && !(matches!(act, Act::Characterising | Act::Evaluative) && doc.w(after) == "as"));
    // An infinitive is the content of a promise or a call: "pledged to send …".
    let infinitive = doc.w(after) == "to" && matches!(act, Act::Committing | Act::Directive);
    let pp_end = if ends || infinitive {
        None
    } else {
        pp_clause_end(doc, after, hi)
    };
    if class == CueClass::QuoteOnly {
        // "“…,” the ministry posted on X": speech only with a quotation; "directed the
        // committee to “put the force into action”": a quotation that ends the object; or
        // the wording after a colon.
        return match before {
            Some(w @ What::Group(_)) if ends || pp_end.is_some() => Some(Cand {
                cue,
                who,
                what: w,
                content_after: false,
                relay: false,
            }),
            // "the Authority resolved to: Reaffirm …": the document's wording after a colon.
            _ if doc.w(after) == ":" => Some(Cand {
                cue,
                who,
                what: content_after(doc, after + 1, hi)?,
                content_after: true,
                relay: false,
            }),
            _ if !ends && quotation_ends_clause(doc, after, hi) => Some(Cand {
                cue,
                who,
                what: content_after(doc, after, hi)?,
                content_after: true,
                relay: false,
            }),
            _ => None,
        };
    }
    // "the help it asked for at the talks": the preposition of "asked for" has its object
    // elsewhere.
    let stranded = cue.len() > 1 && (ends || pp_end.is_some());
    let what = if ends || pp_end.is_some() {
        if !act.speaks_without_object() || stranded {
            return None;
        }
        let end = pp_end.unwrap_or(after);
        match before {
            // "The takeover, Tchiani said, had been …": the content runs on after the cue;
            // "an assault that, the lawmakers said, was …": only what follows is said.
            Some(What::Span(r))
                if is_punct(doc, end, ",")
                    && end + 2 < hi
                    && !doc.opens.contains_key(&(end + 1))
                    && !is_cue_word(doc.w(end + 1))
                    && !matches!(doc.w(end + 1), "and" | "but" | "while" | "whereas") =>
            {
                let opener = sp_start >= 2 && is_in(CLAUSE_OPENERS, doc.w(sp_start - 2));
                let start = if opener { end + 1 } else { r.start };
                Some((What::Span(start..hi), false))
            }
            // "…, X warned of reprisals": the content follows unless a quotation precedes.
            Some(What::Span(_)) if doc.w(after) == "of" => {
                content_after(doc, after, hi).map(|w| (w, true))
            }
            Some(w) => Some((w, false)),
            None if is_punct(doc, after, ",") => {
                content_after(doc, after + 1, hi).map(|w| (w, true))
            }
            None if pp_end.is_some() || doc.w(after) == "of" => {
                content_after(doc, after, hi).map(|w| (w, true))
            }
            None => None,
        }
    } else if (class == CueClass::Strict && !that && !doc.in_headline(cue.start))
        || !takes(doc, ents, act, after, hi)
    {
        None
    } else if act == Act::Naming && sp_start > lo && doc.w(sp_start - 1) == "what" {
        // "what it called “measures”": a term quoted, not a claim.
        None
    } else {
        content_after(doc, after, hi).map(|w| (w, true))
    };
    let (what, content_after) = what?;
    Some(Cand {
        cue,
        who,
        what,
        content_after,
        relay: false,
    })
}

/// True when a quotation opens within the clause after `after` and runs to its end.
fn quotation_ends_clause(doc: &Doc, after: usize, hi: usize) -> bool {
    let Some(open) = (after..hi.min(after + 16))
        .take_while(|&t| !matches!(doc.w(t), "." | ";" | ":"))
        .find(|&t| doc.opens.contains_key(&t))
    else {
        return false;
    };
    let s = doc.opens[&open];
    let last = doc.groups[doc.spans[s].group].last().copied().unwrap_or(s);
    doc.spans[last]
        .close
        .is_none_or(|c| clause_end(doc, c + 1, hi) || matches!(doc.w(c + 1), "." | "," | ";"))
}

/// Words that open a subordinate clause or a relative one.
const SUBORDINATE_OPENERS: &[&str] = &[
    "which", "who", "whether", "if", "since", "because", "although", "though", "whereas", "when",
];

/// Words that open a clause inside a sentence: a verb after one belongs to that clause.
const CLAUSE_OPENERS: &[&str] = &[
    "that", "which", "who", "whether", "if", "since", "because", "although", "though", "while",
    "whereas", "when",
];

/// Words that open a subordinate clause: after a cue they say when or why, not what.
const SUBORDINATORS: &[&str] = &[
    "as", "while", "after", "before", "when", "amid", "since", "because", "although", "though",
    "whereas", "once", "until",
];

/// The token range of cue `cue` widened over scare quotes around it (“hailed”).
fn scare_quoted(doc: &Doc, cue: &Range<usize>) -> (usize, usize) {
    let open = cue.start.checked_sub(1).and_then(|o| doc.opens.get(&o));
    match open {
        Some(&s) if doc.spans[s].close == Some(cue.end) => (cue.start - 1, cue.end + 1),
        _ => (cue.start, cue.end),
    }
}

/// Where the content starts after a verb with a hearer ("told reporters on Tuesday that …",
/// "warned the junta that …", "told Al Jazeera."): past the hearer when "that" follows it;
/// `None` when a verb of telling names only its hearer and nothing said follows.
fn past_hearer(doc: &Doc, verb: usize, after: usize, hi: usize) -> Option<usize> {
    // "that" after a hearer of a few words, names and asides ("the ECOWAS summit (ECOWAS),").
    let that = (after..hi.min(after + 24))
        .take_while(|&t| {
            doc.is_word(t)
                || doc.toks[t].kind == TokenKind::Possessive
                || matches!(doc.w(t), "," | "(" | ")")
        })
        .take_while(|&t| t == after || !is_cue_word(doc.w(t)) || doc.is_capitalized(t))
        .find(|&t| doc.w(t) == "that");
    if let Some(t) = that {
        return Some(t);
    }
    if !matches!(doc.w(verb), "tell" | "tells" | "told" | "telling") {
        return Some(after);
    }
    // "told journalists he was sure …": a short hearer, then the clause.
    if let Some(subject) = (after + 1..hi.min(after + 4))
        .take_while(|&t| doc.is_word(t))
        .find(|&t| matches!(doc.w(t), "he" | "she" | "they" | "it" | "we" | "i"))
    {
        return Some(subject);
    }
    // "told the envoys to leave …", "told Al Jazeera." / ", …"
    let hearer_end = (after..hi)
        .take(8)
        .find(|&t| {
            !doc.is_word(t) && doc.toks[t].kind != TokenKind::Possessive
                || matches!(doc.w(t), "that" | "to" | "in" | "on")
        })
        .unwrap_or(hi);
    if doc.w(hearer_end) != "to" && hearer_end > after {
        let next = skip_fwd(doc, hearer_end, hi);
        if !clause_end(doc, next, hi) && doc.w(next) != "that" {
            return None;
        }
        return Some(next);
    }
    Some(after)
}

/// Whether what follows a cue at `after` is a complement its act takes: "accused Y of",
/// "described Y as", "called Y a …", a noun phrase that is not only a person welcomed or
/// thanked, "rejected the claims", a promise that is not only of a comment.
fn takes(doc: &Doc, ents: &Extraction, act: Act, after: usize, hi: usize) -> bool {
    match act {
        Act::Accusing => ahead(doc, after, hi, &["of", "for"]),
        Act::Characterising => ahead(doc, after, hi, &["as"]),
        Act::Naming => second_object(doc, after, hi),
        Act::Evaluative => {
            !person_object(doc, ents, after, hi) || ahead(doc, after, hi, &["for", "as"])
        }
        Act::Rebutting => claim_object(doc, ents, after, hi),
        // "offered a comparison": the comparison is given elsewhere.
        Act::Committing => !claim_object(doc, ents, after, hi),
        Act::Assertive | Act::Directive | Act::Announcing | Act::Source => true,
    }
}

/// True when the noun phrase at `after` names something said ("the claims", "a comparison").
fn claim_object(doc: &Doc, ents: &Extraction, after: usize, hi: usize) -> bool {
    let np = np_at(doc, ents, after, hi);
    np.end > np.start && LEXICON.claims.contains(doc.w(np.end - 1))
}

/// True when one of `words` comes within the next 16 tokens of the clause from `from`.
fn ahead(doc: &Doc, from: usize, hi: usize, words: &[&str]) -> bool {
    (from..hi.min(from + 16))
        .take_while(|&t| !doc.is_break(t) && !matches!(doc.w(t), "." | ";" | ":" | "!" | "?"))
        .any(|t| is_in(words, doc.w(t)))
}

/// "called the mission a moral duty", "called it “a farce”": an object, then a second noun
/// phrase or a quotation.
fn second_object(doc: &Doc, after: usize, hi: usize) -> bool {
    if matches!(
        doc.w(after),
        "a" | "an" | "off" | "up" | "back" | "out" | "in" | "to"
    ) {
        return false;
    }
    let second = (after..hi.min(after + 8)).find(|&t| {
        matches!(doc.w(t), "a" | "an")
            || doc.opens.contains_key(&t)
            || !(doc.is_word(t) || doc.toks[t].kind == TokenKind::Possessive)
    });
    second.is_some_and(|t| {
        t > after && (matches!(doc.w(t), "a" | "an") || doc.opens.contains_key(&t))
    })
}

/// True when the object at `after` is a person or a group of people ("him", "Lena Varga",
/// "the delegation"): welcoming or thanking them is not, by itself, saying something.
fn person_object(doc: &Doc, ents: &Extraction, after: usize, hi: usize) -> bool {
    if matches!(doc.w(after), "him" | "her" | "them" | "us" | "me") {
        return true;
    }
    let np = np_at(doc, ents, after, hi);
    if np.is_empty() {
        return false;
    }
    let last = np.end - 1;
    let person = doc
        .mention_end
        .get(&last)
        .is_some_and(|&m| ents.mentions[m].kind == EntityKind::Person);
    person || LEXICON.speakers.contains(doc.w(last)) || LEXICON.anonymous.contains(doc.w(last))
}

/// The noun phrase starting at token `i` (determiners, adjectives, possessives, names; at
/// most 8 tokens): it ends before a preposition, conjunction, clause word or punctuation.
fn np_at(doc: &Doc, ents: &Extraction, i: usize, hi: usize) -> Range<usize> {
    let mut e = i;
    while e < hi && e < i + 8 {
        if let Some(&m) = doc.mention_start.get(&e) {
            let end = ents.mentions[m].range.end;
            e = (e..hi).find(|&t| doc.toks[t].range.end >= end).unwrap_or(e) + 1;
            continue;
        }
        let w = doc.w(e);
        let ok = match doc.toks[e].kind {
            TokenKind::Word | TokenKind::Number => {
                !is_in(BOUNDARIES, w) && !matches!(w, "of" | "as" | "towards" | "toward")
            }
            TokenKind::Possessive => e > i,
            _ => false,
        };
        if !ok {
            break;
        }
        e += 1;
    }
    i..e.min(hi)
}

/// "The coup has been condemned by X", "The deal was welcomed by X": the agent after "by"
/// speaks; the subject before the verb `be` is what was said.
fn build_passive(
    doc: &Doc,
    ents: &Extraction,
    cue: Range<usize>,
    act: Act,
    be: usize,
    lo: usize,
    hi: usize,
) -> Option<Cand> {
    if !matches!(act, Act::Evaluative | Act::Rebutting | Act::Characterising) {
        return None;
    }
    let by = skip_fwd(doc, cue.end, hi);
    if doc.w(by) != "by" {
        return None;
    }
    let (who, _) = gather_right(doc, ents, by + 1, hi)?;
    if let Who::Phrase { toks, .. } = &who {
        phrase(doc, ents, toks.clone())?;
    }
    let mut end = be;
    while end > lo && is_in(AUXILIARIES, doc.w(end - 1)) {
        end -= 1;
    }
    while end > lo && matches!(doc.w(end - 1), "," | "—" | "–") {
        end -= 1;
    }
    let mut start = skip_fwd(doc, lo, end);
    while start < end && matches!(doc.w(start), "but" | "and" | "however" | "," | "yet") {
        start += 1;
    }
    (end > start).then_some(Cand {
        cue,
        who,
        what: What::Span(start..end),
        content_after: false,
        relay: false,
    })
}

/// "According to X, …" and "…, according to X"; relaying sources ("“…,” she said, as quoted
/// by Reuters", "sources quoted by Reuters", "X was quoted by Reuters as saying “…”").
fn build_prep(doc: &Doc, ents: &Extraction, cue: Range<usize>) -> Option<Cand> {
    let sentence = doc.sentence_of(cue.start);
    let (lo, hi) = (sentence.start, sentence.end.max(cue.end));
    let (who, np_end) = gather_right(doc, ents, cue.end, hi)?;
    let relay = doc.w(cue.end - 1) == "by";
    let at_start = (lo..cue.start).all(|t| {
        matches!(
            doc.w(t),
            "but" | "and" | "however" | "," | "yet" | "so" | "also"
        )
    });
    let rest = || {
        let mut a = np_end;
        // "quoted by Reuters as saying …"
        if doc.w(a) == "as" && doc.w(a + 1).ends_with("ing") {
            a += 2;
        }
        while is_punct(doc, a, ",") {
            a += 1;
        }
        match quote_after(doc, a) {
            Some(g) => Some((What::Group(g), false)),
            None => content_after(doc, a, hi).map(|w| (w, true)),
        }
    };
    let (what, after) = if at_start {
        rest()?
    } else if relay {
        // The quotation relayed, else the clause before, else what follows the source.
        let quoted = (lo..cue.start)
            .rev()
            .find_map(|t| doc.closes.get(&t))
            .map(|&s| What::Group(doc.spans[s].group));
        match quoted.or_else(|| content_before(doc, cue.start, lo)) {
            Some(w) => (w, false),
            None => rest()?,
        }
    } else {
        (content_before(doc, cue.start, lo)?, false)
    };
    Some(Cand {
        cue,
        who,
        what,
        content_after: after,
        relay,
    })
}

/// "…, adding that …", "…, saying …", "X was quoted (by Y) as saying …", and a clause opened
/// by a participle ("Denouncing the takeover, the lawmakers demanded …").
fn build_participle(doc: &Doc, ents: &Extraction, cue: Range<usize>, act: Act) -> Option<Cand> {
    let sentence = doc.sentence_of(cue.start);
    let (lo, hi) = (sentence.start, sentence.end.max(cue.end));
    if cue.start == lo || (cue.start == lo + 1 && matches!(doc.w(lo), "but" | "and" | "while")) {
        return opening_participle(doc, ents, cue, act, hi);
    }
    let p = cue.start.checked_sub(1)?;
    // "have been calling for", "were denouncing": a verb in the progressive.
    if is_in(
        PASSIVE,
        doc.w(skip_back(doc, cue.start, lo).saturating_sub(1)),
    ) {
        return build_verb(doc, ents, cue, CueClass::Verb, act);
    }
    let (who, cue) = if doc.w(p) == "as" {
        let q = (p.saturating_sub(6).max(lo)..p)
            .rev()
            .find(|&t| doc.w(t) == "quoted")?;
        let mut j = q;
        while j > lo && (is_in(PASSIVE, doc.w(j - 1)) || is_in(AUXILIARIES, doc.w(j - 1))) {
            j -= 1;
        }
        (gather_left(doc, ents, j, lo)?, q..cue.end)
    } else if is_punct(doc, p, ",") || matches!(doc.w(p), "and" | "while" | "before" | "after") {
        let subject = subject_of(doc, ents, lo, p);
        (Who::Previous { subject }, cue)
    } else if let Some(w @ Who::Phrase { .. }) = gather_left(doc, ents, cue.start, lo)
        && let Who::Phrase { toks, mention } = &w
        && toks.start > lo
        && (doc.w(toks.start - 1) == "with"
            || mention.is_some_and(|m| ents.mentions[m].kind == EntityKind::Person))
    {
        // "with military leaders alleging that …", "a note sent by Minister X voicing …"
        (w, cue)
    } else {
        return None;
    };
    let mut after = skip_fwd(doc, cue.end, hi);
    if doc.w(after) == "that" {
        after += 1;
    }
    if let Some(g) = quote_after(doc, after) {
        return Some(Cand {
            cue,
            who,
            what: What::Group(g),
            content_after: false,
            relay: false,
        });
    }
    if !takes(doc, ents, act, after, hi) || clause_end(doc, after, hi) {
        return None;
    }
    Some(Cand {
        cue,
        who,
        what: content_after(doc, after, hi)?,
        content_after: true,
        relay: false,
    })
}

/// "Denouncing the takeover, the lawmakers demanded …": the participle's content runs to the
/// comma, and the subject after the comma speaks.
fn opening_participle(
    doc: &Doc,
    ents: &Extraction,
    cue: Range<usize>,
    act: Act,
    hi: usize,
) -> Option<Cand> {
    let after = skip_fwd(doc, cue.end, hi);
    if !takes(doc, ents, act, after, hi) {
        return None;
    }
    let comma = (after..hi)
        .take_while(|&t| !doc.opens.contains_key(&t))
        .find(|&t| is_punct(doc, t, ","))?;
    let (who, _) = gather_right(doc, ents, comma + 1, hi)?;
    if let Who::Phrase { toks, .. } = &who {
        phrase(doc, ents, toks.clone())?;
    }
    (comma > after + 1).then_some(Cand {
        cue,
        who,
        what: What::Span(after..comma),
        content_after: false,
        relay: false,
    })
}

/// "“…” – Name": a quotation followed by a dash and the speaker at the end of the line.
fn dash_after_quote(doc: &Doc, ents: &Extraction, g: usize) -> Option<Cand> {
    let &last = doc.groups[g].last()?;
    let close = doc.spans[last].close?;
    let mut d = close + 1;
    if is_punct(doc, d, ",") || is_punct(doc, d, ".") {
        d += 1;
    }
    if !is_dash(doc, d) {
        return None;
    }
    let hi = (d + 1..doc.len())
        .find(|&t| doc.is_break(t))
        .unwrap_or(doc.len());
    let (who, e) = gather_right(doc, ents, d + 1, hi)?;
    if e + 2 < hi && !is_punct(doc, e, "(") {
        return None;
    }
    Some(Cand {
        cue: d..d + 1,
        who,
        what: What::Group(g),
        content_after: false,
        relay: false,
    })
}

/// A headline "… : X" or "… – X" whose tail is a speaker ("…: Qatar", "…: president"), or
/// "X: …" whose head is a body or person ("Turkish MFA: Fidan holds talks …").
fn headline_tag(doc: &Doc, ents: &Extraction) -> Option<Cand> {
    let end = (0..doc.len()).find(|&t| doc.toks[t].kind == TokenKind::ParaBreak)?;
    let sep = (1..end)
        .rev()
        .find(|&t| is_punct(doc, t, ":") || (is_dash(doc, t) && doc.w(t) != "-"))?;
    if end - sep <= 5 && sep >= 3 {
        let (who, e) = gather_right(doc, ents, sep + 1, end)?;
        let speaks = match &who {
            Who::Phrase {
                mention: Some(_), ..
            } => true,
            Who::Phrase { toks, .. } => {
                toks.len() <= 3 && phrase(doc, ents, toks.clone()).is_some()
            }
            _ => false,
        };
        return (e == end && speaks).then_some(Cand {
            cue: sep..sep + 1,
            who,
            what: What::Span(0..sep),
            content_after: false,
            relay: false,
        });
    }
    // "Turkish MFA: Fidan holds phone talks …"
    let colon = (1..end.min(6)).find(|&t| is_punct(doc, t, ":"))?;
    let who = phrase(doc, ents, 0..colon)?;
    let body = matches!(&who, Who::Phrase { mention: Some(m), .. }
        if matches!(ents.mentions[*m].kind, EntityKind::Org | EntityKind::Person));
    (body && end > colon + 4).then_some(Cand {
        cue: colon..colon + 1,
        who,
        what: What::Span(colon + 1..end),
        content_after: false,
        relay: false,
    })
}
