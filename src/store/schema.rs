//! The project file's schema: its version, the full current SQL and the upgrades between versions.
//!
//! A project file carries [`APPLICATION_ID`] in `PRAGMA application_id` and its schema version in
//! `PRAGMA user_version`. [`upgrade_from`] brings a file from any older version to [`VERSION`]
//! inside the caller's transaction, so an upgrade either happens completely or not at all.
//!
//! Tables come in three groups:
//! - **the document**: `meta`, `articles` (+ `articles_fts`), `pass_runs`, `ui_state`;
//! - **machine output** (`actors`, `mentions`, `timexes`, `events`, `event_sources`, `quotes`,
//!   `decisions`, `tracked_decisions`, `decision_steps`): replaced whenever a pass re-runs;
//!   every row of an article carries `article_id` and a byte range `start..end` into
//!   `articles.text`, and goes with its article (`ON DELETE CASCADE`);
//! - **analyst work** (`actor_edits`, `span_corrections`, `notes`, `tags`, `decision_edits`,
//!   `user_gazetteer`): never touched by re-analysis, and keyed by stable things (actor names,
//!   `(article_id, start, end)` spans, decision keys), never by machine row ids.
//!
//! Versions: 1, the first release; 2, the decisions pass (decision rows with their evidence,
//! tracked decisions with their status history, and the analyst's `decision_edits`, which
//! replace v1's `decision_statuses`), sanctions lists and stories; 3, `article_passes` (which
//! version of each pass last analysed each article, so records can say what is missing or
//! stale) and `undo_log` (how to take back each analyst edit); 4, `article_summaries` (what
//! the cross-article steps read of each article, so `analyze` reruns the per-article passes
//! only over what is new); 5, `terms` and `article_summaries.terms` (each article's term
//! counts, so story grouping and dating read no text); 6, `story_snapshot`, `stories.profile`
//! and `story_members.inputs` (what story grouping needs to place new articles in the stories
//! it found, without grouping every article again); 7, no index of decision rows by key (a
//! row's key is read through its step, so the tracker leaves kept rows as they are).

use rusqlite::Transaction;

/// The schema version this build writes and the newest it reads.
pub const VERSION: i64 = 7;

/// `PRAGMA application_id` of every project file: the bytes `DOSS`.
pub const APPLICATION_ID: i32 = 0x444F_5353;

/// The full current schema, as a new project gets it: v1's tables, then what v2 and v3 added.
///
/// Column order in `articles` is deliberate: small columns first, then `signature`, then the two
/// long texts last, so that reading a row's metadata never walks the texts' overflow pages.
/// Times are RFC 3339 UTC strings; dates are ISO `YYYY-MM-DD`; JSON columns hold valid JSON.
pub const SCHEMA: &str = concat!(
    r#"
-- The document -------------------------------------------------------------------------------

-- Facts about the file itself: app = 'Dossier', created_at, created_by (app version).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    title_derived  INTEGER NOT NULL DEFAULT 0 CHECK (title_derived IN (0, 1)),
    outlet         TEXT,
    url            TEXT,
    author         TEXT,
    published      TEXT,           -- YYYY-MM-DD
    source_path    TEXT NOT NULL,
    source_name    TEXT NOT NULL,
    content_hash   TEXT NOT NULL,  -- hex SHA-256 of the normalised text
    -- The first copy of this article in the project, when this one is a duplicate.
    duplicate_of   INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    duplicate_kind TEXT CHECK (duplicate_kind IN ('exact', 'near')),
    similarity     REAL,
    imported_at    TEXT NOT NULL,
    signature      BLOB NOT NULL,  -- near-duplicate signature (e.g. MinHash), opaque here
    text           TEXT NOT NULL,  -- the analysed text; all byte offsets index into it
    original       TEXT NOT NULL   -- the text as decoded from the file
);
CREATE INDEX articles_by_content_hash ON articles(content_hash);
CREATE INDEX articles_by_outlet ON articles(outlet);
CREATE INDEX articles_by_published ON articles(published);
CREATE INDEX articles_by_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
-- Covers the Library's list, so listing 10,000 articles reads a small index, not the texts.
CREATE INDEX articles_listing ON articles(
    id, title, outlet, published, source_name, duplicate_of, duplicate_kind, similarity
);

-- Full-text index over title and text, kept in step with `articles` by the triggers below.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content = 'articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

-- One row per run of an analysis pass.
CREATE TABLE pass_runs (
    id         INTEGER PRIMARY KEY,
    pass       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    ran_at     TEXT NOT NULL,
    articles   INTEGER NOT NULL,
    elapsed_ms INTEGER NOT NULL
);
CREATE INDEX pass_runs_by_pass ON pass_runs(pass, id);

