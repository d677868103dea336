//! CSV export of confirmed signatures, made to open cleanly in LibreOffice and Excel
//! (UTF-8 with BOM, `;` separator) and streamed page by page.

use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use essaim_store::signatures::ExportRow;

use crate::error::AppError;
use crate::session::Staff;
use crate::AppState;

const PAGE: i64 = 5_000;
const HEADER: [&str; 9] = [
    "id",
    "prénom",
    "nom",
    "email",
    "code postal",
    "pays",
    "téléphone",
    "accepte les nouvelles",
    "confirmée le",
];

pub async fn signatures_csv(
    State(state): State<AppState>,
    Staff(person): Staff,
) -> Result<Response, AppError> {
    tracing::info!(staff = person.id.get(), "export of confirmed signatures");
    let first = state.store.export_page(None, PAGE).await?;
    let stream = futures_util::stream::unfold(Some((state, first, true)), |cursor| async move {
        let (state, rows, with_header) = cursor?;
        if rows.is_empty() && !with_header {
            return None;
        }
        let chunk = to_csv(&rows, with_header);
        let next = match rows.last() {
            Some(last) if rows.len() as i64 == PAGE => {
                match state.store.export_page(Some(last.signature_id), PAGE).await {
                    Ok(rows) => Some((state, rows, false)),
                    Err(error) => {
                        tracing::error!(%error, "CSV export interrupted");
                        None
                    }
                }
            }
            _ => None,
        };
        Some((Ok::<_, std::io::Error>(chunk), next))
    });
    Ok(crate::render::download(
        "text/csv; charset=utf-8",
        "signatures-confirmees.csv",
        Body::from_stream(stream),
    ))
}

fn to_csv(rows: &[ExportRow], with_header: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if with_header {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    if with_header {
        let _ = writer.write_record(HEADER);
    }
    for row in rows {
        let confirmed = row.confirmed_at.map(format_datetime).unwrap_or_default();
        let _ = writer.write_record([
            row.signature_id.to_string(),
            cell(&row.first_name),
            cell(&row.last_name),
            cell(&row.email),
            row.postal_code.clone().unwrap_or_default(),
            row.country.clone(),
            row.phone.as_deref().map(cell).unwrap_or_default(),
            if row.news_optin { "oui" } else { "non" }.to_string(),
            confirmed,
        ]);
    }
    drop(writer);
    out
}

/// Spreadsheets run a cell that starts with one of these as a formula; a leading apostrophe
/// makes it text (a phone number "+33…" included).
fn cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

fn format_datetime(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            )
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use essaim_domain::ids::SignatureId;

    #[test]
    fn csv_has_bom_semicolons_and_defused_formulas() {
        let row = ExportRow {
            signature_id: SignatureId::new(7),
            first_name: "Léa".into(),
            last_name: "Dupont; fils".into(),
            email: "lea@exemple.fr".into(),
            postal_code: Some("75011".into()),
            country: "FR".into(),
            phone: Some("+33612345678".into()),
            news_optin: true,
            confirmed_at: Some(0),
        };
        let text = String::from_utf8(to_csv(&[row], true)).unwrap();
        assert!(text.starts_with("\u{feff}id;prénom;nom;"));
        assert!(text.contains("7;Léa;\"Dupont; fils\";lea@exemple.fr;75011;FR;'+33612345678;oui;1970-01-01 00:00 UTC\r\n"));
    }
}
