//! Reading the emails the app sent: delivered into memory (the app in memory), appended to the
//! mbox file (the app on a port), or received by the stand-in SMTP relay.

use std::path::Path;

use essaim_mail::Mailbag;

#[derive(Debug, Clone)]
pub struct Mail {
    pub raw: String,
    /// The whole message with quoted-printable undone.
    pub text: String,
}

impl Mail {
    /// A message as formatted for SMTP; line ends read as the mbox file writes them (LF).
    pub fn from_raw(raw: &str) -> Self {
        let raw = raw.replace("\r\n", "\n");
        Self {
            text: decode_quoted_printable(&raw),
            raw,
        }
    }

    fn is_to(&self, to: &str) -> bool {
        self.raw
            .lines()
            .any(|l| l.starts_with("To:") && l.contains(to))
    }

    /// The path and query of the first link to `{base}{prefix}…` in the message.
    pub fn link_path(&self, prefix: &str) -> String {
        let start = self
            .text
            .find(prefix)
            .unwrap_or_else(|| panic!("no link {prefix} in:\n{}", self.text));
        self.text[start..]
            .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
            .next()
            .unwrap()
            .to_string()
    }

    pub fn subject_is_about(&self, words: &str) -> bool {
        self.text.contains(words)
    }
}

/// Every email to `to` in the bag, oldest first.
pub fn in_bag(bag: &Mailbag, to: &str) -> Vec<Mail> {
    bag.messages()
        .iter()
        .map(|raw| Mail::from_raw(&String::from_utf8_lossy(raw)))
        .filter(|mail| mail.is_to(to))
        .collect()
}

/// Every email to `to`, oldest first, from the mbox file the offline mailer appends to.
pub fn in_mbox(dir: &Path, to: &str) -> Vec<Mail> {
    let Ok(mbox) = std::fs::read_to_string(dir.join(essaim_mail::mbox::FILE_NAME)) else {
        return Vec::new();
    };
    split_mbox(&mbox)
        .iter()
        .map(|raw| Mail::from_raw(raw))
        .filter(|mail| mail.is_to(to))
        .collect()
}

/// The messages of an mbox: each starts with a `From ` line; `>From ` lines are unquoted.
fn split_mbox(mbox: &str) -> Vec<String> {
    let mut messages: Vec<String> = Vec::new();
    for line in mbox.lines() {
        if line.starts_with("From ") {
            messages.push(String::new());
            continue;
        }
        let Some(message) = messages.last_mut() else {
            continue;
        };
        let quotes = line.len() - line.trim_start_matches('>').len();
        let line = if quotes > 0 && line[quotes..].starts_with("From ") {
            &line[1..]
        } else {
            line
        };
        message.push_str(line);
        message.push('\n');
    }
    // A message being appended right now is not whole yet: it is read on the next look.
    if !mbox.ends_with("\n\n") {
        messages.pop();
    }
    messages
}

fn decode_quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
