//! Plurals derived by rule, so a glossary lists "reseller" once and "resellers" still matches.

/// Whether `text` is an acronym: no lower-case letter, no space, and at least two letters or
/// digits, at least one of them an upper-case letter ("VAR", "B2B", "MSP").
///
/// ```
/// use glossary_lsp::glossary::is_acronym;
/// assert!(is_acronym("VAR"));
/// assert!(is_acronym("B2B"));
/// assert!(!is_acronym("reseller"));
/// assert!(!is_acronym("ISV partner"));
/// ```
pub fn is_acronym(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphanumeric()).count() >= 2
        && text.chars().any(|c| c.is_uppercase())
        && text
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&')
}

/// The regular English plural of a term: acronyms take "s" ("VARs"); otherwise the last word
/// is inflected ("value-added reseller" → "value-added resellers", "technology alliance" →
/// "technology alliances", "agency" → "agencies", "business" → "businesses").
///
/// ```
/// use glossary_lsp::glossary::derive_plural;
/// assert_eq!(derive_plural("VAR"), "VARs");
/// assert_eq!(derive_plural("systems integrator"), "systems integrators");
/// assert_eq!(derive_plural("proxy"), "proxies");
/// assert_eq!(derive_plural("day"), "days");
/// ```
pub fn derive_plural(text: &str) -> String {
    if is_acronym(text) {
        return format!("{text}s");
    }
    let lower = text.to_lowercase();
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return format!("{text}es");
    }
    let bytes = lower.as_bytes();
    if bytes.len() >= 2
        && bytes[bytes.len() - 1] == b'y'
        && !b"aeiou".contains(&bytes[bytes.len() - 2])
    {
        return format!("{}ies", &text[..text.len() - 1]);
    }
    format!("{text}s")
}
