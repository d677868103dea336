//! The form that creates or edits a group: name, description, where and how often it meets,
//! and an optional public contact.

use crate::identity::PostalCode;
use crate::text::{parse_text, required_text};
use crate::FieldErrors;

/// The form as submitted, every field a string as typed.
#[derive(Debug, Clone, Default)]
pub struct GroupForm {
    pub name: String,
    pub description: String,
    /// Street address of the meeting place (optional: the commune is enough).
    pub address: String,
    pub postal_code: String,
    pub frequency: String,
    pub public_contact: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Weekly,
    Fortnightly,
    Monthly,
    AsNeeded,
}

impl Frequency {
    pub const ALL: [Frequency; 4] = [
        Self::Weekly,
        Self::Fortnightly,
        Self::Monthly,
        Self::AsNeeded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Weekly => "hebdomadaire",
            Self::Fortnightly => "bimensuelle",
            Self::Monthly => "mensuelle",
            Self::AsNeeded => "ponctuelle",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Weekly => "Chaque semaine",
            Self::Fortnightly => "Toutes les deux semaines",
            Self::Monthly => "Chaque mois",
            Self::AsNeeded => "Au fil des actions",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code.trim())
    }
}

pub const MAX_GROUP_NAME: usize = 80;
pub const MAX_DESCRIPTION: usize = 2000;
pub const MAX_ADDRESS: usize = 200;
pub const MAX_CONTACT: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDetails {
    pub name: String,
    pub description: String,
    pub address: Option<String>,
    pub postal_code: PostalCode,
    pub frequency: Frequency,
    pub public_contact: Option<String>,
}

impl GroupForm {
    pub fn parse(&self) -> Result<GroupDetails, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take(
            "name",
            required_text(&self.name, "le nom du groupe", MAX_GROUP_NAME, false),
        );
        let description = errors.take(
            "description",
            required_text(
                &self.description,
                "une courte description",
                MAX_DESCRIPTION,
                true,
            ),
        );
        let address = errors.take(
            "address",
            parse_text(&self.address, "l'adresse", MAX_ADDRESS, false),
        );
        let postal_code = errors.take(
            "postal_code",
            PostalCode::parse(&self.postal_code).map_err(|message| {
                if self.postal_code.trim().is_empty() {
                    "Indiquez le code postal de la commune où le groupe se réunit.".into()
                } else {
                    message
                }
            }),
        );
        let frequency = errors.take(
            "frequency",
            Frequency::parse(&self.frequency)
                .ok_or_else(|| "Choisissez à quel rythme le groupe se réunit.".to_string()),
        );
        let public_contact = errors.take(
            "public_contact",
            parse_text(
                &self.public_contact,
                "le contact public",
                MAX_CONTACT,
                false,
            ),
        );
        match (
            name,
            description,
            address,
            postal_code,
            frequency,
            public_contact,
        ) {
            (
                Some(name),
                Some(description),
                Some(address),
                Some(postal_code),
                Some(frequency),
                Some(public_contact),
            ) if errors.is_empty() => Ok(GroupDetails {
                name,
                description,
                address,
                postal_code,
                frequency,
                public_contact,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> GroupForm {
        GroupForm {
            name: "Groupe d'appui des Lilas".into(),
            description: "On se retrouve au marché.".into(),
            address: "".into(),
            postal_code: "93260".into(),
            frequency: "hebdomadaire".into(),
            public_contact: "".into(),
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let details = valid().parse().unwrap();
        assert_eq!(details.name, "Groupe d'appui des Lilas");
        assert_eq!(details.postal_code.as_str(), "93260");
        assert_eq!(details.frequency, Frequency::Weekly);
        assert_eq!(details.address, None);
    }

    #[test]
    fn every_bad_field_gets_a_message() {
        let form = GroupForm {
            name: " ".into(),
            description: "x".repeat(MAX_DESCRIPTION + 1),
            address: "@import".into(),
            postal_code: "".into(),
            frequency: "parfois".into(),
            public_contact: "c".repeat(MAX_CONTACT + 1),
        };
        let errors = form.parse().unwrap_err();
        for field in [
            "name",
            "description",
            "address",
            "postal_code",
            "frequency",
            "public_contact",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
