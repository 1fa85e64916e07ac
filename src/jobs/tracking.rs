//! The decisions stage: each article's decisions, then the tracker that follows them across
//! articles.

use super::*;
use crate::store::SummaryPart;

/// One article's decision rows, named through the registry.
pub(super) type ArticleDecisions = (ArticleId, Vec<DecisionRow>);

/// The decision rows of the articles of `chunk` (`found` gives each one's decisions, as the
/// per-article stage found them), their actors and targets named through the chunk's
/// effective `registry` (analyst edits applied) and its machine mention `rows`.
pub(super) fn decision_rows<'f>(
    chunk: &[ArticleId],
    found: impl Fn(&ArticleId) -> Option<&'f Vec<stage::FoundDecision>>,
    registry: &crate::actors::Actors,
    rows: &[MentionRow],
) -> Vec<ArticleDecisions> {
    // The mentions that name actors and targets, then their actors: the effective registry's
    // names and the machine rows' ids.
    type At = (ArticleId, usize, usize);
    let mut wanted: HashSet<At> = HashSet::new();
    for id in chunk {
        for d in found(id).into_iter().flatten() {
            let ranges = d.mention.iter().chain(d.target.as_ref().map(|t| &t.0));
            wanted.extend(ranges.map(|r| (*id, r.start, r.end)));
        }
    }
    let mut named: HashMap<At, String> = HashMap::new();
    for m in &registry.mentions {
        let at = (m.article, m.range.start, m.range.end);
        if let Some(a) = m.actor
            && wanted.contains(&at)
        {
            named.insert(at, registry.actors[a].name.clone());
        }
    }
    let mut machine: HashMap<At, i64> = HashMap::new();
    for m in rows {
        let at = (m.article, m.range.start, m.range.end);
        if let Some(id) = m.actor
            && wanted.contains(&at)
        {
            machine.insert(at, id);
        }
    }
    chunk
        .iter()
        .map(|&id| {
            let rows = found(&id)
                .into_iter()
                .flatten()
                .map(|d| {
                    let d = d.clone();
                    let at = d.mention.as_ref().map(|r| (id, r.start, r.end));
                    let actor = at.and_then(|k| named.get(&k)).cloned().unwrap_or(d.written);
                    DecisionRow {
                        sentence: d.sentence,
                        trigger: d.trigger,
                        key: String::new(),
                        actor_id: at.and_then(|k| machine.get(&k).copied()),
                        actor,
                        actor_range: d.actor_range,
                        mention: d.mention,
                        kind: d.kind,
                        head: d.head,
                        action: d.action,
                        target: d.target.map(|(range, text)| {
                            named
                                .get(&(id, range.start, range.end))
                                .cloned()
                                .unwrap_or(text)
                        }),
                        date: d.date,
                        status: d.status,
                    }
                })
                .collect();
            (id, rows)
        })
        .collect()
}

/// The decisions pass's cross-article step: every article's decision rows (as stored in its
/// summary, or as dating read them again with a new date), named through the registry a chunk
/// at a time, followed across articles into tracked decisions. It reads the registry on its
/// own, after the timeline is merged, so that the event reports and the decision rows are
/// never in memory together.
pub(super) fn run_decisions(
    project: &mut Project,
    dating: &mut dating::Dating,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let summaries = &dating.articles;
    let ids: Vec<ArticleId> = summaries.iter().map(|s| s.id).collect();
    let mut results: Vec<ArticleDecisions> = Vec::with_capacity(ids.len());
    let mut first = 0;
    let mut failed = None;
    registry_by_chunk(project, &ids, |registry, rows| {
        let end = (first + REGISTRY_CHUNK).min(ids.len());
        let chunk = &ids[first..end];
        let found: HashMap<ArticleId, Vec<stage::FoundDecision>> =
            dating::read_chunk(project, chunk, SummaryPart::Decisions).unwrap_or_else(|e| {
                failed.get_or_insert(e);
                HashMap::new()
            });
        results.extend(decision_rows(
            chunk,
            |id| {
                dating
                    .redone
                    .get(id)
                    .map(|(_, decisions)| decisions)
                    .or_else(|| found.get(id))
            },
            registry,
            rows,
        ));
        first = end;
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    let dates: Vec<Option<String>> = summaries
        .iter()
        .map(|s| s.date().map(|d| d.to_string()))
        .collect();
    progress(summaries.len() / 2);
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
