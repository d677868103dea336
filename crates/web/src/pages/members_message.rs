//! "Write to everyone": a group's animators to its members, an event's host to the people
//! registered. The same form and the same checks on both pages; each page says who receives the
//! message and stores it its own way. The template side is the `message_form` macro of
//! `_members.html`.

use essaim_domain::text::{parse_message, Message};
use essaim_domain::FieldErrors;
use serde::Deserialize;

use crate::csrf_form::Freshness;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessagePost {
    subject: String,
    body: String,
}

/// A message given back to its writer, as typed, with what to correct.
#[derive(Default)]
pub struct RetypedMessage {
    pub subject: String,
    pub body: String,
    pub errors: FieldErrors,
}

impl RetypedMessage {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// Why a message did not leave, to show the form again.
pub struct NotSent {
    pub retyped: RetypedMessage,
    /// Nothing to correct in the text: the page's session expired (the page says so its way).
    pub expired: bool,
}

/// The message to send when its form is fresh and complete; else the form to show again.
pub fn check(post: MessagePost, token: Freshness) -> Result<Message, NotSent> {
    match (parse_message(&post.subject, &post.body), token.is_fresh()) {
        (Ok(message), true) => Ok(message),
        (parsed, _) => {
            let errors = parsed.err().unwrap_or_default();
            Err(NotSent {
                expired: errors.is_empty(),
                retyped: RetypedMessage {
                    subject: post.subject,
                    body: post.body,
                    errors,
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(subject: &str, body: &str) -> MessagePost {
        MessagePost {
            subject: subject.into(),
            body: body.into(),
        }
    }

    #[test]
    fn a_complete_fresh_message_leaves_trimmed() {
        let Ok(message) = check(post(" Réunion ", "Jeudi 19 h\n"), Freshness::Fresh) else {
            panic!("not sent")
        };
        assert_eq!(
            (message.subject.as_str(), message.body.as_str()),
            ("Réunion", "Jeudi 19 h")
        );
    }

    #[test]
    fn a_missing_subject_comes_back_with_its_error_and_the_text_kept() {
        let Err(not_sent) = check(post(" ", "Jeudi"), Freshness::Fresh) else {
            panic!("sent")
        };
        assert!(!not_sent.expired);
        assert!(not_sent.retyped.error("subject").is_some());
        assert_eq!(not_sent.retyped.body, "Jeudi");
    }

    #[test]
    fn an_expired_form_comes_back_whole_and_says_so() {
        let Err(not_sent) = check(post("Réunion", "Jeudi"), Freshness::Expired) else {
            panic!("sent")
        };
        assert!(not_sent.expired);
        assert_eq!(not_sent.retyped.subject, "Réunion");
        assert!(not_sent.retyped.errors.is_empty());
    }
}
