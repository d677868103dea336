//! GET/POST /dons: how much, once or monthly, who gives; the law's checks (who may give, the
//! cap of the period counting every gift of the person), then the hand-over to the provider,
//! or, for a monthly gift asked without a session, the confirmation email first.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::donations::gift::SUGGESTED_EUROS;
use essaim_domain::donations::{Cents, DonorForm, Frequency, GiftForm, PaymentMethod};
use essaim_domain::identity::country::COUNTRIES;
use essaim_domain::FieldErrors;
use essaim_store::donations::{DonorKeys, GiftStatus, NewGiftRecord};
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::donor_post::DonorPost;
use super::{checkout, french_day};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

/// Every field of the form, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DonationPost {
    pub amount: String,
    pub other_amount: String,
    pub frequency: String,
    #[serde(flatten)]
    pub donor: DonorPost,
    pub replace_monthly: String,
}

impl DonationPost {
    fn gift(&self) -> GiftForm {
        GiftForm {
            amount: self.amount.clone(),
            other_amount: self.other_amount.clone(),
            frequency: self.frequency.clone(),
        }
    }

    fn donor(&self) -> DonorForm {
        self.donor.form()
    }

    /// A logged-in person finds their name, email and place filled in.
    fn for_person(person: Option<&Person>) -> Self {
        let mut post = Self {
            amount: "20".into(),
            frequency: Frequency::Once.code().into(),
            donor: DonorPost {
                country: "FR".into(),
                ..DonorPost::default()
            },
            ..Self::default()
        };
        if let Some(person) = person {
            post.donor.first_name = person.first_name.clone();
            post.donor.last_name = person.last_name.clone();
            post.donor.email = person.email.clone();
            post.donor.phone = person.phone.clone().unwrap_or_default();
            post.donor.postal_code = person.postal_code.clone().unwrap_or_default();
            post.donor.country = person.country.clone();
        }
        post
    }
}

#[derive(Template)]
#[template(path = "donate.html")]
struct DonatePage<'a> {
    chrome: Chrome,
    values: DonationPost,
    errors: FieldErrors,
    notice: Option<String>,
    suggested: Vec<(String, String)>,
    countries: &'static [(&'static str, &'static str)],
    cap_explained: String,
    /// The donor's current monthly gift, when a new one would replace it.
    current_monthly: Option<String>,
    legal_notice: &'a [String],
}

impl DonatePage<'_> {
    fn replace_hint(&self) -> String {
        self.current_monthly
            .as_deref()
            .map(|amount| format!("(don mensuel actuel : {amount})"))
            .unwrap_or_default()
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    fn is(&self, value: &str, expected: &str) -> bool {
        value == expected
    }
}

/// What the form shows: the values, what is wrong with them, a notice above the form (the
/// financing window closed, an expired page), the donor's current monthly gift.
struct Shown {
    values: DonationPost,
    errors: FieldErrors,
    notice: Option<String>,
    current_monthly: Option<String>,
}

