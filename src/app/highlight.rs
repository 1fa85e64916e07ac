//! Turning text plus highlighted ranges into an `egui::text::LayoutJob`, memoised so a long
//! article is laid out once per change rather than once per frame.

use super::theme;
use eframe::egui::{self, Color32, FontId, Galley, TextFormat, text::LayoutJob};
use std::ops::Range;
use std::sync::Arc;

/// A highlighted byte range: a background, or (for long spans such as quotes, which a
/// background would turn into a block of colour) a coloured underline.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mark {
    pub range: Range<usize>,
    pub background: Color32,
    /// Drawn as an underline in `background`'s colour, keeping the text's own colours.
    pub underline: bool,
}

impl Mark {
    /// A background mark.
    pub fn bg(range: Range<usize>, background: Color32) -> Self {
        Mark {
            range,
            background,
            underline: false,
        }
    }

    /// An underline mark.
    pub fn underline(range: Range<usize>, colour: Color32) -> Self {
        Mark {
            range,
            background: colour,
            underline: true,
        }
    }
}

/// Lays `text` out with `marks`. Marks may overlap or fall outside the text or inside a
/// character; they are clamped to char boundaries. Where backgrounds overlap the later one
/// wins; an underline shows under any background. One sweep over the sorted boundaries, so a
/// long article with thousands of marks lays out in time linear in its marks.
pub fn layout_job(
    text: &str,
    marks: &[Mark],
    font: FontId,
    color: Color32,
    wrap_width: f32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let plain = TextFormat {
        font_id: font.clone(),
        color,
        ..TextFormat::default()
    };
    let clamp = |i: usize| {
        let mut i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    // (position, is_start, mark index): ends sort before starts at the same position.
    let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(marks.len() * 2);
    for (i, m) in marks.iter().enumerate() {
        let (a, b) = (clamp(m.range.start), clamp(m.range.end));
        if a < b {
            events.push((a, true, i));
            events.push((b, false, i));
        }
    }
    events.sort_unstable();
    // Marks open at the cursor, by index (later marks win).
    let mut open: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    let mut at = 0;
    let emit =
        |job: &mut LayoutJob, from: usize, to: usize, open: &std::collections::BTreeSet<usize>| {
            if from >= to {
                return;
            }
            let background = open.iter().rev().map(|&i| &marks[i]).find(|m| !m.underline);
            let underline = open.iter().rev().map(|&i| &marks[i]).find(|m| m.underline);
            let mut format = plain.clone();
            if let Some(mark) = background {
                format.background = mark.background;
                format.color = theme::ON_HIGHLIGHT;
            }
            if let Some(mark) = underline {
                format.underline = egui::Stroke::new(2.0, mark.background);
            }
            job.append(&text[from..to], 0.0, format);
        };
    for (pos, is_start, i) in events {
        emit(&mut job, at, pos, &open);
        at = at.max(pos);
        if is_start {
            open.insert(i);
        } else {
            open.remove(&i);
        }
    }
    emit(&mut job, at, text.len(), &open);
    job
}

/// A search snippet with its matches highlighted, in the panel's body style.
pub fn snippet_job(ui: &egui::Ui, snippet: &str, matches: &[Range<usize>]) -> LayoutJob {
    let marks: Vec<Mark> = matches
        .iter()
        .map(|r| Mark::bg(r.clone(), theme::SEARCH_MATCH_BG))
        .collect();
    // Body size: the snippet is what the analyst reads to pick a hit (Small was some 9 px).
    let font = egui::TextStyle::Body.resolve(ui.style());
    layout_job(
        snippet,
        &marks,
        font,
        ui.visuals().text_color(),
        ui.available_width(),
    )
}

/// Remembers the last galley laid out, keyed on everything that shapes it.
#[derive(Default)]
pub struct MemoizedLayout {
    key: Option<(u64, Vec<Mark>, u32, bool)>,
    galley: Option<Arc<Galley>>,
}

impl MemoizedLayout {
    /// The key of the text last laid out (0 before the first).
    pub fn text_key(&self) -> u64 {
        self.key.as_ref().map_or(0, |k| k.0)
    }

    /// The galley for `text` (identified by `text_key`) with `marks`, laid out again only when
    /// one of them, the wrap width or the theme changed.
    pub fn galley(
        &mut self,
        ui: &egui::Ui,
        text_key: u64,
        text: &str,
        marks: &[Mark],
        wrap_width: f32,
    ) -> Arc<Galley> {
        let dark = ui.visuals().dark_mode;
        let key = (text_key, marks.to_vec(), wrap_width.round() as u32, dark);
        match &self.galley {
            Some(galley) if self.key.as_ref() == Some(&key) => Arc::clone(galley),
            _ => {
                let color = theme::body_text(dark);
                let job = layout_job(text, marks, theme::article_font(), color, wrap_width);
                let galley = ui.ctx().fonts_mut(|fonts| fonts.layout_job(job));
                self.key = Some(key);
                self.galley = Some(Arc::clone(&galley));
                galley
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_sections_and_text_is_kept_whole() {
        let text = "Putin called Goïta on Tuesday.";
        let marks = [Mark::bg(13..19, Color32::RED)]; // "Goïta" is 6 bytes
        let job = layout_job(text, &marks, FontId::default(), Color32::WHITE, 100.0);
        assert_eq!(job.text, text);
        let sections: Vec<&str> = job
            .sections
            .iter()
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        assert_eq!(sections, ["Putin called ", "Goïta", " on Tuesday."]);
        assert_eq!(job.sections[1].format.background, Color32::RED);
        assert_eq!(job.sections[0].format.background, Color32::TRANSPARENT);
    }

    #[test]
    fn the_later_background_wins_and_an_underline_shows_under_it() {
        let text = "They said the junta would go.";
        let marks = [
            Mark::underline(5..28, Color32::YELLOW),
            Mark::bg(14..19, Color32::GREEN),
            Mark::bg(14..19, Color32::RED),
        ];
        let job = layout_job(text, &marks, FontId::default(), Color32::WHITE, 100.0);
        let junta = job
            .sections
            .iter()
            .find(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0] == "junta")
            .expect("a section for the mention");
        assert_eq!(junta.format.background, Color32::RED);
        assert_eq!(junta.format.underline.color, Color32::YELLOW);
        // The quote around it keeps the text colour, underlined.
        assert_eq!(job.sections[1].format.color, Color32::WHITE);
        assert_eq!(job.sections[1].format.underline.color, Color32::YELLOW);
        assert_eq!(job.sections[1].format.background, Color32::TRANSPARENT);
    }

    #[test]
    fn marks_off_char_boundaries_or_past_the_end_do_not_panic() {
        let text = "Goïta";
        let marks = [Mark::bg(3..4, Color32::RED), Mark::bg(2..99, Color32::BLUE)];
        let job = layout_job(text, &marks, FontId::default(), Color32::WHITE, 100.0);
        assert_eq!(job.text, text);
    }
}
