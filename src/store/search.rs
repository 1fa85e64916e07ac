//! Turning what a user typed into a safe, bounded FTS5 query, and finding its matches and a
//! snippet in a hit's text. Pure functions; the SQL lives in `queries.rs`.
//!
//! FTS5 only says which articles match and how well. The match ranges and the snippet are found
//! here, in one pass over the text: FTS5's own `highlight()` copies its whole output once per
//! match and `snippet()` scores every match against every other, so both grow with the square
//! of an article's size (a 3 MB article took minutes). Words are split and folded as the
//! index's `unicode61 remove_diacritics 2` tokenizer does: runs of letters and digits, case and
//! accents ignored.

use super::StoreError;
use crate::analysis::text::fold_into;
use std::collections::VecDeque;
use std::ops::Range;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// The most words a query may hold, phrases and prefixes included.
pub const MAX_QUERY_WORDS: usize = 64;

/// The most matches marked in one article: the first ones. Keeps a hit's memory bounded when a
/// common word is searched in a huge article (its words are still counted).
pub const MAX_MATCHES: usize = 10_000;

/// The most matches a search ranks: when more articles match, the best hits are those of the
/// newest (last imported) `MAX_RANKED` matches. Ranking costs about a microsecond per match,
/// so a word found in nearly all of 200,000 articles would take a fifth of a second; the newest
/// 25,000 take a few hundredths. [`crate::store::Project::search_count`] still counts every
/// match.
pub const MAX_RANKED: usize = 25_000;

/// Words of context in a search snippet.
const SNIPPET_WORDS: usize = 30;

/// Text after the last word that a snippet ending the article still shows (a full stop).
const SNIPPET_TAIL_BYTES: usize = 16;

/// One term of a user's query.
#[derive(Debug, PartialEq, Eq)]
struct Term<'a> {
    /// A word or the words of a phrase, never containing `"`.
    words: &'a str,
    /// `word*`: match any token starting with the (last) word.
    prefix: bool,
    /// Written in quotes (`"OR"` is a word, bare `OR` joins its neighbours).
    quoted: bool,
}

/// Splits `input` into words, `"quoted phrases"` (an unclosed quote runs to the end) and
/// `prefix*` terms.
fn terms(input: &str) -> Vec<Term<'_>> {
    let mut terms = Vec::new();
    let mut rest = input;
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            break;
        };
        let (raw, after) = if first == '"' {
            let inner = &rest[1..];
            match inner.find('"') {
                Some(end) => (&inner[..end], &inner[end + 1..]),
                None => (inner, ""),
            }
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        // A `*` right after a word or a closing quote makes it a prefix term.
        let (words, prefix, after) = if first == '"' {
            match after.strip_prefix('*') {
                Some(after) => (raw, true, after),
                None => (raw, false, after),
            }
        } else {
            let words = raw.trim_end_matches('*');
            (words, words.len() < raw.len(), after)
        };
        terms.push(Term {
            words,
            prefix,
            quoted: first == '"',
        });
        rest = after;
    }
    terms
}

/// A query that is safe to run: the FTS5 text, and the same terms as folded words for
/// finding matches in a text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Query {
    /// Every term double-quoted (so no input is FTS syntax), terms implicitly ANDed.
    pub fts5: String,
    phrases: Vec<Phrase>,
}

/// One term as folded words: consecutive words of a text must equal them, the last one only
/// start with its word when `prefix`.
#[derive(Debug, PartialEq, Eq)]
struct Phrase {
    words: Vec<String>,
    prefix: bool,
}

impl Phrase {
    /// True when the words ending `recent` are this phrase.
    fn ends(&self, recent: &VecDeque<(String, Range<usize>)>) -> bool {
        let Some(base) = recent.len().checked_sub(self.words.len()) else {
            return false;
        };
        let last = self.words.len() - 1;
        // The last word first: most words of a text are no query word at all.
        (0..self.words.len()).rev().all(|i| {
            let found = &recent[base + i].0;
            if self.prefix && i == last {
                found.starts_with(self.words[i].as_str())
            } else {
                *found == self.words[i]
            }
        })
    }
}

