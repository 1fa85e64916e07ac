//! Builds a [`Briefing`] from a project: what a scope (the whole project, a story, some actors
//! or a span of dates) holds, section by section, every statement citing the spans it rests on.
//!
//! [`build`] reads the store (articles, registry, merged timeline, quotes, tracked decisions
//! and the analyst's edits of them, stories, screening hits) and the coverage comparison
//! ([`crate::coverage`]); the renderers in [`super::brief`] turn the result into Markdown,
//! HTML or PDF ([`render`]). Everything is
//! ordered deterministically, so the same project and scope always give the same briefing.

use super::brief::{
    ActorRow, Briefing, CiteId, CoverageRow, CoverageStatus, DecisionRow, QuoteRow, Sections,
    Source, Statement, StatusChange, TimelineRow, html, markdown, pdf,
};
use crate::actors::Totals;
use crate::analysis::compare::RowStatus;
use crate::analysis::stories::Story;
use crate::coverage::{self, Comparison, Speakers, outlet_label};
use crate::model::EntityKind;
use crate::model::{
    Article, ArticleId, ArticleSummary, Date, DecisionStep, EventReport, QuoteFix, TimelineEvent,
    TrackedDecisionRow,
};
use crate::store::{Project, StoreError, Verdict, id_ranges};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash as _, Hasher as _};
use std::ops::Range;

/// What a briefing covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every article of the project.
    Project,
    /// One story, by key (`story-12`) or name (case-insensitive).
    Story(String),
    /// The articles that mention any of these actors (registry names or aliases' actors, by
    /// name, case-insensitive), and the events and quotes that involve them.
    Actors(Vec<String>),
    /// Articles dated within these days (both ends included) and events that overlap them.
    Dates {
        from: Option<Date>,
        to: Option<Date>,
    },
}

/// A briefing's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Pdf,
}

impl Format {
    /// `md`/`markdown`, `html`/`htm` or `pdf`, in any case.
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// Why a briefing could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BriefingError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "no story {given:?} in the project; its stories are: {}",
        list(available)
    )]
    UnknownStory {
        given: String,
        /// Every story as `name (key)`.
        available: Vec<String>,
    },
    #[error("no actor {given:?} in the project")]
    UnknownActor { given: String },
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none (run the analysis first)".to_string()
    } else {
        items.join("; ")
    }
}

/// The briefing as file bytes.
pub fn render(briefing: &Briefing, format: Format) -> Result<Vec<u8>, pdf::PdfError> {
    match format {
        Format::Markdown => Ok(markdown::render(briefing).into_bytes()),
        Format::Html => Ok(html::render(briefing).into_bytes()),
        Format::Pdf => pdf::render(briefing),
    }
}

/// Events the summary names.
const SUMMARY_EVENTS: usize = 6;
/// Words of a summary statement's sentence shown before it is cut.
const SUMMARY_WORDS: usize = 35;
/// Most rows of the actors table (actors with a live sanctions-list hit come on top of these).
const MAX_ACTORS: usize = 15;
/// Most timeline rows; beyond that the events with most outlets are kept.
const MAX_TIMELINE: usize = 40;
/// Most key quotes.
const MAX_QUOTES: usize = 12;
/// Most decision rows; the decisions most reported are kept.
const MAX_DECISIONS: usize = 12;
/// Fewest words of a key quote (a one-word scare quote is no key quote).
const MIN_QUOTE_WORDS: usize = 5;
/// Words of a quote or a claim shown before it is cut.
const SHOWN_WORDS: usize = 45;
/// Stories compared for the coverage section when the scope is not one story.
const COVERAGE_STORIES: usize = 3;
/// Shared claims listed per compared story.
const SHARED_CLAIMS: usize = 6;
/// Claims only one outlet carries, listed per compared article.
const UNIQUE_CLAIMS: usize = 2;
/// Fewest words of a claim only one outlet carries (a byline or a brief's number is none).
const MIN_CLAIM_WORDS: usize = 8;
/// Characters of context on each side of a cited span (cut back to a word boundary).
const CONTEXT_CHARS: usize = 150;
/// The most sources one statement cites (an event reported by hundreds of articles cites the
/// first outlets' reports, not every one; the annex stays readable and quick to build).
pub const MAX_CITES: usize = 5;

/// Builds the briefing of `scope`, with the `sections` asked for (sections left out are not
/// computed, so nothing they would cite reaches the annex). `generated` is the date shown.
pub fn build(
    project: &Project,
    scope: &Scope,
    sections: Sections,
    generated: &str,
) -> Result<Briefing, BriefingError> {
    let summaries = project.article_summaries()?;
    let dates = project.document_dates()?;
    let registry = project.actor_totals()?;
    let stories = project.stories()?;
    let resolved = resolve(project, scope, &summaries, &dates, &registry, &stories)?;
    let ctx = Context {
        project,
        meta: summaries.iter().map(|s| (s.id, s)).collect(),
        dates,
        registry: &registry,
        scope: resolved,
    };
    let mut book = SourceBook::new(project);
    let events = if sections.summary || sections.timeline {
        ctx.events()?
    } else {
        Vec::new()
    };
    let mut briefing = Briefing {
        title: ctx.scope.title.clone(),
        scope: ctx.scope.description.clone(),
        generated: generated.to_string(),
        sections,
        ..Briefing::default()
    };
    if sections.summary {
        briefing.summary = summary(&ctx, &events, &mut book)?;
    }
    if sections.actors {
        briefing.actors = actors(&ctx)?;
    }
    if sections.timeline {
        briefing.timeline = timeline(&ctx, &events, &mut book)?;
    }
    if sections.quotes {
        briefing.quotes = quotes(&ctx, &mut book)?;
    }
    if sections.decisions {
        briefing.decisions = decisions(&ctx, &mut book)?;
    }
    if sections.coverage {
        briefing.coverage = coverage_rows(&ctx, &stories, &mut book)?;
    }
    briefing.sources = book.sources;
    Ok(briefing)
}

