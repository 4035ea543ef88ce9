//! Stories: the articles of an index that are copies of one another (an agency dispatch
//! republished, an article re-posted under two ids), grouped so a reporter can count them
//! once and see who had them first.
//!
//! - Each article's sketch ([`sketch`]) is written with its lead passage at index time, from
//!   the analyzer's normalized words of the article text (the headline is left out: a copy
//!   often gets a new one).
//! - The grouping ([`group`]) is a pure function of the set of sketches. It is computed after
//!   each `bahth index` run, over every article in the index, and written next to the
//!   segments as `stories.json`, stamped with the layout of the segments it was computed
//!   from. A reader whose segments differ (a run killed between its commit and that file)
//!   computes the groups afresh in memory, so the answer is always that of the index it reads.
//! - A story's id is the id of its earliest article (undated articles count as latest; ties
//!   go to the smaller id). An article with no copies is its own story.

pub mod group;
pub mod sketch;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Field;
use tantivy::{DocAddress, Searcher, Term};

use crate::analysis::Analyzer;
use crate::schema::names;
use crate::stats::ymd;
use crate::store::Store;
use sketch::Sketch;

/// The file next to the segments that holds the stories of the last run.
pub const FILE: &str = "stories.json";

/// One article of a story.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Member {
    /// Article id.
    pub id: String,
    /// Outlet.
    pub source: String,
    /// YYYY-MM-DD or null.
    pub date: Option<String>,
    /// Title: not kept in `stories.json` (it is most of its bytes, and a search reads that
    /// file on every start); read from the index for the copies shown ([`Stories::titles`]).
    #[serde(skip)]
    pub title: String,
    /// Publication time (seconds), for ordering and time buckets.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secs: Option<i64>,
}

/// One copy as a hit lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Copy {
    /// Article id.
    pub id: String,
    /// Outlet.
    pub source: String,
    /// YYYY-MM-DD or null.
    pub date: Option<String>,
    /// Title.
    pub title: String,
}

impl Member {
    /// The member as a hit's copy, with its title from `titles`.
    pub fn copy(&self, titles: &HashMap<String, String>) -> Copy {
        Copy {
            id: self.id.clone(),
            source: self.source.clone(),
            date: self.date.clone(),
            title: titles.get(&self.id).cloned().unwrap_or_default(),
        }
    }
}

/// A story as listed: `{"story", "articles": [{"id", "source", "date", "title"}]}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Listed {
    /// The story's id.
    pub story: String,
    /// Its articles, earliest first.
    pub articles: Vec<Copy>,
}

/// A group of two or more copies, earliest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Story {
    /// The story's id: its earliest article's.
    pub story: String,
    /// Its articles, earliest first (undated last, ties by id).
    pub articles: Vec<Member>,
}

impl Story {
    /// When the story was first published (its earliest dated article).
    pub fn first_secs(&self) -> Option<i64> {
        self.articles.iter().find_map(|m| m.secs)
    }
}

#[derive(Serialize, Deserialize)]
struct Saved {
    /// [`fingerprint`] of the segments the stories were computed from.
    fingerprint: u64,
    stories: Vec<Story>,
}

/// The stories of one state of the index.
#[derive(Debug, Default)]
pub struct Stories {
    /// [`fingerprint`] of the segments they were computed from.
    pub fingerprint: u64,
    /// Stories of two or more articles, largest first (ties by story id).
    pub stories: Vec<Story>,
    /// Article key ([`crate::keys`]) → (story, position in it).
    by_key: rustc_hash::FxHashMap<u64, (u32, u32)>,
}

/// Layout of the segments a searcher reads (ids and deletions). Merges change it without
/// changing the articles; that only costs a recomputation.
pub fn fingerprint(searcher: &Searcher) -> u64 {
    let mut parts: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|s| format!("{}:{}", s.segment_id().uuid_string(), s.num_deleted_docs()))
        .collect();
    parts.sort();
    xxhash_rust::xxh3::xxh3_64(parts.join(",").as_bytes())
}

