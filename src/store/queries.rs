//! Every query the project runs, one small function each, on a plain `rusqlite::Connection`.
//!
//! Functions return `rusqlite::Result`; `Project` adds the file's path to errors. Statements
//! that run often are prepared once per connection (`prepare_cached`).

use super::PassRun;
use crate::actors::{ActorRow, Edit, MentionRow};
use crate::fasthash::{FastMap, FastSet};
use crate::model::EntityKind;
use crate::model::QuoteFix;
use crate::model::UserEntry;
use crate::model::{
    Article, ArticleDraft, ArticleId, ArticleSummary, Date, DuplicateKind, DuplicateOf,
    EventReport, QuoteRow, SearchHit, TimelineEvent,
};
use crate::model::{DateSource, DocumentDate, Granularity, Timex};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// `meta.app` of every project file.
pub(super) const APP_NAME: &str = "Dossier";

/// `PRAGMA user_version`: the file's schema version.
pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// `PRAGMA data_version`: changes when another connection commits.
pub(super) fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "data_version", |r| r.get(0))
}

/// `meta.app`, or `None` when the file has no `meta` table or no `app` row.
pub(super) fn app_name(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let has_meta: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta')",
        [],
        |r| r.get(0),
    )?;
    if !has_meta {
        return Ok(None);
    }
    meta(conn, "app")
}

/// One value from `meta`.
pub(super) fn meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

/// Fills `meta` for a new project: app name, creation time, creating version.
pub(super) fn init_meta(conn: &Connection, now: &str) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
    stmt.execute(["app", APP_NAME])?;
    stmt.execute(["created_at", now])?;
    stmt.execute(["created_by", env!("CARGO_PKG_VERSION")])?;
    Ok(())
}

/// How many rows `PRAGMA foreign_key_check` reports (run after an upgrade).
pub(super) fn foreign_key_violations(conn: &Connection) -> rusqlite::Result<usize> {
    conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        unsigned(r, 0)
    })
}

/// Number of articles.
pub(super) fn article_count(conn: &Connection) -> rusqlite::Result<usize> {
    conn.query_row("SELECT count(*) FROM articles", [], |r| unsigned(r, 0))
}

/// Reads a non-negative integer column into any unsigned type (`usize`, `u64`, `u32`).
fn unsigned<T: TryFrom<i64>>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let value: i64 = row.get(idx)?;
    T::try_from(value).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(idx, value))
}

/// The columns [`article_from_row`] reads, in its order.
const ARTICLE_COLUMNS: &str = "id, title, outlet, url, author, published, source_path, \
     source_name, content_hash, duplicate_of, duplicate_kind, similarity, text, original";

/// One article by id.
pub(super) fn article(conn: &Connection, id: ArticleId) -> rusqlite::Result<Option<Article>> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id.0], article_from_row)
        .optional()
}

/// All articles, in id order.
pub(super) fn articles(conn: &Connection) -> rusqlite::Result<Vec<Article>> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], article_from_row)?;
    rows.collect()
}

/// Up to `limit` articles with ids above `after`, in id order, for the analysis passes: their
/// texts without the original markup (`original` left empty).
pub(super) fn articles_to_analyse(
    conn: &Connection,
    after: ArticleId,
    limit: usize,
) -> rusqlite::Result<Vec<Article>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    articles_where(
        conn,
        "id > ?1 ORDER BY id LIMIT ?2",
        params![after.0, limit],
    )
}

/// The articles `condition` (an SQL `WHERE` clause with its parameters) selects, in id order
/// unless it orders them, without their original markup: what the analysis passes read.
pub(super) fn articles_where(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Vec<Article>> {
    let columns = ARTICLE_COLUMNS.replace(", original", ", '' AS original");
    let order = if condition.contains("ORDER BY") {
        ""
    } else {
        " ORDER BY id"
    };
    let sql = format!("SELECT {columns} FROM articles WHERE {condition}{order}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, article_from_row)?;
    rows.collect()
}

/// Replaces the per-article rows of the articles of `batch`: their mentions (linked to no
/// registry actor yet, and the digests of their chunks' links forgotten; see
/// [`link_mentions`]), their quotes, their dates and time expressions.
pub(super) fn replace_article_rows(
    conn: &Connection,
    batch: &[ArticleId],
    mentions: &[MentionRow],
    quotes: &[(ArticleId, Vec<QuoteRow>)],
    timelines: &[(ArticleId, DocumentDate, Vec<Timex>)],
) -> rusqlite::Result<()> {
    replace_timeline_of(conn, timelines)?;
    forget_link_digests(conn, batch)?;
    let mut delete_mentions = conn.prepare_cached("DELETE FROM mentions WHERE article_id = ?1")?;
    let mut delete_quotes = conn.prepare_cached("DELETE FROM quotes WHERE article_id = ?1")?;
    for id in batch {
        delete_mentions.execute([id.0])?;
        delete_quotes.execute([id.0])?;
    }
    insert_mentions(conn, mentions, &HashMap::new())?;
    insert_quotes(conn, quotes)
}

/// The connection's notes of which registry actor (an index into the registry) each
/// article's local name belongs to, kept for [`link_mentions`].
const STAGED_LINKS: &str = "CREATE TEMP TABLE IF NOT EXISTS mention_links (
     article_id INTEGER NOT NULL, local_name TEXT NOT NULL, actor_id INTEGER NOT NULL,
     PRIMARY KEY (article_id, local_name)) WITHOUT ROWID";

/// The `meta` key under which [`link_mentions`] keeps the digests of the links it applied.
pub(super) const LINK_DIGESTS: &str = "link_digests";

/// Adds `links` (article, local name, actor row id) to the connection's notes (to none when
/// `fresh`).
pub(super) fn stage_links(
    conn: &Connection,
    links: &[(ArticleId, &str, i64)],
    fresh: bool,
) -> rusqlite::Result<()> {
    conn.execute(STAGED_LINKS, [])?;
    if fresh {
        conn.execute("DELETE FROM temp.mention_links", [])?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO temp.mention_links (article_id, local_name, actor_id)
         VALUES (?1, ?2, ?3)",
    )?;
    for &(article, name, actor) in links {
        insert.execute(params![article.0, name, actor])?;
    }
    Ok(())
}

/// Replaces the registry (the `actors` table) with `actors` (see [`keep_actor_ids`]) and
/// forgets the digests of the links applied before, since mentions of actors that go are
/// unlinked here. Returns the row id of each actor.
pub(super) fn replace_registry(
    conn: &Connection,
    actors: &[ActorRow],
) -> rusqlite::Result<Vec<i64>> {
    conn.execute("DELETE FROM meta WHERE key = ?1", [LINK_DIGESTS])?;
    keep_actor_ids(conn, actors)
}

/// Digests of the links [`link_mentions`] applied, each over the articles from one id to
/// another.
pub type LinkDigests = HashMap<(ArticleId, ArticleId), String>;

/// The digests [`link_mentions`] kept (those of chunks whose mentions were written again
/// since are gone).
pub(super) fn link_digests(conn: &Connection) -> rusqlite::Result<LinkDigests> {
    chunk_digests(conn, LINK_DIGESTS)
}

/// Digests by chunk of articles (first and last id) kept in `meta` under `key`; none when
/// none are kept.
pub(super) fn chunk_digests(
    conn: &Connection,
    key: &str,
) -> rusqlite::Result<HashMap<(ArticleId, ArticleId), String>> {
    let kept: Vec<(i64, i64, String)> = meta(conn, key)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    Ok(kept
        .into_iter()
        .map(|(first, last, digest)| ((ArticleId(first), ArticleId(last)), digest))
        .collect())
}

/// Keeps `digests` under [`LINK_DIGESTS`].
fn keep_link_digests(conn: &Connection, digests: &LinkDigests) -> rusqlite::Result<()> {
    keep_chunk_digests(conn, LINK_DIGESTS, digests)
}

/// Keeps `digests` (by chunk of articles) in `meta` under `key`.
pub(super) fn keep_chunk_digests(
    conn: &Connection,
    key: &str,
    digests: &HashMap<(ArticleId, ArticleId), String>,
) -> rusqlite::Result<()> {
    let mut kept: Vec<(i64, i64, &str)> = digests
        .iter()
        .map(|(&(first, last), digest)| (first.0, last.0, digest.as_str()))
        .collect();
    kept.sort_unstable();
    let json = serde_json::to_string(&kept).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, json],
    )
    .map(drop)
}

