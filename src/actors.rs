//! The actor registry as the analyst sees it: the entity pass's machine rows with the analyst's
//! edits (merges, renames, types, aliases, splits, rejected and added mentions) applied in order.
//!
//! Edits are stored apart from machine output and name actors by their names and mentions by
//! their spans, so they apply again, unchanged, after the pass re-runs. Undo removes the last
//! edit. Pure: rows and edits in, the effective registry out.

use crate::analysis::entities::EntityKind;
use crate::model::ArticleId;
use crate::sanctions::{Hit, Kind as SanctionsKind, Screener};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

mod totals;
pub use totals::{ActorTotal, MentionGroup, Totals, group_mentions};

/// An actor row as the entity pass stored it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRow {
    pub id: i64,
    pub name: String,
    pub kind: EntityKind,
    pub roles: Vec<String>,
    pub country: Option<String>,
}

/// A mention row as the entity pass stored it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MentionRow {
    pub article: ArticleId,
    pub range: Range<usize>,
    pub text: String,
    pub kind: EntityKind,
    /// The registry actor (`ActorRow::id`), `None` for an unresolved mention.
    pub actor: Option<i64>,
    /// The name the article itself gives the actor.
    pub local_name: Option<String>,
    /// Index of the sentence it sits in, within its article.
    pub sentence: u32,
}

/// One analyst correction to the entity layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Every mention of `from` becomes a mention of `into`.
    Merge {
        from: String,
        into: String,
    },
    /// Mentions written as one of `aliases` leave `name` for a new actor `new_name`.
    Split {
        name: String,
        aliases: Vec<String>,
        new_name: String,
    },
    Rename {
        from: String,
        to: String,
    },
    SetType {
        name: String,
        kind: EntityKind,
    },
    /// Every mention written `alias` (case-insensitive) belongs to `name`.
    AddAlias {
        name: String,
        alias: String,
    },
    /// Mentions of `name` written `alias` are no longer linked to it.
    RemoveAlias {
        name: String,
        alias: String,
    },
    /// The mention at this span is not an entity.
    RejectMention {
        article: ArticleId,
        start: usize,
        end: usize,
    },
    /// A mention the pass missed, of `actor` (created with `kind` if it does not exist).
    AddMention {
        article: ArticleId,
        start: usize,
        end: usize,
        text: String,
        actor: String,
        kind: EntityKind,
    },
}

impl Edit {
    /// The `op` name stored beside the payload.
    pub fn op(&self) -> &'static str {
        match self {
            Edit::Merge { .. } => "merge",
            Edit::Split { .. } => "split",
            Edit::Rename { .. } => "rename",
            Edit::SetType { .. } => "set_type",
            Edit::AddAlias { .. } => "add_alias",
            Edit::RemoveAlias { .. } => "remove_alias",
            Edit::RejectMention { .. } => "reject_mention",
            Edit::AddMention { .. } => "add_mention",
        }
    }

    /// A short description for the undo menu and the status bar.
    pub fn describe(&self) -> String {
        match self {
            Edit::Merge { from, into } => format!("merge {from} into {into}"),
            Edit::Split { name, new_name, .. } => format!("split {new_name} from {name}"),
            Edit::Rename { from, to } => format!("rename {from} to {to}"),
            Edit::SetType { name, kind } => format!("set {name} to {}", kind.as_str()),
            Edit::AddAlias { name, alias } => format!("add alias {alias} to {name}"),
            Edit::RemoveAlias { name, alias } => format!("remove alias {alias} from {name}"),
            Edit::RejectMention { .. } => "reject a mention".to_string(),
            Edit::AddMention { text, actor, .. } => format!("add mention {text} of {actor}"),
        }
    }
}

/// A mention after the edits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    pub article: ArticleId,
    pub range: Range<usize>,
    pub text: String,
    pub kind: EntityKind,
    /// Index into [`Actors::actors`].
    pub actor: Option<usize>,
    pub local_name: Option<String>,
    pub sentence: u32,
    /// Added by the analyst rather than found by the pass.
    pub added: bool,
}

