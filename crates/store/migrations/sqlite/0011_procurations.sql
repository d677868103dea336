-- Procurations (issue 12): people who cannot vote in person ask; volunteers offer to carry a
-- proxy; the site proposes volunteers and reveals each side's contact only once both accepted.
-- The official step stays the giver's (online or at a police station). Kept column-for-column
-- in step with the other backend's file.

-- rounds: first_round / second_round are 0/1. contact: how to reach the person, revealed only
-- to the other side of an accepted match. withdrawn_at: they withdrew; kept until the purge.
CREATE TABLE proxy_requests (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    ballot_id BIGINT NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
    commune_insee TEXT NOT NULL,
    polling_station TEXT,
    first_round BIGINT NOT NULL,
    second_round BIGINT NOT NULL,
    accepts_far BIGINT NOT NULL,
    contact TEXT NOT NULL,
    consent_text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    withdrawn_at BIGINT
);
CREATE INDEX proxy_requests_by_ballot ON proxy_requests(ballot_id);

CREATE TABLE proxy_offers (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    ballot_id BIGINT NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
    commune_insee TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    first_round BIGINT NOT NULL,
    second_round BIGINT NOT NULL,
    travel_km BIGINT NOT NULL,
    accepts_far BIGINT NOT NULL,
    contact TEXT NOT NULL,
    consent_text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    withdrawn_at BIGINT
);
CREATE INDEX proxy_offers_by_ballot ON proxy_offers(ballot_id);

-- A volunteer proposed to a request, for one round. accepted: both sides said yes.
CREATE TABLE proxy_matches (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES proxy_requests(id) ON DELETE CASCADE,
    offer_id BIGINT NOT NULL REFERENCES proxy_offers(id) ON DELETE CASCADE,
    ballot_id BIGINT NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
    volunteer_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    round BIGINT NOT NULL,
    requester_accepted BIGINT NOT NULL DEFAULT 0,
    volunteer_accepted BIGINT NOT NULL DEFAULT 0,
    accepted BIGINT NOT NULL DEFAULT 0,
    withdrawn_at BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (request_id, offer_id, round)
);
CREATE INDEX proxy_matches_by_offer ON proxy_matches(offer_id);
-- Code électoral L73: a holder carries at most one proxy made in France per ballot and round.
CREATE UNIQUE INDEX proxy_one_per_holder_and_round ON proxy_matches(volunteer_id, ballot_id, round) WHERE accepted = 1 AND withdrawn_at IS NULL;
