//! A folder of JSON records, and the manifest that says which of its files Dossier wrote.
//!
//! Dossier writes over its own records and nothing else. Its own are told apart by a manifest,
//! [`MANIFEST`], kept in the folder: every file name Dossier wrote with the SHA-256 of what it
//! wrote there. A file is Dossier's only if it is a regular file listed there *and* still holds
//! those bytes. Recognising records by their JSON fields instead would take a scorer's gold
//! files (same schema) or a record the analyst edited for Dossier's own; the manifest does not.
//! Everything else in the folder is foreign: a non-empty folder holding a foreign file is
//! refused, unless forced; forced, foreign names are left alone and the record takes the next
//! free name (`bulletin-2.json`), with a warning.
//!
//! The manifest is written before each batch of records (listing both the old and the new
//! content of each name) and again after the last (only what is there), so an export stopped
//! halfway leaves nothing that the next export would mistake for a foreign file.

use super::{ExportError, Staged, check_target, write_file};
use crate::ingest::to_hex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The manifest's file name in a records folder. Record names never start with a dot.
pub const MANIFEST: &str = ".dossier-records";

/// What the manifest's `written_by` says.
const WRITTEN_BY: &str = "Dossier";

/// A manifest larger than this is not one of Dossier's (and is not read into memory).
const MANIFEST_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The manifest file: which files of the folder Dossier wrote, by name, with the SHA-256 (hex)
/// of each content Dossier may have left under that name.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    written_by: String,
    about: String,
    files: BTreeMap<String, Vec<String>>,
}

impl Manifest {
    fn new(files: BTreeMap<String, Vec<String>>) -> Manifest {
        Manifest {
            written_by: WRITTEN_BY.to_owned(),
            about: "The files of this folder that Dossier wrote, with the SHA-256 of their \
                    content. Dossier writes over these files and no others."
                .to_owned(),
            files,
        }
    }
}

/// What a records export did.
#[derive(Debug, Default, PartialEq)]
pub struct RecordsWritten {
    /// Records in place (written now, or already there with the same content).
    pub written: usize,
    /// One line per record written under another name or not written, naming the article.
    pub warnings: Vec<String>,
}

/// One file to put into the folder.
pub(super) struct Planned {
    /// The article it is the record of, for warnings.
    pub article: String,
    pub name: String,
    /// What it is to hold, or why it cannot be written.
    pub bytes: Result<Vec<u8>, String>,
}

/// A records folder as found before writing, and what an export has written into it so far.
pub(super) struct Folder {
    dir: PathBuf,
    /// Dossier's files: name → the SHA-256 of what each holds now (what this export wrote
    /// included).
    ours: BTreeMap<String, String>,
    /// Every other entry, sorted by name.
    foreign: Vec<String>,
    /// `foreign`, case-folded: names no record may take (the file system may fold case).
    taken: HashSet<String>,
    /// Whether the manifest is Dossier's (or absent), so it may be written.
    manifest_ours: bool,
    /// Files in place so far (written, or already there with the same content).
    written: usize,
    /// One line per file written under another name or not written, naming the article.
    warnings: Vec<String>,
}