/// An actor after the edits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Actor {
    pub name: String,
    pub kind: EntityKind,
    pub roles: Vec<String>,
    pub country: Option<String>,
    /// Distinct surface forms of its mentions, most frequent first, then the aliases the
    /// analyst gave it that no mention is written as (yet).
    pub aliases: Vec<String>,
    /// Indices into [`Actors::mentions`].
    pub mentions: Vec<usize>,
    pub articles: Vec<ArticleId>,
    /// Set when the analyst edited this actor.
    pub edited: bool,
}

/// The effective registry: every live actor and every mention.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Actors {
    pub actors: Vec<Actor>,
    pub mentions: Vec<Mention>,
}

/// A sanctions-list hit on an actor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorHit {
    /// Index into [`Actors::actors`].
    pub actor: usize,
    /// The actor's name or alias that was screened.
    pub screened: String,
    pub hit: Hit,
}

impl Actors {
    /// Screens every person and organisation, by name and by the analyst-visible forms of its
    /// mentions, against `screener`; the best hit per (actor, list entry), strongest first.
    /// Places are not screened: lists name parties, and a country's name inside a company's
    /// would only add noise.
    pub fn screen(&self, screener: &Screener, threshold: f32) -> Vec<ActorHit> {
        let mut hits: Vec<ActorHit> = Vec::new();
        for (i, actor) in self.actors.iter().enumerate() {
            let kind = match actor.kind {
                EntityKind::Person => SanctionsKind::Person,
                EntityKind::Org => SanctionsKind::Organization,
                EntityKind::Loc => continue,
            };
            let mut names: Vec<&String> = vec![&actor.name];
            names.extend(
                actor
                    .aliases
                    .iter()
                    .filter(|a| a.chars().any(char::is_uppercase)),
            );
            for name in names {
                for hit in screener.screen(name, Some(kind), threshold) {
                    match hits
                        .iter_mut()
                        .find(|h| h.actor == i && h.hit.entry == hit.entry)
                    {
                        Some(h) if h.hit.score >= hit.score => {}
                        Some(h) => {
                            h.screened = name.clone();
                            h.hit = hit;
                        }
                        None => hits.push(ActorHit {
                            actor: i,
                            screened: name.clone(),
                            hit,
                        }),
                    }
                }
            }
        }
        hits.sort_by(|a, b| {
            b.hit
                .score
                .total_cmp(&a.hit.score)
                .then(a.actor.cmp(&b.actor))
        });
        hits
    }
}

/// Working state while edits apply: actors may die (merged away).
struct Builder {
    actors: Vec<Option<Actor>>,
    mentions: Vec<Option<Mention>>,
}

impl Actors {
    /// Applies `edits` in order to the machine rows. An edit naming an actor that no longer
    /// exists does nothing (the pass may have stopped finding it).
    pub fn build(rows: &[ActorRow], mention_rows: &[MentionRow], edits: &[Edit]) -> Actors {
        Builder::replay(rows, mention_rows, edits).finish()
    }

    /// The live actor with this name (exact, else case-insensitive).
    pub fn find(&self, name: &str) -> Option<usize> {
        find_in(self.actors.iter().map(|a| Some(&a.name)), name)
    }

    /// Mentions of one article, in text order.
    pub fn in_article(&self, article: ArticleId) -> impl Iterator<Item = &Mention> {
        self.mentions.iter().filter(move |m| m.article == article)
    }
}

impl Edit {
    /// The article whose single mention the edit rejects or adds; `None` for the edits that
    /// apply to every mention of an actor or a name.
    pub fn span_article(&self) -> Option<ArticleId> {
        match self {
            Edit::RejectMention { article, .. } | Edit::AddMention { article, .. } => {
                Some(*article)
            }
            _ => None,
        }
    }
}

