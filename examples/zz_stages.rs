use glossary_lsp::*;
use std::time::Instant;
fn main() {
    let files: Vec<String> = std::env::args()
        .skip(1)
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let engine = Engine::new(
        glossary::load(&[glossary::GlossarySource::Builtin]).unwrap(),
        rules::RuleSettings::default(),
    );
    for _ in 0..2 {
        let (mut tp, mut tf, mut tm, mut ta) = (0f64, 0f64, 0f64, 0f64);
        for t in &files {
            let a = Instant::now();
            let p = prose::prose_ranges(t, Format::Markdown);
            let b = Instant::now();
            let f = fold::FoldedText::new(t, &p);
            let c = Instant::now();
            let m = engine.matcher().find(&f);
            let d = Instant::now();
            let an = engine.analyze_with_threads(t, Format::Markdown, 1);
            let e = Instant::now();
            std::hint::black_box((&m, &an));
            tp += (b - a).as_secs_f64();
            tf += (c - b).as_secs_f64();
            tm += (d - c).as_secs_f64();
            ta += (e - d).as_secs_f64();
        }
        println!("prose {:.0} ms, fold {:.0} ms, match {:.0} ms, whole analyze {:.0} ms (rules etc = {:.0})", tp*1e3, tf*1e3, tm*1e3, ta*1e3, (ta-tp-tf-tm)*1e3);
    }
}
