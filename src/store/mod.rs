//! The project file: one SQLite database per `.dossier` project, opened by one writer at a time.
//!
//! [`Project::open`] inspects a file before it changes anything in it (see `open.rs`), holds an
//! exclusive advisory lock on it for as long as the project is open, and upgrades older schemas
//! (`schema.rs`) in one transaction. Every query is one small function in `queries.rs` (those
//! of the decisions pass in `decisions.rs`); the methods here only name the file in errors.

pub mod checked;
mod decisions;
mod lists;
mod open;
mod queries;
pub mod schema;
pub mod search;
mod stories;
mod summaries;
mod undo;
mod views;
pub use decisions::{Rewrite, StagedDecision, StoredDecision, TrackedChunks};
pub use queries::{LinkDigests, StoredEvents};
pub use stories::StoredProfile;
pub use summaries::{NewSummary, SummaryPart};
pub use undo::Undone;
pub use views::{RegistryReader, id_ranges};

pub use lists::{
    ListInfo, NewHit, StoredHit, Verdict, current as current_lists, entry_key, listed_actors,
};
pub use open::is_project_file;

use crate::actors::{ActorRow, Actors, Edit, MentionRow};
use crate::model::EntityKind;
use crate::model::UserEntry;
use crate::model::{
    Article, ArticleDraft, ArticleId, ArticleSummary, Date, DecisionEdit, DecisionRow, DuplicateOf,
    QuoteFix, QuoteRow, SearchHit, TimelineEvent, TrackedDecisionRow,
};
use crate::model::{DocumentDate, Timex};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::Serialize;
use std::collections::HashMap;
use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Everything that can go wrong with a project file. Each message is one line naming the file
/// and the reason (the reason is part of the message, not a separate `source`, so that a chain
/// of errors does not print it twice).
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
    /// SQLite found the file damaged (`SQLITE_CORRUPT`, `SQLITE_NOTADB`), at opening, in
    /// [`Project::check`] or in any later query.
    #[error("{path}: the project file is damaged ({detail}); open a backup copy")]
    Damaged { path: String, detail: String },
    /// A change was asked of a project opened for reading.
    #[error(
        "{path} is read-only{}: opened for reading, nothing can be changed",
        because(reason)
    )]
    ReadOnly {
        path: String,
        /// Why, when known.
        reason: Option<ReadOnly>,
    },
    /// A read-only project whose schema is older than this build's: it would need upgrading.
    #[error(
        "{path} is read-only ({reason}) and made by an older Dossier (schema version {found}); open a writable copy to upgrade it"
    )]
    ReadOnlyOld {
        path: String,
        reason: ReadOnly,
        found: i64,
    },
    #[error("{path}: the disk is full; the project keeps everything saved before this step")]
    DiskFull { path: String },
    /// A search asked of a scratch project ([`Project::scratch`]), which has no full-text index.
    #[error(
        "{path} has no full-text index: search works on a project file (`dossier import` the articles into one)"
    )]
    NoSearchIndex { path: String },
    /// A second connection asked of a scratch project, which has no file to open again.
    #[error("{path} has no file: it cannot be opened again")]
    NoFile { path: String },
    #[error("search query too long: {found} {unit} (at most {max})")]
    QueryTooLong {
        found: usize,
        max: usize,
        unit: &'static str,
    },
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path}: database error: {error}")]
    Sqlite {
        path: String,
        error: rusqlite::Error,
    },
}

fn because(reason: &Option<ReadOnly>) -> String {
    reason.map(|r| format!(" ({r})")).unwrap_or_default()
}

impl StoreError {
    fn sqlite(path: &Path) -> impl FnOnce(rusqlite::Error) -> StoreError + '_ {
        move |error| StoreError::from_sqlite(path, error, None)
    }

    /// One SQLite error as the user should read it: a damaged file, a full disk and a refused
    /// write each get their own message; anything else is a database error.
    fn from_sqlite(path: &Path, error: rusqlite::Error, read_only: Option<ReadOnly>) -> StoreError {
        let path = path.display().to_string();
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StoreError::Damaged {
                    path,
                    detail: error.to_string(),
                }
            }
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull { path },
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly {
                path,
                reason: read_only,
            },
            _ => StoreError::Sqlite { path, error },
        }
    }
}

/// Why a project is open for reading only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadOnly {
    /// [`Project::open_read_only`] asked for it.
    Asked,
    /// The file cannot be written (its permissions, or a read-only file system).
    File,
    /// Its folder cannot be written, so SQLite cannot keep its `-wal` and `-shm` files there.
    Folder,
    /// The disk is full, so SQLite cannot make the files it writes beside the project.
    DiskFull,
}

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ReadOnly::Asked => "opened read-only on request",
            ReadOnly::File => "the file is write-protected",
            ReadOnly::Folder => "its folder is write-protected",
            ReadOnly::DiskFull => "the disk is full",
        })
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

/// The `meta` key of [`Project::timeline_whole`].
const TIMELINE_WHOLE: &str = "timeline_whole";

/// An open project file. Only one `Project` per file exists at a time, across all processes.
pub struct Project {
    // Field order matters: fields drop in declaration order, so `conn` closes before `_lock`.
    // `_lock` is a second descriptor of the database file. Closing *any* descriptor of a file
    // releases every POSIX (fcntl) lock this process holds on it, and SQLite's locks are POSIX
    // locks; dropping `_lock` first would silently strip the still-open connection of its locks.
    conn: Connection,
    path: PathBuf,
    /// Holds the exclusive advisory lock (`File::try_lock`, flock on Linux) that keeps a second
    /// Dossier window or process from opening the file while this one has it. `None` for a
    /// reader ([`Readers::open`]), which leans on the lock of the project it reads.
    _lock: Option<File>,
    /// Why the project is open for reading only; `None` when it is writable.
    read_only: Option<ReadOnly>,
    /// Lists the file as open in this process until the lock and connection are gone, so that
    /// a second open in this process is refused without opening (and closing) a descriptor.
    /// `None` for a reader.
    _registration: Option<open::Registration>,
    /// A scratch project ([`Project::scratch`]): no file, no full-text index.
    scratch: bool,
}

/// Opens further read-only connections to an open project, for threads that read while the
/// project's own connection stays where it is (the GUI builds its views this way): SQLite's
/// WAL journal lets readers read the last committed state while one connection writes. Made by
/// [`Project::readers`]; it holds only the path, so it outlives a project moved to a worker.
#[derive(Clone, Debug)]
pub struct Readers {
    path: PathBuf,
    /// How the project itself was opened: a read-only project is read as it was opened
    /// (without creating a `-wal` or `-shm` file).
    read_only: Option<ReadOnly>,
    /// The project is a scratch project, which cannot be opened again.
    scratch: bool,
}

