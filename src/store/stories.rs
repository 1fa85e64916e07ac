//! Stories in the project file: the automatic grouping (machine output, replaced when
//! clustering re-runs, or followed as new articles join: each story's profile, the weights'
//! snapshot and each member's inputs digest), and the analyst's story edits, replayed over it
//! in order.

use super::{Project, StoreError, now_rfc3339};
use crate::analysis::stories::apply_edits;
use crate::model::{ArticleId, Date};
use crate::model::{Story, StoryEdit};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

impl Project {
    /// Every article's known date (the analyst's, else the timeline pass's), for grouping.
    pub fn document_dates(&self) -> Result<HashMap<ArticleId, Date>, StoreError> {
        let read = || -> rusqlite::Result<Vec<(i64, String)>> {
            let mut stmt = self.conn.prepare(
                "SELECT a.id, coalesce(c.date, d.date) FROM articles a
                 LEFT JOIN date_corrections c ON c.article_id = a.id
                 LEFT JOIN document_dates d ON d.article_id = a.id
                 WHERE coalesce(c.date, d.date) IS NOT NULL",
            )?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        };
        let rows = read().map_err(StoreError::sqlite(&self.path))?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, d)| Some((ArticleId(id), d.parse().ok()?)))
            .collect())
    }

    /// Forgets the weights' snapshot of the last full grouping, so that the next `analyze`
    /// groups every article's story again instead of placing new articles in the stored
    /// stories.
    pub fn forget_story_snapshot(&mut self) -> Result<(), StoreError> {
        self.write(|tx| tx.execute("DELETE FROM story_snapshot", []).map(drop))
    }

    /// Replaces the automatic stories, with no profiles (so the next grouping is a full one).
    pub fn replace_stories(&mut self, stories: &[Story]) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM story_snapshot", [])?;
            tx.execute("DELETE FROM stories", [])?;
            insert_stories(tx, stories.iter().map(|s| (s, None)))
        })
    }

    /// Replaces the automatic stories after a full grouping of `grouped` articles: each story
    /// with its profile, and the `weights` it used (a packed snapshot) made with `made_with`.
    pub fn replace_grouped_stories(
        &mut self,
        stories: &[(Story, Vec<u8>)],
        made_with: &str,
        grouped: usize,
        weights: &[u8],
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM stories", [])?;
            insert_stories(tx, stories.iter().map(|(s, p)| (s, Some(p.as_slice()))))?;
            tx.execute(
                "INSERT INTO story_snapshot (id, made_with, grouped, weights) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET made_with = excluded.made_with,
                     grouped = excluded.grouped, weights = excluded.weights",
                params![made_with, grouped as i64, weights],
            )?;
            Ok(())
        })
    }

    /// Adds articles to the automatic stories: `joined` gives stored stories (by row id) new
    /// members and their new profile, `new` are new stories with their profiles; the
    /// snapshot's weights become `weights`. Every other story keeps its row, members and name.
    pub fn follow_stories(
        &mut self,
        joined: &[(i64, Vec<i64>, Vec<u8>)],
        new: &[(Story, Vec<u8>)],
        weights: &[u8],
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let mut member = tx.prepare(INSERT_MEMBER)?;
            let mut story = tx.prepare(
                "UPDATE stories SET profile = ?2, story_key = 'story-' ||
                     (SELECT min(article_id) FROM story_members WHERE story_id = ?1)
                 WHERE id = ?1",
            )?;
            for (id, members, profile) in joined {
                for m in members {
                    member.execute(params![id, m])?;
                }
                story.execute(params![id, profile])?;
            }
            insert_stories(tx, new.iter().map(|(s, p)| (s, Some(p.as_slice()))))?;
            tx.execute(
                "UPDATE story_snapshot SET weights = ?1 WHERE id = 1",
                params![weights],
            )?;
            Ok(())
        })
    }

    /// The snapshot of the last grouping: what it was made with, how many articles the last
    /// full grouping read, and its weights (packed). `None` before any (or after
    /// [`Project::replace_stories`]).
    pub fn story_snapshot(&self) -> Result<Option<(String, usize, Vec<u8>)>, StoreError> {
        self.conn
            .query_row(
                "SELECT made_with, grouped, weights FROM story_snapshot WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as usize, r.get(2)?)),
            )
            .optional()
            .map_err(StoreError::sqlite(&self.path))
    }

    /// Every automatic story's row id and profile (packed; `None` for one without).
    pub fn story_profiles(&self) -> Result<Vec<StoredProfile>, StoreError> {
        let read = || -> rusqlite::Result<Vec<StoredProfile>> {
            let mut stmt = self
                .conn
                .prepare("SELECT id, profile FROM stories ORDER BY id")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        };
        read().map_err(StoreError::sqlite(&self.path))
    }

    /// How many articles the automatic stories hold, and whether one of them has a summary
    /// whose inputs digest differs from the one it had when it was grouped, or none.
    pub fn story_members_state(&self) -> Result<(usize, bool), StoreError> {
        self.conn
            .query_row(
                "SELECT count(*), coalesce(max(s.inputs IS NOT m.inputs), 0)
                 FROM story_members m LEFT JOIN article_summaries s ON s.article_id = m.article_id",
                [],
                |r| Ok((r.get::<_, i64>(0)?.max(0) as usize, r.get(1)?)),
            )
            .map_err(StoreError::sqlite(&self.path))
    }

    /// Calls `f` with the packed term counts of the stored summaries of `ids` (`None` for a
    /// summary without), in id order, one at a time; an id without a summary is skipped.
    pub fn each_summary_terms_of(
        &self,
        ids: &[ArticleId],
        mut f: impl FnMut(ArticleId, Option<&[u8]>),
    ) -> Result<(), StoreError> {
        let list = id_list(ids);
        let mut read = || -> rusqlite::Result<()> {
            let mut stmt = self.conn.prepare(
                "SELECT article_id, terms FROM article_summaries
                 WHERE article_id IN (SELECT value FROM json_each(?1)) ORDER BY article_id",
            )?;
            let mut rows = stmt.query([&list])?;
            while let Some(row) = rows.next()? {
                let terms = row.get_ref(1)?.as_blob_or_null()?;
                f(ArticleId(row.get(0)?), terms);
            }
            Ok(())
        };
        read().map_err(StoreError::sqlite(&self.path))
    }

    /// The values of the event reports of the articles `ids`, each with its article, in the
    /// order [`Project::events`] lists them.
    pub fn event_values_of(
        &self,
        ids: &[ArticleId],
    ) -> Result<Vec<(ArticleId, String)>, StoreError> {
        let list = id_list(ids);
        let read = || -> rusqlite::Result<Vec<(ArticleId, String)>> {
            let mut stmt = self.conn.prepare(
                "SELECT s.article_id, coalesce(s.value, '') FROM event_sources s
                 JOIN events e ON e.id = s.event_id
                 WHERE s.article_id IN (SELECT value FROM json_each(?1))
                 ORDER BY e.value, e.label, e.id, s.id",
            )?;
            stmt.query_map([&list], |r| Ok((ArticleId(r.get(0)?), r.get(1)?)))?
                .collect()
        };
        read().map_err(StoreError::sqlite(&self.path))
    }

    /// The tracked decisions the articles `ids` report: each step's article, its decision's
    /// key and the offset of its evidence, by decision and step.
    pub fn decision_steps_of(
        &self,
        ids: &[ArticleId],
    ) -> Result<Vec<(ArticleId, String, usize)>, StoreError> {
        let list = id_list(ids);
        let read = || -> rusqlite::Result<Vec<(ArticleId, String, usize)>> {
            let mut stmt = self.conn.prepare(
                "SELECT s.article_id, t.decision_key, s.start FROM decision_steps s
                 JOIN tracked_decisions t ON t.id = s.tracked_id
                 WHERE s.article_id IN (SELECT value FROM json_each(?1))
                 ORDER BY t.id, s.seq",
            )?;
            stmt.query_map([&list], |r| {
                let start: i64 = r.get(2)?;
                Ok((
                    ArticleId(r.get(0)?),
                    r.get(1)?,
                    usize::try_from(start).unwrap_or(0),
                ))
            })?
            .collect()
        };
        read().map_err(StoreError::sqlite(&self.path))
    }

    /// The articles with a summary that no automatic story holds, ascending.
    pub fn articles_in_no_story(&self) -> Result<Vec<ArticleId>, StoreError> {
        let read = || -> rusqlite::Result<Vec<ArticleId>> {
            let mut stmt = self.conn.prepare(
                "SELECT s.article_id FROM article_summaries s
                 WHERE NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = s.article_id)
                 ORDER BY s.article_id",
            )?;
            stmt.query_map([], |r| Ok(ArticleId(r.get(0)?)))?.collect()
        };
        read().map_err(StoreError::sqlite(&self.path))
    }

    /// The automatic stories, as clustering left them.
    pub fn machine_stories(&self) -> Result<Vec<Story>, StoreError> {
        let read = || -> rusqlite::Result<Vec<Story>> {
            let mut stmt = self.conn.prepare(
                "SELECT s.story_key, s.name, s.key_terms,
                        (SELECT json_group_array(article_id) FROM
                           (SELECT article_id FROM story_members m WHERE m.story_id = s.id
                            ORDER BY article_id))
                 FROM stories s ORDER BY s.id",
            )?;
            stmt.query_map([], |r| {
                let terms: String = r.get(2)?;
                let members: String = r.get(3)?;
                Ok(Story {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    key_terms: serde_json::from_str(&terms).unwrap_or_default(),
                    members: serde_json::from_str(&members).unwrap_or_default(),
                })
            })?
            .collect()
        };
        read().map_err(StoreError::sqlite(&self.path))
    }

    /// The stories as the analyst sees them: the automatic ones with every edit applied.
    pub fn stories(&self) -> Result<Vec<Story>, StoreError> {
        Ok(apply_edits(self.machine_stories()?, &self.story_edits()?))
    }

    /// The analyst's story edits, in the order they were made.
    pub fn story_edits(&self) -> Result<Vec<StoryEdit>, StoreError> {
        let read = || -> rusqlite::Result<Vec<String>> {
            let mut stmt = self
                .conn
                .prepare("SELECT payload FROM story_edits ORDER BY seq")?;
            stmt.query_map([], |r| r.get(0))?.collect()
        };
        let payloads = read().map_err(StoreError::sqlite(&self.path))?;
        // An edit this build cannot read (a newer kind) is skipped, never fatal.
        Ok(payloads
            .iter()
            .filter_map(|p| serde_json::from_str(p).ok())
            .collect())
    }

    /// Records one story edit.
    pub fn add_story_edit(&mut self, edit: &StoryEdit) -> Result<(), StoreError> {
        let payload = serde_json::to_string(edit).unwrap_or_else(|_| "{}".into());
        let now = now_rfc3339();
        self.write(|tx| {
            let seq = tx
                .prepare_cached("INSERT INTO story_edits (payload, created_at) VALUES (?1, ?2)")?
                .insert(params![payload, now])?;
            super::undo::record(
                tx,
                &edit.describe(),
                &super::undo::Step::StoryEdit { seq },
                &now,
            )
        })
    }
}

