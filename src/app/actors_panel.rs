//! The Actors panel: the project's registry as a sortable, filterable table (name, type, roles,
//! mentions, articles, outlets), and for the selected actor its aliases, articles and the
//! analyst's corrections (rename, type, merge, aliases, split).

use super::command::Command;
use super::selection::{Item, Selection};
use super::theme;
use crate::actors::{Edit, Totals};
use crate::analysis::entities::EntityKind;
use crate::analysis::gazetteer::UserEntry;
use crate::model::{ArticleId, ArticleSummary};
use crate::store::StoredHit;
use eframe::egui;
use egui_extras::{Column, TableBuilder};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// The column the table is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActorSort {
    Name,
    Type,
    #[default]
    Mentions,
    Articles,
    Outlets,
}

/// Which types the table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum KindFilter {
    #[default]
    All,
    Only(EntityKind),
}

/// What the table shows: the filter and sort the analyst chose.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorQuery {
    pub text: String,
    pub kind: KindFilter,
    pub sort: ActorSort,
}

/// One table row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRowView {
    /// Index into the registry's actors.
    pub index: usize,
    pub name: String,
    pub kind: EntityKind,
    pub roles: String,
    pub mentions: usize,
    pub articles: usize,
    pub outlets: usize,
    /// A sanctions-list hit the analyst has not dismissed.
    pub listed: bool,
}

/// Details of the selected actor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorDetail {
    pub name: String,
    pub kind: EntityKind,
    pub roles: Vec<String>,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    /// How many articles mention it.
    pub article_count: usize,
    /// (article, title, outlet) of the first [`DETAIL_ARTICLES`] articles that mention it.
    pub articles: Vec<(ArticleId, String, String)>,
    /// Other actors of the same type, for "Merge into".
    pub merge_candidates: Vec<String>,
    /// Its sanctions-list hits, with the analyst's verdicts.
    pub hits: Vec<StoredHit>,
}

/// What the Actors panel shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ActorsData {
    pub rows: Vec<ActorRowView>,
    pub total: usize,
    pub detail: Option<ActorDetail>,
    /// The analyst's own gazetteer entries.
    pub user_entries: Vec<UserEntry>,
}

impl ActorsData {
    /// Filters and sorts the registry, and details the selected actor.
    pub fn new(
        actors: &Totals,
        summaries: &[ArticleSummary],
        query: &ActorQuery,
        selected: Option<&str>,
        hits: &[StoredHit],
    ) -> Self {
        let listed = crate::store::listed_actors(hits);
        let outlet_of: HashMap<ArticleId, Option<&str>> = summaries
            .iter()
            .map(|s| (s.id, s.outlet.as_deref()))
            .collect();
        let needle = query.text.to_lowercase();
        let mut rows: Vec<ActorRowView> = actors
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| match query.kind {
                KindFilter::All => true,
                KindFilter::Only(kind) => a.kind == kind,
            })
            .filter(|(_, a)| {
                needle.is_empty()
                    || a.name.to_lowercase().contains(&needle)
                    || a.aliases.iter().any(|s| s.to_lowercase().contains(&needle))
            })
            .map(|(index, a)| {
                let outlets: BTreeSet<&str> = a
                    .articles
                    .iter()
                    .filter_map(|id| outlet_of.get(id).copied().flatten())
                    .collect();
                ActorRowView {
                    index,
                    name: a.name.clone(),
                    kind: a.kind,
                    roles: a.roles.join(", "),
                    mentions: a.mentions,
                    articles: a.articles.len(),
                    outlets: outlets.len(),
                    listed: listed.contains(a.name.as_str()),
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            let by = match query.sort {
                ActorSort::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                ActorSort::Type => a.kind.as_str().cmp(b.kind.as_str()),
                ActorSort::Mentions => b.mentions.cmp(&a.mentions),
                ActorSort::Articles => b.articles.cmp(&a.articles),
                ActorSort::Outlets => b.outlets.cmp(&a.outlets),
            };
            by.then(b.mentions.cmp(&a.mentions))
                .then(a.name.cmp(&b.name))
        });
        let detail = selected
            .and_then(|name| actors.find(name))
            .map(|i| detail(actors, i, summaries, hits));
        ActorsData {
            rows,
            total: actors.actors.len(),
            detail,
            user_entries: Vec::new(),
        }
    }
}

