//! Sanctions lists in the project file: imported snapshots with the row problems of their
//! import, the hits of the latest screening, and the analyst's verdict on each hit (kept
//! across screenings and snapshots).

use super::{Project, StoreError, now_rfc3339};
use crate::actors::Edit;
use crate::sanctions::{Entry, RowProblem, SanctionsList, name_key};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// A stored list snapshot, without its entries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListInfo {
    pub id: i64,
    pub name: String,
    pub format: String,
    pub date: Option<String>,
    pub imported_at: String,
    pub entries: usize,
    /// The rows its import skipped or kept with a caveat, each naming its file and line.
    pub problems: Vec<String>,
}

/// The `ui_state` key under which the import problems of list `id` are kept (a JSON array of
/// lines), so schema v2 files hold them without a new column.
fn problems_key(id: i64) -> String {
    format!("{PROBLEMS_KEY_PREFIX}{id}")
}

/// What [`problems_key`] puts before the list's id.
const PROBLEMS_KEY_PREFIX: &str = "sanctions_list_problems/";

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
    /// The entry's [`entry_key`].
    pub entry_key: &'a str,
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

/// `value` as JSON in a string of exactly its length: a big list's JSON, grown by doubling,
/// would hold up to twice its size (and both buffers while it moves).
fn exact_json<T: Serialize>(value: &T) -> Option<String> {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value).ok()?;
    let mut json = Vec::with_capacity(count.0);
    serde_json::to_writer(&mut json, value).ok()?;
    String::from_utf8(json).ok()
}

/// The snapshot of each list imported last, by name.
pub fn current(mut lists: Vec<ListInfo>) -> Vec<ListInfo> {
    lists.sort_by(|a, b| a.name.cmp(&b.name).then(b.id.cmp(&a.id)));
    lists.dedup_by(|later, first| later.name == first.name);
    lists
}

/// A verdict as a row: list name, entry key, verdict.
type VerdictRow = (String, String, String);

/// What an actor edit carried from one actor to another: screening hits (by row id) and the
/// analyst's verdicts, so that Undo gives them back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Carried {
    from: String,
    to: String,
    hits: Vec<i64>,
    /// The verdicts written on `to`.
    verdicts: Vec<VerdictRow>,
    /// The verdicts `to` had before on the same entries, which they replaced.
    replaced: Vec<VerdictRow>,
    /// The verdicts stayed on `from` too (a split: both actors may be the listed party).
    copied: bool,
}

impl Carried {
    pub(super) fn is_empty(&self) -> bool {
        self.hits.is_empty() && self.verdicts.is_empty()
    }
}

