//! Word lists of the attribution pass: reporting cues with their speech acts, speaker head
//! nouns, anonymous-source heads, nouns naming claims and adverbials, read once from `assets/attribution/`, plus the small closed classes
//! of English grammar words the pass needs.

use crate::analysis::gazetteer::{FastMap, FastSet};
use std::sync::LazyLock;

const CUES: &str = include_str!("../../../assets/attribution/cues.tsv");
const SPEAKERS: &str = include_str!("../../../assets/attribution/speakers.txt");
const ANONYMOUS: &str = include_str!("../../../assets/attribution/anonymous.txt");
const ADVERBIALS: &str = include_str!("../../../assets/attribution/adverbials.txt");
const CLAIMS: &str = include_str!("../../../assets/attribution/claims.txt");
const DOCUMENTS: &str = include_str!("../../../assets/attribution/documents.txt");
const ISSUING: &str = include_str!("../../../assets/attribution/issuing.txt");
const APPEARING: &str = include_str!("../../../assets/attribution/appearing.txt");

/// How a cue sits in its sentence (see `cues.tsv`).
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

/// The speech act a cue reports: it fixes the complements the verb takes (see `cues.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Act {
    /// "X said (that) …", "X warned of …".
    Assertive,
    /// "X urged Y to …", "X called for …".
    Directive,
    /// "X accused Y of …", "X blamed Y for …".
    Accusing,
    /// "X described Y as …".
    Characterising,
    /// "X called Y a farce".
    Naming,
    /// "X pledged to …", "X offered 1,000 troops".
    Committing,
    /// "X announced the closure of …".
    Announcing,
    /// "X condemned the coup", "X thanked Y for …".
    Evaluative,
    /// "X rejected the claims".
    Rebutting,
    /// "according to X".
    Source,
}

impl Act {
    /// True when the act can be reported with its content elsewhere ("“…,” X said", "X
    /// promised."); acts that need an object ("accused Y of") cannot.
    pub fn speaks_without_object(self) -> bool {
        matches!(
            self,
            Act::Assertive | Act::Directive | Act::Committing | Act::Announcing | Act::Source
        )
    }
}

/// One cue phrase.
#[derive(Debug)]
pub(super) struct Cue {
    /// Lower-case words.
    pub words: Vec<&'static str>,
    pub class: CueClass,
    pub act: Act,
}

/// All word lists, keyed for fast lookup by lower-case word.
pub(super) struct Lexicon {
    /// Cue phrases by first word, longest first.
    pub cues: FastMap<&'static str, Vec<Cue>>,
    pub speakers: FastSet<&'static str>,
    pub anonymous: FastSet<&'static str>,
    /// Nouns naming something said, the objects of rebutting verbs ("rejected the claims").
    pub claims: FastSet<&'static str>,
    /// Nouns of documents that speak for their issuer ("the statement said").
    pub documents: FastSet<&'static str>,
    /// The legal texts among them, which keep their own name when no issuer is named.
    pub legal: FastSet<&'static str>,
    /// Verbs of appearing somewhere to speak ("went on television to declare …").
    pub appearing: FastSet<&'static str>,
    /// Verbs of issuing a document ("adopted", "released"), first word to whole phrases.
    pub issuing: FastMap<&'static str, Vec<Vec<&'static str>>>,
    /// Adverbial phrases by first word, longest first.
    pub adverbials: FastMap<&'static str, Vec<Vec<&'static str>>>,
}

