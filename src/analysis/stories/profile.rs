//! What story grouping keeps to place new articles without regrouping every one: the weights'
//! [`Snapshot`] (how many articles were weighed, and each term's, actor's, event day's and
//! decision's document frequency) and each story's [`Profile`] (what an article is compared
//! with: the mean of its members' unit term vectors, truncated, and how many members name each
//! actor, event day and decision, and their days).
//!
//! The mean cosine of an article with a story's members is its dot product with the mean of
//! their unit vectors, so the text parts of an average link are exact against a profile up to
//! its truncation to [`PROFILE_TERMS`] terms; the overlaps and the publication-date terms are
//! estimated from the counts (see [`features::Collection::place`](super::features)). Both are
//! written as bytes ([`Snapshot::to_bytes`], [`Profile::to_bytes`]) for the project file, term
//! ids being the caller's (the project's numbered stems).

use super::packed::{Reader, put};

/// Terms kept of each of a profile's two mean vectors (the heaviest).
pub const PROFILE_TERMS: usize = 64;

/// The weights a grouping used: `N` and the document frequencies.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Articles weighed (`N`).
    pub articles: u32,
    /// `(term id, document frequency)`, ascending by term id.
    pub terms: Vec<(u32, u32)>,
    /// Folded actor names with the number of articles naming each.
    pub actors: Vec<(String, u32)>,
    /// Event days with the number of articles reporting each.
    pub events: Vec<(String, u32)>,
    /// Tracked decision keys with the number of ledes reporting each.
    pub decisions: Vec<(String, u32)>,
}

/// What an article is compared with to join a story.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    /// Its members.
    pub members: u32,
    /// The mean of the members' unit full vectors, its [`PROFILE_TERMS`] heaviest terms,
    /// ascending by term id.
    pub full: Vec<(u32, f32)>,
    /// The same of their lead vectors.
    pub lead: Vec<(u32, f32)>,
    /// Folded actor names with how many members name each.
    pub actors: Vec<(String, u32)>,
    /// Event days with how many members report each.
    pub events: Vec<(String, u32)>,
    /// Decision keys with how many members' ledes report each.
    pub decisions: Vec<(String, u32)>,
    /// The publication days (days since 1970-01-01) of the members that have one, ascending.
    pub days: Vec<i32>,
}

impl Profile {
    /// The profile of the members of `self` and of `other` together.
    pub fn merged(&self, other: &Profile) -> Profile {
        let (a, b) = (f64::from(self.members), f64::from(other.members));
        let total = (a + b).max(1.0);
        let mean = |x: &[(u32, f32)], y: &[(u32, f32)]| {
            let mut sum: Vec<(u32, f64)> = Vec::with_capacity(x.len() + y.len());
            let (mut i, mut j) = (0, 0);
            while i < x.len() || j < y.len() {
                match (x.get(i), y.get(j)) {
                    (Some(&(s, v)), Some(&(t, w))) if s == t => {
                        sum.push((s, (f64::from(v) * a + f64::from(w) * b) / total));
                        i += 1;
                        j += 1;
                    }
                    (Some(&(s, v)), Some(&(t, _))) if s < t => {
                        sum.push((s, f64::from(v) * a / total));
                        i += 1;
                    }
                    (Some(&(s, v)), None) => {
                        sum.push((s, f64::from(v) * a / total));
                        i += 1;
                    }
                    (_, Some(&(t, w))) => {
                        sum.push((t, f64::from(w) * b / total));
                        j += 1;
                    }
                    (None, None) => break,
                }
            }
            truncated(sum)
        };
        let mut days: Vec<i32> = self.days.iter().chain(&other.days).copied().collect();
        days.sort_unstable();
        Profile {
            members: self.members.saturating_add(other.members),
            full: mean(&self.full, &other.full),
            lead: mean(&self.lead, &other.lead),
            actors: added(&self.actors, &other.actors),
            events: added(&self.events, &other.events),
            decisions: added(&self.decisions, &other.decisions),
            days,
        }
    }

