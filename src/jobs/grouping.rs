//! The stories stage: what story grouping reads of each article, and the stories stored.

use super::*;

/// Story grouping: articles about one event, from their words, actors, dates and tracked
/// decisions (the analyst's story edits are applied when stories are read).
///
/// The passes of [`stories::features`](crate::analysis::stories) read each article's stored
/// term counts (twice: counting, then weighing) and what the earlier passes stored of it; no
/// text is read until the stories are found, and then only those of the members that name
/// them (the central member's headline, the first members' spellings of the key terms).
///
/// Every story is grouped again at each run, even when few articles are new, because what
/// decides a story is collection-wide: a term's weight in every vector is its IDF,
/// `ln((N + 1) / df)`, which moves with the number of articles `N` whatever the new ones say
/// (as do the actors', event days' and decisions' IDFs in the overlap scores), so every
/// vector's length, every cosine and every edge's score moves with one article more; which
/// pairs are candidates moves with the document frequencies (a term's postings are left out
/// past [`stories::StoryParams::max_postings`] articles); and average linkage joins clusters by
/// the mean of all their pairs, so one moved edge can change a merge far from the new articles.
/// Keeping the unchanged articles' features and edges would give other stories than a full run;
/// what is kept is their term counts, so the regrouping reads no text.
pub(super) fn run_stories(
    project: &mut Project,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let params = stories::StoryParams::default();
    let stored = Stored::read(project, params.top_actors)?;
    let total = stored.len();
    let mut report = |pass: usize, read: usize| progress((pass * total + read) / 3);

    let mut counting = stories::Counting::new(&params);
    each_measured(project, &stored, &params, |batch, read| {
        counting.add(&batch.iter().collect::<Vec<_>>());
        report(0, read);
    })?;
    let mut weighing = counting.weighing();
    each_measured(project, &stored, &params, |batch, read| {
        weighing.add(&batch.iter().collect::<Vec<_>>());
        report(1, read);
    })?;
    let collection = weighing.finish();
    let edges = collection.edges();
    let mut naming = collection.group(&edges);
    drop(edges);
    let stems = project.stems_of(&naming.key_terms())?;
    naming.name_terms(|t| stems.get(&t).map(|s| s.as_str().into()));
    drop(stems);
    let wanted: Vec<ArticleId> = stored
        .ids
        .iter()
        .copied()
        .filter(|id| naming.wants(id.0))
        .collect();
    let mut read = 0;
    for chunk in wanted.chunks(stage::BATCH) {
        let inputs: Vec<stories::StoryInput> = project
            .articles_by_id(chunk)?
            .into_iter()
            .map(|mut a| {
                stage::analysed_part(&mut a, &mut Vec::new());
                stories::StoryInput {
                    id: a.id.0,
                    title: a.title,
                    text: a.text,
                    ..stories::StoryInput::default()
                }
            })
            .collect();
        naming.add(&inputs.iter().collect::<Vec<_>>());
        read += chunk.len();
        report(2, read * total / wanted.len().max(1));
    }
    report(3, 0);
    project.replace_stories(&naming.finish())
}

/// Calls `f` with every article as the counting passes read it, a batch at a time in id order,
/// and how many were read so far: its stored term counts and what [`Stored`] holds of it.
fn each_measured(
    project: &Project,
    stored: &Stored,
    params: &stories::StoryParams,
    mut f: impl FnMut(&[stories::Measured], usize),
) -> Result<(), StoreError> {
    let mut batch: Vec<stories::Measured> = Vec::with_capacity(stage::BATCH);
    let mut read = 0;
    stage::each_terms(project, |id, lede_end, terms| {
        let terms: Vec<(u32, f64, f64)> = terms
            .iter()
            .filter(|t| t.full > 0)
            .map(|t| (t.id, f64::from(t.full), f64::from(t.lead)))
            .collect();
        batch.push(stories::measure(
            &stored.input_of(id),
            terms,
            lede_end,
            params,
        ));
        read += 1;
        if batch.len() >= stage::BATCH {
            f(&batch, read);
            batch.clear();
        }
    })?;
    if !batch.is_empty() {
        f(&batch, read);
    }
    if read != stored.len() {
        return Err(project.unreadable_summary(
            stored.ids.first().copied().unwrap_or(ArticleId(0)),
            &format!(
                "{} articles have a summary of {}: analyze the project again",
                read,
                stored.len()
            ),
        ));
    }
    Ok(())
}

/// What the earlier passes stored of each article that story grouping reads (its actors,
/// dated events, tracked decisions and date), with names interned: an article's
/// [`stories::StoryInput`] is made again from it (and its text, for [`story_inputs`]).
struct Stored {
    /// Every article's id, ascending.
    ids: Vec<ArticleId>,
    /// Actor names, event values and decision keys, by id.
    strings: Vec<String>,
    index: HashMap<String, u32>,
    of: HashMap<ArticleId, Recorded>,
    dates: HashMap<ArticleId, Date>,
    articles: usize,
}

/// One article's part of [`Stored`].
#[derive(Default)]
struct Recorded {
    /// Its actors' names, most mentioned first, as many as story grouping compares.
    actors: Box<[u32]>,
    /// The values of its dated events, each once.
    events: Box<[u32]>,
    /// The keys of the tracked decisions it reports, with the offset of their evidence.
    decisions: Box<[(u32, usize)]>,
}

