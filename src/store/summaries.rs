//! Per-article analysis summaries: what the cross-article steps of `analyze` read of each
//! article (its local actors, dates, events and decisions, as JSON written by `jobs`, and its
//! term counts, packed, with the project's vocabulary of stems they number), with a digest of
//! what the per-article passes read besides its text, so that the next `analyze` runs those
//! passes only over articles that are new or whose inputs changed.

use super::{Project, StoreError, decisions, queries};
use crate::model::ArticleId;
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// One article's summary as stored: each part a JSON document the store does not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSummary {
    pub article: ArticleId,
    /// Digest of what its per-article passes read besides its text (pass versions, the
    /// project's gazetteer, the analyst's corrections to it).
    pub inputs: String,
    /// Whether its own metadata or text gave it a date (undated articles are dated from their
    /// neighbours at every analyze, so they are analysed again each time).
    pub dated: bool,
    pub actors: String,
    pub dates: String,
    pub events: String,
    pub decisions: String,
    /// Its term counts, packed (`analysis::stories::stored`), numbering stems as `terms`
    /// does.
    pub terms: Vec<u8>,
    /// The stems its term counts name first, with the numbers given them: stored with it.
    pub new_terms: Vec<(u32, String)>,
}

/// A stored part of the summaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryPart {
    Actors,
    Dates,
    Events,
    Decisions,
}

impl SummaryPart {
    fn column(self) -> &'static str {
        match self {
            SummaryPart::Actors => "actors",
            SummaryPart::Dates => "dates",
            SummaryPart::Events => "events",
            SummaryPart::Decisions => "decisions",
        }
    }
}

impl Project {
    /// Every article id in order, and those whose per-article passes must run: no summary,
    /// a summary whose inputs digest differs from `inputs(id)`, an undated one, or one without
    /// term counts (written before schema v5).
    pub fn articles_to_refresh(
        &self,
        inputs: impl Fn(ArticleId) -> String,
    ) -> Result<(Vec<ArticleId>, Vec<ArticleId>), StoreError> {
        let read = || -> rusqlite::Result<(Vec<ArticleId>, Vec<ArticleId>)> {
            let mut stmt = self.conn.prepare(
                "SELECT a.id, s.inputs, s.dated AND s.terms IS NOT NULL FROM articles a
                 LEFT JOIN article_summaries s ON s.article_id = a.id ORDER BY a.id",
            )?;
            let mut rows = stmt.query([])?;
            let (mut all, mut stale) = (Vec::new(), Vec::new());
            while let Some(row) = rows.next()? {
                let id = ArticleId(row.get(0)?);
                let stored: Option<String> = row.get(1)?;
                let dated: Option<bool> = row.get(2)?;
                if dated != Some(true) || stored.is_none_or(|s| s != inputs(id)) {
                    stale.push(id);
                }
                all.push(id);
            }
            Ok((all, stale))
        };
        read().map_err(self.error())
    }

    /// The articles of `ids` (any order; returned in id order), without their original
    /// markup: what the analysis passes read.
    pub fn articles_by_id(
        &self,
        ids: &[ArticleId],
    ) -> Result<Vec<crate::model::Article>, StoreError> {
        let list = serde_json::to_string(&ids.iter().map(|i| i.0).collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".into());
        super::queries::articles_where(
            &self.conn,
            "id IN (SELECT value FROM json_each(?1))",
            [&list],
        )
        .map_err(self.error())
    }

    /// `part` of the summaries of the articles with ids from `first` to `last`, in id order.
    pub fn summary_parts_in(
        &self,
        part: SummaryPart,
        first: ArticleId,
        last: ArticleId,
    ) -> Result<Vec<(ArticleId, String)>, StoreError> {
        parts_in(&self.conn, part, first, last).map_err(self.error())
    }

    /// Calls `f` with `part` of every stored summary, in id order, one at a time.
    pub fn each_summary_part(
        &self,
        part: SummaryPart,
        mut f: impl FnMut(ArticleId, &str),
    ) -> Result<(), StoreError> {
        let mut read = || -> rusqlite::Result<()> {
            let sql = format!(
                "SELECT article_id, {} FROM article_summaries ORDER BY article_id",
                part.column()
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let json = row.get_ref(1)?.as_str()?;
                f(ArticleId(row.get(0)?), json);
            }
            Ok(())
        };
        read().map_err(self.error())
    }

    /// Calls `f` with the packed term counts of every stored summary (`None` for a summary
    /// without), in id order, one at a time.
    pub fn each_summary_terms(
        &self,
        mut f: impl FnMut(ArticleId, Option<&[u8]>),
    ) -> Result<(), StoreError> {
        let mut read = || -> rusqlite::Result<()> {
            let mut stmt = self
                .conn
                .prepare("SELECT article_id, terms FROM article_summaries ORDER BY article_id")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let terms = row.get_ref(1)?.as_blob_or_null()?;
                f(ArticleId(row.get(0)?), terms);
            }
            Ok(())
        };
        read().map_err(self.error())
    }

