//! Reading a CSV file of sign-ups gathered off the internet: `;` or `,` (LibreOffice and Excel
//! in French write `;`), UTF-8 with or without BOM, a header naming the columns (accents, case
//! and a few synonyms accepted). Every non-blank row comes back with its line number, so that
//! the report can say what happened to each one.

use essaim_domain::outreach::OfflineRow;

const MAX_CSV_BYTES: usize = 2 * 1024 * 1024;
const MAX_CSV_ROWS: usize = 5000;
pub const COLUMNS: [&str; 6] = [
    "prenom",
    "nom",
    "code_postal",
    "email",
    "telephone",
    "adresse",
];

/// Reads a CSV file (`;` or `,`, UTF-8, optional BOM) with a header naming the columns;
/// returns each non-blank row with its line number in the file.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<(usize, OfflineRow)>, String> {
    if bytes.is_empty() {
        return Err("Choisissez un fichier CSV.".into());
    }
    if bytes.len() > MAX_CSV_BYTES {
        return Err("Ce fichier est trop gros (2 Mo au plus) : découpez-le.".into());
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| {
            "Ce fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » depuis votre tableur."
                .to_string()
        },
    )?;
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.matches(';').count() >= header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| "La première ligne du fichier doit nommer les colonnes.".to_string())?
        .clone();
    let fold = |h: &str| {
        h.trim()
            .to_lowercase()
            .replace(['é', 'è'], "e")
            .replace([' ', '-'], "_")
    };
    let position = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&fold(h).as_str()))
    };
    let columns = [
        position(&["prenom", "first_name"]),
        position(&["nom", "last_name"]),
        position(&["code_postal", "cp", "postal_code"]),
        position(&["email", "courriel", "e_mail", "mail"]),
        position(&["telephone", "tel", "phone"]),
        position(&["adresse", "adresse_postale", "address"]),
    ];
    let missing: Vec<&str> = columns
        .iter()
        .zip(COLUMNS)
        .take(3)
        .filter(|(c, _)| c.is_none())
        .map(|(_, name)| name)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "Colonnes manquantes dans la première ligne : {}. Colonnes attendues : {}.",
            missing.join(", "),
            COLUMNS.join(";")
        ));
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record =
            record.map_err(|_| format!("La ligne {line} du fichier n'a pas pu être lue."))?;
        let get = |i: usize| {
            columns[i]
                .and_then(|c| record.get(c))
                .unwrap_or_default()
                .to_string()
        };
        let row = OfflineRow {
            first_name: get(0),
            last_name: get(1),
            postal_code: get(2),
            email: get(3),
            phone: get(4),
            postal_address: get(5),
        };
        if row.is_blank() {
            continue;
        }
        if rows.len() == MAX_CSV_ROWS {
            return Err(format!(
                "Ce fichier a plus de {MAX_CSV_ROWS} lignes : découpez-le."
            ));
        }
        rows.push((line, row));
    }
    Ok(rows)
}
