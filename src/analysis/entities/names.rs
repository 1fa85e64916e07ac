//! When two written personal names name one person: spelling variants of one word
//! ("Goita"/"Goïta", "Bazoum"/"Bazoam", "Tchiani"/"Tiani"), compatible first names, and
//! full names that differ only by a middle name. Shared by the entity pass (inside one
//! article) and the project registry (across articles).

use crate::analysis::gazetteer::Gazetteer;

/// Shortest skeleton (see [`skeleton`]) that may differ by one edit and still be one name:
/// shorter words differ by one letter too easily ("Sall"/"Ball").
const MIN_FUZZY_LEN: usize = 5;

/// The spelling skeleton of a folded word: letters only, an "h" after another letter
/// dropped, "ou" read as "u", doubled letters single ("Tchiani" → "tciani", "Mohammed" →
/// "moamed"). French and English transliterations of one name share or nearly share it.
pub fn skeleton(folded: &str) -> String {
    let letters: Vec<char> = folded.chars().filter(|c| c.is_alphabetic()).collect();
    let mut out: Vec<char> = Vec::with_capacity(letters.len());
    for (i, &c) in letters.iter().enumerate() {
        if c == 'h' && i > 0 {
            continue;
        }
        if c == 'u' && out.last() == Some(&'o') {
            out.pop();
        }
        if out.last() == Some(&c) {
            continue;
        }
        out.push(c);
    }
    out.into_iter().collect()
}

/// True when `a` and `b` are equal or one insertion, deletion or substitution apart.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(&long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        // one substitution at most: the rest after the first difference is equal
        short.get(prefix + 1..) == long.get(prefix + 1..)
    } else {
        // one deletion from the longer word
        short.get(prefix..) == long.get(prefix + 1..)
    }
}

/// True when two folded name words are spellings of one name: equal, listed as variants
/// in the gazetteer, or (same first letter) with equal skeletons, or (five letters or more)
/// the words or their skeletons at most one edit apart ("bazoum"/"bazoam",
/// "prigozhin"/"progozhin", "tchiani"/"tiani", "abdourahamane"/"abdourahmane").
pub fn same_word(a: &str, b: &str, gaz: &Gazetteer) -> bool {
    if a == b || gaz.same_variant(a, b) {
        return true;
    }
    if a.chars().next() != b.chars().next() {
        return false;
    }
    let near = |a: &str, b: &str| {
        a.chars().count().min(b.chars().count()) >= MIN_FUZZY_LEN && within_one_edit(a, b)
    };
    let (sa, sb) = (skeleton(a), skeleton(b));
    near(a, b) || sa == sb || near(&sa, &sb)
}

/// True when two folded first names may be one person's: the same word (see
/// [`same_word`]), or sharing their first three letters ("Mohamed"/"Mohammed",
/// "Abdou"/"Abdourahamane").
pub fn compatible_first(a: &str, b: &str, gaz: &Gazetteer) -> bool {
    same_word(a, b, gaz) || a.get(..3).is_some_and(|p| b.starts_with(p))
}

/// True when the words of `short` all appear, in order, among the words of `long`, which
/// ends with the same surname: "Putin" ⊂ "Vladimir Putin", "Bola Tinubu" ⊂ "Bola Ahmed
/// Tinubu".
pub fn is_subname(short: &[String], long: &[String], gaz: &Gazetteer) -> bool {
    let (Some(sl), Some(ll)) = (short.last(), long.last()) else {
        return false;
    };
    if short.len() > long.len() || !same_word(sl, ll, gaz) {
        return false;
    }
    let mut rest = long[..long.len() - 1].iter();
    short[..short.len() - 1]
        .iter()
        .all(|w| rest.any(|l| same_word(w, l, gaz)))
}

/// True when two folded full names (two words or more) name one person: one is a subname
/// of the other, or the surnames are one name and the first names compatible
/// ("Mohammed Bazoam"/"Mohamed Bazoum"). Different first names with one surname are
/// different people ("Ali Bongo"/"Omar Bongo").
pub fn same_person(a: &[String], b: &[String], gaz: &Gazetteer) -> bool {
    if a == b {
        return true;
    }
    let (Some(al), Some(bl), Some(af), Some(bf)) = (a.last(), b.last(), a.first(), b.first())
    else {
        return false;
    };
    if a.len() < 2 || b.len() < 2 {
        return false;
    }
    is_subname(a, b, gaz)
        || is_subname(b, a, gaz)
        || (same_word(al, bl, gaz) && compatible_first(af, bf, gaz))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace()
            .map(crate::analysis::text::fold)
            .collect()
    }

    fn gaz() -> &'static Gazetteer {
        Gazetteer::builtin()
    }

    #[test]
    fn skeletons_drop_h_doubles_and_ou() {
        assert_eq!(skeleton("tchiani"), "tciani");
        assert_eq!(skeleton("mohammed"), skeleton("mohamed"));
        assert_eq!(skeleton("abdourahamane"), "abduramane");
    }

    #[test]
    fn one_edit_apart() {
        assert!(within_one_edit("bazoum", "bazoam"));
        assert!(within_one_edit("tiani", "tciani"));
        assert!(within_one_edit("goita", "goita"));
        assert!(!within_one_edit("bazoum", "bazaam"));
        assert!(!within_one_edit("touray", "toure"));
    }

    #[test]
    fn spelling_variants_are_one_word() {
        assert!(same_word("prigozhin", "progozhin", gaz()));
        assert!(same_word("tchiani", "tiani", gaz()));
        assert!(same_word("abdourahamane", "abdourahmane", gaz()));
        assert!(same_word("mohamed", "muhammad", gaz()));
        // short words need an exact match
        assert!(!same_word("sall", "ball", gaz()));
        assert!(!same_word("bongo", "tongo", gaz()));
    }

    #[test]
    fn middle_names_and_surnames_are_subnames() {
        assert!(is_subname(&words("Putin"), &words("Vladimir Putin"), gaz()));
        assert!(is_subname(
            &words("Bola Tinubu"),
            &words("Bola Ahmed Tinubu"),
            gaz()
        ));
        assert!(!is_subname(
            &words("Vladimir Putin"),
            &words("Putin"),
            gaz()
        ));
        assert!(!is_subname(
            &words("Ali Bongo"),
            &words("Omar Bongo"),
            gaz()
        ));
    }

    #[test]
    fn typos_merge_but_different_first_names_do_not() {
        assert!(same_person(
            &words("Mohammed Bazoam"),
            &words("Mohamed Bazoum"),
            gaz()
        ));
        assert!(same_person(
            &words("Abdourahamane Tchiani"),
            &words("Abdourahmane Tiani"),
            gaz()
        ));
        assert!(!same_person(
            &words("Ali Bongo"),
            &words("Omar Bongo"),
            gaz()
        ));
        assert!(!same_person(&words("Bongo"), &words("Omar Bongo"), gaz()));
    }
}
