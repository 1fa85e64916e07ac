//! The Quotes panel: who said what, grouped by speaker or by outlet, each quote with its cue,
//! outlet and date (direct ones marked); a voice-share table (quotes and words per speaker and
//! per outlet, anonymous sources apart); and the analyst's fixes (speaker, reject).

use super::command::Command;
use super::selection::{Item, Selection};
use super::theme;
use crate::actors::Actors;
use crate::model::{ArticleId, ArticleSummary, QuoteFix, QuoteRow};
use eframe::egui;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// How the panel groups quotes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuoteView {
    #[default]
    BySpeaker,
    ByOutlet,
    ByStory,
    VoiceShare,
}

/// Words of a quote's content shown in the list.
const SHOWN_WORDS: usize = 40;

/// One quote as the panel lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteItem {
    pub article: ArticleId,
    /// The whole construction (the key of the analyst's fixes).
    pub range: Range<usize>,
    pub content: Range<usize>,
    /// Where the speaker is written, when it is.
    pub speaker_range: Option<Range<usize>>,
    /// Registry name of the speaker when it is an actor, else the speaker as written.
    pub speaker: String,
    pub is_actor: bool,
    pub anonymous: bool,
    pub direct: bool,
    pub cue: String,
    pub text: String,
    pub words: usize,
    pub outlet: String,
    pub date: String,
    /// Name of the article's story, empty when stories are not grouped yet.
    pub story: String,
}

/// A group of quotes under a heading.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteGroup {
    pub heading: String,
    /// The heading is an actor of the registry (selectable).
    pub actor: bool,
    pub quotes: Vec<QuoteItem>,
}

/// A speaker's share of the voice: quotes and words, in all and per outlet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VoiceRow {
    pub speaker: String,
    pub quotes: usize,
    pub words: usize,
    pub by_outlet: Vec<(String, usize)>,
}

/// Who is quoted in one story, how often and how much.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryVoice {
    pub story: String,
    pub rows: Vec<VoiceRow>,
    pub anonymous: (usize, usize),
}

/// What the Quotes panel shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QuotesData {
    pub groups: Vec<QuoteGroup>,
    pub voice: Vec<VoiceRow>,
    /// The voice share within each story, largest story first.
    pub voice_by_story: Vec<StoryVoice>,
    /// Quotes and words from anonymous sources, counted apart.
    pub anonymous: (usize, usize),
    pub total: usize,
    /// The actor the quotes are filtered by.
    pub actor: Option<String>,
}

