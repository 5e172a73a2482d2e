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

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// How long an entry is trusted without a local write.
pub const MAX_AGE: Duration = Duration::from_secs(1);
/// Bodies larger than this are not kept.
const MAX_BODY: u64 = 256 * 1024;
/// Total bytes kept; the cache empties itself when full (simple and bounded).
const MAX_TOTAL: usize = 32 * 1024 * 1024;

#[derive(Clone)]
struct Entry {
    at: Instant,
    headers: HeaderMap,
    body: Bytes,
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
        if inner.bytes + entry.body.len() > MAX_TOTAL {
            inner.entries.clear();
            inner.bytes = 0;
        }
        inner.bytes += entry.body.len();
        if let Some(old) = inner.entries.insert(key, entry) {
            inner.bytes = inner.bytes.saturating_sub(old.body.len());
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
    if let Some(entry) = cache.get(&key) {
        let mut response = Response::new(Body::from(entry.body));
        *response.headers_mut() = entry.headers;
        response
            .headers_mut()
            .insert("x-cache", HeaderValue::from_static("hit"));
        return response;
    }
    let response = next.run(request).await;
    if !cacheable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    // The size is known and bounded (checked above), so collecting cannot run away.
    match axum::body::to_bytes(body, MAX_BODY as usize).await {
        Ok(bytes) => {
            cache.put(
                key,
                Entry {
                    at: Instant::now(),
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                },
            );
            Response::from_parts(parts, Body::from(bytes))
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
    async fn disabled_cache_renders_every_time() {
        let renders = Arc::new(AtomicUsize::new(0));
        let app = app(ResponseCache::new(false), renders.clone());
        body(&app, get_req("/page")).await;
        body(&app, get_req("/page")).await;
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }
}
