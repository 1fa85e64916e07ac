//! The decision queries, one small function each: the decisions pass's rows (per article, and
//! tracked across articles with their status history) and the analyst's edits of tracked
//! decisions, which re-analysis never touches.

use super::{Project, StoreError};
use crate::analysis::decisions::{OrderKey, order_key};
use crate::model::TrackedDecision;
use crate::model::{ArticleId, Date, DecisionEdit, DecisionRow, DecisionStep, TrackedDecisionRow};
use crate::model::{DecisionKind, DecisionStatus};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::{HashMap, HashSet};
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

/// A decision row's key: its tracked decision's (the key the row was written under stays in
/// `decisions.decision_key` when its decision's key moves: the tracker does not write every
/// row of a decision again for it), else the key it was written under.
const ROW_KEY: &str = "coalesce(t.decision_key, d.decision_key)";

/// Joins a decision row `d` to its step `s` and that step's tracked decision `t` (see
/// [`ROW_KEY`]).
const BY_STEP: &str = "LEFT JOIN decision_steps s ON s.decision_id = d.id
         LEFT JOIN tracked_decisions t ON t.id = s.tracked_id";

/// One article's decisions, in text order.
pub(super) fn decisions(
    conn: &Connection,
    article: ArticleId,
) -> rusqlite::Result<Vec<DecisionRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.start, d.end, d.trigger_start, d.trigger_end, {ROW_KEY}, d.actor_id, d.actor,
                d.actor_start, d.actor_end, d.mention_start, d.mention_end, d.kind, d.head,
                d.action, d.target, d.date_value, d.status
         FROM decisions d {BY_STEP}
         WHERE d.article_id = ?1 ORDER BY d.start, d.trigger_start, d.id"
    ))?;
    let rows = stmt.query_map([article.0], decision_row)?;
    rows.collect()
}

/// A decision row from the first 17 columns of `r`: start, end, trigger_start, trigger_end,
/// decision_key, actor_id, actor, actor_start, actor_end, mention_start, mention_end, kind,
/// head, action, target, date_value, status.
fn decision_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DecisionRow> {
    decision_row_at(r, 0, true)
}

/// A decision row from the columns of `r` from `at` on, laid out as [`decision_row`] reads
/// them, without `decision_key` when `with_key` is false (the key is then empty).
fn decision_row_at(
    r: &rusqlite::Row<'_>,
    at: usize,
    with_key: bool,
) -> rusqlite::Result<DecisionRow> {
    let (key, c) = if with_key {
        (r.get(at + 4)?, at + 5)
    } else {
        (String::new(), at + 4)
    };
    Ok(DecisionRow {
        sentence: range(r, at)?,
        trigger: range(r, at + 2)?,
        key,
        actor_id: r.get(c)?,
        actor: r.get(c + 1)?,
        actor_range: optional_range(r, c + 2)?,
        mention: optional_range(r, c + 4)?,
        kind: kind(r, c + 6)?,
        head: r.get(c + 7)?,
        action: r.get(c + 8)?,
        target: r.get(c + 9)?,
        date: r.get(c + 10)?,
        status: status(r, c + 11)?,
    })
}

/// Every tracked decision with its status history (each step with its article's outlet), in
/// the tracker's order: by first step date (undated last), then key.
pub(super) fn tracked_decisions(conn: &Connection) -> rusqlite::Result<Vec<TrackedDecisionRow>> {
    // the order `decisions::merge_decisions` gives, whatever order the tracker wrote them in
    // (it rewrites a group at a time): by their first steps
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.decision_key, t.actor, t.kind, t.head, t.action, t.target,
                t.date_value, t.status, s.date_value, s.article_id, s.start, s.decision_id
         FROM tracked_decisions t
         LEFT JOIN decision_steps s ON s.id = (
             SELECT f.id FROM decision_steps f WHERE f.tracked_id = t.id ORDER BY f.seq LIMIT 1)",
    )?;
    let number = |r: &Row<'_>, idx: usize| -> rusqlite::Result<Option<usize>> {
        Ok(r.get::<_, Option<i64>>(idx)?
            .and_then(|n| usize::try_from(n).ok()))
    };
    let mut ordered: Vec<(OrderKey, TrackedDecisionRow)> = stmt
        .query_map([], |r| {
            let t = TrackedDecisionRow {
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
            };
            let first_date: Option<String> = r.get(9)?;
            let first = match (number(r, 10)?, number(r, 11)?, number(r, 12)?) {
                (Some(a), Some(s), Some(d)) => Some((a, s, d)),
                _ => None,
            };
            let order = order_key(
                first_date.as_deref(),
                (&t.actor, t.kind, t.target.as_deref(), &t.head),
                first,
            );
            Ok((order, t))
        })?
        .collect::<rusqlite::Result<_>>()?;
    ordered.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
    let mut tracked: Vec<TrackedDecisionRow> = ordered.into_iter().map(|(_, t)| t).collect();
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

/// A decision row as the tracker reads it back: its row id, the row, and the date of the step
/// that names it (`None` when no step does: the stored tracker does not cover it).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredDecision {
    pub id: i64,
    pub row: DecisionRow,
    pub step_date: Option<Option<String>>,
}

/// A decision row staged for the tracker (in the connection's temporary table `track_rows`,
/// in the order of staging): its article, its tracking group (`decisions::group_key`), the
/// date its article speaks from, and whether it is a stored row kept as it is.
#[derive(Clone, Debug, PartialEq)]
pub struct StagedDecision {
    pub article: ArticleId,
    pub group: String,
    /// The stored row it is, unchanged: its row id and its key. `None`: a row to write.
    pub kept: Option<(i64, String)>,
    pub article_date: Option<String>,
    pub row: DecisionRow,
}

/// The connection's table of staged decision rows; `pos` is the order of staging.
const TRACK_ROWS: &str = "CREATE TEMP TABLE IF NOT EXISTS track_rows (
    pos INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, grp TEXT NOT NULL,
    kept_id INTEGER, kept_key TEXT, article_date TEXT,
    start INTEGER NOT NULL, end INTEGER NOT NULL, trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL, actor_id INTEGER, actor TEXT NOT NULL, actor_start INTEGER,
    actor_end INTEGER, mention_start INTEGER, mention_end INTEGER, kind TEXT NOT NULL,
    head TEXT NOT NULL, action TEXT NOT NULL, target TEXT, date_value TEXT,
    status TEXT NOT NULL)";

/// Empties (creating it if needed) the connection's table of staged decision rows.
pub(super) fn clear_staged(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(TRACK_ROWS, [])?;
    conn.execute(
        "CREATE INDEX IF NOT EXISTS temp.track_rows_by_group ON track_rows(grp, pos)",
        [],
    )?;
    conn.execute("DELETE FROM temp.track_rows", [])?;
    Ok(())
}

