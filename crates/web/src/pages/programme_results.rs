//! GET /programme/resultats: the consultation's results, axis by axis (contributions, people
//! who contributed, supports, the ten most supported, the synthesis and what it drew on); and
//! every visible contribution as open data, /programme/resultats.csv and .json, with no
//! personal data beyond the name an author agreed to show.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::calendar::french_day;
use essaim_domain::text::spreadsheet_safe;
use essaim_store::programme::{AxisResults, ContributionCard, OpenDataRow};
use serde::Serialize;

use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::markdown;
use crate::render::{download, format_count, page, Chrome};
use crate::routes::RouteTable;
use crate::session::MaybePerson;
use crate::AppState;

pub fn routes() -> RouteTable {
    use axum::routing::get;
    vec![
        ("/programme/resultats", get(show)),
        ("/programme/resultats.csv", get(csv_file)),
        ("/programme/resultats.json", get(json_file)),
    ]
}

/// "1 soutien", "12 345 soutiens".
fn counted(n: i64, word: &str) -> String {
    format!("{} {word}{}", format_count(n), if n > 1 { "s" } else { "" })
}

pub struct CardView {
    pub id: i64,
    pub title: String,
    pub supports: String,
}

impl From<ContributionCard> for CardView {
    fn from(card: ContributionCard) -> Self {
        Self {
            id: card.id.get(),
            title: card.title,
            supports: counted(card.supports, "soutien"),
        }
    }
}

pub struct SynthesisView {
    pub html: String,
    pub links: Vec<CardView>,
}

pub struct AxisView {
    pub number: i64,
    pub title: String,
    pub contributions: String,
    pub contributors: String,
    pub supports: String,
    pub top: Vec<CardView>,
    pub synthesis: Option<SynthesisView>,
}

impl From<AxisResults> for AxisView {
    fn from(results: AxisResults) -> Self {
        Self {
            number: results.axis.get(),
            title: results.title,
            contributions: counted(results.contributions, "contribution"),
            contributors: counted(results.contributors, "personne"),
            supports: counted(results.supports, "soutien"),
            top: results.top.into_iter().map(CardView::from).collect(),
            synthesis: results.synthesis.map(|synthesis| SynthesisView {
                html: markdown::to_html(&synthesis.body),
                links: synthesis.links.into_iter().map(CardView::from).collect(),
            }),
        }
    }
}

#[derive(Template)]
#[template(path = "programme_results.html")]
struct ResultsPage {
    chrome: Chrome,
    axes: Vec<AxisView>,
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let axes = state.store.programme_results().await?;
    Ok(page(
        StatusCode::OK,
        &ResultsPage {
            chrome: Chrome::new(person.as_ref(), &csrf),
            axes: axes.into_iter().map(AxisView::from).collect(),
        },
    ))
}

/// The open data's columns, in the CSV's order and as the JSON's keys.
const COLUMNS: [&str; 11] = [
    "numero",
    "axe",
    "titre",
    "texte",
    "complements",
    "departement",
    "auteur",
    "soutiens",
    "commentaires",
    "retenue_dans_la_synthese",
    "date",
];

/// One visible contribution in the open data.
#[derive(Serialize)]
struct OpenDataLine {
    numero: i64,
    axe: i64,
    titre: String,
    texte: String,
    complements: String,
    departement: Option<String>,
    /// Only when the author agreed to be named.
    auteur: Option<String>,
    soutiens: i64,
    commentaires: i64,
    retenue_dans_la_synthese: bool,
    /// The day it was published in France, ISO 8601 (2027-03-14).
    date: String,
}

impl From<OpenDataRow> for OpenDataLine {
    fn from(row: OpenDataRow) -> Self {
        Self {
            numero: row.id.get(),
            axe: row.axis.get(),
            titre: row.title,
            texte: row.body,
            complements: row.addenda,
            departement: row.departement,
            auteur: row.author_label,
            soutiens: row.supports,
            commentaires: row.comments,
            retenue_dans_la_synthese: row.in_synthesis,
            date: french_day(row.created_at).to_string(),
        }
    }
}

/// UTF-8 with a BOM (spreadsheets then read the accents), a header line, and every text cell
/// defused: a title starting with `=` is not a formula.
fn to_csv(lines: &[OpenDataLine]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    // Writing into a Vec cannot fail.
    let _ = writer.write_record(COLUMNS);
    for line in lines {
        let text = |cell: &str| spreadsheet_safe(cell);
        let _ = writer.write_record([
            line.numero.to_string(),
            line.axe.to_string(),
            text(&line.titre),
            text(&line.texte),
            text(&line.complements),
            text(line.departement.as_deref().unwrap_or_default()),
            text(line.auteur.as_deref().unwrap_or_default()),
            line.soutiens.to_string(),
            line.commentaires.to_string(),
            if line.retenue_dans_la_synthese {
                "oui"
            } else {
                "non"
            }
            .to_string(),
            line.date.clone(),
        ]);
    }
    drop(writer);
    out
}

/// A JSON array of the lines. `<`, `>` and `&` (only ever inside strings) are written as
/// `\u` escapes: the same data, and no markup in the bytes for anything that would sniff it.
fn to_json(lines: &[OpenDataLine]) -> Vec<u8> {
    serde_json::to_string(lines)
        .unwrap_or_else(|_| "[]".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .into_bytes()
}

async fn open_data(state: &AppState) -> Result<Vec<OpenDataLine>, AppError> {
    Ok(state
        .store
        .open_data_contributions()
        .await?
        .into_iter()
        .map(OpenDataLine::from)
        .collect())
}

pub async fn csv_file(State(state): State<AppState>) -> Result<Response, AppError> {
    let lines = open_data(&state).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        "programme-contributions.csv",
        to_csv(&lines),
    ))
}

pub async fn json_file(State(state): State<AppState>) -> Result<Response, AppError> {
    let lines = open_data(&state).await?;
    Ok(download(
        "application/json",
        "programme-contributions.json",
        to_json(&lines),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(title: &str) -> OpenDataLine {
        OpenDataLine {
            numero: 7,
            axe: 3,
            titre: title.into(),
            texte: "Un texte, sur deux lignes\net des \"guillemets\".".into(),
            complements: String::new(),
            departement: Some("2A".into()),
            auteur: None,
            soutiens: 12,
            commentaires: 1,
            retenue_dans_la_synthese: true,
            date: "2027-03-14".into(),
        }
    }

    #[test]
    fn the_json_keys_are_the_csv_columns() {
        let json: serde_json::Value = serde_json::from_slice(&to_json(&[line("Titre")])).unwrap();
        let keys: Vec<&str> = json[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut columns = COLUMNS.to_vec();
        let mut keys = keys;
        columns.sort_unstable();
        keys.sort_unstable();
        assert_eq!(keys, columns);
    }

    #[test]
    fn the_csv_defuses_formulas_and_the_json_carries_markup_as_escaped_data() {
        let lines = [
            line("=HYPERLINK(\"http://x\")"),
            line("<script>alert(1)</script>"),
        ];
        let csv = String::from_utf8(to_csv(&lines)).unwrap();
        assert!(csv.starts_with("\u{feff}numero,axe,titre,"), "{csv}");
        assert!(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "{csv}");
        assert!(csv.contains(",2A,,12,1,oui,2027-03-14\r\n"), "{csv}");
        let json = to_json(&lines);
        let text = String::from_utf8(json.clone()).unwrap();
        assert!(!text.contains('<'), "{text}");
        let parsed: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(parsed[1]["titre"], "<script>alert(1)</script>");
        assert_eq!(parsed[1]["auteur"], serde_json::Value::Null);
    }
}
