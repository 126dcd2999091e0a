//! TBX termbases (ISO 30042): TBX-Basic and the TBX v3 core, in both the 2008 `martif` form
//! and the 2019 `tbx` form, data categories written as `<descrip type="…">` (DCA style) or as
//! elements of their own (DCT style, `<basic:administrativeStatus>`).
//!
//! What is read, per concept (`conceptEntry` / `termEntry`):
//!
//! | TBX | glossary |
//! |---|---|
//! | `id` | the entry id, when readable (`value-added-reseller`; `c12` or a GUID is replaced by the preferred term's kebab case) |
//! | `subjectField` | category |
//! | `definition` (language section, else concept, else a term's) | definition |
//! | terms of the main language section, with `administrativeStatus` | forms: preferred / admitted / deprecated (superseded and not-recommended count as deprecated) |
//! | `termType` abbreviation/acronym | an acronym form; its expansion from a `note` "glossary-lsp: expansion = …" |
//! | `grammaticalNumber` mass, or a note "glossary-lsp: plural = none" | no plural |
//! | `crossReference` to a concept (or a term of one) | related |
//! | other language sections | `[[entry.language]]` data, kept for export |
//! | other `note`s | comments above the entry |
//!
//! The main language is `--lang` (default English), matched by primary subtag; a termbase with
//! no term in it falls back to its own `xml:lang`. A concept with no term in the main
//! language is left out with a warning.
//!
//! **Safety.** No entity is ever declared or expanded (no XXE, no billion laughs): a document
//! type declaration with an internal subset (`<!DOCTYPE x [ … ]>`) is refused, and one that only
//! names an external DTD — as translate-toolkit, and so Weblate and Pootle, write it — is
//! ignored, never fetched; `roxmltree` then parses with DTDs off. The size is bounded by the
//! loader's glossary size limit, and the number of XML nodes by [`MAX_NODES`].

use super::csv::{parse_status, same_language};
use super::{
    Draft, DraftEntry, DraftForm, DraftLanguage, ImportOptions, Imported, Locator, Plural,
    SourceFormat,
};
use crate::glossary::{FileError, ForeignForm, FormStatus, LanguageSection};
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::HashMap;

/// The most XML nodes read from one termbase.
pub const MAX_NODES: u32 = 5_000_000;

/// The prefix of notes carrying data TBX has no category for.
pub(crate) const NOTE_PREFIX: &str = "glossary-lsp:";

/// Reads a TBX termbase.
pub(super) fn read(
    text: &str,
    locator: &Locator,
    options: &ImportOptions,
) -> Result<Imported, Vec<FileError>> {
    let parsing = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let text = without_external_doctype(text, locator)?;
    let text = text.as_ref();
    let doc = Document::parse_with_options(text, parsing).map_err(|e| {
        let pos = e.pos();
        // roxmltree stops at the declaration without saying where it is.
        let location = match (&e, text.find("<!DOCTYPE")) {
            (roxmltree::Error::DtdDetected, Some(at)) => locator.at(at),
            _ => locator.line_col(pos.row as usize, pos.col as usize),
        };
        let message = match e {
            roxmltree::Error::DtdDetected => DTD_REFUSED.to_string(),
            roxmltree::Error::NodesLimitReached => {
                format!("too many XML nodes (the limit is {MAX_NODES})")
            }
            other => format!("not well-formed XML: {other}"),
        };
        vec![FileError { location, message }]
    })?;
    let root = doc.root_element();
    let at = |n: Node| {
        let p = doc.text_pos_at(n.range().start);
        locator.line_col(p.row as usize, p.col as usize)
    };
    if !matches!(root.tag_name().name(), "tbx" | "martif") {
        return Err(vec![FileError {
            location: at(root),
            message: format!(
                "not a TBX termbase: the root element is <{}>, expected <tbx> (TBX v3) or <martif> (TBX 2008)",
                root.tag_name().name()
            ),
        }]);
    }
    let concepts: Vec<Node> = root
        .descendants()
        .filter(|n| matches!(n.tag_name().name(), "conceptEntry" | "termEntry"))
        .collect();
    let mut warnings = Vec::new();
    let main = main_language(&doc, &concepts, &options.lang, &mut warnings, locator);
    let mut entries = Vec::new();
    // TBX ids (of concepts and their terms) → index in `entries`.
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut references: Vec<(usize, String)> = Vec::new();
    for concept in &concepts {
        let Some(mut entry) = read_concept(*concept, &main, &at, &mut warnings) else {
            continue;
        };
        let index = entries.len();
        for n in concept.descendants() {
            if let Some(id) = n.attribute("id") {
                owner.insert(id.to_string(), index);
            }
        }
        for target in cross_references(*concept) {
            references.push((index, target));
        }
        if !readable_id(&entry.id) {
            entry.id.clear();
        }
        entries.push(entry);
    }
    // Related: the target concept's id if kept, else its preferred term (tidy resolves it).
    for (from, target) in references {
        let target = target.trim_start_matches('#');
        let Some(&to) = owner.get(target) else {
            warnings.push(FileError {
                location: entries[from].at.clone(),
                message: format!("cross-reference to `{target}`, which is no concept or term in this termbase; left out"),
            });
            continue;
        };
        let name = if entries[to].id.is_empty() {
            entries[to]
                .forms
                .first()
                .map(|f| f.text.clone())
                .unwrap_or_default()
        } else {
            entries[to].id.clone()
        };
        if to != from && !entries[from].related.contains(&name) {
            entries[from].related.push(name);
        }
    }
    if entries.is_empty() {
        return Err(vec![FileError {
            location: at(root),
            message: format!("the termbase has no concept with a term in `{main}`"),
        }]);
    }
    let title = root
        .descendants()
        .find(|n| n.tag_name().name() == "title")
        .map(text_of)
        .filter(|t| !t.is_empty());
    Ok(Imported {
        draft: Draft {
            source: locator.at(0).path,
            format: SourceFormat::Tbx,
            title,
            lang: main,
            entries,
        },
        warnings,
        columns: Vec::new(),
    })
}

