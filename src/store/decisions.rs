//! The decision queries, one small function each: the decisions pass's rows (per article, and
//! tracked across articles with their status history) and the analyst's edits of tracked
//! decisions, which re-analysis never touches.

use crate::model::TrackedDecision;
use crate::model::{ArticleId, Date, DecisionEdit, DecisionRow, DecisionStep, TrackedDecisionRow};
use crate::model::{DecisionKind, DecisionStatus};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;
use std::ops::Range;

/// A byte offset as SQLite stores it.
fn offset(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Reads a byte range from two non-negative integer columns.
fn range(row: &Row<'_>, start: usize) -> rusqlite::Result<Range<usize>> {
    let read = |idx: usize| -> rusqlite::Result<usize> {
        let v: i64 = row.get(idx)?;
        usize::try_from(v).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(idx, v))
    };
    Ok(read(start)?..read(start + 1)?)
}

/// Reads an optional byte range from two nullable integer columns.
fn optional_range(row: &Row<'_>, start: usize) -> rusqlite::Result<Option<Range<usize>>> {
    let a: Option<i64> = row.get(start)?;
    let b: Option<i64> = row.get(start + 1)?;
    Ok(match (a, b) {
        (Some(a), Some(b)) if 0 <= a && a <= b => Some(a as usize..b as usize),
        _ => None,
    })
}

/// A conversion error for a text column holding an unknown value.
fn unknown(idx: usize, what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        Type::Text,
        format!("unknown {what} {value:?}").into(),
    )
}

fn kind(row: &Row<'_>, idx: usize) -> rusqlite::Result<DecisionKind> {
    let s: String = row.get(idx)?;
    DecisionKind::parse(&s).ok_or_else(|| unknown(idx, "decision kind", &s))
}

fn status(row: &Row<'_>, idx: usize) -> rusqlite::Result<DecisionStatus> {
    let s: String = row.get(idx)?;
    DecisionStatus::parse(&s).ok_or_else(|| unknown(idx, "decision status", &s))
}

/// Replaces every decision row, tracked decision and step with the pass's results. Each
/// tracked decision's steps name their decision by its position in `results` read in order
/// (all rows of the first article, then the second's…); steps naming no row are skipped.
pub(super) fn replace_decisions(
    conn: &Connection,
    results: &[(ArticleId, Vec<DecisionRow>)],
    tracked: &[TrackedDecision],
) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM decision_steps", [])?;
    conn.execute("DELETE FROM tracked_decisions", [])?;
    conn.execute("DELETE FROM decisions", [])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO decisions (article_id, start, end, decision_key, actor_id, actor, kind,
             action, target, date_value, status, head, trigger_start, trigger_end, actor_start,
             actor_end, mention_start, mention_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    let mut rows: Vec<(i64, ArticleId)> = Vec::new();
    for (article, decisions) in results {
        for d in decisions {
            let id = insert.insert(params![
                article.0,
                offset(d.sentence.start),
                offset(d.sentence.end),
                d.key,
                d.actor_id,
                d.actor,
                d.kind.as_str(),
                d.action,
                d.target,
                d.date,
                d.status.as_str(),
                d.head,
                offset(d.trigger.start),
                offset(d.trigger.end),
                d.actor_range.as_ref().map(|r| offset(r.start)),
                d.actor_range.as_ref().map(|r| offset(r.end)),
                d.mention.as_ref().map(|r| offset(r.start)),
                d.mention.as_ref().map(|r| offset(r.end)),
            ])?;
            rows.push((id, *article));
        }
    }
    let mut insert_tracked = conn.prepare_cached(
        "INSERT INTO tracked_decisions (decision_key, actor, kind, head, action, target,
             date_value, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut insert_step = conn.prepare_cached(
        "INSERT INTO decision_steps (tracked_id, seq, decision_id, article_id, start, end,
             date_value, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for t in tracked {
        let id = insert_tracked.insert(params![
            t.key,
            t.actor,
            t.kind.as_str(),
            t.head,
            t.action,
            t.target,
            t.date,
            t.status.as_str(),
        ])?;
        for (seq, step) in t.steps.iter().enumerate() {
            let Some(&(decision, article)) = rows.get(step.decision) else {
                continue;
            };
            insert_step.execute(params![
                id,
                offset(seq),
                decision,
                article.0,
                offset(step.evidence.start),
                offset(step.evidence.end),
                step.date,
                step.status.as_str(),
            ])?;
        }
    }
    Ok(())
}

/// One article's decisions, in text order.
pub(super) fn decisions(
    conn: &Connection,
    article: ArticleId,
) -> rusqlite::Result<Vec<DecisionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT start, end, trigger_start, trigger_end, decision_key, actor_id, actor,
                actor_start, actor_end, mention_start, mention_end, kind, head, action, target,
                date_value, status
         FROM decisions WHERE article_id = ?1 ORDER BY start, trigger_start, id",
    )?;
    let rows = stmt.query_map([article.0], |r| {
        Ok(DecisionRow {
            sentence: range(r, 0)?,
            trigger: range(r, 2)?,
            key: r.get(4)?,
            actor_id: r.get(5)?,
            actor: r.get(6)?,
            actor_range: optional_range(r, 7)?,
            mention: optional_range(r, 9)?,
            kind: kind(r, 11)?,
            head: r.get(12)?,
            action: r.get(13)?,
            target: r.get(14)?,
            date: r.get(15)?,
            status: status(r, 16)?,
        })
    })?;
    rows.collect()
}

