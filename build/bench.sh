#!/usr/bin/env bash
# The benchmark suite, side by side with the original Rust `codex mcp-server` 0.153.4: start-up,
# tools/list and turn latency, event throughput, the sandboxed `true` turn, memory, and 1,000
# sequential turns, with runs alternating between the two servers. Prints the table and writes
# BENCHMARKS.md at the repository root. Exits non-zero only when our server got something wrong,
# never because a figure was slow. About 6 minutes on the loaded 2-core machine with the native
# code up to date (the comparison itself ~5.5), 3-4.5 more when the NativeAOT publish starts afresh.
#
# Usage: bash build/bench.sh [options]
#   --with-original      install @openai/codex@0.153.4 from npm and compare (the default when npm works)
#   --without-original   measure ours alone
#   --original <path>    use this original `codex` binary instead of installing one
#   --server <path>      use this server binary instead of publishing one
#   --no-publish         reuse artifacts/server/codex-mcp-server when it exists
#   --quick              small counts: a smoke run of every section, writes nothing unless --markdown is given
#   --markdown <path>    write the document here (default: BENCHMARKS.md, not written with --quick)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
START=$SECONDS
ORIGINAL_DIR="$ARTIFACTS/bench-original"
WITH_ORIGINAL=auto
ORIGINAL_BIN=""
BIN="${CODEX_MCP_SERVER:-}"
PUBLISH=yes
QUICK=""
MARKDOWN="$ROOT/BENCHMARKS.md"
MARKDOWN_SET=""
COMMAND="bash build/bench.sh${*:+ $*}"
while [ $# -gt 0 ]; do
  case "$1" in
    --with-original) WITH_ORIGINAL=yes ;;
    --without-original) WITH_ORIGINAL=no ;;
    --original) ORIGINAL_BIN="$2"; WITH_ORIGINAL=yes; shift ;;
    --server) BIN="$2"; shift ;;
    --no-publish) PUBLISH=no ;;
    --quick) QUICK=--quick ;;
    --markdown) MARKDOWN="$2"; MARKDOWN_SET=yes; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$QUICK" ] && [ -z "$MARKDOWN_SET" ]; then MARKDOWN=""; fi

# The original: installed by build/common.sh's install_original_codex (shared with conformance.sh).
ORIGINAL_MISSING=""
install_original() { install_original_codex "$ORIGINAL_DIR"; }
if [ "$WITH_ORIGINAL" = no ]; then
  ORIGINAL_MISSING="not requested (--without-original)"
elif [ -z "$ORIGINAL_BIN" ]; then
  if ! install_original; then
    [ "$WITH_ORIGINAL" = yes ] && { echo "bench.sh: $ORIGINAL_MISSING" >&2; exit 1; }
    echo "bench.sh: measuring ours alone: $ORIGINAL_MISSING" >&2
  fi
fi

dotnet restore Codex.Benchmarks/Codex.Benchmarks.csproj --nologo -v quiet >&2
if [ -z "$BIN" ]; then
  if [ "$PUBLISH" = no ] && [ -x "$SERVER_BIN" ]; then
    echo "Reusing $SERVER_BIN" >&2
  else
    echo "Publishing the server (NativeAOT)" >&2
    dotnet restore Codex.McpServer/Codex.McpServer.csproj --nologo -v quiet >&2
    publish_server
  fi
  BIN="$SERVER_BIN"
fi
dotnet build Codex.Benchmarks/Codex.Benchmarks.csproj -c Release --no-restore --nologo -v quiet >&2

# Item 7 hook: the BenchmarkDotNet micro-benchmarks live in their own project (Codex.MicroBenchmarks);
# when it exists, run all of them and hand their markdown summaries to BENCHMARKS.md.
MICRO=()
if [ -d "$ROOT/Codex.MicroBenchmarks" ] && [ -z "$QUICK" ]; then
  echo "Running the micro-benchmarks (Codex.MicroBenchmarks)" >&2
  rm -rf "$ARTIFACTS/micro"
  dotnet run -c Release --project Codex.MicroBenchmarks -- --filter '*' --artifacts "$ARTIFACTS/micro" >&2 \
    || echo "bench.sh: the micro-benchmarks failed; BENCHMARKS.md will say they were not run" >&2
  MICRO=(--micro-results "$ARTIFACTS/micro/results")
fi

mkdir -p "$ARTIFACTS/bench"
ARGS=(compare --server "$BIN" --command-line "$COMMAND" --soak-csv "$ARTIFACTS/bench/soak-turns.csv" $QUICK "${MICRO[@]}")
if [ -n "$ORIGINAL_BIN" ]; then ARGS+=(--original "$ORIGINAL_BIN"); else ARGS+=(--original-missing "$ORIGINAL_MISSING"); fi
if [ -n "$MARKDOWN" ]; then ARGS+=(--markdown "$MARKDOWN"); fi
status=0
dotnet "$ROOT/Codex.Benchmarks/bin/Release/net10.0/codex-benchmarks.dll" "${ARGS[@]}" || status=$?
echo "bench.sh took $(( (SECONDS - START) / 60 )) min $(( (SECONDS - START) % 60 )) s" >&2
exit $status
