//! The eframe GUI: the `App` that owns the open project and the shared selection, applies the
//! panels' commands, and lays the panels out (menu, Library, Text, status bar).

mod actors_panel;
mod briefing_panel;
mod command;
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
mod selection;
mod status;
mod text_panel;
mod theme;
mod timeline_panel;
mod worker;

pub use actors_panel::{ActorQuery, ActorSort, ActorsData, KindFilter};
pub use command::{Command, PathPurpose};
pub use library::{LibraryData, LibraryRow, SortKey};
pub use network_panel::NetworkData;
pub use quotes_panel::{QuoteView, QuotesData};
pub use selection::{Item, Selection};
pub use text_panel::{MentionView, TextData};
pub use timeline_panel::{LaneMode, TimelineData};

use crate::actors::{Actors, Edit};
use crate::export::briefing::{self, Scope};
use crate::jobs;
use crate::model::{Article, ArticleId, ArticleSummary, SearchHit};
use crate::store::Project;
use actors_panel::ActorsInput;
use eframe::egui;
use library::LibraryInput;
use menu::{MenuData, Notice, PathDialog};
use recent::Recent;
use serde::{Deserialize, Serialize};
use status::{StatusData, StatusMessage};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use text_panel::TextPanelState;
use worker::{Job, JobEvent, JobKind, JobOutcome};

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
    Open(Box<Project>),
    /// Moved to a worker thread; comes back when the job ends.
    Busy(Job),
}

/// The open project as the panels see it, kept while a worker holds the project.
#[derive(Default)]
struct ProjectView {
    path: Option<PathBuf>,
    summaries: Vec<ArticleSummary>,
    library: LibraryData,
    /// Open article and its view model.
    open: Option<(Article, TextData)>,
    hits: Option<Vec<SearchHit>>,
    /// How many articles match the search in all (the hits are the first [`SEARCH_LIMIT`]).
    hits_total: usize,
    /// The effective actor registry (machine rows + analyst edits).
    actors: Actors,
    actors_data: ActorsData,
    network: NetworkData,
    /// Mentions in the open article.
    mentions: Vec<MentionView>,
    /// The project's own gazetteer entries.
    user_entries: Vec<crate::analysis::gazetteer::UserEntry>,
    /// The actor whose articles the Library shows, until cleared.
    library_actor: Option<String>,
    /// The project timeline and its view.
    events: Vec<crate::model::TimelineEvent>,
    timeline: TimelineData,
    /// Time expressions of the open article.
    timexes: Vec<crate::analysis::timeline::Timex>,
    /// The sentence of the selected event in the open article.
    event_span: Option<(ArticleId, std::ops::Range<usize>)>,
    /// Every quote, fixes applied and speakers resolved, and the Quotes panel's view of them.
    quotes: Vec<quotes_panel::QuoteItem>,
    quotes_data: QuotesData,
    /// Quotes of the open article.
    quote_marks: Vec<text_panel::QuoteMark>,
    /// Stored sanctions lists, snapshot changes and the screening hits with their verdicts.
    lists: lists_panel::ListsData,
    /// What Edit ▸ Undo would take back.
    undo_label: Option<String>,
    /// The comparison of the picked articles, and the coverage matrix.
    comparison: Option<crate::coverage::Comparison>,
    matrix: crate::coverage::Matrix,
    /// Tracked decisions with the analyst's edits, and the tracker's view of them.
    tracked: Vec<crate::model::TrackedDecisionRow>,
    decision_edits: HashMap<String, crate::model::DecisionEdit>,
    decisions: decisions_panel::DecisionsData,
    /// The briefing preview, or why it could not be built.
    briefing: Option<Result<crate::export::brief::Briefing, String>>,
    /// Stories (analyst edits applied).
    stories: Vec<crate::analysis::stories::Story>,
}

/// The application: state, the command queue and the frame's layout.
pub struct App {
    slot: ProjectSlot,
    view: ProjectView,
    layout: SavedLayout,
    /// The selected actor and the open decision, as the tracker last showed them.
    tracker_focus: decisions_panel::TrackerFocus,
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

