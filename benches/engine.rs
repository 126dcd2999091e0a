//! Throughput benchmarks: the bare matcher, folding + matching, full analysis, and glossary
//! compilation, on generated partner-program prose (see `support/corpus.rs`).
//!
//! Run with `cargo bench --bench engine -j2` (or plain `cargo bench`); a subset with e.g.
//! `cargo bench --bench engine -- matcher/`. Results and targets are in `BENCHMARKS.md`.
//!
//! Throughput is reported in decimal MB/s (10^6 bytes) of *input document* bytes, so every
//! group is comparable with the others and with the targets in the issue (≥ 1 GB/s bare
//! matcher, ≥ 200 MB/s full Markdown analysis).
//!
//! `GLOSSARY_BENCH_STATS=1 cargo bench --bench engine -- --list` prints statistics about the
//! generated corpora (term density, match counts, findings) without measuring anything.

#[path = "support/corpus.rs"]
mod corpus;

use corpus::Terms;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use glossary_lsp::fold::FoldedText;
use glossary_lsp::glossary::{load, Glossary, GlossarySource};
use glossary_lsp::prose::prose_ranges;
use glossary_lsp::rules::RuleSettings;
use glossary_lsp::{AnalysisCache, Engine, Format};
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Duration;

const MB: usize = 1_000_000;
const SEED_PLAIN: u64 = 0x5EED_0001;
const SEED_MARKDOWN: u64 = 0x5EED_0002;
const SEED_10K: u64 = 0x5EED_0003;
const TERMS_10K: usize = 10_000;

fn builtin() -> Glossary {
    load(&[GlossarySource::Builtin]).expect("the built-in glossary loads")
}

/// The built-in glossary and its engine, built once.
fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(builtin(), RuleSettings::default()))
}

fn terms() -> &'static Terms {
    static T: OnceLock<Terms> = OnceLock::new();
    T.get_or_init(|| Terms::from_glossary(engine().glossary()))
}

fn plain_doc(size: usize) -> &'static str {
    static P1: OnceLock<String> = OnceLock::new();
    static P10: OnceLock<String> = OnceLock::new();
    let cell = if size == MB { &P1 } else { &P10 };
    cell.get_or_init(|| corpus::plain(SEED_PLAIN, terms(), size))
}

fn markdown_doc(size: usize) -> &'static str {
    static M1: OnceLock<String> = OnceLock::new();
    static M10: OnceLock<String> = OnceLock::new();
    let cell = if size == MB { &M1 } else { &M10 };
    cell.get_or_init(|| corpus::markdown(SEED_MARKDOWN, terms(), size))
}

/// The 10,000-entry TOML glossary (generated to avoid the built-in glossary's forms).
fn toml_10k() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| corpus::glossary_toml(TERMS_10K, &corpus::claimed_forms(&builtin())))
}

fn sources_10k() -> Vec<GlossarySource> {
    vec![
        GlossarySource::Builtin,
        GlossarySource::Text {
            name: "generated-10k.toml".into(),
            text: toml_10k().to_string(),
        },
    ]
}

/// Built-in + 10,000 generated entries, compiled once.
fn engine_10k() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let g = load(&sources_10k()).unwrap_or_else(|errs| {
            panic!(
                "generated glossary does not load: {}",
                errs.iter()
                    .take(5)
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        Engine::new(g, RuleSettings::default())
    })
}

/// A 1 MB Markdown document whose terms come from the 10k glossary.
fn markdown_10k_doc() -> &'static str {
    static M: OnceLock<String> = OnceLock::new();
    M.get_or_init(|| {
        let terms = Terms::from_glossary(engine_10k().glossary());
        corpus::markdown(SEED_10K, &terms, MB)
    })
}

fn folded_plain(text: &str) -> FoldedText {
    FoldedText::new(text, &prose_ranges(text, Format::PlainText))
}

fn size_name(size: usize) -> &'static str {
    if size == MB {
        "1MB"
    } else {
        "10MB"
    }
}

/// Measurement settings: small samples, so the whole run takes a few minutes on two cores.
fn configure(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    size: usize,
) {
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(if size >= 10 * MB { 5 } else { 3 }));
    group.sampling_mode(SamplingMode::Flat);
}

