//! Listes électorales: getting citizens registered to vote, honestly. The rules here are the
//! law's deadlines (code électoral L17, R5) and what a person in a given situation must do; the
//! official steps themselves happen on service-public.fr or at the town hall, never here.

pub mod ballot;
pub mod deadline;
pub mod drive;
pub mod proxy_form;
pub mod proxy_matching;
pub mod questionnaire;
pub mod reminder;
