//! The SQLite and PostgreSQL migrations are written twice by hand (`migrations/sqlite`,
//! `migrations/postgres`) while the code sends both the same SQL. This test migrates a fresh
//! database of each and compares what they built: tables, columns (type, nullability, default,
//! generated id), primary keys, unique constraints, indexes (name, columns, uniqueness, partial
//! condition) and foreign keys. A difference is drift: fix it with a new migration on the side
//! that is wrong (never by editing an applied one).
//!
//! Each schema is described as a set of facts in one vocabulary ("people: column phone text
//! null"); the two sets must be equal, and the failure lists the facts only one side has.

mod facts;
mod postgres;
mod sqlite;

use facts::{drift, normalized, postgres_type, sqlite_type, Facts};
use postgres::{drop_schema, migrated_postgres, postgres_facts};
use sqlite::{migrated_sqlite, sqlite_facts};
use sqlx::AnyConnection;

#[tokio::test]
async fn both_migrations_build_the_same_schema() {
    let Some((postgres, url, schema)) = migrated_postgres().await else {
        return;
    };
    let (sqlite, _dir) = migrated_sqlite().await;
    let sqlite_side = sqlite_facts(&mut sqlite.pool().acquire().await.unwrap()).await;
    let postgres_side =
        postgres_facts(&mut postgres.pool().acquire().await.unwrap(), &schema).await;
    drop_schema(postgres, &url, &schema).await;
    assert!(
        sqlite_side.len() > 100,
        "the SQLite schema was read: {sqlite_side:#?}"
    );
    let sqlite_side = without_full_text(sqlite_side, |fact| fact.starts_with("programme_search"));
    let postgres_side = without_full_text(postgres_side, |fact| fact.contains("search_vector"));
    if let Some(report) = drift(&sqlite_side, &postgres_side) {
        panic!("{report}");
    }
}

/// Full-text search is built differently on purpose (docs/decisions/0016-programme-search.md):
/// an FTS5 table of stems and its shadow tables on SQLite, a tsvector column and its GIN index
/// on PostgreSQL. Their facts are set aside, once each side is seen to have its own.
fn without_full_text(facts: Facts, is_full_text: impl Fn(&str) -> bool) -> Facts {
    let (full_text, rest): (Facts, Facts) = facts.into_iter().partition(|f| is_full_text(f));
    assert!(
        !full_text.is_empty(),
        "each side has its full-text search: {rest:#?}"
    );
    rest
}

/// The comparison itself: a schema altered after migrating is told apart from a fresh one,
/// each change by name.
#[tokio::test]
async fn drift_is_reported_fact_by_fact() {
    let (fresh, _fresh_dir) = migrated_sqlite().await;
    let (doctored, _doctored_dir) = migrated_sqlite().await;
    // One connection alters and reads: another pooled connection may not see the change of
    // schema at once.
    let mut doctored = doctored.pool().acquire().await.unwrap();
    alter(
        &mut doctored,
        &[
            "ALTER TABLE outbox ADD COLUMN extra TEXT",
            "DROP INDEX outbox_dead",
            "CREATE INDEX outbox_dead ON outbox(dead_at)",
            "DROP INDEX sessions_by_person",
            "CREATE UNIQUE INDEX sessions_by_person ON sessions(person_id)",
            "CREATE TABLE leftovers (id INTEGER PRIMARY KEY, note TEXT NOT NULL DEFAULT 'x')",
        ],
    )
    .await;
    let fresh = sqlite_facts(&mut fresh.pool().acquire().await.unwrap()).await;
    let doctored = sqlite_facts(&mut doctored).await;
    assert_eq!(drift(&fresh, &fresh), None);
    let report = drift(&fresh, &doctored).expect("drift is found");
    let expected = [
        "PostgreSQL only: outbox: column extra text null",
        "SQLite only:     outbox: index outbox_dead (dead_at) where dead_at is not null",
        "PostgreSQL only: outbox: index outbox_dead (dead_at)",
        "SQLite only:     sessions: index sessions_by_person (person_id)",
        "PostgreSQL only: sessions: unique index sessions_by_person (person_id)",
        "PostgreSQL only: leftovers: table",
        "PostgreSQL only: leftovers: column id bigint not null generated",
        "PostgreSQL only: leftovers: column note text not null default 'x'",
        "PostgreSQL only: leftovers: primary key (id)",
    ];
    for line in expected {
        assert!(report.contains(line), "{line:?} missing from:\n{report}");
    }
    assert_eq!(report.lines().count(), 1 + expected.len(), "{report}");
}

/// On PostgreSQL too: a column made NOT NULL there, and a foreign key whose deletion rule
/// changed, are reported against the SQLite schema.
#[tokio::test]
async fn postgres_drift_is_reported() {
    let Some((postgres, url, schema)) = migrated_postgres().await else {
        return;
    };
    let mut conn = postgres.pool().acquire().await.unwrap();
    alter(
        &mut conn,
        &[
            "ALTER TABLE people ALTER COLUMN phone SET NOT NULL",
            "ALTER TABLE sessions DROP CONSTRAINT sessions_person_id_fkey",
            "ALTER TABLE sessions ADD FOREIGN KEY (person_id) REFERENCES people(id) ON DELETE SET NULL",
            "ALTER TABLE login_requests ALTER COLUMN requested_at TYPE integer",
        ],
    )
    .await;
    let postgres_side = postgres_facts(&mut conn, &schema).await;
    drop(conn);
    let (sqlite, _dir) = migrated_sqlite().await;
    let sqlite_side = sqlite_facts(&mut sqlite.pool().acquire().await.unwrap()).await;
    drop_schema(postgres, &url, &schema).await;
    let report = drift(&sqlite_side, &postgres_side).expect("drift is found");
    for line in [
        "SQLite only:     people: column phone text null",
        "PostgreSQL only: people: column phone text not null",
        "SQLite only:     sessions: foreign key (person_id) references people(id) on delete cascade",
        "PostgreSQL only: sessions: foreign key (person_id) references people(id) on delete set null",
        "PostgreSQL only: login_requests: column requested_at unmapped PostgreSQL type integer not null",
    ] {
        assert!(report.contains(line), "{line:?} missing from:\n{report}");
    }
}

async fn alter(conn: &mut AnyConnection, statements: &[&str]) {
    for statement in statements {
        sqlx::query(statement).execute(&mut *conn).await.unwrap();
    }
}

#[test]
fn types_map_one_to_one() {
    for (sqlite, postgres) in [
        ("INTEGER", "bigint"),
        ("BIGINT", "bigint"),
        ("TEXT", "text"),
        ("REAL", "double precision"),
        ("BLOB", "bytea"),
    ] {
        assert_eq!(sqlite_type(sqlite), postgres_type(postgres), "{sqlite}");
    }
    assert_ne!(sqlite_type("INTEGER"), postgres_type("integer"));
    assert_ne!(sqlite_type("BIGINT"), postgres_type("boolean"));
    assert_ne!(sqlite_type("BLOB"), postgres_type("text"));
}

#[test]
fn conditions_read_alike_on_both_sides() {
    assert_eq!(
        normalized("((status = 'confirmed'::text) AND (counted = 0))"),
        normalized("status = 'confirmed' AND counted = 0")
    );
    assert_eq!(
        normalized("(phone IS NOT NULL)"),
        normalized("phone IS NOT NULL")
    );
    assert_ne!(
        normalized("(status = 'published'::text)"),
        normalized("status = 'pending'")
    );
}
