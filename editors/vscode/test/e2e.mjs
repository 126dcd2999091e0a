#!/usr/bin/env node
// End-to-end test of the VS Code extension in a real VS Code (code-server 4.99.3 = VS Code 1.99.3)
// driven headless by Debian's Chromium through playwright-core, as a new user gets it: the
// platform .vsix (server bundled) installed into a fresh code-server, with NO glossary-lsp on
// PATH, in ~/.cargo/bin or in any setting.
//
//   GLOSSARY_LSP_BIN=target/debug/glossary-lsp node editors/vscode/test/e2e.mjs
//
// Environment:
//   GLOSSARY_LSP_VSIX       the platform .vsix to test (CI: the one scripts/release-artifacts.sh
//                           built, release binary inside); else one is packaged here around
//                           GLOSSARY_LSP_BIN with `scripts/release-artifacts.sh --vsix-only`
//   GLOSSARY_LSP_BIN        the server binary (for the CLI's `check --fix`, the oracle of
//                           "fix all", and for packaging when GLOSSARY_LSP_VSIX is unset)
//   GLOSSARY_LSP_EDITORS    where editors/install-test-editors.sh installed code-server and
//                           playwright-core (default <repo>/target/editors)
//   GLOSSARY_LSP_ARTIFACTS  screenshots and logs (default <repo>/target/editor-artifacts)
//   GLOSSARY_LSP_UPDATE_SCREENSHOT=1  also copy the hover screenshot to editors/vscode/images/hover.png
//   CHROMIUM                the browser (default /usr/bin/chromium)
//
// What a user sees is checked: the status bar, squiggles, the hover (plain, and on a finding:
// the fix first), the Problems panel, a quick fix (file text compared to the character),
// completion while typing (no Ctrl+Space), "fix all safe findings" (compared with the CLI's
// `check --fix`), settings changed and removed, the term report and its links, "add exception"
// (a modal asks before any file is created: "Cancel" creates nothing, "Create Files" goes ahead;
// the files it made saved and named), reload and restart, workspace diagnostics (a file never
// opened has its finding in the Problems panel), rename with F2 (the document's uses renamed
// with their plural, possessive and capitals; a use in another file offered unticked in the
// refactor preview and left alone), and a folder whose .glossary-lsp.toml lists a CSV and a TBX
// glossary (their terms drive diagnostics, hover and completion); then the
// failures: the bundled binary deleted (not found), a server path that is not executable, a
// server that crashes -- each a persistent status and a notification whose action works.
// Exit 0 = pass; 1 = a check failed; 2 = something is not installed.

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

// ---- the platform .vsix: CI's release artefact, or one packaged here around GLOSSARY_LSP_BIN ----
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-lsp-vscode-'));
let vsix = process.env.GLOSSARY_LSP_VSIX ? path.resolve(process.env.GLOSSARY_LSP_VSIX) : '';
if (vsix) {
  if (!fs.existsSync(vsix)) {
    console.error(`e2e: GLOSSARY_LSP_VSIX names no file: ${vsix}`);
    process.exit(2);
  }
  log('testing the release artefact', vsix);
} else {
  // A stripped copy: a debug build is ten times the release size, and slow to zip and unzip.
  const small = path.join(tmp, 'glossary-lsp');
  fs.copyFileSync(serverBin, small);
  fs.chmodSync(small, 0o755);
  spawnSync('strip', [small]);
  log('package a platform .vsix around', serverBin, `(stripped copy: ${fs.statSync(small).size} bytes)`);
  run('bash', [path.join(repo, 'scripts', 'release-artifacts.sh'), '--vsix-only', '--bin', small, '--out', tmp], { cwd: repo });
  vsix = fs.readdirSync(tmp).filter((f) => f.endsWith('.vsix')).map((f) => path.join(tmp, f))[0];
  if (!vsix) throw new Error('scripts/release-artifacts.sh made no .vsix');
}
log('vsix', vsix, `${fs.statSync(vsix).size} bytes`);

// No glossary-lsp anywhere the extension could find one but in the .vsix: PATH without any
// folder holding one, and a scratch HOME and CARGO_HOME (no ~/.cargo/bin).
const home = path.join(tmp, 'home');
fs.mkdirSync(home, { recursive: true });
const cleanPath = (process.env.PATH ?? '').split(path.delimiter)
  .filter((d) => d && !fs.existsSync(path.join(d, 'glossary-lsp')))
  .join(path.delimiter);