impl Folder {
    /// Looks at `dir`, creating it when missing, and sorts its entries into Dossier's and
    /// foreign ones.
    pub(super) fn survey(dir: &Path) -> Result<Folder, ExportError> {
        std::fs::create_dir_all(dir).map_err(ExportError::io(dir))?;
        let manifest_path = dir.join(MANIFEST);
        let manifest = read_manifest(&manifest_path);
        // Dossier's manifest, or none yet: either way Dossier may write it.
        let manifest_ours = manifest.is_some()
            || matches!(std::fs::symlink_metadata(&manifest_path), Err(e) if e.kind() == ErrorKind::NotFound);
        let listed = manifest.map(|m| m.files).unwrap_or_default();
        let mut ours = BTreeMap::new();
        let mut foreign = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(ExportError::io(dir))? {
            let entry = entry.map_err(ExportError::io(dir))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                foreign.push(name.to_string_lossy().into_owned());
                continue;
            };
            if name == MANIFEST && manifest_ours {
                continue;
            }
            let hash = listed
                .get(name)
                .and_then(|hashes| own_content(&entry.path(), hashes));
            match hash {
                Some(hash) => {
                    ours.insert(name.to_owned(), hash);
                }
                None => foreign.push(name.to_owned()),
            }
        }
        foreign.sort();
        let taken = foreign.iter().map(|n| n.to_lowercase()).collect();
        let mut warnings = Vec::new();
        if !manifest_ours {
            warnings.push(format!(
                "{}: not Dossier's, left alone: the records written now are not listed in it, \
                 and the next export will take them for foreign files",
                manifest_path.display()
            ));
        }
        Ok(Folder {
            dir: dir.to_owned(),
            ours,
            foreign,
            taken,
            manifest_ours,
            written: 0,
            warnings,
        })
    }

    /// Refuses the folder when it holds anything Dossier did not write.
    pub(super) fn refuse_foreign(&self) -> Result<(), ExportError> {
        match self.foreign.first() {
            None => Ok(()),
            Some(file) => Err(ExportError::ForeignFiles {
                dir: self.dir.display().to_string(),
                file: file.clone(),
                more: self.foreign.len() - 1,
            }),
        }
    }

    /// Whether a record may take `name`: no foreign file holds it.
    pub(super) fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(&name.to_lowercase())
    }

    /// Notes a warning for the export's report.
    pub(super) fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    /// Writes each planned file, a file that cannot be written being a warning naming its
    /// article (the others are written); `protected` are the projects open here, never
    /// written over.
    ///
    /// First the manifest, listing both what each name holds now and what it is about to
    /// hold; then every changed file into a temporary beside it, by [`WRITERS`] threads at
    /// once; then every temporary flushed to disk, the syncs waiting together (the file
    /// system commits them in a few goes, where one sync per file written in turn waits for
    /// each); then each renamed into place and the folder flushed. A file that fails at any
    /// step leaves what its name held before.
    pub(super) fn write_all(
        &mut self,
        planned: Vec<Planned>,
        protected: &[&Path],
    ) -> Result<(), ExportError> {
        use rayon::prelude::*;
        let hashes: Vec<Result<String, String>> = planned
            .par_iter()
            .map(|file| file.bytes.as_ref().map(|b| sha256(b)).map_err(Clone::clone))
            .collect();
        // Before: every name with what it holds now and what it is about to hold.
        let mut pending: BTreeMap<String, Vec<String>> = self
            .ours
            .iter()
            .map(|(name, hash)| (name.clone(), vec![hash.clone()]))
            .collect();
        for (file, hash) in planned.iter().zip(&hashes) {
            if let Ok(hash) = hash {
                let hashes = pending.entry(file.name.clone()).or_default();
                if !hashes.contains(hash) {
                    hashes.push(hash.clone());
                }
            }
        }
        if self.manifest_ours {
            write_manifest(&self.dir.join(MANIFEST), pending, protected)?;
        }

        let dir = &self.dir;
        let ours = &self.ours;
        let stage = |i: usize| -> Result<Option<Staged>, String> {
            let (file, hash) = (&planned[i], &hashes[i]);
            let hash = hash.clone()?;
            if ours.get(&file.name) == Some(&hash) {
                return Ok(None); // already there, byte for byte
            }
            let path = dir.join(&file.name);
            check_target(&path, protected).map_err(|e| e.to_string())?;
            let bytes = file.bytes.as_ref().map_err(Clone::clone)?;
            Staged::write(&path, bytes)
                .map(Some)
                .map_err(|e| format!("{}: {e}", path.display()))
        };
        let staged = in_parallel(planned.len(), WRITERS, stage);
        let synced = in_parallel(staged.len(), WRITERS, |i| match &staged[i] {
            Ok(Some(file)) => file
                .sync()
                .map_err(|e| format!("{}: {e}", dir.join(&planned[i].name).display())),
            Ok(None) | Err(_) => Ok(()),
        });
        for (((file, hash), staged), synced) in planned.iter().zip(hashes).zip(staged).zip(synced) {
            let done = staged.and_then(|staged| {
                synced?;
                match staged {
                    Some(staged) => staged
                        .commit()
                        .map_err(|e| format!("{}: {e}", dir.join(&file.name).display())),
                    None => Ok(()),
                }
            });
            match done.and(hash) {
                Ok(hash) => {
                    self.ours.insert(file.name.clone(), hash);
                    self.written += 1;
                }
                Err(error) => self
                    .warnings
                    .push(format!("{}: record not written: {error}", file.article)),
            }
        }
        // The renames on disk before the manifest that lists only what is there.
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    }

    /// Writes the manifest of what the folder now holds and says what the export did.
    pub(super) fn finish(self, protected: &[&Path]) -> Result<RecordsWritten, ExportError> {
        if self.manifest_ours {
            let after = self
                .ours
                .into_iter()
                .map(|(name, hash)| (name, vec![hash]))
                .collect();
            write_manifest(&self.dir.join(MANIFEST), after, protected)?;
        }
        Ok(RecordsWritten {
            written: self.written,
            warnings: self.warnings,
        })
    }
}

