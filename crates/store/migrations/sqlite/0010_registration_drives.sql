-- Registration drives (issue 12): after an "opération inscriptions", a group's animators
-- record how many people they helped register or update their address, per commune. Counts
-- only: nothing of the people helped. Kept column-for-column in step with the other backend's file.
CREATE TABLE registration_drives (
    id INTEGER PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES support_groups(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    recorded_by BIGINT REFERENCES people(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX registration_drives_by_group ON registration_drives(group_id, held_on);

CREATE TABLE registration_drive_counts (
    drive_id BIGINT NOT NULL REFERENCES registration_drives(id) ON DELETE CASCADE,
    commune_insee TEXT NOT NULL,
    commune TEXT NOT NULL,
    departement TEXT NOT NULL,
    registered BIGINT NOT NULL,
    address_updates BIGINT NOT NULL,
    PRIMARY KEY (drive_id, commune_insee),
    CHECK (registered >= 0),
    CHECK (address_updates >= 0)
);
