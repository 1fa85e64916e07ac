//! The eframe GUI: the `App` that owns the open project and the shared selection, and lays
//! the panels out (menu, Library, Text, status bar). Commands are applied in `commands.rs`;
//! the views' data is built off the UI thread in `views.rs`.

mod actors_panel;
mod briefing_panel;
mod command;
mod commands;
mod compare_panel;
mod decisions_panel;
mod highlight;
mod keys;
mod library;
mod lists_panel;
mod menu;
mod network_panel;
mod quotes_panel;
pub mod recent;
mod rows;
mod selection;
mod status;
mod text_panel;
mod theme;
mod timeline_panel;
mod views;
mod worker;

pub use actors_panel::{ActorQuery, ActorSort, ActorsData, KindFilter};
pub use command::{Command, PathPurpose};
pub use library::{LibraryData, LibraryRow, SortKey};
pub use network_panel::NetworkData;
pub use quotes_panel::{QuoteView, QuotesData};
pub use selection::{Item, Selection};
pub use text_panel::{MentionView, TextData};
pub use timeline_panel::{LaneMode, TimelineData};
pub use views::ViewSlot;

use crate::model::{ArticleId, SearchHit};
use crate::store::{Project, Readers};
use actors_panel::ActorsInput;
use eframe::egui;
use library::LibraryInput;
use menu::{MenuData, Notice, PathDialog};
use recent::Recent;
use serde::{Deserialize, Serialize};
use status::{StatusData, StatusMessage};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use text_panel::TextPanelState;
use views::{ArticlesPart, OpenText, RegistryPart, Views};
use worker::{Job, JobKind, Opening};

/// What the window opens with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartWith {
    /// The sample collection, built into `projects/niger-2023.dossier` on first run.
    Sample,
    /// A project file.
    Project(PathBuf),
    /// No project.
    Nothing,
}

/// Starts the native window and blocks until it closes.
pub fn run(start: StartWith) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("Dossier")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([720.0, 420.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Dossier",
        options,
        Box::new(move |_cc| Ok(Box::new(App::new(start, Recent::load_user())))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

/// Which view the right-hand panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RightTab {
    #[default]
    Actors,
    Network,
    Timeline,
    Quotes,
    Decisions,
    Sanctions,
}

/// What the central panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CenterView {
    #[default]
    Text,
    Compare,
    Briefing,
}

/// The parts of the layout saved in the project (`ui_state` key `layout`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct SavedLayout {
    open_article: Option<i64>,
    sort: SortKey,
    library_width: Option<f32>,
    collapsed_outlets: Vec<String>,
    right_tab: RightTab,
    actor_query: ActorQuery,
    lanes: LaneMode,
    quote_view: QuoteView,
    group_by: library::GroupBy,
    center: CenterView,
    /// The articles picked for comparison.
    compare_ids: Vec<ArticleId>,
    /// The briefing's scope and sections.
    briefing: briefing_panel::BriefingChoice,
    decision_filter: decisions_panel::DecisionFilter,
}

/// The most search hits the Library lists.
const SEARCH_LIMIT: usize = 200;

/// The widest range the Library's width may take, saved or dragged.
const LIBRARY_WIDTH: std::ops::RangeInclusive<f32> = 200.0..=520.0;

/// The side panels' widths for a window `width` wide: each a share of the window within fixed
/// bounds, so that at 1024 px the article keeps some 40% of the window and at 1920 px the
/// Compare columns get the room. Returns (range, default) for the Library, then the
/// right-hand panel.
fn side_widths(width: f32) -> [(std::ops::RangeInclusive<f32>, f32); 2] {
    let share = |part: f32, lo: f32, hi: f32| (width * part).clamp(lo, hi);
    let library_max = share(0.30, 200.0, *LIBRARY_WIDTH.end());
    let inspector_max = share(0.45, 280.0, 760.0);
    [
        (200.0..=library_max, share(0.24, 200.0, 340.0)),
        (280.0..=inspector_max, share(0.36, 280.0, 560.0)),
    ]
}

/// Longest free text kept in a restored layout (filters and queries).
const SAVED_TEXT_MAX: usize = 500;

