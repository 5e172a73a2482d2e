-- What each personal API token may do: space-separated scope names
-- (read, practices, curation, account). Tokens made before scopes existed keep
-- every scope; minting tokens and erasing the account need a session anyway.
ALTER TABLE api_token ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read practices curation account';
