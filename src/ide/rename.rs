//! Renaming a term: which occurrences change, and to what.
//!
//! A rename starts on a term match (the editor's cursor) and changes every occurrence of *that
//! form* of *that entry* — "value-added reseller" renames "value-added resellers" and "Value-added
//! reseller’s", not "VAR", which is another form. The new name is taken as the new form, the way
//! a glossary writes it; each occurrence keeps its own shape ([`shaped`]): plural (the new name's
//! regular plural, `derive_plural`), possessive suffix as written (`’s`, `'s`, `’`), case relative
//! to the glossary form (capital first letter, Title Case, all capitals), and the line break or
//! non-breaking space between its words. So renaming "value-added reseller" to "solution partner"
//! turns "Value-added resellers’" into "Solution partners’".
//!
//! Only the writer's own words change. An occurrence is left alone, with the reason, when it is
//! link text (the name of a linked page), a short bold or italic label, a quoted or code-like
//! literal, or part of a name ("the Contoso Reseller Program") — the roles `rules/names.rs`
//! gives — or when inline markup runs through it (`**value-added** reseller`: replacing it would
//! delete markup). Code, link targets, HTML and other text the engine never reads hold no
//! matches, so they never change.
//!
//! Everything here is offsets and strings: the language server turns the edits into a
//! `WorkspaceEdit` (the current document at once, other files behind a confirmation).

use super::edits::TextEdit;
use crate::fold::{fold_pattern, FoldedText};
use crate::glossary::{derive_plural, EntryId, Form, Glossary};
use crate::matcher::TermMatch;
use crate::prose::{prose_of_part, Format};
use crate::rules::names::{role_of, Role};
use crate::rules::Context;
use crate::Engine;
use std::ops::Range;

/// What a rename starting at a term changes: the entry and its form, by id and text (so that
/// documents under other configurations, whose engines number entries differently, find them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameTarget {
    /// The occurrence under the cursor, possessive suffix left out.
    pub range: Range<usize>,
    /// The entry's id.
    pub entry: String,
    /// The form as the glossary writes it (singular): the text an editor offers to edit.
    pub form: String,
}

/// The rename target at byte `offset` of `text`, given the document's matches.
pub fn rename_target(
    glossary: &Glossary,
    matches: &[TermMatch],
    text: &str,
    offset: usize,
) -> Option<RenameTarget> {
    let m = super::term_at(matches, offset)?;
    let core = core_end(m, text);
    let entry = glossary.entry(m.entry);
    Some(RenameTarget {
        range: m.range.start..core,
        entry: entry.id.clone(),
        form: entry.forms.get(m.form)?.text.clone(),
    })
}

/// The new name as a form: white space folded, or why it cannot be one.
///
/// ```
/// use glossary_lsp::ide::new_name;
/// assert_eq!(new_name("  solution   partner ").unwrap(), "solution partner");
/// assert!(new_name("   ").is_err());
/// assert!(new_name("two\nlines").is_err());
/// ```
pub fn new_name(typed: &str) -> Result<String, String> {
    if typed.contains(['\n', '\r']) {
        return Err("the new name must be on one line".into());
    }
    let folded = fold_pattern(typed);
    if !folded.chars().any(char::is_alphanumeric) {
        return Err("the new name needs a letter or digit".into());
    }
    Ok(folded)
}

/// An occurrence a rename leaves as written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftAlone {
    /// Byte range of the occurrence.
    pub range: Range<usize>,
    /// Why ("link text", "part of a name", …).
    pub reason: &'static str,
}

/// What renaming a form in one document does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenameEdits {
    /// The edits, in document order, never overlapping.
    pub edits: Vec<TextEdit>,
    /// The occurrences left as written.
    pub left: Vec<LeftAlone>,
}

