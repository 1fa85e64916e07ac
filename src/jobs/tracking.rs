//! The decisions stage: each article's decisions, then the tracker that follows them across
//! articles.

use super::*;

/// The decisions pass: each article's decisions with actors named through the project
/// registry (analyst edits applied), then followed across articles into tracked decisions.
pub(super) fn run_decisions(
    project: &mut Project,
    articles: &[Article],
    shared: &mut Shared,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let gazetteer = project_gazetteer(project)?;
    let timelines = shared.timelines(project, articles)?;
    let found = map_articles(articles, progress, |i, article| {
        let extraction = shared.extraction(i, article, &gazetteer);
        let timexes = timelines.get(i).map_or(&[][..], |t| &t.2[..]);
        decisions::extract(&article.text, &extraction, timexes)
            .into_iter()
            .map(|d| {
                let mention = d
                    .actor
                    .mention
                    .and_then(|m| extraction.mentions.get(m))
                    .map(|m| m.range.clone());
                let written = decisions::actor_name(&d.actor, &extraction);
                (d, mention, written)
            })
            .collect::<Vec<_>>()
    });
    // The extractions and time expressions are done with: free them before the registry is
    // read (analyze's peak memory is here).
    shared.extractions = None;
    let dates: Vec<Option<String>> = timelines
        .iter()
        .map(|t| t.1.date.map(|d| d.to_string()))
        .collect();
    drop(timelines);
    // The mentions that name actors and targets, then their actors: the effective registry's
    // names (analyst edits applied) and the machine rows' ids.
    type At = (ArticleId, usize, usize);
    let mut wanted: HashSet<At> = HashSet::new();
    for (article, decisions) in articles.iter().zip(&found) {
        for (d, mention, _) in decisions {
            let ranges = mention.iter().chain(d.target.as_ref().map(|t| &t.range));
            wanted.extend(ranges.map(|r| (article.id, r.start, r.end)));
        }
    }
    let named: HashMap<At, String> = {
        let registry = project.actors()?;
        registry
            .mentions
            .iter()
            .filter_map(|m| {
                let at = (m.article, m.range.start, m.range.end);
                let a = m.actor?;
                wanted
                    .contains(&at)
                    .then(|| (at, registry.actors[a].name.clone()))
            })
            .collect()
    };
    let ids: HashMap<At, i64> = project
        .mention_actor_ids()?
        .into_iter()
        .map(|(article, r, id)| ((article, r.start, r.end), id))
        .filter(|(at, _)| wanted.contains(at))
        .collect();
    let mut results: Vec<(ArticleId, Vec<DecisionRow>)> = Vec::with_capacity(articles.len());
    for (article, decisions) in articles.iter().zip(found) {
        let rows = decisions
            .into_iter()
            .map(|(d, mention, written)| {
                let at = mention.as_ref().map(|r| (article.id, r.start, r.end));
                let actor = at.and_then(|k| named.get(&k)).cloned().unwrap_or(written);
                DecisionRow {
                    sentence: d.sentence,
                    trigger: d.trigger,
                    key: String::new(),
                    actor_id: at.and_then(|k| ids.get(&k).copied()),
                    actor,
                    actor_range: d.actor.range,
                    mention,
                    kind: d.kind,
                    head: d.head.to_string(),
                    action: d.action,
                    target: d.target.map(|t| {
                        named
                            .get(&(article.id, t.range.start, t.range.end))
                            .cloned()
                            .unwrap_or(t.text)
                    }),
                    date: d.date,
                    status: d.status,
                }
            })
            .collect();
        results.push((article.id, rows));
    }
    let mut refs = Vec::new();
    for (i, (_, rows)) in results.iter().enumerate() {
        for d in rows {
            refs.push(decisions::DecisionRef {
                article: i,
                outlet: articles[i].outlet.as_deref(),
                article_date: dates.get(i).and_then(|d| d.as_deref()),
                actor: &d.actor,
                kind: d.kind,
                head: &d.head,
                action: &d.action,
                target: d.target.as_deref(),
                date: d.date.as_deref(),
                status: d.status,
                evidence: d.sentence.clone(),
            });
        }
    }
    let tracked = decisions::merge_decisions(&refs);
    drop(refs);
    // every row gets the key of the tracked decision it is a step of
    let rows: usize = results.iter().map(|(_, rows)| rows.len()).sum();
    let mut keys = vec![String::new(); rows];
    for t in &tracked {
        for step in &t.steps {
            if let Some(key) = keys.get_mut(step.decision) {
                key.clone_from(&t.key);
            }
        }
    }
    let mut keys = keys.into_iter();
    for (_, rows) in &mut results {
        for d in rows {
            d.key = keys.next().unwrap_or_default();
        }
    }
    project.replace_decisions(&results, &tracked)
}
