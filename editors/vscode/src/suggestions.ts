// Completion while typing in Markdown and plain text. VS Code turns quick suggestions off for
// Markdown (and plain text gets none from most setups), so glossary completions appear only on
// Ctrl+Space, which writers rarely know. With `glossary-lsp.completion.quickSuggestions` (default
// on) the extension sets `editor.quickSuggestions` for those two languages in the user settings
// -- only where the user has not set it for that language -- and remembers that it did, so that
// turning the setting off removes exactly what it added and nothing the user chose.

import * as vscode from 'vscode';

const LANGUAGES = ['markdown', 'plaintext'];
/** Suggestions while typing prose; none inside code spans or strings. */
const WHILE_TYPING = { other: 'on', comments: 'off', strings: 'off' };

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Applies the setting: adds or removes the language-specific `editor.quickSuggestions`. */
export async function applyQuickSuggestions(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel | undefined,
): Promise<void> {
  const on = vscode.workspace.getConfiguration('glossary-lsp').get<boolean>('completion.quickSuggestions', true);
  for (const languageId of LANGUAGES) {
    const key = `quickSuggestionsSet.${languageId}`;
    const editor = vscode.workspace.getConfiguration('editor', { languageId });
    const inspected = editor.inspect('quickSuggestions');
    const ours = context.globalState.get<boolean>(key, false);
    try {
      if (on) {
        const userChose =
          inspected?.globalLanguageValue !== undefined ||
          inspected?.workspaceLanguageValue !== undefined ||
          inspected?.workspaceFolderLanguageValue !== undefined;
        if (!userChose) {
          await editor.update('quickSuggestions', WHILE_TYPING, vscode.ConfigurationTarget.Global, true);
          await context.globalState.update(key, true);
          output?.appendLine(`Turned on completion while typing for ${languageId} ("[${languageId}]": editor.quickSuggestions).`);
        }
      } else if (ours) {
        if (same(inspected?.globalLanguageValue, WHILE_TYPING)) {
          await editor.update('quickSuggestions', undefined, vscode.ConfigurationTarget.Global, true);
          output?.appendLine(`Removed the completion-while-typing setting for ${languageId}.`);
        }
        await context.globalState.update(key, false);
      }
    } catch (e) {
      output?.appendLine(`Could not change editor.quickSuggestions for ${languageId}: ${String(e)}`);
    }
  }
}
