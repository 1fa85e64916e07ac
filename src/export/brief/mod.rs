//! Briefings: the view model of what an analyst hands on (summary, actors, timeline, quotes,
//! decisions, coverage and the sources behind them) and its Markdown, HTML and PDF renderings.
//!
//! Everything here is pure: a [`Briefing`] goes in, a `String` or bytes come out. No files, no
//! clock (the date is passed in), no network. Every statement cites its evidence by [`CiteId`];
//! the renderers number the sources in the order of [`Briefing::sources`] and list each one in
//! the annex with outlet, date, URL and the quoted span in its context.

pub mod html;
pub mod markdown;
pub mod pdf;

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Identifies one piece of evidence in [`Briefing::sources`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CiteId(pub u32);

/// A briefing, ready to render.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Briefing {
    pub title: String,
    /// What the briefing covers: "Whole project", "Story: …", "Actors: …, dates …".
    pub scope: String,
    /// The date the briefing was made, as given by the caller (ISO `2025-03-14`).
    pub generated: String,
    pub summary: Vec<Statement>,
    pub actors: Vec<ActorRow>,
    pub timeline: Vec<TimelineRow>,
    pub quotes: Vec<QuoteRow>,
    pub decisions: Vec<DecisionRow>,
    pub coverage: Vec<CoverageRow>,
    /// The evidence; the annex numbers it in this order, from 1.
    pub sources: Vec<Source>,
    /// Which sections to render.
    pub sections: Sections,
}

/// One sentence of the summary and the evidence behind it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Statement {
    pub text: String,
    pub cites: Vec<CiteId>,
}

/// One actor: who, how often, and any sanctions-list hits.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ActorRow {
    pub name: String,
    /// "person", "organisation", "place"…
    pub kind: String,
    pub roles: String,
    /// Articles that mention the actor.
    pub articles: usize,
    /// Mentions across those articles.
    pub mentions: usize,
    /// List hits, e.g. "SAMPLE list: Assimi Goïta (score 0.97, confirmed)".
    pub sanctions: Vec<String>,
}

/// One event of the timeline.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TimelineRow {
    pub date: String,
    pub label: String,
    pub outlets: Vec<String>,
    /// Set when outlets disagree about the event; says how.
    pub conflict: Option<String>,
    pub cites: Vec<CiteId>,
}

/// One piece of reported speech.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QuoteRow {
    pub speaker: String,
    /// The reporting verb ("said", "told reporters").
    pub cue: String,
    pub text: String,
    /// Direct speech (verbatim, in quotation marks) or indirect (reported).
    pub direct: bool,
    pub outlet: String,
    pub date: String,
    pub cites: Vec<CiteId>,
}

impl QuoteRow {
    /// How the words were reported, as every rendering shows it: the cleaned cue and the
    /// quote's kind ("said, direct"), or the kind alone ("reported") when there is no cue.
    pub(crate) fn how(&self) -> String {
        let kind = if self.direct { "direct" } else { "reported" };
        let cue = clean(&self.cue);
        if cue.is_empty() {
            kind.to_string()
        } else {
            format!("{cue}, {kind}")
        }
    }
}

/// One decision (sanction, suspension, deadline…) and how its status changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DecisionRow {
    pub actor: String,
    pub kind: String,
    pub action: String,
    pub target: String,
    pub status: String,
    /// Date of the latest status change.
    pub last_change: String,
    pub history: Vec<StatusChange>,
}

/// One step in a decision's history.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StatusChange {
    pub date: String,
    pub status: String,
    pub cite: CiteId,
}

/// One claim and how the outlets cover it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CoverageRow {
    pub claim: String,
    pub status: CoverageStatus,
    pub outlets: Vec<String>,
    pub note: String,
    pub cites: Vec<CiteId>,
}

/// Whether a claim is reported by several outlets, by one, or disputed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CoverageStatus {
    #[default]
    Shared,
    Unique,
    Conflict,
}