/// The sketch of an article's text: its lead, the first [`sketch::LEAD_WORDS`] of the
/// analyzer's normalized words.
pub fn sketch_text(analyzer: &Analyzer, text: &str) -> Option<Sketch> {
    sketch::sketch(&sketch::shingles(&lead_hashes(analyzer, text)))
}

/// The hashes of the first [`sketch::LEAD_WORDS`] normalized words of `text` (the rest of a
/// long article is never read).
fn lead_hashes(analyzer: &Analyzer, text: &str) -> Vec<u64> {
    let mut hashes = Vec::with_capacity(sketch::LEAD_WORDS);
    analyzer.normalized_words_while(text, |w| {
        hashes.push(sketch::word_hash(w));
        hashes.len() < sketch::LEAD_WORDS
    });
    hashes
}

/// The key of an article id (as [`crate::keys::article_keys`] computes it).
pub fn key_of(id: &str) -> u64 {
    crate::keys::key_of(id.as_bytes())
}

impl Stories {
    /// The stories of what `searcher` reads: kept on the store for the same segments, else
    /// read from the index's `stories.json` when it was computed from them, else computed.
    pub fn of(store: &Store, searcher: &Searcher) -> Result<Arc<Stories>> {
        let generation = searcher.generation().generation_id();
        let cached = store.stories.lock().ok().and_then(|c| c.clone());
        if let Some((g, s)) = &cached {
            if *g == generation {
                return Ok(s.clone());
            }
        }
        let fp = fingerprint(searcher);
        if let Some((_, s)) = cached {
            if s.fingerprint == fp {
                if let Ok(mut c) = store.stories.lock() {
                    *c = Some((generation, s.clone()));
                }
                return Ok(s);
            }
        }
        let stories = match Stories::read(&store.dir) {
            Some(s) if s.fingerprint == fp => s,
            _ => Stories::build(store, searcher)?,
        };
        let stories = Arc::new(stories);
        if let Ok(mut c) = store.stories.lock() {
            *c = Some((generation, stories.clone()));
        }
        Ok(stories)
    }

    /// After an index run: the stories of what `searcher` reads, kept as they are when the
    /// segments did not change (an unchanged rerun), else grouped anew and written.
    pub fn refresh(store: &Store, searcher: &Searcher) -> Result<Stories> {
        match Stories::read(&store.dir) {
            Some(s) if s.fingerprint == fingerprint(searcher) => Ok(s),
            _ => {
                let s = Stories::build(store, searcher)?;
                s.write(&store.dir)?;
                Ok(s)
            }
        }
    }

