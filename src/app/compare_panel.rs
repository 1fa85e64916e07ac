//! The Compare view: two to four articles side by side, aligned by claim, with shared,
//! one-outlet and conflicting claims marked, who each outlet names and quotes, who published
//! first and which copies are syndicated; with fewer than two articles picked, the coverage
//! matrix of outlets × stories.

use super::command::Command;
use super::selection::{Item, Selection};
use super::theme;
use crate::analysis::compare::RowStatus;
use crate::coverage::{Comparison, Matrix};
use crate::model::ArticleId;
use eframe::egui;

/// What the view reads.
pub struct CompareView<'a> {
    /// The articles picked, with their titles, in order.
    pub picked: &'a [(ArticleId, String)],
    pub comparison: Option<&'a Comparison>,
    pub matrix: &'a Matrix,
    pub selection: &'a Selection,
}

/// Width of a column of text, in points, when there is room.
const COLUMN_WIDTH: f32 = 320.0;

/// Draws the Compare view.
pub fn compare_ui(ui: &mut egui::Ui, view: &CompareView<'_>, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Compare");
        if view.picked.is_empty() {
            ui.weak("Pick articles with the Library's context menu (Add to comparison), or a story below.");
        }
        for (id, title) in view.picked {
            let short: String = title.chars().take(40).collect();
            if ui
                .small_button(format!("✖ {short}"))
                .on_hover_text(format!("Remove {title} from the comparison"))
                .clicked()
            {
                commands.push(Command::CompareRemove(*id));
            }
        }
        if !view.picked.is_empty() && ui.button("Clear").clicked() {
            commands.push(Command::CompareClear);
        }
    });
    ui.separator();
    match view.comparison {
        Some(c) if c.columns.len() >= 2 => comparison_ui(ui, c, view.selection, commands),
        _ => matrix_ui(ui, view.matrix, commands),
    }
}

/// Outlets × stories: how many articles each outlet gave each story; a click compares it.
/// The most stories (the largest) the coverage matrix shows as columns: a project of
/// thousands of stories would draw a grid of tens of thousands of cells every frame.
pub const MATRIX_STORIES: usize = 30;

fn matrix_ui(ui: &mut egui::Ui, matrix: &Matrix, commands: &mut Vec<Command>) {
    ui.strong("Coverage matrix");
    if matrix.stories.is_empty() {
        ui.weak("No stories yet: run Analysis > Analyze to group articles into stories.");
        return;
    }
    ui.weak("Articles per outlet and story. Click a story or a cell to compare its reports.");
    let shown = &matrix.stories[..matrix.stories.len().min(MATRIX_STORIES)];
    if shown.len() < matrix.stories.len() {
        ui.weak(format!(
            "The {} largest of {} stories; the Library grouped by story lists them all.",
            shown.len(),
            matrix.stories.len()
        ));
    }
    egui::ScrollArea::both()
        .id_salt("coverage-matrix")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("matrix")
                .striped(true)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    ui.strong("Outlet");
                    for (key, name) in shown {
                        let short: String = name.chars().take(24).collect();
                        if ui
                            .link(short)
                            .on_hover_text(format!("Compare the reports of {name}"))
                            .clicked()
                        {
                            commands.push(Command::CompareStory(key.clone()));
                        }
                    }
                    ui.end_row();
                    for (o, outlet) in matrix.outlets.iter().enumerate() {
                        ui.label(outlet);
                        for (s, (key, name)) in shown.iter().enumerate() {
                            let n = matrix
                                .cells
                                .get(o)
                                .and_then(|row| row.get(s))
                                .map_or(0, Vec::len);
                            if n == 0 {
                                ui.weak("·");
                            } else if ui
                                .button(n.to_string())
                                .on_hover_text(format!("{outlet} in {name}"))
                                .clicked()
                            {
                                commands.push(Command::CompareStory(key.clone()));
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

/// The articles side by side: headers, coverage facts, then the aligned rows.
fn comparison_ui(
    ui: &mut egui::Ui,
    c: &Comparison,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    let n = c.columns.len();
    let conflicts = c
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::Conflict)
        .count();
    let shared = c
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::Shared)
        .count();
    let unique = c
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::Unique)
        .count();
    ui.label(format!(
        "{} claims: {shared} shared by all, {unique} carried by one outlet, {conflicts} in conflict",
        c.rows.len()
    ));
    let width = ((ui.available_width() - 12.0 * n as f32) / n as f32).clamp(160.0, COLUMN_WIDTH);
    egui::ScrollArea::both()
        .id_salt("comparison")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("compare-columns")
                .num_columns(n)
                .min_col_width(width)
                .max_col_width(width)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for (i, col) in c.columns.iter().enumerate() {
                        ui.vertical(|ui| {
                            ui.set_width(width);
                            ui.strong(&col.outlet);
                            let date = col.date.map(|d| d.to_string()).unwrap_or("undated".into());
                            ui.horizontal_wrapped(|ui| {
                                ui.weak(date);
                                if c.first_published.contains(&i) {
                                    ui.label(egui::RichText::new("first").color(theme::TIMEX_MARK))
                                        .on_hover_text("Published first among these");
                                }
                            });
                            if ui
                                .add(egui::Label::new(&col.title).sense(egui::Sense::click()))
                                .on_hover_text("Open in the Text panel")
                                .clicked()
                            {
                                commands.push(Command::Select(Some(Item::Article(col.article))));
                                commands.push(Command::ShowText);
                            }
                            for s in c.syndicated.iter().filter(|s| s.copy == i) {
                                let original = c
                                    .columns
                                    .get(s.original)
                                    .map_or("another article", |o| o.outlet.as_str());
                                ui.label(
                                    egui::RichText::new(format!(
                                        "🗐 copy of {original} ({:.0}% alike)",
                                        100.0 * s.similarity
                                    ))
                                    .color(theme::DUPLICATE),
                                );
                            }
                        });
                    }
                    ui.end_row();
                    for i in 0..n {
                        ui.vertical(|ui| {
                            ui.set_width(width);
                            coverage_facts_ui(ui, c, i, commands);
                        });
                    }
                    ui.end_row();
                });
            ui.separator();
            egui::Grid::new("compare-rows")
                .num_columns(n)
                .min_col_width(width)
                .max_col_width(width)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    for row in &c.rows {
                        let colour = match row.status {
                            RowStatus::Conflict => Some(theme::CONFLICT),
                            RowStatus::Unique => Some(theme::DUPLICATE),
                            RowStatus::Shared | RowStatus::Partial => None,
                        };
                        for (i, cell) in row.cells.iter().enumerate() {
                            let Some(cell) = cell else {
                                ui.vertical(|ui| {
                                    ui.set_width(width);
                                    ui.weak(match row.status {
                                        RowStatus::Unique => "not reported",
                                        _ => "—",
                                    });
                                });
                                continue;
                            };
                            let Some(article) = c.columns.get(i).map(|col| col.article) else {
                                continue;
                            };
                            let item = Item::Span {
                                article,
                                range: cell.range.clone(),
                            };
                            let selected = selection.selected.as_ref() == Some(&item);
                            ui.vertical(|ui| {
                                // Every column keeps its width, even one past the panel's edge
                                // (the area scrolls sideways).
                                ui.set_width(width);
                                if let Some(colour) = colour {
                                    let label = match row.status {
                                        RowStatus::Conflict => "conflict",
                                        _ => "only here",
                                    };
                                    ui.label(egui::RichText::new(label).small().color(colour));
                                }
                                if ui
                                    .add(egui::Button::selectable(selected, &cell.text).wrap())
                                    .on_hover_text("Read it in its article (Text view)")
                                    .clicked()
                                {
                                    commands.push(Command::Select(Some(item)));
                                    commands.push(Command::ShowText);
                                }
                                if i == 0 || row.cells[..i].iter().all(Option::is_none) {
                                    for conflict in &row.conflicts {
                                        ui.label(
                                            egui::RichText::new(format!("⚠ {}", conflict.note))
                                                .color(theme::CONFLICT),
                                        );
                                    }
                                }
                            });
                        }
                        ui.end_row();
                    }
                });
        });
}

