//! News about skill offers ("J'en dis plus": requests and answers). The words are in `essaim_mail::wording::skills`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SkillNews {
    /// To the person offering skills: an organiser wrote to them about their offer.
    Request {
        /// The organiser's first name and initial ("Louise M."): all the person learns of
        /// them until they answer.
        from: String,
        message: String,
    },
    /// To the organiser: the person answered, and so agreed to give their name and address.
    Answer {
        first_name: String,
        last_name: String,
        email: String,
        answer: String,
        /// The organiser's own message, recalled.
        message: String,
    },
}
