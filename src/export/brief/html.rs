//! A briefing as one self-contained HTML file: inline print-friendly CSS, no scripts, no
//! external requests (a Content-Security-Policy says so too), every article-derived string
//! escaped, citations linked to annex entries that show the quoted span in context.

use super::{
    Briefing, CiteId, CoverageStatus, Excerpt, Numbering, Section, clean, numbered, or_dash,
    outlet_list, web_url,
};
use std::fmt::Write;

/// The page's style: readable on screen, A4 on paper, conflicts in one colour.
const CSS: &str = "\
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; \
--conflict: #b3261e; --conflict-bg: #fdecea; --mark: #fff1a8; }
* { box-sizing: border-box; }
body { margin: 2rem auto; max-width: 60rem; padding: 0 1.5rem; color: var(--ink); \
background: #fff; font: 16px/1.5 system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", \
Arial, sans-serif; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .2rem; \
border-bottom: 1px solid var(--rule); }
.meta { color: var(--muted); margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; \
border-bottom: 1px solid var(--rule); }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.rows { padding-left: 1.2rem; }
ul.rows li { margin: .3rem 0; }
.date { font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
.outlets, .empty { color: var(--muted); }
.conflict { color: var(--conflict); font-weight: 600; }
tr.conflict-row td { background: var(--conflict-bg); }
.sanction { color: var(--conflict); }
blockquote { margin: .3rem 0 .3rem 0; padding-left: .8rem; border-left: 3px solid var(--rule); \
color: var(--muted); }
mark { background: var(--mark); color: var(--ink); padding: 0 .1em; }
sup a { text-decoration: none; }
ol.sources { list-style: none; padding-left: 0; }
ol.sources li { margin: .8rem 0; }
ol.sources li:target { outline: 2px solid var(--mark); }
.n { font-weight: 600; }
.url { overflow-wrap: anywhere; font-size: .9rem; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  tr, li, blockquote { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

/// The briefing as an HTML document.
pub fn render(briefing: &Briefing) -> String {
    let numbers = Numbering::new(&briefing.sources);
    let cites = Cites {
        numbers: &numbers,
        linked: briefing.sections.annex,
    };
    let title = briefing.shown_title();
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'\">\n",
    );
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    let _ = writeln!(out, "<style>\n{CSS}</style>\n</head>\n<body>");
    let _ = writeln!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">Scope: {} · Generated: {}</p>\n</header>",
        escape(&title),
        field(&briefing.scope),
        field(&briefing.generated)
    );
    for section in briefing.sections.shown() {
        let _ = writeln!(
            out,
            "<section id=\"{}\">\n<h2>{}</h2>",
            section.id(),
            section.title()
        );
        if briefing.is_empty(section) {
            let _ = writeln!(out, "<p class=\"empty\">{}</p>", section.empty_note());
        } else {
            match section {
                Section::Summary => summary(&mut out, briefing, &cites),
                Section::Actors => actors(&mut out, briefing),
                Section::Timeline => timeline(&mut out, briefing, &cites),
                Section::Quotes => quotes(&mut out, briefing, &cites),
                Section::Decisions => decisions(&mut out, briefing, &cites),
                Section::Coverage => coverage(&mut out, briefing, &cites),
                Section::Annex => annex(&mut out, briefing),
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn summary(out: &mut String, briefing: &Briefing, cites: &Cites) {
    out.push_str("<ul class=\"rows\">\n");
    for statement in &briefing.summary {
        let _ = writeln!(
            out,
            "<li>{}{}</li>",
            field(&statement.text),
            cites.html(&statement.cites)
        );
    }
    out.push_str("</ul>\n");
}

fn actors(out: &mut String, briefing: &Briefing) {
    out.push_str(
        "<table>\n<thead><tr><th>Name</th><th>Kind</th><th>Roles</th><th>Articles</th>\
         <th>Mentions</th><th>Sanctions-list hits</th></tr></thead>\n<tbody>\n",
    );
    for actor in &briefing.actors {
        let sanctions = actor
            .sanctions
            .iter()
            .map(|s| escape(&clean(s)))
            .filter(|s| !s.is_empty())
            .map(|s| format!("<div class=\"sanction\">{s}</div>"))
            .collect::<String>();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{sanctions}</td></tr>",
            field(&actor.name),
            field(&actor.kind),
            field(&actor.roles),
            actor.articles,
            actor.mentions
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn timeline(out: &mut String, briefing: &Briefing, cites: &Cites) {
    out.push_str(
        "<table>\n<thead><tr><th>Date</th><th>Event</th><th>Outlets</th></tr></thead>\n<tbody>\n",
    );
    for row in &briefing.timeline {
        let class = if row.conflict.is_some() {
            " class=\"conflict-row\""
        } else {
            ""
        };
        let conflict = match row.conflict.as_deref().map(clean) {
            Some(detail) if !detail.is_empty() => format!(
                "<div class=\"conflict\">Conflict: {}</div>",
                escape(&detail)
            ),
            Some(_) => "<div class=\"conflict\">Conflict</div>".to_string(),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "<tr{class}><td class=\"date\">{}</td><td>{}{}{conflict}</td>\
             <td class=\"outlets\">{}</td></tr>",
            field(&row.date),
            field(&row.label),
            cites.html(&row.cites),
            escape(&outlet_list(&row.outlets))
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn quotes(out: &mut String, briefing: &Briefing, cites: &Cites) {
    out.push_str("<ul class=\"rows\">\n");
    for quote in &briefing.quotes {
        let text = if quote.direct {
            format!("<q>{}</q>", field(&quote.text))
        } else {
            field(&quote.text)
        };
        let _ = writeln!(
            out,
            "<li><strong>{}</strong> ({}): {text} <span class=\"outlets\">— {}, {}</span>{}</li>",
            field(&quote.speaker),
            escape(&quote.how()),
            field(&quote.outlet),
            field(&quote.date),
            cites.html(&quote.cites)
        );
    }
    out.push_str("</ul>\n");
}

fn decisions(out: &mut String, briefing: &Briefing, cites: &Cites) {
    out.push_str(
        "<table>\n<thead><tr><th>Actor</th><th>Kind</th><th>Action</th><th>Target</th>\
         <th>Status</th><th>Last change</th><th>History</th></tr></thead>\n<tbody>\n",
    );
    for decision in &briefing.decisions {
        let history = decision
            .history
            .iter()
            .map(|h| {
                format!(
                    "<div><span class=\"date\">{}</span> {}{}</div>",
                    field(&h.date),
                    field(&h.status),
                    cites.html(&[h.cite])
                )
            })
            .collect::<String>();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"date\">{}</td><td>{history}</td></tr>",
            field(&decision.actor),
            field(&decision.kind),
            field(&decision.action),
            field(&decision.target),
            field(&decision.status),
            field(&decision.last_change)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn coverage(out: &mut String, briefing: &Briefing, cites: &Cites) {
    out.push_str(
        "<table>\n<thead><tr><th>Claim</th><th>Status</th><th>Outlets</th><th>Note</th>\
         </tr></thead>\n<tbody>\n",
    );
    for row in &briefing.coverage {
        let (class, status) = match row.status {
            CoverageStatus::Conflict => (
                " class=\"conflict-row\"",
                "<span class=\"conflict\">conflict</span>",
            ),
            CoverageStatus::Shared => ("", "shared"),
            CoverageStatus::Unique => ("", "unique"),
        };
        let _ = writeln!(
            out,
            "<tr{class}><td>{}{}</td><td>{status}</td><td class=\"outlets\">{}</td><td>{}</td></tr>",
            field(&row.claim),
            cites.html(&row.cites),
            escape(&outlet_list(&row.outlets)),
            escape(&clean(&row.note))
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn annex(out: &mut String, briefing: &Briefing) {
    out.push_str("<ol class=\"sources\">\n");
    for (n, source) in numbered(&briefing.sources) {
        let _ = write!(
            out,
            "<li id=\"src-{n}\"><span class=\"n\">[{n}]</span> <strong>{}</strong>, {}",
            field(&source.outlet),
            field(&source.date)
        );
        let title = clean(&source.title);
        if !title.is_empty() {
            let _ = write!(out, " — <cite>{}</cite>", escape(&title));
        }
        match web_url(&source.url) {
            Some(url) => {
                let url = escape(url);
                let _ = write!(
                    out,
                    "<br><a class=\"url\" href=\"{url}\" rel=\"noreferrer\">{url}</a>"
                );
            }
            None => {
                let url = clean(&source.url);
                if !url.is_empty() {
                    let _ = write!(out, "<br><span class=\"url\">{}</span>", escape(&url));
                }
            }
        }
        let excerpt = Excerpt::new(source);
        if !excerpt.is_empty() {
            let _ = write!(
                out,
                "<blockquote>{}<mark>{}</mark>{}</blockquote>",
                escape(&excerpt.before),
                escape(&excerpt.span),
                escape(&excerpt.after)
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// How citations are written: linked to the annex when it is shown.
struct Cites<'a> {
    numbers: &'a Numbering,
    linked: bool,
}

impl Cites<'_> {
    /// `<sup><a href="#src-3">[3]</a></sup>` per citation; `[?]` for an id no source carries.
    fn html(&self, ids: &[CiteId]) -> String {
        let mut out = String::new();
        for id in ids {
            match self.numbers.number(*id) {
                Some(n) if self.linked => {
                    let _ = write!(out, "<sup><a href=\"#src-{n}\">[{n}]</a></sup>");
                }
                Some(n) => {
                    let _ = write!(out, "<sup>[{n}]</sup>");
                }
                None => out.push_str("<sup>[?]</sup>"),
            }
        }
        out
    }
}

/// A single field of a row: cleaned, escaped, a dash when empty.
fn field(text: &str) -> String {
    escape(&or_dash(text))
}

/// `text` with the five HTML-significant characters as entities: safe in text and in a
/// double- or single-quoted attribute.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;

    /// Every real tag of `html`: escaped text holds no `<`, so each `<…>` is markup.
    fn tags(html: &str) -> Vec<&str> {
        let mut tags = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let Some(len) = rest[start..].find('>') else {
                break;
            };
            tags.push(&rest[start..=start + len]);
            rest = &rest[start + len + 1..];
        }
        tags
    }

    fn hostile() -> Briefing {
        let mut briefing = fixture::briefing();
        briefing.title = "<script>alert(1)</script>".to_string();
        briefing.quotes[0].text =
            "<script>alert(1)</script> and <img src=x onerror=alert(1)>".to_string();
        briefing.quotes[0].speaker = "\"><svg onload=alert(1)>".to_string();
        briefing.actors[0].name = "<iframe src=//evil.example>".to_string();
        briefing.sources[0].span = "<img src=x onerror=alert(1)>".to_string();
        briefing.sources[0].url = "javascript:alert(1)".to_string();
        briefing.sources[1].url = "https://ok.example/\"onmouseover=alert(1)".to_string();
        briefing.sources[1].title = "<a href='javascript:alert(1)'>x</a>".to_string();
        briefing.coverage[0].note = "<style>body{display:none}</style>".to_string();
        briefing
    }

    #[test]
    fn article_text_produces_no_live_markup() {
        let html = render(&hostile());
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"));
        assert!(!html.contains("<svg"));
        assert!(!html.contains("<iframe"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        for tag in tags(&html) {
            let lower = tag.to_ascii_lowercase();
            assert!(!lower.contains("onerror"), "{tag}");
            assert!(!lower.contains("onload"), "{tag}");
            assert!(!lower.contains("onmouseover"), "{tag}");
            assert!(!lower.contains("javascript:"), "{tag}");
            let name: String = lower[1..]
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                [
                    "html",
                    "head",
                    "meta",
                    "title",
                    "style",
                    "body",
                    "header",
                    "h1",
                    "h2",
                    "p",
                    "section",
                    "ul",
                    "ol",
                    "li",
                    "table",
                    "thead",
                    "tbody",
                    "tr",
                    "th",
                    "td",
                    "div",
                    "span",
                    "strong",
                    "q",
                    "sup",
                    "a",
                    "cite",
                    "br",
                    "blockquote",
                    "mark",
                ]
                .contains(&name.as_str())
                    || tag.starts_with("<!DOCTYPE"),
                "unexpected tag {tag}"
            );
        }
        // Only our stylesheet: the article's <style> is text.
        assert_eq!(html.matches("<style>").count(), 1);
    }

    #[test]
    fn only_web_urls_become_links_and_never_leak_referrers() {
        let html = render(&hostile());
        let hrefs: Vec<&str> = tags(&html)
            .into_iter()
            .filter(|t| t.starts_with("<a "))
            .collect();
        for a in &hrefs {
            assert!(
                a.contains("href=\"#src-")
                    || a.contains("href=\"https://") && a.contains("rel=\"noreferrer\""),
                "{a}"
            );
        }
        assert!(html.contains("<span class=\"url\">javascript:alert(1)</span>"));
        // A URL with a quote in it is not a link at all.
        assert!(!html.contains("href=\"https://ok.example"));
        let fine = render(&fixture::briefing());
        assert!(fine.contains(
            "<a class=\"url\" href=\"https://radio-b.example/news?id=7&amp;lang=en\" rel=\"noreferrer\">"
        ));
    }

    #[test]
    fn nothing_is_loaded_from_elsewhere() {
        let html = render(&fixture::briefing());
        for needle in ["<link", "<script", "@import", "url(", "src=", "<img"] {
            assert!(!html.contains(needle), "{needle}");
        }
        assert!(html.contains("default-src 'none'"));
    }

    #[test]
    fn citations_link_to_annex_entries_holding_the_span() {
        let html = render(&fixture::briefing());
        assert!(html.contains(
            "<li>Leaders met in Abuja.<sup><a href=\"#src-1\">[1]</a></sup><sup><a href=\"#src-2\">[2]</a></sup></li>"
        ));
        for n in 1..=2 {
            assert!(html.contains(&format!(
                "<li id=\"src-{n}\"><span class=\"n\">[{n}]</span>"
            )));
        }
        assert!(html.contains(
            "<blockquote>…Before the <mark>span number 10</mark> and after.…</blockquote>"
        ));
        // Every link target exists.
        for tag in tags(&html) {
            if let Some(rest) = tag.strip_prefix("<a href=\"#") {
                let id = rest.split('"').next().unwrap_or_default();
                assert!(html.contains(&format!("id=\"{id}\"")), "{tag}");
            }
        }
    }

    #[test]
    fn without_the_annex_citations_are_not_links() {
        let html = render(&fixture::hiding(&[Section::Annex]));
        assert!(!html.contains("href=\"#src-"));
        assert!(!html.contains("id=\"src-"));
        assert!(html.contains("Leaders met in Abuja.<sup>[1]</sup><sup>[2]</sup>"));
    }

    #[test]
    fn sections_follow_the_switches() {
        let html = render(&fixture::briefing());
        for section in Section::ALL {
            assert!(html.contains(&format!("<section id=\"{}\">", section.id())));
        }
        let html = render(&fixture::hiding(&[Section::Quotes, Section::Coverage]));
        assert!(!html.contains("<section id=\"quotes\">"));
        assert!(!html.contains("<section id=\"coverage\">"));
        assert!(!html.contains("Omar Touray"));
        assert!(html.contains("<section id=\"decisions\">"));
    }

    #[test]
    fn conflicts_are_marked() {
        let html = render(&fixture::briefing());
        assert!(html.contains("<tr class=\"conflict-row\"><td class=\"date\">2025-03-01</td>"));
        assert!(html.contains("<div class=\"conflict\">Conflict: Radio B dates it 2 March</div>"));
        assert!(html.contains("<span class=\"conflict\">conflict</span>"));
        assert!(html.contains("<div class=\"sanction\">SAMPLE list: Assimi Goïta"));
    }

    #[test]
    fn escape_covers_text_and_attributes() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(escape("Côte d’Ivoire"), "Côte d’Ivoire");
    }
}
