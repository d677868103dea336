//! Typed configuration: defaults, then an optional `essaim.toml`, then `ESSAIM_*` environment
//! variables (nested keys with `__`, e.g. `ESSAIM_MAIL__SMTP_URL`). `DATABASE_URL` is honoured
//! too, as most hosting platforms set it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use essaim_domain::delivery::RetryPolicy;
use essaim_mail::{DeliveryTuning, MailConfig};

use essaim_web::LimitConfig;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Address and port to listen on.
    pub bind: String,
    /// Public address of the site, used in emailed links; defaults to `http://<bind>`.
    pub base_url: Option<String>,
    /// `sqlite://path.db` (default) or `postgres://user@host/db`.
    pub database_url: String,
    /// Set when behind a load balancer that appends the client address to `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
    /// How often the public counter is refreshed, in milliseconds.
    pub counter_interval_ms: u64,
    /// Secret for signed links and tokens; generated and stored in the database when unset.
    pub secret_key: Option<String>,
    /// The legal entity that holds the data (GDPR controller), named in the privacy notices.
    pub controller: String,
    /// An address for data-protection requests, shown in the privacy notice.
    pub privacy_contact: Option<String>,
    pub map_tiles_url: String,
    pub geocoder_url: Option<String>,
    pub mail: MailSettings,
    pub limits: LimitConfig,
    pub donations: crate::donations_config::DonationSettings,
    pub material: crate::material_config::MaterialSettings,
    pub electoral: crate::electoral_config::ElectoralSettings,
    pub retention: crate::retention_config::RetentionSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MailSettings {
    pub from: String,
    /// `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtps://…`; unset appends to
    /// the mbox file `file_dir/essaim.mbox`.
    pub smtp_url: Option<String>,
    pub file_dir: PathBuf,
    /// SMTP connections used at once.
    pub connections: usize,
    /// Emails claimed from the outbox at once.
    pub batch: usize,
    /// Seconds allowed to connect to the relay, and to send one email.
    pub timeout_secs: u64,
    /// Wait after a first failed delivery, in seconds; it doubles after each further failure…
    pub retry_base_secs: i64,
    /// …up to this many seconds between attempts…
    pub retry_max_secs: i64,
    /// …and after this many attempts the email is a dead letter, shown to staff.
    pub max_attempts: i64,
    /// Emails per second to any one recipient domain (0: no limit)…
    pub domain_per_second: u32,
    /// …except the domains named here (`[mail.domain_limits]` `"gmail.com" = 50`).
    pub domain_limits: BTreeMap<String, u32>,
    /// Seconds an instance keeps the emails it claimed; after a crash, another sends them then.
    pub claim_lease_secs: i64,
    /// Emails per second of the back-office's mailings, all together (0: no limit).
    pub mailing_per_second: u32,
    /// Mailings one person receives at most in any seven days (notification overload).
    pub mailing_weekly_cap: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            base_url: None,
            database_url: "sqlite://data/essaim.db".into(),
            trust_forwarded_for: false,
            counter_interval_ms: 1000,
            secret_key: None,
            controller: "le mouvement qui exploite ce site".into(),
            privacy_contact: None,
            map_tiles_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            geocoder_url: None,
            mail: MailSettings::default(),
            limits: LimitConfig::default(),
            donations: Default::default(),
            material: Default::default(),
            electoral: Default::default(),
            retention: Default::default(),
        }
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        let tuning = DeliveryTuning::default();
        Self {
            from: "Essaim <ne-pas-repondre@essaim.localhost>".into(),
            smtp_url: None,
            file_dir: "data/mail".into(),
            connections: tuning.connections,
            batch: tuning.batch,
            timeout_secs: tuning.timeout.as_secs(),
            retry_base_secs: tuning.retry.base_secs,
            retry_max_secs: tuning.retry.max_secs,
            max_attempts: tuning.retry.max_attempts,
            domain_per_second: tuning.domain_per_second,
            domain_limits: tuning.domain_limits,
            claim_lease_secs: tuning.claim_lease_secs,
            mailing_per_second: tuning.mailing_per_second,
            mailing_weekly_cap: 2,
        }
    }
}

impl MailSettings {
    /// The mail adapter's view of these settings.
    pub fn mail_config(&self) -> MailConfig {
        MailConfig {
            from: self.from.clone(),
            smtp_url: self.smtp_url.clone(),
            file_dir: self.file_dir.clone(),
            delivery: DeliveryTuning {
                connections: self.connections.max(1),
                batch: self.batch.max(1),
                timeout: Duration::from_secs(self.timeout_secs.max(1)),
                retry: RetryPolicy {
                    base_secs: self.retry_base_secs,
                    max_secs: self.retry_max_secs,
                    max_attempts: self.max_attempts,
                },
                domain_per_second: self.domain_per_second,
                domain_limits: self.domain_limits.clone(),
                mailing_per_second: self.mailing_per_second,
                // 0 would hand every claim back at once.
                claim_lease_secs: self.claim_lease_secs.max(1),
                ..DeliveryTuning::default()
            },
        }
    }
}

impl Config {
    /// Reads `file` (if it exists), then the environment.
    pub fn load(file: &Path) -> Result<Self, Box<figment::Error>> {
        let mut figment =
            Figment::from(Serialized::defaults(Config::default())).merge(Toml::file(file));
        if let Ok(url) = std::env::var("DATABASE_URL") {
            figment = figment.merge(("database_url", url));
        }
        figment
            .merge(Env::prefixed("ESSAIM_").split("__"))
            .extract()
            .map_err(Box::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_serve_sqlite_locally() {
        let config = Config::default();
        assert!(config.database_url.starts_with("sqlite://"));
        assert_eq!(config.bind, "127.0.0.1:8080");
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API returns its own error type
    fn environment_overrides_file_and_nests_with_double_underscore() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "essaim.toml",
                "bind = \"0.0.0.0:9000\"\n[mail]\nfrom = \"A <a@b.fr>\"\n",
            )?;
            jail.set_env("ESSAIM_MAIL__SMTP_URL", "smtp://relais.exemple.fr:587");
            jail.set_env("ESSAIM_LIMITS__SIGN_PER_MINUTE", "3");
            let config = Config::load(Path::new("essaim.toml")).map_err(|e| *e)?;
            assert_eq!(config.bind, "0.0.0.0:9000");
            assert_eq!(config.mail.from, "A <a@b.fr>");
            assert_eq!(
                config.mail.smtp_url.as_deref(),
                Some("smtp://relais.exemple.fr:587")
            );
            assert_eq!(config.limits.sign_per_minute, 3);
            Ok(())
        });
    }
}
