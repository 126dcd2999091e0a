//! A glossary written out for other tools: a TBX-Basic termbase (TBX v3, DCA style) or a CSV
//! file, the other direction of [`super::import`].
//!
//! Both carry the *exchange data* of each entry: its id, category (TBX `subjectField`),
//! definition, forms with their status (`administrativeStatus`), acronyms (`termType`),
//! related entries (`crossReference`) and other languages. What TBX has no data category for
//! — an acronym's expansion when it is not the preferred form, its other meanings, a form with
//! no plural or an irregular one — goes in a `<note>` starting `glossary-lsp:` on the term,
//! which the importer reads back; other tools show it as a note. So a glossary exported and
//! imported again has the same exchange data (a property test checks it, for TBX and CSV).
//!
//! The engine's own data — cues, key facts, confusables, contradictions, examples, exception
//! phrases — has no place in either format and is left out; [`Exported::left_out`] says what
//! was, for the front end to tell the user.

use super::{derive_plural, Entry, FormStatus, Glossary};

/// The formats a glossary is exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// TBX-Basic, TBX v3 (ISO 30042:2019), DCA style.
    Tbx,
    /// CSV with a header row, one row per term, grouped by an `id` column.
    Csv,
}

/// An exported glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The file's text.
    pub text: String,
    /// What the format could not carry, one line each ("cues of 12 entries").
    pub left_out: Vec<String>,
}

/// Writes `glossary` as `format`, its forms and definitions in language `lang`.
pub fn export(glossary: &Glossary, format: ExportFormat, lang: &str) -> Exported {
    let text = match format {
        ExportFormat::Tbx => to_tbx(glossary, lang),
        ExportFormat::Csv => to_csv(glossary, lang),
    };
    Exported {
        text,
        left_out: left_out(glossary),
    }
}

/// The CSV columns written, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "lang",
    "term",
    "status",
    "plural",
    "expansion",
    "ambiguous",
    "category",
    "definition",
    "related",
];

/// The plural of a form as data: `None` when derived by rule.
fn plural_note(text: &str, plural: &Option<String>) -> Option<String> {
    match plural {
        None => Some("none".into()),
        Some(p) if *p == derive_plural(text) => None,
        Some(p) => Some(p.clone()),
    }
}

fn to_csv(g: &Glossary, lang: &str) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let mut rows: Vec<[String; 10]> = Vec::new();
    for e in g.entries() {
        for (i, f) in e.forms.iter().enumerate() {
            let first = i == 0;
            rows.push([
                e.id.clone(),
                lang.to_string(),
                f.text.clone(),
                f.status.as_str().to_string(),
                plural_note(&f.text, &f.plural).unwrap_or_default(),
                f.expansion.clone().unwrap_or_default(),
                f.ambiguous.join("; "),
                if first {
                    e.category.clone()
                } else {
                    String::new()
                },
                if first {
                    e.definition.clone()
                } else {
                    String::new()
                },
                if first {
                    e.related.join("; ")
                } else {
                    String::new()
                },
            ]);
        }
        for l in &e.languages {
            for (i, f) in l.forms.iter().enumerate() {
                rows.push([
                    e.id.clone(),
                    l.lang.clone(),
                    f.text.clone(),
                    f.status.as_str().to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    if i == 0 {
                        l.definition.clone().unwrap_or_default()
                    } else {
                        String::new()
                    },
                    String::new(),
                ]);
            }
        }
    }
    // Writing to memory cannot fail.
    let _ = w.write_record(CSV_COLUMNS);
    for r in rows {
        let _ = w.write_record(&r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
}

/// Escapes text for XML content and attribute values.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// TBX's name for a status.
fn admin_status(s: FormStatus) -> &'static str {
    match s {
        FormStatus::Preferred => "preferredTerm-admn-sts",
        FormStatus::Admitted => "admittedTerm-admn-sts",
        FormStatus::Deprecated => "deprecatedTerm-admn-sts",
    }
}

