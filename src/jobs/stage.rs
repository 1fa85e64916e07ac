//! The per-article stage of `analyze`: articles read from the project a batch at a time, every
//! per-article pass run over each (entities, its own date and time expressions, the events
//! they anchor, quotes, decisions), its rows stored with a summary of what the cross-article
//! steps read of it (local actors, dates, events, decisions, its term counts), which a later
//! analyze reads instead of analysing the article again. Texts and extractions never outlive
//! their batch.

use super::*;
use crate::analysis::stories::stored::{ArticleTerms, PackedTerms, TermCounts};
use crate::model::{DecisionKind, DecisionStatus};
use crate::store::{LinkDigests, NewSummary, SummaryPart};
use serde::Deserialize;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

/// Articles read, analysed and stored together.
pub(super) const BATCH: usize = 256;

/// The format of the stored summaries: part of every article's inputs digest, so a build that
/// stores them otherwise analyses every article again rather than misreading them.
const SUMMARY_FORMAT: u32 = 1;

/// A decision an article reports, as the tracker reads it: with the span of the mention
/// naming its actor and the name its article gives that actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FoundDecision {
    pub sentence: Range<usize>,
    pub trigger: Range<usize>,
    pub actor_range: Option<Range<usize>>,
    /// The entity mention naming its actor.
    pub mention: Option<Range<usize>>,
    /// The actor as its article names it.
    pub written: String,
    pub kind: DecisionKind,
    pub head: String,
    pub action: String,
    /// The target's span and text.
    pub target: Option<(Range<usize>, String)>,
    pub date: Option<String>,
    pub status: DecisionStatus,
}

/// The date an article speaks from and the days its time expressions name (what coverage
/// dates undated neighbours from).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Dates {
    pub date: timeline::DocumentDate,
    pub days: Vec<Date>,
}

impl Dates {
    /// The date the article speaks from, if known.
    pub fn date(&self) -> Option<Date> {
        self.date.date
    }
}

/// The events an article's dated time expressions anchor, as the project timeline merges
/// them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Events {
    pub events: Vec<EventSummary>,
    /// The texts of the sentences of its events, each once.
    pub sentences: Vec<String>,
}

/// An event of one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct EventSummary {
    /// The anchoring expression's value.
    pub value: String,
    pub label: String,
    pub sentence: Range<usize>,
    /// Index into [`Events::sentences`] of its sentence's text.
    pub sentence_text: usize,
}

/// One article through every per-article pass: its rows, and what the cross-article steps
/// read of it (stored as its summary).
pub(super) struct Analysed {
    pub id: ArticleId,
    pub mentions: Vec<MentionRow>,
    pub quotes: Vec<QuoteRow>,
    pub timexes: Vec<timeline::Timex>,
    pub actors: Vec<registry::LocalActor>,
    pub dates: Dates,
    pub events: Events,
    pub decisions: Vec<FoundDecision>,
}

impl Analysed {
    /// Its summary as stored, with `inputs`, the digest of what its passes read, and its
    /// term counts numbered by `vocabulary`.
    fn summary(
        &self,
        inputs: String,
        terms: &ArticleTerms,
        vocabulary: &mut Vocabulary,
    ) -> NewSummary {
        let mut new_terms = Vec::new();
        let terms = terms.pack(|stem| vocabulary.number(stem, &mut new_terms));
        NewSummary {
            article: self.id,
            inputs,
            dated: self.dates.date().is_some(),
            actors: json(&self.actors),
            dates: json(&self.dates),
            events: json(&self.events),
            decisions: json(&self.decisions),
            terms,
            new_terms,
        }
    }
}

/// The project's stems with their numbers, as the stage numbers the term counts it stores.
struct Vocabulary {
    numbers: HashMap<String, u32>,
    next: u32,
}

impl Vocabulary {
    fn read(project: &Project) -> Result<Self, StoreError> {
        let numbers: HashMap<String, u32> = project
            .term_vocabulary()?
            .into_iter()
            .map(|(id, stem)| (stem, id))
            .collect();
        Ok(Vocabulary {
            next: project.term_numbers_end()?,
            numbers,
        })
    }

