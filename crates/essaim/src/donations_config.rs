//! `[donations]` in the configuration: the legal regime, the collecting body, and the payment
//! provider. Without `[donations.systempay]` the built-in payment simulator plays the provider,
//! so that `cargo run` works offline (see docs/decisions/0012-donations.md).

use essaim_domain::donations::{ElectionWindow, Regime};
use essaim_payment::{Mode, PaymentProvider, SystempayConfig};
use essaim_web::default_notice;
use essaim_web::DonationConfig;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct DonationSettings {
    /// `party` (association de financement: 7,500 € per person per calendar year) or
    /// `campaign` (mandataire of a candidate: 4,600 € per election, inside the window).
    pub regime: String,
    /// `campaign`: first round of the election, `AAAA-MM-JJ`.
    pub election: Option<String>,
    /// `campaign`: last day a gift is taken, `AAAA-MM-JJ` (default: the election day).
    pub closes: Option<String>,
    /// Who collects: the association de financement or the mandataire, by name.
    pub collector: String,
    /// The date of its declaration (prefecture), as it should read.
    pub declared_on: String,
    /// The whole L52-9 notice, paragraphs separated by blank lines; unset: the default text.
    pub legal_notice: Option<String>,
    pub show_total_on_home: bool,
    pub systempay: Option<SystempaySettings>,
    /// Years a ledger line is kept, counted from the end of the year of the payment (the
    /// treasurer's accounts and the tax office: 7 by default); then it is erased, with its gift.
    pub retention_years: i16,
    /// Days after which a gift never paid (waiting for its email confirmation or for the
    /// provider, or refused) is erased.
    pub unpaid_days: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SystempaySettings {
    pub site_id: String,
    /// The TEST or PRODUCTION key of the shop's back-office (matching `mode`).
    pub key: String,
    /// `TEST` or `PRODUCTION`.
    pub mode: String,
    /// The REST API password, to cancel subscriptions.
    #[serde(default)]
    pub rest_password: String,
    pub form_url: Option<String>,
    pub api_url: Option<String>,
}

impl Default for DonationSettings {
    fn default() -> Self {
        Self {
            regime: "party".into(),
            election: None,
            closes: None,
            collector: "l'association de financement du mouvement".into(),
            declared_on: "(date de déclaration à indiquer)".into(),
            legal_notice: None,
            show_total_on_home: false,
            systempay: None,
            retention_years: 7,
            unpaid_days: 30,
        }
    }
}

impl DonationSettings {
    pub fn regime(&self) -> Result<Regime, String> {
        let day = |raw: &Option<String>, key: &str| -> Result<Option<Date>, String> {
            raw.as_deref()
                .map(|raw| {
                    raw.parse::<Date>()
                        .map_err(|_| format!("donations.{key}: a date AAAA-MM-JJ, not {raw:?}"))
                })
                .transpose()
        };
        match self.regime.as_str() {
            "party" => Ok(Regime::Party),
            "campaign" => {
                let election = day(&self.election, "election")?
                    .ok_or("donations.election is required with regime = \"campaign\"")?;
                let closes = day(&self.closes, "closes")?.unwrap_or(election);
                Ok(Regime::Campaign(ElectionWindow { election, closes }))
            }
            other => Err(format!(
                "donations.regime: \"party\" or \"campaign\", not {other:?}"
            )),
        }
    }

    pub fn web_config(&self) -> Result<DonationConfig, String> {
        let regime = self.regime()?;
        let legal_notice = match &self.legal_notice {
            Some(text) => text
                .split("\n\n")
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            None => default_notice(&regime, &self.collector, &self.declared_on),
        };
        Ok(DonationConfig {
            regime,
            legal_notice,
            show_total: self.show_total_on_home,
            retention_years: self.retention_years,
            unpaid_days: self.unpaid_days,
            payment_form_url: self.systempay.as_ref().map(|s| {
                s.form_url
                    .clone()
                    .unwrap_or_else(|| essaim_payment::DEFAULT_FORM_URL.into())
            }),
        })
    }

    /// Systempay when configured; otherwise the simulator on our own origin, whose key is
    /// derived from the site's secret (an IPN forged without it is refused all the same).
    pub fn provider(&self, base_url: &str, secret: &[u8]) -> Result<PaymentProvider, String> {
        match &self.systempay {
            Some(s) => {
                let mode = match s.mode.as_str() {
                    "TEST" => Mode::Test,
                    "PRODUCTION" => Mode::Production,
                    other => {
                        return Err(format!(
                            "donations.systempay.mode: TEST or PRODUCTION, not {other:?}"
                        ))
                    }
                };
                let mut config = SystempayConfig::new(&s.site_id, &s.key, mode, &s.rest_password);
                if let Some(url) = &s.form_url {
                    config.form_url = url.clone();
                }
                if let Some(url) = &s.api_url {
                    config.api_url = url.clone();
                }
                Ok(PaymentProvider::Systempay(config))
            }
            None => Ok(PaymentProvider::Simulator {
                key: simulator_key(secret),
                form_url: format!("{base_url}/dons/simulateur"),
            }),
        }
    }
}

/// The simulator's signing key: derived from the site's secret, so each installation has its
/// own and nobody can forge a notification without the secret.
pub fn simulator_key(secret: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(b"essaim payment simulator")
        .chain_update(secret)
        .finalize();
    digest.iter().take(16).map(|b| format!("{b:02X}")).collect()
}
