//! The treasurer's files, one line per ledger line, refunds included: the TSV of the CNCCFP's
//! paperless upload, and the same lines as a CSV that LibreOffice opens as it is (UTF-8 with a
//! BOM, `;`, no cell run as a formula).

use axum::extract::{Query, State};
use axum::response::Response;
use essaim_domain::donations::export::{self, LedgerLine, HEADER};
use essaim_domain::text::spreadsheet_safe;
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::optional_day;
use crate::error::AppError;
use crate::pages::donations::french_day;
use crate::session::Staff;
use crate::AppState;

/// The days the file covers, as the ledger's filter writes them; both optional.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExportQuery {
    du: String,
    au: String,
}

async fn lines(state: &AppState, query: &ExportQuery) -> Result<Vec<LedgerLine>, AppError> {
    let (Ok(from), Ok(to)) = (optional_day(&query.du), optional_day(&query.au)) else {
        return Err(AppError::BadRequest(
            "Dates illisibles : indiquez-les comme jj/mm/aaaa.",
        ));
    };
    Ok(state.store.ledger_lines(from, to).await?)
}

fn attachment(content_type: &'static str, extension: &str, body: Vec<u8>) -> Response {
    let file_name = format!("dons-{}.{extension}", french_day(now()));
    crate::render::download(content_type, &file_name, body)
}

/// The two files of the ledger: the CNCCFP's TSV, a spreadsheet's CSV.
#[derive(Clone, Copy)]
enum Format {
    Tsv,
    Csv,
}

async fn export(
    state: AppState,
    person: Person,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
    format: Format,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let lines = lines(&state, &query).await?;
    let (content_type, extension, body) = match format {
        Format::Tsv => (
            "text/tab-separated-values; charset=utf-8",
            "tsv",
            export::tsv(&lines).into_bytes(),
        ),
        Format::Csv => ("text/csv; charset=utf-8", "csv", spreadsheet(&lines)),
    };
    tracing::info!(
        staff = person.id.get(),
        lines = lines.len(),
        extension,
        "export of the ledger"
    );
    Ok(attachment(content_type, extension, body))
}

pub async fn tsv(
    State(state): State<AppState>,
    Staff(person): Staff,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    export(state, person, query, Format::Tsv).await
}

pub async fn csv(
    State(state): State<AppState>,
    Staff(person): Staff,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    export(state, person, query, Format::Csv).await
}

/// The lines for a spreadsheet: a BOM so that it reads UTF-8, `;` as French locales expect,
/// every cell defused (amounts such as `-20,00` stay numbers).
fn spreadsheet(lines: &[LedgerLine]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    // Writing into a Vec cannot fail.
    let _ = writer.write_record(HEADER);
    for line in lines {
        let _ = writer.write_record(line.cells().iter().map(|cell| spreadsheet_safe(cell)));
    }
    drop(writer);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use essaim_domain::donations::{Cents, Civility, PaymentMethod};
    use jiff::civil::date;

    #[test]
    fn the_csv_has_a_bom_semicolons_defused_cells_and_numbers_kept() {
        let line = LedgerLine {
            accounting_id: LedgerLine::accounting_id(7),
            method: PaymentMethod::Card,
            refund: true,
            date: date(2026, 3, 9),
            donor_id: "D000003".into(),
            civility: Civility::Madame,
            last_name: "Michel".into(),
            first_name: "Louise".into(),
            address: "12 rue de la Commune; bât. B".into(),
            postal_code: "75011".into(),
            commune: "=HYPERLINK(\"x\")".into(),
            country: "FR".into(),
            amount: Cents::new(-2050),
            reference: "@abc".into(),
        };
        let text = String::from_utf8(spreadsheet(&[line])).unwrap();
        assert!(text.starts_with("\u{feff}identifiant_comptable;type_paiement;date;"));
        assert!(text.contains(
            "DON-000007;Remboursement CB;09/03/2026;D000003;Mme;Michel;Louise;\
             \"12 rue de la Commune; bât. B\";75011;\"'=HYPERLINK(\"\"x\"\")\";FR;EUR;-20,50;'@abc\r\n"
        ), "{text}");
    }
}