/// Threads writing records at once. Writing is mostly waiting for the disk, so more threads
/// than cores: their syncs are committed together.
const WRITERS: usize = 16;

/// `f` of every index below `n`, run by up to `threads` threads taking the next index in
/// turn; the results in index order.
fn in_parallel<T: Send>(n: usize, threads: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(n))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= n {
                            break mine;
                        }
                        mine.push((i, f(i)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(mine) => mine,
                // a panic in `f` is a bug: raise it here, as a loop would have
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

/// The manifest at `path` when it is a regular file holding Dossier's manifest.
fn read_manifest(path: &Path) -> Option<Manifest> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MANIFEST_MAX_BYTES {
        return None;
    }
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    (manifest.written_by == WRITTEN_BY).then_some(manifest)
}

/// The SHA-256 of the regular file at `path` when it is one of `hashes`: Dossier wrote it and
/// it has not changed since. A project is never opened here (see [`crate::store::is_project_file`]).
fn own_content(path: &Path, hashes: &[String]) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || crate::store::is_project_file(path) {
        return None;
    }
    let hash = sha256(&std::fs::read(path).ok()?);
    hashes.contains(&hash).then_some(hash)
}

fn write_manifest(
    path: &Path,
    files: BTreeMap<String, Vec<String>>,
    protected: &[&Path],
) -> Result<(), ExportError> {
    let json = serde_json::to_vec_pretty(&Manifest::new(files))
        .map_err(|e| ExportError::io(path)(std::io::Error::other(e)))?;
    write_file(path, &json, protected)
}

