//! The similarity sketch of one article: MinHash over its word triples, by one-permutation
//! hashing with optimal densification, and the estimates two sketches give (resemblance and
//! containment). Pure functions of the normalized words; no index here.
//!
//! - **Shingles.** Three consecutive normalized words (not five): a copy with one word in ten
//!   replaced keeps 0.9³ ≈ 73% of its word triples but only 0.9⁵ ≈ 59% of its five-word
//!   ones, while two texts written apart share few triples of any length beyond names and
//!   set phrases.
//! - **One-permutation hashing** (Li, Owen & Zhang, NIPS 2012): each shingle is hashed once;
//!   the top bits pick one of [`BINS`] bins and the bin keeps its smallest hash. That is
//!   [`BINS`] MinHash values for the price of one hash per shingle.
//! - **Optimal densification** (Shrivastava, ICML 2017): a bin no shingle fell into borrows
//!   the value of the first non-empty bin on its own pseudo-random probe sequence, so short
//!   texts keep an unbiased estimate.
//! - Each bin keeps 16 bits of its minimum (b-bit MinHash, Li & König 2010): two different
//!   minima agree by chance once in 65,536, far below the estimate's own noise.
//!
//! Written here rather than taken from gaoya (the MinHash/LSH crate the issue names): gaoya
//! hashes every shingle once per permutation (64–128 hashes a shingle, where this is one),
//! keeps full 32- or 64-bit values (2–4× the 128 bytes stored here per article), and its LSH
//! index is an in-memory structure built by insertion, where bahth needs a sketch stored in
//! tantivy fast fields and a grouping that is a pure function of the set of articles.

use xxhash_rust::xxh3::xxh3_64;

/// MinHash values per article (bins of one-permutation hashing). 64 values estimate a
/// resemblance of 0.4 within ±0.06 (one standard deviation), which separates copies
/// (resemblance 0.4–1) from texts written apart (below 0.1).
pub const BINS: usize = 64;
/// Words of an article's lead that its sketch is made of. A copy keeps its lead: a new
/// headline, a cut ending and words changed further down leave it as it was, and an intro
/// sentence of twenty or thirty words shifts it by a sixth. Two different articles can end
/// alike (an outlet's list of latest headlines, a standard closing paragraph, a shared
/// quotation at length), which a sketch of the whole text would read as copying; they never
/// begin alike unless one copies the other. A hundred and fifty words is the lead paragraph
/// and the one or two after it.
pub const LEAD_WORDS: usize = 150;
/// Words per shingle (see the module doc).
pub const SHINGLE_WORDS: usize = 3;
/// Bits kept of each bin's minimum.
const VALUE_BITS: u32 = 16;
/// Values packed into one u64.
pub const PER_WORD: usize = (64 / VALUE_BITS) as usize;
/// u64 words a sketch is stored in.
pub const WORDS: usize = BINS / PER_WORD;

/// A sketch: the packed bin values and the number of distinct shingles it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    /// `BINS` 16-bit values, four to a word, bin 0 in the low bits of word 0.
    pub packed: [u64; WORDS],
    /// Distinct shingles (the set size the containment estimate needs).
    pub shingles: u32,
}

/// A 64-bit mixer (the finalizer of SplitMix64): spreads a combination of word hashes over
/// all bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hashes of the shingles of a sequence of word hashes. A text shorter than a shingle
/// is one shingle of all its words; an empty text has none.
pub fn shingles(words: &[u64]) -> Vec<u64> {
    if words.is_empty() {
        return Vec::new();
    }
    let n = SHINGLE_WORDS.min(words.len());
    words
        .windows(n)
        .map(|w| mix(w.iter().enumerate().fold(0u64, |acc, (i, h)| acc ^ h.rotate_left(21 * i as u32))))
        .collect()
}

/// The hash of one normalized word.
pub fn word_hash(word: &str) -> u64 {
    xxh3_64(word.as_bytes())
}

