//! The portal's server: `tana serve`.
//!
//! The modules: `public` (the dashboard of the note's main figures for any
//! sample, article and regional group pages, the report in every format,
//! the data API), `portal` (login, a State's records as each reader may
//! see them, marking needs addressed, editing, proposals, search, the
//! import upload, accounts, the log), `assistance` (consent to share,
//! assistance recorded against needs, the needs across States),
//! `openapi` (the API's routes in one table, and the document written
//! from it), `session` (who is asking, as extractors), `error` (how
//! requests are refused and failures hidden) and `server` (connections,
//! time limits, headers, the request log); `readings` (documents read:
//! the upload, the review page, where a State's records come from);
//! `plans` (a State's action plan, its downloads and forms, the
//! secretariat's overview).
//!
//! The records are read into a [`Snapshot`] the handlers share. A watcher
//! reads the store's generation every half second and renews the snapshot
//! when another process (an import, another server on the same
//! PostgreSQL) wrote; a change made here renews it at once. Answers that
//! depend only on the records and the query (and, for lists of needs, on
//! what the reader's role may read) are kept in the snapshot, so they are
//! computed once per change. The store is reached through pools of
//! connections, reads apart from writes, so a slow write stalls no reader.

mod activities;
mod assistance;
mod error;
mod feeds;
pub(crate) mod finder;
mod finder_page;
mod gaps;
mod openapi;
mod opendata;
mod peers;
mod people;
mod plans;
mod portal;
mod public;
mod readings;
mod sample;
mod server;
mod session;
mod subscriptions;
mod upload;
pub(crate) mod view;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::error::{Error, Result};
use crate::records::Registry;
use crate::reference::Reference;
use crate::store::{self, Detail, Location};

pub use openapi::{document as openapi_document, route_names as api_routes};
pub use public::sample_parameters;
pub use server::Limits;

pub(crate) use finder::need_id;

/// The needs a finder query (`region=AFR&article=46`, as pairs) asks for,
/// read as the finder reads it; a refusal names the field and the rule.
pub(crate) fn parse_finder_query(
    r: &Reference,
    pairs: &[(String, String)],
) -> std::result::Result<store::FindNeeds, String> {
    finder::parse(r, pairs).map(|q| q.find)
}

use error::{WebError, WebResult};

pub(crate) use crate::clock::now;

/// An answer kept for as long as the records it was computed from.
#[derive(Clone)]
pub(crate) struct Kept {
    pub(crate) content_type: &'static str,
    pub(crate) disposition: Option<&'static str>,
    pub(crate) body: Bytes,
}

impl Kept {
    pub(crate) fn html(body: String) -> Kept {
        Kept {
            content_type: "text/html; charset=utf-8",
            disposition: None,
            body: body.into(),
        }
    }
    pub(crate) fn json(body: Vec<u8>) -> Kept {
        Kept {
            content_type: "application/json",
            disposition: None,
            body: body.into(),
        }
    }
}

impl IntoResponse for Kept {
    fn into_response(self) -> axum::response::Response {
        let mut r = ([(header::CONTENT_TYPE, self.content_type)], self.body).into_response();
        if let Some(d) = self.disposition {
            r.headers_mut().insert(
                header::CONTENT_DISPOSITION,
                header::HeaderValue::from_static(d),
            );
        }
        r
    }
}

/// The kept answers' bounds: an answer larger than this is computed each
/// time (a list of every need at 10^6 needs), and the whole is emptied
/// when it would pass either figure.
const KEPT_LARGEST: usize = 4 << 20;
const KEPT_TOTAL: usize = 128 << 20;
const KEPT_ENTRIES: usize = 512;

#[derive(Default)]
struct KeptAnswers {
    answers: HashMap<String, Kept>,
    bytes: usize,
}

