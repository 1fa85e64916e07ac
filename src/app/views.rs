//! The views' data, built off the UI thread. Each view model (and each part of the project
//! that several of them read) is a [`ViewSlot`]; a command dirties the slots whose input it
//! changes, and a dirty slot that is on screen is rebuilt on a worker thread that opens its own
//! read-only connection ([`Readers::open`]). A result is taken only if no newer change dirtied
//! its slot meanwhile (a generation per slot); while a slot builds its panel keeps what it
//! showed, or says "Building …" the first time. Hidden tabs are built when they are shown.

use super::actors_panel::ActorsData;
use super::briefing_panel::{BriefingChoice, ScopeChoice};
use super::decisions_panel::{self, DecisionFilter, DecisionsData, TrackerFocus};
use super::library::{self, LibraryData, SortKey};
use super::lists_panel::{self, ListsData};
use super::network_panel::{self, NetworkData};
use super::quotes_panel::{QuoteIndex, QuoteKey, QuotePlace, QuoteView, QuoteWords, QuotesData};
use super::text_panel::{MentionView, QuoteMark, TextData};
use super::timeline_panel::{LaneMode, TimelineData};
use super::{ActorQuery, App, CenterView, RightTab};
use crate::actors::Totals;
use crate::analysis::gazetteer::UserEntry;
use crate::analysis::stories::Story;
use crate::export::brief::Briefing;
use crate::export::briefing::{self, Scope};
use crate::jobs;
use crate::model::Timex;
use crate::model::{Article, ArticleId, ArticleSummary, QuoteFix};
use crate::store::{Project, Readers, RegistryReader, StoreError, id_ranges};
use eframe::egui;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Instant;

/// One view model of the window, or a part of the project several of them read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewSlot {
    /// The article list and the stories (every view reads them).
    Articles,
    /// The actor registry's totals and the project's gazetteer.
    Registry,
    /// Every quote with its speaker, without its words (the Quotes tab reads it).
    QuoteIndex,
    /// The sanctions lists, their changes and the screening hits (the Sanctions tab; the
    /// Actors and Decisions views show the hits).
    Sanctions,
    /// The Library's rows.
    Library,
    /// The open article with its mentions, dates and quotes.
    Text,
    /// The Actors table and the selected actor's detail.
    Actors,
    /// The co-occurrence network.
    Network,
    /// The timeline chart and list.
    Timeline,
    /// The Quotes tab.
    Quotes,
    /// The Decisions tracker.
    Decisions,
    /// The picked articles side by side.
    Compare,
    /// The coverage matrix (outlets × stories).
    Matrix,
    /// The briefing preview.
    Briefing,
}

impl ViewSlot {
    /// Every slot, the project's parts first.
    pub const ALL: [ViewSlot; 14] = [
        ViewSlot::Articles,
        ViewSlot::Registry,
        ViewSlot::QuoteIndex,
        ViewSlot::Sanctions,
        ViewSlot::Library,
        ViewSlot::Text,
        ViewSlot::Actors,
        ViewSlot::Network,
        ViewSlot::Timeline,
        ViewSlot::Quotes,
        ViewSlot::Decisions,
        ViewSlot::Compare,
        ViewSlot::Matrix,
        ViewSlot::Briefing,
    ];

    /// The slots this one is built from: when one of them is rebuilt, this one is dirtied.
    pub fn reads(self) -> &'static [ViewSlot] {
        use ViewSlot::*;
        match self {
            Articles | Sanctions | Matrix | Briefing => &[],
            Registry | Library => &[Articles],
            Text | Timeline | QuoteIndex => &[Articles, Registry],
            Actors => &[Articles, Registry, Sanctions],
            Network | Compare => &[Registry],
            Quotes => &[QuoteIndex],
            Decisions => &[Articles, Sanctions],
        }
    }

    /// Whether the slot is one of the project's parts, read whatever the window shows.
    fn is_part(self) -> bool {
        matches!(
            self,
            ViewSlot::Articles | ViewSlot::Registry | ViewSlot::Sanctions
        )
    }

    /// Whether the slot's data is dropped while its view is hidden, and built again (off the UI
    /// thread, the panel saying "Building …") when it shows: the views that hold a share of
    /// every quote, event or decision of the project. The others are small (the network's
    /// 40 actors, a bounded briefing, two to four articles compared) or always on screen.
    fn is_dropped_when_hidden(self) -> bool {
        matches!(
            self,
            ViewSlot::QuoteIndex
                | ViewSlot::Quotes
                | ViewSlot::Timeline
                | ViewSlot::Decisions
                | ViewSlot::Matrix
        )
    }

    /// What the panel says while it builds for the first time.
    fn building_text(self) -> &'static str {
        match self {
            ViewSlot::Articles | ViewSlot::Registry | ViewSlot::Sanctions => {
                "Reading the project …"
            }
            ViewSlot::QuoteIndex => "Reading the quotes …",
            ViewSlot::Library => "Building the article list …",
            ViewSlot::Text => "Opening the article …",
            ViewSlot::Actors => "Building the actors table …",
            ViewSlot::Network => "Building the network …",
            ViewSlot::Timeline => "Building the timeline …",
            ViewSlot::Quotes => "Building the quotes …",
            ViewSlot::Decisions => "Building the tracker …",
            ViewSlot::Compare => "Comparing the articles …",
            ViewSlot::Matrix => "Building the coverage matrix …",
            ViewSlot::Briefing => "Building the briefing …",
        }
    }
}