/// Appends `rows` to the staged decision rows.
pub(super) fn stage(conn: &Connection, rows: &[StagedDecision]) -> rusqlite::Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO temp.track_rows (article_id, grp, kept_id, kept_key, article_date, start,
             end, trigger_start, trigger_end, actor_id, actor, actor_start, actor_end,
             mention_start, mention_end, kind, head, action, target, date_value, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21)",
    )?;
    for s in rows {
        let d = &s.row;
        insert.execute(params![
            s.article.0,
            s.group,
            s.kept.as_ref().map(|k| k.0),
            s.kept.as_ref().map(|k| &k.1),
            s.article_date,
            offset(d.sentence.start),
            offset(d.sentence.end),
            offset(d.trigger.start),
            offset(d.trigger.end),
            d.actor_id,
            d.actor,
            d.actor_range.as_ref().map(|r| offset(r.start)),
            d.actor_range.as_ref().map(|r| offset(r.end)),
            d.mention.as_ref().map(|r| offset(r.start)),
            d.mention.as_ref().map(|r| offset(r.end)),
            d.kind.as_str(),
            d.head,
            d.action,
            d.target,
            d.date,
            d.status.as_str(),
        ])?;
    }
    Ok(())
}

/// The staged rows of tracking group `group`, in the order of staging, and the `pos` of each.
fn staged_group(
    conn: &Connection,
    group: &str,
) -> rusqlite::Result<(Vec<i64>, Vec<StagedDecision>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT pos, article_id, grp, kept_id, kept_key, article_date, start, end,
                trigger_start, trigger_end, actor_id, actor, actor_start, actor_end,
                mention_start, mention_end, kind, head, action, target, date_value, status
         FROM temp.track_rows WHERE grp = ?1 ORDER BY pos",
    )?;
    let rows = stmt.query_map([group], |r| {
        let kept = match (r.get::<_, Option<i64>>(3)?, r.get::<_, Option<String>>(4)?) {
            (Some(id), Some(key)) => Some((id, key)),
            _ => None,
        };
        Ok((
            r.get::<_, i64>(0)?,
            StagedDecision {
                article: ArticleId(r.get(1)?),
                group: r.get(2)?,
                kept,
                article_date: r.get(5)?,
                row: decision_row_at(r, 6, false)?,
            },
        ))
    })?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .map(|rows| rows.into_iter().unzip())
}

/// The stored decision rows of the articles with ids from `first` to `last`, by article, each
/// article's in the order they were written, with the date of the step naming each.
pub(super) fn stored_in(
    conn: &Connection,
    first: ArticleId,
    last: ArticleId,
) -> rusqlite::Result<HashMap<ArticleId, Vec<StoredDecision>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT d.start, d.end, d.trigger_start, d.trigger_end, {ROW_KEY}, d.actor_id,
                d.actor, d.actor_start, d.actor_end, d.mention_start, d.mention_end, d.kind,
                d.head, d.action, d.target, d.date_value, d.status, d.id, d.article_id,
                s.id, s.date_value
         FROM decisions d {BY_STEP}
         WHERE d.article_id BETWEEN ?1 AND ?2"
    ))?;
    let rows = stmt.query_map([first.0, last.0], |r| {
        let step: Option<i64> = r.get(19)?;
        Ok((
            ArticleId(r.get(18)?),
            StoredDecision {
                id: r.get(17)?,
                row: decision_row(r)?,
                step_date: match step {
                    Some(_) => Some(r.get(20)?),
                    None => None,
                },
            },
        ))
    })?;
    let mut by_article: HashMap<ArticleId, Vec<StoredDecision>> = HashMap::new();
    for row in rows {
        let (article, row) = row?;
        by_article.entry(article).or_default().push(row);
    }
    // each article's in id order, sorted here: SQLite sorted every row of the range for it
    for rows in by_article.values_mut() {
        rows.sort_by_key(|d| d.id);
    }
    Ok(by_article)
}

/// What [`rewrite_tracked`] rewrites: every decision (`All`: every row is staged), or the rows
/// of some articles and the tracked decisions of some groups (`Some`: the rows of the changed
/// articles are staged, and may be those of others, kept; a touched group's other rows are
/// read from the store).
pub enum Rewrite<'a> {
    All,
    Some {
        /// The articles whose stored rows go (their staged rows are written).
        articles: &'a [ArticleId],
        /// The tracking groups whose tracked decisions are made again.
        groups: &'a [String],
        /// The tracking group of a stored tracked decision, from its actor, kind and head.
        group_of: &'a dyn Fn(&str, DecisionKind, &str) -> String,
    },
}

