//! One module per page or group of pages.

pub mod admin;
pub mod admin_chart;
pub mod admin_emails;
pub mod admin_export;
pub mod api;
pub mod assets;
pub mod confirm;
pub mod donations;
pub mod electoral;
pub mod events;
pub mod groups;
pub mod home;
pub mod login;
pub mod material;
pub mod members_message;
pub mod near;
pub mod privacy;
pub mod programme;
pub mod programme_admin;
pub mod programme_results;
pub mod recipes;
pub mod sign;
pub mod signature_form;
pub mod skills;
pub mod space;
pub mod visitor_signup;