fn to_tbx(g: &Glossary, lang: &str) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{}\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n",
        xml(lang)
    ));
    out.push_str("  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n");
    out.push_str(&format!(
        "        <p>Exported by glossary-lsp {}: {} concepts.</p>\n",
        env!("CARGO_PKG_VERSION"),
        g.entries().len()
    ));
    out.push_str("      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n");
    for e in g.entries() {
        concept(&mut out, g, e, lang);
    }
    out.push_str("    </body>\n  </text>\n</tbx>\n");
    out
}

fn concept(out: &mut String, g: &Glossary, e: &Entry, lang: &str) {
    out.push_str(&format!("      <conceptEntry id=\"{}\">\n", xml(&e.id)));
    out.push_str(&format!(
        "        <descrip type=\"subjectField\">{}</descrip>\n",
        xml(&e.category)
    ));
    for r in &e.related {
        let name = g
            .by_id(r)
            .map(|i| g.entry(i).preferred().text.clone())
            .unwrap_or_else(|| r.clone());
        out.push_str(&format!(
            "        <ref type=\"crossReference\" target=\"{}\">{}</ref>\n",
            xml(r),
            xml(&name)
        ));
    }
    out.push_str(&format!("        <langSec xml:lang=\"{}\">\n", xml(lang)));
    out.push_str(&format!(
        "          <descrip type=\"definition\">{}</descrip>\n",
        xml(&e.definition)
    ));
    for f in &e.forms {
        out.push_str("          <termSec>\n");
        out.push_str(&format!("            <term>{}</term>\n", xml(&f.text)));
        out.push_str(&format!(
            "            <termNote type=\"administrativeStatus\">{}</termNote>\n",
            admin_status(f.status)
        ));
        if f.acronym {
            out.push_str("            <termNote type=\"termType\">acronym</termNote>\n");
        }
        let mut notes = Vec::new();
        if let Some(p) = plural_note(&f.text, &f.plural) {
            notes.push(format!("plural = {p}"));
        }
        if let Some(x) = &f.expansion {
            notes.push(format!("expansion = {x}"));
        }
        if !f.ambiguous.is_empty() {
            notes.push(format!("ambiguous = {}", f.ambiguous.join("; ")));
        }
        for n in notes {
            out.push_str(&format!(
                "            <note>{} {}</note>\n",
                super::import::NOTE_PREFIX,
                xml(&n)
            ));
        }
        out.push_str("          </termSec>\n");
    }
    out.push_str("        </langSec>\n");
    for l in &e.languages {
        out.push_str(&format!(
            "        <langSec xml:lang=\"{}\">\n",
            xml(&l.lang)
        ));
        if let Some(d) = &l.definition {
            out.push_str(&format!(
                "          <descrip type=\"definition\">{}</descrip>\n",
                xml(d)
            ));
        }
        for f in &l.forms {
            out.push_str(&format!(
                "          <termSec>\n            <term>{}</term>\n            <termNote type=\"administrativeStatus\">{}</termNote>\n          </termSec>\n",
                xml(&f.text),
                admin_status(f.status)
            ));
        }
        out.push_str("        </langSec>\n");
    }
    out.push_str("      </conceptEntry>\n");
}

fn left_out(g: &Glossary) -> Vec<String> {
    let count = |f: &dyn Fn(&Entry) -> bool| g.entries().iter().filter(|e| f(e)).count();
    let mut out = Vec::new();
    for (what, n) in [
        ("cues", count(&|e| !e.cues.is_empty())),
        ("key facts", count(&|e| e.key_fact.is_some())),
        ("confusables", count(&|e| !e.confusables.is_empty())),
        ("contradictions", count(&|e| !e.contradictions.is_empty())),
        ("examples", count(&|e| !e.examples.is_empty())),
    ] {
        if n > 0 {
            out.push(format!(
                "{what} of {n} entr{} (no TBX or CSV field for them)",
                if n == 1 { "y" } else { "ies" }
            ));
        }
    }
    if !g.exceptions().is_empty() {
        out.push(format!(
            "{} exception phrase{}",
            g.exceptions().len(),
            if g.exceptions().len() == 1 { "" } else { "s" }
        ));
    }
    out
}
