//! When two mentions are one decision: within an article (repeated mentions of a summit, an
//! order restated) and, through [`one_decision_dates`], across articles.
//!
//! A decision only a headline names goes when the body has one of its kind and head (the
//! headline sums the body up, often naming the actor otherwise); a resolution goes when its
//! actor has another decision (it is the text that carries it), and "the deal" when its
//! actor's truce or peace agreement is told. Mentions are one decision
//! when they have the same actor and kind, the same head (any head
//! for meetings, told apart by their dates; any head for sanctions or force listed in one
//! sentence), and dates that agree: the same days, or one inside the other, or a postponed
//! decision and the later date it moved to.

use super::find::Found;
use super::{Decision, DecisionKind, DecisionStatus};
use crate::analysis::text;
use crate::model::Date;
use std::collections::{HashMap, HashSet};

/// Most days between a postponed date and the date a decision moved to.
const MOVED_DAYS: i32 = 31;
/// Latest decisions of one actor and kind a new mention is compared with (a bound on the work
/// for very long articles; an article rarely has more than a handful).
const GROUPS_SEARCHED: usize = 64;

pub(super) use crate::model::iso_days as days;

/// True when two date values may be of one decision: either is missing or unreadable, they
/// share a day, or one is the date of a decision still to come (announced or postponed) and
/// the other a later date (within [`MOVED_DAYS`]) it moved to, as a postponement or a
/// rescheduling says.
pub(super) fn one_decision_dates(
    a: (Option<&str>, DecisionStatus),
    b: (Option<&str>, DecisionStatus),
) -> bool {
    let (Some(x), Some(y)) = (a.0.and_then(days), b.0.and_then(days)) else {
        return true;
    };
    if x.0 <= y.1 && y.0 <= x.1 {
        return true;
    }
    // only a decision still to come moves: one announced or postponed, not one held
    let moved = |from: (Date, Date), from_status, to: (Date, Date), to_status| {
        let pending = matches!(
            from_status,
            DecisionStatus::Postponed | DecisionStatus::Announced
        );
        let postponed =
            from_status == DecisionStatus::Postponed || to_status == DecisionStatus::Rescheduled;
        pending && postponed && to.0 > from.1 && (to.0 - from.1).get_days() <= MOVED_DAYS
    };
    moved(x, a.1, y, b.1) || moved(y, b.1, x, a.1)
}

/// The head a decision is compared by: a peace agreement and a truce of the same parties in
/// one article are one accord ("sign a peace deal" … "settled on a permanent cessation of
/// hostilities"), unless their dates tell them apart.
fn accord(head: &str) -> &str {
    if head == "peace agreement" {
        "truce"
    } else {
        head
    }
}

/// Who took a decision, for comparing: the actor's index, else the folded text as written.
fn who(d: &Decision) -> (Option<usize>, String) {
    match d.actor.actor {
        Some(a) => (Some(a), String::new()),
        None => (None, text::fold(&d.actor.text)),
    }
}

/// What a decision's mentions are grouped by: its actor (local index or name) and kind.
type GroupKey = ((Option<usize>, String), DecisionKind);