-- Window layout, selection, open panels: whatever the app wants back next time.
CREATE TABLE ui_state (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Machine output (replaced when a pass re-runs) ----------------------------------------------

-- The project-wide actor registry built by the entities pass.
CREATE TABLE actors (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('PERSON', 'ORG', 'LOC')),
    country TEXT,
    roles   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(roles)),
    aliases TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases))
);
CREATE INDEX actors_by_name ON actors(name);

CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES actors(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,  -- PERSON | ORG | LOC, or how it refers: name, alias, pronoun…
    text       TEXT NOT NULL,
    local_name TEXT,           -- the name the article itself gives the actor (for its record)
    sentence   INTEGER NOT NULL DEFAULT 0,  -- index of its sentence in the article (co-occurrence)
    CHECK (0 <= start AND start <= end)
);
CREATE INDEX mentions_by_article ON mentions(article_id, start);
CREATE INDEX mentions_by_actor ON mentions(actor_id);

CREATE TABLE timexes (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    value       TEXT,           -- ISO value: 2023-08-17, 2023-08, 2023-08-17/2023-08-18…; NULL when unresolvable
    granularity TEXT NOT NULL,  -- day | week | month | year | interval
    relative    INTEGER NOT NULL DEFAULT 0,  -- 1 when resolved against the article's date
    CHECK (0 <= start AND start <= end)
);
CREATE INDEX timexes_by_article ON timexes(article_id, start);
CREATE INDEX timexes_by_value ON timexes(value);

-- The date each article speaks from, as the timeline pass found it.
CREATE TABLE document_dates (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    date       TEXT,           -- ISO date, NULL when unknown
    source     TEXT NOT NULL CHECK (source IN ('metadata', 'dateline', 'inferred', 'unknown'))
);

-- The merged project timeline; each event lists the articles (and timexes) it comes from.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    label       TEXT NOT NULL,
    value       TEXT NOT NULL,  -- the ISO value most reports give
    granularity TEXT NOT NULL,
    actors      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(actors)),  -- registry names
    conflict    INTEGER NOT NULL DEFAULT 0 CHECK (conflict IN (0, 1))  -- outlets disagree on the date
);
CREATE INDEX events_by_value ON events(value);

CREATE TABLE event_sources (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    timex_id   INTEGER REFERENCES timexes(id) ON DELETE CASCADE,
    value      TEXT,           -- the value this report gives
    CHECK (0 <= start AND start <= end)
);
CREATE INDEX event_sources_by_event ON event_sources(event_id);
CREATE INDEX event_sources_by_article ON event_sources(article_id, start);
CREATE INDEX event_sources_by_timex ON event_sources(timex_id);

-- Direct quotes and reported speech; `start..end` spans the whole attribution.
CREATE TABLE quotes (
    id               INTEGER PRIMARY KEY,
    article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start            INTEGER NOT NULL,
    end              INTEGER NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('direct', 'indirect')),
    cue_start        INTEGER,
    cue_end          INTEGER,
    speaker_text     TEXT,            -- the speaker as written ("he", "diplomatic sources")
    speaker_name     TEXT,            -- who that is: the actor's name in this article, else as written
    speaker_start    INTEGER,
    speaker_end      INTEGER,
    speaker_actor_id INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    content_start    INTEGER NOT NULL,
    content_end      INTEGER NOT NULL,
    -- The quote this one is reported through (an outlet reporting what AFP said…).
    chain_parent_id  INTEGER REFERENCES quotes(id) ON DELETE CASCADE,
    anonymous        INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    CHECK (0 <= start AND start <= end)
);
CREATE INDEX quotes_by_article ON quotes(article_id, start);
CREATE INDEX quotes_by_speaker ON quotes(speaker_actor_id);
CREATE INDEX quotes_by_chain_parent ON quotes(chain_parent_id);

-- Decisions, sanctions, orders, deployments, meetings: one row per decision per article (its
-- repeated mentions merged); `start..end` is the evidence sentence. `decision_key` names the
-- tracked decision it belongs to, and keys the analyst's `decision_edits`.
CREATE TABLE decisions (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    decision_key  TEXT NOT NULL,
    actor_id      INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    actor         TEXT NOT NULL,  -- the registry name, else as written
    kind          TEXT NOT NULL
        CHECK (kind IN ('sanction', 'military', 'meeting', 'diplomatic', 'legal', 'other')),
    action        TEXT NOT NULL,
    target        TEXT,
    date_value    TEXT,           -- ISO value of the decision's own date
    status        TEXT NOT NULL
        CHECK (status IN ('threatened', 'announced', 'ordered', 'in force', 'postponed',
                          'rescheduled', 'held', 'lifted', 'rejected')),
    head          TEXT NOT NULL,  -- what is decided, in short: sanctions, standby force, summit
    trigger_start INTEGER NOT NULL,  -- the words naming the measure
    trigger_end   INTEGER NOT NULL,
    actor_start   INTEGER,        -- the actor as written ("ECOWAS", "the bloc", "It")
    actor_end     INTEGER,
    mention_start INTEGER,        -- the entity mention the actor resolves to
    mention_end   INTEGER,
    CHECK (0 <= start AND start <= end)
);
CREATE INDEX decisions_by_article ON decisions(article_id, start);
CREATE INDEX decisions_by_actor ON decisions(actor_id);

