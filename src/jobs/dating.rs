//! The timeline stage: each article's date and time expressions, dates for undated articles
//! from their own text's clues and their story's coverage (else the text's best guess), and
//! the project timeline merged across outlets.

use super::*;

/// The timeline pass: each article's date, its time expressions resolved against it, and the
/// events they anchor, merged across articles into the project timeline.
pub(super) fn run_timeline(
    project: &mut Project,
    articles: &[Article],
    shared: &mut Shared,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    let gazetteer = project_gazetteer(project)?;
    let dates = project.article_date_corrections()?;
    let mut values: HashMap<ArticleId, Vec<(std::ops::Range<usize>, String)>> = HashMap::new();
    for (article, range, value) in project.timex_corrections()? {
        values.entry(article).or_default().push((range, value));
    }
    // The year of the collection's dated articles settles year-less dates in undated ones.
    let year_hint = median_year(articles.iter().filter_map(|a| a.published));
    let analyse = |i: usize, article: &Article, date: timeline::DocumentDate| {
        let mut timexes = timeline::extract(&article.text, date.date);
        for (range, value) in values.get(&article.id).into_iter().flatten() {
            if let Some(t) = timexes.iter_mut().find(|t| t.range == *range) {
                t.value = Some(value.clone());
            }
        }
        let extraction = shared.extraction(i, article, &gazetteer);
        let events = timeline::events(&article.text, &timexes, &extraction);
        ((article.id, date, timexes), events)
    };
    let mut done = map_articles(articles, progress, |i, article| {
        // The analyst's date counts as metadata.
        let known = dates.get(&article.id).copied().or(article.published);
        let date = timeline::document_date_near(&article.text, known, year_hint);
        analyse(i, article, date)
    });
    // Articles their own text leaves undated take a date from dated coverage of their story
    // (rounds let articles dated in one date their own neighbours), but not while they are
    // much closer to undated reports than to any dated one (those tell another event of the
    // story); then the text's own best guess; then coverage again, for articles whose text
    // gives no clue, now also from the guessed. First, what the text fixes itself.
    let undated = |done: &[TimelineResult]| -> Vec<usize> {
        (0..done.len())
            .filter(|&i| done[i].0.1.date.is_none())
            .collect()
    };
    if !undated(&done).is_empty() {
        let pairs: Vec<(&str, &str)> = articles
            .iter()
            .map(|a| (a.title.as_str(), a.text.as_str()))
            .collect();
        let vectors = similar::TermVectors::new(&pairs);
        // each undated article's closest articles, found once for every reading below
        let mut pools: Vec<Vec<(usize, f32)>> = vec![Vec::new(); articles.len()];
        let found: Vec<(usize, Vec<(usize, f32)>)> = undated(&done)
            .into_par_iter()
            .map(|i| {
                let near = vectors.neighbours(i, NEIGHBOUR_POOL, COVERAGE_SIMILARITY, |_| true);
                (i, near)
            })
            .collect();
        for (i, near) in found {
            pools[i] = near;
        }
        let redate = |done: &mut Vec<TimelineResult>, redated: Vec<(usize, Date)>| {
            for (i, date) in redated {
                let date = timeline::DocumentDate {
                    date: Some(date),
                    source: timeline::DateSource::Inferred,
                };
                done[i] = analyse(i, &articles[i], date);
            }
        };
        let rounds = |done: &mut Vec<TimelineResult>, gate: Gate| {
            for _round in 0..2 {
                let redated =
                    coverage_dates(&pools, articles, done, &undated(done), year_hint, gate);
                if redated.is_empty() {
                    break;
                }
                redate(done, redated);
            }
        };
        let own = read_dates(&pools, articles, &done, year_hint, timeline::self_date);
        redate(&mut done, own);
        rounds(&mut done, Gate::OtherEvent);
        let guessed = read_dates(&pools, articles, &done, year_hint, timeline::guess_date);
        redate(&mut done, guessed);
        rounds(&mut done, Gate::None);
    }
    let (results, events): (Vec<_>, Vec<_>) = done.into_iter().unzip();
    project.replace_timeline(&results)?;
    let merged = project_timeline(project, articles, &results, &events)?;
    project.replace_events(&merged)?;
    shared.timelines = Some(results);
    Ok(())
}