/// The scope, resolved against the project.
struct Resolved {
    title: String,
    description: String,
    articles: BTreeSet<ArticleId>,
    /// Registry names of the actors of an actors scope.
    actors: Option<BTreeSet<String>>,
    /// The days of a dates scope.
    days: Option<(Option<Date>, Option<Date>)>,
    /// The story of a story scope.
    story: Option<Story>,
    /// The scope is the whole project.
    whole: bool,
}

fn resolve(
    project: &Project,
    scope: &Scope,
    summaries: &[ArticleSummary],
    dates: &HashMap<ArticleId, Date>,
    registry: &Totals,
    stories: &[Story],
) -> Result<Resolved, BriefingError> {
    let all: BTreeSet<ArticleId> = summaries.iter().map(|s| s.id).collect();
    let outlets = |articles: &BTreeSet<ArticleId>| -> usize {
        summaries
            .iter()
            .filter(|s| articles.contains(&s.id))
            .map(|s| outlet_label(s.outlet.as_deref()))
            .collect::<BTreeSet<_>>()
            .len()
    };
    let counted = |articles: &BTreeSet<ArticleId>| {
        format!(
            "{} {} from {} {}",
            articles.len(),
            plural(articles.len(), "article", "articles"),
            outlets(articles),
            plural(outlets(articles), "outlet", "outlets")
        )
    };
    let mut resolved = Resolved {
        title: String::new(),
        description: String::new(),
        articles: BTreeSet::new(),
        actors: None,
        days: None,
        story: None,
        whole: matches!(scope, Scope::Project),
    };
    match scope {
        Scope::Project => {
            let name = project
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            resolved.title = format!("Briefing: {name}");
            resolved.description = format!("Whole project: {}", counted(&all));
            resolved.articles = all;
        }
        Scope::Story(given) => {
            let wanted = given.trim();
            let story = stories
                .iter()
                .find(|s| s.key == wanted)
                .or_else(|| {
                    stories
                        .iter()
                        .find(|s| s.name.trim().eq_ignore_ascii_case(wanted))
                })
                .ok_or_else(|| BriefingError::UnknownStory {
                    given: given.clone(),
                    available: stories
                        .iter()
                        .map(|s| format!("{} ({})", s.name, s.key))
                        .collect(),
                })?;
            resolved.articles = story
                .members
                .iter()
                .map(|m| ArticleId(*m))
                .filter(|id| all.contains(id))
                .collect();
            resolved.title = format!("Briefing: {}", story.name);
            resolved.description = format!(
                "Story: {} ({}), {}",
                story.name,
                story.key,
                counted(&resolved.articles)
            );
            resolved.story = Some(story.clone());
        }
        Scope::Actors(names) => {
            let mut found = BTreeSet::new();
            let mut shown = Vec::new();
            for given in names {
                let i = registry
                    .find(given.trim())
                    .ok_or_else(|| BriefingError::UnknownActor {
                        given: given.clone(),
                    })?;
                let actor = &registry.actors[i];
                if found.insert(actor.name.clone()) {
                    shown.push(actor.name.clone());
                    resolved.articles.extend(actor.articles.iter().copied());
                }
            }
            resolved.title = format!("Briefing: {}", shown.join(", "));
            resolved.description = format!(
                "Actors: {}; {}",
                shown.join(", "),
                counted(&resolved.articles)
            );
            resolved.actors = Some(found);
        }
        Scope::Dates { from, to } => {
            let inside = |d: Date| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t);
            resolved.articles = summaries
                .iter()
                .filter(|s| {
                    dates
                        .get(&s.id)
                        .copied()
                        .or(s.published)
                        .is_some_and(inside)
                })
                .map(|s| s.id)
                .collect();
            let span = match (from, to) {
                (Some(f), Some(t)) => format!("{f} to {t}"),
                (Some(f), None) => format!("from {f}"),
                (None, Some(t)) => format!("until {t}"),
                (None, None) => "all dates".to_string(),
            };
            resolved.title = format!("Briefing: {span}");
            resolved.description = format!("Dates: {span}; {}", counted(&resolved.articles));
            resolved.days = Some((*from, *to));
        }
    }
    Ok(resolved)
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// What every section reads.
struct Context<'a> {
    project: &'a Project,
    meta: HashMap<ArticleId, &'a ArticleSummary>,
    dates: HashMap<ArticleId, Date>,
    registry: &'a Totals,
    scope: Resolved,
}

impl Context<'_> {
    fn outlet(&self, article: ArticleId) -> String {
        outlet_label(self.meta.get(&article).and_then(|s| s.outlet.as_deref()))
    }

    fn date(&self, article: ArticleId) -> Option<Date> {
        self.dates
            .get(&article)
            .copied()
            .or_else(|| self.meta.get(&article).and_then(|s| s.published))
    }

    /// The project's events with only their in-scope reports, those left without reports (or
    /// outside an actors or dates scope) dropped; in timeline order.
    fn events(&self) -> Result<Vec<TimelineEvent>, StoreError> {
        let mut events = self.project.events()?;
        for event in &mut events {
            event
                .reports
                .retain(|r| self.scope.articles.contains(&r.article));
        }
        events.retain(|e| {
            !e.reports.is_empty()
                && self
                    .scope
                    .actors
                    .as_ref()
                    .is_none_or(|names| e.actors.iter().any(|a| names.contains(a)))
                && self
                    .scope
                    .days
                    .is_none_or(|(from, to)| overlaps(&e.value, from, to))
        });
        Ok(events)
    }

    /// True when a tracked decision belongs in an actors scope: one of the actors takes it or
    /// is its target (by registry name or alias); always true in other scopes.
    fn decision_in_scope(&self, tracked: &TrackedDecisionRow) -> bool {
        let Some(names) = &self.scope.actors else {
            return true;
        };
        let named = |who: &str| {
            names.contains(who)
                || self
                    .registry
                    .find(who.trim())
                    .is_some_and(|i| names.contains(&self.registry.actors[i].name))
        };
        named(&tracked.actor) || tracked.target.as_deref().is_some_and(named)
    }

    /// Distinct outlets of an event's reports, in report order.
    fn event_outlets(&self, event: &TimelineEvent) -> Vec<String> {
        let mut outlets: Vec<String> = Vec::new();
        for r in &event.reports {
            let o = self.outlet(r.article);
            if !outlets.contains(&o) {
                outlets.push(o);
            }
        }
        outlets
    }

    /// One citation per outlet and value of an event's reports, at most [`MAX_CITES`].
    fn event_cites(
        &self,
        event: &TimelineEvent,
        book: &mut SourceBook<'_>,
    ) -> Result<Vec<CiteId>, StoreError> {
        let mut seen: BTreeSet<(String, &str)> = BTreeSet::new();
        let mut cites = Vec::new();
        for r in &event.reports {
            if cites.len() >= MAX_CITES {
                break;
            }
            if seen.insert((self.outlet(r.article), r.value.as_str()))
                && let Some(id) = book.cite(r.article, &r.sentence)?
                && !cites.contains(&id)
            {
                cites.push(id);
            }
        }
        Ok(cites)
    }

    /// How outlets disagree on an event's date, from its in-scope reports.
    fn event_conflict(&self, event: &TimelineEvent) -> Option<String> {
        if !event.conflict {
            return None;
        }
        let mut by_value: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for r in &event.reports {
            let outlets = by_value.entry(r.value.as_str()).or_default();
            let o = self.outlet(r.article);
            if !outlets.contains(&o) {
                outlets.push(o);
            }
        }
        // A coarser value (a month, a year) beside day-level ones does not disagree.
        let has_day = by_value.keys().any(|v| is_day_level(v));
        by_value.retain(|v, _| !has_day || is_day_level(v));
        if by_value.len() < 2 {
            return None;
        }
        let parts: Vec<String> = by_value
            .iter()
            .map(|(v, outlets)| format!("{} {v}", outlets.join(", ")))
            .collect();
        Some(format!("dates differ: {}", parts.join("; ")))
    }
}

