//! The words of the news about material orders.

use essaim_domain::donations::Cents;
use essaim_domain::news::material::{MaterialNews, OrderedItem};

use super::Notice;

fn line(item: &OrderedItem) -> String {
    format!("{} × {} ({})", item.quantity, item.name, item.unit)
}

pub(super) fn notice_for(news: &MaterialNews) -> Notice {
    match news {
        MaterialNews::Validated {
            order_ref,
            items,
            total_cents,
            address,
        } => {
            let mut notice = Notice::new(format!(
                "Votre commande de matériel {order_ref} est validée"
            ))
            .paragraph(format!(
                "Merci ! Votre commande {order_ref} est validée : elle part vers notre \
                     logisticien, qui la prépare. Vous recevrez un email avec le numéro de suivi \
                     quand elle sera expédiée."
            ))
            .paragraph(format!(
                "Vous avez commandé : {}.",
                items.iter().map(line).collect::<Vec<_>>().join(" ; ")
            ));
            if *total_cents > 0 {
                notice = notice.paragraph(format!(
                    "Montant payé : {}. Le matériel payant est une vente, pas un don : ce \
                     paiement n'ouvre pas droit à une réduction d'impôt.",
                    Cents::new(*total_cents)
                ));
            }
            notice
                .paragraph(format!("Adresse de livraison : {}.", address.join(", ")))
                .link("/mon-espace#materiel", "Suivre ma commande")
        }
        MaterialNews::Shipped {
            order_ref,
            tracking,
        } => Notice::new(format!(
            "Votre commande de matériel {order_ref} est expédiée"
        ))
        .paragraph(format!(
            "Votre commande {order_ref} a été remise au transporteur. Son numéro de suivi \
                     est {tracking} : le transporteur peut vous appeler avant de livrer."
        ))
        .link("/mon-espace#materiel", "Voir ma commande"),
        MaterialNews::Cancelled {
            order_ref,
            by_staff,
            refund_cents,
        } => {
            let who = if *by_staff {
                "L'équipe du matériel a annulé votre commande"
            } else {
                "Votre commande a été annulée"
            };
            let mut notice = Notice::new(format!("Commande de matériel {order_ref} annulée"))
                .paragraph(format!(
                    "{who} {order_ref}. Rien ne vous sera envoyé pour elle."
                ));
            if *refund_cents > 0 {
                notice = notice.paragraph(format!(
                    "Vous l'aviez payée {} : ce montant vous sera remboursé sur la carte utilisée.",
                    Cents::new(*refund_cents)
                ));
            }
            notice.link("/materiel", "Commander du matériel")
        }
        MaterialNews::StockLow {
            item,
            stock,
            threshold,
        } => Notice::new(format!("Stock bas : {item}"))
            .paragraph(format!(
                "Il ne reste que {stock} unité(s) de « {item} » (seuil d'alerte : {threshold}). \
                 Pensez à réapprovisionner ou à masquer l'article."
            ))
            .link("/admin/materiel", "Gérer le catalogue"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validated_paid_order_says_it_is_a_sale_and_lists_what_was_ordered() {
        let notice = notice_for(&MaterialNews::Validated {
            order_ref: "MAT-000007".into(),
            items: vec![OrderedItem {
                name: "Affiches".into(),
                unit: "lot de 10".into(),
                quantity: 2,
            }],
            total_cents: 450,
            address: vec!["Ada Lovelace".into(), "12 rue de la Paix".into()],
        });
        let text = notice.paragraphs.join("\n");
        assert!(notice.subject.contains("MAT-000007"));
        assert!(text.contains("2 × Affiches (lot de 10)"), "{text}");
        assert!(text.contains("4,50"), "{text}");
        assert!(text.contains("pas un don"), "{text}");
        assert!(text.contains("12 rue de la Paix"), "{text}");
    }

    #[test]
    fn a_free_order_mentions_no_payment() {
        let notice = notice_for(&MaterialNews::Validated {
            order_ref: "MAT-000008".into(),
            items: vec![],
            total_cents: 0,
            address: vec![],
        });
        assert!(!notice.paragraphs.join("\n").contains("payé"));
    }

    #[test]
    fn the_shipping_email_carries_the_tracking_number() {
        let notice = notice_for(&MaterialNews::Shipped {
            order_ref: "MAT-000009".into(),
            tracking: "6A12345678901".into(),
        });
        assert!(notice.paragraphs.join("\n").contains("6A12345678901"));
    }
}
