//! GET /admin/programme: what awaits the moderators (hidden contributions and comments, and
//! those still shown with reports standing), with a form for each decision; the people
//! blocked; the merge of a duplicate (`?fusion=N` opens its form); the axes, their texts and
//! syntheses; and the log of the latest decisions. The forms' handlers show this page again
//! when something typed is wrong, with what was typed.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::ids::{ContributionId, PersonId};
use essaim_domain::programme::moderation::Decision;
use essaim_domain::FieldErrors;
use essaim_store::people::Person;
use essaim_store::programme::{
    BlockedPerson, ContributionStatus, DecisionEntry, DecisionTarget, QueueItem, ReportTarget,
};
use serde::Deserialize;

use super::done::Done;
use super::paris_time;
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

/// How many decisions the log shows.
const LOG_LENGTH: i64 = 200;

/// A form of the page, as the template writes it: its reason field's id, the key its typed
/// values and errors are kept under, where it posts.
pub struct FormView {
    pub id: String,
    pub key: String,
    pub action: String,
}

pub struct ItemView {
    pub kind: &'static str,
    pub contribution_id: ContributionId,
    pub contribution_title: String,
    pub excerpt: String,
    pub author: String,
    pub author_blocked: bool,
    pub reports: i64,
    pub reasons: Vec<String>,
    pub hidden: bool,
    /// Hidden by the reports alone, or shown with reports: no moderator decided yet.
    pub awaiting: bool,
    pub when: String,
    /// Hide it, or restore it.
    pub decide: FormView,
    /// Block its author (while they have an account and are not blocked).
    pub block: Option<FormView>,
    pub mergeable: bool,
}

pub struct BlockedView {
    pub name: String,
    pub email: String,
    pub reason: String,
    pub since: String,
    pub by: String,
    pub unblock: FormView,
}

pub struct DecisionView {
    pub when: String,
    pub who: String,
    pub decision: &'static str,
    pub target: String,
    pub link: Option<String>,
    pub reason: String,
}

pub struct AxisView {
    pub number: i64,
    pub title: String,
    pub contributions: i64,
    pub has_synthesis: bool,
}

/// The duplicate whose merge form is open.
pub struct MergeView {
    pub id: ContributionId,
    pub title: String,
}

/// A form that came back: the key of the form, what was typed in it, what was wrong.
#[derive(Default)]
pub struct Failed {
    pub key: String,
    pub values: Vec<(&'static str, String)>,
    pub errors: FieldErrors,
}

/// What the page shows besides its lists.
#[derive(Default)]
pub(super) struct Shown {
    pub confirmation: Option<&'static str>,
    pub notice: Option<String>,
    pub failed: Failed,
    /// The number typed to open a merge form (`?fusion=`), or of the merge that came back.
    pub merging: String,
}

#[derive(Template)]
#[template(path = "admin_programme.html")]
struct QueuePage {
    chrome: Chrome,
    confirmation: Option<&'static str>,
    notice: Option<String>,
    failed: Failed,
    items: Vec<ItemView>,
    blocked: Vec<BlockedView>,
    decisions: Vec<DecisionView>,
    axes: Vec<AxisView>,
    coordinator: bool,
    /// The number typed in the merge's first form, and why it opens none.
    lookup: String,
    lookup_error: Option<String>,
    merging: Option<MergeView>,
}

impl QueuePage {
    /// What was typed in the field `field` of the form `key`, if it came back.
    fn typed(&self, key: &str, field: &str) -> &str {
        if self.failed.key == key {
            crate::render::typed(&self.failed.values, field)
        } else {
            ""
        }
    }

