//! The Decisions panel (the tracker): every decision followed across the project, with its
//! current status, last change and reports; filters by actor, kind, status and date; a detail
//! with the status history as a small timeline, every piece of evidence, and the analyst's own
//! fields (status set by hand, owner, review date, notes, tags).

use super::command::Command;
use super::selection::{Item, Selection};
use super::theme;
use crate::model::{ArticleId, ArticleSummary, DecisionEdit, TrackedDecisionRow};
use crate::model::{DecisionKind, DecisionStatus};
use crate::store::StoredHit;
use eframe::egui;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The tracker's filters, saved with the layout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionFilter {
    pub kind: Option<DecisionKind>,
    pub status: Option<DecisionStatus>,
    /// Only decisions whose last change is on or after this day (`YYYY-MM-DD`).
    pub since: String,
    pub text: String,
}

/// Evidence steps the detail lists (with their sentences); the history shows every step.
pub const EVIDENCE_SHOWN: usize = 50;

/// One evidence step as the detail lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepView {
    pub article: ArticleId,
    pub evidence: std::ops::Range<usize>,
    pub date: String,
    pub status: DecisionStatus,
    pub outlet: String,
    pub title: String,
    pub sentence: String,
}

/// One tracked decision as the table shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionView {
    pub key: String,
    pub actor: String,
    pub kind: DecisionKind,
    pub action: String,
    pub target: String,
    /// The analyst's status when set, else the machine's.
    pub status: DecisionStatus,
    pub by_hand: bool,
    pub last_change: String,
    pub reports: usize,
    /// The actor has a sanctions-list hit not dismissed.
    pub listed: bool,
    /// The status history, for the open decision only (the others' stay in the project).
    pub steps: Vec<StepView>,
    pub edit: DecisionEdit,
}

/// What the panel shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DecisionsData {
    pub rows: Vec<DecisionView>,
    pub total: usize,
    /// The actor the rows are filtered by (the selected one).
    pub actor: Option<String>,
    /// The selected decision, when it is among the rows.
    pub open: Option<usize>,
}

impl DecisionsData {
    /// Filters the tracked decisions and applies the analyst's edits. `focus` is the selected
    /// actor (it filters the rows) and the open decision (its detail is shown);
    /// `evidence_matches` holds the keys of decisions whose evidence contains the Find text.
    pub fn new(
        tracked: &[TrackedDecisionRow],
        edits: &HashMap<String, DecisionEdit>,
        hits: &[StoredHit],
        texts: &HashMap<ArticleId, (ArticleSummary, String)>,
        filter: &DecisionFilter,
        focus: &TrackerFocus,
        evidence_matches: &HashSet<String>,
    ) -> Self {
        let listed = crate::store::listed_actors(hits);
        let actor = focus.actor.as_deref();
        let needle = filter.text.trim().to_lowercase();
        let mut rows: Vec<DecisionView> = tracked
            .iter()
            .map(|t| {
                let edit = edits.get(&t.key).cloned().unwrap_or_default();
                let is_open = focus.open.as_ref() == Some(&t.key);
                let steps: Vec<StepView> = t
                    .steps
                    .iter()
                    .filter(|_| is_open)
                    .map(|s| {
                        let (title, sentence) = texts
                            .get(&s.article)
                            .map(|(summary, text)| {
                                (
                                    summary.title.clone(),
                                    text.get(s.evidence.clone()).unwrap_or_default().to_string(),
                                )
                            })
                            .unwrap_or_default();
                        StepView {
                            article: s.article,
                            evidence: s.evidence.clone(),
                            date: s.date.clone().unwrap_or_default(),
                            status: s.status,
                            outlet: s.outlet.clone().unwrap_or_default(),
                            title,
                            sentence,
                        }
                    })
                    .collect();
                let mut articles: Vec<ArticleId> = t.steps.iter().map(|s| s.article).collect();
                articles.sort_unstable();
                articles.dedup();
                DecisionView {
                    key: t.key.clone(),
                    actor: t.actor.clone(),
                    kind: t.kind,
                    action: t.action.clone(),
                    target: t.target.clone().unwrap_or_default(),
                    status: edit.status.unwrap_or(t.status),
                    by_hand: edit.status.is_some(),
                    // The date its status last changed, not that of the newest report
                    // (round-ups repeat old decisions).
                    last_change: t.latest_change().and_then(|(_, d)| d).unwrap_or_default(),
                    reports: articles.len(),
                    listed: listed.contains(t.actor.as_str()),
                    steps,
                    edit,
                }
            })
            .collect();
        let total = rows.len();
        rows.retain(|r| {
            actor.is_none_or(|a| r.actor == a)
                && filter.kind.is_none_or(|k| r.kind == k)
                && filter.status.is_none_or(|s| r.status == s)
                && (filter.since.trim().is_empty() || r.last_change.as_str() >= filter.since.trim())
                && (needle.is_empty()
                    || r.action.to_lowercase().contains(&needle)
                    || r.actor.to_lowercase().contains(&needle)
                    || r.target.to_lowercase().contains(&needle)
                    || evidence_matches.contains(&r.key))
        });
        rows.sort_by(|a, b| {
            b.last_change
                .cmp(&a.last_change)
                .then(b.reports.cmp(&a.reports))
                .then(a.key.cmp(&b.key))
        });
        let open = focus
            .open
            .as_ref()
            .and_then(|key| rows.iter().position(|r| r.key == *key));
        DecisionsData {
            rows,
            total,
            actor: actor.map(str::to_string),
            open,
        }
    }
}

