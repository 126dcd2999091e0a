//! Stage 4: rules — from term matches to findings.
//!
//! Each rule has a stable code ([`Rule::code`]), a default [`Severity`], a message that teaches
//! (it quotes the glossary's definition) and, where it is safe, a fix. The rules are:
//!
//! | code | module | what it flags |
//! |---|---|---|
//! | `context-misuse` | [`context`] | a term in a sentence whose cues point to a confusable term |
//! | `contradiction` | [`context`] | a term in a sentence that contradicts its own definition |
//! | `acronym-before-definition` | [`acronyms`] | an acronym used before its full form |
//! | `ambiguous-acronym` | [`acronyms`] | an ambiguous acronym never expanded |
//! | `non-preferred-form` | [`forms`] | a discouraged variant or mid-sentence Title Case |
//!
//! Findings then pass through the Markdown suppression comments ([`suppress`]).

pub mod acronyms;
pub mod context;
pub mod forms;
pub(crate) mod meanings;
pub(crate) mod names;
mod replace;
pub mod suppress;

use crate::cues::CueIndex;
use crate::fold::FoldedText;
use crate::glossary::{EntryId, Glossary};
use crate::matcher::{Matches, TermMatch};
use std::ops::Range;

/// A rule, by its stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// `context-misuse`
    ContextMisuse,
    /// `contradiction`
    Contradiction,
    /// `acronym-before-definition`
    AcronymBeforeDefinition,
    /// `ambiguous-acronym`
    AmbiguousAcronym,
    /// `non-preferred-form`
    NonPreferredForm,
}

impl Rule {
    /// Every rule, in documentation order.
    pub const ALL: [Rule; 5] = [
        Rule::ContextMisuse,
        Rule::Contradiction,
        Rule::AcronymBeforeDefinition,
        Rule::AmbiguousAcronym,
        Rule::NonPreferredForm,
    ];

    /// The stable code used in output, config and suppression comments.
    pub fn code(self) -> &'static str {
        match self {
            Rule::ContextMisuse => "context-misuse",
            Rule::Contradiction => "contradiction",
            Rule::AcronymBeforeDefinition => "acronym-before-definition",
            Rule::AmbiguousAcronym => "ambiguous-acronym",
            Rule::NonPreferredForm => "non-preferred-form",
        }
    }

    /// The rule with this code.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Its severity unless configured otherwise.
    pub fn default_severity(self) -> Severity {
        match self {
            Rule::AcronymBeforeDefinition => Severity::Info,
            _ => Severity::Warning,
        }
    }

    /// One line saying what the rule checks (SARIF rule descriptions, `--help`).
    pub fn description(self) -> &'static str {
        match self {
            Rule::ContextMisuse => {
                "A term used in a sentence whose cues point to a different glossary term."
            }
            Rule::Contradiction => "A term used in a sentence that contradicts its own definition.",
            Rule::AcronymBeforeDefinition => {
                "An acronym used before its full form appears in the document."
            }
            Rule::AmbiguousAcronym => {
                "An acronym with several common meanings, never expanded in the document."
            }
            Rule::NonPreferredForm => {
                "A discouraged variant of a term, or a term capitalised mid-sentence."
            }
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// How serious a finding is; ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// A hint (editors show it faintly).
    Hint,
    /// Information.
    Info,
    /// A warning (the default `--fail-on` level).
    Warning,
    /// An error.
    Error,
}

impl Severity {
    /// The name used in config and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a severity name (`error`, `warning`, `info`, `hint`).
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "hint" => Some(Severity::Hint),
            "info" | "information" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// How the rules run: per-rule severity (`None` switches a rule off), and which front matter
/// values are prose to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSettings {
    severity: [Option<Severity>; 5],
    /// The front matter keys whose values are checked (`front-matter` in the config): by
    /// default `title` (as a heading) and `description` (as a paragraph), what search results
    /// show.
    pub front_matter: Vec<String>,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            severity: Rule::ALL.map(|r| Some(r.default_severity())),
            front_matter: crate::prose::DEFAULT_FRONT_MATTER
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }
}

impl RuleSettings {
    /// The severity of `rule`, or `None` when it is off.
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        self.severity[rule.index()]
    }

    /// Sets the severity of `rule` (`None`: off).
    pub fn set(&mut self, rule: Rule, severity: Option<Severity>) {
        self.severity[rule.index()] = severity;
    }
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule that found it.
    pub rule: Rule,
    /// Its severity (after configuration).
    pub severity: Severity,
    /// Byte range in the document: exactly the matched term as written.
    pub range: Range<usize>,
    /// What to do, in one short sentence that leads with the action (≤ 110 characters for the
    /// built-in glossary: it must fit where editors list problems).
    pub message: String,
    /// The evidence and the definition behind the message (the cues seen, the other form the
    /// document uses, the glossary's definition): for a hover, an editor's related
    /// information, the CLI's `note:` line and JSON's `note`.
    pub note: String,
    /// The entry of the matched term.
    pub entry: EntryId,
    /// Replacements for `range`, best first (possibly none).
    pub suggestions: Vec<String>,
    /// Whether the first suggestion is safe to apply without a person looking (`--fix`).
    pub fix_is_safe: bool,
    /// Other places in the document the finding points to (where an acronym used too early is
    /// spelled out, the accepted form a document with mixed spellings also writes): editors
    /// show them with the finding (LSP `relatedInformation`). Empty for most findings.
    pub related: Vec<Related>,
}

/// Another place in the document that a finding points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// What is there, in a few words ("MSP spelled out").
    pub message: String,
}

/// What every rule reads.
pub(crate) struct Context<'a> {
    pub glossary: &'a Glossary,
    pub cues: &'a CueIndex,
    pub folded: &'a FoldedText,
    pub matches: &'a Matches,
    /// Folded ranges of all term matches, sorted (for cue exclusion).
    pub term_ranges: Vec<Range<usize>>,
}