impl CoverageStatus {
    /// The word shown in every rendering.
    pub fn label(self) -> &'static str {
        match self {
            CoverageStatus::Shared => "shared",
            CoverageStatus::Unique => "unique",
            CoverageStatus::Conflict => "conflict",
        }
    }
}

/// One piece of evidence: where it was published and the span quoted, in its context.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Source {
    pub id: CiteId,
    pub outlet: String,
    pub date: String,
    pub url: String,
    pub title: String,
    /// The quoted span itself.
    pub span: String,
    /// Text just before the span in the article.
    pub context_before: String,
    /// Text just after the span in the article.
    pub context_after: String,
}

/// Which sections a briefing shows. The default shows all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sections {
    pub summary: bool,
    pub actors: bool,
    pub timeline: bool,
    pub quotes: bool,
    pub decisions: bool,
    pub coverage: bool,
    /// The annex of sources that citations point to.
    pub annex: bool,
}

impl Default for Sections {
    fn default() -> Self {
        Sections::ALL
    }
}

impl Sections {
    /// Every section shown.
    pub const ALL: Sections = Sections {
        summary: true,
        actors: true,
        timeline: true,
        quotes: true,
        decisions: true,
        coverage: true,
        annex: true,
    };

    /// Whether `section` is shown.
    pub fn shows(&self, section: Section) -> bool {
        match section {
            Section::Summary => self.summary,
            Section::Actors => self.actors,
            Section::Timeline => self.timeline,
            Section::Quotes => self.quotes,
            Section::Decisions => self.decisions,
            Section::Coverage => self.coverage,
            Section::Annex => self.annex,
        }
    }

    /// Shows or hides `section`.
    pub fn set(&mut self, section: Section, on: bool) {
        let flag = match section {
            Section::Summary => &mut self.summary,
            Section::Actors => &mut self.actors,
            Section::Timeline => &mut self.timeline,
            Section::Quotes => &mut self.quotes,
            Section::Decisions => &mut self.decisions,
            Section::Coverage => &mut self.coverage,
            Section::Annex => &mut self.annex,
        };
        *flag = on;
    }

    /// The shown sections, in rendering order.
    pub fn shown(&self) -> impl Iterator<Item = Section> + '_ {
        Section::ALL.into_iter().filter(|s| self.shows(*s))
    }
}

/// A section of a briefing, in rendering order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Section {
    Summary,
    Actors,
    Timeline,
    Quotes,
    Decisions,
    Coverage,
    Annex,
}

impl Section {
    /// Every section, in rendering order.
    pub const ALL: [Section; 7] = [
        Section::Summary,
        Section::Actors,
        Section::Timeline,
        Section::Quotes,
        Section::Decisions,
        Section::Coverage,
        Section::Annex,
    ];

    /// The heading every rendering gives the section.
    pub fn title(self) -> &'static str {
        match self {
            Section::Summary => "Summary",
            Section::Actors => "Actors",
            Section::Timeline => "Timeline",
            Section::Quotes => "Quotes",
            Section::Decisions => "Decisions",
            Section::Coverage => "Coverage",
            Section::Annex => "Annex: sources",
        }
    }

    /// A stable identifier (the HTML `id` of the section).
    pub fn id(self) -> &'static str {
        match self {
            Section::Summary => "summary",
            Section::Actors => "actors",
            Section::Timeline => "timeline",
            Section::Quotes => "quotes",
            Section::Decisions => "decisions",
            Section::Coverage => "coverage",
            Section::Annex => "sources",
        }
    }

    /// What a shown section says when it has no rows.
    fn empty_note(self) -> &'static str {
        match self {
            Section::Summary => "No summary statements.",
            Section::Actors => "No actors.",
            Section::Timeline => "No events.",
            Section::Quotes => "No quotes.",
            Section::Decisions => "No decisions.",
            Section::Coverage => "No coverage comparison.",
            Section::Annex => "No sources.",
        }
    }
}

