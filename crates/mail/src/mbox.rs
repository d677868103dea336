//! The offline mailer (no SMTP relay configured): emails are appended to one mailbox file,
//! `essaim.mbox` in the configured folder, which a developer reads with any mail client
//! (`mutt -f`, Thunderbird) or a text editor to click the links.
//!
//! One file, written a batch at a time, rather than one `.eml` file per email: creating a file
//! per email cost a quarter of the server's CPU during a sign-up burst (inode creation in the
//! file system), time taken from the sign-ups themselves. Appending a batch is one write.
//! No fsync: this mailer is for development and tests, where a lost email after a power cut
//! does not matter; production delivers through SMTP.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use time::macros::format_description;
use time::OffsetDateTime;

pub const FILE_NAME: &str = "essaim.mbox";

#[derive(Debug, Clone)]
pub struct MboxFile {
    path: PathBuf,
}

impl MboxFile {
    /// Creates the folder if needed.
    pub fn in_dir(dir: &Path) -> Result<Self, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("impossible de créer {} : {e}", dir.display()))?;
        Ok(Self {
            path: dir.join(FILE_NAME),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends these messages (each as formatted for SMTP, CRLF line ends) in one write.
    /// Blocking: call it from a blocking thread.
    pub fn append(&self, messages: &[Vec<u8>]) -> io::Result<()> {
        let mut out = Vec::with_capacity(messages.iter().map(|m| m.len() + 64).sum());
        let separator = from_line();
        for message in messages {
            out.extend_from_slice(separator.as_bytes());
            append_escaped(&mut out, message);
            out.push(b'\n');
        }
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?
            .write_all(&out)
    }
}

/// `From essaim Tue Dec  1 02:38:08 2026`: the line that starts each message of an mbox.
fn from_line() -> String {
    let format =
        format_description!("[weekday repr:short] [month repr:short] [day padding:space] [hour]:[minute]:[second] [year]");
    let date = OffsetDateTime::now_utc()
        .format(format)
        .unwrap_or_else(|_| "Thu Jan  1 00:00:00 1970".into());
    format!("From essaim {date}\n")
}

/// The message with LF line ends, and "mboxrd" quoting: a line that starts with `From ` (after
/// any number of `>`) gets one more `>`, so that it cannot be read as the start of a message.
fn append_escaped(out: &mut Vec<u8>, message: &[u8]) {
    let text = message.strip_suffix(b"\r\n").unwrap_or(message);
    for line in text.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let unquoted = line.iter().position(|&b| b != b'>').unwrap_or(line.len());
        if line[unquoted..].starts_with(b"From ") {
            out.push(b'>');
        }
        out.extend_from_slice(line);
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_appended_with_separators_and_quoted_from_lines() {
        let dir = std::env::temp_dir().join(format!("essaim-mbox-{}", std::process::id()));
        let mbox = MboxFile::in_dir(&dir).unwrap();
        let _ = std::fs::remove_file(mbox.path());
        mbox.append(&[b"Subject: un\r\n\r\nFrom here\r\n>From there\r\n".to_vec()])
            .unwrap();
        mbox.append(&[b"Subject: deux\r\n\r\ncorps\r\n".to_vec()])
            .unwrap();
        let text = std::fs::read_to_string(mbox.path()).unwrap();
        assert_eq!(
            text.matches("\nFrom essaim ").count() + usize::from(text.starts_with("From essaim ")),
            2
        );
        assert!(
            text.contains("\n>From here\n") && text.contains("\n>>From there\n"),
            "{text}"
        );
        assert!(!text.contains('\r'));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
