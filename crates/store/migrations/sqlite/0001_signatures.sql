-- People, their support signature, the email outbox, sessions and the counter.
-- Kept column-for-column in step with ../postgres/0001_signatures.sql.
-- Times are Unix seconds; flags are 0/1 integers, so that one SQL text serves both databases.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    email_norm TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    postal_code TEXT,
    country TEXT NOT NULL,
    phone TEXT,
    news_optin BIGINT NOT NULL DEFAULT 0,
    referral_code TEXT NOT NULL UNIQUE,
    is_staff BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- person_id is NULL once the person deleted their account (the signature stays counted),
-- and for submissions marked fraudulent, of which we keep no personal data.
CREATE TABLE signatures (
    id INTEGER PRIMARY KEY,
    person_id BIGINT UNIQUE REFERENCES people(id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    fraud_reason TEXT,
    departement TEXT NOT NULL,
    referrer_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    emails_sent BIGINT NOT NULL DEFAULT 0,
    counted BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT
);
CREATE INDEX signatures_to_count ON signatures(id) WHERE status = 'confirmed' AND counted = 0;
CREATE INDEX signatures_by_referrer ON signatures(referrer_id) WHERE referrer_id IS NOT NULL;
CREATE INDEX signatures_by_created_at ON signatures(created_at);
CREATE INDEX signatures_confirmed_by_id ON signatures(id) WHERE status = 'confirmed';

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('confirmed_signatures', 0);

-- What to send, to whom; the text is composed at delivery time from the person's current data.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_by_person ON outbox(person_id, created_at);

CREATE TABLE login_tokens (
    nonce TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_person ON sessions(person_id);
