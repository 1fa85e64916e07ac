//! Word lists of the attribution pass: reporting cues, speaker head nouns, anonymous-source
//! heads and adverbials, read once from `assets/attribution/`, plus the small closed classes
//! of English grammar words the pass needs.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const CUES: &str = include_str!("../../../assets/attribution/cues.tsv");
const SPEAKERS: &str = include_str!("../../../assets/attribution/speakers.txt");
const ANONYMOUS: &str = include_str!("../../../assets/attribution/anonymous.txt");
const ADVERBIALS: &str = include_str!("../../../assets/attribution/adverbials.txt");

/// How a cue relates to its speaker and content (see `cues.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CueClass {
    /// Speaker before or after: "X said …", "…, said X".
    Verb,
    /// A verb that is also a common noun; needs "that", a colon, a quotation or a clause end.
    Strict,
    /// Continues the last speaker: "…, adding that …".
    Participle,
    /// Speaker follows the cue: "according to X".
    Prep,
    /// An act that is speech only when its object is a quotation.
    QuoteOnly,
}

/// One cue phrase.
#[derive(Debug)]
pub(super) struct Cue {
    /// Lower-case words.
    pub words: Vec<&'static str>,
    pub class: CueClass,
}

/// All word lists, keyed for fast lookup by lower-case word.
pub(super) struct Lexicon {
    /// Cue phrases by first word, longest first.
    pub cues: HashMap<&'static str, Vec<Cue>>,
    pub speakers: HashSet<&'static str>,
    pub anonymous: HashSet<&'static str>,
    /// Adverbial phrases by first word, longest first.
    pub adverbials: HashMap<&'static str, Vec<Vec<&'static str>>>,
}

/// The lexicon, parsed on first use.
pub(super) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// Lines of a list file without comments and blanks.
fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    /// Parses the asset files.
    fn load() -> Lexicon {
        let mut cues: HashMap<&'static str, Vec<Cue>> = HashMap::new();
        for line in lines(CUES) {
            let (phrase, class) = line.split_once('\t').unwrap_or((line, "verb"));
            let class = match class.trim() {
                "strict" => CueClass::Strict,
                "participle" => CueClass::Participle,
                "prep" => CueClass::Prep,
                "quoteonly" => CueClass::QuoteOnly,
                _ => CueClass::Verb,
            };
            let words: Vec<&'static str> = phrase.split_whitespace().collect();
            if let Some(&first) = words.first() {
                cues.entry(first).or_default().push(Cue { words, class });
            }
        }
        for list in cues.values_mut() {
            list.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
        }
        let mut adverbials: HashMap<&'static str, Vec<Vec<&'static str>>> = HashMap::new();
        for line in lines(ADVERBIALS) {
            let words: Vec<&'static str> = line.split_whitespace().collect();
            if let Some(&first) = words.first() {
                adverbials.entry(first).or_default().push(words);
            }
        }
        for list in adverbials.values_mut() {
            list.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        Lexicon {
            cues,
            speakers: lines(SPEAKERS).collect(),
            anonymous: lines(ANONYMOUS).collect(),
            adverbials,
        }
    }
}

/// Personal pronouns that can stand for a speaker.
pub(super) const PRONOUNS: &[&str] = &["he", "she", "it", "they", "him", "her", "them"];

/// Words that end a speaker phrase when read backwards from a cue.
pub(super) const BOUNDARIES: &[&str] = &[
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "but",
    "while",
    "whereas",
    "when",
    "as",
    "because",
    "after",
    "before",
    "since",
    "if",
    "although",
    "though",
    "so",
    "where",
    "and",
    "or",
    "also",
    "to",
    "is",
    "was",
    "are",
    "were",
    "be",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "must",
    "did",
    "does",
    "do",
    "not",
    "with",
    "by",
    "from",
    "than",
    "for",
    "on",
    "in",
    "at",
    "into",
    "about",
    "over",
    "under",
    "against",
    "during",
    "it",
    "this",
    "these",
    "those",
    "there",
    "recall",
    "however",
    "meanwhile",
];

/// Auxiliaries and adverbs allowed between a speaker and its cue ("X has also said").
pub(super) const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "did",
    "does",
    "do",
    "also",
    "further",
    "earlier",
    "later",
    "then",
    "again",
    "once",
    "previously",
    "repeatedly",
    "recently",
    "now",
    "today",
    "yesterday",
    "first",
    "reportedly",
    "publicly",
    "however",
    "not",
    "already",
    "separately",
    "too",
];

/// Forms of "be": a cue right after one is passive ("it is feared") and has no speaker.
pub(super) const PASSIVE: &[&str] = &["is", "was", "are", "were", "be", "been", "being"];

/// Determiners: a cue right after one is a noun or adjective ("the said meeting").
pub(super) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "its", "his", "her", "their", "our", "my", "your",
];

/// Weekday and relative-day words that may follow "on" or "last" in an adverbial.
pub(super) const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "weekend",
    "morning",
    "evening",
    "night",
    "week",
    "month",
    "year",
];

/// Verbs after which the first noun phrase is the hearer, not the content ("told reporters").
pub(super) const HEARER_VERBS: &[&str] = &["tell", "tells", "told", "assure", "assures", "assured"];

/// Head nouns of a statement-like speaker that may name its author ("a statement by X").
pub(super) const DOCUMENTS: &[&str] = &[
    "statement",
    "communique",
    "communiqué",
    "report",
    "post",
    "message",
    "letter",
    "release",
    "declaration",
    "document",
];

/// True when `word` (lower case) is in `list`.
pub(super) fn is_in(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_list_parses_classes_and_orders_longest_first() {
        let said = LEXICON.cues.get("said").map(|v| v[0].class);
        assert_eq!(said, Some(CueClass::Verb));
        let according = LEXICON.cues.get("according").map(|v| v[0].words.clone());
        assert_eq!(according, Some(vec!["according", "to"]));
        let called = LEXICON.cues.get("called").map(|v| v[0].words.len());
        assert_eq!(called, Some(2), "'called for' must come before 'called'");
        assert!(LEXICON.anonymous.contains("sources"));
        assert!(LEXICON.speakers.contains("ministry"));
    }
}
