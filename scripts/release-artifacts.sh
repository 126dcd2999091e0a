#!/usr/bin/env bash
# Builds the release artefacts of glossary-lsp for one platform (the host's unless told):
#
#   DIST/glossary-lsp-<version>.crate                  what `cargo publish` would upload
#   DIST/glossary-lsp-<version>-<target>.tar.gz        the binary, README and licence
#   DIST/glossary-lsp-<target>-<version>.vsix          the VS Code extension with that binary in
#                                                      it (`vsce package --target <target>`)
#
# The binary is built the way a user's `cargo install` builds it: from the packaged crate
# (`cargo package`, unpacked), with `cargo install --locked --path` and the release profile
# (stripped, LTO, one codegen unit). So one run also proves that the crate packages and that
# the packaged crate installs. The binary must stay under 10 MB (MAX_BYTES).
#
# Usage (from anywhere; CI runs it from tests/run.sh):
#   scripts/release-artifacts.sh [--out DIST] [--target VSCODE_TARGET] [--rust-target TRIPLE]
#   scripts/release-artifacts.sh --vsix-only --bin PATH [--out DIR] [--target VSCODE_TARGET]
#
#   --out DIR            where the artefacts go (default target/dist)
#   --target T           the VS Code platform: linux-x64, linux-arm64, darwin-x64,
#                        darwin-arm64, win32-x64 (default: the host's)
#   --rust-target TRIPLE cross-compile (default: the host's; see editors/vscode/README.md
#                        "Building the platform packages" for the recipe per platform)
#   --vsix-only --bin P  only package the extension around an existing binary P (the editor
#                        tests use this with their own build)
#
# Environment: CARGO_TARGET_DIR (the install builds in $CARGO_TARGET_DIR/dist-build, apart from
# the work tree's own builds, so that nothing but the packaged crate goes into the binary),
# GLOSSARY_LSP_ALLOW_DIRTY=1 (package uncommitted changes: for trying it out locally),
# GLOSSARY_LSP_REPOSITORY=URL (the source repository written into the extension's manifest, as
# the Marketplace and Open VSX want; without it the .vsix is packaged without one).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXT="$ROOT/editors/vscode"
MAX_BYTES=$((10 * 1024 * 1024))
OUT="$ROOT/target/dist"
VSCODE_TARGET=""
RUST_TARGET=""
VSIX_ONLY=0
BIN=""

die() { echo "release-artifacts: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --out) OUT="$2"; shift 2 ;;
        --target) VSCODE_TARGET="$2"; shift 2 ;;
        --rust-target) RUST_TARGET="$2"; shift 2 ;;
        --vsix-only) VSIX_ONLY=1; shift ;;
        --bin) BIN="$2"; shift 2 ;;
        -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# The host's VS Code platform name.
host_target() {
    local os arch
    os="$(uname -s)"; arch="$(uname -m)"
    case "$os" in
        Linux) os=linux ;;
        Darwin) os=darwin ;;
        MINGW*|MSYS*|CYGWIN*) os=win32 ;;
        *) die "unsupported OS $os: pass --target" ;;
    esac
    case "$arch" in
        x86_64|amd64) arch=x64 ;;
        aarch64|arm64) arch=arm64 ;;
        *) die "unsupported CPU $arch: pass --target" ;;
    esac
    echo "$os-$arch"
}
[ -n "$VSCODE_TARGET" ] || VSCODE_TARGET="$(host_target)"
case "$VSCODE_TARGET" in
    linux-x64|linux-arm64|darwin-x64|darwin-arm64|win32-x64) ;;
    *) die "unsupported --target $VSCODE_TARGET (linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64)" ;;
esac
EXE=glossary-lsp
[ "${VSCODE_TARGET%%-*}" = win32 ] && EXE=glossary-lsp.exe

VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)"
EXT_VERSION="$(node -p "require('$EXT/package.json').version")"
[ "$VERSION" = "$EXT_VERSION" ] || die "Cargo.toml is at $VERSION but editors/vscode/package.json at $EXT_VERSION: release them together"

