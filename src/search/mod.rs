//! Search: user query → ranked passages with snippets, facet counts by source, and the
//! all-words → any-word fallback. Output formats live in [`crate::output`].

pub mod anyof;
pub mod article;
pub mod count;
pub mod filter;
pub mod group;
pub mod order;
pub mod parse;
pub mod query;
pub mod snippet;
pub mod suggest;
pub mod termstats;

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, ExistsQuery, Occur, Query};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::error::user;
use crate::schema::names;
use crate::stats::{source_name, ymd};
use crate::store::Store;
use crate::stories::{self, Stories};
use query::{Builder, MatchSet, Mode, Weights};
use termstats::TermStats;

/// A search request.
#[derive(Debug, Clone)]
pub struct Request {
    /// The user query.
    pub query: String,
    /// Outlet filter (OR'ed).
    pub sources: Vec<String>,
    /// Date range.
    pub from: Option<String>,
    /// Date range end.
    pub to: Option<String>,
    /// Hits returned.
    pub limit: usize,
    /// Hits skipped.
    pub offset: usize,
    /// Any-word ranking.
    pub any: bool,
    /// Group by article.
    pub articles: bool,
    /// Match name variants.
    pub variants: bool,
    /// Only the typed forms (normalization and clitics; no stems, no variants).
    pub as_typed: bool,
    /// Include tantivy's score explanation.
    pub explain: bool,
    /// Compute snippets.
    pub snippets: bool,
    /// Compute facet counts.
    pub facets: bool,
    /// Count every hit (total_hits); without it total_hits counts the hits returned.
    pub count: bool,
    /// One hit per story (implies `articles`): the earliest copy among the matches, its
    /// copies beneath; total and facets count stories.
    pub stories: bool,
    /// Relevance (default), newest or oldest first (undated last).
    pub sort: order::Sort,
    /// Only articles added by the last index run (`last`) or since a date.
    pub added_since: Option<String>,
    /// Group every matching passage, not the best few (exports page through grouped hits, and
    /// each page must see the same articles in the same order).
    pub every: bool,
}

impl Request {
    /// A request with the CLI's defaults.
    pub fn new(query: &str) -> Request {
        Request {
            query: query.to_string(),
            sources: Vec::new(),
            from: None,
            to: None,
            limit: 10,
            offset: 0,
            any: false,
            articles: false,
            variants: true,
            as_typed: false,
            explain: false,
            snippets: true,
            facets: true,
            count: true,
            stories: false,
            sort: order::Sort::Relevance,
            added_since: None,
            every: false,
        }
    }
}

/// One hit (the JSON schema of a hit; see the README).
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank (offset included).
    pub rank: usize,
    /// BM25-based score.
    pub score: f32,
    /// Article id.
    pub article_id: String,
    /// File path.
    pub path: String,
    /// Outlet.
    pub source: String,
    /// YYYY-MM-DD or null.
    pub date: Option<String>,
    /// Article title.
    pub title: String,
    /// Authors, as the article's front matter or record gave them.
    pub authors: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// The article's URL at its outlet, when the source gave one (as given: check the scheme
    /// before making it a link). Stored with the article's lead passage (passage 0), so
    /// other passages' hits have null; the article view always has it.
    pub url: Option<String>,
    /// Passage number in the article.
    pub passage: u64,
    /// The whole passage, original text.
    pub text: String,
    /// Window of the passage around the matches.
    pub snippet: String,
    /// `[start, end)` char offsets of matched words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// The story the article belongs to: the id of its earliest copy (its own id when it
    /// has none).
    pub story: String,
    /// The article's copies (other articles of its story), earliest first; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<stories::Copy>,
    /// When the article first entered the index (`YYYY-MM-DDTHH:MM:SSZ`), if recorded.
    pub added: Option<String>,
    /// True when the last index run added it.
    pub new: bool,
    /// Score explanation (with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<serde_json::Value>,
}

