//! Claim alignment: two to four articles side by side, one row per reported fact, with the
//! places where outlets disagree (dates, numbers, speakers, decision statuses) marked.
//!
//! [`align`] compares sentences across articles by content words (TF-IDF cosine over the
//! compared sentences only) and shared actors, with a bonus for the same decision or the same
//! speaker, and matches them one-to-one per column, best pair first, above a threshold. The
//! first article's sentences make the rows in reading order; each further article's sentences
//! join the row they match best (against any sentence already in it) or, unmatched, get a row
//! of their own placed just after the row of that article's previous sentence, so each
//! article still reads top to bottom.
//!
//! A row whose sentences agree is [`RowStatus::Shared`] when every article has it,
//! [`RowStatus::Partial`] when only some do or when one is less precise than another (`about
//! 1,000` against `1,000`, a month against a day, one outlet giving an extra date); a row with
//! one sentence is [`RowStatus::Unique`]. It is a [`RowStatus::Conflict`] when both sides give
//! a value the other cannot match: dates that do not overlap, different figures of the same
//! unit (`1,000 troops` against `1,500`, or against `850 to 1,100`; see
//! [`Quantity::consistent_with`]), different speakers, or a decision with a different status.

mod numbers;

pub use numbers::{Bound, Quantity, numbers};

use super::stories::{day_number, terms};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// One article to compare.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CompareInput {
    pub article: i64,
    pub outlet: Option<String>,
    pub sentences: Vec<SentenceFacts>,
}

/// One sentence (or clause) and what the analysis passes found in it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SentenceFacts {
    /// Byte range in the article's text.
    pub range: (usize, usize),
    pub text: String,
    /// Registry names of the actors mentioned.
    pub actors: Vec<String>,
    /// Resolved ISO values: `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or an interval `A/B`.
    pub dates: Vec<String>,
    /// The speaker, when the sentence is a quote.
    pub speaker: Option<String>,
    /// A decision reported here: (key, status), e.g. ("ecowas-accra-meeting", "postponed").
    pub decision: Option<(String, String)>,
}

/// One reported fact across the compared articles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Per article (same order as the input), the index of its sentence on this row.
    pub cells: Vec<Option<usize>>,
    pub status: RowStatus,
    pub conflicts: Vec<Conflict>,
}

/// How the articles relate on a row (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// Every article reports it, and they agree.
    Shared,
    /// Some articles report it, or they agree only loosely.
    Partial,
    /// One article reports it.
    Unique,
    /// The articles report it differently.
    Conflict,
}

/// A disagreement on a row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// Per article, the value it gives (`None` when it has no sentence here or says nothing).
    pub values: Vec<Option<String>>,
    /// A one-line explanation naming the outlets.
    pub note: String,
}

/// What the articles disagree on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    Date,
    Number,
    Speaker,
    Status,
}

/// Weights and threshold of [`align_with`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlignParams {
    /// Similarity from which two sentences are matched.
    pub threshold: f64,
    /// Weight of the content-word cosine (names of actors and speakers left out).
    pub text_weight: f64,
    /// Below this content-word cosine two sentences never match, whatever their actors (unless
    /// they report the same decision): sharing "ECOWAS" is not sharing a claim.
    pub min_cosine: f64,
    /// From this content-word cosine two quotes are the same quote, and different speakers
    /// for them are a conflict.
    pub same_quote: f64,
    /// Weight of the actors' Jaccard overlap.
    pub actor_weight: f64,
    /// Added when both report a decision with the same key.
    pub decision_bonus: f64,
    /// Added when both quote the same speaker.
    pub speaker_bonus: f64,
}

impl Default for AlignParams {
    fn default() -> Self {
        AlignParams {
            threshold: 0.3,
            text_weight: 0.7,
            min_cosine: 0.1,
            same_quote: 0.5,
            actor_weight: 0.3,
            decision_bonus: 0.15,
            speaker_bonus: 0.1,
        }
    }
}

/// Aligns the articles' sentences by claim with the default [`AlignParams`].
pub fn align(articles: &[CompareInput]) -> Vec<Row> {
    align_with(articles, &AlignParams::default())
}

