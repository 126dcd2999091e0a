#!/usr/bin/env python3
"""Precision of glossary-lsp on real documents, against the judged census.

`census.jsonl` (beside this script) holds every finding that `glossary-lsp check` has produced
on ../shared/corpus (real public docs nobody on the team wrote), each judged by hand: verdict
right / wrong / debatable, and whether its first suggestion gives correct text in place (fix
ok / bad / none). This script re-runs `check` and reports, per rule:

- precision: right / (right + wrong) over today's findings that are judged;
- safe fixes: how many of today's fixes marked safe were judged bad (must be zero);
- judged-right findings lost, and judged-wrong findings still produced;
- new findings nobody has judged yet (written to --unjudged FILE for judging), and judged
  findings that now suggest another expansion than the one judged (a record's `suggestion`,
  kept for ambiguous acronyms, where the suggestion names the meaning: compared ignoring case),
  which count as unjudged until judged again.

With --fixes, it instead applies every safe fix to a copy of the corpus (`check --fix`),
runs `--fix` a second time (it must change nothing: fixes are idempotent), and compares the
changed lines with the judged ones in `fixes-judged.jsonl` (verdict ok / bad / debatable),
writing unjudged edits to --unjudged FILE.

Usage: python3 tests/corpus/census.py [--bin target/release/glossary-lsp]
         [--corpus ../shared/corpus] [--unjudged FILE] [--json] [--fixes]
Exit status 0; the Rust test `tests/corpus.rs` is the one that fails on regressions.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def key(f):
    return (f["path"], f["line"], f["column"], f["rule"], f["text"])


def resuggested(record, finding):
    """Whether a judged finding now suggests another expansion than the one judged."""
    judged = record.get("suggestion")
    now = (finding.get("suggestions") or [None])[0]
    return judged is not None and (now or "").lower() != judged.lower()


def load_census(path):
    census = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                census[key(r)] = r
    return census


def run_check(binary, corpus):
    out = subprocess.run(
        [binary, "check", "--format", "json", "--fail-on", "error", "."],
        cwd=corpus, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"check failed ({out.returncode}): {out.stderr}")
    return json.loads(out.stdout)


def changed_lines(a, b):
    """(path, before, after) for every line `diff -r -U0 a b` shows changed, in order."""
    out = subprocess.run(["diff", "-r", "-U0", a, b], capture_output=True, text=True).stdout
    edits, path, removed = [], None, []
    for line in out.split("\n"):
        if line.startswith("+++ "):
            path = os.path.relpath(line[4:].split("\t")[0], b)
        elif line.startswith("@@"):
            removed = []
        elif line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            edits.append((path, removed.pop(0) if removed else "", line[1:]))
    return edits


def fixes(args):
    import shutil
    import tempfile
    judged = {}
    with open(os.path.join(HERE, "fixes-judged.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                judged[(r["path"], r["before"], r["after"])] = r
    with tempfile.TemporaryDirectory() as tmp:
        once, twice = os.path.join(tmp, "once"), os.path.join(tmp, "twice")
        shutil.copytree(args.corpus, once)
        for root, dirs, files in os.walk(once):
            for name in dirs + files:
                os.chmod(os.path.join(root, name), 0o755 if name in dirs else 0o644)
        run = lambda d: subprocess.run([args.bin, "check", "--fix", "--fail-on", "error", "."],
                                       cwd=d, capture_output=True, text=True)
        run(once)
        shutil.copytree(once, twice)
        run(twice)
        edits = changed_lines(args.corpus, once)
        again = changed_lines(once, twice)
    c = collections.Counter()
    unjudged = []
    for e in edits:
        r = judged.get(e)
        c["edits"] += 1
        if r is None:
            c["unjudged"] += 1
            unjudged.append({"path": e[0], "before": e[1], "after": e[2]})
        else:
            c[r["verdict"]] += 1
    c["changed by a second --fix"] = len(again)
    if args.unjudged:
        with open(args.unjudged, "w", encoding="utf-8") as fh:
            for u in unjudged:
                fh.write(json.dumps(u, ensure_ascii=False) + "\n")
    print(json.dumps(dict(c), indent=1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "glossary-lsp"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--census", default=os.path.join(HERE, "census.jsonl"))
    ap.add_argument("--unjudged", help="write today's unjudged findings here (JSON lines)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--fixes", action="store_true",
                    help="apply the safe fixes to a copy of the corpus and judge the edits")
    args = ap.parse_args()
    if args.fixes:
        fixes(args)
        return

    census = load_census(args.census)
    findings = run_check(args.bin, args.corpus)
    now = {key(f): f for f in findings}

    rules = sorted({k[3] for k in now} | {k[3] for k in census})
    report = {}
    for rule in rules:
        c = collections.Counter()
        for k, f in now.items():
            if k[3] != rule:
                continue
            r = census.get(k)
            c["findings"] += 1
            if r is None or resuggested(r, f):
                c["unjudged"] += 1
                continue
            c[r["verdict"]] += 1
            if f.get("fix_is_safe") and f.get("suggestions"):
                c["safe fixes"] += 1
                if r["fix"] == "bad":
                    c["safe fixes judged bad"] += 1
        # A right finding whose position moved (the first use is now found earlier, in the
        # front matter's description, say) is kept: the same problem is still reported.
        reported = {(k[0], k[3], f.get("term")) for k, f in now.items()}
        for k, r in census.items():
            if k[3] == rule and k not in now and r["verdict"] == "right":
                if (k[0], k[3], r.get("term")) in reported:
                    c["right moved"] += 1
                else:
                    c["right lost"] += 1
            if k[3] == rule and r["verdict"] == "right":
                c["right judged"] += 1
        judged = c["right"] + c["wrong"]
        c_out = dict(c)
        c_out["precision"] = round(c["right"] / judged, 3) if judged else None
        c_out["right kept"] = (round((c["right"] + c["right moved"]) / c["right judged"], 3)
                               if c["right judged"] else None)
        report[rule] = c_out

    if args.unjudged:
        with open(args.unjudged, "w", encoding="utf-8") as fh:
            for k, f in sorted(now.items()):
                if k not in census or resuggested(census[k], f):
                    fh.write(json.dumps(f, ensure_ascii=False) + "\n")

    if args.json:
        print(json.dumps(report, indent=1))
        return
    cols = ["findings", "right", "wrong", "debatable", "unjudged", "precision", "right kept",
            "right moved", "right lost", "safe fixes", "safe fixes judged bad"]
    print("| rule | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for rule, c in report.items():
        print(f"| {rule} | " + " | ".join(str(c.get(col, 0) if c.get(col) is not None else "–")
                                          for col in cols) + " |")


if __name__ == "__main__":
    main()
