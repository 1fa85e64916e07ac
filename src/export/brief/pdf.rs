//! A briefing as an A4 PDF with real, extractable text in an embedded Unicode font (egui's
//! Ubuntu-Light, subset by krilla): title, section headings, wrapped paragraphs, table rows
//! as "name — kind — roles" lines, page numbers. Laid out first, then drawn.

use super::{
    Briefing, CoverageStatus, Excerpt, Numbering, Section, clean, numbered, or_dash, outlet_list,
    web_url,
};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use std::fmt;

/// The font every line is set in: Latin, Greek and Cyrillic with accents and typographic
/// quotes, shipped inside egui's default fonts.
const FONT: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm.
const MARGIN: f32 = 56.7;
/// Baseline of the page number, from the top.
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 28.0;
const LINE_SPACING: f32 = 1.35;

const TITLE: Style = Style::new(20.0, Ink::Text);
const META: Style = Style::new(9.5, Ink::Muted);
const HEADING: Style = Style::new(14.0, Ink::Accent);
const BODY: Style = Style::new(10.5, Ink::Text);
const SMALL: Style = Style::new(9.0, Ink::Muted);
const CONFLICT: Style = Style::new(9.5, Ink::Conflict);
const SPAN: Style = Style::new(9.0, Ink::Marked);
/// Indent of rows under a heading, and the further indent of their detail lines.
const ROW_INDENT: f32 = 0.0;
const DETAIL_INDENT: f32 = 14.0;

/// Why a PDF could not be made.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfError(String);

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not make the briefing PDF: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

/// The briefing as PDF bytes.
pub fn render(briefing: &Briefing) -> Result<Vec<u8>, PdfError> {
    let measure =
        Measure::new().ok_or_else(|| PdfError("the bundled font is unreadable".into()))?;
    let pages = layout(briefing, &measure);
    draw(briefing, &pages, &measure)
}

/// Colours of text, by role.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Ink {
    Text,
    Muted,
    Accent,
    Conflict,
    /// Text on a highlight, like HTML's `<mark>`.
    Marked,
}

impl Ink {
    fn rgb(self) -> rgb::Color {
        match self {
            Ink::Text | Ink::Marked => rgb::Color::new(0x1f, 0x23, 0x28),
            Ink::Muted => rgb::Color::new(0x59, 0x63, 0x6e),
            Ink::Accent => rgb::Color::new(0x1a, 0x3f, 0x6b),
            Ink::Conflict => rgb::Color::new(0xb3, 0x26, 0x1e),
        }
    }
}

const HIGHLIGHT: (u8, u8, u8) = (0xff, 0xf1, 0xa8);

#[derive(Clone, Copy, Debug, PartialEq)]
struct Style {
    size: f32,
    ink: Ink,
}

impl Style {
    const fn new(size: f32, ink: Ink) -> Self {
        Style { size, ink }
    }

    /// The same colour at another size.
    const fn ink(self, ink: Ink) -> Self {
        Style { ink, ..self }
    }
}

/// Text widths: the sum of the glyphs' advances. Kerning, which krilla's shaper applies when
/// drawing, only ever makes a line a little narrower than measured.
struct Measure {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

impl Measure {
    fn new() -> Option<Self> {
        let face = ttf_parser::Face::parse(FONT, 0).ok()?;
        let units_per_em = f32::from(face.units_per_em());
        (units_per_em > 0.0).then_some(Measure { face, units_per_em })
    }

    /// Width of `text` set at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u64 = text.chars().map(|c| self.advance(c)).sum();
        units as f32 / self.units_per_em * size
    }

    /// Advance of `c` in font units; a character the font lacks is drawn as its "missing" box.
    fn advance(&self, c: char) -> u64 {
        let glyph = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        u64::from(self.face.glyph_hor_advance(glyph).unwrap_or(0))
    }
}

/// A piece of a line in one style, placed at `x` points from the left edge.
#[derive(Clone, Debug, PartialEq)]
struct Run {
    x: f32,
    width: f32,
    text: String,
    style: Style,
}

/// One line of text, its baseline `baseline` points from the top of the page.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    baseline: f32,
    runs: Vec<Run>,
}

type Page = Vec<Line>;

/// A word (text between spaces) made of pieces that may differ in style.
type Word = Vec<(String, Style)>;

/// Fills pages top to bottom, starting a new page when the next line does not fit.
struct Layout<'m> {
    measure: &'m Measure,
    pages: Vec<Page>,
    /// Top of the next line, from the top of the page.
    y: f32,
}

