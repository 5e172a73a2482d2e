-- mHealth Hub schema, SQLite flavour. Keep in step with ../postgres/0001_init.sql:
-- same tables, same column names (tests/schema_parity.rs checks it).
-- Timestamps are 64-bit unix microseconds (UTC) on both engines: one encoding,
-- exact ordering, no dialect differences. JSON documents are TEXT on both.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Reference data; `seq` keeps the shipped order so load_reference round-trips.
CREATE TABLE country (
    iso2         TEXT PRIMARY KEY,
    iso3         TEXT NOT NULL,
    numeric_code TEXT NOT NULL,
    names        TEXT NOT NULL,
    eu_member    BOOLEAN NOT NULL,
    seq          INTEGER NOT NULL
);

CREATE TABLE taxonomy_term (
    vocabulary TEXT NOT NULL,
    code       TEXT NOT NULL,
    parent     TEXT,
    position   INTEGER NOT NULL,
    level      TEXT,
    labels     TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (vocabulary, code)
);

CREATE TABLE cdhi_map (
    v1  TEXT NOT NULL,
    v2  TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (v1, v2)
);

CREATE TABLE account (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    country       TEXT,
    created_at    INTEGER NOT NULL,
    erased_at     INTEGER
);

CREATE TABLE organisation (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    country    TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE membership (
    account_id      INTEGER NOT NULL REFERENCES account (id),
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    role            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (account_id, organisation_id)
);
CREATE INDEX membership_organisation ON membership (organisation_id, account_id);

CREATE TABLE region (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    country TEXT NOT NULL,
    slug    TEXT NOT NULL,
    name    TEXT NOT NULL,
    UNIQUE (country, slug)
);
CREATE INDEX region_slug ON region (slug);

CREATE TABLE practice (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    slug              TEXT NOT NULL UNIQUE CHECK (slug <> ''),
    status            TEXT NOT NULL,
    outcome           TEXT,
    version           INTEGER NOT NULL,
    original_language TEXT NOT NULL,
    country           TEXT NOT NULL,
    stage             TEXT,
    evidence_level    TEXT,
    start_year        INTEGER,
    created_by        INTEGER REFERENCES account (id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    published_at      INTEGER,
    content           TEXT NOT NULL
);
CREATE INDEX practice_status_updated ON practice (status, updated_at);
CREATE INDEX practice_country ON practice (country, status);
CREATE INDEX practice_created_by ON practice (created_by);

-- Projections of practice.content, rewritten on every save.
CREATE TABLE practice_tag (
    practice_id INTEGER NOT NULL REFERENCES practice (id),
    vocabulary  TEXT NOT NULL,
    code        TEXT NOT NULL,
    PRIMARY KEY (practice_id, vocabulary, code)
);
CREATE INDEX practice_tag_lookup ON practice_tag (vocabulary, code, practice_id);

CREATE TABLE practice_translation (
    practice_id     INTEGER NOT NULL REFERENCES practice (id),
    lang            TEXT NOT NULL,
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL,
    description     TEXT NOT NULL,
    lessons_learned TEXT NOT NULL,
    transferability TEXT NOT NULL,
    PRIMARY KEY (practice_id, lang)
);

CREATE TABLE practice_organisation (
    practice_id     INTEGER NOT NULL REFERENCES practice (id),
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    role            TEXT NOT NULL,
    PRIMARY KEY (practice_id, organisation_id, role)
);
CREATE INDEX practice_organisation_org ON practice_organisation (organisation_id, practice_id);

CREATE TABLE practice_region (
    practice_id INTEGER NOT NULL REFERENCES practice (id),
    region_id   INTEGER NOT NULL REFERENCES region (id),
    PRIMARY KEY (practice_id, region_id)
);
CREATE INDEX practice_region_region ON practice_region (region_id, practice_id);

CREATE TABLE practice_revision (
    practice_id INTEGER NOT NULL REFERENCES practice (id),
    number      INTEGER NOT NULL,
    author_id   INTEGER REFERENCES account (id),
    created_at  INTEGER NOT NULL,
    note        TEXT,
    content     TEXT NOT NULL,
    PRIMARY KEY (practice_id, number)
);
CREATE INDEX practice_revision_author ON practice_revision (author_id);

CREATE TABLE practice_transition (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id INTEGER NOT NULL REFERENCES practice (id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    outcome     TEXT,
    actor_id    INTEGER REFERENCES account (id),
    reason      TEXT,
    at          INTEGER NOT NULL
);
CREATE INDEX practice_transition_practice ON practice_transition (practice_id, id);
CREATE INDEX practice_transition_actor ON practice_transition (actor_id);

CREATE TABLE review_assignment (
    practice_id INTEGER NOT NULL REFERENCES practice (id),
    reviewer_id INTEGER NOT NULL REFERENCES account (id),
    assigned_by INTEGER REFERENCES account (id),
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (practice_id, reviewer_id)
);
CREATE INDEX review_assignment_reviewer ON review_assignment (reviewer_id, practice_id);

CREATE TABLE review (
    practice_id    INTEGER NOT NULL REFERENCES practice (id),
    reviewer_id    INTEGER NOT NULL REFERENCES account (id),
    scores         TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    comment        TEXT NOT NULL,
    submitted_at   INTEGER NOT NULL,
    PRIMARY KEY (practice_id, reviewer_id)
);
CREATE INDEX review_reviewer ON review (reviewer_id);

CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX session_account ON session (account_id);

CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id   INTEGER NOT NULL REFERENCES account (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX api_token_account ON api_token (account_id);

CREATE TABLE login_failure (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failure_key_at ON login_failure (key, at);

-- AUTOINCREMENT: ids are never reused, consumers keep a cursor on them.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL,
    entity_id  INTEGER NOT NULL,
    operation  TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
