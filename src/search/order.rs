//! Date order for hits: newest or oldest first, undated last, ties by relevance. Every
//! matching passage is scored (a date order cannot stop at the best N), its article's date
//! read from the date fast field, and with `articles` each article keeps its best passage.

use std::collections::HashMap;

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::Query;
use tantivy::{DocAddress, Searcher};

use crate::schema::names;

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest publication first.
    Newest,
    /// Earliest publication first.
    Oldest,
}

impl Sort {
    /// Parses an API value.
    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "relevance" => Some(Sort::Relevance),
            "newest" => Some(Sort::Newest),
            "oldest" => Some(Sort::Oldest),
            _ => None,
        }
    }
}

/// Every match of `query` in date order (see the module doc): (score, passage), with
/// `articles` one per article, its best passage.
pub fn by_date(
    searcher: &Searcher,
    query: &dyn Query,
    matches: usize,
    sort: Sort,
    articles: bool,
) -> Result<Vec<(f32, DocAddress)>> {
    let scored = searcher.search(query, &TopDocs::with_limit(matches.max(1)).order_by_score())?;
    let scored = if articles { super::group::best_per_article(searcher, scored, usize::MAX)? } else { scored };
    let mut columns = HashMap::new();
    let mut dated: Vec<(Option<i64>, f32, DocAddress)> = Vec::with_capacity(scored.len());
    for (score, addr) in scored {
        if let std::collections::hash_map::Entry::Vacant(e) = columns.entry(addr.segment_ord) {
            e.insert(searcher.segment_reader(addr.segment_ord).fast_fields().date(names::DATE).ok());
        }
        let date =
            columns[&addr.segment_ord].as_ref().and_then(|c| c.first(addr.doc_id)).map(|d| d.into_timestamp_secs());
        dated.push((date, score, addr));
    }
    dated.sort_by(|a, b| order(sort, a, b));
    Ok(dated.into_iter().map(|(_, s, a)| (s, a)).collect())
}

/// Date first (undated last in both orders), then score, then address (a total order, so
/// pages never overlap).
fn order(sort: Sort, a: &(Option<i64>, f32, DocAddress), b: &(Option<i64>, f32, DocAddress)) -> std::cmp::Ordering {
    let by_date = match (a.0, b.0) {
        (Some(x), Some(y)) if sort == Sort::Oldest => x.cmp(&y),
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    };
    by_date.then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undated_last_either_way_and_ties_by_score() {
        let addr = |d| DocAddress::new(0, d);
        let rows =
            vec![(None, 9.0, addr(0)), (Some(10), 1.0, addr(1)), (Some(20), 2.0, addr(2)), (Some(20), 5.0, addr(3))];
        for (sort, want) in [(Sort::Newest, [3, 2, 1, 0]), (Sort::Oldest, [1, 3, 2, 0])] {
            let mut r = rows.clone();
            r.sort_by(|a, b| order(sort, a, b));
            assert_eq!(r.iter().map(|x| x.2.doc_id).collect::<Vec<_>>(), want, "{sort:?}");
        }
        assert_eq!(Sort::parse("newest"), Some(Sort::Newest));
        assert_eq!(Sort::parse("latest"), None);
    }
}
