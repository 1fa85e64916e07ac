
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
CREATE INDEX decisions_by_key ON decisions(decision_key);
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
