//! Settings from `initializationOptions` and `workspace/didChangeConfiguration`: the keys of
//! `.glossary-lsp.toml` (`builtin`, `glossaries`, `rules`, `include`, `exclude`), layered over
//! each document's config file, plus server-only keys (`languages`, `inlayHints`); and the
//! step from a configuration to an engine, with its [`Problem`]s for the editor to show.

use glossary_lsp::config::{Config, RawConfig};
use glossary_lsp::glossary::{load_limited, FileError, GlossarySource, Location, BUILTIN_NAME};
use glossary_lsp::Engine;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Keys an editor may send that are not configuration (client-side settings).
const CLIENT_ONLY: &[&str] = &["trace", "serverPath", "server", "path", "enable"];

/// What the editor told us.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config-file keys given in settings.
    pub config: Map<String, Value>,
    /// Language ids the server checks.
    pub languages: Vec<String>,
    /// Show acronym expansions as inlay hints.
    pub inlay_hints: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            config: Map::new(),
            languages: ["markdown", "mdx", "plaintext", "text"]
                .map(String::from)
                .to_vec(),
            inlay_hints: false,
        }
    }
}

impl Settings {
    /// Reads settings: an object, possibly under a "glossary-lsp" (or "glossaryLsp") key.
    /// `null` and missing values leave the defaults.
    pub fn from_json(value: Option<&Value>) -> Result<Settings, String> {
        let mut s = Settings::default();
        let Some(value) = value else {
            return Ok(s);
        };
        let obj = match value {
            Value::Null => return Ok(s),
            Value::Object(o) => o,
            _ => return Err("settings must be an object".into()),
        };
        let obj = match obj.get("glossary-lsp").or_else(|| obj.get("glossaryLsp")) {
            Some(Value::Object(inner)) => inner,
            Some(Value::Null) | None => obj,
            Some(_) => return Err("settings: `glossary-lsp` must be an object".into()),
        };
        for (k, v) in obj {
            if v.is_null() || CLIENT_ONLY.contains(&k.as_str()) {
                continue;
            }
            match k.as_str() {
                "languages" => {
                    s.languages = serde_json::from_value(v.clone()).map_err(|_| {
                        "settings: `languages` must be a list of language ids".to_string()
                    })?;
                }
                "inlayHints" | "inlay_hints" | "inlay-hints" => {
                    s.inlay_hints = v
                        .as_bool()
                        .ok_or("settings: `inlayHints` must be true or false")?;
                }
                _ => {
                    s.config.insert(k.clone(), strip_nulls(v.clone()));
                }
            }
        }
        Ok(s)
    }
}

fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(strip_nulls).collect()),
        v => v,
    }
}

/// A problem with the configuration or a glossary: where (a file, when known) and what.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The file at fault, with 1-based line and column.
    pub location: Option<(PathBuf, usize, usize)>,
    /// The message; it names the place only when `location` is `None` (whoever shows a
    /// located problem adds the place, so it is never said twice).
    pub message: String,
}

/// `path:line:column: message`, or the message alone when there is no place.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some((path, line, column)) => {
                write!(f, "{}:{line}:{column}: {}", path.display(), self.message)
            }
            None => f.write_str(&self.message),
        }
    }
}

/// A configuration or glossary error: shown at its place in the file (none for the built-in
/// glossary, which is no file of the user's, whose message then says where).
impl From<FileError> for Problem {
    fn from(e: FileError) -> Problem {
        let path = &*e.location.path;
        if path == BUILTIN_NAME {
            return Problem {
                location: None,
                message: e.to_string(),
            };
        }
        Problem {
            location: Some((PathBuf::from(path), e.location.line, e.location.column)),
            message: e.message,
        }
    }
}

