//! The project file: one SQLite database per `.dossier` project, opened by one writer at a time.
//!
//! [`Project::open`] inspects a file before it changes anything in it (see `open.rs`), holds an
//! exclusive advisory lock on it for as long as the project is open, and upgrades older schemas
//! (`schema.rs`) in one transaction. Every query is one small function in `queries.rs` (those
//! of the decisions pass in `decisions.rs`); the methods here only name the file in errors.

mod decisions;
mod lists;
mod open;
mod queries;
pub mod schema;
mod search;
mod stories;

pub use lists::{ListInfo, NewHit, StoredHit, Verdict, entry_key, listed_actors};
pub use open::is_project_file;

use crate::actors::{ActorRow, Actors, Edit, MentionRow};
use crate::analysis::decisions::TrackedDecision;
use crate::analysis::entities::EntityKind;
use crate::analysis::gazetteer::UserEntry;
use crate::analysis::timeline::{DocumentDate, Timex};
use crate::model::{
    Article, ArticleDraft, ArticleId, ArticleSummary, Date, DecisionEdit, DecisionRow, DuplicateOf,
    QuoteFix, QuoteRow, SearchHit, TimelineEvent, TrackedDecisionRow,
};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::Serialize;
use std::collections::HashMap;
use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Everything that can go wrong with a project file. Each message names the file and the reason.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no such file")]
    NotFound { path: String },
    #[error("{path}: not a Dossier project ({reason})")]
    NotAProject { path: String, reason: String },
    #[error(
        "{path}: made by a newer Dossier (schema version {found}, this build reads up to {supported}); left untouched"
    )]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("{path}: already open in another Dossier window or process")]
    Locked { path: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: database error: {source}")]
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
}

impl StoreError {
    fn sqlite(path: &Path) -> impl FnOnce(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite {
            path: path.display().to_string(),
            source,
        }
    }
}

/// One run of an analysis pass, as recorded in the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PassRun {
    pub pass: String,
    pub version: u32,
    /// When the run was recorded, RFC 3339 in UTC.
    pub ran_at: String,
    /// How many articles the run analysed.
    pub articles: usize,
    pub elapsed_ms: u64,
}

/// An open project file. Only one `Project` per file exists at a time, across all processes.
pub struct Project {
    // Field order matters: fields drop in declaration order, so `conn` closes before `_lock`.
    // `_lock` is a second descriptor of the database file. Closing *any* descriptor of a file
    // releases every POSIX (fcntl) lock this process holds on it, and SQLite's locks are POSIX
    // locks; dropping `_lock` first would silently strip the still-open connection of its locks.
    conn: Connection,
    path: PathBuf,
    /// Holds the exclusive advisory lock (`File::try_lock`, flock on Linux) that keeps a second
    /// Dossier window or process from opening the file while this one has it.
    _lock: File,
    /// Lists the file as open in this process until the lock and connection are gone, so that
    /// a second open in this process is refused without opening (and closing) a descriptor.
    _registration: open::Registration,
}

impl std::fmt::Debug for Project {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Project")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Project {
    /// Opens an existing project.
    ///
    /// Refuses a missing file, one that is not SQLite, SQLite that is not Dossier's (wrong
    /// `application_id` or no `meta` table), one newer than [`schema::VERSION`], and one that is
    /// open elsewhere; every refusal leaves the file's bytes untouched and creates no `-wal` or
    /// `-shm` file. An older project is upgraded in one transaction.
    pub fn open(path: &Path) -> Result<Project, StoreError> {
        open::open(path, false)
    }

    /// Creates a new project at `path` (its parent directory must exist), or opens the existing
    /// one as [`Project::open`] does. An existing empty (0-byte) file is made into a project.
    pub fn create_or_open(path: &Path) -> Result<Project, StoreError> {
        open::open(path, true)
    }

