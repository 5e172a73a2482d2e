//! Mail the Hub sends: confirmation links, invitations, decisions. The port is
//! `Mailer`; `FolderMailer` writes each message as an `.eml` file, which is what
//! a Hub without an SMTP server does (and what tests read links from).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;

use crate::error::{CoreError, CoreResult};

/// One message. `body` is plain text; links in it are absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[async_trait]
pub trait Mailer: Send + Sync {
    /// The base that paths in messages are joined to, e.g. `https://hub.example.org`.
    fn base_url(&self) -> &str;
    async fn send(&self, mail: Mail) -> CoreResult<()>;
}

/// Writes `<unix-micros>-<n>.eml` files (RFC 5322, UTF-8) into a folder.
pub struct FolderMailer {
    dir: PathBuf,
    base_url: String,
    from: String,
    counter: AtomicU64,
}

impl FolderMailer {
    pub fn new(dir: impl Into<PathBuf>, base_url: &str, from: &str) -> Self {
        Self {
            dir: dir.into(),
            base_url: base_url.trim_end_matches('/').to_string(),
            from: from.to_string(),
            counter: AtomicU64::new(0),
        }
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

/// Header values must not carry line breaks (header injection).
fn header(value: &str) -> String {
    value.replace(['\r', '\n'], " ")
}

/// RFC 2047 encoded-word for a non-ASCII subject.
fn encoded_subject(subject: &str) -> String {
    if subject.is_ascii() {
        header(subject)
    } else {
        use base64::Engine;
        format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(header(subject))
        )
    }
}

pub fn render(mail: &Mail, from: &str, date: time::OffsetDateTime) -> String {
    let date = date
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap_or_default();
    format!(
        "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {date}\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
        header(from),
        header(&mail.to),
        encoded_subject(&mail.subject),
        mail.body.replace("\r\n", "\n").replace('\n', "\r\n"),
    )
}

#[async_trait]
impl Mailer for FolderMailer {
    fn base_url(&self) -> &str {
        &self.base_url
    }

    async fn send(&self, mail: Mail) -> CoreResult<()> {
        let now = time::OffsetDateTime::now_utc();
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let name = format!("{}-{n}.eml", now.unix_timestamp_nanos() / 1000);
        let path = self.dir.join(name);
        let text = render(&mail, &self.from, now);
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir)?;
            std::fs::write(&path, text)
        })
        .await
        .map_err(|e| CoreError::Storage(format!("mail: {e}")))?
        .map_err(|e| CoreError::Storage(format!("mail: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_cannot_be_injected_and_subjects_are_encoded() {
        let mail = Mail {
            to: "a@example.org\r\nBcc: evil@example.org".into(),
            subject: "Подтвердите адрес".into(),
            body: "line 1\nline 2".into(),
        };
        let text = render(&mail, "hub@example.org", time::OffsetDateTime::UNIX_EPOCH);
        assert!(!text.contains("\r\nBcc:"));
        assert!(text.contains("Subject: =?UTF-8?B?"));
        assert!(text.contains("line 1\r\nline 2"));
    }
}
