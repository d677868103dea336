//! Where an order of material is shipped: a French address (overseas included) that a carrier
//! can print on a label, checked against the gazetteer so that the commune matches the postal
//! code, and a key telling when two orders go to the same street.

use crate::identity::{PersonName, Phone, PostalCode};
use crate::text::{folded_words, parse_text, required_text, ADDRESS_LINE_CHARS};
use crate::FieldErrors;

/// At most this many communes are named when asking to choose one.
const LISTED_COMMUNES: usize = 10;

/// The shipping part of the order form, every field a string as typed.
#[derive(Debug, Clone, Default)]
pub struct ShippingForm {
    pub name: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub commune: String,
    pub phone: String,
}

/// A commune the gazetteer lists for a postal code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommuneChoice {
    pub insee: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippingAddress {
    pub name: String,
    pub line1: String,
    pub line2: Option<String>,
    pub postal_code: String,
    /// The gazetteer's official name, whatever spelling was typed.
    pub commune: String,
    pub insee: String,
    pub departement: String,
    /// International form (+33…), as `identity::Phone` writes it.
    pub phone: String,
}

impl ShippingForm {
    /// `communes_of` is the gazetteer's lookup by postal code (empty when the code is unknown).
    /// Every field is checked, so the form shows all its errors at once.
    pub fn parse(
        &self,
        communes_of: impl Fn(&str) -> Vec<CommuneChoice>,
    ) -> Result<ShippingAddress, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", recipient(&self.name));
        let line = |raw: &str, what: &str| required_text(raw, what, ADDRESS_LINE_CHARS, false);
        let line1 = errors.take("line1", line(&self.line1, "votre adresse"));
        let line2 = errors.take(
            "line2",
            parse_text(
                &self.line2,
                "le complément d'adresse",
                ADDRESS_LINE_CHARS,
                false,
            ),
        );
        let postal_code = errors.take("postal_code", postal_code(&self.postal_code));
        let commune = postal_code.as_ref().and_then(|code| {
            let choices = communes_of(code.as_str());
            if choices.is_empty() {
                errors.add(
                    "postal_code",
                    "Ce code postal ne correspond à aucune commune : vérifiez-le.",
                );
                return None;
            }
            errors.take("commune", commune(&self.commune, code.as_str(), &choices))
        });
        let phone = errors.take("phone", phone(&self.phone));
        match (name, line1, line2, postal_code, commune, phone) {
            (Some(name), Some(line1), Some(line2), Some(code), Some(commune), Some(phone)) => {
                Ok(ShippingAddress {
                    name,
                    line1,
                    line2,
                    postal_code: code.as_str().to_string(),
                    commune: commune.name,
                    insee: commune.insee,
                    departement: code.departement(),
                    phone: phone.as_str().to_string(),
                })
            }
            _ => Err(errors),
        }
    }
}

impl ShippingAddress {
    /// `12 rue de la paix|75002`: the street line with case, accents, punctuation and spacing
    /// folded and the usual abbreviations written out, then the postal code. Two orders with the
    /// same key go to the same street number, whatever the building or floor (line 2 is left out).
    pub fn key(&self) -> String {
        let words: Vec<String> = folded_words(&self.line1)
            .iter()
            .flat_map(|word| split_suffix(word))
            .map(|word| street_word(&word).to_string())
            .collect();
        format!("{}|{}", words.join(" "), self.postal_code)
    }
}

/// The name on the label: a person's name, short enough for one address line.
fn recipient(raw: &str) -> Result<String, String> {
    let name = PersonName::parse(raw, "nom complet")?;
    if name.as_str().chars().count() > ADDRESS_LINE_CHARS {
        return Err(format!(
            "Votre nom complet est trop long pour l'étiquette ({ADDRESS_LINE_CHARS} caractères \
             au plus) : abrégez le prénom."
        ));
    }
    Ok(name.as_str().to_string())
}

fn postal_code(raw: &str) -> Result<PostalCode, String> {
    if raw.trim().is_empty() {
        // `PostalCode` mentions living abroad; material is only shipped in France.
        return Err("Indiquez votre code postal (livraison en France uniquement).".into());
    }
    PostalCode::parse(raw)
}

/// The carrier calls before delivering, so the number is required here.
fn phone(raw: &str) -> Result<Phone, String> {
    if raw.trim().is_empty() {
        return Err(
            "Indiquez un numéro de téléphone : le transporteur appelle avant de livrer.".into(),
        );
    }
    Phone::parse(raw)
}