/// Carries the screening hits and verdicts keyed to an actor along with `edit`: a rename or a
/// merge moves every hit and verdict of the old name to the new one; a split moves the hits
/// found on the aliases that leave, and copies their verdicts. Other edits carry nothing.
pub(super) fn carry_screening(
    conn: &Connection,
    edit: &Edit,
    now: &str,
) -> rusqlite::Result<Carried> {
    let (from, to, aliases) = match edit {
        Edit::Rename { from, to } | Edit::Merge { from, into: to } => (from, to, None),
        Edit::Split {
            name,
            aliases,
            new_name,
        } => (name, new_name, Some(aliases)),
        _ => return Ok(Carried::default()),
    };
    if from == to {
        return Ok(Carried::default());
    }
    let leaving: Option<Vec<String>> =
        aliases.map(|a| a.iter().map(|n| n.to_lowercase()).collect());
    let mut hits = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT h.id, h.screened, l.name, h.entry_key
             FROM screening_hits h JOIN sanctions_lists l ON l.id = h.list_id
             WHERE h.actor = ?1 ORDER BY h.id",
        )?;
        let rows = stmt.query_map([from], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (id, screened, list, key) = row?;
            if leaving
                .as_ref()
                .is_none_or(|l| l.contains(&screened.to_lowercase()))
            {
                hits.push(id);
                keys.push((list, key));
            }
        }
    }
    let mut verdicts: Vec<VerdictRow> = {
        let mut stmt = conn.prepare_cached(
            "SELECT list_name, entry_key, verdict FROM screening_verdicts WHERE actor = ?1
             ORDER BY list_name, entry_key",
        )?;
        stmt.query_map([from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    if leaving.is_some() {
        verdicts.retain(|(list, key, _)| keys.iter().any(|(l, k)| l == list && k == key));
    }
    for id in &hits {
        conn.execute(
            "UPDATE screening_hits SET actor = ?1 WHERE id = ?2",
            params![to, id],
        )?;
    }
    let mut replaced = Vec::new();
    for (list, key, verdict) in &verdicts {
        if let Some(before) = super::undo::verdict(conn, to, list, key)? {
            replaced.push((list.clone(), key.clone(), before));
        }
        put_verdict(conn, to, list, key, verdict, now)?;
        if leaving.is_none() {
            delete_verdict(conn, from, list, key)?;
        }
    }
    Ok(Carried {
        from: from.clone(),
        to: to.clone(),
        hits,
        verdicts,
        replaced,
        copied: leaving.is_some(),
    })
}

/// Gives back what [`carry_screening`] carried: the hits and verdicts return to the actor
/// they came from, and the verdicts they replaced are put back.
pub(super) fn give_back(conn: &Connection, carried: &Carried) -> rusqlite::Result<()> {
    let Carried {
        from,
        to,
        hits,
        verdicts,
        replaced,
        copied,
    } = carried;
    for id in hits {
        conn.execute(
            "UPDATE screening_hits SET actor = ?1 WHERE id = ?2 AND actor = ?3",
            params![from, id, to],
        )?;
    }
    let now = now_rfc3339();
    for (list, key, verdict) in verdicts {
        delete_verdict(conn, to, list, key)?;
        if !copied {
            put_verdict(conn, from, list, key, verdict, &now)?;
        }
    }
    for (list, key, verdict) in replaced {
        put_verdict(conn, to, list, key, verdict, &now)?;
    }
    Ok(())
}

/// Sets the verdict of `actor` on entry `key` of list `list`.
pub(super) fn put_verdict(
    conn: &Connection,
    actor: &str,
    list: &str,
    key: &str,
    verdict: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO screening_verdicts (actor, list_name, entry_key, verdict, set_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (actor, list_name, entry_key)
         DO UPDATE SET verdict = excluded.verdict, set_at = excluded.set_at",
    )?
    .execute(params![actor, list, key, verdict, now])?;
    Ok(())
}

/// Clears the verdict of `actor` on entry `key` of list `list`.
pub(super) fn delete_verdict(
    conn: &Connection,
    actor: &str,
    list: &str,
    key: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "DELETE FROM screening_verdicts WHERE actor = ?1 AND list_name = ?2 AND entry_key = ?3",
    )?
    .execute(params![actor, list, key])?;
    Ok(())
}

impl Project {
    /// Stores an imported list snapshot with the row problems of its import; returns its id.
    /// A list of the same name becomes its previous snapshot (kept for the diff; snapshots
    /// before that are dropped), so a list imported again replaces its entries rather than
    /// standing beside them.
    ///
    /// Takes the list, so that a big list's entries are gone before SQLite copies their JSON:
    /// storing costs about twice the JSON's size on top of it.
    pub fn add_sanctions_list(
        &mut self,
        list: SanctionsList,
        files: &[String],
        problems: &[RowProblem],
    ) -> Result<i64, StoreError> {
        let SanctionsList {
            name,
            format,
            date,
            entries,
        } = list;
        let mut entries_json = exact_json(&entries).unwrap_or_else(|| "[]".into());
        drop(entries);
        let files = serde_json::to_string(files).unwrap_or_else(|_| "[]".into());
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let problems = serde_json::to_string(&lines).unwrap_or_else(|_| "[]".into());
        self.write(|tx| {
            // serde_json wrote both JSON columns, so their json_valid CHECKs hold; checking
            // parses the text into a tree three times its size, gigabytes for a big list.
            tx.pragma_update(None, "ignore_check_constraints", true)?;
            let inserted = (|| {
                let mut insert = tx.prepare(
                    "INSERT INTO sanctions_lists (name, format, list_date, files, imported_at,
                     entries) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?;
                insert.raw_bind_parameter(1, &name)?;
                insert.raw_bind_parameter(2, format.label())?;
                insert.raw_bind_parameter(3, &date)?;
                insert.raw_bind_parameter(4, &files)?;
                insert.raw_bind_parameter(5, now_rfc3339())?;
                // SQLite keeps its own copy of a bound text: ours can go before it runs.
                insert.raw_bind_parameter(6, &entries_json)?;
                drop(std::mem::take(&mut entries_json));
                insert.raw_execute()
            })();
            tx.pragma_update(None, "ignore_check_constraints", false)?;
            inserted?;
            let id = tx.last_insert_rowid();
            let older: Vec<i64> = tx
                .prepare("SELECT id FROM sanctions_lists WHERE name = ?1 AND id < ?2 ORDER BY id")?
                .query_map(params![name, id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for old in older.iter().rev().skip(1) {
                tx.execute("DELETE FROM sanctions_lists WHERE id = ?1", [old])?;
                tx.execute("DELETE FROM ui_state WHERE key = ?1", [problems_key(*old)])?;
            }
            tx.execute(
                "INSERT INTO ui_state (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![problems_key(id), problems],
            )?;
            Ok(id)
        })
    }

    /// Removes a list (every snapshot of it), its hits and its import problems (verdicts
    /// stay: they are the analyst's).
    pub fn remove_sanctions_list(&mut self, name: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM ui_state WHERE key IN
                   (SELECT ?1 || id FROM sanctions_lists WHERE name = ?2)",
                params![PROBLEMS_KEY_PREFIX, name],
            )?;
            tx.execute("DELETE FROM sanctions_lists WHERE name = ?1", [name])?;
            Ok(())
        })
    }

    /// Each list's current snapshot (the one imported last), by name.
    pub fn current_sanctions_lists(&self) -> Result<Vec<ListInfo>, StoreError> {
        Ok(current(self.sanctions_lists()?))
    }

    /// Every stored list snapshot (a list's current one and the one before it), by name then
    /// date.
    pub fn sanctions_lists(&self) -> Result<Vec<ListInfo>, StoreError> {
        let read = || -> rusqlite::Result<Vec<ListInfo>> {
            let mut stmt = self.conn.prepare(
                "SELECT l.id, l.name, l.format, l.list_date, l.imported_at,
                        json_array_length(l.entries), u.value
                 FROM sanctions_lists l
                 LEFT JOIN ui_state u ON u.key = ?1 || l.id
                 ORDER BY l.name, l.list_date, l.id",
            )?;
            stmt.query_map([PROBLEMS_KEY_PREFIX], |r| {
                Ok(ListInfo {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    format: r.get(2)?,
                    date: r.get(3)?,
                    imported_at: r.get(4)?,
                    entries: r.get::<_, i64>(5)?.max(0) as usize,
                    problems: r
                        .get::<_, Option<String>>(6)?
                        .and_then(|json| serde_json::from_str(&json).ok())
                        .unwrap_or_default(),
                })
            })?
            .collect()
        };
        read().map_err(StoreError::sqlite(&self.path))
    }

    /// The entries of one stored list; `None` when there is no such list.
    pub fn sanctions_entries(&self, id: i64) -> Result<Option<Vec<Entry>>, StoreError> {
        // Parsed where SQLite holds the text, not from a copy: a big list's JSON is hundreds
        // of MB.
        self.conn
            .query_row(
                "SELECT entries FROM sanctions_lists WHERE id = ?1",
                [id],
                |r| {
                    let json = r.get_ref(0)?.as_str().map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            0,
                            rusqlite::types::Type::Text,
                            Box::new(e),
                        )
                    })?;
                    Ok(serde_json::from_str(json).unwrap_or_default())
                },
            )
            .optional()
            .map_err(StoreError::sqlite(&self.path))
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
                    h.entry_key,
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
                Some(v) => {
                    put_verdict(tx, actor, list_name, entry_key, v.as_str(), &now_rfc3339())?
                }
                None => delete_verdict(tx, actor, list_name, entry_key)?,
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanctions::{Kind, ListFormat};

    /// A project with a two-entry list and a hit of `actor` (screened as `screened`) on each.
    fn project_with_hits(dir: &std::path::Path, hits: &[(&str, &str)]) -> Project {
        let mut project = Project::create_or_open(&dir.join("p.dossier")).expect("create");
        let entry = |reference: &str, name: &str| Entry {
            reference: reference.into(),
            name: name.into(),
            aliases: Vec::new(),
            kind: Kind::Person,
            programs: Vec::new(),
            listed: None,
            remarks: None,
        };
        let entries = vec![entry("1", "Omar Tiani"), entry("2", "O. Tiani")];
        let list = SanctionsList {
            name: "l".into(),
            format: ListFormat::SimpleCsv,
            date: None,
            entries: entries.clone(),
        };
        let id = project.add_sanctions_list(list, &[], &[]).expect("stored");
        let new: Vec<NewHit<'_>> = hits
            .iter()
            .zip([("1", &entries[0]), ("2", &entries[1])])
            .map(|((actor, screened), (key, entry))| NewHit {
                list_id: id,
                entry_index: usize::from(key == "2"),
                entry_key: key,
                actor,
                screened,
                matched_name: &entry.name,
                score: 0.9,
                reason: "r",
            })
            .collect();
        project.replace_screening_hits(&new).expect("hits");
        project
    }

    /// (actor, entry key, verdict) of every hit, by entry key.
    fn hits(project: &Project) -> Vec<(String, String, Option<Verdict>)> {
        let mut hits: Vec<_> = project
            .screening_hits()
            .expect("hits")
            .into_iter()
            .map(|h| (h.actor, h.entry_key, h.verdict))
            .collect();
        hits.sort_by(|a, b| a.1.cmp(&b.1));
        hits
    }

    fn hit(actor: &str, key: &str, verdict: Option<Verdict>) -> (String, String, Option<Verdict>) {
        (actor.into(), key.into(), verdict)
    }

    #[test]
    fn a_rename_or_a_merge_carries_hits_and_verdicts_and_undo_gives_them_back() {
        // Before: the hit stayed on the old name, so the renamed actor lost it and its verdict
        // (issue 14 item 3).
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = project_with_hits(dir.path(), &[("Tiani", "Tiani"), ("Omar", "Omar")]);
        let confirmed = Some(Verdict::Confirmed);
        let dismissed = Some(Verdict::Dismissed);
        project
            .set_screening_verdict("Tiani", "l", "1", confirmed)
            .expect("verdict");
        project
            .set_screening_verdict("Omar", "l", "2", dismissed)
            .expect("verdict");
        project
            .add_actor_edit(&Edit::Rename {
                from: "Tiani".into(),
                to: "Omar Tiani".into(),
            })
            .expect("rename");
        assert_eq!(
            hits(&project),
            [
                hit("Omar Tiani", "1", confirmed),
                hit("Omar", "2", dismissed)
            ]
        );
        project
            .add_actor_edit(&Edit::Merge {
                from: "Omar".into(),
                into: "Omar Tiani".into(),
            })
            .expect("merge");
        assert_eq!(
            hits(&project),
            [
                hit("Omar Tiani", "1", confirmed),
                hit("Omar Tiani", "2", dismissed)
            ]
        );
        project.undo().expect("undo merge");
        assert_eq!(
            hits(&project),
            [
                hit("Omar Tiani", "1", confirmed),
                hit("Omar", "2", dismissed)
            ]
        );
        project.undo().expect("undo rename");
        assert_eq!(
            hits(&project),
            [hit("Tiani", "1", confirmed), hit("Omar", "2", dismissed)]
        );
        assert_eq!(
            super::super::undo::verdict(&project.conn, "Omar Tiani", "l", "1").expect("read"),
            None
        );
    }

    #[test]
    fn a_split_carries_the_hits_of_the_aliases_that_leave_with_their_verdicts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = project_with_hits(dir.path(), &[("Tiani", "Tiani"), ("Tiani", "O. T.")]);
        let confirmed = Some(Verdict::Confirmed);
        for key in ["1", "2"] {
            project
                .set_screening_verdict("Tiani", "l", key, confirmed)
                .expect("verdict");
        }
        project
            .add_actor_edit(&Edit::Split {
                name: "Tiani".into(),
                aliases: vec!["o. t.".into()],
                new_name: "Ousmane Tiani".into(),
            })
            .expect("split");
        assert_eq!(
            hits(&project),
            [
                hit("Tiani", "1", confirmed),
                hit("Ousmane Tiani", "2", confirmed)
            ]
        );
        project.undo().expect("undo split");
        assert_eq!(
            hits(&project),
            [hit("Tiani", "1", confirmed), hit("Tiani", "2", confirmed)]
        );
    }

    #[test]
    fn a_list_imported_again_is_its_new_snapshot_and_keeps_one_before_it() {
        // Before: each import stood beside the others, screened and shown as another list.
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
        let list = |name: &str| SanctionsList {
            name: name.into(),
            format: ListFormat::SimpleCsv,
            date: None,
            entries: Vec::new(),
        };
        let ids: Vec<i64> = ["l", "l", "other", "l"]
            .into_iter()
            .map(|n| {
                project
                    .add_sanctions_list(list(n), &[], &[])
                    .expect("stored")
            })
            .collect();
        let stored: Vec<i64> = project
            .sanctions_lists()
            .expect("lists")
            .iter()
            .map(|l| l.id)
            .collect();
        assert_eq!(stored, [ids[1], ids[3], ids[2]]);
        let current: Vec<i64> = project
            .current_sanctions_lists()
            .expect("lists")
            .iter()
            .map(|l| l.id)
            .collect();
        assert_eq!(current, [ids[3], ids[2]]);
        project.remove_sanctions_list("l").expect("removed");
        let left: Vec<i64> = project
            .sanctions_lists()
            .expect("lists")
            .iter()
            .map(|l| l.id)
            .collect();
        assert_eq!(left, [ids[2]]);
    }

    #[test]
    fn a_list_is_stored_with_its_problems_and_removed_with_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
        let entries = vec![
            Entry {
                reference: "1".into(),
                name: "Omar Tiani".into(),
                aliases: vec!["O. Tiani".into()],
                kind: Kind::Person,
                programs: vec!["SAMPLE".into()],
                listed: Some("2023-08-01".into()),
                remarks: Some("Sample \"quoted\" remark.".into()),
            },
            Entry {
                reference: String::new(),
                name: "Wagner Group".into(),
                aliases: Vec::new(),
                kind: Kind::Organization,
                programs: Vec::new(),
                listed: None,
                remarks: None,
            },
        ];
        let list = SanctionsList {
            name: "l".into(),
            format: ListFormat::SimpleCsv,
            date: None,
            entries: entries.clone(),
        };
        let problem = RowProblem {
            file: "l.csv".into(),
            row: 3,
            reason: "no name".into(),
            skipped: true,
        };
        let id = project
            .add_sanctions_list(list, &["l.csv".into()], &[problem])
            .expect("stored");
        let lists = project.sanctions_lists().expect("lists");
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].entries, 2);
        assert_eq!(lists[0].problems, ["l.csv: row 3: no name (skipped)"]);
        assert_eq!(project.sanctions_entries(id).expect("read"), Some(entries));
        project.remove_sanctions_list("l").expect("removed");
        assert!(project.sanctions_lists().expect("lists").is_empty());
        assert_eq!(project.ui_state(&problems_key(id)).expect("read"), None);
    }
}
