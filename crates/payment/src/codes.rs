//! The provider's enumerated values that our rules depend on, read from their codes once.
//! Sources: docs.lyra.com/en/collect/form-payment/reference/vads-trans-status.html,
//! …/vads-url-check-src.html and paiement.systempay.fr/doc/en-EN/form-payment/standard-payment/
//! analyzing-the-nature-of-the-notification.html, and the vads_operation_type dictionary page.
//! Codes we do not act on are kept as `Other` rather than refused: the provider adds values over
//! time, and refusing a signed IPN only makes it retry.

/// `vads_operation_type`: a debit (a gift), a credit (a refund), or a verification (a card
/// registered with no payment, as REGISTER_SUBSCRIBE does when it creates a subscription).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Debit,
    Credit,
    Verification,
}

impl Operation {
    pub fn parse(code: &str) -> Option<Operation> {
        match code {
            "DEBIT" => Some(Operation::Debit),
            "CREDIT" => Some(Operation::Credit),
            "VERIFICATION" => Some(Operation::Verification),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Debit => "DEBIT",
            Operation::Credit => "CREDIT",
            Operation::Verification => "VERIFICATION",
        }
    }
}

/// `vads_trans_status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransStatus {
    Authorised,
    AuthorisedToValidate,
    Captured,
    /// The outcome of a successful VERIFICATION (a subscription created); never captured.
    Accepted,
    Refused,
    Abandoned,
    Cancelled,
    Expired,
    Other(String),
}

impl TransStatus {
    pub fn parse(code: &str) -> TransStatus {
        match code {
            "AUTHORISED" => TransStatus::Authorised,
            "AUTHORISED_TO_VALIDATE" => TransStatus::AuthorisedToValidate,
            "CAPTURED" => TransStatus::Captured,
            "ACCEPTED" => TransStatus::Accepted,
            "REFUSED" => TransStatus::Refused,
            "ABANDONED" => TransStatus::Abandoned,
            "CANCELLED" => TransStatus::Cancelled,
            "EXPIRED" => TransStatus::Expired,
            other => TransStatus::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            TransStatus::Authorised => "AUTHORISED",
            TransStatus::AuthorisedToValidate => "AUTHORISED_TO_VALIDATE",
            TransStatus::Captured => "CAPTURED",
            TransStatus::Accepted => "ACCEPTED",
            TransStatus::Refused => "REFUSED",
            TransStatus::Abandoned => "ABANDONED",
            TransStatus::Cancelled => "CANCELLED",
            TransStatus::Expired => "EXPIRED",
            TransStatus::Other(code) => code,
        }
    }

    /// The money is (or will be, without anyone acting) with us, or the card is registered.
    /// Anything else — refused, abandoned, waiting, unknown — is not a gift.
    pub fn is_success(&self) -> bool {
        matches!(
            self,
            TransStatus::Authorised
                | TransStatus::AuthorisedToValidate
                | TransStatus::Captured
                | TransStatus::Accepted
        )
    }
}

/// `vads_url_check_src`: why this IPN was sent. RETRY and BO are re-sends of a notification
/// already sent (automatic, or by hand from the back office); REC is a subscription instalment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckSource {
    Pay,
    Bo,
    Batch,
    BatchAuto,
    Rec,
    MerchBo,
    Retry,
    Other(String),
}

impl CheckSource {
    pub fn parse(code: &str) -> CheckSource {
        match code {
            "PAY" => CheckSource::Pay,
            "BO" => CheckSource::Bo,
            "BATCH" => CheckSource::Batch,
            "BATCH_AUTO" => CheckSource::BatchAuto,
            "REC" => CheckSource::Rec,
            "MERCH_BO" => CheckSource::MerchBo,
            "RETRY" => CheckSource::Retry,
            other => CheckSource::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            CheckSource::Pay => "PAY",
            CheckSource::Bo => "BO",
            CheckSource::Batch => "BATCH",
            CheckSource::BatchAuto => "BATCH_AUTO",
            CheckSource::Rec => "REC",
            CheckSource::MerchBo => "MERCH_BO",
            CheckSource::Retry => "RETRY",
            CheckSource::Other(code) => code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        for code in ["DEBIT", "CREDIT", "VERIFICATION"] {
            assert_eq!(Operation::parse(code).unwrap().as_str(), code);
        }
        for code in [
            "AUTHORISED",
            "AUTHORISED_TO_VALIDATE",
            "CAPTURED",
            "ACCEPTED",
            "REFUSED",
        ] {
            assert_eq!(TransStatus::parse(code).as_str(), code);
        }
        for code in [
            "PAY",
            "BO",
            "BATCH",
            "BATCH_AUTO",
            "REC",
            "MERCH_BO",
            "RETRY",
            "DCF",
        ] {
            assert_eq!(CheckSource::parse(code).as_str(), code);
        }
        assert_eq!(Operation::parse("REFUND"), None);
    }

    #[test]
    fn only_authorised_captured_or_accepted_payments_are_successes() {
        let successes = [
            "AUTHORISED",
            "AUTHORISED_TO_VALIDATE",
            "CAPTURED",
            "ACCEPTED",
        ];
        for code in successes {
            assert!(TransStatus::parse(code).is_success(), "{code}");
        }
        for code in [
            "REFUSED",
            "ABANDONED",
            "CANCELLED",
            "EXPIRED",
            "WAITING_AUTHORISATION",
            "",
        ] {
            assert!(!TransStatus::parse(code).is_success(), "{code}");
        }
    }
}
