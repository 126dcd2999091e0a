// The glossary-lsp extension: starts the `glossary-lsp` language server over stdio for Markdown,
// MDX and plain-text documents (the setting's binary, else the copy bundled in the .vsix, else the
// one on PATH: see server.ts), sends it the `glossary-lsp.*` settings, keeps a status-bar item
// saying whether checks are on (status.ts), turns on completion while typing in Markdown and
// plain text, and adds the commands: restart, reload, term report, fix all safe findings; the
// uses of a team glossary's entries show as code lenses on its TOML file (uses.ts).

import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State as ClientState,
  TransportKind,
} from 'vscode-languageclient/node';
import { registerTermReport } from './report';
import { checkRuns, describeTried, findServer } from './server';
import { Status } from './status';
import { applyQuickSuggestions } from './suggestions';
import { registerGlossaryLenses, showUses, SHOW_USES } from './uses';

const SECTION = 'glossary-lsp';
/** Settings the server reads (client-only ones stay here). */
const SERVER_KEYS = ['builtin', 'glossaries', 'rules', 'languages', 'inlayHints'] as const;
/** The code action kind of "fix all safe findings" (the server's). */
const FIX_ALL_KIND = 'source.fixAll.glossary-lsp';
/** Server crashes tolerated (restarted) within CRASH_WINDOW before checks are turned off. */
const MAX_RESTARTS = 3;
const CRASH_WINDOW_MS = 3 * 60 * 1000;

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let status: Status | undefined;

/**
 * The settings the user actually set (user, workspace or folder), so that keys left at their
 * defaults don't override the project's `.glossary-lsp.toml`. Sent under "glossary-lsp"; an
 * empty object there tells the server that every setting was removed (defaults again).
 */
export function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const settings: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const inspected = config.inspect(key);
    if (!inspected) {
      continue;
    }
    const value = inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue;
    if (value !== undefined) {
      settings[key] = value;
    }
  }
  return { [SECTION]: settings };
}

const DEFAULT_LANGUAGES = ['markdown', 'mdx', 'plaintext'];

