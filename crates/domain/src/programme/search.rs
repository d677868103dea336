//! Full-text search of the programme, written once for both databases. PostgreSQL stems with
//! its 'french' configuration; SQLite's FTS5 has no French stemmer, so it indexes the stems made
//! here (Snowball French, the algorithm PostgreSQL uses too), accents folded. The same stems
//! mark the words a search found when a result is shown (`highlight`): fragments of plain text
//! that the template escapes, never HTML made here.

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::folded_words;

/// Words too common to tell contributions apart; left out of the index and of queries.
const STOP_WORDS: &[&str] = &[
    "a", "à", "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle",
    "en", "est", "et", "il", "ils", "je", "la", "le", "les", "leur", "leurs", "mais", "ne", "nous",
    "on", "ou", "où", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont",
    "sur", "un", "une", "vous", "y",
];

/// Terms of one query at most: a query is a few words, a similar-contribution check the
/// first words of a draft.
pub const QUERY_TERMS_MAX: usize = 12;
pub const SIMILAR_TERMS_MAX: usize = 40;
pub const QUERY_CHARS_MAX: usize = 200;
/// A search counts its results up to this many, and then says "more than".
pub const COUNT_MAX: i64 = 1_000;

/// The words of `text` as typed (lower case, accents kept), elisions split ("l'école" → "école"),
/// stop words dropped.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 1 && !STOP_WORDS.contains(&w.as_str()))
}

/// A word's key in the index: its French stem, accents folded ("écoles" → "ecol").
fn stem_of(stemmer: &Stemmer, word: &str) -> String {
    folded_words(&stemmer.stem(word)).concat()
}

fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::French)
}

/// What SQLite's FTS5 indexes for a contribution: its stems, separated by spaces.
pub fn index_terms(title: &str, body: &str) -> String {
    let stemmer = stemmer();
    words(title)
        .chain(words(body))
        .map(|w| stem_of(&stemmer, &w))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A search as typed, reduced to what each database needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// As typed (trimmed), to show it back.
    pub typed: String,
    /// The words, lower case and accents folded as PostgreSQL's index folds them, for its own
    /// stemming.
    words: Vec<String>,
    /// Their stems, for FTS5 and for highlighting.
    stems: Vec<String>,
}

impl SearchQuery {
    /// None when nothing searchable is left (empty, only stop words or punctuation).
    pub fn parse(raw: &str) -> Option<Self> {
        Self::with_limit(raw, QUERY_TERMS_MAX)
    }

    /// The words of a draft contribution, to look for contributions like it.
    pub fn similar_to(title: &str, body: &str) -> Option<Self> {
        Self::with_limit(&format!("{title}\n{body}"), SIMILAR_TERMS_MAX)
    }

    fn with_limit(raw: &str, max_terms: usize) -> Option<Self> {
        let typed: String = raw
            .trim()
            .chars()
            .take(QUERY_CHARS_MAX.max(max_terms * 30))
            .collect();
        let stemmer = stemmer();
        let mut words = Vec::new();
        let mut stems = Vec::new();
        for word in self::words(&typed) {
            let stem = stem_of(&stemmer, &word);
            if stem.is_empty() || stems.contains(&stem) {
                continue;
            }
            stems.push(stem);
            words.push(folded_words(&word).concat());
            if stems.len() == max_terms {
                break;
            }
        }
        (!stems.is_empty()).then_some(Self {
            typed: typed.chars().take(QUERY_CHARS_MAX).collect(),
            words,
            stems,
        })
    }

    /// FTS5 MATCH text for contributions holding every word. Each stem is quoted: FTS5's own
    /// syntax (NEAR, *, column filters) cannot be smuggled in, and stems hold only letters and digits.
    pub fn fts5_all(&self) -> String {
        self.fts5_joined(" ")
    }

    /// FTS5 MATCH text for contributions holding any of the words, best first by rank.
    pub fn fts5_any(&self) -> String {
        self.fts5_joined(" OR ")
    }

    fn fts5_joined(&self, separator: &str) -> String {
        self.stems
            .iter()
            .map(|s| format!("\"{}\"", s.replace('"', "")))
            .collect::<Vec<_>>()
            .join(separator)
    }

    /// `to_tsquery('french', …)` text for every word: the words hold only letters and digits,
    /// so tsquery's operators cannot be smuggled in.
    pub fn tsquery_all(&self) -> String {
        self.words.join(" & ")
    }

    pub fn tsquery_any(&self) -> String {
        self.words.join(" | ")
    }

    pub fn stems(&self) -> &[String] {
        &self.stems
    }
}

