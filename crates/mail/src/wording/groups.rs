//! The words of the news about groups.

use super::Notice;
use essaim_domain::news::GroupNews;

pub(super) fn notice_for(news: &GroupNews) -> Notice {
    match news {
        GroupNews::SplitToConfirm { group, name } => {
            Notice::new(format!("« {name} » est complet : confirmez sa division"))
                .paragraph(format!("Le groupe d'appui « {name} » que vous animez compte 12 membres, et une nouvelle personne demande à le rejoindre. Personne n'est refusé : le groupe va se diviser en deux groupes voisins."))
                .paragraph("Essaim propose une répartition, au plus près de chez chacun. Vérifiez-la, déplacez des personnes si besoin, puis confirmez. D'ici là, rien ne change pour les membres.")
                .link(format!("/groupes/{group}#division"), "Voir la proposition")
        }
        GroupNews::SplitDone {
            former_name,
            group,
            name,
        } => Notice::new(format!("Votre groupe d'appui est désormais « {name} »"))
            .paragraph(format!("Le groupe d'appui « {former_name} » avait atteint 12 membres : pour que chacun garde sa place, il s'est divisé en deux groupes, chacun au plus près de chez ses membres."))
            .paragraph(format!("Votre groupe est désormais : « {name} ». Merci de faire vivre le mouvement dans votre quartier !"))
            .link(format!("/groupes/{group}"), "Voir mon groupe"),
        GroupNews::MessageFromAnimator {
            group,
            group_name,
            sender_name,
            subject,
            body,
        } => Notice::new(format!("[{group_name}] {subject}"))
            .paragraph(format!("{sender_name}, qui anime le groupe d'appui « {group_name} », écrit aux membres du groupe :"))
            .paragraph(body.as_str())
            .paragraph("Pour répondre, écrivez à l'équipe d'animation depuis la page du groupe. Votre adresse email n'est jamais montrée aux autres membres.")
            .link(format!("/groupes/{group}"), "La page du groupe"),
        GroupNews::JoinByLoggingIn { name, .. } => Notice::new(format!("Rejoindre « {name} »"))
            .paragraph("Vous avez demandé à rejoindre ce groupe d'appui. Comme vous aviez déjà signé, il suffit de vous connecter à « Mon espace » (un lien de connexion vous est envoyé sur demande) : votre place dans le groupe sera prise à ce moment-là.")
            .link("/connexion", "Me connecter"),
    }
}

#[cfg(test)]
mod tests {
    use essaim_domain::ids::GroupId;

    use super::*;

    fn link(notice: &Notice) -> (&str, &str) {
        let (path, label) = notice.link.as_ref().expect("a button");
        (path, label)
    }

    #[test]
    fn animators_are_asked_to_confirm_the_split_of_their_full_group() {
        let notice = notice_for(&GroupNews::SplitToConfirm {
            group: GroupId::new(7),
            name: "Groupe des Lilas".into(),
        });
        assert_eq!(
            notice.subject,
            "« Groupe des Lilas » est complet : confirmez sa division"
        );
        assert_eq!(notice.paragraphs.len(), 2);
        assert!(notice.paragraphs[0].starts_with(
            "Le groupe d'appui « Groupe des Lilas » que vous animez compte 12 membres,"
        ));
        assert!(notice.paragraphs[1].contains("puis confirmez"));
        assert_eq!(
            link(&notice),
            ("/groupes/7#division", "Voir la proposition")
        );
    }

    #[test]
    fn each_member_is_told_which_group_is_now_theirs() {
        let notice = notice_for(&GroupNews::SplitDone {
            former_name: "Groupe des Lilas".into(),
            group: GroupId::new(9),
            name: "Groupe des Lilas – Montreuil".into(),
        });
        assert_eq!(
            notice.subject,
            "Votre groupe d'appui est désormais « Groupe des Lilas – Montreuil »"
        );
        assert!(notice.paragraphs[0]
            .starts_with("Le groupe d'appui « Groupe des Lilas » avait atteint 12 membres"));
        assert_eq!(
            notice.paragraphs[1],
            "Votre groupe est désormais : « Groupe des Lilas – Montreuil ». Merci de faire vivre le mouvement dans votre quartier !"
        );
        assert_eq!(link(&notice), ("/groupes/9", "Voir mon groupe"));
    }

    #[test]
    fn a_message_names_its_sender_and_keeps_the_body_as_written() {
        let notice = notice_for(&GroupNews::MessageFromAnimator {
            group: GroupId::new(3),
            group_name: "Groupe du port".into(),
            sender_name: "Louise Michel".into(),
            subject: "Réunion jeudi".into(),
            body: "Rendez-vous à 19 h.\nApportez des tracts.".into(),
        });
        assert_eq!(notice.subject, "[Groupe du port] Réunion jeudi");
        assert_eq!(
            notice.paragraphs[0],
            "Louise Michel, qui anime le groupe d'appui « Groupe du port », écrit aux membres du groupe :"
        );
        assert_eq!(
            notice.paragraphs[1],
            "Rendez-vous à 19 h.\nApportez des tracts."
        );
        assert!(notice.paragraphs[2].contains("jamais montrée aux autres membres"));
        assert_eq!(link(&notice), ("/groupes/3", "La page du groupe"));
    }

    #[test]
    fn someone_already_signed_is_told_to_log_in_to_take_their_place() {
        let notice = notice_for(&GroupNews::JoinByLoggingIn {
            group: GroupId::new(4),
            name: "Groupe de la gare".into(),
        });
        assert_eq!(notice.subject, "Rejoindre « Groupe de la gare »");
        assert_eq!(notice.paragraphs.len(), 1);
        assert!(notice.paragraphs[0].contains("il suffit de vous connecter à « Mon espace »"));
        assert_eq!(link(&notice), ("/connexion", "Me connecter"));
    }
}