/// The answer to a request.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// The query as given.
    pub query: String,
    /// Matching passages (or articles with `--articles`).
    pub total_hits: usize,
    /// What `total_hits` and the facet counts count: articles (`--articles`) or passages.
    pub unit: count::Unit,
    /// Wall time of the search, ms.
    pub took_ms: f64,
    /// Counts by facet: `source` → name → count in `unit`, over the matches without the
    /// outlet filter (so every outlet is listed), with the date filter.
    pub facets: Facets,
    /// The hits.
    pub hits: Vec<Hit>,
    /// True when no passage had all words and any-word ranking was used instead.
    pub fallback_any: bool,
    /// Hits left out by a date filter because their article has no date.
    pub undated_excluded: Option<usize>,
    /// The spellings the query's words reached, with passage counts (typed form first).
    pub spellings: Vec<crate::names::Spelling>,
    /// Candidate spellings the corpus showed to be other words, or had no evidence for (with
    /// `--explain`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejected>,
    /// Every form considered, in or out, with its kind, counts, evidence and verdict (with
    /// `--explain`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<crate::names::Verdict>,
    /// What in the query was read as punctuation rather than as an operator (a pasted
    /// headline's lone `-`, a quote never closed); absent when nothing was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// "Did you mean": corrected queries that find more, when this one finds almost nothing
    /// (see [`suggest`]); absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<suggest::Suggestion>,
}

/// A candidate spelling left out, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    /// The candidate form (a group of spellings is named by its base).
    pub stem: String,
    /// Why it is left out: what it would change, and the evidence.
    pub reason: String,
}

/// Facet counts, in the response's unit.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    /// Articles (or passages) per outlet.
    pub source: BTreeMap<String, u64>,
    /// True when an outlet filter applied: `source` then counts the matches of every outlet,
    /// as if it did not (to compare and pick outlets), while `total_hits` keeps it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub outlet_filter_ignored: bool,
}

/// Runs a request on an open index.
pub fn search(store: &Store, searcher: &Searcher, req: &Request, weights: Weights) -> Result<Response> {
    let started = Instant::now();
    search_parsed(store, searcher, req, parse::parse(&req.query), weights, started)
}

/// A query as a bag of words, never a syntax error (for evaluation and benchmarks): each
/// token of the analyzed text becomes one word.
pub fn bag_of_words(store: &Store, text: &str) -> parse::Parsed {
    let clauses = store
        .analyzer
        .analyze(text)
        .into_iter()
        .map(|t| parse::Clause {
            alternatives: vec![parse::Atom::Word {
                text: text[t.start..t.end].to_string(),
                fuzzy: false,
                title: false,
            }],
            negated: false,
        })
        .collect();
    parse::Parsed { clauses, ..Default::default() }
}

