//! What the HTTP layer needs to know, filled in by the binary's configuration loader.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Public address of the site, without trailing slash (`https://essaim.fr`).
    pub base_url: String,
    /// Behind a load balancer, the client address is the last `X-Forwarded-For` entry.
    pub trust_forwarded_for: bool,
    pub limits: LimitConfig,
    /// How often the public counter is brought up to date, in milliseconds.
    pub counter_interval_ms: u64,
    /// Who holds the data (GDPR controller), as named in the privacy notices.
    pub controller: String,
    /// Where people write to exercise their rights, if not only through "Mon espace".
    pub privacy_contact: Option<String>,
    /// Map tiles, `{z}/{x}/{y}` template; empty: no map, the list alone.
    pub map_tiles_url: String,
    /// The national address service (`https://api-adresse.data.gouv.fr`) for meeting places;
    /// None: the offline gazetteer alone, no request leaves the server.
    pub geocoder_url: Option<String>,
    pub donations: DonationConfig,
    /// Days a material order's shipping address is kept after delivery (privacy notice).
    pub material_address_days: i64,
    /// Days procuration requests and offers are kept after their ballot (consent, privacy notice).
    pub proxy_retention_days: i64,
    /// Days a signature never confirmed is kept (privacy notice).
    pub unconfirmed_days: i64,
    /// Days a delivered (or given-up) email stays in the outbox (privacy notice).
    pub sent_email_days: i64,
    /// Days an audit log entry is kept (privacy notice).
    pub audit_days: i64,
    pub mailings: MailingConfig,
}

/// The back-office's mailings: their pace (also the mail worker's) and the weekly cap.
#[derive(Debug, Clone, Copy)]
pub struct MailingConfig {
    /// Emails a second; 0: as fast as the worker goes.
    pub per_second: u32,
    pub weekly_cap: essaim_domain::mailing::WeeklyCap,
}

/// Gifts: the legal frame, the notice shown on every donation page, the home page's total.
#[derive(Debug, Clone)]
pub struct DonationConfig {
    pub regime: essaim_domain::donations::Regime,
    /// Paragraphs of the L52-9 notice (configured, or the default of `legal_notice.rs`).
    pub legal_notice: Vec<String>,
    /// Show the total raised on the home page.
    pub show_total: bool,
    /// Years the ledger is kept after the end of the year of each payment (privacy notice).
    pub retention_years: i16,
    /// Days a gift never paid is kept (privacy notice).
    pub unpaid_days: i64,
    /// Where the payment page's form posts when it is another site (Systempay's hosted form):
    /// the Content-Security-Policy's `form-action` must allow it. None: the simulator, ours.
    pub payment_form_url: Option<String>,
}

impl WebConfig {
    /// Whether the public address is https (behind a TLS-terminating proxy, most often).
    pub fn https(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// Cookies get `Secure` when the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.https()
    }
}

/// Per client address. Submissions beyond these are answered normally and marked fraudulent.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(default)]
pub struct LimitConfig {
    pub sign_per_minute: u32,
    pub sign_per_hour: u32,
    pub login_per_minute: u32,
    pub login_per_hour: u32,
    /// Calls per minute per OSDI API token (not per address: a CRM syncs from one server).
    pub api_per_minute: u32,
}

impl Default for LimitConfig {
    fn default() -> Self {
        // A family or an office behind one address may sign a handful of times in a minute;
        // a stand at a market with one phone, a few dozen times in an hour.
        Self {
            sign_per_minute: 10,
            sign_per_hour: 100,
            login_per_minute: 5,
            login_per_hour: 30,
            // A CRM paging through 100 people a call syncs 12,000 people a minute.
            api_per_minute: 120,
        }
    }
}
