//! `.glossary-lsp.toml`: one configuration file, shared by the CLI and the language server.
//!
//! ```toml
//! builtin = true                          # the built-in partner-program glossary (default true)
//! glossaries = ["docs/team-glossary.toml"] # team glossaries, relative to this file, in order
//! include = ["**/*.md", "**/*.mdx", "**/*.txt"]  # files `check` looks at in folders
//! exclude = ["CHANGELOG.md"]              # globs to leave out
//! max-document-size = "50MB"              # larger documents are an error (default 50 MB)
//! max-glossary-size = "20MB"              # larger glossary files are an error (default 20 MB)
//!
//! [rules]                                 # error | warning | info | hint | off
//! context-misuse = "warning"
//! acronym-before-definition = "off"
//! ```
//!
//! The file is found by walking up from the checked file's folder ([`find_config`]). Every key is
//! optional; unknown keys, unknown rule names and bad severities are errors with file, line and
//! column — a typo must not silently switch a rule back on. A glossary that cannot be read is
//! reported at the line of this file that names it ([`GlossarySource::Listed`]).
//!
//! Files are read with [`crate::fsio::read_regular`]: regular files only, within the limits.

use crate::fsio::{self, parse_size};
use crate::glossary::{GlossarySource, Location};
use crate::rules::{Rule, RuleSettings, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The configuration file's name.
pub const CONFIG_FILE: &str = ".glossary-lsp.toml";

/// Globs `check` uses for files inside folders when the config names none: every Markdown
/// extension ([`crate::prose::MARKDOWN_EXTENSIONS`], MDX among them) and `.txt`.
pub const DEFAULT_INCLUDE: &[&str] = &[
    "**/*.md",
    "**/*.markdown",
    "**/*.mdown",
    "**/*.mkd",
    "**/*.mdx",
    "**/*.txt",
];

/// A resolved configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The file it came from (`None`: defaults).
    pub path: Option<PathBuf>,
    /// Whether the built-in glossary is loaded first.
    pub builtin: bool,
    /// Team glossary files, resolved against the config file's folder, in order.
    pub glossaries: Vec<PathBuf>,
    /// Per-rule severities.
    pub rules: RuleSettings,
    /// Globs of files to check inside folders.
    pub include: Vec<String>,
    /// Globs of files to leave out.
    pub exclude: Vec<String>,
    /// Where the configuration file names each of `glossaries` (to report an unreadable one
    /// there); glossaries added elsewhere (settings, the command line) have none.
    pub glossaries_named_at: BTreeMap<PathBuf, Location>,
    /// How large a file may be read.
    pub limits: Limits,
}

/// The largest files read, in bytes: documents and glossaries. A configuration sets them with
/// `max-document-size` and `max-glossary-size`; the command line overrides both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest document (default [`fsio::DEFAULT_MAX_DOCUMENT`], 50 MB).
    pub document: u64,
    /// Largest glossary file (default [`fsio::DEFAULT_MAX_GLOSSARY`], 20 MB).
    pub glossary: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            document: fsio::DEFAULT_MAX_DOCUMENT,
            glossary: fsio::DEFAULT_MAX_GLOSSARY,
        }
    }
}

/// A size as written: a number of bytes, or text with a unit (`"50MB"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SizeSetting {
    /// Bytes.
    Bytes(u64),
    /// With a unit, read by [`parse_size`].
    Text(String),
}

impl SizeSetting {
    /// The size in bytes.
    pub fn bytes(&self) -> Result<u64, String> {
        match self {
            SizeSetting::Bytes(0) => Err("invalid size 0: expected at least 1 byte".into()),
            SizeSetting::Bytes(n) => Ok(*n),
            SizeSetting::Text(t) => parse_size(t),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            builtin: true,
            glossaries: Vec::new(),
            rules: RuleSettings::default(),
            include: DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect(),
            exclude: Vec::new(),
            glossaries_named_at: BTreeMap::new(),
            limits: Limits::default(),
        }
    }
}

/// A problem in a configuration file, at the place it was found.
pub type ConfigError = crate::glossary::FileError;

/// The configuration keys, as written: in TOML here, or in JSON (the language server's
/// `initializationOptions` and settings). `Str` is what a rule's severity and a glossary path
/// are read as, and `Size` what a size limit is read as: plain values (the default, for JSON),
/// or `toml::Spanned` ones in the TOML path so that errors can point at the value.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConfig<Str = String, Size = SizeSetting> {
    /// `builtin`
    pub builtin: Option<bool>,
    /// `glossaries`
    #[serde(default = "Vec::new")]
    pub glossaries: Vec<Str>,
    /// `include`
    pub include: Option<Vec<String>>,
    /// `exclude`
    #[serde(default)]
    pub exclude: Vec<String>,
    /// `[rules]`
    #[serde(default = "BTreeMap::new")]
    pub rules: BTreeMap<String, Str>,
    /// `front-matter`: the front matter keys whose values are checked as prose (default
    /// `["title", "description"]`; `[]` checks none).
    #[serde(rename = "front-matter")]
    pub front_matter: Option<Vec<String>>,
    /// `max-document-size`
    pub max_document_size: Option<Size>,
    /// `max-glossary-size`
    pub max_glossary_size: Option<Size>,
}

