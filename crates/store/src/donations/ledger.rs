//! What staff read of the donations: the ledger (filtered, paged), its totals per day and per
//! month, the lines of the treasurer's file, and what went wrong (gifts refused for the cap,
//! failed instalments, notifications not processed).

use essaim_domain::donations::export::LedgerLine;
use essaim_domain::donations::{Cents, Civility, PaymentMethod};
use essaim_domain::ids::{GiftId, PaymentId, PersonId};
use jiff::civil::Date;

use crate::{Store, StoreError};

/// Which ledger lines staff look at; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerFilter {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub method: Option<PaymentMethod>,
    /// Part of the donor's first name, last name or email.
    pub search: Option<String>,
}

/// One line of the ledger with its donor as they declared themselves on the gift.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LedgerEntry {
    #[sqlx(try_from = "i64")]
    pub id: PaymentId,
    #[sqlx(try_from = "i64")]
    pub gift_id: GiftId,
    /// `AAAA-MM-JJ`.
    pub paid_on: String,
    pub method: String,
    pub amount_cents: i64,
    #[sqlx(try_from = "crate::rows::Flag")]
    pub refund: bool,
    #[sqlx(try_from = "crate::rows::Flag")]
    pub monthly: bool,
    pub reference: String,
    pub civility: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub postal_code: String,
    pub commune: String,
    pub country: String,
    /// None once the donor deleted their account (the line stays: the law wants it).
    #[sqlx(try_from = "crate::rows::NullableId")]
    pub person_id: Option<PersonId>,
}

impl LedgerEntry {
    pub fn amount(&self) -> Cents {
        Cents::new(self.amount_cents)
    }

    pub fn accounting_id(&self) -> String {
        LedgerLine::accounting_id(self.id.get())
    }
}

/// A page of the ledger, and what the whole filtered ledger adds up to.
#[derive(Debug, Clone)]
pub struct LedgerPage {
    pub entries: Vec<LedgerEntry>,
    pub count: i64,
    pub total: Cents,
}

/// The sum of the ledger over a day (`AAAA-MM-JJ`) or a month (`AAAA-MM`), refunds deducted.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PeriodTotal {
    pub period: String,
    pub total_cents: i64,
    pub payments: i64,
}

/// A gift refused because the person would have passed the cap.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CapRefusal {
    pub email_norm: String,
    pub first_name: String,
    pub last_name: String,
    pub postal_code: String,
    pub asked_cents: i64,
    pub remaining_cents: i64,
    pub created_at: i64,
}

/// An instalment of a monthly gift the provider could not take.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FailedInstalment {
    pub trans_uuid: String,
    pub received_at: i64,
    #[sqlx(try_from = "i64")]
    pub gift_id: GiftId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub amount_cents: i64,
    /// Failures of this monthly gift so far.
    pub failures: i64,
    pub monthly_status: String,
}

/// A notification of the provider that was not processed (replay, changed replay, unknown
/// order or refund, wrong amount).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RejectedNotice {
    pub trans_uuid: String,
    /// `doublon`, `contenu_modifie`, `commande_inconnue`, `remboursement_inconnu`, `annulation_a_faire`,
    /// `montant_different`.
    pub outcome: String,
    pub received_at: i64,
}

const ENTRY_COLUMNS: &str = "p.id, p.gift_id, p.paid_on, p.method, p.amount_cents, \
    CASE WHEN p.refunds_payment_id IS NULL THEN 0 ELSE 1 END AS refund, \
    CASE WHEN p.monthly_gift_id IS NULL THEN 0 ELSE 1 END AS monthly, p.reference, \
    g.civility, g.first_name, g.last_name, g.email, g.postal_code, g.commune, g.country, g.person_id";