fn sha256(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(names: &[&str], body: &str) -> Vec<Planned> {
        names
            .iter()
            .map(|name| Planned {
                article: (*name).to_owned(),
                name: (*name).to_owned(),
                bytes: Ok(body.as_bytes().to_vec()),
            })
            .collect()
    }

    fn write(dir: &Path, names: &[&str], body: &str) -> RecordsWritten {
        let mut folder = Folder::survey(dir).expect("survey");
        folder.refuse_foreign().expect("only Dossier's files");
        folder.write_all(plan(names, body), &[]).expect("write");
        folder.finish(&[]).expect("manifest")
    }

    #[test]
    fn dossiers_own_files_are_rewritten_and_others_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let written = write(dir.path(), &["a.json", "b.json"], "one");
        assert_eq!(written.written, 2);
        assert!(dir.path().join(MANIFEST).is_file());
        // Again, with new content: still only Dossier's files there.
        let written = write(dir.path(), &["a.json"], "two");
        assert_eq!(written.written, 1);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.json")).expect("a"),
            "two"
        );
        // b.json stays listed, as written.
        write(dir.path(), &["a.json"], "three");

        // The analyst edits b.json: it is no longer what Dossier wrote.
        std::fs::write(dir.path().join("b.json"), "edited").expect("edit");
        std::fs::write(dir.path().join("notes.txt"), "mine").expect("notes");
        let folder = Folder::survey(dir.path()).expect("survey");
        let error = folder.refuse_foreign().expect_err("refused");
        assert_eq!(
            error.to_string(),
            format!(
                "{}: not written: the folder holds b.json and 1 more files, which Dossier did \
                 not write; choose an empty folder or one holding only Dossier's records",
                dir.path().display()
            )
        );
        assert!(!folder.is_free("B.JSON"));
        assert!(folder.is_free("a.json"));
    }

    #[test]
    fn a_file_that_cannot_be_written_is_a_warning_naming_the_article_and_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let long = format!("{}.json", "x".repeat(300));
        let planned = vec![
            Planned {
                article: "long.txt".to_owned(),
                name: long.clone(),
                bytes: Ok(b"{}".to_vec()),
            },
            Planned {
                article: "short.txt".to_owned(),
                name: "short.json".to_owned(),
                bytes: Ok(b"{}".to_vec()),
            },
        ];
        let mut folder = Folder::survey(dir.path()).expect("survey");
        folder.write_all(planned, &[]).expect("write");
        let written = folder.finish(&[]).expect("manifest");
        assert_eq!(written.written, 1);
        assert_eq!(written.warnings.len(), 1);
        assert!(
            written.warnings[0].starts_with("long.txt: record not written:")
                && written.warnings[0].contains(&long),
            "{:?}",
            written.warnings
        );
        assert!(dir.path().join("short.json").is_file());
        // The next export finds only Dossier's files.
        Folder::survey(dir.path())
            .expect("survey")
            .refuse_foreign()
            .expect("nothing foreign");
    }

    /// A write that fails (here: the target became a folder, as a full disk fails a write)
    /// names the file, leaves what was there, and the files written before it stay.
    #[test]
    fn a_failed_write_names_the_file_and_loses_nothing_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), &["a.json", "b.json"], "old");
        let mut folder = Folder::survey(dir.path()).expect("survey");
        folder
            .write_all(plan(&["a.json"], "new"), &[])
            .expect("first batch");
        std::fs::remove_file(dir.path().join("b.json")).expect("remove");
        std::fs::create_dir(dir.path().join("b.json")).expect("a folder in the way");
        std::fs::write(dir.path().join("b.json").join("keep"), "x").expect("keep");
        folder
            .write_all(plan(&["b.json", "c.json"], "new"), &[])
            .expect("second batch");
        let written = folder.finish(&[]).expect("manifest");
        assert_eq!(written.written, 2, "{:?}", written.warnings);
        assert_eq!(written.warnings.len(), 1, "{:?}", written.warnings);
        let b = dir.path().join("b.json");
        assert!(
            written.warnings[0].starts_with("b.json: record not written:")
                && written.warnings[0].contains(&b.display().to_string()),
            "{:?}",
            written.warnings
        );
        assert_eq!(std::fs::read(dir.path().join("a.json")).expect("a"), b"new");
        assert_eq!(std::fs::read(dir.path().join("c.json")).expect("c"), b"new");
        assert_eq!(std::fs::read(b.join("keep")).expect("kept"), b"x");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(names.is_empty(), "temporaries left: {names:?}");
    }

    #[test]
    fn a_foreign_manifest_is_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(MANIFEST), "my notes").expect("write");
        let mut folder = Folder::survey(dir.path()).expect("survey");
        assert!(folder.refuse_foreign().is_err());
        folder
            .write_all(plan(&["a.json"], "{}"), &[])
            .expect("forced");
        let written = folder.finish(&[]).expect("done");
        assert_eq!(written.written, 1);
        assert_eq!(written.warnings.len(), 1, "{:?}", written.warnings);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(MANIFEST)).expect("read"),
            "my notes"
        );
    }

    /// An export stopped between two batches (the writer dropped before `finish`) leaves
    /// nothing the next export would take for a foreign file: the manifest written before each
    /// batch lists what it writes.
    #[test]
    fn an_export_stopped_halfway_leaves_nothing_foreign() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), &["a.json", "b.json"], "old");
        let mut folder = Folder::survey(dir.path()).expect("survey");
        folder
            .write_all(plan(&["a.json", "c.json"], "new"), &[])
            .expect("first batch");
        drop(folder);
        assert_eq!(std::fs::read(dir.path().join("a.json")).expect("a"), b"new");
        assert_eq!(std::fs::read(dir.path().join("b.json")).expect("b"), b"old");
        let folder = Folder::survey(dir.path()).expect("survey");
        folder.refuse_foreign().expect("all Dossier's");
        assert!(folder.is_free("c.json"));
    }
}