/// The project's article list and stories, shared by the views.
#[derive(Debug, Default)]
pub(super) struct ArticlesPart {
    pub summaries: Vec<ArticleSummary>,
    pub stories: Vec<Story>,
}

/// The effective actor registry's totals with what is read beside it.
#[derive(Debug, Default)]
pub(super) struct RegistryPart {
    pub actors: Totals,
    /// The registry's rows and edits, to build it over a range of articles.
    pub reader: RegistryReader,
    /// The project's own gazetteer entries.
    pub user_entries: Vec<UserEntry>,
}

/// The open article and its view model.
#[derive(Debug)]
pub(super) struct OpenText {
    pub article: Article,
    pub data: TextData,
    pub timexes: Vec<Timex>,
    pub mentions: Vec<MentionView>,
    pub quote_marks: Vec<QuoteMark>,
}

/// A slot's new data, made on a worker.
pub(super) enum Built {
    Articles(Arc<ArticlesPart>),
    Registry(Arc<RegistryPart>),
    QuoteIndex(Arc<QuoteIndex>),
    Sanctions(Arc<ListsData>),
    Library(LibraryData),
    Text(Option<Box<OpenText>>),
    Actors(ActorsData),
    Network(NetworkData),
    Timeline(TimelineData),
    Quotes(QuotesData),
    Decisions(DecisionsData),
    Compare(Option<crate::coverage::Comparison>),
    Matrix(crate::coverage::Matrix),
    Briefing(Result<Briefing, String>),
}

/// The work of one build: its inputs are captured, the connection is its own.
type Build = Box<dyn FnOnce(&Readers) -> Result<Built, String> + Send>;

/// A finished build as the worker sends it back.
struct Done {
    slot: ViewSlot,
    generation: u64,
    result: Result<Built, String>,
}

/// Where a slot stands.
#[derive(Clone, Copy, Debug, Default)]
struct SlotState {
    /// The generation its data should have: bumped by every change it reads.
    wanted: u64,
    /// The generation of the data it has (0: none yet).
    built: u64,
    /// The generation being built on a worker.
    in_flight: Option<u64>,
    /// How many builds were started (tests read it).
    builds: u32,
}

impl SlotState {
    fn is_dirty(&self) -> bool {
        self.wanted > self.built
    }
}

/// The slots, their generations and the channel the workers answer on.
pub(super) struct Views {
    states: HashMap<ViewSlot, SlotState>,
    next_generation: u64,
    sender: Sender<Done>,
    receiver: Receiver<Done>,
}

impl Default for Views {
    fn default() -> Self {
        let (sender, receiver) = channel();
        Views {
            states: HashMap::new(),
            next_generation: 1,
            sender,
            receiver,
        }
    }
}

impl Views {
    fn state(&self, slot: ViewSlot) -> SlotState {
        self.states.get(&slot).copied().unwrap_or_default()
    }

    /// Marks slots stale: each is rebuilt when it next shows.
    pub fn dirty(&mut self, slots: &[ViewSlot]) {
        for &slot in slots {
            let generation = self.next_generation;
            self.next_generation += 1;
            self.states.entry(slot).or_default().wanted = generation;
        }
    }

    /// A new project: every slot forgets its data and is stale. Builds still running for the
    /// old project answer with generations no slot wants, and are dropped.
    pub fn reset(&mut self) {
        let builds: HashMap<ViewSlot, u32> =
            self.states.iter().map(|(s, st)| (*s, st.builds)).collect();
        self.states.clear();
        for slot in ViewSlot::ALL {
            self.states.entry(slot).or_default().builds = builds.get(&slot).copied().unwrap_or(0);
        }
        self.dirty(&ViewSlot::ALL);
    }

