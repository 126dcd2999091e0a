//! The glossary loader on arbitrary bytes (see `glossary_lsp::fuzzing::glossary`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| glossary_lsp::fuzzing::glossary(data));
