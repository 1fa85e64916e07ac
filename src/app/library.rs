//! The Library panel: articles grouped by outlet or by story, sortable, with a full-text search
//! box whose hits show highlighted snippets; story edits (move, new story, merge, rename) from
//! the rows' context menus. The list is virtualised: only visible rows are laid out.

use super::command::Command;
use super::highlight;
use super::selection::{Item, Selection};
use super::theme;
use crate::analysis::stories::{Story, StoryEdit};
use crate::model::{ArticleId, ArticleSummary, SearchHit};
use eframe::egui;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Label used for articles whose outlet is not known.
pub const UNKNOWN_OUTLET: &str = "(outlet unknown)";

/// How the Library orders articles inside each outlet group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    #[default]
    NewestFirst,
    OldestFirst,
    Title,
}

impl SortKey {
    pub const ALL: [SortKey; 3] = [SortKey::NewestFirst, SortKey::OldestFirst, SortKey::Title];

    pub fn label(self) -> &'static str {
        match self {
            SortKey::NewestFirst => "Newest first",
            SortKey::OldestFirst => "Oldest first",
            SortKey::Title => "Title",
        }
    }
}

/// What the Library groups articles by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupBy {
    #[default]
    Outlet,
    Story,
}

/// A story as the Library lists it: its key, name and members.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryRef {
    pub key: String,
    pub name: String,
}

/// One line of the Library list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum LibraryRow {
    /// A group header: an outlet, or a story (with its key).
    Outlet {
        name: String,
        count: usize,
        open: bool,
        story: Option<String>,
    },
    /// An article in the open group above it.
    Article {
        id: ArticleId,
        title: String,
        date: String,
        /// Set when the article is a copy of an earlier one.
        duplicate: bool,
    },
}

/// What the Library list shows, derived from the project's article summaries.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LibraryData {
    pub rows: Vec<LibraryRow>,
    pub articles: usize,
    pub outlets: usize,
    /// Set when the list shows only the articles that mention an actor.
    pub actor: Option<String>,
    pub group_by: GroupBy,
    /// Every story (for the move and merge menus), largest first.
    pub stories: Vec<StoryRef>,
}

/// Restricts the Library to the articles that mention one actor.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorFilter {
    pub actor: String,
    pub articles: HashSet<ArticleId>,
}

impl LibraryData {
    /// Groups `summaries` by outlet (alphabetical, unknown last), or by story (largest first)
    /// when `stories` is given, and sorts each group.
    pub fn new(
        summaries: &[ArticleSummary],
        sort: SortKey,
        collapsed: &HashSet<String>,
        filter: Option<&ActorFilter>,
    ) -> Self {
        Self::grouped(summaries, sort, collapsed, filter, None)
    }

    /// [`LibraryData::new`], grouped by `stories` when given.
    pub fn grouped(
        summaries: &[ArticleSummary],
        sort: SortKey,
        collapsed: &HashSet<String>,
        filter: Option<&ActorFilter>,
        stories: Option<&[Story]>,
    ) -> Self {
        // Group of each article: (order key, name, story key).
        let mut story_of: HashMap<ArticleId, (usize, &Story)> = HashMap::new();
        let mut ordered: Vec<&Story> = stories.unwrap_or_default().iter().collect();
        ordered.sort_by(|a, b| {
            b.members
                .len()
                .cmp(&a.members.len())
                .then(a.key.cmp(&b.key))
        });
        for (rank, story) in ordered.iter().enumerate() {
            for &m in &story.members {
                story_of.insert(ArticleId(m), (rank, story));
            }
        }
        let group = |s: &ArticleSummary| -> (usize, String, String, Option<String>) {
            match (stories, story_of.get(&s.id)) {
                (Some(_), Some((rank, story))) => (
                    *rank,
                    String::new(),
                    story.name.clone(),
                    Some(story.key.clone()),
                ),
                (Some(_), None) => (usize::MAX, String::new(), NO_STORY.into(), None),
                (None, _) => {
                    let (unknown, key) = outlet_key(s);
                    (usize::from(unknown), key, outlet_name(s).to_string(), None)
                }
            }
        };
        let mut sorted: Vec<(_, &ArticleSummary)> = summaries
            .iter()
            .filter(|s| filter.is_none_or(|f| f.articles.contains(&s.id)))
            .map(|s| (group(s), s))
            .collect();
        sorted.sort_by(|(ga, a), (gb, b)| {
            let within = match sort {
                SortKey::NewestFirst => b.published.cmp(&a.published),
                SortKey::OldestFirst => a.published.cmp(&b.published),
                SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            };
            (ga.0, &ga.1, &ga.2)
                .cmp(&(gb.0, &gb.1, &gb.2))
                .then(within)
                .then(a.id.cmp(&b.id))
        });
        let mut rows = Vec::with_capacity(sorted.len() + 16);
        let mut groups = 0;
        let mut i = 0;
        while i < sorted.len() {
            let head = &sorted[i].0;
            let end = i + sorted[i..].iter().take_while(|(g, _)| g == head).count();
            let open = !collapsed.contains(&head.2);
            rows.push(LibraryRow::Outlet {
                name: head.2.clone(),
                count: end - i,
                open,
                story: head.3.clone(),
            });
            groups += 1;
            if open {
                rows.extend(sorted[i..end].iter().map(|(_, s)| LibraryRow::Article {
                    id: s.id,
                    title: s.title.clone(),
                    date: s.published.map(|d| d.to_string()).unwrap_or_default(),
                    duplicate: s.duplicate_of.is_some(),
                }));
            }
            i = end;
        }
        LibraryData {
            articles: sorted.len(),
            rows,
            outlets: groups,
            actor: filter.map(|f| f.actor.clone()),
            group_by: if stories.is_some() {
                GroupBy::Story
            } else {
                GroupBy::Outlet
            },
            stories: ordered
                .iter()
                .map(|s| StoryRef {
                    key: s.key.clone(),
                    name: s.name.clone(),
                })
                .collect(),
        }
    }

