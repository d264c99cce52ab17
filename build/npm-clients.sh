#!/usr/bin/env bash
# Installs the real MCP clients the interop tests drive (the official TypeScript SDK and the MCP
# Inspector, pinned in build/common.sh) into artifacts/npm-clients. build/test.sh runs this step
# itself; run it alone before a filtered `dotnet test` of the interop tests, with
# CODEX_MCP_NPM_CLIENTS=artifacts/npm-clients exported (or left unset: that folder is the default).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_npm_clients
echo "$NPM_CLIENTS_DIR"