/// What every reading handler reads: the records at one generation.
pub struct Snapshot {
    pub reference: Reference,
    pub registry: Registry,
    pub workspace: String,
    /// Per review, the positions of its needs; per need, of its texts: a
    /// State's page reads only its own records.
    pub needs_of_review: Vec<Vec<u32>>,
    pub texts_of_need: Vec<Vec<u32>>,
    /// Whether the records were rebuilt from published tables (`tana demo`,
    /// `tana synth`): their States are pseudonyms, and every page says so.
    pub rebuilt: bool,
    /// Who addresses each need, and how tana knows it (the words of the
    /// documents, assistance records): the report's providers, and the gap
    /// matrix's, each told to a reader by `follow::may_know_provider`.
    pub providers: Vec<crate::follow::NeedProvider>,
    /// Answers computed from these records, by what was asked: they stay
    /// true as long as the snapshot does, and go with it.
    kept: RwLock<KeptAnswers>,
}

impl Snapshot {
    /// Reads the records of an open store.
    pub fn read(store: &mut dyn store::Store, workspace: String) -> Result<Snapshot> {
        let reference = store.reference()?;
        let registry = store.registry(&reference, Detail::Everything)?;
        let rebuilt = store.rebuilt()?;
        let assistance = store.assistance(None)?;
        let activities = crate::follow::activity_providers(&store.activities(None)?);
        let providers =
            crate::follow::told_providers(&reference, &registry, &assistance, &activities);
        Ok(Snapshot {
            rebuilt,
            providers,
            ..Snapshot::new(reference, registry, workspace)
        })
    }

    pub fn new(reference: Reference, registry: Registry, workspace: String) -> Snapshot {
        let mut needs_of_review = vec![Vec::new(); registry.reviews.len()];
        for (i, n) in registry.needs.iter().enumerate() {
            needs_of_review[n.review as usize].push(i as u32);
        }
        let mut texts_of_need = vec![Vec::new(); registry.needs.len()];
        for (i, t) in registry.need_texts.iter().enumerate() {
            texts_of_need[t.need as usize].push(i as u32);
        }
        Snapshot {
            reference,
            registry,
            workspace,
            needs_of_review,
            texts_of_need,
            rebuilt: false,
            providers: Vec::new(),
            kept: Default::default(),
        }
    }

    /// The answer kept under `key`, or `make`'s, kept.
    pub(crate) fn kept(
        &self,
        key: String,
        make: impl FnOnce() -> WebResult<Kept>,
    ) -> WebResult<Kept> {
        if let Some(k) = self
            .kept
            .read()
            .ok()
            .and_then(|m| m.answers.get(&key).cloned())
        {
            return Ok(k);
        }
        let made = make()?;
        let size = made.body.len();
        if size <= KEPT_LARGEST {
            if let Ok(mut m) = self.kept.write() {
                if m.bytes + size > KEPT_TOTAL || m.answers.len() >= KEPT_ENTRIES {
                    *m = KeptAnswers::default();
                }
                m.bytes += size;
                m.answers.insert(key, made.clone());
            }
        }
        Ok(made)
    }
}

/// Opens store connections for a pool.
struct Opener {
    location: Location,
}

impl r2d2::ManageConnection for Opener {
    type Connection = Box<dyn store::Store>;
    type Error = Error;

    fn connect(&self) -> Result<Box<dyn store::Store>> {
        store::open_for(&self.location, store::Waiting::Upto(WRITE_WAIT))
    }

    fn is_valid(&self, conn: &mut Box<dyn store::Store>) -> Result<()> {
        conn.generation().map(|_| ())
    }

    fn has_broken(&self, _: &mut Box<dyn store::Store>) -> bool {
        false
    }
}

type Pool = r2d2::Pool<Opener>;

/// How long a write waits for another process's write (an import) before
/// the request is told the workspace is busy (503, Retry-After).
const WRITE_WAIT: Duration = Duration::from_secs(2);

/// How long a request waits for a free connection before it is told the
/// server is busy.
const POOL_WAIT: Duration = Duration::from_secs(5);

fn pool(location: &Location, size: u32) -> Result<Pool> {
    r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .connection_timeout(POOL_WAIT)
        .build(Opener {
            location: location.clone(),
        })
        .map_err(|e| Error::Database(format!("{}: {e}", location.display())))
}

/// How often the watcher looks at the store's generation.
const WATCH_EVERY: Duration = Duration::from_millis(500);

