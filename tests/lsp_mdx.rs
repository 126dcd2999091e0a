//! MDX documents in the language server: checked by default under the `mdx` language id, and as
//! MDX whatever the client calls an `.mdx` file; diagnostics and hover on the text of JSX
//! elements, nothing on tags, attributes or expressions.

mod lsp_support;

use lsp_support::*;
use serde_json::json;

const DOC: &str = "import Tabs from '@theme/Tabs';\n\n<Admonition type=\"tip\" title=\"value added reseller\">\n  Our value added reseller program {props.value_added_reseller}.\n</Admonition>\n";

#[test]
fn mdx_documents_are_checked_as_mdx() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), json!({}));
    // VS Code with an MDX extension says "mdx"; without one, as "plaintext"; other editors
    // may say "markdown". All are read as MDX.
    for (name, language) in [
        ("a.mdx", "mdx"),
        ("b.mdx", "markdown"),
        ("c.mdx", "plaintext"),
    ] {
        let u = uri(&root.join(name));
        c.open(&u, language, 1, DOC);
        let d = c.diagnostics(&u, 1);
        let at: Vec<(u64, u64)> = d
            .iter()
            .map(|d| {
                (
                    d["range"]["start"]["line"].as_u64().unwrap(),
                    d["range"]["start"]["character"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(at, [(3, 6)], "{language}: {d:#?}");
        assert_eq!(d[0]["code"], "non-preferred-form");
        // Hover on the element's text, not on the attribute.
        let h = c.hover(&u, 3, 10);
        assert!(
            h["contents"]["value"]
                .as_str()
                .unwrap()
                .contains("value-added reseller"),
            "{h}"
        );
        let h = c.hover(&u, 2, 40);
        assert!(h.is_null(), "{h}");
    }
}
