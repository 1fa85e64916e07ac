//! The menu bar, the in-app path dialog (used where the system offers no file dialog, and
//! always available beside "Browse…"), and the notice window for reports and errors.

use super::command::{Command, PathPurpose};
use crate::export::briefing::Format;
use eframe::egui;
use std::path::PathBuf;

/// What the menu needs to know.
pub struct MenuData<'a> {
    pub has_project: bool,
    /// What Undo would take back.
    pub undo: Option<&'a str>,
    /// The right-hand tab on screen.
    pub tab: super::RightTab,
    pub busy: bool,
    pub recent: &'a [PathBuf],
}

/// Draws the menu bar.
pub fn menu_ui(ui: &mut egui::Ui, data: &MenuData<'_>, commands: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            let idle = !data.busy;
            if ui
                .add_enabled(idle, egui::Button::new("New project…"))
                .clicked()
            {
                commands.push(Command::AskPath(PathPurpose::NewProject));
            }
            if ui
                .add_enabled(idle, egui::Button::new("Open project…"))
                .clicked()
            {
                commands.push(Command::AskPath(PathPurpose::OpenProject));
            }
            ui.add_enabled_ui(idle && !data.recent.is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for path in data.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            commands.push(Command::OpenProject(path.clone()));
                        }
                    }
                });
            });
            if ui
                .add_enabled(idle, egui::Button::new("Open sample project"))
                .clicked()
            {
                commands.push(Command::OpenSample);
            }
            ui.separator();
            let can_import = idle && data.has_project;
            if ui
                .add_enabled(can_import, egui::Button::new("Import files…"))
                .clicked()
            {
                commands.push(Command::AskPath(PathPurpose::ImportFiles));
            }
            if ui
                .add_enabled(can_import, egui::Button::new("Import folder…"))
                .clicked()
            {
                commands.push(Command::AskPath(PathPurpose::ImportFolder));
            }
            if ui
                .add_enabled(can_import, egui::Button::new("Import sanctions list…"))
                .on_hover_text(
                    "OFAC SDN CSV (with alt.csv), UN Security Council XML or a simple CSV",
                )
                .clicked()
            {
                commands.push(Command::AskPath(PathPurpose::ImportSanctions));
            }
            ui.separator();
            if ui
                .add_enabled(can_import, egui::Button::new("Export JSON records…"))
                .clicked()
            {
                commands.push(Command::AskPath(PathPurpose::ExportJson));
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        let ctx = ui.ctx().clone();
        let shortcut = |key| super::keys::shortcut_text(&ctx, key);
        ui.menu_button("Edit", |ui| {
            let undo = match data.undo {
                Some(label) => format!("Undo: {label}"),
                None => "Nothing to undo".to_string(),
            };
            if ui
                .add_enabled(
                    !data.busy && data.has_project && data.undo.is_some(),
                    egui::Button::new(undo).shortcut_text(shortcut(egui::Key::Z)),
                )
                .clicked()
            {
                commands.push(Command::Undo);
            }
            if ui
                .add_enabled(
                    data.has_project,
                    egui::Button::new("Find in articles").shortcut_text(shortcut(egui::Key::F)),
                )
                .clicked()
            {
                commands.push(Command::FocusSearch);
            }
        });
        ui.menu_button("View", |ui| {
            for (tab, label, key) in super::keys::TABS {
                if ui
                    .add(
                        egui::Button::selectable(data.tab == tab, label)
                            .shortcut_text(shortcut(key)),
                    )
                    .clicked()
                {
                    commands.push(Command::ShowTab(tab));
                }
            }
            ui.separator();
            if ui
                .button("Reset layout")
                .on_hover_text("Panels back to their first sizes, tabs and views")
                .clicked()
            {
                commands.push(Command::ResetLayout);
            }
        });
        ui.menu_button("Analysis", |ui| {
            if ui
                .add_enabled(
                    !data.busy && data.has_project,
                    egui::Button::new("Run analysis"),
                )
                .clicked()
            {
                commands.push(Command::Analyze);
            }
        });
    });
}

/// The in-app path dialog: a path field, "Browse…" for the system dialog, OK and Cancel.
#[derive(Clone, Debug, PartialEq)]
pub struct PathDialog {
    pub purpose: PathPurpose,
    pub path: String,
    /// Set when "Browse…" found no system dialog to show.
    pub no_system_dialog: bool,
}

impl PathDialog {
    pub fn new(purpose: PathPurpose) -> Self {
        PathDialog {
            purpose,
            path: String::new(),
            no_system_dialog: false,
        }
    }