/// What the tracker's view depends on besides its filters: the selected actor (it filters
/// the rows) and the open decision. A decision opens when it is selected and stays open while
/// the analyst reads its evidence (selecting a span or an article), until another decision is
/// selected or the detail is closed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrackerFocus {
    pub actor: Option<String>,
    pub open: Option<String>,
}

impl TrackerFocus {
    /// The focus after `selection` changed, from the one before.
    pub fn follow(&self, selection: &Selection) -> TrackerFocus {
        TrackerFocus {
            actor: selection.actor().map(str::to_string),
            open: match &selection.selected {
                Some(Item::Decision(key)) => Some(key.clone()),
                _ => self.open.clone(),
            },
        }
    }
}

/// The panel's own input: the analyst fields being typed for the open decision.
#[derive(Clone, Debug, Default)]
pub struct DecisionsInput {
    for_key: String,
    owner: String,
    review: String,
    notes: String,
    tags: String,
    status: Option<DecisionStatus>,
}

/// Draws the Decisions panel.
pub fn decisions_ui(
    ui: &mut egui::Ui,
    data: &DecisionsData,
    filter: &DecisionFilter,
    input: &mut DecisionsInput,
    commands: &mut Vec<Command>,
) {
    filter_ui(ui, data, filter, commands);
    let detail_height = if data.open.is_some() { 330.0 } else { 0.0 };
    let table_height = (ui.available_height() - detail_height).max(120.0);
    if data.rows.is_empty() {
        ui.weak(if data.total == 0 {
            "No decisions yet: run Analysis ▸ Run analysis."
        } else {
            "No decisions match: widen the filters."
        });
    }
    let area = egui::ScrollArea::vertical()
        .id_salt("decisions-table")
        .max_height(table_height)
        .auto_shrink([false, false]);
    // Two lines a decision: a long tracker is virtualised.
    let row_height = 2.0 * ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let open_key = data.open.and_then(|i| data.rows.get(i)).map(|r| &r.key);
    super::rows::rows_ui(ui, area, row_height, data.rows.len(), |ui, i| {
        let row = &data.rows[i];
        let selected = open_key == Some(&row.key);
        ui.horizontal(|ui| {
            let colour = status_colour(row.status);
            ui.label(
                egui::RichText::new(row.status.as_str())
                    .color(colour)
                    .strong(),
            )
            .on_hover_text(if row.by_hand {
                "set by the analyst"
            } else {
                "from the latest report"
            });
            let text = format!("{}: {}", row.actor, row.action);
            if ui
                .add(egui::Button::selectable(selected, text.as_str()).truncate())
                .on_hover_text(&text)
                .clicked()
            {
                commands.push(Command::Select(Some(Item::Decision(row.key.clone()))));
            }
        });
        ui.horizontal(|ui| {
            ui.add_space(12.0);
            let target = if row.target.is_empty() {
                String::new()
            } else {
                format!(" · on {}", row.target)
            };
            if row.listed {
                ui.label(egui::RichText::new("⚠ listed").color(theme::CONFLICT))
                    .on_hover_text("The actor has a sanctions-list hit");
            }
            // a narrow panel cuts the line with an ellipsis; hovering shows it whole (egui
            // shows an elided label's text on hover)
            let details = format!(
                "{}{target} · last change {} · {} {}",
                row.kind.as_str(),
                if row.last_change.is_empty() {
                    "undated"
                } else {
                    &row.last_change
                },
                row.reports,
                if row.reports == 1 {
                    "report"
                } else {
                    "reports"
                }
            );
            ui.add(egui::Label::new(egui::RichText::new(details).weak()).truncate());
        });
    });
    if let Some(row) = data.open.and_then(|i| data.rows.get(i)) {
        ui.separator();
        detail_ui(ui, row, input, commands);
    }
}

