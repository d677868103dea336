-- Groupes d'appui, their members, splits in progress, sign-ups gathered off the internet.
-- Kept column-for-column in step with ../postgres/0002_groups.sql.

-- "groups" is a keyword in SQL window clauses: the table is named support_groups.
-- cell is the grid cell of (lat, lon) (see essaim-geo's grid.rs): "near me" is a few range scans
-- on support_groups_by_cell, which also holds lat/lon so that candidates never touch the table.
CREATE TABLE support_groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    address TEXT,
    postal_code TEXT NOT NULL,
    commune TEXT NOT NULL,
    departement TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    cell BIGINT NOT NULL,
    frequency TEXT NOT NULL,
    public_contact TEXT,
    parent_id BIGINT REFERENCES support_groups(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX support_groups_by_cell ON support_groups(cell, lat, lon, id) WHERE closed_at IS NULL;

CREATE TABLE group_members (
    group_id BIGINT NOT NULL REFERENCES support_groups(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    is_animator BIGINT NOT NULL DEFAULT 0,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, person_id)
);
CREATE INDEX group_members_by_person ON group_members(person_id);

-- Nobody is turned away: a request waits for the person's email confirmation
-- ('awaiting_email') or for the split of a full group ('awaiting_split').
CREATE TABLE group_requests (
    group_id BIGINT NOT NULL REFERENCES support_groups(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, person_id)
);
CREATE INDEX group_requests_by_person ON group_requests(person_id);

-- A split in progress: the proposed new group's name, and each person's proposed half.
CREATE TABLE group_splits (
    group_id BIGINT PRIMARY KEY REFERENCES support_groups(id) ON DELETE CASCADE,
    new_name TEXT NOT NULL,
    proposed_at BIGINT NOT NULL
);
CREATE TABLE group_split_places (
    group_id BIGINT NOT NULL REFERENCES group_splits(group_id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    leaves BIGINT NOT NULL,
    animator BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, person_id)
);

-- Emails about a group carry what they say (a message, the group someone now belongs to).
ALTER TABLE outbox ADD COLUMN payload TEXT;

-- Sign-ups gathered on paper or by phone. person_id is set when the person gave an email (they
-- then have a pending signature like anyone); the others count apart, as offline signatures.
CREATE TABLE offline_signups (
    id INTEGER PRIMARY KEY,
    person_id BIGINT REFERENCES people(id) ON DELETE CASCADE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    departement TEXT NOT NULL,
    phone TEXT,
    postal_address TEXT,
    name_key TEXT NOT NULL,
    method TEXT NOT NULL,
    collected_on TEXT NOT NULL,
    collected_by BIGINT REFERENCES people(id) ON DELETE SET NULL,
    group_id BIGINT REFERENCES support_groups(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX offline_signups_by_phone ON offline_signups(phone) WHERE phone IS NOT NULL;
CREATE INDEX offline_signups_by_name_key ON offline_signups(name_key);
CREATE INDEX offline_signups_by_person ON offline_signups(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX people_by_phone ON people(phone) WHERE phone IS NOT NULL;
