//! Spellings of a term that writers use and the glossary does not list.
//!
//! From every form of several words (acronyms aside) the candidates are built by rule: each
//! space or hyphen between its words swapped for the other or dropped ("value-added reseller"
//! → "value added reseller", "valueadded reseller"), and each word but the last inflected
//! ("managed service provider" → "managed services provider"). Candidates that are already a
//! form anywhere in the glossary are left out. They are added to a copy of the glossary as
//! deprecated forms, so the real matcher — word boundaries, plurals, possessives, proper
//! names, prose only — finds them, and only those found in the docs are proposed.
//!
//! Forms written in Title Case in running text ("our Value-Added Reseller network", not a
//! heading, a link or bold label, nor part of a longer capitalised name) are counted too: not
//! a form to add — a form's case is not a spelling — but a style slip to know about.

use super::{Scan, Tally};
use crate::fold::FoldedText;
use crate::glossary::{derive_plural, EntryId, FormStatus, Glossary, Location};
use crate::matcher::TermMatch;
use crate::prose::{BlockKind, Marks};
use std::collections::{HashMap, HashSet};

/// How a variant differs from the form it was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantKind {
    /// A hyphen or space changed or dropped.
    Spacing,
    /// An inner word inflected ("services provider").
    Inflection,
}

impl VariantKind {
    /// A few words for people.
    pub fn describe(self) -> &'static str {
        match self {
            VariantKind::Spacing => "hyphen or space",
            VariantKind::Inflection => "inner word inflected",
        }
    }
}

/// A spelling seen in the docs that the glossary lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The entry it spells.
    pub entry: String,
    /// The spelling, as the candidate was built (the docs' case aside).
    pub text: String,
    /// The form it was built from.
    pub from: String,
    /// How it differs.
    pub kind: VariantKind,
    /// Uses in the docs (plurals and possessives included).
    pub uses: usize,
    /// Documents using it.
    pub files: usize,
    /// The first use.
    pub sample: Location,
}

/// An entry written in Title Case in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleCase {
    /// The entry.
    pub entry: String,
    /// The commonest way it was written.
    pub written: String,
    /// Uses in Title Case.
    pub uses: usize,
    /// Documents with such a use.
    pub files: usize,
    /// The first one.
    pub sample: Location,
}

/// The candidate variants of every entry.
pub(crate) struct Candidates {
    /// Per entry: (variant, the form it comes from, kind), in the order they are added.
    added: Vec<Vec<(String, String, VariantKind)>>,
    /// Per entry, how many forms the glossary itself has.
    own_forms: Vec<usize>,
}

/// The separators between a form's words, and the words.
fn split_form(form: &str) -> (Vec<&str>, Vec<char>) {
    let mut words = Vec::new();
    let mut seps = Vec::new();
    let mut start = 0;
    for (i, c) in form.char_indices() {
        if c == ' ' || c == '-' {
            words.push(&form[start..i]);
            seps.push(c);
            start = i + 1;
        }
    }
    words.push(&form[start..]);
    (words, seps)
}

fn join(words: &[String], seps: &[&str]) -> String {
    let mut s = words[0].clone();
    for (w, sep) in words[1..].iter().zip(seps) {
        s.push_str(sep);
        s.push_str(w);
    }
    s
}

/// The candidate spellings of `form`.
fn spellings(form: &str) -> Vec<(String, VariantKind)> {
    let (words, seps) = split_form(form);
    if seps.is_empty() || words.iter().any(|w| w.is_empty()) {
        return Vec::new();
    }
    let owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    let mut out = Vec::new();
    if seps.len() <= 3 {
        let choices = [" ", "-", ""];
        for combo in 0..3usize.pow(seps.len() as u32) {
            let mut n = combo;
            let chosen: Vec<&str> = (0..seps.len())
                .map(|_| {
                    let c = choices[n % 3];
                    n /= 3;
                    c
                })
                .collect();
            // Joining words is a variant only for two-word forms ("co-op" → "coop"):
            // longer run-ons are not what writers do.
            if chosen.iter().any(|c| c.is_empty()) && words.len() > 2 {
                continue;
            }
            out.push((join(&owned, &chosen), VariantKind::Spacing));
        }
    }
    let original: Vec<&str> = seps
        .iter()
        .map(|c| if *c == ' ' { " " } else { "-" })
        .collect();
    for i in 0..words.len() - 1 {
        let w = words[i];
        let inflected = if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
            w[..w.len() - 1].to_string()
        } else if w.len() >= 3
            && w.chars().all(|c| c.is_lowercase())
            && !w.ends_with("ed")
            && !w.ends_with("ing")
            && !w.ends_with('s')
        {
            format!("{w}s")
        } else {
            continue;
        };
        let mut changed = owned.clone();
        changed[i] = inflected;
        out.push((join(&changed, &original), VariantKind::Inflection));
    }
    out.retain(|(v, _)| v != form);
    out
}

impl Candidates {
    pub(crate) fn new(g: &Glossary) -> Candidates {
        let mut taken: HashSet<String> = HashSet::new();
        for e in g.entries() {
            for f in &e.forms {
                taken.insert(f.text.to_lowercase());
                if let Some(p) = &f.plural {
                    taken.insert(p.to_lowercase());
                }
            }
        }
        let mut added = Vec::with_capacity(g.entries().len());
        for e in g.entries() {
            let mut mine: Vec<(String, String, VariantKind)> = Vec::new();
            for f in e.forms.iter().filter(|f| !f.acronym) {
                for (v, kind) in spellings(&f.text) {
                    if taken.insert(v.to_lowercase()) {
                        mine.push((v, f.text.clone(), kind));
                    }
                }
            }
            added.push(mine);
        }
        Candidates {
            added,
            own_forms: g.entries().iter().map(|e| e.forms.len()).collect(),
        }
    }

