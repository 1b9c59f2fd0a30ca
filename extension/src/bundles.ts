/**
 * The bundles of dist/ other than extension.js, required at run time: the
 * simulator (debug adapter, scenario language, sim-core) on first use, the
 * language client just after activation, so activating the extension does not
 * pay for parsing them.
 */
import type * as SimulatorModule from './simulator/main.js';

export type Simulator = typeof SimulatorModule;

/** Node's own require, which webpack leaves alone (the bundle is loaded at run time). */
declare const __non_webpack_require__: (id: string) => unknown;

/** Requires another bundle of dist/ at run time. */
export function bundleRequire(bundlePath: string): unknown {
  return __non_webpack_require__(bundlePath);
}

export function simulatorLoader(bundlePath: string): () => Simulator {
  let simulator: Simulator | undefined;
  return () => (simulator ??= bundleRequire(bundlePath) as Simulator);
}
