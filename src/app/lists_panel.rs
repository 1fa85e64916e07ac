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
    /// The entries of the snapshot before, and of the current one.
    pub from_entries: usize,
    pub to_entries: usize,
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
            from_entries: old.entries,
            to_entries: new.entries,
            added: names(&diff.added),
            removed: names(&diff.removed),
            changed: diff.changed.iter().map(|c| c.new.name.clone()).collect(),
        }
    }
}

impl SnapshotDiff {
    /// "UN list: 1,204 entries on 2024-02-01, 1,201 on 2024-01-01: +4 -1 ~2".
    pub fn summary(&self) -> String {
        format!(
            "{}: {} entries on {}, {} on {}: +{} -{} ~{}",
            self.list,
            self.to_entries,
            self.to,
            self.from_entries,
            self.from,
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        )
    }
}

/// What the panel shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ListsData {
    /// Each list's current snapshot.
    pub lists: Vec<ListInfo>,
    /// For each list imported more than once: its current snapshot compared with the one
    /// before.
    pub diffs: Vec<SnapshotDiff>,
    pub hits: Vec<StoredHit>,
    pub threshold: f32,
}

/// The panel's own input: the threshold while its slider is dragged, the list whose removal
/// is being asked about.
#[derive(Clone, Debug, Default)]
pub struct ListsInput {
    pub threshold: Option<f32>,
    pub removing: Option<String>,
}

/// Confirm, Dismiss and Clear for one hit (the buttons its verdict does not make pointless).
pub fn verdict_buttons_ui(ui: &mut egui::Ui, hit: &StoredHit, commands: &mut Vec<Command>) {
    let set = |verdict| Command::SetVerdict {
        actor: hit.actor.clone(),
        list_name: hit.list_name.clone(),
        entry_key: hit.entry_key.clone(),
        verdict,
    };
    if hit.verdict != Some(Verdict::Confirmed) && ui.small_button("Confirm").clicked() {
        commands.push(set(Some(Verdict::Confirmed)));
    }
    if hit.verdict != Some(Verdict::Dismissed) && ui.small_button("Dismiss").clicked() {
        commands.push(set(Some(Verdict::Dismissed)));
    }
    if hit.verdict.is_some() && ui.small_button("Clear").clicked() {
        commands.push(set(None));
    }
}

/// Asks before a list is removed: "Remove the list X?" with Remove list and Cancel.
fn remove_question_ui(ui: &mut egui::Ui, input: &mut ListsInput, commands: &mut Vec<Command>) {
    let Some(name) = input.removing.clone() else {
        return;
    };
    let modal = egui::Modal::new(egui::Id::unique("remove-sanctions-list")).show(ui.ctx(), |ui| {
        ui.heading(format!("Remove the list {name}?"));
        ui.label(
            "Its snapshots and its hits go; your verdicts are kept and come back if the list \
             is imported again.",
        );
        ui.horizontal(|ui| {
            if ui.button("Remove list").clicked() {
                commands.push(Command::RemoveSanctionsList(name.clone()));
                input.removing = None;
            }
            if ui.button("Cancel").clicked() {
                input.removing = None;
            }
        });
    });
    if modal.should_close() {
        input.removing = None;
    }
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
    remove_question_ui(ui, input, commands);
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
                    .on_hover_text("Remove this list (asks first); verdicts on its hits are kept")
                    .clicked()
                {
                    input.removing = Some(list.name.clone());
                }
                ui.end_row();
            }
        });
    for list in data.lists.iter().filter(|l| !l.problems.is_empty()) {
        import_problems_ui(ui, list);
    }
    for diff in &data.diffs {
        ui.add_space(4.0);
        egui::CollapsingHeader::new(diff.summary())
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
                    let (text, colour) = theme::verdict(hit.verdict);
                    ui.label(egui::RichText::new(text).color(colour));
                    verdict_buttons_ui(ui, hit, commands);
                });
                ui.horizontal_wrapped(|ui| {
                    ui.add_space(18.0);
                    ui.weak(&hit.reason);
                });
            }
        });
}
