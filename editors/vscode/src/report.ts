// "Glossary: Show Term Report": asks the server for the report of the active document
// (`glossary-lsp.termReport`, which renders it as Markdown) and shows it beside the document in
// a read-only Markdown editor titled "Term report: <file name>". Each finding's location is a
// link (Ctrl+click) that opens the document at that line and column.

import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';

const REPORT_SCHEME = 'glossary-lsp-report';

/** What the server's `glossary-lsp.termReport` returns (the parts used here). */
export interface TermReport {
  uri?: string;
  title?: string;
  markdown?: string;
}

/** `[Line 3, column 7](file:///…#L3,7)`: a finding's location in the report. */
const LOCATION = /\[(Line \d+, column \d+)\]\(([^)\s]+)#L(\d+),(\d+)\)/g;

/** The links of a report's text: each location's label, to the document at that position. */
export function reportLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
  const links: vscode.DocumentLink[] = [];
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    for (const m of text.matchAll(LOCATION)) {
      const start = (m.index ?? 0) + 1;
      const range = new vscode.Range(line, start, line, start + m[1].length);
      const target = vscode.Uri.parse(m[2]).with({ fragment: `L${m[3]},${m[4]}` });
      const link = new vscode.DocumentLink(range, target);
      link.tooltip = `Go to line ${m[3]}, column ${m[4]}`;
      links.push(link);
    }
  }
  return links;
}

/** Registers the command, the report documents' content and their links. */
export function registerTermReport(client: () => LanguageClient | undefined): vscode.Disposable {
  const reports = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const show = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme === REPORT_SCHEME) {
      void vscode.window.showWarningMessage('Glossary LSP: open a Markdown or plain-text document first.');
      return;
    }
    const c = client();
    if (!c) {
      return;
    }
    const doc = editor.document;
    const report = (await c.sendRequest(ExecuteCommandRequest.type, {
      command: 'glossary-lsp.termReport',
      arguments: [{ uri: c.code2ProtocolConverter.asUri(doc.uri) }],
    })) as TermReport | null;
    if (!report?.markdown) {
      void vscode.window.showWarningMessage('Glossary LSP: the server returned no report.');
      return;
    }
    // The tab shows the path's last segment: the title itself, with no extension added.
    const title = (report.title ?? 'Term report').replace(/[\\/]/g, '-');
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title}`, query: doc.uri.toString() });
    reports.set(uri.toString(), report.markdown);
    changed.fire(uri);
    let shown = await vscode.workspace.openTextDocument(uri);
    if (shown.languageId !== 'markdown') {
      shown = await vscode.languages.setTextDocumentLanguage(shown, 'markdown');
    }
    await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  };
  return vscode.Disposable.from(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => reports.get(uri.toString()) ?? '',
    }),
    vscode.languages.registerDocumentLinkProvider({ scheme: REPORT_SCHEME }, { provideDocumentLinks: reportLinks }),
    vscode.commands.registerCommand('glossary-lsp.showTermReport', show),
  );
}
