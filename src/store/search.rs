//! Turning what a user typed into a safe FTS5 query, and reading match ranges out of
//! highlighted text. Pure functions; the SQL lives in `queries.rs`.

use std::ops::Range;

/// One term of a user's query.
#[derive(Debug, PartialEq, Eq)]
struct Term<'a> {
    /// A word or the words of a phrase, never containing `"`.
    words: &'a str,
    /// `word*`: match any token starting with the (last) word.
    prefix: bool,
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
        terms.push(Term { words, prefix });
        rest = after;
    }
    terms
}

/// The FTS5 query for what a user typed: every term double-quoted (so no input is FTS syntax),
/// terms implicitly ANDed. Terms without a letter or digit are dropped, since they hold no
/// token; `None` when nothing is left.
pub(super) fn fts5_query(input: &str) -> Option<String> {
    let parts: Vec<String> = terms(input)
        .into_iter()
        .filter(|t| t.words.chars().any(char::is_alphanumeric))
        .map(|t| format!("\"{}\"{}", t.words, if t.prefix { "*" } else { "" }))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Removes `open`/`close` markers from `marked`; returns the plain text and the byte ranges
/// (in the plain text) that the markers enclosed.
pub(super) fn strip_markers(marked: &str, open: char, close: char) -> (String, Vec<Range<usize>>) {
    let mut plain = String::with_capacity(marked.len());
    let mut ranges = Vec::new();
    let mut start = None;
    for c in marked.chars() {
        if c == open {
            start = Some(plain.len());
        } else if c == close {
            if let Some(start) = start.take() {
                ranges.push(start..plain.len());
            }
        } else {
            plain.push(c);
        }
    }
    (plain, ranges)
}

/// A pair of noncharacters (U+FDD0..=U+FDEF) that does not occur in `text`, if there is one.
pub(super) fn choose_markers(text: &str) -> Option<(char, char)> {
    let mut free = ('\u{FDD0}'..='\u{FDEF}').filter(|&c| !text.contains(c));
    Some((free.next()?, free.next()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_prefixes_are_quoted() {
        assert_eq!(
            fts5_query(r#"ecowas "standby force" sanct*"#).as_deref(),
            Some(r#""ecowas" "standby force" "sanct"*"#)
        );
        assert_eq!(
            fts5_query(r#""military chi"*"#).as_deref(),
            Some(r#""military chi"*"#)
        );
    }

    #[test]
    fn syntax_in_user_input_is_just_text() {
        assert_eq!(
            fts5_query(r#""unbalanced"#).as_deref(),
            Some(r#""unbalanced""#)
        );
        assert_eq!(fts5_query("AND OR (").as_deref(), Some(r#""AND" "OR""#));
        assert_eq!(fts5_query("NEAR(a b)").as_deref(), Some(r#""NEAR(a" "b)""#));
        assert_eq!(
            fts5_query("col:word -x ^y").as_deref(),
            Some(r#""col:word" "-x" "^y""#)
        );
        assert_eq!(fts5_query(r#"a"b"#).as_deref(), Some(r#""a" "b""#));
    }

    #[test]
    fn empty_and_symbol_only_queries_give_nothing() {
        for input in ["", "   ", "*", "**", r#""""#, r#"" ""#, "( ) - *", "\"*"] {
            assert_eq!(fts5_query(input), None, "{input:?}");
        }
    }

    #[test]
    fn markers_become_ranges() {
        let (plain, ranges) = strip_markers(
            "a \u{E000}bé\u{E001} c \u{E000}d\u{E001}",
            '\u{E000}',
            '\u{E001}',
        );
        assert_eq!(plain, "a bé c d");
        assert_eq!(ranges, vec![2..5, 8..9]);
        assert_eq!(&plain[ranges[0].clone()], "bé");
    }

    #[test]
    fn unbalanced_markers_do_not_panic() {
        let (plain, ranges) = strip_markers("\u{E001}x\u{E000}y", '\u{E000}', '\u{E001}');
        assert_eq!(plain, "xy");
        assert!(ranges.is_empty());
    }

    #[test]
    fn marker_choice_avoids_the_text() {
        assert_eq!(choose_markers("plain"), Some(('\u{FDD0}', '\u{FDD1}')));
        assert_eq!(choose_markers("x\u{FDD0}y"), Some(('\u{FDD1}', '\u{FDD2}')));
    }
}