impl Readers {
    /// A reader: a `Project` on a connection of its own that every query works on and every
    /// write is refused by (it says the project was opened read-only on request). It takes no
    /// file lock and no place in the list of open projects: it is opened through SQLite alone,
    /// so closing it never drops the writer's locks, and it is meant to live no longer than the
    /// project it reads.
    pub fn open(&self) -> Result<Project, StoreError> {
        if self.scratch {
            return Err(StoreError::NoFile {
                path: self.path.display().to_string(),
            });
        }
        let conn = open::reader_connection(&self.path, self.read_only.is_some())?;
        Ok(Project {
            conn,
            path: self.path.clone(),
            _lock: None,
            read_only: Some(ReadOnly::Asked),
            _registration: None,
            scratch: false,
        })
    }
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
    /// `application_id` or no `meta` table), one newer than [`schema::VERSION`], one cut short
    /// or damaged where opening reads it (see [`Project::check`] for the rest), and one that is
    /// open elsewhere; every refusal leaves the file's bytes untouched and creates no `-wal` or
    /// `-shm` file. An older project is upgraded in one transaction. A project that cannot be
    /// written (the file or its folder write-protected, or the disk full) is opened for reading,
    /// as [`Project::open_read_only`] does; [`Project::read_only`] says why.
    pub fn open(path: &Path) -> Result<Project, StoreError> {
        open::open(path, open::Access::Open)
    }

    /// Creates a new project at `path` (its parent directory must exist), or opens the existing
    /// one as [`Project::open`] does. An existing empty (0-byte) file is made into a project.
    pub fn create_or_open(path: &Path) -> Result<Project, StoreError> {
        open::open(path, open::Access::Create)
    }

    /// Opens an existing project for reading only: nothing in it can change, and no `-wal` or
    /// `-shm` file is made beside it. [`Project::open`] does the same by itself when the file
    /// or its folder is write-protected or the disk is full.
    pub fn open_read_only(path: &Path) -> Result<Project, StoreError> {
        open::open(path, open::Access::ReadOnly)
    }

    /// A scratch project for one command's work (the one-shot `analyze FOLDER --json DIR`):
    /// SQLite's private temporary database, kept in memory while it fits and otherwise in a
    /// file SQLite deletes itself, never synced to disk, and without the full-text index and
    /// the triggers that fill it, so importing writes only the articles. Nothing of it outlives
    /// the value. Every query and pass works on it; [`Project::search`] and
    /// [`Project::search_count`] refuse it ([`StoreError::NoSearchIndex`]), and its
    /// [`Readers`] open nothing ([`StoreError::NoFile`]). Errors call it `(temporary project)`.
    pub fn scratch() -> Result<Project, StoreError> {
        Ok(Project {
            conn: open::scratch_connection()?,
            path: PathBuf::from(open::SCRATCH_NAME),
            _lock: None,
            read_only: None,
            _registration: None,
            scratch: true,
        })
    }

    /// True for a scratch project ([`Project::scratch`]): it has no file to protect or open.
    pub fn is_scratch(&self) -> bool {
        self.scratch
    }

    /// How to open readers of this project on other threads (see [`Readers`]).
    pub fn readers(&self) -> Readers {
        Readers {
            path: self.path.clone(),
            read_only: self.read_only,
            scratch: self.scratch,
        }
    }

    /// Why the project is open for reading only, or `None` when it can be changed.
    pub fn read_only(&self) -> Option<ReadOnly> {
        self.read_only
    }

    /// `Ok` when the project can be changed; else the one-line reason why not (the disk being
    /// full, or the file being read-only).
    pub fn writable(&self) -> Result<(), StoreError> {
        let path = self.path.display().to_string();
        match self.read_only {
            None => Ok(()),
            Some(ReadOnly::DiskFull) => Err(StoreError::DiskFull { path }),
            Some(reason) => Err(StoreError::ReadOnly {
                path,
                reason: Some(reason),
            }),
        }
    }

    /// Reads every page of the file and checks its structure (SQLite's `quick_check`, about a
    /// quarter of a second per 100 MB); a damaged page anywhere gives [`StoreError::Damaged`].
    /// Opening checks only the header, the schema and the file's length, since a command may
    /// read a small part of a large project: the command line runs this before every command
    /// whose project changed since a command last found it sound ([`checked`]), so that every
    /// command refuses a damaged project alike.
    pub fn check(&self) -> Result<(), StoreError> {
        match queries::quick_check(&self.conn).map_err(self.error())? {
            None => Ok(()),
            Some(detail) => Err(StoreError::Damaged {
                path: self.path.display().to_string(),
                detail,
            }),
        }
    }

