//! A briefing as Markdown (CommonMark with GFM tables): a heading per section, tables for
//! actors, decisions and coverage, `[n]` citations resolved in the "Annex: sources" section.
//! Article-derived text is escaped so it cannot inject markup.

use super::{
    Briefing, Excerpt, Numbering, Section, clean, numbered, one_line, or_dash, outlet_list, web_url,
};
use std::fmt::Write;

/// The briefing as a Markdown document.
pub fn render(briefing: &Briefing) -> String {
    let numbers = Numbering::new(&briefing.sources);
    let mut out = String::new();
    let title = briefing.shown_title();
    let _ = writeln!(out, "# {}\n", escape(&title));
    let _ = writeln!(out, "**Scope:** {}  ", escape_field(&briefing.scope));
    let _ = writeln!(out, "**Generated:** {}", escape_field(&briefing.generated));
    for section in briefing.sections.shown() {
        let _ = writeln!(out, "\n## {}\n", section.title());
        if briefing.is_empty(section) {
            let _ = writeln!(out, "*{}*", section.empty_note());
            continue;
        }
        match section {
            Section::Summary => summary(&mut out, briefing, &numbers),
            Section::Actors => actors(&mut out, briefing),
            Section::Timeline => timeline(&mut out, briefing, &numbers),
            Section::Quotes => quotes(&mut out, briefing, &numbers),
            Section::Decisions => decisions(&mut out, briefing, &numbers),
            Section::Coverage => coverage(&mut out, briefing, &numbers),
            Section::Annex => annex(&mut out, briefing),
        }
    }
    out
}

fn summary(out: &mut String, briefing: &Briefing, numbers: &Numbering) {
    for statement in &briefing.summary {
        let _ = writeln!(
            out,
            "- {}{}",
            escape_field(&statement.text),
            numbers.marks(&statement.cites)
        );
    }
}

fn actors(out: &mut String, briefing: &Briefing) {
    out.push_str("| Name | Kind | Roles | Articles | Mentions | Sanctions-list hits |\n");
    out.push_str("| --- | --- | --- | ---: | ---: | --- |\n");
    for actor in &briefing.actors {
        let sanctions = actor
            .sanctions
            .iter()
            .map(|s| escape(&clean(s)))
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            escape_field(&actor.name),
            escape_field(&actor.kind),
            escape_field(&actor.roles),
            actor.articles,
            actor.mentions,
            sanctions
        );
    }
}

fn timeline(out: &mut String, briefing: &Briefing, numbers: &Numbering) {
    for row in &briefing.timeline {
        let _ = write!(
            out,
            "- **{}** — {}",
            escape_field(&row.date),
            escape_field(&row.label)
        );
        if !row.outlets.is_empty() {
            let _ = write!(out, " ({})", escape(&outlet_list(&row.outlets)));
        }
        let _ = writeln!(out, "{}", numbers.marks(&row.cites));
        if let Some(conflict) = &row.conflict {
            let detail = clean(conflict);
            if detail.is_empty() {
                out.push_str("  - **Conflict**\n");
            } else {
                let _ = writeln!(out, "  - **Conflict:** {}", escape(&detail));
            }
        }
    }
}

fn quotes(out: &mut String, briefing: &Briefing, numbers: &Numbering) {
    for quote in &briefing.quotes {
        let (open, close) = if quote.direct {
            ("“", "”")
        } else {
            ("", "")
        };
        let _ = writeln!(
            out,
            "- **{}** ({}): {open}{}{close} — {}, {}{}",
            escape_field(&quote.speaker),
            escape(&quote.how()),
            escape_field(&quote.text),
            escape_field(&quote.outlet),
            escape_field(&quote.date),
            numbers.marks(&quote.cites)
        );
    }
}

