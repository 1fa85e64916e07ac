//! Which articles of a collection talk about the same thing: TF-IDF vectors over content words
//! and cosine similarity, with an inverted index so neighbours are found without comparing
//! every pair.
//!
//! Content words are those story clustering reads (folded, stop-words out, lightly stemmed);
//! the headline counts twice.
//!
//! Memory per article is bounded whatever the collection's size, and no text is kept: the
//! builder holds each article's term counts packed (ascending term ids as variable-length
//! gaps, each with its count: two or three bytes a term), and [`TermVectorsBuilder::finish`]
//! cuts them, in place, to the terms a cosine between two articles can use: those of two
//! articles or more, at most the [`VECTOR_TERMS`] heaviest. Weights are worked out when
//! vectors are compared, from the count, the term's IDF and the length of the article's whole
//! vector, so cosines are those of the whole vectors. The index lists, for each term, the
//! articles having it among their 24 heaviest terms, and leaves out terms indexed by more than
//! [`MAX_POSTINGS`] articles (they would make every article a candidate).

use crate::analysis::stories::packed::{ByteRows, Reader, put, whole};
use crate::analysis::stories::stored::MAX_TERM_ID;
use crate::analysis::stories::terms::each_content_word;
use std::collections::HashMap;

/// The content words of an article (headline twice), with their counts.
fn terms(title: &str, body: &str) -> HashMap<String, f32> {
    let mut counts: HashMap<String, f32> = HashMap::new();
    for (part, weight) in [(title, 2.0), (body, 1.0)] {
        each_content_word(part, |stem, _, _| {
            *counts.entry(stem.to_owned()).or_insert(0.0) += weight;
        });
    }
    counts
}

/// Most terms of two articles or more kept per article by [`TermVectorsBuilder`] (the
/// heaviest): more than any article of the dev corpus has.
pub const VECTOR_TERMS: usize = 384;

/// How many of an article's heaviest terms go into the index (those of two articles or more).
const INDEXED: usize = 24;

/// Terms indexed by more articles than this find no candidates.
pub const MAX_POSTINGS: usize = 2_000;

/// TF-IDF vectors of a collection, unit length, and an index from term to the articles that
/// weigh it most.
pub struct TermVectors {
    /// Per article, its kept terms with their counts (see [`write_counts`]).
    counts: ByteRows,
    /// Per article, the length of its whole TF-IDF vector (0 for none).
    norm: Vec<f32>,
    /// IDF per term id.
    idf: Vec<f32>,
    /// Per term: the articles having it among their [`INDEXED`] heaviest terms.
    postings: Vec<Vec<u32>>,
}

/// Builds [`TermVectors`] one article at a time, holding each article's term counts packed
/// (term ids, not words), never its texts.
///
/// Terms come as words ([`TermVectorsBuilder::add_counts`]) or already numbered by the caller
/// ([`TermVectorsBuilder::add_numbered`], the project's stored term ids); either way the
/// builder numbers them again in the order first met, an article's terms by ascending stem,
/// so the same articles give the same vectors and neighbours.
#[derive(Default)]
pub struct TermVectorsBuilder {
    /// The number given each word met by [`TermVectorsBuilder::add_counts`].
    words: HashMap<String, u32>,
    /// The builder's own id per caller's number ([`u32::MAX`] for a term not met yet).
    local: Vec<u32>,
    df: Vec<u32>,
    counted: ByteRows,
}

impl TermVectorsBuilder {
    /// Adds the next article (articles are numbered in the order they come).
    pub fn add(&mut self, title: &str, body: &str) {
        self.add_counts(terms(title, body));
    }

    /// The content words of `(title, body)` with their counts, to be added with
    /// [`TermVectorsBuilder::add_counts`] (counting may run on other threads).
    pub fn count(title: &str, body: &str) -> HashMap<String, f32> {
        terms(title, body)
    }

    /// Adds the next article from its counted content words (counts of 0 or less, or not
    /// finite, are left out).
    pub fn add_counts(&mut self, counts: HashMap<String, f32>) {
        let mut counts: Vec<(String, f32)> = counts
            .into_iter()
            .filter(|(_, tf)| tf.is_finite() && *tf > 0.0)
            .collect();
        // new terms get their ids in the order of their words, whatever the map's order
        counts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut numbered: Vec<(u32, f32)> = Vec::with_capacity(counts.len());
        for (term, tf) in counts {
            let next = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
            numbered.push((*self.words.entry(term).or_insert(next), tf));
        }
        self.add_numbered(numbered);
    }