/// Runs an already-parsed query (`req.query` is only echoed back).
pub fn search_parsed(
    store: &Store,
    searcher: &Searcher,
    req: &Request,
    mut parsed: parse::Parsed,
    weights: Weights,
    started: Instant,
) -> Result<Response> {
    if req.stories {
        Stories::require(store)?;
    }
    parsed.sources.extend(req.sources.iter().cloned());
    let notes = std::mem::take(&mut parsed.notes);
    let fields = &store.fields;
    let mode = Mode { any: req.any, variants: req.variants, as_typed: req.as_typed };
    let mut builder = Builder::new(&store.analyzer, fields, weights, mode, searcher);
    let Some(mut text_query) = builder.build(&parsed) else {
        return Err(user(format!(
            "the query {:?} has no words to search for: give at least one word or number",
            req.query
        )));
    };
    let source_filter = filter::sources(fields, &parsed.sources);
    let date_filter = filter::dates(fields, req.from.as_deref(), req.to.as_deref())?;
    let last_run = store.last_run_for(searcher);
    let added_filter = filter::added_since(fields, req.added_since.as_deref(), last_run)?;
    let combine = |text: Box<dyn Query>, dates: bool| -> Box<dyn Query> {
        let dates = if dates { date_filter.as_deref() } else { None };
        with_filters(text, &[added_filter.as_deref(), source_filter.as_deref(), dates])
    };
    let mut query = combine(text_query.box_clone(), true);
    let mut fallback_any = false;
    let articles = req.articles || req.stories;
    let depth = if req.every && articles {
        searcher.search(&*query, &Count)?
    } else if req.stories {
        // Copies rank together, so a story's matches sit near each other: deeper than for
        // articles, by the largest stories' size.
        ((req.offset + req.limit) * 16).max(200)
    } else if articles {
        ((req.offset + req.limit) * 8).max(100)
    } else {
        req.offset + req.limit
    };
    // Articles and stories are counted from the ranking pass's own matches.
    let hits = articles && req.count;
    let mut top = run(&builder.stats, &*query, depth.max(1), req.facets && !articles, req.count, hits)?;
    if top.1.is_empty() && !req.any && !builder.all_left_out && parsed.clauses.iter().filter(|c| !c.negated).count() > 1
    {
        builder.mode.any = true;
        builder.matches = MatchSet::default();
        if let Some(q) = builder.build(&parsed) {
            text_query = q;
            query = combine(text_query.box_clone(), true);
            top = run(&builder.stats, &*query, depth.max(1), req.facets && !articles, req.count, hits)?;
            fallback_any = top.0 > 0;
        }
    }
    let (count, mut docs, facet_counts, collected) = top;
    if req.sort != order::Sort::Relevance && !docs.is_empty() {
        // Date order needs every match, not the best `depth`.
        let all = if req.count { count } else { searcher.search(&*query, &Count)? };
        docs = order::by_date(searcher, &*query, all, req.sort, articles)?;
    }
    let undated_excluded = match date_filter {
        Some(_) => {
            let no_date = BooleanQuery::new(vec![
                (Occur::Must, combine(text_query.box_clone(), false)),
                (Occur::MustNot, Box::new(ExistsQuery::new(names::DATE.to_string(), false))),
            ]);
            Some(searcher.search(&no_date, &Count)?)
        }
        None => None,
    };
    let matches = builder.matches;
    let spellings = builder.spellings;
    let evidence = if req.explain { builder.verdicts } else { Vec::new() };
    let rejected = evidence
        .iter()
        .filter(|v| !v.accepted)
        .map(|v| Rejected { stem: v.form.clone(), reason: format!("{}: {}", v.hypothesis, v.evidence) })
        .collect();
    let story_map = Stories::of(store, searcher)?;
    let selected: Vec<(f32, DocAddress)> = if req.stories {
        let per_article = group::best_per_article(searcher, docs, usize::MAX)?;
        stories::lead_per_story(searcher, &story_map, &*query, fields.article_id, per_article, req.offset + req.limit)?
            .into_iter()
            .skip(req.offset)
            .collect()
    } else if articles {
        group::best_per_article(searcher, docs, req.offset + req.limit)?.into_iter().skip(req.offset).collect()
    } else {
        docs.into_iter().skip(req.offset).collect()
    };
    let mut hits = Vec::with_capacity(selected.len());
    let addrs: Vec<DocAddress> = selected.iter().map(|(_, a)| *a).collect();
    for (score, addr) in selected {
        let doc: TantivyDocument = searcher.doc(addr).context("reading a stored passage")?;
        let mut hit = to_hit(store, &doc, score, &matches, req.snippets);
        if req.explain {
            hit.explain =
                query.explain(searcher, addr).ok().and_then(|e| serde_json::from_str(&e.to_pretty_json()).ok());
        }
        hits.push(hit);
    }
    for (i, h) in hits.iter_mut().enumerate() {
        h.rank = req.offset + i + 1;
    }
    mark_added(searcher, &addrs, &mut hits, last_run);
    story_map.annotate(store, searcher, &mut hits)?;
    let unit = if req.stories {
        count::Unit::Stories
    } else if articles {
        count::Unit::Articles
    } else {
        count::Unit::Passages
    };
    let scope = Scope {
        text: &*text_query,
        sources: source_filter.as_deref(),
        dates: date_filter.as_deref(),
        added: added_filter.as_deref(),
    };
    let (total_hits, facet_counts) =
        totals(searcher, req, &*query, &scope, unit, &story_map, (count, facet_counts, collected))?;
    let suggestions = if req.count && req.facets && (articles || total_hits == 0) {
        suggest::suggest(store, searcher, req, &parsed, total_hits)?
    } else {
        Vec::new()
    };
    Ok(Response {
        query: req.query.clone(),
        total_hits,
        unit,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        facets: Facets {
            source: facet_counts,
            outlet_filter_ignored: req.facets && req.count && scope.sources.is_some(),
        },
        hits,
        fallback_any,
        undated_excluded,
        spellings,
        rejected,
        evidence,
        notes,
        suggestions,
    })
}

