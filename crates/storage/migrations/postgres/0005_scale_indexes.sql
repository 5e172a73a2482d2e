-- Indexes so that no page reads more than it shows (issue 11). Keep in step
-- with the other engine's file of the same name.

-- The home page's newest practices: the first entries of this index.
CREATE INDEX practice_status_created ON practice (status, created_at);

-- The reviewers an editor may assign: a few rows of the account table.
CREATE INDEX account_role ON account (role, id);

-- The organisations listing, in name order: a page is the next entries of this
-- index instead of a sort of every organisation.
CREATE INDEX organisation_listed ON organisation (LOWER(name), id);
