//! The decision tracker: decisions reported by many articles merged into one tracked decision
//! each, whose status history is the dated sequence of its reports.
//!
//! Two reports are of one decision when they have the same actor (its registry name, so the
//! analyst's merges and renames count), the same kind, the same head (any head for meetings,
//! which their dates tell apart), targets that agree (the same, or one missing) and dates that
//! agree: days shared with one dated report of the decision, or a later date it moved to from
//! its latest date while that was still to come (see `same::one_decision_dates`). Reports are
//! clustered greedily in a fixed order (by the date they speak from, then article, then
//! position), so the result does not depend on the order of the input. Each report reads its
//! dates once and names its actor, target and head by numbers, and is compared only with the
//! decisions of its actor, kind and head.
//!
//! Each tracked decision gets a [`TrackedDecision::key`] made of its actor, kind, target and
//! head, folded (`economic community of west african states|military|niger|standby force`),
//! so the analyst's statuses and notes, stored under the key, find it again after
//! re-analysis. Keys that would collide get the decision's earliest date, then a number.
//! Pure: no I/O.

use super::same::{days, one_decision_days};
use super::{DecisionKind, DecisionStatus, Step, TrackedDecision};
use crate::analysis::text;
use crate::model::Date;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

#[cfg(test)]
mod reference;

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

/// Merges reports of the same decision across articles; the result is sorted by the date of
/// each decision's first step (undated last), then key (see [`order_key`]).
pub fn merge_decisions(refs: &[DecisionRef<'_>]) -> Vec<TrackedDecision> {
    // by the date each report speaks from (undated last), as numbered in text order
    let mut dates: Vec<&str> = refs.iter().filter_map(step_date).collect();
    dates.sort_unstable();
    dates.dedup();
    let place = |r: &DecisionRef<'_>| {
        step_date(r).map_or(dates.len(), |d| dates.partition_point(|&x| x < d))
    };
    let mut order: Vec<(usize, usize, usize, usize)> = refs
        .iter()
        .enumerate()
        .map(|(i, r)| (place(r), r.article, r.evidence.start, i))
        .collect();
    order.sort_unstable();
    let order: Vec<usize> = order.into_iter().map(|(.., i)| i).collect();
    drop(dates);
    let read = Read::new(refs);
    let mut clusters: Vec<Cluster> = Vec::new();
    // the decisions of each actor, kind and head (any head for meetings), oldest first
    let mut by_actor: HashMap<(u32, DecisionKind, Option<u32>), Vec<usize>> = HashMap::new();
    for &i in &order {
        let r = &refs[i];
        let head = (r.kind != DecisionKind::Meeting).then_some(read.head[i]);
        let candidates = by_actor.entry((read.actor[i], r.kind, head)).or_default();
        let own = read.days[i];
        let agrees = |c: &Cluster| {
            // Every targeted member of a cluster has the same (folded) target.
            let targets_agree = match (read.target[i], c.target) {
                (Some(t), Some(u)) => t == u,
                _ => true,
            };
            // the same days as one report, or moved on from the latest date the decision had
            // (an announced date, then a postponement, then the new date are one meeting; a
            // meeting held is not moved to a later one)
            let dates_agree = || match own {
                None => c.dated,
                Some(b) => c.unparsed_dates || c.ranges.iter().any(|a| a.0 <= b.1 && b.0 <= a.1),
            };
            let moved = || {
                c.latest.is_some_and(|(_, m)| {
                    one_decision_days((read.days[m], refs[m].status), (own, r.status))
                })
            };
            targets_agree && (!c.dated || dates_agree() || moved())
        };
        // A report joins the decision that has its very dates, if one has, before one whose
        // dates merely overlap them (a week holding the day); else the first that agrees.
        let mut joins = None;
        for &c in candidates.iter() {
            let cluster = &clusters[c];
            if !agrees(cluster) {
                continue;
            }
            if own.is_some_and(|b| cluster.ranges.contains(&b)) {
                joins = Some(c);
                break;
            }
            joins = joins.or(Some(c));
        }
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
            cluster.target = read.target[i];
        }
        if r.date.is_some() {
            cluster.dated = true;
            match own {
                Some(range) if !cluster.ranges.contains(&range) => cluster.ranges.push(range),
                Some(_) => {}
                None => cluster.unparsed_dates = true,
            }
            let key = (own.map(|d| d.1), i);
            if cluster.latest.is_none_or(|latest| key > latest) {
                cluster.latest = Some(key);
            }
        }
    }
    drop(by_actor);
    let mut tracked: Vec<TrackedDecision> = clusters
        .into_iter()
        .map(|c| tracked_decision(refs, &read, &c.members))
        .collect();
    tracked.sort_by(|a, b| {
        let first = |t: &TrackedDecision| t.steps.first().and_then(|s| s.date.clone());
        (first(a).is_none(), first(a), &a.key).cmp(&(first(b).is_none(), first(b), &b.key))
    });
    make_keys_unique(refs, |m| read.days[m].map(|d| d.0), &mut tracked);
    tracked
}

