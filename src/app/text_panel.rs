//! The Text panel: the open article's headline, outlet, date and link, then its text in a
//! readable column with search matches and the selected span highlighted.

use super::command::Command;
use super::highlight::{Mark, MemoizedLayout};
use super::selection::{Item, Selection};
use super::theme;
use crate::actors::Edit;
use crate::model::EntityKind;
use crate::model::Timex;
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
    /// "Dated 2023-08-15 · inferred from the text", once the timeline pass ran.
    pub date_line: String,
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
            date_line: String::new(),
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

/// A mention in the open article as the Text panel marks it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MentionView {
    pub range: Range<usize>,
    pub text: String,
    pub kind: EntityKind,
    /// The actor's name, `None` for an unresolved mention.
    pub actor: Option<String>,
    /// Roles of the actor, for the hover text.
    pub roles: Vec<String>,
    /// Whether the actor is the selected one.
    pub selected: bool,
}

/// A quote in the open article as the Text panel marks it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteMark {
    pub content: Range<usize>,
    pub speaker: Option<Range<usize>>,
    /// Whether its speaker is the selected actor.
    pub selected: bool,
}

/// Everything the Text panel reads for the open article.
pub struct TextView<'a> {
    pub data: &'a TextData,
    pub article: &'a Article,
    pub search_matches: &'a [Range<usize>],
    pub mentions: &'a [MentionView],
    /// Time expressions, coloured with their value on hover.
    pub timexes: &'a [Timex],
    /// Quotes: content and speaker in distinct styles.
    pub quotes: &'a [QuoteMark],
    /// A span to highlight and scroll to (the selected event's sentence).
    pub highlight: Option<Range<usize>>,
    pub selection: &'a Selection,
}

/// The Text panel's own state: memoised layout, scrolling, the analyst's text selection.
#[derive(Default)]
pub struct TextPanelState {
    layout: MemoizedLayout,
    /// The marks the legend's toggles leave on.
    layers: Layers,
    /// The selection the panel last scrolled to, so it scrolls once per change.
    scrolled_to: Option<Item>,
    /// Byte range being dragged over (anchor, current), in article offsets.
    drag: Option<(usize, usize)>,
    /// A dragged range waiting to become a mention, with the actor name and type typed so far.
    pending_add: Option<PendingMention>,
    /// The mention a context menu was opened on.
    context_mention: Option<MentionView>,
    /// The time expression a context menu was opened on.
    context_timex: Option<Timex>,
    /// A time expression whose value the analyst is correcting, with the value typed so far.
    timex_edit: Option<(Timex, String)>,
    /// The article date the analyst is typing, while the date editor is open.
    date_edit: Option<String>,
}

/// A new mention the analyst is adding.
#[derive(Clone, Debug, PartialEq)]
struct PendingMention {
    range: Range<usize>,
    text: String,
    actor: String,
    kind: EntityKind,
    /// Where the form opens: just below the end of the dragged words, on screen.
    anchor: egui::Pos2,
}

/// `range` of `text` grown to whole words at both ends (a drag that starts or ends inside a
/// word takes the word), then trimmed of spaces and punctuation around it; empty when it
/// holds no word.
fn snap_to_words(text: &str, range: Range<usize>) -> Range<usize> {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.');
    let mut start = range.start.min(text.len());
    let mut end = range.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Grow only from inside a word: the character at the start (before the end) is a letter.
    if text[start..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        while let Some(c) = text[..start].chars().next_back()
            && is_word(c)
            && c != '.'
        {
            start -= c.len_utf8();
        }
    }
    if text[..end]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        while let Some(c) = text[end..].chars().next()
            && is_word(c)
            && c != '.'
        {
            end += c.len_utf8();
        }
    }
    let inner = &text[start..end];
    let trimmed = inner.trim_start_matches(|c: char| !c.is_alphanumeric());
    let start = start + (inner.len() - trimmed.len());
    let trimmed = trimmed.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let trimmed = trimmed
        .strip_suffix('.')
        .filter(|t| !t.contains('.'))
        .unwrap_or(trimmed);
    start..start + trimmed.len()
}

