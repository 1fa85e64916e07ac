//! HTML pages: the article's main text without page furniture, and its metadata.
//!
//! Main text: `[itemprop=articleBody]`, else the `<article>` with the most text, else `<main>`,
//! else the element whose `<p>` children hold the most text (a small readability score).
//! Navigation, scripts, styles, forms, asides, headers, footers, figures and elements whose
//! class or id names share widgets, ads, comments, related links and the like are skipped.
//! Block elements become paragraphs separated by a blank line.
//!
//! Title: `og:title`, else the first `<h1>`, else `<title>`, else JSON-LD `headline`; a
//! ` | Site` suffix is stripped. Metadata: `og:site_name` → outlet; `article:published_time`,
//! JSON-LD `datePublished`, `<time datetime>`, `meta name=date` → published; canonical link,
//! `og:url` → url; `meta name=author`, JSON-LD author → author.

use super::html_bounds::bound;
use super::record::{Meta, RawArticle, warning};
use crate::model::ImportWarning;
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

/// Candidate containers with less text than this (bytes) are passed over for a better one.
const MIN_CONTAINER_TEXT: usize = 200;

/// Paragraphs shorter than this (characters) do not count in the readability score.
const MIN_SCORED_PARAGRAPH: usize = 25;

/// Reads an HTML page into a raw article (title and metadata as found; body as paragraphs).
/// Markup past the bounds of `html_bounds.rs` (nesting depth, attributes per tag) is dropped
/// before parsing, with a warning for `path`.
pub(crate) fn read_html(
    text: &str,
    name: &str,
    path: &str,
    warnings: &mut Vec<ImportWarning>,
) -> RawArticle {
    let bounded = bound(text);
    warnings.extend(bounded.notes().into_iter().map(|n| warning(path, None, n)));
    let doc = Html::parse_document(&bounded.html);
    let head = scan_metadata(&doc);
    let mut body = main_text(&doc);
    if body.trim().is_empty() {
        body = head.ld_body.clone().unwrap_or_default();
    }
    RawArticle {
        meta: head.into_meta(),
        body,
        original: text.to_owned(),
        source_name: name.to_owned(),
        locator: None,
    }
}

/// Everything the page says about itself, before choosing between sources.
#[derive(Debug, Default)]
struct PageMeta {
    og_title: Option<String>,
    /// First `<h1>` inside `<article>` or `<main>`.
    article_h1: Option<String>,
    /// First `<h1>` anywhere (may be a site logo in a page header).
    h1: Option<String>,
    title_tag: Option<String>,
    site_name: Option<String>,
    published_meta: Option<String>,
    time_datetime: Option<String>,
    date_meta: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    author_meta: Option<String>,
    ld_headline: Option<String>,
    ld_published: Option<String>,
    ld_author: Option<String>,
    ld_publisher: Option<String>,
    ld_body: Option<String>,
}

impl PageMeta {
    /// Picks each field from its preferred source.
    fn into_meta(self) -> Meta {
        let site = self.site_name.clone().or(self.ld_publisher.clone());
        let title = self
            .og_title
            .map(|t| strip_site_suffix(&t, site.as_deref(), false))
            .or(self.article_h1)
            .or(self.h1)
            .or(self
                .title_tag
                .map(|t| strip_site_suffix(&t, site.as_deref(), true)))
            .or(self.ld_headline);
        Meta {
            title,
            outlet: site,
            url: self.canonical.or(self.og_url),
            author: self.author_meta.or(self.ld_author),
            published: self
                .published_meta
                .or(self.ld_published)
                .or(self.time_datetime)
                .or(self.date_meta),
        }
    }
}

/// Sets `slot` to a non-blank value unless it already has one.
fn first(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none()
        && let Some(v) = value.map(collapse_ws).filter(|v| !v.is_empty())
    {
        *slot = Some(v);
    }
}