/// A tracked decision's key before [`make_keys_unique`]: its actor, kind, target and head,
/// folded.
fn base_key(actor: &str, kind: DecisionKind, target: Option<&str>, head: &str) -> String {
    [
        text::fold(actor),
        kind.as_str().to_string(),
        target.map(text::fold).unwrap_or_default(),
        text::fold(head),
    ]
    .join("|")
}

/// Where [`merge_decisions`] puts a tracked decision, from what a store keeps of it: its
/// first step's date (undated last), its key before keys were made unique (from its actor,
/// kind, target and head), then its first step's article, evidence start and report (the
/// order in which the merge met the decisions). `first` is the first step's (article,
/// evidence start, report), in the numbering of the merge's input or in one that orders them
/// alike.
pub fn order_key(
    first_date: Option<&str>,
    decision: (&str, DecisionKind, Option<&str>, &str),
    first: Option<(usize, usize, usize)>,
) -> OrderKey {
    let (actor, kind, target, head) = decision;
    (
        first_date.is_none(),
        first_date.map(str::to_string),
        base_key(actor, kind, target, head),
        first,
    )
}

/// See [`order_key`].
pub type OrderKey = (bool, Option<String>, String, Option<(usize, usize, usize)>);

/// [`order_key`] of a tracked decision as [`merge_decisions`] returns it.
pub fn tracked_order_key(t: &TrackedDecision) -> OrderKey {
    let first = t.steps.first();
    order_key(
        first.and_then(|s| s.date.as_deref()),
        (&t.actor, t.kind, t.target.as_deref(), &t.head),
        first.map(|s| (s.article, s.evidence.start, s.decision)),
    )
}

/// The tracking group of a report of `actor`'s decision of `kind` about `head`: its actor and
/// head folded, and its kind (meetings of any head together). Two reports of different groups
/// are never one decision, and their decisions' keys never collide (a key starts with the
/// folded actor, kind and head), so [`merge_decisions`] over some whole groups gives exactly
/// those groups' part of what it gives over every report, as long as no actor, target or head
/// holds `|` when folded ([`splits_keys`]).
pub fn group_key(actor: &str, kind: DecisionKind, head: &str) -> String {
    let head = if kind == DecisionKind::Meeting {
        String::new()
    } else {
        text::fold(head)
    };
    format!("{}|{}|{head}", text::fold(actor), kind.as_str())
}

/// Whether `name` (an actor, target or head) holds the `|` that separates the parts of a
/// decision key, so that keys of different groups might collide.
pub fn splits_keys(name: &str) -> bool {
    name.contains('|')
}

/// What the merge compares of each report, read once: its actor and target folded, and its
/// head, as numbers (equal numbers for equal texts), and the days of its date.
struct Read {
    actor: Vec<u32>,
    target: Vec<Option<u32>>,
    head: Vec<u32>,
    /// `None` when the report gives no date or one that is not read as days.
    days: Vec<Option<(Date, Date)>>,
}

