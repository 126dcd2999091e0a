// Finding the glossary-lsp server executable: the `glossary-lsp.server.path` setting, else the
// copy bundled in a platform-specific .vsix (`server/glossary-lsp[.exe]`), else `glossary-lsp`
// on PATH (and in ~/.cargo/bin, where `cargo install` puts it). Every place looked at is kept,
// with what was wrong there, so that a failure can say exactly what was tried.

import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Where a candidate came from. */
export type Source = 'setting' | 'bundled' | 'PATH';

/** What was found at one place. */
export type Problem = 'missing' | 'not-executable' | 'not-a-file';

/** One place looked at. */
export interface Tried {
  source: Source;
  path: string;
  problem?: Problem;
}

/** The outcome: the executable (when one is usable) and every place tried, in order. */
export interface Found {
  command?: string;
  source?: Source;
  tried: Tried[];
}

/** The server's file name on this platform. */
export function executableName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'glossary-lsp.exe' : 'glossary-lsp';
}

/** What is wrong with `p` as an executable, or undefined when it can be run. */
export function problemWith(p: string): Problem | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 'missing';
  }
  if (!st.isFile()) {
    return 'not-a-file';
  }
  if (process.platform !== 'win32') {
    try {
      fs.accessSync(p, fs.constants.X_OK);
    } catch {
      return 'not-executable';
    }
  }
  return undefined;
}

/**
 * Looks for the server. `configured` is the setting's value ("" when unset); `folder` the first
 * workspace folder (for `${workspaceFolder}` and relative paths); `extensionPath` where the
 * extension is installed. A configured path is final: when it is unusable, nothing else is
 * tried, so that the user's choice is never silently replaced by another binary.
 */
export function findServer(configured: string, folder: string | undefined, extensionPath: string): Found {
  const tried: Tried[] = [];
  const home = process.env.HOME ?? process.env.USERPROFILE ?? '';
  if (configured.trim()) {
    let p = configured.trim().replace(/^~(?=$|[\\/])/, home || '~');
    if (folder) {
      p = p.replace(/\$\{workspaceFolder\}/g, folder);
      if (!path.isAbsolute(p)) {
        p = path.join(folder, p);
      }
    }
    const problem = problemWith(p);
    tried.push({ source: 'setting', path: p, problem });
    return problem ? { tried } : { command: p, source: 'setting', tried };
  }
  const bundled = path.join(extensionPath, 'server', executableName());
  let problem = problemWith(bundled);
  if (problem === 'not-executable') {
    // A .vsix unpacked without file modes: the bundled binary is ours to make executable.
    try {
      fs.chmodSync(bundled, 0o755);
      problem = problemWith(bundled);
    } catch {
      // keep 'not-executable'
    }
  }
  tried.push({ source: 'bundled', path: bundled, problem });
  if (!problem) {
    return { command: bundled, source: 'bundled', tried };
  }
  const names = process.platform === 'win32' ? ['glossary-lsp.exe', 'glossary-lsp'] : ['glossary-lsp'];
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d.length > 0);
  const cargoBin = path.join(process.env.CARGO_HOME ?? path.join(home, '.cargo'), 'bin');
  let notExecutable: string | undefined;
  for (const dir of [...dirs, cargoBin]) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      const p = problemWith(candidate);
      if (!p) {
        tried.push({ source: 'PATH', path: candidate });
        return { command: candidate, source: 'PATH', tried };
      }
      if (p === 'not-executable' && !notExecutable) {
        notExecutable = candidate;
      }
    }
  }
  tried.push(
    notExecutable
      ? { source: 'PATH', path: notExecutable, problem: 'not-executable' }
      : { source: 'PATH', path: `glossary-lsp on PATH (${dirs.length} folders) and in ${cargoBin}`, problem: 'missing' },
  );
  return { tried };
}

/** One line per place tried, for messages and the status bar's tooltip. */
export function describeTried(tried: Tried[]): string {
  const what: Record<Problem, string> = {
    missing: 'not found',
    'not-executable': 'not executable',
    'not-a-file': 'not a file',
  };
  return tried
    .map((t) => `${t.source === 'setting' ? 'glossary-lsp.server.path' : t.source}: ${t.path}${t.problem ? ` (${what[t.problem]})` : ''}`)
    .join('; ');
}

/**
 * Runs `command --version` (a few milliseconds for a working server): undefined when it runs
 * and says it is glossary-lsp, else what went wrong ("exit code 3: <its first error line>",
 * "not a glossary-lsp server", or the system's error). A server that cannot even do that would
 * crash at start, and the language client would then say only "couldn't create connection".
 */
export function checkRuns(command: string, timeoutMs = 15000): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      const firstLine = (s: string) => s.split(/\r?\n/).find((l) => l.trim().length > 0)?.trim() ?? '';
      if (error) {
        const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
        const said = firstLine(String(stderr));
        if (typeof code === 'number') {
          resolve(`exit code ${code}${said ? `: ${said}` : ''}`);
        } else {
          resolve(error.message);
        }
        return;
      }
      resolve(/glossary-lsp/.test(String(stdout)) ? undefined : `not a glossary-lsp server ("${firstLine(String(stdout))}")`);
    });
  });
}