/// `ids` as a JSON array, for `json_each`.
fn id_list(ids: &[ArticleId]) -> String {
    serde_json::to_string(&ids.iter().map(|i| i.0).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".into())
}

/// A story's row id and its packed profile (`None` for a story grouped before schema v6).
pub type StoredProfile = (i64, Option<Vec<u8>>);

/// Adds a member with the inputs digest of its summary.
const INSERT_MEMBER: &str = "INSERT INTO story_members (story_id, article_id, inputs)
     VALUES (?1, ?2, (SELECT inputs FROM article_summaries WHERE article_id = ?2))";

/// Inserts `stories` (each with its packed profile, if any) and their members.
fn insert_stories<'s>(
    tx: &rusqlite::Transaction<'_>,
    stories: impl Iterator<Item = (&'s Story, Option<&'s [u8]>)>,
) -> rusqlite::Result<()> {
    let mut story = tx.prepare(
        "INSERT INTO stories (story_key, name, key_terms, profile) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut member = tx.prepare(INSERT_MEMBER)?;
    for (s, profile) in stories {
        let terms = serde_json::to_string(&s.key_terms).unwrap_or_else(|_| "[]".into());
        story.execute(params![s.key, s.name, terms, profile])?;
        let id = tx.last_insert_rowid();
        for m in &s.members {
            member.execute(params![id, m])?;
        }
    }
    Ok(())
}