    /// Adds the next article from its term counts, each term numbered by the caller (below
    /// [`MAX_TERM_ID`]), given by ascending stem (counts of 0 or less, or not finite, are left
    /// out).
    pub fn add_numbered(&mut self, counts: impl IntoIterator<Item = (u32, f32)>) {
        let mut v: Vec<(u32, f32)> = Vec::new();
        for (term, tf) in counts {
            if !(tf.is_finite() && tf > 0.0) || term >= MAX_TERM_ID {
                continue;
            }
            let at = term as usize;
            if self.local.len() <= at {
                self.local.resize(at + 1, u32::MAX);
            }
            let id = match self.local.get(at) {
                Some(&id) if id != u32::MAX => id,
                _ => {
                    let id = u32::try_from(self.df.len()).unwrap_or(u32::MAX);
                    self.df.push(0);
                    if let Some(slot) = self.local.get_mut(at) {
                        *slot = id;
                    }
                    id
                }
            };
            if let Some(d) = self.df.get_mut(id as usize) {
                *d += 1;
            }
            v.push((id, tf));
        }
        v.sort_unstable_by_key(|&(id, _)| id);
        self.counted.push(|out| write_counts(&v, out));
    }

    /// The unit-length TF-IDF vectors and the index of each article's heaviest terms.
    pub fn finish(self) -> TermVectors {
        let TermVectorsBuilder {
            df, mut counted, ..
        } = self;
        let n = counted.len().max(1) as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| (n / d.max(1) as f32).ln() + 1.0)
            .collect();
        let shared = |id: u32| df.get(id as usize).is_some_and(|&d| d >= 2);
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); df.len()];
        let mut norm = Vec::with_capacity(counted.len());
        counted.rewrite(|a, row, out| {
            let mut v: Vec<(u32, f32, f32)> = Counts::new(row)
                .map(|(id, tf)| (id, tf, weight(tf, idf.get(id as usize).copied())))
                .collect();
            norm.push(v.iter().map(|e| e.2 * e.2).sum::<f32>().sqrt());
            v.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)));
            for &(id, _, _) in v.iter().take(INDEXED) {
                if shared(id)
                    && let Some(p) = postings.get_mut(id as usize)
                {
                    p.push(a as u32);
                }
            }
            // fewer entries of the same ids never take more bytes: a gap spanning removed
            // entries is no longer than they were
            v.retain(|e| shared(e.0));
            v.truncate(VECTOR_TERMS);
            v.sort_by_key(|e| e.0);
            let kept: Vec<(u32, f32)> = v.into_iter().map(|(id, tf, _)| (id, tf)).collect();
            write_counts(&kept, out);
        });
        for p in &mut postings {
            if p.len() > MAX_POSTINGS {
                *p = Vec::new();
            }
            p.shrink_to_fit();
        }
        TermVectors {
            counts: counted,
            norm,
            idf,
            postings,
        }
    }
}

/// Sublinear term frequency times IDF.
fn weight(tf: f32, idf: Option<f32>) -> f32 {
    (1.0 + tf.ln()) * idf.unwrap_or(0.0)
}

impl TermVectors {
    /// Vectors for `(title, body)` pairs, in order.
    pub fn new(articles: &[(&str, &str)]) -> Self {
        let mut builder = TermVectorsBuilder::default();
        for (title, body) in articles {
            builder.add(title, body);
        }
        builder.finish()
    }

    /// Article `a`'s kept terms with their unit-length weights, by term id.
    fn vector(&self, a: usize) -> Vec<(u32, f32)> {
        let norm = self.norm.get(a).copied().unwrap_or(0.0);
        if norm <= 0.0 {
            return Vec::new();
        }
        Counts::new(self.counts.get(a))
            .map(|(id, tf)| (id, weight(tf, self.idf.get(id as usize).copied()) / norm))
            .collect()
    }

