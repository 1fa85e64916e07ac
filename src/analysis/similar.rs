//! Which articles of a collection talk about the same thing: TF-IDF vectors over content words
//! and cosine similarity, with an inverted index so neighbours are found without comparing
//! every pair.
//!
//! Content words are those story clustering reads (folded, stop-words out, lightly stemmed);
//! the headline counts twice.

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

/// TF-IDF vectors of a collection, unit length, and an index from term to the articles that
/// weigh it most.
pub struct TermVectors {
    /// Per article: (term id, weight), sorted by term id.
    vectors: Vec<Vec<(u32, f32)>>,
    /// Per term: the articles having it among their [`INDEXED`] heaviest terms.
    postings: Vec<Vec<u32>>,
}

/// Builds [`TermVectors`] one article at a time, holding each article's term counts (term
/// ids, not words) and the collection's vocabulary, never its texts.
#[derive(Default)]
pub struct TermVectorsBuilder {
    ids: HashMap<String, u32>,
    df: Vec<u32>,
    counted: Vec<Vec<(u32, f32)>>,
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

    /// Adds the next article from its counted content words.
    pub fn add_counts(&mut self, counts: HashMap<String, f32>) {
        let mut v = Vec::with_capacity(counts.len());
        for (term, tf) in counts {
            let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
            let id = *self.ids.entry(term).or_insert(next);
            if id as usize == self.df.len() {
                self.df.push(0);
            }
            self.df[id as usize] += 1;
            v.push((id, tf));
        }
        self.counted.push(v);
    }

    /// The unit-length TF-IDF vectors and the index of each article's heaviest terms.
    pub fn finish(self) -> TermVectors {
        let TermVectorsBuilder { df, counted, .. } = self;
        let n = counted.len().max(1) as f32;
        let mut postings = vec![Vec::new(); df.len()];
        let mut vectors = Vec::with_capacity(counted.len());
        for (a, c) in counted.into_iter().enumerate() {
            let mut v: Vec<(u32, f32)> = c
                .into_iter()
                .map(|(id, tf)| {
                    let idf = (n / df[id as usize] as f32).ln() + 1.0;
                    (id, (1.0 + tf.ln()) * idf)
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            v.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            for &(id, _) in v.iter().take(INDEXED) {
                postings[id as usize].push(a as u32);
            }
            v.sort_by_key(|&(id, _)| id);
            vectors.push(v);
        }
        TermVectors { vectors, postings }
    }
}

/// How many of an article's heaviest terms go into the index.
const INDEXED: usize = 24;

impl TermVectors {
    /// Vectors for `(title, body)` pairs, in order.
    pub fn new(articles: &[(&str, &str)]) -> Self {
        let mut builder = TermVectorsBuilder::default();
        for (title, body) in articles {
            builder.add(title, body);
        }
        builder.finish()
    }

    /// Each article's mean cosine to all the others (0 for a lone article), in one pass over
    /// the vectors: as they are unit length, the sum of article `i`'s cosines is its dot
    /// product with the sum of all vectors, less its own.
    pub fn mean_similarity(&self) -> Vec<f32> {
        let n = self.vectors.len();
        let mut sum = vec![0.0f32; self.postings.len()];
        for v in &self.vectors {
            for &(t, w) in v {
                sum[t as usize] += w;
            }
        }
        self.vectors
            .iter()
            .map(|v| {
                if n < 2 {
                    return 0.0;
                }
                let dot: f32 = v.iter().map(|&(t, w)| w * sum[t as usize]).sum();
                let own: f32 = v.iter().map(|&(_, w)| w * w).sum();
                (dot - own) / (n - 1) as f32
            })
            .collect()
    }

    /// Cosine similarity of articles `a` and `b` (0 when either is out of range).
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        let (Some(x), Some(y)) = (self.vectors.get(a), self.vectors.get(b)) else {
            return 0.0;
        };
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
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
        let Some(v) = self.vectors.get(a) else {
            return Vec::new();
        };
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
            .map(|b| (b as usize, self.cosine(a, b as usize)))
            .filter(|&(_, s)| s >= min)
            .collect();
        scored.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        scored.truncate(k);
        scored
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

    #[test]
    fn empty_and_out_of_range_are_harmless() {
        let v = TermVectors::new(&[("", ""), ("a", "of the")]);
        assert_eq!(v.cosine(0, 1), 0.0);
        assert_eq!(v.cosine(0, 9), 0.0);
        assert!(v.neighbours(7, 3, 0.0, |_| true).is_empty());
    }
}
