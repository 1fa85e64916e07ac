//! Bounds on HTML before it is parsed: nesting depth and attributes per tag.
//!
//! The HTML parser's work grows with the square of the nesting depth (each start tag looks
//! down the stack of open elements) and of a tag's attribute count (each attribute is checked
//! against the earlier ones): 200,000 nested `<div>`s took minutes, one tag with 100,000
//! attributes 40 s. [`bound`] scans the markup once, like the HTML tokenizer, follows a
//! simplified stack of open elements, and drops start tags (and their end tags) nested deeper
//! than [`MAX_DEPTH`] — their text is kept — and attributes after the [`MAX_ATTRIBUTES`]th of a
//! tag. Markup within the bounds is returned untouched. Browsers bound depth the same way
//! (Blink at 512).

use std::borrow::Cow;
use std::collections::HashMap;

/// Elements nested deeper than this are not created (their text is kept).
pub(crate) const MAX_DEPTH: usize = 256;

/// Attributes of one tag after this many are ignored.
pub(crate) const MAX_ATTRIBUTES: usize = 64;

/// Markup within the bounds, and what was dropped to get there.
pub(crate) struct Bounded<'a> {
    pub html: Cow<'a, str>,
    /// Start tags nested deeper than [`MAX_DEPTH`] (and not created).
    pub deep_tags: usize,
    /// Tags that had more than [`MAX_ATTRIBUTES`] attributes.
    pub crowded_tags: usize,
}

impl Bounded<'_> {
    /// Warning reasons for what was dropped.
    pub(crate) fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.deep_tags > 0 {
            notes.push(format!(
                "HTML nested deeper than {MAX_DEPTH} elements: {} tags below that depth ignored (their text is kept)",
                self.deep_tags
            ));
        }
        if self.crowded_tags > 0 {
            notes.push(format!(
                "{} tag{} with more than {MAX_ATTRIBUTES} attributes: the attributes after the {MAX_ATTRIBUTES}th ignored",
                self.crowded_tags,
                if self.crowded_tags == 1 { "" } else { "s" }
            ));
        }
        notes
    }
}

/// Elements that never have content or an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
];

/// Elements whose content is text up to their end tag (no tags inside).
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Start tags that close an open `<p>` (HTML's "close a p element").
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "table",
    "hr",
    "li",
    "dd",
    "dt",
];

/// For start tags that close an open sibling: the elements they close, and the elements past
/// which the search stops. A simplification of HTML's implied end tags, good enough to count
/// depth.
fn closes(name: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    const LIST: &[&str] = &["ul", "ol", "menu", "dl", "table", "body", "html"];
    const CELLS: &[&str] = &["tr", "table", "body", "html"];
    const ROWS: &[&str] = &["tbody", "thead", "tfoot", "table", "body", "html"];
    Some(match name {
        "li" => (&["li"], LIST),
        "dt" | "dd" => (&["dt", "dd"], LIST),
        "td" | "th" => (&["td", "th"], CELLS),
        "tr" => (&["tr"], ROWS),
        "tbody" | "thead" | "tfoot" => (&["tbody", "thead", "tfoot"], &["table", "body", "html"]),
        "option" => (&["option"], &["select", "datalist", "optgroup", "body"]),
        "optgroup" => (&["optgroup", "option"], &["select", "body"]),
        _ => return None,
    })
}

/// Elements past which an open `<p>` is not closed (HTML's "button scope").
const P_SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
    "svg", "math",
];

/// A tag as the scanner read it.
struct Tag {
    /// Lower-case name.
    name: String,
    end: bool,
    self_closing: bool,
    /// Where the `(MAX_ATTRIBUTES + 1)`th attribute starts, when there is one.
    excess_attributes_at: Option<usize>,
    /// Just past the `>`.
    after: usize,
    /// The `>` itself.
    close: usize,
}

