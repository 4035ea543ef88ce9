//! Counts a reporter can publish: matching articles (or passages) per outlet and over time,
//! as buckets. One function ([`count`]) serves `bahth count`, the facets of `bahth search`
//! and the page's histogram.
//!
//! Everything is read from fast fields of the matching passages (article id, source facet,
//! date), never from stored documents: a collector gathers per segment the passages' article
//! ordinals, outlets and dates; articles are told apart by their id (by a 64-bit key of it
//! when the index has more than one segment, since one article's passages may sit in
//! several). An article counts once, in the outlet and on the date of its passages.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use anyhow::Result;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Query;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::schema::names;
use crate::stats::source_name;
use crate::stories::Stories;

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Distinct articles.
    Articles,
    /// Passages (the units the index holds).
    Passages,
    /// Stories: an article and its copies count once, for each outlet that carried it, in
    /// the time bucket of its first publication.
    Stories,
}

impl Unit {
    /// The unit's name, as shown.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Articles => "articles",
            Unit::Passages => "passages",
            Unit::Stories => "stories",
        }
    }
}

/// One dimension of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// Outlet.
    Source,
    /// Calendar month (YYYY-MM).
    Month,
    /// ISO week (YYYY-Www).
    Week,
    /// Day (YYYY-MM-DD).
    Day,
}

/// One bucket: its key per dimension and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// One key per dimension, in the order asked (dates as YYYY-MM, YYYY-Www or YYYY-MM-DD).
    pub key: Vec<String>,
    /// Articles or passages.
    pub count: u64,
}

/// The answer: a total, the undated part of it, and the buckets.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// What is counted.
    pub unit: Unit,
    /// The dimensions.
    pub by: Vec<By>,
    /// All matching articles (or passages).
    pub total: u64,
    /// Those without a date (not in any time bucket).
    pub undated: u64,
    /// Buckets in key order; time buckets run from the first to the last with hits, empty
    /// ones included as 0.
    pub rows: Vec<Row>,
}

/// One matching passage, as the fast fields tell it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    article: u64,
    source: Option<u64>,
    date: Option<i64>,
}

/// Per segment: the hits and the names of the outlets they point to.
pub(crate) struct SegmentHits {
    segment: SegmentOrdinal,
    pub(crate) hits: Vec<Hit>,
    sources: HashMap<u64, Arc<str>>,
}

/// Gathers every matching passage's article, outlet and date from fast fields. A search can
/// run it beside its top-documents collector, so one pass over the matches both ranks and
/// counts ([`count_collected`]).
pub(crate) struct HitCollector;

pub(crate) struct SegmentHitCollector {
    segment: SegmentOrdinal,
    article: Option<tantivy::columnar::StrColumn>,
    date: Option<tantivy::columnar::Column<tantivy::DateTime>>,
    facets: Option<tantivy::fastfield::FacetReader>,
    hits: Vec<Hit>,
}

