//! The sample list `sample-sanctions.csv`: it imports cleanly and screening the sample
//! project's actors gives the intended hits and misses.

use dossier::sanctions::{ImportOptions, Kind, ListFormat, Screener, import};

#[test]
fn sample_list_imports_and_screens_the_sample_actors() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/sample-sanctions.csv"
    ))
    .expect("sample file");
    let imported = import(&bytes, "sample-sanctions.csv", &ImportOptions::default()).expect("list");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let list = imported.list;
    assert_eq!(list.format, ListFormat::SimpleCsv);
    assert_eq!(list.name, "sample-sanctions");
    assert!(
        (25..=30).contains(&list.entries.len()),
        "{}",
        list.entries.len()
    );
    assert!(list.entries.iter().all(|e| e.programs == ["SAMPLE"]));
    assert!(list.entries.iter().any(|e| e.kind == Kind::Vessel));
    let screener = Screener::new(&list.entries);
    let reference = |name: &str, kind: Option<Kind>| {
        let hits = screener.screen(name, kind, 0.85);
        for h in &hits {
            println!("{name} -> {} {:.2} {}", h.matched_name, h.score, h.reason);
        }
        hits.first()
            .map(|h| list.entries[h.entry].reference.clone())
    };
    assert_eq!(
        reference("Abdourahamane Tchiani", Some(Kind::Person)).as_deref(),
        Some("SAMPLE-001")
    );
    assert_eq!(
        reference("Assimi Goita", Some(Kind::Person)).as_deref(),
        Some("SAMPLE-003")
    );
    assert_eq!(reference("Wagner", None).as_deref(), Some("SAMPLE-004"));
    assert_eq!(
        reference("Yevgeny Prigozhin", Some(Kind::Person)).as_deref(),
        Some("SAMPLE-006")
    );
    assert_eq!(
        reference("Salifou Mody", Some(Kind::Person)).as_deref(),
        Some("SAMPLE-002")
    );
    assert_eq!(reference("Mohamed Bazoum", Some(Kind::Person)), None);
    assert_eq!(reference("Bazoum", Some(Kind::Person)), None);
    assert_eq!(reference("Bola Tinubu", Some(Kind::Person)), None);
    assert_eq!(reference("ECOWAS", Some(Kind::Organization)), None);
}
