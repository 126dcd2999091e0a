//! Deterministic generators for the benchmarks: partner-program prose (plain text and
//! Markdown) and a large synthetic glossary.
//!
//! Everything is driven by a hand-written SplitMix64 generator with a fixed seed, so every run
//! (and every machine) benchmarks exactly the same bytes. The prose is built from ordinary
//! business vocabulary plus the forms of whatever glossary is loaded, at about one term per two
//! or three sentences: preferred forms, admitted forms and acronyms (sometimes introduced as
//! "full form (ACRONYM)"), deprecated variants, plurals, possessives, the odd Title-Case form
//! mid-sentence and the odd term broken across a line. Markdown adds front matter, headings,
//! lists, tables, block quotes, emphasis, links, inline code and fenced code blocks.
//!
//! This file lives in `benches/support/` (no `main.rs`), so Cargo does not take it for a
//! benchmark target of its own; `benches/engine.rs` includes it with `#[path]`.

#![allow(dead_code)]

use glossary_lsp::glossary::{FormStatus, Glossary};

/// SplitMix64: tiny, fast, and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// A word from a static list.
    pub fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

const SUBJECTS: &[&str] = &[
    "our team",
    "the vendor",
    "each partner",
    "the channel team",
    "the account manager",
    "the customer",
    "every region",
    "the alliance lead",
    "the sales team",
    "the program office",
    "marketing",
    "finance",
    "the partner manager",
    "the field team",
    "operations",
    "the enablement group",
    "the product team",
    "the support desk",
    "leadership",
    "the buyer",
];

const VERBS: &[&str] = &[
    "reviews",
    "approves",
    "tracks",
    "reports",
    "shares",
    "updates",
    "publishes",
    "negotiates",
    "measures",
    "plans",
    "supports",
    "manages",
    "forecasts",
    "renews",
    "audits",
    "prioritises",
    "documents",
    "schedules",
    "confirms",
    "coordinates",
    "owns",
    "expands",
    "simplifies",
    "announces",
    "prices",
    "bundles",
    "qualifies",
    "registers",
    "onboards",
    "certifies",
];

const ADJECTIVES: &[&str] = &[
    "quarterly",
    "annual",
    "new",
    "existing",
    "regional",
    "global",
    "strategic",
    "joint",
    "standard",
    "updated",
    "shared",
    "preferred",
    "detailed",
    "monthly",
    "local",
    "digital",
    "early",
    "final",
    "key",
    "current",
    "approved",
    "simple",
    "competitive",
    "recurring",
];

const NOUNS: &[&str] = &[
    "pipeline",
    "forecast",
    "pricing",
    "discount",
    "margin",
    "revenue",
    "target",
    "budget",
    "contract",
    "agreement",
    "renewal",
    "roadmap",
    "launch",
    "campaign",
    "portal",
    "dashboard",
    "report",
    "review",
    "process",
    "policy",
    "tier",
    "incentive",
    "rebate",
    "quota",
    "deal",
    "opportunity",
    "territory",
    "account",
    "invoice",
    "catalog",
    "license",
    "subscription",
    "training",
    "certification",
    "onboarding",
    "support",
    "integration",
    "deployment",
    "migration",
    "playbook",
    "webinar",
    "newsletter",
    "survey",
    "scorecard",
    "benefit",
    "requirement",
    "milestone",
    "timeline",
    "template",
    "checklist",
];

const PREPOSITIONS: &[&str] = &[
    "for", "with", "in", "across", "during", "after", "before", "through", "under", "per",
];

const DETERMINERS: &[&str] = &["the", "a", "each", "every", "our", "this", "that", "their"];

const CONNECTIVES: &[&str] = &[
    ", and",
    ", but",
    ", while",
    "; meanwhile",
    ", so",
    ", because",
    ", although",
    " and then",
];

const OPENERS: &[&str] = &[
    "In practice,",
    "This quarter,",
    "As a rule,",
    "For example,",
    "In most regions,",
    "Going forward,",
    "Where possible,",
    "In the last review,",
    "By default,",
    "Today,",
];

const TITLE_WORDS: &[&str] = &[
    "Overview",
    "Program Tiers",
    "Pricing and Discounts",
    "Deal Registration",
    "Onboarding",
    "Enablement",
    "Marketing Funds",
    "Support",
    "Roles",
    "Incentives",
    "Compliance",
    "FAQ",
    "Getting Started",
    "Reporting",
    "Renewals",
    "Co-Selling",
    "Certification",
    "Contacts",
];

