//! Where a signature stands.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureStatus {
    Pending,
    Confirmed,
    Fraud,
}

impl SignatureStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Fraud => "fraud",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pending" => Some(Self::Pending),
            "confirmed" => Some(Self::Confirmed),
            "fraud" => Some(Self::Fraud),
            _ => None,
        }
    }

    /// What the signer sees in "Mon espace". A fraud mark is never revealed: the person is told
    /// the signature awaits confirmation, exactly as a pending one.
    pub fn label_for_signer(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmée",
            Self::Pending | Self::Fraud => "en attente de confirmation",
        }
    }
}
