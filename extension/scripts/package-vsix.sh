#!/usr/bin/env bash
# npm run package: bundles the extension (webpack, production) and packs
# extension/ into out/execsim.vsix with @vscode/vsce, run by Node 24.
# .vscodeignore keeps only what VS Code loads: the manifest, dist/, snippets,
# the icon, README, CHANGELOG and LICENSE.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
node_bin="$("$here/scripts/node24.sh")"
cd "$root"
"$node_bin/node" node_modules/webpack/bin/webpack.js --config extension/webpack.config.cjs --mode production
mkdir -p out
cd "$here"
"$node_bin/node" "$root/node_modules/@vscode/vsce/vsce" package --no-dependencies --allow-missing-repository --no-rewrite-relative-links --out "$root/out/execsim.vsix"
