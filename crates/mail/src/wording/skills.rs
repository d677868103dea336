//! The words of the news about skills: an organiser's request to a person who offers skills,
//! and that person's answer, which is where their name and address are given.

use super::Notice;
use essaim_domain::news::SkillNews;

pub(super) fn notice_for(news: &SkillNews) -> Notice {
    match news {
        SkillNews::Request { from, message } => {
            Notice::new(format!("{from} aimerait faire appel à vos compétences"))
                .paragraph(format!(
                    "{from}, qui organise des actions du mouvement, a vu votre offre « J'en dis plus » et vous écrit :"
                ))
                .paragraph(message)
                .paragraph(
                    "Votre adresse email ne lui a pas été communiquée. Si vous souhaitez donner suite, \
                     répondez depuis votre page « J'en dis plus » : votre réponse lui sera transmise \
                     avec votre nom et votre adresse email, pour que vous puissiez échanger directement. \
                     Sinon, vous n'avez rien à faire.",
                )
                .paragraph("Vous pouvez aussi retirer votre offre à tout moment, sur la même page.")
                .link("/competences#messages", "Lire et répondre")
        }
        SkillNews::Answer {
            first_name,
            last_name,
            email,
            answer,
            message,
        } => {
            let name = format!("{first_name} {last_name}");
            Notice::new(format!("{name} vous répond (« J'en dis plus »)"))
                .paragraph(format!(
                    "Vous aviez écrit à {name} au sujet de son offre de compétences. Voici sa réponse :"
                ))
                .paragraph(answer)
                .paragraph(format!(
                    "En vous répondant, {first_name} accepte que vous ayez son adresse email : {email}. \
                     Écrivez-lui directement pour la suite."
                ))
                .paragraph(format!("Pour mémoire, votre message : « {message} »"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_names_the_organiser_by_initial_and_keeps_the_address_back() {
        let notice = notice_for(&SkillNews::Request {
            from: "Louise M.".into(),
            message: "Pourriez-vous filmer notre réunion publique du 12 ?".into(),
        });
        assert_eq!(
            notice.subject,
            "Louise M. aimerait faire appel à vos compétences"
        );
        assert_eq!(
            notice.paragraphs,
            [
                "Louise M., qui organise des actions du mouvement, a vu votre offre « J'en dis plus » et vous écrit :",
                "Pourriez-vous filmer notre réunion publique du 12 ?",
                "Votre adresse email ne lui a pas été communiquée. Si vous souhaitez donner suite, \
                 répondez depuis votre page « J'en dis plus » : votre réponse lui sera transmise \
                 avec votre nom et votre adresse email, pour que vous puissiez échanger directement. \
                 Sinon, vous n'avez rien à faire.",
                "Vous pouvez aussi retirer votre offre à tout moment, sur la même page.",
            ]
        );
        assert_eq!(
            notice.link,
            Some((
                "/competences#messages".to_string(),
                "Lire et répondre".to_string()
            ))
        );
    }

    #[test]
    fn an_answer_gives_the_full_name_and_the_address_and_recalls_the_message() {
        let notice = notice_for(&SkillNews::Answer {
            first_name: "Camille".into(),
            last_name: "Durand".into(),
            email: "camille@exemple.fr".into(),
            answer: "Avec plaisir, je suis libre le 12.".into(),
            message: "Pourriez-vous filmer ?".into(),
        });
        assert_eq!(
            notice.subject,
            "Camille Durand vous répond (« J'en dis plus »)"
        );
        assert_eq!(
            notice.paragraphs,
            [
                "Vous aviez écrit à Camille Durand au sujet de son offre de compétences. Voici sa réponse :",
                "Avec plaisir, je suis libre le 12.",
                "En vous répondant, Camille accepte que vous ayez son adresse email : camille@exemple.fr. \
                 Écrivez-lui directement pour la suite.",
                "Pour mémoire, votre message : « Pourriez-vous filmer ? »",
            ]
        );
        assert_eq!(notice.link, None);
    }
}
