//! The actor registry on the sample collection: key actors, their aliases and types, and the
//! analyst's edits kept across a re-run of the pass.

use dossier::actors::Edit;
use dossier::analysis::entities::EntityKind;
use dossier::jobs;
use dossier::store::Project;
use std::sync::atomic::AtomicBool;

fn analysed(dir: &std::path::Path) -> Project {
    crate::fixtures::analysed_sample(&dir.join("a.dossier"))
}

#[test]
fn key_actors_of_the_sample_and_their_aliases() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = analysed(dir.path());
    let actors = project.actors().expect("actors");
    // An actor by its name, else by one of its aliases.
    let actor = |name: &str| {
        actors
            .find(name)
            .map(|i| &actors.actors[i])
            .or_else(|| {
                actors
                    .actors
                    .iter()
                    .find(|a| a.aliases.iter().any(|s| s == name))
            })
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    let putin = actor("Vladimir Putin");
    assert_eq!(putin.kind, EntityKind::Person);
    assert!(
        putin.aliases.iter().any(|a| a == "Putin"),
        "{:?}",
        putin.aliases
    );
    assert!(putin.articles.len() >= 2);
    let goita = actor("Assimi Goita");
    assert!(
        goita.aliases.iter().any(|a| a == "Goita"),
        "{:?}",
        goita.aliases
    );
    for (name, kind) in [
        ("Niger", EntityKind::Loc),
        ("Accra", EntityKind::Loc),
        ("AFP", EntityKind::Org),
        ("Yevgeny Prigozhin", EntityKind::Person),
    ] {
        assert_eq!(actor(name).kind, kind, "{name}");
    }
    // Spelling variants across outlets are one actor: Tchiani and Tiani.
    let tchiani = actor("Tchiani");
    assert!(
        tchiani.aliases.iter().any(|a| a.contains("Tiani")),
        "{}: {:?}",
        tchiani.name,
        tchiani.aliases
    );
    // An acronym and its expansion are one actor.
    let ecowas = actor("ECOWAS");
    assert!(
        ecowas
            .aliases
            .iter()
            .any(|a| a.contains("Economic Community of West African States")),
        "{:?}",
        ecowas.aliases
    );
    // No weekday or month becomes an actor.
    for word in ["Tuesday", "Saturday", "August", "July"] {
        assert!(actors.find(word).is_none(), "{word} is not an actor");
    }
}

#[test]
fn edits_are_kept_when_the_pass_runs_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = analysed(dir.path());
    project
        .add_actor_edit(&Edit::Rename {
            from: "AFP".into(),
            to: "Agence France-Presse".into(),
        })
        .expect("rename");
    project
        .add_actor_edit(&Edit::SetType {
            name: "Accra".into(),
            kind: EntityKind::Org,
        })
        .expect("set type");
    jobs::analyze(&mut project, &mut |_| {}, &AtomicBool::new(false)).expect("re-analyze");
    let actors = project.actors().expect("actors");
    assert!(actors.find("AFP").is_none());
    let afp = &actors.actors[actors.find("Agence France-Presse").expect("renamed")];
    assert!(afp.aliases.iter().any(|a| a == "AFP"));
    let accra = &actors.actors[actors.find("Accra").expect("accra")];
    assert_eq!(accra.kind, EntityKind::Org);

    // Undo takes the newest edit back.
    assert_eq!(
        project.undo_label().expect("label").as_deref(),
        Some("set Accra to ORG")
    );
    let undone = project.undo().expect("undo").expect("an edit to undo");
    assert_eq!(undone.label, "set Accra to ORG");
    let actors = project.actors().expect("actors");
    assert_eq!(
        actors.actors[actors.find("Accra").expect("accra")].kind,
        EntityKind::Loc
    );
    assert!(actors.find("Agence France-Presse").is_some());

    // The records follow the analyst: the renamed actor carries the new name.
    let records = jobs::records(&project).expect("records");
    let named = records
        .iter()
        .flat_map(|r| &r.entities)
        .any(|e| e.name == "Agence France-Presse");
    assert!(named);
}

#[test]
fn the_projects_own_gazetteer_teaches_the_pass_a_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::write(
        input.join("note.txt"),
        "Talks resume\n\nDelegates of Zarmaganda met in Niamey on Tuesday. \
         Zarmaganda said it would meet again.\n",
    )
    .expect("write");
    let mut project = Project::create_or_open(&dir.path().join("g.dossier")).expect("create");
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &[input], &mut |_| {}, &never).expect("import");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    let before = project.actors().expect("actors");
    let guessed = before.find("Zarmaganda").map(|i| before.actors[i].kind);
    assert_ne!(
        guessed,
        Some(EntityKind::Org),
        "the test needs a name the pass mistypes"
    );

    project
        .put_user_entry(&dossier::analysis::gazetteer::UserEntry {
            kind: EntityKind::Org,
            name: "Zarmaganda".into(),
            aliases: vec![],
        })
        .expect("entry");
    assert_eq!(project.user_entries().expect("entries").len(), 1);
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze again");
    let actors = project.actors().expect("actors");
    let forum = &actors.actors[actors.find("Zarmaganda").expect("found with the entry")];
    assert_eq!(
        forum.kind,
        EntityKind::Org,
        "the pass had guessed {guessed:?}"
    );
}
