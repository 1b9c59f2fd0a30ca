// The browser playground's bundle: the page (initial chunk), the editor with
// the monaco-vscode stack (lazy chunk), the scenario language server (a web
// worker built from language-server/src) and Monaco's editor worker.
// Run after `tsc -b`: the keyword list is read from the compiled grammar.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import webpack from 'webpack';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

/** Every bundled example, in file order: the examples menu and the tests read this. */
function examples() {
  const dir = path.join(root, 'examples');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.execsim'))
    .sort()
    .map((file) => ({ name: file.replace(/\.execsim$/, ''), text: fs.readFileSync(path.join(dir, file), 'utf8') }));
}

/** The grammar's keywords (words only), collected from the generated grammar: the colouring follows the grammar. */
async function keywords() {
  const grammarModule = path.join(root, 'out', 'language-server', 'src', 'language', 'generated', 'grammar.js');
  if (!fs.existsSync(grammarModule)) throw new Error(`${grammarModule} is missing: run \`npx tsc -b\` before building the playground`);
  const { ExecsimGrammar } = await import(pathToFileURL(grammarModule).href);
  const words = new Set();
  const seen = new Set();
  const walk = (node) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (node.$type === 'Keyword' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(node.value)) words.add(node.value);
    for (const [key, value] of Object.entries(node)) if (!key.startsWith('$')) walk(value);
  };
  walk(ExecsimGrammar());
  return [...words].sort();
}

export default async (env = {}, argv = {}) => {
  const mode = argv.mode ?? 'production';
  const execsimKeywords = await keywords();
  const minimize = env.minify !== 'false' && mode === 'production';
  return {
    mode,
    context: here,
    target: 'web',
    entry: {
      main: './src/main.ts',
      'editor.worker': '@codingame/monaco-vscode-editor-api/esm/vs/editor/editor.worker.js',
    },
    output: {
      path: path.join(here, 'dist'),
      filename: '[name].js',
      chunkFilename: 'chunks/[name].[contenthash:8].js',
      assetModuleFilename: 'assets/[name].[contenthash:8][ext]',
      publicPath: 'auto',
      clean: true,
    },
    devtool: mode === 'development' ? 'source-map' : false,
    resolve: {
      extensions: ['.ts', '.js'],
      // The sources import their TypeScript siblings as `.js` (NodeNext).
      extensionAlias: { '.js': ['.ts', '.js'] },
      // @vscode/debugadapter's protocol server needs an EventEmitter and URL; nothing else of Node.
      fallback: { events: fileURLToPath(import.meta.resolve('events/')), url: path.join(here, 'src', 'shims', 'url.ts'), fs: false, path: false, net: false },
    },
    module: {
      rules: [
        { test: /\.ts$/, loader: 'ts-loader', options: { transpileOnly: true, configFile: path.join(here, 'tsconfig.json'), compilerOptions: { module: 'es2022', moduleResolution: 'bundler', sourceMap: mode === 'development' } } },
        { test: /[\\/]@vscode[\\/]debugadapter[\\/]lib[\\/].*\.js$/, loader: path.join(here, 'build', 'process-loader.cjs'), options: { shim: path.join(here, 'src', 'shims', 'process.ts') } },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.(ttf|woff2?|png|svg)$/, type: 'asset/resource' },
        { test: /\.wasm$/, type: 'asset/resource' },
        // monaco-languageclient's default worker loaders name workers by package path; we give our own loaders.
        { test: /monaco-languageclient[\\/]lib[\\/]worker[\\/]index\.js$/, parser: { url: false } },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({
        __EXECSIM_EXAMPLES__: JSON.stringify(examples()),
        __EXECSIM_KEYWORDS__: JSON.stringify(execsimKeywords),
      }),
      {
        // index.html: copied as it is (the page names main.js); build.json: how the bundle was built.
        apply(compiler) {
          compiler.hooks.thisCompilation.tap('execsim-html', (compilation) => {
            compilation.hooks.processAssets.tap({ name: 'execsim-html', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
              compilation.emitAsset('index.html', new webpack.sources.RawSource(fs.readFileSync(path.join(here, 'src', 'index.html'), 'utf8')));
              // How this bundle was built (the benchmark wants a minified one).
              compilation.emitAsset('build.json', new webpack.sources.RawSource(JSON.stringify({ mode, minified: minimize })));
            });
          });
        },
      },
    ],
    // `--env minify=false`: the same production bundle without minification, several times faster to
    // build (the tests build this way when the bundle is stale; `npm run playground:build` minifies).
    optimization: { minimize, chunkIds: 'named' },
    performance: { hints: false },
    stats: 'errors-warnings',
  };
};
