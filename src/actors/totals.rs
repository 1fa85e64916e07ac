//! The registry's totals (mentions, articles, aliases per actor) over a whole project without
//! its mentions in memory: what the Actors table and the Library's actor filter show.
//!
//! Every edit but the span edits moves a mention by its machine actor and its spelling alone,
//! so the mentions of one (machine actor, spelling) [`MentionGroup`] all end with the same
//! actor: the edits are replayed once over one stand-in mention per group. The few articles
//! that span edits (rejected or added mentions) touch are built mention by mention, as
//! [`Actors::build`] does. The result equals the totals of [`Actors::build`] over every
//! mention (a property test below checks it).

use super::{ActorRow, Actors, Builder, Edit, MentionRow, push_alias};
use crate::analysis::entities::EntityKind;
use crate::model::ArticleId;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// Machine mentions alike for every edit but the span edits: one machine actor, one spelling.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MentionGroup {
    /// The registry actor (`ActorRow::id`), `None` for unresolved mentions.
    pub actor: Option<i64>,
    pub text: String,
    pub mentions: usize,
    /// The articles they are in, ascending, each once.
    pub articles: Vec<ArticleId>,
}

/// A live actor after the edits, with its totals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorTotal {
    pub name: String,
    pub kind: EntityKind,
    pub roles: Vec<String>,
    pub country: Option<String>,
    /// Spellings of its mentions, most frequent first, then the analyst's aliases no mention is
    /// written as.
    pub aliases: Vec<String>,
    pub mentions: usize,
    /// The articles that mention it, ascending.
    pub articles: Vec<ArticleId>,
    /// Set when the analyst edited this actor.
    pub edited: bool,
}

/// The effective registry's actors with their totals, in [`Actors::build`]'s order, and what
/// names a machine mention's actor without the registry being built again.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    pub actors: Vec<ActorTotal>,
    #[serde(skip)]
    names: Names,
    #[serde(skip)]
    resolved: Resolved,
}

/// The first actor of each name, and of each name in lower case (ASCII), as
/// [`Actors::find`] looks names up.
#[derive(Clone, Debug, Default, PartialEq)]
struct Names {
    exact: HashMap<String, usize>,
    folded: HashMap<String, usize>,
}

impl Names {
    fn new(actors: &[ActorTotal]) -> Names {
        let mut names = Names::default();
        for (i, a) in actors.iter().enumerate() {
            names.exact.entry(a.name.clone()).or_insert(i);
            names.folded.entry(a.name.to_ascii_lowercase()).or_insert(i);
        }
        names
    }
}

/// The actor each (machine actor, spelling) group ends with, and the articles whose
/// mentions span edits touch (read those one by one).
#[derive(Clone, Debug, Default, PartialEq)]
struct Resolved {
    groups: HashMap<Option<i64>, HashMap<String, usize>>,
    exact: BTreeSet<ArticleId>,
}

/// What one actor has gathered while the totals are added up.
#[derive(Default)]
struct Sums {
    mentions: usize,
    spellings: HashMap<String, usize>,
    articles: Vec<ArticleId>,
}

impl Sums {
    fn add(&mut self, text: &str, mentions: usize, articles: &[ArticleId]) {
        self.mentions += mentions;
        *self.spellings.entry(text.to_string()).or_default() += mentions;
        self.articles.extend_from_slice(articles);
    }
}

