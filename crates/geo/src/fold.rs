//! Search keys of commune names: what "st etienne", "SAINT-ÉTIENNE" and "saint étienne" have
//! in common. Names are folded once at parse time (all keys share one buffer), queries at each
//! search.

/// The search key of a name: lower case, no accents, words separated by one space, with "st" and
/// "ste" spelled out.
pub(crate) fn fold(text: &str) -> String {
    fold_words(text, true)
}

pub(crate) fn fold_words(text: &str, expand: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    fold_into(text, expand, &mut out);
    out
}

/// Appends the search key of `text` to `out` (at parse time, all keys share one buffer).
pub(crate) fn fold_into(text: &str, expand: bool, out: &mut String) {
    let start = out.len();
    let mut word = out.len(); // where the current word starts
    let end_word = |out: &mut String, word: usize| {
        let full = match &out[word..] {
            "st" if expand => "saint",
            "ste" if expand => "sainte",
            _ => return,
        };
        out.truncate(word);
        out.push_str(full);
    };
    for ch in text.chars() {
        // Names are mostly ASCII: keep that path cheap, it runs for every commune at parse time.
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
            continue;
        }
        for ch in ch.to_lowercase() {
            match ch {
                'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
                'ç' => out.push('c'),
                'é' | 'è' | 'ê' | 'ë' => out.push('e'),
                'î' | 'ï' | 'í' | 'ì' => out.push('i'),
                'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
                'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
                'ÿ' | 'ý' => out.push('y'),
                'ñ' => out.push('n'),
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                c if c.is_alphanumeric() => out.push(c),
                // Hyphens, apostrophes (straight or curly), spaces, combining accents… end the
                // word; runs of them make one space.
                _ if out.len() == word => {}
                _ => {
                    end_word(out, word);
                    out.push(' ');
                    word = out.len();
                }
            }
        }
    }
    if out.len() > word {
        end_word(out, word);
    } else if out.len() > start {
        out.pop(); // the space after the last word
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Saint-Étienne"), "saint etienne");
        assert_eq!(fold("ST  ÉTIENNE"), "saint etienne");
        assert_eq!(fold("Ste-Maxime"), "sainte maxime");
        assert_eq!(fold("L’Haÿ-les-Roses"), "l hay les roses");
        assert_eq!(fold("Œuilly"), "oeuilly");
        assert_eq!(fold_words("Ste", false), "ste");
        assert_eq!(fold(" -Saint- "), "saint");
        assert_eq!(fold("st-"), "saint");
        assert_eq!(fold("stenay"), "stenay");
        assert_eq!(fold(" ' "), "");
    }
}
