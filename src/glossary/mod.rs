//! The glossary: concepts, their forms, and the data the rules need.
//!
//! A glossary is data, not code. It is loaded from TOML files (see `glossary/README.md` for the
//! schema) by [`load`], which validates everything up front so that the later stages — matching
//! and rules — can trust it: every referenced id exists, every form belongs to one entry, every
//! quoted fact is really in its definition. Errors carry the file, line and column of the value
//! at fault ([`GlossaryError`]).
//!
//! The model follows terminology standards (TBX, ISO 30042): an [`Entry`] is one *concept* with an
//! id, a category and a definition, named by several [`Form`]s, each with a [`FormStatus`]
//! (preferred, admitted, deprecated). Plurals are derived by rule (`inflect.rs`) unless a form
//! overrides them; possessives are recognised by the matcher.

pub mod export;
pub mod import;
mod inflect;
mod load;

pub use inflect::{derive_plural, is_acronym};
pub use load::{load, load_limited, GlossaryError, GlossarySource, BUILTIN_NAME, BUILTIN_TEXT};

use std::collections::HashMap;
use std::sync::Arc;

/// Index of an [`Entry`] in [`Glossary::entries`].
pub type EntryId = usize;

/// A merged, validated glossary: what the matcher and the rules run on.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    entries: Vec<Entry>,
    by_id: HashMap<String, EntryId>,
    /// Per entry, the ids of its confusables, resolved once (the rules ask for every match).
    confusable_ids: Vec<Vec<EntryId>>,
    /// Per entry and form, [`Entry::spells_out_acronym`], worked out once (the acronym rule
    /// asks for every match).
    spells_out: Vec<Vec<bool>>,
    /// Phrases in which terms are not checked ("Contoso Reseller Program").
    exceptions: Vec<String>,
}

impl Glossary {
    /// Builds a glossary from entries that have already been validated by [`load`].
    pub(crate) fn from_entries(entries: Vec<Entry>, exceptions: Vec<String>) -> Glossary {
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect::<HashMap<_, _>>();
        let confusable_ids = entries
            .iter()
            .map(|e| {
                e.confusables
                    .iter()
                    .filter_map(|c| by_id.get(&c.with).copied())
                    .collect()
            })
            .collect();
        let spells_out = entries
            .iter()
            .map(|e| e.forms.iter().map(|f| e.spells_out_acronym(f)).collect())
            .collect();
        Glossary {
            entries,
            by_id,
            confusable_ids,
            spells_out,
            exceptions,
        }
    }

    /// All entries, in load order (built-in first, then each team file).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry at `id`.
    ///
    /// # Panics
    /// If `id` did not come from this glossary.
    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id]
    }

    /// Phrases in which glossary terms are not checked (`exceptions = [...]` in glossary files):
    /// proper names and quoted titles a team wants left alone.
    pub fn exceptions(&self) -> &[String] {
        &self.exceptions
    }

    /// The entries `id` is often confused with, in the order its glossary lists them.
    pub fn confusables_of(&self, id: EntryId) -> &[EntryId] {
        &self.confusable_ids[id]
    }

    /// Whether form number `form` of entry `id` spells out the entry's acronym (see
    /// [`Entry::spells_out_acronym`]).
    pub fn spells_out_acronym(&self, id: EntryId, form: usize) -> bool {
        self.spells_out[id][form]
    }

    /// Looks an entry up by its string id (`"value-added-reseller"`).
    pub fn by_id(&self, id: &str) -> Option<EntryId> {
        self.by_id.get(id).copied()
    }

    /// Finds the entry one of whose forms (or derived plurals) is `text`: acronyms compare
    /// exactly, other forms case-insensitively. Used by `glossary-lsp define`.
    pub fn find_form(&self, text: &str) -> Option<EntryId> {
        let folded = crate::fold::fold_pattern(text.trim());
        let lower = folded.to_lowercase();
        let mut loose = None;
        for (i, e) in self.entries.iter().enumerate() {
            for f in &e.forms {
                for written in std::iter::once(&f.text).chain(f.plural.as_ref()) {
                    if written == &folded {
                        return Some(i);
                    }
                    if written.to_lowercase() == lower && loose.is_none() {
                        loose = Some(i);
                    }
                }
            }
            if e.id == lower {
                loose = loose.or(Some(i));
            }
        }
        loose
    }

    /// Whether the glossary has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One concept.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Stable id, `[a-z0-9-]+`, unique in the merged glossary.
    pub id: String,
    /// Grouping shown in hover and `terms` ("Partner Types").
    pub category: String,
    /// The definition, verbatim as the glossary's author wrote it.
    pub definition: String,
    /// The forms; exactly one is [`FormStatus::Preferred`] and it comes first.
    pub forms: Vec<Form>,
    /// Ids of related entries.
    pub related: Vec<String>,
    /// Cue phrases signalling that a sentence is about this concept (see [`crate::cues`]),
    /// each with its weight.
    pub cues: Vec<Cue>,
    /// A verbatim part of the definition quoted when another term is misused for this one.
    pub key_fact: Option<String>,
    /// Terms this one is mistaken for.
    pub confusables: Vec<Confusable>,
    /// Cues that contradict this term's definition.
    pub contradictions: Vec<Contradiction>,
    /// Example sentences that run as tests.
    pub examples: Vec<Example>,
    /// The concept in other languages (`[[entry.language]]`), as a termbase gave it: kept so
    /// that export writes it back, ignored by matching and the rules for now.
    pub languages: Vec<LanguageSection>,
    /// Where the entry is defined.
    pub origin: Location,
}

