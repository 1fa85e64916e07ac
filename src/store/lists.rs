//! Sanctions lists in the project file: imported snapshots, the hits of the latest screening,
//! and the analyst's verdict on each hit (kept across screenings and snapshots).

use super::{Project, StoreError, now_rfc3339};
use crate::sanctions::{Entry, SanctionsList, name_key};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// A stored list snapshot, without its entries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListInfo {
    pub id: i64,
    pub name: String,
    pub format: String,
    pub date: Option<String>,
    pub imported_at: String,
    pub entries: usize,
}

/// A stored screening hit, with the analyst's verdict if any.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredHit {
    pub list_id: i64,
    pub list_name: String,
    pub entry_index: usize,
    /// The entry's stable key: its reference, else its folded name.
    pub entry_key: String,
    /// The registry name of the actor.
    pub actor: String,
    /// The actor's name or alias that matched.
    pub screened: String,
    pub matched_name: String,
    pub score: f32,
    pub reason: String,
    pub verdict: Option<Verdict>,
}

impl StoredHit {
    /// True unless the analyst dismissed the hit.
    pub fn stands(&self) -> bool {
        self.verdict != Some(Verdict::Dismissed)
    }
}

/// The actors with a hit the analyst has not dismissed: those flagged as on a list.
pub fn listed_actors(hits: &[StoredHit]) -> std::collections::HashSet<&str> {
    hits.iter()
        .filter(|h| h.stands())
        .map(|h| h.actor.as_str())
        .collect()
}

/// The analyst's judgement of a hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Confirmed,
    Dismissed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Dismissed => "dismissed",
        }
    }
}

/// A hit as a screening run produces it, before it is stored.
pub struct NewHit<'a> {
    pub list_id: i64,
    pub entry_index: usize,
    pub entry: &'a Entry,
    pub actor: &'a str,
    pub screened: &'a str,
    pub matched_name: &'a str,
    pub score: f32,
    pub reason: &'a str,
}

/// The key a verdict on `entry` is stored under.
pub fn entry_key(entry: &Entry) -> String {
    if entry.reference.trim().is_empty() {
        name_key(&entry.name)
    } else {
        entry.reference.trim().to_string()
    }
}

impl Project {
    /// Stores an imported list snapshot; returns its id.
    pub fn add_sanctions_list(
        &mut self,
        list: &SanctionsList,
        files: &[String],
    ) -> Result<i64, StoreError> {
        let entries = serde_json::to_string(&list.entries).unwrap_or_else(|_| "[]".into());
        let files = serde_json::to_string(files).unwrap_or_else(|_| "[]".into());
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sanctions_lists (name, format, list_date, files, imported_at, entries)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    list.name,
                    list.format.label(),
                    list.date,
                    files,
                    now_rfc3339(),
                    entries
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Removes a list snapshot and its hits (verdicts stay: they are the analyst's).
    pub fn remove_sanctions_list(&mut self, id: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM sanctions_lists WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Every stored list snapshot, by name then date.
    pub fn sanctions_lists(&self) -> Result<Vec<ListInfo>, StoreError> {
        let read = || -> rusqlite::Result<Vec<ListInfo>> {
            let mut stmt = self.conn.prepare(
                "SELECT id, name, format, list_date, imported_at, json_array_length(entries)
                 FROM sanctions_lists ORDER BY name, list_date, id",
            )?;
            stmt.query_map([], |r| {
                Ok(ListInfo {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    format: r.get(2)?,
                    date: r.get(3)?,
                    imported_at: r.get(4)?,
                    entries: r.get::<_, i64>(5)?.max(0) as usize,
                })
            })?
            .collect()
        };
        read().map_err(StoreError::sqlite(&self.path))
    }

    /// The entries of one stored list; `None` when there is no such list.
    pub fn sanctions_entries(&self, id: i64) -> Result<Option<Vec<Entry>>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT entries FROM sanctions_lists WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(StoreError::sqlite(&self.path))?;
        Ok(json.map(|j| serde_json::from_str(&j).unwrap_or_default()))
    }

    /// Replaces every screening hit with `hits`.
    pub fn replace_screening_hits(&mut self, hits: &[NewHit<'_>]) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM screening_hits", [])?;
            let mut insert = tx.prepare(
                "INSERT INTO screening_hits (list_id, entry_index, entry_key, actor, screened,
                 matched_name, score, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for h in hits {
                insert.execute(params![
                    h.list_id,
                    h.entry_index as i64,
                    entry_key(h.entry),
                    h.actor,
                    h.screened,
                    h.matched_name,
                    f64::from(h.score),
                    h.reason
                ])?;
            }
            Ok(())
        })
    }

    /// Every stored hit with its verdict, strongest first.
    pub fn screening_hits(&self) -> Result<Vec<StoredHit>, StoreError> {
        let read = || -> rusqlite::Result<Vec<StoredHit>> {
            let mut stmt = self.conn.prepare(
                "SELECT h.list_id, l.name, h.entry_index, h.entry_key, h.actor, h.screened,
                        h.matched_name, h.score, h.reason, v.verdict
                 FROM screening_hits h JOIN sanctions_lists l ON l.id = h.list_id
                 LEFT JOIN screening_verdicts v
                   ON v.actor = h.actor AND v.list_name = l.name AND v.entry_key = h.entry_key
                 ORDER BY h.score DESC, h.actor, h.id",
            )?;
            stmt.query_map([], |r| {
                Ok(StoredHit {
                    list_id: r.get(0)?,
                    list_name: r.get(1)?,
                    entry_index: r.get::<_, i64>(2)?.max(0) as usize,
                    entry_key: r.get(3)?,
                    actor: r.get(4)?,
                    screened: r.get(5)?,
                    matched_name: r.get(6)?,
                    score: r.get::<_, f64>(7)? as f32,
                    reason: r.get(8)?,
                    verdict: match r.get::<_, Option<String>>(9)?.as_deref() {
                        Some("confirmed") => Some(Verdict::Confirmed),
                        Some("dismissed") => Some(Verdict::Dismissed),
                        _ => None,
                    },
                })
            })?
            .collect()
        };
        read().map_err(StoreError::sqlite(&self.path))
    }

    /// Records the analyst's verdict on a hit, or with `None` clears it.
    pub fn set_screening_verdict(
        &mut self,
        actor: &str,
        list_name: &str,
        entry_key: &str,
        verdict: Option<Verdict>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let previous = super::undo::verdict(tx, actor, list_name, entry_key)?;
            let label = match verdict {
                Some(v) => format!("{} the hit on {actor}", v.as_str()),
                None => format!("clear the verdict on {actor}"),
            };
            super::undo::record(
                tx,
                &label,
                &super::undo::Step::Verdict {
                    actor: actor.to_string(),
                    list_name: list_name.to_string(),
                    entry_key: entry_key.to_string(),
                    previous,
                },
                &now_rfc3339(),
            )?;
            match verdict {
                Some(v) => tx.execute(
                    "INSERT INTO screening_verdicts (actor, list_name, entry_key, verdict, set_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (actor, list_name, entry_key)
                     DO UPDATE SET verdict = excluded.verdict, set_at = excluded.set_at",
                    params![actor, list_name, entry_key, v.as_str(), now_rfc3339()],
                )?,
                None => tx.execute(
                    "DELETE FROM screening_verdicts
                     WHERE actor = ?1 AND list_name = ?2 AND entry_key = ?3",
                    params![actor, list_name, entry_key],
                )?,
            };
            Ok(())
        })
    }
}