-- Decisions followed across articles; the current status is the latest step's.
CREATE TABLE tracked_decisions (
    id           INTEGER PRIMARY KEY,
    decision_key TEXT NOT NULL UNIQUE,
    actor        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    head         TEXT NOT NULL,
    action       TEXT NOT NULL,
    target       TEXT,
    date_value   TEXT,
    status       TEXT NOT NULL
);

-- The status history of a tracked decision: one step per article reporting it, oldest first.
CREATE TABLE decision_steps (
    id          INTEGER PRIMARY KEY,
    tracked_id  INTEGER NOT NULL REFERENCES tracked_decisions(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,  -- the evidence sentence
    end         INTEGER NOT NULL,
    date_value  TEXT,              -- when it was reported: the article's date, else the decision's
    status      TEXT NOT NULL,
    UNIQUE (tracked_id, seq),
    CHECK (0 <= start AND start <= end)
);
CREATE INDEX decision_steps_by_decision ON decision_steps(decision_id);
CREATE INDEX decision_steps_by_article ON decision_steps(article_id, start);

-- Analyst work (never deleted by re-analysis) ------------------------------------------------

-- Registry edits, replayed in `seq` order over a fresh registry; payloads name actors by name.
CREATE TABLE actor_edits (
    seq        INTEGER PRIMARY KEY,
    op         TEXT NOT NULL
        CHECK (op IN ('merge', 'split', 'rename', 'set_type', 'add_alias', 'remove_alias',
                      'reject_mention', 'add_mention')),
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    created_at TEXT NOT NULL
);

-- Corrections of single spans, re-applied after every run; the latest per span and layer wins.
CREATE TABLE span_corrections (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    layer      TEXT NOT NULL CHECK (layer IN ('entity', 'timex', 'quote', 'decision')),
    action     TEXT NOT NULL CHECK (action IN ('reject', 'add', 'set')),
    payload    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    created_at TEXT NOT NULL,
    CHECK (0 <= start AND start <= end)
);
CREATE INDEX span_corrections_by_article ON span_corrections(article_id, start, end);

-- Notes on a span, or on the whole article when start and end are NULL.
CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER,
    end        INTEGER,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((start IS NULL) = (end IS NULL) AND (start IS NULL OR 0 <= start AND start <= end))
);
CREATE INDEX notes_by_article ON notes(article_id, start);

-- Tags on a span, or on the whole article when start and end are NULL.
CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER,
    end        INTEGER,
    tag        TEXT NOT NULL,
    CHECK ((start IS NULL) = (end IS NULL) AND (start IS NULL OR 0 <= start AND start <= end))
);
CREATE UNIQUE INDEX tags_unique ON tags(article_id, ifnull(start, -1), ifnull(end, -1), tag);
CREATE INDEX tags_by_tag ON tags(tag);

-- The analyst's work on a tracked decision, by its key: a status set by hand (NULL: the
-- machine's), who follows it, when to look at it again, notes and tags.
CREATE TABLE decision_edits (
    decision_key TEXT PRIMARY KEY NOT NULL,
    status       TEXT
        CHECK (status IS NULL OR status IN ('threatened', 'announced', 'ordered', 'in force',
               'postponed', 'rescheduled', 'held', 'lifted', 'rejected')),
    owner        TEXT,
    review_date  TEXT,           -- YYYY-MM-DD
    notes        TEXT,
    tags         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    set_at       TEXT NOT NULL
) WITHOUT ROWID;

-- Article dates the analyst set; the timeline pass resolves the article against them.
CREATE TABLE date_corrections (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    set_at     TEXT NOT NULL
);

-- Names the analyst taught the entities pass.
CREATE TABLE user_gazetteer (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,
    name    TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
    UNIQUE (kind, name)
);
"#,
    lists_and_stories_v2!(),
    article_passes_v3!(),
    article_summaries_v4!(),
    terms_v5!(),
    story_snapshot_v6!()
);

/// The v6 → v7 upgrade: `decisions_by_key` goes (a fresh v7 file never has it).
const V6_TO_V7: &str = "DROP INDEX IF EXISTS decisions_by_key;";