impl Read {
    fn new(refs: &[DecisionRef<'_>]) -> Read {
        // folded forms of the texts, each text folded once
        let mut texts: HashMap<&str, u32> = HashMap::new();
        let mut folded: HashMap<String, u32> = HashMap::new();
        let mut fold = |s| {
            *texts.entry(s).or_insert_with(|| {
                let n = u32::try_from(folded.len()).unwrap_or(u32::MAX);
                *folded.entry(text::fold(s)).or_insert(n)
            })
        };
        let actor = refs.iter().map(|r| fold(r.actor)).collect();
        let target = refs.iter().map(|r| r.target.map(&mut fold)).collect();
        let mut heads: HashMap<&str, u32> = HashMap::new();
        let head = refs
            .iter()
            .map(|r| {
                let n = u32::try_from(heads.len()).unwrap_or(u32::MAX);
                *heads.entry(r.head).or_insert(n)
            })
            .collect();
        let mut values: HashMap<&str, Option<(Date, Date)>> = HashMap::new();
        let days = refs
            .iter()
            .map(|r| {
                r.date
                    .and_then(|d| *values.entry(d).or_insert_with(|| days(d)))
            })
            .collect();
        Read {
            actor,
            target,
            head,
            days,
        }
    }
}

/// Reports merged so far into one decision, with what joining it is checked against.
#[derive(Default)]
struct Cluster {
    members: Vec<usize>,
    /// The folded target its targeted members share.
    target: Option<u32>,
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
fn tracked_decision(refs: &[DecisionRef<'_>], read: &Read, members: &[usize]) -> TrackedDecision {
    // targets the same when folded counted together, under the first written form
    let mut counts: Vec<(u32, &str, usize)> = Vec::new();
    for &m in members {
        let (Some(id), Some(t)) = (read.target[m], refs[m].target) else {
            continue;
        };
        match counts.iter_mut().find(|(u, _, _)| *u == id) {
            Some((_, _, n)) => *n += 1,
            None => counts.push((id, t, 1)),
        }
    }
    let target = most_given(counts.iter().map(|&(_, t, n)| (t, n)));
    decision(refs, members, target, current_status(refs, read, members))
}

/// The target given by most reports (ties: the first), from (target, reports) counts.
fn most_given<'a>(counts: impl Iterator<Item = (&'a str, usize)>) -> Option<String> {
    counts
        .fold(None::<(&str, usize)>, |best, (t, n)| match best {
            Some((_, b)) if b >= n => best,
            _ => Some((t, n)),
        })
        .map(|(t, _)| t.to_string())
}

/// The tracked decision of reports `members` (in step order), its target and current status
/// found (without a status, the first report's).
fn decision(
    refs: &[DecisionRef<'_>],
    members: &[usize],
    target: Option<String>,
    status: Option<DecisionStatus>,
) -> TrackedDecision {
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
    let date = members
        .iter()
        .rev()
        .find_map(|&m| refs[m].date)
        .map(str::to_string);
    let key = base_key(first.actor, first.kind, target.as_deref(), first.head);
    TrackedDecision {
        key,
        actor: first.actor.to_string(),
        kind: first.kind,
        head: first.head.to_string(),
        action: first.action.to_string(),
        target,
        date,
        status: status.unwrap_or(first.status),
        steps,
    }
}

/// The latest report's status among the reports of the decision's latest own date (and the
/// undated ones): a round-up recalling that a first date was postponed does not undo the
/// meeting held at the next.
fn current_status(
    refs: &[DecisionRef<'_>],
    read: &Read,
    members: &[usize],
) -> Option<DecisionStatus> {
    let end = |m: usize| read.days[m].map(|r| r.1);
    let latest = members.iter().filter_map(|&m| end(m)).max();
    members
        .iter()
        .rev()
        .find(|&&m| end(m).is_none_or(|e| Some(e) >= latest))
        .map(|&m| refs[m].status)
}

/// Gives keys that collide the decision's earliest own date (`…|2023-07-30`; else its first
/// step's date), which later reports do not change, then a number. `first_day` is the first
/// day of report `m`'s own date, when it reads as days.
fn make_keys_unique(
    refs: &[DecisionRef<'_>],
    first_day: impl Fn(usize) -> Option<Date>,
    tracked: &mut [TrackedDecision],
) {
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
                .filter_map(|s| Some((first_day(s.decision)?, refs.get(s.decision)?.date?)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ACTORS: [&str; 4] = ["ECOWAS", "ecowas", "Ecowas ", "Nigeria"];
    const KINDS: [DecisionKind; 3] = [
        DecisionKind::Meeting,
        DecisionKind::Sanction,
        DecisionKind::Military,
    ];
    const HEADS: [&str; 4] = ["summit", "meeting", "sanctions", "standby force"];
    const TARGETS: [Option<&str>; 4] = [None, Some("Niger"), Some("niger"), Some("Mali")];
    const DATES: [Option<&str>; 9] = [
        None,
        Some("2023-08-12"),
        Some("2023-08-17/2023-08-18"),
        Some("2023-08"),
        Some("2023-W33"),
        Some("2023-08-10"),
        Some("2023-09-10"),
        Some("2023-08-30"),
        Some("soon"),
    ];
    const ARTICLE_DATES: [Option<&str>; 4] = [
        None,
        Some("2023-08-11"),
        Some("2023-08-12"),
        Some("2023-08-18"),
    ];

    /// (article, actor, kind, head, target, date, article date, status, position) as indices.
    type Row = (
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
    );

    fn rows(most: usize) -> impl Strategy<Value = Vec<Row>> {
        let row = (
            (0..10usize, 0..ACTORS.len(), 0..KINDS.len(), 0..HEADS.len()),
            (0..TARGETS.len(), 0..DATES.len(), 0..ARTICLE_DATES.len()),
            (0..DecisionStatus::ALL.len(), 0..4usize),
        )
            .prop_map(|((a, b, c, d), (e, f, g), (h, i))| (a, b, c, d, e, f, g, h, i));
        proptest::collection::vec(row, 0..most)
    }

    fn refs(rows: &[Row]) -> Vec<DecisionRef<'static>> {
        rows.iter()
            .map(
                |&(article, actor, kind, head, target, date, article_date, status, at)| {
                    DecisionRef {
                        article,
                        outlet: Some(["A", "B"][article % 2]),
                        article_date: ARTICLE_DATES[article_date],
                        actor: ACTORS[actor],
                        kind: KINDS[kind],
                        head: HEADS[head],
                        action: "decided",
                        target: TARGETS[target],
                        date: DATES[date],
                        status: DecisionStatus::ALL[status],
                        evidence: at * 10..at * 10 + 5,
                    }
                },
            )
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Merging each tracking group on its own, then putting the decisions in the merge's
        /// order, gives what merging every report at once gives.
        #[test]
        fn merged_group_by_group_as_all_at_once(rows in rows(80)) {
            let refs = refs(&rows);
            let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, r) in refs.iter().enumerate() {
                groups.entry(group_key(r.actor, r.kind, r.head)).or_default().push(i);
            }
            let mut by_group: Vec<TrackedDecision> = Vec::new();
            for members in groups.values() {
                let part: Vec<DecisionRef<'_>> = members.iter().map(|&i| refs[i].clone()).collect();
                for mut t in merge_decisions(&part) {
                    for step in &mut t.steps {
                        step.decision = members[step.decision];
                    }
                    by_group.push(t);
                }
            }
            by_group.sort_by_key(tracked_order_key);
            prop_assert_eq!(by_group, merge_decisions(&refs));
        }

        /// The merge gives exactly what the tracker it replaced gives (kept in `reference`),
        /// on reports drawn from a few actors (written differently), heads, targets, dates
        /// and statuses, so that postponed and moved dates, weeks holding days and colliding
        /// keys all come up.
        #[test]
        fn same_as_the_greedy_tracker(rows in rows(80)) {
            let refs = refs(&rows);
            prop_assert_eq!(merge_decisions(&refs), reference::merge_decisions(&refs));
        }
    }
}
