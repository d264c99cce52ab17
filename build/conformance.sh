#!/usr/bin/env bash
# The conformance harness against any Codex MCP server: the wire checks (Codex.Protocol.Tests
# Conformance/: JSON-RPC and MCP surface, whole turns, approvals) and the real clients (TypeScript
# SDK, C# SDK, MCP Inspector CLI) drive the server over stdio, each with a fresh CODEX_HOME whose
# config.toml points it at a scripted model on 127.0.0.1. Prints a feature matrix, one row per check
# (pass, FAIL, or a known difference of that server, from build/conformance-known-differences.tsv),
# writes it to artifacts/conformance-<server>.md, and exits non-zero only on an unexpected failure.
#
# Usage: bash build/conformance.sh                 our server (CODEX_MCP_SERVER, else artifacts/server's
#                                                  binary, published first when missing)
#        bash build/conformance.sh --original      the original Rust `codex mcp-server` 0.153.4,
#                                                  installed from npm into artifacts/conformance-original
#        bash build/conformance.sh --server "CMD"  any server command line, e.g. "node dist/index.js --stdio"
#        --name NAME                               the name in the report (default: from the command)
#        --no-run                                  rewrite the matrix from the last run's results
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CMD=""; NAME=""; ORIGINAL=""; RUN=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --original) ORIGINAL=yes ;;
    --server) CMD="$2"; shift ;;
    --name) NAME="$2"; shift ;;
    --no-run) RUN="" ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "conformance.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$RUN" ]; then
  [ -n "$ORIGINAL" ] && NAME="${NAME:-original-$ORIGINAL_VERSION}" && CMD="(original $ORIGINAL_VERSION)"
  CMD="${CMD:-(ours)}"; NAME="${NAME:-ours}"
elif [ -n "$ORIGINAL" ]; then
  install_original_codex "$ARTIFACTS/conformance-original" || { echo "conformance.sh: $ORIGINAL_MISSING" >&2; exit 1; }
  CMD="$ORIGINAL_BIN mcp-server"; NAME="${NAME:-original-$ORIGINAL_VERSION}"
elif [ -z "$CMD" ]; then
  BIN="${CODEX_MCP_SERVER:-$SERVER_BIN}"
  if [ ! -x "$BIN" ]; then
    echo "Publishing the server (NativeAOT)" >&2
    dotnet restore Codex.McpServer/Codex.McpServer.csproj --nologo -v quiet >&2
    publish_server
    BIN="$SERVER_BIN"
  fi
  CMD="$BIN"; NAME="${NAME:-ours}"
fi
if [ -z "$NAME" ]; then
  NAME=$(basename "${CMD%% *}")
fi
NAME=$(printf '%s' "$NAME" | tr -c 'A-Za-z0-9._-' '-')

RESULTS="$ARTIFACTS/conformance-$NAME"
if [ -n "$RUN" ]; then
ensure_npm_clients || echo "conformance.sh: the npm clients are missing; their rows will fail" >&2
echo "Building the conformance tests" >&2
dotnet build Codex.Protocol.Tests/Codex.Protocol.Tests.csproj -c Release --nologo -v quiet >&2

rm -rf "$RESULTS"
FILTER="FullyQualifiedName~Conformance.ServerConformanceTests|FullyQualifiedName~Conformance.TurnConformanceTests|FullyQualifiedName~Conformance.BeyondOriginalConformanceTests"
FILTER+="|FullyQualifiedName~Interop.OfficialClientInteropTests|FullyQualifiedName~Interop.OfficialClientTurnTests"
FILTER+="|FullyQualifiedName~Interop.TypeScriptSdkInteropTests|FullyQualifiedName~Interop.InspectorCliInteropTests"
echo "Running the conformance suite against: $CMD" >&2
CODEX_MCP_SERVER_CMD="$CMD" dotnet test Codex.Protocol.Tests/Codex.Protocol.Tests.csproj -c Release --no-build --nologo \
  --filter "$FILTER" --logger trx --results-directory "$RESULTS" >"$RESULTS.log" 2>&1 || true
fi

python3 - "$RESULTS" "$NAME" "$CMD" "$ROOT/build/conformance-known-differences.tsv" "$ARTIFACTS/conformance-$NAME.md" <<'PY'
import glob, re, sys, xml.etree.ElementTree as ET
results, name, cmd, known_path, out_path = sys.argv[1:]
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
known = []  # (server, test-name prefix, reason)
for line in open(known_path, encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        server, prefix, reason = line.rstrip("\n").split("\t")
        known.append((server, prefix, reason))
rows = []
for path in glob.glob(results + "/**/*.trx", recursive=True):
    root = ET.parse(path).getroot()
    classes = {d.get("id"): d.find("t:TestMethod", ns).get("className").split(".")[-1] for d in root.iterfind(".//t:UnitTest", ns)}
    for r in root.iterfind(".//t:UnitTestResult", ns):
        message = r.find("t:Output/t:ErrorInfo/t:Message", ns)
        rows.append((classes.get(r.get("testId"), "?"), r.get("testName"), r.get("outcome"), (message.text or "").strip() if message is not None else ""))
if not rows:
    sys.exit(f"conformance.sh: no test results in {results} (see {results}.log)")
rows.sort()
lines = [f"# Conformance: {name}", "", f"Server command: `{cmd}`", "",
         "| feature | check | result |", "|---|---|---|"]
failed = differences = passed = 0
for feature, test, outcome, message in rows:
    reason = next((k[2] for k in known if k[0] == name and test.startswith(k[1])), None)
    if outcome == "Passed":
        result = "pass"; passed += 1
    elif reason is not None:
        result = f"known difference: {reason}"; differences += 1
    else:
        first = re.sub(r"\s+", " ", message)[:160].replace("|", "\\|")
        result = f"**FAIL** ({outcome}): {first}"; failed += 1
    check = test.replace("|", "\\|")
    lines.append(f"| {feature} | `{check}` | {result} |")
summary = f"{passed} pass, {differences} known differences, {failed} fail ({len(rows)} checks)"
lines += ["", summary, ""]
text = "\n".join(lines)
open(out_path, "w", encoding="utf-8").write(text)
print(text)
print(f"written to {out_path}", file=sys.stderr)
sys.exit(1 if failed else 0)
PY
