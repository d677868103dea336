//! HTTP adapter: axum routes and server-rendered French pages. Handlers are short: they parse
//! the request into domain types, call the store, and render a template.

mod api;
mod audit_trail;
mod client_ip;
pub mod config;
mod counter;
mod csrf;
mod csrf_form;
mod electoral_pdf;
mod error;
mod geocoder;
mod id_path;
mod markdown;
mod origin;
mod pages;
pub mod picture;
mod posted_form;
mod rate_limit;
mod render;
mod request_body;
mod routes;
mod security_headers;
mod session;
mod staff_gate;
mod state;

pub use config::{DonationConfig, LimitConfig, WebConfig};
pub use counter::LiveCounter;
pub use pages::donations::legal_notice::default_notice;
pub use pages::donations::{french_day, play_due_instalments};
pub use routes::{route_paths, router};
pub use state::AppState;