impl<'a> Context<'a> {
    pub fn new(
        glossary: &'a Glossary,
        cues: &'a CueIndex,
        folded: &'a FoldedText,
        matches: &'a Matches,
    ) -> Self {
        let term_ranges = matches.terms.iter().map(|m| m.folded.clone()).collect();
        Context {
            glossary,
            cues,
            folded,
            matches,
            term_ranges,
        }
    }

    /// Whether folded offset `at` lies inside a term match.
    pub fn in_term(&self, at: usize) -> bool {
        let terms = &self.matches.terms;
        let i = terms.partition_point(|t| t.folded.end <= at);
        terms.get(i).is_some_and(|t| t.folded.start <= at)
    }

    /// The term matches whose folded range lies inside `range`.
    pub fn terms_in(&self, range: Range<usize>) -> &'a [TermMatch] {
        let terms = &self.matches.terms;
        let a = terms.partition_point(|m| m.folded.start < range.start);
        let b = terms.partition_point(|m| m.folded.start < range.end);
        &terms[a..b.max(a)]
    }
}

/// Whether `b` directly follows `a` in parentheses and names the same entry: the pair
/// "managed service provider (MSP)" or "MSP (managed service provider)".
pub(crate) fn is_definition_pair(ctx: &Context, a: &TermMatch, b: &TermMatch) -> bool {
    a.entry == b.entry
        && a.folded.end <= b.folded.start
        // "\(" where Markdown's escape reached the text (front matter, code-like prose)
        && matches!(
            ctx.folded.as_str()[a.folded.end..b.folded.start].trim(),
            "(" | "\\("
        )
}

/// Whether the sentence around `at` (a folded range inside match `m`) shows that `m` means its
/// entry's concept: another glossary term (written differently) or one of the entry's cues
/// stands in it. It is the evidence an ambiguous acronym needs to be judged, and a fix that
/// changes words needs to be applied without a person looking.
pub(crate) fn sentence_shows_concept(
    ctx: &Context,
    m: &TermMatch,
    at: Range<usize>,
    acronyms_count: bool,
) -> bool {
    let hay = ctx.folded.as_str();
    let sentence = crate::text::sentence_bounds(hay, at.clone());
    // Another acronym is weak evidence ("the ISV, VAR, CUS, and USR layers" are layer codes):
    // enough to judge an ambiguous acronym, not to rewrite words unseen (`acronyms_count`).
    let other_term = ctx.terms_in(sentence.clone()).iter().any(|t| {
        !std::ptr::eq(t, m)
            && hay[t.folded.clone()] != hay[at.clone()]
            && (acronyms_count || !ctx.glossary.entry(t.entry).forms[t.form].acronym)
    });
    other_term
        || ctx
            .cues
            .hits(hay, sentence, &ctx.term_ranges)
            .iter()
            .any(|h| {
                ctx.cues
                    .owned_by(h.phrase, crate::cues::CueOwner::Entry(m.entry))
            })
}

/// Runs the rules that read no further than a term's sentence (`context-misuse`,
/// `contradiction`, `non-preferred-form`): their findings for a part of a document are the
/// same whether the part is analysed alone or in the whole, so they can be computed per chunk
/// and cached. (The one exception, the accepted form a discouraged variant's message says the
/// document also uses, is settled by [`check_document`].)
pub(crate) fn check_sentences(
    ctx: &Context,
    text: &str,
    settings: &RuleSettings,
    out: &mut Vec<Finding>,
) {
    let on = |r: Rule| settings.severity(r).is_some();
    if on(Rule::ContextMisuse) || on(Rule::Contradiction) {
        context::check(ctx, text, out);
    }
    if on(Rule::NonPreferredForm) {
        forms::check(ctx, text, out);
    }
}

/// Runs the rules that read the whole document (`acronym-before-definition`,
/// `ambiguous-acronym`: first uses and expansions), and names in each discouraged variant's
/// message the accepted form the document uses first. `out` holds the chunks' findings.
pub(crate) fn check_document(
    ctx: &Context,
    text: &str,
    settings: &RuleSettings,
    out: &mut Vec<Finding>,
) {
    let on = |r: Rule| settings.severity(r).is_some();
    if on(Rule::NonPreferredForm) {
        forms::mention_document_forms(ctx, text, out);
    }
    if on(Rule::AcronymBeforeDefinition) || on(Rule::AmbiguousAcronym) {
        acronyms::check(ctx, text, out);
    }
}

/// Settles the findings of both kinds of rules: fixes that would delete markup are dropped,
/// configured severities applied (rules switched off removed), and findings sorted by position.
pub(crate) fn finish(
    ctx: &Context,
    text: &str,
    settings: &RuleSettings,
    findings: &mut Vec<Finding>,
) {
    // A term matched across inline markup ("**value added** reseller", "[value added](u)
    // reseller") has markup inside its range: replacing the range would delete it, so such a
    // finding keeps its message but offers no fix.
    for f in findings.iter_mut() {
        let i = ctx
            .matches
            .terms
            .partition_point(|m| m.range.start < f.range.start);
        if let Some(m) = ctx.matches.terms.get(i).filter(|m| m.range == f.range) {
            if crate::fold::fold_pattern(&text[m.range.clone()])
                != ctx.folded.as_str()[m.folded.clone()]
            {
                f.suggestions.clear();
                f.fix_is_safe = false;
            }
        }
    }
    findings.retain_mut(|f| match settings.severity(f.rule) {
        Some(s) => {
            f.severity = s;
            true
        }
        None => false,
    });
    findings.sort_by_key(|f| (f.range.start, f.rule));
}
