//! Glossaries kept in other forms: Markdown or text glossary pages, CSV/TSV spreadsheets, and
//! TBX termbases (ISO 30042), read into a [`Draft`] and written as the project's TOML.
//!
//! # Two uses, one path
//!
//! `glossary-lsp glossary import FILE` writes the draft as a commented TOML file a team can
//! refine ([`to_toml`]). A configuration can also list such a file directly (`glossaries =
//! ["terms.csv"]`): the loader ([`super::load`]) asks [`loadable`] for the same TOML and
//! validates it like any other, and since every generated line remembers the place in the
//! user's file it came from ([`GeneratedToml::origins`]), its errors still name that file,
//! line and column.
//!
//! # The model
//!
//! A [`Draft`] is plain data shaped like the TOML schema: entries with an id, a category, a
//! verbatim definition and forms with statuses, plus the places they were read from. Each
//! reader (`markdown.rs` for pages, `csv.rs`, `tbx.rs`) fills one in; [`tidy`] then gives every
//! entry a unique id, one preferred form and resolvable `related` links, the same way for
//! every format. Readers never print: what they skipped or guessed comes back as
//! [`Imported::warnings`], and the CSV column mapping as [`Imported::columns`], for the front
//! end to show.

mod csv;
mod markdown;
pub(crate) mod naming;
mod tbx;
mod toml_out;

pub(crate) use markdown::DEFAULT_CATEGORY;
pub(crate) use tbx::NOTE_PREFIX;
pub(crate) use toml_out::quote;
pub use toml_out::{to_toml, GeneratedToml};

use super::{derive_plural, FileError, FormStatus, LanguageSection, Location};
use crate::fsio;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// The formats glossaries are read from besides TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// A Markdown glossary page: headings (or bold lead-ins, definition lists) and paragraphs.
    Markdown,
    /// A plain-text glossary page: short title lines and paragraphs.
    Text,
    /// Comma- (or semicolon-) separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// A TBX termbase (TBX-Basic, TBX v2 `martif` or v3 `tbx`).
    Tbx,
}

impl SourceFormat {
    /// The format a file name's extension says; `None` for TOML and anything unknown.
    pub fn from_path(path: &Path) -> Option<SourceFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            e if crate::prose::MARKDOWN_EXTENSIONS.contains(&e) => SourceFormat::Markdown,
            "txt" | "text" => SourceFormat::Text,
            "csv" => SourceFormat::Csv,
            "tsv" | "tab" => SourceFormat::Tsv,
            "tbx" => SourceFormat::Tbx,
            _ => return None,
        })
    }

    /// The format named on the command line (`md`, `txt`, `csv`, `tsv`, `tbx`).
    pub fn from_name(name: &str) -> Option<SourceFormat> {
        SourceFormat::from_path(Path::new(&format!("x.{name}")))
    }

    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Markdown => "Markdown glossary page",
            SourceFormat::Text => "plain-text glossary page",
            SourceFormat::Csv => "CSV",
            SourceFormat::Tsv => "TSV",
            SourceFormat::Tbx => "TBX termbase",
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The format; `None`: by the file's extension.
    pub format: Option<SourceFormat>,
    /// The language whose terms become the glossary's (TBX and CSV with a language column);
    /// other languages are kept as [`LanguageSection`]s. Matched by primary subtag: `en`
    /// takes `en-US`.
    pub lang: String,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: None,
            lang: "en".into(),
        }
    }
}

/// A glossary read from another format, shaped like the TOML schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The file's name, as shown in locations.
    pub source: Arc<str>,
    /// What it was read as.
    pub format: SourceFormat,
    /// The page's or termbase's title, if it has one.
    pub title: Option<String>,
    /// The language of the entries' forms and definitions.
    pub lang: String,
    /// The concepts, in file order.
    pub entries: Vec<DraftEntry>,
}

/// One concept of a [`Draft`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftEntry {
    /// The id (unique after [`tidy`]).
    pub id: String,
    /// The category.
    pub category: String,
    /// The definition, verbatim.
    pub definition: String,
    /// The forms; after [`tidy`] exactly one is preferred, and it comes first.
    pub forms: Vec<DraftForm>,
    /// Ids of related entries.
    pub related: Vec<String>,
    /// The concept in other languages.
    pub languages: Vec<DraftLanguage>,
    /// Remarks written above the entry as comments: what the reader noticed (a qualifier in
    /// a heading, more paragraphs, a termbase note).
    pub notes: Vec<String>,
    /// Where the entry starts in the file.
    pub at: Location,
    /// Where its definition is.
    pub definition_at: Location,
}