impl Totals {
    /// The totals of the registry that `rows` and `edits` make: `groups` hold the machine
    /// mentions of every article no span edit names ([`Edit::span_article`]), `exact` every
    /// mention of the articles one does.
    pub fn build(
        rows: &[ActorRow],
        groups: &[MentionGroup],
        exact: &[MentionRow],
        edits: &[Edit],
    ) -> Totals {
        // One stand-in mention per group, in an article no edit can name.
        let stand_ins: Vec<MentionRow> = groups
            .iter()
            .map(|g| MentionRow {
                article: ArticleId(i64::MIN),
                range: 0..0,
                text: g.text.clone(),
                kind: EntityKind::Org,
                actor: g.actor,
                local_name: None,
                sentence: 0,
            })
            .collect();
        let replayed = Builder::replay(rows, &stand_ins, edits);
        let mut sums: Vec<Sums> = replayed.actors.iter().map(|_| Sums::default()).collect();
        for (group, mention) in groups.iter().zip(&replayed.mentions) {
            if let Some(sum) = mention
                .as_ref()
                .and_then(|m| m.actor)
                .and_then(|a| sums.get_mut(a))
            {
                sum.add(&group.text, group.mentions, &group.articles);
            }
        }
        // The same edits create the same actors in the same order whatever the mentions: the
        // actors of both replays line up.
        let exact = Builder::replay(rows, exact, edits);
        for m in exact.mentions.iter().flatten() {
            if let Some(sum) = m.actor.and_then(|a| sums.get_mut(a)) {
                sum.add(&m.text, 1, &[m.article]);
            }
        }
        // The index each replayed actor keeps among the live ones.
        let mut kept: Vec<Option<usize>> = Vec::with_capacity(sums.len());
        let mut next = 0;
        for (actor, sum) in replayed.actors.iter().zip(&sums) {
            let keep = actor.as_ref().is_some_and(|a| sum.mentions > 0 || a.edited);
            kept.push(keep.then_some(next));
            next += usize::from(keep);
        }
        let mut resolved = Resolved {
            exact: exact
                .mentions
                .iter()
                .flatten()
                .map(|m| m.article)
                .chain(edits.iter().filter_map(Edit::span_article))
                .collect(),
            ..Resolved::default()
        };
        for (group, mention) in groups.iter().zip(&replayed.mentions) {
            if let Some(i) = mention
                .as_ref()
                .and_then(|m| m.actor)
                .and_then(|a| kept.get(a).copied().flatten())
            {
                resolved
                    .groups
                    .entry(group.actor)
                    .or_default()
                    .insert(group.text.clone(), i);
            }
        }
        let actors: Vec<ActorTotal> = replayed
            .actors
            .into_iter()
            .zip(sums)
            .zip(&kept)
            .filter_map(|((actor, sum), kept)| {
                kept.as_ref()?;
                let actor = actor?;
                let mut spellings: Vec<(String, usize)> = sum.spellings.into_iter().collect();
                spellings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let mut aliases: Vec<String> = spellings.into_iter().map(|(s, _)| s).collect();
                for alias in &actor.aliases {
                    push_alias(&mut aliases, alias);
                }
                let mut articles = sum.articles;
                articles.sort_unstable();
                articles.dedup();
                Some(ActorTotal {
                    name: actor.name,
                    kind: actor.kind,
                    roles: actor.roles,
                    country: actor.country,
                    aliases,
                    mentions: sum.mentions,
                    articles,
                    edited: actor.edited,
                })
            })
            .collect();
        Totals {
            names: Names::new(&actors),
            actors,
            resolved,
        }
    }

    /// The actor with this name (exact, else case-insensitive), as [`Actors::find`] finds it.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.names
            .exact
            .get(name)
            .or_else(|| self.names.folded.get(&name.to_ascii_lowercase()))
            .copied()
    }

    /// The actor of a machine mention (its registry actor, as the pass stored it, and its
    /// spelling) in an article no span edit names ([`Totals::is_exact`]); `None` for an
    /// unresolved mention, or one of a group these totals did not see.
    pub fn actor_of(&self, actor: Option<i64>, text: &str) -> Option<usize> {
        self.resolved.groups.get(&actor)?.get(text).copied()
    }

    /// Whether span edits (rejected or added mentions) name the article: its mentions get
    /// their actors from the registry built over them ([`crate::store::RegistryReader`]),
    /// not from [`Totals::actor_of`].
    pub fn is_exact(&self, article: ArticleId) -> bool {
        self.resolved.exact.contains(&article)
    }

    /// The articles with ids from `first` to `last` that span edits name.
    pub fn exact_in(
        &self,
        first: ArticleId,
        last: ArticleId,
    ) -> impl Iterator<Item = ArticleId> + '_ {
        self.resolved.exact.range(first..=last.max(first)).copied()
    }
}

