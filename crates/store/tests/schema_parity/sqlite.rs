//! What a migrated SQLite database holds, read from its catalogue (`sqlite_master` and the
//! `pragma_*` table functions).

use essaim_store::Store;
use sqlx::AnyConnection;

use crate::facts::{column_fact, foreign_key_fact, index_fact, sqlite_type, Facts};

/// A fresh SQLite database, migrated; its folder lives as long as the returned guard.
pub async fn migrated_sqlite() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!(
        "sqlite://{}",
        dir.path().join("parity.db").display()
    ))
    .await
    .unwrap();
    store.migrate().await.unwrap();
    (store, dir)
}

/// A fresh PostgreSQL schema, migrated, with its name; None when PostgreSQL is not configured

#[derive(sqlx::FromRow)]
struct SqliteColumn {
    name: String,
    declared: String,
    not_null: i64,
    /// Position in the primary key, 0 when not part of it.
    pk: i64,
    default_value: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SqliteIndex {
    name: String,
    is_unique: i64,
    /// `c` (CREATE INDEX), `u` (UNIQUE constraint) or `pk`.
    origin: String,
    sql: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SqliteForeignKey {
    from_column: String,
    target: String,
    to_column: String,
    on_delete: String,
}

pub async fn sqlite_facts(conn: &mut AnyConnection) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for table in tables {
        facts.insert(format!("{table}: table"));
        let columns: Vec<SqliteColumn> = sqlx::query_as(
            "SELECT name, type AS declared, \"notnull\" AS not_null, pk, dflt_value AS default_value \
             FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(&table)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        let mut key: Vec<&SqliteColumn> = columns.iter().filter(|c| c.pk > 0).collect();
        key.sort_by_key(|c| c.pk);
        // A lone INTEGER PRIMARY KEY is the rowid: the database numbers new rows, as an
        // identity column does on PostgreSQL.
        let rowid = match key.as_slice() {
            [only] if only.declared.eq_ignore_ascii_case("INTEGER") => Some(only.name.as_str()),
            _ => None,
        };
        for column in &columns {
            // A key column is NOT NULL on PostgreSQL; SQLite lets a non-integer key hold NULL
            // (a quirk kept for compatibility) but no code inserts one.
            let not_null = column.not_null != 0 || column.pk > 0;
            facts.insert(column_fact(
                &table,
                &column.name,
                &sqlite_type(&column.declared),
                not_null,
                column.default_value.as_deref(),
                rowid == Some(column.name.as_str()),
            ));
        }
        if !key.is_empty() {
            let names: Vec<&str> = key.iter().map(|c| c.name.as_str()).collect();
            facts.insert(format!("{table}: primary key ({})", names.join(", ")));
        }

        let indexes: Vec<SqliteIndex> = sqlx::query_as(
            "SELECT l.name, l.\"unique\" AS is_unique, l.origin, m.sql \
             FROM pragma_index_list($1) l LEFT JOIN sqlite_master m ON m.name = l.name",
        )
        .bind(&table)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        for index in indexes {
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&index.name)
                    .fetch_all(&mut *conn)
                    .await
                    .unwrap();
            let columns = columns.join(", ");
            match index.origin.as_str() {
                "pk" => {}
                "u" => {
                    facts.insert(format!("{table}: unique ({columns})"));
                }
                _ => {
                    let condition = index
                        .sql
                        .as_deref()
                        .and_then(|sql| sql.split_once(" WHERE "))
                        .map(|(_, condition)| condition);
                    facts.insert(index_fact(
                        &table,
                        &index.name,
                        &columns,
                        index.is_unique != 0,
                        condition,
                    ));
                }
            }
        }

        let keys: Vec<SqliteForeignKey> = sqlx::query_as(
            "SELECT \"from\" AS from_column, \"table\" AS target, \"to\" AS to_column, on_delete \
             FROM pragma_foreign_key_list($1)",
        )
        .bind(&table)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        for key in keys {
            facts.insert(foreign_key_fact(
                &table,
                &key.from_column,
                &key.target,
                &key.to_column,
                &key.on_delete.to_ascii_lowercase(),
            ));
        }
    }
    facts
}