    /// The number of `stem`, a new one (noted in `new`) if it has none yet.
    fn number(&mut self, stem: &str, new: &mut Vec<(u32, String)>) -> u32 {
        if let Some(&id) = self.numbers.get(stem) {
            return id;
        }
        let id = self.next;
        self.next = self.next.saturating_add(1);
        self.numbers.insert(stem.to_owned(), id);
        new.push((id, stem.to_owned()));
        id
    }
}

/// The term counts of `article` that story grouping and dating read (its text cut to the
/// analysed part already).
fn article_terms(article: &Article) -> ArticleTerms {
    ArticleTerms::of(&stories::StoryInput {
        id: article.id.0,
        outlet: article.outlet.clone(),
        title: article.title.clone(),
        text: article.text.clone(),
        ..stories::StoryInput::default()
    })
}

/// A summary part as JSON (plain data: serialising it cannot fail).
fn json<T: Serialize>(part: &T) -> String {
    serde_json::to_string(part).unwrap_or_default()
}

/// Calls `f` with `part` of every article's stored summary, read back, in id order. The
/// parts are read [`PARSE_BATCH`] at a time; while this thread reads a batch, the one before
/// is parsed on every core, and `f` takes the one before that.
pub(super) fn each_part<T: serde::de::DeserializeOwned + Send>(
    project: &Project,
    part: SummaryPart,
    mut f: impl FnMut(ArticleId, T) + Send,
) -> Result<(), StoreError> {
    type Parsed<T> = Vec<(ArticleId, Result<T, String>)>;
    let (send, batches) = std::sync::mpsc::sync_channel::<Vec<(ArticleId, String)>>(1);
    let (taken, read) = std::thread::scope(|scope| {
        let taking = scope.spawn(move || {
            let mut failed: Option<(ArticleId, String)> = None;
            let mut parsed: Parsed<T> = Vec::new();
            // one empty batch after the last, so that the last parsed is taken too
            for batch in batches.iter().chain(std::iter::once(Vec::new())) {
                let before = std::mem::take(&mut parsed);
                let ((), now) = rayon::join(
                    || {
                        for (id, value) in before {
                            match value {
                                Ok(value) => f(id, value),
                                Err(reason) => {
                                    failed.get_or_insert((id, reason));
                                }
                            }
                        }
                    },
                    || {
                        batch
                            .par_iter()
                            .map(|(id, json)| {
                                (*id, serde_json::from_str(json).map_err(|e| e.to_string()))
                            })
                            .collect()
                    },
                );
                parsed = now;
            }
            failed
        });
        let mut pending: Vec<(ArticleId, String)> = Vec::with_capacity(PARSE_BATCH);
        let read = project.each_summary_part(part, |id, json| {
            pending.push((id, json.to_string()));
            if pending.len() >= PARSE_BATCH {
                let full = std::mem::replace(&mut pending, Vec::with_capacity(PARSE_BATCH));
                // the taking thread only stops early by panicking, which `join` passes on
                let _ = send.send(full);
            }
        });
        if !pending.is_empty() {
            let _ = send.send(pending);
        }
        drop(send);
        (taking.join(), read)
    });
    let failed = taken.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    read?;
    match failed {
        Some((id, reason)) => Err(project.unreadable_summary(id, &reason)),
        None => Ok(()),
    }
}

/// Summary parts [`each_part`] parses at once.
const PARSE_BATCH: usize = 1024;

/// Calls `f` with every article's stored term counts (where its lede ends, its terms by
/// ascending stem), in id order; a summary without them, or naming a term the project does not
/// number, is an error.
pub(super) fn each_terms(
    project: &Project,
    mut f: impl FnMut(ArticleId, usize, &[TermCounts]),
) -> Result<(), StoreError> {
    let end = project.term_numbers_end()?;
    let mut failed: Option<(ArticleId, &str)> = None;
    let mut terms: Vec<TermCounts> = Vec::new();
    project.each_summary_terms(|id, packed| {
        if failed.is_some() {
            return;
        }
        let Some(packed) = packed.and_then(PackedTerms::new) else {
            failed = Some((id, "it has no term counts"));
            return;
        };
        let lede_end = packed.lede_end;
        terms.clear();
        terms.extend(packed);
        if terms.iter().any(|t| t.id >= end) {
            failed = Some((
                id,
                "its term counts name a term the project does not number",
            ));
            return;
        }
        f(id, lede_end, &terms);
    })?;
    match failed {
        Some((id, reason)) => Err(project.unreadable_summary(id, reason)),
        None => Ok(()),
    }
}

