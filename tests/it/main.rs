//! Integration tests, compiled into one binary: import formats, the project file, the command
//! line and the GUI (egui_kittest).

mod actors;
mod cli;
mod decisions;
mod ingest;
mod layering;
mod quotes;
mod records;
mod store;
mod timeline;
mod ui;
