//! Files outside the open documents: the built-in glossary's copy in the private cache folder
//! (where the rule pages go too, see `analysis::RuleLinks`) and the edits that add terms or
//! exceptions to the team glossary (the workspace's prose files are `workspace_files`).

use glossary_lsp::config::CONFIG_FILE;
use glossary_lsp::glossary::BUILTIN_TEXT;
use glossary_lsp::ide::{self, TextEdit};
use std::path::{Path, PathBuf};

/// Writes the built-in glossary to `$XDG_CACHE_HOME/glossary-lsp/partner-program.toml` (or
/// `~/.cache/…`) once, so "go to definition" has a file to open; returns its path. Without
/// either variable the copy goes to a private per-user folder under the temp dir (see
/// [`builtin_copy_in`]).
pub fn builtin_copy() -> Option<PathBuf> {
    builtin_copy_in(cache_home().as_deref(), &std::env::temp_dir())
}

/// The server's private per-user folder (created if needed): `$XDG_CACHE_HOME/glossary-lsp`
/// or `~/.cache/glossary-lsp`, else `glossary-lsp-<uid>` under the temp dir (see
/// [`builtin_copy_in`]). The built-in glossary's copy and the rule pages live there.
pub fn private_folder() -> Option<PathBuf> {
    folder_in(cache_home().as_deref(), &std::env::temp_dir())
}

/// `$XDG_CACHE_HOME`, else `~/.cache` (absolute paths only).
fn cache_home() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|h| h.is_absolute())
                .map(|h| h.join(".cache"))
        })
}

/// [`builtin_copy`] with the cache folder (`None`: none set) and the temp dir given.
///
/// In the user's cache folder the `glossary-lsp` folder is created as needed. In the shared
/// temp dir the folder is `glossary-lsp-<uid>`, created with mode 0700 and used only if it is a
/// real folder (not a symlink) owned by this user and closed to others: anyone could have made
/// it first. Either way the file is written to a new temporary file (`O_EXCL`, mode 0600) and
/// renamed into place, so a symlink planted at its name is replaced, never followed.
pub fn builtin_copy_in(cache: Option<&Path>, temp: &Path) -> Option<PathBuf> {
    use std::io::Write;
    let dir = folder_in(cache, temp)?;
    let path = dir.join("partner-program.toml");
    let current = std::fs::symlink_metadata(&path)
        .ok()
        .filter(|m| m.file_type().is_file())
        .and_then(|_| {
            glossary_lsp::fsio::read_regular(&path, glossary_lsp::fsio::DEFAULT_MAX_GLOSSARY).ok()
        });
    if current.as_deref() != Some(BUILTIN_TEXT.as_bytes()) {
        let mut tmp = tempfile::Builder::new()
            .prefix(".partner-program")
            .tempfile_in(&dir)
            .ok()?;
        tmp.write_all(BUILTIN_TEXT.as_bytes()).ok()?;
        tmp.persist(&path).ok()?;
    }
    Some(path)
}

/// The private folder in `cache` (created as needed), else in `temp` (see [`private_dir`]).
fn folder_in(cache: Option<&Path>, temp: &Path) -> Option<PathBuf> {
    match cache {
        Some(c) => {
            let dir = c.join("glossary-lsp");
            std::fs::create_dir_all(&dir).ok()?;
            Some(dir)
        }
        None => private_dir(temp),
    }
}

/// `temp/glossary-lsp-<uid>`: created 0700, or accepted only if it is a real folder of this
/// user's that no one else can enter.
fn private_dir(temp: &Path) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, MetadataExt};
        // SAFETY: geteuid cannot fail.
        let uid = unsafe { libc::geteuid() };
        let dir = temp.join(format!("glossary-lsp-{uid}"));
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) => return None,
        }
        let meta = std::fs::symlink_metadata(&dir).ok()?;
        let private = meta.file_type().is_dir() && meta.uid() == uid && meta.mode() & 0o077 == 0;
        private.then_some(dir)
    }
    #[cfg(not(unix))]
    {
        let dir = temp.join("glossary-lsp");
        std::fs::create_dir_all(&dir).ok()?;
        Some(dir)
    }
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

    #[cfg(unix)]
    #[test]
    fn builtin_copy_without_home_goes_to_a_private_folder() {
        use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
        let temp = tempfile::tempdir().unwrap();
        let uid = unsafe { libc::geteuid() };
        let dir = temp.path().join(format!("glossary-lsp-{uid}"));
        // Someone else planted the folder as a symlink to theirs: not used, nothing written.
        let theirs = temp.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        symlink(&theirs, &dir).unwrap();
        assert_eq!(builtin_copy_in(None, temp.path()), None);
        assert_eq!(std::fs::read_dir(&theirs).unwrap().count(), 0);
        std::fs::remove_file(&dir).unwrap();
        // A folder open to others: not used either.
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        assert_eq!(builtin_copy_in(None, temp.path()), None);
        std::fs::remove_dir(&dir).unwrap();
        // Made fresh: mode 0700, the copy inside it.
        let path = builtin_copy_in(None, temp.path()).unwrap();
        assert_eq!(path, dir.join("partner-program.toml"));
        assert_eq!(std::fs::metadata(&dir).unwrap().mode() & 0o777, 0o700);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), BUILTIN_TEXT);
        // A symlink planted at the file's name is replaced, not followed.
        let victim = temp.path().join("victim");
        std::fs::write(&victim, "keep me").unwrap();
        std::fs::remove_file(&path).unwrap();
        symlink(&victim, &path).unwrap();
        assert_eq!(builtin_copy_in(None, temp.path()).unwrap(), path);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(std::fs::symlink_metadata(&path).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), BUILTIN_TEXT);
    }

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
