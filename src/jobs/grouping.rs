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
    let inputs = story_inputs(project, &articles)?;
    let found = stories::cluster(&inputs);
    progress(articles.len());
    project.replace_stories(&found)
}

/// What story grouping reads of each article, from the stored results of the earlier passes.
pub fn story_inputs(
    project: &Project,
    articles: &[Article],
) -> Result<Vec<stories::StoryInput>, StoreError> {
    let registry = project.actors()?;
    let mut counts: HashMap<ArticleId, HashMap<usize, usize>> = HashMap::new();
    for m in &registry.mentions {
        if let Some(a) = m.actor {
            *counts.entry(m.article).or_default().entry(a).or_insert(0) += 1;
        }
    }
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
        .iter()
        .map(|a| {
            let mut actors: Vec<(usize, usize)> = counts
                .get(&a.id)
                .map(|c| c.iter().map(|(&k, &v)| (k, v)).collect())
                .unwrap_or_default();
            actors.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            stories::StoryInput {
                id: a.id.0,
                outlet: a.outlet.clone(),
                date: dates.get(&a.id).map(Date::to_string),
                title: a.title.clone(),
                text: a.text.clone(),
                actors: actors
                    .into_iter()
                    .map(|(k, _)| registry.actors[k].name.clone())
                    .collect(),
                event_dates: event_dates.remove(&a.id).unwrap_or_default(),
                decisions: decisions.remove(&a.id).unwrap_or_default(),
            }
        })
        .collect())
}
