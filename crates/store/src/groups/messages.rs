//! Animators write to all members through the platform: members' addresses are never shown to
//! each other, the outbox delivers one email to each.

use crate::notice::{enqueue_notice, Notice};
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
        let notice = Notice::new(format!("[{group_name}] {subject}"))
            .paragraph(format!("{sender_name}, qui anime le groupe d'appui « {group_name} », écrit aux membres du groupe :"))
            .paragraph(body)
            .paragraph("Pour répondre, écrivez à l'équipe d'animation depuis la page du groupe. Votre adresse email n'est jamais montrée aux autres membres.")
            .link(format!("/groupes/{group_id}"), "La page du groupe");
        for person_id in &recipients {
            enqueue_notice(&mut tx, *person_id, &notice, now).await?;
        }
        tx.commit().await?;
        Ok(recipients.len())
    }
}
