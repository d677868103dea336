//! "Suis-je bien inscrit ?": five questions about what changed since a person last voted, and
//! the checklist that follows — whether to act or only to check, how, with which documents,
//! where, and whether the late exceptions (L30) may apply. We say what the official services
//! do; we do none of it (registration happens on service-public.fr, at the town hall or the
//! consulate).

/// The answers, each a yes or a no.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answers {
    /// Moved since they last voted or registered (the "mal inscrits" vote at an old address).
    pub moved: bool,
    /// Turned 18 since the last ballot, or will by this one.
    pub turned_18: bool,
    /// Became French since the last ballot.
    pub naturalised: bool,
    /// Lives abroad.
    pub abroad: bool,
    /// A student, or living somewhere other than the address they are registered at.
    pub elsewhere: bool,
}

impl Answers {
    /// Every combination of the five answers (32): for tests and for the questionnaire's audit.
    pub fn all() -> impl Iterator<Item = Self> {
        (0u8..32).map(|bits| Self {
            moved: bits & 1 != 0,
            turned_18: bits & 2 != 0,
            naturalised: bits & 4 != 0,
            abroad: bits & 8 != 0,
            elsewhere: bits & 16 != 0,
        })
    }
}

/// One thing to do, in the order the checklist gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Always first: "Interroger sa situation électorale" on service-public.fr.
    CheckOnline,
    /// Registered automatically at 18 if they did the census at 16: check, else register.
    CheckAutomaticAt18,
    /// Registered automatically on becoming French: check, else register.
    CheckAutomaticNaturalisation,
    /// Register in the new commune (the old registration is then struck off by itself).
    RegisterAtNewAddress,
    /// Choose: the commune where they live, or (under 26) their parents'.
    ChooseCommune,
    /// Register on the consular list (LEC), or keep a commune in France.
    RegisterAbroad,
}

impl Step {
    pub fn label(self) -> &'static str {
        match self {
            Self::CheckOnline => "Vérifiez votre situation sur le service officiel « Interroger sa situation électorale » (service-public.fr) : il dit où vous êtes inscrit·e et où vous voterez.",
            Self::CheckAutomaticAt18 => "À 18 ans, vous êtes inscrit·e d'office si vous avez fait votre recensement citoyen à 16 ans. Vérifiez-le ; sinon, inscrivez-vous.",
            Self::CheckAutomaticNaturalisation => "En devenant français·e, vous êtes inscrit·e d'office dans votre commune. Vérifiez-le ; sinon, inscrivez-vous.",
            Self::RegisterAtNewAddress => "Inscrivez-vous dans votre nouvelle commune (ou votre nouveau bureau si vous avez déménagé dans la même commune) : votre ancienne inscription est alors radiée d'elle-même.",
            Self::ChooseCommune => "Vous pouvez voter là où vous vivez, avec un justificatif à votre nom, ou rester inscrit·e chez vos parents si vous avez moins de 26 ans.",
            Self::RegisterAbroad => "Inscrivez-vous sur la liste électorale consulaire de votre pays de résidence (en ligne ou au consulat), ou restez inscrit·e dans une commune en France où vous avez une attache.",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// A valid identity card or passport (or expired for less than 5 years).
    Identity,
    /// A proof of address less than 3 months old, in their name.
    ProofOfAddress,
    /// Their parents' proof of address, and a proof of the parental link (under 26).
    ParentsAddress,
    /// A proof of residence in the country they live in.
    ResidenceAbroad,
}

impl Document {
    pub fn label(self) -> &'static str {
        match self {
            Self::Identity => "Une pièce d'identité valide (carte d'identité ou passeport), ou périmée depuis moins de 5 ans",
            Self::ProofOfAddress => "Un justificatif de domicile de moins de 3 mois à votre nom (facture, avis d'imposition, quittance de loyer…)",
            Self::ParentsAddress => "Si vous restez inscrit·e chez vos parents : leur justificatif de domicile et un document prouvant le lien (livret de famille)",
            Self::ResidenceAbroad => "Un justificatif de résidence dans votre pays (ou votre inscription au registre des Français établis hors de France)",
        }
    }
}

/// Where the registration itself is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Online (service-public.fr), or at the town hall of their commune.
    OnlineOrTownHall,
    /// Online (service-public.fr), or at the consulate.
    OnlineOrConsulate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    /// Something must be done (a registration), beyond checking.
    pub must_register: bool,
    pub steps: Vec<Step>,
    /// What to bring or upload; empty when checking is all there is to do.
    pub documents: Vec<Document>,
    pub place: Place,
    /// The late exceptions (L30, until the 10th day before) may apply: a move for work, turning
    /// 18, becoming French after the deadline.
    pub late_exception: bool,
}

