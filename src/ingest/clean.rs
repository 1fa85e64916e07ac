//! Body cleaning shared by every format: tidy blank lines, drop a repeated headline and
//! trailing boilerplate; derive a title when there is none; the content hash.

use regex::Regex;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// Longest derived title, in characters, before it is cut at a word boundary.
const DERIVED_TITLE_CHARS: usize = 80;

/// At most this many short "widget" lines (`Facebook`, `Twitter`, `Loading...`) may sit after a
/// boilerplate line and still be removed with it.
const MAX_WIDGET_LINES: usize = 8;

/// Lines that, at the end of a body, are site furniture rather than article text.
static BOILERPLATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            the\ post\ .+\ appeared\ first\ on\ .+
          | spread\ the\ love
          | share\ this(?:\ (?:article|story|post))?\ *:?
          | share\ (?:on|via)\ \w+.*
          | like\ this:?
          | click\ here\ (?:to|for)\ .*
          | follow\ us\ on\ .*
          | read\ more\ *:.*
          | read\ more
          | related(?:\ (?:posts|articles|stories|news))?\ *:?
          | you\ may\ also\ like:?
          | advertisement
          | loading\.{0,3}
        )$",
    )
    .ok()
});

/// True when a trimmed line is known boilerplate (see [`BOILERPLATE`]).
fn is_boilerplate(line: &str) -> bool {
    BOILERPLATE.as_ref().is_some_and(|re| re.is_match(line))
}

/// True for a short line that share widgets leave behind (`Facebook`, `WhatsApp`, `Email`):
/// a few words, not ending like a sentence.
fn is_widget_line(line: &str) -> bool {
    line.chars().count() <= 30
        && line.split_whitespace().count() <= 3
        && !line.ends_with(['.', '!', '?', '"', '\u{201d}'])
}

/// Cleans a body: trims lines, collapses runs of blank lines to one (paragraphs are separated
/// by `"\n\n"`), removes leading lines that repeat `headline` (see [`same_headline`]) and a
/// leading "Spread the love", and trailing boilerplate lines with the widget lines after them.
/// Linear in the body's length.
pub(crate) fn clean_body(body: &str, headline: Option<&str>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut blank_pending = false;
    let mut leading = true;
    let mut repeats_removed = 0;
    for line in body.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if leading {
            let repeat = headline.is_some_and(|h| same_headline(h, line));
            if repeat && repeats_removed < 2 {
                repeats_removed += 1;
                continue;
            }
            if line.eq_ignore_ascii_case("spread the love") {
                continue;
            }
            leading = false;
        }
        if blank_pending {
            out.push_str("\n\n");
            blank_pending = false;
        } else if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    let keep = trailing_boilerplate_start(&out);
    out.truncate(keep);
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    out
}

/// Byte offset where trailing boilerplate starts in a cleaned body (its length when none).
fn trailing_boilerplate_start(body: &str) -> usize {
    let mut cut = body.len();
    let mut widgets = 0;
    let mut end = body.len();
    while end > 0 {
        let start = body[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = body[start..end].trim();
        if line.is_empty() {
            // blank line between paragraphs
        } else if is_boilerplate(line) {
            cut = start;
            widgets = 0;
        } else if is_widget_line(line) && widgets < MAX_WIDGET_LINES {
            widgets += 1;
        } else {
            break;
        }
        end = start.saturating_sub(1);
    }
    cut
}

/// Folds a line for headline comparison: lower case, curly quotes and dashes made plain,
/// whitespace collapsed, surrounding punctuation ignored.
pub(crate) fn fold_headline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            let c = match c {
                '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
                '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
                '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
                '\u{a0}' => ' ',
                c => c,
            };
            out.extend(c.to_lowercase());
        }
    }
    let trimmed = out.trim_matches(|c: char| c.is_ascii_punctuation() && c != '\'' && c != '"');
    trimmed.to_owned()
}

/// True when `line` says the same as `headline` after [`fold_headline`].
pub(crate) fn same_headline(headline: &str, line: &str) -> bool {
    // Cheap length check first: folding never changes length by more than a few bytes per char.
    if line.len() > headline.len() * 2 + 16 || headline.len() > line.len() * 2 + 16 {
        return false;
    }
    fold_headline(headline) == fold_headline(line)
}

/// Collapses a title to one line with single spaces.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title from the body's first sentence, cut to about 80 characters at a word boundary with
/// "…". `None` for an empty body.
pub(crate) fn derive_title(body: &str) -> Option<String> {
    let first_para = body.split("\n\n").find(|p| !p.trim().is_empty())?;
    let sentence = first_sentence(first_para);
    let sentence = one_line(sentence);
    let sentence = sentence.trim_end_matches('.').trim();
    if sentence.is_empty() {
        return None;
    }
    if sentence.chars().count() <= DERIVED_TITLE_CHARS {
        return Some(sentence.to_owned());
    }
    let mut cut = 0;
    for (n, (i, c)) in sentence.char_indices().enumerate() {
        if n >= DERIVED_TITLE_CHARS {
            break;
        }
        if c.is_whitespace() {
            cut = i;
        }
    }
    if cut == 0 {
        // One very long word: cut at the character limit.
        cut = sentence
            .char_indices()
            .nth(DERIVED_TITLE_CHARS)
            .map_or(sentence.len(), |(i, _)| i);
    }
    let head = sentence[..cut].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    Some(format!("{head}…"))
}

