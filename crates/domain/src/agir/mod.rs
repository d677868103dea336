//! Agir and "J'en dis plus": the closed lists people choose from (skills, availability, what
//! they like doing), action recipes and how they are matched to a person, offers of skills.

pub mod coded;
pub mod matching;
pub mod offer;
pub mod profile;
pub mod recipe;
pub mod skills;

pub use coded::Coded;
pub use skills::Skill;
