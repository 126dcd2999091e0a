//! What a glossary page calls a term: the preferred form, acronyms and other forms, read from a
//! heading ("Managed Service Provider (MSP)") and the first sentence of its definition ("A
//! managed service provider (MSP) is …").
//!
//! The rules are general, not tuned to any page:
//!
//! - **The heading** names the term, with an acronym in parentheses either way round: "Term
//!   (ACR)" or "ACR (Term)". Anything else in parentheses is a qualifier, kept as a note unless
//!   it spells the term out (below).
//! - **The first sentence** says how the term is written mid-sentence: the heading's words are
//!   looked for in it (case, hyphens and spaces aside; parentheses skipped), and the form is
//!   taken as written there, its first letter lowered when only the sentence start capitalised
//!   it. Not found, the heading is put in sentence case ("Value-Added Reseller" → "value-added
//!   reseller").
//! - **Parentheses in that sentence**: right after the term, an acronym is the term's acronym
//!   ("(MSP)"); words that spell the term out, acronyms expanded, are another form ("ISV partner
//!   (Independent Software Vendor partner)"), and give each acronym in the term its expansion.
//!   Right after an acronym inside the term, words whose initials spell it are its expansion
//!   ("OEM (Original Equipment Manufacturer) partner").
//! - **"also known as X" / "also called X"** after the term give another form.
//! - **Mass nouns**: a sentence that starts with the bare term and no article ("Channel sales
//!   is …") defines an uncountable concept: its forms get no plural.

use crate::glossary::is_acronym;
use std::ops::Range;

/// What a heading and its definition say about a term's forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Naming {
    /// The preferred form, as written mid-sentence.
    pub preferred: String,
    /// Acronyms, each with its expansion when that is not the preferred form.
    pub acronyms: Vec<(String, Option<String>)>,
    /// Other full forms (admitted).
    pub alternatives: Vec<String>,
    /// The concept is uncountable: no plurals.
    pub uncountable: bool,
    /// A qualifier in the heading's parentheses that is no form ("Partner (legal)").
    pub qualifier: Option<String>,
    /// Whether the form was found in the definition's first sentence (else it comes from the
    /// heading alone).
    pub from_sentence: bool,
}

/// Small words an acronym's letters may skip ("Department of Defense" → DOD or DD).
const MINOR_WORDS: &[&str] = &[
    "of", "and", "the", "for", "to", "in", "on", "a", "an", "&", "with", "by", "at", "or",
];

/// Reads a heading (`title`) and its definition.
pub(crate) fn name_term(title: &str, definition: &str) -> Naming {
    let heading = parse_title(title);
    let sentence = first_sentence(definition);
    let plain = strip_parentheticals(sentence);
    let mut n = Naming::default();
    let sought = heading
        .full
        .clone()
        .or_else(|| heading.acronym.clone())
        .unwrap_or_default();
    let found = find_ci(&plain.text, &sought);
    match (&heading.full, found) {
        (Some(_), Some(r)) => {
            n.preferred = as_written(&plain.text, r.clone());
            n.from_sentence = true;
            n.uncountable = is_uncountable(&plain.text, r.clone());
            acronyms_inside(&plain, r.clone(), &mut n);
            if let Some(content) = plain.group_at(r.end) {
                after_term(content, &mut n);
            }
            also_known_as(&plain, r.end, &mut n);
        }
        (Some(full), None) => n.preferred = sentence_case(full),
        (None, found) => {
            // The heading is an acronym: the sentence may spell it out.
            let acronym = sought;
            let spelled = found.as_ref().and_then(|r| {
                let content = plain.group_at(r.end)?;
                let words: Vec<&str> = content.split_whitespace().collect();
                initials_match(&words, &acronym).then(|| sentence_case(content))
            });
            let spelled = spelled.or_else(|| spelled_before(&plain, &acronym));
            match spelled {
                Some(full) => {
                    n.from_sentence = true;
                    if let Some(r) = find_ci(&plain.text, &full) {
                        n.uncountable = is_uncountable(&plain.text, r);
                    } else if let Some(r) = &found {
                        n.uncountable = is_uncountable(&plain.text, r.clone());
                    }
                    n.preferred = full;
                    n.acronyms.push((acronym.clone(), None));
                }
                None => n.preferred = acronym.clone(),
            }
        }
    }
    if let Some(a) = &heading.acronym {
        if *a != n.preferred && !n.acronyms.iter().any(|(x, _)| x == a) {
            n.acronyms.insert(0, (a.clone(), None));
        }
    }
    if let Some(q) = heading.qualifier {
        match align_expansion(&n.preferred, &q) {
            Some(expansions) => add_alternative(&mut n, &q, expansions),
            None => n.qualifier = Some(q),
        }
    }
    // An expansion that is the preferred form goes without saying.
    for (_, exp) in &mut n.acronyms {
        if exp.as_deref().is_some_and(|e| eq_loose(e, &n.preferred)) {
            *exp = None;
        }
    }
    n
}