/// The sketch of a set of shingle hashes (duplicates do not matter). `None` for no shingles.
pub fn sketch(shingles: &[u64]) -> Option<Sketch> {
    if shingles.is_empty() {
        return None;
    }
    let shift = 64 - BINS.trailing_zeros();
    let mut mins = [u64::MAX; BINS];
    let mut filled = [false; BINS];
    for &h in shingles {
        let bin = (h >> shift) as usize;
        let rest = h << BINS.trailing_zeros();
        if rest <= mins[bin] {
            mins[bin] = rest;
            filled[bin] = true;
        }
    }
    let mut values = [0u64; BINS];
    for bin in 0..BINS {
        let source = if filled[bin] { bin } else { densify(bin, &filled) };
        values[bin] = mins[source] >> (64 - VALUE_BITS);
    }
    let mut packed = [0u64; WORDS];
    for (bin, v) in values.iter().enumerate() {
        packed[bin / PER_WORD] |= v << (VALUE_BITS as usize * (bin % PER_WORD));
    }
    Some(Sketch { packed, shingles: distinct(shingles) as u32 })
}

/// How many distinct values `hashes` holds: an open-addressing set twice their number, probed
/// from each value's low bits (shingle hashes are mixed, so any bits spread them). A sort
/// did the same at four times the cost, a tenth of the whole sketch.
fn distinct(hashes: &[u64]) -> usize {
    let size = (2 * hashes.len()).next_power_of_two().max(8);
    // 0 marks an empty slot; the value 0 itself is counted apart.
    let mut slots = vec![0u64; size];
    let (mut n, mut zero) = (0, false);
    for &h in hashes {
        if h == 0 {
            n += usize::from(!zero);
            zero = true;
            continue;
        }
        let mut i = h as usize & (size - 1);
        while slots[i] != 0 && slots[i] != h {
            i = (i + 1) & (size - 1);
        }
        if slots[i] == 0 {
            slots[i] = h;
            n += 1;
        }
    }
    n
}

/// The non-empty bin an empty bin borrows from: the first non-empty one on the bin's own
/// probe sequence (optimal densification). At least one bin is filled.
fn densify(bin: usize, filled: &[bool; BINS]) -> usize {
    for attempt in 1u64.. {
        let probe = (mix(((bin as u64) << 32) | attempt) % BINS as u64) as usize;
        if filled[probe] {
            return probe;
        }
    }
    bin
}

/// The sketch of a text given as its normalized words.
pub fn of_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Option<Sketch> {
    let hashes: Vec<u64> = words.into_iter().map(word_hash).collect();
    sketch(&shingles(&hashes))
}

impl Sketch {
    /// The value of one bin.
    fn value(&self, bin: usize) -> u64 {
        (self.packed[bin / PER_WORD] >> (VALUE_BITS as usize * (bin % PER_WORD))) & ((1 << VALUE_BITS) - 1)
    }

    /// The estimated resemblance (Jaccard index of the two shingle sets): the share of
    /// bins whose values agree.
    pub fn resemblance(&self, other: &Sketch) -> f64 {
        let same = (0..BINS).filter(|&b| self.value(b) == other.value(b)).count();
        same as f64 / BINS as f64
    }

    /// The estimated containment of the smaller shingle set in the larger:
    /// |A ∩ B| / min(|A|, |B|), from the resemblance J and the set sizes, since
    /// |A ∩ B| = J (|A| + |B|) / (1 + J).
    pub fn containment(&self, other: &Sketch) -> f64 {
        let j = self.resemblance(other);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        let small = a.min(b).max(1.0);
        (j * (a + b) / (1.0 + j) / small).min(1.0)
    }

    /// The estimated number of shingles the two sets share: J (|A| + |B|) / (1 + J).
    pub fn shared(&self, other: &Sketch) -> f64 {
        let j = self.resemblance(other);
        j * f64::from(self.shingles + other.shingles) / (1.0 + j)
    }

