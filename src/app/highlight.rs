//! Turning text plus highlighted ranges into an `egui::text::LayoutJob`, memoised so a long
//! article is laid out once per change rather than once per frame.

use super::theme;
use eframe::egui::{self, Color32, FontId, Galley, TextFormat, text::LayoutJob};
use std::ops::Range;
use std::sync::Arc;

/// A highlighted byte range and its background.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mark {
    pub range: Range<usize>,
    pub background: Color32,
}

/// Lays `text` out with `marks` as backgrounds. Marks may overlap or fall outside the text or
/// inside a character; they are clamped to char boundaries and the later mark wins.
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
    // Boundaries where the formatting may change.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    let clamp = |i: usize| {
        let mut i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let marks: Vec<Mark> = marks
        .iter()
        .map(|m| Mark {
            range: clamp(m.range.start)..clamp(m.range.end),
            background: m.background,
        })
        .filter(|m| m.range.start < m.range.end)
        .collect();
    for mark in &marks {
        cuts.push(mark.range.start);
        cuts.push(mark.range.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let mark = marks
            .iter()
            .rev()
            .find(|m| m.range.start <= start && end <= m.range.end);
        let format = match mark {
            Some(mark) => TextFormat {
                background: mark.background,
                color: theme::ON_HIGHLIGHT,
                ..plain.clone()
            },
            None => plain.clone(),
        };
        job.append(&text[start..end], 0.0, format);
    }
    job
}

/// A search snippet with its matches highlighted, in the panel's body style.
pub fn snippet_job(ui: &egui::Ui, snippet: &str, matches: &[Range<usize>]) -> LayoutJob {
    let marks: Vec<Mark> = matches
        .iter()
        .map(|r| Mark {
            range: r.clone(),
            background: theme::SEARCH_MATCH_BG,
        })
        .collect();
    let font = egui::TextStyle::Small.resolve(ui.style());
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
        let marks = [Mark {
            range: 13..19, // "Goïta" is 6 bytes
            background: Color32::RED,
        }];
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
    fn marks_off_char_boundaries_or_past_the_end_do_not_panic() {
        let text = "Goïta";
        let marks = [
            Mark {
                range: 3..4,
                background: Color32::RED,
            },
            Mark {
                range: 2..99,
                background: Color32::BLUE,
            },
        ];
        let job = layout_job(text, &marks, FontId::default(), Color32::WHITE, 100.0);
        assert_eq!(job.text, text);
    }
}
