//! The words of the reminders to register to vote.

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
