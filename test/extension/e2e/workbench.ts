/**
 * Driving VS Code's workbench in Chromium: commands by their exact palette
 * label (Enter would run the best fuzzy match), files through Quick Open,
 * the views' rows as text, screenshots.
 */
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** What page functions read of a row (the tests compile without the DOM library). */
interface RowElement {
  readonly innerText: string;
  readonly style: { readonly top: string };
}

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly screenshots: string,
  ) {}

  async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
  }

  /** Runs the palette row whose label is exactly `label` (some rows show it without its `Category: `). */
  async command(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${label}`);
    const bare = label.replace(/^[^:]+: /, '');
    const exact = new RegExp(`^(${escape(label)}|${escape(bare)})$`);
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: exact }) });
    await row.first().click({ timeout: 15_000 });
  }

  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escape(name)}$`) }) });
    await row.first().click({ timeout: 15_000 });
    await this.page.locator(`.tab.active[aria-label*="${name}"]`).waitFor();
    await this.editor().locator('.view-line').first().waitFor();
  }

  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  async focusEditor(): Promise<void> {
    await this.editor().locator('.view-lines').click({ position: { x: 400, y: 5 } });
  }

  /** The texts of the rows of a list or tree (those rendered), in view order (a virtual list's DOM order is not), trimmed. */
  async rows(container: Locator): Promise<string[]> {
    const rows = await container.locator('.monaco-list-row').evaluateAll((found) => (found as unknown as RowElement[]).map((e) => ({ top: parseFloat(e.style.top) || 0, text: e.innerText })));
    return rows.sort((a, b) => a.top - b.top).map((r) => r.text.replace(/\s+/g, ' ').trim());
  }

  /** Waits until `check` holds for the rows of `container`; returns them. */
  async waitRows(container: Locator, check: (rows: string[]) => boolean, what: string, timeout = 30_000): Promise<string[]> {
    const deadline = Date.now() + timeout;
    let rows: string[] = [];
    for (;;) {
      rows = await this.rows(container);
      if (check(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; rows seen:\n  ${rows.join('\n  ')}`);
      await this.page.waitForTimeout(200);
    }
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.screenshots, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
