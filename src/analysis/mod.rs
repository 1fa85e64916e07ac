//! Analysis passes: pure functions from an article's text to typed spans with byte ranges.
//! Nothing here draws, stores or reads files; the GUI, the CLI and the tests call the same code.

pub mod attribution;
pub mod compare;
pub mod decisions;
pub mod entities;
pub mod gazetteer;
pub mod registry;
pub mod similar;
pub mod stories;
pub mod text;
pub mod timeline;

/// Loads what the passes read on first use — the gazetteer, the word lists and the compiled
/// patterns — by running every per-article pass over a short text. A caller with other work
/// to do first can have this done on another thread meanwhile (the one-shot `analyze` does it
/// while importing); the passes' results never depend on it.
pub fn warm_up() {
    const TEXT: &str = "Niger Talks Resume\n\nNIAMEY, July 30 (Reuters) - West African \
        leaders on Sunday imposed sanctions on Niger's junta and gave it a week to restore \
        President Mohamed Bazoum, ECOWAS said in a statement. \"We will not accept it,\" said \
        Bola Tinubu, who chairs the bloc, a day after the coup.";
    let gazetteer = gazetteer::Gazetteer::builtin();
    let found = entities::extract(TEXT, gazetteer);
    let date = timeline::document_date(TEXT, None);
    let timexes = timeline::extract(TEXT, date.date);
    timeline::events(TEXT, &timexes, &found);
    timeline::guess_date(TEXT, None);
    let quotes = attribution::extract(TEXT, &found);
    attribution::record(TEXT, &quotes, &found);
    decisions::extract(TEXT, &found, &timexes);
}
