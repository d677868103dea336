//! The text of each email, from askama templates (HTML escaped, plain text as is).

use askama::Template;

/// A composed email, transport-agnostic.
#[derive(Debug, Clone)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// A mailing's one-click unsubscribe address (RFC 8058): sent as `List-Unsubscribe`, with
    /// `List-Unsubscribe-Post`. Transactional emails have none.
    pub list_unsubscribe: Option<String>,
}

#[derive(Template)]
#[template(path = "confirm_signature.txt")]
struct ConfirmText<'a> {
    first_name: &'a str,
    link: &'a str,
    already_signed: bool,
}

#[derive(Template)]
#[template(path = "confirm_signature.html")]
struct ConfirmHtml<'a> {
    first_name: &'a str,
    link: &'a str,
    already_signed: bool,
}

#[derive(Template)]
#[template(path = "already_confirmed.txt")]
struct AlreadyConfirmedText<'a> {
    first_name: &'a str,
    share_link: &'a str,
    my_space: &'a str,
}

#[derive(Template)]
#[template(path = "already_confirmed.html")]
struct AlreadyConfirmedHtml<'a> {
    first_name: &'a str,
    share_link: &'a str,
    my_space: &'a str,
}

#[derive(Template)]
#[template(path = "login.txt")]
struct LoginText<'a> {
    first_name: &'a str,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginHtml<'a> {
    first_name: &'a str,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "notice.txt")]
struct NoticeText<'a> {
    first_name: &'a str,
    paragraphs: &'a [String],
    link: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "notice.html")]
struct NoticeHtml<'a> {
    first_name: &'a str,
    paragraphs: &'a [String],
    link: Option<&'a str>,
    link_label: &'a str,
}

#[derive(Template)]
#[template(path = "mailing.txt")]
struct MailingText<'a> {
    first_name: &'a str,
    body: &'a str,
    unsubscribe: &'a str,
}

#[derive(Template)]
#[template(path = "mailing.html")]
struct MailingHtml<'a> {
    subject: &'a str,
    first_name: &'a str,
    /// Made from staff's Markdown by the web layer's sanitiser (raw HTML shown as text).
    body_html: &'a str,
    unsubscribe: &'a str,
}

fn render(template: &impl Template) -> String {
    template
        .render()
        .expect("email templates only interpolate strings")
}

/// The confirmation request; `already_signed` words it for someone who signed twice.
pub fn confirm_signature(to: &str, first_name: &str, link: &str, already_signed: bool) -> Email {
    Email {
        to: to.into(),
        subject: if already_signed {
            "Vous aviez déjà signé : confirmez votre signature".into()
        } else {
            "Confirmez votre signature".into()
        },
        text: render(&ConfirmText {
            first_name,
            link,
            already_signed,
        }),
        html: render(&ConfirmHtml {
            first_name,
            link,
            already_signed,
        }),
        list_unsubscribe: None,
    }
}

pub fn already_confirmed(to: &str, first_name: &str, share_link: &str, my_space: &str) -> Email {
    Email {
        to: to.into(),
        subject: "Vous aviez déjà signé : merci !".into(),
        text: render(&AlreadyConfirmedText {
            first_name,
            share_link,
            my_space,
        }),
        html: render(&AlreadyConfirmedHtml {
            first_name,
            share_link,
            my_space,
        }),
        list_unsubscribe: None,
    }
}

pub fn login(to: &str, first_name: &str, link: &str) -> Email {
    Email {
        to: to.into(),
        subject: "Votre lien de connexion".into(),
        text: render(&LoginText { first_name, link }),
        html: render(&LoginHtml { first_name, link }),
        list_unsubscribe: None,
    }
}

/// A notice whose words were written by the code that caused it; `link` is absolute.
pub fn notice(
    to: &str,
    first_name: &str,
    notice: &crate::wording::Notice,
    link: Option<&str>,
) -> Email {
    let link_label = notice.link.as_ref().map_or("", |(_, label)| label.as_str());
    Email {
        to: to.into(),
        subject: notice.subject.clone(),
        text: render(&NoticeText {
            first_name,
            paragraphs: &notice.paragraphs,
            link,
        }),
        html: render(&NoticeHtml {
            first_name,
            paragraphs: &notice.paragraphs,
            link,
            link_label,
        }),
        list_unsubscribe: None,
    }
}

/// A mailing's email: the words staff wrote, the person's first name, and the way out.
pub fn mailing(
    to: &str,
    first_name: &str,
    letter: &essaim_store::mailings::MailingLetter,
    unsubscribe: &str,
) -> Email {
    Email {
        to: to.into(),
        subject: letter.subject.clone(),
        text: render(&MailingText {
            first_name,
            body: &letter.body,
            unsubscribe,
        }),
        html: render(&MailingHtml {
            subject: &letter.subject,
            first_name,
            body_html: &letter.body_html,
            unsubscribe,
        }),
        list_unsubscribe: Some(unsubscribe.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_names_and_text_carries_the_link() {
        let email = confirm_signature(
            "a@b.fr",
            "<b>Léa</b>",
            "https://x.fr/signature/confirmer?jeton=T",
            false,
        );
        assert!(
            !email.html.contains("<b>") && email.html.contains("Léa"),
            "the name is escaped"
        );
        assert!(email
            .text
            .contains("https://x.fr/signature/confirmer?jeton=T"));
        assert!(email
            .html
            .contains("href=\"https://x.fr/signature/confirmer?jeton=T\""));
    }

    #[test]
    fn a_notice_escapes_what_people_wrote_and_carries_its_link() {
        let notice = crate::wording::Notice::new("[Groupe] Réunion")
            .paragraph("<script>alert(1)</script> Rendez-vous au café.")
            .link("/groupes/3", "La page du groupe");
        let email = super::notice("a@b.fr", "Léa", &notice, Some("https://x.fr/groupes/3"));
        assert_eq!(email.subject, "[Groupe] Réunion");
        assert!(!email.html.contains("<script>") && email.html.contains("Rendez-vous au café."));
        assert!(email.text.contains("https://x.fr/groupes/3"));
        assert!(
            email.html.contains("href=\"https://x.fr/groupes/3\"")
                && email.html.contains("La page du groupe")
        );
    }
}