/// True for a day or an interval of days.
fn is_day_level(value: &str) -> bool {
    value
        .split('/')
        .all(|part| part.len() == 10 && part.parse::<Date>().is_ok())
}

/// True when the days of an ISO value (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYYY-Www`, `A/B`)
/// meet the days from `from` to `to`; a value that does not parse never does.
fn overlaps(value: &str, from: Option<Date>, to: Option<Date>) -> bool {
    let Some((first, last)) = crate::model::iso_days(value) else {
        return false;
    };
    from.is_none_or(|f| last >= f) && to.is_none_or(|t| first <= t)
}

/// The events most outlets report, in timeline order, each citing its reports.
fn summary(
    ctx: &Context<'_>,
    events: &[TimelineEvent],
    book: &mut SourceBook<'_>,
) -> Result<Vec<Statement>, StoreError> {
    let mut ranked: Vec<(usize, usize, usize)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (i, ctx.event_outlets(e).len(), e.reports.len()))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<usize> = ranked
        .into_iter()
        .take(SUMMARY_EVENTS)
        .map(|(i, _, _)| i)
        .collect();
    chosen.sort_unstable();
    let mut out = Vec::new();
    for i in chosen {
        let event = &events[i];
        let outlets = ctx.event_outlets(event);
        let what = match book.representative(event)? {
            Some(sentence) => shorten(strip_dateline(&sentence), SUMMARY_WORDS),
            None => sentence_case(&event.label),
        };
        let mut text = format!(
            "{}: {} (reported by {}",
            event.value,
            what.trim_end_matches(['.', ',', ';', ':']),
            outlets.join(", ")
        );
        if ctx.event_conflict(event).is_some() {
            text.push_str("; the outlets disagree on the date");
        }
        text.push_str(").");
        out.push(Statement {
            text,
            cites: ctx.event_cites(event, book)?,
        });
    }
    Ok(out)
}

/// A wire dateline opening a sentence (`ABUJA, Aug 10 (Sahel Wire) - `).
static DATELINE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^[A-Z][A-Z .'/-]+, [A-Z][a-z]{2,8}\.? \d{1,2} \([^)]{1,60}\) [-–—] ").ok()
});

/// The sentence without a dateline, its first letter capitalised.
fn strip_dateline(sentence: &str) -> &str {
    match DATELINE.as_ref().and_then(|re| re.find(sentence)) {
        Some(m) => &sentence[m.end()..],
        None => sentence,
    }
}

/// The label with its first letter capitalised and no closing full stop.
fn sentence_case(label: &str) -> String {
    let label = label.trim().trim_end_matches(['.', ',', ';', ':']);
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The people and organisations most articles in scope mention (places are no parties), with
/// those the scope names first and every one in scope with a sanctions-list hit the analyst
/// has not dismissed.
fn actors(ctx: &Context<'_>) -> Result<Vec<ActorRow>, StoreError> {
    let registry = ctx.registry;
    let counts = mention_counts(ctx)?;
    let mut hits: HashMap<&str, Vec<String>> = HashMap::new();
    let stored = ctx.project.screening_hits()?;
    for h in &stored {
        if h.verdict == Some(Verdict::Dismissed) {
            continue;
        }
        let verdict = h.verdict.map_or("unreviewed", Verdict::as_str);
        hits.entry(h.actor.as_str()).or_default().push(format!(
            "{}: {} (score {:.2}, {verdict})",
            h.list_name, h.matched_name, h.score
        ));
    }
    let named = |i: &usize| {
        ctx.scope
            .actors
            .as_ref()
            .is_some_and(|names| names.contains(&registry.actors[*i].name))
    };
    let mut ranked: Vec<(usize, usize, usize)> = counts
        .iter()
        .filter(|(i, _)| registry.actors[**i].kind != EntityKind::Loc)
        .map(|(i, (articles, mentions))| (*i, *articles, *mentions))
        .collect();
    ranked.sort_by(|a, b| {
        named(&b.0)
            .cmp(&named(&a.0))
            .then(b.1.cmp(&a.1))
            .then(b.2.cmp(&a.2))
            .then(registry.actors[a.0].name.cmp(&registry.actors[b.0].name))
    });
    let mut rows = Vec::new();
    for (rank, (i, articles, mentions)) in ranked.into_iter().enumerate() {
        let actor = &registry.actors[i];
        let sanctions = hits.get(actor.name.as_str()).cloned().unwrap_or_default();
        if rank >= MAX_ACTORS && sanctions.is_empty() {
            continue;
        }
        rows.push(ActorRow {
            name: actor.name.clone(),
            kind: kind_label(actor.kind).to_string(),
            roles: actor.roles.join(", "),
            articles,
            mentions,
            sanctions,
        });
    }
    Ok(rows)
}

/// Articles and mentions in scope of each actor (an index into the registry's totals) named
/// there: the totals themselves for the whole project, else the scope's mentions read a
/// range of articles at a time.
fn mention_counts(ctx: &Context<'_>) -> Result<BTreeMap<usize, (usize, usize)>, StoreError> {
    let registry = ctx.registry;
    if ctx.scope.whole {
        return Ok(registry
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.mentions > 0)
            .map(|(i, a)| (i, (a.articles.len(), a.mentions)))
            .collect());
    }
    let reader = ctx.project.registry_reader()?;
    let ids: Vec<ArticleId> = ctx.scope.articles.iter().copied().collect();
    let mut counts: BTreeMap<usize, (BTreeSet<ArticleId>, usize)> = BTreeMap::new();
    for range in id_ranges(&ids) {
        ctx.project
            .for_each_mention_in(registry, &reader, range, |m| {
                if let Some(i) = m.actor
                    && ctx.scope.articles.contains(&m.article)
                {
                    let entry = counts.entry(i).or_default();
                    entry.0.insert(m.article);
                    entry.1 += 1;
                }
            })?;
    }
    Ok(counts
        .into_iter()
        .map(|(i, (articles, mentions))| (i, (articles.len(), mentions)))
        .collect())
}

