//! Dons in the back-office: cheques and cash entered by staff with the online checks, the
//! ledger, the treasurer's files (golden TSV, spreadsheet-safe CSV), and what the GDPR asks
//! of gifts (in the data export, kept but detached when the account goes, purged in time).

use essaim_domain::donations::{Cents, DonorForm, Frequency, PaymentMethod};
use essaim_domain::ids::GiftId;
use essaim_domain::FieldErrors;
use essaim_store::donations::{GiftStatus, NewGiftRecord, NoticeKind, ProviderNotice};
use jiff::civil::date;

use crate::support::{both_backends, TestApp, Visitor};

const GOLDEN_TSV: &str = include_str!("golden/donations.tsv");

/// A logged-in member of staff.
async fn staff(app: &TestApp) -> Visitor {
    let staff = app.signed_and_confirmed("tresorerie@exemple.fr").await;
    assert!(app
        .store
        .grant_staff("tresorerie@exemple.fr")
        .await
        .unwrap());
    staff
}

/// The entry form's fields for a French donor; `changes` replace some of them.
fn cheque<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("civility", "madame"),
        ("first_name", "Louise"),
        ("last_name", "Michel"),
        ("email", "louise@exemple.fr"),
        ("phone", ""),
        ("address_line1", "12 rue de la Commune"),
        ("address_line2", ""),
        ("postal_code", "75011"),
        ("commune", "Paris"),
        ("country", "FR"),
        ("nationality", "francaise"),
        ("sworn", "1"),
        ("amount", "500"),
        ("method", "cheque"),
        ("received_on", "2025-03-09"),
        ("reference", "Chèque n° 1234567, Banque Populaire"),
    ];
    for (name, value) in changes {
        fields.retain(|(field, _)| field != name);
        fields.push((name, value));
    }
    fields
}

/// Posts the entry form; returns the status, the redirect and the page.
async fn enter(app: &TestApp, staff: &Visitor, fields: &[(&str, &str)]) -> (u16, String, String) {
    app.post_form(staff, "/admin/dons/saisie", "/admin/dons/saisie", fields)
        .await
}

async fn entered(app: &TestApp, staff: &Visitor, fields: &[(&str, &str)]) -> String {
    let (status, location, page) = enter(app, staff, fields).await;
    assert_eq!(status, 303, "{page}");
    location
}

/// A card gift of Louise Michel paid through the provider on 1 June 2025, and 5 € of it
/// refunded on 15 June: what the IPN route records, with fixed transaction ids.
async fn card_gift_and_refund(app: &TestApp) -> GiftId {
    let mut errors = FieldErrors::default();
    let donor = DonorForm {
        civility: "madame".into(),
        first_name: "Louise".into(),
        last_name: "Michel".into(),
        email: "Louise@Exemple.fr".into(),
        address_line1: "12 rue de la Commune".into(),
        address_line2: "Bâtiment B".into(),
        postal_code: "75011".into(),
        commune: "Paris".into(),
        country: "FR".into(),
        nationality: "francaise".into(),
        sworn: true,
        ..DonorForm::default()
    }
    .parse(&mut errors)
    .expect("a valid donor");
    let (gift, _) = app
        .store
        .create_gift(
            &NewGiftRecord {
                donor: &donor,
                amount: Cents::euros(20),
                frequency: Frequency::Once,
                method: PaymentMethod::Card,
                status: GiftStatus::Pending,
                replaces_monthly: false,
                entered_by: None,
            },
            // Now, not in 2025: the upkeep that runs at the app's start erases gifts left unpaid
            // for 30 days, and would race this one before its payment is recorded.
            essaim_store::now(),
        )
        .await
        .unwrap();
    let notice = |uuid: &str, day, kind| ProviderNotice {
        trans_uuid: uuid.into(),
        digest: format!("digest-{uuid}"),
        fields: "{}".into(),
        received_at: 1_748_736_000,
        paid_on: day,
        kind,
    };
    app.store
        .record_provider_notice(&notice(
            "0b7c1f0e6d3a4c2b9e8f7a6b5c4d3e2f",
            date(2025, 6, 1),
            NoticeKind::Payment {
                gift,
                amount: Cents::euros(20),
                accepted: true,
            },
        ))
        .await
        .unwrap();
    app.store
        .record_provider_notice(&notice(
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            date(2025, 6, 15),
            NoticeKind::Refund {
                gift,
                amount: Cents::euros(5),
            },
        ))
        .await
        .unwrap();
    gift
}