/// One column's coverage facts: actors named and left out, and who it quotes.
fn coverage_facts_ui(ui: &mut egui::Ui, c: &Comparison, i: usize, commands: &mut Vec<Command>) {
    if let Some(actors) = c.actors.columns.get(i) {
        let names: Vec<String> = actors
            .mentioned
            .iter()
            .take(6)
            .map(|m| format!("{} ({})", m.actor, m.mentions))
            .collect();
        ui.label(format!("Names: {}", names.join(", ")))
            .on_hover_text("The actors this outlet mentions most");
        if !actors.left_out.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.weak("Leaves out:");
                for name in actors.left_out.iter().take(6) {
                    if ui.link(name).clicked() {
                        commands.push(Command::Select(Some(Item::Actor(name.clone()))));
                    }
                }
            });
        }
    }
    if let Some(voice) = c.voice.get(i) {
        let quoted: Vec<String> = voice
            .speakers
            .iter()
            .take(4)
            .map(|v| format!("{} {}q/{}w", v.speaker, v.quotes, v.words))
            .collect();
        let anonymous = if voice.anonymous.0 > 0 {
            format!(" · anonymous {}q", voice.anonymous.0)
        } else {
            String::new()
        };
        ui.weak(format!("Quotes: {}{anonymous}", quoted.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: a project of many stories draws the largest [`MATRIX_STORIES`] as columns and
    /// says how many there are (200 columns of cells were laid out every frame before).
    #[test]
    fn the_coverage_matrix_shows_a_bounded_number_of_stories() {
        use egui_kittest::kittest::Queryable as _;
        let articles: Vec<(ArticleId, String)> = (0..400)
            .map(|i| (ArticleId(i), format!("Outlet {}", i % 4)))
            .collect();
        let stories: Vec<(String, String, Vec<i64>)> = (0..200)
            .map(|s| {
                (
                    format!("s{s}"),
                    format!("Story {s}"),
                    vec![2 * s, 2 * s + 1],
                )
            })
            .collect();
        let matrix = crate::coverage::matrix(&articles, &stories);
        let mut harness = egui_kittest::Harness::builder()
            .with_size(eframe::egui::vec2(900.0, 700.0))
            .build_ui(move |ui| matrix_ui(ui, &matrix, &mut Vec::new()));
        harness.run();
        assert_eq!(
            harness.query_all_by_label_contains("Story ").count(),
            MATRIX_STORIES
        );
        harness.get_by_label_contains("largest of 200 stories");
    }
}
