//! The project timeline: every article's dated events, with the registry names of the actors
//! in their sentences, merged across outlets (`timeline::merge_events`), or onto the stored
//! timeline when little is new (`timeline::merge_events_onto`); merged beside the tracker.

use super::dating::{Dating, read_chunk};
use super::*;
use crate::analysis::gazetteer::{FastMap, FastSet};
use crate::store::{StoredEvents, SummaryPart};

/// One article's report of an event, before merging: its strings are numbers into
/// [`Pool`], so that a value, a sentence, a label or a list of actors that many reports share
/// (the same day, a reprinted wire story) is held once.
struct Report {
    article: u32,
    value: u32,
    label: u32,
    actors: u32,
    sentence: std::ops::Range<usize>,
    sentence_text: u32,
    /// Its place among its article's events.
    index: u32,
}

/// Distinct items, each held once and numbered in order of first sight.
struct Pool<T: ?Sized> {
    ids: FastMap<std::rc::Rc<T>, u32>,
    items: Vec<std::rc::Rc<T>>,
}

impl<T: ?Sized> Default for Pool<T> {
    fn default() -> Self {
        Pool {
            ids: FastMap::default(),
            items: Vec::new(),
        }
    }
}

impl<T: ?Sized + Eq + std::hash::Hash> Pool<T> {
    /// The number of `item`, adding it when it is new.
    fn id<Q>(&mut self, item: &Q) -> u32
    where
        std::rc::Rc<T>: std::borrow::Borrow<Q> + for<'q> From<&'q Q>,
        Q: ?Sized + Eq + std::hash::Hash,
    {
        if let Some(&id) = self.ids.get(item) {
            return id;
        }
        let id = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        let shared = std::rc::Rc::<T>::from(item);
        self.items.push(shared.clone());
        self.ids.insert(shared, id);
        id
    }

    /// The number of `item`, if it was seen.
    fn find<Q>(&self, item: &Q) -> Option<u32>
    where
        std::rc::Rc<T>: std::borrow::Borrow<Q>,
        Q: ?Sized + Eq + std::hash::Hash,
    {
        self.ids.get(item).copied()
    }

    fn get(&self, id: u32) -> &T {
        &self.items[id as usize]
    }
}

/// The merged events, the note of a whole merge, and the stored timeline when kept (see
/// [`project_timeline`]).
type ProjectTimeline = (Vec<TimelineEvent>, Option<String>, Option<StoredEvents>);

