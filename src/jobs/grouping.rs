//! The stories stage: what story grouping reads of each article, and the stories stored.

use super::*;

/// Story grouping: articles about one event, from their words, actors, dates and tracked
/// decisions (the analyst's story edits are applied when stories are read).
pub(super) fn run_stories(
    project: &mut Project,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let mut articles = project.articles_to_analyse(ArticleId(i64::MIN), usize::MAX)?;
    for article in &mut articles {
        stage::analysed_part(article, &mut Vec::new());
    }
    let inputs = inputs_of(project, articles)?;
    let found = stories::cluster(&inputs);
    progress(inputs.len());
    project.replace_stories(&found)
}

/// What story grouping reads of each article, from the stored results of the earlier passes.
pub fn story_inputs(
    project: &Project,
    articles: &[Article],
) -> Result<Vec<stories::StoryInput>, StoreError> {
    inputs_of(project, articles.to_vec())
}

/// [`story_inputs`] taking the articles over (their texts move into the inputs, not copied).
fn inputs_of(
    project: &Project,
    articles: Vec<Article>,
) -> Result<Vec<stories::StoryInput>, StoreError> {
    // per article, its actors' registry names with their mention counts
    let mut ids: Vec<ArticleId> = articles.iter().map(|a| a.id).collect();
    ids.sort_unstable();
    let mut counts: HashMap<ArticleId, HashMap<String, (usize, usize)>> = HashMap::new();
    registry_by_chunk(project, &ids, |registry, _| {
        for m in &registry.mentions {
            if let Some(a) = m.actor {
                let entry = counts
                    .entry(m.article)
                    .or_default()
                    .entry(registry.actors[a].name.clone())
                    .or_insert((0, a));
                entry.0 += 1;
            }
        }
    })?;
    let mut event_dates: HashMap<ArticleId, Vec<String>> = HashMap::new();
    for event in project.events()? {
        for report in &event.reports {
            event_dates
                .entry(report.article)
                .or_default()
                .push(report.value.clone());
        }
    }
    let mut decisions: HashMap<ArticleId, Vec<(String, usize)>> = HashMap::new();
    for tracked in project.tracked_decisions()? {
        for step in &tracked.steps {
            decisions
                .entry(step.article)
                .or_default()
                .push((tracked.key.clone(), step.evidence.start));
        }
    }
    let dates: HashMap<ArticleId, Date> = project.document_dates()?;
    Ok(articles
        .into_iter()
        .map(|a| {
            let mut actors: Vec<(String, usize, usize)> = counts
                .remove(&a.id)
                .map(|c| c.into_iter().map(|(name, (n, k))| (name, n, k)).collect())
                .unwrap_or_default();
            actors.sort_by(|x, y| y.1.cmp(&x.1).then(x.2.cmp(&y.2)));
            stories::StoryInput {
                id: a.id.0,
                date: dates.get(&a.id).map(Date::to_string),
                outlet: a.outlet,
                title: a.title,
                text: a.text,
                actors: actors.into_iter().map(|(name, _, _)| name).collect(),
                event_dates: event_dates.remove(&a.id).unwrap_or_default(),
                decisions: decisions.remove(&a.id).unwrap_or_default(),
            }
        })
        .collect())
}