    /// `g` with every candidate added to its entry as a deprecated form.
    pub(crate) fn augmented(&self, g: &Glossary) -> Glossary {
        let mut entries = g.entries().to_vec();
        for (e, added) in entries.iter_mut().zip(&self.added) {
            for (v, from, _) in added {
                let template = e
                    .forms
                    .iter()
                    .find(|f| f.text == *from)
                    .cloned()
                    .expect("candidates come from the entry's forms");
                e.forms.push(crate::glossary::Form {
                    text: v.clone(),
                    status: FormStatus::Deprecated,
                    plural: template.plural.as_ref().map(|_| derive_plural(v)),
                    ..template
                });
            }
        }
        Glossary::from_entries(entries, g.exceptions().to_vec())
    }

    /// Counts the variants and Title Case uses among `matches`.
    pub(crate) fn count(
        &self,
        augmented: &Glossary,
        folded: &FoldedText,
        matches: &[TermMatch],
        locate: &dyn Fn(usize) -> Location,
        scan: &mut Scan,
    ) {
        for m in matches {
            if m.form >= self.own_forms[m.entry] {
                // Inside a slug or identifier ("…-for-channel-partners"): no writer's spelling.
                let f = folded.as_str();
                let before = f[..m.folded.start].chars().next_back();
                let after = f[m.folded.end..].chars().next();
                if [before, after]
                    .iter()
                    .any(|c| c.is_some_and(|c| matches!(c, '-' | '_' | '/' | '.' | '=')))
                    && !after
                        .is_some_and(|c| c == '.' && f[m.folded.end + 1..].starts_with([' ', '\n']))
                {
                    continue;
                }
                scan.variants
                    .entry((m.entry, m.form))
                    .or_default()
                    .add(&locate(m.range.start));
                continue;
            }
            let form = &augmented.entry(m.entry).forms[m.form];
            if form.acronym || m.block != BlockKind::Paragraph {
                continue;
            }
            let (marks, _) = folded.marks_at(m.folded.start);
            if marks.intersects(Marks::LINK.with(Marks::STRONG).with(Marks::EMPHASIS)) {
                continue;
            }
            let written = folded.as_str()[m.folded.clone()].to_string();
            let (words, _) = split_form(&written);
            let title_case = words.iter().all(|w| {
                let mut c = w.chars();
                c.next().is_some_and(char::is_uppercase) && c.any(char::is_lowercase)
            });
            let lower_form = split_form(&form.text)
                .0
                .iter()
                .any(|w| w.chars().next().is_some_and(char::is_lowercase));
            let at_start = crate::text::is_sentence_start(folded.as_str(), m.folded.start);
            // "Original Equipment Manufacturer (OEM)": expansions are capitalised by convention.
            let expands = folded.as_str()[m.folded.end..]
                .strip_prefix(" (")
                .and_then(|r| r.split(')').next())
                .is_some_and(|inside| crate::glossary::is_acronym(inside.trim_end_matches('s')));
            if expands {
                continue;
            }
            if title_case && lower_form && !(at_start && words.len() == 1) {
                let slot = scan.title_case.entry(m.entry).or_default();
                *slot.0.entry(written).or_default() += 1;
                slot.1.add(&locate(m.range.start));
            }
        }
    }

    /// The variants and Title Case uses found, most used first.
    pub(crate) fn finish(
        &self,
        g: &Glossary,
        augmented: &Glossary,
        variants: HashMap<(EntryId, usize), Tally>,
        title_case: HashMap<EntryId, (HashMap<String, usize>, Tally)>,
    ) -> (Vec<Variant>, Vec<TitleCase>) {
        let mut out: Vec<Variant> = variants
            .into_iter()
            .filter_map(|((entry, form), t)| {
                let (text, from, kind) =
                    self.added[entry].get(form - self.own_forms[entry])?.clone();
                debug_assert_eq!(augmented.entry(entry).forms[form].text, text);
                Some(Variant {
                    entry: g.entry(entry).id.clone(),
                    text,
                    from,
                    kind,
                    uses: t.uses,
                    files: t.files,
                    sample: t.sample?,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.uses
                .cmp(&a.uses)
                .then_with(|| a.entry.cmp(&b.entry))
                .then_with(|| a.text.cmp(&b.text))
        });
        let mut tc: Vec<TitleCase> = title_case
            .into_iter()
            .filter_map(|(entry, (written, t))| {
                let commonest = written
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?
                    .0;
                Some(TitleCase {
                    entry: g.entry(entry).id.clone(),
                    written: commonest,
                    uses: t.uses,
                    files: t.files,
                    sample: t.sample?,
                })
            })
            .collect();
        tc.sort_by(|a, b| b.uses.cmp(&a.uses).then_with(|| a.entry.cmp(&b.entry)));
        (out, tc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_spellings() {
        let got: Vec<String> = spellings("value-added reseller")
            .into_iter()
            .map(|(v, _)| v)
            .collect();
        assert!(got.contains(&"value added reseller".to_string()));
        assert!(got.contains(&"value-added-reseller".to_string()));
        assert!(
            !got.contains(&"valueadded reseller".to_string()),
            "three words"
        );
        let got: Vec<String> = spellings("managed service provider")
            .into_iter()
            .map(|(v, _)| v)
            .collect();
        assert!(got.contains(&"managed services provider".to_string()));
        assert!(got.contains(&"managed-service provider".to_string()));
        assert!(!got.iter().any(|v| v.starts_with("manageds")));
        let got: Vec<String> = spellings("co-op").into_iter().map(|(v, _)| v).collect();
        assert_eq!(got, ["co op", "coop"]);
        assert!(spellings("reseller").is_empty());
    }
}