/// One pass over the document's elements collecting metadata.
fn scan_metadata(doc: &Html) -> PageMeta {
    let mut m = PageMeta::default();
    for el in doc.root_element().descendent_elements() {
        let v = el.value();
        match v.name() {
            "meta" => {
                let key = v
                    .attr("property")
                    .or(v.attr("name"))
                    .or(v.attr("itemprop"))
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let content = v.attr("content");
                match key.as_str() {
                    "og:title" => first(&mut m.og_title, content),
                    "og:site_name" => first(&mut m.site_name, content),
                    "article:published_time" | "datepublished" => {
                        first(&mut m.published_meta, content);
                    }
                    "date" | "pubdate" | "publishdate" | "publish-date" | "dc.date"
                    | "dcterms.date" | "dc.date.issued" | "parsely-pub-date" | "sailthru.date" => {
                        first(&mut m.date_meta, content);
                    }
                    "og:url" => first(&mut m.og_url, content),
                    "author" | "article:author" | "byl" | "parsely-author" => {
                        let content = content.filter(|c| !c.starts_with("http"));
                        first(&mut m.author_meta, content);
                    }
                    _ => {}
                }
            }
            "title" if m.title_tag.is_none() => {
                first(&mut m.title_tag, Some(&el.text().collect::<String>()));
            }
            "h1" => {
                let text = el.text().collect::<String>();
                let in_article = el
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|a| matches!(a.value().name(), "article" | "main"));
                if in_article {
                    first(&mut m.article_h1, Some(&text));
                }
                first(&mut m.h1, Some(&text));
            }
            "time" => first(&mut m.time_datetime, v.attr("datetime")),
            "link" if is_canonical(v.attr("rel")) => first(&mut m.canonical, v.attr("href")),
            "script"
                if v.attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                read_json_ld(&el.text().collect::<String>(), &mut m);
            }
            _ => {}
        }
    }
    m
}

/// True for `rel="canonical"` (possibly among other rel values).
fn is_canonical(rel: Option<&str>) -> bool {
    rel.is_some_and(|r| {
        r.split_whitespace()
            .any(|t| t.eq_ignore_ascii_case("canonical"))
    })
}

/// Takes headline, dates, author, publisher and body from the first `*Article` object of a
/// JSON-LD block (also inside `@graph` or an array). Malformed JSON-LD is ignored.
fn read_json_ld(json: &str, m: &mut PageMeta) {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        return;
    };
    let mut queue = vec![&value];
    while let Some(v) = queue.pop() {
        match v {
            serde_json::Value::Array(items) => queue.extend(items.iter().rev()),
            serde_json::Value::Object(obj) => {
                if let Some(graph) = obj.get("@graph") {
                    queue.push(graph);
                }
                let is_article = obj.get("@type").is_some_and(|t| match t {
                    serde_json::Value::String(s) => s.ends_with("Article"),
                    serde_json::Value::Array(a) => a
                        .iter()
                        .any(|s| s.as_str().is_some_and(|s| s.ends_with("Article"))),
                    _ => false,
                });
                if is_article {
                    first(
                        &mut m.ld_headline,
                        obj.get("headline").and_then(|h| h.as_str()),
                    );
                    first(
                        &mut m.ld_published,
                        obj.get("datePublished").and_then(|d| d.as_str()),
                    );
                    first(&mut m.ld_author, name_of(obj.get("author")).as_deref());
                    first(
                        &mut m.ld_publisher,
                        name_of(obj.get("publisher")).as_deref(),
                    );
                    if m.ld_body.is_none() {
                        m.ld_body = obj
                            .get("articleBody")
                            .and_then(|b| b.as_str())
                            .map(str::to_owned);
                    }
                    return;
                }
            }
            _ => {}
        }
    }
}

/// A JSON-LD person or organisation's name: a string, `{"name": …}`, or a list of them.
fn name_of(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => o.get("name")?.as_str().map(str::to_owned),
        serde_json::Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(|i| name_of(Some(i))).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// Strips a trailing site name: ` | Anything` always when `aggressive` (a `<title>`), and
/// ` - Site` / ` – Site` / ` — Site` when it is the site name or, when `aggressive`, at most
/// four words after a longer headline.
fn strip_site_suffix(title: &str, site: Option<&str>, aggressive: bool) -> String {
    let title = collapse_ws(title);
    for sep in [" | ", " - ", " \u{2013} ", " \u{2014} ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let head = head.trim();
            if head.is_empty() {
                continue;
            }
            let is_site = site.is_some_and(|s| tail.trim().eq_ignore_ascii_case(s.trim()));
            let short_tail = tail.split_whitespace().count() <= 4
                && head.split_whitespace().count() > tail.split_whitespace().count()
                && looks_like_name(tail);
            if is_site || (aggressive && (sep == " | " || short_tail)) {
                return head.to_owned();
            }
        }
    }
    title
}

