/**
 * Checks of the lowered world that sim-core's validateScenario does not make:
 * a task's cwd and root must be directories of the scenario's filesystem, and
 * its exe a file of it. (Everything validateScenario checks is left to it.)
 */
import type { FilesystemSpec, FsNodeSpec, Scenario } from '../../../../sim-core/src/scenario/scenario.js';
import { isAbsolute, MAXSYMLINKS, normalizePath, pathComponents } from '../../../../sim-core/src/model/filesystem.js';
import type { LoweringContext } from './context.js';

type Kind = FsNodeSpec['kind'];

/**
 * The scenario's filesystem as names only: enough to tell whether a path leads
 * somewhere and to what kind of node, following symbolic links, in linear time.
 */
class NameTree {
  private readonly kinds = new Map<string, Kind>([['/', 'dir']]);
  private readonly links = new Map<string, string>();

  constructor(spec: FilesystemSpec) {
    for (const m of spec.mounts) if (isAbsolute(m.path)) this.addDirs(normalizePath(m.path));
    for (const n of spec.nodes) {
      if (!isAbsolute(n.path)) continue;
      const p = normalizePath(n.path);
      this.addDirs(parentOf(p));
      if (n.kind === 'dir') this.addDirs(p);
      else this.kinds.set(p, n.kind);
      if (n.kind === 'symlink') this.links.set(p, n.target);
    }
  }

  private addDirs(path: string): void {
    let cur = '';
    for (const c of pathComponents(path)) {
      cur += '/' + c;
      if (!this.kinds.has(cur)) this.kinds.set(cur, 'dir');
    }
  }

  /** The kind of node a path leads to, or undefined when it leads nowhere. */
  resolve(path: string): Kind | undefined {
    let pending = pathComponents(path);
    let cur = '/';
    for (let links = 0; pending.length; ) {
      const [name, ...rest] = pending;
      pending = rest;
      if (name === '..') {
        cur = parentOf(cur);
        continue;
      }
      const next = cur === '/' ? `/${name}` : `${cur}/${name}`;
      const kind = this.kinds.get(next);
      if (kind === undefined) return undefined;
      if (kind === 'symlink') {
        if (++links > MAXSYMLINKS) return undefined;
        const target = this.links.get(next)!;
        pending = [...pathComponents(target), ...pending];
        if (isAbsolute(target)) cur = '/';
        continue;
      }
      if (pending.length && kind !== 'dir') return undefined;
      cur = next;
    }
    return this.kinds.get(cur);
  }
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function checkWorld(scenario: Scenario, cx: LoweringContext): void {
  const tree = new NameTree(scenario.filesystem);
  scenario.tasks.forEach((task, i) => {
    const at = `tasks[${i}]`;
    for (const field of ['cwd', 'root'] as const) {
      const path = task[field];
      if (path === undefined || !isAbsolute(path)) continue;
      const range = cx.rangeFor(`${at}.${field}`);
      if (!range) continue;
      const kind = tree.resolve(path);
      if (kind === undefined) cx.report('error', 'missing-file', `${field} ${path} is not in the filesystem`, `add it: dir ${path}`, range);
      else if (kind !== 'dir') cx.report('error', 'not-a-directory', `${field} ${path} is a ${kind}, not a directory`, undefined, range);
    }
    if (task.exe !== undefined) {
      const range = cx.rangeFor(`${at}.exe`);
      if (!range) return;
      if (!isAbsolute(task.exe)) {
        cx.report('error', 'relative-path', `exe "${task.exe}" is not an absolute path`, 'the kernel records the program a task runs by its full path', range);
        return;
      }
      if (tree.resolve(task.exe) === undefined) cx.report('warning', 'missing-file', `exe ${task.exe} is not in the filesystem`, `add it: file ${task.exe} elf`, range);
    }
  });
}