    /// The 32-bit key of LSH band `band` (two adjacent bins).
    pub fn band(&self, band: usize) -> u32 {
        let bin = band * 2;
        (self.value(bin) | (self.value(bin + 1) << VALUE_BITS)) as u32
    }
}

/// LSH bands: pairs of bins. Two sketches become a candidate pair when any band agrees; at
/// resemblance J that happens with probability 1 − (1 − J²)^32: 0.95 at J = 0.3, 0.9993 at
/// J = 0.4, 0.08 at J = 0.05.
pub const BANDS: usize = BINS / 2;

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize, seed: u64) -> Vec<String> {
        (0..n).map(|i| format!("w{}", mix(seed.wrapping_mul(1_000_003) + i as u64) % 5000)).collect()
    }

    fn sk(w: &[String]) -> Sketch {
        of_words(w.iter().map(String::as_str)).unwrap()
    }

    /// Exact containment of the shingle sets, for comparison with the estimate.
    fn exact_containment(a: &[String], b: &[String]) -> f64 {
        let set = |w: &[String]| -> std::collections::HashSet<u64> {
            shingles(&w.iter().map(|x| word_hash(x)).collect::<Vec<_>>()).into_iter().collect()
        };
        let (x, y) = (set(a), set(b));
        x.intersection(&y).count() as f64 / x.len().min(y.len()) as f64
    }

    #[test]
    fn identical_texts_agree_in_every_bin_and_unrelated_ones_in_almost_none() {
        let a = words(300, 1);
        assert_eq!(sk(&a).resemblance(&sk(&a.clone())), 1.0);
        assert_eq!(sk(&a).containment(&sk(&a)), 1.0);
        let b = words(300, 2);
        assert!(sk(&a).resemblance(&sk(&b)) < 0.05, "{}", sk(&a).resemblance(&sk(&b)));
        assert!(of_words(std::iter::empty()).is_none(), "no words, no sketch");
    }

    #[test]
    fn short_texts_are_one_shingle_and_densified_bins_compare() {
        let one = vec!["فاغنر".to_string()];
        let s = sk(&one);
        assert_eq!(s.shingles, 1);
        assert_eq!(s.resemblance(&sk(&one)), 1.0, "densified bins agree for the same text");
        let two = vec!["فاغنر".to_string(), "مالي".to_string()];
        assert!(sk(&two).resemblance(&s) < 0.2);
    }

    #[test]
    fn estimates_follow_the_exact_containment_under_edits() {
        let base = words(400, 7);
        // The end cut (60% kept), one word in ten replaced, an intro added.
        let mut copy: Vec<String> = base[..240].to_vec();
        for (i, w) in copy.iter_mut().enumerate() {
            if i % 10 == 3 {
                *w = format!("x{i}");
            }
        }
        let mut edited = words(20, 99);
        edited.extend(copy);
        let exact = exact_containment(&base, &edited);
        let est = sk(&base).containment(&sk(&edited));
        assert!((exact - est).abs() < 0.2, "exact {exact:.2} estimate {est:.2}");
        assert!(est > 0.5, "a copy so edited is still a copy: {est:.2}");
    }

    proptest::proptest! {
        #[test]
        fn distinct_counts_what_a_sort_and_dedup_leave(
            hashes in proptest::collection::vec(proptest::prop_oneof![0u64..4, proptest::num::u64::ANY, proptest::strategy::Strategy::prop_map(0u64..64, |x| x << 58)], 0..300),
        ) {
            let mut sorted = hashes.clone();
            sorted.sort_unstable();
            sorted.dedup();
            proptest::prop_assert_eq!(distinct(&hashes), sorted.len());
        }
    }

    #[test]
    fn bands_of_equal_sketches_are_equal() {
        let a = sk(&words(50, 3));
        for b in 0..BANDS {
            assert_eq!(a.band(b), a.clone().band(b));
        }
    }
}
