//! An article's term counts as `analyze` stores them, once, when its per-article passes run:
//! what story grouping and dating's neighbour search read instead of its text.
//!
//! The two read the same content words ([`super::terms`]) but count them differently, on
//! purpose or by history, and each must stay as it is: story grouping counts the title
//! [`StoryParams::title_weight`] times and the text without a first line repeating the title
//! and without the outlet's own name, once in its full count and, within the lead, once in its
//! lead count ([`super::with_term_counts`]); dating counts the title twice and the whole text
//! ([`crate::analysis::similar`]). An article's terms are kept once, each with its story full
//! and lead counts and the few more times dating counts it (never fewer: dating leaves
//! nothing out), plus where its lede ends (story grouping weighs the decisions its lede
//! reports).
//!
//! Packed, by ascending stem (the order both readers number new terms in): the lede's end,
//! then per term its id in the project's vocabulary, `full << 2 | lead? << 1 | more?`, the lead
//! count if not 0 and dating's extra count if not 0, each a variable-length integer
//! ([`super::packed`]): three to four bytes a term.

use super::packed::{Reader, put, whole};
use super::{StoryInput, StoryParams, lede_end, with_term_counts};

/// Term ids from this one up are not read: no vocabulary grows so large, and the maps from
/// term ids to the readers' own would take too much memory (the store checks its ids first).
pub const MAX_TERM_ID: u32 = 1 << 26;

/// An article's counted terms, by ascending stem.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleTerms {
    /// Byte offset in the text where its lede (first paragraph after the title) ends.
    pub lede_end: usize,
    pub terms: Vec<Counted>,
}

/// One term of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    pub stem: String,
    /// Story grouping's full count (0 for a term it leaves out, such as the outlet's name).
    pub full: u32,
    /// Story grouping's lead count.
    pub lead: u32,
    /// Dating's count (at least `full`).
    pub dating: u32,
}

impl ArticleTerms {
    /// The terms of `a` (its title, text and outlet are read) as story grouping with the
    /// default [`StoryParams`] and dating count them.
    pub fn of(a: &StoryInput) -> Self {
        let p = StoryParams::default();
        let mut terms: Vec<Counted> = with_term_counts(a, &p, |counts| {
            counts
                .iter()
                .map(|&(stem, full, lead)| Counted {
                    stem: stem.to_owned(),
                    full: whole(full).unwrap_or(0),
                    lead: whole(lead).unwrap_or(0),
                    dating: 0,
                })
                .collect()
        });
        let mut dating: Vec<(String, f32)> =
            crate::analysis::similar::TermVectorsBuilder::count(&a.title, &a.text)
                .into_iter()
                .collect();
        dating.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        // both sorted by stem: merge
        let mut merged: Vec<Counted> = Vec::with_capacity(terms.len().max(dating.len()));
        let mut story = terms.drain(..).peekable();
        for (stem, tf) in dating {
            let count = whole(f64::from(tf)).unwrap_or(0);
            while let Some(s) = story.next_if(|s| s.stem < stem) {
                merged.push(s);
            }
            match story.next_if(|s| s.stem == stem) {
                Some(mut s) => {
                    s.dating = count;
                    merged.push(s);
                }
                None => merged.push(Counted {
                    stem,
                    full: 0,
                    lead: 0,
                    dating: count,
                }),
            }
        }
        merged.extend(story);
        ArticleTerms {
            lede_end: lede_end(a),
            terms: merged,
        }
    }

    /// Packed as stored (see the module docs), each stem given its id by `id_of`.
    pub fn pack(&self, mut id_of: impl FnMut(&str) -> u32) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 * self.terms.len() + 3);
        put(&mut out, u32::try_from(self.lede_end).unwrap_or(u32::MAX));
        for t in &self.terms {
            put(&mut out, id_of(&t.stem));
            let more = t.dating.saturating_sub(t.full);
            let code =
                (t.full.min(u32::MAX >> 2) << 2) | u32::from(t.lead > 0) << 1 | u32::from(more > 0);
            put(&mut out, code);
            if t.lead > 0 {
                put(&mut out, t.lead);
            }
            if more > 0 {
                put(&mut out, more);
            }
        }
        out
    }
}

/// An article's packed terms read back: where its lede ends, then its terms.
pub struct PackedTerms<'a> {
    pub lede_end: usize,
    reader: Reader<'a>,
}

/// One term read back: its id, story full and lead counts, dating's count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermCounts {
    pub id: u32,
    pub full: u32,
    pub lead: u32,
    pub dating: u32,
}

impl<'a> PackedTerms<'a> {
    /// Reads `bytes` as [`ArticleTerms::pack`] wrote them (`None` when empty or damaged at the
    /// start; a damaged term ends the list).
    pub fn new(bytes: &'a [u8]) -> Option<Self> {
        let mut reader = Reader::new(bytes);
        let lede_end = reader.int()? as usize;
        Some(PackedTerms { lede_end, reader })
    }
}

