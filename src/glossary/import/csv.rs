//! CSV and TSV glossaries: a header row, then one row per concept or one row per term.
//!
//! Headers are matched case-insensitively, spaces and punctuation aside, against the names
//! in [`COLUMNS`] ("Term", "Preferred term", "Definition", "Acronym", "Synonyms", "Status",
//! "Category", "See also"…); other columns are ignored, and [`super::Imported::columns`]
//! says how each header was taken. The delimiter is a tab for `.tsv`, else whichever of `,`
//! `;` and tab the header row uses most (spreadsheets in many locales write `;`).
//!
//! **Rows.** Without an `id` column each row is a concept: its `term` is the preferred form,
//! `abbreviation` and `variants` are admitted forms, `deprecated` lists discouraged forms
//! (several in a cell are separated by `;`, `|` or line breaks, else by commas). A row with no
//! definition whose `status` is admitted or deprecated (or whose `lang` is another language)
//! is another term of the concept above it: the one-row-per-term layout termbase tools export.
//! With an `id` column, rows with the same id are one concept, each row one term with its
//! status; this is the layout `glossary export --format csv` writes, so it round-trips.
//!
//! Every value keeps its place: an error or warning names the file, the row's line and the
//! cell's column.

use super::{
    ColumnUse, Draft, DraftEntry, DraftForm, DraftLanguage, ImportOptions, Imported, Locator,
    Plural, SourceFormat,
};
use crate::glossary::{FileError, ForeignForm, FormStatus, LanguageSection};
use std::collections::HashMap;

/// The columns read, each with the header names (lower case, letters and digits only) taken
/// for it.
pub(crate) const COLUMNS: &[(&str, &[&str])] = &[
    ("id", &["id", "conceptid", "concept", "entryid", "key"]),
    (
        "term",
        &[
            "term",
            "terms",
            "preferredterm",
            "preferred",
            "name",
            "word",
            "entry",
            "headword",
            "termname",
            "glossaryterm",
        ],
    ),
    (
        "definition",
        &[
            "definition",
            "definitions",
            "description",
            "meaning",
            "explanation",
            "desc",
        ],
    ),
    (
        "abbreviation",
        &[
            "abbreviation",
            "abbreviations",
            "acronym",
            "acronyms",
            "abbr",
            "abbrev",
            "shortform",
        ],
    ),
    (
        "variants",
        &[
            "variants",
            "variant",
            "synonyms",
            "synonym",
            "aliases",
            "alias",
            "alsoknownas",
            "aka",
            "otherforms",
            "alternatives",
            "admitted",
            "admittedterms",
            "allowed",
            "accepted",
        ],
    ),
    (
        "deprecated",
        &[
            "deprecated",
            "deprecatedterms",
            "avoid",
            "donotuse",
            "dontuse",
            "forbidden",
            "notrecommended",
            "nonpreferred",
            "incorrect",
            "wrong",
        ],
    ),
    (
        "status",
        &[
            "status",
            "administrativestatus",
            "termstatus",
            "usagestatus",
        ],
    ),
    (
        "category",
        &[
            "category",
            "categories",
            "subject",
            "subjectfield",
            "domain",
            "group",
            "section",
            "topic",
            "area",
        ],
    ),
    (
        "related",
        &[
            "related",
            "relatedterms",
            "seealso",
            "see",
            "crossreference",
            "crossreferences",
        ],
    ),
    ("lang", &["lang", "language", "locale", "languagecode"]),
    ("plural", &["plural", "pluralform"]),
    (
        "expansion",
        &[
            "expansion",
            "expandsto",
            "standsfor",
            "fullform",
            "longform",
        ],
    ),
    (
        "ambiguous",
        &["ambiguous", "othermeanings", "ambiguouswith"],
    ),
];

/// The column a header names, if any.
fn column_of(header: &str) -> Option<&'static str> {
    let key: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(c, _)| *c)
}

