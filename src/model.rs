//! Domain types shared by ingest, analysis, store, export and the app.
//!
//! Byte offsets always index into [`Article::text`], the analysed text, which starts with the
//! headline line (when the article has one), a blank line, then the cleaned body.

mod decision;
mod entity;
mod story;
mod timex;

pub use decision::{DecisionKind, DecisionRecord, DecisionStatus, Step, TrackedDecision};
pub use entity::{EntityKind, UserEntry};
pub use story::{Story, StoryEdit};
pub use timex::{DateSource, DocumentDate, Granularity, Timex, TimexRecord};

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Row id of an article in a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ArticleId(pub i64);

/// A calendar date (no time zone), as published or inferred.
pub type Date = jiff::civil::Date;

/// The first and last day of an ISO value: a day, an ISO week (`2023-W32`), a month, a year,
/// or an interval `A/B` of those (`None` when unreadable or backwards).
pub fn iso_days(value: &str) -> Option<(Date, Date)> {
    let value = value.trim();
    if let Some((a, b)) = value.split_once('/') {
        let (first, last) = (iso_days(a)?.0, iso_days(b)?.1);
        return (first <= last).then_some((first, last));
    }
    if let Some((year, week)) = value.split_once("-W") {
        let week = jiff::civil::ISOWeekDate::new(
            year.parse().ok()?,
            week.parse().ok()?,
            jiff::civil::Weekday::Monday,
        )
        .ok()?;
        let monday = week.date();
        return Some((monday, monday.checked_add(jiff::Span::new().days(6)).ok()?));
    }
    match value.len() {
        10 => {
            let d: Date = value.parse().ok()?;
            Some((d, d))
        }
        7 => {
            let first: Date = format!("{value}-01").parse().ok()?;
            Some((first, first.last_of_month()))
        }
        4 => {
            let year: i16 = value.parse().ok()?;
            Some((Date::new(year, 1, 1).ok()?, Date::new(year, 12, 31).ok()?))
        }
        _ => None,
    }
}

/// An article as read from a file, before it is stored in a project.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ArticleDraft {
    /// Headline; never empty (derived from the text when the file has none).
    pub title: String,
    /// True when the file gave no headline and `title` was derived from the body.
    pub title_derived: bool,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub published: Option<Date>,
    /// The analysed text: headline line, blank line, body without trailing boilerplate.
    pub text: String,
    /// The text as decoded from the file, line ends normalised, nothing removed.
    pub original: String,
    /// Path of the file it came from, as given to the importer.
    pub source_path: String,
    /// File name used for records and exports: `seed.txt`; `feed.csv#17` for row 17 of a CSV,
    /// `items.json#3` for the third object of a JSON array or JSONL file.
    pub source_name: String,
    /// Hex SHA-256 of the normalised text (whitespace collapsed, case folded).
    pub content_hash: String,
}

/// How an article relates to an earlier copy of itself in the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateKind {
    /// Same normalised text.
    Exact,
    /// Most shingles shared (a syndicated or lightly edited copy).
    Near,
}

impl DuplicateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateKind::Exact => "exact",
            DuplicateKind::Near => "near",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "exact" => Some(DuplicateKind::Exact),
            "near" => Some(DuplicateKind::Near),
            _ => None,
        }
    }
}

/// A link from an article to the first copy of it in the project.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuplicateOf {
    pub article: ArticleId,
    pub kind: DuplicateKind,
    /// Estimated Jaccard similarity of word shingles, 0..=1.
    pub similarity: f32,
}

/// An article stored in a project.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub published: Option<Date>,
    pub text: String,
    pub original: String,
    pub source_path: String,
    pub source_name: String,
    pub content_hash: String,
    pub duplicate_of: Option<DuplicateOf>,
}

/// The light view of an article the Library lists (no text).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<Date>,
    pub source_name: String,
    pub duplicate_of: Option<DuplicateOf>,
}

/// A problem with one input file (or one record in it); the import goes on without it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportWarning {
    pub path: String,
    pub reason: String,
}

impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// One full-text search hit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    pub article: ArticleId,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<Date>,
    /// A short excerpt around the best match.
    pub snippet: String,
    /// Byte ranges of the matched terms inside `snippet`.
    pub snippet_matches: Vec<Range<usize>>,
    /// Byte ranges of the matched terms inside the article's `text`.
    pub text_matches: Vec<Range<usize>>,
}

/// One quote as the project stores it: direct or reported speech with the byte ranges of its
/// cue, speaker and content in the article text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteRow {
    /// The whole construction.
    pub range: Range<usize>,
    pub direct: bool,
    pub cue: Range<usize>,
    /// The speaker as written ("he", "regional military and political sources").
    pub speaker_text: String,
    /// Who that is: the actor's name in the article, else as written.
    pub speaker_name: String,
    pub speaker_range: Option<Range<usize>>,
    pub content: Range<usize>,
    /// Index (among the article's quotes) of the quote this one is reported through.
    pub parent: Option<usize>,
    /// An unnamed source.
    pub anonymous: bool,
}

/// One article's report of an event: the sentence and the date value it gives.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventReport {
    pub article: ArticleId,
    /// Byte range of the sentence in the article text.
    pub sentence: Range<usize>,
    pub value: String,
}