/// Forgets the link digests of the chunks that hold an article of `batch` (its mentions are
/// written again, unlinked).
fn forget_link_digests(conn: &Connection, batch: &[ArticleId]) -> rusqlite::Result<()> {
    let (Some(&low), Some(&high)) = (batch.iter().min(), batch.iter().max()) else {
        return Ok(());
    };
    let mut digests = link_digests(conn)?;
    let before = digests.len();
    digests.retain(|&(first, last), _| {
        last < low || first > high || !batch.iter().any(|id| (first..=last).contains(id))
    });
    if digests.len() != before {
        keep_link_digests(conn, &digests)?;
    }
    Ok(())
}

/// Links each mention to its actor by the name its article gives it, as [`stage_links`]
/// noted (only the mentions whose actor changed are written; the notes are cleared), and
/// keeps `digests` for the next run.
pub(super) fn link_mentions(conn: &Connection, digests: &LinkDigests) -> rusqlite::Result<()> {
    conn.execute(STAGED_LINKS, [])?;
    // the staged articles' mentions found through the index, not every mention scanned: after
    // an import a few chunks are staged (0.34 s -> 0.06 s for 4,000 of 51,000 articles), and
    // with every chunk staged the index costs about a third more (0.59 s -> 0.78 s)
    conn.execute(
        "UPDATE mentions SET actor_id = l.actor_id
         FROM temp.mention_links l
         WHERE mentions.article_id IN (SELECT article_id FROM temp.mention_links)
           AND l.article_id = mentions.article_id AND l.local_name = mentions.local_name
           AND mentions.actor_id IS NOT l.actor_id",
        [],
    )?;
    conn.execute("DELETE FROM temp.mention_links", [])?;
    keep_link_digests(conn, digests)
}

/// Stores the registry `actors` (in its order, most mentioned first), each keeping the row id
/// of the stored actor of the same name and kind, so that a new analysis rewrites only the
/// mentions whose actor changed; actors no longer in the registry go, their mentions
/// unlinked. Returns the row id of each actor of `actors`.
fn keep_actor_ids(conn: &Connection, actors: &[ActorRow]) -> rusqlite::Result<Vec<i64>> {
    let mut old: HashMap<(String, String), Vec<i64>> = HashMap::new();
    let mut next = 1;
    {
        let mut stmt = conn.prepare_cached("SELECT id, name, kind FROM actors ORDER BY id DESC")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            next = next.max(id + 1);
            old.entry((r.get(1)?, r.get(2)?)).or_default().push(id);
        }
    }
    let mut upsert = conn.prepare_cached(
        "INSERT INTO actors (id, name, kind, country, roles, rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET country = excluded.country, roles = excluded.roles,
             rank = excluded.rank
         WHERE country IS NOT excluded.country OR roles != excluded.roles
             OR rank != excluded.rank",
    )?;
    let mut ids = Vec::with_capacity(actors.len());
    for (rank, actor) in actors.iter().enumerate() {
        let kind = actor.kind.as_str();
        let id = match old
            .get_mut(&(actor.name.clone(), kind.to_string()))
            .and_then(Vec::pop)
        {
            Some(id) => id,
            None => {
                next += 1;
                next - 1
            }
        };
        let roles = serde_json::to_string(&actor.roles).unwrap_or_else(|_| "[]".into());
        upsert.execute(params![
            id,
            actor.name,
            kind,
            actor.country,
            roles,
            i64::try_from(rank).unwrap_or(i64::MAX)
        ])?;
        ids.push(id);
    }
    let mut unlink =
        conn.prepare_cached("UPDATE mentions SET actor_id = NULL WHERE actor_id = ?1")?;
    let mut delete = conn.prepare_cached("DELETE FROM actors WHERE id = ?1")?;
    for id in old.into_values().flatten() {
        unlink.execute([id])?;
        delete.execute([id])?;
    }
    Ok(ids)
}

fn article_from_row(row: &Row<'_>) -> rusqlite::Result<Article> {
    Ok(Article {
        id: ArticleId(row.get(0)?),
        title: row.get(1)?,
        outlet: row.get(2)?,
        url: row.get(3)?,
        author: row.get(4)?,
        published: date(row, 5)?,
        source_path: row.get(6)?,
        source_name: row.get(7)?,
        content_hash: row.get(8)?,
        duplicate_of: duplicate_of(row, 9)?,
        text: row.get(12)?,
        original: row.get(13)?,
    })
}

/// All articles without their texts, in id order; answered from the `articles_listing` index.
pub(super) fn article_summaries(conn: &Connection) -> rusqlite::Result<Vec<ArticleSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, outlet, published, source_name, duplicate_of, duplicate_kind,
                similarity
         FROM articles ORDER BY id",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(ArticleSummary {
            id: ArticleId(row.get(0)?),
            title: row.get(1)?,
            outlet: row.get(2)?,
            published: date(row, 3)?,
            source_name: row.get(4)?,
            duplicate_of: duplicate_of(row, 5)?,
        })
    })?;
    rows.collect()
}

/// Reads an optional `YYYY-MM-DD` column.
fn date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Date>> {
    let Some(text) = row.get::<_, Option<String>>(idx)? else {
        return Ok(None);
    };
    text.parse::<Date>()
        .map(Some)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

/// Reads `duplicate_of, duplicate_kind, similarity` starting at column `idx`. A missing
/// similarity (SQLite stores NaN as NULL) reads as 0.
fn duplicate_of(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<DuplicateOf>> {
    let Some(article) = row.get::<_, Option<i64>>(idx)? else {
        return Ok(None);
    };
    let kind: Option<String> = row.get(idx + 1)?;
    let kind = kind
        .as_deref()
        .and_then(DuplicateKind::parse)
        .ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                idx + 1,
                Type::Text,
                format!("duplicate_kind {kind:?} is neither 'exact' nor 'near'").into(),
            )
        })?;
    let similarity: Option<f64> = row.get(idx + 2)?;
    Ok(Some(DuplicateOf {
        article: ArticleId(article),
        kind,
        similarity: similarity.unwrap_or(0.0) as f32,
    }))
}

/// An article to insert with [`insert_articles`], its id given.
pub(super) struct NewArticle<'a> {
    pub id: ArticleId,
    pub draft: &'a ArticleDraft,
    pub duplicate_of: Option<DuplicateOf>,
    pub signature: &'a [u8],
}