fn bench_matcher(c: &mut Criterion) {
    let matcher = engine().matcher();
    let mut group = c.benchmark_group("matcher/plain");
    for size in [MB, 10 * MB] {
        let text = plain_doc(size);
        let folded = folded_plain(text);
        configure(&mut group, size);
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_function(size_name(size), |b| {
            b.iter(|| black_box(matcher.find(black_box(&folded))))
        });
        // The same on one thread (`find` uses every core from 512 KB).
        group.bench_function(format!("{}/1-thread", size_name(size)), |b| {
            b.iter(|| black_box(matcher.find_with_threads(black_box(&folded), 1)))
        });
    }
    group.finish();
}

fn bench_fold_match(c: &mut Criterion) {
    let matcher = engine().matcher();
    let mut group = c.benchmark_group("fold+match/plain");
    for size in [MB, 10 * MB] {
        let text = plain_doc(size);
        configure(&mut group, size);
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_function(size_name(size), |b| {
            b.iter(|| {
                let folded = folded_plain(black_box(text));
                black_box(matcher.find(&folded))
            })
        });
    }
    group.finish();
}

fn bench_analyze(c: &mut Criterion) {
    let engine = engine();
    // The Markdown document read as MDX too: the cost of the MDX lexer and the map back.
    for (format, name) in [
        (Format::Markdown, "markdown"),
        (Format::Mdx, "mdx"),
        (Format::PlainText, "plain"),
    ] {
        let mut group = c.benchmark_group(format!("analyze/{name}"));
        for size in [MB, 10 * MB] {
            let text = match format {
                Format::Markdown | Format::Mdx => markdown_doc(size),
                Format::PlainText => plain_doc(size),
            };
            configure(&mut group, size);
            group.throughput(Throughput::BytesDecimal(text.len() as u64));
            group.bench_function(size_name(size), |b| {
                b.iter(|| black_box(engine.analyze(black_box(text), format)))
            });
            // The same on one thread (`analyze` uses every core from 256 KB).
            group.bench_function(format!("{}/1-thread", size_name(size)), |b| {
                b.iter(|| black_box(engine.analyze_with_threads(black_box(text), format, 1)))
            });
            // A keystroke: the document alternates between two versions one character apart
            // (mid-document), re-analysed incrementally with one cache.
            let mut mid = text.len() / 2;
            while !text.is_char_boundary(mid) {
                mid += 1;
            }
            let edited = format!("{}x{}", &text[..mid], &text[mid..]);
            let versions = [text, edited.as_str()];
            let mut cache = AnalysisCache::default();
            engine.analyze_incremental(text, format, &mut cache);
            let mut turn = 0;
            group.bench_function(format!("{}/keystroke", size_name(size)), |b| {
                b.iter(|| {
                    turn ^= 1;
                    black_box(engine.analyze_incremental(versions[turn], format, &mut cache))
                })
            });
        }
        group.finish();
    }
}