pub fn checklist(answers: Answers) -> Checklist {
    let mut steps = vec![Step::CheckOnline];
    if answers.turned_18 {
        steps.push(Step::CheckAutomaticAt18);
    }
    if answers.naturalised {
        steps.push(Step::CheckAutomaticNaturalisation);
    }
    if answers.abroad {
        steps.push(Step::RegisterAbroad);
    } else {
        if answers.moved {
            steps.push(Step::RegisterAtNewAddress);
        }
        if answers.elsewhere {
            steps.push(Step::ChooseCommune);
        }
    }
    let must_register = answers.abroad || answers.moved || answers.elsewhere;
    let mut documents = Vec::new();
    if must_register || answers.turned_18 || answers.naturalised {
        documents.push(Document::Identity);
        if answers.abroad {
            documents.push(Document::ResidenceAbroad);
        } else {
            documents.push(Document::ProofOfAddress);
            if answers.elsewhere {
                documents.push(Document::ParentsAddress);
            }
        }
    }
    Checklist {
        must_register,
        steps,
        documents,
        place: if answers.abroad {
            Place::OnlineOrConsulate
        } else {
            Place::OnlineOrTownHall
        },
        late_exception: answers.moved || answers.turned_18 || answers.naturalised,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Document::*;
    use Step::*;

    /// (moved, 18, naturalised, abroad, elsewhere) → steps, documents, must register, exception.
    #[allow(clippy::type_complexity)]
    const TABLE: &[(
        (bool, bool, bool, bool, bool),
        &[Step],
        &[Document],
        bool,
        bool,
    )] = &[
        (
            (false, false, false, false, false),
            &[CheckOnline],
            &[],
            false,
            false,
        ),
        (
            (true, false, false, false, false),
            &[CheckOnline, RegisterAtNewAddress],
            &[Identity, ProofOfAddress],
            true,
            true,
        ),
        (
            (false, true, false, false, false),
            &[CheckOnline, CheckAutomaticAt18],
            &[Identity, ProofOfAddress],
            false,
            true,
        ),
        (
            (false, false, true, false, false),
            &[CheckOnline, CheckAutomaticNaturalisation],
            &[Identity, ProofOfAddress],
            false,
            true,
        ),
        (
            (false, false, false, true, false),
            &[CheckOnline, RegisterAbroad],
            &[Identity, ResidenceAbroad],
            true,
            false,
        ),
        (
            (false, false, false, false, true),
            &[CheckOnline, ChooseCommune],
            &[Identity, ProofOfAddress, ParentsAddress],
            true,
            false,
        ),
        (
            (true, false, false, false, true),
            &[CheckOnline, RegisterAtNewAddress, ChooseCommune],
            &[Identity, ProofOfAddress, ParentsAddress],
            true,
            true,
        ),
        (
            (false, true, false, false, true),
            &[CheckOnline, CheckAutomaticAt18, ChooseCommune],
            &[Identity, ProofOfAddress, ParentsAddress],
            true,
            true,
        ),
        (
            (true, false, false, true, false),
            &[CheckOnline, RegisterAbroad],
            &[Identity, ResidenceAbroad],
            true,
            true,
        ),
        (
            (false, true, true, true, true),
            &[
                CheckOnline,
                CheckAutomaticAt18,
                CheckAutomaticNaturalisation,
                RegisterAbroad,
            ],
            &[Identity, ResidenceAbroad],
            true,
            true,
        ),
        (
            (true, true, true, false, true),
            &[
                CheckOnline,
                CheckAutomaticAt18,
                CheckAutomaticNaturalisation,
                RegisterAtNewAddress,
                ChooseCommune,
            ],
            &[Identity, ProofOfAddress, ParentsAddress],
            true,
            true,
        ),
    ];

    #[test]
    fn each_situation_gets_its_checklist() {
        for &((moved, turned_18, naturalised, abroad, elsewhere), steps, documents, must, late) in
            TABLE
        {
            let answers = Answers {
                moved,
                turned_18,
                naturalised,
                abroad,
                elsewhere,
            };
            let list = checklist(answers);
            assert_eq!(list.steps, steps, "{answers:?}");
            assert_eq!(list.documents, documents, "{answers:?}");
            assert_eq!(
                (list.must_register, list.late_exception),
                (must, late),
                "{answers:?}"
            );
            let place = if abroad {
                Place::OnlineOrConsulate
            } else {
                Place::OnlineOrTownHall
            };
            assert_eq!(list.place, place, "{answers:?}");
        }
    }

    #[test]
    fn every_combination_starts_by_checking_and_asks_papers_only_to_act() {
        assert_eq!(Answers::all().count(), 32);
        for answers in Answers::all() {
            let list = checklist(answers);
            assert_eq!(list.steps[0], CheckOnline, "{answers:?}");
            let acts = list.must_register || answers.turned_18 || answers.naturalised;
            assert_eq!(list.documents.is_empty(), !acts, "{answers:?}");
            assert_eq!(list.documents.contains(&Identity), acts, "{answers:?}");
            // Abroad, the consulate replaces the commune: no commune's proof is asked.
            assert!(
                !(answers.abroad && list.documents.contains(&ProofOfAddress)),
                "{answers:?}"
            );
            let mut unique = list.steps.clone();
            unique.dedup();
            assert_eq!(unique.len(), list.steps.len(), "{answers:?}");
        }
    }
}
