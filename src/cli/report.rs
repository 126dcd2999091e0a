//! Presenting findings: human (rustc-style), JSON, SARIF 2.1.0 and GitHub annotations.
//!
//! Lines and columns are 1-based everywhere; columns count Unicode scalar values (what editors
//! show), and an end column is exclusive — one past the last character — as in SARIF.

use super::check::FileReport;
use super::OutputFormat;
use crate::position::{Encoding, LineIndex};
use crate::rules::{Finding, Rule, Severity};
use serde_json::{json, Value};

/// A finding's place: 1-based lines and columns (columns in characters; end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// 1-based start line.
    pub line: usize,
    /// 1-based start column.
    pub column: usize,
    /// 1-based end line.
    pub end_line: usize,
    /// 1-based end column, exclusive.
    pub end_column: usize,
}

/// Where `finding` is in `text`. A byte-order mark at the start of the file is not counted as a
/// column (editors don't show it).
pub fn span(index: &LineIndex, text: &str, finding: &Finding) -> Span {
    range_span(index, text, &finding.range)
}

/// Where byte range `range` is in `text` (see [`span`]).
pub fn range_span(index: &LineIndex, text: &str, range: &std::ops::Range<usize>) -> Span {
    let bom = usize::from(text.starts_with('\u{feff}'));
    let (l, c) = index.position(text, range.start, Encoding::Chars);
    let (el, ec) = index.position(text, range.end, Encoding::Chars);
    let col = |line: usize, c: usize| if line == 0 { c - bom.min(c) } else { c };
    Span {
        line: l + 1,
        column: col(l, c) + 1,
        end_line: el + 1,
        end_column: col(el, ec) + 1,
    }
}

/// Renders all reports in `format`, using each report's [`FileReport::rendered`] part when the
/// worker thread that checked the file already made it.
pub fn render(format: OutputFormat, reports: &[FileReport], styled: bool) -> String {
    let part = |r: &FileReport| {
        r.rendered
            .clone()
            .unwrap_or_else(|| render_file(format, r, styled))
    };
    match format {
        OutputFormat::Human | OutputFormat::Github => reports.iter().map(part).collect(),
        OutputFormat::Json => {
            let items: Vec<String> = reports.iter().map(part).filter(|p| !p.is_empty()).collect();
            if items.is_empty() {
                "[]\n".to_string()
            } else {
                format!("[\n{}\n]\n", items.join(",\n"))
            }
        }
        OutputFormat::Sarif => {
            let mut s =
                serde_json::to_string_pretty(&sarif(reports)).expect("JSON values serialise");
            s.push('\n');
            s
        }
    }
}

/// One file's part of the output, which [`render`] joins: the whole text for human and GitHub
/// output, the array items (indented, comma-separated) for JSON, nothing for SARIF (one
/// document, built at the end). Made on the worker threads, so output costs no serial time.
pub fn render_file(format: OutputFormat, report: &FileReport, styled: bool) -> String {
    let one = std::slice::from_ref(report);
    match format {
        OutputFormat::Human => human(one, styled),
        OutputFormat::Github => github(one),
        OutputFormat::Json => json_items(report),
        OutputFormat::Sarif => String::new(),
    }
}

/// "3 warnings, 1 info in 2 files (5 files checked)".
pub fn summary(reports: &[FileReport]) -> String {
    let mut counts = [0usize; 4];
    for f in reports.iter().flat_map(|r| &r.findings) {
        counts[f.severity as usize] += 1;
    }
    let with = reports.iter().filter(|r| !r.findings.is_empty()).count();
    let fixed: usize = reports.iter().map(|r| r.fixed).sum();
    let names = [
        ("hint", "hints"),
        ("info", "infos"),
        ("warning", "warnings"),
        ("error", "errors"),
    ];
    let mut parts: Vec<String> = Vec::new();
    for i in (0..4).rev() {
        if counts[i] > 0 {
            let (one, many) = names[i];
            parts.push(format!(
                "{} {}",
                counts[i],
                if counts[i] == 1 { one } else { many }
            ));
        }
    }
    let mut s = if parts.is_empty() {
        format!(
            "no findings ({} file{} checked)",
            reports.len(),
            if reports.len() == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{} in {with} file{} ({} checked)",
            parts.join(", "),
            if with == 1 { "" } else { "s" },
            reports.len()
        )
    };
    if fixed > 0 {
        s.push_str(&format!("; {fixed} fixed"));
    }
    s
}