/// Whether `definition` mentions the term of heading `title` (its full form or acronym): how
/// a definition is told from an introduction under a page title.
pub(crate) fn mentions(definition: &str, title: &str) -> bool {
    let heading = parse_title(title);
    [heading.full, heading.acronym]
        .into_iter()
        .flatten()
        .any(|t| find_ci(definition, &t).is_some())
}

/// The id a term gets: its words in lower-case ASCII, joined by hyphens ("value-added
/// reseller" → `value-added-reseller`, "Wiederverkäufer" → `wiederverkaufer`). Empty when the
/// term has no Latin letter or digit.
pub(crate) fn kebab_id(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let folded = ascii_fold(c);
        match folded {
            Some(s) => out.push_str(s),
            None if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            None => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Latin letters with diacritics, in lower-case ASCII.
fn ascii_fold(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("ÀÁÂÃÄÅĀĂĄ", "a"),
        ("çćčĉ", "c"),
        ("ÇĆČĈ", "c"),
        ("ďđ", "d"),
        ("ĎĐ", "d"),
        ("èéêëēėęě", "e"),
        ("ÈÉÊËĒĖĘĚ", "e"),
        ("ğĝ", "g"),
        ("ĞĜ", "g"),
        ("ìíîïīįı", "i"),
        ("ÌÍÎÏĪĮİ", "i"),
        ("łľĺ", "l"),
        ("ŁĽĹ", "l"),
        ("ñńňņ", "n"),
        ("ÑŃŇŅ", "n"),
        ("òóôõöøōő", "o"),
        ("ÒÓÔÕÖØŌŐ", "o"),
        ("řŕ", "r"),
        ("ŘŔ", "r"),
        ("śšşș", "s"),
        ("ŚŠŞȘ", "s"),
        ("ťţț", "t"),
        ("ŤŢȚ", "t"),
        ("ùúûüūůűų", "u"),
        ("ÙÚÛÜŪŮŰŲ", "u"),
        ("ýÿ", "y"),
        ("ÝŸ", "y"),
        ("źżž", "z"),
        ("ŹŻŽ", "z"),
    ];
    match c {
        'ß' => return Some("ss"),
        'æ' | 'Æ' => return Some("ae"),
        'œ' | 'Œ' => return Some("oe"),
        _ => {}
    }
    TABLE
        .iter()
        .find(|(chars, _)| chars.contains(c))
        .map(|(_, a)| *a)
}

/// Title Case words in lower case, acronyms and mixed case kept: "Value-Added Reseller" →
/// "value-added reseller", "ISV Partner" → "ISV partner", "SaaS Product" → "SaaS product".
pub(crate) fn sentence_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let mut chars = word.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase)
            && word.chars().count() > 1
            && chars.all(|c| !c.is_uppercase());
        if capitalised {
            out.push_str(&word.to_lowercase());
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '\'' || c == '\u{2019}' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    crate::fold::fold_pattern(&out)
}