const DTD_REFUSED: &str = "a DTD with declarations (<!DOCTYPE … [ … ]>) is not accepted in a termbase: entities are never declared or expanded; remove it";

/// `text` with a document type declaration that only names an external DTD blanked out (its
/// characters but line breaks made spaces, so places stay where they were); one with an
/// internal subset is an error at its start.
fn without_external_doctype<'t>(
    text: &'t str,
    locator: &Locator,
) -> Result<std::borrow::Cow<'t, str>, Vec<FileError>> {
    let Some(start) = text.find("<!DOCTYPE") else {
        return Ok(std::borrow::Cow::Borrowed(text));
    };
    let mut quote: Option<char> = None;
    for (i, c) in text[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => return Err(vec![locator.error(start, DTD_REFUSED)]),
            (None, '>') => {
                let end = start + i + 1;
                let blank: String = text[start..end]
                    .chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' })
                    .collect::<String>()
                    // Multi-byte characters become one space each: pad to keep byte offsets.
                    + &" ".repeat(text[start..end].len() - text[start..end].chars().count());
                return Ok(std::borrow::Cow::Owned(format!(
                    "{}{blank}{}",
                    &text[..start],
                    &text[end..]
                )));
            }
            _ => {}
        }
    }
    Err(vec![
        locator.error(start, "a <!DOCTYPE declaration that never ends")
    ])
}

/// `wanted` if some language section is in it, else the root's `xml:lang`, else the first
/// section's language.
fn main_language(
    doc: &Document,
    concepts: &[Node],
    wanted: &str,
    warnings: &mut Vec<FileError>,
    locator: &Locator,
) -> String {
    let langs: Vec<String> = concepts
        .iter()
        .flat_map(|c| c.children().filter(is_language_section))
        .filter_map(|l| lang_of(&l))
        .collect();
    if langs.is_empty() || langs.iter().any(|l| same_language(l, wanted)) {
        return wanted.to_string();
    }
    let fallback = lang_of(&doc.root_element())
        .filter(|r| langs.iter().any(|l| same_language(l, r)))
        .unwrap_or_else(|| langs[0].clone());
    warnings.push(locator.error(
        0,
        format!("no terms in `{wanted}`; reading the `{fallback}` terms as the glossary's (choose with --lang)"),
    ));
    fallback
}

fn is_language_section(n: &Node) -> bool {
    matches!(n.tag_name().name(), "langSec" | "langSet")
}

fn lang_of(n: &Node) -> Option<String> {
    n.attribute((roxmltree::NS_XML_URI, "lang"))
        .or_else(|| n.attribute("lang"))
        .map(str::to_string)
}

/// All text under `n`, white space folded.
fn text_of(n: Node) -> String {
    let raw: String = n
        .descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect();
    crate::fold::fold_pattern(&raw)
}

