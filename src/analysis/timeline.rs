//! The timeline pass: time expressions normalised to ISO values against the article's date,
//! the article's date itself (metadata, dateline or inferred), and the events they anchor.
//!
//! [`document_date`] decides the date an article speaks from; [`extract`] finds every time
//! expression (`on Tuesday`, `last month`, `Thursday and Friday, August 17 to 18`,
//! `2023-08-17`) with its value and granularity; [`events`] ties each expression to its
//! sentence, a short label and the actors of the entity pass; [`record`] gives the `timex`
//! field of the JSON record (`eval/SCHEMA.md`); [`merge_events`] merges the events of many
//! articles into the project timeline, flagging dates outlets disagree on. Pure: no I/O, no
//! clock.
//!
//! How it works: `lex` classifies the shared tokens, `scan` matches the grammar, `tense`
//! reads the clause's tense, `calendar` resolves values with `jiff`, `anchor` finds the
//! article's date (and, for an article it leaves undated, the clues its text gives:
//! [`self_date`]), `coverage` dates an article from dated reports of its story and from those
//! clues ([`date_from_coverage`], [`guess_date`]), `label` writes event labels and `merge`
//! builds the project timeline.
//!
//! Conventions: `a/b/yyyy` is read day first (`17/08/2023`) unless the second number cannot
//! be a month (`08/17/2023`); a bare weekday in a past or tenseless clause is the latest such
//! day on or before the article's date, in a clause that looks ahead the next one on or after
//! it (so a weekday naming the article's own day is that day); `last`/`next` exclude the
//! article's day; `last week` is the ISO week before the article's week.

mod anchor;
mod calendar;
mod coverage;
mod label;
mod lex;
pub mod merge;
mod scan;
mod tense;

use crate::analysis::entities::Extraction;
use crate::analysis::text;
use crate::model::Date;
use calendar::{Ctx, Tense};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock, RwLock};

pub use crate::model::{DateSource, DocumentDate, Granularity, Timex, TimexRecord};
pub use anchor::REFERENCE_YEAR;
pub use coverage::{Coverage, date_from_coverage, guess_date};
pub use merge::{EventRef, MergedEvent, merge_events, merge_events_onto};

/// An event: the clause or sentence a time expression anchors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Index into the timexes given to [`events`].
    pub timex: usize,
    /// Byte range of the sentence.
    pub sentence: Range<usize>,
    /// A short label: at most 12 words of the clause around the expression.
    pub label: String,
    /// Indices into [`Extraction::actors`] of the actors mentioned in the sentence, in order.
    pub actors: Vec<usize>,
}

/// The article's date: `metadata` when given, else a dateline at the top of the body
/// (`NIAMEY, Aug 10 (Reuters) -`), else what the text implies (`today, August 17, 2023`; a
/// weekday named with a calendar date fixes the week), else unknown. Years the text does not
/// give are taken near [`REFERENCE_YEAR`]; see [`document_date_near`].
pub fn document_date(text: &str, metadata: Option<Date>) -> DocumentDate {
    document_date_near(text, metadata, None)
}

/// [`document_date`] with a hint for the year when the text names none (the import date's
/// year, or that of other articles of the story); `None` uses [`REFERENCE_YEAR`].
pub fn document_date_near(
    text: &str,
    metadata: Option<Date>,
    year_hint: Option<i16>,
) -> DocumentDate {
    if metadata.is_some() {
        return DocumentDate {
            date: metadata,
            source: DateSource::Metadata,
        };
    }
    let doc = Scanned::of(text);
    anchor::document_date(text, &doc, year_hint)
}

/// The day the text fixes when the dates it writes without a year are taken in `year_hint`'s
/// year (`on Sept. 19` and `on Wednesday` in the lead), or when its top places the news by an
/// offset from an earlier event it dates (`on Wednesday, a day after the operation began`);
/// `None` when it does not. A reading for undated articles, after [`document_date_near`].
pub fn self_date(text: &str, year_hint: Option<i16>) -> Option<Date> {
    let doc = Scanned::of(text);
    anchor::clues(text, &doc, year_hint).fixed
}

/// Every time expression of `text` (headline line, blank line, body) in text order, resolved
/// against `document_date`; with no date, values that depend on it are `None`.
pub fn extract(text: &str, document_date: Option<Date>) -> Vec<Timex> {
    let doc = Scanned::of(text);
    doc.resolved(document_date)
        .map(|(f, value, relative)| {
            let granularity = value.map_or_else(
                || granularity_of(&f.found.expr),
                calendar::Value::granularity,
            );
            let range = doc.byte_range(&f.found);
            Timex {
                text: text[range.clone()].to_string(),
                range,
                value: value.map(calendar::Value::iso),
                granularity,
                relative,
            }
        })
        .collect()
}

