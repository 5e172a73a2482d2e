-- Trust (issue 9): membership by consent, organisation confirmation and merges,
-- invitations, confirmed e-mail addresses, disabled accounts, and owners' requests
-- to change published practices. Keep in step with ../postgres/0002_trust.sql.

-- Memberships made before this change stay active; the old organisation role
-- `admin` is what is now called `manager`.
ALTER TABLE membership ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
UPDATE membership SET role = 'manager' WHERE role = 'admin';
CREATE INDEX membership_organisation_status ON membership (organisation_id, status);

-- Organisations that exist are trusted; new ones made by a person wait for an editor.
ALTER TABLE organisation ADD COLUMN confirmed BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE organisation ADD COLUMN merged_into INTEGER REFERENCES organisation (id);
ALTER TABLE organisation ADD COLUMN created_by INTEGER REFERENCES account (id);
CREATE INDEX organisation_unconfirmed ON organisation (confirmed, created_at);

-- The audit trail of organisations: requests, decisions, invitations, role changes,
-- removals, confirmation and merges.
CREATE TABLE organisation_event (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    account_id      INTEGER REFERENCES account (id),
    actor_id        INTEGER REFERENCES account (id),
    action          TEXT NOT NULL,
    detail          TEXT,
    at              INTEGER NOT NULL
);
CREATE INDEX organisation_event_organisation ON organisation_event (organisation_id, id);
CREATE INDEX organisation_event_account ON organisation_event (account_id, id);
CREATE INDEX organisation_event_actor ON organisation_event (actor_id);

CREATE TABLE invitation (
    token_hash      TEXT PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    email           TEXT NOT NULL,
    role            TEXT NOT NULL,
    invited_by      INTEGER REFERENCES account (id),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    accepted_by     INTEGER REFERENCES account (id),
    accepted_at     INTEGER
);
CREATE INDEX invitation_organisation ON invitation (organisation_id, created_at);
CREATE INDEX invitation_invited_by ON invitation (invited_by);
CREATE INDEX invitation_accepted_by ON invitation (accepted_by);

-- Accounts made before this change count as confirmed.
ALTER TABLE account ADD COLUMN email_confirmed_at INTEGER;
ALTER TABLE account ADD COLUMN disabled_at INTEGER;
UPDATE account SET email_confirmed_at = created_at;

-- One-use links sent by e-mail (`confirm_email`, ...); only the hash is stored.
CREATE TABLE email_link (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    purpose    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX email_link_account ON email_link (account_id, purpose);

-- An owner's proposed update of a published practice, or request to archive it:
-- the published record stays as it is until a curator approves.
CREATE TABLE practice_request (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id     INTEGER NOT NULL REFERENCES practice (id),
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    content         TEXT,
    base_version    INTEGER NOT NULL,
    minor           BOOLEAN NOT NULL,
    note            TEXT,
    author_id       INTEGER REFERENCES account (id),
    created_at      INTEGER NOT NULL,
    decided_by      INTEGER REFERENCES account (id),
    decided_at      INTEGER,
    decision_reason TEXT
);
CREATE INDEX practice_request_practice ON practice_request (practice_id, status);
-- One pending request of each kind per practice, also when two owners race.
CREATE UNIQUE INDEX practice_request_one_pending ON practice_request (practice_id, kind)
    WHERE status = 'pending';
CREATE INDEX practice_request_status ON practice_request (status, created_at);
CREATE INDEX practice_request_author ON practice_request (author_id);
CREATE INDEX practice_request_decided_by ON practice_request (decided_by);
