//! Mailings from the back-office (`/admin/envois`, communication role): a segment built from
//! filters and counted as it is built, a Markdown message previewed and tried on oneself,
//! then sent or scheduled through the outbox; each mailing's figures; and the public page of
//! the one-click unsubscribe link every mailing carries (`/desinscription`).

mod compose;
mod form;
mod list;
mod unsubscribe;

use axum::routing::get;

use crate::routes::RouteTable;

pub fn routes() -> RouteTable {
    vec![
        (
            "/desinscription",
            get(unsubscribe::show).post(unsubscribe::confirm),
        ),
        ("/admin/envois", get(list::show)),
        (
            "/admin/envois/nouveau",
            get(compose::new_form).post(compose::submit),
        ),
        ("/admin/envois/compte", get(compose::count)),
        ("/admin/envois/{id}", get(list::detail)),
        (
            "/admin/envois/{id}/annuler",
            axum::routing::post(list::cancel),
        ),
    ]
}

/// "12/12/2026 20:30", in France.
fn when(unix_seconds: i64) -> String {
    essaim_domain::events::time::french_date_time(unix_seconds, "Europe/Paris")
}

/// Staff's Markdown as the HTML of an email: the site's sanitiser (raw HTML shown as text,
/// only web, mail and relative links), then the relative links made absolute, since an
/// email is read away from the site.
fn email_html(markdown: &str, base_url: &str) -> String {
    crate::markdown::to_html(markdown)
        .replace("href=\"/", &format!("href=\"{base_url}/"))
        .replace("src=\"/", &format!("src=\"{base_url}/"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn relative_links_become_absolute_and_html_stays_text() {
        let html = super::email_html(
            "Voir [l'agenda](/evenements) et <script>x</script>",
            "https://essaim.fr",
        );
        assert!(
            html.contains("href=\"https://essaim.fr/evenements\""),
            "{html}"
        );
        assert!(!html.contains("<script>"));
    }
}
