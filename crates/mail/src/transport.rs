//! Delivery: SMTP through lettre when configured, otherwise `.eml` files in a folder, which a
//! developer opens to click the links (the offline default).

use std::path::PathBuf;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::compose::Email;

#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `Essaim <ne-pas-repondre@exemple.fr>`
    pub from: String,
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://…:465`; None writes files.
    pub smtp_url: Option<String>,
    /// Where `.eml` files go when there is no SMTP server.
    pub file_dir: PathBuf,
}

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    pub fn from_config(config: &MailConfig) -> Result<(Self, Mailbox), String> {
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| format!("adresse d'expédition invalide « {} » : {e}", config.from))?;
        let transport = match &config.smtp_url {
            Some(url) => Self::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("URL SMTP invalide : {e}"))?
                    .build(),
            ),
            None => {
                std::fs::create_dir_all(&config.file_dir).map_err(|e| {
                    format!("impossible de créer {} : {e}", config.file_dir.display())
                })?;
                Self::Files(AsyncFileTransport::new(&config.file_dir))
            }
        };
        Ok((transport, from))
    }

    pub async fn send(&self, from: &Mailbox, email: &Email) -> Result<(), String> {
        let to: Mailbox = email
            .to
            .parse()
            .map_err(|e| format!("destinataire invalide : {e}"))?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&email.subject)
            .multipart(
                MultiPart::alternative()
                    .singlepart(part(ContentType::TEXT_PLAIN, &email.text)?)
                    .singlepart(part(ContentType::TEXT_HTML, &email.html)?),
            )
            .map_err(|e| e.to_string())?;
        match self {
            Self::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Self::Files(files) => files
                .send(message)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
        }
    }
}

/// Quoted-printable keeps the text readable in the raw message, accents included.
fn part(content_type: ContentType, text: &str) -> Result<SinglePart, String> {
    let body = Body::new_with_encoding(text.to_string(), ContentTransferEncoding::QuotedPrintable)
        .map_err(|_| "encodage impossible".to_string())?;
    Ok(SinglePart::builder().header(content_type).body(body))
}
