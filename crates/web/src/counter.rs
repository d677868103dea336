//! The confirmed-signature count, served from memory and refreshed from the database on a
//! timer (see `essaim_store::counter` for how the total is kept exact).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use essaim_store::Store;

#[derive(Clone)]
pub struct LiveCounter(Arc<AtomicI64>);

impl LiveCounter {
    pub async fn start(store: Store, interval_ms: u64) -> Self {
        let counter = Self(Arc::new(AtomicI64::new(0)));
        counter.refresh(&store).await;
        let background = counter.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_millis(interval_ms.max(10)));
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                background.refresh(&store).await;
            }
        });
        counter
    }

    async fn refresh(&self, store: &Store) {
        match store.flush_counter().await {
            Ok(total) => self.0.store(total, Ordering::Relaxed),
            // The page keeps showing the last known figure; the next tick tries again.
            Err(error) => tracing::warn!(%error, "could not refresh the signature counter"),
        }
    }

    pub fn get(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }
}