    fn from_parts(fingerprint: u64, mut stories: Vec<Story>) -> Stories {
        stories.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then_with(|| a.story.cmp(&b.story)));
        let mut by_key = rustc_hash::FxHashMap::default();
        for (s, story) in stories.iter().enumerate() {
            for (m, member) in story.articles.iter().enumerate() {
                by_key.insert(key_of(&member.id), (s as u32, m as u32));
            }
        }
        Stories { fingerprint, stories, by_key }
    }

    fn read(dir: &Path) -> Option<Stories> {
        let bytes = std::fs::read(dir.join(FILE)).ok()?;
        let saved: Saved = serde_json::from_slice(&bytes).ok()?;
        Some(Stories::from_parts(saved.fingerprint, saved.stories))
    }

    /// Writes the stories next to the segments (a temporary file renamed into place, so a
    /// reader never sees half of it).
    pub fn write(&self, dir: &Path) -> Result<()> {
        let saved = Saved { fingerprint: self.fingerprint, stories: self.stories.clone() };
        let tmp = dir.join(format!("{FILE}.tmp"));
        let to = dir.join(FILE);
        std::fs::write(&tmp, serde_json::to_vec(&saved)?).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &to).with_context(|| format!("renaming {} to {}", tmp.display(), to.display()))?;
        Ok(())
    }

    /// An error for an index built before stories, when a request needs them.
    pub fn require(store: &Store) -> Result<()> {
        if store.fields.story.is_some() {
            return Ok(());
        }
        Err(crate::error::user(format!(
            "the index at {} was built before bahth grouped copies into stories: rebuild it with `bahth index PATH... --index {} --full`",
            store.dir.display(),
            store.dir.display()
        )))
    }

    /// Groups every article `searcher` reads by its sketch.
    pub fn build(store: &Store, searcher: &Searcher) -> Result<Stories> {
        let fp = fingerprint(searcher);
        let Some(_) = store.fields.story else { return Ok(Stories::from_parts(fp, Vec::new())) };
        let (keys, dates, sketches, addrs) = read_sketches(searcher)?;
        let groups = group::group(&keys, &dates, &sketches);
        let wanted: Vec<DocAddress> = groups.iter().flatten().map(|&i| addrs[i]).collect();
        let mut members = MemberColumns::of(searcher)?
            .members(&wanted)
            .context("reading the id, outlet and date of story members")?
            .into_iter();
        let mut stories = Vec::new();
        for g in groups {
            let mut articles: Vec<Member> = members.by_ref().take(g.len()).collect();
            articles.sort_by(|a, b| (a.secs.unwrap_or(i64::MAX), &a.id).cmp(&(b.secs.unwrap_or(i64::MAX), &b.id)));
            stories.push(Story { story: articles[0].id.clone(), articles });
        }
        Ok(Stories::from_parts(fp, stories))
    }

    /// The story an article belongs to, and its position there (None: it has no copies).
    pub fn find(&self, article_key: u64) -> Option<(&Story, usize)> {
        let &(s, m) = self.by_key.get(&article_key)?;
        Some((&self.stories[s as usize], m as usize))
    }

    /// The story key of an article: its story's index, or (with no copies) the article's
    /// own key with the top bit set, so the two never meet.
    pub fn story_key(&self, article_key: u64) -> u64 {
        match self.by_key.get(&article_key) {
            Some(&(s, _)) => u64::from(s),
            None => article_key | (1 << 63),
        }
    }

    /// Sets the story and copies of each hit (the copies' titles read from the index).
    pub fn annotate(&self, store: &Store, searcher: &Searcher, hits: &mut [crate::search::Hit]) -> Result<()> {
        let mut wanted: Vec<&Member> = Vec::new();
        for hit in hits.iter() {
            if let Some((story, me)) = self.find(key_of(&hit.article_id)) {
                wanted.extend(story.articles.iter().enumerate().filter(|(i, _)| *i != me).map(|(_, m)| m));
            }
        }
        let titles = titles(store, searcher, &wanted)?;
        for hit in hits {
            match self.find(key_of(&hit.article_id)) {
                Some((story, me)) => {
                    hit.story.clone_from(&story.story);
                    hit.copies = story
                        .articles
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != me)
                        .map(|(_, m)| m.copy(&titles))
                        .collect();
                }
                None => hit.story.clone_from(&hit.article_id),
            }
        }
        Ok(())
    }

    /// The stories of at least `min_size` articles, largest first, at most `limit`, as
    /// `bahth stories --json` and `/api/stories` list them.
    pub fn listing(&self, store: &Store, searcher: &Searcher, min_size: usize, limit: usize) -> Result<Vec<Listed>> {
        let shown: Vec<&Story> = self.stories.iter().filter(|s| s.articles.len() >= min_size).take(limit).collect();
        let titles = titles(store, searcher, &shown.iter().flat_map(|s| &s.articles).collect::<Vec<_>>())?;
        Ok(shown
            .into_iter()
            .map(|s| Listed { story: s.story.clone(), articles: s.articles.iter().map(|m| m.copy(&titles)).collect() })
            .collect())
    }

    /// Articles in stories of two or more.
    pub fn grouped_articles(&self) -> usize {
        self.by_key.len()
    }
}

