//! The file a batch of validated orders is handed to the logistics provider in: one CSV line per
//! article of each order (RFC 4180: commas, CRLF, quotes when needed), read by their import
//! software and opened by people in Excel.

use crate::text::spreadsheet_safe;

/// One article of one order, with where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportLine {
    /// `MAT-000042`, as `order_ref` writes it.
    pub order_ref: String,
    /// `2026-12-01`.
    pub ordered_on: String,
    pub name: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub commune: String,
    /// International form (+33…), as the shipping address keeps it.
    pub phone: String,
    pub email: String,
    pub item_code: String,
    pub item_name: String,
    /// `lot de 100`.
    pub unit: String,
    pub quantity: i64,
    /// The line is part of a starter kit.
    pub from_kit: bool,
}

pub const HEADER: [&str; 15] = [
    "lot",
    "commande",
    "date",
    "nom",
    "adresse 1",
    "adresse 2",
    "code postal",
    "commune",
    "téléphone",
    "email",
    "article",
    "désignation",
    "unité",
    "quantité",
    "kit",
];

/// Excel reads a CSV without this mark as Windows-1252 and garbles every accent.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The reference people and the provider use for an order: `MAT-000042`.
pub fn order_ref(id: i64) -> String {
    format!("MAT-{id:06}")
}

