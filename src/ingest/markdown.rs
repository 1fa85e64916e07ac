//! Markdown articles: optional YAML-style front matter, `# Headline` (or the first line), and
//! light markup stripping so the analysed text reads as prose.

use super::record::{Field, Meta, RawArticle, field_of};
use super::txt::split_headline;
use regex::Regex;
use std::sync::LazyLock;

/// `![alt](url)` and `[text](url)` → the text; `[text][ref]` → the text.
static LINK: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])").ok());

/// `<https://example.com>` → the address.
static AUTOLINK: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"<((?:https?|mailto):[^>\s]+)>").ok());

/// A reference-link definition line, `[ref]: https://…`.
static LINK_DEFINITION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\s{0,3}\[[^\]]+\]:\s*\S+").ok());

/// Reads a Markdown article. When front matter gives the title, the whole document is body (a
/// first line repeating the title is dropped by the cleaner).
pub(crate) fn read_markdown(text: &str, name: &str) -> RawArticle {
    let (mut meta, content) = front_matter(text);
    let stripped = strip_markdown(content);
    let (title, body) = if meta.title.is_some() {
        (None, stripped.as_str())
    } else if let Some((title, body)) = atx_headline(content) {
        return RawArticle {
            meta: Meta {
                title: Some(title),
                ..meta
            },
            body: strip_markdown(body),
            original: text.to_owned(),
            source_name: name.to_owned(),
            locator: None,
        };
    } else {
        split_headline(&stripped)
    };
    if let Some(title) = title {
        meta.title = Some(title.to_owned());
    }
    RawArticle {
        meta,
        body: body.to_owned(),
        original: text.to_owned(),
        source_name: name.to_owned(),
        locator: None,
    }
}

/// Front matter between `---` lines at the very start: `key: value` pairs mapped like JSON
/// keys. Returns the metadata and the document after it.
fn front_matter(text: &str) -> (Meta, &str) {
    let mut meta = Meta::default();
    let Some(rest) = text.strip_prefix("---\n") else {
        return (meta, text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n').take(100) {
        offset += line.len();
        let line = line.trim_end();
        if line == "---" || line == "..." {
            return (meta, &rest[offset..]);
        }
        if let Some((key, value)) = line.split_once(':')
            && let Some((field, _)) = field_of(key)
            && field != Field::Text
        {
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            meta.set(field, value.to_owned());
        }
    }
    // No closing line: not front matter after all.
    (Meta::default(), text)
}

/// A first non-empty line that is a level-1 ATX heading (`# Headline`): its text (markup
/// stripped) and the rest of the document.
fn atx_headline(content: &str) -> Option<(String, &str)> {
    let start = content.len() - content.trim_start().len();
    let rest = &content[start..];
    let end = rest.find('\n').unwrap_or(rest.len());
    let heading = rest[..end].trim_end().strip_prefix("# ")?;
    let title = strip_inline(heading.trim().trim_end_matches('#').trim());
    (!title.is_empty()).then(|| (title, &rest[end..]))
}

/// Strips Markdown block and inline markup line by line: heading hashes, blockquote markers,
/// rules, code fences, link definitions and setext underlines go; `*`/`+` bullets become `- `;
/// code inside fences is kept verbatim.
pub(crate) fn strip_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            out.push('\n');
            continue;
        }
        if in_fence {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if !is_rule(trimmed) && !is_link_definition(line) {
            out.push_str(&strip_line(trimmed));
        }
        out.push('\n');
    }
    out
}

/// True for thematic breaks and setext underlines (`---`, `***`, `===`).
fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && ["-", "*", "_", "="]
            .iter()
            .any(|m| compact.chars().all(|c| m.starts_with(c)))
}

/// True for a reference-link definition line.
fn is_link_definition(line: &str) -> bool {
    LINK_DEFINITION.as_ref().is_some_and(|re| re.is_match(line))
}