/// Draws the open article, or a hint when none is open.
pub fn text_ui(
    ui: &mut egui::Ui,
    view: Option<TextView<'_>>,
    state: &mut TextPanelState,
    commands: &mut Vec<Command>,
) {
    let Some(view) = view else {
        ui.centered_and_justified(|ui| {
            ui.weak("Select an article in the Library to read it here.");
        });
        return;
    };
    if view.data.id.0 as u64 != state.layout.text_key() {
        state.drag = None;
        state.pending_add = None;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let width = ui.available_width().min(theme::READING_WIDTH);
            let margin = ((ui.available_width() - width) / 2.0).max(0.0);
            ui.horizontal(|ui| {
                ui.add_space(margin);
                ui.vertical(|ui| {
                    ui.set_max_width(width);
                    header_ui(ui, &view, state, commands);
                    legend_ui(ui, &mut state.layers);
                    timex_edit_ui(ui, view.data.id, state, commands);
                    pending_ui(ui, view.article, state, commands);
                    ui.add_space(10.0);
                    body_ui(ui, &view, state, width, commands);
                });
            });
        });
}

fn header_ui(
    ui: &mut egui::Ui,
    view: &TextView<'_>,
    state: &mut TextPanelState,
    commands: &mut Vec<Command>,
) {
    let data = view.data;
    ui.add_space(8.0);
    ui.add(egui::Label::new(egui::RichText::new(&data.title).heading().strong()).wrap());
    if !data.byline.is_empty() {
        ui.label(egui::RichText::new(&data.byline).strong());
    }
    if let Some(url) = &data.url {
        ui.hyperlink(url);
    }
    ui.weak(format!("Source file: {}", data.source_path));
    if !data.date_line.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(&data.date_line);
            if state.date_edit.is_none() && ui.small_button("Change date").clicked() {
                state.date_edit = Some(String::new());
            }
        });
    }
    if let Some(typed) = &mut state.date_edit {
        let mut close = false;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Article date");
            ui.add(
                egui::TextEdit::singleline(typed)
                    .hint_text("YYYY-MM-DD")
                    .desired_width(110.0),
            )
            .labelled_by(label.id);
            let parsed = typed.trim().parse::<crate::model::Date>().ok();
            if ui
                .add_enabled(parsed.is_some(), egui::Button::new("Set date"))
                .clicked()
            {
                commands.push(Command::SetArticleDate(data.id, parsed));
                close = true;
            }
            if ui.button("Use the found date").clicked() {
                commands.push(Command::SetArticleDate(data.id, None));
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
        if close {
            state.date_edit = None;
        }
    }
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
    if view.highlight.is_some() {
        ui.label(
            egui::RichText::new("The selected event's sentence is highlighted below.")
                .color(theme::SELECTED_SPAN_BG),
        );
    }
    if let Some(actor) = view.selection.actor() {
        let count = view.mentions.iter().filter(|m| m.selected).count();
        let text = match count {
            0 => format!("{actor} is not mentioned here"),
            1 => format!("{actor}: 1 mention highlighted"),
            n => format!("{actor}: {n} mentions highlighted"),
        };
        ui.label(egui::RichText::new(text).color(theme::SELECTED_ACTOR_BG));
        let quotes = view.quotes.iter().filter(|q| q.selected).count();
        if quotes > 0 {
            ui.label(
                egui::RichText::new(format!(
                    "{actor}: {quotes} {} highlighted",
                    if quotes == 1 { "quote" } else { "quotes" }
                ))
                .color(theme::QUOTE_SELECTED_BG),
            );
        }
    }
    ui.separator();
}

