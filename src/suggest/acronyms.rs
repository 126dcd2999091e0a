//! Acronyms the docs use that the glossary lacks.
//!
//! An acronym is an all-capital word of prose (two to eight letters or digits, at least two
//! capitals; a plural `s` allowed) that is no form of the glossary, and not part of a path, a
//! file name, a code-like token or a Roman numeral. Its expansion is read where the docs give
//! one: "Cloud Solution Provider (CSP)" — the fewest words before the parenthesis whose
//! initials spell it — or "CSP (Cloud Solution Provider)".
//!
//! Technical documentation is full of acronyms (API, URL, SDK…), and a partner glossary wants
//! few of them. So an acronym is proposed only when it belongs to the glossary's subject:
//!
//! - its expansion is already a form of an entry (the acronym is then proposed for that
//!   entry); or
//! - its expansion shares the glossary's vocabulary: the last word names the same kind of
//!   thing as a form does ("… Provider", "… Vendor", "… Partner") or its words are words of
//!   forms and cues; and the docs use it beside glossary terms (in the same sentence) often
//!   enough; or
//! - with no expansion anywhere, it is used in several files, mostly beside glossary terms.

use super::{stem, Tally, STOPWORDS};
use crate::fold::FoldedText;
use crate::glossary::import::naming::{expansion_length, initials_match, sentence_case};
use crate::glossary::{is_acronym, Glossary, Location};
use crate::matcher::TermMatch;
use std::collections::{HashMap, HashSet};

/// An acronym the docs use that the glossary lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcronymUse {
    /// The acronym.
    pub acronym: String,
    /// Uses in prose.
    pub uses: usize,
    /// Documents using it.
    pub files: usize,
    /// The first use.
    pub sample: Location,
    /// Uses in a sentence that also has a glossary term.
    pub beside_terms: usize,
    /// The commonest expansion the docs give, in sentence case.
    pub expansion: Option<String>,
    /// Where that expansion is first given, and the sentence giving it.
    pub expanded_at: Option<(Location, String)>,
    /// The entry one of whose forms is the expansion: the acronym belongs there.
    pub entry: Option<String>,
}

/// What the glossary knows: its acronyms, forms and vocabulary.
pub(crate) struct Known {
    acronyms: HashSet<String>,
    /// Lower-case form (and plural) → entry id.
    by_form: HashMap<String, String>,
    /// Word stems of cues (weight 1).
    vocabulary: HashMap<String, u8>,
    /// Stems of the last words of forms: the kinds of thing the glossary names.
    heads: HashSet<String>,
}

impl Known {
    pub(crate) fn new(g: &Glossary) -> Known {
        let mut k = Known {
            acronyms: HashSet::new(),
            by_form: HashMap::new(),
            vocabulary: HashMap::new(),
            heads: HashSet::new(),
        };
        let content = |w: &str| w.chars().count() >= 3 && !STOPWORDS.contains(&w);
        for e in g.entries() {
            for f in &e.forms {
                if f.acronym {
                    k.acronyms.insert(f.text.clone());
                    continue;
                }
                for written in std::iter::once(&f.text).chain(f.plural.as_ref()) {
                    k.by_form.insert(written.to_lowercase(), e.id.clone());
                }
                let words = super::words(&f.text);
                if let Some(last) = words.last().and_then(|w| w.rsplit('-').next()) {
                    k.heads.insert(stem(last));
                }
            }
            for c in &e.cues {
                for w in super::words(c.text.trim_end_matches('*')) {
                    if content(&w) {
                        k.vocabulary.entry(stem(&w)).or_insert(1);
                    }
                }
            }
        }
        k
    }

