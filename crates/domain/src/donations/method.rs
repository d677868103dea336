//! How the money came: by card through the provider, or by cheque or cash handed to the
//! movement and entered by staff. Above 150 € a gift may not be paid in cash (L52-8).

use jiff::civil::Date;

use super::{Cents, Donor, DonorForm};
use crate::FieldErrors;

/// The largest gift that may be handed over in cash.
pub const CASH_LIMIT: Cents = Cents::euros(150);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentMethod {
    Card,
    Cheque,
    Cash,
}

impl PaymentMethod {
    pub fn code(self) -> &'static str {
        match self {
            Self::Card => "carte",
            Self::Cheque => "cheque",
            Self::Cash => "especes",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "carte" => Some(Self::Card),
            "cheque" => Some(Self::Cheque),
            "especes" => Some(Self::Cash),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Card => "Carte bancaire",
            Self::Cheque => "Chèque",
            Self::Cash => "Espèces",
        }
    }

    pub fn allows(self, amount: Cents) -> Result<(), String> {
        if self == Self::Cash && amount > CASH_LIMIT {
            return Err(format!(
                "Au-delà de {CASH_LIMIT}, un don ne peut pas être versé en espèces (article L52-8 \
                 du code électoral) : chèque, virement ou carte seulement."
            ));
        }
        Ok(())
    }
}

/// A cheque or cash gift as staff type it from the paper form that came with it.
#[derive(Debug, Clone, Default)]
pub struct StaffEntryForm {
    pub donor: DonorForm,
    pub amount: String,
    pub method: String,
    /// `AAAA-MM-JJ`, the day the cheque or cash was received.
    pub received_on: String,
    /// The cheque's number and bank, or the receipt book's reference for cash.
    pub reference: String,
}

#[derive(Debug, Clone)]
pub struct StaffEntry {
    pub donor: Donor,
    pub amount: Cents,
    pub method: PaymentMethod,
    pub received_on: Date,
    pub reference: Option<String>,
}

impl StaffEntryForm {
    /// `today` bounds the date: a gift is not received in the future.
    pub fn parse(&self, maximum: Cents, today: Date) -> Result<StaffEntry, FieldErrors> {
        let mut errors = FieldErrors::default();
        let donor = self.donor.parse(&mut errors);
        let amount = errors.take("amount", Cents::parse_euros(&self.amount, maximum));
        let method = match PaymentMethod::parse(self.method.trim()) {
            Some(PaymentMethod::Card) | None => {
                errors.add("method", "Choisissez « Chèque » ou « Espèces ».");
                None
            }
            Some(method) => Some(method),
        };
        if let (Some(method), Some(amount)) = (method, amount) {
            if let Err(message) = method.allows(amount) {
                errors.add("method", message);
            }
        }
        let received_on = match parse_day(&self.received_on) {
            Some(day) if day <= today => Some(day),
            Some(_) => {
                errors.add(
                    "received_on",
                    "La date de réception ne peut pas être future.",
                );
                None
            }
            None => {
                errors.add("received_on", "Indiquez la date de réception (jj/mm/aaaa).");
                None
            }
        };
        let reference = errors.take(
            "reference",
            crate::text::parse_text(&self.reference, "la référence", 80, false),
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        match (donor, amount, method, received_on, reference) {
            (Some(donor), Some(amount), Some(method), Some(received_on), Some(reference)) => {
                Ok(StaffEntry {
                    donor,
                    amount,
                    method,
                    received_on,
                    reference,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A day as a date field sends it (`2026-11-30`) or as people type it (`30/11/2026`).
pub fn parse_day(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    if let Ok(day) = raw.parse::<Date>() {
        return Some(day);
    }
    let mut parts = raw.split('/').map(|p| p.trim().parse::<i16>().ok());
    let (Some(Some(d)), Some(Some(m)), Some(Some(y)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn entry(amount: &str, method: &str, received_on: &str) -> Result<StaffEntry, FieldErrors> {
        let form = StaffEntryForm {
            donor: super::super::donor::tests::french_donor(),
            amount: amount.into(),
            method: method.into(),
            received_on: received_on.into(),
            reference: "Chèque n° 1234567, Banque Populaire".into(),
        };
        form.parse(Cents::euros(7_500), date(2026, 12, 1))
    }

    #[test]
    fn cash_is_taken_up_to_150_euros_and_cheques_above() {
        assert_eq!(
            entry("150", "especes", "2026-11-30").unwrap().method,
            PaymentMethod::Cash
        );
        assert!(entry("150,01", "especes", "2026-11-30")
            .unwrap_err()
            .get("method")
            .is_some());
        assert_eq!(
            entry("500", "cheque", "2026-11-30").unwrap().amount,
            Cents::euros(500)
        );
    }

    #[test]
    fn staff_cannot_enter_a_card_gift_or_a_future_date() {
        assert!(entry("20", "carte", "2026-11-30")
            .unwrap_err()
            .get("method")
            .is_some());
        assert!(entry("20", "cheque", "2026-12-02")
            .unwrap_err()
            .get("received_on")
            .is_some());
        assert!(entry("20", "cheque", "hier")
            .unwrap_err()
            .get("received_on")
            .is_some());
        assert_eq!(
            entry("20", "cheque", "30/11/2026").unwrap().received_on,
            date(2026, 11, 30)
        );
    }
}
