//! The common case of a batch, written with a handful of multi-row statements instead of
//! several statements per signer: first-time signers. Everything else (repeats, an email
//! appearing twice in the batch, a conflict with another instance) is handed back to the
//! one-by-one path.

use std::collections::{HashMap, HashSet};

use essaim_domain::signature::{NewSignature, ReferralCode};
use sqlx::AnyConnection;

use crate::outbox::EmailKind;
use crate::placeholders::placeholders;
use crate::StoreError;

#[derive(sqlx::FromRow)]
struct PersonByEmail {
    id: i64,
    email_norm: String,
}

#[derive(sqlx::FromRow)]
struct PersonByCode {
    id: i64,
    referral_code: String,
}

/// Inserts the batch's first-time signers; returns the signatures left for the one-by-one path.
pub(super) async fn insert_new_signers<'a>(
    conn: &mut AnyConnection,
    signatures: &[&'a NewSignature],
    now: i64,
) -> Result<Vec<&'a NewSignature>, StoreError> {
    if signatures.is_empty() {
        return Ok(Vec::new());
    }
    let emails: Vec<&str> = signatures.iter().map(|s| s.email.normalized()).collect();
    let known: HashSet<String> = fetch_column(
        conn,
        "SELECT email_norm FROM people WHERE email_norm IN",
        &emails,
    )
    .await?
    .into_iter()
    .collect();
    let mut seen = HashSet::new();
    let (new, mut leftovers): (Vec<&NewSignature>, Vec<&NewSignature>) = signatures
        .iter()
        .partition(|s| !known.contains(s.email.normalized()) && seen.insert(s.email.normalized()));
    if new.is_empty() {
        return Ok(leftovers);
    }

    let codes: Vec<&str> = new
        .iter()
        .filter_map(|s| s.referral.as_ref().map(|c| c.as_str()))
        .collect();
    let referrers = referrer_ids(conn, &codes).await?;

    // People: ON CONFLICT DO NOTHING leaves out anyone another instance inserted meanwhile, or
    // whose drawn referral code was taken; they go to the one-by-one path.
    let drawn: Vec<String> = {
        let mut rng = rand::thread_rng();
        new.iter()
            .map(|_| ReferralCode::generate(&mut rng).as_str().to_string())
            .collect()
    };
    let rows: Vec<String> = (0..new.len())
        .map(|i| format!("({})", placeholders(i * 10 + 1, 10)))
        .collect();
    let sql = format!(
        "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, phone, \
         news_optin, referral_code, created_at) VALUES {} ON CONFLICT DO NOTHING RETURNING id, email_norm",
        rows.join(", ")
    );
    let mut query = sqlx::query_as::<_, PersonByEmail>(&sql);
    for (s, code) in new.iter().zip(drawn) {
        query = query
            .bind(s.email.as_str())
            .bind(s.email.normalized())
            .bind(s.first_name.as_str())
            .bind(s.last_name.as_str())
            .bind(s.location.postal_code())
            .bind(s.location.country_code())
            .bind(s.phone.as_ref().map(|p| p.as_str()))
            .bind(i64::from(s.news_optin))
            .bind(code)
            .bind(now);
    }
    let ids: HashMap<String, i64> = query
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|person| (person.email_norm, person.id))
        .collect();
    let (inserted, conflicting): (Vec<&NewSignature>, Vec<&NewSignature>) = new
        .into_iter()
        .partition(|s| ids.contains_key(s.email.normalized()));
    leftovers.extend(conflicting);
    if inserted.is_empty() {
        return Ok(leftovers);
    }

    let rows: Vec<String> = (0..inserted.len())
        .map(|i| {
            format!(
                "(${}, 'pending', ${}, ${}, 1, ${})",
                i * 4 + 1,
                i * 4 + 2,
                i * 4 + 3,
                i * 4 + 4
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO signatures (person_id, status, departement, referrer_id, emails_sent, created_at) VALUES {}",
        rows.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for s in &inserted {
        let referrer = s
            .referral
            .as_ref()
            .and_then(|c| referrers.get(c.as_str()).copied());
        query = query
            .bind(ids[s.email.normalized()])
            .bind(s.location.departement())
            .bind(referrer)
            .bind(now);
    }
    query.execute(&mut *conn).await?;

    let rows: Vec<String> = (0..inserted.len())
        .map(|i| {
            format!(
                "(${}, '{}', ${}, ${})",
                i * 3 + 1,
                EmailKind::ConfirmSignature.as_str(),
                i * 3 + 2,
                i * 3 + 3
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO outbox (person_id, kind, next_attempt_at, created_at) VALUES {}",
        rows.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for s in &inserted {
        query = query.bind(ids[s.email.normalized()]).bind(now).bind(now);
    }
    query.execute(&mut *conn).await?;
    Ok(leftovers)
}

async fn referrer_ids(
    conn: &mut AnyConnection,
    codes: &[&str],
) -> Result<HashMap<String, i64>, StoreError> {
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT referral_code, id FROM people WHERE referral_code IN ({})",
        placeholders(1, codes.len())
    );
    let mut query = sqlx::query_as::<_, PersonByCode>(&sql);
    for code in codes {
        query = query.bind(*code);
    }
    Ok(query
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|person| (person.referral_code, person.id))
        .collect())
}

async fn fetch_column(
    conn: &mut AnyConnection,
    select_in: &str,
    values: &[&str],
) -> Result<Vec<String>, StoreError> {
    let sql = format!("{select_in} ({})", placeholders(1, values.len()));
    let mut query = sqlx::query_scalar::<_, String>(&sql);
    for value in values {
        query = query.bind(*value);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}