/// What v6 adds: the tail of [`SCHEMA`], and the v5 → v6 upgrade (a v5 file has no snapshot
/// and its stories no profiles, so its next `analyze` groups every article, as v5 did, and
/// stores them).
macro_rules! story_snapshot_v6 {
    () => {
        r#"
-- Stories that follow growth (added in v6) ----------------------------------------------------

-- What the last story grouping weighed with, one row: `N` and the document frequencies of
-- terms, actors, event days and decisions (`analysis::stories::profile::Snapshot`, packed),
-- how many articles the last full grouping read (`grouped`) and what it was made with (the
-- pass version and weights, `made_with`). `jobs::grouping` places new articles with it.
CREATE TABLE story_snapshot (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    made_with TEXT NOT NULL,
    grouped   INTEGER NOT NULL,
    weights   BLOB NOT NULL
);

-- What a new article is compared with to join a story (`analysis::stories::profile::Profile`,
-- packed); NULL for a story grouped before v6.
ALTER TABLE stories ADD COLUMN profile BLOB;

-- The inputs digest of a member's summary when it was grouped: a member whose summary changed
-- or went away makes the next grouping a full one.
ALTER TABLE story_members ADD COLUMN inputs TEXT;
"#
    };
}
use story_snapshot_v6;

/// What v5 adds: the tail of [`SCHEMA`], and the v4 → v5 upgrade (a v4 file's summaries have
/// no term counts: its next `analyze` runs the per-article passes over every article again,
/// as for an article with no summary, and stores them).
macro_rules! terms_v5 {
    () => {
        r#"
-- Term counts (added in v5) -------------------------------------------------------------------

-- Every content-word stem the stored term counts name, numbered once: summaries hold the
-- numbers, not the words. A stem no article names any more stays (it costs a row).
CREATE TABLE terms (
    id   INTEGER PRIMARY KEY,
    stem TEXT NOT NULL UNIQUE
);

-- Each article's term counts as story grouping and dating read them (ids into `terms`, packed
-- as `analysis::stories::stored` writes them, with where its lede ends); NULL in a summary
-- written before v5, which the next analyze writes again.
ALTER TABLE article_summaries ADD COLUMN terms BLOB;
"#
    };
}
use terms_v5;

/// What v4 adds: the tail of [`SCHEMA`], and the v3 → v4 upgrade (a v3 file has no
/// summaries, so its next `analyze` runs every pass over every article, as v3 did).
macro_rules! article_summaries_v4 {
    () => {
        r#"
-- Analysis state (added in v4) ----------------------------------------------------------------

-- What the cross-article steps of `analyze` read of each article, as its per-article passes
-- left it: its local actors, its own date and the days it names, its events and the
-- decisions it reports (JSON documents of `jobs::stage`). `inputs` is a digest of what those
-- passes read besides the text (pass versions, the project's gazetteer, the analyst's
-- corrections to the article); `dated` says whether its own metadata or text dates it. An
-- article whose digest still matches and that is dated is not analysed again.
CREATE TABLE article_summaries (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    inputs     TEXT NOT NULL,
    dated      INTEGER NOT NULL,
    actors     TEXT NOT NULL,
    dates      TEXT NOT NULL,
    events     TEXT NOT NULL,
    decisions  TEXT NOT NULL
);

-- An actor keeps its row id from one analysis to the next (so only the mentions whose actor
-- changed are written again); `rank` is its place in the registry, most mentioned first.
ALTER TABLE actors ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
"#
    };
}
use article_summaries_v4;

/// What v3 adds: the tail of [`SCHEMA`], and the v2 → v3 upgrade (a v2 file's articles have
/// no rows, so each reads as not analysed until the next `analyze`).
macro_rules! article_passes_v3 {
    () => {
        r#"
-- Analysis bookkeeping (added in v3) ----------------------------------------------------------

-- Which version of each pass last stored results for each article. An article with no row for
-- a pass was never analysed by it (imported since, or the run was stopped); one with an older
-- version holds stale results.
CREATE TABLE article_passes (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    pass       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (article_id, pass)
) WITHOUT ROWID;

-- Analyst work: how to take back each analyst edit, newest last (Edit ▸ Undo). `step` is a
-- JSON `store::undo::Step`.
CREATE TABLE undo_log (
    id         INTEGER PRIMARY KEY,
    label      TEXT NOT NULL,
    step       TEXT NOT NULL CHECK (json_valid(step)),
    created_at TEXT NOT NULL
);
"#
    };
}
use article_passes_v3;

