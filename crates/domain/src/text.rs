//! Free text typed by people (group names, descriptions, places, postal addresses): bounded,
//! without control characters, comparable across spellings, and safe to open in a spreadsheet.

/// La Poste's limit for one address line (norme AFNOR XPZ 10-011): a longer line is cut or
/// refused by the franking and labelling software, so the forms refuse it first.
pub const ADDRESS_LINE_CHARS: usize = 38;

/// Trims `raw`, collapses runs of spaces (and, unless `multiline`, line breaks), and checks it.
/// `what` names the field in French with its article ("le nom du groupe").
pub fn parse_text(
    raw: &str,
    what: &str,
    max_chars: usize,
    multiline: bool,
) -> Result<Option<String>, String> {
    let text = if multiline {
        raw.replace("\r\n", "\n")
            .lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    } else {
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > max_chars {
        return Err(format!(
            "Texte trop long pour {what} ({max_chars} caractères au plus)."
        ));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(format!(
            "{} contient des caractères non autorisés.",
            capitalised(what)
        ));
    }
    // A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
    if text.starts_with(['=', '+', '-', '@']) {
        return Err(format!(
            "{} ne peut pas commencer par = + - ou @.",
            capitalised(what)
        ));
    }
    Ok(Some(text))
}

/// Like `parse_text`, for a field that must be filled in.
pub fn required_text(
    raw: &str,
    what: &str,
    max_chars: usize,
    multiline: bool,
) -> Result<String, String> {
    parse_text(raw, what, max_chars, multiline)?.ok_or_else(|| format!("Indiquez {what}."))
}

/// A message written through the platform to many people (a group's members, an event's
/// attendees): an object line and a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

pub fn parse_message(subject: &str, body: &str) -> Result<Message, crate::FieldErrors> {
    let mut errors = crate::FieldErrors::default();
    let subject = errors.take(
        "subject",
        required_text(subject, "l'objet du message", 150, false),
    );
    let body = errors.take(
        "body",
        required_text(body, "le texte du message", 5000, true),
    );
    match (subject, body) {
        (Some(subject), Some(body)) => Ok(Message { subject, body }),
        _ => Err(errors),
    }
}

/// The words of `text` in lower case and without accents, punctuation and spacing dropped:
/// the form in which two spellings of a name are compared ("Saint-Étienne", "saint  etienne").
pub fn folded_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' | 'ý' => "y",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_alphanumeric() => {
                word.push(c);
                continue;
            }
            _ => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                continue;
            }
        };
        word.push_str(plain);
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// A cell a spreadsheet will not run as a formula (CSV injection: `=cmd|' /C calc'!A0` opened in
/// Excel starts a program): text starting with = + - @ or a control character gets a leading
/// apostrophe; numbers such as `-20,00` stay numbers.
pub fn spreadsheet_safe(cell: &str) -> String {
    let looks_like_number = cell.strip_prefix('-').is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == ',')
    });
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !looks_like_number {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// `text` trimmed, cut to `max` characters with an ellipsis: a quote of something long (a
/// problem quotes the line, not a whole pasted file; a moderator reads the start of a text).
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn capitalised(what: &str) -> String {
    let mut chars = what.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_bounded_and_safe() {
        assert_eq!(
            required_text("  Les  Lilas ", "le nom", 10, false),
            Ok("Les Lilas".into())
        );
        assert_eq!(
            required_text("  ", "le nom", 10, false),
            Err("Indiquez le nom.".into())
        );
        assert!(required_text("abcdefghijk", "le nom", 10, false)
            .unwrap_err()
            .contains("10 caractères"));
        assert_eq!(
            required_text("=1+1", "le nom", 10, false),
            Err("Le nom ne peut pas commencer par = + - ou @.".into())
        );
        assert_eq!(
            parse_text("a\r\n\r\n b  c \n", "la description", 50, true),
            Ok(Some("a\n\nb c".into()))
        );
        assert_eq!(
            parse_message(" Réunion ", "Samedi\n10 h").unwrap().subject,
            "Réunion"
        );
        let errors = parse_message("", "").unwrap_err();
        assert!(errors.get("subject").is_some() && errors.get("body").is_some());
        assert!(parse_text("a\u{7}b", "le nom", 10, false)
            .unwrap_err()
            .contains("Le nom contient"));
    }

    #[test]
    fn folded_words_ignore_case_accents_and_punctuation() {
        assert_eq!(folded_words("Saint-Étienne"), ["saint", "etienne"]);
        assert_eq!(
            folded_words("  L’Haÿ-les-Roses "),
            ["l", "hay", "les", "roses"]
        );
        assert_eq!(
            folded_words("12, Rue de l'Œuvre"),
            ["12", "rue", "de", "l", "oeuvre"]
        );
        assert!(folded_words(" ' - ").is_empty());
    }

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-20,50"), "-20,50");
        assert_eq!(spreadsheet_safe("-1+1"), "'-1+1");
        assert_eq!(spreadsheet_safe("Paris"), "Paris");
    }
}