function languages(): string[] {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string[]>('languages', DEFAULT_LANGUAGES);
  return configured.length > 0 ? configured : DEFAULT_LANGUAGES;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('server.path', '');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const found = findServer(configured, folder, context.extensionPath);
  const tried = describeTried(found.tried);
  output?.appendLine(`Looked for the server: ${tried}`);
  if (!found.command) {
    const last = found.tried[found.tried.length - 1];
    const notExecutable = found.tried.find((t) => t.problem === 'not-executable');
    if (notExecutable && (last.source === 'setting' || last.problem === 'not-executable')) {
      status?.set({ kind: 'not-executable', path: notExecutable.path, tried });
    } else {
      status?.set({ kind: 'not-found', tried });
    }
    return;
  }
  const command = found.command;
  const source = found.source === 'bundled' ? 'bundled with the extension' : found.source === 'setting' ? 'from glossary-lsp.server.path' : 'on PATH';
  status?.set({ kind: 'starting', command });
  const broken = await checkRuns(command);
  if (broken) {
    output?.appendLine(`${command} --version failed: ${broken}`);
    status?.set({ kind: 'crashed', command, detail: broken });
    return;
  }
  // TransportKind.stdio makes the client pass `--stdio` itself.
  const run = { command, transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run, debug: run };
  const selector = languages().flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  const crashes: number[] = [];
  let running = false;
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    initializationOptions: serverSettings(),
    outputChannel: output,
    traceOutputChannel: output,
    // Said once, through the status (the client's own toast would only say "failed").
    initializationFailedHandler: (error) => {
      output?.appendLine(`The server failed to initialize: ${String(error)}`);
      return false;
    },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () => {
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && now - crashes[0] > CRASH_WINDOW_MS) {
          crashes.shift();
        }
        if (running && crashes.length <= MAX_RESTARTS) {
          output?.appendLine(`The server stopped unexpectedly; restarting it (${crashes.length}/${MAX_RESTARTS}).`);
          return { action: CloseAction.Restart, handled: true };
        }
        status?.set({
          kind: 'crashed',
          command,
          detail: running ? `${crashes.length} times in ${CRASH_WINDOW_MS / 60000} minutes` : 'it exited while starting',
        });
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
    middleware: {
      // Team-glossary edits: no file is created without the user's consent (a modal dialog
      // naming the files, after a dry run that changes nothing); applied through VS Code, the
      // new files are left open and unsaved, so save them, so that the files on disk (and
      // every other tool) see what the server said it did.
      executeCommand: async (cmd, args, next) => {
        if (TEAM_COMMANDS.includes(cmd) && !(await consentToCreate(cmd, args, next))) {
          return { applied: false, cancelled: true };
        }
        const returned: unknown = await next(cmd, args);
        // A glossary entry's uses (its code lens): shown in the references view.
        if (cmd === SHOW_USES && client) {
          await showUses(client, args, returned);
          return returned;
        }
        const result = returned as { viaClient?: boolean; files?: string[] } | undefined;
        if (result?.viaClient && Array.isArray(result.files)) {
          for (const file of result.files) {
            const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
            if (doc?.isDirty) {
              await doc.save();
            }
          }
        }
        return result;
      },
    },
  };
  const c = new LanguageClient(SECTION, 'Glossary LSP', serverOptions, clientOptions);
  // Tells the server that files its edits create are saved here (the middleware above), so
  // that "add exception" may create the team glossary through VS Code (undoable, visible).
  c.registerFeature({
    fillClientCapabilities: (caps) => {
      caps.experimental = { ...(caps.experimental ?? {}), glossaryLsp: { savesCreatedFiles: true } };
    },
    initialize: () => undefined,
    getState: () => ({ kind: 'static' }),
    clear: () => undefined,
  });
  client = c;
  c.onDidChangeState((e) => {
    if (e.newState === ClientState.Running && client === c) {
      running = true;
      status?.set({ kind: 'running', command, source, version: c.initializeResult?.serverInfo?.version });
    }
  });
  try {
    await c.start();
  } catch (e) {
    output?.appendLine(`Could not start ${command}: ${String(e)}`);
    if (status?.current.kind !== 'crashed') {
      status?.set({ kind: 'crashed', command, detail: String(e).replace(/\.$/, '') });
    }
    if (client === c) {
      client = undefined;
    }
  }
}

/** The server's commands that edit the team glossary (and may create it and the config). */
const TEAM_COMMANDS = ['glossary-lsp.addException', 'glossary-lsp.addTerm'];

/** What a team-glossary command would do (its dry run). */
interface Plan {
  dryRun?: boolean;
  created?: string[];
  message?: string;
}

/**
 * Asks the server what team-glossary command `cmd` would change (a dry run) and, if it would
 * create files, asks the user in a modal dialog that names them. True: go ahead (nothing is
 * created, or the user said yes). VS Code's own confirmation for edits that create files, the
 * refactor preview of a workspace edit marked `needsConfirmation`, starts with those changes
 * unticked, so its "Apply" created nothing: the consent is asked here instead.
 */