const CODE_WORDS: &[&str] = &[
    "partner_id",
    "tier",
    "deal_id",
    "--dry-run",
    "config.yaml",
    "api/v2/deals",
    "rebate_pct",
    "GET /partners",
    "region=EMEA",
    "npm run build",
    "null",
    "true",
];

const URL_PATHS: &[&str] = &[
    "program/tiers",
    "docs/deal-registration",
    "pricing",
    "portal/login",
    "training/catalog",
    "legal/agreement",
    "support/faq",
    "news/2024/launch",
];

// ---------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------

/// One writable form of a glossary entry.
#[derive(Clone, Debug)]
struct TermForm {
    text: String,
    plural: Option<String>,
    acronym: bool,
    status: FormStatus,
}

/// The entries' forms, grouped per entry, plus the preferred form for acronym expansion.
#[derive(Clone, Debug)]
pub struct Terms {
    entries: Vec<Vec<TermForm>>,
}

impl Terms {
    pub fn from_glossary(g: &Glossary) -> Terms {
        let entries = g
            .entries()
            .iter()
            .map(|e| {
                e.forms
                    .iter()
                    .map(|f| TermForm {
                        text: f.text.clone(),
                        plural: f.plural.clone(),
                        acronym: f.acronym,
                        status: f.status,
                    })
                    .collect()
            })
            .collect();
        Terms { entries }
    }

    /// Every form and plural (for the `rg` terms file and for statistics).
    pub fn all_written(&self) -> Vec<String> {
        let mut out = Vec::new();
        for e in &self.entries {
            for f in e {
                out.push(f.text.clone());
                out.extend(f.plural.clone());
            }
        }
        out
    }
}

/// Where a term is written: running text may break it over a line; a table cell may not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Running,
    Cell,
}

/// A term as it appears in text: the form chosen and dressed (plural, possessive, case), maybe
/// preceded by its expansion ("managed service provider (MSP)").
fn term_phrase(rng: &mut Rng, terms: &Terms, slot: Slot) -> String {
    let entry = &terms.entries[rng.below(terms.entries.len())];
    let preferred = &entry[0];
    // Preferred form most of the time; otherwise another form (admitted, acronym), and now and
    // then a deprecated one (about 3% of all terms: writers mostly get it right).
    let form = if entry.len() == 1 || rng.chance(0.6) {
        preferred
    } else {
        let other = &entry[rng.range(1, entry.len() - 1)];
        if other.status == FormStatus::Deprecated && !rng.chance(0.25) {
            preferred
        } else {
            other
        }
    };
    let plural = form.plural.is_some() && rng.chance(0.3);
    let mut text = if plural {
        form.plural.clone().unwrap()
    } else {
        form.text.clone()
    };
    if form.acronym && !preferred.acronym && rng.chance(0.3) {
        // Introduce the acronym the way careful writers do.
        let full = if plural {
            preferred.plural.clone().unwrap_or(preferred.text.clone())
        } else {
            preferred.text.clone()
        };
        text = format!("{full} ({text})");
    } else if !form.acronym && rng.chance(0.02) {
        // Title Case mid-sentence ("Value-Added Reseller"), which the forms rule flags.
        text = title_case(&text);
    }
    if rng.chance(0.05) && !text.ends_with(')') {
        if text.ends_with('s') && plural {
            text.push('\'');
        } else {
            text.push_str(if rng.chance(0.8) { "'s" } else { "\u{2019}s" });
        }
    }
    if slot == Slot::Running && rng.chance(0.04) {
        // A term broken across a line (sometimes with the continuation indented).
        if let Some(i) = text.find(' ') {
            let indent = if rng.chance(0.3) { "   " } else { "" };
            text.replace_range(i..i + 1, &format!("\n{indent}"));
        }
    }
    text
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == ' ' || c == '-';
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Plain,
    Markdown,
}

/// A noun phrase: "the quarterly forecast", or a glossary term.
fn noun_phrase(rng: &mut Rng, terms: &Terms, term: bool, slot: Slot) -> String {
    if term {
        let t = term_phrase(rng, terms, slot);
        return if rng.chance(0.5) {
            format!("{} {t}", rng.word(DETERMINERS))
        } else {
            t
        };
    }
    let det = rng.word(DETERMINERS);
    if rng.chance(0.5) {
        format!("{det} {} {}", rng.word(ADJECTIVES), rng.word(NOUNS))
    } else {
        format!("{det} {}", rng.word(NOUNS))
    }
}

