//! `glossary-lsp glossary suggest [PATHS]`: what the docs suggest adding to the glossary,
//! printed as TOML snippets to copy (nothing is changed).
//!
//! The docs are read like `check` reads them (folders walked with `.gitignore` respected,
//! Markdown and text files, prose only), on every core; [`crate::suggest`] does the counting
//! and ranking, and this front end renders the proposals: variants for an entry's `forms`,
//! new entries (or forms) for acronyms, and `confusable`/`cues` lines for pairs of entries,
//! each with its counts and a place to look.

use super::{print_errors, GlossaryArgs, EXIT_CLEAN, EXIT_ERROR};
use crate::glossary::import::quote;
use crate::glossary::Glossary;
use crate::prose::Format;
use crate::suggest::{Scan, Suggester, Suggestions};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// `glossary suggest` options.
#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    /// Documentation files and folders to read (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// The most acronyms proposed.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub max_acronyms: usize,
    /// Glossary and configuration options: the glossary the proposals are for.
    #[command(flatten)]
    pub glossary: GlossaryArgs,
}

/// Runs `glossary suggest`; returns the exit code.
pub fn run(args: &SuggestArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let (config, engine) = match super::setup_in(&args.glossary, &cwd) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for root in &roots {
        if root.is_file() {
            files.push(root.clone());
            continue;
        }
        if !root.is_dir() {
            print_errors(&[format!("{}: no such file or folder", root.display())]);
            return EXIT_ERROR;
        }
        for entry in ignore::WalkBuilder::new(root)
            .build()
            .filter_map(Result::ok)
        {
            let p = entry.path();
            let doc = p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| crate::prose::is_document_extension(&e.to_ascii_lowercase()));
            if doc && entry.file_type().is_some_and(|t| t.is_file()) {
                files.push(p.to_path_buf());
            }
        }
    }
    files.sort();
    let suggester = Suggester::new(engine.glossary());
    let next = AtomicUsize::new(0);
    let skipped = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(files.len().max(1));
    let total = Mutex::new(Scan::default());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut mine = Scan::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let text = crate::fsio::read_regular(path, config.limits.document)
                        .ok()
                        .and_then(|b| String::from_utf8(b).ok());
                    let Some(text) = text else {
                        skipped.fetch_add(1, Ordering::Relaxed);
                        continue;
                    };
                    let shown = super::check::display_path(path);
                    mine.merge(suggester.scan(&shown, &text, Format::from_path(path)));
                }
                total.lock().unwrap_or_else(|e| e.into_inner()).merge(mine);
            });
        }
    });
    let suggestions = suggester.finish(total.into_inner().unwrap_or_else(|e| e.into_inner()));
    let skipped = skipped.into_inner();
    super::write_stdout(&render(&suggestions, engine.glossary(), args, skipped));
    EXIT_CLEAN
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The proposals as commented TOML snippets.
fn render(s: &Suggestions, g: &Glossary, args: &SuggestArgs, skipped: usize) -> String {
    let mut out = String::new();
    let rule = |out: &mut String, title: &str| {
        let _ = writeln!(
            out,
            "\n# \u{2500}\u{2500}\u{2500} {title} \u{2500}\u{2500}\u{2500}\n"
        );
    };
    let _ = writeln!(
        out,
        "# glossary-lsp glossary suggest: proposals from {} ({:.1} MB){}. Nothing was changed:\n# copy what you agree with into a team glossary, then run `glossary-lsp glossary test FILE`.",
        plural(s.documents, "document", "documents"),
        s.bytes as f64 / 1e6,
        if skipped > 0 {
            format!("; {} not read (not UTF-8 or too large)", plural(skipped, "file", "files"))
        } else {
            String::new()
        }
    );

    rule(&mut out, "Variants writers use");
    if s.variants.is_empty() {
        out.push_str("# No spelling the glossary lacks was seen.\n");
    }
    if !s.variants.is_empty() {
        out.push_str("# Add them to the entry's `forms` as \"deprecated\" (flagged, and fixed by `check --fix`),\n# or as \"admitted\" if they are fine.\n");
        let mut entries: Vec<&str> = s.variants.iter().map(|v| v.entry.as_str()).collect();
        entries.dedup();
        let mut done = std::collections::HashSet::new();
        for id in entries {
            if !done.insert(id) {
                continue;
            }
            let _ = writeln!(out, "\n# entry \"{id}\"");
            for v in s.variants.iter().filter(|v| v.entry == id) {
                let _ = writeln!(
                    out,
                    "{{ text = {}, status = \"deprecated\" }},  # {} in {} ({} of \u{201c}{}\u{201d}), e.g. {}",
                    quote(&v.text),
                    plural(v.uses, "use", "uses"),
                    plural(v.files, "file", "files"),
                    v.kind.describe(),
                    v.from,
                    v.sample
                );
            }
        }
    }
    if !s.title_case.is_empty() {
        out.push_str("\n# Written in Title Case in running text (not a form to add: `check` flags it and\n# `--fix` lowers it; if it is part of a name, list the name in `exceptions`):\n");
        for t in &s.title_case {
            let _ = writeln!(
                out,
                "#   {}: \u{201c}{}\u{201d}, {} in {}, e.g. {}",
                t.entry,
                t.written,
                plural(t.uses, "use", "uses"),
                plural(t.files, "file", "files"),
                t.sample
            );
        }
    }

    rule(&mut out, "Acronyms the docs use that the glossary lacks");
    let categories: Vec<&str> = {
        let mut c: Vec<&str> = Vec::new();
        for e in g.entries() {
            if !c.contains(&e.category.as_str()) {
                c.push(&e.category);
            }
        }
        c
    };
    if s.acronyms.is_empty() {
        out.push_str("# None on the glossary's subject.\n");
    }
    for a in s.acronyms.iter().take(args.max_acronyms) {
        let counts = format!(
            "{} in {}, {} beside glossary terms",
            plural(a.uses, "use", "uses"),
            plural(a.files, "file", "files"),
            a.beside_terms
        );
        match (&a.expansion, &a.entry, &a.expanded_at) {
            (Some(exp), Some(entry), Some((at, _))) => {
                let _ = writeln!(
                    out,
                    "# {}: {counts}; spelled out as \u{201c}{exp}\u{201d} at {at}, a form of entry \"{entry}\":\n{{ text = {}, status = \"admitted\" }},\n",
                    a.acronym,
                    quote(&a.acronym)
                );
            }
            (Some(exp), None, Some((at, sentence))) => {
                let id = crate::glossary::import::naming::kebab_id(exp);
                let _ = writeln!(
                    out,
                    "# {}: {counts}; spelled out as \u{201c}{exp}\u{201d} at {at}\n[[entry]]\nid = {}\ncategory = {}  # or one of: {}\ndefinition = {}  # the docs' sentence at {at}: edit it into a definition\nforms = [\n  {{ text = {}, status = \"preferred\" }},\n  {{ text = {}, status = \"admitted\" }},\n]\n",
                    a.acronym,
                    quote(&id),
                    quote(crate::glossary::import::DEFAULT_CATEGORY),
                    categories.join(", "),
                    quote(sentence),
                    quote(exp),
                    quote(&a.acronym)
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "# {}: {counts}, never spelled out in the docs, e.g. {}\n",
                    a.acronym, a.sample
                );
            }
        }
    }
    if s.acronyms.len() > args.max_acronyms {
        let _ = writeln!(
            out,
            "# … and {} more (--max-acronyms N shows them).",
            s.acronyms.len() - args.max_acronyms
        );
    }
    if s.unexplained_acronyms > 0 {
        let _ = writeln!(
            out,
            "# ({} other acronyms used five times or more were left out: never spelled out, and mostly\n# used away from glossary terms.)",
            s.unexplained_acronyms
        );
    }

    rule(
        &mut out,
        "Entries whose definitions point at each other (candidate confusables)",
    );
    if s.confusables.is_empty() {
        out.push_str("# None found.\n");
    }
    let name = |id: &str| {
        g.by_id(id)
            .map_or(id.to_string(), |i| g.entry(i).preferred().text.clone())
    };
    for p in &s.confusables {
        let naming = match (p.a_names_b, p.b_names_a) {
            (true, true) => "each definition names the other".to_string(),
            (true, false) => format!("{}'s definition names {}", p.a, p.b),
            (false, true) => format!("{}'s definition names {}", p.b, p.a),
            (false, false) => "neither names the other".to_string(),
        };
        let shared = if p.shared.is_empty() {
            "no wording in common".to_string()
        } else {
            format!(
                "{:.0}% of their wording is shared ({})",
                p.overlap * 100.0,
                p.shared.join(", ")
            )
        };
        let kind = if p.same_head {
            "; both name the same kind of thing"
        } else {
            ""
        };
        let _ = writeln!(out, "# {} \u{2194} {}: {naming}{kind}; {shared}.", p.a, p.b);
        for (me, other, cues, other_cues) in [
            (&p.a, &p.b, &p.a_cues, &p.b_cues),
            (&p.b, &p.a, &p.b_cues, &p.a_cues),
        ] {
            let difference = format!(
                "{}: {}; {}: {}.",
                name(other),
                other_cues.join(", "),
                name(me),
                cues.join(", ")
            );
            let quoted: Vec<String> = cues.iter().map(|c| quote(c)).collect();
            let _ = writeln!(
                out,
                "# in entry \"{me}\" (the difference is a draft: write it as one line):\nconfusable = [{{ with = {}, difference = {} }}]\ncues = [{}]  # candidate cues: in its definition, not in {other}'s",
                quote(other),
                quote(&difference),
                quoted.join(", ")
            );
        }
        out.push('\n');
    }
    out
}