/// The columns [`insert_articles`] fills, in order.
const NEW_ARTICLE_COLUMNS: [&str; 17] = [
    "id",
    "title",
    "title_derived",
    "outlet",
    "url",
    "author",
    "published",
    "source_path",
    "source_name",
    "content_hash",
    "duplicate_of",
    "duplicate_kind",
    "similarity",
    "imported_at",
    "signature",
    "text",
    "original",
];

/// Articles one `INSERT` statement of [`insert_articles`] writes at most.
const ARTICLES_PER_INSERT: usize = 256;

/// Inserts articles with their given ids, up to [`ARTICLES_PER_INSERT`] per statement (the FTS
/// trigger indexes each; see `ImportTx` for why they go together).
pub(super) fn insert_articles(
    conn: &Connection,
    articles: &[NewArticle<'_>],
    imported_at: &str,
) -> rusqlite::Result<()> {
    for chunk in articles.chunks(ARTICLES_PER_INSERT) {
        let row = format!("({})", vec!["?"; NEW_ARTICLE_COLUMNS.len()].join(", "));
        let sql = format!(
            "INSERT INTO articles ({}) VALUES {}",
            NEW_ARTICLE_COLUMNS.join(", "),
            vec![row; chunk.len()].join(", ")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        for (i, a) in chunk.iter().enumerate() {
            let d = a.draft;
            let values: [&dyn rusqlite::ToSql; NEW_ARTICLE_COLUMNS.len()] = [
                &a.id.0,
                &d.title,
                &d.title_derived,
                &d.outlet,
                &d.url,
                &d.author,
                &d.published.map(|p| p.to_string()),
                &d.source_path,
                &d.source_name,
                &d.content_hash,
                &a.duplicate_of.map(|x| x.article.0),
                &a.duplicate_of.map(|x| x.kind.as_str()),
                &a.duplicate_of.map(|x| f64::from(x.similarity)),
                &imported_at,
                &a.signature,
                &d.text,
                &d.original,
            ];
            for (j, value) in values.into_iter().enumerate() {
                stmt.raw_bind_parameter(i * NEW_ARTICLE_COLUMNS.len() + j + 1, value)?;
            }
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

/// The highest article id, `None` for an empty project.
pub(super) fn last_article_id(conn: &Connection) -> rusqlite::Result<Option<ArticleId>> {
    conn.query_row("SELECT max(id) FROM articles", [], |r| {
        Ok(r.get::<_, Option<i64>>(0)?.map(ArticleId))
    })
}

/// True when an article with this content hash was imported from `source_path` with an id of
/// at most `up_to` (through the `articles_by_content_hash` index).
pub(super) fn imported_before(
    conn: &Connection,
    source_path: &str,
    content_hash: &str,
    up_to: ArticleId,
) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM articles
             WHERE content_hash = ?1 AND source_path = ?2 AND id <= ?3)",
    )?;
    stmt.query_row(params![content_hash, source_path, up_to.0], |r| r.get(0))
}

/// Calls `f` with `(id, content_hash, signature)` of every article that is not itself a
/// duplicate, in id order, one row at a time.
pub(super) fn each_dedup_key(
    conn: &Connection,
    mut f: impl FnMut(ArticleId, &str, &[u8]),
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, content_hash, signature FROM articles
         WHERE duplicate_of IS NULL ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id = ArticleId(row.get(0)?);
        let hash = row.get_ref(1)?.as_str()?;
        let signature = row.get_ref(2)?.as_blob()?;
        f(id, hash, signature);
    }
    Ok(())
}

/// The stored near-duplicate signature of an article, `None` when there is no such article.
pub(super) fn article_signature(
    conn: &Connection,
    article: ArticleId,
) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.prepare_cached("SELECT signature FROM articles WHERE id = ?1")?
        .query_row([article.0], |r| r.get(0))
        .optional()
}

/// Runs an already sanitised FTS5 query: the best `limit` hits among the newest `ranked`
/// matches (all of them when there are no more), each with its article's text, snippets and
/// match ranges left empty (the caller finds them in the text, see `search.rs`).
///
/// Ranked with `bm25()` in SQLite's own `ORDER BY … LIMIT`, which keeps only the best `limit`
/// rows as it goes; FTS5's `ORDER BY rank` would sort every match first. The newest `ranked`
/// matches are those from the id that FTS5 finds walking the matches backwards, a cheap walk
/// next to computing a score (which reads each match's positions and its document size). The
/// scores themselves use the statistics of every article, whatever the window. Equal scores go
/// earliest article first. FTS5's `highlight()` and `snippet()` are not used: both take time
/// growing with the square of an article's length.
pub(super) fn search(
    conn: &Connection,
    fts_query: &str,
    limit: usize,
    ranked: usize,
) -> rusqlite::Result<Vec<(SearchHit, String)>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    if limit == 0 || ranked == 0 {
        return Ok(Vec::new());
    }
    let skip = i64::try_from(ranked - 1).unwrap_or(i64::MAX);
    let first: i64 = conn
        .prepare_cached(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1
             ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
        )?
        .query_row(params![fts_query, skip], |r| r.get(0))
        .optional()?
        .unwrap_or(i64::MIN);
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, a.title, a.outlet, a.published, a.text
         FROM (SELECT rowid AS id, bm25(articles_fts, 10.0, 1.0) AS score
               FROM articles_fts
               WHERE articles_fts MATCH ?1 AND rowid >= ?3
               ORDER BY score, id LIMIT ?2) AS f
         JOIN articles a ON a.id = f.id
         ORDER BY f.score, f.id",
    )?;
    let rows = stmt.query_map(params![fts_query, limit, first], |row| {
        let hit = SearchHit {
            article: ArticleId(row.get(0)?),
            title: row.get(1)?,
            outlet: row.get(2)?,
            published: date(row, 3)?,
            snippet: String::new(),
            snippet_matches: Vec::new(),
            text_matches: Vec::new(),
        };
        Ok((hit, row.get(4)?))
    })?;
    rows.collect()
}

/// The number of articles matching an FTS5 query.
pub(super) fn search_count(conn: &Connection, fts_query: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1")?
        .query_row([fts_query], |r| r.get::<_, i64>(0))
        .map(|n| usize::try_from(n).unwrap_or(0))
}

/// SQLite's `quick_check`: every page read, b-tree structure and free list checked. The first
/// problem it finds, as one line; `None` when the file is sound.
pub(super) fn quick_check(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let mut stmt = conn.prepare("PRAGMA quick_check(1)")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for row in rows {
        let row = row?;
        // The first row may open with a `*** in database main ***` line.
        let problem = row
            .lines()
            .map(str::trim)
            .find(|l| !l.starts_with("***") && !l.is_empty());
        if let Some(problem) = problem.filter(|p| *p != "ok") {
            return Ok(Some(problem.to_owned()));
        }
    }
    Ok(None)
}

/// Appends one pass run.
pub(super) fn insert_pass_run(conn: &Connection, run: &PassRun) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO pass_runs (pass, version, ran_at, articles, elapsed_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        run.pass,
        run.version,
        run.ran_at,
        i64::try_from(run.articles).unwrap_or(i64::MAX),
        i64::try_from(run.elapsed_ms).unwrap_or(i64::MAX),
    ])?;
    Ok(())
}

