//! The JSON API behind the page: parameters in, the core's answers out. Bad parameters get
//! 400 with `{"error": ...}` saying what to fix, a missing article 404; user input never
//! produces a 500.
//!
//! | endpoint | answer |
//! |---|---|
//! | `GET /api/search?q=&source=&from=&to=&limit=&offset=&articles=&stories=&sort=relevance\|newest\|oldest&any=&as_typed=&no_variants=` | as `bahth search --json` |
//! | `GET /api/histogram?q=&by=month\|week\|day\|source&unit=articles\|passages\|stories&...` | as `bahth count --json` |
//! | `GET /api/stories?min_size=2&limit=100` | as `bahth stories --json` |
//! | `GET /api/export?format=csv\|jsonl&...` (the search parameters) | every hit, as a download |
//! | `GET /api/article/{id}?q=` | the whole article, every match of `q` highlighted |
//! | `GET /api/stats` | as `bahth stats --json` |
//! | `POST /api/batch` `{"names": [...], "source": [...], "from", "to"}` | per name: articles, per outlet, first and last date |

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::State;
use crate::error::UserError;
use crate::search::count::{By, Unit};
use crate::search::{self, Request};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most hits one page may ask for.
pub const MAX_LIMIT: usize = 1000;
/// Deepest offset.
pub const MAX_OFFSET: usize = 100_000;
/// Most names in one batch.
pub const MAX_BATCH: usize = 1000;

/// An error response: `{"error": message}`.
pub fn error(code: StatusCode, message: impl Into<String>) -> Response {
    (code, Json(serde_json::json!({"error": message.into()}))).into_response()
}

fn bad(message: impl Into<String>) -> Response {
    error(StatusCode::BAD_REQUEST, message)
}

/// A core error: the user's (a query with no words, bad date) is a 400, anything else a 500.
fn core_error(e: anyhow::Error) -> Response {
    match e.downcast_ref::<UserError>() {
        Some(u) => bad(u.0.clone()),
        None => error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
    }
}

type Params = Vec<(String, String)>;

fn one<'a>(p: &'a Params, key: &str) -> Option<&'a str> {
    p.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn flag(p: &Params, key: &str) -> Result<bool, String> {
    match one(p, key) {
        None | Some("") | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(v) => Err(format!("{key}={v:?}: give true or false")),
    }
}

fn number(p: &Params, key: &str, default: usize, range: std::ops::RangeInclusive<usize>) -> Result<usize, String> {
    match one(p, key) {
        None | Some("") => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| format!("{key}={v:?}: give a whole number from {} to {}", range.start(), range.end())),
    }
}

/// The request the page's parameters make (the same the CLI builds), or what to fix.
fn request(p: &Params) -> Result<Request, String> {
    let q = one(p, "q").unwrap_or("").trim();
    if q.is_empty() {
        return Err("q is empty: give a name or words to search for".into());
    }
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(format!("q is over {MAX_QUERY_CHARS} characters: shorten the query"));
    }
    let mut req = Request::new(q);
    req.sources = p.iter().filter(|(k, v)| k == "source" && !v.is_empty()).map(|(_, v)| v.clone()).collect();
    req.from = one(p, "from").filter(|v| !v.is_empty()).map(str::to_string);
    req.to = one(p, "to").filter(|v| !v.is_empty()).map(str::to_string);
    req.added_since = one(p, "added_since").filter(|v| !v.is_empty()).map(str::to_string);
    req.limit = number(p, "limit", 10, 1..=MAX_LIMIT)?;
    req.offset = number(p, "offset", 0, 0..=MAX_OFFSET)?;
    req.articles = flag(p, "articles")?;
    req.stories = flag(p, "stories")?;
    req.sort = match one(p, "sort").filter(|v| !v.is_empty()) {
        None => search::order::Sort::Relevance,
        Some(v) => {
            search::order::Sort::parse(v).ok_or_else(|| format!("sort={v:?}: give relevance, newest or oldest"))?
        }
    };
    req.any = flag(p, "any")?;
    req.as_typed = flag(p, "as_typed")?;
    req.variants = !flag(p, "no_variants")?;
    Ok(req)
}

/// Runs an interactive search on the worker that received the request. These take a
/// millisecond or two (20 ms for the commonest word in ant-news with every count), and
/// handing them to a pool thread cost two thread wake-ups a request: 14% of throughput with 8
/// reporters, and a longer tail. Long jobs (exports, batches, story listings, articles)
/// still go to the blocking pool. A panic is answered as an error, as on the pool.
fn inline<T: Serialize>(f: impl FnOnce() -> anyhow::Result<T>) -> Response {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => core_error(e),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "the search stopped unexpectedly".to_string()),
    }
}

