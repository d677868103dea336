//! The life of a material order: `en attente de paiement → validée → exportée → expédiée →
//! livrée`, or `annulée`. Stock is taken when the order is placed (a paid order holds it while
//! the person pays) and given back when it is cancelled.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// Paid items: sent to the payment provider, no accepted payment notified yet.
    AwaitingPayment,
    /// Free, or paid: to be given to the logistics provider.
    Validated,
    /// In an export batch: the logistics provider has it.
    Exported,
    /// The carrier has it (a tracking number).
    Shipped,
    Delivered,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 6] = [
        Self::AwaitingPayment,
        Self::Validated,
        Self::Exported,
        Self::Shipped,
        Self::Delivered,
        Self::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "awaiting_payment",
            Self::Validated => "validated",
            Self::Exported => "exported",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }

    /// As the person and staff read it.
    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "en attente de paiement",
            Self::Validated => "validée",
            Self::Exported => "exportée",
            Self::Shipped => "expédiée",
            Self::Delivered => "livrée",
            Self::Cancelled => "annulée",
        }
    }

    /// The moves the fulfilment allows; anything else is refused (a delivered order is not
    /// cancelled, an exported one is not exported twice).
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (AwaitingPayment, Validated)
                | (AwaitingPayment, Cancelled)
                | (Validated, Exported)
                | (Validated, Cancelled)
                | (Exported, Shipped)
                | (Exported, Cancelled)
                | (Shipped, Delivered)
        )
    }

    /// The person may cancel their own order until the logistics provider has it.
    pub fn cancellable_by_person(self) -> bool {
        matches!(self, Self::AwaitingPayment | Self::Validated)
    }
}

impl TryFrom<String> for OrderStatus {
    type Error = String;
    fn try_from(code: String) -> Result<Self, String> {
        Self::parse(&code).ok_or_else(|| format!("unknown order status {code:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::*;
    use super::*;

    #[test]
    fn codes_round_trip() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.code()), Some(status));
        }
        assert_eq!(OrderStatus::parse("paid"), None);
    }

    #[test]
    fn the_chain_moves_forward_only() {
        assert!(AwaitingPayment.can_become(Validated));
        assert!(Validated.can_become(Exported));
        assert!(Exported.can_become(Shipped));
        assert!(Shipped.can_become(Delivered));
        assert!(!AwaitingPayment.can_become(Exported));
        assert!(!Validated.can_become(Shipped));
        assert!(!Exported.can_become(Validated));
        assert!(!Delivered.can_become(Cancelled));
        assert!(!Shipped.can_become(Cancelled));
        assert!(!Cancelled.can_become(Validated));
    }

    #[test]
    fn a_person_cancels_only_before_the_export() {
        assert!(AwaitingPayment.cancellable_by_person());
        assert!(Validated.cancellable_by_person());
        assert!(!Exported.cancellable_by_person());
        assert!(!Delivered.cancellable_by_person());
    }
}