    fn error(&self, key: &str, field: &str) -> Option<&str> {
        (self.failed.key == key)
            .then(|| self.failed.errors.get(field))
            .flatten()
    }
}

/// The key of the form that blocks `person` (one key for all their items' forms: what was
/// typed in one shows in each).
pub(super) fn block_key(person: PersonId) -> String {
    format!("bloquer-{person}")
}

pub(super) fn unblock_key(person: PersonId) -> String {
    format!("debloquer-{person}")
}

/// The key of the form that hides or restores `target`.
pub(super) fn decide_key(target: ReportTarget, decision: Decision) -> String {
    let verb = if decision == Decision::Restored {
        "retablir"
    } else {
        "masquer"
    };
    match target {
        ReportTarget::Contribution(id) => format!("{verb}-contribution-{id}"),
        ReportTarget::Comment(id) => format!("{verb}-commentaire-{id}"),
    }
}

pub(super) const MERGE_KEY: &str = "fusion";

fn item_view(item: QueueItem) -> ItemView {
    let (kind, segment, number) = match item.target {
        ReportTarget::Contribution(id) => ("Contribution", "contributions", id.get()),
        ReportTarget::Comment(id) => ("Commentaire sur la contribution", "commentaires", id.get()),
    };
    let (decision, verb) = if item.hidden {
        (Decision::Restored, "retablir")
    } else {
        (Decision::Hidden, "masquer")
    };
    let key = decide_key(item.target, decision);
    let author = match (&item.author_label, item.author_id) {
        (Some(label), Some(id)) => format!("{label} (personne n° {id})"),
        (None, Some(id)) => format!("Sans nom affiché (personne n° {id})"),
        (Some(label), None) => format!("{label} (compte supprimé)"),
        (None, None) => "Compte supprimé".to_string(),
    };
    let block = item
        .author_id
        .filter(|_| !item.author_blocked)
        .map(|person| FormView {
            id: format!("bloquer-{person}-{segment}-{number}"),
            key: block_key(person),
            action: format!("/admin/programme/personnes/{person}/bloquer"),
        });
    ItemView {
        kind,
        contribution_id: item.contribution_id,
        contribution_title: item.contribution_title,
        excerpt: item.excerpt,
        author,
        author_blocked: item.author_blocked,
        reports: item.reports,
        reasons: item
            .reasons
            .iter()
            .map(|report| match &report.detail {
                Some(detail) => format!("{} : {detail}", report.reason.label()),
                None => report.reason.label().to_string(),
            })
            .collect(),
        hidden: item.hidden,
        awaiting: item.awaiting,
        when: paris_time(item.created_at),
        decide: FormView {
            id: key.clone(),
            key,
            action: format!("/admin/programme/{segment}/{number}/{verb}"),
        },
        block,
        mergeable: !item.hidden && matches!(item.target, ReportTarget::Contribution(_)),
    }
}

fn blocked_view(blocked: BlockedPerson) -> BlockedView {
    let key = unblock_key(blocked.person);
    BlockedView {
        name: blocked.name,
        email: blocked.email,
        reason: blocked.reason,
        since: paris_time(blocked.since),
        by: blocked
            .moderator
            .unwrap_or_else(|| "un membre de l'équipe (compte supprimé)".into()),
        unblock: FormView {
            id: key.clone(),
            key,
            action: format!("/admin/programme/personnes/{}/debloquer", blocked.person),
        },
    }
}

fn decision_view(entry: DecisionEntry) -> DecisionView {
    let who = match (entry.moderator, entry.decision) {
        (Some(name), _) => name,
        (None, Decision::AutoHidden) => "signalements".into(),
        (None, _) => "un membre de l'équipe (compte supprimé)".into(),
    };
    let titled = |what: String| match &entry.contribution {
        Some((_, title)) => format!("{what} « {title} »"),
        None => what,
    };
    let (target, link) = match entry.target {
        DecisionTarget::Contribution(id) => (
            titled(format!("Contribution n° {id}")),
            Some(format!("/programme/contributions/{id}")),
        ),
        DecisionTarget::Comment(id) => (
            titled(format!("Commentaire n° {id} sur")),
            entry
                .contribution
                .as_ref()
                .map(|(contribution, _)| format!("/programme/contributions/{contribution}")),
        ),
        DecisionTarget::Person(id) => (
            match &entry.person {
                Some(name) => format!("{name} (personne n° {id})"),
                None => format!("Personne n° {id} (compte supprimé)"),
            },
            None,
        ),
    };
    DecisionView {
        when: paris_time(entry.at),
        who,
        decision: entry.decision.label(),
        target,
        link,
        reason: entry.reason,
    }
}

/// The contribution whose merge form `typed` opens, or why it opens none ("" opens none,
/// silently).
async fn merging(
    state: &AppState,
    typed: &str,
) -> Result<Result<Option<MergeView>, String>, AppError> {
    let typed = typed.trim().trim_start_matches('#');
    if typed.is_empty() {
        return Ok(Ok(None));
    }
    let Ok(id) = typed.parse::<ContributionId>() else {
        return Ok(Err(format!(
            "« {typed} » n'est pas un numéro de contribution."
        )));
    };
    Ok(match state.store.contribution(id).await? {
        Some(contribution) if contribution.status == ContributionStatus::Published => {
            Ok(Some(MergeView {
                id,
                title: contribution.card.title,
            }))
        }
        _ => Err(format!(
            "La contribution n° {id} n'est pas visible : seule une contribution publiée peut \
             être fusionnée dans une autre."
        )),
    })
}

pub(super) async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    status: StatusCode,
    shown: Shown,
) -> Result<Response, AppError> {
    let store = &state.store;
    let mut axes = Vec::new();
    for axis in store.programme_axes().await? {
        axes.push(AxisView {
            number: axis.number.get(),
            title: axis.title,
            contributions: axis.contributions,
            has_synthesis: store.programme_synthesis(axis.number).await?.is_some(),
        });
    }
    let (merging, lookup_error) = match merging(state, &shown.merging).await? {
        Ok(view) => (view, None),
        Err(problem) => (None, Some(problem)),
    };
    let items: Vec<ItemView> = store
        .moderation_queue()
        .await?
        .into_iter()
        .map(item_view)
        .collect();
    let blocked: Vec<BlockedView> = store
        .programme_blocked_people()
        .await?
        .into_iter()
        .map(blocked_view)
        .collect();
    let (mut notice, mut failed) = (shown.notice, shown.failed);
    // A form the page no longer shows (what it decided on left the queue meanwhile): its
    // errors are said at the top.
    let shows = |key: &str| {
        items
            .iter()
            .any(|item| item.decide.key == key || item.block.as_ref().is_some_and(|b| b.key == key))
            || blocked.iter().any(|b| b.unblock.key == key)
            || (key == MERGE_KEY && merging.is_some())
    };
    if !failed.errors.is_empty() && !shows(&failed.key) {
        let said: Vec<&str> = failed.errors.iter().map(|(_, message)| message).collect();
        notice = Some(said.join(" "));
        failed = Failed::default();
    }
    let view = QueuePage {
        chrome: Chrome::new(Some(person), csrf),
        confirmation: shown.confirmation,
        notice,
        failed,
        items,
        blocked,
        decisions: store
            .programme_decisions(LOG_LENGTH)
            .await?
            .into_iter()
            .map(decision_view)
            .collect(),
        axes,
        coordinator: essaim_domain::staff::allows(
            &store.roles_of(person.id).await?,
            Some(essaim_domain::staff::StaffRole::Coordination),
        ),
        lookup: shown.merging,
        lookup_error,
        merging,
    };
    Ok(page(status, &view))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    fait: Done,
    fusion: String,
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    query: Result<Query<QueueQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let shown = Shown {
        confirmation: query.fait.words(),
        merging: query.fusion,
        ..Shown::default()
    };
    render(&state, &person, &csrf, StatusCode::OK, shown).await
}