/// The granularity an expression would have, for expressions left without a value.
fn granularity_of(expr: &scan::Expr) -> Granularity {
    use lex::Unit;
    use scan::Expr;
    match expr {
        Expr::Month { .. } | Expr::MonthIn { .. } => Granularity::Month,
        Expr::Year(_) => Granularity::Year,
        Expr::Relative {
            unit: Unit::Week, ..
        } => Granularity::Week,
        Expr::Relative {
            unit: Unit::Month, ..
        } => Granularity::Month,
        Expr::Relative {
            unit: Unit::Year, ..
        } => Granularity::Year,
        Expr::Range(..) | Expr::Weekend(_) | Expr::Unvalued { interval: true } => {
            Granularity::Interval
        }
        _ => Granularity::Day,
    }
}

/// The events the `timexes` of `text` anchor: for each, its sentence, a label of at most 12
/// words around it, and the actors of `entities` mentioned in that sentence.
pub fn events(text: &str, timexes: &[Timex], entities: &Extraction) -> Vec<Event> {
    let scanned = Scanned::of(text);
    let sentences = &scanned.byte_sentences;
    timexes
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let at = sentences.partition_point(|s| s.end <= t.range.start);
            let sentence = sentences
                .get(at)
                .filter(|s| s.start <= t.range.start)
                .cloned()
                .unwrap_or_else(|| t.range.clone());
            let mut actors = Vec::new();
            for m in &entities.mentions {
                if m.range.start >= sentence.start
                    && m.range.end <= sentence.end
                    && let Some(a) = m.actor
                    && !actors.contains(&a)
                {
                    actors.push(a);
                }
            }
            Event {
                timex: i,
                label: label::label(text, sentence.clone(), t.range.clone()),
                sentence,
                actors,
            }
        })
        .collect()
}

/// The record's `timex` field.
pub fn record(timexes: &[Timex]) -> Vec<TimexRecord> {
    timexes
        .iter()
        .map(|t| TimexRecord {
            text: t.text.clone(),
            value: t.value.clone(),
        })
        .collect()
}

/// A found expression with the tense of its clause.
struct Placed {
    found: scan::Found,
    tense: Tense,
    /// Token indices of its sentence.
    sentence: Range<usize>,
}

/// The article text read once: classified tokens and the expressions in them.
struct Scanned {
    toks: Vec<lex::Tok>,
    found: Vec<Placed>,
    /// Token index where the lead ends: the headline and the first sentence of the body (a
    /// body line repeating the headline skipped).
    lead_end: usize,
    /// Token ranges of the sentences, in order.
    sentences: Vec<Range<usize>>,
    /// Byte ranges of the sentences ([`text::sentences`]).
    byte_sentences: Vec<Range<usize>>,
    /// Token index where the top of the article ends: the headline and the first
    /// [`TOP_SENTENCES`] sentences of the body.
    top_end: usize,
}

/// How many body sentences make the top of an article, where its news is told.
const TOP_SENTENCES: usize = 3;

impl Scanned {
    /// Tokenises, scans and reads each expression's tense.
    fn new(text: &str) -> Self {
        let split = text::split(text);
        let (raw, byte_sentences) = (&split.tokens, split.sentences.clone());
        let toks = lex::classify_all(text, raw);
        let sentences: Vec<Range<usize>> = byte_sentences
            .iter()
            .map(|s| {
                toks.partition_point(|t| t.range.start < s.start)
                    ..toks.partition_point(|t| t.range.start < s.end)
            })
            .collect();
        let found = scan::scan(&toks)
            .into_iter()
            .map(|f| {
                let s = sentences.partition_point(|s| s.end <= f.toks.start);
                let sentence = sentences.get(s).cloned().unwrap_or(0..toks.len());
                let tense = tense::tense_at(text, &toks, f.toks.clone(), sentence.clone());
                Placed {
                    found: f,
                    tense,
                    sentence,
                }
            })
            .collect();
        let first = first_body_sentence(text, &byte_sentences);
        let end_of = |n: usize| {
            byte_sentences
                .get(first + n.saturating_sub(1))
                .map_or(toks.len(), |s| {
                    toks.partition_point(|t| t.range.start < s.end)
                })
        };
        let (lead_end, top_end) = (end_of(1), end_of(TOP_SENTENCES));
        Scanned {
            toks,
            found,
            lead_end,
            sentences,
            byte_sentences,
            top_end,
        }
    }

    /// The scan of `text`, made once for the texts read in a row: an article's date, its
    /// expressions and its events, and an undated article read under several years, each
    /// read the same scan. The last scan is kept per thread (of a text up to
    /// [`text::MEMO_MAX_BYTES`]), and those of the texts a [`KeptScans`] holds on every
    /// thread; the scan depends on the text alone, so this changes no result.
    fn of(text: &str) -> Arc<Scanned> {
        thread_local! {
            static LAST: RefCell<Option<(String, Arc<Scanned>)>> = const { RefCell::new(None) };
        }
        LAST.with(|last| {
            if let Some((seen, scan)) = &*last.borrow()
                && seen == text
            {
                return Arc::clone(scan);
            }
            let scan = KeptScans::scan_of(text).unwrap_or_else(|| Arc::new(Scanned::new(text)));
            *last.borrow_mut() =
                (text.len() <= text::MEMO_MAX_BYTES).then(|| (text.to_string(), Arc::clone(&scan)));
            scan
        })
    }

