//! GET /listes-electorales/fiche.pdf?code_postal=75011&exemplaires=3: a printable help sheet
//! for a commune, for people not at ease with the internet. The common case (a move) with
//! its steps and documents, where to go, the next ballot's deadlines in the commune's zone
//! and the official check; `exemplaires` identical pages (1 to 50) for a group to print.
//! Public, no account.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::calendar::french_date;
use essaim_domain::electoral::ballot::zone_of;
use essaim_domain::electoral::questionnaire::{checklist, Answers};
use essaim_domain::identity::PostalCode;
use serde::Deserialize;

use super::{deadline_words, today, CHECK_URL};
use crate::electoral_pdf::{render, Block, Sheet};
use crate::error::AppError;
use crate::render::{download, message_page};
use crate::AppState;

/// The most copies one request prints.
pub const MAX_COPIES: usize = 50;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SheetQuery {
    code_postal: String,
    exemplaires: String,
}

fn refuse(message: &str) -> Response {
    message_page(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Fiche d'inscription : vérifiez votre demande",
        message,
    )
}

/// The number of copies typed: empty means one.
fn copies(raw: &str) -> Option<usize> {
    match raw.trim() {
        "" => Some(1),
        typed => typed
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_COPIES).contains(n)),
    }
}

pub async fn show(
    State(state): State<AppState>,
    query: Result<Query<SheetQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let Some(copies) = copies(&query.exemplaires) else {
        return Ok(refuse(&format!(
            "Indiquez un nombre d'exemplaires entre 1 et {MAX_COPIES} (par exemple 10)."
        )));
    };
    let code = match PostalCode::parse(&query.code_postal) {
        Ok(code) => code,
        Err(error) => {
            return Ok(refuse(&format!(
                "{error} Tapez le code postal de la commune à 5 chiffres, par exemple 75011."
            )))
        }
    };
    let mut communes: Vec<&str> = essaim_geo::by_postal_code(code.as_str())
        .into_iter()
        .map(|commune| commune.name)
        .collect();
    communes.dedup();
    if communes.is_empty() {
        return Ok(refuse(&format!(
            "Nous ne connaissons pas de commune au code postal {}. Tapez le code postal de la commune à 5 chiffres, par exemple 75011.",
            code.as_str()
        )));
    }
    let departement = code.departement();
    let zone = zone_of(Some(departement.as_str()), "FR");
    let next = state.store.next_ballot(zone, today()).await?;

    let list = checklist(Answers {
        moved: true,
        ..Default::default()
    });
    let mut blocks = vec![
        Block::Title("S'inscrire sur les listes électorales".into()),
        Block::Paragraph(format!(
            "Pour {} ({}). Pour voter, il faut être inscrit·e sur la liste électorale de la commune où l'on vit.",
            communes.join(", "),
            code.as_str()
        )),
        Block::Heading("Vous avez déménagé : les étapes".into()),
    ];
    blocks.extend(
        list.steps
            .iter()
            .enumerate()
            .map(|(n, step)| Block::Numbered(n + 1, step.label().into())),
    );
    blocks.push(Block::Paragraph(
        "Autre situation (vous avez eu 18 ans, vous êtes devenu·e français·e, vous vivez à l'étranger, vous êtes étudiant·e) : la mairie ou service-public.fr vous disent quoi faire ; souvent, il suffit de vérifier que vous êtes bien inscrit·e.".into(),
    ));
    blocks.push(Block::Heading("Les documents à apporter".into()));
    blocks.extend(
        list.documents
            .iter()
            .map(|document| Block::Bullet(document.label().into())),
    );
    blocks.push(Block::Heading("Où s'inscrire".into()));
    blocks.push(Block::Bullet(format!(
        "Mairie de {}",
        communes.join(" ou de ")
    )));
    blocks.push(Block::Bullet("En ligne : service-public.fr".into()));
    blocks.push(Block::Heading("Avant quand".into()));
    match next {
        Some(next) => {
            let (online, town_hall, exceptions) = deadline_words(next.first_round);
            blocks.push(Block::Paragraph(format!(
                "{} ({}) : premier tour le {}.",
                next.name,
                next.kind.label(),
                french_date(next.first_round)
            )));
            blocks.push(Block::Bullet(format!("En ligne : jusqu'au {online}")));
            blocks.push(Block::Bullet(format!("En mairie : jusqu'au {town_hall}")));
            blocks.push(Block::Bullet(format!(
                "Cas particuliers (déménagement pour raison professionnelle, 18 ans, naturalisation) : jusqu'au {exceptions}"
            )));
        }
        None => blocks.push(Block::Paragraph(
            "Aucun scrutin n'est annoncé pour l'instant. Inscrivez-vous dès maintenant : votre inscription vaudra pour les prochains.".into(),
        )),
    }
    blocks.push(Block::Heading("Vérifier son inscription".into()));
    blocks.push(Block::Paragraph(
        "Le service officiel « Interroger sa situation électorale » dit où vous êtes inscrit·e et où vous voterez :".into(),
    ));
    blocks.push(Block::Paragraph(CHECK_URL.into()));
    blocks.push(Block::Paragraph(
        "Cette fiche n'est pas un document officiel : l'inscription se fait à la mairie ou sur service-public.fr.".into(),
    ));

    let sheet = Sheet {
        title: format!("S'inscrire sur les listes électorales — {}", code.as_str()),
        blocks,
        copies,
    };
    // Drawing and compressing fifty pages is CPU work: off the async threads.
    let pdf = tokio::task::spawn_blocking(move || render(&sheet))
        .await
        .expect("drawing the help sheet does not panic");
    Ok(download(
        "application/pdf",
        &format!("fiche-inscription-{}.pdf", code.as_str()),
        pdf,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_to_fifty_copies() {
        assert_eq!(super::copies(""), Some(1));
        assert_eq!(super::copies(" 3 "), Some(3));
        assert_eq!(super::copies("50"), Some(50));
        for bad in ["0", "51", "-2", "trois"] {
            assert_eq!(super::copies(bad), None, "{bad}");
        }
    }
}