impl SavedLayout {
    /// The layout read back from the project: each saved field that still reads is kept, one
    /// that does not (an old version's, a damaged one) takes its default.
    fn restore(json: Option<&str>) -> Self {
        let saved = json.and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok());
        let Some(serde_json::Value::Object(saved)) = saved else {
            return SavedLayout::default();
        };
        let Ok(mut layout) = serde_json::to_value(SavedLayout::default()) else {
            return SavedLayout::default();
        };
        for (key, value) in saved {
            let mut trial = layout.clone();
            trial[key.as_str()] = value.clone();
            if serde_json::from_value::<SavedLayout>(trial).is_ok() {
                layout[key.as_str()] = value;
            }
        }
        serde_json::from_value::<SavedLayout>(layout)
            .unwrap_or_default()
            .validated()
    }

    /// A restored layout made safe to draw: widths inside their ranges (a NaN or an absurd
    /// width is dropped), at most the comparison's columns, no duplicate picks, filters of a
    /// sane length. Whatever a saved layout holds, every panel stays on screen.
    fn validated(mut self) -> Self {
        self.library_width = self
            .library_width
            .filter(|w| w.is_finite())
            .map(|w| w.clamp(*LIBRARY_WIDTH.start(), *LIBRARY_WIDTH.end()));
        let mut seen = std::collections::HashSet::new();
        self.compare_ids.retain(|id| seen.insert(*id));
        self.compare_ids.truncate(crate::coverage::MAX_COLUMNS);
        let mut seen = std::collections::HashSet::new();
        self.collapsed_outlets.retain(|o| seen.insert(o.clone()));
        truncate_chars(&mut self.actor_query.text, SAVED_TEXT_MAX);
        truncate_chars(&mut self.decision_filter.text, SAVED_TEXT_MAX);
        truncate_chars(&mut self.decision_filter.since, SAVED_TEXT_MAX);
        self
    }
}

/// Draws a side panel's contents inside the panel: content wider than the panel scrolls
/// sideways (text wraps first) instead of widening the panel past the window's edge, where a
/// wide table once pushed the whole right-hand panel out of sight.
fn contained_ui<R>(
    ui: &mut egui::Ui,
    id: &'static str,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    egui::ScrollArea::horizontal()
        .id_salt(id)
        .auto_shrink([false, false])
        .show(ui, add_contents)
        .inner
}

/// Cuts `text` to at most `max` characters.
fn truncate_chars(text: &mut String, max: usize) {
    if let Some((cut, _)) = text.char_indices().nth(max) {
        text.truncate(cut);
    }
}

/// Where the project is: here, with a worker, or nowhere.
enum ProjectSlot {
    None,
    /// Being opened on a worker thread (the file is checked page by page first).
    Opening(Opening),
    Open(Box<Project>),
    /// Moved to a worker thread; comes back when the job ends.
    Busy(Job),
}

/// The open project as the panels see it, kept while a worker holds the project. The parts
/// and view models are made on worker threads (`views.rs`); each stays as it was until its
/// rebuild is done.
#[derive(Default)]
struct ProjectView {
    path: Option<PathBuf>,
    /// The article list and stories.
    articles: Arc<ArticlesPart>,
    /// The effective actor registry (machine rows + analyst edits) and the gazetteer.
    registry: Arc<RegistryPart>,
    /// Stored sanctions lists, snapshot changes and the screening hits with their verdicts.
    lists: Arc<lists_panel::ListsData>,
    library: LibraryData,
    /// The open article and its view model.
    open: Option<Box<OpenText>>,
    hits: Option<Vec<SearchHit>>,
    /// How many articles match the search in all (the hits are the first [`SEARCH_LIMIT`]).
    hits_total: usize,
    actors_data: ActorsData,
    network: NetworkData,
    /// The actor whose articles the Library shows, until cleared.
    library_actor: Option<String>,
    timeline: TimelineData,
    /// The sentence of the selected event in the open article.
    event_span: Option<(ArticleId, std::ops::Range<usize>)>,
    /// Every quote with its speaker, without its words.
    quote_index: Arc<quotes_panel::QuoteIndex>,
    quotes_data: QuotesData,
    /// What Edit ▸ Undo would take back.
    undo_label: Option<String>,
    /// The comparison of the picked articles, and the coverage matrix.
    comparison: Option<crate::coverage::Comparison>,
    matrix: crate::coverage::Matrix,
    decisions: decisions_panel::DecisionsData,
    /// The briefing preview, or why it could not be built.
    briefing: Option<Result<crate::export::brief::Briefing, String>>,
}