    /// The profile as bytes (see [`Profile::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![FORMAT];
        put(&mut out, self.members);
        put_vector(&mut out, &self.full);
        put_vector(&mut out, &self.lead);
        for counts in [&self.actors, &self.events, &self.decisions] {
            put_counts(&mut out, counts);
        }
        put(&mut out, len32(self.days.len()));
        let mut previous = 0i64;
        for &d in &self.days {
            put(&mut out, zigzag(i64::from(d) - previous));
            previous = i64::from(d);
        }
        out
    }

    /// A profile read back from [`Profile::to_bytes`]; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Profile> {
        let (&format, rest) = bytes.split_first()?;
        if format != FORMAT {
            return None;
        }
        let mut r = Reader::new(rest);
        let members = r.int()?;
        let full = read_vector(&mut r)?;
        let lead = read_vector(&mut r)?;
        let actors = read_counts(&mut r)?;
        let events = read_counts(&mut r)?;
        let decisions = read_counts(&mut r)?;
        let n = r.int()? as usize;
        let mut days = Vec::with_capacity(n.min(rest.len()));
        let mut previous = 0i64;
        for _ in 0..n {
            previous += unzigzag(r.int()?);
            days.push(i32::try_from(previous).ok()?);
        }
        r.at_end().then_some(Profile {
            members,
            full,
            lead,
            actors,
            events,
            decisions,
            days,
        })
    }
}

impl Snapshot {
    /// The snapshot as bytes (see [`Snapshot::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![FORMAT];
        put(&mut out, self.articles);
        put(&mut out, len32(self.terms.len()));
        let mut previous = 0;
        for &(t, df) in &self.terms {
            put(&mut out, t.saturating_sub(previous));
            put(&mut out, df);
            previous = t;
        }
        for counts in [&self.actors, &self.events, &self.decisions] {
            put_counts(&mut out, counts);
        }
        out
    }

    /// A snapshot read back from [`Snapshot::to_bytes`]; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Snapshot> {
        let (&format, rest) = bytes.split_first()?;
        if format != FORMAT {
            return None;
        }
        let mut r = Reader::new(rest);
        let articles = r.int()?;
        let n = r.int()? as usize;
        let mut terms = Vec::with_capacity(n.min(rest.len()));
        let mut previous = 0u32;
        for i in 0..n {
            let gap = r.int()?;
            let t = if i == 0 {
                gap
            } else {
                previous.checked_add(gap)?
            };
            terms.push((t, r.int()?));
            previous = t;
        }
        let actors = read_counts(&mut r)?;
        let events = read_counts(&mut r)?;
        let decisions = read_counts(&mut r)?;
        r.at_end().then_some(Snapshot {
            articles,
            terms,
            actors,
            events,
            decisions,
        })
    }
}

/// The first byte of a written profile or snapshot: a new layout gets a new number, and one
/// this build does not know is not read (the stories are then grouped again).
const FORMAT: u8 = 1;

/// The [`PROFILE_TERMS`] heaviest of `v` (ties to the smaller id), ascending by id, as `f32`.
pub(crate) fn truncated(mut v: Vec<(u32, f64)>) -> Vec<(u32, f32)> {
    v.retain(|(_, w)| w.is_finite() && *w > 0.0);
    if v.len() > PROFILE_TERMS {
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(PROFILE_TERMS);
    }
    v.sort_unstable_by_key(|x| x.0);
    v.into_iter().map(|(t, w)| (t, w as f32)).collect()
}

/// The counts of `a` and `b` added, by name.
fn added(a: &[(String, u32)], b: &[(String, u32)]) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = a.to_vec();
    for (name, n) in b {
        match out.iter_mut().find(|(m, _)| m == name) {
            Some(slot) => slot.1 = slot.1.saturating_add(*n),
            None => out.push((name.clone(), *n)),
        }
    }
    out
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn zigzag(v: i64) -> u32 {
    let z = (v << 1) ^ (v >> 63);
    u32::try_from(z).unwrap_or(u32::MAX)
}

fn unzigzag(z: u32) -> i64 {
    let z = i64::from(z);
    (z >> 1) ^ -(z & 1)
}

