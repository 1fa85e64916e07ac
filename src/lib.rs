//! Dossier: a desktop workbench for analysts who follow a story through many news articles.
//!
//! The library holds everything but the window: domain types, import, the project file,
//! analysis passes, exports and the jobs that tie them together. `src/main.rs` is the command
//! line; `app` is the eframe GUI.

pub mod actors;
pub mod analysis;
pub mod app;
pub mod bench;
pub mod coverage;
pub mod export;
pub mod fasthash;
pub mod ingest;
pub mod jobs;
pub mod model;
pub mod sanctions;
pub mod store;
pub mod term;
