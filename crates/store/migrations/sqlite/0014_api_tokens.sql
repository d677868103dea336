-- Issue 13: the OSDI API. Kept column-for-column in step with ../postgres/0014_api_tokens.sql.
-- A token is shown once at its creation; only the SHA-256 of its secret is kept, so a leaked
-- database does not hand out API access. Revoking stamps revoked_at (the row stays, so the
-- back-office can still say which token it was and when it was last used).
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);

-- The last change to the person's details (NULL for people untouched since this migration).
-- OSDI's modified_date, which a CRM filters on to fetch only what changed, is the later of
-- this (or created_at) and the signature's confirmation (see store/src/api_people.rs).
ALTER TABLE people ADD COLUMN updated_at BIGINT;
-- Where the consent was collected when a person was entered through the API as already
-- consenting (a paper form, a stand...): named by the caller, kept as proof.
ALTER TABLE people ADD COLUMN consent_origin TEXT;
CREATE INDEX people_by_updated_at ON people(updated_at);