/// Strips one line's block markers, then its inline markup.
fn strip_line(line: &str) -> String {
    let mut line = line;
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    if line.starts_with('#') {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if hashes <= 6 && line[hashes..].starts_with(' ') {
            line = line[hashes..].trim().trim_end_matches('#').trim_end();
        }
    }
    if let Some(item) = line.strip_prefix("* ").or_else(|| line.strip_prefix("+ ")) {
        return format!("- {}", strip_inline(item));
    }
    if let Some(item) = line.strip_prefix("- ") {
        return format!("- {}", strip_inline(item));
    }
    strip_inline(line)
}

/// Strips inline markup: links and images to their text, autolinks to the address, code
/// backticks, `*`/`_` emphasis runs (not `_` inside words, not a lone ` * `), `~~`, and
/// backslash escapes.
fn strip_inline(line: &str) -> String {
    let mut s = std::borrow::Cow::Borrowed(line);
    if let Some(re) = LINK.as_ref()
        && s.contains('[')
    {
        s = std::borrow::Cow::Owned(re.replace_all(&s, "$1").into_owned());
    }
    if let Some(re) = AUTOLINK.as_ref()
        && s.contains('<')
    {
        s = std::borrow::Cow::Owned(re.replace_all(&s, "$1").into_owned());
    }
    strip_emphasis(&s)
}

/// Removes emphasis and code markers character by character (see [`strip_inline`]).
fn strip_emphasis(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| "*_`~[]#\\".contains(*n)) => {
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                }
                i += 2;
                continue;
            }
            '*' | '_' | '~' | '`' => {
                let run = chars[i..].iter().take_while(|&&x| x == c).count();
                let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
                let next = chars.get(i + run).copied();
                let keep = match c {
                    '*' => {
                        prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace)
                    }
                    '_' => {
                        prev.is_some_and(char::is_alphanumeric)
                            && next.is_some_and(char::is_alphanumeric)
                    }
                    '~' => run < 2,
                    _ => false,
                };
                if keep {
                    out.extend(std::iter::repeat_n(c, run));
                }
                i += run;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_and_prose() {
        let md = "# Putin calls *Goita*\n\nRussia's **President** [Vladimir Putin](https://x.org/putin) spoke.\n\n## Background\n\n* first point\n- second point\n> quoted _line_\n\n---\n\nsnake_case stays, 2 * 3 stays.";
        let raw = read_markdown(md, "a.md");
        assert_eq!(raw.meta.title.as_deref(), Some("Putin calls Goita"));
        assert_eq!(
            raw.body.trim(),
            "Russia's President Vladimir Putin spoke.\n\nBackground\n\n- first point\n- second point\nquoted line\n\n\n\nsnake_case stays, 2 * 3 stays."
        );
        assert_eq!(raw.original, md);
    }

    #[test]
    fn front_matter_gives_metadata() {
        let md = "---\ntitle: \"From front matter\"\ndate: 2023-08-15\nauthor: Jane Doe\nlayout: post\n---\n# From front matter\n\nBody text.";
        let raw = read_markdown(md, "a.md");
        assert_eq!(raw.meta.title.as_deref(), Some("From front matter"));
        assert_eq!(raw.meta.published.as_deref(), Some("2023-08-15"));
        assert_eq!(raw.meta.author.as_deref(), Some("Jane Doe"));
        assert!(raw.body.contains("Body text."));
    }

    #[test]
    fn first_line_headline_without_hash() {
        let raw = read_markdown("Plain headline\n\nBody with `code` and ~~strike~~.", "a.md");
        assert_eq!(raw.meta.title.as_deref(), Some("Plain headline"));
        assert_eq!(raw.body.trim(), "Body with code and strike.");
    }

    #[test]
    fn fenced_code_is_verbatim_and_definitions_go() {
        let out = strip_markdown("```\n*keep* this\n```\n[ref]: https://x.org\ntext [a][ref]");
        assert_eq!(out, "\n*keep* this\n\n\ntext a\n");
    }
}