const userEnv = { ...process.env, PATH: cleanPath, HOME: home, CARGO_HOME: path.join(home, '.cargo'), GLOSSARY_LSP_E2E: '1' };
const which = spawnSync('sh', ['-c', 'command -v glossary-lsp'], { env: userEnv, encoding: 'utf8' });
if (which.status === 0) throw new Error(`glossary-lsp is still on the test PATH: ${which.stdout}`);

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
// For "add exception" (written now: quick open may not list a file made while VS Code runs).
const exName = 'exception-note.md';
fs.writeFileSync(path.join(ws, exName), '# Programs\n\nThis Value Added Reseller program grows.\n');
// For rename (F2): a term found in no other file of the workspace, so that the rename is the
// document's alone (no refactor preview for edits elsewhere).
const renameName = 'rename-note.md';
const renameOriginal = '# Managed Service Providers\n\nManaged service providers run the platform for a monthly fee, and every\n' +
  "managed service provider's team patches endpoints. Our MSPs stay MSPs.\n";
fs.writeFileSync(path.join(ws, renameName), renameOriginal);
// For workspace diagnostics: a Markdown file never opened in the editor.
const unopenedName = 'unopened-plan.md';
fs.writeFileSync(path.join(ws, unopenedName), '# Distribution plan\n\nEvery Value Added Reseller in the plan gets a margin.\n');
// A folder whose .glossary-lsp.toml lists a CSV and a TBX glossary (the team's own terms),
// copied from tests/fixtures/glossaries; the nearest config applies to the documents below it.
const teamDir = path.join(ws, 'team');
fs.mkdirSync(teamDir, { recursive: true });
fs.copyFileSync(path.join(repo, 'tests', 'fixtures', 'glossaries', 'team-terms.csv'), path.join(teamDir, 'terms.csv'));
fs.copyFileSync(path.join(repo, 'tests', 'fixtures', 'glossaries', 'team-termbase.tbx'), path.join(teamDir, 'termbase.tbx'));
fs.writeFileSync(path.join(teamDir, '.glossary-lsp.toml'), 'glossaries = ["terms.csv", "termbase.tbx"]\n');
const teamName = 'team-guide.md';
fs.writeFileSync(path.join(teamDir, teamName), '# Team guide\n\nLog the deal registry.\n\nOpen the partner portal.\n');
const settingsFile = path.join(userData, 'User', 'settings.json');
const baseSettings = {
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
  '--user-data-dir', userData, '--config', '/dev/null'], { env: userEnv });
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
{ detached: true, stdio: ['ignore', csLog, csLog], env: userEnv });
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
  async function notificationWith(text, timeout = 15000) {
    return until(`a notification saying "${text}"`, async () => {
      const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => []);
      return toasts.find((t) => t.includes(text)) ?? null;
    }, timeout).catch(() => null);
  }
  async function clickNotificationButton(text, button) {
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    await toast.locator('.monaco-button', { hasText: button }).first().click();
  }
  async function clearNotifications() {
    await page.keyboard.press('Escape');
    await page.evaluate(() => document.querySelectorAll('.notifications-toasts .codicon-notifications-clear, .notifications-toasts .codicon-close')
      .forEach((b) => b.click()));
    await page.waitForTimeout(300);
  }
  async function statusText() {
    return page.evaluate(() => [...document.querySelectorAll('.statusbar-item')]
      .map((e) => `${e.innerText} | ${e.getAttribute('aria-label') ?? ''}`)
      .filter((t) => t.includes('Glossary')).join('\n'));
  }
  async function palette(title) {
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input.input[type=text]');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await until(`"${title}" in the command palette`, async () =>
      (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).some((t) => t.includes(title)), 10000);
    await page.keyboard.press('Enter');
  }
  async function quickFix(lineText, word, title) {
    const r = await until(`"${word}" on screen`, () => wordRect(lineText, word), 10000);
    await page.mouse.click(r.x + 3, r.y + r.height / 2);
    await page.keyboard.press('Control+.');
    const actionSel = '.action-widget .monaco-list-row';
    await until('the quick-fix menu', () => page.locator(actionSel).count(), 15000);
    const actions = await page.locator(actionSel).allInnerTexts();
    log('quick fixes offered:', JSON.stringify(actions));
    for (let i = 0; i < 8; i++) {
      const t = await page.locator(`${actionSel}.focused`).innerText({ timeout: 1000 }).catch(() => '');
      if (t.includes(title)) {
        await page.keyboard.press('Enter');
        return { actions, applied: true };
      }
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Escape');
    return { actions, applied: false };
  }
  const readWs = (name) => fs.readFileSync(path.join(ws, name), 'utf8');

  // ---- 1. Markdown: squiggles, and the status bar says checks are on with the bundled server ----
  await openFile(mdName);
  await until('a .squiggly-warning in the Markdown editor', () =>
    page.locator(`${editorSel} .squiggly-warning`).count(), 45000);
  const squiggles = await page.locator(`${editorSel} .squiggly-warning`).count();
  check('Markdown: warnings shown as squiggles (server from the .vsix, none on PATH)', squiggles >= 3, `${squiggles} .squiggly-warning`);
  const onStatus = await until('the status bar item', async () => {
    const t = await statusText();
    return t.includes('checks are on') ? t : null;
  }, 10000).catch(async () => statusText());
  check('status bar: checks are on, server bundled with the extension', onStatus.includes('checks are on') &&
    onStatus.includes('bundled with the extension'), JSON.stringify(onStatus));
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

  // ---- 3. hover a flagged term: the finding and its fix first, then the definition ----
  await gotoLine(21, 1);
  const findingHover = await hover('We also work with a Value Added Reseller', 'Value Added Reseller', 'Fix:',
    path.join(artifacts, 'vscode-hover-finding.png'));
  const fixAt = findingHover ? findingHover.indexOf('Fix:') : -1;
  const defAt = findingHover ? findingHover.indexOf('Partner Types') : -1;
  check('hover on a finding: the fix comes before the definition', fixAt >= 0 && defAt > fixAt,
    findingHover ? JSON.stringify(findingHover.slice(0, 240)) : 'no hover with "Fix:"');
  check('hover on a non-preferred form leaves the confusables out', !!findingHover && !/confused with/i.test(findingHover));
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // ---- 4. Problems panel: findings with rule codes ----
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible' });
  // The panel also lists the workspace's other files (workspace diagnostics): its filter, which
  // matches file names, keeps this document's rows in view.
  const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
  await filter.fill(mdName).catch((e) => log(e.message));
  const wanted = ['non-preferred-form', 'context-misuse', 'contradiction', 'ambiguous-acronym', 'acronym-before-definition'];
  // The panel's list is virtual: only the rows on screen exist, and the workspace's other
  // files (and related places) come first, so the rows are read while scrolling through it.
  async function scanPanel() {
    const box = await panel.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -10000);
      await page.waitForTimeout(150);
    }
    let text = '';
    const links = [];
    for (let i = 0; i < 12; i++) {
      text += `\n${await panel.innerText()}`;
      links.push(...await panel.evaluate((p) => [...p.querySelectorAll('a')]
        .map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') ?? a.title ?? '' }))
        .filter((l) => /^[a-z-]+$/.test(l.text))));
      if (box) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, box.height / 2);
        await page.waitForTimeout(150);
      }
    }
    return { text, links };
  }
  const scanned = await until('the Problems panel to list the rule codes', async () => {
    const s = await scanPanel();
    return wanted.every((c) => s.text.includes(c)) ? s : null;
  }, 30000).catch(scanPanel);
  const problems = scanned.text;
  const present = wanted.filter((c) => problems.includes(c));
  check('Problems panel lists findings with their rule codes', present.length === wanted.length,
    `found ${present.join(', ') || 'none'}`);
  check('Problems panel shows the glossary source and a message',
    problems.includes('glossary-lsp') && /value-added reseller/i.test(problems));
  // Each rule code is a link to the rule's page (codeDescription): a local copy in the
  // server's cache folder, as this binary was built without a repository URL.
  const links = scanned.links;
  const linked = wanted.filter((c) => links.some((l) => l.text === c));
  check('each rule code in the Problems panel links to its page', linked.length === wanted.length,
    JSON.stringify(links.slice(0, 6)));
  // Back to the top for the screenshot.
  const top = await panel.boundingBox();
  if (top) {
    await page.mouse.move(top.x + top.width / 2, top.y + top.height / 2);
    await page.mouse.wheel(0, -10000);
    await page.waitForTimeout(150);
  }
  await page.screenshot({ path: path.join(artifacts, 'vscode-problems.png') });
  // Workspace diagnostics: a file never opened has its finding in the Problems panel (the
  // client pulls workspace/diagnostic). The panel's filter, which matches file names, keeps
  // its rows in view.
  const everOpened = await page.locator('.tab').allInnerTexts();
  const filtered = await filter.fill(unopenedName).then(() => true, (e) => { log(e.message); return false; });
  const unopened = await until(`${unopenedName} in the Problems panel`, async () => {
    const rows = (await panel.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    const at = rows.findIndex((t) => t.includes(unopenedName));
    return at >= 0 && rows.slice(at + 1).some((t) => t.includes('non-preferred-form') && /value-added reseller/i.test(t))
      ? rows : null;
  }, 30000).catch(async () => (await panel.locator('.monaco-list-row').allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ')));
  const unopenedOk = Array.isArray(unopened) && unopened.some((t) => t.includes(unopenedName)) &&
    unopened.some((t) => t.includes('non-preferred-form'));
  check(`workspace diagnostics: ${unopenedName}, never opened, has its finding in the Problems panel`,
    filtered && unopenedOk && !everOpened.some((t) => t.includes(unopenedName)) &&
    !(await page.locator('.tab').allInnerTexts()).some((t) => t.includes(unopenedName)),
  JSON.stringify(unopened.slice(0, 4)));
  await page.screenshot({ path: path.join(artifacts, 'vscode-problems-workspace.png') });
  await filter.fill('').catch(() => {});
  await page.keyboard.press('Control+Shift+M'); // toggle the panel away

  // ---- 5. quick fix: "Value Added Reseller" -> "value-added reseller" ----
  await gotoLine(21, 1);
  const offered = await quickFix('We also work with a Value Added Reseller', 'Value Added Reseller', 'Replace with “value-added reseller”');
  if (offered.applied) {
    await page.waitForTimeout(500);
    await save();
    const expected = mdOriginal.replace('We also work with a Value Added Reseller in', 'We also work with a value-added reseller in');
    const fixed = readWs(mdName) === expected;
    check('quick fix applied: the file text is exactly the original with the fix', fixed,
      fixed ? '' : `line 21 now: ${JSON.stringify(readWs(mdName).split('\n')[20])}`);
  } else {
    check('quick fix "value-added reseller" offered', false);
  }
  let mdExpected = readWs(mdName);

  // ---- 6. completion while typing (no Ctrl+Space): type "val", accept ----
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Ask your val', { delay: 60 });
  const suggest = page.locator('.suggest-widget.visible');
  const appeared = await suggest.waitFor({ state: 'visible', timeout: 8000 }).then(() => true, () => false);
  check('completion appears while typing in Markdown (quick suggestions on)', appeared);
  if (!appeared) await page.keyboard.press('Control+Space');
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

  // ---- 7. fix all safe findings == the CLI's `check --fix` on the same text ----
  const oracleDir = path.join(tmp, 'oracle');
  fs.mkdirSync(oracleDir, { recursive: true });
  fs.writeFileSync(path.join(oracleDir, mdName), mdExpected);
  spawnSync(serverBin, ['check', '--fix', '--no-config', mdName], { cwd: oracleDir, encoding: 'utf8' });
  const oracle = fs.readFileSync(path.join(oracleDir, mdName), 'utf8');
  check('the CLI has safe fixes for this document (so the next check means something)', oracle !== mdExpected);
  await palette('Glossary: Fix All Safe Findings in This Document');
  await page.waitForTimeout(800);
  await save();
  const fixedAll = readWs(mdName);
  check('"Fix All Safe Findings" makes exactly the CLI\'s `check --fix` edits', fixedAll === oracle,
    fixedAll === oracle ? '' : `got ${JSON.stringify(fixedAll.slice(0, 200))}`);

  // ---- 8. plain text: squiggles and hover ----
  await openFile(txtName);
  await until('a .squiggly-warning in the plain-text editor', () =>
    page.locator(`${editorSel} .squiggly-warning`).count(), 30000);
  check('plain text: warnings shown', (await page.locator(`${editorSel} .squiggly-warning`).count()) >= 2);
  const txtHover = await hover('As a VAR you will handle', 'VAR', 'adding value', path.join(artifacts, 'vscode-hover-txt.png'));
  check('plain text: hover on "VAR" shows the definition', !!txtHover);
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // ---- 9. settings: a change reaches the running server; removing it restores the default ----
  const countTxt = () => page.locator(`${editorSel} .squiggly-warning`).count();
  const before = await countTxt();
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
  const off = JSON.stringify({ 'glossary-lsp.rules': { 'non-preferred-form': 'off' } }, null, 2);
  let fewer = await settle('fewer squiggles after turning non-preferred-form off', off, (n) => (n < before ? n : null));
  check('settings change (rules.non-preferred-form = off) reaches the server', fewer !== null,
    `${before} -> ${fewer ?? await countTxt()} squiggles`);
  let back = await settle('the warnings back after the setting is set to {}',
    JSON.stringify({ 'glossary-lsp.rules': {} }, null, 2), (n) => (n >= before ? n : null));
  check('setting set to {}: warnings back', back !== null, `${back ?? await countTxt()} squiggles`);
  fewer = await settle('fewer squiggles again', off, (n) => (n < before ? n : null));
  back = await settle('the warnings back after the setting is removed', '{}\n', (n) => (n >= before ? n : null));
  check('setting removed altogether ({"glossary-lsp": {}} sent): the default is back', fewer !== null && back !== null,
    `${fewer} -> ${back ?? await countTxt()} squiggles`);

  // ---- 10. the term report: titled after the document, Markdown, locations that open it ----
  await palette('Glossary: Show Term Report');
  const reportTitle = `Term report: ${txtName}`;
  const report = await until('the term report', async () => {
    const tabs = await page.locator('.tab').allInnerTexts();
    if (!tabs.some((t) => t.includes(reportTitle))) return null;
    const t = await page.locator(`${editorSel} .view-lines`).first().innerText();
    return t.replace(/\u00a0/g, ' ').includes(`# ${reportTitle}`) ? t.replace(/\u00a0/g, ' ') : null;
  }, 15000).catch(() => null);
  const tabs = await page.locator('.tab').allInnerTexts();
  check('"Glossary: Show Term Report" opens "Term report: <file>" (no doubled extension)', !!report &&
    report.includes('value-added reseller') && !tabs.some((t) => /\.txt\.md|\.md\.md/.test(t)),
  report ? JSON.stringify(report.slice(0, 120)) : `no report; tabs ${JSON.stringify(tabs)}`);
  await page.screenshot({ path: path.join(artifacts, 'vscode-term-report.png') });
  const linkMatch = report && report.match(/Line (\d+), column (\d+)/);
  if (linkMatch) {
    const r = await until('a location link on screen', () => wordRect(linkMatch[0], linkMatch[0]), 5000).catch(() => null);
    if (r) {
      await page.keyboard.down('Control');
      await page.mouse.click(r.x + 5, r.y + r.height / 2);
      await page.keyboard.up('Control');
    }
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(artifacts, 'vscode-term-report-link.png') });
    // Where the cursor landed: the active editor's current line number, and the cursor's x
    // against the x of the flagged text on that line (the report's column).
    const landed = await until('the document at the finding', async () => {
      const active = await page.locator('.editor-group-container.active .tab.active').innerText().catch(() => '');
      if (!active.includes(txtName)) return null;
      const line = await page.locator(`${editorSel} .line-numbers.active-line-number`).first().innerText().catch(() => '');
      const cursor = await page.locator(`${editorSel} .cursors-layer .cursor`).first().boundingBox().catch(() => null);
      const lineText = readWs(txtName).split('\n')[Number(linkMatch[1]) - 1] ?? '';
      const col = Number(linkMatch[2]) - 1;
      const target = await wordRect(lineText.slice(0, col + 5), lineText.slice(col, col + 5)).catch(() => null);
      return line.trim() === linkMatch[1] && cursor && target && Math.abs(cursor.x - target.x) < 4 ? `line ${line}` : null;
    }, 10000).catch(() => null);
    check('a location in the term report opens the document at that line and column', !!landed, linkMatch[0]);
  } else {
    check('the term report lists findings with locations', false);
  }
  await page.keyboard.press('Escape');

  // ---- 11. "Add exception": never with the sentence's first word; a selected phrase added
  //          only after the user agrees to the files it creates (a modal; "Cancel" creates
  //          nothing), the files saved and named, no false error ----
  await openFile(exName);
  const anySquiggle = `${editorSel} .squiggly-warning, ${editorSel} .squiggly-info, ${editorSel} .squiggly-error`;
  await until('a squiggle in the exception note', () => page.locator(anySquiggle).count(), 20000).catch(() => 0);
  // On the flagged term (no selection): "This" starts the sentence, so no name is offered.
  const onTerm = await quickFix('This Value Added Reseller program', 'Value Added Reseller', '\u0000no such action');
  check('no exception offered with the sentence\'s first word ("This Value Added Reseller")',
    onTerm.actions.length > 0 && !onTerm.actions.some((t) => t.includes('exceptions')), JSON.stringify(onTerm.actions));
  // Select "Value Added Reseller program" (click before "Value", Ctrl+Shift+Right over four
  // words), ask for the quick fixes and pick the exception; returns the actions listed.
  const exTitle = 'Add “Value Added Reseller program” to the glossary exceptions';
  const actionRows = '.action-widget .monaco-list-row';
  async function pickException(shot) {
    await page.keyboard.press('Escape');
    const from = await until('the phrase on screen', () => wordRect('This Value Added Reseller program', 'Value'), 10000);
    await page.mouse.click(from.x + 1, from.y + from.height / 2);
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+ArrowRight');
    await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Control+Shift+ArrowRight');
    await page.waitForTimeout(300);
    if (shot) await page.screenshot({ path: shot });
    await page.keyboard.press('Control+.');
    await until('the quick-fix menu', () => page.locator(actionRows).count(), 15000).catch(() => 0);
    const listed = await page.locator(actionRows).allInnerTexts();
    for (let i = 0; i < 8; i++) {
      const t = await page.locator(`${actionRows}.focused`).innerText({ timeout: 1000 }).catch(() => '');
      if (t.includes(exTitle)) { await page.keyboard.press('Enter'); return listed; }
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Escape');
    return null;
  }
  // The modal dialog asking before files are created: its text, once shown.
  const dialog = page.locator('.monaco-dialog-box');
  const consentDialog = () => until('the consent dialog', async () =>
    (await dialog.isVisible().catch(() => false)) ? dialog.innerText() : null, 15000).catch(() => null);
  const team = path.join(ws, 'team-glossary.toml');
  const config = path.join(ws, '.glossary-lsp.toml');
  const configBefore = fs.existsSync(config) ? fs.readFileSync(config, 'utf8') : null;
  const exOffered = await pickException(path.join(artifacts, 'vscode-add-exception-selection.png'));
  check(`"${exTitle}" offered for the selection`, !!exOffered, JSON.stringify(exOffered));
  if (exOffered) {
    // Consent first: a modal names the files that would be created; "Cancel" creates nothing.
    const asked = await consentDialog();
    check('a modal dialog asks before creating files, naming them',
      !!asked && asked.includes('team-glossary.toml') && asked.includes('Value Added Reseller program') && /Create File/.test(asked),
      JSON.stringify(asked));
    await page.screenshot({ path: path.join(artifacts, 'vscode-add-exception-consent.png') });
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).first().click().catch((e) => log(e.message));
    await page.waitForTimeout(2000);
    const configAfter = fs.existsSync(config) ? fs.readFileSync(config, 'utf8') : null;
    check('"Cancel" creates and changes nothing', !fs.existsSync(team) && configAfter === configBefore,
      `team exists: ${fs.existsSync(team)}`);
    check('the name is still flagged after "Cancel"', (await page.locator(anySquiggle).count()) > 0);
    // Again, and this time create the files.
    const again = await pickException();
    const askedAgain = again ? await consentDialog() : null;
    if (askedAgain) {
      await dialog.locator('.monaco-button', { hasText: 'Create File' }).first().click().catch((e) => log(e.message));
    }
    check('asked again, "Create Files" goes ahead', !!askedAgain);
    const saved = await until('the team glossary and config on disk', () =>
      fs.existsSync(team) && fs.existsSync(config) && fs.readFileSync(team, 'utf8').includes('Value Added Reseller program') &&
      fs.readFileSync(config, 'utf8').includes('team-glossary.toml'), 15000).catch(() => false);
    check('the exception is saved in team-glossary.toml, listed in .glossary-lsp.toml', !!saved);
    const said = await notificationWith('Value Added Reseller program', 10000);
    check('a notification says which files were created', !!said && said.includes('team-glossary.toml') && said.includes('new file'),
      JSON.stringify(said));
    await page.waitForTimeout(1500);
    const toasts = (await page.locator('.notifications-toasts').innerText().catch(() => '')).replace(/\s+/g, ' ');
    check('no error after adding the exception', !/defines no entries|has errors/.test(toasts), JSON.stringify(toasts.slice(0, 300)));
    await openFile(exName);
    const gone = await until('the squiggle gone from the exception', async () =>
      (await page.locator(anySquiggle).count()) === 0, 15000).catch(() => false);
    check('the phrase is no longer flagged', !!gone);
    await page.screenshot({ path: path.join(artifacts, 'vscode-add-exception.png') });
    await clearNotifications();
  }

  // ---- 12. reload, restart ----
  await palette('Glossary: Reload Glossary');
  const reloaded = await notificationWith('glossary reloaded', 10000);
  check('"Glossary: Reload Glossary" reloads', !!reloaded);
  await clearNotifications();
  await palette('Glossary: Restart Server');
  await page.waitForTimeout(1500);
  await openFile(txtName);
  const restarted = await until('squiggles after the restart', () => countTxt(), 20000).catch(() => 0);
  check('"Glossary: Restart Server" restarts it (diagnostics again)', restarted > 0);

  // ---- 13. rename (F2): the document's uses renamed, plural, possessive and capitals kept;
  //          the acronym (a form of its own) left as it is; the use in another file
  //          (partner-guide.md, "managed⏎service provider") offered behind a confirmation: the
  //          refactor preview lists it unticked, and "Apply" leaves that file alone ----
  const guideBeforeRename = readWs(mdName);
  await openFile(renameName);
  const renameAt = await until('"providers" on screen', () => wordRect('Managed service providers run', 'providers'), 10000);
  await page.mouse.click(renameAt.x + 3, renameAt.y + renameAt.height / 2);
  await page.keyboard.press('F2');
  const renameInput = page.locator('.rename-box input, .rename-box textarea').first();
  const renameShown = await renameInput.waitFor({ state: 'visible', timeout: 15000 }).then(() => true, (e) => { log(e.message); return false; });
  const placeholder = renameShown ? await renameInput.inputValue().catch(() => '') : '';
  check('F2 on a term: the rename box offers the glossary form', placeholder === 'managed service provider',
    JSON.stringify(placeholder));
  await page.screenshot({ path: path.join(artifacts, 'vscode-rename.png') });
  if (renameShown) {
    await page.keyboard.press('Control+A');
    await page.keyboard.type('solution partner', { delay: 30 });
    await page.keyboard.press('Enter');
    // The refactor preview: each row's file or line and whether it is ticked.
    const previewRows = () => page.evaluate(() => [...document.querySelectorAll('.refactor-preview .monaco-list-row, .pane-body .monaco-list-row')]
      .filter((r) => r.querySelector('input[type=checkbox], .monaco-checkbox, [role=checkbox]'))
      .map((r) => {
        const cb = r.querySelector('input[type=checkbox], .monaco-checkbox, [role=checkbox]');
        const ticked = cb.checked === true || cb.getAttribute('aria-checked') === 'true' || cb.classList.contains('checked');
        return { text: r.innerText.replace(/\s+/g, ' ').trim(), ticked };
      }));
    const preview = await until('the refactor preview', async () => {
      const rows = await previewRows();
      return rows.some((r) => r.text.includes(mdName)) ? rows : null;
    }, 15000).catch(() => null);
    await page.screenshot({ path: path.join(artifacts, 'vscode-rename-preview.png') });
    const guideRow = preview?.find((r) => r.text.startsWith(mdName) || r.text.includes(`${mdName} `));
    const docRows = preview?.filter((r) => /solution partner/i.test(r.text) && !r.text.includes('(MSP)')) ?? [];
    check('rename: the refactor preview lists the other file\'s use unticked and this document\'s ticked',
      !!guideRow && !guideRow.ticked && docRows.length >= 3 && docRows.every((r) => r.ticked), JSON.stringify(preview));
    if (preview) {
      await page.locator('.monaco-button', { hasText: /^Apply$/ }).last().click().catch((e) => log(e.message));
    }
    const applied = await until('the rename applied', async () => {
      const t = await page.locator(`${editorSel} .view-lines`).first().innerText();
      return t.replace(/\u00a0/g, ' ').includes('Solution partners run') ? t : null;
    }, 15000).catch(() => null);
    if (!applied) {
      await page.screenshot({ path: path.join(artifacts, 'vscode-rename-not-applied.png') });
      log('after Enter, notifications:', JSON.stringify(await page.locator('.notifications-toasts').innerText().catch(() => '')));
    }
    await save();
  }
  const renamed = readWs(renameName);
  const renameExpected = '# Solution Partners\n\nSolution partners run the platform for a monthly fee, and every\n' +
    "solution partner's team patches endpoints. Our MSPs stay MSPs.\n";
  check('rename: every use in the document renamed, plural, possessive and capitals kept, the acronym untouched',
    renamed === renameExpected, renamed === renameExpected ? '' : JSON.stringify(renamed));
  const guideDirty = await page.locator('.tab.dirty', { hasText: mdName }).count();
  check('rename: "Apply" left the unticked file alone (on disk and in its editor)',
    readWs(mdName) === guideBeforeRename && guideDirty === 0 && /managed\s+service provider/.test(guideBeforeRename),
    `dirty tabs: ${guideDirty}`);
  await page.keyboard.press('Escape');

  // ---- 14. a folder whose .glossary-lsp.toml lists a CSV and a TBX glossary: their terms
  //          drive diagnostics, hover and completion ----
  await openFile(teamName);
  const teamSquiggle = await until('a squiggle on "deal registry"', async () => {
    const r = await wordRect('Log the deal registry.', 'deal registry');
    if (!r) return null;
    const boxes = await page.locator(`${editorSel} .squiggly-warning`).evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height })));
    return boxes.some((b) => b.x < r.x + r.width && b.x + b.width > r.x && Math.abs(b.y + b.height / 2 - (r.y + r.height / 2)) < r.height)
      ? boxes.length : null;
  }, 30000).catch(() => null);
  check('CSV/TBX glossary: a diagnostic on a team entry\'s avoided form ("deal registry")', !!teamSquiggle);
  const teamFinding = await hover('Log the deal registry.', 'deal registry', 'deal registration',
    path.join(artifacts, 'vscode-team-hover-finding.png'));
  check('CSV/TBX glossary: the finding says the team\'s preferred form ("deal registration")', !!teamFinding && /Fix:/.test(teamFinding),
    teamFinding ? JSON.stringify(teamFinding.slice(0, 200)) : 'no hover naming "deal registration"');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  const portalDef = 'A partner portal is the website where partners register deals';
  const teamHover = await hover('Open the partner portal.', 'partner portal', portalDef,
    path.join(artifacts, 'vscode-team-hover.png'));
  check('CSV/TBX glossary: hover on a team term ("partner portal") shows its definition', !!teamHover,
    teamHover ? JSON.stringify(teamHover.slice(0, 160)) : 'no hover with the definition');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Ask about deal', { delay: 60 });
  const teamSuggest = await page.locator('.suggest-widget.visible').waitFor({ state: 'visible', timeout: 8000 })
    .then(() => true, () => false);
  if (!teamSuggest) await page.keyboard.press('Control+Space');
  const teamItems = await until('"deal registration" among the completions', async () => {
    const rows = await page.locator('.suggest-widget.visible .monaco-list-row').allInnerTexts();
    return rows.some((t) => /deal registration/i.test(t)) ? rows : null;
  }, 15000).catch(async () => page.locator('.suggest-widget.visible .monaco-list-row').allInnerTexts().catch(() => []));
  await page.screenshot({ path: path.join(artifacts, 'vscode-team-completion.png') });
  check('CSV/TBX glossary: completion offers the team term ("deal registration")',
    teamItems.some((t) => /deal registration/i.test(t)), JSON.stringify(teamItems.map((s) => s.replace(/\s+/g, ' '))));
  await page.keyboard.press('Escape');
  // Leave the file as it was on disk (nothing saved), so that nothing after depends on it.
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+Z');

  // ---- 15. failures: each a persistent status and a notification whose action works ----
  const installed = fs.readdirSync(extensions).find((d) => d.startsWith('glossary-lsp.glossary-lsp-'));
  const bundled = path.join(extensions, installed, 'server', 'glossary-lsp');
  check('the .vsix installed its server binary', fs.existsSync(bundled), bundled);
  fs.rmSync(bundled, { force: true });
  await palette('Glossary: Restart Server');
  const notFound = await notificationWith('was not found', 15000);
  check('binary removed: a notification says it was not found, naming the path tried', !!notFound && notFound.includes(bundled),
    JSON.stringify(notFound));
  const offStatus = await statusText();
  check('binary removed: the status bar says checks are off', /Glossary: off/.test(offStatus) && offStatus.includes('not found'),
    JSON.stringify(offStatus));
  await page.screenshot({ path: path.join(artifacts, 'vscode-not-found.png') });
  if (notFound) {
    await clickNotificationButton('was not found', 'Install Instructions');
    const readme = await until('the install instructions', async () =>
      (await page.locator('.tab').allInnerTexts()).some((t) => t.includes('README')), 10000).catch(() => false);
    check('"Install Instructions" opens the extension\'s README', !!readme);
  }
  await clearNotifications();
  // A server path that is not executable.
  const noExec = path.join(tmp, 'not-executable-glossary-lsp');
  fs.writeFileSync(noExec, 'not a program\n');
  fs.chmodSync(noExec, 0o644);
  // server.path is machine-overridable: in a remote window (code-server) the local user value
  // does not apply, so the test sets it in the workspace (as the Remote tab would for a user).
  const setServerPath = async (p, expect) => {
    let last = 0;
    return until(`a notification saying "${expect}"`, async () => {
      if (Date.now() - last > 4000) {
        fs.writeFileSync(wsSettings, JSON.stringify({ 'glossary-lsp.server.path': p }, null, 2));
        last = Date.now();
      }
      const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => []);
      return toasts.find((t) => t.includes(expect)) ?? null;
    }, 25000).catch(() => null);
  };
  const notExec = await setServerPath(noExec, 'is not executable');
  check('a server.path that is not executable: said so, with the path', !!notExec && notExec.includes(noExec), JSON.stringify(notExec));
  if (notExec) {
    await clickNotificationButton('is not executable', 'Open Setting');
    const shown = await until('the setting in the settings editor', async () => {
      const t = await page.locator('.settings-editor').innerText().catch(() => '');
      return /Server.*Path/i.test(t) && t.includes('bundled with this extension') ? true : null;
    }, 10000).catch(() => false);
    await page.screenshot({ path: path.join(artifacts, 'vscode-open-setting.png') });
    check('"Open Setting" shows glossary-lsp.server.path', !!shown);
  }
  await clearNotifications();
  // A server that crashes.
  const crasher = path.join(tmp, 'crashing-glossary-lsp');
  fs.writeFileSync(crasher, '#!/bin/sh\necho "simulated crash" >&2\nexit 3\n');
  fs.chmodSync(crasher, 0o755);
  const crashed = await setServerPath(crasher, 'stopped unexpectedly');
  check('a server that crashes: said so, with the path', !!crashed && crashed.includes(crasher), JSON.stringify(crashed));
  const crashStatus = await statusText();
  check('a server that crashes: the status bar says checks are off, and why', /Glossary: off/.test(crashStatus) &&
    crashStatus.includes('stopped unexpectedly'), JSON.stringify(crashStatus));
  await page.screenshot({ path: path.join(artifacts, 'vscode-crashed.png') });
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
