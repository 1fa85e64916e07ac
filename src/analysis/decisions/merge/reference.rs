//! The decision tracker's merge as it was before it was made linear (issue 15), kept for
//! tests only: the merge must give exactly what this gives.

use super::super::same::{days, one_decision_dates};
use super::super::{DecisionKind, DecisionStatus};
use super::{DecisionRef, TrackedDecision, decision, make_keys_unique, most_given, step_date};
use crate::analysis::text;
use crate::model::Date;
use std::collections::HashMap;

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
    make_keys_unique(
        refs,
        |m| refs[m].date.and_then(days).map(|d| d.0),
        &mut tracked,
    );
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

/// One tracked decision from its reports (`members`, in step order).
fn tracked_decision(refs: &[DecisionRef<'_>], members: &[usize]) -> TrackedDecision {
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
    let target = most_given(counts.into_iter());
    decision(refs, members, target, current_status(refs, members))
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