/// Decorates a word or phrase with inline Markdown (emphasis, link, inline code).
fn inline_markup(rng: &mut Rng, phrase: String) -> String {
    match rng.below(100) {
        0..=5 => format!("*{phrase}*"),
        6..=8 => format!("**{phrase}**"),
        9..=13 => format!(
            "[{phrase}](https://partners.example.com/{})",
            rng.word(URL_PATHS)
        ),
        _ => phrase,
    }
}

/// One sentence, about one term per two or three sentences.
fn sentence(rng: &mut Rng, terms: &Terms, flavor: Flavor, slot: Slot) -> String {
    let clauses = if rng.chance(0.35) { 2 } else { 1 };
    let term_clause = if rng.chance(0.4) {
        Some(rng.below(clauses))
    } else {
        None
    };
    let mut s = String::new();
    if rng.chance(0.15) {
        s.push_str(rng.word(OPENERS));
        s.push(' ');
    }
    for c in 0..clauses {
        if c > 0 {
            s.push_str(rng.word(CONNECTIVES));
            s.push(' ');
        }
        let has_term = term_clause == Some(c);
        let term_as_subject = has_term && rng.chance(0.5);
        let subject = if term_as_subject {
            noun_phrase(rng, terms, true, slot)
        } else {
            rng.word(SUBJECTS).to_string()
        };
        let mut object = noun_phrase(rng, terms, has_term && !term_as_subject, slot);
        if flavor == Flavor::Markdown {
            object = inline_markup(rng, object);
        }
        s.push_str(&subject);
        s.push(' ');
        s.push_str(rng.word(VERBS));
        s.push(' ');
        s.push_str(&object);
        if rng.chance(0.6) {
            s.push(' ');
            s.push_str(rng.word(PREPOSITIONS));
            s.push(' ');
            let mut np = noun_phrase(rng, terms, false, slot);
            if flavor == Flavor::Markdown && rng.chance(0.05) {
                np = format!("`{}`", rng.word(CODE_WORDS));
            }
            s.push_str(&np);
        }
    }
    if rng.chance(0.03) {
        if rng.chance(0.6) {
            s.push_str(&format!(
                " (see https://partners.example.com/{})",
                rng.word(URL_PATHS)
            ));
        } else {
            s.push_str(" (questions to partners@example.com)");
        }
    }
    s.push(if rng.chance(0.05) { '?' } else { '.' });
    capitalise(&s)
}

/// Word-wraps `text` at `width` columns, prefixing continuation lines with `indent`. Newlines
/// already in the text (terms broken on purpose) are kept.
fn wrap(text: &str, width: usize, first: &str, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(first);
    let mut col = first.len();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            if col + 1 + word.len() > width {
                out.push('\n');
                out.push_str(indent);
                col = indent.len();
            } else {
                out.push(' ');
                col += 1;
            }
        }
        out.push_str(word);
        col = match word.rfind('\n') {
            Some(nl) => word.len() - nl - 1,
            None => col + word.len(),
        };
    }
    out
}

fn paragraph(rng: &mut Rng, terms: &Terms, flavor: Flavor) -> String {
    let n = rng.range(2, 6);
    let sentences: Vec<String> = (0..n)
        .map(|_| sentence(rng, terms, flavor, Slot::Running))
        .collect();
    let width = rng.range(72, 100);
    wrap(&sentences.join(" "), width, "", "")
}

fn heading(rng: &mut Rng, terms: &Terms) -> String {
    let level = rng.range(2, 4);
    let title = if rng.chance(0.35) {
        // Headings are written in Title Case, terms included.
        let t = term_phrase(rng, terms, Slot::Cell);
        format!("{} for {}", rng.word(TITLE_WORDS), title_case(&t))
    } else {
        rng.word(TITLE_WORDS).to_string()
    };
    format!("{} {title}", "#".repeat(level))
}

fn list(rng: &mut Rng, terms: &Terms) -> String {
    let ordered = rng.chance(0.3);
    let n = rng.range(3, 7);
    let mut out = Vec::new();
    for i in 0..n {
        let marker = if ordered {
            format!("{}. ", i + 1)
        } else {
            "- ".to_string()
        };
        let indent = " ".repeat(marker.len());
        let body = sentence(rng, terms, Flavor::Markdown, Slot::Running);
        out.push(wrap(&body, 88, &marker, &indent));
        if !ordered && rng.chance(0.15) {
            let body = sentence(rng, terms, Flavor::Markdown, Slot::Running);
            out.push(wrap(&body, 88, "  - ", "    "));
        }
    }
    out.join("\n")
}