    /// SQLite's `data_version` of this connection: it changes when another connection (of this
    /// process or another) commits to the project, and only then.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        queries::data_version(&self.conn).map_err(self.error())
    }

    /// Maps an SQLite error of this project to the message the user reads.
    fn error(&self) -> impl FnOnce(rusqlite::Error) -> StoreError + '_ {
        move |error| StoreError::from_sqlite(&self.path, error, self.read_only)
    }

    /// The project file's path, as given when it was opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file (always [`schema::VERSION`] once open).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        queries::user_version(&self.conn).map_err(self.error())
    }

    /// A value from the `meta` table: `app`, `created_at`, `created_by`.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        queries::meta(&self.conn, key).map_err(self.error())
    }

    /// How many articles the project holds, duplicates included.
    pub fn article_count(&self) -> Result<usize, StoreError> {
        queries::article_count(&self.conn).map_err(self.error())
    }

    /// One article with its full text, or `None` when there is no article with that id.
    pub fn article(&self, id: ArticleId) -> Result<Option<Article>, StoreError> {
        queries::article(&self.conn, id).map_err(self.error())
    }

    /// All articles in id order, with full text — used by analysis and export.
    pub fn articles(&self) -> Result<Vec<Article>, StoreError> {
        queries::articles(&self.conn).map_err(self.error())
    }

    /// All articles in id order, without their texts (read from a covering index).
    pub fn article_summaries(&self) -> Result<Vec<ArticleSummary>, StoreError> {
        queries::article_summaries(&self.conn).map_err(self.error())
    }

    /// Runs `write` in one immediate transaction, committed when it succeeds.
    fn write<T>(
        &mut self,
        write: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        self.writable()?;
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
        self.writable()?;
        let Project { conn, path, .. } = self;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::sqlite(path))?;
        let next_id = queries::last_article_id(&tx)
            .map_err(StoreError::sqlite(path))?
            .map_or(1, |last| last.0.saturating_add(1));
        Ok(ImportTx {
            tx,
            path,
            imported_at: now_rfc3339(),
            next_id,
            pending: Vec::new(),
        })
    }

    /// Bulk writes on or off. While on, the write-ahead log is copied into the project file
    /// once it holds [`BULK_CHECKPOINT_PAGES`] pages (64 MiB) rather than SQLite's 1,000 (4 MiB):
    /// the pages an import rewrites again and again (index pages, the full-text index's
    /// segments as they merge) are copied once per 64 MiB of changes, not sixteen times. Turning
    /// it off copies what the log holds and goes back to 1,000 pages. It holds for this
    /// connection only; nothing is stored in the file.
    pub fn set_bulk_writes(&mut self, bulk: bool) -> Result<(), StoreError> {
        self.writable()?;
        let pages = if bulk { BULK_CHECKPOINT_PAGES } else { 1000 };
        self.conn
            .pragma_update(None, "wal_autocheckpoint", pages)
            .map_err(self.error())?;
        if !bulk {
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                .map_err(self.error())?;
        }
        Ok(())
    }

    /// The highest article id so far, `None` for an empty project. Articles stored later get
    /// higher ids, so this marks what was in the project before an import.
    pub fn last_article_id(&self) -> Result<Option<ArticleId>, StoreError> {
        queries::last_article_id(&self.conn).map_err(StoreError::sqlite(&self.path))
    }

    /// Calls `f` with every stored article's dedup key, `(id, content_hash, signature)`, in id
    /// order, one row at a time (nothing is collected); only articles that are not themselves
    /// duplicates.
    pub fn each_dedup_key(&self, f: impl FnMut(ArticleId, &str, &[u8])) -> Result<(), StoreError> {
        queries::each_dedup_key(&self.conn, f).map_err(self.error())
    }

    /// Full-text search over titles and texts, best first (BM25, title weighted 10:1), at most
    /// `limit` hits, each with a ~30-word snippet and the matched byte ranges.
    ///
    /// `query` is what the user typed: words, `"quoted phrases"` and `prefix*`, all of which
    /// must occur. No input raises an FTS syntax error: every term is quoted, and terms without
    /// a letter or digit are dropped; a query left empty finds nothing. A query longer than
    /// [`search::MAX_QUERY_CHARS`] characters or [`search::MAX_QUERY_WORDS`] words is refused
    /// ([`StoreError::QueryTooLong`]). Matching ignores case and diacritics. Each hit costs time
    /// in proportion to its article's length (see `search.rs`). When more than
    /// [`search::MAX_RANKED`] articles match, only the newest that many are ranked.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        self.searchable()?;
        let Some(query) = search::parse(query)? else {
            return Ok(Vec::new());
        };
        let found = queries::search(&self.conn, &query.fts5, limit, search::MAX_RANKED)
            .map_err(self.error())?;
        Ok(found
            .into_iter()
            .map(|(hit, text)| {
                let highlight = search::highlight(&text, &query);
                SearchHit {
                    snippet: highlight.snippet,
                    snippet_matches: highlight.snippet_matches,
                    text_matches: highlight.text_matches,
                    ..hit
                }
            })
            .collect())
    }

    /// `Ok` when the project has its full-text index (every project but a scratch one).
    fn searchable(&self) -> Result<(), StoreError> {
        if self.scratch {
            return Err(StoreError::NoSearchIndex {
                path: self.path.display().to_string(),
            });
        }
        Ok(())
    }

    /// Every outlet the project's articles name, once each.
    pub fn outlets(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL")
            .map_err(self.error())?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(self.error())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.error())
    }

    /// How many articles match `query` in all (the list [`Project::search`] gives is capped).
    pub fn search_count(&self, query: &str) -> Result<usize, StoreError> {
        self.searchable()?;
        let Some(query) = search::parse(query)? else {
            return Ok(0);
        };
        queries::search_count(&self.conn, &query.fts5).map_err(self.error())
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
        queries::insert_pass_run(&self.conn, &run).map_err(self.error())
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
        self.analysed_by_in(ArticleId(i64::MIN), ArticleId(i64::MAX))
    }

    /// [`Project::analysed_by`] for the articles with ids from `first` to `last`.
    pub fn analysed_by_in(
        &self,
        first: ArticleId,
        last: ArticleId,
    ) -> Result<HashMap<ArticleId, Vec<(String, u32)>>, StoreError> {
        queries::analysed_by(&self.conn, first, last).map_err(StoreError::sqlite(&self.path))
    }

    /// Every recorded pass run, oldest first.
    pub fn pass_runs(&self) -> Result<Vec<PassRun>, StoreError> {
        queries::pass_runs(&self.conn).map_err(self.error())
    }

    /// Up to `limit` articles with ids above `after`, in id order, without their original
    /// markup: what the analysis passes read, a batch at a time.
    pub fn articles_to_analyse(
        &self,
        after: ArticleId,
        limit: usize,
    ) -> Result<Vec<Article>, StoreError> {
        queries::articles_to_analyse(&self.conn, after, limit).map_err(self.error())
    }

    /// Replaces, in one transaction, the mentions, quotes, dates and time expressions of the
    /// articles of `batch` (their mentions linked to no actor until
    /// [`Project::link_mentions`]) and their summaries, and notes that `passes` (name,
    /// version) analysed them.
    pub fn replace_article_rows(
        &mut self,
        batch: &[ArticleId],
        mentions: &[MentionRow],
        quotes: &[(ArticleId, Vec<QuoteRow>)],
        timelines: &[(ArticleId, DocumentDate, Vec<Timex>)],
        summaries: &[NewSummary],
        passes: &[(&str, u32)],
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            queries::replace_article_rows(tx, batch, mentions, quotes, timelines)?;
            summaries::replace_summaries(tx, summaries)?;
            for (pass, version) in passes {
                queries::mark_analysed(tx, pass, *version, batch)?;
            }
            Ok(())
        })
    }

    /// Stores the registry `actors` (in its order, most mentioned first), each keeping the
    /// row id of the stored actor of the same name and kind; actors no longer in it go, their
    /// mentions unlinked, and the digests of earlier links are forgotten. Returns each actor's
    /// row id. Then [`Project::stage_links`] and [`Project::link_mentions`] link the mentions.
    pub fn replace_registry(&mut self, actors: &[ActorRow]) -> Result<Vec<i64>, StoreError> {
        self.write(|tx| queries::replace_registry(tx, actors))
    }

    /// The digests of the links [`Project::link_mentions`] applied last, by chunk of
    /// articles (first and last id): none once [`Project::replace_registry`] has run since,
    /// nor for a chunk an article of which [`Project::replace_article_rows`] wrote again.
    pub fn link_digests(&self) -> Result<LinkDigests, StoreError> {
        queries::link_digests(&self.conn).map_err(self.error())
    }

    /// Notes, for [`Project::link_mentions`], which actor each of some articles' names
    /// belongs to: `links` holds (article, local name, actor row id). The notes are the
    /// connection's own (nothing in the project changes) and may come in several calls, so
    /// that no caller holds every article's names at once; `fresh` drops the notes of an
    /// earlier call first.
    pub fn stage_links(
        &mut self,
        links: &[(ArticleId, &str, i64)],
        fresh: bool,
    ) -> Result<(), StoreError> {
        self.write(|tx| queries::stage_links(tx, links, fresh))
    }

    /// Links every mention to the actor its article's name for it belongs to, as
    /// [`Project::stage_links`] noted (the notes are then cleared), and keeps `digests` (by
    /// chunk of articles) of the links, so that the next run can tell the chunks whose links
    /// are unchanged.
    pub fn link_mentions(&mut self, digests: &LinkDigests) -> Result<(), StoreError> {
        self.write(|tx| queries::link_mentions(tx, digests))
    }

    /// Every registry actor the entity pass stored.
    pub fn actor_rows(&self) -> Result<Vec<ActorRow>, StoreError> {
        queries::actor_rows(&self.conn).map_err(self.error())
    }

    /// Every mention (`None`) or one article's, in text order.
    pub fn mention_rows(&self, article: Option<ArticleId>) -> Result<Vec<MentionRow>, StoreError> {
        queries::mention_rows(&self.conn, article).map_err(self.error())
    }

    /// The mentions of the articles with ids from `first` to `last`, in text order.
    pub fn mention_rows_in(
        &self,
        first: ArticleId,
        last: ArticleId,
    ) -> Result<Vec<MentionRow>, StoreError> {
        queries::mention_rows_in(&self.conn, first, last).map_err(self.error())
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
        let now = now_rfc3339();
        self.write(|tx| {
            let seq = queries::add_actor_edit(tx, edit, &now)?;
            let carried = lists::carry_screening(tx, edit, &now)?;
            let step = undo::Step::ActorEdit { seq, carried };
            undo::record(tx, &edit.describe(), &step, &now)
        })
    }

    /// Every analyst edit of the entity layer, oldest first.
    pub fn actor_edits(&self) -> Result<Vec<Edit>, StoreError> {
        queries::actor_edits(&self.conn).map_err(self.error())
    }

    /// Takes back the newest analyst edit of any kind (see [`undo`]); its label, or `None`
    /// when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<Undone>, StoreError> {
        self.write(|tx| undo::undo(tx))
    }

    /// What [`Project::undo`] would take back, if anything.
    pub fn undo_label(&self) -> Result<Option<String>, StoreError> {
        undo::next_label(&self.conn).map_err(self.error())
    }

    /// Replaces the date and time expressions of each article of `results`, in one
    /// transaction; other articles' are untouched.
    pub fn replace_timeline_of(
        &mut self,
        results: &[(ArticleId, DocumentDate, Vec<Timex>)],
    ) -> Result<(), StoreError> {
        self.write(|tx| queries::replace_timeline_of(tx, results))
    }

    /// The date an article speaks from, once the timeline pass has run.
    pub fn document_date(&self, article: ArticleId) -> Result<Option<DocumentDate>, StoreError> {
        queries::document_date(&self.conn, article).map_err(self.error())
    }

    /// One article's time expressions, in text order.
    pub fn timexes(&self, article: ArticleId) -> Result<Vec<Timex>, StoreError> {
        queries::timexes(&self.conn, article).map_err(self.error())
    }

    /// One article's quotes, in text order.
    pub fn quotes(&self, article: ArticleId) -> Result<Vec<QuoteRow>, StoreError> {
        queries::quotes(&self.conn, article).map_err(self.error())
    }

    /// Replaces the project timeline (merged events and their reports) in one transaction,
    /// writing only the events and reports that differ from the stored ones (events are
    /// matched by id: give each the same id in every run, see `jobs::events`). `whole`, given
    /// when the timeline was merged from every report anew, is kept with it (see
    /// [`Project::timeline_whole`]).
    pub fn replace_events(
        &mut self,
        events: &[TimelineEvent],
        whole: Option<&str>,
    ) -> Result<(), StoreError> {
        let stored = self.stored_events()?;
        self.replace_events_over(events, &stored, whole)
    }

    /// The stored project timeline as [`Project::replace_events_over`] compares it, read here
    /// (a reader may read it while the project's own connection writes other tables).
    pub fn stored_events(&self) -> Result<StoredEvents, StoreError> {
        self.stored_events_each(true, |_, _, _, _| ())
            .map(Option::unwrap_or_default)
    }

    /// Calls `f` with each stored report of an event of the project timeline: the event's id,
    /// the article, the sentence's byte range and the value it gives, in the order written;
    /// with `keep`, also reads [`Project::stored_events`] on the way and returns it.
    pub fn stored_events_each(
        &self,
        keep: bool,
        f: impl FnMut(i64, ArticleId, std::ops::Range<usize>, &str),
    ) -> Result<Option<StoredEvents>, StoreError> {
        queries::stored_events(&self.conn, keep, f).map_err(self.error())
    }

    /// [`Project::replace_events`], comparing with `stored` instead of reading the stored
    /// timeline: `stored` must be what [`Project::stored_events`] read of this project (here or
    /// through a reader) with nothing written to the timeline since, or events would be
    /// written twice or not at all.
    pub fn replace_events_over(
        &mut self,
        events: &[TimelineEvent],
        stored: &StoredEvents,
        whole: Option<&str>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            queries::write_events(tx, events, stored)?;
            match whole {
                Some(whole) => queries::set_meta(tx, TIMELINE_WHOLE, whole),
                None => Ok(()),
            }
        })
    }

    /// What the last timeline merged from every report anew noted of itself
    /// ([`Project::replace_events`]); `None` before one, or once forgotten.
    pub fn timeline_whole(&self) -> Result<Option<String>, StoreError> {
        self.meta(TIMELINE_WHOLE)
    }

    /// Forgets [`Project::timeline_whole`], so that the next analysis merges the timeline from
    /// every report anew.
    pub fn forget_timeline_whole(&mut self) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM meta WHERE key = ?1", [TIMELINE_WHOLE])
                .map(drop)
        })
    }

    /// The project timeline: every merged event with its reports, by date value, then label.
    pub fn events(&self) -> Result<Vec<TimelineEvent>, StoreError> {
        queries::events(&self.conn).map_err(self.error())
    }

    /// The reports of the event `id` (empty when there is none), as [`Project::events`] lists
    /// them.
    pub fn event_reports(&self, id: i64) -> Result<Vec<crate::model::EventReport>, StoreError> {
        queries::event_reports(&self.conn, id).map_err(self.error())
    }

    /// Sets the date an article speaks from (the analyst's correction), or with `None` goes
    /// back to what the timeline pass finds.
    pub fn set_article_date(
        &mut self,
        article: ArticleId,
        date: Option<Date>,
    ) -> Result<(), StoreError> {
        let now = now_rfc3339();
        self.write(|tx| {
            let previous = undo::article_date(tx, article)?;
            queries::set_article_date(tx, article, date, &now)?;
            let label = match date {
                Some(d) => format!("set the article's date to {d}"),
                None => "clear the article's date".to_string(),
            };
            undo::record(
                tx,
                &label,
                &undo::Step::ArticleDate {
                    article: article.0,
                    previous,
                },
                &now,
            )
        })
    }

    /// Every article date the analyst set.
    pub fn article_date_corrections(&self) -> Result<HashMap<ArticleId, Date>, StoreError> {
        queries::article_date_corrections(&self.conn).map_err(self.error())
    }

    /// Sets the value of the time expression at `range` (the analyst's correction), or with
    /// `None` goes back to the pass's value.
    pub fn set_timex_value(
        &mut self,
        article: ArticleId,
        range: &Range<usize>,
        value: Option<&str>,
    ) -> Result<(), StoreError> {
        let now = now_rfc3339();
        let label = match value {
            Some(v) => format!("set a time expression to {v}"),
            None => "clear a time expression's value".to_string(),
        };
        self.write(|tx| {
            let step = span_step(tx, article, range, "timex")?;
            queries::set_timex_value(tx, article, range, value, &now)?;
            undo::record(tx, &label, &step, &now)
        })
    }

    /// Every time-expression value the analyst set: (article, span, value).
    pub fn timex_corrections(&self) -> Result<Vec<(ArticleId, Range<usize>, String)>, StoreError> {
        queries::timex_corrections(&self.conn).map_err(self.error())
    }

    /// Every quote of the project with the text of its cue and content, analyst fixes not
    /// applied (see [`crate::model::QuoteFix`]).
    pub fn all_quotes(&self) -> Result<Vec<(ArticleId, QuoteRow, String, String)>, StoreError> {
        queries::all_quotes(&self.conn).map_err(self.error())
    }

    /// Records the analyst's fix of the quote at `range` (reject it, or name its speaker), or
    /// with `None` removes it.
    pub fn set_quote_fix(
        &mut self,
        article: ArticleId,
        range: &Range<usize>,
        fix: Option<&QuoteFix>,
    ) -> Result<(), StoreError> {
        let now = now_rfc3339();
        let label = match fix {
            Some(QuoteFix::Speaker(name)) => format!("give a quote to {name}"),
            Some(QuoteFix::Reject) => "reject a quote".to_string(),
            None => "clear a quote's fix".to_string(),
        };
        self.write(|tx| {
            let step = span_step(tx, article, range, "quote")?;
            queries::set_quote_fix(tx, article, range, fix, &now)?;
            undo::record(tx, &label, &step, &now)
        })
    }

    /// Every quote fix, by (article, quote span).
    pub fn quote_fixes(&self) -> Result<HashMap<(ArticleId, Range<usize>), QuoteFix>, StoreError> {
        queries::quote_fixes(&self.conn).map_err(self.error())
    }

    /// One article's decisions, in text order.
    pub fn decisions(&self, article: ArticleId) -> Result<Vec<DecisionRow>, StoreError> {
        decisions::decisions(&self.conn, article).map_err(self.error())
    }

    /// Every tracked decision with its status history, by the date of its first step.
    pub fn tracked_decisions(&self) -> Result<Vec<TrackedDecisionRow>, StoreError> {
        decisions::tracked_decisions(&self.conn).map_err(self.error())
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
        decisions::decision_edit(&self.conn, key).map_err(self.error())
    }

    /// Every analyst edit of a tracked decision, by decision key.
    pub fn decision_edits(&self) -> Result<HashMap<String, DecisionEdit>, StoreError> {
        decisions::decision_edits(&self.conn).map_err(self.error())
    }

    /// Sets the analyst's edit of the tracked decision `key`, replacing any earlier one. It is
    /// kept under the key whatever re-analysis does.
    pub fn set_decision_edit(&mut self, key: &str, edit: &DecisionEdit) -> Result<(), StoreError> {
        let now = now_rfc3339();
        self.write(|tx| {
            let previous = decisions::decision_edit(tx, key)?.map(|(e, _)| e);
            decisions::set_decision_edit(tx, key, edit, &now)?;
            let step = undo::Step::DecisionEdit {
                key: key.to_string(),
                previous,
            };
            undo::record(tx, &format!("track {}", decision_label(key)), &step, &now)
        })
    }

    /// Removes the analyst's edit of the tracked decision `key`; true when there was one.
    pub fn clear_decision_edit(&mut self, key: &str) -> Result<bool, StoreError> {
        let now = now_rfc3339();
        self.write(|tx| {
            let previous = decisions::decision_edit(tx, key)?.map(|(e, _)| e);
            let cleared = decisions::clear_decision_edit(tx, key)?;
            if cleared {
                let step = undo::Step::DecisionEdit {
                    key: key.to_string(),
                    previous,
                };
                let label = format!("clear the tracking of {}", decision_label(key));
                undo::record(tx, &label, &step, &now)?;
            }
            Ok(cleared)
        })
    }

    /// The analyst's own gazetteer entries (names the entity pass should know).
    pub fn user_entries(&self) -> Result<Vec<UserEntry>, StoreError> {
        queries::user_entries(&self.conn).map_err(self.error())
    }

    /// Adds a gazetteer entry, or replaces the aliases of the one with its kind and name.
    pub fn put_user_entry(&mut self, entry: &UserEntry) -> Result<(), StoreError> {
        queries::put_user_entry(&self.conn, entry).map_err(self.error())
    }

    /// Removes a gazetteer entry.
    pub fn remove_user_entry(&mut self, kind: EntityKind, name: &str) -> Result<(), StoreError> {
        queries::remove_user_entry(&self.conn, kind, name).map_err(self.error())
    }

    /// A value the app stored with [`Project::set_ui_state`].
    pub fn ui_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        queries::ui_state(&self.conn, key).map_err(self.error())
    }

    /// Stores (or replaces) a value for the app to find next time.
    pub fn set_ui_state(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        queries::set_ui_state(&self.conn, key, value).map_err(self.error())
    }
}