/// A concept's terms and definition in another language (TBX's *language section*). The
/// engine checks one language; these are carried along so that a termbase imported and
/// exported again keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageSection {
    /// The language tag, as in `xml:lang` (`"de"`, `"fr-CA"`).
    pub lang: String,
    /// The definition in that language, if the termbase has one.
    pub definition: Option<String>,
    /// The terms in that language, in order, each with its status.
    pub forms: Vec<ForeignForm>,
}

/// A term in another language: its text and status only (no plurals or acronyms, which are
/// English rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignForm {
    /// The term as written.
    pub text: String,
    /// Its status.
    pub status: FormStatus,
}

impl Entry {
    /// The preferred form (always the first form).
    pub fn preferred(&self) -> &Form {
        &self.forms[0]
    }

    /// Whether a use of `form` spells out the entry's acronym, so that the acronym is defined
    /// from there on: a full form that does not itself contain the acronym ("managed service
    /// provider"; not "ISV partner", which is a *use* of ISV).
    pub fn spells_out_acronym(&self, form: &Form) -> bool {
        let holds = |word: &str| {
            form.text.match_indices(word).any(|(i, _)| {
                let t = &form.text;
                !t[..i]
                    .chars()
                    .next_back()
                    .is_some_and(crate::text::is_word_char)
                    && !t[i + word.len()..]
                        .chars()
                        .next()
                        .is_some_and(crate::text::is_word_char)
            })
        };
        !form.acronym
            && !self
                .forms
                .iter()
                .filter(|f| f.acronym)
                .any(|a| holds(&a.text))
    }

    /// The first acronym form, if any ("VAR" for value-added reseller).
    pub fn acronym(&self) -> Option<&Form> {
        self.forms
            .iter()
            .find(|f| f.acronym && f.status != FormStatus::Deprecated)
    }

    /// The name shown to people: the preferred form, with the acronym in parentheses when the
    /// entry has one: "value-added reseller (VAR)".
    pub fn display_name(&self) -> String {
        match self.acronym() {
            Some(a) if !self.preferred().acronym => {
                format!("{} ({})", self.preferred().text, a.text)
            }
            _ => self.preferred().text.clone(),
        }
    }

    /// The preferred form with the indefinite article it takes in a sentence: "a reseller",
    /// "an ISV partner", "an MSP"; mass nouns (no plural) take none: "channel marketing".
    pub fn with_article(&self) -> String {
        let f = self.preferred();
        if f.plural.is_none() {
            return f.text.clone();
        }
        // Acronyms are read letter by letter: "an MSP", "an SI", "a VAR".
        let first_word = f.text.split([' ', '-']).next().unwrap_or("");
        let vowel_sound = if is_acronym(first_word) {
            first_word.starts_with(['A', 'E', 'F', 'H', 'I', 'L', 'M', 'N', 'O', 'R', 'S', 'X'])
        } else {
            first_word
                .to_lowercase()
                .starts_with(['a', 'e', 'i', 'o', 'u'])
        };
        format!("{} {}", if vowel_sound { "an" } else { "a" }, f.text)
    }