/// Bounds `html`'s nesting depth and attributes per tag (see the module documentation).
pub(crate) fn bound(html: &str) -> Bounded<'_> {
    let bytes = html.as_bytes();
    // Byte ranges to cut, in order.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut open = OpenElements::default();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut deep_tags = 0;
    let mut crowded_tags = 0;
    let mut at = 0;
    while let Some(offset) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
    {
        let lt = at + offset;
        let next = bytes.get(lt + 1).copied();
        match next {
            Some(b'!') => {
                at = if bytes.get(lt..lt + 4) == Some(b"<!--") {
                    find(bytes, lt + 4, b"-->").map_or(bytes.len(), |i| i + 3)
                } else {
                    find(bytes, lt, b">").map_or(bytes.len(), |i| i + 1)
                };
                continue;
            }
            Some(b'?') => {
                at = find(bytes, lt, b">").map_or(bytes.len(), |i| i + 1);
                continue;
            }
            Some(b'/') if bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {}
            Some(b'/') => {
                // `</>` or `</ bogus>`: no tag.
                at = find(bytes, lt, b">").map_or(bytes.len(), |i| i + 1);
                continue;
            }
            Some(c) if c.is_ascii_alphabetic() => {}
            _ => {
                at = lt + 1;
                continue;
            }
        }
        let Some(tag) = scan_tag(bytes, lt) else {
            // A tag cut off by the end of the file: the parser drops it.
            break;
        };
        at = tag.after;
        if tag.end {
            if let Some(count) = dropped.get_mut(&tag.name).filter(|c| **c > 0) {
                *count -= 1;
                cuts.push((lt, tag.after));
            } else {
                open.close(&tag.name);
            }
            continue;
        }
        if let Some(excess) = tag.excess_attributes_at {
            crowded_tags += 1;
            cuts.push((excess, tag.close));
        }
        if RAW_TEXT.contains(&tag.name.as_str()) {
            at = raw_text_end(bytes, tag.after, &tag.name);
            continue;
        }
        if tag.name == "plaintext" {
            break;
        }
        if VOID.contains(&tag.name.as_str()) || tag.self_closing {
            continue;
        }
        open.close_implied(&tag.name);
        if open.len() >= MAX_DEPTH {
            deep_tags += 1;
            *dropped.entry(tag.name).or_insert(0) += 1;
            // The excess-attribute cut, if any, lies inside this one.
            if tag.excess_attributes_at.is_some() {
                cuts.pop();
            }
            cuts.push((lt, tag.after));
        } else {
            open.push(tag.name);
        }
    }
    let html = if cuts.is_empty() {
        Cow::Borrowed(html)
    } else {
        let mut out = String::with_capacity(html.len());
        let mut kept_from = 0;
        for (start, end) in cuts {
            out.push_str(html.get(kept_from..start).unwrap_or_default());
            kept_from = end;
        }
        out.push_str(html.get(kept_from..).unwrap_or_default());
        Cow::Owned(out)
    };
    Bounded {
        html,
        deep_tags,
        crowded_tags,
    }
}

/// The open elements as [`bound`] follows them, with a count per name so that looking for an
/// element that is not open costs nothing.
#[derive(Default)]
struct OpenElements {
    stack: Vec<String>,
    counts: HashMap<String, usize>,
}

impl OpenElements {
    fn len(&self) -> usize {
        self.stack.len()
    }

    fn push(&mut self, name: String) {
        *self.counts.entry(name.clone()).or_insert(0) += 1;
        self.stack.push(name);
    }

    /// Closes the element at `index` and everything inside it.
    fn truncate(&mut self, index: usize) {
        for name in self.stack.drain(index..) {
            if let Some(count) = self.counts.get_mut(&name) {
                *count = count.saturating_sub(1);
            }
        }
    }

    /// True when an element named `name` is open.
    fn has(&self, name: &str) -> bool {
        self.counts.get(name).is_some_and(|&c| c > 0)
    }

    /// Closes the innermost open `name` element, if any (an end tag).
    fn close(&mut self, name: &str) {
        if self.has(name)
            && let Some(i) = self.stack.iter().rposition(|open| open == name)
        {
            self.truncate(i);
        }
    }

    /// Closes what a start tag `name` implicitly closes: an open `<p>` in button scope, an
    /// open sibling list item, cell, row or option.
    fn close_implied(&mut self, name: &str) {
        if CLOSES_P.contains(&name)
            && let Some(i) = self.find_open(&["p"], P_SCOPE)
        {
            self.truncate(i);
        }
        if let Some((siblings, stops)) = closes(name)
            && let Some(i) = self.find_open(siblings, stops)
        {
            self.truncate(i);
        }
    }

    /// The index of the innermost open element among `names`, searching outwards and stopping
    /// at any of `stops`.
    fn find_open(&self, names: &[&str], stops: &[&str]) -> Option<usize> {
        if !names.iter().any(|n| self.has(n)) {
            return None;
        }
        for (i, open) in self.stack.iter().enumerate().rev() {
            if names.contains(&open.as_str()) {
                return Some(i);
            }
            if stops.contains(&open.as_str()) {
                return None;
            }
        }
        None
    }
}

