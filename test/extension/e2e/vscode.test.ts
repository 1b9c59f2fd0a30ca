/**
 * The extension in a real VS Code: the built .vsix installed into code-server
 * (VS Code 1.139) and driven in Chromium, the four steps a user takes:
 * open a scenario (coloured; a broken copy's diagnostic in Problems), F5 with
 * no launch.json onto a phase function breakpoint (Call Stack, fd table),
 * step over and back across close-on-exec, continue to the end. One
 * code-server and one browser for the whole suite; screenshots of every step
 * in artifacts/e2e/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { REPO_ROOT } from '../../support/golden.js';
import { CodeServer } from './code-server.js';
import { CHROMIUM, missingTools, prepareTools } from './tools.js';
import { Workbench } from './workbench.js';

const SCREENSHOTS = path.join(REPO_ROOT, 'artifacts', 'e2e');
const SCENARIO = 'close-on-exec.execsim';
const BROKEN = 'broken.execsim';

/** The fd table of `shell` when do_close_on_exec starts (the scenario's own first `expect shell fds`). */
const FDS_BEFORE = [
  '0 = → /dev/tty (rw)',
  '1 = → /dev/tty (rw)',
  '2 = → /dev/tty (rw)',
  '3 = → /etc/passwd (ro, cloexec)',
  '4 = → /var/log/app.log (wo, cloexec)',
  '5 = → /etc/passwd (ro)',
  '6 = → pipe:p[read] (ro, cloexec)',
  '7 = → pipe:p[write] (wo)',
  '10 = → /var/log/app.log (wo, cloexec)',
];
/** … and once it has run: every slot with the flag is gone. */
const FDS_AFTER = ['0 = → /dev/tty (rw)', '1 = → /dev/tty (rw)', '2 = → /dev/tty (rw)', '5 = → /etc/passwd (ro)', '7 = → pipe:p[write] (wo)'];

/** Browser globals used inside page functions (the tests compile without the DOM library). */
interface PageElement {
  readonly textContent: string | null;
  readonly innerText?: string;
  readonly style: { readonly top: string };
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
declare function getComputedStyle(element: PageElement): { readonly color: string };

function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

describe('extension: end to end in VS Code (code-server and Chromium)', function () {
  this.timeout(120_000);
  let home: string;
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let wb: Workbench;

  before(async function () {
    const missing = missingTools();
    if (missing) {
      if (inCi()) throw new Error(`CI: ${missing}`);
      console.warn(`\n  skipping: ${missing}\n`);
      this.skip();
    }
    // Installing code-server the first time takes minutes; building the .vsix about one.
    this.timeout(20 * 60_000);
    const tools = prepareTools();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'execsim-e2e-'));
    const folder = path.join(home, 'workspace');
    fs.mkdirSync(folder);
    const text = fs.readFileSync(path.join(REPO_ROOT, 'examples', SCENARIO), 'utf8');
    fs.writeFileSync(path.join(folder, SCENARIO), text);
    // A deliberately broken copy: a statement for a task that does not exist.
    fs.writeFileSync(path.join(folder, BROKEN), text.replace('shell: dup 3\n', 'shell: dup 3\nghost: close 3\n'));
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });

