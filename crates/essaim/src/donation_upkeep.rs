//! Hourly upkeep of gifts: the card-expiry reminders of monthly gifts (once per card, in the
//! month the card expires), and, in test-payment mode, the instalments the simulator plays in
//! the provider's place (a real provider debits them on its own).

use std::time::Duration;

use essaim_payment::PaymentProvider;
use essaim_store::{now, Store};

pub fn spawn(store: Store, payments: PaymentProvider, base_url: String) {
    tokio::spawn(async move {
        loop {
            run_once(&store, &payments, &base_url).await;
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

pub async fn run_once(store: &Store, payments: &PaymentProvider, base_url: &str) {
    let now = now();
    let month = essaim_web::french_day(now).strftime("%Y-%m").to_string();
    match store.remind_expiring_cards(&month, now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            reminders = n,
            "card-expiry reminders of monthly gifts queued"
        ),
        Err(error) => tracing::warn!(%error, "could not queue card-expiry reminders"),
    }
    match essaim_web::play_due_instalments(store, payments, base_url, now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(instalments = n, "simulator: monthly instalments played"),
        Err(error) => tracing::warn!(%error, "simulator: could not play monthly instalments"),
    }
}
