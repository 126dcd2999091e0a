//! Files outside the open documents: the built-in glossary's copy in the cache folder, the
//! workspace scan for references, and the edits that add terms or exceptions to the team
//! glossary.

use glossary_lsp::config::CONFIG_FILE;
use glossary_lsp::glossary::BUILTIN_TEXT;
use glossary_lsp::ide::{self, TextEdit};
use std::path::{Path, PathBuf};

/// Writes the built-in glossary to `$XDG_CACHE_HOME/glossary-lsp/partner-program.toml` (or
/// `~/.cache/…`) once, so "go to definition" has a file to open; returns its path.
pub fn builtin_copy() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let path = base.join("glossary-lsp").join("partner-program.toml");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(BUILTIN_TEXT) {
        std::fs::create_dir_all(path.parent()?).ok()?;
        let tmp = path.with_extension(format!("toml.{}", std::process::id()));
        std::fs::write(&tmp, BUILTIN_TEXT).ok()?;
        std::fs::rename(&tmp, &path).ok()?;
    }
    Some(path)
}

/// The workspace's Markdown and text files (`.gitignore` honoured).
pub fn prose_files(root: &Path) -> Vec<PathBuf> {
    ignore::WalkBuilder::new(root)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| {
            matches!(
                p.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("md" | "markdown" | "txt")
            )
        })
        .collect()
}

/// One file change for the team glossary or the config file.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// The file.
    pub path: PathBuf,
    /// Whether it must be created first.
    pub create: bool,
    /// Its text before the edit ("" when created).
    pub before: String,
    /// The edit.
    pub edit: TextEdit,
}

impl FileChange {
    /// The text after the edit.
    pub fn after(&self) -> String {
        let mut t = self.before.clone();
        t.replace_range(self.edit.range.clone(), &self.edit.text);
        t
    }
}

/// What to add to the team glossary.
pub enum Addition<'a> {
    /// A skeleton entry for an acronym.
    Term(&'a str),
    /// An exception phrase.
    Exception(&'a str),
}

/// The changes that add `what` to the team glossary: `glossaries[0]`, or a new
/// `team-glossary.toml` in `root` listed in the root's `.glossary-lsp.toml` (created if
/// needed). `read` gives a file's current text (an open editor buffer or the disk).
pub fn team_changes(
    root: &Path,
    glossaries: &[PathBuf],
    config_path: Option<&Path>,
    what: Addition,
    read: &dyn Fn(&Path) -> Option<String>,
) -> Vec<FileChange> {
    let mut changes = Vec::new();
    let team = match glossaries.first() {
        Some(p) => p.clone(),
        None => {
            let team = root.join("team-glossary.toml");
            let config = config_path
                .map(Path::to_path_buf)
                .unwrap_or_else(|| root.join(CONFIG_FILE));
            let before = read(&config);
            let rel = team
                .strip_prefix(config.parent().unwrap_or(root))
                .unwrap_or(&team)
                .to_string_lossy()
                .replace('\\', "/");
            let create = before.is_none();
            let before = before.unwrap_or_default();
            if let Some(edit) = ide::add_to_toml_array(&before, "glossaries", &rel) {
                changes.push(FileChange {
                    path: config,
                    create,
                    before,
                    edit,
                });
            }
            team
        }
    };
    let before = read(&team);
    let create = before.is_none();
    let before = before.unwrap_or_default();
    let edit = match what {
        Addition::Term(acronym) => {
            let mut text = ide::skeleton_entry(acronym);
            if create {
                text = format!("# Team glossary (format: see glossary-lsp's glossary/README.md)\nschema = 1\n{text}");
            } else if !before.is_empty() && !before.ends_with('\n') {
                text.insert(0, '\n');
            }
            Some(TextEdit {
                range: before.len()..before.len(),
                text,
            })
        }
        Addition::Exception(phrase) => ide::add_to_toml_array(&before, "exceptions", phrase),
    };
    if let Some(edit) = edit {
        changes.push(FileChange {
            path: team,
            create,
            before,
            edit,
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use glossary_lsp::glossary::{load, GlossarySource};

    #[test]
    fn new_team_glossary_and_config() {
        let root = Path::new("/w");
        let changes = team_changes(root, &[], None, Addition::Term("ABC"), &|_| None);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].path, root.join(CONFIG_FILE));
        assert_eq!(
            changes[0].after(),
            "glossaries = [\"team-glossary.toml\"]\n"
        );
        let team = changes[1].after();
        assert!(load(&[
            GlossarySource::Builtin,
            GlossarySource::Text {
                name: "t".into(),
                text: team
            }
        ])
        .is_ok());
        let changes = team_changes(
            root,
            &[root.join("g.toml")],
            None,
            Addition::Exception("Contoso Reseller Program"),
            &|_| Some("schema = 1\n\n[[entry]]\n".into()),
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].after(),
            "schema = 1\n\nexceptions = [\"Contoso Reseller Program\"]\n\n[[entry]]\n"
        );
    }
}
