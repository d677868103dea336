//! GET/POST /materiel/commande: the cart, the shipping address (checked against the gazetteer,
//! La Poste's 38-character lines), for myself or for a group I animate (its meeting place's
//! address offered), then the order placed in one transaction. A free order is validated at
//! once; one with paid items goes to the payment provider and is validated by its notification.
//! A refusal (sold out, kit already given) shows this page again: address and cart kept.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::donations::Cents;
use essaim_domain::groups::Standing;
use essaim_domain::ids::{GroupId, OrderId};
use essaim_domain::material::address::{CommuneChoice, ShippingForm};
use essaim_domain::material::export::order_ref;
use essaim_domain::FieldErrors;
use essaim_payment::{PaymentKind, PaymentRequest, TransId, TransRange};
use essaim_store::groups::MyGroup;
use essaim_store::material::{CartLine, NewOrder, OrderRefusal, Placed};
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::price_label;
use super::shop::cart_total;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::LoggedIn;
use crate::AppState;

/// The form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OrderPost {
    /// "" for myself, or the id of a group I animate.
    pour: String,
    name: String,
    line1: String,
    line2: String,
    postal_code: String,
    commune: String,
    phone: String,
}

impl OrderPost {
    fn shipping(&self) -> ShippingForm {
        ShippingForm {
            name: self.name.clone(),
            line1: self.line1.clone(),
            line2: self.line2.clone(),
            postal_code: self.postal_code.clone(),
            commune: self.commune.clone(),
            phone: self.phone.clone(),
        }
    }

    fn for_person(person: &Person) -> Self {
        Self {
            name: format!("{} {}", person.first_name, person.last_name)
                .trim()
                .to_string(),
            postal_code: person.postal_code.clone().unwrap_or_default(),
            phone: person.phone.clone().unwrap_or_default(),
            ..Self::default()
        }
    }
}

#[derive(Template)]
#[template(path = "material_checkout.html")]
struct CheckoutPage {
    chrome: Chrome,
    cart: Vec<CartLine>,
    total: String,
    values: OrderPost,
    errors: FieldErrors,
    notice: Option<String>,
    /// Groups I animate, that I may order for: (id, name).
    groups: Vec<(String, String)>,
    /// Groups I belong to, whose meeting place (and animators) can receive my order.
    meeting_places: Vec<(String, String)>,
    /// The communes of the postal code typed, for the list the commune field offers.
    communes: Vec<String>,
}

impl CheckoutPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    fn line_price(&self, line: &CartLine) -> String {
        price_label(line.item.price_cents * line.quantity)
    }
}

fn communes_of(postal_code: &str) -> Vec<CommuneChoice> {
    essaim_geo::by_postal_code(postal_code)
        .into_iter()
        .map(|commune| CommuneChoice {
            insee: commune.insee.to_string(),
            name: commune.name.to_string(),
        })
        .collect()
}

/// The groups I am a member or an animator of (not those I only asked to join).
async fn my_groups(state: &AppState, person: &Person) -> Result<Vec<MyGroup>, AppError> {
    Ok(state
        .store
        .groups_of(person.id)
        .await?
        .into_iter()
        .filter(|group| matches!(group.role, Standing::Animator | Standing::Member))
        .collect())
}

