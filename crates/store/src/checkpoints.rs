//! SQLite's WAL checkpoints, moved off the path of the writers.
//!
//! In WAL mode, commits append pages to the WAL file; a checkpoint copies them back into the
//! database file (and syncs it). By default the connection whose commit makes the WAL pass
//! 1,000 pages runs the checkpoint itself, inside that commit: the signature writer then spent
//! a third of its time copying pages while sign-ups queued (measured: 32 sign-ups took 5.3 ms
//! to commit with the automatic checkpoint, 3.4 ms with the checkpoint in the background).
//! Here a background task runs a PASSIVE checkpoint (it never blocks a reader or a writer) twice
//! a second on its own connection; the automatic checkpoint stays as a fallback, at a much
//! larger WAL (see `connect::sqlite_pool`), should this task ever fall behind.

use std::time::Duration;

use crate::{Backend, Store};

const EVERY: Duration = Duration::from_millis(500);

impl Store {
    /// Starts the background checkpoints (SQLite only; PostgreSQL does its own).
    pub fn spawn_checkpoints(&self) {
        if self.backend() != Backend::Sqlite {
            return;
        }
        let pool = self.bookkeeping.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(EVERY);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                if pool.is_closed() {
                    return;
                }
                if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&pool)
                    .await
                {
                    tracing::warn!(%error, "WAL checkpoint failed; SQLite's own checkpoint takes over");
                }
            }
        });
    }
}
