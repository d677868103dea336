//! /admin/envois/nouveau: the segment's filters and the message on one form. Its buttons
//! count, preview, send a test to oneself, or send (now or at the time given); with
//! JavaScript, the count follows the filters as they change (`/admin/envois/compte`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use essaim_domain::mailing::{MailingMessage, Segment};
use essaim_domain::FieldErrors;
use essaim_store::mailings::{MailingLetter, NewMailing, SegmentCount};
use essaim_store::now;
use essaim_store::people::Person;

use super::form::{Choice, MailingForm};
use super::{email_html, when};
use crate::audit_trail::journal as audit;
use crate::client_ip::ClientIp;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::posted_form::Pairs;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

const EXPIRED: &str =
    "La page avait expiré : rien n'a été envoyé. Vérifiez le message et recommencez.";

#[derive(Template)]
#[template(path = "admin_mailing_form.html")]
struct FormPage {
    chrome: Chrome,
    form: MailingForm,
    skills: Vec<Choice>,
    interests: Vec<Choice>,
    events: Vec<(String, String)>,
    groups: Vec<(&'static str, &'static str)>,
    errors: FieldErrors,
    notice: Option<&'static str>,
    confirmation: Option<String>,
    count: Option<SegmentCount>,
    preview: Option<String>,
    weekly_cap: u32,
    per_second: u32,
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    /// "1 234 personnes recevront ce message (12 écartées par le plafond hebdomadaire)."
    fn count_text(&self) -> String {
        let Some(count) = self.count else {
            return String::new();
        };
        let mut text = match count.reachable {
            0 => "Personne ne recevra ce message".to_string(),
            1 => "1 personne recevra ce message".to_string(),
            n => format!("{n} personnes recevront ce message"),
        };
        let capped = count.matching - count.reachable;
        if capped > 0 {
            text.push_str(&format!(
                " ({capped} écartée{} par le plafond hebdomadaire)",
                if capped > 1 { "s" } else { "" }
            ));
        }
        text.push('.');
        text
    }
}

/// What the page shows besides the form.
#[derive(Default)]
struct Outcome {
    errors: FieldErrors,
    notice: Option<&'static str>,
    confirmation: Option<String>,
    count: Option<SegmentCount>,
    preview: Option<String>,
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    form: MailingForm,
    status: StatusCode,
    outcome: Outcome,
) -> Result<Response, AppError> {
    let events = state
        .store
        .events_for_segments(now())
        .await?
        .into_iter()
        .map(|(id, title, starts_at)| (id.to_string(), format!("{title} — {}", when(starts_at))))
        .collect();
    let view = FormPage {
        chrome: Chrome::new(Some(person), csrf),
        skills: form.skill_choices(),
        interests: form.interest_choices(),
        form,
        events,
        groups: vec![
            ("membres", "Membres d'un groupe d'appui"),
            ("animateurs", "Animateur·ices d'un groupe d'appui"),
        ],
        errors: outcome.errors,
        notice: outcome.notice,
        confirmation: outcome.confirmation,
        count: outcome.count,
        preview: outcome.preview,
        weekly_cap: state.config.mailings.weekly_cap.per_week(),
        per_second: state.config.mailings.per_second,
    };
    Ok(page(status, &view))
}

async fn count_of(
    state: &AppState,
    segment: &Segment,
    send_at: i64,
) -> Result<SegmentCount, AppError> {
    Ok(state
        .store
        .count_segment(segment, state.config.mailings.weekly_cap, send_at)
        .await?)
}

pub async fn new_form(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let count = count_of(&state, &Segment::default(), now()).await?;
    let outcome = Outcome {
        count: Some(count),
        ..Outcome::default()
    };
    render(
        &state,
        &person,
        &csrf,
        MailingForm::default(),
        StatusCode::OK,
        outcome,
    )
    .await
}

/// The segment and, for the buttons that need it, the message; every error at once.
fn read(
    form: &MailingForm,
    with_message: bool,
    now: i64,
) -> Result<(Segment, Option<MailingMessage>), FieldErrors> {
    let segment = form.segment();
    let message = with_message.then(|| form.message(now));
    match (segment, message) {
        (Ok(segment), None) => Ok((segment, None)),
        (Ok(segment), Some(Ok(message))) => Ok((segment, Some(message))),
        (segment, message) => {
            let mut errors = FieldErrors::default();
            for (field, text) in segment.err().iter().flat_map(|e| e.iter()) {
                errors.add(field, text);
            }
            if let Some(Err(message_errors)) = message {
                for (field, text) in message_errors.iter() {
                    errors.add(field, text);
                }
            }
            Err(errors)
        }
    }
}

