//! What staff write: a subject and a Markdown body, and when it goes (now, or a day and hour
//! in France). The words are checked here; the Markdown is turned into HTML by the web layer.

use crate::events::time::instant_of;
use crate::FieldErrors;

pub const MAX_SUBJECT: usize = 150;
pub const MAX_BODY: usize = 50_000;
/// A mailing may be scheduled up to a year ahead: further is a typing accident.
const MAX_AHEAD_SECS: i64 = 366 * 24 * 3600;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailingMessage {
    pub subject: String,
    /// Markdown, as written: also the plain-text part of the email.
    pub body: String,
    /// Unix seconds; `now` when it goes at once.
    pub send_at: i64,
}

/// The message as typed in the form.
#[derive(Debug, Clone, Default)]
pub struct MessageInput<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    /// `AAAA-MM-JJ` and `HH:MM`, both empty to send at once.
    pub date: &'a str,
    pub time: &'a str,
}

impl MessageInput<'_> {
    /// Field names: `subject`, `body`, `send_at`.
    pub fn parse(&self, now: i64) -> Result<MailingMessage, FieldErrors> {
        let mut errors = FieldErrors::default();
        let subject = self.subject.trim();
        if subject.is_empty() {
            errors.add("subject", "Écrivez l'objet du message.");
        } else if subject.chars().count() > MAX_SUBJECT {
            errors.add(
                "subject",
                format!("L'objet ne doit pas dépasser {MAX_SUBJECT} caractères."),
            );
        } else if subject.contains(['\r', '\n']) {
            errors.add("subject", "L'objet tient sur une ligne.");
        }
        let body = self.body.trim();
        if body.is_empty() {
            errors.add("body", "Écrivez le message.");
        } else if body.chars().count() > MAX_BODY {
            errors.add(
                "body",
                format!("Le message ne doit pas dépasser {MAX_BODY} caractères."),
            );
        }
        let send_at = match (self.date.trim(), self.time.trim()) {
            ("", "") => Some(now),
            (date, time) => errors.take(
                "send_at",
                instant_of(date, time, "Europe/Paris", "envoi").and_then(|at| {
                    if at < now - 60 {
                        Err("Ce moment est passé : laissez la date vide pour envoyer tout de suite.".into())
                    } else if at > now + MAX_AHEAD_SECS {
                        Err("Un envoi se programme au plus un an à l'avance.".into())
                    } else {
                        Ok(at.max(now))
                    }
                }),
            ),
        };
        match send_at {
            Some(send_at) if errors.is_empty() => Ok(MailingMessage {
                subject: subject.to_string(),
                body: body.replace("\r\n", "\n"),
                send_at,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn a_message_needs_a_subject_and_a_body() {
        let errors = MessageInput::default().parse(NOW).unwrap_err();
        assert!(errors.get("subject").is_some() && errors.get("body").is_some());
        let long = "x".repeat(MAX_SUBJECT + 1);
        let input = MessageInput {
            subject: &long,
            body: "Bonjour",
            ..MessageInput::default()
        };
        assert!(input.parse(NOW).unwrap_err().get("subject").is_some());
    }

    #[test]
    fn without_a_date_it_goes_now_and_a_past_date_is_refused() {
        let input = MessageInput {
            subject: "Meeting samedi",
            body: "**Venez** nombreux.\r\n",
            ..MessageInput::default()
        };
        let message = input.parse(NOW).unwrap();
        assert_eq!(message.send_at, NOW);
        assert_eq!(message.body, "**Venez** nombreux.");
        let past = MessageInput {
            date: "2020-01-01",
            time: "10:00",
            ..input.clone()
        };
        assert!(past.parse(NOW).unwrap_err().get("send_at").is_some());
        let later = MessageInput {
            date: "2027-02-01",
            time: "18:30",
            ..input
        };
        // 18:30 in Paris in winter is 17:30 UTC.
        let at = later.parse(1_790_000_000).unwrap().send_at;
        assert_eq!(at % 86_400, 17 * 3600 + 30 * 60);
    }
}