impl<'m> Layout<'m> {
    fn new(measure: &'m Measure) -> Self {
        Layout {
            measure,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn ensure(&mut self, height: f32) {
        let page_has_lines = self.pages.last().is_some_and(|p| !p.is_empty());
        if page_has_lines && self.y + height > PAGE_HEIGHT - MARGIN {
            self.new_page();
        }
    }

    fn gap(&mut self, points: f32) {
        if self.pages.last().is_some_and(|p| !p.is_empty()) {
            self.y += points;
        }
    }

    /// A section heading, kept on the page with at least two lines after it.
    fn heading(&mut self, text: &str) {
        self.gap(HEADING.size * 0.9);
        self.ensure(HEADING.size * LINE_SPACING + 2.0 * BODY.size * LINE_SPACING);
        self.paragraph(&[(text.to_string(), HEADING)], ROW_INDENT);
        self.gap(3.0);
    }

    /// `pieces` wrapped between the left margin plus `indent` and the right margin, breaking
    /// at spaces (and inside a word only when it alone is wider than the line).
    fn paragraph(&mut self, pieces: &[(String, Style)], indent: f32) {
        let size = pieces.iter().map(|(_, s)| s.size).fold(0.0, f32::max);
        if size <= 0.0 {
            return;
        }
        let left = MARGIN + indent;
        let max_width = PAGE_WIDTH - MARGIN - left;
        let mut line: Vec<Word> = Vec::new();
        let mut line_width = 0.0;
        for word in self.words(pieces, max_width) {
            let width = self.word_width(&word);
            let space = self.space_width(&word);
            if !line.is_empty() && line_width + space + width > max_width {
                self.emit(std::mem::take(&mut line), left, size);
                line_width = 0.0;
            }
            if !line.is_empty() {
                line_width += space;
            }
            line_width += width;
            line.push(word);
        }
        if !line.is_empty() {
            self.emit(line, left, size);
        }
    }

    /// Splits `pieces` into words at spaces; a word wider than `max_width` is cut into parts
    /// that fit.
    fn words(&self, pieces: &[(String, Style)], max_width: f32) -> Vec<Word> {
        let mut words: Vec<Word> = Vec::new();
        let mut current: Word = Vec::new();
        for (text, style) in pieces {
            for (i, part) in text.split(' ').enumerate() {
                if i > 0 && !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                if !part.is_empty() {
                    current.push((part.to_string(), *style));
                }
            }
        }
        if !current.is_empty() {
            words.push(current);
        }
        let mut fitted = Vec::with_capacity(words.len());
        for word in words {
            if self.word_width(&word) <= max_width {
                fitted.push(word);
            } else {
                fitted.extend(self.cut(word, max_width));
            }
        }
        fitted
    }

    /// Cuts an over-wide word into parts no wider than `max_width`, at character boundaries.
    fn cut(&self, word: Word, max_width: f32) -> Vec<Word> {
        let mut parts = Vec::new();
        let mut part: Word = Vec::new();
        let mut width = 0.0;
        for (text, style) in word {
            let mut piece = String::new();
            for c in text.chars() {
                let c_width = self.measure.width(c.encode_utf8(&mut [0; 4]), style.size);
                if width + c_width > max_width && (width > 0.0) {
                    if !piece.is_empty() {
                        part.push((std::mem::take(&mut piece), style));
                    }
                    parts.push(std::mem::take(&mut part));
                    width = 0.0;
                }
                piece.push(c);
                width += c_width;
            }
            if !piece.is_empty() {
                part.push((piece, style));
            }
        }
        if !part.is_empty() {
            parts.push(part);
        }
        parts
    }

    fn word_width(&self, word: &Word) -> f32 {
        word.iter()
            .map(|(text, style)| self.measure.width(text, style.size))
            .sum()
    }

    fn space_width(&self, word: &Word) -> f32 {
        let size = word.first().map_or(BODY.size, |(_, s)| s.size);
        self.measure.width(" ", size)
    }

    /// Places one line of words at the current position, merging pieces of the same style
    /// into runs, and moves down.
    fn emit(&mut self, words: Vec<Word>, left: f32, size: f32) {
        let height = size * LINE_SPACING;
        self.ensure(height);
        let mut runs: Vec<Run> = Vec::new();
        let mut x = left;
        for (i, word) in words.into_iter().enumerate() {
            for (j, (mut text, style)) in word.into_iter().enumerate() {
                if i > 0 && j == 0 {
                    // The space between words goes to the run before, unless that one is
                    // highlighted: a highlight ends at its last letter.
                    match runs.last_mut() {
                        Some(run) if run.style.ink != Ink::Marked => {
                            let space = self.measure.width(" ", run.style.size);
                            run.text.push(' ');
                            run.width += space;
                            x += space;
                        }
                        _ => text.insert(0, ' '),
                    }
                }
                let width = self.measure.width(&text, style.size);
                match runs.last_mut() {
                    Some(run) if run.style == style => {
                        run.text.push_str(&text);
                        run.width += width;
                    }
                    _ => runs.push(Run {
                        x,
                        width,
                        text,
                        style,
                    }),
                }
                x += width;
            }
        }
        let baseline = self.y + size;
        if let Some(page) = self.pages.last_mut() {
            page.push(Line { baseline, runs });
        }
        self.y += height;
    }
}

/// Lays the briefing out on pages.
fn layout(briefing: &Briefing, measure: &Measure) -> Vec<Page> {
    let numbers = Numbering::new(&briefing.sources);
    let mut out = Layout::new(measure);
    let title = briefing.shown_title();
    out.paragraph(&[(title, TITLE)], 0.0);
    out.paragraph(
        &[(
            format!(
                "Scope: {} · Generated: {}",
                or_dash(&briefing.scope),
                or_dash(&briefing.generated)
            ),
            META,
        )],
        0.0,
    );
    for section in briefing.sections.shown() {
        out.heading(section.title());
        if briefing.is_empty(section) {
            out.paragraph(&[(section.empty_note().to_string(), SMALL)], ROW_INDENT);
            continue;
        }
        match section {
            Section::Summary => {
                for statement in &briefing.summary {
                    let text = format!(
                        "• {}{}",
                        or_dash(&statement.text),
                        numbers.marks(&statement.cites)
                    );
                    row(&mut out, vec![(text, BODY)]);
                }
            }
            Section::Actors => {
                for actor in &briefing.actors {
                    let text = format!(
                        "{} — {} — {} — {} articles, {} mentions",
                        or_dash(&actor.name),
                        or_dash(&actor.kind),
                        or_dash(&actor.roles),
                        actor.articles,
                        actor.mentions
                    );
                    row(&mut out, vec![(text, BODY)]);
                    for hit in actor
                        .sanctions
                        .iter()
                        .map(|s| clean(s))
                        .filter(|s| !s.is_empty())
                    {
                        detail(
                            &mut out,
                            vec![(format!("Sanctions-list hit: {hit}"), CONFLICT)],
                        );
                    }
                }
            }
            Section::Timeline => {
                for event in &briefing.timeline {
                    let mut text = format!("{} — {}", or_dash(&event.date), or_dash(&event.label));
                    let outlets = outlet_list(&event.outlets);
                    if !outlets.is_empty() {
                        text.push_str(&format!(" — {outlets}"));
                    }
                    text.push_str(&numbers.marks(&event.cites));
                    row(&mut out, vec![(text, BODY)]);
                    if let Some(conflict) = &event.conflict {
                        let conflict = clean(conflict);
                        let text = if conflict.is_empty() {
                            "Conflict".to_string()
                        } else {
                            format!("Conflict: {conflict}")
                        };
                        detail(&mut out, vec![(text, CONFLICT)]);
                    }
                }
            }
            Section::Quotes => {
                for quote in &briefing.quotes {
                    let text = if quote.direct {
                        format!("“{}”", or_dash(&quote.text))
                    } else {
                        or_dash(&quote.text)
                    };
                    row(
                        &mut out,
                        vec![
                            (
                                format!("{} ({}): ", or_dash(&quote.speaker), quote.how()),
                                BODY.ink(Ink::Accent),
                            ),
                            (text, BODY),
                            (
                                format!(
                                    " — {}, {}{}",
                                    or_dash(&quote.outlet),
                                    or_dash(&quote.date),
                                    numbers.marks(&quote.cites)
                                ),
                                BODY.ink(Ink::Muted),
                            ),
                        ],
                    );
                }
            }
            Section::Decisions => {
                for decision in &briefing.decisions {
                    let text = format!(
                        "{} — {} — {} — {} — {} (last change {})",
                        or_dash(&decision.actor),
                        or_dash(&decision.kind),
                        or_dash(&decision.action),
                        or_dash(&decision.target),
                        or_dash(&decision.status),
                        or_dash(&decision.last_change)
                    );
                    row(&mut out, vec![(text, BODY)]);
                    for change in &decision.history {
                        let text = format!(
                            "{} — {}{}",
                            or_dash(&change.date),
                            or_dash(&change.status),
                            numbers.marks(&[change.cite])
                        );
                        detail(&mut out, vec![(text, SMALL)]);
                    }
                }
            }
            Section::Coverage => {
                for claim in &briefing.coverage {
                    let status = match claim.status {
                        CoverageStatus::Conflict => {
                            ("CONFLICT".to_string(), BODY.ink(Ink::Conflict))
                        }
                        other => (other.label().to_uppercase(), BODY.ink(Ink::Muted)),
                    };
                    let mut text = format!(" {}", or_dash(&claim.claim));
                    let outlets = outlet_list(&claim.outlets);
                    if !outlets.is_empty() {
                        text.push_str(&format!(" — {outlets}"));
                    }
                    text.push_str(&numbers.marks(&claim.cites));
                    row(&mut out, vec![status, (text, BODY)]);
                    let note = clean(&claim.note);
                    if !note.is_empty() {
                        detail(&mut out, vec![(note, SMALL)]);
                    }
                }
            }
            Section::Annex => {
                for (n, source) in numbered(&briefing.sources) {
                    let mut text = format!(
                        "[{n}] {}, {}",
                        or_dash(&source.outlet),
                        or_dash(&source.date)
                    );
                    let title = clean(&source.title);
                    if !title.is_empty() {
                        text.push_str(&format!(" — {title}"));
                    }
                    row(&mut out, vec![(text, BODY)]);
                    let url = clean(&source.url);
                    if !url.is_empty() {
                        // Only a web address looks like a link.
                        let ink = if web_url(&url).is_some() {
                            Ink::Accent
                        } else {
                            Ink::Muted
                        };
                        detail(&mut out, vec![(url, SMALL.ink(ink))]);
                    }
                    let excerpt = Excerpt::new(source);
                    if !excerpt.is_empty() {
                        detail(
                            &mut out,
                            vec![
                                (excerpt.before, SMALL),
                                (excerpt.span, SPAN),
                                (excerpt.after, SMALL),
                            ],
                        );
                    }
                }
            }
        }
    }
    out.pages
}

/// A row of a section: a paragraph with a little space above.
fn row(out: &mut Layout, pieces: Vec<(String, Style)>) {
    out.gap(3.0);
    out.paragraph(&pieces, ROW_INDENT);
}

/// A detail line under a row, indented.
fn detail(out: &mut Layout, pieces: Vec<(String, Style)>) {
    out.paragraph(&pieces, DETAIL_INDENT);
}

/// Draws the laid-out pages, a page number at the foot of each.
fn draw(briefing: &Briefing, pages: &[Page], measure: &Measure) -> Result<Vec<u8>, PdfError> {
    let font = Font::new(FONT.into(), 0)
        .ok_or_else(|| PdfError("the bundled font is unreadable".into()))?;
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| PdfError("bad page size".into()))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(briefing.shown_title())
            .language("en".to_string())
            .creator("Dossier".to_string()),
    );
    let total = pages.len();
    for (i, lines) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for line in lines {
            for run in &line.runs {
                if run.style.ink == Ink::Marked {
                    let (r, g, b) = HIGHLIGHT;
                    let top = line.baseline - run.style.size;
                    let rect = Rect::from_xywh(run.x, top, run.width, run.style.size * 1.25);
                    let mut path = PathBuilder::new();
                    if let Some(rect) = rect {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_fill(Some(fill(rgb::Color::new(r, g, b))));
                        surface.draw_path(&path);
                    }
                }
                surface.set_fill(Some(fill(run.style.ink.rgb())));
                surface.draw_text(
                    Point::from_xy(run.x, line.baseline),
                    font.clone(),
                    run.style.size,
                    &run.text,
                    false,
                    TextDirection::Auto,
                );
            }
        }
        let number = format!("Page {} of {total}", i + 1);
        let width = measure.width(&number, SMALL.size);
        surface.set_fill(Some(fill(SMALL.ink.rgb())));
        surface.draw_text(
            Point::from_xy((PAGE_WIDTH - width) / 2.0, FOOTER_BASELINE),
            font.clone(),
            SMALL.size,
            &number,
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PdfError(e.to_string()))
}

