//! /admin/programme, for staff: the moderation queue, the people blocked and the decisions'
//! log (`queue.rs`, its notices in `done.rs`); hiding, restoring, blocking and unblocking, each with its reason
//! (`decisions.rs`); merging a duplicate into the contribution kept (`merge.rs`); an axis's
//! title and introduction (`axis.rs`); and, for coordinators only, an axis's synthesis
//! (`synthesis.rs`).

mod axis;
mod decisions;
mod done;
mod merge;
mod queue;
mod synthesis;

use axum::routing::{get, post};

pub(crate) use crate::render::paris_time;
use crate::routes::RouteTable;

pub fn admin_routes() -> RouteTable {
    vec![
        ("/admin/programme", get(queue::show)),
        (
            "/admin/programme/contributions/{id}/masquer",
            post(decisions::hide_contribution),
        ),
        (
            "/admin/programme/contributions/{id}/retablir",
            post(decisions::restore_contribution),
        ),
        (
            "/admin/programme/commentaires/{id}/masquer",
            post(decisions::hide_comment),
        ),
        (
            "/admin/programme/commentaires/{id}/retablir",
            post(decisions::restore_comment),
        ),
        (
            "/admin/programme/personnes/{id}/bloquer",
            post(decisions::block),
        ),
        (
            "/admin/programme/personnes/{id}/debloquer",
            post(decisions::unblock),
        ),
        (
            "/admin/programme/contributions/{id}/fusionner",
            post(merge::merge),
        ),
        (
            "/admin/programme/axes/{n}",
            get(axis::show).post(axis::save),
        ),
        (
            "/admin/programme/axes/{n}/synthese",
            get(synthesis::show).post(synthesis::save),
        ),
    ]
}

/// What a form posted with an expired token is told.
const EXPIRED: &str = "La page avait expiré : rien n'a été changé. Vérifiez et recommencez.";
