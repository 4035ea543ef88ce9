//! Which articles are copies of one another. Candidate pairs come from LSH bands of their
//! sketches, each pair is checked by its estimated containment, and stories are formed
//! around their earliest article: an article joins the story of the earliest earlier article
//! it is a copy of that leads a story, else it leads one. Articles with the same sketch are
//! one node first, so identical texts always share a story. A pure function of the set of
//! articles: the same set gives the same stories whatever order it comes in, so a full
//! rebuild and any history of incremental runs agree.
//!
//! Why stories form around their first article rather than as connected components of the
//! copy pairs: formulaic texts (a daily military statement, a video series' fixed opening)
//! resemble the previous day's text enough to chain a month of different events into one
//! "story". A copy is a copy of the original, so each article is compared with the story's
//! first publication.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::sketch::{Sketch, BANDS};

/// Two texts are copies when at least half of the shorter one's word triples are in the
/// longer one. A copy keeps far more: with one word in ten replaced 73% of its triples
/// survive, and a new headline, an added intro, a cut ending or swapped paragraphs remove
/// only the triples at the seams. Two reports written apart about one event share names and
/// set phrases, a tenth of their triples at most; half means long runs of the same words in
/// the same order, which is copying.
pub const MIN_CONTAINMENT: f64 = 0.35;

/// The resemblance below which the containment estimate is not trusted. Containment is
/// derived from the resemblance and the set sizes; when one text is many times the other the
/// resemblance is a few bins in 64, and one chance agreement (1/64) would read as a high
/// containment. One bin in five is 13 agreeing bins, which chance never gives, and it still
/// admits a copy that keeps only a third of the original with one word in ten changed.
pub const MIN_RESEMBLANCE: f64 = 0.2;

/// Fewest word triples two texts must share (estimated) to be copies: eighteen words in a
/// row, a full sentence. Very short items (a video caption, a one-line brief) can reach half
/// their triples with a series' fixed opening alone; a copy of such an item shares all of
/// it, and an item shorter than a sentence is too short to call a copy of anything but an
/// identical text (identical texts are grouped before this test).
pub const MIN_SHARED_TRIPLES: f64 = 16.0;

/// Longest time between a story's first publication and a copy, in seconds (a week).
/// Republishing follows the news cycle: agencies' clients run a dispatch the same day,
/// weeklies and regional papers within their next issue. A text that comes back later with
/// new numbers is a template reused for a new report (a monthly statistic, a daily military
/// statement), not a copy.
pub const MAX_SECONDS_APART: i64 = 7 * 86_400;

/// Members of one LSH bucket compared pair by pair; a larger bucket (many copies of one
/// text) is compared as a star around its first member and a chain through the others.
const ALL_PAIRS_BUCKET: usize = 48;

/// Whether two sketches are copies of one another.
pub fn are_copies(a: &Sketch, b: &Sketch) -> bool {
    a.resemblance(b) >= MIN_RESEMBLANCE && a.containment(b) >= MIN_CONTAINMENT && a.shared(b) >= MIN_SHARED_TRIPLES
}

/// The stories of two or more articles among `sketches`. `keys` (distinct, one per sketch)
/// and `dates` (publication seconds; undated counts as latest) fix the order in which
/// articles are read: earliest first, ties by key. Each story lists indices into
/// `sketches`, ascending; stories come in the order of their smallest key.
pub fn group(keys: &[u64], dates: &[Option<i64>], sketches: &[Sketch]) -> Vec<Vec<usize>> {
    let nodes = identical(keys, sketches);
    let order_key = |n: &Vec<usize>| {
        n.iter().map(|&i| (dates[i].unwrap_or(i64::MAX), keys[i])).min().unwrap_or((i64::MAX, u64::MAX))
    };
    let mut nodes: Vec<(usize, Vec<usize>)> = nodes.into_iter().map(|n| (n[0], n)).collect();
    nodes.sort_by_key(|(_, n)| order_key(n));
    let reps: Vec<usize> = nodes.iter().map(|(r, _)| *r).collect();
    let neighbours = copy_pairs(&reps, sketches);
    let first: Vec<Option<i64>> = nodes.iter().map(|(_, n)| n.iter().filter_map(|&i| dates[i]).min()).collect();
    // Nodes in time order: each joins the earliest earlier story leader it copies.
    let mut story_of: Vec<usize> = (0..nodes.len()).collect();
    let mut leads = vec![false; nodes.len()];
    for x in 0..nodes.len() {
        let within = |y: usize| match (first[y], first[x]) {
            (Some(a), Some(b)) => b - a <= MAX_SECONDS_APART,
            _ => true,
        };
        let leader = neighbours[x].iter().copied().filter(|&y| y < x && leads[y] && within(y)).min();
        match leader {
            Some(y) => story_of[x] = y,
            None => leads[x] = true,
        }
    }
    let mut stories: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (x, (_, members)) in nodes.iter().enumerate() {
        stories.entry(story_of[x]).or_default().extend(members);
    }
    let mut out: Vec<Vec<usize>> = stories.into_values().filter(|g| g.len() > 1).collect();
    for g in &mut out {
        g.sort_unstable();
    }
    out.sort_by_key(|g| g.iter().map(|&i| keys[i]).min());
    out
}