/// The choice the typed commune names, spelling aside ("saint etienne", "ST-ÉTIENNE"); the only
/// commune of the code when none is typed.
fn commune(typed: &str, code: &str, choices: &[CommuneChoice]) -> Result<CommuneChoice, String> {
    let shown = without_arrondissements(choices);
    let typed_key = commune_key(typed);
    if typed_key.is_empty() {
        return match shown.as_slice() {
            [only] => Ok((*only).clone()),
            _ => Err(format!("Choisissez la commune : {}.", listed(&shown))),
        };
    }
    let found = shown.iter().find(|choice| {
        let key = commune_key(&choice.name);
        typed_key == key
            || (has_arrondissements(&choice.insee) && names_arrondissement(&typed_key, &key))
    });
    if let Some(choice) = found {
        return Ok((*choice).clone());
    }
    let typed: String = typed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(50)
        .collect();
    Err(match shown.as_slice() {
        [only] => format!(
            "« {typed} » ne correspond pas au code postal {code}, qui est celui de {}.",
            only.name
        ),
        _ => format!(
            "« {typed} » ne correspond pas au code postal {code} : choisissez parmi {}.",
            listed(&shown)
        ),
    })
}

fn listed(choices: &[&CommuneChoice]) -> String {
    let names: Vec<&str> = choices
        .iter()
        .take(LISTED_COMMUNES)
        .map(|c| c.name.as_str())
        .collect();
    match choices.len().saturating_sub(LISTED_COMMUNES) {
        0 => names.join(", "),
        more => format!("{} (et {more} autres)", names.join(", ")),
    }
}

/// Paris, Lyon and Marseille: the gazetteer also lists their municipal arrondissements under
/// the city's postal codes, but La Poste prints the city ("75011 PARIS").
const CITIES_WITH_ARRONDISSEMENTS: [&str; 3] = ["75056", "13055", "69123"];

fn has_arrondissements(insee: &str) -> bool {
    CITIES_WITH_ARRONDISSEMENTS.contains(&insee)
}

fn city_of_arrondissement(insee: &str) -> Option<&'static str> {
    match insee.parse::<u32>().ok()? {
        75101..=75120 => Some("75056"),
        13201..=13216 => Some("13055"),
        69381..=69389 => Some("69123"),
        _ => None,
    }
}

/// The choices to offer: an arrondissement gives way to its city when the city is listed too.
fn without_arrondissements(choices: &[CommuneChoice]) -> Vec<&CommuneChoice> {
    choices
        .iter()
        .filter(|choice| {
            city_of_arrondissement(&choice.insee)
                .is_none_or(|city| !choices.iter().any(|c| c.insee == city))
        })
        .collect()
}

/// "paris 11e", "paris 11e arrondissement", "lyon 1er" name the city "paris" or "lyon".
fn names_arrondissement(typed_key: &str, city_key: &str) -> bool {
    typed_key
        .strip_prefix(city_key)
        .and_then(|rest| rest.strip_prefix(' '))
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

fn commune_key(name: &str) -> String {
    let words: Vec<String> = folded_words(name)
        .into_iter()
        .map(|word| match word.as_str() {
            "st" => "saint".to_string(),
            "ste" => "sainte".to_string(),
            _ => word,
        })
        .collect();
    words.join(" ")
}

/// "12bis" is "12 bis": both spellings are common on forms.
fn split_suffix(word: &str) -> Vec<String> {
    for suffix in ["bis", "ter", "quater"] {
        if let Some(number) = word.strip_suffix(suffix) {
            if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
                return vec![number.to_string(), suffix.to_string()];
            }
        }
    }
    vec![word.to_string()]
}