    /// Queues a command as a panel would.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Draws one frame and applies what it asked for.
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        self.poll_job(ui.ctx());
        self.apply_pending(ui.ctx());
        self.handle_dropped_files(ui.ctx());
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
                format!("{name} · {} articles", self.view.summaries.len())
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
                contained_ui(ui, "inspector", |ui| {
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
                    match self.layout.right_tab {
                        RightTab::Actors => actors_panel::actors_ui(
                            ui,
                            &self.view.actors_data,
                            &self.layout.actor_query,
                            &self.selection,
                            &mut self.actors_input,
                            &mut commands,
                        ),
                        RightTab::Network => network_panel::network_ui(
                            ui,
                            &self.view.network,
                            &self.selection,
                            &mut commands,
                        ),
                        RightTab::Quotes => quotes_panel::quotes_ui(
                            ui,
                            &self.view.quotes_data,
                            self.layout.quote_view,
                            &self.selection,
                            &mut self.quotes_input,
                            &mut commands,
                        ),
                        RightTab::Decisions => decisions_panel::decisions_ui(
                            ui,
                            &self.view.decisions,
                            &self.layout.decision_filter,
                            &mut self.decisions_input,
                            &mut commands,
                        ),
                        RightTab::Sanctions => lists_panel::lists_ui(
                            ui,
                            &self.view.lists,
                            &self.selection,
                            &mut self.lists_input,
                            &mut commands,
                        ),
                        RightTab::Timeline => timeline_panel::timeline_ui(
                            ui,
                            &self.view.timeline,
                            self.layout.lanes,
                            &self.selection,
                            &mut self.timeline_input,
                            &mut commands,
                        ),
                    }
                })
            });
        egui::CentralPanel::default().show(ui, |ui| {
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
            if self.layout.center == CenterView::Briefing {
                briefing_panel::briefing_ui(
                    ui,
                    &briefing_panel::BriefingView {
                        choice: &self.layout.briefing,
                        preview: match &self.view.briefing {
                            Some(Ok(b)) => Ok(b),
                            Some(Err(why)) => Err(why.as_str()),
                            None => Err("Open or create a project to brief it."),
                        },
                        stories: self
                            .view
                            .stories
                            .iter()
                            .map(|s| (s.key.as_str(), s.name.as_str()))
                            .collect(),
                        selected_actor: self.selection.actor(),
                    },
                    &mut commands,
                );
                return;
            }
            if self.layout.center == CenterView::Compare {
                let picked: Vec<(ArticleId, String)> = self
                    .layout
                    .compare_ids
                    .iter()
                    .map(|id| {
                        let title = self
                            .view
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
                        comparison: self.view.comparison.as_ref(),
                        matrix: &self.view.matrix,
                        selection: &self.selection,
                    },
                    &mut commands,
                );
                return;
            }
            let view = self.view.open.as_ref().map(|(article, data)| {
                let search_matches = self
                    .view
                    .hits
                    .as_ref()
                    .and_then(|hits| hits.iter().find(|h| h.article == data.id))
                    .map(|h| h.text_matches.as_slice())
                    .unwrap_or(&[]);
                text_panel::TextView {
                    data,
                    article,
                    search_matches,
                    mentions: &self.view.mentions,
                    timexes: &self.view.timexes,
                    quotes: &self.view.quote_marks,
                    highlight: self
                        .view
                        .event_span
                        .as_ref()
                        .filter(|(a, _)| *a == data.id)
                        .map(|(_, r)| r.clone()),
                    selection: &self.selection,
                }
            });
            text_panel::text_ui(ui, view, &mut self.text_state, &mut commands);
        });
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
    }

    /// Applies every queued command, in order.
    fn apply_pending(&mut self, ctx: &egui::Context) {
        let applied = !self.commands.is_empty();
        while !self.commands.is_empty() {
            let commands = std::mem::take(&mut self.commands);
            for command in commands {
                self.apply(command);
            }
        }
        if applied {
            self.refresh_undo_label();
        }
        if let Some(kind) = self.pending_job.take() {
            self.start_job(kind, ctx);
        }
    }

    /// The only place that changes the project or the app state on a command.
    fn apply(&mut self, command: Command) {
        match command {
            Command::NewProject(path) => {
                if path.exists() {
                    self.fail(format!(
                        "{}: a file of that name exists; open it or choose another name",
                        path.display()
                    ));
                } else {
                    self.open_project(&path, true);
                }
            }
            Command::OpenProject(path) => self.open_project(&path, false),
            Command::OpenSample => {
                let path = recent::sample_project();
                let fresh = !path.exists();
                self.open_project(&path, true);
                let empty = self.view.summaries.is_empty();
                if (fresh || empty) && matches!(self.slot, ProjectSlot::Open(_)) {
                    self.add_sample_list();
                    self.pending_job = Some(JobKind::ImportAndAnalyze(vec![recent::sample_dir()]));
                }
            }
            Command::Import(paths) => self.pending_job = Some(JobKind::Import(paths)),
            Command::Analyze => self.pending_job = Some(JobKind::Analyze),
            Command::ExportJson(dir) => self.export_json(&dir),
            Command::CancelJob => {
                if let ProjectSlot::Busy(job) = &self.slot {
                    job.cancel();
                }
            }
            Command::Select(item) => self.select(item),
            Command::Search(query) => self.search(&query),
            Command::SortLibrary(sort) => {
                self.layout.sort = sort;
                self.rebuild_library();
                self.save_layout();
            }
            Command::ImportSanctions(paths) => self.import_sanctions(&paths),
            Command::RemoveSanctionsList(name) => self.change_screening(|p| {
                p.remove_sanctions_list(&name)
                    .map(|()| Some(format!("Removed the list {name}")))
            }),
            Command::SetScreeningThreshold(threshold) => self.change_screening(|p| {
                p.set_ui_state("screening_threshold", &format!("{threshold:.2}"))
                    .map(|()| None)
            }),
            Command::SetVerdict {
                actor,
                list_name,
                entry_key,
                verdict,
            } => {
                let ProjectSlot::Open(project) = &mut self.slot else {
                    return;
                };
                match project.set_screening_verdict(&actor, &list_name, &entry_key, verdict) {
                    Ok(()) => self.reload_screening(),
                    Err(error) => self.fail(error.to_string()),
                }
            }
            Command::ShowCenter(center) => {
                self.layout.center = center;
                self.save_layout();
                if center == CenterView::Briefing {
                    self.refresh_briefing();
                }
            }
            Command::FilterDecisions(filter) => {
                self.layout.decision_filter = filter;
                self.refresh_decisions();
                self.save_layout();
            }
            Command::SetDecisionEdit { key, edit } => {
                let ProjectSlot::Open(project) = &mut self.slot else {
                    return;
                };
                let done = match &edit {
                    Some(edit) => project.set_decision_edit(&key, edit),
                    None => project.clear_decision_edit(&key).map(|_| ()),
                };
                match done {
                    Ok(()) => {
                        self.message = StatusMessage {
                            text: "Decision tracking saved; it stays through re-analysis".into(),
                            is_error: false,
                        };
                        self.reload_decisions();
                    }
                    Err(error) => self.fail(error.to_string()),
                }
            }
            Command::Briefing(choice) => {
                self.layout.briefing = choice;
                self.save_layout();
                self.refresh_briefing();
            }
            Command::ExportBriefing(format, path) => self.export_briefing(format, &path),
            Command::ShowText => {
                self.layout.center = CenterView::Text;
                self.save_layout();
            }
            Command::CompareAdd(id) => {
                if !self.layout.compare_ids.contains(&id) {
                    if self.layout.compare_ids.len() >= crate::coverage::MAX_COLUMNS {
                        self.layout.compare_ids.remove(0);
                    }
                    self.layout.compare_ids.push(id);
                }
                self.layout.center = CenterView::Compare;
                self.refresh_comparison();
            }
            Command::CompareRemove(id) => {
                self.layout.compare_ids.retain(|i| *i != id);
                self.refresh_comparison();
            }
            Command::CompareClear => {
                self.layout.compare_ids.clear();
                self.refresh_comparison();
            }
            Command::CompareStory(key) => {
                let ProjectSlot::Open(project) = &self.slot else {
                    return;
                };
                let members = self
                    .view
                    .stories
                    .iter()
                    .find(|s| s.key == key)
                    .map(|s| s.members.clone())
                    .unwrap_or_default();
                match crate::coverage::story_picks(project, &members) {
                    Ok(ids) => {
                        self.layout.compare_ids = ids;
                        self.layout.center = CenterView::Compare;
                        self.refresh_comparison();
                    }
                    Err(error) => self.fail(error.to_string()),
                }
            }
            Command::GroupLibrary(group_by) => {
                self.layout.group_by = group_by;
                self.rebuild_library();
                self.save_layout();
            }
            Command::StoryEdit(edit) => {
                let ProjectSlot::Open(project) = &mut self.slot else {
                    return;
                };
                match project
                    .add_story_edit(&edit)
                    .and_then(|()| project.stories())
                {
                    Ok(stories) => {
                        self.view.stories = stories;
                        self.message = StatusMessage {
                            text: "Story edit saved".into(),
                            is_error: false,
                        };
                        self.rebuild_library();
                        self.refresh_actor_views();
                    }
                    Err(error) => self.fail(error.to_string()),
                }
            }
            Command::ClearLibraryFilter => {
                self.view.library_actor = None;
                self.rebuild_library();
            }
            Command::ToggleOutlet(outlet) => {
                if let Some(i) = self
                    .layout
                    .collapsed_outlets
                    .iter()
                    .position(|o| *o == outlet)
                {
                    self.layout.collapsed_outlets.remove(i);
                } else {
                    self.layout.collapsed_outlets.push(outlet);
                }
                self.rebuild_library();
                self.save_layout();
            }
            Command::AskPath(purpose) => self.dialog = Some(PathDialog::new(purpose)),
            Command::CloseDialog => self.dialog = None,
            Command::DismissNotice => self.notice = None,
            Command::ShowArticle(id) => self.open_article(id),
            Command::Edit(edit) => self.edit(edit),
            Command::Undo => self.undo(),
            Command::QueryActors(query) => {
                self.layout.actor_query = query;
                self.refresh_actor_views();
            }
            Command::ShowTab(tab) => {
                self.layout.right_tab = tab;
                self.save_layout();
            }
            Command::FocusSearch => self.library_input.focus_search = true,
            Command::Escape => {
                if !self.library_input.query.is_empty() || self.view.hits.is_some() {
                    self.library_input.query.clear();
                    self.search("");
                } else if self.dialog.is_none() && self.notice.is_none() {
                    self.select(None);
                }
            }
            Command::Step { forward } => {
                let lists = keys::Lists {
                    library: &self.view.library.rows,
                    hits: self
                        .view
                        .hits
                        .as_ref()
                        .map(|h| h.iter().map(|h| h.article).collect()),
                    actors: self
                        .view
                        .actors_data
                        .rows
                        .iter()
                        .map(|r| r.name.as_str())
                        .collect(),
                    quotes: &self.view.quotes_data.groups,
                    decisions: self
                        .view
                        .decisions
                        .rows
                        .iter()
                        .map(|r| r.key.as_str())
                        .collect(),
                };
                let next = keys::step(
                    &lists,
                    self.selection.selected.as_ref(),
                    self.layout.right_tab,
                    forward,
                );
                if next.is_some() && next != self.selection.selected {
                    self.library_input.scroll_to_selected = true;
                    self.select(next);
                }
            }
            Command::OpenSelected => match &self.selection.selected {
                Some(Item::Article(_) | Item::Span { .. } | Item::Event(_)) => {
                    self.layout.center = CenterView::Text;
                    self.save_layout();
                }
                Some(Item::Actor(_)) => self.apply(Command::ShowTab(RightTab::Actors)),
                Some(Item::Decision(_)) => self.apply(Command::ShowTab(RightTab::Decisions)),
                None => {}
            },
            Command::SetArticleDate(article, date) => {
                self.change_analyst_data(|p| p.set_article_date(article, date))
            }
            Command::SetTimexValue {
                article,
                range,
                value,
            } => self.change_analyst_data(|p| p.set_timex_value(article, &range, value.as_deref())),
            Command::CloseDecision => {
                self.tracker_focus.open = None;
                if matches!(self.selection.selected, Some(Item::Decision(_))) {
                    self.selection.selected = None;
                }
                self.refresh_decisions();
            }
            Command::ResetLayout => {
                let open_article = self.layout.open_article;
                self.layout = SavedLayout {
                    open_article,
                    ..SavedLayout::default()
                };
                self.layout_generation += 1;
                self.rebuild_library();
                self.refresh_actor_views();
                self.refresh_comparison();
                self.refresh_briefing();
                self.refresh_decisions();
                self.save_layout();
                self.message = StatusMessage {
                    text: "Layout reset".into(),
                    is_error: false,
                };
            }
            Command::QuoteView(view) => {
                self.layout.quote_view = view;
                self.refresh_actor_views();
                self.save_layout();
            }
            Command::FixQuote {
                article,
                range,
                fix,
            } => {
                let ProjectSlot::Open(project) = &mut self.slot else {
                    return;
                };
                match project.set_quote_fix(article, &range, fix.as_ref()) {
                    Ok(()) => self.reload_actors(),
                    Err(error) => self.fail(error.to_string()),
                }
            }
            Command::TimelineLanes(mode) => {
                self.layout.lanes = mode;
                self.refresh_actor_views();
                self.save_layout();
            }
            Command::PutUserEntry(entry) => self.change_analyst_data(|p| p.put_user_entry(&entry)),
            Command::RemoveUserEntry(kind, name) => {
                self.change_analyst_data(|p| p.remove_user_entry(kind, &name))
            }
        }
    }

    /// Opens (or creates) a project and loads what the panels show.
    fn open_project(&mut self, path: &Path, create: bool) {
        if self.is_busy() {
            self.fail("Wait for the running job to finish before opening another project.".into());
            return;
        }
        self.save_layout();
        // Close the current project first: its lock must go before the same file reopens.
        self.slot = ProjectSlot::None;
        self.view = ProjectView::default();
        self.selection = Selection::default();
        self.library_input = LibraryInput::default();
        let opened = if create {
            Project::create_or_open(path)
        } else {
            Project::open(path)
        };
        match opened {
            Ok(project) => {
                let opened_text = match project.read_only() {
                    Some(reason) => format!(
                        "{} is read-only ({reason}): opened for reading",
                        path.display()
                    ),
                    None => format!("Opened {}", path.display()),
                };
                self.layout =
                    SavedLayout::restore(project.ui_state("layout").ok().flatten().as_deref());
                self.view.path = Some(path.to_path_buf());
                self.slot = ProjectSlot::Open(Box::new(project));
                self.recent.push(path);
                self.reload();
                self.refresh_undo_label();
                if let Some(id) = self.layout.open_article {
                    self.select(Some(Item::Article(ArticleId(id))));
                }
                self.message = StatusMessage {
                    text: opened_text,
                    is_error: false,
                };
            }
            Err(error) => self.fail(error.to_string()),
        }
    }

    /// Reads the article list again after the project changed.
    fn reload(&mut self) {
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        match project
            .article_summaries()
            .and_then(|s| Ok((s, project.stories()?)))
        {
            Ok((summaries, stories)) => {
                self.view.summaries = summaries;
                self.view.stories = stories;
            }
            Err(error) => self.fail(error.to_string()),
        }
        self.rebuild_library();
        self.reload_actors();
        let summaries = &self.view.summaries;
        self.layout
            .compare_ids
            .retain(|id| summaries.iter().any(|s| s.id == *id));
        self.refresh_comparison();
        self.refresh_briefing();
        self.reload_decisions();
    }

    /// Reads the actor registry again (after analysis or an edit) and rebuilds its views.
    fn reload_actors(&mut self) {
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        match project
            .actors()
            .and_then(|a| Ok((a, project.user_entries()?, project.events()?)))
        {
            Ok((actors, entries, events)) => {
                self.view.actors = actors;
                self.view.user_entries = entries;
                self.view.events = events;
            }
            Err(error) => self.fail(error.to_string()),
        }
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        match project
            .all_quotes()
            .and_then(|q| Ok((q, project.quote_fixes()?)))
        {
            Ok((quotes, fixes)) => {
                let story_of = self
                    .view
                    .stories
                    .iter()
                    .flat_map(|s| s.members.iter().map(|&m| (ArticleId(m), s.name.clone())))
                    .collect();
                self.view.quotes = quotes_panel::quote_items(
                    &quotes,
                    &fixes,
                    &self.view.actors,
                    &self.view.summaries,
                    &story_of,
                );
            }
            Err(error) => self.fail(error.to_string()),
        }
        self.view.network = NetworkData::new(&self.view.actors, network_panel::MAX_NODES);
        if self.view.library_actor.is_some() {
            self.rebuild_library();
        }
        self.reload_screening();
    }

    /// Reads the tracked decisions and the analyst's edits again.
    fn reload_decisions(&mut self) {
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        let read = || -> Result<_, crate::store::StoreError> {
            Ok((project.tracked_decisions()?, project.decision_edits()?))
        };
        match read() {
            Ok((tracked, edits)) => {
                self.view.tracked = tracked;
                self.view.decision_edits = edits;
            }
            Err(error) => self.fail(error.to_string()),
        }
        self.refresh_decisions();
    }

    /// Rebuilds the tracker's view (filters, selection); reads the evidence of the open
    /// decision's articles.
    fn refresh_decisions(&mut self) {
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        let mut texts = HashMap::new();
        if let Some(key) = &self.tracker_focus.open
            && let Some(t) = self.view.tracked.iter().find(|t| t.key == *key)
        {
            for step in &t.steps {
                if texts.contains_key(&step.article) {
                    continue;
                }
                let summary = self.view.summaries.iter().find(|s| s.id == step.article);
                if let (Some(summary), Ok(Some(article))) = (summary, project.article(step.article))
                {
                    texts.insert(step.article, (summary.clone(), article.text));
                }
            }
        }
        let find = self.layout.decision_filter.text.trim();
        let evidence_matches = if find.is_empty() {
            Default::default()
        } else {
            project.decisions_with_evidence(find).unwrap_or_default()
        };
        self.view.decisions = decisions_panel::DecisionsData::new(
            &self.view.tracked,
            &self.view.decision_edits,
            &self.view.lists.hits,
            &texts,
            &self.layout.decision_filter,
            &self.tracker_focus,
            &evidence_matches,
        );
    }

    /// Compares the picked articles again (after a pick or an analysis); the picks are saved.
    fn refresh_comparison(&mut self) {
        self.save_layout();
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        let result = if self.layout.compare_ids.len() >= 2 {
            crate::coverage::compare(project, &self.layout.compare_ids).map(Some)
        } else {
            Ok(None)
        };
        match result.and_then(|c| Ok((c, crate::coverage::coverage_matrix(project)?))) {
            Ok((comparison, matrix)) => {
                self.view.comparison = comparison;
                self.view.matrix = matrix;
            }
            Err(error) => self.fail(error.to_string()),
        }
    }

    /// Stores the sample sanctions list in a new sample project (the analysis screens it).
    fn add_sample_list(&mut self) {
        let ProjectSlot::Open(project) = &mut self.slot else {
            return;
        };
        if !project.sanctions_lists().is_ok_and(|l| l.is_empty()) {
            return;
        }
        let Some(file) = recent::sample_dir()
            .parent()
            .map(|p| p.join("sample-sanctions.csv"))
        else {
            return;
        };
        let stored = jobs::read_sanctions_list(std::slice::from_ref(&file))
            .map_err(|e| e.to_string())
            .and_then(|imported| {
                project
                    .add_sanctions_list(
                        imported.list,
                        &[file.display().to_string()],
                        &imported.problems,
                    )
                    .map_err(|e| e.to_string())
            });
        if let Err(error) = stored {
            self.fail(error);
        }
    }

    /// Reads a sanctions list, stores it and screens the actors against every list.
    fn import_sanctions(&mut self, paths: &[PathBuf]) {
        let imported = match jobs::read_sanctions_list(paths) {
            Ok(imported) => imported,
            Err(error) => return self.fail(error.to_string()),
        };
        let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let crate::sanctions::Imported { list, problems } = imported;
        let name = list.name.clone();
        let entries = list.entries.len();
        self.change_screening(|p| {
            // Consumed: screening reads the stored entries back, a big list is not held twice.
            p.add_sanctions_list(list, &files, &problems)?;
            Ok(Some(format!(
                "Imported {name}: {entries} entries{}",
                match problems.len() {
                    0 => String::new(),
                    n => format!(", {n} rows skipped or noted"),
                }
            )))
        });
        // A list imported again replaced its entries: say what changed.
        if let Some(diff) = self.view.lists.diffs.iter().find(|d| d.list == name)
            && !self.message.is_error
        {
            self.message.text =
                format!("{}; new snapshot of {}", self.message.text, diff.summary());
        }
        if !problems.is_empty() {
            self.notice = Some(Notice {
                title: "Sanctions list imported with problems".into(),
                summary: format!(
                    "{name}: {} rows were skipped or kept with a caveat; the rest is imported.",
                    problems.len()
                ),
                details: problems.iter().map(ToString::to_string).collect(),
                is_error: false,
            });
        }
    }

    /// Changes the lists or the threshold, screens again and shows the hits.
    fn change_screening(
        &mut self,
        change: impl FnOnce(&mut Project) -> Result<Option<String>, crate::store::StoreError>,
    ) {
        let ProjectSlot::Open(project) = &mut self.slot else {
            return;
        };
        match change(project).and_then(|done| Ok((done, jobs::screen_project(project)?))) {
            Ok((done, hits)) => {
                let text = done.map_or_else(String::new, |d| format!("{d}; "));
                self.message = StatusMessage {
                    text: format!("{text}{hits} screening hits"),
                    is_error: false,
                };
                self.reload_screening();
            }
            Err(error) => self.fail(error.to_string()),
        }
    }

    /// Reads the lists and screening hits again and redraws what shows them.
    fn reload_screening(&mut self) {
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        match lists_data(project) {
            Ok(data) => self.view.lists = data,
            Err(error) => self.fail(error.to_string()),
        }
        self.refresh_actor_views();
    }

    /// Rebuilds the Actors table and the open article's mentions from the registry.
    fn refresh_actor_views(&mut self) {
        self.view.actors_data = ActorsData::new(
            &self.view.actors,
            &self.view.summaries,
            &self.layout.actor_query,
            self.selection.actor(),
            &self.view.lists.hits,
        );
        self.view.actors_data.user_entries = self.view.user_entries.clone();
        let outlet_of = self
            .view
            .summaries
            .iter()
            .map(|s| (s.id, s.outlet.clone()))
            .collect();
        self.view.quotes_data = QuotesData::new(
            &self.view.quotes,
            self.layout.quote_view,
            self.selection.actor(),
        );
        let open = self.view.open.as_ref().map(|(a, _)| a.id);
        self.view.quote_marks = self
            .view
            .quotes
            .iter()
            .filter(|q| Some(q.article) == open)
            .map(|q| text_panel::QuoteMark {
                content: q.content.clone(),
                speaker: q.speaker_range.clone(),
                selected: Some(q.speaker.as_str()) == self.selection.actor(),
            })
            .collect();
        self.view.timeline = TimelineData::new(
            &self.view.events,
            &outlet_of,
            self.layout.lanes,
            self.selection.actor(),
        );
        let selected = self.selection.actor();
        self.view.mentions = match &self.view.open {
            Some((article, _)) => self
                .view
                .actors
                .in_article(article.id)
                .map(|m| {
                    let actor = m.actor.map(|a| &self.view.actors.actors[a]);
                    MentionView {
                        range: m.range.clone(),
                        text: m.text.clone(),
                        kind: actor.map_or(m.kind, |a| a.kind),
                        actor: actor.map(|a| a.name.clone()),
                        roles: actor.map(|a| a.roles.clone()).unwrap_or_default(),
                        selected: actor.is_some_and(|a| Some(a.name.as_str()) == selected),
                    }
                })
                .collect(),
            None => Vec::new(),
        };
    }

    /// Changes analyst data the passes read (gazetteer, dates) and runs the analysis again.
    fn change_analyst_data(
        &mut self,
        change: impl FnOnce(&mut Project) -> Result<(), crate::store::StoreError>,
    ) {
        let ProjectSlot::Open(project) = &mut self.slot else {
            return;
        };
        match change(project) {
            Ok(()) => self.pending_job = Some(JobKind::Analyze),
            Err(error) => self.fail(error.to_string()),
        }
    }

    /// Records an analyst edit, applies it and keeps the selection on the edited actor.
    fn edit(&mut self, edit: Edit) {
        let ProjectSlot::Open(project) = &mut self.slot else {
            return;
        };
        if let Err(error) = project.add_actor_edit(&edit) {
            self.fail(error.to_string());
            return;
        }
        match &edit {
            Edit::Merge { from, into: to } | Edit::Rename { from, to } => {
                self.selection.selected = Some(Item::Actor(to.clone()));
                if self.view.library_actor.as_ref() == Some(from) {
                    self.view.library_actor = Some(to.clone());
                }
            }
            _ => {}
        }
        self.message = StatusMessage {
            text: format!("Done: {} (Edit > Undo takes it back)", edit.describe()),
            is_error: false,
        };
        self.reload_actors();
        if matches!(
            edit,
            Edit::Merge { .. } | Edit::Rename { .. } | Edit::Split { .. }
        ) {
            // The edit carried the actor's screening hits and verdicts to its new name.
            self.reload_screening();
        }
    }

    /// Takes back the newest analyst edit, whatever its kind, and reloads what it touched.
    fn undo(&mut self) {
        let ProjectSlot::Open(project) = &mut self.slot else {
            return;
        };
        match project.undo() {
            Ok(Some(undone)) => {
                self.message = StatusMessage {
                    text: format!("Undone: {}", undone.label),
                    is_error: false,
                };
                if undone.reanalyse {
                    self.pending_job = Some(JobKind::Analyze);
                }
                self.reload();
                self.reload_screening();
            }
            Ok(None) => {
                self.message = StatusMessage {
                    text: "Nothing to undo".into(),
                    is_error: false,
                }
            }
            Err(error) => self.fail(error.to_string()),
        }
        self.refresh_undo_label();
    }

    /// What Edit ▸ Undo would take back, for the menu.
    fn refresh_undo_label(&mut self) {
        self.view.undo_label = match &self.slot {
            ProjectSlot::Open(project) => project.undo_label().ok().flatten(),
            _ => None,
        };
    }

    fn rebuild_library(&mut self) {
        let collapsed: HashSet<String> = self.layout.collapsed_outlets.iter().cloned().collect();
        let filter = self.view.library_actor.as_ref().and_then(|name| {
            let actor = &self.view.actors.actors[self.view.actors.find(name)?];
            Some(library::ActorFilter {
                actor: actor.name.clone(),
                articles: actor.articles.iter().copied().collect(),
            })
        });
        let stories =
            (self.layout.group_by == library::GroupBy::Story).then_some(&self.view.stories[..]);
        self.view.library = LibraryData::grouped(
            &self.view.summaries,
            self.layout.sort,
            &collapsed,
            filter.as_ref(),
            stories,
        );
    }

    /// Changes the selection; an article or span opens its article in the Text panel.
    fn select(&mut self, item: Option<Item>) {
        let article = item.as_ref().and_then(Item::article);
        if let Some(Item::Actor(name)) = &item {
            self.view.library_actor = Some(name.clone());
            self.rebuild_library();
        }
        self.view.event_span = None;
        if let Some(Item::Event(id)) = &item
            && let Some(event) = self.view.events.iter().find(|e| e.id == *id)
        {
            // Its report in the open article if there is one, else its first report.
            let open = self.view.open.as_ref().map(|(a, _)| a.id);
            let report = event
                .reports
                .iter()
                .find(|r| Some(r.article) == open)
                .or(event.reports.first());
            if let Some(report) = report {
                self.view.event_span = Some((report.article, report.sentence.clone()));
                self.open_article(report.article);
            }
        }
        self.selection.selected = item;
        if let Some(id) = article {
            self.open_article(id);
        }
        self.refresh_actor_views();
        // The tracker follows only the selected actor and the open decision: clicking a quote
        // or a piece of evidence leaves it as it is.
        let focus = self.tracker_focus.follow(&self.selection);
        if focus != self.tracker_focus {
            self.tracker_focus = focus;
            self.refresh_decisions();
        }
    }

    /// Shows an article in the Text panel without touching the selection.
    fn open_article(&mut self, id: ArticleId) {
        if self.view.open.as_ref().map(|(a, _)| a.id) == Some(id) {
            return;
        }
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        match project.article(id) {
            Ok(Some(article)) => {
                let duplicate_title = article.duplicate_of.and_then(|d| {
                    self.view
                        .summaries
                        .iter()
                        .find(|s| s.id == d.article)
                        .map(|s| s.title.clone())
                });
                let mut data = TextData::new(&article, duplicate_title);
                let corrected = project
                    .article_date_corrections()
                    .map(|c| c.contains_key(&id))
                    .unwrap_or(false);
                data.date_line = date_line(project.document_date(id).ok().flatten(), corrected);
                self.view.timexes = project.timexes(id).unwrap_or_default();
                self.view.open = Some((article, data));
                self.layout.open_article = Some(id.0);
                self.refresh_actor_views();
                self.save_layout();
            }
            Ok(None) => self.layout.open_article = None,
            Err(error) => self.fail(error.to_string()),
        }
    }

    fn search(&mut self, query: &str) {
        if query.trim().is_empty() {
            self.view.hits = None;
            return;
        }
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        let found = project.search(query, SEARCH_LIMIT).and_then(|hits| {
            // Counted apart only when the list is capped.
            let total = if hits.len() == SEARCH_LIMIT {
                project.search_count(query)?
            } else {
                hits.len()
            };
            Ok((hits, total))
        });
        match found {
            Ok((hits, total)) => {
                self.view.hits = Some(hits);
                self.view.hits_total = total;
            }
            Err(error) => self.fail(error.to_string()),
        }
    }

    /// Builds the briefing preview for the current choice (when the Briefing view shows).
    fn refresh_briefing(&mut self) {
        if self.layout.center != CenterView::Briefing {
            return;
        }
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        let scope = match &self.layout.briefing.scope {
            briefing_panel::ScopeChoice::Project => Ok(Scope::Project),
            briefing_panel::ScopeChoice::Story(key) => Ok(Scope::Story(key.clone())),
            briefing_panel::ScopeChoice::Actor(name) => Ok(Scope::Actors(vec![name.clone()])),
            briefing_panel::ScopeChoice::Dates { from, to } => {
                let parse = |s: &str| -> Result<Option<crate::model::Date>, String> {
                    let s = s.trim();
                    if s.is_empty() {
                        return Ok(None);
                    }
                    s.parse()
                        .map(Some)
                        .map_err(|_| format!("{s:?} is not a date: write YYYY-MM-DD"))
                };
                parse(from).and_then(|from| {
                    Ok(Scope::Dates {
                        from,
                        to: parse(to)?,
                    })
                })
            }
        };
        let today = jiff::Zoned::now().date().to_string();
        self.view.briefing = Some(scope.and_then(|scope| {
            briefing::build(project, &scope, self.layout.briefing.sections, &today)
                .map_err(|e| e.to_string())
        }));
    }

    /// Writes the previewed briefing to `path` atomically, never over the project, its side
    /// files or anything that is not a regular file (`export::check_target`).
    fn export_briefing(&mut self, format: briefing::Format, path: &Path) {
        self.refresh_briefing();
        let none = Err("No project is open".to_string());
        let project = self.view.path.clone();
        let protected: Vec<&Path> = project.as_deref().into_iter().collect();
        let written = match self.view.briefing.as_ref().unwrap_or(&none) {
            Ok(b) => briefing::render(b, format)
                .map_err(|e| format!("{}: {e}", path.display()))
                .and_then(|bytes| {
                    crate::export::write_file(path, &bytes, &protected).map_err(|e| e.to_string())
                }),
            Err(why) => Err(why.clone()),
        };
        match written {
            Ok(()) => {
                self.message = StatusMessage {
                    text: format!("Briefing written to {}", path.display()),
                    is_error: false,
                }
            }
            Err(error) => self.fail(error),
        }
    }

    fn export_json(&mut self, dir: &Path) {
        let ProjectSlot::Open(project) = &self.slot else {
            return;
        };
        let result = crate::jobs::records(project)
            .map_err(|e| e.to_string())
            .and_then(|records| {
                let incomplete = crate::jobs::incomplete_warning(&records);
                crate::export::json::write_records(dir, &records, &[project.path()], false)
                    .map(|done| (done, incomplete))
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok((mut done, incomplete)) => {
                let text = format!("{} JSON records written to {}", done.written, dir.display());
                done.warnings.extend(incomplete);
                if !done.warnings.is_empty() {
                    self.notice = Some(Notice {
                        title: "JSON records written with problems".into(),
                        summary: text.clone(),
                        details: done.warnings.iter().map(|w| format!("⚠ {w}")).collect(),
                        is_error: false,
                    });
                }
                self.message = StatusMessage {
                    text,
                    is_error: false,
                }
            }
            Err(error) => self.fail(error),
        }
    }

    /// Moves the project to a worker and starts `kind`.
    fn start_job(&mut self, kind: JobKind, ctx: &egui::Context) {
        self.save_layout();
        let slot = std::mem::replace(&mut self.slot, ProjectSlot::None);
        let ProjectSlot::Open(project) = slot else {
            self.slot = slot;
            self.fail("Open or create a project first.".into());
            return;
        };
        match Job::spawn(*project, kind, ctx.clone()) {
            Ok(job) => self.slot = ProjectSlot::Busy(job),
            Err(error) => {
                self.fail(format!("cannot start a worker thread: {error}"));
                self.reopen();
            }
        }
    }

    /// Takes the worker's messages; when it ends, takes the project back and shows the report.
    fn poll_job(&mut self, ctx: &egui::Context) {
        let ProjectSlot::Busy(job) = &mut self.slot else {
            return;
        };
        let (events, alive) = job.poll();
        for event in events {
            match event {
                JobEvent::Progress(progress) => {
                    if let ProjectSlot::Busy(job) = &mut self.slot {
                        job.progress = Some(progress);
                    }
                }
                JobEvent::Done(project, outcome) => {
                    self.slot = ProjectSlot::Open(project);
                    self.reload();
                    self.report(outcome);
                }
            }
        }
        if !alive && self.is_busy() {
            self.fail("The worker stopped unexpectedly; the project was reopened.".into());
            self.slot = ProjectSlot::None;
            self.reopen();
        }
        if self.is_busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Opens the current path again (after a worker died).
    fn reopen(&mut self) {
        if let Some(path) = self.view.path.clone() {
            self.open_project(&path, false);
        }
    }

    fn report(&mut self, outcome: Result<JobOutcome, String>) {
        let imported = |r: &crate::jobs::ImportReport| Notice {
            title: "Import report".into(),
            summary: r.to_string().lines().next().unwrap_or_default().to_string(),
            details: r.warnings.iter().map(|w| format!("⚠ {w}")).collect(),
            is_error: false,
        };
        let analysed = |r: &crate::jobs::AnalyzeReport| {
            format!(
                "{} articles analysed by {} {} in {} ms{}",
                r.articles,
                r.passes.len(),
                if r.passes.len() == 1 {
                    "pass"
                } else {
                    "passes"
                },
                r.elapsed_ms,
                if r.cancelled { " (cancelled)" } else { "" }
            )
        };
        match outcome {
            Ok(JobOutcome::Imported(report)) => {
                self.message = StatusMessage {
                    text: format!("Imported {} articles", report.imported),
                    is_error: false,
                };
                self.notice = Some(imported(&report));
            }
            Ok(JobOutcome::Analyzed(report)) => {
                self.message = StatusMessage {
                    text: analysed(&report),
                    is_error: false,
                };
                if !report.warnings.is_empty() {
                    self.notice = Some(analysis_notice(&report));
                }
            }
            Ok(JobOutcome::ImportedAndAnalyzed(import, analysis)) => {
                self.message = StatusMessage {
                    text: format!(
                        "Imported {} articles; {}",
                        import.imported,
                        analysed(&analysis)
                    ),
                    is_error: false,
                };
                if !import.warnings.is_empty() {
                    let mut notice = imported(&import);
                    notice
                        .details
                        .extend(analysis.warnings.iter().map(|w| format!("⚠ {w}")));
                    self.notice = Some(notice);
                } else if !analysis.warnings.is_empty() {
                    self.notice = Some(analysis_notice(&analysis));
                }
            }
            Err(error) => self.fail(error),
        }
    }

    fn fail(&mut self, error: String) {
        self.message = StatusMessage {
            text: error.clone(),
            is_error: true,
        };
        self.notice = Some(Notice {
            title: "Problem".into(),
            summary: error,
            details: Vec::new(),
            is_error: true,
        });
    }

    /// Files dropped on the window: a project file opens, anything else is imported.
    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if dropped.is_empty() {
            return;
        }
        match dropped.as_slice() {
            [one] if one.extension().is_some_and(|e| e == "dossier") => {
                self.commands.push(Command::OpenProject(one.clone()));
            }
            _ if self.view.path.is_none() => {
                self.fail("Open or create a project before importing files into it.".into());
            }
            _ => self.commands.push(Command::Import(dropped)),
        }
    }

    /// Notes the Library's width; saved with the layout when it settles.
    fn remember_library_width(&mut self, width: f32) {
        let width = width.round();
        if self.layout.library_width != Some(width) {
            self.layout.library_width = Some(width);
        }
    }

    fn save_layout(&mut self) {
        if let ProjectSlot::Open(project) = &mut self.slot {
            let layout = self.layout.clone();
            if let Ok(json) = serde_json::to_string(&layout) {
                let _ = project.set_ui_state("layout", &json);
            }
        }
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

/// The notice listing what an analysis run read only in part.
fn analysis_notice(report: &crate::jobs::AnalyzeReport) -> Notice {
    Notice {
        title: "Analysis report".into(),
        summary: format!(
            "{} of {} articles were analysed over part of their text",
            report.warnings.len(),
            report.articles
        ),
        details: report.warnings.iter().map(|w| format!("⚠ {w}")).collect(),
        is_error: false,
    }
}

/// The Sanctions panel's view model: lists, the latest change of each list with two or more
/// snapshots, the hits and the threshold.
fn lists_data(project: &Project) -> Result<lists_panel::ListsData, crate::store::StoreError> {
    let snapshots = project.sanctions_lists()?;
    let lists = crate::store::current_lists(snapshots.clone());
    let mut diffs = Vec::new();
    // Each list's current snapshot compared with the one imported before it.
    for new in &lists {
        let Some(old) = snapshots
            .iter()
            .filter(|l| l.name == new.name && l.id < new.id)
            .max_by_key(|l| l.id)
        else {
            continue;
        };
        let (Some(a), Some(b)) = (
            project.sanctions_entries(old.id)?,
            project.sanctions_entries(new.id)?,
        ) else {
            continue;
        };
        let diff = crate::sanctions::diff_entries(&a, &b);
        diffs.push(lists_panel::SnapshotDiff::new(old, new, &diff));
    }
    Ok(lists_panel::ListsData {
        lists,
        diffs,
        hits: project.screening_hits()?,
        threshold: jobs::screening_threshold(project)?,
    })
}

/// "Dated 2023-08-15 · inferred from the text", for the Text panel.
fn date_line(date: Option<crate::analysis::timeline::DocumentDate>, corrected: bool) -> String {
    use crate::analysis::timeline::DateSource;
    let Some(date) = date else {
        return "Not dated yet: run the analysis".into();
    };
    let source = match (corrected, date.source) {
        (true, _) => "set by you",
        (false, DateSource::Metadata) => "from the metadata",
        (false, DateSource::Dateline) => "from the dateline",
        (false, DateSource::Inferred) => {
            "inferred from the text or from dated reports of its story"
        }
        (false, DateSource::Unknown) => "unknown: relative dates stay unresolved",
    };
    match date.date {
        Some(d) => format!("Dated {d} · {source}"),
        None => format!("Date {source}"),
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
