//! Plain-text articles: the first non-empty line is the headline unless it clearly is not one.

use super::record::{Meta, RawArticle};

/// A first line longer than this (in characters) is body text, not a headline.
const MAX_HEADLINE_CHARS: usize = 200;

/// A first line ending in a period with more words than this reads as a sentence.
const MAX_SENTENCE_HEADLINE_WORDS: usize = 15;

/// Reads a plain-text article (`original` is the whole text).
pub(crate) fn read_txt(text: &str, name: &str) -> RawArticle {
    let (title, body) = split_headline(text);
    RawArticle {
        meta: Meta {
            title: title.map(str::to_owned),
            ..Meta::default()
        },
        body: body.to_owned(),
        original: text.to_owned(),
        source_name: name.to_owned(),
        locator: None,
    }
}

/// Splits off the headline line when the text has one: `(Some(headline), body)`, else
/// `(None, text)`.
pub(crate) fn split_headline(text: &str) -> (Option<&str>, &str) {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let first = rest[..line_end].trim();
    let after = &rest[line_end..];
    if is_headline(first, after) {
        (Some(first), after)
    } else {
        (None, text)
    }
}

/// True when `line` reads as a headline given the text that follows it.
fn is_headline(line: &str, after: &str) -> bool {
    if line.is_empty() || after.trim().is_empty() {
        // A single paragraph: no headline.
        return false;
    }
    if line.chars().count() > MAX_HEADLINE_CHARS {
        return false;
    }
    if line.ends_with('.') && line.split_whitespace().count() > MAX_SENTENCE_HEADLINE_WORDS {
        return false;
    }
    // A hard-wrapped paragraph: the next line continues the sentence in lower case.
    let next_line = after.strip_prefix('\n').unwrap_or(after);
    let continues = next_line
        .lines()
        .next()
        .and_then(|l| l.chars().next())
        .is_some_and(char::is_lowercase);
    !continues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_then_body() {
        let raw = read_txt("\n\nPutin calls Goita\n\nBody one.\n\nBody two.", "a.txt");
        assert_eq!(raw.meta.title.as_deref(), Some("Putin calls Goita"));
        assert_eq!(raw.body, "\n\nBody one.\n\nBody two.");
        assert_eq!(
            raw.original,
            "\n\nPutin calls Goita\n\nBody one.\n\nBody two."
        );
    }

    #[test]
    fn single_paragraph_has_no_headline() {
        let (title, body) = split_headline("Just one paragraph of text. It goes on.");
        assert_eq!(title, None);
        assert_eq!(body, "Just one paragraph of text. It goes on.");
    }

    #[test]
    fn long_first_line_is_not_a_headline() {
        let long = format!("{}\n\nSecond paragraph.", "word ".repeat(60));
        assert_eq!(split_headline(&long).0, None);
        let sentence = "This is a long first sentence that has many words in it and ends with a period like prose does.\n\nMore.";
        assert_eq!(split_headline(sentence).0, None);
    }

    #[test]
    fn wrapped_paragraph_is_not_a_headline() {
        let text = "The military chiefs are expected to\ndeliberate on possible intervention.";
        assert_eq!(split_headline(text).0, None);
    }
}
