//! A [`Draft`] as the project's TOML glossary: commented for the team that refines it, and with
//! every line's origin in the file it was read from, so the loader can report errors there.

use super::{Draft, DraftEntry, DraftForm, Plural};
use crate::glossary::{FormStatus, Location};

/// TOML generated from a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedToml {
    /// The TOML text.
    pub text: String,
    /// For each line of `text`, the place in the source file it came from.
    pub origins: Vec<Location>,
}

/// Lines being written, each with its origin.
struct Writer {
    text: String,
    origins: Vec<Location>,
}

impl Writer {
    fn line(&mut self, line: &str, origin: &Location) {
        debug_assert!(!line.contains('\n'));
        self.text.push_str(line);
        self.text.push('\n');
        self.origins.push(origin.clone());
    }

    /// A comment, wrapped at 96 columns.
    fn comment(&mut self, text: &str, origin: &Location) {
        let mut line = String::from("#");
        for word in text.split_whitespace() {
            if line.chars().count() + word.chars().count() > 95 && line.len() > 1 {
                self.line(&line, origin);
                line = String::from("#");
            }
            line.push(' ');
            line.push_str(word);
        }
        self.line(&line, origin);
    }
}

/// A TOML basic string: quoted, with `"`, `\` and control characters escaped, on one line.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn string_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn form_table(f: &DraftForm) -> String {
    let mut s = format!(
        "{{ text = {}, status = {}",
        quote(&f.text),
        quote(f.status.as_str())
    );
    match &f.plural {
        Plural::Derived => {}
        Plural::Uncountable => s.push_str(", plural = false"),
        Plural::Word(w) => s.push_str(&format!(", plural = {}", quote(w))),
    }
    if let Some(e) = &f.expansion {
        s.push_str(&format!(", expansion = {}", quote(e)));
    }
    if !f.ambiguous.is_empty() {
        s.push_str(&format!(", ambiguous = {}", string_list(&f.ambiguous)));
    }
    s.push_str(" }");
    s
}

/// Writes `draft` as a commented TOML glossary in the project's schema.
pub fn to_toml(draft: &Draft) -> GeneratedToml {
    let start = draft
        .entries
        .first()
        .map(|e| e.at.clone())
        .unwrap_or_else(|| Location {
            path: draft.source.clone(),
            line: 1,
            column: 1,
        });
    let mut w = Writer {
        text: String::new(),
        origins: Vec::new(),
    };
    let categories: Vec<&str> = {
        let mut c: Vec<&str> = Vec::new();
        for e in &draft.entries {
            if !c.contains(&e.category.as_str()) {
                c.push(&e.category);
            }
        }
        c
    };
    let name = std::path::Path::new(&*draft.source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| draft.source.to_string());
    w.comment(
        &format!(
            "Glossary imported by glossary-lsp from {name} ({}){}: {} terms in {} categor{}.",
            draft.format.name(),
            draft
                .title
                .as_ref()
                .map(|t| format!(", \u{201c}{t}\u{201d}"))
                .unwrap_or_default(),
            draft.entries.len(),
            categories.len(),
            if categories.len() == 1 { "y" } else { "ies" }
        ),
        &start,
    );
    w.line("#", &start);
    w.comment(
        "Definitions are copied verbatim. Forms, acronyms and categories were read from the source; check them, then refine the glossary as glossary/README.md describes: add the deprecated forms writers use (`glossary-lsp glossary suggest DOCS` proposes some), cues, a key_fact and confusables for terms people mix up, and examples, which run as tests with `glossary-lsp glossary test FILE`.",
        &start,
    );
    if draft.entries.iter().any(|e| !e.languages.is_empty()) {
        w.comment(
            &format!(
                "The glossary's language is `{}`; [[entry.language]] tables keep the other languages of the termbase for export (the checks ignore them).",
                draft.lang
            ),
            &start,
        );
    }
    w.line("", &start);
    w.line("schema = 1", &start);
    let mut category: Option<&str> = None;
    for e in &draft.entries {
        if categories.len() > 1 && category != Some(e.category.as_str()) {
            category = Some(&e.category);
            let rule = "\u{2500}".repeat(93);
            w.line("", &e.at);
            w.line(&format!("# {rule}"), &e.at);
            w.line(&format!("# {}", e.category.replace('\n', " ")), &e.at);
            w.line(&format!("# {rule}"), &e.at);
        }
        entry(&mut w, e);
    }
    GeneratedToml {
        text: w.text,
        origins: w.origins,
    }
}

fn entry(w: &mut Writer, e: &DraftEntry) {
    w.line("", &e.at);
    w.line("[[entry]]", &e.at);
    w.line(&format!("# From {}.", e.at), &e.at);
    for note in &e.notes {
        w.comment(note, &e.at);
    }
    w.line(&format!("id = {}", quote(&e.id)), &e.at);
    w.line(&format!("category = {}", quote(&e.category)), &e.at);
    w.line(
        &format!("definition = {}", quote(&e.definition)),
        &e.definition_at,
    );
    w.line("forms = [", &e.at);
    for f in &e.forms {
        w.line(&format!("  {},", form_table(f)), &f.at);
    }
    w.line("]", &e.at);
    if !e.related.is_empty() {
        w.line(&format!("related = {}", string_list(&e.related)), &e.at);
    }
    for l in &e.languages {
        let s = &l.section;
        w.line("", &l.at);
        w.line("[[entry.language]]", &l.at);
        w.line(&format!("lang = {}", quote(&s.lang)), &l.at);
        if let Some(d) = &s.definition {
            w.line(&format!("definition = {}", quote(d)), &l.at);
        }
        w.line("forms = [", &l.at);
        for f in &s.forms {
            let status: FormStatus = f.status;
            w.line(
                &format!(
                    "  {{ text = {}, status = {} }},",
                    quote(&f.text),
                    quote(status.as_str())
                ),
                &l.at,
            );
        }
        w.line("]", &l.at);
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_are_valid_toml_strings() {
        for s in [
            "plain",
            "with \"quotes\" and \\",
            "tab\there\nline",
            "\u{1}ctl",
            "é — ok",
        ] {
            let doc = format!("v = {}\n", quote(s));
            let parsed: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(parsed["v"].as_str(), Some(s), "{doc}");
        }
    }
}
