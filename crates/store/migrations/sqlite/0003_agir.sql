-- Agir: action recipes and supporters' action profiles, events (watch parties included) and
-- their registrations, skills offered ("J'en dis plus") and contacts relayed to them.
-- Kept column-for-column in step with ../postgres/0003_agir.sql. Lists (skills, interests,
-- availability) are comma-separated codes from the domain's closed lists.

-- Hosts whose first event staff approved may be trusted: their events are published at once.
ALTER TABLE people ADD COLUMN trusted_host BIGINT NOT NULL DEFAULT 0;

CREATE TABLE recipes (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    material TEXT,
    duration_minutes BIGINT NOT NULL,
    people_min BIGINT NOT NULL,
    people_max BIGINT NOT NULL,
    place TEXT NOT NULL,
    interests TEXT NOT NULL,
    skills TEXT NOT NULL,
    published BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE action_profiles (
    person_id BIGINT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    availability TEXT NOT NULL,
    interests TEXT NOT NULL,
    skills TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- "Je l'ai fait": kept (anonymously) when the person deletes their account, for the totals.
CREATE TABLE recipe_done (
    id INTEGER PRIMARY KEY,
    recipe_id BIGINT NOT NULL REFERENCES recipes(id) ON DELETE CASCADE,
    person_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    departement TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    done_at BIGINT NOT NULL
);
CREATE INDEX recipe_done_by_recipe ON recipe_done(recipe_id, departement);

-- status: 'pending' (waits for staff), 'published', 'rejected', 'cancelled'.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    host_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    group_id BIGINT REFERENCES support_groups(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    timezone TEXT NOT NULL,
    online_url TEXT,
    address TEXT,
    postal_code TEXT,
    commune TEXT,
    departement TEXT,
    lat REAL,
    lon REAL,
    cell BIGINT,
    address_public BIGINT NOT NULL,
    capacity BIGINT,
    accessibility TEXT NOT NULL,
    accessibility_notes TEXT,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX events_by_cell ON events(cell, starts_at, id) WHERE status = 'published';
CREATE INDEX events_by_start ON events(starts_at) WHERE status = 'published';
CREATE INDEX events_by_group ON events(group_id, starts_at);
CREATE INDEX events_pending ON events(created_at) WHERE status = 'pending';

-- status: 'confirmed', 'waiting' (the event is full), 'cancelled'.
CREATE TABLE event_registrations (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    reminded_at BIGINT,
    UNIQUE (event_id, person_id)
);
CREATE INDEX event_registrations_by_person ON event_registrations(person_id);

CREATE TABLE skill_offers (
    person_id BIGINT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    skills TEXT NOT NULL,
    other TEXT,
    time_available TEXT NOT NULL,
    travel_km BIGINT NOT NULL,
    postal_code TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    cell BIGINT NOT NULL,
    consent_at BIGINT NOT NULL,
    withdrawn_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX skill_offers_by_cell ON skill_offers(cell, lat, lon, person_id) WHERE withdrawn_at IS NULL;

-- An organiser's message to a person offering skills, relayed by email; the person's address
-- is revealed to the organiser only if they answer.
CREATE TABLE skill_contacts (
    id INTEGER PRIMARY KEY,
    offer_person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    from_person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE INDEX skill_contacts_by_offer ON skill_contacts(offer_person_id);