/// The server's state: the pools, the snapshot and what it was read at,
/// the failed logins.
pub struct App {
    reads: Pool,
    writes: Pool,
    snapshot: RwLock<Arc<Snapshot>>,
    /// The store's generation the snapshot was read at.
    generation: AtomicU64,
    /// Held while the snapshot is renewed: one renewal at a time.
    renewing: Mutex<()>,
    location: Location,
    pub(crate) failures: Mutex<HashMap<String, (u32, Instant)>>,
    pub(crate) secure_cookies: bool,
    /// A hash no password matches, checked for unknown accounts so that a
    /// login takes as long whether the account exists or not.
    pub(crate) dummy_hash: String,
    limits: Limits,
}

impl App {
    pub fn open(location: &Location, secure_cookies: bool) -> Result<App> {
        let mut first = store::open(location)?;
        let generation = first.generation()?;
        let snapshot = Snapshot::read(first.as_mut(), location.display())?;
        drop(first);
        Ok(App {
            reads: pool(location, 8)?,
            writes: pool(location, 2)?,
            snapshot: RwLock::new(Arc::new(snapshot)),
            generation: AtomicU64::new(generation),
            renewing: Mutex::new(()),
            location: location.clone(),
            failures: Default::default(),
            secure_cookies,
            dummy_hash: crate::accounts::hash_password("no account has this password")?,
            limits: Limits::default(),
        })
    }

    /// The same, with other limits (tests try them small).
    pub fn with_limits(mut self, limits: Limits) -> App {
        self.limits = limits;
        self
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_else(|e| Arc::clone(&e.into_inner()))
    }

    /// Reads the records again, on a read connection, if the store moved
    /// past the snapshot's generation (or always, after a change made
    /// here); returns whether it did.
    fn renew(&self, always: bool) -> Result<bool> {
        let _one = self.renewing.lock().unwrap_or_else(|e| e.into_inner());
        let mut conn = self
            .reads
            .get()
            .map_err(|_| Error::Busy("no free connection".into()))?;
        let generation = conn.generation()?;
        if !always && generation == self.generation.load(Ordering::Acquire) {
            return Ok(false);
        }
        // Read after the generation: a write in between moves it again,
        // and the next look renews once more.
        let fresh = Arc::new(Snapshot::read(conn.as_mut(), self.location.display())?);
        if let Ok(mut s) = self.snapshot.write() {
            *s = fresh;
        }
        self.generation.store(generation, Ordering::Release);
        Ok(true)
    }

    /// After a change made here: the records read again at once.
    fn reload(&self) -> Result<()> {
        tokio::task::block_in_place(|| self.renew(true)).map(|_| ())
    }

    /// Runs `f` on a connection of `pool`. The stores are synchronous (the
    /// PostgreSQL client runs a small runtime of its own), so the call
    /// leaves the server's runtime for the time it takes.
    fn on<T>(&self, pool: &Pool, f: impl FnOnce(&mut dyn store::Store) -> Result<T>) -> Result<T> {
        tokio::task::block_in_place(|| {
            let mut conn = pool
                .get()
                .map_err(|_| Error::Busy("every connection to the workspace is taken".into()))?;
            f(conn.as_mut())
        })
    }

    /// Runs a read on a read connection.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&mut dyn store::Store) -> Result<T>) -> Result<T> {
        self.on(&self.reads, f)
    }

    /// Runs a write on a write connection.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut dyn store::Store) -> Result<T>) -> Result<T> {
        self.on(&self.writes, f)
    }
}

pub(crate) type Shared = Arc<App>;

/// Renews the snapshot whenever the store's generation moves, for as long
/// as the server runs.
fn watch(app: Shared) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(WATCH_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let app = Arc::clone(&app);
            match tokio::task::spawn_blocking(move || app.renew(false)).await {
                Ok(Ok(true)) => tracing::info!("records renewed after a change elsewhere"),
                Ok(Ok(false)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "reading the workspace's generation"),
                Err(e) => tracing::error!(error = %e, "the watcher's task"),
            }
        }
    });
}