/// The key under which [`Config::from_raw`]'s `locate` is asked for the place of the `i`th
/// glossary path (rule names never contain a `#`).
fn glossary_key(i: usize) -> String {
    format!("glossaries#{i}")
}

impl RawConfig<Spanned<String>, Spanned<SizeSetting>> {
    /// The plain keys, and the byte offset of each value an error can point at: rule
    /// severities by rule name, sizes by key, glossary paths by [`glossary_key`].
    fn without_spans(self) -> (RawConfig, BTreeMap<String, usize>) {
        let mut starts: BTreeMap<String, usize> = self
            .rules
            .iter()
            .map(|(name, v)| (name.clone(), v.span().start))
            .collect();
        for (i, g) in self.glossaries.iter().enumerate() {
            starts.insert(glossary_key(i), g.span().start);
        }
        for (key, size) in [
            ("max-document-size", &self.max_document_size),
            ("max-glossary-size", &self.max_glossary_size),
        ] {
            if let Some(s) = size {
                starts.insert(key.to_string(), s.span().start);
            }
        }
        let raw = RawConfig {
            builtin: self.builtin,
            glossaries: self
                .glossaries
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            include: self.include,
            exclude: self.exclude,
            rules: self
                .rules
                .into_iter()
                .map(|(name, v)| (name, v.into_inner()))
                .collect(),
            front_matter: self.front_matter,
            max_document_size: self.max_document_size.map(Spanned::into_inner),
            max_glossary_size: self.max_glossary_size.map(Spanned::into_inner),
        };
        (raw, starts)
    }
}

/// Walks up from `dir` to the nearest [`CONFIG_FILE`].
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    find_config_where(dir, |p| p.is_file())
}

