/**
 * What the session needs from where it runs: reading scenario files, writing
 * a trace file, and the loaders for the scenario formats it knows. The
 * extension, the stdio executable and the browser playground each provide
 * one; the session itself does no I/O.
 */
import type { TraceSink } from '../adapter/trace-output.js';
import type { ScenarioLoader } from '../scenario/loader.js';

export interface DebugHost {
  readFile(path: string): Promise<string>;
  /** Opens (truncates) a trace file; absent where files cannot be written (the browser). */
  openTrace?(path: string): TraceSink;
  readonly loaders: readonly ScenarioLoader[];
}
