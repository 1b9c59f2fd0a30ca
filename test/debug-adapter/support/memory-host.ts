/** A host that serves scenario files from memory, for sessions run inline in a test. */
import type { DebugHost } from '../../../debug-adapter/src/index.js';
import { defaultLoaders } from '../../../debug-adapter/src/index.js';

export class MemoryHost implements DebugHost {
  readonly loaders = defaultLoaders();
  readonly traces = new Map<string, string[]>();

  constructor(private readonly files: ReadonlyMap<string, string>) {}

  async readFile(path: string): Promise<string> {
    const text = this.files.get(path);
    if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
    return text;
  }

  openTrace(path: string) {
    const lines: string[] = [];
    this.traces.set(path, lines);
    return { write: (t: string) => void lines.push(t), close: () => undefined };
  }
}
