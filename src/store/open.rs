//! Opening a project file: lock it, inspect it without changing a byte, then open it for writing
//! or, when it cannot be written, for reading.
//!
//! The order is what keeps refused files untouched:
//! 1. open the file ourselves (creating it only for `create_or_open`), take the exclusive
//!    advisory lock, so no other Dossier is writing while we look, and note whether the file
//!    can be written at all;
//! 2. read the 100-byte SQLite header from that descriptor: magic, `application_id`,
//!    `user_version`, and the length the file should have — no SQLite involved, so nothing can
//!    be written;
//! 3. open SQLite read-only (`immutable=1` unless a `-wal` file holds pages, so that no
//!    `-wal`/`-shm` is created) and check the `meta` table and the WAL-aware versions;
//! 4. only then open read-write, upgrade in one transaction, and switch to WAL. When the file
//!    is write-protected — or opening for writing fails and a probe shows its folder is
//!    write-protected or the disk full — open read-only as in step 3 instead, removing any
//!    empty `-wal` or `-shm` the failed attempt left.

use super::{Project, ReadOnly, StoreError, queries, schema};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How long a statement waits for a lock held by another connection before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Page cache per connection, in KiB (`PRAGMA cache_size` takes KiB when negative).
const CACHE_KIB: i64 = -16 * 1024;

/// Page cache of a scratch project, in KiB: a collection that fits stays in memory (pages are
/// taken as needed), a bigger one spills to SQLite's temporary file.
const SCRATCH_CACHE_KIB: i64 = -512 * 1024;

/// What errors about a scratch project call it.
pub(super) const SCRATCH_NAME: &str = "(temporary project)";

/// How a project is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Access {
    /// An existing project, for writing when it can be written.
    Open,
    /// As `Open`, creating the project when the file does not exist or is empty.
    Create,
    /// An existing project, for reading only.
    ReadOnly,
}

/// The project file, opened and locked.
struct Locked {
    file: File,
    /// This call created the file.
    created: bool,
    /// The file can be opened for writing.
    writable: bool,
    registration: Registration,
}

/// Opens (or, with [`Access::Create`], creates) the project at `path`.
pub(super) fn open(path: &Path, access: Access) -> Result<Project, StoreError> {
    let locked = open_and_lock(path, access == Access::Create)?;
    let result = open_locked(path, &locked, access);
    if result.is_err() && locked.created {
        // We made this file a moment ago and it never became a project: don't leave it behind.
        let _ = std::fs::remove_file(path);
    }
    let (conn, read_only) = result?;
    Ok(Project {
        conn,
        path: path.to_owned(),
        _lock: Some(locked.file),
        read_only,
        _registration: Some(locked.registration),
        scratch: false,
    })
}

/// Steps 2 to 4, with the lock held: the connection, and why it is read-only if it is.
fn open_locked(
    path: &Path,
    locked: &Locked,
    access: Access,
) -> Result<(Connection, Option<ReadOnly>), StoreError> {
    let header = read_header(path, &locked.file)?;
    let known = if access == Access::ReadOnly {
        Some(ReadOnly::Asked)
    } else if !locked.writable {
        Some(ReadOnly::File)
    } else {
        None
    };
    if header.is_empty() {
        if access != Access::Create {
            return Err(not_a_project(path, "empty file"));
        }
        if let Some(reason) = known {
            return Err(StoreError::ReadOnly {
                path: path.display().to_string(),
                reason: Some(reason),
            });
        }
        return Ok((open_read_write(path, true)?, None));
    }
    check_header(path, &header)?;
    let length = locked.file.metadata().map_err(|e| io_error(path, e))?.len();
    check_length(path, &header, length)?;
    let version = inspect_read_only(path)?;
    let reason = match known {
        Some(reason) => reason,
        None => match open_writable(path) {
            Ok(conn) => return Ok((conn, None)),
            Err(error) => why_not_writable(path, &error).ok_or(error)?,
        },
    };
    if version < schema::VERSION {
        return Err(StoreError::ReadOnlyOld {
            path: path.display().to_string(),
            reason,
            found: version,
        });
    }
    Ok((open_reading(path)?, Some(reason)))
}

