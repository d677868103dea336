-- Dons (issue 9): gifts asked on the form, the ledger of payments, monthly gifts, and what the
-- payment provider told us. Kept column-for-column in step with the other backend's file.

-- A gift as asked: the donor as they declared themselves (the law wants it kept with the
-- payment), the amount and frequency. It is paid only when the provider's notification says so.
-- person_id is NULL for a donor without an account, and once the person deletes their account.
CREATE TABLE gifts (
    id INTEGER PRIMARY KEY,
    person_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    email TEXT NOT NULL,
    email_norm TEXT NOT NULL,
    name_key TEXT NOT NULL,
    civility TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    address_line1 TEXT NOT NULL,
    address_line2 TEXT,
    postal_code TEXT NOT NULL,
    commune TEXT NOT NULL,
    country TEXT NOT NULL,
    phone TEXT,
    nationality TEXT NOT NULL,
    fiscal_resident BIGINT NOT NULL,
    sworn_at BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL,
    frequency TEXT NOT NULL,
    method TEXT NOT NULL,
    status TEXT NOT NULL,
    -- An anonymous monthly donor confirms by email before the subscription is created.
    confirm_token_hash TEXT UNIQUE,
    -- Set when this monthly gift is to replace the donor's current one.
    replaces_monthly BIGINT NOT NULL DEFAULT 0,
    entered_by BIGINT REFERENCES people(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    settled_at BIGINT
);
CREATE INDEX gifts_by_email ON gifts(email_norm);
CREATE INDEX gifts_by_person ON gifts(person_id);

-- Monthly gifts: the provider's subscriptions. One active per donor (by email).
-- card_expires is the month only ('2027-08'), kept for the reminder: never a card number.
CREATE TABLE monthly_gifts (
    id INTEGER PRIMARY KEY,
    gift_id BIGINT NOT NULL UNIQUE REFERENCES gifts(id),
    email_norm TEXT NOT NULL,
    name_key TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    starts_on TEXT NOT NULL,
    status TEXT NOT NULL,
    provider_subscription TEXT NOT NULL,
    provider_token TEXT NOT NULL,
    card_expires TEXT,
    expiry_reminded BIGINT NOT NULL DEFAULT 0,
    instalments_paid BIGINT NOT NULL DEFAULT 0,
    failures BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    stopped_at BIGINT
);
CREATE UNIQUE INDEX monthly_gifts_one_active ON monthly_gifts(email_norm) WHERE status = 'active';
CREATE INDEX monthly_gifts_by_name ON monthly_gifts(name_key);

-- The ledger: one line per payment received, or refund (negative amount). The application
-- never deletes a line: the mandataire keeps them (7 years). email_norm and name_key are
-- copied from the gift so that a person's total in a period is one indexed sum.
-- transaction_key is the provider's vads_trans_uuid (NULL for cheques and cash): unique, so
-- that a notification received twice, even at the same instant, makes one line.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    gift_id BIGINT NOT NULL REFERENCES gifts(id),
    monthly_gift_id BIGINT REFERENCES monthly_gifts(id),
    refunds_payment_id BIGINT REFERENCES payments(id),
    method TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    paid_on TEXT NOT NULL,
    transaction_key TEXT UNIQUE,
    reference TEXT NOT NULL,
    email_norm TEXT NOT NULL,
    name_key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX payments_by_email ON payments(email_norm, paid_on);
CREATE INDEX payments_by_name ON payments(name_key, paid_on);
CREATE INDEX payments_by_day ON payments(paid_on);
CREATE INDEX payments_by_gift ON payments(gift_id);

-- Each provider transaction, processed once: the first notification for a vads_trans_uuid
-- is recorded here with the digest of its content; a later one with the same digest is a
-- replay (answered OK, nothing done), with another digest a conflict (refused, logged).
-- fields is the notification as JSON without any card field.
CREATE TABLE provider_transactions (
    trans_uuid TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    gift_id BIGINT REFERENCES gifts(id),
    operation TEXT NOT NULL,
    outcome TEXT NOT NULL,
    fields TEXT NOT NULL,
    received_at BIGINT NOT NULL
);

-- Notifications not processed (replays, changed replays, unknown orders or refunds), for staff.
CREATE TABLE provider_notification_log (
    id INTEGER PRIMARY KEY,
    trans_uuid TEXT NOT NULL,
    digest TEXT NOT NULL,
    outcome TEXT NOT NULL,
    fields TEXT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX provider_notification_log_by_time ON provider_notification_log(received_at);

-- Gifts refused because the person would pass the legal cap, for staff.
CREATE TABLE cap_refusals (
    id INTEGER PRIMARY KEY,
    email_norm TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    asked_cents BIGINT NOT NULL,
    remaining_cents BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX cap_refusals_by_time ON cap_refusals(created_at);
