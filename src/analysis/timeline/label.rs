//! Event labels: the words of the clause a time expression sits in, without the expression
//! itself, cut to a dozen words around it.

use crate::analysis::text::{TokenKind, tokens};
use std::ops::Range;

/// Most words in a label.
const MAX_WORDS: usize = 12;

/// Fewest words a clause needs before a neighbouring clause (the one before first, where
/// the verb of a fronted place or date usually is) is added to it.
const MIN_WORDS: usize = 6;

/// True for punctuation that ends a clause.
fn is_boundary(s: &str) -> bool {
    matches!(
        s,
        "," | ";" | ":" | "(" | ")" | "—" | "–" | "\"" | "“" | "”" | "." | "!" | "?"
    )
}

/// A label for the expression at byte range `timex` inside the sentence `sentence` of `text`.
pub fn label(text: &str, sentence: Range<usize>, timex: Range<usize>) -> String {
    let Some(s) = text.get(sentence.clone()) else {
        return String::new();
    };
    let base = sentence.start;
    // (word range in `s`, inside the expression) and clause boundaries, in order
    let mut words: Vec<(Range<usize>, bool)> = Vec::new();
    let mut cuts: Vec<usize> = vec![0];
    let mut at_expr = 0;
    for t in tokens(s) {
        let abs = t.range.start + base..t.range.end + base;
        match t.kind {
            TokenKind::Word | TokenKind::Number => {
                let inside = abs.start >= timex.start && abs.end <= timex.end;
                if abs.start < timex.start {
                    at_expr = words.len() + 1;
                }
                words.push((t.range, inside));
            }
            TokenKind::Possessive => {
                if let Some(last) = words.last_mut() {
                    last.0.end = t.range.end;
                }
            }
            TokenKind::Punct if is_boundary(&s[t.range.clone()]) => cuts.push(words.len()),
            _ => {}
        }
    }
    cuts.push(words.len());
    // the clause holding the expression, widened while it is too short
    let mut lo = cuts.iter().rposition(|&c| c <= at_expr).unwrap_or(0);
    let mut hi = cuts
        .iter()
        .position(|&c| c > at_expr)
        .unwrap_or(cuts.len() - 1);
    let count = |lo: usize, hi: usize| {
        words[cuts[lo]..cuts[hi]]
            .iter()
            .filter(|(_, inside)| !inside)
            .count()
    };
    while count(lo, hi) < MIN_WORDS && (hi + 1 < cuts.len() || lo > 0) {
        if lo > 0 {
            lo -= 1;
        } else {
            hi += 1;
        }
    }
    let before = words[cuts[lo]..at_expr.max(cuts[lo]).min(cuts[hi])]
        .iter()
        .filter(|(_, inside)| !inside)
        .count();
    let kept: Vec<&str> = words[cuts[lo]..cuts[hi]]
        .iter()
        .filter(|(_, inside)| !inside)
        .map(|(r, _)| &s[r.clone()])
        .collect();
    let start = before
        .saturating_sub(MAX_WORDS / 2)
        .min(kept.len().saturating_sub(MAX_WORDS));
    let end = (start + MAX_WORDS).min(kept.len());
    kept[start..end].join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label_of(text: &str, expr: &str) -> String {
        let at = text.find(expr).unwrap_or(0);
        label(text, 0..text.len(), at..at + expr.len())
    }

    #[test]
    fn clause_without_the_expression() {
        assert_eq!(
            label_of(
                "Ministers from five states met in Accra on Tuesday, officials said.",
                "on Tuesday"
            ),
            "Ministers from five states met in Accra"
        );
    }

    #[test]
    fn short_clause_takes_a_neighbour() {
        assert_eq!(
            label_of("On Monday, the juntas warned the bloc.", "On Monday"),
            "the juntas warned the bloc"
        );
    }

    #[test]
    fn fronted_place_takes_the_clause_before() {
        assert_eq!(
            label_of(
                "The talks were due to be held in Accra, Ghana, last Saturday but were postponed.",
                "last Saturday"
            ),
            "talks were due to be held in Accra Ghana but were postponed"
        );
    }

    #[test]
    fn long_clause_is_cut_to_twelve_words() {
        let text = "The leaders of the regional bloc met on Thursday to discuss the long crisis in \
                    the country and agreed to send envoys to the capital soon";
        let l = label_of(text, "on Thursday");
        assert_eq!(l.split(' ').count(), 12, "{l}");
        assert!(l.contains("met"), "{l}");
    }
}
