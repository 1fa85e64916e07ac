//! Integration tests, compiled into one binary: import formats, the project file, the command
//! line and the GUI (egui_kittest).

mod actors;
mod brief;
mod cli;
mod coverage;
mod decisions;
mod fixtures;
mod import;
mod incremental;
mod ingest;
mod layering;
mod quotes;
mod records;
mod sanctions;
mod screening;
mod store;
mod stories;
mod timeline;
mod ui;
mod undo;
