//! Stories on the sample collection: the reports of the Accra meeting of the defence chiefs
//! (postponed, rescheduled, held, its outcome) are grouped together, apart from other events,
//! and the analyst's story edits survive re-analysis; articles imported later join the stories
//! they report, which stay put, until the collection grows past the bound that groups it
//! again.

use dossier::analysis::stories::StoryEdit;
use dossier::app::recent::sample_dir;
use dossier::jobs;
use dossier::store::Project;
use std::path::{Path, PathBuf};
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

/// The sample collection split in two folders: `later` holds the files whose names start
/// with one of `later_names`, `first` the rest.
fn split_sample(dir: &std::path::Path, later_names: &[&str]) -> (PathBuf, PathBuf) {
    let (first, later) = (dir.join("first"), dir.join("later"));
    std::fs::create_dir_all(&first).expect("first");
    std::fs::create_dir_all(&later).expect("later");
    for entry in std::fs::read_dir(sample_dir()).expect("sample") {
        let file = entry.expect("entry").path();
        let name = file.file_name().and_then(|n| n.to_str()).expect("name");
        let into = if later_names.iter().any(|l| name.starts_with(l)) {
            &later
        } else {
            &first
        };
        std::fs::copy(&file, into.join(name)).expect("copy");
    }
    (first, later)
}

fn import(project: &mut Project, folder: &std::path::Path) {
    let report = jobs::import(
        project,
        &[folder.to_path_buf()],
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .expect("import");
    assert!(report.imported > 0, "{report}");
}

fn analyze(project: &mut Project) {
    let report = jobs::analyze(project, &mut |_| {}, &AtomicBool::new(false)).expect("analyze");
    assert!(!report.cancelled);
}

/// Articles the last full grouping read, as the stored snapshot says.
fn grouped(project: &Project) -> usize {
    project
        .story_snapshot()
        .expect("snapshot")
        .expect("a snapshot")
        .1
}

/// Two reports of the Accra meeting's outcome imported after the rest (under 20% more): they
/// join the meeting's story, which keeps its key, row and name, as every other story does;
/// nothing else is grouped again.
#[test]
fn new_reports_join_the_stories_they_report_and_stories_stay_put() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, later) = split_sample(dir.path(), &["011_", "012_"]);
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    import(&mut project, &first);
    analyze(&mut project);
    let before = project.machine_stories().expect("stories");
    let rows_before = project.story_profiles().expect("profiles");
    let n = project.article_summaries().expect("list").len();
    assert_eq!(grouped(&project), n);
    import(&mut project, &later);
    analyze(&mut project);
    assert_eq!(grouped(&project), n, "no full grouping ran");
    let after = project.machine_stories().expect("stories");
    for story in &before {
        let kept = after
            .iter()
            .find(|s| s.key == story.key)
            .unwrap_or_else(|| panic!("{story:?} is gone: {after:#?}"));
        assert_eq!(kept.name, story.name);
        assert!(story.members.iter().all(|m| kept.members.contains(m)));
    }
    let rows_after = project.story_profiles().expect("profiles");
    assert!(
        rows_before
            .iter()
            .all(|(id, _)| rows_after.iter().any(|(a, _)| a == id))
    );
    let accra = story_of(&project, "Niger crisis: ECOWAS defence chiefs now to meet");
    assert_eq!(story_of(&project, "Niger: ECOWAS Army Chiefs Agree"), accra);
    // every article is in one story
    let mut members: Vec<i64> = after.iter().flat_map(|s| s.members.clone()).collect();
    members.sort_unstable();
    members.dedup();
    assert_eq!(members.len(), n + 2);
}

/// More than 20% more articles: every article is grouped again, to the stories a first
/// analysis of all of them finds.
#[test]
fn growth_past_the_bound_groups_everything_as_a_first_analysis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, later) = split_sample(dir.path(), &["009_", "010_", "011_", "012_"]);
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    import(&mut project, &first);
    analyze(&mut project);
    let n = project.article_summaries().expect("list").len();
    assert_eq!(grouped(&project), n);
    import(&mut project, &later);
    analyze(&mut project);
    assert_eq!(grouped(&project), n + 4);

    // the same imports (so the same article ids), analysed once
    let mut once = Project::create_or_open(&dir.path().join("once.dossier")).expect("create");
    import(&mut once, &first);
    import(&mut once, &later);
    analyze(&mut once);
    assert_eq!(
        project.machine_stories().expect("stories"),
        once.machine_stories().expect("stories")
    );
}

