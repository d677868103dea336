-- Listes électorales (issue 12): the ballots staff enter (the deadlines are computed from their
-- days, never typed) and the registration status supporters record for themselves. Kept
-- column-for-column in step with the other backend's file.

-- kind: a code of essaim_domain::electoral::ballot::BallotKind.
CREATE TABLE ballots (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Each round's day in each zone ('dimanche', or 'samedi' where the Americas and some overseas
-- territories vote the day before), as 'YYYY-MM-DD'.
CREATE TABLE ballot_rounds (
    ballot_id BIGINT NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
    round BIGINT NOT NULL,
    zone TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (ballot_id, round, zone)
);
CREATE INDEX ballot_rounds_by_day ON ballot_rounds(zone, day);

-- What a supporter says of their own registration: 'inscrit', 'a_verifier', 'a_faire',
-- 'demenage'. consent_text: what they agreed to when they first recorded it (being registered
-- or not says little, but the list is kept only with their consent).
CREATE TABLE electoral_statuses (
    person_id BIGINT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    consent_text TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
