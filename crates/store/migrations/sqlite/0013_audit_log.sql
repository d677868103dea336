-- Issue 13: who among the staff did what with people's data, when and from where. The
-- application only ever appends to it (and the retention rule deletes entries past their year).
-- actor_id has no foreign key on purpose: the entry outlives the staff member's account;
-- actor keeps who it was (their email, or "jeton API « nom »") as it was then.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    ip TEXT
);
CREATE INDEX audit_log_by_time ON audit_log(at);
