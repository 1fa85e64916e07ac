//! Project files the command line has found sound, so that a command need not read every page
//! of a file no one else changed since ([`crate::store::Project::check`] reads all of them: about
//! 12 s on a 5 GB project).
//!
//! A file's *stamp* is what the file system says of it and of its `-wal` beside it: device,
//! inode, length, modification and status-change times (the status-change time cannot be set
//! back by any program, so any write to the file changes the stamp). The command line records
//! a project's stamp when a command that checked it whole, or found its stamp recorded, ends
//! without an error and without any other connection having committed to the project meanwhile
//! (SQLite's `data_version`); a command whose project's stamp is the one recorded skips the
//! check. Damage that changes nothing the file system reports (a failing disk rewriting a
//! sector) is not seen this way; any command that then reads the damaged page still refuses it.
//!
//! The stamps live in `$XDG_CACHE_HOME/dossier/checked.json` (at most [`KEPT`] projects). A
//! cache that cannot be read or written only costs a check; so does a system without
//! status-change times (anything but Unix), where no stamp is taken.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How many projects' stamps are kept (the least recently recorded go first).
pub const KEPT: usize = 64;

/// What the file system says of a project file and its write-ahead log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified_ns: i128,
    changed_ns: i128,
    /// The `-wal` file's length and modification time, when it holds anything.
    wal: Option<(u64, i128)>,
}

impl Stamp {
    /// The stamp of the project file at `path` as it is now, if it can be read.
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let wal = std::fs::metadata(PathBuf::from(wal))
            .ok()
            .filter(|w| w.len() > 0)
            .map(|w| (w.len(), ns(w.mtime(), w.mtime_nsec())));
        Some(Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            modified_ns: ns(meta.mtime(), meta.mtime_nsec()),
            changed_ns: ns(meta.ctime(), meta.ctime_nsec()),
            wal,
        })
    }

    /// None: without the status-change time a stamp could miss a write, so every command
    /// checks its project whole.
    #[cfg(not(unix))]
    pub fn of(_path: &Path) -> Option<Stamp> {
        None
    }
}

/// One project's recorded stamp, and when it was recorded (to drop the oldest).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Entry {
    stamp: Stamp,
    recorded: u64,
}

/// The stamps of the projects found sound, kept in one small file.
#[derive(Debug)]
pub struct Checked {
    file: Option<PathBuf>,
    entries: BTreeMap<PathBuf, Entry>,
}

impl Checked {
    /// The user's stamps, from `$XDG_CACHE_HOME/dossier/checked.json` (none when there is no
    /// cache folder or the file cannot be read).
    pub fn load_user() -> Checked {
        Checked::load(dirs::cache_dir().map(|d| d.join("dossier").join("checked.json")))
    }

    /// The stamps kept in `file` (none when it is missing or unreadable).
    pub fn load(file: Option<PathBuf>) -> Checked {
        let entries = file
            .as_deref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Checked { file, entries }
    }

    /// True when the project at `path` is as it was when its stamp was recorded.
    pub fn unchanged(&self, path: &Path) -> bool {
        match (self.entries.get(&key(path)), Stamp::of(path)) {
            (Some(entry), Some(now)) => entry.stamp == now,
            _ => false,
        }
    }

    /// Records the project at `path` as sound as it is now, and saves the stamps.
    pub fn record(&mut self, path: &Path) {
        let Some(stamp) = Stamp::of(path) else {
            return self.forget(path);
        };
        let recorded = self.entries.values().map(|e| e.recorded).max().unwrap_or(0) + 1;
        self.entries.insert(key(path), Entry { stamp, recorded });
        while self.entries.len() > KEPT {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, e)| e.recorded)
                .map(|(p, _)| p.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
        self.save();
    }

    /// Drops the stamp of the project at `path` (its next command checks it whole), and saves
    /// the stamps if it had one.
    pub fn forget(&mut self, path: &Path) {
        if self.entries.remove(&key(path)).is_some() {
            self.save();
        }
    }

    /// Writes the stamps (atomically); a cache that cannot be written is not worth an error.
    fn save(&self) {
        let Some(file) = &self.file else { return };
        let Ok(json) = serde_json::to_vec(&self.entries) else {
            return;
        };
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = crate::export::write_atomic(file, &json);
    }
}

/// The key of the project at `path`: its canonical path (the same file named two ways is one
/// project).
fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A project whose stamp was recorded is unchanged until anything writes to it (even the
    /// same bytes), or to its write-ahead log, or it is replaced by another file; the stamps
    /// survive a reload from their file and a forgotten one is gone.
    #[test]
    fn a_recorded_project_is_unchanged_until_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache").join("checked.json");
        let project = dir.path().join("p.dossier");
        std::fs::write(&project, b"some pages").expect("write");
        let mut checked = Checked::load(Some(cache.clone()));
        assert!(!checked.unchanged(&project), "nothing recorded yet");
        checked.record(&project);
        assert!(checked.unchanged(&project));
        assert!(Checked::load(Some(cache.clone())).unchanged(&project));

        // the same bytes written again: only the times tell
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&project, b"some pages").expect("write");
        assert!(!checked.unchanged(&project));
        checked.record(&project);
        assert!(checked.unchanged(&project));

        let wal = dir.path().join("p.dossier-wal");
        std::fs::write(&wal, b"frames").expect("wal");
        assert!(!checked.unchanged(&project), "the log holds new pages");
        std::fs::remove_file(&wal).expect("rm wal");
        assert!(checked.unchanged(&project));

        let other = dir.path().join("other");
        std::fs::write(&other, b"some pages").expect("write");
        std::fs::rename(&other, &project).expect("replace");
        assert!(!checked.unchanged(&project), "another file under the name");

        checked.record(&project);
        checked.forget(&project);
        assert!(!checked.unchanged(&project));
        assert!(!Checked::load(Some(cache)).unchanged(&project));
    }

    /// At most [`KEPT`] projects are kept, the least recently recorded dropped; a cache file
    /// that is not ours to read is replaced, not an error.
    #[test]
    fn the_oldest_stamps_go_first_and_a_broken_cache_is_no_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("checked.json");
        std::fs::write(&cache, b"\xff not json").expect("write");
        let mut checked = Checked::load(Some(cache.clone()));
        let paths: Vec<PathBuf> = (0..=KEPT)
            .map(|i| {
                let p = dir.path().join(format!("p{i}.dossier"));
                std::fs::write(&p, b"x").expect("write");
                p
            })
            .collect();
        for p in &paths {
            checked.record(p);
        }
        let reloaded = Checked::load(Some(cache));
        assert!(!reloaded.unchanged(&paths[0]), "the oldest went");
        assert!(paths[1..].iter().all(|p| reloaded.unchanged(p)));
    }
}
