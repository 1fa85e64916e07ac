//! Per-article JSON records in the shape of `shared/eval/SCHEMA.md`, one file per article,
//! named after the source file's stem (`seed.txt` → `seed.json`).

pub use crate::analysis::decisions::DecisionRecord;
use crate::analysis::timeline::TimexRecord;
use crate::model::{Article, QuoteRow};
use serde::Serialize;
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

/// The file stem for a record: the source name's stem, with a collection row's index kept
/// (`feed.csv#17` → `feed-17`) and characters unsafe in file names replaced.
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
    stem
}

/// Writes each record to `dir/STEM.json` (creating `dir`), atomically; stems that collide get
/// `-2`, `-3`… Returns the number of files written.
pub fn write_records(dir: &Path, records: &[ArticleRecord]) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut used = HashSet::new();
    for record in records {
        let base = record_stem(&record.article);
        let mut stem = base.clone();
        let mut n = 2;
        while !used.insert(stem.clone()) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        let json = serde_json::to_vec_pretty(record).map_err(std::io::Error::other)?;
        super::write_atomic(&dir.join(format!("{stem}.json")), &json)?;
    }
    Ok(records.len())
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
    fn colliding_stems_get_suffixes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let record = |name: &str| ArticleRecord {
            article: name.to_string(),
            title: "T".into(),
            source: None,
            document_date: None,
            entities: vec![],
            timex: vec![],
            quotes: vec![],
            decisions: vec![],
            analysis: None,
        };
        let written = write_records(dir.path(), &[record("a.txt"), record("a.md")]).expect("write");
        assert_eq!(written, 2);
        assert!(dir.path().join("a.json").exists());
        assert!(dir.path().join("a-2.json").exists());
        let text = std::fs::read_to_string(dir.path().join("a-2.json")).expect("read");
        let value: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(value["article"], "a.md");
        for key in ["entities", "timex", "quotes", "decisions"] {
            assert!(value[key].is_array(), "{key} must be an array");
        }
    }
}