    /// Every stem the stored term counts number, with its number.
    pub fn term_vocabulary(&self) -> Result<Vec<(u32, String)>, StoreError> {
        let read = || -> rusqlite::Result<Vec<(u32, String)>> {
            let mut stmt = self
                .conn
                .prepare("SELECT id, stem FROM terms ORDER BY id")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        };
        read().map_err(self.error())
    }

    /// One past the highest term number (0 with none): stored counts naming a number from it
    /// up are damaged.
    pub fn term_numbers_end(&self) -> Result<u32, StoreError> {
        self.conn
            .query_row("SELECT coalesce(max(id) + 1, 0) FROM terms", [], |r| {
                r.get(0)
            })
            .map_err(self.error())
    }

    /// The stems of the term numbers `ids` (those that have one).
    pub fn stems_of(&self, ids: &[u32]) -> Result<HashMap<u32, String>, StoreError> {
        let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let read = || -> rusqlite::Result<HashMap<u32, String>> {
            let mut stmt = self.conn.prepare(
                "SELECT id, stem FROM terms WHERE id IN (SELECT value FROM json_each(?1))",
            )?;
            let rows = stmt.query_map([&list], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        };
        read().map_err(self.error())
    }

    /// Forgets everything `analyze` keeps to skip work: every article's summary, the digests
    /// of the chunks of links applied and of decision rows tracked, and the stories' weights
    /// snapshot. The next `analyze` then works as a first analysis does: it runs the per-article
    /// passes over every article again, stages every chunk's links, names and compares every
    /// decision row, merges the whole timeline and groups every story (the analyst's edits
    /// stay, and so do the stored results it writes over).
    pub fn forget_summaries(&mut self) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM article_summaries", [])?;
            tx.execute(
                "DELETE FROM meta WHERE key IN (?1, ?2, ?3)",
                [
                    queries::LINK_DIGESTS,
                    decisions::TRACKED_CHUNKS,
                    super::TIMELINE_WHOLE,
                ],
            )
            .map(drop)
        })?;
        self.forget_story_snapshot()
    }

    /// Notes that version `version` of `pass` analysed every article of the project (a
    /// cross-article step has run over all of them).
    pub fn mark_all_analysed(&mut self, pass: &str, version: u32) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO article_passes (article_id, pass, version)
                 SELECT id, ?1, ?2 FROM articles WHERE true
                 ON CONFLICT (article_id, pass) DO UPDATE SET version = excluded.version
                 WHERE version != excluded.version",
                params![pass, version],
            )
            .map(drop)
        })
    }

    /// The error for a stored summary part that cannot be read back (written by another
    /// build, or damaged).
    pub fn unreadable_summary(&self, article: ArticleId, reason: &str) -> StoreError {
        StoreError::Damaged {
            path: self.path.display().to_string(),
            detail: format!(
                "the analysis summary of article {} is unreadable: {reason}",
                article.0
            ),
        }
    }
}

fn parts_in(
    conn: &Connection,
    part: SummaryPart,
    first: ArticleId,
    last: ArticleId,
) -> rusqlite::Result<Vec<(ArticleId, String)>> {
    let sql = format!(
        "SELECT article_id, {} FROM article_summaries
         WHERE article_id BETWEEN ?1 AND ?2 ORDER BY article_id",
        part.column()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![first.0, last.0], |r| {
        Ok((ArticleId(r.get(0)?), r.get(1)?))
    })?;
    rows.collect()
}

/// Stores `summaries`, replacing any earlier ones of their articles.
pub(super) fn replace_summaries(
    conn: &Connection,
    summaries: &[NewSummary],
) -> rusqlite::Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT OR REPLACE INTO article_summaries
             (article_id, inputs, dated, actors, dates, events, decisions, terms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut insert_term = conn.prepare_cached("INSERT INTO terms (id, stem) VALUES (?1, ?2)")?;
    for s in summaries {
        for (id, stem) in &s.new_terms {
            insert_term.execute(params![id, stem])?;
        }
        insert.execute(params![
            s.article.0,
            s.inputs,
            s.dated,
            s.actors,
            s.dates,
            s.events,
            s.decisions,
            s.terms
        ])?;
    }
    Ok(())
}
