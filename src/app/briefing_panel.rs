//! The Briefing view: choose the scope (whole project, a story, the selected actor, a date
//! range) and the sections, see a live preview with every citation numbered, and export it as
//! Markdown, HTML or PDF.

use super::command::{Command, PathPurpose};
use super::theme;
use crate::export::brief::{Briefing, CoverageStatus, Section, Sections};
use eframe::egui;
use serde::{Deserialize, Serialize};

/// The scope as the analyst picks it in the view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum ScopeChoice {
    #[default]
    Project,
    /// A story, by key.
    Story(String),
    /// The actor selected when the briefing was scoped.
    Actor(String),
    /// A date range, ISO days, either end open.
    Dates { from: String, to: String },
}

/// The analyst's briefing choices, saved with the layout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BriefingChoice {
    pub scope: ScopeChoice,
    pub sections: Sections,
}

impl Default for BriefingChoice {
    fn default() -> Self {
        BriefingChoice {
            scope: ScopeChoice::Project,
            sections: Sections::default(),
        }
    }
}

/// What the view reads.
pub struct BriefingView<'a> {
    pub choice: &'a BriefingChoice,
    /// The preview, or why there is none.
    pub preview: Result<&'a Briefing, &'a str>,
    /// Whether a new preview is being built (the one shown is the previous choice's).
    pub building: bool,
    /// (key, name) of every story.
    pub stories: Vec<(&'a str, &'a str)>,
    pub selected_actor: Option<&'a str>,
}

/// Draws the Briefing view.
pub fn briefing_ui(ui: &mut egui::Ui, view: &BriefingView<'_>, commands: &mut Vec<Command>) {
    let choice = view.choice;
    ui.horizontal_wrapped(|ui| {
        ui.heading("Briefing");
        for (purpose, label) in [
            (PathPurpose::ExportMarkdown, "Export Markdown…"),
            (PathPurpose::ExportHtml, "Export HTML…"),
            (PathPurpose::ExportPdf, "Export PDF…"),
        ] {
            if ui
                .add_enabled(view.preview.is_ok(), egui::Button::new(label))
                .clicked()
            {
                commands.push(Command::AskPath(purpose));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Scope:");
        let current = match &choice.scope {
            ScopeChoice::Project => "Whole project".to_string(),
            ScopeChoice::Story(key) => view
                .stories
                .iter()
                .find(|(k, _)| k == key)
                .map_or_else(|| key.clone(), |(_, n)| format!("Story: {n}")),
            ScopeChoice::Actor(name) => format!("Actor: {name}"),
            ScopeChoice::Dates { .. } => "Dates".to_string(),
        };
        egui::ComboBox::from_id_salt("briefing-scope")
            .selected_text(current)
            .width(260.0)
            .show_ui(ui, |ui| {
                let mut pick = |scope: ScopeChoice, text: String| {
                    if ui.selectable_label(choice.scope == scope, text).clicked() {
                        commands.push(Command::Briefing(BriefingChoice {
                            scope,
                            sections: choice.sections,
                        }));
                    }
                };
                pick(ScopeChoice::Project, "Whole project".into());
                if let Some(actor) = view.selected_actor {
                    pick(ScopeChoice::Actor(actor.into()), format!("Actor: {actor}"));
                }
                pick(
                    ScopeChoice::Dates {
                        from: String::new(),
                        to: String::new(),
                    },
                    "Dates…".into(),
                );
                for (key, name) in &view.stories {
                    pick(ScopeChoice::Story((*key).into()), format!("Story: {name}"));
                }
            })
            .response
            .labelled_by(label.id);
        if let ScopeChoice::Dates { from, to } = &choice.scope {
            let mut from = from.clone();
            let mut to = to.clone();
            let label = ui.label("from");
            let a = ui
                .add(
                    egui::TextEdit::singleline(&mut from)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(90.0),
                )
                .labelled_by(label.id);
            let label = ui.label("to");
            let b = ui
                .add(
                    egui::TextEdit::singleline(&mut to)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(90.0),
                )
                .labelled_by(label.id);
            if a.lost_focus() || b.lost_focus() {
                commands.push(Command::Briefing(BriefingChoice {
                    scope: ScopeChoice::Dates { from, to },
                    sections: choice.sections,
                }));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Sections:");
        for section in Section::ALL {
            let mut on = choice.sections.shows(section);
            if ui.checkbox(&mut on, section.title()).changed() {
                let mut sections = choice.sections;
                sections.set(section, on);
                commands.push(Command::Briefing(BriefingChoice {
                    scope: choice.scope.clone(),
                    sections,
                }));
            }
        }
    });
    ui.separator();
    if view.building {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Building the briefing …");
        });
    }
    match view.preview {
        Err(_) if view.building => {}
        Err(why) => {
            ui.colored_label(theme::ERROR, why);
        }
        Ok(briefing) => {
            egui::ScrollArea::vertical()
                .id_salt("briefing-preview")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.set_max_width(theme::READING_WIDTH);
                    preview_ui(ui, briefing)
                });
        }
    }
}

