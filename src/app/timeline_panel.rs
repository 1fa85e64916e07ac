//! The Timeline panel: the project's merged events on a calendar, one lane per outlet or per
//! actor, zoomable (scroll) and pannable (drag), with a list below; events whose reports
//! disagree on the date are ringed in red. Click an event to read its sentence.

use super::command::Command;
use super::library::UNKNOWN_OUTLET;
use super::selection::{Item, Selection};
use super::theme;
use crate::model::{ArticleId, TimelineEvent};
use eframe::egui::{self, Pos2, Rect, Stroke, Vec2};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the chart's lanes stand for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaneMode {
    #[default]
    Outlet,
    Actor,
}

/// Lanes shown at most in actor mode (the actors with the most events).
const MAX_ACTOR_LANES: usize = 14;

/// A day number: days since 1970-01-01.
pub type Day = i32;

/// One mark on the chart: the events of a lane over one span of days (they would be drawn one
/// over the other: a project of 200,000 articles has hundreds of thousands of them).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    /// Index into [`TimelineData::rows`] of the event the mark shows (the last in the list).
    pub row: usize,
    /// The other events drawn under it, in list order.
    pub under: Vec<usize>,
    pub lane: usize,
    pub first: Day,
    pub last: Day,
    /// One of its events' reports disagree on the date.
    pub conflict: bool,
}

/// One event in the list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub value: String,
    pub label: String,
    pub outlets: Vec<String>,
    pub reports: usize,
    pub conflict: bool,
    /// The other values reports give, when they disagree.
    pub other_values: Vec<String>,
}

/// What the Timeline panel shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TimelineData {
    pub lanes: Vec<String>,
    pub points: Vec<Point>,
    pub rows: Vec<EventRow>,
    /// First and last day of all points.
    pub days: Option<(Day, Day)>,
    /// First and last day of the points dated to a day or a few (not whole months or years):
    /// where the story happens, and the chart's first view.
    pub focus: Option<(Day, Day)>,
    /// The actor the events are filtered by.
    pub actor: Option<String>,
}

impl TimelineData {
    /// Lays the events out in lanes; with an actor selected, only its events.
    pub fn new(
        events: &[TimelineEvent],
        outlet_of: &HashMap<ArticleId, Option<String>>,
        mode: LaneMode,
        actor: Option<&str>,
    ) -> Self {
        let shown: Vec<&TimelineEvent> = events
            .iter()
            .filter(|e| actor.is_none_or(|a| e.actors.iter().any(|n| n == a)))
            .filter(|e| days_of(&e.value).is_some())
            .collect();
        let outlet = |id: &ArticleId| {
            outlet_of
                .get(id)
                .cloned()
                .flatten()
                .unwrap_or_else(|| UNKNOWN_OUTLET.to_string())
        };
        let rows: Vec<EventRow> = shown
            .iter()
            .map(|e| {
                let mut outlets: Vec<String> =
                    e.reports.iter().map(|r| outlet(&r.article)).collect();
                outlets.sort();
                outlets.dedup();
                let mut other_values: Vec<String> = e
                    .reports
                    .iter()
                    .filter(|r| r.value != e.value)
                    .map(|r| r.value.clone())
                    .collect();
                other_values.sort();
                other_values.dedup();
                EventRow {
                    id: e.id,
                    value: e.value.clone(),
                    label: e.label.clone(),
                    outlets,
                    reports: e.reports.len(),
                    conflict: e.conflict,
                    other_values,
                }
            })
            .collect();
        let mut lanes: Vec<String> = match mode {
            LaneMode::Outlet => rows.iter().flat_map(|r| r.outlets.clone()).collect(),
            LaneMode::Actor => {
                let mut counts: HashMap<&str, usize> = HashMap::new();
                for e in &shown {
                    for a in &e.actors {
                        *counts.entry(a.as_str()).or_default() += 1;
                    }
                }
                let mut top: Vec<(&str, usize)> = counts.into_iter().collect();
                top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                top.into_iter()
                    .take(MAX_ACTOR_LANES)
                    .map(|(a, _)| a.to_string())
                    .collect()
            }
        };
        lanes.sort();
        lanes.dedup();
        let lane_of: HashMap<&str, usize> = lanes
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let mut points: Vec<Point> = Vec::new();
        let mut point_at: HashMap<(usize, Day, Day), usize> = HashMap::new();
        for (row, e) in shown.iter().enumerate() {
            let Some((first, last)) = days_of(&e.value) else {
                continue;
            };
            let names: &[String] = match mode {
                LaneMode::Outlet => &rows[row].outlets,
                LaneMode::Actor => &e.actors,
            };
            for name in names {
                let Some(&lane) = lane_of.get(name.as_str()) else {
                    continue;
                };
                match point_at.get(&(lane, first, last)) {
                    Some(&p) => {
                        let point = &mut points[p];
                        point.under.push(std::mem::replace(&mut point.row, row));
                        point.conflict |= e.conflict;
                    }
                    None => {
                        point_at.insert((lane, first, last), points.len());
                        points.push(Point {
                            row,
                            under: Vec::new(),
                            lane,
                            first,
                            last,
                            conflict: e.conflict,
                        });
                    }
                }
            }
        }
        let days = points
            .iter()
            .map(|p| (p.first, p.last))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        let focus = points
            .iter()
            .filter(|p| p.last - p.first <= 7)
            .map(|p| (p.first, p.last))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
            .or(days);
        TimelineData {
            lanes,
            points,
            rows,
            days,
            focus,
            actor: actor.map(str::to_string),
        }
    }
}

