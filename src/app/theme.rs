//! Colours and text sizes in one place, so every panel marks the same thing the same way.

use eframe::egui::{Color32, FontId};

/// Background of a full-text search match.
pub const SEARCH_MATCH_BG: Color32 = Color32::from_rgb(255, 226, 122);
/// Background of the selected span in the Text panel.
pub const SELECTED_SPAN_BG: Color32 = Color32::from_rgb(158, 204, 255);
/// Text drawn on a highlight background (dark, readable on both themes' highlights).
pub const ON_HIGHLIGHT: Color32 = Color32::from_rgb(20, 20, 20);
/// Error messages.
pub const ERROR: Color32 = Color32::from_rgb(200, 50, 50);
/// A duplicate marker in the Library.
pub const DUPLICATE: Color32 = Color32::from_rgb(150, 120, 60);

/// Body text of an article.
pub fn article_font() -> FontId {
    FontId::proportional(15.5)
}

/// Width of the reading column in the Text panel, in points.
pub const READING_WIDTH: f32 = 720.0;
