//! Recently opened projects, kept in the user's config folder, and the choice of what the bare
//! `dossier` command opens: the last project, else the sample collection.

use super::StartWith;
use std::path::{Path, PathBuf};

/// How many projects the Open Recent menu keeps.
const MAX_RECENT: usize = 10;

/// The list of recent projects and where it is saved (nowhere in tests).
#[derive(Clone, Debug, Default)]
pub struct Recent {
    file: Option<PathBuf>,
    pub paths: Vec<PathBuf>,
}

impl Recent {
    /// The user's list, read from `$XDG_CONFIG_HOME/dossier/recent.json`.
    pub fn load_user() -> Recent {
        let file = dirs::config_dir().map(|d| d.join("dossier").join("recent.json"));
        Recent::load(file)
    }

    /// A list that is never saved (tests).
    pub fn in_memory() -> Recent {
        Recent::default()
    }

    fn load(file: Option<PathBuf>) -> Recent {
        let paths = file
            .as_deref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|bytes| serde_json::from_slice::<Vec<PathBuf>>(&bytes).ok())
            .unwrap_or_default();
        Recent { file, paths }
    }

    /// Puts `path` first and saves the list. A list that cannot be saved is not worth an error.
    pub fn push(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.paths.retain(|p| p != &path);
        self.paths.insert(0, path);
        self.paths.truncate(MAX_RECENT);
        if let Some(file) = &self.file
            && let Ok(json) = serde_json::to_vec_pretty(&self.paths)
        {
            if let Some(dir) = file.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = crate::export::write_atomic(file, &json);
        }
    }
}

/// The sample collection shipped in the repository.
pub fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("projects")
        .join("niger-2023")
}

/// The sample's project file, created on first run (git-ignored).
pub fn sample_project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("projects")
        .join("niger-2023.dossier")
}

/// What a bare `dossier` opens: the most recent project that still exists, else the sample.
pub fn startup_project() -> StartWith {
    match Recent::load_user().paths.into_iter().find(|p| p.is_file()) {
        Some(path) => StartWith::Project(path),
        None => StartWith::Sample,
    }
}
