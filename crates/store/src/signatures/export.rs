//! Confirmed signatures with their signer's details, read page by page so that a million rows
//! never sit in memory at once.

use essaim_domain::ids::SignatureId;
use sqlx::Row;

use crate::{Store, StoreError};

#[derive(Debug, Clone)]
pub struct ExportRow {
    pub signature_id: SignatureId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub postal_code: Option<String>,
    pub country: String,
    pub phone: Option<String>,
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
        let rows = sqlx::query(
            "SELECT s.id, p.first_name, p.last_name, p.email, p.postal_code, p.country, p.phone, p.news_optin, \
             s.confirmed_at FROM signatures s JOIN people p ON p.id = s.person_id \
             WHERE s.status = 'confirmed' AND s.id > $1 ORDER BY s.id LIMIT $2",
        )
        .bind(after.map_or(0, SignatureId::get))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ExportRow {
                    signature_id: SignatureId::new(row.try_get(0)?),
                    first_name: row.try_get(1)?,
                    last_name: row.try_get(2)?,
                    email: row.try_get(3)?,
                    postal_code: row.try_get(4)?,
                    country: row.try_get(5)?,
                    phone: row.try_get(6)?,
                    news_optin: row.try_get::<i64, _>(7)? != 0,
                    confirmed_at: row.try_get(8)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}
