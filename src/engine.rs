//! The pipeline in one place: text → prose → folded text → matches → findings.
//!
//! An [`Engine`] is built once per glossary and configuration (compiling the automata is the
//! expensive part) and then analyses any number of documents; it is `Send + Sync`, so the CLI
//! shares one between threads and the language server between requests.

use crate::cues::CueIndex;
use crate::fold::FoldedText;
use crate::glossary::Glossary;
use crate::matcher::{Matcher, TermMatch};
use crate::prose::{prose_ranges, Format};
use crate::rules::{self, Context, Finding, RuleSettings};

/// A compiled glossary plus rule settings, ready to analyse documents.
#[derive(Debug, Clone)]
pub struct Engine {
    glossary: Glossary,
    matcher: Matcher,
    cues: CueIndex,
    settings: RuleSettings,
}

/// What the engine found in one document.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Every glossary term, in document order (hover, highlights and references use these).
    pub matches: Vec<TermMatch>,
    /// Findings, sorted by position, suppression comments applied.
    pub findings: Vec<Finding>,
    /// Markdown blocks that are never prose (code, front matter, HTML), from the same parse
    /// (see [`Prose::opaque`](crate::prose::Prose::opaque)).
    pub opaque_blocks: Vec<std::ops::Range<usize>>,
}

impl Engine {
    /// Compiles `glossary` with `settings`.
    pub fn new(glossary: Glossary, settings: RuleSettings) -> Engine {
        let matcher = Matcher::new(&glossary);
        let cues = CueIndex::new(&glossary);
        Engine {
            glossary,
            matcher,
            cues,
            settings,
        }
    }

    /// The glossary this engine was built from.
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// The compiled matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The rule settings.
    pub fn settings(&self) -> &RuleSettings {
        &self.settings
    }

    /// Analyses one document.
    ///
    /// ```
    /// use glossary_lsp::{Engine, Format, glossary::{load, GlossarySource}, rules::RuleSettings};
    /// let engine = Engine::new(load(&[GlossarySource::Builtin]).unwrap(), RuleSettings::default());
    /// let doc = "We work with a value added reseller in Ohio.";
    /// let analysis = engine.analyze(doc, Format::PlainText);
    /// assert_eq!(analysis.findings[0].rule.code(), "non-preferred-form");
    /// assert_eq!(&doc[analysis.findings[0].range.clone()], "value added reseller");
    /// assert_eq!(analysis.findings[0].suggestions, ["value-added reseller"]);
    /// ```
    pub fn analyze(&self, text: &str, format: Format) -> Analysis {
        let prose = prose_ranges(text, format);
        let folded = FoldedText::new(text, &prose);
        let matches = self.matcher.find(&folded);
        let ctx = Context::new(&self.glossary, &self.cues, &folded, &matches);
        let mut findings = rules::check(&ctx, text, &self.settings);
        rules::suppress::apply(&mut findings, &prose.directives, text);
        Analysis {
            matches: matches.terms,
            findings,
            opaque_blocks: prose.opaque,
        }
    }
}
