//! The timeline stage: each article's date and time expressions, dates for undated articles
//! from their own text's clues and their story's coverage (else the text's best guess), and
//! what the project timeline is merged from.

use super::*;
use crate::store::SummaryPart;

/// One article as dating and tracking read it: its outlet and its dates.
pub(super) struct Dated {
    pub id: ArticleId,
    pub outlet: Option<String>,
    pub dates: stage::Dates,
}

impl Dated {
    /// The date the article speaks from, if known.
    pub fn date(&self) -> Option<Date> {
        self.dates.date()
    }
}

/// What dating leaves for the steps after it: every article (in id order) with its date, and
/// for the articles dated here, their events and decisions as read with that date.
#[derive(Default)]
pub(super) struct Dating {
    pub articles: Vec<Dated>,
    pub redone: HashMap<ArticleId, (stage::Events, Vec<stage::FoundDecision>)>,
}

/// The first part of the timeline pass's cross-article step: articles their own text leaves
/// undated dated from their story's coverage and their text's clues (their per-article passes
/// run again with the new date), and their dates and time expressions stored. The project
/// timeline is merged from what this returns ([`super::events::project_timeline`]).
pub(super) fn date_articles(
    project: &mut Project,
    ctx: &stage::Context,
    progress: &mut dyn FnMut(usize),
) -> Result<Dating, StoreError> {
    let mut outlets: HashMap<ArticleId, Option<String>> = project
        .article_summaries()?
        .into_iter()
        .map(|a| (a.id, a.outlet))
        .collect();
    let mut dating = Dating::default();
    stage::each_part(project, SummaryPart::Dates, |id, dates: stage::Dates| {
        dating.articles.push(Dated {
            id,
            outlet: outlets.remove(&id).flatten(),
            dates,
        });
    })?;
    drop(outlets);
    progress(dating.articles.len() / 2);
    date_undated(project, ctx, &mut dating)?;
    progress(dating.articles.len());
    Ok(dating)
}

/// Articles their own text leaves undated take a date from dated coverage of their story
/// (rounds let articles dated in one date their own neighbours), but not while they are much
/// closer to undated reports than to any dated one (those tell another event of the story);
/// then the text's own best guess; then coverage again, for articles whose text gives no clue,
/// now also from the guessed. The passes that depend on the date run again over the articles
/// dated ([`stage::Context::redo`]) and their dates and time expressions are stored.
fn date_undated(
    project: &mut Project,
    ctx: &stage::Context,
    dating: &mut Dating,
) -> Result<(), StoreError> {
    let undated = |done: &[Dated]| -> Vec<usize> {
        (0..done.len())
            .filter(|&i| done[i].date().is_none())
            .collect()
    };
    let summaries = &mut dating.articles;
    if undated(summaries).is_empty() {
        return Ok(());
    }
    let vectors = term_vectors(project, summaries.len())?;
    // the undated articles' texts (only theirs are read again)
    let mut texts: HashMap<usize, Article> = HashMap::new();
    for i in undated(summaries) {
        if let Some(mut article) = project.article(summaries[i].id)? {
            article.original = String::new();
            stage::analysed_part(&mut article, &mut Vec::new());
            texts.insert(i, article);
        }
    }
    // each undated text is scanned once for every reading below
    let _scans = timeline::KeptScans::of(texts.values().map(|a| a.text.as_str()));
    // each undated article's closest articles, found once for every reading below
    let mut pools: Vec<Vec<(usize, f32)>> = vec![Vec::new(); summaries.len()];
    let found: Vec<(usize, Vec<(usize, f32)>)> = undated(summaries)
        .into_par_iter()
        .map(|i| {
            let near = vectors.neighbours(i, NEIGHBOUR_POOL, COVERAGE_SIMILARITY, |_| true);
            (i, near)
        })
        .collect();
    drop(vectors);
    for (i, near) in found {
        pools[i] = near;
    }
    // the new time expressions of the articles dated here, stored once all are dated
    let mut timexes: HashMap<usize, Vec<timeline::Timex>> = HashMap::new();
    let redone = &mut dating.redone;
    let mut redate = |done: &mut [Dated], redated: Vec<(usize, Date)>| {
        let again: Vec<(usize, stage::DatedPart)> = redated
            .into_par_iter()
            .filter_map(|(i, date)| {
                let date = timeline::DocumentDate {
                    date: Some(date),
                    source: timeline::DateSource::Inferred,
                };
                Some((i, ctx.redo(texts.get(&i)?, date)))
            })
            .collect();
        for (i, analysed) in again {
            done[i].dates = analysed.dates;
            redone.insert(done[i].id, (analysed.events, analysed.decisions));
            timexes.insert(i, analysed.timexes);
        }
    };
    let rounds = |done: &mut [Dated], gate: Gate, redate: &mut Redate<'_>| {
        for _round in 0..2 {
            let redated = coverage_dates(&pools, &texts, done, &undated(done), ctx, gate);
            if redated.is_empty() {
                break;
            }
            redate(done, redated);
        }
    };
    let year = ctx.year_hint;
    let own = read_dates(&pools, &texts, summaries, year, timeline::self_date);
    redate(summaries, own);
    rounds(summaries, Gate::OtherEvent, &mut redate);
    let guessed = read_dates(&pools, &texts, summaries, year, timeline::guess_date);
    redate(summaries, guessed);
    rounds(summaries, Gate::None, &mut redate);
    let results: Vec<ArticleTimeline> = timexes
        .into_iter()
        .map(|(i, timexes)| (summaries[i].id, summaries[i].dates.date, timexes))
        .collect();
    project.replace_timeline_of(&results)
}