/// Opens the file (creating it when `create` and it does not exist), takes the exclusive
/// advisory lock and registers it as open in this process.
fn open_and_lock(path: &Path, create: bool) -> Result<Locked, StoreError> {
    let io = |source| io_error(path, source);
    let locked = || StoreError::Locked {
        path: path.display().to_string(),
    };
    // Held until the new project is registered, so two threads cannot race past the check.
    let mut open_files = registry();
    // A file this process already has open as a project is refused *before* we open a
    // descriptor of it: closing that descriptor again would drop the open project's SQLite
    // (POSIX) locks — see the field order of `Project`.
    match std::fs::metadata(path) {
        Ok(meta) if open_files.contains(&FileId::of(&meta, path)) => return Err(locked()),
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    let mut created = false;
    let file = if create {
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(file) => {
                created = true;
                file
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => open_existing(path)?,
            Err(e) => return Err(io(e)),
        }
    } else {
        open_existing(path)?
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Err(locked()),
        Err(TryLockError::Error(e)) => return Err(io(e)),
    }
    let id = FileId::of(&file.metadata().map_err(io)?, path);
    // Opening for writing changes nothing; it tells whether the file may be written at all.
    // (Closing that second descriptor is safe: no connection of this process has the file.)
    let writable = created
        || match OpenOptions::new().write(true).open(path) {
            Ok(_) => true,
            Err(e) if reason_from_io(&e, ReadOnly::File).is_some() => false,
            Err(e) => return Err(io(e)),
        };
    open_files.push(id.clone());
    Ok(Locked {
        file,
        created,
        writable,
        registration: Registration(id),
    })
}

/// Identifies a file independently of the path it was reached by.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FileId(String);

impl FileId {
    /// The device and inode, and the file's birth time where the file system keeps one: an
    /// inode freed (its file deleted and closed) is soon given to a new file, which must not
    /// pass for the project that had it while that project's registration is still dropping.
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata, _path: &Path) -> FileId {
        use std::os::unix::fs::MetadataExt;
        let born = meta
            .created()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        FileId(format!("{}:{}:{born}", meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    fn of(_meta: &std::fs::Metadata, path: &Path) -> FileId {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        FileId(path.display().to_string())
    }
}

/// The project files this process has open.
static OPEN_FILES: Mutex<Vec<FileId>> = Mutex::new(Vec::new());

fn registry() -> MutexGuard<'static, Vec<FileId>> {
    // The list stays consistent even if a holder panicked: every change is a single push/retain.
    OPEN_FILES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Keeps a project file listed as open in this process until the `Project` is dropped.
pub(super) struct Registration(FileId);

impl Drop for Registration {
    fn drop(&mut self) {
        registry().retain(|id| id != &self.0);
    }
}

/// Opens an existing regular file read-only (reading never changes it).
fn open_existing(path: &Path) -> Result<File, StoreError> {
    let file = File::open(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => StoreError::NotFound {
            path: path.display().to_string(),
        },
        _ => io_error(path, e),
    })?;
    let meta = file.metadata().map_err(|e| io_error(path, e))?;
    if !meta.is_file() {
        return Err(not_a_project(path, "not a regular file"));
    }
    Ok(file)
}

/// Up to the first 100 bytes of the file (fewer only when the file is shorter).
fn read_header(path: &Path, mut file: &File) -> Result<Vec<u8>, StoreError> {
    let mut header = Vec::with_capacity(100);
    Read::by_ref(&mut file)
        .take(100)
        .read_to_end(&mut header)
        .map_err(|e| io_error(path, e))?;
    Ok(header)
}

/// Whether `path` is a Dossier project: one this process has open, or a regular file whose
/// SQLite header carries Dossier's `application_id` (any schema version). Exports ask it
/// before writing over a file. A project open here is recognised from the registry, without
/// opening a descriptor of it (closing one would drop the project's SQLite locks).
pub fn is_project_file(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    if registry().contains(&FileId::of(&meta, path)) {
        return true;
    }
    let Ok(file) = File::open(path) else {
        return false;
    };
    read_header(path, &file).is_ok_and(|header| {
        sqlite_words(&header).is_some_and(|(id, _)| id == schema::APPLICATION_ID)
    })
}

/// `application_id` and `user_version` of a full SQLite header; `None` for anything else.
fn sqlite_words(header: &[u8]) -> Option<(i32, i32)> {
    if header.len() < 100 || !header.starts_with(SQLITE_MAGIC) {
        return None;
    }
    let word = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    Some((word(68), word(60)))
}

/// Checks the SQLite header: magic, `application_id` and `user_version`.
fn check_header(path: &Path, header: &[u8]) -> Result<(), StoreError> {
    let Some((application_id, user_version)) = sqlite_words(header) else {
        return Err(not_a_project(path, "not an SQLite database"));
    };
    check_ids(path, application_id, i64::from(user_version))
}

/// Checks that the file is at least as long as its header says (pages × page size), which a
/// truncated copy is not. Skipped while a `-wal` file holds pages: they may lie beyond the end.
fn check_length(path: &Path, header: &[u8], length: u64) -> Result<(), StoreError> {
    if header.len() < 100 || wal_holds_pages(path) {
        return Ok(());
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size => u64::from(size),
    };
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // The page count is only valid when written by the same change as the change counter.
    if header[92..96] != header[24..28] {
        return Ok(());
    }
    let expected = pages * page_size;
    if length < expected {
        return Err(StoreError::Damaged {
            path: path.display().to_string(),
            detail: format!("{length} bytes where its header says {expected}: cut short"),
        });
    }
    Ok(())
}

/// Checks `application_id` and `user_version`, wherever they were read from.
fn check_ids(path: &Path, application_id: i32, user_version: i64) -> Result<(), StoreError> {
    if application_id != schema::APPLICATION_ID {
        let reason = if application_id == 0 {
            "an SQLite database without Dossier's application id".to_owned()
        } else {
            format!(
                "an SQLite database of another application, application id {application_id:#010x}"
            )
        };
        return Err(not_a_project(path, &reason));
    }
    if user_version > schema::VERSION {
        return Err(StoreError::TooNew {
            path: path.display().to_string(),
            found: user_version,
            supported: schema::VERSION,
        });
    }
    if user_version < 1 {
        return Err(not_a_project(
            path,
            &format!("unknown schema version {user_version}"),
        ));
    }
    Ok(())
}

/// Looks inside with a read-only connection: versions as SQLite sees them (including any
/// committed transactions still in a `-wal` file) and Dossier's `meta` table. Returns the
/// schema version.
fn inspect_read_only(path: &Path) -> Result<i64, StoreError> {
    let conn = read_only_connection(path)?;
    let sql = |e| StoreError::from_sqlite(path, e, None);
    let application_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sql)?;
    let user_version = queries::user_version(&conn).map_err(sql)?;
    check_ids(path, application_id, user_version)?;
    match queries::app_name(&conn).map_err(sql)? {
        None => Err(not_a_project(path, "no Dossier meta table")),
        Some(app) if app == queries::APP_NAME => Ok(user_version),
        Some(app) => Err(not_a_project(path, &format!("made by {app:?}"))),
    }
}

/// A read-only connection that creates nothing beside the file.
///
/// Without pages in a `-wal` file the database file is complete, so it is opened `immutable`:
/// SQLite then takes no locks and creates no `-wal`/`-shm` files (our advisory lock keeps other
/// Dossiers from writing meanwhile). With them, a plain read-only open reads them.
fn read_only_connection(path: &Path) -> Result<Connection, StoreError> {
    let mode = if wal_holds_pages(path) {
        "mode=ro"
    } else {
        "mode=ro&immutable=1"
    };
    let uri = file_uri(path, mode).map_err(|e| io_error(path, e))?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(uri, flags).map_err(|e| StoreError::from_sqlite(path, e, None))
}

/// The connection of a project opened for reading only.
fn open_reading(path: &Path) -> Result<Connection, StoreError> {
    let conn = read_only_connection(path)?;
    let sql = |e| StoreError::from_sqlite(path, e, None);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "cache_size", CACHE_KIB)
        .map_err(sql)?;
    Ok(conn)
}

