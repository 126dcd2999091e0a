// A glossary entry's uses: the server's code lens on team-glossary TOML files ("12 uses in 5
// files") and what its command shows.
//
// TOML files are not among the documents the language client sends the server (they are not
// prose), so the lenses are asked for by a provider of the extension's own, which forwards
// `textDocument/codeLens` for the file (the server reads glossary files from disk). The server
// counts in the background and answers "counting uses…" until it has counts; the provider then
// asks again a moment later. The lens's command, `glossary-lsp.showUses`, is a server command
// (the client registers it); its result, the uses as LSP locations, is shown in VS Code's
// references view (`showUses`, called from the client's executeCommand middleware).

import * as vscode from 'vscode';
import { CodeLensRequest, LanguageClient, Location as LspLocation } from 'vscode-languageclient/node';

/** The server command of a glossary entry's code lens. */
export const SHOW_USES = 'glossary-lsp.showUses';

/** How long to wait before asking again while the server is still counting. */
const RECOUNT_MS = 1000;

/** Shows the uses a `glossary-lsp.showUses` command returned, at the lens that ran it. */
export async function showUses(client: LanguageClient, args: unknown[], result: unknown): Promise<void> {
  if (!Array.isArray(result)) {
    return;
  }
  const at = (args[0] ?? {}) as { uri?: string; position?: { line: number; character: number } };
  if (!at.uri || !at.position) {
    return;
  }
  const locations = await client.protocol2CodeConverter.asReferences(result as LspLocation[]);
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    vscode.Uri.parse(at.uri),
    new vscode.Position(at.position.line, at.position.character),
    locations,
  );
}

/** The code lens provider for TOML files; `client()` is the running client, if any. */
export function registerGlossaryLenses(client: () => LanguageClient | undefined): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  let again: ReturnType<typeof setTimeout> | undefined;
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(document, token) {
      const c = client();
      if (!c || !c.isRunning() || document.uri.scheme !== 'file') {
        return [];
      }
      const lenses = await c.sendRequest(
        CodeLensRequest.type,
        { textDocument: { uri: c.code2ProtocolConverter.asUri(document.uri) } },
        token,
      );
      const counting = (lenses ?? []).some((l) => !l.command?.command);
      if (counting && again === undefined) {
        again = setTimeout(() => {
          again = undefined;
          changed.fire();
        }, RECOUNT_MS);
      }
      return (await c.protocol2CodeConverter.asCodeLenses(lenses, token)) ?? [];
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider({ scheme: 'file', language: 'toml' }, provider),
    { dispose: () => again !== undefined && clearTimeout(again) },
  );
}
