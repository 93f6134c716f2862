//! The connection to ClickHouse: settings resolved from flags, environment and profile, and
//! the few operations `apply` needs, over the HTTP interface with the `clickhouse` crate.
//!
//! **Invariant:** the password is never printed, logged or written to `target/`: settings
//! display the URL and user only.

use crate::project::load::LoadedProject;
use crate::project::raw::RawOutput;
use clickhouse::Client;
use std::time::Duration;

/// Where and as whom to connect.
#[derive(Clone)]
pub struct ConnectionSettings {
    pub url: String,
    pub user: Option<String>,
    pub password: Option<String>,
}

impl std::fmt::Debug for ConnectionSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionSettings")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl ConnectionSettings {
    /// `http://host:port as user`, for messages.
    pub fn describe(&self) -> String {
        match &self.user {
            Some(user) => format!("{} as `{user}`", self.url),
            None => self.url.clone(),
        }
    }
}

/// Resolves the connection: `--url`, then `CLICKHOUSE_URL`, then the profile's target.
/// User and password: `CLICKHOUSE_USER`/`CLICKHOUSE_PASSWORD`, then the profile.
pub fn resolve(
    url_flag: Option<&str>,
    loaded: Option<&LoadedProject>,
    target: Option<&str>,
) -> Result<ConnectionSettings, String> {
    let output = loaded.and_then(|loaded| profile_output(loaded, target));
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let url = match url_flag
        .map(str::to_string)
        .or_else(|| env("CLICKHOUSE_URL"))
    {
        Some(url) => url,
        None => match &output {
            Some(output) => {
                let secure = output
                    .secure
                    .as_ref()
                    .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true"));
                let host = render_env_template(output.host.as_deref().unwrap_or("localhost"))?;
                let port = output
                    .port
                    .as_ref()
                    .map(|p| {
                        p.as_u64()
                            .map_or_else(|| p.as_str().unwrap_or("").to_string(), |n| n.to_string())
                    })
                    .filter(|p| !p.is_empty())
                    .unwrap_or_else(|| if secure { "8443".into() } else { "8123".into() });
                format!("{}://{host}:{port}", if secure { "https" } else { "http" })
            }
            None => "http://localhost:8123".to_string(),
        },
    };
    let user = match env("CLICKHOUSE_USER") {
        Some(user) => Some(user),
        None => output
            .as_ref()
            .and_then(|o| o.user.as_deref())
            .map(render_env_template)
            .transpose()?,
    };
    let password = match std::env::var("CLICKHOUSE_PASSWORD").ok() {
        Some(password) => Some(password),
        None => output
            .as_ref()
            .and_then(|o| o.password.as_deref())
            .map(render_env_template)
            .transpose()?,
    };
    Ok(ConnectionSettings {
        url,
        user,
        password: password.filter(|p| !p.is_empty()),
    })
}

fn profile_output(loaded: &LoadedProject, target: Option<&str>) -> Option<RawOutput> {
    let name = loaded.project.profile.as_ref()?.value.clone();
    let profiles = loaded
        .project
        .profiles
        .as_ref()
        .or(loaded.profiles.as_ref().map(|(_, p)| p))?;
    let profile = profiles.get(&name)?;
    let target = target
        .map(str::to_string)
        .or_else(|| profile.target.clone())
        .unwrap_or_else(|| "dev".into());
    profile.outputs.get(&target).cloned()
}

/// Renders `{{ env_var('X', 'default') }}` in a profile value; nothing else is available.
pub fn render_env_template(template: &str) -> Result<String, String> {
    if !template.contains("{{") {
        return Ok(template.to_string());
    }
    let mut env = minijinja::Environment::new();
    env.add_function(
        "env_var",
        |name: String, default: Option<String>| -> Result<String, minijinja::Error> {
            std::env::var(&name).or_else(|_| {
                default.ok_or_else(|| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::UndefinedError,
                        format!("environment variable `{name}` is not set and has no default"),
                    )
                })
            })
        },
    );
    // The message never includes the rendered value, only the template's own error.
    env.render_str(template, ())
        .map_err(|e| format!("in the profile: {}", e.detail().unwrap_or("cannot render")))
}

/// A connected client plus the facts `apply` reports.
#[derive(Clone)]
pub struct Connection {
    pub client: Client,
    pub settings: ConnectionSettings,
}

/// Errors from ClickHouse, split by what `apply` does with them.
#[derive(Debug)]
pub enum QueryError {
    /// The server answered with an exception: its text, as ClickHouse wrote it.
    Server(String),
    /// The request did not get an answer (refused, reset, timed out): may be retried when
    /// the statement is idempotent.
    Transport(String),
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Server(message) | Self::Transport(message) => f.write_str(message),
        }
    }
}

