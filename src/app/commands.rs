//! Applying commands: `App::apply` is the only code that changes the project or the app
//! state on a command; a change marks the views it touches stale (`views.rs` rebuilds them).
//! Opening a project and the long jobs (import, analysis) run on worker threads from here.

use super::library::LibraryInput;
use super::menu::{Notice, PathDialog};
use super::status::StatusMessage;
use super::views::{self, ViewSlot};
use super::worker::{Job, JobEvent, JobKind, JobOutcome, Opened, Opening};
use super::{
    App, CenterView, Command, Item, ProjectSlot, ProjectView, RightTab, SEARCH_LIMIT, SavedLayout,
    Selection, keys, recent,
};
use crate::actors::Edit;
use crate::export::briefing;
use crate::jobs;
use crate::model::ArticleId;
use crate::store::{Project, StoreError};
use eframe::egui;
use std::path::{Path, PathBuf};
use std::time::Duration;

impl App {
    /// Applies every queued command, in order.
    pub(super) fn apply_pending(&mut self, ctx: &egui::Context) {
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
                    self.open_project(&path, true, None);
                }
            }
            Command::OpenProject(path) => self.open_project(&path, false, None),
            Command::OpenSample => {
                let path = recent::sample_project();
                let fresh = !path.exists();
                self.open_project(&path, true, Some(fresh));
            }
            // What is imported is analysed at once, in the same job (progress, Cancel).
            Command::Import(paths) => self.pending_job = Some(JobKind::ImportAndAnalyze(paths)),
            Command::Analyze => self.pending_job = Some(JobKind::Analyze),
            Command::ExportJson(dir) => self.pending_job = Some(JobKind::ExportJson(dir)),
            Command::CancelJob => {
                if let ProjectSlot::Busy(job) = &self.slot {
                    job.cancel();
                }
            }
            Command::Select(item) => self.select(item),
            Command::Search(query) => self.search(&query),
            Command::SortLibrary(sort) => {
                self.layout.sort = sort;
                self.dirty(&[ViewSlot::Library]);
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
                    Ok(()) => self.changed(ViewSlot::Sanctions),
                    Err(error) => self.fail(error.to_string()),
                }
            }
            Command::ShowCenter(center) => {
                self.layout.center = center;
                self.save_layout();
            }
            Command::FilterDecisions(filter) => {
                self.layout.decision_filter = filter;
                self.dirty(&[ViewSlot::Decisions]);
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
                        self.changed(ViewSlot::Decisions);
                    }
                    Err(error) => self.fail(error.to_string()),
                }
            }
            Command::Briefing(choice) => {
                self.layout.briefing = choice;
                self.save_layout();
                self.dirty(&[ViewSlot::Briefing]);
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
                    .articles
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
                self.dirty(&[ViewSlot::Library]);
                self.save_layout();
            }
            Command::StoryEdit(edit) => {
                let ProjectSlot::Open(project) = &mut self.slot else {
                    return;
                };
                match project.add_story_edit(&edit) {
                    Ok(()) => {
                        self.message = StatusMessage {
                            text: "Story edit saved".into(),
                            is_error: false,
                        };
                        self.changed(ViewSlot::Articles);
                    }
                    Err(error) => self.fail(error.to_string()),
                }
            }
            Command::ClearLibraryFilter => {
                self.view.library_actor = None;
                self.dirty(&[ViewSlot::Library]);
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
                self.dirty(&[ViewSlot::Library]);
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
                self.dirty(&[ViewSlot::Actors]);
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
                self.dirty(&[ViewSlot::Decisions]);
            }
            Command::ResetLayout => {
                let open_article = self.layout.open_article;
                self.layout = SavedLayout {
                    open_article,
                    ..SavedLayout::default()
                };
                self.layout_generation += 1;
                self.dirty(&[
                    ViewSlot::Library,
                    ViewSlot::Actors,
                    ViewSlot::Quotes,
                    ViewSlot::Timeline,
                    ViewSlot::Decisions,
                    ViewSlot::Briefing,
                ]);
                self.refresh_comparison();
                self.message = StatusMessage {
                    text: "Layout reset".into(),
                    is_error: false,
                };
            }
            Command::QuoteView(view) => {
                self.layout.quote_view = view;
                self.quotes_shown.clear();
                self.dirty(&[ViewSlot::Quotes]);
                self.save_layout();
            }
            Command::MoreQuotes { heading, shown } => {
                self.quotes_shown.insert(heading, shown);
                self.dirty(&[ViewSlot::Quotes]);
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
                    Ok(()) => {
                        self.changed(ViewSlot::QuoteIndex);
                        self.dirty(&[ViewSlot::Text]);
                    }
                    Err(error) => self.fail(error.to_string()),
                }
            }
            Command::TimelineLanes(mode) => {
                self.layout.lanes = mode;
                self.dirty(&[ViewSlot::Timeline]);
                self.save_layout();
            }
            Command::PutUserEntry(entry) => self.change_analyst_data(|p| p.put_user_entry(&entry)),
            Command::RemoveUserEntry(kind, name) => {
                self.change_analyst_data(|p| p.remove_user_entry(kind, &name))
            }
        }
    }

    /// Opens (or creates) a project on a worker thread; `sample` says, for the sample
    /// project, whether its file was missing (it is built then).
    fn open_project(&mut self, path: &Path, create: bool, sample: Option<bool>) {
        if self.is_busy() || self.is_opening() {
            self.fail("Wait for the running job to finish before opening another project.".into());
            return;
        }
        self.save_layout();
        // Close the current project first: its lock must go before the same file reopens.
        self.slot = ProjectSlot::None;
        self.readers = None;
        self.view = ProjectView::default();
        self.quotes_shown.clear();
        self.selection = Selection::default();
        self.library_input = LibraryInput::default();
        match Opening::spawn(path.to_path_buf(), create, sample, self.ctx.clone()) {
            Ok(opening) => self.slot = ProjectSlot::Opening(opening),
            Err(error) => self.fail(format!("cannot start a worker thread: {error}")),
        }
    }

    /// Whether a project is being opened.
    pub(super) fn is_opening(&self) -> bool {
        matches!(self.slot, ProjectSlot::Opening(_))
    }

    /// The project being opened.
    pub(super) fn opening_path(&self) -> Option<&Path> {
        match &self.slot {
            ProjectSlot::Opening(opening) => Some(&opening.path),
            _ => None,
        }
    }

    /// Takes the opened project if its thread is done.
    pub(super) fn poll_opening(&mut self) {
        self.wait_for_opening(Duration::ZERO);
    }

    /// Takes the opened project, waiting at most `limit` for its thread.
    pub(super) fn wait_for_opening(&mut self, limit: Duration) {
        let ProjectSlot::Opening(opening) = &self.slot else {
            return;
        };
        let Some(outcome) = opening.answer(limit) else {
            return;
        };
        let (path, sample) = (opening.path.clone(), opening.sample);
        self.slot = ProjectSlot::None;
        match outcome {
            Ok(opened) => self.opened(opened, &path, sample),
            Err(error) => self.fail(error),
        }
    }

    /// Takes an opened project: restores its layout and starts reading what the panels show.
    fn opened(&mut self, opened: Opened, path: &Path, sample: Option<bool>) {
        let project = opened.project;
        let opened_text = match project.read_only() {
            Some(reason) => format!(
                "{} is read-only ({reason}): opened for reading",
                path.display()
            ),
            None => format!("Opened {}", path.display()),
        };
        self.layout = SavedLayout::restore(project.ui_state("layout").ok().flatten().as_deref());
        self.view.path = Some(path.to_path_buf());
        self.readers = Some(project.readers());
        self.slot = ProjectSlot::Open(Box::new(project));
        self.recent.push(path);
        self.views.reset();
        self.refresh_undo_label();
        if let Some(id) = self.layout.open_article {
            self.select(Some(Item::Article(ArticleId(id))));
        }
        self.message = StatusMessage {
            text: opened_text,
            is_error: false,
        };
        if sample.is_some_and(|fresh| fresh || opened.empty) {
            self.add_sample_list();
            self.pending_job = Some(JobKind::ImportAndAnalyze(vec![recent::sample_dir()]));
        }
    }

    /// Marks views stale (each is rebuilt off the UI thread when it shows).
    fn dirty(&mut self, slots: &[ViewSlot]) {
        self.views.dirty(slots);
    }

    /// After a write to the project: the part written is read again, and so are the views
    /// that read the whole project (the comparison, the matrix, the briefing); what reads the
    /// part follows when it is read.
    fn changed(&mut self, part: ViewSlot) {
        self.dirty(&[
            part,
            ViewSlot::Compare,
            ViewSlot::Matrix,
            ViewSlot::Briefing,
        ]);
    }

    /// Everything is read again (after an analysis, an import or an undo); the panels keep
    /// what they show until their new data is built.
    fn reload(&mut self) {
        self.dirty(&ViewSlot::ALL);
    }

    /// Saves the comparison's picks and compares them again.
    fn refresh_comparison(&mut self) {
        self.save_layout();
        self.dirty(&[ViewSlot::Compare]);
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
        if !self.message.is_error
            && let ProjectSlot::Open(project) = &self.slot
            && let Ok(Some(diff)) = super::views::snapshot_diff(project, &name)
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
                self.changed(ViewSlot::Sanctions);
            }
            Err(error) => self.fail(error.to_string()),
        }
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
        self.changed(ViewSlot::Registry);
        if matches!(
            edit,
            Edit::Merge { .. } | Edit::Rename { .. } | Edit::Split { .. }
        ) {
            // The edit carried the actor's screening hits and verdicts to its new name.
            self.dirty(&[ViewSlot::Sanctions]);
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

    /// Changes the selection; an article or span opens its article in the Text panel. The
    /// views that mark the selected actor are rebuilt only when the actor changes.
    fn select(&mut self, item: Option<Item>) {
        let article = item.as_ref().and_then(Item::article);
        if let Some(Item::Actor(name)) = &item
            && self.view.library_actor.as_ref() != Some(name)
        {
            self.view.library_actor = Some(name.clone());
            self.dirty(&[ViewSlot::Library]);
        }
        self.view.event_span = None;
        if let Some(Item::Event(id)) = &item {
            let reports = match self.event_reports(*id) {
                Ok(reports) => reports,
                Err(error) => {
                    self.fail(error.to_string());
                    Vec::new()
                }
            };
            // Its report in the open article if there is one, else its first report.
            let open = self.layout.open_article.map(ArticleId);
            let report = reports
                .iter()
                .find(|r| Some(r.article) == open)
                .or(reports.first());
            if let Some(report) = report {
                self.view.event_span = Some((report.article, report.sentence.clone()));
                self.open_article(report.article);
            }
        }
        let actor_before = self.selection.actor().map(str::to_string);
        self.selection.selected = item;
        if let Some(id) = article {
            self.open_article(id);
        }
        if self.selection.actor() != actor_before.as_deref() {
            self.dirty(&[
                ViewSlot::Text,
                ViewSlot::Actors,
                ViewSlot::Quotes,
                ViewSlot::Timeline,
            ]);
        }
        // The tracker follows only the selected actor and the open decision: clicking a quote
        // or a piece of evidence leaves it as it is.
        let focus = self.tracker_focus.follow(&self.selection);
        if focus != self.tracker_focus {
            self.tracker_focus = focus;
            self.dirty(&[ViewSlot::Decisions]);
        }
    }

    /// The reports of the event `id`, read from the project (through a reader of its own while
    /// a job holds it): the window keeps no event in memory but the timeline's rows.
    fn event_reports(&self, id: i64) -> Result<Vec<crate::model::EventReport>, StoreError> {
        match (&self.slot, &self.readers) {
            (ProjectSlot::Open(project), _) => project.event_reports(id),
            (_, Some(readers)) => readers.open()?.event_reports(id),
            _ => Ok(Vec::new()),
        }
    }

    /// Shows an article in the Text panel without touching the selection.
    fn open_article(&mut self, id: ArticleId) {
        if self.layout.open_article == Some(id.0) {
            return;
        }
        self.layout.open_article = Some(id.0);
        self.dirty(&[ViewSlot::Text]);
        self.save_layout();
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

    /// Writes the previewed briefing to `path` atomically, never over the project, its side
    /// files or anything that is not a regular file (`export::check_target`).
    fn export_briefing(&mut self, format: briefing::Format, path: &Path) {
        // The preview when it is up to date, else the briefing built now.
        let fresh = match (&self.slot, &self.view.briefing) {
            (_, Some(_)) if self.views.is_settled(ViewSlot::Briefing) => None,
            (ProjectSlot::Open(project), _) => {
                Some(views::briefing_of(project, &self.layout.briefing))
            }
            _ => None,
        };
        let none = Err("No project is open".to_string());
        let project = self.view.path.clone();
        let protected: Vec<&Path> = project.as_deref().into_iter().collect();
        let written = match fresh
            .as_ref()
            .or(self.view.briefing.as_ref())
            .unwrap_or(&none)
        {
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
    pub(super) fn poll_job(&mut self, ctx: &egui::Context) {
        let ProjectSlot::Busy(job) = &mut self.slot else {
            return;
        };
        let (events, alive) = job.poll();
        // an export changes nothing in the project: the views stay as they are
        let changes_project = !matches!(job.kind, JobKind::ExportJson(_));
        for event in events {
            match event {
                JobEvent::Progress(progress) => {
                    if let ProjectSlot::Busy(job) = &mut self.slot {
                        job.progress = Some(progress);
                    }
                }
                JobEvent::Done(project, outcome) => {
                    self.slot = ProjectSlot::Open(project);
                    if changes_project {
                        self.reload();
                    }
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
            self.open_project(&path, false, None);
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
                // the import report when it has something to say (warnings, duplicates, files seen before)
                if !import.warnings.is_empty()
                    || import.already_imported + import.exact_duplicates + import.near_duplicates
                        > 0
                {
                    let mut notice = imported(&import);
                    notice
                        .details
                        .extend(analysis.warnings.iter().map(|w| format!("⚠ {w}")));
                    self.notice = Some(notice);
                } else if !analysis.warnings.is_empty() {
                    self.notice = Some(analysis_notice(&analysis));
                }
            }
            Ok(JobOutcome::Exported(done, dir)) => {
                let mut written = done.written;
                let text = format!(
                    "{} JSON records written to {}{}",
                    written.written,
                    dir.display(),
                    if done.cancelled { " (cancelled)" } else { "" }
                );
                written.warnings.extend(done.incomplete);
                if !written.warnings.is_empty() {
                    self.notice = Some(Notice {
                        title: "JSON records written with problems".into(),
                        summary: text.clone(),
                        details: written.warnings.iter().map(|w| format!("⚠ {w}")).collect(),
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

    pub(super) fn fail(&mut self, error: String) {
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
    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
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
    pub(super) fn remember_library_width(&mut self, width: f32) {
        let width = width.round();
        if self.layout.library_width != Some(width) {
            self.layout.library_width = Some(width);
        }
    }

    pub(super) fn save_layout(&mut self) {
        if let ProjectSlot::Open(project) = &mut self.slot {
            let layout = self.layout.clone();
            if let Ok(json) = serde_json::to_string(&layout) {
                let _ = project.set_ui_state("layout", &json);
            }
        }
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
