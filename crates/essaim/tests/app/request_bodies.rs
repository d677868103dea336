//! Awkward request bodies on a raw socket: every one gets a whole HTTP answer, and the
//! connection is left clean (nothing unread, so no reset), ready for the next request. The app
//! is served on a port: what is checked is what happens on the connection.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpSocket;

use crate::support::{both_backends, TestApp};

const MB: usize = 1024 * 1024;

struct Answer {
    status: u16,
    headers: String,
    body: String,
}

/// A connection whose receive buffer is small, as on a slow link: an answer that the server
/// wrote but that has not left its machine yet is lost if the server resets the connection.
async fn connect(app: &TestApp) -> (OwnedReadHalf, OwnedWriteHalf) {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(1024).unwrap();
    let addr = app.base.trim_start_matches("http://").parse().unwrap();
    socket.connect(addr).await.unwrap().into_split()
}

/// Sends `head`, waits `pause`, then sends `body` (from another task, as a client that writes
/// its whole request before reading); reads one answer. The send must not fail either: a reset
/// while sending is how clients lose answers.
async fn exchange(
    reader: &mut OwnedReadHalf,
    mut writer: OwnedWriteHalf,
    head: String,
    body: Vec<u8>,
    pause: Duration,
) -> (Answer, OwnedWriteHalf) {
    let sending = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await?;
        tokio::time::sleep(pause).await;
        writer.write_all(&body).await?;
        Ok::<_, std::io::Error>(writer)
    });
    let answer = read_answer(reader).await;
    let writer = sending
        .await
        .unwrap()
        .expect("the whole request was sent, without a reset");
    (answer, writer)
}

async fn read_answer(reader: &mut OwnedReadHalf) -> Answer {
    let mut received = Vec::new();
    let mut buffer = [0u8; 8192];
    let end_of_head = loop {
        if let Some(at) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = reader
            .read(&mut buffer)
            .await
            .expect("no reset while reading the answer");
        assert!(
            n > 0,
            "connection closed without a response: {:?}",
            String::from_utf8_lossy(&received)
        );
        received.extend_from_slice(&buffer[..n]);
    };
    let headers = String::from_utf8_lossy(&received[..end_of_head]).to_lowercase();
    let length: usize = headers
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .expect("a Content-Length")
        .trim()
        .parse()
        .unwrap();
    while received.len() < end_of_head + length {
        let n = reader
            .read(&mut buffer)
            .await
            .expect("no reset while reading the answer");
        assert!(n > 0, "connection closed in the middle of the answer");
        received.extend_from_slice(&buffer[..n]);
    }
    Answer {
        status: headers[9..12].parse().unwrap(),
        body: String::from_utf8_lossy(&received[end_of_head..end_of_head + length]).into_owned(),
        headers,
    }
}

fn post(path: &str, content_type: &str, length: usize) -> String {
    format!("POST {path} HTTP/1.1\r\nHost: essaim\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n")
}

/// The same connection still answers: the previous request was read to its end.
async fn still_answers(reader: &mut OwnedReadHalf, mut writer: OwnedWriteHalf) {
    writer
        .write_all(b"GET /sante HTTP/1.1\r\nHost: essaim\r\n\r\n")
        .await
        .unwrap();
    let answer = read_answer(reader).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, "ok"));
}

both_backends! {
    async fn a_body_over_the_limit_gets_a_whole_413_page(backend: backend) {
        let Some(app) = TestApp::serve(backend).await else { return };
        // The sign-up form, a page for logged-in people (which used to answer before reading),
        // and an unknown path.
        for path in ["/signer", "/mon-espace", "/nulle-part"] {
            let (mut reader, writer) = connect(&app).await;
            let body = vec![b'x'; 3 * MB];
            let head = post(path, "application/x-www-form-urlencoded", body.len());
            let (answer, writer) = exchange(&mut reader, writer, head, body, Duration::ZERO).await;
            assert_eq!(answer.status, 413, "{path}");
            assert!(answer.body.contains("Envoi trop volumineux") && answer.body.contains("2 Mo"), "{path}: a French page");
            assert!(answer.headers.contains("content-security-policy"), "{path}: a page like the others");
            still_answers(&mut reader, writer).await;
        }
    }

    async fn a_body_that_is_not_a_form_gets_a_400_page(backend: backend) {
        let Some(app) = TestApp::serve(backend).await else { return };
        let (mut reader, writer) = connect(&app).await;
        let body = format!("{{\"a\":\"{}\"}}", "x".repeat(500_000)).into_bytes();
        let head = post("/signer", "application/json", body.len());
        // The body comes after the head, as it does over a real network.
        let (answer, writer) = exchange(&mut reader, writer, head, body, Duration::from_millis(20)).await;
        assert_eq!(answer.status, 400);
        assert!(answer.body.contains("Requête incorrecte") && answer.body.contains("formulaire n&#39;a pas pu être lu"), "{}", answer.body);
        still_answers(&mut reader, writer).await;
    }

    async fn a_page_that_answers_without_reading_still_waits_for_the_body(backend: backend) {
        let Some(app) = TestApp::serve(backend).await else { return };
        // Not logged in: the answer (to log in) does not depend on the body, which arrives late.
        let (mut reader, writer) = connect(&app).await;
        let body = b"first_name=Louise&last_name=Michel&postal_code=75018".repeat(2_000);
        let head = post("/mon-espace", "application/x-www-form-urlencoded", body.len());
        let (answer, writer) = exchange(&mut reader, writer, head, body, Duration::from_millis(20)).await;
        assert_eq!(answer.status, 303);
        assert!(answer.headers.contains("location: /connexion"));
        still_answers(&mut reader, writer).await;
    }

    async fn a_client_waiting_for_100_continue_is_told_413_before_sending(backend: backend) {
        let Some(app) = TestApp::serve(backend).await else { return };
        let (mut reader, mut writer) = connect(&app).await;
        let head = post("/signer", "application/x-www-form-urlencoded", 3 * MB).replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n");
        writer.write_all(head.as_bytes()).await.unwrap();
        let answer = read_answer(&mut reader).await;
        assert_eq!(answer.status, 413);
        assert!(answer.headers.contains("connection: close"));
    }

    async fn a_broken_body_gets_a_400_page(backend: backend) {
        let Some(app) = TestApp::serve(backend).await else { return };
        let (mut reader, mut writer) = connect(&app).await;
        let head = "POST /signer HTTP/1.1\r\nHost: essaim\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n";
        writer.write_all(format!("{head}zz\r\nabc\r\n0\r\n\r\n").as_bytes()).await.unwrap();
        let answer = read_answer(&mut reader).await;
        assert_eq!(answer.status, 400);
        assert!(answer.body.contains("incomplète ou mal formée"));
    }
}
