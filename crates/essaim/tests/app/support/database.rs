//! A database of its own for each test, without paying for a migration each time (creating and
//! migrating a PostgreSQL schema, then dropping it, cost about as much as the test itself).
//! SQLite: a copy of a file migrated once per process. PostgreSQL: a schema from this process's
//! pool, migrated when first created and emptied back to its migrated state after each test;
//! the schemas left by a process that has ended are dropped by the next one.

use std::path::Path;
use std::sync::Mutex;

use essaim_store::Store;
use sqlx::{Connection, PgConnection};
use tokio::sync::OnceCell;

use super::Backend;

/// A test's database, given back (PostgreSQL) when dropped.
pub struct TestDatabase {
    pub url: String,
    schema: Option<String>,
}

impl TestDatabase {
    /// `None` when PostgreSQL is asked for and none is configured (and it is not required).
    pub async fn new(backend: Backend, dir: &Path) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let path = dir.join("essaim.db");
                std::fs::write(&path, sqlite_template().await).expect("a copy of the template");
                Some(Self {
                    url: format!("sqlite://{}", path.display()),
                    schema: None,
                })
            }
            Backend::Postgres => {
                let Some(schemas) = Schemas::get().await else {
                    eprintln!(
                        "NOTICE: PostgreSQL test skipped (set ESSAIM_TEST_POSTGRES_URL to run it)"
                    );
                    return None;
                };
                let schema = schemas.take().await;
                Some(Self {
                    url: schemas.url_of(&schema),
                    schema: Some(schema),
                })
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (Some(schema), Some(Some(schemas))) = (self.schema.take(), SCHEMAS.get()) else {
            return;
        };
        // Drop is synchronous, and the test's runtime is busy ending: clean the schema up from
        // a thread with its own runtime.
        let _ = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(schemas.give_back(schema))
        })
        .join();
    }
}

/// The migrated SQLite file, made once per process.
async fn sqlite_template() -> &'static [u8] {
    static TEMPLATE: OnceCell<Vec<u8>> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().expect("temporary folder");
            let path = dir.path().join("template.db");
            let store = Store::connect(&format!("sqlite://{}", path.display()))
                .await
                .expect("a SQLite database");
            store.migrate().await.expect("the migrations");
            // Everything into the main file, which is all that is copied.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(store.pool())
                .await
                .expect("a checkpoint");
            store.close().await;
            std::fs::read(&path).expect("the template")
        })
        .await
}