fn kind_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Org => "organisation",
        EntityKind::Loc => "place",
    }
}

/// The events in scope, in timeline order (the [`MAX_TIMELINE`] with most outlets when there
/// are more), with the outlets' disagreements on dates. Events dated only to a week, month or
/// year (mostly background: "since 2011") are kept when two outlets report them.
fn timeline(
    ctx: &Context<'_>,
    events: &[TimelineEvent],
    book: &mut SourceBook<'_>,
) -> Result<Vec<TimelineRow>, StoreError> {
    // Counted once per event: the sort below once counted them in every comparison.
    let outlets: Vec<usize> = events.iter().map(|e| ctx.event_outlets(e).len()).collect();
    let mut keep: Vec<usize> = (0..events.len())
        .filter(|&i| is_day_level(&events[i].value) || outlets[i] >= 2)
        .collect();
    if keep.len() > MAX_TIMELINE {
        keep.sort_by(|a, b| outlets[*b].cmp(&outlets[*a]).then(a.cmp(b)));
        keep.truncate(MAX_TIMELINE);
        keep.sort_unstable();
    }
    let mut rows = Vec::new();
    for i in keep {
        let event = &events[i];
        rows.push(TimelineRow {
            date: event.value.clone(),
            label: sentence_case(&event.label),
            outlets: ctx.event_outlets(event),
            conflict: ctx.event_conflict(event),
            cites: ctx.event_cites(event, book)?,
        });
    }
    Ok(rows)
}

/// One quote in scope, ready to rank: where it is and what it is ranked by, not its words
/// (a project holds millions of quotes; the few chosen are read again).
struct Candidate {
    article: ArticleId,
    range: Range<usize>,
    words: usize,
    direct: bool,
    date: Option<Date>,
    /// A hash of its words as shown, folded: two quotes with the same words have the same.
    wording: u64,
}

/// Key quotes: one per speaker in turn, the most-quoted speakers first, each speaker's direct
/// and longest quotes first; shown direct first. Anonymous sources, places (a misread
/// speaker), an outlet quoting itself, quotes under [`MIN_QUOTE_WORDS`] words and a second
/// copy of the same words are left out.
fn quotes(ctx: &Context<'_>, book: &mut SourceBook<'_>) -> Result<Vec<QuoteRow>, StoreError> {
    let fixes = ctx.project.quote_fixes()?;
    let reader = ctx.project.registry_reader()?;
    let ids: Vec<ArticleId> = ctx.scope.articles.iter().copied().collect();
    let mut by_speaker: BTreeMap<String, Ranked> = BTreeMap::new();
    for (first, last) in id_ranges(&ids) {
        let speakers = Speakers::read(ctx.project, ctx.registry, &reader, (first, last))?;
        for (article, row, _, content) in ctx.project.quotes_in(first, last)? {
            if let Some((speaker, c)) = candidate(ctx, &speakers, &fixes, article, row, &content) {
                by_speaker.entry(speaker).or_default().add(c);
            }
        }
    }
    let mut speakers: Vec<(String, usize, Vec<Candidate>)> = by_speaker
        .into_iter()
        .map(|(speaker, ranked)| (speaker, ranked.count, ranked.best))
        .collect();
    speakers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // Round-robin over speakers by rank.
    let mut chosen: Vec<(usize, &Candidate)> = Vec::new();
    let mut seen_words: BTreeSet<u64> = BTreeSet::new();
    let mut cursor = vec![0usize; speakers.len()];
    while chosen.len() < MAX_QUOTES {
        let mut progressed = false;
        for (rank, (_, _, list)) in speakers.iter().enumerate() {
            if chosen.len() >= MAX_QUOTES {
                break;
            }
            while let Some(c) = list.get(cursor[rank]) {
                cursor[rank] += 1;
                if seen_words.insert(c.wording) {
                    chosen.push((rank, c));
                    progressed = true;
                    break;
                }
            }
        }
        if !progressed {
            break;
        }
    }
    chosen.sort_by(|(ra, a), (rb, b)| {
        b.direct
            .cmp(&a.direct)
            .then(ra.cmp(rb))
            .then(date_order(a.date).cmp(&date_order(b.date)))
            .then(a.article.cmp(&b.article))
            .then(a.range.start.cmp(&b.range.start))
    });
    let mut rows = Vec::new();
    for (rank, c) in chosen {
        // The chosen quote's words, read again.
        let Some((_, _, cue, content)) = ctx
            .project
            .quotes_in(c.article, c.article)?
            .into_iter()
            .find(|(_, row, _, _)| row.range == c.range)
        else {
            continue;
        };
        let cites = book.cite(c.article, &c.range)?.into_iter().collect();
        rows.push(QuoteRow {
            speaker: speakers[rank].0.clone(),
            cue: cue.trim().to_string(),
            text: shorten(&content, SHOWN_WORDS),
            direct: c.direct,
            outlet: ctx.outlet(c.article),
            date: c.date.map(|d| d.to_string()).unwrap_or_default(),
            cites,
        });
    }
    Ok(rows)
}

