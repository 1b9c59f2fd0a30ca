// Bundles the extension into one file per entry, in dist/:
//   extension.js        the VS Code glue, small (loads the others)
//   language-client.js  vscode-languageclient, required just after activation
//   language-server.js  the language server, started by the client over IPC
//   simulator.js        the inline debug adapter, Run Scenario and the phase
//                       catalogue, over sim-core; required on first use
// and copies the language server's TextMate grammar and language configuration
// beside them, so the .vsix holds dist/ and nothing of the sources.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');

const root = path.resolve(__dirname, '..');
const dist = path.resolve(__dirname, 'dist');

/** Files of the language server the manifest names, copied as they are. */
const ASSETS = {
  'syntaxes/execsim.tmLanguage.json': path.join(root, 'language-server/syntaxes/execsim.tmLanguage.json'),
  'language-configuration.json': path.join(root, 'language-server/language-configuration.json'),
};

class CopyAssets {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyAssets', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CopyAssets', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const [name, file] of Object.entries(ASSETS)) {
          compilation.fileDependencies.add(file);
          if (!fs.existsSync(file)) {
            compilation.errors.push(new webpack.WebpackError(`missing ${path.relative(root, file)} (the manifest contributes it)`));
            continue;
          }
          // Parsed and printed again: a syntax error fails the build, not VS Code.
          const json = JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')));
          compilation.emitAsset(name, new webpack.sources.RawSource(json));
        }
      });
    });
  }
}

/** @type {(env: Record<string, unknown>, argv: { mode?: string }) => import('webpack').Configuration} */
module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  return {
    context: root,
    target: 'node20',
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    entry: {
      extension: './extension/src/extension.ts',
      'language-client': './extension/src/language-client.ts',
      simulator: './extension/src/simulator/main.ts',
      'language-server': './language-server/src/lsp/main-node.ts',
    },
    output: {
      path: dist,
      filename: '[name].js',
      library: { type: 'commonjs2' },
      clean: true,
    },
    // vscode is the host's; nothing else is left outside the bundles.
    externals: { vscode: 'commonjs vscode' },
    resolve: {
      extensions: ['.ts', '.js'],
      // The sources import './x.js' (Node ESM style) for files that are './x.ts'.
      extensionAlias: { '.js': ['.ts', '.js'] },
      conditionNames: ['node', 'import', 'require', 'default'],
      mainFields: ['module', 'main'],
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: 'ts-loader', options: { configFile: path.join(__dirname, 'tsconfig.json'), transpileOnly: true, compilerOptions: { declaration: false, declarationMap: false, composite: false, sourceMap: !production } } },
        },
      ],
    },
    optimization: {
      // One file per entry: no shared chunks, no async chunks.
      splitChunks: false,
      minimize: production,
    },
    plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }), new CopyAssets()],
    performance: { hints: false },
    stats: 'errors-warnings',
  };
};