impl From<&Actors> for Totals {
    /// The totals of a registry built with its mentions (every article counts as exact).
    fn from(actors: &Actors) -> Totals {
        let totals: Vec<ActorTotal> = actors
            .actors
            .iter()
            .map(|a| ActorTotal {
                name: a.name.clone(),
                kind: a.kind,
                roles: a.roles.clone(),
                country: a.country.clone(),
                aliases: a.aliases.clone(),
                mentions: a.mentions.len(),
                articles: a.articles.clone(),
                edited: a.edited,
            })
            .collect();
        Totals {
            names: Names::new(&totals),
            actors: totals,
            resolved: Resolved {
                groups: HashMap::new(),
                exact: actors.mentions.iter().map(|m| m.article).collect(),
            },
        }
    }
}

/// `mentions` grouped as the store groups them (see [`MentionGroup`]).
pub fn group_mentions<'a>(mentions: impl IntoIterator<Item = &'a MentionRow>) -> Vec<MentionGroup> {
    let mut index: HashMap<(Option<i64>, &str), usize> = HashMap::new();
    let mut groups: Vec<MentionGroup> = Vec::new();
    for m in mentions {
        let at = *index.entry((m.actor, m.text.as_str())).or_insert_with(|| {
            groups.push(MentionGroup {
                actor: m.actor,
                text: m.text.clone(),
                ..MentionGroup::default()
            });
            groups.len() - 1
        });
        groups[at].mentions += 1;
        groups[at].articles.push(m.article);
    }
    for g in &mut groups {
        g.articles.sort_unstable();
        g.articles.dedup();
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NAMES: [&str; 4] = ["Vladimir Putin", "Putin", "ECOWAS", "Niger"];
    const SPELLINGS: [&str; 5] = ["Putin", "putin", "Vladimir Putin", "ECOWAS", "the bloc"];

    fn rows() -> Vec<ActorRow> {
        NAMES
            .iter()
            .enumerate()
            .map(|(i, name)| ActorRow {
                id: 10 + i as i64,
                name: name.to_string(),
                kind: if i == 3 {
                    EntityKind::Loc
                } else {
                    EntityKind::Person
                },
                roles: vec![format!("role {i}")],
                country: None,
            })
            .collect()
    }

    fn mention() -> impl Strategy<Value = MentionRow> {
        (1i64..5, 0usize..6, 0usize..SPELLINGS.len(), 0i64..6).prop_map(
            |(article, slot, spelling, actor)| {
                let start = slot * 20;
                let text = SPELLINGS[spelling];
                MentionRow {
                    article: ArticleId(article),
                    range: start..start + text.len(),
                    text: text.to_string(),
                    kind: EntityKind::Person,
                    // 14 and 15 name no row: unresolved.
                    actor: (actor < 4).then_some(10 + actor),
                    local_name: None,
                    sentence: slot as u32,
                }
            },
        )
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let name = || {
            (0usize..NAMES.len() + 1)
                .prop_map(|i| NAMES.get(i).map_or("Someone Else", |n| n).to_string())
        };
        let spelling = || (0usize..SPELLINGS.len()).prop_map(|i| SPELLINGS[i].to_string());
        prop_oneof![
            (name(), name()).prop_map(|(from, into)| Edit::Merge { from, into }),
            (name(), spelling(), name()).prop_map(|(name, alias, new_name)| Edit::Split {
                name,
                aliases: vec![alias],
                new_name
            }),
            (name(), name()).prop_map(|(from, to)| Edit::Rename { from, to }),
            name().prop_map(|name| Edit::SetType {
                name,
                kind: EntityKind::Org
            }),
            (name(), spelling()).prop_map(|(name, alias)| Edit::AddAlias { name, alias }),
            (name(), spelling()).prop_map(|(name, alias)| Edit::RemoveAlias { name, alias }),
            (1i64..5, 0usize..6, 0usize..SPELLINGS.len()).prop_map(|(a, slot, s)| {
                Edit::RejectMention {
                    article: ArticleId(a),
                    start: slot * 20,
                    end: slot * 20 + SPELLINGS[s].len(),
                }
            }),
            (1i64..5, 0usize..6, 0usize..SPELLINGS.len(), name()).prop_map(
                |(a, slot, s, actor)| Edit::AddMention {
                    article: ArticleId(a),
                    start: slot * 20,
                    end: slot * 20 + SPELLINGS[s].len(),
                    text: SPELLINGS[s].to_string(),
                    actor,
                    kind: EntityKind::Person,
                }
            ),
        ]
    }

    /// The totals built from groups and the span-edited articles' mentions.
    fn from_groups(mentions: &[MentionRow], edits: &[Edit]) -> Totals {
        let spans: Vec<ArticleId> = edits.iter().filter_map(Edit::span_article).collect();
        let (exact, grouped): (Vec<MentionRow>, Vec<MentionRow>) = mentions
            .iter()
            .cloned()
            .partition(|m| spans.contains(&m.article));
        Totals::build(&rows(), &group_mentions(&grouped), &exact, edits)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_totals_equal_those_of_the_registry_built_mention_by_mention(
            mut mentions in proptest::collection::vec(mention(), 0..24),
            edits in proptest::collection::vec(edit(), 0..6),
        ) {
            // One mention per span, as the pass stores them.
            mentions.sort_by_key(|m| (m.article, m.range.start));
            mentions.dedup_by_key(|m| (m.article, m.range.start));
            let whole = Actors::build(&rows(), &mentions, &edits);
            let totals = from_groups(&mentions, &edits);
            prop_assert_eq!(&totals.actors, &Totals::from(&whole).actors);
            // Each mention outside the span-edited articles resolves to its actor.
            for m in whole.mentions.iter().filter(|m| !totals.is_exact(m.article)) {
                let machine = mentions
                    .iter()
                    .find(|r| r.article == m.article && r.range == m.range)
                    .and_then(|r| r.actor);
                let name = totals.actor_of(machine, &m.text).map(|i| &totals.actors[i].name);
                prop_assert_eq!(name, m.actor.map(|a| &whole.actors[a].name));
            }
            for a in &totals.actors {
                prop_assert_eq!(totals.find(&a.name), whole.find(&a.name));
                let upper = a.name.to_uppercase();
                prop_assert_eq!(totals.find(&upper), whole.find(&upper));
            }
        }
    }

    #[test]
    fn a_merge_adds_up_mentions_articles_and_spellings() {
        let m = |article, start, text: &str, actor| MentionRow {
            article: ArticleId(article),
            range: start..start + 5,
            text: text.into(),
            kind: EntityKind::Person,
            actor: Some(actor),
            local_name: None,
            sentence: 0,
        };
        let mentions = [
            m(1, 0, "Vladimir Putin", 10),
            m(1, 30, "Putin", 11),
            m(2, 0, "Putin", 11),
            m(3, 0, "ECOWAS", 12),
        ];
        let merge = Edit::Merge {
            from: "Putin".into(),
            into: "Vladimir Putin".into(),
        };
        let totals = from_groups(&mentions, &[merge]);
        let putin = &totals.actors[totals.find("vladimir putin").expect("found")];
        assert_eq!(putin.mentions, 3);
        assert_eq!(putin.articles, [ArticleId(1), ArticleId(2)]);
        assert_eq!(putin.aliases, ["Putin", "Vladimir Putin"]);
        assert!(putin.edited);
        assert_eq!(
            totals.actors.len(),
            2,
            "Putin merged away, Niger never mentioned"
        );
    }
}
