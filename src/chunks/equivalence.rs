//! The promise of chunked analysis: cutting a document anywhere [`candidate_cuts`] allows, on
//! any number of threads, or re-using chunks of earlier versions after random edits, gives
//! exactly what analysing the whole document in one piece gives.
//!
//! Documents are generated from the Markdown that makes cuts hard: fenced code holding blank
//! lines and unindented lines (and fences left open), HTML comments and `<pre>` blocks over
//! blank lines, front matter with blank lines, lists with loose items and indented
//! continuations, indented code, block quotes, tables, reference links and footnotes defined
//! far from their use, suppression comments, CRLF, a byte-order mark; and prose full of
//! glossary forms, acronyms before and after their expansion, deprecated variants and cues.

use super::candidate_cuts;
use crate::glossary::{load, GlossarySource};
use crate::rules::RuleSettings;
use crate::{Analysis, AnalysisCache, Engine, Format};
use proptest::prelude::*;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        Engine::new(
            load(&[GlossarySource::Builtin]).expect("built-in glossary"),
            RuleSettings::default(),
        )
    })
}

fn config(cases: u32) -> ProptestConfig {
    crate::test_support::proptest_config(cases, 0x6368_756e_6b73)
}

const SENTENCES: &[&str] = &[
    "Our MSP manages the network.",
    "A managed service provider (MSP) runs it.",
    "The VAR adds integration, customization and training.",
    "Resellers handle integration, customization and training for clients.",
    "We work with a value added reseller in Ohio.",
    "Each system integrator builds the solution.",
    "Our Value-Added Reseller partners grow.",
    "The referral partner invoices the customer.",
    "An ISV builds software; the OEM embeds it.",
    "Ask the SI about the PLG motion.",
    "Limited Risk Distributor (LRD) entities buy stock.",
    "See the guide[1] and [the program][prog] for details.",
    "Footnotes work[^1] for distributors too.",
    "Distributors hold inventory and ship to resellers.",
    "Plain words with no terms at all.",
    "An emoji 🚀 before the MSP’s offer, and 中文 too.",
    "value-added\nreseller broken over a line.",
];

/// One block of Markdown (without its trailing blank line).
fn block() -> impl Strategy<Value = String> {
    let sentence = proptest::sample::select(SENTENCES).prop_map(str::to_string);
    let para = proptest::collection::vec(sentence.clone(), 1..4).prop_map(|s| s.join(" "));
    prop_oneof![
        4 => para.clone(),
        1 => para.clone().prop_map(|p| format!("# {p}")),
        1 => (para.clone(), para.clone()).prop_map(|(a, b)| format!("- {a}\n\n  {b}\n- {a}")),
        1 => (para.clone(), para.clone()).prop_map(|(a, b)| format!("1. {a}\n\n   {b}")),
        1 => para.clone().prop_map(|p| format!("> {p}\n>\n> {p}")),
        1 => para.clone().prop_map(|p| format!("```py\ndef f():\n    {p}\n\n{p}\n```")),
        1 => para.clone().prop_map(|p| format!("~~~\n```\n\n{p}\n~~~")),
        1 => para.clone().prop_map(|p| format!("- ```\n  {p}\n\n  {p}\n  ```")),
        1 => para.clone().prop_map(|p| format!("<!-- a comment\n\n{p}\n-->")),
        1 => para.clone().prop_map(|p| format!("<pre>\n{p}\n\n{p}\n</pre>")),
        1 => para.clone().prop_map(|p| format!("<div>\n{p}\n</div>")),
        1 => para.clone().prop_map(|p| format!("    code {p}\n\n    more code")),
        1 => para.clone().prop_map(|p| format!("| Term | Note |\n|---|---|\n| VAR | {p} |")),
        1 => Just("[1]: https://example.com/VAR\n[prog]: https://example.com \"MSP\"".to_string()),
        1 => para.clone().prop_map(|p| format!("[^1]: {p}\n\n    {p}")),
        1 => Just("<!-- glossary-lsp-disable non-preferred-form -->".to_string()),
        1 => Just("<!-- glossary-lsp-enable -->".to_string()),
        1 => Just("<!-- glossary-lsp-disable-next-line -->".to_string()),
        1 => para.clone().prop_map(|p| format!("{p} <!-- glossary-lsp-disable-line non-preferred-form -->")),
        1 => Just("---".to_string()),
        1 => para.prop_map(|p| format!("Setext {p}\n===")),
    ]
}

