//! Where and how we talk to Systempay: the shop id, the signing key and the mode they belong to,
//! the form's address, and the REST credentials used to cancel a subscription. Loaded by the
//! binary's configuration; nothing here reads the environment.

/// The hosted payment form of Systempay (Lyra's brand for the Banque Populaire / Caisse d'Épargne
/// banks). PayZen or Lyra shops use the same protocol at another address.
pub const DEFAULT_FORM_URL: &str = "https://paiement.systempay.fr/vads-payment/";

/// The REST API V4 root of Systempay, used for `Subscription/Cancel`.
pub const DEFAULT_API_URL: &str = "https://api.systempay.fr/api-payment/V4/";

/// Lyra's `vads_ctx_mode`: test and production shops have distinct keys, and the provider checks
/// that the mode announced matches the key used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Test,
    Production,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Test => "TEST",
            Mode::Production => "PRODUCTION",
        }
    }
}

/// A Systempay shop. `key` signs forms and IPNs (the test or production key matching `mode`);
/// `rest_password` is the REST API password (HTTP Basic `site_id:rest_password`).
#[derive(Clone, PartialEq, Eq)]
pub struct SystempayConfig {
    pub site_id: String,
    pub key: String,
    pub mode: Mode,
    pub form_url: String,
    pub rest_password: String,
    pub api_url: String,
}

impl SystempayConfig {
    /// A shop at Systempay's usual addresses.
    pub fn new(site_id: &str, key: &str, mode: Mode, rest_password: &str) -> SystempayConfig {
        SystempayConfig {
            site_id: site_id.to_string(),
            key: key.to_string(),
            mode,
            form_url: DEFAULT_FORM_URL.to_string(),
            rest_password: rest_password.to_string(),
            api_url: DEFAULT_API_URL.to_string(),
        }
    }
}

/// Never print the secrets (configuration is logged at start-up).
impl std::fmt::Debug for SystempayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystempayConfig")
            .field("site_id", &self.site_id)
            .field("key", &"…")
            .field("mode", &self.mode)
            .field("form_url", &self.form_url)
            .field("rest_password", &"…")
            .field("api_url", &self.api_url)
            .finish()
    }
}
