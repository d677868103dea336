//! Every request body is read in full before any handler runs. A handler, or an extractor's
//! rejection (not logged in, not a form, an unknown path), may answer without reading the body;
//! hyper then closes the connection with the client's bytes still unread, the kernel answers
//! them with a reset (RST), and the reset throws away whatever part of our answer had not left
//! yet: the client sees its connection closed without a response (bench/fuzz_posts.py shows it).
//! Over the limit, the rest of the body is read and thrown away, up to a cap, so that the 413
//! page reaches the client.

use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::header::{CONNECTION, CONTENT_LENGTH, EXPECT};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::error::AppError;

/// axum's own default limit for extractors, kept: our largest bodies are CSV imports.
const LIMIT: u64 = 2 * 1024 * 1024;
/// Beyond this, draining costs more than the connection is worth: we stop reading and close
/// (the client may then see a reset; it sent 16 times our limit).
const DRAIN_CAP: u64 = 32 * 1024 * 1024;
/// A body that stalls this long, or is still arriving after `DEADLINE` (a client trickling
/// bytes to hold the connection), is refused. 2 MB in two minutes is 140 kbit/s: a slow mobile
/// link still gets a CSV import through.
const STALL: Duration = Duration::from_secs(30);
const DEADLINE: Duration = Duration::from_secs(120);

pub async fn read_whole_body(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    if body.is_end_stream() {
        // GET and the like: nothing to read, nothing to wait for.
        return next.run(Request::from_parts(parts, body)).await;
    }
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let waits_for_us = parts
        .headers
        .get(EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    // A client that waits for "100 Continue" sends nothing if told 413 first; one announcing
    // more than the cap would not be drained anyway.
    if declared.is_some_and(|n| n > DRAIN_CAP || (waits_for_us && n > LIMIT)) {
        return closing(AppError::TooLarge);
    }
    match tokio::time::timeout(DEADLINE, read(body, STALL)).await {
        Ok(Ok(Read::Whole(bytes))) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Ok(Read::Drained)) => AppError::TooLarge.into_response(),
        Ok(Ok(Read::OverCap)) => closing(AppError::TooLarge),
        // A broken body (invalid chunked encoding, client gone before the end): the connection
        // cannot carry another request.
        Ok(Err(Broken::Body)) => closing(AppError::BadRequest(
            "La requête est arrivée incomplète ou mal formée. Revenez à la page précédente et réessayez.",
        )),
        Ok(Err(Broken::Stalled)) | Err(_) => closing(AppError::TooSlow),
    }
}

enum Read {
    Whole(Bytes),
    /// Over the limit, read to the end and thrown away.
    Drained,
    /// Over the cap: reading stopped.
    OverCap,
}

enum Broken {
    /// Not a valid body: bad chunked encoding, or the client left before its end.
    Body,
    Stalled,
}

/// Reads the body to its end, keeping it if within the limit; `stall` bounds each wait.
async fn read(body: Body, stall: Duration) -> Result<Read, Broken> {
    let mut stream = body.into_data_stream();
    let mut kept: Vec<Bytes> = Vec::new();
    let mut total: u64 = 0;
    loop {
        let Some(chunk) = tokio::time::timeout(stall, stream.next())
            .await
            .map_err(|_| Broken::Stalled)?
        else {
            break;
        };
        let chunk = chunk.map_err(|_| Broken::Body)?;
        total += chunk.len() as u64;
        if total > DRAIN_CAP {
            return Ok(Read::OverCap);
        }
        if total <= LIMIT {
            kept.push(chunk);
        } else {
            kept.clear();
        }
    }
    if total > LIMIT {
        return Ok(Read::Drained);
    }
    // A form of a few hundred bytes arrives in one piece: no copy then.
    Ok(Read::Whole(match kept.len() {
        1 => kept.remove(0),
        _ => kept.concat().into(),
    }))
}

/// The answer, and the connection closed after it.
fn closing(error: AppError) -> Response {
    let mut response = error.into_response();
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::stream;

    const MB: usize = 1024 * 1024;

    fn chunks(count: usize, size: usize) -> Body {
        let chunk = Bytes::from(vec![b'x'; size]);
        Body::from_stream(stream::iter(
            (0..count).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
        ))
    }

    async fn read_quickly(body: Body) -> Result<Read, Broken> {
        read(body, Duration::from_millis(200)).await
    }

    #[tokio::test]
    async fn a_body_within_the_limit_is_kept_whole() {
        let Ok(Read::Whole(bytes)) = read_quickly(Body::from("prenom=Louise")).await else {
            panic!("kept");
        };
        assert_eq!(&bytes[..], b"prenom=Louise");
        let Ok(Read::Whole(bytes)) = read_quickly(chunks(4, 1000)).await else {
            panic!("kept");
        };
        assert_eq!(bytes.len(), 4000);
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_read_to_its_end_then_refused() {
        assert!(matches!(
            read_quickly(chunks(3, MB)).await,
            Ok(Read::Drained)
        ));
        assert!(matches!(
            read_quickly(chunks(2, MB)).await,
            Ok(Read::Whole(_))
        ));
    }

    #[tokio::test]
    async fn reading_stops_at_the_cap() {
        assert!(matches!(
            read_quickly(chunks(40, MB)).await,
            Ok(Read::OverCap)
        ));
    }

    #[tokio::test]
    async fn a_body_that_stalls_is_given_up() {
        let stalled = Body::from_stream(stream::pending::<Result<Bytes, std::io::Error>>());
        assert!(matches!(read_quickly(stalled).await, Err(Broken::Stalled)));
    }
}
