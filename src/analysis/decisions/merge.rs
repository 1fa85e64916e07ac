//! The decision tracker: decisions reported by many articles merged into one tracked decision
//! each, whose status history is the dated sequence of its reports.
//!
//! Two reports are of one decision when they have the same actor (its registry name, so the
//! analyst's merges and renames count), the same kind, the same head (any head for meetings,
//! which their dates tell apart), targets that agree (the same, or one missing) and dates that
//! agree: days shared with one dated report of the decision, or a later date it moved to from
//! its latest date while that was still to come (see `same::one_decision_dates`). Reports are clustered greedily in a fixed
//! order (by the date they speak from, then article, then position), so the result does not
//! depend on the order of the input.
//!
//! Each tracked decision gets a [`TrackedDecision::key`] made of its actor, kind, target and
//! head, folded (`economic community of west african states|military|niger|standby force`),
//! so the analyst's statuses and notes, stored under the key, find it again after
//! re-analysis. Keys that would collide get the decision's earliest date, then a number.
//! Pure: no I/O.

use super::same::{days, one_decision_dates};
use super::{DecisionKind, DecisionStatus};
use crate::analysis::text;
use crate::model::Date;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// One article's report of a decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionRef<'a> {
    /// Index of the article (the caller's numbering).
    pub article: usize,
    /// The outlet, when known.
    pub outlet: Option<&'a str>,
    /// ISO date the article speaks from, when known.
    pub article_date: Option<&'a str>,
    /// The actor's registry name (analyst edits applied), else as written.
    pub actor: &'a str,
    pub kind: DecisionKind,
    /// The head of the measure ("standby force", "sanctions", "summit").
    pub head: &'a str,
    pub action: &'a str,
    pub target: Option<&'a str>,
    /// ISO value of the decision's own date.
    pub date: Option<&'a str>,
    pub status: DecisionStatus,
    /// Byte range of the evidence sentence in the article.
    pub evidence: Range<usize>,
}

/// One step of a tracked decision's history: what one article reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Index into the input of the report.
    pub decision: usize,
    /// Index of the article (the caller's numbering).
    pub article: usize,
    pub outlet: Option<String>,
    /// When the step was reported: the article's date, else the decision's own date.
    pub date: Option<String>,
    pub status: DecisionStatus,
    /// Byte range of the evidence sentence in the article.
    pub evidence: Range<usize>,
}

/// One decision followed across articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrackedDecision {
    /// Stable across re-analysis while the actor, kind, target and head stay the same.
    pub key: String,
    pub actor: String,
    pub kind: DecisionKind,
    pub head: String,
    /// The first report's action.
    pub action: String,
    /// The target most reports give.
    pub target: Option<String>,
    /// The decision's own date, as the latest report that gives one has it.
    pub date: Option<String>,
    /// The current status: the latest step's.
    pub status: DecisionStatus,
    /// The history, oldest first (undated steps last).
    pub steps: Vec<Step>,
}

/// Merges reports of the same decision across articles; the result is sorted by the date of
/// each decision's first step (undated last), then key.
pub fn merge_decisions(refs: &[DecisionRef<'_>]) -> Vec<TrackedDecision> {
    let mut order: Vec<usize> = (0..refs.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&refs[a], &refs[b]);
        (
            step_date(ra).is_none(),
            step_date(ra),
            ra.article,
            ra.evidence.start,
            a,
        )
            .cmp(&(
                step_date(rb).is_none(),
                step_date(rb),
                rb.article,
                rb.evidence.start,
                b,
            ))
    });
    let folded: Vec<String> = refs.iter().map(|r| text::fold(r.actor)).collect();
    let targets: Vec<Option<String>> = refs.iter().map(|r| r.target.map(text::fold)).collect();
    let ranges: Vec<Option<(Date, Date)>> = refs.iter().map(|r| r.date.and_then(days)).collect();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut by_actor: HashMap<(&str, DecisionKind), Vec<usize>> = HashMap::new();
    for &i in &order {
        let r = &refs[i];
        let candidates = by_actor.entry((folded[i].as_str(), r.kind)).or_default();
        let agreeing = candidates.iter().copied().filter(|&c| {
            let cluster = &clusters[c];
            let head = r.kind == DecisionKind::Meeting || refs[cluster.members[0]].head == r.head;
            // Every targeted member of a cluster has the same (folded) target.
            let targets_agree = match (&targets[i], &cluster.target) {
                (Some(t), Some(u)) => t == u,
                _ => true,
            };
            // the same days as one report, or moved on from the latest date the decision had
            // (an announced date, then a postponement, then the new date are one meeting; a
            // meeting held is not moved to a later one)
            let agrees = match ranges[i] {
                None => cluster.dated,
                Some(b) => {
                    cluster.unparsed_dates
                        || cluster.ranges.iter().any(|a| a.0 <= b.1 && b.0 <= a.1)
                }
            };
            let moved = cluster.latest.is_some_and(|(_, m)| {
                one_decision_dates((refs[m].date, refs[m].status), (r.date, r.status))
            });
            head && targets_agree && (!cluster.dated || agrees || moved)
        });
        // A report joins the decision that has its very dates, if one has, before one whose
        // dates merely overlap them (a week holding the day).
        let exact = |c: usize| ranges[i].is_some_and(|b| clusters[c].ranges.contains(&b));
        let joins = agreeing.fold(None, |best: Option<usize>, c| match best {
            Some(b) if exact(b) || !exact(c) => Some(b),
            _ => Some(c),
        });
        let c = match joins {
            Some(c) => c,
            None => {
                candidates.push(clusters.len());
                clusters.push(Cluster::default());
                clusters.len() - 1
            }
        };
        let cluster = &mut clusters[c];
        cluster.members.push(i);
        if cluster.target.is_none() {
            cluster.target.clone_from(&targets[i]);
        }
        if r.date.is_some() {
            cluster.dated = true;
            match ranges[i] {
                Some(range) if !cluster.ranges.contains(&range) => cluster.ranges.push(range),
                Some(_) => {}
                None => cluster.unparsed_dates = true,
            }
            let key = (ranges[i].map(|d| d.1), i);
            if cluster.latest.is_none_or(|latest| key > latest) {
                cluster.latest = Some(key);
            }
        }
    }
    let clusters: Vec<Vec<usize>> = clusters.into_iter().map(|c| c.members).collect();
    let mut tracked: Vec<TrackedDecision> = clusters
        .into_iter()
        .map(|members| tracked_decision(refs, &members))
        .collect();
    tracked.sort_by(|a, b| {
        let first = |t: &TrackedDecision| t.steps.first().and_then(|s| s.date.clone());
        (first(a).is_none(), first(a), &a.key).cmp(&(first(b).is_none(), first(b), &b.key))
    });
    make_keys_unique(refs, &mut tracked);
    tracked
}