/// A form of a [`DraftEntry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftForm {
    /// The form as written.
    pub text: String,
    /// Its status.
    pub status: FormStatus,
    /// Its plural.
    pub plural: Plural,
    /// For acronyms: the full form, when it is not the preferred form.
    pub expansion: Option<String>,
    /// For acronyms: other meanings.
    pub ambiguous: Vec<String>,
    /// Where the form was read.
    pub at: Location,
}

/// A form's plural, as the schema's `plural` key says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plural {
    /// Derived by rule (no `plural` key).
    Derived,
    /// None: a mass noun (`plural = false`).
    Uncountable,
    /// This word (`plural = "…"`).
    Word(String),
}

/// A [`LanguageSection`] and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftLanguage {
    /// The section.
    pub section: LanguageSection,
    /// Where it starts in the file.
    pub at: Location,
}

/// What reading a file gave.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The glossary read.
    pub draft: Draft,
    /// What was skipped or guessed, at its place.
    pub warnings: Vec<FileError>,
    /// For CSV/TSV: how each header was understood.
    pub columns: Vec<ColumnUse>,
}

/// How a CSV header was understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnUse {
    /// The header as written.
    pub header: String,
    /// The column it was taken as (`"term"`, `"definition"`…), `None` if ignored.
    pub column: Option<&'static str>,
}

/// Reads glossary `text` named `name` (the format from `options`, else from the name).
pub fn import_text(
    name: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, Vec<FileError>> {
    let format = options
        .format
        .or_else(|| SourceFormat::from_path(Path::new(name)))
        .ok_or_else(|| {
            vec![FileError {
                location: Locator::new(name, "").at(0),
                message: "unknown glossary format: expected a file ending in .md, .txt, .csv, .tsv or .tbx, or --format md|txt|csv|tsv|tbx".into(),
            }]
        })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let locator = Locator::new(name, text);
    let mut imported = match format {
        SourceFormat::Markdown | SourceFormat::Text => markdown::read(text, format, &locator)?,
        SourceFormat::Csv | SourceFormat::Tsv => csv::read(text, format, &locator, options)?,
        SourceFormat::Tbx => tbx::read(text, &locator, options)?,
    };
    let mut warnings = tidy(&mut imported.draft);
    imported.warnings.append(&mut warnings);
    Ok(imported)
}

/// Reads a glossary file, or every glossary file in a folder (sorted by name, merged into one
/// draft), each of at most `max_bytes` bytes.
pub fn import_path(
    path: &Path,
    max_bytes: u64,
    options: &ImportOptions,
) -> Result<Imported, Vec<FileError>> {
    let files: Vec<std::path::PathBuf> = if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| vec![io_error(path, &e.to_string())])?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .filter(|p| options.format.is_some() || SourceFormat::from_path(p).is_some())
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(vec![io_error(
                path,
                "no glossary page, CSV, TSV or TBX file in this folder",
            )]);
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut merged: Option<Imported> = None;
    let mut errors = Vec::new();
    for file in &files {
        let name = file.display().to_string();
        let text = fsio::read_regular(file, max_bytes)
            .map_err(|e| e.to_string())
            .and_then(|b| {
                String::from_utf8(b).map_err(|e| {
                    format!(
                        "not valid UTF-8 (at byte {}): save the file as UTF-8",
                        e.utf8_error().valid_up_to()
                    )
                })
            });
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                errors.push(io_error(file, &format!("cannot read glossary file: {e}")));
                continue;
            }
        };
        match import_text(&name, &text, options) {
            Ok(imported) => match &mut merged {
                None => merged = Some(imported),
                Some(m) => {
                    m.draft.entries.extend(imported.draft.entries);
                    m.warnings.extend(imported.warnings);
                    m.columns.extend(imported.columns);
                }
            },
            Err(e) => errors.extend(e),
        }
    }
    match merged {
        Some(mut m) if errors.is_empty() => {
            if files.len() > 1 {
                m.draft.source = path.display().to_string().into();
                let mut more = tidy(&mut m.draft);
                m.warnings.append(&mut more);
            }
            Ok(m)
        }
        _ => Err(errors),
    }
}

