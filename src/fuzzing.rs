//! Fuzz targets: the bodies behind `fuzz/fuzz_targets/*.rs` (cargo-fuzz, nightly) and behind
//! the bounded stable run in `tests/fuzz.rs` (proptest inputs), so both exercise the same
//! checks.
//!
//! Each target takes arbitrary bytes and must neither panic nor hang; it also asserts the
//! invariants that hold for any input:
//! - [`prose`]: every prose span and finding lies on char boundaries inside the text, in
//!   order; analysis on several threads and through an incremental cache equals the plain one;
//!   the unchecked-text listing covers only text outside the prose;
//! - [`glossary`]: a glossary either loads or gives an error with a line and column inside
//!   the text, and one that loads compiles and analyses its own definitions.
//!
//! (The language server's framing is fuzzed by its own property test, `server::framing`.)

use crate::glossary::{load, GlossarySource};
use crate::prose::{prose_ranges, unchecked, Format};
use crate::rules::RuleSettings;
use crate::{AnalysisCache, Engine};
use std::sync::OnceLock;

fn builtin_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(
            load(&[GlossarySource::Builtin]).expect("the built-in glossary loads"),
            RuleSettings::default(),
        )
    })
}

/// The prose stage and the whole analysis, on `data` read as UTF-8 (lossily), as Markdown, as
/// MDX and as plain text.
pub fn prose(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    for format in [Format::Markdown, Format::Mdx, Format::PlainText] {
        let prose = prose_ranges(text, format);
        let mut last = 0;
        for s in &prose.spans {
            assert!(s.range.start <= s.range.end && s.range.end <= text.len());
            assert!(text.is_char_boundary(s.range.start) && text.is_char_boundary(s.range.end));
            assert!(s.range.start >= last, "spans out of order");
            last = s.range.end;
        }
        for u in unchecked(text, format) {
            assert!(
                !prose
                    .spans
                    .iter()
                    .any(|s| s.range.start < u.range.end && u.range.start < s.range.end),
                "unchecked text overlaps prose"
            );
        }
        let engine = builtin_engine();
        let whole = engine.analyze_with_threads(text, format, 1);
        for f in &whole.findings {
            assert!(f.range.end <= text.len());
            assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        }
        let threaded = engine.analyze_with_threads(text, format, 2);
        assert_eq!(threaded.findings, whole.findings, "threads change findings");
        let mut cache = AnalysisCache::default();
        let incremental = engine.analyze_incremental(text, format, &mut cache);
        assert_eq!(
            incremental.findings, whole.findings,
            "the cache changes findings"
        );
    }
}

/// The glossary loader on `data` as TOML: loads, or fails at a place inside the text.
pub fn glossary(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let lines = text.split('\n').count();
    match load(&[GlossarySource::Text {
        name: "fuzz.toml".into(),
        text: text.clone(),
    }]) {
        Ok(g) => {
            let engine = Engine::new(g, RuleSettings::default());
            for e in engine.glossary().entries() {
                let _ = engine.analyze(&e.definition, Format::PlainText);
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "an error without a message");
            for e in errors {
                assert!(e.location.line >= 1 && e.location.column >= 1, "{e}");
                assert!(
                    e.location.line <= lines + 1,
                    "{e}: past the end ({lines} lines)"
                );
            }
        }
    }
}

/// The glossary importers on `data` as each format they read (Markdown and text pages, CSV,
/// TBX), loaded as a configured glossary would be: loads, or fails with every error at a place
/// inside the text.
pub fn import(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let lines = text.split('\n').count();
    for name in ["fuzz.md", "fuzz.txt", "fuzz.csv", "fuzz.tsv", "fuzz.tbx"] {
        let _ = crate::glossary::import::import_text(
            name,
            &text,
            &crate::glossary::import::ImportOptions::default(),
        );
        match load(&[GlossarySource::Text {
            name: name.into(),
            text: text.clone(),
        }]) {
            Ok(g) => assert!(!g.is_empty(), "{name}: loaded, and empty"),
            Err(errors) => {
                assert!(!errors.is_empty(), "{name}: an error without a message");
                for e in errors {
                    assert_eq!(&*e.location.path, name, "{e}");
                    assert!(e.location.line >= 1 && e.location.column >= 1, "{e}");
                    assert!(
                        e.location.line <= lines + 1,
                        "{e}: past the end ({lines} lines)"
                    );
                }
            }
        }
    }
}