/// Merges the mentions of one decision into one [`Decision`] each, in order of first mention:
/// the evidence of its first mention in the body (not a headline), with the status of the last change (postponed, rescheduled,
/// lifted, rejected) an act reports, else the first status an act gives, else the first
/// mention's; the date of the mention the status comes from, else the first date.
pub(super) fn merge_mentions(found: Vec<Found>) -> Vec<Decision> {
    let mut groups: Vec<Vec<Found>> = Vec::new();
    // the groups of each (actor, kind), in order: only those can take a mention
    let mut by_key: HashMap<GroupKey, Vec<usize>> = HashMap::new();
    for f in found {
        let d = &f.decision;
        let key = (who(d), d.kind);
        let open = by_key.get(&key).map_or(&[][..], Vec::as_slice);
        let open = &open[open.len().saturating_sub(GROUPS_SEARCHED)..];
        let joins = open.iter().copied().find(|&n| {
            let g = &groups[n];
            let first = &g[0].decision;
            // one sentence may list the parts of one package of sanctions or force
            let package = matches!(d.kind, DecisionKind::Sanction | DecisionKind::Military)
                && g.iter().any(|m| m.sent == f.sent);
            let alike = who(first) == who(d)
                && first.kind == d.kind
                && (accord(first.head) == accord(d.head)
                    || d.kind == DecisionKind::Meeting
                    || package);
            // "freed 24 hostages" and "released 12 workers" are two releases
            let counted = |m: &Found| match (&m.count, &f.count) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            alike
                && g.iter().all(counted)
                && g.iter().all(|m| {
                    one_decision_dates(
                        (m.decision.date.as_deref(), m.decision.status),
                        (d.date.as_deref(), d.status),
                    )
                })
        });
        match joins {
            Some(g) => groups[g].push(f),
            None => {
                by_key.entry(key).or_default().push(groups.len());
                groups.push(vec![f]);
            }
        }
    }
    // a headline sums up the body: its decision goes when the body has one like it
    let mut in_body: HashSet<(DecisionKind, &'static str)> = HashSet::new();
    for g in &groups {
        if g.iter().any(|f| !f.heading) {
            let d = &g[0].decision;
            in_body.insert((d.kind, d.head));
            in_body.insert((d.kind, ""));
        }
    }
    let told = |g: &Vec<Found>| {
        let d = &g[0].decision;
        let head = if d.kind == DecisionKind::Meeting {
            ""
        } else {
            d.head
        };
        in_body.contains(&(d.kind, head))
    };
    // a resolution is the text of its actor's decisions: it goes when they are told; "the
    // deal" goes when its actor's truce or peace agreement is told
    let mut deciding: HashSet<(Option<usize>, String)> = HashSet::new();
    let mut agreeing: HashSet<(Option<usize>, String)> = HashSet::new();
    for g in &groups {
        let d = &g[0].decision;
        if !g[0].document && d.kind != DecisionKind::Meeting {
            deciding.insert(who(d));
        }
        if g[0].bilateral && !g[0].general && d.kind != DecisionKind::Meeting {
            agreeing.insert(who(d));
        }
    }
    let keep: Vec<bool> = groups
        .iter()
        .map(|g| {
            let carrier = g[0].document && deciding.contains(&who(&g[0].decision));
            let general = g[0].general && agreeing.contains(&who(&g[0].decision));
            (g.iter().any(|f| !f.heading) || !told(g)) && !carrier && !general
        })
        .collect();
    groups
        .into_iter()
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .filter_map(|(g, _)| merged(g))
        .collect()
}

/// One decision from the mentions of a group.
fn merged(group: Vec<Found>) -> Option<Decision> {
    if group.is_empty() {
        return None;
    }
    // the status: the latest change, else what the body says before what a headline says
    // (a headline's "last resort" does not make the order it sums up a threat)
    let explicit_in = |heading: bool| {
        group
            .iter()
            .position(|f| f.explicit && f.heading == heading)
    };
    let source = group
        .iter()
        .rposition(|f| f.explicit && f.decision.status.is_change())
        .or_else(|| explicit_in(false))
        .or_else(|| explicit_in(true))
        .unwrap_or(0);
    let status = group[source].decision.status;
    let date = group[source]
        .decision
        .date
        .clone()
        .map(|d| (d, group[source].decision.timex))
        .or_else(|| {
            group
                .iter()
                .find_map(|f| Some((f.decision.date.clone()?, f.decision.timex)))
        });
    // the evidence: the first mention in the body (a headline says less)
    let primary = group.iter().position(|f| !f.heading).unwrap_or(0);
    let mut decision = group[primary].decision.clone();
    let mut repeats = Vec::new();
    for f in group {
        if f.decision.sentence != decision.sentence && !repeats.contains(&f.decision.sentence) {
            repeats.push(f.decision.sentence);
        }
    }
    decision.status = status;
    if let Some((date, timex)) = date {
        decision.date = Some(date);
        decision.timex = timex;
    }
    decision.repeats = repeats;
    Some(decision)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_span_their_days() {
        let d = |s: &str| s.parse::<Date>().ok();
        let span = |v: &str| days(v).map(|(a, b)| (Some(a), Some(b)));
        assert_eq!(span("2023-08-17"), Some((d("2023-08-17"), d("2023-08-17"))));
        assert_eq!(
            span("2023-08-17/2023-08-18"),
            Some((d("2023-08-17"), d("2023-08-18")))
        );
        assert_eq!(span("2023-08"), Some((d("2023-08-01"), d("2023-08-31"))));
        assert_eq!(span("2023-W32"), Some((d("2023-08-07"), d("2023-08-13"))));
        assert_eq!(span("2023"), Some((d("2023-01-01"), d("2023-12-31"))));
        assert_eq!(span("soon"), None);
    }

    #[test]
    fn dates_of_one_decision() {
        use DecisionStatus::*;
        assert!(one_decision_dates((None, Held), (Some("2023-08-10"), Held)));
        assert!(one_decision_dates(
            (Some("2023-08-17"), Held),
            (Some("2023-08-17/2023-08-18"), Rescheduled)
        ));
        assert!(one_decision_dates(
            (Some("2023-08"), Held),
            (Some("2023-08-10"), Held)
        ));
        assert!(!one_decision_dates(
            (Some("2023-07-30"), Held),
            (Some("2023-08-10"), Held)
        ));
        // postponed from the 12th, moved to the 17th–18th
        assert!(one_decision_dates(
            (Some("2023-08-12"), Postponed),
            (Some("2023-08-17/2023-08-18"), Held)
        ));
        assert!(one_decision_dates(
            (Some("2023-08-12"), Announced),
            (Some("2023-08-17/2023-08-18"), Rescheduled)
        ));
        // a summit before the postponed date is another meeting
        assert!(!one_decision_dates(
            (Some("2023-08-12"), Postponed),
            (Some("2023-08-10"), Held)
        ));
    }
}
