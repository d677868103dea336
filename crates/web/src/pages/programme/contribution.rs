//! GET /programme/contributions/{id}: a contribution, its addenda, its supports and its
//! comments, with what the visitor may do there (support, comment, reply, report; its author
//! edits or completes it). The forms of the other handlers come back to this page: with a
//! notice once done (`?fait=…`), or with the person's text and what is wrong with it.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::ids::{CommentId, ContributionId, PersonId};
use essaim_domain::programme::report::ReportReason;
use essaim_domain::programme::AxisNumber;
use essaim_store::people::Person;
use essaim_store::programme::{Comment, CommentStatus, ContributionStatus, Thread};
use serde::Deserialize;

use super::notice::Done;
use super::{author_name, count_label, date_label};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{message_page, page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    fait: String,
}

/// A form of the page sent back with a mistake: which one (`key`), what was typed in it, and
/// the message for one of its fields.
#[derive(Default)]
pub struct Retyped {
    pub key: String,
    pub body: String,
    pub reason: String,
    pub detail: String,
    /// "body", "reason", "detail" or "consent".
    pub field: &'static str,
    pub error: String,
}

impl Retyped {
    /// A text (comment, reply, addendum) refused.
    pub fn text(key: String, body: &str, error: String) -> Self {
        Self {
            key,
            body: body.chars().take(10_000).collect(),
            field: "body",
            error,
            ..Self::default()
        }
    }
}

/// A comment as the page shows it: its text, or why it has none.
pub struct CommentView {
    pub id: CommentId,
    pub author: String,
    pub date: String,
    /// None: hidden or deleted, kept for its replies.
    pub body: Option<String>,
    pub placeholder: &'static str,
    pub mine: bool,
    pub reply_key: String,
    pub report_key: String,
}

pub struct ThreadView {
    pub comment: CommentView,
    pub replies: Vec<CommentView>,
}

const HIDDEN_COMMENT: &str = "Commentaire masqué par la modération";
const DELETED_COMMENT: &str = "Commentaire supprimé par son auteur";

fn comment_view(comment: &Comment, viewer: Option<PersonId>) -> CommentView {
    let published = comment.status == CommentStatus::Published;
    CommentView {
        id: comment.id,
        author: author_name(comment.author_label.as_deref()),
        date: date_label(comment.created_at),
        body: published.then(|| comment.body.clone()),
        placeholder: match comment.status {
            CommentStatus::Hidden => HIDDEN_COMMENT,
            _ => DELETED_COMMENT,
        },
        mine: published && viewer.is_some() && comment.author_id == viewer,
        reply_key: format!("reponse-{}", comment.id),
        report_key: format!("signaler-{}", comment.id),
    }
}