impl Collector for HitCollector {
    type Fruit = Vec<SegmentHits>;
    type Child = SegmentHitCollector;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentHitCollector> {
        let ff = reader.fast_fields();
        Ok(SegmentHitCollector {
            segment,
            article: ff.str(names::ARTICLE_ID)?,
            date: ff.date(names::DATE).ok(),
            facets: reader.facet_reader(names::SOURCE).ok(),
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<SegmentHits>>) -> tantivy::Result<Vec<SegmentHits>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentHitCollector {
    type Fruit = Vec<SegmentHits>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let article = self.article.as_ref().and_then(|c| c.term_ords(doc).next()).unwrap_or(u64::from(doc));
        let source = self.facets.as_ref().and_then(|f| f.facet_ords(doc).next());
        let date = self.date.as_ref().and_then(|c| c.first(doc)).map(|d| d.into_timestamp_secs());
        self.hits.push(Hit { article, source, date });
    }

    fn harvest(self) -> Vec<SegmentHits> {
        let mut sources = HashMap::new();
        if let Some(f) = &self.facets {
            let mut facet = Facet::root();
            for h in &self.hits {
                if let Some(o) = h.source {
                    if let std::collections::hash_map::Entry::Vacant(e) = sources.entry(o) {
                        if f.facet_from_ord(o, &mut facet).is_ok() {
                            e.insert(Arc::from(source_name(&facet)));
                        }
                    }
                }
            }
        }
        vec![SegmentHits { segment: self.segment, hits: self.hits, sources }]
    }
}

/// A matching passage or article with its outlet and date, ready to bucket.
struct Item {
    source: Arc<str>,
    date: Option<i64>,
}

/// Items to bucket, and the total and undated count of the unit (with stories counted per
/// outlet there are more items than stories).
struct Counted {
    items: Vec<Item>,
    total: u64,
    undated: u64,
}

impl Counted {
    fn of(items: Vec<Item>) -> Counted {
        let undated = items.iter().filter(|i| i.date.is_none()).count() as u64;
        Counted { total: items.len() as u64, undated, items }
    }
}

/// The matching passages, articles or stories of `query` (a story once per outlet that
/// carried it when counting by outlet), with the total and undated count of the unit.
fn items(
    searcher: &Searcher,
    segments: Vec<SegmentHits>,
    unit: Unit,
    by: &[By],
    stories: Option<&Stories>,
) -> Result<Counted> {
    let item = |seg: &SegmentHits, h: &Hit| Item {
        source: h.source.and_then(|o| seg.sources.get(&o).cloned()).unwrap_or_else(|| Arc::from("")),
        date: h.date,
    };
    if unit == Unit::Passages {
        return Ok(Counted::of(segments.iter().flat_map(|s| s.hits.iter().map(move |h| item(s, h))).collect()));
    }
    // An article's passages are neighbours in its segment: a hit of the same article as the
    // hit before it is skipped before any hashing (the first hit of an article is kept, as
    // the map alone would keep it).
    if searcher.segment_readers().len() <= 1 && unit == Unit::Articles {
        let mut seen = FxHashMap::default();
        for s in &segments {
            let mut last = None;
            for h in &s.hits {
                if last.replace(h.article) != Some(h.article) {
                    seen.entry(h.article).or_insert_with(|| item(s, h));
                }
            }
        }
        return Ok(Counted::of(seen.into_values().collect()));
    }
    // Several segments: an article's passages may be in more than one, so ids decide (by
    // their 64-bit keys, read once per segment).
    let mut seen: FxHashMap<u64, Item> = FxHashMap::default();
    for s in &segments {
        let keys = super::group::article_keys(searcher, s.segment)?;
        let mut last = None;
        for h in &s.hits {
            if last.replace(h.article) == Some(h.article) {
                continue;
            }
            let key = keys.get(h.article as usize).copied().unwrap_or(h.article);
            seen.entry(key).or_insert_with(|| item(s, h));
        }
    }
    match (unit, stories) {
        (Unit::Stories, Some(st)) => Ok(story_items(seen, st, by.contains(&By::Source))),
        _ => Ok(Counted::of(seen.into_values().collect())),
    }
}

/// One item per matching story (per story and outlet with `per_source`), dated by the
/// story's first publication.
fn story_items(articles: FxHashMap<u64, Item>, stories: &Stories, per_source: bool) -> Counted {
    // A story's outlets are few: a short list, sorted and deduplicated once at the end.
    let mut per: FxHashMap<u64, (Option<i64>, Vec<Arc<str>>)> = FxHashMap::default();
    for (key, item) in articles {
        let first = stories.find(key).map_or(item.date, |(story, _)| story.first_secs());
        let e = per.entry(stories.story_key(key)).or_insert_with(|| (first, Vec::new()));
        if !e.1.contains(&item.source) {
            e.1.push(item.source);
        }
    }
    for (_, sources) in per.values_mut() {
        sources.sort_unstable();
    }
    let total = per.len() as u64;
    let undated = per.values().filter(|(d, _)| d.is_none()).count() as u64;
    let mut out = Vec::with_capacity(per.len());
    for (date, sources) in per.into_values() {
        if per_source {
            out.extend(sources.into_iter().map(|source| Item { source, date }));
        } else {
            out.push(Item { source: sources.into_iter().next().unwrap_or_else(|| Arc::from("")), date });
        }
    }
    Counted { items: out, total, undated }
}

/// The bucket key of a timestamp for a time dimension.
pub fn time_key(by: By, secs: i64) -> String {
    let Ok(dt) = time::OffsetDateTime::from_unix_timestamp(secs) else { return String::new() };
    match by {
        By::Month => format!("{:04}-{:02}", dt.year(), dt.month() as u8),
        By::Day => format!("{:04}-{:02}-{:02}", dt.year(), dt.month() as u8, dt.day()),
        By::Week => {
            let (y, w, _) = dt.date().to_iso_week_date();
            format!("{y:04}-W{w:02}")
        }
        By::Source => String::new(),
    }
}

/// Every time key from the bucket of `first` to the bucket of `last`, in order. Each key is
/// formatted once: days and weeks step by their own length, months by the calendar (a walk
/// day by day formatted every day of a five-year range, a third of a histogram's time).
pub fn time_range(by: By, first: i64, last: i64) -> Vec<String> {
    const DAY: i64 = 86_400;
    let mut out: Vec<String> = Vec::new();
    if first > last {
        return out;
    }
    match by {
        By::Source => {}
        By::Day => {
            let mut day = first.div_euclid(DAY);
            while day <= last.div_euclid(DAY) {
                out.push(time_key(by, day * DAY));
                day += 1;
            }
        }
        By::Week => {
            let end = time_key(by, last);
            let mut t = first;
            while out.last() != Some(&end) && t <= last + 7 * DAY {
                let k = time_key(by, t);
                if out.last() != Some(&k) {
                    out.push(k);
                }
                t += 7 * DAY;
            }
        }
        By::Month => {
            let month =
                |secs: i64| time::OffsetDateTime::from_unix_timestamp(secs).ok().map(|d| (d.year(), d.month() as u8));
            let (Some((mut y, mut m)), Some(end)) = (month(first), month(last)) else { return out };
            while (y, m) <= end {
                out.push(format!("{y:04}-{m:02}"));
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
    }
    out
}

/// [`time_key`] remembered per day for one count: a time key depends only on the UTC day, and
/// thousands of matches share a few hundred days.
fn day_key(memo: &mut HashMap<(By, i64), String>, by: By, secs: i64) -> String {
    memo.entry((by, secs.div_euclid(86_400))).or_insert_with(|| time_key(by, secs)).clone()
}

/// Counts the articles (passages, stories) that match `query`, by the dimensions `by` (none:
/// the total only). Time buckets leave undated items out and count them in `undated`.
/// Stories need `stories`; without it each article is its own story.
pub fn count(
    searcher: &Searcher,
    query: &dyn Query,
    by: &[By],
    unit: Unit,
    stories: Option<&Stories>,
) -> Result<Counts> {
    let segments = searcher.search(query, &HitCollector)?;
    count_collected(searcher, segments, by, unit, stories)
}

/// [`count`] over hits a search has already collected with [`HitCollector`].
pub(crate) fn count_collected(
    searcher: &Searcher,
    segments: Vec<SegmentHits>,
    by: &[By],
    unit: Unit,
    stories: Option<&Stories>,
) -> Result<Counts> {
    let Counted { items, total, undated } = items(searcher, segments, unit, by, stories)?;
    let mut day_keys = HashMap::new();
    let timed = by.iter().any(|b| *b != By::Source);
    let mut buckets: BTreeMap<Vec<String>, u64> = BTreeMap::new();
    let (mut first, mut last) = (i64::MAX, i64::MIN);
    if !by.is_empty() {
        // Items are first tallied by outlet and day (no key is built per item), then each
        // (outlet, day) is bucketed once.
        let by_source = by.contains(&By::Source);
        let mut tally: FxHashMap<(&str, Option<i64>), u64> = FxHashMap::default();
        for i in &items {
            if timed && i.date.is_none() {
                continue;
            }
            if let Some(d) = i.date {
                first = first.min(d);
                last = last.max(d);
            }
            let source: &str = if by_source { &i.source } else { "" };
            let day = if timed { i.date.map(|d| d.div_euclid(86_400) * 86_400) } else { None };
            *tally.entry((source, day)).or_insert(0) += 1;
        }
        for ((source, day), n) in tally {
            let key = by
                .iter()
                .map(|b| match b {
                    By::Source => source.to_string(),
                    t => day.map(|d| day_key(&mut day_keys, *t, d)).unwrap_or_default(),
                })
                .collect();
            *buckets.entry(key).or_insert(0) += n;
        }
    }
    // Empty time buckets between the first and the last, so a gap in coverage shows.
    if timed && first <= last {
        let axes: Vec<Vec<String>> = by
            .iter()
            .enumerate()
            .map(|(p, b)| match b {
                By::Source => {
                    // The outlets seen, from this dimension's own place in the keys.
                    let mut s: Vec<String> = buckets.keys().map(|k| k[p].clone()).collect();
                    s.sort();
                    s.dedup();
                    s
                }
                t => time_range(*t, first, last),
            })
            .collect();
        let mut keys: Vec<Vec<String>> = vec![Vec::new()];
        for axis in &axes {
            keys = keys
                .into_iter()
                .flat_map(|k| axis.iter().map(move |v| [k.clone(), vec![v.clone()]].concat()))
                .collect();
        }
        for k in keys {
            buckets.entry(k).or_insert(0);
        }
    }
    let rows = buckets.into_iter().map(|(key, count)| Row { key, count }).collect();
    Ok(Counts { unit, by: by.to_vec(), total, undated, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(y: i32, m: u8, d: u8) -> i64 {
        let date = time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap();
        date.midnight().assume_utc().unix_timestamp()
    }

    #[test]
    fn time_keys_and_ranges_by_hand() {
        assert_eq!(time_key(By::Month, secs(2018, 2, 14)), "2018-02");
        assert_eq!(time_key(By::Day, secs(2018, 2, 14)), "2018-02-14");
        assert_eq!(time_key(By::Week, secs(2018, 1, 1)), "2018-W01", "1 Jan 2018 is a Monday");
        assert_eq!(time_key(By::Week, secs(2016, 1, 1)), "2015-W53", "ISO weeks belong to the week's year");
        assert_eq!(
            time_range(By::Month, secs(2018, 1, 31), secs(2018, 4, 1)),
            vec!["2018-01", "2018-02", "2018-03", "2018-04"]
        );
        assert_eq!(
            time_range(By::Day, secs(2018, 2, 27), secs(2018, 3, 1)),
            vec!["2018-02-27", "2018-02-28", "2018-03-01"]
        );
        assert_eq!(time_range(By::Week, secs(2018, 1, 3), secs(2018, 1, 15)), vec!["2018-W01", "2018-W02", "2018-W03"]);
        assert_eq!(time_range(By::Month, secs(2018, 5, 5), secs(2018, 5, 6)), vec!["2018-05"]);
    }

    /// The keys of every day from `first` to `last`, each once, in order: what a range must be.
    fn day_by_day(by: By, first: i64, last: i64) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut t = first;
        while t.div_euclid(86_400) <= last.div_euclid(86_400) {
            let k = time_key(by, t);
            if out.last() != Some(&k) {
                out.push(k);
            }
            t += 86_400;
        }
        out
    }

    #[test]
    fn ranges_hold_every_bucket_once_in_order() {
        let cases = [
            (secs(2012, 10, 11) + 3_600, secs(2018, 10, 20) + 80_000),
            (secs(2015, 12, 28), secs(2016, 1, 4)),
            (secs(2016, 2, 28), secs(2016, 3, 1)),
            (secs(2017, 12, 31) + 86_399, secs(2018, 1, 1)),
            (secs(2018, 3, 3), secs(2018, 3, 3)),
            (secs(1969, 12, 25), secs(1970, 1, 3)),
        ];
        for (first, last) in cases {
            for by in [By::Day, By::Week, By::Month] {
                let range = time_range(by, first, last);
                assert_eq!(range, day_by_day(by, first, last), "{by:?} {first}..{last}");
                assert_eq!(range.first(), Some(&time_key(by, first)));
                assert_eq!(range.last(), Some(&time_key(by, last)));
            }
        }
        assert!(time_range(By::Month, secs(2018, 2, 1), secs(2018, 1, 1)).is_empty(), "an empty span has no buckets");
    }
}