    /// The project file's path, as given when it was opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file (always [`schema::VERSION`] once open).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        queries::user_version(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// A value from the `meta` table: `app`, `created_at`, `created_by`.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        queries::meta(&self.conn, key).map_err(StoreError::sqlite(&self.path))
    }

    /// How many articles the project holds, duplicates included.
    pub fn article_count(&self) -> Result<usize, StoreError> {
        queries::article_count(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// One article with its full text, or `None` when there is no article with that id.
    pub fn article(&self, id: ArticleId) -> Result<Option<Article>, StoreError> {
        queries::article(&self.conn, id).map_err(StoreError::sqlite(&self.path))
    }

    /// All articles in id order, with full text — used by analysis and export.
    pub fn articles(&self) -> Result<Vec<Article>, StoreError> {
        queries::articles(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// All articles in id order, without their texts (read from a covering index).
    pub fn article_summaries(&self) -> Result<Vec<ArticleSummary>, StoreError> {
        queries::article_summaries(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Runs `write` in one immediate transaction, committed when it succeeds.
    fn write<T>(
        &mut self,
        write: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let Project { conn, path, .. } = self;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::sqlite(path))?;
        let out = write(&tx).map_err(StoreError::sqlite(path))?;
        tx.commit().map_err(StoreError::sqlite(path))?;
        Ok(out)
    }

    /// Starts a write transaction for one import batch. Dropping it without
    /// [`ImportTx::commit`] rolls the batch back.
    pub fn begin_import(&mut self) -> Result<ImportTx<'_>, StoreError> {
        let Project { conn, path, .. } = self;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::sqlite(path))?;
        Ok(ImportTx {
            tx,
            path,
            imported_at: now_rfc3339(),
        })
    }

    /// The highest article id so far, `None` for an empty project. Articles stored later get
    /// higher ids, so this marks what was in the project before an import.
    pub fn last_article_id(&self) -> Result<Option<ArticleId>, StoreError> {
        queries::last_article_id(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Every stored article's dedup key, `(id, content_hash, signature)`, in id order; only
    /// articles that are not themselves duplicates.
    pub fn dedup_keys(&self) -> Result<Vec<(ArticleId, String, Vec<u8>)>, StoreError> {
        queries::dedup_keys(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Full-text search over titles and texts, best first (BM25, title weighted 10:1), at most
    /// `limit` hits, each with a ~30-word snippet and the matched byte ranges.
    ///
    /// `query` is what the user typed: words, `"quoted phrases"` and `prefix*`, all of which
    /// must occur. No input raises an FTS syntax error: every term is quoted, and terms without
    /// a letter or digit are dropped; a query left empty finds nothing. Matching ignores case
    /// and diacritics.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(fts_query) = search::fts5_query(query) else {
            return Ok(Vec::new());
        };
        queries::search(&self.conn, &fts_query, limit).map_err(StoreError::sqlite(&self.path))
    }

    /// Records that `pass` (at `version`) analysed `articles` articles in `elapsed_ms`.
    pub fn record_pass_run(
        &mut self,
        pass: &str,
        version: u32,
        articles: usize,
        elapsed_ms: u64,
    ) -> Result<(), StoreError> {
        let run = PassRun {
            pass: pass.to_owned(),
            version,
            ran_at: now_rfc3339(),
            articles,
            elapsed_ms,
        };
        queries::insert_pass_run(&self.conn, &run).map_err(StoreError::sqlite(&self.path))
    }

    /// Notes that `pass` at `version` stored results for each of `articles`.
    pub fn mark_analysed(
        &mut self,
        pass: &str,
        version: u32,
        articles: &[ArticleId],
    ) -> Result<(), StoreError> {
        self.write(|tx| queries::mark_analysed(tx, pass, version, articles))
    }

    /// For every article that any pass analysed: each pass and the version that last did.
    pub fn analysed_by(&self) -> Result<HashMap<ArticleId, Vec<(String, u32)>>, StoreError> {
        queries::analysed_by(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Every recorded pass run, oldest first.
    pub fn pass_runs(&self) -> Result<Vec<PassRun>, StoreError> {
        queries::pass_runs(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Replaces the entity pass's machine rows (actors, mentions) in one transaction; the
    /// analyst's edits live in another table and are untouched.
    pub fn replace_entities(
        &mut self,
        actors: &[ActorRow],
        mentions: &[MentionRow],
    ) -> Result<(), StoreError> {
        self.write(|tx| queries::replace_entities(tx, actors, mentions))
    }

    /// Every registry actor the entity pass stored.
    pub fn actor_rows(&self) -> Result<Vec<ActorRow>, StoreError> {
        queries::actor_rows(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Every mention (`None`) or one article's, in text order.
    pub fn mention_rows(&self, article: Option<ArticleId>) -> Result<Vec<MentionRow>, StoreError> {
        queries::mention_rows(&self.conn, article).map_err(StoreError::sqlite(&self.path))
    }

    /// The effective registry: machine rows with the analyst's edits applied.
    pub fn actors(&self) -> Result<Actors, StoreError> {
        Ok(Actors::build(
            &self.actor_rows()?,
            &self.mention_rows(None)?,
            &self.actor_edits()?,
        ))
    }

    /// Records an analyst edit of the entity layer.
    pub fn add_actor_edit(&mut self, edit: &Edit) -> Result<(), StoreError> {
        queries::add_actor_edit(&self.conn, edit, &now_rfc3339())
            .map(|_| ())
            .map_err(StoreError::sqlite(&self.path))
    }

    /// Every analyst edit of the entity layer, oldest first.
    pub fn actor_edits(&self) -> Result<Vec<Edit>, StoreError> {
        queries::actor_edits(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Takes back the newest analyst edit; returns it, or `None` when there was none.
    pub fn undo_actor_edit(&mut self) -> Result<Option<Edit>, StoreError> {
        queries::undo_actor_edit(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Replaces the timeline pass's machine rows (document dates, time expressions) in one
    /// transaction.
    pub fn replace_timeline(
        &mut self,
        results: &[(ArticleId, DocumentDate, Vec<Timex>)],
    ) -> Result<(), StoreError> {
        self.write(|tx| queries::replace_timeline(tx, results))
    }

    /// The date an article speaks from, once the timeline pass has run.
    pub fn document_date(&self, article: ArticleId) -> Result<Option<DocumentDate>, StoreError> {
        queries::document_date(&self.conn, article).map_err(StoreError::sqlite(&self.path))
    }

    /// One article's time expressions, in text order.
    pub fn timexes(&self, article: ArticleId) -> Result<Vec<Timex>, StoreError> {
        queries::timexes(&self.conn, article).map_err(StoreError::sqlite(&self.path))
    }

    /// Replaces the attribution pass's machine rows (quotes) in one transaction.
    pub fn replace_quotes(
        &mut self,
        results: &[(ArticleId, Vec<QuoteRow>)],
    ) -> Result<(), StoreError> {
        self.write(|tx| queries::replace_quotes(tx, results))
    }

    /// One article's quotes, in text order.
    pub fn quotes(&self, article: ArticleId) -> Result<Vec<QuoteRow>, StoreError> {
        queries::quotes(&self.conn, article).map_err(StoreError::sqlite(&self.path))
    }

    /// Replaces the project timeline (merged events and their reports) in one transaction.
    pub fn replace_events(&mut self, events: &[TimelineEvent]) -> Result<(), StoreError> {
        self.write(|tx| queries::replace_events(tx, events))
    }

    /// The project timeline: every merged event with its reports, by date value.
    pub fn events(&self) -> Result<Vec<TimelineEvent>, StoreError> {
        queries::events(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Sets the date an article speaks from (the analyst's correction), or with `None` goes
    /// back to what the timeline pass finds.
    pub fn set_article_date(
        &mut self,
        article: ArticleId,
        date: Option<Date>,
    ) -> Result<(), StoreError> {
        queries::set_article_date(&self.conn, article, date, &now_rfc3339())
            .map_err(StoreError::sqlite(&self.path))
    }

    /// Every article date the analyst set.
    pub fn article_date_corrections(&self) -> Result<HashMap<ArticleId, Date>, StoreError> {
        queries::article_date_corrections(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Sets the value of the time expression at `range` (the analyst's correction), or with
    /// `None` goes back to the pass's value.
    pub fn set_timex_value(
        &mut self,
        article: ArticleId,
        range: &Range<usize>,
        value: Option<&str>,
    ) -> Result<(), StoreError> {
        queries::set_timex_value(&self.conn, article, range, value, &now_rfc3339())
            .map_err(StoreError::sqlite(&self.path))
    }

    /// Every time-expression value the analyst set: (article, span, value).
    pub fn timex_corrections(&self) -> Result<Vec<(ArticleId, Range<usize>, String)>, StoreError> {
        queries::timex_corrections(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Every quote of the project with the text of its cue and content, analyst fixes not
    /// applied (see [`crate::model::QuoteFix`]).
    pub fn all_quotes(&self) -> Result<Vec<(ArticleId, QuoteRow, String, String)>, StoreError> {
        queries::all_quotes(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Records the analyst's fix of the quote at `range` (reject it, or name its speaker), or
    /// with `None` removes it.
    pub fn set_quote_fix(
        &mut self,
        article: ArticleId,
        range: &Range<usize>,
        fix: Option<&QuoteFix>,
    ) -> Result<(), StoreError> {
        queries::set_quote_fix(&self.conn, article, range, fix, &now_rfc3339())
            .map_err(StoreError::sqlite(&self.path))
    }

    /// Every quote fix, by (article, quote span).
    pub fn quote_fixes(&self) -> Result<HashMap<(ArticleId, Range<usize>), QuoteFix>, StoreError> {
        queries::quote_fixes(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Replaces the decisions pass's machine rows (decisions per article, tracked decisions
    /// and their steps) in one transaction; the analyst's decision edits are untouched. The
    /// steps of `tracked` name their decision by its position in `results` read in order.
    pub fn replace_decisions(
        &mut self,
        results: &[(ArticleId, Vec<DecisionRow>)],
        tracked: &[TrackedDecision],
    ) -> Result<(), StoreError> {
        self.write(|tx| decisions::replace_decisions(tx, results, tracked))
    }

    /// Every mention linked to a machine registry actor, as (article, span, `actors.id`).
    pub fn mention_actor_ids(&self) -> Result<Vec<(ArticleId, Range<usize>, i64)>, StoreError> {
        decisions::mention_actor_ids(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// One article's decisions, in text order.
    pub fn decisions(&self, article: ArticleId) -> Result<Vec<DecisionRow>, StoreError> {
        decisions::decisions(&self.conn, article).map_err(StoreError::sqlite(&self.path))
    }

    /// Every tracked decision with its status history, by the date of its first step.
    pub fn tracked_decisions(&self) -> Result<Vec<TrackedDecisionRow>, StoreError> {
        decisions::tracked_decisions(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// The keys of tracked decisions whose evidence sentences contain `needle` (case aside for
    /// ASCII letters).
    pub fn decisions_with_evidence(
        &self,
        needle: &str,
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        decisions::with_evidence(&self.conn, needle).map_err(StoreError::sqlite(&self.path))
    }

    /// The analyst's edit of the tracked decision `key` and when it was set (RFC 3339), if any.
    pub fn decision_edit(&self, key: &str) -> Result<Option<(DecisionEdit, String)>, StoreError> {
        decisions::decision_edit(&self.conn, key).map_err(StoreError::sqlite(&self.path))
    }

    /// Every analyst edit of a tracked decision, by decision key.
    pub fn decision_edits(&self) -> Result<HashMap<String, DecisionEdit>, StoreError> {
        decisions::decision_edits(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Sets the analyst's edit of the tracked decision `key`, replacing any earlier one. It is
    /// kept under the key whatever re-analysis does.
    pub fn set_decision_edit(&mut self, key: &str, edit: &DecisionEdit) -> Result<(), StoreError> {
        decisions::set_decision_edit(&self.conn, key, edit, &now_rfc3339())
            .map_err(StoreError::sqlite(&self.path))
    }

    /// Removes the analyst's edit of the tracked decision `key`; true when there was one.
    pub fn clear_decision_edit(&mut self, key: &str) -> Result<bool, StoreError> {
        decisions::clear_decision_edit(&self.conn, key).map_err(StoreError::sqlite(&self.path))
    }

    /// The analyst's own gazetteer entries (names the entity pass should know).
    pub fn user_entries(&self) -> Result<Vec<UserEntry>, StoreError> {
        queries::user_entries(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Adds a gazetteer entry, or replaces the aliases of the one with its kind and name.
    pub fn put_user_entry(&mut self, entry: &UserEntry) -> Result<(), StoreError> {
        queries::put_user_entry(&self.conn, entry).map_err(StoreError::sqlite(&self.path))
    }

    /// Removes a gazetteer entry.
    pub fn remove_user_entry(&mut self, kind: EntityKind, name: &str) -> Result<(), StoreError> {
        queries::remove_user_entry(&self.conn, kind, name).map_err(StoreError::sqlite(&self.path))
    }

    /// A value the app stored with [`Project::set_ui_state`].
    pub fn ui_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        queries::ui_state(&self.conn, key).map_err(StoreError::sqlite(&self.path))
    }

    /// Stores (or replaces) a value for the app to find next time.
    pub fn set_ui_state(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        queries::set_ui_state(&self.conn, key, value).map_err(StoreError::sqlite(&self.path))
    }
}

/// One import batch: a write transaction on the project. Dropping it uncommitted rolls it back.
pub struct ImportTx<'p> {
    tx: Transaction<'p>,
    path: &'p Path,
    /// One timestamp for the whole batch.
    imported_at: String,
}

impl ImportTx<'_> {
    /// Stores one article (and indexes it for search); returns its new id.
    ///
    /// `duplicate_of` must name an article already in the project (or earlier in this batch).
    /// `signature` is the near-duplicate signature, stored as given and returned by
    /// [`Project::dedup_keys`].
    pub fn insert_article(
        &mut self,
        draft: &ArticleDraft,
        duplicate_of: Option<DuplicateOf>,
        signature: &[u8],
    ) -> Result<ArticleId, StoreError> {
        queries::insert_article(&self.tx, draft, duplicate_of, signature, &self.imported_at)
            .map_err(StoreError::sqlite(self.path))
    }

    /// True when the project already holds an article with this source path and content hash
    /// among those with an id of at most `up_to` (see [`Project::last_article_id`]): the same
    /// file with the same content, imported before.
    pub fn imported_before(
        &self,
        source_path: &str,
        content_hash: &str,
        up_to: ArticleId,
    ) -> Result<bool, StoreError> {
        queries::imported_before(&self.tx, source_path, content_hash, up_to)
            .map_err(StoreError::sqlite(self.path))
    }

    /// Makes the batch permanent.
    pub fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().map_err(StoreError::sqlite(self.path))
    }
}

/// Now, as an RFC 3339 UTC string (`2024-05-01T12:00:00.123Z`).
fn now_rfc3339() -> String {
    jiff::Timestamp::now().to_string()
}