async fn animated_groups(state: &AppState, person: &Person) -> Result<Vec<MyGroup>, AppError> {
    Ok(my_groups(state, person)
        .await?
        .into_iter()
        .filter(|group| group.role == Standing::Animator)
        .collect())
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    values: OrderPost,
    errors: FieldErrors,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let cart = state.store.cart(person.id).await?;
    let total = cart_total(&cart);
    let mine = my_groups(state, person).await?;
    let label = |group: &MyGroup| {
        (
            group.id.to_string(),
            format!("le groupe {} ({})", group.name, group.commune),
        )
    };
    let groups = mine
        .iter()
        .filter(|group| group.role == Standing::Animator)
        .map(label)
        .collect();
    let meeting_places = mine.iter().map(label).collect();
    let communes = essaim_geo::by_postal_code(&values.postal_code)
        .into_iter()
        .map(|commune| commune.name.to_string())
        .collect();
    let status = if errors.is_empty() && notice.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(page(
        status,
        &CheckoutPage {
            chrome: Chrome::new(Some(person), csrf),
            cart,
            total,
            values,
            errors,
            notice,
            groups,
            meeting_places,
            communes,
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CheckoutQuery {
    /// Fill the address with this group's meeting place (an animator then orders for it).
    groupe: String,
}

pub async fn show(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    query: Result<Query<CheckoutQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let mut values = OrderPost::for_person(&person);
    let wanted = query
        .ok()
        .and_then(|Query(q)| q.groupe.parse::<GroupId>().ok());
    if let Some(id) = wanted {
        let mine = my_groups(&state, &person).await?;
        let standing = mine.iter().find(|group| group.id == id).map(|g| g.role);
        if let (Some(standing), Some(group)) = (standing, state.store.find_group(id).await?) {
            if standing == Standing::Animator {
                values.pour = id.to_string();
            }
            // To the group's animators, at its meeting place: La Poste's 38 characters.
            values.name = format!("Animation {}", group.name)
                .chars()
                .take(38)
                .collect();
            values.line1 = group.address.unwrap_or_default().chars().take(38).collect();
            values.postal_code = group.postal_code;
            values.commune = group.commune;
        }
    }
    render(&state, &person, &csrf, values, FieldErrors::default(), None).await
}

fn refusal_message(refusal: &OrderRefusal) -> String {
    match refusal {
        OrderRefusal::Empty => {
            "Votre panier ne contient aucun article disponible : choisissez d'abord du matériel."
                .into()
        }
        OrderRefusal::Kit(refusal) => refusal.message().into(),
        OrderRefusal::OutOfStock { item, left: 0 } => format!(
            "« {item} » vient d'être épuisé : retirez-le du panier pour commander le reste, qui \
             est gardé."
        ),
        OrderRefusal::OutOfStock { item, left } => format!(
            "Il ne reste que {left} « {item} » : réduisez la quantité pour commander. Le reste du \
             panier est gardé."
        ),
        OrderRefusal::KitOutOfStock { item } => format!(
            "Le kit de démarrage est momentanément épuisé (il manque « {item} ») : retirez-le du \
             panier pour commander le reste, qui est gardé, et revenez le chercher plus tard."
        ),
        OrderRefusal::OverLimit { item, max } => {
            format!("« {item} » se commande par {max} au plus : réduisez la quantité.")
        }
    }
}

pub async fn place(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    form: CsrfForm<OrderPost>,
) -> Result<Response, AppError> {
    let (post, freshness) = form.open();
    let again = |post: OrderPost, notice: String| {
        render(
            &state,
            &person,
            &csrf,
            post,
            FieldErrors::default(),
            Some(notice),
        )
    };
    if freshness.is_expired() {
        let notice = "Cette page a expiré : vérifiez votre commande et validez à nouveau.";
        return again(post, notice.into()).await;
    }
    let group = if post.pour.trim().is_empty() {
        None
    } else {
        let chosen = post.pour.parse::<GroupId>().ok();
        let animated = animated_groups(&state, &person).await?;
        match chosen.filter(|id| animated.iter().any(|group| group.id == *id)) {
            Some(id) => Some(id),
            None => {
                // Not a field error: the choice is not even shown to someone who animates no
                // group (the value came from an old page, or was forged).
                let notice = "Vous ne pouvez commander que pour vous-même ou pour un groupe que \
                              vous animez : vérifiez pour qui vous commandez.";
                let post = OrderPost {
                    pour: String::new(),
                    ..post
                };
                return again(post, notice.into()).await;
            }
        }
    };
    let address = match post.shipping().parse(communes_of) {
        Ok(address) => address,
        Err(errors) => return render(&state, &person, &csrf, post, errors, None).await,
    };
    let cart = state.store.cart(person.id).await?;
    let lines: Vec<_> = cart
        .iter()
        .map(|line| (line.item.id, line.quantity))
        .collect();
    let now = now();
    let placed = state
        .store
        .place_order(&NewOrder {
            person: person.id,
            email: &person.email,
            group,
            address: &address,
            lines: &lines,
            now,
        })
        .await?;
    match placed {
        Ok(Placed::Validated(order)) => {
            Ok(Redirect::to(&format!("/materiel/commande/{order}")).into_response())
        }
        Ok(Placed::AwaitingPayment { order, total }) => {
            Ok(to_provider(&state, &person, &csrf, order, total, now))
        }
        Err(refusal) => again(post, refusal_message(&refusal)).await,
    }
}

#[derive(Template)]
#[template(path = "material_payment.html")]
struct PaymentPage {
    chrome: Chrome,
    order_ref: String,
    amount: String,
    action: String,
    fields: Vec<(String, String)>,
    simulator: bool,
}

/// The page whose button posts the signed form to the payment provider (or the simulator).
pub(super) fn to_provider(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    order: OrderId,
    total: Cents,
    now: i64,
) -> Response {
    let base = &state.config.base_url;
    let request = PaymentRequest {
        order_id: order_ref(order.get()),
        amount_cents: total.get(),
        customer_email: person.email.clone(),
        kind: PaymentKind::OneOff,
        return_url: format!("{base}/materiel/commande/{order}"),
        ipn_url: format!("{base}/materiel/notification"),
        trans_id: TransId::for_order(TransRange::Material, order.get()),
        trans_date: time::OffsetDateTime::from_unix_timestamp(now)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
        locale: "fr".into(),
    };
    page(
        StatusCode::OK,
        &PaymentPage {
            chrome: Chrome::new(Some(person), csrf),
            order_ref: order_ref(order.get()),
            amount: total.to_string(),
            action: state.payments.form_action(),
            fields: state.payments.payment_form(&request),
            simulator: state.payments.is_simulator(),
        },
    )
}
