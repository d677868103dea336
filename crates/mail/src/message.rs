//! A composed email as it travels: the MIME message (plain text and HTML alternatives,
//! quoted-printable so that the raw message stays readable, accents included) and its envelope.

use essaim_domain::ids::EmailId;
use lettre::address::Envelope;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::Message;

use crate::compose::Email;

/// The bytes to hand to a relay or write to a mailbox file.
pub struct Wire {
    pub envelope: Envelope,
    pub bytes: Vec<u8>,
}

/// `message_id` is the same for every attempt of one outbox email, so that a receiving server
/// (or the person's mail client) can tell a repeat from a new email.
pub fn to_wire(from: &Mailbox, email: &Email, message_id: String) -> Result<Wire, String> {
    let to: Mailbox = email
        .to
        .parse()
        .map_err(|e| format!("destinataire invalide : {e}"))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&email.subject)
        .message_id(Some(message_id));
    if let Some(url) = &email.list_unsubscribe {
        // RFC 8058: the mail client offers "unsubscribe", and POSTs `List-Unsubscribe=One-Click`
        // to the address, without the person having to open a page. (The relay's DKIM
        // signature must cover both headers for the big providers to show the button.)
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_string(),
            ));
    }
    let message = builder
        .multipart(
            MultiPart::alternative()
                .singlepart(part(ContentType::TEXT_PLAIN, &email.text)?)
                .singlepart(part(ContentType::TEXT_HTML, &email.html)?),
        )
        .map_err(|e| e.to_string())?;
    Ok(Wire {
        envelope: message.envelope().clone(),
        bytes: message.formatted(),
    })
}

/// `<essaim.42.1764556688@exemple.fr>`: the outbox id and the time it was queued, under the
/// sender's domain.
pub fn message_id(from: &Mailbox, outbox_id: EmailId, queued_at: i64) -> String {
    format!("<essaim.{outbox_id}.{queued_at}@{}>", from.email.domain())
}

fn part(content_type: ContentType, text: &str) -> Result<SinglePart, String> {
    let body = Body::new_with_encoding(text.to_string(), ContentTransferEncoding::QuotedPrintable)
        .map_err(|_| "encodage impossible".to_string())?;
    Ok(SinglePart::builder().header(content_type).body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_carries_its_stable_id_and_both_parts() {
        let from: Mailbox = "Essaim <ne-pas-repondre@exemple.fr>".parse().unwrap();
        let email = crate::compose::login(
            "lea@exemple.fr",
            "Léa",
            "https://x.fr/connexion/lien?jeton=T",
        );
        let id = message_id(&from, EmailId::new(42), 1_764_556_688);
        assert_eq!(id, "<essaim.42.1764556688@exemple.fr>");
        let wire = to_wire(&from, &email, id).unwrap();
        let raw = String::from_utf8(wire.bytes).unwrap();
        assert!(
            raw.contains("Message-ID: <essaim.42.1764556688@exemple.fr>"),
            "{raw}"
        );
        assert!(raw.contains("text/plain") && raw.contains("text/html"));
        assert_eq!(wire.envelope.to().len(), 1);
    }

    #[test]
    fn a_mailing_carries_the_one_click_unsubscribe_headers() {
        let from: Mailbox = "Essaim <ne-pas-repondre@exemple.fr>".parse().unwrap();
        let letter = essaim_store::mailings::MailingLetter {
            subject: "Meeting samedi".into(),
            body: "Venez **nombreux**.".into(),
            body_html: "<p>Venez <strong>nombreux</strong>.</p>".into(),
        };
        let url = "https://x.fr/desinscription?jeton=T&envoi=3";
        let email = crate::compose::mailing("lea@exemple.fr", "Léa", &letter, url);
        let raw = String::from_utf8(
            to_wire(&from, &email, message_id(&from, EmailId::new(7), 1))
                .unwrap()
                .bytes,
        )
        .unwrap();
        assert!(
            raw.contains("List-Unsubscribe: <https://x.fr/desinscription?jeton=T&envoi=3>"),
            "{raw}"
        );
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(raw.contains("<strong>nombreux</strong>"));
        let login = crate::compose::login("lea@exemple.fr", "Léa", "https://x.fr/");
        let raw = String::from_utf8(
            to_wire(&from, &login, message_id(&from, EmailId::new(8), 1))
                .unwrap()
                .bytes,
        )
        .unwrap();
        assert!(
            !raw.contains("List-Unsubscribe"),
            "a login link is not news"
        );
    }

    #[test]
    fn a_malformed_recipient_is_an_error_not_a_panic() {
        let from: Mailbox = "Essaim <ne-pas-repondre@exemple.fr>".parse().unwrap();
        let email = crate::compose::login("pas-une-adresse", "Léa", "https://x.fr/");
        assert!(to_wire(&from, &email, message_id(&from, EmailId::new(1), 1)).is_err());
    }
}
