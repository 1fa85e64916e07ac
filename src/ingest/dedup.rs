//! Exact and near-duplicate detection (syndicated and lightly edited copies).
//!
//! Exact copies share a `content_hash`. Near copies are found with MinHash: a [`Signature`] of
//! [`NUM_HASHES`] minimum hash values over the body's 5-word shingles estimates the Jaccard
//! similarity of two texts; [`Deduper`] indexes signatures in [`BANDS`] LSH bands so that a
//! check only compares the few articles sharing a band, not the whole project, and verifies
//! each candidate's estimated similarity against [`NEAR_THRESHOLD`]. It keeps a compact sketch
//! of each signature in memory (about 400 bytes per article in all) and asks for a full
//! signature only to confirm a likely near copy.
//!
//! Signatures cover the body, not the headline, so a syndicated copy under another headline is
//! still found. Texts of fewer than [`MIN_WORDS`] words get an empty signature: exact
//! duplicates only, never near links (a few shared words say nothing).

use crate::model::{ArticleId, DuplicateKind, DuplicateOf};
use std::collections::HashMap;

/// Values in a signature.
pub const NUM_HASHES: usize = 128;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Texts with fewer words get no near-duplicate detection.
pub const MIN_WORDS: usize = 30;
/// Estimated Jaccard similarity from which a text is a near duplicate.
pub const NEAR_THRESHOLD: f32 = 0.7;
/// LSH bands; with [`ROWS`] values each, a pair at similarity 0.7 shares a band with
/// probability ≈ 0.9998, a pair at 0.3 with ≈ 0.23 (then rejected by verification).
pub const BANDS: usize = 32;
/// Signature values per band.
pub const ROWS: usize = NUM_HASHES / BANDS;

/// A first line longer than this (bytes) is not treated as a headline by [`Signature::of_text`].
const MAX_HEADLINE_BYTES: usize = 300;

/// MinHash signature of a text: [`NUM_HASHES`] values, or none for short texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

impl Signature {
    /// Signature of an article's analysed text (`ArticleDraft::text` / `Article::text`),
    /// leaving out the headline line: the first line is skipped when a blank line follows it,
    /// it is at most 300 bytes and it does not end with a period (a derived-title article
    /// starts directly with its first paragraph, which usually does).
    pub fn of_text(text: &str) -> Signature {
        Signature::of_body(body_of(text))
    }

    /// Signature of exactly the given text (a body without its headline).
    ///
    /// One-permutation MinHash with densification: each shingle is hashed [`ROUNDS`] times
    /// (the same expansion for every text, so Jaccard similarity is unchanged while short texts
    /// fill more bins); each hash picks one of the [`NUM_HASHES`] bins by its top bits and
    /// competes for that bin's minimum; an empty bin borrows the value of a non-empty bin chosen
    /// by a fixed probe sequence, the same for every text (Shrivastava, "Optimal densification
    /// for fast and accurate minwise hashing", 2017). Linear in the text's length: a 700-word
    /// article takes about ten microseconds.
    pub fn of_body(body: &str) -> Signature {
        let words = word_hashes(body);
        if words.len() < MIN_WORDS {
            return Signature(Vec::new());
        }
        let mut mins = [u32::MAX; NUM_HASHES];
        let mut filled = [false; NUM_HASHES];
        for shingle in words.windows(SHINGLE_WORDS) {
            let shingle = shingle_hash(shingle);
            for seed in ROUND_SEEDS {
                let h = mix(shingle ^ seed);
                let bin = bin_of(h);
                let value = h as u32;
                if !filled[bin] || value < mins[bin] {
                    mins[bin] = value;
                    filled[bin] = true;
                }
            }
        }
        densify(&mut mins, &filled);
        Signature(mins.to_vec())
    }

    /// True for the signature of a short text (no near-duplicate detection).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Little-endian bytes, 4 per value (empty for an empty signature).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Reads [`Signature::to_bytes`]; `None` unless the length is 0 or `4 * NUM_HASHES`.
    pub fn from_bytes(b: &[u8]) -> Option<Signature> {
        if !b.is_empty() && b.len() != 4 * NUM_HASHES {
            return None;
        }
        let values = b
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Some(Signature(values))
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets (share of equal values);
    /// 0 when either signature is empty or they differ in length.
    pub fn similarity(&self, other: &Signature) -> f32 {
        if self.0.is_empty() || self.0.len() != other.0.len() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f32 / self.0.len() as f32
    }

    /// True when some band of the two signatures holds the same values (the LSH condition
    /// for comparing them at all).
    fn shares_band(&self, other: &Signature) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .chunks_exact(ROWS)
                .zip(other.0.chunks_exact(ROWS))
                .any(|(a, b)| a == b)
    }
}

