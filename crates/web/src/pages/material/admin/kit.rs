//! POST /admin/materiel/kit: what the starter kit holds, one quantity per item of the catalogue
//! (0 or empty: not in it). POST /admin/materiel/second-kit: staff lift the one-kit-per-address
//! rule for one person, saying why (several supporters under one roof). Errors come back on the
//! catalogue page, what was typed kept.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::material::{parse_kit_quantity, KitOverride};
use essaim_domain::FieldErrors;
use essaim_store::now;

use super::catalogue::{kit_candidates, render, Forms, SecondKitPost};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::posted_form::Pairs;
use crate::session::Staff;
use crate::AppState;

const EXPIRED: &str = "La page avait expiré : vérifiez le formulaire et enregistrez à nouveau.";

pub async fn set_contents(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    form: CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let (fields, token) = form.open();
    let mut typed = Vec::new();
    let mut contents = Vec::new();
    for item in kit_candidates(&state).await? {
        let value = fields.one(&format!("contenu-{}", item.id));
        let error = match parse_kit_quantity(&value) {
            Ok(quantity) => {
                contents.push((item.id, quantity));
                None
            }
            Err(message) => Some(message),
        };
        typed.push((item.id, value, error));
    }
    let failed = typed.iter().any(|(_, _, error)| error.is_some());
    if token.is_expired() || failed {
        let forms = Forms {
            kit: Some(typed),
            kit_notice: token.is_expired().then(|| EXPIRED.to_string()),
            ..Forms::default()
        };
        return render(&state, &person, &csrf, None, forms).await;
    }
    state.store.set_kit_contents(&contents).await?;
    tracing::info!(staff = person.id.get(), "starter kit contents set");
    Ok(Redirect::to("/admin/materiel?fait=kit#kit").into_response())
}

pub async fn allow_second(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    form: CsrfForm<SecondKitPost>,
) -> Result<Response, AppError> {
    let (values, token) = form.open();
    let again = |errors: FieldErrors, notice: Option<String>| Forms {
        second_kit: values.clone(),
        second_kit_errors: errors,
        second_kit_notice: notice,
        ..Forms::default()
    };
    if token.is_expired() {
        let forms = again(FieldErrors::default(), Some(EXPIRED.into()));
        return render(&state, &person, &csrf, None, forms).await;
    }
    let granted = match KitOverride::parse(&values.email, &values.reason) {
        Ok(granted) => granted,
        Err(errors) => return render(&state, &person, &csrf, None, again(errors, None)).await,
    };
    let known = state
        .store
        .allow_second_kit_at_address(
            granted.email.normalized(),
            &granted.reason,
            person.id,
            now(),
        )
        .await?;
    if !known {
        let mut errors = FieldErrors::default();
        errors.add(
            "email",
            "Aucune personne n'a signé avec cette adresse email : vérifiez-la (c'est celle de sa \
             signature).",
        );
        return render(&state, &person, &csrf, None, again(errors, None)).await;
    }
    tracing::info!(
        staff = person.id.get(),
        "second starter kit allowed at one address"
    );
    Ok(Redirect::to("/admin/materiel?fait=second-kit#second-kit").into_response())
}
