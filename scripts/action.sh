#!/usr/bin/env bash
# The work of the GitHub Action (action.yml), runnable anywhere:
#
#   scripts/action.sh install   puts glossary-lsp on PATH ($GITHUB_PATH on GitHub)
#   scripts/action.sh check     runs `glossary-lsp check --format github` over the paths
#
# install: with GLOSSARY_LSP_VERSION set, downloads
#   $GLOSSARY_LSP_RELEASES/v$VERSION/glossary-lsp-$VERSION-<platform>.tar.gz (the tarball
#   scripts/release-artifacts.sh makes) and, if that fails or no version is given, builds
#   GLOSSARY_LSP_SOURCE with `cargo install --locked --path`. The binary goes to
#   $GLOSSARY_LSP_INSTALL_DIR (default $RUNNER_TEMP/glossary-lsp/bin, else ~/.glossary-lsp/bin).
# check: GLOSSARY_LSP_PATHS (default "."), GLOSSARY_LSP_FAIL_ON (default warning),
#   GLOSSARY_LSP_ARGS (more `check` arguments), GLOSSARY_LSP_SARIF=true also writes
#   glossary-lsp.sarif and names it in $GITHUB_OUTPUT as `sarif-file`. The exit code is the
#   check's: 1 when a finding reaches fail-on, 2 on an error.
set -euo pipefail

install_dir="${GLOSSARY_LSP_INSTALL_DIR:-${RUNNER_TEMP:-$HOME/.glossary-lsp}/glossary-lsp/bin}"

platform() {
    local os arch
    case "$(uname -s)" in
        Linux) os=linux ;; Darwin) os=darwin ;; MINGW*|MSYS*|CYGWIN*) os=win32 ;; *) return 1 ;;
    esac
    case "$(uname -m)" in
        x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) return 1 ;;
    esac
    echo "$os-$arch"
}

add_to_path() {
    if [ -n "${GITHUB_PATH:-}" ]; then
        echo "$install_dir" >> "$GITHUB_PATH"
    fi
    echo "glossary-lsp: installed $("$install_dir/glossary-lsp" --version) in $install_dir"
}

install() {
    mkdir -p "$install_dir"
    local version="${GLOSSARY_LSP_VERSION:-}"
    if [ -n "$version" ] && [ -n "${GLOSSARY_LSP_RELEASES:-}" ] && p="$(platform)"; then
        local name="glossary-lsp-$version-$p"
        local url="$GLOSSARY_LSP_RELEASES/v$version/$name.tar.gz"
        local tmp
        tmp="$(mktemp -d)"
        echo "glossary-lsp: downloading $url"
        if curl -fsSL --retry 3 -o "$tmp/$name.tar.gz" "$url" && tar -xzf "$tmp/$name.tar.gz" -C "$tmp"; then
            local exe=glossary-lsp
            [ -f "$tmp/$name/$exe" ] || exe=glossary-lsp.exe
            cp "$tmp/$name/$exe" "$install_dir/"
            rm -rf "$tmp"
            add_to_path
            return
        fi
        echo "glossary-lsp: no release tarball for $p at $url; building from source instead" >&2
        rm -rf "$tmp"
    fi
    local src="${GLOSSARY_LSP_SOURCE:?GLOSSARY_LSP_SOURCE must name the glossary-lsp source}"
    command -v cargo >/dev/null || { echo "glossary-lsp: cargo is needed to build from source" >&2; exit 2; }
    cargo install --locked --path "$src" --root "$(dirname "$install_dir")" --bin glossary-lsp
    add_to_path
}

check() {
    local bin
    bin="$(command -v glossary-lsp || echo "$install_dir/glossary-lsp")"
    [ -x "$bin" ] || { echo "glossary-lsp: not installed (run 'scripts/action.sh install' first)" >&2; exit 2; }
    # Word splitting is wanted: several paths and arguments in one input.
    # shellcheck disable=SC2206
    local paths=(${GLOSSARY_LSP_PATHS:-.})
    # shellcheck disable=SC2206
    local args=(${GLOSSARY_LSP_ARGS:-})
    local fail_on="${GLOSSARY_LSP_FAIL_ON:-warning}"
    local status=0
    "$bin" check --format github --fail-on "$fail_on" ${args[@]+"${args[@]}"} "${paths[@]}" || status=$?
    if [ "${GLOSSARY_LSP_SARIF:-false}" = true ]; then
        local sarif="glossary-lsp.sarif"
        local s=0
        "$bin" check --format sarif --fail-on error ${args[@]+"${args[@]}"} "${paths[@]}" > "$sarif" || s=$?
        [ "$s" -le 1 ] || { echo "glossary-lsp: writing SARIF failed ($s)" >&2; exit "$s"; }
        echo "glossary-lsp: wrote $sarif"
        [ -z "${GITHUB_OUTPUT:-}" ] || echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
    fi
    exit "$status"
}

case "${1:-}" in
    install) install ;;
    check) check ;;
    *) echo "usage: scripts/action.sh install|check" >&2; exit 2 ;;
esac
