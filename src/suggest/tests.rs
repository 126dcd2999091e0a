//! `suggest` on small documents and on the seed glossary page imported (which has no
//! confusables, cues or deprecated forms: exactly what `suggest` should propose).

use super::*;
use crate::glossary::import::{import_text, to_toml, ImportOptions};
use crate::glossary::{load, GlossarySource};

/// The seed glossary page, imported: the built-in glossary's terms without its refinements.
fn seed() -> Glossary {
    let page = include_str!("../../tests/fixtures/glossaries/partner-program-glossary.txt");
    let imported = import_text("seed.txt", page, &ImportOptions::default()).unwrap();
    load(&[GlossarySource::Text {
        name: "seed.toml".into(),
        text: to_toml(&imported.draft).text,
    }])
    .unwrap()
}

fn suggest(g: &Glossary, docs: &[(&str, &str)]) -> Suggestions {
    let s = Suggester::new(g);
    let mut total = Scan::default();
    for (name, text) in docs {
        total.merge(s.scan(name, text, Format::Markdown));
    }
    s.finish(total)
}

#[test]
fn variants_writers_use_with_counts_and_places() {
    let g = seed();
    let docs = [
        ("a.md", "# Partners\n\nEvery value added reseller gets a sandbox.\n\nTwo managed services providers joined.\n"),
        ("b.md", "Our value added resellers and one systems-integrator.\n\nBecome a certified Value-Added Reseller today.\n\n`value added reseller` in code is not prose.\n"),
    ];
    let s = suggest(&g, &docs);
    let got: Vec<(&str, &str, usize, usize, String)> = s
        .variants
        .iter()
        .map(|v| {
            (
                v.entry.as_str(),
                v.text.as_str(),
                v.uses,
                v.files,
                v.sample.to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "value-added-reseller",
                "value added reseller",
                2,
                2,
                "a.md:3:7".to_string()
            ),
            (
                "managed-service-provider",
                "managed services provider",
                1,
                1,
                "a.md:5:5".to_string()
            ),
            (
                "systems-integrator",
                "systems-integrator",
                1,
                1,
                "b.md:1:35".to_string()
            ),
        ]
    );
    assert_eq!(s.variants[1].kind, VariantKind::Inflection);
    assert_eq!(s.variants[0].kind, VariantKind::Spacing);
    let tc: Vec<(&str, &str, usize)> = s
        .title_case
        .iter()
        .map(|t| (t.entry.as_str(), t.written.as_str(), t.uses))
        .collect();
    assert_eq!(tc, [("value-added-reseller", "Value-Added Reseller", 1)]);
    assert_eq!(s.documents, 2);
}

#[test]
fn acronyms_on_the_subject_with_their_expansion() {
    let g = seed();
    let docs = [
        ("a.md", "A cloud solution provider (CSP) is a reseller of cloud subscriptions. Each CSP works with a distributor.\n\nCall the API (application programming interface) from your code.\n\nThe API returns JSON.\n"),
        ("b.md", "Our CSPs and resellers meet monthly. See path/CSP.md and the `CSP` field.\n\nIndependent software vendors (ISVs) build on the platform.\n"),
    ];
    let s = suggest(&g, &docs);
    assert_eq!(s.acronyms.len(), 1, "{:?}", s.acronyms);
    let csp = &s.acronyms[0];
    assert_eq!(csp.acronym, "CSP");
    assert_eq!(csp.expansion.as_deref(), Some("cloud solution provider"));
    assert_eq!((csp.uses, csp.files), (3, 2));
    let (at, sentence) = csp.expanded_at.as_ref().unwrap();
    assert_eq!(at.to_string(), "a.md:1:28");
    assert_eq!(
        sentence,
        "A cloud solution provider (CSP) is a reseller of cloud subscriptions."
    );
}

#[test]
fn an_acronym_spelling_out_an_existing_form_belongs_to_its_entry() {
    // The seed glossary has "independent software vendor" as ISV's expansion, so ISV is known;
    // "systems integrator" has no acronym in a glossary without SI: the docs give one.
    let g = load(&[GlossarySource::Text {
        name: "g.toml".into(),
        text: "[[entry]]\nid = \"systems-integrator\"\ncategory = \"Partner Types\"\ndefinition = \"A systems integrator designs and integrates solutions.\"\nforms = [{ text = \"systems integrator\", status = \"preferred\" }]\n".into(),
    }])
    .unwrap();
    let s = suggest(
        &g,
        &[("a.md", "Hire a systems integrator (SI) for the rollout.\n")],
    );
    assert_eq!(s.acronyms[0].acronym, "SI");
    assert_eq!(s.acronyms[0].entry.as_deref(), Some("systems-integrator"));
}

#[test]
fn confusables_from_the_definitions() {
    let g = seed();
    let builtin = load(&[GlossarySource::Builtin]).unwrap();
    let s = suggest(&g, &[]);
    let proposed: Vec<(String, String)> = s
        .confusables
        .iter()
        .map(|p| (p.a.clone(), p.b.clone()))
        .collect();
    // The pairs the built-in glossary's authors listed by hand.
    let mut listed: Vec<(String, String)> = Vec::new();
    for e in builtin.entries() {
        for c in &e.confusables {
            let pair = if e.id < c.with {
                (e.id.clone(), c.with.clone())
            } else {
                (c.with.clone(), e.id.clone())
            };
            if !listed.contains(&pair) {
                listed.push(pair);
            }
        }
    }
    let found = listed.iter().filter(|p| proposed.contains(p)).count();
    assert!(
        found * 2 >= listed.len(),
        "found {found} of {}: {proposed:?}",
        listed.len()
    );
    for p in &s.confusables {
        assert!(!p.a_cues.is_empty() || !p.b_cues.is_empty(), "{p:?}");
    }
    // Already listed pairs are not proposed again.
    let again = suggest(&builtin, &[]);
    for p in &again.confusables {
        assert!(!listed.contains(&(p.a.clone(), p.b.clone())), "{p:?}");
    }
}