    /// Forgets the slot's data: the slot is stale and says it is building until it is built
    /// again.
    pub fn forget(&mut self, slot: ViewSlot) {
        self.dirty(&[slot]);
        self.states.entry(slot).or_default().built = 0;
    }

    /// Whether a build runs on a worker.
    pub fn is_building(&self) -> bool {
        self.states.values().any(|s| s.in_flight.is_some())
    }

    /// Whether the slot has no data yet (its panel says it is building).
    pub fn is_first_build(&self, slot: ViewSlot) -> bool {
        self.state(slot).built == 0
    }

    /// Whether the slot has its latest data.
    pub fn is_settled(&self, slot: ViewSlot) -> bool {
        let state = self.state(slot);
        !state.is_dirty() && state.in_flight.is_none()
    }

    /// How many builds of the slot were started.
    pub fn builds_of(&self, slot: ViewSlot) -> u32 {
        self.state(slot).builds
    }

    /// Whether the slot should start a build now: stale, not building, and everything it
    /// reads built and settled.
    fn can_start(&self, slot: ViewSlot) -> bool {
        let state = self.state(slot);
        state.is_dirty()
            && state.in_flight.is_none()
            && slot
                .reads()
                .iter()
                .all(|&read| self.is_settled(read) && !self.is_first_build(read))
    }

    /// Runs `build` on a new worker thread, which wakes the UI when it is done.
    fn start(
        &mut self,
        slot: ViewSlot,
        readers: Readers,
        ctx: Option<egui::Context>,
        build: Build,
    ) -> std::io::Result<()> {
        let generation = self.state(slot).wanted;
        let sender = self.sender.clone();
        std::thread::Builder::new()
            .name(format!("dossier-view-{slot:?}").to_lowercase())
            .spawn(move || {
                let result = build(&readers);
                let _ = sender.send(Done {
                    slot,
                    generation,
                    result,
                });
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            })?;
        let state = self.states.entry(slot).or_default();
        state.in_flight = Some(generation);
        state.builds += 1;
        Ok(())
    }

    /// Takes a finished build: its result if it is the slot's latest, `None` if stale. The
    /// slots that read a slot just built are dirtied.
    fn take(&mut self, done: Done) -> Option<Result<Built, String>> {
        let state = self.states.entry(done.slot).or_default();
        if state.in_flight == Some(done.generation) {
            state.in_flight = None;
        }
        if done.generation != state.wanted {
            return None;
        }
        state.built = done.generation;
        if done.result.is_ok() {
            let readers: Vec<ViewSlot> = ViewSlot::ALL
                .into_iter()
                .filter(|s| s.reads().contains(&done.slot))
                .collect();
            self.dirty(&readers);
        }
        Some(done.result)
    }
}

/// The slot of each right-hand tab.
pub(super) fn tab_slot(tab: RightTab) -> ViewSlot {
    match tab {
        RightTab::Actors => ViewSlot::Actors,
        RightTab::Network => ViewSlot::Network,
        RightTab::Timeline => ViewSlot::Timeline,
        RightTab::Quotes => ViewSlot::Quotes,
        RightTab::Decisions => ViewSlot::Decisions,
        RightTab::Sanctions => ViewSlot::Sanctions,
    }
}

/// "Building …" with a spinner, for a panel whose first build runs.
pub(super) fn building_ui(ui: &mut egui::Ui, slot: ViewSlot) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.weak(slot.building_text());
    });
}

impl App {
    /// Whether the slot's panel is on screen (the project's parts always count).
    fn is_shown(&self, slot: ViewSlot) -> bool {
        match slot {
            _ if slot.is_part() => true,
            ViewSlot::Library => true,
            ViewSlot::Text => self.layout.center == CenterView::Text,
            ViewSlot::Compare => {
                self.layout.center == CenterView::Compare && self.layout.compare_ids.len() >= 2
            }
            ViewSlot::QuoteIndex => self.layout.right_tab == RightTab::Quotes,
            ViewSlot::Matrix => self.layout.center == CenterView::Compare,
            ViewSlot::Briefing => self.layout.center == CenterView::Briefing,
            _ => tab_slot(self.layout.right_tab) == slot,
        }
    }

    /// Whether the slot's panel should say it is building instead of drawing its data.
    pub(super) fn shows_building(&self, slot: ViewSlot) -> bool {
        self.readers.is_some() && self.views.is_first_build(slot)
    }

