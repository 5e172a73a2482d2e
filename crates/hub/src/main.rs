//! `mhub`: the one binary of mHealth Hub.

mod config;
mod listener;
mod practice_csv;
mod synthetic;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use mhub_core::CoreError;
use mhub_core::accounts::{Actor, Role};
use mhub_core::hub::Hub;
use mhub_core::reference::ReferenceData;
use mhub_core::repo::PracticeRecord;
use mhub_storage::Db;

use crate::config::Config;

#[cfg(feature = "jemalloc")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[cfg(all(feature = "mimalloc", not(feature = "jemalloc")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

static DEMO_PRACTICES: &str = include_str!("../../../data/reference/demo-practices.json");

#[derive(Parser)]
#[command(
    name = "mhub",
    version,
    about = "mHealth Hub: the European registry of good practices in mobile and digital health"
)]
struct Cli {
    /// Config file (TOML); default: ./mhub.toml when present.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Overrides `database_url` (also MHUB_DATABASE_URL).
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Hub (the default).
    Serve {
        /// Overrides `listen` (also MHUB_LISTEN).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Apply database migrations and sync reference data, then exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import records.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export records.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Copy the SQLite database into FILE while the Hub runs.
    Backup { file: PathBuf },
    /// Rebuild this node's search index from the database, then exit (stop the
    /// node first: one process at a time may write an index directory).
    Reindex {
        /// Overrides `index_dir` (also MHUB_INDEX_DIR).
        #[arg(long)]
        index_dir: Option<PathBuf>,
    },
    /// Generate content for benchmarks.
    Seed {
        /// Number of synthetic multilingual practices to add.
        #[arg(long)]
        synthetic: usize,
        /// Random seed, so runs are reproducible.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password comes from MHUB_PASSWORD or is generated and printed.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "contributor")]
        role: String,
        #[arg(long)]
        name: Option<String>,
    },
    List {
        #[arg(long, default_value_t = 1)]
        page: i64,
    },
    SetRole {
        #[arg(long)]
        email: String,
        /// member, contributor, reviewer, focal_point, editor or admin.
        #[arg(long)]
        role: String,
        /// The country a focal point curates (ISO 3166 alpha-2), required with focal_point.
        #[arg(long)]
        country: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Import practices from a JSON file (the export's shape) or a CSV file (docs/IMPORT.md).
    Practices {
        file: PathBuf,
        /// Default: from the file extension.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write the valid records and report the others, instead of writing nothing.
        #[arg(long)]
        skip_invalid: bool,
    },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Export every practice, in every state.
    Practices {
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Default: standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

fn init_logging(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(&config.log_level).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log_format == "json" {
        builder.json().with_current_span(true).init();
    } else {
        builder.init();
    }
}

/// Threads of tokio's blocking pool at most. Searches and password hashes are bounded
/// by `cpu_workers` before they get there; this bounds everything else (files, DNS,
/// index commits) so a pile-up queues instead of growing hundreds of threads.
fn max_blocking_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cores * 8).clamp(16, 128)
}

fn main() -> Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(max_blocking_threads())
        .build()
        .context("starting the async runtime")?
        .block_on(run())
}

async fn run() -> Result<()> {
    let cli = Cli::parse();
    let mut config = Config::load(cli.config.as_deref()).context("reading configuration")?;
    if let Some(url) = cli.database_url {
        config.database_url = url;
    }
    init_logging(&config);
    match cli.command.unwrap_or(Command::Serve { listen: None }) {
        Command::Serve { listen } => {
            if let Some(l) = listen {
                config.listen = l;
            }
            serve(config).await
        }
        Command::Migrate => {
            let hub = open(&config).await?;
            println!(
                "database migrated; reference data version {}",
                reference()?.version
            );
            drop(hub);
            Ok(())
        }
        Command::User { command } => user(&config, command).await,
        Command::Import {
            what:
                ImportWhat::Practices {
                    file,
                    format,
                    skip_invalid,
                },
        } => import(&config, &file, format, skip_invalid).await,
        Command::Export {
            what: ExportWhat::Practices { format, output },
        } => export(&config, format, output).await,
        Command::Backup { file } => {
            let hub = open(&config).await?;
            match hub.repo().backup(&file.to_string_lossy()).await {
                Ok(()) => {
                    println!("backup written to {}", file.display());
                    Ok(())
                }
                Err(CoreError::Validation(e)) if e.iter().any(|f| f.code == "use_pg_dump") => {
                    bail!(
                        "this Hub runs on PostgreSQL: back it up with the server's own tools, e.g. `pg_dump --format=custom --file=hub.dump \"$MHUB_DATABASE_URL\"`"
                    )
                }
                Err(CoreError::Validation(e)) if e.iter().any(|f| f.code == "exists") => {
                    bail!("{} already exists; choose a new file name", file.display())
                }
                Err(e) => Err(e).context("backup failed"),
            }
        }
        Command::Seed { synthetic, seed } => seed_synthetic(&config, synthetic, seed).await,
        Command::Reindex { index_dir } => {
            if let Some(d) = index_dir {
                config.index_dir = d.to_string_lossy().into_owned();
            }
            reindex(&config).await
        }
    }
}

fn reference() -> Result<ReferenceData> {
    ReferenceData::embedded().context("parsing the embedded reference data")
}

/// Connects, migrates, syncs reference data and opens the services.
async fn open(config: &Config) -> Result<Hub> {
    Ok(open_with_db(config).await?.0)
}

/// [`open`], also returning the database handle (for LISTEN/NOTIFY).
async fn open_with_db(config: &Config) -> Result<(Hub, Db)> {
    let db = Db::connect(&config.database_url)
        .await
        .with_context(|| format!("connecting to {}", redact(&config.database_url)))?;
    db.migrate().await.context("applying migrations")?;
    let hub = Hub::open(Arc::new(db.clone()), &reference()?)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("loading reference data")?;
    Ok((hub, db))
}

/// Opens this node's index directory, recreating an unreadable index.
fn open_index(config: &Config) -> Result<Arc<mhub_search::Engine>> {
    let dir = std::path::Path::new(&config.index_dir);
    let index = mhub_search::SearchIndex::open_or_recreate(dir).map_err(|e| {
        anyhow::anyhow!(
            "{e}\n(is another mhub process using {}? each node needs its own index_dir)",
            dir.display()
        )
    })?;
    Ok(mhub_search::Engine::new(index))
}

/// A console progress bar for index rebuilds (hidden when stderr is not a terminal).
fn rebuild_progress() -> mhub_search::Progress {
    let bar = progress(0, "building the search index");
    Box::new(move |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        if done >= total && total > 0 {
            bar.finish_and_clear();
        }
    })
}

/// Starts the indexer: rebuild if needed and catch up in the background (while
/// `/readyz` answers 503), then tail the outbox, woken by NOTIFY on PostgreSQL.
async fn start_indexer(config: &Config, hub: &Arc<Hub>, db: &Db) -> Result<()> {
    let engine = open_index(config)?;
    hub.set_search_engine(engine.clone());
    let indexer = mhub_search::Indexer::new(hub.clone(), engine);
    let wake = indexer.waker();
    match db.outbox_listener().await {
        Ok(Some(mut listener)) => {
            tokio::spawn(async move {
                loop {
                    match listener.recv().await {
                        Ok(_) => wake.notify_one(),
                        Err(e) => {
                            tracing::warn!(error = %e, "outbox listener failed; polling only until it reconnects");
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                    }
                }
            });
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "cannot LISTEN for outbox rows; polling every second"),
    }
    tokio::spawn(indexer.run(Some(rebuild_progress())));
    Ok(())
}

async fn reindex(config: &Config) -> Result<()> {
    let hub = Arc::new(open(config).await?);
    let engine = open_index(config)?;
    let indexer = mhub_search::Indexer::new(hub.clone(), engine.clone());
    let started = std::time::Instant::now();
    let n = indexer.rebuild(rebuild_progress()).await.map_err(core)?;
    indexer.catch_up().await.map_err(core)?;
    println!(
        "indexed {n} practices into {} in {:.1} s",
        config.index_dir,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Hides a password in a database URL before it reaches a log.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Version of the shipped demo set; raise it when data/reference/demo-practices.json gains records.
const DEMO_VERSION: &str = "1";

/// Loads the demo practices once per shipped demo version: a second start changes
/// nothing, and a newer demo set only adds the records a Hub does not have yet, so
/// edits people made to demo practices are never overwritten.
async fn load_demo(hub: &Hub) -> Result<()> {
    let repo = hub.repo();
    let stored = repo.meta("demo_version").await.map_err(core)?;
    if stored.as_deref() == Some(DEMO_VERSION) {
        return Ok(());
    }
    let records: Vec<PracticeRecord> =
        serde_json::from_str(DEMO_PRACTICES).context("parsing demo practices")?;
    let mut missing = Vec::new();
    for record in records {
        if repo
            .practice_by_slug(&record.slug)
            .await
            .map_err(core)?
            .is_none()
        {
            missing.push(record);
        }
    }
    let report = hub
        .import_practices(&Actor::system(), missing, false)
        .await
        .map_err(core)
        .context("loading the demo practices")?;
    repo.set_meta("demo_version", DEMO_VERSION)
        .await
        .map_err(core)?;
    tracing::info!(written = report.written, "demo practices loaded");
    Ok(())
}

async fn serve(config: Config) -> Result<()> {
    let fd_limit = listener::raise_fd_limit();
    match fd_limit {
        Some((soft, hard)) => tracing::info!(soft, hard, "open-file limit"),
        None => tracing::warn!("cannot read the open-file limit"),
    }
    let max_connections = config
        .max_connections
        .unwrap_or_else(|| listener::default_max_connections(fd_limit.map(|l| l.0)))
        .max(1);
    let max_in_flight = config.max_in_flight.unwrap_or(max_connections);
    let trusted_proxies = mhub_web::proxy::TrustedProxies::parse(&config.trusted_proxies)
        .map_err(|e| anyhow::anyhow!("trusted_proxies: {e}"))?;
    if config.database_url.starts_with("sqlite://mhub-data/") {
        std::fs::create_dir_all("mhub-data").context("creating ./mhub-data")?;
    }
    let (hub, db) = open_with_db(&config).await?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let workers = config.cpu_workers.unwrap_or(cores).max(1);
    let hub = hub.with_work_limits(workers, config.cpu_queue.unwrap_or(workers * 16));
    tracing::info!(
        max_connections,
        max_in_flight,
        cpu_workers = workers,
        cpu_queue = hub.work_limits().1,
        max_blocking_threads = max_blocking_threads(),
        "limits"
    );
    let hub = Arc::new(hub);
    if config.load_demo {
        load_demo(&hub).await?;
    }
    start_indexer(&config, &hub, &db).await?;
    // No SMTP server is configured: mail is written where the operator can read it.
    let base = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.listen));
    hub.set_mailer(Arc::new(mhub_core::mail::FolderMailer::new(
        &config.mail_dir,
        &base,
        &config.mail_from,
    )));
    tracing::info!(dir = %config.mail_dir, "mail is written as .eml files");
    let metrics = mhub_web::install_metrics();
    let state = mhub_web::AppState {
        hub,
        config: mhub_web::WebConfig {
            public_url: config.public_url.clone(),
            secure_cookies: config.secure_cookies(),
            request_timeout_secs: config.request_timeout_secs,
            body_limit_bytes: config.body_limit_bytes,
            metrics: Some(metrics),
            metrics_token: config.metrics_token.clone().filter(|t| !t.is_empty()),
            metrics_separate: config.metrics_listen.is_some(),
            response_cache: config.response_cache,
            trusted_proxies,
            max_in_flight,
        },
    };
    if let Some(address) = &config.metrics_listen {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("listening for metrics on {address}"))?;
        let addr = listener.local_addr()?;
        tracing::info!(%addr, "serving /metrics");
        let metrics_app = mhub_web::metrics_router(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, metrics_app).await {
                tracing::error!(error = %e, "metrics listener failed");
            }
        });
    }
    let app = mhub_web::router(state);
    let tcp = tokio::net::TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let addr = tcp.local_addr()?;
    println!(
        "mHealth Hub is serving http://{addr}/ (database: {})",
        redact(&config.database_url)
    );
    tracing::info!(%addr, "listening");
    let grace = Duration::from_secs(config.shutdown_grace_secs);
    // `tap_io` only so axum's `ConnectInfo<SocketAddr>` applies to the wrapped listener.
    use axum::serve::ListenerExt;
    let listener = listener::Limited::new(tcp, max_connections).tap_io(|_| {});
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal(grace))
    .await
    .context("serving")?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGINT or SIGTERM; in-flight requests then get `grace` to finish before the process exits.