fn detail(
    actors: &Totals,
    index: usize,
    summaries: &[ArticleSummary],
    hits: &[StoredHit],
) -> ActorDetail {
    let actor = &actors.actors[index];
    let shown: HashMap<ArticleId, usize> = actor
        .articles
        .iter()
        .take(DETAIL_ARTICLES)
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let mut articles = vec![None; shown.len()];
    for s in summaries {
        if let Some(&i) = shown.get(&s.id) {
            articles[i] = Some((s.id, s.title.clone(), s.outlet.clone().unwrap_or_default()));
        }
    }
    let mut merge_candidates: Vec<String> = actors
        .actors
        .iter()
        .enumerate()
        .filter(|(i, a)| *i != index && a.kind == actor.kind)
        .map(|(_, a)| a.name.clone())
        .collect();
    merge_candidates.sort_by_key(|n| n.to_lowercase());
    ActorDetail {
        name: actor.name.clone(),
        kind: actor.kind,
        roles: actor.roles.clone(),
        country: actor.country.clone(),
        aliases: actor.aliases.clone(),
        article_count: actor.articles.len(),
        articles: articles.into_iter().flatten().collect(),
        merge_candidates,
        hits: hits
            .iter()
            .filter(|h| h.actor == actor.name)
            .cloned()
            .collect(),
    }
}

/// The panel's own input state: the correction fields being typed.
#[derive(Clone, Debug, Default)]
pub struct ActorsInput {
    pub rename: String,
    pub alias: String,
    pub merge_into: String,
    /// The actor these fields were filled for.
    pub for_actor: String,
    /// A new gazetteer entry being typed.
    pub entry_name: String,
    pub entry_aliases: String,
    pub entry_kind: Option<EntityKind>,
}

/// Draws the Actors panel.
pub fn actors_ui(
    ui: &mut egui::Ui,
    data: &ActorsData,
    query: &ActorQuery,
    selection: &Selection,
    input: &mut ActorsInput,
    commands: &mut Vec<Command>,
) {
    gazetteer_ui(ui, &data.user_entries, input, commands);
    filter_ui(ui, data, query, commands);
    let detail_height = if data.detail.is_some() { 300.0 } else { 0.0 };
    let table_height = (ui.available_height() - detail_height).max(120.0);
    ui.push_id("actors-table", |ui| {
        table_ui(ui, data, query, selection, table_height, commands);
    });
    if let Some(detail) = &data.detail {
        ui.separator();
        detail_ui(ui, detail, input, commands);
    }
}

/// The actor's sanctions-list hits: what matched, how well and why, and the analyst's verdict.
fn hits_ui(ui: &mut egui::Ui, detail: &ActorDetail, commands: &mut Vec<Command>) {
    if detail.hits.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(egui::RichText::new("Sanctions lists").strong());
    for hit in &detail.hits {
        let (verdict, colour) = theme::verdict(hit.verdict);
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new("⚠").color(colour));
            ui.label(format!(
                "{}: {} ({:.2})",
                hit.list_name, hit.matched_name, hit.score
            ));
            ui.label(egui::RichText::new(verdict).color(colour));
        });
        ui.horizontal_wrapped(|ui| {
            ui.add_space(18.0);
            ui.weak(&hit.reason);
            super::lists_panel::verdict_buttons_ui(ui, hit, commands);
        });
    }
}