/// The first and last day an ISO value covers (see [`crate::model::iso_days`]), as day
/// numbers. `None` for anything else.
pub fn days_of(value: &str) -> Option<(Day, Day)> {
    let (first, last) = crate::model::iso_days(value)?;
    let day = |d: jiff::civil::Date| -> Option<Day> {
        let epoch = jiff::civil::date(1970, 1, 1);
        Day::try_from(d.since(epoch).ok()?.get_days()).ok()
    };
    Some((day(first)?, day(last)?))
}

/// The calendar date of a day number, as precise as ticks `step` days apart need: `Aug 17`,
/// `Aug 2023` or `2023`.
fn day_label(day: Day, step: Day) -> String {
    let date = jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(day)))
        .unwrap_or(jiff::civil::date(1970, 1, 1));
    let format = match step {
        s if s >= 365 => "%Y",
        s if s >= 30 => "%b %Y",
        _ => "%b %-d",
    };
    date.strftime(format).to_string()
}

/// The chart's visible span of days (zoom and pan), kept by the panel.
#[derive(Clone, Debug, Default)]
pub struct TimelineInput {
    view: Option<(f64, f64)>,
}

/// Draws the Timeline panel.
pub fn timeline_ui(
    ui: &mut egui::Ui,
    data: &TimelineData,
    mode: LaneMode,
    selection: &Selection,
    input: &mut TimelineInput,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.label("Lanes:");
        for (m, label) in [
            (LaneMode::Outlet, "per outlet"),
            (LaneMode::Actor, "per actor"),
        ] {
            if ui.selectable_label(mode == m, label).clicked() {
                commands.push(Command::TimelineLanes(m));
            }
        }
        if ui
            .button("Story")
            .on_hover_text("Show the days the story happens")
            .clicked()
        {
            input.view = None;
        }
        if ui
            .button("All")
            .on_hover_text("Show every dated event, background years included")
            .clicked()
            && let Some((first, last)) = data.days
        {
            input.view = Some((f64::from(first) - 1.0, f64::from(last) + 2.0));
        }
    });
    if let Some(actor) = &data.actor {
        ui.label(
            egui::RichText::new(format!("Events with {actor}")).color(theme::SELECTED_ACTOR_BG),
        );
    }
    let Some((first, last)) = data.focus else {
        ui.weak("No dated events yet: run the analysis.");
        return;
    };
    let selected = match &selection.selected {
        Some(Item::Event(id)) => Some(*id),
        _ => None,
    };
    chart_ui(ui, data, (first, last), selected, input, commands);
    ui.separator();
    list_ui(ui, data, selected, commands);
}

