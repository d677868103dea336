//! A notice: an email telling a person of news (an event approved, a place freed on a waiting
//! list, a reminder…). The store queues the news as facts in the outbox's payload; the mail
//! crate words it (`essaim_mail::wording`) into a `Notice`, laid out by one template. Rows
//! queued by earlier versions carry the `Notice` itself.

use essaim_domain::ids::PersonId;
use essaim_domain::news::News;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

use crate::outbox::{enqueue_with_payload, EmailKind};
use crate::{Store, StoreError};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub subject: String,
    /// Plain-text paragraphs (escaped in the HTML version).
    pub paragraphs: Vec<String>,
    /// A path on this site (`/evenements/12`) and the words of its button.
    pub link: Option<(String, String)>,
}

impl Notice {
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            ..Self::default()
        }
    }

    pub fn paragraph(mut self, text: impl Into<String>) -> Self {
        self.paragraphs.push(text.into());
        self
    }

    pub fn link(mut self, path: impl Into<String>, label: impl Into<String>) -> Self {
        self.link = Some((path.into(), label.into()));
        self
    }
}

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