/// The titles of some articles, by id, from their stored lead passages.
fn titles(store: &Store, searcher: &Searcher, members: &[&Member]) -> Result<HashMap<String, String>> {
    let leads = crate::search::article::leads(store, searcher, members.iter().map(|m| m.id.as_str()))?;
    Ok(leads.into_iter().map(|(id, doc)| (id, crate::search::text_of(&doc, store.fields.title))).collect())
}

/// Every live article's key, date, sketch and lead passage.
type Sketches = (Vec<u64>, Vec<Option<i64>>, Vec<Sketch>, Vec<DocAddress>);

fn read_sketches(searcher: &Searcher) -> Result<Sketches> {
    let (mut keys, mut dates, mut sketches, mut addrs) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (seg, reader) in searcher.segment_readers().iter().enumerate() {
        let ff = reader.fast_fields();
        let (Some(ids), Ok(values), Ok(shingles), Ok(passage)) = (
            ff.str(names::ARTICLE_ID)?,
            ff.u64(names::STORY_SKETCH),
            ff.u64(names::STORY_SHINGLES),
            ff.u64(names::PASSAGE),
        ) else {
            continue;
        };
        let article_keys = crate::keys::article_keys(searcher, seg as u32)?;
        let date = ff.date(names::DATE).ok();
        for doc in reader.doc_ids_alive() {
            if passage.first(doc) != Some(0) {
                continue;
            }
            let mut packed = [0u64; sketch::WORDS];
            let mut n = 0;
            for (slot, v) in packed.iter_mut().zip(values.values_for_doc(doc)) {
                *slot = v;
                n += 1;
            }
            let (Some(count), Some(ord)) = (shingles.first(doc), ids.term_ords(doc).next()) else { continue };
            let Some(&key) = article_keys.get(ord as usize) else { continue };
            if n == sketch::WORDS {
                keys.push(key);
                dates.push(date.as_ref().and_then(|c| c.first(doc)).map(|d| d.into_timestamp_secs()));
                sketches.push(Sketch { packed, shingles: count as u32 });
                addrs.push(DocAddress::new(seg as u32, doc));
            }
        }
    }
    Ok((keys, dates, sketches, addrs))
}

/// The columns a story member is read from (its id, outlet and date are fast fields; the
/// stored passage is not opened: decompressing the lead passage of every member was a third
/// of the grouping's time).
struct MemberColumns {
    segments: Vec<SegmentColumns>,
}

/// One segment's member columns.
struct SegmentColumns {
    /// Article ids.
    ids: Option<tantivy::columnar::StrColumn>,
    /// Outlets.
    sources: Option<tantivy::fastfield::FacetReader>,
    /// Publication dates.
    dates: Option<tantivy::columnar::Column<tantivy::DateTime>>,
}

impl MemberColumns {
    fn of(searcher: &Searcher) -> Result<MemberColumns> {
        let mut segments = Vec::new();
        for reader in searcher.segment_readers() {
            let ff = reader.fast_fields();
            segments.push(SegmentColumns {
                ids: ff.str(names::ARTICLE_ID)?,
                sources: reader.facet_reader(names::SOURCE).ok(),
                dates: ff.date(names::DATE).ok(),
            });
        }
        Ok(MemberColumns { segments })
    }