/// A connection that reads a project this process has open (see `Readers::open`): opened by
/// SQLite alone, never through a descriptor of ours, and refusing writes (`query_only`). A
/// project open for reading only is read as it was opened, creating nothing beside it.
pub(super) fn reader_connection(path: &Path, read_only: bool) -> Result<Connection, StoreError> {
    let sql = |e| StoreError::from_sqlite(path, e, None);
    if read_only {
        let conn = open_reading(path)?;
        conn.pragma_update(None, "query_only", true).map_err(sql)?;
        return Ok(conn);
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "cache_size", CACHE_KIB)
        .map_err(sql)?;
    conn.pragma_update(None, "query_only", true).map_err(sql)?;
    Ok(conn)
}

/// True when a `-wal` file beside `path` holds something (an empty one holds no pages).
fn wal_holds_pages(path: &Path) -> bool {
    std::fs::metadata(sidecar(path, "-wal")).is_ok_and(|m| m.len() > 0)
}

/// [`open_read_write`] of an existing project; when it fails, removes the `-wal` (if empty)
/// and `-shm` files the attempt created, which SQLite leaves behind when it cannot go on.
fn open_writable(path: &Path) -> Result<Connection, StoreError> {
    let (wal, shm) = (sidecar(path, "-wal"), sidecar(path, "-shm"));
    let existed = (wal.exists(), shm.exists());
    let result = open_read_write(path, false);
    if result.is_err() {
        // An empty `-wal` holds nothing; an `-shm` is only an index of the `-wal`, rebuilt by
        // the next connection, and no connection has this file open (we hold its lock).
        if !existed.0 && std::fs::metadata(&wal).is_ok_and(|m| m.len() == 0) {
            let _ = std::fs::remove_file(&wal);
        }
        if !existed.1 && shm.exists() {
            let _ = std::fs::remove_file(&shm);
        }
    }
    result
}