impl Briefing {
    /// Cited ids that no source carries, in order of first citation. An export can warn about
    /// them; the renderers show such a citation as `[?]`.
    pub fn unresolved_cites(&self) -> Vec<CiteId> {
        let numbers = Numbering::new(&self.sources);
        let mut seen = Vec::new();
        for id in self.all_cites() {
            if numbers.number(id).is_none() && !seen.contains(&id) {
                seen.push(id);
            }
        }
        seen
    }

    /// The title on one line, or "Briefing" when there is none.
    pub(crate) fn shown_title(&self) -> String {
        let title = clean(&self.title);
        if title.is_empty() {
            "Briefing".to_string()
        } else {
            title
        }
    }

    /// Every citation of every row, in section order.
    fn all_cites(&self) -> impl Iterator<Item = CiteId> + '_ {
        let summary = self.summary.iter().flat_map(|s| s.cites.iter().copied());
        let timeline = self.timeline.iter().flat_map(|r| r.cites.iter().copied());
        let quotes = self.quotes.iter().flat_map(|r| r.cites.iter().copied());
        let decisions = self
            .decisions
            .iter()
            .flat_map(|d| d.history.iter().map(|h| h.cite));
        let coverage = self.coverage.iter().flat_map(|r| r.cites.iter().copied());
        summary
            .chain(timeline)
            .chain(quotes)
            .chain(decisions)
            .chain(coverage)
    }

    /// Whether the section has no rows to show.
    fn is_empty(&self, section: Section) -> bool {
        match section {
            Section::Summary => self.summary.is_empty(),
            Section::Actors => self.actors.is_empty(),
            Section::Timeline => self.timeline.is_empty(),
            Section::Quotes => self.quotes.is_empty(),
            Section::Decisions => self.decisions.is_empty(),
            Section::Coverage => self.coverage.is_empty(),
            Section::Annex => self.sources.is_empty(),
        }
    }
}

/// The number each citation shows: a source's position in [`Briefing::sources`], from 1.
/// When two sources share an id, the first one wins.
pub(crate) struct Numbering {
    by_id: HashMap<CiteId, usize>,
}

impl Numbering {
    pub(crate) fn new(sources: &[Source]) -> Self {
        let mut by_id = HashMap::new();
        for (n, source) in numbered(sources) {
            by_id.entry(source.id).or_insert(n);
        }
        Numbering { by_id }
    }

    /// The annex number of `id`, if some source carries it.
    pub(crate) fn number(&self, id: CiteId) -> Option<usize> {
        self.by_id.get(&id).copied()
    }

    /// ` [1][2]` for plain-text renderings: the annex numbers of `ids`, `[?]` for an id no
    /// source carries; empty for no ids.
    pub(crate) fn marks(&self, ids: &[CiteId]) -> String {
        let mut out = String::new();
        if !ids.is_empty() {
            out.push(' ');
        }
        for id in ids {
            match self.number(*id) {
                Some(n) => out.push_str(&format!("[{n}]")),
                None => out.push_str("[?]"),
            }
        }
        out
    }
}

/// The sources with their annex numbers: their positions in `sources`, from 1.
pub(crate) fn numbered(sources: &[Source]) -> impl Iterator<Item = (usize, &Source)> {
    (1..).zip(sources)
}

/// Outlet names, cleaned and comma-separated, empty names left out.
pub(crate) fn outlet_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| clean(n))
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` on one line: every run of whitespace (newlines, tabs, NBSP…) becomes one space and
/// control characters are dropped. Ends are kept, so adjacent pieces still join correctly.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
        } else if c.is_control() {
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    if pending_space {
        out.push(' ');
    }
    out
}

/// `text` on one line, trimmed: how any single field of a row is shown.
pub(crate) fn clean(text: &str) -> String {
    one_line(text).trim().to_string()
}

/// `text` cleaned, or a dash when nothing is left.
pub(crate) fn or_dash(text: &str) -> String {
    let text = clean(text);
    if text.is_empty() {
        "—".to_string()
    } else {
        text
    }
}

/// The URL, trimmed, if it may become a link: `http://` or `https://` with something after it
/// and no whitespace, control characters, quotes or angle brackets. Anything else (a
/// `javascript:` URL, a file path) is shown as text only.
pub(crate) fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let forbidden = |c: char| {
        c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\')
    };
    if rest.is_empty() || rest.starts_with('/') || url.chars().any(forbidden) {
        return None;
    }
    Some(url)
}