/// Whether a PostgreSQL skip must fail the run (CI sets it).
fn postgres_required() -> bool {
    std::env::var("ESSAIM_REQUIRE_POSTGRES").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Every schema of the pool is named `essaim_pool_{owner}_{n}`; the owner is a key this
/// process holds an advisory lock on while it lives.
const PREFIX: &str = "essaim_pool_";

static SCHEMAS: OnceCell<Option<Schemas>> = OnceCell::const_new();

/// This process's schemas on the PostgreSQL server of the tests.
struct Schemas {
    server: String,
    owner: u64,
    clean: Mutex<Vec<String>>,
    next: std::sync::atomic::AtomicU64,
    /// Empties the schema named `{schema}` back to what the migrations leave.
    reset: String,
}

impl Schemas {
    async fn get() -> Option<&'static Self> {
        SCHEMAS.get_or_init(Self::open).await.as_ref()
    }

    async fn open() -> Option<Self> {
        let Ok(server) = std::env::var("ESSAIM_TEST_POSTGRES_URL") else {
            assert!(
                !postgres_required(),
                "ESSAIM_REQUIRE_POSTGRES is set but ESSAIM_TEST_POSTGRES_URL is not: PostgreSQL tests cannot be skipped"
            );
            return None;
        };
        let mut conn = connect(&server).await;
        let owner = rand::random::<u64>();
        hold_while_this_process_lives(&server, owner).await;
        drop_schemas_of_ended_processes(&mut conn, owner).await;
        let mut schemas = Self {
            server,
            owner,
            clean: Mutex::new(Vec::new()),
            next: Default::default(),
            reset: String::new(),
        };
        schemas.reset = schemas.reset_script(&mut conn).await;
        Some(schemas)
    }

    fn new_name(&self) -> String {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("{PREFIX}{:016x}_{n}", self.owner)
    }

    /// The database URL of `schema`. The app's sessions carry the schema's name, to be told
    /// apart when the test ends; one left idle in a transaction is ended after 10 s.
    fn url_of(&self, schema: &str) -> String {
        let separator = if self.server.contains('?') { '&' } else { '?' };
        format!(
            "{}{separator}options=-c%20search_path%3D{schema}%20-c%20application_name%3D{schema}%20-c%20idle_in_transaction_session_timeout%3D10000",
            self.server
        )
    }

    /// A clean schema: one given back by an earlier test, or a new one (which the app migrates).
    async fn take(&self) -> String {
        if let Some(schema) = self.clean.lock().unwrap().pop() {
            return schema;
        }
        let schema = self.new_name();
        sqlx::raw_sql(&format!("CREATE SCHEMA \"{schema}\""))
            .execute(&mut connect(&self.server).await)
            .await
            .expect("create schema");
        schema
    }

    /// Empties `used` for the next test. The test's app may still be running (its tasks end
    /// with the test's runtime): the schema is renamed first, so that nothing it still does
    /// reaches the schema, and its sessions are ended (one in a transaction would hold locks).
    async fn give_back(&self, used: String) {
        let clean = self.new_name();
        let emptied = async {
            let mut conn = PgConnection::connect(&self.server).await?;
            sqlx::raw_sql(&format!("ALTER SCHEMA \"{used}\" RENAME TO \"{clean}\""))
                .execute(&mut conn)
                .await?;
            sqlx::query(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE application_name = $1 AND pid <> pg_backend_pid()",
            )
            .bind(&used)
            .fetch_one(&mut conn)
            .await?;
            let reset = self.reset.replace("{schema}", &clean);
            sqlx::raw_sql(&format!("BEGIN; {reset} COMMIT;"))
                .execute(&mut conn)
                .await?;
            Ok::<_, sqlx::Error>(())
        };
        match emptied.await {
            Ok(()) => self.clean.lock().unwrap().push(clean),
            Err(error) => {
                eprintln!("NOTICE: test schema {used} dropped, not emptied: {error}");
                if let Ok(mut conn) = PgConnection::connect(&self.server).await {
                    let _ = sqlx::raw_sql(&format!(
                        "DROP SCHEMA IF EXISTS \"{used}\" CASCADE; DROP SCHEMA IF EXISTS \"{clean}\" CASCADE"
                    ))
                    .execute(&mut conn)
                    .await;
                }
            }
        }
    }

    /// The reset, read from a schema freshly migrated for the purpose: every table emptied in
    /// one statement (so that foreign keys need no order), the rows the migrations insert put
    /// back, the sequences started again.
    async fn reset_script(&self, conn: &mut PgConnection) -> String {
        let reference = format!("{PREFIX}{:016x}_ref", self.owner);
        sqlx::raw_sql(&format!("CREATE SCHEMA \"{reference}\""))
            .execute(&mut *conn)
            .await
            .expect("create schema");
        let store = Store::connect(&self.url_of(&reference))
            .await
            .expect("PostgreSQL");
        store.migrate().await.expect("the migrations");
        store.close().await;

        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT tablename::text FROM pg_tables \
             WHERE schemaname = $1 AND tablename <> '_sqlx_migrations' ORDER BY tablename",
        )
        .bind(&reference)
        .fetch_all(&mut *conn)
        .await
        .expect("the tables");
        let deletes: Vec<String> = tables
            .iter()
            .enumerate()
            .map(|(i, table)| format!("d{i} AS (DELETE FROM \"{{schema}}\".\"{table}\")"))
            .collect();
        let mut script = format!("WITH {} SELECT 1;", deletes.join(", "));
        for table in &tables {
            let seeded: bool = sqlx::query_scalar(&format!(
                "SELECT EXISTS (SELECT 1 FROM \"{reference}\".\"{table}\")"
            ))
            .fetch_one(&mut *conn)
            .await
            .expect("a count");
            if seeded {
                script.push_str(&format!(
                    " INSERT INTO \"{{schema}}\".\"{table}\" SELECT * FROM \"{reference}\".\"{table}\";"
                ));
            }
        }
        let sequences: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT sequencename::text, start_value, last_value FROM pg_sequences WHERE schemaname = $1",
        )
        .bind(&reference)
        .fetch_all(&mut *conn)
        .await
        .expect("the sequences");
        for (sequence, start, last) in sequences {
            let (value, called) = last.map_or((start, false), |last| (last, true));
            script.push_str(&format!(
                " SELECT setval('\"{{schema}}\".\"{sequence}\"', {value}, {called});"
            ));
        }
        script
    }
}

async fn connect(server: &str) -> PgConnection {
    PgConnection::connect(server).await.unwrap_or_else(|e| {
        panic!("ESSAIM_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}")
    })
}

/// Holds the advisory lock `owner` on a session of its own until the process ends (a thread
/// that never returns; the server frees the lock when the process's socket closes).
async fn hold_while_this_process_lives(server: &str, owner: u64) {
    let (held, holding) = tokio::sync::oneshot::channel();
    let server = server.to_string();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(async move {
                let mut conn = connect(&server).await;
                sqlx::query("SELECT pg_advisory_lock($1) IS NULL")
                    .bind(owner as i64)
                    .execute(&mut conn)
                    .await
                    .expect("the advisory lock");
                let _ = held.send(());
                std::future::pending::<()>().await;
            })
    });
    holding.await.expect("the lock is held");
}

/// Drops the pool schemas whose owner no longer holds its lock: its process has ended.
async fn drop_schemas_of_ended_processes(conn: &mut PgConnection, us: u64) {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT nspname::text FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY nspname",
    )
    .bind(PREFIX)
    .fetch_all(&mut *conn)
    .await
    .expect("the schemas");
    let owner_of = |name: &str| {
        let rest = name.strip_prefix(PREFIX)?;
        u64::from_str_radix(rest.split('_').next()?, 16).ok()
    };
    let mut owners: Vec<u64> = names.iter().filter_map(|n| owner_of(n)).collect();
    owners.dedup();
    for owner in owners.into_iter().filter(|o| *o != us) {
        let ended: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(owner as i64)
            .fetch_one(&mut *conn)
            .await
            .expect("an advisory lock");
        if !ended {
            continue;
        }
        for name in names.iter().filter(|n| owner_of(n) == Some(owner)) {
            let _ = sqlx::raw_sql(&format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE"))
                .execute(&mut *conn)
                .await;
        }
        let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(owner as i64)
            .execute(&mut *conn)
            .await;
    }
}