/// The data category an element carries: its `type` (DCA style) or its own name (DCT style).
fn category_of<'a>(n: &Node<'a, 'a>) -> Option<&'a str> {
    if !n.is_element() {
        return None;
    }
    let name = n.tag_name().name();
    match name {
        "descrip" | "termNote" | "admin" | "ref" | "xref" | "descripNote" | "adminNote"
        | "transac" | "transacNote" => n.attribute("type"),
        "note" => Some("note"),
        _ => Some(name),
    }
}

/// The data elements under `n`, not descending into the elements named in `stop`.
fn data<'a>(n: Node<'a, 'a>, stop: &[&str]) -> Vec<(&'a str, Node<'a, 'a>)> {
    let mut out = Vec::new();
    let mut stack: Vec<Node> = n.children().collect();
    stack.reverse();
    while let Some(c) = stack.pop() {
        if !c.is_element() || stop.contains(&c.tag_name().name()) {
            continue;
        }
        if let Some(cat) = category_of(&c) {
            out.push((cat, c));
        }
        let mut kids: Vec<Node> = c.children().collect();
        kids.reverse();
        stack.extend(kids);
    }
    out
}

const SECTIONS: &[&str] = &["langSec", "langSet"];
const TERM_SECTIONS: &[&str] = &["termSec", "tig", "ntig"];

fn cross_references(concept: Node) -> Vec<String> {
    concept
        .descendants()
        .filter(|n| category_of(n) == Some("crossReference"))
        .filter_map(|n| n.attribute("target").map(str::to_string))
        .collect()
}

/// A term section, read.
struct TermData {
    text: String,
    status: Option<FormStatus>,
    plural: Plural,
    expansion: Option<String>,
    ambiguous: Vec<String>,
    definition: Option<String>,
    plural_of_previous: bool,
    /// `grammaticalNumber` says mass noun: the concept is uncountable, all its forms.
    mass: bool,
    notes: Vec<String>,
}

fn read_term(t: Node) -> Option<TermData> {
    let term = t.descendants().find(|n| n.tag_name().name() == "term")?;
    let text = text_of(term);
    if text.is_empty() {
        return None;
    }
    let mut d = TermData {
        text,
        status: None,
        plural: Plural::Derived,
        expansion: None,
        ambiguous: Vec::new(),
        definition: None,
        plural_of_previous: false,
        mass: false,
        notes: Vec::new(),
    };
    for (cat, n) in data(t, &[]) {
        let value = text_of(n);
        match cat {
            "administrativeStatus" | "normativeAuthorization" => d.status = parse_status(&value),
            "grammaticalNumber" => match value.to_lowercase().as_str() {
                "mass" | "uncountable" | "massnoun" => {
                    d.plural = Plural::Uncountable;
                    d.mass = true;
                }
                "plural" => d.plural_of_previous = true,
                _ => {}
            },
            "definition" => d.definition = Some(value),
            "note" => match value.strip_prefix(NOTE_PREFIX).map(str::trim) {
                Some(own) => read_own_note(own, &mut d),
                None => d.notes.push(value),
            },
            _ => {}
        }
    }
    Some(d)
}

/// "expansion = …", "ambiguous = a; b", "plural = none|word".
fn read_own_note(note: &str, d: &mut TermData) {
    let Some((key, value)) = note.split_once('=') else {
        return;
    };
    let value = value.trim();
    match key.trim() {
        "expansion" => d.expansion = Some(value.to_string()),
        "ambiguous" => {
            d.ambiguous = value
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        }
        "plural" if value == "none" => d.plural = Plural::Uncountable,
        "plural" => d.plural = Plural::Word(value.to_string()),
        _ => {}
    }
}

