//! Event labels: the words of the clause a time expression sits in, without the expression
//! itself, cut to a dozen words around it.

use crate::analysis::text::{TokenKind, tokens};
use std::ops::Range;

/// Most words in a label.
const MAX_WORDS: usize = 14;

/// Fewest words a clause needs before a neighbouring clause (the one before first, where
/// the verb of a fronted place or date usually is) is added to it.
const MIN_WORDS: usize = 6;

/// True for punctuation that ends a clause (a hyphen standing alone is a dash).
fn is_boundary(s: &str) -> bool {
    matches!(
        s,
        "," | ";" | ":" | "(" | ")" | "—" | "–" | "-" | "\"" | "“" | "”" | "." | "!" | "?"
    )
}

/// Words a label neither starts nor ends with: left alone they make it a fragment ("was
/// postponed since", "and the bloc").
const DANGLING: &[&str] = &[
    "a", "after", "an", "and", "as", "at", "before", "between", "but", "by", "during", "for",
    "from", "his", "her", "in", "into", "its", "of", "on", "or", "our", "over", "since", "so",
    "than", "that", "the", "their", "then", "to", "until", "when", "which", "while", "who", "with",
];

/// Words that open a clause whose subject stands before it ("Bazoum, 63, …, has been held").
const SUBJECTLESS: &[&str] = &[
    "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can", "may",
    "might", "should", "must", "did", "does",
];

/// Words a label does not start with: they join it to a clause it left out.
const LEADING: &[&str] = &[
    "and", "but", "or", "so", "then", "while", "that", "as", "when", "where",
];

/// Relative pronouns standing for the noun phrase before them.
const RELATIVE: &[&str] = &["who", "which", "whom"];

/// Words that open a noun phrase (where an antecedent starts).
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "his", "her", "their", "this", "that",
];

/// One word of the sentence, as a label sees it.
struct Word {
    range: Range<usize>,
    /// Part of the time expression itself.
    inside: bool,
    /// Not for a label: a dateline's place, an outlet or aside in brackets.
    skip: bool,
}

/// A label for the expression at byte range `timex` inside the sentence `sentence` of `text`:
/// the clause it sits in without it, from the clause's start (its subject when a comma split
/// it off, the antecedent for a relative pronoun), at most [`MAX_WORDS`] words, never
/// starting or ending on a word that leaves it hanging.
pub fn label(text: &str, sentence: Range<usize>, timex: Range<usize>) -> String {
    let Some(s) = text.get(sentence.clone()) else {
        return String::new();
    };
    let (words, cuts, at_expr) = clause_words(s, sentence.start, &timex);
    let w = |i: usize| &s[words[i].range.clone()];
    let counted = |lo: usize, hi: usize| {
        words[cuts[lo]..cuts[hi]]
            .iter()
            .filter(|x| !x.inside && !x.skip)
            .count()
    };
    // the clause holding the expression, widened while it is too short
    let mut lo = cuts.iter().rposition(|&c| c <= at_expr).unwrap_or(0);
    let mut hi = cuts
        .iter()
        .position(|&c| c > at_expr)
        .unwrap_or(cuts.len() - 1);
    while counted(lo, hi) < MIN_WORDS && (hi + 1 < cuts.len() || lo > 0) {
        // a dateline's clauses hold nothing: read on into the lead
        if lo > 0 && counted(0, lo) > 0 {
            lo -= 1;
        } else if hi + 1 < cuts.len() {
            hi += 1;
        } else {
            lo -= 1;
        }
    }
    let mut picked: Vec<&str> = Vec::new();
    let mut first = cuts[lo];
    // "an elected leader who had been held since …": the relative clause about its antecedent
    if let Some(rel) = (first..at_expr.min(cuts[hi]))
        .rev()
        .find(|&i| is_in(RELATIVE, w(i)) && i > first)
    {
        let np = antecedent(&words, s, first, rel);
        picked.extend(np.iter().map(|&i| w(i)));
        first = rel + 1;
    } else if first < words.len() && is_in(RELATIVE, w(first)) && lo > 0 {
        // ", who has been detained since …": the noun phrase before the comma
        let np = antecedent(&words, s, cuts[lo - 1], first);
        picked.extend(np.iter().map(|&i| w(i)));
        first += 1;
    } else if first < words.len() && is_in(SUBJECTLESS, w(first)) && lo > 0 {
        // "Bazoum, 63, who won …, has been held since …": the sentence's opening subject
        let subject: Vec<usize> = (0..cuts[1].min(first))
            .filter(|&i| !words[i].skip && !words[i].inside)
            .collect();
        if (1..=4).contains(&subject.len()) && starts_upper(w(subject[0])) {
            picked.extend(subject.iter().map(|&i| w(i)));
        }
    }
    let lead = picked.len();
    let rest: Vec<usize> = (first..cuts[hi])
        .filter(|&i| !words[i].inside && !words[i].skip)
        .collect();
    let before = lead + rest.iter().filter(|&&i| i < at_expr).count();
    let mut kept: Vec<&str> = picked;
    kept.extend(rest.iter().map(|&i| w(i)));
    // from the clause's start when the expression is near it, else around the expression
    let start = if before <= MAX_WORDS {
        0
    } else {
        before
            .saturating_sub(MAX_WORDS / 2)
            .min(kept.len().saturating_sub(MAX_WORDS))
    };
    let mut end = (start + MAX_WORDS).min(kept.len());
    let mut start = start;
    while start < end && is_in(LEADING, kept[start]) {
        start += 1;
    }
    while end > start && is_in(DANGLING, kept[end - 1]) {
        end -= 1;
    }
    kept[start..end].join(" ")
}

