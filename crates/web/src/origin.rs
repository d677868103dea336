//! Origins (`scheme://host[:port]`) of URLs: the map tile server allowed by the security policy.

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
}
