/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The browser playground, built and served locally, in Debian's chromium:
 * the editor (monaco-vscode + the language server in a worker) and the
 * debugger panels over the inline debug adapter. Screenshots go to
 * artifacts/playground/ (git-ignored). Without chromium the suite skips,
 * saying why; under CI=1 a missing browser fails it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { parseScenario } from '../../language-server/src/language/index.js';
import { REPO_ROOT } from '../support/golden.js';
import { ensureBuilt, missingBrowser, openPlayground, screenshot, startPlayground, type Playground } from './support/browser.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');

/** The rows of the Variables tree under a scope, as `name value`. */
async function scopeRows(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((scopeName) => {
    const item = [...document.querySelectorAll('#variables > [role=treeitem]')].find((e) => (e as HTMLElement).dataset.path === scopeName);
    if (!item) return [];
    return [...item.querySelectorAll(':scope > .children > [role=treeitem] > .row')].map((r) => `${r.querySelector('.name')?.textContent} ${r.querySelector('.value')?.textContent ?? ''}`.trim());
  }, scope);
}

async function waitStopped(page: Page): Promise<void> {
  await page.waitForSelector('body[data-debug-state=stopped]', { timeout: 15_000 });
  await page.evaluate(() => (globalThis as unknown as { execsimPlayground: { debugger: { settled(): Promise<void> } } }).execsimPlayground.debugger.settled());
}

