-- One open request and one open offer per person and ballot, held by the database itself: two
-- posts at the same instant on two app instances cannot both pass the application's check.
-- Withdrawn ones stay (until the purge) outside the index.
CREATE UNIQUE INDEX proxy_requests_one_open ON proxy_requests(person_id, ballot_id) WHERE withdrawn_at IS NULL;
CREATE UNIQUE INDEX proxy_offers_one_open ON proxy_offers(person_id, ballot_id) WHERE withdrawn_at IS NULL;
