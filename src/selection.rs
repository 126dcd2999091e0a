//! Which files of a folder are checked: the one selection behind `glossary-lsp check FOLDER` and
//! the language server's workspace-wide features (workspace diagnostics, references, rename,
//! the use counts of glossary entries), so that the editor's Problems panel lists exactly the
//! files the command line checks.
//!
//! A folder is walked as ripgrep walks it (`ignore`: `.gitignore`, `.ignore` and hidden files
//! honoured). Each file found is kept when the `include` globs of the configuration that applies
//! to it match and its `exclude` globs do not ([`FileGlobs`]). Globs are matched against the path
//! relative to that configuration's folder when the file lies inside it, else relative to the
//! folder walked — so `check .` and `check docs` select the same files.
//!
//! Which configuration applies to a file is the caller's business (the CLI and the server each
//! keep their own cache of configurations and engines), given as a function to
//! [`walk_selected`].

use crate::config::Config;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// A configuration's `include` and `exclude` globs, compiled, and the folder they are relative
/// to.
#[derive(Debug, Clone)]
pub struct FileGlobs {
    include: GlobSet,
    exclude: GlobSet,
    /// The configuration file's folder (`None`: defaults, relative to the folder walked).
    base: Option<PathBuf>,
}

impl FileGlobs {
    /// The globs of `config`; an invalid glob is an error naming it.
    ///
    /// ```
    /// use glossary_lsp::{config::Config, selection::FileGlobs};
    /// let config = Config::parse("exclude = [\"drafts/**\"]\n", "/w/.glossary-lsp.toml".as_ref()).unwrap();
    /// let globs = FileGlobs::new(&config).unwrap();
    /// assert!(globs.selects("/w/docs/intro.mdx".as_ref(), "/w".as_ref()));
    /// assert!(!globs.selects("/w/drafts/intro.md".as_ref(), "/w".as_ref()));
    /// assert!(!globs.selects("/w/src/main.rs".as_ref(), "/w".as_ref()));
    /// ```
    pub fn new(config: &Config) -> Result<FileGlobs, String> {
        let build = |globs: &[String]| -> Result<GlobSet, String> {
            let mut b = GlobSetBuilder::new();
            for g in globs {
                b.add(Glob::new(g).map_err(|e| format!("invalid glob `{g}`: {e}"))?);
            }
            b.build().map_err(|e| e.to_string())
        };
        Ok(FileGlobs {
            include: build(&config.include)?,
            exclude: build(&config.exclude)?,
            base: config
                .path
                .as_deref()
                .and_then(Path::parent)
                .map(Path::to_path_buf),
        })
    }

    /// Whether the file at absolute path `file`, found walking the absolute folder `walked`,
    /// is selected.
    pub fn selects(&self, file: &Path, walked: &Path) -> bool {
        let base = self
            .base
            .as_deref()
            .filter(|b| file.starts_with(b))
            .unwrap_or(walked);
        let rel = file.strip_prefix(base).unwrap_or(file);
        self.include.is_match(rel) && !self.exclude.is_match(rel)
    }
}

/// A file [`walk_selected`] keeps.
#[derive(Debug, Clone)]
pub struct Selected<T> {
    /// The path as walked (the folder as given, joined with the path inside it).
    pub path: PathBuf,
    /// The absolute path (the folder made absolute, joined with the path inside it): what
    /// tells a file reached twice.
    pub absolute: PathBuf,
    /// What `setup_for` gave for it.
    pub setup: T,
}

/// The files under folder `root` that their configurations select, in the order the walk finds
/// them. `setup_for(file)` gives what the caller keeps per configuration for the file's
/// configuration (its engine, say), or `None` to leave the file out (the caller reports why);
/// `globs` reads the [`FileGlobs`] from it. A folder that cannot be read is an `Err` item with
/// a message naming it; the walk goes on.
pub fn walk_selected<'a, T: 'a>(
    root: &'a Path,
    mut setup_for: impl FnMut(&Path) -> Option<T> + 'a,
    globs: impl Fn(&T) -> &FileGlobs + 'a,
) -> impl Iterator<Item = Result<Selected<T>, String>> + 'a {
    let absolute_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    ignore::WalkBuilder::new(root)
        .build()
        .filter_map(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => return Some(Err(e.to_string())),
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return None;
            }
            let setup = setup_for(entry.path())?;
            let inside = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let absolute = absolute_root.join(inside);
            globs(&setup).selects(&absolute, &absolute_root).then(|| {
                Ok(Selected {
                    path: entry.into_path(),
                    absolute,
                    setup,
                })
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_configuration_selects_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "a.md",
            "b.mdx",
            "c.txt",
            "d.rs",
            "notes/e.markdown",
            "site/.glossary-lsp.toml",
            "site/f.md",
            "site/g.mdx",
            ".hidden/h.md",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        std::fs::write(
            root.join("site/.glossary-lsp.toml"),
            "include = [\"**/*.mdx\"]\n",
        )
        .unwrap();
        let configs = |file: &Path| -> Option<FileGlobs> {
            let c = match crate::config::find_config(file.parent()?) {
                Some(p) => Config::load(&p).ok()?,
                None => Config::default(),
            };
            FileGlobs::new(&c).ok()
        };
        let mut found: Vec<String> = walk_selected(root, configs, |g| g)
            .map(|s| {
                let s = s.unwrap();
                s.path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            ["a.md", "b.mdx", "c.txt", "notes/e.markdown", "site/g.mdx"]
        );
    }
}
