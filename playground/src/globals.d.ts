/** Values the bundler writes into the page (playground/webpack.config.js). */
declare const __EXECSIM_EXAMPLES__: ReadonlyArray<{ readonly name: string; readonly text: string }>;
declare const __EXECSIM_KEYWORDS__: readonly string[];
