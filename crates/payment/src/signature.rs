//! The `signature` field of Lyra's hosted form and of its IPN: the same computation both ways, so
//! that what we send cannot be altered in the browser and what we receive comes from the provider
//! (or from our simulator, which holds the same kind of key).
//!
//! Source: Lyra / Systempay "Computing the signature" (docs.lyra.com/en/collect/form-payment/
//! quick-start-guide/computing-the-signature.html) and "Computing the IPN signature"
//! (docs.lyra.com/en-EN/collect/form-payment/standard-payment/computing-the-ipn-signature.html):
//! take every field whose name starts with `vads_`, sort by name, join the values with `+`, append
//! `+` and the key, then base64(HMAC-SHA-256(key, that text)).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The name of the field that carries the signature (it does not start with `vads_`, so it is never
/// part of what it signs).
pub const SIGNATURE_FIELD: &str = "signature";

/// base64(HMAC-SHA-256(key, sorted `vads_*` values joined with `+`, then `+key`)). Fields whose name
/// does not start with `vads_` (the signature itself, a submit button) are ignored.
pub fn sign<I, K, V>(fields: I, key: &str) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    STANDARD.encode(mac_of(fields, key).finalize().into_bytes())
}

/// Whether `signature` is the one of `fields` under `key`. The comparison of the MAC runs in
/// constant time (hmac's `verify_slice`); a signature that is not base64 is simply wrong.
pub fn verify<I, K, V>(fields: I, key: &str, signature: &str) -> bool
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let Ok(claimed) = STANDARD.decode(signature.trim()) else {
        return false;
    };
    mac_of(fields, key).verify_slice(&claimed).is_ok()
}

/// The MAC fed with the signed text, piece by piece (no copy of the whole text is built).
fn mac_of<I, K, V>(fields: I, key: &str) -> HmacSha256
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut signed: Vec<(K, V)> = fields
        .into_iter()
        .filter(|(name, _)| name.as_ref().starts_with("vads_"))
        .collect();
    // Stable sort: were a name repeated, the order of its values would stay the order received
    // (the IPN parser refuses repeated names before it ever gets here).
    signed.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    let mut mac =
        HmacSha256::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    for (_, value) in &signed {
        mac.update(value.as_ref().as_bytes());
        mac.update(b"+");
    }
    mac.update(key.as_bytes());
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0123456789ABCDEF";

    fn vector() -> Vec<(&'static str, &'static str)> {
        // Given in a shuffled order on purpose: the signature sorts by name itself.
        vec![
            ("vads_trans_status", "AUTHORISED"),
            ("vads_amount", "1500"),
            ("vads_site_id", "12345678"),
            ("vads_currency", "978"),
            ("vads_trans_id", "000042"),
            ("vads_order_id", "42"),
        ]
    }

    #[test]
    fn the_issue_test_vector_gives_the_expected_signature() {
        assert_eq!(
            sign(vector(), KEY),
            "aJVYLaV80Z85geFVTca+Tb+IYcVYP5AqIwKWZnRqgP0="
        );
    }

    #[test]
    fn fields_that_do_not_start_with_vads_are_not_signed() {
        let mut with_extras = vector();
        with_extras.push(("signature", "anything"));
        with_extras.push(("pay", "Payer"));
        assert_eq!(sign(with_extras, KEY), sign(vector(), KEY));
    }

    #[test]
    fn a_signature_verifies_against_its_own_fields_and_key() {
        let signature = sign(vector(), KEY);
        assert!(verify(vector(), KEY, &signature));
        assert!(!verify(vector(), "another key", &signature));
    }

    #[test]
    fn changing_any_signed_value_breaks_the_signature() {
        let signature = sign(vector(), KEY);
        for index in 0..vector().len() {
            let mut tampered: Vec<(&str, String)> = vector()
                .into_iter()
                .map(|(name, value)| (name, value.to_string()))
                .collect();
            tampered[index].1.push('0');
            assert!(
                !verify(tampered, KEY, &signature),
                "field {index} was not covered"
            );
        }
    }

    #[test]
    fn a_signature_that_is_not_base64_is_refused() {
        assert!(!verify(vector(), KEY, "not base64 at all!"));
        assert!(!verify(vector(), KEY, ""));
    }
}
