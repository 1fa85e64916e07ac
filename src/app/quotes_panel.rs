//! The Quotes panel: who said what, grouped by speaker or by outlet, each quote with its cue,
//! outlet and date (direct ones marked); a voice-share table (quotes and words per speaker and
//! per outlet, anonymous sources apart); and the analyst's fixes (speaker, reject).

use super::command::Command;
use super::selection::{Item, Selection};
use super::theme;
use crate::model::{ArticleId, QuoteFix, QuoteRow};
use eframe::egui;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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
    /// How many quotes the group holds.
    pub total: usize,
    /// Its first quotes, as many as the panel shows ([`QUOTES_SHOWN`] until more are asked
    /// for).
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
    /// The voice share within each of the [`VOICE_STORIES`] largest stories, largest first.
    pub voice_by_story: Vec<StoryVoice>,
    /// Stories with quotes left out of [`QuotesData::voice_by_story`].
    pub more_stories: usize,
    /// Quotes and words from anonymous sources, counted apart.
    pub anonymous: (usize, usize),
    pub total: usize,
    /// The actor the quotes are filtered by.
    pub actor: Option<String>,
}

/// Quotes a group lists at first, and how many more each "Show more" adds.
pub const QUOTES_SHOWN: usize = 20;
/// Quotes listed at first over all groups: groups past it list theirs when asked.
pub const SHOWN_MAX: usize = 1000;
/// Stories whose voice share is given one by one.
pub const VOICE_STORIES: usize = 30;

/// One quote as the panel groups and counts it; its words stay in the project until the
/// quote is shown (a few dozen bytes a quote).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteKey {
    pub article: ArticleId,
    /// The whole construction (the key of the analyst's fixes).
    pub start: usize,
    pub end: usize,
    /// Indices into [`QuoteIndex`]'s names.
    speaker: u32,
    outlet: u32,
    date: u32,
    /// `u32::MAX` when the article is in no story.
    story: u32,
    pub words: u32,
    pub is_actor: bool,
    pub anonymous: bool,
}

/// Every quote of the project with its fixes applied and its speaker resolved to the
/// registry, in article and text order, as [`QuoteKey`]s.
#[derive(Clone, Debug, Default)]
pub struct QuoteIndex {
    pub quotes: Vec<QuoteKey>,
    names: Vec<String>,
    ids: HashMap<String, u32>,
}

/// What a quote is grouped and counted by, for [`QuoteIndex::push`].
#[derive(Clone, Copy, Debug)]
pub struct QuotePlace<'a> {
    pub article: ArticleId,
    pub range: (usize, usize),
    /// Registry name of the speaker when it is an actor, else the speaker as written.
    pub speaker: &'a str,
    pub is_actor: bool,
    pub anonymous: bool,
    pub words: usize,
    pub outlet: &'a str,
    pub date: &'a str,
    /// Name of the article's story, `None` when stories are not grouped yet.
    pub story: Option<&'a str>,
}

impl QuoteIndex {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX - 1);
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }

    /// Adds one quote.
    pub fn push(&mut self, q: QuotePlace<'_>) {
        let key = QuoteKey {
            article: q.article,
            start: q.range.0,
            end: q.range.1,
            speaker: self.id(q.speaker),
            outlet: self.id(q.outlet),
            date: self.id(q.date),
            story: q.story.map_or(u32::MAX, |s| self.id(s)),
            words: u32::try_from(q.words).unwrap_or(u32::MAX),
            is_actor: q.is_actor,
            anonymous: q.anonymous,
        };
        self.quotes.push(key);
    }

    pub fn speaker(&self, q: &QuoteKey) -> &str {
        self.name(q.speaker)
    }

    pub fn outlet(&self, q: &QuoteKey) -> &str {
        self.name(q.outlet)
    }

    /// The quote's story, empty when its article is in none.
    pub fn story(&self, q: &QuoteKey) -> &str {
        if q.story == u32::MAX {
            ""
        } else {
            self.name(q.story)
        }
    }

    /// The quote as the list shows it, with the words the project holds for it.
    pub fn item(&self, q: &QuoteKey, words: &QuoteWords) -> QuoteItem {
        let all: Vec<&str> = words.content.split_whitespace().collect();
        let mut text = all[..all.len().min(SHOWN_WORDS)].join(" ");
        if all.len() > SHOWN_WORDS {
            text.push_str(" …");
        }
        QuoteItem {
            article: q.article,
            range: q.start..q.end,
            content: words.row.content.clone(),
            speaker_range: words.row.speaker_range.clone(),
            speaker: self.speaker(q).to_string(),
            is_actor: q.is_actor,
            anonymous: q.anonymous,
            direct: words.row.direct,
            cue: words.cue.clone(),
            text,
            words: q.words as usize,
            outlet: self.outlet(q).to_string(),
            date: self.name(q.date).to_string(),
            story: self.story(q).to_string(),
        }
    }
}

