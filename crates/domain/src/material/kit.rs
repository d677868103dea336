//! The starter kit: free, once per confirmed supporter and once per support group, and not twice
//! to the same street and postal code unless staff said why. The store enforces the first two
//! with unique indexes (two tabs at the same moment cannot both get one); this says what a
//! refusal means to the person.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KitRefusal {
    /// No signature at all (an account made by a gift, say): the kit is for supporters.
    NotSigned,
    /// The signature is not confirmed yet: confirm first.
    NotConfirmed,
    AlreadyForPerson,
    AlreadyForGroup,
    AlreadyAtAddress,
}

impl KitRefusal {
    pub fn message(self) -> &'static str {
        match self {
            Self::NotSigned => {
                "Le kit de démarrage est offert aux personnes qui soutiennent la candidature : \
                 appuyez-la d'abord, depuis la page d'accueil."
            }
            Self::NotConfirmed => {
                "Le kit de démarrage est offert aux personnes qui soutiennent la candidature : \
                 confirmez d'abord votre signature avec le lien reçu par email."
            }
            Self::AlreadyForPerson => {
                "Vous avez déjà commandé votre kit de démarrage : il est offert une fois par \
                 personne. Le reste du panier est gardé."
            }
            Self::AlreadyForGroup => {
                "Ce groupe a déjà reçu son kit de démarrage : il est offert une fois par groupe. \
                 Le reste du panier est gardé."
            }
            Self::AlreadyAtAddress => {
                "Un kit de démarrage a déjà été envoyé à cette adresse. Si vous êtes plusieurs à \
                 militer sous le même toit, écrivez à l'équipe : elle peut autoriser un second \
                 kit. Le reste du panier est gardé."
            }
        }
    }
}
