//! The Sanctions panel: the lists stored in the project with the rows their import skipped or
//! noted, what changed between two snapshots of one list, the screening threshold, and every
//! hit with the analyst's verdict.

use super::command::{Command, PathPurpose};
use super::selection::{Item, Selection};
use super::theme;
use crate::sanctions::{Entry, ListDiff};
use crate::store::{ListInfo, StoredHit, Verdict};
use eframe::egui;
use serde::Serialize;

/// Two snapshots of one list compared: who was added, removed or changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotDiff {
    pub list: String,
    pub from: String,
    pub to: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

impl SnapshotDiff {
    /// The change from `old` to `new`, entries named by their listed names.
    pub fn new(old: &ListInfo, new: &ListInfo, diff: &ListDiff) -> Self {
        let names = |entries: &[Entry]| entries.iter().map(|e| e.name.clone()).collect();
        let date = |l: &ListInfo| l.date.clone().unwrap_or_else(|| l.imported_at.clone());
        SnapshotDiff {
            list: new.name.clone(),
            from: date(old),
            to: date(new),
            added: names(&diff.added),
            removed: names(&diff.removed),
            changed: diff.changed.iter().map(|c| c.new.name.clone()).collect(),
        }
    }
}

/// What the panel shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ListsData {
    pub lists: Vec<ListInfo>,
    /// For each list with two or more snapshots: its two latest compared.
    pub diffs: Vec<SnapshotDiff>,
    pub hits: Vec<StoredHit>,
    pub threshold: f32,
}

/// The panel's own input: the threshold while its slider is dragged.
#[derive(Clone, Debug, Default)]
pub struct ListsInput {
    pub threshold: Option<f32>,
}

/// "⚠ OFAC SDN: 3 rows skipped or noted at import", unfolding to one line per row.
fn import_problems_ui(ui: &mut egui::Ui, list: &ListInfo) {
    let title = egui::RichText::new(format!(
        "⚠ {}: {} at import",
        list.name,
        match list.problems.len() {
            1 => "1 row skipped or noted".to_string(),
            n => format!("{n} rows skipped or noted"),
        }
    ))
    .color(theme::CONFLICT);
    egui::CollapsingHeader::new(title)
        .id_salt(("import-problems", list.id))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(("import-problems-rows", list.id))
                .max_height(160.0)
                .show(ui, |ui| {
                    for line in &list.problems {
                        ui.weak(line);
                    }
                });
        });
}

/// Draws the Sanctions panel.
pub fn lists_ui(
    ui: &mut egui::Ui,
    data: &ListsData,
    selection: &Selection,
    input: &mut ListsInput,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.strong(match data.lists.len() {
            1 => "1 list".to_string(),
            n => format!("{n} lists"),
        });
        if ui.button("Import list…").clicked() {
            commands.push(Command::AskPath(PathPurpose::ImportSanctions));
        }
    });
    if data.lists.is_empty() {
        ui.weak(
            "No sanctions list yet. Import an OFAC SDN CSV (with its alt.csv), the UN Security \
             Council consolidated XML, or a CSV with name, aliases, type, program and listed \
             date columns; projects/sample-sanctions.csv is a sample.",
        );
    }
    egui::Grid::new("sanctions-lists")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for list in &data.lists {
                ui.label(&list.name);
                ui.weak(format!(
                    "{} · {}",
                    list.format,
                    list.date.as_deref().unwrap_or("undated")
                ));
                ui.label(format!("{} entries", list.entries));
                if ui
                    .small_button("Remove")
                    .on_hover_text("Remove this snapshot; verdicts on its hits are kept")
                    .clicked()
                {
                    commands.push(Command::RemoveSanctionsList(list.id));
                }
                ui.end_row();
            }
        });
    for list in data.lists.iter().filter(|l| !l.problems.is_empty()) {
        import_problems_ui(ui, list);
    }
    for diff in &data.diffs {
        ui.add_space(4.0);
        egui::CollapsingHeader::new(format!(
            "{}: {} to {} (+{} -{} ~{})",
            diff.list,
            diff.from,
            diff.to,
            diff.added.len(),
            diff.removed.len(),
            diff.changed.len()
        ))
        .id_salt(("diff", &diff.list))
        .show(ui, |ui| {
            for (label, names) in [
                ("Added", &diff.added),
                ("Removed", &diff.removed),
                ("Changed", &diff.changed),
            ] {
                if !names.is_empty() {
                    ui.label(format!("{label}: {}", names.join("; ")));
                }
            }
        });
    }
    ui.separator();
    ui.horizontal(|ui| {
        let label = ui.label("Threshold");
        let mut value = input.threshold.unwrap_or(data.threshold);
        let slider = ui
            .add(egui::Slider::new(&mut value, 0.5..=1.0).step_by(0.01))
            .labelled_by(label.id)
            .on_hover_text("The lowest match score that counts as a hit");
        if slider.changed() {
            input.threshold = Some(value);
        }
        if slider.drag_stopped() || (slider.changed() && !slider.dragged()) {
            input.threshold = None;
            commands.push(Command::SetScreeningThreshold(value));
        }
    });
    let open = data.hits.iter().filter(|h| h.stands()).count();
    ui.label(format!("{} hits, {open} not dismissed", data.hits.len()));
    egui::ScrollArea::vertical()
        .id_salt("screening-hits")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for hit in &data.hits {
                let dismissed = hit.verdict == Some(Verdict::Dismissed);
                ui.horizontal_wrapped(|ui| {
                    let selected = selection.actor() == Some(hit.actor.as_str());
                    let name = egui::RichText::new(&hit.actor);
                    let name = if dismissed { name.weak() } else { name };
                    if ui.selectable_label(selected, name).clicked() {
                        commands.push(Command::Select(Some(Item::Actor(hit.actor.clone()))));
                    }
                    ui.label(format!(
                        "matches {} ({:.2}, {})",
                        hit.matched_name, hit.score, hit.list_name
                    ));
                    let (text, colour) = match hit.verdict {
                        Some(Verdict::Confirmed) => ("confirmed", theme::CONFLICT),
                        Some(Verdict::Dismissed) => ("dismissed", theme::DUPLICATE),
                        None => ("to review", theme::CONFLICT),
                    };
                    ui.label(egui::RichText::new(text).color(colour));
                });
                ui.horizontal_wrapped(|ui| {
                    ui.add_space(18.0);
                    ui.weak(&hit.reason);
                });
            }
        });
}