    /// How much an expansion's words belong to the glossary's subject: 3 when its last word
    /// is the last word of a form (it names the same kind of thing: "… provider"), 2 for
    /// each other word that is ("partner sales …"), 1 for each word of a cue.
    fn relevance(&self, expansion: &str) -> u32 {
        let words = super::words(expansion);
        let mut score = 0u32;
        let mut seen = HashSet::new();
        for (i, w) in words.iter().enumerate() {
            for part in w.split('-') {
                let s = stem(part);
                if !seen.insert(s.clone()) {
                    continue;
                }
                if i == words.len() - 1 && self.heads.contains(&s) {
                    score += 3;
                } else if self.heads.contains(&s) {
                    score += 2;
                } else {
                    score += u32::from(self.vocabulary.get(&s).copied().unwrap_or(0));
                }
            }
        }
        score
    }
}

/// How many distinct sentences are remembered per acronym.
const MAX_SENTENCES: usize = 8;

/// An acronym's uses in the docs.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    tally: Tally,
    beside_terms: usize,
    /// Hashes of the sentences it is used in (a few): boilerplate repeated in many files is
    /// one sentence, not many uses.
    sentences: HashSet<u64>,
    /// Expansions by their singular in lower case.
    expansions: HashMap<String, Expansion>,
}

/// One expansion of an acronym, however often given.
#[derive(Debug, Clone)]
struct Expansion {
    count: usize,
    /// As written; the singular if the docs ever write it so.
    written: String,
    singular: bool,
    /// The most definition-like sentence giving it, where, and how definition-like (higher
    /// is better).
    sentence: String,
    at: Location,
    defining: u8,
    /// Whether some sentence giving it also has a glossary term.
    beside_terms: bool,
}

impl Expansion {
    fn merge(&mut self, other: Expansion) {
        self.count += other.count;
        self.beside_terms |= other.beside_terms;
        if other.singular && !self.singular {
            self.written = other.written;
            self.singular = true;
        }
        let earlier = (&other.at.path, other.at.line, other.at.column)
            < (&self.at.path, self.at.line, self.at.column);
        if other.defining > self.defining || (other.defining == self.defining && earlier) {
            self.sentence = other.sentence;
            self.at = other.at;
            self.defining = other.defining;
        }
    }
}

impl Seen {
    pub(crate) fn merge(&mut self, other: Seen) {
        self.tally.merge(other.tally);
        self.beside_terms += other.beside_terms;
        for h in other.sentences {
            if self.sentences.len() < MAX_SENTENCES {
                self.sentences.insert(h);
            }
        }
        for (k, e) in other.expansions {
            match self.expansions.get_mut(&k) {
                Some(mine) => mine.merge(e),
                None => {
                    self.expansions.insert(k, e);
                }
            }
        }
    }
}

/// A word's singular by the regular rule ("providers" → "provider"), or the word.
fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(b) if !b.ends_with(['s', 'u', 'i']) && b.len() >= 3 => b,
        _ => word,
    }
}

/// How much a sentence reads as the definition of `expansion`: it opens with it ("A managed
/// security service provider (MSSP) is …"), says "is"/"are"/"means"/"refers to" after it.
fn defining(sentence: &str, expansion: &str) -> u8 {
    let lower = sentence.to_lowercase();
    let exp = expansion.to_lowercase();
    // A heading or a list item that only names it defines nothing.
    if sentence.split_whitespace().count() < expansion.split_whitespace().count() + 4 {
        return 0;
    }
    let mut score = 1;
    let opens = ["", "a ", "an ", "the "]
        .iter()
        .any(|a| lower.starts_with(&format!("{a}{exp}")));
    if opens {
        score += 2;
    }
    if let Some(after) = lower.find(&exp).map(|i| &lower[i + exp.len()..]) {
        let after = after.trim_start_matches(|c: char| c != ')' && c != ' ');
        let after = after.trim_start_matches([')', ' ', ',']);
        if ["is ", "are ", "means ", "refers to ", "stands for "]
            .iter()
            .any(|v| after.starts_with(v))
        {
            score += 2;
        }
    }
    score
}

