//! Content words for story clustering and claim alignment: words folded to lower case without
//! accents, stop-words and numbers dropped, lightly stemmed (plural, `-ing`, `-ed`, final `e`).
//!
//! The stem is only a matching key (`declares`, `declared`, `declaring` → `declar`); the text's
//! own spelling is kept beside it so names shown to the analyst read naturally.

pub(crate) use crate::analysis::text::{fold, fold_into};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a: a fast hash for the short words and ids these maps hold (no untrusted-key
/// flooding concern in a local analysis pass).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// One content word: its matching key and its byte range in the text it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    /// Folded, stemmed key.
    pub stem: String,
    /// Byte range of the word (one hyphen part of a compound) in the text.
    pub start: usize,
    pub end: usize,
}

/// Content words of `text`, in order. Hyphenated compounds give their parts (`Akufo-Addo` →
/// `akufo`, `addo`); a possessive `'s` or a contraction is dropped; words of one letter,
/// stop-words and words starting with a digit (`1,500`, `30th`) are left out.
pub(crate) fn content_words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    each_content_word(text, |stem, start, end| {
        out.push(Word {
            stem: stem.to_owned(),
            start,
            end,
        });
    });
    out
}

/// [`content_words`] without allocating: calls `f(stem, start, end)` for each.
pub(crate) fn each_content_word(text: &str, f: impl FnMut(&str, usize, usize)) {
    each_content_word_of(text, &raw_words(text), f);
}

/// [`each_content_word`] given the [`raw_words`] of `text`.
pub(crate) fn each_content_word_of(
    text: &str,
    words: &[(usize, usize)],
    mut f: impl FnMut(&str, usize, usize),
) {
    let mut folded_buf = String::new();
    let mut stem_buf = String::new();
    for &(start, end) in words {
        let Some(raw) = text.get(start..end) else {
            continue;
        };
        folded_buf.clear();
        fold_into(raw, &mut folded_buf);
        let folded = strip_clitic(&folded_buf);
        if folded.chars().nth(1).is_none()
            || folded.starts_with(|c: char| c.is_ascii_digit())
            || is_stop_word(folded)
        {
            continue;
        }
        stem_into(folded, &mut stem_buf);
        if stem_buf.chars().nth(1).is_none() || is_stop_word(&stem_buf) {
            continue;
        }
        f(&stem_buf, start, end);
    }
}