/// Pages of write-ahead log at which [`Project::set_bulk_writes`] has it copied into the file.
pub const BULK_CHECKPOINT_PAGES: i64 = 16_384;

/// Articles an [`ImportTx`] holds before writing them together.
const PENDING_ARTICLES: usize = 256;

/// One import batch: a write transaction on the project. Dropping it uncommitted rolls it back.
///
/// Articles are written [`PENDING_ARTICLES`] at a time, in one statement: SQLite opens a
/// statement savepoint for each `INSERT` whose trigger fills the full-text index, and FTS5
/// writes its pending index data to disk as a new segment at every savepoint. One article per
/// statement made one tiny segment per article, and merging them took more than half of an
/// import's time.
pub struct ImportTx<'p> {
    tx: Transaction<'p>,
    path: &'p Path,
    /// One timestamp for the whole batch.
    imported_at: String,
    /// The id the next article gets: ids are given here, in order, as SQLite would give them.
    next_id: i64,
    /// Articles given to [`ImportTx::insert_article`] and not yet written, in id order.
    pending: Vec<PendingArticle>,
}

/// An article an [`ImportTx`] has given an id but not yet written.
struct PendingArticle {
    id: ArticleId,
    draft: ArticleDraft,
    duplicate_of: Option<DuplicateOf>,
    signature: Vec<u8>,
}