/// An order's id from its reference as someone may type or paste it: `MAT-000042`, `mat-42`,
/// `MAT 42` or `42`, spaces around ignored. Ids start at 1.
pub fn parse_order_ref(text: &str) -> Option<i64> {
    let text = text.trim();
    let number = match text.get(..3) {
        Some(prefix) if prefix.eq_ignore_ascii_case("MAT") => {
            let rest = text[3..].trim_start();
            rest.strip_prefix('-').unwrap_or(rest).trim_start()
        }
        _ => text,
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    number.parse().ok().filter(|&id| id > 0)
}

/// The batch's file, UTF-8 with a BOM and a French header line. Lines are sorted by order
/// then article, so a batch downloaded again later is the same file byte for byte, whatever
/// order the lines were read in. Every text cell is defused against formula injection.
pub fn batch_csv(batch_id: i64, lines: &[ExportLine]) -> Vec<u8> {
    let mut sorted: Vec<&ExportLine> = lines.iter().collect();
    sorted.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let mut out = BOM.to_vec();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    // Writing into a Vec cannot fail.
    let _ = writer.write_record(HEADER);
    for line in sorted {
        let text = [
            &line.order_ref,
            &line.ordered_on,
            &line.name,
            &line.line1,
            &line.line2,
            &line.postal_code,
            &line.commune,
            &national_phone(&line.phone),
            &line.email,
            &line.item_code,
            &line.item_name,
            &line.unit,
        ]
        .map(|cell| spreadsheet_safe(cell));
        let mut record = vec![batch_id.to_string()];
        record.extend(text);
        record.push(line.quantity.to_string());
        record.push(if line.from_kit { "oui" } else { "non" }.into());
        let _ = writer.write_record(&record);
    }
    drop(writer);
    out
}

fn sort_key(line: &ExportLine) -> (Option<i64>, &str, &str, bool) {
    (
        parse_order_ref(&line.order_ref),
        &line.order_ref,
        &line.item_code,
        line.from_kit,
    )
}

/// `0612345678` for a French number: what carriers print and text, and a cell that does not
/// start with `+` (which a spreadsheet would take for a formula). Other numbers stay as they are.
fn national_phone(phone: &str) -> String {
    match phone.strip_prefix("+33") {
        Some(rest) => format!("0{rest}"),
        None => phone.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(order: i64, item: &str, name: &str) -> ExportLine {
        ExportLine {
            order_ref: order_ref(order),
            ordered_on: "2026-12-01".into(),
            name: name.into(),
            line1: "12 rue de la Paix".into(),
            line2: String::new(),
            postal_code: "01000".into(),
            commune: "Bourg-en-Bresse".into(),
            phone: "+33612345678".into(),
            email: "louise@exemple.fr".into(),
            item_code: item.into(),
            item_name: "Tracts « Essaim »".into(),
            unit: "lot de 100".into(),
            quantity: 3,
            from_kit: false,
        }
    }

    /// The records of a file, read back as a provider's software would.
    fn read_back(file: &[u8]) -> Vec<Vec<String>> {
        let body = file.strip_prefix(BOM).expect("a BOM first");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body)
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn the_file_starts_with_a_bom_and_a_french_header() {
        let file = batch_csv(7, &[]);
        assert!(file.starts_with(BOM));
        assert_eq!(read_back(&file), [HEADER.map(String::from).to_vec()]);
        let text = String::from_utf8(file).unwrap();
        assert!(text.contains("téléphone,email,article,désignation,unité,quantité,kit\r\n"));
    }

    #[test]
    fn lines_end_with_crlf_and_numbers_are_plain() {
        let text = String::from_utf8(batch_csv(7, &[line(42, "TRACT", "Louise Michel")])).unwrap();
        assert!(text.ends_with("\r\n"));
        assert_eq!(text.matches("\r\n").count(), 2);
        assert_eq!(text.matches('\n').count(), 2);
        assert!(text.contains(
            "\r\n7,MAT-000042,2026-12-01,Louise Michel,12 rue de la Paix,,01000,\
             Bourg-en-Bresse,0612345678,louise@exemple.fr,TRACT,Tracts « Essaim »,lot de 100,3,non\r\n"
        ), "{text}");
    }

    #[test]
    fn awkward_names_round_trip_and_formulas_are_defused() {
        let names = [
            "Dupont; Durand",
            "Jean \"Jeannot\" Martin",
            "Martin, Marie",
            "Bât. A\nEscalier 2",
            "Hélène Françoise Œillet",
            "=cmd|' /C calc'!A0",
        ];
        let lines: Vec<ExportLine> = names
            .iter()
            .enumerate()
            .map(|(i, name)| line(i as i64 + 1, "TRACT", name))
            .collect();
        let records = read_back(&batch_csv(1, &lines));
        let read: Vec<&str> = records[1..].iter().map(|r| r[3].as_str()).collect();
        assert_eq!(read[..5], names[..5]);
        assert_eq!(read[5], "'=cmd|' /C calc'!A0");
        assert!(records.iter().all(|r| r.len() == HEADER.len()));
    }

    #[test]
    fn the_same_lines_give_the_same_bytes_in_any_order() {
        let mut kit = line(42, "AFFICHE", "Louise Michel");
        kit.from_kit = true;
        let lines = [line(1000000, "TRACT", "A"), line(42, "TRACT", "B"), kit];
        let mut reversed = lines.clone();
        reversed.reverse();
        let file = batch_csv(3, &lines);
        assert_eq!(file, batch_csv(3, &reversed));
        let orders: Vec<String> = read_back(&file)[1..]
            .iter()
            .map(|r| format!("{} {} {}", r[1], r[10], r[14]))
            .collect();
        assert_eq!(
            orders,
            [
                "MAT-000042 AFFICHE oui",
                "MAT-000042 TRACT non",
                "MAT-1000000 TRACT non"
            ]
        );
    }

    #[test]
    fn foreign_phones_are_kept_but_defused() {
        let mut abroad = line(5, "TRACT", "Ann Smith");
        abroad.phone = "+442079460958".into();
        assert_eq!(read_back(&batch_csv(1, &[abroad]))[1][8], "'+442079460958");
    }

    #[test]
    fn order_refs_are_padded_and_read_back_leniently() {
        assert_eq!(order_ref(42), "MAT-000042");
        assert_eq!(order_ref(1234567), "MAT-1234567");
        for text in ["MAT-000042", "mat-42", "42", " MAT 42 ", "Mat42", "000042"] {
            assert_eq!(parse_order_ref(text), Some(42), "{text}");
        }
        for text in [
            "",
            "MAT-",
            "MAT-4x2",
            "-42",
            "0",
            "MAT-0",
            "DON-000042",
            "4 2",
            "99999999999999999999",
        ] {
            assert_eq!(parse_order_ref(text), None, "{text}");
        }
    }
}
