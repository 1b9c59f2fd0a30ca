/**
 * `process` for @vscode/debugadapter in the browser: it reads `platform` to
 * convert client paths (none of the page's paths are Windows paths) and calls
 * `exit` only when it runs as a stand-alone executable, never inline.
 */
const browserProcess = {
  platform: 'browser',
  env: {} as Record<string, string | undefined>,
  exit(): never {
    throw new Error('process.exit is not available in the playground');
  },
};
export default browserProcess;