    /// A line for the status bar while the project opens, its parts are read, or a view on
    /// screen is built or rebuilt (the view meanwhile keeps what it showed).
    pub(super) fn progress_line(&self) -> Option<String> {
        if let Some(path) = self.opening_path() {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            return Some(format!("Opening {} …", name.unwrap_or_default()));
        }
        self.readers.as_ref()?;
        if ViewSlot::ALL
            .iter()
            .any(|&s| s.is_part() && !self.views.is_settled(s))
        {
            return Some(ViewSlot::Articles.building_text().to_string());
        }
        ViewSlot::ALL
            .into_iter()
            .find(|&s| self.is_shown(s) && !self.views.is_settled(s))
            .map(|s| s.building_text().to_string())
    }

    /// Takes finished builds, starts the builds the screen needs, and, when the app waits for
    /// its views (tests), blocks until every one has settled.
    pub(super) fn tick_views(&mut self) {
        let mut took = false;
        while let Ok(done) = self.views.receiver.try_recv() {
            took |= self.accept(done);
        }
        self.drop_hidden_views();
        self.start_views();
        let Some(limit) = self.wait_for_views else {
            return;
        };
        let deadline = Instant::now() + limit;
        while self.is_building() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            if self.is_opening() {
                self.wait_for_opening(left);
            } else {
                match self.views.receiver.recv_timeout(left) {
                    Ok(done) => took |= self.accept(done),
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                }
            }
            self.start_views();
        }
        if took && let Some(ctx) = &self.ctx {
            ctx.request_repaint();
        }
    }

    /// Drops the data of the views that hold a share of the whole project while they are
    /// hidden (see [`ViewSlot::is_dropped_when_hidden`]); a build running for one is let
    /// finish, and its result dropped once taken.
    fn drop_hidden_views(&mut self) {
        for slot in ViewSlot::ALL {
            let state = self.views.state(slot);
            if !slot.is_dropped_when_hidden()
                || self.is_shown(slot)
                || state.built == 0
                || state.in_flight.is_some()
            {
                continue;
            }
            self.views.forget(slot);
            let view = &mut self.view;
            match slot {
                ViewSlot::QuoteIndex => view.quote_index = Arc::default(),
                ViewSlot::Quotes => view.quotes_data = QuotesData::default(),
                ViewSlot::Timeline => view.timeline = TimelineData::default(),
                ViewSlot::Decisions => view.decisions = DecisionsData::default(),
                ViewSlot::Matrix => view.matrix = crate::coverage::Matrix::default(),
                _ => {}
            }
        }
    }

    /// Starts a build for every stale slot on screen whose inputs are ready.
    fn start_views(&mut self) {
        let Some(readers) = self.readers.clone() else {
            return;
        };
        for slot in ViewSlot::ALL {
            if !self.is_shown(slot) || !self.views.can_start(slot) {
                continue;
            }
            let build = self.build_of(slot);
            if let Err(error) = self
                .views
                .start(slot, readers.clone(), self.ctx.clone(), build)
            {
                self.fail(format!("cannot start a worker thread: {error}"));
                return;
            }
        }
    }

    /// Takes one finished build into the view; true when it was the latest.
    fn accept(&mut self, done: Done) -> bool {
        let Some(result) = self.views.take(done) else {
            return false;
        };
        let built = match result {
            Ok(built) => built,
            Err(error) => {
                self.fail(error);
                return true;
            }
        };
        let view = &mut self.view;
        match built {
            Built::Articles(part) => {
                let known: HashSet<ArticleId> = part.summaries.iter().map(|s| s.id).collect();
                let picked = self.layout.compare_ids.len();
                self.layout.compare_ids.retain(|id| known.contains(id));
                if self.layout.compare_ids.len() != picked {
                    self.views.dirty(&[ViewSlot::Compare]);
                }
                view.articles = part;
            }
            Built::Registry(part) => view.registry = part,
            Built::QuoteIndex(index) => view.quote_index = index,
            Built::Sanctions(part) => view.lists = part,
            Built::Library(data) => view.library = data,
            Built::Text(open) => {
                if open.is_none() {
                    self.layout.open_article = None;
                }
                view.open = open;
            }
            Built::Actors(data) => view.actors_data = data,
            Built::Network(data) => view.network = data,
            Built::Timeline(data) => view.timeline = data,
            Built::Quotes(data) => view.quotes_data = data,
            Built::Decisions(data) => view.decisions = data,
            Built::Compare(data) => view.comparison = data,
            Built::Matrix(data) => view.matrix = data,
            Built::Briefing(data) => view.briefing = Some(data),
        }
        true
    }

    /// The build of a slot, its inputs taken from the app as it is now.
    fn build_of(&self, slot: ViewSlot) -> Build {
        let articles = Arc::clone(&self.view.articles);
        let registry = Arc::clone(&self.view.registry);
        let lists = Arc::clone(&self.view.lists);
        let selected = self.selection.actor().map(str::to_string);
        match slot {
            ViewSlot::Articles => Box::new(|readers| {
                let project = open(readers)?;
                Ok(Built::Articles(Arc::new(ArticlesPart {
                    summaries: project.article_summaries().map_err(text)?,
                    stories: project.stories().map_err(text)?,
                })))
            }),
            ViewSlot::Registry => Box::new(move |readers| {
                let project = open(readers)?;
                registry_part(&project)
                    .map(|r| Built::Registry(Arc::new(r)))
                    .map_err(text)
            }),
            ViewSlot::QuoteIndex => Box::new(move |readers| {
                let project = open(readers)?;
                quote_index(&project, &articles, &registry)
                    .map(|index| Built::QuoteIndex(Arc::new(index)))
                    .map_err(text)
            }),
            ViewSlot::Sanctions => Box::new(|readers| {
                let project = open(readers)?;
                lists_data(&project)
                    .map(|l| Built::Sanctions(Arc::new(l)))
                    .map_err(text)
            }),
            ViewSlot::Library => {
                let input = LibraryInputs {
                    sort: self.layout.sort,
                    group_by: self.layout.group_by,
                    collapsed: self.layout.collapsed_outlets.iter().cloned().collect(),
                    actor: self.view.library_actor.clone(),
                };
                Box::new(move |_| Ok(Built::Library(library_data(&articles, &registry, &input))))
            }
            ViewSlot::Text => {
                let id = self.layout.open_article.map(ArticleId);
                Box::new(move |readers| {
                    let Some(id) = id else {
                        return Ok(Built::Text(None));
                    };
                    let project = open(readers)?;
                    open_text(&project, id, &articles, &registry, selected.as_deref())
                        .map(|t| Built::Text(t.map(Box::new)))
                        .map_err(text)
                })
            }
            ViewSlot::Actors => {
                let query: ActorQuery = self.layout.actor_query.clone();
                Box::new(move |_| {
                    let mut data = ActorsData::new(
                        &registry.actors,
                        &articles.summaries,
                        &query,
                        selected.as_deref(),
                        &lists.hits,
                    );
                    data.user_entries = registry.user_entries.clone();
                    Ok(Built::Actors(data))
                })
            }
            ViewSlot::Network => Box::new(move |readers| {
                let project = open(readers)?;
                network_data(&project, &articles, &registry)
                    .map(Built::Network)
                    .map_err(text)
            }),
            ViewSlot::Timeline => {
                let lanes: LaneMode = self.layout.lanes;
                Box::new(move |readers| {
                    // The events are read for the build and dropped with it: the window
                    // keeps only the timeline's rows.
                    let events = open(readers)?.events().map_err(text)?;
                    let outlet_of = articles
                        .summaries
                        .iter()
                        .map(|s| (s.id, s.outlet.clone()))
                        .collect();
                    Ok(Built::Timeline(TimelineData::new(
                        &events,
                        &outlet_of,
                        lanes,
                        selected.as_deref(),
                    )))
                })
            }
            ViewSlot::Quotes => {
                let view: QuoteView = self.layout.quote_view;
                let index = Arc::clone(&self.view.quote_index);
                let shown = self.quotes_shown.clone();
                Box::new(move |readers| {
                    let project = open(readers)?;
                    let mut failed = None;
                    let data = QuotesData::new(&index, view, selected.as_deref(), &shown, |keys| {
                        quote_words(&project, keys).unwrap_or_else(|error| {
                            failed = Some(error);
                            Vec::new()
                        })
                    });
                    match failed {
                        Some(error) => Err(text(error)),
                        None => Ok(Built::Quotes(data)),
                    }
                })
            }
            ViewSlot::Decisions => {
                let filter: DecisionFilter = self.layout.decision_filter.clone();
                let focus: TrackerFocus = self.tracker_focus.clone();
                Box::new(move |readers| {
                    let project = open(readers)?;
                    decisions_data(&project, &articles, &lists, &filter, &focus)
                        .map(Built::Decisions)
                        .map_err(text)
                })
            }
            ViewSlot::Compare => {
                let ids = self.layout.compare_ids.clone();
                Box::new(move |readers| {
                    if ids.len() < 2 {
                        return Ok(Built::Compare(None));
                    }
                    let project = open(readers)?;
                    crate::coverage::compare_with(&project, &registry.actors, &ids)
                        .map(|c| Built::Compare(Some(c)))
                        .map_err(text)
                })
            }
            ViewSlot::Matrix => Box::new(|readers| {
                let project = open(readers)?;
                crate::coverage::coverage_matrix(&project)
                    .map(Built::Matrix)
                    .map_err(text)
            }),
            ViewSlot::Briefing => {
                let choice = self.layout.briefing.clone();
                Box::new(move |readers| {
                    let project = open(readers)?;
                    Ok(Built::Briefing(briefing_of(&project, &choice)))
                })
            }
        }
    }
}

