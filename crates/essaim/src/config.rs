//! Typed configuration: defaults, then an optional `essaim.toml`, then `ESSAIM_*` environment
//! variables (nested keys with `__`, e.g. `ESSAIM_MAIL__SMTP_URL`). `DATABASE_URL` is honoured
//! too, as most hosting platforms set it.

use std::path::{Path, PathBuf};

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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MailSettings {
    pub from: String,
    /// `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtps://…:465`; unset writes `.eml` files.
    pub smtp_url: Option<String>,
    pub file_dir: PathBuf,
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
        }
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            from: "Essaim <ne-pas-repondre@essaim.localhost>".into(),
            smtp_url: None,
            file_dir: "data/mail".into(),
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