/// Colour of a status: red for force and threats, amber for delays, teal for the rest.
fn status_colour(status: DecisionStatus) -> egui::Color32 {
    match status {
        DecisionStatus::Threatened | DecisionStatus::Ordered | DecisionStatus::InForce => {
            theme::CONFLICT
        }
        DecisionStatus::Postponed | DecisionStatus::Rescheduled | DecisionStatus::Rejected => {
            theme::SELECTED_ACTOR_BG
        }
        _ => theme::TIMEX_MARK,
    }
}

fn filter_ui(
    ui: &mut egui::Ui,
    data: &DecisionsData,
    filter: &DecisionFilter,
    commands: &mut Vec<Command>,
) {
    let mut next = filter.clone();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Kind");
        egui::ComboBox::from_id_salt("decision-kind")
            .selected_text(filter.kind.map_or("any", DecisionKind::as_str))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut next.kind, None, "any");
                for k in DecisionKind::ALL {
                    ui.selectable_value(&mut next.kind, Some(k), k.as_str());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Status");
        egui::ComboBox::from_id_salt("decision-status")
            .selected_text(filter.status.map_or("any", DecisionStatus::as_str))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut next.status, None, "any");
                for s in DecisionStatus::ALL {
                    ui.selectable_value(&mut next.status, Some(s), s.as_str());
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Since");
        ui.add(
            egui::TextEdit::singleline(&mut next.since)
                .hint_text("YYYY-MM-DD")
                .desired_width(90.0),
        )
        .labelled_by(label.id);
        let label = ui.label("Find");
        ui.add(egui::TextEdit::singleline(&mut next.text).desired_width(120.0))
            .labelled_by(label.id);
    });
    if next != *filter {
        commands.push(Command::FilterDecisions(next));
    }
    match &data.actor {
        Some(actor) => {
            ui.label(
                egui::RichText::new(format!(
                    "{} of {} decisions, by {actor}",
                    data.rows.len(),
                    data.total
                ))
                .color(theme::SELECTED_ACTOR_BG),
            );
        }
        None => {
            ui.weak(format!("{} of {} decisions", data.rows.len(), data.total));
        }
    }
}

