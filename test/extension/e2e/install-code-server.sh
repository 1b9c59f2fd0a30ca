#!/usr/bin/env bash
# Installs code-server (VS Code 1.139 in a browser), which the end-to-end test
# of the extension drives, with the Node 24 it needs (extension/scripts/node24.sh),
# outside the project's node_modules in a cache directory reused when present:
#   EXECSIM_E2E_CACHE  (default: $HOME/.cache/execsim-e2e)
# Prints the code-server launcher's path on its last line. The postinstall
# builds native modules with node-gyp: Debian's libkrb5-dev and pkg-config.
set -euo pipefail
CODE_SERVER_VERSION=4.139.1
here="$(cd "$(dirname "$0")" && pwd)"
node_bin="$("$here/../../../extension/scripts/node24.sh")"
cache="${EXECSIM_E2E_CACHE:-$HOME/.cache/execsim-e2e}"
prefix="$cache/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$prefix/.installed" ]; then
  echo "installing code-server $CODE_SERVER_VERSION into $prefix (a few minutes)" >&2
  rm -rf "$prefix"
  mkdir -p "$prefix"
  # Native modules are built for Node 24's ABI with its headers (~/.npmrc may name others).
  PATH="$node_bin:$PATH" npm_config_nodedir="$(dirname "$node_bin")" \
    npm install --prefix "$prefix" --no-save --no-package-lock "code-server@$CODE_SERVER_VERSION" >&2
  touch "$prefix/.installed"
fi
echo "$prefix/node_modules/.bin/code-server"
