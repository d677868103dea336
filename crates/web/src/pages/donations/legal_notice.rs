//! The legal notice every donation page shows (code électoral L52-9): who collects, the
//! collecting body's declaration, the text of L52-8 (paragraphs 1 to 3) and of L113-1 III.
//! The text is configurable (`[donations] legal_notice`): the treasurer is responsible for it;
//! this default is what the law asks as of 2026, to be checked by them.

use essaim_domain::donations::Regime;

/// The paragraphs of the default notice.
pub fn default_notice(regime: &Regime, collector: &str, declared_on: &str) -> Vec<String> {
    let who = match regime {
        Regime::Party => format!(
            "Les dons sont recueillis par {collector}, association de financement agréée \
             (déclaration du {declared_on}), seule habilitée à recevoir les dons destinés au \
             mouvement. Les dons et cotisations d'une personne physique à un ou plusieurs partis \
             ne peuvent excéder 7 500 euros par an (loi n° 88-227 du 11 mars 1988, article 11-4)."
        ),
        Regime::Campaign(_) => format!(
            "Les dons sont recueillis par {collector}, mandataire financier du candidat \
             (déclaration du {declared_on}), seul habilité à recueillir les fonds de la campagne \
             (article L52-4 du code électoral)."
        ),
    };
    vec![
        who,
        "Article L52-8 du code électoral (alinéas 1 à 3) : « Une personne physique peut verser \
         un don à un candidat si elle est de nationalité française ou si elle réside en France. \
         Les dons consentis par une personne physique dûment identifiée pour le financement de la \
         campagne d'un ou plusieurs candidats lors des mêmes élections ne peuvent excéder 4 600 \
         euros. Les personnes morales, à l'exception des partis ou groupements politiques, ne \
         peuvent participer au financement de la campagne électorale d'un candidat, ni en lui \
         consentant des dons sous quelque forme que ce soit, ni en lui fournissant des biens, \
         services ou autres avantages directs ou indirects à des prix inférieurs à ceux qui sont \
         habituellement pratiqués. Tout don de plus de 150 euros consenti à un candidat en vue de \
         sa campagne doit être versé par chèque, virement, prélèvement automatique ou carte \
         bancaire. »"
            .into(),
        "Article L113-1 III du code électoral : « Sera puni d'une amende de 3 750 euros et d'un \
         emprisonnement d'un an, ou de l'une de ces deux peines seulement, quiconque aura, en vue \
         d'une campagne électorale, accordé un don ou un prêt en violation des articles L. 52-7-1 \
         et L. 52-8. »"
            .into(),
    ]
}
