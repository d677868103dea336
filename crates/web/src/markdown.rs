//! Markdown written by staff (action recipes) turned into HTML that is safe to put in a page:
//! raw HTML is shown as text, never interpreted, and links or images may only lead to web
//! pages, email addresses or paths of this site — a `javascript:` link becomes "#".

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

pub fn to_html(markdown: &str) -> String {
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    )
    .map(|event| match event {
        // An HTML block would otherwise be written out with no paragraph around it.
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_destination(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_destination(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The destination if it is http:, https:, mailto: or has no scheme (relative), else "#".
fn safe_destination(url: CowStr<'_>) -> CowStr<'_> {
    // Browsers ignore tabs and line breaks inside URLs ("java\tscript:"): refuse any control
    // character rather than try to read the URL as a browser would.
    if url.chars().any(|c| c.is_control()) {
        return "#".into();
    }
    let trimmed = url.trim_start();
    let scheme = trimmed
        .split_once(':')
        .map(|(before, _)| before)
        .filter(|before| {
            before.starts_with(|c: char| c.is_ascii_alphabetic())
                && before
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
    match scheme {
        None => url,
        Some(scheme)
            if ["http", "https", "mailto"]
                .iter()
                .any(|allowed| scheme.eq_ignore_ascii_case(allowed)) =>
        {
            url
        }
        Some(_) => "#".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn markdown_becomes_html() {
        let html = to_html("# Étapes\n\n1. Prendre des *tracts*\n2. Aller au [marché](/groupes)\n");
        assert!(html.contains("<h1>Étapes</h1>"));
        assert!(html.contains("<li>Prendre des <em>tracts</em></li>"));
        assert!(html.contains("<a href=\"/groupes\">marché</a>"));
    }

    #[test]
    fn markdown_raw_html_is_shown_as_text() {
        for source in [
            "<script>alert(1)</script>",
            "Texte <script>alert(1)</script> en ligne",
            "<div>\n<script>alert(1)</script>\n</div>",
            "<img src=x onerror=alert(1)>",
            "a <b onclick=\"alert(1)\">gras</b>",
        ] {
            let html = to_html(source);
            assert!(!html.contains("<script"), "{source} → {html}");
            assert!(!html.contains("<img"), "{source} → {html}");
            assert!(!html.contains("<b "), "{source} → {html}");
            assert!(html.contains("&lt;"), "{source} → {html}");
        }
    }

    #[test]
    fn markdown_javascript_links_are_neutralised() {
        for source in [
            "[clic](javascript:alert(1))",
            "[clic](JavaScript:alert(1))",
            "[clic](java&#9;script:alert(1))",
            "[clic](  javascript:alert(1))",
            "[clic](javascript&#58;alert(1))",
            "<javascript:alert(1)>",
            "![image](data:text/html;base64,PHNjcmlwdD4=)",
            "[clic][ref]\n\n[ref]: vbscript:msgbox(1)",
        ] {
            let html = to_html(source);
            let destinations = destinations_in(&html);
            assert!(!destinations.is_empty(), "{source} → {html}");
            assert!(destinations.iter().all(|d| d == "#"), "{source} → {html}");
        }
    }

    /// The values of every href and src attribute.
    fn destinations_in(html: &str) -> Vec<String> {
        ["href=\"", "src=\""]
            .iter()
            .flat_map(|attribute| html.split(attribute).skip(1))
            .map(|rest| rest.split('"').next().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn markdown_keeps_web_mail_and_relative_links() {
        let html = to_html(
            "[a](https://exemple.fr/x?y=1) [b](http://exemple.fr) [c](mailto:contact@exemple.fr) \
             [d](/agir) [e](page#ancre) <contact@exemple.fr>",
        );
        for href in [
            "https://exemple.fr/x?y=1",
            "http://exemple.fr",
            "mailto:contact@exemple.fr",
            "/agir",
            "page#ancre",
        ] {
            assert!(
                html.contains(&format!("href=\"{href}\"")),
                "{href} in {html}"
            );
        }
    }
}