/// Hits of one page of an export.
pub const EXPORT_PAGE: usize = 500;

/// Every hit of `req` (no cap), in order, a page of up to [`EXPORT_PAGE`] hits at a time: `f`
/// receives each page (the first even when nothing matched), so an export holds one page of
/// hits in memory however many articles match. Each hit has its snippet and its URL (stored
/// on the article's lead passage). Returns how many hits were written.
pub fn export(
    store: &Store,
    searcher: &Searcher,
    req: &Request,
    mut f: impl FnMut(&[Hit]) -> Result<()>,
) -> Result<usize> {
    let mut page = req.clone();
    page.limit = EXPORT_PAGE;
    page.snippets = true;
    page.every = true;
    page.explain = false;
    // An export is hits only: no totals, facets or suggestions to compute per page.
    page.count = false;
    page.facets = false;
    let mut written = 0;
    loop {
        page.offset = written;
        let mut resp = search(store, searcher, &page, Weights::default())?;
        let missing: Vec<String> = resp.hits.iter().filter(|h| h.url.is_none()).map(|h| h.article_id.clone()).collect();
        let leads = article::leads(store, searcher, missing.iter().map(String::as_str))?;
        for h in resp.hits.iter_mut().filter(|h| h.url.is_none()) {
            h.url = leads
                .get(&h.article_id)
                .and_then(|d| d.get_first(store.fields.url))
                .and_then(|v| v.as_str())
                .map(str::to_string);
        }
        f(&resp.hits)?;
        written += resp.hits.len();
        if resp.hits.len() < EXPORT_PAGE {
            return Ok(written);
        }
    }
}

/// The filters of a request around its text query.
struct Scope<'q> {
    text: &'q dyn Query,
    sources: Option<&'q dyn Query>,
    dates: Option<&'q dyn Query>,
    added: Option<&'q dyn Query>,
}

/// The total and the outlet counts of a response, in `unit`. Articles and stories are
/// counted from fast fields in one pass; passages keep what the search collected. Outlet
/// counts leave the outlet filter out (disjunctive facets, as Elasticsearch's post_filter):
/// every outlet stays listed with its count, so a reporter can compare and tick several,
/// while the total keeps the filter.
fn totals(
    searcher: &Searcher,
    req: &Request,
    query: &dyn Query,
    scope: &Scope<'_>,
    unit: count::Unit,
    stories: &Stories,
    collected: (usize, BTreeMap<String, u64>, Option<Vec<count::SegmentHits>>),
) -> Result<(usize, BTreeMap<String, u64>)> {
    let per_outlet = |c: count::Counts| -> BTreeMap<String, u64> {
        c.rows.into_iter().map(|r| (r.key.into_iter().next().unwrap_or_default(), r.count)).collect()
    };
    let (mut total, mut facets, hits) = collected;
    if unit != count::Unit::Passages && req.count {
        let by = if req.facets && scope.sources.is_none() { vec![count::By::Source] } else { Vec::new() };
        let c = match hits {
            Some(segments) => count::count_collected(searcher, segments, &by, unit, Some(stories))?,
            None => count::count(searcher, query, &by, unit, Some(stories))?,
        };
        total = c.total as usize;
        facets = per_outlet(c);
    }
    if req.facets && req.count && scope.sources.is_some() {
        let unfiltered = with_filters(scope.text.box_clone(), &[scope.added, scope.dates]);
        facets = per_outlet(count::count(searcher, &*unfiltered, &[count::By::Source], unit, Some(stories))?);
    }
    Ok((total, facets))
}