/// After opening for writing failed with `error`: why the project cannot be written, if that
/// is the cause — the file or its folder write-protected, or the disk full — found by trying
/// to open the file for writing and to write a small probe file beside it (then removed).
fn why_not_writable(path: &Path, error: &StoreError) -> Option<ReadOnly> {
    match error {
        StoreError::DiskFull { .. } => return Some(ReadOnly::DiskFull),
        StoreError::ReadOnly { .. } | StoreError::Sqlite { .. } | StoreError::Io { .. } => {}
        _ => return None,
    }
    if let Err(e) = OpenOptions::new().write(true).open(path) {
        return reason_from_io(&e, ReadOnly::File);
    }
    let probe = sidecar(path, "-probe");
    let written = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)
        .and_then(|mut f| {
            let result = f.write_all(&[0; 4096]).and_then(|()| f.sync_all());
            let _ = std::fs::remove_file(&probe);
            result
        });
    written
        .err()
        .and_then(|e| reason_from_io(&e, ReadOnly::Folder))
}

/// The reason an I/O error gives for not writing: `denied` (the file or its folder) when
/// permission is refused or the file system is read-only, or a full disk.
fn reason_from_io(error: &std::io::Error, denied: ReadOnly) -> Option<ReadOnly> {
    match error.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => Some(denied),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Some(ReadOnly::DiskFull),
        _ => None,
    }
}

/// Opens the inspected (or new, empty) file read-write, creates or upgrades its schema in one
/// transaction, and sets the connection up: WAL, `synchronous=NORMAL`, foreign keys on.
fn open_read_write(path: &Path, fresh: bool) -> Result<Connection, StoreError> {
    let sql = |e| StoreError::from_sqlite(path, e, None);
    // No SQLITE_OPEN_CREATE: the file exists, we hold it open.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(sql)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    conn.set_prepared_statement_cache_capacity(64);

    if queries::user_version(&conn).map_err(sql)? != schema::VERSION {
        // Still in rollback-journal mode for a new file: a crash mid-way leaves an empty file,
        // which `create_or_open` simply starts again.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let from = queries::user_version(&tx).map_err(sql)?;
        if from == 0 && !fresh {
            return Err(not_a_project(path, "unknown schema version 0"));
        }
        if from > schema::VERSION {
            return Err(StoreError::TooNew {
                path: path.display().to_string(),
                found: from,
                supported: schema::VERSION,
            });
        }
        schema::upgrade_from(&tx, from).map_err(|e| match e {
            schema::UpgradeError::NoPath(_) => not_a_project(path, &e.to_string()),
            schema::UpgradeError::Sqlite(e) => sql(e),
        })?;
        if from == 0 {
            tx.pragma_update(None, "application_id", schema::APPLICATION_ID)
                .map_err(sql)?;
            queries::init_meta(&tx, &super::now_rfc3339()).map_err(sql)?;
        } else if queries::foreign_key_violations(&tx).map_err(sql)? > 0 {
            return Err(not_a_project(
                path,
                "upgrade left broken references; file left as it was",
            ));
        }
        tx.commit().map_err(sql)?;
    }

    // Foreign keys are enabled after upgrading: a future upgrade that rebuilds a table must not
    // cascade deletes (and `foreign_keys` cannot change inside a transaction anyway).
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(sql)?;
    conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get::<_, String>(0))
        .map_err(sql)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(sql)?;
    conn.pragma_update(None, "cache_size", CACHE_KIB)
        .map_err(sql)?;
    Ok(conn)
}

