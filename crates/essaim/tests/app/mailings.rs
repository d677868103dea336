//! Mailings from the back-office (issue 13): a segment's count is the number of emails
//! queued; nobody who did not accept the news ever gets one, whatever the profiles and the
//! filters (a randomised property over generated supporters, checked against a reference
//! computed in Rust); the one-click unsubscribe (RFC 8058) works without login and the next
//! mailing honours it; the weekly cap holds; nonsense comes back on the form; a cancelled
//! mailing sends nothing more; and a mailing drained at its pace through SMTP survives a
//! restart with no email lost and none sent twice.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use essaim_domain::agir::profile::Interest;
use essaim_domain::agir::{Coded, Skill};
use essaim_domain::ids::PersonId;
use essaim_domain::mailing::{Area, GroupRole, Segment, WeeklyCap};
use essaim_domain::staff::StaffRole;
use essaim_smtp_sink::{Sink, SinkConfig};
use essaim_store::mailings::NewMailing;
use essaim_store::{now, Store};
use sqlx::Row;

use crate::support::{both_backends, unescape, Mail, TestApp, Visitor};

const PLACES: [(&str, &str); 3] = [("93", "93100"), ("69", "69001"), ("75", "75011")];

/// A supporter as the generator makes them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile {
    pub(crate) news: bool,
    pub(crate) confirmed: bool,
    pub(crate) place: usize,
    /// 0: in no group, 1: member, 2: animator.
    pub(crate) group: u8,
    /// Offers video ("J'en dis plus").
    pub(crate) films: bool,
    /// Likes filming (action profile).
    pub(crate) likes_filming: bool,
    pub(crate) donor: bool,
}

/// xorshift64*: the generator of the randomised checks, seeded so that a failure repeats.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn profile(&mut self) -> Profile {
        Profile {
            news: self.chance(60),
            confirmed: self.chance(80),
            place: self.below(3) as usize,
            group: self.below(3) as u8,
            films: self.chance(30),
            likes_filming: self.chance(30),
            donor: self.chance(20),
        }
    }
}

/// An open support group in Montreuil, for members to belong to.
pub(crate) async fn a_group(store: &Store) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO support_groups (name, description, postal_code, commune, departement, lat, lon, \
         cell, frequency, created_at) VALUES ('Groupe test', 'Test.', '93100', 'Montreuil', '93', \
         48.86, 2.44, 0, 'mensuelle', $1) RETURNING id",
    )
    .bind(now())
    .fetch_one(store.pool())
    .await
    .unwrap()
}

