//! /procurations: a person who cannot vote in person asks for someone to carry their proxy; a
//! volunteer offers to carry one. The page says how proxies work and that giving one to a
//! stranger is an act of trust; it lists the person's own requests and offers with the
//! proposals made (answered in `proxy_answers.rs`). The official step stays the giver's.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::calendar::french_date;
use essaim_domain::electoral::proxy_form::{
    parse_contact, parse_polling_station, parse_rounds, parse_travel_km, PER_DAY,
};
use essaim_domain::electoral::proxy_matching::{Rounds, NEAR_KM};
use essaim_domain::ids::BallotId;
use essaim_domain::FieldErrors;
use essaim_store::electoral::{
    Ballot, MyProxyOffer, MyProxyRequest, NewProxyOffer, NewProxyRequest, ProxyProposal,
    ProxyRefusal,
};
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::{commune_of, today};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::{LoggedIn, MaybePerson};
use crate::AppState;

/// What a requester agrees to by posting (kept with the request), for `days` of retention.
fn request_consent(days: i64) -> String {
    format!("J'accepte que ma demande (commune, bureau de vote, tours, moyen de me joindre) soit gardée jusqu'à {days} jours après le scrutin pour me trouver une personne de confiance, et que mon nom et mon moyen de me joindre soient montrés à un·e volontaire seulement quand nous aurons accepté tous les deux.")
}

/// What a volunteer agrees to by offering (kept with the offer).
fn offer_consent(days: i64) -> String {
    format!("J'accepte que ma proposition (commune, tours, distance, moyen de me joindre) soit gardée jusqu'à {days} jours après le scrutin, et que mon nom et mon moyen de me joindre soient montrés à la personne qui demande seulement quand nous aurons accepté tous les deux.")
}

/// The fields of both forms: a request uses all but `km`; an offer all but `bureau`.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProxyPost {
    scrutin: String,
    code_postal: String,
    commune: String,
    bureau: String,
    tour_1: String,
    tour_2: String,
    km: String,
    loin: String,
    contact: String,
    accord: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Offer,
}

/// The field ids of one form: prefixed, so that both forms live on one page.
struct Fields {
    scrutin: &'static str,
    code_postal: &'static str,
    tours: &'static str,
    contact: &'static str,
    accord: &'static str,
}

impl Side {
    fn fields(self) -> Fields {
        match self {
            Side::Request => Fields {
                scrutin: "demande_scrutin",
                code_postal: "demande_code_postal",
                tours: "demande_tours",
                contact: "demande_contact",
                accord: "demande_accord",
            },
            Side::Offer => Fields {
                scrutin: "offre_scrutin",
                code_postal: "offre_code_postal",
                tours: "offre_tours",
                contact: "offre_contact",
                accord: "offre_accord",
            },
        }
    }
}

/// A form as shown: what was typed (or the defaults) and its errors.
#[derive(Default)]
struct FormView {
    values: ProxyPost,
    errors: FieldErrors,
}

impl FormView {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

struct ProposalView {
    id: i64,
    /// "Paris, à 4 km" / "Montreuil (bureau 12)".
    place: String,
    round: &'static str,
    /// Where things stand, in words.
    state: String,
    may_accept: bool,
    /// "Refuser", or "Retirer mon accord" once they accepted.
    withdraw_words: &'static str,
    /// Both accepted: the other's name and contact.
    other: Option<(String, String)>,
}

struct RequestView {
    id: i64,
    ballot: String,
    place: String,
    rounds: &'static str,
    proposals: Vec<ProposalView>,
}

#[derive(Template)]
#[template(path = "proxies.html")]
struct ProxiesPage {
    chrome: Chrome,
    logged_in: bool,
    /// (id, "Présidentielle 2027 (1er tour le 11 avril 2027)") of the ballots still to come.
    ballots: Vec<(String, String)>,
    requests: Vec<RequestView>,
    offers: Vec<RequestView>,
    request_form: FormView,
    offer_form: FormView,
    done: &'static str,
    request_consent: String,
    offer_consent: String,
    /// The labels of the "further than 20 km" boxes.
    far_request: String,
    far_offer: String,
}

impl ProxiesPage {
    fn request_error(&self, field: &str) -> Option<&str> {
        self.request_form.error(field)
    }

