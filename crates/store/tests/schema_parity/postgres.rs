//! What a migrated PostgreSQL schema holds, read from `information_schema` and `pg_catalog`.

use essaim_store::Store;
use sqlx::{AnyConnection, Connection};

use crate::facts::{column_fact, foreign_key_fact, index_fact, postgres_type, Facts};

/// (a notice is printed), unless ESSAIM_REQUIRE_POSTGRES demands it.
pub async fn migrated_postgres() -> Option<(Store, String, String)> {
    let Ok(url) = std::env::var("ESSAIM_TEST_POSTGRES_URL") else {
        let required =
            std::env::var("ESSAIM_REQUIRE_POSTGRES").is_ok_and(|v| !v.is_empty() && v != "0");
        assert!(
            !required,
            "ESSAIM_REQUIRE_POSTGRES is set but ESSAIM_TEST_POSTGRES_URL is not: the schema parity test cannot be skipped"
        );
        eprintln!("NOTICE: schema parity test skipped (set ESSAIM_TEST_POSTGRES_URL to run it)");
        return None;
    };
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&url)
        .await
        .unwrap_or_else(|e| {
            panic!("ESSAIM_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}")
        });
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let schema = format!("essaim_parity_{}_{nanos}", std::process::id());
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let separator = if url.contains('?') { '&' } else { '?' };
    let store = Store::connect(&format!(
        "{url}{separator}options=-c%20search_path%3D{schema}"
    ))
    .await
    .unwrap();
    store.migrate().await.unwrap();
    Some((store, url, schema))
}

pub async fn drop_schema(store: Store, url: &str, schema: &str) {
    store.close().await;
    let mut admin = sqlx::AnyConnection::connect(url).await.unwrap();
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&mut admin)
        .await
        .unwrap();
}

#[derive(sqlx::FromRow)]
struct PostgresColumn {
    table_name: String,
    column_name: String,
    data_type: String,
    is_nullable: String,
    is_identity: String,
    column_default: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PostgresIndex {
    name: String,
    table_name: String,
    is_unique: bool,
    is_primary: bool,
    /// Backs a PRIMARY KEY or UNIQUE constraint (rather than a CREATE INDEX).
    from_constraint: bool,
    condition: Option<String>,
    columns: String,
}

#[derive(sqlx::FromRow)]
struct PostgresForeignKey {
    table_name: String,
    from_column: String,
    target: String,
    to_column: String,
    on_delete: String,
}

pub async fn postgres_facts(conn: &mut AnyConnection, schema: &str) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'",
    )
    .bind(schema)
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for table in &tables {
        facts.insert(format!("{table}: table"));
    }

    let columns: Vec<PostgresColumn> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, \
         is_identity::text, column_default::text FROM information_schema.columns \
         WHERE table_schema = $1 AND table_name <> '_sqlx_migrations'",
    )
    .bind(schema)
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for column in columns {
        let generated = column.is_identity == "YES"
            || column
                .column_default
                .as_deref()
                .is_some_and(|d| d.starts_with("nextval("));
        facts.insert(column_fact(
            &column.table_name,
            &column.column_name,
            &postgres_type(&column.data_type),
            column.is_nullable == "NO",
            column.column_default.as_deref().filter(|_| !generated),
            generated,
        ));
    }

    let indexes: Vec<PostgresIndex> = sqlx::query_as(
        "SELECT i.relname::text AS name, t.relname::text AS table_name, ix.indisunique AS is_unique, \
         ix.indisprimary AS is_primary, \
         EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u')) \
             AS from_constraint, \
         pg_get_expr(ix.indpred, ix.indrelid) AS condition, \
         (SELECT string_agg(a.attname::text, ', ' ORDER BY k.position) \
          FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, position) \
          JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS columns \
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = $1 AND t.relname <> '_sqlx_migrations'",
    )
    .bind(schema)
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for index in indexes {
        let table = &index.table_name;
        let columns = &index.columns;
        if index.is_primary {
            facts.insert(format!("{table}: primary key ({columns})"));
        } else if index.from_constraint {
            facts.insert(format!("{table}: unique ({columns})"));
        } else {
            facts.insert(index_fact(
                table,
                &index.name,
                columns,
                index.is_unique,
                index.condition.as_deref(),
            ));
        }
    }

    let keys: Vec<PostgresForeignKey> = sqlx::query_as(
        "SELECT t.relname::text AS table_name, a.attname::text AS from_column, \
         rt.relname::text AS target, ra.attname::text AS to_column, c.confdeltype::text AS on_delete \
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_class rt ON rt.oid = c.confrelid \
         CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(from_attnum, to_attnum) \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.from_attnum \
         JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.to_attnum \
         WHERE c.contype = 'f' AND n.nspname = $1",
    )
    .bind(schema)
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for key in keys {
        facts.insert(foreign_key_fact(
            &key.table_name,
            &key.from_column,
            &key.target,
            &key.to_column,
            on_delete_of_postgres(&key.on_delete),
        ));
    }
    facts
}

fn on_delete_of_postgres(code: &str) -> &'static str {
    match code {
        "c" => "cascade",
        "n" => "set null",
        "d" => "set default",
        "r" => "restrict",
        _ => "no action",
    }
}