pub async fn submit(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    ip: ClientIp,
    posted: CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let (pairs, token) = posted.open();
    let form = MailingForm::from_pairs(&pairs);
    let action = pairs.one("action");
    let now = now();
    let with_message = matches!(action.as_str(), "apercu" | "essai" | "envoyer");
    let read = if token.is_expired() {
        Err(Outcome {
            notice: Some(EXPIRED),
            ..Outcome::default()
        })
    } else {
        read(&form, with_message, now).map_err(|errors| Outcome {
            errors,
            ..Outcome::default()
        })
    };
    let (segment, message) = match read {
        Ok(read) => read,
        Err(refused) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render(&state, &person, &csrf, form, status, refused).await;
        }
    };
    let send_at = message.as_ref().map_or(form.send_at(now), |m| m.send_at);
    let mut outcome = Outcome::default();
    match (action.as_str(), message) {
        // Sending counts in its own transaction (queue_mailing): no count here.
        ("envoyer", Some(message)) => {
            return send(&state, &person, &ip, &segment, &message).await;
        }
        ("apercu", Some(message)) => {
            outcome.preview = Some(email_html(&message.body, state.links.base_url()));
        }
        ("essai", Some(message)) => {
            let letter = letter(&state, &message);
            state
                .store
                .queue_mailing_test(person.id, &letter, now)
                .await?;
            outcome.confirmation = Some(format!(
                "Un essai est parti vers {} : vérifiez-le dans votre boîte avant d'envoyer.",
                person.email
            ));
        }
        _ => {}
    }
    outcome.count = Some(count_of(&state, &segment, send_at).await?);
    render(&state, &person, &csrf, form, StatusCode::OK, outcome).await
}

fn letter(state: &AppState, message: &MailingMessage) -> MailingLetter {
    MailingLetter {
        subject: message.subject.clone(),
        body: message.body.clone(),
        body_html: email_html(&message.body, state.links.base_url()),
    }
}

async fn send(
    state: &AppState,
    person: &Person,
    ip: &ClientIp,
    segment: &Segment,
    message: &MailingMessage,
) -> Result<Response, AppError> {
    let event_title = match segment.event {
        Some(id) => state.store.find_event(id).await?.map(|e| e.title),
        None => None,
    };
    let summary = segment.summary(event_title.as_deref());
    let letter = letter(state, message);
    let mailing = NewMailing {
        subject: &letter.subject,
        body: &letter.body,
        body_html: &letter.body_html,
        segment,
        segment_summary: &summary,
        author_id: person.id,
        author: &person.email,
        per_second: state.config.mailings.per_second,
        send_at: message.send_at,
        cap: state.config.mailings.weekly_cap,
    };
    let (id, queued) = state.store.queue_mailing(&mailing, now()).await?;
    let subject = format!(
        "envoi {id} « {} » à {queued} personnes, le {} ({summary})",
        letter.subject,
        when(message.send_at)
    );
    audit(state, person, ip, "envoi d'un message", &subject).await?;
    Ok(Redirect::to(&format!("/admin/envois/{id}?fait=programme")).into_response())
}

/// The live count, for the form's script: `{"matching": n, "reachable": n}`, or the errors.
pub async fn count(
    State(state): State<AppState>,
    Staff(_): Staff,
    query: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let pairs = Pairs(query.map(|Query(pairs)| pairs).unwrap_or_default());
    let form = MailingForm::from_pairs(&pairs);
    match form.segment() {
        Ok(segment) => {
            let count = count_of(&state, &segment, form.send_at(now())).await?;
            Ok(Json(serde_json::json!({
                "matching": count.matching,
                "reachable": count.reachable,
            }))
            .into_response())
        }
        Err(errors) => {
            let errors: serde_json::Map<String, serde_json::Value> = errors
                .iter()
                .map(|(field, text)| (field.to_string(), text.into()))
                .collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(serde_json::json!({ "errors": errors })),
            )
                .into_response())
        }
    }
}