/// One speaker's quotes in scope: how many, and the best of them in the order key quotes are
/// taken (direct first, then longest), one per wording. Key quotes take at most
/// [`MAX_QUOTES`] in all, and a wording is passed over only when another speaker's quote took
/// it, so a speaker's first `2 × MAX_QUOTES` wordings are all that can be reached.
#[derive(Default)]
struct Ranked {
    count: usize,
    best: Vec<Candidate>,
}

impl Ranked {
    fn add(&mut self, c: Candidate) {
        self.count += 1;
        let order = |a: &Candidate, b: &Candidate| {
            b.direct
                .cmp(&a.direct)
                .then(b.words.cmp(&a.words))
                .then(a.article.cmp(&b.article))
                .then(a.range.start.cmp(&b.range.start))
        };
        if let Some(same) = self.best.iter().position(|b| b.wording == c.wording) {
            if order(&c, &self.best[same]).is_lt() {
                self.best.remove(same);
            } else {
                return;
            }
        }
        let at = self.best.partition_point(|b| order(b, &c).is_lt());
        self.best.insert(at, c);
        self.best.truncate(2 * MAX_QUOTES);
    }
}

/// A quote in scope as a key-quote candidate, with its speaker; `None` for a rejected quote,
/// an anonymous source, a place (a misread speaker), the outlet quoting itself, one under
/// [`MIN_QUOTE_WORDS`] words, and a speaker outside an actors scope.
fn candidate(
    ctx: &Context<'_>,
    speakers: &Speakers<'_>,
    fixes: &HashMap<(ArticleId, Range<usize>), QuoteFix>,
    article: ArticleId,
    row: crate::model::QuoteRow,
    content: &str,
) -> Option<(String, Candidate)> {
    if !ctx.scope.articles.contains(&article) {
        return None;
    }
    let row = QuoteFix::apply(fixes.get(&(article, row.range.clone())), row)?;
    let speaker = speakers.name(article, &row);
    let outlet = ctx.outlet(article);
    let place = ctx
        .registry
        .find(&speaker)
        .is_some_and(|i| ctx.registry.actors[i].kind == EntityKind::Loc);
    let words = content.split_whitespace().count();
    if row.anonymous
        || place
        || words < MIN_QUOTE_WORDS
        || speaker.trim().is_empty()
        || same_name(&speaker, &outlet)
        || ctx
            .scope
            .actors
            .as_ref()
            .is_some_and(|names| !names.contains(&speaker))
    {
        return None;
    }
    let mut wording = std::hash::DefaultHasher::new();
    crate::analysis::text::fold(&shorten(content, SHOWN_WORDS)).hash(&mut wording);
    Some((
        speaker,
        Candidate {
            article,
            range: row.range.clone(),
            words,
            direct: row.direct,
            date: ctx.date(article),
            wording: wording.finish(),
        },
    ))
}

fn date_order(date: Option<Date>) -> (bool, Option<Date>) {
    (date.is_none(), date)
}

/// True when a speaker is the outlet itself (`The Lagos Ledger` reporting as `Lagos Ledger`).
fn same_name(speaker: &str, outlet: &str) -> bool {
    let bare = |s: &str| {
        let folded = crate::analysis::text::fold(s.trim());
        folded
            .strip_prefix("the ")
            .map(str::to_string)
            .unwrap_or(folded)
    };
    bare(speaker) == bare(outlet)
}

/// `text` on one line, cut after `words` words with " …".
fn shorten(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    let mut out = all[..all.len().min(words)].join(" ");
    if all.len() > words {
        out.push_str(" …");
    }
    out
}

/// Tells the status the analyst set by hand apart from the machine's.
const SET_BY_ANALYST: &str = " (set by analyst)";

/// One tracked decision in scope, ready to rank.
struct DecisionCandidate {
    key: String,
    /// Articles reporting it in scope.
    reports: usize,
    last_change: Option<Date>,
    row: DecisionRow,
    steps: Vec<DecisionStep>,
}

/// The tracked decisions in scope, those most reported first (ties: the latest change first,
/// then by key), at most [`MAX_DECISIONS`]. Each keeps only its in-scope reports (in an
/// actors scope, only decisions one of the actors takes or is the target of); its status is
/// the analyst's when set, else the latest in-scope report's; its history is its reports in
/// order, one per date and status, each citing its evidence sentence.
fn decisions(ctx: &Context<'_>, book: &mut SourceBook<'_>) -> Result<Vec<DecisionRow>, StoreError> {
    let mut candidates = Vec::new();
    for mut tracked in ctx.project.tracked_decisions()? {
        tracked
            .steps
            .retain(|s| ctx.scope.articles.contains(&s.article));
        if tracked.steps.is_empty() || !ctx.decision_in_scope(&tracked) {
            continue;
        }
        let Some((machine, since)) = crate::model::latest_change(&tracked.steps) else {
            continue;
        };
        let mut status = machine.as_str().to_string();
        let mut last_change = since.unwrap_or_default();
        if let Some((edit, set_at)) = ctx.project.decision_edit(&tracked.key)?
            && let Some(analyst) = edit.status
        {
            status = format!("{}{SET_BY_ANALYST}", analyst.as_str());
            if analyst != machine {
                last_change = set_at.get(..10).unwrap_or(&set_at).to_string();
            }
        }
        let reports = tracked
            .steps
            .iter()
            .map(|s| s.article)
            .collect::<BTreeSet<_>>()
            .len();
        candidates.push(DecisionCandidate {
            key: tracked.key,
            reports,
            last_change: last_change.parse().ok(),
            row: DecisionRow {
                actor: tracked.actor,
                kind: tracked.kind.as_str().to_string(),
                action: tracked.action,
                target: tracked.target.unwrap_or_default(),
                status,
                last_change,
                history: Vec::new(),
            },
            steps: tracked.steps,
        });
    }
    candidates.sort_by(|a, b| {
        b.reports
            .cmp(&a.reports)
            .then(b.last_change.cmp(&a.last_change))
            .then(a.key.cmp(&b.key))
    });
    candidates.truncate(MAX_DECISIONS);
    let mut rows = Vec::new();
    for mut c in candidates {
        let mut seen: BTreeSet<(Option<String>, &str)> = BTreeSet::new();
        for step in &c.steps {
            if !seen.insert((step.date.clone(), step.status.as_str())) {
                continue;
            }
            if let Some(cite) = book.cite(step.article, &step.evidence)? {
                c.row.history.push(StatusChange {
                    date: step.date.clone().unwrap_or_default(),
                    status: step.status.as_str().to_string(),
                    cite,
                });
            }
        }
        rows.push(c.row);
    }
    Ok(rows)
}

