/**
 * The host for Node: scenario files and trace files on the local disk, and
 * every scenario format this build reads (JSON and `.execsim`).
 */
import * as fs from 'node:fs';
import type { DebugHost } from '../dap/host.js';
import type { TraceSink } from '../adapter/trace-output.js';
import type { ScenarioLoader } from '../scenario/loader.js';
import { allScenarioLoaders } from '../composition/scenario-loaders.js';

export class NodeHost implements DebugHost {
  /** JSON scenarios and the scenario language (`.execsim`), unless told otherwise. */
  constructor(readonly loaders: readonly ScenarioLoader[] = allScenarioLoaders()) {}

  readFile(path: string): Promise<string> {
    return fs.promises.readFile(path, 'utf8');
  }

  openTrace(path: string): TraceSink {
    const fd = fs.openSync(path, 'w');
    let open = true;
    return {
      write: (text) => {
        if (open) fs.writeSync(fd, text + '\n');
      },
      close: () => {
        if (!open) return;
        open = false;
        fs.closeSync(fd);
      },
    };
  }
}
