//! Everything a handler may use, shared by all requests.

use std::sync::Arc;

use essaim_mail::Links;
use essaim_payment::PaymentProvider;
use essaim_store::signatures::SignatureWriter;
use essaim_store::Store;

use crate::counter::LiveCounter;
use crate::geocoder::Geocoder;
use crate::rate_limit::RateLimits;
use crate::WebConfig;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub writer: SignatureWriter,
    pub links: Links,
    pub counter: LiveCounter,
    pub(crate) limits: Arc<RateLimits>,
    pub config: Arc<WebConfig>,
    pub(crate) geocoder: Geocoder,
    /// Systempay, or the built-in simulator (test-payment mode).
    pub payments: Arc<PaymentProvider>,
    /// The total raised, in cents, refreshed every 30 ticks of the counter (30 s by default) when
    /// the home page shows it (a sum over the ledger is not for every visit of the busiest page).
    pub raised: Arc<std::sync::atomic::AtomicI64>,
}

impl AppState {
    /// Starts the background parts the pages rely on (signature writer, counter, limiter upkeep).
    pub async fn start(
        store: Store,
        links: Links,
        config: WebConfig,
        payments: PaymentProvider,
    ) -> Self {
        let writer = SignatureWriter::spawn(store.clone());
        let counter = LiveCounter::start(store.clone(), config.counter_interval_ms).await;
        let limits = Arc::new(RateLimits::new(&config.limits));
        RateLimits::spawn_upkeep(limits.clone());
        // The gazetteer is parsed on first use (tens of milliseconds): do it now, beside the
        // start-up, rather than in the first visitor's search.
        tokio::task::spawn_blocking(|| essaim_geo::communes().len());
        let raised = Arc::new(std::sync::atomic::AtomicI64::new(0));
        if config.donations.show_total {
            let (store, raised) = (store.clone(), raised.clone());
            let every = std::time::Duration::from_millis(config.counter_interval_ms.max(1) * 30);
            tokio::spawn(async move {
                loop {
                    if let Ok(total) = store.total_raised().await {
                        raised.store(total.get(), std::sync::atomic::Ordering::Relaxed);
                    }
                    tokio::time::sleep(every).await;
                }
            });
        }
        Self {
            raised,
            geocoder: Geocoder::new(config.geocoder_url.as_deref()),
            store,
            writer,
            links,
            counter,
            limits,
            config: Arc::new(config),
            payments: Arc::new(payments),
        }
    }
}
