//! Filters: outlets (facet terms, OR'ed), date ranges (`--from`/`--to`, inclusive, at the
//! precision given: `--to 2024-09` means to the end of September), and what is new
//! (`--added-since last|DATE`: articles that entered the index since then).

use std::ops::Bound;

use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DateTime, Term};

use crate::error::user;
use crate::indexer::article::parse_date;
use crate::schema::Fields;

/// A source filter over `names` (OR'ed), or None when there are none.
pub fn sources(fields: &Fields, names: &[String]) -> Option<Box<dyn Query>> {
    if names.is_empty() {
        return None;
    }
    let clauses = names
        .iter()
        .map(|n| {
            let t = Term::from_facet(fields.source, &Facet::from_path([n.as_str()]));
            (Occur::Should, Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
        })
        .collect();
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// The first instant after the period a date string names (day, month or year).
fn period_end(s: &str, start: DateTime) -> DateTime {
    let dt = start.into_utc();
    let next = match s.trim().len() {
        4 => dt.replace_year(dt.year() + 1).ok(),
        7 => {
            let (y, m) = if dt.month() == time::Month::December {
                (dt.year() + 1, time::Month::January)
            } else {
                (dt.year(), dt.month().next())
            };
            dt.replace_year(y).and_then(|d| d.replace_month(m)).ok()
        }
        10 => Some(dt + time::Duration::days(1)),
        _ => Some(dt + time::Duration::seconds(1)),
    };
    next.map_or(start, DateTime::from_utc)
}

/// The date filter for `--from`/`--to`, or None when neither is given.
pub fn dates(fields: &Fields, from: Option<&str>, to: Option<&str>) -> anyhow::Result<Option<Box<dyn Query>>> {
    let parse = |flag: &str, s: &str| {
        parse_date(s).ok_or_else(|| user(format!("{flag} {s:?} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")))
    };
    let lo = match from {
        Some(s) => Bound::Included(Term::from_field_date(fields.date, parse("--from", s)?)),
        None => Bound::Unbounded,
    };
    let hi = match to {
        Some(s) => Bound::Excluded(Term::from_field_date(fields.date, period_end(s, parse("--to", s)?))),
        None => Bound::Unbounded,
    };
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    Ok(Some(Box::new(RangeQuery::new(lo, hi))))
}

/// The "new articles" filter: added by the last index run (`last`, from when it started) or
/// since a date; None when not asked for.
pub fn added_since(
    fields: &Fields,
    spec: Option<&str>,
    last_run: Option<i64>,
) -> anyhow::Result<Option<Box<dyn Query>>> {
    let Some(spec) = spec.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    let Some(field) = fields.added else {
        return Err(user(
            "this index was built before bahth recorded when articles were added: rebuild it with `bahth index PATH... --full` to use --added-since",
        ));
    };
    let since = if spec == "last" {
        let run = last_run.ok_or_else(|| {
            user("--added-since last: this index records no index run yet; run `bahth index` first, or give a date")
        })?;
        DateTime::from_timestamp_secs(run)
    } else {
        parse_date(spec).ok_or_else(|| {
            user(format!(
                "--added-since {spec:?} is neither `last` nor a date: write last, YYYY-MM-DD, YYYY-MM or YYYY"
            ))
        })?
    };
    Ok(Some(Box::new(RangeQuery::new(Bound::Included(Term::from_field_date(field, since)), Bound::Unbounded))))
}
