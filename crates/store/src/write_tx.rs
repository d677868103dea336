//! Write transactions. On SQLite only one connection writes at a time; when several tasks of
//! this process want to write, SQLite's own waiting (a busy handler that sleeps and retries)
//! is not fair: under a burst of sign-ups, the signature writer takes the lock again and again
//! while the mail worker's claims or the counter's flush sleep and retry for seconds. A fair
//! (first come, first served) gate in front of `BEGIN IMMEDIATE` gives every writer of this
//! process its turn. SQLite serves one app instance, so the gate covers all its writers;
//! PostgreSQL has row locks and needs none.
//!
//! Bookkeeping transactions (the outbox's claims and marks, the counter's folding) are not
//! waited on by anyone and their loss in a power cut costs only a repeat (an email sent again,
//! a fold done again): they commit without waiting for the disk (SQLite: a connection with
//! `synchronous = NORMAL`; PostgreSQL: `synchronous_commit = off` for the transaction). A
//! signature's commit still waits for the disk, and its fsync covers the bookkeeping written
//! before it.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use sqlx::{Any, AnyConnection, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::{Backend, Store, StoreError};

/// A write transaction, holding the gate (SQLite) until it ends.
pub(crate) struct WriteTx {
    tx: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// The gate itself, one per store (cloned with it).
#[derive(Clone, Default)]
pub(crate) struct WriteGate(Arc<Mutex<()>>);

impl Store {
    /// Starts a transaction that will write. On SQLite it waits for its turn at the gate, then
    /// takes the write lock up front (`BEGIN IMMEDIATE`): a deferred transaction that reads
    /// first and writes later fails at once with SQLITE_BUSY when another connection wrote in
    /// between, instead of waiting.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx, StoreError> {
        Ok(match self.backend() {
            Backend::Sqlite => {
                let turn = self.write_gate.0.clone().lock_owned().await;
                WriteTx {
                    tx: self.pool.begin_with("BEGIN IMMEDIATE").await?,
                    _turn: Some(turn),
                }
            }
            Backend::Postgres => WriteTx {
                tx: self.pool.begin().await?,
                _turn: None,
            },
        })
    }

    /// A write transaction for bookkeeping, which commits without waiting for the disk.
    pub(crate) async fn begin_bookkeeping(&self) -> Result<WriteTx, StoreError> {
        Ok(match self.backend() {
            Backend::Sqlite => {
                let turn = self.write_gate.0.clone().lock_owned().await;
                WriteTx {
                    tx: self.bookkeeping.begin_with("BEGIN IMMEDIATE").await?,
                    _turn: Some(turn),
                }
            }
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SET LOCAL synchronous_commit = off")
                    .execute(&mut *tx)
                    .await?;
                WriteTx { tx, _turn: None }
            }
        })
    }
}
