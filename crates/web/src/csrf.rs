//! CSRF protection by signed double submit: a cookie holds `random.signature`, every form
//! carries the same value in a hidden field, and a POST is accepted only when both match
//! and the signature is ours. A cross-site page can neither read nor forge the cookie.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderMap;
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

/// Put in a response's extensions by a handler whose answer must set no cookie at all (the
/// page of the emailed confirmation link, fetched by mail scanners: see pages/confirm.rs).
#[derive(Clone, Copy, Debug)]
pub struct NoCookie;

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
    if is_new && may_carry_the_cookie(&response) {
        if let Ok(value) = cookie(&state, token).to_string().parse() {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// A new token in its cookie, for a handler to set itself: at login, so that a token someone
/// else knew or planted in this browser before the session opened is worth nothing after.
pub fn fresh_cookie(state: &AppState) -> Cookie<'static> {
    cookie(state, issue(state.links.secret()))
}

fn cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies())
        .build()
}

/// Only HTML pages carry forms, so only they need the cookie. An answer a shared cache may keep
/// (`Cache-Control: public`: the counter, our scripts and stylesheet) must never carry it, or the
/// cache would hand one token to everyone. Nor does a handler that opted out, or that set a
/// fresh cookie itself, get a second one.
fn may_carry_the_cookie(response: &Response) -> bool {
    let headers = response.headers();
    let html = header_has(headers, CONTENT_TYPE, |v| v.starts_with("text/html"));
    let public = header_has(headers, CACHE_CONTROL, |v| v.contains("public"));
    let already_set = header_has(headers, SET_COOKIE, |v| {
        v.starts_with(&format!("{COOKIE}="))
    });
    html && !public && !already_set && response.extensions().get::<NoCookie>().is_none()
}

/// Whether one of the values of `name`, lower-cased, passes `test`.
fn header_has(
    headers: &HeaderMap,
    name: axum::http::HeaderName,
    test: impl Fn(&str) -> bool,
) -> bool {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| test(&v.to_ascii_lowercase()))
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
    use axum::response::IntoResponse;

    #[test]
    fn only_private_html_pages_carry_the_cookie() {
        let html = axum::response::Html("<p>page</p>");
        assert!(may_carry_the_cookie(&html.into_response()));
        assert!(!may_carry_the_cookie(
            &([(CACHE_CONTROL, "public, max-age=2")], html).into_response()
        ));
        assert!(!may_carry_the_cookie(
            &axum::Json(serde_json::json!({})).into_response()
        ));
        assert!(!may_carry_the_cookie(&"texte brut".into_response()));
        assert!(!may_carry_the_cookie(
            &([(SET_COOKIE, "essaim_csrf=a.b; Path=/")], html).into_response()
        ));
        assert!(may_carry_the_cookie(
            &([(SET_COOKIE, "essaim_session=a; Path=/")], html).into_response()
        ));
        let mut opted_out = html.into_response();
        opted_out.extensions_mut().insert(NoCookie);
        assert!(!may_carry_the_cookie(&opted_out));
    }

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
