//! The words of the news about the programme: moderation decisions told to authors, merges told
//! to supporters.

use essaim_domain::news::ProgrammeNews;
use essaim_domain::programme::moderation::Decision;

use super::Notice;

pub(super) fn notice_for(news: &ProgrammeNews) -> Notice {
    match news {
        ProgrammeNews::Moderated {
            contribution_id,
            title,
            comment,
            decision,
            reason,
        } => {
            // "masqué" agrees with what was moderated: un commentaire, une contribution.
            let (what, e) = if *comment {
                (format!("Votre commentaire sur « {title} »"), "")
            } else {
                (format!("Votre contribution « {title} »"), "e")
            };
            let (subject, told) = match decision {
                Decision::Restored => (
                    format!("{what} est de nouveau visible"),
                    format!("{what} a été rétabli{e} par l'équipe de modération. Les signalements précédents ne comptent plus."),
                ),
                Decision::AutoHidden => (
                    format!("{what} est masqué{e} en attendant la modération"),
                    format!("{what} a été signalé{e} par trois personnes : masqué{e} jusqu'à ce que l'équipe de modération l'examine."),
                ),
                Decision::Merged => (
                    format!("{what} a été fusionné{e} avec une contribution semblable"),
                    format!("{what} a été rapproché{e} par l'équipe d'une contribution qui dit la même chose : sa page renvoie désormais à celle-ci. Elle garde ses soutiens, qui ont été prévenus."),
                ),
                _ => (
                    format!("{what} a été masqué{e}"),
                    format!("{what} a été masqué{e} par l'équipe de modération."),
                ),
            };
            Notice::new(subject)
                .paragraph(told)
                .paragraph(format!("Motif : {reason}"))
                .paragraph(
                    "Vous pouvez répondre à cet email si vous pensez qu'il s'agit d'une erreur.",
                )
                .link(
                    format!("/programme/contributions/{contribution_id}"),
                    "Voir la contribution",
                )
        }
        ProgrammeNews::Blocked { reason } => {
            Notice::new("Vous ne pouvez plus contribuer au programme")
                .paragraph(
                    "L'équipe de modération a suspendu votre participation au programme : vous ne \
                     pouvez plus proposer de contribution, commenter ni soutenir.",
                )
                .paragraph(format!("Motif : {reason}"))
                .paragraph(
                    "Vous pouvez répondre à cet email si vous pensez qu'il s'agit d'une erreur.",
                )
        }
        ProgrammeNews::Unblocked { reason } => {
            Notice::new("Vous pouvez de nouveau contribuer au programme")
                .paragraph(
                    "L'équipe de modération a levé la suspension de votre participation au programme.",
                )
                .paragraph(format!("Motif : {reason}"))
                .link("/programme", "Le programme")
        }
        ProgrammeNews::Merged {
            merged_title,
            kept_id,
            kept_title,
        } => Notice::new(format!("« {merged_title} » rejoint une contribution semblable"))
            .paragraph(format!(
                "Vous avez soutenu « {merged_title} ». L'équipe l'a fusionnée avec « {kept_title} », \
                 qui dit la même chose : les deux seront lues ensemble."
            ))
            .paragraph(
                "Votre soutien reste sur la contribution que vous aviez choisie ; il n'a pas été \
                 déplacé. Si vous le souhaitez, vous pouvez aussi soutenir la contribution conservée.",
            )
            .link(
                format!("/programme/contributions/{kept_id}"),
                "Voir la contribution conservée",
            ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use essaim_domain::ids::ContributionId;

    #[test]
    fn a_merge_tells_the_supporter_their_support_was_not_moved() {
        let notice = notice_for(&ProgrammeNews::Merged {
            merged_title: "Gratuité des transports".into(),
            kept_id: ContributionId::new(12),
            kept_title: "Transports publics gratuits".into(),
        });
        assert!(notice.subject.contains("Gratuité des transports"));
        let text = notice.paragraphs.join(" ");
        assert!(text.contains("n'a pas été déplacé"), "{text}");
        assert_eq!(
            notice.link.as_ref().unwrap().0,
            "/programme/contributions/12"
        );
    }

    #[test]
    fn a_merged_contribution_is_not_called_hidden() {
        let notice = notice_for(&ProgrammeNews::Moderated {
            contribution_id: ContributionId::new(3),
            title: "Titre".into(),
            comment: false,
            decision: Decision::Merged,
            reason: "Doublon de la n° 2.".into(),
        });
        assert_eq!(
            notice.subject,
            "Votre contribution « Titre » a été fusionnée avec une contribution semblable"
        );
        assert!(!notice.paragraphs.join(" ").contains("masqu"));
    }

    #[test]
    fn a_hidden_contribution_tells_its_author_why() {
        let notice = notice_for(&ProgrammeNews::Moderated {
            contribution_id: ContributionId::new(3),
            title: "Titre".into(),
            comment: false,
            decision: Decision::Hidden,
            reason: "Propos injurieux.".into(),
        });
        assert_eq!(notice.subject, "Votre contribution « Titre » a été masquée");
        assert!(notice
            .paragraphs
            .iter()
            .any(|p| p == "Motif : Propos injurieux."));
    }
}