/// The text after a headline line (see [`Signature::of_text`]).
fn body_of(text: &str) -> &str {
    let Some(end) = text.find("\n\n") else {
        return text;
    };
    let first = &text[..end];
    if end <= MAX_HEADLINE_BYTES && !first.contains('\n') && !first.trim_end().ends_with('.') {
        &text[end + 2..]
    } else {
        text
    }
}

/// Hashes of the text's words: runs of letters and digits, lower-cased.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut words = Vec::with_capacity(text.len() / 5);
    let mut h = SEED;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            if c.is_ascii() {
                h = fold(h, u64::from(c.to_ascii_lowercase()));
            } else {
                for lc in c.to_lowercase() {
                    h = fold(h, u64::from(lc));
                }
            }
        } else if in_word {
            words.push(mix(h));
            h = SEED;
            in_word = false;
        }
    }
    if in_word {
        words.push(mix(h));
    }
    words
}

/// One hash for a shingle of word hashes.
fn shingle_hash(words: &[u64]) -> u64 {
    mix(words.iter().fold(SEED, |h, &w| fold(h, w)))
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// FxHash-style step: rotate, xor, multiply.
#[inline]
fn fold(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// SplitMix64 finaliser: spreads every input bit over the output.
#[inline]
const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hashes per shingle (see [`Signature::of_body`]).
pub const ROUNDS: usize = 4;

/// Seeds of the [`ROUNDS`] hashes of a shingle; fixed so stored signatures stay comparable.
const ROUND_SEEDS: [u64; ROUNDS] = [
    0x243f_6a88_85a3_08d3,
    0x1319_8a2e_0370_7344,
    0xa409_3822_299f_31d0,
    0x082e_fa98_ec4e_6c89,
];

/// Bits of a shingle hash that pick its bin.
const BIN_BITS: u32 = NUM_HASHES.trailing_zeros();
const _: () = assert!(NUM_HASHES.is_power_of_two() && NUM_HASHES.is_multiple_of(BANDS));
// A band's sketch bytes and its number fit in the 64 bits `BandTable::position` hashes.
const _: () = assert!(ROWS <= 7 && BANDS <= 256);

/// The bin of a hash: its top [`BIN_BITS`] bits.
#[inline]
fn bin_of(h: u64) -> usize {
    (h >> (64 - BIN_BITS)) as usize
}

/// Fills each empty bin with the value of the first non-empty bin on its probe sequence
/// `bin_of(mix(bin, attempt))`; after 4,096 misses, the next non-empty bin in order. Needs at
/// least one non-empty bin (callers guarantee [`MIN_WORDS`]).
fn densify(mins: &mut [u32; NUM_HASHES], filled: &[bool; NUM_HASHES]) {
    if !filled.iter().any(|&f| f) {
        return;
    }
    let original = *mins;
    for (bin, value) in mins.iter_mut().enumerate() {
        if filled[bin] {
            continue;
        }
        let probed = (0..4096u64)
            .map(|attempt| bin_of(mix((((bin as u64) << 32) | attempt) ^ DENSIFY_SEED)))
            .find(|&r| filled[r]);
        let source = probed.or_else(|| {
            (1..NUM_HASHES)
                .map(|step| (bin + step) % NUM_HASHES)
                .find(|&r| filled[r])
        });
        if let Some(r) = source {
            *value = original[r];
        }
    }
}

const DENSIFY_SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// Index of the project's articles for duplicate checks: content hashes for exact copies, an
/// LSH band index over signatures for near copies. Checking costs a few hash lookups and a
/// handful of signature comparisons, whatever the project's size.
///
/// Kept compact, since it holds every article of the project that is not itself a duplicate:
/// of each signature only its [`Sketch`] (the low byte of each value) stays in memory, and the
/// band index is one table of `u32` cells keyed by those bytes. A candidate whose sketch is too
/// unlike the new text is rejected in memory (its full similarity can only be lower); one that
/// passes is verified against its full signature, which [`Deduper::check`] asks its caller for
/// (the project file holds it). About 400 bytes per indexed article (see
/// [`Deduper::heap_bytes`]): 128 for the sketch, 8 for the id, 160–240 for the 32 band cells,
/// 30–60 for the content hash.
#[derive(Clone, Debug, Default)]
pub struct Deduper {
    /// Content hash (its first 128 bits) → earliest article with it.
    exact: HashMap<[u8; 16], ArticleId>,
    /// The article of each indexed signature; its position is the signature's slot.
    ids: Vec<ArticleId>,
    /// The sketch of each slot's signature, [`NUM_HASHES`] bytes per slot, slot after slot.
    sketches: Vec<u8>,
    /// Every band of every slot, found by the band's sketch bytes.
    bands: BandTable,
}

/// The low byte of each value of a signature. Two signatures agree on at least as many sketch
/// bytes as on full values, so a sketch similarity below [`NEAR_THRESHOLD`] rules a pair out
/// and a band whose full values match has matching sketch bytes too.
type Sketch = [u8; NUM_HASHES];

/// The [`Sketch`] of a non-empty signature.
fn sketch_of(signature: &Signature) -> Sketch {
    let mut sketch = [0u8; NUM_HASHES];
    for (byte, value) in sketch.iter_mut().zip(&signature.0) {
        *byte = *value as u8;
    }
    sketch
}

/// The most signatures a [`Deduper`] indexes: a band cell holds `slot * BANDS + band + 1` in a
/// `u32`. Articles past it still get exact-duplicate checks, and are checked for near copies
/// of the indexed ones; they are not themselves found as near copies.
pub const MAX_INDEXED: usize = (u32::MAX as usize - BANDS) / BANDS;

/// The key under which a content hash is kept: its first 128 bits when it is the hex SHA-256
/// that ingest makes, otherwise the first 128 bits of the SHA-256 of its text.
fn exact_key(content_hash: &str) -> [u8; 16] {
    let hex = content_hash.as_bytes();
    let mut key = [0u8; 16];
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let decoded = hex.len() == 64
        && key.iter_mut().enumerate().all(|(i, byte)| {
            match (nibble(hex[2 * i]), nibble(hex[2 * i + 1])) {
                (Some(hi), Some(lo)) => {
                    *byte = hi << 4 | lo;
                    true
                }
                _ => false,
            }
        });
    if !decoded {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(hex);
        key.copy_from_slice(&digest[..16]);
    }
    key
}

impl Deduper {
    /// An empty index.
    pub fn new() -> Self {
        Deduper::default()
    }

    /// An empty index with room for `articles` articles: registering that many grows nothing
    /// (growing the band table placed every entry anew, several times over, and zeroed fresh
    /// memory each time: most of the cost of loading a large project's index).
    pub fn with_capacity(articles: usize) -> Self {
        let articles = articles.min(MAX_INDEXED);
        Deduper {
            exact: HashMap::with_capacity(articles),
            ids: Vec::with_capacity(articles),
            sketches: Vec::with_capacity(articles * NUM_HASHES),
            bands: BandTable::with_capacity(articles * BANDS),
        }
    }

    /// Registers an article already in the project (or just inserted). An exact copy of an
    /// earlier registered article is not indexed again: the earlier one stands for it.
    pub fn insert(&mut self, id: ArticleId, content_hash: &str, signature: Signature) {
        match self.exact.get_mut(&exact_key(content_hash)) {
            Some(existing) if *existing <= id => return,
            Some(existing) => *existing = id,
            None => {
                self.exact.insert(exact_key(content_hash), id);
            }
        }
        if signature.0.len() != NUM_HASHES || self.ids.len() >= MAX_INDEXED {
            return;
        }
        let slot = self.ids.len();
        self.ids.push(id);
        self.sketches.extend_from_slice(&sketch_of(&signature));
        for band in 0..BANDS {
            self.bands.insert(slot, band, &self.sketches);
        }
    }

    /// The earliest registered copy of this text: exact (same `content_hash`, similarity 1) or
    /// near (estimated Jaccard ≥ [`NEAR_THRESHOLD`] and at least one band equal). The earliest
    /// id wins whichever kind it is. Call it before inserting the article itself, or it finds
    /// itself.
    ///
    /// `stored` gives the full signature of a registered article (what [`Deduper::insert`] was
    /// given); it is asked only for candidates whose sketch comes close to the threshold, so
    /// for few of them. A candidate it has no signature for is passed over; its error is
    /// returned as is.
    pub fn check<E>(
        &self,
        content_hash: &str,
        signature: &Signature,
        mut stored: impl FnMut(ArticleId) -> Result<Option<Signature>, E>,
    ) -> Result<Option<DuplicateOf>, E> {
        let mut best = self
            .exact
            .get(&exact_key(content_hash))
            .map(|&article| DuplicateOf {
                article,
                kind: DuplicateKind::Exact,
                similarity: 1.0,
            });
        if signature.0.len() != NUM_HASHES {
            return Ok(best);
        }
        let sketch = sketch_of(signature);
        let mut candidates = Vec::new();
        for band in 0..BANDS {
            self.bands
                .find(&sketch, band, &self.sketches, |slot| candidates.push(slot));
        }
        candidates.sort_unstable();
        candidates.dedup();
        for slot in candidates {
            let id = self.ids[slot];
            if best.is_some_and(|b| b.article <= id) {
                continue;
            }
            let theirs = &self.sketches[slot * NUM_HASHES..][..NUM_HASHES];
            let same = sketch.iter().zip(theirs).filter(|(a, b)| a == b).count();
            if (same as f32 / NUM_HASHES as f32) < NEAR_THRESHOLD {
                continue;
            }
            let Some(full) = stored(id)? else {
                continue;
            };
            let similarity = signature.similarity(&full);
            if similarity >= NEAR_THRESHOLD && signature.shares_band(&full) {
                best = Some(DuplicateOf {
                    article: id,
                    kind: DuplicateKind::Near,
                    similarity,
                });
            }
        }
        Ok(best)
    }

    /// Signatures indexed for near-duplicate checks.
    pub fn indexed(&self) -> usize {
        self.ids.len()
    }

    /// Bytes the index holds on the heap (its tables' capacities; the hash map's control
    /// bytes included).
    pub fn heap_bytes(&self) -> usize {
        // A hash map has about 8 buckets for each 7 entries it can hold.
        let exact = self.exact.capacity() * 8 / 7 * (size_of::<([u8; 16], ArticleId)>() + 1);
        exact
            + self.ids.capacity() * size_of::<ArticleId>()
            + self.sketches.capacity()
            + self.bands.cells.capacity() * size_of::<u32>()
    }
}

/// Every band of every indexed signature: an open-addressing multimap with linear probing,
/// placed by a hash of the band number and the band's sketch bytes. A cell holds
/// `slot * BANDS + band + 1` (0 when empty) and nothing else: a position is recomputed from the
/// sketches when the table grows. It grows by half when four fifths of the cells are used.
#[derive(Clone, Debug, Default)]
struct BandTable {
    cells: Vec<u32>,
    used: usize,
}

impl BandTable {
    /// An empty table that takes `entries` entries without growing.
    fn with_capacity(entries: usize) -> Self {
        let cells = if entries == 0 {
            0
        } else {
            (entries * 5).div_ceil(4) + 1
        };
        BandTable {
            cells: vec![0; cells],
            used: 0,
        }
    }

    /// Adds band `band` of slot `slot`, whose sketch is already in `sketches`.
    fn insert(&mut self, slot: usize, band: usize, sketches: &[u8]) {
        if (self.used + 1) * 5 > self.cells.len() * 4 {
            self.grow(sketches);
        }
        let cell = (slot * BANDS + band + 1) as u32;
        let at = self.position(band, band_bytes(sketches, slot, band));
        self.place(cell, at);
        self.used += 1;
    }

    /// Calls `found` with every slot whose band `band` has the same sketch bytes as `sketch`.
    fn find(&self, sketch: &Sketch, band: usize, sketches: &[u8], mut found: impl FnMut(usize)) {
        if self.cells.is_empty() {
            return;
        }
        let key = &sketch[band * ROWS..][..ROWS];
        let mut at = self.position(band, key);
        loop {
            let cell = self.cells[at];
            if cell == 0 {
                return;
            }
            let entry = cell as usize - 1;
            let (slot, cell_band) = (entry / BANDS, entry % BANDS);
            if cell_band == band && band_bytes(sketches, slot, band) == key {
                found(slot);
            }
            at = if at + 1 == self.cells.len() {
                0
            } else {
                at + 1
            };
        }
    }

    /// Puts `cell` in the first empty cell from `at` on.
    fn place(&mut self, cell: u32, mut at: usize) {
        while self.cells[at] != 0 {
            at = if at + 1 == self.cells.len() {
                0
            } else {
                at + 1
            };
        }
        self.cells[at] = cell;
    }

    /// Half as many cells again (at least 64), every entry placed anew.
    fn grow(&mut self, sketches: &[u8]) {
        let size = (self.cells.len() + self.cells.len() / 2).max(64);
        let old = std::mem::replace(&mut self.cells, vec![0; size]);
        for cell in old.into_iter().filter(|&c| c != 0) {
            let entry = cell as usize - 1;
            let (slot, band) = (entry / BANDS, entry % BANDS);
            let at = self.position(band, band_bytes(sketches, slot, band));
            self.place(cell, at);
        }
    }

    /// The home cell of a band's sketch bytes.
    fn position(&self, band: usize, key: &[u8]) -> usize {
        let h = mix(key
            .iter()
            .fold(band as u64 + 1, |h, &b| h << 8 | u64::from(b)));
        ((u128::from(h) * self.cells.len() as u128) >> 64) as usize
    }
}

/// The sketch bytes of band `band` of slot `slot`.
fn band_bytes(sketches: &[u8], slot: usize, band: usize) -> &[u8] {
    &sketches[slot * NUM_HASHES + band * ROWS..][..ROWS]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    /// A deduper that remembers the full signatures it was given, as the project file does.
    #[derive(Default)]
    struct Index {
        dedup: Deduper,
        full: HashMap<ArticleId, Signature>,
    }

    impl Index {
        fn insert(&mut self, id: ArticleId, hash: &str, signature: Signature) {
            self.full.insert(id, signature.clone());
            self.dedup.insert(id, hash, signature);
        }

        fn check(&self, hash: &str, signature: &Signature) -> Option<DuplicateOf> {
            let found = self.dedup.check(hash, signature, |id| {
                Ok::<_, Infallible>(self.full.get(&id).cloned())
            });
            match found {
                Ok(found) => found,
                Err(never) => match never {},
            }
        }
    }

    const STORY: &str = "Russia's President Vladimir Putin reportedly spoke on the phone on Tuesday with Mali's military leader, Assimi Goita, to discuss the crisis in the Republic of Niger. Goita confirmed his conversation with Putin in a post on his official Twitter page. According to him, the Russian President stressed the importance of a peaceful resolution over the Niger Republic coup, where the military ousted the democratically elected President Mohamed Bazoum in a coup last month. Goita said he spoke to Putin to update him about the situation in Niger.";

    const OTHER: &str = "Military chiefs from the Economic Community of West African States have been summoned for a meeting in Ghana over the brewing crisis. The meeting was initially scheduled to be held in Accra last Saturday but was later postponed. AFP said regional military and political sources revealed the meeting would now be held on Thursday and Friday, with possible intervention on the agenda.";

    #[test]
    fn identical_bodies_have_identical_signatures() {
        let a = Signature::of_text(&format!("Headline A\n\n{STORY}"));
        let b = Signature::of_text(&format!("A different headline\n\n{STORY}"));
        assert_eq!(a.0.len(), NUM_HASHES);
        assert_eq!(a, b);
        assert!((a.similarity(&b) - 1.0).abs() < f32::EPSILON);
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        let a = Signature::of_body(STORY);
        let b = Signature::of_body(&STORY.to_uppercase().replace(',', " ;"));
        assert_eq!(a, b);
    }

    #[test]
    fn unrelated_texts_are_dissimilar() {
        let a = Signature::of_body(STORY);
        let b = Signature::of_body(OTHER);
        assert!(a.similarity(&b) < 0.1, "{}", a.similarity(&b));
    }

    #[test]
    fn short_texts_have_empty_signatures() {
        let s = Signature::of_body("Only a few words here.");
        assert!(s.is_empty());
        assert_eq!(s.similarity(&s), 0.0);
    }

    #[test]
    fn bytes_round_trip() {
        let s = Signature::of_body(STORY);
        let bytes = s.to_bytes();
        assert_eq!(bytes.len(), 4 * NUM_HASHES);
        assert_eq!(Signature::from_bytes(&bytes), Some(s));
        assert_eq!(Signature::from_bytes(&[]), Some(Signature(Vec::new())));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn headline_line_is_skipped_only_when_it_looks_like_one() {
        assert_eq!(body_of("Headline\n\nBody."), "Body.");
        assert_eq!(
            body_of("A first paragraph.\n\nBody."),
            "A first paragraph.\n\nBody."
        );
        assert_eq!(body_of("No blank line at all."), "No blank line at all.");
    }

    #[test]
    fn deduper_finds_exact_then_near_and_earliest_wins() {
        let mut d = Index::default();
        let near_text = STORY.replace(
            "Goita confirmed his conversation",
            "Goita later confirmed the call",
        );
        let sig = Signature::of_body(STORY);
        let near = Signature::of_body(&near_text);
        assert!(
            sig.similarity(&near) >= NEAR_THRESHOLD,
            "{}",
            sig.similarity(&near)
        );
        assert_eq!(d.check("h1", &sig), None);
        d.insert(ArticleId(5), "h1", sig.clone());
        d.insert(ArticleId(9), "h2", Signature::of_body(OTHER));
        let exact = d.check("h1", &sig);
        assert_eq!(
            exact.map(|x| (x.article, x.kind)),
            Some((ArticleId(5), DuplicateKind::Exact))
        );
        let found = d.check("h3", &near);
        assert_eq!(
            found.map(|x| (x.article, x.kind)),
            Some((ArticleId(5), DuplicateKind::Near))
        );
        // An earlier near copy beats a later exact one.
        d.insert(ArticleId(2), "h3", near.clone());
        let found = d.check("h1", &sig);
        assert_eq!(
            found.map(|x| (x.article, x.kind)),
            Some((ArticleId(2), DuplicateKind::Near))
        );
        assert_eq!(
            d.check("h4", &Signature::of_body("Unrelated short text.")),
            None
        );
    }

    #[test]
    fn short_texts_get_exact_links_only() {
        let mut d = Index::default();
        let short = Signature::of_body("Short text.");
        d.insert(ArticleId(1), "hs", short.clone());
        assert_eq!(
            d.check("hs", &short).map(|x| x.kind),
            Some(DuplicateKind::Exact)
        );
        assert_eq!(d.check("other", &short), None);
    }

    #[test]
    fn exact_hash_keeps_the_earliest_id() {
        let mut d = Index::default();
        d.insert(ArticleId(7), "h", Signature(Vec::new()));
        d.insert(ArticleId(3), "h", Signature(Vec::new()));
        d.insert(ArticleId(8), "h", Signature(Vec::new()));
        assert_eq!(
            d.check("h", &Signature(Vec::new())).map(|x| x.article),
            Some(ArticleId(3))
        );
    }

    /// A signature of pseudo-random values (no text has it; what matters is which values two
    /// signatures share).
    fn random_signature(seed: u64) -> Signature {
        Signature(
            (0..NUM_HASHES as u64)
                .map(|i| mix(seed.wrapping_mul(0x9e37_79b9) ^ i) as u32)
                .collect(),
        )
    }

    /// `base` with the first value of every band but `kept` replaced.
    fn sharing_one_band(base: &Signature, kept: usize) -> Signature {
        let mut values = base.0.clone();
        for band in (0..BANDS).filter(|&b| b != kept) {
            values[band * ROWS] = !values[band * ROWS];
        }
        Signature(values)
    }

    #[test]
    fn a_near_copy_is_found_whichever_band_it_shares() {
        let base = random_signature(1);
        let mut d = Index::default();
        d.insert(ArticleId(4), "base", base.clone());
        for seed in 2..200 {
            let hash = format!("other {seed}");
            d.insert(ArticleId(seed as i64 + 10), &hash, random_signature(seed));
        }
        for kept in 0..BANDS {
            let copy = sharing_one_band(&base, kept);
            let expected = (NUM_HASHES - (BANDS - 1)) as f32 / NUM_HASHES as f32;
            assert!(expected >= NEAR_THRESHOLD);
            let found = d.check(&format!("copy {kept}"), &copy);
            assert_eq!(
                found.map(|x| (x.article, x.kind, x.similarity)),
                Some((ArticleId(4), DuplicateKind::Near, expected)),
                "band {kept}"
            );
        }
    }

    #[test]
    fn similar_enough_but_no_band_in_common_is_no_near_copy() {
        let base = random_signature(1);
        let mut d = Index::default();
        d.insert(ArticleId(1), "base", base.clone());
        // One value changed in every band: 96 of 128 values equal (0.75), yet no band equal,
        // so LSH never compares the pair.
        let mut values = base.0.clone();
        for band in 0..BANDS {
            values[band * ROWS + band % ROWS] ^= 0xdead_beef;
        }
        let spread = Signature(values);
        assert!(base.similarity(&spread) >= NEAR_THRESHOLD);
        assert_eq!(d.check("spread", &spread), None);
        // One band equal but too few values overall.
        let mut values = random_signature(2).0;
        values[..ROWS].copy_from_slice(&base.0[..ROWS]);
        assert_eq!(d.check("one band", &Signature(values)), None);
    }

    #[test]
    fn equal_sketches_are_verified_against_the_full_signature() {
        let base = random_signature(1);
        let mut d = Index::default();
        d.insert(ArticleId(1), "base", base.clone());
        // The same low byte in every value, other high bits: the sketches are equal, the
        // signatures share no value.
        let twin = Signature(base.0.iter().map(|v| v ^ 0x0100).collect());
        assert_eq!(sketch_of(&twin), sketch_of(&base));
        assert_eq!(d.check("twin", &twin), None);
        // Equal sketches, 80 % of the full values equal but no band whole: still no link.
        let mut values = base.0.clone();
        for band in 0..BANDS {
            values[band * ROWS] ^= 0x0100;
        }
        let spread = Signature(values);
        assert!(base.similarity(&spread) >= NEAR_THRESHOLD);
        assert_eq!(d.check("spread", &spread), None);
        // Without the full signature a candidate is passed over.
        let found = d
            .dedup
            .check("base copy", &base, |_| Ok::<_, Infallible>(None));
        assert_eq!(found, Ok(None));
    }

    #[test]
    fn the_index_finds_every_article_after_growing_and_stays_compact() {
        let mut d = Index::default();
        let n = 5_000;
        for i in 0..n {
            d.insert(ArticleId(i), &format!("h{i}"), random_signature(i as u64));
        }
        assert_eq!(d.dedup.indexed(), n as usize);
        for i in (0..n).step_by(97) {
            let copy = sharing_one_band(&random_signature(i as u64), (i as usize) % BANDS);
            assert_eq!(
                d.check("copy", &copy).map(|x| (x.article, x.kind)),
                Some((ArticleId(i), DuplicateKind::Near)),
                "article {i}"
            );
        }
        assert_eq!(d.check("new", &random_signature(n as u64 + 1)), None);
        // Under 512 bytes per article: less than one full signature.
        let per_article = d.dedup.heap_bytes() / n as usize;
        assert!(per_article < 512, "{per_article} bytes per article");
    }

    /// An index made with room for its articles finds what a grown one finds, and registering
    /// that many never grows its band table.
    #[test]
    fn an_index_with_room_finds_the_same_and_never_grows() {
        let n = 2_000;
        let mut grown = Index::default();
        let mut roomy = Index {
            dedup: Deduper::with_capacity(n),
            ..Index::default()
        };
        let cells = roomy.dedup.bands.cells.len();
        assert!(cells >= n * BANDS);
        for i in 0..n as i64 {
            let signature = random_signature(i as u64);
            grown.insert(ArticleId(i), &format!("h{i}"), signature.clone());
            roomy.insert(ArticleId(i), &format!("h{i}"), signature);
        }
        assert_eq!(roomy.dedup.bands.cells.len(), cells, "the table grew");
        for i in (0..n as i64).step_by(37) {
            let copy = sharing_one_band(&random_signature(i as u64), (i as usize) % BANDS);
            let found = roomy.check("copy", &copy);
            assert_eq!(found.map(|x| x.article), Some(ArticleId(i)));
            assert_eq!(found, grown.check("copy", &copy));
            assert_eq!(
                roomy.check(&format!("h{i}"), &random_signature(9_999_999)),
                grown.check(&format!("h{i}"), &random_signature(9_999_999))
            );
        }
        assert_eq!(Deduper::with_capacity(0).bands.cells.len(), 0);
    }

    #[test]
    fn exact_keys_read_hex_hashes_and_hash_anything_else() {
        let hex = "00ff10aa".repeat(8);
        assert_eq!(
            exact_key(&hex),
            [
                0, 255, 16, 170, 0, 255, 16, 170, 0, 255, 16, 170, 0, 255, 16, 170
            ]
        );
        assert_ne!(exact_key(&hex.to_uppercase()), exact_key(&hex));
        assert_ne!(exact_key("h1"), exact_key("h2"));
        assert_eq!(exact_key("h1"), exact_key("h1"));
    }

    /// What the index finds, by brute force: the earliest registered article with the same
    /// content hash or with a band in common and an estimated similarity of at least
    /// [`NEAR_THRESHOLD`] (an exact copy first when both are the same article). This is what
    /// the index with every signature in memory found.
    fn brute_force(
        registered: &[(ArticleId, String, Signature)],
        hash: &str,
        signature: &Signature,
    ) -> Option<DuplicateOf> {
        registered.iter().find_map(|(id, theirs_hash, theirs)| {
            if theirs_hash == hash {
                return Some(DuplicateOf {
                    article: *id,
                    kind: DuplicateKind::Exact,
                    similarity: 1.0,
                });
            }
            let similarity = signature.similarity(theirs);
            (!signature.is_empty() && similarity >= NEAR_THRESHOLD && signature.shares_band(theirs))
                .then_some(DuplicateOf {
                    article: *id,
                    kind: DuplicateKind::Near,
                    similarity,
                })
        })
    }

    /// One article of an import: a copy of an earlier one (`of`, wrapped to how many there
    /// are) with `changes` of its values altered (see the test), a low-byte-keeping change
    /// when `keep_low` (equal sketches, other values), its content hash reused when `same_hash`; or a new
    /// signature from `seed`, empty when `empty`.
    #[derive(Clone, Debug)]
    struct Step {
        seed: u64,
        of: Option<usize>,
        changes: Vec<(usize, bool)>,
        same_hash: bool,
        empty: bool,
    }

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        (
            any::<u64>(),
            proptest::option::of(0..64usize),
            proptest::collection::vec((0..NUM_HASHES + NUM_HASHES / 16, any::<bool>()), 0..48),
            proptest::bool::weighted(0.1),
            proptest::bool::weighted(0.1),
        )
            .prop_map(|(seed, of, changes, same_hash, empty)| Step {
                seed,
                of,
                changes,
                same_hash,
                empty,
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// An import's links, article after article (each duplicate linked, each other
        /// article registered), are those of the brute-force search over every signature.
        #[test]
        fn the_index_links_what_a_brute_force_search_links(
            steps in proptest::collection::vec(step(), 1..80)
        ) {
            let mut index = Index::default();
            let mut registered: Vec<(ArticleId, String, Signature)> = Vec::new();
            let mut seen: Vec<(String, Signature)> = Vec::new();
            for (i, step) in steps.iter().enumerate() {
                let (hash, signature) = match step.of.filter(|_| !seen.is_empty()) {
                    Some(of) => {
                        let (hash, base) = &seen[of % seen.len()];
                        let mut values = base.0.clone();
                        for &(at, keep_low) in &step.changes {
                            // A change at or past `NUM_HASHES` changes a value in every band
                            // instead (similar enough, no band in common).
                            let every_band: Vec<usize> = if at < NUM_HASHES {
                                vec![at]
                            } else {
                                (0..BANDS).map(|b| b * ROWS + at % ROWS).collect()
                            };
                            for at in every_band {
                                if let Some(v) = values.get_mut(at) {
                                    *v ^= if keep_low { 0x0100 } else { 0x5a5a_5a5a };
                                }
                            }
                        }
                        let hash = if step.same_hash { hash.clone() } else { format!("h{i}") };
                        (hash, Signature(values))
                    }
                    None if step.empty => (format!("h{i}"), Signature(Vec::new())),
                    None => (format!("h{i}"), random_signature(step.seed)),
                };
                let found = index.check(&hash, &signature);
                proptest::prop_assert_eq!(found, brute_force(&registered, &hash, &signature));
                let id = ArticleId(i as i64 + 1);
                if found.is_none() {
                    index.insert(id, &hash, signature.clone());
                    registered.push((id, hash.clone(), signature.clone()));
                }
                seen.push((hash, signature));
            }
        }
    }
}
