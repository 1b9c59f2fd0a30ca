// Gives @vscode/debugadapter's CommonJS files a local `process` (the browser
// shim: `platform` only) instead of a page-wide global, so no other package
// in the bundle mistakes the page for Node.
module.exports = function processLoader(source) {
  const { shim } = this.getOptions();
  return `var process = require(${JSON.stringify(shim)}).default;\n${source}`;
};