fn render(
    state: &AppState,
    person: Option<&Person>,
    csrf: &CsrfToken,
    shown: Shown,
    status: StatusCode,
) -> Response {
    let Shown {
        values,
        errors,
        notice,
        current_monthly,
    } = shown;
    let donations = &state.config.donations;
    page(
        status,
        &DonatePage {
            chrome: Chrome::new(person, csrf),
            values,
            errors,
            notice,
            suggested: SUGGESTED_EUROS
                .iter()
                .map(|euros| (euros.to_string(), Cents::euros(*euros).to_string()))
                .collect(),
            countries: COUNTRIES,
            cap_explained: donations.regime.cap_explained(),
            current_monthly,
            legal_notice: &donations.legal_notice,
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let current = match &person {
        Some(person) => state
            .store
            .monthly_gift_of_person(person.id)
            .await?
            .map(|m| m.amount().to_string()),
        None => None,
    };
    let notice = state
        .config
        .donations
        .regime
        .period(french_day(now()))
        .err();
    let shown = Shown {
        values: DonationPost::for_person(person.as_ref()),
        errors: FieldErrors::default(),
        notice,
        current_monthly: current,
    };
    Ok(render(
        &state,
        person.as_ref(),
        &csrf,
        shown,
        StatusCode::OK,
    ))
}

pub async fn submit(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    form: CsrfForm<DonationPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let retry = |errors: FieldErrors, notice: Option<String>, current: Option<String>| {
        let shown = Shown {
            values: post.clone(),
            errors,
            notice,
            current_monthly: current,
        };
        render(
            &state,
            person.as_ref(),
            &csrf,
            shown,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    if token.is_expired() {
        let notice = "Votre session a expiré : vérifiez le formulaire et renvoyez-le.";
        return Ok(retry(FieldErrors::default(), Some(notice.into()), None));
    }
    let regime = state.config.donations.regime;
    let now = now();
    let today = french_day(now);
    let period = match regime.period(today) {
        Ok(period) => period,
        Err(closed) => return Ok(retry(FieldErrors::default(), Some(closed), None)),
    };
    let mut errors = FieldErrors::default();
    let gift = post.gift().parse(regime.cap(), &mut errors);
    let donor = post.donor().parse(&mut errors);
    let (Some(gift), Some(donor)) = (gift, donor) else {
        return Ok(retry(errors, None, None));
    };
    let name_key = donor.name_key();
    let keys = DonorKeys {
        email_norm: donor.email.normalized(),
        name_key: &name_key,
    };
    let monthly = gift.frequency == Frequency::Monthly;
    let current = state.store.active_monthly_gift(keys).await?;
    let replacing = monthly && current.is_some();
    if replacing && post.replace_monthly.is_empty() {
        errors.add(
            "replace_monthly",
            "Vous avez déjà un don mensuel en cours : cochez la case pour le remplacer par \
             celui-ci (une seule personne, un seul don mensuel).",
        );
        let current = current.map(|m| m.amount().to_string());
        return Ok(retry(errors, None, current));
    }
    let asked = match gift.frequency {
        Frequency::Once => gift.amount,
        Frequency::Monthly => gift.amount * period.instalments_from(today),
    };
    let standing = state
        .store
        .cap_check(&regime, keys, period, today, replacing)
        .await?;
    if let Err(refused) = standing.allows(asked) {
        state.store.record_cap_refusal(&donor, refused, now).await?;
        let per = match regime {
            essaim_domain::donations::Regime::Party => "par année civile",
            essaim_domain::donations::Regime::Campaign(_) => "pour cette élection",
        };
        let mut message = refused.message(regime.cap(), per);
        if monthly {
            message.push_str(&format!(
                " Un don mensuel compte pour toutes ses échéances jusqu'à la fin de la période \
                 ({} ici).",
                asked
            ));
        }
        let field = if post.amount == "autre" || post.amount.is_empty() {
            "other_amount"
        } else {
            "amount"
        };
        errors.add(field, message);
        return Ok(retry(errors, None, None));
    }
    // A monthly gift is set up at once only for the person logged in with this very address;
    // anyone else confirms from the email first (no subscription in someone's name unasked).
    let logged_in_as_donor = person.as_ref().is_some_and(|p| {
        essaim_domain::identity::Email::parse(&p.email)
            .is_ok_and(|e| e.normalized() == donor.email.normalized())
    });
    let status = if monthly && !logged_in_as_donor {
        GiftStatus::ToConfirm
    } else {
        GiftStatus::Pending
    };
    let record = NewGiftRecord {
        donor: &donor,
        amount: gift.amount,
        frequency: gift.frequency,
        method: PaymentMethod::Card,
        status,
        replaces_monthly: replacing,
        entered_by: None,
    };
    let (gift_id, _) = state.store.create_gift(&record, now).await?;
    if status == GiftStatus::ToConfirm {
        return Ok(checkout::check_your_email(gift.amount));
    }
    let Some(stored) = state.store.gift(gift_id).await? else {
        return Err(AppError::NotFound);
    };
    Ok(checkout::to_provider(
        &state,
        person.as_ref(),
        &csrf,
        &stored,
        now,
    ))
}
