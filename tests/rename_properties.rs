//! Property tests of renaming a term (`ide::rename_edits`), on generated Markdown, MDX and plain
//! text holding the form in every shape (plural, possessive, sentence start, Title Case
//! heading, all capitals, broken over a line, after a non-breaking space) and in every place
//! the engine reads or skips (code spans and blocks, link text and targets, bold labels,
//! quotes, HTML comments, JSX attributes):
//!
//! - applying the edits, then matching with a glossary whose form is the new name, finds the
//!   new form exactly where the edits put it, with the same plural and possessive, and
//!   nothing else of it;
//! - what a rename leaves alone still reads as the old form, and everything outside the
//!   edits is untouched;
//! - no edit lies in link text, code, a link target or a skipped tag: every edit replaces
//!   exactly one match of the old form, in prose that is not link text.

use glossary_lsp::glossary::{load, GlossarySource};
use glossary_lsp::ide::{self, TextEdit};
use glossary_lsp::matcher::TermMatch;
use glossary_lsp::prose::{prose_ranges, Marks};
use glossary_lsp::rules::RuleSettings;
use glossary_lsp::{Engine, Format};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

const ID: &str = "value-added-reseller";
const OLD: &str = "value-added reseller";

fn glossary(form: &str) -> String {
    format!(
        "schema = 1\n[[entry]]\nid = \"{ID}\"\ncategory = \"Partner Types\"\ndefinition = \"A company that resells after adding value.\"\nforms = [{{ text = \"{form}\", status = \"preferred\" }}, {{ text = \"VAR\", status = \"admitted\" }}]\n"
    )
}

fn engine(form: &str) -> Engine {
    let g = load(&[GlossarySource::Text {
        name: "rename-test.toml".into(),
        text: glossary(form),
    }])
    .expect("the test glossary loads");
    Engine::new(g, RuleSettings::default())
}

fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(0x7265_6e61_6d65);
    }
    c
}

/// Sentences (Markdown) holding the form in its shapes and places.
const PIECES: &[&str] = &[
    "We pay each value-added reseller monthly.",
    "Value-added resellers’ margins grow.",
    "A value-added reseller's deal closes.",
    "Our value-added resellers' teams train.",
    "VALUE-ADDED RESELLERS MUST REGISTER.",
    "A value-added\nreseller broken over a line.",
    "A value-added\u{a0}reseller with a non-breaking space.",
    "Ask a VAR, not a reseller.",
    "Use `value-added reseller` in code.",
    "See [value-added resellers](value-added-reseller.md) for more.",
    "Select **Value-Added Reseller** in the menu.",
    "The \"value-added reseller\" tag is set.",
    "A **value-added** reseller splits markup.",
    "Mail <https://example.com/value-added-reseller> now.",
    "Plain words 🚀 with 中文 and é.",
];

fn markdown_block() -> impl Strategy<Value = String> {
    let piece = proptest::sample::select(PIECES).prop_map(str::to_string);
    let para = proptest::collection::vec(piece, 1..4).prop_map(|s| s.join(" "));
    prop_oneof![
        5 => para.clone(),
        1 => Just("# Value-Added Resellers".to_string()),
        1 => para.clone().prop_map(|p| format!("- {p}\n- {p}")),
        1 => para.clone().prop_map(|p| format!("> {p}")),
        1 => para.clone().prop_map(|p| format!("```\n{p}\n```")),
        1 => para.clone().prop_map(|p| format!("<!-- {p} -->")),
        1 => para.prop_map(|p| format!("| Kind | Note |\n|---|---|\n| value-added reseller | {p} |")),
    ]
}

fn mdx_block() -> impl Strategy<Value = String> {
    let piece = proptest::sample::select(PIECES).prop_map(str::to_string);
    let para = proptest::collection::vec(piece, 1..3).prop_map(|s| s.join(" "));
    prop_oneof![
        3 => markdown_block(),
        1 => para.clone().prop_map(|p| format!("<Admonition title=\"value-added reseller\">{p}</Admonition>")),
        1 => para.clone().prop_map(|p| format!("<Tabs>\n  <TabItem label=\"value-added resellers\">\n\n    {p}\n\n  </TabItem>\n</Tabs>")),
        1 => para.prop_map(|p| format!("{p} {{props.value_added_reseller}} <Badge text=\"value-added reseller\" />")),
    ]
}