/// Upserts `(article, pass) → version` for every article a pass stored results for.
pub(super) fn mark_analysed(
    conn: &Connection,
    pass: &str,
    version: u32,
    articles: &[ArticleId],
) -> rusqlite::Result<()> {
    let mut upsert = conn.prepare_cached(
        "INSERT INTO article_passes (article_id, pass, version) VALUES (?1, ?2, ?3)
         ON CONFLICT (article_id, pass) DO UPDATE SET version = excluded.version",
    )?;
    for article in articles {
        upsert.execute(params![article.0, pass, version])?;
    }
    Ok(())
}

/// The `article_passes` rows of the articles with ids from `first` to `last`, grouped by
/// article.
pub(super) fn analysed_by(
    conn: &Connection,
    first: ArticleId,
    last: ArticleId,
) -> rusqlite::Result<HashMap<ArticleId, Vec<(String, u32)>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, pass, version FROM article_passes WHERE article_id BETWEEN ?1 AND ?2",
    )?;
    let mut by_article: HashMap<ArticleId, Vec<(String, u32)>> = HashMap::new();
    let rows = stmt.query_map([first.0, last.0], |r| {
        Ok((
            ArticleId(r.get(0)?),
            r.get::<_, String>(1)?,
            unsigned(r, 2)?,
        ))
    })?;
    for row in rows {
        let (article, pass, version) = row?;
        by_article.entry(article).or_default().push((pass, version));
    }
    Ok(by_article)
}

/// All pass runs, oldest first.
pub(super) fn pass_runs(conn: &Connection) -> rusqlite::Result<Vec<PassRun>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pass, version, ran_at, articles, elapsed_ms FROM pass_runs ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PassRun {
            pass: r.get(0)?,
            version: unsigned(r, 1)?,
            ran_at: r.get(2)?,
            articles: unsigned(r, 3)?,
            elapsed_ms: unsigned(r, 4)?,
        })
    })?;
    rows.collect()
}

/// One `ui_state` value.
pub(super) fn ui_state(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM ui_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

/// Sets one `ui_state` value, replacing any earlier one.
pub(super) fn set_ui_state(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO ui_state (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

/// Inserts `mentions`, linked through `ids` (registry index to row id) to their actors.
fn insert_mentions(
    conn: &Connection,
    mentions: &[MentionRow],
    ids: &HashMap<i64, i64>,
) -> rusqlite::Result<()> {
    let mut insert_mention = conn.prepare_cached(
        "INSERT INTO mentions (article_id, start, end, actor_id, kind, text, local_name, sentence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for m in mentions {
        insert_mention.execute(params![
            m.article.0,
            i64::try_from(m.range.start).unwrap_or(i64::MAX),
            i64::try_from(m.range.end).unwrap_or(i64::MAX),
            m.actor.and_then(|a| ids.get(&a).copied()),
            m.kind.as_str(),
            m.text,
            m.local_name,
            m.sentence,
        ])?;
    }
    Ok(())
}

/// Every registry actor the entity pass stored.
pub(super) fn actor_rows(conn: &Connection) -> rusqlite::Result<Vec<ActorRow>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, kind, roles, country FROM actors ORDER BY rank, id")?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(2)?;
        let roles: String = r.get(3)?;
        Ok(ActorRow {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: entity_kind(&kind),
            roles: serde_json::from_str(&roles).unwrap_or_default(),
            country: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// Every mention, or one article's, in text order.
pub(super) fn mention_rows(
    conn: &Connection,
    article: Option<ArticleId>,
) -> rusqlite::Result<Vec<MentionRow>> {
    match article {
        Some(a) => mention_rows_in(conn, a, a),
        None => mention_rows_in(conn, ArticleId(i64::MIN), ArticleId(i64::MAX)),
    }
}

/// The mentions of the articles with ids from `first` to `last`, in article and text order.
/// SQLite reads them in the order of `mentions_by_article` (article, start) and the few of one
/// start are put in order of their end here: an `ORDER BY` on the end too made SQLite sort
/// every row again (a third of the query's time).
pub(super) fn mention_rows_in(
    conn: &Connection,
    first: ArticleId,
    last: ArticleId,
) -> rusqlite::Result<Vec<MentionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, start, end, text, kind, actor_id, local_name, sentence FROM mentions
         WHERE article_id BETWEEN ?1 AND ?2 ORDER BY article_id, start",
    )?;
    let rows = stmt.query_map([first.0, last.0], |r| {
        let kind: String = r.get(4)?;
        Ok(MentionRow {
            article: ArticleId(r.get(0)?),
            range: unsigned(r, 1)?..unsigned(r, 2)?,
            text: r.get(3)?,
            kind: entity_kind(&kind),
            actor: r.get(5)?,
            local_name: r.get(6)?,
            sentence: unsigned(r, 7)?,
        })
    })?;
    let mut rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.sort_by_key(|m| (m.article, m.range.start, m.range.end));
    Ok(rows)
}

/// `PERSON` | `ORG` | `LOC` as stored; anything else reads as ORG.
fn entity_kind(s: &str) -> EntityKind {
    match s {
        "PERSON" => EntityKind::Person,
        "LOC" => EntityKind::Loc,
        _ => EntityKind::Org,
    }
}

/// Appends one analyst edit; returns its sequence number.
pub(super) fn add_actor_edit(conn: &Connection, edit: &Edit, now: &str) -> rusqlite::Result<i64> {
    let payload = serde_json::to_string(edit)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
    conn.prepare_cached("INSERT INTO actor_edits (op, payload, created_at) VALUES (?1, ?2, ?3)")?
        .insert(params![edit.op(), payload, now])
}

/// Every analyst edit, oldest first. Payloads this build cannot read are skipped.
pub(super) fn actor_edits(conn: &Connection) -> rusqlite::Result<Vec<Edit>> {
    let mut stmt = conn.prepare_cached("SELECT payload FROM actor_edits ORDER BY seq")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut edits = Vec::new();
    for payload in rows {
        if let Ok(edit) = serde_json::from_str(&payload?) {
            edits.push(edit);
        }
    }
    Ok(edits)
}

/// The analyst's own gazetteer entries, by name.
pub(super) fn user_entries(conn: &Connection) -> rusqlite::Result<Vec<UserEntry>> {
    let mut stmt =
        conn.prepare_cached("SELECT kind, name, aliases FROM user_gazetteer ORDER BY name, kind")?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(0)?;
        let aliases: String = r.get(2)?;
        Ok(UserEntry {
            kind: entity_kind(&kind),
            name: r.get(1)?,
            aliases: serde_json::from_str(&aliases).unwrap_or_default(),
        })
    })?;
    rows.collect()
}

/// Adds (or replaces, by kind and name) one gazetteer entry.
pub(super) fn put_user_entry(conn: &Connection, entry: &UserEntry) -> rusqlite::Result<()> {
    let aliases = serde_json::to_string(&entry.aliases).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO user_gazetteer (kind, name, aliases) VALUES (?1, ?2, ?3)
         ON CONFLICT (kind, name) DO UPDATE SET aliases = excluded.aliases",
        params![entry.kind.as_str(), entry.name, aliases],
    )?;
    Ok(())
}

/// Removes one gazetteer entry.
pub(super) fn remove_user_entry(
    conn: &Connection,
    kind: EntityKind,
    name: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM user_gazetteer WHERE kind = ?1 AND name = ?2",
        params![kind.as_str(), name],
    )?;
    Ok(())
}

