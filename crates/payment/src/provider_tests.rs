use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::*;
use crate::config::DEFAULT_API_URL;
use crate::ipn::{signed_ipn, Decision};
use crate::request::PaymentKind;
use crate::test_support::{request, KEY};

fn simulator() -> PaymentProvider {
    PaymentProvider::Simulator {
        key: KEY.into(),
        form_url: "/dons/simulateur".into(),
    }
}

fn systempay(api_url: &str) -> PaymentProvider {
    let mut config = SystempayConfig::new("12345678", KEY, Mode::Production, "prodpassword_secret");
    config.api_url = api_url.into();
    PaymentProvider::Systempay(config)
}

fn value<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn the_simulator_posts_to_our_own_page_and_reads_its_own_ipns() {
    let provider = simulator();
    assert!(provider.is_simulator());
    assert_eq!(provider.form_action(), "/dons/simulateur");
    let form = provider.payment_form(&request(PaymentKind::OneOff));
    assert_eq!(value(&form, "vads_site_id"), Some(SIMULATOR_SITE_ID));
    assert_eq!(value(&form, "vads_ctx_mode"), Some("TEST"));
    let notification = provider
        .verify(&signed_ipn(&form, Decision::Accept, KEY))
        .unwrap();
    assert_eq!(notification.order_id.as_deref(), Some("D-42"));
}

#[test]
fn systempay_posts_to_its_hosted_form_with_the_shops_id_and_mode() {
    let provider = systempay(DEFAULT_API_URL);
    assert!(!provider.is_simulator());
    assert_eq!(
        provider.form_action(),
        "https://paiement.systempay.fr/vads-payment/"
    );
    let form = provider.payment_form(&request(PaymentKind::OneOff));
    assert_eq!(value(&form, "vads_site_id"), Some("12345678"));
    assert_eq!(value(&form, "vads_ctx_mode"), Some("PRODUCTION"));
    let forged = signed_ipn(&form, Decision::Accept, "not the shop's key");
    assert_eq!(
        provider.verify(&forged),
        Err(NotificationError::BadSignature)
    );
}

#[test]
fn no_key_or_password_shows_in_debug_output() {
    let printed = format!("{:?} {:?}", systempay(DEFAULT_API_URL), simulator());
    assert!(
        !printed.contains(KEY) && !printed.contains("prodpassword_secret"),
        "{printed}"
    );
}

#[test]
fn a_cancel_answer_is_read_from_its_status_and_response_code() {
    let ok = json!({"status": "SUCCESS", "answer": {"responseCode": 0}});
    assert!(read_cancel_answer(&ok).is_ok());
    let not_found = json!({"status": "SUCCESS", "answer": {"responseCode": 32, "responseCodeDetail": "Subscription not found"}});
    assert!(
        matches!(read_cancel_answer(&not_found), Err(ProviderError::Refused { code, .. }) if code == "32")
    );
    let error = json!({"status": "ERROR", "answer": {"errorCode": "PSP_032", "errorMessage": "no such subscription"}});
    assert!(
        matches!(read_cancel_answer(&error), Err(ProviderError::Refused { code, .. }) if code == "PSP_032")
    );
    assert!(matches!(
        read_cancel_answer(&json!({})),
        Err(ProviderError::Unexpected(_))
    ));
}

#[tokio::test]
async fn the_simulator_cancels_without_calling_anyone() {
    assert!(simulator()
        .cancel_subscription("sub-1", "token-1")
        .await
        .is_ok());
}

/// A one-request HTTP server standing for Systempay's REST API: it answers `answer` and hands back
/// the request it received.
async fn fake_api(answer: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api-payment/V4/", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut received = Vec::new();
        let mut buffer = [0u8; 4096];
        // Read until the JSON body is complete (it ends with the object's closing brace).
        while !received.ends_with(b"}") {
            let read = socket.read(&mut buffer).await.unwrap();
            if read == 0 {
                break;
            }
            received.extend_from_slice(&buffer[..read]);
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
            answer.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
        String::from_utf8(received).unwrap()
    });
    (url, server)
}

#[tokio::test]
async fn systempay_cancels_a_subscription_through_its_rest_api() {
    let (url, server) = fake_api(r#"{"status":"SUCCESS","answer":{"responseCode":0}}"#).await;
    systempay(&url)
        .cancel_subscription("sub-1", "token-1")
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(
        request.starts_with("POST /api-payment/V4/Subscription/Cancel HTTP/1.1"),
        "{request}"
    );
    // base64("12345678:prodpassword_secret")
    assert!(
        request.contains("authorization: Basic MTIzNDU2Nzg6cHJvZHBhc3N3b3JkX3NlY3JldA=="),
        "{request}"
    );
    let body: serde_json::Value =
        serde_json::from_str(request.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"paymentMethodToken": "token-1", "subscriptionId": "sub-1"})
    );
}

#[tokio::test]
async fn a_subscription_the_provider_does_not_know_is_reported() {
    let (url, _server) =
        fake_api(r#"{"status":"ERROR","answer":{"errorCode":"PSP_032","errorMessage":"unknown"}}"#)
            .await;
    let refused = systempay(&url)
        .cancel_subscription("sub-1", "token-1")
        .await;
    assert!(matches!(refused, Err(ProviderError::Refused { code, .. }) if code == "PSP_032"));
}
