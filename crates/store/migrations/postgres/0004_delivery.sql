-- Email delivery at the pace of sign-ups (issue 7), and login-link requests counted per address.
-- Kept column-for-column in step with the other backend's 0004_delivery.sql.

-- Given up (too many failures, or refused for good by the receiving server): staff see these
-- emails and may send them again. Before this column, a given-up email was pushed to the far
-- future; those become dead letters.
ALTER TABLE outbox ADD COLUMN dead_at BIGINT;
UPDATE outbox SET dead_at = created_at WHERE sent_at IS NULL AND next_attempt_at >= 4611686018427387903;
-- The app instance that claimed the email: when it stops cleanly it hands back what it has not
-- sent, so that the next instance sends it at once instead of after the lease.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox(dead_at) WHERE dead_at IS NOT NULL;

-- The public counter reads the offline count on every tick, beside the signatures.
CREATE INDEX offline_signups_anonymous ON offline_signups(id) WHERE person_id IS NULL;

-- Requests for a login link, counted per address (a hash of it) whether or not an account
-- exists, so that the page can say "no new link" without revealing who has an account.
CREATE TABLE login_requests (
    email_hash TEXT NOT NULL,
    requested_at BIGINT NOT NULL
);
CREATE INDEX login_requests_by_email ON login_requests(email_hash, requested_at);

-- The counter reads the confirmed signatures not yet folded into its row at every tick. SQLite
-- picked signatures_confirmed_by_id for that (a scan of every confirmed signature, tens of ms at
-- a million); an index whose column is the one the query tests for equality is a search.
DROP INDEX signatures_to_count;
CREATE INDEX signatures_to_count ON signatures(counted) WHERE status = 'confirmed' AND counted = 0;