/// Replaces the date and time expressions of each article of `results` (others untouched).
pub(super) fn replace_timeline_of(
    conn: &Connection,
    results: &[(ArticleId, DocumentDate, Vec<Timex>)],
) -> rusqlite::Result<()> {
    let mut delete_timexes = conn.prepare_cached("DELETE FROM timexes WHERE article_id = ?1")?;
    let mut delete_date =
        conn.prepare_cached("DELETE FROM document_dates WHERE article_id = ?1")?;
    for (id, _, _) in results {
        delete_timexes.execute([id.0])?;
        delete_date.execute([id.0])?;
    }
    insert_timeline(conn, results)
}

/// Inserts each article's date and time expressions.
fn insert_timeline(
    conn: &Connection,
    results: &[(ArticleId, DocumentDate, Vec<Timex>)],
) -> rusqlite::Result<()> {
    let mut insert_date = conn.prepare_cached(
        "INSERT INTO document_dates (article_id, date, source) VALUES (?1, ?2, ?3)",
    )?;
    let mut insert_timex = conn.prepare_cached(
        "INSERT INTO timexes (article_id, start, end, text, value, granularity, relative)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (article, date, timexes) in results {
        insert_date.execute(params![
            article.0,
            date.date.map(|d| d.to_string()),
            date_source_str(date.source)
        ])?;
        for t in timexes {
            insert_timex.execute(params![
                article.0,
                i64::try_from(t.range.start).unwrap_or(i64::MAX),
                i64::try_from(t.range.end).unwrap_or(i64::MAX),
                t.text,
                t.value,
                granularity_str(t.granularity),
                t.relative,
            ])?;
        }
    }
    Ok(())
}

/// One article's date as the timeline pass found it, if the pass ran.
pub(super) fn document_date(
    conn: &Connection,
    article: ArticleId,
) -> rusqlite::Result<Option<DocumentDate>> {
    conn.prepare_cached("SELECT date, source FROM document_dates WHERE article_id = ?1")?
        .query_row([article.0], |r| {
            let source: String = r.get(1)?;
            Ok(DocumentDate {
                date: date(r, 0)?,
                source: match source.as_str() {
                    "metadata" => DateSource::Metadata,
                    "dateline" => DateSource::Dateline,
                    "inferred" => DateSource::Inferred,
                    _ => DateSource::Unknown,
                },
            })
        })
        .optional()
}

/// One article's time expressions in text order.
pub(super) fn timexes(conn: &Connection, article: ArticleId) -> rusqlite::Result<Vec<Timex>> {
    let mut stmt = conn.prepare_cached(
        "SELECT start, end, text, value, granularity, relative FROM timexes
         WHERE article_id = ?1 ORDER BY start, end",
    )?;
    let rows = stmt.query_map([article.0], |r| {
        let granularity: String = r.get(4)?;
        Ok(Timex {
            range: unsigned(r, 0)?..unsigned(r, 1)?,
            text: r.get(2)?,
            value: r.get(3)?,
            granularity: match granularity.as_str() {
                "day" => Granularity::Day,
                "week" => Granularity::Week,
                "month" => Granularity::Month,
                "year" => Granularity::Year,
                _ => Granularity::Interval,
            },
            relative: r.get(5)?,
        })
    })?;
    rows.collect()
}

fn date_source_str(source: DateSource) -> &'static str {
    match source {
        DateSource::Metadata => "metadata",
        DateSource::Dateline => "dateline",
        DateSource::Inferred => "inferred",
        DateSource::Unknown => "unknown",
    }
}

fn granularity_str(granularity: Granularity) -> &'static str {
    match granularity {
        Granularity::Day => "day",
        Granularity::Week => "week",
        Granularity::Month => "month",
        Granularity::Year => "year",
        Granularity::Interval => "interval",
    }
}

/// Inserts each article's quotes, chain parents linked.
fn insert_quotes(
    conn: &Connection,
    results: &[(ArticleId, Vec<QuoteRow>)],
) -> rusqlite::Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO quotes (article_id, start, end, kind, cue_start, cue_end, speaker_text,
             speaker_name, speaker_start, speaker_end, content_start, content_end,
             chain_parent_id, anonymous)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    let offset = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    for (article, quotes) in results {
        let mut ids: Vec<i64> = Vec::with_capacity(quotes.len());
        for q in quotes {
            let parent = q.parent.and_then(|p| ids.get(p).copied());
            let id = insert.insert(params![
                article.0,
                offset(q.range.start),
                offset(q.range.end),
                if q.direct { "direct" } else { "indirect" },
                offset(q.cue.start),
                offset(q.cue.end),
                q.speaker_text,
                q.speaker_name,
                q.speaker_range.as_ref().map(|r| offset(r.start)),
                q.speaker_range.as_ref().map(|r| offset(r.end)),
                offset(q.content.start),
                offset(q.content.end),
                parent,
                q.anonymous,
            ])?;
            ids.push(id);
        }
    }
    Ok(())
}

/// One article's quotes in text order.
pub(super) fn quotes(conn: &Connection, article: ArticleId) -> rusqlite::Result<Vec<QuoteRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, start, end, kind, cue_start, cue_end, speaker_text, speaker_name,
                speaker_start, speaker_end, content_start, content_end, chain_parent_id, anonymous
         FROM quotes WHERE article_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([article.0], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<i64>>(12)?,
            quote_row(r)?,
        ))
    })?;
    let rows: Vec<(i64, Option<i64>, QuoteRow)> = rows.collect::<rusqlite::Result<_>>()?;
    let ids: Vec<i64> = rows.iter().map(|(id, _, _)| *id).collect();
    Ok(rows
        .into_iter()
        .map(|(_, parent, mut q)| {
            q.parent = parent.and_then(|p| ids.iter().position(|id| *id == p));
            q
        })
        .collect())
}

