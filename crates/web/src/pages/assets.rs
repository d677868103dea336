//! Our own stylesheet and scripts, compiled into the binary: nothing is loaded from elsewhere.
//! Pages link each file at an address that carries a hash of its content
//! (`/static/essaim.3f2a9c1b.css`), which browsers and proxies keep for a year: a deploy that
//! changes a file changes its address, so nobody is served a stale one. The plain address, and
//! the hashed address of an earlier content, still answer (briefly cached) for the pages that
//! browsers kept from before a deploy.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::routes::RouteTable;

/// At the address named after the content: that content, forever.
const FOREVER: &str = "public, max-age=31536000, immutable";
/// At any other address: whatever the content is today, checked again soon.
const BRIEFLY: &str = "public, max-age=300";

const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

pub struct Asset {
    /// The file's name, as in `static/` ("essaim.css").
    name: &'static str,
    /// Its plain address ("/static/essaim.css").
    path: &'static str,
    content_type: &'static str,
    body: &'static str,
    /// Its address with the hash of its content, worked out once.
    hashed: OnceLock<String>,
}

impl Asset {
    const fn new(
        name: &'static str,
        path: &'static str,
        content_type: &'static str,
        body: &'static str,
    ) -> Self {
        Self {
            name,
            path,
            content_type,
            body,
            hashed: OnceLock::new(),
        }
    }

    /// The address pages link to (`{{ crate::pages::assets::STYLESHEET.url() }}` in a
    /// template): the one that changes with the content.
    pub fn url(&'static self) -> &'static str {
        self.hashed
            .get_or_init(|| format!("/static/{}", fingerprinted(self.name, self.body.as_bytes())))
    }

    fn answer(&self, cache: &'static str) -> Response {
        (
            [
                (header::CONTENT_TYPE, self.content_type),
                (header::CACHE_CONTROL, cache),
            ],
            self.body,
        )
            .into_response()
    }

    /// Whether `file` is this file's name with a hash in it, today's or an earlier one's
    /// ("essaim.0a1b2c3d.css").
    fn is_hashed_name(&self, file: &str) -> bool {
        let (stem, extension) = self.name.rsplit_once('.').unwrap_or((self.name, ""));
        file.strip_prefix(stem)
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|rest| rest.strip_suffix(extension))
            .and_then(|rest| rest.strip_suffix('.'))
            .is_some_and(|hash| {
                hash.len() == HASH_LEN && hash.bytes().all(|b| b.is_ascii_hexdigit())
            })
    }
}

pub static STYLESHEET: Asset = Asset::new(
    "essaim.css",
    "/static/essaim.css",
    CSS,
    include_str!("../../static/essaim.css"),
);
pub static COUNTER_SCRIPT: Asset = Asset::new(
    "compteur.js",
    "/static/compteur.js",
    JS,
    include_str!("../../static/compteur.js"),
);
pub static MAP_SCRIPT: Asset = Asset::new(
    "carte.js",
    "/static/carte.js",
    JS,
    include_str!("../../static/carte.js"),
);
pub static POSITION_SCRIPT: Asset = Asset::new(
    "position.js",
    "/static/position.js",
    JS,
    include_str!("../../static/position.js"),
);

pub static SEGMENT_SCRIPT: Asset = Asset::new(
    "segment.js",
    "/static/segment.js",
    JS,
    include_str!("../../static/segment.js"),
);

static ALL: [&Asset; 5] = [
    &STYLESHEET,
    &COUNTER_SCRIPT,
    &MAP_SCRIPT,
    &POSITION_SCRIPT,
    &SEGMENT_SCRIPT,
];

/// Hex digits of the content's hash in the address: 32 bits tell a deploy's file from the
/// previous one's, which is all they are for.
const HASH_LEN: usize = 8;

/// "essaim.css" with content `body` → "essaim.<first 8 hex digits of its SHA-256>.css".
pub fn fingerprinted(name: &str, body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hash: String = digest
        .iter()
        .take(HASH_LEN / 2)
        .map(|b| format!("{b:02x}"))
        .collect();
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{hash}.{extension}"),
        None => format!("{name}.{hash}"),
    }
}

/// Each file at its hashed address (kept for a year) and at its plain one (kept briefly), and
/// the hashed addresses of earlier contents (kept briefly, they are not that content).
pub fn routes() -> RouteTable {
    let mut routes: RouteTable = Vec::new();
    for asset in ALL {
        routes.push((
            asset.url(),
            get(move || async move { asset.answer(FOREVER) }),
        ));
        routes.push((
            asset.path,
            get(move || async move { asset.answer(BRIEFLY) }),
        ));
    }
    routes.push(("/static/{file}", get(earlier)));
    routes
}

async fn earlier(Path(file): Path<String>) -> Result<Response, AppError> {
    ALL.iter()
        .find(|asset| asset.is_hashed_name(&file))
        .map(|asset| asset.answer(BRIEFLY))
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_changes_with_the_content() {
        let before = fingerprinted("essaim.css", b"body { color: black; }");
        let after = fingerprinted("essaim.css", b"body { color: navy; }");
        assert_ne!(before, after);
        assert_eq!(
            before,
            fingerprinted("essaim.css", b"body { color: black; }")
        );
        for name in [&before, &after] {
            assert!(STYLESHEET.is_hashed_name(name), "{name}");
        }
        assert!(!MAP_SCRIPT.is_hashed_name(&before));
    }

    #[test]
    fn a_hashed_name_keeps_the_name_and_its_extension() {
        // SHA-256 of "" begins e3b0c442.
        assert_eq!(fingerprinted("carte.js", b""), "carte.e3b0c442.js");
        assert_eq!(
            MAP_SCRIPT.url(),
            format!(
                "/static/{}",
                fingerprinted("carte.js", MAP_SCRIPT.body.as_bytes())
            )
        );
        for name in [
            "carte.js",
            "carte.e3b0c44.js",
            "carte.e3b0c44z.js",
            "carte.e3b0c442.css",
            "autre.e3b0c442.js",
        ] {
            assert!(!MAP_SCRIPT.is_hashed_name(name), "{name}");
        }
    }

    #[test]
    fn the_hashed_address_is_kept_for_a_year_the_others_briefly() {
        let cache = |response: Response| response.headers()[header::CACHE_CONTROL].clone();
        assert_eq!(
            cache(STYLESHEET.answer(FOREVER)),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache(STYLESHEET.answer(BRIEFLY)), "public, max-age=300");
        let table = routes();
        let paths: Vec<&str> = table.iter().map(|(path, _)| *path).collect();
        for asset in ALL {
            assert!(paths.contains(&asset.url()) && paths.contains(&asset.path));
        }
    }
}