fn bench_glossary(c: &mut Criterion) {
    let mut group = c.benchmark_group("glossary");
    configure(&mut group, MB);
    group.bench_function("compile/builtin", |b| {
        b.iter(|| {
            let g = load(black_box(&[GlossarySource::Builtin])).unwrap();
            black_box(Engine::new(g, RuleSettings::default()))
        })
    });
    let sources = sources_10k();
    // Make sure the generated glossary is valid before timing it.
    let g10k = load(&sources)
        .map_err(|e| e[0].to_string())
        .expect("10k glossary loads");
    group.bench_function("compile/10k", |b| {
        b.iter(|| {
            let g = load(black_box(&sources)).unwrap();
            black_box(Engine::new(g, RuleSettings::default()))
        })
    });
    // The same, split: parsing + validation, then building the automata.
    group.bench_function("load/10k", |b| {
        b.iter(|| black_box(load(black_box(&sources)).unwrap()))
    });
    group.bench_function("engine-new/10k", |b| {
        b.iter_batched(
            || g10k.clone(),
            |g| black_box(Engine::new(g, RuleSettings::default())),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn bench_10k_terms(c: &mut Criterion) {
    let engine = engine_10k();
    let text = markdown_10k_doc();
    let mut group = c.benchmark_group("analyze/markdown/1MB");
    configure(&mut group, MB);
    group.throughput(Throughput::BytesDecimal(text.len() as u64));
    group.bench_function("10k-terms", |b| {
        b.iter(|| black_box(engine.analyze(black_box(text), Format::Markdown)))
    });
    group.finish();
    let mut group = c.benchmark_group("matcher/plain/1MB");
    let plain = corpus::plain(SEED_10K, &Terms::from_glossary(engine.glossary()), MB);
    let folded = folded_plain(&plain);
    configure(&mut group, MB);
    group.throughput(Throughput::BytesDecimal(plain.len() as u64));
    group.bench_function("10k-terms", |b| {
        b.iter(|| black_box(engine.matcher().find(black_box(&folded))))
    });
    group.finish();
}

/// Prints what the corpora contain, so BENCHMARKS.md can say what was measured.
fn print_stats() {
    let show = |name: &str, engine: &Engine, text: &str, format: Format| {
        let a = engine.analyze(text, format);
        let prose = prose_ranges(text, format);
        let folded = FoldedText::new(text, &prose);
        let sentences =
            folded.as_str().matches(". ").count() + folded.as_str().matches(".\n").count();
        eprintln!(
            "{name}: {} bytes, {} lines, folded prose {} bytes, ~{} sentences, {} term matches (1 per {:.1} sentences), {} findings",
            text.len(),
            text.lines().count(),
            folded.as_str().len(),
            sentences,
            a.matches.len(),
            sentences as f64 / a.matches.len().max(1) as f64,
            a.findings.len()
        );
        let mut by_rule = std::collections::BTreeMap::new();
        for f in &a.findings {
            *by_rule.entry(f.rule.code()).or_insert(0usize) += 1;
        }
        eprintln!("  findings by rule: {by_rule:?}");
    };
    eprintln!(
        "built-in glossary: {} entries, {} patterns",
        engine().glossary().entries().len(),
        engine().matcher().pattern_count()
    );
    show("plain 1MB", engine(), plain_doc(MB), Format::PlainText);
    show(
        "plain 10MB",
        engine(),
        plain_doc(10 * MB),
        Format::PlainText,
    );
    show("markdown 1MB", engine(), markdown_doc(MB), Format::Markdown);
    show(
        "markdown 10MB",
        engine(),
        markdown_doc(10 * MB),
        Format::Markdown,
    );
    let t = std::time::Instant::now();
    let e10k = engine_10k();
    eprintln!(
        "10k glossary: {} bytes of TOML, {} entries, {} patterns (load + compile once: {:?})",
        toml_10k().len(),
        e10k.glossary().entries().len(),
        e10k.matcher().pattern_count(),
        t.elapsed()
    );
    show(
        "markdown 1MB, 10k terms",
        e10k,
        markdown_10k_doc(),
        Format::Markdown,
    );
    if let Ok(dir) = std::env::var("GLOSSARY_BENCH_DUMP") {
        // Write the corpora out, to look at them or profile the CLI on them.
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("plain-1MB.txt"), plain_doc(MB)).unwrap();
        std::fs::write(dir.join("markdown-1MB.md"), markdown_doc(MB)).unwrap();
        std::fs::write(dir.join("markdown-10k-terms-1MB.md"), markdown_10k_doc()).unwrap();
        std::fs::write(dir.join("generated-10k.toml"), toml_10k()).unwrap();
        eprintln!("corpora written to {}", dir.display());
    }
}

fn stats_requested() -> bool {
    std::env::var_os("GLOSSARY_BENCH_STATS").is_some()
}

fn benches(c: &mut Criterion) {
    if stats_requested() {
        print_stats();
        return;
    }
    bench_matcher(c);
    bench_fold_match(c);
    bench_analyze(c);
    bench_glossary(c);
    bench_10k_terms(c);
}

criterion_group!(engine_benches, benches);
criterion_main!(engine_benches);