/// Time spent in each per-article pass, summed over threads (nanoseconds).
#[derive(Default)]
pub(super) struct Timing {
    pub entities: AtomicU64,
    pub timeline: AtomicU64,
    pub attribution: AtomicU64,
    pub decisions: AtomicU64,
}

impl Timing {
    /// Milliseconds spent in `pass` (a per-article pass's name), if it is one.
    pub fn ms(&self, pass: &str) -> Option<u64> {
        let ns = match pass {
            "entities" => &self.entities,
            "timeline" => &self.timeline,
            "attribution" => &self.attribution,
            "decisions" => &self.decisions,
            _ => return None,
        };
        Some(ns.load(Ordering::Relaxed) / 1_000_000)
    }
}

/// Runs `f`, adding its time to `into`.
fn timed<T>(into: &AtomicU64, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let ns = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    into.fetch_add(ns, Ordering::Relaxed);
    out
}

/// What stays fixed while the passes run: the gazetteer, the analyst's corrections and the
/// collection's usual year.
pub(super) struct Context {
    pub gazetteer: Cow<'static, Gazetteer>,
    /// Dates the analyst gave articles.
    pub dates: HashMap<ArticleId, Date>,
    /// Values the analyst gave time expressions: (span, value) per article.
    pub values: HashMap<ArticleId, Vec<(Range<usize>, String)>>,
    /// The median year of the collection's dated articles: it settles year-less dates.
    pub year_hint: Option<i16>,
    /// Digest of what every article's passes read besides its text and its corrections: the
    /// pass versions, the gazetteer, the year hint and the summaries' format.
    pub inputs: String,
    pub timing: Timing,
    /// The entities of articles the stage read undated, kept for dating ([`Context::redo`]).
    undated: Mutex<HashMap<ArticleId, Extraction>>,
}

/// How many undated articles' entities [`Context`] keeps for dating; the entities of any
/// beyond are found again when dating reads them (the same result, in more time).
const KEPT_UNDATED: usize = 4 * BATCH;

impl Context {
    pub fn new(project: &Project) -> Result<Self, StoreError> {
        let mut values: HashMap<ArticleId, Vec<(Range<usize>, String)>> = HashMap::new();
        for (article, range, value) in project.timex_corrections()? {
            values.entry(article).or_default().push((range, value));
        }
        let year_hint = dating::median_year(
            project
                .article_summaries()?
                .into_iter()
                .filter_map(|a| a.published),
        );
        let (gazetteer, gazetteer_inputs) = project_gazetteer(project)?;
        let versions: Vec<String> = PASSES
            .iter()
            .map(|p| format!("{}={}", p.name, p.version))
            .collect();
        // the stored term counts are those of the default story weights
        let story = stories::StoryParams::default();
        let inputs = digest(&format!(
            "summaries={SUMMARY_FORMAT};{};year={year_hint:?};gazetteer={gazetteer_inputs};\
             terms={},{}",
            versions.join(","),
            story.title_weight,
            story.lead_words
        ));
        Ok(Context {
            gazetteer,
            dates: project.article_date_corrections()?,
            values,
            year_hint,
            inputs,
            timing: Timing::default(),
            undated: Mutex::default(),
        })
    }

    /// Digest of what `article`'s per-article passes read besides its text: the project's
    /// inputs and the analyst's corrections to it.
    pub fn inputs_of(&self, article: ArticleId) -> String {
        let date = self.dates.get(&article);
        let values = self.values.get(&article);
        if date.is_none() && values.is_none() {
            return self.inputs.clone();
        }
        digest(&format!("{};date={date:?};values={values:?}", self.inputs))
    }

