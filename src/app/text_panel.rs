//! The Text panel: the open article's headline, outlet, date and link, then its text in a
//! readable column with search matches and the selected span highlighted.

use super::command::Command;
use super::highlight::{Mark, MemoizedLayout};
use super::selection::{Item, Selection};
use super::theme;
use crate::model::{Article, ArticleId, DuplicateKind};
use eframe::egui;
use serde::Serialize;
use std::ops::Range;
use std::sync::Arc;

/// Longer texts are shown cut at this many bytes (the whole text stays in the project).
pub const MAX_SHOWN_BYTES: usize = 1 << 20;

/// A link from the open article to the earlier copy it duplicates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DuplicateLink {
    pub article: ArticleId,
    pub title: String,
    pub kind: DuplicateKind,
    pub similarity: f32,
}

/// What the Text panel shows of one article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextData {
    pub id: ArticleId,
    pub title: String,
    /// "Outlet · 2023-08-15 · by Author"
    pub byline: String,
    pub url: Option<String>,
    pub source_path: String,
    pub duplicate: Option<DuplicateLink>,
    /// Byte offset in the article text where the body starts (after the headline line).
    pub body_start: usize,
    /// Bytes of the body shown (all of it unless longer than [`MAX_SHOWN_BYTES`]).
    pub shown_end: usize,
}

impl TextData {
    /// The view of `article`; `duplicate_title` is the title of the article it copies.
    pub fn new(article: &Article, duplicate_title: Option<String>) -> Self {
        let byline = [
            article.outlet.clone(),
            article.published.map(|d| d.to_string()),
            article.author.as_ref().map(|a| format!("by {a}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        let body_start = body_start(&article.text, &article.title);
        let mut shown_end = article.text.len().min(body_start + MAX_SHOWN_BYTES);
        while !article.text.is_char_boundary(shown_end) {
            shown_end -= 1;
        }
        TextData {
            id: article.id,
            title: article.title.clone(),
            byline,
            url: article.url.clone(),
            source_path: article.source_path.clone(),
            duplicate: article.duplicate_of.map(|d| DuplicateLink {
                article: d.article,
                title: duplicate_title.unwrap_or_else(|| format!("article {}", d.article.0)),
                kind: d.kind,
                similarity: d.similarity,
            }),
            body_start,
            shown_end,
        }
    }
}

/// Where the body starts: after the headline line and the blank line that follow it.
fn body_start(text: &str, title: &str) -> usize {
    match text.strip_prefix(title) {
        Some(rest) => text.len() - rest.trim_start_matches('\n').len(),
        None => 0,
    }
}

/// The Text panel's memoised layout.
#[derive(Default)]
pub struct TextPanelState {
    layout: MemoizedLayout,
    /// The selection the panel last scrolled to, so it scrolls once per change.
    scrolled_to: Option<Item>,
}

/// Draws the open article, or a hint when none is open.
pub fn text_ui(
    ui: &mut egui::Ui,
    open: Option<(&TextData, &Article)>,
    search_matches: &[Range<usize>],
    selection: &Selection,
    state: &mut TextPanelState,
    commands: &mut Vec<Command>,
) {
    let Some((data, article)) = open else {
        ui.centered_and_justified(|ui| {
            ui.weak("Select an article in the Library to read it here.");
        });
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let width = ui.available_width().min(theme::READING_WIDTH);
            let margin = ((ui.available_width() - width) / 2.0).max(0.0);
            ui.horizontal(|ui| {
                ui.add_space(margin);
                ui.vertical(|ui| {
                    ui.set_max_width(width);
                    header_ui(ui, data, commands);
                    ui.add_space(10.0);
                    body_ui(ui, data, article, search_matches, selection, state, width);
                });
            });
        });
}

fn header_ui(ui: &mut egui::Ui, data: &TextData, commands: &mut Vec<Command>) {
    ui.add_space(8.0);
    ui.add(egui::Label::new(egui::RichText::new(&data.title).heading().strong()).wrap());
    if !data.byline.is_empty() {
        ui.label(egui::RichText::new(&data.byline).strong());
    }
    if let Some(url) = &data.url {
        ui.hyperlink(url);
    }
    ui.weak(format!("Source file: {}", data.source_path));
    if let Some(dup) = &data.duplicate {
        ui.horizontal_wrapped(|ui| {
            let what = match dup.kind {
                DuplicateKind::Exact => "Exact copy of".to_string(),
                DuplicateKind::Near => {
                    format!("Near copy ({:.0}% shared) of", dup.similarity * 100.0)
                }
            };
            ui.label(egui::RichText::new(what).color(theme::DUPLICATE));
            if ui.link(&dup.title).clicked() {
                commands.push(Command::Select(Some(Item::Article(dup.article))));
            }
        });
    }
    ui.separator();
}

fn body_ui(
    ui: &mut egui::Ui,
    data: &TextData,
    article: &Article,
    search_matches: &[Range<usize>],
    selection: &Selection,
    state: &mut TextPanelState,
    width: f32,
) {
    let start = data.body_start;
    let body = &article.text[start..data.shown_end];
    let shift = |r: &Range<usize>| r.start.saturating_sub(start)..r.end.saturating_sub(start);
    let mut marks: Vec<Mark> = search_matches
        .iter()
        .filter(|r| r.start >= start)
        .map(|r| Mark {
            range: shift(r),
            background: theme::SEARCH_MATCH_BG,
        })
        .collect();
    if let Some(span) = selection.span_in(data.id)
        && span.start >= start
    {
        marks.push(Mark {
            range: shift(&span),
            background: theme::SELECTED_SPAN_BG,
        });
    }
    let galley = state
        .layout
        .galley(ui, data.id.0 as u64, body, &marks, width);
    let response = ui.add(egui::Label::new(Arc::clone(&galley)).selectable(true));
    let selected = selection.selected.clone();
    if selected != state.scrolled_to {
        if let Some(span) = selection.span_in(data.id)
            && span.start >= start
            && span.start < data.shown_end
        {
            let cursor = egui::text::CCursor::new(body[..span.start - start].chars().count());
            let rect = galley
                .pos_from_cursor(cursor)
                .translate(response.rect.min.to_vec2());
            ui.scroll_to_rect(rect.expand(40.0), Some(egui::Align::Center));
        }
        state.scrolled_to = selected;
    }
    if data.shown_end < article.text.len() {
        ui.add_space(8.0);
        ui.weak(format!(
            "Showing the first {} KB of {} KB.",
            (data.shown_end - start) / 1024,
            (article.text.len() - start) / 1024
        ));
    }
    ui.add_space(24.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_starts_after_the_headline_line() {
        assert_eq!(body_start("Title\n\nBody text", "Title"), 7);
        assert_eq!(body_start("No headline here", "Derived"), 0);
    }
}