/// The rest of what v2 adds to v1 (sanctions lists, screening hits and verdicts, stories, story
/// edits):
/// the tail of [`SCHEMA`], and the v1 → v2 upgrade.
macro_rules! lists_and_stories_v2 {
    () => {
        r#"
-- Sanctions lists and stories (added in v2) ---------------------------------------------------

-- Sanctions lists the analyst imported: one row per snapshot, entries as a JSON array of
-- `sanctions::Entry`; two snapshots of one list share `name` and differ in `list_date`.
CREATE TABLE sanctions_lists (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    format      TEXT NOT NULL,
    list_date   TEXT,
    files       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(files)),
    imported_at TEXT NOT NULL,
    entries     TEXT NOT NULL CHECK (json_valid(entries))
);
CREATE INDEX sanctions_lists_by_name ON sanctions_lists(name, list_date);

-- Machine output: actors whose name matched a list entry, replaced on every screening.
CREATE TABLE screening_hits (
    id           INTEGER PRIMARY KEY,
    list_id      INTEGER NOT NULL REFERENCES sanctions_lists(id) ON DELETE CASCADE,
    entry_index  INTEGER NOT NULL,
    entry_key    TEXT NOT NULL,
    actor        TEXT NOT NULL,
    screened     TEXT NOT NULL,
    matched_name TEXT NOT NULL,
    score        REAL NOT NULL,
    reason       TEXT NOT NULL
);
CREATE INDEX screening_hits_by_list ON screening_hits(list_id);
CREATE INDEX screening_hits_by_actor ON screening_hits(actor);

-- Analyst work: a hit confirmed or dismissed, keyed by actor name, list name and entry key
-- (its reference, else its folded name), so it holds across screenings and list snapshots.
CREATE TABLE screening_verdicts (
    actor     TEXT NOT NULL,
    list_name TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    verdict   TEXT NOT NULL CHECK (verdict IN ('confirmed', 'dismissed')),
    set_at    TEXT NOT NULL,
    PRIMARY KEY (actor, list_name, entry_key)
) WITHOUT ROWID;

-- Machine output: stories (articles about one event), replaced when clustering re-runs.
CREATE TABLE stories (
    id        INTEGER PRIMARY KEY,
    story_key TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    key_terms TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(key_terms))
);
CREATE TABLE story_members (
    story_id   INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, story_id)
) WITHOUT ROWID;
CREATE INDEX story_members_by_story ON story_members(story_id);

-- Analyst work: story edits (move, merge, split, rename), replayed in `seq` order over the
-- automatic stories; payloads name stories by a member article, never by row id.
CREATE TABLE story_edits (
    seq        INTEGER PRIMARY KEY,
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    created_at TEXT NOT NULL
);
"#
    };
}
use lists_and_stories_v2;

/// The upgrade of a v1 file to v2: the new decision tables, the analyst's statuses of v1
/// carried over. Creates exactly what [`SCHEMA`] creates for them (a test compares the two).
const V1_TO_V2: &str = r#"
DROP TABLE decisions;
CREATE TABLE decisions (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    decision_key  TEXT NOT NULL,
    actor_id      INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    actor         TEXT NOT NULL,
    kind          TEXT NOT NULL
        CHECK (kind IN ('sanction', 'military', 'meeting', 'diplomatic', 'legal', 'other')),
    action        TEXT NOT NULL,
    target        TEXT,
    date_value    TEXT,
    status        TEXT NOT NULL
        CHECK (status IN ('threatened', 'announced', 'ordered', 'in force', 'postponed',
                          'rescheduled', 'held', 'lifted', 'rejected')),
    head          TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end   INTEGER NOT NULL,
    actor_start   INTEGER,
    actor_end     INTEGER,
    mention_start INTEGER,
    mention_end   INTEGER,
    CHECK (0 <= start AND start <= end)
);
CREATE INDEX decisions_by_article ON decisions(article_id, start);
CREATE INDEX decisions_by_key ON decisions(decision_key);
CREATE INDEX decisions_by_actor ON decisions(actor_id);

CREATE TABLE tracked_decisions (
    id           INTEGER PRIMARY KEY,
    decision_key TEXT NOT NULL UNIQUE,
    actor        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    head         TEXT NOT NULL,
    action       TEXT NOT NULL,
    target       TEXT,
    date_value   TEXT,
    status       TEXT NOT NULL
);

