//! Opening the database (creating the SQLite file on first start) and migrating it.

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Arc, Once};

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::AnyPool;
use sqlx::Executor;
use tokio::sync::Notify;

use crate::write_tx::WriteGate;
use crate::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A cheap-to-clone handle on the pool.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    /// For writes whose loss in a power cut costs nothing but a repeat (see `write_tx`).
    pub(crate) bookkeeping: AnyPool,
    backend: Backend,
    /// Wakes this instance's mail worker when emails are queued (see `outbox`).
    pub(crate) outbox_signal: Arc<Notify>,
    /// Takes this process's SQLite writers in turn (see `write_tx`).
    pub(crate) write_gate: WriteGate,
}

const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "signatures",
        include_str!("../migrations/sqlite/0001_signatures.sql"),
    ),
    (
        2,
        "groups",
        include_str!("../migrations/sqlite/0002_groups.sql"),
    ),
    (
        3,
        "agir",
        include_str!("../migrations/sqlite/0003_agir.sql"),
    ),
    (
        4,
        "delivery",
        include_str!("../migrations/sqlite/0004_delivery.sql"),
    ),
    (
        5,
        "donations",
        include_str!("../migrations/sqlite/0005_donations.sql"),
    ),
    (
        6,
        "material",
        include_str!("../migrations/sqlite/0006_material.sql"),
    ),
    (
        7,
        "programme",
        include_str!("../migrations/sqlite/0007_programme.sql"),
    ),
    (
        8,
        "electoral",
        include_str!("../migrations/sqlite/0008_electoral.sql"),
    ),
    (
        9,
        "electoral_reminders",
        include_str!("../migrations/sqlite/0009_electoral_reminders.sql"),
    ),
    (
        10,
        "registration_drives",
        include_str!("../migrations/sqlite/0010_registration_drives.sql"),
    ),
    (
        11,
        "procurations",
        include_str!("../migrations/sqlite/0011_procurations.sql"),
    ),
    (
        12,
        "one_open_proxy",
        include_str!("../migrations/sqlite/0012_one_open_proxy.sql"),
    ),
    (
        13,
        "audit_log",
        include_str!("../migrations/sqlite/0013_audit_log.sql"),
    ),
    (
        14,
        "api_tokens",
        include_str!("../migrations/sqlite/0014_api_tokens.sql"),
    ),
    (
        15,
        "staff_roles_split",
        include_str!("../migrations/sqlite/0015_staff_roles_split.sql"),
    ),
    (
        16,
        "mailings",
        include_str!("../migrations/sqlite/0016_mailings.sql"),
    ),
];
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "signatures",
        include_str!("../migrations/postgres/0001_signatures.sql"),
    ),
    (
        2,
        "groups",
        include_str!("../migrations/postgres/0002_groups.sql"),
    ),
    (
        3,
        "agir",
        include_str!("../migrations/postgres/0003_agir.sql"),
    ),
    (
        4,
        "delivery",
        include_str!("../migrations/postgres/0004_delivery.sql"),
    ),
    (
        5,
        "donations",
        include_str!("../migrations/postgres/0005_donations.sql"),
    ),
    (
        6,
        "material",
        include_str!("../migrations/postgres/0006_material.sql"),
    ),
    (
        7,
        "programme",
        include_str!("../migrations/postgres/0007_programme.sql"),
    ),
    (
        8,
        "electoral",
        include_str!("../migrations/postgres/0008_electoral.sql"),
    ),
    (
        9,
        "electoral_reminders",
        include_str!("../migrations/postgres/0009_electoral_reminders.sql"),
    ),
    (
        10,
        "registration_drives",
        include_str!("../migrations/postgres/0010_registration_drives.sql"),
    ),
    (
        11,
        "procurations",
        include_str!("../migrations/postgres/0011_procurations.sql"),
    ),
    (
        12,
        "one_open_proxy",
        include_str!("../migrations/postgres/0012_one_open_proxy.sql"),
    ),
    (
        13,
        "audit_log",
        include_str!("../migrations/postgres/0013_audit_log.sql"),
    ),
    (
        14,
        "api_tokens",
        include_str!("../migrations/postgres/0014_api_tokens.sql"),
    ),
    (
        15,
        "staff_roles_split",
        include_str!("../migrations/postgres/0015_staff_roles_split.sql"),
    ),
    (
        16,
        "mailings",
        include_str!("../migrations/postgres/0016_mailings.sql"),
    ),
];

impl Store {
    /// `url` is `sqlite://path/to/file.db` or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(sqlx::any::install_default_drivers);

        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let (pool, bookkeeping) = match backend {
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .connect(url)
                    .await?;
                // The same pool: bookkeeping transactions turn off synchronous_commit themselves.
                (pool.clone(), pool)
            }
            Backend::Sqlite => {
                create_parent_dir(url);
                let url = if url.contains('?') {
                    url.to_string()
                } else {
                    format!("{url}?mode=rwc")
                };
                let pool = sqlite_pool(&url, 8, "FULL").await?;
                let bookkeeping = sqlite_pool(&url, 2, "NORMAL").await?;
                (pool, bookkeeping)
            }
        };
        Ok(Self {
            pool,
            bookkeeping,
            backend,
            outbox_signal: Arc::new(Notify::new()),
            write_gate: WriteGate::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        let files = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        let migrations = files
            .iter()
            .map(|(version, name, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(name),
                    MigrationType::Simple,
                    Cow::Borrowed(sql),
                    false,
                )
            })
            .collect();
        let migrator = Migrator {
            migrations: Cow::Owned(migrations),
            ..Migrator::DEFAULT
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.bookkeeping.close().await;
    }
}

/// `synchronous`: FULL makes every acknowledged commit survive a crash or a power cut; NORMAL
/// (in WAL mode) survives a crash of the process, not a power cut, and saves the fsync.
async fn sqlite_pool(
    url: &str,
    connections: u32,
    synchronous: &'static str,
) -> Result<AnyPool, sqlx::Error> {
    AnyPoolOptions::new()
        .max_connections(connections)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                // WAL lets readers work while the writer commits; secure_delete overwrites
                // erased personal data instead of leaving it in free pages.
                // The WAL is checkpointed in the background (see `checkpoints`): the automatic
                // checkpoint only runs past 50,000 pages (200 MB), as a fallback, and the WAL
                // file is cut back to 64 MB once it has been copied.
                conn.execute(
                    format!(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; \
                         PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
                         PRAGMA secure_delete = ON; PRAGMA wal_autocheckpoint = 50000; \
                         PRAGMA journal_size_limit = 67108864;"
                    )
                    .as_str(),
                )
                .await?;
                Ok(())
            })
        })
        .connect(url)
        .await
}

fn create_parent_dir(url: &str) {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        // Failing here is reported by the connection attempt that follows, with a clearer message.
        let _ = std::fs::create_dir_all(parent);
    }
}

impl Store {
    /// The underlying pool, for tests and maintenance tools that need raw SQL.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }
}