/// The connection of a scratch project ([`super::Project::scratch`]): SQLite's private
/// temporary database (an empty file name), held in the page cache and spilled to a file
/// SQLite deletes itself, with the rollback journal in memory and no syncing; the current
/// schema without the full-text index and the triggers that fill it. Its query plans do not
/// depend on the values bound ([`scratch_plans_ignore_bound_values`]).
pub(super) fn scratch_connection() -> Result<Connection, StoreError> {
    let path = Path::new(SCRATCH_NAME);
    let sql = |e| StoreError::from_sqlite(path, e, None);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags("", flags).map_err(sql)?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update_and_check(None, "journal_mode", "memory", |r| r.get::<_, String>(0))
        .map_err(sql)?;
    conn.pragma_update(None, "synchronous", "OFF")
        .map_err(sql)?;
    conn.pragma_update(None, "cache_size", SCRATCH_CACHE_KIB)
        .map_err(sql)?;
    scratch_plans_ignore_bound_values(&conn).map_err(sql)?;
    let tx = conn.transaction().map_err(sql)?;
    schema::upgrade_from(&tx, 0).map_err(|e| match e {
        schema::UpgradeError::NoPath(_) => not_a_project(path, &e.to_string()),
        schema::UpgradeError::Sqlite(e) => sql(e),
    })?;
    tx.pragma_update(None, "application_id", schema::APPLICATION_ID)
        .map_err(sql)?;
    queries::init_meta(&tx, &super::now_rfc3339()).map_err(sql)?;
    drop_search_index(&tx).map_err(sql)?;
    tx.commit().map_err(sql)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(sql)?;
    Ok(conn)
}

/// Turns on SQLite's query planner stability guarantee: a statement keeps the plan it was
/// prepared with whatever values are bound to it. Without it a cached statement whose plan
/// could depend on a bound value is prepared again at each new value (the one-shot's record
/// reads, one article at a time, were prepared about 2,000 times over the development corpus
/// copied ten times, a twentieth of its work). Plans only, never results, depend on this.
fn scratch_plans_ignore_bound_values(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .map(|_| ())
}

/// Drops the full-text index (every FTS5 table) and the triggers that keep it in step with
/// `articles`, whatever the schema names them.
fn drop_search_index(conn: &Connection) -> rusqlite::Result<()> {
    let names = |sql: &str| -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    };
    let tables = names(
        "SELECT name FROM sqlite_master
         WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'",
    )?;
    for table in &tables {
        let triggers = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND instr(sql, ?1) > 0",
            )?
            .query_map([table], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        for trigger in triggers {
            conn.execute_batch(&format!(
                "DROP TRIGGER \"{}\"",
                trigger.replace('"', "\"\"")
            ))?;
        }
        conn.execute_batch(&format!("DROP TABLE \"{}\"", table.replace('"', "\"\"")))?;
    }
    Ok(())
}

/// `path` with `suffix` appended to its file name, as SQLite names its `-wal` and `-shm` files.
pub(super) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A `file:` URI for `path` with the query string `query`. The path is made absolute and every
/// byte outside `[A-Za-z0-9/._~-]` is percent-encoded, so `?`, `#` and `%` in names are safe.
fn file_uri(path: &Path, query: &str) -> std::io::Result<String> {
    let absolute = std::path::absolute(path)?;
    let mut uri = String::from("file://");
    let bytes = absolute.as_os_str().as_encoded_bytes();
    if bytes.first() != Some(&b'/') {
        uri.push('/'); // `C:\…` becomes `file:///C:/…`
    }
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'.' | b'_' | b'~' | b'-' | b':' => {
                uri.push(char::from(b));
            }
            b'\\' if cfg!(windows) => uri.push('/'),
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push('?');
    uri.push_str(query);
    Ok(uri)
}