/// Writes the project timeline `events` over the stored one, touching only the rows that
/// differ: a stored event no longer merged is deleted (its reports with it), a new one
/// inserted, a changed one updated, and of an event whose reports changed only those after the
/// longest run of reports it still begins with are written again (in order, after those kept,
/// so that they read back in the order given: a report from a newer article joins at the end
/// of an event, as one row). Events keep the ids they are given (see `jobs::events`), so
/// writing the same timeline leaves the same rows whatever was stored before. What is stored
/// is compared by a digest of each event's row and a running digest of its reports: `stored`,
/// as [`stored_events`] read it (on this connection or another) with nothing written since.
pub(super) fn write_events(
    conn: &Connection,
    events: &[TimelineEvent],
    stored: &StoredEvents,
) -> rusqlite::Result<()> {
    let stored = &stored.0;
    let wanted: FastSet<i64> = events.iter().map(|e| e.id).collect();
    let mut delete_sources =
        conn.prepare_cached("DELETE FROM event_sources WHERE event_id = ?1")?;
    let mut delete_sources_from =
        conn.prepare_cached("DELETE FROM event_sources WHERE event_id = ?1 AND id >= ?2")?;
    let mut delete = conn.prepare_cached("DELETE FROM events WHERE id = ?1")?;
    for id in stored.keys().filter(|id| !wanted.contains(id)) {
        delete_sources.execute([id])?;
        delete.execute([id])?;
    }
    let mut insert_event = conn.prepare_cached(
        "INSERT INTO events (id, label, value, granularity, actors, conflict) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut update_event = conn.prepare_cached(
        "UPDATE events SET label = ?2, value = ?3, granularity = ?4, actors = ?5, conflict = ?6 \
         WHERE id = ?1",
    )?;
    let mut insert_source = conn.prepare_cached(
        "INSERT INTO event_sources (event_id, article_id, start, end, value) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut digests: Vec<u64> = Vec::new();
    for event in events {
        let actors = serde_json::to_string(&event.actors).unwrap_or_else(|_| "[]".into());
        let granularity = if event.value.contains('/') {
            "interval"
        } else {
            "day"
        };
        let row = event_row_digest(
            &event.label,
            &event.value,
            granularity,
            &actors,
            event.conflict,
        );
        digests.clear();
        let mut hasher = sources_hasher();
        for r in &event.reports {
            (
                r.article.0,
                offset(r.sentence.start),
                offset(r.sentence.end),
                r.value.as_str(),
            )
                .hash(&mut hasher);
            digests.push(hasher.finish());
        }
        let params = params![
            event.id,
            event.label,
            event.value,
            granularity,
            actors,
            event.conflict
        ];
        // the reports already stored (the first `kept`), as a stored prefix
        let kept = match stored.get(&event.id) {
            None => {
                insert_event.execute(params)?;
                0
            }
            Some(old) => {
                if old.row != row {
                    update_event.execute(params)?;
                }
                let kept = old
                    .sources
                    .iter()
                    .zip(&digests)
                    .take_while(|((_, old), new)| old == *new)
                    .count();
                if let Some(&(from, _)) = old.sources.get(kept) {
                    delete_sources_from.execute([event.id, from])?;
                }
                kept
            }
        };
        for r in &event.reports[kept.min(event.reports.len())..] {
            insert_source.execute(params![
                event.id,
                r.article.0,
                offset(r.sentence.start),
                offset(r.sentence.end),
                r.value,
            ])?;
        }
    }
    Ok(())
}

/// Sets one value of `meta`.
pub(super) fn set_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
    .map(drop)
}

/// A byte offset as SQLite stores it.
fn offset(at: usize) -> i64 {
    i64::try_from(at).unwrap_or(i64::MAX)
}

/// A stored event as [`write_events`] compares it: the digest of its row, and per report
/// (in order) its row id and the running digest of the reports up to it.
struct StoredEvent {
    row: u64,
    sources: Vec<(i64, u64)>,
}

/// The stored project timeline as [`write_events`] compares it: each event by id (see
/// [`StoredEvent`]).
#[derive(Default)]
pub struct StoredEvents(FastMap<i64, StoredEvent>);

/// Every stored event (see [`StoredEvents`]), `f` called with each report on the way (see
/// [`super::Project::stored_events_each`]); with `keep` false, only `f` is called (no digest
/// is made) and `None` returned.
pub(super) fn stored_events(
    conn: &Connection,
    keep: bool,
    mut f: impl FnMut(i64, ArticleId, std::ops::Range<usize>, &str),
) -> rusqlite::Result<Option<StoredEvents>> {
    let mut digests: FastMap<i64, StoredEvent> = FastMap::default();
    let mut stmt =
        conn.prepare_cached("SELECT id, label, value, granularity, actors, conflict FROM events")?;
    // not kept: no event digested, so each report below is only handed to `f`
    let mut rows = stmt.query([])?;
    while keep && let Some(r) = rows.next()? {
        let row = event_row_digest(
            r.get_ref(1)?.as_str()?,
            r.get_ref(2)?.as_str()?,
            r.get_ref(3)?.as_str()?,
            r.get_ref(4)?.as_str()?,
            r.get(5)?,
        );
        let sources = Vec::new();
        digests.insert(r.get(0)?, StoredEvent { row, sources });
    }
    // the reports in the table's own order (by id, so each event's in order), one hasher per
    // event: reading them by event would look each row up apart, a random read per report
    let mut stmt = conn.prepare_cached(
        "SELECT event_id, id, article_id, start, end, value FROM event_sources ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut hashers: FastMap<i64, std::collections::hash_map::DefaultHasher> = FastMap::default();
    while let Some(r) = rows.next()? {
        let event: i64 = r.get(0)?;
        let (article, start, end): (i64, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
        let value = r.get_ref(5)?.as_str_or_null()?.unwrap_or_default();
        let range = usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0);
        f(event, ArticleId(article), range, value);
        let Some(stored) = digests.get_mut(&event) else {
            continue;
        };
        let hasher = hashers.entry(event).or_insert_with(sources_hasher);
        (article, start, end, value).hash(hasher);
        stored.sources.push((r.get(1)?, hasher.finish()));
    }
    Ok(keep.then_some(StoredEvents(digests)))
}

/// The digest of an event's row.
fn event_row_digest(
    label: &str,
    value: &str,
    granularity: &str,
    actors: &str,
    conflict: bool,
) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (label, value, granularity, actors, conflict).hash(&mut hasher);
    hasher.finish()
}

/// A hasher for an event's reports, fed one (article, start, end, value) after another.
fn sources_hasher() -> std::collections::hash_map::DefaultHasher {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    "event sources".hash(&mut hasher);
    hasher
}

/// Every event of the project timeline with its reports, by value, then label, then id.
pub(super) fn events(conn: &Connection) -> rusqlite::Result<Vec<TimelineEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, label, value, actors, conflict FROM events ORDER BY value, label, id",
    )?;
    let mut events: Vec<TimelineEvent> = stmt
        .query_map([], |r| {
            let actors: String = r.get(3)?;
            Ok(TimelineEvent {
                id: r.get(0)?,
                label: r.get(1)?,
                value: r.get(2)?,
                actors: serde_json::from_str(&actors).unwrap_or_default(),
                reports: Vec::new(),
                conflict: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<i64, usize> = events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT event_id, article_id, start, end, value FROM event_sources ORDER BY event_id, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            EventReport {
                article: ArticleId(r.get(1)?),
                sentence: unsigned(r, 2)?..unsigned(r, 3)?,
                value: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            },
        ))
    })?;
    for row in rows {
        let (event, report) = row?;
        if let Some(&i) = index.get(&event) {
            events[i].reports.push(report);
        }
    }
    Ok(events)
}

/// The reports of one event, in the order [`events`] gives them (empty for no such event).
pub(super) fn event_reports(conn: &Connection, event: i64) -> rusqlite::Result<Vec<EventReport>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, start, end, value FROM event_sources WHERE event_id = ?1 ORDER BY id",
    )?;
    stmt.query_map([event], |r| {
        Ok(EventReport {
            article: ArticleId(r.get(0)?),
            sentence: unsigned(r, 1)?..unsigned(r, 2)?,
            value: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        })
    })?
    .collect()
}

/// Sets (or, with `None`, removes) the analyst's date for an article.
pub(super) fn set_article_date(
    conn: &Connection,
    article: ArticleId,
    date: Option<Date>,
    now: &str,
) -> rusqlite::Result<()> {
    match date {
        Some(date) => conn.execute(
            "INSERT INTO date_corrections (article_id, date, set_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (article_id) DO UPDATE SET date = excluded.date, set_at = excluded.set_at",
            params![article.0, date.to_string(), now],
        )?,
        None => conn.execute(
            "DELETE FROM date_corrections WHERE article_id = ?1",
            [article.0],
        )?,
    };
    Ok(())
}

