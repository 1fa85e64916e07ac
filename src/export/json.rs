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
use std::path::Path;

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
/// `-2`, `-3`… `protected` are the projects open here.
///
/// Only Dossier's own records are written over (see [`super::MANIFEST`]): a folder holding
/// anything else is refused, unless `force`; forced, a record whose name a foreign file holds
/// takes the next free name, with a warning. A record that cannot be written is a warning
/// naming its article, and the others are written.
pub fn write_records(
    dir: &Path,
    records: &[ArticleRecord],
    protected: &[&Path],
    force: bool,
) -> Result<RecordsWritten, ExportError> {
    let folder = Folder::survey(dir)?;
    if !force {
        folder.refuse_foreign()?;
    }
    let mut used = HashSet::new();
    let mut warnings = Vec::new();
    let planned: Vec<Planned<'_>> = records
        .iter()
        .map(|record| {
            let base = record_stem(&record.article);
            let mut stem = base.clone();
            let mut n = 2;
            // The first name a foreign file holds, if any was passed over.
            let mut blocked = None;
            loop {
                let name = format!("{stem}.json");
                if !folder.is_free(&name) {
                    blocked.get_or_insert(name);
                } else if used.insert(stem.to_lowercase()) {
                    break;
                }
                stem = format!("{base}-{n}");
                n += 1;
            }
            if let Some(blocked) = blocked {
                warnings.push(format!(
                    "{}: written as {stem}.json, since {blocked} is not Dossier's",
                    record.article
                ));
            }
            Planned {
                article: &record.article,
                name: format!("{stem}.json"),
            }
        })
        .collect();
    folder.write_all(
        &planned,
        protected,
        |i| {
            let record = records.get(i).ok_or("no such record")?;
            serde_json::to_vec_pretty(record).map_err(|e| e.to_string())
        },
        warnings,
    )
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
