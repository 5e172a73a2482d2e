//! A response cache for anonymous reads: the same public page or API answer is
//! rendered once and then served from memory.
//!
//! Safety rules, so no one ever sees another person's answer or a stale one
//! after their own write:
//! - only `GET` without `Authorization`, without conditional headers, and whose
//!   response is a 200 with no `Set-Cookie` and a body of known size are cached;
//! - the key holds the URI and every request header that can change the answer
//!   (`Accept-Language`, `Cookie`, and htmx's `HX-Request`, `HX-Boosted`,
//!   `HX-History-Restore-Request`);
//! - any successful write through this node (a non-GET answered below 400) empties
//!   the cache at once, so a writer reads their own write;
//! - an entry lives at most `MAX_AGE`: writes made through other nodes, or by the
//!   CLI, show up within that time.
//!
//! An entry keeps the response's extensions too, among them the route template
//! the metrics layer (outside this one) labels the answer with: a hit counts
//! under its route, not as `unmatched`.
//!
//! An entry also keeps its gzip form, made once when the first reader that
//! accepts gzip stores it: compressing the home page's map on every hit cost more
//! than rendering it (docs/BENCHMARKS.md, "Website pages").

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// How long an entry is trusted without a local write.
pub const MAX_AGE: Duration = Duration::from_secs(1);
/// Bodies larger than this are not kept.
const MAX_BODY: u64 = 256 * 1024;
/// Total bytes kept, keys and headers included; the cache empties itself when
/// full (simple and bounded).
const MAX_TOTAL: usize = 32 * 1024 * 1024;
/// What an entry costs besides its key, headers and bodies: the map's slot, the
/// `Entry` itself and its extensions, roughly.
const ENTRY_OVERHEAD: usize = 256;
/// Shorter bodies are kept as they are: gzip would save nothing worth its header.
const MIN_GZIP: usize = 512;
/// Same level as the compression layer (middleware/compression.rs).
const GZIP_LEVEL: u32 = 4;

#[derive(Clone)]
struct Entry {
    at: Instant,
    headers: HeaderMap,
    /// The route template (`MatchedPath`) and whatever else inner layers attached.
    extensions: Extensions,
    body: Bytes,
    /// `body` gzipped, when the type compresses and a reader accepted gzip.
    gzip: Option<Bytes>,
}

impl Entry {
    /// Bytes held for this entry under `key`. The key and the headers count too:
    /// a key holds the whole URI and `Cookie` header, which a client chooses, so
    /// counting bodies alone let tiny answers under long random keys grow the
    /// cache far past `MAX_TOTAL`.
    fn size(&self, key: &str) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 32)
            .sum();
        ENTRY_OVERHEAD
            + key.len()
            + headers
            + self.body.len()
            + self.gzip.as_ref().map_or(0, Bytes::len)
    }

    /// The answer for a reader, in gzip when they accept it and it exists.
    fn response(&self, gzip_ok: bool, hit: bool) -> Response {
        let gzip = self.gzip.as_ref().filter(|_| gzip_ok);
        let mut response = Response::new(Body::from(gzip.unwrap_or(&self.body).clone()));
        *response.headers_mut() = self.headers.clone();
        *response.extensions_mut() = self.extensions.clone();
        let h = response.headers_mut();
        // The body's own length is set by the server.
        h.remove(header::CONTENT_LENGTH);
        if self.gzip.is_some() {
            h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if gzip.is_some() {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        if hit {
            h.insert("x-cache", HeaderValue::from_static("hit"));
        }
        response
    }
}

/// Whether the request's `Accept-Encoding` takes gzip (by name or `*`, q > 0).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut pieces = part.split(';');
            let coding = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && q > 0.0
        })
}

/// Text-like types compress; images (but SVG), archives and encoded bodies do not.
fn compressible(headers: &HeaderMap) -> bool {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    !headers.contains_key(header::CONTENT_ENCODING)
        && (kind.starts_with("text/")
            || kind.starts_with("application/json")
            || kind.starts_with("application/problem+json")
            || kind.starts_with("application/javascript")
            || kind.starts_with("image/svg+xml"))
}

fn worth_gzip(headers: &HeaderMap, body: &[u8]) -> bool {
    body.len() >= MIN_GZIP && compressible(headers)
}

fn gzip(body: &[u8]) -> Option<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::new(GZIP_LEVEL),
    );
    encoder.write_all(body).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    bytes: usize,
}

/// Shared by all requests of one node; cheap to clone.
#[derive(Clone, Default)]
pub struct ResponseCache {
    inner: Arc<RwLock<Inner>>,
    enabled: bool,
}

impl ResponseCache {
    pub fn new(enabled: bool) -> Self {
        ResponseCache {
            inner: Arc::default(),
            enabled,
        }
    }