/// The bar that corrects a time expression's value.
fn timex_edit_ui(
    ui: &mut egui::Ui,
    article: ArticleId,
    state: &mut TextPanelState,
    commands: &mut Vec<Command>,
) {
    let Some((timex, typed)) = &mut state.timex_edit else {
        return;
    };
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(format!("Value of “{}”", timex.text));
            ui.add(
                egui::TextEdit::singleline(typed)
                    .hint_text("2023-08-17, 2023-08, 2023-08-17/2023-08-18")
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
            let value = typed.trim().to_string();
            if ui
                .add_enabled(!value.is_empty(), egui::Button::new("Set value"))
                .clicked()
            {
                commands.push(Command::SetTimexValue {
                    article,
                    range: timex.range.clone(),
                    value: Some(value),
                });
                close = true;
            }
            if ui.button("Use the found value").clicked() {
                commands.push(Command::SetTimexValue {
                    article,
                    range: timex.range.clone(),
                    value: None,
                });
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if close {
        state.timex_edit = None;
    }
}

/// The bar that turns a dragged range into a mention.
fn pending_ui(
    ui: &mut egui::Ui,
    article: &Article,
    state: &mut TextPanelState,
    commands: &mut Vec<Command>,
) {
    let Some(pending) = &mut state.pending_add else {
        return;
    };
    let mut close = false;
    // A small window beside the dragged words, not a bar at the top of the article.
    egui::Area::new(ui.make_persistent_id(("add-mention", article.id.0)))
        .order(egui::Order::Foreground)
        .fixed_pos(pending.anchor)
        .constrain(true)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(420.0);
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!("Add mention “{}” of", pending.text));
                    let label = ui.label("actor");
                    ui.add(egui::TextEdit::singleline(&mut pending.actor).desired_width(160.0))
                        .labelled_by(label.id);
                    for kind in [EntityKind::Person, EntityKind::Org, EntityKind::Loc] {
                        ui.selectable_value(&mut pending.kind, kind, kind.as_str());
                    }
                    let actor = pending.actor.trim().to_string();
                    if ui
                        .add_enabled(!actor.is_empty(), egui::Button::new("Add mention"))
                        .clicked()
                    {
                        commands.push(Command::Edit(Edit::AddMention {
                            article: article.id,
                            start: pending.range.start,
                            end: pending.range.end,
                            text: pending.text.clone(),
                            actor,
                            kind: pending.kind,
                        }));
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        });
    if close {
        state.pending_add = None;
        state.drag = None;
    }
}

