//! The analyst's corrections to automatic stories, kept apart and re-applied after every
//! re-clustering.
//!
//! # Story keys
//!
//! A story's key is `story-N`, where N is the smallest article id among its members
//! ([`story_key`]). Article ids only grow as articles are imported, so the anchor of a story is
//! its oldest article and new reports joining the story leave the key unchanged.
//!
//! An edit names stories by key, but a key is *resolved* to "the story that now contains
//! article N", not to "the story whose smallest member is N". So an edit re-attaches after
//! re-clustering whenever its anchor article still sits in the story the analyst meant, even if
//! an older article joined that story (its key changes, the edit still finds it). An edit whose
//! anchor article no longer exists is skipped. Keys that do not have the `story-N` shape are
//! matched literally.
//!
//! Edits are applied in the order they were made, each to the result of the ones before, so a
//! key made by an earlier edit (the new story of a [`StoryEdit::Split`] is keyed by its
//! smallest article) is valid for the later ones, exactly as when the analyst made them.

use super::Story;
pub use crate::model::StoryEdit;

/// The key of a story with these members: `story-` and the smallest id (see the module docs).
pub fn story_key(members: &[i64]) -> String {
    match members.iter().min() {
        Some(id) => format!("story-{id}"),
        None => "story-none".to_owned(),
    }
}

/// The stories after the analyst's `edits`, applied in order to the automatic stories `auto`.
/// Edits that name a story or an article that is not there are skipped. The input is first made
/// consistent (empty stories dropped, each article kept in the first story that lists it) and
/// every key recomputed; the result is sorted like [`super::cluster`]'s: larger stories first,
/// then by key.
pub fn apply_edits(auto: Vec<Story>, edits: &[StoryEdit]) -> Vec<Story> {
    let mut stories = normalise(auto);
    for edit in edits {
        apply_one(&mut stories, edit);
        stories.retain(|s| !s.members.is_empty());
    }
    for story in &mut stories {
        story.key = story_key(&story.members);
    }
    sort_stories(&mut stories);
    stories
}

/// Larger stories first, then by smallest member.
pub(super) fn sort_stories(stories: &mut [Story]) {
    stories.sort_by(story_order);
}

/// The order of [`sort_stories`].
pub(super) fn story_order(a: &Story, b: &Story) -> std::cmp::Ordering {
    b.members
        .len()
        .cmp(&a.members.len())
        .then_with(|| a.members.first().cmp(&b.members.first()))
}

fn normalise(auto: Vec<Story>) -> Vec<Story> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(auto.len());
    for mut story in auto {
        story.members.retain(|id| seen.insert(*id));
        story.members.sort_unstable();
        if story.members.is_empty() {
            continue;
        }
        story.key = story_key(&story.members);
        out.push(story);
    }
    out
}

/// Index of the story a key names now (see the module docs).
fn resolve(stories: &[Story], key: &str) -> Option<usize> {
    match key
        .strip_prefix("story-")
        .and_then(|n| n.parse::<i64>().ok())
    {
        Some(anchor) => containing(stories, anchor),
        None => stories.iter().position(|s| s.key == key),
    }
}

fn containing(stories: &[Story], article: i64) -> Option<usize> {
    stories
        .iter()
        .position(|s| s.members.binary_search(&article).is_ok())
}

fn apply_one(stories: &mut Vec<Story>, edit: &StoryEdit) {
    match edit {
        StoryEdit::Move {
            article,
            to_story_key,
        } => {
            let (Some(from), Some(to)) = (
                containing(stories, *article),
                resolve(stories, to_story_key),
            ) else {
                return;
            };
            if from == to {
                return;
            }
            stories[from].members.retain(|id| id != article);
            insert_sorted(&mut stories[to].members, *article);
            rekey(&mut stories[from]);
            rekey(&mut stories[to]);
        }
        StoryEdit::Merge { a, b } => {
            let (Some(ia), Some(ib)) = (resolve(stories, a), resolve(stories, b)) else {
                return;
            };
            if ia == ib {
                return;
            }
            let taken = std::mem::take(&mut stories[ib].members);
            let terms = std::mem::take(&mut stories[ib].key_terms);
            let target = &mut stories[ia];
            for id in taken {
                insert_sorted(&mut target.members, id);
            }
            let keep = target.key_terms.len().max(terms.len());
            for t in terms {
                if !target.key_terms.contains(&t) {
                    target.key_terms.push(t);
                }
            }
            target.key_terms.truncate(keep);
            rekey(target);
        }
        StoryEdit::Split {
            story_key,
            articles,
        } => {
            let Some(i) = resolve(stories, story_key) else {
                return;
            };
            let story = &mut stories[i];
            let mut part: Vec<i64> = articles
                .iter()
                .copied()
                .filter(|id| story.members.binary_search(id).is_ok())
                .collect();
            part.sort_unstable();
            part.dedup();
            if part.is_empty() || part.len() == story.members.len() {
                return;
            }
            story.members.retain(|id| part.binary_search(id).is_err());
            rekey(story);
            let new = Story {
                key: self::story_key(&part),
                name: format!("{} (split)", story.name),
                key_terms: story.key_terms.clone(),
                members: part,
            };
            stories.push(new);
        }
        StoryEdit::Rename { story_key, name } => {
            if let Some(i) = resolve(stories, story_key) {
                stories[i].name = name.clone();
            }
        }
    }
}

