//! Who a person is, as typed on a form: email, name, where they live, phone.

pub mod country;
pub mod email;
pub mod person_name;
pub mod phone;
pub mod postal_code;

pub use country::Country;
pub use email::Email;
pub use person_name::{short_name, PersonName};
pub use phone::Phone;
pub use postal_code::{parse_departement, PostalCode};