    fn offer_error(&self, field: &str) -> Option<&str> {
        self.offer_form.error(field)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProxiesQuery {
    ok: String,
}

/// The message after a redirect, from its `ok` code.
fn done_message(code: &str) -> &'static str {
    match code {
        "demande" => "Votre demande est enregistrée. Les volontaires proposé·es apparaissent ci-dessous ; nous vous écrirons quand d'autres se proposeront.",
        "offre" => "Merci ! Votre proposition est enregistrée. Nous vous écrirons quand une personne près de chez vous aura besoin de vous.",
        "accord" => "Vous êtes d'accord tous les deux : les coordonnées sont affichées. Prenez contact.",
        "attente" => "C'est noté. Les coordonnées seront affichées quand l'autre personne aura accepté aussi.",
        "pris" => "Ce ou cette volontaire porte déjà une procuration pour ce tour : choisissez une autre proposition.",
        "retire" => "C'est retiré. L'autre personne en est informée si vous étiez d'accord tous les deux.",
        _ => "",
    }
}

/// The ballots whose last round is still to come.
fn coming(ballots: &[Ballot]) -> Vec<&Ballot> {
    let today = today();
    ballots
        .iter()
        .filter(|ballot| ballot.days.iter().any(|(_, _, day)| *day >= today))
        .collect()
}

fn first_round_day(ballot: &Ballot) -> Option<jiff::civil::Date> {
    ballot
        .days
        .iter()
        .filter(|(round, _, _)| *round == 1)
        .map(|(_, _, day)| *day)
        .min()
}

fn commune_name(insee: &str) -> &str {
    essaim_geo::by_insee(insee).map_or(insee, |commune| commune.name)
}

fn proposal_view(proposal: ProxyProposal, volunteer_side: bool) -> ProposalView {
    let mut place = format!(
        "{}, à {} km",
        commune_name(&proposal.other_commune_insee),
        proposal.distance_km.round() as i64
    );
    if volunteer_side {
        if let Some(station) = &proposal.polling_station {
            place.push_str(&format!(" — bureau de vote : {station}"));
        }
    }
    let state = if proposal.agreed {
        "Vous êtes d'accord tous les deux.".to_string()
    } else if proposal.taken && volunteer_side {
        "Vous portez déjà une procuration pour ce tour.".to_string()
    } else if proposal.taken {
        "Ce ou cette volontaire porte déjà une procuration pour ce tour.".to_string()
    } else if proposal.i_accepted {
        "Vous avez accepté ; en attente de la réponse de l'autre personne.".to_string()
    } else if proposal.they_accepted {
        "L'autre personne a accepté : à vous de répondre.".to_string()
    } else {
        "À vous de répondre.".to_string()
    };
    ProposalView {
        id: proposal.id.get(),
        place,
        round: Rounds::only(proposal.round).words(),
        may_accept: !proposal.agreed && !proposal.taken && !proposal.i_accepted,
        withdraw_words: if proposal.i_accepted {
            "Retirer mon accord"
        } else {
            "Refuser"
        },
        state,
        other: proposal.other,
    }
}

fn request_view(request: MyProxyRequest) -> RequestView {
    let mut place = commune_name(&request.commune_insee).to_string();
    if let Some(station) = &request.polling_station {
        place.push_str(&format!(" — bureau de vote : {station}"));
    }
    RequestView {
        id: request.id.get(),
        ballot: request.ballot_name,
        place,
        rounds: request.rounds.words(),
        proposals: request
            .proposals
            .into_iter()
            .map(|p| proposal_view(p, false))
            .collect(),
    }
}

fn offer_view(offer: MyProxyOffer) -> RequestView {
    RequestView {
        id: offer.id.get(),
        ballot: offer.ballot_name,
        place: format!(
            "{} (jusqu'à {} km)",
            commune_name(&offer.commune_insee),
            offer.travel_km
        ),
        rounds: offer.rounds.words(),
        proposals: offer
            .proposals
            .into_iter()
            .map(|p| proposal_view(p, true))
            .collect(),
    }
}

/// The page, with one form given back when it failed.
async fn render(
    state: &AppState,
    person: Option<&Person>,
    csrf: &CsrfToken,
    failed: Option<(Side, ProxyPost, FieldErrors)>,
    done: &'static str,
) -> Result<Response, AppError> {
    let ballots = state.store.ballots().await?;
    let ballots: Vec<(String, String)> = coming(&ballots)
        .into_iter()
        .map(|ballot| {
            let day = first_round_day(ballot).map(french_date).unwrap_or_default();
            (
                ballot.id.to_string(),
                format!("{} (1er tour le {day})", ballot.name),
            )
        })
        .collect();
    let (requests, offers) = match person {
        Some(person) => (
            state.store.my_proxy_requests(person.id).await?,
            state.store.my_proxy_offers(person.id).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let status = if failed.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let default_form = || FormView {
        values: ProxyPost {
            scrutin: ballots
                .first()
                .map(|(id, _)| id.clone())
                .unwrap_or_default(),
            code_postal: person
                .and_then(|p| p.postal_code.clone())
                .unwrap_or_default(),
            tour_1: "1".into(),
            km: "10".into(),
            ..ProxyPost::default()
        },
        errors: FieldErrors::default(),
    };
    let (mut request_form, mut offer_form) = (default_form(), default_form());
    match failed {
        Some((Side::Request, values, errors)) => request_form = FormView { values, errors },
        Some((Side::Offer, values, errors)) => offer_form = FormView { values, errors },
        None => {}
    }
    let view = ProxiesPage {
        chrome: Chrome::new(person, csrf),
        logged_in: person.is_some(),
        ballots,
        requests: requests.into_iter().map(request_view).collect(),
        offers: offers.into_iter().map(offer_view).collect(),
        request_form,
        offer_form,
        done,
        request_consent: request_consent(state.config.proxy_retention_days),
        offer_consent: offer_consent(state.config.proxy_retention_days),
        far_request: format!(
            "J'accepte une personne qui habite à plus de {} km",
            NEAR_KM as i64
        ),
        far_offer: format!(
            "J'accepte d'aller à plus de {} km si la personne l'accepte aussi",
            NEAR_KM as i64
        ),
    };
    Ok(page(status, &view))
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<ProxiesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let done = query.map_or("", |Query(q)| done_message(&q.ok));
    render(&state, person.as_ref(), &csrf, None, done).await
}

/// A form's fields, checked: the ballot, the commune, the rounds; or the errors by field.
struct Checked {
    ballot: BallotId,
    commune_insee: &'static str,
    rounds: Rounds,
    contact: String,
}

fn check(post: &ProxyPost, ballots: &[Ballot], side: Side) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::default();
    let fields = side.fields();
    let ballot = coming(ballots)
        .into_iter()
        .find(|ballot| ballot.id.to_string() == post.scrutin.trim());
    if ballot.is_none() {
        errors.add(
            fields.scrutin,
            "Choisissez un scrutin à venir dans la liste.",
        );
    }
    let commune = errors.take(
        fields.code_postal,
        commune_of(&post.code_postal, &post.commune),
    );
    let has_second = ballot.is_some_and(|b| b.days.iter().any(|(round, _, _)| *round == 2));
    let rounds = errors.take(
        fields.tours,
        parse_rounds(!post.tour_1.is_empty(), !post.tour_2.is_empty(), has_second),
    );
    let contact = errors.take(fields.contact, parse_contact(&post.contact));
    if post.accord.is_empty() {
        errors.add(
            fields.accord,
            "Cochez la case pour accepter que ces informations soient gardées et montrées comme indiqué.",
        );
    }
    match (ballot, commune, rounds, contact) {
        (Some(ballot), Some(commune), Some(rounds), Some(contact)) if errors.is_empty() => {
            Ok(Checked {
                ballot: ballot.id,
                commune_insee: commune.insee,
                rounds,
                contact,
            })
        }
        _ => Err(errors),
    }
}

/// The words for a refused post, on the form's first field.
fn refusal(side: Side, refused: ProxyRefusal) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let fields = side.fields();
    let (field, message) = match (side, refused) {
        (Side::Request, ProxyRefusal::AlreadyOpen) => (fields.scrutin, "Vous avez déjà une demande en cours pour ce scrutin (voir « Mes demandes ») : retirez-la d'abord pour en faire une autre.".to_string()),
        (Side::Offer, ProxyRefusal::AlreadyOpen) => (fields.scrutin, "Vous avez déjà proposé de porter une procuration pour ce scrutin (voir « Mes propositions ») : retirez-la d'abord pour en faire une autre.".to_string()),
        (Side::Request, ProxyRefusal::TooMany) => (fields.scrutin, format!("{PER_DAY} demandes par jour au plus : réessayez demain. Ce que vous avez écrit est gardé ci-dessous.")),
        (Side::Offer, ProxyRefusal::TooMany) => (fields.scrutin, format!("{PER_DAY} propositions par jour au plus : réessayez demain. Ce que vous avez écrit est gardé ci-dessous.")),
        (_, ProxyRefusal::UnknownCommune) => (
            fields.code_postal,
            "Nous ne trouvons pas cette commune : vérifiez le code postal.".to_string(),
        ),
    };
    errors.add(field, message);
    errors
}

fn expired(side: Side) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(
        side.fields().scrutin,
        "La page avait expiré : rien n'a été enregistré. Renvoyez le formulaire.",
    );
    errors
}

/// POST /procurations/demande.
pub async fn ask(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    form: CsrfForm<ProxyPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let side = Side::Request;
    if token.is_expired() {
        return render(
            &state,
            Some(&person),
            &csrf,
            Some((side, post, expired(side))),
            "",
        )
        .await;
    }
    let ballots = state.store.ballots().await?;
    let station = parse_polling_station(&post.bureau);
    let checked = check(&post, &ballots, side);
    let (checked, station) = match (checked, station) {
        (Ok(checked), Ok(station)) => (checked, station),
        (checked, station) => {
            let mut errors = checked.err().unwrap_or_default();
            if let Err(message) = station {
                errors.add("demande_bureau", message);
            }
            return render(&state, Some(&person), &csrf, Some((side, post, errors)), "").await;
        }
    };
    let consent = request_consent(state.config.proxy_retention_days);
    let new = NewProxyRequest {
        person: person.id,
        ballot: checked.ballot,
        commune_insee: checked.commune_insee,
        polling_station: station.as_deref(),
        rounds: checked.rounds,
        accepts_far: !post.loin.is_empty(),
        contact: &checked.contact,
        consent_text: &consent,
    };
    match state.store.create_proxy_request(&new, now()).await? {
        Ok(id) => {
            state.store.propose_volunteers(id, now()).await?;
            Ok(Redirect::to("/procurations?ok=demande#mes-demandes").into_response())
        }
        Err(refused) => {
            let errors = refusal(side, refused);
            render(&state, Some(&person), &csrf, Some((side, post, errors)), "").await
        }
    }
}

/// POST /procurations/offre.
pub async fn offer(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    form: CsrfForm<ProxyPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let side = Side::Offer;
    if token.is_expired() {
        return render(
            &state,
            Some(&person),
            &csrf,
            Some((side, post, expired(side))),
            "",
        )
        .await;
    }
    let ballots = state.store.ballots().await?;
    let travel = parse_travel_km(&post.km);
    let (checked, travel_km) = match (check(&post, &ballots, side), travel) {
        (Ok(checked), Ok(km)) => (checked, km),
        (checked, travel) => {
            let mut errors = checked.err().unwrap_or_default();
            if let Err(message) = travel {
                errors.add("offre_km", message);
            }
            return render(&state, Some(&person), &csrf, Some((side, post, errors)), "").await;
        }
    };
    let consent = offer_consent(state.config.proxy_retention_days);
    let new = NewProxyOffer {
        person: person.id,
        ballot: checked.ballot,
        commune_insee: checked.commune_insee,
        rounds: checked.rounds,
        travel_km,
        accepts_far: !post.loin.is_empty(),
        contact: &checked.contact,
        consent_text: &consent,
    };
    match state.store.create_proxy_offer(&new, now()).await? {
        Ok(_) => {
            state
                .store
                .propose_to_waiting_requests(checked.ballot, now())
                .await?;
            Ok(Redirect::to("/procurations?ok=offre#mes-offres").into_response())
        }
        Err(refused) => {
            let errors = refusal(side, refused);
            render(&state, Some(&person), &csrf, Some((side, post, errors)), "").await
        }
    }
}
