-- Programme (issue 11): the seven axes, contributions, supports, comments, reports and the
-- moderators' decisions, syntheses by coordinators, and staff roles. Kept column-for-column in
-- step with the other backend's file, but for full-text search: here an FTS5 table of stems
-- (programme_search), there a tsvector column with its GIN index.

-- Staff roles beyond "staff": 'coordination' writes the programme's syntheses.
CREATE TABLE staff_roles (
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (person_id, role)
);

CREATE TABLE programme_axes (
    number BIGINT PRIMARY KEY,
    title TEXT NOT NULL,
    introduction TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (number BETWEEN 1 AND 7)
);
INSERT INTO programme_axes (number, title, introduction, updated_at) VALUES
    (1, 'La 6e République', 'Comment rendre le pouvoir au peuple ? Proposez vos idées pour une nouvelle Constitution.', 0),
    (2, 'Protéger et partager les richesses', 'Salaires, emploi, services publics, fiscalité : vos propositions.', 0),
    (3, 'La planification écologique', 'Climat, énergie, agriculture, transports : comment bifurquer ?', 0),
    (4, 'Sortir des traités européens', 'Quelle Europe, quels traités, quelle souveraineté ?', 0),
    (5, 'Pour l''indépendance de la France', 'Paix, défense, diplomatie, coopération : vos propositions.', 0),
    (6, 'Le progrès humain', 'Éducation, santé, culture, égalité : ce qui fait une vie digne.', 0),
    (7, 'Aux frontières de l''humanité', 'Mer, espace, numérique : les nouveaux horizons.', 0);

-- The consent given at a person's first contribution (their contributions express political
-- opinions: special-category data), with the text they agreed to.
CREATE TABLE programme_consents (
    person_id BIGINT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    consent_text TEXT NOT NULL,
    given_at BIGINT NOT NULL
);

-- People a moderator stopped from contributing, commenting and supporting.
CREATE TABLE programme_blocks (
    person_id BIGINT PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    moderator_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);

-- status: 'published', 'hidden' (by three reports or a moderator), 'merged' (into merged_into).
-- author_id is NULL once the author deleted their account and left the contribution, anonymised.
-- author_label is "Louise M." when the author agreed to be shown, at the time they contributed.
-- supports is kept in the transactions that add and remove them (sorting by support must not
-- count rows; the visible comments, few per contribution, are counted when read).
-- locked_at: the first support or comment; from then on the author may only append addenda.
CREATE TABLE programme_contributions (
    id INTEGER PRIMARY KEY,
    axis BIGINT NOT NULL REFERENCES programme_axes(number),
    author_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    author_label TEXT,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    departement TEXT,
    status TEXT NOT NULL,
    merged_into BIGINT REFERENCES programme_contributions(id),
    supports BIGINT NOT NULL DEFAULT 0,
    locked_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (supports >= 0)
);
CREATE INDEX programme_contributions_by_support ON programme_contributions(axis, supports, id) WHERE status = 'published';
CREATE INDEX programme_contributions_by_time ON programme_contributions(axis, created_at, id) WHERE status = 'published';
CREATE INDEX programme_contributions_by_author ON programme_contributions(author_id, created_at);

-- The stems of each contribution's title and text (essaim_domain::programme::search), rowid = its
-- id. Contentless: the text lives in programme_contributions.
CREATE VIRTUAL TABLE programme_search USING fts5(terms, content = '', contentless_delete = 1, tokenize = 'unicode61');

CREATE TABLE programme_addenda (
    id INTEGER PRIMARY KEY,
    contribution_id BIGINT NOT NULL REFERENCES programme_contributions(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX programme_addenda_by_contribution ON programme_addenda(contribution_id, id);

-- One support per person per contribution: the primary key says so, whatever the races.
CREATE TABLE programme_supports (
    contribution_id BIGINT NOT NULL REFERENCES programme_contributions(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (contribution_id, person_id)
);
CREATE INDEX programme_supports_by_person ON programme_supports(person_id);

-- parent_id: the comment answered (replies are one level deep). status: 'published', 'hidden',
-- 'deleted' (by its author: the text is emptied, the replies stay readable).
CREATE TABLE programme_comments (
    id INTEGER PRIMARY KEY,
    contribution_id BIGINT NOT NULL REFERENCES programme_contributions(id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES programme_comments(id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    author_label TEXT,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX programme_comments_by_contribution ON programme_comments(contribution_id, id);
CREATE INDEX programme_comments_by_author ON programme_comments(author_id);

-- target_kind: 'contribution' or 'comment'. A person's report counts once until a moderator
-- restores the target (cleared_at): then the count starts again.
CREATE TABLE programme_reports (
    id INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    reporter_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    detail TEXT,
    created_at BIGINT NOT NULL,
    cleared_at BIGINT
);
CREATE UNIQUE INDEX programme_reports_once ON programme_reports(target_kind, target_id, reporter_id) WHERE cleared_at IS NULL;
CREATE INDEX programme_reports_by_reporter ON programme_reports(reporter_id);

-- Every moderation decision: who (NULL for the reports' automatic hiding, or a moderator who
-- has since left), when, why. target_kind: 'contribution', 'comment' or 'person' (a block).
CREATE TABLE programme_decisions (
    id INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    moderator_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX programme_decisions_by_target ON programme_decisions(target_kind, target_id);

CREATE TABLE programme_syntheses (
    axis BIGINT PRIMARY KEY REFERENCES programme_axes(number),
    body TEXT NOT NULL,
    author_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL
);

-- The contributions a synthesis drew on: they show "retenue dans la synthèse".
CREATE TABLE programme_synthesis_links (
    axis BIGINT NOT NULL REFERENCES programme_syntheses(axis) ON DELETE CASCADE,
    contribution_id BIGINT NOT NULL REFERENCES programme_contributions(id) ON DELETE CASCADE,
    PRIMARY KEY (axis, contribution_id)
);
CREATE INDEX programme_synthesis_links_by_contribution ON programme_synthesis_links(contribution_id);
