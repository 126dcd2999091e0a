//! `define`, `terms` and `glossary test`: the glossary for people at a terminal.

use super::{
    config_for, engine_for, print_errors, GlossaryArgs, TermsFormat, EXIT_CLEAN, EXIT_ERROR,
    EXIT_FINDINGS,
};
use crate::glossary::{Entry, Glossary};
use crate::Engine;
use serde_json::json;
use std::path::Path;

fn engine(args: &GlossaryArgs, extra: Option<&Path>) -> Result<Engine, u8> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let mut config = config_for(args, &cwd).map_err(|e| {
        print_errors(&[e]);
        EXIT_ERROR
    })?;
    if let Some(file) = extra {
        config.glossaries.push(file.to_path_buf());
    }
    engine_for(&config, args).map_err(|errs| {
        print_errors(&errs);
        EXIT_ERROR
    })
}

/// `glossary-lsp define TERM`.
pub fn define(term: &str, args: &GlossaryArgs) -> u8 {
    let engine = match engine(args, None) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let g = engine.glossary();
    let wanted = term.trim();
    let found = g.find_form(wanted).map(|id| (wanted, id)).or_else(|| {
        let base = without_possessive(wanted);
        g.find_form(base).map(|id| (base, id))
    });
    let (wanted, found) = match found {
        Some((w, id)) => (w, Some(id)),
        None => (without_possessive(wanted), None),
    };
    match found {
        Some(id) => {
            super::write_stdout(&describe(g, g.entry(id)));
            EXIT_CLEAN
        }
        None => {
            match nearest(g, wanted) {
                Some(s) => eprintln!("error: \u{201c}{term}\u{201d} is not in the glossary; did you mean \u{201c}{s}\u{201d}?"),
                None => eprintln!("error: \u{201c}{term}\u{201d} is not in the glossary (see `glossary-lsp terms`)"),
            }
            EXIT_FINDINGS
        }
    }
}

/// `term` without a possessive ending: "VAR's", "reseller’s", and the bare apostrophe of a
/// plural, "resellers'", "resellers’".
fn without_possessive(term: &str) -> &str {
    for apostrophe in ['\'', '\u{2019}'] {
        if let Some(base) = term
            .strip_suffix(['s', 'S'])
            .and_then(|t| t.strip_suffix(apostrophe))
        {
            return base;
        }
        if let Some(base) = term.strip_suffix(apostrophe) {
            return base;
        }
    }
    term
}

/// A plain-text description of an entry, as `define` prints it.
pub fn describe(g: &Glossary, e: &Entry) -> String {
    let mut s = format!(
        "{}  [{}]\n\n  {}\n",
        e.display_name(),
        e.category,
        e.definition
    );
    let forms: Vec<String> = e
        .forms
        .iter()
        .map(|f| format!("{} ({})", f.text, f.status.as_str()))
        .collect();
    s.push_str(&format!("\n  forms: {}\n", forms.join(", ")));
    if !e.confusables.is_empty() {
        s.push_str("  often confused with:\n");
        for c in &e.confusables {
            let name = g
                .by_id(&c.with)
                .map(|i| g.entry(i).display_name())
                .unwrap_or_else(|| c.with.clone());
            s.push_str(&format!("    {name}: {}\n", c.difference));
        }
    }
    if !e.related.is_empty() {
        let names: Vec<String> = e
            .related
            .iter()
            .filter_map(|r| g.by_id(r))
            .map(|i| g.entry(i).display_name())
            .collect();
        s.push_str(&format!("  related: {}\n", names.join(", ")));
    }
    s.push_str(&format!("  defined at: {}\n", e.origin));
    s
}

/// The form closest to `wanted` by edit distance, if any is reasonably close.
fn nearest(g: &Glossary, wanted: &str) -> Option<String> {
    let w = wanted.to_lowercase();
    g.entries()
        .iter()
        .flat_map(|e| e.forms.iter().map(|f| f.text.clone()))
        .map(|f| (edit_distance(&w, &f.to_lowercase()), f))
        .filter(|(d, f)| *d <= (f.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `glossary-lsp terms`.
pub fn terms(format: TermsFormat, args: &GlossaryArgs) -> u8 {
    let engine = match engine(args, None) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let g = engine.glossary();
    match format {
        TermsFormat::Json => {
            let all: Vec<_> = g
                .entries()
                .iter()
                .map(|e| {
                    json!({
                        "id": e.id,
                        "term": e.preferred().text,
                        "category": e.category,
                        "definition": e.definition,
                        "forms": e.forms.iter().map(|f| json!({"text": f.text, "status": f.status.as_str(), "acronym": f.acronym, "plural": f.plural})).collect::<Vec<_>>(),
                        "related": e.related,
                        "confusable": e.confusables.iter().map(|c| json!({"with": c.with, "difference": c.difference})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            super::write_stdout(&format!(
                "{}
",
                serde_json::to_string_pretty(&all).expect("JSON values serialise")
            ));
        }
        TermsFormat::Table => {
            let rows: Vec<(String, String, String)> = g
                .entries()
                .iter()
                .map(|e| {
                    let others: Vec<&str> = e.forms[1..].iter().map(|f| f.text.as_str()).collect();
                    (
                        e.preferred().text.clone(),
                        e.category.clone(),
                        others.join(", "),
                    )
                })
                .collect();
            let w0 = rows
                .iter()
                .map(|r| r.0.chars().count())
                .max()
                .unwrap_or(4)
                .max(4);
            let w1 = rows
                .iter()
                .map(|r| r.1.chars().count())
                .max()
                .unwrap_or(8)
                .max(8);
            let mut out = format!("{:w0$}  {:w1$}  OTHER FORMS\n", "TERM", "CATEGORY");
            for (t, c, o) in rows {
                out.push_str(format!("{t:w0$}  {c:w1$}  {o}").trim_end());
                out.push('\n');
            }
            super::write_stdout(&out);
        }
    }
    EXIT_CLEAN
}

/// `glossary-lsp glossary test [FILE]`.
pub fn glossary_test(file: Option<&Path>, args: &GlossaryArgs) -> u8 {
    let engine = match engine(args, file) {
        Ok(e) => e,
        Err(code) => return code,
    };
    // Entries loaded from FILE carry its path as written in their origin.
    let only = file.map(|f| f.display().to_string());
    let report = crate::examples::run_examples(&engine, only.as_deref());
    let mut out = String::new();
    for f in &report.failures {
        out.push_str(&format!("{f}\n"));
    }
    out.push_str(&format!(
        "{} passed, {} failed
",
        report.total - report.failures.len(),
        report.failures.len()
    ));
    super::write_stdout(&out);
    if report.failures.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

#[cfg(test)]
mod tests {
    use super::without_possessive;

    #[test]
    fn possessives_are_taken_off() {
        for (written, base) in [
            ("VAR's", "VAR"),
            ("reseller\u{2019}s", "reseller"),
            ("resellers'", "resellers"),
            ("resellers\u{2019}", "resellers"),
            ("MSP'S", "MSP"),
            ("resellers", "resellers"),
        ] {
            assert_eq!(without_possessive(written), base, "{written}");
        }
    }
}