    /// Each article's mean cosine to all the others (0 for a lone article), in one pass over
    /// the vectors: as they are unit length, the sum of article `i`'s cosines is its dot
    /// product with the sum of all vectors, less its own.
    pub fn mean_similarity(&self) -> Vec<f32> {
        let n = self.norm.len();
        let mut sum = vec![0.0f32; self.idf.len()];
        for a in 0..n {
            for (t, w) in self.vector(a) {
                if let Some(s) = sum.get_mut(t as usize) {
                    *s += w;
                }
            }
        }
        (0..n)
            .map(|a| {
                if n < 2 {
                    return 0.0;
                }
                let v = self.vector(a);
                let dot: f32 = v
                    .iter()
                    .map(|&(t, w)| w * sum.get(t as usize).copied().unwrap_or(0.0))
                    .sum();
                let own: f32 = v.iter().map(|&(_, w)| w * w).sum();
                (dot - own) / (n - 1) as f32
            })
            .collect()
    }

    /// Cosine similarity of articles `a` and `b` (0 when either is out of range or has no
    /// content words; 1 for an article with itself).
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        if a == b {
            return if self.norm.get(a).is_some_and(|&n| n > 0.0) {
                1.0
            } else {
                0.0
            };
        }
        dot(&self.vector(a), &self.vector(b))
    }

    /// Up to `k` articles most similar to `a` with similarity at least `min`, most similar
    /// first, among those `keep` accepts; candidates share at least one indexed term with `a`.
    pub fn neighbours(
        &self,
        a: usize,
        k: usize,
        min: f32,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<(usize, f32)> {
        if a >= self.norm.len() {
            return Vec::new();
        }
        let v = self.vector(a);
        let mut candidates: Vec<u32> = v
            .iter()
            .filter_map(|&(id, _)| self.postings.get(id as usize))
            .flatten()
            .copied()
            .filter(|&b| b as usize != a && keep(b as usize))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut scored: Vec<(usize, f32)> = candidates
            .into_iter()
            .map(|b| (b as usize, self.dot_with(&v, b as usize)))
            .filter(|&(_, s)| s >= min)
            .collect();
        scored.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        scored.truncate(k);
        scored
    }

    /// The cosine of `v` (an article's [`TermVectors::vector`]) with article `b`, read from
    /// `b`'s packed counts in place: only the terms they share are weighed, as
    /// [`TermVectors::vector`] weighs them, and summed in term order, so the result is
    /// `dot(v, &self.vector(b))` to the bit without building `b`'s vector.
    fn dot_with(&self, v: &[(u32, f32)], b: usize) -> f32 {
        let norm = self.norm.get(b).copied().unwrap_or(0.0);
        if norm <= 0.0 {
            return 0.0;
        }
        let (mut i, mut sum) = (0, 0.0);
        for (id, tf) in Counts::new(self.counts.get(b)) {
            while v.get(i).is_some_and(|&(t, _)| t < id) {
                i += 1;
            }
            match v.get(i) {
                Some(&(t, w)) if t == id => {
                    sum += w * (weight(tf, self.idf.get(id as usize).copied()) / norm);
                    i += 1;
                }
                Some(_) => {}
                None => break,
            }
        }
        sum
    }

    /// Bytes the vectors and the index take.
    pub fn bytes(&self) -> usize {
        self.counts.bytes()
            + (self.norm.capacity() + self.idf.capacity()) * size_of::<f32>()
            + self
                .postings
                .iter()
                .map(|p| size_of::<Vec<u32>>() + p.capacity() * size_of::<u32>())
                .sum::<usize>()
    }
}