if [ "$VSIX_ONLY" = 0 ]; then
    [ -z "$BIN" ] || die "--bin goes with --vsix-only"
    TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
    echo "== cargo package (glossary-lsp $VERSION)"
    dirty=()
    [ "${GLOSSARY_LSP_ALLOW_DIRTY:-0}" = 1 ] && dirty=(--allow-dirty)
    # Not verified here: the install below builds the packaged crate, in release.
    (cd "$ROOT" && cargo package --no-verify --locked ${dirty[@]+"${dirty[@]}"} --target-dir "$TARGET_DIR")
    CRATE="$TARGET_DIR/package/glossary-lsp-$VERSION.crate"
    [ -f "$CRATE" ] || die "cargo package made no $CRATE"
    cp "$CRATE" "$OUT/"
    UNPACKED="$(mktemp -d "${TMPDIR:-/tmp}/glossary-lsp-crate.XXXXXX")"
    trap 'rm -rf "$UNPACKED"' EXIT
    # -m: the files get the current time. `cargo package` stamps every file with one fixed old
    # date, so with the mtimes kept, a build of an earlier package left in dist-build looks
    # newer than these sources and cargo would install that stale binary.
    tar -xzmf "$CRATE" -C "$UNPACKED"
    echo "== cargo install --path (the packaged crate, release profile)"
    cross=()
    [ -n "$RUST_TARGET" ] && cross=(--target "$RUST_TARGET")
    cargo install --locked --force --path "$UNPACKED/glossary-lsp-$VERSION" --root "$UNPACKED/root" \
        --target-dir "$TARGET_DIR/dist-build" ${cross[@]+"${cross[@]}"}
    BIN="$UNPACKED/root/bin/$EXE"
fi
[ -n "$BIN" ] && [ -f "$BIN" ] || die "no server binary (got '$BIN')"

size=$(wc -c < "$BIN")
echo "== binary: $BIN, $size bytes"
if [ "$VSIX_ONLY" = 0 ] && [ "$size" -gt "$MAX_BYTES" ]; then
    die "the release binary is $size bytes, over the $MAX_BYTES-byte limit"
fi

if [ "$VSIX_ONLY" = 0 ]; then
    echo "== tarball"
    STAGE="$(mktemp -d "${TMPDIR:-/tmp}/glossary-lsp-tar.XXXXXX")"
    NAME="glossary-lsp-$VERSION-$VSCODE_TARGET"
    mkdir -p "$STAGE/$NAME"
    cp "$BIN" "$STAGE/$NAME/$EXE"
    cp "$ROOT/README.md" "$STAGE/$NAME/"
    cp "$EXT/LICENSE" "$STAGE/$NAME/LICENSE"
    tar -C "$STAGE" -czf "$OUT/$NAME.tar.gz" "$NAME"
    rm -rf "$STAGE"
    echo "   $OUT/$NAME.tar.gz"
fi

echo "== VS Code extension for $VSCODE_TARGET"
[ -d "$EXT/node_modules/@vscode/vsce" ] || (cd "$EXT" && npm ci --no-audit --no-fund)
mkdir -p "$EXT/server"
rm -f "$EXT/server/glossary-lsp" "$EXT/server/glossary-lsp.exe"
cp "$BIN" "$EXT/server/$EXE"
chmod 755 "$EXT/server/$EXE"
VSIX="$OUT/glossary-lsp-$VSCODE_TARGET-$VERSION.vsix"
repo_args=(--allow-missing-repository)
MANIFEST_BACKUP=""
if [ -n "${GLOSSARY_LSP_REPOSITORY:-}" ]; then
    MANIFEST_BACKUP="$(mktemp)"
    cp "$EXT/package.json" "$MANIFEST_BACKUP"
    node -e '
        const fs = require("fs"); const p = process.argv[1]; const url = process.argv[2];
        const m = JSON.parse(fs.readFileSync(p, "utf8"));
        m.repository = { type: "git", url }; m.bugs = { url: url.replace(/\.git$/, "") + "/issues" };
        m.homepage = url.replace(/\.git$/, "") + "#readme";
        fs.writeFileSync(p, JSON.stringify(m, null, 2) + "\n");' "$EXT/package.json" "$GLOSSARY_LSP_REPOSITORY"
    repo_args=()
fi
restore() {
    rm -f "$EXT/server/glossary-lsp" "$EXT/server/glossary-lsp.exe"
    [ -z "$MANIFEST_BACKUP" ] || { cp "$MANIFEST_BACKUP" "$EXT/package.json"; rm -f "$MANIFEST_BACKUP"; }
}
trap 'restore; [ -z "${UNPACKED:-}" ] || rm -rf "$UNPACKED"' EXIT
(
    cd "$EXT"
    npm run --silent typecheck
    node esbuild.mjs --production
    ./node_modules/.bin/vsce package --no-dependencies --no-rewrite-relative-links "${repo_args[@]}" \
        --target "$VSCODE_TARGET" --out "$VSIX"
)
# The package must hold the binary, executable.
python3 - "$VSIX" "$EXE" <<'PY'
import stat, sys, zipfile
vsix, exe = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(vsix) as z:
    info = z.getinfo(f"extension/server/{exe}")
    mode = info.external_attr >> 16
    if exe != "glossary-lsp.exe" and not mode & stat.S_IXUSR:
        sys.exit(f"{vsix}: extension/server/{exe} is not executable (mode {oct(mode)})")
    print(f"   {vsix}: extension/server/{exe}, {info.file_size} bytes, mode {oct(mode & 0o777)}")
PY
echo "release-artifacts: done ($VSCODE_TARGET) in $OUT"