fn io_error(path: &Path, message: &str) -> FileError {
    FileError {
        location: Locator::new(&path.display().to_string(), "").at(0),
        message: message.to_string(),
    }
}

/// The loader's hook: glossary text named `name` in another format, as TOML whose lines map
/// back to it. `None` when the name says TOML (or nothing known).
pub(crate) fn loadable(name: &str, text: &str) -> Option<Result<GeneratedToml, Vec<FileError>>> {
    SourceFormat::from_path(Path::new(name))?;
    Some(import_text(name, text, &ImportOptions::default()).map(|i| to_toml(&i.draft)))
}

/// Makes a draft loadable, the same way for every format, and returns what it changed: ids
/// made valid and unique, forms folded and listed once (a form that is another's derived
/// plural dropped), exactly one preferred form and it first, `related` values that name a term
/// turned into its id (those naming nothing dropped).
pub fn tidy(draft: &mut Draft) -> Vec<FileError> {
    let mut warnings = Vec::new();
    for e in &mut draft.entries {
        tidy_forms(e, &mut warnings);
    }
    // Ids: a valid given one is kept; otherwise the preferred form's kebab case.
    let mut taken: HashSet<String> = HashSet::new();
    let mut renamed: HashMap<String, String> = HashMap::new();
    for (i, e) in draft.entries.iter_mut().enumerate() {
        let given = e.id.clone();
        let mut base = if valid_id(&given) {
            given.clone()
        } else {
            let from_form = e
                .forms
                .first()
                .map(|f| naming::kebab_id(&f.text))
                .unwrap_or_default();
            if from_form.is_empty() {
                format!("term-{}", i + 1)
            } else {
                from_form
            }
        };
        if base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("term-{base}");
        }
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if !given.is_empty() && given != id {
            renamed.entry(given).or_insert_with(|| id.clone());
        }
        e.id = id;
    }
    // Related: ids (renamed ones followed), or terms of this draft.
    let by_form: HashMap<String, String> = draft
        .entries
        .iter()
        .flat_map(|e| {
            e.forms
                .iter()
                .map(move |f| (f.text.to_lowercase(), e.id.clone()))
        })
        .collect();
    let ids: HashSet<String> = draft.entries.iter().map(|e| e.id.clone()).collect();
    for e in &mut draft.entries {
        let mut related = Vec::new();
        for r in std::mem::take(&mut e.related) {
            let r = r.trim();
            let resolved = if ids.contains(r) {
                Some(r.to_string())
            } else if let Some(id) = renamed.get(r) {
                Some(id.clone())
            } else if let Some(id) = by_form.get(&crate::fold::fold_pattern(r).to_lowercase()) {
                Some(id.clone())
            } else if valid_id(r) {
                // Perhaps another glossary's id (the built-in one's): the loader checks it.
                Some(r.to_string())
            } else {
                warnings.push(FileError {
                    location: e.at.clone(),
                    message: format!("related term \u{201c}{r}\u{201d} names no entry; left out"),
                });
                None
            };
            if let Some(id) = resolved {
                if id != e.id && !related.contains(&id) {
                    related.push(id);
                }
            }
        }
        e.related = related;
    }
    warnings
}

