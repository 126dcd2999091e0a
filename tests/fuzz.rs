//! The fuzz targets of `fuzz/` on stable, for a bounded number of cases: proptest feeds them
//! Markdown-shaped text (markup, terms, cues, odd Unicode), TOML-shaped glossaries and
//! glossaries in the other formats (pages, CSV, TBX), and
//! each target asserts its own invariants (see `glossary_lsp::fuzzing`).

use proptest::prelude::*;

/// Pieces that make the parsers and rules work: markup, terms, acronyms, front matter,
/// tables, combining marks, CJK, CRLF.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("# ".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("```\n".to_string()),
        Just("<!-- glossary-lsp-disable-line -->".to_string()),
        Just("[link](u) ".to_string()),
        Just("**".to_string()),
        Just("![alt](i.png)".to_string()),
        Just("title: ".to_string()),
        Just(" MSP ".to_string()),
        Just("OEM's ".to_string()),
        Just("ISV partners ".to_string()),
        Just("value added reseller ".to_string()),
        Just("Channel Partners ".to_string()),
        Just("integration, training ".to_string()),
        Just("e\u{301} ".to_string()),
        Just("日本語reseller".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        "[a-zA-Z ,.()\"'-]{0,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

fn glossary_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("schema = 1\n".to_string()),
        Just("[[entry]]\n".to_string()),
        Just("id = \"x\"\n".to_string()),
        Just("category = \"C\"\n".to_string()),
        Just("definition = \"An X is a partner.\"\n".to_string()),
        Just("forms = [{ text = \"X partner\", status = \"preferred\" }]\n".to_string()),
        Just(
            "forms = [{ text = \"XP\", status = \"admitted\", expansion = \"x partner\" }]\n"
                .to_string()
        ),
        Just("cues = [\"deal\", \"margin\"]\n".to_string()),
        Just("exceptions = [\"X Partner Program\"]\n".to_string()),
        "[a-z =\"\\[\\]{},\n]{0,20}",
    ];
    prop::collection::vec(line, 0..14).prop_map(|v| v.concat())
}

/// Glossary pages, spreadsheets and termbases, whole or broken.
fn import_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("Partner Types\n\n".to_string()),
        Just("## Strategy\n\n".to_string()),
        Just("Managed Service Provider (MSP)\n\n".to_string()),
        Just("A managed service provider (MSP) is a company.\n\n".to_string()),
        Just("**Rebate**: money paid back.\n".to_string()),
        Just("Term,Definition,Status,Synonyms\n".to_string()),
        Just("deal reg,\"A deal, registered.\",deprecated,x; y\n".to_string()),
        Just("<tbx><text><body><conceptEntry id=\"c1\"><langSec xml:lang=\"en\">".to_string()),
        Just("<descrip type=\"definition\">D.</descrip><termSec><term>t</term>".to_string()),
        Just("</termSec></langSec></conceptEntry></body></text></tbx>\n".to_string()),
        Just("<!DOCTYPE x [<!ENTITY e \"v\">]>&e;".to_string()),
        "[A-Za-z ,;\"()<>/=:*#\n-]{0,24}",
    ];
    prop::collection::vec(line, 0..14).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn prose_target(doc in document()) {
        glossary_lsp::fuzzing::prose(doc.as_bytes());
    }

    #[test]
    fn prose_target_raw_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        glossary_lsp::fuzzing::prose(&bytes);
    }

    #[test]
    fn glossary_target(text in glossary_text()) {
        glossary_lsp::fuzzing::glossary(text.as_bytes());
    }

    #[test]
    fn import_target(text in import_text()) {
        glossary_lsp::fuzzing::import(text.as_bytes());
    }
}