impl From<clickhouse::error::Error> for QueryError {
    fn from(error: clickhouse::error::Error) -> Self {
        match error {
            clickhouse::error::Error::BadResponse(message) => {
                Self::Server(message.trim().to_string())
            }
            clickhouse::error::Error::Network(inner) => {
                // The HTTP client's own text ("client error (Connect)") hides the cause.
                let mut message = format!("network error: {inner}");
                let mut source = std::error::Error::source(inner.as_ref());
                while let Some(cause) = source {
                    message.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                Self::Transport(message)
            }
            clickhouse::error::Error::TimedOut => Self::Transport("timed out".into()),
            other => Self::Transport(other.to_string()),
        }
    }
}

impl Connection {
    pub fn new(settings: ConnectionSettings) -> Self {
        let mut client = Client::default()
            .with_url(settings.url.clone())
            .with_setting("wait_end_of_query", "1")
            .with_product_info("kiln", env!("CARGO_PKG_VERSION"));
        if let Some(user) = &settings.user {
            client = client.with_user(user.clone());
        }
        if let Some(password) = &settings.password {
            client = client.with_password(password.clone());
        }
        Self { client, settings }
    }

    /// The same connection with a setting on every request.
    pub fn with_setting(&self, name: &str, value: &str) -> Self {
        Self {
            client: self.client.clone().with_setting(name, value),
            settings: self.settings.clone(),
        }
    }

    /// The same connection with every request in one server session (for `SET` in hooks).
    pub fn in_session(&self, session_id: &str) -> Self {
        Self {
            client: self.client.clone().with_setting("session_id", session_id),
            settings: self.settings.clone(),
        }
    }

    /// The server's version; the first request of a run, so it doubles as the reachability check.
    pub async fn version(&self) -> Result<String, QueryError> {
        let request = self
            .client
            .query_raw("SELECT version()")
            .fetch_one::<String>();
        match tokio::time::timeout(Duration::from_secs(15), request).await {
            Ok(result) => Ok(result?),
            Err(_) => Err(QueryError::Transport("no answer within 15 s".into())),
        }
    }

    /// Runs one statement, tagged with `log_comment` (the node) and `query_id`.
    /// Returns the rows the server says it wrote.
    pub async fn execute(
        &self,
        sql: &str,
        log_comment: &str,
        query_id: &str,
    ) -> Result<u64, QueryError> {
        let mut cursor = self
            .client
            .query_raw(sql)
            .with_setting("log_comment", log_comment)
            .with_setting("query_id", query_id)
            .fetch_bytes("TabSeparated")?;
        while cursor.next().await?.is_some() {}
        Ok(cursor.summary().and_then(|s| s.written_rows()).unwrap_or(0))
    }

    /// Runs a query returning one unsigned number (`count()`).
    pub async fn count(
        &self,
        sql: &str,
        log_comment: &str,
        query_id: &str,
    ) -> Result<u64, QueryError> {
        Ok(self
            .client
            .query_raw(sql)
            .with_setting("log_comment", log_comment)
            .with_setting("query_id", query_id)
            .fetch_one::<u64>()
            .await?)
    }

    /// Runs a query returning strings, one per row.
    pub async fn strings(&self, sql: &str, log_comment: &str) -> Result<Vec<String>, QueryError> {
        Ok(self
            .client
            .query_raw(sql)
            .with_setting("log_comment", log_comment)
            .fetch_all::<String>()
            .await?)
    }

    /// Streams `data` as the rows of an `INSERT ... FORMAT X` statement.
    pub async fn insert_formatted(
        &self,
        sql: &str,
        data: bytes::Bytes,
        log_comment: &str,
        query_id: &str,
    ) -> Result<(), QueryError> {
        let mut insert = self
            .client
            .insert_formatted_with(sql.to_string())
            .with_setting("log_comment", log_comment)
            .with_setting("query_id", query_id);
        const CHUNK: usize = 1 << 20;
        let mut offset = 0;
        while offset < data.len() {
            let end = (offset + CHUNK).min(data.len());
            insert.send(data.slice(offset..end)).await?;
            offset = end;
        }
        insert.end().await?;
        Ok(())
    }

    /// Every table and view in `databases`, as `(database, name)`: one request for a whole
    /// run instead of one per node.
    pub async fn tables_in(
        &self,
        databases: &[&str],
    ) -> Result<std::collections::HashSet<(String, String)>, QueryError> {
        if databases.is_empty() {
            return Ok(Default::default());
        }
        let list: Vec<String> = databases
            .iter()
            .map(|d| crate::quote::quote_string(d))
            .collect();
        // One JSON array per row: names may hold any character.
        let sql = format!(
            "SELECT toJSONString([database, name]) FROM system.tables WHERE database IN ({})",
            list.join(", ")
        );
        let rows = self.strings(&sql, "kiln:prepare").await?;
        Ok(rows
            .iter()
            .filter_map(
                |row| match serde_json::from_str::<Vec<String>>(row).ok()?.as_slice() {
                    [database, name] => Some((database.clone(), name.clone())),
                    _ => None,
                },
            )
            .collect())
    }
}