/// Dot product of two sparse vectors sorted by term id.
fn dot(x: &[(u32, f32)], y: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while let (Some(a), Some(b)) = (x.get(i), y.get(j)) {
        match a.0.cmp(&b.0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a.1 * b.1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Packs `(term id, count)` pairs by ascending id: the gap from the previous id, then the
/// count if it is a whole number from 1, else 0 and the count's four bytes.
fn write_counts(entries: &[(u32, f32)], out: &mut Vec<u8>) {
    let mut previous = 0;
    for &(id, tf) in entries {
        put(out, id.saturating_sub(previous));
        previous = id;
        match whole(f64::from(tf)) {
            Some(count) => put(out, count),
            None => {
                put(out, 0);
                out.extend_from_slice(&tf.to_le_bytes());
            }
        }
    }
}

/// The counts [`write_counts`] packed.
struct Counts<'a> {
    reader: Reader<'a>,
    id: u32,
    first: bool,
}

impl<'a> Counts<'a> {
    fn new(reader: Reader<'a>) -> Self {
        Counts {
            reader,
            id: 0,
            first: true,
        }
    }
}

impl Iterator for Counts<'_> {
    type Item = (u32, f32);

    fn next(&mut self) -> Option<(u32, f32)> {
        let gap = self.reader.int()?;
        self.id = if self.first {
            gap
        } else {
            self.id.checked_add(gap)?
        };
        self.first = false;
        let tf = match self.reader.int()? {
            0 => f32::from_le_bytes(self.reader.raw()?),
            count => count as f32,
        };
        Some((self.id, tf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_of_one_event_are_neighbours() {
        let v = TermVectors::new(&[
            (
                "Junta expels French ambassador",
                "Niger's junta ordered the French ambassador to leave within 48 hours.",
            ),
            (
                "Niger tells French envoy to go",
                "The military rulers gave the French ambassador 48 hours to leave Niamey.",
            ),
            (
                "Floods hit Lagos",
                "Heavy rain flooded roads in Lagos, stranding commuters for hours.",
            ),
        ]);
        let near = v.neighbours(0, 5, 0.05, |_| true);
        assert_eq!(near.first().map(|n| n.0), Some(1));
        assert!(v.cosine(0, 1) > v.cosine(0, 2));
        assert!((v.cosine(0, 0) - 1.0).abs() < 1e-4);
    }

    #[test]
    fn mean_similarity_is_the_mean_of_the_cosines() {
        let v = TermVectors::new(&[
            (
                "Junta expels envoy",
                "The junta expelled the French ambassador.",
            ),
            (
                "Envoy told to go",
                "The ambassador was told to leave by the junta.",
            ),
            ("Floods hit Lagos", "Heavy rain flooded roads in Lagos."),
        ]);
        let mean = v.mean_similarity();
        for (i, m) in mean.iter().enumerate() {
            let others: f32 = (0..3).filter(|&j| j != i).map(|j| v.cosine(i, j)).sum();
            assert!(
                (m - others / 2.0).abs() < 1e-5,
                "{i}: {m} vs {}",
                others / 2.0
            );
        }
        // The flood report lies at the edge.
        assert!(mean[2] < mean[0] && mean[2] < mean[1]);
        assert_eq!(
            TermVectors::new(&[("a b", "c d")]).mean_similarity(),
            vec![0.0]
        );
    }

    /// Neighbours as first written: every term of every article kept as `(id, f32 weight)`,
    /// new terms numbered in word order (as the builder does), cosines merged term by term.
    fn neighbours_reference(articles: &[(&str, &str)], a: usize) -> Vec<(usize, f32)> {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut counted: Vec<Vec<(u32, f32)>> = Vec::new();
        for (title, body) in articles {
            let mut counts: Vec<(String, f32)> = terms(title, body).into_iter().collect();
            counts.sort_by(|x, y| x.0.cmp(&y.0));
            let mut v = Vec::new();
            for (term, tf) in counts {
                let next = ids.len() as u32;
                let id = *ids.entry(term).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                df[id as usize] += 1;
                v.push((id, tf));
            }
            counted.push(v);
        }
        let n = counted.len() as f32;
        let mut postings = vec![Vec::new(); df.len()];
        let mut vectors = Vec::new();
        for (i, c) in counted.into_iter().enumerate() {
            let mut v: Vec<(u32, f32)> = c
                .into_iter()
                .map(|(id, tf)| {
                    (
                        id,
                        (1.0 + tf.ln()) * ((n / df[id as usize] as f32).ln() + 1.0),
                    )
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            v.iter_mut().for_each(|(_, w)| *w /= norm);
            v.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            for &(id, _) in v.iter().take(INDEXED) {
                postings[id as usize].push(i);
            }
            v.sort_by_key(|&(id, _)| id);
            vectors.push(v);
        }
        let mut candidates: Vec<usize> = vectors[a]
            .iter()
            .flat_map(|&(id, _)| postings[id as usize].iter().copied())
            .filter(|&b| b != a)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .map(|b| (b, dot(&vectors[a], &vectors[b])))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Packed counts, cut to the terms of two articles or more, find the neighbours the
        /// whole vectors find, with the same similarities.
        #[test]
        fn neighbours_are_those_of_the_whole_vectors(
            texts in proptest::collection::vec(proptest::collection::vec(0usize..40, 0..30), 1..10),
        ) {
            const POOL: [&str; 8] = ["junta", "envoy", "floods", "Lagos", "troops", "summit", "Accra", "vote"];
            let texts: Vec<(String, String)> = texts
                .iter()
                .map(|words| {
                    let word = |w: usize| format!("{}{}", POOL[w % 8], "s".repeat(w / 8));
                    let title = words.iter().take(2).map(|&w| word(w)).collect::<Vec<_>>().join(" ");
                    let body = words.iter().skip(2).map(|&w| word(w)).collect::<Vec<_>>().join(" ");
                    (title, body)
                })
                .collect();
            let pairs: Vec<(&str, &str)> = texts.iter().map(|(t, b)| (t.as_str(), b.as_str())).collect();
            let v = TermVectors::new(&pairs);
            for a in 0..pairs.len() {
                let mut found = v.neighbours(a, usize::MAX, 0.0, |_| true);
                found.sort_by_key(|f| f.0);
                let expected = neighbours_reference(&pairs, a);
                proptest::prop_assert_eq!(found.len(), expected.len(), "{}: {:?} {:?}", a, found, expected);
                for (f, e) in found.iter().zip(&expected) {
                    proptest::prop_assert_eq!(f.0, e.0);
                    proptest::prop_assert!((f.1 - e.1).abs() < 1e-5, "{:?} {:?}", f, e);
                }
            }
        }

        /// The cosine read from packed counts in place is the dot product of the whole
        /// vectors, bit for bit (the neighbours and their order stay those of the vectors).
        #[test]
        fn cosines_in_place_are_those_of_the_vectors(
            texts in proptest::collection::vec(proptest::collection::vec(0usize..40, 0..30), 1..10),
        ) {
            const POOL: [&str; 8] = ["junta", "envoy", "floods", "Lagos", "troops", "summit", "Accra", "vote"];
            let mut builder = TermVectorsBuilder::default();
            for words in &texts {
                let body: Vec<String> = words
                    .iter()
                    .map(|&w| format!("{}{}", POOL[w % 8], "s".repeat(w / 8)))
                    .collect();
                builder.add(body.first().map_or("", String::as_str), &body.join(" "));
            }
            let v = builder.finish();
            for a in 0..texts.len() {
                let va = v.vector(a);
                for b in 0..texts.len() {
                    proptest::prop_assert_eq!(
                        v.dot_with(&va, b).to_bits(),
                        dot(&va, &v.vector(b)).to_bits()
                    );
                }
            }
        }

        /// Counts that are not whole numbers read back as given.
        #[test]
        fn counts_read_back(mut counts in proptest::collection::vec((0u32..100_000, 0.01f32..50.0), 0..30)) {
            counts.sort_by_key(|c| c.0);
            counts.dedup_by_key(|c| c.0);
            let mut out = Vec::new();
            write_counts(&counts, &mut out);
            let back: Vec<(u32, f32)> = Counts::new(Reader::new(&out)).collect();
            proptest::prop_assert_eq!(back, counts);
        }
    }

    /// An article longer than [`VECTOR_TERMS`] shared terms keeps that many, and the vectors
    /// take a few bytes a term, not the eight of an `(id, f32)` pair.
    #[test]
    fn memory_per_article_is_bounded() {
        let words: Vec<String> = (0..1000)
            .map(|i| format!("w{}x", "a".repeat(1 + i % 40) + &"b".repeat(i / 40)))
            .collect();
        let long = words.join(" ");
        let short = words[..200].join(" ");
        let mut builder = TermVectorsBuilder::default();
        builder.add("long", &long);
        builder.add("long", &long);
        for _ in 0..98 {
            builder.add("short", &short);
        }
        let v = builder.finish();
        assert_eq!(v.vector(0).len(), VECTOR_TERMS);
        assert_eq!(v.vector(2).len(), 201);
        let terms = 2 * VECTOR_TERMS + 98 * 201;
        assert!(
            v.bytes() < terms * 4,
            "{} bytes for {terms} terms",
            v.bytes()
        );
        // the copy is still the nearest, though terms were left out of both
        assert!(v.cosine(0, 1) > v.cosine(0, 2));
        assert_eq!(
            v.neighbours(0, 1, 0.1, |_| true).first().map(|n| n.0),
            Some(1)
        );
    }

    #[test]
    fn empty_and_out_of_range_are_harmless() {
        let v = TermVectors::new(&[("", ""), ("a", "of the")]);
        assert_eq!(v.cosine(0, 1), 0.0);
        assert_eq!(v.cosine(0, 9), 0.0);
        assert!(v.neighbours(7, 3, 0.0, |_| true).is_empty());
    }
}