impl ImportTx<'_> {
    /// Stores one article (and indexes it for search); returns its new id. The article is
    /// written with the next ones, at the latest by [`ImportTx::commit`].
    ///
    /// `duplicate_of` must name an article already in the project or stored earlier in this
    /// batch (a foreign-key error otherwise). `signature` is the near-duplicate signature,
    /// stored as given and returned by [`Project::each_dedup_key`] and [`ImportTx::signature`].
    pub fn insert_article(
        &mut self,
        draft: &ArticleDraft,
        duplicate_of: Option<DuplicateOf>,
        signature: &[u8],
    ) -> Result<ArticleId, StoreError> {
        if let Some(original) = duplicate_of
            && !self.holds(original.article)?
        {
            return Err(StoreError::sqlite(self.path)(foreign_key_failure()));
        }
        let id = ArticleId(self.next_id);
        self.next_id = self
            .next_id
            .checked_add(1)
            .ok_or_else(|| StoreError::sqlite(self.path)(ids_exhausted()))?;
        self.pending.push(PendingArticle {
            id,
            draft: draft.clone(),
            duplicate_of,
            signature: signature.to_vec(),
        });
        if self.pending.len() >= PENDING_ARTICLES {
            self.write_pending()?;
        }
        Ok(id)
    }

    /// True when `article` is stored, or pending in this batch.
    fn holds(&self, article: ArticleId) -> Result<bool, StoreError> {
        if self.pending.iter().any(|p| p.id == article) {
            return Ok(true);
        }
        queries::article_signature(&self.tx, article)
            .map(|s| s.is_some())
            .map_err(StoreError::sqlite(self.path))
    }

    /// Writes the pending articles.
    fn write_pending(&mut self) -> Result<(), StoreError> {
        let rows: Vec<queries::NewArticle<'_>> = self
            .pending
            .iter()
            .map(|p| queries::NewArticle {
                id: p.id,
                draft: &p.draft,
                duplicate_of: p.duplicate_of,
                signature: &p.signature,
            })
            .collect();
        queries::insert_articles(&self.tx, &rows, &self.imported_at)
            .map_err(StoreError::sqlite(self.path))?;
        self.pending.clear();
        Ok(())
    }

    /// True when the project already holds an article with this source path and content hash
    /// among those with an id of at most `up_to` (see [`Project::last_article_id`]): the same
    /// file with the same content, imported before.
    pub fn imported_before(
        &mut self,
        source_path: &str,
        content_hash: &str,
        up_to: ArticleId,
    ) -> Result<bool, StoreError> {
        if self.pending.first().is_some_and(|p| p.id <= up_to) {
            self.write_pending()?;
        }
        queries::imported_before(&self.tx, source_path, content_hash, up_to)
            .map_err(StoreError::sqlite(self.path))
    }

    /// The stored near-duplicate signature of `article` (this batch's articles included),
    /// `None` when there is no such article.
    pub fn signature(&self, article: ArticleId) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(p) = self.pending.iter().find(|p| p.id == article) {
            return Ok(Some(p.signature.clone()));
        }
        queries::article_signature(&self.tx, article).map_err(StoreError::sqlite(self.path))
    }

    /// Writes the pending articles and makes the batch permanent.
    pub fn commit(mut self) -> Result<(), StoreError> {
        self.write_pending()?;
        self.tx.commit().map_err(StoreError::sqlite(self.path))
    }
}

