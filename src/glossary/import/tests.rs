//! The importers on real sample files (`tests/fixtures/glossaries/`): the seed glossary page
//! the built-in glossary was made from, a team's CSV, TBX termbases in both TBX versions, and
//! what goes wrong in each, at file:line:col.

use super::*;
use crate::glossary::{load, Entry, Glossary, GlossarySource};

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/glossaries")
        .join(name)
}

fn import_fixture(name: &str) -> Imported {
    import_path(&fixture(name), 1_000_000, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// Loads generated TOML on its own (no built-in glossary).
fn load_toml(toml: &GeneratedToml) -> Glossary {
    load(&[GlossarySource::Text {
        name: "imported.toml".into(),
        text: toml.text.clone(),
    }])
    .unwrap_or_else(|e| panic!("{e:?}\n{}", toml.text))
}

fn entry<'g>(g: &'g Glossary, id: &str) -> &'g Entry {
    g.entry(g.by_id(id).unwrap_or_else(|| {
        panic!(
            "no `{id}` in {:?}",
            g.entries().iter().map(|e| &e.id).collect::<Vec<_>>()
        )
    }))
}

fn forms(e: &Entry) -> Vec<(String, &'static str)> {
    e.forms
        .iter()
        .map(|f| (f.text.clone(), f.status.as_str()))
        .collect()
}