/// The open decision: history as a timeline, the evidence, and the analyst's fields.
fn detail_ui(
    ui: &mut egui::Ui,
    row: &DecisionView,
    input: &mut DecisionsInput,
    commands: &mut Vec<Command>,
) {
    if input.for_key != row.key {
        *input = DecisionsInput {
            for_key: row.key.clone(),
            owner: row.edit.owner.clone().unwrap_or_default(),
            review: row
                .edit
                .review_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            notes: row.edit.notes.clone().unwrap_or_default(),
            tags: row.edit.tags.join(", "),
            status: row.edit.status,
        };
    }
    egui::ScrollArea::vertical()
        .id_salt("decision-detail")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .small_button("✖ Close")
                    .on_hover_text("Close the detail")
                    .clicked()
                {
                    commands.push(Command::CloseDecision);
                }
                if ui.link(egui::RichText::new(&row.actor).strong()).clicked() {
                    commands.push(Command::Select(Some(Item::Actor(row.actor.clone()))));
                }
                ui.label(&row.action);
            });
            history_ui(ui, row);
            ui.label(egui::RichText::new("Evidence").strong());
            for step in row.steps.iter().take(EVIDENCE_SHOWN) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(step.status.as_str()).color(status_colour(step.status)),
                    );
                    ui.weak(format!(
                        "{} · {}",
                        if step.date.is_empty() {
                            "undated"
                        } else {
                            &step.date
                        },
                        step.outlet
                    ));
                });
                let text = if step.sentence.is_empty() {
                    &step.title
                } else {
                    &step.sentence
                };
                if ui
                    .add(egui::Button::new(text.as_str()).wrap())
                    .on_hover_text(format!("Show in the Text panel: {}", step.title))
                    .clicked()
                {
                    commands.push(Command::Select(Some(Item::Span {
                        article: step.article,
                        range: step.evidence.clone(),
                    })));
                    commands.push(Command::ShowText);
                }
            }
            if row.steps.len() > EVIDENCE_SHOWN {
                ui.weak(format!(
                    "… and {} more reports of it",
                    row.steps.len() - EVIDENCE_SHOWN
                ));
            }
            ui.add_space(6.0);
            ui.label(egui::RichText::new("Your tracking").strong());
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Your status");
                egui::ComboBox::from_id_salt("decision-own-status")
                    .selected_text(
                        input
                            .status
                            .map_or("from the reports", DecisionStatus::as_str),
                    )
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut input.status, None, "from the reports");
                        for s in DecisionStatus::ALL {
                            ui.selectable_value(&mut input.status, Some(s), s.as_str());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                let label = ui.label("Owner");
                ui.add(egui::TextEdit::singleline(&mut input.owner).desired_width(100.0))
                    .labelled_by(label.id);
            });
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Review on");
                ui.add(
                    egui::TextEdit::singleline(&mut input.review)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(90.0),
                )
                .labelled_by(label.id);
                let label = ui.label("Tags");
                ui.add(
                    egui::TextEdit::singleline(&mut input.tags)
                        .hint_text("comma-separated")
                        .desired_width(140.0),
                )
                .labelled_by(label.id);
            });
            let label = ui.label("Notes");
            ui.add(
                egui::TextEdit::multiline(&mut input.notes)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            let review = input.review.trim();
            let review_date = review.parse::<crate::model::Date>().ok();
            let bad_date = !review.is_empty() && review_date.is_none();
            if bad_date {
                ui.colored_label(theme::ERROR, "Write the review date as YYYY-MM-DD.");
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!bad_date, egui::Button::new("Save tracking"))
                    .on_disabled_hover_text("The review date is not a date: write it as YYYY-MM-DD")
                    .clicked()
                {
                    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
                    commands.push(Command::SetDecisionEdit {
                        key: row.key.clone(),
                        edit: Some(DecisionEdit {
                            status: input.status,
                            owner: text(&input.owner),
                            review_date,
                            notes: text(&input.notes),
                            tags: input
                                .tags
                                .split(',')
                                .map(str::trim)
                                .filter(|t| !t.is_empty())
                                .map(str::to_string)
                                .collect(),
                        }),
                    });
                }
                if ui.button("Clear").clicked() {
                    input.for_key.clear();
                    commands.push(Command::SetDecisionEdit {
                        key: row.key.clone(),
                        edit: None,
                    });
                }
            });
        });
}