/// The routes of the pages; those of the API come from its table
/// (`openapi::routes`), the one place they are declared.
fn routes() -> Router<Shared> {
    let mut router = Router::new()
        .route("/", get(public::dashboard))
        .route("/style.css", get(stylesheet))
        .route("/articles/{number}", get(public::article_page))
        .route("/regions/{code}", get(public::region_page))
        .route("/report.{format}", get(public::report_download))
        .route("/login", get(people::login_form).post(people::login))
        .route("/logout", post(people::logout))
        .route("/states/{code}", get(portal::state_page))
        .route("/states/{code}/addressed", post(portal::mark_addressed))
        .route("/states/{code}/review", post(portal::edit_review))
        .route("/states/{code}/proposals", post(portal::propose))
        .route("/states/{code}/sharing", post(assistance::set_sharing))
        .route("/states/{code}/assistance", post(assistance::record))
        .route("/states/{code}/needs/text", post(portal::edit_need_text))
        .route("/states/{code}/needs/remove", post(portal::remove_need))
        .route("/proposals/{id}", post(portal::decide))
        .route("/search", get(finder::needs_page))
        .route(
            "/accounts",
            get(people::accounts_page).post(people::add_account),
        )
        .route("/accounts/{name}/remove", post(people::remove_account))
        .route(
            "/import",
            get(upload::import_form)
                .post(upload::import_upload)
                .layer(axum::extract::DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            "/readings",
            get(readings::list)
                .post(readings::upload)
                .layer(axum::extract::DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            "/readings/{id}",
            get(readings::review).post(readings::decide),
        )
        .route("/assistance", get(assistance::assistance_page))
        .route("/assistance.csv", get(assistance::assistance_csv))
        .route("/assistance/{id}", post(assistance::update))
        .route("/assistance/{id}/withdraw", post(assistance::withdraw))
        .route(
            "/password",
            get(people::password_form).post(people::change_password),
        )
        .route("/needs", get(finder::needs_page))
        .route("/needs.{format}", get(finder::needs_download))
        .route("/gaps", get(gaps::gaps_page))
        .route("/gaps.{format}", get(gaps::gaps_download))
        .route("/data", get(opendata::data_page))
        .route("/data/{file}", get(opendata::data_file))
        .route("/links", post(activities::accept))
        .route("/states/{code}/plan", get(plans::plan_page))
        .route("/states/{code}/plan.{format}", get(plans::plan_download))
        .route("/states/{code}/plan/draft", post(plans::draft))
        .route("/states/{code}/plan/items", post(plans::add_item))
        .route("/states/{code}/plan/items/{id}", post(plans::edit_item))
        .route(
            "/states/{code}/plan/items/{id}/notes",
            post(plans::add_note),
        )
        .route("/states/{code}/plan/publish", post(plans::publish))
        .route("/plans", get(plans::overview))
        .route("/feeds/needs.atom", get(feeds::public_feed))
        .route("/feeds/private.atom", get(feeds::private_feed))
        .route(
            "/subscriptions",
            get(subscriptions::list).post(subscriptions::subscribe),
        )
        .route("/subscriptions/{id}/remove", post(subscriptions::remove))
        .route("/healthz", get(|| async { "ok" }));
    let mut api: Vec<(&'static str, axum::routing::MethodRouter<Shared>)> = Vec::new();
    for r in openapi::routes() {
        match api.iter_mut().find(|(p, _)| *p == r.path) {
            Some((_, m)) => *m = std::mem::take(m).merge((r.handler)()),
            None => api.push((r.path, (r.handler)())),
        }
    }
    for (path, methods) in api {
        router = router.route(path, methods);
    }
    router
        .fallback(|| async { WebError::not_found("no such page") })
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
}

/// The routes on an app, with every layer: what a test drives without a
/// socket (no watcher runs).
pub fn router(app: App) -> Router {
    let limits = app.limits;
    let secure = app.secure_cookies;
    let shared = Arc::new(app);
    server::layered(
        routes().with_state(Arc::clone(&shared)),
        shared,
        limits,
        secure,
    )
}

/// Serves `app` on `listen` from a thread of its own; returns the address
/// it listens on (tests and benchmarks).
pub fn spawn(app: App, listen: SocketAddr) -> Result<SocketAddr> {
    let std_listener = std::net::TcpListener::bind(listen)
        .map_err(|e| Error::Usage(format!("--listen {listen}: {e}")))?;
    std_listener
        .set_nonblocking(true)
        .map_err(|e| Error::Other(e.to_string()))?;
    let bound = std_listener
        .local_addr()
        .map_err(|e| Error::Other(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the server: {e}")))?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) else {
                return;
            };
            let (router, limits) = start(app);
            server::run(listener, router, limits, std::future::pending()).await;
        });
    });
    Ok(bound)
}

