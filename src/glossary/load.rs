//! Loading glossary files: TOML → validated [`Glossary`], with errors at file:line:column.
//!
//! Loading happens in three steps, so every error can name the value at fault:
//! 1. each source is parsed into raw tables that keep their byte spans (`toml::Spanned`);
//! 2. entries are merged by id, in source order (a later entry with the same id replaces the
//!    earlier one; the same id twice *within* one file is an error);
//! 3. the merged set is validated as a whole — references, forms claimed twice, quoted facts —
//!    and converted into the plain [`Entry`] model.
//!
//! All errors are collected, not just the first, so a team fixes its file in one go.
//!
//! A file in another format — a Markdown or text glossary page, CSV/TSV, TBX, told apart by
//! its extension — is first turned into this TOML by [`super::import`]; every place in the
//! generated TOML maps back to the place in the file it came from, so errors still name the
//! user's own file, line and column.

use super::{
    derive_plural, is_acronym, Confusable, Contradiction, Cue, Entry, Example, ForeignForm, Form,
    FormStatus, Glossary, LanguageSection, Location,
};
use crate::fsio;
use crate::rules::Rule;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use toml::Spanned;

/// The name the embedded glossary goes by in messages and locations.
pub const BUILTIN_NAME: &str = "<built-in>/partner-program.toml";

/// The embedded glossary's TOML text (`glossary/partner-program.toml`).
pub const BUILTIN_TEXT: &str = include_str!("../../glossary/partner-program.toml");

/// Where a glossary comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlossarySource {
    /// The built-in partner-program glossary embedded in the binary.
    Builtin,
    /// A glossary file on disk: TOML, or a format [`super::import`] reads (by extension).
    File(PathBuf),
    /// A glossary file on disk named in a configuration file: if it cannot be read, the error is
    /// reported where the configuration names it, which is where the user must fix it.
    Listed {
        /// The file.
        path: PathBuf,
        /// Where the configuration names it.
        named_at: Location,
    },
    /// Glossary text with a name for messages (tests, editors' unsaved buffers); the name's
    /// extension says the format, as for a file (TOML unless it names another).
    Text {
        /// Shown as the path in locations.
        name: String,
        /// The text: TOML, or a format [`super::import`] reads.
        text: String,
    },
}

/// A problem in a glossary file, at the place it was found.
pub type GlossaryError = super::FileError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema: Option<Spanned<i64>>,
    #[serde(default)]
    exceptions: Vec<Spanned<String>>,
    #[serde(default)]
    entry: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    category: String,
    definition: Spanned<String>,
    forms: Spanned<Vec<Spanned<RawForm>>>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    #[serde(default)]
    cues: Vec<Spanned<RawCue>>,
    key_fact: Option<Spanned<String>>,
    #[serde(default)]
    confusable: Vec<Spanned<RawConfusable>>,
    #[serde(default)]
    contradiction: Vec<Spanned<RawContradiction>>,
    #[serde(default)]
    example: Vec<Spanned<RawExample>>,
    #[serde(default)]
    language: Vec<Spanned<RawLanguage>>,
}

