//! What to say to whom: an outbox row becomes an email, composed from the person's data as it
//! is now (a name corrected since the sign-up is spelt right), or nothing when there is no
//! longer anything to say (the signature was confirmed meanwhile).

use essaim_store::mailings::MailingLetter;
use essaim_store::outbox::{EmailKind, MonthlyToConfirm, PendingEmail};
use essaim_store::{now, Store, StoreError};

use crate::compose::{self, Email};
use crate::Links;

pub(super) async fn letter_for(
    store: &Store,
    links: &Links,
    pending: &PendingEmail,
) -> Result<Option<Email>, StoreError> {
    let now = now();
    let to = pending.email.as_str();
    let name = pending.first_name.as_str();
    let pending_signature = pending.signature_status.as_deref() == Some("pending");
    Ok(match (pending.kind, pending.signature_id) {
        (EmailKind::ConfirmSignature, Some(id)) if pending_signature => Some(
            compose::confirm_signature(to, name, &links.confirm_signature(id, now), false),
        ),
        (EmailKind::AlreadySigned, Some(id)) if pending_signature => Some(
            compose::confirm_signature(to, name, &links.confirm_signature(id, now), true),
        ),
        (EmailKind::AlreadySigned, Some(_)) => Some(compose::already_confirmed(
            to,
            name,
            &links.share(&pending.referral_code),
            &links.my_space(),
        )),
        (EmailKind::Login, _) => {
            let (link, nonce) = links.login(pending.person_id, now);
            store
                .record_login_token(
                    &nonce,
                    pending.person_id,
                    now + crate::links::LOGIN_LINK_VALIDITY_SECS,
                )
                .await?;
            Some(compose::login(to, name, &link))
        }
        (EmailKind::Notice, _) => {
            let notice = pending
                .payload
                .as_deref()
                .and_then(notice_from_payload)
                .unwrap_or_default();
            if notice.subject.is_empty() {
                None
            } else {
                let link = notice
                    .link
                    .as_ref()
                    .map(|(path, _)| format!("{}{path}", links.base_url()));
                Some(compose::notice(to, name, &notice, link.as_deref()))
            }
        }
        (EmailKind::ConfirmMonthlyGift, _) => pending
            .payload
            .as_deref()
            .and_then(|raw| serde_json::from_str::<MonthlyToConfirm>(raw).ok())
            .map(|gift| {
                let link = links.confirm_monthly_gift(gift.gift_id, now);
                let notice = crate::wording::confirm_monthly_gift(gift.amount_cents);
                compose::notice(to, name, &notice, Some(&link))
            }),
        (EmailKind::Mailing, _) => match pending.mailing_id {
            // Cancelled meanwhile, or the person left the news since it was queued: nothing.
            Some(id) if pending.news_optin => store.mailing_letter(id).await?.map(|letter| {
                let unsubscribe = links.unsubscribe(pending.person_id, id, now);
                compose::mailing(to, name, &letter, &unsubscribe)
            }),
            _ => None,
        },
        (EmailKind::MailingTest, _) => pending
            .payload
            .as_deref()
            .and_then(|raw| serde_json::from_str::<MailingLetter>(raw).ok())
            .map(|mut letter| {
                letter.subject = format!("[Essai] {}", letter.subject);
                // Mailing 0 does not exist: the link works, and counts for no mailing.
                let unsubscribe = links.unsubscribe(pending.person_id, 0, now);
                compose::mailing(to, name, &letter, &unsubscribe)
            }),
        _ => None,
    })
}

/// A notice's payload is the `News` it tells of, worded now; a payload queued by an earlier
/// version holds the words themselves (a `Notice`), still read so that no queued email is lost.
fn notice_from_payload(raw: &str) -> Option<crate::wording::Notice> {
    match serde_json::from_str::<essaim_domain::news::News>(raw) {
        Ok(news) => Some(crate::wording::notice_for(&news)),
        Err(_) => serde_json::from_str(raw).ok(),
    }
}