/// The edits that rename form `form` of entry `entry` (see [`RenameTarget`]) to `new_name` (a
/// form, see [`new_name`]) in `text`, whose matches from `engine` are `matches`. Empty when
/// the engine does not know the entry or its form.
///
/// ```
/// use glossary_lsp::{ide, Engine, Format, glossary::{load, GlossarySource}, rules::RuleSettings};
/// let engine = Engine::new(load(&[GlossarySource::Builtin]).unwrap(), RuleSettings::default());
/// let text = "Value-added resellers’ margins grow; we need a value-added reseller.";
/// let matches = engine.analyze(text, Format::PlainText).matches;
/// let r = ide::rename_edits(&engine, text, Format::PlainText, &matches,
///     "value-added-reseller", "value-added reseller", "solution partner");
/// let mut renamed = text.to_string();
/// for e in r.edits.iter().rev() {
///     renamed.replace_range(e.range.clone(), &e.text);
/// }
/// assert_eq!(renamed, "Solution partners’ margins grow; we need a solution partner.");
/// ```
pub fn rename_edits(
    engine: &Engine,
    text: &str,
    format: Format,
    matches: &[TermMatch],
    entry: &str,
    form: &str,
    new_name: &str,
) -> RenameEdits {
    let glossary = engine.glossary();
    let Some(id) = glossary.by_id(entry) else {
        return RenameEdits::default();
    };
    let forms = &glossary.entry(id).forms;
    let Some(form_index) = forms.iter().position(|f| f.text == form) else {
        return RenameEdits::default();
    };
    let form = &forms[form_index];
    let mut out = RenameEdits::default();
    let mut roles = Roles::new(engine, text, format);
    for m in matches
        .iter()
        .filter(|m| m.entry == id && m.form == form_index)
    {
        let edit = shaped(text, m, form, new_name)
            .ok_or("inline markup runs through it")
            .and_then(|edit| match roles.of(m, form.acronym) {
                None => Err("not found again in its paragraph"),
                Some(Role::LinkText) => Err("link text (the name of a linked page)"),
                Some(Role::Emphasised) => Err("a short bold or italic label"),
                Some(Role::Literal) => Err("a quoted or code-like literal"),
                Some(Role::Name) => Err("part of a name"),
                Some(Role::Running | Role::Heading | Role::Label | Role::AltText) => Ok(edit),
            });
        match edit {
            Ok(edit) => {
                if text[edit.range.clone()] != edit.text {
                    out.edits.push(edit);
                }
            }
            Err(reason) => out.left.push(LeftAlone {
                range: m.range.clone(),
                reason,
            }),
        }
    }
    out
}

/// Where the possessive suffix of `m` starts (its end when there is none).
fn core_end(m: &TermMatch, text: &str) -> usize {
    if !m.possessive {
        return m.range.end;
    }
    text[m.range.clone()]
        .rfind(['\'', '\u{2019}'])
        .map_or(m.range.end, |i| m.range.start + i)
}

/// The edit that writes `new_name` in the shape of occurrence `m` of `form`; `None` when the
/// text there is not the form with white space between its words (markup runs through it).
pub(crate) fn shaped(text: &str, m: &TermMatch, form: &Form, new_name: &str) -> Option<TextEdit> {
    let core = core_end(m, text);
    let written = &text[m.range.start..core];
    let canonical = match (&form.plural, m.plural) {
        (Some(p), true) => p.as_str(),
        _ => form.text.as_str(),
    };
    if fold_pattern(written).to_lowercase() != canonical.to_lowercase() {
        return None;
    }
    let base = if m.plural {
        derive_plural(new_name)
    } else {
        new_name.to_string()
    };
    let mut new = Case::of(written, canonical).apply(&base);
    keep_separators(written, &mut new);
    new.push_str(&text[core..m.range.end]);
    Some(TextEdit {
        range: m.range.clone(),
        text: new,
    })
}

/// How an occurrence's letters differ in case from the glossary's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// As the glossary writes it: the new name as typed.
    AsTyped,
    /// All capitals where the form has small letters.
    Upper,
    /// Every word capitalised where the form's are not (a Title Case heading).
    Title,
    /// A capital first letter where the form has a small one (a sentence start).
    Capital,
    /// A small first letter where the form has a capital.
    Small,
}

