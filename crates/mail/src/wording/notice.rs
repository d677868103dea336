//! A notice as it will be read: subject, paragraphs and button, laid out by one email template
//! (`templates/notice.*`). Written from a `News` by `wording`; a notice queued by an earlier
//! version of Essaim carries these words itself in its payload.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub subject: String,
    /// Plain-text paragraphs (escaped in the HTML version).
    pub paragraphs: Vec<String>,
    /// A path on this site (`/evenements/12`) and the words of its button.
    pub link: Option<(String, String)>,
}

impl Notice {
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            ..Self::default()
        }
    }

    pub fn paragraph(mut self, text: impl Into<String>) -> Self {
        self.paragraphs.push(text.into());
        self
    }

    pub fn link(mut self, path: impl Into<String>, label: impl Into<String>) -> Self {
        self.link = Some((path.into(), label.into()));
        self
    }
}