/// Claims shared, carried by one outlet, or in conflict, from the comparison of the scope's
/// story (or of its stories most outlets cover).
fn coverage_rows(
    ctx: &Context<'_>,
    stories: &[Story],
    book: &mut SourceBook<'_>,
) -> Result<Vec<CoverageRow>, StoreError> {
    // Each story with its members in scope and how many outlets they come from.
    let mut candidates: Vec<(&Story, Vec<ArticleId>, usize)> = stories
        .iter()
        .filter(|s| {
            ctx.scope
                .story
                .as_ref()
                .is_none_or(|scoped| scoped.key == s.key)
        })
        .map(|s| {
            let members: Vec<ArticleId> = s
                .members
                .iter()
                .map(|m| ArticleId(*m))
                .filter(|id| ctx.scope.articles.contains(id))
                .collect();
            let outlets = members
                .iter()
                .map(|id| ctx.outlet(*id))
                .collect::<BTreeSet<_>>()
                .len();
            (s, members, outlets)
        })
        .filter(|(_, _, outlets)| *outlets >= 2)
        .collect();
    candidates.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then(b.1.len().cmp(&a.1.len()))
            .then(a.0.key.cmp(&b.0.key))
    });
    candidates.truncate(COVERAGE_STORIES);
    let several = candidates.len() > 1;
    let mut rows = Vec::new();
    for (story, members, _) in candidates {
        let picks = briefing_picks(ctx, &members)?;
        let comparison = coverage::compare_with(ctx.project, ctx.registry, &picks)?;
        let prefix = if several {
            format!("{}: ", story.name)
        } else {
            String::new()
        };
        rows.extend(claims(&comparison, &prefix, book)?);
    }
    Ok(rows)
}

/// The articles compared for a story: syndicated copies of another member left out (they
/// would share every claim), then [`coverage::pick_articles`] by [`coverage::centrality`].
fn briefing_picks(ctx: &Context<'_>, members: &[ArticleId]) -> Result<Vec<ArticleId>, StoreError> {
    let originals: Vec<ArticleId> = members
        .iter()
        .copied()
        .filter(|id| {
            ctx.meta
                .get(id)
                .and_then(|s| s.duplicate_of)
                .is_none_or(|d| !members.contains(&d.article))
        })
        .collect();
    let central = coverage::centrality(ctx.project, &originals)?;
    let candidates: Vec<coverage::Candidate> = originals
        .iter()
        .map(|&id| coverage::Candidate {
            id,
            outlet: ctx.outlet(id),
            date: ctx.date(id),
            centrality: central.get(&id).copied().unwrap_or(0.0),
        })
        .collect();
    Ok(coverage::pick_articles(&candidates, coverage::MAX_COLUMNS))
}

/// The claims of one comparison: conflicts, then the claims most outlets share, then the first
/// few each outlet alone carries; each in reading order.
fn claims(
    comparison: &Comparison,
    prefix: &str,
    book: &mut SourceBook<'_>,
) -> Result<Vec<CoverageRow>, StoreError> {
    let filled = |r: &coverage::ComparedRow| r.cells.iter().filter(|c| c.is_some()).count();
    let outlets_of = |r: &coverage::ComparedRow| -> Vec<String> {
        r.cells
            .iter()
            .zip(&comparison.columns)
            .filter(|(c, _)| c.is_some())
            .map(|(_, col)| col.outlet.clone())
            .collect()
    };
    let mut conflicts = Vec::new();
    let mut shared = Vec::new();
    let mut unique: Vec<Vec<usize>> = vec![Vec::new(); comparison.columns.len()];
    for (i, row) in comparison.rows.iter().enumerate() {
        match row.status {
            RowStatus::Conflict => conflicts.push(i),
            RowStatus::Shared | RowStatus::Partial if filled(row) >= 2 => shared.push(i),
            RowStatus::Unique => {
                if let Some((col, Some(cell))) =
                    row.cells.iter().enumerate().find(|(_, c)| c.is_some())
                    && cell.text.split_whitespace().count() >= MIN_CLAIM_WORDS
                    && unique[col].len() < UNIQUE_CLAIMS
                {
                    unique[col].push(i);
                }
            }
            _ => {}
        }
    }
    // The shared claims most outlets carry, kept in reading order.
    let mut by_reach = shared.clone();
    by_reach.sort_by(|a, b| {
        filled(&comparison.rows[*b])
            .cmp(&filled(&comparison.rows[*a]))
            .then(a.cmp(b))
    });
    by_reach.truncate(SHARED_CLAIMS);
    shared.retain(|i| by_reach.contains(i));
    let mut unique: Vec<usize> = unique.into_iter().flatten().collect();
    unique.sort_unstable();

    let mut out = Vec::new();
    let columns = comparison.columns.len();
    let groups = [
        (CoverageStatus::Conflict, conflicts),
        (CoverageStatus::Shared, shared),
        (CoverageStatus::Unique, unique),
    ];
    for (status, indices) in groups {
        for i in indices {
            let row = &comparison.rows[i];
            let outlets = outlets_of(row);
            let note = match status {
                CoverageStatus::Conflict => row
                    .conflicts
                    .iter()
                    .map(|c| c.note.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                CoverageStatus::Shared => {
                    let missing: Vec<String> = row
                        .cells
                        .iter()
                        .zip(&comparison.columns)
                        .filter(|(c, _)| c.is_none())
                        .map(|(_, col)| col.outlet.clone())
                        .collect();
                    if !missing.is_empty() {
                        format!("not in {}", missing.join(", "))
                    } else if row.status == RowStatus::Partial {
                        "one outlet is less precise".to_string()
                    } else if columns == 2 {
                        "both outlets compared".to_string()
                    } else {
                        format!("all {columns} outlets compared")
                    }
                }
                CoverageStatus::Unique => format!("only {}", outlets.join(", ")),
            };
            let claim = row
                .cells
                .iter()
                .flatten()
                .next()
                .map(|c| shorten(&c.text, SHOWN_WORDS))
                .unwrap_or_default();
            let mut cites = Vec::new();
            for (cell, col) in row.cells.iter().zip(&comparison.columns) {
                if let Some(cell) = cell
                    && let Some(id) = book.cite(col.article, &cell.range)?
                {
                    cites.push(id);
                }
            }
            out.push(CoverageRow {
                claim: format!("{prefix}{claim}"),
                status,
                outlets,
                note,
                cites,
            });
        }
    }
    Ok(out)
}

/// The briefing's evidence: one [`Source`] per cited (article, span), numbered in the order
/// first cited.
struct SourceBook<'p> {
    project: &'p Project,
    /// The articles read last, with their dates, at most [`CACHED_ARTICLES`]: the sources
    /// of a statement mostly come from a few articles, and a briefing of a large project
    /// cites thousands of articles in all.
    articles: HashMap<ArticleId, Option<(Article, Option<Date>)>>,
    ids: HashMap<(ArticleId, usize, usize), CiteId>,
    sources: Vec<Source>,
    /// Articles read from the store so far.
    reads: usize,
}

