//! The one way a state-changing handler receives a posted form: `CsrfForm` reads the body and
//! checks its `csrf` field against the visitor's token (see csrf.rs) before the handler runs.
//! The handler cannot reach the fields without saying what an expired or forged token means
//! for it: refuse (`fresh_or`), or show the form again with the person's input (`open`).
//! The test `every_post_route_refuses_a_missing_or_wrong_token` walks the router to hold
//! every POST route to it.

use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, RawForm, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::posted_form::{unreadable_form, Pairs};

/// What the form's token turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    /// Missing, from another session (it expired at login), or forged.
    Expired,
}

impl Freshness {
    pub fn is_fresh(self) -> bool {
        self == Self::Fresh
    }

    pub fn is_expired(self) -> bool {
        self == Self::Expired
    }

    fn of(ours: Option<&CsrfToken>, submitted: &str) -> Self {
        match ours {
            Some(ours) if ours.matches(submitted) => Self::Fresh,
            _ => Self::Expired,
        }
    }
}

/// A posted form (`T`: a `Deserialize` struct, `Pairs`, or an `Upload`) whose token was
/// checked. Its fields are private: the handler gets the form only through the methods below.
pub struct CsrfForm<T> {
    form: T,
    token: Freshness,
}

impl<T> CsrfForm<T> {
    /// The form if its token is fresh; `refusal` otherwise.
    pub fn fresh_or<E>(self, refusal: E) -> Result<T, E> {
        match self.token {
            Freshness::Fresh => Ok(self.form),
            Freshness::Expired => Err(refusal),
        }
    }

    /// The form whatever its token, for a handler that shows it again, input kept, when the
    /// token expired (nothing a person typed is lost), and then stores nothing.
    pub fn open(self) -> (T, Freshness) {
        (self.form, self.token)
    }
}

/// The form of a button that posts nothing but its token.
#[derive(Deserialize)]
pub struct NoFields {}

/// The token the middleware gave this request (csrf.rs), taken before the body is read.
fn ours(request: &Request) -> Option<CsrfToken> {
    request.extensions().get::<CsrfToken>().cloned()
}

/// The body of a url-encoded form, read as axum's `Form` reads it.
async fn form_body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, AppError> {
    match RawForm::from_request(request, state).await {
        Ok(RawForm(bytes)) => Ok(bytes),
        Err(_) => Err(unreadable_form()),
    }
}

/// The token of a form read into a struct. Read by serde like the struct itself, so that a
/// duplicated `csrf` field makes the form unreadable, as when each struct had the field.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Submitted {
    csrf: String,
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ours = ours(&request);
        let bytes = form_body(request, state).await?;
        let read = |bytes: &[u8]| -> Result<(T, Submitted), serde_urlencoded::de::Error> {
            Ok((
                serde_urlencoded::from_bytes(bytes)?,
                serde_urlencoded::from_bytes(bytes)?,
            ))
        };
        let (form, submitted) = read(&bytes).map_err(|_| unreadable_form())?;
        Ok(Self {
            token: Freshness::of(ours.as_ref(), &submitted.csrf),
            form,
        })
    }
}

/// Checkbox lists repeat their name: such forms are read as pairs, the token being the last
/// `csrf` given, as any other field of `Pairs`.
impl<S: Send + Sync> FromRequest<S> for CsrfForm<Pairs> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ours = ours(&request);
        let bytes = form_body(request, state).await?;
        let pairs = Pairs(serde_urlencoded::from_bytes(&bytes).map_err(|_| unreadable_form())?);
        Ok(Self {
            token: Freshness::of(ours.as_ref(), &pairs.one("csrf")),
            form: pairs,
        })
    }
}

/// The parts of a multipart form (a file and its fields), each name with its last value. A
/// body that breaks off midway is kept as its error, for the handler to answer with once it
/// has checked who is asking.
pub struct Upload(Result<Vec<(String, Bytes)>, AppError>);

