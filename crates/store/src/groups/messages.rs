//! Animators write to all members through the platform: members' addresses are never shown to
//! each other, the outbox delivers one email to each.

use essaim_domain::ids::{GroupId, PersonId};
use essaim_domain::news::{GroupNews, News};
use sqlx::FromRow;

use crate::notice::enqueue_news;
use crate::{Store, StoreError};

#[derive(FromRow)]
struct Sender {
    group_name: String,
    first_name: String,
    last_name: String,
}

impl Store {
    /// Queues the message for every member but the sender; returns how many will receive it.
    pub async fn message_group_members(
        &self,
        group_id: GroupId,
        sender_id: PersonId,
        subject: &str,
        body: &str,
        now: i64,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let sender: Sender = sqlx::query_as(
            "SELECT g.name AS group_name, p.first_name, p.last_name FROM support_groups g, people p \
             WHERE g.id = $1 AND p.id = $2",
        )
        .bind(group_id.get())
        .bind(sender_id.get())
        .fetch_one(&mut *tx)
        .await?;
        let recipients: Vec<i64> = sqlx::query_scalar(
            "SELECT person_id FROM group_members WHERE group_id = $1 AND person_id <> $2",
        )
        .bind(group_id.get())
        .bind(sender_id.get())
        .fetch_all(&mut *tx)
        .await?;
        let news = News::Group(GroupNews::MessageFromAnimator {
            group: group_id,
            group_name: sender.group_name,
            sender_name: format!("{} {}", sender.first_name, sender.last_name),
            subject: subject.to_string(),
            body: body.to_string(),
        });
        for person_id in &recipients {
            enqueue_news(&mut tx, PersonId::new(*person_id), &news, now).await?;
        }
        tx.commit().await?;
        Ok(recipients.len())
    }
}