    /// The date `article` speaks from as its own metadata and text give it (the analyst's
    /// date counting as metadata).
    pub fn own_date(&self, article: &Article) -> timeline::DocumentDate {
        let known = self.dates.get(&article.id).copied().or(article.published);
        timeline::document_date_near(&article.text, known, self.year_hint)
    }

    /// Every per-article pass over `article`, read as speaking from `date`.
    pub fn analyse(&self, article: &Article, date: timeline::DocumentDate) -> Analysed {
        let text = article.text.as_str();
        let t = &self.timing;
        let extraction = timed(&t.entities, || entities::extract(text, &self.gazetteer));
        let (mentions, actors) = timed(&t.entities, || {
            (
                mention_rows(article.id, text, &extraction),
                registry::LocalActor::all_of(&extraction),
            )
        });
        let dated = self.dated(article, &extraction, date);
        let quotes = timed(&t.attribution, || quote_rows(text, &extraction));
        if date.date.is_none()
            && let Ok(mut kept) = self.undated.lock()
            && kept.len() < KEPT_UNDATED
        {
            kept.insert(article.id, extraction);
        }
        Analysed {
            id: article.id,
            mentions,
            quotes,
            actors,
            dates: dated.dates,
            events: dated.events,
            decisions: dated.decisions,
            timexes: dated.timexes,
        }
    }

    /// The passes that depend on the date over `article`, which the stage read undated, now
    /// read as speaking from `date`; its entities are those the stage found, if kept.
    pub fn redo(&self, article: &Article, date: timeline::DocumentDate) -> DatedPart {
        let kept = self
            .undated
            .lock()
            .ok()
            .and_then(|mut kept| kept.remove(&article.id));
        let extraction = kept.unwrap_or_else(|| {
            timed(&self.timing.entities, || {
                entities::extract(&article.text, &self.gazetteer)
            })
        });
        self.dated(article, &extraction, date)
    }

    /// The passes whose results depend on the date `article` speaks from, over its entities
    /// (`extraction`, which do not): its time expressions (with the analyst's values), the
    /// events they anchor and its decisions. An article dated from its neighbours runs only
    /// these again.
    pub fn dated(
        &self,
        article: &Article,
        extraction: &Extraction,
        date: timeline::DocumentDate,
    ) -> DatedPart {
        let text = article.text.as_str();
        let t = &self.timing;
        let (timexes, events) = timed(&t.timeline, || {
            let mut timexes = timeline::extract(text, date.date);
            for (range, value) in self.values.get(&article.id).into_iter().flatten() {
                if let Some(t) = timexes.iter_mut().find(|t| t.range == *range) {
                    t.value = Some(value.clone());
                }
            }
            let events = events_of(text, &timexes, extraction);
            (timexes, events)
        });
        let decisions = timed(&t.decisions, || found_decisions(text, extraction, &timexes));
        let days = timexes
            .iter()
            .filter_map(|t| t.value.as_deref()?.parse::<Date>().ok())
            .collect();
        DatedPart {
            dates: Dates { date, days },
            events,
            decisions,
            timexes,
        }
    }
}

/// What of an article's analysis depends on the date it speaks from ([`Context::dated`]).
pub(super) struct DatedPart {
    pub dates: Dates,
    pub events: Events,
    pub decisions: Vec<FoundDecision>,
    pub timexes: Vec<timeline::Timex>,
}

