// The glossary-lsp extension: starts the `glossary-lsp` language server over stdio for Markdown
// and plain-text documents, sends it the `glossary-lsp.*` settings, and adds three commands.

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { renderTermReport, TermReport } from './report';

const SECTION = 'glossary-lsp';
/** Settings the server reads (client-only ones, `server.path` and `trace.server`, stay here). */
const SERVER_KEYS = ['builtin', 'glossaries', 'rules', 'languages', 'inlayHints'] as const;
const INSTALL_HINT =
  'Build and install it from the glossary-lsp repository with `cargo install --path .` ' +
  '(or `cargo build --release` and set "glossary-lsp.server.path" to target/release/glossary-lsp).';
const REPORT_SCHEME = 'glossary-lsp-report';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
const reports = new Map<string, string>();
const reportChanged = new vscode.EventEmitter<vscode.Uri>();

/**
 * The settings the user actually set (user, workspace or folder), so that keys left at their
 * defaults don't override the project's `.glossary-lsp.toml`. The server reads them at the top
 * level or under "glossary-lsp"; we send them under "glossary-lsp".
 */
export function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const settings: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const inspected = config.inspect(key);
    if (!inspected) {
      continue;
    }
    const value =
      inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue;
    if (value !== undefined) {
      settings[key] = value;
    }
  }
  return { [SECTION]: settings };
}

/** The server executable: the setting (with `~` and `${workspaceFolder}` expanded), else PATH. */
function findServer(): { command?: string; tried: string[] } {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('server.path', '').trim();
  const tried: string[] = [];
  if (configured) {
    let p = configured.replace(/^~(?=$|[\\/])/, process.env.HOME ?? process.env.USERPROFILE ?? '~');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (folder) {
      p = p.replace(/\$\{workspaceFolder\}/g, folder);
      if (!path.isAbsolute(p)) {
        p = path.join(folder, p);
      }
    }
    tried.push(p);
    return isExecutable(p) ? { command: p, tried } : { tried };
  }
  const exe = process.platform === 'win32' ? ['glossary-lsp.exe', 'glossary-lsp'] : ['glossary-lsp'];
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d.length > 0);
  const cargoBin = path.join(process.env.CARGO_HOME ?? path.join(process.env.HOME ?? '', '.cargo'), 'bin');
  for (const dir of [...dirs, cargoBin]) {
    for (const name of exe) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) {
        return { command: candidate, tried };
      }
    }
  }
  tried.push('glossary-lsp on PATH');
  return { tried };
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function languages(): string[] {
  const configured = vscode.workspace
    .getConfiguration(SECTION)
    .get<string[]>('languages', ['markdown', 'plaintext']);
  return configured.length > 0 ? configured : ['markdown', 'plaintext'];
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const found = findServer();
  if (!found.command) {
    const where = found.tried.join(', ');
    const message = `Glossary LSP: the glossary-lsp server was not found (looked for ${where}). ${INSTALL_HINT}`;
    output?.appendLine(message);
    const choice = await vscode.window.showErrorMessage(message, 'Open Settings');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'glossary-lsp.server.path');
    }
    return;
  }
  // TransportKind.stdio makes the client pass `--stdio` itself.
  const run = { command: found.command, transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run, debug: run };
  const selector = languages().flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    initializationOptions: serverSettings(),
    outputChannel: output,
    traceOutputChannel: output,
    // The server registers its own watchers for glossary and config files (dynamic
    // registration), and takes settings changes from the notification sent below.
  };
  client = new LanguageClient(SECTION, 'Glossary LSP', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    const message = `Glossary LSP: could not start ${found.command}: ${String(e)}. ${INSTALL_HINT}`;
    output?.appendLine(message);
    void vscode.window.showErrorMessage(message);
    client = undefined;
  }
  void context;
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      output?.appendLine(`Glossary LSP: stopping the server: ${String(e)}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stopClient();
  await startClient(context);
}

function requireClient(): LanguageClient | undefined {
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage(
      'Glossary LSP: the server is not running (open a Markdown or plain-text file, or run "Glossary: Restart Server").',
    );
    return undefined;
  }
  return client;
}

async function reloadGlossary(): Promise<void> {
  const c = requireClient();
  if (!c) {
    return;
  }
  const result = (await c.sendRequest(ExecuteCommandRequest.type, {
    command: 'glossary-lsp.reload',
    arguments: [],
  })) as { ok?: boolean; errors?: unknown[] } | null;
  if (result && result.ok === false) {
    const n = result.errors?.length ?? 0;
    void vscode.window.showErrorMessage(
      `Glossary LSP: the glossary has ${n} error(s); the last good glossary stays in use. See the Problems panel.`,
    );
  } else {
    void vscode.window.showInformationMessage('Glossary LSP: glossary reloaded.');
  }
}

async function showTermReport(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('Glossary LSP: open a Markdown or plain-text document first.');
    return;
  }
  const c = requireClient();
  if (!c) {
    return;
  }
  const doc = editor.document;
  const report = (await c.sendRequest(ExecuteCommandRequest.type, {
    command: 'glossary-lsp.termReport',
    arguments: [{ uri: c.code2ProtocolConverter.asUri(doc.uri) }],
  })) as TermReport | null;
  if (!report) {
    void vscode.window.showWarningMessage('Glossary LSP: the server returned no report.');
    return;
  }
  const name = path.basename(doc.uri.path) || 'document';
  const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/Term report — ${name}.md`, query: doc.uri.toString() });
  reports.set(uri.toString(), renderTermReport(name, report));
  reportChanged.fire(uri);
  const shown = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Glossary LSP');
  context.subscriptions.push(
    output,
    reportChanged,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
      onDidChange: reportChanged.event,
      provideTextDocumentContent: (uri) => reports.get(uri.toString()) ?? '',
    }),
    vscode.commands.registerCommand('glossary-lsp.restartServer', () => restart(context)),
    vscode.commands.registerCommand('glossary-lsp.reloadGlossary', reloadGlossary),
    vscode.commands.registerCommand('glossary-lsp.showTermReport', showTermReport),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) {
        return;
      }
      if (
        e.affectsConfiguration(`${SECTION}.server.path`) ||
        e.affectsConfiguration(`${SECTION}.languages`)
      ) {
        await restart(context);
        return;
      }
      // The running server takes settings changes at once (workspace/didChangeConfiguration).
      if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: serverSettings(),
        });
      }
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