fn table(rng: &mut Rng, terms: &Terms) -> String {
    let mut out = String::from("| Term | What it means | Owner |\n|---|---|---|\n");
    for _ in 0..rng.range(3, 6) {
        let term = term_phrase(rng, terms, Slot::Cell);
        let meaning = format!(
            "{} {} {}",
            rng.word(ADJECTIVES),
            rng.word(NOUNS),
            rng.word(NOUNS)
        );
        let owner = capitalise(rng.word(SUBJECTS));
        out.push_str(&format!(
            "| {} | {meaning} | {owner} |\n",
            capitalise(&term)
        ));
    }
    out.pop();
    out
}

fn fenced_code(rng: &mut Rng, terms: &Terms) -> String {
    // Terms inside code are not prose: the engine must skip them.
    let t = term_phrase(rng, terms, Slot::Cell);
    match rng.below(3) {
        0 => format!(
            "```yaml\npartner:\n  type: \"{t}\"\n  tier: gold\n  region: EMEA\n  rebate_pct: {}\n```",
            rng.range(1, 30)
        ),
        1 => format!(
            "```json\n{{\n  \"partner\": \"{t}\",\n  \"deals\": {},\n  \"active\": true\n}}\n```",
            rng.range(1, 500)
        ),
        _ => format!(
            "```sh\n# register a deal for a {t}\ncurl -X POST https://api.example.com/v2/deals \\\n  -d partner_id={}\n```",
            rng.range(1000, 9999)
        ),
    }
}

fn front_matter(rng: &mut Rng) -> String {
    format!(
        "---\ntitle: \"{}\"\ndescription: Partner program handbook, section {}\ntags: [partners, channel, program]\nlast_updated: 2024-{:02}-{:02}\n---",
        rng.word(TITLE_WORDS),
        rng.range(1, 40),
        rng.range(1, 12),
        rng.range(1, 28)
    )
}