fn markdown_doc() -> impl Strategy<Value = String> {
    let front = prop_oneof![
        3 => Just(String::new()),
        1 => Just("---\ntitle: VAR guide\n\nowner: MSP team\n---\n\n".to_string()),
        1 => Just("+++\ntitle = \"SI\"\n+++\n\n".to_string()),
        1 => Just("\u{feff}".to_string()),
    ];
    let tail = prop_oneof![
        3 => Just(String::new()),
        1 => Just("```\nan open fence with a VAR\n\nand more".to_string()),
        1 => Just("<!-- an open comment\n\nMSP".to_string()),
    ];
    (
        front,
        proptest::collection::vec(block(), 1..14),
        tail,
        any::<bool>(),
    )
        .prop_map(|(front, blocks, tail, crlf)| {
            let doc = format!("{front}{}\n\n{tail}", blocks.join("\n\n"));
            if crlf {
                doc.replace('\n', "\r\n")
            } else {
                doc
            }
        })
}

/// MDX: Markdown blocks with ESM, JSX elements around indented children (over blank lines),
/// inline tags and expressions, JSX comments that suppress, and syntax left open.
fn mdx_doc() -> impl Strategy<Value = String> {
    let sentence = proptest::sample::select(SENTENCES).prop_map(str::to_string);
    let para = proptest::collection::vec(sentence, 1..3).prop_map(|s| s.join(" "));
    let mdx_block = prop_oneof![
        1 => Just("import Tabs from '@theme/Tabs';\nexport const meta = {\n  title: 'VAR',\n};".to_string()),
        2 => para.clone().prop_map(|p| format!("<Admonition type=\"tip\" title={{`MSP ${{x}}`}}>{p}</Admonition>")),
        2 => (para.clone(), para.clone()).prop_map(|(a, b)| format!("<Tabs>\n  <TabItem value=\"var\" label=\"VAR\">\n\n    {a}\n\n  </TabItem>\n</Tabs>\n\n{b}")),
        1 => para.clone().prop_map(|p| format!("{p} <Badge text=\"SI\" /> and {{props.reseller}} {p}")),
        1 => para.clone().prop_map(|p| format!("{{/* glossary-lsp-disable-next-line */}}\n{p}")),
        1 => Just("{/* glossary-lsp-disable non-preferred-form */}".to_string()),
        1 => para.clone().prop_map(|p| format!("{p} {{ unclosed <Tag open")),
        1 => para.clone().prop_map(|p| format!("<Card\n  title=\"ISV\"\n  href={{'/msp'}}\n>\n{p}\n</Card>")),
        1 => para.prop_map(|p| format!("```jsx\n<Admonition>{{\n\n{p}\n```")),
    ];
    let block = prop_oneof![2 => block(), 2 => mdx_block];
    (proptest::collection::vec(block, 1..12), any::<bool>()).prop_map(|(blocks, crlf)| {
        let doc = format!("{}\n", blocks.join("\n\n"));
        if crlf {
            doc.replace('\n', "\r\n")
        } else {
            doc
        }
    })
}

fn plain_doc() -> impl Strategy<Value = String> {
    let sentence = proptest::sample::select(SENTENCES).prop_map(str::to_string);
    let block = prop_oneof![
        3 => proptest::collection::vec(sentence.clone(), 1..4).prop_map(|s| s.join(" ")),
        1 => sentence.prop_map(|s| format!("  indented {s}\nnext line")),
        1 => Just("Partner Types".to_string()),
    ];
    proptest::collection::vec(block, 1..12).prop_map(|b| b.join("\n\n"))
}

/// Everything an analysis says, for comparison (the folded ranges included: the joined folded
/// text must be the whole document's).
fn assert_same(got: &Analysis, want: &Analysis, doc: &str, how: &str) {
    assert_eq!(
        got.findings, want.findings,
        "{how}: findings differ on {doc:?}"
    );
    assert_eq!(
        got.matches, want.matches,
        "{how}: matches differ on {doc:?}"
    );
    assert_eq!(
        got.opaque_blocks, want.opaque_blocks,
        "{how}: opaque blocks differ on {doc:?}"
    );
}