/// The analyst's own gazetteer: names the entity pass should always find, with their aliases.
fn gazetteer_ui(
    ui: &mut egui::Ui,
    entries: &[UserEntry],
    input: &mut ActorsInput,
    commands: &mut Vec<Command>,
) {
    egui::CollapsingHeader::new(format!("Your gazetteer ({} entries)", entries.len()))
        .id_salt("user-gazetteer")
        .show(ui, |ui| {
            for entry in entries {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(&entry.name).color(theme::kind_color(entry.kind)));
                    ui.weak(entry.kind.as_str());
                    if !entry.aliases.is_empty() {
                        ui.weak(format!("also {}", entry.aliases.join(", ")));
                    }
                    if ui.small_button("Remove").clicked() {
                        commands.push(Command::RemoveUserEntry(entry.kind, entry.name.clone()));
                    }
                });
            }
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("New name");
                ui.add(egui::TextEdit::singleline(&mut input.entry_name).desired_width(140.0))
                    .labelled_by(label.id);
                let label = ui.label("aliases");
                ui.add(
                    egui::TextEdit::singleline(&mut input.entry_aliases)
                        .hint_text("comma-separated")
                        .desired_width(120.0),
                )
                .labelled_by(label.id);
                let kind = input.entry_kind.get_or_insert(EntityKind::Person);
                for k in [EntityKind::Person, EntityKind::Org, EntityKind::Loc] {
                    ui.selectable_value(kind, k, k.as_str());
                }
                let name = input.entry_name.trim().to_string();
                if ui
                    .add_enabled(!name.is_empty(), egui::Button::new("Add entry"))
                    .on_hover_text("Stored in the project; the analysis runs again to use it")
                    .clicked()
                {
                    let aliases = input
                        .entry_aliases
                        .split(',')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(str::to_string)
                        .collect();
                    commands.push(Command::PutUserEntry(UserEntry {
                        kind: *kind,
                        name,
                        aliases,
                    }));
                    input.entry_name.clear();
                    input.entry_aliases.clear();
                }
            });
        });
}

fn filter_ui(
    ui: &mut egui::Ui,
    data: &ActorsData,
    query: &ActorQuery,
    commands: &mut Vec<Command>,
) {
    let mut text = query.text.clone();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Filter");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text("name or alias")
                    .desired_width(140.0),
            )
            .labelled_by(label.id);
        if edit.changed() {
            commands.push(Command::QueryActors(ActorQuery {
                text: text.clone(),
                ..query.clone()
            }));
        }
        for (label, kind) in [
            ("All", KindFilter::All),
            ("People", KindFilter::Only(EntityKind::Person)),
            ("Organisations", KindFilter::Only(EntityKind::Org)),
            ("Places", KindFilter::Only(EntityKind::Loc)),
        ] {
            if ui.selectable_label(query.kind == kind, label).clicked() {
                commands.push(Command::QueryActors(ActorQuery {
                    kind,
                    ..query.clone()
                }));
            }
        }
    });
    ui.weak(format!("{} of {} actors", data.rows.len(), data.total));
}

fn table_ui(
    ui: &mut egui::Ui,
    data: &ActorsData,
    query: &ActorQuery,
    selection: &Selection,
    height: f32,
    commands: &mut Vec<Command>,
) {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let header = |ui: &mut egui::Ui, label: &str, sort: ActorSort, commands: &mut Vec<Command>| {
        let text = if query.sort == sort {
            format!("{label} ⏷")
        } else {
            label.to_string()
        };
        if ui
            .add(egui::Button::new(egui::RichText::new(text).strong()).frame(false))
            .clicked()
        {
            commands.push(Command::QueryActors(ActorQuery {
                sort,
                ..query.clone()
            }));
        }
    };
    let columns = table_columns(ui.available_width());
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .max_scroll_height(height)
        .min_scrolled_height(height.min(200.0))
        .auto_shrink([false, true]);
    for column in &columns {
        table = table.column(match column {
            TableColumn::Name => Column::remainder().at_least(110.0).clip(true),
            TableColumn::Type => Column::exact(58.0),
            TableColumn::Roles => Column::initial(120.0).range(60.0..=240.0).clip(true),
            TableColumn::Mentions => Column::exact(76.0),
            TableColumn::Articles | TableColumn::Outlets => Column::exact(64.0),
        });
    }
    table
        .header(row_height + 2.0, |mut row| {
            for column in &columns {
                row.col(|ui| match column {
                    TableColumn::Name => header(ui, "Name", ActorSort::Name, commands),
                    TableColumn::Type => header(ui, "Type", ActorSort::Type, commands),
                    TableColumn::Roles => {
                        ui.strong("Roles");
                    }
                    TableColumn::Mentions => header(ui, "Mentions", ActorSort::Mentions, commands),
                    TableColumn::Articles => header(ui, "Articles", ActorSort::Articles, commands),
                    TableColumn::Outlets => header(ui, "Outlets", ActorSort::Outlets, commands),
                });
            }
        })
        .body(|body| {
            body.rows(row_height, data.rows.len(), |mut row| {
                let actor = &data.rows[row.index()];
                let selected = selection.actor() == Some(actor.name.as_str());
                row.set_selected(selected);
                let mut clicked = false;
                for column in &columns {
                    row.col(|ui| match column {
                        TableColumn::Name => {
                            let shown = if actor.listed {
                                format!("⚠ {}", actor.name)
                            } else {
                                actor.name.clone()
                            };
                            let name =
                                egui::RichText::new(shown).color(theme::kind_color(actor.kind));
                            clicked |= ui
                                .add(egui::Button::selectable(selected, name).truncate())
                                .on_hover_text(&actor.name)
                                .clicked();
                        }
                        TableColumn::Type => {
                            ui.label(actor.kind.as_str());
                        }
                        TableColumn::Roles => {
                            ui.add(egui::Label::new(&actor.roles).truncate());
                        }
                        TableColumn::Mentions => {
                            ui.label(actor.mentions.to_string());
                        }
                        TableColumn::Articles => {
                            ui.label(actor.articles.to_string());
                        }
                        TableColumn::Outlets => {
                            ui.label(actor.outlets.to_string());
                        }
                    });
                }
                if clicked || row.response().clicked() {
                    commands.push(Command::Select(Some(Item::Actor(actor.name.clone()))));
                }
            });
        });
}

