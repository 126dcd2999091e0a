//! The workspace is the boundary: where server commands may write.
//!
//! "Add exception" and "Define term" edit the team glossary and the config file, and which
//! files those are comes from a `.glossary-lsp.toml` — text anyone can put in a repository. So
//! before any edit (through the editor or on disk), each target must pass [`check_target`]:
//!
//! - it lies inside one of the workspace folders, after `..` and symbolic links are resolved
//!   (a link inside the workspace to a file outside is outside);
//! - it is what the command means to edit: the config file is named `.glossary-lsp.toml`, a
//!   glossary ends in `.toml` and is listed by the configuration (or is the team glossary the
//!   command creates);
//! - if it exists it is a regular file (not a folder, FIFO or device).
//!
//! Nothing outside the workspace is ever created: no folder, no file. (The server has no
//! per-user configuration file, so there is no other place it may write.)

use std::path::{Component, Path, PathBuf};

/// What a target file is to the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The `.glossary-lsp.toml` configuration file.
    Config,
    /// A glossary the configuration loads (or is about to).
    Glossary,
}

/// `path` with `.` and `..` resolved without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// `path` with symbolic links resolved as far as it exists (the rest appended as written).
fn resolved(path: &Path) -> PathBuf {
    let path = lexical(path);
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return lexical(&out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// Whether `path` may be written as a `role` file by a command run in a workspace with
/// `folders`; otherwise why not (a message for the user).
pub fn check_target(path: &Path, role: Role, folders: &[PathBuf]) -> Result<(), String> {
    let shown = path.display();
    if !path.is_absolute() {
        return Err(format!("{shown} is not an absolute path"));
    }
    let real = resolved(path);
    let inside = folders.iter().any(|f| real.starts_with(resolved(f)));
    if !inside {
        return Err(format!(
            "{shown} is outside the workspace folders; glossary-lsp edits only files inside them"
        ));
    }
    let name = real.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match role {
        Role::Config if name != glossary_lsp::config::CONFIG_FILE => {
            return Err(format!(
                "{shown} is not a {} file",
                glossary_lsp::config::CONFIG_FILE
            ))
        }
        Role::Glossary if !name.to_ascii_lowercase().ends_with(".toml") => {
            return Err(format!("{shown} is not a TOML glossary file"))
        }
        _ => {}
    }
    match std::fs::symlink_metadata(&real) {
        Ok(m) if !m.is_file() => Err(format!("{shown} is not a regular file")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_outside_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let ws = root.join("ws");
        std::fs::create_dir(&ws).unwrap();
        let folders = [ws.clone()];
        let ok = |p: &Path, r| check_target(p, r, &folders);
        assert!(ok(&ws.join("team.toml"), Role::Glossary).is_ok());
        assert!(ok(&ws.join("new/dir/team.toml"), Role::Glossary).is_ok());
        assert!(ok(&ws.join(".glossary-lsp.toml"), Role::Config).is_ok());
        assert!(ok(&ws.join("../outside.toml"), Role::Glossary).is_err());
        assert!(ok(&root.join("outside.toml"), Role::Glossary).is_err());
        assert!(ok(&ws.join("notes.md"), Role::Glossary).is_err());
        assert!(ok(&ws.join("other.toml"), Role::Config).is_err());
        std::fs::create_dir(ws.join("d.toml")).unwrap();
        assert!(ok(&ws.join("d.toml"), Role::Glossary).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&root, ws.join("up")).unwrap();
            assert!(ok(&ws.join("up/evil.toml"), Role::Glossary).is_err());
            std::fs::write(root.join("real.toml"), "").unwrap();
            std::os::unix::fs::symlink(root.join("real.toml"), ws.join("link.toml")).unwrap();
            assert!(ok(&ws.join("link.toml"), Role::Glossary).is_err());
        }
    }
}