/// The project timeline: every dated event of every article, with the registry names of the
/// actors in its sentence (analyst edits applied), merged across outlets. Events are read from
/// the stored summaries a registry chunk at a time (those of articles dated here from
/// `dating`). Each event's id is its first report's (see [`event_id`]), so that the store writes
/// only the events a run changes.
///
/// Incremental: while the reports have grown by at most a fifth ([`REMERGE_PART`]) since the
/// timeline was last merged whole, and at most that share of them is new or changed, the stored events
/// are kept whole and only the new reports are judged ([`timeline::merge_events_onto`]; a
/// report is kept when its article's reports are the ones stored, by sentence and value).
/// Otherwise, and when the merge or the timeline pass changed, every report is merged anew,
/// and the returned note (for [`Project::replace_events`]) says so. With `keep_stored`, the
/// stored timeline (for [`Project::replace_events_over`]) is returned too, read once for both;
/// it is then held through the merge, a few megabytes more at its peak.
pub(super) fn project_timeline(
    project: &Project,
    dating: &Dating,
    keep_stored: bool,
) -> Result<ProjectTimeline, StoreError> {
    let summaries = &dating.articles;
    let ids: Vec<ArticleId> = summaries.iter().map(|s| s.id).collect();
    let mut reports = Vec::new();
    // the values, labels, sentences and actor lists of every report, each held once
    let mut strings: Pool<str> = Pool::default();
    let mut sentences: Pool<str> = Pool::default();
    let mut actor_lists: Pool<[String]> = Pool::default();
    let mut first = 0;
    let mut failed = None;
    mention_names_by_chunk(project, &ids, |names| {
        let end = (first + REGISTRY_CHUNK).min(summaries.len());
        let chunk = &ids[first..end];
        let stored: HashMap<ArticleId, stage::Events> =
            read_chunk(project, chunk, SummaryPart::Events).unwrap_or_else(|e| {
                failed.get_or_insert(e);
                HashMap::new()
            });
        let mut mentions_of: FastMap<ArticleId, Vec<&NamedMention>> = FastMap::default();
        for m in &names.mentions {
            mentions_of.entry(m.article).or_default().push(m);
        }
        for (i, summary) in summaries.iter().enumerate().take(end).skip(first) {
            let Some(events) = dating
                .redone
                .get(&summary.id)
                .map(|(events, _)| events)
                .or_else(|| stored.get(&summary.id))
            else {
                continue;
            };
            let texts: Vec<u32> = events
                .sentences
                .iter()
                .map(|t| sentences.id(t.as_str()))
                .collect();
            for (index, event) in events.events.iter().enumerate() {
                let mut actors: Vec<String> = Vec::new();
                for m in mentions_of.get(&summary.id).into_iter().flatten() {
                    if m.range.start >= event.sentence.start
                        && m.range.end <= event.sentence.end
                        && let Some(name) = m.actor.map(|a| names.names[a].as_str())
                        && !actors.iter().any(|n| n == name)
                    {
                        actors.push(name.to_string());
                    }
                }
                reports.push(Report {
                    article: u32::try_from(i).unwrap_or(u32::MAX),
                    value: strings.id(event.value.as_str()),
                    label: strings.id(event.label.as_str()),
                    actors: actor_lists.id(actors.as_slice()),
                    sentence: event.sentence.clone(),
                    sentence_text: texts
                        .get(event.sentence_text)
                        .copied()
                        .unwrap_or_else(|| sentences.id("")),
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                });
            }
        }
        first = end;
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    let refs: Vec<timeline::EventRef<'_>> = reports
        .iter()
        .map(|r| timeline::EventRef {
            article: r.article as usize,
            outlet: summaries[r.article as usize].outlet.as_deref(),
            value: strings.get(r.value),
            label: strings.get(r.label),
            actors: actor_lists.get(r.actors),
            sentence_text: sentences.get(r.sentence_text),
        })
        .collect();
    let (prior, stored) = earlier_events(project, &reports, summaries, &strings, keep_stored)?;
    let whole = prior
        .is_none()
        .then(|| format!("{}:{}", merge_version(), reports.len()));
    let prior = prior.unwrap_or_default();
    let mut merged: Vec<TimelineEvent> = timeline::merge_events_onto(&refs, &prior)
        .into_iter()
        .map(|m| TimelineEvent {
            id: m
                .reports
                .first()
                .and_then(|&r| {
                    let report = &reports[r];
                    event_id(summaries[report.article as usize].id, report.index)
                })
                .unwrap_or(0),
            conflict: !m.conflicting_values.is_empty(),
            label: m.label,
            value: m.value,
            actors: m.actors,
            reports: m
                .reports
                .iter()
                .map(|&r| EventReport {
                    article: summaries[reports[r].article as usize].id,
                    sentence: reports[r].sentence.clone(),
                    value: strings.get(reports[r].value).to_string(),
                })
                .collect(),
        })
        .collect();
    drop(refs);
    if merged.iter().any(|e| e.id == 0) {
        for (k, event) in merged.iter_mut().enumerate() {
            event.id = i64::try_from(k + 1).unwrap_or(i64::MAX);
        }
    }
    Ok((merged, whole, stored))
}

/// The timeline is merged whole again once its reports have grown, or changed, by more than
/// one part in this many of those it was last merged whole from: a fifth, as stories are
/// regrouped.
const REMERGE_PART: usize = 5;

/// What a whole merge notes of itself besides its reports: the timeline pass's version (and
/// so the merge's).
fn merge_version() -> u32 {
    pass_named("timeline").map_or(0, |p| p.version)
}

/// Each report's earlier event (see [`timeline::merge_events_onto`]).
type Prior = Vec<Option<u32>>;

/// The stored event of each report (numbered from 0) when the timeline may be merged onto the
/// stored one (see [`project_timeline`]), else `None`. A report keeps its event only when its
/// article's reports are those stored, one for one by sentence and value: an article analysed
/// again with other events has all its reports judged anew. Two reports of one sentence and
/// value (two events of one sentence) stored in two events cannot be told apart: they are
/// judged anew too. The stored timeline is read on the way (see [`Project::stored_events`]),
/// and returned when asked to `keep` it.
fn earlier_events(
    project: &Project,
    reports: &[Report],
    summaries: &[super::dating::Dated],
    strings: &Pool<str>,
    keep: bool,
) -> Result<(Option<Prior>, Option<StoredEvents>), StoreError> {
    const NONE: u32 = u32::MAX;
    let whole = project.timeline_whole()?.and_then(|note| {
        let (version, count) = note.split_once(':')?;
        (version.parse::<u32>().ok()? == merge_version()).then_some(count.parse::<usize>().ok()?)
    });
    let Some(whole) = whole.filter(|&n| reports.len() <= n + n / REMERGE_PART) else {
        let stored = keep.then(|| project.stored_events()).transpose()?;
        return Ok((None, stored));
    };
    // the first report of each article, sentence and value, and the next of the same
    type Key = (u32, usize, usize, u32);
    let mut by_key: FastMap<Key, u32> =
        FastMap::with_capacity_and_hasher(reports.len(), Default::default());
    let mut same: Vec<u32> = vec![NONE; reports.len()];
    for (i, r) in reports.iter().enumerate().rev() {
        let i = u32::try_from(i).unwrap_or(NONE);
        let key = (r.article, r.sentence.start, r.sentence.end, r.value);
        if let Some(next) = by_key.insert(key, i) {
            same[i as usize] = next;
        }
    }
    // each report's stored event, the stored reports taken in turn
    let mut stored: Vec<Option<i64>> = vec![None; reports.len()];
    // articles whose stored reports are not theirs now, one for one
    let mut changed: FastSet<u32> = FastSet::default();
    let stored_events = project.stored_events_each(keep, |event, article, sentence, value| {
        let Ok(a) = summaries.binary_search_by_key(&article, |s| s.id) else {
            return; // an article no longer in the project
        };
        let a = u32::try_from(a).unwrap_or(NONE);
        let mut at = strings
            .find(value)
            .and_then(|v| by_key.get(&(a, sentence.start, sentence.end, v)).copied())
            .unwrap_or(NONE);
        while at != NONE && stored[at as usize].is_some() {
            at = same[at as usize];
        }
        match stored.get_mut(at as usize) {
            Some(slot) => *slot = Some(event),
            None => {
                changed.insert(a);
            }
        }
    })?;
    changed.extend(
        reports
            .iter()
            .zip(&stored)
            .filter(|(_, event)| event.is_none())
            .map(|(r, _)| r.article),
    );
    let mut numbers: FastMap<i64, u32> = FastMap::default();
    let mut prior: Vec<Option<u32>> = vec![None; reports.len()];
    let mut fresh = 0;
    for (i, r) in reports.iter().enumerate() {
        let event = stored[i].filter(|_| !changed.contains(&r.article));
        // the reports of its sentence and value, all in this event
        let key = (r.article, r.sentence.start, r.sentence.end, r.value);
        let mut at = by_key.get(&key).copied().unwrap_or(NONE);
        let mut alike = true;
        while at != NONE {
            alike &= stored[at as usize] == event;
            at = same[at as usize];
        }
        match event.filter(|_| alike) {
            Some(event) => {
                let next = u32::try_from(numbers.len()).unwrap_or(NONE);
                prior[i] = Some(*numbers.entry(event).or_insert(next));
            }
            None => fresh += 1,
        }
    }
    Ok((
        (fresh <= whole / REMERGE_PART).then_some(prior),
        stored_events,
    ))
}

/// What the timeline merge holds per article, about (its reports, their words and clusters:
/// ~100 MB for the 50,000-article bench project's 429,000 reports).
const MERGE_BYTES: usize = 2 << 10;
/// What tracking decisions holds per article, about (~60 MB at 50,000 articles).
const TRACKING_BYTES: usize = 1200;
/// Most memory the timeline merge and tracking may hold together when run side by side: with
/// what the rest of `analyze` holds (~150 MB and ~1.9 KB an article), it keeps `analyze` under
/// 600 MB; larger projects (beyond ~100,000 articles) run one after the other.
const BESIDE_BUDGET: usize = 320 << 20;

/// Runs `beside` (the tracker, which reads no event) on `project` while the project timeline is
/// merged from `dating` on a thread of its own, through a reader of the project (SQLite's WAL
/// lets it read the committed dates and mentions while `beside` writes), then writes the
/// timeline; `beside` reports its progress through `progress`, and the stage "Merging events"
/// follows when it is done before the merge. Both hold a few kilobytes an article at once, so a
/// project too large for both within [`BESIDE_BUDGET`] merges first, then runs `beside`, as
/// does a project no reader can open (a scratch project). Returns what `beside` gave and the
/// time the timeline took (merging and writing).
pub(super) fn merge_beside<T>(
    project: &mut Project,
    dating: &Dating,
    progress: &mut dyn FnMut(Progress),
    beside: impl FnOnce(&mut Project, &mut dyn FnMut(Progress)) -> Result<T, StoreError>,
) -> Result<(T, std::time::Duration), StoreError> {
    // the merged timeline, its note, and the stored one it is written over
    type Merged = (
        Vec<TimelineEvent>,
        Option<String>,
        StoredEvents,
        std::time::Duration,
    );
    // beside the tracker the stored timeline is read once, with the reports' earlier events;
    // alone (a large project) it is read again after the merge, so as not to hold it through
    let timed = |project: &Project, beside: bool| -> Result<Merged, StoreError> {
        let started = std::time::Instant::now();
        let (merged, whole, stored) = project_timeline(project, dating, beside)?;
        let stored = match stored {
            Some(stored) => stored,
            None => project.stored_events()?,
        };
        Ok((merged, whole, stored, started.elapsed()))
    };
    // the time the timeline took, merging and writing
    let write = |project: &mut Project, (merged, whole, stored, took): Merged| {
        let written = std::time::Instant::now();
        project.replace_events_over(&merged, &stored, whole.as_deref())?;
        Ok::<_, StoreError>(took + written.elapsed())
    };
    let fits = dating
        .articles
        .len()
        .saturating_mul(MERGE_BYTES + TRACKING_BYTES)
        <= BESIDE_BUDGET;
    let Some(reader) = fits.then(|| project.readers().open().ok()).flatten() else {
        let merged = timed(project, false)?;
        let took = write(project, merged)?;
        return Ok((beside(project, progress)?, took));
    };
    let (out, merged) = std::thread::scope(|scope| {
        let merging = std::thread::Builder::new()
            .name("timeline".into())
            .spawn_scoped(scope, move || timed(&reader, true));
        let out = beside(project, progress);
        let merged = match merging {
            Ok(merging) => {
                if !merging.is_finished() {
                    progress(Progress {
                        stage: "Merging events",
                        done: 0,
                        total: 0,
                    });
                }
                merging
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
            // no thread to be had: merged here, through the project itself
            Err(_) => timed(project, true),
        };
        (out, merged)
    });
    let out = out?;
    let took = write(project, merged?)?;
    Ok((out, took))
}

/// A mention with the registry actor it names (an index into [`MentionNames::names`]).
struct NamedMention {
    article: ArticleId,
    range: std::ops::Range<usize>,
    actor: Option<usize>,
}

/// The mentions of a chunk of articles (in article and text order) and the registry names of
/// their actors (analyst edits applied).
#[derive(Default)]
struct MentionNames {
    mentions: Vec<NamedMention>,
    names: Vec<String>,
}

/// [`MentionNames`] a chunk of `ids` (ascending) at a time, as [`registry_by_chunk`] names
/// the mentions. Without analyst edits a mention names the stored actor its row links to, so
/// only the mentions' spans and actor ids are read and the registry is not built for each
/// chunk (the edits can move, rename, merge or drop actors: then it is).
fn mention_names_by_chunk(
    project: &Project,
    ids: &[ArticleId],
    mut f: impl FnMut(&MentionNames),
) -> Result<(), StoreError> {
    if !project.actor_edits()?.is_empty() {
        return registry_by_chunk(project, ids, |registry, _| {
            f(&MentionNames {
                mentions: registry
                    .mentions
                    .iter()
                    .map(|m| NamedMention {
                        article: m.article,
                        range: m.range.clone(),
                        actor: m.actor,
                    })
                    .collect(),
                names: registry.actors.iter().map(|a| a.name.clone()).collect(),
            });
        });
    }
    let rows = project.actor_rows()?;
    let index: FastMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let mut chunk = MentionNames {
        mentions: Vec::new(),
        names: rows.into_iter().map(|r| r.name).collect(),
    };
    for ids in ids.chunks(REGISTRY_CHUNK) {
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            continue;
        };
        chunk.mentions.clear();
        chunk
            .mentions
            .extend(project.mention_actors_in(first, last)?.into_iter().map(
                |((article, start, end), actor)| NamedMention {
                    article,
                    range: start..end,
                    actor: actor.and_then(|id| index.get(&id).copied()),
                },
            ));
        f(&chunk);
    }
    Ok(())
}

/// Bits of an event's id that hold its first report's place among its article's events.
const EVENT_INDEX_BITS: u32 = 20;

/// The id of an event whose first report (in article order, then the article's own order) is
/// the `index`th event of `article`: `article << 20 | index`, so that every run that merges the
/// same reports into an event gives it the same id, full or incremental, and the store writes
/// only the events that changed. `None` beyond those bounds (every event is then numbered in
/// order, as before).
fn event_id(article: ArticleId, index: u32) -> Option<i64> {
    let fits =
        (1..1 << (62 - EVENT_INDEX_BITS)).contains(&article.0) && index < 1 << EVENT_INDEX_BITS;
    fits.then(|| article.0 << EVENT_INDEX_BITS | i64::from(index))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each mention's actor name as the timeline reads it, a chunk at a time, without the
    /// registry built when no analyst edit exists, and through it once one does, is the one
    /// the whole project's registry gives.
    #[test]
    fn mentions_name_their_registry_actors_with_and_without_edits() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = super::analysed_sample(dir.path());
        let ids = super::article_ids(&project);
        type Named = (ArticleId, usize, usize, Option<String>);
        let whole = |project: &Project| -> Vec<Named> {
            let registry = project.actors().expect("registry");
            let mut named: Vec<Named> = registry
                .mentions
                .iter()
                .map(|m| {
                    let name = m.actor.map(|a| registry.actors[a].name.clone());
                    (m.article, m.range.start, m.range.end, name)
                })
                .collect();
            named.sort();
            named
        };
        let chunked = |project: &Project| -> Vec<Named> {
            let mut named: Vec<Named> = Vec::new();
            mention_names_by_chunk(project, &ids, |chunk| {
                named.extend(chunk.mentions.iter().map(|m| {
                    let name = m.actor.map(|a| chunk.names[a].clone());
                    (m.article, m.range.start, m.range.end, name)
                }));
            })
            .expect("chunks");
            named.sort();
            named
        };
        let expected = whole(&project);
        assert!(expected.iter().filter(|m| m.3.is_some()).count() > 100);
        assert_eq!(chunked(&project), expected);
        let most = expected
            .iter()
            .find_map(|m| m.3.clone())
            .expect("a named mention");
        project
            .add_actor_edit(&crate::actors::Edit::Rename {
                from: most,
                to: "Renamed".into(),
            })
            .expect("edit");
        let expected = whole(&project);
        assert!(expected.iter().any(|m| m.3.as_deref() == Some("Renamed")));
        assert_eq!(chunked(&project), expected);
    }

    /// `analyze` merges the timeline beside the tracker through a reader: the events are
    /// those merged on the project itself, written after the tracker ran; a scratch project,
    /// which no reader opens, merges first.
    #[test]
    fn the_timeline_merged_beside_tracking_is_the_one_merged_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = super::analysed_sample(dir.path());
        let ctx = stage::Context::new(&project).expect("context");
        let dating = super::dating::date_articles(&mut project, &ctx, &mut |_| ()).expect("dating");
        let (alone, ..) = project_timeline(&project, &dating, false).expect("merged");
        assert!(alone.len() > 20, "{} events", alone.len());
        let by_id = |mut events: Vec<TimelineEvent>| {
            events.sort_by_key(|e| e.id);
            events
        };
        assert_eq!(
            by_id(project.events().expect("events")),
            by_id(alone.clone())
        );
        project.replace_events(&[], None).expect("emptied");
        let (during, _) = merge_beside(&mut project, &dating, &mut |_| (), |p, _| {
            p.events().map(|events| events.len())
        })
        .expect("merged beside");
        assert_eq!(during, 0, "written after the tracker");
        assert_eq!(
            by_id(project.events().expect("events")),
            by_id(alone.clone())
        );

        let mut scratch = Project::scratch().expect("scratch");
        let files: Vec<std::path::PathBuf> = vec![crate::app::recent::sample_dir()];
        super::import(&mut scratch, &files, &mut |_| (), &AtomicBool::new(false)).expect("import");
        super::analyze(&mut scratch, &mut |_| (), &AtomicBool::new(false)).expect("analyze");
        let ctx = stage::Context::new(&scratch).expect("context");
        let dating = super::dating::date_articles(&mut scratch, &ctx, &mut |_| ()).expect("dating");
        let (alone, ..) = project_timeline(&scratch, &dating, false).expect("merged");
        scratch.replace_events(&[], None).expect("emptied");
        let (during, _) = merge_beside(&mut scratch, &dating, &mut |_| (), |p, _| {
            p.events().map(|events| events.len())
        })
        .expect("merged first");
        assert_eq!(during, alone.len(), "written before the tracker");
    }

    /// After an import the timeline is merged onto the stored one: its events stay whole and
    /// the new article's reports join them or make their own; with the note of the last whole
    /// merge forgotten (`analyze --regroup`) it is merged whole again, as a project analysed
    /// with every article at once merges it.
    #[test]
    fn after_an_import_the_stored_events_stay_whole_until_merged_whole_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (first, second) = (dir.path().join("first"), dir.path().join("second"));
        let mut files: Vec<std::path::PathBuf> =
            std::fs::read_dir(crate::app::recent::sample_dir())
                .expect("sample")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "json"))
                .collect();
        files.sort();
        let cut = files.len() - 2; // the last article (text and metadata) comes later
        for (i, file) in files.iter().enumerate() {
            let to = if i < cut { &first } else { &second };
            std::fs::create_dir_all(to).expect("folder");
            std::fs::copy(file, to.join(file.file_name().expect("name"))).expect("copy");
        }
        let never = AtomicBool::new(false);
        let run = |project: &mut Project, folders: &[std::path::PathBuf]| {
            super::import(project, folders, &mut |_| (), &never).expect("import");
            super::analyze(project, &mut |_| (), &never).expect("analyze");
        };
        type Source = (ArticleId, usize, usize, String);
        let sources = |e: &TimelineEvent| -> Vec<Source> {
            let mut sources: Vec<Source> = e
                .reports
                .iter()
                .map(|r| (r.article, r.sentence.start, r.sentence.end, r.value.clone()))
                .collect();
            sources.sort();
            sources
        };
        let mut daily = Project::create_or_open(&dir.path().join("daily.dossier")).expect("new");
        run(&mut daily, std::slice::from_ref(&first));
        let note = daily.timeline_whole().expect("note");
        assert!(note.is_some(), "a first analysis merges the whole timeline");
        let before = daily.events().expect("events");
        run(&mut daily, std::slice::from_ref(&second));
        assert_eq!(daily.timeline_whole().expect("note"), note, "merged onto");
        let after = daily.events().expect("events");
        let newest = crate::jobs::article_ids(&daily)
            .into_iter()
            .max()
            .expect("id");
        for event in &before {
            let had = sources(event);
            assert!(
                after
                    .iter()
                    .any(|e| had.iter().all(|s| sources(e).contains(s))),
                "an event split: {event:#?}"
            );
        }
        let reports =
            |events: &[TimelineEvent]| -> usize { events.iter().map(|e| e.reports.len()).sum() };
        let added = after
            .iter()
            .flat_map(|e| &e.reports)
            .filter(|r| r.article == newest)
            .count();
        assert!(added > 0, "the new article's reports are on the timeline");
        assert_eq!(reports(&after), reports(&before) + added);

        daily.forget_timeline_whole().expect("forget");
        super::analyze(&mut daily, &mut |_| (), &never).expect("analyze again");
        let merged_again = daily.timeline_whole().expect("note");
        assert!(
            merged_again.is_some() && merged_again != note,
            "{merged_again:?}"
        );
        let mut at_once =
            Project::create_or_open(&dir.path().join("at-once.dossier")).expect("new");
        run(&mut at_once, &[first, second]);
        let by_id = |mut events: Vec<TimelineEvent>| {
            events.sort_by_key(|e| e.id);
            events
        };
        assert_eq!(
            by_id(daily.events().expect("events")),
            by_id(at_once.events().expect("events"))
        );
    }

    #[test]
    fn event_ids_follow_the_order_of_first_reports_within_bounds() {
        let id = |article: i64, index: u32| event_id(ArticleId(article), index);
        assert!(id(1, 5) < id(2, 0));
        assert!(id(2, 0) < id(2, 1));
        assert_eq!(
            id(3, (1 << EVENT_INDEX_BITS) - 1).map(|i| i >> EVENT_INDEX_BITS),
            Some(3)
        );
        assert_eq!(id(3, 1 << EVENT_INDEX_BITS), None);
        assert_eq!(id(0, 0), None);
        assert_eq!(id(1 << 42, 0), None);
    }
}
