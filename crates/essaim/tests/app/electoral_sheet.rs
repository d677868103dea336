//! The printable registration help sheet: a PDF for a commune, read back as text the way a
//! reader extracts it, with the commune, the steps and the next ballot's deadlines; as many
//! identical pages as copies asked; a postal code we cannot use is told in French.

use essaim_domain::calendar::french_date;
use essaim_domain::electoral::deadline::deadlines;

use crate::electoral::{ballot, sunday_in};
use crate::support::{both_backends, unescape, TestApp, Visitor};

/// Status, content type and body of a GET.
async fn fetch(app: &TestApp, who: &Visitor, path: &str) -> (u16, String, Vec<u8>) {
    let response = who.get(app.url(path)).send().await.expect("GET");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, kind, response.bytes().await.unwrap().to_vec())
}

/// Each page's text, its spaces and line breaks made single spaces.
fn pages_of(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .expect("the sheet parses back as a PDF")
        .iter()
        .map(|page| page.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

both_backends! {
    async fn a_sheet_for_a_commune_names_its_town_hall_and_the_deadlines(app) {
        let first = sunday_in(100);
        ballot(&app, "Présidentielle à venir", first).await;
        let visitor = app.browser();
        let (status, kind, pdf) = fetch(&app, &visitor, "/listes-electorales/fiche.pdf?code_postal=75011").await;
        assert_eq!((status, kind.as_str()), (200, "application/pdf"));
        assert!(pdf.starts_with(b"%PDF"));
        let pages = pages_of(&pdf);
        assert_eq!(pages.len(), 1, "one copy by default");
        let text = &pages[0];
        let online = french_date(deadlines(first).online);
        for words in [
            "S'inscrire sur les listes électorales",
            "Mairie de Paris",
            "service-public.fr",
            "justificatif de domicile",
            "Présidentielle à venir",
            &format!("En ligne : jusqu'au {online}"),
            &format!("En mairie : jusqu'au {}", french_date(deadlines(first).town_hall)),
        ] {
            assert!(text.contains(words), "{words:?} in {text}");
        }

        let (status, _, pdf) = fetch(&app, &visitor, "/listes-electorales/fiche.pdf?code_postal=75011&exemplaires=3").await;
        assert_eq!(status, 200);
        let pages = pages_of(&pdf);
        assert_eq!(pages.len(), 3, "three copies");
        assert!(pages.iter().all(|page| page.contains(&online)), "identical pages");
    }

    async fn without_a_ballot_the_sheet_says_so(app) {
        let (status, _, pdf) = fetch(&app, &app.browser(), "/listes-electorales/fiche.pdf?code_postal=69001&exemplaires=").await;
        assert_eq!(status, 200);
        let text = &pages_of(&pdf)[0];
        assert!(text.contains("Mairie de Lyon"), "{text}");
        assert!(text.contains("Aucun scrutin n'est annoncé"), "{text}");
    }

    async fn a_postal_code_or_a_number_we_cannot_use_is_told(app) {
        let visitor = app.browser();
        for (query, words) in [
            ("code_postal=", "par exemple 75011"),
            ("code_postal=750", "par exemple 75011"),
            ("code_postal=00000", "par exemple 75011"),
            ("code_postal=75011&exemplaires=0", "entre 1 et 50"),
            ("code_postal=75011&exemplaires=51", "entre 1 et 50"),
            ("code_postal=75011&exemplaires=beaucoup", "entre 1 et 50"),
        ] {
            let (status, kind, page) = fetch(&app, &visitor, &format!("/listes-electorales/fiche.pdf?{query}")).await;
            assert_eq!(status, 422, "{query}");
            assert!(kind.starts_with("text/html"), "{query}: {kind}");
            let page = unescape(&String::from_utf8(page).unwrap());
            assert!(page.contains(words), "{query}: {page}");
        }
    }

    async fn the_questionnaire_links_to_the_sheet(app) {
        let (status, page) = app.get(&app.browser(), "/listes-electorales").await;
        assert_eq!(status, 200);
        assert!(page.contains("action=\"/listes-electorales/fiche.pdf\""), "{page}");
        assert!(page.contains("name=\"exemplaires\""));
    }
}
