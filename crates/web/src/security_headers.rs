//! Headers every response carries, whatever produced it (a page, an error, a file, a redirect):
//! a Content-Security-Policy that runs only our own scripts and styles and loads images only from
//! us and the map tile server, no framing, no MIME sniffing, a referrer cut to our origin, the
//! browser features we use (geolocation, on our pages only), and HSTS when served over https.

use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{origin, WebConfig};

const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), display-capture=(), \
     geolocation=(self), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()";

/// Sets the headers on every response of `router`, its fallback included. Handlers cannot
/// weaken them: the layers override whatever they set.
pub fn add_to<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    config: &WebConfig,
) -> Router<S> {
    let policy = HeaderValue::from_str(&content_security_policy(
        &config.map_tiles_url,
        config.donations.payment_form_url.as_deref(),
    ))
    .expect("tile_source and form_target let through only characters valid in a header");
    let set =
        |name, value| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    router.layer(
        ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                CONTENT_SECURITY_POLICY,
                policy,
            ))
            .layer(set(X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .layer(set(X_FRAME_OPTIONS, "DENY"))
            .layer(set(REFERRER_POLICY, "strict-origin-when-cross-origin"))
            .layer(set(
                HeaderName::from_static("permissions-policy"),
                PERMISSIONS_POLICY,
            ))
            .layer(SetResponseHeaderLayer::overriding(
                STRICT_TRANSPORT_SECURITY,
                hsts(config),
            )),
    )
}

/// Over plain http (a developer's machine) HSTS would be ignored at best, and at worst pin a
/// name to https that nothing serves. `None`: the header is not set.
fn hsts(config: &WebConfig) -> Option<HeaderValue> {
    config
        .https()
        .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"))
}

/// No 'unsafe-inline' anywhere: templates carry no inline script, no `style` attribute and no
/// `<style>` element, and the map script sets styles through the CSSOM, which the policy allows.
/// `payment_form` is the payment provider's hosted form, where the payment page posts.
pub fn content_security_policy(map_tiles_url: &str, payment_form: Option<&str>) -> String {
    let images = match tile_source(map_tiles_url) {
        Some(tiles) => format!("img-src 'self' {tiles}"),
        None => "img-src 'self'".into(),
    };
    let forms = match payment_form.and_then(form_target) {
        Some(provider) => format!("form-action 'self' {provider}"),
        None => "form-action 'self'".into(),
    };
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        &images,
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        &forms,
        "frame-ancestors 'none'",
    ]
    .join("; ")
}

/// The payment provider's origin as a CSP source (https only: card payments never go in clear).
fn form_target(form_url: &str) -> Option<String> {
    let origin = origin::of(form_url)?;
    let host = origin.strip_prefix("https://")?;
    host.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-.:".contains(c))
        .then_some(origin)
}

/// The tile server as a CSP source. A `{s}` subdomain placeholder (`https://{s}.tile.…`)
/// becomes a wildcard; tiles served by our own origin (a relative URL) need none.
fn tile_source(map_tiles_url: &str) -> Option<String> {
    let origin = origin::of(map_tiles_url)?;
    let (scheme, host) = origin.split_once("://")?;
    let host = match host.split_once('.') {
        Some((first, rest)) if first.starts_with('{') && first.ends_with('}') => {
            format!("*.{rest}")
        }
        _ => host.to_string(),
    };
    let valid = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-.:*[]".contains(c));
    valid.then(|| format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payment_provider_s_form_may_be_posted_to_over_https_only() {
        let policy =
            content_security_policy("", Some("https://paiement.systempay.fr/vads-payment/"));
        assert!(
            policy.contains("form-action 'self' https://paiement.systempay.fr;"),
            "{policy}"
        );
        let policy = content_security_policy("", Some("http://paiement.exemple.fr/"));
        assert!(policy.contains("form-action 'self';"), "{policy}");
        let policy = content_security_policy("", Some("https://a.fr;script-src *"));
        assert!(policy.contains("form-action 'self';"), "{policy}");
    }

    #[test]
    fn the_policy_allows_only_our_origin_and_the_tile_server() {
        assert_eq!(
            content_security_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png", None),
            "default-src 'self'; script-src 'self'; style-src 'self'; \
             img-src 'self' https://tile.openstreetmap.org; connect-src 'self'; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        );
    }

    #[test]
    fn without_a_tile_server_images_come_from_us_alone() {
        for tiles in ["", "/tuiles/{z}/{x}/{y}.png", "pas une adresse"] {
            let policy = content_security_policy(tiles, None);
            assert!(policy.contains("; img-src 'self'; "), "{tiles:?}: {policy}");
        }
    }

    #[test]
    fn a_tile_server_keeps_its_port_and_its_subdomain_placeholder_becomes_a_wildcard() {
        assert_eq!(
            tile_source("http://127.0.0.1:8081/{z}/{x}/{y}.png").as_deref(),
            Some("http://127.0.0.1:8081")
        );
        assert_eq!(
            tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tile.example.org")
        );
        assert_eq!(tile_source("https://tuiles.exemple.fr;script-src/x"), None);
    }

    fn config(base_url: &str) -> WebConfig {
        WebConfig {
            base_url: base_url.into(),
            trust_forwarded_for: false,
            limits: Default::default(),
            counter_interval_ms: 1000,
            controller: String::new(),
            privacy_contact: None,
            map_tiles_url: String::new(),
            geocoder_url: None,
            donations: crate::DonationConfig {
                regime: essaim_domain::donations::Regime::Party,
                legal_notice: Vec::new(),
                show_total: false,
                payment_form_url: None,
                retention_years: 7,
                unpaid_days: 30,
            },
            material_address_days: 90,
            proxy_retention_days: 30,
            unconfirmed_days: 30,
            sent_email_days: 30,
            audit_days: 365,
            mailings: crate::config::MailingConfig {
                per_second: 50,
                weekly_cap: essaim_domain::mailing::WeeklyCap::new(2),
            },
        }
    }

    #[test]
    fn hsts_is_sent_only_when_the_site_is_served_over_https() {
        assert_eq!(
            hsts(&config("https://essaim.fr")).unwrap(),
            "max-age=31536000; includeSubDomains"
        );
        assert_eq!(hsts(&config("http://127.0.0.1:8080")), None);
    }

    #[test]
    fn every_policy_is_a_valid_header_value() {
        for tiles in [
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "",
            "/t/{z}.png",
        ] {
            assert!(HeaderValue::from_str(&content_security_policy(tiles, None)).is_ok());
        }
        assert!(HeaderValue::from_str(PERMISSIONS_POLICY).is_ok());
    }

    #[test]
    fn no_directive_allows_inline_code() {
        let policy =
            content_security_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png", None);
        assert!(!policy.contains("unsafe"));
        assert!(!policy.contains('*'));
    }
}