/// The sentence's words (a possessive joined to its word), the clause cuts (word indexes, the
/// first 0 and the last the word count) and the index of the first word after the
/// expression's start.
fn clause_words(s: &str, base: usize, timex: &Range<usize>) -> (Vec<Word>, Vec<usize>, usize) {
    let mut words: Vec<Word> = Vec::new();
    let mut cuts: Vec<usize> = vec![0];
    let mut at_expr = 0;
    let mut brackets = 0usize;
    // a dateline opens the sentence: capitals alone up to its first punctuation
    let mut opening = true;
    for t in tokens(s) {
        let abs = t.range.start + base..t.range.end + base;
        match t.kind {
            TokenKind::Word | TokenKind::Number => {
                let inside = abs.start >= timex.start && abs.end <= timex.end;
                if abs.start < timex.start {
                    at_expr = words.len() + 1;
                }
                let word = &s[t.range.clone()];
                let capitals = word.chars().count() >= 2
                    && word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
                opening &= capitals && t.kind == TokenKind::Word;
                words.push(Word {
                    range: t.range,
                    inside,
                    skip: brackets > 0 || opening,
                });
            }
            TokenKind::Possessive => {
                if let Some(last) = words.last_mut() {
                    last.range.end = t.range.end;
                }
            }
            TokenKind::Punct => {
                let p = &s[t.range.clone()];
                match p {
                    "(" | "[" => brackets += 1,
                    ")" | "]" => brackets = brackets.saturating_sub(1),
                    _ => {}
                }
                if is_boundary(p) {
                    opening = false;
                    cuts.push(words.len());
                }
            }
            _ => {}
        }
    }
    cuts.push(words.len());
    (words, cuts, at_expr)
}

/// The noun phrase that ends just before word `end` (after `from`): a run of capitalised
/// words (a name), else back to its determiner, at most five words.
fn antecedent(words: &[Word], s: &str, from: usize, end: usize) -> Vec<usize> {
    let w = |i: usize| &s[words[i].range.clone()];
    let usable: Vec<usize> = (from..end)
        .filter(|&i| !words[i].skip && !words[i].inside)
        .collect();
    // "the Peace and Security Council": capitals joined by small words
    let mut name: Vec<usize> = Vec::new();
    for (n, &i) in usable.iter().enumerate().rev() {
        let joins = !name.is_empty()
            && is_in(&["of", "and", "for", "the"], w(i))
            && n > 0
            && starts_upper(w(usable[n - 1]));
        if starts_upper(w(i)) || joins {
            name.push(i);
        } else {
            break;
        }
    }
    if !name.is_empty() {
        return name.into_iter().rev().collect();
    }
    let tail: Vec<usize> = usable.iter().rev().take(5).copied().collect();
    match tail.iter().position(|&i| is_in(DETERMINERS, w(i))) {
        Some(p) => tail[..=p].iter().rev().copied().collect(),
        None => Vec::new(),
    }
}

/// True when `w` starts with a capital letter.
fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// True when `w`, lower-cased, is one of `list`.
fn is_in(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label_of(text: &str, expr: &str) -> String {
        let at = text.find(expr).unwrap_or(0);
        label(text, 0..text.len(), at..at + expr.len())
    }

    #[test]
    fn a_subject_split_off_by_commas_opens_the_label() {
        assert_eq!(
            label_of(
                "Bazoum, 63, who won an election in 2021, has been held inside the palace \
                 since early on Wednesday, July 26.",
                "early on Wednesday"
            ),
            "Bazoum has been held inside the palace"
        );
    }

    #[test]
    fn a_relative_pronoun_stands_for_its_antecedent() {
        assert_eq!(
            label_of(
                "The mediators were allowed to see the deposed president, Mohamed Bazoum, who \
                 has been detained with his wife and son since July 26; it was the first visit.",
                "July 26"
            ),
            "Mohamed Bazoum has been detained with his wife and son"
        );
        assert_eq!(
            label_of(
                "He said the region would stand by an elected leader who had been held hostage \
                 since Wednesday.",
                "Wednesday"
            ),
            "an elected leader had been held hostage"
        );
        assert_eq!(
            label_of(
                "The African Union's Peace and Security Council, which met on Monday, agreed.",
                "on Monday"
            ),
            "The African Union's Peace and Security Council met"
        );
    }

    #[test]
    fn a_dateline_and_its_outlet_are_left_out() {
        assert_eq!(
            label_of(
                "ABUJA, July 30 (Sahel Wire) - West African leaders gave the officers one week \
                 to reinstate the president.",
                "July 30"
            ),
            "West African leaders gave the officers one week to reinstate the president"
        );
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
            "The talks were due to be held in Accra Ghana but were postponed"
        );
    }

    #[test]
    fn long_clause_is_cut_from_its_start() {
        let text = "The leaders of the regional bloc met on Thursday to discuss the long crisis in \
                    the country and agreed to send envoys to the capital soon";
        let l = label_of(text, "on Thursday");
        assert!(l.split(' ').count() <= MAX_WORDS, "{l}");
        assert!(
            l.starts_with("The leaders of the regional bloc met to discuss"),
            "{l}"
        );
        assert!(!l.ends_with(" the"), "{l}");
    }
}
