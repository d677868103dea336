//! Integration tests: the real app, driven over HTTP (its router in memory, or a port when the
//! test needs a real server), on SQLite and on PostgreSQL (see `support::both_backends!`).

mod support;

mod abuse;
mod accounts;
mod admin;
mod browser;
mod confirmation;
mod counter;
mod crash;
mod csrf;
mod donations;
mod donations_admin;
mod electoral;
mod electoral_drives;
mod electoral_proxies;
mod electoral_proxy_pages;
mod electoral_sheet;
mod events;
mod groups;
mod groups_geocoder;
mod groups_near;
mod headers;
mod mailings;
mod material;
mod material_admin;
mod osdi;
mod osdi_events;
mod outreach;
mod privacy;
mod programme;
mod programme_admin;
mod programme_nonsense;
mod programme_privacy;
mod programme_search;
mod recipes;
mod request_bodies;
mod retention;
mod signature;
mod skills;
mod smtp;
mod staff_roles;
