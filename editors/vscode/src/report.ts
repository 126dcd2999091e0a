// Renders the result of the server's `glossary-lsp.termReport` command as Markdown.

export interface TermReport {
  uri?: string;
  version?: number;
  terms: Array<{
    id: string;
    name: string;
    category?: string | null;
    count: number;
    forms: Record<string, number>;
  }>;
  findings: Array<{
    rule: string;
    severity: string;
    message: string;
    line: number;
    character: number;
    endLine: number;
    endCharacter: number;
    text: string;
    term: string;
    suggestions: string[];
  }>;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderTermReport(name: string, report: TermReport): string {
  const out: string[] = [`# Term report: ${name}`, ''];
  const terms = report.terms ?? [];
  const findings = report.findings ?? [];
  out.push(`${terms.length} glossary term(s) used, ${findings.length} finding(s).`, '');
  if (terms.length > 0) {
    out.push('## Terms', '', '| term | category | uses | as written |', '|---|---|---:|---|');
    for (const t of terms) {
      const forms = Object.entries(t.forms ?? {})
        .map(([form, n]) => `“${cell(form)}” ×${n}`)
        .join(', ');
      out.push(`| ${cell(t.name)} | ${cell(t.category ?? '')} | ${t.count} | ${forms} |`);
    }
    out.push('');
  }
  if (findings.length > 0) {
    out.push('## Findings', '', '| line:col | rule | severity | text | suggestion |', '|---|---|---|---|---|');
    for (const f of findings) {
      out.push(
        `| ${f.line + 1}:${f.character + 1} | \`${f.rule}\` | ${f.severity} | “${cell(f.text)}” | ${cell(
          (f.suggestions ?? []).join(', '),
        )} |`,
      );
    }
    out.push('', '### Messages', '');
    for (const f of findings) {
      out.push(`- **${f.line + 1}:${f.character + 1}** \`${f.rule}\`: ${f.message}`);
    }
    out.push('');
  }
  return out.join('\n');
}