async fn shutdown_signal(grace: Duration) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!(
        grace_secs = grace.as_secs(),
        "shutting down: finishing in-flight requests"
    );
    tokio::spawn(async move {
        tokio::time::sleep(grace).await;
        tracing::warn!("grace period over; exiting");
        std::process::exit(0);
    });
}

fn parse_role(s: &str) -> Result<Role> {
    Role::parse(s).with_context(|| {
        format!(
            "unknown role '{s}'; one of: {}",
            Role::ALL
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn core(e: CoreError) -> anyhow::Error {
    match e {
        CoreError::Validation(errors) => anyhow::anyhow!(
            "invalid input:\n{}",
            errors
                .iter()
                .map(|e| format!("  {}: {}", e.field, e.code))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        CoreError::Conflict { field } => anyhow::anyhow!("{field} is already taken"),
        other => anyhow::anyhow!("{other}"),
    }
}

async fn user(config: &Config, command: UserCommand) -> Result<()> {
    let hub = open(config).await?;
    let system = Actor::system();
    match command {
        UserCommand::Create { email, role, name } => {
            let role = parse_role(&role)?;
            let (password, generated) = match std::env::var("MHUB_PASSWORD") {
                Ok(p) if !p.is_empty() => (p, false),
                _ => (
                    mhub_core::accounts::new_secret("")
                        .chars()
                        .take(20)
                        .collect(),
                    true,
                ),
            };
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or("").to_string());
            let account = hub
                .register(&system, &email, &name, &password, role)
                .await
                .map_err(core)?;
            println!(
                "created {} ({}) with id {}",
                account.email,
                account.role.as_str(),
                account.id
            );
            if generated {
                println!("password: {password}\n(shown once; set MHUB_PASSWORD to choose one)");
            }
        }
        UserCommand::List { page } => {
            let accounts = hub.accounts(&system, 100, page).await.map_err(core)?;
            println!("{:>6}  {:<12}  {:<40}  name", "id", "role", "email");
            for a in &accounts.items {
                println!(
                    "{:>6}  {:<12}  {:<40}  {}",
                    a.id,
                    a.role.as_str(),
                    a.email,
                    a.display_name
                );
            }
            println!(
                "{} of {} accounts (page {page})",
                accounts.items.len(),
                accounts.total
            );
        }
        UserCommand::SetRole {
            email,
            role,
            country,
        } => {
            let account = hub
                .set_role(&system, &email, parse_role(&role)?, country.as_deref())
                .await
                .map_err(core)?;
            match &account.country {
                Some(c) => println!("{} is now {} for {c}", account.email, account.role.as_str()),
                None => println!("{} is now {}", account.email, account.role.as_str()),
            }
        }
    }
    Ok(())
}

fn format_of(file: &std::path::Path, format: Option<Format>) -> Format {
    format.unwrap_or_else(|| {
        if file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            Format::Csv
        } else {
            Format::Json
        }
    })
}

async fn import(
    config: &Config,
    file: &std::path::Path,
    format: Option<Format>,
    skip_invalid: bool,
) -> Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    // Parse every row first; a row that does not even parse is reported by line.
    let (records, parse_problems): (Vec<PracticeRecord>, Vec<String>) =
        match format_of(file, format) {
            Format::Json => match serde_json::from_str::<Vec<PracticeRecord>>(&text) {
                Ok(r) => (r, Vec::new()),
                Err(e) => bail!(
                    "{}: line {}, column {}: {e}",
                    file.display(),
                    e.line(),
                    e.column()
                ),
            },
            Format::Csv => practice_csv::read(&text),
        };
    if !parse_problems.is_empty() {
        for p in &parse_problems {
            eprintln!("{p}");
        }
        if !skip_invalid {
            bail!(
                "{} rows could not be read; nothing was written (use --skip-invalid to import the others)",
                parse_problems.len()
            );
        }
    }
    let hub = open(config).await?;
    let total = records.len();
    let bar = progress(total as u64, "validating and importing");
    let mut written = 0;
    let mut skipped = Vec::new();
    // Chunks keep memory flat and show progress; all-or-nothing still holds because
    // every record is validated before the first chunk is written.
    if !skip_invalid {
        let problems = validate_all(&hub, &records);
        if !problems.is_empty() {
            bar.abandon();
            for p in &problems {
                eprintln!("{p}");
            }
            bail!(
                "{} invalid records; nothing was written (use --skip-invalid to import the others)",
                problems.len()
            );
        }
    }
    for (chunk_no, chunk) in records.chunks(1000).enumerate() {
        let report = hub
            .import_practices(&Actor::system(), chunk.to_vec(), skip_invalid)
            .await
            .map_err(core)?;
        written += report.written;
        for mut p in report.skipped {
            p.index += chunk_no * 1000;
            skipped.push(p);
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    for p in &skipped {
        for e in &p.errors {
            eprintln!(
                "record {} ({}): {}: {}",
                p.index + practice_csv::first_record_line(file, format),
                p.slug,
                e.field,
                e.code
            );
        }
    }
    println!(
        "imported {written} of {total} practices{}",
        if skipped.is_empty() {
            String::new()
        } else {
            format!("; skipped {}", skipped.len())
        }
    );
    Ok(())
}

/// Every validation problem of the whole file, one line each.
fn validate_all(hub: &Hub, records: &[PracticeRecord]) -> Vec<String> {
    let catalog = hub.catalog();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, r) in records.iter().enumerate() {
        for e in mhub_core::validate::validate_practice(&r.content, &catalog) {
            out.push(format!(
                "record {} ({}): {}: {}",
                i + 1,
                r.slug,
                e.field,
                e.code
            ));
        }
        if !seen.insert(r.slug.as_str()) {
            out.push(format!("record {} ({}): slug: duplicate", i + 1, r.slug));
        }
    }
    out
}

fn progress(len: u64, message: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(message);
    bar
}

async fn export(config: &Config, format: Format, output: Option<PathBuf>) -> Result<()> {
    let hub = open(config).await?;
    let records = hub.export_practices(&Actor::system()).await.map_err(core)?;
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&records)? + "\n",
        Format::Csv => practice_csv::write(&records)?,
    };
    match output {
        Some(path) => {
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("exported {} practices to {}", records.len(), path.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

async fn seed_synthetic(config: &Config, n: usize, seed: u64) -> Result<()> {
    let hub = open(config).await?;
    let countries: Vec<String> = hub
        .catalog()
        .countries()
        .iter()
        .map(|c| c.iso2.clone())
        .collect();
    let existing = hub
        .repo()
        .meta("synthetic_count")
        .await
        .map_err(core)?
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let bar = progress(n as u64, "seeding synthetic practices");
    let mut generator = synthetic::Generator::new(seed.wrapping_add(existing as u64), &countries);
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(2000);
        let records: Vec<PracticeRecord> = (0..batch)
            .map(|i| generator.practice(existing + done + i))
            .collect();
        hub.import_practices(&Actor::system(), records, false)
            .await
            .map_err(core)?;
        done += batch;
        bar.set_position(done as u64);
    }
    bar.finish_and_clear();
    hub.repo()
        .set_meta("synthetic_count", &(existing + n).to_string())
        .await
        .map_err(core)?;
    println!(
        "added {n} synthetic practices ({} synthetic in total)",
        existing + n
    );
    Ok(())
}