fn not_a_project(path: &Path, reason: &str) -> StoreError {
    StoreError::NotAProject {
        path: path.display().to_string(),
        reason: reason.to_owned(),
    }
}

/// An I/O error on the project file; a full disk says so.
fn io_error(path: &Path, error: std::io::Error) -> StoreError {
    let path = path.display().to_string();
    match error.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => StoreError::DiskFull { path },
        _ => StoreError::Io { path, error },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch project's cached statements are prepared once, not again at each value
    /// bound (what a records export does, one article after another).
    #[test]
    fn scratch_statements_are_not_prepared_again_for_each_value() {
        let conn = scratch_connection().expect("scratch");
        let mut stmt = conn
            .prepare_cached("SELECT id FROM quotes WHERE article_id = ?1 ORDER BY id")
            .expect("prepare");
        for article in 1..=3_i64 {
            let ids: Vec<i64> = stmt
                .query_map([article], |r| r.get(0))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("rows");
            assert!(ids.is_empty());
        }
        assert_eq!(
            stmt.get_status(rusqlite::StatementStatus::RePrepare),
            0,
            "prepared again"
        );
    }

    #[test]
    fn a_full_disk_in_an_io_error_says_so() {
        // Writing to /dev/full fails as a write to a full disk does (ENOSPC).
        let Ok(mut full) = OpenOptions::new().write(true).open("/dev/full") else {
            eprintln!("no /dev/full here: skipped");
            return;
        };
        let error = full
            .write_all(&[0; 4096])
            .and_then(|()| full.flush())
            .expect_err("/dev/full refuses writes");
        assert_eq!(
            reason_from_io(&error, ReadOnly::Folder),
            Some(ReadOnly::DiskFull)
        );
        let error = io_error(Path::new("p.dossier"), error);
        assert_eq!(
            error.to_string(),
            "p.dossier: the disk is full; the project keeps everything saved before this step"
        );
        let denied = std::io::Error::from(ErrorKind::PermissionDenied);
        assert_eq!(
            reason_from_io(&denied, ReadOnly::Folder),
            Some(ReadOnly::Folder)
        );
    }

    #[test]
    fn uri_escapes_query_characters() {
        let uri = file_uri(Path::new("/tmp/a b?c#d%e.dossier"), "mode=ro").expect("uri");
        assert_eq!(uri, "file:///tmp/a%20b%3Fc%23d%25e.dossier?mode=ro");
    }

    #[test]
    fn sidecar_appends_to_the_file_name() {
        assert_eq!(
            sidecar(Path::new("/x/p.dossier"), "-wal"),
            PathBuf::from("/x/p.dossier-wal")
        );
    }

    #[test]
    fn header_checks_name_the_reason() {
        let path = Path::new("p.dossier");
        let mut header = vec![0u8; 100];
        assert!(matches!(
            check_header(path, &header),
            Err(StoreError::NotAProject { reason, .. }) if reason == "not an SQLite database"
        ));
        header[..16].copy_from_slice(SQLITE_MAGIC);
        assert!(matches!(
            check_header(path, &header),
            Err(StoreError::NotAProject { reason, .. }) if reason.contains("without Dossier's application id")
        ));
        header[68..72].copy_from_slice(&0x1234_5678_i32.to_be_bytes());
        assert!(matches!(
            check_header(path, &header),
            Err(StoreError::NotAProject { reason, .. }) if reason.contains("0x12345678")
        ));
        header[68..72].copy_from_slice(&schema::APPLICATION_ID.to_be_bytes());
        let newer = schema::VERSION + 1;
        let newer_bytes = i32::try_from(newer).expect("small").to_be_bytes();
        header[60..64].copy_from_slice(&newer_bytes);
        assert!(matches!(
            check_header(path, &header),
            Err(StoreError::TooNew {
                found,
                supported: schema::VERSION,
                ..
            }) if found == newer
        ));
        header[60..64].copy_from_slice(&1_i32.to_be_bytes());
        assert!(check_header(path, &header).is_ok());
        assert!(check_header(path, &header[..99]).is_err());
    }
}
