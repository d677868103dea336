//! GET /admin/dons: the ledger, filtered by a form that works without JavaScript (GET), its
//! totals per day and per month, and the lists of what went wrong.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::donations::{Cents, PaymentMethod};
use essaim_domain::FieldErrors;
use essaim_store::donations::{LedgerEntry, LedgerFilter, PeriodTotal};
use essaim_store::now;
use jiff::ToSpan;
use serde::Deserialize;

use super::{day_label, optional_day};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::pages::admin_chart::{bar_chart, Bar};
use crate::pages::donations::french_day;
use crate::pages::near::encode;
use crate::render::paris_time;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

const PER_PAGE: i64 = 50;
const CHART_DAYS: i64 = 30;
const CHART_MONTHS: i64 = 12;
/// How many of the latest refusals, failures and rejected notifications are listed.
const LATEST: i64 = 50;

/// The filters as typed (the address of the page): kept in the form and in the page links.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct LedgerQuery {
    pub du: String,
    pub au: String,
    pub moyen: String,
    pub recherche: String,
    pub page: String,
    /// The accounting id of a gift just entered, to confirm it.
    pub enregistre: String,
}

pub struct EntryRow {
    pub accounting_id: String,
    pub date: String,
    pub donor: String,
    pub email: String,
    /// The donor deleted their account: the line stays, detached.
    pub detached: bool,
    pub method: &'static str,
    pub refund: bool,
    pub monthly: bool,
    pub amount: String,
    pub reference: String,
}

impl EntryRow {
    fn of(entry: LedgerEntry) -> Self {
        Self {
            accounting_id: entry.accounting_id(),
            date: day_label(&entry.paid_on),
            donor: format!("{} {}", entry.first_name, entry.last_name),
            detached: entry.person_id.is_none(),
            method: PaymentMethod::parse(&entry.method).map_or("?", PaymentMethod::label),
            refund: entry.refund,
            monthly: entry.monthly,
            amount: entry.amount().to_string(),
            reference: entry.reference,
            email: entry.email,
        }
    }
}

pub struct TotalRow {
    pub period: String,
    pub total: String,
    pub payments: i64,
}

pub struct RefusalRow {
    pub when: String,
    pub donor: String,
    pub email: String,
    pub postal_code: String,
    pub asked: String,
    pub remaining: String,
}

pub struct FailedRow {
    pub when: String,
    pub donor: String,
    pub email: String,
    pub amount: String,
    pub failures: i64,
    pub stopped: bool,
}

pub struct RejectedRow {
    pub when: String,
    pub trans_uuid: String,
    pub outcome: &'static str,
}

#[derive(Template)]
#[template(path = "admin_donations.html")]
struct LedgerView {
    chrome: Chrome,
    query: LedgerQuery,
    errors: FieldErrors,
    methods: Vec<(&'static str, &'static str)>,
    confirmation: Option<String>,
    entries: Vec<EntryRow>,
    count: i64,
    total: String,
    page: i64,
    pages: i64,
    previous: Option<String>,
    next: Option<String>,
    day_chart: String,
    days: Vec<TotalRow>,
    month_chart: String,
    months: Vec<TotalRow>,
    refusals: Vec<RefusalRow>,
    failed: Vec<FailedRow>,
    rejected: Vec<RejectedRow>,
    /// `?du=…&au=…` of the exports, as filtered.
    export_query: String,
}