/// Parses what a user typed: words, `"quoted phrases"` and `prefix*`, all of which must occur.
/// Terms without a letter or digit are dropped, since they hold no word; `Ok(None)` when
/// nothing is left. A query over [`MAX_QUERY_CHARS`] characters or [`MAX_QUERY_WORDS`] words is
/// refused, so that no query takes seconds or outgrows SQLite's limits.
pub(super) fn parse(input: &str) -> Result<Option<Query>, StoreError> {
    let chars = input.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(StoreError::QueryTooLong {
            found: chars,
            max: MAX_QUERY_CHARS,
            unit: "characters",
        });
    }
    // FTS5 reads its query as a C string: a NUL would end it inside a quoted term.
    let input = input.replace('\0', " ");
    let mut fts5 = Vec::new();
    let mut phrases = Vec::new();
    let mut or_pending = false;
    for term in terms(&input) {
        // A bare `OR` between two terms: either may match (`Tinubu OR Bazoum`). Terms next to
        // each other must both match, and bind closer than `OR` (`a b OR c` is `(a b) OR c`).
        if !term.quoted && !term.prefix && term.words == "OR" {
            or_pending = !fts5.is_empty();
            continue;
        }
        let words: Vec<String> = words(term.words)
            .map(|range| folded(&term.words[range]))
            .collect();
        if words.is_empty() {
            continue;
        }
        if std::mem::take(&mut or_pending) {
            fts5.push("OR".to_string());
        }
        fts5.push(format!(
            "\"{}\"{}",
            term.words,
            if term.prefix { "*" } else { "" }
        ));
        phrases.push(Phrase {
            words,
            prefix: term.prefix,
        });
    }
    let count: usize = phrases.iter().map(|p| p.words.len()).sum();
    if count > MAX_QUERY_WORDS {
        return Err(StoreError::QueryTooLong {
            found: count,
            max: MAX_QUERY_WORDS,
            unit: "words",
        });
    }
    Ok((!phrases.is_empty()).then(|| Query {
        fts5: fts5.join(" "),
        phrases,
    }))
}