/// Every article date the analyst set.
pub(super) fn article_date_corrections(
    conn: &Connection,
) -> rusqlite::Result<HashMap<ArticleId, Date>> {
    let mut stmt = conn.prepare_cached("SELECT article_id, date FROM date_corrections")?;
    let rows = stmt.query_map([], |r| Ok((ArticleId(r.get(0)?), date(r, 1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        if let (article, Some(date)) = row? {
            out.insert(article, date);
        }
    }
    Ok(out)
}

/// Replaces the analyst's correction of one layer (`timex`, `quote`…) at a span with
/// `(action, payload)`, or with `None` removes it.
fn put_span_correction(
    conn: &Connection,
    article: ArticleId,
    range: &Range<usize>,
    layer: &str,
    correction: Option<(&str, String)>,
    now: &str,
) -> rusqlite::Result<()> {
    let (start, end) = (
        i64::try_from(range.start).unwrap_or(i64::MAX),
        i64::try_from(range.end).unwrap_or(i64::MAX),
    );
    conn.execute(
        "DELETE FROM span_corrections
         WHERE article_id = ?1 AND start = ?2 AND end = ?3 AND layer = ?4",
        params![article.0, start, end, layer],
    )?;
    if let Some((action, payload)) = correction {
        conn.execute(
            "INSERT INTO span_corrections (article_id, start, end, layer, action, payload, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![article.0, start, end, layer, action, payload, now],
        )?;
    }
    Ok(())
}

/// Sets (or, with `None`, removes) the analyst's value for the time expression at a span.
pub(super) fn set_timex_value(
    conn: &Connection,
    article: ArticleId,
    range: &Range<usize>,
    value: Option<&str>,
    now: &str,
) -> rusqlite::Result<()> {
    let correction = value.map(|v| ("set", serde_json::json!({ "value": v }).to_string()));
    put_span_correction(conn, article, range, "timex", correction, now)
}

/// Every time-expression value the analyst set: (article, span, value).
pub(super) fn timex_corrections(
    conn: &Connection,
) -> rusqlite::Result<Vec<(ArticleId, Range<usize>, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, start, end, payload FROM span_corrections
         WHERE layer = 'timex' AND action = 'set' ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            ArticleId(r.get(0)?),
            unsigned(r, 1)?..unsigned(r, 2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (article, range, payload) = row?;
        let value = serde_json::from_str::<serde_json::Value>(&payload)
            .ok()
            .and_then(|v| v.get("value")?.as_str().map(str::to_string));
        if let Some(value) = value {
            out.push((article, range, value));
        }
    }
    Ok(out)
}

/// Every quote of the project with its article and the text of its cue and content (cut to
/// whole characters from the byte ranges).
pub(super) fn all_quotes(
    conn: &Connection,
) -> rusqlite::Result<Vec<(ArticleId, QuoteRow, String, String)>> {
    quotes_in(conn, ArticleId(i64::MIN), ArticleId(i64::MAX))
}

/// [`all_quotes`] of the articles with ids from `first` to `last`.
pub(super) fn quotes_in(
    conn: &Connection,
    first: ArticleId,
    last: ArticleId,
) -> rusqlite::Result<Vec<(ArticleId, QuoteRow, String, String)>> {
    with_texts(
        conn,
        quote_rows_in(conn, first, last)?,
        |text, article, row| {
            let cue = String::from_utf8_lossy(substr(text, &row.cue)).into_owned();
            let content = String::from_utf8_lossy(substr(text, &row.content)).into_owned();
            (article, row, cue, content)
        },
    )
}

/// The quotes of the articles with ids from `first` to `last`, as [`quotes_in`] gives them,
/// each with the number of words of its content instead of its cue and content.
pub(super) fn quote_word_counts_in(
    conn: &Connection,
    first: ArticleId,
    last: ArticleId,
) -> rusqlite::Result<Vec<(ArticleId, QuoteRow, usize)>> {
    with_texts(
        conn,
        quote_rows_in(conn, first, last)?,
        |text, article, row| {
            let words = String::from_utf8_lossy(substr(text, &row.content))
                .split_whitespace()
                .count();
            (article, row, words)
        },
    )
}

/// The stored quotes of the articles with ids from `first` to `last`, in article and text
/// order, without their words.
fn quote_rows_in(
    conn: &Connection,
    first: ArticleId,
    last: ArticleId,
) -> rusqlite::Result<Vec<(ArticleId, QuoteRow)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, start, end, kind, cue_start, cue_end, speaker_text, speaker_name,
                speaker_start, speaker_end, content_start, content_end, chain_parent_id, anonymous
         FROM quotes WHERE article_id BETWEEN ?1 AND ?2
         ORDER BY article_id, start",
    )?;
    stmt.query_map([first.0, last.0], |r| {
        Ok((ArticleId(r.get(0)?), quote_row(r)?))
    })?
    .collect()
}

/// `f` over each quote with the bytes of its article's text, each article's text read once
/// (the quotes come grouped by article; reading it for each quote read a long article's text
/// dozens of times). A quote of no stored article is left out.
fn with_texts<T>(
    conn: &Connection,
    quotes: Vec<(ArticleId, QuoteRow)>,
    mut f: impl FnMut(&[u8], ArticleId, QuoteRow) -> T,
) -> rusqlite::Result<Vec<T>> {
    let mut text_of =
        conn.prepare_cached("SELECT CAST(text AS BLOB) FROM articles WHERE id = ?1")?;
    let mut text: Option<(ArticleId, Option<Vec<u8>>)> = None;
    let mut out = Vec::with_capacity(quotes.len());
    for (article, row) in quotes {
        if text.as_ref().is_none_or(|(a, _)| *a != article) {
            let bytes = text_of
                .query_row([article.0], |r| r.get::<_, Vec<u8>>(0))
                .optional()?;
            text = Some((article, bytes));
        }
        if let Some((_, Some(bytes))) = &text {
            out.push(f(bytes, article, row));
        }
    }
    Ok(out)
}

/// The bytes of `range` in `text`, cut to the text as SQL's `substr` cuts them.
fn substr<'a>(text: &'a [u8], range: &std::ops::Range<usize>) -> &'a [u8] {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    &text[start..end]
}

/// A quote from a row whose columns 1..=11 are `start, end, kind, cue_start, cue_end,
/// speaker_text, speaker_name, speaker_start, speaker_end, content_start, content_end` and
/// column 13 is `anonymous`; its `parent` is left for the caller.
fn quote_row(r: &Row<'_>) -> rusqlite::Result<QuoteRow> {
    let kind: String = r.get(3)?;
    let speaker_start: Option<i64> = r.get(8)?;
    let speaker_end: Option<i64> = r.get(9)?;
    Ok(QuoteRow {
        range: unsigned(r, 1)?..unsigned(r, 2)?,
        direct: kind == "direct",
        cue: unsigned(r, 4)?..unsigned(r, 5)?,
        speaker_text: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
        speaker_name: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
        speaker_range: match (speaker_start, speaker_end) {
            (Some(s), Some(e)) => Some(s.max(0) as usize..e.max(0) as usize),
            _ => None,
        },
        content: unsigned(r, 10)?..unsigned(r, 11)?,
        parent: None,
        anonymous: r.get(13)?,
    })
}