fn body_ui(
    ui: &mut egui::Ui,
    view: &TextView<'_>,
    state: &mut TextPanelState,
    width: f32,
    commands: &mut Vec<Command>,
) {
    let (data, article) = (view.data, view.article);
    let start = data.body_start;
    let body = &article.text[start..data.shown_end];
    let marks = marks(view, state.layers, state.drag);
    let galley = state
        .layout
        .galley(ui, data.id.0 as u64, body, &marks, width);
    let response = ui.add(
        egui::Label::new(Arc::clone(&galley))
            .selectable(false)
            .sense(egui::Sense::click_and_drag()),
    );
    // Pointer → byte offset in the article text.
    let byte_at = |pos: egui::Pos2| {
        let cursor = galley.cursor_from_pos(pos - response.rect.min);
        start
            + body
                .char_indices()
                .nth(cursor.index.0)
                .map_or(body.len(), |(b, _)| b)
    };
    let hovered = response
        .hover_pos()
        .map(byte_at)
        .and_then(|at| view.mentions.iter().find(|m| m.range.contains(&at)));
    let hovered_timex = response
        .hover_pos()
        .map(byte_at)
        .and_then(|at| view.timexes.iter().find(|t| t.range.contains(&at)));
    if response.drag_started()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let at = byte_at(pos);
        state.drag = Some((at, at));
    }
    if response.dragged()
        && let (Some(pos), Some((anchor, _))) = (response.interact_pointer_pos(), state.drag)
    {
        state.drag = Some((anchor, byte_at(pos)));
    }
    if response.drag_stopped()
        && let Some((a, b)) = state.drag
    {
        let range = snap_to_words(&article.text, a.min(b)..a.max(b));
        if range.is_empty() {
            state.drag = None;
        } else {
            let text = article.text[range.clone()].to_string();
            state.drag = Some((range.start, range.end));
            // Below the last dragged character.
            let last = body[..range.end.saturating_sub(start).min(body.len())]
                .chars()
                .count();
            let at = galley.pos_from_cursor(egui::text::CCursor::new(last));
            state.pending_add = Some(PendingMention {
                range,
                actor: text.clone(),
                text,
                kind: EntityKind::Person,
                anchor: response.rect.min + at.left_bottom().to_vec2() + egui::vec2(0.0, 4.0),
            });
        }
    }
    if response.clicked() {
        match hovered {
            Some(MentionView {
                actor: Some(name), ..
            }) => commands.push(Command::Select(Some(Item::Actor(name.clone())))),
            _ => commands.push(Command::Select(Some(Item::Article(data.id)))),
        }
    }
    if response.secondary_clicked() {
        state.context_mention = hovered.cloned();
        state.context_timex = if hovered.is_none() {
            hovered_timex.cloned()
        } else {
            None
        };
    }
    if hovered.is_none()
        && let Some(timex) = hovered_timex
    {
        let value = timex
            .value
            .as_deref()
            .unwrap_or("no date: the article's date is unknown");
        response
            .clone()
            .on_hover_text_at_pointer(format!("{} → {value}", timex.text));
    }
    if let Some(mention) = hovered {
        let tip = match &mention.actor {
            Some(name) if mention.roles.is_empty() => {
                format!("{name} · {}", mention.kind.as_str())
            }
            Some(name) => format!(
                "{name} · {} · {}",
                mention.kind.as_str(),
                mention.roles.join(", ")
            ),
            None => format!("{} (not linked to an actor)", mention.kind.as_str()),
        };
        response.clone().on_hover_text_at_pointer(tip);
    }
    if let Some(timex) = state.context_timex.clone() {
        response.context_menu(|ui| {
            ui.label(egui::RichText::new(&timex.text).strong());
            if ui.button("Correct the date…").clicked() {
                let value = timex.value.clone().unwrap_or_default();
                state.timex_edit = Some((timex.clone(), value));
                ui.close();
            }
        });
    }
    let context = state.context_mention.clone();
    if let Some(mention) = context {
        response.context_menu(|ui| {
            ui.label(egui::RichText::new(&mention.text).strong());
            if let Some(name) = &mention.actor
                && ui.button(format!("Select {name}")).clicked()
            {
                commands.push(Command::Select(Some(Item::Actor(name.clone()))));
                ui.close();
            }
            if ui.button("Reject this mention").clicked() {
                commands.push(Command::Edit(Edit::RejectMention {
                    article: data.id,
                    start: mention.range.start,
                    end: mention.range.end,
                }));
                ui.close();
            }
        });
    }
    scroll_to_selection(ui, view, state, &galley, &response, body);
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

/// Which marks the Text panel draws: the legend's toggles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layers {
    /// Mentions by type (people, organisations, places).
    pub actors: bool,
    pub dates: bool,
    /// Quotes (underlined) and their speakers.
    pub quotes: bool,
    /// The selected actor's mentions and quotes.
    pub selected_actor: bool,
}

impl Default for Layers {
    fn default() -> Self {
        Layers {
            actors: true,
            dates: true,
            quotes: true,
            selected_actor: true,
        }
    }
}

