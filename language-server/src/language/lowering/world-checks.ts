/**
 * Checks of the lowered world that sim-core's validateScenario does not make:
 * a task's cwd and root must be directories of the scenario's filesystem, and
 * its exe a file of it. (Everything validateScenario checks is left to it.)
 */
import type { Scenario } from '../../../../sim-core/src/scenario/scenario.js';
import { buildFilesystem, isAbsolute, lookup } from '../../../../sim-core/src/model/filesystem.js';
import { credentialsOf } from '../../../../sim-core/src/engine/initial-state.js';
import type { LoweringContext } from './context.js';

export function checkWorld(scenario: Scenario, cx: LoweringContext): void {
  let fs: ReturnType<typeof buildFilesystem>;
  try {
    fs = buildFilesystem(scenario.filesystem);
  } catch {
    return; // a filesystem sim-core cannot build is reported by validateScenario
  }
  scenario.tasks.forEach((task, i) => {
    const at = `tasks[${i}]`;
    const find = (path: string) =>
      lookup(fs, path, { base: '/', root: '/', creds: credentialsOf(task.creds), followFinal: true, noPermission: true });
    for (const field of ['cwd', 'root'] as const) {
      const path = task[field];
      if (path === undefined || !isAbsolute(path)) continue;
      const range = cx.rangeFor(`${at}.${field}`);
      if (!range) continue;
      const found = find(path);
      if (!found.ok) cx.report('error', 'missing-file', `${field} ${path} is not in the filesystem`, `add it: dir ${path}`, range);
      else if (found.inode.kind !== 'dir') cx.report('error', 'not-a-directory', `${field} ${path} is a ${found.inode.kind}, not a directory`, undefined, range);
    }
    if (task.exe !== undefined) {
      const range = cx.rangeFor(`${at}.exe`);
      if (!range) return;
      if (!isAbsolute(task.exe)) {
        cx.report('error', 'relative-path', `exe "${task.exe}" is not an absolute path`, 'the kernel records the program a task runs by its full path', range);
        return;
      }
      const found = find(task.exe);
      if (!found.ok) cx.report('warning', 'missing-file', `exe ${task.exe} is not in the filesystem`, `add it: file ${task.exe} elf`, range);
    }
  });
}
