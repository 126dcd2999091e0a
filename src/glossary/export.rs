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

#[cfg(test)]
mod tests {
    //! Round trips: a glossary written as TOML, loaded, exported and imported again has the
    //! same exchange data, for TBX and CSV, on generated glossaries.

    use super::*;
    use crate::glossary::import::{
        import_text, to_toml, Draft, DraftEntry, DraftForm, DraftLanguage, ImportOptions, Plural,
        SourceFormat,
    };
    use crate::glossary::{load, ForeignForm, GlossarySource, LanguageSection, Location};
    use proptest::prelude::*;

    type FormData = (
        String,
        &'static str,
        Option<String>,
        Option<String>,
        Vec<String>,
    );
    type EntryData = (
        String,
        String,
        String,
        Vec<FormData>,
        Vec<String>,
        Vec<LanguageSection>,
    );

    /// What TBX and CSV carry, forms in status order.
    fn exchange(g: &Glossary) -> Vec<EntryData> {
        g.entries()
            .iter()
            .map(|e| {
                let mut forms: Vec<_> = e.forms.iter().collect();
                forms.sort_by_key(|f| f.status);
                (
                    e.id.clone(),
                    e.category.clone(),
                    e.definition.clone(),
                    forms
                        .iter()
                        .map(|f| {
                            (
                                f.text.clone(),
                                f.status.as_str(),
                                f.plural.clone(),
                                f.expansion.clone(),
                                f.ambiguous.clone(),
                            )
                        })
                        .collect(),
                    e.related.clone(),
                    e.languages.clone(),
                )
            })
            .collect()
    }

    fn here() -> Location {
        Location {
            path: "generated".into(),
            line: 1,
            column: 1,
        }
    }

    fn word() -> impl Strategy<Value = String> {
        "[a-z]{3,8}"
    }

