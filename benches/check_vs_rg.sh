#!/usr/bin/env bash
# `glossary-lsp check` against ripgrep over the same ~50 MB tree of Markdown, side by side.
#
#   benches/check_vs_rg.sh [--files N] [--size BYTES] [--runs N] [--keep] [--bin PATH]
#
# --bin measures an already built glossary-lsp instead of building this checkout's;
# --keep keeps the temporary directory (tree, terms.txt, check.json, hyperfine.json).
#
# 1. builds the release binary with symbols (cargo build --profile profiling -j2);
# 2. writes terms.txt: every form and plural of the glossary (`glossary-lsp terms --format
#    json`), escaped for ripgrep's regex syntax;
# 3. generates N Markdown files of ~BYTES each (default 500 × 100 KB = 50 MB) in nested
#    folders under a temporary directory (benches/gen_tree.py, fixed seed);
# 4. times, alternately in one hyperfine run (falls back to a /usr/bin/time loop):
#       rg -i -w -c -f terms.txt TREE
#       glossary-lsp check --format json TREE > /dev/null     (exit 1 = findings: tolerated)
#    and prints the ratio of the mean wall times. Target: check ≤ 2 × rg.
#
# Needs python3, ripgrep (`apt-get install -y ripgrep`), and preferably hyperfine
# (`apt-get install -y hyperfine`).
set -euo pipefail

FILES=500
SIZE=100000
RUNS=10
KEEP=0
BIN=""
while [ $# -gt 0 ]; do
    case "$1" in
        --files) FILES="$2"; shift 2 ;;
        --size) SIZE="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --bin) BIN="$2"; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

command -v rg >/dev/null || { echo "ripgrep (rg) is missing: apt-get install -y ripgrep" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is missing" >&2; exit 2; }

if [ -z "$BIN" ]; then
    echo "== building the release binary (profiling profile: release with symbols)"
    cargo build --profile profiling -j2 --bin glossary-lsp
    BIN="${CARGO_TARGET_DIR:-$ROOT/target}/profiling/glossary-lsp"
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
echo "binary: $BIN ($("$BIN" --version))"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/glossary-bench.XXXXXX")"
if [ "$KEEP" = 0 ]; then
    trap 'rm -rf "$WORK"' EXIT
fi
TREE="$WORK/tree"
# No .glossary-lsp.toml is written, and --no-config below, so the built-in glossary is used.

echo "== terms and tree ($FILES files × ~$SIZE bytes) in $WORK"
"$BIN" terms --format json --no-config > "$WORK/terms.json"
python3 benches/gen_tree.py "$WORK/terms.json" "$TREE" --files "$FILES" --size "$SIZE" \
    --terms-txt "$WORK/terms.txt"
echo "terms.txt: $(wc -l < "$WORK/terms.txt") patterns (forms and plurals)"
TREE_BYTES=$(find "$TREE" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
echo "tree: $(find "$TREE" -type f | wc -l) files, $TREE_BYTES bytes"

RG_CMD="rg -i -w -c -f $WORK/terms.txt $TREE"
CHECK_CMD="$BIN check --no-config --format json $TREE > /dev/null"

# Sanity: both find something, check's exit code is 0 or 1 (2 would be a real error).
rg_hits=$(rg -i -w -c -f "$WORK/terms.txt" "$TREE" | awk -F: '{s += $NF} END {print s + 0}')
set +e
"$BIN" check --no-config --format json "$TREE" > "$WORK/check.json"
code=$?
set -e
if [ "$code" -ge 2 ]; then
    echo "glossary-lsp check failed with exit code $code" >&2
    exit 2
fi
findings=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
def count(x):
    if isinstance(x, list):
        return sum(count(i) for i in x) if x and isinstance(x[0], dict) and "findings" in x[0] else len(x)
    if isinstance(x, dict):
        for k in ("findings", "files", "results"):
            if k in x:
                return count(x[k])
    return 0
print(count(d))' "$WORK/check.json" 2>/dev/null || echo "?")
echo "rg: $rg_hits matching lines; check: $findings findings (exit code $code)"

echo "== timing (nproc=$(nproc))"
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs "$RUNS" -i \
        --export-json "$WORK/hyperfine.json" \
        -n rg "$RG_CMD" \
        -n check "$CHECK_CMD"
    read -r rg_mean check_mean < <(python3 -c 'import json,sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
print(r["rg"]["mean"], r["check"]["mean"])' "$WORK/hyperfine.json")
else
    echo "(hyperfine not found: timing with a loop; apt-get install -y hyperfine for better numbers)"
    time_it() {
        local total=0 t
        for _ in $(seq "$RUNS"); do
            t=$( { /usr/bin/time -f '%e' bash -c "$1" >/dev/null 2>/dev/null; } 2>&1 | tail -1 )
            total=$(python3 -c "print($total + $t)")
        done
        python3 -c "print($total / $RUNS)"
    }
    bash -c "$RG_CMD" >/dev/null; bash -c "$CHECK_CMD" || true   # warm the page cache
    rg_mean=$(time_it "$RG_CMD")
    check_mean=$(time_it "$CHECK_CMD || true")
fi

python3 - "$rg_mean" "$check_mean" "$TREE_BYTES" <<'EOF'
import sys
rg, check, size = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
ratio = check / rg
print(f"rg:    {rg * 1000:8.1f} ms  ({size / rg / 1e6:7.1f} MB/s)")
print(f"check: {check * 1000:8.1f} ms  ({size / check / 1e6:7.1f} MB/s)")
print(f"ratio check/rg = {ratio:.2f}  (target <= 2.00: {'met' if ratio <= 2 else 'MISSED'})")
EOF
if [ "$KEEP" = 1 ]; then
    echo "kept: $WORK"
fi