impl Stored {
    /// Reads what every article of `project` has stored, up to `top_actors` distinct actors
    /// each.
    fn read(project: &Project, top_actors: usize) -> Result<Self, StoreError> {
        let mut ids: Vec<ArticleId> = project
            .article_summaries()?
            .into_iter()
            .map(|a| a.id)
            .collect();
        ids.sort_unstable();
        let mut stored = Stored {
            ids: Vec::new(),
            strings: Vec::new(),
            index: HashMap::new(),
            of: HashMap::new(),
            dates: project.document_dates()?,
            articles: ids.len(),
        };
        let mut actors: Vec<(ArticleId, Vec<u32>)> = Vec::new();
        registry_by_chunk(project, &ids, |registry, _| {
            // per article, its actors' registry names with their mention counts
            let mut counts: HashMap<ArticleId, HashMap<&str, (usize, usize)>> = HashMap::new();
            for m in &registry.mentions {
                if let Some(a) = m.actor
                    && let Some(actor) = registry.actors.get(a)
                {
                    let entry = counts
                        .entry(m.article)
                        .or_default()
                        .entry(actor.name.as_str())
                        .or_insert((0, a));
                    entry.0 += 1;
                }
            }
            for (article, names) in counts {
                let mut names: Vec<(&str, usize, usize)> = names
                    .into_iter()
                    .map(|(name, (n, k))| (name, n, k))
                    .collect();
                names.sort_by(|x, y| y.1.cmp(&x.1).then(x.2.cmp(&y.2)));
                let names = compared_actors(names.into_iter().map(|(name, _, _)| name), top_actors);
                actors.push((article, names.map(|n| stored.intern(n)).collect()));
            }
        })?;
        for (article, names) in actors {
            stored.of.entry(article).or_default().actors = names.into();
        }
        let mut events: HashMap<ArticleId, Vec<u32>> = HashMap::new();
        for event in project.events()? {
            for report in &event.reports {
                let value = stored.intern(&report.value);
                let values = events.entry(report.article).or_default();
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        }
        for (article, values) in events {
            stored.of.entry(article).or_default().events = values.into();
        }
        let mut decisions: HashMap<ArticleId, Vec<(u32, usize)>> = HashMap::new();
        for tracked in project.tracked_decisions()? {
            let key = stored.intern(&tracked.key);
            for step in &tracked.steps {
                decisions
                    .entry(step.article)
                    .or_default()
                    .push((key, step.evidence.start));
            }
        }
        for (article, found) in decisions {
            stored.of.entry(article).or_default().decisions = found.into();
        }
        stored.ids = ids;
        Ok(stored)
    }

    fn len(&self) -> usize {
        self.articles
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.index.get(s) {
            return id;
        }
        let id = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.strings.push(s.to_owned());
        self.index.insert(s.to_owned(), id);
        id
    }

    fn string(&self, id: u32) -> String {
        self.strings.get(id as usize).cloned().unwrap_or_default()
    }

    /// The story input of `article` (its text already cut to the analysed part).
    fn input(&self, a: Article) -> stories::StoryInput {
        stories::StoryInput {
            outlet: a.outlet,
            title: a.title,
            text: a.text,
            ..self.input_of(a.id)
        }
    }

    /// The story input of article `id` without its outlet, title and text.
    fn input_of(&self, id: ArticleId) -> stories::StoryInput {
        let recorded = self.of.get(&id);
        let strings = |ids: Option<&[u32]>| -> Vec<String> {
            ids.unwrap_or_default()
                .iter()
                .map(|&id| self.string(id))
                .collect()
        };
        stories::StoryInput {
            id: id.0,
            date: self.dates.get(&id).map(Date::to_string),
            outlet: None,
            title: String::new(),
            text: String::new(),
            actors: strings(recorded.map(|r| &*r.actors)),
            event_dates: strings(recorded.map(|r| &*r.events)),
            decisions: recorded
                .map(|r| &*r.decisions)
                .unwrap_or_default()
                .iter()
                .map(|&(key, at)| (self.string(key), at))
                .collect(),
        }
    }
}

/// The first of `names` that story grouping compares: up to `top` distinct once folded
/// ([`stories::StoryParams::top_actors`]; those after cannot change the stories).
fn compared_actors<'n>(
    names: impl Iterator<Item = &'n str>,
    top: usize,
) -> impl Iterator<Item = &'n str> {
    let mut seen: Vec<String> = Vec::new();
    names.take_while(move |name| {
        if seen.len() >= top {
            return false;
        }
        let folded = text::fold(name.trim());
        if !folded.is_empty() && !seen.contains(&folded) {
            seen.push(folded);
        }
        true
    })
}

/// What story grouping reads of each article, from the stored results of the earlier passes
/// (its text cut to the part analysed, every actor it names).
pub fn story_inputs(
    project: &Project,
    articles: &[Article],
) -> Result<Vec<stories::StoryInput>, StoreError> {
    let stored = Stored::read(project, usize::MAX)?;
    Ok(articles
        .iter()
        .map(|a| {
            let mut a = a.clone();
            stage::analysed_part(&mut a, &mut Vec::new());
            stored.input(a)
        })
        .collect())
}