/// An event on the project timeline, merged from every article that reports it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEvent {
    pub id: i64,
    pub label: String,
    /// The ISO value most reports give.
    pub value: String,
    /// Registry names of the actors in its sentences.
    pub actors: Vec<String>,
    pub reports: Vec<EventReport>,
    /// Set when reports disagree on the date.
    pub conflict: bool,
}

/// The analyst's fix of one quote, kept across re-analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuoteFix {
    /// Not reported speech.
    Reject,
    /// The quote's real speaker.
    Speaker(String),
}

impl QuoteFix {
    /// Applies the fix to a quote; `None` when the quote is rejected.
    pub fn apply(fix: Option<&QuoteFix>, mut quote: QuoteRow) -> Option<QuoteRow> {
        match fix {
            None => Some(quote),
            Some(QuoteFix::Reject) => None,
            Some(QuoteFix::Speaker(name)) => {
                quote.speaker_name = name.clone();
                quote.anonymous = false;
                Some(quote)
            }
        }
    }
}

/// One decision as the project stores it: one per decision per article, with the byte ranges
/// of its evidence in the article text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionRow {
    /// The evidence sentence.
    pub sentence: Range<usize>,
    /// The words naming the measure ("sanctions", "standby force").
    pub trigger: Range<usize>,
    /// Key of the tracked decision it belongs to (and of the analyst's edit of it).
    pub key: String,
    /// The machine registry actor (`actors.id`), when the actor is a known actor.
    pub actor_id: Option<i64>,
    /// The actor's registry name, else as written.
    pub actor: String,
    /// The actor as written ("ECOWAS", "the bloc", "It"); `None` when carried over from the
    /// decision before.
    pub actor_range: Option<Range<usize>>,
    /// The entity mention the actor resolves to.
    pub mention: Option<Range<usize>>,
    pub kind: DecisionKind,
    /// What is decided, in short: "sanctions", "standby force", "summit".
    pub head: String,
    pub action: String,
    pub target: Option<String>,
    /// ISO value of the decision's own date.
    pub date: Option<String>,
    pub status: DecisionStatus,
}

/// One step of a tracked decision's history: what one article reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionStep {
    pub article: ArticleId,
    pub outlet: Option<String>,
    /// When it was reported: the article's date, else the decision's own date.
    pub date: Option<String>,
    pub status: DecisionStatus,
    /// The evidence sentence in the article.
    pub evidence: Range<usize>,
}

/// A decision followed across articles, as the project stores it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrackedDecisionRow {
    pub id: i64,
    /// Stable across re-analysis; keys the analyst's [`DecisionEdit`].
    pub key: String,
    pub actor: String,
    pub kind: DecisionKind,
    pub head: String,
    pub action: String,
    pub target: Option<String>,
    pub date: Option<String>,
    /// The machine's current status: the latest step's.
    pub status: DecisionStatus,
    /// The status history, oldest first.
    pub steps: Vec<DecisionStep>,
}

impl TrackedDecisionRow {
    /// The status of the latest report and the date of the report that first gave it after a
    /// different one: the decision's own latest change, not the date of the newest round-up
    /// that merely mentions it again. `None` for no steps.
    pub fn latest_change(&self) -> Option<(DecisionStatus, Option<String>)> {
        latest_change(&self.steps)
    }
}

/// [`TrackedDecisionRow::latest_change`] of steps in report order.
pub fn latest_change(steps: &[DecisionStep]) -> Option<(DecisionStatus, Option<String>)> {
    let last = steps.last()?;
    let since = steps
        .iter()
        .rev()
        .take_while(|s| s.status == last.status)
        .last()
        .unwrap_or(last);
    // An undated report: the nearest dated one after it that keeps the status.
    let date = steps
        .iter()
        .skip_while(|s| !std::ptr::eq(*s, since))
        .find_map(|s| s.date.clone());
    Some((last.status, date))
}

/// The analyst's work on a tracked decision, kept across re-analysis under its key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionEdit {
    /// The status set by hand; `None` leaves the machine's.
    pub status: Option<DecisionStatus>,
    /// Who follows the decision.
    pub owner: Option<String>,
    /// When to look at it again.
    pub review_date: Option<Date>,
    pub notes: Option<String>,
    pub tags: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).expect("valid date")
    }

    #[test]
    fn days_of_iso_values() {
        assert_eq!(
            iso_days("2023-08-17/2023-08-18"),
            Some((date(2023, 8, 17), date(2023, 8, 18)))
        );
        assert_eq!(
            iso_days("2023-02"),
            Some((date(2023, 2, 1), date(2023, 2, 28)))
        );
        assert_eq!(
            iso_days("2023"),
            Some((date(2023, 1, 1), date(2023, 12, 31)))
        );
        assert_eq!(
            iso_days("2023-W33"),
            Some((date(2023, 8, 14), date(2023, 8, 20)))
        );
        assert_eq!(iso_days("2023-08-18/2023-08-17"), None);
        assert_eq!(iso_days("soon"), None);
        assert_eq!(iso_days("2023-W99"), None);
    }
}
