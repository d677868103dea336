//! Start-up: wires configuration, storage, mail and HTTP together.

pub mod config;
pub mod donation_upkeep;
pub mod donations_config;
pub mod electoral_config;
pub mod maintenance;
pub mod material_config;
pub mod retention;
pub mod retention_config;

use std::net::SocketAddr;

use essaim_mail::{Delivery, Links, OutboxHandle, OutboxWorker};
use essaim_store::Store;
use essaim_web::{AppState, WebConfig};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use config::Config;

/// A server that is listening.
pub struct Running {
    pub addr: SocketAddr,
    pub base_url: String,
    pub store: Store,
    pub secret: Vec<u8>,
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    stop_serving: oneshot::Sender<()>,
    outbox: OutboxHandle,
}

/// How long a clean stop waits for requests being answered before it stops anyway.
const REQUESTS_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

impl Running {
    /// Stops cleanly (SIGTERM, Ctrl-C, a test's restart): no new connection is accepted, the
    /// requests under way are answered, then the outbox worker delivers the emails it holds and
    /// hands back the rest, so that the next start sends every email exactly once.
    pub async fn shutdown(self) {
        let _ = self.stop_serving.send(());
        let mut server = self.server;
        if tokio::time::timeout(REQUESTS_GRACE, &mut server)
            .await
            .is_err()
        {
            server.abort();
        }
        self.outbox.shutdown().await;
        self.store.close().await;
    }

    /// Stops at once, as a crash would (tests).
    pub fn abort(&self) {
        self.server.abort();
        self.outbox.abort();
    }
}

/// Opens (and migrates) the database named by the configuration.
pub async fn open_store(config: &Config) -> Result<Store, String> {
    let store = Store::connect(&config.database_url).await.map_err(|e| {
        format!(
            "impossible d'ouvrir la base de données {} : {e}",
            redact(&config.database_url)
        )
    })?;
    store
        .migrate()
        .await
        .map_err(|e| format!("migration impossible : {e}"))?;
    Ok(store)
}

/// The app put together but not listening: its pages as a router, its database, and its mail
/// worker not started yet. `start` serves it on a port; the integration tests call the router
/// in memory and have the worker deliver into memory when they read their emails.
pub struct App {
    pub router: axum::Router,
    pub store: Store,
    pub secret: Vec<u8>,
    /// The address the emails' links point to.
    pub base_url: String,
    pub outbox: OutboxWorker,
    /// The payment provider (or simulator), for the donations' upkeep.
    pub payments: essaim_payment::PaymentProvider,
    /// For the housekeeping: how long what is kept, and the orders' time to pay.
    pub retention: retention::RetentionPolicy,
}

/// Where the links point when the configuration names no public address and no port is bound.
pub const UNBOUND_BASE_URL: &str = "http://essaim.localhost";

impl App {
    /// Opens (and migrates) the database and prepares the pages and the mail worker, without
    /// binding: the links point to the configured public address, or to `UNBOUND_BASE_URL`.
    pub async fn assemble(config: &Config) -> Result<Self, String> {
        let (store, secret) = open_with_secret(config).await?;
        let base_url = config
            .base_url
            .clone()
            .unwrap_or_else(|| UNBOUND_BASE_URL.into());
        Self::build(config, store, secret, base_url).await
    }

    async fn build(
        config: &Config,
        store: Store,
        secret: Vec<u8>,
        base_url: String,
    ) -> Result<Self, String> {
        let base_url = base_url.trim_end_matches('/').to_string();
        let links = Links::new(&base_url, secret.clone());
        let mail = config.mail.mail_config();
        let (delivery, from) = Delivery::from_config(&mail)?;
        match &delivery {
            Delivery::Smtp(target) => tracing::info!(?target, "emails go out through SMTP"),
            Delivery::Mbox(file) => {
                tracing::info!(file = %file.path().display(), "no SMTP relay: emails are appended to this mbox file")
            }
            Delivery::Memory(_) => {}
        }
        let outbox = OutboxWorker::new(store.clone(), delivery, from, links.clone(), mail.delivery);
        let web = WebConfig {
            base_url: base_url.clone(),
            trust_forwarded_for: config.trust_forwarded_for,
            limits: config.limits,
            counter_interval_ms: config.counter_interval_ms,
            controller: config.controller.clone(),
            privacy_contact: config.privacy_contact.clone(),
            map_tiles_url: config.map_tiles_url.clone(),
            geocoder_url: config.geocoder_url.clone(),
            donations: config.donations.web_config()?,
            material_address_days: config.material.address_retention_days,
            proxy_retention_days: config.electoral.proxy_retention_days,
            unconfirmed_days: config.retention.unconfirmed_days,
            sent_email_days: config.retention.sent_email_days,
            audit_days: config.retention.audit_days,
            mailings: essaim_web::config::MailingConfig {
                per_second: config.mail.mailing_per_second,
                weekly_cap: essaim_domain::mailing::WeeklyCap::new(config.mail.mailing_weekly_cap),
            },
        };
        let payments = config.donations.provider(&base_url, &secret)?;
        if payments.is_simulator() {
            tracing::warn!("no payment provider configured: gifts go to the built-in payment simulator (test mode)");
        }
        let state = AppState::start(store.clone(), links, web, payments.clone()).await;
        Ok(Self {
            router: essaim_web::router(state),
            store,
            secret,
            base_url,
            outbox,
            payments,
            retention: retention::RetentionPolicy::of(config),
        })
    }

    /// The housekeeping every instance runs beside the pages (hourly purges and reminders,
    /// SQLite checkpoints).
    pub fn spawn_upkeep(&self) {
        maintenance::spawn(self.store.clone(), self.retention.clone());
        donation_upkeep::spawn(
            self.store.clone(),
            self.payments.clone(),
            self.base_url.clone(),
        );
        self.store.spawn_checkpoints();
    }
}

/// The store, and the key that signs links and cookies (configured, or kept in the database).
async fn open_with_secret(config: &Config) -> Result<(Store, Vec<u8>), String> {
    let store = open_store(config).await?;
    let secret = match &config.secret_key {
        Some(key) if !key.is_empty() => key.as_bytes().to_vec(),
        _ => store.signing_secret().await.map_err(|e| e.to_string())?,
    };
    Ok((store, secret))
}

/// Binds, starts the background workers and serves until the returned task is aborted.
pub async fn start(config: Config) -> Result<Running, String> {
    let (store, secret) = open_with_secret(&config).await?;
    let listener = TcpListener::bind(&config.bind)
        .await
        .map_err(|e| format!("impossible d'écouter sur {} : {e}", config.bind))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let base_url = config
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let app = App::build(&config, store, secret, base_url).await?;
    app.spawn_upkeep();
    let App {
        router,
        store,
        secret,
        base_url,
        outbox,
        ..
    } = app;
    let outbox = outbox.spawn();
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let (stop_serving, stop_requested) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                let _ = stop_requested.await;
            })
            .await
    });
    tracing::info!(%addr, %base_url, "Essaim is serving");
    Ok(Running {
        addr,
        base_url,
        store,
        secret,
        server,
        stop_serving,
        outbox,
    })
}

/// Hides the password of a database URL in messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}
