//! What a person types to ask for a proxy holder or to offer to be one: the rounds (at least one,
//! and only those the ballot has), the polling station if known, how far a volunteer can travel,
//! and how to reach them — revealed to the other side only once both accepted, so it must be
//! something a stranger can use, and nothing more. And how many of each a person may post a day.

use super::proxy_matching::Rounds;

/// Requests (and, apart, offers) a person may post in 24 hours: a real need is one or two; more
/// is someone filling the lists.
pub const PER_DAY: i64 = 3;
/// The furthest a volunteer may say they travel (km): beyond, nobody goes to vote for a stranger.
pub const TRAVEL_MAX_KM: i64 = 200;
pub const CONTACT_MAX: usize = 200;
pub const STATION_MAX: usize = 100;

/// The rounds ticked; the second only when the ballot has one.
pub fn parse_rounds(first: bool, second: bool, has_second: bool) -> Result<Rounds, String> {
    if second && !has_second {
        return Err("Ce scrutin n'a qu'un tour.".into());
    }
    if !first && !second {
        return Err("Cochez au moins un tour.".into());
    }
    Ok(Rounds { first, second })
}

/// How to reach the person: a telephone number or an email address, a few words at most.
pub fn parse_contact(raw: &str) -> Result<String, String> {
    let contact = raw.trim();
    if contact.is_empty() {
        return Err(
            "Indiquez comment vous joindre (téléphone ou e-mail) : l'autre personne ne le verra qu'une fois que vous aurez accepté tous les deux."
                .into(),
        );
    }
    if contact.chars().count() > CONTACT_MAX {
        return Err(format!("{CONTACT_MAX} caractères au plus."));
    }
    if contact.chars().any(char::is_control) {
        return Err("Une seule ligne, sans caractères spéciaux.".into());
    }
    let digits = contact.chars().filter(char::is_ascii_digit).count();
    if !contact.contains('@') && digits < 8 {
        return Err(
            "Indiquez un numéro de téléphone ou une adresse e-mail, pour que l'autre personne puisse vous joindre."
                .into(),
        );
    }
    Ok(contact.to_string())
}

/// The polling station, if the person knows it (on their voter card): free text, optional.
pub fn parse_polling_station(raw: &str) -> Result<Option<String>, String> {
    let station = raw.trim();
    if station.chars().count() > STATION_MAX {
        return Err(format!("{STATION_MAX} caractères au plus."));
    }
    if station.chars().any(char::is_control) {
        return Err("Une seule ligne, sans caractères spéciaux.".into());
    }
    Ok((!station.is_empty()).then(|| station.to_string()))
}

/// How far a volunteer can go to vote, in whole kilometres.
pub fn parse_travel_km(raw: &str) -> Result<i64, String> {
    match raw.trim().parse::<i64>() {
        Ok(km) if (0..=TRAVEL_MAX_KM).contains(&km) => Ok(km),
        _ => Err(format!(
            "Indiquez une distance en kilomètres, de 0 (ma commune seulement) à {TRAVEL_MAX_KM}."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_one_round_and_only_those_the_ballot_has() {
        assert!(parse_rounds(false, false, true).is_err());
        assert!(parse_rounds(false, true, false).is_err());
        assert_eq!(
            parse_rounds(true, true, true),
            Ok(Rounds {
                first: true,
                second: true
            })
        );
        assert_eq!(
            parse_rounds(false, true, true),
            Ok(Rounds {
                first: false,
                second: true
            })
        );
    }

    #[test]
    fn a_contact_is_a_phone_or_an_email_on_one_line() {
        assert_eq!(
            parse_contact("  06 12 34 56 78 "),
            Ok("06 12 34 56 78".into())
        );
        assert_eq!(
            parse_contact("louise@exemple.fr"),
            Ok("louise@exemple.fr".into())
        );
        assert!(parse_contact("").is_err());
        assert!(parse_contact("demandez Louise").is_err());
        assert!(parse_contact("06 12 34 56 78\nappelez").is_err());
        assert!(parse_contact(&"0".repeat(CONTACT_MAX + 1)).is_err());
    }

    #[test]
    fn the_polling_station_is_optional_and_short() {
        assert_eq!(parse_polling_station("  "), Ok(None));
        assert_eq!(
            parse_polling_station("Bureau 12, école Jules-Ferry"),
            Ok(Some("Bureau 12, école Jules-Ferry".into()))
        );
        assert!(parse_polling_station(&"x".repeat(STATION_MAX + 1)).is_err());
    }

    #[test]
    fn travel_is_whole_kilometres_up_to_the_maximum() {
        assert_eq!(parse_travel_km("0"), Ok(0));
        assert_eq!(parse_travel_km(" 15 "), Ok(15));
        assert_eq!(parse_travel_km("200"), Ok(200));
        assert!(parse_travel_km("201").is_err());
        assert!(parse_travel_km("-3").is_err());
        assert!(parse_travel_km("dix").is_err());
        assert!(parse_travel_km("").is_err());
    }
}