/// A project whose stories were grouped without a snapshot (as a v5 project upgraded) is
/// grouped in full at its next analyze, even with nothing new.
#[test]
fn stories_without_a_snapshot_are_grouped_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = analysed_sample(&dir);
    let expected = project.machine_stories().expect("stories");
    let one: Vec<_> = expected
        .iter()
        .map(|s| dossier::model::Story {
            members: s.members.clone(),
            name: "old".into(),
            ..s.clone()
        })
        .collect();
    project
        .replace_stories(&one)
        .expect("stories as v5 left them");
    assert!(project.story_snapshot().expect("snapshot").is_none());
    analyze(&mut project);
    assert_eq!(project.machine_stories().expect("stories"), expected);
    assert!(project.story_snapshot().expect("snapshot").is_some());
}

/// The analyst's edits made before an incremental run apply after it, to the stories it
/// followed.
#[test]
fn story_edits_apply_after_new_articles_are_placed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, later) = split_sample(dir.path(), &["011_", "012_"]);
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    import(&mut project, &first);
    analyze(&mut project);
    let n = project.article_summaries().expect("list").len();
    let accra = story_of(&project, "Niger crisis: ECOWAS defence chiefs now to meet");
    project
        .add_story_edit(&StoryEdit::Rename {
            story_key: accra,
            name: "Accra meeting".into(),
        })
        .expect("rename");
    let putin = story_of(&project, "Putin discusses Niger");
    let call = project
        .stories()
        .expect("stories")
        .into_iter()
        .find(|s| s.key == putin)
        .expect("call story");
    let accra = story_of(&project, "Niger crisis: ECOWAS defence chiefs now to meet");
    project
        .add_story_edit(&StoryEdit::Move {
            article: call.members[0],
            to_story_key: accra,
        })
        .expect("move");
    import(&mut project, &later);
    analyze(&mut project);
    assert_eq!(grouped(&project), n, "no full grouping ran");
    let stories = project.stories().expect("stories");
    let renamed = stories
        .iter()
        .find(|s| s.name == "Accra meeting")
        .expect("renamed story");
    assert!(renamed.members.contains(&call.members[0]), "{renamed:?}");
    let agreed = story_of(&project, "Niger: ECOWAS Army Chiefs Agree");
    assert_eq!(agreed, renamed.key);
}

/// An article that a story holds, corrected by the analyst (its inputs digest changes), makes
/// the next run group every article again, new ones included.
#[test]
fn a_changed_member_groups_everything_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, later) = split_sample(dir.path(), &["011_"]);
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    import(&mut project, &first);
    analyze(&mut project);
    let n = project.article_summaries().expect("list").len();
    let member = project.article_summaries().expect("list")[3].id;
    project
        .set_article_date(member, Some("2023-09-01".parse().expect("date")))
        .expect("correct a member's date");
    import(&mut project, &later);
    analyze(&mut project);
    assert_eq!(grouped(&project), n + 1);
}

/// `dossier analyze --regroup` groups every article again, and merges the whole timeline
/// again, where a plain analyze after one new article places it in the stored stories and
/// merges its reports onto the stored timeline.
#[test]
fn analyze_regroup_groups_every_article_and_merges_the_whole_timeline_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, later) = split_sample(dir.path(), &["012_"]);
    let path = dir.path().join("p.dossier");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .env("XDG_CACHE_HOME", crate::fixtures::cli_cache_home())
            .output()
            .expect("run dossier");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let (analyze_arg, import_arg) = (
        std::ffi::OsStr::new("analyze"),
        std::ffi::OsStr::new("import"),
    );
    run(&[import_arg, path.as_os_str(), first.as_os_str()]);
    run(&[analyze_arg, path.as_os_str()]);
    let whole = |path: &Path| {
        Project::open(path)
            .expect("open")
            .timeline_whole()
            .expect("note")
    };
    let n = grouped(&Project::open(&path).expect("open"));
    let merged = whole(&path);
    assert!(
        merged.is_some(),
        "a first analysis merges the whole timeline"
    );
    run(&[import_arg, path.as_os_str(), later.as_os_str()]);
    run(&[analyze_arg, path.as_os_str()]);
    assert_eq!(grouped(&Project::open(&path).expect("open")), n, "placed");
    assert_eq!(whole(&path), merged, "merged onto the stored timeline");
    run(&[
        analyze_arg,
        path.as_os_str(),
        std::ffi::OsStr::new("--regroup"),
    ]);
    assert_eq!(
        grouped(&Project::open(&path).expect("open")),
        n + 1,
        "regrouped"
    );
    let again = whole(&path);
    assert!(
        again.is_some() && again != merged,
        "merged whole: {again:?}"
    );
}
