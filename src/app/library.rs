//! The Library panel: articles grouped by outlet, sortable, with a full-text search box whose
//! hits show highlighted snippets. The list is virtualised: only visible rows are laid out.

use super::command::Command;
use super::highlight;
use super::selection::{Item, Selection};
use super::theme;
use crate::model::{ArticleId, ArticleSummary, SearchHit};
use eframe::egui;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

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

/// One line of the Library list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum LibraryRow {
    /// An outlet group header.
    Outlet {
        name: String,
        count: usize,
        open: bool,
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
}

/// Restricts the Library to the articles that mention one actor.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorFilter {
    pub actor: String,
    pub articles: HashSet<ArticleId>,
}

impl LibraryData {
    /// Groups `summaries` by outlet (alphabetical, unknown last) and sorts each group.
    pub fn new(
        summaries: &[ArticleSummary],
        sort: SortKey,
        collapsed: &HashSet<String>,
        filter: Option<&ActorFilter>,
    ) -> Self {
        let mut sorted: Vec<&ArticleSummary> = summaries
            .iter()
            .filter(|s| filter.is_none_or(|f| f.articles.contains(&s.id)))
            .collect();
        sorted.sort_by(|a, b| {
            let group = outlet_key(a).cmp(&outlet_key(b));
            let within = match sort {
                SortKey::NewestFirst => b.published.cmp(&a.published),
                SortKey::OldestFirst => a.published.cmp(&b.published),
                SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            };
            group.then(within).then(a.id.cmp(&b.id))
        });
        let mut rows = Vec::with_capacity(sorted.len() + 16);
        let mut outlets = 0;
        let mut i = 0;
        while i < sorted.len() {
            let name = outlet_name(sorted[i]);
            let end = i + sorted[i..]
                .iter()
                .take_while(|s| outlet_name(s) == name)
                .count();
            let open = !collapsed.contains(name);
            rows.push(LibraryRow::Outlet {
                name: name.to_string(),
                count: end - i,
                open,
            });
            outlets += 1;
            if open {
                rows.extend(sorted[i..end].iter().map(|s| LibraryRow::Article {
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
            outlets,
            actor: filter.map(|f| f.actor.clone()),
        }
    }
}

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

/// The panel's own input state (what is typed in the search box).
#[derive(Clone, Debug, Default)]
pub struct LibraryInput {
    pub query: String,
}

/// What the Library panel reads.
pub struct LibraryView<'a> {
    pub data: &'a LibraryData,
    /// Search hits, when a search is active.
    pub hits: Option<&'a [SearchHit]>,
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
        sort,
        selection,
        enabled,
    } = *view;
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Library");
        ui.weak(format!(
            "{} articles · {} outlets",
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
        Some(hits) => hits_ui(ui, hits, selection, commands),
        None => rows_ui(ui, data, selection, commands),
    }
}

/// The grouped list, virtualised with `show_rows`.
fn rows_ui(
    ui: &mut egui::Ui,
    data: &LibraryData,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    if data.rows.is_empty() {
        ui.weak("No articles yet. Use File > Import files… or drop files on the window.");
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Button) + 4.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, data.rows.len(), |ui, range| {
            for row in &data.rows[range] {
                match row {
                    LibraryRow::Outlet { name, count, open } => {
                        let arrow = if *open { "⏷" } else { "⏵" };
                        let text =
                            egui::RichText::new(format!("{arrow} {name} ({count})")).strong();
                        if ui
                            .add(egui::Button::new(text).frame(false).truncate())
                            .clicked()
                        {
                            commands.push(Command::ToggleOutlet(name.clone()));
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
                            if ui
                                .add(egui::Button::selectable(selected, title.as_str()).truncate())
                                .clicked()
                            {
                                commands.push(Command::Select(Some(Item::Article(*id))));
                            }
                        });
                    }
                }
            }
        });
}

/// Search hits, best first, each with its snippet and the matches highlighted.
fn hits_ui(
    ui: &mut egui::Ui,
    hits: &[SearchHit],
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    ui.weak(match hits.len() {
        0 => "No matches.".to_string(),
        1 => "1 matching article".to_string(),
        n => format!("{n} matching articles"),
    });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for hit in hits {
                let selected = selection.is_article_selected(hit.article);
                let response =
                    ui.add(egui::Button::selectable(selected, hit.title.as_str()).truncate());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

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
}
