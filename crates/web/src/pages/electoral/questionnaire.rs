//! GET /listes-electorales: "Suis-je bien inscrit ?". Five questions (a GET form: it works
//! without JavaScript and without an account), then the checklist for that situation and the
//! next ballot's deadlines in the person's zone, with the days left.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::calendar::french_date;
use essaim_domain::electoral::ballot::{zone_of, Zone};
use essaim_domain::electoral::deadline::{window, Window};
use essaim_domain::electoral::questionnaire::{checklist, Answers, Place};
use essaim_domain::identity::PostalCode;
use essaim_store::people::Person;
use jiff::civil::Date;
use serde::Deserialize;

use super::{deadline_words, today, CHECK_URL, REGISTER_URL};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QuestionnaireQuery {
    repondu: String,
    demenage: String,
    dix_huit: String,
    naturalise: String,
    etranger: String,
    ailleurs: String,
    /// "dimanche" or "samedi"; else the person's own (from their postal code or country).
    zone: String,
    code_postal: String,
}

struct ChecklistView {
    must_register: bool,
    steps: Vec<&'static str>,
    documents: Vec<&'static str>,
    place: String,
    late_exception: bool,
}

struct BallotView {
    name: String,
    kind: &'static str,
    day: String,
    online: String,
    town_hall: String,
    exceptions: String,
    /// What the person can still do, in words.
    window: String,
    /// "J−12" while online registration is open.
    countdown: Option<String>,
}

#[derive(Template)]
#[template(path = "electoral.html")]
struct QuestionnairePage {
    chrome: Chrome,
    answers: Answers,
    zone: &'static str,
    postal_code: String,
    postal_error: Option<String>,
    checklist: Option<ChecklistView>,
    ballot: Option<BallotView>,
    check_url: &'static str,
    register_url: &'static str,
    zones: Vec<(&'static str, &'static str)>,
}

/// The zone asked for, or the person's own, or the Sunday one.
fn zone_for(asked: &str, person: Option<&Person>) -> Zone {
    if let Some(zone) = Zone::from_code(asked) {
        return zone;
    }
    match person {
        Some(person) => {
            let departement = person
                .postal_code
                .as_deref()
                .and_then(|code| PostalCode::parse(code).ok())
                .map(|code| code.departement());
            zone_of(departement.as_deref(), &person.country)
        }
        None => Zone::Sunday,
    }
}

fn window_words(today: Date, day: Date) -> (String, Option<String>) {
    let (online, town_hall, exceptions) = deadline_words(day);
    let days = |n: i32| {
        if n == 1 {
            "1 jour".to_string()
        } else {
            format!("{n} jours")
        }
    };
    match window(today, day) {
        Window::Open { days_left } => (
            format!(
                "Vous pouvez vous inscrire en ligne jusqu'au {online} (encore {}), ou à la mairie jusqu'au {town_hall}.",
                days(days_left)
            ),
            Some(format!("J−{days_left}")),
        ),
        Window::TownHallOnly { days_left } => (
            format!(
                "L'inscription en ligne est close ; la mairie inscrit encore jusqu'au {town_hall} (encore {}).",
                days(days_left)
            ),
            None,
        ),
        Window::ExceptionsOnly => (
            format!(
                "Les inscriptions sont closes pour ce scrutin, sauf cas particuliers (déménagement pour raison professionnelle, 18 ans, naturalisation) : jusqu'au {exceptions}. Pour les scrutins suivants, inscrivez-vous dès maintenant."
            ),
            None,
        ),
        Window::Closed | Window::Past => (
            "Les inscriptions sont closes pour ce scrutin. Inscrivez-vous dès maintenant : votre inscription vaudra pour les suivants.".into(),
            None,
        ),
    }
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<QuestionnaireQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let answers = Answers {
        moved: !query.demenage.is_empty(),
        turned_18: !query.dix_huit.is_empty(),
        naturalised: !query.naturalise.is_empty(),
        abroad: !query.etranger.is_empty(),
        elsewhere: !query.ailleurs.is_empty(),
    };
    let zone = zone_for(&query.zone, person.as_ref());
    let typed_code = query.code_postal.trim();
    let (communes, postal_error) = match typed_code {
        "" => (Vec::new(), None),
        code => match PostalCode::parse(code) {
            Ok(code) => (
                essaim_geo::by_postal_code(code.as_str())
                    .into_iter()
                    .map(|commune| commune.name)
                    .collect::<Vec<_>>(),
                None,
            ),
            Err(error) => (Vec::new(), Some(error)),
        },
    };
    let answered = !query.repondu.is_empty();
    let checklist = answered.then(|| {
        let list = checklist(answers);
        let place = match (list.place, communes.is_empty()) {
            (Place::OnlineOrConsulate, _) => {
                "En ligne sur service-public.fr, ou au consulat dont vous dépendez.".to_string()
            }
            (Place::OnlineOrTownHall, true) => {
                "En ligne sur service-public.fr, ou à la mairie de votre commune.".to_string()
            }
            (Place::OnlineOrTownHall, false) => format!(
                "En ligne sur service-public.fr, ou à la mairie : {}.",
                communes.join(" ou ")
            ),
        };
        ChecklistView {
            must_register: list.must_register,
            steps: list.steps.iter().map(|step| step.label()).collect(),
            documents: list
                .documents
                .iter()
                .map(|document| document.label())
                .collect(),
            place,
            late_exception: list.late_exception,
        }
    });
    let today = today();
    let ballot = state.store.next_ballot(zone, today).await?.map(|next| {
        let (online, town_hall, exceptions) = deadline_words(next.first_round);
        let (window, countdown) = window_words(today, next.first_round);
        BallotView {
            name: next.name,
            kind: next.kind.label(),
            day: french_date(next.first_round),
            online,
            town_hall,
            exceptions,
            window,
            countdown,
        }
    });
    let view = QuestionnairePage {
        chrome: Chrome::new(person.as_ref(), &csrf),
        answers,
        zone: zone.code(),
        postal_code: typed_code.chars().take(10).collect(),
        postal_error: postal_error.filter(|_| answered),
        checklist,
        ballot,
        check_url: CHECK_URL,
        register_url: REGISTER_URL,
        zones: vec![
            (
                "dimanche",
                "le dimanche (métropole, La Réunion, Mayotte, et l'étranger hors Amériques)",
            ),
            (
                "samedi",
                "le samedi (Amériques, Antilles, Guyane, Saint-Pierre-et-Miquelon, Polynésie)",
            ),
        ],
    };
    Ok(page(StatusCode::OK, &view))
}
