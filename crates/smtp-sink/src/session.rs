//! One client connection: the SMTP conversation, line by line. Commands may arrive pipelined
//! (several in one packet): each is answered in order, as RFC 2920 requires.

use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;

use crate::Shared;

/// Longest line we take (RFC 5321 says 1000 with CRLF; be lenient, never unbounded).
const MAX_LINE: usize = 64 * 1024;

#[derive(Default)]
struct Transaction {
    from: Option<String>,
    recipients: Vec<String>,
}

pub(crate) async fn serve(socket: TcpStream, shared: Arc<Shared>) {
    let (read, write) = socket.into_split();
    let mut lines = BufReader::new(read);
    let mut out = BufWriter::new(write);
    if reply(&mut out, "220 essaim-smtp-sink ESMTP ready\r\n")
        .await
        .is_err()
    {
        return;
    }
    let mut transaction = Transaction::default();
    loop {
        let Some(line) = next_line(&mut lines).await else {
            return;
        };
        let command = line.as_str();
        let verb = command.split(' ').next().unwrap_or("").to_ascii_uppercase();
        let answer: &str = match verb.as_str() {
            "EHLO" => "250-essaim-smtp-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n",
            "HELO" => "250 essaim-smtp-sink\r\n",
            "MAIL" => {
                transaction = Transaction {
                    from: Some(address_in(command)),
                    recipients: Vec::new(),
                };
                "250 2.1.0 OK\r\n"
            }
            "RCPT" if transaction.from.is_none() => "503 5.5.1 MAIL first\r\n",
            "RCPT" => {
                let recipient = address_in(command);
                if shared.knows(&recipient) {
                    transaction.recipients.push(recipient);
                    "250 2.1.5 OK\r\n"
                } else {
                    "550 5.1.1 No such user here\r\n"
                }
            }
            "DATA" if transaction.recipients.is_empty() => "503 5.5.1 RCPT first\r\n",
            "DATA" => {
                if reply(&mut out, "354 End data with <CR><LF>.<CR><LF>\r\n").await.is_err() {
                    return;
                }
                let Some(text) = read_data(&mut lines, shared.keeps_text()).await else {
                    return;
                };
                let recipients = std::mem::take(&mut transaction).recipients;
                if !shared.delay().is_zero() {
                    tokio::time::sleep(shared.delay()).await;
                }
                shared.take(recipients, text).unwrap_or("250 2.0.0 OK queued\r\n")
            }
            "RSET" => {
                transaction = Transaction::default();
                "250 2.0.0 OK\r\n"
            }
            "NOOP" => "250 2.0.0 OK\r\n",
            "QUIT" => {
                let _ = reply(&mut out, "221 2.0.0 Bye\r\n").await;
                return;
            }
            _ => "502 5.5.2 Command not recognized\r\n",
        };
        // Pipelined commands already read are answered together, in one write.
        if lines.buffer().is_empty() {
            if reply(&mut out, answer).await.is_err() {
                return;
            }
        } else if out.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// The next line without its CRLF (bytes that are not UTF-8 are replaced, never refused);
/// None when the client is gone or sends a line longer than we take.
async fn next_line(lines: &mut BufReader<OwnedReadHalf>) -> Option<String> {
    let mut bytes = Vec::new();
    append_line(lines, &mut bytes).await?;
    let text = String::from_utf8_lossy(&bytes);
    Some(text.trim_end_matches(['\r', '\n']).to_string())
}

/// Appends the next line, CRLF included, to `buffer`; None when the client is gone or sends a
/// line longer than we take.
async fn append_line(lines: &mut BufReader<OwnedReadHalf>, buffer: &mut Vec<u8>) -> Option<()> {
    let n = (&mut *lines)
        .take(MAX_LINE as u64)
        .read_until(b'\n', buffer)
        .await
        .ok()?;
    (n > 0 && buffer.ends_with(b"\n")).then_some(())
}

async fn reply(out: &mut BufWriter<OwnedWriteHalf>, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes()).await?;
    out.flush().await
}

/// The message up to the line with a single dot, with leading dots unstuffed. Read as bytes
/// into one buffer (no allocation per line): the sink shares the machine with the server it
/// measures, and should cost it as little as possible.
async fn read_data(lines: &mut BufReader<OwnedReadHalf>, keep: bool) -> Option<String> {
    let mut message = Vec::with_capacity(8192);
    loop {
        let start = message.len();
        append_line(lines, &mut message).await?;
        let line = &message[start..];
        if line == b".\r\n" || line == b".\n" {
            message.truncate(start);
            break;
        }
        if !keep {
            message.truncate(start);
        } else if line.starts_with(b".") {
            message.remove(start);
        }
    }
    Some(if keep {
        String::from_utf8_lossy(&message).replace("\r\n", "\n")
    } else {
        String::new()
    })
}

/// `MAIL FROM:<a@b.fr> BODY=8BITMIME` → `a@b.fr`.
fn address_in(command: &str) -> String {
    command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(address, _)| address.to_string())
        .unwrap_or_default()
}