/// Rewrites the decision rows and tracked decisions `what` names from the staged rows, one
/// tracking group at a time: `merge` tracks a group's rows (by article, each article's in its
/// order: the staged ones, and for `Rewrite::Some` the stored ones of the articles not staged)
/// and each step names its row by its position among them. Staged rows to write get the row
/// id `base + pos` (`base` 0 when everything is rewritten, else the largest stored id), so an
/// article's rows keep their order; kept rows whose key changed get the new key. `chunks` is
/// kept for the next run's tracking ([`TrackedChunks`]; `None` forgets the one kept).
pub(super) fn rewrite_tracked(
    conn: &Connection,
    what: &Rewrite<'_>,
    merge: &mut dyn FnMut(&[StagedDecision]) -> Vec<TrackedDecision>,
    chunks: Option<&TrackedChunks>,
) -> rusqlite::Result<()> {
    keep_tracked_chunks(conn, chunks)?;
    // the stored tracked decisions of each touched group, by row id
    let mut stored: HashMap<String, Vec<i64>> = HashMap::new();
    let (base, groups) = match what {
        Rewrite::All => {
            conn.execute("DELETE FROM decision_steps", [])?;
            conn.execute("DELETE FROM tracked_decisions", [])?;
            conn.execute("DELETE FROM decisions", [])?;
            let groups: Vec<String> = conn
                .prepare("SELECT DISTINCT grp FROM temp.track_rows ORDER BY grp")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            (0, groups)
        }
        Rewrite::Some {
            articles,
            groups,
            group_of,
        } => {
            let base: i64 =
                conn.query_row("SELECT coalesce(max(id), 0) FROM decisions", [], |r| {
                    r.get(0)
                })?;
            let touched: std::collections::HashSet<&str> =
                groups.iter().map(String::as_str).collect();
            {
                let mut stmt =
                    conn.prepare_cached("SELECT id, actor, kind, head FROM tracked_decisions")?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    let group = group_of(
                        r.get_ref(1)?.as_str()?,
                        kind(r, 2)?,
                        r.get_ref(3)?.as_str()?,
                    );
                    if touched.contains(group.as_str()) {
                        stored.entry(group).or_default().push(r.get(0)?);
                    }
                }
            }
            // their steps go with them, so their decisions will differ from what is stored
            let mut delete = conn.prepare_cached("DELETE FROM decisions WHERE article_id = ?1")?;
            for article in articles.iter() {
                delete.execute([article.0])?;
            }
            (base, groups.to_vec())
        }
    };
    let mut insert = conn.prepare_cached(
        "INSERT INTO decisions (id, article_id, start, end, decision_key, actor_id, actor, kind,
             action, target, date_value, status, head, trigger_start, trigger_end, actor_start,
             actor_end, mention_start, mention_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19)",
    )?;
    let mut insert_tracked = conn.prepare_cached(
        "INSERT INTO tracked_decisions (decision_key, actor, kind, head, action, target,
             date_value, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    // kept rows stay where they are, unless everything was deleted
    let keep = !matches!(what, Rewrite::All);
    let mut delete_tracked = conn.prepare_cached("DELETE FROM tracked_decisions WHERE id = ?1")?;
    let mut update_tracked = conn.prepare_cached(
        "UPDATE tracked_decisions SET decision_key = ?1, actor = ?2, kind = ?3, head = ?4,
             action = ?5, target = ?6, date_value = ?7, status = ?8
         WHERE id = ?9",
    )?;
    // the articles whose rows are staged: their stored rows, if any, are staged as kept
    let staged_articles: HashSet<i64> = if keep {
        conn.prepare("SELECT DISTINCT article_id FROM temp.track_rows")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    } else {
        HashSet::new()
    };
    for group in &groups {
        let (positions, staged) = staged_group(conn, group)?;
        // The decisions the store holds as they are now made are kept; the others go.
        let mut from_store: Vec<(i64, StagedDecision)> = Vec::new();
        let ids = stored.get(group).map_or(&[][..], Vec::as_slice);
        let was = stored_group(conn, ids, group, &staged_articles, &mut from_store)?;
        let (positions, rows) = in_tracking_order(from_store, positions, staged);
        let tracked = merge(&rows);
        let row_id = |i: usize| {
            let s = rows.get(i)?;
            match s.kept.as_ref() {
                Some((kept, _)) if keep => Some((*kept, s.article.0)),
                _ => positions.get(i).map(|pos| (base + pos, s.article.0)),
            }
        };
        let mut unchanged: HashSet<&str> = HashSet::new();
        for t in &tracked {
            if was
                .get(&t.key)
                .is_some_and(|(_, w)| *w == written(t, row_id))
            {
                unchanged.insert(&t.key);
            }
        }
        // A stored decision whose key stays is written over in place, touching only what
        // changed; one whose key goes is taken over by a new key's decision sharing rows with
        // it (a decision whose target or first date moved), or else deleted first, so that no
        // key is held twice.
        let keys: HashSet<&str> = tracked.iter().map(|t| t.key.as_str()).collect();
        let mut gone: Vec<(i64, &Written)> = was
            .iter()
            .filter(|(key, _)| !keys.contains(key.as_str()))
            .map(|(_, (id, w))| (*id, w))
            .collect();
        gone.sort_unstable_by_key(|(id, _)| *id);
        let new: Vec<(&str, Vec<i64>)> = tracked
            .iter()
            .filter(|t| !was.contains_key(&t.key))
            .map(|t| {
                let rows = t.steps.iter().filter_map(|s| row_id(s.decision));
                (t.key.as_str(), rows.map(|(row, _)| row).collect())
            })
            .collect();
        let renamed = take_over(&gone, &new);
        let taken: HashSet<i64> = renamed.values().map(|(id, _)| *id).collect();
        for (id, _) in gone.iter().filter(|(id, _)| !taken.contains(id)) {
            delete_tracked.execute([id])?;
        }
        for t in tracked
            .iter()
            .filter(|t| !unchanged.contains(t.key.as_str()))
        {
            // each step's new row is written; a kept row stays as it is, its key read through
            // its step (see `ROW_KEY`)
            for step in &t.steps {
                let (Some(pos), Some(s)) = (positions.get(step.decision), rows.get(step.decision))
                else {
                    continue;
                };
                if keep && s.kept.is_some() {
                    continue;
                }
                let d = &s.row;
                insert.execute(params![
                    base + pos,
                    s.article.0,
                    offset(d.sentence.start),
                    offset(d.sentence.end),
                    t.key,
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
            }
            let now = written(t, row_id);
            let (kind, status) = (t.kind.as_str(), t.status.as_str());
            let fields: [&dyn rusqlite::ToSql; 8] = [
                &t.key, &t.actor, &kind, &t.head, &t.action, &t.target, &t.date, &status,
            ];
            // the stored decision written over, and whether its own row changes
            let over = match was.get(&t.key) {
                Some((id, stored)) => Some((*id, stored, stored.decision != now.decision)),
                None => renamed
                    .get(t.key.as_str())
                    .map(|&(id, stored)| (id, stored, true)),
            };
            match over {
                Some((id, stored, changed)) => {
                    if changed {
                        let mut by_id = fields.to_vec();
                        by_id.push(&id);
                        update_tracked.execute(by_id.as_slice())?;
                    }
                    rewrite_steps(conn, id, &stored.steps, &now.steps)?;
                }
                None => {
                    let id = insert_tracked.insert(&fields[..])?;
                    rewrite_steps(conn, id, &[], &now.steps)?;
                }
            }
        }
    }
    conn.execute("DELETE FROM temp.track_rows", [])?;
    Ok(())
}

/// Which stored decision each new key's decision takes over, of the stored decisions whose
/// keys go (`gone`: their ids and what the store holds): the one holding most of its rows
/// (`new`: each new key with its steps' row ids), the new keys in their order taking the
/// stored decisions still free; a new key sharing no row with a free one takes none.
fn take_over<'w>(
    gone: &[(i64, &'w Written)],
    new: &[(&'w str, Vec<i64>)],
) -> HashMap<&'w str, (i64, &'w Written)> {
    let mut holder: HashMap<i64, usize> = HashMap::new();
    for (g, (_, written)) in gone.iter().enumerate() {
        for step in &written.steps {
            holder.insert(step.1, g);
        }
    }
    let mut free = vec![true; gone.len()];
    let mut taken = HashMap::new();
    for (key, rows) in new {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for row in rows {
            if let Some(&g) = holder.get(row)
                && free[g]
            {
                *shared.entry(g).or_default() += 1;
            }
        }
        // most rows shared, then the earliest stored (`gone` is in id order)
        let best = shared
            .into_iter()
            .max_by_key(|&(g, n)| (n, std::cmp::Reverse(g)));
        if let Some((g, _)) = best {
            free[g] = false;
            taken.insert(*key, gone[g]);
        }
    }
    taken
}

/// A step as the store holds it: its place in its decision (`seq`), its row id, article,
/// evidence start and end, date and status.
type StepRow = (i64, i64, i64, i64, i64, Option<String>, String);

/// How far apart [`rewrite_steps`] places the steps of a decision it numbers anew (`seq`):
/// a step that comes later between two takes a place between theirs, and no other step moves.
const SEQ_GAP: i64 = 1 << 10;

/// What the store holds of a tracked decision besides its key: actor, kind, head, action,
/// target, date and status, and its steps, in order.
struct Written {
    decision: [Option<String>; 7],
    steps: Vec<StepRow>,
}

/// Equal when the decisions and their steps, in order, are: a step's place (`seq`) only orders
/// them.
impl PartialEq for Written {
    fn eq(&self, other: &Written) -> bool {
        self.decision == other.decision
            && self.steps.len() == other.steps.len()
            && self
                .steps
                .iter()
                .zip(&other.steps)
                .all(|(a, b)| same_step(a, b))
    }
}

/// True when two steps have the same row, article, evidence, date and status, wherever they
/// are placed.
fn same_step(a: &StepRow, b: &StepRow) -> bool {
    (a.1, a.2, a.3, a.4, &a.5, &a.6) == (b.1, b.2, b.3, b.4, &b.5, &b.6)
}

/// [`Written`] of `t`, each step's row id and article given by `row_id` (of the step's
/// report); the steps' places are left to [`rewrite_steps`] (0 here).
fn written(t: &TrackedDecision, row_id: impl Fn(usize) -> Option<(i64, i64)>) -> Written {
    Written {
        decision: [
            Some(t.actor.clone()),
            Some(t.kind.as_str().to_string()),
            Some(t.head.clone()),
            Some(t.action.clone()),
            t.target.clone(),
            t.date.clone(),
            Some(t.status.as_str().to_string()),
        ],
        steps: t
            .steps
            .iter()
            .map(|s| {
                let (row, article) = row_id(s.decision).unwrap_or((-1, -1));
                (
                    0,
                    row,
                    article,
                    offset(s.evidence.start),
                    offset(s.evidence.end),
                    s.date.clone(),
                    s.status.as_str().to_string(),
                )
            })
            .collect(),
    }
}

/// Writes the steps of tracked decision `id` as `now` (in order; their `seq` is not read) over
/// the `stored` ones (in `seq` order), touching only the steps that differ: a stored step
/// whose row comes again with the same evidence, date and status keeps its row, and its place
/// while the stored order holds ([`places`]); the others go and the new ones are inserted in
/// the gaps between. A report added to a decision of thousands writes one step, rather than
/// moving every step after it.
fn rewrite_steps(
    conn: &Connection,
    id: i64,
    stored: &[StepRow],
    now: &[StepRow],
) -> rusqlite::Result<()> {
    let mut at: HashMap<i64, &StepRow> = stored.iter().map(|s| (s.1, s)).collect();
    let kept: Vec<Option<i64>> = now
        .iter()
        .map(|step| match at.get(&step.1) {
            Some(old) if same_step(old, step) => {
                let seq = old.0;
                at.remove(&step.1);
                Some(seq)
            }
            _ => None,
        })
        .collect();
    let seqs = places(&kept);
    let mut moves: Vec<(i64, i64)> = Vec::new();
    let mut inserts: Vec<(i64, &StepRow)> = Vec::new();
    for ((step, old), &seq) in now.iter().zip(&kept).zip(&seqs) {
        match old {
            Some(old) if *old != seq => moves.push((*old, seq)),
            Some(_) => {}
            None => inserts.push((seq, step)),
        }
    }
    // the stored steps left in `at` go
    let mut delete =
        conn.prepare_cached("DELETE FROM decision_steps WHERE tracked_id = ?1 AND seq = ?2")?;
    for step in at.values() {
        delete.execute([id, step.0])?;
    }
    let mut move_to = conn
        .prepare_cached("UPDATE decision_steps SET seq = ?3 WHERE tracked_id = ?1 AND seq = ?2")?;
    // moves all one way are made without two steps at one place (a place is taken by one
    // step at most, and emptied before): the highest first when they move up, the lowest
    // first when they move down
    if moves.iter().all(|(from, to)| to > from) {
        moves.sort_unstable_by_key(|&(_, to)| std::cmp::Reverse(to));
    } else if moves.iter().all(|(from, to)| to < from) {
        moves.sort_unstable_by_key(|&(_, to)| to);
    } else {
        // out of the way first (below every place), then in place
        for (from, to) in &mut moves {
            move_to.execute([id, *from, -1 - *to])?;
            *from = -1 - *to;
        }
    }
    for (from, to) in &moves {
        move_to.execute([id, *from, *to])?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO decision_steps (tracked_id, seq, decision_id, article_id, start, end,
             date_value, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (seq, s) in inserts {
        insert.execute(params![id, seq, s.1, s.2, s.3, s.4, s.5, s.6])?;
    }
    Ok(())
}

/// The places (`seq`, all above 0 and rising) of a decision's steps, given for each the place
/// it holds if it is a kept step (`kept`, in the steps' new order): kept steps keep theirs
/// while they rise (the first that would not is placed anew), and the others are spread over
/// the gaps between them, or [`SEQ_GAP`] apart after the last. When a gap is too small for the
/// steps it must take, every step is placed anew, `SEQ_GAP` apart.
fn places(kept: &[Option<i64>]) -> Vec<i64> {
    let anew = || (1..=kept.len()).map(|i| offset(i) * SEQ_GAP).collect();
    let mut anchors: Vec<Option<i64>> = Vec::with_capacity(kept.len());
    let mut last = 0;
    for seq in kept {
        anchors.push(seq.filter(|&s| s > last));
        if let Some(s) = anchors.last().copied().flatten() {
            last = s;
        }
    }
    let mut out = Vec::with_capacity(kept.len());
    let mut before = 0;
    let mut i = 0;
    while i < anchors.len() {
        if let Some(seq) = anchors[i] {
            out.push(seq);
            before = seq;
            i += 1;
            continue;
        }
        let end = (i..anchors.len())
            .find(|&k| anchors[k].is_some())
            .unwrap_or(anchors.len());
        let count = offset(end - i);
        match anchors.get(end).copied().flatten() {
            Some(next) => {
                let room = next - before;
                if room <= count {
                    return anew();
                }
                out.extend((1..=count).map(|m| before + room * m / (count + 1)));
            }
            None => out.extend((1..=count).map(|m| before + SEQ_GAP * m)),
        }
        before = out.last().copied().unwrap_or(before);
        i = end;
    }
    out
}

/// The stored tracked decisions `ids` (of tracking group `group`), by key, each with its id
/// and [`Written`]; and their steps' rows, but those of `staged` articles, added to `rows`,
/// each with its row id, as kept rows dated as their steps are (the tracker reads a report's
/// date as its step's date) and keyed as their decision is (a row holds its decision's key).
/// The steps are read first, then their rows in the order of their ids: scanning the range
/// of ids when the rows are most of it (the large groups), else looking each one up, never
/// joining the two tables row by row (a lookup per row, and SQLite's temporary tables).
fn stored_group(
    conn: &Connection,
    ids: &[i64],
    group: &str,
    staged: &HashSet<i64>,
    rows: &mut Vec<(i64, StagedDecision)>,
) -> rusqlite::Result<HashMap<String, (i64, Written)>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut tracked = conn.prepare_cached(
        "SELECT decision_key, actor, kind, head, action, target, date_value, status
         FROM tracked_decisions WHERE id = ?1",
    )?;
    let mut by_id: HashMap<i64, (String, Written)> = HashMap::with_capacity(ids.len());
    for &id in ids {
        let (key, decision) = tracked.query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                [
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ],
            ))
        })?;
        let steps = Vec::new();
        by_id.insert(id, (key, Written { decision, steps }));
    }
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let mut steps = conn.prepare_cached(
        "SELECT tracked_id, seq, decision_id, article_id, start, end, date_value, status
         FROM decision_steps WHERE tracked_id IN (SELECT value FROM json_each(?1))",
    )?;
    // the rows to read: row id, decision, article and the step's date
    let mut wanted: Vec<(i64, i64, i64, Option<String>)> = Vec::new();
    let mut read = steps.query([&list])?;
    while let Some(r) = read.next()? {
        let tracked: i64 = r.get(0)?;
        let Some((_, written)) = by_id.get_mut(&tracked) else {
            continue;
        };
        let (row_id, article): (i64, i64) = (r.get(2)?, r.get(3)?);
        let date: Option<String> = r.get(6)?;
        if !staged.contains(&article) {
            wanted.push((row_id, tracked, article, date.clone()));
        }
        written.steps.push((
            r.get(1)?,
            row_id,
            article,
            r.get(4)?,
            r.get(5)?,
            date,
            r.get(7)?,
        ));
    }
    wanted.sort_unstable_by_key(|w| w.0);
    if let (Some(first), Some(last)) = (wanted.first(), wanted.last()) {
        const COLUMNS: &str = "SELECT start, end, trigger_start, trigger_end, actor_id, actor,
            actor_start, actor_end, mention_start, mention_end, kind, head, action, target,
            date_value, status, id FROM decisions";
        let dense = (last.0 - first.0) / 4 < i64::try_from(wanted.len()).unwrap_or(i64::MAX);
        let mut stmt = if dense {
            conn.prepare_cached(&format!("{COLUMNS} WHERE id BETWEEN ?1 AND ?2 ORDER BY id"))?
        } else {
            conn.prepare_cached(&format!(
                "{COLUMNS} WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id"
            ))?
        };
        let mut read = if dense {
            stmt.query([first.0, last.0])?
        } else {
            let ids: Vec<i64> = wanted.iter().map(|w| w.0).collect();
            stmt.query([serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into())])?
        };
        // both in id order: each row read meets the steps naming it
        let mut next = wanted.into_iter().peekable();
        while let Some(r) = read.next()? {
            let id: i64 = r.get(16)?;
            while next.next_if(|w| w.0 < id).is_some() {}
            while let Some((row_id, tracked, article, date)) = next.next_if(|w| w.0 == id) {
                let key = by_id.get(&tracked).map(|(key, _)| key.clone());
                rows.push((
                    row_id,
                    StagedDecision {
                        article: ArticleId(article),
                        group: group.to_string(),
                        kept: Some((row_id, key.unwrap_or_default())),
                        article_date: date,
                        row: decision_row_at(r, 0, false)?,
                    },
                ));
            }
        }
    }
    Ok(by_id
        .into_iter()
        .map(|(id, (key, mut written))| {
            written.steps.sort_unstable_by_key(|step| step.0);
            (key, (id, written))
        })
        .collect())
}