/// Writes `profile` as person `email`, straight into the tables the segments read.
pub(crate) async fn insert_person(
    store: &Store,
    email: &str,
    profile: Profile,
    group: i64,
) -> PersonId {
    let pool = store.pool();
    let at = now();
    let (departement, postal_code) = PLACES[profile.place];
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, \
         news_optin, referral_code, created_at) VALUES ($1, $1, 'Camille', 'Test', $2, 'FR', $3, $4, $5) \
         RETURNING id",
    )
    .bind(email)
    .bind(postal_code)
    .bind(i64::from(profile.news))
    .bind(format!("r-{email}"))
    .bind(at)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO signatures (person_id, status, departement, created_at, confirmed_at) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(id)
    .bind(if profile.confirmed {
        "confirmed"
    } else {
        "pending"
    })
    .bind(departement)
    .bind(at)
    .execute(pool)
    .await
    .unwrap();
    if profile.group > 0 {
        sqlx::query("INSERT INTO group_members (group_id, person_id, is_animator, joined_at) VALUES ($1, $2, $3, $4)")
            .bind(group)
            .bind(id)
            .bind(i64::from(profile.group == 2))
            .bind(at)
            .execute(pool)
            .await
            .unwrap();
    }
    if profile.films {
        sqlx::query(
            "INSERT INTO skill_offers (person_id, skills, time_available, travel_km, postal_code, lat, lon, \
             cell, consent_at, created_at) VALUES ($1, $2, 'soirees', 10, $3, 48.86, 2.44, 0, $4, $4)",
        )
        .bind(id)
        .bind(format!("{},{}", Skill::Photo.code(), Skill::Video.code()))
        .bind(postal_code)
        .bind(at)
        .execute(pool)
        .await
        .unwrap();
    }
    if profile.likes_filming {
        sqlx::query("INSERT INTO action_profiles (person_id, availability, interests, skills, updated_at) VALUES ($1, '', $2, '', $3)")
            .bind(id)
            .bind(format!("{},{}", Interest::Writing.code(), Interest::Filming.code()))
            .bind(at)
            .execute(pool)
            .await
            .unwrap();
    }
    if profile.donor {
        let gift: i64 = sqlx::query_scalar(
            "INSERT INTO gifts (person_id, email, email_norm, name_key, civility, first_name, last_name, \
             address_line1, postal_code, commune, country, nationality, fiscal_resident, sworn_at, \
             amount_cents, frequency, method, status, created_at) VALUES ($1, $2, $2, 'k', 'mme', \
             'Camille', 'Test', '1 rue', $3, 'Ville', 'FR', 'FR', 1, $4, 1000, 'ponctuel', 'carte', 'paid', $4) \
             RETURNING id",
        )
        .bind(id)
        .bind(email)
        .bind(postal_code)
        .bind(at)
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO payments (gift_id, method, amount_cents, paid_on, reference, email_norm, name_key, \
             created_at) VALUES ($1, 'carte', 1000, '2026-12-01', $2, $3, 'k', $4)",
        )
        .bind(gift)
        .bind(format!("ref-{gift}"))
        .bind(email)
        .bind(at)
        .execute(pool)
        .await
        .unwrap();
    }
    PersonId::new(id)
}

/// Who a segment must hold, computed from the profiles without SQL.
fn expected(profiles: &[(PersonId, Profile)], segment: &Segment) -> BTreeSet<i64> {
    profiles
        .iter()
        .filter(|(_, p)| {
            p.news
                && p.confirmed
                && (segment.departements.is_empty()
                    || segment.departements.iter().any(|d| d == PLACES[p.place].0))
                && segment
                    .area
                    .as_ref()
                    .is_none_or(|a| a.postal_codes.iter().any(|c| c == PLACES[p.place].1))
                && match segment.group_role {
                    None => true,
                    Some(GroupRole::Member) => p.group > 0,
                    Some(GroupRole::Animator) => p.group == 2,
                }
                && (segment.skills.is_empty() || p.films)
                && (segment.interests.is_empty() || p.likes_filming)
                && (!segment.donors || p.donor)
        })
        .map(|(id, _)| id.get())
        .collect()
}

async fn queued_to(store: &Store, mailing: i64) -> BTreeSet<i64> {
    sqlx::query_scalar::<_, i64>("SELECT person_id FROM outbox WHERE mailing_id = $1")
        .bind(mailing)
        .fetch_all(store.pool())
        .await
        .unwrap()
        .into_iter()
        .collect()
}

fn new_mailing<'a>(
    segment: &'a Segment,
    author: PersonId,
    send_at: i64,
    cap: u32,
) -> NewMailing<'a> {
    NewMailing {
        subject: "Nouvelles de la campagne",
        body: "Bonjour à toutes et à tous.",
        body_html: "<p>Bonjour à toutes et à tous.</p>",
        segment,
        segment_summary: "test",
        author_id: author,
        author: "equipe@exemple.fr",
        per_second: 0,
        send_at,
        cap: WeeklyCap::new(cap),
    }
}

/// A communication staff member, logged in.
async fn communicant(app: &TestApp) -> Visitor {
    let visitor = app.signed_and_confirmed("com@exemple.fr").await;
    assert!(app
        .store
        .grant_staff_role("com@exemple.fr", StaffRole::Communication, now())
        .await
        .unwrap());
    visitor
}

