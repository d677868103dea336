//! Confirmed signatures with their signer's details, read page by page so that a million rows
//! never sit in memory at once.

use essaim_domain::ids::SignatureId;

use crate::{Store, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    #[sqlx(try_from = "i64")]
    pub signature_id: SignatureId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub postal_code: Option<String>,
    pub country: String,
    pub phone: Option<String>,
    #[sqlx(try_from = "crate::rows::Flag")]
    pub news_optin: bool,
    pub confirmed_at: Option<i64>,
}

impl Store {
    /// Up to `limit` confirmed signatures of people still registered, after the signature
    /// `after` (from the first when None).
    pub async fn export_page(
        &self,
        after: Option<SignatureId>,
        limit: i64,
    ) -> Result<Vec<ExportRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT s.id AS signature_id, p.first_name, p.last_name, p.email, p.postal_code, p.country, p.phone, p.news_optin, \
             s.confirmed_at FROM signatures s JOIN people p ON p.id = s.person_id \
             WHERE s.status = 'confirmed' AND s.id > $1 ORDER BY s.id LIMIT $2",
        )
        .bind(after.map_or(0, SignatureId::get))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}
