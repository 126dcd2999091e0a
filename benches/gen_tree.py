#!/usr/bin/env python3
"""Generates a tree of Markdown files of partner-program prose, for benches/check_vs_rg.sh.

    gen_tree.py TERMS_JSON OUT_DIR [--files 500] [--size 100000] [--seed 1] [--terms-txt FILE]

TERMS_JSON is the output of `glossary-lsp terms --format json`. The prose mirrors the
generator of benches/support/corpus.rs (same vocabulary, same mix of blocks, about one term per
two or three sentences; front matter, headings, lists, tables, block quotes, emphasis, links,
inline code, fenced code), written with Python's seeded `random` so the tree is the same on
every run. Files go into nested folders: OUT_DIR/sec-XX/topic-Y/page-NNN.md.

With --terms-txt, also writes every form and plural of the glossary, one per line, escaped for
ripgrep's regex syntax (for `rg -i -w -c -f terms.txt`).
"""

import argparse
import json
import os
import random
import re

SUBJECTS = ["our team", "the vendor", "each partner", "the channel team", "the account manager",
            "the customer", "every region", "the alliance lead", "the sales team",
            "the program office", "marketing", "finance", "the partner manager", "the field team",
            "operations", "the enablement group", "the product team", "the support desk",
            "leadership", "the buyer"]
VERBS = ["reviews", "approves", "tracks", "reports", "shares", "updates", "publishes",
         "negotiates", "measures", "plans", "supports", "manages", "forecasts", "renews", "audits",
         "prioritises", "documents", "schedules", "confirms", "coordinates", "owns", "expands",
         "simplifies", "announces", "prices", "bundles", "qualifies", "registers", "onboards",
         "certifies"]
ADJECTIVES = ["quarterly", "annual", "new", "existing", "regional", "global", "strategic", "joint",
              "standard", "updated", "shared", "preferred", "detailed", "monthly", "local",
              "digital", "early", "final", "key", "current", "approved", "simple", "competitive",
              "recurring"]
NOUNS = ["pipeline", "forecast", "pricing", "discount", "margin", "revenue", "target", "budget",
         "contract", "agreement", "renewal", "roadmap", "launch", "campaign", "portal",
         "dashboard", "report", "review", "process", "policy", "tier", "incentive", "rebate",
         "quota", "deal", "opportunity", "territory", "account", "invoice", "catalog", "license",
         "subscription", "training", "certification", "onboarding", "support", "integration",
         "deployment", "migration", "playbook", "webinar", "newsletter", "survey", "scorecard",
         "benefit", "requirement", "milestone", "timeline", "template", "checklist"]
PREPOSITIONS = ["for", "with", "in", "across", "during", "after", "before", "through", "under",
                "per"]
DETERMINERS = ["the", "a", "each", "every", "our", "this", "that", "their"]
CONNECTIVES = [", and", ", but", ", while", "; meanwhile", ", so", ", because", ", although",
               " and then"]
OPENERS = ["In practice,", "This quarter,", "As a rule,", "For example,", "In most regions,",
           "Going forward,", "Where possible,", "In the last review,", "By default,", "Today,"]
TITLE_WORDS = ["Overview", "Program Tiers", "Pricing and Discounts", "Deal Registration",
               "Onboarding", "Enablement", "Marketing Funds", "Support", "Roles", "Incentives",
               "Compliance", "FAQ", "Getting Started", "Reporting", "Renewals", "Co-Selling",
               "Certification", "Contacts"]
CODE_WORDS = ["partner_id", "tier", "deal_id", "--dry-run", "config.yaml", "api/v2/deals",
              "rebate_pct", "GET /partners", "region=EMEA", "npm run build", "null", "true"]
URL_PATHS = ["program/tiers", "docs/deal-registration", "pricing", "portal/login",
             "training/catalog", "legal/agreement", "support/faq", "news/2024/launch"]


def title_case(s):
    out, start = [], True
    for c in s:
        out.append(c.upper() if start and c.isalpha() else c)
        start = c in " -"
    return "".join(out)


def capitalise(s):
    return s[:1].upper() + s[1:]