/// Sets when each hit's article entered the index, and whether the last run added it.
fn mark_added(searcher: &Searcher, addrs: &[DocAddress], hits: &mut [Hit], last_run: Option<i64>) {
    let mut columns = std::collections::HashMap::new();
    for (addr, hit) in addrs.iter().zip(hits.iter_mut()) {
        let col = columns
            .entry(addr.segment_ord)
            .or_insert_with(|| searcher.segment_reader(addr.segment_ord).fast_fields().date(names::ADDED).ok());
        let Some(secs) = col.as_ref().and_then(|c| c.first(addr.doc_id)).map(|d| d.into_timestamp_secs()) else {
            continue;
        };
        hit.added = time::OffsetDateTime::from_unix_timestamp(secs)
            .ok()
            .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok());
        hit.new = last_run.is_some_and(|run| secs >= run);
    }
}

/// `text` restricted to every filter given (outlets, dates, what is new).
fn with_filters(text: Box<dyn Query>, filters: &[Option<&dyn Query>]) -> Box<dyn Query> {
    if filters.iter().all(Option::is_none) {
        return text;
    }
    let mut clauses = vec![(Occur::Must, text)];
    clauses.extend(filters.iter().flatten().map(|f| (Occur::Must, f.box_clone())));
    Box::new(BooleanQuery::new(clauses))
}

/// A request's query with its filters, and the spellings its words reached.
type Filtered = (Box<dyn Query>, Vec<crate::names::Spelling>);

/// The filtered query of a request (all words, no any-word fallback) and the spellings its
/// words reached.
fn filtered_query(store: &Store, searcher: &Searcher, req: &Request) -> Result<Option<Filtered>> {
    let parsed = parse::parse(&req.query);
    let fields = &store.fields;
    let mode = Mode { any: req.any, variants: req.variants, as_typed: req.as_typed };
    let mut builder = Builder::new(&store.analyzer, fields, Weights::default(), mode, searcher);
    let Some(text) = builder.build(&parsed) else { return Ok(None) };
    let mut sources = parsed.sources.clone();
    sources.extend(req.sources.iter().cloned());
    let source_filter = filter::sources(fields, &sources);
    let date_filter = filter::dates(fields, req.from.as_deref(), req.to.as_deref())?;
    let added_filter = filter::added_since(fields, req.added_since.as_deref(), store.last_run_for(searcher))?;
    let query = with_filters(text, &[added_filter.as_deref(), source_filter.as_deref(), date_filter.as_deref()]);
    Ok(Some((query, builder.spellings)))
}

/// The answer of `bahth count`: counts of a request's matches by `by`, in `unit`.
#[derive(Debug, Clone, Serialize)]
pub struct CountResponse {
    /// The query as given.
    pub query: String,
    /// The counts.
    #[serde(flatten)]
    pub counts: count::Counts,
    /// The spellings the query's words reached.
    pub spellings: Vec<crate::names::Spelling>,
    /// Wall time, ms.
    pub took_ms: f64,
}

/// Counts the matches of a request by outlet and over time (see [`count::count`]).
pub fn count_request(
    store: &Store,
    searcher: &Searcher,
    req: &Request,
    by: &[count::By],
    unit: count::Unit,
) -> Result<CountResponse> {
    let started = Instant::now();
    if unit == count::Unit::Stories {
        Stories::require(store)?;
    }
    let Some((query, spellings)) = filtered_query(store, searcher, req)? else {
        return Err(user(format!(
            "the query {:?} has no words to search for: give at least one word or number",
            req.query
        )));
    };
    let stories = if unit == count::Unit::Stories { Some(Stories::of(store, searcher)?) } else { None };
    let counts = count::count(searcher, &*query, by, unit, stories.as_deref())?;
    Ok(CountResponse { query: req.query.clone(), counts, spellings, took_ms: started.elapsed().as_secs_f64() * 1000.0 })
}