/// Whether the initials of `words` spell `acronym`: each word gives its first letter, and a
/// hyphenated word may give the first letter of each part ("Ecosystem-Led Growth" → ELG);
/// small words may be skipped ("Department of Defense"), and a `2` or `4` may stand for "to"
/// and "for" ("Business-to-Business" → B2B).
pub(crate) fn initials_match(words: &[&str], acronym: &str) -> bool {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    // Tokens: (text, may be skipped).
    let mut tokens: Vec<(&str, bool)> = Vec::new();
    for w in words {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        for (i, part) in w.split(['-', '/']).filter(|p| !p.is_empty()).enumerate() {
            let minor = MINOR_WORDS.iter().any(|m| m.eq_ignore_ascii_case(part));
            tokens.push((part, i > 0 || minor));
        }
    }
    if letters.len() < 2 || tokens.is_empty() || tokens.len() > 16 {
        return false;
    }
    fn go(tokens: &[(&str, bool)], letters: &[char]) -> bool {
        let Some(((word, skippable), rest)) = tokens.split_first() else {
            return letters.is_empty();
        };
        if *skippable && go(rest, letters) {
            return true;
        }
        let Some((letter, more)) = letters.split_first() else {
            return false;
        };
        let initial = word
            .chars()
            .next()
            .map(|c| c.to_uppercase().next().unwrap_or(c));
        let fits = initial == Some(*letter)
            || (*letter == '2' && word.eq_ignore_ascii_case("to"))
            || (*letter == '4' && word.eq_ignore_ascii_case("for"));
        fits && go(rest, more)
    }
    go(&tokens, &letters)
}

/// Of the words `before` an acronym in parentheses, how many at the end spell it out ("… a
/// managed service provider (MSP)" → 3), the fewest that do; `None` if none do.
pub(crate) fn expansion_length(before: &[&str], acronym: &str) -> Option<usize> {
    let letters = acronym.chars().filter(|c| c.is_alphanumeric()).count();
    (1..=before.len().min(letters * 2 + 2)).find(|&k| {
        let words = &before[before.len() - k..];
        let first = words[0].trim_matches(|c: char| !c.is_alphanumeric());
        !MINOR_WORDS.iter().any(|m| m.eq_ignore_ascii_case(first)) && initials_match(words, acronym)
    })
}

/// A heading, taken apart.
#[derive(Debug, Default)]
struct Title {
    full: Option<String>,
    acronym: Option<String>,
    qualifier: Option<String>,
}

fn parse_title(title: &str) -> Title {
    let t = crate::fold::fold_pattern(title.trim().trim_end_matches([':', '.']).trim());
    if let Some(open) = t.rfind(" (").filter(|_| t.ends_with(')')) {
        let outside = t[..open].trim().to_string();
        let inside = t[open + 2..t.len() - 1].trim().to_string();
        return match (is_acronym(&outside), is_acronym(&inside)) {
            (false, true) => Title {
                full: Some(outside),
                acronym: Some(inside),
                qualifier: None,
            },
            (true, false) => Title {
                full: Some(inside),
                acronym: Some(outside),
                qualifier: None,
            },
            _ => Title {
                full: Some(outside),
                acronym: None,
                qualifier: Some(inside),
            },
        };
    }
    if is_acronym(&t) {
        Title {
            acronym: Some(t),
            ..Title::default()
        }
    } else {
        Title {
            full: Some(t),
            ..Title::default()
        }
    }
}

/// The first sentence of `text`.
fn first_sentence(text: &str) -> &str {
    let r = crate::text::sentence_bounds(text, 0..0);
    &text[r]
}

/// A sentence with its parenthetical groups taken out and remembered.
struct Plain {
    text: String,
    /// (offset in `text` where the group was, its content).
    groups: Vec<(usize, String)>,
}

impl Plain {
    fn group_at(&self, at: usize) -> Option<&str> {
        self.groups
            .iter()
            .find(|(p, _)| *p == at)
            .map(|(_, c)| c.as_str())
    }
}

