//! The relay named by `mail.smtp_url`, read the way lettre reads its connection URLs, so that an
//! URL that worked with lettre's own transport means the same here:
//! `smtp://host` (port 25, no TLS), `smtp://host?tls=required` or `?tls=opportunistic`
//! (port 587, STARTTLS), `smtps://host` (port 465, TLS from the first byte); `user:password@`
//! for authentication, a path for the name we give in EHLO.

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::extension::ClientId;
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Clear text (a relay on the same machine or private network).
    Plain,
    /// STARTTLS when the relay offers it.
    StartTlsIfOffered,
    /// STARTTLS or no delivery.
    StartTlsRequired,
    /// TLS from the first byte (`smtps://`).
    Implicit,
}

#[derive(Clone)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub credentials: Option<Credentials>,
    pub hello: ClientId,
}

impl std::fmt::Debug for SmtpTarget {
    // Never the password, not even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpTarget")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("authenticated", &self.credentials.is_some())
            .finish()
    }
}

impl SmtpTarget {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let url = Url::parse(raw).map_err(|e| format!("URL SMTP invalide : {e}"))?;
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("URL SMTP sans nom d'hôte")?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let tls = url
            .query_pairs()
            .find(|(key, _)| key == "tls")
            .map(|(_, value)| value.into_owned());
        let (security, default_port) = match (url.scheme(), tls.as_deref()) {
            ("smtp", None) => (Security::Plain, 25),
            ("smtp", Some("required")) => (Security::StartTlsRequired, 587),
            ("smtp", Some("opportunistic")) => (Security::StartTlsIfOffered, 587),
            ("smtps", _) => (Security::Implicit, 465),
            (scheme, tls) => {
                return Err(format!(
                    "URL SMTP : schéma « {scheme} » ou tls={} inconnu (smtp://, smtp://…?tls=required, smtps://)",
                    tls.unwrap_or("")
                ))
            }
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        };
        let credentials = url
            .password()
            .map(|password| Credentials::new(decode(url.username()), decode(password)));
        let path = url.path().trim_matches('/');
        let hello = if path.is_empty() {
            ClientId::default()
        } else {
            ClientId::Domain(path.to_string())
        };
        Ok(Self {
            port: url.port().unwrap_or(default_port),
            host,
            security,
            credentials,
            hello,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ports_and_security_as_lettre_does() {
        let plain = SmtpTarget::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(
            (plain.host.as_str(), plain.port, plain.security),
            ("127.0.0.1", 2525, Security::Plain)
        );
        assert_eq!(SmtpTarget::parse("smtp://relais.fr").unwrap().port, 25);
        let starttls = SmtpTarget::parse("smtp://relais.fr?tls=required").unwrap();
        assert_eq!(
            (starttls.port, starttls.security),
            (587, Security::StartTlsRequired)
        );
        let maybe = SmtpTarget::parse("smtp://relais.fr:2587?tls=opportunistic").unwrap();
        assert_eq!(
            (maybe.port, maybe.security),
            (2587, Security::StartTlsIfOffered)
        );
        let implicit = SmtpTarget::parse("smtps://relais.fr").unwrap();
        assert_eq!(
            (implicit.port, implicit.security),
            (465, Security::Implicit)
        );
    }

    #[test]
    fn takes_credentials_and_hides_the_password() {
        let target =
            SmtpTarget::parse("smtps://essaim:mot%20de%2Fpasse@relais.fr/essaim.fr").unwrap();
        assert!(target.credentials.is_some());
        assert_eq!(target.hello, ClientId::Domain("essaim.fr".into()));
        let shown = format!("{target:?}");
        assert!(!shown.contains("passe"), "{shown}");
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(SmtpTarget::parse("http://relais.fr").is_err());
        assert!(SmtpTarget::parse("smtp://relais.fr?tls=sometimes").is_err());
        assert!(SmtpTarget::parse("pas une url").is_err());
    }
}
