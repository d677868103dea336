//! Opening one SMTP connection to the relay, ready to send: TCP with TCP_NODELAY, TLS as the
//! URL says, authentication.
//!
//! Why our own socket: lettre (0.11.23) writes a message's body and its final `\r\n.\r\n` in
//! two writes. With Nagle's algorithm on, the kernel holds the second one until the relay
//! acknowledges the first, and the relay delays that acknowledgement by ~40 ms: every email
//! cost 45 ms, 22 a second per connection. lettre's own connections do not set TCP_NODELAY
//! (fixed upstream in lettre PR #1159, not yet released), but it accepts a stream we opened.

use std::time::Duration;

use lettre::transport::smtp::authentication::Mechanism;
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use tokio::net::TcpStream;

use super::implicit_tls::ImplicitTls;
use super::target::{Security, SmtpTarget};

/// Opens a connection within `timeout` (connection, greeting, TLS and authentication).
pub async fn open(target: &SmtpTarget, timeout: Duration) -> Result<AsyncSmtpConnection, String> {
    tokio::time::timeout(timeout, open_unbounded(target))
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "le relais SMTP {}:{} n'a pas répondu à temps",
                target.host, target.port
            ))
        })
}

async fn open_unbounded(target: &SmtpTarget) -> Result<AsyncSmtpConnection, String> {
    let tcp = TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|e| {
            format!(
                "connexion au relais SMTP {}:{} impossible : {e}",
                target.host, target.port
            )
        })?;
    tcp.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut connection = match target.security {
        Security::Implicit => {
            let tls = ImplicitTls::handshake(tcp, &target.host)
                .await
                .map_err(|e| format!("TLS avec le relais SMTP impossible : {e}"))?;
            AsyncSmtpConnection::connect_with_transport(Box::new(tls), &target.hello).await
        }
        _ => AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &target.hello).await,
    }
    .map_err(|e| format!("le relais SMTP refuse la connexion : {e}"))?;
    let starttls = match target.security {
        Security::StartTlsRequired => true,
        Security::StartTlsIfOffered => connection.can_starttls(),
        Security::Plain | Security::Implicit => false,
    };
    if starttls {
        let parameters = TlsParameters::new(target.host.clone()).map_err(|e| e.to_string())?;
        connection
            .starttls(parameters, &target.hello)
            .await
            .map_err(|e| format!("STARTTLS avec le relais SMTP impossible : {e}"))?;
    }
    if let Some(credentials) = &target.credentials {
        connection
            .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
            .await
            .map_err(|e| format!("authentification SMTP refusée : {e}"))?;
    }
    Ok(connection)
}