/// The threads as anyone sees them: published comments; a hidden or deleted one only as the
/// head of replies still shown, without its text.
fn visible_threads(threads: &[Thread], viewer: Option<PersonId>) -> Vec<ThreadView> {
    threads
        .iter()
        .filter_map(|thread| {
            let replies: Vec<CommentView> = thread
                .replies
                .iter()
                .filter(|reply| reply.status == CommentStatus::Published)
                .map(|reply| comment_view(reply, viewer))
                .collect();
            let shown = thread.comment.status == CommentStatus::Published || !replies.is_empty();
            shown.then(|| ThreadView {
                comment: comment_view(&thread.comment, viewer),
                replies,
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "programme_contribution.html")]
struct ContributionPage {
    chrome: Chrome,
    id: ContributionId,
    axis: AxisNumber,
    axis_title: String,
    title: String,
    body: String,
    author: String,
    date: String,
    departement: Option<String>,
    supports: String,
    in_synthesis: bool,
    /// (date, text) of each addendum.
    addenda: Vec<(String, String)>,
    /// Hidden by moderation, shown to its author and to staff.
    hidden: bool,
    /// The contribution this one was merged into: (id, title).
    merged_into: Option<(ContributionId, String)>,
    /// Published: it takes supports, comments and reports.
    open: bool,
    is_author: bool,
    supported: bool,
    locked: bool,
    threads: Vec<ThreadView>,
    comments: String,
    notice: Option<(&'static str, bool)>,
    retyped: Retyped,
    reasons: Vec<(&'static str, &'static str)>,
    /// "Louise M.", as the comment form says.
    commenter: String,
    /// Logged in and never consented: the comment forms ask for the consent.
    ask_consent: bool,
    consent_text: &'static str,
}

impl ContributionPage {
    /// What was typed in `field` of the form `key`, if that form came back.
    fn kept(&self, key: &str, field: &str) -> &str {
        if self.retyped.key != key {
            return "";
        }
        match field {
            "reason" => &self.retyped.reason,
            "detail" => &self.retyped.detail,
            _ => &self.retyped.body,
        }
    }

    fn error(&self, key: &str, field: &str) -> Option<&str> {
        (self.retyped.key == key && self.retyped.field == field)
            .then_some(self.retyped.error.as_str())
    }

    /// A form folded away is shown open when it came back with a mistake.
    fn is_open(&self, key: &str) -> bool {
        self.retyped.key == key
    }
}

/// The page of contribution `id` as `person` sees it: a 404 when it does not exist, a 410 when
/// moderators hid it (but to its author and to staff).
pub async fn render(
    state: &AppState,
    person: Option<&Person>,
    csrf: &CsrfToken,
    id: ContributionId,
    notice: Option<Done>,
    retyped: Retyped,
    status: StatusCode,
) -> Result<Response, AppError> {
    let contribution = state
        .store
        .contribution(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = person.map(|p| p.id);
    let is_author = viewer.is_some() && contribution.author_id == viewer;
    let hidden = contribution.status == ContributionStatus::Hidden;
    if hidden && !is_author && !person.is_some_and(|p| p.is_staff) {
        return Ok(message_page(
            StatusCode::GONE,
            "Contribution masquée",
            "Cette contribution a été masquée par la modération.",
        ));
    }
    let merged_into = match (contribution.status, contribution.merged_into) {
        (ContributionStatus::Merged, Some(target)) => {
            let title = state
                .store
                .contribution(target)
                .await?
                .map(|kept| kept.card.title)
                .unwrap_or_else(|| format!("la contribution n° {target}"));
            Some((target, title))
        }
        _ => None,
    };
    let open = contribution.status == ContributionStatus::Published;
    let supported = match viewer {
        Some(viewer) => state.store.has_supported(id, viewer).await?,
        None => false,
    };
    let ask_consent = match viewer {
        Some(viewer) => !state.store.has_programme_consent(viewer).await?,
        None => false,
    };
    let axis = state.store.programme_axis(contribution.card.axis).await?;
    let threads = state.store.comments_on(id).await?;
    let card = contribution.card;
    let view = ContributionPage {
        chrome: Chrome::new(person, csrf),
        id,
        axis: axis.number,
        axis_title: axis.title,
        title: card.title,
        body: card.body,
        author: author_name(card.author_label.as_deref()),
        date: date_label(card.created_at),
        departement: card.departement,
        supports: count_label(card.supports, "soutien", "soutiens"),
        in_synthesis: card.in_synthesis,
        addenda: contribution
            .addenda
            .into_iter()
            .map(|addendum| (date_label(addendum.created_at), addendum.body))
            .collect(),
        hidden,
        merged_into,
        open,
        is_author,
        supported,
        locked: contribution.locked,
        threads: visible_threads(&threads, viewer),
        comments: count_label(card.comments, "commentaire", "commentaires"),
        notice: notice.map(Done::message),
        retyped,
        reasons: ReportReason::ALL
            .iter()
            .map(|reason| (reason.code(), reason.label()))
            .collect(),
        commenter: person
            .map(|p| essaim_domain::identity::short_name(&p.first_name, &p.last_name))
            .unwrap_or_default(),
        ask_consent,
        consent_text: super::contribute::CONSENT_TEXT,
    };
    Ok(page(status, &view))
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    IdPath(id): IdPath<ContributionId>,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let notice = query.ok().and_then(|Query(q)| Done::from_code(&q.fait));
    render(
        &state,
        person.as_ref(),
        &csrf,
        id,
        notice,
        Retyped::default(),
        StatusCode::OK,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: i64, parent: Option<i64>, status: CommentStatus) -> Comment {
        Comment {
            id: CommentId::new(id),
            contribution_id: ContributionId::new(1),
            parent_id: parent.map(CommentId::new),
            author_id: Some(PersonId::new(7)),
            author_label: Some("Louise M.".into()),
            body: if status == CommentStatus::Deleted {
                String::new()
            } else {
                format!("Commentaire {id}")
            },
            status,
            created_at: 0,
        }
    }

    fn thread(head: Comment, replies: Vec<Comment>) -> Thread {
        Thread {
            comment: head,
            replies,
        }
    }

    #[test]
    fn a_hidden_or_deleted_comment_shows_only_as_the_head_of_replies_still_shown() {
        use CommentStatus::{Deleted, Hidden, Published};
        let threads = vec![
            thread(
                comment(1, None, Published),
                vec![comment(2, Some(1), Hidden)],
            ),
            thread(comment(3, None, Hidden), vec![]),
            thread(
                comment(4, None, Deleted),
                vec![comment(5, Some(4), Published)],
            ),
            thread(
                comment(6, None, Hidden),
                vec![comment(7, Some(6), Published)],
            ),
            thread(
                comment(8, None, Deleted),
                vec![comment(9, Some(8), Deleted)],
            ),
        ];
        let shown = visible_threads(&threads, Some(PersonId::new(7)));
        let heads: Vec<(i64, Option<&str>, &str)> = shown
            .iter()
            .map(|t| {
                (
                    t.comment.id.get(),
                    t.comment.body.as_deref(),
                    t.comment.placeholder,
                )
            })
            .collect();
        assert_eq!(heads.len(), 3);
        assert_eq!(heads[0].1, Some("Commentaire 1"));
        assert!(shown[0].replies.is_empty(), "a hidden reply is left out");
        assert_eq!(
            (heads[1].0, heads[1].1, heads[1].2),
            (4, None, DELETED_COMMENT)
        );
        assert_eq!(
            (heads[2].0, heads[2].1, heads[2].2),
            (6, None, HIDDEN_COMMENT)
        );
        assert!(shown[0].comment.mine && !shown[1].comment.mine);
    }
}