fn put_vector(out: &mut Vec<u8>, v: &[(u32, f32)]) {
    put(out, len32(v.len()));
    let mut previous = 0;
    for &(t, w) in v {
        put(out, t.saturating_sub(previous));
        out.extend_from_slice(&w.to_le_bytes());
        previous = t;
    }
}

fn read_vector(r: &mut Reader<'_>) -> Option<Vec<(u32, f32)>> {
    let n = r.int()? as usize;
    let mut v = Vec::with_capacity(n.min(PROFILE_TERMS * 4));
    let mut previous = 0u32;
    for i in 0..n {
        let gap = r.int()?;
        let t = if i == 0 {
            gap
        } else {
            previous.checked_add(gap)?
        };
        v.push((t, f32::from_le_bytes(r.raw()?)));
        previous = t;
    }
    Some(v)
}

fn put_counts(out: &mut Vec<u8>, counts: &[(String, u32)]) {
    put(out, len32(counts.len()));
    for (name, n) in counts {
        put(out, len32(name.len()));
        out.extend_from_slice(name.as_bytes());
        put(out, *n);
    }
}

fn read_counts(r: &mut Reader<'_>) -> Option<Vec<(String, u32)>> {
    let n = r.int()? as usize;
    let mut out = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        let len = r.int()? as usize;
        let name = std::str::from_utf8(r.take(len)?).ok()?.to_owned();
        out.push((name, r.int()?));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn profile() -> Profile {
        Profile {
            members: 3,
            full: vec![(2, 0.5), (7, 0.25), (90_000, 0.125)],
            lead: vec![(7, 1.0)],
            actors: vec![("musah".into(), 3), ("ecowas".into(), 1)],
            events: vec![("2023-08-17".into(), 2)],
            decisions: Vec::new(),
            days: vec![-3, 19_586, 19_587],
        }
    }

    #[test]
    fn a_profile_reads_back_and_bad_bytes_are_refused() {
        let p = profile();
        let bytes = p.to_bytes();
        assert_eq!(Profile::from_bytes(&bytes), Some(p));
        assert_eq!(Profile::from_bytes(&bytes[..bytes.len() - 1]), None);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Profile::from_bytes(&longer), None);
        assert_eq!(Profile::from_bytes(&[]), None);
        assert_eq!(Profile::from_bytes(&[FORMAT + 1, 0]), None);
    }

    #[test]
    fn merging_weighs_each_side_by_its_members() {
        let one = Profile {
            members: 1,
            full: vec![(1, 1.0)],
            actors: vec![("x".into(), 1)],
            days: vec![5],
            ..Profile::default()
        };
        let merged = profile().merged(&one);
        assert_eq!(merged.members, 4);
        assert_eq!(
            merged.full,
            vec![(1, 0.25), (2, 0.375), (7, 0.1875), (90_000, 0.09375)]
        );
        assert_eq!(merged.lead, vec![(7, 0.75)]);
        assert_eq!(merged.actors.len(), 3);
        assert_eq!(merged.days, vec![-3, 5, 19_586, 19_587]);
    }

    #[test]
    fn a_mean_keeps_its_heaviest_terms() {
        let v: Vec<(u32, f64)> = (0..200).map(|t| (t, f64::from(t))).collect();
        let kept = truncated(v);
        assert_eq!(kept.len(), PROFILE_TERMS);
        assert_eq!(kept.first().map(|x| x.0), Some(200 - PROFILE_TERMS as u32));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// A snapshot reads back as written.
        #[test]
        fn a_snapshot_reads_back(articles in 0u32..1_000_000, mut terms in proptest::collection::vec((0u32..1 << 26, 1u32..100_000), 0..40), names in proptest::collection::vec(("[a-zé ]{0,12}", 1u32..50), 0..6)) {
            terms.sort_unstable();
            terms.dedup_by_key(|t| t.0);
            let s = Snapshot { articles, terms, actors: names.clone(), events: names.clone(), decisions: names };
            prop_assert_eq!(Snapshot::from_bytes(&s.to_bytes()), Some(s));
        }
    }
}