fn chart_ui(
    ui: &mut egui::Ui,
    data: &TimelineData,
    (first, last): (Day, Day),
    selected: Option<i64>,
    input: &mut TimelineInput,
    commands: &mut Vec<Command>,
) {
    let lane_height = 22.0;
    let label_width = 130.0;
    let height = 28.0 + lane_height * data.lanes.len().max(1) as f32;
    let (rect, response) = ui.allocate_exact_size(
        Vec2::new(ui.available_width(), height),
        egui::Sense::click_and_drag(),
    );
    let plot = Rect::from_min_max(
        Pos2::new(rect.left() + label_width, rect.top() + 22.0),
        rect.max,
    );
    let (mut x0, mut x1) = input
        .view
        .unwrap_or((f64::from(first) - 1.0, f64::from(last) + 2.0));
    // Zoom with the wheel around the pointer, pan by dragging.
    if response.hovered() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0
            && let Some(pointer) = response.hover_pos()
        {
            let at = x0 + f64::from((pointer.x - plot.left()) / plot.width()) * (x1 - x0);
            let factor = (1.0 - f64::from(scroll) * 0.002).clamp(0.5, 2.0);
            x0 = at - (at - x0) * factor;
            x1 = at + (x1 - at) * factor;
        }
    }
    if response.dragged() {
        let shift = f64::from(response.drag_delta().x / plot.width()) * (x1 - x0);
        x0 -= shift;
        x1 -= shift;
    }
    if x1 - x0 < 2.0 {
        x1 = x0 + 2.0;
    }
    input.view = Some((x0, x1));
    let to_x = |day: f64| plot.left() + ((day - x0) / (x1 - x0)) as f32 * plot.width();
    let painter = ui.painter_at(rect);
    // Marks stay inside the plot, off the lane names.
    let plot_painter = ui.painter_at(plot.expand2(Vec2::new(0.0, 4.0)));
    let text = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    // Axis: at most about one tick per 70 points, on a step of days, weeks, months or years.
    let span = x1 - x0;
    let wanted = span / f64::from((plot.width() / 70.0).max(1.0));
    let step = [1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826, 3652, 7305]
        .into_iter()
        .find(|s| f64::from(*s) >= wanted)
        .unwrap_or(7305);
    let mut day = (x0.floor() as Day).div_euclid(step) * step;
    while f64::from(day) <= x1 {
        let x = to_x(f64::from(day));
        if x >= plot.left() {
            painter.line_segment(
                [Pos2::new(x, plot.top()), Pos2::new(x, plot.bottom())],
                Stroke::new(0.5, weak.gamma_multiply(0.4)),
            );
            painter.text(
                Pos2::new(x, rect.top() + 2.0),
                egui::Align2::CENTER_TOP,
                day_label(day, step),
                egui::FontId::proportional(11.0),
                weak,
            );
        }
        day += step;
    }
    for (i, lane) in data.lanes.iter().enumerate() {
        let y = plot.top() + lane_height * (i as f32 + 0.5);
        painter.line_segment(
            [Pos2::new(plot.left(), y), Pos2::new(plot.right(), y)],
            Stroke::new(0.5, weak.gamma_multiply(0.3)),
        );
        // Lane names are cut at the label column.
        let column = Rect::from_min_max(
            Pos2::new(rect.left(), y - lane_height / 2.0),
            Pos2::new(plot.left() - 6.0, y + lane_height / 2.0),
        );
        ui.painter_at(column).text(
            Pos2::new(rect.left(), y),
            egui::Align2::LEFT_CENTER,
            lane,
            egui::FontId::proportional(12.0),
            text,
        );
    }
    // One hit test for the whole chart, not a widget per mark: thousands of events cost a
    // frame no more than the marks they paint.
    let pointer = response.hover_pos();
    let selected_row = selected.and_then(|id| data.rows.iter().position(|r| r.id == id));
    let mut hovered = None;
    for point in &data.points {
        let row = &data.rows[point.row];
        let y = plot.top() + lane_height * (point.lane as f32 + 0.5);
        let (xa, xb) = (
            to_x(f64::from(point.first)),
            to_x(f64::from(point.last) + 1.0),
        );
        if xb < plot.left() || xa > plot.right() {
            continue;
        }
        let mark = Rect::from_min_max(
            Pos2::new(xa, y - 6.0),
            Pos2::new(xb.max(xa + 10.0), y + 6.0),
        );
        let is_selected = selected_row.is_some_and(|s| point.row == s || point.under.contains(&s));
        let fill = if is_selected {
            theme::SELECTED_ACTOR_BG
        } else {
            theme::TIMEX_MARK
        };
        plot_painter.rect_filled(mark, 3.0, fill);
        if point.conflict {
            plot_painter.rect_stroke(
                mark.expand(2.0),
                3.0,
                Stroke::new(2.0, theme::CONFLICT),
                egui::StrokeKind::Outside,
            );
        }
        if pointer.is_some_and(|p| mark.expand(2.0).contains(p)) {
            hovered = Some((row, point.under.len()));
        }
    }
    if let Some((row, under)) = hovered {
        let more = match under {
            0 => String::new(),
            n => format!("\n… and {n} more events there (the list below has them all)"),
        };
        let response = response.on_hover_text(format!(
            "{} · {}\n{} reports: {}{more}",
            row.value,
            row.label,
            row.reports,
            row.outlets.join(", ")
        ));
        if response.clicked() {
            commands.push(Command::Select(Some(Item::Event(row.id))));
        }
    }
}

