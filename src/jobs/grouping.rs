//! The stories stage: what story grouping reads of each article, and the stories stored.

use super::*;
use crate::analysis::stories::profile::{Profile, Snapshot};
use crate::analysis::stories::stored::PackedTerms;
use crate::model::Story;

/// Story grouping: articles about one event, from their words, actors, dates and tracked
/// decisions (the analyst's story edits are applied when stories are read).
///
/// Stories stay put as the collection grows. A full grouping ([`group_all`]) reads every
/// article and stores, beside the stories, what placing a new article needs: the weights'
/// snapshot (`N` and the document frequencies) and each story's profile
/// ([`stories::profile`]). A later run places only the articles no story holds yet
/// ([`follow`]): weighed with the snapshot (their own counts added), each joins the stored
/// story whose estimated average link with it is the highest, when that reaches the
/// threshold at which the full grouping's average linkage merges; the others are grouped among
/// themselves into new stories. Stories keep their rows, members and names.
///
/// An exact incremental regroup is impossible, because what decides a story is
/// collection-wide: a term's weight in every vector is its IDF, `ln((N + 1) / df)`, which
/// moves with the number of articles `N` whatever the new ones say (as do the actors', event
/// days' and decisions' IDFs in the overlap scores), so every vector's length, every cosine and
/// every edge's score moves with one article more; which pairs are candidates moves with the
/// document frequencies (a term's postings are left out past
/// [`stories::StoryParams::max_postings`] articles); and average linkage joins clusters by the
/// mean of all their pairs, so one moved edge can change a merge far from the new articles. So
/// the drift is bounded: a full grouping runs instead ([`plan`]) when nothing was stored for
/// placing (a first run, a project grouped before schema v6), when the pass or its weights
/// changed, when an article that a story holds has changed (its summary's inputs digest:
/// the pass versions, the project's gazetteer, the analyst's corrections to it) or gone, and
/// when the collection has grown by more than [`REGROUP_GROWTH`] since the last full grouping.
pub(super) fn run_stories(
    project: &mut Project,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let params = stories::StoryParams::default();
    let made_with = made_with(&params);
    match plan(project, &made_with)? {
        Plan::Full => group_all(project, &params, &made_with, progress),
        Plan::Follow(following) => follow(project, &params, following, progress),
    }
}

/// How much the collection may grow since the last full grouping (a fraction of the articles
/// it grouped) before the stories stage groups every article again: 20%, so that at most one
/// article in six was placed in stories it did not help to find.
pub(super) const REGROUP_GROWTH: f64 = 0.2;

/// What the stories stage does this run.
enum Plan {
    /// Groups every article.
    Full,
    /// Places the articles no story holds.
    Follow(Following),
}

/// What placing new articles starts from.
struct Following {
    snapshot: Snapshot,
    /// Every stored story's row id, and its profile.
    stories: Vec<(i64, Profile)>,
    /// The articles no story holds, ascending.
    new: Vec<ArticleId>,
}

/// What the stored snapshot must have been made with: the pass version and the weights.
fn made_with(params: &stories::StoryParams) -> String {
    let version = pass_named("stories").map_or(0, |p| p.version);
    format!("stories={version};{params:?}")
}

/// Whether this run can place the new articles in the stored stories, or must group every
/// article (see [`run_stories`]).
fn plan(project: &Project, made_with: &str) -> Result<Plan, StoreError> {
    // nothing stored to place articles with: a first run, a project grouped before v6
    let Some((with, grouped, weights)) = project.story_snapshot()? else {
        return Ok(Plan::Full);
    };
    // made by another pass version or with other weights, or unreadable
    let snapshot = match Snapshot::from_bytes(&weights) {
        Some(snapshot) if with == made_with => snapshot,
        _ => return Ok(Plan::Full),
    };
    // an article a story holds has changed or gone
    let (members, changed) = project.story_members_state()?;
    if changed || members != snapshot.articles as usize {
        return Ok(Plan::Full);
    }
    // grown past the bound since the last full grouping
    let new = project.articles_in_no_story()?;
    if (members + new.len()) as f64 > grouped as f64 * (1.0 + REGROUP_GROWTH) {
        return Ok(Plan::Full);
    }
    let mut stored = Vec::new();
    for (id, profile) in project.story_profiles()? {
        match profile.as_deref().and_then(Profile::from_bytes) {
            Some(profile) => stored.push((id, profile)),
            None => return Ok(Plan::Full),
        }
    }
    Ok(Plan::Follow(Following {
        snapshot,
        stories: stored,
        new,
    }))
}

