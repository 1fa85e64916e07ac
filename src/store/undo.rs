//! The analyst's undo history. Every analyst edit (actor corrections, story edits, quote fixes,
//! time-expression values, article dates, decision tracking, verdicts on sanctions hits)
//! records, in the transaction that makes it, a [`Step`] saying how to take it back and a label
//! saying what it was. **Edit ▸ Undo** takes the newest step back, in one transaction, whatever
//! kind of edit it was. The history lives in the project file, so it survives a restart.

use super::decisions;
use super::lists::{self, Carried};
use crate::model::{ArticleId, DecisionEdit};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// How to take one analyst edit back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum Step {
    /// Remove the actor edit appended as `seq`, and give back the screening hits and verdicts
    /// it carried to another actor.
    ActorEdit {
        seq: i64,
        #[serde(default, skip_serializing_if = "Carried::is_empty")]
        carried: Carried,
    },
    /// Remove the story edit appended as `seq`.
    StoryEdit { seq: i64 },
    /// Put back the span correction (`action`, `payload`) a layer had at a span, or none.
    SpanCorrection {
        article: i64,
        start: i64,
        end: i64,
        layer: String,
        previous: Option<(String, String)>,
    },
    /// Put back an article's date correction, or none.
    ArticleDate {
        article: i64,
        previous: Option<String>,
    },
    /// Put back the analyst's tracking of a decision, or none.
    DecisionEdit {
        key: String,
        previous: Option<DecisionEdit>,
    },
    /// Put back the verdict on a screening hit, or none.
    Verdict {
        actor: String,
        list_name: String,
        entry_key: String,
        previous: Option<String>,
    },
}

/// Appends `step` with its `label` to the history.
pub(super) fn record(
    conn: &Connection,
    label: &str,
    step: &Step,
    now: &str,
) -> rusqlite::Result<()> {
    let json = serde_json::to_string(step)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
    conn.prepare_cached("INSERT INTO undo_log (label, step, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![label, json, now])?;
    Ok(())
}

/// The label of the edit Undo would take back, if any.
pub(super) fn next_label(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT label FROM undo_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()
}

/// What Undo took back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undone {
    /// The edit, as the Edit menu named it.
    pub label: String,
    /// The edit changed what the passes read (an article's date, a time expression's value):
    /// the analysis must run again for the results to follow.
    pub reanalyse: bool,
}

/// Takes the newest edit back and drops it from the history; `None` when there is nothing to
/// undo. A step this build cannot read is dropped with its label.
pub(super) fn undo(conn: &Connection) -> rusqlite::Result<Option<Undone>> {
    let last: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT id, label, step FROM undo_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, label, json)) = last else {
        return Ok(None);
    };
    conn.execute("DELETE FROM undo_log WHERE id = ?1", [id])?;
    let mut reanalyse = false;
    if let Ok(step) = serde_json::from_str::<Step>(&json) {
        reanalyse = matches!(
            &step,
            Step::ArticleDate { .. } | Step::SpanCorrection { layer: _, .. }
                if !matches!(&step, Step::SpanCorrection { layer, .. } if layer == "quote")
        );
        apply(conn, &step)?;
    }
    Ok(Some(Undone { label, reanalyse }))
}

/// Carries out one step.
fn apply(conn: &Connection, step: &Step) -> rusqlite::Result<()> {
    match step {
        Step::ActorEdit { seq, carried } => {
            conn.execute("DELETE FROM actor_edits WHERE seq = ?1", [seq])?;
            lists::give_back(conn, carried)?;
        }
        Step::StoryEdit { seq } => {
            conn.execute("DELETE FROM story_edits WHERE seq = ?1", [seq])?;
        }
        Step::SpanCorrection {
            article,
            start,
            end,
            layer,
            previous,
        } => {
            conn.execute(
                "DELETE FROM span_corrections
                 WHERE article_id = ?1 AND start = ?2 AND end = ?3 AND layer = ?4",
                params![article, start, end, layer],
            )?;
            if let Some((action, payload)) = previous {
                conn.execute(
                    "INSERT INTO span_corrections
                         (article_id, start, end, layer, action, payload, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        article,
                        start,
                        end,
                        layer,
                        action,
                        payload,
                        super::now_rfc3339()
                    ],
                )?;
            }
        }
        Step::ArticleDate { article, previous } => {
            conn.execute(
                "DELETE FROM date_corrections WHERE article_id = ?1",
                [article],
            )?;
            if let Some(date) = previous {
                conn.execute(
                    "INSERT INTO date_corrections (article_id, date, set_at) VALUES (?1, ?2, ?3)",
                    params![article, date, super::now_rfc3339()],
                )?;
            }
        }
        Step::DecisionEdit { key, previous } => match previous {
            Some(edit) => decisions::set_decision_edit(conn, key, edit, &super::now_rfc3339())?,
            None => {
                decisions::clear_decision_edit(conn, key)?;
            }
        },
        Step::Verdict {
            actor,
            list_name,
            entry_key,
            previous,
        } => {
            lists::delete_verdict(conn, actor, list_name, entry_key)?;
            if let Some(verdict) = previous {
                let now = super::now_rfc3339();
                lists::put_verdict(conn, actor, list_name, entry_key, verdict, &now)?;
            }
        }
    }
    Ok(())
}

/// The span correction a layer has at a span now: (action, payload).
pub(super) fn span_correction(
    conn: &Connection,
    article: ArticleId,
    start: i64,
    end: i64,
    layer: &str,
) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT action, payload FROM span_corrections
         WHERE article_id = ?1 AND start = ?2 AND end = ?3 AND layer = ?4
         ORDER BY id DESC LIMIT 1",
    )?
    .query_row(params![article.0, start, end, layer], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
}

/// The date correction of an article now.
pub(super) fn article_date(
    conn: &Connection,
    article: ArticleId,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT date FROM date_corrections WHERE article_id = ?1")?
        .query_row([article.0], |r| r.get(0))
        .optional()
}

/// The verdict on a screening hit now.
pub(super) fn verdict(
    conn: &Connection,
    actor: &str,
    list_name: &str,
    entry_key: &str,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT verdict FROM screening_verdicts
         WHERE actor = ?1 AND list_name = ?2 AND entry_key = ?3",
    )?
    .query_row(params![actor, list_name, entry_key], |r| r.get(0))
    .optional()
}