fn human(reports: &[FileReport], styled: bool) -> String {
    use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for r in reports {
        if r.findings.is_empty() {
            continue;
        }
        let index = LineIndex::new(&r.text);
        for f in &r.findings {
            let first = index.line_of(f.range.start);
            let last = index.line_of(f.range.end.saturating_sub(1).max(f.range.start));
            let lines = index.line_range(&r.text, first).start..index.line_range(&r.text, last).end;
            let source = &r.text[lines.clone()];
            let local = f.range.start - lines.start..f.range.end.min(lines.end) - lines.start;
            let level = match f.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
                Severity::Info => Level::INFO,
                Severity::Hint => Level::NOTE,
            };
            let label = match f.suggestions.first() {
                Some(s) => format!(
                    "{}: \u{201c}{s}\u{201d}",
                    if f.fix_is_safe { "fix" } else { "consider" }
                ),
                None => String::new(),
            };
            // A very long line (a minified page, one 400 KB clause) is not rendered as source:
            // drawing the whole line for each of its findings is quadratic. Its place and the
            // suggestion are given instead.
            let title = level.primary_title(f.message.as_str()).id(f.rule.code());
            let group = if source.len() > LONG_LINE {
                let column = r.text[lines.start..f.range.start].chars().count() + 1;
                title
                    .element(
                        Origin::path(r.path.as_str())
                            .line(first + 1)
                            .char_column(column),
                    )
                    .elements((!label.is_empty()).then(|| Level::HELP.message(label.as_str())))
            } else {
                title.element(
                    Snippet::source(source)
                        .line_start(first + 1)
                        .path(r.path.as_str())
                        .annotation(AnnotationKind::Primary.span(local).label(label.as_str())),
                )
            };
            let report =
                &[group
                    .elements((!f.note.is_empty()).then(|| Level::NOTE.message(f.note.as_str())))];
            out.push_str(&renderer.render(report));
            out.push_str("\n\n");
        }
    }
    out
}

/// Source lines longer than this are not drawn (see `human`).
const LONG_LINE: usize = 1024;

/// One finding of `--format json`. Fields in alphabetical order, the order the output has
/// always had; serialised straight from borrowed data rather than through `serde_json::Value`
/// maps (a tenth of `check`'s time on a large tree).
#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    column: usize,
    end_column: usize,
    end_line: usize,
    fix_is_safe: bool,
    line: usize,
    message: &'a str,
    note: &'a str,
    path: &'a str,
    /// The other places the finding points to ([`Finding::related`]); left out when there are
    /// none, so the output of findings without any is what it always was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
    rule: &'static str,
    severity: &'static str,
    suggestions: &'a [String],
    term: &'a str,
    text: &'a str,
}

/// One of [`JsonFinding::related`]: a place and what is there. Fields in alphabetical order.
#[derive(serde::Serialize)]
struct JsonRelated<'a> {
    column: usize,
    end_column: usize,
    end_line: usize,
    line: usize,
    message: &'a str,
}

fn json_of<'a>(r: &'a FileReport, index: &LineIndex, f: &'a Finding) -> JsonFinding<'a> {
    let s = span(index, &r.text, f);
    let related = f
        .related
        .iter()
        .map(|rel| {
            let s = range_span(index, &r.text, &rel.range);
            JsonRelated {
                column: s.column,
                end_column: s.end_column,
                end_line: s.end_line,
                line: s.line,
                message: &rel.message,
            }
        })
        .collect();
    JsonFinding {
        column: s.column,
        end_column: s.end_column,
        end_line: s.end_line,
        fix_is_safe: f.fix_is_safe,
        line: s.line,
        message: &f.message,
        note: &f.note,
        path: &r.path,
        related,
        rule: f.rule.code(),
        severity: f.severity.as_str(),
        suggestions: &f.suggestions,
        term: &r.engine.glossary().entry(f.entry).id,
        text: &r.text[f.range.clone()],
    }
}

/// The JSON array of `--format json`.
pub fn json_findings(reports: &[FileReport]) -> Value {
    let mut all = Vec::new();
    for r in reports {
        let index = LineIndex::new(&r.text);
        for f in &r.findings {
            all.push(serde_json::to_value(json_of(r, &index, f)).expect("findings serialise"));
        }
    }
    Value::Array(all)
}

