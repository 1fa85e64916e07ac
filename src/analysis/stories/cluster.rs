//! Agglomerative clustering with average linkage over a sparse similarity graph.
//!
//! Pairs without an edge count as similarity 0, so the average link of two clusters is the sum
//! of their cross edges divided by the product of their sizes. Merges happen best-first from a
//! heap with lazy invalidation: O(E log E) for E edges instead of the O(n²) dense matrix.

use super::terms::FastMap;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Clusters `n` items joined by `edges` (`(i, j, similarity)`, `i != j`, both `< n`): merges the
/// two clusters with the highest average link while it is at least `threshold`. Ties go to the
/// pair with the smallest item indices, so the result depends only on the edges. Each cluster's
/// items are sorted; clusters come ordered by their smallest item. Links are summed in `f64`.
pub(super) fn average_linkage(
    n: usize,
    edges: &[(u32, u32, f32)],
    threshold: f64,
) -> Vec<Vec<u32>> {
    let mut adj: Vec<FastMap<usize, f64>> = vec![FastMap::default(); n];
    for &(i, j, s) in edges {
        let (i, j) = (i as usize, j as usize);
        if i == j || i >= n || j >= n || !s.is_finite() {
            continue;
        }
        *adj[i].entry(j).or_insert(0.0) += f64::from(s);
        *adj[j].entry(i).or_insert(0.0) += f64::from(s);
    }
    let mut members: Vec<Vec<u32>> = (0..n).map(|i| vec![i as u32]).collect();
    let mut version = vec![0u32; n];
    let mut alive = vec![true; n];
    let mut heap = BinaryHeap::new();
    for (a, neighbours) in adj.iter().enumerate() {
        for (&b, &s) in neighbours {
            if a < b && s >= threshold {
                heap.push(Candidate {
                    avg: s,
                    a,
                    b,
                    va: 0,
                    vb: 0,
                });
            }
        }
    }
    while let Some(c) = heap.pop() {
        if c.avg < threshold {
            break;
        }
        let (a, b) = (c.a, c.b);
        if !alive[a] || !alive[b] || version[a] != c.va || version[b] != c.vb {
            continue;
        }
        // Merge b into a (a < b).
        let from_b = std::mem::take(&mut adj[b]);
        for (other, s) in from_b {
            if other == a {
                continue;
            }
            adj[other].remove(&b);
            *adj[other].entry(a).or_insert(0.0) += s;
            *adj[a].entry(other).or_insert(0.0) += s;
        }
        adj[a].remove(&b);
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        alive[b] = false;
        version[a] += 1;
        let size_a = members[a].len() as f64;
        for (&other, &s) in &adj[a] {
            let avg = s / (size_a * members[other].len() as f64);
            if avg < threshold {
                continue;
            }
            let (x, y) = if a < other { (a, other) } else { (other, a) };
            heap.push(Candidate {
                avg,
                a: x,
                b: y,
                va: version[x],
                vb: version[y],
            });
        }
    }
    let mut out: Vec<Vec<u32>> = members
        .into_iter()
        .zip(alive)
        .filter(|(_, alive)| *alive)
        .map(|(mut m, _)| {
            m.sort_unstable();
            m
        })
        .collect();
    out.sort_by_key(|m| m.first().copied());
    out
}

/// A possible merge on the heap; stale once either cluster has changed since it was pushed.
struct Candidate {
    avg: f64,
    a: usize,
    b: usize,
    va: u32,
    vb: u32,
}

impl Ord for Candidate {
    /// Highest average first, then the smallest indices.
    fn cmp(&self, other: &Self) -> Ordering {
        self.avg
            .total_cmp(&other.avg)
            .then_with(|| other.a.cmp(&self.a))
            .then_with(|| other.b.cmp(&self.b))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_strong_pairs_and_keeps_weak_ones_apart() {
        let edges = [
            (0, 1, 0.9),
            (1, 2, 0.8),
            (0, 2, 0.7),
            (3, 4, 0.6),
            (2, 3, 0.3),
        ];
        let clusters = average_linkage(6, &edges, 0.5);
        assert_eq!(clusters, vec![vec![0, 1, 2], vec![3, 4], vec![5]]);
    }

    #[test]
    fn average_link_counts_missing_edges_as_zero() {
        // 2 links strongly to 0 only: the average link of {0,1} and 2 is (0.9 + 0) / 2.
        let edges = [(0, 1, 0.9), (0, 2, 0.9)];
        assert_eq!(
            average_linkage(3, &edges, 0.5),
            vec![vec![0, 1], vec![2]],
            "tie on 0.9 goes to the smaller pair (0, 1), then 2 averages 0.45"
        );
        assert_eq!(average_linkage(3, &edges, 0.4), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn bad_edges_are_ignored() {
        let edges = [
            (0, 0, 1.0),
            (0, 9, 1.0),
            (0, 1, f32::NAN),
            (1, 2, f32::INFINITY),
        ];
        assert_eq!(
            average_linkage(3, &edges, 0.1),
            vec![vec![0], vec![1], vec![2]]
        );
        assert!(average_linkage(0, &edges, 0.1).is_empty());
    }
}