/// A stored quote with the words of its cue and content.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteWords {
    pub row: QuoteRow,
    pub cue: String,
    pub content: String,
}

impl QuotesData {
    /// Groups the quotes of `index` for `view`; with an actor selected, only that speaker's.
    /// Each group lists its first quotes ([`QUOTES_SHOWN`], or as many as `shown` asks for
    /// it; none past [`SHOWN_MAX`] in all unless asked), their words read by `words`, which
    /// answers each key it is given in order (`None` for a quote no longer stored).
    pub fn new(
        index: &QuoteIndex,
        view: QuoteView,
        actor: Option<&str>,
        shown: &HashMap<String, usize>,
        words: impl FnOnce(&[QuoteKey]) -> Vec<Option<QuoteWords>>,
    ) -> Self {
        let selected: Vec<&QuoteKey> = index
            .quotes
            .iter()
            .filter(|q| actor.is_none_or(|a| index.speaker(q) == a))
            .collect();
        let mut grouped: HashMap<(&str, bool), Vec<&QuoteKey>> = HashMap::new();
        for &q in &selected {
            let heading = match view {
                QuoteView::ByOutlet => (index.outlet(q), false),
                QuoteView::ByStory if q.story == u32::MAX => ("(no story)", false),
                QuoteView::ByStory => (index.story(q), false),
                _ => (index.speaker(q), q.is_actor),
            };
            grouped.entry(heading).or_default().push(q);
        }
        let mut grouped: Vec<((&str, bool), Vec<&QuoteKey>)> = grouped.into_iter().collect();
        grouped.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        // The quotes shown: each group's first ones, within the budget unless asked for.
        let mut budget = SHOWN_MAX;
        let mut wanted: Vec<QuoteKey> = Vec::new();
        let mut counts = Vec::with_capacity(grouped.len());
        for ((heading, _), quotes) in &grouped {
            let n = match shown.get(*heading) {
                Some(&asked) => asked.min(quotes.len()),
                None => QUOTES_SHOWN.min(quotes.len()).min(budget),
            };
            budget = budget.saturating_sub(n);
            wanted.extend(quotes[..n].iter().copied().copied());
            counts.push(n);
        }
        let mut read = words(&wanted).into_iter();
        let mut keys = wanted.iter();
        let groups = grouped
            .iter()
            .zip(counts)
            .map(|(((heading, is_actor), quotes), n)| QuoteGroup {
                heading: heading.to_string(),
                actor: *is_actor,
                total: quotes.len(),
                quotes: (0..n)
                    .filter_map(|_| {
                        let key = keys.next()?;
                        let words = read.next().flatten()?;
                        Some(index.item(key, &words))
                    })
                    .collect(),
            })
            .collect();

        let (voice, anonymous) = voice_of(index, &selected);
        let mut stories: HashMap<u32, Vec<&QuoteKey>> = HashMap::new();
        for &q in selected.iter().filter(|q| q.story != u32::MAX) {
            stories.entry(q.story).or_default().push(q);
        }
        let mut stories: Vec<(&str, Vec<&QuoteKey>)> = stories
            .into_iter()
            .map(|(story, quotes)| (index.name(story), quotes))
            .collect();
        stories.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        let more_stories = stories.len().saturating_sub(VOICE_STORIES);
        stories.truncate(VOICE_STORIES);
        let mut voice_by_story: Vec<StoryVoice> = stories
            .into_iter()
            .map(|(story, quotes)| {
                let (rows, anonymous) = voice_of(index, &quotes);
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
            more_stories,
            anonymous,
            total: selected.len(),
            actor: actor.map(str::to_string),
        }
    }
}

/// Speakers' quotes and words, most words first, with anonymous sources counted apart (see
/// [`crate::coverage::voice_share`]).
fn voice_of(index: &QuoteIndex, quotes: &[&QuoteKey]) -> (Vec<VoiceRow>, (usize, usize)) {
    let (speakers, anonymous) =
        crate::coverage::voice_share(quotes.iter().map(|q| crate::coverage::Voiced {
            speaker: index.speaker(q),
            outlet: index.outlet(q),
            words: q.words as usize,
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

/// One row of the grouped list: a group's heading, one of its quotes, or the button that
/// lists more of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Row {
    Heading(usize),
    Quote(usize, usize),
    More(usize),
}

/// The grouped list as rows of one height, each heading followed by its quotes shown and, when
/// it has more, a row to show them.
fn rows(data: &QuotesData) -> Vec<Row> {
    let shown: usize = data.groups.iter().map(|g| g.quotes.len()).sum();
    let mut rows = Vec::with_capacity(shown + 2 * data.groups.len());
    for (g, group) in data.groups.iter().enumerate() {
        rows.push(Row::Heading(g));
        rows.extend((0..group.quotes.len()).map(|q| Row::Quote(g, q)));
        if group.quotes.len() < group.total {
            rows.push(Row::More(g));
        }
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
        Row::More(g) => more_ui(ui, &data.groups[g], commands),
    });
}

/// "Show 20 more (1,234 not shown)" under a group that lists only its first quotes.
fn more_ui(ui: &mut egui::Ui, group: &QuoteGroup, commands: &mut Vec<Command>) {
    let left = group.total - group.quotes.len();
    ui.indent(("more", &group.heading), |ui| {
        let label = format!("Show {} more ({left} not shown)", left.min(QUOTES_SHOWN));
        if ui.button(label).clicked() {
            commands.push(Command::MoreQuotes {
                heading: group.heading.clone(),
                shown: group.quotes.len() + QUOTES_SHOWN,
            });
        }
    });
}

fn heading_ui(ui: &mut egui::Ui, group: &QuoteGroup, row_height: f32, commands: &mut Vec<Command>) {
    // The heading sits at the bottom of its row, apart from the group above.
    ui.add_space(row_height - ui.spacing().interact_size.y - ui.spacing().item_spacing.y);
    let heading = egui::RichText::new(format!("{} ({})", group.heading, group.total)).strong();
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
    if data.more_stories > 0 {
        ui.add_space(6.0);
        ui.weak(format!(
            "… and {} smaller stories with quotes",
            data.more_stories
        ));
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

    /// The index of `items`, in order.
    fn index_of(items: &[QuoteItem]) -> QuoteIndex {
        let mut index = QuoteIndex::default();
        for q in items {
            index.push(QuotePlace {
                article: q.article,
                range: (q.range.start, q.range.end),
                speaker: &q.speaker,
                is_actor: q.is_actor,
                anonymous: q.anonymous,
                words: q.words,
                outlet: &q.outlet,
                date: &q.date,
                story: (!q.story.is_empty()).then_some(q.story.as_str()),
            });
        }
        index
    }

    /// The panel's data for `items` (each at its own place), every group listing its first
    /// quotes or as many as `shown` asks.
    fn grouped(
        items: &[QuoteItem],
        view: QuoteView,
        actor: Option<&str>,
        shown: &HashMap<String, usize>,
    ) -> QuotesData {
        let placed: Vec<QuoteItem> = items
            .iter()
            .enumerate()
            .map(|(i, q)| QuoteItem {
                article: ArticleId(i as i64 + 1),
                ..q.clone()
            })
            .collect();
        QuotesData::new(&index_of(&placed), view, actor, shown, |keys| {
            keys.iter()
                .map(|k| {
                    let q = placed.iter().find(|q| q.article == k.article)?;
                    Some(QuoteWords {
                        row: QuoteRow {
                            range: q.range.clone(),
                            direct: q.direct,
                            cue: 0..0,
                            speaker_text: q.speaker.clone(),
                            speaker_name: q.speaker.clone(),
                            speaker_range: None,
                            content: q.content.clone(),
                            parent: None,
                            anonymous: q.anonymous,
                        },
                        cue: q.cue.clone(),
                        content: q.text.clone(),
                    })
                })
                .collect()
        })
    }

    fn of(items: &[QuoteItem], view: QuoteView, actor: Option<&str>) -> QuotesData {
        grouped(items, view, actor, &HashMap::new())
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
        // Every quote asked for: 10,000 rows.
        let all = HashMap::from([("Wire".to_string(), items.len())]);
        let data = grouped(&items, QuoteView::ByOutlet, None, &all);
        assert_eq!(data.groups[0].quotes.len(), 10_000);
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
        let data = grouped(&few, QuoteView::ByOutlet, None, &all);
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

    /// Issue 15: a group lists its first quotes and a button for more; only the quotes shown
    /// are read from the project, within a budget over all groups.
    #[test]
    fn a_group_lists_its_first_quotes_and_shows_more_when_asked() {
        use egui_kittest::kittest::Queryable as _;
        let items: Vec<QuoteItem> = (0..50)
            .map(|i| item("Bola Tinubu", "Wire", 10 + i, false))
            .collect();
        let data = of(&items, QuoteView::BySpeaker, None);
        assert_eq!(data.groups[0].total, 50);
        assert_eq!(data.groups[0].quotes.len(), QUOTES_SHOWN);
        assert_eq!(
            data.voice[0].quotes, 50,
            "the voice share counts every quote"
        );
        let commands = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sent = std::sync::Arc::clone(&commands);
        let mut harness = egui_kittest::Harness::builder()
            .with_size(eframe::egui::vec2(500.0, 2000.0))
            .build_ui(move |ui| {
                let mut input = QuotesInput::default();
                let mut out = Vec::new();
                quotes_ui(
                    ui,
                    &data,
                    QuoteView::BySpeaker,
                    &Selection::default(),
                    &mut input,
                    &mut out,
                );
                if let Ok(mut sent) = sent.lock() {
                    sent.extend(out);
                }
            });
        harness.run();
        assert_eq!(
            harness.query_all_by_label("Fix speaker").count(),
            QUOTES_SHOWN
        );
        harness.get_by_label("Bola Tinubu (50)");
        harness.get_by_label("Show 20 more (30 not shown)").click();
        harness.run();
        let asked = commands.lock().map(|c| c.clone()).unwrap_or_default();
        assert!(asked.contains(&Command::MoreQuotes {
            heading: "Bola Tinubu".into(),
            shown: 40
        }));
        // Asked for 40: 40 listed, the button offers the last 10.
        let more = HashMap::from([("Bola Tinubu".to_string(), 40)]);
        let data = grouped(&items, QuoteView::BySpeaker, None, &more);
        assert_eq!(data.groups[0].quotes.len(), 40);

        // Many groups: past the budget, a group lists nothing until asked.
        let many: Vec<QuoteItem> = (0..3 * SHOWN_MAX)
            .map(|i| item(&format!("Speaker {:04}", i / 3), "Wire", 5, false))
            .collect();
        let mut read = 0;
        let data = QuotesData::new(
            &index_of(&many),
            QuoteView::BySpeaker,
            None,
            &HashMap::new(),
            |keys| {
                read += keys.len();
                vec![None; keys.len()]
            },
        );
        assert_eq!(read, SHOWN_MAX);
        assert_eq!(data.groups.len(), SHOWN_MAX);
        assert_eq!(data.total, 3 * SHOWN_MAX);
    }

    #[test]
    fn groups_and_voice_share_count_quotes_and_words_with_anonymous_apart() {
        let items = vec![
            item("Bola Tinubu", "Wire", 10, false),
            item("Bola Tinubu", "Daily", 20, false),
            item("Vladimir Putin", "Wire", 5, false),
            item("diplomatic sources", "Wire", 8, true),
        ];
        let data = of(&items, QuoteView::BySpeaker, None);
        assert_eq!(data.groups[0].heading, "Bola Tinubu");
        assert_eq!(data.groups[0].quotes.len(), 2);
        assert_eq!(data.voice[0].words, 30);
        assert_eq!(
            data.voice[0].by_outlet,
            [("Daily".to_string(), 1), ("Wire".to_string(), 1)]
        );
        assert_eq!(data.anonymous, (1, 8));
        assert!(data.voice.iter().all(|v| v.speaker != "diplomatic sources"));

        let by_outlet = of(&items, QuoteView::ByOutlet, None);
        assert_eq!(by_outlet.groups[0].heading, "Wire");
        assert_eq!(by_outlet.groups[0].quotes.len(), 3);

        let putin = of(&items, QuoteView::BySpeaker, Some("Vladimir Putin"));
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
        let data = of(&items, QuoteView::ByStory, None);
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
