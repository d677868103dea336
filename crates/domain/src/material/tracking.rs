//! The carrier's file of tracking numbers, uploaded by staff once parcels leave: one order and
//! one number per line. Carriers and spreadsheets write it in many ways (`;`, `,` or tabs,
//! a header or none, UTF-8 or Windows-1252), so each is accepted; what cannot be read is
//! reported line by line, in French, rather than refusing the whole file.

use std::collections::HashMap;

use super::export::{order_ref, parse_order_ref};
use crate::text::excerpt;

/// A row's longest excerpt shown back in a problem.
const RAW_CHARS: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingRow {
    /// 1-based line number in the file.
    pub line: usize,
    pub order_id: i64,
    /// Upper case, without spaces: `6A12345678901`.
    pub tracking: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    /// The line as read, trimmed, at most 80 characters.
    pub raw: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrackingFile {
    pub rows: Vec<TrackingRow>,
    pub problems: Vec<RowProblem>,
}

/// Reads the file: two columns, the order (`MAT-000042` or `42`) then its tracking number.
///
/// - The separator is the one of `;`, tab or `,` the first line has most of.
/// - The first line is a header when its first cell is filled, not an order, and has no digit
///   (`Commande;Numéro de suivi`): a first line like `MAT-00X42;…` is a bad row, not a header.
/// - Bytes that are not UTF-8 are read as Latin-1 (Excel's "CSV" in French Windows), so
///   accents in a header or a comment never make the file unreadable.
/// - More than two columns is a problem unless the extra cells are empty (spreadsheets add
///   trailing separators): a file with more columns may have them in another order, and
///   recording a date or a weight as a tracking number would be worse than asking.
/// - Each row gets at most one problem, the first found. A file without any data row gets one
///   problem, on its first line.
pub fn parse_tracking(bytes: &[u8]) -> TrackingFile {
    let text = decode(bytes);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
        // Not trimmed: with tabs, a leading one is an empty order cell.
        .filter(|(_, line)| !line.trim().is_empty())
        .peekable();
    let mut file = TrackingFile::default();
    let Some(&(first_number, first_line)) = lines.peek() else {
        file.problems.push(problem(1, "", "Ce fichier est vide."));
        return file;
    };
    let separator = separator(first_line);
    if is_header(&cells(first_line, separator)) {
        lines.next();
    }
    let mut seen: HashMap<i64, usize> = HashMap::new();
    for (number, line) in lines {
        match row(&cells(line, separator)) {
            Ok((order_id, tracking)) => match seen.get(&order_id) {
                Some(&earlier) => file.problems.push(problem(
                    number,
                    line,
                    &format!(
                        "La commande {} figure déjà à la ligne {earlier} : cette ligne est ignorée.",
                        order_ref(order_id)
                    ),
                )),
                None => {
                    seen.insert(order_id, number);
                    file.rows.push(TrackingRow {
                        line: number,
                        order_id,
                        tracking,
                    });
                }
            },
            Err(message) => file.problems.push(problem(number, line, &message)),
        }
    }
    if file.rows.is_empty() && file.problems.is_empty() {
        file.problems.push(problem(
            first_number,
            first_line,
            "Ce fichier n'a qu'une ligne d'en-tête : aucun numéro de suivi à enregistrer.",
        ));
    }
    file
}

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        // Latin-1 maps each byte to the code point of the same value.
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// The separator the first line has most of; on a tie `;` (French spreadsheets), then tab.
fn separator(first_line: &str) -> u8 {
    let count = |sep: u8| first_line.bytes().filter(|&b| b == sep).count();
    [(b',', 0), (b'\t', 1), (b';', 2)]
        .into_iter()
        .max_by_key(|&(sep, preference)| (count(sep), preference))
        .map_or(b';', |(sep, _)| sep)
}

/// The cells of one line, quotes as a spreadsheet writes them understood.
fn cells(line: &str, separator: u8) -> Vec<String> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(line.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map(|record| record.iter().map(|cell| cell.trim().to_string()).collect())
        .unwrap_or_default()
}

fn is_header(cells: &[String]) -> bool {
    let first = cells.first().map(String::as_str).unwrap_or_default();
    !first.is_empty()
        && parse_order_ref(first).is_none()
        && !first.chars().any(|c| c.is_ascii_digit())
}

fn row(cells: &[String]) -> Result<(i64, String), String> {
    let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
    let order = cell(0);
    let order_id = parse_order_ref(order).ok_or_else(|| match order {
        "" => "Numéro de commande manquant.".to_string(),
        _ => format!(
            "Numéro de commande illisible : « {} » (attendu : MAT-000042 ou 42).",
            excerpt(order, 30)
        ),
    })?;
    let tracking = tracking_number(cell(1))?;
    if cells.iter().skip(2).any(|extra| !extra.is_empty()) {
        return Err(
            "Trop de colonnes : le fichier doit en avoir deux, la commande puis le \
                    numéro de suivi."
                .into(),
        );
    }
    Ok((order_id, tracking))
}

/// Carriers' numbers are letters, digits and sometimes dashes (Colissimo `6A12345678901`,
/// Chronopost `XY123456789FR`); spreadsheets and people add spaces and lower case.
fn tracking_number(cell: &str) -> Result<String, String> {
    let number: String = cell
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if number.is_empty() {
        return Err("Numéro de suivi manquant.".into());
    }
    let valid = (6..=40).contains(&number.chars().count())
        && number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid {
        return Err(format!(
            "Numéro de suivi invalide : « {} » (6 à 40 lettres, chiffres ou tirets).",
            excerpt(cell, 50)
        ));
    }
    Ok(number)
}

fn problem(line: usize, raw: &str, message: &str) -> RowProblem {
    RowProblem {
        line,
        raw: excerpt(raw, RAW_CHARS),
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(file: &TrackingFile) -> Vec<(usize, &str)> {
        file.problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect()
    }

    fn row(line: usize, order_id: i64, tracking: &str) -> TrackingRow {
        TrackingRow {
            line,
            order_id,
            tracking: tracking.into(),
        }
    }

    #[test]
    fn a_carrier_file_with_a_header_is_read() {
        let file = parse_tracking(
            "Commande;Numéro de suivi\r\nMAT-000042;6A12345678901\r\nMAT-000043;6A 1234 5678 902\r\n"
                .as_bytes(),
        );
        assert_eq!(
            file.rows,
            [row(2, 42, "6A12345678901"), row(3, 43, "6A12345678902")]
        );
        assert!(file.problems.is_empty());
    }

    #[test]
    fn bare_numbers_commas_tabs_and_no_header_are_read() {
        let commas = parse_tracking(b"42,6a12345678901\n43,XY123456789FR\n");
        assert_eq!(
            commas.rows,
            [row(1, 42, "6A12345678901"), row(2, 43, "XY123456789FR")]
        );
        let tabs = parse_tracking(b"commande\tsuivi\nmat-42\tAB-123456\n\t6A12345678901\n");
        assert_eq!(tabs.rows, [row(2, 42, "AB-123456")]);
        assert_eq!(messages(&tabs), [(3, "Numéro de commande manquant.")]);
        let quoted = parse_tracking(b"\"Commande\";\"Suivi\"\n\"MAT-000042\";\"6A12345678901\"\n");
        assert_eq!(quoted.rows, [row(2, 42, "6A12345678901")]);
    }

    #[test]
    fn a_bom_and_blank_lines_are_ignored_and_line_numbers_kept() {
        let file =
            parse_tracking(b"\xEF\xBB\xBFCommande;Suivi\n\n  \nMAT-000042;6A12345678901\n\n");
        assert_eq!(file.rows, [row(4, 42, "6A12345678901")]);
        assert!(file.problems.is_empty());
    }

    #[test]
    fn a_latin1_file_is_read_rather_than_refused() {
        let file = parse_tracking(b"Commande;Num\xE9ro de suivi\r\nMAT-000042;6A12345678901\r\n");
        assert_eq!(file.rows, [row(2, 42, "6A12345678901")]);
        let header_only = parse_tracking(b"Commande;Num\xE9ro de suivi\r\n");
        assert_eq!(header_only.problems[0].raw, "Commande;Numéro de suivi");
    }

    #[test]
    fn an_unreadable_order_is_a_problem_of_its_line() {
        let file = parse_tracking(
            b"Commande;Suivi\nMAT-00X42;6A12345678901\n;6A12345678902\n44;6A12345678903\n",
        );
        assert_eq!(
            messages(&file),
            [
                (
                    2,
                    "Numéro de commande illisible : « MAT-00X42 » (attendu : MAT-000042 ou 42)."
                ),
                (3, "Numéro de commande manquant.")
            ]
        );
        assert_eq!(file.problems[0].raw, "MAT-00X42;6A12345678901");
        assert_eq!(file.rows, [row(4, 44, "6A12345678903")]);
    }

    #[test]
    fn a_first_line_with_a_bad_order_is_not_taken_for_a_header() {
        let file = parse_tracking(b"MAT-00X42;6A12345678901\n");
        assert_eq!(messages(&file)[0].0, 1);
        assert!(messages(&file)[0]
            .1
            .starts_with("Numéro de commande illisible"));
    }

    #[test]
    fn a_missing_or_malformed_tracking_number_is_a_problem() {
        let file = parse_tracking(
            b"42;\n43\n44;6A1\n45;6A123456789/01\n46;6A12345678901234567890123456789012345678901\n",
        );
        assert_eq!(
            messages(&file),
            [
                (1, "Numéro de suivi manquant."),
                (2, "Numéro de suivi manquant."),
                (3, "Numéro de suivi invalide : « 6A1 » (6 à 40 lettres, chiffres ou tirets)."),
                (
                    4,
                    "Numéro de suivi invalide : « 6A123456789/01 » (6 à 40 lettres, chiffres ou tirets)."
                ),
                (
                    5,
                    "Numéro de suivi invalide : « 6A12345678901234567890123456789012345678901 » \
                     (6 à 40 lettres, chiffres ou tirets)."
                ),
            ]
        );
        assert!(file.rows.is_empty());
    }

    #[test]
    fn the_second_listing_of_an_order_is_the_problem() {
        let file = parse_tracking(b"MAT-000042;6A12345678901\n42;6A12345678999\n");
        assert_eq!(file.rows, [row(1, 42, "6A12345678901")]);
        assert_eq!(
            messages(&file),
            [(
                2,
                "La commande MAT-000042 figure déjà à la ligne 1 : cette ligne est ignorée."
            )]
        );
    }

    #[test]
    fn extra_columns_are_tolerated_only_when_empty() {
        let file = parse_tracking(b"42;6A12345678901;;\n43;6A12345678902;2,5 kg\n");
        assert_eq!(file.rows, [row(1, 42, "6A12345678901")]);
        assert_eq!(messages(&file)[0].0, 2);
        assert!(messages(&file)[0].1.starts_with("Trop de colonnes"));
    }

    #[test]
    fn an_empty_file_or_a_header_alone_is_one_problem() {
        assert_eq!(
            messages(&parse_tracking(b"")),
            [(1, "Ce fichier est vide.")]
        );
        assert_eq!(
            messages(&parse_tracking(b"\xEF\xBB\xBF \r\n\r\n")),
            [(1, "Ce fichier est vide.")]
        );
        let header = parse_tracking(b"\nCommande;Num\xC3\xA9ro de suivi\n\n");
        assert_eq!(
            messages(&header),
            [(
                2,
                "Ce fichier n'a qu'une ligne d'en-tête : aucun numéro de suivi à enregistrer."
            )]
        );
    }

    #[test]
    fn a_long_line_is_quoted_shortened() {
        let line = format!("MAT-1X;{}", "A".repeat(200));
        let file = parse_tracking(line.as_bytes());
        assert_eq!(file.problems[0].raw.chars().count(), RAW_CHARS);
        assert!(file.problems[0].raw.ends_with('…'));
    }
}