    /// Each expression kept as a time expression, with its value against `document_date` and
    /// whether that date was used, in text order.
    fn resolved(
        &self,
        document_date: Option<Date>,
    ) -> impl Iterator<Item = (&Placed, Option<calendar::Value>, bool)> {
        let mut prev_day = None;
        self.found
            .iter()
            .filter(|f| !f.found.needs_future || f.tense == Tense::Future)
            .map(move |f| {
                let ctx = Ctx {
                    doc: document_date,
                    tense: f.tense,
                    prev_day,
                };
                let (value, relative) = calendar::resolve(&f.found.expr, &ctx);
                if let Some(d) = value.and_then(calendar::Value::day) {
                    prev_day = Some(d);
                }
                (f, value, relative)
            })
    }

    /// Byte range of a found expression.
    fn byte_range(&self, f: &scan::Found) -> Range<usize> {
        let start = self.toks[f.toks.start].range.start;
        let end = self.toks[f.toks.end - 1].range.end;
        start..end
    }
}

/// Texts read many times over on any thread, each scanned once while a [`KeptScans`] holds it:
/// each text with the number of holders and its scan, made when first read.
type Kept = HashMap<String, (usize, OnceLock<Arc<Scanned>>)>;

static KEPT: RwLock<Option<Kept>> = RwLock::new(None);

/// Keeps the scans of texts read many times over, on any thread, while it lives: dating reads
/// each undated article's text under several years and coverages ([`self_date`],
/// [`guess_date`], [`date_from_coverage`]), then [`extract`]s its expressions with the date
/// found; each such text is scanned once. At most [`KeptScans::MAX`] texts a holder; the
/// others are scanned as before (the same result, in more time).
pub struct KeptScans {
    texts: Vec<String>,
}

impl KeptScans {
    /// How many texts one holder keeps the scans of.
    pub const MAX: usize = 1024;

    /// Keeps the scans of (the first [`KeptScans::MAX`] of) `texts` until dropped.
    pub fn of<'a>(texts: impl Iterator<Item = &'a str>) -> KeptScans {
        let texts: Vec<String> = texts
            .filter(|t| t.len() <= text::MEMO_MAX_BYTES)
            .take(Self::MAX)
            .map(str::to_string)
            .collect();
        if let Ok(mut kept) = KEPT.write() {
            let kept = kept.get_or_insert_with(HashMap::new);
            for t in &texts {
                kept.entry(t.clone()).or_insert((0, OnceLock::new())).0 += 1;
            }
        }
        KeptScans { texts }
    }

    /// The scan of `text` if a holder keeps it (made now if first read).
    fn scan_of(text: &str) -> Option<Arc<Scanned>> {
        let kept = KEPT.read().ok()?;
        let (_, scan) = kept.as_ref()?.get(text)?;
        Some(Arc::clone(
            scan.get_or_init(|| Arc::new(Scanned::new(text))),
        ))
    }
}

impl Drop for KeptScans {
    fn drop(&mut self) {
        let Ok(mut kept) = KEPT.write() else {
            return;
        };
        let Some(map) = kept.as_mut() else {
            return;
        };
        for t in &self.texts {
            if let Some((holders, _)) = map.get_mut(t) {
                *holders -= 1;
                if *holders == 0 {
                    map.remove(t);
                }
            }
        }
        if map.is_empty() {
            *kept = None;
        }
    }
}

/// Index into `sentences` of the first sentence of the body (after the headline, the text
/// before the first blank line), skipping a first sentence that repeats the headline and a
/// dateline on a line of its own; the body's `n`th sentence is `n - 1` after it.
fn first_body_sentence(text: &str, sentences: &[Range<usize>]) -> usize {
    let body = text.find("\n\n").map_or(0, |i| i + 2);
    let folded = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let headline = folded(&text[..body]);
    // sentences end in order: those ending in the body are the last ones
    let mut first = sentences.partition_point(|s| s.end <= body);
    if let Some(s) = sentences.get(first)
        && !headline.is_empty()
        && text.get(s.clone()).map(folded) == Some(headline)
    {
        first += 1;
    }
    // a dateline on a line of its own (`BAKU`, `UNITED NATIONS, New York`) is no sentence
    if let Some(s) = sentences.get(first)
        && text.get(s.clone()).is_some_and(is_dateline_line)
    {
        first += 1;
    }
    first
}

/// True for a short line without a full stop whose words are capitalised: a place standing
/// as the dateline.
fn is_dateline_line(line: &str) -> bool {
    const MAX_WORDS: usize = 4;
    let line = line.trim();
    let words: Vec<&str> = line.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= MAX_WORDS
        && !line.ends_with(['.', '!', '?', '"', '”'])
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
        })
}

#[cfg(test)]
mod tests;