async function consentToCreate(
  cmd: string,
  args: unknown[],
  next: (command: string, args: unknown[]) => unknown,
): Promise<boolean> {
  const first = args[0];
  const key = cmd === 'glossary-lsp.addTerm' ? 'term' : 'phrase';
  const argument = typeof first === 'string' ? { [key]: first } : { ...(first as Record<string, unknown>) };
  const plan = (await next(cmd, [{ ...argument, dryRun: true }, ...args.slice(1)])) as Plan | undefined;
  if (!plan?.dryRun || !plan.created || plan.created.length === 0) {
    return true;
  }
  const what = typeof argument[key] === 'string' ? `“${argument[key] as string}”` : 'it';
  const question =
    cmd === 'glossary-lsp.addTerm'
      ? `Define ${what} in a new team glossary?`
      : `Add ${what} to the glossary exceptions in a new team glossary?`;
  const create = plan.created.length === 1 ? 'Create File' : 'Create Files';
  // The server's sentence names every file and says which are new.
  const detail = plan.message ?? `This creates ${plan.created.map((f) => path.basename(f)).join(' and ')}.`;
  const answer = await vscode.window.showWarningMessage(question, { modal: true, detail }, create);
  if (answer !== create) {
    output?.appendLine(`Not created (cancelled): ${plan.created.join(', ')}`);
    return false;
  }
  return true;
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      if (c.state !== ClientState.Stopped) {
        await c.stop(5000);
      }
    } catch (e) {
      output?.appendLine(`Stopping the server: ${String(e)}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stopClient();
  await startClient(context);
}

function requireClient(): LanguageClient | undefined {
  if (!client || !client.isRunning()) {
    void status?.explain();
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
  })) as { ok?: boolean; errors?: string[] } | null;
  if (result && result.ok === false) {
    const errors = result.errors ?? [];
    const first = errors[0] ? ` ${errors[0]}` : '';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    void vscode.window.showErrorMessage(
      `Glossary LSP: the glossary has errors; the last good glossary stays in use.${first}${more}`,
    );
  } else {
    void vscode.window.showInformationMessage('Glossary LSP: glossary reloaded.');
  }
}

/** Applies the server's "fix all safe findings" action to the active document. */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !requireClient()) {
    return;
  }
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    editor.document.uri,
    new vscode.Range(0, 0, editor.document.lineCount, 0),
    FIX_ALL_KIND,
  );
  const fix = actions?.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
  if (!fix?.edit) {
    void vscode.window.showInformationMessage('Glossary LSP: no safe fixes in this document.');
    return;
  }
  await vscode.workspace.applyEdit(fix.edit);
}

/** Opens the `glossary-lsp.server.path` setting where it can be set (the Remote tab in a
 *  remote window such as code-server, where a machine setting is not shown under User). */
async function openServerSetting(): Promise<void> {
  const query = `${SECTION}.server.path`;
  if (vscode.env.remoteName) {
    try {
      await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query });
      return;
    } catch (e) {
      output?.appendLine(`Opening the remote settings: ${String(e)}`);
    }
  }
  await vscode.commands.executeCommand('workbench.action.openSettings', query);
}

/** Shows the extension's README, whose first section says how to get the server. */
async function showInstallInstructions(context: vscode.ExtensionContext): Promise<void> {
  const readme = vscode.Uri.file(path.join(context.extensionPath, 'README.md'));
  try {
    await vscode.commands.executeCommand('markdown.showPreview', readme);
  } catch {
    await vscode.window.showTextDocument(readme);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Glossary LSP');
  status = new Status({
    openSetting: openServerSetting,
    install: () => showInstallInstructions(context),
    output: () => output?.show(true),
    restart: () => restart(context),
  });
  status.setLanguages(languages());
  context.subscriptions.push(
    output,
    status,
    registerTermReport(() => requireClient()),
    registerGlossaryLenses(() => client),
    vscode.commands.registerCommand('glossary-lsp.showStatus', () => status?.explain()),
    vscode.commands.registerCommand('glossary-lsp.restartServer', () => restart(context)),
    vscode.commands.registerCommand('glossary-lsp.reloadGlossary', reloadGlossary),
    vscode.commands.registerCommand('glossary-lsp.fixAll', fixAll),
    vscode.window.onDidChangeActiveTextEditor(() => status?.refresh()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration(`${SECTION}.completion.quickSuggestions`)) {
        await applyQuickSuggestions(context, output);
      }
      if (!e.affectsConfiguration(SECTION)) {
        return;
      }
      if (e.affectsConfiguration(`${SECTION}.server.path`) || e.affectsConfiguration(`${SECTION}.languages`)) {
        status?.setLanguages(languages());
        await restart(context);
        return;
      }
      // The running server takes settings changes at once (workspace/didChangeConfiguration).
      if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings() });
      }
    }),
  );
  await applyQuickSuggestions(context, output);
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
