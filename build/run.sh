#!/usr/bin/env bash
# The first run. Without options: builds the server (NativeAOT), starts it, and drives it with the
# demo client (Codex.Demo): the agent fixes a failing test in a fresh temporary workspace while
# you approve its commands and patches. Without OPENAI_API_KEY the scripted model plays the task.
#
# Usage: bash build/run.sh [--yes] [--model NAME]   the demo (--yes: approve everything; also the
#                                                   default when stdin is not a terminal)
#        bash build/run.sh --serve [server options]  the bare server on this terminal's stdio
# CODEX_MCP_SERVER=<binary> uses that server instead of publishing one; CODEX_RUN_NO_BUILD=1 also
# reuses the demo's existing build, and CODEX_DEMO_HOME replaces its CODEX_HOME
# (artifacts/demo/codex-home); the CI tests of this script set all three.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SERVE=""
if [ "${1:-}" = "--serve" ]; then SERVE=yes; shift; fi
case "${1:-}" in -h|--help) sed -n '2,11p' "$0"; exit 0 ;; esac

BIN="${CODEX_MCP_SERVER:-}"
if [ -n "$BIN" ]; then
  [ -x "$BIN" ] || { echo "run.sh: CODEX_MCP_SERVER names '$BIN', which is not an executable file" >&2; exit 2; }
  BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
else
  echo "Building the server (NativeAOT publish; a few minutes the first time)" >&2
  dotnet restore Codex.McpServer/Codex.McpServer.csproj --nologo -v quiet >&2
  publish_server
  BIN="$SERVER_BIN"
fi

if [ -n "$SERVE" ]; then
  {
    echo "codex-mcp-server: $BIN"
    echo "Speaking MCP (JSON-RPC) on stdin/stdout; logs on stderr (CODEX_LOG=debug for more). Ctrl-D ends it."
    echo "Try it in the MCP Inspector:  npx @modelcontextprotocol/inspector@$INSPECTOR_VERSION $BIN"
    echo "  or from the command line:    npx @modelcontextprotocol/inspector@$INSPECTOR_VERSION --cli $BIN --method tools/list"
  } >&2
  exec "$BIN" "$@"
fi

# The sample task's tests are Python; the sandbox needs unshare(1).
ensure_debian_packages python3 util-linux
DEMO_DLL="$ROOT/Codex.Demo/bin/Release/net10.0/codex-demo.dll"
if [ "${CODEX_RUN_NO_BUILD:-}" != 1 ] || [ ! -f "$DEMO_DLL" ]; then
  echo "Building the demo client" >&2
  dotnet build Codex.Demo/Codex.Demo.csproj -c Release --nologo -v quiet >&2
fi
exec dotnet "$DEMO_DLL" --server "$BIN" --codex-home "${CODEX_DEMO_HOME:-$ARTIFACTS/demo/codex-home}" "$@"