/// Whether the token at `start..end` of `s` is a word of prose, not part of a path, a file
/// name, an identifier or markup.
fn standalone(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    let after2 = s[end..].chars().nth(1);
    let code_before = before.is_some_and(|c| "_./\\$@#-=<:+*%&~".contains(c));
    let code_after = after.is_some_and(|c| "_/\\(=-+*%&~<>[".contains(c))
        || (after == Some('.') && after2.is_some_and(char::is_alphanumeric))
        || (after == Some(':') && after2.is_some_and(|c| !c.is_whitespace()));
    !code_before && !code_after
}

fn roman(t: &str) -> bool {
    t.chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
        && t.len() <= 4
}

/// Counts the acronyms of one document.
pub(crate) fn scan(
    known: &Known,
    folded: &FoldedText,
    terms: &[TermMatch],
    locate: &dyn Fn(usize) -> Location,
    out: &mut HashMap<String, Seen>,
) {
    let s = folded.as_str();
    let mut i = 0;
    while i < s.len() {
        let c = s[i..].chars().next().expect("in bounds");
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        while i < s.len() {
            let c = s[i..].chars().next().expect("in bounds");
            if !c.is_alphanumeric() {
                break;
            }
            i += c.len_utf8();
        }
        let token = &s[start..i];
        let base = match token.strip_suffix('s') {
            Some(b) if is_acronym(b) => b,
            _ => token,
        };
        let capitals = base.chars().filter(|c| c.is_uppercase()).count();
        if !is_acronym(base)
            || capitals < 2
            || base.len() > 8
            || roman(base)
            || known.acronyms.contains(base)
            || !standalone(s, start, i)
        {
            continue;
        }
        let sentence = crate::text::sentence_bounds(s, start..i);
        let first = terms.partition_point(|m| m.folded.start < sentence.start);
        let beside = terms
            .get(first)
            .is_some_and(|m| m.folded.start < sentence.end);
        let seen = out.entry(base.to_string()).or_default();
        let at = locate(folded.to_original(start));
        seen.tally.add(&at);
        seen.beside_terms += usize::from(beside);
        if seen.sentences.len() < MAX_SENTENCES {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            s[sentence.clone()].hash(&mut h);
            seen.sentences.insert(h.finish());
        }
        if let Some(written) = expansion_around(s, sentence.start, start, i, base) {
            let last = written.rsplit(' ').next().unwrap_or("");
            let is_singular = singular(last) == last;
            let key = format!(
                "{}{}",
                &written[..written.len() - last.len()],
                singular(last)
            )
            .to_lowercase();
            // The fold's block separators and a list's dash are no part of the sentence.
            let sentence_text: String = s[sentence.clone()]
                .chars()
                .filter(|c| !c.is_control())
                .take(400)
                .collect();
            let sentence_text = sentence_text
                .trim_start_matches(['-', '*', ' ', '\u{2022}'])
                .trim()
                .to_string();
            let e = Expansion {
                count: 1,
                defining: defining(&sentence_text, &written),
                written,
                singular: is_singular,
                sentence: sentence_text,
                at,
                beside_terms: beside,
            };
            match seen.expansions.get_mut(&key) {
                Some(mine) => mine.merge(e),
                None => {
                    seen.expansions.insert(key, e);
                }
            }
        }
    }
}

/// "Words (ACR)" or "ACR (Words)" at `start..end`: the words, if their initials spell it.
fn expansion_around(
    s: &str,
    sentence_start: usize,
    start: usize,
    end: usize,
    acronym: &str,
) -> Option<String> {
    let before = &s[sentence_start..start];
    let after = &s[end..];
    if before.ends_with('(') && (after.starts_with(')') || after.starts_with("s)")) {
        let lead = before[..before.len() - 1].trim_end();
        let cut = lead
            .rfind([',', ';', ':', '(', ')', '"', '\u{201c}', '\u{2014}'])
            .map_or(0, |p| {
                p + lead[p..].chars().next().map_or(1, char::len_utf8)
            });
        let words: Vec<&str> = lead[cut..]
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
            .filter(|w| !w.is_empty())
            .collect();
        let k = expansion_length(&words, acronym)?;
        return Some(words[words.len() - k..].join(" "));
    }
    let rest = after
        .strip_prefix(" (")
        .or_else(|| after.strip_prefix("s ("))?;
    let content = &rest[..rest.find(')')?];
    let words: Vec<&str> = content.split_whitespace().collect();
    (words.len() <= 8 && initials_match(&words, acronym)).then(|| content.trim().to_string())
}