/// A WHERE clause over `payments p JOIN gifts g` and its text parameters, `$1…` in order.
fn conditions(filter: &LedgerFilter) -> (String, Vec<String>) {
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    let mut add = |clause: &str, value: String| {
        binds.push(value);
        clauses.push(clause.replace('?', &format!("${}", binds.len())));
    };
    if let Some(from) = filter.from {
        add("p.paid_on >= ?", from.to_string());
    }
    if let Some(to) = filter.to {
        add("p.paid_on <= ?", to.to_string());
    }
    if let Some(method) = filter.method {
        add("p.method = ?", method.code().to_string());
    }
    if let Some(search) = filter.search.as_deref().map(str::trim) {
        if !search.is_empty() {
            let escaped = search
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            add(
                "(LOWER(g.first_name || ' ' || g.last_name) LIKE ? ESCAPE '\\' \
                 OR LOWER(g.last_name || ' ' || g.first_name) LIKE ? ESCAPE '\\' \
                 OR g.email_norm LIKE ? ESCAPE '\\')",
                format!("%{escaped}%"),
            );
        }
    }
    if clauses.is_empty() {
        (String::new(), binds)
    } else {
        (format!("WHERE {}", clauses.join(" AND ")), binds)
    }
}

#[derive(sqlx::FromRow)]
struct PageTotals {
    count: i64,
    total: i64,
}

/// A ledger line with what the treasurer's file needs of the gift.
#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    method: String,
    refund: i64,
    paid_on: String,
    donor_gift: i64,
    civility: String,
    last_name: String,
    first_name: String,
    address_line1: String,
    address_line2: Option<String>,
    postal_code: String,
    commune: String,
    country: String,
    amount_cents: i64,
    reference: String,
}

fn unreadable(what: &str, value: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(
        format!("unknown {what} {value:?} in the ledger").into(),
    ))
}

impl LineRow {
    fn into_line(self) -> Result<LedgerLine, StoreError> {
        let method =
            PaymentMethod::parse(&self.method).ok_or_else(|| unreadable("method", &self.method))?;
        let civility = Civility::parse(&self.civility)
            .ok_or_else(|| unreadable("civility", &self.civility))?;
        let date = self
            .paid_on
            .parse::<Date>()
            .map_err(|_| unreadable("date", &self.paid_on))?;
        let address = match self.address_line2.as_deref().map(str::trim) {
            Some(line2) if !line2.is_empty() => format!("{}, {line2}", self.address_line1),
            _ => self.address_line1,
        };
        Ok(LedgerLine {
            accounting_id: LedgerLine::accounting_id(self.id),
            method,
            refund: self.refund != 0,
            date,
            donor_id: donor_id(self.donor_gift),
            civility,
            last_name: self.last_name,
            first_name: self.first_name,
            address,
            postal_code: self.postal_code,
            commune: self.commune,
            country: self.country,
            amount: Cents::new(self.amount_cents),
            reference: self.reference,
        })
    }
}

/// The donor's number in the treasurer's file: `D` and the smallest gift id of the ledger lines
/// with the same normalised email. The same person (by email) gets the same number on every
/// line and in every export; gifts never paid do not count, so the retention purge of unpaid
/// gifts cannot change it. (Matching on the email only, not on name and postal code as the
/// cap does: two namesakes in one town must not share a number.)
pub fn donor_id(smallest_gift_id: i64) -> String {
    format!("D{smallest_gift_id:06}")
}

