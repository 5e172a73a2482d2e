//! Settings: built-in defaults < config file (`mhub.toml` or `--config`) <
//! `MHUB_*` environment variables < command-line flags. docs/CONFIG.md lists them.

use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `sqlite://mhub-data/hub.db` (created on first start) or `postgres://…`.
    pub database_url: String,
    /// Address and port to listen on.
    pub listen: String,
    /// Public base URL (e.g. `https://hub.example.org`); enables HSTS and secure cookies when https.
    pub public_url: Option<String>,
    /// Force cookie `Secure` + `__Host-` prefix on or off; default: on when public_url is https.
    pub secure_cookies: Option<bool>,
    /// `text` or `json`.
    pub log_format: String,
    /// A tracing filter, e.g. `info` or `mhub=debug,tower_http=info`.
    pub log_level: String,
    pub request_timeout_secs: u64,
    pub body_limit_bytes: usize,
    /// Load the demo practices into an empty Hub on start.
    pub load_demo: bool,
    /// Seconds in-flight requests get to finish after a shutdown signal.
    pub shutdown_grace_secs: u64,
    /// Directory of this node's search index (a disposable projection of the
    /// database, rebuilt when missing). Every node has its own.
    pub index_dir: String,
    /// Serve repeated anonymous reads from memory for up to a second.
    pub response_cache: bool,
    /// Where mail is written as `.eml` files (no SMTP server is configured).
    pub mail_dir: String,
    /// The sender of the Hub's mail.
    pub mail_from: String,
    /// A separate address for `/metrics` (e.g. `127.0.0.1:9090`); when set, the
    /// public listener does not serve it.
    pub metrics_listen: Option<String>,
    /// A secret that opens `/metrics` on the public listener as
    /// `Authorization: Bearer <token>`; without it `/metrics` is not public.
    pub metrics_token: Option<String>,
    /// Reverse proxies (IP addresses or CIDR networks) whose `X-Forwarded-For` names
    /// the client; empty: the TCP peer is the client.
    pub trusted_proxies: Vec<String>,
    /// Open connections at most; more wait in the listen backlog. Default: what the
    /// file-descriptor limit leaves after the database, index and logs.
    pub max_connections: Option<usize>,
    /// Requests handled at once; more get 503 with Retry-After. Default: max_connections.
    pub max_in_flight: Option<usize>,
    /// Searches and password hashes run at once. Default: the number of cores.
    pub cpu_workers: Option<usize>,
    /// Searches and password hashes waiting for a worker; more get 503 with
    /// Retry-After. Default: 16 per worker.
    pub cpu_queue: Option<usize>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://mhub-data/hub.db".into(),
            listen: "127.0.0.1:8080".into(),
            public_url: None,
            secure_cookies: None,
            log_format: "text".into(),
            log_level: "info".into(),
            request_timeout_secs: 30,
            body_limit_bytes: 1024 * 1024,
            load_demo: true,
            shutdown_grace_secs: 20,
            index_dir: "mhub-data/index".into(),
            response_cache: true,
            mail_dir: "mhub-data/mail".into(),
            mail_from: "mHealth Hub <no-reply@localhost>".into(),
            metrics_listen: None,
            metrics_token: None,
            trusted_proxies: Vec::new(),
            max_connections: None,
            max_in_flight: None,
            cpu_workers: None,
            cpu_queue: None,
        }
    }
}

impl Config {
    pub fn load(file: Option<&Path>) -> Result<Config, Box<figment::Error>> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None => figment = figment.merge(Toml::file("mhub.toml")),
        }
        // Only settings come from the environment: other MHUB_* variables (MHUB_PASSWORD,
        // a script's own) are not configuration and must not be rejected as unknown.
        // The settings are the fields of `Config`, read off its serialized default so
        // the list cannot drift from the struct.
        let keys: Vec<String> = match serde_json::to_value(Config::default()) {
            Ok(serde_json::Value::Object(fields)) => fields.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let env = Env::prefixed("MHUB_").filter(move |key| keys.iter().any(|k| key == k.as_str()));
        figment.merge(env).extract().map_err(Box::new)
    }

    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies.unwrap_or_else(|| {
            self.public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://"))
        })
    }
}

#[cfg(test)]
// figment's `Jail` closures return its large error type; nothing to gain from boxing it.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults_and_other_variables_are_ignored() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("MHUB_LISTEN", "0.0.0.0:9000");
            jail.set_env("MHUB_LOAD_DEMO", "false");
            jail.set_env("MHUB_PASSWORD", "not a setting");
            jail.set_env("MHUB_METRICS_TOKEN", "s3cret");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.listen, "0.0.0.0:9000");
            assert!(!c.load_demo);
            assert_eq!(c.database_url, "sqlite://mhub-data/hub.db");
            assert_eq!(c.metrics_token.as_deref(), Some("s3cret"));
            assert_eq!(c.metrics_listen, None);
            jail.create_file(
                "mhub.toml",
                "log_format = \"json\"\nlisten = \"127.0.0.1:1\"",
            )?;
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.log_format, "json");
            assert_eq!(c.listen, "0.0.0.0:9000", "environment beats the file");
            jail.set_env("MHUB_MAX_IN_FLIGHT", "7");
            jail.set_env("MHUB_TRUSTED_PROXIES", "[\"10.0.0.0/8\", \"::1\"]");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.max_in_flight, Some(7));
            assert_eq!(c.max_connections, None);
            assert_eq!(c.trusted_proxies, ["10.0.0.0/8", "::1"]);
            jail.create_file("typo.toml", "databse_url = \"x\"")?;
            assert!(
                Config::load(Some(Path::new("typo.toml"))).is_err(),
                "a misspelt setting is an error"
            );
            Ok(())
        });
    }
}