impl Case {
    fn of(written: &str, canonical: &str) -> Case {
        if written == canonical {
            return Case::AsTyped;
        }
        let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).collect::<Vec<_>>();
        let (w, c) = (letters(written), letters(canonical));
        if w.len() >= 2 && w.iter().all(|c| !c.is_lowercase()) && c.iter().any(|c| c.is_lowercase())
        {
            return Case::Upper;
        }
        let starts = |s: &str| -> Vec<bool> {
            s.split([' ', '-', '\u{2010}', '\u{2011}'])
                .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
                .map(char::is_uppercase)
                .collect()
        };
        let (ws, cs) = (starts(written), starts(canonical));
        if ws.len() > 1 && ws.iter().all(|&u| u) && !cs.iter().all(|&u| u) {
            return Case::Title;
        }
        match (ws.first(), cs.first()) {
            (Some(true), Some(false)) => Case::Capital,
            (Some(false), Some(true)) => Case::Small,
            _ => Case::AsTyped,
        }
    }

    fn apply(self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut word_start = true;
        for (i, c) in s.chars().enumerate() {
            match self {
                Case::Upper => out.extend(c.to_uppercase()),
                Case::Title if word_start => out.extend(c.to_uppercase()),
                Case::Capital if i == 0 => out.extend(c.to_uppercase()),
                Case::Small if i == 0 => out.extend(c.to_lowercase()),
                _ => out.push(c),
            }
            word_start = matches!(c, ' ' | '-');
        }
        out
    }
}

/// Puts the white space written between the occurrence's words into `new` (whose words are
/// separated by single spaces): every run, when both have as many; otherwise only a line break,
/// at the same word or the last space there is. So a term broken over a line stays broken
/// there, and a non-breaking space stays non-breaking.
fn keep_separators(written: &str, new: &mut String) {
    let runs: Vec<&str> = whitespace_runs(written);
    let spaces: Vec<usize> = new.match_indices(' ').map(|(i, _)| i).collect();
    let mut replace: Vec<(usize, &str)> = if runs.len() == spaces.len() {
        spaces.iter().copied().zip(runs.iter().copied()).collect()
    } else {
        match (
            runs.iter().position(|r| r.contains('\n')),
            spaces.is_empty(),
        ) {
            (Some(k), false) => vec![(spaces[k.min(spaces.len() - 1)], runs[k])],
            _ => Vec::new(),
        }
    };
    replace.sort_by_key(|&(at, _)| std::cmp::Reverse(at));
    for (at, run) in replace {
        new.replace_range(at..at + 1, run);
    }
}

/// The runs of white space between the words of `s`.
fn whitespace_runs(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push(&s[st..i]);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The role of each occurrence, judged in the paragraph around it (as the rules judge it),
/// one paragraph analysed once however many occurrences it holds.
struct Roles<'a> {
    engine: &'a Engine,
    text: &'a str,
    format: Format,
    /// The last paragraph: its range, folded text and matches.
    window: Option<(Range<usize>, FoldedText, crate::matcher::Matches)>,
}

/// How far either side of an occurrence its paragraph is looked for.
const WINDOW: usize = 8 * 1024;

impl<'a> Roles<'a> {
    fn new(engine: &'a Engine, text: &'a str, format: Format) -> Roles<'a> {
        Roles {
            engine,
            text,
            format,
            window: None,
        }
    }

    fn of(&mut self, m: &TermMatch, acronym: bool) -> Option<Role> {
        let inside = |w: &Range<usize>| w.start <= m.range.start && m.range.end <= w.end;
        if !self.window.as_ref().is_some_and(|(w, ..)| inside(w)) {
            let w = super::paragraph_around(self.text, m.range.start, WINDOW);
            let w = w.start..w.end.max(m.range.end);
            let part = &self.text[w.clone()];
            let prose = prose_of_part(
                part,
                self.format,
                w.start == 0,
                &self.engine.settings().front_matter,
            );
            let folded = FoldedText::new(part, &prose);
            let matches = self.engine.matcher().find(&folded);
            self.window = Some((w, folded, matches));
        }
        let (w, folded, matches) = self.window.as_ref()?;
        let local = m.range.start - w.start..m.range.end - w.start;
        let found = matches.terms.iter().find(|t| t.range == local)?;
        let glossary: &Glossary = self.engine.glossary();
        let ctx = Context::new(glossary, self.engine.cues(), folded, matches);
        Some(role_of(&ctx, found, acronym))
    }
}

