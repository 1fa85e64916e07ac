//! What the window's views read of a large project: totals added up while rows stream past,
//! and the few rows a screenful shows, never every mention or quote held at once.

use super::{Project, StoreError, queries};
use crate::actors::{ActorRow, Actors, Edit, MentionGroup, Totals};
use crate::model::{ArticleId, QuoteRow};
use rusqlite::Connection;
use std::collections::{BTreeSet, HashMap};

/// Articles read together by the views that go through every mention or quote of a project.
pub const CHUNK_ARTICLES: usize = 4096;

/// The effective registry read a range of articles at a time: each mention gets the actor the
/// whole project's registry gives it, since edits move mentions by their actor and spelling or
/// by their own span, and create actors from names alone.
#[derive(Clone, Debug, Default)]
pub struct RegistryReader {
    rows: Vec<ActorRow>,
    edits: Vec<Edit>,
}

impl RegistryReader {
    /// The registry over the mentions of the articles with ids from `first` to `last`.
    pub fn read(
        &self,
        project: &Project,
        first: ArticleId,
        last: ArticleId,
    ) -> Result<Actors, StoreError> {
        let mentions = project.mention_rows_in(first, last)?;
        Ok(Actors::build(&self.rows, &mentions, &self.edits))
    }
}

/// `ids` (ascending) as (first, last) ranges of at most [`CHUNK_ARTICLES`] ids each.
pub fn id_ranges(ids: &[ArticleId]) -> impl Iterator<Item = (ArticleId, ArticleId)> + '_ {
    ids.chunks(CHUNK_ARTICLES)
        .filter_map(|chunk| Some((*chunk.first()?, *chunk.last()?)))
}

/// One stored mention as the views that go through every mention read it.
#[derive(Clone, Copy, Debug)]
pub struct MentionKey<'a> {
    pub article: ArticleId,
    /// Index of its sentence in the article.
    pub sentence: u32,
    /// The name the article itself gives its actor, if any.
    pub local_name: Option<&'a str>,
    /// Its actor in the effective registry (an index into the [`Totals`] given).
    pub actor: Option<usize>,
}

impl Project {
    /// Calls `f` with each mention of the articles with ids from `first` to `last`, in
    /// article and text order, with the actor the effective registry gives it: from
    /// `totals` (by its machine actor and spelling), or for an article span edits name from
    /// the registry `reader` builds over its mentions.
    pub fn for_each_mention_in(
        &self,
        totals: &Totals,
        reader: &RegistryReader,
        (first, last): (ArticleId, ArticleId),
        mut f: impl FnMut(MentionKey<'_>),
    ) -> Result<(), StoreError> {
        let mut streamed = || -> rusqlite::Result<()> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT article_id, sentence, actor_id, text, local_name FROM mentions
                 WHERE article_id BETWEEN ?1 AND ?2 ORDER BY article_id, start",
            )?;
            let mut rows = stmt.query([first.0, last.0])?;
            while let Some(row) = rows.next()? {
                let article = ArticleId(row.get(0)?);
                if totals.is_exact(article) {
                    continue;
                }
                let sentence: i64 = row.get(1)?;
                let actor = totals.actor_of(row.get(2)?, row.get_ref(3)?.as_str()?);
                f(MentionKey {
                    article,
                    sentence: u32::try_from(sentence).unwrap_or(0),
                    local_name: row.get_ref(4)?.as_str_or_null()?,
                    actor,
                });
            }
            Ok(())
        };
        streamed().map_err(self.error())?;
        for article in totals.exact_in(first, last) {
            let registry = reader.read(self, article, article)?;
            for m in &registry.mentions {
                let name = m.actor.map(|a| registry.actors[a].name.as_str());
                f(MentionKey {
                    article,
                    sentence: m.sentence,
                    local_name: m.local_name.as_deref(),
                    actor: name.and_then(|n| totals.find(n)),
                });
            }
        }
        Ok(())
    }

    /// Reads the effective registry a range of articles at a time (see [`RegistryReader`]).
    pub fn registry_reader(&self) -> Result<RegistryReader, StoreError> {
        Ok(RegistryReader {
            rows: self.actor_rows()?,
            edits: self.actor_edits()?,
        })
    }

    /// [`Project::all_quotes`] of the articles with ids from `first` to `last`.
    pub fn quotes_in(
        &self,
        first: ArticleId,
        last: ArticleId,
    ) -> Result<Vec<(ArticleId, QuoteRow, String, String)>, StoreError> {
        queries::quotes_in(&self.conn, first, last).map_err(self.error())
    }

    /// [`Project::quotes_in`] with the number of words of each quote's content instead of its
    /// cue and content: each article's text is read once.
    pub fn quote_word_counts_in(
        &self,
        first: ArticleId,
        last: ArticleId,
    ) -> Result<Vec<(ArticleId, QuoteRow, usize)>, StoreError> {
        queries::quote_word_counts_in(&self.conn, first, last).map_err(self.error())
    }

    /// The effective registry's actors with their totals (mentions, articles, spellings), as
    /// [`Project::actors`] would count them, read without holding the mentions.
    pub fn actor_totals(&self) -> Result<Totals, StoreError> {
        let rows = self.actor_rows()?;
        let edits = self.actor_edits()?;
        let spans: BTreeSet<ArticleId> = edits
            .iter()
            .filter_map(crate::actors::Edit::span_article)
            .collect();
        let groups = mention_groups(&self.conn, &spans).map_err(self.error())?;
        let mut exact = Vec::new();
        for &article in &spans {
            exact.extend(self.mention_rows(Some(article))?);
        }
        Ok(Totals::build(&rows, &groups, &exact, &edits))
    }
}

/// Every mention outside the articles of `skip`, grouped by (machine actor, spelling) with
/// its count and articles, in one pass over the table.
fn mention_groups(
    conn: &Connection,
    skip: &BTreeSet<ArticleId>,
) -> rusqlite::Result<Vec<MentionGroup>> {
    let mut stmt = conn.prepare("SELECT article_id, actor_id, text FROM mentions")?;
    let mut rows = stmt.query([])?;
    let mut index: HashMap<Option<i64>, HashMap<String, usize>> = HashMap::new();
    let mut groups: Vec<MentionGroup> = Vec::new();
    while let Some(row) = rows.next()? {
        let article = ArticleId(row.get(0)?);
        if skip.contains(&article) {
            continue;
        }
        let actor: Option<i64> = row.get(1)?;
        let text = row.get_ref(2)?.as_str()?;
        let of_actor = index.entry(actor).or_default();
        let at = match of_actor.get(text) {
            Some(&at) => at,
            None => {
                groups.push(MentionGroup {
                    actor,
                    text: text.to_string(),
                    ..MentionGroup::default()
                });
                of_actor.insert(text.to_string(), groups.len() - 1);
                groups.len() - 1
            }
        };
        let group = &mut groups[at];
        group.mentions += 1;
        if group.articles.last() != Some(&article) {
            group.articles.push(article);
        }
    }
    for group in &mut groups {
        if !group.articles.is_sorted() {
            group.articles.sort_unstable();
        }
        group.articles.dedup();
    }
    Ok(groups)
}
