#!/usr/bin/env node
// End-to-end test of the VS Code extension in a real VS Code (code-server 4.99.3 = VS Code 1.99.3)
// driven headless by Debian's Chromium through playwright-core.
//
//   GLOSSARY_LSP_BIN=target/debug/glossary-lsp node editors/vscode/test/e2e.mjs
//
// Environment:
//   GLOSSARY_LSP_BIN        the server binary (required; `cargo test` passes its own build)
//   GLOSSARY_LSP_EDITORS    where editors/install-test-editors.sh installed code-server and
//                           playwright-core (default <repo>/target/editors)
//   GLOSSARY_LSP_ARTIFACTS  screenshots and logs (default <repo>/target/editor-artifacts)
//   GLOSSARY_LSP_UPDATE_SCREENSHOT=1  also copy the hover screenshot to editors/vscode/images/hover.png
//   CHROMIUM                the browser (default /usr/bin/chromium)
//
// It builds and packages the .vsix from this repository, installs it into a fresh code-server,
// opens a workspace with a partner guide (Markdown) and an onboarding e-mail (plain text), and
// checks what a user sees: squiggles, the hover's definition, completion, the Problems panel, a
// quick fix (file text compared to the character), a settings change reaching the server, and the
// term report command. Exit 0 = pass; 1 = a check failed; 2 = something is not installed.

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const extDir = path.resolve(here, '..');
const repo = path.resolve(extDir, '..', '..');
const prefix = path.resolve(process.env.GLOSSARY_LSP_EDITORS || path.join(repo, 'target', 'editors'));
const artifacts = path.resolve(process.env.GLOSSARY_LSP_ARTIFACTS || path.join(repo, 'target', 'editor-artifacts'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const serverBin = process.env.GLOSSARY_LSP_BIN ? path.resolve(process.env.GLOSSARY_LSP_BIN) : '';
const codeServer = path.join(prefix, 'code-server', 'node_modules', '.bin', 'code-server');
const relPrefix = path.relative(repo, prefix);
const installCmd = `bash editors/install-test-editors.sh ${relPrefix && !relPrefix.startsWith('..') ? relPrefix : prefix} all`;

const t0 = Date.now();
const log = (...a) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
function missing(what) {
  console.error(`e2e: ${what} is missing. Install the test editors with:\n    ${installCmd}\n` +
    `(from the repository root; set GLOSSARY_LSP_EDITORS if they are elsewhere).`);
  process.exit(2);
}

// ---- prerequisites: fail, never skip ----
if (!serverBin || !fs.existsSync(serverBin)) {
  console.error(`e2e: GLOSSARY_LSP_BIN must name the built server (got "${serverBin}"); run \`cargo build -j2\`.`);
  process.exit(2);
}
if (!fs.existsSync(codeServer)) missing(`code-server (${codeServer})`);
if (!fs.existsSync(chromiumPath)) missing(`Chromium (${chromiumPath}; Debian package "chromium")`);
let chromium;
try {
  const req = createRequire(path.join(prefix, 'pw', 'package.json'));
  ({ chromium } = req('playwright-core'));
} catch (e) {
  missing(`playwright-core (${path.join(prefix, 'pw', 'node_modules')})`);
}
fs.mkdirSync(artifacts, { recursive: true });

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: extDir, encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

// ---- build and package the extension from this repository ----
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-lsp-vscode-'));
const vsix = path.join(tmp, 'glossary-lsp.vsix');
if (!fs.existsSync(path.join(extDir, 'node_modules', '@vscode', 'vsce'))) {
  log('npm ci (editors/vscode)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
log('typecheck, bundle, package');
run('npm', ['run', '--silent', 'typecheck']);
run('node', ['esbuild.mjs', '--production']);
run(path.join(extDir, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository',
  '--no-rewrite-relative-links', '--out', vsix]);
log('packaged', vsix, `${fs.statSync(vsix).size} bytes`);

// ---- a fresh code-server: user settings, workspace, the .vsix installed ----
const userData = path.join(tmp, 'user-data');
const extensions = path.join(tmp, 'extensions');
const ws = path.join(tmp, 'workspace');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.mkdirSync(ws, { recursive: true });
const mdName = 'partner-guide.md';
const txtName = 'onboarding-email.txt';
fs.copyFileSync(path.join(repo, 'tests', 'fixtures', 'docs', mdName), path.join(ws, mdName));
fs.copyFileSync(path.join(repo, 'tests', 'fixtures', 'docs', txtName), path.join(ws, txtName));
const mdOriginal = fs.readFileSync(path.join(ws, mdName), 'utf8');
const settingsFile = path.join(userData, 'User', 'settings.json');
const baseSettings = {
  'glossary-lsp.server.path': serverBin,
  'glossary-lsp.trace.server': 'messages',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.colorTheme': 'Default Light Modern',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.hover.delay': 200,
  'editor.wordBasedSuggestions': 'off',
  'editor.fontSize': 15,
  'files.autoSave': 'off',
};
const writeSettings = (extra = {}) =>
  fs.writeFileSync(settingsFile, JSON.stringify({ ...baseSettings, ...extra }, null, 2));
writeSettings();

log('install the .vsix into a fresh code-server');
const installOut = run(codeServer, ['--install-extension', vsix, '--extensions-dir', extensions,
  '--user-data-dir', userData, '--config', '/dev/null']);
if (!/glossary-lsp/.test(installOut) || !fs.readdirSync(extensions).some((d) => d.startsWith('glossary-lsp.glossary-lsp-'))) {
  throw new Error(`the extension did not install:\n${installOut}`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}
const port = await freePort();
const csLog = fs.openSync(path.join(artifacts, 'vscode-code-server.log'), 'w');
const cs = spawn(codeServer, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
  '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  '--user-data-dir', userData, '--extensions-dir', extensions, '--config', '/dev/null', ws],
{ detached: true, stdio: ['ignore', csLog, csLog], env: { ...process.env, GLOSSARY_LSP_E2E: '1' } });
let context;
let failed = false;

function killCodeServer() {
  // code-server, its extension host and the language server: the whole process group.
  try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* gone */ }
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    try { process.kill(-cs.pid, 0); } catch { return; }
    spawnSync('sleep', ['0.1']);
  }
  try { process.kill(-cs.pid, 'SIGKILL'); } catch { /* gone */ }
}
process.on('exit', () => killCodeServer());
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(1));

const checks = [];
function check(name, ok, detail = '') {
  checks.push({ name, ok });
  log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  if (!ok) failed = true;
  return ok;
}
async function until(what, fn, timeout = 30000, interval = 200) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out (${timeout / 1000}s) waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

try {
  await until('code-server to listen', async () => {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
    return r && r.ok;
  }, 60000);
  log('code-server up on port', port);

  context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30000);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.waitForSelector('.explorer-folders-view, .explorer-viewlet', { timeout: 60000 }).catch(() => {});
  log('workbench loaded');

  const editorSel = '.editor-group-container.active .monaco-editor';
  async function openFile(name) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input[type=text]');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await until(`"${name}" first in quick open`, async () =>
      (await page.locator('.quick-input-list .monaco-list-row').first().innerText().catch(() => '')).includes(name), 15000);
    await page.keyboard.press('Enter');
    await until(`the ${name} tab`, async () =>
      (await page.locator('.editor-group-container.active .tab.active').innerText()).includes(name), 15000);
    await page.locator(`${editorSel} .view-lines`).first().waitFor({ state: 'visible' });
  }
  async function gotoLine(line, col = 1) {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input.input[type=text]');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${col}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
  }
  // The screen rectangle of `word` on a rendered line containing `lineText` (a DOM Range over the
  // editor's text nodes; Monaco renders spaces as U+00A0).
  async function wordRect(lineText, word, occurrence = 0) {
    return page.evaluate(({ sel, lineText, word, occurrence }) => {
      const norm = (s) => s.replace(/\u00a0/g, ' ');
      const lines = [...document.querySelectorAll(`${sel} .view-lines .view-line`)];
      for (const line of lines) {
        if (!norm(line.textContent).includes(lineText)) continue;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const nodes = [];
        let full = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, full.length]); full += norm(n.textContent); }
        let at = -1;
        for (let i = 0; i <= occurrence; i++) at = full.indexOf(word, at + 1);
        if (at < 0) return null;
        const range = document.createRange();
        const locate = (off) => { for (const [n, s] of nodes) if (off <= s + n.textContent.length) return [n, off - s]; };
        range.setStart(...locate(at));
        range.setEnd(...locate(at + word.length));
        const r = range.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return null;
    }, { sel: editorSel, lineText, word, occurrence });
  }
  async function visibleHoverText() {
    return page.evaluate(() => [...document.querySelectorAll('.monaco-hover')]
      .filter((h) => h.offsetParent !== null && !h.classList.contains('hidden') && h.getBoundingClientRect().height > 0)
      .map((h) => h.innerText).join('\n'));
  }
  async function hover(lineText, word, expect, shot) {
    const r = await until(`"${word}" on screen`, () => wordRect(lineText, word), 10000);
    await page.mouse.move(5, 5);
    await page.waitForTimeout(200);
    await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2, { steps: 4 });
    const text = await until(`a hover containing "${expect}"`, async () => {
      const t = await visibleHoverText();
      return t.includes(expect) ? t : null;
    }, 15000).catch((e) => { log(e.message); return null; });
    if (shot) {
      await page.waitForTimeout(300);
      const box = await page.locator(editorSel).first().boundingBox();
      await page.screenshot({ path: shot, clip: box ?? undefined });
    }
    return text;
  }
  async function save() {
    await page.keyboard.press('Control+S');
    await page.waitForTimeout(500);
  }
  const readWs = (name) => fs.readFileSync(path.join(ws, name), 'utf8');

  // ---- 1. Markdown: squiggles ----
  await openFile(mdName);
  await until('a .squiggly-warning in the Markdown editor', () =>
    page.locator(`${editorSel} .squiggly-warning`).count(), 45000);
  const squiggles = await page.locator(`${editorSel} .squiggly-warning`).count();
  check('Markdown: warnings shown as squiggles', squiggles >= 3, `${squiggles} .squiggly-warning`);
  await page.screenshot({ path: path.join(artifacts, 'vscode-squiggles.png') });

  // ---- 2. hover "VAR" (in the table): the definition ----
  await gotoLine(36, 1);
  const hoverShot = path.join(artifacts, 'vscode-hover.png');
  const hoverText = await hover('Value-Added Reseller (VAR)', 'VAR', 'adding value', hoverShot);
  check('hover on "VAR" shows the definition ("adding value")', !!hoverText,
    hoverText ? JSON.stringify(hoverText.slice(0, 160)) : 'no hover with the definition');
  if (hoverText && process.env.GLOSSARY_LSP_UPDATE_SCREENSHOT === '1') {
    fs.copyFileSync(hoverShot, path.join(extDir, 'images', 'hover.png'));
    log('copied the hover screenshot to editors/vscode/images/hover.png');
  }
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // ---- 3. Problems panel: findings with rule codes ----
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible' });
  const wanted = ['non-preferred-form', 'context-misuse', 'contradiction', 'ambiguous-acronym', 'acronym-before-definition'];
  const problems = await until('the Problems panel to list the rule codes', async () => {
    const t = await panel.innerText();
    return wanted.every((c) => t.includes(c)) ? t : null;
  }, 20000).catch(async () => panel.innerText());
  const present = wanted.filter((c) => problems.includes(c));
  check('Problems panel lists findings with their rule codes', present.length === wanted.length,
    `found ${present.join(', ') || 'none'}`);
  check('Problems panel shows the glossary source and a message',
    problems.includes('glossary-lsp') && /Value Added Reseller/.test(problems));
  await page.screenshot({ path: path.join(artifacts, 'vscode-problems.png') });
  await page.keyboard.press('Control+Shift+M'); // toggle the panel away

  // ---- 4. quick fix: "Value Added Reseller" -> "value-added reseller" ----
  await gotoLine(21, 1);
  const r = await until('"Value Added Reseller" on screen', () => wordRect('We also work with a Value Added Reseller', 'Value Added Reseller'), 10000);
  await page.mouse.click(r.x + 3, r.y + r.height / 2);
  await page.keyboard.press('Control+.');
  const actionSel = '.action-widget .monaco-list-row, .context-view .monaco-list-row';
  await until('the quick-fix menu', () => page.locator(actionSel).count(), 15000);
  const actions = await page.locator(actionSel).allInnerTexts();
  log('quick fixes offered:', JSON.stringify(actions));
  // Move the keyboard focus onto the fix (a mouse click is intercepted by the menu's pointer block).
  let fixed = false;
  let onFix = false;
  for (let i = 0; i < 6 && !onFix; i++) {
    const t = await page.locator(`${actionSel.split(',')[0]}.focused`).innerText().catch(() => '');
    onFix = t.includes('Replace with “value-added reseller”');
    if (!onFix) await page.keyboard.press('ArrowDown');
  }
  if (onFix) {
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    await save();
    const expected = mdOriginal.replace('We also work with a Value Added Reseller in', 'We also work with a value-added reseller in');
    fixed = readWs(mdName) === expected;
    check('quick fix applied: the file text is exactly the original with the fix', fixed,
      fixed ? '' : `line 21 now: ${JSON.stringify(readWs(mdName).split('\n')[20])}`);
  } else {
    check('quick fix "value-added reseller" offered', false, JSON.stringify(actions));
    await page.keyboard.press('Escape');
  }
  let mdExpected = readWs(mdName);

  // ---- 5. completion: type "val", accept ----
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Ask your val', { delay: 40 });
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.suggest-widget.visible');
  await suggest.waitFor({ state: 'visible', timeout: 15000 });
  const focused = await until('a glossary completion item', async () => {
    const t = await page.locator('.suggest-widget.visible .monaco-list-row.focused').innerText().catch(() => '');
    return /value/i.test(t) ? t : null;
  }, 15000).catch(() => '');
  const items = await page.locator('.suggest-widget.visible .monaco-list-row').allInnerTexts();
  log('completion items:', JSON.stringify(items.map((s) => s.replace(/\s+/g, ' '))));
  await page.screenshot({ path: path.join(artifacts, 'vscode-completion.png') });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  await save();
  const after = readWs(mdName);
  const lastLine = after.split('\n').pop();
  const completionOk = after.startsWith(mdExpected.replace(/\n?$/, '')) &&
    /^Ask your value-added reseller( \(VAR\))?$/.test(lastLine);
  check('completion of "val" inserts the glossary term', completionOk,
    `focused item ${JSON.stringify(focused.replace(/\s+/g, ' '))}; last line ${JSON.stringify(lastLine)}`);
  mdExpected = after;

  // ---- 6. plain text: squiggles and hover ----
  await openFile(txtName);
  await until('a .squiggly-warning in the plain-text editor', () =>
    page.locator(`${editorSel} .squiggly-warning`).count(), 30000);
  check('plain text: warnings shown', (await page.locator(`${editorSel} .squiggly-warning`).count()) >= 2);
  const txtHover = await hover('As a VAR you will handle', 'VAR', 'adding value', path.join(artifacts, 'vscode-hover-txt.png'));
  check('plain text: hover on "VAR" shows the definition', !!txtHover);
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // ---- 7. a settings change reaches the running server ----
  const countTxt = () => page.locator(`${editorSel} .squiggly-warning`).count();
  const before = await countTxt();
  // In the workspace's .vscode/settings.json (VS Code watches the workspace folder).
  const wsSettings = path.join(ws, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(wsSettings), { recursive: true });
  // VS Code's file watcher now and then misses a quick second write of the same file: write
  // again every 3 s until the editor shows the effect (the extension is what is under test).
  const settle = async (what, content, cond) => {
    let last = 0;
    return until(what, async () => {
      if (Date.now() - last > 3000) { fs.writeFileSync(wsSettings, content); last = Date.now(); }
      return cond(await countTxt());
    }, 25000).catch(() => null);
  };
  const fewer = await settle('fewer squiggles after turning non-preferred-form off',
    JSON.stringify({ 'glossary-lsp.rules': { 'non-preferred-form': 'off' } }, null, 2),
    (n) => (n < before ? n : null));
  check('settings change (rules.non-preferred-form = off) reaches the server', fewer !== null,
    `${before} -> ${fewer ?? await countTxt()} squiggles`);
  const back = await settle('the warnings back after the setting is removed',
    JSON.stringify({ 'glossary-lsp.rules': {} }, null, 2), (n) => (n >= before ? n : null));
  check('setting removed: warnings back', back !== null, `${back ?? await countTxt()} squiggles`);

  // ---- 8. commands in the palette: term report, reload ----
  async function palette(title) {
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input.input[type=text]');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await until(`"${title}" in the command palette`, async () =>
      (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).some((t) => t.includes(title)), 10000);
    await page.keyboard.press('Enter');
  }
  await palette('Glossary: Show Term Report');
  const report = await until('the term report', async () => {
    const tabs = await page.locator('.tab').allInnerTexts();
    if (!tabs.some((t) => t.includes('Term report'))) return null;
    const t = await page.locator(`${editorSel} .view-lines`).first().innerText();
    return t.replace(/\u00a0/g, ' ').includes('# Term report') ? t.replace(/\u00a0/g, ' ') : null;
  }, 15000).catch(() => null);
  check('"Glossary: Show Term Report" opens the report of the document', !!report &&
    report.includes(txtName) && report.includes('value-added reseller'),
  report ? JSON.stringify(report.slice(0, 120)) : 'no report');
  await page.screenshot({ path: path.join(artifacts, 'vscode-term-report.png') });
  await page.keyboard.press('Control+W'); // close the report (and its editor group)
  await page.waitForTimeout(300);
  await palette('Glossary: Reload Glossary');
  const reloaded = await until('the reload notification', async () =>
    (await page.locator('.notifications-toasts').innerText().catch(() => '')).includes('glossary reloaded'), 10000).catch(() => false);
  check('"Glossary: Reload Glossary" reloads', !!reloaded);
  await palette('Glossary: Restart Server');
  await page.waitForTimeout(1500);
  await openFile(txtName);
  const restarted = await until('squiggles after the restart', () => countTxt(), 20000).catch(() => 0);
  await page.screenshot({ path: path.join(artifacts, 'vscode-restarted.png') });
  check('"Glossary: Restart Server" restarts it (diagnostics again)', restarted > 0);
} catch (e) {
  failed = true;
  log('ERROR', e.stack || String(e));
  try {
    const page = context?.pages()[0];
    if (page) await page.screenshot({ path: path.join(artifacts, 'vscode-failure.png') });
  } catch { /* ignore */ }
} finally {
  await context?.close().catch(() => {});
  killCodeServer();
  if (!failed) fs.rmSync(tmp, { recursive: true, force: true });
  else log('kept', tmp, 'for inspection; code-server log in', path.join(artifacts, 'vscode-code-server.log'));
}
const passed = checks.filter((c) => c.ok).length;
log(`${passed}/${checks.length} checks passed${failed ? ' — FAILED' : ''}; artifacts in ${artifacts}`);
process.exit(failed ? 1 : 0);
