//! Per-article JSON records in the shape of `shared/eval/SCHEMA.md`, one file per article,
//! named after the source file's stem (`seed.txt` → `seed.json`).

use super::records_folder::{Folder, Planned};
use super::{ExportError, RecordsWritten};
pub use crate::model::DecisionRecord;
use crate::model::TimexRecord;
use crate::model::{Article, QuoteRow};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One entity row of a record: a real-world actor or place and every surface form it takes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityRow {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub mentions: Vec<String>,
}

/// One quote of a record: speaker, cue, kind and (the first 30 words of) the content.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteRecord {
    pub speaker: String,
    pub cue: String,
    pub kind: &'static str,
    pub text: String,
}

/// Words of a quote's content kept in its record.
const QUOTE_WORDS: usize = 30;

impl QuoteRecord {
    /// The record of a stored quote of the article whose text is `text`.
    pub fn new(text: &str, quote: &QuoteRow) -> Self {
        let content = text.get(quote.content.clone()).unwrap_or_default();
        QuoteRecord {
            speaker: quote.speaker_name.clone(),
            cue: text.get(quote.cue.clone()).unwrap_or_default().to_string(),
            kind: if quote.direct { "direct" } else { "indirect" },
            text: content
                .split_whitespace()
                .take(QUOTE_WORDS)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// One article's analysis record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleRecord {
    /// The source file name (`seed.txt`; `feed.csv#17` for a row of a collection file).
    pub article: String,
    pub title: String,
    pub source: Option<String>,
    /// ISO date the article speaks from: published, or found by the timeline pass.
    pub document_date: Option<String>,
    pub entities: Vec<EntityRow>,
    /// Time expressions with their ISO values.
    pub timex: Vec<TimexRecord>,
    /// Reported speech, direct and indirect.
    pub quotes: Vec<QuoteRecord>,
    /// Decisions, sanctions, orders and meetings, one per decision.
    pub decisions: Vec<DecisionRecord>,
    /// Present only when the record is incomplete: the passes that never analysed this
    /// article (it was imported since, or the run was stopped) or analysed it with an older
    /// version of Dossier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis: Option<AnalysisGap>,
}

/// The passes whose results a record lacks or holds from an older version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AnalysisGap {
    /// Passes that never stored results for the article.
    pub missing: Vec<String>,
    /// Passes whose stored results come from an older version of the pass.
    pub stale: Vec<String>,
}

impl ArticleRecord {
    /// The record of `article` with the given entity rows.
    pub fn new(article: &Article, entities: Vec<EntityRow>) -> Self {
        ArticleRecord {
            article: article.source_name.clone(),
            title: article.title.clone(),
            source: article.outlet.clone(),
            document_date: article.published.map(|d| d.to_string()),
            entities,
            timex: Vec::new(),
            quotes: Vec::new(),
            decisions: Vec::new(),
            analysis: None,
        }
    }
}

/// Bytes of a record's file stem at most: with a `-N` suffix and `.json` the name stays well
/// within the 255 bytes file systems allow.
pub const MAX_STEM_BYTES: usize = 200;

/// The file stem for a record: the source name's stem, with a collection row's index kept
/// (`feed.csv#17` → `feed-17`) and characters unsafe in file names replaced. A stem longer
/// than [`MAX_STEM_BYTES`] is cut on a character boundary and ends in `~` and 8 hex digits of
/// the whole stem's SHA-256, so long names that share a start stay distinct.
pub fn record_stem(source_name: &str) -> String {
    let (file, item) = match source_name.rsplit_once('#') {
        Some((file, item)) => (file, Some(item)),
        None => (source_name, None),
    };
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut stem = match item {
        Some(item) => format!("{stem}-{item}"),
        None => stem,
    };
    stem = stem
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    if stem.is_empty() || stem.starts_with('.') {
        stem.insert_str(0, "article");
    }
    if stem.len() > MAX_STEM_BYTES {
        let hash = crate::ingest::to_hex(&Sha256::digest(stem.as_bytes()));
        let hash = hash.get(..8).unwrap_or_default();
        let kept = super::truncate_on_char(&stem, MAX_STEM_BYTES - 9);
        stem = format!("{kept}~{hash}");
    }
    stem
}

/// Writes each record to `dir/STEM.json` (creating `dir`), atomically; stems that collide get
/// `-2`, `-3`… `protected` are the projects open here. See [`RecordsWriter`], which this
/// runs over one list of records.
pub fn write_records(
    dir: &Path,
    records: &[ArticleRecord],
    protected: &[&Path],
    force: bool,
) -> Result<RecordsWritten, ExportError> {
    let mut writer = RecordsWriter::new(dir, protected, force)?;
    writer.add(records)?;
    writer.finish()
}

/// Bytes of records (as written) a [`RecordsWriter`] holds before it writes them out: the
/// memory an export holds beside the batch being built, whatever the number of records.
const FLUSH_BYTES: usize = if cfg!(test) { 1 } else { 32 << 20 };

/// Writes records into a folder as they come, a bounded batch at a time: `dir/STEM.json`,
/// atomically; stems that collide get `-2`, `-3`…
///
/// Only Dossier's own records are written over (see [`super::MANIFEST`]): a folder holding
/// anything else is refused, unless `force`; forced, a record whose name a foreign file holds
/// takes the next free name, with a warning. A record that cannot be written is a warning
/// naming its article and file, and the others are written. The records are written out each
/// time those waiting reach [`FLUSH_BYTES`], and by [`RecordsWriter::finish`], which must be
/// called to write the manifest of what the folder holds.
pub struct RecordsWriter {
    folder: Folder,
    protected: Vec<PathBuf>,
    /// Stems taken by this export, case-folded.
    used: HashSet<String>,
    waiting: Vec<Planned>,
    waiting_bytes: usize,
}

impl RecordsWriter {
    /// A writer into `dir` (created when missing); a folder holding files Dossier did not
    /// write is refused unless `force`.
    pub fn new(dir: &Path, protected: &[&Path], force: bool) -> Result<Self, ExportError> {
        let folder = Folder::survey(dir)?;
        if !force {
            folder.refuse_foreign()?;
        }
        Ok(RecordsWriter {
            folder,
            protected: protected.iter().map(|p| p.to_path_buf()).collect(),
            used: HashSet::new(),
            waiting: Vec::new(),
            waiting_bytes: 0,
        })
    }