/// One article's timeline result: its id, date and time expressions, and the events they anchor.
type TimelineResult = (
    (ArticleId, timeline::DocumentDate, Vec<timeline::Timex>),
    Vec<timeline::Event>,
);

/// Dates that `read` (a reading of an article's text, given a year for the dates it writes
/// without one) gives the undated articles of `done`: first those whose reading does not
/// depend on that year (their text writes or fixes its years), then the rest, reading their
/// dates in the year of their most similar dated article (those just dated included), else in
/// `year_hint`: a story may be of another year than most of the collection.
fn read_dates(
    pools: &[Vec<(usize, f32)>],
    articles: &[Article],
    done: &[TimelineResult],
    year_hint: Option<i16>,
    read: fn(&str, Option<i16>) -> Option<Date>,
) -> Vec<(usize, Date)> {
    let undated: Vec<usize> = (0..done.len())
        .filter(|&i| done[i].0.1.date.is_none())
        .collect();
    let probe = year_hint.unwrap_or(timeline::REFERENCE_YEAR);
    let own_years: Vec<(usize, Date)> = undated
        .par_iter()
        .filter_map(|&i| {
            let text = &articles[i].text;
            let d = read(text, Some(probe))?;
            (read(text, Some(probe - YEAR_PROBE)) == Some(d)).then_some((i, d))
        })
        .collect();
    let mut dated: Vec<Option<Date>> = done.iter().map(|d| d.0.1.date).collect();
    for &(i, d) in &own_years {
        dated[i] = Some(d);
    }
    let rest: Vec<(usize, Date)> = undated
        .par_iter()
        .filter(|&&i| dated[i].is_none())
        .filter_map(|&i| {
            let year = pools[i]
                .iter()
                .find_map(|&(j, _)| dated[j])
                .map(|d| d.year())
                .or(year_hint);
            Some((i, read(&articles[i].text, year)?))
        })
        .collect();
    own_years.into_iter().chain(rest).collect()
}

/// How many years apart two readings of a text are made to see whether its dates depend on
/// the year given for year-less dates (a year a weekday fixes, `Wednesday, November 2`, is the
/// latest matching one not after the year given: a year before it mostly finds the same).
const YEAR_PROBE: i16 = 1;

/// Which undated articles coverage may date.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gate {
    /// Not those whose closest dated report is much less similar than their closest undated
    /// one: the dated coverage is of another event of the story.
    OtherEvent,
    /// Every one.
    None,
}

/// How much less similar than the closest undated report the closest dated one may be before
/// [`Gate::OtherEvent`] holds an article back.
const OTHER_EVENT_SHARE: f32 = 0.6;

/// Dates for the `undated` articles from their most similar dated articles in `done`, among
/// the closest articles in their `pools`.
fn coverage_dates(
    pools: &[Vec<(usize, f32)>],
    articles: &[Article],
    done: &[TimelineResult],
    undated: &[usize],
    year_hint: Option<i16>,
    gate: Gate,
) -> Vec<(usize, Date)> {
    let days: Vec<Vec<Date>> = done
        .iter()
        .map(|((_, _, timexes), _)| {
            timexes
                .iter()
                .filter_map(|t| t.value.as_deref()?.parse::<Date>().ok())
                .collect()
        })
        .collect();
    let dated = |j: usize| done[j].0.1.date.is_some();
    undated
        .par_iter()
        .filter_map(|&i| {
            let near = pools.get(i)?;
            let closest = |want: bool| {
                near.iter()
                    .take(COVERAGE_NEIGHBOURS)
                    .find(|(j, _)| dated(*j) == want)
                    .map_or(0.0, |(_, s)| *s)
            };
            if gate == Gate::OtherEvent && closest(true) < closest(false) * OTHER_EVENT_SHARE {
                return None;
            }
            let coverage: Vec<timeline::Coverage<'_>> = near
                .iter()
                .filter(|(j, _)| dated(*j))
                .take(COVERAGE_NEIGHBOURS)
                .filter_map(|&(j, similarity)| {
                    Some(timeline::Coverage {
                        date: done[j].0.1.date?,
                        similarity,
                        days: &days[j],
                    })
                })
                .collect();
            if coverage.is_empty() {
                return None;
            }
            Some((
                i,
                timeline::date_from_coverage(&articles[i].text, &coverage, year_hint)?,
            ))
        })
        .collect()
}

