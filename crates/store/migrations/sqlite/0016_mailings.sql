-- Issue 13: mailings from the back-office to a segment of the supporters who accepted news.
-- Kept column-for-column in step with ../postgres/0016_mailings.sql.
-- Each recipient is an outbox row carrying mailing_id: the outbox's claims, retries, leases
-- and restarts serve mailings as they serve every email, and the unique index makes queueing
-- a mailing twice to one person impossible.

-- status: 'queued' (its emails are in the outbox, due from send_at), 'cancelled'.
CREATE TABLE mailings (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    -- Markdown as written: the plain-text part; body_html is made from it once, when queued.
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    segment TEXT NOT NULL,
    author_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    author TEXT NOT NULL,
    per_second BIGINT NOT NULL,
    send_at BIGINT NOT NULL,
    recipients BIGINT NOT NULL,
    -- Left out because they had their weekly count of mailings already.
    capped BIGINT NOT NULL,
    -- Delivered and given up before the retention rule deleted their outbox rows: the
    -- mailing's figures outlive the rows (see mailings/figures.rs).
    sent_earlier BIGINT NOT NULL DEFAULT 0,
    failed_earlier BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    cancelled_at BIGINT
);
CREATE INDEX mailings_by_send_at ON mailings(send_at);

ALTER TABLE outbox ADD COLUMN mailing_id BIGINT REFERENCES mailings(id) ON DELETE CASCADE;
CREATE UNIQUE INDEX outbox_one_per_mailing ON outbox(mailing_id, person_id) WHERE mailing_id IS NOT NULL;
CREATE INDEX outbox_mailings_by_person ON outbox(person_id, mailing_id) WHERE mailing_id IS NOT NULL;

-- Who left the news through a mailing's link (the stats); person_id is cleared when the
-- account is deleted, the count stays.
CREATE TABLE mailing_unsubscribes (
    mailing_id BIGINT NOT NULL REFERENCES mailings(id) ON DELETE CASCADE,
    person_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    at BIGINT NOT NULL
);
CREATE INDEX mailing_unsubscribes_by_mailing ON mailing_unsubscribes(mailing_id);
