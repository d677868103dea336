//! The mandataire's file: one line per payment, as the CNCCFP's paperless upload takes it
//! (UTF-8, tab-separated, a header line), and the same lines for a spreadsheet.

use jiff::civil::Date;

use super::{Cents, Civility, PaymentMethod};

/// One payment of the ledger, refunds included (with a negative amount).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerLine {
    /// Unique and never reused: `DON-000042` from the ledger's id.
    pub accounting_id: String,
    pub method: PaymentMethod,
    pub refund: bool,
    pub date: Date,
    /// The donor's number in our files (same person, same number across payments).
    pub donor_id: String,
    pub civility: Civility,
    pub last_name: String,
    pub first_name: String,
    pub address: String,
    pub postal_code: String,
    pub commune: String,
    pub country: String,
    pub amount: Cents,
    /// The provider's transaction id, or the cheque's reference.
    pub reference: String,
}

pub const HEADER: [&str; 14] = [
    "identifiant_comptable",
    "type_paiement",
    "date",
    "identifiant_donateur",
    "civilite",
    "nom",
    "prenom",
    "adresse_fiscale",
    "code_postal",
    "commune",
    "pays",
    "devise",
    "montant",
    "reference",
];

impl LedgerLine {
    pub fn accounting_id(ledger_id: i64) -> String {
        format!("DON-{ledger_id:06}")
    }

    /// The cells in `HEADER` order: dates `JJ/MM/AAAA`, amounts with a decimal comma.
    pub fn cells(&self) -> [String; 14] {
        let payment_type = match (self.refund, self.method) {
            (true, _) => "Remboursement CB",
            (false, PaymentMethod::Card) => "CB",
            (false, PaymentMethod::Cheque) => "Chèque",
            (false, PaymentMethod::Cash) => "Espèces",
        };
        [
            self.accounting_id.clone(),
            payment_type.into(),
            format!(
                "{:02}/{:02}/{:04}",
                self.date.day(),
                self.date.month(),
                self.date.year()
            ),
            self.donor_id.clone(),
            self.civility.abbreviation().into(),
            self.last_name.clone(),
            self.first_name.clone(),
            self.address.clone(),
            self.postal_code.clone(),
            self.commune.clone(),
            self.country.clone(),
            "EUR".into(),
            self.amount.decimal().replace('.', ","),
            self.reference.clone(),
        ]
    }
}

/// The TSV file: a tab or a line break inside a value would shift the columns, so each is
/// written as a space (none can come from our forms; this is the last guard).
pub fn tsv(lines: &[LedgerLine]) -> String {
    let mut out = HEADER.join("\t");
    out.push('\n');
    for line in lines {
        let cells: Vec<String> = line
            .cells()
            .iter()
            .map(|cell| cell.replace(['\t', '\n', '\r'], " "))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn line(id: i64, amount: i64, refund: bool) -> LedgerLine {
        LedgerLine {
            accounting_id: LedgerLine::accounting_id(id),
            method: PaymentMethod::Card,
            refund,
            date: date(2026, 3, 9),
            donor_id: "P000007".into(),
            civility: Civility::Madame,
            last_name: "Michel".into(),
            first_name: "Louise".into(),
            address: "12 rue de la Commune".into(),
            postal_code: "75011".into(),
            commune: "Paris".into(),
            country: "FR".into(),
            amount: Cents::new(amount),
            reference: "4b1e…".into(),
        }
    }

    #[test]
    fn tsv_lines_follow_the_header() {
        let file = tsv(&[line(42, 2050, false), line(43, -2050, true)]);
        let rows: Vec<&str> = file.lines().collect();
        assert_eq!(rows[0].split('\t').count(), 14);
        assert_eq!(
            rows[1],
            "DON-000042\tCB\t09/03/2026\tP000007\tMme\tMichel\tLouise\t12 rue de la Commune\t75011\tParis\tFR\tEUR\t20,50\t4b1e…"
        );
        assert!(rows[2].starts_with("DON-000043\tRemboursement CB\t"));
        assert!(rows[2].contains("\t-20,50\t"));
    }
}