    /// The story holding an article, when grouped by story.
    fn story_of_row(&self, index: usize) -> Option<&str> {
        self.rows[..=index].iter().rev().find_map(|r| match r {
            LibraryRow::Outlet { story, .. } => Some(story.as_deref()),
            LibraryRow::Article { .. } => None,
        })?
    }
}

/// Heading of the articles no story holds (before stories are grouped).
pub const NO_STORY: &str = "(no story yet: run Analyze)";

fn outlet_name(summary: &ArticleSummary) -> &str {
    summary.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET)
}

/// Sort key for groups: known outlets alphabetically, the unknown group last.
fn outlet_key(summary: &ArticleSummary) -> (bool, String) {
    (
        summary.outlet.is_none(),
        outlet_name(summary).to_lowercase(),
    )
}

/// The panel's own input state (what is typed in the search box, a story being renamed).
#[derive(Clone, Debug, Default)]
pub struct LibraryInput {
    pub query: String,
    /// Set by Ctrl+F: the search field takes the keyboard focus on the next frame.
    pub focus_search: bool,
    /// Set when the keyboard moved the selection: the list scrolls to show it.
    pub scroll_to_selected: bool,
    /// The story being renamed and the name typed so far.
    pub renaming: Option<(String, String)>,
}

/// What the Library panel reads.
pub struct LibraryView<'a> {
    pub data: &'a LibraryData,
    /// Search hits, when a search is active.
    pub hits: Option<&'a [SearchHit]>,
    /// How many articles match in all; more than `hits` when the list is capped.
    pub hits_total: usize,
    pub sort: SortKey,
    pub selection: &'a Selection,
    /// False while a job holds the project.
    pub enabled: bool,
}