fn strip_parentheticals(s: &str) -> Plain {
    let mut text = String::with_capacity(s.len());
    let mut groups = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let content = &rest[open + 1..close];
        if content.contains('(') {
            break;
        }
        text.push_str(&rest[..open]);
        if text.ends_with(' ') {
            text.pop();
        }
        groups.push((text.len(), crate::fold::fold_pattern(content)));
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    Plain { text, groups }
}

/// Compares two strings as forms: case, and hyphens against spaces, aside.
fn eq_loose(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.to_lowercase().replace('-', " ");
    norm(a) == norm(b)
}

/// The first whole-word occurrence of `needle` in `hay`, case and hyphen/space aside.
fn find_ci(hay: &str, needle: &str) -> Option<Range<usize>> {
    let needle: Vec<char> = needle
        .chars()
        .map(|c| if c == '-' { ' ' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    if needle.is_empty() {
        return None;
    }
    for (start, _) in hay.char_indices() {
        if !crate::text::is_word_start(hay, start) {
            continue;
        }
        let mut chars = hay[start..].char_indices();
        let mut matched = 0;
        let mut end = start;
        while matched < needle.len() {
            let Some((i, c)) = chars.next() else {
                break;
            };
            let c = if c == '-' { ' ' } else { c };
            let mut lower = c.to_lowercase();
            let all = lower.by_ref().all(|l| {
                let ok = needle.get(matched) == Some(&l);
                matched += 1;
                ok
            });
            if !all {
                matched = usize::MAX;
                break;
            }
            end = start + i + c.len_utf8();
        }
        if matched == needle.len() && crate::text::is_word_end(hay, end) {
            return Some(start..end);
        }
    }
    None
}

/// The form at `r` as written, its first letter lowered when only the sentence start
/// capitalised it ("Partner-led growth is …" → "partner-led growth"; "B2B affiliate partner"
/// and "Microsoft Partner Network" stay).
fn as_written(text: &str, r: Range<usize>) -> String {
    let form = crate::fold::fold_pattern(&text[r.clone()]);
    let at_start = text[..r.start].chars().all(|c| !c.is_alphanumeric());
    let mut words = form.split([' ', '-']);
    let first_word = words.next().unwrap_or("");
    let rest_plain =
        words.all(|w| is_acronym(w) || !w.chars().next().is_some_and(char::is_uppercase));
    if at_start && !is_acronym(first_word) && rest_plain {
        let mut chars = form.chars();
        if let Some(first) = chars.next() {
            return first.to_lowercase().chain(chars).collect();
        }
    }
    form
}

/// A sentence that opens with the bare term, no article, and a singular verb defines a mass
/// noun ("Channel sales is …").
fn is_uncountable(text: &str, r: Range<usize>) -> bool {
    let before = &text[..r.start];
    if before.chars().any(char::is_alphanumeric) {
        return false;
    }
    let next = text[r.end..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    !matches!(next.as_str(), "are" | "were" | "have")
}

/// Parentheses inside the matched term, right after an acronym word: its expansion.
fn acronyms_inside(plain: &Plain, r: Range<usize>, n: &mut Naming) {
    for (at, content) in &plain.groups {
        if *at <= r.start || *at >= r.end {
            continue;
        }
        let word = plain.text[r.start..*at]
            .rsplit([' ', '-'])
            .next()
            .unwrap_or("");
        let words: Vec<&str> = content.split_whitespace().collect();
        if is_acronym(word) && initials_match(&words, word) {
            push_acronym(n, word, Some(sentence_case(content)));
        }
    }
}

/// The parenthetical right after the term: its acronym, or a spelled-out form.
fn after_term(content: &str, n: &mut Naming) {
    if is_acronym(content) {
        push_acronym(n, content, None);
        return;
    }
    for lead in ["also known as ", "also called ", "aka ", "a.k.a. ", "or "] {
        if let Some(alt) = content.strip_prefix(lead) {
            push_alternative(n, alt);
            return;
        }
    }
    if let Some(expansions) = align_expansion(&n.preferred, content) {
        add_alternative(n, content, expansions);
    }
}

/// ", also known as X," / ", also called X," after the term.
fn also_known_as(plain: &Plain, end: usize, n: &mut Naming) {
    let after = &plain.text[end..];
    for lead in [
        ", also known as ",
        ", also called ",
        ", sometimes called ",
        ", often called ",
        ", or simply ",
    ] {
        if let Some(rest) = after.strip_prefix(lead) {
            let alt = rest.split([',', ';', ')']).next().unwrap_or("");
            push_alternative(n, alt);
        }
    }
}

/// A form from "also known as": its article dropped, at most six words.
fn push_alternative(n: &mut Naming, alt: &str) {
    let alt = alt.trim().trim_matches(['"', '\'', '\u{201c}', '\u{201d}']);
    let alt = ["a ", "an ", "the "]
        .iter()
        .find_map(|a| alt.strip_prefix(a))
        .unwrap_or(alt)
        .trim();
    let words = alt.split_whitespace().count();
    if (1..=6).contains(&words) && !eq_loose(alt, &n.preferred) {
        if is_acronym(alt) {
            push_acronym(n, alt, None);
        } else if !n.alternatives.iter().any(|a| eq_loose(a, alt)) {
            n.alternatives.push(crate::fold::fold_pattern(alt));
        }
    }
}

fn add_alternative(n: &mut Naming, alt: &str, expansions: Vec<(String, String)>) {
    for (acronym, expansion) in expansions {
        push_acronym(n, &acronym, Some(sentence_case(&expansion)));
    }
    let alt = sentence_case(alt);
    if !eq_loose(&alt, &n.preferred) && !n.alternatives.iter().any(|a| eq_loose(a, &alt)) {
        n.alternatives.push(alt);
    }
}

fn push_acronym(n: &mut Naming, acronym: &str, expansion: Option<String>) {
    match n.acronyms.iter_mut().find(|(a, _)| a == acronym) {
        Some((_, exp)) => {
            if exp.is_none() {
                *exp = expansion;
            }
        }
        None => n.acronyms.push((acronym.to_string(), expansion)),
    }
}

/// "Words (ACR)" anywhere in the sentence: the words that spell the acronym out.
fn spelled_before(plain: &Plain, acronym: &str) -> Option<String> {
    let (at, _) = plain.groups.iter().find(|(_, c)| c == acronym)?;
    let before: Vec<&str> = plain.text[..*at].split_whitespace().collect();
    let k = expansion_length(&before, acronym)?;
    Some(sentence_case(&before[before.len() - k..].join(" ")))
}

/// Whether `alt` spells `term` out, its acronyms expanded ("ISV partner" and "Independent
/// Software Vendor partner"); returns each acronym's expansion, or `None` when it does not
/// (or expands nothing).
fn align_expansion(term: &str, alt: &str) -> Option<Vec<(String, String)>> {
    let t: Vec<&str> = term.split_whitespace().collect();
    let a: Vec<&str> = alt.split_whitespace().collect();
    if a.len() > 16 {
        return None;
    }
    fn go(t: &[&str], a: &[&str], out: &mut Vec<(String, String)>) -> bool {
        let Some((w, t_rest)) = t.split_first() else {
            return a.is_empty();
        };
        if is_acronym(w) {
            for k in 1..=a.len() {
                if initials_match(&a[..k], w) {
                    out.push((w.to_string(), a[..k].join(" ")));
                    if go(t_rest, &a[k..], out) {
                        return true;
                    }
                    out.pop();
                }
            }
        }
        match a.split_first() {
            Some((x, a_rest)) if eq_loose(x, w) => go(t_rest, a_rest, out),
            _ => false,
        }
    }
    let mut out = Vec::new();
    (go(&t, &a, &mut out) && !out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(title: &str, def: &str) -> Naming {
        name_term(title, def)
    }

    #[test]
    fn heading_and_first_sentence() {
        let n = named(
            "Managed Service Provider (MSP)",
            "A managed service provider (MSP) is a company. It bills monthly.",
        );
        assert_eq!(n.preferred, "managed service provider");
        assert_eq!(n.acronyms, [("MSP".to_string(), None)]);
        assert!(!n.uncountable);
        let n = named(
            "ISV Partner",
            "An ISV partner (Independent Software Vendor partner) is a software company.",
        );
        assert_eq!(n.preferred, "ISV partner");
        assert_eq!(
            n.acronyms,
            [(
                "ISV".to_string(),
                Some("independent software vendor".to_string())
            )]
        );
        assert_eq!(n.alternatives, ["independent software vendor partner"]);
        let n = named(
            "OEM Partner",
            "An OEM (Original Equipment Manufacturer) partner is a company that embeds.",
        );
        assert_eq!(n.preferred, "OEM partner");
        assert_eq!(
            n.acronyms,
            [(
                "OEM".to_string(),
                Some("original equipment manufacturer".to_string())
            )]
        );
        let n = named(
            "Partner-Led Growth (PLG)",
            "Partner-led growth is a go-to-market strategy.",
        );
        assert_eq!(n.preferred, "partner-led growth");
        assert!(n.uncountable);
        assert_eq!(n.acronyms, [("PLG".to_string(), None)]);
    }

    #[test]
    fn acronym_first_headings_and_aliases() {
        let n = named(
            "MDF (Market Development Funds)",
            "Market development funds are money a vendor gives partners.",
        );
        assert_eq!(n.preferred, "market development funds");
        assert_eq!(n.acronyms, [("MDF".to_string(), None)]);
        assert!(!n.uncountable, "plural verb");
        let n = named(
            "TCMA",
            "Vendors use through-channel marketing automation (TCMA) to syndicate campaigns.",
        );
        assert_eq!(n.preferred, "through-channel marketing automation");
        assert_eq!(n.acronyms, [("TCMA".to_string(), None)]);
        let n = named(
            "Deal Registration",
            "Deal registration, also known as deal protection, is a program in which partners register opportunities.",
        );
        assert_eq!(n.preferred, "deal registration");
        assert_eq!(n.alternatives, ["deal protection"]);
        assert!(n.uncountable);
        // Not in the sentence: the heading in sentence case; a qualifier stays a note.
        let n = named(
            "Co-Sell Ready (Azure)",
            "Status given to solutions that pass review.",
        );
        assert_eq!(n.preferred, "co-sell ready");
        assert_eq!(n.qualifier.as_deref(), Some("Azure"));
        assert!(!n.from_sentence);
        // A proper name at the sentence start keeps its capitals.
        let n = named(
            "Microsoft Partner Network",
            "Microsoft Partner Network is a program.",
        );
        assert_eq!(n.preferred, "Microsoft Partner Network");
    }

    #[test]
    fn initials_ids_and_case() {
        assert!(initials_match(&["Ecosystem-Led", "Growth"], "ELG"));
        assert!(initials_match(&["Business-to-Business"], "B2B"));
        assert!(initials_match(&["Department", "of", "Defense"], "DOD"));
        assert!(!initials_match(&["managed", "service"], "MSP"));
        assert_eq!(
            expansion_length(&["is", "a", "managed", "service", "provider"], "MSP"),
            Some(3)
        );
        assert_eq!(
            kebab_id("Value-Added Reseller (VAR)"),
            "value-added-reseller-var"
        );
        assert_eq!(kebab_id("Wiederverkäufer"), "wiederverkaufer");
        assert_eq!(kebab_id("B2B affiliate partner"), "b2b-affiliate-partner");
        assert_eq!(
            sentence_case("Value-Added Reseller"),
            "value-added reseller"
        );
        assert_eq!(sentence_case("SaaS Product"), "SaaS product");
        assert!(mentions("A reseller sells.", "Reseller"));
        assert!(!mentions(
            "Plain-English definitions.",
            "Partner Program Glossary"
        ));
    }
}