/// Hex SHA-256 of `text`.
fn digest(text: &str) -> String {
    use sha2::Digest as _;
    let hash = sha2::Sha256::digest(text.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// The events the dated time expressions of `text` anchor, each sentence's text kept once.
fn events_of(text: &str, timexes: &[timeline::Timex], extraction: &Extraction) -> Events {
    let mut sentences: Vec<String> = Vec::new();
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let events = timeline::events(text, timexes, extraction)
        .into_iter()
        .filter_map(|e| {
            let value = timexes.get(e.timex)?.value.clone()?;
            let at = *seen
                .entry((e.sentence.start, e.sentence.end))
                .or_insert_with(|| {
                    let words = text.get(e.sentence.clone()).unwrap_or_default();
                    sentences.push(words.to_string());
                    sentences.len() - 1
                });
            Some(EventSummary {
                value,
                sentence_text: at,
                label: e.label,
                sentence: e.sentence,
            })
        })
        .collect();
    Events { events, sentences }
}

/// An article's mentions as stored: linked to no registry actor yet, each with the name its
/// article gives its actor and the index of its sentence.
fn mention_rows(article: ArticleId, text: &str, extraction: &Extraction) -> Vec<MentionRow> {
    let sentences = text::sentences(text);
    extraction
        .mentions
        .iter()
        .map(|m| MentionRow {
            article,
            range: m.range.clone(),
            text: m.text.clone(),
            kind: m.kind,
            actor: None,
            local_name: m.actor.map(|a| extraction.actors[a].name.clone()),
            sentence: sentences
                .partition_point(|s| s.end <= m.range.start)
                .try_into()
                .unwrap_or(u32::MAX),
        })
        .collect()
}

/// The attribution pass: direct and reported speech with speakers resolved through the
/// article's actors.
fn quote_rows(text: &str, extraction: &Extraction) -> Vec<QuoteRow> {
    let quotes = attribution::extract(text, extraction);
    let records = attribution::record(text, &quotes, extraction);
    quotes
        .iter()
        .zip(records)
        .map(|(q, r)| QuoteRow {
            range: q.range.clone(),
            direct: q.kind == attribution::QuoteKind::Direct,
            cue: q.cue.clone(),
            speaker_text: q.speaker.text.clone(),
            speaker_name: r.speaker,
            speaker_range: q.speaker.range.clone(),
            content: q.content.clone(),
            parent: q.parent,
            anonymous: q.speaker.anonymous,
        })
        .collect()
}

/// The decisions an article reports, each with its actor's mention span and written name.
fn found_decisions(
    text: &str,
    extraction: &Extraction,
    timexes: &[timeline::Timex],
) -> Vec<FoundDecision> {
    decisions::extract(text, extraction, timexes)
        .into_iter()
        .map(|d| {
            let mention = d
                .actor
                .mention
                .and_then(|m| extraction.mentions.get(m))
                .map(|m| m.range.clone());
            let written = decisions::actor_name(&d.actor, extraction);
            FoundDecision {
                sentence: d.sentence,
                trigger: d.trigger,
                actor_range: d.actor.range,
                mention,
                written,
                kind: d.kind,
                head: d.head.to_string(),
                action: d.action,
                target: d.target.map(|t| (t.range, t.text)),
                date: d.date,
                status: d.status,
            }
        })
        .collect()
}

/// `article`'s text cut to what the passes read, with a warning naming it when cut.
pub(super) fn analysed_part(article: &mut Article, warnings: &mut Vec<String>) {
    let full = article.text.len();
    let kept = text::analysed_prefix(&article.text, text::MAX_ANALYSED_BYTES).len();
    if kept < full {
        article.text.truncate(kept);
        warnings.push(format!(
            "{}: {} of text; the passes read its first {} (the whole text is kept and \
             searchable)",
            article.source_name,
            human_bytes(full),
            human_bytes(kept)
        ));
    }
}

/// The per-article stage over the articles of `ids`: each batch analysed in parallel, its
/// mentions, quotes, dates and time expressions stored with its summary (and the attribution
/// pass marked as done for it). A batch is stored while the next one is analysed, so the
/// cores do not wait on the store. Returns false when cancelled (the batches analysed by then
/// stored).
pub(super) fn run(
    project: &mut Project,
    ctx: &Context,
    ids: &[ArticleId],
    report: &mut AnalyzeReport,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<bool, StoreError> {
    let total = ids.len();
    let label = "Reading articles";
    progress(Progress {
        stage: label,
        done: 0,
        total,
    });
    let mut store = Storer {
        attribution: pass_info("attribution"),
        vocabulary: if ids.is_empty() {
            Vocabulary {
                numbers: HashMap::new(),
                next: 0,
            }
        } else {
            Vocabulary::read(project)?
        },
        done: 0,
    };
    // the batch analysed last, stored while the next one is analysed
    let mut pending: Vec<(Analysed, ArticleTerms)> = Vec::new();
    let mut cancelled = false;
    for chunk in ids.chunks(BATCH) {
        if cancel.load(Ordering::Relaxed) {
            cancelled = true;
            break;
        }
        let mut batch = project.articles_by_id(chunk)?;
        for article in &mut batch {
            analysed_part(article, &mut report.warnings);
        }
        let previous = std::mem::take(&mut pending);
        let (stored, analysed) = rayon::join(
            || store.batch(project, ctx, previous),
            || {
                batch
                    .par_iter()
                    .map(|a| (ctx.analyse(a, ctx.own_date(a)), article_terms(a)))
                    .collect::<Vec<_>>()
            },
        );
        stored?;
        pending = analysed;
        progress(Progress {
            stage: label,
            done: store.done,
            total,
        });
    }
    store.batch(project, ctx, pending)?;
    progress(Progress {
        stage: label,
        done: store.done,
        total,
    });
    Ok(!cancelled)
}

/// What [`run`] stores batch after batch with.
struct Storer {
    /// The attribution pass, marked as done for each article stored.
    attribution: Vec<(&'static str, u32)>,
    vocabulary: Vocabulary,
    /// Articles stored so far.
    done: usize,
}

impl Storer {
    /// Stores the rows and summaries of the analysed articles of one batch.
    fn batch(
        &mut self,
        project: &mut Project,
        ctx: &Context,
        batch: Vec<(Analysed, ArticleTerms)>,
    ) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let ids: Vec<ArticleId> = batch.iter().map(|(a, _)| a.id).collect();
        let summaries: Vec<NewSummary> = batch
            .iter()
            .map(|(a, terms)| a.summary(ctx.inputs_of(a.id), terms, &mut self.vocabulary))
            .collect();
        let mut mentions = Vec::new();
        let mut quotes = Vec::with_capacity(batch.len());
        let mut timelines = Vec::with_capacity(batch.len());
        for (a, _) in batch {
            mentions.extend(a.mentions);
            quotes.push((a.id, a.quotes));
            timelines.push((a.id, a.dates.date, a.timexes));
        }
        project.replace_article_rows(
            &ids,
            &mentions,
            &quotes,
            &timelines,
            &summaries,
            &self.attribution,
        )?;
        self.done += ids.len();
        Ok(())
    }
}

/// The registry of every article's actors, from their stored summaries, stored with every
/// mention linked to its actor.
pub(super) fn link_actors(
    project: &mut Project,
    ctx: &Context,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), StoreError> {
    progress(Progress {
        stage: "Linking actors",
        done: 0,
        total: 0,
    });
    let mut builder = registry::RegistryBuilder::default();
    // the articles in the order the registry numbers them; their actors are read again, a
    // chunk at a time, to link their mentions once the registry is built
    let mut ids: Vec<ArticleId> = Vec::new();
    each_part(
        project,
        SummaryPart::Actors,
        |id, actors: registry::PreparedActors| {
            builder.add(&actors);
            ids.push(id);
        },
    )?;
    let registry = builder.finish(&ctx.gazetteer);
    let actors: Vec<ActorRow> = registry
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| ActorRow {
            id: i as i64,
            name: a.name.clone(),
            kind: a.kind,
            roles: a.roles.clone(),
            country: a.country.clone(),
        })
        .collect();
    let before = project.link_digests()?;
    let row_ids = project.replace_registry(&actors)?;
    drop(actors);
    project.stage_links(&[], true)?;
    let mut digests = LinkDigests::new();
    for (chunk, linked) in ids
        .chunks(super::REGISTRY_CHUNK)
        .zip(registry.links.chunks(super::REGISTRY_CHUNK))
    {
        let (Some(&first), Some(&last)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        let digest = links_digest(chunk, linked, &row_ids, &registry.actors);
        let unchanged = before.get(&(first, last)) == Some(&digest);
        digests.insert((first, last), digest);
        if unchanged {
            continue; // its mentions are linked so already
        }
        let actors: HashMap<ArticleId, Vec<registry::LocalActor>> =
            dating::read_chunk(project, chunk, SummaryPart::Actors)?;
        let mut links: Vec<(ArticleId, &str, i64)> = Vec::new();
        for (id, linked) in chunk.iter().zip(linked) {
            let names = actors
                .get(id)
                .into_iter()
                .flatten()
                .map(|a| a.name.as_str());
            links.extend(
                names
                    .zip(linked)
                    .filter_map(|(name, &a)| Some((*id, name, *row_ids.get(a)?))),
            );
        }
        project.stage_links(&links, false)?;
    }
    drop(registry);
    project.link_mentions(&digests)
}

/// A digest of the links of the articles of `chunk`: each one's id and the row id and name of
/// the actor each of its local actors (in order) is linked to. Equal digests of one chunk mean
/// equal links, so a chunk whose digest the store kept from the last run is linked already;
/// with the names, they also mean that the chunk's mentions are named alike (a row id freed
/// by an actor that went could come back under another name), which decision tracking
/// relies on to skip the chunk's articles.
fn links_digest(
    chunk: &[ArticleId],
    linked: &[Vec<usize>],
    row_ids: &[i64],
    actors: &[registry::RegistryActor],
) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for (id, linked) in chunk.iter().zip(linked) {
        hasher.update(id.0.to_le_bytes());
        hasher.update((linked.len() as u64).to_le_bytes());
        for &a in linked {
            let row = row_ids.get(a).copied().unwrap_or(-1);
            hasher.update(row.to_le_bytes());
            let name = actors.get(a).map_or("", |a| a.name.as_str());
            hasher.update((name.len() as u64).to_le_bytes());
            hasher.update(name.as_bytes());
        }
    }
    crate::ingest::to_hex(&hasher.finalize())
}

/// The (name, version) of the registered pass `name`, as a one-item list for
/// [`Project::replace_article_rows`].
fn pass_info(name: &str) -> Vec<(&'static str, u32)> {
    pass_named(name)
        .map(|p| (p.name, p.version))
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An article the stage reads undated and dating then dates runs again only the passes
    /// that read the date, over the entities the stage kept (or found again when not kept):
    /// its time expressions, events and decisions are those every pass gives it read with that
    /// date.
    #[test]
    fn an_article_dated_later_gets_what_every_pass_gives_with_its_date() {
        let project = Project::scratch().expect("scratch");
        let ctx = Context::new(&project).expect("context");
        let article = Article {
            id: ArticleId(7),
            title: "ECOWAS imposes sanctions on Niger".into(),
            outlet: None,
            url: None,
            author: None,
            published: None,
            text: "ECOWAS imposes sanctions on Niger\n\nThe Economic Community of West African \
                   States (ECOWAS) imposed sanctions on Niger on Sunday, President Bola Tinubu \
                   said on Monday. \"We will not accept the coup,\" Tinubu said. The bloc will \
                   meet again next Thursday."
                .into(),
            original: String::new(),
            source_path: "niger.txt".into(),
            source_name: "niger.txt".into(),
            content_hash: String::new(),
            duplicate_of: None,
        };
        let own = ctx.own_date(&article);
        assert_eq!(own.date, None, "the text gives no date of its own");
        let undated = ctx.analyse(&article, own);
        assert!(undated.decisions.iter().all(|d| d.date.is_none()));
        let kept_len = || ctx.undated.lock().expect("kept").len();
        assert_eq!(
            kept_len(),
            1,
            "the stage keeps an undated article's entities"
        );
        let date = timeline::DocumentDate {
            date: "2023-07-31".parse().ok(),
            source: timeline::DateSource::Inferred,
        };
        let every_pass = ctx.analyse(&article, date);
        let kept = ctx.redo(&article, date);
        let found_again = ctx.redo(&article, date);
        for redone in [&kept, &found_again] {
            assert_eq!(redone.dates, every_pass.dates);
            assert_eq!(redone.timexes, every_pass.timexes);
            assert_eq!(redone.events, every_pass.events);
            assert_eq!(redone.decisions, every_pass.decisions);
        }
        assert!(every_pass.decisions.iter().any(|d| d.date.is_some()));
        assert!(!every_pass.events.events.is_empty());
        assert_eq!(kept_len(), 0, "dating takes the entities the stage kept");
    }
}
