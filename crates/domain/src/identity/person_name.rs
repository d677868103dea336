//! First and last names: free text, but bounded and safe to open in a spreadsheet.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

pub const MAX_NAME_CHARS: usize = 80;

impl PersonName {
    /// `what` names the field in the message ("prénom", "nom").
    pub fn parse(raw: &str, what: &str) -> Result<Self, String> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(format!("Indiquez votre {what}."));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(format!(
                "Votre {what} est trop long ({MAX_NAME_CHARS} caractères au plus)."
            ));
        }
        // A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
        if name.starts_with(['=', '+', '-', '@']) {
            return Err(format!(
                "Votre {what} ne peut pas commencer par = + - ou @."
            ));
        }
        if name
            .chars()
            .any(|c| c.is_control() || "<>{}[]\\|^$%#*_~`;".contains(c))
        {
            return Err(format!(
                "Votre {what} contient des caractères non autorisés."
            ));
        }
        if !name.chars().any(char::is_alphabetic) {
            return Err(format!("Votre {what} doit contenir au moins une lettre."));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a person is named to people who need not know more (an organiser to a person offering
/// skills, an author of the programme to its readers): "Louise M.".
pub fn short_name(first_name: &str, last_name: &str) -> String {
    match last_name.trim().chars().next() {
        Some(initial) => format!("{} {}.", first_name.trim(), initial.to_uppercase()),
        None => first_name.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_hyphens_and_apostrophes_are_fine() {
        assert_eq!(
            PersonName::parse("  Jean-Luc  ", "prénom")
                .unwrap()
                .as_str(),
            "Jean-Luc"
        );
        assert!(PersonName::parse("N'Diaye", "nom").is_ok());
        assert!(PersonName::parse("Ægir Þór", "nom").is_ok());
    }

    #[test]
    fn formula_starts_and_markup_are_refused() {
        for bad in [
            "=SUM(A1)",
            "+33",
            "-x",
            "@home",
            "<script>",
            "",
            "123",
            &"a".repeat(81),
        ] {
            assert!(
                PersonName::parse(bad, "nom").is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn people_are_named_by_first_name_and_initial() {
        assert_eq!(short_name("Louise", "michel"), "Louise M.");
        assert_eq!(short_name("Élise", "Éluard"), "Élise É.");
        assert_eq!(short_name("Camille", " "), "Camille");
    }
}