/** Moves the caret to the end of the text and types there. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.click('.monaco-editor .view-lines');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

describe('playground (chromium)', function () {
  this.timeout(240_000);
  let pg: Playground | undefined;
  const errors: string[] = [];

  before(async function () {
    // The build (when the bundle is stale) takes a few minutes on two cores.
    this.timeout(900_000);
    const missing = missingBrowser();
    if (missing) {
      if (process.env.CI) throw new Error(`the playground suite needs chromium under CI: ${missing}`);
      console.log(`    (skipping the playground suite: ${missing})`);
      this.skip();
    }
    ensureBuilt();
    pg = await startPlayground();
  });

  after(async () => {
    await pg?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') console.log(`      page errors: ${errors.join('\n      ') || '(none)'}`);
    errors.length = 0;
  });

  it('offers every bundled example in the examples menu', async () => {
    const page = await openPlayground(pg!, '', errors);
    const names = await page.$$eval('#examples option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.execsim')).map((f) => f.replace(/\.execsim$/, '')).sort();
    assert.deepEqual(names, files);
    await page.close();
  });

  it('loads an example from the address and colours it', async () => {
    const page = await openPlayground(pg!, '#example=setuid', errors);
    const text = await page.evaluate(() => (globalThis as unknown as { execsimPlayground: { editor: { getText(): string } } }).execsimPlayground.editor.getText());
    assert.equal(text, fs.readFileSync(path.join(EXAMPLES, 'setuid.execsim'), 'utf8'));
    // Keywords, comments and plain words get different colours once the tokenizer has run.
    const colours = await page
      .waitForFunction(
        () => {
          const spans = [...document.querySelectorAll('.monaco-editor .view-line span span')] as HTMLElement[];
          const colourOf = (pred: (t: string) => boolean) => {
            const s = spans.find((x) => pred((x.textContent ?? '').trim()));
            return s ? getComputedStyle(s).color : undefined;
          };
          const c = { keyword: colourOf((t) => t === 'system'), comment: colourOf((t) => t.startsWith('//')), identifier: colourOf((t) => t === 'linux'), path: colourOf((t) => t === '/usr/bin/passwd') };
          return c.keyword && c.comment && c.identifier && c.path && new Set(Object.values(c)).size === 4 ? c : false;
        },
        undefined,
        { timeout: 10_000 },
      )
      .then((h) => h.jsonValue());
    assert.equal(new Set(Object.values(colours)).size, 4, JSON.stringify(colours));
    assert.equal(await page.$eval('#examples', (s) => (s as HTMLSelectElement).value), 'setuid');
    await screenshot(page, 'example-coloured');
    await page.close();
  });

  it('shows the diagnostic of an error typed into the editor', async () => {
    const page = await openPlayground(pg!, '#example=close-on-exec', errors);
    const typed = '\nshell: frobnicate 3';
    await typeAtEnd(page, typed);
    const text = fs.readFileSync(path.join(EXAMPLES, 'close-on-exec.execsim'), 'utf8') + typed;
    const expected = (await parseScenario(text)).diagnostics.filter((d) => d.severity === 'error');
    assert.ok(expected.length > 0);
    const first = expected[0]!;
    const row = page.locator('#problems li.error', { hasText: first.message });
    await row.first().waitFor({ timeout: 15_000 });
    assert.match((await row.first().textContent())!, new RegExp(`^${first.loc.line}:${first.loc.column} `));
    await page.waitForSelector('.monaco-editor .squiggly-error');
    await screenshot(page, 'typed-error');
    await page.close();
  });

  it('completes a phase id in the editor', async () => {
    const page = await openPlayground(pg!, '#example=close-on-exec', errors);
    await typeAtEnd(page, '\nexpect @exec failed in linux.clo');
    await page.keyboard.press('Control+Space');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'linux.close_on_exec' });
    await item.first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'editor-completion');
    await page.close();
  });

  it('completes a phase id in the breakpoints panel', async () => {
    const page = await openPlayground(pg!, '#example=close-on-exec', errors);
    await page.click('#bp-input');
    await page.keyboard.type('linux.close');
    await page.waitForSelector('#bp-suggestions li[data-phase="linux.close_on_exec"]');
    const offered = await page.$$eval('#bp-suggestions li', (ls) => ls.map((l) => (l as HTMLElement).dataset.phase));
    assert.deepEqual(offered, ['linux.close_on_exec']);
    await page.keyboard.press('Enter');
    assert.deepEqual(await page.$$eval('#breakpoints li', (ls) => ls.map((l) => (l as HTMLElement).dataset.phase)), ['linux.close_on_exec']);
    await page.close();
  });

  it('stops at a phase breakpoint with the fd table in the variables tree, and step back restores it', async () => {
    const page = await openPlayground(pg!, '#example=close-on-exec', errors);
    await page.click('#bp-input');
    await page.keyboard.type('linux.close_on_exec');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('F5');
    await waitStopped(page);
    const before = ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '2 → /dev/tty (rw)', '3 → /etc/passwd (ro, cloexec)', '4 → /var/log/app.log (wo, cloexec)', '5 → /etc/passwd (ro)', '6 → pipe:p[read] (ro, cloexec)', '7 → pipe:p[write] (wo)', '10 → /var/log/app.log (wo, cloexec)'];
    assert.deepEqual(await scopeRows(page, 'FD table'), before);
    assert.match((await page.textContent('#call-stack li.selected'))!, /do_close_on_exec/);
    assert.match((await page.textContent('#breakpoints li'))!, /do_close_on_exec/);
    await screenshot(page, 'phase-breakpoint');

    await page.keyboard.press('F10');
    await waitStopped(page);
    assert.deepEqual(await scopeRows(page, 'FD table'), ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '2 → /dev/tty (rw)', '5 → /etc/passwd (ro)', '7 → pipe:p[write] (wo)']);

    await page.keyboard.press('Shift+F10');
    await waitStopped(page);
    assert.deepEqual(await scopeRows(page, 'FD table'), before);
    assert.match((await page.textContent('#call-stack li.selected'))!, /do_close_on_exec/);
    await screenshot(page, 'step-back');
    await page.click('#dbg-stop');
    await page.waitForSelector('body[data-debug-state=ended]');
    await page.close();
  });

  it('sets a line breakpoint from the glyph margin and stops on that statement', async () => {
    const page = await openPlayground(pg!, '#example=close-on-exec', errors);
    // Line 33 is `shell: dup 3`; the glyph margin is the leftmost column of the line.
    await page.evaluate(() => (globalThis as unknown as { execsimPlayground: { editor: { editor: { revealLineInCenter(l: number): void } } } }).execsimPlayground.editor.editor.revealLineInCenter(33));
    const line = page.locator('.monaco-editor .margin-view-overlays > div').filter({ has: page.locator('.line-numbers', { hasText: /^33$/ }) });
    const box = (await line.boundingBox())!;
    await page.mouse.click(box.x + 5, box.y + box.height / 2);
    assert.deepEqual(await page.$$eval('#breakpoints li', (ls) => ls.map((l) => (l as HTMLElement).dataset.line)), ['33']);
    await page.keyboard.press('F5');
    await waitStopped(page);
    assert.match((await page.textContent('#call-stack li.selected'))!, /^shell: dup 3:33$/);
    assert.deepEqual(await scopeRows(page, 'FD table'), ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '2 → /dev/tty (rw)', '3 → /etc/passwd (ro, cloexec)', '4 → /var/log/app.log (wo, cloexec)']);
    await page.waitForSelector('.monaco-editor .execsim-current-glyph');
    await page.close();
  });

  it('reproduces a scenario from a link that carries its text', async () => {
    const page = await openPlayground(pg!, '#example=vfork', errors);
    await typeAtEnd(page, '\n// changed here');
    await page.click('#share');
    await page.waitForFunction(() => location.hash.startsWith('#s='));
    const url = page.url();
    const edited = await page.evaluate(() => (globalThis as unknown as { execsimPlayground: { editor: { getText(): string } } }).execsimPlayground.editor.getText());
    await page.close();
    const again = await pg!.context.newPage();
    await again.goto(url);
    await again.waitForFunction(() => (globalThis as unknown as { execsimPlayground: { editorReady?: number } }).execsimPlayground.editorReady !== undefined);
    const text = await again.evaluate(() => (globalThis as unknown as { execsimPlayground: { editor: { getText(): string } } }).execsimPlayground.editor.getText());
    assert.equal(text, edited);
    assert.ok(text.endsWith('\n// changed here'));
    await again.close();
  });
});