/// The ids of every article with a passage that matches the request (all words, no any-word
/// fallback, no ranking): the answer a set-based evaluation scores.
pub fn matching_articles(store: &Store, searcher: &Searcher, req: &Request) -> Result<HashSet<String>> {
    let Some((query, _)) = filtered_query(store, searcher, req)? else { return Ok(HashSet::new()) };
    let addrs = searcher.search(&*query, &tantivy::collector::DocSetCollector)?;
    Ok(group::article_ids(searcher, addrs.into_iter())?.into_iter().collect())
}

/// What one pass over the matches gives: the number of matching passages, the best
/// `depth`, passages per outlet (when asked), and every match's article, outlet and date
/// (when asked, for counting articles or stories without a second pass).
type Top = (usize, Vec<(f32, DocAddress)>, BTreeMap<String, u64>, Option<Vec<count::SegmentHits>>);

fn run(stats: &TermStats<'_>, query: &dyn Query, depth: usize, facets: bool, count: bool, hits: bool) -> Result<Top> {
    let searcher = stats.searcher();
    let top = TopDocs::with_limit(depth).order_by_score();
    if !count {
        let docs = searcher.search_with_statistics_provider(query, &top, stats)?;
        return Ok((docs.len(), docs, BTreeMap::new(), None));
    }
    if hits {
        // Articles are counted from the same pass that ranks: the query's weights and
        // scorers are built once, and the matches walked once.
        let (docs, segments) = searcher.search_with_statistics_provider(query, &(top, count::HitCollector), stats)?;
        let n = segments.iter().map(|s| s.hits.len()).sum();
        return Ok((n, docs, BTreeMap::new(), Some(segments)));
    }
    if facets {
        let mut fc = FacetCollector::for_field(names::SOURCE);
        fc.add_facet("/");
        let (count, docs, fcounts) = searcher.search_with_statistics_provider(query, &(Count, top, fc), stats)?;
        let map = fcounts.get("/").map(|(f, n)| (source_name(f), n)).collect();
        Ok((count, docs, map, None))
    } else {
        let (count, docs) = searcher.search_with_statistics_provider(query, &(Count, top), stats)?;
        Ok((count, docs, BTreeMap::new(), None))
    }
}

pub(crate) fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string()
}

/// The outlet of a stored passage (its source facet's name).
pub(crate) fn source_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_facet())
        .and_then(|p| tantivy::schema::Facet::from_encoded(p.as_bytes().to_vec()).ok())
        .map(|f| source_name(&f))
        .unwrap_or_default()
}

pub(crate) fn to_hit(store: &Store, doc: &TantivyDocument, score: f32, matches: &MatchSet, snippets: bool) -> Hit {
    let f = &store.fields;
    let text = text_of(doc, f.text);
    let snip = if snippets {
        snippet::snippet(&store.analyzer, &text, matches)
    } else {
        snippet::Snippet { text: String::new(), highlights: Vec::new() }
    };
    Hit {
        rank: 0,
        score,
        article_id: text_of(doc, f.article_id),
        path: text_of(doc, f.path),
        source: source_of(doc, f.source),
        date: doc.get_first(f.date).and_then(|v| v.as_datetime()).map(ymd),
        title: text_of(doc, f.title),
        authors: doc.get_all(f.authors).filter_map(|v| v.as_str().map(str::to_string)).collect(),
        tags: doc.get_all(f.tags).filter_map(|v| v.as_str().map(str::to_string)).collect(),
        url: doc.get_first(f.url).and_then(|v| v.as_str()).map(str::to_string),
        passage: doc.get_first(f.passage).and_then(|v| v.as_u64()).unwrap_or(0),
        text,
        snippet: snip.text,
        highlights: snip.highlights,
        story: String::new(),
        copies: Vec::new(),
        added: None,
        new: false,
        explain: None,
    }
}