/// Draws the Library: search box, sort choice, then hits or the grouped list.
pub fn library_ui(
    ui: &mut egui::Ui,
    view: &LibraryView<'_>,
    input: &mut LibraryInput,
    commands: &mut Vec<Command>,
) {
    let LibraryView {
        data,
        hits,
        hits_total,
        sort,
        selection,
        enabled,
    } = *view;
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Library");
        let groups = match data.group_by {
            GroupBy::Outlet => "outlets",
            GroupBy::Story => "stories",
        };
        ui.weak(format!(
            "{} articles · {} {groups}",
            data.articles, data.outlets
        ));
    });
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        let label = ui.label("Search");
        let search = ui
            .add_enabled(
                enabled,
                egui::TextEdit::singleline(&mut input.query)
                    .hint_text("words, \"a phrase\", prefix*")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut input.focus_search) {
            search.request_focus();
        }
        if search.changed() {
            commands.push(Command::Search(input.query.clone()));
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Sort:");
        egui::ComboBox::from_id_salt("library-sort")
            .selected_text(sort.label())
            .show_ui(ui, |ui| {
                for key in SortKey::ALL {
                    if ui.selectable_label(sort == key, key.label()).clicked() {
                        commands.push(Command::SortLibrary(key));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Group:");
        egui::ComboBox::from_id_salt("library-group")
            .selected_text(match data.group_by {
                GroupBy::Outlet => "By outlet",
                GroupBy::Story => "By story",
            })
            .show_ui(ui, |ui| {
                for (g, text) in [(GroupBy::Outlet, "By outlet"), (GroupBy::Story, "By story")] {
                    if ui.selectable_label(data.group_by == g, text).clicked() {
                        commands.push(Command::GroupLibrary(g));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    if let Some(actor) = &data.actor {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(format!("Articles that mention {actor}"))
                    .color(theme::SELECTED_ACTOR_BG),
            );
            if ui.small_button("Show all").clicked() {
                commands.push(Command::ClearLibraryFilter);
            }
        });
    }
    ui.separator();
    match hits {
        Some(hits) => hits_ui(ui, hits, hits_total, selection, commands),
        None => rows_ui(ui, data, selection, input, commands),
    }
}

/// The grouped list, virtualised with `show_rows`.
fn rows_ui(
    ui: &mut egui::Ui,
    data: &LibraryData,
    selection: &Selection,
    input: &mut LibraryInput,
    commands: &mut Vec<Command>,
) {
    if let Some((key, name)) = &mut input.renaming {
        let mut done = None;
        ui.horizontal(|ui| {
            let label = ui.label("Story name");
            let edit = ui
                .add(egui::TextEdit::singleline(name).desired_width(160.0))
                .labelled_by(label.id);
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Rename").clicked() || entered) && !name.trim().is_empty() {
                done = Some(Some(StoryEdit::Rename {
                    story_key: key.clone(),
                    name: name.trim().to_string(),
                }));
            }
            if ui.button("Cancel").clicked() {
                done = Some(None);
            }
        });
        if let Some(edit) = done {
            if let Some(edit) = edit {
                commands.push(Command::StoryEdit(edit));
            }
            input.renaming = None;
        }
    }
    if data.rows.is_empty() {
        ui.weak("No articles yet. Use File > Import files… or drop files on the window.");
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Button) + 4.0;
    let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if std::mem::take(&mut input.scroll_to_selected)
        && let Some(index) = data.rows.iter().position(
            |r| matches!(r, LibraryRow::Article { id, .. } if selection.is_article_selected(*id)),
        )
    {
        // Rows are virtualised: scroll by offset, keeping a few rows above the selected one.
        let spacing = ui.spacing().item_spacing.y;
        area =
            area.vertical_scroll_offset((index.saturating_sub(3)) as f32 * (row_height + spacing));
    }
    area.show_rows(ui, row_height, data.rows.len(), |ui, range| {
        for (index, row) in data
            .rows
            .iter()
            .enumerate()
            .take(range.end)
            .skip(range.start)
        {
            match row {
                LibraryRow::Outlet {
                    name,
                    count,
                    open,
                    story,
                } => {
                    let arrow = if *open { "⏷" } else { "⏵" };
                    let text = egui::RichText::new(format!("{arrow} {name} ({count})")).strong();
                    let header = ui
                        .add(egui::Button::new(text).frame(false).truncate())
                        .on_hover_text(name.as_str());
                    if header.clicked() {
                        commands.push(Command::ToggleOutlet(name.clone()));
                    }
                    if let Some(key) = story {
                        header
                            .context_menu(|ui| story_menu_ui(ui, data, key, name, input, commands));
                    }
                }
                LibraryRow::Article {
                    id,
                    title,
                    date,
                    duplicate,
                } => {
                    ui.horizontal(|ui| {
                        ui.add_space(12.0);
                        let date = if date.is_empty() { "—" } else { date };
                        ui.add_sized(
                            [78.0, row_height - 4.0],
                            egui::Label::new(egui::RichText::new(date).weak().monospace()),
                        );
                        if *duplicate {
                            ui.label(egui::RichText::new("🗐").color(theme::DUPLICATE))
                                .on_hover_text("A copy of an earlier article");
                        }
                        let selected = selection.is_article_selected(*id);
                        let button = ui
                            .add(egui::Button::selectable(selected, title.as_str()).truncate())
                            .on_hover_text(title.as_str());
                        if button.clicked() {
                            commands.push(Command::Select(Some(Item::Article(*id))));
                        }
                        let current = match data.group_by {
                            GroupBy::Story => data.story_of_row(index),
                            GroupBy::Outlet => None,
                        };
                        button.context_menu(|ui| article_menu_ui(ui, data, *id, current, commands));
                    });
                }
            }
        }
    });
}

/// A story header's menu: rename it, or merge another story into it.
fn story_menu_ui(
    ui: &mut egui::Ui,
    data: &LibraryData,
    key: &str,
    name: &str,
    input: &mut LibraryInput,
    commands: &mut Vec<Command>,
) {
    if ui.button("Compare this story").clicked() {
        commands.push(Command::CompareStory(key.to_string()));
        ui.close();
    }
    if ui.button("Rename story…").clicked() {
        input.renaming = Some((key.to_string(), name.to_string()));
        ui.close();
    }
    ui.menu_button("Merge into this story", |ui| {
        for other in data.stories.iter().filter(|s| s.key != key) {
            if ui.button(&other.name).clicked() {
                commands.push(Command::StoryEdit(StoryEdit::Merge {
                    a: key.to_string(),
                    b: other.key.clone(),
                }));
                ui.close();
            }
        }
    });
}

/// An article's menu: add it to the comparison; grouped by story, move it to another story or
/// to a new one.
fn article_menu_ui(
    ui: &mut egui::Ui,
    data: &LibraryData,
    article: ArticleId,
    current: Option<&str>,
    commands: &mut Vec<Command>,
) {
    if ui.button("Add to comparison").clicked() {
        commands.push(Command::CompareAdd(article));
        ui.close();
    }
    if data.group_by != GroupBy::Story {
        return;
    }
    ui.menu_button("Move to story", |ui| {
        for story in data
            .stories
            .iter()
            .filter(|s| Some(s.key.as_str()) != current)
        {
            if ui.button(&story.name).clicked() {
                commands.push(Command::StoryEdit(StoryEdit::Move {
                    article: article.0,
                    to_story_key: story.key.clone(),
                }));
                ui.close();
            }
        }
    });
    if let Some(key) = current
        && ui.button("New story from this article").clicked()
    {
        commands.push(Command::StoryEdit(StoryEdit::Split {
            story_key: key.to_string(),
            articles: vec![article.0],
        }));
        ui.close();
    }
}

/// Search hits, best first, each with its snippet and the matches highlighted.
fn hits_ui(
    ui: &mut egui::Ui,
    hits: &[SearchHit],
    total: usize,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    ui.weak(hits_line(hits.len(), total));
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for hit in hits {
                let selected = selection.is_article_selected(hit.article);
                let response = ui
                    .add(egui::Button::selectable(selected, hit.title.as_str()).truncate())
                    .on_hover_text(hit.title.as_str());
                let meta = [
                    hit.outlet.clone().unwrap_or_default(),
                    hit.published.map(|d| d.to_string()).unwrap_or_default(),
                ]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
                ui.weak(meta);
                let job = highlight::snippet_job(ui, &hit.snippet, &hit.snippet_matches);
                let snippet = ui.add(egui::Label::new(job).sense(egui::Sense::click()));
                if response.clicked() || snippet.clicked() {
                    let item = match hit.text_matches.first() {
                        Some(range) => Item::Span {
                            article: hit.article,
                            range: range.clone(),
                        },
                        None => Item::Article(hit.article),
                    };
                    commands.push(Command::Select(Some(item)));
                }
                ui.add_space(6.0);
            }
        });
}

/// What the hit list says of its size: `200 of 5,312 matching articles` when capped.
fn hits_line(shown: usize, total: usize) -> String {
    match (shown, total) {
        (0, _) => "No matches.".to_string(),
        (1, 1) => "1 matching article".to_string(),
        (n, t) if t > n => format!("{n} of {} matching articles (the best first)", thousands(t)),
        (n, _) => format!("{n} matching articles"),
    }
}

/// `5312` → `5,312`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn a_capped_hit_list_says_how_many_match_in_all() {
        assert_eq!(hits_line(0, 0), "No matches.");
        assert_eq!(hits_line(1, 1), "1 matching article");
        assert_eq!(hits_line(12, 12), "12 matching articles");
        assert_eq!(
            hits_line(200, 5312),
            "200 of 5,312 matching articles (the best first)"
        );
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    fn summary(id: i64, title: &str, outlet: Option<&str>, date: Option<&str>) -> ArticleSummary {
        ArticleSummary {
            id: ArticleId(id),
            title: title.into(),
            outlet: outlet.map(Into::into),
            published: date.map(|d| d.parse::<Date>().expect("date")),
            source_name: format!("{id}.txt"),
            duplicate_of: None,
        }
    }

    #[test]
    fn groups_by_outlet_with_unknown_last_and_sorts_within() {
        let summaries = vec![
            summary(1, "B story", Some("Wire"), Some("2023-08-10")),
            summary(2, "A story", Some("Wire"), Some("2023-08-15")),
            summary(3, "Lost", None, None),
            summary(4, "Daily one", Some("daily"), Some("2023-07-30")),
        ];
        let data = LibraryData::new(&summaries, SortKey::NewestFirst, &HashSet::new(), None);
        let shape: Vec<String> = data
            .rows
            .iter()
            .map(|r| match r {
                LibraryRow::Outlet { name, count, .. } => format!("# {name} {count}"),
                LibraryRow::Article { id, .. } => format!("{}", id.0),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "# daily 1",
                "4",
                "# Wire 2",
                "2",
                "1",
                "# (outlet unknown) 1",
                "3"
            ]
        );
        assert_eq!((data.articles, data.outlets), (4, 3));

        let by_title = LibraryData::new(&summaries, SortKey::Title, &HashSet::new(), None);
        assert!(matches!(&by_title.rows[3], LibraryRow::Article { id, .. } if id.0 == 2));
    }

    #[test]
    fn collapsed_groups_hide_their_articles() {
        let summaries = vec![
            summary(1, "One", Some("Wire"), None),
            summary(2, "Two", Some("Daily"), None),
        ];
        let collapsed: HashSet<String> = ["Wire".to_string()].into();
        let data = LibraryData::new(&summaries, SortKey::Title, &collapsed, None);
        assert_eq!(data.rows.len(), 3);
        assert!(
            matches!(&data.rows[2], LibraryRow::Outlet { name, open: false, .. } if name == "Wire")
        );
    }

    #[test]
    fn an_actor_filter_keeps_only_its_articles() {
        let summaries = vec![
            summary(1, "One", Some("Wire"), None),
            summary(2, "Two", Some("Daily"), None),
            summary(3, "Three", Some("Daily"), None),
        ];
        let filter = ActorFilter {
            actor: "ECOWAS".into(),
            articles: [ArticleId(2)].into(),
        };
        let data = LibraryData::new(&summaries, SortKey::Title, &HashSet::new(), Some(&filter));
        assert_eq!((data.articles, data.outlets), (1, 1));
        assert_eq!(data.actor.as_deref(), Some("ECOWAS"));
        assert!(matches!(&data.rows[1], LibraryRow::Article { id, .. } if id.0 == 2));
    }

    #[test]
    fn grouped_by_story_largest_first_with_unplaced_articles_last() {
        let summaries = vec![
            summary(1, "One", Some("Wire"), None),
            summary(2, "Two", Some("Daily"), None),
            summary(3, "Three", Some("Daily"), None),
            summary(4, "Four", None, None),
        ];
        let story = |key: &str, name: &str, members: &[i64]| Story {
            key: key.into(),
            name: name.into(),
            members: members.to_vec(),
            key_terms: Vec::new(),
        };
        let stories = [
            story("story-1", "Summit", &[1]),
            story("story-2", "Accra", &[2, 3]),
        ];
        let data = LibraryData::grouped(
            &summaries,
            SortKey::Title,
            &HashSet::new(),
            None,
            Some(&stories),
        );
        let shape: Vec<String> = data
            .rows
            .iter()
            .map(|r| match r {
                LibraryRow::Outlet { name, story, .. } => format!("# {name} {story:?}"),
                LibraryRow::Article { id, .. } => format!("{}", id.0),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "# Accra Some(\"story-2\")",
                "3",
                "2",
                "# Summit Some(\"story-1\")",
                "1",
                &format!("# {NO_STORY} None"),
                "4"
            ]
        );
        assert_eq!(data.group_by, GroupBy::Story);
        assert_eq!(data.stories[0].key, "story-2");
        assert_eq!(data.story_of_row(2), Some("story-2"));
        assert_eq!(data.story_of_row(6), None);
    }
}
