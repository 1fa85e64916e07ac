//! Jaro-Winkler similarity of two short ASCII tokens, allocation-free, for spelling variants
//! that the transliteration key does not catch (`tchiani` ~ `tiani`).

/// Longest token compared; longer ones are compared on their first `MAX` bytes.
const MAX: usize = 64;

/// Jaro-Winkler similarity in 0..=1 (1 for equal strings, 0 when either is empty).
pub(crate) fn jaro_winkler(a: &str, b: &str) -> f32 {
    winkler(a, b, jaro(a, b))
}

/// Adds the Winkler bonus for a common prefix (up to 4 bytes) to a Jaro similarity.
pub(crate) fn winkler(a: &str, b: &str, jaro: f32) -> f32 {
    let prefix = a
        .bytes()
        .zip(b.bytes())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count();
    jaro + prefix as f32 * 0.1 * (1.0 - jaro)
}

/// Jaro similarity in 0..=1 (1 for equal strings, 0 when either is empty).
pub(crate) fn jaro(a: &str, b: &str) -> f32 {
    let a = a.as_bytes();
    let b = b.as_bytes();
    let a = a.get(..MAX).unwrap_or(a);
    let b = b.get(..MAX).unwrap_or(b);
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_matched = [false; MAX];
    let mut b_matched = [false; MAX];
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            let free = b_matched.get(j).is_some_and(|m| !m);
            if free && b.get(j) == Some(&ca) {
                if let Some(m) = b_matched.get_mut(j) {
                    *m = true;
                }
                if let Some(m) = a_matched.get_mut(i) {
                    *m = true;
                }
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let a_seq = a
        .iter()
        .zip(a_matched.iter())
        .filter(|(_, m)| **m)
        .map(|(c, _)| c);
    let b_seq = b
        .iter()
        .zip(b_matched.iter())
        .filter(|(_, m)| **m)
        .map(|(c, _)| c);
    let half_transpositions = a_seq.zip(b_seq).filter(|(x, y)| x != y).count();
    let m = matches as f32;
    let t = (half_transpositions / 2) as f32;
    (m / a.len() as f32 + m / b.len() as f32 + (m - t) / m) / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert!((jaro_winkler("martha", "marhta") - 0.961).abs() < 0.01);
        assert!((jaro_winkler("dwayne", "duane") - 0.84).abs() < 0.01);
        assert!(jaro_winkler("tchiani", "tiani") > 0.9);
        assert!((jaro("tchiani", "tiani") - 0.905).abs() < 0.01);
        assert!(jaro_winkler("bazoum", "toumba") < 0.7);
        assert_eq!(jaro_winkler("", "x"), 0.0);
        assert_eq!(jaro_winkler("same", "same"), 1.0);
        let long = "a".repeat(200);
        assert_eq!(jaro_winkler(&long, &long), 1.0);
    }
}