/// The status history as a small timeline: a dot per dated step along a line, labelled.
fn history_ui(ui: &mut egui::Ui, row: &DecisionView) {
    let dated: Vec<(crate::model::Date, DecisionStatus)> = row
        .steps
        .iter()
        .filter_map(|s| Some((s.date.parse().ok()?, s.status)))
        .collect();
    let (Some(first), Some(last)) = (
        dated.iter().map(|d| d.0).min(),
        dated.iter().map(|d| d.0).max(),
    ) else {
        ui.weak("No dated reports.");
        return;
    };
    let span_days = (last - first).get_days().max(1) as f32;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width().min(420.0), 54.0),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let y = rect.top() + 14.0;
    // Room for half a label at each end.
    let x0 = rect.left() + 30.0;
    let x1 = rect.right() - 30.0;
    let stroke = egui::Stroke::new(1.0, ui.visuals().weak_text_color());
    painter.line_segment([egui::pos2(x0, y), egui::pos2(x1, y)], stroke);
    let mut last_label_x = f32::NEG_INFINITY;
    for (date, status) in &dated {
        let t = (*date - first).get_days() as f32 / span_days;
        let x = x0 + t * (x1 - x0);
        painter.circle_filled(egui::pos2(x, y), 5.0, status_colour(*status));
        if x - last_label_x > 60.0 {
            let font = egui::FontId::proportional(11.0);
            painter.text(
                egui::pos2(x, y + 9.0),
                egui::Align2::CENTER_TOP,
                format!("{}\n{}", status.as_str(), &date.to_string()[5..]),
                font,
                ui.visuals().text_color(),
            );
            last_label_x = x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DecisionStep;

    /// A tracked meeting of "Bloc" under `key` with its `steps`.
    fn tracked(key: &str, status: DecisionStatus, steps: Vec<DecisionStep>) -> TrackedDecisionRow {
        TrackedDecisionRow {
            id: 1,
            key: key.to_string(),
            actor: "Bloc".into(),
            kind: DecisionKind::Meeting,
            head: "summit".into(),
            action: "summit".into(),
            target: None,
            date: None,
            status,
            steps,
        }
    }

    #[test]
    fn last_change_is_the_decisions_own_latest_change_not_its_newest_report() {
        let step = |date: &str, status| DecisionStep {
            article: ArticleId(1),
            outlet: None,
            date: Some(date.to_string()),
            status,
            evidence: 0..1,
        };
        let tracked = [tracked(
            "bloc|meeting||summit",
            DecisionStatus::Rescheduled,
            vec![
                step("2023-08-10", DecisionStatus::Announced),
                step("2023-08-12", DecisionStatus::Postponed),
                step("2023-08-15", DecisionStatus::Rescheduled),
                // a round-up a week later repeats it
                step("2023-08-21", DecisionStatus::Rescheduled),
            ],
        )];
        let data = DecisionsData::new(
            &tracked,
            &HashMap::new(),
            &[],
            &HashMap::new(),
            &DecisionFilter::default(),
            &TrackerFocus::default(),
            &HashSet::new(),
        );
        assert_eq!(data.rows[0].last_change, "2023-08-15");
        assert_eq!(data.rows[0].reports, 1);
    }

    /// Issue 15: a decision reported by thousands of articles keeps only the open decision's
    /// steps in the view, and its detail lists a bounded number of them.
    #[test]
    fn only_the_open_decision_keeps_its_steps_and_its_detail_lists_a_bounded_number() {
        use egui_kittest::kittest::Queryable as _;
        let steps: Vec<DecisionStep> = (1..=120)
            .map(|a| DecisionStep {
                article: ArticleId(a),
                outlet: Some("Wire".into()),
                date: Some("2023-08-10".into()),
                status: DecisionStatus::Announced,
                evidence: 0..1,
            })
            .collect();
        let tracked: Vec<TrackedDecisionRow> = ["bloc|meeting||summit", "bloc|sanction||ban"]
            .iter()
            .map(|key| tracked(key, DecisionStatus::Announced, steps.clone()))
            .collect();
        let focus = TrackerFocus {
            actor: None,
            open: Some("bloc|meeting||summit".into()),
        };
        let data = DecisionsData::new(
            &tracked,
            &HashMap::new(),
            &[],
            &HashMap::new(),
            &DecisionFilter::default(),
            &focus,
            &HashSet::new(),
        );
        let steps: Vec<(usize, usize)> = data
            .rows
            .iter()
            .map(|r| (r.reports, r.steps.len()))
            .collect();
        assert!(
            steps.contains(&(120, 120)) && steps.contains(&(120, 0)),
            "{steps:?}"
        );
        let mut harness = egui_kittest::Harness::builder()
            .with_size(eframe::egui::vec2(600.0, 4000.0))
            .build_ui(move |ui| {
                decisions_ui(
                    ui,
                    &data,
                    &DecisionFilter::default(),
                    &mut DecisionsInput::default(),
                    &mut Vec::new(),
                );
            });
        harness.run();
        harness.get_by_label("… and 70 more reports of it");
        assert_eq!(
            harness.query_all_by_label("2023-08-10 · Wire").count(),
            EVIDENCE_SHOWN
        );
    }

    #[test]
    fn the_open_decision_stays_open_while_its_evidence_is_read() {
        let mut selection = Selection::default();
        let focus = TrackerFocus::default();
        selection.selected = Some(Item::Actor("ECOWAS".into()));
        let focus = focus.follow(&selection);
        assert_eq!(focus.actor.as_deref(), Some("ECOWAS"));
        assert_eq!(focus.open, None);
        selection.selected = Some(Item::Decision("ecowas|meeting||meeting".into()));
        let focus = focus.follow(&selection);
        assert_eq!(focus.open.as_deref(), Some("ecowas|meeting||meeting"));
        // Clicking a piece of evidence selects its span: the decision stays open.
        selection.selected = Some(Item::Span {
            article: ArticleId(1),
            range: 0..5,
        });
        let focus = focus.follow(&selection);
        assert_eq!(focus.open.as_deref(), Some("ecowas|meeting||meeting"));
        assert_eq!(focus.actor, None);
    }
}
