//! Stories on the sample collection: the reports of the Accra meeting of the defence chiefs
//! (postponed, rescheduled, held, its outcome) are grouped together, apart from other events,
//! and the analyst's story edits survive re-analysis.

use dossier::analysis::stories::StoryEdit;
use dossier::jobs;
use dossier::store::Project;
use std::sync::atomic::AtomicBool;

fn analysed_sample(dir: &tempfile::TempDir) -> Project {
    crate::fixtures::analysed_sample(&dir.path().join("s.dossier"))
}

/// The story holding the article whose title starts with `title`.
fn story_of(project: &Project, title: &str) -> String {
    let id = project
        .article_summaries()
        .expect("list")
        .into_iter()
        .find(|a| a.title.starts_with(title))
        .unwrap_or_else(|| panic!("no article {title:?}"))
        .id;
    project
        .stories()
        .expect("stories")
        .into_iter()
        .find(|s| s.members.contains(&id.0))
        .map(|s| s.key)
        .unwrap_or_else(|| panic!("{title:?} in no story"))
}

#[test]
fn accra_meeting_reports_share_a_story() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = analysed_sample(&dir);
    let rescheduled = story_of(&project, "Niger crisis: ECOWAS defence chiefs now to meet");
    assert_eq!(
        story_of(&project, "West African army chiefs say"),
        rescheduled
    );
    assert_eq!(
        story_of(&project, "Niger: ECOWAS Army Chiefs Agree"),
        rescheduled
    );
    // The postponement notice, whose background is the standby-force summit, follows the
    // meeting it reports.
    assert_eq!(
        story_of(&project, "Accra meeting of ECOWAS defence chiefs"),
        rescheduled
    );
    assert_eq!(
        story_of(&project, "West African army chiefs to meet in Ghana"),
        rescheduled
    );
    assert_ne!(story_of(&project, "Putin discusses Niger"), rescheduled);
    assert_ne!(
        story_of(&project, "ECOWAS orders standby force readied"),
        rescheduled
    );
    // Every article is in exactly one story.
    let stories = project.stories().expect("stories");
    let mut members: Vec<i64> = stories.iter().flat_map(|s| s.members.clone()).collect();
    let n = members.len();
    members.sort_unstable();
    members.dedup();
    assert_eq!(members.len(), n);
    assert_eq!(n, project.article_summaries().expect("list").len());
}

#[test]
fn story_edits_survive_re_analysis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = analysed_sample(&dir);
    let postponed = project
        .article_summaries()
        .expect("list")
        .into_iter()
        .find(|a| {
            a.title
                .starts_with("Accra meeting of ECOWAS defence chiefs")
        })
        .expect("postponement report")
        .id;
    let accra = story_of(&project, "Niger crisis: ECOWAS defence chiefs now to meet");
    // The analyst keeps the postponement apart, and moves the call report into the meeting's
    // story (it reports both).
    project
        .add_story_edit(&StoryEdit::Split {
            story_key: accra.clone(),
            articles: vec![postponed.0],
        })
        .expect("split");
    let putin = project
        .article_summaries()
        .expect("list")
        .into_iter()
        .find(|a| a.title.starts_with("Putin discusses Niger"))
        .expect("call report")
        .id;
    let accra = story_of(&project, "Niger crisis: ECOWAS defence chiefs now to meet");
    project
        .add_story_edit(&StoryEdit::Move {
            article: putin.0,
            to_story_key: accra.clone(),
        })
        .expect("move");
    let accra = story_of(&project, "Niger crisis: ECOWAS defence chiefs now to meet");
    project
        .add_story_edit(&StoryEdit::Rename {
            story_key: accra,
            name: "Accra meeting".into(),
        })
        .expect("rename");
    let never = AtomicBool::new(false);
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("re-analyze");
    let stories = project.stories().expect("stories");
    let accra = stories
        .iter()
        .find(|s| s.name == "Accra meeting")
        .expect("renamed story");
    assert!(!accra.members.contains(&postponed.0), "{accra:?}");
    assert!(accra.members.contains(&putin.0), "{accra:?}");
    assert_ne!(
        story_of(&project, "Accra meeting of ECOWAS defence chiefs"),
        accra.key
    );
}

/// `analyze` groups the project's stories from the term counts stored with each article's
/// summary, a batch at a time; `stories::cluster` over every input at once, counting the terms
/// of the texts, finds the same stories, names and key terms.
#[test]
fn stories_read_a_batch_at_a_time_are_those_of_the_whole_collection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = analysed_sample(&dir);
    let articles = project.articles().expect("articles");
    let inputs = jobs::story_inputs(&project, &articles).expect("inputs");
    let stored = project.machine_stories().expect("stories");
    assert!(
        stored.len() > 3 && stored.len() < articles.len(),
        "{stored:?}"
    );
    assert_eq!(stored, dossier::analysis::stories::cluster(&inputs));
}