/// The abbreviations La Poste and people use for street types and saints.
fn street_word(word: &str) -> &str {
    match word {
        "bd" | "bld" | "bvd" | "boul" => "boulevard",
        "av" | "ave" => "avenue",
        "r" => "rue",
        "pl" => "place",
        "chem" => "chemin",
        "imp" => "impasse",
        "all" => "allee",
        "fg" | "fbg" => "faubourg",
        "rte" => "route",
        "st" => "saint",
        "ste" => "sainte",
        _ => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer(code: &str) -> Vec<CommuneChoice> {
        let choice = |insee: &str, name: &str| CommuneChoice {
            insee: insee.into(),
            name: name.into(),
        };
        match code {
            "42000" => vec![choice("42218", "Saint-Étienne")],
            "01000" => vec![
                choice("01053", "Bourg-en-Bresse"),
                choice("01344", "Saint-Denis-lès-Bourg"),
            ],
            "69001" => vec![
                choice("69123", "Lyon"),
                choice("69381", "Lyon 1er Arrondissement"),
            ],
            "97400" => vec![choice("97411", "Saint-Denis")],
            "80120" => (0..12)
                .map(|i| choice(&format!("0100{i}"), &format!("Village {i}")))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn form() -> ShippingForm {
        ShippingForm {
            name: "Louise Michel".into(),
            line1: "12 rue de la Paix".into(),
            line2: String::new(),
            postal_code: "42000".into(),
            commune: "Saint-Étienne".into(),
            phone: "06 12 34 56 78".into(),
        }
    }

    fn parse(form: ShippingForm) -> Result<ShippingAddress, FieldErrors> {
        form.parse(gazetteer)
    }

    fn error(form: ShippingForm, field: &str) -> String {
        let errors = parse(form).unwrap_err();
        errors
            .get(field)
            .unwrap_or_else(|| panic!("no error on {field}: {errors:?}"))
            .to_string()
    }

    fn address(line1: &str, postal_code: &str) -> ShippingAddress {
        ShippingAddress {
            line1: line1.into(),
            postal_code: postal_code.into(),
            ..parse(form()).unwrap()
        }
    }

    #[test]
    fn a_complete_form_gives_the_official_commune_and_an_international_phone() {
        let address = parse(ShippingForm {
            name: "  Louise   Michel ".into(),
            line1: " 12  rue de la Paix".into(),
            line2: " Bât. B ".into(),
            commune: "saint etienne".into(),
            ..form()
        })
        .unwrap();
        assert_eq!(address.name, "Louise Michel");
        assert_eq!(address.line1, "12 rue de la Paix");
        assert_eq!(address.line2.as_deref(), Some("Bât. B"));
        assert_eq!(address.commune, "Saint-Étienne");
        assert_eq!(address.insee, "42218");
        assert_eq!(address.departement, "42");
        assert_eq!(address.phone, "+33612345678");
    }

    #[test]
    fn the_commune_is_matched_whatever_its_spelling() {
        for typed in [
            "SAINT-ÉTIENNE",
            "St Etienne",
            "saint  étienne",
            "st-etienne",
        ] {
            let address = parse(ShippingForm {
                commune: typed.into(),
                ..form()
            });
            assert_eq!(address.unwrap().commune, "Saint-Étienne", "{typed}");
        }
    }

    #[test]
    fn an_empty_commune_is_the_only_one_of_its_postal_code() {
        let address = parse(ShippingForm {
            postal_code: "97400".into(),
            commune: String::new(),
            ..form()
        })
        .unwrap();
        assert_eq!(address.commune, "Saint-Denis");
        assert_eq!(address.departement, "974");
    }

    #[test]
    fn several_communes_must_be_chosen_from() {
        let message = error(
            ShippingForm {
                postal_code: "01000".into(),
                commune: String::new(),
                ..form()
            },
            "commune",
        );
        assert_eq!(
            message,
            "Choisissez la commune : Bourg-en-Bresse, Saint-Denis-lès-Bourg."
        );
        let chosen = parse(ShippingForm {
            postal_code: "01000".into(),
            commune: "saint denis les bourg".into(),
            ..form()
        });
        assert_eq!(chosen.unwrap().insee, "01344");
    }

    #[test]
    fn a_long_list_of_communes_is_cut_at_ten() {
        let message = error(
            ShippingForm {
                postal_code: "80120".into(),
                commune: String::new(),
                ..form()
            },
            "commune",
        );
        assert!(message.ends_with("Village 9 (et 2 autres)."), "{message}");
    }

    #[test]
    fn a_commune_of_another_postal_code_is_refused() {
        let message = error(
            ShippingForm {
                commune: "Villeurbanne".into(),
                ..form()
            },
            "commune",
        );
        assert_eq!(
            message,
            "« Villeurbanne » ne correspond pas au code postal 42000, qui est celui de Saint-Étienne."
        );
        let message = error(
            ShippingForm {
                postal_code: "01000".into(),
                commune: "Lyon".into(),
                ..form()
            },
            "commune",
        );
        assert!(message
            .contains("ne correspond pas au code postal 01000 : choisissez parmi Bourg-en-Bresse"));
    }

    #[test]
    fn paris_lyon_and_marseille_are_shipped_to_the_city_not_the_arrondissement() {
        for typed in ["", "Lyon", "Lyon 1er", "lyon 1er arrondissement"] {
            let address = parse(ShippingForm {
                postal_code: "69001".into(),
                commune: typed.into(),
                ..form()
            });
            let address = address.unwrap();
            assert_eq!(
                (address.commune.as_str(), address.insee.as_str()),
                ("Lyon", "69123")
            );
        }
    }

    #[test]
    fn an_unknown_postal_code_is_refused() {
        let unknown = ShippingForm {
            postal_code: "75999".into(),
            ..form()
        };
        assert!(error(unknown, "postal_code").contains("aucune commune"));
        assert!(error(
            ShippingForm {
                postal_code: "7501".into(),
                ..form()
            },
            "postal_code"
        )
        .contains("5 chiffres"));
        assert!(error(
            ShippingForm {
                postal_code: " ".into(),
                ..form()
            },
            "postal_code"
        )
        .contains("livraison en France"));
    }

    #[test]
    fn lines_longer_than_la_poste_allows_are_refused() {
        let long = "x".repeat(ADDRESS_LINE_CHARS + 1);
        let errors = parse(ShippingForm {
            line1: long.clone(),
            line2: long,
            name: "Marie-Christine De La Tour d'Auvergne-Lauraguais".into(),
            ..form()
        })
        .unwrap_err();
        assert!(errors.get("line1").unwrap().contains("38 caractères"));
        assert!(errors.get("line2").unwrap().contains("38 caractères"));
        assert!(errors.get("name").unwrap().contains("abrégez le prénom"));
        let exactly = parse(ShippingForm {
            line1: "x".repeat(ADDRESS_LINE_CHARS),
            ..form()
        });
        assert!(exactly.is_ok());
    }

    #[test]
    fn every_missing_field_is_reported_at_once() {
        let errors = parse(ShippingForm::default()).unwrap_err();
        assert_eq!(errors.get("name"), Some("Indiquez votre nom complet."));
        assert_eq!(errors.get("line1"), Some("Indiquez votre adresse."));
        assert!(errors.get("postal_code").is_some());
        assert!(errors
            .get("phone")
            .unwrap()
            .contains("le transporteur appelle"));
        assert_eq!(errors.get("line2"), None);
        assert_eq!(errors.get("commune"), None);
    }

    #[test]
    fn a_bad_phone_or_a_formula_is_refused() {
        let errors = parse(ShippingForm {
            phone: "06 12 34".into(),
            line1: "=cmd|' /C calc'!A0".into(),
            name: "@home".into(),
            ..form()
        })
        .unwrap_err();
        assert!(errors.get("phone").unwrap().contains("n'est pas valide"));
        assert!(errors
            .get("line1")
            .unwrap()
            .contains("ne peut pas commencer"));
        assert!(errors.get("name").is_some());
    }

    #[test]
    fn spellings_of_the_same_street_share_a_key() {
        let key = address("12 rue de la Paix", "42000").key();
        assert_eq!(key, "12 rue de la paix|42000");
        for same in [
            "12, Rue de la  paix",
            "12 R. DE LA PAIX",
            "12 rue de la Páix",
        ] {
            assert_eq!(address(same, "42000").key(), key, "{same}");
        }
        assert_eq!(
            address("3 bd St-Michel", "42000").key(),
            address("3 Boulevard Saint Michel", "42000").key()
        );
        assert_eq!(
            address("5bis av. de l'Église", "42000").key(),
            "5 bis avenue de l eglise|42000"
        );
        assert_eq!(
            address("1 imp. des Lilas", "42000").key(),
            address("1 impasse des lilas", "42000").key()
        );
    }

    #[test]
    fn another_number_street_or_postal_code_is_another_key() {
        let key = address("12 rue de la Paix", "42000").key();
        for other in [
            address("14 rue de la Paix", "42000"),
            address("12 bis rue de la Paix", "42000"),
            address("12 avenue de la Paix", "42000"),
            address("12 rue de la Paix", "42100"),
        ] {
            assert_ne!(other.key(), key, "{}", other.line1);
        }
    }

    #[test]
    fn the_building_and_floor_are_not_part_of_the_key() {
        let mut upstairs = address("12 rue de la Paix", "42000");
        upstairs.line2 = Some("Bât. C, 3e étage".into());
        assert_eq!(upstairs.key(), address("12 rue de la Paix", "42000").key());
    }
}