/// True when every word of `s` starts with a capital or a digit, or is a short connector
/// (`of`, `the`, `and`, `de`): a site name like "The Times of India".
fn looks_like_name(s: &str) -> bool {
    s.split_whitespace().all(|w| {
        w.chars().next().is_some_and(|c| !c.is_lowercase())
            || matches!(w, "of" | "the" | "and" | "de" | "la" | "le" | "du" | "on")
    })
}

/// The article's main text as paragraphs separated by blank lines.
fn main_text(doc: &Html) -> String {
    let root = doc.root_element();
    let mut fallback = String::new();
    let mut consider = |text: String| -> Option<String> {
        if text.len() >= MIN_CONTAINER_TEXT {
            return Some(text);
        }
        if text.len() > fallback.len() {
            fallback = text;
        }
        None
    };
    let by_itemprop = root
        .descendent_elements()
        .find(|e| e.value().attr("itemprop") == Some("articleBody"));
    if let Some(text) = by_itemprop.and_then(|e| consider(block_text(e))) {
        return text;
    }
    let best_article = root
        .descendent_elements()
        .filter(|e| e.value().name() == "article")
        .map(block_text)
        .max_by_key(String::len);
    if let Some(text) = best_article.and_then(&mut consider) {
        return text;
    }
    let main = root
        .descendent_elements()
        .find(|e| e.value().name() == "main" || e.value().attr("role") == Some("main"));
    if let Some(text) = main.and_then(|e| consider(block_text(e))) {
        return text;
    }
    if let Some(text) = best_scored(doc).and_then(|e| consider(block_text(e))) {
        return text;
    }
    if !fallback.is_empty() {
        return fallback;
    }
    root.descendent_elements()
        .find(|e| e.value().name() == "body")
        .map(block_text)
        .unwrap_or_default()
}

/// The element whose `<p>` children (and, at half weight, grandchildren) hold the most text,
/// not counting paragraphs inside skipped elements.
fn best_scored(doc: &Html) -> Option<ElementRef<'_>> {
    let mut scores = HashMap::new();
    for p in doc.root_element().descendent_elements() {
        if p.value().name() != "p" || p.ancestors().filter_map(ElementRef::wrap).any(is_skipped) {
            continue;
        }
        let len = p.text().map(|t| t.trim().chars().count()).sum::<usize>();
        if len < MIN_SCORED_PARAGRAPH {
            continue;
        }
        let mut ancestors = p.ancestors().filter_map(ElementRef::wrap);
        if let Some(parent) = ancestors.next() {
            *scores.entry(parent.id()).or_insert(0) += len * 2;
            if let Some(grand) = ancestors.next() {
                *scores.entry(grand.id()).or_insert(0) += len;
            }
        }
    }
    let (best, _) = scores.into_iter().max_by_key(|&(_, score)| score)?;
    doc.tree.get(best).and_then(ElementRef::wrap)
}

/// Elements whose whole subtree is page furniture.
fn is_skipped(el: ElementRef<'_>) -> bool {
    let v = el.value();
    if matches!(
        v.name(),
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "aside"
            | "footer"
            | "header"
            | "form"
            | "iframe"
            | "svg"
            | "button"
            | "select"
            | "figure"
            | "head"
            | "object"
            | "embed"
            | "canvas"
    ) {
        return true;
    }
    if v.attr("hidden").is_some()
        || v.attr("aria-hidden") == Some("true")
        || v.attr("style").is_some_and(|s| {
            let s = s.replace(' ', "").to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    {
        return true;
    }
    if v.attr("role").is_some_and(|r| {
        matches!(
            r,
            "navigation" | "complementary" | "banner" | "contentinfo" | "dialog"
        )
    }) {
        return true;
    }
    let names = v.attr("class").into_iter().chain(v.id());
    names
        .flat_map(|n| n.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|token| is_furniture_token(&token.to_ascii_lowercase()))
}

/// Class or id words that mark share widgets, ads, comments, related links and the like.
fn is_furniture_token(token: &str) -> bool {
    matches!(
        token,
        "share"
            | "sharing"
            | "sharedaddy"
            | "social"
            | "related"
            | "comment"
            | "comments"
            | "disqus"
            | "ad"
            | "ads"
            | "advert"
            | "advertisement"
            | "adsbygoogle"
            | "promo"
            | "newsletter"
            | "subscribe"
            | "subscription"
            | "sidebar"
            | "breadcrumb"
            | "breadcrumbs"
            | "nav"
            | "navbar"
            | "navigation"
            | "menu"
            | "footer"
            | "popup"
            | "modal"
            | "cookie"
            | "cookies"
            | "banner"
            | "sponsored"
            | "outbrain"
            | "taboola"
            | "recommended"
            | "widget"
            | "tags"
            | "jp"
            | "byline"
            | "timestamp"
            | "dateline"
            | "meta"
    )
}

/// True for elements that start and end a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "figcaption"
            | "address"
            | "hr"
            | "body"
    )
}