/// Articles with the same sketch (identical leads), as nodes of one or more indices.
fn identical(keys: &[u64], sketches: &[Sketch]) -> Vec<Vec<usize>> {
    let mut same: FxHashMap<(&[u64], u32), Vec<usize>> = FxHashMap::default();
    for (i, s) in sketches.iter().enumerate() {
        same.entry((&s.packed[..], s.shingles)).or_default().push(i);
    }
    let mut nodes: Vec<Vec<usize>> = same.into_values().collect();
    for n in &mut nodes {
        n.sort_by_key(|&i| keys[i]);
    }
    nodes
}

/// The checked copy pairs among the nodes whose representatives are `reps` (positions in
/// `reps` are the nodes' ranks in time order): each node's copies, by rank. The bands are shared out
/// among the cores (each band is a sort of every node); the pairs found are the same
/// whatever the split, and the grouping reads each node's copies as a set.
fn copy_pairs(reps: &[usize], sketches: &[Sketch]) -> Vec<Vec<usize>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let found: Vec<Vec<(usize, usize)>> = std::thread::scope(|s| {
        let workers: Vec<_> =
            (0..threads).map(|t| s.spawn(move || band_pairs(reps, sketches, (t..BANDS).step_by(threads)))).collect();
        workers
            .into_iter()
            .map(|w| match w.join() {
                Ok(pairs) => pairs,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    let mut all = found.concat();
    all.sort_unstable();
    all.dedup();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); reps.len()];
    for (x, y) in all {
        out[x].push(y);
        out[y].push(x);
    }
    out
}

/// The copy pairs `(x, y)`, `x < y`, found in some bucket of the given bands.
fn band_pairs(reps: &[usize], sketches: &[Sketch], bands: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let mut copies = Vec::new();
    let mut checked: FxHashSet<(usize, usize)> = FxHashSet::default();
    // (band key, node) packed in one u64 (nodes are far fewer than 2^32): sorting plain
    // integers is twice as fast as sorting pairs.
    let mut banded: Vec<u64> = Vec::with_capacity(reps.len());
    for band in bands {
        // One sort per band: runs of equal band keys are the buckets, members in node order.
        banded.clear();
        banded.extend(reps.iter().enumerate().map(|(x, &r)| (u64::from(sketches[r].band(band)) << 32) | x as u64));
        banded.sort_unstable();
        for run in banded.chunk_by(|a, b| a >> 32 == b >> 32).filter(|r| r.len() > 1) {
            let members: Vec<usize> = run.iter().map(|&v| (v & 0xFFFF_FFFF) as usize).collect();
            for (x, y) in pairs(&members) {
                let pair = (x.min(y), x.max(y));
                if checked.insert(pair) && are_copies(&sketches[reps[x]], &sketches[reps[y]]) {
                    copies.push(pair);
                }
            }
        }
    }
    copies
}

/// The pairs of a bucket to check (see [`ALL_PAIRS_BUCKET`]).
fn pairs(members: &[usize]) -> Vec<(usize, usize)> {
    if members.len() <= ALL_PAIRS_BUCKET {
        let mut out = Vec::new();
        for (i, &x) in members.iter().enumerate() {
            out.extend(members[i + 1..].iter().map(|&y| (x, y)));
        }
        return out;
    }
    let star = members[1..].iter().map(|&y| (members[0], y));
    let chain = members.windows(2).map(|w| (w[0], w[1]));
    star.chain(chain).collect()
}

#[cfg(test)]
mod tests {
    use super::super::sketch::of_words;
    use super::*;

    fn text(seed: u64, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("w{}", (seed * 7919 + i as u64 * 104_729) % 100_003)).collect()
    }

    fn sk(words: &[String]) -> Sketch {
        of_words(words.iter().map(String::as_str)).unwrap()
    }

    /// Groups as sets of labels, for comparing answers that come in different orders.
    fn labelled(keys: &[u64], sketches: &[Sketch]) -> Vec<Vec<u64>> {
        let mut g: Vec<Vec<u64>> = group(keys, &vec![None; keys.len()], sketches)
            .into_iter()
            .map(|g| g.into_iter().map(|i| keys[i]).collect())
            .collect();
        for x in &mut g {
            x.sort();
        }
        g.sort();
        g
    }

    #[test]
    fn copies_group_and_texts_written_apart_do_not() {
        let a = text(1, 300);
        let mut retitled = a.clone();
        retitled.insert(0, "عاجل".into());
        let trimmed = a[..200].to_vec();
        let other = text(2, 300);
        let mut same_names = text(3, 300);
        same_names.splice(10..14, a[10..14].iter().cloned());
        let sketches = vec![sk(&a), sk(&retitled), sk(&trimmed), sk(&other), sk(&same_names)];
        let keys = vec![10, 11, 12, 13, 14];
        assert_eq!(labelled(&keys, &sketches), vec![vec![10, 11, 12]]);
    }

    #[test]
    fn a_story_forms_around_its_first_article_not_along_a_chain() {
        // Each day's text repeats half of the day before's: day 3 copies day 2, which copies
        // day 1, but day 3 is not a copy of day 1.
        let day1 = text(5, 120);
        let day2: Vec<String> = day1[..70].iter().cloned().chain(text(6, 50)).collect();
        let day3: Vec<String> =
            day2[70..].iter().cloned().chain(day2[..20].iter().cloned()).chain(text(7, 60)).collect();
        let sketches = [sk(&day1), sk(&day2), sk(&day3)];
        assert!(are_copies(&sketches[0], &sketches[1]), "day 2 copies day 1");
        assert!(!are_copies(&sketches[0], &sketches[2]), "day 3 is not a copy of day 1");
        let keys = vec![3, 2, 1];
        let dates = vec![Some(1), Some(2), Some(3)];
        let g = group(&keys, &dates, &sketches);
        assert_eq!(g, vec![vec![0, 1]], "day 3 leads a story of its own");
    }

    #[test]
    fn the_answer_does_not_depend_on_the_order_of_the_articles() {
        let mut items: Vec<(u64, Sketch)> = Vec::new();
        for s in 0..20u64 {
            let t = text(s, 150);
            items.push((s * 3, sk(&t)));
            items.push((s * 3 + 1, sk(&t[(s as usize % 40)..])));
        }
        let (keys, sketches): (Vec<u64>, Vec<Sketch>) = items.iter().cloned().unzip();
        let want = labelled(&keys, &sketches);
        assert_eq!(want.len(), 20);
        items.reverse();
        items.rotate_left(7);
        let (keys, sketches): (Vec<u64>, Vec<Sketch>) = items.into_iter().unzip();
        assert_eq!(labelled(&keys, &sketches), want);
    }

    #[test]
    fn a_large_bucket_of_one_text_is_one_group() {
        let t = text(9, 60);
        let sketches: Vec<Sketch> = (0..200).map(|_| sk(&t)).collect();
        let keys: Vec<u64> = (0..200).collect();
        let g = group(&keys, &vec![None; keys.len()], &sketches);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].len(), 200);
    }

    #[test]
    fn a_short_text_is_not_read_as_contained_in_a_long_one_by_chance() {
        let long = text(11, 2000);
        let short = text(12, 8);
        assert!(!are_copies(&sk(&long), &sk(&short)));
        assert!(!are_copies(&sk(&text(13, 3)), &sk(&text(14, 3))));
    }
}