/// Whether `id` may be an entry id: `[a-z0-9-]+`, starting with a letter, with no empty part.
pub(crate) fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.split('-').all(|p| !p.is_empty())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn tidy_forms(e: &mut DraftEntry, warnings: &mut Vec<FileError>) {
    let mut forms: Vec<DraftForm> = Vec::new();
    for mut f in std::mem::take(&mut e.forms) {
        f.text = crate::fold::fold_pattern(&f.text);
        if !f.text.chars().any(char::is_alphanumeric) {
            continue;
        }
        let lower = f.text.to_lowercase();
        if let Some(same) = forms.iter_mut().find(|g| g.text.to_lowercase() == lower) {
            // Listed twice: once, with the more favoured status.
            same.status = same.status.min(f.status);
            continue;
        }
        forms.push(f);
    }
    // A form that is another's regular plural is that plural, not a form.
    let plurals: HashSet<String> = forms
        .iter()
        .filter(|f| f.plural == Plural::Derived)
        .map(|f| derive_plural(&f.text).to_lowercase())
        .collect();
    forms.retain(|f| !plurals.contains(&f.text.to_lowercase()));
    // Exactly one preferred form, first.
    let preferred: Vec<usize> = (0..forms.len())
        .filter(|&i| forms[i].status == FormStatus::Preferred)
        .collect();
    match preferred.as_slice() {
        [] => {
            if let Some(f) = forms
                .iter_mut()
                .find(|f| f.status != FormStatus::Deprecated)
            {
                f.status = FormStatus::Preferred;
            } else if let Some(f) = forms.first_mut() {
                warnings.push(FileError {
                    location: f.at.clone(),
                    message: format!(
                        "every term of this concept is deprecated; \u{201c}{}\u{201d} is taken as preferred",
                        f.text
                    ),
                });
                f.status = FormStatus::Preferred;
            }
        }
        [_] => {}
        [_, more @ ..] => {
            for &i in more {
                warnings.push(FileError {
                    location: forms[i].at.clone(),
                    message: format!(
                        "a second preferred term, \u{201c}{}\u{201d}, taken as admitted: an entry has one preferred form",
                        forms[i].text
                    ),
                });
                forms[i].status = FormStatus::Admitted;
            }
        }
    }
    forms.sort_by_key(|f| f.status);
    e.forms = forms;
}

/// Drops what would stop an imported draft from loading on its own, with a warning each:
/// entries without a definition or a form, and forms another entry already has. For `glossary
/// import`, whose output must load; a glossary used directly reports these as errors instead.
pub fn drop_conflicts(draft: &mut Draft) -> Vec<FileError> {
    let mut warnings = Vec::new();
    let mut claimed: HashMap<String, String> = HashMap::new();
    draft.entries.retain_mut(|e| {
        if e.definition.trim().is_empty() || e.forms.is_empty() {
            warnings.push(FileError {
                location: e.at.clone(),
                message: format!(
                    "\u{201c}{}\u{201d} has no definition; left out",
                    e.forms.first().map_or(e.id.as_str(), |f| f.text.as_str())
                ),
            });
            return false;
        }
        let id = e.id.clone();
        let mut kept = Vec::new();
        for f in std::mem::take(&mut e.forms) {
            let mut written = vec![f.text.to_lowercase()];
            match &f.plural {
                Plural::Derived => written.push(derive_plural(&f.text).to_lowercase()),
                Plural::Word(w) => written.push(w.to_lowercase()),
                Plural::Uncountable => {}
            }
            if let Some(other) = written.iter().find_map(|w| claimed.get(w)) {
                let message = format!(
                    "\u{201c}{}\u{201d} is also a form of `{other}`; left out of `{id}` (a form belongs to one entry)",
                    f.text
                );
                e.notes.push(message.clone());
                warnings.push(FileError {
                    location: f.at.clone(),
                    message,
                });
                if f.status == FormStatus::Preferred {
                    // Without its preferred form the entry is another entry's duplicate.
                    return false;
                }
                continue;
            }
            for w in written {
                claimed.insert(w, id.clone());
            }
            kept.push(f);
        }
        e.forms = kept;
        true
    });
    warnings
}

/// Turns byte offsets of a file into [`Location`]s.
pub(crate) struct Locator {
    name: Arc<str>,
    text: String,
    line_starts: Vec<usize>,
}

impl Locator {
    pub(crate) fn new(name: &str, text: &str) -> Locator {
        Locator {
            name: name.into(),
            text: text.to_string(),
            line_starts: std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect(),
        }
    }

    /// The location of byte `offset`.
    pub(crate) fn at(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        Location {
            path: self.name.clone(),
            line,
            column: self.text[start..offset].chars().count() + 1,
        }
    }

    /// The location of `line` (1-based) and `column` (1-based, in characters) as given.
    pub(crate) fn line_col(&self, line: usize, column: usize) -> Location {
        Location {
            path: self.name.clone(),
            line,
            column,
        }
    }

    /// An error at byte `offset`.
    pub(crate) fn error(&self, offset: usize, message: impl Into<String>) -> FileError {
        FileError {
            location: self.at(offset),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests;
