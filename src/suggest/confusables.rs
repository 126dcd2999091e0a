//! Entries people may confuse, read from the glossary's own definitions.
//!
//! Two entries of the same category are a candidate pair when one's definition names the
//! other (the matcher finds a form of one in the other's definition: a distributor "resells
//! them to downstream resellers"); any two are when their preferred forms end in the same
//! word that few entries end in ("partner-led growth", "ecosystem-led growth"), or when their
//! definitions share much of their wording ("a go-to-market strategy in which … new customer
//! acquisition"). Pairs already listed as confusable are left out.
//!
//! For each side, the candidate cues are the definition's own words that the other's lacks:
//! what `context-misuse` would look for in a sentence to tell that the writer meant this one.
//! Words that many definitions share ("partner", "company", "vendor") say nothing and are
//! left out, as are the words of either entry's forms.

use super::{stem, words, STOPWORDS};
use crate::glossary::Glossary;
use crate::Engine;
use std::collections::{HashMap, HashSet};

/// A candidate confusable pair.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfusablePair {
    /// One entry's id.
    pub a: String,
    /// The other's.
    pub b: String,
    /// Whether `a`'s definition names `b`.
    pub a_names_b: bool,
    /// Whether `b`'s definition names `a`.
    pub b_names_a: bool,
    /// How much of their wording they share (Jaccard index of content words, 0 to 1).
    pub overlap: f64,
    /// Words both definitions use (a few, for the reader).
    pub shared: Vec<String>,
    /// Words of `a`'s definition that `b`'s lacks: candidate cues for `a`.
    pub a_cues: Vec<String>,
    /// Words of `b`'s definition that `a`'s lacks.
    pub b_cues: Vec<String>,
    /// Whether their preferred forms end in the same word, which few entries end in.
    pub same_head: bool,
}

/// The most pairs proposed.
const MAX_PAIRS: usize = 12;
/// The most candidate cues per side.
const MAX_CUES: usize = 6;

/// Content words of a definition, in order, each once: (as written, stem).
fn content_words(text: &str, exclude: &HashSet<String>) -> Vec<(String, String)> {
    let mut seen = HashSet::new();
    words(text)
        .into_iter()
        .filter(|w| w.chars().count() >= 3 && !STOPWORDS.contains(&w.as_str()))
        .map(|w| {
            let s = stem(&w);
            (w, s)
        })
        .filter(|(_, s)| !exclude.contains(s) && seen.insert(s.clone()))
        .collect()
}

/// The candidate pairs of `g`, strongest first (`engine` finds the forms in definitions).
pub(crate) fn pairs(g: &Glossary, engine: &Engine) -> Vec<ConfusablePair> {
    let entries = g.entries();
    let n = entries.len();
    // Which entries each definition names.
    let names: Vec<HashSet<usize>> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            engine
                .matcher()
                .find_in_text(&e.definition)
                .into_iter()
                .map(|(m, _)| m.entry)
                .filter(|&j| j != i && j < n)
                .collect()
        })
        .collect();
    // Stems of each entry's forms.
    let form_stems: Vec<HashSet<String>> = entries
        .iter()
        .map(|e| {
            e.forms
                .iter()
                .flat_map(|f| words(&f.text))
                .flat_map(|w| {
                    let mut v = vec![stem(&w)];
                    v.extend(w.split('-').map(stem));
                    v
                })
                .collect()
        })
        .collect();
    // Words many definitions share.
    let mut document_frequency: HashMap<String, usize> = HashMap::new();
    for e in entries {
        for (_, s) in content_words(&e.definition, &HashSet::new()) {
            *document_frequency.entry(s).or_default() += 1;
        }
    }
    let generic: HashSet<String> = document_frequency
        .into_iter()
        .filter(|(_, df)| n >= 5 && *df * 4 >= n)
        .map(|(s, _)| s)
        .collect();
    let content: Vec<Vec<(String, String)>> = entries
        .iter()
        .map(|e| content_words(&e.definition, &generic))
        .collect();
    // The last word of each preferred form, and how many entries end in it: two of few
    // entries that name the same kind of thing ("… reseller", "… growth") are easily mixed up.
    let heads: Vec<String> = entries
        .iter()
        .map(|e| {
            let text = &e.preferred().text;
            stem(text.rsplit([' ', '-']).next().unwrap_or(text))
        })
        .collect();
    let mut head_count: HashMap<String, usize> = HashMap::new();
    for h in &heads {
        *head_count.entry(h.clone()).or_default() += 1;
    }
    let mut out = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let listed = |x: usize, y: usize| {
                entries[x]
                    .confusables
                    .iter()
                    .any(|c| c.with == entries[y].id)
            };
            if listed(a, b) || listed(b, a) {
                continue;
            }
            let (a_names_b, b_names_a) = (names[a].contains(&b), names[b].contains(&a));
            let forms: HashSet<&String> = form_stems[a].union(&form_stems[b]).collect();
            let sa: HashSet<&String> = content[a]
                .iter()
                .map(|(_, s)| s)
                .filter(|s| !forms.contains(s))
                .collect();
            let sb: HashSet<&String> = content[b]
                .iter()
                .map(|(_, s)| s)
                .filter(|s| !forms.contains(s))
                .collect();
            let union = sa.union(&sb).count();
            let shared_count = sa.intersection(&sb).count();
            let overlap = if union == 0 {
                0.0
            } else {
                shared_count as f64 / union as f64
            };
            let same_category = entries[a].category == entries[b].category;
            let same_head = heads[a] == heads[b] && head_count[&heads[a]] <= 3;
            let candidate =
                ((a_names_b || b_names_a) && same_category) || same_head || overlap >= 0.15;
            if !candidate {
                continue;
            }
            let only = |x: usize, other: &HashSet<&String>| -> Vec<String> {
                content[x]
                    .iter()
                    .filter(|(_, s)| !other.contains(s) && !forms.contains(s))
                    .map(|(w, _)| w.clone())
                    .take(MAX_CUES)
                    .collect()
            };
            let shared: Vec<String> = content[a]
                .iter()
                .filter(|(_, s)| sb.contains(s))
                .map(|(w, _)| w.clone())
                .take(MAX_CUES)
                .collect();
            out.push(ConfusablePair {
                a: entries[a].id.clone(),
                b: entries[b].id.clone(),
                a_names_b,
                b_names_a,
                overlap,
                shared,
                a_cues: only(a, &sb),
                b_cues: only(b, &sa),
                same_head,
            });
        }
    }
    out.sort_by(|x, y| {
        let strength = |p: &ConfusablePair| {
            p.overlap
                + 0.1 * (f64::from(u8::from(p.a_names_b)) + f64::from(u8::from(p.b_names_a)))
                + 0.15 * f64::from(u8::from(p.same_head))
        };
        strength(y)
            .partial_cmp(&strength(x))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| x.a.cmp(&y.a))
    });
    out.truncate(MAX_PAIRS);
    out
}
