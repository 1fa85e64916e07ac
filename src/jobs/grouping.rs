//! The stories stage: what story grouping reads of each article, and the stories stored.

use super::*;

/// Story grouping: articles about one event, from their words, actors, dates and tracked
/// decisions (the analyst's story edits are applied when stories are read).
///
/// The articles are read a batch at a time, three times over (see
/// [`stories::features`](crate::analysis::stories)): memory holds what the earlier passes
/// stored of each article and its compact features, never every text.
pub(super) fn run_stories(
    project: &mut Project,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let params = stories::StoryParams::default();
    let stored = Stored::read(project, params.top_actors)?;
    let total = stored.len();
    let mut report = |pass: usize, read: usize| progress((pass * total + read) / 3);

    let mut counting = stories::Counting::new(&params);
    let mut batches = Batches::default();
    while let Some(batch) = batches.next(project, &stored, |_| true)? {
        counting.add(&batch.iter().collect::<Vec<_>>());
        report(0, batches.read);
    }
    let mut weighing = counting.weighing();
    let mut batches = Batches::default();
    while let Some(batch) = batches.next(project, &stored, |_| true)? {
        weighing.add(&batch.iter().collect::<Vec<_>>());
        report(1, batches.read);
    }
    let collection = weighing.finish();
    let edges = collection.edges();
    let mut naming = collection.group(&edges);
    drop(edges);
    let mut batches = Batches::default();
    while let Some(batch) = batches.next(project, &stored, |id| naming.wants(id))? {
        naming.add(&batch.iter().collect::<Vec<_>>());
        report(2, batches.read);
    }
    report(3, 0);
    project.replace_stories(&naming.finish())
}

/// Reads the project's articles a batch at a time, in id order, as story inputs.
#[derive(Default)]
struct Batches {
    after: Option<ArticleId>,
    /// Articles read so far.
    read: usize,
}

impl Batches {
    /// The next batch's inputs, those `wanted` only (`None` once every article is read).
    fn next(
        &mut self,
        project: &Project,
        stored: &Stored,
        wanted: impl Fn(i64) -> bool,
    ) -> Result<Option<Vec<stories::StoryInput>>, StoreError> {
        let after = self.after.unwrap_or(ArticleId(i64::MIN));
        let batch = project.articles_to_analyse(after, stage::BATCH)?;
        let Some(last) = batch.last() else {
            return Ok(None);
        };
        self.after = Some(last.id);
        self.read += batch.len();
        Ok(Some(
            batch
                .into_iter()
                .filter(|a| wanted(a.id.0))
                .map(|mut a| {
                    stage::analysed_part(&mut a, &mut Vec::new());
                    stored.input(a)
                })
                .collect(),
        ))
    }
}

/// What the earlier passes stored of each article that story grouping reads (its actors,
/// dated events, tracked decisions and date), with names interned: an article's
/// [`stories::StoryInput`] is made again from it and the text at each pass.
struct Stored {
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
        let ids: Vec<ArticleId> = project
            .article_summaries()?
            .into_iter()
            .map(|a| a.id)
            .collect();
        let mut stored = Stored {
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
        let recorded = self.of.get(&a.id);
        let strings = |ids: Option<&[u32]>| -> Vec<String> {
            ids.unwrap_or_default()
                .iter()
                .map(|&id| self.string(id))
                .collect()
        };
        stories::StoryInput {
            id: a.id.0,
            date: self.dates.get(&a.id).map(Date::to_string),
            outlet: a.outlet,
            title: a.title,
            text: a.text,
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