    fn get(&self, key: &str) -> Option<Entry> {
        let inner = self.inner.read().ok()?;
        inner
            .entries
            .get(key)
            .filter(|e| e.at.elapsed() < MAX_AGE)
            .cloned()
    }

    fn put(&self, key: String, entry: Entry) {
        let Ok(mut inner) = self.inner.write() else {
            return;
        };
        if let Some(old) = inner.entries.remove(&key) {
            inner.bytes = inner.bytes.saturating_sub(old.size(&key));
        }
        let size = entry.size(&key);
        if inner.bytes + size > MAX_TOTAL {
            inner.entries.clear();
            inner.bytes = 0;
        }
        if size <= MAX_TOTAL {
            inner.bytes += size;
            inner.entries.insert(key, entry);
        }
    }

    /// Forgets everything: called after every successful local write.
    pub fn clear(&self) {
        if let Ok(mut inner) = self.inner.write() {
            inner.entries.clear();
            inner.bytes = 0;
        }
    }
}

fn key(request: &Request) -> Option<String> {
    let h = request.headers();
    let conditional =
        h.contains_key(header::IF_NONE_MATCH) || h.contains_key(header::IF_MODIFIED_SINCE);
    let value = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    // Signed-in pages are personal: not worth memory, and never to be shared.
    let signed_in = value("cookie").contains("mhub_session");
    if request.method() != Method::GET
        || h.contains_key(header::AUTHORIZATION)
        || conditional
        || signed_in
    {
        return None;
    }
    Some(format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.uri(),
        value("accept-language"),
        value("cookie"),
        value("hx-request"),
        value("hx-boosted"),
        value("hx-history-restore-request")
    ))
}

fn cacheable(response: &Response) -> bool {
    let h = response.headers();
    let no_store = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store") || v.contains("private"));
    response.status() == StatusCode::OK
        && !h.contains_key(header::SET_COOKIE)
        && !no_store
        && response
            .body()
            .size_hint()
            .exact()
            .is_some_and(|n| n <= MAX_BODY)
}