/// Generates a Markdown document of at least `target` bytes (it stops at the first block
/// boundary after `target`).
pub fn markdown(seed: u64, terms: &Terms, target: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut blocks: Vec<String> = vec![front_matter(&mut rng)];
    blocks.push(format!("# {}", rng.word(TITLE_WORDS)));
    let mut len = 0;
    while len < target {
        let b = match rng.below(100) {
            0..=11 => heading(&mut rng, terms),
            12..=21 => list(&mut rng, terms),
            22..=25 => table(&mut rng, terms),
            26..=29 => fenced_code(&mut rng, terms),
            30..=32 => {
                let p = paragraph(&mut rng, terms, Flavor::Markdown);
                p.lines()
                    .map(|l| format!("> {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            33 => "<!-- glossary-lsp-disable-next-line -->".to_string(),
            _ => paragraph(&mut rng, terms, Flavor::Markdown),
        };
        len += b.len() + 2;
        blocks.push(b);
    }
    let mut s = blocks.join("\n\n");
    s.push('\n');
    s
}

/// Generates plain text of at least `target` bytes: paragraphs separated by blank lines.
pub fn plain(seed: u64, terms: &Terms, target: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut s = String::with_capacity(target + 1024);
    while s.len() < target {
        s.push_str(&paragraph(&mut rng, terms, Flavor::Plain));
        s.push_str("\n\n");
    }
    s
}

// ---------------------------------------------------------------------------------------------
// A large glossary
// ---------------------------------------------------------------------------------------------

const G_MODIFIERS: &[&str] = &[
    "regional",
    "national",
    "global",
    "certified",
    "premier",
    "registered",
    "strategic",
    "authorized",
    "independent",
    "embedded",
    "hosted",
    "vertical",
    "boutique",
    "enterprise",
    "midmarket",
    "federal",
    "public",
    "private",
    "wholesale",
    "retail",
    "digital",
    "cloud",
    "hybrid",
    "outsourced",
    "dedicated",
    "specialist",
    "emerging",
    "preferred",
    "elite",
    "associate",
    "silver",
    "gold",
    "platinum",
    "select",
    "advanced",
    "foundation",
    "affiliate",
    "co-branded",
    "white-label",
    "exclusive",
    "nonexclusive",
    "tiered",
    "volume",
    "partial",
    "solution",
    "delivery",
    "field",
    "inside",
    "remote",
    "local",
];

const G_DOMAINS: &[&str] = &[
    "channel",
    "alliance",
    "reseller",
    "referral",
    "marketplace",
    "services",
    "training",
    "licensing",
    "support",
    "fulfillment",
    "logistics",
    "procurement",
    "billing",
    "analytics",
    "security",
    "networking",
    "storage",
    "compliance",
    "consulting",
    "implementation",
    "migration",
    "hosting",
    "telecom",
    "hardware",
    "software",
    "subscription",
    "renewal",
    "incentive",
    "rebate",
    "pricing",
    "marketing",
    "demand",
    "pipeline",
    "territory",
    "distribution",
    "integration",
    "deployment",
    "onboarding",
    "certification",
    "enablement",
];

const G_HEADS: &[&str] = &[
    "partner",
    "provider",
    "agent",
    "broker",
    "affiliate",
    "integrator",
    "consultant",
    "distributor",
    "dealer",
    "agency",
    "specialist",
    "advisor",
    "operator",
    "vendor",
    "contractor",
    "associate",
    "manager",
    "program",
    "agreement",
    "model",
    "fund",
    "tier",
    "credit",
    "bonus",
    "discount",
    "allowance",
    "quota",
    "desk",
    "council",
    "network",
];

/// A TOML glossary of `n` generated entries with unique multi-word forms. About a third have
/// an acronym, a fifth a deprecated hyphenated variant, and a tenth cues and a confusable
/// (so the context rules have work to do). Forms that would collide with `avoid` (lower-cased
/// forms and plurals already claimed, e.g. by the built-in glossary) are skipped.
pub fn glossary_toml(n: usize, avoid: &std::collections::HashSet<String>) -> String {
    let (a, b, c) = (G_MODIFIERS.len(), G_DOMAINS.len(), G_HEADS.len());
    let total = a * b * c;
    assert!(total > n * 2, "not enough combinations");
    // A stride coprime with `total` visits every combination once, in a scrambled order.
    let stride = (7919..).find(|s| gcd(*s, total) == 1).unwrap();
    let mut out = String::with_capacity(n * 400);
    out.push_str("schema = 1\n\n");
    let mut k = 0usize;
    let mut made = 0usize;
    while made < n {
        let combo = (k * stride) % total;
        k += 1;
        let (i, j, h) = (combo / (b * c), (combo / c) % b, combo % c);
        let (m, d, head) = (G_MODIFIERS[i], G_DOMAINS[j], G_HEADS[h]);
        if m == d {
            continue;
        }
        let text = format!("{m} {d} {head}");
        let plural = glossary_lsp::glossary::derive_plural(&text);
        if avoid.contains(&text) || avoid.contains(&plural) {
            continue;
        }
        let id = format!("gen-{made:05}");
        let definition = format!(
            "A {text} is a {d} {head} that works with the vendor on {m} terms \u{2014} generated for benchmarks."
        );
        out.push_str(&format!(
            "[[entry]]\nid = \"{id}\"\ncategory = \"Generated {}\"\ndefinition = \"{definition}\"\nkey_fact = \"works with the vendor on {m} terms\"\n",
            made % 12
        ));
        out.push_str(&format!(
            "forms = [{{ text = \"{text}\", status = \"preferred\" }}"
        ));
        if made % 3 == 0 {
            // Unique four-letter acronyms: X + base-26 of the index.
            let mut x = made;
            let mut acr = String::from("X");
            for _ in 0..3 {
                acr.push((b'A' + (x % 26) as u8) as char);
                x /= 26;
            }
            if !avoid.contains(&acr.to_lowercase()) {
                out.push_str(&format!(", {{ text = \"{acr}\", status = \"admitted\" }}"));
            }
        }
        if made % 5 == 0 {
            out.push_str(&format!(
                ", {{ text = \"{m}-{d} {head}\", status = \"deprecated\" }}"
            ));
        }
        out.push_str("]\n");
        if made % 10 == 0 && made + 1 < n {
            out.push_str(&format!(
                "cues = [\"{}\", \"{}*\"]\nconfusable = [{{ with = \"gen-{:05}\", difference = \"one works on {m} terms, the other does not\" }}]\n",
                NOUNS[made % NOUNS.len()],
                &NOUNS[(made / 7) % NOUNS.len()][..4],
                made + 1
            ));
        }
        out.push('\n');
        made += 1;
    }
    out
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Lower-cased forms and plurals of `g`, to keep generated forms from colliding with them.
pub fn claimed_forms(g: &Glossary) -> std::collections::HashSet<String> {
    let mut set = std::collections::HashSet::new();
    for e in g.entries() {
        for f in &e.forms {
            set.insert(f.text.to_lowercase());
            if let Some(p) = &f.plural {
                set.insert(p.to_lowercase());
            }
        }
    }
    set
}