    /// The id, outlet and date of each article (given by its lead passage) from the
    /// columns, in the order asked (the title is read when a page shows it). The ids are read
    /// from each segment's dictionary in one sorted pass: one lookup per id was slower than
    /// opening the stored passages.
    fn members(&self, addrs: &[DocAddress]) -> Result<Vec<Member>> {
        let mut ords: Vec<Option<u64>> = Vec::with_capacity(addrs.len());
        let mut by_segment: Vec<Vec<u64>> = vec![Vec::new(); self.segments.len()];
        for a in addrs {
            let ids = self.segments.get(a.segment_ord as usize).and_then(|s| s.ids.as_ref());
            let ord = ids.and_then(|c| c.term_ords(a.doc_id).next());
            if let Some(o) = ord {
                by_segment[a.segment_ord as usize].push(o);
            }
            ords.push(ord);
        }
        let mut ids: Vec<rustc_hash::FxHashMap<u64, String>> = Vec::with_capacity(self.segments.len());
        for (seg, mut wanted) in by_segment.into_iter().enumerate() {
            wanted.sort_unstable();
            wanted.dedup();
            let mut found = rustc_hash::FxHashMap::default();
            if let Some(c) = self.segments[seg].ids.as_ref() {
                let mut it = wanted.iter();
                c.dictionary().sorted_ords_to_term_cb(&wanted, |bytes| {
                    if let Some(&o) = it.next() {
                        found.insert(o, String::from_utf8_lossy(bytes).into_owned());
                    }
                })?;
            }
            ids.push(found);
        }
        let mut out = Vec::with_capacity(addrs.len());
        // Outlet names by (segment, facet ordinal): a handful of outlets, thousands of members.
        let mut sources: rustc_hash::FxHashMap<(u32, u64), String> = rustc_hash::FxHashMap::default();
        for (a, ord) in addrs.iter().zip(ords) {
            let SegmentColumns { sources: facets, dates, .. } = &self.segments[a.segment_ord as usize];
            let doc = a.doc_id;
            let id = ord.and_then(|o| ids[a.segment_ord as usize].get(&o).cloned()).unwrap_or_default();
            let mut source = String::new();
            if let (Some(f), Some(o)) = (facets, facets.as_ref().and_then(|f| f.facet_ords(doc).next())) {
                if let Some(name) = sources.get(&(a.segment_ord, o)) {
                    source.clone_from(name);
                } else {
                    let mut facet = tantivy::schema::Facet::root();
                    f.facet_from_ord(o, &mut facet)?;
                    source = crate::stats::source_name(&facet);
                    sources.insert((a.segment_ord, o), source.clone());
                }
            }
            let date = dates.as_ref().and_then(|c| c.first(doc));
            out.push(Member {
                id,
                source,
                date: date.map(ymd),
                title: String::new(),
                secs: date.map(|d| d.into_timestamp_secs()),
            });
        }
        Ok(out)
    }
}

/// One hit per story from articles in rank order (each its best passage): a story ranks where
/// its best copy does, and is shown by its earliest copy that matches `query` (looked up
/// among all matches, not only those ranked high enough to be fetched). At most `n`.
pub fn lead_per_story(
    searcher: &Searcher,
    stories: &Stories,
    query: &dyn Query,
    id_field: Field,
    articles: Vec<(f32, DocAddress)>,
    n: usize,
) -> Result<Vec<(f32, DocAddress)>> {
    let addrs: Vec<DocAddress> = articles.iter().map(|(_, a)| *a).collect();
    let keys = crate::search::group::article_key_of(searcher, &addrs)?;
    // story key → (best score, the lead's position in the story, the lead)
    let mut order: Vec<u64> = Vec::new();
    let mut lead: HashMap<u64, (f32, usize, DocAddress)> = HashMap::new();
    for ((score, addr), key) in articles.into_iter().zip(keys) {
        let story = stories.story_key(key);
        let position = stories.find(key).map_or(0, |(_, p)| p);
        match lead.get_mut(&story) {
            Some(l) if position < l.1 => (l.1, l.2) = (position, addr),
            Some(_) => {}
            None if order.len() == n => {}
            None => {
                order.push(story);
                lead.insert(story, (score, position, addr));
            }
        }
    }
    earlier_leads(searcher, stories, query, id_field, &mut lead)?;
    Ok(order.into_iter().filter_map(|s| lead.get(&s).map(|l| (l.0, l.2))).collect())
}