fn decisions(out: &mut String, briefing: &Briefing, numbers: &Numbering) {
    out.push_str("| Actor | Kind | Action | Target | Status | Last change | History |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
    for decision in &briefing.decisions {
        let history = decision
            .history
            .iter()
            .map(|h| {
                format!(
                    "{} {}{}",
                    escape_field(&h.date),
                    escape_field(&h.status),
                    numbers.marks(&[h.cite])
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            escape_field(&decision.actor),
            escape_field(&decision.kind),
            escape_field(&decision.action),
            escape_field(&decision.target),
            escape_field(&decision.status),
            escape_field(&decision.last_change),
            history
        );
    }
}

fn coverage(out: &mut String, briefing: &Briefing, numbers: &Numbering) {
    out.push_str("| Claim | Status | Outlets | Note | Sources |\n");
    out.push_str("| --- | --- | --- | --- | --- |\n");
    for row in &briefing.coverage {
        let status = match row.status {
            super::CoverageStatus::Conflict => "**conflict**".to_string(),
            other => other.label().to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {status} | {} | {} | {} |",
            escape_field(&row.claim),
            escape(&outlet_list(&row.outlets)),
            escape(&clean(&row.note)),
            numbers.marks(&row.cites).trim_start()
        );
    }
}

fn annex(out: &mut String, briefing: &Briefing) {
    for (n, source) in numbered(&briefing.sources) {
        let _ = write!(
            out,
            "- [{n}] {}, {}",
            escape_field(&source.outlet),
            escape_field(&source.date)
        );
        let title = clean(&source.title);
        if !title.is_empty() {
            let _ = write!(out, ". *{}*", escape(&title));
        }
        match web_url(&source.url) {
            Some(url) => {
                let _ = write!(out, ". <{url}>");
            }
            None => {
                let url = clean(&source.url);
                if !url.is_empty() {
                    let _ = write!(out, ". {}", escape(&url));
                }
            }
        }
        out.push('\n');
        let excerpt = Excerpt::new(source);
        if !excerpt.is_empty() {
            let span = if excerpt.span.is_empty() {
                String::new()
            } else {
                format!("**{}**", escape(&excerpt.span))
            };
            let _ = writeln!(
                out,
                "  > {}{span}{}",
                escape(&excerpt.before),
                escape(&excerpt.after)
            );
        }
    }
}

/// A single field of a row: cleaned, escaped, a dash when empty.
fn escape_field(text: &str) -> String {
    escape(&or_dash(text))
}

/// `text` on one line with every character that could start Markdown or HTML markup
/// backslash-escaped, so it reads as the literal text it is. Characters that only matter at
/// the start of a line (`-`, `+`, `=`, a `1.` list marker) are escaped there.
pub(crate) fn escape(text: &str) -> String {
    let text = one_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    let at_start = text.trim_start();
    // A line-start construct only matters if the text opens a line (a list item, a heading).
    let leading_digits = at_start.chars().take_while(char::is_ascii_digit).count();
    let list_marker =
        leading_digits > 0 && matches!(at_start.chars().nth(leading_digits), Some('.') | Some(')'));
    for (i, c) in text.char_indices() {
        let starts = i == text.len() - at_start.len();
        let line_start_char = starts && matches!(c, '-' | '+' | '=');
        let marker_end = list_marker
            && i == text.len() - at_start.len() + leading_digits
            && matches!(c, '.' | ')');
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '$'
        ) || line_start_char
            || marker_end
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{CiteId, fixture};
    use super::*;

    #[test]
    fn every_shown_section_has_its_heading_in_order() {
        let md = render(&fixture::briefing());
        let positions: Vec<usize> = Section::ALL
            .iter()
            .map(|s| {
                md.find(&format!("\n## {}\n", s.title()))
                    .unwrap_or_else(|| panic!("{s:?} missing"))
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
        assert!(md.starts_with("# ECOWAS summit in Abuja\n"));
        assert!(md.contains("**Generated:** 2025-03-14"));
    }

    #[test]
    fn hidden_sections_are_left_out() {
        let md = render(&fixture::hiding(&[Section::Actors, Section::Annex]));
        assert!(!md.contains("## Actors"));
        assert!(!md.contains("## Annex: sources"));
        assert!(!md.contains("Assimi"));
        assert!(md.contains("## Timeline"));
    }

    #[test]
    fn empty_sections_say_so() {
        let briefing = Briefing::default();
        let md = render(&briefing);
        assert!(md.starts_with("# Briefing\n"));
        assert!(md.contains("## Quotes\n\n*No quotes.*"));
    }

    #[test]
    fn citations_are_numbered_by_annex_position() {
        let md = render(&fixture::briefing());
        assert!(md.contains("- Leaders met in Abuja. [1][2]\n"), "{md}");
        assert!(
            md.contains(
                "- [1] Daily A, 2025-03-02. *Report 10*. <https://daily-a.example/abuja>\n"
            ),
            "{md}"
        );
        assert!(md.contains("- [2] Radio B, 2025-03-02. *Report 20*. <https://radio-b.example/news?id=7&lang=en>\n"), "{md}");
        assert!(
            md.contains("  > …Before the **span number 10** and after.…\n"),
            "{md}"
        );
        let mut dangling = fixture::briefing();
        dangling.summary[0].cites = vec![CiteId(404)];
        assert!(render(&dangling).contains("- Leaders met in Abuja. [?]\n"));
    }

    #[test]
    fn tables_have_one_row_per_item() {
        let md = render(&fixture::briefing());
        assert!(md.contains(
            "| Assimi Goïta | person | head of state | 3 | 12 | SAMPLE list: Assimi Goïta (score 0.97, confirmed) |"
        ), "{md}");
        assert!(md.contains("| ECOWAS | sanction | suspend | Mali | lifted | 2025-03-02 | 2025-03-02 lifted [2] |"), "{md}");
        assert!(
            md.contains(
                "| Sanctions lifted | **conflict** | Daily A | Radio B says only eased | [1] |"
            ),
            "{md}"
        );
        assert!(
            md.contains("  - **Conflict:** Radio B dates it 2 March\n"),
            "{md}"
        );
        assert!(md.contains("- **Omar Touray** (said, direct): “The door remains open.” — Daily A, 2025-03-02 [1]"), "{md}");
    }

    #[test]
    fn article_text_cannot_inject_markup() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("*bold* _it_"), "\\*bold\\* \\_it\\_");
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(
            escape("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(escape("![i](http://x/y.png)"), "!\\[i\\](http://x/y.png)");
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("- not a list"), "\\- not a list");
        assert_eq!(escape("1. not a list"), "1\\. not a list");
        assert_eq!(escape("a\n\n## b"), "a \\#\\# b");
        assert_eq!(escape("&lt;"), "\\&lt;");
        assert_eq!(escape("`code`"), "\\`code\\`");
        assert_eq!(escape("Côte d'Ivoire — 1.5 - 2"), "Côte d'Ivoire — 1.5 - 2");

        let mut briefing = fixture::briefing();
        briefing.actors[0].name = "Evil | Name\n| x | y |".to_string();
        briefing.sources[0].url = "javascript:alert(1)".to_string();
        let md = render(&briefing);
        let row = md
            .lines()
            .find(|l| l.starts_with("| Evil"))
            .expect("actor row");
        let unescaped_pipes = row
            .char_indices()
            .filter(|&(i, c)| c == '|' && !row[..i].ends_with('\\'))
            .count();
        assert_eq!(unescaped_pipes, 7, "{row}");
        assert!(!md.contains("<javascript:"));
        assert!(md.contains("javascript:alert(1)"));
    }

    /// Hostile article text: each must come back from a CommonMark + GFM parser as the same
    /// literal text, with no HTML, image, link, code or heading made of it.
    const HOSTILE: [&str; 16] = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "![i](http://x.example/y.png)",
        "*bold* _em_ ~~strike~~ __strong__",
        "a | b || c",
        "# heading",
        "- list",
        "1. list",
        "> quote",
        "```fence",
        "`tick`",
        "&lt;b&gt; &amp; &#60;",
        "\\*not\\*",
        "$x$ [^1] <https://auto.example>",
        "=== --- +++",
    ];

    fn parse(md: &str) -> Vec<pulldown_cmark::Event<'_>> {
        use pulldown_cmark::Options;
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_MATH;
        pulldown_cmark::Parser::new_ext(md, options).collect()
    }

    #[test]
    fn a_markdown_parser_reads_article_text_back_as_text() {
        use pulldown_cmark::{Event, Tag};
        for hostile in HOSTILE {
            let mut briefing = fixture::briefing();
            briefing.title = hostile.to_string();
            briefing.summary[0].text = hostile.to_string();
            briefing.actors[0].name = hostile.to_string();
            briefing.quotes[0].speaker = hostile.to_string();
            briefing.timeline[0].label = hostile.to_string();
            briefing.decisions[0].target = hostile.to_string();
            briefing.coverage[0].note = hostile.to_string();
            briefing.sources[0].span = hostile.to_string();
            briefing.sources[0].title = hostile.to_string();
            briefing.sources[1].url = hostile.to_string();
            let md = render(&briefing);
            let events = parse(&md);
            let mut text = String::new();
            let mut cells = 0;
            for event in &events {
                match event {
                    Event::Text(t) => text.push_str(t),
                    Event::Html(h) | Event::InlineHtml(h) => panic!("HTML {h:?} from {hostile:?}"),
                    Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                        panic!("{event:?} from {hostile:?}")
                    }
                    Event::FootnoteReference(_) | Event::TaskListMarker(_) => {
                        panic!("{event:?} from {hostile:?}")
                    }
                    Event::Start(Tag::Image { .. } | Tag::CodeBlock(_) | Tag::Strikethrough) => {
                        panic!("{event:?} from {hostile:?}")
                    }
                    Event::Start(Tag::Link { dest_url, .. }) => {
                        assert_eq!(
                            dest_url.as_ref(),
                            "https://daily-a.example/abuja",
                            "{hostile:?}"
                        );
                    }
                    Event::Start(Tag::TableCell) => cells += 1,
                    _ => {}
                }
            }
            let headings = events
                .iter()
                .filter(|e| matches!(e, Event::Start(Tag::Heading { .. })))
                .count();
            assert_eq!(headings, 1 + Section::ALL.len(), "{hostile:?}\n{md}");
            // Actors 6 + decisions 7 + coverage 5 columns, header and one row each.
            assert_eq!(cells, 2 * (6 + 7 + 5), "{hostile:?}\n{md}");
            // Text events split at escapes; joined, the hostile string is there verbatim,
            // once for each field it was put in.
            assert!(text.matches(hostile).count() >= 9, "{hostile:?} in {text}");
        }
    }

    #[test]
    fn any_text_renders_without_panicking() {
        let mut briefing = fixture::briefing();
        for weird in ["", " ", "\u{0}", "1)", "é", "\u{202e}x", "🗐🗐", "-", "\n\n"] {
            briefing.title = weird.to_string();
            briefing.sources[0].span = weird.to_string();
            briefing.sources[0].context_before = weird.to_string();
            briefing.actors[0].name = weird.to_string();
            let _ = render(&briefing);
        }
    }
}
