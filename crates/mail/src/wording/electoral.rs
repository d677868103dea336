//! The words of the reminders to register to vote, and of the news about proxies.

use essaim_domain::news::ElectoralNews;

use super::Notice;

pub(super) fn notice_for(news: &ElectoralNews) -> Notice {
    match news {
        ElectoralNews::Reminder {
            ballot,
            first_round,
            online,
            town_hall,
            days_left,
        } => Notice::new(format!(
            "Plus que {days_left} jours pour vous inscrire en ligne ({ballot})"
        ))
        .paragraph(format!(
            "{ballot} : premier tour le {first_round}. Pour voter, il faut être inscrit·e sur les \
             listes électorales de sa commune — et l'être à sa bonne adresse si l'on a déménagé."
        ))
        .paragraph(format!(
            "Vous pouvez vous inscrire en ligne sur service-public.fr jusqu'au {online}, ou à la \
             mairie jusqu'au {town_hall}. Si vous n'êtes pas sûr·e, vérifiez votre situation sur \
             le service officiel « Interroger sa situation électorale »."
        ))
        .paragraph(
            "Déjà inscrit·e ? Notez-le dans Mon espace : vous ne recevrez plus ces rappels. Vous \
             pouvez aussi les arrêter au même endroit.",
        )
        .link("/listes-electorales", "Que dois-je faire ?"),
        ElectoralNews::ProxyProposed {
            ballot,
            commune,
            rounds,
        } => Notice::new(format!("Une procuration à porter à {commune} ?"))
            .paragraph(format!(
                "Vous avez proposé de porter une procuration pour le scrutin « {ballot} ». \
                 Une personne inscrite à {commune} cherche quelqu'un pour voter à sa place ({rounds})."
            ))
            .paragraph(
                "Si vous acceptez et qu'elle accepte aussi, vous verrez chacun les coordonnées de \
                 l'autre pour faire connaissance avant la démarche officielle. Confier son vote à \
                 un inconnu est un acte de confiance : prenez le temps de vous parler.",
            )
            .link("/procurations#mes-offres", "Voir la demande"),
        ElectoralNews::ProxyAgreed { ballot, rounds } => {
            Notice::new(format!("Procuration : vous êtes d'accord tous les deux ({ballot})"))
                .paragraph(format!(
                    "La personne qui donne procuration et celle qui la porte ont accepté ({rounds}). \
                     Leurs coordonnées sont maintenant sur la page des procurations."
                ))
                .paragraph(
                    "Prenez contact. Puis la personne qui donne procuration fait la démarche \
                     officielle, en ligne sur maprocuration.gouv.fr ou au commissariat, à la \
                     gendarmerie ou au consulat, avec le numéro national d'électeur de celle qui \
                     porte la procuration.",
                )
                .link("/procurations", "Voir les coordonnées")
        }
        ElectoralNews::ProxyWithdrawn { ballot, rounds } => {
            Notice::new(format!("Procuration retirée ({ballot})"))
                .paragraph(format!(
                    "L'autre personne a retiré son accord pour la procuration ({rounds}). Si la \
                     démarche officielle était faite, elle doit être résiliée au commissariat, à la \
                     gendarmerie ou en ligne."
                ))
                .link("/procurations", "Voir mes procurations")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reminder_says_the_days_left_and_both_deadlines() {
        let notice = notice_for(&ElectoralNews::Reminder {
            ballot: "Présidentielle 2027".into(),
            first_round: "11 avril 2027".into(),
            online: "3 mars 2027".into(),
            town_hall: "5 mars 2027".into(),
            days_left: 45,
        });
        assert_eq!(
            notice.subject,
            "Plus que 45 jours pour vous inscrire en ligne (Présidentielle 2027)"
        );
        let text = notice.paragraphs.join(" ");
        assert!(text.contains("jusqu'au 3 mars 2027") && text.contains("jusqu'au 5 mars 2027"));
    }
}