/// A column of the actors table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TableColumn {
    Name,
    Type,
    Roles,
    Mentions,
    Articles,
    Outlets,
}

/// The columns that fit `width`: counts and type always, outlets from 460 px, roles from
/// 580 px (the detail below the table shows both for the selected actor), so the table never
/// runs past its panel.
fn table_columns(width: f32) -> Vec<TableColumn> {
    use TableColumn::*;
    let mut columns = vec![Name, Type];
    if width >= 580.0 {
        columns.push(Roles);
    }
    columns.extend([Mentions, Articles]);
    if width >= 460.0 {
        columns.push(Outlets);
    }
    columns
}

fn detail_ui(
    ui: &mut egui::Ui,
    detail: &ActorDetail,
    input: &mut ActorsInput,
    commands: &mut Vec<Command>,
) {
    if input.for_actor != detail.name {
        input.rename = detail.name.clone();
        input.alias.clear();
        input.merge_into.clear();
        input.for_actor = detail.name.clone();
    }
    egui::ScrollArea::vertical()
        .id_salt("actor-detail")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.heading(&detail.name);
                ui.label(
                    egui::RichText::new(detail.kind.as_str()).color(theme::kind_color(detail.kind)),
                );
                if let Some(country) = &detail.country {
                    ui.weak(country);
                }
            });
            if !detail.roles.is_empty() {
                ui.label(format!("Roles: {}", detail.roles.join(", ")));
            }
            ui.label(format!(
                "Mentioned in {} {} under {} {}",
                detail.article_count,
                if detail.article_count == 1 {
                    "article"
                } else {
                    "articles"
                },
                detail.aliases.len(),
                if detail.aliases.len() == 1 {
                    "name"
                } else {
                    "names"
                },
            ));
            hits_ui(ui, detail, commands);
            corrections_ui(ui, detail, input, commands);
            ui.add_space(6.0);
            ui.label(egui::RichText::new("Also written as").strong());
            for alias in &detail.aliases {
                ui.horizontal(|ui| {
                    ui.label(format!("• {alias}"));
                    if detail.aliases.len() > 1 {
                        if ui
                            .small_button("Split off")
                            .on_hover_text("Make the mentions written this way a separate actor")
                            .clicked()
                        {
                            commands.push(Command::Edit(Edit::Split {
                                name: detail.name.clone(),
                                aliases: vec![alias.clone()],
                                new_name: alias.clone(),
                            }));
                        }
                        if ui
                            .small_button("Unlink")
                            .on_hover_text("Not this actor: unlink the mentions written this way")
                            .clicked()
                        {
                            commands.push(Command::Edit(Edit::RemoveAlias {
                                name: detail.name.clone(),
                                alias: alias.clone(),
                            }));
                        }
                    }
                });
            }
            ui.add_space(6.0);
            ui.label(egui::RichText::new(format!("In {} articles", detail.article_count)).strong());
            for (id, title, outlet) in detail.articles.iter().take(DETAIL_ARTICLES) {
                ui.horizontal(|ui| {
                    if ui.link(title).clicked() {
                        commands.push(Command::ShowArticle(*id));
                    }
                    ui.weak(outlet);
                });
            }
            if detail.article_count > detail.articles.len() {
                ui.weak(format!(
                    "… and {} more: the Library lists every one",
                    detail.article_count - detail.articles.len()
                ));
            }
        });
}

