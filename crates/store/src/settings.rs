//! Instance settings kept in the database, such as the generated signing secret: stored there
//! so that every app instance behind a load balancer shares it.

use base64::Engine as _;
use rand::RngCore;

use crate::{Store, StoreError};

impl Store {
    /// Returns the stored value for `key`, creating it with `generate` on first use. Two
    /// instances starting at once agree: the first insert wins and both read it back.
    pub async fn setting_or_insert(
        &self,
        key: &str,
        generate: impl FnOnce() -> String,
    ) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(generate())
        .execute(&self.pool)
        .await?;
        let value: String = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_one(&self.pool)
            .await?;
        Ok(value)
    }

    /// The HMAC secret for emailed links, generated once per database.
    pub async fn signing_secret(&self) -> Result<Vec<u8>, StoreError> {
        let encoded = self
            .setting_or_insert("signing_secret", || {
                let mut bytes = [0u8; 32];
                rand::thread_rng().fill_bytes(&mut bytes);
                base64::engine::general_purpose::STANDARD.encode(bytes)
            })
            .await?;
        Ok(base64::engine::general_purpose::STANDARD
            .decode(encoded.as_bytes())
            .unwrap_or_else(|_| encoded.into_bytes()))
    }
}
