/**
 * The Variables panel: scopes of the selected frame, expanded on demand with
 * DAP `variables` requests. Tables (indexedVariables) are fetched a page at a
 * time with start/count, so a table of a million fds opens at once. Which
 * nodes are open is remembered by their path of names, so after a step (or a
 * step back) the same rows are shown again with the values of the new state.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';

export const PAGE = 100;

export type FetchVariables = (args: DebugProtocol.VariablesArguments) => Promise<DebugProtocol.Variable[]>;

interface Node {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
  readonly ref: number;
  readonly indexed?: number;
  readonly named?: number;
  readonly scope?: boolean;
}

export class VariablesTree {
  /** Paths (names joined by `/`) of the open nodes. */
  private readonly open = new Set<string>();
  private generation = 0;

  constructor(private readonly root: HTMLElement) {}

  clear(): void {
    this.generation++;
    this.root.replaceChildren();
  }

  async show(scopes: readonly DebugProtocol.Scope[], fetch: FetchVariables): Promise<void> {
    const generation = ++this.generation;
    const rows = document.createDocumentFragment();
    const pending: Promise<void>[] = [];
    scopes.forEach((s, i) => {
      const node: Node = { name: s.name, value: '', ref: s.variablesReference, ...(s.indexedVariables !== undefined ? { indexed: s.indexedVariables } : {}), ...(s.namedVariables !== undefined ? { named: s.namedVariables } : {}), scope: true };
      // The first scope (the fd table, or the port namespace) opens by itself the first time.
      if (i === 0 && this.open.size === 0) this.open.add(s.name);
      pending.push(this.renderNode(rows, node, s.name, fetch, generation));
    });
    await Promise.all(pending);
    if (generation === this.generation) this.root.replaceChildren(rows);
  }

  private async renderNode(container: HTMLElement | DocumentFragment, node: Node, path: string, fetch: FetchVariables, generation: number): Promise<void> {
    const item = document.createElement('div');
    item.setAttribute('role', 'treeitem');
    item.dataset.path = path;
    const row = document.createElement('div');
    row.className = node.scope ? 'row scope' : 'row';
    const twisty = document.createElement('span');
    twisty.className = 'twisty';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = node.name;
    row.append(twisty, name);
    if (node.value) {
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = node.value;
      if (node.type) value.title = node.type;
      row.append(value);
    }
    item.append(row);
    container.append(item);
    if (node.ref <= 0) return;
    const children = document.createElement('div');
    children.className = 'children';
    children.setAttribute('role', 'group');
    item.append(children);
    const isOpen = this.open.has(path);
    twisty.textContent = isOpen ? '▾' : '▸';
    item.setAttribute('aria-expanded', String(isOpen));
    const toggle = async () => {
      if (this.open.has(path)) {
        this.open.delete(path);
        twisty.textContent = '▸';
        item.setAttribute('aria-expanded', 'false');
        children.replaceChildren();
      } else {
        this.open.add(path);
        twisty.textContent = '▾';
        item.setAttribute('aria-expanded', 'true');
        await this.renderChildren(children, node, path, fetch, this.generation);
      }
    };
    row.addEventListener('click', () => void toggle());
    if (isOpen) await this.renderChildren(children, node, path, fetch, generation);
  }

  private async renderChildren(into: HTMLElement, node: Node, path: string, fetch: FetchVariables, generation: number): Promise<void> {
    const rows = document.createDocumentFragment();
    if (node.named) await this.renderPage(rows, node, path, fetch, generation, { filter: 'named' });
    if (node.indexed !== undefined) await this.renderPage(rows, node, path, fetch, generation, { filter: 'indexed', start: 0 });
    else if (!node.named) await this.renderPage(rows, node, path, fetch, generation, {});
    if (generation === this.generation) into.replaceChildren(rows);
  }

  /** One page of children; a "more" row fetches the next page of a table. */
  private async renderPage(into: HTMLElement | DocumentFragment, node: Node, path: string, fetch: FetchVariables, generation: number, page: { filter?: 'named' | 'indexed'; start?: number }): Promise<void> {
    const args: DebugProtocol.VariablesArguments = { variablesReference: node.ref, ...(page.filter ? { filter: page.filter } : {}) };
    if (page.filter === 'indexed') Object.assign(args, { start: page.start ?? 0, count: PAGE });
    const variables = await fetch(args);
    if (generation !== this.generation) return;
    for (const v of variables) {
      const child: Node = { name: v.name, value: v.value, ref: v.variablesReference, ...(v.type ? { type: v.type } : {}), ...(v.indexedVariables !== undefined ? { indexed: v.indexedVariables } : {}), ...(v.namedVariables !== undefined ? { named: v.namedVariables } : {}) };
      await this.renderNode(into, child, `${path}/${v.name}`, fetch, generation);
    }
    if (page.filter === 'indexed' && node.indexed !== undefined) {
      const next = (page.start ?? 0) + PAGE;
      if (next < node.indexed) {
        const more = document.createElement('div');
        more.className = 'more';
        more.setAttribute('role', 'treeitem');
        more.textContent = `show ${Math.min(PAGE, node.indexed - next)} more of ${node.indexed - next}…`;
        more.addEventListener('click', async () => {
          const rest = document.createDocumentFragment();
          await this.renderPage(rest, node, path, fetch, this.generation, { filter: 'indexed', start: next });
          more.replaceWith(rest);
        });
        into.append(more);
      }
    }
  }
}