/// Replaces each lead by the earliest copy of its story that matches `query`, when one
/// published before it matches but ranked too low to be fetched.
fn earlier_leads(
    searcher: &Searcher,
    stories: &Stories,
    query: &dyn Query,
    id_field: Field,
    lead: &mut HashMap<u64, (f32, usize, DocAddress)>,
) -> Result<()> {
    let earlier: Vec<&Member> = lead
        .iter()
        .filter(|(_, l)| l.1 > 0)
        .filter_map(|(&s, l)| stories.stories.get(s as usize).map(|st| &st.articles[..l.1]))
        .flatten()
        .collect();
    if earlier.is_empty() {
        return Ok(());
    }
    let ids =
        crate::search::article::any_term(earlier.iter().map(|m| Term::from_field_text(id_field, &m.id)).collect());
    let q = BooleanQuery::new(vec![(Occur::Must, query.box_clone()), (Occur::Must, ids)]);
    let docs = searcher.search(&q, &DocSetCollector)?;
    let mut docs: Vec<DocAddress> = docs.into_iter().collect();
    docs.sort();
    let ids = crate::search::group::article_ids(searcher, docs.iter().copied())?;
    for (addr, id) in docs.into_iter().zip(ids) {
        let Some((story, position)) = stories.find(key_of(&id)) else { continue };
        let s = stories.story_key(key_of(&story.articles[position].id));
        if let Some(l) = lead.get_mut(&s) {
            if position < l.1 {
                (l.1, l.2) = (position, addr);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: every normalized word of the whole text, the first LEAD_WORDS kept.
    fn lead_of_whole(analyzer: &Analyzer, text: &str) -> Vec<u64> {
        let mut whole = Vec::new();
        analyzer.for_each_normalized(text, |w| whole.push(sketch::word_hash(w)));
        whole.truncate(sketch::LEAD_WORDS);
        whole
    }

    #[test]
    fn the_lead_of_every_seed_article_is_the_first_words_of_its_whole_text() {
        let analyzer = Analyzer::default();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut read = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let lead = lead_hashes(&analyzer, &text);
            assert_eq!(lead.len(), sketch::LEAD_WORDS, "a seed article is longer than its lead");
            assert_eq!(lead, lead_of_whole(&analyzer, &text));
            read += 1;
        }
        assert!(read >= 5);
    }

    proptest::proptest! {
        #[test]
        fn the_lead_is_the_first_words_of_the_whole_text(
            words in proptest::collection::vec(concat!(
                "(«|-|،|[\u{0621}-\u{0652}\u{0640}]{1,6}|[\u{0628}-\u{063A}]{38,42}|«[\u{0621}-\u{064A}]{1,4}»",
                "|[a-zA-Z0-9]{1,3}/[a-z]{1,3}|https?://[a-z]{2}\\.com/[\u{0621}-\u{064A}a-z]{1,4}|www\\.[a-z]{2}\\.com/x",
                "|[\u{0660}-\u{0669}]{1,3}|\u{A0}|\u{200F}[\u{0621}-\u{064A}]{2}|[\u{0621}-\u{064A}]{2}\u{A0}[\u{0621}-\u{064A}]{2}",
                "|https?://[a-z]{2}\\.com/[a-z]{1,3}(،|«|\\.)[\u{0621}-\u{064A}]{1,4}»?|«www\\.[a-z]{2}\\.com»|\\([\u{0621}-\u{064A}]{1,4}\\)،?)"
            ), 0..400),
            seps in proptest::collection::vec("[ \n\t\r]{1,2}", 400),
        ) {
            let text: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
            let analyzer = Analyzer::default();
            proptest::prop_assert_eq!(lead_hashes(&analyzer, &text), lead_of_whole(&analyzer, &text));
        }
    }
}
