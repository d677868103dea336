//! /admin/jetons, for staff: the OSDI API tokens (name, scope, creation, last use), a form to
//! create one — its secret is shown once, on the answer to that form, and never stored — and
//! revocation. Each creation and revocation goes to the audit log.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::FieldErrors;
use essaim_store::api_tokens::{ApiToken, TokenScope};
use essaim_store::now;
use essaim_store::people::Person;
use rand::RngCore;
use serde::Deserialize;

use crate::api::osdi::hash_secret;
use crate::audit_trail::journal as audit;
use crate::client_ip::ClientIp;
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

const EXPIRED: &str = "La page avait expiré : aucun jeton n'a été créé. Vérifiez et recommencez.";
const MAX_NAME_CHARS: usize = 100;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenPost {
    name: String,
    scope: String,
}

/// A token request that passed the checks.
struct TokenDraft {
    name: String,
    scope: TokenScope,
}

impl TokenPost {
    fn parse(&self) -> Result<TokenDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            errors.add(
                "name",
                "Donnez un nom au jeton (l'outil qui l'utilisera, par exemple « CRM »).",
            );
        } else if name.chars().count() > MAX_NAME_CHARS {
            errors.add(
                "name",
                format!("Le nom ne doit pas dépasser {MAX_NAME_CHARS} caractères."),
            );
        }
        let scope = TokenScope::parse(&self.scope);
        if scope.is_none() {
            errors.add(
                "scope",
                "Choisissez ce que le jeton permet : lecture seule, ou lecture et écriture.",
            );
        }
        match scope {
            Some(scope) if errors.is_empty() => Ok(TokenDraft {
                name: name.to_string(),
                scope,
            }),
            _ => Err(errors),
        }
    }
}

struct TokenView {
    id: i64,
    name: String,
    scope: &'static str,
    created: String,
    last_used: String,
    revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_api_tokens.html")]
struct TokensPage {
    chrome: Chrome,
    tokens: Vec<TokenView>,
    values: TokenPost,
    errors: FieldErrors,
    notice: Option<&'static str>,
    confirmation: Option<&'static str>,
    /// The secret of the token just created: shown on this answer only.
    secret: Option<String>,
    scopes: Vec<(&'static str, &'static str)>,
}

impl TokensPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

fn scope_label(scope: TokenScope) -> &'static str {
    match scope {
        TokenScope::Read => "lecture seule",
        TokenScope::ReadWrite => "lecture et écriture",
    }
}

fn when(unix_seconds: i64) -> String {
    jiff::Timestamp::from_second(unix_seconds)
        .map(|t| {
            t.to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC))
                .strftime("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

fn view(token: ApiToken) -> TokenView {
    TokenView {
        id: token.id,
        scope: scope_label(token.scope()),
        created: when(token.created_at),
        last_used: token.last_used_at.map_or_else(|| "jamais".into(), when),
        revoked: token.revoked_at.map(when),
        name: token.name,
    }
}

/// 256 random bits, hex-encoded, with a prefix that says what it is (and lets secret
/// scanners recognise one pasted where it should not be).
fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("essaim_{hex}")
}

struct Shown {
    status: StatusCode,
    typed: Option<(TokenPost, FieldErrors, Option<&'static str>)>,
    confirmation: Option<&'static str>,
    secret: Option<String>,
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    shown: Shown,
) -> Result<Response, AppError> {
    let tokens = state
        .store
        .api_tokens()
        .await?
        .into_iter()
        .map(view)
        .collect();
    let (values, errors, notice) = shown.typed.unwrap_or_default();
    let view = TokensPage {
        chrome: Chrome::new(Some(person), csrf),
        tokens,
        values,
        errors,
        notice,
        confirmation: shown.confirmation,
        secret: shown.secret,
        scopes: [TokenScope::Read, TokenScope::ReadWrite]
            .into_iter()
            .map(|scope| (scope.code(), scope_label(scope)))
            .collect(),
    };
    Ok(page(shown.status, &view))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokensQuery {
    fait: String,
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    query: Result<Query<TokensQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let confirmation =
        (query.fait == "revoque").then_some("Jeton révoqué : il ne donne plus accès à l'API.");
    let shown = Shown {
        status: StatusCode::OK,
        typed: None,
        confirmation,
        secret: None,
    };
    render(&state, &person, &csrf, shown).await
}

pub async fn create(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    ip: ClientIp,
    form: CsrfForm<TokenPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let refused = |typed| Shown {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        typed: Some(typed),
        confirmation: None,
        secret: None,
    };
    if token.is_expired() {
        let shown = refused((post, FieldErrors::default(), Some(EXPIRED)));
        return render(&state, &person, &csrf, shown).await;
    }
    let draft = match post.parse() {
        Ok(draft) => draft,
        Err(errors) => return render(&state, &person, &csrf, refused((post, errors, None))).await,
    };
    let secret = new_secret();
    let id = state
        .store
        .create_api_token(
            &draft.name,
            draft.scope,
            &hash_secret(&secret),
            person.id,
            now(),
        )
        .await?;
    let subject = format!("jeton {id} « {} » ({})", draft.name, draft.scope.code());
    audit(&state, &person, &ip, "création d'un jeton API", &subject).await?;
    // Not a redirect: the secret must not travel in a URL, and this page is its only showing.
    let shown = Shown {
        status: StatusCode::OK,
        typed: None,
        confirmation: Some(
            "Jeton créé. Copiez son secret maintenant : il ne sera plus jamais affiché.",
        ),
        secret: Some(secret),
    };
    render(&state, &person, &csrf, shown).await
}

pub async fn revoke(
    State(state): State<AppState>,
    Staff(person): Staff,
    ip: ClientIp,
    IdPath(id): IdPath<i64>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(AppError::BadRequest(
        "La page avait expiré : le jeton n'a pas été révoqué. Revenez à la liste des jetons.",
    ))?;
    if !state.store.revoke_api_token(id, now()).await? {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &person,
        &ip,
        "révocation d'un jeton API",
        &format!("jeton {id}"),
    )
    .await?;
    Ok(Redirect::to("/admin/jetons?fait=revoque").into_response())
}
