// The status-bar item that always says whether glossary checks are on, and why not: the state
// of the server (starting, running, not found, not executable, crashed) and, while it runs,
// whether the active file's language is checked. A failure is also said once in a notification
// whose buttons lead to the fix (the setting, the install instructions, the output, a restart);
// clicking the item shows that notification again.

import * as vscode from 'vscode';

/** Why checks are off, or that they are on. */
export type State =
  | { kind: 'starting'; command: string }
  | { kind: 'running'; command: string; source: string; version?: string }
  | { kind: 'not-found'; tried: string }
  | { kind: 'not-executable'; path: string; tried: string }
  | { kind: 'crashed'; command: string; detail: string }
  | { kind: 'stopped' };

/** The actions a failure offers. */
export const ACTIONS = {
  openSetting: 'Open Setting',
  install: 'Install Instructions',
  output: 'Show Output',
  restart: 'Restart Server',
} as const;

export class Status implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: State = { kind: 'stopped' };
  private languages: string[] = [];

  constructor(private readonly handlers: Record<keyof typeof ACTIONS, () => Thenable<unknown> | void>) {
    this.item = vscode.window.createStatusBarItem('glossary-lsp.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Glossary LSP';
    this.item.command = 'glossary-lsp.showStatus';
    this.render();
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }

  /** The language ids that are checked (to tell "not checked here" while running). */
  setLanguages(languages: string[]): void {
    this.languages = languages;
    this.render();
  }

  get current(): State {
    return this.state;
  }

  /** Sets the state; a new failure is also said in a notification. */
  set(state: State): void {
    this.state = state;
    this.render();
    if (isFailure(state)) {
      void this.explain();
    }
  }

  /** Re-renders for the active editor (its language may not be checked). */
  refresh(): void {
    this.render();
  }

  /** The notification for the current state, with its actions. */
  async explain(): Promise<void> {
    const s = this.state;
    const message = `Glossary LSP: ${headline(s)}`;
    const actions = actionsFor(s);
    const show = isFailure(s) ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    const choice = await show(message, ...actions.map((a) => ACTIONS[a]));
    const picked = actions.find((a) => ACTIONS[a] === choice);
    if (picked) {
      await this.handlers[picked]();
    }
  }

  private render(): void {
    const s = this.state;
    const item = this.item;
    item.backgroundColor = undefined;
    switch (s.kind) {
      case 'starting':
        item.text = '$(sync~spin) Glossary';
        break;
      case 'running': {
        const language = vscode.window.activeTextEditor?.document.languageId;
        const checked = !language || this.languages.includes(language) || language === 'text';
        item.text = checked ? '$(check) Glossary' : '$(circle-slash) Glossary';
        break;
      }
      case 'stopped':
        item.text = '$(circle-slash) Glossary: off';
        break;
      default:
        item.text = '$(error) Glossary: off';
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    }
    item.tooltip = tooltip(s, this.languages);
    item.accessibilityInformation = { label: `Glossary LSP: ${headline(s)}` };
  }
}

function isFailure(s: State): boolean {
  return s.kind === 'not-found' || s.kind === 'not-executable' || s.kind === 'crashed';
}

/** One sentence: are checks on, and if not, why. */
export function headline(s: State): string {
  switch (s.kind) {
    case 'starting':
      return `starting the server (${s.command}).`;
    case 'running':
      return `checks are on (server ${s.version ? `${s.version}, ` : ''}${s.source}: ${s.command}).`;
    case 'not-found':
      return `checks are off: the glossary-lsp server was not found. Looked at ${s.tried}.`;
    case 'not-executable':
      return `checks are off: ${s.path} is not executable. Make it executable (chmod +x) or set glossary-lsp.server.path to another copy.`;
    case 'crashed':
      return `checks are off: the server ${s.command} stopped unexpectedly (${s.detail}). See the Glossary LSP output.`;
    case 'stopped':
      return 'checks are off: the server is stopped (run "Glossary: Restart Server").';
  }
}

function tooltip(s: State, languages: string[]): string {
  const base = headline(s);
  if (s.kind === 'running') {
    return `${base}\nChecked: ${languages.join(', ')} files. Click for details.`;
  }
  return `${base}\nClick for what to do.`;
}

function actionsFor(s: State): Array<keyof typeof ACTIONS> {
  switch (s.kind) {
    case 'not-found':
      return ['install', 'openSetting'];
    case 'not-executable':
      return ['openSetting', 'install'];
    case 'crashed':
      return ['output', 'restart'];
    case 'stopped':
      return ['restart'];
    default:
      return ['output'];
  }
}
