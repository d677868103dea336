//! Action recipes ("recettes d'actions") written by staff: what an action achieves, its steps in
//! Markdown, what it takes (time, people, material, skills) and where it happens.

use super::profile::Interest;
use super::Coded;
use super::Skill;
use crate::text::required_text;
use crate::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    Street,
    Home,
    Online,
}

impl Coded for Place {
    const ALL: &'static [Self] = &[Self::Street, Self::Home, Self::Online];

    fn code(self) -> &'static str {
        match self {
            Self::Street => "rue",
            Self::Home => "domicile",
            Self::Online => "en_ligne",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Street => "dans la rue",
            Self::Home => "chez soi",
            Self::Online => "en ligne",
        }
    }
}

pub const MAX_TITLE: usize = 120;
pub const MAX_SUMMARY: usize = 300;
pub const MAX_BODY: usize = 20_000;
pub const MAX_MATERIAL: usize = 1_000;
pub const MAX_DURATION_MINUTES: u32 = 1_440;
pub const MAX_PEOPLE: u32 = 1_000;

/// The recipe form as submitted, every field as typed.
#[derive(Debug, Clone, Default)]
pub struct RecipeForm {
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub body: String,
    /// Markdown, optional.
    pub material: String,
    pub duration_minutes: String,
    pub people_min: String,
    pub people_max: String,
    pub place: String,
    pub interests: Vec<String>,
    pub skills: Vec<String>,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipeDetails {
    pub title: String,
    /// What the action achieves, in a sentence.
    pub summary: String,
    pub body: String,
    pub material: Option<String>,
    pub duration_minutes: u32,
    pub people_min: u32,
    pub people_max: u32,
    pub place: Place,
    /// What people who like doing these things will enjoy in it.
    pub interests: Vec<Interest>,
    pub skills: Vec<Skill>,
    pub published: bool,
}

impl RecipeForm {
    pub fn parse(&self) -> Result<RecipeDetails, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.take(
            "title",
            required_text(&self.title, "le titre", MAX_TITLE, false),
        );
        let summary = errors.take(
            "summary",
            required_text(
                &self.summary,
                "ce que l'action permet d'obtenir",
                MAX_SUMMARY,
                false,
            ),
        );
        let body = errors.take(
            "body",
            markdown_text(&self.body, "les étapes", MAX_BODY).and_then(|body| {
                body.ok_or_else(|| "Indiquez les étapes de l'action.".to_string())
            }),
        );
        let material = errors.take(
            "material",
            markdown_text(&self.material, "le matériel", MAX_MATERIAL),
        );
        let duration_minutes = errors.take(
            "duration_minutes",
            whole_number(&self.duration_minutes, 1, MAX_DURATION_MINUTES).ok_or_else(|| {
                format!("Indiquez la durée en minutes, de 1 à {MAX_DURATION_MINUTES} (24 heures).")
            }),
        );
        let people_min = errors.take(
            "people_min",
            whole_number(&self.people_min, 1, MAX_PEOPLE).ok_or_else(|| {
                format!("Indiquez combien de personnes il faut au moins, de 1 à {MAX_PEOPLE}.")
            }),
        );
        let people_max = errors.take(
            "people_max",
            whole_number(&self.people_max, people_min.unwrap_or(1), MAX_PEOPLE).ok_or_else(|| {
                format!(
                    "Indiquez combien de personnes au plus : pas moins que le minimum, et {MAX_PEOPLE} au plus."
                )
            }),
        );
        let place = errors.take(
            "place",
            Place::from_code(&self.place)
                .ok_or_else(|| "Choisissez où se passe l'action.".to_string()),
        );
        let unknown = |code: String| format!("Choix inconnu (« {code} ») : rechargez la page.");
        let interests = errors.take(
            "interests",
            Interest::from_codes(&self.interests).map_err(unknown),
        );
        let skills = errors.take("skills", Skill::from_codes(&self.skills).map_err(unknown));
        match (
            title,
            summary,
            body,
            material,
            duration_minutes,
            people_min,
            people_max,
            place,
            interests,
            skills,
        ) {
            (
                Some(title),
                Some(summary),
                Some(body),
                Some(material),
                Some(duration_minutes),
                Some(people_min),
                Some(people_max),
                Some(place),
                Some(interests),
                Some(skills),
            ) if errors.is_empty() => Ok(RecipeDetails {
                title,
                summary,
                body,
                material,
                duration_minutes,
                people_min,
                people_max,
                place,
                interests,
                skills,
                published: self.published,
            }),
            _ => Err(errors),
        }
    }
}

impl RecipeDetails {
    /// The form showing these details, to edit them.
    pub fn to_form(&self) -> RecipeForm {
        RecipeForm {
            title: self.title.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            material: self.material.clone().unwrap_or_default(),
            duration_minutes: self.duration_minutes.to_string(),
            people_min: self.people_min.to_string(),
            people_max: self.people_max.to_string(),
            place: self.place.code().into(),
            interests: self.interests.iter().map(|i| i.code().into()).collect(),
            skills: self.skills.iter().map(|s| s.code().into()).collect(),
            published: self.published,
        }
    }
}

