//! The outbox worker: claims due emails, composes them from the person's current data, sends
//! them, and records the outcome. Runs in every app instance; claims keep them apart.

use std::time::Duration;

use essaim_store::outbox::{EmailKind, PendingEmail};
use essaim_store::{now, Store};
use lettre::message::Mailbox;

use crate::compose::{self, Email};
use crate::{Links, Transport};

const BATCH: i64 = 200;
const IDLE_POLL: Duration = Duration::from_millis(300);

pub struct OutboxWorker {
    store: Store,
    transport: Transport,
    from: Mailbox,
    links: Links,
}

impl OutboxWorker {
    pub fn new(store: Store, transport: Transport, from: Mailbox, links: Links) -> Self {
        Self {
            store,
            transport,
            from,
            links,
        }
    }

    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                let sent = match self.run_once().await {
                    Ok(sent) => sent,
                    Err(error) => {
                        tracing::error!(%error, "outbox worker could not read the outbox");
                        0
                    }
                };
                if sent == 0 {
                    tokio::time::sleep(IDLE_POLL).await;
                }
            }
        })
    }

    /// Sends one batch; returns how many emails it handled.
    pub async fn run_once(&self) -> Result<usize, essaim_store::StoreError> {
        let due = self.store.claim_due_emails(now(), BATCH).await?;
        let handled = due.len();
        let mut sent = Vec::with_capacity(handled);
        for pending in due {
            let outcome = match self.compose(&pending).await {
                Ok(Some(email)) => self.transport.send(&self.from, &email).await,
                // Nothing to say any more (e.g. the signature was confirmed meanwhile).
                Ok(None) => Ok(()),
                Err(error) => Err(error.to_string()),
            };
            match outcome {
                Ok(()) => sent.push(pending.id),
                Err(error) => {
                    tracing::warn!(id = pending.id, attempts = pending.attempts, %error, "email delivery failed");
                    self.store
                        .mark_email_failed(pending.id, pending.attempts, &error, now())
                        .await?
                }
            }
        }
        self.store.mark_emails_sent(&sent, now()).await?;
        Ok(handled)
    }

    async fn compose(
        &self,
        pending: &PendingEmail,
    ) -> Result<Option<Email>, essaim_store::StoreError> {
        let now = now();
        let to = pending.email.as_str();
        let name = pending.first_name.as_str();
        let pending_signature = pending.signature_status.as_deref() == Some("pending");
        Ok(match (pending.kind, pending.signature_id) {
            (EmailKind::ConfirmSignature, Some(id)) if pending_signature => Some(
                compose::confirm_signature(to, name, &self.links.confirm_signature(id, now), false),
            ),
            (EmailKind::AlreadySigned, Some(id)) if pending_signature => Some(
                compose::confirm_signature(to, name, &self.links.confirm_signature(id, now), true),
            ),
            (EmailKind::AlreadySigned, Some(_)) => Some(compose::already_confirmed(
                to,
                name,
                &self.links.share(&pending.referral_code),
                &self.links.my_space(),
            )),
            (EmailKind::Login, _) => {
                let (link, nonce) = self.links.login(pending.person_id, now);
                self.store
                    .record_login_token(
                        &nonce,
                        pending.person_id,
                        now + crate::links::LOGIN_LINK_VALIDITY_SECS,
                    )
                    .await?;
                Some(compose::login(to, name, &link))
            }
            (EmailKind::Notice, _) => {
                let notice: essaim_store::notice::Notice = pending
                    .payload
                    .as_deref()
                    .and_then(|raw| serde_json::from_str(raw).ok())
                    .unwrap_or_default();
                if notice.subject.is_empty() {
                    None
                } else {
                    let link = notice
                        .link
                        .as_ref()
                        .map(|(path, _)| format!("{}{path}", self.links.base_url()));
                    Some(compose::notice(to, name, &notice, link.as_deref()))
                }
            }
            _ => None,
        })
    }
}
