//! API tokens for the OSDI API: created and revoked by staff, looked up by the hash of their
//! secret (the secret itself is never stored), stamped with their last use.

use essaim_domain::ids::PersonId;

use crate::{Store, StoreError};

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenScope {
    Read,
    ReadWrite,
}

impl TokenScope {
    pub fn code(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::ReadWrite => "read-write",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "read" => Some(Self::Read),
            "read-write" => Some(Self::ReadWrite),
            _ => None,
        }
    }
}

/// A token as the back-office lists it and as the API sees its caller.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub scope: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl ApiToken {
    /// An unknown scope string (a hand-edited row) grants reading only.
    pub fn scope(&self) -> TokenScope {
        TokenScope::parse(&self.scope).unwrap_or(TokenScope::Read)
    }
}

const TOKEN_COLUMNS: &str = "id, name, scope, created_at, last_used_at, revoked_at";

impl Store {
    /// Records a token under the hash of its secret; returns its id.
    pub async fn create_api_token(
        &self,
        name: &str,
        scope: TokenScope,
        secret_hash: &str,
        created_by: PersonId,
        now: i64,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO api_tokens (name, secret_hash, scope, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(name)
        .bind(secret_hash)
        .bind(scope.code())
        .bind(created_by.get())
        .bind(now)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Every token, revoked ones included, newest first.
    pub async fn api_tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY id DESC"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// The live (not revoked) token with this secret hash, stamped as used now.
    pub async fn use_api_token(
        &self,
        secret_hash: &str,
        now: i64,
    ) -> Result<Option<ApiToken>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "UPDATE api_tokens SET last_used_at = $1 \
             WHERE secret_hash = $2 AND revoked_at IS NULL RETURNING {TOKEN_COLUMNS}"
        ))
        .bind(now)
        .bind(secret_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Revokes a token; false when there is no such live token.
    pub async fn revoke_api_token(&self, id: i64, now: i64) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }
}
