//! The pure library modules never reach for the GUI (and the passes, sanctions lists and
//! briefing renderers never for the database):
//! a grep over their sources keeps STYLE.md's layering true.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn offenders(module: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(module);
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(!files.is_empty(), "no sources under src/{module}");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        for word in forbidden {
            if text.contains(&format!("{word}::")) || text.contains(&format!("use {word}")) {
                found.push(format!("{} uses {word}", file.display()));
            }
        }
    }
    found
}

#[test]
fn analysis_ingest_and_store_do_not_use_the_gui() {
    let gui = ["egui", "eframe", "rfd", "egui_extras"];
    for module in ["analysis", "ingest", "store", "sanctions", "export"] {
        assert_eq!(offenders(module, &gui), Vec::<String>::new());
    }
}

#[test]
fn passes_and_ingest_do_not_touch_the_database() {
    for module in ["analysis", "ingest", "sanctions", "export/brief"] {
        assert_eq!(offenders(module, &["rusqlite"]), Vec::<String>::new());
    }
}
