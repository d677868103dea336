//! Integration tests: the real app on a random port, driven over HTTP, on SQLite and on
//! PostgreSQL (see `support::both_backends!`).

mod support;

mod abuse;
mod accounts;
mod admin;
mod browser;
mod confirmation;
mod counter;
mod crash;
mod csrf;
mod events;
mod groups;
mod groups_geocoder;
mod groups_near;
mod headers;
mod outreach;
mod privacy;
mod recipes;
mod request_bodies;
mod signature;
mod skills;
mod smtp;