/// The application: state, the command queue and the frame's layout.
pub struct App {
    slot: ProjectSlot,
    view: ProjectView,
    layout: SavedLayout,
    /// The selected actor and the open decision, as the tracker last showed them.
    tracker_focus: decisions_panel::TrackerFocus,
    /// How many quotes the Quotes panel lists of the groups the analyst asked more of.
    quotes_shown: std::collections::HashMap<String, usize>,
    /// Bumped by View ▸ Reset layout: the side panels take new ids, so egui forgets their sizes.
    layout_generation: u32,
    selection: Selection,
    library_input: LibraryInput,
    text_state: TextPanelState,
    actors_input: ActorsInput,
    timeline_input: timeline_panel::TimelineInput,
    quotes_input: quotes_panel::QuotesInput,
    lists_input: lists_panel::ListsInput,
    decisions_input: decisions_panel::DecisionsInput,
    message: StatusMessage,
    notice: Option<Notice>,
    dialog: Option<PathDialog>,
    recent: Recent,
    commands: Vec<Command>,
    /// Set when a job must be started once the frame's context is known.
    pending_job: Option<JobKind>,
    /// Opens read-only connections to the open project for the views' workers.
    readers: Option<Readers>,
    /// The views' slots and their workers.
    views: Views,
    /// The window's context, kept for the workers to wake the UI when they are done.
    ctx: Option<egui::Context>,
    /// How long each frame waits for the views it builds (tests); `None`: never.
    wait_for_views: Option<Duration>,
}

impl App {
    /// A window that opens `start`; `recent` is where recent projects are remembered.
    pub fn new(start: StartWith, recent: Recent) -> Self {
        let mut app = App {
            slot: ProjectSlot::None,
            view: ProjectView::default(),
            layout: SavedLayout::default(),
            layout_generation: 0,
            tracker_focus: decisions_panel::TrackerFocus::default(),
            quotes_shown: std::collections::HashMap::new(),
            selection: Selection::default(),
            library_input: LibraryInput::default(),
            text_state: TextPanelState::default(),
            actors_input: ActorsInput::default(),
            timeline_input: timeline_panel::TimelineInput::default(),
            quotes_input: quotes_panel::QuotesInput::default(),
            lists_input: lists_panel::ListsInput::default(),
            decisions_input: decisions_panel::DecisionsInput::default(),
            message: StatusMessage::default(),
            notice: None,
            dialog: None,
            recent,
            commands: Vec::new(),
            pending_job: None,
            readers: None,
            views: Views::default(),
            ctx: None,
            wait_for_views: None,
        };
        match start {
            StartWith::Sample => app.commands.push(Command::OpenSample),
            StartWith::Project(path) => app.commands.push(Command::OpenProject(path)),
            StartWith::Nothing => {}
        }
        app
    }

    /// The shared selection (tests read it).
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// Whether a worker holds the project.
    pub fn is_busy(&self) -> bool {
        matches!(self.slot, ProjectSlot::Busy(_))
    }

    /// Makes each frame wait (up to `limit`) for the project to open and for the views it
    /// builds off the UI thread, so that every frame shows settled views: for tests, which
    /// click on what a frame shows.
    pub fn waiting_for_views(mut self, limit: Duration) -> Self {
        self.wait_for_views = Some(limit);
        self
    }

    /// What the status bar says while the project opens or a view on screen is built
    /// (tests and the timing example read it).
    pub fn progress(&self) -> Option<String> {
        self.progress_line()
    }

    /// Whether the project is being opened or a view is being built off the UI thread.
    pub fn is_building(&self) -> bool {
        self.is_opening() || self.views.is_building()
    }

    /// How many times a view was built (tests check that a change rebuilds only what it
    /// touches).
    pub fn builds_of(&self, slot: ViewSlot) -> u32 {
        self.views.builds_of(slot)
    }

    /// Whether the view has data to draw (tests check that a hidden view dropped it).
    pub fn holds(&self, slot: ViewSlot) -> bool {
        !self.views.is_first_build(slot)
    }

    /// Queues a command as a panel would.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Draws one frame and applies what it asked for.
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        self.ctx = Some(ui.ctx().clone());
        self.poll_opening();
        self.poll_job(ui.ctx());
        self.apply_pending(ui.ctx());
        self.handle_dropped_files(ui.ctx());
        self.tick_views();
        let mut commands = Vec::new();
        let busy = self.is_busy();

