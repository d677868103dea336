//! Who is calling: the `OSDI-API-Token` header, checked against the hashes of live tokens,
//! charged to the token's rate limit, and written to the audit log (issue 13: every use of a
//! token is an action on people's data).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use essaim_store::api_tokens::{ApiToken, TokenScope};
use essaim_store::audit::AuditEntry;
use essaim_store::now;
use sha2::{Digest, Sha256};

use super::errors::OsdiError;
use crate::client_ip::ClientIp;
use crate::AppState;

pub const HEADER: &str = "OSDI-API-Token";

/// A caller with a live token.
pub struct ApiCaller(pub ApiToken);

/// A caller whose token may write (the POST helpers).
pub struct ApiWriter;

/// What is stored of a secret. A plain SHA-256 suffices (no salt, no slow hash): the secrets
/// are 256 random bits, not passwords a dictionary could guess.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = OsdiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let secret = parts
            .headers
            .get(HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|secret| !secret.is_empty())
            .ok_or(OsdiError::Unauthorized)?;
        let now = now();
        let token = state
            .store
            .use_api_token(&hash_secret(secret), now)
            .await?
            .ok_or(OsdiError::Unauthorized)?;
        if !state.limits.allow_api(token.id) {
            return Err(OsdiError::TooManyRequests);
        }
        let Ok(ClientIp(ip)) = ClientIp::from_request_parts(parts, state).await;
        let ip = ip.to_string();
        let actor = format!("jeton API « {} »", token.name);
        let action = format!("{} {}", parts.method, parts.uri.path());
        let subject = parts.uri.path_and_query().map_or_else(
            || parts.uri.path().to_string(),
            |pq| pq.as_str().to_string(),
        );
        let entry = AuditEntry {
            actor_id: None,
            actor: &actor,
            action: &action,
            subject: &subject,
            ip: Some(&ip),
        };
        state.store.audit(&entry, now).await?;
        Ok(Self(token))
    }
}

impl FromRequestParts<AppState> for ApiWriter {
    type Rejection = OsdiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ApiCaller(token) = ApiCaller::from_request_parts(parts, state).await?;
        match token.scope() {
            TokenScope::ReadWrite => Ok(Self),
            TokenScope::Read => Err(OsdiError::ReadOnlyToken),
        }
    }
}
