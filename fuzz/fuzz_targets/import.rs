//! The glossary importers (pages, CSV, TBX) on arbitrary bytes (see `glossary_lsp::fuzzing::import`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| glossary_lsp::fuzzing::import(data));
