//! Code lens on a team glossary's entries through the real binary: "counting uses…" at once,
//! the counts (open documents and the files `check` would check) once the background count is
//! done and the client is asked to refresh, and `glossary-lsp.showUses` listing the uses.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

const TEAM: &str = r#"schema = 1

[[entry]]
id = "co-sell-partner"
category = "Team terms"
definition = "A partner that sells jointly with our own account team."
forms = [{ text = "co-sell partner", status = "preferred" }]

[[entry]]
id = "deal-registration"
category = "Team terms"
definition = "A partner's claim on an opportunity, recorded before the sale."
forms = [{ text = "deal registration", status = "preferred" }]

[[entry]]
id = "unused-term"
category = "Team terms"
definition = "A term no document uses."
forms = [{ text = "zebra alliance", status = "preferred" }]
"#;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn caps_lens() -> Value {
    let mut c = caps_utf16();
    c["workspace"]["codeLens"] = json!({ "refreshSupport": true });
    c
}

/// Waits (bounded) until the server has sent `method` `n` times.
fn wait_for_server_request(c: &mut Client, method: &str, n: usize) {
    let deadline = Instant::now() + TIMEOUT;
    while c
        .server_requests
        .iter()
        .filter(|r| r["method"] == method)
        .count()
        < n
    {
        assert!(Instant::now() < deadline, "no {method} from the server");
        c.drain(Duration::from_millis(50));
    }
}

fn lenses(c: &mut Client, uri: &str) -> Vec<(u64, String)> {
    let r = c
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    r.as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["range"]["start"]["line"].as_u64().unwrap(),
                l["command"]["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn glossary_entries_show_their_uses_counted_off_the_request_path() {
    let (_dir, root) = workspace();
    write(
        &root,
        ".glossary-lsp.toml",
        "glossaries = [\"team.toml\"]\nexclude = [\"drafts/**\"]\n",
    );
    write(&root, "team.toml", TEAM);
    write(
        &root,
        "docs/a.md",
        "Each co-sell partner registers.\n\nCo-sell partners' deals: see `co-sell partner` in code.\n",
    );
    write(
        &root,
        "docs/b.mdx",
        "<Note title=\"co-sell partner\">A co-sell partner, in MDX.</Note>\n",
    );
    write(&root, "drafts/c.md", "A co-sell partner in a draft.\n");
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_lens(), json!({}));
    let open = uri(&root.join("docs/open.md"));
    c.open(
        &open,
        "markdown",
        1,
        "Our deal registration, and a co-sell partner.\n",
    );
    let team = uri(&root.join("team.toml"));

    // At once: a lens per entry, at its [[entry]] line, before any count.
    let first = lenses(&mut c, &team);
    assert_eq!(
        first,
        [
            (2, "counting uses\u{2026}".to_string()),
            (8, "counting uses\u{2026}".to_string()),
            (14, "counting uses\u{2026}".to_string()),
        ]
    );
    // The count finishes in the background and asks for a refresh.
    wait_for_server_request(&mut c, "workspace/codeLens/refresh", 1);
    let counted = lenses(&mut c, &team);
    assert_eq!(
        counted,
        [
            (2, "4 uses in 3 files".to_string()),
            (8, "1 use in 1 file".to_string()),
            (14, "no uses".to_string()),
        ]
    );
    // A document elsewhere, or one that is not a glossary, has no lenses.
    let r = c
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": open } }),
        )
        .unwrap();
    assert_eq!(r, json!([]));

    // The lens's command lists the uses.
    let r = c
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": team } }),
        )
        .unwrap();
    let command = &r[0]["command"];
    assert_eq!(command["command"], "glossary-lsp.showUses");
    let uses = c
        .request(
            "workspace/executeCommand",
            json!({ "command": command["command"], "arguments": command["arguments"] }),
        )
        .unwrap();
    let mut places: Vec<(String, u64, u64)> = uses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let u = l["uri"].as_str().unwrap();
            (
                u[u.rfind('/').unwrap() + 1..].to_string(),
                l["range"]["start"]["line"].as_u64().unwrap(),
                l["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            ("a.md".to_string(), 0, 5),
            ("a.md".to_string(), 2, 0),
            ("b.mdx".to_string(), 0, 32),
            ("open.md".to_string(), 0, 29),
        ]
    );

    // A new use on disk: counted again at the next request, and refreshed.
    write(&root, "docs/d.md", "One more deal registration.\n");
    lenses(&mut c, &team);
    wait_for_server_request(&mut c, "workspace/codeLens/refresh", 2);
    let again = lenses(&mut c, &team);
    assert_eq!(again[1], (8, "2 uses in 2 files".to_string()));
}
