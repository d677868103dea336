//! The staff's roles, and which role each back-office page needs. Staff used to be one role;
//! a movement's team is several: the admins (who read the audit log, manage API tokens and
//! export the signers), communication (mailings, deliverability), moderation (the programme),
//! groups and events (events to validate, action recipes, ballots and registration drives),
//! finance (donations and the material shop, which takes payments). Coordination writes the
//! programme's syntheses. An admin may do everything; any staff member sees the dashboard.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffRole {
    Admin,
    Communication,
    Moderation,
    GroupsEvents,
    Finance,
    Coordination,
}

impl StaffRole {
    pub const ALL: [StaffRole; 6] = [
        StaffRole::Admin,
        StaffRole::Communication,
        StaffRole::Moderation,
        StaffRole::GroupsEvents,
        StaffRole::Finance,
        StaffRole::Coordination,
    ];

    /// As stored, and as typed in `essaim admin grant EMAIL ROLE`.
    pub fn code(self) -> &'static str {
        match self {
            StaffRole::Admin => "admin",
            StaffRole::Communication => "communication",
            StaffRole::Moderation => "moderation",
            StaffRole::GroupsEvents => "groupes",
            StaffRole::Finance => "finance",
            StaffRole::Coordination => "coordination",
        }
    }

    pub fn from_code(code: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|role| role.code() == code)
    }

    /// As the back-office names it.
    pub fn label(self) -> &'static str {
        match self {
            StaffRole::Admin => "administration",
            StaffRole::Communication => "communication",
            StaffRole::Moderation => "modération",
            StaffRole::GroupsEvents => "groupes et événements",
            StaffRole::Finance => "finances (dons et matériel)",
            StaffRole::Coordination => "coordination du programme",
        }
    }
}

/// The role a back-office address needs: None for the dashboard (any staff member) and for
/// addresses outside the back-office. The most specific prefix comes first.
pub fn required_role(path: &str) -> Option<StaffRole> {
    const PAGES: &[(&str, StaffRole)] = &[
        ("/admin/journal", StaffRole::Admin),
        ("/admin/jetons", StaffRole::Admin),
        ("/admin/signatures.csv", StaffRole::Admin),
        ("/admin/envois", StaffRole::Communication),
        ("/admin/emails", StaffRole::Communication),
        ("/admin/programme/axes/*/synthese", StaffRole::Coordination),
        ("/admin/programme", StaffRole::Moderation),
        ("/admin/evenements", StaffRole::GroupsEvents),
        ("/admin/recettes", StaffRole::GroupsEvents),
        ("/admin/scrutins", StaffRole::GroupsEvents),
        ("/admin/inscriptions", StaffRole::GroupsEvents),
        ("/admin/dons", StaffRole::Finance),
        ("/admin/materiel", StaffRole::Finance),
    ];
    PAGES
        .iter()
        .find(|(prefix, _)| matches_prefix(path, prefix))
        .map(|(_, role)| *role)
}

/// Whether `path` is `prefix` or under it (`*` stands for one segment), segment by segment:
/// "/admin/donsXYZ" is not under "/admin/dons".
fn matches_prefix(path: &str, prefix: &str) -> bool {
    let mut segments = path.split('/');
    for wanted in prefix.split('/') {
        match segments.next() {
            Some(segment) if wanted == "*" || segment == wanted => {}
            _ => return false,
        }
    }
    true
}

/// Whether someone holding `held` may use a page that needs `needed`.
pub fn allows(held: &[StaffRole], needed: Option<StaffRole>) -> bool {
    match needed {
        None => true,
        Some(needed) => held.contains(&StaffRole::Admin) || held.contains(&needed),
    }
}

/// Whether `path` is a back-office address at all.
pub fn is_back_office(path: &str) -> bool {
    matches_prefix(path, "/admin")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_needs_its_role_and_the_dashboard_none() {
        assert_eq!(required_role("/admin"), None);
        assert_eq!(
            required_role("/admin/dons/export.csv"),
            Some(StaffRole::Finance)
        );
        assert_eq!(
            required_role("/admin/materiel/commandes/3"),
            Some(StaffRole::Finance)
        );
        assert_eq!(
            required_role("/admin/programme/axes/2"),
            Some(StaffRole::Moderation)
        );
        assert_eq!(
            required_role("/admin/programme/axes/2/synthese"),
            Some(StaffRole::Coordination)
        );
        assert_eq!(
            required_role("/admin/signatures.csv"),
            Some(StaffRole::Admin)
        );
        assert_eq!(
            required_role("/admin/signatures.csvx"),
            None,
            "segment by segment"
        );
        assert_eq!(required_role("/admin/journal"), Some(StaffRole::Admin));
        assert_eq!(required_role("/admin/donsXYZ"), None);
        assert_eq!(required_role("/programme"), None);
    }

    #[test]
    fn an_admin_may_do_everything_the_others_their_part() {
        assert!(allows(&[StaffRole::Admin], Some(StaffRole::Finance)));
        assert!(allows(&[StaffRole::Finance], Some(StaffRole::Finance)));
        assert!(!allows(&[StaffRole::Moderation], Some(StaffRole::Finance)));
        assert!(!allows(&[], Some(StaffRole::Communication)));
        assert!(allows(&[], None));
    }

    #[test]
    fn codes_read_back() {
        for role in StaffRole::ALL {
            assert_eq!(StaffRole::from_code(role.code()), Some(role));
        }
        assert_eq!(StaffRole::from_code("superuser"), None);
    }

    #[test]
    fn the_back_office_is_under_admin_only() {
        assert!(is_back_office("/admin"));
        assert!(is_back_office("/admin/dons"));
        assert!(!is_back_office("/administration"));
        assert!(!is_back_office("/"));
    }
}
