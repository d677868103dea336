//! Notices: the store queues the `News` a person must be told of, in the outbox, inside the
//! transaction that made it true. It writes no words: `essaim_mail::wording` does, when the
//! email is composed.

use essaim_domain::ids::PersonId;
use essaim_domain::news::News;
use sqlx::AnyConnection;

use crate::outbox::{enqueue_with_payload, EmailKind};
use crate::{Store, StoreError};

/// Queues, in the caller's transaction, the email telling `person_id` of `news`: the words
/// are written when it is sent (`essaim_mail::wording`), not here.
pub(crate) async fn enqueue_news(
    conn: &mut AnyConnection,
    person_id: PersonId,
    news: &News,
    now: i64,
) -> Result<(), StoreError> {
    let payload = serde_json::to_string(news).unwrap_or_default();
    enqueue_with_payload(conn, person_id, EmailKind::Notice, &payload, now).await
}

impl Store {
    /// Queues the email telling one person of `news`.
    pub async fn notify_news(
        &self,
        person_id: PersonId,
        news: &News,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        enqueue_news(&mut conn, person_id, news, now).await
    }
}
