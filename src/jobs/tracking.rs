//! The decisions stage: each article's decisions, then the tracker that follows them across
//! articles, rewriting only what changed.
//!
//! Tracking compares decision rows only within a tracking group (`decisions::group_key`: the
//! actor, kind and head), so a group's tracked decisions can change only if one of its rows
//! changed. A run names the decision rows of the articles that may have changed through the
//! registry (a chunk of articles at a time) and compares them, with the dates their steps
//! carry, with the stored rows: an article whose rows or dates differ in anything but their
//! keys (analysed again, dated again, an actor or target renamed or merged by linking or by the
//! analyst's edits) is *changed*, and the groups of its old and new rows are *touched*. Only
//! the changed articles' rows are written, and of the touched groups' tracked decisions only
//! those that come out different from the stored ones (with their steps, and the keys of kept
//! rows whose decision's key moved). The rows compared are staged in the connection's
//! temporary table and tracked a group at a time with the group's other rows, read from the
//! store, so no run holds every row. With no analyst actor edit, a row is named by its
//! mentions' machine actor rows, which is what the registry then names them, without building
//! the registry of each chunk.
//!
//! Which articles may have changed: the run keeps, for each chunk of articles, a digest of
//! what its rows are made from ([`TrackedChunks`]: the chunk's link digest, which covers the
//! row id and name of the actor each local actor is linked to, and each article's inputs
//! digest). In a chunk whose digest is the one kept, only the articles dated from their
//! neighbours (analysed again at every run) are named and compared; the others hold the rows
//! they held. Every article is compared when the analyst edited an actor (the registry's
//! names then depend on more than the links) and in a chunk whose digest changed (an article
//! new or analysed again, a link or an actor's name changed).
//!
//! Everything is rewritten instead when the stored tracker cannot be trusted to be this
//! build's: no earlier run of this version of the decisions pass is recorded (first run, new
//! pass version); when a name holds the `|` of decision keys (keys of two groups could
//! collide); or when half the rows or more changed (a new gazetteer, many renames), where a
//! rewrite is cheaper.

use super::*;
use crate::store::{Rewrite, StagedDecision, StoredDecision, SummaryPart, TrackedChunks};

/// One article's decision rows, named through the registry.
pub(super) type ArticleDecisions = (ArticleId, Vec<DecisionRow>);

/// A mention's place: its article and byte range.
type At = (ArticleId, usize, usize);

/// What names the actors and targets of decision rows: the registry name (analyst edits
/// applied) and the machine actor row of each mention that names one.
#[derive(Debug, Default, PartialEq)]
struct Names {
    named: HashMap<At, String>,
    machine: HashMap<At, i64>,
}

impl Names {
    /// The `wanted` mentions named through a chunk's effective `registry` and its machine
    /// mention `rows`.
    fn from_registry(
        wanted: &HashSet<At>,
        registry: &crate::actors::Actors,
        rows: &[MentionRow],
    ) -> Names {
        let mut names = Names::default();
        for m in &registry.mentions {
            let at = (m.article, m.range.start, m.range.end);
            if let Some(a) = m.actor
                && wanted.contains(&at)
            {
                names.named.insert(at, registry.actors[a].name.clone());
            }
        }
        for m in rows {
            let at = (m.article, m.range.start, m.range.end);
            if let Some(id) = m.actor
                && wanted.contains(&at)
            {
                names.machine.insert(at, id);
            }
        }
        names
    }

    /// The `wanted` mentions named by their machine actor rows (`links`: each mention's place
    /// and actor row; `actors`: each row's name), which is what the effective registry names
    /// them when the analyst edited no actor: the registry is then the machine rows.
    fn from_links(
        wanted: &HashSet<At>,
        links: &[(At, Option<i64>)],
        actors: &HashMap<i64, String>,
    ) -> Names {
        let mut names = Names::default();
        for &(at, actor) in links {
            if let Some(id) = actor
                && wanted.contains(&at)
            {
                if let Some(name) = actors.get(&id) {
                    names.named.insert(at, name.clone());
                }
                names.machine.insert(at, id);
            }
        }
        names
    }
}

