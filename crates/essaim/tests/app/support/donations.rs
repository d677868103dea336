//! Gifts in tests: the form's fields, the signed fields of the payment page, and the provider's
//! notifications signed with the simulator's key (as the simulator, or Systempay, sends them).

use essaim_payment::ipn::signed_ipn;
use essaim_payment::Decision;

use super::{answer_of, unescape, TestApp, Visitor};

/// The gift form filled in for a French donor living in Paris.
pub fn donation_fields<'a>(
    email: &'a str,
    amount: &'a str,
    frequency: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let (choice, other) = if ["5", "10", "20", "50", "100"].contains(&amount) {
        (amount, "")
    } else {
        ("autre", amount)
    };
    vec![
        ("amount", choice),
        ("other_amount", other),
        ("frequency", frequency),
        ("civility", "madame"),
        ("first_name", "Louise"),
        ("last_name", "Michel"),
        ("email", email),
        ("phone", ""),
        ("address_line1", "12 rue de la Commune"),
        ("address_line2", ""),
        ("postal_code", "75011"),
        ("commune", "Paris"),
        ("country", "FR"),
        ("nationality", "francaise"),
        ("sworn", "1"),
    ]
}

/// The hidden fields of a page's forms, unescaped (the signed `vads_*` fields of the payment
/// page, the same carried by the simulator's page).
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest.split_once("value=\"")?.1.split('"').next()?;
            Some((name.to_string(), unescape(value)))
        })
        .filter(|(name, _)| name.starts_with("vads_") || name == "signature")
        .collect()
}

impl TestApp {
    /// The key the simulator signs with.
    pub fn simulator_key(&self) -> String {
        essaim::donations_config::simulator_key(&self.secret)
    }

    /// Fills in the gift form as `who`; returns the status and the page (the payment page when
    /// the gift is accepted).
    pub async fn give(&self, who: &Visitor, fields: &[(&str, &str)]) -> (u16, String) {
        self.submit(who, "/dons", "/dons", fields).await
    }

    /// The notification the provider sends when the person accepts (or refuses) on its page.
    pub fn provider_answer(&self, payment_page: &str, decision: Decision) -> Vec<(String, String)> {
        signed_ipn(
            &hidden_fields(payment_page),
            decision,
            &self.simulator_key(),
        )
    }

    /// Posts a notification to our route, as the provider does (no cookie, no token).
    pub async fn notify(&self, ipn: &[(String, String)]) -> (u16, String) {
        self.notify_at("/dons/notification", ipn).await
    }

    /// The same, to another notification route (`/materiel/notification`).
    pub async fn notify_at(&self, route: &str, ipn: &[(String, String)]) -> (u16, String) {
        let response = self
            .browser()
            .post(self.url(route))
            .form(ipn)
            .send()
            .await
            .unwrap();
        let (status, _, body) = answer_of(response).await;
        (status, body)
    }

    /// Ledger lines (payments and refunds) recorded.
    pub async fn ledger_lines(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM payments")
            .fetch_one(self.store.pool())
            .await
            .unwrap()
    }

    /// A one-off gift of `amount` euros by `email`, paid: the form, then the provider's answer.
    pub async fn paid_gift(&self, email: &str, amount: &str) {
        let who = self.browser();
        let (status, page) = self
            .give(&who, &donation_fields(email, amount, "ponctuel"))
            .await;
        assert_eq!(status, 200, "the gift form is accepted: {page}");
        let (status, body) = self
            .notify(&self.provider_answer(&page, Decision::Accept))
            .await;
        assert_eq!(status, 200, "{body}");
    }
}