/// The byte ranges of the words of `text` as the index's tokenizer splits them: runs of
/// letters and digits, everything else separating.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (at, c) = chars.next()?;
            if c.is_alphanumeric() {
                break at;
            }
        };
        let mut end = text.len();
        while let Some(&(at, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = at;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

fn folded(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// One occurrence of a query term in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Instance {
    /// Which term (index into `Query::phrases`).
    phrase: usize,
    /// Its first and last word, counted from the text's first word.
    words: Range<usize>,
    /// Its bytes, from its first word's start to its last word's end.
    bytes: Range<usize>,
}

/// Where a query matches a text, and a short snippet around its best matches.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Highlight {
    /// Byte ranges of the matched terms inside the text, in order, not overlapping.
    pub text_matches: Vec<Range<usize>>,
    /// About [`SNIPPET_WORDS`] words around the best matches, `…` where text was left out.
    pub snippet: String,
    /// Byte ranges of the matched terms inside `snippet`.
    pub snippet_matches: Vec<Range<usize>>,
}

/// Finds every occurrence of `query`'s terms in `text` and the snippet: one pass over the
/// text, then one over the matches, so the cost grows with the text's length and no faster.
pub(super) fn highlight(text: &str, query: &Query) -> Highlight {
    let (instances, word_count) = instances(text, query);
    let text_matches = merged(instances.iter().map(|i| i.bytes.clone()).collect());
    let window = snippet_window(&instances, query.phrases.len(), word_count);
    let Some(bytes) = word_bytes(text, &window) else {
        return Highlight {
            text_matches,
            snippet: String::new(),
            snippet_matches: Vec::new(),
        };
    };
    let mut snippet = String::new();
    if window.start > 0 {
        snippet.push('…');
    }
    let offset = snippet.len();
    snippet.push_str(&text[bytes.clone()]);
    if window.end < word_count {
        snippet.push('…');
    } else {
        let mut tail = (bytes.end + SNIPPET_TAIL_BYTES).min(text.len());
        while !text.is_char_boundary(tail) {
            tail -= 1;
        }
        snippet.push_str(text[bytes.end..tail].trim_end());
    }
    let snippet_matches = merged(
        instances
            .iter()
            .filter(|i| window.start <= i.words.start && i.words.end <= window.end)
            .map(|i| i.bytes.start - bytes.start + offset..i.bytes.end - bytes.start + offset)
            .collect(),
    );
    Highlight {
        text_matches,
        snippet,
        snippet_matches,
    }
}

/// The first [`MAX_MATCHES`] occurrences of the query's terms in `text`, by the position of
/// their last word, and the number of words in the text. Keeps only the last few words, folded,
/// while it reads.
fn instances(text: &str, query: &Query) -> (Vec<Instance>, usize) {
    let longest = query
        .phrases
        .iter()
        .map(|p| p.words.len())
        .max()
        .unwrap_or(0);
    let mut recent: VecDeque<(String, Range<usize>)> = VecDeque::with_capacity(longest + 1);
    let mut found = Vec::new();
    let mut count = 0;
    for range in words(text) {
        if found.len() >= MAX_MATCHES {
            count += 1;
            continue;
        }
        let mut word = if recent.len() >= longest {
            recent.pop_front().map(|(w, _)| w).unwrap_or_default()
        } else {
            String::new()
        };
        word.clear();
        fold_into(&text[range.clone()], &mut word);
        recent.push_back((word, range.clone()));
        count += 1;
        for (phrase, p) in query.phrases.iter().enumerate() {
            if p.ends(&recent) {
                let first = &recent[recent.len() - p.words.len()].1;
                found.push(Instance {
                    phrase,
                    words: count - p.words.len()..count,
                    bytes: first.start..range.end,
                });
            }
        }
    }
    (found, count)
}

/// `ranges` sorted, with overlapping ones joined.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The words (by position) the snippet shows: the [`SNIPPET_WORDS`] words holding the most
/// different terms (then the most matches), centred on them, as FTS5's `snippet()` scores.
/// Instances come ordered by their last word; a sliding window keeps this linear.
fn snippet_window(instances: &[Instance], phrases: usize, word_count: usize) -> Range<usize> {
    let size = SNIPPET_WORDS.min(word_count);
    let mut by_start: Vec<&Instance> = instances
        .iter()
        .filter(|i| i.words.len() <= SNIPPET_WORDS)
        .collect();
    by_start.sort_by_key(|i| i.words.start);
    let mut seen = vec![0usize; phrases];
    let (mut distinct, mut total, mut end) = (0usize, 0usize, 0usize);
    let mut best: Option<(usize, usize, usize)> = None; // (score, first, end)
    for (first, start) in by_start.iter().enumerate() {
        if first > 0 {
            let gone = by_start[first - 1].phrase;
            seen[gone] -= 1;
            total -= 1;
            if seen[gone] == 0 {
                distinct -= 1;
            }
        }
        end = end.max(first);
        while let Some(next) = by_start.get(end) {
            if next.words.end > start.words.start + SNIPPET_WORDS {
                break;
            }
            if seen[next.phrase] == 0 {
                distinct += 1;
            }
            seen[next.phrase] += 1;
            total += 1;
            end += 1;
        }
        let score = distinct * 1000 + total;
        if best.is_none_or(|(s, _, _)| score > s) {
            best = Some((score, first, end));
        }
    }
    let Some((_, first, end)) = best else {
        return 0..size;
    };
    let from = by_start[first].words.start;
    let to = by_start[first..end]
        .iter()
        .map(|i| i.words.end)
        .max()
        .unwrap_or(from);
    let start = from
        .saturating_sub((SNIPPET_WORDS.saturating_sub(to - from)) / 2)
        .min(word_count - size);
    start..start + size
}

/// The bytes from the first to the last word of `window`; `None` for an empty window.
fn word_bytes(text: &str, window: &Range<usize>) -> Option<Range<usize>> {
    let mut inside = words(text).skip(window.start).take(window.len());
    let first = inside.next()?;
    let last = inside.last().unwrap_or_else(|| first.clone());
    Some(first.start..last.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fts5(input: &str) -> Option<String> {
        parse(input).expect("short query").map(|q| q.fts5)
    }

    #[test]
    fn words_phrases_and_prefixes_are_quoted() {
        assert_eq!(
            fts5(r#"ecowas "standby force" sanct*"#).as_deref(),
            Some(r#""ecowas" "standby force" "sanct"*"#)
        );
        assert_eq!(
            fts5(r#""military chi"*"#).as_deref(),
            Some(r#""military chi"*"#)
        );
    }

    #[test]
    fn a_bare_or_joins_its_neighbours_and_nothing_else_is_syntax() {
        assert_eq!(
            fts5("Tinubu OR Bazoum").as_deref(),
            Some(r#""Tinubu" OR "Bazoum""#)
        );
        assert_eq!(
            fts5(r#"ECOWAS "standby force" OR junta*"#).as_deref(),
            Some(r#""ECOWAS" "standby force" OR "junta"*"#)
        );
        // Leading, trailing and doubled ORs join nothing.
        assert_eq!(fts5("OR Tinubu OR").as_deref(), Some(r#""Tinubu""#));
        assert_eq!(fts5("a OR OR b").as_deref(), Some(r#""a" OR "b""#));
        // Lower case `or` is a word.
        assert_eq!(
            fts5("war or peace").as_deref(),
            Some(r#""war" "or" "peace""#)
        );
    }

    #[test]
    fn syntax_in_user_input_is_just_text() {
        assert_eq!(fts5(r#""unbalanced"#).as_deref(), Some(r#""unbalanced""#));
        assert_eq!(fts5("AND OR (").as_deref(), Some(r#""AND""#));
        assert_eq!(fts5(r#"AND "OR""#).as_deref(), Some(r#""AND" "OR""#));
        assert_eq!(fts5("NEAR(a b)").as_deref(), Some(r#""NEAR(a" "b)""#));
        assert_eq!(
            fts5("col:word -x ^y").as_deref(),
            Some(r#""col:word" "-x" "^y""#)
        );
        assert_eq!(fts5(r#"a"b"#).as_deref(), Some(r#""a" "b""#));
    }

    #[test]
    fn a_nul_separates_words() {
        // Found by `any_query_is_answered_or_refused`: FTS5 said "unterminated string".
        assert_eq!(fts5("\u{0}0").as_deref(), Some(r#""0""#));
        assert_eq!(fts5("\"a\u{0}b\"").as_deref(), Some(r#""a b""#));
    }

    #[test]
    fn empty_and_symbol_only_queries_give_nothing() {
        for input in ["", "   ", "*", "**", r#""""#, r#"" ""#, "( ) - *", "\"*"] {
            assert_eq!(fts5(input), None, "{input:?}");
        }
    }

    #[test]
    fn long_queries_are_refused_with_their_size() {
        let words = "word ".repeat(MAX_QUERY_WORDS);
        assert!(parse(&words).expect("at the limit").is_some());
        let err = parse(&format!("{words} one")).expect_err("over the limit");
        assert_eq!(
            err.to_string(),
            format!("search query too long: 65 words (at most {MAX_QUERY_WORDS})")
        );
        // Words inside phrases count too.
        let phrase = format!("\"{}\"", "w ".repeat(MAX_QUERY_WORDS + 1));
        assert!(parse(&phrase).is_err());
        let pasted = "x".repeat(10_240);
        let err = parse(&pasted).expect_err("10 kB");
        assert!(err.to_string().contains("10240 characters"), "{err}");
    }

    #[test]
    fn words_split_like_unicode61() {
        let text = "Goïta's ECOWAS-led force: 1,500 troops_x";
        let found: Vec<&str> = words(text).map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "Goïta", "s", "ECOWAS", "led", "force", "1", "500", "troops", "x"
            ]
        );
    }

    fn query(input: &str) -> Query {
        parse(input).expect("short").expect("has words")
    }

    #[test]
    fn matches_ignore_case_and_accents_and_join_phrases() {
        let text = "Putin called GOITA. Then Goïta met the standby force; the force stood by.";
        let h = highlight(text, &query("goïta \"standby force\" stan*"));
        let found: Vec<&str> = h.text_matches.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(found, ["GOITA", "Goïta", "standby force"]);
        assert_eq!(h.snippet, text.trim_end());
        let in_snippet: Vec<&str> = h
            .snippet_matches
            .iter()
            .map(|r| &h.snippet[r.clone()])
            .collect();
        assert_eq!(in_snippet, found);
    }

    #[test]
    fn snippet_centres_on_the_best_window() {
        let mut text = "filler ".repeat(100);
        text.push_str("niger coup niger ");
        text.push_str(&"padding ".repeat(100));
        let h = highlight(&text, &query("niger coup"));
        assert_eq!(h.text_matches.len(), 3);
        assert!(h.snippet.starts_with('…') && h.snippet.ends_with('…'));
        assert_eq!(words(&h.snippet).count(), SNIPPET_WORDS);
        assert_eq!(h.snippet_matches.len(), 3);
        let first = &h.snippet[h.snippet_matches[0].clone()];
        assert_eq!(first, "niger");
        // Without a match in the text (a title match), the snippet is the text's start.
        let h = highlight("One two three.", &query("zeppelin"));
        assert_eq!(
            (h.snippet.as_str(), h.text_matches.len()),
            ("One two three.", 0)
        );
    }

    #[test]
    fn a_huge_article_is_read_once() {
        // 100,000 matches in 1.1 MB: FTS5's highlight() copied its whole output once per match.
        // The first MAX_MATCHES are marked; the words after them are only counted.
        let text = "niger coup ".repeat(100_000);
        let h = highlight(&text, &query("niger"));
        assert_eq!(h.text_matches.len(), MAX_MATCHES);
        assert_eq!(h.text_matches[1], 11..16);
        assert!(h.snippet.starts_with("niger coup") && h.snippet.ends_with('…'));
        assert!(h.snippet.len() < 400, "{}", h.snippet.len());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the text and query, ranges fall on character boundaries, in order, and
        /// cover text that folds to a query word.
        #[test]
        fn ranges_are_valid_and_cover_query_words(
            text in "[a-zA-Zéï \u{301}\u{FDD0}\"*.,'\n]{0,300}",
            input in "[a-zA-Zéï \u{301}\"*]{0,40}",
        ) {
            let Ok(Some(q)) = parse(&input) else { return Ok(()); };
            let h = highlight(&text, &q);
            let all_words: Vec<&String> = q.phrases.iter().flat_map(|p| &p.words).collect();
            for (source, ranges) in [(&text, &h.text_matches), (&h.snippet, &h.snippet_matches)] {
                let mut previous_end = 0;
                for r in ranges {
                    prop_assert!(r.start >= previous_end && r.start < r.end);
                    previous_end = r.end;
                    let covered = source.get(r.clone());
                    prop_assert!(covered.is_some(), "{r:?} off a boundary of {source:?}");
                    let first_word = covered.and_then(|c| words(c).next().map(|w| folded(&c[w])));
                    prop_assert!(
                        first_word.is_some_and(|w| all_words.iter().any(|q| w.starts_with(q.as_str()))),
                        "{r:?} covers {covered:?}"
                    );
                }
            }
            prop_assert!(words(&h.snippet).count() <= SNIPPET_WORDS);
        }
    }
}