/// Articles a [`SourceBook`] keeps once read.
const CACHED_ARTICLES: usize = if cfg!(test) { 4 } else { 64 };

impl<'p> SourceBook<'p> {
    fn new(project: &'p Project) -> Self {
        SourceBook {
            project,
            articles: HashMap::new(),
            ids: HashMap::new(),
            sources: Vec::new(),
            reads: 0,
        }
    }

    /// The article and its date, kept among the last read; `None` when there is no such
    /// article.
    fn load(&mut self, article: ArticleId) -> Result<Option<&(Article, Option<Date>)>, StoreError> {
        if !self.articles.contains_key(&article) {
            self.reads += 1;
            let loaded = match self.project.article(article)? {
                Some(a) => {
                    let date = self
                        .project
                        .document_date(article)?
                        .and_then(|d| d.date)
                        .or(a.published);
                    Some((a, date))
                }
                None => None,
            };
            if self.articles.len() >= CACHED_ARTICLES {
                self.articles.clear();
            }
            self.articles.insert(article, loaded);
        }
        Ok(self.articles.get(&article).and_then(Option::as_ref))
    }

    /// The sentence that best tells an event: the shortest of the reports giving its value
    /// (the first of them, in report order, when several are as short). Only the articles
    /// of the shortest reports are read, until one holds its sentence.
    fn representative(&mut self, event: &TimelineEvent) -> Result<Option<String>, StoreError> {
        let mut reports: Vec<&EventReport> = event
            .reports
            .iter()
            .filter(|r| r.value == event.value)
            .collect();
        reports.sort_by_key(|r| r.sentence.len()); // stable: report order among the shortest
        for r in reports {
            let Some((a, _)) = self.load(r.article)? else {
                continue;
            };
            if let Some(text) = a.text.get(r.sentence.clone()) {
                return Ok(Some(text.to_string()));
            }
        }
        Ok(None)
    }

    /// The citation of `range` in `article`; `None` when the article or the span is gone.
    fn cite(
        &mut self,
        article: ArticleId,
        range: &Range<usize>,
    ) -> Result<Option<CiteId>, StoreError> {
        if let Some(id) = self.ids.get(&(article, range.start, range.end)) {
            return Ok(Some(*id));
        }
        let Some((a, date)) = self.load(article)? else {
            return Ok(None);
        };
        let Some(span) = a.text.get(range.clone()) else {
            return Ok(None);
        };
        let mut source = Source {
            id: CiteId(0),
            outlet: outlet_label(a.outlet.as_deref()),
            date: date.map(|d| d.to_string()).unwrap_or_default(),
            url: a.url.clone().unwrap_or_default(),
            title: a.title.clone(),
            span: span.to_string(),
            context_before: context_before(&a.text, range.start).to_string(),
            context_after: context_after(&a.text, range.end).to_string(),
        };
        let id = CiteId(self.sources.len() as u32 + 1);
        source.id = id;
        self.sources.push(source);
        self.ids.insert((article, range.start, range.end), id);
        Ok(Some(id))
    }
}

/// Up to [`CONTEXT_CHARS`] characters before `start`, beginning at a word.
fn context_before(text: &str, start: usize) -> &str {
    let start = floor_boundary(text, start);
    let from = floor_boundary(text, start.saturating_sub(CONTEXT_CHARS));
    let slice = &text[from..start];
    if from == 0 || text[..from].ends_with(char::is_whitespace) {
        return slice;
    }
    match slice.find(char::is_whitespace) {
        Some(i) => &slice[i..],
        None => "",
    }
}