async fn blocking<T: Serialize + Send + 'static>(f: impl FnOnce() -> anyhow::Result<T> + Send + 'static) -> Response {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => core_error(e),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("the search stopped: {e}")),
    }
}

/// `GET /api/search`.
pub async fn search(AxState(st): AxState<Arc<State>>, Query(p): Query<Params>) -> Response {
    let req = match request(&p) {
        Ok(r) => r,
        Err(m) => return bad(m),
    };
    inline(move || search::search(&st.store, &st.reader.searcher(), &req, Default::default()))
}

/// `GET /api/export?format=csv|jsonl&...`: every hit of the search (no 1,000 cap), as a
/// download streamed a page of hits at a time ([`search::export`]): the server holds one page,
/// however many articles match. An error before the first page is an ordinary error answer;
/// one after it cuts the download short (the status line has gone).
pub async fn export(AxState(st): AxState<Arc<State>>, Query(p): Query<Params>) -> Response {
    let mut req = match request(&p) {
        Ok(r) => r,
        Err(m) => return bad(m),
    };
    req.offset = 0;
    let csv = match one(&p, "format").unwrap_or("csv") {
        "csv" => true,
        "jsonl" => false,
        other => return bad(format!("format={other:?}: give csv or jsonl")),
    };
    type Chunk = Result<Vec<u8>, std::io::Error>;
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(2);
    let (first_tx, first_rx) = tokio::sync::oneshot::channel::<anyhow::Result<()>>();
    tokio::task::spawn_blocking(move || {
        let mut first = Some(first_tx);
        // The CSV header and byte-order mark go out with the first page.
        let mut writer = None;
        if csv {
            match crate::output::export::Csv::start(Vec::new()) {
                Ok(w) => writer = Some(w),
                Err(e) => {
                    if let Some(t) = first.take() {
                        let _ = t.send(Err(e));
                    }
                    return;
                }
            }
        }
        let done = search::export(&st.store, &st.reader.searcher(), &req, |hits| {
            let mut page = Vec::new();
            match writer.as_mut() {
                Some(w) => {
                    w.rows(hits)?;
                    page = std::mem::take(w.get_mut());
                }
                None => crate::output::export::write_jsonl(&mut page, hits)?,
            }
            if let Some(t) = first.take() {
                let _ = t.send(Ok(()));
            }
            tx.blocking_send(Ok(page)).map_err(|_| anyhow::anyhow!("the client closed the download"))
        });
        if let Err(e) = done {
            match first.take() {
                Some(t) => {
                    let _ = t.send(Err(e));
                }
                None => {
                    let _ = tx.blocking_send(Err(std::io::Error::other(format!("the export stopped: {e}"))));
                }
            }
        }
    });
    match first_rx.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return core_error(e),
        Err(_) => return error(StatusCode::INTERNAL_SERVER_ERROR, "the export stopped".to_string()),
    }
    let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|chunk| (chunk, rx)) });
    let (kind, name) =
        if csv { ("text/csv; charset=utf-8", "bahth.csv") } else { ("application/x-ndjson", "bahth.jsonl") };
    (
        [
            (axum::http::header::CONTENT_TYPE, kind.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response()
}

/// `GET /api/histogram`.
pub async fn histogram(AxState(st): AxState<Arc<State>>, Query(p): Query<Params>) -> Response {
    let req = match request(&p) {
        Ok(r) => r,
        Err(m) => return bad(m),
    };
    let by = match one(&p, "by").unwrap_or("month") {
        "month" => By::Month,
        "week" => By::Week,
        "day" => By::Day,
        "source" => By::Source,
        other => return bad(format!("by={other:?}: give month, week, day or source")),
    };
    let unit = match (one(&p, "unit").filter(|u| !u.is_empty()), flag(&p, "passages")) {
        (_, Err(m)) => return bad(m),
        (Some("articles"), _) => Unit::Articles,
        (Some("passages"), _) => Unit::Passages,
        (Some("stories"), _) => Unit::Stories,
        (Some(other), _) => return bad(format!("unit={other:?}: give articles, passages or stories")),
        (None, Ok(true)) => Unit::Passages,
        (None, Ok(false)) => Unit::Articles,
    };
    inline(move || search::count_request(&st.store, &st.reader.searcher(), &req, &[by], unit))
}

/// `GET /api/stories`: the stories told more than once, largest first.
pub async fn stories(AxState(st): AxState<Arc<State>>, Query(p): Query<Params>) -> Response {
    let (min_size, limit) = match (number(&p, "min_size", 2, 2..=100_000), number(&p, "limit", 100, 1..=MAX_LIMIT)) {
        (Ok(m), Ok(l)) => (m, l),
        (Err(e), _) | (_, Err(e)) => return bad(e),
    };
    blocking(move || {
        let searcher = st.reader.searcher();
        crate::stories::Stories::of(&st.store, &searcher)?.listing(&st.store, &searcher, min_size, limit)
    })
    .await
}

/// `GET /api/stats`.
pub async fn stats(AxState(st): AxState<Arc<State>>) -> Response {
    inline(move || crate::stats::stats(&st.store))
}

/// `GET /api/article/{id}`.
pub async fn article(AxState(st): AxState<Arc<State>>, Path(id): Path<String>, Query(p): Query<Params>) -> Response {
    let q = one(&p, "q").map(str::to_string);
    if q.as_ref().is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS) {
        return bad(format!("q is over {MAX_QUERY_CHARS} characters"));
    }
    let found = tokio::task::spawn_blocking(move || {
        search::article::article(&st.store, &st.reader.searcher(), &id, q.as_deref()).map(|a| (a, id))
    })
    .await;
    match found {
        Ok(Ok((Some(a), _))) => Json(a).into_response(),
        Ok(Ok((None, id))) => error(StatusCode::NOT_FOUND, format!("no article with id {id:?} in this index")),
        Ok(Err(e)) => core_error(e),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e}")),
    }
}