/// The most articles the actor's detail lists (the Library lists them all).
pub const DETAIL_ARTICLES: usize = 50;

fn corrections_ui(
    ui: &mut egui::Ui,
    detail: &ActorDetail,
    input: &mut ActorsInput,
    commands: &mut Vec<Command>,
) {
    egui::Grid::new("actor-corrections")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let label = ui.label("Name");
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut input.rename).desired_width(180.0))
                    .labelled_by(label.id);
                let to = input.rename.trim().to_string();
                if ui
                    .add_enabled(
                        !to.is_empty() && to != detail.name,
                        egui::Button::new("Rename"),
                    )
                    .clicked()
                {
                    commands.push(Command::Edit(Edit::Rename {
                        from: detail.name.clone(),
                        to,
                    }));
                }
            });
            ui.end_row();

            ui.label("Type");
            ui.horizontal(|ui| {
                for kind in [EntityKind::Person, EntityKind::Org, EntityKind::Loc] {
                    if ui
                        .selectable_label(detail.kind == kind, kind.as_str())
                        .clicked()
                        && detail.kind != kind
                    {
                        commands.push(Command::Edit(Edit::SetType {
                            name: detail.name.clone(),
                            kind,
                        }));
                    }
                }
            });
            ui.end_row();

            let label = ui.label("Merge into");
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt("merge-into")
                    .width(180.0)
                    .selected_text(if input.merge_into.is_empty() {
                        "choose an actor"
                    } else {
                        input.merge_into.as_str()
                    })
                    .show_ui(ui, |ui| {
                        for name in &detail.merge_candidates {
                            ui.selectable_value(&mut input.merge_into, name.clone(), name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if ui
                    .add_enabled(!input.merge_into.is_empty(), egui::Button::new("Merge"))
                    .clicked()
                {
                    commands.push(Command::Edit(Edit::Merge {
                        from: detail.name.clone(),
                        into: std::mem::take(&mut input.merge_into),
                    }));
                }
            });
            ui.end_row();

            let label = ui.label("Alias");
            ui.horizontal(|ui| {
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut input.alias)
                            .hint_text("another name for it")
                            .desired_width(180.0),
                    )
                    .labelled_by(label.id);
                // Enter in the field adds it, as the button does.
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let alias = input.alias.trim().to_string();
                let clicked = ui
                    .add_enabled(!alias.is_empty(), egui::Button::new("Add alias"))
                    .clicked();
                if (clicked || entered) && !alias.is_empty() {
                    commands.push(Command::Edit(Edit::AddAlias {
                        name: detail.name.clone(),
                        alias,
                    }));
                    input.alias.clear();
                }
            });
            ui.end_row();
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::{ActorRow, Actors, MentionRow};

    fn registry() -> (Totals, Vec<ArticleSummary>) {
        let actor = |id, name: &str, kind| ActorRow {
            id,
            name: name.into(),
            kind,
            roles: vec![],
            country: None,
        };
        let mention = |article, start, text: &str, actor| MentionRow {
            article: ArticleId(article),
            range: start..start + 3,
            text: text.into(),
            kind: EntityKind::Person,
            actor: Some(actor),
            local_name: None,
            sentence: 0,
        };
        let actors = Totals::from(&Actors::build(
            &[
                actor(1, "Vladimir Putin", EntityKind::Person),
                actor(2, "ECOWAS", EntityKind::Org),
                actor(3, "Bola Tinubu", EntityKind::Person),
            ],
            &[
                mention(1, 0, "Putin", 1),
                mention(2, 0, "Putin", 1),
                mention(2, 10, "ECOWAS", 2),
                mention(3, 0, "ECOWAS", 2),
                mention(3, 10, "the bloc", 2),
                mention(3, 20, "Tinubu", 3),
            ],
            &[],
        ));
        let summary = |id, outlet: &str| ArticleSummary {
            id: ArticleId(id),
            title: format!("Story {id}"),
            outlet: Some(outlet.into()),
            published: None,
            source_name: format!("{id}.txt"),
            duplicate_of: None,
        };
        (
            actors,
            vec![summary(1, "Wire"), summary(2, "Wire"), summary(3, "Daily")],
        )
    }

    #[test]
    fn rows_count_mentions_articles_and_outlets_and_sort() {
        let (actors, summaries) = registry();
        let data = ActorsData::new(&actors, &summaries, &ActorQuery::default(), None, &[]);
        let names: Vec<&str> = data.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["ECOWAS", "Vladimir Putin", "Bola Tinubu"]);
        let putin = &data.rows[1];
        assert_eq!((putin.mentions, putin.articles, putin.outlets), (2, 2, 1));
        let ecowas = &data.rows[0];
        assert_eq!(
            (ecowas.mentions, ecowas.articles, ecowas.outlets),
            (3, 2, 2)
        );

        let by_name = ActorQuery {
            sort: ActorSort::Name,
            ..ActorQuery::default()
        };
        let data = ActorsData::new(&actors, &summaries, &by_name, None, &[]);
        assert_eq!(data.rows[0].name, "Bola Tinubu");
    }

    #[test]
    fn filters_by_text_alias_and_type() {
        let (actors, summaries) = registry();
        let bloc = ActorQuery {
            text: "bloc".into(),
            ..ActorQuery::default()
        };
        let data = ActorsData::new(&actors, &summaries, &bloc, None, &[]);
        assert_eq!(data.rows.len(), 1);
        assert_eq!(data.rows[0].name, "ECOWAS");
        let people = ActorQuery {
            kind: KindFilter::Only(EntityKind::Person),
            ..ActorQuery::default()
        };
        assert_eq!(
            ActorsData::new(&actors, &summaries, &people, None, &[])
                .rows
                .len(),
            2
        );
    }

    #[test]
    fn detail_lists_articles_and_merge_candidates_of_the_same_type() {
        let (actors, summaries) = registry();
        let data = ActorsData::new(
            &actors,
            &summaries,
            &ActorQuery::default(),
            Some("Vladimir Putin"),
            &[],
        );
        let detail = data.detail.expect("detail");
        assert_eq!(detail.articles.len(), 2);
        assert_eq!(detail.merge_candidates, ["Bola Tinubu"]);
    }

    /// Issue 15: an actor named in thousands of articles lists a bounded number of them in its
    /// detail (the Library lists them all); 120 links were laid out every frame before.
    #[test]
    fn the_detail_lists_a_bounded_number_of_articles() {
        use egui_kittest::kittest::Queryable as _;
        let actor = ActorRow {
            id: 1,
            name: "ECOWAS".into(),
            kind: EntityKind::Org,
            roles: vec![],
            country: None,
        };
        let mentions: Vec<MentionRow> = (1..=120)
            .map(|article| MentionRow {
                article: ArticleId(article),
                range: 0..6,
                text: "ECOWAS".into(),
                kind: EntityKind::Org,
                actor: Some(1),
                local_name: None,
                sentence: 0,
            })
            .collect();
        let actors = Totals::from(&Actors::build(&[actor], &mentions, &[]));
        let summaries: Vec<ArticleSummary> = (1..=120)
            .map(|id| ArticleSummary {
                id: ArticleId(id),
                title: format!("Report {id}"),
                outlet: Some("Wire".into()),
                published: None,
                source_name: format!("{id}.txt"),
                duplicate_of: None,
            })
            .collect();
        let query = ActorQuery::default();
        let data = ActorsData::new(&actors, &summaries, &query, Some("ECOWAS"), &[]);
        let selection = Selection {
            selected: Some(Item::Actor("ECOWAS".into())),
            hovered: None,
        };
        let mut harness = egui_kittest::Harness::builder()
            .with_size(eframe::egui::vec2(600.0, 900.0))
            .build_ui(move |ui| {
                let mut input = ActorsInput::default();
                actors_ui(ui, &data, &query, &selection, &mut input, &mut Vec::new());
            });
        harness.run();
        let listed = harness.query_all_by_label_contains("Report ").count();
        assert_eq!(listed, DETAIL_ARTICLES);
        harness.get_by_label_contains(&format!("and {} more", 120 - DETAIL_ARTICLES));
    }
}