/// The decision rows of the articles of `chunk` (`found` gives each one's decisions, as the
/// per-article stage found them), their actors and targets named by `name`, which is given
/// the mentions that name them.
fn decision_rows<'f>(
    chunk: &[ArticleId],
    found: impl Fn(&ArticleId) -> Option<&'f Vec<stage::FoundDecision>>,
    name: impl FnOnce(&HashSet<At>) -> Names,
) -> Vec<ArticleDecisions> {
    let mut wanted: HashSet<At> = HashSet::new();
    for id in chunk {
        for d in found(id).into_iter().flatten() {
            let ranges = d.mention.iter().chain(d.target.as_ref().map(|t| &t.0));
            wanted.extend(ranges.map(|r| (*id, r.start, r.end)));
        }
    }
    let Names { named, machine } = name(&wanted);
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

/// The decisions pass's cross-article step: the decision rows of the articles that may have
/// changed (as stored in their summaries, or as dating read them again with a new date),
/// named through the registry a chunk at a time, compared with the stored ones and staged;
/// then the touched groups tracked again (see the module's doc). It reads the registry on its
/// own, after the timeline is merged, so that the event reports and the decision rows are
/// never in memory together.
pub(super) fn run_decisions(
    project: &mut Project,
    dating: &dating::Dating,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let ids: Vec<ArticleId> = dating.articles.iter().map(|s| s.id).collect();
    let edited = !project.actor_edits()?.is_empty();
    let mut every = !tracked_by_this_version(project)?;
    let (changes, chunks, rows) = loop {
        let (changes, chunks, skipped_rows) = stage_rows(project, dating, &ids, every, edited)?;
        let rows = changes.rows + skipped_rows.unwrap_or(0);
        if skipped_rows.is_some() && changes.rewrites_all(rows) {
            // everything is rewritten from staged rows: stage every article's
            every = true;
            continue;
        }
        break (changes, chunks, rows);
    };
    progress(dating.articles.len() / 2);
    let mut groups: Vec<String> = changes.groups.iter().cloned().collect();
    groups.sort_unstable();
    let group_of = |actor: &str, kind, head: &str| decisions::group_key(actor, kind, head);
    let what = if changes.rewrites_all(rows) {
        Rewrite::All
    } else {
        Rewrite::Some {
            articles: &changes.articles,
            groups: &groups,
            group_of: &group_of,
        }
    };
    // what the rows were made from is kept only while chunks can be trusted to name their
    // rows alike when their digests are kept: with no analyst edit and no `|`
    let keep = (!edited && !changes.splits).then_some(&chunks);
    project.rewrite_tracked(
        &what,
        &mut |rows| decisions::merge_decisions(&refs(rows)),
        keep,
    )
}

/// Names, compares and stages the decision rows of the articles of `ids` (`every` one, or
/// those that may have changed since the last run of the tracker: see [`TrackedChunks`]).
/// Returns what changed, the digests of the chunks' inputs, and how many stored rows the
/// articles skipped hold (`None` when none was skipped).
fn stage_rows(
    project: &Project,
    dating: &dating::Dating,
    ids: &[ArticleId],
    every: bool,
    edited: bool,
) -> Result<(Changes, TrackedChunks, Option<usize>), StoreError> {
    let summaries = &dating.articles;
    let mut changes = Changes {
        all: every,
        ..Changes::default()
    };
    project.clear_staged_decisions()?;
    let mut stage_run = |project: &Project,
                         run: std::ops::Range<usize>,
                         name: &dyn Fn(&HashSet<At>) -> Names|
     -> Result<(), StoreError> {
        let articles = &ids[run.clone()];
        let found: HashMap<ArticleId, Vec<stage::FoundDecision>> =
            dating::read_chunk(project, articles, SummaryPart::Decisions)?;
        let current = decision_rows(
            articles,
            |id| {
                dating
                    .redone
                    .get(id)
                    .map(|(_, decisions)| decisions)
                    .or_else(|| found.get(id))
            },
            name,
        );
        drop(found);
        let stored = match (articles.first(), articles.last()) {
            (Some(&a), Some(&b)) if !changes.all => project.stored_decisions_in(a, b)?,
            _ => HashMap::new(),
        };
        let staged = changes.compare(current, stored, &summaries[run]);
        project.stage_decisions(&staged)
    };
    let mut chunks = TrackedChunks::new();
    let mut skipped = false;
    if edited {
        let mut first = 0;
        let mut failed = None;
        registry_by_chunk(project, ids, |registry, rows| {
            let named = |wanted: &HashSet<At>| Names::from_registry(wanted, registry, rows);
            let end = (first + REGISTRY_CHUNK).min(ids.len());
            if let Err(e) = stage_run(project, first..end, &named) {
                failed.get_or_insert(e);
            }
            first += REGISTRY_CHUNK;
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
    } else {
        // no analyst edit: each mention is named by its machine actor row
        let actors: HashMap<i64, String> = project
            .actor_rows()?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let tracked_before = if every {
            TrackedChunks::new()
        } else {
            project.tracked_chunks()?
        };
        let links = project.link_digests()?;
        for first in (0..ids.len()).step_by(REGISTRY_CHUNK) {
            let end = (first + REGISTRY_CHUNK).min(ids.len());
            let (a, b) = (ids[first], ids[end - 1]);
            let inputs = project.summary_inputs_in(a, b)?;
            let digest = links.get(&(a, b)).map(|l| chunk_digest(l, &inputs));
            let same = digest.is_some() && tracked_before.get(&(a, b)) == digest.as_ref();
            if let Some(digest) = digest {
                chunks.insert((a, b), digest);
            }
            let runs = if same {
                // the articles dated by their own text hold the rows they held
                let undated: HashSet<ArticleId> = inputs
                    .iter()
                    .filter(|(id, _, dated)| !dated || dating.redone.contains_key(id))
                    .map(|(id, ..)| *id)
                    .collect();
                let runs = runs_of(first..end, |i| undated.contains(&ids[i]));
                skipped |= runs.iter().map(ExactSizeIterator::len).sum::<usize>() < end - first;
                runs
            } else {
                std::iter::once(first..end).collect()
            };
            for run in runs {
                let mentions = project.mention_actors_in(ids[run.start], ids[run.end - 1])?;
                stage_run(project, run, &|wanted| {
                    Names::from_links(wanted, &mentions, &actors)
                })?;
            }
        }
    }
    let skipped_rows = if skipped {
        Some(project.decision_row_count()?.saturating_sub(changes.stored))
    } else {
        None
    };
    Ok((changes, chunks, skipped_rows))
}

/// The runs of consecutive positions of `range` that `wanted` picks.
fn runs_of(
    range: std::ops::Range<usize>,
    wanted: impl Fn(usize) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for i in range.filter(|&i| wanted(i)) {
        match runs.last_mut() {
            Some(run) if run.end == i => run.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    runs
}

/// A digest of what the decision rows of a chunk of articles are made from, but for the
/// articles dated from their neighbours: the digest of its links (each local actor's row id
/// and name) and each article's id, inputs digest (its summary is made from its text and
/// them) and whether its own text dated it (`inputs`).
fn chunk_digest(links: &str, inputs: &[(ArticleId, String, bool)]) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    hasher.update(b"tracked chunk 1\n");
    hasher.update(links.as_bytes());
    for (id, inputs, dated) in inputs {
        hasher.update(id.0.to_le_bytes());
        hasher.update((inputs.len() as u64).to_le_bytes());
        hasher.update(inputs.as_bytes());
        hasher.update([u8::from(*dated)]);
    }
    crate::ingest::to_hex(&hasher.finalize())
}

/// Whether the last recorded run of the decisions pass is of this build's version (so the
/// stored tracker is this build's, and only what changed needs tracking again).
fn tracked_by_this_version(project: &Project) -> Result<bool, StoreError> {
    let version = pass_named("decisions").map(|p| p.version);
    let last = project
        .pass_runs()?
        .into_iter()
        .rev()
        .find(|run| run.pass == "decisions")
        .map(|run| run.version);
    Ok(last.is_some() && last == version)
}

/// What the comparison of the current decision rows with the stored ones found so far.
#[derive(Default)]
struct Changes {
    /// Everything is to be tracked again (then nothing else is noted).
    all: bool,
    /// The articles whose rows (or their steps' dates) changed.
    articles: Vec<ArticleId>,
    /// The tracking groups of their old and new rows.
    groups: HashSet<String>,
    /// Current rows, and those of changed articles.
    rows: usize,
    changed_rows: usize,
    /// Articles compared, and the stored rows they held.
    compared: usize,
    stored: usize,
    /// Some name holds the `|` of decision keys.
    splits: bool,
}

impl Changes {
    /// Whether every decision is to be rewritten, with `rows` current rows in all: the stored
    /// tracker cannot be trusted, or half the rows or more changed (a rewrite is cheaper).
    fn rewrites_all(&self, rows: usize) -> bool {
        self.all || self.changed_rows * 2 > rows.max(1)
    }

    /// Compares the `current` rows of a chunk of articles (`dated`, in the same order) with
    /// their `stored` rows, notes what changed, and returns the rows to stage: those of an
    /// unchanged article kept with their row ids and keys.
    fn compare(
        &mut self,
        current: Vec<ArticleDecisions>,
        mut stored: HashMap<ArticleId, Vec<StoredDecision>>,
        dated: &[dating::Dated],
    ) -> Vec<StagedDecision> {
        let mut staged = Vec::new();
        for ((id, rows), dated) in current.into_iter().zip(dated) {
            let date = dated.date().map(|d| d.to_string());
            let mut old = stored.remove(&id).unwrap_or_default();
            let step_date = |r: &DecisionRow| date.clone().or_else(|| r.date.clone());
            let same = !self.all
                && old.len() == rows.len()
                && old.iter_mut().zip(&rows).all(|(o, r)| {
                    let key = std::mem::take(&mut o.row.key);
                    let same = o.row == *r && o.step_date.as_ref() == Some(&step_date(r));
                    o.row.key = key;
                    same
                });
            self.rows += rows.len();
            self.compared += 1;
            self.stored += old.len();
            let names = |r: &DecisionRow| {
                [Some(&r.actor), r.target.as_ref(), Some(&r.head)]
                    .into_iter()
                    .flatten()
                    .any(|name| decisions::splits_keys(name))
            };
            if rows.iter().chain(old.iter().map(|o| &o.row)).any(names) {
                self.all = true;
                self.splits = true;
            }
            if !same && !self.all {
                self.articles.push(id);
                self.changed_rows += rows.len();
                for r in old.iter().map(|o| &o.row).chain(&rows) {
                    self.groups
                        .insert(decisions::group_key(&r.actor, r.kind, &r.head));
                }
            }
            let mut old = old.into_iter();
            for row in rows {
                let kept = old.next().filter(|_| same).map(|o| (o.id, o.row.key));
                staged.push(StagedDecision {
                    article: id,
                    group: decisions::group_key(&row.actor, row.kind, &row.head),
                    kept,
                    article_date: date.clone(),
                    row,
                });
            }
        }
        staged
    }
}

/// The tracker's reports of a group's staged rows, each article numbered by its id (the
/// merge orders reports by article number, as by id). Outlets are left out: the store does
/// not keep a step's outlet, it reads it from the article.
fn refs(rows: &[StagedDecision]) -> Vec<decisions::DecisionRef<'_>> {
    rows.iter()
        .map(|s| decisions::DecisionRef {
            article: usize::try_from(s.article.0).unwrap_or(usize::MAX),
            outlet: None,
            article_date: s.article_date.as_deref(),
            actor: &s.row.actor,
            kind: s.row.kind,
            head: &s.row.head,
            action: &s.row.action,
            target: s.row.target.as_deref(),
            date: s.row.date.as_deref(),
            status: s.row.status,
            evidence: s.row.sentence.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With no analyst edit, naming each mention by its machine actor row names every decision
    /// row as the effective registry does.
    #[test]
    fn without_edits_the_machine_rows_name_decisions_as_the_registry_does() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = super::analysed_sample(dir.path());
        let ids = super::article_ids(&project);
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            panic!("no articles");
        };
        let found: HashMap<ArticleId, Vec<stage::FoundDecision>> =
            dating::read_chunk(&project, &ids, SummaryPart::Decisions).expect("summaries");
        let registry = project.actors().expect("registry");
        let rows = project.mention_rows(None).expect("mentions");
        let by_registry = decision_rows(
            &ids,
            |id| found.get(id),
            |wanted| Names::from_registry(wanted, &registry, &rows),
        );
        let links = project.mention_actors_in(first, last).expect("links");
        let actors: HashMap<i64, String> = project
            .actor_rows()
            .expect("actors")
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let by_links = decision_rows(
            &ids,
            |id| found.get(id),
            |wanted| Names::from_links(wanted, &links, &actors),
        );
        assert!(by_registry.iter().map(|(_, r)| r.len()).sum::<usize>() > 20);
        assert!(
            by_registry
                .iter()
                .flat_map(|(_, r)| r)
                .any(|r| r.actor_id.is_some() && r.target.is_some())
        );
        assert_eq!(by_links, by_registry);
    }

    /// Every decision row (with its key) and every tracked decision (without its row id,
    /// which depends on when the tracker last wrote it) of `project`.
    fn decisions_of(
        project: &Project,
    ) -> (Vec<DecisionRow>, Vec<crate::model::TrackedDecisionRow>) {
        let mut rows = Vec::new();
        for a in project.article_summaries().expect("articles") {
            rows.extend(project.decisions(a.id).expect("rows"));
        }
        let tracked = project
            .tracked_decisions()
            .expect("tracked")
            .into_iter()
            .map(|t| crate::model::TrackedDecisionRow { id: 0, ..t })
            .collect();
        (rows, tracked)
    }

    /// After an import, the tracker leaves the articles of the chunks whose links and inputs
    /// did not change as they are (their digests are kept from the run before), and every
    /// decision row and tracked decision is what a full analysis gives.
    #[test]
    fn after_an_import_unchanged_chunks_are_kept_and_decisions_equal_a_full_analysis() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sample = crate::app::recent::sample_dir();
        // a report by an outlet the sample has (so the gazetteer stays as it was) of decisions
        // the sample tracks
        let more = dir.path().join("more");
        std::fs::create_dir_all(&more).expect("folder");
        std::fs::write(
            more.join("wire.txt"),
            "ECOWAS keeps its sanctions on Niger\n\nABUJA, Aug 20 (Sahel Wire) - The Economic \
             Community of West African States said on Sunday that its sanctions on Niger remain \
             in force. Its leaders will hold a summit in Abuja on August 24 on the standby \
             force.\n",
        )
        .expect("article");
        std::fs::write(
            more.join("wire.meta.json"),
            r#"{"source": "Sahel Wire", "published": "2023-08-20"}"#,
        )
        .expect("meta");
        let never = AtomicBool::new(false);
        let mut daily = Project::create_or_open(&dir.path().join("daily.dossier")).expect("new");
        import(
            &mut daily,
            std::slice::from_ref(&sample),
            &mut |_| {},
            &never,
        )
        .expect("import");
        analyze(&mut daily, &mut |_| {}, &never).expect("analyze");
        let before = daily.tracked_chunks().expect("chunks");
        assert!(
            before.len() > 2,
            "the sample spans several chunks: {before:?}"
        );
        import(&mut daily, std::slice::from_ref(&more), &mut |_| {}, &never).expect("import");
        analyze(&mut daily, &mut |_| {}, &never).expect("analyze again");
        let after = daily.tracked_chunks().expect("chunks");
        let kept = before
            .iter()
            .filter(|(k, d)| after.get(k) == Some(d))
            .count();
        assert!(kept > 0, "no chunk kept: {before:?} {after:?}");
        assert!(
            kept < after.len(),
            "the new article's chunk changed: {after:?}"
        );

        let mut once = Project::create_or_open(&dir.path().join("once.dossier")).expect("new");
        import(&mut once, &[sample, more], &mut |_| {}, &never).expect("import");
        analyze(&mut once, &mut |_| {}, &never).expect("analyze");
        let expected = decisions_of(&once);
        assert!(expected.1.iter().any(|t| t.steps.len() > 1));
        assert_eq!(decisions_of(&daily), expected);
    }

    /// Right after an analysis, the tracker compares no article dated by its own text: every
    /// chunk's digest is the one it kept. (Before, every run named and compared every row.)
    #[test]
    fn with_nothing_new_no_article_dated_by_its_text_is_compared() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = super::analysed_sample(dir.path());
        let mut dating = dating::Dating::default();
        stage::each_part(&project, SummaryPart::Dates, |id, dates: stage::Dates| {
            dating.articles.push(dating::Dated {
                id,
                outlet: None,
                dates,
            });
        })
        .expect("dates");
        let ids: Vec<ArticleId> = dating.articles.iter().map(|d| d.id).collect();
        let undated = dating
            .articles
            .iter()
            .filter(|d| d.date().is_none())
            .count();
        assert!(ids.len() > 2 * REGISTRY_CHUNK);

        let (changes, chunks, skipped) =
            stage_rows(&project, &dating, &ids, false, false).expect("staged");
        assert_eq!(changes.compared, undated);
        assert!(changes.articles.is_empty());
        assert!(skipped.is_some_and(|rows| rows > 0));
        assert_eq!(chunks, project.tracked_chunks().expect("kept"));

        // everything is compared when asked, and nothing has changed either
        let (changes, ..) = stage_rows(&project, &dating, &ids, true, false).expect("staged");
        assert_eq!(changes.compared, ids.len());
    }
}