/// Adds `alias` to `aliases` unless one is already written so (case aside).
fn push_alias(aliases: &mut Vec<String>, alias: &str) {
    if !aliases.iter().any(|a| a.eq_ignore_ascii_case(alias)) {
        aliases.push(alias.to_string());
    }
}

fn find_in<'a>(
    names: impl Iterator<Item = Option<&'a String>> + Clone,
    name: &str,
) -> Option<usize> {
    names
        .clone()
        .position(|n| n.is_some_and(|n| n == name))
        .or_else(|| {
            names
                .clone()
                .position(|n| n.is_some_and(|n| n.eq_ignore_ascii_case(name)))
        })
}

impl Builder {
    /// The machine rows with `edits` applied in order, before dead actors and mentions are
    /// dropped: `mentions[i]` is still `mention_rows[i]` (or `None` if rejected), added
    /// mentions follow.
    fn replay(rows: &[ActorRow], mention_rows: &[MentionRow], edits: &[Edit]) -> Builder {
        let index: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let mut b = Builder {
            actors: rows
                .iter()
                .map(|r| {
                    Some(Actor {
                        name: r.name.clone(),
                        kind: r.kind,
                        roles: r.roles.clone(),
                        country: r.country.clone(),
                        aliases: Vec::new(),
                        mentions: Vec::new(),
                        articles: Vec::new(),
                        edited: false,
                    })
                })
                .collect(),
            mentions: mention_rows
                .iter()
                .map(|m| {
                    Some(Mention {
                        article: m.article,
                        range: m.range.clone(),
                        text: m.text.clone(),
                        kind: m.kind,
                        actor: m.actor.and_then(|id| index.get(&id).copied()),
                        local_name: m.local_name.clone(),
                        sentence: m.sentence,
                        added: false,
                    })
                })
                .collect(),
        };
        for edit in edits {
            b.apply(edit);
        }
        b
    }

    fn find(&self, name: &str) -> Option<usize> {
        find_in(
            self.actors.iter().map(|a| a.as_ref().map(|a| &a.name)),
            name,
        )
    }

    fn actor_mut(&mut self, i: usize) -> Option<&mut Actor> {
        self.actors.get_mut(i).and_then(Option::as_mut)
    }

    /// The actor named `name`, created with `kind` when missing.
    fn find_or_create(&mut self, name: &str, kind: EntityKind) -> usize {
        self.find(name).unwrap_or_else(|| {
            self.actors.push(Some(Actor {
                name: name.to_string(),
                kind,
                roles: Vec::new(),
                country: None,
                aliases: Vec::new(),
                mentions: Vec::new(),
                articles: Vec::new(),
                edited: true,
            }));
            self.actors.len() - 1
        })
    }

    fn live_mentions(&mut self) -> impl Iterator<Item = &mut Mention> {
        self.mentions.iter_mut().flatten()
    }

    fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::Merge { from, into } => {
                let (Some(from), Some(into)) = (self.find(from), self.find(into)) else {
                    return;
                };
                if from == into {
                    return;
                }
                for m in self.live_mentions() {
                    if m.actor == Some(from) {
                        m.actor = Some(into);
                    }
                }
                let gone = self.actors[from].take();
                if let (Some(gone), Some(target)) = (gone, self.actor_mut(into)) {
                    for role in gone.roles {
                        if !target.roles.contains(&role) {
                            target.roles.push(role);
                        }
                    }
                    target.country = target.country.take().or(gone.country);
                    for alias in gone.aliases {
                        push_alias(&mut target.aliases, &alias);
                    }
                    target.edited = true;
                }
            }
            Edit::Split {
                name,
                aliases,
                new_name,
            } => {
                let Some(old) = self.find(name) else { return };
                let kind = self.actors[old]
                    .as_ref()
                    .map_or(EntityKind::Person, |a| a.kind);
                let new = self.find_or_create(new_name, kind);
                for m in self.live_mentions() {
                    if m.actor == Some(old)
                        && aliases.iter().any(|a| a.eq_ignore_ascii_case(&m.text))
                    {
                        m.actor = Some(new);
                    }
                }
                if let Some(a) = self.actor_mut(old) {
                    a.edited = true;
                }
            }
            Edit::Rename { from, to } => {
                if let Some(i) = self.find(from)
                    && let Some(a) = self.actor_mut(i)
                {
                    a.name = to.clone();
                    a.edited = true;
                }
            }
            Edit::SetType { name, kind } => {
                if let Some(i) = self.find(name)
                    && let Some(a) = self.actor_mut(i)
                {
                    a.kind = *kind;
                    a.edited = true;
                }
            }
            Edit::AddAlias { name, alias } => {
                let Some(i) = self.find(name) else { return };
                for m in self.live_mentions() {
                    if m.text.eq_ignore_ascii_case(alias) {
                        m.actor = Some(i);
                    }
                }
                if let Some(a) = self.actor_mut(i) {
                    // Kept while building: shown and searchable even before any mention is
                    // written so.
                    push_alias(&mut a.aliases, alias);
                    a.edited = true;
                }
            }
            Edit::RemoveAlias { name, alias } => {
                let Some(i) = self.find(name) else { return };
                for m in self.live_mentions() {
                    if m.actor == Some(i) && m.text.eq_ignore_ascii_case(alias) {
                        m.actor = None;
                    }
                }
                if let Some(a) = self.actor_mut(i) {
                    a.aliases.retain(|a| !a.eq_ignore_ascii_case(alias));
                    a.edited = true;
                }
            }
            Edit::RejectMention {
                article,
                start,
                end,
            } => {
                for slot in &mut self.mentions {
                    if slot
                        .as_ref()
                        .is_some_and(|m| m.article == *article && m.range == (*start..*end))
                    {
                        *slot = None;
                    }
                }
            }
            Edit::AddMention {
                article,
                start,
                end,
                text,
                actor,
                kind,
            } => {
                let i = self.find_or_create(actor, *kind);
                // The sentence of the nearest earlier mention in the article.
                let sentence = self
                    .mentions
                    .iter()
                    .flatten()
                    .filter(|m| m.article == *article && m.range.start <= *start)
                    .max_by_key(|m| m.range.start)
                    .map_or(0, |m| m.sentence);
                self.mentions.retain(|m| {
                    m.as_ref()
                        .is_none_or(|m| !(m.article == *article && m.range == (*start..*end)))
                });
                self.mentions.push(Some(Mention {
                    article: *article,
                    range: *start..*end,
                    text: text.clone(),
                    kind: *kind,
                    actor: Some(i),
                    local_name: None,
                    sentence,
                    added: true,
                }));
            }
        }
    }

    /// Drops dead actors and mentions, renumbers, and fills aliases, mentions and articles.
    fn finish(self) -> Actors {
        let mut mentions: Vec<Mention> = self.mentions.into_iter().flatten().collect();
        mentions.sort_by_key(|m| (m.article, m.range.start));
        let mut renumber = vec![None; self.actors.len()];
        let mut actors = Vec::new();
        for (old, actor) in self.actors.into_iter().enumerate() {
            if let Some(actor) = actor {
                renumber[old] = Some(actors.len());
                actors.push(actor);
            }
        }
        for (i, m) in mentions.iter_mut().enumerate() {
            m.actor = m.actor.and_then(|a| renumber[a]);
            if let Some(a) = m.actor {
                actors[a].mentions.push(i);
            }
        }
        for actor in &mut actors {
            let mut counts: HashMap<&str, usize> = HashMap::new();
            let mut articles = BTreeSet::new();
            for &i in &actor.mentions {
                *counts.entry(mentions[i].text.as_str()).or_default() += 1;
                articles.insert(mentions[i].article);
            }
            let mut aliases: Vec<(&str, usize)> = counts.into_iter().collect();
            aliases.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let declared = std::mem::take(&mut actor.aliases);
            actor.aliases = aliases.into_iter().map(|(s, _)| s.to_string()).collect();
            for alias in declared {
                push_alias(&mut actor.aliases, &alias);
            }
            actor.articles = articles.into_iter().collect();
        }
        // Actors left without a mention (all rejected or moved) are not shown.
        let keep: Vec<bool> = actors
            .iter()
            .map(|a| !a.mentions.is_empty() || a.edited)
            .collect();
        if keep.iter().all(|k| *k) {
            return Actors { actors, mentions };
        }
        let mut renumber = vec![None; actors.len()];
        let mut kept = Vec::new();
        for (old, actor) in actors.into_iter().enumerate() {
            if keep[old] {
                renumber[old] = Some(kept.len());
                kept.push(actor);
            }
        }
        for m in &mut mentions {
            m.actor = m.actor.and_then(|a| renumber[a]);
        }
        Actors {
            actors: kept,
            mentions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> (Vec<ActorRow>, Vec<MentionRow>) {
        let actor = |id, name: &str, kind| ActorRow {
            id,
            name: name.into(),
            kind,
            roles: vec![],
            country: None,
        };
        let mention = |article, start, text: &str, actor| MentionRow {
            article: ArticleId(article),
            range: start..start + text.len(),
            text: text.into(),
            kind: EntityKind::Person,
            actor,
            local_name: None,
            sentence: 0,
        };
        (
            vec![
                actor(10, "Vladimir Putin", EntityKind::Person),
                actor(11, "Putin", EntityKind::Person),
                actor(12, "Niger", EntityKind::Loc),
            ],
            vec![
                mention(1, 0, "Vladimir Putin", Some(10)),
                mention(1, 30, "Putin", Some(10)),
                mention(2, 5, "Putin", Some(11)),
                mention(2, 40, "Niger", Some(12)),
                mention(2, 60, "the Kremlin chief", None),
            ],
        )
    }

    #[test]
    fn without_edits_the_machine_rows_come_through() {
        let (a, m) = rows();
        let actors = Actors::build(&a, &m, &[]);
        assert_eq!(actors.actors.len(), 3);
        let putin = &actors.actors[actors.find("Vladimir Putin").expect("putin")];
        assert_eq!(putin.aliases, ["Putin", "Vladimir Putin"]);
        assert_eq!(putin.articles, [ArticleId(1)]);
        assert_eq!(actors.in_article(ArticleId(2)).count(), 3);
    }

    #[test]
    fn merge_moves_mentions_and_articles() {
        let (a, m) = rows();
        let merge = Edit::Merge {
            from: "Putin".into(),
            into: "Vladimir Putin".into(),
        };
        let actors = Actors::build(&a, &m, &[merge]);
        assert_eq!(actors.actors.len(), 2);
        let putin = &actors.actors[actors.find("Vladimir Putin").expect("putin")];
        assert_eq!(putin.mentions.len(), 3);
        assert_eq!(putin.articles, [ArticleId(1), ArticleId(2)]);
        assert!(putin.edited);
    }

    #[test]
    fn an_alias_no_mention_is_written_as_is_kept_shown_and_merged() {
        let (a, m) = rows();
        let alias = |alias: &str| Edit::AddAlias {
            name: "Vladimir Putin".into(),
            alias: alias.into(),
        };
        let actors = Actors::build(&a, &m, &[alias("the Russian strongman")]);
        let putin = &actors.actors[actors.find("Vladimir Putin").expect("putin")];
        assert_eq!(
            putin.aliases.last().map(String::as_str),
            Some("the Russian strongman")
        );
        // Taken back, it is gone; merged into another actor, it goes along.
        let removed = Edit::RemoveAlias {
            name: "Vladimir Putin".into(),
            alias: "THE RUSSIAN STRONGMAN".into(),
        };
        let actors = Actors::build(&a, &m, &[alias("the Russian strongman"), removed]);
        let putin = &actors.actors[actors.find("Vladimir Putin").expect("putin")];
        assert!(!putin.aliases.iter().any(|a| a.contains("strongman")));
        let merge = Edit::Merge {
            from: "Vladimir Putin".into(),
            into: "Niger".into(),
        };
        let actors = Actors::build(&a, &m, &[alias("the Russian strongman"), merge]);
        let niger = &actors.actors[actors.find("Niger").expect("niger")];
        assert!(niger.aliases.iter().any(|a| a == "the Russian strongman"));
    }

    #[test]
    fn rename_type_and_aliases() {
        let (a, m) = rows();
        let edits = [
            Edit::Rename {
                from: "Niger".into(),
                to: "Republic of Niger".into(),
            },
            Edit::SetType {
                name: "republic of niger".into(),
                kind: EntityKind::Org,
            },
            Edit::AddAlias {
                name: "Putin".into(),
                alias: "the Kremlin chief".into(),
            },
            Edit::RemoveAlias {
                name: "Vladimir Putin".into(),
                alias: "Putin".into(),
            },
        ];
        let actors = Actors::build(&a, &m, &edits);
        let niger = &actors.actors[actors.find("Republic of Niger").expect("renamed")];
        assert_eq!(niger.kind, EntityKind::Org);
        let short = &actors.actors[actors.find("Putin").expect("putin")];
        assert_eq!(short.aliases.len(), 2, "{:?}", short.aliases);
        let full = &actors.actors[actors.find("Vladimir Putin").expect("full")];
        assert_eq!(full.aliases, ["Vladimir Putin"]);
        // The unlinked mention stays in the article, without an actor.
        assert!(
            actors
                .in_article(ArticleId(1))
                .any(|m| m.text == "Putin" && m.actor.is_none())
        );
    }

    #[test]
    fn split_reject_and_add_mentions() {
        let (a, m) = rows();
        let edits = [
            Edit::Split {
                name: "Vladimir Putin".into(),
                aliases: vec!["Putin".into()],
                new_name: "Someone Else".into(),
            },
            Edit::RejectMention {
                article: ArticleId(2),
                start: 40,
                end: 45,
            },
            Edit::AddMention {
                article: ArticleId(2),
                start: 60,
                end: 77,
                text: "the Kremlin chief".into(),
                actor: "Vladimir Putin".into(),
                kind: EntityKind::Person,
            },
        ];
        let actors = Actors::build(&a, &m, &edits);
        let other = &actors.actors[actors.find("Someone Else").expect("split")];
        assert_eq!(other.aliases, ["Putin"]);
        // Niger lost its only mention and is gone.
        assert!(actors.find("Niger").is_none());
        let putin = &actors.actors[actors.find("Vladimir Putin").expect("putin")];
        assert!(putin.aliases.contains(&"the Kremlin chief".to_string()));
        let added = actors.in_article(ArticleId(2)).filter(|m| m.added).count();
        assert_eq!(added, 1);
        // The replaced unresolved mention at the same span is gone.
        assert_eq!(
            actors
                .in_article(ArticleId(2))
                .filter(|m| m.range == (60..77))
                .count(),
            1
        );
    }

    #[test]
    fn edits_naming_missing_actors_do_nothing() {
        let (a, m) = rows();
        let edits = [Edit::Merge {
            from: "Nobody".into(),
            into: "Putin".into(),
        }];
        assert_eq!(Actors::build(&a, &m, &edits), Actors::build(&a, &m, &[]));
    }

    #[test]
    fn edits_round_trip_through_json() {
        let edit = Edit::SetType {
            name: "ECOWAS".into(),
            kind: EntityKind::Org,
        };
        let json = serde_json::to_string(&edit).expect("json");
        assert_eq!(json, r#"{"op":"set_type","name":"ECOWAS","kind":"ORG"}"#);
        assert_eq!(serde_json::from_str::<Edit>(&json).expect("back"), edit);
        assert_eq!(edit.op(), "set_type");
    }
}