/// A group's rows in the order staging gives them when every row is staged (by article, each
/// article's rows in their order): the stored ones (by row id) and the staged ones (by `pos`,
/// given in `positions`), with the `pos` of each (0 for a stored row, which is kept).
fn in_tracking_order(
    stored: Vec<(i64, StagedDecision)>,
    positions: Vec<i64>,
    staged: Vec<StagedDecision>,
) -> (Vec<i64>, Vec<StagedDecision>) {
    if stored.is_empty() {
        return (positions, staged);
    }
    // an article's rows are all stored or all staged, so (article, row id or pos) orders them
    let mut all: Vec<((i64, i64), i64, StagedDecision)> = stored
        .into_iter()
        .map(|(id, s)| ((s.article.0, id), 0, s))
        .chain(
            positions
                .into_iter()
                .zip(staged)
                .map(|(pos, s)| ((s.article.0, pos), pos, s)),
        )
        .collect();
    all.sort_by_key(|(order, ..)| *order);
    all.into_iter().map(|(_, pos, s)| (pos, s)).unzip()
}

/// The `meta` key under which [`rewrite_tracked`] keeps the [`TrackedChunks`] of its run.
pub(super) const TRACKED_CHUNKS: &str = "tracked_chunks";

/// What the decision rows of each chunk of articles (by first and last id) were made from at
/// the last run of the tracker: a digest of the chunk's links (actor rows and their names)
/// and its articles' inputs. A chunk whose digest is the same at the next run holds the same
/// decision rows, named alike, for each article dated by its own text.
pub type TrackedChunks = HashMap<(ArticleId, ArticleId), String>;

