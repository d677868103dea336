//! Origins (`scheme://host[:port]`) of URLs: the map tile server allowed by the security policy,
//! and telling whether a request was sent by a page of another site.

use axum::http::header::ORIGIN;
use axum::http::HeaderMap;

/// The origin of an absolute http(s) URL, lower-cased and without its default port; `None` for
/// a relative URL or another scheme.
pub fn of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() {
        return None;
    }
    let host = host.to_ascii_lowercase();
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    Some(format!("{scheme}://{host}"))
}

/// Whether the browser says this request comes from a page of another site: an `Origin` that
/// is not ours (`null` included), or `Sec-Fetch-Site: cross-site`. A request that says
/// neither (a script, an old browser) is not taken for a cross-site one.
pub fn is_cross_site(headers: &HeaderMap, our_origin: &str) -> bool {
    let foreign_origin = headers
        .get(ORIGIN)
        .is_some_and(|value| value.to_str().ok().and_then(of).as_deref() != Some(our_origin));
    let cross_site_fetch = headers
        .get("sec-fetch-site")
        .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"cross-site"));
    foreign_origin || cross_site_fetch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_scheme_host_and_port_without_the_default_port() {
        assert_eq!(
            of("https://Essaim.fr/a/b?c").as_deref(),
            Some("https://essaim.fr")
        );
        assert_eq!(
            of("https://essaim.fr:443").as_deref(),
            Some("https://essaim.fr")
        );
        assert_eq!(
            of("http://127.0.0.1:8080/").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(of("http://host:8080").as_deref(), Some("http://host:8080"));
        assert_eq!(of("http://moi@host:80/x").as_deref(), Some("http://host"));
        assert_eq!(of("/tuiles/{z}/{x}/{y}.png"), None);
        assert_eq!(of("null"), None);
        assert_eq!(of("ftp://host"), None);
        assert_eq!(of("https://"), None);
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.parse().unwrap(), value.parse().unwrap()))
            .collect()
    }

    #[test]
    fn a_request_is_cross_site_when_the_browser_says_so() {
        let ours = "https://essaim.fr";
        assert!(!is_cross_site(&headers(&[]), ours));
        assert!(!is_cross_site(
            &headers(&[("origin", "https://essaim.fr")]),
            ours
        ));
        assert!(!is_cross_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            ours
        ));
        assert!(!is_cross_site(
            &headers(&[("sec-fetch-site", "none")]),
            ours
        ));
        assert!(is_cross_site(
            &headers(&[("origin", "https://evil.example")]),
            ours
        ));
        assert!(is_cross_site(&headers(&[("origin", "null")]), ours));
        assert!(is_cross_site(
            &headers(&[("origin", "http://essaim.fr")]),
            ours
        ));
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            ours
        ));
    }
}