pub async fn middleware(
    State(cache): State<ResponseCache>,
    request: Request,
    next: Next,
) -> Response {
    if !cache.enabled {
        return next.run(request).await;
    }
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let Some(key) = key(&request) else {
        let response = next.run(request).await;
        if unsafe_method && response.status().as_u16() < 400 {
            cache.clear();
        }
        return response;
    };
    let gzip_ok = accepts_gzip(request.headers());
    if let Some(mut entry) = cache.get(&key) {
        // Stored for a reader without gzip: add the gzip form once, for the others.
        if gzip_ok && entry.gzip.is_none() && worth_gzip(&entry.headers, &entry.body) {
            entry.gzip = gzip(&entry.body);
            cache.put(key, entry.clone());
        }
        return entry.response(gzip_ok, true);
    }
    let response = next.run(request).await;
    if !cacheable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    // The size is known and bounded (checked above), so collecting cannot run away.
    match axum::body::to_bytes(body, MAX_BODY as usize).await {
        Ok(bytes) => {
            let gzip = if gzip_ok && worth_gzip(&parts.headers, &bytes) {
                gzip(&bytes)
            } else {
                None
            };
            let entry = Entry {
                at: Instant::now(),
                headers: parts.headers,
                extensions: parts.extensions,
                body: bytes,
                gzip,
            };
            let response = entry.response(gzip_ok, false);
            cache.put(key, entry);
            response
        }
        Err(_) => {
            let mut failed = Response::new(Body::empty());
            *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;

    fn app(cache: ResponseCache, renders: Arc<AtomicUsize>) -> Router {
        let r = renders.clone();
        Router::new()
            .route(
                "/page",
                get(move || {
                    let n = r.fetch_add(1, Ordering::SeqCst) + 1;
                    async move { format!("render {n}") }
                })
                .post(|| async { "written" }),
            )
            .route(
                "/cookie",
                get(|| async { ([(header::SET_COOKIE, "a=b")], "x") }),
            )
            .route(
                "/long",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        "<p>practice</p>".repeat(500),
                    )
                }),
            )
            .layer(axum::middleware::from_fn_with_state(cache, middleware))
    }

    async fn body(app: &Router, req: Request) -> (String, bool) {
        let res = app.clone().oneshot(req).await.unwrap();
        let hit = res.headers().contains_key("x-cache");
        let bytes = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
        (String::from_utf8(bytes.to_vec()).unwrap(), hit)
    }

    fn get_req(uri: &str) -> Request {
        Request::get(uri).body(Body::empty()).unwrap()
    }

    #[tokio::test]
    async fn repeats_are_served_from_memory_until_a_local_write() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(ResponseCache::new(true), renders.clone());
        assert_eq!(
            body(&app, get_req("/page")).await,
            ("render 1".into(), false)
        );
        assert_eq!(
            body(&app, get_req("/page")).await,
            ("render 1".into(), true)
        );
        // Personal requests bypass the cache.
        let auth = Request::get("/page")
            .header(header::AUTHORIZATION, "Bearer x")
            .body(Body::empty())
            .unwrap();
        assert_eq!(body(&app, auth).await.0, "render 2");
        let other_cookie = Request::get("/page")
            .header(header::COOKIE, "mhub_session=s")
            .body(Body::empty())
            .unwrap();
        assert_eq!(body(&app, other_cookie).await.0, "render 3");
        // A write empties the cache.
        let post = Request::post("/page").body(Body::empty()).unwrap();
        assert_eq!(body(&app, post).await.0, "written");
        assert_eq!(
            body(&app, get_req("/page")).await,
            ("render 4".into(), false)
        );
        tokio::time::sleep(MAX_AGE + Duration::from_millis(50)).await;
        assert_eq!(
            body(&app, get_req("/page")).await,
            ("render 5".into(), false),
            "entries expire"
        );
        // Responses setting cookies are never kept.
        body(&app, get_req("/cookie")).await;
        assert!(!body(&app, get_req("/cookie")).await.1);
    }

    #[tokio::test]
    async fn entries_keep_a_gzip_form_for_readers_who_accept_it() {
        use std::io::Read;
        let app = app(ResponseCache::new(true), Arc::new(AtomicUsize::new(0)));
        let gzip_req = || {
            Request::get("/long")
                .header(header::ACCEPT_ENCODING, "br;q=1, gzip;q=0.8")
                .body(Body::empty())
                .unwrap()
        };
        let original = "<p>practice</p>".repeat(500);
        for expect_hit in [false, true] {
            let res = app.clone().oneshot(gzip_req()).await.unwrap();
            assert_eq!(res.headers().contains_key("x-cache"), expect_hit);
            assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
            assert!(
                res.headers()
                    .get_all(header::VARY)
                    .iter()
                    .any(|v| v == "accept-encoding")
            );
            let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
                .await
                .unwrap();
            assert!(bytes.len() < original.len() / 4);
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .unwrap();
            assert_eq!(text, original);
        }
        // Readers refusing gzip, or not asking for it, get the same entry as is.
        for refusal in ["gzip;q=0", "identity", ""] {
            let res = app
                .clone()
                .oneshot(
                    Request::get("/long")
                        .header(header::ACCEPT_ENCODING, refusal)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            assert!(res.headers().contains_key("x-cache"), "{refusal}");
            assert!(
                !res.headers().contains_key(header::CONTENT_ENCODING),
                "{refusal}"
            );
            let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
                .await
                .unwrap();
            assert_eq!(bytes, original.as_bytes());
        }
        // Stored first for a reader without gzip, the entry gains its gzip form
        // at the next reader who accepts it.
        let post = Request::post("/page").body(Body::empty()).unwrap();
        app.clone().oneshot(post).await.unwrap();
        let plain = app.clone().oneshot(get_req("/long")).await.unwrap();
        assert!(!plain.headers().contains_key("x-cache"));
        let res = app.clone().oneshot(gzip_req()).await.unwrap();
        assert!(res.headers().contains_key("x-cache"));
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    }

    #[test]
    fn long_keys_count_against_the_bound() {
        // Tiny answers under long keys a client chose (random query strings or
        // cookies): what the cache holds must stay within MAX_TOTAL.
        let cache = ResponseCache::new(true);
        let entry = Entry {
            at: Instant::now(),
            headers: HeaderMap::new(),
            extensions: Extensions::new(),
            body: Bytes::from_static(b"ok"),
            gzip: None,
        };
        let long = "q".repeat(64 * 1024);
        for n in 0..(2 * MAX_TOTAL / long.len()) {
            cache.put(format!("/healthz?{n}{long}"), entry.clone());
        }
        let inner = cache.inner.read().unwrap();
        let held: usize = inner
            .entries
            .iter()
            .map(|(key, e)| key.len() + e.body.len())
            .sum();
        assert!(held <= MAX_TOTAL, "{held} bytes held, bound {MAX_TOTAL}");
        assert!(!inner.entries.is_empty());
        assert_eq!(
            inner.bytes,
            inner.entries.iter().map(|(k, e)| e.size(k)).sum::<usize>()
        );
    }

    #[tokio::test]
    async fn disabled_cache_renders_every_time() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(ResponseCache::new(false), renders.clone());
        body(&app, get_req("/page")).await;
        body(&app, get_req("/page")).await;
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }
}