/// TF-IDF vectors of every article of `project` (`n` of them, in id order), from the term
/// counts their summaries hold: no text is read.
fn term_vectors(project: &Project, n: usize) -> Result<similar::TermVectors, StoreError> {
    let mut builder = similar::TermVectorsBuilder::default();
    let mut read = 0;
    stage::each_terms(project, |_, _, terms| {
        if read < n {
            builder.add_numbered(
                terms
                    .iter()
                    .filter(|t| t.dating > 0)
                    .map(|t| (t.id, t.dating as f32)),
            );
            read += 1;
        }
    })?;
    Ok(builder.finish())
}

/// Dates that `read` (a reading of an article's text, given a year for the dates it writes
/// without one) gives the undated articles of `done`: first those whose reading does not
/// depend on that year (their text writes or fixes its years), then the rest, reading their
/// dates in the year of their most similar dated article (those just dated included), else in
/// `year_hint`: a story may be of another year than most of the collection.
fn read_dates(
    pools: &[Vec<(usize, f32)>],
    texts: &HashMap<usize, Article>,
    done: &[Dated],
    year_hint: Option<i16>,
    read: fn(&str, Option<i16>) -> Option<Date>,
) -> Vec<(usize, Date)> {
    let undated: Vec<usize> = (0..done.len())
        .filter(|&i| done[i].date().is_none() && texts.contains_key(&i))
        .collect();
    let probe = year_hint.unwrap_or(timeline::REFERENCE_YEAR);
    let own_years: Vec<(usize, Date)> = undated
        .par_iter()
        .filter_map(|&i| {
            let text = &texts.get(&i)?.text;
            let d = read(text, Some(probe))?;
            (read(text, Some(probe - YEAR_PROBE)) == Some(d)).then_some((i, d))
        })
        .collect();
    let mut dated: Vec<Option<Date>> = done.iter().map(Dated::date).collect();
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
            Some((i, read(&texts.get(&i)?.text, year)?))
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
    texts: &HashMap<usize, Article>,
    done: &[Dated],
    undated: &[usize],
    ctx: &stage::Context,
    gate: Gate,
) -> Vec<(usize, Date)> {
    let year_hint = ctx.year_hint;
    let dated = |j: usize| done[j].date().is_some();
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
                        date: done[j].date()?,
                        similarity,
                        days: &done[j].dates.days,
                    })
                })
                .collect();
            if coverage.is_empty() {
                return None;
            }
            Some((
                i,
                timeline::date_from_coverage(&texts.get(&i)?.text, &coverage, year_hint)?,
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
pub(super) fn median_year(dates: impl Iterator<Item = Date>) -> Option<i16> {
    let mut years: Vec<i16> = dates.map(|d| d.year()).collect();
    years.sort_unstable();
    years.get(years.len() / 2).copied()
}

/// Runs the passes that depend on the date again over articles just dated: (index, new date).
type Redate<'a> = dyn FnMut(&mut [Dated], Vec<(usize, Date)>) + 'a;

/// `part` of the stored summaries of the articles `ids` (ascending), read back (parsed on
/// every core), by article; the first unreadable one in id order is the error.
pub(super) fn read_chunk<T: serde::de::DeserializeOwned + Send>(
    project: &Project,
    ids: &[ArticleId],
    part: SummaryPart,
) -> Result<HashMap<ArticleId, T>, StoreError> {
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
        return Ok(HashMap::new());
    };
    let parsed: Vec<(ArticleId, Result<T, String>)> = project
        .summary_parts_in(part, first, last)?
        .into_par_iter()
        .map(|(id, json)| (id, serde_json::from_str(&json).map_err(|e| e.to_string())))
        .collect();
    parsed
        .into_iter()
        .map(|(id, value)| Ok((id, value.map_err(|e| project.unreadable_summary(id, &e))?)))
        .collect()
}