/// Byte ranges of the raw words of `text`: runs of letters and digits, with inner apostrophes
/// followed by a letter (`d'Ivoire` stays one word) and digit groups (`1,500`, `1.5`). Hyphens
/// split words.
pub(crate) fn raw_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut i = 0;
    while let Some((c, len)) = char_at(text, i) {
        let in_word = c.is_alphanumeric()
            || (start.is_some()
                && match (prev, is_apostrophe(c) || c == ',' || c == '.') {
                    (Some(p), true) => char_at(text, i + len).is_some_and(|(n, _)| {
                        (is_apostrophe(c) && p.is_alphanumeric() && n.is_alphabetic())
                            || ((c == ',' || c == '.') && p.is_ascii_digit() && n.is_ascii_digit())
                    }),
                    _ => false,
                });
        if in_word {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
        prev = Some(c);
        i += len;
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The character at byte `i` of `text` and its length in bytes (`None` at the end).
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    match *text.as_bytes().get(i)? {
        b if b.is_ascii() => Some((char::from(b), 1)),
        _ => text.get(i..)?.chars().next().map(|c| (c, c.len_utf8())),
    }
}

/// True for the apostrophes news text uses.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

/// Drops a trailing possessive `'s` or a contraction (`'ll`, `'re`, `'ve`, `'d`, `'m`, `n't`);
/// the word is already folded (straight apostrophes).
fn strip_clitic(word: &str) -> &str {
    ["'s", "'ll", "'re", "'ve", "'d", "'m", "n't"]
        .iter()
        .find_map(|c| word.strip_suffix(c))
        .unwrap_or(word)
}

/// A light English stemmer for matching, into the buffer `w`: plural `-s`/`-ies`, then
/// `-ing`/`-ed` (a doubled final consonant undone), then a final `e`. Words of three letters
/// or fewer, and words with non-ASCII letters, are kept as they are.
fn stem_into(word: &str, w: &mut String) {
    w.clear();
    w.push_str(word);
    if w.len() <= 3 || !w.is_ascii() {
        return;
    }
    if w.ends_with("ies") && w.len() >= 5 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
    }
    for suffix in ["ing", "ed"] {
        let Some(base_len) = w.strip_suffix(suffix).map(str::len) else {
            continue;
        };
        if base_len >= 3 && w[..base_len].chars().any(is_vowel) {
            w.truncate(base_len);
            let b = w.as_bytes();
            let n = b.len();
            if b[n - 1] == b[n - 2]
                && !is_vowel(char::from(b[n - 1]))
                && !matches!(b[n - 1], b'l' | b's' | b'z')
            {
                w.truncate(n - 1);
            }
            break;
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w.truncate(w.len() - 1);
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// True for folded words that say nothing about a story's content: function words, reporting
/// verbs, weekday and month names, relative time words, spelled-out small numbers and news
/// agency names (they appear in reports of every event).
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_SET.contains(word)
}

static STOP_SET: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// Kept sorted (checked by a test) for the reader.
const STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "according",
    "across",
    "added",
    "adding",
    "after",
    "afternoon",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "ap",
    "appeared",
    "april",
    "are",
    "around",
    "as",
    "at",
    "aug",
    "august",
    "away",
    "back",
    "be",
    "became",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "breaking",
    "but",
    "by",
    "ca",
    "can",
    "cannot",
    "caption",
    "click",
    "copyright",
    "could",
    "day",
    "days",
    "dec",
    "december",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "done",
    "dr",
    "during",
    "each",
    "earlier",
    "early",
    "eight",
    "either",
    "eleven",
    "else",
    "etc",
    "even",
    "evening",
    "ever",
    "every",
    "exclusive",
    "feb",
    "february",
    "few",
    "first",
    "five",
    "for",
    "four",
    "friday",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "image",
    "in",
    "including",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "jan",
    "january",
    "july",
    "june",
    "just",
    "last",
    "late",
    "later",
    "latest",
    "least",
    "less",
    "like",
    "live",
    "ll",
    "made",
    "make",
    "many",
    "march",
    "may",
    "me",
    "meanwhile",
    "might",
    "monday",
    "month",
    "months",
    "more",
    "morning",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "near",
    "nearly",
    "never",
    "new",
    "news",
    "next",
    "night",
    "nine",
    "no",
    "nor",
    "not",
    "nov",
    "november",
    "now",
    "oct",
    "october",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "photo",
    "photos",
    "post",
    "rather",
    "re",
    "read",
    "recent",
    "recently",
    "report",
    "reported",
    "reportedly",
    "reporting",
    "reports",
    "reuters",
    "said",
    "same",
    "saturday",
    "say",
    "saying",
    "says",
    "second",
    "sept",
    "september",
    "seven",
    "several",
    "share",
    "she",
    "should",
    "since",
    "six",
    "so",
    "some",
    "source",
    "sources",
    "still",
    "subscribe",
    "such",
    "sunday",
    "ten",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "third",
    "this",
    "those",
    "three",
    "through",
    "thursday",
    "till",
    "time",
    "to",
    "today",
    "told",
    "tomorrow",
    "tonight",
    "too",
    "tuesday",
    "twice",
    "two",
    "under",
    "until",
    "up",
    "update",
    "updated",
    "upon",
    "us",
    "ve",
    "very",
    "via",
    "video",
    "was",
    "wasn",
    "watch",
    "we",
    "wednesday",
    "week",
    "weeks",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won",
    "would",
    "year",
    "years",
    "yesterday",
    "yet",
    "you",
    "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        content_words(text).into_iter().map(|w| w.stem).collect()
    }

    #[test]
    fn stop_words_are_sorted() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn content_words_fold_stem_and_drop_stop_words() {
        assert_eq!(
            stems("The General declared himself leader; generals declare, declaring 1,500."),
            ["general", "declar", "leader", "general", "declar", "declar"]
        );
        assert_eq!(
            stems("Goïta’s talks with Côte d’Ivoire"),
            ["goita", "talk", "cote", "d'ivoir"]
        );
        assert_eq!(
            stems("Akufo-Addo planned meetings"),
            ["akufo", "addo", "plan", "meet"]
        );
        assert_eq!(stems("countries ECOWAS"), ["country", "ecowa"]);
    }

    #[test]
    fn ranges_point_at_the_words() {
        let text = "Troops, troops!";
        let words = content_words(text);
        assert_eq!(words.len(), 2);
        assert_eq!(&text[words[0].start..words[0].end], "Troops");
        assert_eq!(&text[words[1].start..words[1].end], "troops");
    }

    /// [`raw_words`] as first written, a peek at each next character: the reference.
    fn raw_words_reference(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut prev: Option<char> = None;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let next = iter.peek().map(|&(_, n)| n);
            let joins = match (start, prev, next) {
                (Some(_), Some(p), Some(n)) => {
                    (is_apostrophe(c) && p.is_alphanumeric() && n.is_alphabetic())
                        || ((c == ',' || c == '.') && p.is_ascii_digit() && n.is_ascii_digit())
                }
                _ => false,
            };
            if c.is_alphanumeric() || joins {
                if start.is_none() {
                    start = Some(i);
                }
            } else if let Some(s) = start.take() {
                out.push((s, i));
            }
            prev = Some(c);
        }
        if let Some(s) = start {
            out.push((s, text.len()));
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// The raw words equal the reference's on text mixing letters, digits, apostrophes,
        /// digit groups, accents and other scripts.
        #[test]
        fn raw_words_equal_the_reference(text in "[a-zA-Z0-9',. ’ʼ‘é١٢\\-\n]{0,40}") {
            proptest::prop_assert_eq!(raw_words(&text), raw_words_reference(&text));
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "'",
            "’s",
            "-",
            "1,",
            ",1",
            "é'",
            "a’b’",
            "\u{0301}x",
            "ǅ",
            "İİİ",
        ] {
            let _ = content_words(text);
        }
    }
}