    server = await CodeServer.start(tools, home, folder);
    const env = CodeServer.environment(home, tools) as Record<string, string>;
    context = await chromium.launchPersistentContext(path.join(home, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      env,
      viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    wb = new Workbench(page, SCREENSHOTS);
    await page.goto(server.url);
    await wb.ready();
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    server?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      const file = await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
      if (file) console.warn(`  screenshot of the failure: ${file}`);
      if (server) console.warn(`  code-server log (end):\n${server.log().slice(-3000)}`);
    }
  });

  it('colours the scenario, and shows the broken copy\'s diagnostic in the Problems view', async () => {
    await wb.openFile(SCENARIO);
    const colours = await wb.editor().evaluate((editor: PageElement) => {
      const fg = getComputedStyle(editor.querySelector('.view-lines')!).color;
      const spans = [...editor.querySelectorAll('.view-line span span')];
      const colour = (test: (t: string) => boolean) => {
        const s = spans.find((e) => test(e.textContent ?? ''));
        return s ? getComputedStyle(s).color : undefined;
      };
      return { fg, comment: colour((t) => t.startsWith('//')), keyword: colour((t) => t.trim() === 'system') };
    });
    assert.ok(colours.comment && colours.keyword, `tokens not found: ${JSON.stringify(colours)}`);
    assert.notEqual(colours.comment, colours.fg, 'comments are coloured');
    assert.notEqual(colours.keyword, colours.fg, 'keywords are coloured');
    assert.notEqual(colours.keyword, colours.comment);
    await wb.screenshot('1a-coloured');

    await wb.openFile(BROKEN);
    await wb.page.keyboard.press('Control+Shift+M');
    const rows = await wb.waitRows(wb.page.locator('.markers-panel'), (r) => r.some((t) => t.includes('no task named ghost')), 'the diagnostic in Problems');
    const row = rows.find((t) => t.includes('no task named ghost'))!;
    assert.match(row, /\[Ln 34, Col 1\]/);
    assert.equal(rows.filter((t) => t.includes(SCENARIO) && !t.includes(BROKEN)).length, 0, 'the intact scenario has no problem');
    await wb.screenshot('1b-problems');
  });

  it('F5 with no launch.json stops on a phase function breakpoint, with the fd table before close-on-exec', async () => {
    assert.equal(fs.existsSync(path.join(home, 'workspace', '.vscode', 'launch.json')), false);
    // The Run and Debug view first, so that the first scope opens expanded.
    await wb.command('View: Show Run and Debug');
    await wb.command('Debug: Add Function Breakpoint');
    const input = wb.page.locator('.debug-breakpoints input, .debug-pane input').first();
    await input.waitFor();
    await input.fill('linux.close_on_exec');
    await input.press('Enter');
    await wb.openFile(SCENARIO);
    await wb.focusEditor();
    await wb.page.keyboard.press('F5');

    // The top frame comes first, the rest a moment later.
    const stack = await wb.waitRows(wb.page.locator('.debug-call-stack'), (r) => r.some((t) => t.startsWith('shell: execve')), 'the phase frame and its callers in the Call Stack');
    assert.match(stack[0]!, /^kernel: do_execveat_common \(execve\) › do_close_on_exec linux\.close_on_exec 1:1$/);
    assert.ok(stack.some((t) => t.startsWith('shell: execve /bin/sh ["sh"]')), stack.join('\n'));
    const fds = await fdRows(wb, (r) => r.length === FDS_BEFORE.length);
    assert.deepEqual(fds, FDS_BEFORE);
    await wb.screenshot('2-function-breakpoint');
  });

  it('Step Over runs close-on-exec: the flagged fds disappear; Step Back brings them back', async () => {
    await wb.page.keyboard.press('F10');
    assert.deepEqual(await fdRows(wb, (r) => r.length === FDS_AFTER.length), FDS_AFTER);
    await wb.screenshot('3a-step-over');
    // Step Back is on the debug toolbar (the adapter supports it); the palette does not list it.
    await wb.page.locator('.debug-toolbar .action-label[aria-label^="Step Back"]').click();
    assert.deepEqual(await fdRows(wb, (r) => r.length === FDS_BEFORE.length), FDS_BEFORE);
    await wb.screenshot('3b-step-back');
  });

  it('Continue runs to the end: the expectations\' result is printed and the session ends', async () => {
    await wb.page.keyboard.press('F5');
    const repl = wb.page.locator('.repl');
    const lines = await wb.waitRows(repl, (r) => r.some((t) => t.includes('end of the scenario')), 'the result in the Debug Console');
    assert.ok(lines.some((t) => /— end of the scenario \(\d+ events\): 6 of 6 expectations passed/.test(t)), lines.join('\n'));
    // The final fd table, as the scenario's second `expect shell fds` (line 46) saw it.
    const final = '✓ 0 → /dev/tty (rw); 1 → /dev/tty (rw); 2 → /dev/tty (rw); 5 → /etc/passwd (ro); 7 → pipe:p[write] (wo)';
    assert.ok(lines.some((t) => t.startsWith('46: expect shell fd-table') && t.includes(final)), lines.join('\n'));
    await wb.screenshot('4a-end');
    await wb.page.keyboard.press('F5');
    await wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15_000 });
    assert.deepEqual(await wb.rows(wb.page.locator('.debug-call-stack')), []);
    await wb.screenshot('4b-ended');
  });

  it('was activated by the scenario language (never on startup), and VS Code reports its activation time', async () => {
    await wb.command('Developer: Show Running Extensions');
    // Sorted slowest first and virtualised: go to the end of the list, where the fast ones are.
    const list = wb.page.locator('.runtime-extensions-editor .monaco-list-row').first();
    await list.click();
    await wb.page.keyboard.press('End');
    const rows = await wb.waitRows(wb.page.locator('.runtime-extensions-editor'), (r) => r.some((t) => t.includes('execsim: step through exec()')), 'execsim among the running extensions');
    const row = rows.find((t) => t.includes('execsim: step through exec()'))!;
    const activation = /(\d+)\s*ms/.exec(row);
    assert.ok(activation, row);
    fs.writeFileSync(path.join(SCREENSHOTS, 'activation.txt'), `${row}\n`);
    console.log(`      VS Code's activation time of execsim: ${activation[1]} ms (${row})`);
    const hover = wb.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'execsim: step through exec()' }).locator('.activation-time, [title*="Activated"], span[aria-label*="activat" i]').first();
    const reason = (await hover.count()) ? ((await hover.getAttribute('title')) ?? (await hover.getAttribute('aria-label')) ?? '') : '';
    if (reason) assert.doesNotMatch(reason, /startup|\*/i);
    await wb.screenshot('5-running-extensions');
  });
});

/**
 * The rows of the Variables view's "FD table" scope (expanded if it is not:
 * only the first scope of a frame opens by itself), once `ready` holds for them.
 */
async function fdRows(wb: Workbench, ready: (rows: string[]) => boolean): Promise<string[]> {
  const scope = wb.page.locator('.debug-variables .monaco-list-row[aria-level="1"]', { hasText: /^\s*FD table\s*$/ });
  const deadline = Date.now() + 20_000;
  for (;;) {
    let texts: string[] = [];
    if ((await scope.count()) === 1) {
      if ((await scope.getAttribute('aria-expanded')) === 'false') await scope.click();
      // The rows in view order (a virtual list's DOM order is not), then those under the scope.
      const rows = await wb.page.locator('.debug-variables .monaco-list-row').evaluateAll((els: PageElement[]) =>
        els
          .map((e) => ({ level: e.getAttribute('aria-level'), top: parseFloat(e.style.top), text: (e.innerText ?? '').replace(/\s+/g, ' ').trim() }))
          .sort((a, b) => a.top - b.top),
      );
      const at = rows.findIndex((r) => r.level === '1' && r.text === 'FD table');
      for (const r of rows.slice(at + 1)) {
        if (r.level === '1') break;
        if (r.level === '2') texts.push(r.text);
      }
    }
    if (ready(texts) || Date.now() > deadline) return texts;
    await wb.page.waitForTimeout(200);
  }
}
