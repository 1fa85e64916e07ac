//! Colours and text sizes in one place, so every panel marks the same thing the same way.

use crate::model::EntityKind;
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

/// Background of a mention in the Text panel, by type.
pub fn mention_bg(kind: EntityKind) -> Color32 {
    match kind {
        EntityKind::Person => Color32::from_rgb(255, 214, 170),
        EntityKind::Org => Color32::from_rgb(196, 230, 166),
        EntityKind::Loc => Color32::from_rgb(205, 210, 255),
    }
}

/// Background of the selected actor's mentions: stronger than any type colour.
pub const SELECTED_ACTOR_BG: Color32 = Color32::from_rgb(255, 176, 40);

/// Background of the text the analyst is selecting to add a mention.
pub const DRAG_SELECTION_BG: Color32 = Color32::from_rgb(170, 200, 240);

/// Text colour for an actor's name in lists, by type (readable on dark and light panels).
pub fn kind_color(kind: EntityKind) -> Color32 {
    match kind {
        EntityKind::Person => Color32::from_rgb(236, 150, 80),
        EntityKind::Org => Color32::from_rgb(110, 180, 90),
        EntityKind::Loc => Color32::from_rgb(130, 140, 240),
    }
}

/// Body text colour: brighter than egui's default label grey, for long reading.
pub fn body_text(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_gray(222)
    } else {
        Color32::from_gray(25)
    }
}

/// An event on the Timeline chart.
pub const TIMEX_MARK: Color32 = Color32::from_rgb(80, 170, 190);
/// Background of a time expression in the Text panel.
pub const TIMEX_BG: Color32 = Color32::from_rgb(176, 226, 232);
/// Outlets that disagree on a date.
pub const CONFLICT: Color32 = Color32::from_rgb(220, 60, 60);

/// A screening hit's verdict as the panels show it: its word and its colour. Confirmed is
/// red, to review amber, dismissed brown-grey: three states, three colours.
pub fn verdict(verdict: Option<crate::store::Verdict>) -> (&'static str, Color32) {
    use crate::store::Verdict;
    match verdict {
        Some(Verdict::Confirmed) => ("confirmed", CONFLICT),
        Some(Verdict::Dismissed) => ("dismissed", DUPLICATE),
        None => ("to review", Color32::from_rgb(230, 150, 20)),
    }
}

/// Underline of a quote's content in the Text panel (a quote is often a whole paragraph: an
/// underline keeps it readable where a background would make a block of colour).
pub const QUOTE_LINE: Color32 = Color32::from_rgb(214, 170, 40);
/// Background of a quote's speaker as written: pink, far from the places' blue.
pub const QUOTE_SPEAKER_BG: Color32 = Color32::from_rgb(255, 186, 214);
/// Underline of the selected speaker's quotes.
pub const QUOTE_SELECTED: Color32 = Color32::from_rgb(255, 140, 0);
/// Colour of the selected speaker's quotes in lists.
pub const QUOTE_SELECTED_BG: Color32 = Color32::from_rgb(255, 214, 120);
