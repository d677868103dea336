//! The form that proposes or edits an event.

use super::time::{instant_of, known_timezone};
use crate::identity::PostalCode;
use crate::text::{parse_text, required_text};
use crate::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    WatchParty,
    Street,
    DoorToDoor,
    Meeting,
    Online,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        Self::WatchParty,
        Self::Street,
        Self::DoorToDoor,
        Self::Meeting,
        Self::Online,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::WatchParty => "ecoute",
            Self::Street => "rue",
            Self::DoorToDoor => "porte-a-porte",
            Self::Meeting => "reunion",
            Self::Online => "en-ligne",
            Self::Other => "autre",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::WatchParty => "Écoute collective",
            Self::Street => "Action de rue",
            Self::DoorToDoor => "Porte-à-porte",
            Self::Meeting => "Réunion publique",
            Self::Online => "Action en ligne",
            Self::Other => "Autre",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accessibility {
    Accessible,
    NotAccessible,
    Unknown,
}

impl Accessibility {
    pub const ALL: [Accessibility; 3] = [Self::Accessible, Self::NotAccessible, Self::Unknown];

    pub fn code(self) -> &'static str {
        match self {
            Self::Accessible => "accessible",
            Self::NotAccessible => "non-accessible",
            Self::Unknown => "inconnu",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Accessible => "Accessible aux personnes à mobilité réduite",
            Self::NotAccessible => "Non accessible aux personnes à mobilité réduite",
            Self::Unknown => "Accessibilité non précisée",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code.trim())
    }
}