/// Inside the runtime: the watcher started, and the layered router.
fn start(app: App) -> (Router, Limits) {
    let limits = app.limits;
    let secure = app.secure_cookies;
    let shared = Arc::new(app);
    watch(Arc::clone(&shared));
    (
        server::layered(
            routes().with_state(Arc::clone(&shared)),
            shared,
            limits,
            secure,
        ),
        limits,
    )
}

/// Runs the server until interrupted, logging to standard error at the
/// levels `RUST_LOG` names (`info` by default).
pub fn serve(
    location: &Location,
    listen: SocketAddr,
    secure_cookies: bool,
    mail: crate::alerts::notify::MailArgs,
) -> Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours for a terminal only, not for a file the log goes to.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    if mail.smtp.is_some() {
        crate::alerts::notify::check(&mail)?;
    }
    let app = App::open(location, secure_cookies)?;
    let snapshot = app.snapshot();
    let digests = location.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| Error::Usage(format!("--listen {listen}: {e}")))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::Other(e.to_string()))?;
        eprintln!(
            "serving {} on http://{bound}/ ({} reviews, {} needs); Ctrl-C stops",
            snapshot.workspace,
            snapshot.registry.reviews.len(),
            snapshot.registry.needs.len()
        );
        drop(snapshot);
        if mail.smtp.is_some() {
            daily_digests(digests, mail);
        }
        let (router, limits) = start(app);
        server::run(listener, router, limits, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
        Ok(())
    })
}

/// The hour (UTC) of the daily digests.
const DIGEST_HOUR: i64 = 6;

/// The next daily run after `now` (seconds since 1970).
fn next_digests(now: i64) -> i64 {
    let today = now.div_euclid(86_400) * 86_400 + DIGEST_HOUR * 3_600;
    if today > now { today } else { today + 86_400 }
}

/// With `--smtp`: the subscriptions' digests sent once a day, as `tana
/// notify` sends them, for as long as the server runs.
fn daily_digests(location: Location, mail: crate::alerts::notify::MailArgs) {
    tokio::spawn(async move {
        loop {
            let now = crate::clock::now();
            let wait = u64::try_from(next_digests(now) - now).unwrap_or(0);
            tokio::time::sleep(Duration::from_secs(wait)).await;
            let (location, mail) = (location.clone(), mail.clone());
            let ran = tokio::task::spawn_blocking(move || {
                let mut said = Vec::new();
                let failed =
                    crate::alerts::notify::send_digests(&location, &mail, None, false, &mut said);
                (failed, String::from_utf8_lossy(&said).into_owned())
            })
            .await;
            match ran {
                Ok((Ok(failed), said)) => {
                    for line in said.lines().filter(|l| !l.is_empty()) {
                        tracing::info!(target: "tana::notify", "{line}");
                    }
                    if failed > 0 {
                        tracing::warn!(target: "tana::notify", failed, "digests not sent");
                    }
                }
                Ok((Err(e), _)) => {
                    tracing::warn!(target: "tana::notify", error = %e, "the digests")
                }
                Err(e) => tracing::error!(error = %e, "the digests' task"),
            }
        }
    });
}

/// The portal's own rules, after the report's stylesheet: a sober page
/// in the manner of UN documents (serif headings, a sans-serif body and
/// forms, UN blue as the one accent), readable at 360 px and on paper.
const PORTAL_STYLE: &str = include_str!("portal.css");

/// The pages' stylesheet, served as a file: the policy allows no inline
/// style of the portal's own.
async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        format!("{}{PORTAL_STYLE}", crate::report::html::STYLE),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_daily_digests_run_at_their_hour() {
        let day = 1_398_643_200; // 2014-04-28T00:00:00Z
        let at_six = day + super::DIGEST_HOUR * 3_600;
        assert_eq!(super::next_digests(day), at_six);
        assert_eq!(super::next_digests(at_six - 1), at_six);
        assert_eq!(super::next_digests(at_six), at_six + 86_400);
    }
}
