//! Start-up: wires configuration, storage, mail and HTTP together.

pub mod config;
pub mod maintenance;

use std::net::SocketAddr;

use essaim_mail::{Links, MailConfig, OutboxWorker, Transport};
use essaim_store::Store;
use essaim_web::{AppState, WebConfig};
use tokio::net::TcpListener;

pub use config::Config;

/// A server that is listening.
pub struct Running {
    pub addr: SocketAddr,
    pub base_url: String,
    pub store: Store,
    pub secret: Vec<u8>,
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
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

/// Binds, starts the background workers and serves until the returned task is aborted.
pub async fn start(config: Config) -> Result<Running, String> {
    let store = open_store(&config).await?;
    let secret = match &config.secret_key {
        Some(key) if !key.is_empty() => key.as_bytes().to_vec(),
        _ => store.signing_secret().await.map_err(|e| e.to_string())?,
    };
    let listener = TcpListener::bind(&config.bind)
        .await
        .map_err(|e| format!("impossible d'écouter sur {} : {e}", config.bind))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let base_url = config
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
        .trim_end_matches('/')
        .to_string();
    let links = Links::new(&base_url, secret.clone());

    let mail = MailConfig {
        from: config.mail.from.clone(),
        smtp_url: config.mail.smtp_url.clone(),
        file_dir: config.mail.file_dir.clone(),
    };
    let (transport, from) = Transport::from_config(&mail)?;
    OutboxWorker::new(store.clone(), transport, from, links.clone()).spawn();
    maintenance::spawn(store.clone());

    let web = WebConfig {
        base_url: base_url.clone(),
        trust_forwarded_for: config.trust_forwarded_for,
        limits: config.limits,
        counter_interval_ms: config.counter_interval_ms,
        controller: config.controller.clone(),
        privacy_contact: config.privacy_contact.clone(),
        map_tiles_url: config.map_tiles_url.clone(),
        geocoder_url: config.geocoder_url.clone(),
    };
    let state = AppState::start(store.clone(), links, web).await;
    let app = essaim_web::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    tracing::info!(%addr, %base_url, "Essaim is serving");
    Ok(Running {
        addr,
        base_url,
        store,
        secret,
        server,
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