CREATE TABLE decision_steps (
    id          INTEGER PRIMARY KEY,
    tracked_id  INTEGER NOT NULL REFERENCES tracked_decisions(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    date_value  TEXT,
    status      TEXT NOT NULL,
    UNIQUE (tracked_id, seq),
    CHECK (0 <= start AND start <= end)
);
CREATE INDEX decision_steps_by_decision ON decision_steps(decision_id);
CREATE INDEX decision_steps_by_article ON decision_steps(article_id, start);

CREATE TABLE decision_edits (
    decision_key TEXT PRIMARY KEY NOT NULL,
    status       TEXT
        CHECK (status IS NULL OR status IN ('threatened', 'announced', 'ordered', 'in force',
               'postponed', 'rescheduled', 'held', 'lifted', 'rejected')),
    owner        TEXT,
    review_date  TEXT,
    notes        TEXT,
    tags         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    set_at       TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO decision_edits (decision_key, status, notes, set_at)
    SELECT decision_key,
           CASE WHEN status IN ('threatened', 'announced', 'ordered', 'in force', 'postponed',
                                'rescheduled', 'held', 'lifted', 'rejected')
                THEN status END,
           note, set_at
    FROM decision_statuses;
DROP TABLE decision_statuses;
"#;

/// Why a file could not be upgraded.
#[derive(Debug, thiserror::Error)]
pub enum UpgradeError {
    /// `user_version` is one this build has no way up from (negative, or newer than [`VERSION`]).
    #[error("no upgrade from schema version {0} to {VERSION}")]
    NoPath(i64),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Brings a file whose `PRAGMA user_version` is `from` up to [`VERSION`] inside `tx`, and sets
/// `user_version` to [`VERSION`]. Does nothing when `from` is already current.
///
/// A new (empty) file is created straight at the current schema; an older file steps through
/// one arm per version. For the next version: `SCHEMA` becomes its schema, the test module
/// keeps the released SQL of every older version frozen (`schema_v1.sql`), and an arm from
/// the last released version applies the changes.
pub fn upgrade_from(tx: &Transaction<'_>, from: i64) -> Result<(), UpgradeError> {
    if !(0..=VERSION).contains(&from) {
        return Err(UpgradeError::NoPath(from));
    }
    let mut version = from;
    while version < VERSION {
        version = match version {
            // v0: no schema yet (a new project): create the whole current schema in one go.
            0 => {
                tx.execute_batch(SCHEMA)?;
                VERSION
            }
            // v1 → v2: the decisions pass (v1 had no pass writing `decisions`, so its rows are
            // replaced by the new shape; the analyst's statuses move to `decision_edits`), then
            // sanctions lists, screening and stories.
            1 => {
                tx.execute_batch(V1_TO_V2)?;
                tx.execute_batch(lists_and_stories_v2!())?;
                2
            }
            // v2 → v3: per-article pass bookkeeping.
            2 => {
                tx.execute_batch(article_passes_v3!())?;
                3
            }
            // v3 → v4: per-article summaries for incremental analysis.
            3 => {
                tx.execute_batch(article_summaries_v4!())?;
                4
            }
            // v4 → v5: each article's term counts, and the stems they number.
            4 => {
                tx.execute_batch(terms_v5!())?;
                5
            }
            // v5 → v6: story grouping's snapshot and each story's profile.
            5 => {
                tx.execute_batch(story_snapshot_v6!())?;
                6
            }
            // v6 → v7: the index of decision rows by key goes (nothing reads it: a row's key is
            // read through its step, and the tracker no longer writes kept rows again).
            6 => {
                tx.execute_batch(V6_TO_V7)?;
                7
            }
            other => return Err(UpgradeError::NoPath(other)),
        };
    }
    if from != VERSION {
        tx.pragma_update(None, "user_version", VERSION)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// Schema v1 exactly as released. Never edit: it is what v1 files in the wild contain.
    const FROZEN_V1: &str = include_str!("schema_v1.sql");
    /// Schema v2 exactly as released. Never edit.
    const FROZEN_V2: &str = include_str!("schema_v2.sql");
    /// Schema v3 exactly as released. Never edit.
    const FROZEN_V3: &str = include_str!("schema_v3.sql");
    /// Schema v4 exactly as released. Never edit.
    const FROZEN_V4: &str = include_str!("schema_v4.sql");
    /// Schema v5 exactly as released. Never edit.
    const FROZEN_V5: &str = include_str!("schema_v5.sql");
    /// Schema v6 exactly as released. Never edit.
    const FROZEN_V6: &str = include_str!("schema_v6.sql");

    /// A comparable description of a database's schema: every object in `sqlite_master` with
    /// its SQL (whitespace-normalised), plus each table's columns, foreign keys and each index's
    /// columns, so that an `ALTER TABLE`-built table can be compared with a freshly created one.
    fn describe(conn: &Connection) -> Vec<String> {
        let mut out = Vec::new();
        let mut stmt = conn
            .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
            .expect("prepare");
        let objects: Vec<(String, String, String, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        for (kind, name, table, sql) in objects {
            // Table SQL is not compared: ALTER TABLE rewrites it. Columns are compared instead.
            let sql = match kind.as_str() {
                "table" => String::new(),
                _ => sql
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            out.push(format!("{kind} {name} on {table}: {sql}"));
            let pragma = match kind.as_str() {
                "table" => vec!["table_xinfo", "foreign_key_list"],
                "index" => vec!["index_xinfo"],
                _ => vec![],
            };
            for p in pragma {
                let mut stmt = conn
                    .prepare(&format!("SELECT * FROM pragma_{p}(?1)"))
                    .expect("prepare pragma");
                let n = stmt.column_count();
                let rows: Vec<String> = stmt
                    .query_map([&name], |r| {
                        let mut cells = Vec::new();
                        for i in 0..n {
                            let v: rusqlite::types::Value = r.get(i)?;
                            cells.push(format!("{v:?}"));
                        }
                        Ok(cells.join("|"))
                    })
                    .expect("query pragma")
                    .collect::<Result<_, _>>()
                    .expect("pragma rows");
                for row in rows {
                    out.push(format!("  {p} {name}: {row}"));
                }
            }
        }
        out
    }

    fn version(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("user_version")
    }

    #[test]
    fn fresh_schema_equals_frozen_v1_upgraded() {
        let mut fresh = Connection::open_in_memory().expect("open");
        let tx = fresh.transaction().expect("tx");
        upgrade_from(&tx, 0).expect("create");
        tx.commit().expect("commit");

        let mut old = Connection::open_in_memory().expect("open");
        old.execute_batch(FROZEN_V1).expect("frozen v1");
        old.pragma_update(None, "user_version", 1).expect("set v1");
        let tx = old.transaction().expect("tx");
        upgrade_from(&tx, 1).expect("upgrade");
        tx.commit().expect("commit");

        assert_eq!(version(&fresh), VERSION);
        assert_eq!(version(&old), VERSION);
        let fresh = describe(&fresh);
        assert!(fresh.iter().any(|l| l.starts_with("table articles on")));
        assert!(
            fresh
                .iter()
                .any(|l| l.contains("articles_fts_after_insert"))
        );
        assert_eq!(fresh, describe(&old));
    }

    /// A file of schema `frozen` (version `from`) holding one article, upgraded: it has the
    /// fresh schema, and `table` (what the upgrade added about articles) is empty.
    fn upgraded_with_an_article(frozen: &str, from: i64, table: &str) {
        let mut fresh = Connection::open_in_memory().expect("open");
        let tx = fresh.transaction().expect("tx");
        upgrade_from(&tx, 0).expect("create");
        tx.commit().expect("commit");

        let mut old = Connection::open_in_memory().expect("open");
        old.execute_batch(frozen).expect("frozen schema");
        old.execute(
            "INSERT INTO articles (title, source_path, source_name, content_hash, imported_at,
                                   signature, text, original)
             VALUES ('t', '/a.txt', 'a.txt', 'h', '2023-08-01T00:00:00Z', x'', 'x', 'x')",
            [],
        )
        .expect("an old article");
        old.pragma_update(None, "user_version", from)
            .expect("set version");
        let tx = old.transaction().expect("tx");
        upgrade_from(&tx, from).expect("upgrade");
        tx.commit().expect("commit");

        assert_eq!(version(&old), VERSION);
        assert_eq!(describe(&fresh), describe(&old));
        let rows: i64 = old
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count");
        assert_eq!(rows, 0);
    }

    #[test]
    fn fresh_schema_equals_frozen_v2_upgraded_and_v2_articles_read_as_not_analysed() {
        upgraded_with_an_article(FROZEN_V2, 2, "article_passes");
    }

    #[test]
    fn fresh_schema_equals_frozen_v3_upgraded_and_v3_articles_have_no_summary() {
        upgraded_with_an_article(FROZEN_V3, 3, "article_summaries");
    }

    #[test]
    fn fresh_schema_equals_frozen_v4_upgraded_and_v4_summaries_lack_term_counts() {
        upgraded_with_an_article(FROZEN_V4, 4, "terms");
        // a v4 summary keeps its parts and reads as having no term counts
        let mut old = Connection::open_in_memory().expect("open");
        old.execute_batch(FROZEN_V4).expect("frozen v4");
        old.execute_batch(
            "INSERT INTO articles (title, source_path, source_name, content_hash, imported_at,
                                   signature, text, original)
             VALUES ('t', '/a.txt', 'a.txt', 'h', '2023-08-01T00:00:00Z', x'', 'x', 'x');
             INSERT INTO article_summaries VALUES (1, 'digest', 1, '[]', '{}', '{}', '[]');",
        )
        .expect("a v4 summary");
        old.pragma_update(None, "user_version", 4).expect("v4");
        let tx = old.transaction().expect("tx");
        upgrade_from(&tx, 4).expect("upgrade");
        tx.commit().expect("commit");
        let (inputs, terms): (String, Option<Vec<u8>>) = old
            .query_row(
                "SELECT inputs, terms FROM article_summaries WHERE article_id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("the summary");
        assert_eq!((inputs.as_str(), terms), ("digest", None));
    }

    #[test]
    fn fresh_schema_equals_frozen_v5_upgraded_and_v5_stories_have_no_profile() {
        upgraded_with_an_article(FROZEN_V5, 5, "story_snapshot");
        // a v5 story keeps its members and reads as having no profile: the next analyze
        // groups every article again
        let mut old = Connection::open_in_memory().expect("open");
        old.execute_batch(FROZEN_V5).expect("frozen v5");
        old.execute_batch(
            "INSERT INTO articles (title, source_path, source_name, content_hash, imported_at,
                                   signature, text, original)
             VALUES ('t', '/a.txt', 'a.txt', 'h', '2023-08-01T00:00:00Z', x'', 'x', 'x');
             INSERT INTO stories (story_key, name) VALUES ('story-1', 'A story');
             INSERT INTO story_members VALUES (1, 1);",
        )
        .expect("a v5 story");
        old.pragma_update(None, "user_version", 5).expect("v5");
        let tx = old.transaction().expect("tx");
        upgrade_from(&tx, 5).expect("upgrade");
        tx.commit().expect("commit");
        let (name, profile, inputs): (String, Option<Vec<u8>>, Option<String>) = old
            .query_row(
                "SELECT name, profile, inputs FROM stories JOIN story_members ON story_id = id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("the story");
        assert_eq!((name.as_str(), profile, inputs), ("A story", None, None));
    }

    #[test]
    fn fresh_schema_equals_frozen_v6_upgraded_without_the_index_of_rows_by_key() {
        upgraded_with_an_article(FROZEN_V6, 6, "decisions");
        let fresh = Connection::open_in_memory().expect("open");
        fresh.execute_batch(SCHEMA).expect("fresh");
        let indexes: i64 = fresh
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'decisions_by_key'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(indexes, 0);
    }

    #[test]
    fn v1_decision_statuses_become_decision_edits() {
        let mut old = Connection::open_in_memory().expect("open");
        old.execute_batch(FROZEN_V1).expect("frozen v1");
        old.execute_batch(
            "INSERT INTO decision_statuses VALUES ('ecowas|sanction||sanctions', 'in force',
                 'checked with the communiqué', '2023-08-11T09:00:00Z');
             INSERT INTO decision_statuses VALUES ('x|other||curfew', 'proposed', NULL,
                 '2023-08-12T09:00:00Z');",
        )
        .expect("v1 rows");
        let tx = old.transaction().expect("tx");
        upgrade_from(&tx, 1).expect("upgrade");
        tx.commit().expect("commit");
        let rows: Vec<(String, Option<String>, Option<String>, String)> = old
            .prepare("SELECT decision_key, status, notes, tags FROM decision_edits ORDER BY 1")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(
            rows,
            vec![
                (
                    "ecowas|sanction||sanctions".to_string(),
                    Some("in force".to_string()),
                    Some("checked with the communiqué".to_string()),
                    "[]".to_string()
                ),
                // a status v2 does not know is dropped, the rest of the row kept
                ("x|other||curfew".to_string(), None, None, "[]".to_string()),
            ]
        );
    }

    #[test]
    fn unknown_versions_are_refused() {
        let mut conn = Connection::open_in_memory().expect("open");
        let tx = conn.transaction().expect("tx");
        assert!(matches!(
            upgrade_from(&tx, -1),
            Err(UpgradeError::NoPath(-1))
        ));
        assert!(matches!(
            upgrade_from(&tx, VERSION + 1),
            Err(UpgradeError::NoPath(_))
        ));
    }

    #[test]
    fn every_child_foreign_key_is_indexed() {
        // Replacing a pass's rows deletes parents; an unindexed child column would make every
        // such delete scan the child table.
        let conn = Connection::open_in_memory().expect("open");
        conn.execute_batch(SCHEMA).expect("schema");
        let mut stmt = conn
            .prepare(
                "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
                 WHERE m.type = 'table'",
            )
            .expect("prepare");
        let fks: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert!(fks.len() >= 15, "expected many foreign keys, got {fks:?}");
        for (table, column) in fks {
            // An INTEGER PRIMARY KEY is the rowid: the table's own b-tree is its index.
            let is_rowid: bool = conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1)
                     WHERE name = ?2 AND pk = 1 AND upper(type) = 'INTEGER')",
                    [&table, &column],
                    |r| r.get(0),
                )
                .expect("rowid check");
            let indexed: bool = is_rowid
                || conn
                    .query_row(
                        "SELECT EXISTS (SELECT 1 FROM pragma_index_list(?1) l,
                        pragma_index_info(l.name) i WHERE i.seqno = 0 AND i.name = ?2)",
                        [&table, &column],
                        |r| r.get(0),
                    )
                    .expect("index check");
            assert!(
                indexed,
                "{table}.{column} is a foreign key without an index"
            );
        }
    }
}
