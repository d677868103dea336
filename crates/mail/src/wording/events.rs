//! The words of the news about events.

use super::Notice;
use essaim_domain::ids::EventId;
use essaim_domain::news::EventNews;

const SEE_THE_EVENT: &str = "Voir l'événement";

fn page_of(event: EventId) -> String {
    format!("/evenements/{event}")
}

/// An email about one event: a subject, a paragraph and the button to the event's page.
fn about(event: EventId, subject: String, paragraph: &str) -> Notice {
    Notice::new(subject)
        .paragraph(paragraph)
        .link(page_of(event), SEE_THE_EVENT)
}

pub(super) fn notice_for(news: &EventNews) -> Notice {
    match news {
        EventNews::Published { event, title } => about(
            *event,
            format!("Votre événement « {title} » est publié"),
            "Il est visible de tous sur la carte des événements. Partagez-le autour de vous !",
        ),
        EventNews::AwaitingReview { event, title } => about(
            *event,
            format!("Votre événement « {title} » attend sa validation"),
            "C'est votre premier événement : l'équipe du mouvement le relit avant de le publier, en général dans la journée. Vous recevrez un email dès qu'il sera en ligne.",
        ),
        EventNews::Approved {
            event,
            title,
            trusted,
        } => {
            let mut notice = Notice::new(format!("Votre événement « {title} » est publié"))
                .paragraph("L'équipe du mouvement l'a validé : il est visible de tous sur la carte des événements.");
            if *trusted {
                notice = notice.paragraph("Vos prochains événements seront publiés directement, sans attendre de validation.");
            }
            notice.link(page_of(*event), SEE_THE_EVENT)
        }
        // No link: the event's page is not shown to others, and there is nothing to do there.
        EventNews::Rejected { title, reason, .. } => {
            Notice::new(format!("Votre événement « {title} » n'a pas été publié"))
                .paragraph(format!("L'équipe du mouvement explique pourquoi : {reason}"))
                .paragraph(
                    "Vous pouvez proposer un nouvel événement en tenant compte de cette remarque.",
                )
        }
        EventNews::Changed { event, title } => about(
            *event,
            format!("« {title} » a changé"),
            "L'organisateur a modifié l'événement auquel vous êtes inscrit·e (date, lieu ou détails). Vérifiez ce qui a changé :",
        ),
        // The link leads to other events: this one no longer takes place.
        EventNews::Cancelled { title, .. } => Notice::new(format!("« {title} » est annulé"))
            .paragraph("L'organisateur a annulé cet événement auquel vous étiez inscrit·e. D'autres ont lieu près de chez vous :")
            .link("/evenements", "Trouver un autre événement"),
        EventNews::HostMessage {
            event,
            title,
            subject,
            body,
        } => Notice::new(format!("[{title}] {subject}"))
            .paragraph(format!(
                "L'organisateur de « {title} » écrit aux personnes inscrites :"
            ))
            .paragraph(body.as_str())
            .link(page_of(*event), SEE_THE_EVENT),
        EventNews::Registered { event, title } => about(
            *event,
            format!("Vous participez à « {title} »"),
            "Votre inscription est enregistrée. Vous recevrez un rappel la veille. Si vous ne pouvez plus venir, annulez depuis la page de l'événement pour laisser votre place.",
        ),
        EventNews::Waiting { event, title } => about(
            *event,
            format!("Liste d'attente pour « {title} »"),
            "L'événement est complet : vous êtes sur la liste d'attente. Si une place se libère, elle est pour vous et nous vous écrivons aussitôt.",
        ),
        EventNews::PlaceFreed { event, title } => about(
            *event,
            format!("Une place s'est libérée : vous participez à « {title} »"),
            "Vous étiez sur la liste d'attente : une place s'est libérée et elle est pour vous. Si vous ne pouvez plus venir, annulez votre inscription pour la laisser à quelqu'un d'autre.",
        ),
        EventNews::Reminder { event, title } => about(
            *event,
            format!("Rappel : « {title} » approche"),
            "Vous êtes inscrit·e à cet événement, qui a lieu bientôt. Toutes les informations (heure, lieu, accès) sont sur sa page. Si vous ne pouvez plus venir, annulez pour laisser votre place.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: EventId = EventId::new(12);

    fn title() -> String {
        "Écoute au café".to_string()
    }

    fn link(notice: &Notice) -> Option<(&str, &str)> {
        notice
            .link
            .as_ref()
            .map(|(path, label)| (path.as_str(), label.as_str()))
    }

    #[test]
    fn a_trusted_hosts_event_is_published_at_once() {
        let notice = notice_for(&EventNews::Published {
            event: EVENT,
            title: title(),
        });
        assert_eq!(
            notice.subject,
            "Votre événement « Écoute au café » est publié"
        );
        assert_eq!(
            notice.paragraphs,
            ["Il est visible de tous sur la carte des événements. Partagez-le autour de vous !"]
        );
        assert_eq!(link(&notice), Some(("/evenements/12", "Voir l'événement")));
    }

    #[test]
    fn a_new_hosts_event_awaits_review() {
        let notice = notice_for(&EventNews::AwaitingReview {
            event: EVENT,
            title: title(),
        });
        assert_eq!(
            notice.subject,
            "Votre événement « Écoute au café » attend sa validation"
        );
        assert!(notice.paragraphs[0].starts_with("C'est votre premier événement"));
        assert_eq!(link(&notice), Some(("/evenements/12", "Voir l'événement")));
    }

    #[test]
    fn an_approval_says_whether_the_host_is_trusted_from_now_on() {
        let approved = |trusted| {
            notice_for(&EventNews::Approved {
                event: EVENT,
                title: title(),
                trusted,
            })
        };
        let once = approved(false);
        assert_eq!(
            once.subject,
            "Votre événement « Écoute au café » est publié"
        );
        assert_eq!(
            once.paragraphs,
            ["L'équipe du mouvement l'a validé : il est visible de tous sur la carte des événements."]
        );
        let trusted = approved(true);
        assert_eq!(trusted.paragraphs.len(), 2);
        assert_eq!(
            trusted.paragraphs[1],
            "Vos prochains événements seront publiés directement, sans attendre de validation."
        );
        assert_eq!(link(&trusted), Some(("/evenements/12", "Voir l'événement")));
    }

    #[test]
    fn a_rejection_gives_staffs_reason_and_no_link() {
        let notice = notice_for(&EventNews::Rejected {
            event: EVENT,
            title: title(),
            reason: "Hors sujet.".into(),
        });
        assert_eq!(
            notice.subject,
            "Votre événement « Écoute au café » n'a pas été publié"
        );
        assert_eq!(
            notice.paragraphs,
            [
                "L'équipe du mouvement explique pourquoi : Hors sujet.",
                "Vous pouvez proposer un nouvel événement en tenant compte de cette remarque.",
            ]
        );
        assert_eq!(link(&notice), None);
    }

    #[test]
    fn the_registered_are_told_of_a_change_and_of_a_cancellation() {
        let changed = notice_for(&EventNews::Changed {
            event: EVENT,
            title: title(),
        });
        assert_eq!(changed.subject, "« Écoute au café » a changé");
        assert!(changed.paragraphs[0].ends_with("Vérifiez ce qui a changé :"));
        assert_eq!(link(&changed), Some(("/evenements/12", "Voir l'événement")));
        let cancelled = notice_for(&EventNews::Cancelled {
            event: EVENT,
            title: title(),
        });
        assert_eq!(cancelled.subject, "« Écoute au café » est annulé");
        assert!(cancelled.paragraphs[0].starts_with("L'organisateur a annulé cet événement"));
        assert_eq!(
            link(&cancelled),
            Some(("/evenements", "Trouver un autre événement"))
        );
    }

    #[test]
    fn a_hosts_message_carries_its_subject_and_body_as_written() {
        let notice = notice_for(&EventNews::HostMessage {
            event: EVENT,
            title: title(),
            subject: "Changement de salle".into(),
            body: "Rendez-vous au 1er étage.".into(),
        });
        assert_eq!(notice.subject, "[Écoute au café] Changement de salle");
        assert_eq!(
            notice.paragraphs,
            [
                "L'organisateur de « Écoute au café » écrit aux personnes inscrites :",
                "Rendez-vous au 1er étage.",
            ]
        );
        assert_eq!(link(&notice), Some(("/evenements/12", "Voir l'événement")));
    }

    #[test]
    fn a_registration_a_waiting_list_a_freed_place_and_a_reminder() {
        let subject = |news: EventNews| notice_for(&news).subject;
        assert_eq!(
            subject(EventNews::Registered {
                event: EVENT,
                title: title()
            }),
            "Vous participez à « Écoute au café »"
        );
        assert_eq!(
            subject(EventNews::Waiting {
                event: EVENT,
                title: title()
            }),
            "Liste d'attente pour « Écoute au café »"
        );
        assert_eq!(
            subject(EventNews::PlaceFreed {
                event: EVENT,
                title: title()
            }),
            "Une place s'est libérée : vous participez à « Écoute au café »"
        );
        let reminder = notice_for(&EventNews::Reminder {
            event: EVENT,
            title: title(),
        });
        assert_eq!(reminder.subject, "Rappel : « Écoute au café » approche");
        assert!(reminder.paragraphs[0].starts_with("Vous êtes inscrit·e à cet événement"));
        assert_eq!(
            link(&reminder),
            Some(("/evenements/12", "Voir l'événement"))
        );
    }
}