fn fill(colour: rgb::Color) -> Fill {
    Fill {
        paint: colour.into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{CiteId, Statement, fixture};
    use super::*;
    use std::process::Command;

    fn measure() -> Measure {
        Measure::new().expect("bundled font")
    }

    fn all_text(pages: &[Page]) -> String {
        pages
            .iter()
            .flatten()
            .map(|line| {
                line.runs
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_font_has_the_glyphs_briefings_need() {
        let measure = measure();
        for c in "Goïta Côte d’Ivoire “quoted” — … • · é à ç ñ ü ß ł ø Ș ț".chars()
        {
            assert!(
                measure.face.glyph_index(c).is_some() || c == ' ',
                "no glyph for {c:?}"
            );
        }
    }

    #[test]
    fn it_is_a_pdf() {
        let pdf = render(&fixture::briefing()).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(
            pdf.len() < 200_000,
            "{} bytes: is the font subset?",
            pdf.len()
        );
    }

    #[test]
    fn lines_stay_within_the_margins() {
        let measure = measure();
        let mut briefing = fixture::briefing();
        briefing.summary = (0..200)
            .map(|i| Statement {
                text: format!("Statement {i} is long enough to wrap onto a second line of the page, since it goes on and on about the summit in Abuja and what the leaders said there."),
                cites: vec![CiteId(10)],
            })
            .collect();
        briefing.sources[0].url = format!("https://example.com/{}", "x".repeat(400));
        let pages = layout(&briefing, &measure);
        assert!(pages.len() > 3, "{} pages", pages.len());
        for page in &pages {
            assert!(!page.is_empty());
            for line in page {
                assert!(line.baseline <= PAGE_HEIGHT - MARGIN + 1.0, "{line:?}");
                for run in &line.runs {
                    assert!(run.x >= MARGIN - 0.01);
                    assert!(run.x + run.width <= PAGE_WIDTH - MARGIN + 0.5, "{run:?}");
                }
            }
        }
        // Wrapping loses no words: the long URL comes through whole, minus the cuts.
        let text = all_text(&pages);
        assert!(text.matches('x').count() >= 400);
        assert!(text.contains("Statement 199 is long"));
    }

    #[test]
    fn sections_follow_the_switches() {
        let measure = measure();
        let text = all_text(&layout(&fixture::briefing(), &measure));
        for section in Section::ALL {
            assert!(text.contains(section.title()), "{section:?}");
        }
        assert!(text.contains("Assimi Goïta — person — head of state — 3 articles, 12 mentions"));
        assert!(text.contains("Leaders met in Abuja. [1][2]"));
        assert!(text.contains("[2] Radio B, 2025-03-02 — Report 20"));
        let briefing = fixture::hiding(&[Section::Actors, Section::Annex]);
        let text = all_text(&layout(&briefing, &measure));
        assert!(!text.contains("Actors"));
        assert!(!text.contains("Annex"));
        assert!(text.contains("Timeline"));
    }

    #[test]
    fn the_span_is_highlighted() {
        let pages = layout(&fixture::briefing(), &measure());
        let marked: Vec<&Run> = pages
            .iter()
            .flatten()
            .flat_map(|l| &l.runs)
            .filter(|r| r.style.ink == Ink::Marked)
            .collect();
        assert_eq!(marked.len(), 2);
        assert!(marked[0].text.contains("span number 10"));
    }

    #[test]
    fn any_text_renders_without_panicking() {
        let mut briefing = fixture::briefing();
        for weird in [
            "",
            " ",
            "\u{0}\u{1}",
            "\u{202e}reversed",
            "日本語のテキスト",
            "مرحبا بالعالم",
            "e\u{301}\u{301}\u{301}",
            "🗐🗐🗐",
            &"W".repeat(3000),
            "\u{fffd}\u{feff}",
        ] {
            briefing.title = weird.to_string();
            briefing.quotes[0].text = weird.to_string();
            briefing.sources[0].span = weird.to_string();
            let pdf = render(&briefing).expect("pdf");
            assert!(pdf.starts_with(b"%PDF-"));
        }
        assert!(render(&Briefing::default()).is_ok());
    }

    /// Runs `pdftotext` on `pdf`; `None` (and a note why) when it is not installed.
    fn pdftotext(pdf: &[u8]) -> Option<String> {
        use std::io::Write;
        let mut child = match Command::new("pdftotext")
            .args(["-enc", "UTF-8", "-", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
        {
            Ok(child) => child,
            Err(e) => {
                eprintln!("skipping: pdftotext is not available ({e}); install poppler-utils");
                return None;
            }
        };
        child.stdin.take()?.write_all(pdf).ok()?;
        let output = child.wait_with_output().ok()?;
        assert!(output.status.success(), "pdftotext failed");
        Some(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    #[test]
    fn pdftotext_reads_the_text_back() {
        let mut briefing = fixture::briefing();
        briefing.title = "Côte d’Ivoire and “the summit”".to_string();
        let pdf = render(&briefing).expect("pdf");
        let Some(text) = pdftotext(&pdf) else {
            return;
        };
        assert!(text.contains("Côte d’Ivoire and “the summit”"), "{text}");
        assert!(text.contains("Assimi Goïta"), "{text}");
        assert!(text.contains("Page 1 of"), "{text}");
        assert!(text.contains("span number 10"), "{text}");
    }
}
