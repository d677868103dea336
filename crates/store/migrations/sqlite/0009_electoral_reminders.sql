-- Reminders before the online registration deadline (issue 12): one per ballot, person and
-- number of days before, so that a second run of the housekeeping queues nothing more; and the
-- people who asked for none. Kept column-for-column in step with the other backend's file.
CREATE TABLE electoral_reminders (
    ballot_id BIGINT NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    days_before BIGINT NOT NULL,
    queued_at BIGINT NOT NULL,
    PRIMARY KEY (ballot_id, person_id, days_before)
);
CREATE INDEX electoral_reminders_by_person ON electoral_reminders(person_id);

CREATE TABLE electoral_reminder_optouts (
    person_id BIGINT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