        egui::Panel::top("menu").show(ui, |ui| {
            menu::menu_ui(
                ui,
                &MenuData {
                    has_project: self.view.path.is_some(),
                    undo: self.view.undo_label.as_deref(),
                    tab: self.layout.right_tab,
                    busy,
                    recent: &self.recent.paths,
                },
                &mut commands,
            );
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            let project = self.view.path.as_ref().map(|p| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default();
                format!("{name} · {} articles", self.view.articles.summaries.len())
            });
            let job = match &self.slot {
                ProjectSlot::Busy(job) => {
                    Some((job.label(), job.progress.as_ref(), job.is_cancelling()))
                }
                _ => None,
            };
            status::status_ui(
                ui,
                &StatusData {
                    job,
                    building: self.progress_line(),
                    message: &self.message,
                    project,
                },
                &mut commands,
            );
        });
        let [
            (library_range, library_default),
            (inspector_range, inspector_default),
        ] = side_widths(ui.max_rect().width());
        let library = egui::Panel::left(("library", self.layout_generation))
            .default_size(self.layout.library_width.map_or(library_default, |w| {
                w.clamp(*library_range.start(), *library_range.end())
            }))
            .size_range(library_range)
            .show(ui, |ui| {
                library::library_ui(
                    ui,
                    &library::LibraryView {
                        data: &self.view.library,
                        hits: self.view.hits.as_deref(),
                        hits_total: self.view.hits_total,
                        sort: self.layout.sort,
                        selection: &self.selection,
                        enabled: !busy && self.view.path.is_some(),
                    },
                    &mut self.library_input,
                    &mut commands,
                );
            });
        self.remember_library_width(library.response.rect.width());
        egui::Panel::right(("inspector", self.layout_generation))
            .default_size(inspector_default)
            .size_range(inspector_range)
            .show(ui, |ui| {
                contained_ui(ui, "inspector", |ui| self.inspector_ui(ui, &mut commands))
            });
        egui::CentralPanel::default().show(ui, |ui| self.center_ui(ui, &mut commands));
        commands.extend(keys::shortcuts(ui.ctx()));

        if let Some(dialog) = &mut self.dialog {
            menu::path_dialog_ui(ui.ctx(), dialog, &mut commands);
        }
        if let Some(notice) = &self.notice {
            menu::notice_ui(ui.ctx(), notice, &mut commands);
        }
        if ui.ctx().input(|i| !i.raw.hovered_files.is_empty()) {
            drop_overlay_ui(ui.ctx());
        }
        self.commands.extend(commands);
        self.apply_pending(ui.ctx());
        self.tick_views();
    }

    /// The right-hand panel: its tabs, then the chosen tab's view.
    fn inspector_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.add_space(4.0);
        // Wraps onto a second row when the panel is narrow: no tab ever hides.
        ui.horizontal_wrapped(|ui| {
            for (tab, label, key) in keys::TABS {
                if ui
                    .selectable_label(
                        self.layout.right_tab == tab,
                        egui::RichText::new(label).heading(),
                    )
                    .on_hover_text(keys::shortcut_text(ui.ctx(), key))
                    .clicked()
                {
                    commands.push(Command::ShowTab(tab));
                }
            }
        });
        ui.separator();
        let slot = views::tab_slot(self.layout.right_tab);
        if self.shows_building(slot) {
            views::building_ui(ui, slot);
            return;
        }
        match self.layout.right_tab {
            RightTab::Actors => actors_panel::actors_ui(
                ui,
                &self.view.actors_data,
                &self.layout.actor_query,
                &self.selection,
                &mut self.actors_input,
                commands,
            ),
            RightTab::Network => {
                network_panel::network_ui(ui, &self.view.network, &self.selection, commands)
            }
            RightTab::Quotes => quotes_panel::quotes_ui(
                ui,
                &self.view.quotes_data,
                self.layout.quote_view,
                &self.selection,
                &mut self.quotes_input,
                commands,
            ),
            RightTab::Decisions => decisions_panel::decisions_ui(
                ui,
                &self.view.decisions,
                &self.layout.decision_filter,
                &mut self.decisions_input,
                commands,
            ),
            RightTab::Sanctions => lists_panel::lists_ui(
                ui,
                &self.view.lists,
                &self.selection,
                &mut self.lists_input,
                commands,
            ),
            RightTab::Timeline => timeline_panel::timeline_ui(
                ui,
                &self.view.timeline,
                self.layout.lanes,
                &self.selection,
                &mut self.timeline_input,
                commands,
            ),
        }
    }

    /// The central panel: Text, Compare or Briefing.
    fn center_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            for (center, label) in [
                (CenterView::Text, "Text"),
                (CenterView::Compare, "Compare"),
                (CenterView::Briefing, "Briefing"),
            ] {
                if ui
                    .selectable_label(self.layout.center == center, label)
                    .clicked()
                {
                    commands.push(Command::ShowCenter(center));
                }
            }
        });
        match self.layout.center {
            CenterView::Briefing => self.briefing_ui(ui, commands),
            CenterView::Compare => self.compare_ui(ui, commands),
            CenterView::Text => self.text_ui(ui, commands),
        }
    }

    fn briefing_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let building = self.readers.is_some() && !self.views.is_settled(ViewSlot::Briefing);
        let preview = match &self.view.briefing {
            _ if self.shows_building(ViewSlot::Briefing) => Err("Building the briefing …"),
            Some(Ok(b)) => Ok(b),
            Some(Err(why)) => Err(why.as_str()),
            None => Err("Open or create a project to brief it."),
        };
        briefing_panel::briefing_ui(
            ui,
            &briefing_panel::BriefingView {
                choice: &self.layout.briefing,
                preview,
                building,
                stories: self
                    .view
                    .articles
                    .stories
                    .iter()
                    .map(|s| (s.key.as_str(), s.name.as_str()))
                    .collect(),
                selected_actor: self.selection.actor(),
            },
            commands,
        );
    }

    fn compare_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let comparing = self.layout.compare_ids.len() >= 2;
        let slot = if comparing {
            ViewSlot::Compare
        } else {
            ViewSlot::Matrix
        };
        if self.shows_building(slot) {
            views::building_ui(ui, slot);
            return;
        }
        let picked: Vec<(ArticleId, String)> = self
            .layout
            .compare_ids
            .iter()
            .map(|id| {
                let title = self
                    .view
                    .articles
                    .summaries
                    .iter()
                    .find(|s| s.id == *id)
                    .map_or_else(String::new, |s| s.title.clone());
                (*id, title)
            })
            .collect();
        compare_panel::compare_ui(
            ui,
            &compare_panel::CompareView {
                picked: &picked,
                // The last comparison stays built while fewer than two articles are picked.
                comparison: self.view.comparison.as_ref().filter(|_| comparing),
                matrix: &self.view.matrix,
                selection: &self.selection,
            },
            commands,
        );
    }

    fn text_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if self.layout.open_article.is_some() && self.shows_building(ViewSlot::Text) {
            views::building_ui(ui, ViewSlot::Text);
            return;
        }
        let view = self.view.open.as_ref().map(|open| {
            let data = &open.data;
            let search_matches = self
                .view
                .hits
                .as_ref()
                .and_then(|hits| hits.iter().find(|h| h.article == data.id))
                .map(|h| h.text_matches.as_slice())
                .unwrap_or(&[]);
            text_panel::TextView {
                data,
                article: &open.article,
                search_matches,
                mentions: &open.mentions,
                timexes: &open.timexes,
                quotes: &open.quote_marks,
                highlight: self
                    .view
                    .event_span
                    .as_ref()
                    .filter(|(a, _)| *a == data.id)
                    .map(|(_, r)| r.clone()),
                selection: &self.selection,
            }
        });
        text_panel::text_ui(ui, view, &mut self.text_state, commands);
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_root(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_layout();
    }
}