/// Aligns the articles' sentences by claim (see the module docs). Rows come in the reading
/// order of the first article, the others' sentences interleaved after their predecessors.
pub fn align_with(articles: &[CompareInput], params: &AlignParams) -> Vec<Row> {
    let cols = articles.len();
    let sents = Sentences::new(articles);
    let mut rows: Vec<Vec<Option<usize>>> = Vec::new();
    for (col, article) in articles.iter().enumerate() {
        let count = article.sentences.len();
        // Best-first one-to-one matching of this article's sentences to the rows so far.
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for s in 0..count {
                let score = row
                    .iter()
                    .enumerate()
                    .filter_map(|(c, cell)| {
                        cell.map(|i| sents.similarity((c, i), (col, s), params))
                    })
                    .fold(f64::NEG_INFINITY, f64::max);
                if score >= params.threshold {
                    candidates.push((score, r, s));
                }
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut row_of: Vec<Option<usize>> = vec![None; count];
        let mut row_taken = vec![false; rows.len()];
        for (_, r, s) in candidates {
            if row_of[s].is_none() && !row_taken[r] {
                row_of[s] = Some(r);
                row_taken[r] = true;
            }
        }
        for (s, r) in row_of.iter().enumerate() {
            if let Some(r) = *r {
                rows[r][col] = Some(s);
            }
        }
        // Unmatched sentences: a new row after the row of the previous sentence of this
        // article, or before the row of its next matched one, or at the end.
        let mut last: Option<usize> = None;
        for s in 0..count {
            if let Some(r) = row_of[s] {
                last = Some(r);
                continue;
            }
            let at = match last {
                Some(r) => r + 1,
                None => row_of[s..]
                    .iter()
                    .flatten()
                    .copied()
                    .min()
                    .unwrap_or(rows.len()),
            };
            let mut row = vec![None; cols];
            row[col] = Some(s);
            let at = at.min(rows.len());
            rows.insert(at, row);
            for r in row_of.iter_mut().flatten() {
                if *r >= at {
                    *r += 1;
                }
            }
            row_of[s] = Some(at);
            last = Some(at);
        }
    }
    rows.into_iter()
        .map(|cells| judge(articles, &sents, params, cells))
        .collect()
}

/// What alignment knows of every sentence, by (column, index).
struct Sentences {
    per_col: Vec<Vec<Sentence>>,
}

struct Sentence {
    /// L2-normalised TF-IDF over the compared sentences, sorted by term id.
    terms: Vec<(u32, f64)>,
    actors: BTreeSet<String>,
    speaker: Option<String>,
    decision: Option<(String, String)>,
    quantities: Vec<Quantity>,
    dates: Vec<DateValue>,
}

/// A date value and the days it covers (days since 1970-01-01), when it parses.
#[derive(Clone, Debug)]
struct DateValue {
    text: String,
    span: Option<(i64, i64)>,
}

impl Sentences {
    fn new(articles: &[CompareInput]) -> Self {
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let counted: Vec<Vec<Vec<(u32, f64)>>> = articles
            .iter()
            .map(|a| {
                a.sentences
                    .iter()
                    .map(|s| {
                        // Names are compared as actors and speakers, not as content: the words
                        // must say the same thing about them, and two outlets giving the same
                        // quote to different people should still meet.
                        let names: Vec<String> = s
                            .actors
                            .iter()
                            .chain(&s.speaker)
                            .flat_map(|x| terms::content_words(x).into_iter().map(|w| w.stem))
                            .collect();
                        let mut counts: HashMap<u32, f64> = HashMap::new();
                        for w in terms::content_words(&s.text) {
                            if names.contains(&w.stem) {
                                continue;
                            }
                            let next = vocab.len() as u32;
                            let id = *vocab.entry(w.stem).or_insert(next);
                            if id as usize == df.len() {
                                df.push(0);
                            }
                            *counts.entry(id).or_insert(0.0) += 1.0;
                        }
                        for id in counts.keys() {
                            df[*id as usize] += 1;
                        }
                        let mut v: Vec<(u32, f64)> = counts.into_iter().collect();
                        v.sort_unstable_by_key(|(t, _)| *t);
                        v
                    })
                    .collect()
            })
            .collect();
        let n = counted.iter().map(Vec::len).sum::<usize>() as f64;
        let per_col = articles
            .iter()
            .zip(counted)
            .map(|(a, vectors)| {
                a.sentences
                    .iter()
                    .zip(vectors)
                    .map(|(s, raw)| Sentence {
                        terms: normalise(
                            raw.into_iter()
                                .map(|(t, c)| {
                                    let d =
                                        f64::from(df.get(t as usize).copied().unwrap_or(1).max(1));
                                    (t, (1.0 + c.ln()) * ((n + 1.0) / d).ln())
                                })
                                .collect(),
                        ),
                        actors: s
                            .actors
                            .iter()
                            .map(|a| terms::fold(a.trim()))
                            .filter(|a| !a.is_empty())
                            .collect(),
                        speaker: s
                            .speaker
                            .as_deref()
                            .map(|x| terms::fold(x.trim()))
                            .filter(|x| !x.is_empty()),
                        decision: s
                            .decision
                            .as_ref()
                            .map(|(k, v)| (terms::fold(k.trim()), terms::fold(v.trim()))),
                        quantities: numbers(&s.text),
                        dates: dedup_dates(&s.dates),
                    })
                    .collect()
            })
            .collect();
        Sentences { per_col }
    }

    fn get(&self, (col, idx): (usize, usize)) -> Option<&Sentence> {
        self.per_col.get(col)?.get(idx)
    }

    fn similarity(&self, a: (usize, usize), b: (usize, usize), p: &AlignParams) -> f64 {
        let (Some(x), Some(y)) = (self.get(a), self.get(b)) else {
            return 0.0;
        };
        let cosine = dot(&x.terms, &y.terms);
        let same_decision = matches!(
            (&x.decision, &y.decision),
            (Some((ka, _)), Some((kb, _))) if !ka.is_empty() && ka == kb
        );
        if cosine < p.min_cosine && !same_decision {
            return 0.0;
        }
        let union = x.actors.union(&y.actors).count();
        let actors = if union == 0 {
            0.0
        } else {
            x.actors.intersection(&y.actors).count() as f64 / union as f64
        };
        let mut s = p.text_weight * cosine + p.actor_weight * actors;
        if same_decision {
            s += p.decision_bonus;
        }
        if x.speaker.is_some() && x.speaker == y.speaker {
            s += p.speaker_bonus;
        }
        s
    }
}

fn normalise(mut v: Vec<(u32, f64)>) -> Vec<(u32, f64)> {
    v.retain(|(_, w)| w.is_finite() && *w > 0.0);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v
}

fn dot(a: &[(u32, f64)], b: &[(u32, f64)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += x.1 * y.1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

fn dedup_dates(values: &[String]) -> Vec<DateValue> {
    let mut out: Vec<DateValue> = Vec::new();
    for v in values {
        let text = v.trim().to_owned();
        if text.is_empty() || out.iter().any(|d| d.text == text) {
            continue;
        }
        out.push(DateValue {
            span: date_span(&text),
            text,
        });
    }
    out
}

/// The days an ISO value covers (see [`crate::model::iso_days`]) as day numbers.
fn date_span(value: &str) -> Option<(i64, i64)> {
    let (first, last) = crate::model::iso_days(value)?;
    Some((
        day_number(&first.to_string())?,
        day_number(&last.to_string())?,
    ))
}

/// How two sentences relate on one kind of value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Agreement {
    /// Nothing to compare, or the same values.
    Same,
    /// Consistent but not the same: one is less precise or gives more.
    Loose,
    /// Each gives a value the other cannot match.
    Differ,
}

/// Compares two value lists: `Differ` when both have a value matching nothing on the other
/// side, `Loose` when all that is unmatched is on one side or matches are only consistent.
fn agreement<T>(
    a: &[T],
    b: &[T],
    consistent: impl Fn(&T, &T) -> bool,
    same: impl Fn(&T, &T) -> bool,
) -> Agreement {
    if a.is_empty() || b.is_empty() {
        return Agreement::Same;
    }
    let unmatched_a = a.iter().any(|x| !b.iter().any(|y| consistent(x, y)));
    let unmatched_b = b.iter().any(|y| !a.iter().any(|x| consistent(x, y)));
    if unmatched_a && unmatched_b {
        return Agreement::Differ;
    }
    let all_same = a.iter().all(|x| b.iter().any(|y| same(x, y)))
        && b.iter().all(|y| a.iter().any(|x| same(x, y)));
    if all_same {
        Agreement::Same
    } else {
        Agreement::Loose
    }
}

fn dates_agree(a: &[DateValue], b: &[DateValue]) -> Agreement {
    agreement(
        a,
        b,
        |x, y| match (x.span, y.span) {
            (Some((s1, e1)), Some((s2, e2))) => s1 <= e2 && s2 <= e1,
            _ => x.text == y.text,
        },
        |x, y| x.text == y.text,
    )
}

/// The row's status and conflicts from its sentences.
fn judge(
    articles: &[CompareInput],
    sents: &Sentences,
    params: &AlignParams,
    cells: Vec<Option<usize>>,
) -> Row {
    let cols = cells.len();
    let filled: Vec<(usize, &Sentence, &SentenceFacts)> = cells
        .iter()
        .enumerate()
        .filter_map(|(c, cell)| {
            let i = (*cell)?;
            Some((c, sents.get((c, i))?, articles.get(c)?.sentences.get(i)?))
        })
        .collect();
    if filled.len() <= 1 {
        return Row {
            cells,
            status: RowStatus::Unique,
            conflicts: Vec::new(),
        };
    }
    let label = |c: usize| {
        articles
            .get(c)
            .and_then(|a| a.outlet.clone())
            .unwrap_or_else(|| format!("article {}", articles.get(c).map_or(0, |a| a.article)))
    };
    let mut conflicts = Vec::new();
    let mut loose = false;

    // Dates.
    let mut worst = Agreement::Same;
    for (i, (_, a, _)) in filled.iter().enumerate() {
        for (_, b, _) in &filled[i + 1..] {
            worst = worst.max(dates_agree(&a.dates, &b.dates));
        }
    }
    match worst {
        Agreement::Differ => {
            let mut values = vec![None; cols];
            for (c, s, _) in &filled {
                if !s.dates.is_empty() {
                    values[*c] = Some(
                        s.dates
                            .iter()
                            .map(|d| d.text.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    );
                }
            }
            let note = describe(&values, &label, "dates differ");
            conflicts.push(Conflict {
                kind: ConflictKind::Date,
                values,
                note,
            });
        }
        Agreement::Loose => loose = true,
        Agreement::Same => {}
    }

    // Numbers, unit by unit.
    let mut units: BTreeSet<&str> = BTreeSet::new();
    for (_, s, _) in &filled {
        units.extend(s.quantities.iter().filter_map(|q| q.unit.as_deref()));
    }
    for unit in units {
        let of_unit = |s: &Sentence| -> Vec<Quantity> {
            s.quantities
                .iter()
                .filter(|q| q.unit.as_deref() == Some(unit))
                .cloned()
                .collect()
        };
        let mut worst = Agreement::Same;
        for (i, (_, a, _)) in filled.iter().enumerate() {
            for (_, b, _) in &filled[i + 1..] {
                worst = worst.max(agreement(
                    &of_unit(a),
                    &of_unit(b),
                    Quantity::consistent_with,
                    Quantity::same_as,
                ));
            }
        }
        match worst {
            Agreement::Differ => {
                let mut values = vec![None; cols];
                for (c, s, facts) in &filled {
                    let texts: Vec<&str> = of_unit(s)
                        .iter()
                        .filter_map(|q| facts.text.get(q.range.0..q.range.1))
                        .collect();
                    if !texts.is_empty() {
                        values[*c] = Some(texts.join(", "));
                    }
                }
                let note = describe(&values, &label, &format!("numbers of {unit} differ"));
                conflicts.push(Conflict {
                    kind: ConflictKind::Number,
                    values,
                    note,
                });
            }
            Agreement::Loose => loose = true,
            Agreement::Same => {}
        }
    }

    // Speakers of the same quote: quotes this close in wording, given to people whose names
    // cannot be the same person's.
    let quotes: Vec<&(usize, &Sentence, &SentenceFacts)> = filled
        .iter()
        .filter(|(c, s, _)| {
            s.speaker.as_deref().is_some_and(|sp| {
                named_speaker(sp, articles.get(*c).and_then(|a| a.outlet.as_deref()))
            })
        })
        .collect();
    let speakers_differ = quotes.iter().enumerate().any(|(i, (_, a, _))| {
        quotes[i + 1..].iter().any(|(_, b, _)| {
            let (Some(sa), Some(sb)) = (&a.speaker, &b.speaker) else {
                return false;
            };
            dot(&a.terms, &b.terms) >= params.same_quote && !same_person(sa, sb)
        })
    });
    if speakers_differ {
        let mut values = vec![None; cols];
        for (c, _, facts) in &filled {
            values[*c] = facts.speaker.clone();
        }
        let note = describe(&values, &label, "speakers differ");
        conflicts.push(Conflict {
            kind: ConflictKind::Speaker,
            values,
            note,
        });
    }

    // Decision statuses, per decision key.
    let mut by_key: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (_, s, _) in &filled {
        if let Some((k, v)) = &s.decision {
            by_key.entry(k.as_str()).or_default().insert(v.as_str());
        }
    }
    let mut keys: Vec<&str> = by_key
        .iter()
        .filter(|(_, statuses)| statuses.len() > 1)
        .map(|(k, _)| *k)
        .collect();
    keys.sort_unstable();
    for key in keys {
        let mut values = vec![None; cols];
        for (c, s, facts) in &filled {
            if s.decision.as_ref().is_some_and(|(k, _)| k == key) {
                values[*c] = facts.decision.as_ref().map(|(_, v)| v.clone());
            }
        }
        let what = facts_key(&filled, key).unwrap_or(key);
        let note = describe(&values, &label, &format!("status of {what} differs"));
        conflicts.push(Conflict {
            kind: ConflictKind::Status,
            values,
            note,
        });
    }

    let status = if !conflicts.is_empty() {
        RowStatus::Conflict
    } else if loose || filled.len() < cols {
        RowStatus::Partial
    } else {
        RowStatus::Shared
    };
    Row {
        cells,
        status,
        conflicts,
    }
}

/// True for a folded speaker that names someone: not anonymous (`diplomatic sources`,
/// `officials`) and not the reporting outlet itself (`the Lagos Ledger reports`).
fn named_speaker(speaker: &str, outlet: Option<&str>) -> bool {
    const ANONYMOUS: &[&str] = &[
        "source",
        "sources",
        "official",
        "officials",
        "diplomat",
        "diplomats",
        "insider",
        "insiders",
        "witness",
        "witnesses",
        "residents",
        "reports",
    ];
    let bare = |s: &str| {
        terms::fold(
            s.trim()
                .trim_start_matches("the ")
                .trim_start_matches("The "),
        )
    };
    let anonymous = speaker
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| ANONYMOUS.contains(&w));
    let own_outlet = outlet.is_some_and(|o| bare(o) == bare(speaker));
    !anonymous && !own_outlet
}

/// True when two folded names can be one person's: one's words within the other's (`bola
/// tinubu`, `bola ahmed tinubu`) or the same last word (`musah`, `abdel-fatau musah`).
fn same_person(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let subset = |x: &[String], y: &[String]| x.iter().all(|w| y.contains(w));
    wa.last().is_some() && wa.last() == wb.last() || subset(&wa, &wb) || subset(&wb, &wa)
}

/// The decision key as the first article with it spells it.
fn facts_key<'a>(
    filled: &[(usize, &Sentence, &'a SentenceFacts)],
    folded: &str,
) -> Option<&'a str> {
    filled.iter().find_map(|(_, s, facts)| {
        let same = s.decision.as_ref().is_some_and(|(k, _)| k == folded);
        if same {
            facts.decision.as_ref().map(|(k, _)| k.as_str())
        } else {
            None
        }
    })
}

/// `what: Outlet A 2023-08-17; Outlet B 2023-08-18`.
fn describe(values: &[Option<String>], label: &impl Fn(usize) -> String, what: &str) -> String {
    let parts: Vec<String> = values
        .iter()
        .enumerate()
        .filter_map(|(c, v)| v.as_ref().map(|v| format!("{} {v}", label(c))))
        .collect();
    format!("{what}: {}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str, actors: &[&str]) -> SentenceFacts {
        SentenceFacts {
            range: (0, text.len()),
            text: text.to_owned(),
            actors: actors.iter().map(|a| (*a).to_owned()).collect(),
            ..SentenceFacts::default()
        }
    }

    fn dated(mut s: SentenceFacts, dates: &[&str]) -> SentenceFacts {
        s.dates = dates.iter().map(|d| (*d).to_owned()).collect();
        s
    }

    fn said_by(mut s: SentenceFacts, speaker: &str) -> SentenceFacts {
        s.speaker = Some(speaker.to_owned());
        s
    }

    fn decided(mut s: SentenceFacts, key: &str, status: &str) -> SentenceFacts {
        s.decision = Some((key.to_owned(), status.to_owned()));
        s
    }

    fn article(id: i64, outlet: &str, sentences: Vec<SentenceFacts>) -> CompareInput {
        CompareInput {
            article: id,
            outlet: Some(outlet.to_owned()),
            sentences,
        }
    }

    const MUSAH: &str = "Abdel-Fatau Musah";

    /// Two reports of the Accra meeting that disagree on its date and on the troop number.
    fn two_reports() -> Vec<CompareInput> {
        let a = article(
            1,
            "Outlet One",
            vec![
                sentence(
                    "West African defence chiefs met in Accra to plan a standby force for Niger.",
                    &["ECOWAS", "Accra", "Niger"],
                ),
                decided(
                    dated(
                        sentence(
                            "The meeting was held on Thursday, August 17, at Burma Camp.",
                            &["Burma Camp"],
                        ),
                        &["2023-08-17"],
                    ),
                    "accra-meeting",
                    "held",
                ),
                said_by(
                    sentence(
                        "Commissioner Abdel-Fatau Musah said 1,000 troops would be ready to deploy.",
                        &[MUSAH],
                    ),
                    MUSAH,
                ),
                sentence(
                    "Ghana's opposition criticised the plan in parliament.",
                    &["Ghana"],
                ),
                sentence(
                    "The junta in Niamey has rejected any foreign intervention.",
                    &["junta", "Niamey"],
                ),
            ],
        );
        let b = article(
            2,
            "Outlet Two",
            vec![
                sentence(
                    "Defence chiefs of the West African bloc met in Accra over a standby force for Niger.",
                    &["ECOWAS", "Accra", "Niger"],
                ),
                sentence(
                    "Mali and Burkina Faso warned that an intervention would mean war.",
                    &["Mali", "Burkina Faso"],
                ),
                decided(
                    dated(
                        sentence(
                            "The meeting was held on Friday, August 18, at Burma Camp.",
                            &["Burma Camp"],
                        ),
                        &["2023-08-18"],
                    ),
                    "accra-meeting",
                    "held",
                ),
                said_by(
                    sentence(
                        "Musah said 1,500 troops would be ready to deploy.",
                        &[MUSAH],
                    ),
                    MUSAH,
                ),
                sentence(
                    "The junta in Niamey has rejected any foreign intervention.",
                    &["junta", "Niamey"],
                ),
            ],
        );
        vec![a, b]
    }

    fn shape(rows: &[Row]) -> Vec<(Vec<Option<usize>>, RowStatus)> {
        rows.iter().map(|r| (r.cells.clone(), r.status)).collect()
    }

    #[test]
    fn two_reports_align_with_date_and_number_conflicts() {
        let rows = align(&two_reports());
        assert_eq!(
            shape(&rows),
            vec![
                (vec![Some(0), Some(0)], RowStatus::Shared),
                (vec![None, Some(1)], RowStatus::Unique),
                (vec![Some(1), Some(2)], RowStatus::Conflict),
                (vec![Some(2), Some(3)], RowStatus::Conflict),
                (vec![Some(3), None], RowStatus::Unique),
                (vec![Some(4), Some(4)], RowStatus::Shared),
            ]
        );
        let date = &rows[2].conflicts;
        assert_eq!(date.len(), 1);
        assert_eq!(date[0].kind, ConflictKind::Date);
        assert_eq!(
            date[0].values,
            vec![Some("2023-08-17".into()), Some("2023-08-18".into())]
        );
        assert_eq!(
            date[0].note,
            "dates differ: Outlet One 2023-08-17; Outlet Two 2023-08-18"
        );
        let number = &rows[3].conflicts;
        assert_eq!(number.len(), 1, "{number:?}");
        assert_eq!(number[0].kind, ConflictKind::Number);
        assert_eq!(
            number[0].values,
            vec![Some("1,000 troops".into()), Some("1,500 troops".into())]
        );
        assert!(number[0].note.starts_with("numbers of troop differ"));
    }

    #[test]
    fn a_value_inside_a_range_is_another_figure_and_about_is_partial() {
        let one = |id: i64, text: &str| article(id, "One", vec![sentence(text, &["ECOWAS"])]);
        let a = one(1, "The force would number 1,000 troops at first.");
        let range = one(
            3,
            "The force would number between 850 and 1,100 troops at first.",
        );
        let rows = align(&[a.clone(), range]);
        assert_eq!(
            shape(&rows),
            vec![(vec![Some(0), Some(0)], RowStatus::Conflict)]
        );
        assert_eq!(rows[0].conflicts[0].kind, ConflictKind::Number);
        // `about 1,000` against `1,000`: less precise, not another figure.
        let about = one(4, "The force would number about 1,000 troops at first.");
        let rows = align(&[a.clone(), about]);
        assert_eq!(rows[0].status, RowStatus::Partial);
        assert!(rows[0].conflicts.is_empty());
        // The same number is shared.
        let rows = align(&[a.clone(), a]);
        assert_eq!(rows[0].status, RowStatus::Shared);
    }

    #[test]
    fn a_month_against_a_day_is_partial_and_an_extra_date_too() {
        let one = article(
            1,
            "One",
            vec![dated(
                sentence("The summit met in Abuja.", &[]),
                &["2023-08"],
            )],
        );
        let two = article(
            2,
            "Two",
            vec![dated(
                sentence("The summit met in Abuja.", &[]),
                &["2023-08-10"],
            )],
        );
        assert_eq!(align(&[one, two.clone()])[0].status, RowStatus::Partial);
        let three = article(
            3,
            "Three",
            vec![dated(
                sentence("The summit met in Abuja.", &[]),
                &["2023-08-10", "2023-07-30"],
            )],
        );
        assert_eq!(align(&[two, three])[0].status, RowStatus::Partial);
    }

    #[test]
    fn different_speakers_and_statuses_conflict() {
        let a = article(
            1,
            "One",
            vec![
                said_by(sentence("“We are ready to go,” Musah said.", &[]), MUSAH),
                decided(
                    sentence(
                        "The meeting of defence chiefs in Accra was postponed.",
                        &["Accra"],
                    ),
                    "Accra meeting",
                    "postponed",
                ),
            ],
        );
        let b = article(
            2,
            "Two",
            vec![
                said_by(
                    sentence("“We are ready to go,” General Musa said.", &[]),
                    "Christopher Musa",
                ),
                decided(
                    sentence(
                        "The meeting of defence chiefs in Accra was held.",
                        &["Accra"],
                    ),
                    "accra meeting",
                    "held",
                ),
            ],
        );
        let rows = align(&[a, b]);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].conflicts[0].kind, ConflictKind::Speaker);
        assert_eq!(
            rows[0].conflicts[0].values,
            vec![Some(MUSAH.into()), Some("Christopher Musa".into())]
        );
        assert_eq!(rows[1].status, RowStatus::Conflict);
        assert_eq!(rows[1].conflicts[0].kind, ConflictKind::Status);
        assert_eq!(
            rows[1].conflicts[0].note,
            "status of Accra meeting differs: One postponed; Two held"
        );
    }

    #[test]
    fn sharing_only_an_actor_is_not_sharing_a_claim() {
        let a = article(
            1,
            "One",
            vec![sentence(
                "The Senate urged President Bola Tinubu to pursue diplomacy.",
                &["Bola Tinubu"],
            )],
        );
        let b = article(
            2,
            "Two",
            vec![sentence(
                "Bola Tinubu approved the clerics' visit to Niamey.",
                &["Bola Tinubu"],
            )],
        );
        assert_eq!(align(&[a, b]).len(), 2);
    }

    #[test]
    fn one_person_under_two_names_and_anonymous_sources_do_not_conflict() {
        let quote = |speaker: &str| {
            said_by(
                sentence(
                    "“No option is taken off the table,” he told the summit in Abuja.",
                    &[],
                ),
                speaker,
            )
        };
        for (x, y) in [
            ("Bola Tinubu", "Bola Ahmed Tinubu"),
            ("Tinubu", "Bola Tinubu"),
            ("diplomatic sources", "military officials"),
            ("The One", "Bola Tinubu"),
        ] {
            let rows = align(&[
                article(1, "One", vec![quote(x)]),
                article(2, "Two", vec![quote(y)]),
            ]);
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0].status, RowStatus::Shared, "{x} / {y}");
        }
        assert!(same_person("abdel-fatau musah", "musah"));
        assert!(!same_person("abdel-fatau musah", "christopher musa"));
    }

    #[test]
    fn three_articles_interleave_and_two_of_three_is_partial() {
        let mut three = two_reports();
        three.push(article(
            3,
            "Outlet Three",
            vec![
                sentence("Nigeria's Senate has urged caution.", &["Nigeria"]),
                sentence(
                    "West African defence chiefs met in Accra on a standby force for Niger.",
                    &["ECOWAS", "Accra", "Niger"],
                ),
            ],
        ));
        let rows = align(&three);
        assert_eq!(
            rows[0].cells,
            vec![None, None, Some(0)],
            "leading unmatched sentence first"
        );
        assert_eq!(rows[1].cells, vec![Some(0), Some(0), Some(1)]);
        assert_eq!(rows[1].status, RowStatus::Shared);
        let junta = rows
            .iter()
            .find(|r| r.cells[0] == Some(4))
            .map(|r| r.status);
        assert_eq!(junta, Some(RowStatus::Partial));
        // Every sentence of every article is on exactly one row.
        for (col, a) in three.iter().enumerate() {
            let mut seen: Vec<usize> = rows.iter().filter_map(|r| r.cells[col]).collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..a.sentences.len()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn no_articles_one_article_and_junk() {
        assert!(align(&[]).is_empty());
        let single = align(&two_reports()[..1]);
        assert_eq!(single.len(), 5);
        assert!(single.iter().all(|r| r.status == RowStatus::Unique));
        let junk = article(
            9,
            "",
            vec![
                dated(
                    sentence("", &[""]),
                    &["", "2023-13-45", "2023-08-18/2023-08-01", "x/y"],
                ),
                decided(said_by(sentence("$$ 1e999 ١٢٣", &[]), ""), "", ""),
                SentenceFacts {
                    range: (usize::MAX, 0),
                    ..SentenceFacts::default()
                },
            ],
        );
        let rows = align(&[junk.clone(), junk.clone(), junk.clone(), junk]);
        assert!(!rows.is_empty());
        let nan = AlignParams {
            threshold: f64::NAN,
            ..AlignParams::default()
        };
        let _ = align_with(&two_reports(), &nan);
    }

    #[test]
    fn date_spans() {
        assert_eq!(
            date_span("2023-08-17"),
            day_number("2023-08-17").map(|d| (d, d))
        );
        let (s, e) = date_span("2023-02").unwrap_or_default();
        assert_eq!(e - s, 27);
        let (s, e) = date_span("2024").unwrap_or_default();
        assert_eq!(e - s, 365);
        let (s, e) = date_span("2023-08-17/2023-08-18").unwrap_or_default();
        assert_eq!(e - s, 1);
        assert_eq!(date_span("2023-08-18/2023-08-17"), None);
        let (s, e) = date_span("2023-W32").unwrap_or_default();
        assert_eq!((e - s, Some(s)), (6, day_number("2023-08-07")));
        assert_eq!(date_span("soon"), None);
    }

    #[test]
    fn rows_serialise_for_snapshots() {
        let rows = align(&two_reports());
        let json = serde_json::to_value(&rows[2]).unwrap_or_default();
        assert_eq!(json["status"], "conflict");
        assert_eq!(json["conflicts"][0]["kind"], "date");
    }
}