    /// Text with what escaping must survive: quotes, ampersands, angle brackets, commas,
    /// semicolons, dashes and non-ASCII letters.
    fn prose() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                word(),
                Just("\"quoted\"".to_string()),
                Just("a & b".to_string()),
                Just("<tag>".to_string()),
                Just("x, y; z".to_string()),
                Just("\u{2014}".to_string()),
                Just("Wiederverkäufer".to_string()),
                Just("it's".to_string()),
            ],
            3..12,
        )
        .prop_map(|w| format!("{}.", w.join(" ")))
    }

    fn status() -> impl Strategy<Value = FormStatus> {
        prop_oneof![Just(FormStatus::Admitted), Just(FormStatus::Deprecated)]
    }

    fn plural() -> impl Strategy<Value = Plural> {
        prop_oneof![
            3 => Just(Plural::Derived),
            1 => Just(Plural::Uncountable),
            1 => word().prop_map(|w| Plural::Word(format!("{w}ae"))),
        ]
    }

    /// A glossary of up to six entries; every form is made unique by the entry's and the
    /// form's numbers, so none collides with another (or its plural).
    fn glossary() -> impl Strategy<Value = Draft> {
        let entry = (
            word(),
            prop_oneof![Just("Partner Types"), Just("Strategy"), Just("Sales & Ops")],
            prose(),
            plural(),
            prop::collection::vec((word(), status(), plural()), 0..3),
            prop::option::of((
                "[A-Z]{2,4}",
                prop::option::of(word()),
                prop::collection::vec(word(), 0..2),
            )),
            prop::collection::vec(
                (
                    prop_oneof![Just("de"), Just("fr-CA"), Just("ja")],
                    prop::option::of(prose()),
                    prop::collection::vec((word(), status()), 1..3),
                ),
                0..2,
            ),
            prop::collection::vec(0usize..6, 0..3),
        );
        prop::collection::vec(entry, 1..6).prop_map(|raw| {
            let n = raw.len();
            let mut entries = Vec::new();
            for (i, (w, category, definition, p, others, acronym, langs, related)) in
                raw.into_iter().enumerate()
            {
                let letter = |k: usize| char::from(b'a' + (k % 26) as u8);
                let id = format!("term-{w}-{}", letter(i));
                let form = |text: String, status, plural| DraftForm {
                    text,
                    status,
                    plural,
                    expansion: None,
                    ambiguous: Vec::new(),
                    at: here(),
                };
                let mut forms = vec![form(format!("{w} {}", letter(i)), FormStatus::Preferred, p)];
                for (j, (o, s, p)) in others.into_iter().enumerate() {
                    forms.push(form(format!("{o} {}{}", letter(i), letter(j + 1)), s, p));
                }
                if let Some((acr, exp, amb)) = acronym {
                    let mut f = form(
                        format!("{acr}{}", letter(i).to_ascii_uppercase()),
                        FormStatus::Admitted,
                        Plural::Derived,
                    );
                    f.expansion = exp.map(|e| format!("{e} {} expansion", letter(i)));
                    f.ambiguous = amb;
                    forms.push(f);
                }
                let mut languages: Vec<DraftLanguage> = Vec::new();
                for (lang, definition, terms) in langs {
                    if languages.iter().any(|l| l.section.lang == lang) {
                        continue;
                    }
                    let forms = terms
                        .into_iter()
                        .enumerate()
                        .map(|(j, (t, s))| ForeignForm {
                            text: format!("{t}-{}", letter(j)),
                            status: if j == 0 { FormStatus::Preferred } else { s },
                        })
                        .collect();
                    languages.push(DraftLanguage {
                        section: LanguageSection {
                            lang: lang.to_string(),
                            definition,
                            forms,
                        },
                        at: here(),
                    });
                }
                entries.push((
                    DraftEntry {
                        id,
                        category: category.to_string(),
                        definition,
                        forms,
                        related: Vec::new(),
                        languages,
                        notes: Vec::new(),
                        at: here(),
                        definition_at: here(),
                    },
                    related,
                ));
            }
            let ids: Vec<String> = entries.iter().map(|(e, _)| e.id.clone()).collect();
            let entries = entries
                .into_iter()
                .enumerate()
                .map(|(i, (mut e, related))| {
                    for r in related {
                        let r = r % n;
                        if r != i && !e.related.contains(&ids[r]) {
                            e.related.push(ids[r].clone());
                        }
                    }
                    e
                })
                .collect();
            Draft {
                source: "generated.toml".into(),
                format: SourceFormat::Text,
                title: None,
                lang: "en".into(),
                entries,
            }
        })
    }

    fn load_text(name: &str, text: &str) -> Glossary {
        load(&[GlossarySource::Text {
            name: name.into(),
            text: text.into(),
        }])
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 64,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn toml_to_tbx_or_csv_and_back_keeps_the_glossary(draft in glossary()) {
            let original = load_text("g.toml", &to_toml(&draft).text);
            for (format, name) in [(ExportFormat::Tbx, "g.tbx"), (ExportFormat::Csv, "g.csv")] {
                let exported = export(&original, format, "en");
                let imported = import_text(name, &exported.text, &ImportOptions::default())
                    .unwrap_or_else(|e| panic!("{e:?}\n{}", exported.text));
                prop_assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
                let again = load_text("again.toml", &to_toml(&imported.draft).text);
                prop_assert_eq!(exchange(&again), exchange(&original), "{}", exported.text);
                // Directly, too: the exported file as a configured glossary.
                let direct = load_text(name, &exported.text);
                prop_assert_eq!(exchange(&direct), exchange(&original));
            }
        }
    }

    #[test]
    fn the_builtin_glossary_round_trips_and_says_what_it_leaves_out() {
        let builtin = load(&[GlossarySource::Builtin]).unwrap();
        for (format, name) in [(ExportFormat::Tbx, "b.tbx"), (ExportFormat::Csv, "b.csv")] {
            let exported = export(&builtin, format, "en");
            let again = load_text(name, &exported.text);
            assert_eq!(exchange(&again), exchange(&builtin), "{name}");
            assert!(exported.left_out.iter().any(|l| l.starts_with("cues of ")));
            assert!(exported
                .left_out
                .iter()
                .any(|l| l.ends_with("exception phrases")));
        }
    }
}
