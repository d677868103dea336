//! The mailing form as typed: a segment's filters and the message. Every field is kept as
//! typed so that the form comes back whole with its errors; `segment` and `message` read it
//! into the domain's types, resolving the place with the offline gazetteer.

use essaim_domain::agir::profile::Interest;
use essaim_domain::agir::{Coded, Skill};
use essaim_domain::ids::EventId;
use essaim_domain::mailing::message::MessageInput;
use essaim_domain::mailing::segment::{
    parse_departements, parse_interests, parse_radius, parse_skills,
};
use essaim_domain::mailing::{Area, GroupRole, MailingMessage, Segment};
use essaim_domain::FieldErrors;
use essaim_geo::{distance_km, locate_text, Understood};

use crate::pages::near::not_understood;
use crate::posted_form::Pairs;

#[derive(Debug, Clone, Default)]
pub struct MailingForm {
    pub departements: String,
    /// A commune's name or a postal code.
    pub lieu: String,
    /// km around `lieu`; empty: the commune itself.
    pub rayon: String,
    /// "", "membres" or "animateurs".
    pub groupe: String,
    pub competences: Vec<String>,
    pub gouts: Vec<String>,
    /// An event's id, or "".
    pub evenement: String,
    pub donateurs: bool,
    pub subject: String,
    pub body: String,
    /// `AAAA-MM-JJ` and `HH:MM` in France; both empty: now.
    pub date: String,
    pub heure: String,
}

impl MailingForm {
    pub fn from_pairs(pairs: &Pairs) -> Self {
        Self {
            departements: pairs.one("departements"),
            lieu: pairs.one("lieu"),
            rayon: pairs.one("rayon"),
            groupe: pairs.one("groupe"),
            competences: pairs.all("competences"),
            gouts: pairs.all("gouts"),
            evenement: pairs.one("evenement"),
            donateurs: !pairs.one("donateurs").is_empty(),
            subject: pairs.one("subject"),
            body: pairs.one("body"),
            date: pairs.one("date"),
            heure: pairs.one("heure"),
        }
    }

    /// The segment; errors under the fields' names.
    pub fn segment(&self) -> Result<Segment, FieldErrors> {
        let mut errors = FieldErrors::default();
        let departements = errors
            .take("departements", parse_departements(&self.departements))
            .unwrap_or_default();
        let radius = errors.take("rayon", parse_radius(&self.rayon));
        let area = match (self.lieu.trim(), radius) {
            ("", Some(0)) => None,
            ("", Some(_)) => {
                errors.add(
                    "lieu",
                    "Indiquez autour de quelle commune compter la distance.",
                );
                None
            }
            (typed, radius) => match locate_text(typed) {
                Ok(located) => radius.map(|km| area(&located.understood, located.point, km)),
                Err(reason) => {
                    errors.add("lieu", not_understood(&reason));
                    None
                }
            },
        };
        let group_role = match self.groupe.trim() {
            "" => None,
            code => {
                let role = GroupRole::parse(code);
                if role.is_none() {
                    errors.add("groupe", "Choisissez dans la liste.");
                }
                role
            }
        };
        let skills = errors
            .take("competences", parse_skills(&self.competences))
            .unwrap_or_default();
        let interests = errors
            .take("gouts", parse_interests(&self.gouts))
            .unwrap_or_default();
        let event = match self.evenement.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(id) if id > 0 => Some(EventId::new(id)),
                _ => {
                    errors.add("evenement", "Choisissez l'événement dans la liste.");
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Segment {
            departements,
            area,
            group_role,
            skills,
            interests,
            event,
            donors: self.donateurs,
        })
    }

    pub fn message(&self, now: i64) -> Result<MailingMessage, FieldErrors> {
        MessageInput {
            subject: &self.subject,
            body: &self.body,
            date: &self.date,
            time: &self.heure,
        }
        .parse(now)
    }

    /// When the mailing would go, for the count under the weekly cap: the day and hour typed if
    /// they read as one, else now (the message's own checks say what is wrong with them).
    pub fn send_at(&self, now: i64) -> i64 {
        essaim_domain::events::time::instant_of(&self.date, &self.heure, "Europe/Paris", "envoi")
            .map_or(now, |at| at.max(now))
    }

    /// The skills' checkboxes, ticked as typed.
    pub fn skill_choices(&self) -> Vec<Choice> {
        Skill::ALL
            .iter()
            .map(|s| Choice::of(s.code(), s.label(), &self.competences))
            .collect()
    }

    pub fn interest_choices(&self) -> Vec<Choice> {
        Interest::ALL
            .iter()
            .map(|i| Choice::of(i.code(), i.label(), &self.gouts))
            .collect()
    }
}

/// A checkbox of a closed list, as the template shows it.
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

impl Choice {
    fn of(code: &'static str, label: &'static str, ticked: &[String]) -> Self {
        Self {
            code,
            label,
            checked: ticked.iter().any(|t| t == code),
        }
    }
}

/// The postal codes of the place understood, or of every commune within `km` of it.
fn area(understood: &Understood, point: (f64, f64), km: u32) -> Area {
    let (label, own_codes): (String, Vec<String>) = match understood {
        Understood::PostalCode { code, commune } => {
            (format!("{} ({code})", commune.name), vec![code.clone()])
        }
        Understood::Commune(commune) => (
            format!("{} ({})", commune.name, commune.departement),
            commune.postal_codes.iter().map(|c| c.to_string()).collect(),
        ),
        Understood::Position => (format!("{:.3}, {:.3}", point.0, point.1), Vec::new()),
    };
    let mut postal_codes = own_codes;
    if km > 0 {
        for commune in essaim_geo::communes() {
            if distance_km(point, commune.point()) <= f64::from(km) {
                postal_codes.extend(commune.postal_codes.iter().map(|c| c.to_string()));
            }
        }
    }
    postal_codes.sort();
    postal_codes.dedup();
    Area {
        label,
        radius_km: km,
        postal_codes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> MailingForm {
        MailingForm::from_pairs(&Pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ))
    }

    #[test]
    fn a_place_and_a_distance_become_postal_codes() {
        let only = form(&[("lieu", "93100")]).segment().unwrap();
        assert_eq!(only.area.unwrap().postal_codes, ["93100"]);
        let around = form(&[("lieu", "Montreuil"), ("rayon", "10")])
            .segment()
            .unwrap()
            .area
            .unwrap();
        assert!(
            around.postal_codes.contains(&"75011".to_string()),
            "Paris 11e is 10 km from Montreuil"
        );
        assert!(!around.postal_codes.contains(&"69001".to_string()));
    }

    #[test]
    fn nonsense_gets_a_message_per_field() {
        let errors = form(&[
            ("departements", "Seine"),
            ("lieu", "Zzyzx-sur-Mer"),
            ("rayon", "900"),
            ("groupe", "chefs"),
            ("competences", "jonglage"),
            ("evenement", "abc"),
        ])
        .segment()
        .unwrap_err();
        for field in [
            "departements",
            "lieu",
            "rayon",
            "groupe",
            "competences",
            "evenement",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(form(&[("rayon", "10")])
            .segment()
            .unwrap_err()
            .get("lieu")
            .is_some());
    }
}