fn rekey(story: &mut Story) {
    story.key = story_key(&story.members);
}

fn insert_sorted(members: &mut Vec<i64>, id: i64) {
    if let Err(at) = members.binary_search(&id) {
        members.insert(at, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(members: &[i64], name: &str) -> Story {
        Story {
            key: String::new(),
            members: members.to_vec(),
            name: name.to_owned(),
            key_terms: vec![name.to_lowercase()],
        }
    }

    fn shape(stories: &[Story]) -> Vec<(String, Vec<i64>, String)> {
        stories
            .iter()
            .map(|s| (s.key.clone(), s.members.clone(), s.name.clone()))
            .collect()
    }

    #[test]
    fn keys_come_from_the_smallest_member() {
        assert_eq!(story_key(&[9, 4, 7]), "story-4");
        assert_eq!(story_key(&[]), "story-none");
        let out = apply_edits(vec![story(&[9, 4], "A")], &[]);
        assert_eq!(out[0].key, "story-4");
    }

    #[test]
    fn move_merge_split_rename() {
        let auto = vec![
            story(&[1, 2, 3], "Accra"),
            story(&[4, 5], "Putin"),
            story(&[6], "Six"),
        ];
        let edits = [
            StoryEdit::Move {
                article: 3,
                to_story_key: "story-4".into(),
            },
            StoryEdit::Merge {
                a: "story-1".into(),
                b: "story-6".into(),
            },
            StoryEdit::Split {
                story_key: "story-4".into(),
                articles: vec![5, 99],
            },
            StoryEdit::Rename {
                story_key: "story-5".into(),
                name: "Kremlin call".into(),
            },
        ];
        let out = apply_edits(auto, &edits);
        assert_eq!(
            shape(&out),
            vec![
                ("story-1".into(), vec![1, 2, 6], "Accra".into()),
                ("story-3".into(), vec![3, 4], "Putin".into()),
                ("story-5".into(), vec![5], "Kremlin call".into()),
            ]
        );
    }

    #[test]
    fn edits_reattach_after_reclustering_through_their_anchor_article() {
        let edits = [StoryEdit::Rename {
            story_key: "story-10".into(),
            name: "Accra meeting".into(),
        }];
        // First run: the story is anchored on 10.
        let first = apply_edits(vec![story(&[10, 12], "auto"), story(&[11], "x")], &edits);
        assert_eq!(first[0].name, "Accra meeting");
        // Re-clustering pulled the older article 3 into it: the key is now story-3, but the
        // rename still finds the story containing 10.
        let second = apply_edits(
            vec![story(&[3, 10, 12, 15], "auto"), story(&[11], "x")],
            &edits,
        );
        assert_eq!(second[0].key, "story-3");
        assert_eq!(second[0].name, "Accra meeting");
        // Article 10 deleted: the edit is skipped.
        let third = apply_edits(vec![story(&[12, 15], "auto")], &edits);
        assert_eq!(third[0].name, "auto");
    }

    #[test]
    fn no_op_and_junk_edits_are_skipped() {
        let auto = vec![
            story(&[1, 2], "A"),
            story(&[2, 3], "B"),
            story(&[], "empty"),
        ];
        let edits = [
            StoryEdit::Move {
                article: 42,
                to_story_key: "story-1".into(),
            },
            StoryEdit::Move {
                article: 1,
                to_story_key: "nonsense".into(),
            },
            StoryEdit::Merge {
                a: "story-1".into(),
                b: "story-2".into(),
            },
            StoryEdit::Split {
                story_key: "story-1".into(),
                articles: vec![1, 2],
            },
            StoryEdit::Rename {
                story_key: "story-".into(),
                name: "x".into(),
            },
        ];
        let out = apply_edits(auto, &edits);
        // 2 stays in the first story that listed it; B keeps 3 only.
        assert_eq!(
            shape(&out),
            vec![
                ("story-1".into(), vec![1, 2], "A".into()),
                ("story-3".into(), vec![3], "B".into()),
            ]
        );
    }

    #[test]
    fn moving_the_last_article_removes_the_story() {
        let auto = vec![story(&[1, 2], "A"), story(&[3], "B")];
        let out = apply_edits(
            auto,
            &[StoryEdit::Move {
                article: 3,
                to_story_key: "story-2".into(),
            }],
        );
        assert_eq!(
            shape(&out),
            vec![("story-1".into(), vec![1, 2, 3], "A".into())]
        );
    }

    #[test]
    fn edits_round_trip_through_json() {
        let edit = StoryEdit::Split {
            story_key: "story-4".into(),
            articles: vec![5],
        };
        let json = serde_json::to_string(&edit).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"kind":"split","story_key":"story-4","articles":[5]}"#
        );
        assert_eq!(serde_json::from_str::<StoryEdit>(&json).ok(), Some(edit));
    }
}
