//! A visitor of the site: its own cookies, and the way to the app, which is either its router
//! called in memory (most tests: no socket, no server task) or its port over TCP (the tests
//! that need a real server). The requests and answers look the same either way, so that a test
//! reads the same whichever way it reaches the app.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HOST, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::Router;
use axum_extra::extract::cookie::Cookie;
use tower::ServiceExt;

/// Where a request goes.
#[derive(Clone)]
pub enum Route {
    Memory(Router),
    Tcp(reqwest::Client),
}

impl Route {
    /// Over TCP: a client that follows no redirect (the tests look at them) and keeps no
    /// cookie itself (the visitor does, the same way for both routes).
    pub fn tcp() -> Self {
        Self::Tcp(
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("HTTP client"),
        )
    }
}

/// The address the app sees a visitor in memory come from, as over the loopback.
const MEMORY_PEER: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 50_000);

/// Cookies by name: the app sets them all on `/` of its one host.
type Jar = Arc<Mutex<BTreeMap<String, StoredCookie>>>;

struct StoredCookie {
    value: String,
    /// Only sent over https.
    secure: bool,
}

/// A browser, as far as the tests need one. Clones share the cookies.
#[derive(Clone)]
pub struct Visitor {
    route: Route,
    /// `None`: keeps no cookie (a mail scanner, a first visit each time).
    cookies: Option<Jar>,
    /// Sent with every request (what a proxy adds).
    headers: HeaderMap,
}

impl Visitor {
    pub fn new(route: Route) -> Self {
        Self {
            route,
            cookies: Some(Jar::default()),
            headers: HeaderMap::new(),
        }
    }

    /// The same, keeping no cookie.
    pub fn without_cookies(self) -> Self {
        Self {
            cookies: None,
            ..self
        }
    }

    /// The same, sending `name: value` with every request.
    pub fn with_header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(value).expect("a header value"),
        );
        self
    }

    pub fn get(&self, url: impl AsRef<str>) -> RequestBuilder {
        self.request(Method::GET, url.as_ref())
    }

    pub fn post(&self, url: impl AsRef<str>) -> RequestBuilder {
        self.request(Method::POST, url.as_ref())
    }

    fn request(&self, method: Method, url: &str) -> RequestBuilder {
        RequestBuilder {
            visitor: self.clone(),
            method,
            url: url.to_string(),
            headers: self.headers.clone(),
            body: Vec::new(),
        }
    }

    fn cookie_header(&self, url: &str) -> Option<HeaderValue> {
        let jar = self.cookies.as_ref()?.lock().unwrap();
        let https = url.starts_with("https://");
        let pairs: Vec<String> = jar
            .iter()
            .filter(|(_, cookie)| https || !cookie.secure)
            .map(|(name, cookie)| format!("{name}={}", cookie.value))
            .collect();
        (!pairs.is_empty()).then(|| HeaderValue::from_str(&pairs.join("; ")).unwrap())
    }

    fn keep_cookies(&self, headers: &HeaderMap) {
        let Some(jar) = &self.cookies else { return };
        let mut jar = jar.lock().unwrap();
        for value in headers.get_all(SET_COOKIE) {
            let Ok(cookie) = Cookie::parse(value.to_str().unwrap_or_default().to_string()) else {
                continue;
            };
            let expired = cookie
                .max_age()
                .is_some_and(|age| age.is_zero() || age.is_negative())
                || cookie
                    .expires_datetime()
                    .is_some_and(|at| at <= time::OffsetDateTime::now_utc());
            if expired {
                jar.remove(cookie.name());
            } else {
                let stored = StoredCookie {
                    value: cookie.value().to_string(),
                    secure: cookie.secure().unwrap_or(false),
                };
                jar.insert(cookie.name().to_string(), stored);
            }
        }
    }
}

pub struct RequestBuilder {
    visitor: Visitor,
    method: Method,
    url: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl RequestBuilder {
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.append(
            HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            HeaderValue::from_str(value).expect("a header value"),
        );
        self
    }

