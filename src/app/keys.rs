//! The keyboard: shortcuts read once per frame (Ctrl+Z, Ctrl+F, Escape, Ctrl+1…6, the arrow
//! keys and Enter) and turned into commands, and the step through the list the selection is
//! in (Library, Actors, Quotes, Decisions).

use super::command::Command;
use super::selection::Item;
use super::{RightTab, library, quotes_panel};
use crate::model::ArticleId;
use eframe::egui;

/// The right-hand tabs in menu order, with the digit that shows each (Ctrl+1…6).
pub const TABS: [(RightTab, &str, egui::Key); 6] = [
    (RightTab::Actors, "Actors", egui::Key::Num1),
    (RightTab::Network, "Network", egui::Key::Num2),
    (RightTab::Timeline, "Timeline", egui::Key::Num3),
    (RightTab::Quotes, "Quotes", egui::Key::Num4),
    (RightTab::Decisions, "Decisions", egui::Key::Num5),
    (RightTab::Sanctions, "Sanctions", egui::Key::Num6),
];

/// The shortcut text a menu shows beside an entry (`Ctrl+4`).
pub fn shortcut_text(ctx: &egui::Context, key: egui::Key) -> String {
    ctx.format_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key))
}

/// The commands this frame's keys ask for. Keys a text field is typing are left to it; the
/// arrows and Enter act only when no widget has the keyboard focus (Tab moves that focus, with
/// a visible ring, as egui does).
pub fn shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let mut commands = Vec::new();
    let typing = ctx.egui_wants_keyboard_input();
    let focused = ctx.memory(|m| m.focused().is_some());
    ctx.input_mut(|i| {
        if i.consume_key(egui::Modifiers::COMMAND, egui::Key::F) {
            commands.push(Command::FocusSearch);
        }
        for (tab, _, key) in TABS {
            if i.consume_key(egui::Modifiers::COMMAND, key) {
                commands.push(Command::ShowTab(tab));
            }
        }
        if typing {
            return;
        }
        if i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z) {
            commands.push(Command::Undo);
        }
        if i.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
            commands.push(Command::Escape);
        }
        if focused {
            return;
        }
        if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
            commands.push(Command::Step { forward: true });
        }
        if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
            commands.push(Command::Step { forward: false });
        }
        if i.consume_key(egui::Modifiers::NONE, egui::Key::Enter) {
            commands.push(Command::OpenSelected);
        }
    });
    commands
}

/// The lists the arrow keys walk, in the order each panel shows them.
pub struct Lists<'a> {
    pub library: &'a [library::LibraryRow],
    /// Articles of the search hits, when a search is shown instead of the grouped list.
    pub hits: Option<Vec<ArticleId>>,
    pub actors: Vec<&'a str>,
    pub quotes: &'a [quotes_panel::QuoteGroup],
    pub decisions: Vec<&'a str>,
}

/// The item after (or before) `selected` in the list it belongs to: an article in the Library
/// (its search hits when a search is shown), an actor in the Actors table, a quote in the
/// Quotes panel (when that tab is shown), a decision in the tracker. With nothing selected,
/// the first article. At either end the selection stays.
pub fn step(
    lists: &Lists<'_>,
    selected: Option<&Item>,
    tab: RightTab,
    forward: bool,
) -> Option<Item> {
    let articles = || -> Vec<ArticleId> {
        match &lists.hits {
            Some(hits) => hits.clone(),
            None => lists
                .library
                .iter()
                .filter_map(|r| match r {
                    library::LibraryRow::Article { id, .. } => Some(*id),
                    library::LibraryRow::Outlet { .. } => None,
                })
                .collect(),
        }
    };
    let items: Vec<Item> = match selected {
        Some(Item::Actor(_)) => lists
            .actors
            .iter()
            .map(|a| Item::Actor((*a).to_string()))
            .collect(),
        Some(Item::Decision(_)) => lists
            .decisions
            .iter()
            .map(|k| Item::Decision((*k).to_string()))
            .collect(),
        Some(Item::Span { .. }) if tab == RightTab::Quotes => lists
            .quotes
            .iter()
            .flat_map(|g| &g.quotes)
            .map(|q| Item::Span {
                article: q.article,
                range: q.content.clone(),
            })
            .collect(),
        _ => articles().into_iter().map(Item::Article).collect(),
    };
    let here = selected.and_then(|s| {
        items.iter().position(|i| i == s).or_else(|| {
            // An article's span (a mention clicked) steps from its article.
            let article = s.article()?;
            items.iter().position(|i| *i == Item::Article(article))
        })
    });
    let next = match (here, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(items.len().saturating_sub(1)),
        (Some(i), false) => i.saturating_sub(1),
    };
    items.get(next).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use library::LibraryRow;

    fn article(id: i64) -> LibraryRow {
        LibraryRow::Article {
            id: ArticleId(id),
            title: format!("a{id}"),
            date: String::new(),
            duplicate: false,
        }
    }

    #[test]
    fn arrows_walk_the_list_the_selection_is_in_and_stop_at_its_ends() {
        let library = vec![
            LibraryRow::Outlet {
                name: "Wire".into(),
                count: 2,
                open: true,
                story: None,
            },
            article(3),
            article(1),
        ];
        let lists = Lists {
            library: &library,
            hits: None,
            actors: vec!["ECOWAS", "Niger"],
            quotes: &[],
            decisions: vec!["k1", "k2"],
        };
        let go = |s: Option<Item>, forward| step(&lists, s.as_ref(), RightTab::Actors, forward);
        assert_eq!(go(None, true), Some(Item::Article(ArticleId(3))));
        assert_eq!(
            go(Some(Item::Article(ArticleId(3))), true),
            Some(Item::Article(ArticleId(1)))
        );
        assert_eq!(
            go(Some(Item::Article(ArticleId(1))), true),
            Some(Item::Article(ArticleId(1)))
        );
        assert_eq!(
            go(Some(Item::Actor("Niger".into())), false),
            Some(Item::Actor("ECOWAS".into()))
        );
        assert_eq!(
            go(Some(Item::Decision("k1".into())), true),
            Some(Item::Decision("k2".into()))
        );
        // A span of an article (a mention) steps on from its article.
        let span = Item::Span {
            article: ArticleId(3),
            range: 0..4,
        };
        assert_eq!(go(Some(span), true), Some(Item::Article(ArticleId(1))));
        // Search hits replace the grouped list.
        let searching = Lists {
            hits: Some(vec![ArticleId(9), ArticleId(3)]),
            ..lists
        };
        assert_eq!(
            step(&searching, None, RightTab::Actors, true),
            Some(Item::Article(ArticleId(9)))
        );
    }
}
