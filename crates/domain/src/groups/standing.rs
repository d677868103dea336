//! Where a person stands in a group, as "Mon espace" and their data export say it.

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Animator,
    Member,
    /// Asked to join; the email address is not confirmed yet.
    AwaitingEmail,
    /// Asked to join a full group that is dividing.
    AwaitingSplit,
}

impl Standing {
    /// From what the store keeps: a request's state, or "animator"/"member".
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "animator" => Some(Self::Animator),
            "member" => Some(Self::Member),
            "awaiting_email" => Some(Self::AwaitingEmail),
            "awaiting_split" => Some(Self::AwaitingSplit),
            _ => None,
        }
    }

    /// The words shown to the person (and written in their data export).
    pub fn label(self) -> &'static str {
        match self {
            Self::Animator => "animateur",
            Self::Member => "membre",
            Self::AwaitingEmail => "en attente de la confirmation de votre email",
            Self::AwaitingSplit => "en attente : le groupe est complet et se divise",
        }
    }

    /// A member (animator or not), as opposed to someone still waiting to join.
    pub fn is_member(self) -> bool {
        matches!(self, Self::Animator | Self::Member)
    }
}

impl TryFrom<String> for Standing {
    type Error = String;

    fn try_from(code: String) -> Result<Self, String> {
        Self::from_code(&code).ok_or_else(|| format!("unknown standing in a group: {code}"))
    }
}

impl Serialize for Standing {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_store_keeps_has_its_words() {
        for (code, words) in [
            ("animator", "animateur"),
            ("member", "membre"),
            (
                "awaiting_email",
                "en attente de la confirmation de votre email",
            ),
            (
                "awaiting_split",
                "en attente : le groupe est complet et se divise",
            ),
        ] {
            assert_eq!(Standing::from_code(code).map(Standing::label), Some(words));
        }
        assert_eq!(Standing::from_code("membre"), None);
    }

    #[test]
    fn only_animators_and_members_are_in_the_group() {
        assert!(Standing::Animator.is_member() && Standing::Member.is_member());
        assert!(!Standing::AwaitingEmail.is_member() && !Standing::AwaitingSplit.is_member());
    }
}