/// The status a cell names: the schema's words, TBX's `…Term-admn-sts` values, and what
/// spreadsheets say ("approved", "avoid", "do not use").
pub(crate) fn parse_status(cell: &str) -> Option<FormStatus> {
    let key: String = cell
        .to_lowercase()
        .trim_end_matches("-admn-sts")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let key = key.trim_end_matches("term");
    Some(match key {
        "preferred" | "approved" | "main" | "primary" | "standard" | "recommended" => {
            FormStatus::Preferred
        }
        "admitted" | "accepted" | "allowed" | "permitted" | "alternative" | "synonym"
        | "variant" | "legal" | "regulated" | "standardized" | "abbreviation" => {
            FormStatus::Admitted
        }
        "deprecated" | "avoid" | "donotuse" | "dontuse" | "forbidden" | "obsolete"
        | "superseded" | "notrecommended" | "rejected" | "nonpreferred" | "prohibited" => {
            FormStatus::Deprecated
        }
        _ => return None,
    })
}

/// Whether language tag `tag` is `wanted`, by primary subtag (`en-US` is `en`).
pub(crate) fn same_language(tag: &str, wanted: &str) -> bool {
    let primary = |t: &str| {
        t.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    primary(tag) == primary(wanted)
}

/// A cell that lists several forms.
fn split_list(cell: &str) -> Vec<String> {
    let parts: Vec<&str> = if cell.contains([';', '|', '\n']) {
        cell.split([';', '|', '\n']).collect()
    } else {
        cell.split(',').collect()
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_plural(cell: &str) -> Plural {
    match cell.trim().to_lowercase().as_str() {
        "" => Plural::Derived,
        "-" | "none" | "no" | "false" | "mass" | "uncountable" | "n/a" => Plural::Uncountable,
        _ => Plural::Word(cell.trim().to_string()),
    }
}

/// The byte offset of each field of the record starting at `start`.
fn field_offsets(text: &str, start: usize, delimiter: u8) -> Vec<usize> {
    let b = text.as_bytes();
    let mut offsets = vec![start];
    let mut i = start;
    let mut quoted = false;
    while i < b.len() {
        match b[i] {
            b'"' if quoted && b.get(i + 1) == Some(&b'"') => i += 1,
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            c if c == delimiter && !quoted => offsets.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    offsets
}

fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    for c in header.bytes() {
        if c == b'"' {
            quoted = !quoted;
        }
        if !quoted {
            for (d, n) in &mut counts {
                if *d == c {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, *d == b','))
        .map_or(b',', |(d, _)| *d)
}

/// One row's cells, by column, with where each is.
struct Row<'a> {
    cells: HashMap<&'static str, (&'a str, usize)>,
    start: usize,
}

impl Row<'_> {
    fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", |(v, _)| v.trim())
    }

    fn at(&self, column: &str) -> usize {
        self.cells.get(column).map_or(self.start, |(_, at)| *at)
    }
}

/// Reads a CSV or TSV glossary.
pub(super) fn read(
    text: &str,
    format: SourceFormat,
    locator: &Locator,
    options: &ImportOptions,
) -> Result<Imported, Vec<FileError>> {
    let delimiter = if format == SourceFormat::Tsv {
        b'\t'
    } else {
        sniff_delimiter(text)
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let csv_error = |e: ::csv::Error| {
        let offset = e.position().map_or(0, |p| p.byte() as usize);
        locator.error(offset, format!("invalid {}: {e}", format.name()))
    };
    let headers = reader.headers().map_err(|e| vec![csv_error(e)])?.clone();
    let header_offsets = field_offsets(text, 0, delimiter);
    let mut columns: Vec<ColumnUse> = Vec::new();
    let mut index: Vec<(usize, &'static str)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let column = column_of(h).filter(|c| !index.iter().any(|(_, d)| d == c));
        if let Some(c) = column {
            index.push((i, c));
        }
        columns.push(ColumnUse {
            header: h.to_string(),
            column,
        });
    }
    if !index.iter().any(|(_, c)| *c == "term") {
        let names: Vec<&str> = COLUMNS
            .iter()
            .find(|(c, _)| *c == "term")
            .map(|(_, n)| n.to_vec())
            .unwrap_or_default();
        return Err(vec![locator.error(
            header_offsets.first().copied().unwrap_or(0),
            format!(
                "no term column in the header row: expected a column named {} (case and spaces aside)",
                names.join(", ")
            ),
        )]);
    }
    let has_id = index.iter().any(|(_, c)| *c == "id");
    let mut entries: Vec<DraftEntry> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(csv_error(e));
                break;
            }
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let offsets = field_offsets(text, start, delimiter);
        let mut cells = HashMap::new();
        for &(i, c) in &index {
            if let Some(v) = record.get(i) {
                let at = offsets.get(i).copied().unwrap_or(start);
                // A quoted cell's text starts after its quote.
                let at = if text.as_bytes().get(at) == Some(&b'"') {
                    at + 1
                } else {
                    at
                };
                cells.insert(c, (v, at));
            }
        }
        let row = Row { cells, start };
        if let Err(e) = add_row(
            &row,
            has_id,
            options,
            locator,
            &mut entries,
            &mut by_id,
            &mut warnings,
        ) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if entries.is_empty() {
        return Err(vec![locator.error(
            0,
            format!("the {} has no rows with a term", format.name()),
        )]);
    }
    Ok(Imported {
        draft: Draft {
            source: locator.at(0).path,
            format,
            title: None,
            lang: options.lang.clone(),
            entries,
        },
        warnings,
        columns,
    })
}

fn add_row(
    row: &Row,
    has_id: bool,
    options: &ImportOptions,
    locator: &Locator,
    entries: &mut Vec<DraftEntry>,
    by_id: &mut HashMap<String, usize>,
    warnings: &mut Vec<FileError>,
) -> Result<(), FileError> {
    let term = row.get("term");
    if term.is_empty() {
        if row.cells.values().any(|(v, _)| !v.trim().is_empty()) {
            warnings.push(locator.error(row.start, "a row without a term; left out"));
        }
        return Ok(());
    }
    let status_cell = row.get("status");
    let status = if status_cell.is_empty() {
        None
    } else {
        Some(parse_status(status_cell).ok_or_else(|| {
            locator.error(
                row.at("status"),
                format!("unknown status `{status_cell}`: expected preferred, admitted or deprecated (approved, accepted, avoid, forbidden… are understood too)"),
            )
        })?)
    };
    let lang = row.get("lang");
    let main = lang.is_empty() || same_language(lang, &options.lang);
    // A line break in a spreadsheet cell is formatting, not part of the definition.
    let definition = crate::fold::fold_pattern(row.get("definition"));
    let definition = definition.as_str();
    let id = row.get("id");
    // The concept this row belongs to.
    let continues = !entries.is_empty()
        && definition.is_empty()
        && (!main || matches!(status, Some(FormStatus::Admitted | FormStatus::Deprecated)));
    let target = if has_id && !id.is_empty() {
        by_id.get(id).copied()
    } else if !has_id && continues {
        Some(entries.len() - 1)
    } else {
        None
    };
    let fresh = target.is_none();
    let target = match target {
        Some(t) => t,
        None => {
            entries.push(DraftEntry {
                id: id.to_string(),
                category: String::new(),
                definition: String::new(),
                forms: Vec::new(),
                related: Vec::new(),
                languages: Vec::new(),
                notes: Vec::new(),
                at: locator.at(row.at("term")),
                definition_at: locator.at(row.at("term")),
            });
            if has_id && !id.is_empty() {
                by_id.insert(id.to_string(), entries.len() - 1);
            }
            entries.len() - 1
        }
    };
    let e = &mut entries[target];
    if !main {
        let at = locator.at(row.at("term"));
        let section = match e.languages.iter().position(|l| l.section.lang == lang) {
            Some(i) => &mut e.languages[i],
            None => {
                e.languages.push(DraftLanguage {
                    section: LanguageSection {
                        lang: lang.to_string(),
                        definition: None,
                        forms: Vec::new(),
                    },
                    at,
                });
                e.languages.last_mut().expect("just pushed")
            }
        };
        let first = section.section.forms.is_empty();
        let mut push = |text: &str, status: FormStatus| {
            if !section.section.forms.iter().any(|f| f.text == text) {
                section.section.forms.push(ForeignForm {
                    text: crate::fold::fold_pattern(text),
                    status,
                });
            }
        };
        let own = status.unwrap_or(if first {
            FormStatus::Preferred
        } else {
            FormStatus::Admitted
        });
        push(term, own);
        for v in split_list(row.get("abbreviation"))
            .iter()
            .chain(&split_list(row.get("variants")))
        {
            push(v, FormStatus::Admitted);
        }
        for v in split_list(row.get("deprecated")) {
            push(&v, FormStatus::Deprecated);
        }
        if !definition.is_empty() && section.section.definition.is_none() {
            section.section.definition = Some(definition.to_string());
        }
        return Ok(());
    }
    let first = e.forms.is_empty();
    let own = status.unwrap_or(if first && (fresh || has_id) {
        FormStatus::Preferred
    } else {
        FormStatus::Admitted
    });
    let form = |text: &str, status: FormStatus, column: &str| DraftForm {
        text: text.to_string(),
        status,
        plural: Plural::Derived,
        expansion: None,
        ambiguous: Vec::new(),
        at: locator.at(row.at(column)),
    };
    let mut term_form = form(term, own, "term");
    term_form.plural = parse_plural(row.get("plural"));
    let expansion = row.get("expansion");
    let ambiguous = split_list(row.get("ambiguous"));
    let term_is_acronym = crate::glossary::is_acronym(term);
    if term_is_acronym {
        term_form.expansion = (!expansion.is_empty()).then(|| expansion.to_string());
        term_form.ambiguous = ambiguous.clone();
    }
    e.forms.push(term_form);
    for a in split_list(row.get("abbreviation")) {
        let mut f = form(&a, FormStatus::Admitted, "abbreviation");
        if !term_is_acronym {
            f.expansion = (!expansion.is_empty()).then(|| expansion.to_string());
            f.ambiguous = ambiguous.clone();
        }
        e.forms.push(f);
    }
    for v in split_list(row.get("variants")) {
        e.forms.push(form(&v, FormStatus::Admitted, "variants"));
    }
    for v in split_list(row.get("deprecated")) {
        e.forms.push(form(&v, FormStatus::Deprecated, "deprecated"));
    }
    if !definition.is_empty() {
        if e.definition.is_empty() {
            e.definition = definition.to_string();
            e.definition_at = locator.at(row.at("definition"));
        } else if e.definition != definition {
            warnings.push(locator.error(
                row.at("definition"),
                "a second definition for the same concept; kept as a note",
            ));
            e.notes.push(definition.to_string());
        }
    }
    let category = row.get("category");
    if e.category.is_empty() && !category.is_empty() {
        e.category = category.to_string();
    }
    if e.category.is_empty() && fresh {
        e.category = super::markdown::DEFAULT_CATEGORY.to_string();
    }
    for r in split_list(row.get("related")) {
        if !e.related.contains(&r) {
            e.related.push(r);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_statuses_and_lists() {
        assert_eq!(column_of("Preferred Term"), Some("term"));
        assert_eq!(column_of("See also"), Some("related"));
        assert_eq!(column_of("Do not use"), Some("deprecated"));
        assert_eq!(column_of("Notes"), None);
        assert_eq!(
            parse_status("deprecatedTerm-admn-sts"),
            Some(FormStatus::Deprecated)
        );
        assert_eq!(parse_status("Approved"), Some(FormStatus::Preferred));
        assert_eq!(parse_status("Do not use"), Some(FormStatus::Deprecated));
        assert_eq!(parse_status("maybe"), None);
        assert_eq!(split_list("a; b |c"), ["a", "b", "c"]);
        assert_eq!(split_list("a, b"), ["a", "b"]);
        assert_eq!(sniff_delimiter("Term;Definition\nx;\"a, b\""), b';');
        assert_eq!(field_offsets("a,\"b,\"\"c\",d\n", 0, b','), [0, 2, 10]);
        assert!(same_language("en-US", "en"));
        assert!(!same_language("de", "en"));
    }
}
