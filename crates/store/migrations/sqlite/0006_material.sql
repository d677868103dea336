-- Matériel (issue 10): the catalogue staff manage, orders and their lines, the starter kit given
-- once per supporter and once per group, export batches for the logistics provider, and every
-- status change. Kept column-for-column in step with the other backend's file.

-- Pictures are kept in the database, not on a disk: several app instances behind a load balancer
-- all serve them. Only re-encoded bytes are stored (never the uploaded file).
CREATE TABLE material_pictures (
    id INTEGER PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_at BIGINT NOT NULL
);

-- An item of the catalogue. stock NULL means unlimited. A retired item stays for the orders that
-- name it (their lines keep its name and price as ordered) but can no longer be ordered.
-- is_kit marks the starter kit: free, one per supporter and one per group.
CREATE TABLE material_items (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    unit TEXT NOT NULL,
    theme TEXT NOT NULL,
    per_order_max BIGINT NOT NULL,
    stock BIGINT,
    alert_below BIGINT,
    alert_sent BIGINT NOT NULL DEFAULT 0,
    price_cents BIGINT NOT NULL,
    visible BIGINT NOT NULL,
    is_kit BIGINT NOT NULL DEFAULT 0,
    picture_id BIGINT REFERENCES material_pictures(id),
    created_at BIGINT NOT NULL,
    retired_at BIGINT,
    CHECK (stock IS NULL OR stock >= 0),
    CHECK (price_cents >= 0)
);
CREATE UNIQUE INDEX material_one_kit ON material_items(is_kit) WHERE is_kit = 1 AND retired_at IS NULL;

-- What the starter kit holds (e.g. 200 leaflets, 10 posters, 50 stickers): the logistics
-- provider packs these items, and their stock goes down with each kit.
CREATE TABLE material_kit_contents (
    item_id BIGINT NOT NULL REFERENCES material_items(id),
    quantity BIGINT NOT NULL,
    PRIMARY KEY (item_id)
);

-- The cart of a logged-in person, kept server-side so that it works without JavaScript and
-- survives a new tab or a payment abandoned midway.
CREATE TABLE material_carts (
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL REFERENCES material_items(id),
    quantity BIGINT NOT NULL,
    PRIMARY KEY (person_id, item_id)
);

-- An order. The shipping address is purged (set to '') some time after delivery; the département
-- stays for the statistics. address_key is the normalised street + postal code, for the kit rule.
CREATE TABLE material_orders (
    id INTEGER PRIMARY KEY,
    person_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    group_id BIGINT REFERENCES support_groups(id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    total_cents BIGINT NOT NULL,
    email TEXT NOT NULL,
    ship_name TEXT NOT NULL,
    ship_line1 TEXT NOT NULL,
    ship_line2 TEXT,
    ship_postal_code TEXT NOT NULL,
    ship_commune TEXT NOT NULL,
    ship_insee TEXT NOT NULL,
    ship_phone TEXT NOT NULL,
    departement TEXT NOT NULL,
    address_key TEXT NOT NULL,
    export_batch_id BIGINT,
    tracking TEXT,
    created_at BIGINT NOT NULL,
    validated_at BIGINT,
    delivered_at BIGINT,
    address_purged_at BIGINT
);
CREATE INDEX material_orders_by_person ON material_orders(person_id);
CREATE INDEX material_orders_by_status ON material_orders(status, id);
CREATE INDEX material_orders_by_address ON material_orders(address_key);
CREATE INDEX material_orders_by_tracking ON material_orders(tracking);

CREATE TABLE material_order_lines (
    order_id BIGINT NOT NULL REFERENCES material_orders(id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL REFERENCES material_items(id),
    item_name TEXT NOT NULL,
    unit TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    unit_price_cents BIGINT NOT NULL,
    PRIMARY KEY (order_id, item_id)
);

-- What the logistics provider picks for an order: its lines, the kit opened into its contents
-- as they were when it was ordered. Stock was taken for exactly these, and a cancellation gives
-- back exactly these.
CREATE TABLE material_order_picks (
    order_id BIGINT NOT NULL REFERENCES material_orders(id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL REFERENCES material_items(id),
    item_name TEXT NOT NULL,
    unit TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    from_kit BIGINT NOT NULL,
    PRIMARY KEY (order_id, item_id, from_kit)
);

-- The starter kit, once per supporter and once per group: the unique indexes are the rule, so
-- that two tabs or two animators at the same moment cannot both get one. A cancelled kit order
-- frees its claim. override_reason: staff allowed a second kit at an address already served.
CREATE TABLE material_kit_claims (
    order_id BIGINT PRIMARY KEY REFERENCES material_orders(id) ON DELETE CASCADE,
    person_id BIGINT UNIQUE REFERENCES people(id) ON DELETE SET NULL,
    group_id BIGINT UNIQUE REFERENCES support_groups(id) ON DELETE SET NULL,
    address_key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX material_kit_claims_by_address ON material_kit_claims(address_key);

-- Staff lifted the address rule for one person (several supporters under one roof).
CREATE TABLE material_kit_overrides (
    person_id BIGINT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    granted_by BIGINT REFERENCES people(id) ON DELETE SET NULL,
    granted_at BIGINT NOT NULL
);

-- Every status change: who (NULL: the person themselves, or the payment provider), when, why.
CREATE TABLE material_order_events (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES material_orders(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    actor_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    note TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX material_order_events_by_order ON material_order_events(order_id, id);

-- A file given to the logistics provider. The file itself is kept, so that downloading it again
-- gives the same bytes; it is purged with the addresses it holds.
CREATE TABLE material_export_batches (
    id INTEGER PRIMARY KEY,
    created_by BIGINT REFERENCES people(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    orders BIGINT NOT NULL,
    file BLOB,
    purged_at BIGINT
);

-- The payment of an order, as the provider notified it: one row per provider transaction, so
-- that a notification replayed is recognised (same digest) or refused (another content).
CREATE TABLE material_payments (
    trans_uuid TEXT PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES material_orders(id),
    digest TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    accepted BIGINT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX material_payments_by_order ON material_payments(order_id);
