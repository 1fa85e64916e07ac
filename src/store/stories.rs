//! Stories in the project file: the automatic grouping (machine output, replaced when
//! clustering re-runs) and the analyst's story edits, replayed over it in order.

use super::{Project, StoreError, now_rfc3339};
use crate::analysis::stories::apply_edits;
use crate::model::{ArticleId, Date};
use crate::model::{Story, StoryEdit};
use rusqlite::params;
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

    /// Replaces the automatic stories.
    pub fn replace_stories(&mut self, stories: &[Story]) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM stories", [])?;
            let mut story =
                tx.prepare("INSERT INTO stories (story_key, name, key_terms) VALUES (?1, ?2, ?3)")?;
            let mut member =
                tx.prepare("INSERT INTO story_members (story_id, article_id) VALUES (?1, ?2)")?;
            for s in stories {
                let terms = serde_json::to_string(&s.key_terms).unwrap_or_else(|_| "[]".into());
                story.execute(params![s.key, s.name, terms])?;
                let id = tx.last_insert_rowid();
                for m in &s.members {
                    member.execute(params![id, m])?;
                }
            }
            Ok(())
        })
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