/// A piece of text to show, marked when it is a word the search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub text: String,
    pub hit: bool,
}

/// `text` cut to about `max_chars` around its first found word, as fragments to show with the
/// found words marked. The words are compared by stem, as the search compared them.
pub fn highlight(text: &str, query: &SearchQuery, max_chars: usize) -> Vec<Fragment> {
    let stemmer = stemmer();
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_len = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(i, _)| i);
        let (piece, is_word) = if word_len > 0 {
            (&rest[..word_len], true)
        } else {
            let gap = rest
                .char_indices()
                .find(|(_, c)| c.is_alphanumeric())
                .map_or(rest.len(), |(i, _)| i);
            (&rest[..gap], false)
        };
        let hit = is_word
            && query
                .stems
                .contains(&stem_of(&stemmer, &piece.to_lowercase()));
        pieces.push((piece.to_string(), hit));
        rest = &rest[piece.len()..];
    }
    let total: usize = pieces.iter().map(|(p, _)| p.chars().count()).sum();
    let (mut start, mut end) = (0, pieces.len());
    if total > max_chars {
        // Start a few words before the first hit, so that it is read in its sentence.
        let first_hit = pieces.iter().position(|(_, hit)| *hit).unwrap_or(0);
        start = first_hit.saturating_sub(8);
        let mut length = 0;
        end = start;
        while end < pieces.len() && length + pieces[end].0.chars().count() <= max_chars {
            length += pieces[end].0.chars().count();
            end += 1;
        }
    }
    let cut_after = end < pieces.len();
    let mut fragments = Vec::new();
    if start > 0 {
        fragments.push(Fragment {
            text: "…".into(),
            hit: false,
        });
    }
    for (text, hit) in pieces.drain(start..end) {
        match fragments.last_mut() {
            Some(last) if !last.hit && !hit => last.text.push_str(&text),
            _ => fragments.push(Fragment { text, hit }),
        }
    }
    if cut_after {
        fragments.push(Fragment {
            text: "…".into(),
            hit: false,
        });
    }
    fragments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(fragments: &[Fragment]) -> Vec<&str> {
        fragments
            .iter()
            .filter(|f| f.hit)
            .map(|f| f.text.as_str())
            .collect()
    }

    #[test]
    fn plural_feminine_and_accented_forms_share_a_stem() {
        let terms = index_terms("Les écoles publiques", "Une école publique gratuite");
        let words: Vec<&str> = terms.split(' ').collect();
        assert_eq!(words[0], words[2], "écoles / école: {terms}");
        assert_eq!(words[1], words[3], "publiques / publique: {terms}");
        assert!(!terms.contains("les") && !terms.contains("une"));
        let query = SearchQuery::parse("ECOLE").unwrap();
        assert_eq!(query.stems(), &[words[0].to_string()]);
    }

    #[test]
    fn queries_cannot_carry_the_databases_own_syntax() {
        let query = SearchQuery::parse("santé\" OR title:* NEAR(a b) & !x | y").unwrap();
        for stem in query.stems() {
            assert!(stem.chars().all(char::is_alphanumeric), "{stem}");
        }
        assert!(!query.tsquery_all().contains('!'));
        assert_eq!(
            query.fts5_any().matches(" OR ").count(),
            query.stems().len() - 1
        );
        assert_eq!(SearchQuery::parse("  , ; les de  "), None);
    }

    #[test]
    fn a_draft_keeps_its_first_distinct_terms() {
        let body = (0..100)
            .map(|i| format!("mot{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let query = SearchQuery::similar_to("Titre", &body).unwrap();
        assert_eq!(query.stems().len(), SIMILAR_TERMS_MAX);
    }

    #[test]
    fn found_words_are_marked_by_stem_and_the_rest_kept_as_text() {
        let query = SearchQuery::parse("école").unwrap();
        let fragments = highlight("<b>Des écoles</b> et une École.", &query, 200);
        assert_eq!(hits(&fragments), vec!["écoles", "École"]);
        let whole: String = fragments.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(whole, "<b>Des écoles</b> et une École.");
    }

    #[test]
    fn a_long_text_is_cut_around_its_first_hit() {
        let text = format!(
            "{} transport gratuit {}",
            "avant ".repeat(200),
            "après ".repeat(200)
        );
        let query = SearchQuery::parse("transports").unwrap();
        let fragments = highlight(&text, &query, 120);
        assert_eq!(hits(&fragments), vec!["transport"]);
        let shown: String = fragments.iter().map(|f| f.text.as_str()).collect();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() <= 122, "{}", shown.chars().count());
    }
}
