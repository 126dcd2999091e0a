//! The GitHub Action (`action.yml` + `scripts/action.sh`) and the pre-commit hooks
//! (`.pre-commit-hooks.yaml`), run here as far as a machine without GitHub allows:
//!
//! - the action's check step over a fixture docs repository: annotations in GitHub's format,
//!   the exit code, the SARIF file and the step output naming it;
//! - the action's install step downloading a release tarball (from a `file://` "release
//!   server" laid out like GitHub's) onto the path;
//! - `action.yml` runs that script, with the inputs the script reads;
//! - each pre-commit hook's `entry`, run the way pre-commit runs it: on the files its
//!   `types_or` select, the file names appended;
//! - the Mason package definition installs this version of the crate.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_glossary-lsp");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A docs repository: a Markdown guide and a text note with findings, an `.rst` file that the
/// hooks must leave alone, and a clean Markdown file.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("docs")).unwrap();
    fs::write(
        root.join("docs/guide.md"),
        "# Guide\n\nWe met a Value Added Reseller and a system integrator.\n",
    )
    .unwrap();
    fs::write(root.join("docs/clean.md"), "# Clean\n\nNothing to see.\n").unwrap();
    fs::write(
        root.join("docs/page.mdx"),
        "import Note from './note';\n\n<Note title=\"Value Added Reseller\">Nothing to see.</Note>\n",
    )
    .unwrap();
    fs::write(root.join("notes.txt"), "Our MSP team.\n").unwrap();
    fs::write(
        root.join("README.rst"),
        "We work with a Value Added Reseller.\n",
    )
    .unwrap();
    dir
}

/// A folder holding `glossary-lsp` (this build), to put first on PATH.
fn bin_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(BIN, dir.path().join("glossary-lsp")).unwrap();
    dir
}