/// Groups every article, and stores the stories with what placing new articles needs.
fn group_all(
    project: &mut Project,
    params: &stories::StoryParams,
    made_with: &str,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let stored = Stored::read(project, params.top_actors)?;
    let total = stored.len();
    let mut report = |pass: usize, read: usize| progress((pass * total + read) / 3);

    let collection = weigh(
        stories::Counting::new(params),
        &|f| each_measured(project, &stored, params, f),
        &mut report,
    )?;
    let weights = collection.snapshot().to_bytes();
    let edges = collection.edges();
    let mut naming = collection.group(&edges);
    drop(edges);
    name_stories(project, &mut naming, &stored.ids, &mut |read, wanted| {
        report(2, read * total / wanted.max(1));
    })?;
    report(3, 0);
    let grouped: Vec<(Story, Vec<u8>)> = naming
        .finish_profiled()
        .into_iter()
        .map(|(story, profile)| (story, profile.to_bytes()))
        .collect();
    project.replace_grouped_stories(&grouped, made_with, total, &weights)
}

/// Places the articles no story holds (see [`run_stories`]) and stores what changed.
fn follow(
    project: &mut Project,
    params: &stories::StoryParams,
    following: Following,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let Following {
        snapshot,
        stories: stored_stories,
        new,
    } = following;
    if new.is_empty() {
        return Ok(());
    }
    let stored = Stored::read_of(project, new, false, params.top_actors)?;
    let total = stored.len();
    // the progress bar counts every article of the project: the stored ones are done
    let every = snapshot.articles as usize + total;
    let mut report = |pass: usize, read: usize| {
        let done = (pass * total + read) / 3;
        progress(every - total + done);
    };
    let counting = stories::Counting::from_snapshot(params, &snapshot);
    drop(snapshot);
    let collection = weigh(
        counting,
        &|f| each_measured_of(project, &stored, params, f),
        &mut report,
    )?;
    let weights = collection.snapshot().to_bytes();
    let edges = collection.edges();
    let (rows, profiles): (Vec<i64>, Vec<Profile>) = stored_stories.into_iter().unzip();
    let followed = collection.follow(&edges, &profiles);
    drop(profiles);
    let mut naming = followed.naming;
    name_stories(project, &mut naming, &stored.ids, &mut |read, wanted| {
        report(2, read * total / wanted.max(1));
    })?;
    let joined: Vec<(i64, Vec<i64>, Vec<u8>)> = followed
        .joined
        .into_iter()
        .filter_map(|(s, members, profile)| Some((*rows.get(s)?, members, profile.to_bytes())))
        .collect();
    let new_stories: Vec<(Story, Vec<u8>)> = naming
        .finish_profiled()
        .into_iter()
        .map(|(story, profile)| (story, profile.to_bytes()))
        .collect();
    report(3, 0);
    project.follow_stories(&joined, &new_stories, &weights)
}

/// What is called with each batch of measured articles and how many were read so far.
type Batches<'a> = dyn FnMut(&[stories::Measured], usize) + 'a;