/// The [`TrackedChunks`] the last run of the tracker kept (none when it kept none).
pub(super) fn tracked_chunks(conn: &Connection) -> rusqlite::Result<TrackedChunks> {
    super::queries::chunk_digests(conn, TRACKED_CHUNKS)
}

/// Keeps `chunks` under [`TRACKED_CHUNKS`], or forgets what is kept there (`None`).
fn keep_tracked_chunks(conn: &Connection, chunks: Option<&TrackedChunks>) -> rusqlite::Result<()> {
    match chunks {
        Some(chunks) => super::queries::keep_chunk_digests(conn, TRACKED_CHUNKS, chunks),
        None => conn
            .execute("DELETE FROM meta WHERE key = ?1", [TRACKED_CHUNKS])
            .map(drop),
    }
}

impl Project {
    /// Empties the connection's staged decision rows (see [`Project::stage_decisions`]).
    pub fn clear_staged_decisions(&self) -> Result<(), StoreError> {
        clear_staged(&self.conn).map_err(self.error())
    }

    /// Stages decision rows for [`Project::rewrite_tracked`] in the connection's temporary
    /// table (never in the file), in one transaction of the temporary database.
    pub fn stage_decisions(&self, rows: &[StagedDecision]) -> Result<(), StoreError> {
        let stage_all = || -> rusqlite::Result<()> {
            let tx = self.conn.unchecked_transaction()?;
            stage(&tx, rows)?;
            tx.commit()
        };
        stage_all().map_err(self.error())
    }

    /// The stored decision rows of the articles with ids from `first` to `last`, by article,
    /// with the date of the step naming each.
    pub fn stored_decisions_in(
        &self,
        first: ArticleId,
        last: ArticleId,
    ) -> Result<HashMap<ArticleId, Vec<StoredDecision>>, StoreError> {
        stored_in(&self.conn, first, last).map_err(self.error())
    }