/// Marks for the body: quotes underlined and their speakers, time expressions, mentions by
/// type, the selected actor's mentions, search matches, the selected span and the range being
/// dragged, later ones over earlier ones; each layer only when its toggle is on.
fn marks(view: &TextView<'_>, layers: Layers, drag: Option<(usize, usize)>) -> Vec<Mark> {
    let start = view.data.body_start;
    let shift = |r: &Range<usize>| r.start.saturating_sub(start)..r.end.saturating_sub(start);
    let in_body = |r: &&Range<usize>| r.start >= start;
    let mut marks: Vec<Mark> = Vec::new();
    for q in view.quotes.iter().filter(|q| q.content.start >= start) {
        let selected = q.selected && layers.selected_actor;
        if !layers.quotes && !selected {
            continue;
        }
        let colour = if selected {
            theme::QUOTE_SELECTED
        } else {
            theme::QUOTE_LINE
        };
        marks.push(Mark::underline(shift(&q.content), colour));
        if let Some(speaker) = q.speaker.as_ref().filter(|r| r.start >= start) {
            marks.push(Mark::bg(shift(speaker), theme::QUOTE_SPEAKER_BG));
        }
    }
    // Time expressions over quotes, mentions over both.
    if layers.dates {
        marks.extend(
            view.timexes
                .iter()
                .filter(|t| t.range.start >= start)
                .map(|t| Mark::bg(shift(&t.range), theme::TIMEX_BG)),
        );
    }
    if let Some(span) = &view.highlight
        && span.start >= start
    {
        marks.push(Mark::bg(shift(span), theme::SELECTED_SPAN_BG));
    }
    for m in view.mentions.iter().filter(|m| m.range.start >= start) {
        let background = match (m.selected && layers.selected_actor, layers.actors) {
            (true, _) => theme::SELECTED_ACTOR_BG,
            (false, true) => theme::mention_bg(m.kind),
            (false, false) => continue,
        };
        marks.push(Mark::bg(shift(&m.range), background));
    }
    marks.extend(
        view.search_matches
            .iter()
            .filter(in_body)
            .map(|r| Mark::bg(shift(r), theme::SEARCH_MATCH_BG)),
    );
    if let Some(span) = view.selection.span_in(view.data.id)
        && span.start >= start
    {
        marks.push(Mark::bg(shift(&span), theme::SELECTED_SPAN_BG));
    }
    if let Some((a, b)) = drag
        && a != b
    {
        marks.push(Mark::bg(
            shift(&(a.min(b)..a.max(b))),
            theme::DRAG_SELECTION_BG,
        ));
    }
    marks
}

/// The legend of the body's colours, each layer with its toggle.
fn legend_ui(ui: &mut egui::Ui, layers: &mut Layers) {
    let swatch = |ui: &mut egui::Ui, colour: egui::Color32, text: &str| {
        ui.label(
            egui::RichText::new(format!(" {text} "))
                .background_color(colour)
                .color(theme::ON_HIGHLIGHT),
        );
    };
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.checkbox(&mut layers.actors, "Actors by type");
        swatch(
            ui,
            theme::mention_bg(crate::model::EntityKind::Person),
            "person",
        );
        swatch(
            ui,
            theme::mention_bg(crate::model::EntityKind::Org),
            "organisation",
        );
        swatch(
            ui,
            theme::mention_bg(crate::model::EntityKind::Loc),
            "place",
        );
        ui.add_space(8.0);
        ui.checkbox(&mut layers.dates, "Time expressions");
        swatch(ui, theme::TIMEX_BG, "date");
        ui.add_space(8.0);
        ui.checkbox(&mut layers.quotes, "Quotes and speakers");
        ui.label(
            egui::RichText::new("quote")
                .underline()
                .color(theme::QUOTE_LINE),
        );
        swatch(ui, theme::QUOTE_SPEAKER_BG, "speaker");
        ui.add_space(8.0);
        ui.checkbox(&mut layers.selected_actor, "Selected actor");
        swatch(ui, theme::SELECTED_ACTOR_BG, "selected");
    });
}