    /// The gist of the definition, quoted in messages: its first sentence with dash-enclosed
    /// asides elided ("Partner-led growth is a go-to-market strategy in which partners … drive
    /// the majority of new customer acquisition…") and anything after a lone dash cut.
    pub fn gist(&self) -> String {
        let d = self.definition.trim();
        let mut out = String::with_capacity(d.len());
        let mut rest = d;
        while let Some(open) = rest.find(" \u{2014} ") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 5..];
            match after.find(" \u{2014} ") {
                Some(close) => {
                    out.push_str(" \u{2026}");
                    rest = &after[close + 4..];
                }
                None => {
                    rest = "";
                    break;
                }
            }
        }
        out.push_str(rest);
        out.trim_end_matches('.').trim().to_string()
    }
}

/// How a form is regarded, after TBX's "administrative status".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormStatus {
    /// The form to use; exactly one per entry.
    Preferred,
    /// Accepted: aliases, the abbreviation.
    Admitted,
    /// Discouraged: flagged by `non-preferred-form`.
    Deprecated,
}

impl FormStatus {
    /// Every status, from the most to the least favoured.
    pub const ALL: [FormStatus; 3] = [
        FormStatus::Preferred,
        FormStatus::Admitted,
        FormStatus::Deprecated,
    ];

    /// The status named `name` in a glossary file (`"preferred"`, `"admitted"`,
    /// `"deprecated"`).
    pub fn from_name(name: &str) -> Option<FormStatus> {
        FormStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The name used in glossary files and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            FormStatus::Preferred => "preferred",
            FormStatus::Admitted => "admitted",
            FormStatus::Deprecated => "deprecated",
        }
    }
}

/// One way of writing a concept.
#[derive(Debug, Clone)]
pub struct Form {
    /// The form as written, with whitespace and hyphens normalised.
    pub text: String,
    /// Its status.
    pub status: FormStatus,
    /// All-caps abbreviation: matched case-sensitively.
    pub acronym: bool,
    /// The plural (derived or overridden); `None` for mass nouns.
    pub plural: Option<String>,
    /// For acronyms: the full form it abbreviates (the entry's preferred form unless given).
    pub expansion: Option<String>,
    /// For acronyms: other common meanings, which make it ambiguous.
    pub ambiguous: Vec<String>,
}

/// "Often confused with": a link to another entry and the difference in one line.
#[derive(Debug, Clone)]
pub struct Confusable {
    /// Id of the other entry.
    pub with: String,
    /// One line saying how the two differ.
    pub difference: String,
}

/// A cue phrase of an entry and how much it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The phrase, folded and lower-cased; a trailing `*` makes its last word a stem.
    pub text: String,
    /// How many distinct cues it counts as (1 to [`Cue::MAX_WEIGHT`]): `context-misuse` needs
    /// cues worth [`crate::rules::context::MIN_CUES`], so a cue of weight 2 is enough on its
    /// own — a phrase that says what the concept does beyond doubt ("drive web traffic").
    pub weight: u8,
}

impl Cue {
    /// The largest weight a glossary may give a cue.
    pub const MAX_WEIGHT: u8 = 3;
}

/// Cues that contradict a term's definition when said of it.
#[derive(Debug, Clone)]
pub struct Contradiction {
    /// Cue phrases (same syntax as [`Entry::cues`]; any one of them is enough, so they carry
    /// no weight).
    pub cues: Vec<String>,
    /// The verbatim part of the definition that the cues contradict.
    pub fact: String,
    /// Id of an entry to suggest instead.
    pub suggest: Option<String>,
}

/// An example sentence carried by an entry.
#[derive(Debug, Clone)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// The rule code it must trigger, or `None` when it must stay clean.
    pub expect: Option<String>,
    /// The replacement a finding of that rule must offer first, when the example says
    /// (`suggest = "product-led growth (PLG)"`): it pins which fix a rule chose, not only that
    /// it spoke.
    pub suggest: Option<String>,
    /// Where the example is written.
    pub origin: Location,
}

/// A place in a glossary file (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file's path, or [`BUILTIN_NAME`] for the embedded glossary.
    pub path: Arc<str>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
}

/// A problem at a place in a file — a glossary ([`GlossaryError`]) or the configuration
/// ([`crate::config::ConfigError`]) — displayed as `path:line:column: message`, the form editors
/// and terminals turn into links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// Where: file, line and column.
    pub location: Location,
    /// What is wrong and what was expected.
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for FileError {}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}