/// The configuration in effect for one config file (`None`: no file, the defaults) with the
/// settings layered over it (settings' glossaries are added after the file's, and resolve
/// against the workspace folder `root`). A config file the server has just edited (in
/// `overrides`) counts before the disk catches up.
pub fn effective_config(
    config_file: Option<&Path>,
    root: Option<&Path>,
    settings: &Settings,
    overrides: &HashMap<PathBuf, String>,
) -> Result<Config, Problem> {
    let loaded = config_file.map(|path| match overrides.get(path) {
        Some(text) => Config::parse(text, path),
        None => Config::load(path),
    });
    let mut config = match loaded {
        Some(result) => result?,
        None => Config::default(),
    };
    if settings.config.is_empty() {
        return Ok(config);
    }
    let raw: RawConfig =
        serde_json::from_value(Value::Object(settings.config.clone())).map_err(|e| Problem {
            location: None,
            message: format!("settings: invalid configuration: {e}"),
        })?;
    let base = root
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    let here = |_: Option<&str>| Location {
        path: "settings".into(),
        line: 1,
        column: 1,
    };
    let parsed = Config::from_raw(raw, &base, None, &here).map_err(|e| Problem {
        location: None,
        message: format!("settings: {}", e.message),
    })?;
    let has = |k: &str| settings.config.contains_key(k);
    if has("builtin") {
        config.builtin = parsed.builtin;
    }
    if has("glossaries") {
        for g in parsed.glossaries {
            if !config.glossaries.contains(&g) {
                config.glossaries.push(g);
            }
        }
    }
    if let Some(Value::Object(rules)) = settings.config.get("rules") {
        for name in rules.keys() {
            if let Some(rule) = glossary_lsp::rules::Rule::from_code(name) {
                config.rules.set(rule, parsed.rules.severity(rule));
            }
        }
    }
    if has("include") {
        config.include = parsed.include;
    }
    if has("exclude") {
        config.exclude = parsed.exclude;
    }
    if has("max-document-size") {
        config.limits.document = parsed.limits.document;
    }
    if has("max-glossary-size") {
        config.limits.glossary = parsed.limits.glossary;
    }
    Ok(config)
}

/// Loads the glossaries of `config` (just-edited glossary files by their in-memory text) and
/// compiles the engine.
pub fn build_engine(
    config: &Config,
    overrides: &HashMap<PathBuf, String>,
) -> Result<Engine, Vec<Problem>> {
    let sources: Vec<GlossarySource> = config
        .glossary_sources()
        .into_iter()
        .map(|s| match s {
            GlossarySource::File(ref p) | GlossarySource::Listed { path: ref p, .. } => {
                match overrides.get(p) {
                    Some(text) => GlossarySource::Text {
                        name: p.display().to_string(),
                        text: text.clone(),
                    },
                    None => s,
                }
            }
            s => s,
        })
        .collect();
    let glossary = load_limited(&sources, config.limits.glossary)
        .map_err(|errs| errs.into_iter().map(Problem::from).collect::<Vec<_>>())?;
    Ok(Engine::new(glossary, config.rules.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use glossary_lsp::rules::{Rule, Severity};

    #[test]
    fn settings_layer_over_defaults() {
        let v = serde_json::json!({"glossary-lsp": {
            "rules": {"context-misuse": "error", "acronym-before-definition": "off"},
            "inlayHints": true, "languages": ["markdown"], "trace": "verbose",
            "glossaries": ["team.toml"]
        }});
        let s = Settings::from_json(Some(&v)).unwrap();
        assert!(s.inlay_hints);
        assert_eq!(s.languages, ["markdown"]);
        let dir = tempfile::tempdir().unwrap();
        let c = effective_config(None, Some(dir.path()), &s, &HashMap::new()).unwrap();
        assert_eq!(c.rules.severity(Rule::ContextMisuse), Some(Severity::Error));
        assert_eq!(c.rules.severity(Rule::AcronymBeforeDefinition), None);
        assert_eq!(c.glossaries, [dir.path().join("team.toml")]);
        let bad = serde_json::json!({"rules": {"context-misus": "off"}});
        let s = Settings::from_json(Some(&bad)).unwrap();
        let e = effective_config(None, Some(dir.path()), &s, &HashMap::new()).unwrap_err();
        assert!(e.message.contains("context-misus"), "{}", e.message);
        // Size limits layer over the file's too; a bad one is an error.
        let sizes = serde_json::json!({"max-document-size": "1MB", "max-glossary-size": 4096});
        let s = Settings::from_json(Some(&sizes)).unwrap();
        let c = effective_config(None, Some(dir.path()), &s, &HashMap::new()).unwrap();
        assert_eq!((c.limits.document, c.limits.glossary), (1_000_000, 4096));
        let bad = serde_json::json!({"max-glossary-size": "huge"});
        let s = Settings::from_json(Some(&bad)).unwrap();
        let e = effective_config(None, Some(dir.path()), &s, &HashMap::new()).unwrap_err();
        assert!(e.message.contains("invalid size `huge`"), "{}", e.message);
    }
}