fn text(error: StoreError) -> String {
    error.to_string()
}

/// A worker's own read-only connection to the project.
fn open(readers: &Readers) -> Result<Project, String> {
    readers.open().map_err(text)
}

/// Reads the actor registry's totals and the gazetteer.
fn registry_part(project: &Project) -> Result<RegistryPart, StoreError> {
    Ok(RegistryPart {
        actors: project.actor_totals()?,
        reader: project.registry_reader()?,
        user_entries: project.user_entries()?,
    })
}

/// The article ids of `articles`, ascending.
fn ids_of(articles: &ArticlesPart) -> Vec<ArticleId> {
    let mut ids: Vec<ArticleId> = articles.summaries.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    ids
}

/// Every quote of the project with its fixes applied and its speaker resolved, read a range
/// of articles at a time.
fn quote_index(
    project: &Project,
    articles: &ArticlesPart,
    registry: &RegistryPart,
) -> Result<QuoteIndex, StoreError> {
    let fixes = project.quote_fixes()?;
    let (totals, reader) = (&registry.actors, &registry.reader);
    let meta: HashMap<ArticleId, &ArticleSummary> =
        articles.summaries.iter().map(|s| (s.id, s)).collect();
    let story_of: HashMap<ArticleId, &str> = articles
        .stories
        .iter()
        .flat_map(|s| s.members.iter().map(|&m| (ArticleId(m), s.name.as_str())))
        .collect();
    let mut index = QuoteIndex::default();
    for (first, last) in id_ranges(&ids_of(articles)) {
        let speakers = crate::coverage::Speakers::read(project, totals, reader, (first, last))?;
        for (article, row, words) in project.quote_word_counts_in(first, last)? {
            let Some(row) = QuoteFix::apply(fixes.get(&(article, row.range.clone())), row) else {
                continue;
            };
            let actor = speakers.actor(article, &row);
            let summary = meta.get(&article);
            let date = summary
                .and_then(|s| s.published)
                .map(|d| d.to_string())
                .unwrap_or_default();
            index.push(QuotePlace {
                article,
                range: (row.range.start, row.range.end),
                speaker: actor.unwrap_or(&row.speaker_name),
                is_actor: actor.is_some(),
                anonymous: row.anonymous,
                words,
                outlet: summary
                    .and_then(|s| s.outlet.as_deref())
                    .unwrap_or(library::UNKNOWN_OUTLET),
                date: &date,
                story: story_of.get(&article).copied(),
            });
        }
    }
    Ok(index)
}