/// The lexicon, parsed on first use.
pub(super) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// The text before the first tab of a line.
fn first_column(line: &'static str) -> &'static str {
    line.split('\t').next().unwrap_or(line).trim()
}

/// Lines of a list file without comments and blanks.
fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    /// Parses the asset files.
    fn load() -> Lexicon {
        let mut cues: FastMap<&'static str, Vec<Cue>> = FastMap::default();
        for line in lines(CUES) {
            let mut cols = line.split('\t');
            let forms = cols.next().unwrap_or_default();
            let act = match cols.next().map(str::trim) {
                Some("directive") => Act::Directive,
                Some("accusing") => Act::Accusing,
                Some("characterising") => Act::Characterising,
                Some("naming") => Act::Naming,
                Some("committing") => Act::Committing,
                Some("announcing") => Act::Announcing,
                Some("evaluative") => Act::Evaluative,
                Some("rebutting") => Act::Rebutting,
                Some("source") => Act::Source,
                _ => Act::Assertive,
            };
            let quote_only = cols.next().is_some_and(|f| f.trim() == "quote-only");
            for form in forms.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                let (form, noun) = match form.strip_suffix('*') {
                    Some(f) => (f, true),
                    None => (form, false),
                };
                let words: Vec<&'static str> = form.split_whitespace().collect();
                let Some(&first) = words.first() else {
                    continue;
                };
                let class = if act == Act::Source {
                    CueClass::Prep
                } else if quote_only {
                    CueClass::QuoteOnly
                } else if noun {
                    CueClass::Strict
                } else if first.ends_with("ing") {
                    CueClass::Participle
                } else {
                    CueClass::Verb
                };
                cues.entry(first)
                    .or_default()
                    .push(Cue { words, class, act });
            }
        }
        for list in cues.values_mut() {
            list.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
        }
        let mut adverbials: FastMap<&'static str, Vec<Vec<&'static str>>> = FastMap::default();
        for line in lines(ADVERBIALS) {
            let words: Vec<&'static str> = line.split_whitespace().collect();
            if let Some(&first) = words.first() {
                adverbials.entry(first).or_default().push(words);
            }
        }
        for list in adverbials.values_mut() {
            list.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        let mut issuing: FastMap<&'static str, Vec<Vec<&'static str>>> = FastMap::default();
        for line in lines(ISSUING) {
            let words: Vec<&'static str> = line.split_whitespace().collect();
            if let Some(&first) = words.first() {
                issuing.entry(first).or_default().push(words);
            }
        }
        Lexicon {
            cues,
            speakers: lines(SPEAKERS).collect(),
            anonymous: lines(ANONYMOUS).collect(),
            claims: lines(CLAIMS).collect(),
            documents: lines(DOCUMENTS).map(first_column).collect(),
            appearing: lines(APPEARING).collect(),
            legal: lines(DOCUMENTS)
                .filter(|l| l.ends_with("legal"))
                .map(first_column)
                .collect(),
            issuing,
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
    "what",
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
pub(super) const HEARER_VERBS: &[&str] = &[
    "tell",
    "tells",
    "told",
    "telling",
    "assure",
    "assures",
    "assured",
    "reassure",
    "reassures",
    "reassured",
    "inform",
    "informs",
    "informed",
    "remind",
    "reminds",
    "reminded",
    "warn",
    "warns",
    "warned",
    "warning",
    "caution",
    "cautions",
    "cautioned",
];

/// True when `w` (lower case) is a document noun, singular or plural ("statement",
/// "resolutions").
pub(super) fn is_document(w: &str) -> bool {
    LEXICON.documents.contains(w)
        || w.strip_suffix('s')
            .is_some_and(|s| LEXICON.documents.contains(s))
}

/// True when `word` (lower case) is in `list`.
pub(super) fn is_in(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_list_parses_classes_and_orders_longest_first() {
        let said = LEXICON.cues.get("said").map(|v| (v[0].class, v[0].act));
        assert_eq!(said, Some((CueClass::Verb, Act::Assertive)));
        let states = LEXICON.cues.get("states").map(|v| v[0].class);
        assert_eq!(
            states,
            Some(CueClass::Strict),
            "a form marked * is also a noun"
        );
        let urging = LEXICON.cues.get("urging").map(|v| (v[0].class, v[0].act));
        assert_eq!(urging, Some((CueClass::Participle, Act::Directive)));
        let ordered = LEXICON.cues.get("ordered").map(|v| v[0].class);
        assert_eq!(ordered, Some(CueClass::QuoteOnly));
        let according = LEXICON.cues.get("according").map(|v| v[0].class);
        assert_eq!(according, Some(CueClass::Prep));
        let according = LEXICON.cues.get("according").map(|v| v[0].words.clone());
        assert_eq!(according, Some(vec!["according", "to"]));
        let called = LEXICON.cues.get("called").map(|v| v[0].words.len());
        assert_eq!(called, Some(2), "'called for' must come before 'called'");
        let accused = LEXICON.cues.get("accused").map(|v| v[0].act);
        assert_eq!(accused, Some(Act::Accusing));
        assert!(LEXICON.anonymous.contains("sources"));
        assert!(LEXICON.speakers.contains("ministry"));
        assert!(is_document("resolutions") && is_document("statement"));
        assert!(LEXICON.legal.contains("resolution") && !LEXICON.legal.contains("statement"));
        assert!(
            LEXICON
                .issuing
                .get("put")
                .is_some_and(|p| p[0] == ["put", "out"])
        );
    }
}