fn path_with(dir: &Path) -> String {
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn action(step: &str, cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.arg(repo().join("scripts/action.sh"))
        .arg(step)
        .current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("running scripts/action.sh")
}

#[test]
fn action_check_annotates_fails_and_writes_sarif() {
    let docs = fixture();
    let bins = bin_dir();
    let output_file = docs.path().join("github-output");
    let path = path_with(bins.path());
    let out = action(
        "check",
        docs.path(),
        &[
            ("PATH", &path),
            ("GITHUB_OUTPUT", output_file.to_str().unwrap()),
            ("GLOSSARY_LSP_PATHS", "docs notes.txt"),
            ("GLOSSARY_LSP_SARIF", "true"),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stdout.contains("::warning file=docs/guide.md,line=3,col=10,")
            && stdout.contains("::notice file=notes.txt,line=1,col=5,"),
        "{}",
        text(&out)
    );
    assert!(!stdout.contains("README.rst"), "{}", text(&out));
    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(docs.path().join("glossary-lsp.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 3);
    let outputs = fs::read_to_string(&output_file).unwrap();
    assert!(
        outputs.contains("sarif-file=glossary-lsp.sarif"),
        "{outputs}"
    );
    // fail-on error: the warnings no longer fail the step.
    let out = action(
        "check",
        docs.path(),
        &[
            ("PATH", &path),
            ("GLOSSARY_LSP_PATHS", "docs notes.txt"),
            ("GLOSSARY_LSP_FAIL_ON", "error"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn action_install_downloads_the_release_tarball() {
    let work = tempfile::tempdir().unwrap();
    let uname = |flag: &str| {
        String::from_utf8(Command::new("uname").arg(flag).output().unwrap().stdout)
            .unwrap()
            .trim()
            .to_string()
    };
    let os = match uname("-s").as_str() {
        "Linux" => "linux",
        "Darwin" => "darwin",
        other => panic!("no release platform for {other}"),
    };
    let arch = match uname("-m").as_str() {
        "x86_64" | "amd64" => "x64",
        "aarch64" | "arm64" => "arm64",
        other => panic!("no release platform for {other}"),
    };
    // A release laid out as scripts/release-artifacts.sh makes it and GitHub serves it.
    let name = format!("glossary-lsp-0.1.0-{os}-{arch}");
    let stage = work.path().join("stage").join(&name);
    fs::create_dir_all(&stage).unwrap();
    fs::copy(BIN, stage.join("glossary-lsp")).unwrap();
    let releases = work.path().join("releases");
    fs::create_dir_all(releases.join("v0.1.0")).unwrap();
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(releases.join("v0.1.0").join(format!("{name}.tar.gz")))
        .arg("-C")
        .arg(work.path().join("stage"))
        .arg(&name)
        .output()
        .unwrap();
    assert!(tar.status.success(), "{}", text(&tar));
    let install_dir = work.path().join("bin");
    let github_path = work.path().join("github-path");
    let out = action(
        "install",
        work.path(),
        &[
            ("GLOSSARY_LSP_VERSION", "0.1.0"),
            (
                "GLOSSARY_LSP_RELEASES",
                &format!("file://{}", releases.display()),
            ),
            ("GLOSSARY_LSP_SOURCE", "/nonexistent: the download must do"),
            ("GLOSSARY_LSP_INSTALL_DIR", install_dir.to_str().unwrap()),
            ("GITHUB_PATH", github_path.to_str().unwrap()),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let version = Command::new(install_dir.join("glossary-lsp"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).contains("0.1.0"));
    assert_eq!(
        fs::read_to_string(&github_path).unwrap().trim(),
        install_dir.to_str().unwrap()
    );
}

#[test]
fn action_yml_runs_the_script_with_the_inputs_it_reads() {
    let yml = fs::read_to_string(repo().join("action.yml")).unwrap();
    let script = fs::read_to_string(repo().join("scripts/action.sh")).unwrap();
    assert!(yml.contains("using: composite"));
    assert!(yml.contains("scripts/action.sh\" install"));
    assert!(yml.contains("scripts/action.sh\" check"));
    assert!(yml.contains("github/codeql-action/upload-sarif@"));
    // Every variable the action sets is one the script reads, and the other way round.
    let vars = |s: &str| -> std::collections::BTreeSet<String> {
        s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.starts_with("GLOSSARY_LSP_") && w.len() > "GLOSSARY_LSP_".len())
            .map(str::to_string)
            .collect()
    };
    let set = vars(&yml);
    let read = vars(&script);
    for v in &set {
        assert!(
            read.contains(v),
            "action.yml sets {v}, which scripts/action.sh never reads"
        );
    }
    for v in [
        "GLOSSARY_LSP_PATHS",
        "GLOSSARY_LSP_FAIL_ON",
        "GLOSSARY_LSP_SARIF",
        "GLOSSARY_LSP_VERSION",
    ] {
        assert!(set.contains(v), "action.yml does not pass {v}");
    }
}

/// One hook of `.pre-commit-hooks.yaml`: id, entry, the identify tags of its files.
struct Hook {
    id: String,
    entry: String,
    types_or: Vec<String>,
}

fn hooks() -> Vec<Hook> {
    let text = fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    let mut hooks: Vec<Hook> = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let value = |key: &str| {
            line.trim_start_matches(['-', ' '])
                .strip_prefix(key)
                .map(|v| v.trim().to_string())
        };
        if let Some(id) = value("id:") {
            hooks.push(Hook {
                id,
                entry: String::new(),
                types_or: Vec::new(),
            });
        } else if let (Some(h), Some(entry)) = (hooks.last_mut(), value("entry:")) {
            h.entry = entry;
        } else if let (Some(h), Some(types)) = (hooks.last_mut(), value("types_or:")) {
            h.types_or = types
                .trim_matches(['[', ']'])
                .split(',')
                .map(|t| t.trim().to_string())
                .collect();
        }
    }
    hooks
}

/// The files pre-commit would pass for `types_or` (identify's tags by extension).
fn selected(root: &Path, types_or: &[String]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(root)
        .hidden(false)
        .build()
        .flatten()
    {
        let p = entry.path();
        let tag = match p.extension().and_then(|e| e.to_str()) {
            Some("md" | "markdown") => "markdown",
            Some("mdx") => "mdx",
            Some("txt") => "plain-text",
            _ => continue,
        };
        if types_or.iter().any(|t| t == tag) {
            files.push(p.strip_prefix(root).unwrap().to_path_buf());
        }
    }
    files.sort();
    files
}

#[test]
fn pre_commit_hooks_run_as_pre_commit_runs_them() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["glossary-lsp", "glossary-lsp-fix"]);
    for hook in &hooks {
        let docs = fixture();
        let files = selected(docs.path(), &hook.types_or);
        assert_eq!(
            files,
            [
                PathBuf::from("docs/clean.md"),
                PathBuf::from("docs/guide.md"),
                PathBuf::from("docs/page.mdx"),
                PathBuf::from("notes.txt")
            ],
            "{}",
            hook.id
        );
        let mut words = hook.entry.split_whitespace();
        assert_eq!(words.next(), Some("glossary-lsp"), "{}", hook.id);
        let out = Command::new(BIN)
            .args(words)
            .args(&files)
            .current_dir(docs.path())
            .output()
            .unwrap();
        let guide = fs::read_to_string(docs.path().join("docs/guide.md")).unwrap();
        let rst = fs::read_to_string(docs.path().join("README.rst")).unwrap();
        assert!(rst.contains("Value Added Reseller"), "{}", hook.id);
        match hook.id.as_str() {
            "glossary-lsp" => {
                // Findings fail the commit; nothing is changed.
                assert_eq!(out.status.code(), Some(1), "{}", text(&out));
                assert!(guide.contains("a system integrator"));
            }
            _ => {
                // The safe fix goes in ("systems integrator"); the others stay for a person.
                assert!(
                    guide.contains("We met a Value Added Reseller and a systems integrator."),
                    "{guide}"
                );
                assert!(out.status.code().is_some_and(|c| c <= 1), "{}", text(&out));
            }
        }
    }
}

#[test]
fn mason_package_installs_this_version() {
    let cargo = fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap();
    let package = fs::read_to_string(repo().join("editors/neovim/mason/package.yaml")).unwrap();
    assert!(package.contains("\nname: glossary-lsp\n"), "{package}");
    assert!(
        package.contains(&format!("  id: pkg:cargo/glossary-lsp@{version}\n")),
        "the Mason package must install {version}:\n{package}"
    );
    assert!(
        package.contains("  glossary-lsp: cargo:glossary-lsp\n"),
        "{package}"
    );
}