    /// The place (article, start, end) and machine actor row of every mention of the articles
    /// with ids from `first` to `last`.
    #[expect(
        clippy::type_complexity,
        reason = "a plain list of places and actors, read once"
    )]
    pub fn mention_actors_in(
        &self,
        first: ArticleId,
        last: ArticleId,
    ) -> Result<Vec<((ArticleId, usize, usize), Option<i64>)>, StoreError> {
        let read = || -> rusqlite::Result<Vec<_>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT article_id, start, end, actor_id FROM mentions
                 WHERE article_id BETWEEN ?1 AND ?2 ORDER BY article_id, start",
            )?;
            let rows = stmt.query_map([first.0, last.0], |r| {
                let at = range(r, 1)?;
                Ok(((ArticleId(r.get(0)?), at.start, at.end), r.get(3)?))
            })?;
            // the few of one start put in order of their end here, not by SQLite's sorter
            let mut rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
            rows.sort_by_key(|(at, _)| *at);
            Ok(rows)
        };
        read().map_err(self.error())
    }

    /// Rewrites, in one transaction, the decision rows and tracked decisions `what` names
    /// from the staged rows, one tracking group at a time (see [`rewrite_tracked`]); the
    /// analyst's decision edits are untouched.
    pub fn rewrite_tracked(
        &mut self,
        what: &Rewrite<'_>,
        merge: &mut dyn FnMut(&[StagedDecision]) -> Vec<TrackedDecision>,
        chunks: Option<&TrackedChunks>,
    ) -> Result<(), StoreError> {
        self.write(|tx| rewrite_tracked(tx, what, merge, chunks))
    }

    /// What the last run of the tracker kept of the chunks it tracked (see
    /// [`Project::rewrite_tracked`]).
    pub fn tracked_chunks(&self) -> Result<TrackedChunks, StoreError> {
        tracked_chunks(&self.conn).map_err(self.error())
    }

    /// The inputs digest of the summary of each article with an id from `first` to `last`, and
    /// whether its own text or metadata dated it, in id order.
    pub fn summary_inputs_in(
        &self,
        first: ArticleId,
        last: ArticleId,
    ) -> Result<Vec<(ArticleId, String, bool)>, StoreError> {
        let read = || -> rusqlite::Result<Vec<_>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT article_id, inputs, dated FROM article_summaries
                 WHERE article_id BETWEEN ?1 AND ?2 ORDER BY article_id",
            )?;
            let rows = stmt.query_map([first.0, last.0], |r| {
                Ok((ArticleId(r.get(0)?), r.get(1)?, r.get(2)?))
            })?;
            rows.collect()
        };
        read().map_err(self.error())
    }

    /// How many decision rows the store holds.
    pub fn decision_row_count(&self) -> Result<usize, StoreError> {
        let count = || -> rusqlite::Result<i64> {
            self.conn
                .query_row("SELECT count(*) FROM decisions", [], |r| r.get(0))
        };
        count()
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(self.error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DecisionKind, DecisionStatus, Step};

    fn row(start: usize, actor: &str) -> DecisionRow {
        DecisionRow {
            sentence: start..start + 5,
            trigger: start..start + 2,
            key: String::new(),
            actor_id: None,
            actor: actor.into(),
            actor_range: None,
            mention: None,
            kind: DecisionKind::Sanction,
            head: "sanctions".into(),
            action: "imposed".into(),
            target: None,
            date: None,
            status: DecisionStatus::Announced,
        }
    }

    /// One tracked decision per staged row, keyed by its actor and position.
    fn one_each(rows: &[StagedDecision]) -> Vec<TrackedDecision> {
        rows.iter()
            .enumerate()
            .map(|(i, s)| TrackedDecision {
                key: format!("{}|{}|{i}", s.row.actor, s.row.sentence.start),
                actor: s.row.actor.clone(),
                kind: s.row.kind,
                head: s.row.head.clone(),
                action: s.row.action.clone(),
                target: None,
                date: None,
                status: s.row.status,
                steps: vec![Step {
                    decision: i,
                    article: 0,
                    outlet: None,
                    date: None,
                    status: s.row.status,
                    evidence: s.row.sentence.clone(),
                }],
            })
            .collect()
    }

    /// A new project in `dir` with two articles.
    fn two_articles(dir: &std::path::Path) -> (Project, ArticleId, ArticleId) {
        super::super::tests::two_articles(dir, &"x".repeat(100), &"y".repeat(90))
    }

    /// A decision's steps written over its stored ones end up as asked, whether the steps
    /// kept move up (a report added before them), down (one taken away) or both ways, with
    /// steps deleted and inserted besides.
    #[test]
    fn steps_written_over_stored_ones_end_up_as_asked() {
        let dir = tempfile::tempdir().expect("dir");
        let (project, a, _) = two_articles(dir.path());
        let conn = &project.conn;
        for id in 1..=8 {
            conn.execute(
                "INSERT INTO decisions (id, article_id, start, end, decision_key, actor, kind,
                     action, status, head, trigger_start, trigger_end)
                 VALUES (?1, ?2, ?1, ?1, 'k', 'Bloc', 'sanction', 'imposed', 'announced',
                     'sanctions', ?1, ?1)",
                params![id, a.0],
            )
            .expect("row");
        }
        conn.execute(
            "INSERT INTO tracked_decisions (id, decision_key, actor, kind, head, action, status)
             VALUES (1, 'k', 'Bloc', 'sanction', 'sanctions', 'imposed', 'announced')",
            [],
        )
        .expect("tracked");
        let steps = |rows: &[i64]| -> Vec<StepRow> {
            rows.iter()
                .enumerate()
                .map(|(seq, &row)| {
                    let status = if row == 3 { "held" } else { "announced" };
                    (offset(seq), row, a.0, row, row, None, status.to_string())
                })
                .collect()
        };
        let stored = || -> Vec<StepRow> {
            conn.prepare(
                "SELECT seq, decision_id, article_id, start, end, date_value, status
                 FROM decision_steps WHERE tracked_id = 1 ORDER BY seq",
            )
            .expect("prepare")
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("steps")
        };
        // the steps as stored, their places rising, but for the places themselves
        let without_places = |rows: Vec<StepRow>| -> Vec<StepRow> {
            assert!(rows.windows(2).all(|w| w[0].0 < w[1].0), "{rows:?}");
            rows.into_iter()
                .map(|s| (0, s.1, s.2, s.3, s.4, s.5, s.6))
                .collect()
        };
        let asked = |rows: &[StepRow]| without_places(rows.to_vec());
        rewrite_steps(conn, 1, &[], &steps(&[1, 2, 3, 4])).expect("first");
        assert_eq!(without_places(stored()), asked(&steps(&[1, 2, 3, 4])));
        for now in [
            vec![5, 1, 2, 3, 4],    // one added first: the others move up
            vec![1, 2, 3, 4],       // and taken away: they move down
            vec![4, 1, 6, 2, 7, 8], // both ways, 3 goes, three come
            vec![8, 7, 6, 4, 2, 1], // reversed
            vec![2],
            vec![],
            vec![3, 1],
        ] {
            rewrite_steps(conn, 1, &stored(), &steps(&now)).expect("rewrite");
            assert_eq!(without_places(stored()), asked(&steps(&now)), "{now:?}");
        }
        // a kept row whose step changed (its status) is written again
        let mut changed = steps(&[3, 1]);
        changed[0].6 = "lifted".into();
        rewrite_steps(conn, 1, &stored(), &changed).expect("rewrite");
        assert_eq!(without_places(stored()), asked(&changed));

        // a step added between two of many: only it is written, the others keep their places
        rewrite_steps(conn, 1, &stored(), &steps(&[1, 2, 4, 5, 6, 7])).expect("six");
        let before = stored();
        let changes = conn.total_changes();
        rewrite_steps(conn, 1, &before, &steps(&[1, 2, 4, 8, 5, 6, 7])).expect("one more");
        assert_eq!(conn.total_changes() - changes, 1, "one step written");
        let after = stored();
        assert_eq!(
            without_places(after.clone()),
            asked(&steps(&[1, 2, 4, 8, 5, 6, 7]))
        );
        let kept_places = |rows: &[StepRow]| -> Vec<(i64, i64)> {
            rows.iter()
                .filter(|s| s.1 != 8)
                .map(|s| (s.1, s.0))
                .collect()
        };
        assert_eq!(kept_places(&after), kept_places(&before));
    }

    /// Kept steps keep their places while they rise; new ones go in the gaps (spread) or after
    /// the last, [`SEQ_GAP`] apart; a gap too small, or none kept, places every step anew.
    #[test]
    fn places_keep_rising_kept_steps_and_fill_the_gaps() {
        let g = SEQ_GAP;
        assert_eq!(places(&[None, None, None]), vec![g, 2 * g, 3 * g]);
        assert_eq!(places(&[]), Vec::<i64>::new());
        // one between 1024 and 2048, one after the last
        assert_eq!(
            places(&[Some(g), None, Some(2 * g), None]),
            vec![g, g + g / 2, 2 * g, 3 * g]
        );
        // three before the first kept: spread over 1..1024
        assert_eq!(
            places(&[None, None, None, Some(g)]),
            vec![g / 4, g / 2, 3 * g / 4, g]
        );
        // a kept step out of order is placed anew among the others
        assert_eq!(
            places(&[Some(2 * g), Some(g), Some(3 * g)]),
            vec![2 * g, 2 * g + g / 2, 3 * g]
        );
        // no room between 5 and 6: every step anew
        assert_eq!(places(&[Some(5), None, Some(6)]), vec![g, 2 * g, 3 * g]);
        // the places always rise
        let kept = [
            Some(7),
            None,
            None,
            Some(9),
            None,
            Some(3),
            Some(4000),
            None,
        ];
        let seqs = places(&kept);
        assert!(
            seqs.windows(2).all(|w| w[0] < w[1]) && seqs[0] > 0,
            "{seqs:?}"
        );
    }

    /// A decision whose key moves (a report added changed its target or first date) is
    /// written over in place: it keeps its row and the steps whose rows stay, the kept rows
    /// get its new key, and the project reads as one rewritten from scratch; a stored
    /// decision that shares no row with a new one goes.
    #[test]
    fn a_decision_whose_key_moves_is_written_over_in_place() {
        let dir = tempfile::tempdir().expect("dir");
        let (mut project, a, b) = two_articles(dir.path());
        let staged = |article, start, kept: Option<(i64, String)>| StagedDecision {
            article,
            group: "bloc".into(),
            kept,
            article_date: None,
            row: row(start, "Bloc"),
        };
        // another group's decision, never touched, written last (the highest ids)
        let junta = |article| StagedDecision {
            group: "junta".into(),
            row: row(70, "Junta"),
            ..staged(article, 70, None)
        };
        // the rows tracked as decisions keyed `keys[k]`, each of the rows `of[k]`
        let tracked = |keys: &[&str], of: &[&[usize]], rows: &[StagedDecision]| {
            keys.iter()
                .zip(of)
                .map(|(key, members)| {
                    let mut t = one_each(rows).swap_remove(members[0]);
                    t.key = key.to_string();
                    t.steps = members
                        .iter()
                        .map(|&m| Step {
                            decision: m,
                            ..one_each(rows)[m].steps[0].clone()
                        })
                        .collect();
                    t
                })
                .collect::<Vec<_>>()
        };
        let ids = |project: &Project, sql: &str| -> Vec<i64> {
            let mut stmt = project.conn.prepare(sql).expect("sql");
            let rows = stmt.query_map([], |r| r.get(0)).expect("query");
            rows.collect::<rusqlite::Result<_>>().expect("ids")
        };
        // `rows` tracked from scratch: the bloc's as decisions `keys` of rows `of`, the
        // junta's as one
        let from_scratch =
            |project: &mut Project, rows: &[StagedDecision], keys: &[&str], of: &[&[usize]]| {
                project.clear_staged_decisions().expect("clear");
                project.stage_decisions(rows).expect("stage");
                let mut merge = |rows: &[StagedDecision]| match rows[0].group.as_str() {
                    "bloc" => tracked(keys, of, rows),
                    _ => tracked(&["Junta|1"], &[&[0]], rows),
                };
                project
                    .rewrite_tracked(&Rewrite::All, &mut merge, None)
                    .expect("rewrite");
            };
        let rows = [
            staged(a, 0, None),
            staged(a, 10, None),
            staged(b, 50, None),
            junta(a),
        ];
        from_scratch(
            &mut project,
            &rows,
            &["Bloc|1", "Bloc|gone"],
            &[&[0, 1], &[2]],
        );
        let first = ids(
            &project,
            "SELECT id FROM tracked_decisions WHERE decision_key IN ('Bloc|1', 'Junta|1') ORDER BY id",
        );
        let steps = ids(&project, "SELECT id FROM decision_steps ORDER BY id");

        // b is analysed again with a report that joins a's decision and moves its key
        project.clear_staged_decisions().expect("clear");
        project
            .stage_decisions(&[staged(b, 30, None)])
            .expect("stage b");
        let group_of = |actor: &str, _: DecisionKind, _: &str| actor.to_lowercase();
        let touched = ["bloc".to_string()];
        let b_again = Rewrite::Some {
            articles: &[b],
            groups: &touched,
            group_of: &group_of,
        };
        let mut merge = |rows: &[StagedDecision]| tracked(&["Bloc|2"], &[&[0, 1, 2]], rows);
        project
            .rewrite_tracked(&b_again, &mut merge, None)
            .expect("rewrite again");
        assert_eq!(
            ids(&project, "SELECT id FROM tracked_decisions ORDER BY id"),
            first,
            "the decision kept its row; the one sharing no row went"
        );
        let now = ids(&project, "SELECT id FROM decision_steps ORDER BY id");
        assert_eq!(now[..2], steps[..2], "a's steps kept theirs");
        assert_eq!(now.len(), 4);
        let keys: Vec<String> = project
            .decisions(a)
            .expect("a")
            .into_iter()
            .map(|d| d.key)
            .collect();
        assert_eq!(keys, ["Bloc|2", "Bloc|2", "Junta|1"]);
        let written_under: Vec<String> = project
            .conn
            .prepare("SELECT decision_key FROM decisions WHERE article_id = ?1 ORDER BY start")
            .expect("sql")
            .query_map([a.0], |r| r.get(0))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("keys");
        assert_eq!(
            written_under,
            ["Bloc|1", "Bloc|1", "Junta|1"],
            "a's kept rows were not written again: their key is read through their steps"
        );

        // as a project that tracks the same rows from scratch
        let again = tempfile::tempdir().expect("dir");
        let (mut fresh, fa, fb) = two_articles(again.path());
        let rows = [
            staged(fa, 0, None),
            staged(fa, 10, None),
            staged(fb, 30, None),
            junta(fa),
        ];
        from_scratch(&mut fresh, &rows, &["Bloc|2"], &[&[0, 1, 2]]);
        let without_ids = |p: &Project| {
            let mut t = p.tracked_decisions().expect("tracked");
            for t in &mut t {
                t.id = 0;
            }
            t
        };
        assert_eq!(without_ids(&project), without_ids(&fresh));
    }

    /// The tracker is handed the staged rows one group at a time (never every row at once),
    /// and a partial rewrite hands it only the touched groups, keeps the other groups'
    /// tracked decisions as stored, and gives the changed article's rows their keys.
    #[test]
    fn the_tracker_gets_one_group_at_a_time_and_only_the_touched_ones() {
        let dir = tempfile::tempdir().expect("dir");
        let (mut project, a, b) = two_articles(dir.path());
        let staged = |article, start, actor: &str, kept: Option<(i64, String)>| StagedDecision {
            article,
            group: actor.to_lowercase(),
            kept,
            article_date: None,
            row: row(start, actor),
        };
        project.clear_staged_decisions().expect("clear");
        project
            .stage_decisions(&[
                staged(a, 0, "Bloc", None),
                staged(a, 10, "Junta", None),
                staged(a, 20, "Bloc", None),
            ])
            .expect("stage a");
        project
            .stage_decisions(&[staged(b, 0, "Junta", None)])
            .expect("stage b");
        let mut handed: Vec<Vec<String>> = Vec::new();
        let mut merge = |rows: &[StagedDecision]| {
            handed.push(rows.iter().map(|r| r.group.clone()).collect());
            one_each(rows)
        };
        project
            .rewrite_tracked(&Rewrite::All, &mut merge, None)
            .expect("rewrite");
        assert_eq!(handed, [vec!["bloc"; 2], vec!["junta"; 2]]);
        let before = project.tracked_decisions().expect("tracked");
        assert_eq!(before.len(), 4);
        assert_eq!(
            project.decisions(a).expect("rows")[1].key,
            "Junta|10|0",
            "each row has its decision's key"
        );

        // b's report changed status: only the junta's group is tracked again
        let stored = project.stored_decisions_in(a, b).expect("stored");
        let kept = |i: usize| {
            let s = &stored[&a][i];
            Some((s.id, s.row.key.clone()))
        };
        let mut ordered = staged(b, 0, "Junta", None);
        ordered.row.status = DecisionStatus::Ordered;
        project.clear_staged_decisions().expect("clear");
        project
            .stage_decisions(&[
                staged(a, 0, "Bloc", kept(0)),
                staged(a, 10, "Junta", kept(1)),
                staged(a, 20, "Bloc", kept(2)),
                ordered,
            ])
            .expect("stage");
        handed.clear();
        let mut merge = |rows: &[StagedDecision]| {
            handed.push(rows.iter().map(|r| r.group.clone()).collect());
            one_each(rows)
        };
        let group_of = |actor: &str, _: DecisionKind, _: &str| actor.to_lowercase();
        let touched = ["junta".to_string()];
        let junta_of_b = Rewrite::Some {
            articles: &[b],
            groups: &touched,
            group_of: &group_of,
        };
        project
            .rewrite_tracked(&junta_of_b, &mut merge, None)
            .expect("rewrite");
        assert_eq!(handed, [vec!["junta"; 2]]);
        let after = project.tracked_decisions().expect("tracked");
        let of = |t: &[TrackedDecisionRow], actor: &str| -> Vec<TrackedDecisionRow> {
            t.iter().filter(|t| t.actor == actor).cloned().collect()
        };
        // the bloc's decisions as stored, row ids and all; of the junta's, the one b's report
        // changed is written again, the other one kept as stored
        assert_eq!(of(&after, "Bloc"), of(&before, "Bloc"));
        let junta = of(&after, "Junta");
        assert_eq!(junta.len(), 2);
        let kept: Vec<&str> = junta
            .iter()
            .filter(|t| before.contains(t))
            .map(|t| t.key.as_str())
            .collect();
        assert_eq!(kept, ["Junta|10|0"]);
        let b_step = junta
            .iter()
            .find(|t| t.key == "Junta|0|1")
            .map(|t| t.steps[0].status);
        assert_eq!(b_step, Some(DecisionStatus::Ordered));
        assert_eq!(project.decisions(b).expect("rows")[0].key, "Junta|0|1");
        assert_eq!(project.decisions(a).expect("rows")[1].key, "Junta|10|0");

        // b's report changes back, and only b's row is staged: the tracker gets the junta's
        // other row from the store, in its place (a's before b's), and a's rows stay as stored
        project.clear_staged_decisions().expect("clear");
        project
            .stage_decisions(&[staged(b, 0, "Junta", None)])
            .expect("stage");
        handed.clear();
        let mut merge = |rows: &[StagedDecision]| {
            handed.push(rows.iter().map(|r| format!("{}", r.article.0)).collect());
            one_each(rows)
        };
        project
            .rewrite_tracked(&junta_of_b, &mut merge, None)
            .expect("rewrite");
        assert_eq!(handed, [vec![a.0.to_string(), b.0.to_string()]]);
        let again = project.tracked_decisions().expect("tracked");
        assert_eq!(of(&again, "Bloc"), of(&before, "Bloc"));
        let junta_again = of(&again, "Junta");
        assert_eq!(junta_again.len(), 2);
        assert!(
            junta_again
                .iter()
                .any(|t| junta.contains(t) && t.key == "Junta|10|0")
        );
        let b_step = junta_again
            .iter()
            .find(|t| t.key == "Junta|0|1")
            .map(|t| t.steps[0].status);
        assert_eq!(b_step, Some(DecisionStatus::Announced));
        assert_eq!(project.decisions(a).expect("rows").len(), 3);
        assert_eq!(project.decisions(b).expect("rows")[0].key, "Junta|0|1");
    }
}