fn list_ui(
    ui: &mut egui::Ui,
    data: &TimelineData,
    selected: Option<i64>,
    commands: &mut Vec<Command>,
) {
    // One line a row (the rest on hover): a long timeline is virtualised.
    let area = egui::ScrollArea::both()
        .id_salt("timeline-list")
        .auto_shrink([false, false]);
    let row_height = ui.spacing().interact_size.y;
    super::rows::rows_ui(ui, area, row_height, data.rows.len(), |ui, i| {
        let row = &data.rows[i];
        ui.horizontal(|ui| {
            ui.monospace(&row.value);
            let text = egui::RichText::new(&row.label);
            if ui
                .selectable_label(selected == Some(row.id), text)
                .clicked()
            {
                commands.push(Command::Select(Some(Item::Event(row.id))));
            }
            ui.weak(format!("{} · {}", row.reports, row.outlets.join(", ")));
            if row.conflict {
                ui.label(
                    egui::RichText::new(format!(
                        "dates disagree: also {}",
                        row.other_values.join(", ")
                    ))
                    .color(theme::CONFLICT),
                );
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventReport;

    #[test]
    fn values_cover_their_days() {
        let d = |v| days_of(v).expect(v);
        let (a, _) = d("2023-08-17");
        assert_eq!(d("2023-08-17/2023-08-18"), (a, a + 1));
        assert_eq!(d("2023-08").1 - d("2023-08").0, 30);
        assert_eq!(d("2023").1 - d("2023").0, 364);
        let (monday, sunday) = d("2023-W33");
        assert_eq!(sunday - monday, 6);
        assert_eq!(monday, d("2023-08-14").0);
        assert!(days_of("D-day").is_none());
        assert!(days_of("2023-02-29").is_none());
        assert_eq!(day_label(a, 1), "Aug 17");
        assert_eq!(day_label(a, 30), "Aug 2023");
        assert_eq!(day_label(a, 365), "2023");
    }

    #[test]
    fn events_fall_into_outlet_and_actor_lanes_and_filter_by_actor() {
        let report = |article, value: &str| EventReport {
            article: ArticleId(article),
            sentence: 0..10,
            value: value.into(),
        };
        let events = vec![
            TimelineEvent {
                id: 1,
                label: "chiefs meet in Accra".into(),
                value: "2023-08-17/2023-08-18".into(),
                actors: vec!["ECOWAS".into(), "Accra".into()],
                reports: vec![report(1, "2023-08-17/2023-08-18"), report(2, "2023-08-18")],
                conflict: true,
            },
            TimelineEvent {
                id: 2,
                label: "Putin calls Goita".into(),
                value: "2023-08-15".into(),
                actors: vec!["Vladimir Putin".into()],
                reports: vec![report(1, "2023-08-15")],
                conflict: false,
            },
        ];
        let outlets: HashMap<ArticleId, Option<String>> = [
            (ArticleId(1), Some("Wire".into())),
            (ArticleId(2), Some("Daily".into())),
        ]
        .into();
        let data = TimelineData::new(&events, &outlets, LaneMode::Outlet, None);
        assert_eq!(data.lanes, ["Daily", "Wire"]);
        assert_eq!(data.points.len(), 3);
        assert_eq!(data.rows[0].other_values, ["2023-08-18"]);
        let by_actor = TimelineData::new(&events, &outlets, LaneMode::Actor, None);
        assert_eq!(by_actor.lanes, ["Accra", "ECOWAS", "Vladimir Putin"]);
        let putin = TimelineData::new(&events, &outlets, LaneMode::Outlet, Some("Vladimir Putin"));
        assert_eq!(putin.rows.len(), 1);
        assert_eq!(putin.rows[0].id, 2);
    }

    /// Issue 15: events of one lane and one span of days make one mark, not one each drawn
    /// over the other (a large project had hundreds of thousands a frame).
    #[test]
    fn events_of_one_lane_and_day_make_one_mark() {
        let report = |article, value: &str| crate::model::EventReport {
            article: ArticleId(article),
            sentence: 0..10,
            value: value.into(),
        };
        let events: Vec<TimelineEvent> = (0..50)
            .map(|i| TimelineEvent {
                id: i,
                label: format!("event {i}"),
                value: "2023-08-15".into(),
                actors: vec![],
                reports: vec![report(1, "2023-08-15")],
                conflict: i == 7,
            })
            .collect();
        let outlets: HashMap<ArticleId, Option<String>> =
            [(ArticleId(1), Some("Wire".into()))].into();
        let data = TimelineData::new(&events, &outlets, LaneMode::Outlet, None);
        assert_eq!(data.rows.len(), 50, "the list keeps every event");
        assert_eq!(data.points.len(), 1);
        let mark = &data.points[0];
        assert_eq!((mark.row, mark.under.len()), (49, 49));
        assert!(mark.conflict, "one of them is in conflict");
    }
}