    /// An urlencoded form, as a browser posts it.
    pub fn form<T: serde::Serialize + ?Sized>(mut self, fields: &T) -> Self {
        self.body = serde_urlencoded::to_string(fields)
            .expect("form fields")
            .into_bytes();
        self.headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        self
    }

    pub fn multipart(mut self, form: Multipart) -> Self {
        self.headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_str(&format!(
                "multipart/form-data; boundary={}",
                Multipart::BOUNDARY
            ))
            .unwrap(),
        );
        self.body = form.finish();
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    pub async fn send(self) -> Result<Response, reqwest::Error> {
        let Self {
            visitor,
            method,
            url,
            mut headers,
            body,
        } = self;
        if let Some(cookies) = visitor.cookie_header(&url) {
            headers.insert(COOKIE, cookies);
        }
        let response = match &visitor.route {
            Route::Memory(router) => in_memory(router, method, &url, headers, body).await,
            Route::Tcp(client) => {
                let response = client
                    .request(method, &url)
                    .headers(headers)
                    .body(body)
                    .send()
                    .await?;
                Response {
                    status: response.status(),
                    headers: response.headers().clone(),
                    body: response.bytes().await?,
                }
            }
        };
        visitor.keep_cookies(&response.headers);
        Ok(response)
    }
}

/// The request as hyper would hand it to the router, with the peer address that
/// `into_make_service_with_connect_info` adds.
async fn in_memory(
    router: &Router,
    method: Method,
    url: &str,
    headers: HeaderMap,
    body: Vec<u8>,
) -> Response {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (host, path) = match without_scheme.find('/') {
        Some(slash) => without_scheme.split_at(slash),
        None => (without_scheme, "/"),
    };
    let mut request = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header(HOST, host);
    if !body.is_empty() {
        request = request.header(CONTENT_LENGTH, body.len());
    }
    let body = if body.is_empty() {
        Body::empty()
    } else {
        Body::from(body)
    };
    let mut request = request.body(body).expect("a request");
    request.headers_mut().extend(headers);
    request.extensions_mut().insert(ConnectInfo(MEMORY_PEER));
    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("a router always answers");
    let (parts, body) = response.into_parts();
    Response {
        status: parts.status,
        headers: parts.headers,
        body: axum::body::to_bytes(body, usize::MAX)
            .await
            .expect("the whole answer"),
    }
}

/// An answer, read whole.
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Response {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub async fn text(self) -> Result<String, std::convert::Infallible> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    pub async fn bytes(self) -> Result<Bytes, std::convert::Infallible> {
        Ok(self.body)
    }

    pub async fn json<T: serde::de::DeserializeOwned>(self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// A `multipart/form-data` body: text fields and files.
#[derive(Default)]
pub struct Multipart {
    body: Vec<u8>,
}

impl Multipart {
    const BOUNDARY: &'static str = "essaim-test-boundary-5f1c9a";

    pub fn new() -> Self {
        Self::default()
    }

    pub fn text(self, name: &str, value: impl AsRef<str>) -> Self {
        let disposition = format!("form-data; name=\"{name}\"");
        self.part(&disposition, value.as_ref().as_bytes())
    }

    pub fn file(self, name: &str, file_name: &str, content: &[u8]) -> Self {
        let disposition = format!("form-data; name=\"{name}\"; filename=\"{file_name}\"");
        self.part(&disposition, content)
    }

    fn part(mut self, disposition: &str, content: &[u8]) -> Self {
        self.body.extend_from_slice(
            format!(
                "--{}\r\nContent-Disposition: {disposition}\r\n\r\n",
                Self::BOUNDARY
            )
            .as_bytes(),
        );
        self.body.extend_from_slice(content);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    fn finish(mut self) -> Vec<u8> {
        self.body
            .extend_from_slice(format!("--{}--\r\n", Self::BOUNDARY).as_bytes());
        self.body
    }
}