/// Every quote with its fixes applied and its speaker resolved to the registry.
pub fn quote_items(
    quotes: &[(ArticleId, QuoteRow, String, String)],
    fixes: &HashMap<(ArticleId, Range<usize>), QuoteFix>,
    actors: &Actors,
    summaries: &[ArticleSummary],
    story_of: &HashMap<ArticleId, String>,
) -> Vec<QuoteItem> {
    let registry_name: HashMap<(ArticleId, &str), &str> = actors
        .mentions
        .iter()
        .filter_map(|m| {
            let local = m.local_name.as_deref()?;
            Some(((m.article, local), actors.actors[m.actor?].name.as_str()))
        })
        .collect();
    let meta: HashMap<ArticleId, &ArticleSummary> = summaries.iter().map(|s| (s.id, s)).collect();
    quotes
        .iter()
        .filter_map(|(article, row, cue, content)| {
            let row = QuoteFix::apply(fixes.get(&(*article, row.range.clone())), row.clone())?;
            let resolved = registry_name
                .get(&(*article, row.speaker_name.as_str()))
                .copied()
                .or_else(|| {
                    actors
                        .find(&row.speaker_name)
                        .map(|i| actors.actors[i].name.as_str())
                });
            let words: Vec<&str> = content.split_whitespace().collect();
            let mut text = words[..words.len().min(SHOWN_WORDS)].join(" ");
            if words.len() > SHOWN_WORDS {
                text.push_str(" …");
            }
            let summary = meta.get(article);
            Some(QuoteItem {
                article: *article,
                range: row.range.clone(),
                content: row.content.clone(),
                speaker_range: row.speaker_range.clone(),
                speaker: resolved.map_or_else(|| row.speaker_name.clone(), str::to_string),
                is_actor: resolved.is_some(),
                anonymous: row.anonymous,
                direct: row.direct,
                cue: cue.clone(),
                text,
                words: words.len(),
                outlet: summary
                    .and_then(|s| s.outlet.clone())
                    .unwrap_or_else(|| super::library::UNKNOWN_OUTLET.to_string()),
                date: summary
                    .and_then(|s| s.published)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                story: story_of.get(article).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

impl QuotesData {
    /// Groups `items` for `view`; with an actor selected, only that speaker's quotes.
    pub fn new(items: &[QuoteItem], view: QuoteView, actor: Option<&str>) -> Self {
        let shown: Vec<&QuoteItem> = items
            .iter()
            .filter(|q| actor.is_none_or(|a| q.speaker == a))
            .collect();
        let mut groups: BTreeMap<String, QuoteGroup> = BTreeMap::new();
        for q in &shown {
            let (heading, is_actor) = match view {
                QuoteView::ByOutlet => (q.outlet.clone(), false),
                QuoteView::ByStory if q.story.is_empty() => ("(no story)".to_string(), false),
                QuoteView::ByStory => (q.story.clone(), false),
                _ => (q.speaker.clone(), q.is_actor),
            };
            groups
                .entry(heading.clone())
                .or_insert_with(|| QuoteGroup {
                    heading,
                    actor: is_actor,
                    quotes: Vec::new(),
                })
                .quotes
                .push((*q).clone());
        }
        let mut groups: Vec<QuoteGroup> = groups.into_values().collect();
        groups.sort_by(|a, b| {
            b.quotes
                .len()
                .cmp(&a.quotes.len())
                .then(a.heading.cmp(&b.heading))
        });

        let (voice, anonymous) = voice_of(&shown);
        let mut stories: BTreeMap<&str, Vec<&QuoteItem>> = BTreeMap::new();
        for q in shown.iter().filter(|q| !q.story.is_empty()) {
            stories.entry(q.story.as_str()).or_default().push(q);
        }
        let mut voice_by_story: Vec<StoryVoice> = stories
            .into_iter()
            .map(|(story, quotes)| {
                let (rows, anonymous) = voice_of(&quotes);
                StoryVoice {
                    story: story.to_string(),
                    rows,
                    anonymous,
                }
            })
            .collect();
        voice_by_story.sort_by_key(|v| {
            std::cmp::Reverse(v.rows.iter().map(|r| r.quotes).sum::<usize>() + v.anonymous.0)
        });
        QuotesData {
            groups,
            voice,
            voice_by_story,
            anonymous,
            total: shown.len(),
            actor: actor.map(str::to_string),
        }
    }
}

/// Speakers' quotes and words, most words first, with anonymous sources counted apart (see
/// [`crate::coverage::voice_share`]).
fn voice_of(quotes: &[&QuoteItem]) -> (Vec<VoiceRow>, (usize, usize)) {
    let (speakers, anonymous) =
        crate::coverage::voice_share(quotes.iter().map(|q| crate::coverage::Voiced {
            speaker: &q.speaker,
            outlet: &q.outlet,
            words: q.words,
            anonymous: q.anonymous,
        }));
    let rows = speakers
        .into_iter()
        .map(|(v, by_outlet)| VoiceRow {
            speaker: v.speaker,
            quotes: v.quotes,
            words: v.words,
            by_outlet,
        })
        .collect();
    (rows, anonymous)
}

/// The panel's own input: the speaker being typed for a quote.
#[derive(Clone, Debug, Default)]
pub struct QuotesInput {
    fixing: Option<(ArticleId, Range<usize>, String)>,
}

/// Draws the Quotes panel.
pub fn quotes_ui(
    ui: &mut egui::Ui,
    data: &QuotesData,
    view: QuoteView,
    selection: &Selection,
    input: &mut QuotesInput,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        for (v, label) in [
            (QuoteView::BySpeaker, "By speaker"),
            (QuoteView::ByOutlet, "By outlet"),
            (QuoteView::ByStory, "By story"),
            (QuoteView::VoiceShare, "Voice share"),
        ] {
            if ui.selectable_label(view == v, label).clicked() {
                commands.push(Command::QuoteView(v));
            }
        }
    });
    match &data.actor {
        Some(actor) => ui.label(
            egui::RichText::new(format!("{} quotes by {actor}", data.total))
                .color(theme::SELECTED_ACTOR_BG),
        ),
        None => ui.weak(format!(
            "{} quotes · {} from anonymous sources",
            data.total, data.anonymous.0
        )),
    };
    ui.separator();
    if view == QuoteView::VoiceShare {
        egui::ScrollArea::vertical()
            .id_salt("quotes")
            .auto_shrink([false, false])
            .show(ui, |ui| voice_ui(ui, data, commands));
        return;
    }
    fix_speaker_ui(ui, input, commands);
    groups_ui(ui, data, view, selection, input, commands);
}

/// One row of the grouped list: a group's heading, or one of its quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Row {
    Heading(usize),
    Quote(usize, usize),
}

/// The grouped list as rows of one height, each heading followed by its quotes.
fn rows(data: &QuotesData) -> Vec<Row> {
    let mut rows = Vec::with_capacity(data.total + data.groups.len());
    for (g, group) in data.groups.iter().enumerate() {
        rows.push(Row::Heading(g));
        rows.extend((0..group.quotes.len()).map(|q| Row::Quote(g, q)));
    }
    rows
}

/// The quotes grouped under headings, every row two lines high: a long list is virtualised
/// with `ScrollArea::show_rows`.
fn groups_ui(
    ui: &mut egui::Ui,
    data: &QuotesData,
    view: QuoteView,
    selection: &Selection,
    input: &mut QuotesInput,
    commands: &mut Vec<Command>,
) {
    // Grouped by speaker the heading names the speaker; otherwise each quote does.
    let show_speaker = view != QuoteView::BySpeaker;
    let rows = rows(data);
    let row_height = 2.0 * ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let area = egui::ScrollArea::vertical()
        .id_salt("quotes")
        .auto_shrink([false, false]);
    super::rows::rows_ui(ui, area, row_height, rows.len(), |ui, i| match rows[i] {
        Row::Heading(g) => heading_ui(ui, &data.groups[g], row_height, commands),
        Row::Quote(g, q) => quote_ui(
            ui,
            &data.groups[g].quotes[q],
            show_speaker,
            selection,
            input,
            commands,
        ),
    });
}

fn heading_ui(ui: &mut egui::Ui, group: &QuoteGroup, row_height: f32, commands: &mut Vec<Command>) {
    // The heading sits at the bottom of its row, apart from the group above.
    ui.add_space(row_height - ui.spacing().interact_size.y - ui.spacing().item_spacing.y);
    let heading =
        egui::RichText::new(format!("{} ({})", group.heading, group.quotes.len())).strong();
    if group.actor {
        if ui.link(heading).clicked() {
            commands.push(Command::Select(Some(Item::Actor(group.heading.clone()))));
        }
    } else {
        ui.label(heading);
    }
}

/// One quote on two lines: its text (cut to the width; whole on hover), then its speaker,
/// cue, outlet and date with the buttons that correct it.
fn quote_ui(
    ui: &mut egui::Ui,
    q: &QuoteItem,
    show_speaker: bool,
    selection: &Selection,
    input: &mut QuotesInput,
    commands: &mut Vec<Command>,
) {
    let item = Item::Span {
        article: q.article,
        range: q.content.clone(),
    };
    let selected = selection.selected.as_ref() == Some(&item);
    let text = if q.direct {
        egui::RichText::new(format!("“{}”", q.text)).italics()
    } else {
        egui::RichText::new(&q.text)
    };
    ui.indent(("quote", q.article.0, q.range.start), |ui| {
        if ui
            .add(egui::Button::selectable(selected, text).truncate())
            .on_hover_text(&q.text)
            .clicked()
        {
            commands.push(Command::Select(Some(item)));
        }
        ui.horizontal(|ui| {
            if show_speaker {
                let speaker = egui::RichText::new(&q.speaker).strong();
                if q.is_actor {
                    if ui.link(speaker).clicked() {
                        commands.push(Command::Select(Some(Item::Actor(q.speaker.clone()))));
                    }
                } else {
                    ui.label(speaker);
                }
            }
            let kind = if q.direct { "direct" } else { "reported" };
            ui.weak(format!("{} · {} · {kind} · {}", q.cue, q.outlet, q.date));
            if q.anonymous {
                ui.label(egui::RichText::new("anonymous").color(theme::DUPLICATE));
            }
            if ui.small_button("Fix speaker").clicked() {
                input.fixing = Some((q.article, q.range.clone(), q.speaker.clone()));
            }
            if ui
                .small_button("Reject")
                .on_hover_text("Not reported speech")
                .clicked()
            {
                commands.push(Command::FixQuote {
                    article: q.article,
                    range: q.range.clone(),
                    fix: Some(QuoteFix::Reject),
                });
            }
        });
    });
}

/// The speaker field of the quote being fixed, above the list (its rows keep one height).
fn fix_speaker_ui(ui: &mut egui::Ui, input: &mut QuotesInput, commands: &mut Vec<Command>) {
    let Some((article, range, typed)) = &mut input.fixing else {
        return;
    };
    let mut close = false;
    ui.horizontal(|ui| {
        let label = ui.label("Speaker");
        ui.add(egui::TextEdit::singleline(typed).desired_width(160.0))
            .labelled_by(label.id);
        let name = typed.trim().to_string();
        if ui
            .add_enabled(!name.is_empty(), egui::Button::new("Set speaker"))
            .clicked()
        {
            commands.push(Command::FixQuote {
                article: *article,
                range: range.clone(),
                fix: Some(QuoteFix::Speaker(name)),
            });
            close = true;
        }
        if ui.button("Cancel").clicked() {
            close = true;
        }
    });
    if close {
        input.fixing = None;
    }
    ui.separator();
}

fn voice_ui(ui: &mut egui::Ui, data: &QuotesData, commands: &mut Vec<Command>) {
    ui.strong("All stories");
    voice_table_ui(ui, "voice-all", &data.voice, data.anonymous, commands);
    for (i, story) in data.voice_by_story.iter().enumerate() {
        ui.add_space(6.0);
        egui::CollapsingHeader::new(egui::RichText::new(&story.story).strong())
            .id_salt(("voice-story", i))
            .default_open(i == 0)
            .show(ui, |ui| {
                voice_table_ui(ui, ("voice", i), &story.rows, story.anonymous, commands);
            });
    }
}

/// One voice-share table: speakers, quotes, words and share, per outlet; anonymous last.
fn voice_table_ui(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    rows: &[VoiceRow],
    anonymous: (usize, usize),
    commands: &mut Vec<Command>,
) {
    let total_words: usize = rows.iter().map(|v| v.words).sum::<usize>() + anonymous.1;
    let share = |words: usize| 100.0 * words as f64 / total_words.max(1) as f64;
    egui::Grid::new(id)
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.strong("Speaker");
            ui.strong("Quotes");
            ui.strong("Words (share)");
            ui.strong("Per outlet");
            ui.end_row();
            for row in rows {
                if ui.link(&row.speaker).clicked() {
                    commands.push(Command::Select(Some(Item::Actor(row.speaker.clone()))));
                }
                ui.label(row.quotes.to_string());
                ui.label(format!("{} ({:.0}%)", row.words, share(row.words)));
                ui.label(
                    row.by_outlet
                        .iter()
                        .map(|(o, n)| format!("{o} {n}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                ui.end_row();
            }
            ui.label(egui::RichText::new("Anonymous sources").italics());
            ui.label(anonymous.0.to_string());
            ui.label(format!("{} ({:.0}%)", anonymous.1, share(anonymous.1)));
            ui.label("");
            ui.end_row();
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(speaker: &str, outlet: &str, words: usize, anonymous: bool) -> QuoteItem {
        QuoteItem {
            article: ArticleId(1),
            range: 0..10,
            content: 0..10,
            speaker_range: None,
            speaker: speaker.into(),
            is_actor: !anonymous,
            anonymous,
            direct: false,
            cue: "said".into(),
            text: "x".into(),
            words,
            outlet: outlet.into(),
            date: String::new(),
            story: String::new(),
        }
    }

    /// Issue 15: a long list lays out only the rows in view. Ten thousand quotes would make
    /// ten thousand "Fix speaker" buttons if every row were laid out.
    #[test]
    fn a_long_quotes_list_lays_out_only_the_rows_in_view() {
        use egui_kittest::kittest::Queryable as _;
        let speakers = [
            "Bola Tinubu",
            "Vladimir Putin",
            "Assimi Goita",
            "Antony Blinken",
        ];
        let items: Vec<QuoteItem> = (0..10_000)
            .map(|i| item(speakers[i % speakers.len()], "Wire", 10, false))
            .collect();
        let data = QuotesData::new(&items, QuoteView::ByOutlet, None);
        let mut harness = egui_kittest::Harness::builder()
            .with_size(eframe::egui::vec2(500.0, 800.0))
            .build_ui(move |ui| {
                let mut input = QuotesInput::default();
                let mut commands = Vec::new();
                let selection = Selection::default();
                quotes_ui(
                    ui,
                    &data,
                    QuoteView::ByOutlet,
                    &selection,
                    &mut input,
                    &mut commands,
                );
            });
        harness.run();
        let laid_out = harness.query_all_by_label("Fix speaker").count();
        assert!(
            (1..=60).contains(&laid_out),
            "{laid_out} rows laid out of 10,000"
        );
        // A short list is laid out whole.
        let few: Vec<QuoteItem> = items
            .into_iter()
            .take(super::super::rows::ALL_ROWS_MAX - 2)
            .collect();
        let data = QuotesData::new(&few, QuoteView::ByOutlet, None);
        let mut harness = egui_kittest::Harness::builder()
            .with_size(eframe::egui::vec2(500.0, 800.0))
            .build_ui(move |ui| {
                let mut input = QuotesInput::default();
                quotes_ui(
                    ui,
                    &data,
                    QuoteView::ByOutlet,
                    &Selection::default(),
                    &mut input,
                    &mut Vec::new(),
                );
            });
        harness.run();
        assert_eq!(
            harness.query_all_by_label("Fix speaker").count(),
            super::super::rows::ALL_ROWS_MAX - 2
        );
    }

    #[test]
    fn groups_and_voice_share_count_quotes_and_words_with_anonymous_apart() {
        let items = vec![
            item("Bola Tinubu", "Wire", 10, false),
            item("Bola Tinubu", "Daily", 20, false),
            item("Vladimir Putin", "Wire", 5, false),
            item("diplomatic sources", "Wire", 8, true),
        ];
        let data = QuotesData::new(&items, QuoteView::BySpeaker, None);
        assert_eq!(data.groups[0].heading, "Bola Tinubu");
        assert_eq!(data.groups[0].quotes.len(), 2);
        assert_eq!(data.voice[0].words, 30);
        assert_eq!(
            data.voice[0].by_outlet,
            [("Daily".to_string(), 1), ("Wire".to_string(), 1)]
        );
        assert_eq!(data.anonymous, (1, 8));
        assert!(data.voice.iter().all(|v| v.speaker != "diplomatic sources"));

        let by_outlet = QuotesData::new(&items, QuoteView::ByOutlet, None);
        assert_eq!(by_outlet.groups[0].heading, "Wire");
        assert_eq!(by_outlet.groups[0].quotes.len(), 3);

        let putin = QuotesData::new(&items, QuoteView::BySpeaker, Some("Vladimir Putin"));
        assert_eq!(putin.total, 1);
    }

    #[test]
    fn by_story_groups_quotes_and_gives_each_story_its_voice_share() {
        let in_story = |q: QuoteItem, story: &str| QuoteItem {
            story: story.into(),
            ..q
        };
        let items = vec![
            in_story(item("Bola Tinubu", "Wire", 10, false), "Abuja summit"),
            in_story(item("Bola Tinubu", "Daily", 5, false), "Abuja summit"),
            in_story(item("diplomatic sources", "Wire", 7, true), "Abuja summit"),
            in_story(item("Vladimir Putin", "Wire", 8, false), "Putin call"),
            item("Assimi Goita", "Daily", 3, false),
        ];
        let data = QuotesData::new(&items, QuoteView::ByStory, None);
        let headings: Vec<(&str, usize)> = data
            .groups
            .iter()
            .map(|g| (g.heading.as_str(), g.quotes.len()))
            .collect();
        assert_eq!(
            headings,
            [("Abuja summit", 3), ("(no story)", 1), ("Putin call", 1)]
        );
        let summit = &data.voice_by_story[0];
        assert_eq!(summit.story, "Abuja summit");
        assert_eq!(summit.anonymous, (1, 7));
        assert_eq!(summit.rows.len(), 1);
        assert_eq!((summit.rows[0].quotes, summit.rows[0].words), (2, 15));
        assert_eq!(
            summit.rows[0].by_outlet,
            [("Daily".to_string(), 1), ("Wire".to_string(), 1)]
        );
        assert_eq!(data.voice_by_story[1].story, "Putin call");
        // The whole-project share still counts every quote.
        assert_eq!(data.voice.iter().map(|v| v.quotes).sum::<usize>(), 4);
    }
}