fn check_all_ways(doc: &str, format: Format) {
    let e = engine();
    let whole = e.analyze_cut(doc, format, &[], 1);
    let cuts: Vec<usize> = candidate_cuts(doc, format).collect();
    // Every candidate cut at once (the most chunks), serially and on three threads.
    assert_same(
        &e.analyze_cut(doc, format, &cuts, 1),
        &whole,
        doc,
        "all cuts",
    );
    assert_same(
        &e.analyze_cut(doc, format, &cuts, 3),
        &whole,
        doc,
        "all cuts, 3 threads",
    );
    // Every second cut, and each cut alone.
    let every_other: Vec<usize> = cuts.iter().copied().step_by(2).collect();
    assert_same(
        &e.analyze_cut(doc, format, &every_other, 2),
        &whole,
        doc,
        "half the cuts",
    );
    for &c in &cuts {
        assert_same(
            &e.analyze_cut(doc, format, &[c], 1),
            &whole,
            doc,
            &format!("cut at {c}"),
        );
    }
    // The public entry points.
    assert_same(
        &e.analyze_with_threads(doc, format, 4),
        &whole,
        doc,
        "4 threads",
    );
    assert_same(
        &e.analyze_incremental(doc, format, &mut AnalysisCache::default()),
        &whole,
        doc,
        "incremental, cold",
    );
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn markdown_in_chunks_is_markdown_whole(doc in markdown_doc()) {
        check_all_ways(&doc, Format::Markdown);
    }

    #[test]
    fn mdx_in_chunks_is_mdx_whole(doc in mdx_doc()) {
        check_all_ways(&doc, Format::Mdx);
    }

    #[test]
    fn plain_text_in_chunks_is_plain_text_whole(doc in plain_doc()) {
        check_all_ways(&doc, Format::PlainText);
    }
}

/// An edit: replace `len` bytes at a fraction `at` of the text with `insert` (on char
/// boundaries).
fn apply(doc: &mut String, at: f64, len: usize, insert: &str) {
    let mut start = ((doc.len() as f64) * at) as usize;
    while !doc.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(doc.len());
    while !doc.is_char_boundary(end) {
        end += 1;
    }
    doc.replace_range(start..end, insert);
}

proptest! {
    #![proptest_config(config(60))]

    /// Typing into a large document, edit after edit, with one cache: every analysis equals a
    /// fresh whole-document one.
    #[test]
    fn incremental_analysis_follows_edits(
        blocks in proptest::collection::vec(block(), 60..120),
        edits in proptest::collection::vec(
            (0.0..1.0f64, 0..6usize, proptest::sample::select(vec![
                "", "x", "VAR", "\n\n", "\n\n```\n", "```\n\n", "<!--", "-->", "\n\n# MSP\n\n",
                " value added reseller ", "managed service provider (MSP)", "\n\n    ", "é🚀",
            ])),
            1..12,
        ),
    ) {
        let e = engine();
        let mut doc = blocks.join("\n\n");
        let mut cache = AnalysisCache::default();
        e.analyze_incremental(&doc, Format::Markdown, &mut cache);
        for (at, len, insert) in edits {
            apply(&mut doc, at, len, insert);
            let got = e.analyze_incremental(&doc, Format::Markdown, &mut cache);
            let want = e.analyze_cut(&doc, Format::Markdown, &[], 1);
            assert_same(&got, &want, &doc, "after an edit");
        }
    }
}

#[test]
fn a_small_edit_reuses_all_other_chunks() {
    let e = engine();
    let doc: String = (0..400)
        .map(|i| format!("Paragraph {i}: our MSP works with resellers and distributors.\n\n"))
        .collect();
    let mut cache = AnalysisCache::default();
    e.analyze_incremental(&doc, Format::Markdown, &mut cache);
    let chunks = cache.len();
    assert!(chunks > 4, "{chunks} chunks");
    let mut edited = doc.clone();
    edited.insert_str(doc.len() / 2, "A value added reseller. ");
    let got = e.analyze_incremental(&edited, Format::Markdown, &mut cache);
    assert!(
        cache.reused() + 2 >= chunks,
        "{} of {chunks} re-used",
        cache.reused()
    );
    assert_same(&got, &e.analyze(&edited, Format::Markdown), &edited, "edit");
}