impl LedgerView {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    query: Result<Query<LedgerQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let mut errors = FieldErrors::default();
    let filter = LedgerFilter {
        from: errors.take("du", optional_day(&query.du)).flatten(),
        to: errors.take("au", optional_day(&query.au)).flatten(),
        method: PaymentMethod::parse(query.moyen.trim()),
        search: Some(query.recherche.trim().to_string()).filter(|s| !s.is_empty()),
    };
    let page_index = query.page.trim().parse::<i64>().unwrap_or(1).max(1) - 1;
    let ledger = state
        .store
        .ledger_page(&filter, page_index, PER_PAGE)
        .await?;
    let pages = (ledger.count + PER_PAGE - 1) / PER_PAGE;
    let link = |page: i64| {
        format!(
            "/admin/dons?du={}&au={}&moyen={}&recherche={}&page={page}",
            encode(&query.du),
            encode(&query.au),
            encode(&query.moyen),
            encode(&query.recherche)
        )
    };
    let today = french_day(now());
    let first_day = today.checked_sub((CHART_DAYS - 1).days()).unwrap_or(today);
    let first_month = today
        .first_of_month()
        .checked_sub((CHART_MONTHS - 1).months())
        .unwrap_or(today);
    let per_day = state.store.ledger_totals_per_day(first_day, today).await?;
    let per_month = state
        .store
        .ledger_totals_per_month(first_month, today)
        .await?;
    let day_keys: Vec<String> = (0..CHART_DAYS)
        .filter_map(|i| first_day.checked_add(i.days()).ok())
        .map(|d| d.to_string())
        .collect();
    let month_keys: Vec<String> = (0..CHART_MONTHS)
        .filter_map(|i| first_month.checked_add(i.months()).ok())
        .map(|d| d.strftime("%Y-%m").to_string())
        .collect();
    let view = LedgerView {
        chrome: Chrome::new(Some(&person), &csrf),
        methods: [
            PaymentMethod::Card,
            PaymentMethod::Cheque,
            PaymentMethod::Cash,
        ]
        .map(|m| (m.code(), m.label()))
        .to_vec(),
        confirmation: confirmation(&query.enregistre),
        entries: ledger.entries.into_iter().map(EntryRow::of).collect(),
        count: ledger.count,
        total: ledger.total.to_string(),
        page: page_index + 1,
        pages,
        previous: (page_index > 0).then(|| link(page_index)),
        next: (page_index + 1 < pages).then(|| link(page_index + 2)),
        day_chart: chart(
            &day_keys,
            &per_day,
            day_label,
            "Dons reçus par jour, 30 derniers jours",
        ),
        days: rows(&per_day, day_label),
        month_chart: chart(
            &month_keys,
            &per_month,
            french_month,
            "Dons reçus par mois, 12 derniers mois",
        ),
        months: rows(&per_month, french_month),
        refusals: state
            .store
            .cap_refusals(LATEST)
            .await?
            .into_iter()
            .map(|r| RefusalRow {
                when: paris_time(r.created_at),
                donor: format!("{} {}", r.first_name, r.last_name),
                email: r.email_norm,
                postal_code: r.postal_code,
                asked: Cents::new(r.asked_cents).to_string(),
                remaining: Cents::new(r.remaining_cents).to_string(),
            })
            .collect(),
        failed: state
            .store
            .failed_instalments(LATEST)
            .await?
            .into_iter()
            .map(|f| FailedRow {
                when: paris_time(f.received_at),
                donor: format!("{} {}", f.first_name, f.last_name),
                email: f.email,
                amount: Cents::new(f.amount_cents).to_string(),
                failures: f.failures,
                stopped: !f.monthly_status.is_empty() && f.monthly_status != "active",
            })
            .collect(),
        rejected: state
            .store
            .rejected_notices(LATEST)
            .await?
            .into_iter()
            .map(|r| RejectedRow {
                when: paris_time(r.received_at),
                outcome: outcome_label(&r.outcome),
                trans_uuid: r.trans_uuid,
            })
            .collect(),
        export_query: format!("?du={}&au={}", encode(&query.du), encode(&query.au)),
        query,
        errors,
    };
    let status = if view.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(page(status, &view))
}

/// Only an accounting id is echoed back, never free text from the address.
fn confirmation(accounting_id: &str) -> Option<String> {
    let digits = accounting_id.strip_prefix("DON-")?;
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| accounting_id.to_string())
}

/// One bar per day or month of `keys`, a period without gifts at zero.
fn chart(
    keys: &[String],
    totals: &[PeriodTotal],
    label: fn(&str) -> String,
    description: &str,
) -> String {
    let bars: Vec<Bar> = keys
        .iter()
        .map(|key| {
            let found = totals.iter().find(|t| &t.period == key);
            let cents = found.map_or(0, |t| t.total_cents);
            Bar {
                label: label(key),
                value: cents,
                title: format!(
                    "{} : {} ({} paiement{})",
                    label(key),
                    Cents::new(cents),
                    found.map_or(0, |t| t.payments),
                    if found.map_or(0, |t| t.payments) > 1 {
                        "s"
                    } else {
                        ""
                    }
                ),
            }
        })
        .collect();
    bar_chart(&bars, description)
}

/// The periods with gifts, most recent first, for the table beside the chart.
fn rows(totals: &[PeriodTotal], label: fn(&str) -> String) -> Vec<TotalRow> {
    totals
        .iter()
        .rev()
        .map(|t| TotalRow {
            period: label(&t.period),
            total: Cents::new(t.total_cents).to_string(),
            payments: t.payments,
        })
        .collect()
}

/// `2026-11` → `11/2026`.
fn french_month(month: &str) -> String {
    match month.split_once('-') {
        Some((year, month)) => format!("{month}/{year}"),
        None => month.to_string(),
    }
}

fn outcome_label(code: &str) -> &'static str {
    match code {
        "doublon" => "Renvoi identique : ignoré",
        "contenu_modifie" => "Renvoi au contenu modifié : refusé",
        "commande_inconnue" => "Commande inconnue : refusée",
        "remboursement_inconnu" => "Remboursement d'un paiement inconnu : refusé",
        "montant_different" => "Montant différent du don : refusé",
        "annulation_a_faire" => {
            "Don mensuel remplacé, mais cet abonnement n'a pas pu être arrêté chez le prestataire : \
             arrêtez-le dans son back-office"
        }
        _ => "Autre",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_accounting_id_is_confirmed() {
        assert_eq!(confirmation("DON-000042").as_deref(), Some("DON-000042"));
        assert_eq!(confirmation("DON-<script>"), None);
        assert_eq!(confirmation(""), None);
    }

    #[test]
    fn quiet_periods_are_empty_bars_and_months_read_the_french_way() {
        let totals = [PeriodTotal {
            period: "2026-11".into(),
            total_cents: 2500,
            payments: 2,
        }];
        let svg = chart(
            &["2026-10".into(), "2026-11".into()],
            &totals,
            french_month,
            "par mois",
        );
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("11/2026 : 25\u{a0}€ (2 paiements)"), "{svg}");
        assert_eq!(rows(&totals, french_month)[0].period, "11/2026");
    }
}
