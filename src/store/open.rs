//! Opening a project file: lock it, inspect it without changing a byte, then open it for writing.
//!
//! The order is what keeps refused files untouched:
//! 1. open the file ourselves (creating it only for `create_or_open`) and take the exclusive
//!    advisory lock, so no other Dossier is writing while we look;
//! 2. read the 100-byte SQLite header from that descriptor: magic, `application_id`,
//!    `user_version` — no SQLite involved, so nothing can be written;
//! 3. open SQLite read-only (`immutable=1` unless a `-wal` file exists, so that no `-wal`/`-shm`
//!    is created) and check the `meta` table and the WAL-aware versions;
//! 4. only then open read-write, upgrade in one transaction, and switch to WAL.

use super::{Project, StoreError, queries, schema};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How long a statement waits for a lock held by another connection before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Page cache per connection, in KiB (`PRAGMA cache_size` takes KiB when negative).
const CACHE_KIB: i64 = -16 * 1024;

/// Opens (or, with `create`, creates) the project at `path`.
pub(super) fn open(path: &Path, create: bool) -> Result<Project, StoreError> {
    let (lock, created, registration) = open_and_lock(path, create)?;
    let result = open_locked(path, &lock, create);
    if result.is_err() && created {
        // We made this file a moment ago and it never became a project: don't leave it behind.
        let _ = std::fs::remove_file(path);
    }
    let conn = result?;
    Ok(Project {
        conn,
        path: path.to_owned(),
        _lock: lock,
        _registration: registration,
    })
}

/// Steps 2 to 4, with the lock held.
fn open_locked(path: &Path, lock: &File, create: bool) -> Result<Connection, StoreError> {
    let header = read_header(path, lock)?;
    let fresh = if header.is_empty() {
        if !create {
            return Err(not_a_project(path, "empty file"));
        }
        true
    } else {
        check_header(path, &header)?;
        inspect_read_only(path)?;
        false
    };
    open_read_write(path, fresh)
}

/// Opens the file (creating it when `create` and it does not exist), takes the exclusive
/// advisory lock and registers it as open in this process. Returns the locked file and whether
/// this call created it.
fn open_and_lock(path: &Path, create: bool) -> Result<(File, bool, Registration), StoreError> {
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
    open_files.push(id.clone());
    Ok((file, created, Registration(id)))
}

/// Identifies a file independently of the path it was reached by.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FileId(String);

impl FileId {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata, _path: &Path) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId(format!("{}:{}", meta.dev(), meta.ino()))
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
/// committed transactions still in a `-wal` file) and Dossier's `meta` table.
///
/// Without a `-wal` file the database file is complete, so it is opened `immutable`: SQLite then
/// takes no locks and creates no `-wal`/`-shm` files. With one, a plain read-only open reads it.
fn inspect_read_only(path: &Path) -> Result<(), StoreError> {
    let mode = if sidecar(path, "-wal").exists() {
        "mode=ro"
    } else {
        "mode=ro&immutable=1"
    };
    let uri = file_uri(path, mode).map_err(|e| io_error(path, e))?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri, flags).map_err(|e| inspect_error(path, e))?;
    let application_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| inspect_error(path, e))?;
    let user_version = queries::user_version(&conn).map_err(|e| inspect_error(path, e))?;
    check_ids(path, application_id, user_version)?;
    match queries::app_name(&conn).map_err(|e| inspect_error(path, e))? {
        None => Err(not_a_project(path, "no Dossier meta table")),
        Some(app) if app == queries::APP_NAME => Ok(()),
        Some(app) => Err(not_a_project(path, &format!("made by {app:?}"))),
    }
}

/// Opens the inspected (or new, empty) file read-write, creates or upgrades its schema in one
/// transaction, and sets the connection up: WAL, `synchronous=NORMAL`, foreign keys on.
fn open_read_write(path: &Path, fresh: bool) -> Result<Connection, StoreError> {
    let sql = |e| StoreError::Sqlite {
        path: path.display().to_string(),
        source: e,
    };
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

fn io_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// An error while inspecting: SQLite's "not a database" (and corruption) means not a project.
fn inspect_error(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => not_a_project(path, "not an SQLite database"),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            not_a_project(path, "damaged SQLite database")
        }
        _ => StoreError::Sqlite {
            path: path.display().to_string(),
            source: e,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        header[60..64].copy_from_slice(&7_i32.to_be_bytes());
        assert!(matches!(
            check_header(path, &header),
            Err(StoreError::TooNew {
                found: 7,
                supported: schema::VERSION,
                ..
            })
        ));
        header[60..64].copy_from_slice(&1_i32.to_be_bytes());
        assert!(check_header(path, &header).is_ok());
        assert!(check_header(path, &header[..99]).is_err());
    }
}