/// A veil over the window while files are dragged over it.
fn drop_overlay_ui(ctx: &egui::Context) {
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop-overlay"),
    ));
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        "Drop files or folders to import them",
        egui::FontId::proportional(24.0),
        egui::Color32::WHITE,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restored_layout_is_clamped_and_an_unreadable_one_is_the_default() {
        let json = r#"{"library_width": 100000.0, "compare_ids": [3, 3, 4, 5, 6, 7, 8],
            "collapsed_outlets": ["Wire", "Wire"], "right_tab": "Quotes", "lanes": 12,
            "quote_view": "VoiceShare", "actor_query": {"text": "TEXT", "kind": "All",
            "sort": "Mentions"}}"#
            .replace("TEXT", &"x".repeat(10_000));
        let layout = SavedLayout::restore(Some(&json));
        assert_eq!(layout.library_width, Some(*LIBRARY_WIDTH.end()));
        assert_eq!(
            layout.compare_ids,
            [3, 4, 5, 6].map(ArticleId)[..crate::coverage::MAX_COLUMNS]
        );
        assert_eq!(layout.collapsed_outlets, ["Wire"]);
        assert_eq!(layout.actor_query.text.chars().count(), SAVED_TEXT_MAX);
        assert_eq!(layout.quote_view, QuoteView::VoiceShare);

        let narrow = SavedLayout::restore(Some(r#"{"library_width": -5.0}"#));
        assert_eq!(narrow.library_width, Some(*LIBRARY_WIDTH.start()));
        // A field that no longer reads takes its default; the others are kept.
        assert_eq!(layout.lanes, LaneMode::default());
        for broken in [
            Some("{not json"),
            Some(r#"{"right_tab": 7}"#),
            Some("[]"),
            None,
        ] {
            assert_eq!(SavedLayout::restore(broken), SavedLayout::default());
        }
    }
}