/// Every tracked decision with its status history (each step with its article's outlet), in
/// the order the pass stored them: by first step date.
pub(super) fn tracked_decisions(conn: &Connection) -> rusqlite::Result<Vec<TrackedDecisionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, decision_key, actor, kind, head, action, target, date_value, status
         FROM tracked_decisions ORDER BY id",
    )?;
    let mut tracked: Vec<TrackedDecisionRow> = stmt
        .query_map([], |r| {
            Ok(TrackedDecisionRow {
                id: r.get(0)?,
                key: r.get(1)?,
                actor: r.get(2)?,
                kind: kind(r, 3)?,
                head: r.get(4)?,
                action: r.get(5)?,
                target: r.get(6)?,
                date: r.get(7)?,
                status: status(r, 8)?,
                steps: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<i64, usize> = tracked.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT s.tracked_id, s.article_id, a.outlet, s.date_value, s.status, s.start, s.end
         FROM decision_steps s JOIN articles a ON a.id = s.article_id
         ORDER BY s.tracked_id, s.seq",
    )?;
    let steps = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            DecisionStep {
                article: ArticleId(r.get(1)?),
                outlet: r.get(2)?,
                date: r.get(3)?,
                status: status(r, 4)?,
                evidence: range(r, 5)?,
            },
        ))
    })?;
    for step in steps {
        let (id, step) = step?;
        if let Some(&i) = index.get(&id) {
            tracked[i].steps.push(step);
        }
    }
    Ok(tracked)
}

/// The analyst's edit of the tracked decision `key` and when it was set (RFC 3339), if any.
pub(super) fn decision_edit(
    conn: &Connection,
    key: &str,
) -> rusqlite::Result<Option<(DecisionEdit, String)>> {
    conn.prepare_cached(
        "SELECT status, owner, review_date, notes, tags, set_at
         FROM decision_edits WHERE decision_key = ?1",
    )?
    .query_row([key], |r| Ok((edit_row(r)?, r.get(5)?)))
    .optional()
}

/// Every analyst edit of a tracked decision, by decision key.
pub(super) fn decision_edits(conn: &Connection) -> rusqlite::Result<HashMap<String, DecisionEdit>> {
    conn.prepare_cached(
        "SELECT status, owner, review_date, notes, tags, decision_key FROM decision_edits",
    )?
    .query_map([], |r| Ok((r.get(5)?, edit_row(r)?)))?
    .collect()
}

/// An edit from a row whose first columns are status, owner, review_date, notes and tags.
fn edit_row(r: &Row<'_>) -> rusqlite::Result<DecisionEdit> {
    let status = match r.get::<_, Option<String>>(0)? {
        Some(s) => Some(DecisionStatus::parse(&s).ok_or_else(|| unknown(0, "status", &s))?),
        None => None,
    };
    let review_date =
        match r.get::<_, Option<String>>(2)? {
            Some(s) => Some(s.parse::<Date>().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(2, Type::Text, Box::new(e))
            })?),
            None => None,
        };
    let tags: String = r.get(4)?;
    Ok(DecisionEdit {
        status,
        owner: r.get(1)?,
        review_date,
        notes: r.get(3)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
    })
}

/// Sets (replacing any earlier one) the analyst's edit of the tracked decision `key`.
pub(super) fn set_decision_edit(
    conn: &Connection,
    key: &str,
    edit: &DecisionEdit,
    now: &str,
) -> rusqlite::Result<()> {
    let tags = serde_json::to_string(&edit.tags).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached(
        "INSERT INTO decision_edits (decision_key, status, owner, review_date, notes, tags, set_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (decision_key) DO UPDATE SET status = excluded.status,
             owner = excluded.owner, review_date = excluded.review_date,
             notes = excluded.notes, tags = excluded.tags, set_at = excluded.set_at",
    )?
    .execute(params![
        key,
        edit.status.map(DecisionStatus::as_str),
        edit.owner,
        edit.review_date.map(|d| d.to_string()),
        edit.notes,
        tags,
        now,
    ])?;
    Ok(())
}

/// Removes the analyst's edit of the tracked decision `key`; true when there was one.
pub(super) fn clear_decision_edit(conn: &Connection, key: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM decision_edits WHERE decision_key = ?1")?
        .execute([key])?
        > 0)
}

/// The keys of tracked decisions with an evidence sentence containing `needle`. Offsets are in
/// bytes, so the sentence is cut from the text as a blob; `instr` on the lowered sentence
/// ignores case for ASCII letters.
pub(super) fn with_evidence(
    conn: &Connection,
    needle: &str,
) -> rusqlite::Result<std::collections::HashSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT t.decision_key
         FROM decision_steps s
         JOIN tracked_decisions t ON t.id = s.tracked_id
         JOIN articles a ON a.id = s.article_id
         WHERE instr(lower(CAST(substr(CAST(a.text AS BLOB), s.start + 1, s.end - s.start)
                               AS TEXT)), lower(?1)) > 0",
    )?;
    let keys = stmt.query_map([needle], |r| r.get(0))?;
    keys.collect()
}