/// Up to [`CONTEXT_CHARS`] characters after `end`, ending at a word.
fn context_after(text: &str, end: usize) -> &str {
    let end = floor_boundary(text, end);
    let to = ceil_boundary(text, (end + CONTEXT_CHARS).min(text.len()));
    let slice = &text[end..to];
    if to == text.len() || text[to..].starts_with(char::is_whitespace) {
        return slice;
    }
    match slice.rfind(char::is_whitespace) {
        Some(i) => &slice[..i],
        None => "",
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// The source book keeps at most [`CACHED_ARTICLES`] articles however many it cites, and
    /// a span cited again keeps its number.
    #[test]
    fn the_source_book_holds_a_bounded_number_of_articles() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = crate::jobs::analysed_sample(dir.path());
        let ids = crate::jobs::article_ids(&project);
        assert!(ids.len() > 3 * CACHED_ARTICLES, "{} articles", ids.len());
        let mut book = SourceBook::new(&project);
        let mut first = Vec::new();
        for &id in &ids {
            first.push(book.cite(id, &(0..5)).expect("cite").expect("a source"));
            assert!(book.articles.len() <= CACHED_ARTICLES);
        }
        for (&id, cite) in ids.iter().zip(&first) {
            assert_eq!(book.cite(id, &(0..5)).expect("cite"), Some(*cite));
        }
        assert_eq!(book.sources.len(), ids.len());
        assert_eq!(
            book.reads,
            ids.len(),
            "a span cited again is not read again"
        );
    }

    /// An event's representative sentence, the shortest of its reports, is found reading only
    /// the article that holds it, not every report's.
    #[test]
    fn the_representative_sentence_reads_only_the_shortest_reports_article() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = crate::jobs::analysed_sample(dir.path());
        let articles = project.articles().expect("articles");
        // One report per article, the sixth the shortest (and a later one as short).
        let reports: Vec<EventReport> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| EventReport {
                article: a.id,
                sentence: 0..if i == 5 || i == 9 { 12 } else { 20 + i },
                value: "2023-07-26".into(),
            })
            .collect();
        let event = TimelineEvent {
            id: 1,
            label: "coup".into(),
            value: "2023-07-26".into(),
            actors: Vec::new(),
            reports,
            conflict: false,
        };
        let mut book = SourceBook::new(&project);
        let sentence = book.representative(&event).expect("read");
        assert_eq!(sentence.as_deref(), articles[5].text.get(0..12));
        assert_eq!(book.reads, 1);
    }

    /// A speaker's candidates keep no words, one per wording, at most `2 × MAX_QUOTES`, in the
    /// order key quotes take them (direct first, then longest).
    #[test]
    fn a_speaker_keeps_a_bounded_list_of_candidates_one_per_wording() {
        let mut ranked = Ranked::default();
        for i in 0..200usize {
            ranked.add(Candidate {
                article: ArticleId(i as i64),
                range: i..i + 1,
                words: 5 + i % 40,
                direct: i % 3 == 0,
                date: None,
                wording: (i % 50) as u64,
            });
        }
        assert_eq!(ranked.count, 200);
        assert_eq!(ranked.best.len(), 2 * MAX_QUOTES);
        let wordings: BTreeSet<u64> = ranked.best.iter().map(|c| c.wording).collect();
        assert_eq!(wordings.len(), ranked.best.len());
        for pair in ranked.best.windows(2) {
            let key = |c: &Candidate| (std::cmp::Reverse(c.direct), std::cmp::Reverse(c.words));
            assert!(key(&pair[0]) <= key(&pair[1]));
        }
    }

    #[test]
    fn formats_parse() {
        assert_eq!(Format::parse("MD"), Some(Format::Markdown));
        assert_eq!(Format::parse("html"), Some(Format::Html));
        assert_eq!(Format::parse(" pdf "), Some(Format::Pdf));
        assert_eq!(Format::parse("docx"), None);
    }

    #[test]
    fn context_is_cut_at_words() {
        let text = "alpha beta gamma ".repeat(20) + "SPAN" + &" delta epsilon".repeat(20);
        let start = text.find("SPAN").unwrap_or_default();
        let before = context_before(&text, start);
        assert!(before.len() <= CONTEXT_CHARS);
        assert!(
            before.starts_with(' ')
                || before.starts_with("alpha")
                || before.starts_with("beta")
                || before.starts_with("gamma"),
            "{before:?}"
        );
        assert!(text[..start].ends_with(before));
        let after = context_after(&text, start + 4);
        assert!(after.len() <= CONTEXT_CHARS);
        assert!(
            after.ends_with("delta") || after.ends_with("epsilon"),
            "{after:?}"
        );
        // Short texts are kept whole; multi-byte characters are never split.
        assert_eq!(context_before("é SPAN", 3), "é ");
        assert_eq!(context_after("SPAN ü", 4), " ü");
        let accents = "é".repeat(200);
        assert!(context_before(&accents, 400).is_empty());
        assert!(context_after(&accents, 0).is_empty());
    }

    #[test]
    fn value_overlap() {
        let (from, to) = (Some(date(2023, 8, 10)), Some(date(2023, 8, 12)));
        assert!(overlaps("2023-08", from, to));
        assert!(overlaps("2023-08-12/2023-08-20", from, to));
        assert!(!overlaps("2023-08-13", from, to));
        assert!(overlaps("2023-08-13", from, None));
        assert!(!overlaps("D-day", None, None));
    }

    #[test]
    fn the_current_status_dates_from_its_latest_change() {
        let step = |date: Option<&str>, status| DecisionStep {
            article: ArticleId(1),
            outlet: None,
            date: date.map(str::to_string),
            status,
            evidence: 0..1,
        };
        use crate::model::DecisionStatus::{Held, Ordered, Postponed};
        let steps = [
            step(Some("2023-08-10"), Ordered),
            step(Some("2023-08-12"), Postponed),
            step(Some("2023-08-15"), Ordered),
            step(Some("2023-08-16"), Ordered),
        ];
        assert_eq!(
            crate::model::latest_change(&steps),
            Some((Ordered, Some("2023-08-15".to_string())))
        );
        // An undated change takes the date of the next report that keeps it.
        let steps = [
            step(Some("2023-08-10"), Postponed),
            step(None, Held),
            step(Some("2023-08-18"), Held),
        ];
        assert_eq!(
            crate::model::latest_change(&steps),
            Some((Held, Some("2023-08-18".to_string())))
        );
        assert_eq!(
            crate::model::latest_change(&[step(None, Held)]),
            Some((Held, None))
        );
        assert_eq!(crate::model::latest_change(&[]), None);
    }

    #[test]
    fn labels_and_speakers() {
        assert_eq!(
            sentence_case("defence chiefs meet in Accra."),
            "Defence chiefs meet in Accra"
        );
        assert!(same_name("The Lagos Ledger", "Lagos Ledger"));
        assert!(!same_name("Bola Tinubu", "Lagos Ledger"));
        assert_eq!(shorten("a  b\nc d", 3), "a b c …");
        assert!(is_day_level("2023-08-17/2023-08-18"));
        assert!(!is_day_level("2023-08"));
    }
}