    fn title(&self) -> &'static str {
        match self.purpose {
            PathPurpose::NewProject => "New project",
            PathPurpose::OpenProject => "Open project",
            PathPurpose::ImportFiles => "Import files",
            PathPurpose::ImportFolder => "Import folder",
            PathPurpose::ExportJson => "Export JSON records",
            PathPurpose::ImportSanctions => "Import sanctions list",
            PathPurpose::ExportMarkdown => "Export briefing as Markdown",
            PathPurpose::ExportHtml => "Export briefing as HTML",
            PathPurpose::ExportPdf => "Export briefing as PDF",
        }
    }

    fn hint(&self) -> &'static str {
        match self.purpose {
            PathPurpose::NewProject => "Where to save the new project (a .dossier file)",
            PathPurpose::OpenProject => "The .dossier file to open",
            PathPurpose::ImportFiles => "Files to import (separate several with ;)",
            PathPurpose::ImportFolder => "A folder to import, with its subfolders",
            PathPurpose::ExportJson => "A folder for the JSON records",
            PathPurpose::ImportSanctions => "The list file (for OFAC: sdn.csv; alt.csv)",
            PathPurpose::ExportMarkdown | PathPurpose::ExportHtml | PathPurpose::ExportPdf => {
                "The file to write"
            }
        }
    }

    /// The command the dialog stands for, given what is in the path field.
    fn command(&self) -> Option<Command> {
        let paths: Vec<PathBuf> = self
            .path
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .collect();
        let first = paths.first()?.clone();
        Some(match self.purpose {
            PathPurpose::NewProject => Command::NewProject(with_extension(first)),
            PathPurpose::OpenProject => Command::OpenProject(first),
            PathPurpose::ImportFiles | PathPurpose::ImportFolder => Command::Import(paths),
            PathPurpose::ExportJson => Command::ExportJson(first),
            PathPurpose::ImportSanctions => Command::ImportSanctions(paths),
            PathPurpose::ExportMarkdown => Command::ExportBriefing(Format::Markdown, first),
            PathPurpose::ExportHtml => Command::ExportBriefing(Format::Html, first),
            PathPurpose::ExportPdf => Command::ExportBriefing(Format::Pdf, first),
        })
    }

    /// Shows the system dialog; `None` when the user cancelled or no dialog exists.
    fn browse(&self) -> Option<String> {
        let dialog = rfd::FileDialog::new();
        let picked: Option<Vec<PathBuf>> = match self.purpose {
            PathPurpose::NewProject => dialog
                .add_filter("Dossier project", &["dossier"])
                .save_file()
                .map(|p| vec![p]),
            PathPurpose::OpenProject => dialog
                .add_filter("Dossier project", &["dossier"])
                .pick_file()
                .map(|p| vec![p]),
            PathPurpose::ImportFiles => dialog.pick_files(),
            PathPurpose::ExportMarkdown => dialog
                .add_filter("Markdown", &["md"])
                .set_file_name("briefing.md")
                .save_file()
                .map(|p| vec![p]),
            PathPurpose::ExportHtml => dialog
                .add_filter("HTML", &["html"])
                .set_file_name("briefing.html")
                .save_file()
                .map(|p| vec![p]),
            PathPurpose::ExportPdf => dialog
                .add_filter("PDF", &["pdf"])
                .set_file_name("briefing.pdf")
                .save_file()
                .map(|p| vec![p]),
            PathPurpose::ImportSanctions => dialog
                .add_filter("Sanctions list", &["csv", "xml", "txt"])
                .pick_files(),
            PathPurpose::ImportFolder | PathPurpose::ExportJson => {
                dialog.pick_folder().map(|p| vec![p])
            }
        };
        picked.map(|paths| {
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

/// `x` → `x.dossier` unless it has that extension already.
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some_and(|e| e == "dossier") {
        path
    } else {
        let mut name = path.into_os_string();
        name.push(".dossier");
        PathBuf::from(name)
    }
}

/// Draws the path dialog window.
pub fn path_dialog_ui(ctx: &egui::Context, dialog: &mut PathDialog, commands: &mut Vec<Command>) {
    let mut open = true;
    egui::Window::new(dialog.title())
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            let hint = ui.label(dialog.hint());
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut dialog.path)
                        .hint_text("/path/to/…")
                        .desired_width(420.0),
                )
                .labelled_by(hint.id);
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if dialog.no_system_dialog {
                ui.weak("No system file dialog is available here: type the path above.");
            }
            ui.horizontal(|ui| {
                if ui.button("Browse…").clicked() {
                    match dialog.browse() {
                        Some(path) => dialog.path = path,
                        None => dialog.no_system_dialog = true,
                    }
                }
                let command = dialog.command();
                if (ui
                    .add_enabled(command.is_some(), egui::Button::new("OK"))
                    .clicked()
                    || entered)
                    && let Some(command) = command
                {
                    commands.push(command);
                    commands.push(Command::CloseDialog);
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::CloseDialog);
                }
            });
        });
    if !open {
        commands.push(Command::CloseDialog);
    }
}

/// A report or an error shown in a window until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub summary: String,
    /// Lines listed under the summary (warnings, reasons).
    pub details: Vec<String>,
    pub is_error: bool,
}

/// Draws the notice window.
pub fn notice_ui(ctx: &egui::Context, notice: &Notice, commands: &mut Vec<Command>) {
    egui::Window::new(&notice.title)
        .collapsible(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .default_width(520.0)
        .show(ctx, |ui| {
            let summary = egui::RichText::new(&notice.summary);
            ui.label(if notice.is_error {
                summary.color(super::theme::ERROR)
            } else {
                summary
            });
            if !notice.details.is_empty() {
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(260.0)
                    .show(ui, |ui| {
                        for line in &notice.details {
                            ui.label(line);
                        }
                    });
            }
            ui.separator();
            if ui.button("Close").clicked() {
                commands.push(Command::DismissNotice);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialog_turns_the_path_field_into_a_command() {
        let mut dialog = PathDialog::new(PathPurpose::NewProject);
        assert_eq!(dialog.command(), None);
        dialog.path = " /tmp/story ".into();
        assert_eq!(
            dialog.command(),
            Some(Command::NewProject(PathBuf::from("/tmp/story.dossier")))
        );
        let mut import = PathDialog::new(PathPurpose::ImportFiles);
        import.path = "/a.txt; /b.csv".into();
        assert_eq!(
            import.command(),
            Some(Command::Import(vec![
                PathBuf::from("/a.txt"),
                PathBuf::from("/b.csv")
            ]))
        );
    }
}