/// Reads the tag starting at `lt` (`<name` or `</name`), following the HTML tokenizer's
/// states for attribute names and quoted or unquoted values; `None` when the file ends inside
/// it.
fn scan_tag(bytes: &[u8], lt: usize) -> Option<Tag> {
    let end = bytes.get(lt + 1) == Some(&b'/');
    let name_start = lt + if end { 2 } else { 1 };
    let mut i = name_start;
    while bytes
        .get(i)
        .is_some_and(|&b| !b.is_ascii_whitespace() && b != b'/' && b != b'>')
    {
        i += 1;
    }
    let name = String::from_utf8_lossy(bytes.get(name_start..i)?).to_ascii_lowercase();
    let mut attributes = 0;
    let mut excess_attributes_at = None;
    let mut self_closing = false;
    loop {
        // Before an attribute name: whitespace and stray `/` are skipped.
        loop {
            match *bytes.get(i)? {
                b'/' if bytes.get(i + 1) == Some(&b'>') => {
                    self_closing = true;
                    i += 1;
                }
                b if b.is_ascii_whitespace() || b == b'/' => i += 1,
                _ => break,
            }
        }
        if bytes[i] == b'>' {
            return Some(Tag {
                name,
                end,
                self_closing,
                excess_attributes_at,
                after: i + 1,
                close: i,
            });
        }
        // An attribute name (its first character may be anything, `=` included).
        attributes += 1;
        if attributes == MAX_ATTRIBUTES + 1 {
            excess_attributes_at = Some(i);
        }
        i += 1;
        while bytes
            .get(i)
            .is_some_and(|&b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>' | b'='))
        {
            i += 1;
        }
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match *bytes.get(i)? {
            quote @ (b'"' | b'\'') => {
                i += 1 + bytes.get(i + 1..)?.iter().position(|&b| b == quote)? + 1;
            }
            _ => {
                while bytes
                    .get(i)
                    .is_some_and(|&b| !b.is_ascii_whitespace() && b != b'>')
                {
                    i += 1;
                }
            }
        }
    }
}

/// Where the raw text of a `name` element starting at `from` ends: at its `</name` end tag,
/// or the end of the file.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut at = from;
    while let Some(i) = find(bytes, at, b"</") {
        let after = i + 2 + name.len();
        let matches_name = bytes
            .get(i + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        let ends_name = bytes
            .get(after)
            .is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>');
        if matches_name && ends_name {
            return i;
        }
        at = i + 2;
    }
    bytes.len()
}

/// The first occurrence of `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_within_bounds_is_untouched() {
        let html = r#"<!doctype html><html><head><title>a<b></title><script>if (a<b) x = "</div>";</script></head>
<body><!-- <div> --><p>One<p>Two<ul><li>a<li>b</ul><table><tr><td>x<td>y<tr><td>z</table>
<img src="a.png" alt='>'><br/><a href=x/y>link</a> 1 < 2</body></html>"#;
        let bounded = bound(html);
        assert!(matches!(bounded.html, Cow::Borrowed(_)));
        assert!(bounded.notes().is_empty());
    }

    #[test]
    fn deep_nesting_is_cut_at_the_bound_and_the_text_kept() {
        let depth = MAX_DEPTH + 10;
        let html = format!(
            "{}deep text{}<p>after</p>",
            "<div class=x>".repeat(depth),
            "</div>".repeat(depth)
        );
        let bounded = bound(&html);
        assert_eq!(bounded.deep_tags, 10);
        let expected = format!(
            "{}deep text{}<p>after</p>",
            "<div class=x>".repeat(MAX_DEPTH),
            "</div>".repeat(MAX_DEPTH)
        );
        assert_eq!(bounded.html, expected);
    }

    #[test]
    fn unclosed_siblings_do_not_count_as_depth() {
        // A thousand paragraphs, list items and rows without end tags are siblings.
        let html = format!(
            "<body>{}<ul>{}</ul><table>{}</table>",
            "<p>para".repeat(1000),
            "<li>item".repeat(1000),
            "<tr><td>a<td>b".repeat(1000)
        );
        assert_eq!(bound(&html).deep_tags, 0);
    }

    #[test]
    fn attributes_after_the_bound_are_cut() {
        let attributes: String = (0..MAX_ATTRIBUTES + 5)
            .map(|i| format!(" a{i}=\"v>{i}\""))
            .collect();
        let kept: String = (0..MAX_ATTRIBUTES)
            .map(|i| format!(" a{i}=\"v>{i}\""))
            .collect();
        let html = format!("<div{attributes}>text</div>");
        let bounded = bound(&html);
        assert_eq!(bounded.crowded_tags, 1);
        assert_eq!(bounded.html, format!("<div{kept} >text</div>"));
    }

    #[test]
    fn a_tag_cut_off_by_the_end_of_the_file_stops_the_scan() {
        for html in [
            "<div a=\"never closed",
            "<div a=",
            "<div",
            "</div",
            "<!-- open",
            "<script>x",
        ] {
            assert!(bound(html).notes().is_empty(), "{html}");
        }
    }
}
