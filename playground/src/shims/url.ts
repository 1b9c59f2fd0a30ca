/** `url` for @vscode/debugadapter in the browser: it only constructs URLs (file: URIs for paths). */
export const URL = globalThis.URL;
export default { URL };
