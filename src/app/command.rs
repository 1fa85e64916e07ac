//! Everything a panel can ask for. Panels push commands during the frame; `App::apply` is the
//! only code that acts on them and the only code that writes the project.

use super::RightTab;
use super::actors_panel::ActorQuery;
use super::library::SortKey;
use super::quotes_panel::QuoteView;
use super::selection::Item;
use super::timeline_panel::LaneMode;
use crate::actors::Edit;
use crate::analysis::entities::EntityKind;
use crate::analysis::gazetteer::UserEntry;
use crate::model::ArticleId;
use std::path::PathBuf;

/// What a path dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    NewProject,
    OpenProject,
    ImportFiles,
    ImportFolder,
    ExportJson,
    ImportSanctions,
    ExportMarkdown,
    ExportHtml,
    ExportPdf,
}

/// A request from a panel, the menu or a worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Create an empty project at this path and open it.
    NewProject(PathBuf),
    /// Open an existing project file.
    OpenProject(PathBuf),
    /// Open the sample project, building it from `projects/niger-2023/` the first time.
    OpenSample,
    /// Import files and folders into the open project, on a worker thread.
    Import(Vec<PathBuf>),
    /// Run every analysis pass over the open project, on a worker thread.
    Analyze,
    /// Write one JSON record per article into this folder.
    ExportJson(PathBuf),
    /// Ask the running job to stop after its current batch.
    CancelJob,
    /// Change the shared selection (None clears it).
    Select(Option<Item>),
    /// Run a full-text search; an empty query clears it.
    Search(String),
    /// Sort the Library.
    SortLibrary(SortKey),
    /// Show every article in the Library again (after an actor filtered it).
    ClearLibraryFilter,
    /// Import a sanctions list (a file, or an OFAC sdn.csv with its alt.csv) and screen the
    /// actors against it.
    ImportSanctions(Vec<PathBuf>),
    /// Remove a sanctions list, every snapshot of it, and screen again.
    RemoveSanctionsList(String),
    /// Set the lowest score that counts as a screening hit, and screen again.
    SetScreeningThreshold(f32),
    /// Record the analyst's verdict on a screening hit (`None` clears it).
    SetVerdict {
        actor: String,
        list_name: String,
        entry_key: String,
        verdict: Option<crate::store::Verdict>,
    },
    /// Filter the Decisions tracker.
    FilterDecisions(super::decisions_panel::DecisionFilter),
    /// Save the analyst's tracking of a decision (`None` clears it); kept across re-analysis.
    SetDecisionEdit {
        key: String,
        edit: Option<crate::model::DecisionEdit>,
    },
    /// Change the briefing's scope or sections (the preview follows).
    Briefing(super::briefing_panel::BriefingChoice),
    /// Write the briefing in this format to this file (atomically).
    ExportBriefing(crate::export::briefing::Format, PathBuf),
    /// Show the Text or the Compare view in the central panel.
    ShowCenter(super::CenterView),
    /// Show the Text view (after picking an article elsewhere).
    ShowText,
    /// Add an article to the comparison (the oldest pick goes beyond four) and show it.
    CompareAdd(ArticleId),
    /// Take an article out of the comparison.
    CompareRemove(ArticleId),
    /// Empty the comparison (the Compare view shows the coverage matrix).
    CompareClear,
    /// Compare up to four reports of a story, one per outlet first.
    CompareStory(String),
    /// Group the Library by outlet or by story.
    GroupLibrary(super::library::GroupBy),
    /// Record an analyst edit of the stories (move, merge, split, rename).
    StoryEdit(crate::analysis::stories::StoryEdit),
    /// Fold or unfold one outlet's group in the Library.
    ToggleOutlet(String),
    /// Show the in-app path dialog for a purpose.
    AskPath(PathPurpose),
    /// Close the path dialog.
    CloseDialog,
    /// Close the notice window.
    DismissNotice,
    /// Show an article in the Text panel, keeping the selection (e.g. the selected actor).
    ShowArticle(ArticleId),
    /// Record an analyst correction of the entity layer and apply it.
    Edit(Edit),
    /// Take back the newest correction.
    Undo,
    /// Filter or sort the Actors table.
    QueryActors(ActorQuery),
    /// Switch the right-hand panel.
    ShowTab(RightTab),
    /// Set (or clear) the analyst's date for an article, then analyse again.
    SetArticleDate(ArticleId, Option<crate::model::Date>),
    /// Set (or clear) the analyst's value for a time expression, then analyse again.
    SetTimexValue {
        article: ArticleId,
        range: std::ops::Range<usize>,
        value: Option<String>,
    },
    /// Group the Quotes panel by speaker or outlet, or show the voice share.
    QuoteView(QuoteView),
    /// List the first `shown` quotes of the Quotes panel's group under `heading`.
    MoreQuotes { heading: String, shown: usize },
    /// Put the keyboard focus in the Library's search field (Ctrl+F).
    FocusSearch,
    /// Escape: clear the search, else the selection.
    Escape,
    /// Select the next (or previous) item of the list the selection is in (the arrow keys).
    Step { forward: bool },
    /// Enter: show the selected item where it is read (an article in the Text view, an actor
    /// in the Actors tab, a decision in the tracker).
    OpenSelected,
    /// Close the Decisions tracker's detail.
    CloseDecision,
    /// Put the layout back as a new project has it: panel sizes, tabs, views and filters.
    ResetLayout,
    /// Record the analyst's fix of a quote (reject, or its speaker); `None` removes it.
    FixQuote {
        article: ArticleId,
        range: std::ops::Range<usize>,
        fix: Option<crate::model::QuoteFix>,
    },
    /// Lay the Timeline out with a lane per outlet or per actor.
    TimelineLanes(LaneMode),
    /// Add or replace an entry of the project's own gazetteer, then analyse again.
    PutUserEntry(UserEntry),
    /// Remove an entry of the project's own gazetteer, then analyse again.
    RemoveUserEntry(EntityKind, String),
}