impl Upload {
    pub fn parts(self) -> Result<Vec<(String, Bytes)>, AppError> {
        self.0
    }
}

/// A request that is not multipart at all gets axum's own answer, as it did before.
impl<S: Send + Sync> FromRequest<S> for CsrfForm<Upload> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ours = ours(&request);
        let multipart = Multipart::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let parts = read_parts(multipart).await.map_err(|_| {
            AppError::BadRequest(
                "Le fichier n'a pas pu être lu. Revenez à la page précédente et réessayez.",
            )
        });
        let submitted = parts.as_ref().ok().and_then(|parts| {
            parts
                .iter()
                .rev()
                .find(|(name, _)| name == "csrf")
                .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        });
        Ok(Self {
            token: Freshness::of(ours.as_ref(), &submitted.unwrap_or_default()),
            form: Upload(parts),
        })
    }
}

async fn read_parts(mut multipart: Multipart) -> Result<Vec<(String, Bytes)>, MultipartError> {
    let mut parts = Vec::new();
    while let Some(part) = multipart.next_field().await? {
        let name = part.name().unwrap_or_default().to_string();
        parts.push((name, part.bytes().await?));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::header::CONTENT_TYPE;

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Post {
        name: String,
    }

    fn posted(body: &str, content_type: &str) -> Request {
        let mut request = Request::post("/")
            .header(CONTENT_TYPE, content_type)
            .body(Body::from(body.to_string()))
            .unwrap();
        request
            .extensions_mut()
            .insert(CsrfToken("a.b".to_string()));
        request
    }

    async fn read<T>(body: &str) -> Result<CsrfForm<T>, AppError>
    where
        CsrfForm<T>: FromRequest<(), Rejection = AppError>,
    {
        CsrfForm::<T>::from_request(posted(body, "application/x-www-form-urlencoded"), &()).await
    }

    #[tokio::test]
    async fn a_form_is_fresh_only_with_this_visitors_token() {
        let (post, token) = read::<Post>("csrf=a.b&name=Louise")
            .await
            .ok()
            .unwrap()
            .open();
        assert_eq!((post.name.as_str(), token), ("Louise", Freshness::Fresh));
        for body in ["name=Louise", "csrf=&name=Louise", "csrf=c.d&name=Louise"] {
            let (post, token) = read::<Post>(body).await.ok().unwrap().open();
            assert_eq!((post.name.as_str(), token), ("Louise", Freshness::Expired));
        }
        let refused = read::<Post>("csrf=c.d")
            .await
            .ok()
            .unwrap()
            .fresh_or("refusé");
        assert_eq!(refused.err(), Some("refusé"));
    }

    #[tokio::test]
    async fn a_duplicated_token_is_unreadable_in_a_struct_and_the_last_one_in_pairs() {
        assert!(read::<Post>("csrf=a.b&csrf=a.b").await.is_err());
        let (pairs, token) = read::<Pairs>("csrf=c.d&csrf=a.b&skills=x&skills=y")
            .await
            .ok()
            .unwrap()
            .open();
        assert_eq!((pairs.all("skills").len(), token), (2, Freshness::Fresh));
    }

    #[tokio::test]
    async fn a_body_that_is_not_a_form_is_unreadable() {
        let request = posted("csrf=a.b", "text/plain");
        assert!(CsrfForm::<Post>::from_request(request, &()).await.is_err());
    }

    #[tokio::test]
    async fn an_upload_carries_its_token_and_its_parts() {
        let body = "--X\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\na.b\r\n--X\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"a.csv\"\r\n\r\nprenom;nom\r\n--X--\r\n";
        let request = posted(body, "multipart/form-data; boundary=X");
        let (upload, token) = CsrfForm::<Upload>::from_request(request, &())
            .await
            .ok()
            .unwrap()
            .open();
        assert_eq!(token, Freshness::Fresh);
        let parts = upload.parts().ok().unwrap();
        assert_eq!(parts[1].0, "fichier");
        assert_eq!(&parts[1].1[..], b"prenom;nom");
    }
}