/// One step of the iterative walk in [`block_text`].
enum Step<N> {
    Open(N),
    Close,
}

/// The text under `root` as paragraphs: each block element starts and ends a paragraph,
/// `<br>` breaks a line, skipped elements (see [`is_skipped`]) are left out. Iterative, so deep
/// nesting cannot overflow the stack.
fn block_text(root: ElementRef<'_>) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut stack = vec![Step::Open(*root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Close => {
                flush(&mut current, &mut paragraphs);
                continue;
            }
            Step::Open(node) => node,
        };
        match node.value() {
            Node::Text(t) => current.push_str(t),
            Node::Element(e) => {
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if el.id() != root.id() && is_skipped(el) {
                    continue;
                }
                if e.name() == "br" {
                    current.push(LINE_BREAK);
                    continue;
                }
                if e.name() == "time"
                    && !el
                        .ancestors()
                        .filter_map(ElementRef::wrap)
                        .any(|a| a.value().name() == "p")
                {
                    // A dateline or timestamp outside the prose; the date is metadata.
                    continue;
                }
                let block = is_block(e.name());
                if block {
                    flush(&mut current, &mut paragraphs);
                    stack.push(Step::Close);
                } else if matches!(e.name(), "td" | "th") {
                    current.push(' ');
                }
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(Step::Open));
            }
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs.join("\n\n")
}

/// Marks a `<br>` in collected text (decoded text never holds a NUL: see `decode.rs`).
const LINE_BREAK: char = '\0';

/// Ends the current paragraph: whitespace collapsed within lines (`<br>` ends a line), empty
/// paragraphs dropped.
fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    if current
        .trim_matches(|c: char| c.is_whitespace() || c == LINE_BREAK)
        .is_empty()
    {
        current.clear();
        return;
    }
    let lines: Vec<String> = current
        .split(LINE_BREAK)
        .map(collapse_ws)
        .filter(|l| !l.is_empty())
        .collect();
    paragraphs.push(lines.join("\n"));
    current.clear();
}