/// The error SQLite gives for a `duplicate_of` naming no article.
fn foreign_key_failure() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
        Some("FOREIGN KEY constraint failed".to_owned()),
    )
}

/// The error for a project whose article ids reached the largest integer.
fn ids_exhausted() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
        Some("no article id left".to_owned()),
    )
}

/// Now, as an RFC 3339 UTC string (`2024-05-01T12:00:00.123Z`).
fn now_rfc3339() -> String {
    jiff::Timestamp::now().to_string()
}

/// The undo step that puts back what `layer` holds at a span now.
fn span_step(
    conn: &rusqlite::Connection,
    article: ArticleId,
    range: &Range<usize>,
    layer: &str,
) -> rusqlite::Result<undo::Step> {
    let (start, end) = (
        i64::try_from(range.start).unwrap_or(i64::MAX),
        i64::try_from(range.end).unwrap_or(i64::MAX),
    );
    Ok(undo::Step::SpanCorrection {
        article: article.0,
        start,
        end,
        layer: layer.to_string(),
        previous: undo::span_correction(conn, article, start, end, layer)?,
    })
}

/// A decision key (`ecowas|meeting|accra|meeting`) as an undo label names it.
fn decision_label(key: &str) -> String {
    let parts: Vec<&str> = key.split('|').filter(|p| !p.is_empty()).collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new project in `dir` holding two articles, "a" and "b", of these texts.
    pub(super) fn two_articles(dir: &Path, a: &str, b: &str) -> (Project, ArticleId, ArticleId) {
        let mut project = Project::create_or_open(&dir.join("p.dossier")).expect("create");
        let mut tx = project.begin_import().expect("begin");
        let a = tx
            .insert_article(&draft("a", a.into()), None, b"a")
            .expect("a");
        let b = tx
            .insert_article(&draft("b", b.into()), None, b"b")
            .expect("b");
        tx.commit().expect("commit");
        (project, a, b)
    }

    pub(super) fn draft(title: &str, text: String) -> ArticleDraft {
        ArticleDraft {
            title: title.to_owned(),
            title_derived: false,
            outlet: None,
            url: None,
            author: None,
            published: None,
            original: text.clone(),
            content_hash: format!("{:064x}", text.len()),
            text,
            source_path: format!("/in/{title}.txt"),
            source_name: format!("{title}.txt"),
        }
    }

    /// An event whose reports change keeps the rows of the reports it still begins with and
    /// writes only the rest again, so that a report of a newer article, which joins at the
    /// end, costs one row; the reports read back in the order given, and the same timeline
    /// written again changes no row.
    #[test]
    fn a_changed_event_rewrites_only_the_reports_after_those_it_still_begins_with() {
        let dir = tempfile::tempdir().expect("dir");
        let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
        let mut tx = project.begin_import().expect("begin");
        let ids: Vec<ArticleId> = ["a", "b", "c", "d"]
            .iter()
            .map(|t| {
                tx.insert_article(
                    &draft(t, format!("{t}: talks resumed.")),
                    None,
                    t.as_bytes(),
                )
                .expect("article")
            })
            .collect();
        tx.commit().expect("commit");
        let report = |k: usize| crate::model::EventReport {
            article: ids[k],
            sentence: 0..10,
            value: "2023-08-17".into(),
        };
        let event = |reports: &[usize]| TimelineEvent {
            id: 7,
            label: "talks resumed".into(),
            value: "2023-08-17".into(),
            actors: vec!["ECOWAS".into()],
            reports: reports.iter().map(|&k| report(k)).collect(),
            conflict: false,
        };
        let rows = |project: &Project| -> Vec<(i64, i64)> {
            let mut stmt = project
                .conn
                .prepare("SELECT id, article_id FROM event_sources WHERE event_id = 7 ORDER BY id")
                .expect("query");
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("rows")
                .collect::<rusqlite::Result<_>>()
                .expect("rows")
        };
        // another event, written after the first: its row keeps the first's ids from being
        // used again
        let other = TimelineEvent {
            id: 9,
            label: "unchanged".into(),
            reports: vec![report(3)],
            ..event(&[])
        };
        let check = |project: &mut Project, reports: &[usize]| {
            let timeline = [event(reports), other.clone()];
            project.replace_events(&timeline, None).expect("write");
            assert_eq!(project.events().expect("events"), timeline);
            rows(project)
        };
        let first = check(&mut project, &[0, 1]);
        // a report of a newer article: the two rows stay, one is added
        let grown = check(&mut project, &[0, 1, 2]);
        assert_eq!(grown[..2], first[..]);
        assert_eq!(grown.len(), 3);
        // the same again: nothing written
        assert_eq!(check(&mut project, &[0, 1, 2]), grown);
        // a report changed in the middle: the rows from it on are written again, in order
        let changed = check(&mut project, &[0, 3, 2]);
        assert_eq!(changed[0], grown[0]);
        let articles: Vec<i64> = changed.iter().map(|r| r.1).collect();
        assert_eq!(articles, [ids[0].0, ids[3].0, ids[2].0]);
        // fewer reports: the rows after those kept go
        assert_eq!(check(&mut project, &[0]), changed[..1]);
        assert_eq!(check(&mut project, &[]), Vec::new());
    }

    /// Mentions read a range of articles at a time come in article and text order, those of one
    /// start by their end, however they were written (SQLite reads them in its index's order,
    /// which holds no end: the rest of the order is made in Rust).
    #[test]
    fn mentions_of_a_range_come_by_article_start_and_end() {
        let dir = tempfile::tempdir().expect("dir");
        let (mut project, a, b) =
            two_articles(dir.path(), "President Bazoum met Tinubu.", "Tinubu spoke.");
        let mention = |article, range: Range<usize>| MentionRow {
            article,
            range,
            text: "x".into(),
            kind: EntityKind::Person,
            actor: None,
            local_name: None,
            sentence: 0,
        };
        // written out of order: the later article first, the longer of two spans first
        let written = [
            mention(b, 0..6),
            mention(a, 20..26),
            mention(a, 0..16),
            mention(a, 0..9),
            mention(a, 10..16),
        ];
        project
            .replace_article_rows(&[a, b], &written, &[], &[], &[], &[])
            .expect("rows");
        let expected = vec![(a, 0, 9), (a, 0, 16), (a, 10, 16), (a, 20, 26), (b, 0, 6)];
        let rows: Vec<_> = project
            .mention_rows_in(a, b)
            .expect("rows")
            .into_iter()
            .map(|m| (m.article, m.range.start, m.range.end))
            .collect();
        assert_eq!(rows, expected);
        let actors: Vec<_> = project
            .mention_actors_in(a, b)
            .expect("actors")
            .into_iter()
            .map(|(at, _)| at)
            .collect();
        assert_eq!(actors, expected);
    }

    /// Links noted over several calls link as one call would, and a fresh start forgets the
    /// notes of a run that stopped before linking; the digests of the links applied are kept
    /// until the mentions they cover are written again or the registry is replaced.
    #[test]
    fn staged_links_link_mentions_keep_digests_and_a_fresh_start_forgets_earlier_notes() {
        let dir = tempfile::tempdir().expect("dir");
        let (mut project, a, b) = two_articles(dir.path(), "Bazoum met Tinubu.", "Tinubu spoke.");
        let mention = |article, range: Range<usize>, name: &str| MentionRow {
            article,
            range,
            text: name.into(),
            kind: EntityKind::Person,
            actor: None,
            local_name: Some(name.into()),
            sentence: 0,
        };
        let mentions = [
            mention(a, 0..6, "Bazoum"),
            mention(a, 11..17, "Tinubu"),
            mention(b, 0..6, "Tinubu"),
        ];
        project
            .replace_article_rows(&[a, b], &mentions, &[], &[], &[], &[])
            .expect("rows");
        let row = |name: &str| ActorRow {
            id: 0,
            name: name.into(),
            kind: EntityKind::Person,
            roles: Vec::new(),
            country: None,
        };
        let actors = [row("Bola Tinubu"), row("Mohamed Bazoum")];
        let ids = project.replace_registry(&actors).expect("registry");
        let (tinubu, bazoum) = (ids[0], ids[1]);
        // a stale note from a run that stopped: Tinubu of b as Bazoum
        project
            .stage_links(&[(b, "Tinubu", bazoum)], true)
            .expect("stale");
        project.stage_links(&[], true).expect("fresh");
        project
            .stage_links(&[(a, "Bazoum", bazoum), (a, "Tinubu", tinubu)], false)
            .expect("first chunk");
        project
            .stage_links(&[(b, "Tinubu", tinubu)], false)
            .expect("second chunk");
        let digests: LinkDigests = [((a, a), "A".to_string()), ((b, b), "B".to_string())]
            .into_iter()
            .collect();
        project.link_mentions(&digests).expect("link");
        let linked: Vec<(ArticleId, Option<i64>)> = project
            .mention_rows(None)
            .expect("mentions")
            .into_iter()
            .map(|m| (m.article, m.actor))
            .collect();
        assert_eq!(
            linked,
            [(a, Some(bazoum)), (a, Some(tinubu)), (b, Some(tinubu))]
        );
        assert_eq!(project.link_digests().expect("digests"), digests);
        // the notes are spent: linking again with none changes nothing
        project.link_mentions(&digests).expect("again");
        assert_eq!(
            project.mention_rows(Some(b)).expect("b")[0].actor,
            Some(tinubu)
        );
        // b's mentions written again (unlinked): its chunk's digest goes, a's stays
        project
            .replace_article_rows(&[b], &mentions[2..], &[], &[], &[], &[])
            .expect("rows again");
        assert_eq!(project.mention_rows(Some(b)).expect("b")[0].actor, None);
        let kept = project.link_digests().expect("digests");
        assert_eq!(kept.keys().collect::<Vec<_>>(), [&(a, a)]);
        // a new registry forgets them all, since it may unlink mentions
        project.replace_registry(&actors[..1]).expect("smaller");
        assert!(project.link_digests().expect("digests").is_empty());
        assert_eq!(project.mention_rows(Some(a)).expect("a")[0].actor, None);
    }

    /// SQLite stops at `max_page_count` with the very error (`SQLITE_FULL`) a full disk gives,
    /// so capping the file at its present size stands in for filling the disk.
    #[test]
    fn a_full_disk_says_so_and_keeps_what_was_saved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("full.dossier");
        let mut project = Project::create_or_open(&path).expect("create");
        let mut tx = project.begin_import().expect("begin");
        tx.insert_article(&draft("kept", "A short article.".into()), None, b"s")
            .expect("insert");
        tx.commit().expect("commit");
        let pages: i64 = project
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .expect("page count");
        project
            .conn
            .pragma_update(None, "max_page_count", pages)
            .expect("cap");

        // Articles are written in groups, so the error comes when the group is written: at
        // the latest when the batch is committed.
        let mut tx = project.begin_import().expect("begin");
        let err = match tx.insert_article(&draft("big", "word ".repeat(200_000)), None, b"s") {
            Err(err) => {
                drop(tx);
                err
            }
            Ok(_) => tx.commit().expect_err("no room"),
        };
        assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
        let message = err.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(message.contains("the disk is full"), "{message}");
        assert!(!message.contains('\n'), "{message}");
        assert_eq!(project.article_count().expect("count"), 1);
    }

    /// Every table, index and trigger of a project's schema, by type and name.
    fn schema_names(conn: &Connection) -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare("SELECT type, name FROM sqlite_master ORDER BY type, name")
            .expect("schema");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("names")
    }

    /// A scratch project has a project file's schema without the full-text index (its table,
    /// shadow tables and triggers); it stores and reads articles, and search on it is refused
    /// with a message saying why, as is a second connection to it.
    #[test]
    fn a_scratch_project_has_no_search_index_and_refuses_search() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
        let mut project = Project::scratch().expect("scratch");
        assert!(project.is_scratch() && !file.is_scratch());
        let mut expected = schema_names(&file.conn);
        assert!(expected.iter().any(|(_, n)| n.starts_with("articles_fts")));
        expected.retain(|(_, name)| !name.starts_with("articles_fts"));
        assert_eq!(schema_names(&project.conn), expected);
        assert_eq!(project.schema_version().expect("version"), schema::VERSION);
        assert_eq!(
            project.meta("app").expect("meta").as_deref(),
            Some("Dossier")
        );

        let mut tx = project.begin_import().expect("begin");
        tx.insert_article(
            &draft("kept", "Niger's junta met on Monday.".into()),
            None,
            b"s",
        )
        .expect("insert");
        tx.commit().expect("commit");
        assert_eq!(project.article_count().expect("count"), 1);

        let error = project.search("junta", 10).expect_err("no index");
        assert!(
            matches!(error, StoreError::NoSearchIndex { .. }),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "(temporary project) has no full-text index: search works on a project file \
             (`dossier import` the articles into one)"
        );
        let count = project.search_count("junta").expect_err("no index");
        assert!(
            matches!(count, StoreError::NoSearchIndex { .. }),
            "{count:?}"
        );
        let reader = project.readers().open().expect_err("no file");
        assert!(matches!(reader, StoreError::NoFile { .. }), "{reader:?}");
        // a project file searches as before
        assert!(file.search("junta", 10).expect("search").is_empty());
    }

    #[test]
    fn reasons_are_printed_once_in_an_error_chain() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.dossier");
        let project = Project::create_or_open(&path).expect("create");
        let error = project
            .conn
            .execute("INSERT INTO no_such_table VALUES (1)", [])
            .map_err(project.error())
            .expect_err("no table");
        assert!(matches!(error, StoreError::Sqlite { .. }), "{error:?}");
        // anyhow's `{:#}` prints every source in the chain: the reason must appear once.
        let printed = format!("{:#}", anyhow::Error::new(error));
        assert_eq!(printed.matches("no such table").count(), 1, "{printed}");
        let io = StoreError::Io {
            path: "p.dossier".into(),
            error: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        let printed = format!("{:#}", anyhow::Error::new(io));
        assert_eq!(printed.matches("ermission denied").count(), 1, "{printed}");
    }

    #[test]
    fn a_search_with_more_matches_than_it_ranks_ranks_the_newest() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
        let mut tx = project.begin_import().expect("begin");
        // The older articles say "junta" more often and rank higher.
        let mut ids = Vec::new();
        for (i, repeats) in [5, 4, 3, 2, 1].into_iter().enumerate() {
            let text = format!("{}and some other words.", "junta ".repeat(repeats));
            ids.push(
                tx.insert_article(&draft(&format!("a{i}"), text), None, b"")
                    .expect("insert"),
            );
        }
        // Articles that do not match, so that the word is rare enough to score.
        for i in 0..10 {
            tx.insert_article(&draft(&format!("o{i}"), "Nothing here.".into()), None, b"")
                .expect("insert");
        }
        tx.commit().expect("commit");
        let found = |ranked| {
            queries::search(&project.conn, "\"junta\"", 10, ranked)
                .expect("search")
                .into_iter()
                .map(|(hit, _)| hit.article)
                .collect::<Vec<_>>()
        };
        assert_eq!(found(10), ids);
        assert_eq!(found(5), ids);
        // Only the newest two matches are ranked.
        assert_eq!(found(2), vec![ids[3], ids[4]]);
        assert_eq!(found(0), vec![]);
        assert_eq!(project.search_count("junta").expect("count"), 5);
    }

    #[test]
    fn pending_articles_are_written_in_id_order_with_their_signatures() {
        use crate::model::DuplicateKind;
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
        let mut tx = project.begin_import().expect("begin");
        let n = PENDING_ARTICLES * 2 + 3;
        let mut ids = Vec::new();
        for i in 0..n {
            let id = tx
                .insert_article(
                    &draft(&format!("t{i}"), format!("text {i}")),
                    None,
                    &[i as u8],
                )
                .expect("insert");
            // Written or pending, an article's signature is found.
            assert_eq!(tx.signature(id).expect("signature"), Some(vec![i as u8]));
            ids.push(id);
        }
        let dangling = DuplicateOf {
            article: ArticleId(ids[n - 1].0 + 1),
            kind: DuplicateKind::Exact,
            similarity: 1.0,
        };
        let refused = tx.insert_article(&draft("dup", "x".into()), Some(dangling), b"");
        assert!(
            matches!(refused, Err(StoreError::Sqlite { .. })),
            "{refused:?}"
        );
        let copy = DuplicateOf {
            article: ids[n - 1],
            kind: DuplicateKind::Exact,
            similarity: 1.0,
        };
        let dup = tx
            .insert_article(&draft("dup", "x".into()), Some(copy), b"")
            .expect("a duplicate of a pending article");
        tx.commit().expect("commit");
        assert_eq!(ids[0], ArticleId(1));
        assert!(ids.windows(2).all(|w| w[1].0 == w[0].0 + 1), "{ids:?}");
        assert_eq!(dup.0, ids[n - 1].0 + 1);
        let stored = project.articles().expect("articles");
        assert_eq!(stored.len(), n + 1);
        assert_eq!(stored[n - 1].title, format!("t{}", n - 1));
        assert_eq!(stored[n].duplicate_of.map(|d| d.article), Some(ids[n - 1]));
        assert_eq!(project.search_count("text").expect("count"), n);
    }

    /// Live segments of the full-text index: FTS5 keeps a segment's pages under row ids whose
    /// bits from the 37th up are the segment's id.
    fn fts_segments(project: &Project) -> i64 {
        project
            .conn
            .query_row(
                "SELECT count(DISTINCT id >> 37) FROM articles_fts_data WHERE id >> 37 > 0",
                [],
                |r| r.get(0),
            )
            .expect("segments")
    }

    #[test]
    fn a_batch_of_articles_goes_into_the_search_index_as_one_segment() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
        let n = PENDING_ARTICLES + 44;
        let insert = |tx: &mut ImportTx<'_>, i: usize| {
            tx.insert_article(
                &draft(&format!("t{i}"), format!("word{i} common")),
                None,
                b"",
            )
            .expect("insert");
        };
        let mut tx = project.begin_import().expect("begin");
        for i in 0..n {
            insert(&mut tx, i);
        }
        tx.commit().expect("commit");
        // One segment per write of pending articles; one per article before.
        assert!(fts_segments(&project) <= 2, "{}", fts_segments(&project));
        assert_eq!(project.search_count("common").expect("count"), n);

        // What one article at a time does (a statement each, here a transaction each).
        let mut single = Project::create_or_open(&dir.path().join("q.dossier")).expect("create");
        for i in 0..n {
            let mut tx = single.begin_import().expect("begin");
            insert(&mut tx, i);
            tx.commit().expect("commit");
        }
        assert!(fts_segments(&single) > 2, "{}", fts_segments(&single));
    }

    #[test]
    fn bulk_writes_hold_the_log_longer_then_copy_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
        let pages = |p: &Project| -> i64 {
            p.conn
                .pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))
                .expect("pragma")
        };
        assert_eq!(pages(&project), 1000);
        project.set_bulk_writes(true).expect("on");
        assert_eq!(pages(&project), BULK_CHECKPOINT_PAGES);
        let mut tx = project.begin_import().expect("begin");
        tx.insert_article(&draft("t", "text".into()), None, b"")
            .expect("insert");
        tx.commit().expect("commit");
        project.set_bulk_writes(false).expect("off");
        assert_eq!(pages(&project), 1000);
        // Everything in the log is in the file: a checkpoint finds nothing left to copy.
        let (log, copied): (i64, i64) = project
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(1)?, r.get(2)?))
            })
            .expect("checkpoint");
        assert_eq!(log, copied);
    }
}