/// Walks up from `dir` to the nearest [`CONFIG_FILE`] for which `exists` holds. The language
/// server counts a config file it has just written through the editor before the disk has it.
pub fn find_config_where(dir: &Path, exists: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| exists(p))
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let error = |message: String| ConfigError {
            location: Location {
                path: path.display().to_string().into(),
                line: 1,
                column: 1,
            },
            message,
        };
        let bytes = fsio::read_regular(path, fsio::MAX_CONFIG)
            .map_err(|e| error(format!("cannot read configuration: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            error(format!(
                "not valid UTF-8 (at byte {}): a configuration must be UTF-8 TOML",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Config::parse(&text, path)
    }

    /// Parses configuration text that lives at `path` (relative glossary paths resolve
    /// against its folder).
    ///
    /// ```
    /// use glossary_lsp::{config::Config, rules::Rule};
    /// let c = Config::parse("[rules]\ncontext-misuse = \"off\"\n", "/p/.glossary-lsp.toml".as_ref()).unwrap();
    /// assert_eq!(c.rules.severity(Rule::ContextMisuse), None);
    /// let e = Config::parse("[rules]\ncontext-misuse = \"loud\"\n", "/p/.glossary-lsp.toml".as_ref()).unwrap_err();
    /// assert_eq!(e.to_string(), "/p/.glossary-lsp.toml:2:18: unknown severity `loud`: expected error, warning, info, hint or off");
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let locate = |offset: usize| {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            Location {
                path: path.display().to_string().into(),
                line,
                column: col,
            }
        };
        let raw: RawConfig<Spanned<String>, Spanned<SizeSetting>> =
            toml::from_str(text).map_err(|e| ConfigError {
                location: locate(e.span().map_or(0, |s| s.start)),
                message: format!("invalid configuration: {}", e.message().trim()),
            })?;
        let (raw, starts) = raw.without_spans();
        Config::from_raw(
            raw,
            path.parent().unwrap_or(Path::new(".")),
            Some(path.to_path_buf()),
            &|rule| locate(rule.and_then(|r| starts.get(r).copied()).unwrap_or(0)),
        )
    }

    /// Builds a configuration from raw keys (however they were read); `base` resolves
    /// relative glossary paths and `locate` gives the location of an error: at a rule's
    /// severity (`Some(rule)`), at a size (`Some("max-document-size")`), at the `i`th glossary
    /// path (`Some("glossaries#i")`), or of the whole configuration (`None`).
    ///
    /// ```
    /// use glossary_lsp::{config::{Config, RawConfig}, glossary::Location, rules::Rule};
    /// let raw: RawConfig = serde_json::from_str(r#"{"rules": {"context-misuse": "off"}}"#).unwrap();
    /// let here = |_: Option<&str>| Location { path: "settings".into(), line: 1, column: 1 };
    /// let c = Config::from_raw(raw, "/w".as_ref(), None, &here).unwrap();
    /// assert_eq!(c.rules.severity(Rule::ContextMisuse), None);
    /// ```
    pub fn from_raw(
        raw: RawConfig,
        base: &Path,
        path: Option<PathBuf>,
        locate: &dyn Fn(Option<&str>) -> Location,
    ) -> Result<Config, ConfigError> {
        let mut rules = RuleSettings::default();
        for (name, value) in &raw.rules {
            let Some(rule) = Rule::from_code(name) else {
                return Err(ConfigError {
                    location: locate(Some(name)),
                    message: format!(
                        "unknown rule `{name}`: expected one of {}",
                        Rule::ALL
                            .iter()
                            .map(|r| r.code())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            };
            let severity = match value.as_str() {
                "off" | "none" => None,
                s => Some(Severity::parse(s).ok_or_else(|| ConfigError {
                    location: locate(Some(name)),
                    message: format!(
                        "unknown severity `{s}`: expected error, warning, info, hint or off"
                    ),
                })?),
            };
            rules.set(rule, severity);
        }
        if let Some(keys) = raw.front_matter {
            rules.front_matter = keys;
        }
        for glob in raw.include.iter().flatten().chain(&raw.exclude) {
            if let Err(e) = globset::Glob::new(glob) {
                return Err(ConfigError {
                    location: locate(None),
                    message: format!("invalid glob `{glob}`: {e}"),
                });
            }
        }
        let mut limits = Limits::default();
        for (key, size, limit) in [
            (
                "max-document-size",
                &raw.max_document_size,
                &mut limits.document,
            ),
            (
                "max-glossary-size",
                &raw.max_glossary_size,
                &mut limits.glossary,
            ),
        ] {
            if let Some(size) = size {
                *limit = size.bytes().map_err(|message| ConfigError {
                    location: locate(Some(key)),
                    message,
                })?;
            }
        }
        let glossaries: Vec<PathBuf> = raw.glossaries.iter().map(|g| base.join(g)).collect();
        // Only places in a file count: a location reported for the whole configuration says
        // nothing about a glossary in particular.
        let glossaries_named_at = if path.is_some() {
            glossaries
                .iter()
                .enumerate()
                .map(|(i, g)| (g.clone(), locate(Some(&glossary_key(i)))))
                .collect()
        } else {
            BTreeMap::new()
        };
        Ok(Config {
            path,
            builtin: raw.builtin.unwrap_or(true),
            glossaries,
            glossaries_named_at,
            limits,
            rules,
            include: raw
                .include
                .unwrap_or_else(|| DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect()),
            exclude: raw.exclude,
        })
    }

    /// The glossary sources this configuration asks for, in merge order.
    pub fn glossary_sources(&self) -> Vec<GlossarySource> {
        let mut sources = Vec::new();
        if self.builtin {
            sources.push(GlossarySource::Builtin);
        }
        sources.extend(self.glossaries.iter().map(
            |path| match self.glossaries_named_at.get(path) {
                Some(at) => GlossarySource::Listed {
                    path: path.clone(),
                    named_at: at.clone(),
                },
                None => GlossarySource::File(path.clone()),
            },
        ));
        sources
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_glossaries_and_rejects_unknown_keys() {
        let c = Config::parse(
            "builtin = false\nglossaries = [\"g/team.toml\"]\n",
            Path::new("/p/.glossary-lsp.toml"),
        )
        .unwrap();
        assert!(!c.builtin);
        assert_eq!(c.glossaries, [PathBuf::from("/p/g/team.toml")]);
        let e = Config::parse("\nbuiltn = false\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.location.line, 2);
        assert!(e.message.contains("builtn"), "{e}");
        let e =
            Config::parse("[rules]\ncontext-misus = \"off\"\n", Path::new("c.toml")).unwrap_err();
        assert!(e.message.contains("unknown rule `context-misus`"), "{e}");
        assert_eq!((e.location.line, e.location.column), (2, 17));
    }

    #[test]
    fn default_include_takes_every_markdown_extension() {
        for ext in crate::prose::MARKDOWN_EXTENSIONS.iter().chain(&["txt"]) {
            let glob = format!("**/*.{ext}");
            assert!(DEFAULT_INCLUDE.contains(&glob.as_str()), "{glob}");
        }
        assert_eq!(
            DEFAULT_INCLUDE.len(),
            crate::prose::MARKDOWN_EXTENSIONS.len() + 1
        );
    }

    #[test]
    fn front_matter_keys() {
        let c = Config::parse("", Path::new("c.toml")).unwrap();
        assert_eq!(c.rules.front_matter, ["title", "description"]);
        let c = Config::parse("front-matter = [\"summary\"]\n", Path::new("c.toml")).unwrap();
        assert_eq!(c.rules.front_matter, ["summary"]);
        let c = Config::parse("front-matter = []\n", Path::new("c.toml")).unwrap();
        assert!(c.rules.front_matter.is_empty());
    }
}
