//! The storage layer's one error type; the web layer turns it into a polite 503 page.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("the signature writer has stopped")]
    WriterGone,
    #[error("{0}")]
    NotFound(String),
}