/// Collapses runs of whitespace to single spaces and trims.
fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a page that is within the bounds (no warnings).
    fn read(html: &str, name: &str) -> RawArticle {
        let mut warnings = Vec::new();
        let raw = read_html(html, name, name, &mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        raw
    }

    const PAGE: &str = r#"<!doctype html><html><head>
<title>Putin calls Goita | Naija News</title>
<meta property="og:site_name" content="Naija News">
<meta property="article:published_time" content="2023-08-15T10:00:00+01:00">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://example.org/putin-goita">
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="ad-slot">Buy now!</div>
<article>
<h1>Putin calls Goita</h1>
<p>Russia's President Vladimir Putin spoke on the phone on Tuesday with Mali's military leader, Assimi Goita.</p>
<div class="share-buttons"><a>Facebook</a><a>Twitter</a></div>
<p>Goita confirmed his conversation with Putin in a post on his official Twitter page, Naija News reports.<br>A second line.</p>
<aside class="related-posts"><p>Related: another story about something else entirely, long enough to count.</p></aside>
</article>
<section id="comments"><p>Great article! I have opinions about this that are long enough to score.</p></section>
<footer>Copyright</footer>
</body></html>"#;

    #[test]
    fn article_text_and_metadata() {
        let raw = read(PAGE, "page.html");
        assert_eq!(raw.meta.title.as_deref(), Some("Putin calls Goita"));
        assert_eq!(raw.meta.outlet.as_deref(), Some("Naija News"));
        assert_eq!(raw.meta.author.as_deref(), Some("Jane Doe"));
        assert_eq!(
            raw.meta.url.as_deref(),
            Some("https://example.org/putin-goita")
        );
        assert_eq!(
            raw.meta.published.as_deref(),
            Some("2023-08-15T10:00:00+01:00")
        );
        assert_eq!(
            raw.body,
            "Putin calls Goita\n\nRussia's President Vladimir Putin spoke on the phone on Tuesday with Mali's military leader, Assimi Goita.\n\nGoita confirmed his conversation with Putin in a post on his official Twitter page, Naija News reports.\nA second line."
        );
        assert_eq!(raw.original, PAGE);
    }

    #[test]
    fn readability_fallback_without_article_element() {
        let html = r#"<html><body><div id="menu"><p>Home and other links that are quite long indeed here</p></div>
<div class="content"><p>First real paragraph of the story, with enough words to score well.</p>
<p>Second real paragraph of the story, again with enough words to score.</p>
<p>Third real paragraph of the story, which makes this the densest block.</p></div>
<div class="sidebar"><p>Sidebar text that should never be chosen as the story body.</p></div>
</body></html>"#;
        let raw = read(html, "p.htm");
        assert!(raw.body.starts_with("First real paragraph"), "{}", raw.body);
        assert!(raw.body.contains("\n\nThird real paragraph"));
        assert!(!raw.body.contains("Sidebar"));
        assert!(!raw.body.contains("Home"));
        assert_eq!(raw.meta.title, None);
    }

    #[test]
    fn title_fallbacks_and_suffixes() {
        assert_eq!(
            strip_site_suffix("Coup in Niger - Naija News", Some("Naija News"), false),
            "Coup in Niger"
        );
        assert_eq!(
            strip_site_suffix(
                "Coup in Niger: what we know - and what we don't",
                None,
                true
            ),
            "Coup in Niger: what we know - and what we don't"
        );
        assert_eq!(
            strip_site_suffix("Coup in Niger | BBC", None, true),
            "Coup in Niger"
        );
        let html =
            "<html><head><title>Only title | Site</title></head><body><p>x</p></body></html>";
        assert_eq!(
            read(html, "a.html").meta.title.as_deref(),
            Some("Only title")
        );
    }

    #[test]
    fn json_ld_metadata_and_body() {
        let html = r#"<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","headline":"LD headline","datePublished":"2023-08-16","author":[{"@type":"Person","name":"A. Writer"}],"publisher":{"name":"LD Times"},"articleBody":"Body from JSON-LD."}]}
</script></head><body></body></html>"#;
        let raw = read(html, "a.html");
        assert_eq!(raw.meta.title.as_deref(), Some("LD headline"));
        assert_eq!(raw.meta.published.as_deref(), Some("2023-08-16"));
        assert_eq!(raw.meta.author.as_deref(), Some("A. Writer"));
        assert_eq!(raw.meta.outlet.as_deref(), Some("LD Times"));
        assert_eq!(raw.body, "Body from JSON-LD.");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}<p>deep text</p>", "<div>".repeat(5_000));
        let raw = read_html(&html, "deep.html", "deep.html", &mut Vec::new());
        assert!(raw.body.contains("deep text"));
    }

    #[test]
    fn deep_nesting_and_crowded_tags_are_bounded() {
        // Before the bounds the parser took minutes over this (quadratic in depth: 40,000
        // levels 2.7 s, 80,000 11 s in a release build; 20,000 already 65 s in a test build).
        let depth = 200_000;
        let html = format!(
            "<html><body>{}<p>Deep text, still imported.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let mut warnings = Vec::new();
        let raw = read_html(&html, "deep.html", "in/deep.html", &mut warnings);
        assert_eq!(raw.body, "Deep text, still imported.");
        assert_eq!(raw.original, html);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].path, "in/deep.html");
        assert!(
            warnings[0]
                .reason
                .starts_with("HTML nested deeper than 256 elements: "),
            "{warnings:?}"
        );

        // One tag with 100,000 attributes (40 s before).
        let attributes: String = (0..100_000)
            .map(|i| format!(" data-a{i}=\"{i}\""))
            .collect();
        let html =
            format!("<html><body><article{attributes}><p>Crowded.</p></article></body></html>");
        let mut warnings = Vec::new();
        let raw = read_html(&html, "crowded.html", "crowded.html", &mut warnings);
        assert_eq!(raw.body, "Crowded.");
        assert_eq!(
            warnings
                .iter()
                .map(|w| w.reason.as_str())
                .collect::<Vec<_>>(),
            ["1 tag with more than 64 attributes: the attributes after the 64th ignored"]
        );
    }
}