/// The stored quotes of `keys` with their words, in order (`None` for one no longer stored).
fn quote_words(
    project: &Project,
    keys: &[QuoteKey],
) -> Result<Vec<Option<QuoteWords>>, StoreError> {
    let mut by_article: HashMap<ArticleId, Vec<QuoteWords>> = HashMap::new();
    for key in keys {
        if let std::collections::hash_map::Entry::Vacant(entry) = by_article.entry(key.article) {
            let quotes = project.quotes_in(key.article, key.article)?;
            entry.insert(
                quotes
                    .into_iter()
                    .map(|(_, row, cue, content)| QuoteWords { row, cue, content })
                    .collect(),
            );
        }
    }
    Ok(keys
        .iter()
        .map(|key| {
            by_article.get(&key.article).and_then(|quotes| {
                quotes
                    .iter()
                    .find(|q| q.row.range == (key.start..key.end))
                    .cloned()
            })
        })
        .collect())
}

/// The co-occurrence network of the most mentioned actors, the mentions read a range of
/// articles at a time.
fn network_data(
    project: &Project,
    articles: &ArticlesPart,
    registry: &RegistryPart,
) -> Result<NetworkData, StoreError> {
    let (totals, reader) = (&registry.actors, &registry.reader);
    let mut network = network_panel::Cooccurrence::new(totals, network_panel::MAX_NODES);
    for range in id_ranges(&ids_of(articles)) {
        project.for_each_mention_in(totals, reader, range, |m| {
            network.add(m.article, m.sentence, m.actor);
        })?;
        network.flush();
    }
    Ok(network.finish())
}

