//! Animators write to all members through the platform: members' addresses are never shown to
//! each other, the outbox delivers one email to each.

use crate::outbox::{enqueue_with_payload, EmailKind};
use crate::{Store, StoreError};

impl Store {
    /// Queues the message for every member but the sender; returns how many will receive it.
    pub async fn message_group_members(
        &self,
        group_id: i64,
        sender_id: i64,
        subject: &str,
        body: &str,
        now: i64,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let (group_name, sender_name): (String, String) = {
            let row: (String, String, String) = sqlx::query_as(
                "SELECT g.name, p.first_name, p.last_name FROM support_groups g, people p WHERE g.id = $1 AND p.id = $2",
            )
            .bind(group_id)
            .bind(sender_id)
            .fetch_one(&mut *tx)
            .await?;
            (row.0, format!("{} {}", row.1, row.2))
        };
        let recipients: Vec<i64> = sqlx::query_scalar(
            "SELECT person_id FROM group_members WHERE group_id = $1 AND person_id <> $2",
        )
        .bind(group_id)
        .bind(sender_id)
        .fetch_all(&mut *tx)
        .await?;
        let payload = serde_json::json!({
            "group_id": group_id,
            "group_name": group_name,
            "from": sender_name,
            "subject": subject,
            "body": body,
        })
        .to_string();
        for person_id in &recipients {
            enqueue_with_payload(&mut tx, *person_id, EmailKind::GroupMessage, &payload, now)
                .await?;
        }
        tx.commit().await?;
        Ok(recipients.len())
    }
}