/// Every match of entry `id` whose form is `form` (for counting a form's uses).
pub fn form_occurrences(
    matches: &[TermMatch],
    id: EntryId,
    form: usize,
) -> impl Iterator<Item = &TermMatch> {
    matches
        .iter()
        .filter(move |m| m.entry == id && m.form == form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{load, GlossarySource};
    use crate::rules::RuleSettings;

    fn engine() -> Engine {
        Engine::new(
            load(&[GlossarySource::Builtin]).unwrap(),
            RuleSettings::default(),
        )
    }

    fn rename(text: &str, format: Format, new: &str) -> (String, Vec<(String, &'static str)>) {
        let e = engine();
        let matches = e.analyze(text, format).matches;
        let r = rename_edits(
            &e,
            text,
            format,
            &matches,
            "value-added-reseller",
            "value-added reseller",
            new,
        );
        let mut out = text.to_string();
        for edit in r.edits.iter().rev() {
            out.replace_range(edit.range.clone(), &edit.text);
        }
        let left = r
            .left
            .iter()
            .map(|l| (text[l.range.clone()].to_string(), l.reason))
            .collect();
        (out, left)
    }

    #[test]
    fn shapes_follow_each_occurrence() {
        let doc = "# Value-Added Resellers\n\nValue-added resellers’ margins, a value-added reseller's deal, VALUE-ADDED RESELLERS and our VARs.\n\nA value-added\n  reseller broken over a line, and a value\u{a0}added-reseller? No: value-added\u{a0}reseller.\n";
        let (out, left) = rename(doc, Format::Markdown, "solution partner");
        assert_eq!(
            out,
            "# Solution Partners\n\nSolution partners’ margins, a solution partner's deal, SOLUTION PARTNERS and our VARs.\n\nA solution\n  partner broken over a line, and a value\u{a0}added-reseller? No: solution\u{a0}partner.\n"
        );
        assert!(left.is_empty(), "{left:?}");
        let (out, _) = rename("A value-added\nreseller.\n", Format::Markdown, "partner");
        assert_eq!(out, "A partner.\n");
    }

    #[test]
    fn names_links_labels_and_markup_are_left_alone() {
        let doc = "See [value-added resellers](vars.md), select **Value-Added Reseller**, the \"value-added reseller\" tag, `value-added reseller` code and a **value-added** reseller.\n\nWe pay value-added resellers.\n";
        let (out, left) = rename(doc, Format::Markdown, "solution partner");
        assert!(out.ends_with("We pay solution partners.\n"), "{out}");
        let reasons: Vec<&str> = left.iter().map(|(_, r)| *r).collect();
        assert_eq!(
            reasons,
            [
                "link text (the name of a linked page)",
                "a short bold or italic label",
                "a quoted or code-like literal",
                "inline markup runs through it",
            ],
            "{left:?}"
        );
        assert!(out.contains("`value-added reseller` code"));
    }

    #[test]
    fn targets_and_new_names() {
        let e = engine();
        let text = "Our value-added resellers’ deals.";
        let matches = e.analyze(text, Format::PlainText).matches;
        let t = rename_target(e.glossary(), &matches, text, 6).unwrap();
        assert_eq!(&text[t.range.clone()], "value-added resellers");
        assert_eq!(
            (t.entry.as_str(), t.form.as_str()),
            ("value-added-reseller", "value-added reseller")
        );
        assert!(rename_target(e.glossary(), &matches, text, 1).is_none());
    }
}
