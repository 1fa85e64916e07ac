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
