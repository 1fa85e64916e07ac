//! Undo across every kind of analyst edit: each edit records how to take it back, Undo takes
//! the newest back whatever its kind, and the Edit menu names it.

use crate::fixtures::{analysed_sample, article};
use dossier::analysis::stories::StoryEdit;
use dossier::model::{DecisionEdit, QuoteFix};
use dossier::store::Verdict;

#[test]
fn undo_takes_back_every_kind_of_edit_newest_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = analysed_sample(&dir.path().join("p.dossier"));
    let seed = article(&project, "000_0528eedcc084b2e2.txt");
    let quote = project.quotes(seed).expect("quotes").remove(0);
    let hit = project.screening_hits().expect("hits").remove(0);
    let decision = project.tracked_decisions().expect("tracked").remove(0);
    let story = project.stories().expect("stories").remove(0);
    let date = "2023-08-14".parse().expect("date");

    project
        .set_quote_fix(
            seed,
            &quote.range,
            Some(&QuoteFix::Speaker("Bola Tinubu".into())),
        )
        .expect("fix");
    project
        .set_screening_verdict(
            &hit.actor,
            &hit.list_name,
            &hit.entry_key,
            Some(Verdict::Dismissed),
        )
        .expect("verdict");
    let edit = DecisionEdit {
        owner: Some("desk".into()),
        ..DecisionEdit::default()
    };
    project
        .set_decision_edit(&decision.key, &edit)
        .expect("track");
    project
        .add_story_edit(&StoryEdit::Rename {
            story_key: story.key.clone(),
            name: "The Accra talks".into(),
        })
        .expect("rename");
    project.set_article_date(seed, Some(date)).expect("date");

    let mut labels = Vec::new();
    while let Some(undone) = project.undo().expect("undo") {
        labels.push(undone.label);
    }
    assert_eq!(
        labels,
        [
            "set the article's date to 2023-08-14".to_string(),
            "rename a story to The Accra talks".to_string(),
            format!(
                "track {}",
                decision
                    .key
                    .split('|')
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            format!("dismissed the hit on {}", hit.actor),
            "give a quote to Bola Tinubu".to_string(),
        ]
    );
    // Everything is as it was.
    assert!(project.quote_fixes().expect("fixes").is_empty());
    assert!(
        project
            .screening_hits()
            .expect("hits")
            .iter()
            .all(|h| h.verdict.is_none())
    );
    assert!(
        project
            .decision_edit(&decision.key)
            .expect("edit")
            .is_none()
    );
    assert_eq!(project.stories().expect("stories")[0].name, story.name);
    assert!(
        project
            .article_date_corrections()
            .expect("dates")
            .is_empty()
    );
    assert_eq!(project.undo_label().expect("label"), None);
}

#[test]
fn undo_puts_back_the_edit_before_not_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = analysed_sample(&dir.path().join("p.dossier"));
    let decision = project.tracked_decisions().expect("tracked").remove(0);
    let first = DecisionEdit {
        owner: Some("desk".into()),
        ..DecisionEdit::default()
    };
    let second = DecisionEdit {
        owner: Some("night desk".into()),
        ..DecisionEdit::default()
    };
    project
        .set_decision_edit(&decision.key, &first)
        .expect("first");
    project
        .set_decision_edit(&decision.key, &second)
        .expect("second");
    project.undo().expect("undo").expect("undone");
    let (kept, _) = project
        .decision_edit(&decision.key)
        .expect("edit")
        .expect("the first edit back");
    assert_eq!(kept.owner.as_deref(), Some("desk"));
}