/// The body of `POST /api/batch`.
#[derive(Debug, Deserialize)]
pub struct Batch {
    /// Names, one query each.
    pub names: Vec<String>,
    /// Outlet filter.
    #[serde(default)]
    pub source: Vec<String>,
    /// Date range.
    pub from: Option<String>,
    /// Date range end.
    pub to: Option<String>,
    /// Only articles added by the last index run (`last`) or since a date.
    #[serde(default)]
    pub added_since: Option<String>,
}

/// One name's row of a batch.
#[derive(Debug, Serialize)]
pub struct BatchRow {
    /// The name as given.
    pub name: String,
    /// Articles that mention it.
    pub articles: u64,
    /// Articles per outlet.
    pub sources: BTreeMap<String, u64>,
    /// First and last dates with a mention.
    pub first: Option<String>,
    /// Last date.
    pub last: Option<String>,
    /// Why the name could not be searched, if it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `POST /api/batch`.
pub async fn batch(
    AxState(st): AxState<Arc<State>>,
    body: Result<Json<Batch>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(b)) = body else {
        return bad("the body must be JSON: {\"names\": [\"name\", ...]} (optionally source, from, to, added_since)");
    };
    let names: Vec<String> = b.names.iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
    if names.is_empty() {
        return bad("names is empty: give one name per line");
    }
    if names.len() > MAX_BATCH {
        return bad(format!("{} names: a batch takes at most {MAX_BATCH}", names.len()));
    }
    if let Some(long) = names.iter().find(|n| n.chars().count() > MAX_QUERY_CHARS) {
        return bad(format!(
            "a name is over {MAX_QUERY_CHARS} characters: {:?}…",
            long.chars().take(40).collect::<String>()
        ));
    }
    blocking(move || {
        let searcher = st.reader.searcher();
        let mut rows = Vec::with_capacity(names.len());
        for name in names {
            let mut req = Request::new(&name);
            req.sources = b.source.clone();
            req.from = b.from.clone();
            req.to = b.to.clone();
            req.added_since = b.added_since.clone();
            let by_source = search::count_request(&st.store, &searcher, &req, &[By::Source], Unit::Articles);
            let by_day = search::count_request(&st.store, &searcher, &req, &[By::Day], Unit::Articles);
            let row = match (by_source, by_day) {
                (Ok(s), Ok(d)) => {
                    let days: Vec<&str> =
                        d.counts.rows.iter().filter(|r| r.count > 0).map(|r| r.key[0].as_str()).collect();
                    BatchRow {
                        name,
                        articles: s.counts.total,
                        sources: s.counts.rows.into_iter().map(|r| (r.key[0].clone(), r.count)).collect(),
                        first: days.first().map(|d| d.to_string()),
                        last: days.last().map(|d| d.to_string()),
                        error: None,
                    }
                }
                (Err(e), _) | (_, Err(e)) => {
                    if e.downcast_ref::<UserError>().is_none() {
                        return Err(e);
                    }
                    BatchRow {
                        name,
                        articles: 0,
                        sources: BTreeMap::new(),
                        first: None,
                        last: None,
                        error: Some(format!("{e}")),
                    }
                }
            };
            rows.push(row);
        }
        Ok(rows)
    })
    .await
}