/// The first sentence of a paragraph: up to `.`, `!` or `?` followed by a space and an
/// upper-case letter or quote, or the whole paragraph (first 1,000 bytes at most).
fn first_sentence(para: &str) -> &str {
    let limit = para.floor_char_boundary(1000);
    let para = &para[..limit];
    let bytes = para.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') {
            let next = para[i + 1..].chars().next();
            let after = para[i + 1..].trim_start().chars().next();
            let at_break = match (next, after) {
                (None, _) => true,
                (Some(n), Some(a)) if n.is_whitespace() => {
                    a.is_uppercase() || matches!(a, '"' | '\u{201c}' | '\'' | '\u{2018}')
                }
                _ => false,
            };
            if at_break && !is_abbreviation(&para[..i]) {
                return &para[..=i];
            }
        }
    }
    para
}

/// True when the word before a period is a common abbreviation or an initial (`Mr`, `U.S`, `J`).
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
    word.chars().count() == 1
        || word.contains('.')
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "Prof"
                | "Gen"
                | "Col"
                | "Lt"
                | "Sgt"
                | "Capt"
                | "Gov"
                | "Sen"
                | "Rep"
                | "St"
                | "Jr"
                | "Sr"
                | "No"
                | "Vol"
                | "vs"
                | "Mt"
                | "Hon"
        )
}

/// Hex SHA-256 of the text with whitespace collapsed to single spaces (none at the ends) and
/// case folded. One pass, ASCII handled byte by byte.
pub(crate) fn content_hash(text: &str) -> String {
    let mut hasher = Sha256::new();
    let mut buf = String::with_capacity(text.len().min(64 * 1024) + 8);
    let mut started = false;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = started;
            continue;
        }
        if pending_space {
            buf.push(' ');
            pending_space = false;
        }
        started = true;
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
        if buf.len() >= 60 * 1024 {
            hasher.update(buf.as_bytes());
            buf.clear();
        }
    }
    hasher.update(buf.as_bytes());
    to_hex(&hasher.finalize())
}

/// `bytes` in lower-case hex.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    hex
}

/// Lower-case hex digits.
const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_runs_collapse_and_lines_are_trimmed() {
        let body = "\n\n  First para.  \nsame para\n\n\n\n Second.\n\n";
        assert_eq!(clean_body(body, None), "First para.\nsame para\n\nSecond.");
    }

    #[test]
    fn trailing_boilerplate_removed() {
        let body = "Real text.\n\nMore text.\n\nThe post Putin Calls Goita appeared first on Naija News.\n\nSpread the love";
        assert_eq!(clean_body(body, None), "Real text.\n\nMore text.");
        let body = "Real text.\n\nShare this:\nFacebook\nTwitter\nLoading...";
        assert_eq!(clean_body(body, None), "Real text.");
        let body = "Real text.\n\nRead more: Niger junta names cabinet\nFollow us on Twitter @x";
        assert_eq!(clean_body(body, None), "Real text.");
    }

    #[test]
    fn boilerplate_in_the_middle_stays() {
        let body = "Click here to see why.\n\nRead more: it said.\n\nThe vote ended.";
        assert_eq!(clean_body(body, None), body);
    }

    #[test]
    fn short_last_lines_without_a_marker_stay() {
        let body = "Real text.\n\nHe declined.";
        assert_eq!(clean_body(body, None), body);
    }

    #[test]
    fn repeated_headline_removed() {
        let headline = "Russia\u{2019}s President Putin Calls Mali  Leader";
        let body = "Russia's president Putin calls Mali leader\n\nBody text.";
        assert_eq!(clean_body(body, Some(headline)), "Body text.");
        let body = "Something else\n\nBody text.";
        assert_eq!(clean_body(body, Some(headline)), body);
    }

    #[test]
    fn derived_title_from_first_sentence() {
        assert_eq!(
            derive_title("Mr. Tinubu spoke on Tuesday. Then more.").as_deref(),
            Some("Mr. Tinubu spoke on Tuesday")
        );
        let long = "The regional bloc said on Thursday that its military chiefs would meet in Accra to discuss a possible intervention in Niger after talks failed.";
        let title = derive_title(long).unwrap_or_default();
        assert!(title.ends_with('…'), "{title}");
        assert!(title.chars().count() <= 81, "{title}");
        assert!(long.starts_with(title.trim_end_matches('…')), "{title}");
        assert_eq!(derive_title("  \n\n "), None);
    }

    #[test]
    fn content_hash_ignores_case_and_whitespace() {
        let a = content_hash("Hello  World\n\nÉTÉ");
        let b = content_hash("hello world été");
        assert_eq!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(a, content_hash("hello worlds été"));
        // Known value: SHA-256 of "hello world".
        assert_eq!(
            content_hash(" Hello\tWORLD "),
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
    }

    #[test]
    fn content_hash_of_long_text_matches_short_computation() {
        let word = "Word ";
        let text = word.repeat(50_000);
        let expected = {
            let mut h = Sha256::new();
            h.update("word ".repeat(50_000).trim_end().as_bytes());
            h.finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        assert_eq!(content_hash(&text), expected);
    }
}
