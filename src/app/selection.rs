//! The one selection every panel reads and writes: what the analyst picked and what the pointer
//! is over. A panel asks it what to highlight and never reaches into another panel.

use crate::model::ArticleId;
use std::ops::Range;

/// Anything a panel can show and select.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    /// A whole article.
    Article(ArticleId),
    /// A byte range of one article's text (a search hit, later a mention, quote or date).
    Span {
        article: ArticleId,
        range: Range<usize>,
    },
    /// An actor of the registry, by its (effective) name.
    Actor(String),
    /// An event of the project timeline.
    Event(i64),
    /// A tracked decision, by its key.
    Decision(String),
}

impl Item {
    /// The article this item lives in, if it lives in one.
    pub fn article(&self) -> Option<ArticleId> {
        match self {
            Item::Article(id) | Item::Span { article: id, .. } => Some(*id),
            Item::Actor(_) | Item::Event(_) | Item::Decision(_) => None,
        }
    }
}

/// What is selected and what is hovered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub selected: Option<Item>,
    pub hovered: Option<Item>,
}

impl Selection {
    /// The selected article (or the article of the selected span).
    pub fn article(&self) -> Option<ArticleId> {
        self.selected.as_ref().and_then(Item::article)
    }

    /// The selected actor's name.
    pub fn actor(&self) -> Option<&str> {
        match &self.selected {
            Some(Item::Actor(name)) => Some(name),
            _ => None,
        }
    }

    /// Whether `article` is the selected one (or holds the selected span).
    pub fn is_article_selected(&self, article: ArticleId) -> bool {
        self.article() == Some(article)
    }

    /// The selected span of `article`, if one is selected.
    pub fn span_in(&self, article: ArticleId) -> Option<Range<usize>> {
        match &self.selected {
            Some(Item::Span { article: a, range }) if *a == article => Some(range.clone()),
            _ => None,
        }
    }
}