/// The address of a mailing's `List-Unsubscribe` header.
pub(crate) fn list_unsubscribe(mail: &Mail) -> String {
    let line = mail
        .raw
        .lines()
        .find(|l| l.starts_with("List-Unsubscribe: <"))
        .unwrap_or_else(|| panic!("no List-Unsubscribe in:\n{}", mail.raw));
    line.trim_start_matches("List-Unsubscribe: <")
        .trim_end_matches('>')
        .to_string()
}

async fn news_optin(app: &TestApp, email: &str) -> bool {
    app.store
        .find_person_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .news_optin
}

async fn sink_received(sink: &Sink) -> HashMap<String, usize> {
    let mut received: HashMap<String, usize> = HashMap::new();
    for accepted in sink.accepted() {
        for recipient in accepted.recipients {
            *received.entry(recipient).or_default() += 1;
        }
    }
    received
}

both_backends! {
async fn only_people_who_accepted_the_news_are_ever_in_a_mailing(backend: backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let group = a_group(&app.store).await;
    let author = insert_person(&app.store, "auteur@exemple.fr", Profile { news: false, confirmed: true, place: 0, group: 0, films: false, likes_filming: false, donor: false }, group).await;
    let mut random = Random(0x5EED_0013);
    let mut profiles = Vec::new();
    for n in 0..120 {
        let profile = random.profile();
        let id = insert_person(&app.store, &format!("p{n}@exemple.fr"), profile, group).await;
        profiles.push((id, profile));
    }
    let montreuil = Area { label: "Montreuil".into(), radius_km: 0, postal_codes: vec!["93100".into()] };
    let mut segments = vec![Segment::default()];
    for _ in 0..24 {
        let mut segment = Segment::default();
        if random.chance(40) {
            segment.departements = PLACES.iter().filter(|_| random.chance(50)).map(|(d, _)| d.to_string()).collect();
        }
        if random.chance(25) {
            segment.area = Some(montreuil.clone());
        }
        segment.group_role = match random.below(3) { 0 => None, 1 => Some(GroupRole::Member), _ => Some(GroupRole::Animator) };
        if random.chance(30) {
            segment.skills = vec![Skill::Video];
        }
        if random.chance(30) {
            segment.interests = vec![Interest::Filming];
        }
        segment.donors = random.chance(25);
        segments.push(segment);
    }
    let consenting: BTreeSet<i64> = profiles.iter().filter(|(_, p)| p.news && p.confirmed).map(|(id, _)| id.get()).collect();
    assert!(consenting.len() > 30 && consenting.len() < profiles.len(), "a mix of profiles: {}", consenting.len());
    for (round, segment) in segments.iter().enumerate() {
        // Each mailing a week after the one before: the cap (1) never gets in the way here.
        let send_at = now() + round as i64 * 8 * 24 * 3600;
        let want = expected(&profiles, segment);
        let count = app.store.count_segment(segment, WeeklyCap::new(1), send_at).await.unwrap();
        let (mailing, queued) = app.store.queue_mailing(&new_mailing(segment, author, send_at, 1), now()).await.unwrap();
        let got = queued_to(&app.store, mailing).await;
        assert_eq!(got, want, "round {round}, segment {segment:?}");
        assert!(got.is_subset(&consenting), "round {round}: someone without the news consent");
        assert_eq!((count.matching, count.reachable, queued), (want.len() as i64, want.len() as i64, want.len() as i64), "round {round}: the count is what is queued");
    }
}

async fn the_count_shown_is_what_is_sent_and_a_test_goes_to_me_alone(backend: backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let staff = communicant(&app).await;
    let group = a_group(&app.store).await;
    let yes = Profile { news: true, confirmed: true, place: 0, group: 0, films: false, likes_filming: false, donor: false };
    for n in 0..3 {
        insert_person(&app.store, &format!("montreuil{n}@exemple.fr"), yes, group).await;
    }
    insert_person(&app.store, "sans-nouvelles@exemple.fr", Profile { news: false, ..yes }, group).await;
    insert_person(&app.store, "lyon@exemple.fr", Profile { place: 1, ..yes }, group).await;

    let (status, page) = app.get(&staff, "/admin/envois/nouveau").await;
    assert_eq!(status, 200);
    assert!(page.contains("/static/segment."), "the live count's script");
    let segment = [("departements", "93"), ("subject", "Réunion publique"), ("body", "Venez **nombreux** : [l'agenda](/evenements).")];
    let mut counting = segment.to_vec();
    counting.push(("action", "compter"));
    let (status, page) = app.submit(&staff, "/admin/envois/nouveau", "/admin/envois/nouveau", &counting).await;
    assert_eq!(status, 200);
    assert!(page.contains("3 personnes recevront ce message"), "{page}");
    assert!(unescape(&page).contains("value=\"Réunion publique\""), "what was typed stays");
    let (status, json) = app.get(&staff, "/admin/envois/compte?departements=93&lieu=").await;
    assert_eq!(status, 200);
    assert!(json.contains("\"reachable\":3"), "{json}");

    let mut preview = segment.to_vec();
    preview.push(("action", "apercu"));
    let (status, page) = app.submit(&staff, "/admin/envois/nouveau", "/admin/envois/nouveau", &preview).await;
    assert_eq!(status, 200);
    assert!(page.contains("<strong>nombreux</strong>") && page.contains("/evenements\""), "{page}");

    let mut trial = segment.to_vec();
    trial.push(("action", "essai"));
    let (status, page) = app.submit(&staff, "/admin/envois/nouveau", "/admin/envois/nouveau", &trial).await;
    assert_eq!(status, 200);
    assert!(page.contains("Un essai est parti vers com@exemple.fr"), "{page}");
    let test = app.wait_for_mail_with("com@exemple.fr", "[Essai] R").await;
    assert!(test.text.contains("<strong>nombreux</strong>"));
    assert!(app.store.mailings(10).await.unwrap().is_empty(), "a test is not a mailing");
    assert!(app.mail_when_idle("montreuil0@exemple.fr").await.is_empty(), "nobody else got the test");

    let mut send = segment.to_vec();
    send.push(("action", "envoyer"));
    let (status, location, _) = app.post_form(&staff, "/admin/envois/nouveau", "/admin/envois/nouveau", &send).await;
    assert_eq!(status, 303);
    let (status, page) = app.get(&staff, &location).await;
    assert_eq!(status, 200);
    assert!(page.contains("Envoi lancé : 3 destinataires"), "{page}");
    let mailing = app.store.mailings(10).await.unwrap().remove(0);
    assert_eq!(mailing.recipients, 3);
    assert_eq!(queued_to(&app.store, mailing.id).await.len(), 3, "the count is the number queued");
    for n in 0..3 {
        let mail = app.wait_for_mail_with(&format!("montreuil{n}@exemple.fr"), "Réunion publique").await;
        assert!(mail.text.contains("https://") || mail.text.contains("http://"), "absolute links");
        assert!(mail.raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    }
    assert!(app.mail_when_idle("sans-nouvelles@exemple.fr").await.is_empty());
    assert!(app.mail_when_idle("lyon@exemple.fr").await.is_empty());
    let stats = app.store.mailing(mailing.id).await.unwrap().unwrap();
    assert_eq!((stats.sent, stats.failed, stats.waiting), (3, 0, 0));
    let (_, detail) = app.get(&staff, &location).await;
    assert!(detail.contains("<strong>nombreux</strong>"), "the page shows the message sent");
    let (_, list) = app.get(&staff, "/admin/envois").await;
    assert!(list.contains("Réunion publique"));
    let journal: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'envoi d''un message'")
        .fetch_one(app.store.pool()).await.unwrap();
    assert_eq!(journal, 1, "the mailing is in the journal");
    // A month on (the staff member's session with it), the retention rule deletes the delivered emails: the figures stay.
    let month_later = essaim_store::now() + 31 * 24 * 3600;
    essaim::retention::apply(&app.store, &essaim::retention::RetentionPolicy::default(), month_later).await.unwrap();
    assert!(queued_to(&app.store, mailing.id).await.is_empty(), "the rows are gone");
    let stats = app.store.mailing(mailing.id).await.unwrap().unwrap();
    assert_eq!((stats.recipients, stats.sent, stats.failed, stats.waiting), (3, 3, 0, 0), "the figures outlive them");
}

async fn one_click_unsubscribes_without_login_and_the_next_mailing_skips_them(backend: backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let group = a_group(&app.store).await;
    let yes = Profile { news: true, confirmed: true, place: 0, group: 0, films: false, likes_filming: false, donor: false };
    let author = insert_person(&app.store, "auteur@exemple.fr", yes, group).await;
    insert_person(&app.store, "reste@exemple.fr", yes, group).await;
    insert_person(&app.store, "part@exemple.fr", yes, group).await;
    let everyone = Segment::default();
    let (first, queued) = app.store.queue_mailing(&new_mailing(&everyone, author, now(), 5), now()).await.unwrap();
    assert_eq!(queued, 3);
    let mail = app.wait_for_mail_with("part@exemple.fr", "Nouvelles de la campagne").await;
    let link = list_unsubscribe(&mail);
    assert!(link.contains("/desinscription?jeton="), "{link}");
    let path = &link[link.find("/desinscription").unwrap()..];

    // A scanner opening the link unsubscribes nobody; the page offers the button.
    let stranger = app.browser();
    let page = stranger.get(app.url(path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Ne plus recevoir les nouvelles"));
    assert!(news_optin(&app, "part@exemple.fr").await);

    // The mail client's one-click POST (RFC 8058): no session, no CSRF token.
    let response = stranger
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(!news_optin(&app, "part@exemple.fr").await);
    assert!(news_optin(&app, "reste@exemple.fr").await);
    let again = stranger.post(app.url(path)).body("List-Unsubscribe=One-Click").send().await.unwrap();
    assert_eq!(again.status(), 200, "a second click is harmless");
    assert_eq!(app.store.mailing(first).await.unwrap().unwrap().unsubscribed, 1);
    let forged = path.replace("jeton=", "jeton=x");
    assert_eq!(stranger.post(app.url(&forged)).body("List-Unsubscribe=One-Click").send().await.unwrap().status(), 400);

    // The next mailing leaves them out.
    let later = now() + 8 * 24 * 3600;
    let (second, queued) = app.store.queue_mailing(&new_mailing(&everyone, author, later, 5), now()).await.unwrap();
    assert_eq!(queued, 2);
    let part = app.store.find_person_by_email("part@exemple.fr").await.unwrap().unwrap().id;
    assert!(!queued_to(&app.store, second).await.contains(&part.get()));
}

async fn an_unsubscribe_withdraws_what_was_still_waiting_and_a_cancel_stops_the_rest(backend: backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let staff = communicant(&app).await;
    let group = a_group(&app.store).await;
    let yes = Profile { news: true, confirmed: true, place: 0, group: 0, films: false, likes_filming: false, donor: false };
    let author = insert_person(&app.store, "auteur@exemple.fr", yes, group).await;
    let leaving = insert_person(&app.store, "part@exemple.fr", yes, group).await;
    let tomorrow = now() + 24 * 3600;
    let (scheduled, queued) = app.store.queue_mailing(&new_mailing(&Segment::default(), author, tomorrow, 5), now()).await.unwrap();
    assert_eq!(queued, 3);
    assert!(app.store.unsubscribe_from_news(leaving, None, now()).await.unwrap());
    assert_eq!(queued_to(&app.store, scheduled).await.len(), 2, "their email waiting for tomorrow is withdrawn");
    let (_, page) = app.get(&staff, &format!("/admin/envois/{scheduled}")).await;
    assert!(page.contains("programmé"), "{page}");
    let (status, location, _) = app.post_form(&staff, &format!("/admin/envois/{scheduled}"), &format!("/admin/envois/{scheduled}/annuler"), &[]).await;
    assert_eq!(status, 303);
    let (_, page) = app.get(&staff, &location).await;
    assert!(page.contains("Envoi annulé : 2 messages ne partiront pas"), "{page}");
    assert!(queued_to(&app.store, scheduled).await.is_empty());
    let (status, _, _) = app.post_form(&staff, &format!("/admin/envois/{scheduled}"), &format!("/admin/envois/{scheduled}/annuler"), &[]).await;
    assert_eq!(status, 404, "cancelled once");
}

async fn nobody_gets_more_than_the_weekly_cap(backend: backend) {
    let Some(app) = TestApp::spawn_with(backend, |config| config.mail.mailing_weekly_cap = 2).await else { return };
    let staff = communicant(&app).await;
    let group = a_group(&app.store).await;
    let yes = Profile { news: true, confirmed: true, place: 0, group: 0, films: false, likes_filming: false, donor: false };
    let author = insert_person(&app.store, "auteur@exemple.fr", yes, group).await;
    for n in 0..4 {
        insert_person(&app.store, &format!("p{n}@exemple.fr"), yes, group).await;
    }
    let lyon = Segment { departements: vec!["69".into()], ..Segment::default() };
    let everyone = Segment::default();
    let start = now();
    // Monday to everyone (6 with the author and staff), Wednesday to everyone: the cap is reached.
    assert_eq!(app.store.queue_mailing(&new_mailing(&everyone, author, start, 2), now()).await.unwrap().1, 6);
    assert_eq!(app.store.queue_mailing(&new_mailing(&everyone, author, start + 2 * 86_400, 2), now()).await.unwrap().1, 6);
    // Friday: the segment counts 6 people, and the cap leaves none.
    let friday = start + 4 * 86_400;
    let count = app.store.count_segment(&everyone, WeeklyCap::new(2), friday).await.unwrap();
    assert_eq!((count.matching, count.reachable), (6, 0));
    let (capped, queued) = app.store.queue_mailing(&new_mailing(&everyone, author, friday, 2), now()).await.unwrap();
    assert_eq!(queued, 0);
    assert_eq!(app.store.mailing(capped).await.unwrap().unwrap().capped, 6);
    // Nor is a mailing scheduled before them let through: the window looks both ways.
    assert_eq!(app.store.queue_mailing(&new_mailing(&everyone, author, start - 3 * 86_400, 2), now()).await.unwrap().1, 0);
    // Nobody in Lyon is not "nobody at all": an empty segment queues nothing either.
    assert_eq!(app.store.queue_mailing(&new_mailing(&lyon, author, start + 30 * 86_400, 2), now()).await.unwrap().1, 0);
    // A week and a day after Wednesday, the count is back.
    let later = start + 10 * 86_400;
    assert_eq!(app.store.count_segment(&everyone, WeeklyCap::new(2), later).await.unwrap().reachable, 6);
    // The form tells staff.
    let (status, page) = app.submit(&staff, "/admin/envois/nouveau", "/admin/envois/nouveau", &[("action", "compter")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("Personne ne recevra ce message (6 écartées par le plafond hebdomadaire)"), "{page}");
    let (_, notice) = app.get(&app.browser(), "/confidentialite").await;
    assert!(unescape(&notice).contains("Vous ne recevez pas plus de 2 de ces messages en sept jours"), "the privacy notice states the cap");
}

async fn nonsense_comes_back_on_the_form_with_what_was_typed(backend: backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let staff = communicant(&app).await;
    let fields = [
        ("departements", "Seine-Saint-Denis"), ("lieu", "Zzyzx-sur-Mer"), ("rayon", "900"), ("groupe", "chefs"),
        ("competences", "jonglage"), ("evenement", "abc"), ("subject", ""), ("body", "Texte gardé"),
        ("date", "2020-01-01"), ("heure", "10:00"), ("action", "envoyer"),
    ];
    let (status, page) = app.submit(&staff, "/admin/envois/nouveau", "/admin/envois/nouveau", &fields).await;
    assert_eq!(status, 422);
    let page = unescape(&page);
    for message in [
        "« Seine-Saint-Denis » n'est pas un numéro de département",
        "Aucune commune ne commence par « Zzyzx-sur-Mer »",
        "La distance est un nombre de kilomètres",
        "Écrivez l'objet du message.",
        "Ce moment est passé",
    ] {
        assert!(page.contains(message), "{message}");
    }
    assert!(page.contains("Texte gardé") && page.contains("value=\"Seine-Saint-Denis\""), "what was typed stays");
    assert!(app.store.mailings(10).await.unwrap().is_empty(), "nothing sent");
    let (status, json) = app.get(&staff, "/admin/envois/compte?departements=Seine").await;
    assert_eq!(status, 422);
    assert!(json.contains("departements"), "{json}");
    // Another role may not.
    let moderator = app.signed_and_confirmed("modo@exemple.fr").await;
    assert!(app.store.grant_staff_role("modo@exemple.fr", StaffRole::Moderation, now()).await.unwrap());
    assert_eq!(app.get(&moderator, "/admin/envois/nouveau").await.0, 403);
}

async fn a_mailing_drains_at_its_pace_and_survives_a_restart_with_no_duplicate_and_no_loss(backend: backend) {
    // 200 recipients at 40 a second: five seconds of sending, with a restart after one.
    let sink = Sink::start(SinkConfig::default()).await.unwrap();
    let Some(mut app) = TestApp::serve_with(backend, |config| {
        config.mail.smtp_url = Some(sink.url());
        config.mail.mailing_per_second = 40;
        config.mail.batch = 50;
    })
    .await else { return };
    let group = a_group(&app.store).await;
    let yes = Profile { news: true, confirmed: true, place: 0, group: 0, films: false, likes_filming: false, donor: false };
    let author = insert_person(&app.store, "auteur@exemple.fr", Profile { news: false, ..yes }, group).await;
    let mut emails = Vec::new();
    for n in 0..200 {
        let email = format!("lot-{n}@exemple.fr");
        insert_person(&app.store, &email, yes, group).await;
        emails.push(email);
    }
    let segment = Segment::default();
    let mut mailing = new_mailing(&segment, author, now(), 2);
    mailing.per_second = 40;
    let started = Instant::now();
    let (id, queued) = app.store.queue_mailing(&mailing, now()).await.unwrap();
    assert_eq!(queued, 200);
    app.store.signal_outbox();
    let deadline = Instant::now() + Duration::from_secs(20);
    while sink.accepted_count() < 20 {
        assert!(Instant::now() < deadline, "the mailing did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.restart().await;
    let before_restart = sink.accepted_count();
    assert!(before_restart < 150, "the restart comes mid-way ({before_restart} sent before it)");
    let deadline = Instant::now() + Duration::from_secs(60);
    while sink.accepted_count() < 200 {
        assert!(Instant::now() < deadline, "every email delivered after the restart ({} so far)", sink.accepted_count());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = started.elapsed();
    // Anything sent twice would arrive now.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let received = sink_received(&sink).await;
    let twice: Vec<_> = received.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "emails delivered more than once: {twice:?}");
    let missing: Vec<_> = emails.iter().filter(|e| !received.contains_key(*e)).collect();
    assert!(missing.is_empty(), "emails never delivered: {missing:?}");
    assert_eq!(received.len(), 200);
    // At 40 a second, 200 emails cannot all be out in less than three seconds: the first 40 go
    // at once, then 40 each second (due in whole seconds, so the first second may be short).
    assert!(took >= Duration::from_secs(3), "the pace was not held: {took:?}");
    let stats = app.store.mailing(id).await.unwrap().unwrap();
    assert_eq!((stats.sent, stats.waiting, stats.failed), (200, 0, 0));
    let raw: String = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM outbox WHERE mailing_id = $1")
        .bind(id).fetch_one(app.store.pool()).await.unwrap().try_get::<i64, _>("n").unwrap().to_string();
    assert_eq!(raw, "200");
    eprintln!("{before_restart} sent before the restart; 200 in {took:?}");
}

async fn a_mailing_loses_nothing_when_the_server_process_is_stopped_or_killed(backend: backend) {
    // The real binary, stopped with SIGTERM (what a host sends) then killed with SIGKILL (a
    // crash) in the middle of a mailing of 300 at 60 a second, each time started again.
    let Some(app) = TestApp::spawn(backend).await else { return };
    let sink = Sink::start(SinkConfig { keep_text: true, ..SinkConfig::default() }).await.unwrap();
    let group = a_group(&app.store).await;
    let yes = Profile { news: true, confirmed: true, place: 0, group: 0, films: false, likes_filming: false, donor: false };
    let author = insert_person(&app.store, "auteur@exemple.fr", Profile { news: false, ..yes }, group).await;
    let mut emails = Vec::new();
    for n in 0..300 {
        let email = format!("proc-{n}@exemple.fr");
        insert_person(&app.store, &email, yes, group).await;
        emails.push(email);
    }
    let segment = Segment::default();
    let mut mailing = new_mailing(&segment, author, now(), 2);
    mailing.per_second = 60;
    let (id, queued) = app.store.queue_mailing(&mailing, now()).await.unwrap();
    assert_eq!(queued, 300);

    let mail_dir = tempfile::tempdir().unwrap();
    let smtp = sink.url();
    // A short lease, so that what the killed process had claimed goes out within the test.
    let settings = [
        ("ESSAIM_MAIL__SMTP_URL", smtp.as_str()),
        ("ESSAIM_MAIL__MAILING_PER_SECOND", "60"),
        ("ESSAIM_MAIL__BATCH", "20"),
        ("ESSAIM_MAIL__CLAIM_LEASE_SECS", "2"),
    ];
    let start = || crate::crash::start_server_with(&app.database_url, mail_dir.path(), &settings);
    async fn until(sink: &Sink, n: usize, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while sink.accepted_count() < n {
            assert!(Instant::now() < deadline, "{what}: {} accepted", sink.accepted_count());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    let (mut server, _) = start();
    until(&sink, 60, "the first process sends").await;
    let status = std::process::Command::new("kill").args(["-TERM", &server.0.id().to_string()]).status().unwrap();
    assert!(status.success());
    server.0.wait().unwrap();
    let after_term = sink.accepted_count();
    assert!(after_term < 250, "stopped mid-way ({after_term} sent)");

    let (mut server, _) = start();
    until(&sink, after_term + 60, "the second process sends").await;
    let received = sink_received(&sink).await;
    let twice: Vec<_> = received.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "after a clean stop, nothing is sent twice: {twice:?}");
    server.0.kill().expect("SIGKILL");
    server.0.wait().unwrap();
    let after_kill = sink.accepted_count();
    assert!(after_kill < 300, "killed mid-way ({after_kill} sent)");

    let _server = start().0;
    let deadline = Instant::now() + Duration::from_secs(60);
    while sink_received(&sink).await.len() < 300 {
        assert!(Instant::now() < deadline, "every email delivered after the crash");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // What the killed process had sent but not recorded would come again after the lease.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let received = sink_received(&sink).await;
    let missing: Vec<_> = emails.iter().filter(|e| !received.contains_key(*e)).collect();
    assert!(missing.is_empty(), "emails never delivered: {missing:?}");
    // After a crash, delivery is at least once: an email in flight may come again, with the
    // same Message-ID for the receiving server to recognise, and no more than the two batches
    // the process could hold.
    let mut ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    for accepted in sink.accepted() {
        let text = accepted.text.unwrap_or_default();
        let message_id = text.lines().find(|l| l.starts_with("Message-ID:")).unwrap_or_default().to_string();
        for recipient in accepted.recipients {
            ids.entry(recipient).or_default().insert(message_id.clone());
        }
    }
    assert!(ids.values().all(|set| set.len() == 1), "one Message-ID per recipient");
    let repeated = received.values().filter(|n| **n > 1).count();
    assert!(repeated <= 40, "{repeated} emails sent again after the crash");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let stats = app.store.mailing(id).await.unwrap().unwrap();
        if (stats.sent, stats.waiting, stats.failed) == (300, 0, 0) {
            break;
        }
        assert!(Instant::now() < deadline, "the figures: {stats:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("{after_term} sent before SIGTERM, {after_kill} before SIGKILL, {repeated} sent again after the crash");
}
}