fn read_concept<'a>(
    concept: Node<'a, 'a>,
    main: &str,
    at: &dyn Fn(Node) -> crate::glossary::Location,
    warnings: &mut Vec<FileError>,
) -> Option<DraftEntry> {
    let concept_data = data(concept, SECTIONS);
    let first = |cat: &str| {
        concept_data
            .iter()
            .find(|(c, _)| *c == cat)
            .map(|(_, n)| text_of(*n))
            .filter(|t| !t.is_empty())
    };
    let category =
        first("subjectField").unwrap_or_else(|| super::markdown::DEFAULT_CATEGORY.to_string());
    let mut notes: Vec<String> = concept_data
        .iter()
        .filter(|(c, _)| *c == "note")
        .map(|(_, n)| text_of(*n))
        .collect();
    let sections: Vec<Node> = concept.children().filter(is_language_section).collect();
    let main_section = sections
        .iter()
        .find(|s| lang_of(s).is_some_and(|l| same_language(&l, main)));
    let Some(main_section) = main_section else {
        warnings.push(FileError {
            location: at(concept),
            message: format!(
                "concept {} has no term in `{main}`; left out",
                concept
                    .attribute("id")
                    .map(|i| format!("`{i}`"))
                    .unwrap_or_default()
            ),
        });
        return None;
    };
    let section_definition = data(*main_section, TERM_SECTIONS)
        .into_iter()
        .find(|(c, _)| *c == "definition")
        .map(|(_, n)| (text_of(n), at(n)));
    let concept_definition = concept_data
        .iter()
        .find(|(c, _)| *c == "definition")
        .map(|(_, n)| (text_of(*n), at(*n)));
    let mut forms: Vec<DraftForm> = Vec::new();
    let mut term_definition = None;
    let mut mass = false;
    for t in main_section
        .children()
        .filter(|n| TERM_SECTIONS.contains(&n.tag_name().name()))
    {
        let Some(d) = read_term(t) else { continue };
        if d.plural_of_previous {
            if let Some(prev) = forms.last_mut() {
                if crate::glossary::derive_plural(&prev.text) != d.text {
                    prev.plural = Plural::Word(d.text.clone());
                }
            }
            continue;
        }
        if term_definition.is_none() {
            term_definition = d.definition.clone().map(|x| (x, at(t)));
        }
        notes.extend(d.notes.iter().map(|n| format!("{}: {n}", d.text)));
        mass |= d.mass;
        let status = d.status.unwrap_or(if forms.is_empty() {
            FormStatus::Preferred
        } else {
            FormStatus::Admitted
        });
        forms.push(DraftForm {
            text: d.text,
            status,
            plural: d.plural,
            expansion: d.expansion,
            ambiguous: d.ambiguous,
            at: at(t),
        });
    }
    if forms.is_empty() {
        warnings.push(FileError {
            location: at(*main_section),
            message: format!("a `{main}` language section with no term; left out"),
        });
        return None;
    }
    // A mass noun is one in all its forms.
    if mass {
        for f in &mut forms {
            if f.plural == Plural::Derived {
                f.plural = Plural::Uncountable;
            }
        }
    }
    let (definition, definition_at) = section_definition
        .or(concept_definition)
        .or(term_definition)
        .unwrap_or_else(|| (String::new(), at(concept)));
    let languages = sections
        .iter()
        .filter(|s| s.id() != main_section.id())
        .filter_map(|s| other_language(*s, at))
        .collect();
    Some(DraftEntry {
        id: concept.attribute("id").unwrap_or("").to_string(),
        category,
        definition,
        forms,
        related: Vec::new(),
        languages,
        notes,
        at: at(concept),
        definition_at,
    })
}

fn other_language(
    section: Node,
    at: &dyn Fn(Node) -> crate::glossary::Location,
) -> Option<DraftLanguage> {
    let lang = lang_of(&section)?;
    let definition = data(section, TERM_SECTIONS)
        .into_iter()
        .find(|(c, _)| *c == "definition")
        .map(|(_, n)| text_of(n))
        .filter(|d| !d.is_empty());
    let mut forms: Vec<ForeignForm> = Vec::new();
    for t in section
        .children()
        .filter(|n| TERM_SECTIONS.contains(&n.tag_name().name()))
    {
        let Some(d) = read_term(t) else { continue };
        if d.plural_of_previous {
            continue;
        }
        let status = d.status.unwrap_or(if forms.is_empty() {
            FormStatus::Preferred
        } else {
            FormStatus::Admitted
        });
        forms.push(ForeignForm {
            text: d.text,
            status,
        });
    }
    Some(DraftLanguage {
        section: LanguageSection {
            lang,
            definition,
            forms,
        },
        at: at(section),
    })
}

/// Whether a termbase's concept id reads as an id a team would keep: a valid entry id with a
/// word in it, not a serial number (`c12`) or a GUID.
fn readable_id(id: &str) -> bool {
    let hex_digits = id.chars().filter(char::is_ascii_hexdigit).count();
    let longest_letters = id
        .split(|c: char| !c.is_ascii_lowercase())
        .map(str::len)
        .max()
        .unwrap_or(0);
    super::valid_id(id) && longest_letters >= 3 && hex_digits < 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_ids() {
        assert!(readable_id("value-added-reseller"));
        assert!(!readable_id("c12"));
        assert!(!readable_id("C12"));
        assert!(!readable_id("3f2a9c1e-0b7d-4a55-9c1e-0b7d4a559c1e"));
    }
}
