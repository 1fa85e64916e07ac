//! The per-article stage of `analyze`: articles read from the project a batch at a time, every
//! per-article pass run over each (entities, its own date and time expressions, the events
//! they anchor, quotes, decisions), its mentions and quotes stored, and only a compact summary
//! kept for the cross-article steps. Texts and entity extractions never outlive their batch.

use super::*;
use std::ops::Range;
use std::sync::atomic::AtomicU64;

/// Articles read, analysed and stored together.
pub(super) const BATCH: usize = 256;

/// A decision an article reports, with the span of the mention naming its actor and the name
/// its article gives that actor.
pub(super) type Found = (decisions::Decision, Option<Range<usize>>, String);

/// What the cross-article steps keep of one article (its rows are stored).
pub(super) struct Summary {
    pub id: ArticleId,
    pub outlet: Option<String>,
    /// The date it speaks from.
    pub date: timeline::DocumentDate,
    /// The days its time expressions name (what coverage dates undated neighbours from).
    pub days: Vec<Date>,
    /// The events its dated time expressions anchor.
    pub events: Vec<EventSummary>,
    /// The texts of the sentences of its events, each once.
    pub sentences: Vec<String>,
    pub decisions: Vec<Found>,
}

/// An event of one article, as the project timeline merges it.
pub(super) struct EventSummary {
    /// The anchoring expression's value.
    pub value: String,
    pub label: String,
    pub sentence: Range<usize>,
    /// Index into [`Summary::sentences`] of its sentence's text.
    pub sentence_text: usize,
}

impl Summary {
    /// The date the article speaks from, if known.
    pub fn date(&self) -> Option<Date> {
        self.date.date
    }
}

/// One article through every per-article pass.
pub(super) struct Analysed {
    pub extraction: Extraction,
    pub mentions: Vec<MentionRow>,
    pub quotes: Vec<QuoteRow>,
    pub timexes: Vec<timeline::Timex>,
    pub summary: Summary,
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
    pub timing: Timing,
}

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
        Ok(Context {
            gazetteer: project_gazetteer(project)?,
            dates: project.article_date_corrections()?,
            values,
            year_hint,
            timing: Timing::default(),
        })
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
        let mentions = timed(&t.entities, || mention_rows(article.id, text, &extraction));
        let (timexes, events, sentences) = timed(&t.timeline, || {
            let mut timexes = timeline::extract(text, date.date);
            for (range, value) in self.values.get(&article.id).into_iter().flatten() {
                if let Some(t) = timexes.iter_mut().find(|t| t.range == *range) {
                    t.value = Some(value.clone());
                }
            }
            let mut sentences: Vec<String> = Vec::new();
            let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
            let events: Vec<EventSummary> = timeline::events(text, &timexes, &extraction)
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
            (timexes, events, sentences)
        });
        let quotes = timed(&t.attribution, || quote_rows(text, &extraction));
        let decisions = timed(&t.decisions, || {
            found_decisions(text, &extraction, &timexes)
        });
        let days = timexes
            .iter()
            .filter_map(|t| t.value.as_deref()?.parse::<Date>().ok())
            .collect();
        Analysed {
            mentions,
            quotes,
            summary: Summary {
                id: article.id,
                outlet: article.outlet.clone(),
                date,
                days,
                events,
                sentences,
                decisions,
            },
            timexes,
            extraction,
        }
    }
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
fn found_decisions(text: &str, extraction: &Extraction, timexes: &[timeline::Timex]) -> Vec<Found> {
    decisions::extract(text, extraction, timexes)
        .into_iter()
        .map(|d| {
            let mention = d
                .actor
                .mention
                .and_then(|m| extraction.mentions.get(m))
                .map(|m| m.range.clone());
            let written = decisions::actor_name(&d.actor, extraction);
            (d, mention, written)
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

/// What the per-article stage leaves for the cross-article steps.
pub(super) struct Stage {
    pub summaries: Vec<Summary>,
    pub cancelled: bool,
}

/// The per-article stage over every article of `project`: each batch analysed in parallel,
/// its actors folded into the registry, its mentions and quotes stored (and the attribution
/// pass marked as done for it), its summary kept. Then the registry is stored and every
/// mention linked to its actor.
pub(super) fn run(
    project: &mut Project,
    ctx: &Context,
    report: &mut AnalyzeReport,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<Stage, StoreError> {
    let total = report.articles;
    let label = "Reading articles";
    progress(Progress {
        stage: label,
        done: 0,
        total,
    });
    let attribution = pass_info("attribution");
    let mut builder = registry::RegistryBuilder::default();
    // per article, its actors' names (to link its mentions once the registry is built)
    let mut local_names: Vec<Vec<String>> = Vec::with_capacity(total);
    let mut summaries: Vec<Summary> = Vec::with_capacity(total);
    let mut after = ArticleId(i64::MIN);
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Ok(Stage {
                summaries,
                cancelled: true,
            });
        }
        let mut batch = project.articles_to_analyse(after, BATCH)?;
        let Some(last) = batch.last() else {
            break;
        };
        after = last.id;
        for article in &mut batch {
            analysed_part(article, &mut report.warnings);
        }
        let done: Vec<Analysed> = batch
            .par_iter()
            .map(|a| ctx.analyse(a, ctx.own_date(a)))
            .collect();
        drop(batch);
        let ids: Vec<ArticleId> = done.iter().map(|d| d.summary.id).collect();
        let mut mentions = Vec::new();
        let mut quotes = Vec::with_capacity(done.len());
        let mut timelines = Vec::with_capacity(done.len());
        for d in done {
            builder.add(&d.extraction);
            local_names.push(d.extraction.actors.into_iter().map(|a| a.name).collect());
            mentions.extend(d.mentions);
            quotes.push((d.summary.id, d.quotes));
            timelines.push((d.summary.id, d.summary.date, d.timexes));
            summaries.push(d.summary);
        }
        project.replace_article_rows(&ids, &mentions, &quotes, &timelines, &attribution)?;
        progress(Progress {
            stage: label,
            done: summaries.len(),
            total,
        });
    }
    progress(Progress {
        stage: "Linking actors",
        done: 0,
        total,
    });
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
    let mut links: Vec<(ArticleId, &str, usize)> = Vec::new();
    for ((summary, names), linked) in summaries.iter().zip(&local_names).zip(&registry.links) {
        for (name, &actor) in names.iter().zip(linked) {
            links.push((summary.id, name.as_str(), actor));
        }
    }
    project.link_mentions(&actors, &links)?;
    Ok(Stage {
        summaries,
        cancelled: false,
    })
}

/// The (name, version) of the registered pass `name`, as a one-item list for
/// [`Project::replace_article_rows`].
fn pass_info(name: &str) -> Vec<(&'static str, u32)> {
    PASSES
        .iter()
        .filter(|p| p.name == name)
        .map(|p| (p.name, p.version))
        .collect()
}