fn document() -> impl Strategy<Value = (String, Format)> {
    prop_oneof![
        2 => proptest::collection::vec(markdown_block(), 1..8)
            .prop_map(|b| (format!("{}\n", b.join("\n\n")), Format::Markdown)),
        1 => proptest::collection::vec(mdx_block(), 1..8)
            .prop_map(|b| (format!("{}\n", b.join("\n\n")), Format::Mdx)),
        1 => proptest::collection::vec(proptest::sample::select(PIECES), 1..10)
            .prop_map(|b| (b.join("\n\n"), Format::PlainText)),
    ]
}

fn new_name() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "solution partner",
        "partner",
        "certified solution provider",
        "co-seller",
        "tier 2 partner",
    ])
}

/// The matches of the entry's first form.
fn first_form(engine: &Engine, text: &str, format: Format) -> Vec<TermMatch> {
    let id = engine.glossary().by_id(ID).expect("the entry");
    engine
        .analyze(text, format)
        .matches
        .into_iter()
        .filter(|m| m.entry == id && m.form == 0)
        .collect()
}

/// `text` with `edits` (sorted, disjoint) applied, and a map of old offsets to new ones.
fn apply<'a>(text: &str, edits: &'a [TextEdit]) -> (String, impl Fn(usize) -> usize + 'a) {
    let mut out = text.to_string();
    for e in edits.iter().rev() {
        out.replace_range(e.range.clone(), &e.text);
    }
    let shift = move |at: usize| -> usize {
        let mut delta: isize = 0;
        for e in edits.iter().filter(|e| e.range.end <= at) {
            delta += e.text.len() as isize - e.range.len() as isize;
        }
        (at as isize + delta) as usize
    };
    (out, shift)
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn renamed_text_holds_the_new_form_where_the_old_one_was(
        (text, format) in document(),
        new in new_name(),
    ) {
        let old_engine = engine(OLD);
        let new_engine = engine(new);
        let before = first_form(&old_engine, &text, format);
        let r = ide::rename_edits(&old_engine, &text, format, &before, ID, OLD, new);

        // Every edit replaces exactly one match of the old form, in prose that is not link
        // text; the left-alone ones and the edits together are all the matches.
        let prose = prose_ranges(&text, format);
        for e in &r.edits {
            prop_assert!(before.iter().any(|m| m.range == e.range), "{e:?} is not a match");
            let span = prose.spans.iter().find(|s| s.range.start <= e.range.start && e.range.start < s.range.end);
            prop_assert!(span.is_some_and(|s| !s.marks.contains(Marks::LINK)), "{e:?} outside prose or in link text");
        }
        prop_assert_eq!(r.edits.len() + r.left.len(), before.len());
        prop_assert!(r.edits.windows(2).all(|w| w[0].range.end <= w[1].range.start));

        let (after, shift) = apply(&text, &r.edits);
        // Re-found with the new name as the form: exactly at the edits, same shape.
        let found = first_form(&new_engine, &after, format);
        let want: Vec<(std::ops::Range<usize>, bool, bool)> = r
            .edits
            .iter()
            .map(|e| {
                let m = before.iter().find(|m| m.range == e.range).unwrap();
                let start = shift(e.range.start);
                (start..start + e.text.len(), m.plural, m.possessive)
            })
            .collect();
        let got: Vec<(std::ops::Range<usize>, bool, bool)> =
            found.iter().map(|m| (m.range.clone(), m.plural, m.possessive)).collect();
        prop_assert_eq!(&got, &want, "renamed to {:?}:\n{}", new, after);
        // What was left alone is still the old form, where it was.
        let still: Vec<std::ops::Range<usize>> = first_form(&old_engine, &after, format)
            .into_iter()
            .map(|m| m.range)
            .collect();
        let left: Vec<std::ops::Range<usize>> = r
            .left
            .iter()
            .map(|l| shift(l.range.start)..shift(l.range.start) + l.range.len())
            .collect();
        prop_assert_eq!(still, left);
        // The acronym, another form of the entry, is never renamed.
        prop_assert_eq!(after.matches("VAR,").count(), text.matches("VAR,").count());
    }
}
