//! glossary-lsp: a glossary of partner-program terms, and the engine that checks prose against
//! it.
//!
//! This crate is the IDE-agnostic core. It knows nothing of LSP: the language server (in the
//! binary) and the command line (in [`cli`]) are thin front ends over [`Engine::analyze`].
//!
//! # The pipeline
//!
//! ```text
//! text ──prose──▶ prose spans ──fold──▶ folded text ──matcher──▶ term matches ──rules──▶ findings
//! ```
//!
//! 1. [`prose`]: which byte ranges are prose (Markdown via `pulldown-cmark`; plain text), and
//!    the suppression comments;
//! 2. [`fold`]: the prose joined into one string, white space and non-breaking characters
//!    normalised, with an exact map back to document offsets;
//! 3. [`matcher`]: a leftmost-longest Aho-Corasick search, run only at word starts, finding
//!    every form of every term;
//! 4. [`rules`]: the five rules turn matches into [`rules::Finding`]s, using [`cues`] and
//!    [`text`] for sentence context.
//!
//! Stages 1–4 run per *chunk*: the document is cut between top-level blocks, the chunks are
//! analysed alone (on every core for a large document) and joined, and only the rules that need
//! the whole document (first uses of acronyms) run on the joined result. The result is exactly
//! the whole-document one. [`Engine::analyze_incremental`] keeps the chunks in an
//! [`AnalysisCache`], so re-analysing an edited document redoes only the edited chunk.
//!
//! The data all of this runs on is the [`glossary`], loaded from TOML and validated up front.
//!
//! ```
//! use glossary_lsp::{Engine, Format, glossary::{load, GlossarySource}, rules::RuleSettings};
//!
//! let glossary = load(&[GlossarySource::Builtin]).expect("the built-in glossary is valid");
//! let engine = Engine::new(glossary, RuleSettings::default());
//! let analysis = engine.analyze("We sell through a system integrator.", Format::PlainText);
//! let finding = &analysis.findings[0];
//! assert_eq!(finding.rule.code(), "non-preferred-form");
//! assert_eq!(finding.suggestions, ["systems integrator"]);
//! ```

#![warn(missing_docs)]

mod chunks;
pub mod cli;
pub mod config;
pub mod cues;
mod engine;
pub mod examples;
pub mod fold;
pub mod fsio;
#[doc(hidden)]
pub mod fuzzing;
pub mod glossary;
pub mod ide;
pub mod matcher;
mod mdx;
mod parallel;
pub mod position;
pub mod prose;
pub mod rule_pages;
pub mod rules;
pub mod selection;
pub mod suggest;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod urls;

pub use engine::{Analysis, AnalysisCache, Engine};
pub use prose::Format;