/// Markdown as typed: line breaks and indentation matter, so unlike `parse_text` only blank
/// ends are trimmed, and a leading "-" (a list) is fine since it never goes to a spreadsheet.
fn markdown_text(raw: &str, what: &str, max_chars: usize) -> Result<Option<String>, String> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim_end();
    let Some(first) = text.find(|c: char| !c.is_whitespace()) else {
        return Ok(None);
    };
    // Blank lines before the text go, the first line's indentation (a code block) stays.
    let text = &text[text[..first].rfind('\n').map_or(0, |i| i + 1)..];
    if text.chars().count() > max_chars {
        return Err(format!(
            "Texte trop long pour {what} ({max_chars} caractères au plus)."
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(format!(
            "Le texte pour {what} contient des caractères non autorisés."
        ));
    }
    Ok(Some(text.to_string()))
}

fn whole_number(raw: &str, min: u32, max: u32) -> Option<u32> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
}

pub const MAX_DONE_COUNT: u32 = 100_000;

/// The count given with "Je l'ai fait" (leaflets handed out, people met): empty means 1.
pub fn parse_done_count(raw: &str) -> Result<u32, String> {
    let raw: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if raw.is_empty() {
        return Ok(1);
    }
    whole_number(&raw, 1, MAX_DONE_COUNT)
        .ok_or_else(|| "Indiquez un nombre entier de 1 à 100 000, ou laissez la case vide.".into())
}

/// 5 → "5 minutes", 60 → "1 h", 90 → "1 h 30", 65 → "1 h 05".
pub fn duration_label(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, 1) => "1 minute".into(),
        (0, m) => format!("{m} minutes"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// "1 personne", "de 2 à 5 personnes", "4 personnes".
pub fn people_label(min: u32, max: u32) -> String {
    match (min, max) {
        (1, 1) => "1 personne".into(),
        (min, max) if min >= max => format!("{min} personnes"),
        (min, max) => format!("de {min} à {max} personnes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> RecipeForm {
        RecipeForm {
            title: "Tracter au marché".into(),
            summary: "Faire connaître la candidature aux voisins.".into(),
            body: "\n\n- Prendre des tracts\n- Sourire\n\n    code indenté  \n".into(),
            material: "".into(),
            duration_minutes: "90".into(),
            people_min: "2".into(),
            people_max: "6".into(),
            place: "rue".into(),
            interests: vec!["parler".into()],
            skills: vec![],
            published: true,
        }
    }

    #[test]
    fn a_complete_form_parses_and_keeps_markdown_as_typed() {
        let details = valid().parse().unwrap();
        assert_eq!(details.place, Place::Street);
        assert_eq!(details.duration_minutes, 90);
        assert_eq!(details.interests, vec![Interest::TalkingToPeople]);
        assert_eq!(
            details.body,
            "- Prendre des tracts\n- Sourire\n\n    code indenté"
        );
        assert_eq!(details.material, None);
        assert_eq!(details.to_form().parse(), Ok(details));
    }

    #[test]
    fn every_bad_field_gets_a_message() {
        let form = RecipeForm {
            title: "t".repeat(MAX_TITLE + 1),
            summary: " ".into(),
            body: "\r\n ".into(),
            material: "m".repeat(MAX_MATERIAL + 1),
            duration_minutes: "1441".into(),
            people_min: "0".into(),
            people_max: "beaucoup".into(),
            place: "lune".into(),
            interests: vec!["chanter".into()],
            skills: vec!["jonglage".into()],
            published: false,
        };
        let errors = form.parse().unwrap_err();
        for field in [
            "title",
            "summary",
            "body",
            "material",
            "duration_minutes",
            "people_min",
            "people_max",
            "place",
            "interests",
            "skills",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn the_maximum_cannot_be_below_the_minimum() {
        let form = RecipeForm {
            people_min: "5".into(),
            people_max: "4".into(),
            ..valid()
        };
        assert!(form.parse().unwrap_err().get("people_max").is_some());
        let form = RecipeForm {
            people_min: "5".into(),
            people_max: "5".into(),
            ..valid()
        };
        assert!(form.parse().is_ok());
    }

    #[test]
    fn a_done_count_is_one_by_default_and_bounded() {
        assert_eq!(parse_done_count(""), Ok(1));
        assert_eq!(parse_done_count(" 1 200 "), Ok(1200));
        assert_eq!(parse_done_count("100000"), Ok(100_000));
        for bad in ["0", "-3", "100001", "douze", "1.5"] {
            assert!(parse_done_count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations_and_people_read_naturally() {
        assert_eq!(duration_label(1), "1 minute");
        assert_eq!(duration_label(5), "5 minutes");
        assert_eq!(duration_label(60), "1 h");
        assert_eq!(duration_label(90), "1 h 30");
        assert_eq!(duration_label(65), "1 h 05");
        assert_eq!(people_label(1, 1), "1 personne");
        assert_eq!(people_label(4, 4), "4 personnes");
        assert_eq!(people_label(2, 5), "de 2 à 5 personnes");
    }
}
