//! The decisions stage: each article's decisions, then the tracker that follows them across
//! articles.

use super::*;

/// The decisions pass's cross-article step: each article's decisions (found by the
/// per-article stage) with actors named through the project registry (analyst edits applied),
/// then followed across articles into tracked decisions.
pub(super) fn run_decisions(
    project: &mut Project,
    summaries: &[stage::Summary],
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let found: Vec<&[stage::Found]> = summaries.iter().map(|s| &s.decisions[..]).collect();
    let dates: Vec<Option<String>> = summaries
        .iter()
        .map(|s| s.date().map(|d| d.to_string()))
        .collect();
    progress(summaries.len() / 2);
    // The mentions that name actors and targets, then their actors: the effective registry's
    // names (analyst edits applied) and the machine rows' ids.
    type At = (ArticleId, usize, usize);
    let mut wanted: HashSet<At> = HashSet::new();
    for (article, decisions) in summaries.iter().zip(&found) {
        for (d, mention, _) in decisions.iter() {
            let ranges = mention.iter().chain(d.target.as_ref().map(|t| &t.range));
            wanted.extend(ranges.map(|r| (article.id, r.start, r.end)));
        }
    }
    let mut named: HashMap<At, String> = HashMap::new();
    let mut ids: HashMap<At, i64> = HashMap::new();
    let articles: Vec<ArticleId> = summaries.iter().map(|s| s.id).collect();
    registry_by_chunk(project, &articles, |registry, rows| {
        for m in &registry.mentions {
            let at = (m.article, m.range.start, m.range.end);
            if let Some(a) = m.actor
                && wanted.contains(&at)
            {
                named.insert(at, registry.actors[a].name.clone());
            }
        }
        for m in rows {
            let at = (m.article, m.range.start, m.range.end);
            if let Some(id) = m.actor
                && wanted.contains(&at)
            {
                ids.insert(at, id);
            }
        }
    })?;
    let mut results: Vec<(ArticleId, Vec<DecisionRow>)> = Vec::with_capacity(summaries.len());
    for (article, decisions) in summaries.iter().zip(found) {
        let rows = decisions
            .iter()
            .map(|(d, mention, written)| {
                let d = d.clone();
                let at = mention.as_ref().map(|r| (article.id, r.start, r.end));
                let actor = at
                    .and_then(|k| named.get(&k))
                    .cloned()
                    .unwrap_or_else(|| written.clone());
                DecisionRow {
                    sentence: d.sentence,
                    trigger: d.trigger,
                    key: String::new(),
                    actor_id: at.and_then(|k| ids.get(&k).copied()),
                    actor,
                    actor_range: d.actor.range,
                    mention: mention.clone(),
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
                outlet: summaries[i].outlet.as_deref(),
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