/// `[[entry.language]]`: the concept in another language, kept for export.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    lang: Spanned<String>,
    definition: Option<String>,
    #[serde(default)]
    forms: Vec<Spanned<RawForeignForm>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForeignForm {
    text: Spanned<String>,
    status: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    text: Spanned<String>,
    status: Spanned<String>,
    plural: Option<Spanned<RawPlural>>,
    expansion: Option<Spanned<String>>,
    #[serde(default)]
    ambiguous: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawPlural {
    Word(String),
    Flag(bool),
}

/// An entry's cue as written: `"phrase"`, or `{ text = "phrase", weight = N }`.
struct RawCue {
    text: String,
    weight: Option<i64>,
}

impl<'de> Deserialize<'de> for RawCue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RawCue, D::Error> {
        use serde::de::{Error, MapAccess, Visitor};
        struct CueVisitor;
        impl<'de> Visitor<'de> for CueVisitor {
            type Value = RawCue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a cue: a string, or a table { text = \"phrase\", weight = N }")
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<RawCue, E> {
                Ok(RawCue {
                    text: v.to_string(),
                    weight: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawCue, A::Error> {
                let (mut text, mut weight) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" if text.is_none() => text = Some(map.next_value::<String>()?),
                        "weight" if weight.is_none() => weight = Some(map.next_value::<i64>()?),
                        "text" | "weight" => {
                            return Err(A::Error::custom(format!("duplicate key `{key}`")))
                        }
                        other => return Err(A::Error::unknown_field(other, &["text", "weight"])),
                    }
                }
                let text = text.ok_or_else(|| A::Error::missing_field("text"))?;
                Ok(RawCue { text, weight })
            }
        }
        d.deserialize_any(CueVisitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfusable {
    with: Spanned<String>,
    difference: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContradiction {
    cues: Vec<Spanned<String>>,
    fact: Spanned<String>,
    suggest: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    text: Spanned<String>,
    expect: Spanned<String>,
    suggest: Option<Spanned<String>>,
}

/// Reads a glossary file as UTF-8 text. An error reading it is placed at `named_at` (the
/// configuration line naming it) when there is one, else at the file's start; an encoding
/// error is always in the file itself.
fn read_glossary(
    path: &std::path::Path,
    max_bytes: u64,
    named_at: Option<&Location>,
) -> Result<String, GlossaryError> {
    let name: Arc<str> = path.display().to_string().into();
    let bytes = fsio::read_regular(path, max_bytes).map_err(|e| {
        let hint = match e {
            fsio::FsError::TooLarge { .. } => {
                " (raise `max-glossary-size` in .glossary-lsp.toml or pass --max-glossary-size)"
            }
            _ => "",
        };
        match named_at {
            Some(at) => GlossaryError {
                location: at.clone(),
                message: format!("cannot read glossary file {name}: {e}{hint}"),
            },
            None => GlossaryError {
                location: Location {
                    path: name.clone(),
                    line: 1,
                    column: 1,
                },
                message: format!("cannot read glossary file: {e}{hint}"),
            },
        }
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        GlossaryError {
            location: SourceText::new(name.clone(), valid).locate(at),
            message: format!("not valid UTF-8 (at byte {at}): a glossary must be UTF-8 TOML"),
        }
    })
}

/// A source's text and name, to turn byte spans into locations.
struct SourceText {
    name: Arc<str>,
    text: String,
    /// Byte offset of each line start, for locating spans quickly.
    line_starts: Vec<usize>,
    /// For TOML generated from another format: per line of `text`, the place in the user's
    /// file it came from (`None`: the text is the user's own TOML).
    origins: Option<Vec<Location>>,
}

impl SourceText {
    fn new(name: Arc<str>, text: String) -> SourceText {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceText {
            name,
            text,
            line_starts,
            origins: None,
        }
    }

    fn locate(&self, offset: usize) -> Location {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset);
        if let Some(origin) = self.origins.as_ref().and_then(|o| o.get(line - 1)) {
            return origin.clone();
        }
        let line_start = self.line_starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        Location {
            path: self.name.clone(),
            line,
            column,
        }
    }

    fn error<T>(&self, span: &Spanned<T>, message: impl Into<String>) -> GlossaryError {
        GlossaryError {
            location: self.locate(span.span().start),
            message: message.into(),
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Loads, merges and validates glossaries, in order, reading files of at most
/// [`fsio::DEFAULT_MAX_GLOSSARY`] bytes ([`load_limited`] sets another limit).
///
/// Returns every problem found, each with its file, line and column; an empty merged glossary
/// is an error too (nothing could ever match).
///
/// ```
/// use glossary_lsp::glossary::{load, GlossarySource};
/// let team = GlossarySource::Text {
///     name: "team.toml".into(),
///     text: r#"
///         [[entry]]
///         id = "deal-registration"
///         category = "Sales"
///         definition = "Deal registration is a program in which a partner registers an opportunity."
///         forms = [{ text = "deal registration", status = "preferred" }]
///     "#.into(),
/// };
/// let glossary = load(&[GlossarySource::Builtin, team]).unwrap();
/// assert!(glossary.by_id("deal-registration").is_some());
/// assert!(glossary.by_id("value-added-reseller").is_some());
/// ```
pub fn load(sources: &[GlossarySource]) -> Result<Glossary, Vec<GlossaryError>> {
    load_limited(sources, fsio::DEFAULT_MAX_GLOSSARY)
}

/// [`load`], reading glossary files of at most `max_bytes` bytes each. Files are read with
/// [`fsio::read_regular`]: a FIFO, a device or a directory named as a glossary is an error,
/// never a hang or unbounded memory.
pub fn load_limited(
    sources: &[GlossarySource],
    max_bytes: u64,
) -> Result<Glossary, Vec<GlossaryError>> {
    let mut errors = Vec::new();
    let mut texts: Vec<SourceText> = Vec::new();
    // Merged entries by id, in first-seen order; value: (source index, raw entry).
    let mut order: Vec<String> = Vec::new();
    let mut merged: HashMap<String, (usize, Spanned<RawEntry>)> = HashMap::new();
    let mut exceptions: Vec<String> = Vec::new();

    for source in sources {
        let (name, text) = match source {
            GlossarySource::Builtin => (BUILTIN_NAME.to_string(), BUILTIN_TEXT.to_string()),
            GlossarySource::Text { name, text } => (name.clone(), text.clone()),
            GlossarySource::File(path) | GlossarySource::Listed { path, .. } => {
                let name = path.display().to_string();
                let named_at = match source {
                    GlossarySource::Listed { named_at, .. } => Some(named_at),
                    _ => None,
                };
                match read_glossary(path, max_bytes, named_at) {
                    Ok(text) => (name, text),
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            }
        };
        let source_index = texts.len();
        // Another format (by the name's extension) becomes TOML whose lines map back to it.
        let (text, origins) = match super::import::loadable(&name, &text) {
            None => (text, None),
            Some(Ok(generated)) => (generated.text, Some(generated.origins)),
            Some(Err(errs)) => {
                errors.extend(errs);
                continue;
            }
        };
        let mut st = SourceText::new(name.into(), text);
        st.origins = origins;
        texts.push(st);
        let st = &texts[source_index];
        let raw: RawFile = match toml::from_str(&st.text) {
            Ok(raw) => raw,
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                errors.push(GlossaryError {
                    location: st.locate(offset),
                    message: format!("invalid glossary: {}", e.message().trim()),
                });
                continue;
            }
        };
        if let Some(schema) = &raw.schema {
            if *schema.get_ref() != 1 {
                errors.push(st.error(schema, "unsupported schema version: expected `schema = 1`"));
            }
        }
        for e in &raw.exceptions {
            let text = crate::fold::fold_pattern(e.get_ref());
            if text.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                errors.push(st.error(
                    e,
                    "empty exception: expected a phrase in which terms are not checked",
                ));
            } else if !exceptions.contains(&text) {
                exceptions.push(text);
            }
        }
        if raw.entry.is_empty() && raw.exceptions.is_empty() {
            errors.push(GlossaryError {
                location: st.locate(0),
                message: "the glossary defines no entries: expected at least one `[[entry]]` table"
                    .into(),
            });
        }
        let mut seen_here: HashMap<String, usize> = HashMap::new();
        for entry in raw.entry {
            let id = entry.get_ref().id.get_ref().clone();
            if let Some(&first_line) = seen_here.get(&id) {
                errors.push(st.error(
                    &entry.get_ref().id,
                    format!("duplicate entry id `{id}` (first defined at line {first_line}); ids must be unique within a file"),
                ));
                continue;
            }
            seen_here.insert(id.clone(), st.locate(entry.get_ref().id.span().start).line);
            if !merged.contains_key(&id) {
                order.push(id.clone());
            }
            merged.insert(id, (source_index, entry));
        }
    }

    let raws: Vec<(usize, Spanned<RawEntry>)> = order
        .iter()
        .map(|id| merged.remove(id).expect("id recorded in order"))
        .collect();
    let ids: HashMap<&str, ()> = raws
        .iter()
        .map(|(_, e)| (e.get_ref().id.get_ref().as_str(), ()))
        .collect();

    let mut entries = Vec::with_capacity(raws.len());
    // Every written form (and plural), folded to lower case → (entry id, where).
    let mut claimed: HashMap<String, (String, Location)> = HashMap::new();
    for (source_index, raw) in &raws {
        let st = &texts[*source_index];
        if let Some(entry) = convert_entry(st, raw, &ids, &mut claimed, &mut errors) {
            entries.push(entry);
        }
    }
    if entries.is_empty() && errors.is_empty() {
        errors.push(GlossaryError {
            location: Location { path: "<glossary>".into(), line: 1, column: 1 },
            message: "no glossary entries: the built-in glossary is off and no glossary file defines any entry".into(),
        });
    }
    if errors.is_empty() {
        Ok(Glossary::from_entries(entries, exceptions))
    } else {
        Err(errors)
    }
}

fn convert_entry(
    st: &SourceText,
    raw: &Spanned<RawEntry>,
    ids: &HashMap<&str, ()>,
    claimed: &mut HashMap<String, (String, Location)>,
    errors: &mut Vec<GlossaryError>,
) -> Option<Entry> {
    let e = raw.get_ref();
    let before = errors.len();
    let id = e.id.get_ref().clone();
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errors.push(st.error(
            &e.id,
            format!("invalid id `{id}`: expected lower-case letters, digits and `-`"),
        ));
    }
    let definition = e.definition.get_ref().trim().to_string();
    if definition.is_empty() {
        errors.push(st.error(
            &e.definition,
            "empty definition: expected the definition text",
        ));
    }
    let check_ref = |s: &Spanned<String>, what: &str, errors: &mut Vec<GlossaryError>| {
        if !ids.contains_key(s.get_ref().as_str()) {
            errors.push(st.error(
                s,
                format!("{what} `{}` is not the id of any entry", s.get_ref()),
            ));
        }
    };
    let check_quote = |s: &Spanned<String>, what: &str, errors: &mut Vec<GlossaryError>| {
        if s.get_ref().trim().is_empty() || !definition.contains(s.get_ref().as_str()) {
            errors.push(st.error(
                s,
                format!("{what} must be quoted verbatim from this entry's definition; \"{}\" is not in it", s.get_ref()),
            ));
        }
    };

    let mut forms: Vec<Form> = Vec::new();
    if e.forms.get_ref().is_empty() {
        errors.push(st.error(&e.forms, "an entry needs at least one form, e.g. `forms = [{ text = \"reseller\", status = \"preferred\" }]`"));
    }
    for raw_form in e.forms.get_ref() {
        let f = raw_form.get_ref();
        let text = crate::fold::fold_pattern(f.text.get_ref().trim());
        if text.is_empty() || !text.chars().any(char::is_alphanumeric) {
            errors.push(st.error(&f.text, "empty form: expected the term as written"));
            continue;
        }
        let status = match f.status.get_ref().as_str() {
            "preferred" => FormStatus::Preferred,
            "admitted" => FormStatus::Admitted,
            "deprecated" => FormStatus::Deprecated,
            other => {
                errors.push(st.error(&f.status, format!("unknown status `{other}`: expected `preferred`, `admitted` or `deprecated`")));
                continue;
            }
        };
        let acronym = is_acronym(&text);
        let plural = match f.plural.as_ref().map(|p| (p, p.get_ref())) {
            None => Some(derive_plural(&text)),
            Some((_, RawPlural::Word(w))) => Some(crate::fold::fold_pattern(w.trim())),
            Some((_, RawPlural::Flag(false))) => None,
            Some((p, RawPlural::Flag(true))) => {
                errors.push(st.error(p, "`plural = true` means nothing: plurals are derived by default; give the plural as a string, or `false` for none"));
                None
            }
        };
        if !acronym && (f.expansion.is_some() || !f.ambiguous.is_empty()) {
            let span = f
                .expansion
                .as_ref()
                .map(|s| s.span())
                .unwrap_or_else(|| f.ambiguous[0].span());
            errors.push(GlossaryError {
                location: st.locate(span.start),
                message: format!("`expansion` and `ambiguous` apply to acronyms only, and \"{text}\" is not all capitals"),
            });
        }
        forms.push(Form {
            text,
            status,
            acronym,
            plural,
            expansion: f
                .expansion
                .as_ref()
                .map(|s| crate::fold::fold_pattern(s.get_ref().trim())),
            ambiguous: f
                .ambiguous
                .iter()
                .map(|s| crate::fold::fold_pattern(s.get_ref().trim()))
                .collect(),
        });
    }
    let preferred = forms
        .iter()
        .filter(|f| f.status == FormStatus::Preferred)
        .count();
    if preferred != 1 && !e.forms.get_ref().is_empty() {
        errors.push(st.error(
            &e.forms,
            format!(
                "an entry needs exactly one form with `status = \"preferred\"`, found {preferred}"
            ),
        ));
    }
    forms.sort_by_key(|f| f.status);
    // An acronym's expansion is a form of the entry, so the document's full form counts.
    let expansions: Vec<String> = forms.iter().filter_map(|f| f.expansion.clone()).collect();
    for exp in expansions {
        if !forms.iter().any(|f| f.text.eq_ignore_ascii_case(&exp)) {
            let plural = Some(derive_plural(&exp));
            forms.push(Form {
                text: exp,
                status: FormStatus::Admitted,
                acronym: false,
                plural,
                expansion: None,
                ambiguous: vec![],
            });
        }
    }
    // An auto-added expansion is placed at the first form (none are, without forms: an error
    // already said so).
    let first_form = e.forms.get_ref().first();
    for (form, raw_form) in forms.iter().zip(
        e.forms
            .get_ref()
            .iter()
            .chain(first_form.into_iter().cycle()),
    ) {
        for written in std::iter::once(&form.text).chain(form.plural.as_ref()) {
            let key = written.to_lowercase();
            let here = st.locate(raw_form.span().start);
            match claimed.get(&key) {
                Some((other, at)) => errors.push(GlossaryError {
                    location: here,
                    message: if *other == id {
                        format!("the form \"{written}\" is listed twice in this entry (also at {at})")
                    } else {
                        format!("the form \"{written}\" is already claimed by entry `{other}` at {at}; a form may belong to one entry only")
                    },
                }),
                None => {
                    claimed.insert(key, (id.clone(), here));
                }
            }
        }
    }

    for r in &e.related {
        check_ref(r, "related", errors);
    }
    let cues = convert_weighted_cues(st, &e.cues, errors);
    if let Some(k) = &e.key_fact {
        check_quote(k, "key_fact", errors);
    }
    let mut confusables = Vec::new();
    for c in &e.confusable {
        let c = c.get_ref();
        check_ref(&c.with, "confusable `with`", errors);
        if c.with.get_ref() == &id {
            errors.push(st.error(&c.with, "an entry cannot be confusable with itself"));
        }
        confusables.push(Confusable {
            with: c.with.get_ref().clone(),
            difference: c.difference.trim().to_string(),
        });
    }
    let mut contradictions = Vec::new();
    for c in &e.contradiction {
        let c = c.get_ref();
        check_quote(&c.fact, "a contradiction's `fact`", errors);
        if let Some(s) = &c.suggest {
            check_ref(s, "contradiction `suggest`", errors);
        }
        let cues = convert_cues(st, &c.cues, errors);
        if cues.is_empty() {
            errors.push(st.error(&c.fact, "a contradiction needs at least one cue"));
        }
        contradictions.push(Contradiction {
            cues,
            fact: c.fact.get_ref().clone(),
            suggest: c.suggest.as_ref().map(|s| s.get_ref().clone()),
        });
    }
    let mut examples = Vec::new();
    for x in &e.example {
        let x = x.get_ref();
        let expect = match x.expect.get_ref().as_str() {
            "clean" => None,
            code if Rule::from_code(code).is_some() => Some(code.to_string()),
            other => {
                errors.push(st.error(
                    &x.expect,
                    format!(
                            "unknown expectation `{other}`: expected `clean` or a rule code ({})",
                            Rule::ALL
                                .iter()
                                .map(|r| r.code())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                ));
                continue;
            }
        };
        if let (None, Some(suggest)) = (&expect, &x.suggest) {
            errors.push(st.error(
                suggest,
                "`suggest` needs a rule in `expect`: a clean example has no finding to suggest",
            ));
            continue;
        }
        examples.push(Example {
            text: x.text.get_ref().clone(),
            expect,
            suggest: x.suggest.as_ref().map(|s| s.get_ref().clone()),
            origin: st.locate(x.text.span().start),
        });
    }
    let languages = convert_languages(st, &e.language, errors);
    if errors.len() > before {
        return None;
    }
    Some(Entry {
        id,
        category: e.category.trim().to_string(),
        definition,
        forms,
        related: e.related.iter().map(|s| s.get_ref().clone()).collect(),
        cues,
        key_fact: e.key_fact.as_ref().map(|s| s.get_ref().clone()),
        confusables,
        contradictions,
        examples,
        languages,
        origin: st.locate(raw.span().start),
    })
}

/// An entry's other languages: a language tag and terms with valid statuses each.
fn convert_languages(
    st: &SourceText,
    raw: &[Spanned<RawLanguage>],
    errors: &mut Vec<GlossaryError>,
) -> Vec<LanguageSection> {
    let mut out = Vec::new();
    for section in raw {
        let l = section.get_ref();
        let lang = l.lang.get_ref().trim();
        if lang.is_empty()
            || !lang
                .split('-')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            errors.push(st.error(
                &l.lang,
                format!(
                    "invalid language tag `{lang}`: expected a tag such as \"de\" or \"pt-BR\""
                ),
            ));
            continue;
        }
        let mut forms = Vec::new();
        for f in &l.forms {
            let f = f.get_ref();
            let text = crate::fold::fold_pattern(f.text.get_ref());
            if !text.chars().any(char::is_alphanumeric) {
                errors.push(st.error(&f.text, "empty form: expected the term as written"));
                continue;
            }
            match super::FormStatus::from_name(f.status.get_ref()) {
                Some(status) => forms.push(ForeignForm { text, status }),
                None => errors.push(st.error(
                    &f.status,
                    format!(
                        "unknown status `{}`: expected `preferred`, `admitted` or `deprecated`",
                        f.status.get_ref()
                    ),
                )),
            }
        }
        out.push(LanguageSection {
            lang: lang.to_string(),
            definition: l
                .definition
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
            forms,
        });
    }
    out
}

fn convert_cues(
    st: &SourceText,
    cues: &[Spanned<String>],
    errors: &mut Vec<GlossaryError>,
) -> Vec<String> {
    cues.iter()
        .filter_map(|c| convert_cue(st, c, c.get_ref(), errors))
        .collect()
}

/// An entry's cues, with their weights checked (1 to [`Cue::MAX_WEIGHT`], 1 when not given).
fn convert_weighted_cues(
    st: &SourceText,
    cues: &[Spanned<RawCue>],
    errors: &mut Vec<GlossaryError>,
) -> Vec<Cue> {
    let mut out = Vec::new();
    for c in cues {
        let raw = c.get_ref();
        let weight = match raw.weight {
            None => 1,
            Some(w) if (1..=i64::from(Cue::MAX_WEIGHT)).contains(&w) => w as u8,
            Some(w) => {
                errors.push(st.error(
                    c,
                    format!(
                        "invalid cue weight {w} for \"{}\": expected a whole number from 1 to {}",
                        raw.text,
                        Cue::MAX_WEIGHT
                    ),
                ));
                continue;
            }
        };
        if let Some(text) = convert_cue(st, c, &raw.text, errors) {
            out.push(Cue { text, weight });
        }
    }
    out
}

/// One cue phrase, folded and lower-cased, or an error at `span`.
fn convert_cue<T>(
    st: &SourceText,
    span: &Spanned<T>,
    cue: &str,
    errors: &mut Vec<GlossaryError>,
) -> Option<String> {
    let text = crate::fold::fold_pattern(cue.trim()).to_lowercase();
    let stem = text.trim_end_matches('*');
    if stem.chars().filter(|c| c.is_alphanumeric()).count() < 2 || stem.contains('*') {
        errors.push(st.error(
            span,
            format!("invalid cue \"{cue}\": expected a word or phrase, optionally ending in `*`"),
        ));
        return None;
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Vec<GlossarySource> {
        vec![GlossarySource::Text {
            name: "team.toml".into(),
            text: t.into(),
        }]
    }

    const OK: &str = r#"
[[entry]]
id = "reseller"
category = "Partner Types"
definition = "A reseller is a company that sells on."
forms = [{ text = "reseller", status = "preferred" }]
"#;

    #[test]
    fn loads_minimal_entry_with_derived_plural() {
        let g = load(&text(OK)).unwrap();
        let e = g.entry(g.by_id("reseller").unwrap());
        assert_eq!(e.preferred().plural.as_deref(), Some("resellers"));
        assert_eq!(e.origin.line, 2);
    }

    #[test]
    fn broken_toml_reports_line_and_column() {
        let errs = load(&text("[[entry]]\nid = \"x\"\ncategory = \n")).unwrap_err();
        assert_eq!(errs[0].location.path.as_ref(), "team.toml");
        assert_eq!(errs[0].location.line, 3, "{errs:?}");
    }

    #[test]
    fn duplicate_id_in_one_file_is_an_error() {
        let errs = load(&text(&format!("{OK}{OK}"))).unwrap_err();
        assert!(
            errs[0].message.contains("duplicate entry id `reseller`"),
            "{errs:?}"
        );
        assert_eq!(errs[0].location.line, 9);
    }

    #[test]
    fn later_file_overrides_same_id() {
        let mut sources = text(OK);
        sources.push(GlossarySource::Text {
            name: "b.toml".into(),
            text: OK.replace("sells on", "sells on, overridden"),
        });
        let g = load(&sources).unwrap();
        assert_eq!(g.entries().len(), 1);
        assert!(g.entries()[0].definition.contains("overridden"));
    }

    #[test]
    fn form_claimed_twice_and_unknown_reference() {
        let t = format!(
            "{OK}\n[[entry]]\nid = \"var\"\ncategory = \"x\"\ndefinition = \"d\"\nrelated = [\"nope\"]\nforms = [{{ text = \"Reseller\", status = \"preferred\" }}]\n"
        );
        let errs = load(&text(&t)).unwrap_err();
        let all = errs
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(all.contains("already claimed by entry `reseller`"), "{all}");
        assert!(
            all.contains("related `nope` is not the id of any entry"),
            "{all}"
        );
        assert!(all.contains("team.toml:13:"), "{all}");
    }

    #[test]
    fn weighted_cues_are_read_and_checked_where_written() {
        let with_cues =
            |cues: &str| OK.replace("forms =", &format!("cues = [\n  {cues}\n]\nforms ="));
        let g = load(&text(&with_cues(
            r#""resell*", { text = "Buys Stock", weight = 2 }, { weight = 3, text = "margin" }"#,
        )))
        .unwrap();
        let cues: Vec<(&str, u8)> = g.entries()[0]
            .cues
            .iter()
            .map(|c| (c.text.as_str(), c.weight))
            .collect();
        assert_eq!(cues, [("resell*", 1), ("buys stock", 2), ("margin", 3)]);
        for (cue, wanted) in [
            (
                r#""x", { text = "margin", weight = 4 }"#,
                "invalid cue weight 4",
            ),
            (
                r#""x", { text = "margin", weight = 0 }"#,
                "invalid cue weight 0",
            ),
            (r#""x", { text = "margin", weight = "high" }"#, "expected"),
            (r#""x", { text = "margin", weigth = 2 }"#, "weigth"),
            (r#""x", { weight = 2 }"#, "missing field `text`"),
            (
                r#""x", { text = "a*b", weight = 2 }"#,
                "invalid cue \"a*b\"",
            ),
            (r#""x", 7"#, "a cue: a string, or a table"),
        ] {
            let errs = load(&text(&with_cues(cue))).unwrap_err();
            let all = errs
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n");
            assert!(all.contains(wanted), "{cue}: {all}");
            // Reported at the cue's own line (the line after `cues = [`), with a column.
            assert_eq!(errs[0].location.line, 7, "{cue}: {all}");
            assert!(errs[0].location.column > 1, "{cue}: {all}");
        }
    }

    /// An example may pin the suggestion its finding offers; a clean example has none to pin.
    #[test]
    fn an_example_suggestion_needs_a_rule() {
        let with_example =
            |example: &str| OK.replace("forms =", &format!("example = [{example}]\nforms ="));
        let g = load(&text(&with_example(
            r#"{ expect = "non-preferred-form", suggest = "reseller", text = "A Reseller sells." }"#,
        )))
        .unwrap();
        let example = &g.entries()[0].examples[0];
        assert_eq!(example.suggest.as_deref(), Some("reseller"));
        let errs = load(&text(&with_example(
            r#"{ expect = "clean", suggest = "reseller", text = "A reseller sells." }"#,
        )))
        .unwrap_err();
        assert!(
            errs[0].message.contains("`suggest` needs a rule"),
            "{errs:?}"
        );
        assert_eq!((errs[0].location.line, errs[0].location.column), (6, 42));
    }

    #[test]
    fn quotes_must_be_verbatim() {
        let t = OK.replace("forms =", "key_fact = \"buys cheaply\"\nforms =");
        let errs = load(&text(&t)).unwrap_err();
        assert!(errs[0].message.contains("verbatim"), "{errs:?}");
        assert_eq!(errs[0].location.line, 6);
    }

    #[test]
    fn empty_glossary_and_unknown_keys_are_errors() {
        assert!(load(&text("# nothing\n")).unwrap_err()[0]
            .message
            .contains("no entries"));
        let errs = load(&text(&OK.replace("category", "categroy"))).unwrap_err();
        assert!(errs[0].message.contains("categroy"), "{errs:?}");
        assert!(load(&[]).unwrap_err()[0]
            .message
            .contains("no glossary entries"));
    }

    #[test]
    fn unreadable_file_is_an_error_not_a_panic() {
        let errs = load(&[GlossarySource::File("/nonexistent/g.toml".into())]).unwrap_err();
        assert!(errs[0]
            .to_string()
            .starts_with("/nonexistent/g.toml:1:1: cannot read"));
        // Named in a configuration: reported at the naming line, the path said once.
        let named_at = Location {
            path: "/p/.glossary-lsp.toml".into(),
            line: 2,
            column: 16,
        };
        let errs = load(&[GlossarySource::Listed {
            path: "/nonexistent/g.toml".into(),
            named_at,
        }])
        .unwrap_err();
        let shown = errs[0].to_string();
        assert!(
            shown.starts_with(
                "/p/.glossary-lsp.toml:2:16: cannot read glossary file /nonexistent/g.toml: "
            ),
            "{shown}"
        );
        assert_eq!(shown.matches("/nonexistent/g.toml").count(), 1, "{shown}");
    }

    #[test]
    fn devices_and_oversized_files_are_refused_without_reading_them() {
        let errs = load(&[GlossarySource::File("/dev/zero".into())]).unwrap_err();
        assert!(errs[0].message.contains("not a regular file"), "{errs:?}");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        std::fs::File::create(&big).unwrap().set_len(1_000).unwrap();
        let errs = load_limited(&[GlossarySource::File(big)], 999).unwrap_err();
        assert!(
            errs[0]
                .message
                .contains("too large: 1 KB (the limit is 999 bytes)"),
            "{errs:?}"
        );
    }

    #[test]
    fn an_entry_without_forms_is_an_error_not_a_panic() {
        let errs = load(&text(&OK.replace(
            "forms = [{ text = \"reseller\", status = \"preferred\" }]",
            "forms = []",
        )))
        .unwrap_err();
        assert!(errs[0].message.contains("at least one form"), "{errs:?}");
        assert_eq!(errs[0].location.line, 6);
    }

    #[test]
    fn builtin_loads() {
        let g = load(&[GlossarySource::Builtin]).expect("built-in glossary is valid");
        assert!(g.entries().len() >= 19);
    }
}