/// Citation marks: `[1][4]`.
fn cites(ids: &[crate::export::brief::CiteId]) -> String {
    ids.iter().map(|c| format!("[{}]", c.0)).collect()
}

/// The briefing as it will read, section by section.
fn preview_ui(ui: &mut egui::Ui, b: &Briefing) {
    ui.heading(&b.title);
    ui.weak(format!("{} · generated {}", b.scope, b.generated));
    let s = &b.sections;
    if s.summary {
        ui.add_space(8.0);
        ui.strong(Section::Summary.title());
        for st in &b.summary {
            ui.label(format!("• {} {}", st.text, cites(&st.cites)));
        }
    }
    if s.actors {
        ui.add_space(8.0);
        ui.strong(Section::Actors.title());
        for a in &b.actors {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "• {} ({}) {} · {} articles",
                    a.name, a.kind, a.roles, a.articles
                ));
                for hit in &a.sanctions {
                    ui.label(egui::RichText::new(format!("⚠ {hit}")).color(theme::CONFLICT));
                }
            });
        }
    }
    if s.timeline {
        ui.add_space(8.0);
        ui.strong(Section::Timeline.title());
        for t in &b.timeline {
            ui.horizontal_wrapped(|ui| {
                ui.monospace(&t.date);
                ui.label(format!(
                    "{} ({}) {}",
                    t.label,
                    t.outlets.join(", "),
                    cites(&t.cites)
                ));
                if let Some(conflict) = &t.conflict {
                    ui.label(egui::RichText::new(format!("⚠ {conflict}")).color(theme::CONFLICT));
                }
            });
        }
    }
    if s.quotes {
        ui.add_space(8.0);
        ui.strong(Section::Quotes.title());
        for q in &b.quotes {
            let text = if q.direct {
                format!("“{}”", q.text)
            } else {
                q.text.clone()
            };
            ui.label(format!(
                "• {}: {text} ({} {}, {}) {}",
                q.speaker,
                q.outlet,
                q.date,
                q.cue,
                cites(&q.cites)
            ));
        }
    }
    if s.decisions {
        ui.add_space(8.0);
        ui.strong(Section::Decisions.title());
        if b.decisions.is_empty() {
            ui.weak("No decisions.");
        }
        for d in &b.decisions {
            ui.label(format!(
                "• {}: {} ({}) — {}, since {}",
                d.actor, d.action, d.kind, d.status, d.last_change
            ));
        }
    }
    if s.coverage {
        ui.add_space(8.0);
        ui.strong(Section::Coverage.title());
        for c in &b.coverage {
            let colour = match c.status {
                CoverageStatus::Conflict => theme::CONFLICT,
                CoverageStatus::Unique => theme::DUPLICATE,
                CoverageStatus::Shared => ui.visuals().text_color(),
            };
            ui.label(
                egui::RichText::new(format!(
                    "• [{}] {} ({}) {} {}",
                    c.status.label(),
                    c.claim,
                    c.outlets.join(", "),
                    c.note,
                    cites(&c.cites)
                ))
                .color(colour),
            );
        }
    }
    if s.annex {
        ui.add_space(8.0);
        ui.strong(Section::Annex.title());
        for src in &b.sources {
            ui.label(format!(
                "[{}] {}, {} — {}: “{}”",
                src.id.0, src.outlet, src.date, src.url, src.span
            ));
        }
    }
}