/// One file's findings as items of the pretty-printed `--format json` array: each indented one
/// level, separated by `",\n"`, without the brackets.
fn json_items(r: &FileReport) -> String {
    if r.findings.is_empty() {
        return String::new();
    }
    let index = LineIndex::new(&r.text);
    let items: Vec<JsonFinding> = r.findings.iter().map(|f| json_of(r, &index, f)).collect();
    let array = serde_json::to_string_pretty(&items).expect("findings serialise");
    // "[\n  {…},\n  {…}\n]" → the items, already one level in.
    array
        .strip_prefix("[\n")
        .and_then(|a| a.strip_suffix("\n]"))
        .unwrap_or_default()
        .to_string()
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// The SARIF 2.1.0 log of `--format sarif`. Columns are declared as Unicode code points.
pub fn sarif(reports: &[FileReport]) -> Value {
    let rules = sarif_rules(crate::rule_pages::repository());
    let mut results = Vec::new();
    for r in reports {
        let index = LineIndex::new(&r.text);
        for f in &r.findings {
            let sp = span(&index, &r.text, f);
            let mut region = region_of(&sp);
            region["snippet"] = json!({ "text": &r.text[f.range.clone()] });
            let location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri_path(&r.path) },
                    "region": region,
                }
            });
            let mut result = json!({
                "ruleId": f.rule.code(),
                "ruleIndex": Rule::ALL.iter().position(|x| *x == f.rule).unwrap_or(0),
                "level": sarif_level(f.severity),
                "message": { "text": f.message },
                "locations": [location],
                "properties": { "term": r.engine.glossary().entry(f.entry).id, "suggestions": f.suggestions },
            });
            if !f.related.is_empty() {
                let related: Vec<Value> = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, rel)| {
                        json!({
                            "id": i,
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri_path(&r.path) },
                                "region": region_of(&range_span(&index, &r.text, &rel.range)),
                            },
                            "message": { "text": rel.message },
                        })
                    })
                    .collect();
                result["relatedLocations"] = json!(related);
            }
            if let (Some(fix), true) = (f.suggestions.first(), f.fix_is_safe) {
                result["fixes"] = json!([{
                    "description": { "text": format!("Replace with \u{201c}{fix}\u{201d}") },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri_path(&r.path) },
                        "replacements": [{
                            "deletedRegion": region_of(&sp),
                            "insertedContent": { "text": fix },
                        }],
                    }],
                }]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "glossary-lsp",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// The SARIF `rules`, in [`Rule::ALL`] order; each names its page as `helpUri` (where code
/// scanning links "rule help") when the repository the binary was built from is known (`repo`,
/// see `rule_pages`).
fn sarif_rules(repo: Option<&str>) -> Vec<Value> {
    Rule::ALL
        .iter()
        .map(|r| {
            let mut rule = json!({
                "id": r.code(),
                "name": r.code(),
                "shortDescription": { "text": r.description() },
                "defaultConfiguration": { "level": sarif_level(r.default_severity()) },
            });
            if let Some(url) = repo.and_then(|repo| crate::rule_pages::web_url_in(repo, r.code())) {
                rule["helpUri"] = json!(url);
            }
            rule
        })
        .collect()
}

fn region_of(s: &Span) -> Value {
    json!({ "startLine": s.line, "startColumn": s.column, "endLine": s.end_line, "endColumn": s.end_column })
}

/// A relative path as a URI reference: forward slashes, percent-encoded where needed.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// GitHub Actions workflow commands: `::warning file=…,line=…,col=…::message`.
fn github(reports: &[FileReport]) -> String {
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for r in reports {
        let index = LineIndex::new(&r.text);
        for f in &r.findings {
            let s = span(&index, &r.text, f);
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                prop(&r.path),
                s.line,
                s.column,
                s.end_line,
                s.end_column,
                prop(&format!("glossary-lsp {}", f.rule.code())),
                data(&f.message)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sarif_rules;

    #[test]
    fn sarif_rules_link_their_pages_when_the_repository_is_known() {
        let rules = sarif_rules(Some("https://github.com/o/glossary-lsp"));
        assert_eq!(
            rules[0]["helpUri"],
            "https://github.com/o/glossary-lsp/blob/main/docs/rules/context-misuse.md"
        );
        assert!(rules.iter().all(|r| r["helpUri"]
            .as_str()
            .is_some_and(|u| u.ends_with(&format!("/{}.md", r["id"].as_str().unwrap())))));
        assert!(sarif_rules(None).iter().all(|r| r.get("helpUri").is_none()));
    }
}