/// The acronyms to propose, best first, and how many others were used often but never
/// explained.
pub(crate) fn finish(known: &Known, seen: HashMap<String, Seen>) -> (Vec<AcronymUse>, usize) {
    let mut out: Vec<(u32, AcronymUse)> = Vec::new();
    let mut unexplained = 0;
    for (acronym, s) in seen {
        let Some(sample) = s.tally.sample.clone() else {
            continue;
        };
        let best = s
            .expansions
            .values()
            .max_by(|a, b| {
                a.count
                    .cmp(&b.count)
                    .then_with(|| b.written.cmp(&a.written))
            })
            .cloned();
        let beside_share = s.beside_terms as f64 / s.tally.uses.max(1) as f64;
        let (keep, score, expansion, expanded_at, entry) = match best {
            Some(e) => {
                let expansion = sentence_case(&e.written);
                let entry = known.by_form.get(&expansion.to_lowercase()).cloned();
                // Spelled out beside a glossary term: the docs treat it as one of its kind.
                let relevance = known.relevance(&expansion) + 2 * u32::from(e.beside_terms);
                let keep = entry.is_some() || relevance >= 4;
                let score = if entry.is_some() { 100 } else { relevance };
                (
                    keep,
                    score,
                    Some(expansion),
                    Some((e.at, e.sentence)),
                    entry,
                )
            }
            None => {
                let keep = s.tally.files >= 3
                    && s.tally.uses >= 5
                    && beside_share >= 0.5
                    && s.sentences.len() >= 3;
                if !keep && s.tally.uses >= 5 {
                    unexplained += 1;
                }
                (keep, 0, None, None, None)
            }
        };
        if !keep {
            continue;
        }
        out.push((
            score,
            AcronymUse {
                acronym,
                uses: s.tally.uses,
                files: s.tally.files,
                sample,
                beside_terms: s.beside_terms,
                expansion,
                expanded_at,
                entry,
            },
        ));
    }
    // Those the glossary has a place for, then by relevance and spread.
    out.sort_by(|(sa, a), (sb, b)| {
        (
            b.entry.is_some(),
            b.expansion.is_some(),
            (*sb).min(6),
            b.files,
            b.uses,
        )
            .cmp(&(
                a.entry.is_some(),
                a.expansion.is_some(),
                (*sa).min(6),
                a.files,
                a.uses,
            ))
            .then_with(|| a.acronym.cmp(&b.acronym))
    });
    (out.into_iter().map(|(_, a)| a).collect(), unexplained)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansions_either_way_round() {
        let s = "We work with a Cloud Solution Provider (CSP) in each region.";
        let at = s.find("CSP").unwrap();
        assert_eq!(
            expansion_around(s, 0, at, at + 3, "CSP").as_deref(),
            Some("Cloud Solution Provider")
        );
        let s = "Each ODM (original design manufacturer) builds devices.";
        let at = s.find("ODM").unwrap();
        assert_eq!(
            expansion_around(s, 0, at, at + 3, "ODM").as_deref(),
            Some("original design manufacturer")
        );
        let s = "Call the API (see below).";
        let at = s.find("API").unwrap();
        assert_eq!(expansion_around(s, 0, at, at + 3, "API"), None);
        assert!(!standalone("path/OEM.inf", 5, 8));
        assert!(standalone("the OEM. Then", 4, 7));
    }
}