impl Iterator for PackedTerms<'_> {
    type Item = TermCounts;

    fn next(&mut self) -> Option<TermCounts> {
        let id = self.reader.int()?;
        let code = self.reader.int()?;
        let full = code >> 2;
        let lead = if code & 2 != 0 { self.reader.int()? } else { 0 };
        let more = if code & 1 != 0 { self.reader.int()? } else { 0 };
        Some(TermCounts {
            id,
            full,
            lead,
            dating: full.saturating_add(more),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::similar::TermVectorsBuilder;
    use proptest::prelude::*;

    fn input(outlet: &str, title: &str, text: &str) -> StoryInput {
        StoryInput {
            id: 1,
            outlet: Some(outlet.into()),
            title: title.into(),
            text: text.into(),
            ..StoryInput::default()
        }
    }

    /// Stored counts equal what story grouping and dating count from the text.
    fn check(a: &StoryInput) -> Result<(), TestCaseError> {
        let terms = ArticleTerms::of(a);
        let mut ids: Vec<String> = Vec::new();
        let packed = terms.pack(|stem| {
            let at = ids.iter().position(|s| s == stem).unwrap_or_else(|| {
                ids.push(stem.to_owned());
                ids.len() - 1
            });
            at as u32
        });
        let read = PackedTerms::new(&packed).expect("readable");
        prop_assert_eq!(read.lede_end, lede_end(a));
        let read: Vec<TermCounts> = read.collect();
        let stems: Vec<&str> = read.iter().map(|t| ids[t.id as usize].as_str()).collect();
        let mut sorted = stems.clone();
        sorted.sort_unstable();
        prop_assert_eq!(&stems, &sorted, "by ascending stem");
        let story: Vec<(String, f64, f64)> = read
            .iter()
            .filter(|t| t.full > 0)
            .map(|t| {
                (
                    ids[t.id as usize].clone(),
                    f64::from(t.full),
                    f64::from(t.lead),
                )
            })
            .collect();
        let expected = with_term_counts(a, &StoryParams::default(), |c| {
            c.iter()
                .map(|&(s, f, l)| (s.to_owned(), f, l))
                .collect::<Vec<_>>()
        });
        prop_assert_eq!(story, expected);
        let mut dating: Vec<(String, f32)> = read
            .iter()
            .filter(|t| t.dating > 0)
            .map(|t| (ids[t.id as usize].clone(), t.dating as f32))
            .collect();
        let mut expected: Vec<(String, f32)> = TermVectorsBuilder::count(&a.title, &a.text)
            .into_iter()
            .collect();
        expected.sort_by(|x, y| x.0.cmp(&y.0));
        dating.sort_by(|x, y| x.0.cmp(&y.0));
        prop_assert_eq!(dating, expected);
        Ok(())
    }

    #[test]
    fn a_repeated_title_and_the_outlet_name_count_for_dating_alone() {
        let a = input(
            "Accra Morning Post",
            "Chiefs meet",
            "Chiefs meet\nThe Accra Morning Post learnt that chiefs met in Accra.\n\nLater text.",
        );
        check(&a).expect("counts");
        let terms = ArticleTerms::of(&a);
        // the outlet's name is no content for stories, but its "Accra" is for dating
        let accra = terms
            .terms
            .iter()
            .find(|t| t.stem == "accra")
            .expect("accra");
        assert_eq!((accra.full, accra.dating), (1, 2));
        let chief = terms
            .terms
            .iter()
            .find(|t| t.stem == "chief")
            .expect("chief");
        // title twice, its repeat (dating only) and the text's
        assert_eq!((chief.full, chief.lead, chief.dating), (3, 3, 4));
        assert!(terms.pack(|_| 1).len() < 4 * terms.terms.len() + 3);
    }

    #[test]
    fn the_default_title_weight_is_a_whole_count() {
        // stored counts are whole numbers: the default title weight must be one
        assert!(whole(StoryParams::default().title_weight_or_one()).is_some());
    }

    #[test]
    fn damaged_bytes_end_the_list() {
        assert!(PackedTerms::new(&[]).is_none());
        let read: Vec<TermCounts> = PackedTerms::new(&[5, 1, 0x80]).expect("start").collect();
        assert!(read.is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn stored_counts_equal_both_readings(
            title in proptest::collection::vec(0usize..16, 0..6),
            body in proptest::collection::vec(0usize..16, 0..60),
            repeat_title in any::<bool>(),
        ) {
            const POOL: [&str; 16] = [
                "Accra", "Morning", "Post", "the", "chiefs", "met", "in", "Côte-d’Ivoire",
                "1,500", "\n\n", "ECOWAS'", "meetings", "MORNING", "Goïta’s", ".", "said",
            ];
            let words = |ix: &[usize]| ix.iter().map(|&i| POOL[i % POOL.len()]).collect::<Vec<_>>().join(" ");
            let title = words(&title);
            let mut text = words(&body);
            if repeat_title {
                text = format!("{title}\n{text}");
            }
            check(&input("Accra Morning Post", &title, &text))?;
        }
    }
}