/// Sets the analyst's fix for the quote at a span (or, with `None`, removes it).
pub(super) fn set_quote_fix(
    conn: &Connection,
    article: ArticleId,
    range: &Range<usize>,
    fix: Option<&QuoteFix>,
    now: &str,
) -> rusqlite::Result<()> {
    let correction = fix.map(|fix| match fix {
        QuoteFix::Reject => ("reject", "{}".to_string()),
        QuoteFix::Speaker(name) => ("set", serde_json::json!({ "speaker": name }).to_string()),
    });
    put_span_correction(conn, article, range, "quote", correction, now)
}

/// Every quote fix the analyst made, by (article, quote span).
pub(super) fn quote_fixes(
    conn: &Connection,
) -> rusqlite::Result<HashMap<(ArticleId, Range<usize>), QuoteFix>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, start, end, action, payload FROM span_corrections
         WHERE layer = 'quote' ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            ArticleId(r.get(0)?),
            unsigned(r, 1)?..unsigned(r, 2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (article, range, action, payload) = row?;
        let fix = match action.as_str() {
            "reject" => Some(QuoteFix::Reject),
            _ => serde_json::from_str::<serde_json::Value>(&payload)
                .ok()
                .and_then(|v| {
                    v.get("speaker")?
                        .as_str()
                        .map(|s| QuoteFix::Speaker(s.to_string()))
                }),
        };
        if let Some(fix) = fix {
            out.insert((article, range), fix);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored timeline replaced by `events`, as `Project::replace_events` does.
    fn replace_events(conn: &Connection, events: &[TimelineEvent]) -> rusqlite::Result<()> {
        write_events(
            conn,
            events,
            &stored_events(conn, true, |_, _, _, _| ())?.unwrap_or_default(),
        )
    }

    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("prepare");
        let rows = stmt.query_map([], |r| r.get::<_, String>(3)).expect("plan");
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows")
            .join("; ")
    }

    #[test]
    fn summaries_read_only_the_listing_index() {
        let conn = Connection::open_in_memory().expect("open");
        conn.execute_batch(super::super::schema::SCHEMA)
            .expect("schema");
        let plan = plan(
            &conn,
            "SELECT id, title, outlet, published, source_name, duplicate_of, duplicate_kind,
                    similarity FROM articles ORDER BY id",
        );
        assert!(plan.contains("COVERING INDEX articles_listing"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }

    /// An event `id` labelled `label` on `value`, reported by `(article, sentence start)`s.
    fn event(id: i64, label: &str, value: &str, reports: &[(i64, usize)]) -> TimelineEvent {
        TimelineEvent {
            id,
            label: label.into(),
            value: value.into(),
            actors: vec!["ECOWAS".into()],
            reports: reports
                .iter()
                .map(|&(article, start)| EventReport {
                    article: ArticleId(article),
                    sentence: start..start + 10,
                    value: value.into(),
                })
                .collect(),
            conflict: false,
        }
    }

    /// A store with the timeline's tables, whose reports need no stored article.
    fn timeline_db() -> Connection {
        let conn = Connection::open_in_memory().expect("open");
        conn.execute_batch(super::super::schema::SCHEMA)
            .expect("schema");
        conn.pragma_update(None, "foreign_keys", false)
            .expect("no article rows");
        conn
    }

    fn source_rows(conn: &Connection) -> Vec<(i64, i64, i64)> {
        let mut stmt = conn
            .prepare("SELECT id, event_id, article_id FROM event_sources ORDER BY id")
            .expect("prepare");
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows");
        rows.collect::<rusqlite::Result<_>>().expect("rows")
    }

    #[test]
    fn a_timeline_written_over_another_touches_only_what_differs() {
        let conn = timeline_db();
        let kept = event(
            1 << 20,
            "chiefs meet in Accra",
            "2023-08-17",
            &[(1, 0), (2, 5)],
        );
        let relabelled = event(
            2 << 20,
            "the junta closed the airspace",
            "2023-08-06",
            &[(2, 40)],
        );
        let grown = event(3 << 20, "envoys arrived in Niamey", "2023-08-10", &[(3, 0)]);
        let gone = event(4 << 20, "talks resumed", "2023-08-20", &[(4, 0)]);
        replace_events(
            &conn,
            &[kept.clone(), relabelled.clone(), grown.clone(), gone],
        )
        .expect("write");
        let before = source_rows(&conn);
        // a mark on every stored report: those written again lose it
        conn.execute("UPDATE event_sources SET timex_id = 7", [])
            .expect("mark");

        let relabelled = TimelineEvent {
            label: "airspace closed".into(),
            ..relabelled
        };
        let grown = event(
            3 << 20,
            "envoys arrived in Niamey",
            "2023-08-10",
            &[(3, 0), (5, 0)],
        );
        let new = event(5 << 20 | 1, "troops on standby", "2023-08-10", &[(5, 30)]);
        let after = [kept, relabelled, grown, new];
        replace_events(&conn, &after).expect("write over");
        let rows = source_rows(&conn);
        // the reports of the kept and the relabelled events keep their rows, and so does the
        // first report of the grown event (its new report is added after it)
        assert_eq!(rows[..4], before[..4]);
        let rest: Vec<(i64, i64)> = rows[3..].iter().map(|r| (r.1, r.2)).collect();
        assert_eq!(rest, vec![(3 << 20, 3), (3 << 20, 5), (5 << 20 | 1, 5)]);
        let marked: i64 = conn
            .query_row(
                "SELECT count(*) FROM event_sources WHERE timex_id = 7",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(marked, 4);

        let fresh = timeline_db();
        replace_events(&fresh, &after).expect("write");
        let read = events(&conn).expect("read");
        assert_eq!(read, events(&fresh).expect("read"));
        // by value, then label, then id
        let ids: Vec<i64> = read.iter().map(|e| e.id).collect();
        assert_eq!(ids, vec![2 << 20, 3 << 20, 5 << 20 | 1, 1 << 20]);
    }

    mod timeline_writes {
        use super::*;
        use proptest::prelude::*;

        /// Up to 6 events with ids, labels, values and reports from small pools, so that two
        /// timelines share some events whole, some in part and some not at all.
        fn timeline() -> impl Strategy<Value = Vec<TimelineEvent>> {
            let row = (
                0..2usize,
                0..3usize,
                proptest::collection::vec((1..4i64, 0..3usize), 0..4),
            );
            proptest::collection::btree_map(1..9i64, row, 0..6).prop_map(|events| {
                events
                    .into_iter()
                    .map(|(id, (label, value, reports))| {
                        let reports: Vec<(i64, usize)> =
                            reports.into_iter().map(|(a, s)| (a, s * 20)).collect();
                        event(
                            id,
                            ["chiefs meet", "airspace closed"][label],
                            ["2023-08-17", "2023-08", "2023-08-17/2023-08-18"][value],
                            &reports,
                        )
                    })
                    .collect()
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Writing a timeline over any other reads back as writing it into an empty store.
            #[test]
            fn written_over_another_reads_as_written_alone(a in timeline(), b in timeline()) {
                let conn = timeline_db();
                replace_events(&conn, &a).expect("write");
                replace_events(&conn, &b).expect("write over");
                let fresh = timeline_db();
                replace_events(&fresh, &b).expect("write");
                prop_assert_eq!(events(&conn).expect("read"), events(&fresh).expect("read"));
            }
        }
    }
}