/// Scrolls once to a newly selected span or to the selected actor's first mention.
fn scroll_to_selection(
    ui: &egui::Ui,
    view: &TextView<'_>,
    state: &mut TextPanelState,
    galley: &egui::Galley,
    response: &egui::Response,
    body: &str,
) {
    let selected = view.selection.selected.clone();
    if selected == state.scrolled_to {
        return;
    }
    let start = view.data.body_start;
    let target = view
        .highlight
        .clone()
        .or_else(|| view.selection.span_in(view.data.id))
        .or_else(|| {
            view.mentions
                .iter()
                .find(|m| m.selected)
                .map(|m| m.range.clone())
        });
    if let Some(span) = target
        && span.start >= start
        && span.start < view.data.shown_end
    {
        let cursor = egui::text::CCursor::new(body[..span.start - start].chars().count());
        let rect = galley
            .pos_from_cursor(cursor)
            .translate(response.rect.min.to_vec2());
        ui.scroll_to_rect(rect.expand(40.0), Some(egui::Align::Center));
    }
    state.scrolled_to = selected;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_legend_toggle_hides_its_layer_and_quotes_are_underlined() {
        let text = "Title\n\nGoita said on Tuesday that Putin called.";
        let article = Article {
            id: ArticleId(1),
            title: "Title".into(),
            outlet: None,
            url: None,
            author: None,
            published: None,
            text: text.into(),
            original: text.into(),
            source_path: String::new(),
            source_name: String::new(),
            content_hash: String::new(),
            duplicate_of: None,
        };
        let data = TextData::new(&article, None);
        let find = |needle: &str| {
            let at = text.find(needle).expect("in the text");
            at..at + needle.len()
        };
        let mentions = [MentionView {
            range: find("Goita"),
            text: "Goita".into(),
            kind: EntityKind::Person,
            actor: Some("Assimi Goita".into()),
            roles: vec![],
            selected: false,
        }];
        let timexes = [Timex {
            range: find("on Tuesday"),
            text: "on Tuesday".into(),
            value: None,
            granularity: crate::model::Granularity::Day,
            relative: true,
        }];
        let quotes = [QuoteMark {
            content: find("Putin called"),
            speaker: Some(find("Goita")),
            selected: false,
        }];
        let selection = Selection::default();
        let view = TextView {
            data: &data,
            article: &article,
            search_matches: &[],
            mentions: &mentions,
            timexes: &timexes,
            quotes: &quotes,
            highlight: None,
            selection: &selection,
        };
        let colours = |layers: Layers| -> Vec<(bool, egui::Color32)> {
            marks(&view, layers, None)
                .into_iter()
                .map(|m| (m.underline, m.background))
                .collect()
        };
        let all = colours(Layers::default());
        assert!(all.contains(&(true, theme::QUOTE_LINE)));
        assert!(all.contains(&(false, theme::TIMEX_BG)));
        assert!(all.contains(&(false, theme::mention_bg(EntityKind::Person))));
        let off = |f: fn(&mut Layers)| {
            let mut layers = Layers::default();
            f(&mut layers);
            colours(layers)
        };
        assert!(!off(|l| l.quotes = false).contains(&(true, theme::QUOTE_LINE)));
        assert!(!off(|l| l.dates = false).contains(&(false, theme::TIMEX_BG)));
        assert!(
            !off(|l| l.actors = false).contains(&(false, theme::mention_bg(EntityKind::Person)))
        );
        // The speaker's tint is not the places' tint.
        assert_ne!(theme::QUOTE_SPEAKER_BG, theme::mention_bg(EntityKind::Loc));
    }

    #[test]
    fn a_drag_snaps_to_whole_words() {
        let text = "Talks with Gen. Abdourahamane Tiani, the junta’s leader, ended.";
        let at = |w: &str| text.find(w).expect("in the text");
        let snapped = |a: usize, b: usize| &text[snap_to_words(text, a..b)];
        // Starting and ending inside words takes both words whole.
        assert_eq!(
            snapped(at("bdourahamane"), at("iani") + 2),
            "Abdourahamane Tiani"
        );
        // Spaces and punctuation around the words are left out; a title's dot is kept.
        assert_eq!(
            snapped(at("Gen.") - 1, at(", the") + 2),
            "Gen. Abdourahamane Tiani"
        );
        assert_eq!(snapped(at("junta’s") + 1, at("junta’s") + 3), "junta’s");
        assert_eq!(snapped(at("ended") + 1, text.len()), "ended");
        // Nothing but spaces and commas: nothing.
        assert!(snap_to_words(text, at(", the")..at(", the") + 2).is_empty());
    }

    #[test]
    fn body_starts_after_the_headline_line() {
        assert_eq!(body_start("Title\n\nBody text", "Title"), 7);
        assert_eq!(body_start("No headline here", "Derived"), 0);
    }
}
