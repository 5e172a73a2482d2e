-- Indexes so that no page reads more than it shows (issue 11). Keep in step
-- with the other engine's file of the same name.

-- The home page's newest practices: the first entries of this index.
CREATE INDEX practice_status_created ON practice (status, created_at);

-- The reviewers an editor may assign: a few rows of the account table.
CREATE INDEX account_role ON account (role, id);
