//! Reading the `.eml` files the file mailer writes.

use std::path::Path;

#[derive(Debug, Clone)]
pub struct Mail {
    pub raw: String,
    /// The whole message with quoted-printable undone.
    pub text: String,
}

impl Mail {
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

/// Every email to `to`, oldest first.
pub fn read_all(dir: &Path, to: &str) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut mails: Vec<(std::time::SystemTime, Mail)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| {
            let raw = std::fs::read_to_string(e.path()).ok()?;
            let modified = e.metadata().ok()?.modified().ok()?;
            let addressed = raw.lines().any(|l| l.starts_with("To:") && l.contains(to));
            addressed.then(|| {
                (
                    modified,
                    Mail {
                        text: decode_quoted_printable(&raw),
                        raw,
                    },
                )
            })
        })
        .collect();
    mails.sort_by_key(|(modified, _)| *modified);
    mails.into_iter().map(|(_, mail)| mail).collect()
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
