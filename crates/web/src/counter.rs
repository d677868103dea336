//! The public counts, served from memory and refreshed from the database on a timer: the
//! confirmed signatures and, beside them, the signatures gathered off the internet without an
//! email, which count apart. Both are read together, in one statement, at every tick (see
//! `essaim_store::counter` for why the figure is exact).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use essaim_store::counter::PublicCounts;
use essaim_store::Store;

#[derive(Clone)]
pub struct LiveCounter {
    confirmed: Arc<AtomicI64>,
    offline: Arc<AtomicI64>,
}

/// The not-yet-folded signatures are folded into the counter row every this many ticks: often
/// enough that the part counted at each read stays small, rarely enough to cost nothing.
const FLUSH_EVERY_TICKS: u32 = 5;

impl LiveCounter {
    pub async fn start(store: Store, interval_ms: u64) -> Self {
        let counter = Self {
            confirmed: Arc::new(AtomicI64::new(0)),
            offline: Arc::new(AtomicI64::new(0)),
        };
        counter.refresh(&store).await;
        let interval = Duration::from_millis(interval_ms.max(10));
        let background = counter.clone();
        let reader = store.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                background.refresh(&reader).await;
            }
        });
        // Apart from the reads: a flush waiting on a lock must not hold the figure back.
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(interval * FLUSH_EVERY_TICKS);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                if let Err(error) = store.flush_counter().await {
                    tracing::warn!(%error, "could not fold confirmed signatures into the counter");
                }
            }
        });
        counter
    }

    async fn refresh(&self, store: &Store) {
        match store.public_counts().await {
            Ok(PublicCounts { confirmed, offline }) => {
                self.confirmed.store(confirmed, Ordering::Relaxed);
                self.offline.store(offline, Ordering::Relaxed);
            }
            // The page keeps showing the last known figures; the next tick tries again.
            Err(error) => tracing::warn!(%error, "could not refresh the public counts"),
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