/// A source's quoted span in its context, each part on one line, ready to show as
/// `before` + highlighted `span` + `after`. Whitespace at the span's edges moves into the
/// context, so markup around the span hugs it; cut-off context is marked with "…".
#[derive(Debug, PartialEq)]
pub(crate) struct Excerpt {
    pub before: String,
    pub span: String,
    pub after: String,
}

impl Excerpt {
    pub(crate) fn new(source: &Source) -> Self {
        let span = one_line(&source.span);
        let mut before = one_line(&source.context_before).trim_start().to_string();
        let mut after = one_line(&source.context_after).trim_end().to_string();
        if span.starts_with(' ') && !before.is_empty() && !before.ends_with(' ') {
            before.push(' ');
        }
        if span.ends_with(' ') && !after.is_empty() && !after.starts_with(' ') {
            after.insert(0, ' ');
        }
        if !before.is_empty() {
            before.insert(0, '…');
        }
        if !after.is_empty() {
            after.push('…');
        }
        Excerpt {
            before,
            span: span.trim().to_string(),
            after,
        }
    }

    /// True when there is neither a span nor any context to show.
    pub(crate) fn is_empty(&self) -> bool {
        self.before.is_empty() && self.span.is_empty() && self.after.is_empty()
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A small briefing that every renderer's tests share.

    use super::*;

    pub fn source(id: u32, outlet: &str, url: &str) -> Source {
        Source {
            id: CiteId(id),
            outlet: outlet.to_string(),
            date: "2025-03-02".to_string(),
            url: url.to_string(),
            title: format!("Report {id}"),
            span: format!("span number {id}"),
            context_before: "Before the ".to_string(),
            context_after: " and after.".to_string(),
        }
    }

    /// The fixture briefing with the `hidden` sections switched off.
    pub fn hiding(hidden: &[Section]) -> Briefing {
        let mut briefing = briefing();
        for section in hidden {
            let shown = match section {
                Section::Summary => &mut briefing.sections.summary,
                Section::Actors => &mut briefing.sections.actors,
                Section::Timeline => &mut briefing.sections.timeline,
                Section::Quotes => &mut briefing.sections.quotes,
                Section::Decisions => &mut briefing.sections.decisions,
                Section::Coverage => &mut briefing.sections.coverage,
                Section::Annex => &mut briefing.sections.annex,
            };
            *shown = false;
        }
        briefing
    }

    pub fn briefing() -> Briefing {
        Briefing {
            title: "ECOWAS summit in Abuja".to_string(),
            scope: "Whole project".to_string(),
            generated: "2025-03-14".to_string(),
            summary: vec![Statement {
                text: "Leaders met in Abuja.".to_string(),
                cites: vec![CiteId(10), CiteId(20)],
            }],
            actors: vec![ActorRow {
                name: "Assimi Goïta".to_string(),
                kind: "person".to_string(),
                roles: "head of state".to_string(),
                articles: 3,
                mentions: 12,
                sanctions: vec!["SAMPLE list: Assimi Goïta (score 0.97, confirmed)".to_string()],
            }],
            timeline: vec![TimelineRow {
                date: "2025-03-01".to_string(),
                label: "Summit opens".to_string(),
                outlets: vec!["Daily A".to_string(), "Radio B".to_string()],
                conflict: Some("Radio B dates it 2 March".to_string()),
                cites: vec![CiteId(20)],
            }],
            quotes: vec![QuoteRow {
                speaker: "Omar Touray".to_string(),
                cue: "said".to_string(),
                text: "The door remains open.".to_string(),
                direct: true,
                outlet: "Daily A".to_string(),
                date: "2025-03-02".to_string(),
                cites: vec![CiteId(10)],
            }],
            decisions: vec![DecisionRow {
                actor: "ECOWAS".to_string(),
                kind: "sanction".to_string(),
                action: "suspend".to_string(),
                target: "Mali".to_string(),
                status: "lifted".to_string(),
                last_change: "2025-03-02".to_string(),
                history: vec![StatusChange {
                    date: "2025-03-02".to_string(),
                    status: "lifted".to_string(),
                    cite: CiteId(20),
                }],
            }],
            coverage: vec![CoverageRow {
                claim: "Sanctions lifted".to_string(),
                status: CoverageStatus::Conflict,
                outlets: vec!["Daily A".to_string()],
                note: "Radio B says only eased".to_string(),
                cites: vec![CiteId(10)],
            }],
            sources: vec![
                source(10, "Daily A", "https://daily-a.example/abuja"),
                source(20, "Radio B", "https://radio-b.example/news?id=7&lang=en"),
            ],
            sections: Sections::ALL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_numbered_in_order_and_the_first_duplicate_wins() {
        let sources = vec![
            fixture::source(7, "A", ""),
            fixture::source(3, "B", ""),
            fixture::source(7, "C", ""),
        ];
        let numbers = Numbering::new(&sources);
        assert_eq!(numbers.number(CiteId(7)), Some(1));
        assert_eq!(numbers.number(CiteId(3)), Some(2));
        assert_eq!(numbers.number(CiteId(99)), None);
        assert_eq!(
            numbers.marks(&[CiteId(3), CiteId(99), CiteId(7)]),
            " [2][?][1]"
        );
        assert_eq!(numbers.marks(&[]), "");
    }

    #[test]
    fn unresolved_cites_are_listed_once() {
        let mut briefing = fixture::briefing();
        briefing.summary[0].cites.push(CiteId(99));
        briefing.coverage[0].cites.push(CiteId(99));
        briefing.timeline[0].cites.push(CiteId(5));
        assert_eq!(briefing.unresolved_cites(), vec![CiteId(99), CiteId(5)]);
        assert!(fixture::briefing().unresolved_cites().is_empty());
    }

    #[test]
    fn only_http_and_https_urls_become_links() {
        assert_eq!(
            web_url(" https://a.example/x "),
            Some("https://a.example/x")
        );
        assert_eq!(web_url("HTTP://a.example"), Some("HTTP://a.example"));
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,<script>",
            "https://",
            "http:///etc/passwd",
            "https://a.example/\"onmouseover=x",
            "https://a.example/<script>",
            "https://a.example/a b",
            "file:///etc/passwd",
            "//a.example",
            "",
            "é",
        ] {
            assert_eq!(web_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn text_is_put_on_one_line() {
        assert_eq!(one_line("a\n\n b\t\u{7}c "), "a b c ");
        assert_eq!(clean("  a\r\nb  "), "a b");
        assert_eq!(or_dash(" \n"), "—");
    }

    #[test]
    fn excerpts_hug_the_span() {
        let source = Source {
            span: " the span ".to_string(),
            context_before: "\nText before".to_string(),
            context_after: "after text\n".to_string(),
            ..Source::default()
        };
        assert_eq!(
            Excerpt::new(&source),
            Excerpt {
                before: "…Text before ".to_string(),
                span: "the span".to_string(),
                after: " after text…".to_string(),
            }
        );
        let bare = Source {
            span: "only".to_string(),
            ..Source::default()
        };
        assert_eq!(Excerpt::new(&bare).before, "");
        assert_eq!(Excerpt::new(&bare).after, "");
    }

    #[test]
    fn default_sections_show_everything() {
        assert_eq!(Sections::default().shown().count(), Section::ALL.len());
        let none = fixture::hiding(&Section::ALL).sections;
        assert_eq!(none.shown().count(), 0);
    }

    #[test]
    fn the_model_serialises_for_snapshots() {
        let json = serde_json::to_value(fixture::briefing()).expect("serialise");
        assert_eq!(json["coverage"][0]["status"], "conflict");
        assert_eq!(json["sources"][0]["id"], 10);
        assert_eq!(json["decisions"][0]["history"][0]["cite"], 20);
    }
}
