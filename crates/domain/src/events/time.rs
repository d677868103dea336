//! Local times of events. People type the time of the place (Paris, Pointe-à-Pitre, Nouméa…);
//! we store the instant (Unix seconds) and the zone, and show it back in the zone, in French.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The zones of France and its overseas territories, as offered in the form.
pub const TIMEZONES: [(&str, &str); 11] = [
    ("Europe/Paris", "France métropolitaine, Corse"),
    (
        "America/Guadeloupe",
        "Guadeloupe, Saint-Martin, Saint-Barthélemy",
    ),
    ("America/Martinique", "Martinique"),
    ("America/Cayenne", "Guyane"),
    ("Indian/Reunion", "La Réunion"),
    ("Indian/Mayotte", "Mayotte"),
    ("America/Miquelon", "Saint-Pierre-et-Miquelon"),
    ("Pacific/Noumea", "Nouvelle-Calédonie"),
    ("Pacific/Tahiti", "Polynésie française"),
    ("Pacific/Wallis", "Wallis-et-Futuna"),
    ("UTC", "Temps universel (en ligne)"),
];

pub fn known_timezone(name: &str) -> Option<&'static str> {
    TIMEZONES
        .iter()
        .map(|(zone, _)| *zone)
        .find(|zone| *zone == name.trim())
}

/// "2026-12-12" + "20:30" in `zone` → Unix seconds. `what` names the field in messages.
pub fn instant_of(date: &str, time: &str, zone: &str, what: &str) -> Result<i64, String> {
    let date = date.trim();
    let time = time.trim();
    if date.is_empty() || time.is_empty() {
        return Err(format!("Indiquez la date et l'heure de {what}."));
    }
    let civil: DateTime = format!("{date}T{time}").parse().map_err(|_| {
        format!("La date ou l'heure de {what} n'est pas valide (exemple : 2026-12-12 et 20:30).")
    })?;
    let tz =
        TimeZone::get(zone).map_err(|_| "Choisissez un fuseau horaire de la liste.".to_string())?;
    let zoned = civil
        .to_zoned(tz)
        .map_err(|_| format!("La date de {what} n'est pas valide."))?;
    Ok(zoned.timestamp().as_second())
}

/// The local date ("2026-12-12") and time ("20:30") of an instant in `zone`, for forms.
pub fn local_parts(instant: i64, zone: &str) -> (String, String) {
    let Some(zoned) = zoned(instant, zone) else {
        return (String::new(), String::new());
    };
    (
        zoned.strftime("%Y-%m-%d").to_string(),
        zoned.strftime("%H:%M").to_string(),
    )
}

fn zoned(instant: i64, zone: &str) -> Option<jiff::Zoned> {
    let tz = TimeZone::get(zone).ok()?;
    Some(Timestamp::from_second(instant).ok()?.to_zoned(tz))
}

/// "samedi 12 décembre 2026 à 20 h 30", in the event's zone.
pub fn french_date_time(instant: i64, zone: &str) -> String {
    let Some(z) = zoned(instant, zone) else {
        return String::new();
    };
    const DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    let day = DAYS[z.weekday().to_monday_zero_offset() as usize];
    format!(
        "{day} {} à {} h {:02}",
        crate::calendar::french_date(z.date()),
        z.hour(),
        z.minute()
    )
}

/// "20 h 30", in the event's zone.
pub fn french_time(instant: i64, zone: &str) -> String {
    zoned(instant, zone).map_or_else(String::new, |z| format!("{} h {:02}", z.hour(), z.minute()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_time_is_the_right_instant_in_each_zone() {
        // 20:30 in Paris in winter is 19:30 UTC; in Nouméa (UTC+11) it is 09:30 UTC.
        let paris = instant_of("2026-12-12", "20:30", "Europe/Paris", "début").unwrap();
        assert_eq!(paris, 1_797_103_800);
        let noumea = instant_of("2026-12-12", "20:30", "Pacific/Noumea", "début").unwrap();
        assert_eq!(paris - noumea, 10 * 3600);
        assert_eq!(
            local_parts(paris, "Europe/Paris"),
            ("2026-12-12".into(), "20:30".into())
        );
        assert_eq!(
            french_date_time(paris, "Europe/Paris"),
            "samedi 12 décembre 2026 à 20 h 30"
        );
        assert_eq!(french_time(noumea, "Pacific/Noumea"), "20 h 30");
    }

    #[test]
    fn bad_dates_and_zones_get_messages() {
        assert!(instant_of("2026-02-30", "10:00", "Europe/Paris", "début").is_err());
        assert!(instant_of("demain", "10:00", "Europe/Paris", "début").is_err());
        assert!(instant_of("", "", "Europe/Paris", "début")
            .unwrap_err()
            .contains("Indiquez"));
        assert!(instant_of("2026-12-12", "10:00", "Mars/Olympus", "début").is_err());
        assert_eq!(known_timezone("Indian/Reunion"), Some("Indian/Reunion"));
        assert_eq!(known_timezone("Europe/Berlin"), None);
    }
}