/// How many similar dated articles date an undated one, and how similar they must be.
const COVERAGE_NEIGHBOURS: usize = 5;

/// How many of its closest articles, dated or not, an undated one is dated from.
const NEIGHBOUR_POOL: usize = 32;
const COVERAGE_SIMILARITY: f32 = 0.15;

/// The median year of `dates`, if any.
fn median_year(dates: impl Iterator<Item = Date>) -> Option<i16> {
    let mut years: Vec<i16> = dates.map(|d| d.year()).collect();
    years.sort_unstable();
    years.get(years.len() / 2).copied()
}

/// One article's report of an event, before merging.
struct Report {
    article: usize,
    value: String,
    label: String,
    actors: Vec<String>,
    sentence: std::ops::Range<usize>,
}

/// The project timeline: every dated event of every article, with the registry names of the
/// actors in its sentence (analyst edits applied), merged across outlets.
fn project_timeline(
    project: &Project,
    articles: &[Article],
    results: &[ArticleTimeline],
    events: &[Vec<timeline::Event>],
) -> Result<Vec<TimelineEvent>, StoreError> {
    let registry = project.actors()?;
    let mut mentions_of: HashMap<ArticleId, Vec<&crate::actors::Mention>> = HashMap::new();
    for m in &registry.mentions {
        mentions_of.entry(m.article).or_default().push(m);
    }
    let mut reports = Vec::new();
    for (i, ((_, _, timexes), article_events)) in results.iter().zip(events).enumerate() {
        let article = &articles[i];
        for event in article_events {
            let Some(value) = timexes.get(event.timex).and_then(|t| t.value.clone()) else {
                continue;
            };
            let mut actors: Vec<String> = Vec::new();
            for m in mentions_of.get(&article.id).into_iter().flatten() {
                if m.range.start >= event.sentence.start
                    && m.range.end <= event.sentence.end
                    && let Some(a) = m.actor
                    && !actors.contains(&registry.actors[a].name)
                {
                    actors.push(registry.actors[a].name.clone());
                }
            }
            reports.push(Report {
                article: i,
                value,
                label: event.label.clone(),
                actors,
                sentence: event.sentence.clone(),
            });
        }
    }
    let refs: Vec<timeline::EventRef<'_>> = reports
        .iter()
        .map(|r| timeline::EventRef {
            article: r.article,
            outlet: articles[r.article].outlet.as_deref(),
            value: &r.value,
            label: &r.label,
            actors: &r.actors,
            sentence_text: articles[r.article]
                .text
                .get(r.sentence.clone())
                .unwrap_or_default(),
        })
        .collect();
    Ok(timeline::merge_events(&refs)
        .into_iter()
        .map(|m| TimelineEvent {
            id: 0,
            conflict: !m.conflicting_values.is_empty(),
            label: m.label,
            value: m.value,
            actors: m.actors,
            reports: m
                .reports
                .iter()
                .map(|&r| EventReport {
                    article: articles[reports[r].article].id,
                    sentence: reports[r].sentence.clone(),
                    value: reports[r].value.clone(),
                })
                .collect(),
        })
        .collect())
}
