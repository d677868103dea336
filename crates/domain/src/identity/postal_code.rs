//! French postal codes and the département they belong to.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalCode(String);

impl PostalCode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if code.is_empty() {
            return Err(
                "Indiquez votre code postal, ou choisissez votre pays si vous vivez à l'étranger."
                    .into(),
            );
        }
        if code.len() != 5 || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err("Un code postal français a 5 chiffres (exemple : 75011).".into());
        }
        if departement_of(&code).is_none() {
            return Err("Ce code postal n'existe pas en France.".into());
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The département code: "01".."95", "2A", "2B", "971".."976", or "975"/"986"/"987"/"988".
    pub fn departement(&self) -> String {
        departement_of(&self.0).expect("checked by parse")
    }
}

/// A département typed on its own ("75", "2a", "971"), for a form where it is optional.
pub fn parse_departement(raw: &str) -> Result<Option<String>, String> {
    let code = raw.trim().to_uppercase();
    if code.is_empty() {
        return Ok(None);
    }
    // Its first postal code tells whether it exists: "75" → 75000, "2A" → 20000, "971" → 97100.
    let postal = match code.as_str() {
        "2A" => "20000".to_string(),
        "2B" => "20200".to_string(),
        c if c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit()) => format!("{c}000"),
        c if c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit()) => format!("{c}00"),
        _ => String::new(),
    };
    match departement_of_postal(&postal) {
        Some(found) if found == code => Ok(Some(found)),
        _ => Err("Ce département n'existe pas (exemples : 75, 2A, 971).".into()),
    }
}

fn departement_of_postal(code: &str) -> Option<String> {
    (code.len() == 5).then(|| departement_of(code)).flatten()
}

fn departement_of(code: &str) -> Option<String> {
    let two: u32 = code[..2].parse().ok()?;
    let three: u32 = code[..3].parse().ok()?;
    match two {
        0 => None,
        20 => match three {
            200 | 201 => Some("2A".into()),
            202 | 206 => Some("2B".into()),
            _ => None,
        },
        1..=95 => Some(format!("{two:02}")),
        97 => matches!(three, 971..=976).then(|| three.to_string()),
        // 980xx is Monaco, which has its own postal service and is not France.
        98 => matches!(three, 986..=988).then(|| three.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_departement_alone_is_checked() {
        assert_eq!(parse_departement(" 2a "), Ok(Some("2A".into())));
        assert_eq!(parse_departement("07"), Ok(Some("07".into())));
        assert_eq!(parse_departement("974"), Ok(Some("974".into())));
        assert_eq!(parse_departement(""), Ok(None));
        for bad in ["20", "00", "96", "977", "7", "abc", "750"] {
            assert!(parse_departement(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn metropolitan_corsican_and_overseas_codes_have_their_departement() {
        assert_eq!(PostalCode::parse("75011").unwrap().departement(), "75");
        assert_eq!(PostalCode::parse("01000").unwrap().departement(), "01");
        assert_eq!(PostalCode::parse("20000").unwrap().departement(), "2A");
        assert_eq!(PostalCode::parse("20200").unwrap().departement(), "2B");
        assert_eq!(PostalCode::parse("97400").unwrap().departement(), "974");
        assert_eq!(PostalCode::parse(" 13 001 ").unwrap().as_str(), "13001");
    }

    #[test]
    fn impossible_codes_are_refused() {
        for bad in [
            "", "7501", "750111", "ABCDE", "00100", "96000", "98000", "97800", "20500",
        ] {
            assert!(PostalCode::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