/// The two passes of grouping over the articles `each` reads, a batch at a time: counting
/// (from `counting`, empty or the stored snapshot), then weighing; `report(pass, read)`.
fn weigh(
    mut counting: stories::Counting,
    each: &dyn Fn(&mut Batches<'_>) -> Result<(), StoreError>,
    report: &mut dyn FnMut(usize, usize),
) -> Result<stories::Collection, StoreError> {
    each(&mut |batch, read| {
        counting.add(&batch.iter().collect::<Vec<_>>());
        report(0, read);
    })?;
    let mut weighing = counting.weighing();
    each(&mut |batch, read| {
        weighing.add(&batch.iter().collect::<Vec<_>>());
        report(1, read);
    })?;
    Ok(weighing.finish())
}

/// Gives the stories of `naming` their names: the key terms' stems, and the texts of the
/// members of `ids` that name them, read a batch at a time (`report(read, wanted)`).
fn name_stories(
    project: &Project,
    naming: &mut stories::Naming,
    ids: &[ArticleId],
    report: &mut dyn FnMut(usize, usize),
) -> Result<(), StoreError> {
    let stems = project.stems_of(&naming.key_terms())?;
    naming.name_terms(|t| stems.get(&t).map(|s| s.as_str().into()));
    drop(stems);
    let wanted: Vec<ArticleId> = ids
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
        report(read, wanted.len());
    }
    Ok(())
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

/// [`each_measured`] over the articles of `stored` alone, their term counts read a batch at a
/// time.
fn each_measured_of(
    project: &Project,
    stored: &Stored,
    params: &stories::StoryParams,
    mut f: impl FnMut(&[stories::Measured], usize),
) -> Result<(), StoreError> {
    let end = project.term_numbers_end()?;
    let mut read = 0;
    for chunk in stored.ids.chunks(stage::BATCH) {
        let mut batch: Vec<stories::Measured> = Vec::with_capacity(chunk.len());
        let mut failed: Option<(ArticleId, &str)> = None;
        project.each_summary_terms_of(chunk, |id, packed| {
            let Some(packed) = packed.and_then(PackedTerms::new) else {
                failed.get_or_insert((id, "it has no term counts"));
                return;
            };
            let lede_end = packed.lede_end;
            let terms: Vec<(u32, f64, f64)> = packed
                .filter(|t| t.full > 0)
                .map(|t| (t.id, f64::from(t.full), f64::from(t.lead)))
                .collect();
            if terms.iter().any(|t| t.0 >= end) {
                failed.get_or_insert((
                    id,
                    "its term counts name a term the project does not number",
                ));
                return;
            }
            batch.push(stories::measure(
                &stored.input_of(id),
                terms,
                lede_end,
                params,
            ));
        })?;
        if let Some((id, reason)) = failed {
            return Err(project.unreadable_summary(id, reason));
        }
        read += batch.len();
        f(&batch, read);
    }
    if read != stored.len() {
        return Err(project.unreadable_summary(
            stored.ids.first().copied().unwrap_or(ArticleId(0)),
            &format!(
                "{} of {} articles have a summary: analyze the project again",
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
        let ids: Vec<ArticleId> = project
            .article_summaries()?
            .into_iter()
            .map(|a| a.id)
            .collect();
        Self::read_of(project, ids, true, top_actors)
    }

    /// Reads what the articles `ids` have stored, up to `top_actors` distinct actors each:
    /// with `all` (they are every article) the events and tracked decisions are read whole,
    /// else only those the articles report.
    fn read_of(
        project: &Project,
        mut ids: Vec<ArticleId>,
        all: bool,
        top_actors: usize,
    ) -> Result<Self, StoreError> {
        ids.sort_unstable();
        ids.dedup();
        let wanted = |id: &ArticleId| ids.binary_search(id).is_ok();
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
                if !wanted(&article) {
                    continue;
                }
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
        let mut add_event = |stored: &mut Stored, article: ArticleId, value: &str| {
            let value = stored.intern(value);
            let values = events.entry(article).or_default();
            if !values.contains(&value) {
                values.push(value);
            }
        };
        if !all {
            for (article, value) in project.event_values_of(&ids)? {
                add_event(&mut stored, article, &value);
            }
        } else {
            for event in project.events()? {
                for report in &event.reports {
                    add_event(&mut stored, report.article, &report.value);
                }
            }
        }
        for (article, values) in events {
            stored.of.entry(article).or_default().events = values.into();
        }
        let mut decisions: HashMap<ArticleId, Vec<(u32, usize)>> = HashMap::new();
        if !all {
            for (article, key, at) in project.decision_steps_of(&ids)? {
                let key = stored.intern(&key);
                decisions.entry(article).or_default().push((key, at));
            }
        } else {
            for tracked in project.tracked_decisions()? {
                let key = stored.intern(&tracked.key);
                for step in &tracked.steps {
                    decisions
                        .entry(step.article)
                        .or_default()
                        .push((key, step.evidence.start));
                }
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