/// The form as submitted, every field a string as typed.
#[derive(Debug, Clone, Default)]
pub struct EventForm {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub start_date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
    pub timezone: String,
    /// "lieu" (a place) or "en-ligne".
    pub mode: String,
    pub address: String,
    pub postal_code: String,
    pub online_url: String,
    pub capacity: String,
    /// "public" or "inscrits": who sees the exact address.
    pub address_visibility: String,
    pub accessibility: String,
    pub accessibility_notes: String,
    pub group_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventPlace {
    Online(String),
    Physical {
        address: Option<String>,
        postal_code: PostalCode,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDetails {
    pub kind: EventKind,
    pub title: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: &'static str,
    pub place: EventPlace,
    pub capacity: Option<i64>,
    pub address_public: bool,
    pub accessibility: Accessibility,
    pub accessibility_notes: Option<String>,
}

pub const MAX_CAPACITY: i64 = 100_000;
/// Longer than this is not an event but a campaign.
const MAX_DURATION_SECS: i64 = 7 * 24 * 3600;

impl EventForm {
    /// `now` (Unix seconds) keeps events out of the past.
    pub fn parse(&self, now: i64) -> Result<EventDetails, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = errors.take(
            "kind",
            EventKind::parse(&self.kind)
                .ok_or_else(|| "Choisissez le type d'événement.".to_string()),
        );
        let title = errors.take("title", required_text(&self.title, "le titre", 120, false));
        let description = errors.take(
            "description",
            required_text(&self.description, "une description", 5000, true),
        );
        let timezone = errors.take(
            "timezone",
            known_timezone(&self.timezone)
                .ok_or_else(|| "Choisissez un fuseau horaire de la liste.".to_string()),
        );
        let zone = timezone.unwrap_or("Europe/Paris");
        let starts_at = errors.take(
            "start",
            instant_of(&self.start_date, &self.start_time, zone, "début"),
        );
        let ends_at = errors.take(
            "end",
            instant_of(&self.end_date, &self.end_time, zone, "fin"),
        );
        if let Some(start) = starts_at {
            if start < now {
                errors.add(
                    "start",
                    "Le début est déjà passé : choisissez une date à venir.",
                );
            }
            if let Some(end) = ends_at {
                if end <= start {
                    errors.add("end", "La fin doit venir après le début.");
                } else if end - start > MAX_DURATION_SECS {
                    errors.add("end", "Un événement dure au plus 7 jours.");
                }
            }
        }
        let place = match self.mode.trim() {
            "en-ligne" => errors
                .take("online_url", online_url(&self.online_url))
                .map(EventPlace::Online),
            _ => {
                let address = errors.take(
                    "address",
                    parse_text(&self.address, "l'adresse", 200, false),
                );
                let postal_code = errors.take(
                    "postal_code",
                    PostalCode::parse(&self.postal_code).map_err(|message| {
                        if self.postal_code.trim().is_empty() {
                            "Indiquez le code postal du lieu (ou choisissez « en ligne »).".into()
                        } else {
                            message
                        }
                    }),
                );
                match (address, postal_code) {
                    (Some(address), Some(postal_code)) => Some(EventPlace::Physical {
                        address,
                        postal_code,
                    }),
                    _ => None,
                }
            }
        };
        let capacity = match self.capacity.trim() {
            "" => Some(None),
            raw => errors.take(
                "capacity",
                raw.parse::<i64>()
                    .ok()
                    .filter(|n| (1..=MAX_CAPACITY).contains(n))
                    .map(Some)
                    .ok_or_else(|| format!("Indiquez un nombre de places entre 1 et {MAX_CAPACITY}, ou laissez vide pour ne pas limiter.")),
            ),
        };
        let address_public = match self.address_visibility.trim() {
            "public" => Some(true),
            "inscrits" => Some(false),
            _ => errors.take::<bool>(
                "address_visibility",
                Err("Dites qui peut voir l'adresse exacte.".into()),
            ),
        };
        let accessibility = errors.take(
            "accessibility",
            Accessibility::parse(&self.accessibility)
                .ok_or_else(|| "Précisez l'accessibilité du lieu.".to_string()),
        );
        let accessibility_notes = errors.take(
            "accessibility_notes",
            parse_text(
                &self.accessibility_notes,
                "les précisions d'accessibilité",
                500,
                true,
            ),
        );
        match (
            kind,
            title,
            description,
            timezone,
            starts_at,
            ends_at,
            place,
            capacity,
            address_public,
            accessibility,
            accessibility_notes,
        ) {
            (
                Some(kind),
                Some(title),
                Some(description),
                Some(timezone),
                Some(starts_at),
                Some(ends_at),
                Some(place),
                Some(capacity),
                Some(address_public),
                Some(accessibility),
                Some(accessibility_notes),
            ) if errors.is_empty() => Ok(EventDetails {
                kind,
                title,
                description,
                starts_at,
                ends_at,
                timezone,
                place,
                capacity,
                address_public,
                accessibility,
                accessibility_notes,
            }),
            _ => Err(errors),
        }
    }
}

/// An https (or http) link to the online meeting.
fn online_url(raw: &str) -> Result<String, String> {
    let url = raw.trim();
    if url.is_empty() {
        return Err("Indiquez le lien de l'événement en ligne.".into());
    }
    let valid = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 500
        && url.len() > 10
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    if valid {
        Ok(url.to_string())
    } else {
        Err("Ce lien n'est pas valide (il commence par https://).".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000; // 2026-09-21

    fn valid() -> EventForm {
        EventForm {
            kind: "ecoute".into(),
            title: "Écoute collective du discours".into(),
            description: "On regarde ensemble au café.".into(),
            start_date: "2026-12-12".into(),
            start_time: "20:00".into(),
            end_date: "2026-12-12".into(),
            end_time: "22:30".into(),
            timezone: "Europe/Paris".into(),
            mode: "lieu".into(),
            address: "Café du Nord, 3 rue X".into(),
            postal_code: "75018".into(),
            capacity: "30".into(),
            address_visibility: "inscrits".into(),
            accessibility: "accessible".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let event = valid().parse(NOW).unwrap();
        assert_eq!(event.kind, EventKind::WatchParty);
        assert_eq!(event.ends_at - event.starts_at, 9000);
        assert_eq!(event.capacity, Some(30));
        assert!(!event.address_public);
        assert!(matches!(event.place, EventPlace::Physical { .. }));
    }

    #[test]
    fn an_online_event_needs_a_link() {
        let form = EventForm {
            mode: "en-ligne".into(),
            online_url: "javascript:alert(1)".into(),
            ..valid()
        };
        assert!(form.parse(NOW).unwrap_err().get("online_url").is_some());
        let form = EventForm {
            mode: "en-ligne".into(),
            online_url: "https://visio.exemple.fr/salle".into(),
            postal_code: "".into(),
            ..valid()
        };
        assert_eq!(
            form.parse(NOW).unwrap().place,
            EventPlace::Online("https://visio.exemple.fr/salle".into())
        );
    }

    #[test]
    fn every_bad_field_gets_a_message() {
        let form = EventForm {
            kind: "fete".into(),
            title: "".into(),
            end_time: "19:00".into(),
            capacity: "0".into(),
            address_visibility: "".into(),
            accessibility: "".into(),
            postal_code: "123".into(),
            ..valid()
        };
        let errors = form.parse(NOW).unwrap_err();
        for field in [
            "kind",
            "title",
            "end",
            "capacity",
            "address_visibility",
            "accessibility",
            "postal_code",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let past = EventForm {
            start_date: "2020-01-01".into(),
            end_date: "2020-01-01".into(),
            ..valid()
        };
        assert!(past.parse(NOW).unwrap_err().get("start").is_some());
    }
}
