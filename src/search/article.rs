//! One whole article as written (all its passages in order, diacritics kept), with every match
//! of a query highlighted: the article view of `bahth serve`.

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::query::{Builder, Mode, Weights};
use crate::store::Store;

/// Passages read for one article at most.
pub const MAX_PASSAGES: usize = 10_000;

/// An article as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// Article id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Outlet.
    pub source: String,
    /// YYYY-MM-DD or null.
    pub date: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// The file it came from.
    pub path: String,
    /// Its URL at the outlet, when known.
    pub url: Option<String>,
    /// The whole text, passages joined by blank lines.
    pub text: String,
    /// `[start, end)` char offsets of every match of the query in `text`.
    pub highlights: Vec<[usize; 2]>,
    /// The article's story (its own id when it has no copies).
    pub story: String,
    /// Its copies, earliest first; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<crate::stories::Copy>,
}

/// The article `id`, with the matches of `query` (if any) highlighted; None when there is
/// no such article.
pub fn article(store: &Store, searcher: &Searcher, id: &str, query: Option<&str>) -> Result<Option<ArticleView>> {
    let f = &store.fields;
    let q = TermQuery::new(Term::from_field_text(f.article_id, id), IndexRecordOption::Basic);
    let docs = searcher.search(&q, &TopDocs::with_limit(MAX_PASSAGES).order_by_score())?;
    if docs.is_empty() {
        return Ok(None);
    }
    let mut passages: Vec<(u64, TantivyDocument)> = Vec::with_capacity(docs.len());
    for (_, addr) in docs {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let n = doc.get_first(f.passage).and_then(|v| v.as_u64()).unwrap_or(0);
        passages.push((n, doc));
    }
    passages.sort_by_key(|(n, _)| *n);
    let first = &passages[0].1;
    let mut hit = super::to_hit(store, first, 0.0, &Default::default(), false);
    crate::stories::Stories::of(store, searcher)?.annotate(store, searcher, std::slice::from_mut(&mut hit))?;
    let text: Vec<String> = passages.iter().map(|(_, d)| super::text_of(d, f.text)).collect();
    let text = text.join("\n\n");
    let mut highlights = Vec::new();
    if let Some(q) = query.filter(|q| !q.trim().is_empty()) {
        {
            let parsed = super::parse::parse(q);
            let mode = Mode { any: false, variants: true, as_typed: false };
            let mut b = Builder::new(&store.analyzer, f, Weights::default(), mode, searcher);
            let _ = b.build(&parsed);
            let mut chars = 0;
            let mut last = 0;
            for (s, e, _) in super::snippet::matched_ranges(&store.analyzer, &text, &b.matches) {
                chars += text[last..s].chars().count();
                let len = text[s..e].chars().count();
                highlights.push([chars, chars + len]);
                chars += len;
                last = e;
            }
        }
    }
    Ok(Some(ArticleView {
        id: hit.article_id,
        title: hit.title,
        source: hit.source,
        date: hit.date,
        authors: hit.authors,
        tags: hit.tags,
        path: hit.path,
        url: hit.url,
        text,
        highlights,
        story: hit.story,
        copies: hit.copies,
    }))
}

/// The stored lead passages (passage 0) of some articles, by article id, in one query.
pub fn leads<'a>(
    store: &Store,
    searcher: &Searcher,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<std::collections::HashMap<String, TantivyDocument>> {
    let f = &store.fields;
    let terms: Vec<Term> = ids.into_iter().map(|id| Term::from_field_text(f.article_id, id)).collect();
    if terms.is_empty() {
        return Ok(Default::default());
    }
    let lead = crate::schema::lead_passages(f);
    let q = tantivy::query::BooleanQuery::new(vec![
        (tantivy::query::Occur::Must, any_term(terms)),
        (tantivy::query::Occur::Must, Box::new(lead)),
    ]);
    let mut out = std::collections::HashMap::new();
    for addr in searcher.search(&q, &tantivy::collector::DocSetCollector)? {
        let doc: TantivyDocument = searcher.doc(addr)?;
        out.insert(super::text_of(&doc, f.article_id), doc);
    }
    Ok(out)
}

/// Above this many terms a `TermSetQuery` is cheaper than one term query each.
const TERM_SET_FROM: usize = 64;

/// Documents holding any of `terms` (article ids). For the handful a page of hits needs, one
/// term query each, OR'ed: a `TermSetQuery` builds an FST of the terms and walks the field's
/// whole dictionary against it, which costs more than the search itself. For the thousands a
/// story listing needs, that walk is the cheaper way.
pub fn any_term(terms: Vec<Term>) -> Box<dyn tantivy::query::Query> {
    if terms.len() > TERM_SET_FROM {
        return Box::new(tantivy::query::TermSetQuery::new(terms));
    }
    let clauses = terms
        .into_iter()
        .map(|t| {
            let q: Box<dyn tantivy::query::Query> = Box::new(TermQuery::new(t, IndexRecordOption::Basic));
            (tantivy::query::Occur::Should, q)
        })
        .collect();
    Box::new(tantivy::query::BooleanQuery::new(clauses))
}
