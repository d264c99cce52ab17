#!/usr/bin/env bash
# Load and fault benchmarks at full size against the published server: 32 concurrent
# conversations, 1,000 sequential turns (one conversation, then a new conversation every 10
# turns) with the RSS curve, and a 100,000-line seeded fuzz of stdin. Prints the figures; exits
# non-zero only when the server got something wrong, never because a figure was slow.
# Usage: bash build/bench-load.sh [server-binary]   (default: publish to artifacts/server)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
BIN="${1:-${CODEX_MCP_SERVER:-}}"
dotnet restore Codex.Benchmarks/Codex.Benchmarks.csproj --nologo -v quiet >&2
if [ -z "$BIN" ]; then
  dotnet restore Codex.McpServer/Codex.McpServer.csproj --nologo -v quiet >&2
  publish_server
  BIN="$SERVER_BIN"
fi
dotnet build Codex.Benchmarks/Codex.Benchmarks.csproj -c Release --no-restore --nologo -v quiet >&2
BENCH=(dotnet "$ROOT/Codex.Benchmarks/bin/Release/net10.0/codex-benchmarks.dll" --server "$BIN")
SEED="${CODEX_BENCH_SEED:-42}"

status=0
"${BENCH[@]}" load --conversations 32 --turns 10 || status=1
"${BENCH[@]}" soak --turns 1000 --sample-every 100 || status=1
"${BENCH[@]}" soak --turns 1000 --sample-every 100 --turns-per-conversation 10 || status=1
"${BENCH[@]}" fuzz --lines 100000 --seed "$SEED" || status=1
exit $status
