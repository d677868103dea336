//! Reports: anyone logged in may report a contribution or a comment, with a reason. Decidim's
//! rule: the report of a third distinct person hides it until a moderator decides.

use crate::text::parse_text;

/// Reports from distinct people that hide a contribution or a comment.
pub const HIDE_AT: i64 = 3;

pub const DETAIL_MAX: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportReason {
    Offensive,
    OffTopic,
    Spam,
    PersonalData,
    Duplicate,
    Other,
}

impl ReportReason {
    pub const ALL: [Self; 6] = [
        Self::Offensive,
        Self::OffTopic,
        Self::Spam,
        Self::PersonalData,
        Self::Duplicate,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Offensive => "injurieux",
            Self::OffTopic => "hors-sujet",
            Self::Spam => "publicite",
            Self::PersonalData => "donnees-personnelles",
            Self::Duplicate => "doublon",
            Self::Other => "autre",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Offensive => "Injurieux, haineux ou illégal",
            Self::OffTopic => "Hors sujet",
            Self::Spam => "Publicité ou spam",
            Self::PersonalData => "Expose des données personnelles",
            Self::Duplicate => "Doublon d'une autre contribution",
            Self::Other => "Autre raison",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub reason: ReportReason,
    pub detail: Option<String>,
}

/// "Autre raison" must say which.
pub fn parse_report(reason: &str, detail: &str) -> Result<Report, String> {
    let reason = ReportReason::from_code(reason)
        .ok_or_else(|| "Choisissez la raison du signalement.".to_string())?;
    let detail = parse_text(detail, "la précision", DETAIL_MAX, true)?;
    if reason == ReportReason::Other && detail.is_none() {
        return Err("Précisez la raison du signalement.".into());
    }
    Ok(Report { reason, detail })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_has_a_known_reason_and_other_must_say_which() {
        assert_eq!(
            parse_report("doublon", "").unwrap().reason,
            ReportReason::Duplicate
        );
        assert!(parse_report("", "").is_err());
        assert!(parse_report("nimporte", "").is_err());
        assert!(parse_report("autre", " ").is_err());
        assert_eq!(
            parse_report("autre", "Faux").unwrap().detail.as_deref(),
            Some("Faux")
        );
        for reason in ReportReason::ALL {
            assert_eq!(ReportReason::from_code(reason.code()), Some(reason));
        }
    }
}
