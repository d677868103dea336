//! The words of the news about gifts. The acknowledgement is not a tax receipt: the numbered
//! receipts are issued by the CNCCFP from the treasurer's file, and the email says so.

use essaim_domain::calendar::{french_date, month_and_year};
use essaim_domain::donations::Cents;
use essaim_domain::news::DonationNews;
use jiff::civil::Date;

use super::Notice;

fn euros(cents: &i64) -> String {
    Cents::new(*cents).to_string()
}

fn day(iso: &str) -> String {
    iso.parse::<Date>()
        .map(french_date)
        .unwrap_or_else(|_| iso.to_string())
}

/// The email that confirms a monthly gift asked without a session: the person who owns the
/// address agrees before a subscription is created in their name.
pub fn confirm_monthly_gift(amount_cents: i64) -> Notice {
    Notice::new(format!(
        "Confirmez votre don mensuel de {}",
        euros(&amount_cents)
    ))
    .paragraph(format!(
        "Vous avez demandé à faire un don mensuel de {} au mouvement. Pour qu'aucun don \
         régulier ne soit mis en place sans votre accord, confirmez-le avec le bouton ci-dessous : \
         vous serez alors dirigé·e vers la page de paiement sécurisée.",
        euros(&amount_cents)
    ))
    .paragraph("Si vous n'êtes pas à l'origine de cette demande, ignorez cet email : rien ne sera prélevé.")
    .link("/dons/confirmer", "Confirmer mon don mensuel")
}

/// `2027-08` → `août 2027`.
fn month_in_words(month: &str) -> String {
    format!("{month}-01")
        .parse::<Date>()
        .map(month_and_year)
        .unwrap_or_else(|_| month.to_string())
}

pub(super) fn notice_for(news: &DonationNews) -> Notice {
    match news {
        DonationNews::Received {
            amount_cents,
            paid_on,
            accounting_id,
            monthly,
        } => {
            let what = if *monthly {
                "votre don mensuel"
            } else {
                "votre don"
            };
            Notice::new(format!("Merci pour votre don de {}", euros(amount_cents)))
                .paragraph(format!(
                    "Nous avons bien reçu {what} de {}, le {}. Merci : c'est avec des dons comme le \
                     vôtre que le mouvement finance ses actions.",
                    euros(amount_cents),
                    day(paid_on)
                ))
                .paragraph(format!(
                    "Référence comptable : {accounting_id}. Cet email accuse réception de votre \
                     paiement ; ce n'est pas un reçu fiscal. Le reçu qui ouvre droit à la réduction \
                     d'impôt vous sera adressé par la Commission nationale des comptes de campagne \
                     et des financements politiques (CNCCFP), à partir des informations que vous \
                     avez données."
                ))
                .link("/mon-espace#dons", "Voir mes dons")
        }
        DonationNews::MonthlyStarted {
            amount_cents,
            starts_on,
        } => Notice::new(format!(
            "Votre don mensuel de {} est en place",
            euros(amount_cents)
        ))
        .paragraph(format!(
            "Merci ! Votre don mensuel de {} sera prélevé chaque mois à partir du {}. Chaque \
             prélèvement vous sera confirmé par email.",
            euros(amount_cents),
            day(starts_on)
        ))
        .paragraph("Vous pouvez l'arrêter à tout moment, en un clic, depuis votre espace.")
        .link("/mon-espace#dons", "Mon espace"),
        DonationNews::InstalmentFailed { amount_cents } => Notice::new(
            "Votre don mensuel n'a pas pu être prélevé",
        )
        .paragraph(format!(
            "Le prélèvement de votre don mensuel de {} a été refusé par votre banque. Votre don \
             mensuel n'est pas arrêté : le prochain prélèvement sera tenté à la date prévue.",
            euros(amount_cents)
        ))
        .paragraph(
            "Si votre carte a changé, arrêtez ce don mensuel depuis votre espace et faites-en un \
             nouveau avec votre nouvelle carte.",
        )
        .link("/mon-espace#dons", "Mon espace"),
        DonationNews::MonthlyStopped { amount_cents } => {
            Notice::new("Votre don mensuel est arrêté").paragraph(format!(
                "Votre don mensuel de {} est arrêté : plus aucun prélèvement ne sera fait. Merci \
                 pour votre soutien.",
                euros(amount_cents)
            ))
        }
        DonationNews::CardExpiring {
            amount_cents,
            month,
        } => Notice::new("Votre carte expire bientôt : votre don mensuel va s'arrêter")
            .paragraph(format!(
                "La carte qui sert à votre don mensuel de {} expire fin {}. Après cette date, \
                 votre don ne pourra plus être prélevé.",
                euros(amount_cents),
                month_in_words(month)
            ))
            .paragraph(
                "Pour le poursuivre, faites un nouveau don mensuel avec votre nouvelle carte : il \
                 remplacera l'ancien.",
            )
            .link("/dons", "Renouveler mon don mensuel"),
        DonationNews::Refunded {
            amount_cents,
            accounting_id,
        } => Notice::new(format!("Remboursement de {}", euros(amount_cents))).paragraph(format!(
            "Un remboursement de {} a été fait sur votre carte (référence comptable \
                 {accounting_id}). Il apparaîtra sur votre relevé d'ici quelques jours.",
            euros(amount_cents)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_acknowledgement_says_it_is_not_a_tax_receipt() {
        let notice = notice_for(&DonationNews::Received {
            amount_cents: 2000,
            paid_on: "2026-12-01".into(),
            accounting_id: "DON-000007".into(),
            monthly: false,
        });
        let text = format!("{notice:?}");
        assert!(notice.subject.contains("20\u{a0}€"), "{}", notice.subject);
        assert!(text.contains("1er décembre 2026"), "{text}");
        assert!(text.contains("DON-000007"));
        assert!(text.contains("pas un reçu fiscal"));
    }
}