    /// Names each record's file and writes the records out once enough wait.
    pub fn add(&mut self, records: &[ArticleRecord]) -> Result<(), ExportError> {
        use rayon::prelude::*;
        let bytes: Vec<Result<Vec<u8>, String>> = records
            .par_iter()
            .map(|r| serde_json::to_vec_pretty(r).map_err(|e| e.to_string()))
            .collect();
        for (record, bytes) in records.iter().zip(bytes) {
            let name = self.name_for(&record.article);
            self.waiting_bytes += bytes.as_ref().map_or(0, Vec::len);
            self.waiting.push(Planned {
                article: record.article.clone(),
                name,
                bytes,
            });
        }
        if self.waiting_bytes >= FLUSH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes out every record added and the manifest; what the export did.
    pub fn finish(mut self) -> Result<RecordsWritten, ExportError> {
        self.flush()?;
        let protected: Vec<&Path> = self.protected.iter().map(PathBuf::as_path).collect();
        self.folder.finish(&protected)
    }

    fn flush(&mut self) -> Result<(), ExportError> {
        if self.waiting.is_empty() {
            return Ok(());
        }
        let planned = std::mem::take(&mut self.waiting);
        self.waiting_bytes = 0;
        let protected: Vec<&Path> = self.protected.iter().map(PathBuf::as_path).collect();
        self.folder.write_all(planned, &protected)
    }

    /// The file name of the record of `article`: its stem, or the next free `STEM-N`, with a
    /// warning when a foreign file holds a name passed over.
    fn name_for(&mut self, article: &str) -> String {
        let base = record_stem(article);
        let mut stem = base.clone();
        let mut n = 2;
        // The first name a foreign file holds, if any was passed over.
        let mut blocked = None;
        loop {
            let name = format!("{stem}.json");
            if !self.folder.is_free(&name) {
                blocked.get_or_insert(name);
            } else if self.used.insert(stem.to_lowercase()) {
                break;
            }
            stem = format!("{base}-{n}");
            n += 1;
        }
        if let Some(blocked) = blocked {
            self.folder.warn(format!(
                "{article}: written as {stem}.json, since {blocked} is not Dossier's"
            ));
        }
        format!("{stem}.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_follow_the_source_file() {
        assert_eq!(record_stem("seed.txt"), "seed");
        assert_eq!(
            record_stem("000_0528eedcc084b2e2.txt"),
            "000_0528eedcc084b2e2"
        );
        assert_eq!(record_stem("feed.csv#17"), "feed-17");
        assert_eq!(record_stem("a:b?.html"), "a_b_");
        assert_eq!(record_stem(".txt"), "article.txt");
    }

    #[test]
    fn long_stems_are_cut_and_stay_distinct() {
        let a = record_stem(&format!("{}a.txt", "é".repeat(150)));
        let b = record_stem(&format!("{}b.txt", "é".repeat(150)));
        assert!(a.len() <= MAX_STEM_BYTES, "{}", a.len());
        assert_ne!(a, b);
        assert!(a.starts_with("éé") && a.contains('~'), "{a}");
        let short = record_stem(&format!("{}.txt", "x".repeat(MAX_STEM_BYTES)));
        assert_eq!(
            short,
            "x".repeat(MAX_STEM_BYTES),
            "a stem at the cap is kept whole"
        );
    }

    fn record(name: &str) -> ArticleRecord {
        ArticleRecord {
            article: name.to_string(),
            title: "T".into(),
            source: None,
            document_date: None,
            entities: vec![],
            timex: vec![],
            quotes: vec![],
            decisions: vec![],
            analysis: None,
        }
    }

    #[test]
    fn colliding_stems_get_suffixes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let written = write_records(dir.path(), &[record("a.txt"), record("a.md")], &[], false)
            .expect("write");
        assert_eq!(written.written, 2);
        assert!(written.warnings.is_empty(), "{:?}", written.warnings);
        assert!(dir.path().join("a.json").exists());
        assert!(dir.path().join("a-2.json").exists());
        let text = std::fs::read_to_string(dir.path().join("a-2.json")).expect("read");
        let value: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(value["article"], "a.md");
        for key in ["entities", "timex", "quotes", "decisions"] {
            assert!(value[key].is_array(), "{key} must be an array");
        }
        // Exporting again into the folder of Dossier's records is fine.
        let again = write_records(dir.path(), &[record("a.txt")], &[], false).expect("again");
        assert_eq!(again.written, 1);
    }

    #[test]
    fn a_foreign_file_is_refused_or_forced_around_never_written_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mine = dir.path().join("bulletin.json");
        std::fs::write(&mine, b"{\"mine\": true}").expect("write");
        let error =
            write_records(dir.path(), &[record("bulletin.txt")], &[], false).expect_err("refused");
        assert!(error.to_string().contains("bulletin.json"), "{error}");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);

        let forced =
            write_records(dir.path(), &[record("bulletin.txt")], &[], true).expect("forced");
        assert_eq!(forced.written, 1);
        assert_eq!(
            forced.warnings,
            vec!["bulletin.txt: written as bulletin-2.json, since bulletin.json is not Dossier's"]
        );
        assert_eq!(std::fs::read(&mine).expect("read"), b"{\"mine\": true}");
        assert!(dir.path().join("bulletin-2.json").is_file());
    }
}
