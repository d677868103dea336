//! The confirmed-signature count, served from memory and refreshed from the database on a
//! timer (see `essaim_store::counter` for how the total is kept exact), and beside it the
//! signatures gathered off the internet without an email, which count apart.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use essaim_store::Store;

#[derive(Clone)]
pub struct LiveCounter {
    confirmed: Arc<AtomicI64>,
    offline: Arc<AtomicI64>,
}

/// The offline figure changes when volunteers type in paper forms: every tenth tick is enough.
const OFFLINE_EVERY_TICKS: u64 = 10;

impl LiveCounter {
    pub async fn start(store: Store, interval_ms: u64) -> Self {
        let counter = Self {
            confirmed: Arc::new(AtomicI64::new(0)),
            offline: Arc::new(AtomicI64::new(0)),
        };
        counter.refresh(&store).await;
        counter.refresh_offline(&store).await;
        let background = counter.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_millis(interval_ms.max(10)));
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            for tick in 1u64.. {
                ticker.tick().await;
                background.refresh(&store).await;
                if tick % OFFLINE_EVERY_TICKS == 0 {
                    background.refresh_offline(&store).await;
                }
            }
        });
        counter
    }

    async fn refresh(&self, store: &Store) {
        match store.flush_counter().await {
            Ok(total) => self.confirmed.store(total, Ordering::Relaxed),
            // The page keeps showing the last known figure; the next tick tries again.
            Err(error) => tracing::warn!(%error, "could not refresh the signature counter"),
        }
    }

    async fn refresh_offline(&self, store: &Store) {
        match store.offline_signature_count().await {
            Ok(total) => self.offline.store(total, Ordering::Relaxed),
            Err(error) => tracing::warn!(%error, "could not refresh the offline signatures count"),
        }
    }

    pub fn get(&self) -> i64 {
        self.confirmed.load(Ordering::Relaxed)
    }

    /// Signatures gathered on paper or by phone from people who gave no email.
    pub fn offline(&self) -> i64 {
        self.offline.load(Ordering::Relaxed)
    }
}
