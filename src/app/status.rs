//! The status bar: progress of the running job with a Cancel button, else a line while the
//! project opens, else the last message;
//! the open project and its size on the right.

use super::command::Command;
use super::theme;
use crate::jobs::Progress;
use eframe::egui;

/// A one-line message for the status bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusMessage {
    pub text: String,
    pub is_error: bool,
}

/// What the status bar shows.
pub struct StatusData<'a> {
    /// The running job's label and progress, if a job runs.
    pub job: Option<(&'a str, Option<&'a Progress>, bool)>,
    /// The project being opened or its parts read off the UI thread ("Opening x.dossier …").
    pub building: Option<String>,
    pub message: &'a StatusMessage,
    /// "niger-2023.dossier · 12 articles"
    pub project: Option<String>,
}

/// Draws the status bar.
pub fn status_ui(ui: &mut egui::Ui, data: &StatusData<'_>, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if let Some((label, progress, cancelling)) = data.job {
            ui.spinner();
            let (fraction, text) = match progress {
                Some(p) if p.total > 0 => (
                    p.done as f32 / p.total as f32,
                    format!("{} {}/{}", p.stage, p.done, p.total),
                ),
                Some(p) => (0.0, p.stage.to_string()),
                None => (0.0, label.to_string()),
            };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(260.0)
                    .text(text),
            );
            if cancelling {
                ui.weak("Cancelling…");
            } else if ui.button("Cancel").clicked() {
                commands.push(Command::CancelJob);
            }
        } else if let Some(building) = &data.building {
            ui.spinner();
            ui.label(building);
        } else if !data.message.text.is_empty() {
            let text = egui::RichText::new(&data.message.text);
            ui.label(if data.message.is_error {
                text.color(theme::ERROR)
            } else {
                text
            });
        }
        if let Some(project) = &data.project {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.weak(project);
            });
        }
    });
}
