//! The prose stage and the analysis on arbitrary bytes (see `glossary_lsp::fuzzing::prose`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| glossary_lsp::fuzzing::prose(data));