/// Reports merged so far into one decision, with what joining it is checked against.
#[derive(Default)]
struct Cluster {
    members: Vec<usize>,
    /// The folded target its targeted members share.
    target: Option<String>,
    /// Some member gives the decision's date.
    dated: bool,
    /// Some member's date could not be read as days (it agrees with any date).
    unparsed_dates: bool,
    /// The distinct day ranges its members give.
    ranges: Vec<(Date, Date)>,
    /// The dated member with the latest end day (ties: the later report), as (end, index).
    latest: Option<(Option<Date>, usize)>,
}

/// When a report was made: the article's date, else the decision's own date.
fn step_date<'a>(r: &DecisionRef<'a>) -> Option<&'a str> {
    r.article_date.or(r.date)
}

/// One tracked decision from its reports (`members`, in step order).
fn tracked_decision(refs: &[DecisionRef<'_>], members: &[usize]) -> TrackedDecision {
    let first = &refs[members[0]];
    let steps: Vec<Step> = members
        .iter()
        .map(|&m| {
            let r = &refs[m];
            Step {
                decision: m,
                article: r.article,
                outlet: r.outlet.map(str::to_string),
                date: step_date(r).map(str::to_string),
                status: r.status,
                evidence: r.evidence.clone(),
            }
        })
        .collect();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for t in members.iter().filter_map(|&m| refs[m].target) {
        match counts
            .iter_mut()
            .find(|(u, _)| text::fold(u) == text::fold(t))
        {
            Some((_, n)) => *n += 1,
            None => counts.push((t, 1)),
        }
    }
    let target = counts
        .iter()
        .fold(None::<(&str, usize)>, |best, &(t, n)| match best {
            Some((_, b)) if b >= n => best,
            _ => Some((t, n)),
        })
        .map(|(t, _)| t.to_string());
    let date = members
        .iter()
        .rev()
        .find_map(|&m| refs[m].date)
        .map(str::to_string);
    let key = [
        text::fold(first.actor),
        first.kind.as_str().to_string(),
        target.as_deref().map(text::fold).unwrap_or_default(),
        text::fold(first.head),
    ]
    .join("|");
    TrackedDecision {
        key,
        actor: first.actor.to_string(),
        kind: first.kind,
        head: first.head.to_string(),
        action: first.action.to_string(),
        target,
        date,
        status: current_status(refs, members).unwrap_or(first.status),
        steps,
    }
}

/// The latest report's status among the reports of the decision's latest own date (and the
/// undated ones): a round-up recalling that a first date was postponed does not undo the
/// meeting held at the next.
fn current_status(refs: &[DecisionRef<'_>], members: &[usize]) -> Option<DecisionStatus> {
    let end = |m: usize| refs[m].date.and_then(days).map(|r| r.1);
    let latest = members.iter().filter_map(|&m| end(m)).max();
    members
        .iter()
        .rev()
        .find(|&&m| end(m).is_none_or(|e| Some(e) >= latest))
        .map(|&m| refs[m].status)
}

/// Gives keys that collide the decision's earliest own date (`…|2023-07-30`; else its first
/// step's date), which later reports do not change, then a number.
fn make_keys_unique(refs: &[DecisionRef<'_>], tracked: &mut [TrackedDecision]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for t in tracked.iter() {
        *count.entry(t.key.clone()).or_default() += 1;
    }
    let mut used: HashSet<String> = HashSet::new();
    for t in tracked.iter_mut() {
        if count[&t.key] > 1 {
            let earliest = t
                .steps
                .iter()
                .filter_map(|s| {
                    let date = refs.get(s.decision)?.date?;
                    Some((days(date)?.0, date))
                })
                .min();
            let first_date = earliest
                .map(|(_, date)| date.to_string())
                .or_else(|| t.steps.iter().find_map(|s| s.date.clone()))
                .unwrap_or_default();
            t.key = format!("{}|{first_date}", t.key);
        }
        let base = t.key.clone();
        let mut n = 2;
        while !used.insert(t.key.clone()) {
            t.key = format!("{base}|{n}");
            n += 1;
        }
    }
}