/// What the Library's rows depend on besides the project.
struct LibraryInputs {
    sort: SortKey,
    group_by: library::GroupBy,
    collapsed: HashSet<String>,
    /// The actor whose articles the Library shows.
    actor: Option<String>,
}

fn library_data(
    articles: &ArticlesPart,
    registry: &RegistryPart,
    input: &LibraryInputs,
) -> LibraryData {
    let filter = input.actor.as_ref().and_then(|name| {
        let actor = &registry.actors.actors[registry.actors.find(name)?];
        Some(library::ActorFilter {
            actor: actor.name.clone(),
            articles: actor.articles.iter().copied().collect(),
        })
    });
    let stories = (input.group_by == library::GroupBy::Story).then_some(&articles.stories[..]);
    LibraryData::grouped(
        &articles.summaries,
        input.sort,
        &input.collapsed,
        filter.as_ref(),
        stories,
    )
}

/// The article `id` as the Text panel shows it, with its mentions and quotes (the selected
/// actor's marked); `None` when no article has that id.
fn open_text(
    project: &Project,
    id: ArticleId,
    articles: &ArticlesPart,
    registry: &RegistryPart,
    selected: Option<&str>,
) -> Result<Option<OpenText>, StoreError> {
    let Some(article) = project.article(id)? else {
        return Ok(None);
    };
    let duplicate_title = article.duplicate_of.and_then(|d| {
        articles
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
    let timexes = project.timexes(id).unwrap_or_default();
    // The registry over this article's mentions gives each the actor the whole project's does.
    let actors = registry.reader.read(project, id, id)?;
    let mentions = actors
        .in_article(id)
        .map(|m| {
            let actor = m.actor.map(|a| &actors.actors[a]);
            MentionView {
                range: m.range.clone(),
                text: m.text.clone(),
                kind: actor.map_or(m.kind, |a| a.kind),
                actor: actor.map(|a| a.name.clone()),
                roles: actor.map(|a| a.roles.clone()).unwrap_or_default(),
                selected: actor.is_some_and(|a| Some(a.name.as_str()) == selected),
            }
        })
        .collect();
    let fixes = project.quote_fixes()?;
    let speakers = crate::coverage::Speakers::new(&actors, &registry.actors);
    let quote_marks = project
        .quotes(id)?
        .into_iter()
        .filter_map(|q| QuoteFix::apply(fixes.get(&(id, q.range.clone())), q))
        .map(|q| QuoteMark {
            selected: selected.is_some_and(|s| speakers.name(id, &q) == s),
            content: q.content,
            speaker: q.speaker_range,
        })
        .collect();
    Ok(Some(OpenText {
        article,
        data,
        timexes,
        mentions,
        quote_marks,
    }))
}

/// The tracker's view: the tracked decisions with the analyst's edits, filtered, and the
/// evidence of the open decision's articles.
fn decisions_data(
    project: &Project,
    articles: &ArticlesPart,
    lists: &ListsData,
    filter: &DecisionFilter,
    focus: &TrackerFocus,
) -> Result<DecisionsData, StoreError> {
    let tracked = project.tracked_decisions()?;
    let edits = project.decision_edits()?;
    // The texts of the evidence the open decision's detail lists.
    let mut texts = HashMap::new();
    if let Some(key) = &focus.open
        && let Some(t) = tracked.iter().find(|t| t.key == *key)
    {
        let shown: HashSet<ArticleId> = t
            .steps
            .iter()
            .take(decisions_panel::EVIDENCE_SHOWN)
            .map(|s| s.article)
            .collect();
        for summary in articles.summaries.iter().filter(|s| shown.contains(&s.id)) {
            if let Some(article) = project.article(summary.id)? {
                texts.insert(summary.id, (summary.clone(), article.text));
            }
        }
    }
    let find = filter.text.trim();
    let evidence_matches = if find.is_empty() {
        Default::default()
    } else {
        project.decisions_with_evidence(find).unwrap_or_default()
    };
    Ok(DecisionsData::new(
        &tracked,
        &edits,
        &lists.hits,
        &texts,
        filter,
        focus,
        &evidence_matches,
    ))
}

/// The briefing preview for `choice`, or why it cannot be built.
pub(super) fn briefing_of(project: &Project, choice: &BriefingChoice) -> Result<Briefing, String> {
    let scope = match &choice.scope {
        ScopeChoice::Project => Ok(Scope::Project),
        ScopeChoice::Story(key) => Ok(Scope::Story(key.clone())),
        ScopeChoice::Actor(name) => Ok(Scope::Actors(vec![name.clone()])),
        ScopeChoice::Dates { from, to } => {
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
    scope.and_then(|scope| {
        briefing::build(project, &scope, choice.sections, &today).map_err(|e| e.to_string())
    })
}

/// The Sanctions panel's view model: lists, the latest change of each list with two or more
/// snapshots, the hits and the threshold.
fn lists_data(project: &Project) -> Result<ListsData, StoreError> {
    let lists = crate::store::current_lists(project.sanctions_lists()?);
    let mut diffs = Vec::new();
    // Each list's current snapshot compared with the one imported before it.
    for list in &lists {
        diffs.extend(snapshot_diff(project, &list.name)?);
    }
    Ok(ListsData {
        lists,
        diffs,
        hits: project.screening_hits()?,
        threshold: jobs::screening_threshold(project)?,
    })
}

/// "Dated 2023-08-15 · inferred from the text", for the Text panel.
fn date_line(date: Option<crate::model::DocumentDate>, corrected: bool) -> String {
    use crate::model::DateSource;
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

/// How the current snapshot of the list `name` differs from the one imported before it, if
/// there is one.
pub(super) fn snapshot_diff(
    project: &Project,
    name: &str,
) -> Result<Option<lists_panel::SnapshotDiff>, crate::store::StoreError> {
    let snapshots = project.sanctions_lists()?;
    let mut of_list: Vec<_> = snapshots.iter().filter(|l| l.name == name).collect();
    of_list.sort_by_key(|l| l.id);
    let [.., old, new] = of_list[..] else {
        return Ok(None);
    };
    let (Some(a), Some(b)) = (
        project.sanctions_entries(old.id)?,
        project.sanctions_entries(new.id)?,
    ) else {
        return Ok(None);
    };
    let diff = crate::sanctions::diff_entries(&a, &b);
    Ok(Some(lists_panel::SnapshotDiff::new(old, new, &diff)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(slot: ViewSlot, generation: u64) -> Done {
        Done {
            slot,
            generation,
            result: Ok(Built::Articles(Arc::default())),
        }
    }

    #[test]
    fn a_stale_build_is_dropped_and_a_built_part_dirties_what_reads_it() {
        let mut views = Views::default();
        views.reset();
        assert!(views.can_start(ViewSlot::Articles));
        assert!(views.can_start(ViewSlot::Matrix), "reads nothing");
        assert!(
            !views.can_start(ViewSlot::Registry),
            "waits for the articles"
        );
        assert!(!views.can_start(ViewSlot::Actors));

        // A build started, then a newer change: its result is stale.
        let first = views.state(ViewSlot::Articles).wanted;
        views
            .states
            .entry(ViewSlot::Articles)
            .or_default()
            .in_flight = Some(first);
        assert!(!views.can_start(ViewSlot::Articles), "one build at a time");
        views.dirty(&[ViewSlot::Articles]);
        assert!(views.take(done(ViewSlot::Articles, first)).is_none());
        assert!(views.is_first_build(ViewSlot::Articles));
        assert!(!views.is_building());

        let latest = views.state(ViewSlot::Articles).wanted;
        let registry = views.state(ViewSlot::Registry).wanted;
        let matrix = views.state(ViewSlot::Matrix).wanted;
        assert!(views.take(done(ViewSlot::Articles, latest)).is_some());
        assert!(views.is_settled(ViewSlot::Articles));
        assert!(
            views.state(ViewSlot::Registry).wanted > registry,
            "reads the articles"
        );
        assert_eq!(views.state(ViewSlot::Matrix).wanted, matrix, "does not");
        assert!(views.can_start(ViewSlot::Registry));
        assert!(!views.can_start(ViewSlot::Actors), "waits for the registry");
    }

    #[test]
    fn a_new_project_forgets_every_view_and_keeps_the_counts() {
        let mut views = Views::default();
        views.reset();
        let generation = views.state(ViewSlot::Quotes).wanted;
        let state = views.states.entry(ViewSlot::Quotes).or_default();
        state.in_flight = Some(generation);
        state.builds = 1;
        views.reset();
        // The old project's build answers: no slot wants it.
        assert!(views.take(done(ViewSlot::Quotes, generation)).is_none());
        assert!(views.is_first_build(ViewSlot::Quotes));
        assert_eq!(views.builds_of(ViewSlot::Quotes), 1);
    }
}
