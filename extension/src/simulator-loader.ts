/**
 * The simulator (debug adapter, scenario language, sim-core) is a bundle of
 * its own, dist/simulator.js, required on first use: activating the extension
 * does not pay for parsing it.
 */
import type * as SimulatorModule from './simulator/main.js';

export type Simulator = typeof SimulatorModule;

/** Node's own require, which webpack leaves alone (the bundle is loaded at run time). */
declare const __non_webpack_require__: (id: string) => unknown;

export function simulatorLoader(bundlePath: string): () => Simulator {
  let simulator: Simulator | undefined;
  return () => (simulator ??= __non_webpack_require__(bundlePath) as Simulator);
}
