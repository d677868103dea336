//! CSRF protection by signed double submit: a cookie holds `random.signature`, every form
//! carries the same value in a hidden field, and a POST is accepted only when both match
//! and the signature is ours. A cross-site page can neither read nor forge the cookie.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::AppState;

pub const COOKIE: &str = "essaim_csrf";

/// The token to put in this page's forms.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

impl CsrfToken {
    /// Whether a submitted form field carries this request's token.
    pub fn matches(&self, submitted: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), submitted.trim().as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // The middleware below always inserts one; an empty token matches no form.
        Ok(parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .unwrap_or(CsrfToken(String::new())))
    }
}

/// Middleware: makes sure the visitor has a valid token cookie, and hands the token to handlers.
pub async fn ensure_token(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    let secret = state.links.secret();
    let existing = jar
        .get(COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| is_ours(secret, v));
    let is_new = existing.is_none();
    let token = existing.unwrap_or_else(|| issue(secret));
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if is_new {
        let cookie = Cookie::build((COOKIE, token))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(state.config.secure_cookies())
            .build();
        if let Ok(value) = cookie.to_string().parse() {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

fn issue(secret: &[u8]) -> String {
    let mut random = [0u8; 18];
    rand::thread_rng().fill_bytes(&mut random);
    let random = URL_SAFE_NO_PAD.encode(random);
    format!("{random}.{}", sign(secret, &random))
}

fn is_ours(secret: &[u8], value: &str) -> bool {
    value
        .split_once('.')
        .is_some_and(|(random, signature)| CsrfToken(sign(secret, random)).matches(signature))
}

fn sign(secret: &[u8], random: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(b"csrf:");
    mac.update(random.as_bytes());
    URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..18])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_are_ours_and_forged_ones_are_not() {
        let token = issue(b"secret");
        assert!(is_ours(b"secret", &token));
        assert!(!is_ours(b"other", &token));
        assert!(!is_ours(b"secret", "abc.def"));
        assert!(CsrfToken(token.clone()).matches(&token));
        assert!(!CsrfToken(token).matches("x"));
    }
}