fn errors_text(errors: &[FileError]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_seed_page_gives_the_builtin_glossary() {
    let builtin = load(&[GlossarySource::Builtin]).unwrap();
    // The page as the user supplied it (plain text), and the same page as Markdown headings.
    for file in [
        "partner-program-glossary.txt",
        "partner-program-glossary.md",
    ] {
        let imported = import_fixture(file);
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        assert_eq!(
            imported.draft.title.as_deref(),
            Some("Partner Program Glossary")
        );
        // Through the TOML file `glossary import` writes, and loaded directly.
        let via_toml = load_toml(&to_toml(&imported.draft));
        let direct = load(&[GlossarySource::File(fixture(file))]).unwrap();
        for got in [&via_toml, &direct] {
            assert_eq!(got.entries().len(), builtin.entries().len(), "{file}");
            for (g, b) in got.entries().iter().zip(builtin.entries()) {
                assert_eq!(g.id, b.id, "{file}");
                assert_eq!(g.category, b.category, "{file}: {}", b.id);
                assert_eq!(g.definition, b.definition, "{file}: {}", b.id);
                assert_eq!(g.preferred().text, b.preferred().text, "{file}: {}", b.id);
                assert_eq!(
                    g.preferred().plural,
                    b.preferred().plural,
                    "{file}: {}",
                    b.id
                );
                let acronyms = |e: &Entry| {
                    e.forms
                        .iter()
                        .filter(|f| f.acronym)
                        .map(|f| (f.text.clone(), f.expansion.clone(), f.plural.clone()))
                        .collect::<Vec<_>>()
                };
                assert_eq!(acronyms(g), acronyms(b), "{file}: {}", b.id);
                // Every form read is one the built-in entry has, with the same status.
                for f in &g.forms {
                    assert!(
                        b.forms
                            .iter()
                            .any(|x| x.text == f.text && x.status == f.status),
                        "{file}: {}: {} ({:?}) is not in the built-in entry",
                        b.id,
                        f.text,
                        f.status
                    );
                }
            }
        }
    }
}

#[test]
fn a_direct_glossary_error_names_the_page_line() {
    // A page whose term is also a built-in form: the error is at the page's heading.
    let page = "Glossary\n\nSome terms we use.\n\nReseller\n\nA reseller is a company that sells things on.\n";
    // Same id as the built-in entry: it replaces it (as a TOML team file would).
    let g = load(&[
        GlossarySource::Builtin,
        GlossarySource::Text {
            name: "docs/glossary.txt".into(),
            text: page.into(),
        },
    ])
    .unwrap();
    let reseller = entry(&g, "reseller");
    assert_eq!(
        reseller.definition,
        "A reseller is a company that sells things on."
    );
    assert_eq!(reseller.origin.to_string(), "docs/glossary.txt:5:1");
    let page = "Resale Partner\n\nA resale partner, also known as a reseller, sells things on.\n";
    let errs = load(&[
        GlossarySource::Builtin,
        GlossarySource::Text {
            name: "docs/glossary.txt".into(),
            text: page.into(),
        },
    ])
    .unwrap_err();
    let all = errors_text(&errs);
    assert!(
        all.starts_with(
            "docs/glossary.txt:1:1: the form \"reseller\" is already claimed by entry `reseller`"
        ),
        "{all}"
    );
}

#[test]
fn a_team_csv() {
    let imported = import_fixture("team-terms.csv");
    let columns: Vec<(&str, Option<&str>)> = imported
        .columns
        .iter()
        .map(|c| (c.header.as_str(), c.column))
        .collect();
    assert_eq!(
        columns,
        [
            ("Term", Some("term")),
            ("Status", Some("status")),
            ("Definition", Some("definition")),
            ("Acronym", Some("abbreviation")),
            ("Synonyms", Some("variants")),
            ("Avoid", Some("deprecated")),
            ("Category", Some("category")),
            ("See also", Some("related")),
            ("Notes", None),
        ]
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let g = load_toml(&to_toml(&imported.draft));
    let deal = entry(&g, "deal-registration");
    assert_eq!(deal.category, "Sales");
    assert_eq!(
        forms(deal),
        [
            ("Deal registration".to_string(), "preferred"),
            ("deal reg".to_string(), "admitted"),
            ("deal registry".to_string(), "deprecated"),
        ]
    );
    assert_eq!(deal.related, ["partner-portal"]);
    let mdf = entry(&g, "market-development-funds");
    // The line break in the cell is folded; the acronym is an admitted form.
    assert_eq!(
        mdf.definition,
        "Market development funds are money a vendor gives partners for joint marketing, usually as a share of their sales."
    );
    assert!(mdf.forms.iter().any(|f| f.text == "MDF" && f.acronym));
    assert_eq!(
        entry(&g, "co-op-funds").related,
        ["market-development-funds"]
    );
    // A row with no definition and a deprecated status is a form of the concept above.
    let portal = entry(&g, "partner-portal");
    assert_eq!(
        forms(portal),
        [
            ("Partner portal".to_string(), "preferred"),
            ("partner web portal".to_string(), "deprecated"),
        ]
    );
    assert_eq!(portal.related, ["deal-registration"]);
    let tier = entry(&g, "partner-tier");
    assert_eq!(
        forms(tier),
        [
            ("Partner tier".to_string(), "preferred"),
            ("program tier".to_string(), "admitted"),
            ("partner level".to_string(), "admitted"),
            ("partner-tier".to_string(), "deprecated"),
        ]
    );
    // The same file used directly, beside the built-in glossary.
    let g = load(&[
        GlossarySource::Builtin,
        GlossarySource::File(fixture("team-terms.csv")),
    ])
    .unwrap();
    assert!(g.by_id("deal-registration").is_some() && g.by_id("reseller").is_some());
}

#[test]
fn csv_errors_name_the_cell() {
    let csv = "Term,Definition,Status\nreseller hub,\"A place, online.\",maybe\n";
    let errs = import_text("terms.csv", csv, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        "terms.csv:2:33: unknown status `maybe`: expected preferred, admitted or deprecated (approved, accepted, avoid, forbidden… are understood too)"
    );
    let errs = import_text(
        "terms.csv",
        "Word list,Meaning\nx,y\n",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(errs[0].to_string().starts_with("terms.csv:1:1: no term column in the header row: expected a column named term, terms, preferredterm"), "{errs:?}");
    // A semicolon-separated file (a spreadsheet's locale), a TSV, and a BOM.
    let g = import_text(
        "terms.csv",
        "\u{feff}Begriff;Term;Definition\nx;Partner tier;A level of a program.\n",
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(g.draft.entries[0].forms[0].text, "Partner tier");
    assert_eq!(g.columns[0].column, None);
    let g = import_text(
        "terms.tsv",
        "term\tdefinition\nco-sell\tSelling together.\n",
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(g.draft.entries[0].definition, "Selling together.");
    // An empty definition, used directly: the loader's error, at the row.
    let errs = load(&[GlossarySource::Text {
        name: "terms.csv".into(),
        text: "term,definition\nrebate,\n".into(),
    }])
    .unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        "terms.csv:2:1: empty definition: expected the definition text"
    );
    // A quote never closed runs to the end of the file, as spreadsheets read it: one cell.
    let errs = import_text(
        "t.csv",
        "term,definition\nrebate,\"Money\nback\n",
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(errs.draft.entries[0].definition, "Money back");
}

#[test]
fn a_tbx_v3_termbase() {
    let imported = import_fixture("team-termbase.tbx");
    assert_eq!(
        imported.draft.title.as_deref(),
        Some("Contoso partner termbase")
    );
    // The French-only concept is left out, with its place.
    let warnings = errors_text(&imported.warnings);
    assert!(
        warnings.contains("team-termbase.tbx:84:7: concept `c4` has no term in `en`; left out"),
        "{warnings}"
    );
    let g = load_toml(&to_toml(&imported.draft));
    // `c1` is no id a team would keep; `partner-portal` is.
    let deal = entry(&g, "deal-registration");
    assert_eq!(deal.category, "Sales");
    assert_eq!(
        forms(deal),
        [
            ("deal registration".to_string(), "preferred"),
            ("deal reg".to_string(), "admitted"),
            ("deal registry".to_string(), "deprecated"),
        ]
    );
    assert_eq!(deal.related, ["partner-portal"]);
    assert_eq!(deal.languages.len(), 1);
    assert_eq!(deal.languages[0].lang, "de");
    assert_eq!(deal.languages[0].forms[1].text, "Projektschutz");
    assert!(deal.languages[0]
        .definition
        .as_deref()
        .unwrap()
        .starts_with("Die Deal-Registrierung"));
    let portal = entry(&g, "partner-portal");
    assert!(portal.definition.contains("assets & track"));
    assert_eq!(
        forms(portal)[1],
        ("partner web portal".to_string(), "deprecated")
    );
    let mdf = entry(&g, "market-development-funds");
    assert_eq!(mdf.related, ["deal-registration"]);
    // The note says the preferred form has no plural; the acronym keeps its own.
    assert_eq!(mdf.preferred().plural, None);
    assert_eq!(mdf.acronym().unwrap().plural.as_deref(), Some("MDFs"));
    assert_eq!(mdf.languages[0].lang, "fr");
    // German as the main language: the German terms become the glossary's.
    let de = import_path(
        &fixture("team-termbase.tbx"),
        1_000_000,
        &ImportOptions {
            lang: "de".into(),
            format: None,
        },
    )
    .unwrap();
    assert_eq!(de.draft.entries.len(), 1);
    assert_eq!(de.draft.entries[0].forms[0].text, "Deal-Registrierung");
    assert_eq!(de.draft.entries[0].languages[0].section.lang, "en-US");
}

#[test]
fn a_tbx_2008_termbase_with_tig_and_ntig() {
    let imported = import_fixture("team-termbase-2008.tbx");
    let g = load_toml(&to_toml(&imported.draft));
    assert_eq!(
        forms(entry(&g, "partner-tier")),
        [
            ("partner tier".to_string(), "preferred"),
            ("program tier".to_string(), "admitted"),
            ("partner-tier".to_string(), "deprecated"),
        ]
    );
    let co = entry(&g, "co-selling");
    assert!(co.forms.iter().all(|f| f.plural.is_none()), "mass noun");
}

#[test]
fn tbx_refuses_dtds_and_reports_bad_xml_where_it_is() {
    let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<tbx><text><body/></text></tbx>\n";
    let errs = import_text("t.tbx", xxe, &ImportOptions::default()).unwrap_err();
    let all = errors_text(&errs);
    assert!(
        all.starts_with("t.tbx:2:1: a DTD with declarations (<!DOCTYPE … [ … ]>) is not accepted"),
        "{all}"
    );
    let errs = import_text(
        "t.tbx",
        "<tbx>\n  <text>\n    <body></bdy>\n",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(
        errors_text(&errs).starts_with("t.tbx:3:"),
        "{}",
        errors_text(&errs)
    );
    assert!(errors_text(&errs).contains("not well-formed XML"));
    let errs = import_text("t.tbx", "<html/>", &ImportOptions::default()).unwrap_err();
    assert_eq!(
        errors_text(&errs),
        "t.tbx:1:1: not a TBX termbase: the root element is <html>, expected <tbx> (TBX v3) or <martif> (TBX 2008)"
    );
    // An undeclared entity is an error too, not expanded or dropped silently.
    let errs = import_text(
        "t.tbx",
        "<tbx><text><body>&lol;</body></text></tbx>",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(errors_text(&errs).contains("t.tbx:1:"), "{errs:?}");
}

#[test]
fn tbx_dct_style_elements() {
    let tbx = r#"<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:min="http://www.tbxinfo.net/ns/min">
<text><body><conceptEntry id="rebate"><min:subjectField>Incentives</min:subjectField>
<langSec xml:lang="en"><basic:definition>A rebate is money paid back to a partner after a sale.</basic:definition>
<termSec><term>rebate</term><min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec>
<termSec><term>kickback</term><min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus></termSec>
</langSec></conceptEntry></body></text></tbx>"#;
    let imported = import_text("t.tbx", tbx, &ImportOptions::default()).unwrap();
    let e = &imported.draft.entries[0];
    assert_eq!(
        (e.id.as_str(), e.category.as_str()),
        ("rebate", "Incentives")
    );
    assert_eq!(e.forms[1].status, FormStatus::Deprecated);
}

#[test]
fn pages_without_terms_and_unknown_formats_are_errors() {
    let errs = import_text(
        "g.md",
        "Just prose here, in a paragraph that names no term.\n\n- and a list\n",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(
        errors_text(&errs).starts_with("g.md:1:1: no terms found"),
        "{errs:?}"
    );
    let errs = import_text("g.docx", "x", &ImportOptions::default()).unwrap_err();
    assert!(errors_text(&errs).contains("unknown glossary format"));
}

#[test]
fn tidy_gives_unique_ids_and_one_preferred_form() {
    let page = "Partner\n\nA partner sells.\n\nPartner\n\nA partner (in law) shares a business.\n";
    let imported = import_text("p.txt", page, &ImportOptions::default()).unwrap();
    let ids: Vec<&str> = imported
        .draft
        .entries
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["partner", "partner-2"]);
    let csv = "id,term,status,definition\nx,rebate,admitted,Money back.\nx,cashback,preferred,\nx,refund,preferred,\n";
    let imported = import_text("r.csv", csv, &ImportOptions::default()).unwrap();
    let e = &imported.draft.entries[0];
    assert_eq!(e.forms[0].text, "cashback");
    assert_eq!(e.forms[0].status, FormStatus::Preferred);
    assert_eq!(
        e.forms
            .iter()
            .filter(|f| f.status == FormStatus::Preferred)
            .count(),
        1
    );
    assert!(errors_text(&imported.warnings).contains("r.csv:4:3: a second preferred term"));
}

#[test]
fn drop_conflicts_keeps_an_import_loadable() {
    let csv = "term,definition,synonyms\nreseller,Sells on.,channel seller\nchannel seller,Sells through channels.,\nrebate,,\n";
    let mut imported = import_text("c.csv", csv, &ImportOptions::default()).unwrap();
    let warnings = drop_conflicts(&mut imported.draft);
    let all = errors_text(&warnings);
    assert!(
        all.contains("c.csv:3:1: \u{201c}channel seller\u{201d} is also a form of `reseller`"),
        "{all}"
    );
    assert!(
        all.contains("c.csv:4:1: \u{201c}rebate\u{201d} has no definition; left out"),
        "{all}"
    );
    let g = load_toml(&to_toml(&imported.draft));
    assert_eq!(g.entries().len(), 1);
}

#[test]
fn a_termbase_written_by_translate_toolkit() {
    // `translate-toolkit.tbx` was written by translate-toolkit 3.20.4's `translate.storage.tbx`
    // (the library Weblate and Pootle export TBX with): `addsourceunit`, `target`, and
    // `set_common_note(definition, source=True)`. It names an external DTD (ignored, never
    // fetched), has no ids, and puts the definition at the concept.
    let imported = import_fixture("translate-toolkit.tbx");
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let g = load_toml(&to_toml(&imported.draft));
    let ids: Vec<&str> = g.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["co-selling", "partner-tier", "deal-registration"]);
    let tier = entry(&g, "partner-tier");
    assert!(tier.definition.starts_with("A partner tier is a level"));
    assert_eq!(tier.languages[0].lang, "xx");
    assert_eq!(tier.languages[0].forms[0].text, "Partnerstufe");
    // Directly, beside the built-in glossary.
    let g = load(&[
        GlossarySource::Builtin,
        GlossarySource::File(fixture("translate-toolkit.tbx")),
    ])
    .unwrap();
    assert!(g.by_id("co-selling").is_some());
    // An external DTD is ignored, but the places after it stay right.
    let bad = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif PUBLIC \"é\" \"x.dtd\">\n<martif><text>\n<body></bdy>\n";
    let errs = import_text("t.tbx", bad, &ImportOptions::default()).unwrap_err();
    assert!(
        errors_text(&errs).starts_with("t.tbx:4:"),
        "{}",
        errors_text(&errs)
    );
}