impl Store {
    /// The lines matching `filter`, newest first, `per_page` from `page` (0-based), and what all
    /// the matching lines add up to.
    pub async fn ledger_page(
        &self,
        filter: &LedgerFilter,
        page: i64,
        per_page: i64,
    ) -> Result<LedgerPage, StoreError> {
        let (clause, binds) = conditions(filter);
        let totals_sql = format!(
            "SELECT COUNT(*) AS count, CAST(COALESCE(SUM(p.amount_cents), 0) AS BIGINT) AS total \
             FROM payments p JOIN gifts g ON g.id = p.gift_id {clause}"
        );
        let mut totals = sqlx::query_as::<_, PageTotals>(&totals_sql);
        for bind in &binds {
            totals = totals.bind(bind);
        }
        let totals = totals.fetch_one(&self.pool).await?;
        let entries_sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM payments p JOIN gifts g ON g.id = p.gift_id {clause} \
             ORDER BY p.paid_on DESC, p.id DESC LIMIT {} OFFSET {}",
            per_page.max(1),
            page.max(0) * per_page.max(1)
        );
        let mut entries = sqlx::query_as::<_, LedgerEntry>(&entries_sql);
        for bind in &binds {
            entries = entries.bind(bind);
        }
        Ok(LedgerPage {
            entries: entries.fetch_all(&self.pool).await?,
            count: totals.count,
            total: Cents::new(totals.total),
        })
    }

    /// Totals of the days from `from` to `to` that have ledger lines, oldest first.
    pub async fn ledger_totals_per_day(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<PeriodTotal>, StoreError> {
        self.ledger_totals("paid_on", from, to).await
    }

    /// Totals of the months from `from` to `to` that have ledger lines, oldest first.
    pub async fn ledger_totals_per_month(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<PeriodTotal>, StoreError> {
        self.ledger_totals("SUBSTR(paid_on, 1, 7)", from, to).await
    }

    async fn ledger_totals(
        &self,
        period: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<PeriodTotal>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {period} AS period, CAST(SUM(amount_cents) AS BIGINT) AS total_cents, \
             COUNT(*) AS payments FROM payments WHERE paid_on >= $1 AND paid_on <= $2 \
             GROUP BY {period} ORDER BY {period}"
        ))
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// The treasurer's file: every line received from `from` to `to` (both optional), in the
    /// order of the ledger.
    pub async fn ledger_lines(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<LedgerLine>, StoreError> {
        let filter = LedgerFilter {
            from,
            to,
            ..LedgerFilter::default()
        };
        let (clause, binds) = conditions(&filter);
        let sql = format!(
            "SELECT p.id, p.method, CASE WHEN p.refunds_payment_id IS NULL THEN 0 ELSE 1 END AS refund, \
             p.paid_on, (SELECT MIN(d.gift_id) FROM payments d WHERE d.email_norm = p.email_norm) AS donor_gift, \
             g.civility, g.last_name, g.first_name, g.address_line1, g.address_line2, g.postal_code, \
             g.commune, g.country, p.amount_cents, p.reference \
             FROM payments p JOIN gifts g ON g.id = p.gift_id {clause} ORDER BY p.paid_on, p.id"
        );
        let mut query = sqlx::query_as::<_, LineRow>(&sql);
        for bind in &binds {
            query = query.bind(bind);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(LineRow::into_line)
            .collect()
    }

    /// The latest gifts refused for the cap, newest first.
    pub async fn cap_refusals(&self, limit: i64) -> Result<Vec<CapRefusal>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT email_norm, first_name, last_name, postal_code, asked_cents, remaining_cents, \
             created_at FROM cap_refusals ORDER BY created_at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The latest instalments the provider could not take, newest first.
    pub async fn failed_instalments(
        &self,
        limit: i64,
    ) -> Result<Vec<FailedInstalment>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT t.trans_uuid, t.received_at, g.id AS gift_id, g.first_name, g.last_name, g.email, \
             COALESCE(m.amount_cents, g.amount_cents) AS amount_cents, COALESCE(m.failures, 0) AS failures, \
             COALESCE(m.status, '') AS monthly_status \
             FROM provider_transactions t JOIN gifts g ON g.id = t.gift_id \
             LEFT JOIN monthly_gifts m ON m.gift_id = g.id \
             WHERE t.operation = 'instalment' AND t.outcome = 'refused' \
             ORDER BY t.received_at DESC, t.trans_uuid LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The latest notifications not processed, newest first.
    pub async fn rejected_notices(&self, limit: i64) -> Result<Vec<RejectedNotice>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT trans_uuid, outcome, received_at FROM provider_notification_log \
             ORDER BY received_at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn filters_become_numbered_parameters_and_search_wildcards_are_escaped() {
        let (clause, binds) = conditions(&LedgerFilter {
            from: Some(date(2026, 1, 1)),
            to: None,
            method: Some(PaymentMethod::Cheque),
            search: Some(" 50%_Dupont ".into()),
        });
        assert_eq!(
            clause.matches("$1").count() + clause.matches("$2").count(),
            2
        );
        assert_eq!(clause.matches("$3").count(), 3, "{clause}");
        assert_eq!(binds, ["2026-01-01", "cheque", "%50\\%\\_dupont%"]);
        assert_eq!(conditions(&LedgerFilter::default()).0, "");
    }

    #[test]
    fn donor_ids_are_padded() {
        assert_eq!(donor_id(42), "D000042");
    }
}
