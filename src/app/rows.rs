//! Long lists drawn a screenful at a time: rows of one height, and past [`ALL_ROWS_MAX`] rows
//! only those in view are laid out (`ScrollArea::show_rows`), so that a list of thousands
//! costs a frame no more than a screenful does.

use eframe::egui;

/// More rows than this are virtualised; fewer are all laid out (a short list scrolls to any
/// row, as the keyboard and the tests expect).
pub const ALL_ROWS_MAX: usize = 300;

/// Draws `total` rows of `row_height` points in `area`, calling `row_ui` for each row laid out.
pub fn rows_ui(
    ui: &mut egui::Ui,
    area: egui::ScrollArea,
    row_height: f32,
    total: usize,
    mut row_ui: impl FnMut(&mut egui::Ui, usize),
) {
    let mut one = |ui: &mut egui::Ui, i: usize| {
        let width = ui.available_width();
        ui.allocate_ui(egui::vec2(width, row_height), |ui| {
            ui.set_min_height(row_height);
            row_ui(ui, i);
        });
    };
    if total <= ALL_ROWS_MAX {
        area.show(ui, |ui| (0..total).for_each(|i| one(ui, i)));
    } else {
        area.show_rows(ui, row_height, total, |ui, range| {
            range.for_each(|i| one(ui, i));
        });
    }
}
