//! Rendering templates into responses, and the page frame every template shares.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// What the shared layout shows around every page: navigation depends on who is looking.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub logged_in: bool,
    pub is_staff: bool,
    pub csrf: String,
}

impl Chrome {
    pub fn new(
        person: Option<&essaim_store::people::Person>,
        csrf: &crate::csrf::CsrfToken,
    ) -> Self {
        Self {
            logged_in: person.is_some(),
            is_staff: person.is_some_and(|p| p.is_staff),
            csrf: csrf.0.clone(),
        }
    }
}

tokio::task_local! {
    /// Whether this app's payments go to the built-in simulator, for the request being served:
    /// every page's frame then says so. Set around each request by `payment_mode` (a value of
    /// the app, not of the process: tests run apps of both kinds side by side).
    static TEST_PAYMENTS: bool;
}

/// Middleware: pages rendered while answering this request know the payment mode.
pub async fn payment_mode(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    TEST_PAYMENTS
        .scope(state.payments.is_simulator(), next.run(request))
        .await
}

pub fn test_payments() -> bool {
    TEST_PAYMENTS.try_with(|on| *on).unwrap_or(false)
}

pub fn page(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "Erreur d'affichage").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage<'a> {
    pub chrome: Chrome,
    pub title: &'a str,
    pub message: &'a str,
}

/// A page that only says something (errors, notices).
pub fn message_page(status: StatusCode, title: &str, message: &str) -> Response {
    page(
        status,
        &MessagePage {
            chrome: Chrome::default(),
            title,
            message,
        },
    )
}

/// For a form field with no error to show, in the field macros of `_fields.html`.
pub const NO_ERROR: Option<&str> = None;

/// Whether a list's option is the value kept in the form (what was typed or stored), for the
/// `select` field macro: codes are `&str` or `String`, compared with the kept value trimmed.
pub fn chosen(code: &str, kept: &str) -> bool {
    code == kept.trim()
}

/// The value typed in the field `name` of a form given back as (name, value) pairs, or "".
pub fn typed<'a>(values: &'a [(&'static str, String)], name: &str) -> &'a str {
    values
        .iter()
        .find(|(field, _)| *field == name)
        .map_or("", |(_, value)| value.as_str())
}

/// 12345 → "12 345", the French way (narrow no-break space between thousands).
pub fn format_count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// A file to download (an export, a calendar, a person's data): never cached, since most hold
/// personal data, and named as it will be saved.
pub fn download(
    content_type: &str,
    file_name: &str,
    body: impl Into<axum::body::Body>,
) -> Response {
    use axum::http::header;
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body.into(),
    )
        .into_response()
}

/// `samedi 12 décembre 2026 à 20 h 30`: the back-office's times (staff work from France).
pub fn paris_time(instant: i64) -> String {
    essaim_domain::events::time::french_date_time(instant, "Europe/Paris")
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::format_count(0), "0");
        assert_eq!(super::format_count(999), "999");
        assert_eq!(super::format_count(1234567), "1\u{202f}234\u{202f}567");
    }
}
