//! The storage layer's one error type; the web layer turns it into a polite 503 page.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The signature writer has stopped (the app is shutting down): nothing was written.
    #[error("the signature writer has stopped")]
    WriterGone,
    /// The signature writer could not write this submission, even alone after its batch
    /// failed; the cause is the error it met.
    #[error("the signature writer could not write the submission: {0}")]
    SignatureNotWritten(#[source] Box<StoreError>),
    /// Every referral code drawn for a new signer was already taken.
    #[error("could not allocate a referral code")]
    NoReferralCode,
}