class Gen:
    def __init__(self, entries, seed):
        # entries: list of lists of forms {text, plural, acronym}; preferred first.
        self.entries = entries
        self.r = random.Random(seed)

    def chance(self, p):
        return self.r.random() < p

    def term(self, running=True):
        r = self.r
        entry = r.choice(self.entries)
        pref = entry[0]
        form = pref if len(entry) == 1 or self.chance(0.6) else entry[r.randint(1, len(entry) - 1)]
        if form["status"] == "deprecated" and not self.chance(0.25):
            form = pref  # deprecated forms: about 3% of all terms
        plural = bool(form.get("plural")) and self.chance(0.3)
        text = form["plural"] if plural else form["text"]
        if form["acronym"] and not pref["acronym"] and self.chance(0.3):
            full = (pref.get("plural") or pref["text"]) if plural else pref["text"]
            text = f"{full} ({text})"
        elif not form["acronym"] and self.chance(0.02):
            text = title_case(text)
        if self.chance(0.05) and not text.endswith(")"):
            if plural and text.endswith("s"):
                text += "'"
            else:
                text += "'s" if self.chance(0.8) else "\u2019s"
        if running and self.chance(0.04) and " " in text:
            text = text.replace(" ", "\n" + ("   " if self.chance(0.3) else ""), 1)
        return text

    def noun_phrase(self, term, running=True):
        r = self.r
        if term:
            t = self.term(running)
            return f"{r.choice(DETERMINERS)} {t}" if self.chance(0.5) else t
        det = r.choice(DETERMINERS)
        if self.chance(0.5):
            return f"{det} {r.choice(ADJECTIVES)} {r.choice(NOUNS)}"
        return f"{det} {r.choice(NOUNS)}"

    def markup(self, phrase):
        n = self.r.randrange(100)
        if n <= 5:
            return f"*{phrase}*"
        if n <= 8:
            return f"**{phrase}**"
        if n <= 13:
            return f"[{phrase}](https://partners.example.com/{self.r.choice(URL_PATHS)})"
        return phrase

    def sentence(self):
        r = self.r
        clauses = 2 if self.chance(0.35) else 1
        term_clause = r.randrange(clauses) if self.chance(0.4) else None
        s = ""
        if self.chance(0.15):
            s += r.choice(OPENERS) + " "
        for c in range(clauses):
            if c > 0:
                s += r.choice(CONNECTIVES) + " "
            has_term = term_clause == c
            as_subject = has_term and self.chance(0.5)
            subject = self.noun_phrase(True) if as_subject else r.choice(SUBJECTS)
            obj = self.markup(self.noun_phrase(has_term and not as_subject))
            s += f"{subject} {r.choice(VERBS)} {obj}"
            if self.chance(0.6):
                np = self.noun_phrase(False)
                if self.chance(0.05):
                    np = f"`{r.choice(CODE_WORDS)}`"
                s += f" {r.choice(PREPOSITIONS)} {np}"
        if self.chance(0.03):
            if self.chance(0.6):
                s += f" (see https://partners.example.com/{r.choice(URL_PATHS)})"
            else:
                s += " (questions to partners@example.com)"
        s += "?" if self.chance(0.05) else "."
        return capitalise(s)

    @staticmethod
    def wrap(text, width, first="", indent=""):
        out = [first]
        col = len(first)
        for i, word in enumerate(text.split(" ")):
            if i > 0:
                if col + 1 + len(word) > width:
                    out.append("\n" + indent)
                    col = len(indent)
                else:
                    out.append(" ")
                    col += 1
            out.append(word)
            nl = word.rfind("\n")
            col = len(word) - nl - 1 if nl >= 0 else col + len(word)
        return "".join(out)

    def paragraph(self):
        n = self.r.randint(2, 6)
        return self.wrap(" ".join(self.sentence() for _ in range(n)), self.r.randint(72, 100))

    def heading(self):
        level = self.r.randint(2, 4)
        if self.chance(0.35):
            title = f"{self.r.choice(TITLE_WORDS)} for {title_case(self.term(False))}"
        else:
            title = self.r.choice(TITLE_WORDS)
        return "#" * level + " " + title

    def list(self):
        ordered = self.chance(0.3)
        out = []
        for i in range(self.r.randint(3, 7)):
            marker = f"{i + 1}. " if ordered else "- "
            out.append(self.wrap(self.sentence(), 88, marker, " " * len(marker)))
            if not ordered and self.chance(0.15):
                out.append(self.wrap(self.sentence(), 88, "  - ", "    "))
        return "\n".join(out)

    def table(self):
        r = self.r
        rows = ["| Term | What it means | Owner |", "|---|---|---|"]
        for _ in range(r.randint(3, 6)):
            meaning = f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)} {r.choice(NOUNS)}"
            rows.append(f"| {capitalise(self.term(False))} | {meaning} | "
                        f"{capitalise(r.choice(SUBJECTS))} |")
        return "\n".join(rows)

    def fenced(self):
        r = self.r
        t = self.term(False)
        k = r.randrange(3)
        if k == 0:
            return (f'```yaml\npartner:\n  type: "{t}"\n  tier: gold\n  region: EMEA\n'
                    f"  rebate_pct: {r.randint(1, 30)}\n```")
        if k == 1:
            return (f'```json\n{{\n  "partner": "{t}",\n  "deals": {r.randint(1, 500)},\n'
                    f'  "active": true\n}}\n```')
        return (f"```sh\n# register a deal for a {t}\ncurl -X POST "
                f"https://api.example.com/v2/deals \\\n  -d partner_id={r.randint(1000, 9999)}\n```")

    def document(self, target):
        r = self.r
        blocks = [f'---\ntitle: "{r.choice(TITLE_WORDS)}"\n'
                  f"description: Partner program handbook, section {r.randint(1, 40)}\n"
                  f"tags: [partners, channel, program]\n"
                  f"last_updated: 2024-{r.randint(1, 12):02}-{r.randint(1, 28):02}\n---",
                  f"# {r.choice(TITLE_WORDS)}"]
        size = 0
        while size < target:
            n = r.randrange(100)
            if n <= 11:
                b = self.heading()
            elif n <= 21:
                b = self.list()
            elif n <= 25:
                b = self.table()
            elif n <= 29:
                b = self.fenced()
            elif n <= 32:
                b = "\n".join("> " + line for line in self.paragraph().split("\n"))
            elif n == 33:
                b = "<!-- glossary-lsp-disable-next-line -->"
            else:
                b = self.paragraph()
            size += len(b.encode()) + 2
            blocks.append(b)
        return "\n\n".join(blocks) + "\n"