async fn download(app: &TestApp, client: &Visitor, path: &str) -> (u16, String, Vec<u8>) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, response.bytes().await.unwrap().to_vec())
}

both_backends! {
    async fn the_treasurer_file_is_the_golden_file(app) {
        let staff = staff(&app).await;
        entered(&app, &staff, &cheque(&[])).await;
        card_gift_and_refund(&app).await;
        entered(&app, &staff, &cheque(&[
            ("civility", "monsieur"),
            ("first_name", "Jean"),
            ("last_name", "Dupont"),
            ("email", "jean.dupont@exemple.fr"),
            ("address_line1", "3 place du Marché"),
            ("address_line2", "Appartement 4"),
            ("postal_code", "97400"),
            ("commune", "Saint-Denis"),
            ("country", "RE"),
            ("amount", "150"),
            ("method", "especes"),
            ("received_on", "30/11/2025"),
            ("reference", ""),
        ])).await;

        let response = staff.get(app.url("/admin/dons/export.tsv")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-type"], "text/tab-separated-values; charset=utf-8");
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_string();
        assert!(disposition.starts_with("attachment; filename=\"dons-20"), "{disposition}");
        let file = response.text().await.unwrap();
        assert_eq!(file, GOLDEN_TSV, "got:\n{file}");

        let (_, _, june) = download(&app, &staff, "/admin/dons/export.tsv?du=2025-06-01&au=30/06/2025").await;
        let june = String::from_utf8(june).unwrap();
        assert_eq!(june.lines().count(), 3, "the header, the card payment and its refund:\n{june}");
    }

    async fn the_spreadsheet_file_has_a_bom_semicolons_and_runs_no_formula(app) {
        let staff = staff(&app).await;
        let gift = card_gift_and_refund(&app).await;
        // No form lets a cell start with = or @: the store is the only way in, and the export's
        // last guard is what is tested.
        sqlx::query("UPDATE gifts SET commune = '@SUM(1+1)', address_line1 = '=HYPERLINK(\"x\")' WHERE id = $1")
            .bind(gift.get())
            .execute(app.store.pool())
            .await
            .unwrap();
        let (status, kind, bytes) = download(&app, &staff, "/admin/dons/export.csv").await;
        assert_eq!(status, 200);
        assert_eq!(kind, "text/csv; charset=utf-8");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("identifiant_comptable;type_paiement;date;identifiant_donateur;"));
        assert!(lines[1].contains(";'@SUM(1+1);FR;EUR;20,00;"), "{}", lines[1]);
        assert!(lines[1].contains(";\"'=HYPERLINK(\"\"x\"\"), Bâtiment B\";"), "{}", lines[1]);
        assert!(lines[2].contains(";Remboursement CB;15/06/2025;"), "{}", lines[2]);
        assert!(lines[2].contains(";EUR;-5,00;"), "a refund stays a number: {}", lines[2]);
    }

    async fn cash_over_150_euros_is_refused_on_the_same_form_with_everything_kept(app) {
        let staff = staff(&app).await;
        let (status, _, page) = enter(&app, &staff, &cheque(&[("amount", "150,01"), ("method", "especes")])).await;
        assert_eq!(status, 422);
        assert!(page.contains("ne peut pas être versé en espèces"), "{page}");
        assert!(page.contains("aria-describedby=\"method-erreur\""));
        for kept in ["value=\"150,01\"", "value=\"Michel\"", "value=\"12 rue de la Commune\"", "value=\"2025-03-09\"", "value=\"Chèque n° 1234567, Banque Populaire\""] {
            assert!(page.contains(kept), "{kept} kept");
        }
        assert!(page.contains("<option value=\"especes\" selected>"));
        assert!(page.contains("id=\"sworn\" name=\"sworn\" type=\"checkbox\" value=\"1\" checked"));
        assert_eq!(app.store.ledger_lines(None, None).await.unwrap().len(), 0);
    }

    async fn a_cheque_over_the_cap_is_refused_with_what_remains(app) {
        let staff = staff(&app).await;
        entered(&app, &staff, &cheque(&[("amount", "7400"), ("received_on", "2025-02-01")])).await;
        // The same person by name and postal code, with another email: still the same cap.
        let (status, _, page) = enter(&app, &staff, &cheque(&[
            ("amount", "200"),
            ("email", "louise.michel@autre.fr"),
            ("received_on", "2025-12-31"),
        ])).await;
        assert_eq!(status, 422);
        assert!(page.contains("Il vous reste 100\u{a0}€ possibles"), "{page}");
        assert!(page.contains("value=\"louise.michel@autre.fr\""));
        // Another year is another cap.
        entered(&app, &staff, &cheque(&[("amount", "200"), ("received_on", "2026-01-02")])).await;

        let (_, ledger) = app.get(&staff, "/admin/dons").await;
        let refusals = &ledger[ledger.find("id=\"plafond\"").unwrap()..];
        assert!(refusals.contains("<td>Louise Michel</td><td>louise.michel@autre.fr</td><td>75011</td><td>200\u{a0}€</td><td>100\u{a0}€</td>"), "{refusals}");
    }

    async fn the_donation_back_office_is_for_staff_only(app) {
        let member = app.signed_and_confirmed("militante@exemple.fr").await;
        for path in ["/admin/dons", "/admin/dons/saisie", "/admin/dons/export.tsv", "/admin/dons/export.csv"] {
            assert_eq!(app.get(&member, path).await.0, 403, "{path}");
            let anonymous = app.browser();
            assert_eq!(app.get(&anonymous, path).await.0, 303, "{path}: to the login page");
        }
        let (status, _, _) = app.post_form(&member, "/mon-espace", "/admin/dons/saisie", &cheque(&[])).await;
        assert_eq!(status, 403);
        assert!(app.store.ledger_lines(None, None).await.unwrap().is_empty());
        let (_, dashboard) = app.get(&staff(&app).await, "/admin").await;
        assert!(dashboard.contains("href=\"/admin/dons\""));
    }

    async fn a_cheque_entered_by_staff_is_in_the_ledger_and_acknowledged(app) {
        let staff = staff(&app).await;
        let location = entered(&app, &staff, &cheque(&[])).await;
        assert_eq!(location, "/admin/dons?enregistre=DON-000001");
        let (status, page) = app.get(&staff, &location).await;
        assert_eq!(status, 200);
        assert!(page.contains("Don DON-000001 enregistré"));
        assert!(page.contains("<td>DON-000001</td>\n      <td>09/03/2025</td>\n      <td>Louise Michel"), "{page}");
        assert!(page.contains("<strong>1</strong> ligne, total <strong>500\u{a0}€</strong>"));
        assert!(page.contains("<td>03/2025</td>") || page.contains("<svg"), "month totals");

        let (_, found) = app.get(&staff, "/admin/dons?recherche=michel+lou&moyen=cheque&du=2025-03-01&au=2025-03-31").await;
        assert!(found.contains("<strong>1</strong> ligne"), "{found}");
        let (_, none) = app.get(&staff, "/admin/dons?moyen=especes").await;
        assert!(none.contains("<strong>0</strong> ligne") && none.contains("Aucun paiement."));
        let (status, bad) = app.get(&staff, "/admin/dons?du=hier").await;
        assert_eq!(status, 422);
        assert!(bad.contains("Date illisible"));

        let mail = app.wait_for_mail_with("louise@exemple.fr", "DON-000001").await;
        assert!(mail.text.contains("500"), "{}", mail.text);
        assert!(mail.text.contains("pas un reçu fiscal"));
    }

    async fn a_donor_s_gifts_are_in_their_data_and_stay_in_the_ledger_once_the_account_is_gone(app) {
        let donor = app.signed_and_confirmed("louise@exemple.fr").await;
        let staff = staff(&app).await;
        entered(&app, &staff, &cheque(&[])).await;
        let data = donor.get(app.url("/mon-espace/donnees.json")).send().await.unwrap();
        let data: serde_json::Value = data.json().await.unwrap();
        assert_eq!(data["dons"][0]["montant_centimes"], "50000", "{data}");
        assert_eq!(data["dons"][0]["moyen"], "cheque");
        assert_eq!(data["paiements_des_dons"][0]["date"], "2025-03-09");

        let (status, _) = app.submit(&donor, "/mon-espace", "/mon-espace/supprimer", &[("confirmer", "1")]).await;
        assert_eq!(status, 200);
        assert!(app.store.find_person_by_email("louise@exemple.fr").await.unwrap().is_none());
        let detached: Option<i64> = sqlx::query_scalar("SELECT person_id FROM gifts")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        assert_eq!(detached, None);
        let (_, _, file) = download(&app, &staff, "/admin/dons/export.tsv").await;
        let file = String::from_utf8(file).unwrap();
        assert!(file.contains("DON-000001\tChèque\t09/03/2025\t"), "{file}");
        let (_, ledger) = app.get(&staff, "/admin/dons").await;
        assert!(ledger.contains("louise@exemple.fr — compte supprimé"));
    }

    async fn the_hourly_purge_forgets_unpaid_gifts_and_lines_past_their_retention(app) {
        let staff = staff(&app).await;
        // Received in 2015: kept until the end of 2022, then erased with its gift.
        entered(&app, &staff, &cheque(&[("received_on", "2015-05-04"), ("email", "ancienne@exemple.fr")])).await;
        entered(&app, &staff, &cheque(&[])).await;
        let refused = card_gift_and_refund(&app).await;
        let mut errors = FieldErrors::default();
        let donor = DonorForm {
            email: "hesitante@exemple.fr".into(),
            civility: "madame".into(),
            first_name: "Rose".into(),
            last_name: "Hésitante".into(),
            address_line1: "1 rue Haute".into(),
            postal_code: "69001".into(),
            commune: "Lyon".into(),
            nationality: "francaise".into(),
            sworn: true,
            ..DonorForm::default()
        }
        .parse(&mut errors)
        .unwrap();
        let asked_at = |days_ago: i64| essaim_store::now() - days_ago * 86400;
        let mut unpaid = Vec::new();
        for days_ago in [31, 29] {
            let (gift, _) = app.store.create_gift(&NewGiftRecord {
                donor: &donor,
                amount: Cents::euros(10),
                frequency: Frequency::Once,
                method: PaymentMethod::Card,
                status: GiftStatus::Pending,
                replaces_monthly: false,
                entered_by: None,
            }, asked_at(days_ago)).await.unwrap();
            unpaid.push(gift);
        }

        essaim::maintenance::run_once(&app.store, &Default::default()).await;

        let lines = app.store.ledger_lines(None, None).await.unwrap();
        let dates: Vec<String> = lines.iter().map(|l| l.date.to_string()).collect();
        assert_eq!(dates, ["2025-03-09", "2025-06-01", "2025-06-15"]);
        let gifts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gifts WHERE email_norm = 'ancienne@exemple.fr'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        assert_eq!(gifts, 0, "the gift goes with its last line");
        assert!(app.store.gift(unpaid[0]).await.unwrap().is_none(), "unpaid for 31 days");
        assert!(app.store.gift(unpaid[1]).await.unwrap().is_some(), "unpaid for 29 days");
        assert!(app.store.gift(refused).await.unwrap().is_some(), "paid, then partly refunded");
    }
}
