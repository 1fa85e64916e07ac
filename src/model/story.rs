//! Stories (groups of articles about one event) and the analyst's corrections to them.

use serde::{Deserialize, Serialize};

/// A group of articles about one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// `story-N`, N the smallest member id (see `analysis::stories::edits` for how edits find stories).
    pub key: String,
    /// Article ids, ascending.
    pub members: Vec<i64>,
    /// A short automatic name (`ECOWAS · Accra meeting`), or the analyst's.
    pub name: String,
    /// The story's most characteristic content words, as the texts spell them.
    pub key_terms: Vec<String>,
}

/// One correction by the analyst.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StoryEdit {
    /// Moves one article out of its story into the story with key `to_story_key`.
    Move { article: i64, to_story_key: String },
    /// Merges story `b` into story `a`; the result keeps `a`'s name.
    Merge { a: String, b: String },
    /// Moves `articles` (those that are members) out of the story into a new story of their own.
    Split {
        story_key: String,
        articles: Vec<i64>,
    },
    /// Gives the story a name chosen by the analyst.
    Rename { story_key: String, name: String },
}

impl StoryEdit {
    /// What the edit does, as the Edit menu's Undo names it.
    pub fn describe(&self) -> String {
        match self {
            StoryEdit::Move { article, .. } => format!("move article {article} to another story"),
            StoryEdit::Merge { .. } => "merge two stories".to_string(),
            StoryEdit::Split { articles, .. } => {
                format!("split {} articles into a new story", articles.len())
            }
            StoryEdit::Rename { name, .. } => format!("rename a story to {name}"),
        }
    }
}