RG_META = set("\\.+*?()|[]{}^$#&~")


def rg_escape(s):
    return "".join("\\" + c if c in RG_META else c for c in s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("terms_json")
    ap.add_argument("out_dir")
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--size", type=int, default=100_000, help="bytes per file (at least)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--terms-txt")
    a = ap.parse_args()

    with open(a.terms_json, encoding="utf-8") as f:
        glossary = json.load(f)
    entries = [[{"text": fm["text"], "plural": fm.get("plural"), "acronym": fm["acronym"],
                 "status": fm["status"]}
                for fm in e["forms"]] for e in glossary]
    if not entries:
        raise SystemExit("no terms in " + a.terms_json)

    if a.terms_txt:
        written = []
        for e in entries:
            for fm in e:
                for w in (fm["text"], fm["plural"]):
                    if w and w not in written:
                        written.append(w)
        with open(a.terms_txt, "w", encoding="utf-8") as f:
            f.write("".join(rg_escape(w) + "\n" for w in written))

    gen = Gen(entries, a.seed)
    total = 0
    for i in range(a.files):
        d = os.path.join(a.out_dir, f"sec-{i % 10:02}", f"topic-{(i // 10) % 5}")
        os.makedirs(d, exist_ok=True)
        doc = gen.document(a.size)
        data = doc.encode()
        with open(os.path.join(d, f"page-{i:03}.md"), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"{a.files} files, {total} bytes ({total / 1e6:.1f} MB) in {a.out_dir}")


if __name__ == "__main__":
    main()
